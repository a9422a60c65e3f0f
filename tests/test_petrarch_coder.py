"""The PETRARCH coder on Tacitus's parse, and the ``petrarch`` lexicon profiles in the pipeline."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tacitus.errors import DataFileError
from tacitus.petrarch.clauses import CommaRule, alive_tokens, is_dateline
from tacitus.petrarch.coder import CodingOptions, PetrarchCoder
from tacitus.petrarch.dictionaries import load_dictionaries


@pytest.fixture(scope="module")
def validate(shared_dir):
    """PETRARCH's validation dictionaries (fictional actors: Arnor, Gondor ...)."""
    base = shared_dir / "petrarch"
    return load_dictionaries(
        verbs=[base / "PETR.Validate.verbs.txt"], actors=[base / "PETR.Validate.actors.txt"],
        agents=[base / "PETR.Validate.agents.txt"], discards=[base / "PETR.Validate.discards.txt"],
    )


def triples(nlp, dicts, text, date="1995-01-01", **options):
    coder = PetrarchCoder(dicts, None, CodingOptions(**options))
    out = []
    for sentence in coder.code(nlp(text), dt.date.fromisoformat(date)):
        out += [c.triple() for c in sentence.codings]
    return out


def test_verb_code_with_subject_and_first_actor_after(nlp, validate):
    text = "Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds trashed its embassy."
    assert triples(nlp, validate, text) == [("ARN", "GON", "064")]


def test_comma_rule_drops_a_short_attribution(nlp, validate):
    text = ("Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds "
            "trashed its embassy, a senior official said on Saturday.")
    assert triples(nlp, validate, text) == [("ARN", "GON", "064")]
    # with the terminal rule off and no dyad required, the attribution is an event of its own
    got = triples(nlp, validate, text, require_dyad=False, commas=CommaRule(comma_emax=0))
    assert ("---GOV", "---", "023") in got


def test_agents_compose_with_actors(nlp, validate):
    assert triples(nlp, validate, "Russian police arrested Russian students in Moscow today.") == [("RUSCOP", "RUSEDU", "212")]
    assert triples(nlp, validate, "Russian police arrested students in Moscow today.") == [("RUSCOP", "---EDU", "212")]
    # a prefix agent, an actor and a suffix agent; an agent the code already holds is not repeated
    assert triples(nlp, validate, "An MSF Arnor diplomat is about to restore full diplomatic ties with Gondor.")[0][0] == "NGOARNGOV"
    assert triples(nlp, validate, "White House security officials are about to restore full diplomatic ties with Gondor.")[0][0] == "USAGOV"


def test_coordinations_and_prepositional_actors(nlp, validate):
    got = triples(nlp, validate, "The ambassadors of Arnor, Osgiliath and Gondor presented credentials to Ithilen's president on Wednesday.")
    assert set(got) == {("ARNGOV", "ITHGOV", "032"), ("OSGGOV", "ITHGOV", "032"), ("GONGOV", "ITHGOV", "032")}
    got = triples(nlp, validate, "The Danish Islamist media and government warned the Prince of Dol Amroth.", date="1999-08-09")
    assert {s for s, _, _ in got} == {"DNKMUSMED", "DNKMUSGOV"}


def test_date_restricted_actor_codes(nlp, validate):
    text = "Sam Gamgee met a bunch of Morgul Orcs."
    assert set(triples(nlp, validate, text, "2010-01-09")) == {("ORCHOB", "MRGORC", "031"), ("MRGORC", "ORCHOB", "032")}
    assert ("HOBMIL", "MRGORC", "031") in triples(nlp, validate, text, "2010-01-13")


def test_patterns_synsets_and_skips(nlp, validate):
    # &NEGATVAUXVRB holds "DID N'T"; the longest pattern that matches wins
    text = "Bree Prime Minister Romendacil didn't clash over the efforts of Eriadori to deal with an orc infestation."
    assert triples(nlp, validate, text) == [("BREGOV", "ERI", "904")]
    text = "Bree Prime Minister Romendacil most certainly won't ever clash over the efforts of Eriadori."
    assert triples(nlp, validate, text) == [("BREGOV", "ERI", "907")]
    # "* THEIR ^ ABOUT +": skip the phrase after THEIR, the target follows ABOUT
    text = "Ithilen and the government of Gondor warned their populations about the Prince of Dol Amroth."
    assert set(triples(nlp, validate, text, "1999-08-09")) == {("ITH", "DOL", "162"), ("GONGOV", "DOL", "162")}


def test_compound_without_target_codes_both_ways(nlp, validate):
    text = "Gondor and Osgiliath have delayed their meeting after a hafling was reported on the pass of Cirith Ungol."
    assert set(triples(nlp, validate, text, "1995-01-02")) == {("GON", "OSG", "191"), ("OSG", "GON", "191")}


def test_passive_with_agent_and_paired_codes(nlp, validate):
    assert triples(nlp, validate, "Eriador was opposed by Osgiliath in the peace process.") == [("OSG", "ERI", "112")]
    got = triples(nlp, validate, "Bree President Romendacil arrived in Gondor on Monday.", "1995-01-17")
    assert set(got) == {("BREGOV", "GON", "032"), ("GON", "BREGOV", "033")}


def test_passive_without_agent_has_no_source_unless_asked(nlp, validate):
    text = "The Philippines was criticized over its territorial dispute with Eriador."
    assert triples(nlp, validate, text) == []
    assert triples(nlp, validate, text, passive_subject_as_source=True) == [("PHL", "ERI", "121")]


