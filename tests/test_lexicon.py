"""The event-trigger lexicon: its data files, its loader, and the gold event cases written for it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from tacitus.document import STATUSES
from tacitus.errors import DataFileError
from tacitus.events.lexicon import (
    DEFAULT_FILES,
    DEFAULT_NOUN_TARGETS,
    DEFAULT_TARGETS,
    LEMMA_FIXES,
    Lexicon,
    TriggerEntry,
    default_lexicon,
    lemma_of,
    load_lexicon,
)

try:
    from tacitus.events import ontology
except ImportError:  # the ontology module is written separately; its checks are skipped without it
    ontology = None  # type: ignore[assignment]

GOLD = Path(__file__).parent / "data" / "event_cases.gold.jsonl"
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
# CAMEO 01 (make public statement) has no PLOVER type: the crosswalk drops it, so the lexicon
# has no 01 entries. CAMEO 02 (appeal) is coded REQUEST in Tacitus, as the gold set does.
ROOTS = [f"{r:02d}" for r in range(2, 21)]
ACTOR_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")


def write(tmp_path: Path, text: str, name: str = "lex.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def gold_cases() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


# -- the shipped lexicon --------------------------------------------------------------------------


def test_shipped_lexicon_is_loaded_once():
    # How long loading takes is measured by bench/lexicons.py, not asserted here.
    assert default_lexicon() is default_lexicon()
    assert load_lexicon(*DEFAULT_FILES) is not default_lexicon()  # an explicit load reads the files again


def test_shipped_lexicon_size_and_coverage():
    lex = default_lexicon()
    assert len(lex) >= 400
    assert len(lex.lemmas("verb")) >= 250 and len(lex.lemmas("noun")) >= 100
    roots = {e.root for e in lex}
    assert [r for r in ROOTS if r not in roots] == []
    assert "01" not in roots


def test_every_cameo_code_is_valid_and_has_a_plover_type():
    if ontology is None:
        pytest.skip("tacitus.events.ontology is not there yet")
    for entry in default_lexicon():
        assert ontology.is_valid_cameo(entry.cameo), entry.origin
        assert ontology.cameo(entry.cameo).plover in PLOVER_TYPES, entry.origin


def test_codes_map_to_plover_in_the_crosswalk(shared_dir):
    text = (shared_dir / "reference" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    crosswalk = {m.group(1) for m in re.finditer(r"^(\d{2,4}):\s*[A-Z]+", text, re.M)}
    missing = {e.cameo for e in default_lexicon() if e.root != "02" and e.cameo not in crosswalk}
    assert missing == set()


def test_every_entry_names_its_origin_and_has_an_example():
    for entry in default_lexicon():
        assert re.match(r"^(verbs|nouns)\.yaml:\d+$", entry.origin)
        assert entry.example, entry.origin


def test_examples_trigger_their_own_entry(nlp):
    """Every entry's example, parsed by the pinned spaCy model, selects that very entry."""
    lex = default_lexicon()
    entries = list(lex)
    failures = []
    for entry, doc in zip(entries, nlp.pipe(e.example for e in entries), strict=True):
        if entry not in {lex.match(t) for t in doc}:
            failures.append(f"{entry.origin} {entry.lemma} {entry.cameo}: {entry.example}")
    assert failures == []


@pytest.mark.parametrize(
    ("sentence", "word", "cameo"),
    [
        ("France called on Russia to withdraw its troops.", "called", "020"),
        ("Erdogan called Putin on Tuesday.", "called", "041"),  # "on Tuesday" is not "call on"
        ("Iran supplied Russia with attack drones.", "supplied", "072"),
        ("Iran supplied Venezuela with gasoline.", "supplied", "070"),
        ("Turkey struck a deal with Sweden.", "struck", "030"),
        ("Israel struck targets in Lebanon.", "struck", "190"),
        ("The prime minister stepped down on Monday.", "stepped", "0831"),
        ("Russian troops pulled back from Kyiv.", "pulled", "0874"),
        ("Iran walked out of the talks.", "walked", "164"),
        ("Prosecutors accused the former president of corruption.", "accused", "1121"),
        ("Turkey hosts millions of Syrian refugees.", "hosts", "073"),
        ("The government declared a state of emergency.", "declared", "1724"),
        ("Belarus staged drills with Russia.", "staged", "062"),  # spaCy's lemma is "stag"
        ("The government met the demands of the protesters.", "met", "083"),
        # light verbs, particles and adverbs that pick a reading (coverage pass)
        ("The minister defended Iraq against Western criticism.", "defended", "052"),  # not 074
        ("The Lebanese army defended the border against the militants.", "defended", "074"),
        ("The union called off its strike.", "called", "082"),  # not 143 "called a strike"
        ("The union called a general strike.", "called", "143"),
        ("Britain called for sanctions against Belarus.", "called", "113"),
        ("Border guards sexually abused the migrants.", "abused", "1821"),  # not 182
        ("Armed men hacked two villagers to death.", "hacked", "1823"),  # not 171
        ("Hamas held the soldiers hostage.", "held", "181"),
        ("India pulled out of the talks with Pakistan.", "pulled", "164"),  # not 160 (treaties)
        ("Opposition deputies walked out of parliament.", "walked", "143"),
        ("The court ordered the minister to appear before it.", "ordered", "100"),
    ],
)
def test_match_picks_the_most_specific_reading(nlp, sentence, word, cameo):
    token = next(t for t in nlp(sentence) if t.text == word)
    entry = default_lexicon().match(token)
    assert entry is not None and entry.cameo == cameo


