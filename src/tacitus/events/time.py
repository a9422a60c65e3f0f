"""When an event happened (or is to happen): an ISO date, its precision and the words it came from.

:func:`resolve_date` looks for a time expression attached to the trigger's own clause: a ``DATE``
or ``TIME`` entity (or a bare "Monday", "yesterday" the tagger missed) whose attachment point
belongs to the same clause as the trigger (the trigger's subtree and the words governing it, up to
the clause head). A date in another clause ("said Monday that ...", "after Netanyahu made the
request earlier this year") is not the event's date. The nearest expression in the parse wins; a
tie goes to the more precise one.

When the clause has none, a reported clause takes the date of its report ("Peskov said Monday
that Russia values ...") unless the event is planned, since a report's date is not the date of a
future event. When nothing is found the event gets the publication date with precision ``day``
and no words, or ``(None, None, None)`` without a publication date.

:func:`parse_date_expression` reads one expression:

* absolute: "January 30, 2020" (day), "on November 1" (day, year from the publication date),
  "June 2016" (month), "in June" (month), "in 2019" / "early 2020" (year);
* relative to the publication date: "today", "tonight", "yesterday", "tomorrow"; a weekday
  ("Monday", "late Thursday", "on Friday", "last Monday", "next Monday"): in a past-tense clause
  the latest such day on or before the publication date, in a future or planned one the first on
  or after it, in the present the nearer of the two; "this/last/next week" (the Monday of that
  week, precision ``week``); "this/earlier this/last/next month" (the first of the month,
  ``month``); "this/earlier this/last/next year" (1 January, ``year``); "recent weeks" / "recent
  days" / "coming days" (the Monday of the publication week, ``week``), "recent months" (``month``);
  "N days/weeks/months/years ago".
* durations ("25 years", "decades", "12-year") are not dates and give None.

Calendar words (months, weekdays, number words) are in ``data/lexicon/modality.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dateutil.relativedelta import relativedelta

from tacitus.events.modality import (
    PLANNED,
    clause_head,
    context_lexicon,
    event_chain,
    governing_chain,
    is_clause_head,
    is_past,
    status_of,
    words_of,
)
from tacitus.nlp.index import doc_index

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
TIME_LABELS = frozenset({"DATE", "TIME"})
DEICTIC = frozenset({"today", "yesterday", "tomorrow", "tonight"})
ISO_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?!s)")
WORD_RE = re.compile(r"[a-z]+|\d+")
# Words that make "week", "month", "year" a date rather than a length of time.
QUALIFIERS = frozenset(
    {
        "this",
        "last",
        "next",
        "past",
        "previous",
        "recent",
        "coming",
        "earlier",
        "later",
        "following",
        "current",
    }
)
AGO_RE = re.compile(r"\b(\d+|[a-z]+)\s+(day|week|month|year)s?\s+ago\b")

Result = tuple[str | None, str | None, str | None]


def resolve_date(trigger: Any, pub_date: dt.date | None) -> Result:
    """``(iso_date, precision, words)`` for an event's trigger token (see the module docstring)."""
    status = status_of(trigger)
    found = _date_in_clause(trigger, pub_date, _tense(trigger, status))
    if found is None and status != PLANNED:
        reporter = _reporting_verb(trigger)
        if reporter is not None:
            found = _date_in_clause(reporter, pub_date, tense_of(reporter))
    if found is not None:
        return found
    if pub_date is not None:
        return pub_date.isoformat(), "day", None
    return None, None, None


def tense_of(trigger: Any) -> str:
    """``past``, ``present`` or ``future`` for the trigger's clause, to place a bare weekday."""
    return _tense(trigger, status_of(trigger))


def _tense(trigger: Any, status: str) -> str:
    """:func:`tense_of`, given the trigger's status (already known to :func:`resolve_date`)."""
    if status == PLANNED:
        return "future"
    lex = context_lexicon()
    chain = governing_chain(trigger)
    for tok in chain:
        for c in tok.children:
            if c.dep_ == "aux" and c.tag_ == "MD" and words_of(c) & lex.m("planned_auxiliaries"):
                return "future"
    head = clause_head(trigger)
    if is_past(head) or any(is_past(t) for t in chain if t.pos_ in {"VERB", "AUX"}):
        return "past"
    if head.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children):
        return "past"  # "has met": a present perfect reports a past event
    return "present"


def parse_date_expression(text: str, pub_date: dt.date | None, tense: str = "past") -> tuple[str, str] | None:
    """``(iso_date, precision)`` for one time expression, or None if it names no date."""
    norm = text.lower().replace("’", "'").replace("'s", "")
    words = WORD_RE.findall(norm)
    if not words:
        return None
    found = _absolute(norm, words, pub_date, tense)
    if found is None and pub_date is not None:
        found = _relative(norm, words, pub_date, tense)
    if found is None:
        return None
    day, precision = found
    return day.isoformat(), precision


