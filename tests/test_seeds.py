"""The founding articles (../shared/seeds) end to end, and accuracy floors on every gold set.

The floors sit a little below today's measured figures (README), so a change that loses accuracy
fails here; they are general-mechanism results, no rule names a seed article's people.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tacitus.document import Document
from tacitus.evaluate.runner import run_evaluation
from tacitus.ingest.readers import ReadOptions, read_paths

SEEDS = {"000_netanyahu_moscow_2016.txt": dt.date(2016, 6, 3), "003_kremlin_common_approach_2022.txt": dt.date(2022, 11, 7)}
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds(shared_dir, pipeline) -> dict[str, Document]:
    out = {}
    for name, date in SEEDS.items():
        (doc,) = list(read_paths([shared_dir / "seeds" / name], ReadOptions(date=date)))
        out[name] = next(pipeline.process([doc]))
    return out


def events(doc: Document) -> list[tuple]:
    return [(e.source.code if e.source else None, e.plover, e.target.code if e.target else None, e.status, e) for e in doc.events]


def codes_of(doc: Document, actor_id: str) -> set[str]:
    return {m.code for m in doc.mentions if m.actor_id == actor_id}


def test_people_resolve_by_role_at_the_article_date(seeds):
    d16, d22 = seeds["000_netanyahu_moscow_2016.txt"], seeds["003_kremlin_common_approach_2022.txt"]
    assert codes_of(d16, "person:benjamin-netanyahu") == {"ISRGOV"}
    assert "ISROPP" in codes_of(d22, "person:benjamin-netanyahu")
    # "Dmitry Paskov" is the article's misspelling of Peskov.
    assert any(m.text == "Dmitry Paskov" and m.actor_id == "person:dmitry-peskov" and m.code == "RUSGOV" for m in d16.mentions)
    assert codes_of(d22, "person:vladimir-putin") == {"RUSGOV"}
    assert codes_of(d22, "person:dmitry-medvedev") == {"RUSGOV"}
    assert any(m.text == "Iran" and m.code == "IRN" for m in d22.mentions)
    assert any(m.text == "the Kremlin" and m.code == "RUSGOV" for m in d22.mentions)
    assert any(m.text == "Moscow" and m.code == "RUSGOV" for m in d22.mentions)  # "Moscow may be willing ..."
    assert d22.actors["person:lazar-berman"].code == "ISRMED"  # from the byline bio


def test_the_2016_events(seeds):
    found = events(seeds["000_netanyahu_moscow_2016.txt"])
    visit = [e for s, p, t, st, e in found if (s, p, t, st) == ("ISRGOV", "CONSULT", "RUS", "planned")]
    assert visit and visit[0].date == "2016-06-06" and visit[0].attribution == "a top political source"
    assert any((s, p, t, st) == ("ISRGOV", "AGREE", "RUSGOV", "asserted") for s, p, t, st, _ in found)
    assert any((s, p, t, st) == ("RUSGOV", "RETREAT", "ISR", "asserted") for s, p, t, st, _ in found)


def test_the_2022_events(seeds):
    found = events(seeds["003_kremlin_common_approach_2022.txt"])
    assert any((s, p, t, st) == ("RUS", "THREATEN", "ISR", "asserted") and e.attribution == "Bloomberg" for s, p, t, st, e in found)
    assert any((s, p, t, st) == ("RUSGOV", "THREATEN", "ISR", "asserted") for s, p, t, st, _ in found)  # Medvedev
    assert any((s, p, t, st) == ("IRN", "AID", "RUSGOV", "asserted") for s, p, t, st, _ in found)
    assert any((s, p, t, st) == ("ISROPP", "AID", "UKR", "hypothetical") for s, p, t, st, _ in found)
    assert not any(p == "AID" and t == "UKR" and st == "asserted" for s, p, t, st, _ in found)


def test_quotes_have_speakers(seeds):
    quotes = seeds["003_kremlin_common_approach_2022.txt"].quotes
    assert any(q.text.startswith("We definitely value") and q.speaker and q.speaker.code == "RUSGOV" for q in quotes)


def test_seeds_gold_floor(shared_dir, pipeline):
    m = run_evaluation(shared_dir / "gold" / "seeds.gold.jsonl", shared_dir / "seeds", pipeline=pipeline)
    assert m["f1"] >= 0.90 and m["false_assertion_rate"] <= 0.05 and m["status_accuracy"] >= 0.90, m


def test_own_cases_floor(pipeline):
    m = run_evaluation(REPO / "tests" / "data" / "event_cases.gold.jsonl", pipeline=pipeline)
    assert m["f1"] >= 0.85 and m["false_assertion_rate"] <= 0.02 and m["status_accuracy"] >= 0.95, m


def test_plover_records_floor(shared_dir, pipeline):
    m = run_evaluation(shared_dir / "gold" / "plover_gsr_cameo.json", pipeline=pipeline)
    assert m["actor_country_accuracy"] >= 0.89 and m["actor_sector_accuracy"] >= 0.75, m
    assert m["dyad_recall"] >= 0.70 and m["type_accuracy"] >= 0.78, m  # issue 4's targets: 0.70 and 0.75
