"""Coding a sentence's noun phrases with PETRARCH actors and agents.

A noun phrase is a nominal head with its modifiers in the spaCy parse (determiners, adjectives,
compounds, possessors). Its code follows PETRARCH's rules:

* the first dictionary **actor** in the phrase gives the code, dated codes resolved at the
  article's date ("Ithilen's minister Calimehtar" -> ``ITH``, Calimehtar's own code unused);
* **agents** add their code after it (``~GOV``) or before it (``NGO~``), in text order, unless
  the code already holds it ("White House security officials" -> ``USAGOV``);
* with no actor of its own, a phrase takes the actors of its prepositional phrases ("human
  rights activists in Arnor" -> ``ARNOPP``; "the ambassadors of Arnor, Osgiliath and Gondor" ->
  three codes); with agents only it is ``---`` plus the agents ("students" -> ``---EDU``);
* coordinated phrases are one group with a code per member; a member with agents but no actor
  borrows the actor, and the adjectival agents, of a member that has one ("Danish Islamist media
  and government" -> ``DNKMUSMED``, ``DNKMUSGOV``);
* a pronoun takes the code of the actor it refers to (the antecedent of "who"; for "it", "they",
  the nearest coded subject before it in the sentence);
* with ``new_actor_length`` > 0, a phrase with no code at all and at most that many words is an
  actor named by its words, in quotes (PETRARCH's option for actors missing from dictionaries).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tacitus.petrarch.actors import NULL_CODE, ActorEntry, AgentEntry
from tacitus.petrarch.phrases import Word, word_stream

NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Dependencies that keep a word inside its head's noun phrase.
MOD_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod", "case", "predet", "nn"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PERSONAL = frozenset({"it", "he", "she", "they", "him", "her", "them", "itself", "himself", "herself", "themselves"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
_NOT_NEW = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


@dataclass(frozen=True)
class ActorCode:
    """A code for an actor mention and the tokens that gave it (document token indices)."""

    code: str
    start: int
    end: int
    base: str = NULL_CODE  # the actor's own code, before agents
    modifiers: tuple[AgentEntry, ...] = ()  # agents standing before the head: lent in coordination
    real: bool = True  # named by an actor (dictionary or new), not by agents alone
    new: bool = False  # a new actor named by its words (option new_actor_length)


def has_chunk(code: str, part: str) -> bool:
    """Whether ``part`` already stands in ``code`` as whole three-letter chunks: ``GOV`` is in
    ``USAGOV``, ``GOVMED`` in ``HGWGOVMED``, but ``WGO`` is not in ``GMWGOV``."""
    if len(part) % 3 or not part:
        return part in code
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    want = [part[i : i + 3] for i in range(0, len(part), 3)]
    return any(chunks[i : i + len(want)] == want for i in range(len(chunks) - len(want) + 1))


def combine(base: str, agents: list[AgentEntry]) -> str:
    prefix, code = "", base
    for a in agents:
        if a.prefix:
            if not has_chunk(prefix + code, a.code):
                prefix += a.code
        elif not has_chunk(code, a.code):
            code += a.code
    return prefix + code


@dataclass(eq=False)
class NounPhrase:
    head: int  # document token index
    tokens: list[int]  # the head and its modifiers
    start: int  # extent, widened to the dictionary phrases it owns
    end: int
    matches: list[tuple[int, int, ActorEntry | AgentEntry]] = field(default_factory=list)
    members: list[NounPhrase] = field(default_factory=list)  # coordinated phrases (on the first)
    group: NounPhrase | None = None  # the first phrase of its coordination
    own: list[ActorCode] | None = None
    codes: list[ActorCode] = field(default_factory=list)  # the whole group's codes (on the first)

    @property
    def agents(self) -> list[AgentEntry]:
        return [p for _, _, p in self.matches if isinstance(p, AgentEntry)]


def nominal(tok: Any) -> bool:
    return tok.pos_ in NOMINAL_POS or tok.tag_.startswith(("NN", "PRP"))


class NounPhrases:
    """The noun phrases of one sentence and their codes."""

    def __init__(
        self,
        sent: Any,
        alive: list[bool],
        phrases: Any,
        when: dt.date | None,
        new_actor_length: int = 0,
    ) -> None:
        self.sent = sent
        self.doc = sent.doc
        self.offset = sent.start
        self.alive = alive  # by sentence-relative token index
        self.when = when
        self.new_actor_length = new_actor_length
        live = [t for t in sent if alive[t.i - self.offset]]
        self.stream: list[Word] = word_stream(live)
        self.matches = [
            (self.stream[m.start].token, self.stream[m.end - 1].token + 1, m.payload)
            for m in phrases.scan(self.stream)
        ]
        self.matched = {i for s, e, _ in self.matches for i in range(s, e)}
        self.nodes: list[NounPhrase] = []
        self.by_token: dict[int, NounPhrase] = {}
        self._build()
        self._resolving: set[int] = set()
        for node in self.nodes:
            self._own(node)
        for node in self.nodes:
            if node.group is None:
                node.codes = self._group(node)
        for node in self.nodes:  # pronouns last: they point at codes found above
            if self._is_pronoun(node) and node.group is None and not node.codes:
                node.codes = node.own = self._pronoun(node)

    # -- building --------------------------------------------------------------------------------
    def live(self, tok: Any) -> bool:
        return self.sent.start <= tok.i < self.sent.end and self.alive[tok.i - self.offset]

    def _inside(self, tok: Any) -> bool:
        """Whether a word belongs to the noun phrase of the word it modifies (and so heads no
        phrase of its own). A conjunct of a modifier is inside too ("Eriadori and Calenardhon
        leaders")."""
        head = tok.head
        if head.i == tok.i or not self.live(head):
            return False
        if tok.dep_ in MOD_DEPS or self._tight_appos(tok):
            return nominal(head) or head.i in self.matched
        if tok.dep_ in {"conj", "cc"} and head.dep_ in MOD_DEPS:
            return self._inside(head)
        return False

    def _build(self) -> None:
        for tok in self.sent:
            if not self.live(tok) or not (nominal(tok) or tok.i in self.matched) or self._inside(tok):
                continue
            tokens = sorted(self._base(tok))
            node = NounPhrase(tok.i, tokens, tokens[0], tokens[-1] + 1)
            self.nodes.append(node)
            for i in tokens:
                self.by_token.setdefault(i, node)
        for start, end, payload in self.matches:
            node = next((self.by_token[i] for i in range(start, end) if i in self.by_token), None)
            if node is None:  # a phrase the parse did not make a noun: its own phrase
                node = NounPhrase(end - 1, list(range(start, end)), start, end)
                self.nodes.append(node)
                for i in range(start, end):
                    self.by_token.setdefault(i, node)
            node.matches.append((start, end, payload))
            node.start, node.end = min(node.start, start), max(node.end, end)
        self.nodes.sort(key=lambda n: (n.start, -n.end))
        for node in self.nodes:
            for c in self.doc[node.head].children:
                # A coded apposition in a list ("Mordor, the Shire, Fornost and Bree") is one more
                # member; an uncoded one ("Osgiliath, the state's fiercest foe") adds nothing.
                if c.dep_ in {"conj", "appos"} and self.live(c):
                    member = self.by_token.get(c.i)
                    if member is None or member is node or member.head != c.i:
                        continue
                    if c.dep_ == "appos" and not any(isinstance(p, ActorEntry) for _, _, p in member.matches):
                        continue
                    node.members.append(member)
        for node in self.nodes:  # conj chains ("A, B and C" may hang C on B): flatten onto the first
            for member in self._chain(node):
                if member.group is None and member is not node:
                    member.group = node
        for node in self.nodes:
            if node.group is None:
                node.members = [m for m in self._chain(node) if m is not node]

    def _chain(self, node: NounPhrase, seen: set[int] | None = None) -> list[NounPhrase]:
        seen = seen if seen is not None else set()
        if node.head in seen:
            return []
        seen.add(node.head)
        out = [node]
        for m in node.members:
            out += self._chain(m, seen)
        return out

    def _base(self, tok: Any, modifier: bool = False) -> set[int]:
        """The head and its modifiers; a modifier's own coordination stays inside the phrase
        ("Eriadori and Calenardhon leaders" is one phrase with two actors)."""
        out = {tok.i}
        for c in tok.children:
            if not self.live(c):
                continue
            if c.dep_ in MOD_DEPS or self._tight_appos(c) or (modifier and c.dep_ in {"conj", "cc"}):
                out |= self._base(c, True)
        return out

    def _tight_appos(self, tok: Any) -> bool:
        """An apposition with no punctuation before it is a name after its title ("minister
        Calimehtar"), part of one noun phrase; "Mordor, the Shire" is two phrases."""
        if tok.dep_ != "appos":
            return False
        lo, hi = sorted((tok.head.i, tok.i))
        return not any(self.doc[i].is_punct for i in range(lo + 1, hi))

    # -- coding ----------------------------------------------------------------------------------
    def _own(self, node: NounPhrase) -> list[ActorCode]:
        """The phrase's codes without its coordination: its actor, else its PPs' actors, else
        its agents alone, else a new actor from its words (when enabled)."""
        if node.own is not None:
            return node.own
        if node.head in self._resolving:  # a cycle in a broken parse
            return []
        self._resolving.add(node.head)
        node.own = self._code(node)
        self._resolving.discard(node.head)
        return node.own

    def _code(self, node: NounPhrase) -> list[ActorCode]:
        agents = node.agents
        head_tok = self.doc[node.head]
        modifiers = tuple(
            p for s, _, p in node.matches if isinstance(p, AgentEntry) and s < node.head
        )
        agent_span = [(s, e) for s, e, p in node.matches if isinstance(p, AgentEntry)]
        actors = self._first_actors(node)
        if actors:
            out: list[ActorCode] = []
            for s, e, entry in actors:
                codes = entry.codes_at(self.when)
                span = _union([(s, e), *agent_span])
                out += [ActorCode(combine(c, agents), *span, c, modifiers, True) for c in codes]
            if out:
                return out
            if agents:  # an actor whose code is null at this date: only the agents are left
                span = _union([(s, e) for s, e, _ in actors] + agent_span)
                return [ActorCode(combine(NULL_CODE, agents), *span, NULL_CODE, modifiers, False)]
            return []
        for pp in self._pp_nodes(head_tok):
            found = self._group(pp)
            real = [c for c in found if c.real and not c.new]
            if real:
                return [
                    ActorCode(combine(c.code, agents), *_union([(c.start, c.end), *agent_span]), c.base, modifiers, True)
                    for c in real
                ]
        if agents:
            return [ActorCode(combine(NULL_CODE, agents), *_union(agent_span), NULL_CODE, modifiers, False)]
        new = self._new_actor(node)
        return [new] if new is not None else []

    def _first_actors(self, node: NounPhrase) -> list[tuple[int, int, ActorEntry]]:
        """The first actor of the phrase, or of each part of it when a conjunction joins actors
        inside it ("Fornost and the evil awful Gondor" parsed as one phrase): PETRARCH codes the
        first actor of a noun phrase, and each of a coordination's noun phrases."""
        actors = [(s, e, p) for s, e, p in node.matches if isinstance(p, ActorEntry)]
        if len(actors) < 2:
            return actors
        actor_tokens = {i for s, e, _ in actors for i in range(s, e)}
        splits = sorted(
            t.i for i in node.tokens for t in self.doc[i].children
            if (t.dep_ == "cc" or t.text == ",") and self.live(t) and t.head.i in actor_tokens
        )
        out: list[tuple[int, int, ActorEntry]] = []
        last_segment = None
        for s, e, p in actors:
            segment = sum(1 for c in splits if c < s)
            if segment != last_segment:
                out.append((s, e, p))
                last_segment = segment
        return out

    def _pp_nodes(self, head_tok: Any) -> list[NounPhrase]:
        out = []
        for c in head_tok.children:
            if c.dep_ == "prep" and self.live(c):
                for g in c.children:
                    node = self.by_token.get(g.i) if g.dep_ == "pobj" else None
                    if node is not None and node.head == g.i:
                        out.append(node.group or node)
        return out

    def _group(self, node: NounPhrase) -> list[ActorCode]:
        """Codes of a coordination: one or more per member, agents-only members borrowing."""
        first = node.group or node
        if first.codes and first is not node:
            return first.codes
        members = [first, *first.members]
        owns = [(m, self._own(m)) for m in members]
        lead_bases = {c.base for c in owns[0][1]}
        # An apposition naming the same actor again ("Dagolath's minister, Telemar") adds nothing.
        owns = owns[:1] + [
            (m, codes) for m, codes in owns[1:]
            if self.doc[m.head].dep_ != "appos" or not {c.base for c in codes} <= lead_bases
        ]
        donors = [(m, codes) for m, codes in owns if any(c.real and not c.new for c in codes)]
        out: list[ActorCode] = []
        for m, codes in owns:
            if codes and not any(c.real for c in codes) and donors:
                donor = donors[0][1]
                for d in donor:
                    if d.real and not d.new:
                        out.append(
                            ActorCode(combine(d.base, [*d.modifiers, *m.agents]), *_union([(c.start, c.end) for c in codes]),
                                      d.base, d.modifiers, True)
                        )
            else:
                out += codes
        unique: dict[str, ActorCode] = {}
        for c in out:
            unique.setdefault(c.code, c)
        return list(unique.values())

    def _is_pronoun(self, node: NounPhrase) -> bool:
        tok = self.doc[node.head]
        return tok.lower_ in PERSONAL or (tok.lower_ in RELATIVE and tok.dep_ in SUBJECT_DEPS)

    def _pronoun(self, node: NounPhrase) -> list[ActorCode]:
        tok = self.doc[node.head]
        if tok.lower_ in RELATIVE:
            clause = tok.head
            if clause.dep_ == "relcl":
                ante = self.by_token.get(clause.head.i)
                if ante is not None:
                    return [ActorCode(c.code, tok.i, tok.i + 1, c.base, c.modifiers, c.real) for c in ante.codes or self._group(ante)]
            return []
        before = [n for n in self.nodes if n.group is None and n.codes and n.end <= tok.i and any(c.real for c in n.codes)]
        if not before:
            return []
        subjects = [n for n in before if self.doc[n.head].dep_ in SUBJECT_DEPS]
        ante = (subjects or before)[-1]
        return [ActorCode(c.code, tok.i, tok.i + 1, c.base, c.modifiers, c.real) for c in ante.codes if c.real]

    def _new_actor(self, node: NounPhrase) -> ActorCode | None:
        if self.new_actor_length <= 0:
            return None
        head = self.doc[node.head]
        if head.pos_ not in {"NOUN", "PROPN"} or head.ent_type_ in _NOT_NEW:
            return None
        tokens = sorted(self._extent(head))
        words = [self.doc[i].text.upper() for i in tokens if not self.doc[i].is_punct and self.doc[i].tag_ != "POS"]
        if not words or len(words) > self.new_actor_length:
            return None
        return ActorCode('"' + " ".join(words) + '"', tokens[0], tokens[-1] + 1, NULL_CODE, (), True, True)

    def _extent(self, tok: Any) -> set[int]:
        """The words of a whole noun phrase: modifiers and prepositional phrases."""
        out = {tok.i}
        for c in tok.children:
            if self.live(c) and (c.dep_ in MOD_DEPS or c.dep_ in {"prep", "pobj", "appos"}):
                out |= self._extent(c)
        return out

    # -- queries ---------------------------------------------------------------------------------
    def node_at(self, token_i: int) -> NounPhrase | None:
        return self.by_token.get(token_i)

    def codes_of(self, node: NounPhrase) -> list[ActorCode]:
        """The codes a phrase stands for in an event: its whole coordination's when it leads
        one, else its own."""
        if node.group is None:
            return node.codes
        return node.own or []

    def group_of_token(self, token_i: int) -> NounPhrase | None:
        node = self.by_token.get(token_i)
        if node is None:
            return None
        return node.group or node


def _union(spans: list[tuple[int, int]]) -> tuple[int, int]:
    return min(s for s, _ in spans), max(e for _, e in spans)


__all__ = ["ActorCode", "NounPhrase", "NounPhrases", "combine", "has_chunk"]
