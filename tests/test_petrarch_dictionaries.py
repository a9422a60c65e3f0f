"""Reading PETRARCH/TABARI dictionaries: formats written here, and the shared Phoenix files."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from tacitus.errors import DataFileError
from tacitus.petrarch.actors import parse_date, read_actors, read_agents
from tacitus.petrarch.dictionaries import discover, load_dictionaries, load_directory
from tacitus.petrarch.discards import SENTENCE, STORY, read_discards
from tacitus.petrarch.forms import noun_plurals, verb_forms
from tacitus.petrarch.phrases import Phrase, PhraseIndex, Word
from tacitus.petrarch.reader import Unsupported
from tacitus.petrarch.verbs import COMPOUND, SKIP, SOURCE, SYNSET, TARGET, WORD, Code, read_verbs

VERBS = """\
<!-- a test verb file -->
&CURRENCY
+DOLLAR
+SWISS FRANC

&ACCORDSYN   # a synset holding a synset
+&CURRENCY
+NEARER_

--- CONTRIBUTE [070] ---
CONTRIBUTE   # tony 3/12/91
GIVE {GAVE GIVEN}
+BREAK_DOWN {+BROKE_DOWN}
WIRE_+TAP [1711]
- * &CURRENCY [903]
- + WAS_ * TO_ ^ FROM $ [174]
- % HAVE * [191:192]
- IN_* [075]
- * DIPLXMATIC [###]
- NO VERB MARK [000]
- SAID * &UNDEFINED [111]
- * {FULL TIES | RELATIONS} [064]

VISIT [032:033]
- * [:173]

~ a (b . ATTACK) SAY = a b 112
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_verb_blocks_forms_and_codes(tmp_path):
    un = Unsupported()
    v = read_verbs(write(tmp_path, "t.verbs.txt", VERBS), un)
    assert [b.name for b in v.blocks] == ["CONTRIBUTE", "VISIT"]
    block = v.blocks[0]
    assert block.code == Code("070")
    # regular forms are generated, irregular ones read from {...}
    assert {"CONTRIBUTES", "CONTRIBUTED", "CONTRIBUTING", "GAVE", "GIVEN"} <= set(v.forms)
    assert v.lookup("CONTRIBUTED")[0].verb.base == "CONTRIBUTE"
    assert v.lookup("GAVE")[0].verb.base == "GIVE"
    # multi-word verbs: + marks the verb word
    broke = v.lookup("BROKE")[0]
    assert (broke.before, broke.word, broke.after) == ((), "BROKE", ("DOWN",))
    tap = v.lookup("TAPPED")[0]
    assert (tap.before, tap.after, tap.code) == (("WIRE",), (), Code("1711"))
    assert v.blocks[1].verbs[0].code == Code("032", "033")
    assert v.blocks[1].patterns[0].code == Code(None, "173")
    assert v.transformations[0].outer_class == "SAY" and v.transformations[0].code == "112"


def test_synsets_nest_and_take_plurals(tmp_path):
    v = read_verbs(write(tmp_path, "t.verbs.txt", VERBS), Unsupported())
    assert ("DOLLARS",) in v.synsets["CURRENCY"]
    assert ("SWISS", "FRANCS") in v.synsets["CURRENCY"]
    assert ("DOLLAR",) in v.synsets["ACCORDSYN"]  # nested
    assert ("NEARERS",) not in v.synsets["ACCORDSYN"]  # a trailing _ means no plural


def test_patterns_read_outward_from_the_verb(tmp_path):
    v = read_verbs(write(tmp_path, "t.verbs.txt", VERBS), Unsupported())
    by_code = {str(p.code): p for p in v.blocks[0].patterns}
    extradite = by_code["174"]
    # "+ WAS_ * TO_ ^ FROM $": before the verb WAS (tight to the verb), then + ; after TO, ^ (tight), FROM, $
    assert [(e.kind, e.value, e.tight) for e in extradite.before] == [(WORD, ("WAS",), True), (TARGET, (), False)]
    assert [(e.kind, e.tight) for e in extradite.after] == [(WORD, False), (SKIP, True), (WORD, False), (SOURCE, False)]
    assert by_code["075"].before[0].tight  # IN_*
    assert by_code["191:192"].before[-1].kind == COMPOUND
    assert by_code["903"].after[0].kind == SYNSET
    assert by_code["###"].code.primary == "###"  # "#" inside brackets is a code, not a comment
    alternatives = [p.after for p in v.blocks[0].patterns if str(p.code) == "064"]
    assert sorted(tuple(e.value for e in a) for a in alternatives) == [(("FULL",), ("TIES",)), (("RELATIONS",),)]


def test_unusable_patterns_are_counted_not_dropped_silently(tmp_path):
    un = Unsupported()
    read_verbs(write(tmp_path, "t.verbs.txt", VERBS), un)
    assert un.counts["pattern without exactly one * (the verb)"] == 1
    assert un.counts["pattern using an undefined synset (pattern skipped)"] == 1
    assert any("t.verbs.txt:" in line for line in un.lines())


ACTORS = """\
ARNOR_  [ARN]
+ARNORIAN
THE_SHIRE  [FRO/BIL/SAM]
GOLLUM  # no default code
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
BOROMIR [---]
JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]
BAD_DATE [XXX 9008223-911221]
"""


def test_actors_with_synonyms_several_codes_and_dates(tmp_path):
    un = Unsupported()
    actors = read_actors(write(tmp_path, "t.actors.txt", ACTORS), un)
    by_name = {a.name: a for a in actors}
    assert [p.words for p in by_name["ARNOR"].phrases] == [("ARNOR",), ("ARNORIAN",)]
    assert by_name["THE SHIRE"].codes_at(None) == ("FRO", "BIL", "SAM")
    gollum = by_name["GOLLUM"]
    assert gollum.codes_at(dt.date(1995, 5, 31)) == ("HOB",)
    assert gollum.codes_at(dt.date(1995, 6, 1)) == ("HOB",)  # limits are inclusive: the first wins
    assert gollum.codes_at(dt.date(1995, 6, 2)) == ("HOBGOV",)
    assert gollum.codes_at(dt.date(1999, 8, 15)) == ("HOBGOV",)
    assert gollum.codes_at(dt.date(2001, 1, 1)) == ("HOBREB",)
    assert gollum.codes_at(None) == ("HOBREB",)  # undated: the code that reaches latest
    assert by_name["BOROMIR"].codes_at(None) == ()
    cuellar = by_name["JAVIER DE CUELLAR"]
    assert cuellar.codes_at(dt.date(1990, 1, 1)) == ("IGOUNO",)
    assert cuellar.codes_at(dt.date(2000, 1, 1)) == ("ELI",)
    assert un.counts["date that is not YYMMDD or YYYYMMDD"] == 1


def test_two_and_four_digit_years():
    assert parse_date("950601") == dt.date(1995, 6, 1)
    assert parse_date("070723") == dt.date(2007, 7, 23)
    assert parse_date("19270101") == dt.date(1927, 1, 1)
    assert parse_date("9008223") is None


AGENTS = """\
!PERSON! = MAN, MEN, WOMAN
POLICE {} [~COP]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
MSF {} [NGO~]
ARMY [~MIL]
CONGRESS!PERSON! [~LEG]
HUMAN_RIGHTS_ORGANIZATION  [  NGO~]
BROKEN [~GOV}
"""


def test_agents_plurals_substitutions_and_prefixes(tmp_path):
    un = Unsupported()
    agents = read_agents(write(tmp_path, "t.agents.txt", AGENTS), un)
    forms = {(" ".join(a.phrase.words), a.code, a.prefix) for a in agents}
    assert ("POLICE", "COP", False) in forms and ("POLICES", "COP", False) not in forms
    assert ("GOLDEN GEESE", "GGS", False) in forms
    assert ("ARMIES", "MIL", False) in forms
    assert ("MSF", "NGO", True) in forms
    assert {"CONGRESSMAN", "CONGRESSMEN", "CONGRESSWOMAN"} <= {f[0] for f in forms}
    assert ("HUMAN RIGHTS ORGANIZATION", "NGO", True) in forms
    assert un.counts["agent line that is not PHRASE {PLURALS} [~CODE]"] == 1


def test_discards_story_and_sentence(tmp_path):
    d = read_discards(write(tmp_path, "t.discards.txt", "+TYPHOON\nBASEBALL\nWORLD CUP_\n"), Unsupported())
    assert d.check("A typhoon hit the coast.") == (STORY, "typhoon")
    assert d.check("Baseball players met.")[0] == SENTENCE  # a stem: also "baseballs"
    assert d.check("The World Cups were held.") is None  # ends in _: the phrase must end there
    assert d.check("Arnor met Gondor.") is None


def test_phrases_allow_gaps_only_where_written():
    index: PhraseIndex[str] = PhraseIndex()
    index.add(Phrase.parse("ITHILEN TELEVISION"), "gap")
    index.add(Phrase.parse("NEW_ZEALAND"), "tight")
    stream = [Word(w, i, False) for i, w in enumerate(["ITHILEN", "STATE", "TELEVISION", "NEW", "ZEALAND"])]
    assert [m.payload for m in index.scan(stream)] == ["gap", "tight"]
    loose = [Word(w, i, False) for i, w in enumerate(["NEW", "BIG", "ZEALAND"])]
    assert index.scan(loose) == []


def test_word_forms():
    assert verb_forms("RESTORE") == ["RESTORES", "RESTORED", "RESTORING"]
    assert "STABBED" in verb_forms("STAB")
    assert verb_forms("CARRY")[:2] == ["CARRIES", "CARRIED"]
    assert noun_plurals("ARMY") == ["ARMIES"] and noun_plurals("TROOPS") == []


def test_discovery_prefers_operational_files_and_reads_config(tmp_path, shared_dir):
    found = discover(shared_dir / "petrarch")
    assert [p.name for p in found["verbs"]] == ["CAMEO.2.0.txt"]
    assert "PETR.Validate.actors.txt" not in [p.name for p in found["actors"]]
    write(tmp_path, "a.actors.txt", ACTORS)
    write(tmp_path, "PETR_config.ini", "[Dictionaries]\nverbfile_name = v.txt\nactorfile_list = a.actors.txt\n")
    write(tmp_path, "v.txt", VERBS)
    assert [p.name for p in discover(tmp_path)["actors"]] == ["a.actors.txt"]
    with pytest.raises(DataFileError):
        discover(tmp_path / "missing")


def test_full_phoenix_dictionaries_load_fast_and_once(shared_dir):
    started = time.perf_counter()
    d = load_directory(shared_dir / "petrarch")
    assert time.perf_counter() - started < 5.0 or d.seconds < 5.0
    summary = d.summary()
    assert summary["patterns"] > 4500 and summary["actors"] > 25000 and summary["agent phrases"] > 3000
    assert load_directory(shared_dir / "petrarch") is d  # cached by path
    # everything skipped is counted, with an example
    assert d.unsupported.total and all("(e.g. " in line for line in d.unsupported.lines())


def test_validation_dictionaries(shared_dir):
    base = shared_dir / "petrarch"
    d = load_dictionaries(
        verbs=[base / "PETR.Validate.verbs.txt"], actors=[base / "PETR.Validate.actors.txt"],
        agents=[base / "PETR.Validate.agents.txt"], discards=[base / "PETR.Validate.discards.txt"],
    )
    assert d.summary()["actors"] > 100
    assert any(b.name == "CLASH" for b in d.verbs.blocks)