def test_discards_and_datelines(nlp, validate):
    coder = PetrarchCoder(validate)
    story = coder.code(nlp("Arnor is about to restore full diplomatic ties after a typhoon trashed its embassy."), None)
    assert story[0].skipped == "storydiscard" and not story[0].codings
    sentence = coder.code(nlp("Arnor is about to restore baseball competition with Gondor."), None)
    assert sentence[0].skipped == "sentencediscard"
    assert is_dateline("CEBU CITY: -- The mayor filed a suit.")
    assert not is_dateline("Arnor said: we will go.")


def test_new_actors_from_noun_phrases(nlp, validate):
    text = "Gryffindor's head Minerva McGonagall left for Minas Tirith on Wednesday."
    got = triples(nlp, validate, text, "1995-01-03", new_actor_length=4)
    assert ('"GRYFFINDOR HEAD MINERVA MCGONAGALL"', "GON", "032") in got
    assert triples(nlp, validate, text, "1995-01-03", new_actor_length=3) == []


def test_comma_rule_keeps_lists_and_subordinate_clauses(nlp):
    rule = CommaRule()
    doc = nlp("Mordor, the Shire, Fornost and Bree welcomed the talks.")
    assert all(alive_tokens(next(doc.sents), rule))
    doc = nlp("Lavrov spoke on Tuesday, after Ukraine accused Russia of shelling Kharkiv.")
    assert all(alive_tokens(next(doc.sents), rule))
    doc = nlp("Arnor restored ties with Gondor, a senior official said.")
    alive = alive_tokens(next(doc.sents), rule)
    assert [t.text for t, a in zip(doc, alive, strict=True) if not a][:3] == [",", "a", "senior"]


def test_transformations(nlp, tmp_path):
    verbs = tmp_path / "t.verbs.txt"
    verbs.write_text(
        "--- SAY [010] ---\nSAY {SAID}\n\n--- ATTACK [190] ---\nATTACK\n\n~ a (b . ATTACK) SAY = a b 112\n",
        encoding="utf-8",
    )
    actors = tmp_path / "t.actors.txt"
    actors.write_text("ARNOR [ARN]\nGONDOR [GON]\nMORDOR [MOR]\n", encoding="utf-8")
    dicts = load_dictionaries(verbs=[verbs], actors=[actors])
    assert triples(nlp, dicts, "Arnor said Gondor attacked Mordor.") == [("ARN", "GON", "112")]


# -- the profiles in Tacitus's pipeline ----------------------------------------------------------


@pytest.fixture(scope="module")
def petrarch_pipeline(nlp, shared_dir):
    from tacitus.config import Settings
    from tacitus.pipeline import Pipeline

    return Pipeline(Settings(lexicon=f"petrarch:{shared_dir / 'petrarch'}"), nlp=nlp)


def test_profile_builds_events_like_tacitus(petrarch_pipeline):
    doc = petrarch_pipeline.code_text(
        '"We will respond," Israeli Prime Minister Benjamin Netanyahu said. Israeli soldiers attacked '
        "Palestinian protesters in Gaza on Monday.",
        date="2015-03-02",
    )
    attack = [e for e in doc.events if e.cameo.startswith("19")]
    assert attack, [(e.source.code, e.cameo, e.target.code) for e in doc.events]
    e = attack[0]
    assert (e.source.code, e.plover, e.status) == ("ISRMIL", "ASSAULT", "asserted")
    assert e.target.code.startswith("PSE") and e.source.text == "Israeli soldiers"
    assert e.evidence[0]["rule"].startswith("petrarch ")
    assert doc.events[0].to_dict()["trigger"]["text"]
    assert doc.quotes and doc.quotes[0].speaker is not None  # quotes still work


def test_profile_extends_a_copy_of_the_knowledge(petrarch_pipeline):
    from tacitus.actors.knowledge import default_knowledge

    assert petrarch_pipeline.knowledge is not default_knowledge()
    # a Phoenix name the shipped knowledge does not have, resolved by the pipeline's resolver
    assert petrarch_pipeline.knowledge.lookup("Afganistan") and not default_knowledge().lookup("Afganistan")
    doc = petrarch_pipeline.code_text("Ban Ki-moon met Kofi Annan in Geneva.", date="2015-03-02")
    assert [(e.source.code, e.cameo) for e in doc.events] == [("IGOUNO", "040")]


def test_profile_specs(nlp, shared_dir):
    from tacitus.config import Settings
    from tacitus.events.extract import EventCoder
    from tacitus.petrarch.profile import build_profile, parse_spec
    from tacitus.pipeline import Pipeline

    assert parse_spec(f"petrarch+tacitus:{shared_dir}") == ("petrarch+tacitus", str(shared_dir))
    with pytest.raises(DataFileError):
        parse_spec("petrach:/tmp")
    both = Pipeline(Settings(lexicon=f"petrarch+tacitus:{shared_dir / 'petrarch'}"), nlp=nlp)
    assert [type(c).__name__ for c in both.coders] == ["EventCoder", "PetrarchCoder"]
    assert len(both.coders[0].lexicon) > 0  # Tacitus's own lexicon kept
    kb, coders = build_profile(f"petrarch:{shared_dir / 'petrarch'}", None, [])
    assert isinstance(coders[0], EventCoder) and len(coders[0].lexicon) == 0
    assert dataclasses.is_dataclass(coders[1].options)
