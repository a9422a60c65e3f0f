"""Event status: asserted / planned / hypothetical / negated, from the trigger's clause."""

from __future__ import annotations

import pytest

from tacitus.errors import DataFileError
from tacitus.events.modality import (
    collect_cues,
    context_lexicon,
    load_context_lexicon,
    status_of,
    status_reason,
)


def token(nlp, text: str, word: str, nth: int = 0):
    """The nth token whose text is ``word`` in the parse of ``text``."""
    hits = [t for t in nlp(text) if t.text == word]
    assert len(hits) > nth, f"{word!r} not in {text!r}"
    return hits[nth]


CASES = [
    # asserted
    ("Turkey closed its border with Syria on Tuesday.", "closed", "asserted"),
    ("The rebels seized the airport after the army withdrew.", "withdrew", "asserted"),
    ("Egypt appears to be mediating between the two sides.", "mediating", "asserted"),
    ("France continues to resist the entire plan.", "resist", "asserted"),
    ("The ministers met in Oslo, days after Norway expelled two diplomats.", "expelled", "asserted"),
    ("Chile threatened to cut copper exports to Peru.", "threatened", "asserted"),
    ("Brazil refused to extradite the banker.", "refused", "asserted"),
    ("Spain reached an agreement with Morocco during their meeting in Rabat.", "meeting", "asserted"),
    ("The envoy may be willing to overlook its criticism of the trade policy.", "criticism", "asserted"),
    # planned: future auxiliaries and constructions
    ("The Canadian premier will visit Mexico City.", "visit", "planned"),
    ("Canada shall ratify the accord.", "ratify", "planned"),
    ("The envoy is to meet the Pope in Rome.", "meet", "planned"),
    ("Kenya plans to open an embassy in Kigali.", "open", "planned"),
    ("Ghana is set to sign the treaty.", "sign", "planned"),
    ("Peru is expected to announce new tariffs.", "announce", "planned"),
    ("Japan intends to deploy more ships.", "deploy", "planned"),
    ("Vietnam aims to conclude the talks.", "conclude", "planned"),
    ("Iran is going to launch a satellite.", "launch", "planned"),
    ("The Swedish king is flying to Tokyo next week.", "flying", "planned"),
    ("The chancellor is meeting the Polish president on Thursday.", "meeting", "planned"),
    ("The senator will make the trip on Monday.", "trip", "planned"),
    ("The planned summit drew protests.", "summit", "planned"),
    ("Diplomats prepared for the upcoming talks.", "talks", "planned"),
    ("The negotiations will take place in Doha.", "negotiations", "planned"),
    ("Officials said the president would travel to Hanoi.", "travel", "planned"),
    ("Argentina will sign the deal when the president arrives in Lima.", "arrives", "planned"),
    # hypothetical
    ("India may impose duties on steel.", "impose", "hypothetical"),
    ("The navy might intercept the ship.", "intercept", "hypothetical"),
    ("Serbia could recognise the new government.", "recognise", "hypothetical"),
    ("Hungary should apologise to its neighbours.", "apologise", "hypothetical"),
    ("Poland is considering sanctions against Belarus.", "sanctions", "hypothetical"),
    ("The cabinet is mulling a boycott of the games.", "boycott", "hypothetical"),
    ("Oslo possibly hosted secret talks.", "hosted", "hypothetical"),
    ("Jordan would expel the diplomats if the attacks continued.", "expel", "hypothetical"),
    ("Jordan would expel the diplomats if the attacks continued.", "continued", "hypothetical"),
    ("Lebanon will retaliate unless Syria withdraws.", "withdraws", "hypothetical"),
    ("Whether or not Chad will join the alliance remains unclear.", "join", "hypothetical"),
    ("Nobody asked whether the army would withdraw.", "withdraw", "hypothetical"),
    ("Seoul has warmed to the idea of buying fighter jets.", "buying", "hypothetical"),
    ("Cuba may be willing to release the prisoners.", "release", "hypothetical"),
    ("There is a possibility that Nepal will join the bloc.", "join", "hypothetical"),
    ("The mayor hopes to meet the governor.", "meet", "hypothetical"),
    ("Bolivia likely to recall its ambassador.", "recall", "hypothetical"),
    ("Analysts discussed a possible merger of the two parties.", "merger", "hypothetical"),
    ("Chile threatened to cut copper exports to Peru.", "cut", "hypothetical"),
    # negated
    ("Austria did not condemn the strike.", "condemn", "negated"),
    ("Ireland and Malta are not attending the summit.", "attending", "negated"),
    ("The general never signed the order.", "signed", "negated"),
    ("Latvia no longer buys gas from the company.", "buys", "negated"),
    ("Brazil refused to extradite the banker.", "extradite", "negated"),
    ("The army failed to capture the port.", "capture", "negated"),
    ("The militia denied attacking the convoy.", "attacking", "negated"),
    ("Greece refrained from sending troops.", "sending", "negated"),
    ("Turkey ruled out a meeting with the rebels.", "meeting", "negated"),
    ("There will be no talks with the opposition.", "talks", "negated"),
    ("The ministers signed the deal without consulting parliament.", "consulting", "negated"),
    ("The envoy said the time was not yet ripe to discuss a summit.", "summit", "negated"),
    ("A spokesman said it was too early to talk about a ceasefire.", "ceasefire", "negated"),
    ("The talks did not go ahead.", "talks", "negated"),
    # precedence: a negated modal is negated
    ("Norway will not attend the conference.", "attend", "negated"),
    ("Norway would not attend the conference.", "attend", "negated"),
    ("Norway won't attend the conference.", "attend", "negated"),
    ("Norway may not attend the conference.", "attend", "negated"),
]