def test_passive_ok_false_blocks_the_passive(nlp):
    token = next(t for t in nlp("The proposal was met with criticism.") if t.text == "met")
    assert default_lexicon().match(token) is None


def test_spacy_lemma_fixes(nlp):
    lex = default_lexicon()
    assert "stag" in lex.lemmas("verb")
    assert lex.entries_for("verb", "stag") == lex.entries_for("verb", "stage")
    assert all(right in lex.lemmas("verb") for (pos, _), right in LEMMA_FIXES.items() if pos == "verb")
    token = next(t for t in nlp("Militiamen raped women in Darfur.") if t.text == "raped")
    assert lemma_of(token) == "rape"
    token = next(t for t in nlp("The court rapped the ministry.") if t.text == "rapped")
    assert lemma_of(token) != "rape"


# -- the loader -----------------------------------------------------------------------------------


def test_specificity_orders_entries(tmp_path):
    path = write(
        tmp_path,
        """
- verb: supply
  cameo: "070"
- verb: supply
  object: [drone, weapon]
  cameo: "072"
- verb: supply
  particle: back
  object: [drone]
  cameo: "0842"
- verb: supply
  prep: to
  cameo: "070"
""",
    )
    lex = load_lexicon(path)
    found = lex.entries_for("verb", "Supply")
    assert [e.specificity for e in found] == [2, 1, 1, 0]
    assert [e.cameo for e in found] == ["0842", "072", "070", "070"]  # ties keep file order
    assert found[0].origin == "lex.yaml:7"
    assert lex.entries_for("noun", "supply") == []
    assert lex.lemmas("verb") == {"supply"} and len(lex) == 4 and list(lex)[0].cameo == "070"


def test_defaults_and_label_alias(tmp_path):
    path = write(
        tmp_path,
        """
- verb: give
  cameo: "070"
  target: [to, dative]
- verb: warn
  cameo: "130"
- noun: attack
  cameo: "190"
""",
    )
    give, warn, attack = load_lexicon(path)
    assert give.target == ("to", "iobj")
    assert warn.target == DEFAULT_TARGETS and warn.source == "subject" and warn.passive_ok
    assert attack.target == DEFAULT_NOUN_TARGETS and attack.source == "possessor"
    assert not attack.symmetric and not attack.negative


