"""Arguments of events on the dependency parse: which actors a word stands for.

The event coder (``extract.py``) asks two kinds of question of a parsed, actor-resolved
document: which actor mentions an argument word stands for (:class:`MentionIndex`: conjuncts,
co-actors, appositions, the actor behind a non-actor noun), and where in the parse an argument
sits (a preposition in a trigger's phrase, a clause's subject, a quantity looked through).
Both live here, apart from the coder's decisions about which argument is which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tacitus.document import Document, Mention

SUBJECTS = {"nsubj", "csubj"}
OBJECTS = {"dobj", "dative", "obj"}
# Verbs whose subject is also the subject of their open complement ("agreed to restore ties").
INHERIT_DEPS = {"xcomp", "conj", "advcl", "pcomp", "ccomp"}
# "X, along with Y" and "X as well as Y" make Y a co-subject.
CO_ACTOR_PREPS = {("along", "with"), ("together", "with"), ("as", "as")}


@dataclass
class Arg:
    mention: Mention
    token: Any


class MentionIndex:
    """Token -> mentions, and argument expansion (conjuncts, co-actors, appositions)."""

    def __init__(self, doc: Document, sdoc: Any) -> None:
        self.sdoc = sdoc
        self.by_token: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token.setdefault(t.i, []).append(m)

    def at(self, i: int) -> list[Mention]:
        return self.by_token.get(i, [])

    def args(self, tok: Any) -> list[Arg]:
        """The actors an argument head stands for, with its conjuncts and co-actors."""
        tok = through_quantities(tok)
        heads = [tok, *tok.conjuncts]
        for c in tok.children:
            if c.dep_ == "prep" and (c.lower_ == "with" and any(x.lower_ in {"along", "together"} for x in c.lefts) or (c.lower_, c.head.lower_) in CO_ACTOR_PREPS):
                heads += [g for g in c.children if g.dep_ == "pobj"]
            if c.dep_ == "advmod" and c.lower_ in {"along", "together"}:
                heads += [g for p in c.children if p.lower_ == "with" for g in p.children if g.dep_ == "pobj"]
        out: list[Arg] = []
        for h in heads:
            ms = [m for m in self.at(h.i) if m.head == h.i] or self.at(h.i) or self._inside(h)
            if not ms:
                continue
            # Several mentions on one head ("the two") are several actors; otherwise take the
            # widest mention (the group, not the demonym inside it).
            if len({m.actor_id for m in ms}) > 1 and (
                all(m.how == "pair" for m in ms) or all(m.how.startswith("group:") and m.head == h.i for m in ms)
            ):
                out += [Arg(m, h) for m in ms]
            else:
                best = max(ms, key=lambda m: (m.head == h.i, m.end - m.start))
                out.append(Arg(best, h))
        return out


    def _inside(self, head: Any) -> list[Mention]:
        """A non-actor head whose phrase names an actor: "chief rabbi of Moscow X" (the person
        inside the title phrase) or "praised its approach" / "Russia's policy" (the possessor)."""
        for c in head.children:
            if c.dep_ in {"appos", "compound"} or (c.dep_ == "prep" and c.lower_ == "of"):
                for t in c.subtree:
                    people = [m for m in self.at(t.i) if m.actor_id.startswith("person:") and m.head == t.i]
                    if people:
                        return people[:1]
        for c in head.children:
            # "positions of the Palestinian forces", "calls by Belarus's rulers", "an offer from
            # Kabul", "crimes committed by Croat forces": the actor behind a non-actor noun.
            # "a truce with X" names the counterpart only for a direct object ("relations with
            # Israel" inside "struck a note on relations with Israel" is no target of "struck").
            preps = {"of", "by", "from", "with"} if head.dep_ in OBJECTS else {"of", "by", "from"}
            if head.lemma_.lower() in FACILITY_NOUNS:
                preps = preps | {"for"}  # "a camp for Congolese refugees" is theirs
            carrier = c if c.dep_ == "prep" and c.lower_ in preps else None
            if c.dep_ == "acl":
                carrier = next((g for g in c.children if g.dep_ == "agent"), None)
            if carrier is None:
                continue
            for g in carrier.children:
                if g.dep_ == "pobj":
                    # "the return of U.N. inspectors": the actor may modify the phrase's noun.
                    ms = [m for m in self.at(g.i) if m.head == g.i] or self.at(g.i) or [
                        m for x in g.children if x.dep_ in {"compound", "amod", "poss"} and x.i < g.i for m in self.at(x.i)]
                    if ms:
                        return [max(ms, key=lambda m: m.end - m.start)]
        for deps in ({"poss"}, {"compound", "amod", "nmod"}):
            # "praised its approach", then "condemned the US strikes", "Chinese suppliers".
            for c in head.children:
                if c.dep_ in deps and c.i < head.i:
                    ms = [m for m in self.at(c.i) if m.head == c.i] or self.at(c.i)
                    if ms:
                        return ms[:1]
        return []

    def located(self, tok: Any) -> list[Arg]:
        """An actor named inside a place phrase: "the city of Kherson in southern Ukraine"."""
        for t in tok.subtree:
            if t.i != tok.i and t.dep_ == "pobj" and t.head.lower_ in {"of", "in"}:
                ms = [m for m in self.at(t.i) if m.head == t.i]
                if ms:
                    return [Arg(ms[0], t)]
        return []

    def located_in(self, verb: Any) -> list[Arg]:
        """A country named in a place phrase of the verb or of its object ("resume attacks in Israel")."""
        for c in [verb, *(o for o in verb.children if o.dep_ in OBJECTS)]:
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ in {"in", "inside", "on", "across"}:
                    for g in p.children:
                        ms = [m for m in self.at(g.i) if m.head == g.i and m.how in {"knowledge:country", "knowledge:city", "knowledge:region"}]
                        if g.dep_ == "pobj" and ms:
                            return [Arg(ms[0], g)]
        return []

    def last_actor_in(self, head: Any, before: Any) -> list[Arg]:
        """The last actor named in a phrase before a relative clause ("remarks made by X, who ...")."""
        found = [self.at(t.i) for t in head.subtree if t.i < before.i and self.at(t.i)]
        people = [ms for ms in found if any(m.actor_id.startswith("person:") for m in ms)]
        pick = (people or found or [[]])[-1]
        return [Arg(max(pick, key=lambda m: m.end - m.start), head)] if pick else []


# Dependencies followed when looking for a trigger's prepositional target: the verb's own
# phrase, not its subject, its clauses or its coordinated verbs.
PHRASE_DEPS = {"dobj", "dative", "obj", "prep", "pobj", "prt", "attr", "oprd", "acomp", "npadvmod", "pcomp"}


def preps_in_phrase(roots: list[Any], word: str) -> list[Any]:
    """Prepositions ``word`` inside the phrases headed by ``roots``, nearest first
    ("pledged 40 billion euros in military aid to Ukraine" finds the `to`)."""
    out, frontier, seen = [], list(roots), set()
    for _depth in range(4):
        nxt = []
        for node in frontier:
            for c in node.children:
                # "launched artillery and rocket fire against X": a coordinated object's phrase.
                conj = c.dep_ == "conj" and node.pos_ in {"NOUN", "PROPN"} and node not in roots
                if c.i in seen or (c.dep_ not in PHRASE_DEPS | {"dative"} and not conj):
                    continue
                particle = node.dep_ in {"prt", "prep"} and node.head in roots and not any(g.dep_ == "pobj" for g in node.children)
                if c.dep_ == "prep" and c.lower_ == "of" and node not in roots and not particle and word != "of":
                    continue  # "implementation of coordination with Syria": the `with` is not ours
                seen.add(c.i)
                if c.dep_ in {"prep", "prt", "dative"} and c.lower_ == word:
                    out.append(c)
                nxt.append(c)
        frontier = nxt
    return out


def co_actors(ix: MentionIndex, verb: Any) -> list[Arg]:
    """'Russia, along with Britain, ...' where the parser hangs 'along with' on the verb."""
    out = []
    for c in verb.children:
        if c.dep_ in {"prep", "advmod"} and c.lower_ in {"along", "together"}:
            out += [a for w in c.children if w.lower_ == "with" for g in w.children if g.dep_ == "pobj" for a in ix.args(g)]
    return out


def place_mention(doc: Document, tok: Any, where: dict[str, Any], how: str = "place") -> Mention:
    """A stand-in mention for a place that serves as an event's recipient (or, ``how`` =
    "unidentified", the unnamed attacker in it)."""
    text = where.get("text") or ""
    start = doc.text.find(text, tok.sent.start_char) if text else -1
    start, end = (start, start + len(text)) if start >= 0 else (tok.idx, tok.idx + len(tok.text))
    actor_id = f"{'unidentified' if how == 'unidentified' else 'country'}:{where['country']}"
    return stand_in(doc, start, end, text, actor_id, where["country"], how, tok.i)


def stand_in(doc: Document, start: int, end: int, text: str, actor_id: str, code: str, how: str, head: int) -> Mention:
    """A mention the coder infers (a place, a local group) rather than one the resolver found."""
    m = Mention(start, end, text, actor_id, code, 0, how, head)
    m._country = code[:3]  # type: ignore[attr-defined]
    return m


def clause_subject(tok: Any) -> Any:
    """The subject word of the clause an event word sits in ("Tens of thousands of students
    staged demonstrations" -> students), through control and coordination."""
    t = tok
    if t.pos_ in {"NOUN", "PROPN"}:
        t = t.head if t.dep_ in OBJECTS else t.head.head if t.dep_ == "pobj" else t
    for _ in range(4):
        subj = [c for c in t.children if c.dep_ in SUBJECTS]
        if subj:
            return through_quantities(subj[0])
        if t.dep_ not in INHERIT_DEPS:
            return None
        t = t.head
    return None


def participle_subject(ix: MentionIndex, verb: Any) -> list[Arg]:
    if verb.pos_ != "VERB":
        return []
    return [a for c in verb.children if c.dep_ in SUBJECTS for a in ix.args(c)]


def subject_lemma(verb: Any) -> str:
    subj = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    return lemma(subj) if subj is not None else ""


def in_own_phrase(tok: Any, verb: Any) -> bool:
    """Whether a word hangs in the verb's own phrase, not in a clause under it."""
    t = tok.head
    while t.i != verb.i and t.head.i != t.i:
        if t.pos_ in {"VERB", "AUX"} or t.dep_ == "pcomp":
            return False
        t = t.head
    return t.i == verb.i


# "Tens of thousands of students", "hundreds of protesters", "a group of diplomats", "part of
# the programme": the actor is the last noun of the chain.
QUANTITY_NOUNS = {"ten", "hundred", "thousand", "million", "dozen", "score", "group", "crowd", "number", "handful",
                  "team", "delegation", "party", "band", "contingent", "unit", "batch", "part", "portion", "half",
                  "rest", "majority", "bulk", "remainder", "most", "some", "many", "several", "all"}
# Places that belong to the people they serve: "a camp for refugees", "a school for girls".
FACILITY_NOUNS = {"camp", "shelter", "school", "hospital", "clinic", "home", "centre", "center", "hostel"}


def through_quantities(tok: Any) -> Any:
    for _ in range(4):
        if tok.lemma_.lower() not in QUANTITY_NOUNS and tok.lower_ not in {"tens", "hundreds", "thousands", "millions", "dozens"}:
            return tok
        nxt = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)
        if nxt is None:
            return tok
        tok = nxt
    return tok


def lemma(tok: Any) -> str:
    return tok.lemma_.lower()


def compound_lemma(tok: Any) -> str:
    comps = [c.lemma_.lower() for c in tok.children if c.dep_ in {"compound", "amod"}]
    return " ".join([*comps, tok.lemma_.lower()])


def dedupe(args: list[Arg]) -> list[Arg]:
    seen, out = set(), []
    for a in args:
        key = (a.mention.actor_id, a.mention.code)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out