@pytest.mark.parametrize(("text", "word", "expected"), CASES)
def test_status(nlp, text, word, expected):
    assert status_of(token(nlp, text, word)) == expected, status_reason(token(nlp, text, word))


def test_negation_of_a_reporting_verb_does_not_reach_an_open_question(nlp):
    # "did not address" governs the question, but the discussion is only an open question.
    tok = token(
        nlp, "The minister did not address the question of whether they will discuss the plan.", "discuss"
    )
    assert status_of(tok) == "hypothetical"


def test_not_only_is_not_negation(nlp):
    tok = token(nlp, "Egypt is courting not only Russia but also China.", "courting")
    assert status_of(tok) == "asserted"


def test_negation_on_another_clause_does_not_leak(nlp):
    tok = token(nlp, "Critics did not believe the claim, but the army attacked the village.", "attacked")
    assert status_of(tok) == "asserted"


def test_reported_clause_keeps_its_own_status(nlp):
    # The reporting verb's past tense and the report itself do not change the reported status.
    assert status_of(token(nlp, "The agency said the two leaders will meet.", "meet")) == "planned"
    assert status_of(token(nlp, "The agency said the two leaders met.", "met")) == "asserted"


def test_status_reason_names_the_cue(nlp):
    assert status_reason(token(nlp, "Norway will not attend the conference.", "attend")) == (
        "negated: 'not' on 'attend'"
    )
    assert "'might'" in status_reason(token(nlp, "The navy might intercept the ship.", "intercept"))
    assert status_reason(token(nlp, "Turkey closed the border.", "closed")).startswith("asserted")


def test_cues_are_collected_in_order(nlp):
    cues = collect_cues(token(nlp, "Jordan would expel the diplomats if the attacks continued.", "expel"))
    assert [(c.status, c.word) for c in cues] == [("hypothetical", "would"), ("hypothetical", "if-clause")]


def test_lexicon_has_the_cue_families():
    lex = context_lexicon()
    assert "will" in lex.m("planned_auxiliaries")
    assert "may" in lex.m("hypothetical_auxiliaries")
    assert "no" in lex.m("negators")  # quoted in YAML, not the boolean False
    assert "refrain" in lex.m("negating_governors")
    assert "say" in lex.attribution["reporting_verbs"]
    assert "agency" in lex.attribution["source_nouns"]
    assert lex.time["weekdays"]["monday"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "- just a list",
        "modality: {}\nattribution: {}\ntime: {}\n",
        "modality: {negators: [not, false]}\nattribution: {}\ntime: {}\nplace: {}\n",
        "modality: {}\nattribution: {}\ntime: {months: [january]}\nplace: {}\n",
        "modality: [unclosed",
    ],
)
def test_malformed_lexicon_is_a_data_file_error(text):
    with pytest.raises(DataFileError, match="modality.yaml"):
        load_context_lexicon(text)


SEED_CHECKS = [
    # (seed file, a word that opens the sentence, trigger word, gold status)
    ("000_netanyahu_moscow_2016.txt", "Prime Minister Binyamin", "traveling", "planned"),
    ("000_netanyahu_moscow_2016.txt", "Russia, along with", "attending", "negated"),
    ("000_netanyahu_moscow_2016.txt", "Kremlin spokesman", "discuss", "planned"),
    ("003_kremlin_common_approach_2022.txt", "Though a scathing", "supplying", "negated"),
    ("003_kremlin_common_approach_2022.txt", "In recent weeks", "consider", "hypothetical"),
    ("003_kremlin_common_approach_2022.txt", "Nonetheless, Peskov", "meeting", "negated"),
]


@pytest.mark.parametrize(("name", "opening", "word", "expected"), SEED_CHECKS)
def test_seed_statuses(nlp, shared_dir, name, opening, word, expected):
    text = (shared_dir / "seeds" / name).read_text(encoding="utf-8")
    start = text.index(opening)
    paragraph = text[start : text.index("\n", start)]
    assert status_of(token(nlp, paragraph, word)) == expected