# --------------------------------------------------------------------------------------------
# Absolute dates
# --------------------------------------------------------------------------------------------


def _absolute(norm: str, words: list[str], pub: dt.date | None, tense: str) -> tuple[dt.date, str] | None:
    iso = ISO_RE.search(norm)
    if iso:
        return _safe_date(int(iso[1]), int(iso[2]), int(iso[3]), "day")
    months = context_lexicon().time["months"]
    year_match = YEAR_RE.search(norm)
    year = int(year_match[1]) if year_match else None
    for k, w in enumerate(words):
        if w not in months:
            continue
        month = months[w]
        day = _day_number(words, k)
        if year is None and pub is None:
            return None
        if day is not None:
            y = year if year is not None else _infer_year(pub, month, day, tense)
            return _safe_date(y, month, day, "day")
        y = year if year is not None else _infer_year(pub, month, None, tense)
        return _safe_date(y, month, 1, "month")
    if year is not None and not _is_duration(words):
        return dt.date(year, 1, 1), "year"
    return None


def _day_number(words: list[str], k: int) -> int | None:
    """The day beside a month name: "January 30", "30 January", "January 30th"."""
    for j in (k + 1, k - 1):
        if 0 <= j < len(words) and words[j].isdigit() and len(words[j]) <= 2 and 1 <= int(words[j]) <= 31:
            return int(words[j])
    # "30th January": WORD_RE splits "30th" into "30" and "th".
    if k >= 2 and words[k - 1] in {"st", "nd", "rd", "th"} and words[k - 2].isdigit():
        day = int(words[k - 2])
        return day if 1 <= day <= 31 else None
    return None


def _infer_year(pub: dt.date | None, month: int, day: int | None, tense: str) -> int:
    """The year of a month (and day) named without one, seen from the publication date."""
    assert pub is not None
    candidate = (month, day or 1)
    now = (pub.month, pub.day if day is not None else 1)
    if tense == "past" and candidate > now:
        return pub.year - 1
    if tense == "future" and candidate < now:
        return pub.year + 1
    return pub.year


def _safe_date(y: int, m: int, d: int, precision: str) -> tuple[dt.date, str] | None:
    try:
        return dt.date(y, m, d), precision
    except ValueError:
        return None


def _is_duration(words: list[str]) -> bool:
    return any(w in {"years", "decades", "months"} for w in words)


# --------------------------------------------------------------------------------------------
# Relative dates
# --------------------------------------------------------------------------------------------


def _relative(norm: str, words: list[str], pub: dt.date, tense: str) -> tuple[dt.date, str] | None:
    lex = context_lexicon()
    ago = AGO_RE.search(norm)
    if ago:
        n = _number(ago[1])
        if n is not None:
            unit = ago[2]
            return _start_of(pub - relativedelta(**{f"{unit}s": n}), unit), unit
    ws = set(words)
    if ws & {"today", "tonight", "now"} or ("this" in ws and ws & {"morning", "afternoon", "evening"}):
        return pub, "day"
    if "yesterday" in ws or ("last" in ws and "night" in ws):
        return pub - dt.timedelta(days=1), "day"
    if "tomorrow" in ws:
        return pub + dt.timedelta(days=1), "day"
    weekdays = lex.time["weekdays"]
    for w in words:
        if w in weekdays:
            return _weekday(pub, weekdays[w], tense, words), "day"
    if "weekend" in ws:
        return _weekday(pub, 5, tense, words), "day"
    if not ws & QUALIFIERS:
        return None  # "days after", "for weeks": a duration, not a date
    step = _step(words)
    if ws & {"week", "weeks", "days"}:
        monday = pub - dt.timedelta(days=pub.weekday())
        return monday + dt.timedelta(weeks=step), "week"
    if ws & {"month", "months"}:
        return pub.replace(day=1) + relativedelta(months=step), "month"
    if ws & {"year", "years"}:
        return dt.date(pub.year + step, 1, 1), "year"
    return None


def _start_of(day: dt.date, precision: str) -> dt.date:
    """The date that stands for a week (its Monday), a month (the 1st) or a year (1 January)."""
    if precision == "week":
        return day - dt.timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def _step(words: list[str]) -> int:
    """-1 for "last/past/previous", +1 for "next/coming", 0 for "this/earlier this/recent".

    "past" and "coming" name the unit itself only in the singular ("the past week"); in the plural
    ("in the past weeks", "in the coming days") they reach up to the publication date.
    """
    ws = set(words)
    plural = bool(ws & {"weeks", "days", "months", "years"})
    if "last" in ws or "previous" in ws or ("past" in ws and not plural):
        return -1
    if "next" in ws or ("coming" in ws and not plural) or "following" in ws:
        return 1
    return 0


