"""Event extraction: triggers from the lexicon, arguments from the dependency parse.

For each token whose lemma has lexicon entries, the most specific entry whose constraints hold
(particle, preposition, object) is the trigger. Its arguments come from the parse:

* source: the subject; the agent of a passive; the subject inherited through control verbs,
  conjoined verbs, relative clauses and gerunds; the possessor or modifier of an event noun;
  "we" in a quote is the speaker's side (resolved upstream);
* target: the direct object, or the object of one of the entry's prepositions (on the verb or on
  its object, for light verbs: "made the request to X"); "between X and Y";
* coordination on either side gives one event per pair ("Russia, along with Britain").

Events with no resolvable source or target are dropped: PLOVER allows an empty target for a few
types, but an event without both sides cannot enter a dyad timeline, so Tacitus leaves it out
(docs/events.md). Status, attribution, date and place come from their own modules.
"""

from __future__ import annotations

import hashlib
from typing import Any

from tacitus.document import ActorRef, Document, Event, Mention, Quote
from tacitus.events import attribution, inferred, modality, ontology, place, quotes, time
from tacitus.events.arguments import (
    INHERIT_DEPS,
    OBJECTS,
    SUBJECTS,
    Arg,
    MentionIndex,
    co_actors,
    dedupe,
    in_own_phrase,
    lemma,
    participle_subject,
    place_mention,
    preps_in_phrase,
    subject_lemma,
)
from tacitus.events.lexicon import TriggerEntry

MOTION_VISIT = {"042", "043"}
# An event noun after these takes its source from the governing verb ("took part in talks with
# Y"); after "during", "after" and the like it is a time frame and names no new actor.
# Verbs whose complement's subject is their own subject even with an object ("X promised Y to ...").
# Types of a verb that takes a stance on an event noun rather than doing it ("opposed an
# offensive", "condemned the strikes", "demanded a ceasefire", "threatened an invasion").
STANCE_TYPES = {"ACCUSE", "REJECT", "SUPPORT", "REQUEST", "THREATEN"}
# Verbs of an event's course: its doer is the one who continues or ends it.
ASPECT_VERBS = {"continue", "end", "undertake", "intensify", "escalate", "step", "halt", "suspend", "stop",
                "complete", "finish", "call", "expand", "widen", "pursue", "lead", "spearhead", "initiate"}
SUBJECT_CONTROL = {"promise", "vow", "pledge", "threaten", "offer"}
# "Y must ...", reported by X, is X's demand on Y.
DEONTIC = {"must", "should"}
DEMAND_ENTRY = TriggerEntry(pos="verb", lemma="say", cameo="100", note="deontic modal in a reported clause")
# "ready/willing/prepared to ACT": an intent to cooperate (030) or a threat (130).
INTENT_ADJECTIVES = frozenset({"willing", "ready", "prepared", "eager", "keen", "open", "determined", "committed"})
INTENT_CODE = TriggerEntry(pos="adj", lemma="ready", cameo="030", note="stated intent to cooperate")
THREAT_CODE = TriggerEntry(pos="adj", lemma="ready", cameo="130", note="stated intent to coerce")
# Speech acts whose recipient may be the subject of the reported clause.
SPEECH_TYPES = {"REQUEST", "THREATEN", "ACCUSE"}


class _DefaultEntry:
    target = ("dobj", "to", "with", "against", "on", "toward", "towards", "at", "from", "into", "for", "over")


_DEFAULT_ENTRY = _DefaultEntry()


class _PrepOnly:
    target = ("to", "against", "with", "on", "toward", "towards", "at", "into", "over")


