"""Reading PETRARCH discard lists and testing texts against them.

A discard phrase marks text that must not be coded (sports results, historical chronologies).
``+PHRASE`` discards the whole story, a bare ``PHRASE`` only the sentence. Matching ignores case
and starts at a word boundary; a phrase ending in ``_`` must also end at one, otherwise it is a
stem ("BASEBALL" also matches "baseballs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tacitus.petrarch.reader import Unsupported, lines, where

SENTENCE = "sentencediscard"
STORY = "storydiscard"


@dataclass
class Discards:
    story: list[str] = field(default_factory=list)  # phrases as written
    sentence: list[str] = field(default_factory=list)
    _story_re: re.Pattern[str] | None = field(default=None, repr=False)
    _sentence_re: re.Pattern[str] | None = field(default=None, repr=False)

    def extend(self, other: Discards) -> None:
        self.story += other.story
        self.sentence += other.sentence
        self._story_re = self._sentence_re = None

    def check(self, text: str) -> tuple[str, str] | None:
        """``(STORY or SENTENCE, phrase found)`` for a text, or None when it may be coded."""
        if self._story_re is None and self._sentence_re is None:
            self._story_re, self._sentence_re = _compile(self.story), _compile(self.sentence)
        for kind, regex in ((STORY, self._story_re), (SENTENCE, self._sentence_re)):
            if regex is not None:
                m = regex.search(text)
                if m:
                    return kind, m.group(0)
        return None


def _compile(phrases: list[str]) -> re.Pattern[str] | None:
    """One alternation for a whole list: the Phoenix list has 500 phrases and every sentence is
    tested against it."""
    if not phrases:
        return None
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        exact = p.endswith("_")
        words = [re.escape(w) for w in re.split(r"[\s_]+", p.strip("_ ")) if w]
        if words:
            parts.append(r"\s+".join(words) + (r"(?!\w)" if exact else ""))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE) if parts else None


def read_discards(path: Path, unsupported: Unsupported) -> Discards:
    out = Discards()
    for line in lines(path):
        text = line.text
        if not text:
            continue
        if text.startswith("+"):
            phrase = text[1:].strip()
            if phrase:
                out.story.append(phrase)
                continue
        elif text:
            out.sentence.append(text)
            continue
        unsupported.add("empty discard phrase", where(path, line), line.raw)
    return out
