"""Event sides the text implies but does not name, and how they are marked.

A careful coder fills some sides from context: an arrest "in Egypt" is Egypt's, a bomb that
killed soldiers in Somalia is an unidentified attacker there, protesters with no country are
local, a protest's purpose names whom it addresses. Each rule here returns arguments whose
mention ``how`` says it was inferred (:data:`INFERRED`), so that the event's confidence drops and
a user can filter such events out (docs/events.md, "Events with an empty side").
"""

from __future__ import annotations

from typing import Any

from tacitus.document import Document
from tacitus.events import place
from tacitus.events.arguments import (
    OBJECTS,
    SUBJECTS,
    Arg,
    MentionIndex,
    clause_subject,
    lemma,
    place_mention,
    stand_in,
    through_quantities,
)

# Arguments the coder inferred (a pronoun, "the two", a place, a presumed local group): less sure.
INFERRED = {"pronoun", "pair", "definite", "place", "unidentified", "local"}

# Attacks whose unnamed victims ("killed 23 people") are the people of the place.
VICTIM_TYPES = {"ASSAULT"}
VICTIM_NOUNS = {"people", "person", "civilian", "resident", "villager", "passer-by", "bystander", "worshipper",
                "shopper", "pedestrian", "commuter", "child", "woman", "man"}
# A protest's purpose names whom it addresses: "staged a hunger strike to demand the resignation
# of the president", "blocked roads in defiance of the authorities".
PURPOSE_DEPS = {"advcl", "xcomp", "acl", "ccomp"}
PURPOSE_NOUNS = {"defiance", "protest", "opposition", "support", "solidarity", "disapproval"}
# Material acts of a state whose doer a passive leaves out: "was arrested in Lebanon" is an act of
# Lebanon's authorities. An attack by an unnamed perpetrator ("a roadside bomb near Samarra killed
# a soldier") is coded as the place's country, as CAMEO codes unidentified attackers by location.
STATE_ACTS = {"COERCE", "ACCUSE", "SANCTION"}
UNNAMED_ATTACK_TYPES = {"ASSAULT"}
INSTRUMENT_NOUNS = {"bomb", "bombing", "explosion", "blast", "device", "mine", "minefield", "attack", "shell",
                    "shelling", "rocket", "missile", "grenade", "suicide", "ambush", "gunfire", "fire", "ied",
                    "attacker", "gunman", "assailant", "sniper", "bomber"}


def place_as_doer(doc: Document, tok: Any, plover: str, kb: Any) -> list[Arg]:
    """The doer a clause leaves out, from where the act happened: a state's arrest or inquiry
    is its authorities' ("was detained in Egypt"); an attack with no named perpetrator is an
    unidentified attacker in that country (CAMEO's convention for unknown actors)."""
    where = place.place_of(tok, kb)
    if not where or not where.get("country"):
        return []
    kind = "unidentified" if plover in UNNAMED_ATTACK_TYPES else "place"
    return [Arg(place_mention(doc, tok, where, kind), tok)]


def purpose_targets(ix: MentionIndex, anchor: Any, own: set[str]) -> list[Arg]:
    """The actor a protest's purpose clause or "in defiance of" phrase names: "to demand the
    resignation of President X", "to protest Sweden's decision", "demanding that he resign"."""
    nodes = [anchor]
    if anchor.pos_ in {"NOUN", "PROPN"} and anchor.dep_ in OBJECTS | {"pobj"}:
        nodes.append(anchor.head if anchor.dep_ in OBJECTS else anchor.head.head)  # the light verb
    else:  # "staged demonstrations demanding ...": the clause may hang on the verb's object
        nodes += [c for c in anchor.children if c.dep_ in OBJECTS]
    for node in nodes:
        for c in node.children:
            phrase = None
            if c.dep_ in PURPOSE_DEPS and c.pos_ == "VERB":
                phrase = c
            elif c.dep_ == "prep" and c.lower_ in {"in", "to"}:
                phrase = next((g for g in c.children if g.dep_ == "pobj" and lemma(g) in PURPOSE_NOUNS), None)
            if phrase is None:
                continue
            for t in phrase.subtree:
                if t.dep_ in SUBJECTS and t.head is phrase:
                    continue  # the purpose's own subject is the protesters
                if t.dep_ in {"amod", "compound"} or t.pos_ not in {"NOUN", "PROPN", "PRON"}:
                    continue  # "the resignation of Algerian President X": the president, not Algeria
                # "to show their disapproval": a pronoun there is the protesters themselves.
                found = [a for a in ix.args(t) if a.mention.actor_id not in own and a.mention.code
                         and a.mention.how != "pronoun"]
                if found and any(m.head == t.i for m in ix.at(t.i)):
                    return found[:1]
    return []


def local_victims(doc: Document, tok: Any, kb: Any) -> list[Arg]:
    obj = next((c for c in tok.children if c.dep_ in OBJECTS), None)
    if obj is None or lemma(through_quantities(obj)) not in VICTIM_NOUNS:
        return []
    obj = through_quantities(obj)
    where = place.place_of(tok, kb)
    if not where or not where.get("country"):
        return []
    country = where["country"]
    m = stand_in(doc, obj.idx, obj.idx + len(obj.text), obj.text, f"group:{country}CVL", country + "CVL", "local", obj.i)
    return [Arg(m, obj)]


def local_group(doc: Document, anchor: Any, where: dict[str, Any] | None, targets: list[Arg], kb: Any) -> list[Arg]:
    """Protesters the text names without a country ("Islamic fundamentalists", "prisoners")
    are taken to be local: of the place where they protest, else of the government they
    address. A protest across borders names its protesters' country."""
    subject = clause_subject(anchor)
    if subject is None or subject.pos_ not in {"NOUN", "PROPN"}:
        return []
    sector = kb.sector_of(subject.lemma_) or kb.sector_of(subject.lower_)
    if sector is None:
        return []
    country = (where or {}).get("country") or getattr(targets[0].mention, "_country", None)
    if not country:
        return []
    phrase = subject.doc[subject.left_edge.i : subject.i + 1]
    m = stand_in(doc, phrase.start_char, phrase.end_char, phrase.text, f"group:{country}{sector}",
                  country + sector, "local", subject.i)
    return [Arg(m, subject)]