_PREP_ONLY = _PrepOnly()
# Types coded without a recipient when the text names none (PLOVER: recipient optional), and
# types whose missing recipient is the government of the place where they happen.
TARGETLESS = {"RETREAT", "CONCEDE", "MOBILIZE"}
PLACE_TARGETED = {"PROTEST"}
# Material acts whose missing recipient is the place where they happen.
PLACE_RECIPIENT = {"ASSAULT", "COERCE", "SANCTION"}
# Types whose coordinated subjects without an object are mutual ("X and Y agreed/met").
MUTUAL = {"AGREE", "CONSULT", "COOPERATE"}
GOVERNED_PREPS = {"in", "into", "at", "to", "for", "on"}
# "a mediation effort between X and Y", "a peace mission to Y": the event noun modifies a frame
# noun that carries the event's phrases.
FRAME_NOUNS = {"effort", "mission", "bid", "initiative", "attempt", "campaign", "operation", "drive"}
# "ten days of war games", "a series of attacks": a measure of the event, not a reference to it.
MEASURE_NOUNS = {"day", "week", "month", "hour", "year", "round", "series", "wave", "spate", "string", "couple",
                 "number", "dozen", "night"}
# Codes whose "between X and Y" names the parties a third actor acts on (mediation and offers
# of it), not the two actors of a mutual event.
THIRD_PARTY_CODES = {"045", "039"}






