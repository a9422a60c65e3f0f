"""Where an event happened: the place named in the event's own clause.

Rules (see also docs/status.md):

* A place is the object of a locative preposition (``place.place_prepositions``: "in", "at",
  "near", ...) hung on the trigger or on a word governing it inside its clause: "met in Moscow",
  "talks in Geneva", "their meeting in the Kremlin". A participle on a nominal trigger counts as
  part of it ("talks held in Geneva"), so does the object of a light verb ("held talks in
  Geneva"), and so does an event noun in an adjunct: "made the request during their meeting in
  the Kremlin" happened in the Kremlin, "killed three men in a gunbattle in Serbia" in Serbia.
* With a verb or noun of movement (``place.motion_words``) the destination is the place too:
  "is traveling to Moscow", "the visit to Moscow", "sent observers to Bosnia"; with a verb of
  leaving (``place.departure_words``) the place left: "withdrew from Gorazde"; and the object of
  a verb of visiting or entering is the place ("visited Moscow").
* A common noun is looked through for the name it stands for: "in the eastern town of Soroti",
  "near the city of Samarra" (``place.place_nouns`` take an "of" phrase), "at a jail in Dili",
  "the Hotel Astoria in Vienna", "in Moscow, Russia".
* A city used as a modifier of a nominal trigger is the place ("the Geneva talks"); a country
  used so is left alone, since "the Syria talks" are about Syria, not necessarily held there.
* When the clause itself names no place, the place that qualifies its subject or object is taken
  ("police in Jericho confiscated weapons", "blocked streets in Hong Kong").
* The nearest place wins: the trigger's own modifiers first, then its governing words, then the
  adjunct events, then the subject and object.

The name is looked up with ``knowledge.place(phrase) -> (country_code, city or None) | None``.
A place the knowledge does not know is still returned (with ``country`` and ``city`` None) when
the tagger calls it a GPE, LOC or FAC; an unknown common noun ("in the hotel") is not a place.
Only proper names are looked up, so "in light of" or "in response" never reach the knowledge.
"""

from __future__ import annotations

import weakref
from typing import Any

from tacitus.events.attribution import entity_of
from tacitus.events.modality import (
    NOMINAL_POS,
    ContextLexicon,
    clause_head,
    context_lexicon,
    event_chain,
    words_of,
)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOT_PLACE_LABELS = frozenset(
    {"DATE", "TIME", "PERSON", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "NORP"}
)
ADJUNCT_EVENT_PREPOSITIONS = frozenset({"during", "at", "on", "amid", "amidst", "after", "before", "in"})
MAX_DEPTH = 3  # how deep a noun phrase is searched for the name of its place


# The places found for each trigger of a parsed document: the event record and the coder's rules
# for unnamed sides (events/inferred.py) ask about the same trigger; the entries go with the parse.
_FOUND: weakref.WeakKeyDictionary[Any, dict[tuple[int, int], dict[str, Any] | None]] = weakref.WeakKeyDictionary()


def place_of(trigger: Any, knowledge: Any) -> dict[str, Any] | None:
    """``{"text", "country", "city"}`` for the place of an event, or None."""
    found = _FOUND.setdefault(trigger.doc, {})
    key = (trigger.i, id(knowledge))
    if key not in found:
        found[key] = _find(trigger, knowledge)
    place = found[key]
    return dict(place) if place is not None else None  # a copy: callers keep it in their records


def _find(trigger: Any, knowledge: Any) -> dict[str, Any] | None:
    lex = context_lexicon()
    for candidate in _candidates(trigger, lex):
        place = _resolve(candidate, knowledge, lex, 0)
        if place is not None:
            return place
    return None