def _weekday(pub: dt.date, weekday: int, tense: str, words: list[str]) -> dt.date:
    back = (pub.weekday() - weekday) % 7
    forward = (weekday - pub.weekday()) % 7
    if "last" in words or "past" in words or "previous" in words:
        return pub - dt.timedelta(days=back or 7)
    if "next" in words or "coming" in words:
        return pub + dt.timedelta(days=forward or 7)
    if tense == "future":
        return pub + dt.timedelta(days=forward)
    if tense == "past":
        return pub - dt.timedelta(days=back)
    return pub - dt.timedelta(days=back) if back <= forward else pub + dt.timedelta(days=forward)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return context_lexicon().time["number_words"].get(word)


# --------------------------------------------------------------------------------------------
# Finding the expression in the parse
# --------------------------------------------------------------------------------------------


def _date_in_clause(trigger: Any, pub: dt.date | None, tense: str) -> Result | None:
    expressions = _sentence_expressions(trigger)
    if not expressions:
        return None
    chain = {t.i for t in event_chain(trigger)}
    doc = trigger.doc
    candidates: list[tuple[int, int, str, str, str]] = []
    for text, anchor_i in expressions:
        anchor = doc[anchor_i]
        if not _in_event_clause(anchor, chain):
            continue
        parsed = parse_date_expression(text, pub, tense)
        if parsed is None:
            continue
        iso, precision = parsed
        candidates.append((_distance(trigger, anchor), PRECISION_RANK[precision], iso, precision, text))
    if not candidates:
        return None
    _, _, iso, precision, words = min(candidates)
    return iso, precision, words


def _sentence_expressions(trigger: Any) -> list[tuple[str, int]]:
    """The time expressions of the trigger's sentence that hang on a word, as ``(words, anchor
    token index)``. Found once per sentence: a sentence with several events (and each event's
    reporting verb) asks again, and the search walks every token and entity of the sentence."""
    ix = doc_index(trigger.doc)
    start, end = ix.sent_bounds(trigger.i)
    memo = ix.memo.setdefault("time_expressions", {})
    found = memo.get(start)
    if found is None:
        found = memo[start] = [
            (span.text, anchor.i)
            for span in _time_spans(trigger.doc[start:end])
            if (anchor := _anchor(span)) is not None
        ]
    return found


def _time_spans(sent: Any) -> list[Any]:
    """DATE/TIME entities, and lone weekday or "yesterday"-type words the tagger missed."""
    lex = context_lexicon()
    doc = sent.doc
    ix = doc_index(doc)
    ents = [e for e in ix.entities_within(sent.start, sent.end) if e.label_ in TIME_LABELS]
    spans = [e.span(doc) for e in ents]
    covered = {i for e in ents for i in range(e.start, e.end)}
    lower, ent_type, pos = ix.tokens.lower, ix.tokens.ent_type, ix.tokens.pos
    for i in range(sent.start, sent.end):
        if i in covered or ent_type[i] not in {"", *TIME_LABELS}:
            continue  # "USA Today" is a newspaper, not a day
        if lower[i] in DEICTIC or (lower[i] in lex.time["weekdays"] and pos[i] == "PROPN"):
            left = i
            # Keep a modifier: "late Thursday", "last Monday".
            if left > sent.start and lower[left - 1] in {"late", "early", "last", "next", "this"}:
                left -= 1
            spans.append(doc[left : i + 1])
    return spans


def _in_event_clause(anchor: Any, chain: set[int]) -> bool:
    """Whether a time expression's anchor is in the trigger's clause and modifies the event:
    it hangs on the trigger's subtree or on a word governing the trigger, without crossing into
    another clause ("after Netanyahu made the request earlier this year" is not the return's
    date) or out of an adjunct ("in honor of 25 years of talks" is not dated by the visit)."""
    tok = anchor
    while tok.i not in chain:
        if is_clause_head(tok) or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


def _anchor(span: Any) -> Any | None:
    """The word a time expression modifies: out of the span, through its preposition."""
    tok = span.root
    ids = {t.i for t in span}
    while tok.i in ids:
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    while tok.pos_ == "ADP" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _distance(trigger: Any, anchor: Any) -> int:
    """Steps between the trigger and the word the time expression hangs on."""
    if anchor.i == trigger.i:
        return 0
    for n, anc in enumerate(trigger.ancestors, start=1):
        if anc.i == anchor.i:
            return n
    for n, anc in enumerate(anchor.ancestors, start=1):
        if anc.i == trigger.i:
            return n
    return 100


def _reporting_verb(trigger: Any) -> Any | None:
    """The verb of saying whose complement is the trigger's clause, if any."""
    lex = context_lexicon()
    head = clause_head(trigger)
    reporting = lex.attribution["reporting_verbs"]
    if head.dep_ in {"ccomp", "parataxis"} and words_of(head.head) & reporting:
        return head.head
    for c in head.children:
        if c.dep_ == "parataxis" and words_of(c) & reporting:
            return c
    return None
