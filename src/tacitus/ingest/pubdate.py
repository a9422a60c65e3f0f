"""Publication dates: parse a date value, and find the date line of an article.

Two jobs, one set of patterns:

* :func:`parse_date` reads a value that is meant to be a date (a corpus ``date`` field, HTML
  metadata). It accepts ISO dates and timestamps, ``June 3, 2016``, ``3 June 2016``, RFC 2822
  (``Fri, 03 Jun 2016 10:00:00 GMT``) and other forms ``dateutil`` reads in full.
* :func:`match_date_line` says whether a whole line of an article is a date line
  (``Published: June 3, 2016``, ``June 3, 2016 10:00 AM``, ``2016-06-03`` alone on a line).
  Only whole lines count: a date inside a sentence ("met in Moscow on January 30, 2020") is
  about an event, not about the article, and must never become the publication date.

A numeric date whose day and month could be swapped (``03/06/2016``: 3 June or March 6?) is
refused rather than guessed: a wrong date silently shifts every event of the article, while a
missing one is visible and the user can pass ``--date``.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Each form names its groups, so one function turns any match into a date.
_DATE_FORMS = [
    # 2016-06-03, 2016/06/03, 2016-06-03T10:00:00Z (the time part is matched by _TIME below)
    rf"{_YEAR}[-/.](?P<mnum>[01]?\d)[-/.]{_DAY}",
    # June 3, 2016 / Jun. 3 2016
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}",
    # 3 June 2016 / 3 Jun. 2016
    rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}",
    # 03/06/2016 or 03.06.2016 or 13-06-2016: day and month are told apart only when one is > 12
    r"(?P<a>[0-3]?\d)[-/.](?P<b>[0-3]?\d)[-/.](?P<year>(?:19|20)\d\d)",
]
# A time of day with an optional time zone; the zone letters are matched case-sensitively so
# that a trailing word ("... 10:00 hello") does not pass for a zone.
_CLOCK = r"(?:[01]?\d|2[0-3])[:.h][0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:\s*[ap]\.?\s?m\.?)?"
_ZONE = r"(?:\s*(?:(?-i:Z|[A-Z]{2,5})|(?:UTC|GMT)?\s?[+-]\d\d?(?::?\d\d)?))?"
_TIME = rf"(?:T|,?\s*(?:at\s+)?){_CLOCK}{_ZONE}"
_LABEL = (
    r"(?P<label>published|first published|posted|updated|last updated|last modified|modified"
    r"|date|dated|issued)(?:\s+on)?\s*[:\-\u2013\u2014]?\s*"
)
_DATE_RE = [re.compile(form, re.IGNORECASE) for form in _DATE_FORMS]
# A date line: an optional label, an optional time, a date, an optional time, nothing else.
_LINE_RE = [
    re.compile(rf"^(?:{_LABEL})?(?:{_CLOCK}{_ZONE},?\s+)?(?:{form})(?:{_TIME})?\s*\.?$", re.IGNORECASE)
    for form in _DATE_FORMS
]

LABEL_KINDS = {
    "updated": "updated",
    "last updated": "updated",
    "last modified": "updated",
    "modified": "updated",
}


def _to_date(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    year = int(groups["year"])
    if groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        elif a == b:
            day, month = a, b
        else:
            return None  # ambiguous: see the module docstring
    elif groups.get("mnum"):
        month, day = int(groups["mnum"]), int(groups["day"])
    else:
        month, day = _MONTHS[groups["month"].lower()[:3]], int(groups["day"])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def match_date_line(line: str) -> tuple[dt.date, str] | None:
    """The date of a line that is nothing but a date, with its kind.

    Returns ``(date, kind)`` where kind is ``"published"`` for a labelled publication line,
    ``"updated"`` for an update stamp, or ``"bare"`` for a date alone; ``None`` when the line is
    anything else (including an ambiguous numeric date).
    """
    text = line.strip()
    if len(text) > 80:  # a date line is short; this also keeps the regexes cheap on prose
        return None
    for regex in _LINE_RE:
        m = regex.match(text)
        if m:
            date = _to_date(m)
            if date is None:
                return None
            label = (m.group("label") or "").lower()
            kind = LABEL_KINDS.get(label, "published") if label else "bare"
            return date, kind
    return None


def find_date(text: str, top_lines: int = 15) -> dt.date | None:
    """The publication date given by a date line of ``text``, or ``None``.

    A labelled line (``Published: ...``) counts anywhere; a bare date only among the first
    ``top_lines`` non-blank lines, where a page puts its date stamp. A publication line wins over
    a bare date, which wins over an ``Updated`` stamp (that is a later date).
    """
    best: dict[str, dt.date] = {}
    nonblank = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        nonblank += 1
        found = match_date_line(line)
        if found is None:
            continue
        date, kind = found
        if kind == "bare" and nonblank > top_lines:
            continue
        best.setdefault(kind, date)
    for kind in ("published", "bare", "updated"):
        if kind in best:
            return best[kind]
    return None


def parse_date(value: object) -> dt.date | None:
    """A date from a metadata value, or ``None`` when it is not a complete, unambiguous date.

    Never raises: a bad date in one corpus record must not stop the run.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for regex in _DATE_RE:
        m = regex.fullmatch(text) or regex.match(text)
        if m and (m.end() == len(text) or re.fullmatch(_TIME + r"\s*\.?", text[m.end() :], re.IGNORECASE)):
            return _to_date(m)
    return _parse_with_dateutil(text)


def _parse_with_dateutil(text: str) -> dt.date | None:
    """Other complete forms (RFC 2822 and the like), through dateutil.

    dateutil fills missing parts from a default date, so ``"June 2016"`` would silently become
    a day of June: parsing twice with two different defaults shows whether any part was missing.
    """
    from dateutil import parser

    if re.fullmatch(r"[\d\s/.-]+", text):
        return None  # bare numbers are the ambiguous cases refused above
    try:
        first = parser.parse(text, default=dt.datetime(2000, 1, 1))
        second = parser.parse(text, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if first.date() != second.date():
        return None
    return first.date()