def _nodes(trigger: Any, lex: ContextLexicon) -> list[Any]:
    """The words whose locative modifiers locate the event, nearest first."""
    nodes: list[Any] = []
    for tok in event_chain(trigger):
        nodes.append(tok)
        if tok.pos_ in NOMINAL_POS:
            nodes.extend(c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN")
        elif words_of(tok) & lex.m("support_verbs"):
            # "held talks in Geneva": the light verb's object is the event itself.
            nodes.extend(c for c in tok.children if c.dep_ == "dobj" and c.pos_ == "NOUN")
    return nodes


def _candidates(trigger: Any, lex: ContextLexicon) -> list[Any]:
    nodes = _nodes(trigger, lex)
    out: list[Any] = []
    for node in nodes:
        out.extend(_locatives(node, lex, is_trigger=node.i == trigger.i))
    # "during their meeting in the Kremlin", "in a gunbattle in Serbia": the adjunct event's place.
    for node in nodes:
        for prep in node.children:
            if prep.dep_ == "prep" and prep.lower_ in ADJUNCT_EVENT_PREPOSITIONS:
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ == "NOUN":
                        out.extend(_locatives(obj, lex, is_trigger=False))
    # Last, the place of the clause's subject or object: "police in Jericho confiscated ...",
    # unless the trigger sits in an adjunct phrase that the clause only mentions.
    head = clause_head(trigger)
    if all(n.i != head.i for n in nodes):
        return out
    for arg in head.children:
        if arg.dep_ in {"nsubj", "nsubjpass", "dobj"} and arg.pos_ in NOMINAL_POS:
            out.extend(_locatives(arg, lex, is_trigger=False))
            for acl in arg.children:
                if acl.dep_ == "acl":
                    out.extend(_locatives(acl, lex, is_trigger=False))
    return out


def _locatives(node: Any, lex: ContextLexicon, *, is_trigger: bool) -> list[Any]:
    """Objects of a word's locative, destination and origin phrases."""
    forms = words_of(node)
    moving = bool(forms & lex.place["motion_words"])
    leaving = bool(forms & lex.place["departure_words"])
    out: list[Any] = []
    for c in node.children:
        if c.dep_ in {"prep", "dative"}:
            low = c.lower_
            if (
                low in lex.place["place_prepositions"]
                or (moving and low in lex.place["motion_prepositions"])
                or (leaving and low in lex.place["departure_prepositions"])
            ):
                out.extend(o for o in c.children if o.dep_ == "pobj")
        elif (c.dep_ == "dobj" and forms & lex.place["destination_verbs"]) or (
            is_trigger and node.pos_ in NOMINAL_POS and c.dep_ == "compound" and c.ent_type_ in {"GPE", "LOC"}
        ):
            out.append(c)
    return out


def _resolve(tok: Any, knowledge: Any, lex: ContextLexicon, depth: int) -> dict[str, Any] | None:
    """The place a phrase names, looking into a common noun's modifiers for the name."""
    # A candidate that is a compound modifies the trigger noun ("the Geneva talks").
    modifier = depth == 0 and tok.dep_ == "compound"
    place = _as_place(tok, knowledge, modifier=modifier)
    if place is not None or depth >= MAX_DEPTH or modifier:
        return place
    follow: list[Any] = []
    place_noun = bool(words_of(tok) & lex.place["place_nouns"])
    for c in tok.children:
        if c.dep_ == "appos":
            follow.append(c)
        elif c.dep_ == "prep" and (
            c.lower_ in lex.place["place_prepositions"] or (place_noun and c.lower_ == "of")
        ):
            follow.extend(o for o in c.children if o.dep_ == "pobj")
        elif place_noun and c.dep_ in {"compound", "amod", "nmod", "poss"} and c.ent_type_ in PLACE_LABELS:
            # "in south Lebanon", "East Timor's capital Dili"
            follow.append(c)
    for c in tok.children:
        # "the capital Dili": a name in apposition without a comma is parsed as a compound head.
        if place_noun and c.dep_ == "compound" and c.pos_ == "PROPN":
            follow.append(c)
    for f in follow:
        # A name that a place noun introduces ("the town of Soroti") is a place whatever label
        # the tagger gave it.
        found = _as_place(f, knowledge, named_place=place_noun)
        found = found or _resolve(f, knowledge, lex, depth + 1)
        if found is not None:
            return found
    return None


def _as_place(
    tok: Any, knowledge: Any, *, modifier: bool = False, named_place: bool = False
) -> dict[str, Any] | None:
    """The place a proper name names; as a modifier of the event noun only a city counts.

    ``named_place``: the syntax already says this is a place ("the town of X").
    """
    ent = entity_of(tok)
    if ent is not None and ent.label_ in NOT_PLACE_LABELS - ({"NORP"} if named_place else set()):
        return None
    if ent is None and tok.pos_ != "PROPN":
        return None  # a common noun: "in light of", "in the hotel"
    if ent is not None:
        span = ent
    else:
        # A proper name without an entity: its compounds, no determiner.
        left = min([tok.i] + [c.left_edge.i for c in tok.children if c.dep_ == "compound"])
        span = tok.doc[left : tok.i + 1]
    if len(span) > 1 and span[0].lower_ == "the":
        span = span[1:]
    text = span.text
    found = _lookup(knowledge, text)
    if found is not None:
        country, city = found
        if modifier and not city:
            return None
        return {"text": text, "country": country, "city": city}
    if not modifier and (
        (ent is not None and ent.label_ in PLACE_LABELS) or (named_place and tok.pos_ == "PROPN")
    ):
        return {"text": text, "country": None, "city": None}
    return None


def _lookup(knowledge: Any, text: str) -> tuple[str, str | None] | None:
    if knowledge is None or not hasattr(knowledge, "place"):
        return None
    found = knowledge.place(text)
    if found is None and not text.lower().startswith("the "):
        found = knowledge.place(f"the {text}")
    return found
