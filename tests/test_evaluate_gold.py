"""Gold loading (both formats, told apart by shape), the runner and ``tacitus evaluate``, with a
fake pipeline: nothing here loads spaCy."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.document import Actor, ActorRef, Document, Event, Mention, Span
from tacitus.errors import DataFileError, InputError
from tacitus.evaluate import runner
from tacitus.evaluate.gold import PLOVER, SEEDS, load_gold
from tacitus.evaluate.runner import run_evaluation

COMMON = {
    "gold",
    "format",
    "documents",
    "gold_events",
    "predicted_events",
    "precision",
    "recall",
    "f1",
    "false_assertion_rate",
    "status_accuracy",
    "full_code_f1",
    "per_type",
}


# ---------------------------------------------------------------------------- the shared gold files


def test_shared_gold_files_load(shared_dir: Path) -> None:
    seeds = load_gold(shared_dir / "gold" / "seeds.gold.jsonl")
    assert seeds.format == SEEDS
    assert (len(seeds.documents), seeds.event_count) == (2, 30)
    first = seeds.documents[0]
    assert first.doc_id == "000_netanyahu_moscow_2016.txt" and first.date.isoformat() == "2016-06-03"
    assert "Netanyahu" in first.text  # read from ../seeds, the default documents folder

    records = load_gold(shared_dir / "gold" / "plover_gsr_cameo.json")
    assert records.format == PLOVER
    assert (len(records.documents), records.event_count) == (322, 322)  # the DOCUMENT record is skipped
    types = {d.events[0]["plover"] for d in records.documents}
    assert not types & {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "DOCUMENT"}
    assert {"REQUEST", "ACCUSE", "ASSAULT"} <= types
    one_sided = [d for d in records.documents if not d.events[0]["target"]]
    assert one_sided and all(d.events[0]["source"] for d in one_sided)


def test_formats_are_told_apart_by_shape_not_name(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"  # a JSON list, whatever the name says
    records.write_text(json.dumps([{"id": "r1", "event": "FIGHT", "text": "A hit B.", "source": []}]))
    loaded = load_gold(records)
    assert loaded.format == PLOVER and loaded.documents[0].events[0]["plover"] == "ASSAULT"
    lines = tmp_path / "gold.json"
    lines.write_text(json.dumps({"doc": "x", "text": "Inline.", "events": []}) + "\n")
    assert load_gold(lines).format == SEEDS


def test_bad_gold_files_say_what_is_wrong(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "a.txt"}\n')
    with pytest.raises(DataFileError, match="bad.jsonl:1"):
        load_gold(bad)
    bad.write_text(json.dumps({"text": "x", "events": [{"id": "e1", "source": "ISR", "plover": "AID"}]}))
    with pytest.raises(DataFileError, match="lacks target"):
        load_gold(bad)
    missing = tmp_path / "gold" / "g.jsonl"
    missing.parent.mkdir()
    missing.write_text(json.dumps({"doc": "absent.txt", "events": []}))
    with pytest.raises(InputError, match="--docs"):
        load_gold(missing)


# ---------------------------------------------------------------------------- a fake pipeline


def event(doc_id: str, source: str | None, target: str | None, plover: str, cameo: str, status: str) -> Event:
    def ref(code: str | None) -> ActorRef | None:
        return ActorRef(code, code, None, 0, 0) if code else None

    return Event(
        id=f"{doc_id}-{plover}",
        doc_id=doc_id,
        sentence_index=0,
        source=ref(source),
        target=ref(target),
        plover=plover,
        mode="",
        context="",
        cameo=cameo,
        goldstein=0.0,
        quad_class=1,
        status=status,
        attribution=None,
        date=None,
        date_precision=None,
        date_text=None,
        place=None,
        trigger=Span("", 0, 0),
        sentence="",
        confidence=1.0,
    )


class FakePipeline:
    """Codes each document with the events (and actors) a test gives it, by doc_id."""

    def __init__(
        self, events: dict[str, list[tuple[Any, ...]]], actors: dict[str, list[tuple[str, str]]]
    ) -> None:
        self.events, self.actors, self.seen = events, actors, []

    def process(self, documents: Iterable[Document]) -> Iterator[Document]:
        for doc in documents:
            self.seen.append(doc.doc_id)
            doc.events = [event(doc.doc_id, *e) for e in self.events.get(doc.doc_id, [])]
            for n, (code, words) in enumerate(self.actors.get(doc.doc_id, [])):
                start = doc.original.index(words)
                doc.actors[f"a{n}"] = Actor(f"a{n}", words, "country", code=code)
                doc.mentions.append(Mention(start, start + len(words), words, f"a{n}", code, 0))
            yield doc


@pytest.fixture
def seeds_gold(tmp_path: Path) -> Path:
    """A two-document gold file in the GUIDELINES.md format, one text in a file, one inline."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "one.txt").write_text("Israel and Russia met. Russia warned Israel.")
    lines = [
        {
            "doc": "one.txt",
            "pub_date": "2016-06-03",
            "events": [
                {
                    "id": "a",
                    "source": "ISRGOV",
                    "target": "RUSGOV",
                    "plover": "CONSULT",
                    "cameo": "043",
                    "symmetric": True,
                },
                {"id": "b", "source": "RUS", "target": "ISR", "plover": "THREATEN", "cameo": "130"},
            ],
        },
        {
            "doc": "two",
            "text": "Israel may supply Ukraine.",
            "events": [
                {
                    "id": "c",
                    "source": "ISR",
                    "target": "UKR",
                    "plover": "AID",
                    "cameo": "072",
                    "status": "hypothetical",
                }
            ],
        },
    ]
    gold = tmp_path / "gold" / "g.gold.jsonl"
    gold.parent.mkdir()
    gold.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return gold


