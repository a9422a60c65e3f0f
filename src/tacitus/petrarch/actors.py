"""Reading PETRARCH/TABARI actor and agent dictionaries.

**Actors** (``*.actors.txt``): a primary phrase with an optional code, ``+`` synonym lines, and
date restrictions on indented lines (or on the primary line)::

    GOLLUM                      # primary phrase, no default code
    +SMEAGOL                    # synonym
        [HOB < 950601]          # before (or on) the date
        [HOBGOV 19950601 - 19990815]
        [HOBREB > 990816]       # after (or on) the date
    THE_SHIRE  [FRO/BIL/SAM]    # several actors at once

Dates are ``YYMMDD`` or ``YYYYMMDD``; the first restriction that covers the article's date wins,
else the default code. ``---`` is the null code.

**Agents** (``*.agents.txt``): ``PHRASE {PLURALS} [~CODE]`` adds ``CODE`` after the actor's
code (``POLICE {} [~COP]``: "Russian police" -> ``RUSCOP``), ``[CODE~]`` puts it before
(``MSF {} [NGO~]``). Regular plurals are generated unless ``{}`` says otherwise, and
``!PERSON! = MAN, WOMAN`` defines a substitution set used as ``CONGRESS!PERSON!``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from tacitus.petrarch.forms import noun_plurals
from tacitus.petrarch.phrases import Phrase
from tacitus.petrarch.reader import Unsupported, brackets, lines, where

NULL_CODE = "---"
# Two-digit years below this are 20YY (the Phoenix files run to 2014), others 19YY (from 1931).
YEAR_PIVOT = 30
_RESTRICTION = re.compile(
    r"^(?P<code>[^\s<>]+)?\s*(?:(?P<op>[<>])\s*(?P<date>\d+)|(?P<d1>\d+)\s*-\s*(?P<d2>\d+))?\s*$"
)
_SUBSTITUTION = re.compile(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$")
_MARKER = re.compile(r"![A-Z0-9_]+!")


@dataclass(frozen=True)
class DatedCode:
    """Codes valid from ``start`` to ``end`` (both inclusive; None is open)."""

    codes: tuple[str, ...]  # () is the null code
    start: dt.date | None
    end: dt.date | None

    def covers(self, when: dt.date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class ActorEntry:
    name: str  # the primary phrase, as written (``_`` shown as blanks)
    phrases: tuple[Phrase, ...]  # primary first, then synonyms
    default: tuple[str, ...] | None  # None: no default code given
    dated: tuple[DatedCode, ...]
    origin: str  # file:line of the primary phrase

    def codes_at(self, when: dt.date | None) -> tuple[str, ...]:
        """The actor's codes at a date: the first covering restriction, else the default.

        Without a date the default is used, else the restriction that reaches latest (the
        actor's current code): an undated article is more often recent than old.
        """
        if when is not None:
            for d in self.dated:
                if d.covers(when):
                    return d.codes
            return self.default or ()
        if self.default is not None:
            return self.default
        if self.dated:
            return max(self.dated, key=lambda d: d.end or dt.date.max).codes
        return ()

    @property
    def all_codes(self) -> set[str]:
        out = set(self.default or ())
        for d in self.dated:
            out.update(d.codes)
        return out


@dataclass(frozen=True)
class AgentEntry:
    phrase: Phrase
    code: str  # without the ~
    prefix: bool  # ``CODE~``: written before the actor's code
    origin: str


def parse_date(text: str) -> dt.date | None:
    """``YYMMDD`` or ``YYYYMMDD``; None when it is neither (the caller counts it)."""
    try:
        if len(text) == 8:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 6:
            yy = int(text[:2])
            return dt.date((2000 if yy < YEAR_PIVOT else 1900) + yy, int(text[2:4]), int(text[4:]))
    except ValueError:
        return None
    return None


def parse_codes(code: str) -> tuple[str, ...]:
    """``"ELR/GAL"`` -> ``("ELR", "GAL")``; ``"---"`` -> ``()``."""
    parts = [c.strip().upper() for c in code.split("/") if c.strip()]
    return tuple(c for c in parts if c != NULL_CODE)


def _restriction(content: str, at: str, text: str, unsupported: Unsupported) -> DatedCode | None:
    m = _RESTRICTION.match(content)
    if m is None or m["code"] is None:
        unsupported.add("actor code block that is not [CODE], [CODE <date], [CODE >date] or [CODE d1-d2]", at, text)
        return None
    codes = parse_codes(m["code"])
    if m["op"]:
        when = parse_date(m["date"])
        if when is None:
            unsupported.add("date that is not YYMMDD or YYYYMMDD", at, text)
            return None
        return DatedCode(codes, None, when) if m["op"] == "<" else DatedCode(codes, when, None)
    if m["d1"]:
        start, end = parse_date(m["d1"]), parse_date(m["d2"])
        if start is None or end is None:
            unsupported.add("date that is not YYMMDD or YYYYMMDD", at, text)
            return None
        return DatedCode(codes, start, end)
    return DatedCode(codes, None, None)  # a bare code: the default


class _ActorBuilder:
    def __init__(self, name: str, origin: str) -> None:
        self.name = name
        self.origin = origin
        self.phrases: list[Phrase] = []
        self.default: tuple[str, ...] | None = None
        self.dated: list[DatedCode] = []

    def add_codes(self, contents: list[str], at: str, text: str, unsupported: Unsupported) -> None:
        for content in contents:
            r = _restriction(content, at, text, unsupported)
            if r is None:
                continue
            if r.start is None and r.end is None:
                if self.default is None:
                    self.default = r.codes
                else:
                    unsupported.add("second default code for one actor (the first is kept)", at, text)
            else:
                self.dated.append(r)

    def build(self) -> ActorEntry:
        return ActorEntry(self.name, tuple(self.phrases), self.default, tuple(self.dated), self.origin)


def read_actors(path: Path, unsupported: Unsupported) -> list[ActorEntry]:
    """Every actor entry in an actor dictionary, in file order."""
    entries: list[ActorEntry] = []
    current: _ActorBuilder | None = None

    def close() -> None:
        if current is not None and current.phrases:
            if current.default is None and not current.dated:
                unsupported.add("actor with no code at all (matched, coded as null)", current.origin, current.name)
            entries.append(current.build())

    for line in lines(path):
        text = line.text
        if not text:
            continue
        at = where(path, line)
        if text.startswith("["):
            if current is None:
                unsupported.add("code line before any actor", at, text)
                continue
            _, contents = brackets(text)
            current.add_codes(contents, at, text, unsupported)
            continue
        if text.startswith("+"):
            if current is None:
                unsupported.add("synonym before any actor", at, text)
                continue
            head, contents = brackets(text[1:])
            if head:
                current.phrases.append(Phrase.parse(head))
            if contents:
                unsupported.add("code on a synonym line (applied to the whole actor)", at, text)
                current.add_codes(contents, at, text, unsupported)
            continue
        close()
        head, contents = brackets(text)
        if not head:
            unsupported.add("line with no phrase", at, text)
            current = None
            continue
        current = _ActorBuilder(" ".join(head.replace("_", " ").split()), at)
        current.phrases.append(Phrase.parse(head))
        current.add_codes(contents, at, text, unsupported)
    close()
    return entries


def read_agents(path: Path, unsupported: Unsupported) -> list[AgentEntry]:
    """Every agent phrase (plurals and substitutions expanded) in an agent dictionary."""
    substitutions: dict[str, list[str]] = {}
    out: list[AgentEntry] = []
    for line in lines(path):
        text = line.text
        if not text:
            continue
        at = where(path, line)
        sub = _SUBSTITUTION.match(text.upper())
        if sub:
            substitutions[sub[1]] = [s.strip() for s in sub[2].split(",") if s.strip()]
            continue
        head, contents = brackets(text)
        plural_spec: list[str] | None = None
        brace = re.search(r"\{([^}]*)\}", head)
        if brace:
            plural_spec = brace[1].split()
            head = (head[: brace.start()] + head[brace.end() :]).strip()
        if not head or len(contents) != 1:
            unsupported.add("agent line that is not PHRASE {PLURALS} [~CODE]", at, text)
            continue
        code = contents[0].replace(" ", "").upper()
        if code.startswith("~"):
            prefix, code = False, code[1:]
        elif code.endswith("~"):
            prefix, code = True, code[:-1]
        else:
            unsupported.add("agent code without ~ (read as ~CODE)", at, text)
            prefix = False
        if not code:
            unsupported.add("agent with an empty code", at, text)
            continue
        singulars = _substitute(head.upper(), substitutions, at, text, unsupported)
        if singulars is None:
            continue
        forms = list(singulars)
        substituted = bool(_MARKER.search(head.upper()))
        if plural_spec is not None:
            forms += [p.upper() for p in plural_spec]
        elif not substituted:  # substitution sets list their plurals themselves
            for s in singulars:
                forms += [_replace_last_word(s, p) for p in noun_plurals(_last_word(s))]
        for form in dict.fromkeys(forms):
            out.append(AgentEntry(Phrase.parse(form), code, prefix, at))
    return out


def _substitute(
    phrase: str, table: dict[str, list[str]], at: str, text: str, unsupported: Unsupported
) -> list[str] | None:
    markers = _MARKER.findall(phrase)
    if not markers:
        return [phrase]
    forms = [phrase]
    for marker in dict.fromkeys(markers):
        if marker not in table:
            unsupported.add("undefined !SUBSTITUTION! marker", at, text)
            return None
        forms = [f.replace(marker, alt) for f in forms for alt in table[marker]]
    return forms


def _last_word(phrase: str) -> str:
    return re.split(r"[\s_]+", phrase.strip())[-1]


def _replace_last_word(phrase: str, word: str) -> str:
    stripped = phrase.rstrip()
    return stripped[: len(stripped) - len(_last_word(stripped))] + word
