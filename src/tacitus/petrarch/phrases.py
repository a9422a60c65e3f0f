"""Dictionary phrases and where they occur in a parsed sentence.

A PETRARCH phrase is a sequence of words: ``_`` joins words that must be consecutive, a blank
lets other words stand between them ("ITHILEN TELEVISION" matches "Ithilen state-run
television"). Matching is on upper-cased words, as PETRARCH does.

Sentences are seen as a *word stream*: spaCy tokens, with a token split where the dictionaries
split words (``Dol_Amroth`` is two words; ``state-run`` is ``STATE - RUN``), each word remembering
its token. Dictionary words are split the same way, so "BARAD-DUR" matches whether spaCy keeps
"Barad-dur" whole or cuts it at the hyphen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# At most this many words may stand between two words joined by a blank: within a noun phrase
# ("Ithilen state-run television"), never across a clause.
MAX_GAP = 2
# Words a gap may not cross: punctuation ends the noun phrase a gapped phrase lives in.
_GAP_STOPS = frozenset({",", ".", ";", ":", "(", ")", '"', "''", "``", "--", "!", "?"})
_SPLIT = re.compile(r"(-)")
# Single-word names this short must not match an all-lower-case word: "US" is not "us",
# "ENT" is not "ent" (PETRARCH upper-cases everything and has exactly that problem).
SHORT_NAME = 4


def split_word(word: str) -> list[str]:
    """A word as stream words: hyphens become words of their own ("ANTI-" -> "ANTI", "-")."""
    if "-" not in word or word == "-" or set(word) == {"-"}:
        return [word]
    return [p for p in _SPLIT.split(word) if p]


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    gaps: tuple[bool, ...]  # gaps[i]: other words may stand between words[i] and words[i + 1]

    @classmethod
    def parse(cls, text: str) -> Phrase:
        """``"SECRETARY_GENERAL"`` (consecutive), ``"ITHILEN TELEVISION"`` (gap allowed)."""
        words: list[str] = []
        gaps: list[bool] = []
        for chunk_i, chunk in enumerate(text.upper().split()):
            for part_i, part in enumerate(p for p in chunk.split("_") if p):
                for piece_i, piece in enumerate(split_word(part)):
                    if words:
                        gaps.append(chunk_i > 0 and part_i == 0 and piece_i == 0)
                    words.append(piece)
        return cls(tuple(words), tuple(gaps))

    def __str__(self) -> str:
        out = self.words[0] if self.words else ""
        for gap, word in zip(self.gaps, self.words[1:], strict=True):
            out += (" " if gap else "_") + word
        return out


@dataclass(frozen=True)
class Word:
    """One word of a sentence's stream."""

    key: str  # upper case
    token: int  # index of its spaCy token in the document
    lower: bool  # written all in lower case
    starts_word: bool = True  # blank before it: "state-run" is one written word of three


def word_stream(tokens: Iterable[Any]) -> list[Word]:
    out: list[Word] = []
    spaced = True
    for tok in tokens:
        text = tok.text
        lower = text.islower()
        for part in (p for p in text.split("_") if p) if "_" in text and text != "_" else [text]:
            for piece in split_word(part.upper()):
                out.append(Word(piece, tok.i, lower, spaced))
                spaced = False
            spaced = True
        spaced = bool(tok.whitespace_)
    return out


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int  # index of the first word in the stream
    end: int  # index after the last word
    phrase: Phrase
    payload: T


class PhraseIndex(Generic[T]):
    """Phrases by first word; :meth:`longest_at` finds the longest one starting at a word."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[Phrase, T]]] = {}
        self.size = 0

    def add(self, phrase: Phrase, payload: T) -> None:
        if phrase.words:
            self._by_first.setdefault(phrase.words[0], []).append((phrase, payload))
            self.size += 1

    def __contains__(self, first_word: str) -> bool:
        return first_word in self._by_first

    def longest_at(self, stream: Sequence[Word], i: int) -> Match[T] | None:
        """The longest phrase (most words; the first added on a tie) starting at ``stream[i]``."""
        best: Match[T] | None = None
        for phrase, payload in self._by_first.get(stream[i].key, ()):
            short = len(phrase.words) == 1 and len(phrase.words[0]) <= SHORT_NAME
            if short and stream[i].lower and phrase.words[0].isalpha():
                continue
            end = _match_from(stream, i, phrase)
            if end is not None and (best is None or len(phrase.words) > len(best.phrase.words)):
                best = Match(i, end, phrase, payload)
        return best

    def scan(self, stream: Sequence[Word]) -> list[Match[T]]:
        """Non-overlapping longest matches, left to right."""
        out: list[Match[T]] = []
        i = 0
        while i < len(stream):
            m = self.longest_at(stream, i) if stream[i].key in self._by_first else None
            if m is None:
                i += 1
            else:
                out.append(m)
                i = m.end
        return out


def _match_from(stream: Sequence[Word], i: int, phrase: Phrase) -> int | None:
    """End of ``phrase`` matched at ``stream[i]`` (first word already equal), or None."""
    pos = i + 1
    for gap, word in zip(phrase.gaps, phrase.words[1:], strict=True):
        if pos < len(stream) and stream[pos].key == word:
            pos += 1
            continue
        if not gap:
            return None
        # Skip up to MAX_GAP written words ("state-run" is one, though three stream words).
        j = pos
        skipped = 0
        while j < len(stream) and stream[j].key != word:
            if stream[j].key in _GAP_STOPS:
                return None
            skipped += stream[j].starts_word
            if skipped > MAX_GAP:
                return None
            j += 1
        if j >= len(stream) or j == pos:
            return None
        pos = j + 1
    return pos
