"""Who the article says reported an event.

An event is attributed when the article hands it to someone: "according to TASS", "Bloomberg
reported that ...", "X said (that) ...", "..., a top political source claimed late Thursday",
"the source stated to Maariv", "X told Y that ...", and a direct quote attributed in the same
sentence ('"...," Peskov said') or, for a quote running over several sentences, next to the quote.

Rules (see also docs/status.md):

* Reporters are collected from the trigger outwards: each verb of saying (``attribution.
  reporting_verbs`` in ``data/lexicon/modality.yaml``) whose complement holds the trigger, a
  ``parataxis`` reporting clause hung on a word governing it ("..., state media reported"), and
  last an "according to X" / "citing X" phrase anywhere in the sentence. The *outermost* reporter
  wins: it is the one the article itself cites ("Peskov said Monday, according to TASS" -> TASS).
* The event's own speaker is not an attribution. If the reporter is the event's source (the
  ``source`` argument when the caller knows it, else the subject of the trigger's clause), the
  report is a self-report: "Russia warned Israel" is not attributed, and neither is "Netanyahu
  said he hopes ...". A self-report made *to a named outlet* is attributed to the outlet:
  "Netanyahu told USA Today that he would consider ..." -> "USA Today". A personal pronoun
  subject of a reported clause ("he", "it", "we") is taken to be the reporter (the usual
  reading of reported speech), so it counts as the same actor.
* The text returned is the shortest readable name: the named entity containing the reporter's
  head ("Dmitry Peskov" for "Kremlin spokesman Dmitry Peskov", "TASS" for "the state-owned TASS
  news agency" since "agency" is an outlet noun), else the noun phrase with its determiner and
  modifiers but without relative clauses or appositions ("a top political source", "the
  source"). A pronoun reporter is returned as the pronoun; :func:`attribution_span` gives the
  token span so the actor resolver can map it to an actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tacitus.events.modality import ContextLexicon, clause_head, context_lexicon, event_subject, words_of
from tacitus.nlp.index import doc_index

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT", "EVENT"})
# Entity types that can name an outlet inside "the X news agency" (a nationality cannot).
OUTLET_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "GPE"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "him", "her", "them", "us"})
NP_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "predet", "case"})


@dataclass(frozen=True)
class Reporter:
    """One reporting frame around a trigger: who spoke, by which verb, to whom."""

    speaker: Any  # head token of the reporter's noun phrase
    verb: Any | None  # the reporting verb, None for "according to"
    recipient: Any | None  # a named addressee or outlet ("told USA Today", "stated to Maariv")
    how: str  # "verb", "parataxis", "phrase" or "quote"


def attribution_of(trigger: Any, *, source: Any = None) -> str | None:
    """The readable name of who reported the event, or None when the article does not say.

    ``source`` is the event's source actor when the caller knows it (a token or a span); it
    decides which reports are self-reports. Without it, the trigger's clause subject is used.
    """
    span = attribution_span(trigger, source=source)
    return None if span is None else span.text


def attribution_span(trigger: Any, *, source: Any = None) -> Any | None:
    """The token span (a spaCy ``Span``) of who reported the event, or None."""
    subject = _source_tokens(source) if source is not None else _subject_tokens(trigger)
    reporters = reporters_of(trigger)
    for n, rep in reversed(list(enumerate(reporters))):
        if _same_actor(rep.speaker, subject, direct=n == 0 and _directly_reports(rep, subject)):
            if rep.recipient is not None:
                return name_span(rep.recipient)
            continue
        return name_span(rep.speaker)
    return None


def reporters_of(trigger: Any) -> list[Reporter]:
    """The reporting frames around a trigger, innermost first."""
    lex = context_lexicon()
    reporters: list[Reporter] = []
    node = trigger
    seen: set[int] = set()
    while node.i not in seen:
        seen.add(node.i)
        for child in node.children:
            # "Russia withdrew, state media reported": the reporting clause hangs on the content.
            if child.dep_ == "parataxis" and _is_reporting(child, lex) and not _has_content(child):
                speaker = _speaker_of(child)
                if speaker is not None:
                    reporters.append(Reporter(speaker, child, _recipient(child, lex), "parataxis"))
        head = node.head
        if head.i == node.i:
            break
        if _reports(head, node, lex):
            speaker = _speaker_of(head)
            if speaker is not None:
                reporters.append(Reporter(speaker, head, _recipient(head, lex), "verb"))
        node = head
    if not reporters:
        trailing = _trailing_report(trigger, lex)
        if trailing is not None:
            reporters.append(trailing)
    phrase = _attribution_phrase(trigger, lex)
    if phrase is not None:
        reporters.append(Reporter(phrase, None, None, "phrase"))
    if not reporters:
        quoted = _quote_reporter(trigger)
        if quoted is not None:
            reporters.append(quoted)
    return reporters


# --------------------------------------------------------------------------------------------


def _is_reporting(tok: Any, lex: ContextLexicon) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and bool(words_of(tok) & lex.attribution["reporting_verbs"])


def _reports(verb: Any, content: Any, lex: ContextLexicon) -> bool:
    """Whether ``content`` is what ``verb`` reports: a clause it governs ("said that ..."), or
    for verbs that can take an event as object, that object ("Reuters reported the attack").
    "continues to resist" and "continued the talks" are not reports."""
    if not _is_reporting(verb, lex):
        return False
    if content.dep_ in {"ccomp", "parataxis"}:
        return True
    return content.dep_ == "dobj" and bool(words_of(verb) & lex.attribution["reporting_verbs_with_object"])


def _has_content(verb: Any) -> bool:
    return any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children)


def _speaker_of(verb: Any) -> Any | None:
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass"}:
            return c
    # A conjoined reporting verb shares its subject: "Peskov smiled and said ...".
    if verb.dep_ == "conj":
        return _speaker_of(verb.head)
    return None


def _recipient(verb: Any, lex: ContextLexicon) -> Any | None:
    """A *named* addressee or outlet of a reporting verb: "told USA Today", "stated to Maariv",
    "said in an interview with CNN". Unnamed ones ("told reporters") are not attributions."""
    candidates: list[Any] = []
    for c in verb.children:
        if c.dep_ in {"dobj", "dative", "iobj"} and c.pos_ in {"PROPN", "NOUN"}:
            candidates.append(c)
        if c.dep_ in {"prep", "dative"} and c.lower_ in lex.attribution["medium_prepositions"] | {"in"}:
            for obj in c.children:
                if obj.dep_ != "pobj":
                    continue
                candidates.append(obj)
                # "in an interview with CNN"
                for p in obj.children:
                    if p.dep_ == "prep" and p.lower_ in lex.attribution["medium_prepositions"]:
                        candidates.extend(o for o in p.children if o.dep_ == "pobj")
    for cand in candidates:
        if cand.ent_type_ in OUTLET_LABELS or cand.pos_ == "PROPN":
            return cand
    return None


def _trailing_report(trigger: Any, lex: ContextLexicon) -> Reporter | None:
    """ "..., a senior source claimed late Monday." when the parser did not make the reported
    clause the verb's complement (it may hang the reporting clause on the last noun instead).

    A verb of saying after a comma that has no complement of its own and ends the sentence
    (only its own modifiers follow it) reports what comes before it: the first such verb after
    the trigger.
    """
    doc = trigger.doc
    for verb_i, speaker_i, recipient_i in _trailing_reports(trigger, lex):
        if verb_i > trigger.i:
            recipient = None if recipient_i is None else doc[recipient_i]
            return Reporter(doc[speaker_i], doc[verb_i], recipient, "trailing")
    return None


def _trailing_reports(trigger: Any, lex: ContextLexicon) -> list[tuple[int, int, int | None]]:
    """Every trailing report of the trigger's sentence (see :func:`_trailing_report`), as
    ``(verb, speaker, recipient)`` token indices. Found once per sentence: none of it depends on
    the trigger but where it stands, and each event of the sentence would walk it again."""
    ix = doc_index(trigger.doc)
    start, end = ix.sent_bounds(trigger.i)
    memo = ix.memo.setdefault("trailing_reports", {})
    if start not in memo:
        found = []
        for report in _find_trailing_reports(trigger.doc[start:end], lex):
            speaker, verb, recipient = report.speaker, report.verb, report.recipient
            found.append((verb.i, speaker.i, None if recipient is None else recipient.i))
        memo[start] = found
    return memo[start]


def _find_trailing_reports(sent: Any, lex: ContextLexicon) -> list[Reporter]:
    doc = sent.doc
    found = []
    for verb in sent:
        if not _is_reporting(verb, lex) or _has_content(verb):
            continue
        if any(c.dep_ in {"dobj", "ccomp"} for c in verb.children):
            continue
        subtree = {t.i for t in verb.subtree}
        if any(t.i not in subtree and not t.is_punct for t in sent if t.i > verb.i):
            continue
        speaker = _speaker_of(verb)
        if speaker is not None and speaker.i < verb.i:
            left = speaker.left_edge.i  # ", a senior source claimed"
        elif verb.dep_ in {"acl", "relcl"}:
            speaker = verb.head  # the parser's reading: ", a senior source [claimed ...]"
            left = speaker.left_edge.i
        elif speaker is not None:
            left = verb.i  # ", said the minister"
        else:
            continue
        if left > sent.start and doc[left - 1].text in {",", "—", "–"}:
            found.append(Reporter(speaker, verb, _recipient(verb, lex), "trailing"))
    return found


def _attribution_phrase(trigger: Any, lex: ContextLexicon) -> Any | None:
    """The object of "according to X" / "citing X" / "quoted by X" in the trigger's sentence.

    Prefers a phrase attached to a word governing the trigger; takes one anywhere in the
    sentence otherwise, since such a phrase qualifies the whole report.
    """
    phrases = _sentence_phrases(trigger, lex)
    if not phrases:
        return None
    ancestors = {trigger.i} | {a.i for a in trigger.ancestors}
    found = [(head_i in ancestors, obj_i) for head_i, obj_i in phrases]
    found.sort(key=lambda f: not f[0])
    return trigger.doc[found[0][1]]


def _sentence_phrases(trigger: Any, lex: ContextLexicon) -> list[tuple[int, int]]:
    """The attribution phrases of the trigger's sentence, in the order :func:`_attribution_phrase`
    weighs them, as ``(head of the phrase's first word, object)`` token indices. Found once per
    sentence (the search tries every phrase at every word; only the choice depends on the trigger)."""
    ix = doc_index(trigger.doc)
    start, end = ix.sent_bounds(trigger.i)
    memo = ix.memo.setdefault("attribution_phrases", {})
    if start in memo:
        return memo[start]
    sent = trigger.doc[start:end]
    found: list[tuple[int, int]] = []
    words = ix.tokens.lower[start:end]
    for phrase in lex.attribution["attribution_phrases"]:
        parts = phrase.split()
        for k in range(len(words) - len(parts) + 1):
            if words[k : k + len(parts)] != parts:
                continue
            first, last = sent[k], sent[k + len(parts) - 1]
            obj = next((c for c in last.children if c.dep_ in {"pobj", "dobj"}), None)
            if obj is None:
                obj = next((c for c in first.children if c.dep_ in {"pobj", "dobj"}), None)
            if obj is None:
                continue
            found.append((first.head.i, obj.i))
    memo[start] = found
    return found


def _quote_reporter(trigger: Any) -> Reporter | None:
    """The speaker of a direct quote holding the trigger, when the parse did not link them."""
    from tacitus.events.quotes import doc_quotes, quote_speaker

    doc = trigger.doc
    at = trigger.idx
    for start, end in doc_quotes(doc):
        if start <= at < end:
            span = quote_speaker(doc, start, end)
            if span is not None:
                return Reporter(span.root, None, None, "quote")
    return None


def _subject_tokens(trigger: Any) -> list[Any]:
    subj = event_subject(trigger)
    return [] if subj is None else [subj]


def _source_tokens(source: Any) -> list[Any]:
    if hasattr(source, "root") and hasattr(source, "start"):  # a Span
        return list(source)
    return [source]


def _directly_reports(rep: Reporter, subject: list[Any]) -> bool:
    """Whether the subject's own clause is the reporter's complement (or a quote it speaks):
    in "Bloomberg reported that Russia warned Israel that it would respond", "it" is in the
    complement of "warned", not of "reported", so it cannot be Bloomberg."""
    if rep.verb is None or not subject:
        return rep.how == "quote"
    head = clause_head(subject[0])
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    return head.head.i == rep.verb.i or any(c.i == head.i for c in rep.verb.children)


def _same_actor(speaker: Any, subject: list[Any], *, direct: bool) -> bool:
    """Whether the reporter is the event's own source (so the report is a self-report).

    Same token, or a shared proper name ("Peskov" / "Kremlin spokesman Dmitry Peskov"). A
    pronoun subject is read as the reporter only when the pronoun's clause is what the reporter
    says (``direct``) and only when it agrees: "I"/"we"/"they" with anyone, "he"/"she" with a
    reporter that is not an organisation, place or outlet, "it" with one that is not a person.
    """
    if not subject:
        return False
    speaker_span = name_span(speaker)
    speaker_ids = {t.i for t in speaker_span}
    speaker_names = {t.lower_ for t in speaker_span if t.pos_ == "PROPN"}
    for tok in subject:
        if tok.i in speaker_ids:
            return True
        if tok.pos_ == "PRON" and tok.lower_ in PERSONAL_PRONOUNS:
            if direct and _pronoun_agrees(tok.lower_, speaker):
                return True
            continue
        subj_names = {t.lower_ for t in name_span(tok) if t.pos_ == "PROPN"}
        if speaker_names & subj_names:
            return True
    return False


def _pronoun_agrees(pronoun: str, speaker: Any) -> bool:
    label = speaker.ent_type_
    if pronoun in {"he", "she", "him", "her"}:
        outlet = bool(words_of(speaker) & context_lexicon().attribution["source_nouns"])
        return label not in {"ORG", "GPE", "NORP", "FAC", "LOC"} and not outlet
    if pronoun == "it":
        return label != "PERSON" and speaker.pos_ != "PRON"
    return True


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


def entity_of(tok: Any) -> Any | None:
    """The named entity span containing a token, if any."""
    if not tok.ent_type_:
        return None
    return doc_index(tok.doc).entity(tok.i)  # doc.ents would build every entity's span per call


def np_span(tok: Any) -> Any:
    """The noun phrase a head word stands for: determiners, modifiers and compounds to its
    left, no relative clauses, appositions or prepositional phrases."""
    left = tok.i
    for c in tok.children:
        if c.dep_ in NP_DEPS and c.i < tok.i:
            left = min(left, c.left_edge.i)
    right = tok.i + 1
    ent = entity_of(tok)
    if ent is not None:
        left, right = min(left, ent.start), max(right, ent.end)
    return tok.doc[left:right]


def name_span(tok: Any) -> Any:
    """The span :func:`readable_name` reads: entity, apposed entity, outlet name, or the NP."""
    ent = entity_of(tok)
    if ent is not None and ent.label_ in NAME_LABELS:
        return _strip_outlet_nouns(_strip_the(ent))
    for c in tok.children:
        if c.dep_ == "appos":
            ent = entity_of(c)
            if ent is not None and ent.label_ in NAME_LABELS:
                return _strip_the(ent)
    lex = context_lexicon()
    if words_of(tok) & lex.attribution["source_nouns"]:
        for c in tok.children:
            if c.dep_ in {"compound", "nmod", "amod", "poss"} and c.i < tok.i:
                ent = entity_of(c)
                if ent is not None and ent.label_ in OUTLET_LABELS:
                    return _strip_the(ent)
                if c.pos_ == "PROPN":
                    return _strip_the(np_span(c))
    return np_span(tok)


def readable_name(tok: Any) -> str:
    """The shortest readable name of whoever a token stands for (see the module docstring)."""
    return name_span(tok).text


def _strip_outlet_nouns(span: Any) -> Any:
    """ "Xinhua news agency" -> "Xinhua": the outlet's name without the kind of outlet."""
    nouns = context_lexicon().attribution["source_nouns"]
    end = len(span)
    while end > 1 and span[end - 1].pos_ == "NOUN" and span[end - 1].lower_ in nouns:
        end -= 1
    return span[:end] if any(t.pos_ == "PROPN" for t in span[:end]) else span


def _strip_the(span: Any) -> Any:
    if len(span) > 1 and span[0].lower_ == "the":
        return span[1:]
    return span
