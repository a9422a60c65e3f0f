"""Where an event happened: the place named in the event's own clause.

Rules (see also docs/status.md):

* A place is the object of a locative preposition (``place.place_prepositions``: "in", "at",
  "near", ...) hung on the trigger or on a word governing it inside its clause: "met in Moscow",
  "talks in Geneva", "their meeting in the Kremlin". A participle on a nominal trigger counts as
  part of it ("talks held in Geneva"), and so does an event noun in a "during"/"at" adjunct:
  "made the request during their meeting in the Kremlin" happened in the Kremlin.
* With a verb or noun of movement (``place.motion_words``) the destination is the place too:
  "is traveling to Moscow", "the visit to Moscow", and the object of a verb of visiting
  ("visited Moscow"). A movement verb with a direct object ("returned a tank to Israel") names a
  recipient with "to", not a place, so only "into" counts there.
* A city used as a modifier of a nominal trigger is the place ("the Geneva talks"); a country
  used so is left alone, since "the Syria talks" are about Syria, not necessarily held there.
* The nearest place wins: the trigger's own modifiers first, then its governing words.

The name is looked up with ``knowledge.place(phrase) -> (country_code, city or None) | None``.
A place the knowledge does not know is still returned (with ``country`` and ``city`` None) when
the tagger calls it a GPE, LOC or FAC; an unknown common noun ("in the hotel") is not a place.
Only proper names are looked up, so "in light of" or "in response" never reach the knowledge.
"""

from __future__ import annotations

from typing import Any

from tacitus.events.attribution import entity_of
from tacitus.events.modality import NOMINAL_POS, context_lexicon, governing_chain, words_of

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ADJUNCT_EVENT_PREPOSITIONS = frozenset({"during", "at", "on", "amid", "amidst", "after", "before"})


def place_of(trigger: Any, knowledge: Any) -> dict[str, Any] | None:
    """``{"text", "country", "city"}`` for the place of an event, or None."""
    for candidate in _candidates(trigger):
        place = _as_place(candidate, knowledge)
        if place is not None:
            return place
        # "at the Kremlin in Moscow", "in Moscow, Russia": an unknown name may be placed by
        # the name that qualifies it.
        lex = context_lexicon()
        for c in candidate.children:
            inner = []
            if c.dep_ == "prep" and c.lower_ in lex.place["place_prepositions"]:
                inner = [o for o in c.children if o.dep_ == "pobj"]
            elif c.dep_ == "appos":
                inner = [c]
            for o in inner:
                place = _as_place(o, knowledge)
                if place is not None:
                    return place
    return None


def _nodes(trigger: Any) -> list[Any]:
    """The words whose locative modifiers locate the event, nearest first."""
    lex = context_lexicon()
    nodes: list[Any] = []
    for tok in governing_chain(trigger):
        nodes.append(tok)
        if tok.pos_ in NOMINAL_POS:
            nodes.extend(c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN")
        elif words_of(tok) & lex.m("support_verbs"):
            # "held talks in Geneva": the light verb's object is the event itself.
            nodes.extend(c for c in tok.children if c.dep_ == "dobj" and c.pos_ == "NOUN")
    adjuncts: list[Any] = []
    for tok in nodes:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ADJUNCT_EVENT_PREPOSITIONS:
                adjuncts.extend(o for o in prep.children if o.dep_ == "pobj" and o.pos_ == "NOUN")
    return nodes + adjuncts


def _candidates(trigger: Any) -> list[Any]:
    lex = context_lexicon()
    place_preps = lex.place["place_prepositions"]
    motion_preps = lex.place["motion_prepositions"]
    out: list[Any] = []
    for node in _nodes(trigger):
        forms = words_of(node)
        moving = bool(forms & lex.place["motion_words"])
        has_object = any(c.dep_ == "dobj" for c in node.children)
        for c in node.children:
            if c.dep_ == "prep":
                low = c.lower_
                allowed = low in place_preps or (
                    moving and low in motion_preps and (not has_object or low == "into")
                )
                if allowed:
                    out.extend(o for o in c.children if o.dep_ == "pobj")
            elif c.dep_ == "dobj" and forms & lex.place["destination_verbs"]:
                out.append(c)
        if node.i == trigger.i and node.pos_ in NOMINAL_POS:
            out.extend(c for c in node.children if c.dep_ == "compound" and c.ent_type_ in {"GPE", "LOC"})
    return out


def _as_place(tok: Any, knowledge: Any) -> dict[str, Any] | None:
    ent = entity_of(tok)
    if ent is not None and ent.label_ in {"DATE", "TIME", "PERSON", "MONEY", "PERCENT", "CARDINAL"}:
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
    is_modifier = tok.dep_ == "compound"
    if found is not None:
        country, city = found
        if is_modifier and not city:
            return None
        return {"text": text, "country": country, "city": city}
    if ent is not None and ent.label_ in PLACE_LABELS and not is_modifier:
        return {"text": text, "country": None, "city": None}
    return None


def _lookup(knowledge: Any, text: str) -> tuple[str, str | None] | None:
    if knowledge is None or not hasattr(knowledge, "place"):
        return None
    found = knowledge.place(text)
    if found is None and not text.lower().startswith("the "):
        found = knowledge.place(f"the {text}")
    return found
