"""The data objects that flow through the pipeline.

One :class:`Document` travels from the reader to the store. Each component fills in its part
(cleaning sets ``text`` and ``offsets``; parsing sets ``sentences``; the actor resolver sets
``mentions`` and ``actors``; the event coder sets ``events`` and ``quotes``) and never reaches
into another component's internals.

Offsets: every ``start``/``end`` in an output record is a character offset into
``Document.original`` (the text as the reader produced it; for HTML, the extracted main text),
so that a user can always find the evidence in what they fed in. Components work on the clean
text and convert with :meth:`Document.to_original`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("asserted", "planned", "hypothetical", "negated")


class OffsetMap:
    """Maps offsets in a clean text back to the original it was cut from.

    The clean text is a concatenation of pieces of the original (possibly with inserted
    separators). Each piece is recorded as ``(clean_start, original_start, length)``.
    An offset inside a piece maps exactly; an offset in an inserted separator maps to the end
    of the preceding piece.
    """

    def __init__(self, pieces: list[tuple[int, int, int]] | None = None) -> None:
        self.pieces: list[tuple[int, int, int]] = sorted(pieces or [])
        self._starts = [p[0] for p in self.pieces]

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([(0, 0, length)])

    def to_original(self, offset: int) -> int:
        if not self.pieces:
            return offset
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return self.pieces[0][1]
        clean_start, orig_start, length = self.pieces[i]
        return orig_start + min(offset - clean_start, length)


@dataclass
class Span:
    """A piece of text with offsets into the original document."""

    text: str
    start: int
    end: int


@dataclass
class Sentence:
    index: int
    start: int  # clean-text offsets
    end: int
    text: str


@dataclass
class Actor:
    """A canonical actor: a country, an organisation, a person or a group.

    ``code`` is CAMEO-style: a country/organisation token plus an optional sector token
    (``RUSGOV``, ``ISRMIL``, ``UKR``, ``UNO``). For people it depends on the article's date.
    """

    id: str
    name: str
    kind: str  # country | organisation | person | group
    country: str | None = None
    sector: str | None = None
    code: str = ""
    evidence: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.code:
            self.code = (self.country or "") + (self.sector or "")


@dataclass
class Mention:
    """A stretch of clean text that refers to an actor."""

    start: int  # clean-text offsets
    end: int
    text: str
    actor_id: str
    code: str
    sentence_index: int
    how: str = ""  # which mechanism resolved it (knowledge, title, apposition, coref, fuzzy, ...)
    head: int | None = None  # token index of the mention's head in the spaCy doc


@dataclass
class ActorRef:
    """An event's source or target as it appears in output records."""

    text: str
    code: str
    actor_id: str | None
    start: int
    end: int


@dataclass
class Event:
    id: str
    doc_id: str
    sentence_index: int
    source: ActorRef | None
    target: ActorRef | None
    plover: str
    mode: str
    context: str
    cameo: str
    goldstein: float
    quad_class: int
    status: str
    attribution: str | None
    date: str | None
    date_precision: str | None
    date_text: str | None
    place: dict[str, Any] | None
    trigger: Span
    sentence: str
    confidence: float
    evidence: list[dict[str, Any]] = field(default_factory=list)
    # A mutual event (a meeting, talks, an agreement): its direction is arbitrary, so dyad
    # questions count it for A -> B and B -> A alike.
    symmetric: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Quote:
    text: str
    speaker: ActorRef | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """An article on its way through the pipeline."""

    doc_id: str
    original: str
    origin: str = ""  # where it came from: a path, ``path:line`` for corpora, ``<stdin>``
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: dt.date | None = None
    dek: str | None = None
    text: str = ""  # clean text (set by the cleaner; the original until then)
    offsets: OffsetMap = field(default_factory=OffsetMap)
    removed: list[dict[str, Any]] = field(default_factory=list)  # what cleaning cut, and why
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # Why the pipeline did not code this document (e.g. "not English (ru)"); None when coded.
    skipped: str | None = None
    spacy_doc: Any = field(default=None, repr=False, compare=False)  # transient, never stored

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.original
            self.offsets = OffsetMap.identity(len(self.original))

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def to_original(self, clean_offset: int) -> int:
        return self.offsets.to_original(clean_offset)

    def span(self, start: int, end: int) -> Span:
        """A clean-text span as an output :class:`Span` with original offsets."""
        return Span(self.text[start:end], self.to_original(start), self.to_original(end))

    def to_dict(self) -> dict[str, Any]:
        """The ``--format jsonl`` record. Key names are a contract: other tools read them."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "byline": self.byline,
            "outlet": self.outlet,
            "url": self.url,
            "date": self.date.isoformat() if self.date else None,
            "origin": self.origin,
            "content_hash": self.content_hash,
            "text": self.text,
            "sentences": len(self.sentences),
            "actors": [asdict(a) | {"mentions": self._mentions_of(a.id)} for a in self.actors.values()],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "skipped": self.skipped,
        }

    def _mentions_of(self, actor_id: str) -> list[dict[str, Any]]:
        return [
            {
                "text": m.text,
                "start": self.to_original(m.start),
                "end": self.to_original(m.end),
                "sentence_index": m.sentence_index,
                "code": m.code,
                "how": m.how,
            }
            for m in self.mentions
            if m.actor_id == actor_id
        ]


def content_hash(text: str) -> str:
    """A stable id for a text: whitespace-normalised so re-wrapped copies hash the same."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]
