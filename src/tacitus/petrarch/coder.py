"""The PETRARCH event coder: a user's PETRARCH/TABARI dictionaries on Tacitus's parse.

``PetrarchCoder(dicts, knowledge)`` is a pipeline component like Tacitus's own
:class:`~tacitus.events.extract.EventCoder`: ``coder(doc)`` sets ``doc.events``. For each verb of
a sentence found in the verb dictionary it tries the verb's patterns (longest first, see
:mod:`tacitus.petrarch.matcher`) and takes the first that matches, else the verb's own code.
Source and target are what the pattern bound (``$``, ``+``, ``%``), else PETRARCH's defaults:

* source: the verb's subject (through auxiliaries, control verbs and coordinated verbs), or for
  a passive the ``by`` agent; a broken parse that hangs the subject elsewhere on the verb gets
  the coded noun phrase before the verb;
* target: the first coded noun phrase after the verb (for a passive with an agent: its subject);
* ``CODE:CODE`` codes the reverse direction too; a coordination with no target codes its
  members with each other ("Gondor and Osgiliath have renewed ties").

The events are built as Tacitus builds its own (status, attribution, date, place from the same
modules), so everything downstream works unchanged. The PETRARCH code is kept in each event's
evidence with the pattern that produced it; codes outside CAMEO (the validation dictionaries use
WEIS codes such as 223) give no event. :meth:`PetrarchCoder.code` returns the raw codings, which
the unit-test runner compares with PETRARCH's expected ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tacitus.document import Document, Event, Mention
from tacitus.events import ontology
from tacitus.events.extract import _ref, build_event, merge_repeats
from tacitus.petrarch.actors import NULL_CODE
from tacitus.petrarch.clauses import DATELINE, CommaRule, alive_tokens, is_dateline
from tacitus.petrarch.dictionaries import Dictionaries
from tacitus.petrarch.matcher import PatternMatcher
from tacitus.petrarch.nouns import SUBJECT_DEPS, ActorCode, NounPhrases
from tacitus.petrarch.verbs import COMPOUND, SOURCE, TARGET, Code, Pattern, Transformation, VerbForm

# Dependencies through which a verb takes the subject of the verb it hangs on: "is about to
# restore", "condemned ... and promised", "was seen to break".
INHERIT_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "acomp", "prep", "pobj", "ccomp", "auxpass", "aux"})
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp"})
CONFIDENCE_PATTERN = 0.8  # a pattern matched: the dictionary's authors wrote this reading
CONFIDENCE_VERB = 0.7  # the verb's code alone


@dataclass
class CodingOptions:
    """PETRARCH's coding options (``PETR_config.ini`` and the unit tests' ``<Config>``)."""

    require_dyad: bool = True  # an event needs a coded source and target
    new_actor_length: int = 0  # code uncoded noun phrases of at most this many words (0: off)
    commas: CommaRule = field(default_factory=CommaRule)
    # PETRARCH-1 read the subject of a passive without a "by" agent as its source ("X was
    # criticized" -> X criticizes); PETRARCH-2, and Tacitus by default, give it no source.
    passive_subject_as_source: bool = False
    skip_datelines: bool = True


@dataclass
class Coding:
    """One event as PETRARCH writes it: source code, target code, event code."""

    sentence_index: int
    source: ActorCode | None
    target: ActorCode | None
    code: str
    verb: int  # document token index of the verb
    pattern: str  # the pattern that matched, or "(verb)" for the verb's own code
    origin: str  # file:line of the pattern or the verb

    @property
    def source_code(self) -> str:
        return self.source.code if self.source else NULL_CODE

    @property
    def target_code(self) -> str:
        return self.target.code if self.target else NULL_CODE

    def triple(self) -> tuple[str, str, str]:
        return (self.source_code, self.target_code, self.code)


@dataclass
class SentenceCoding:
    index: int
    text: str
    codings: list[Coding]
    skipped: str | None = None  # "storydiscard", "sentencediscard", "dateline"
    reason: str = ""  # the discard phrase found


@dataclass
class _Frame:
    """A verb occurrence: what it coded and the actors it saw, for transformations."""

    token: Any
    forms: list[VerbForm]
    sources: list[ActorCode]
    codings: list[Coding]


class PetrarchCoder:
    """Component: writes ``doc.events`` from PETRARCH dictionaries."""

    def __init__(self, dicts: Dictionaries, knowledge: Any = None, options: CodingOptions | None = None) -> None:
        self.dicts = dicts
        self.kb = knowledge
        self.options = options or CodingOptions()
        self.stats: dict[str, int] = {"codings": 0, "events": 0, "codes outside CAMEO": 0, "discarded sentences": 0}

    # -- the component ---------------------------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy_doc
        if sdoc is None:
            return doc
        events: list[Event] = []
        for sentence in self.code(sdoc, doc.date):
            if sentence.skipped:
                self.stats["discarded sentences"] += 1
            for c in sentence.codings:
                self.stats["codings"] += 1
                event = self._event(doc, c)
                if event is None:
                    self.stats["codes outside CAMEO"] += 1
                else:
                    events.append(event)
        doc.events = merge_repeats(events)
        self.stats["events"] += len(doc.events)
        return doc

    # -- coding ----------------------------------------------------------------------------------
    def code(self, sdoc: Any, when: dt.date | None) -> list[SentenceCoding]:
        """PETRARCH's codings for every sentence of a parsed text."""
        story = self.dicts.discards.check(sdoc.text)
        out: list[SentenceCoding] = []
        for i, sent in enumerate(sdoc.sents):
            if story is not None and story[0] == "storydiscard":
                out.append(SentenceCoding(i, sent.text, [], story[0], story[1]))
                continue
            found = self.dicts.discards.check(sent.text)
            if found is not None:
                out.append(SentenceCoding(i, sent.text, [], found[0], found[1]))
                continue
            if self.options.skip_datelines and is_dateline(sent.text):
                out.append(SentenceCoding(i, sent.text, [], DATELINE, sent.text.split()[0]))
                continue
            out.append(SentenceCoding(i, sent.text, self._sentence(sent, i, when)))
        return out

    def _sentence(self, sent: Any, index: int, when: dt.date | None) -> list[Coding]:
        alive = alive_tokens(sent, self.options.commas)
        nouns = NounPhrases(sent, alive, self.dicts.phrases, when, self.options.new_actor_length)
        matcher = PatternMatcher(nouns, self.dicts.verbs.synsets)
        frames: list[_Frame] = []
        used: set[int] = set()
        keys = matcher.keys
        for w_i, word in enumerate(nouns.stream):
            tok = sent.doc[word.token]
            if w_i in used or not _is_verb(tok) or matcher.first_word[word.token] != w_i:
                continue
            hit = self._verb_at(keys, w_i)
            if hit is None:
                continue
            forms, vs, ve = hit
            used.update(range(vs, ve))
            frames.append(self._code_verb(index, tok, forms, vs, ve, nouns, matcher))
        self._transform(frames)
        seen: set[tuple[str, str, str]] = set()
        codings: list[Coding] = []
        for f in frames:
            for c in f.codings:
                if c.triple() not in seen:
                    seen.add(c.triple())
                    codings.append(c)
        return codings

    def _verb_at(self, keys: list[str], i: int) -> tuple[list[VerbForm], int, int] | None:
        """The dictionary forms of the verb at word ``i`` (the longest multi-word forms that fit)
        and the words they cover."""
        fitting: list[VerbForm] = []
        for f in self.dicts.verbs.lookup(keys[i]):
            b, a = len(f.before), len(f.after)
            if i - b >= 0 and tuple(keys[i - b : i]) == f.before and tuple(keys[i + 1 : i + 1 + a]) == f.after:
                fitting.append(f)
        if not fitting:
            return None
        longest = max(len(f.before) + len(f.after) for f in fitting)
        forms = [f for f in fitting if len(f.before) + len(f.after) == longest]
        return forms, i - len(forms[0].before), i + 1 + len(forms[0].after)

    def _code_verb(
        self, index: int, tok: Any, forms: list[VerbForm], vs: int, ve: int, nouns: NounPhrases, matcher: PatternMatcher
    ) -> _Frame:
        patterns: list[Pattern] = []
        seen_blocks: set[int] = set()
        for f in forms:
            if id(f.verb.block) not in seen_blocks:
                seen_blocks.add(id(f.verb.block))
                patterns += f.verb.block.patterns
        patterns.sort(key=lambda p: (-p.size, p.order))
        chosen: Pattern | None = None
        binds: dict[str, Any] = {}
        for p in patterns:
            found = matcher.match(p, vs, ve)
            if found is not None:
                chosen, binds = p, found
                break
        code: Code | None = chosen.code if chosen else next((f.code for f in forms if f.code), None)
        sources, passive_target = self._sources(tok, nouns)
        frame = _Frame(tok, forms, sources, [])
        if not code:
            return frame
        if SOURCE in binds:
            sources = nouns.codes_of(binds[SOURCE])
        compound = nouns.codes_of(binds[COMPOUND]) if COMPOUND in binds else []
        if TARGET in binds:
            targets = nouns.codes_of(binds[TARGET])
            if SOURCE not in binds and _same(sources, targets) and tok.head.i != tok.i:
                # "X noted that Y regretted": + took the verb's own subject, so the source is
                # the subject of the clause above.
                sources = self._sources(tok.head, nouns)[0]
        elif COMPOUND in binds and chosen is not None and any(e.kind == COMPOUND for e in chosen.after):
            targets, compound = compound, []  # "* WITH %": the compound is the target
        elif passive_target:
            targets = passive_target
        else:
            targets = self._first_after(tok, ve, matcher, sources)
        if compound and SOURCE not in binds:
            sources = compound
        pattern_text = chosen.text if chosen else "(verb)"
        origin = chosen.origin if chosen else forms[0].verb.block.origin
        frame.codings = self._pairs(index, tok, code, sources, targets, bool(compound) and TARGET not in binds, pattern_text, origin)
        return frame

    def _sources(self, verb: Any, nouns: NounPhrases) -> tuple[list[ActorCode], list[ActorCode]]:
        """(default sources, default targets from a passive's subject)."""
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children) or (
            verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)
        )
        if passive:
            subjects = self._subject_tokens(verb, nouns)
            subject_codes = self._first_coded(nouns, subjects)
            agent = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agent:
                return self._codes_at(nouns, agent[0]), subject_codes
            if subjects:
                return (subject_codes if self.options.passive_subject_as_source else []), []
        t, hops = verb, 0
        while t is not None and hops < 8:
            subjects = self._subject_tokens(t, nouns)
            if subjects:
                return self._first_coded(nouns, subjects), []
            if t.dep_ == "relcl":
                return self._codes_at(nouns, t.head), []
            if t.dep_ in INHERIT_DEPS and t.head.i != t.i:
                t, hops = t.head, hops + 1
                continue
            break
        return self._attached_before(verb, nouns), []

    @staticmethod
    def _subject_tokens(verb: Any, nouns: NounPhrases) -> list[Any]:
        """The verb's subjects, including one the parse hung on its auxiliary ("The Philippines
        was criticized" with the subject under "was")."""
        heads = [verb, *(c for c in verb.children if c.dep_ in {"aux", "auxpass"})]
        return [c for h in heads for c in h.children if c.dep_ in SUBJECT_DEPS | {"csubj"} and nouns.live(c)]

    def _first_coded(self, nouns: NounPhrases, subjects: list[Any]) -> list[ActorCode]:
        """The first subject with a code: two subjects is a parse that split an apposition
        ("Old foes Gondor and Osgiliath")."""
        return next((codes for codes in (self._codes_at(nouns, s) for s in subjects) if codes), [])

    @staticmethod
    def _codes_at(nouns: NounPhrases, tok: Any) -> list[ActorCode]:
        node = nouns.node_at(tok.i)
        return nouns.codes_of(node) if node is not None else []

    @staticmethod
    def _attached_before(verb: Any, nouns: NounPhrases) -> list[ActorCode]:
        """A broken parse ("Ethiopia act on ..." with Ethiopia a compound of the verb): the
        nearest coded phrase before the verb that hangs on the verb itself."""
        best: list[ActorCode] = []
        for node in nouns.nodes:
            if node.group is None and node.end <= verb.i and nouns.doc[node.head].head.i == verb.i:
                best = nouns.codes_of(node) or best
        return best

    @staticmethod
    def _first_after(verb: Any, ve: int, matcher: PatternMatcher, sources: list[ActorCode]) -> list[ActorCode]:
        """The first coded phrase after the verb within the verb's own phrase (its dependency
        subtree: "burned down its embassy, a Bree official said" has no target); when the parse
        cut that phrase short, the first up to the next comma. A phrase that only repeats the
        source ("Frodo said he has ...") is passed over."""
        own = {t.i for t in verb.subtree}
        mine = {s.code for s in sources}
        keys = matcher.keys
        comma = next((i for i in range(ve, len(keys)) if keys[i] == ","), len(keys))
        for inside_only in (True, False):
            for span in matcher.spans:
                if span.start < ve:
                    continue
                if inside_only and span.node.head not in own:
                    continue
                if not inside_only and span.start >= comma:
                    break
                lead = span.node.group
                node = lead if lead is not None and (lead.head in own or not inside_only) else span.node
                codes = matcher.nouns.codes_of(node)
                if codes and not {c.code for c in codes} <= mine:
                    return codes
        return []

    def _pairs(
        self, index: int, tok: Any, code: Code, sources: list[ActorCode], targets: list[ActorCode],
        mutual: bool, pattern: str, origin: str,
    ) -> list[Coding]:
        out: list[Coding] = []

        def add(s: ActorCode | None, t: ActorCode | None, c: str | None) -> None:
            if c is None:
                return
            if s is not None and t is not None and s.code == t.code:
                return
            if self.options.require_dyad and (s is None or t is None):
                return
            out.append(Coding(index, s, t, c, tok.i, pattern, origin))

        if (mutual or not targets) and len(sources) >= 2:
            # A coordination with no target: its members act on each other.
            for i, s in enumerate(sources):
                for j, t in enumerate(sources):
                    if i != j:
                        add(s, t, code.primary if i < j or not code.secondary else code.secondary)
            return out
        sides: list[ActorCode | None] = list(targets) if targets else [None]
        if not sources:
            for t in sides:
                add(None, t, code.primary)
            return out
        for s in sources:
            for t in sides:
                add(s, t, code.primary)
                if t is not None:
                    add(t, s, code.secondary)
        return out

    # -- transformations -------------------------------------------------------------------------
    def _transform(self, frames: list[_Frame]) -> None:
        """Apply the dictionary's ``~`` lines: a verb whose complement holds an event of a given
        class becomes one event ("A said B attacked" -> A accuses B); the two codings it joins
        are replaced by the result."""
        rules = self.dicts.verbs.transformations
        if not rules:
            return
        for outer in frames:
            if not outer.sources:
                continue
            outer_names = self._names(outer)
            results: list[Coding] = []
            for rule in rules:
                if rule.outer_class not in outer_names:
                    continue
                for inner in self._complements(outer, frames):
                    if rule.inner_class != "Q" and rule.inner_class not in self._names(inner):
                        continue
                    for c in list(inner.codings):
                        result = _apply(rule, outer, c)
                        if result is not None:
                            inner.codings.remove(c)
                            results.append(result)
            if results:
                outer.codings = results

    def _names(self, frame: _Frame) -> set[str]:
        names: set[str] = set()
        for f in frame.forms:
            names |= self.dicts.verbs.block_names(f.verb)
        return names

    @staticmethod
    def _complements(outer: _Frame, frames: list[_Frame]) -> list[_Frame]:
        """The verbs in ``outer``'s clausal complement ("said [that B attacked]"), within three
        links."""
        out = []
        for frame in frames:
            t, hops = frame.token, 0
            while t.dep_ in COMPLEMENT_DEPS | {"aux", "conj"} and t.head.i != t.i and hops < 3:
                t, hops = t.head, hops + 1
                if t.i == outer.token.i:
                    out.append(frame)
                    break
        return out

    # -- events ----------------------------------------------------------------------------------
    def _event(self, doc: Document, c: Coding) -> Event | None:
        if c.source is None or c.target is None or not ontology.is_valid_cameo(c.code):
            return None
        sdoc = doc.spacy_doc
        tok = sdoc[c.verb]
        code = ontology.cameo(c.code, strict=True)
        src = self._actor_ref(doc, c.source, c.sentence_index)
        tgt = self._actor_ref(doc, c.target, c.sentence_index)
        confidence = CONFIDENCE_VERB if c.pattern == "(verb)" else CONFIDENCE_PATTERN
        return build_event(doc, tok, code, src, tgt, c.sentence_index, confidence, self.kb,
                           rule=f"petrarch {c.pattern} ({c.origin})")

    @staticmethod
    def _actor_ref(doc: Document, a: ActorCode, sentence_index: int) -> Any:
        """The event side as Tacitus writes it, linked to the resolver's actor when one of its
        mentions covers the same words."""
        sdoc = doc.spacy_doc
        start = sdoc[a.start].idx
        end = sdoc[a.end - 1].idx + len(sdoc[a.end - 1].text)
        overlapping = [m for m in doc.mentions if m.start < end and start < m.end]
        linked = next((m for m in overlapping if m.code == a.code), None) or next(
            (m for m in overlapping if m.code and a.code.startswith(m.code[:3])), None
        )
        mention = Mention(start, end, doc.text[start:end], linked.actor_id if linked else "", a.code, sentence_index)
        ref = _ref(doc, mention, a.code)
        if not ref.actor_id:
            ref.actor_id = None
        return ref


def _is_verb(tok: Any) -> bool:
    """A verb as the parser tagged it; modals ("should", "will") are not coded on their own."""
    return tok.tag_ != "MD" and (tok.tag_.startswith("VB") or tok.pos_ in {"VERB", "AUX"})


def _same(a: list[ActorCode], b: list[ActorCode]) -> bool:
    return bool(a) and {c.code for c in a} == {c.code for c in b}


def _apply(rule: Transformation, outer: _Frame, inner: Coding) -> Coding | None:
    """The coding a transformation makes of an outer verb's source and an inner coding."""
    env: dict[str, ActorCode | None] = {rule.outer_source: outer.sources[0]}
    for var, actor in ((rule.inner_source, inner.source), (rule.inner_target, inner.target)):
        if var in "._":
            continue
        if var in env:
            bound = env[var]
            if bound is None or actor is None or bound.code != actor.code:
                return None
        else:
            env[var] = actor
    source, target = env.get(rule.source), env.get(rule.target)
    if source is None or target is None:
        return None
    code = inner.code if rule.code == "Q" else rule.code
    return Coding(inner.sentence_index, source, target, code, outer.token.i, rule.text, rule.origin)
