"""Event and quote spans in a document's clean text, for the article view and the API.

Every offset in a record points into the document's *original* text, but readers want to see the
*clean* text (what the pipeline coded). The store keeps the cleaner's offset map
(``[[clean_start, original_start, length], ...]``), so an original offset inside a kept piece maps
back exactly; an offset in a cut stretch (a byline, a caption) has no place in the clean text and
its span is dropped rather than drawn in the wrong place.

A mapped span is checked against the text it claims to cover; when they differ (a record imported
from elsewhere, an offset map that does not fit) the text is looked for inside the event's
sentence instead, so a highlight is either on the right words or absent, never misleading.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

KINDS = ("trigger", "source", "target", "evidence", "quote", "speaker")


class OffsetInverse:
    """Original offsets -> clean offsets, from the cleaner's pieces."""

    def __init__(self, pieces: Iterable[Sequence[int]] | None, text_length: int) -> None:
        rows = [tuple(int(x) for x in p) for p in (pieces or []) if len(p) == 3]
        if not rows:  # no map: the clean text is the original
            rows = [(0, 0, text_length)]
        # Sorted by original start so that a lookup is a bisection.
        self.pieces: list[tuple[int, int, int]] = sorted(rows, key=lambda p: (p[1], p[0]))
        self._orig_starts = [p[1] for p in self.pieces]

    def clean(self, offset: int | None, *, end: bool = False) -> int | None:
        """The clean offset of an original one, or None when that character was cut.

        An ``end`` offset is exclusive, so it may sit just past a piece's last character.
        """
        if offset is None:
            return None
        i = bisect.bisect_right(self._orig_starts, offset - 1 if end else offset) - 1
        while i >= 0:
            clean_start, orig_start, length = self.pieces[i]
            rel = offset - orig_start
            if 0 <= rel < length or (end and 0 < rel <= length):
                return clean_start + rel
            if orig_start + length < offset:
                return None  # pieces further left end even earlier
            i -= 1
        return None


@dataclass
class Mark:
    """One highlighted stretch of the clean text."""

    kind: str  # one of KINDS
    start: int
    end: int
    text: str
    event: str | None = None  # the event it belongs to (trigger, source, target, evidence)
    quote: int | None = None  # the quote it belongs to (quote, speaker)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text,
                "event": self.event, "quote": self.quote}


def record_marks(record: dict[str, Any]) -> list[Mark]:
    """The marks of a stored or freshly coded document record (``store.records`` shape)."""
    text: str = record.get("text") or ""
    inverse = OffsetInverse(record.get("offsets"), len(text))
    sentences = {s.get("index"): s for s in record.get("sentence_spans") or []}
    marks: list[Mark] = []

    def add(kind: str, span: dict[str, Any] | None, sentence_index: Any, **owner: Any) -> None:
        if not span or not span.get("text"):
            return
        found = _place(text, inverse, span, sentences.get(sentence_index))
        if found is not None:
            marks.append(Mark(kind, found[0], found[1], text[found[0]:found[1]], **owner))

    for e in record.get("events") or []:
        eid, idx = e.get("id"), e.get("sentence_index")
        trigger = e.get("trigger") or {}
        add("trigger", trigger, idx, event=eid)
        add("source", e.get("source"), idx, event=eid)
        add("target", e.get("target"), idx, event=eid)
        for ev in e.get("evidence") or []:
            if ev.get("start") == trigger.get("start") and ev.get("sentence_index") == idx:
                continue  # the main trigger, already marked
            add("evidence", {"text": ev.get("trigger"), "start": ev.get("start"), "end": ev.get("end")},
                ev.get("sentence_index"), event=eid)
    for i, q in enumerate(record.get("quotes") or []):
        add("quote", q, None, quote=i)
        add("speaker", q.get("speaker"), None, quote=i)
    marks.sort(key=lambda m: (m.start, -m.end, KINDS.index(m.kind)))
    return marks


def _place(text: str, inverse: OffsetInverse, span: dict[str, Any], sentence: dict[str, Any] | None
           ) -> tuple[int, int] | None:
    want: str = span["text"]
    start, end = inverse.clean(span.get("start")), inverse.clean(span.get("end"), end=True)
    if start is not None and end is not None and text[start:end] == want:
        return start, end
    # Offsets that do not fit: look for the words in their sentence (or near the mapped start).
    lo, hi = 0, len(text)
    if sentence and sentence.get("clean_start") is not None and sentence.get("clean_end") is not None:
        lo, hi = int(sentence["clean_start"]), int(sentence["clean_end"])
    elif start is not None:
        lo, hi = max(0, start - 200), min(len(text), start + len(want) + 200)
    else:
        return None
    pos = text.find(want, lo, hi)
    return (pos, pos + len(want)) if pos >= 0 else None


@dataclass
class Segment:
    """A stretch of text covered by the same marks: what the article view renders as one span."""

    text: str
    kinds: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)
    anchor: str | None = None  # an element id, on the first segment of an event's trigger

    @property
    def classes(self) -> str:
        return " ".join(f"hl hl-{k}" if i == 0 else f"hl-{k}" for i, k in enumerate(self.kinds))


def segments(text: str, marks: Sequence[Mark], lo: int = 0, hi: int | None = None,
             anchors: bool = True) -> list[Segment]:
    """``text[lo:hi]`` cut where marks begin and end (marks may overlap or nest)."""
    hi = len(text) if hi is None else hi
    inside = [m for m in marks if m.end > lo and m.start < hi and m.end > m.start]
    cuts = sorted({lo, hi, *(max(lo, m.start) for m in inside), *(min(hi, m.end) for m in inside)})
    out: list[Segment] = []
    anchored: set[str] = set()
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in inside if m.start <= a and m.end >= b]
        seg = Segment(text[a:b])
        for m in sorted(covering, key=lambda m: KINDS.index(m.kind)):
            if m.kind not in seg.kinds:
                seg.kinds.append(m.kind)
            if m.event and m.event not in seg.events:
                seg.events.append(m.event)
            if m.quote is not None and m.quote not in seg.quotes:
                seg.quotes.append(m.quote)
            if anchors and m.kind == "trigger" and m.event and m.event not in anchored and seg.anchor is None:
                anchored.add(m.event)
                seg.anchor = f"ev-{m.event}"
        out.append(seg)
    return out
