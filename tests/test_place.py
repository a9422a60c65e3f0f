"""Event places: a locative phrase in the event's own clause, coded with the knowledge base."""

from __future__ import annotations

import pytest

from tacitus.events.place import place_of


class FakeKnowledge:
    """The one method place_of needs: ``place(phrase) -> (country, city | None) | None``."""

    PLACES = {
        "oslo": ("NOR", "Oslo"),
        "geneva": ("CHE", "Geneva"),
        "lima": ("PER", "Lima"),
        "vienna": ("AUT", "Vienna"),
        "kharkiv": ("UKR", "Kharkiv"),
        "the elysee palace": ("FRA", "Paris"),
        "norway": ("NOR", None),
        "lebanon": ("LBN", None),
        "syria": ("SYR", None),
        "peru": ("PER", None),
    }

    def __init__(self) -> None:
        self.asked: list[str] = []

    def place(self, phrase: str) -> tuple[str, str | None] | None:
        self.asked.append(phrase)
        return self.PLACES.get(phrase.lower())


def token(nlp, text: str, word: str, nth: int = 0):
    hits = [t for t in nlp(text) if t.text == word]
    assert len(hits) > nth, f"{word!r} not in {text!r}"
    return hits[nth]


CASES = [
    ("The ministers met in Oslo on Friday.", "met", {"text": "Oslo", "country": "NOR", "city": "Oslo"}),
    (
        "Talks in Geneva ended without a deal.",
        "Talks",
        {"text": "Geneva", "country": "CHE", "city": "Geneva"},
    ),
    ("The envoys held talks in Vienna.", "held", {"text": "Vienna", "country": "AUT", "city": "Vienna"}),
    ("The envoys held talks in Vienna.", "talks", {"text": "Vienna", "country": "AUT", "city": "Vienna"}),
    ("The talks held in Vienna failed.", "talks", {"text": "Vienna", "country": "AUT", "city": "Vienna"}),
    ("Troops clashed near Kharkiv.", "clashed", {"text": "Kharkiv", "country": "UKR", "city": "Kharkiv"}),
    # a seat of power, with its determiner left off for the lookup
    (
        "The two presidents talked at the Elysee Palace.",
        "talked",
        {"text": "Elysee Palace", "country": "FRA", "city": "Paris"},
    ),
    # the event noun of a "during" adjunct locates the main event
    (
        "The envoy raised the issue during their meeting in Lima.",
        "raised",
        {"text": "Lima", "country": "PER", "city": "Lima"},
    ),
    (
        "The envoy raised the issue during their meeting in Lima.",
        "meeting",
        {"text": "Lima", "country": "PER", "city": "Lima"},
    ),
    # destinations of movement
    (
        "The Swedish king is traveling to Oslo next week.",
        "traveling",
        {"text": "Oslo", "country": "NOR", "city": "Oslo"},
    ),
    ("Her visit to Lima was brief.", "visit", {"text": "Lima", "country": "PER", "city": "Lima"}),
    ("The chancellor visited Norway in May.", "visited", {"text": "Norway", "country": "NOR", "city": None}),
    ("Israel sent troops into Lebanon.", "sent", {"text": "Lebanon", "country": "LBN", "city": None}),
    # a city as modifier of the event noun
    ("The Geneva talks collapsed.", "talks", {"text": "Geneva", "country": "CHE", "city": "Geneva"}),
    # the name behind a common noun
    (
        "Rebels surrendered in the eastern town of Soroti.",
        "surrendered",
        {"text": "Soroti", "country": None, "city": None},
    ),
    (
        "Prisoners rioted at a jail in Kharkiv.",
        "rioted",
        {"text": "Kharkiv", "country": "UKR", "city": "Kharkiv"},
    ),
    # the place of an adjunct event
    (
        "Serb forces killed three men in a gunbattle in Kharkiv.",
        "killed",
        {"text": "Kharkiv", "country": "UKR", "city": "Kharkiv"},
    ),
    # the place left by a withdrawal, and the destination of a transfer
    (
        "The army withdrew from Kharkiv on Friday.",
        "withdrew",
        {"text": "Kharkiv", "country": "UKR", "city": "Kharkiv"},
    ),
    ("The UN sent twenty observers to Syria.", "sent", {"text": "Syria", "country": "SYR", "city": None}),
    # last resort: the place qualifying the subject
    (
        "Police in Vienna confiscated the weapons.",
        "confiscated",
        {"text": "Vienna", "country": "AUT", "city": "Vienna"},
    ),
    # a place the knowledge does not know is kept when the tagger says it is a place
    ("The ministers met in Tegucigalpa.", "met", {"text": "Tegucigalpa", "country": None, "city": None}),
]


@pytest.mark.parametrize(("text", "word", "expected"), CASES)
def test_place(nlp, text, word, expected):
    assert place_of(token(nlp, text, word), FakeKnowledge()) == expected


NO_PLACE = [
    # a place that belongs to a participant, not to the event
    ("Ukraine praised the Jews of Vienna.", "praised"),
    # "to" after a verb of giving names a recipient, not a destination
    ("Russia gave a tank to Peru.", "gave"),
    # a country as a modifier says what the talks are about
    ("The Syria talks collapsed.", "talks"),
    # prepositional phrases that are not places
    ("Chile acted in response to the threat.", "acted"),
    ("Chile acted in light of the crisis.", "acted"),
    ("Chile acted in 2019.", "acted"),
    # no place at all
    ("Chile expelled two diplomats.", "expelled"),
]


@pytest.mark.parametrize(("text", "word"), NO_PLACE)
def test_no_place(nlp, text, word):
    assert place_of(token(nlp, text, word), FakeKnowledge()) is None


def test_a_place_in_another_clause_is_not_the_events(nlp):
    text = "Chile expelled the diplomats, who had met in Oslo."
    assert place_of(token(nlp, text, "expelled"), FakeKnowledge()) is None
    assert place_of(token(nlp, text, "met"), FakeKnowledge())["text"] == "Oslo"


def test_common_nouns_are_never_looked_up(nlp):
    kb = FakeKnowledge()
    place_of(token(nlp, "Chile acted in response to the threat in the capital.", "acted"), kb)
    assert kb.asked == []


def test_unknown_name_placed_by_its_qualifier(nlp):
    text = "The leaders met at the Hotel Astoria in Vienna."
    assert place_of(token(nlp, text, "met"), FakeKnowledge()) == {
        "text": "Vienna",
        "country": "AUT",
        "city": "Vienna",
    }


def test_works_without_knowledge(nlp):
    assert place_of(token(nlp, "The ministers met in Geneva.", "met"), None) == {
        "text": "Geneva",
        "country": None,
        "city": None,
    }