SEEDS_PREDICTIONS = {
    "one.txt": [
        ("RUSGOV", "ISRGOV", "CONSULT", "040", "asserted"),
        ("RUS", "ISR", "ACCUSE", "111", "asserted"),
    ],
    "two": [("ISR", "UKR", "AID", "072", "asserted")],
}


def test_run_evaluation_with_a_fake_pipeline(seeds_gold: Path) -> None:
    fake = FakePipeline(SEEDS_PREDICTIONS, {"one.txt": [("ISR", "Israel")]})
    result = run_evaluation(seeds_gold, pipeline=fake)
    assert set(result) == COMMON | {"actor_recall"}
    assert (result["format"], result["gold"]) == ("seeds", str(seeds_gold))
    assert (result["documents"], result["gold_events"], result["predicted_events"]) == (2, 3, 3)
    # CONSULT matches (symmetric); ACCUSE is the wrong type; AID asserts a hypothetical event
    assert result["precision"] == pytest.approx(1 / 3)
    assert result["recall"] == 0.5
    assert result["false_assertion_rate"] == pytest.approx(1 / 3)
    assert result["status_accuracy"] == 0.5
    assert result["per_type"]["THREATEN"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert result["actor_recall"] == pytest.approx(2 / 6)  # the ISR token of ISRGOV and ISR in one.txt
    assert fake.seen == ["one.txt", "two"]

    limited = FakePipeline(SEEDS_PREDICTIONS, {})
    assert run_evaluation(seeds_gold, pipeline=limited, limit=1)["documents"] == 1 and limited.seen == [
        "one.txt"
    ]


def test_run_evaluation_on_plover_records(tmp_path: Path) -> None:
    text = "Japan said on Tuesday it had halted economic aid to Serbia."
    records = [
        {"id": "doc", "event": "DOCUMENT"},
        {
            "id": "r1",
            "date": "2000-01-01",
            "event": "SANCTION",
            "text": text,
            "source": [{"actorText": "Japan", "code": "JAP"}],
            "target": [{"actorText": "Serbia", "code": "SRB", "sector": "GOV"}],
        },
    ]
    gold = tmp_path / "gsr.json"
    gold.write_text(json.dumps(records))
    fake = FakePipeline(
        {"r1": [("JPN", "SRB", "SANCTION", "160", "asserted")]}, {"r1": [("JPN", "Japan"), ("SRB", "Serbia")]}
    )
    result = run_evaluation(gold, pipeline=fake)
    assert set(result) == COMMON | {
        "dyad_recall",
        "type_accuracy",
        "actor_country_accuracy",
        "actor_sector_accuracy",
    }
    assert (result["documents"], result["f1"], result["dyad_recall"], result["type_accuracy"]) == (
        1,
        1.0,
        1.0,
        1.0,
    )
    assert result["actor_country_accuracy"] == 1.0
    assert result["actor_sector_accuracy"] == 0.5  # Serbia was coded without its GOV sector
    assert result["full_code_f1"] == 0.0


def test_nothing_predicted_gives_honest_zeros(shared_dir: Path) -> None:
    result = run_evaluation(shared_dir / "gold" / "seeds.gold.jsonl", pipeline=FakePipeline({}, {}))
    assert result["gold_events"] == 30 and result["predicted_events"] == 0
    assert result["precision"] == result["recall"] == result["f1"] == result["actor_recall"] == 0.0


# ---------------------------------------------------------------------------- the command


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> FakePipeline:
    fake = FakePipeline(SEEDS_PREDICTIONS, {})
    monkeypatch.setattr(runner, "make_pipeline", lambda: fake)
    return fake


def test_cli_json(seeds_gold: Path, fake_pipeline: FakePipeline) -> None:
    out = CliRunner().invoke(main, ["evaluate", "--gold", str(seeds_gold), "--json", "--show-errors"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert result["recall"] == 0.5 and result["format"] == "seeds"
    assert {e["kind"] for e in result["errors"]} == {"missed", "false_positive", "false_assertion"}


def test_cli_table(seeds_gold: Path, fake_pipeline: FakePipeline) -> None:
    out = CliRunner().invoke(main, ["evaluate", "--gold", str(seeds_gold), "--limit", "1", "--show-errors"])
    assert out.exit_code == 0, out.output
    assert "recall (dyad-type)" in out.output and "THREATEN" in out.output and "missed" in out.output
    assert fake_pipeline.seen == ["one.txt"]


def test_cli_reports_a_missing_document_plainly(
    seeds_gold: Path, tmp_path: Path, fake_pipeline: FakePipeline
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = CliRunner().invoke(main, ["evaluate", "--gold", str(seeds_gold), "--docs", str(empty)])
    assert out.exit_code == 1 and "one.txt" in out.output and "Traceback" not in out.output
