"""Event dates: time expressions in the trigger's clause, resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.events.time import parse_date_expression, resolve_date, tense_of

FRIDAY = dt.date(2016, 6, 3)  # a Friday
MONDAY = dt.date(2022, 11, 7)  # a Monday


def token(nlp, text: str, word: str, nth: int = 0):
    hits = [t for t in nlp(text) if t.text == word]
    assert len(hits) > nth, f"{word!r} not in {text!r}"
    return hits[nth]


EXPRESSIONS = [
    # absolute
    ("January 30, 2020", FRIDAY, "past", ("2020-01-30", "day")),
    ("30 January 2020", FRIDAY, "past", ("2020-01-30", "day")),
    ("Jan. 30th, 2020", FRIDAY, "past", ("2020-01-30", "day")),
    ("2019-04-12", FRIDAY, "past", ("2019-04-12", "day")),
    ("June 2016", FRIDAY, "past", ("2016-06-01", "month")),
    ("in 2019", FRIDAY, "past", ("2019-01-01", "year")),
    ("early 2020", FRIDAY, "past", ("2020-01-01", "year")),
    # a day and month without a year take the publication year, or the nearest one by tense
    ("on November 1", MONDAY, "past", ("2022-11-01", "day")),
    ("November 20", MONDAY, "past", ("2021-11-20", "day")),
    ("November 20", MONDAY, "future", ("2022-11-20", "day")),
    ("March 3", MONDAY, "future", ("2023-03-03", "day")),
    ("in June", FRIDAY, "past", ("2016-06-01", "month")),
    ("in September", FRIDAY, "past", ("2015-09-01", "month")),
    ("in September", FRIDAY, "future", ("2016-09-01", "month")),
    # deictic days
    ("today", FRIDAY, "present", ("2016-06-03", "day")),
    ("yesterday", FRIDAY, "past", ("2016-06-02", "day")),
    ("last night", FRIDAY, "past", ("2016-06-02", "day")),
    ("tomorrow", FRIDAY, "future", ("2016-06-04", "day")),
    # weekdays: before the publication date in the past, after it in the future
    ("Monday", FRIDAY, "future", ("2016-06-06", "day")),
    ("Monday", FRIDAY, "past", ("2016-05-30", "day")),
    ("late Thursday", FRIDAY, "past", ("2016-06-02", "day")),
    ("on Friday", FRIDAY, "past", ("2016-06-03", "day")),
    ("Monday", MONDAY, "past", ("2022-11-07", "day")),  # the same day
    ("last Friday", FRIDAY, "past", ("2016-05-27", "day")),
    ("next Monday", FRIDAY, "past", ("2016-06-06", "day")),
    ("Tuesday", FRIDAY, "present", ("2016-05-31", "day")),  # present: the nearer one
    ("Sunday", FRIDAY, "present", ("2016-06-05", "day")),
    # weeks: the Monday of the week
    ("next week", FRIDAY, "future", ("2016-06-06", "week")),
    ("this week", FRIDAY, "past", ("2016-05-30", "week")),
    ("last week", FRIDAY, "past", ("2016-05-23", "week")),
    ("in recent weeks", MONDAY, "past", ("2022-11-07", "week")),
    ("in the coming days", FRIDAY, "future", ("2016-05-30", "week")),
    # months and years
    ("last month", FRIDAY, "past", ("2016-05-01", "month")),
    ("earlier this month", MONDAY, "past", ("2022-11-01", "month")),
    ("next month", FRIDAY, "future", ("2016-07-01", "month")),
    ("earlier this year", FRIDAY, "past", ("2016-01-01", "year")),
    ("last year", FRIDAY, "past", ("2015-01-01", "year")),
    ("later this year", FRIDAY, "future", ("2016-01-01", "year")),
    # N units ago
    ("two days ago", FRIDAY, "past", ("2016-06-01", "day")),
    ("three weeks ago", FRIDAY, "past", ("2016-05-09", "week")),
    ("a year ago", FRIDAY, "past", ("2015-01-01", "year")),
]


@pytest.mark.parametrize(("text", "pub", "tense", "expected"), EXPRESSIONS)
def test_parse_date_expression(text, pub, tense, expected):
    assert parse_date_expression(text, pub, tense) == expected


@pytest.mark.parametrize("text", ["25 years", "decades", "12-year", "days", "the 1990s", "for weeks", ""])
def test_durations_are_not_dates(text):
    assert parse_date_expression(text, FRIDAY, "past") is None


def test_relative_expressions_need_a_publication_date():
    assert parse_date_expression("Monday", None, "past") is None
    assert parse_date_expression("next week", None, "future") is None
    assert parse_date_expression("March 3", None, "past") is None
    assert parse_date_expression("March 3, 2021", None, "past") == ("2021-03-03", "day")


CLAUSES = [
    (
        "The Swedish king is flying to Tokyo next week, a palace source said on Wednesday.",
        "flying",
        FRIDAY,
        ("2016-06-06", "week", "next week"),
    ),
    (
        "The Swedish king is flying to Tokyo next week, a palace source said on Wednesday.",
        "said",
        FRIDAY,
        ("2016-06-01", "day", "Wednesday"),
    ),
    ("The senator will make the trip Monday.", "trip", FRIDAY, ("2016-06-06", "day", "Monday")),
    ("The senator made the trip Monday.", "made", FRIDAY, ("2016-05-30", "day", "Monday")),
    ("Rebels attacked the base yesterday.", "attacked", FRIDAY, ("2016-06-02", "day", "yesterday")),
    ("The two leaders met in Lima on March 3, 2015.", "met", FRIDAY, ("2015-03-03", "day", "March 3, 2015")),
    (
        "Earlier this year, Chile expelled two diplomats.",
        "expelled",
        FRIDAY,
        ("2016-01-01", "year", "Earlier this year"),
    ),
    # an event noun in an adjunct of the verb shares the clause
    (
        "The envoy raised the issue during their meeting in Lima last month.",
        "meeting",
        FRIDAY,
        ("2016-05-01", "month", "last month"),
    ),
    (
        "The envoy raised the issue during their meeting in Lima last month.",
        "raised",
        FRIDAY,
        ("2016-05-01", "month", "last month"),
    ),
]


@pytest.mark.parametrize(("text", "word", "pub", "expected"), CLAUSES)
def test_resolve_date(nlp, text, word, pub, expected):
    assert resolve_date(token(nlp, text, word), pub) == expected


def test_a_date_in_another_clause_is_not_the_events(nlp):
    text = "Peru recalled its envoy after Chile expelled two diplomats last week."
    # "last week" belongs to the expulsion, not to the recall.
    assert resolve_date(token(nlp, text, "expelled"), FRIDAY) == ("2016-05-23", "week", "last week")
    assert resolve_date(token(nlp, text, "recalled"), FRIDAY) == ("2016-06-03", "day", None)


def test_a_reported_clause_takes_the_report_date_unless_planned(nlp):
    text = "The spokesman said Tuesday that Peru values its ties with Chile."
    assert resolve_date(token(nlp, text, "values"), FRIDAY) == ("2016-05-31", "day", "Tuesday")
    text = "The spokesman said Tuesday that Peru will recall its envoy."
    assert resolve_date(token(nlp, text, "recall"), FRIDAY) == ("2016-06-03", "day", None)


def test_a_newspaper_name_is_not_a_date(nlp):
    text = "The minister told USA Today that Chile expelled the diplomats."
    assert resolve_date(token(nlp, text, "expelled"), FRIDAY) == ("2016-06-03", "day", None)


def test_no_date_falls_back_to_publication_date(nlp):
    tok = token(nlp, "Rebels attacked the base.", "attacked")
    assert resolve_date(tok, FRIDAY) == ("2016-06-03", "day", None)
    assert resolve_date(tok, None) == (None, None, None)


def test_tense(nlp):
    assert tense_of(token(nlp, "Rebels attacked the base.", "attacked")) == "past"
    assert tense_of(token(nlp, "Rebels have attacked the base.", "attacked")) == "past"
    assert tense_of(token(nlp, "Rebels will attack the base.", "attack")) == "future"
    assert tense_of(token(nlp, "Rebels are attacking the base.", "attacking")) == "present"
    assert tense_of(token(nlp, "Rebels are attacking the base tomorrow.", "attacking")) == "future"


def test_two_events_of_one_sentence_keep_their_own_dates(nlp):
    # Time expressions are found once per sentence; each event still takes the one in its clause.
    text = "Putin met Netanyahu on Monday, and Lavrov will visit Ankara next Thursday."
    doc = nlp(text)
    met = next(t for t in doc if t.text == "met")
    visit = next(t for t in doc if t.text == "visit")
    assert resolve_date(met, FRIDAY)[:2] == ("2016-05-30", "day")
    assert resolve_date(visit, FRIDAY)[:2] == ("2016-06-09", "day")
    assert resolve_date(met, FRIDAY) == resolve_date(met, FRIDAY)
