"""Line reading shared by the PETRARCH/TABARI dictionary readers.

The formats share their comment rules (PETRARCH's dictionary documentation): ``<!-- ... -->``
(on one line or across lines), ``#`` to the end of a line, and the legacy KEDS/TABARI ``;``.
Every reader also reports what it could not use: :class:`Unsupported` counts each construct it
skipped, with a few examples, so that nothing in a user's dictionary is dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tacitus.errors import DataFileError

# Examples kept per unsupported construct: enough to find them in the file, not a copy of it.
EXAMPLES_PER_CONSTRUCT = 3
_INLINE_XML_COMMENT = re.compile(r"<!--.*?-->")


@dataclass
class Unsupported:
    """Constructs a reader skipped, counted by kind, with ``file:line: text`` examples."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, construct: str, where: str, text: str) -> None:
        self.counts[construct] += 1
        shown = self.examples.setdefault(construct, [])
        if len(shown) < EXAMPLES_PER_CONSTRUCT:
            shown.append(f"{where}: {text.strip()[:120]}")

    def merge(self, other: Unsupported) -> None:
        for construct, n in other.counts.items():
            self.counts[construct] += n
            shown = self.examples.setdefault(construct, [])
            for ex in other.examples.get(construct, []):
                if len(shown) < EXAMPLES_PER_CONSTRUCT:
                    shown.append(ex)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        """One readable line per construct, most frequent first."""
        out = []
        for construct, n in self.counts.most_common():
            example = self.examples.get(construct, [""])[0]
            out.append(f"{n:6d}  {construct}  (e.g. {example})")
        return out


@dataclass(frozen=True)
class Line:
    """One dictionary line with its comments removed. ``raw`` keeps leading whitespace, which
    matters in actor files (a tab-indented ``[CODE date]`` line is a date restriction)."""

    number: int
    raw: str
    text: str  # stripped of comments and surrounding whitespace

    @property
    def indented(self) -> bool:
        return self.raw[:1] in (" ", "\t")


def read_text(path: Path) -> str:
    """The file's text. The Phoenix files are mostly ASCII with a few Latin-1 bytes, so a failed
    UTF-8 decode falls back to Latin-1 rather than refusing the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read the dictionary file ({exc.strerror}).") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def lines(path: Path, legacy_semicolon: bool = True) -> Iterator[Line]:
    """The file's lines without comments; blank lines are kept (some formats end blocks on them).

    ``legacy_semicolon``: ``;`` starts a comment (TABARI). Verb files pass False because their
    comments use ``#`` only and a ``;`` there is part of nothing we read either way.
    """
    in_comment = False
    for number, raw in enumerate(read_text(path).splitlines(), 1):
        line = raw
        if in_comment:
            end = line.find("-->")
            if end < 0:
                continue
            line = line[end + 3 :]
            in_comment = False
        line = _INLINE_XML_COMMENT.sub("", line)
        start = line.find("<!--")
        if start >= 0:
            in_comment = True
            line = line[:start]
        if line.lstrip().startswith("<!"):  # "<! -- ... -->" and other SGML-ish lines
            if "-->" not in line:
                in_comment = True
            continue
        line = _cut_comment(line, "#;" if legacy_semicolon else "#")
        yield Line(number, raw, line.strip())


def _cut_comment(line: str, markers: str) -> str:
    """The line up to the first comment marker outside brackets: ``[###]`` is a code (TABARI's
    old discard code), not a comment."""
    if not any(m in line for m in markers):
        return line
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch in markers and depth == 0:
            return line[:i]
    return line


def where(path: Path, line: Line | int) -> str:
    number = line.number if isinstance(line, Line) else line
    return f"{path.name}:{number}"


_BRACKETS = re.compile(r"\[([^\]]*)\]")


def brackets(text: str) -> tuple[str, list[str]]:
    """``"PHRASE [A] [B]"`` -> ``("PHRASE", ["A", "B"])``: the text before the first bracket and
    the contents of every bracket pair."""
    found = _BRACKETS.findall(text)
    head = text.split("[", 1)[0].strip()
    return head, [f.strip() for f in found]


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A dictionary phrase as upper-case words: ``_`` and blanks both separate words."""
    return tuple(w for w in re.split(r"[\s_]+", phrase.upper()) if w)