class EventCoder:
    """Component: writes ``doc.events`` and ``doc.quotes``."""

    def __init__(self, lexicon: Any, knowledge: Any) -> None:
        self.lexicon = lexicon
        self.kb = knowledge
        self.verb_lemmas = lexicon.lemmas("verb")
        self.noun_lemmas = lexicon.lemmas("noun")
        # Verbs that carry an event noun as their subject's own act ("launched an attack",
        # "continued their hunger strike"), even where they are triggers in other senses.
        self.carrier_verbs = set(modality.context_lexicon().m("support_verbs")) | ASPECT_VERBS

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy_doc
        if sdoc is None:
            return doc
        index = MentionIndex(doc, sdoc)
        events: list[Event] = []
        consumed: set[int] = set()  # event nouns already used as a light verb's object
        reporting = modality.context_lexicon().attribution["reporting_verbs"]
        intent = modality.context_lexicon().m("hypothetical_adjectives") & INTENT_ADJECTIVES
        for sent_i, sent in enumerate(sdoc.sents):
            for tok in sent:
                if tok.pos_ == "VERB" and tok.lemma_.lower() in reporting:
                    events += self._deontic_demand(doc, index, tok, sent_i)
                if tok.pos_ == "ADJ" and tok.lower_ in intent:
                    events += self._intent(doc, index, tok, sent_i)
                if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in self.verb_lemmas:
                    events += self._verb_events(doc, index, tok, sent_i, consumed)
                elif tok.pos_ in {"NOUN", "PROPN"} and tok.lemma_.lower() in self.noun_lemmas and tok.i not in consumed:
                    events += self._noun_events(doc, index, tok, sent_i)
        doc.events = merge_repeats(events)
        doc.quotes = self._quotes(doc, index)
        return doc

    # -- verbs ----------------------------------------------------------------------------------
    def _verb_events(self, doc: Document, ix: MentionIndex, tok: Any, sent_i: int, consumed: set[int]) -> list[Event]:
        entry, obj = self._match(tok, "verb")
        if entry is None:
            return []
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)
        if passive and not entry.passive_ok:
            return []
        plover = ontology.cameo(entry.cameo).plover
        if entry.source != "subject" and not passive:
            # "Ukraine received aid from Japan": the giver is in a phrase, the subject receives.
            sources = [a for p in preps_in_phrase([tok], entry.source) for g in p.children if g.dep_ == "pobj" for a in ix.args(g)]
            targets = self._subjects(ix, tok)
        elif passive:
            sources = self._agents(ix, tok)
            own_subject = [c for c in tok.children if c.dep_ in {"nsubjpass", "nsubj"}]
            # A passive without a subject of its own ("... and was attacked") takes the clause's;
            # one with a subject that names no actor ("a camp was attacked") has no target.
            targets = [a for c in own_subject for a in ix.args(c)] if own_subject else self._subjects(ix, tok)
            if not sources:
                # An adjectival passive ("Israel is opposed to French mediation", "forces were
                # engaged in attacks against X"): no agent, a prepositional target in the verb's
                # own phrase (not in a clause under it: "arrested for collaborating with X"), the
                # subject acts.
                prep_targets = [a for a in self._targets(ix, tok, _PREP_ONLY, None) if in_own_phrase(a.token, tok)]
                if prep_targets:
                    sources, targets = targets, prep_targets
                elif plover in inferred.STATE_ACTS | inferred.UNNAMED_ATTACK_TYPES:
                    sources = inferred.place_as_doer(doc, tok, plover, self.kb)
        else:
            sources = self._subjects(ix, tok)
            if not sources and plover in inferred.UNNAMED_ATTACK_TYPES and subject_lemma(tok) in inferred.INSTRUMENT_NOUNS:
                sources = inferred.place_as_doer(doc, tok, plover, self.kb)  # "a roadside bomb killed two soldiers"
            targets = self._targets(ix, tok, entry, obj)
            if not targets:
                # A control verb's target sits in its complement: "agreed to resume talks with X",
                # "promised to continue military aid to X", "offered to hand over Y to X".
                targets = self._complement_targets(ix, tok, entry, sources)
        events = self._make(doc, ix, tok, entry, sources, targets, sent_i)
        if events and obj is not None and obj.i != tok.i:
            # The light verb coded its event noun ("mounted an invasion of X"); when it could not,
            # the noun is left to code itself with its own phrases.
            consumed.add(obj.i)
        return events


    def _deontic_demand(self, doc: Document, ix: MentionIndex, tok: Any, sent_i: int) -> list[Event]:
        """"X said (that) Y must/should Z" is a demand by X on Y (CAMEO 10, PLOVER REQUEST),
        however the report is worded: "declared", "reiterated", "concluded", "insisted"."""
        for clause in tok.children:
            if clause.dep_ != "ccomp" or not any(a.dep_ == "aux" and a.lower_ in DEONTIC for a in clause.children):
                continue
            targets = [a for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"} for a in ix.args(c)]
            if targets:
                return self._make(doc, ix, tok, DEMAND_ENTRY, self._subjects(ix, tok), targets, sent_i)
        return []

    def _intent(self, doc: Document, ix: MentionIndex, tok: Any, sent_i: int) -> list[Event]:
        """"France is ready to contribute troops to Liberia": a stated intent (PLOVER AGREE) when
        the intended act cooperates, a threat (THREATEN) when it coerces. The intent itself is
        what the article reports; the act stays hypothetical on its own trigger."""
        for comp in tok.children:
            if comp.dep_ != "xcomp" or comp.pos_ != "VERB":
                continue
            entry, obj = self._match(comp, "verb")
            if entry is None:
                continue
            act = ontology.cameo(entry.cameo)
            code = INTENT_CODE if act.quad_class in {1, 2} else THREAT_CODE
            sources = self._subjects(ix, tok)
            targets = self._targets(ix, comp, entry, obj) or self._complement_targets(ix, comp, entry, sources)
            return self._make(doc, ix, tok, code, sources, targets, sent_i)
        return []

    def _complement_targets(self, ix: MentionIndex, tok: Any, entry: Any, sources: list[Arg]) -> list[Arg]:
        """A control verb's target in its complement ("agreed to resume talks with X", "offered
        to hand over Y to X"); a demand's or warning's in the reported clause's subject
        ("demanded that the US cancel the sale")."""
        own = {a.mention.actor_id for a in sources}
        own_args = sources
        speech = ontology.cameo(entry.cameo).plover in SPEECH_TYPES
        for c in tok.children:
            if c.dep_ == "xcomp":
                found = [a for a in self._targets(ix, c, _DEFAULT_ENTRY, None) if a.mention.actor_id not in own]
                if found:
                    return found
            elif c.dep_ == "ccomp" and speech:
                subj = [a for g in c.children if g.dep_ in {"nsubj", "nsubjpass"} for a in ix.args(g) if a.mention.actor_id not in own]
                if subj:
                    return subj
        if ontology.cameo(entry.cameo).plover == "THREATEN":
            # "threatened to stop the talks if the United States goes ahead": the condition's
            # subject is the one threatened.
            for clause in [tok, *[c for c in tok.children if c.dep_ == "xcomp"]]:
                for adv in clause.children:
                    if adv.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in adv.children if m.dep_ == "mark"):
                        subj = [a for g in adv.children if g.dep_ in {"nsubj", "nsubjpass"} for a in ix.args(g)
                                if a.mention.actor_id not in own]
                        if subj:
                            return subj
            # "threatened to resume attacks in Israel": the country where the threatened act would
            # happen, when it is not the threatener's own.
            for c in tok.children:
                if c.dep_ == "xcomp":
                    found = [a for a in ix.located_in(c) if a.mention._country not in {getattr(s.mention, "_country", None) for s in own_args}]  # type: ignore[attr-defined]
                    if found:
                        return found
        return []

    def _match(self, tok: Any, pos: str) -> tuple[Any, Any]:
        """The most specific entry whose constraints hold (the lexicon's own reading of them),
        and the complement that satisfied its object constraint, if any."""
        entry = self.lexicon.match(tok)
        if tok.dep_ == "relcl" and any(c.dep_ in OBJECTS and (c.tag_ in {"WDT", "WP"} or c.lower_ == "that") for c in tok.children):
            # "a legal battle that X launched against Y": the relative pronoun stands for "battle".
            for e in self.lexicon.entries_for(pos, tok.lemma_.lower()):
                if e.object and tok.head.lemma_.lower() in e.object and (entry is None or e.specificity >= entry.specificity):
                    return e, tok.head
        if entry is None or not entry.object:
            return entry, None
        for t in tok.subtree:
            if t.i != tok.i and abs(t.i - tok.i) < 12 and t.lemma_.lower() in entry.object:
                # "supplied Russia with drones": the object noun is not an actor to code.
                return entry, t
        return entry, None

    def _subjects(self, ix: MentionIndex, tok: Any) -> list[Arg]:
        t, hops = tok, 0
        while t is not None and hops < 6:
            subj = [c for c in t.children if c.dep_ in SUBJECTS] or [
                # the parser sometimes hangs the subject on the auxiliary ("Chile is opposed to")
                g for c in t.children if c.dep_ in {"aux", "auxpass"} for g in c.children if g.dep_ in SUBJECTS]
            if not subj and hops and t.pos_ in {"VERB", "AUX"}:
                # "X has been indicted and will resign": an active verb coordinated with a
                # passive one shares its subject.
                subj = [c for c in t.children if c.dep_ == "nsubjpass"]
            if subj:
                # "The Red Cross operating in Iraq said": the parser can take the participle for
                # the subject; the noun it governs is the one who acts.
                args = [a for s in subj for a in (ix.args(s) or participle_subject(ix, s))] + co_actors(ix, t)
                if not args and t.dep_ == "relcl":  # "who"/"which": the clause's antecedent
                    return ix.args(t.head) or ix.last_actor_in(t.head, before=t)
                return args
            if t.dep_ == "relcl":  # "Medvedev, who warned Israel": the noun the clause modifies
                return ix.args(t.head) or ix.last_actor_in(t.head, before=t)
            if t.dep_ == "acl" and t.tag_ == "VBN":  # "remarks made by X" has no subject of its own
                return []
            if t.dep_ == "acl" and t.tag_ == "VBG" and t.head.dep_ in OBJECTS:
                # "X issued a statement condemning Y": whoever issued the statement condemns.
                t, hops = t.head.head, hops + 1
                continue
            if t.dep_ in {"xcomp", "pcomp"}:
                # Object control: "accused Rwanda of backing X", "urged China to use": the
                # governing verb's object is the one who acts.
                gov = t.head.head if t.dep_ == "pcomp" and t.head.dep_ == "prep" else t.head
                obj = [c for c in gov.children if c.dep_ in OBJECTS]
                if obj and gov.pos_ == "VERB" and gov.lemma_.lower() not in SUBJECT_CONTROL:
                    return [a for o in obj for a in ix.args(o)]
            if t.dep_ in INHERIT_DEPS or t.dep_ in {"pobj", "prep", "acomp"}:
                # acomp: "France is ready to send troops": the copula's subject acts.
                t, hops = t.head, hops + 1
                continue
            return []
        return []

    def _agents(self, ix: MentionIndex, tok: Any) -> list[Arg]:
        return [a for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj" for a in ix.args(g)]

    def _targets(self, ix: MentionIndex, tok: Any, entry: Any, obj: Any) -> list[Arg]:
        for where in entry.target:
            found: list[Arg] = []
            if where in {"dobj", "iobj", "nsubjpass"}:
                deps = {"dobj": OBJECTS, "iobj": {"dative", "iobj"}, "nsubjpass": {"nsubjpass"}}[where]
                for c in tok.children:
                    if c.dep_ in deps and (obj is None or c.i != obj.i or ix.args(c)):
                        found += ix.args(c)
                    elif where == "dobj" and c.dep_ in {"xcomp", "ccomp"} and not any(o.dep_ in deps for o in tok.children) \
                            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                        # "allowed candidate X to run": the parser makes X the infinitive's subject.
                        found += [a for g in c.children if g.dep_ == "nsubj" for a in ix.args(g)]
                    elif where == "dobj" and c.dep_ == "prt" and c.lower_ == "up":
                        # "kidnapped up to 16 advisers": the parser reads "up to" as a particle
                        # and a preposition, and the object as its complement.
                        found += [a for p in c.children if p.lower_ == "to" for g in p.children
                                  if g.dep_ == "pobj" and any(n.dep_ == "nummod" for n in g.children) for a in ix.args(g)]
            else:
                roots = [tok]
                if tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ in OBJECTS:
                    roots.append(tok.head)  # "made the request to X": the verb carries the `to`
                for prep in preps_in_phrase(roots, where):
                    for g in prep.children:
                        if g.dep_ == "pobj":
                            found += ix.args(g) or ix.located(g)
                    if found:
                        break
            if found:
                return found
        return []

    # -- nouns ----------------------------------------------------------------------------------
    def _noun_events(self, doc: Document, ix: MentionIndex, tok: Any, sent_i: int) -> list[Event]:
        entry, _ = self._match(tok, "noun")
        if entry is None:
            return []
        # The noun phrase that stands for the event in its clause: the noun itself, or the frame
        # or measure noun around it ("a mediation effort between", "ten days of talks").
        anchor = tok
        if tok.dep_ == "compound" and lemma(tok.head) in FRAME_NOUNS:
            anchor = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and lemma(tok.head.head) in MEASURE_NOUNS:
            anchor = tok.head.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in {"NOUN", "PROPN"}:
            return []  # "the resumption of talks", "the anniversary of the attack": referred to, not reported
        sources = [a for n in dict.fromkeys([tok, anchor]) for c in n.children
                   if c.dep_ in {"poss", "amod", "compound", "nmod"} and c.i < n.i for a in ix.args(c)]
        pair: list[Arg] = []
        for c in [*tok.children, *anchor.children]:
            if c.dep_ == "prep" and c.lower_ == "between":
                pair = [a for g in c.children if g.dep_ == "pobj" for a in ix.args(g)]
        if not sources and (anchor.dep_ in OBJECTS or anchor.dep_ == "pobj" and anchor.head.lower_ in GOVERNED_PREPS):
            # "X launched an attack on Y" (when no verb entry took it): the governing verb's subject.
            gov = anchor.head if anchor.dep_ in OBJECTS else anchor.head.head
            # Not through a verb that judges or asks for the event: in "Washington opposed an
            # offensive in Rafah" the offensive is what is opposed, not Washington's act.
            gov_entry = None if lemma(gov) in self.carrier_verbs else self._match(gov, "verb")[0]
            if gov_entry is None or ontology.cameo(gov_entry.cameo).plover not in STANCE_TYPES:
                sources = self._subjects(ix, gov)
        mutual = False
        if len(pair) >= 2 and entry.cameo[:3] in THIRD_PARTY_CODES and sources:
            targets = pair  # "Qatar's mediation between X and Y": Qatar mediates; X and Y are mediated
        elif len(pair) >= 2:
            sources, targets, mutual = [pair[0]], pair[1:], True  # "talks between X and Y"
        else:
            targets = self._targets(ix, tok, entry, None) or (self._targets(ix, anchor, entry, None) if anchor is not tok else [])
        if not targets and ontology.cameo(entry.cameo).plover in SPEECH_TYPES:
            # "reiterated its demand that Israel ease restrictions": the clause's subject.
            own = {a.mention.actor_id for a in sources}
            # The parser may hang the clause on the verb governing the noun ("reiterated its
            # demand that ..."), which then has no other clause of its own.
            holders = [tok, tok.head] if tok.dep_ in OBJECTS else [tok]
            targets = [a for h in holders for c in h.children if c.dep_ in {"acl", "ccomp", "relcl"}
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                       for g in c.children if g.dep_ in {"nsubj", "nsubjpass"} for a in ix.args(g)
                       if a.mention.actor_id not in own]
        return self._make(doc, ix, tok, entry, sources, targets, sent_i, mutual=mutual, anchor=anchor)

    # -- building events --------------------------------------------------------------------------
    def _make(self, doc: Document, ix: MentionIndex, tok: Any, entry: Any, sources: list[Arg], targets: list[Arg],
              sent_i: int, mutual: bool = False, anchor: Any = None) -> list[Event]:
        sources = dedupe(sources)
        targets = dedupe(targets)
        mutual = mutual or entry.symmetric
        anchor = tok if anchor is None else anchor
        # "X and Y met", "X and Y signed an agreement", "their meeting", "X and Y return for
        # talks"; not "X, along with Y, attended the summit" (an object that is not the event).
        objects = [c for c in tok.children if c.dep_ in OBJECTS]
        pairable = (
            (tok.pos_ == "VERB" and (entry.symmetric or all(lemma(o) in entry.object for o in objects)))
            or all(a.mention.how == "pair" for a in sources)
            or (tok.pos_ == "NOUN" and anchor.dep_ in OBJECTS)  # "Russia and China began joint exercises"
            or (tok.pos_ == "NOUN" and anchor.dep_ == "pobj" and anchor.head.lower_ in GOVERNED_PREPS)
        )
        if not targets and len(sources) >= 2 and pairable and (entry.symmetric or ontology.cameo(entry.cameo).plover in MUTUAL):
            # "The United States and Jordan agreed ...": coordinated actors act on each other.
            sources, targets, mutual = sources[:1], sources[1:], True
        if any(a.mention.how == "pair" for a in sources + targets) and ontology.cameo(entry.cameo).plover in MUTUAL:
            mutual = True  # "the two reached an agreement"
        plover = ontology.cameo(entry.cameo).plover
        if plover in PLACE_TARGETED:
            where = place.place_of(tok, self.kb) if not targets or not sources else None
            if not targets:
                # "staged a hunger strike to demand the president's resignation": whom the purpose
                # names; else "Thousands demonstrated in Belgrade": the place's rulers.
                targets = inferred.purpose_targets(ix, anchor, {a.mention.actor_id for a in sources})
                if not targets and where and where.get("country"):
                    targets = [Arg(place_mention(doc, tok, where), tok)]
            if not sources and targets:
                sources = inferred.local_group(doc, anchor, where, targets, self.kb)
        if not targets and plover in inferred.VICTIM_TYPES and sources:
            # "the bombers killed 23 people in Tel Aviv": unnamed victims are the place's people.
            targets = inferred.local_victims(doc, tok, self.kb)
        if not targets and plover in TARGETLESS | PLACE_RECIPIENT and sources:
            # "lifted the state of emergency in Darfur", "imposed a curfew in Hebron", "exploded
            # bombs in Kabul": an act with no named recipient is addressed to the place where it
            # happens (PLOVER codes these against the country).
            where = place.place_of(tok, self.kb)
            if where and where.get("country"):
                targets = [Arg(place_mention(doc, tok, where), tok)]
        out = []
        for s in sources:
            if not s.mention.code:
                continue
            if not targets and plover in TARGETLESS:
                # PLOVER lets these stand without a recipient ("the rebels surrendered").
                out.append(self._event(doc, tok, entry, s, None, sent_i))
            for t in targets:
                if not t.mention.code:
                    continue
                if s.mention.actor_id == t.mention.actor_id or s.mention.code == t.mention.code:
                    continue
                event = self._event(doc, tok, entry, s, t, sent_i)
                event.symmetric = mutual
                out.append(event)
        return out

    def _event(self, doc: Document, tok: Any, entry: Any, s: Arg, t: Arg | None, sent_i: int) -> Event:
        code = ontology.cameo(entry.cameo)
        target_code = t.mention.code if t is not None else ""
        if t is not None and code.code in MOTION_VISIT and t.mention.how == "knowledge:capital":
            # A capital as a destination is the country, not its government (gold conventions).
            target_code = t.mention._country or target_code  # type: ignore[attr-defined]
        confidence = 0.9
        if s.mention.how in inferred.INFERRED or (t is not None and t.mention.how in inferred.INFERRED):
            confidence -= 0.15
        if tok.pos_ in {"NOUN", "PROPN"}:
            confidence -= 0.1
        event = build_event(
            doc, tok, code, _ref(doc, s.mention, s.mention.code),
            _ref(doc, t.mention, target_code) if t is not None else None,
            sent_i, confidence, self.kb, source_token=s.token,
        )
        if entry.negative and event.status == "asserted":
            event.status = "negated"
        return event




    # -- quotes ---------------------------------------------------------------------------------
    def _quotes(self, doc: Document, ix: MentionIndex) -> list[Quote]:
        out = []
        for start, end in quotes.find_quotes(doc.text):
            speaker = quotes.quote_speaker(doc.spacy_doc, start, end)
            ref = None
            if speaker is not None:
                toks = list(speaker) if hasattr(speaker, "__iter__") else [speaker]
                for t in toks:
                    ms = ix.at(t.i)
                    if ms:
                        ref = _ref(doc, ms[0], ms[0].code)
                        break
                if ref is None:
                    span = doc.spacy_doc[toks[0].i : toks[-1].i + 1]
                    ref = ActorRef(span.text, "", None, doc.to_original(span.start_char), doc.to_original(span.end_char))
            o = doc.span(start, end)
            out.append(Quote(o.text, ref, o.start, o.end))
        return out




def build_event(
    doc: Document, tok: Any, code: Any, src: ActorRef, tgt: ActorRef | None, sent_i: int, confidence: float,
    knowledge: Any, *, source_token: Any = None, rule: str | None = None,
) -> Event:
    """One event record: the CAMEO code's PLOVER reading and scores, and the trigger's status,
    attribution, date and place. Every coder (Tacitus's own, PETRARCH dictionaries) builds
    events here, so the records are alike whichever lexicon found them."""
    date, precision, date_text = time.resolve_date(tok, doc.date)
    trig = doc.span(tok.idx, tok.idx + len(tok.text))
    salt = f"|{rule.split()[0]}" if rule else ""
    ev_id = hashlib.sha1(
        f"{doc.doc_id}|{sent_i}|{tok.idx}|{src.code}|{tgt.code if tgt else ''}|{code.code}{salt}".encode()
    ).hexdigest()[:16]
    evidence: dict[str, Any] = {"sentence_index": sent_i, "trigger": trig.text, "start": trig.start, "end": trig.end}
    if rule:
        evidence["rule"] = rule
    return Event(
        id=ev_id,
        doc_id=doc.doc_id,
        sentence_index=sent_i,
        source=src,
        target=tgt,
        plover=code.plover,
        mode=code.mode or "",
        context=code.context or "",
        cameo=code.code,
        goldstein=code.goldstein,
        quad_class=code.quad_class,
        status=modality.status_of(tok),
        attribution=attribution.attribution_of(tok, source=source_token),
        date=date,
        date_precision=precision,
        date_text=date_text,
        place=place.place_of(tok, knowledge) if knowledge is not None else None,
        trigger=trig,
        sentence=tok.sent.text,
        confidence=round(confidence, 2),
        evidence=[evidence],
    )




def _ref(doc: Document, m: Mention, code: str) -> ActorRef:
    return ActorRef(m.text, code, m.actor_id, doc.to_original(m.start), doc.to_original(m.end))


def merge_repeats(events: list[Event]) -> list[Event]:
    """The same event told twice in one article is one event with all its evidence."""
    merged: dict[tuple, Event] = {}
    for e in events:
        key = (e.source.code if e.source else None, e.target.code if e.target else None, e.plover, e.status)
        first = merged.get(key)
        if first is None:
            merged[key] = e
            continue
        first.evidence.extend(e.evidence)
        if first.date_text is None and e.date_text is not None:  # keep the date the text states
            first.date, first.date_precision, first.date_text = e.date, e.date_precision, e.date_text
    return list(merged.values())
