"""Attribution: who the article says reported an event."""

from __future__ import annotations

import pytest

from tacitus.events.attribution import (
    attribution_of,
    attribution_span,
    readable_name,
    reporters_of,
)


def token(nlp, text: str, word: str, nth: int = 0):
    hits = [t for t in nlp(text) if t.text == word]
    assert len(hits) > nth, f"{word!r} not in {text!r}"
    return hits[nth]


CASES = [
    # according to / citing, before or after the clause
    ("According to Reuters, Chile closed the border on Friday.", "closed", "Reuters"),
    ("Chile closed the border on Friday, according to Reuters.", "closed", "Reuters"),
    ("Chile closed the border, according to the state-owned Xinhua news agency.", "closed", "Xinhua"),
    # X reported / said (that) ...
    ("Al Jazeera reported that Qatar expelled two diplomats.", "expelled", "Al Jazeera"),
    ("The Guardian said Spain recalled its ambassador.", "recalled", "Guardian"),
    ("Officials said the navy seized the tanker.", "seized", "Officials"),
    # the reporting clause after the content
    (
        "Kenya will send troops to Somalia, a senior military source claimed late Monday.",
        "send",
        "a senior military source",
    ),
    ("The army withdrew from the town, state media reported.", "withdrew", "state media"),
    ("Peru recalled its envoy, the foreign minister announced.", "recalled", "the foreign minister"),
    # told Y that ...: the speaker is the reporter when it is not the event's source
    ("The ambassador told reporters that Bolivia had expelled the diplomats.", "expelled", "The ambassador"),
    # a quote attributed in the same sentence
    ('"Ecuador will open a consulate in Quito," the spokeswoman said.', "open", "the spokeswoman"),
    ('"Ecuador will open a consulate in Quito," said Maria Lopez.', "open", "Maria Lopez"),
    # outermost reporter wins: the article cites the agency, which cites the minister
    (
        '"Ghana will repay the loan," Kofi Mensah said Monday, according to the Reuters news agency.',
        "repay",
        "Reuters",
    ),
    # the proper name inside a titled noun phrase
    (
        "Foreign ministry spokesman Ivan Petrov said that Serbia will recognise the government.",
        "recognise",
        "Ivan Petrov",
    ),
    (
        "The Kremlin spokesman, Ivan Petrov, said that Serbia will recognise the government.",
        "recognise",
        "Ivan Petrov",
    ),
]


@pytest.mark.parametrize(("text", "word", "expected"), CASES)
def test_attribution(nlp, text, word, expected):
    assert attribution_of(token(nlp, text, word)) == expected


NO_ATTRIBUTION = [
    # the event is the speech act itself
    ("Denmark warned Norway against drilling in the strait.", "warned"),
    ("The president accused the opposition of fraud.", "accused"),
    # plain narration
    ("Chile closed the border on Friday.", "closed"),
    # a self-report: the speaker is the event's own source
    ("Sweden said it would recall its ambassador.", "recall"),
    ("The mayor said he hopes to meet the governor.", "hopes"),
    ("Ethiopia announced new sanctions against the rebels.", "sanctions"),
    # told an unnamed audience about one's own action: no outlet to cite
    ("The general told reporters that he would withdraw the troops.", "withdraw"),
]


@pytest.mark.parametrize(("text", "word"), NO_ATTRIBUTION)
def test_no_attribution(nlp, text, word):
    assert attribution_of(token(nlp, text, word)) is None


def test_speech_act_inside_a_report_is_attributed_to_the_reporter(nlp):
    # "Russia warned Israel" alone has no attribution; reported by Bloomberg it has.
    text = "Earlier this month, the Financial Times reported that Iran warned Iraq that it would respond."
    assert attribution_of(token(nlp, text, "warned")) == "Financial Times"
    # "it" is in the complement of "warned", not of "reported": it is not the newspaper.
    assert attribution_of(token(nlp, text, "respond")) == "Financial Times"


def test_self_report_to_a_named_outlet_is_attributed_to_the_outlet(nlp):
    text = "The prime minister told CNN last week that he would consider sending arms to Kyiv."
    assert attribution_of(token(nlp, text, "sending")) == "CNN"


def test_self_report_stated_to_a_named_outlet(nlp):
    text = "Egypt will reopen the crossing, President Sisi stated to Al-Ahram."
    tok = token(nlp, text, "reopen")
    # The minimal named phrase: the entity, without the title.
    assert attribution_of(tok) == "Sisi"
    # When the caller says Sisi is the event's source, the newspaper he spoke to is cited.
    sisi = next(t for t in tok.doc if t.text == "Sisi")
    assert attribution_of(tok, source=sisi) == "Al-Ahram"


def test_explicit_source_marks_a_self_report(nlp):
    text = '"These are hostile acts against all of us," said Rabbi Cohen.'
    tok = token(nlp, text, "are")
    assert attribution_of(tok) == "Rabbi Cohen"
    doc = tok.doc
    speaker = doc[[t.i for t in doc if t.text == "Cohen"][0]]
    # The caller knows the accusation's source is the speaker: no attribution then.
    assert attribution_of(tok, source=speaker) is None
    assert attribution_of(tok, source=doc[speaker.i - 1 : speaker.i + 1]) is None


def test_attribution_span_is_a_token_span(nlp):
    text = "A top military source said that Kenya will send troops."
    span = attribution_span(token(nlp, text, "send"))
    assert span is not None
    assert span.text == "A top military source"
    assert span.root.text == "source"


def test_reporters_are_listed_innermost_first(nlp):
    text = "Kenya will send troops, the minister said, according to the Daily Nation newspaper."
    reps = reporters_of(token(nlp, text, "send"))
    assert [r.how for r in reps] == ["verb", "phrase"]
    assert readable_name(reps[-1].speaker) == "Daily Nation"


def test_pronoun_reporter_is_returned_for_the_resolver(nlp):
    text = "He said that Chile had closed the border."
    assert attribution_of(token(nlp, text, "closed")) == "He"