def test_extend_prefers_the_other_lexicon_on_ties():
    shipped = Lexicon([TriggerEntry("verb", "strike", "190"), TriggerEntry("verb", "strike", "030", object=frozenset({"deal"}))])
    user = Lexicon([TriggerEntry("verb", "strike", "143")])
    both = shipped.extend(user)
    assert len(both) == 3 and len(shipped) == 2
    assert [e.cameo for e in both.entries_for("verb", "strike")] == ["030", "143", "190"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('- verb: warn\n  cameo: "130"\n  colour: red\n', "unknown key(s) colour"),
        ('- verb: warn\n  cameo: "7a2"\n', "is not a CAMEO event code"),
        ("- verb: warn\n  cameo: 130\n", "must be a quoted string"),
        ('- verb: warn\n  particle: on\n  cameo: "130"\n', "quote the word"),
        ('- verb: warn\n  object: [on, off]\n  cameo: "130"\n', "yes/no"),
        ("- verb: warn\n", "has no `cameo:` code"),
        ('- verb: warn\n  noun: warning\n  cameo: "130"\n', "exactly one of `verb:` or `noun:`"),
        ('- cameo: "130"\n', "exactly one of `verb:` or `noun:`"),
        ('- verb: Warn Off\n  cameo: "130"\n', "is not a lowercase lemma"),
        ('- verb: warn\n  object: weapon\n  cameo: "130"\n', "object must be a non-empty list"),
        ('- verb: warn\n  target: [dobj, beside_of]\n  cameo: "130"\n', "must be a lowercase word"),
        ('- verb: warn\n  target: [nsubj]\n  cameo: "130"\n', "neither a dependency label"),
        ('- verb: warn\n  prep: beyondish\n  cameo: "130"\n', "is not a preposition"),
        ('- verb: warn\n  symmetric: "yes"\n  cameo: "130"\n', "symmetric must be true or false"),
        ("verb: warn\n", "a YAML list of entries"),
        ("- verb: warn\n  cameo: [130\n", "not valid YAML"),
        ('- verb: warn\n  cameo: "130"\n- verb: warn\n  cameo: "138"\n', "overlaps the entry at lex.yaml:1"),
        (
            '- verb: send\n  object: [tank, jet]\n  cameo: "072"\n- verb: send\n  object: [jet]\n  cameo: "154"\n',
            "overlaps the entry at lex.yaml:1 (jet)",
        ),
    ],
)
def test_schema_errors_name_file_line_and_entry(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as err:
        load_lexicon(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)
    assert str(err.value).startswith("[T003]")


def test_error_names_the_line_of_the_bad_entry(tmp_path):
    path = write(tmp_path, '- verb: warn\n  cameo: "130"\n\n- verb: threaten\n  cameo: "130"\n  when: now\n')
    with pytest.raises(DataFileError, match=r"lex\.yaml:4: entry \(verb='threaten', cameo='130'\)"):
        load_lexicon(path)


def test_unknown_code_rejected_by_the_ontology(tmp_path):
    if ontology is None:
        pytest.skip("tacitus.events.ontology is not there yet")
    with pytest.raises(DataFileError, match="is not a CAMEO event code"):
        load_lexicon(write(tmp_path, '- verb: warn\n  cameo: "999"\n'))


def test_missing_file_and_empty_file(tmp_path):
    with pytest.raises(DataFileError, match="cannot read"):
        load_lexicon(tmp_path / "nope.yaml")
    assert len(load_lexicon(write(tmp_path, "# nothing yet\n"))) == 0


# -- the gold event cases -------------------------------------------------------------------------


def test_gold_cases_parse_and_are_well_formed():
    cases = gold_cases()
    assert len(cases) >= 150
    assert len({c["doc"] for c in cases}) == len(cases)
    assert sum(1 for c in cases if not c["events"]) >= 20
    ids = [e["id"] for c in cases for e in c["events"]]
    assert len(set(ids)) == len(ids)
    for case in cases:
        assert set(case) == {"doc", "pub_date", "text", "events"}, case["doc"]
        dt.date.fromisoformat(case["pub_date"])
        assert 0 < len(case["text"]) < 400
        for e in case["events"]:
            where = f"{case['doc']} {e['id']}"
            assert {"id", "source", "target", "plover", "cameo", "status", "trigger", "symmetric"} <= set(e), where
            assert set(e) <= {"id", "source", "target", "plover", "plover_alt", "cameo", "status", "trigger",
                              "symmetric", "optional", "sentence", "attribution", "note"}, where
            assert ACTOR_CODE.match(e["source"]) and ACTOR_CODE.match(e["target"]), where
            assert e["source"] != e["target"], where
            assert e["plover"] in PLOVER_TYPES and set(e.get("plover_alt", [])) <= PLOVER_TYPES, where
            assert re.match(r"^\d{2,4}$", e["cameo"]) and e["cameo"][:2] != "01", where
            assert e["status"] in STATUSES, where
            assert isinstance(e["symmetric"], bool) and isinstance(e.get("optional", False), bool), where
            assert e["trigger"] in case["text"], where


def test_gold_cases_cover_roots_statuses_and_types():
    events = [e for c in gold_cases() for e in c["events"]]
    assert {e["cameo"][:2] for e in events} >= set(ROOTS)
    assert {e["plover"] for e in events} == PLOVER_TYPES
    assert {e["status"] for e in events} == set(STATUSES)
    assert sum(1 for e in events if e["symmetric"]) >= 10


def test_gold_codes_agree_with_the_ontology():
    if ontology is None:
        pytest.skip("tacitus.events.ontology is not there yet")
    for case in gold_cases():
        for e in case["events"]:
            assert ontology.is_valid_cameo(e["cameo"]), e["id"]
            assert ontology.cameo(e["cameo"]).plover == e["plover"], e["id"]


def test_lexicon_covers_the_gold_triggers(nlp):
    """A gold trigger should contain a word the lexicon reads as that PLOVER type. The parser
    mis-tags a few sentences, so the bar is 95% of the non-optional events, not all."""
    if ontology is None:
        pytest.skip("tacitus.events.ontology is not there yet")
    lex = default_lexicon()
    cases = gold_cases()
    hit = total = 0
    for case, doc in zip(cases, nlp.pipe(c["text"] for c in cases), strict=True):
        for e in case["events"]:
            if e.get("optional"):
                continue
            start = case["text"].index(e["trigger"])
            end = start + len(e["trigger"])
            entries = [lex.match(t) for t in doc if start <= t.idx < end]
            types = {ontology.cameo(m.cameo).plover for m in entries if m is not None}
            total += 1
            hit += bool(types & {e["plover"], *e.get("plover_alt", [])})
    assert hit / total >= 0.95, f"{hit}/{total}"
