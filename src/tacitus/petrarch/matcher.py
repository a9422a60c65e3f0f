"""Matching PETRARCH verb patterns against a sentence.

A pattern is read outward from the verb: its elements before ``*`` leftward from the verb, those
after it rightward, over the sentence's words (``phrases.word_stream``, with any clause the comma
rule removed already gone, as in PETRARCH). Element by element:

* a word matches that word; a ``&SYNSET`` any of its phrases (consecutive words);
* ``$`` (source), ``+`` (target) and ``%`` (compound) match the *next* coded noun phrase in that
  direction, and bind it; ``%`` needs a coordination of at least two actors;
* ``^`` skips the next noun phrase, coded or not;
* elements written with a blank between them may have other words between them; ``_`` makes them
  consecutive (and ``IN_*`` puts IN right before the verb).

Words may be skipped before a word or synset and the search backtracks over later occurrences,
but an actor or a skip always takes the nearest noun phrase, as PETRARCH and TABARI do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tacitus.petrarch.nouns import NounPhrase, NounPhrases
from tacitus.petrarch.verbs import COMPOUND, SKIP, SOURCE, SYNSET, TARGET, WORD, Element, Pattern

ACTOR_KINDS = frozenset({SOURCE, TARGET, COMPOUND})  # the binding kinds


@dataclass(frozen=True)
class Span:
    node: NounPhrase
    start: int  # word indices in the stream
    end: int


class PatternMatcher:
    """Patterns against one sentence (the word stream and noun phrases of :class:`NounPhrases`)."""

    def __init__(self, nouns: NounPhrases, synsets: dict[str, tuple[tuple[str, ...], ...]]) -> None:
        self.nouns = nouns
        self.synsets = synsets
        self.keys = [w.key for w in nouns.stream]
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for i, w in enumerate(nouns.stream):
            first.setdefault(w.token, i)
            last[w.token] = i
        self.first_word = first
        self.spans: list[Span] = []
        for node in nouns.nodes:
            toks = [t for t in range(node.start, node.end) if t in first]
            if toks:
                self.spans.append(Span(node, first[toks[0]], last[toks[-1]] + 1))
        self.spans.sort(key=lambda s: (s.start, -s.end))
        # A coordination is one actor for $, + and %: its words run from its first member to its
        # last ("Gondor and Osgiliath have delayed" binds % to both).
        self.groups: dict[int, tuple[int, int]] = {}
        for span in self.spans:
            lead = span.node.group or span.node
            lo, hi = self.groups.get(id(lead), (span.start, span.end))
            self.groups[id(lead)] = (min(lo, span.start), max(hi, span.end))

    def coded(self, span: Span) -> bool:
        return bool(self.nouns.codes_of(span.node.group or span.node))

    def match(self, pattern: Pattern, verb_start: int, verb_end: int) -> dict[str, NounPhrase] | None:
        """Bindings (``SOURCE``/``TARGET``/``COMPOUND`` -> phrase) when the pattern matches a verb
        occupying words ``[verb_start, verb_end)``, else None."""
        before = self._seq(pattern.before, 0, verb_start - 1, False, {})
        if before is None:
            return None
        return self._seq(pattern.after, 0, verb_end, True, before)

    # -- search ----------------------------------------------------------------------------------
    def _seq(
        self, elems: Sequence[Element], i: int, p: int, forward: bool, binds: dict[str, NounPhrase]
    ) -> dict[str, NounPhrase] | None:
        if i == len(elems):
            return binds
        e = elems[i]
        n = len(self.keys)
        if e.tight:
            positions: Sequence[int] = [p]
        else:
            positions = range(p, n) if forward else range(p, -1, -1)
        for q in positions:
            if not 0 <= q < n:
                break
            found, nearest = self._element(e, q, p, forward)
            for nxt, node in found:
                bound = binds if node is None else {**binds, e.kind: node}
                out = self._seq(elems, i + 1, nxt, forward, bound)
                if out is not None:
                    return out
            if nearest:
                return None  # an actor or a skip takes the nearest noun phrase only
        return None

    def _element(
        self, e: Element, q: int, p: int, forward: bool
    ) -> tuple[list[tuple[int, NounPhrase | None]], bool]:
        """Ways element ``e`` matches with its near edge at word ``q`` (next position, bound
        phrase or None), and whether it met the nearest noun phrase (which ends the search)."""
        keys = self.keys
        if e.kind == WORD:
            words = e.value
            if forward:
                if tuple(keys[q : q + len(words)]) == words:
                    return [(q + len(words), None)], False
            elif q - len(words) + 1 >= 0 and tuple(keys[q - len(words) + 1 : q + 1]) == words:
                return [(q - len(words), None)], False
            return [], False
        if e.kind == SYNSET:
            out = []
            for phrase in self.synsets.get(e.value[0], ()):
                L = len(phrase)
                if forward and tuple(keys[q : q + L]) == phrase:
                    out.append((q + L, None))
                elif not forward and q - L + 1 >= 0 and tuple(keys[q - L + 1 : q + 1]) == phrase:
                    out.append((q - L, None))
            # longest phrase first: "REALLY DID NOT" before "DID NOT"
            out.sort(key=lambda x: -abs(x[0] - q))
            return out, False
        span = self._span_at(q, p, forward, coded=e.kind != SKIP)
        if span is None:
            return [], False
        if e.kind == SKIP:
            return [(span.end if forward else span.start - 1, None)], True
        lead = span.node.group or span.node
        lo, hi = self.groups.get(id(lead), (span.start, span.end))
        if e.kind == COMPOUND and len(self.nouns.codes_of(lead)) < 2:
            return [], True  # % needs a coordination of actors
        return [(hi if forward else lo - 1, lead)], True

    def _span_at(self, q: int, p: int, forward: bool, coded: bool) -> Span | None:
        """The noun phrase whose near edge is at ``q`` (or, at the starting point ``p``, that
        holds it), the outermost first."""
        candidates = [s for s in self.spans if not coded or self.coded(s)]
        if forward:
            return next((s for s in candidates if s.start == q or (q == p and s.start < q < s.end)), None)
        ending = [s for s in candidates if s.end - 1 == q or (q == p and s.start <= q < s.end - 1)]
        return min(ending, key=lambda s: s.start) if ending else None

