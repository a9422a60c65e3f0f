"""One-pass views of a parsed document, for the components that read it token by token.

spaCy answers ``doc[i]``, ``token.sent``, ``doc.sents``, ``doc.ents`` and ``doc.text`` by building
new Python objects every time: ``token.sent`` walks to both sentence boundaries, ``doc.ents``
makes a span per entity and ``doc.text`` joins every token. Each is cheap once, but the actor
resolver and the event helpers asked for them per token and per candidate, thousands of times
per article: most of the time those two spent, about a fifth of the parse's (``bench/profile.py``).

:func:`doc_index` gives one :class:`DocIndex` per ``Doc``: plain lists (sentence of each token,
token offsets, texts, tags, entities) computed once, on first use, and kept as long as the
``Doc`` lives. The index holds no ``Token`` or ``Span`` (they would keep the ``Doc`` alive), only
numbers and strings; it assumes the parse is not changed after it is first read, which holds for
every Tacitus component (none retokenises or re-tags).
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from functools import cached_property
from typing import Any, NamedTuple

from spacy.tokens import Doc, Span

# Doc -> its index. Weak keys: the index goes when the parse goes (the pipeline drops each
# parse as soon as the document is coded).
_INDEXES: weakref.WeakKeyDictionary[Doc, DocIndex] = weakref.WeakKeyDictionary()


def doc_index(doc: Doc) -> DocIndex:
    """The index of a parsed document, built on first use."""
    index = _INDEXES.get(doc)
    if index is None:
        index = _INDEXES[doc] = DocIndex(doc)
    return index


class TokenArrays:
    """Per-token attributes as lists, read in one pass over the document."""

    __slots__ = ("text", "lower", "pos", "ent_type", "is_alpha", "is_punct", "is_space", "idx", "end", "doc_text")

    def __init__(self, doc: Doc) -> None:
        self.text: list[str] = []
        self.lower: list[str] = []
        self.pos: list[str] = []
        self.ent_type: list[str] = []
        self.is_alpha: list[bool] = []
        self.is_punct: list[bool] = []
        self.is_space: list[bool] = []
        self.idx: list[int] = []  # character offset of each token: increasing, so bisectable
        self.end: list[int] = []  # character offset just after each token: increasing too
        with_ws: list[str] = []
        for t in doc:
            text = t.text
            with_ws.append(t.text_with_ws)
            self.text.append(text)
            self.lower.append(t.lower_)
            self.pos.append(t.pos_)
            self.ent_type.append(t.ent_type_)
            self.is_alpha.append(t.is_alpha)
            self.is_punct.append(t.is_punct)
            self.is_space.append(t.is_space)
            self.idx.append(t.idx)
            self.end.append(t.idx + len(text))
        self.doc_text = "".join(with_ws)  # what doc.text joins, from the same pass


class DocIndex:
    """Views of one parsed document (see the module docstring). ``memo`` is a scratch dict for
    other modules' per-document caches, under their own keys; its values must not hold spaCy
    objects either."""

    def __init__(self, doc: Doc) -> None:
        self._doc = weakref.ref(doc)
        self.memo: dict[str, Any] = {}

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        if doc is None:  # only reachable through a stale reference to the index itself
            raise ReferenceError("the document of this index is gone")
        return doc

    # -- text and tokens --------------------------------------------------------------------------
    @cached_property
    def text(self) -> str:
        """``doc.text``, joined once."""
        return self.tokens.doc_text

    @cached_property
    def tokens(self) -> TokenArrays:
        return TokenArrays(self.doc)

    def token_range(self, start_char: int, end_char: int) -> range:
        """Indices of the tokens that start at or after ``start_char`` and before ``end_char``."""
        idx = self.tokens.idx
        return range(bisect_left(idx, start_char), bisect_left(idx, end_char))

    def tokens_after(self, char: int, before: int) -> range:
        """Indices of the tokens that start strictly after ``char`` and before ``before``."""
        idx = self.tokens.idx
        return range(bisect_right(idx, char), bisect_left(idx, before))

    def tokens_within(self, start_char: int, end_char: int) -> range:
        """Indices of the tokens lying wholly inside ``[start_char, end_char)``."""
        return range(bisect_left(self.tokens.idx, start_char), bisect_right(self.tokens.end, end_char))

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` without building the span (``end`` > ``start``)."""
        return self.text[self.tokens.idx[start] : self.tokens.end[end - 1]]

    # -- sentences --------------------------------------------------------------------------------
    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """``(start, end)`` token bounds of every sentence, as ``doc.sents`` gives them."""
        return [(s.start, s.end) for s in self.doc.sents]

    @cached_property
    def sentence_of(self) -> list[int]:
        """The number of the sentence each token is in."""
        out = [0] * len(self.doc)
        for n, (start, end) in enumerate(self.sentences):
            out[start:end] = [n] * (end - start)
        return out

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """Token bounds of the sentence of token ``i``: ``doc[i].sent``'s start and end."""
        return self.sentences[self.sentence_of[i]]

    def sent_start(self, i: int) -> int:
        return self.sentences[self.sentence_of[i]][0]

    def sent(self, i: int) -> Span:
        """``doc[i].sent``, without the walk to its boundaries."""
        start, end = self.sentences[self.sentence_of[i]]
        return self.doc[start:end]

    # -- entities ---------------------------------------------------------------------------------
    @cached_property
    def _entities(self) -> tuple[list[Entity], list[int]]:
        ents = [Entity(e.start, e.end, e.label_, e.label, e.kb_id, e.id) for e in self.doc.ents]
        at = [-1] * len(self.doc)
        for k, ent in enumerate(ents):
            at[ent.start : ent.end] = [k] * (ent.end - ent.start)
        return ents, at

    @property
    def entities(self) -> list[Entity]:
        """Every entity of ``doc.ents``, in order, as plain bounds and labels."""
        return self._entities[0]

    def entity(self, i: int) -> Span | None:
        """The named entity containing token ``i`` (the span ``doc.ents`` holds), or None."""
        ents, at = self._entities
        k = at[i]
        return None if k < 0 else ents[k].span(self.doc)

    def entities_within(self, start: int, end: int) -> list[Entity]:
        """The entities inside tokens ``[start, end)``: what ``doc[start:end].ents`` holds."""
        return [e for e in self._entities[0] if e.start >= start and e.end <= end]


class Entity(NamedTuple):
    start: int
    end: int
    label_: str
    label: int
    kb_id: int
    span_id: int

    def span(self, doc: Doc) -> Span:
        """The entity's span, equal to the one ``doc.ents`` holds."""
        return Span(doc, self.start, self.end, label=self.label, kb_id=self.kb_id, span_id=self.span_id)
