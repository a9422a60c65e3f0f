"""The status of an event: ``asserted``, ``planned``, ``hypothetical`` or ``negated``.

The status is read from the trigger's own predicate and from the chain of words that govern it,
up to the clause that matters, never from the whole sentence. Climbing from the trigger:

* the trigger and every governing word contribute their *own* cues: a ``neg`` child ("not",
  "never", "no longer"), a modal auxiliary ("will", "may", "would"), a hedge adverb ("possibly"),
  a condition ("if"/"unless"/"whether"), and for nominal triggers a modifier ("a planned visit",
  "a possible meeting", "no talks");
* a governing word also contributes its *meaning* when the trigger sits in its complement:
  "plans to visit" (planned), "would consider supplying" (hypothetical), "refrained from supplying"
  (negated), "the idea of supplying" (hypothetical), "too early to discuss" (negated). The trigger's
  own word is never such a cue: "Russia threatened to ..." is an asserted threat, and "refused" is an
  asserted refusal; what was threatened or refused is not;
* the climb stops at a clause boundary: a clause with its own subject (a reported clause, a
  relative clause, an adverbial clause with its own past tense) keeps its own status, so "said
  that Netanyahu will visit" is planned, not asserted, and "would reflect ..., days after Putin
  returned a tank" leaves the return asserted. Only the meaning of the word that takes such a clause
  as its complement crosses the boundary ("there is a possibility that X will try", "denied that X
  attacked"), and a past-tense complement is a fact whatever its governor hopes or fears.

When several cues apply the precedence is ``negated > hypothetical > planned > asserted``. So a
negated modal is negated: "will not meet" and "would not meet" are both ``negated`` (the article
reports the event as not happening, or not going to), and so is "may not meet". A future in a
reported past ("said Netanyahu would visit Moscow") is ``planned``, not hypothetical, unless a
condition goes with it.

The cue words live in ``data/lexicon/modality.yaml``; :func:`context_lexicon` loads them once and is
shared with the attribution, time and place modules.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tacitus.errors import DataFileError

LEXICON_FILE = "modality.yaml"
LEXICON_PATH = Path(__file__).resolve().parents[1] / "data" / "lexicon" / LEXICON_FILE

NEGATED, HYPOTHETICAL, PLANNED, ASSERTED = "negated", "hypothetical", "planned", "asserted"
# Precedence when several cues apply: the first one found in this order wins.
PRECEDENCE = (NEGATED, HYPOTHETICAL, PLANNED)

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
CLAUSE_DEPS = frozenset(
    {"relcl", "ccomp", "advcl", "parataxis", "csubj", "csubjpass", "acl", "conj", "pcomp"}
)
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
PAST_TAGS = frozenset({"VBD"})
# Relations through which a governing word's meaning reaches its dependent (complements).
COMPLEMENT_DEPS = frozenset(
    {"xcomp", "ccomp", "pcomp", "pobj", "dobj", "acl", "acomp", "attr", "oprd", "nsubjpass", "advcl", "prep"}
)
NOMINAL_POS = frozenset({"NOUN", "PROPN"})


# --------------------------------------------------------------------------------------------
# The cue lexicon
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContextLexicon:
    """All cue lists of ``modality.yaml`` as frozensets (and dicts for the calendar words)."""

    modality: dict[str, frozenset[str]]
    attribution: dict[str, frozenset[str]]
    time: dict[str, dict[str, int]]
    place: dict[str, frozenset[str]]

    def m(self, key: str) -> frozenset[str]:
        return self.modality[key]


def _as_set(section: dict[str, Any], name: str, key: str) -> frozenset[str]:
    value = section.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(f"{LEXICON_FILE}: '{name}.{key}' must be a list of words, got {value!r}.")
    return frozenset(v.lower() for v in value)


def load_context_lexicon(text: str) -> ContextLexicon:
    """Parse the YAML text of a context lexicon. Malformed entries raise :class:`DataFileError`."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{LEXICON_FILE}: not valid YAML ({exc}).") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"{LEXICON_FILE}: the top level must be a mapping of sections.")
    sections: dict[str, dict[str, Any]] = {}
    for name in ("modality", "attribution", "time", "place"):
        section = data.get(name)
        if not isinstance(section, dict):
            raise DataFileError(f"{LEXICON_FILE}: section '{name}' is missing or not a mapping.")
        sections[name] = section
    time: dict[str, dict[str, int]] = {}
    for key, value in sections["time"].items():
        if not isinstance(value, dict) or not all(isinstance(v, int) for v in value.values()):
            raise DataFileError(f"{LEXICON_FILE}: 'time.{key}' must map words to numbers.")
        time[key] = {str(k).lower(): v for k, v in value.items()}
    return ContextLexicon(
        modality={k: _as_set(sections["modality"], "modality", k) for k in sections["modality"]},
        attribution={k: _as_set(sections["attribution"], "attribution", k) for k in sections["attribution"]},
        time=time,
        place={k: _as_set(sections["place"], "place", k) for k in sections["place"]},
    )


@functools.lru_cache(maxsize=1)
def context_lexicon() -> ContextLexicon:
    """The packaged context lexicon, loaded once per process."""
    try:
        text = LEXICON_PATH.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{LEXICON_PATH}: cannot be read ({exc.strerror}).") from exc
    return load_context_lexicon(text)


# --------------------------------------------------------------------------------------------
# Clause helpers, shared by attribution, time and place
# --------------------------------------------------------------------------------------------


def words_of(tok: Any) -> set[str]:
    """The forms a token is looked up by: its lower-cased text, its lemma, and plain-suffix
    stems, because the small model's lemmatizer slips on some forms ("hopes" -> "hop")."""
    low = tok.lower_
    forms = {low, tok.lemma_.lower()}
    if tok.pos_ in {"VERB", "AUX", "NOUN"}:
        for suffix, repl in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
            if low.endswith(suffix) and len(low) - len(suffix) >= 3:
                forms.add(low[: -len(suffix)] + repl)
    return forms


def phrasal(tok: Any) -> str:
    """'rule out' for "ruled out": the lemma with its particle, for multi-word verb entries."""
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    return f"{tok.lemma_.lower()} {prt[0]}" if prt else tok.lemma_.lower()


def has_subject(tok: Any) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in tok.children)


def is_clause_head(tok: Any) -> bool:
    """True for the head of a clause of its own: the root, or a verb with its own subject.

    A conjoined verb without its own subject ("met Putin and signed a deal") shares the first
    verb's clause, and so do infinitives, gerunds and participles.
    """
    if tok.dep_ == "ROOT" or tok.head.i == tok.i:
        return True
    if has_subject(tok) and tok.pos_ in {"VERB", "AUX", "ADJ"}:
        return True
    if tok.dep_ in CLAUSE_DEPS - {"conj", "acl", "pcomp"} and tok.tag_ in FINITE_TAGS:
        return True
    return tok.dep_ == "conj" and tok.tag_ in FINITE_TAGS and any(c.dep_ == "aux" for c in tok.children)


def clause_head(tok: Any) -> Any:
    """The head of the clause a token belongs to (climbing through non-finite links)."""
    while not is_clause_head(tok):
        tok = tok.head
    return tok


def marker(tok: Any) -> str | None:
    """The subordinating word of a clause ("if", "whether", "after"), lower case."""
    for c in tok.children:
        if c.dep_ == "mark":
            return c.lower_
    # spaCy attaches "when"/"whenever"/"where" as an adverb (tag WRB) at the clause's left edge.
    for c in tok.children:
        if c.dep_ == "advmod" and c.tag_ == "WRB" and c.i < tok.i and c.i == tok.left_edge.i:
            return c.lower_
    return None


def is_past(tok: Any) -> bool:
    """A clause head in the past: "met", "did not meet", "had met", "was attacked"."""
    if tok.tag_ in PAST_TAGS:
        return True
    return any(c.dep_ in {"aux", "auxpass"} and c.tag_ == "VBD" for c in tok.children)


def governing_chain(trigger: Any) -> list[Any]:
    """The trigger and the words governing it inside its clause, trigger first."""
    chain = [trigger]
    tok = trigger
    while not is_clause_head(tok):
        tok = tok.head
        chain.append(tok)
    return chain


def event_chain(trigger: Any) -> list[Any]:
    """The governing chain cut where the trigger sits in an adjunct phrase of time, cause or
    circumstance ("in honor of 25 years of talks", "during the meeting"): what governs such a
    phrase (its verb's date or place) is not about the event named inside it."""
    adjuncts = context_lexicon().m("adjunct_prepositions")
    chain = [trigger]
    tok = trigger
    while not is_clause_head(tok):
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in adjuncts:
            break
        tok = head
        chain.append(tok)
    return chain


def event_subject(trigger: Any) -> Any | None:
    """The word standing for who does the event: the nearest subject up the governing chain.

    For a nominal trigger its possessor counts ("Israel's absorption of refugees").
    """
    for c in trigger.children:
        if c.dep_ == "poss" and trigger.pos_ in NOMINAL_POS:
            return c
    for tok in governing_chain(trigger):
        for c in tok.children:
            if c.dep_ in {"nsubj", "nsubjpass", "csubj"}:
                return c
        if tok.pos_ in NOMINAL_POS and tok.i != trigger.i and tok.dep_ in {"nsubj", "nsubjpass"}:
            break
    return None


# --------------------------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    status: str
    word: str
    on: str  # the word the cue attaches to, for the audit string


def status_of(trigger: Any) -> str:
    """``asserted``, ``planned``, ``hypothetical`` or ``negated`` for an event's trigger token."""
    return _decide(trigger)[0]


def status_reason(trigger: Any) -> str:
    """The cue words that decided the status, e.g. ``"negated: 'not' on 'attending'"``."""
    status, cues = _decide(trigger)
    if status == ASSERTED:
        return "asserted: no negation, modal, condition or plan cue governs the trigger"
    deciding = [c for c in cues if c.status == status]
    return f"{status}: " + ", ".join(f"{c.word!r} on {c.on!r}" for c in deciding)


def _decide(trigger: Any) -> tuple[str, list[Cue]]:
    cues = collect_cues(trigger)
    for status in PRECEDENCE:
        if any(c.status == status for c in cues):
            return status, cues
    return ASSERTED, cues


def collect_cues(trigger: Any) -> list[Cue]:
    """Every cue on the trigger and on the words governing it, in the order they were met."""
    lex = context_lexicon()
    cues: list[Cue] = []
    node = trigger
    seen: set[int] = set()
    while node.i not in seen:
        seen.add(node.i)
        cues.extend(_own_cues(node, lex))
        head = node.head
        if head.i == node.i:
            break
        step = _climb(node, head, lex, cues)
        if step is None:
            break
        node = step
    return cues


def _climb(node: Any, head: Any, lex: ContextLexicon, cues: list[Cue]) -> Any | None:
    """Decide whether the head's clause still matters; add the head's meaning as a cue.

    Returns the next node to visit, or None to stop.
    """
    dep = node.dep_
    if is_clause_head(node):
        mark = marker(node)
        if mark in lex.m("conditional_markers"):
            cues.append(Cue(HYPOTHETICAL, mark, node.text))
            return None
        if dep in {"relcl", "parataxis"}:
            return None
        if dep == "conj":
            # A conjoined clause with its own subject is a statement of its own.
            return None
        if dep == "advcl":
            # "will meet Putin when he arrives": English puts a future in the present tense
            # after temporal subordinators, so such a clause takes the main clause's status.
            if (
                mark in lex.m("temporal_markers")
                and not is_past(node)
                and not _has_modal(node)
                and not is_past(head)
            ):
                return head
            return None
        # A complement clause (ccomp, acl of a noun, csubj): only the governor's meaning
        # crosses the boundary, and not into a past-tense fact, except for denial.
        cue = _governor_cue(head, lex)
        if cue is not None and (cue.status == NEGATED or not is_past(node)):
            cues.append(cue)
        return None

    if dep == "conj":
        # A verb sharing the first conjunct's subject also shares its auxiliaries and negation
        # ("will visit Moscow and meet Putin"), but not its lexical meaning.
        return head
    if dep in {"nsubj", "nsubjpass"}:
        # A nominal event as subject: only verbs of occurring ("talks will take place") or of
        # planning ("a meeting is planned") speak about whether it happens.
        if words_of(head) & lex.m("occurrence_verbs"):
            return head
        cue = _governor_cue(head, lex)
        if cue is not None:
            cues.append(cue)
            return head
        return None
    if dep == "dobj":
        # The object of a light verb is the event itself ("made the request"); the object of a
        # verb of planning or considering is its complement ("is considering sanctions").
        cue = _governor_cue(head, lex)
        if cue is not None:
            cues.append(cue)
            return head
        if words_of(head) & lex.m("support_verbs"):
            return head
        return None
    if dep == "pobj":
        if head.lower_ in lex.m("negating_prepositions"):
            cues.append(Cue(NEGATED, head.lower_, node.text))
            return None
        if head.lower_ in lex.m("adjunct_prepositions") and head.dep_ == "prep":
            # "during their meeting": an adjunct is presupposed to have happened.
            return None
        if node.pos_ in NOMINAL_POS and any(c.dep_ == "poss" for c in node.children):
            # A possessed event noun refers to an event taken as known: "put aside its spat
            # over its support for Ukraine" does not make the support hypothetical.
            return None
        return head
    if dep == "pcomp":
        if head.lower_ in lex.m("negating_prepositions"):
            cues.append(Cue(NEGATED, head.lower_, node.text))
            return None
        return head
    if dep in {"prep", "agent", "dative"}:
        cue = _governor_cue(head, lex)
        if cue is not None:
            cues.append(cue)
        return head
    if dep in COMPLEMENT_DEPS or dep in {"appos", "compound", "nmod", "npadvmod", "advcl", "acl"}:
        cue = _governor_cue(head, lex, via=dep, child=node)
        if cue is not None:
            cues.append(cue)
        return head
    return None


def _has_modal(tok: Any) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children)


def _governor_cue(head: Any, lex: ContextLexicon, via: str = "", child: Any = None) -> Cue | None:
    """The status a governing word gives to its complement, from its meaning."""
    forms = words_of(head)
    verb_forms = forms | {phrasal(head)}
    if head.pos_ in {"VERB", "AUX"}:
        if verb_forms & lex.m("negating_governors"):
            return Cue(NEGATED, head.text, head.text)
        if head.lemma_ == "go" and head.tag_ == "VBG" and via == "xcomp":
            return Cue(PLANNED, f"{_aux_text(head)} going to".strip(), head.text)
        if head.lemma_ == "be" and via == "xcomp" and child is not None and _is_to_infinitive(child):
            return Cue(PLANNED, f"{head.text} to", head.text)  # "is to visit"
        if head.lemma_ == "set" and head.tag_ == "VBN" and via == "xcomp":
            return Cue(PLANNED, "set to", head.text)
        if head.lemma_ != "set" and forms & lex.m("planned_governors"):
            return Cue(PLANNED, head.text, head.text)
        if forms & lex.m("hypothetical_governors"):
            return Cue(HYPOTHETICAL, head.text, head.text)
        return None
    if head.pos_ == "ADJ":
        if any(c.dep_ == "advmod" and c.lower_ in lex.m("excess_degree_adverbs") for c in head.children):
            return Cue(NEGATED, f"too {head.text}", head.text)
        if forms & lex.m("negating_adjectives"):
            return Cue(NEGATED, head.text, head.text)
        if forms & lex.m("hypothetical_adjectives"):
            return Cue(HYPOTHETICAL, head.text, head.text)
        if forms & lex.m("planned_adjectives"):
            return Cue(PLANNED, head.text, head.text)
        return None
    if head.pos_ in NOMINAL_POS:
        if forms & lex.m("negating_nouns"):
            return Cue(NEGATED, head.text, head.text)
        if forms & lex.m("hypothetical_nouns"):
            return Cue(HYPOTHETICAL, head.text, head.text)
        if forms & lex.m("planned_nouns"):
            return Cue(PLANNED, head.text, head.text)
    return None


def _aux_text(tok: Any) -> str:
    return " ".join(c.text for c in tok.children if c.dep_ == "aux" and c.i < tok.i)


def _is_to_infinitive(tok: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _own_cues(node: Any, lex: ContextLexicon) -> list[Cue]:
    """Cues a word carries itself: negation, modals, hedges, conditions, nominal modifiers."""
    cues: list[Cue] = []
    children = list(node.children)
    for c in children:
        dep, low = c.dep_, c.lower_
        if dep == "neg" and low in lex.m("negators") and not _negation_exception(c, node, lex):
            cues.append(Cue(NEGATED, low, node.text))
        elif dep == "advmod":
            negs = [g for g in c.children if g.dep_ == "neg"]
            if negs and f"{negs[0].lower_} {low}" in lex.m("negating_adverb_phrases"):
                cues.append(Cue(NEGATED, f"{negs[0].lower_} {low}", node.text))
            elif low in lex.m("hedges"):
                cues.append(Cue(HYPOTHETICAL, low, node.text))
        elif dep == "aux" and c.tag_ == "MD":
            cues.append(_modal_cue(c, node, lex))
        elif dep == "advcl" and marker(c) in _conditions(lex):
            # The main clause of a conditional: "would consider X if he won".
            cues.append(Cue(HYPOTHETICAL, f"{marker(c)}-clause", node.text))
        elif node.pos_ in NOMINAL_POS and dep in {"amod", "acl", "compound", "nmod"}:
            forms = words_of(c)
            if forms & lex.m("negating_modifiers"):
                cues.append(Cue(NEGATED, c.text, node.text))
            elif forms & lex.m("hypothetical_modifiers"):
                cues.append(Cue(HYPOTHETICAL, c.text, node.text))
            elif forms & lex.m("planned_modifiers"):
                cues.append(Cue(PLANNED, c.text, node.text))
        elif node.pos_ in NOMINAL_POS and dep == "det" and low in lex.m("negating_determiners"):
            cues.append(Cue(NEGATED, low, node.text))
    if node.pos_ in {"VERB", "AUX"} and not is_past(node) and not _has_modal(node):
        future = _future_time(node, lex)
        if future:
            cues.append(Cue(PLANNED, future, node.text))
    return cues


def _conditions(lex: ContextLexicon) -> frozenset[str]:
    # "whether" opens a question (a complement), not a condition on the main clause.
    return lex.m("conditional_markers") - {"whether"}


def _negation_exception(neg: Any, node: Any, lex: ContextLexicon) -> bool:
    """ "not only X but also Y" and "whether or not" are not negations of the clause."""
    doc = neg.doc
    nxt = doc[neg.i + 1].lower_ if neg.i + 1 < len(doc) else ""
    if nxt in lex.m("negation_exceptions_next"):
        return True
    prev = doc[neg.i - 1].lower_ if neg.i > 0 else ""
    return prev == "or" and any(c.lower_ == "whether" for c in node.children)


def _modal_cue(aux: Any, node: Any, lex: ContextLexicon) -> Cue:
    low = aux.lower_.lstrip("'")
    forms = {aux.lower_, low, aux.lemma_.lower()}
    if forms & lex.m("planned_auxiliaries"):
        return Cue(PLANNED, aux.text, node.text)
    if low == "would" and _reported_future(node, lex):
        # Sequence of tenses: "said Netanyahu would visit" reports a plan, not a possibility.
        return Cue(PLANNED, "would (reported future)", node.text)
    if forms & lex.m("hypothetical_auxiliaries"):
        return Cue(HYPOTHETICAL, aux.text, node.text)
    return Cue(ASSERTED, aux.text, node.text)


def _reported_future(node: Any, lex: ContextLexicon) -> bool:
    if any(c.dep_ == "advcl" and marker(c) in _conditions(lex) for c in node.children):
        return False
    head = node.head
    return (
        node.dep_ == "ccomp"
        and head.i != node.i
        and head.tag_ == "VBD"
        and bool(words_of(head) & lex.attribution["reporting_verbs"])
    )


def _future_time(node: Any, lex: ContextLexicon) -> str | None:
    """A future time expression on a present-tense verb: "is traveling to Moscow next week".

    Any future word counts ("next", "tomorrow"); a bare weekday or date counts only with the
    present progressive ("is meeting Putin on Monday"), since a simple present with a weekday is
    the headline past as often as a future.
    """
    progressive = node.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in {"VBZ", "VBP"} for c in node.children
    )
    present = node.tag_ in {"VBZ", "VBP"} or progressive
    if not present:
        return None
    weekdays = lex.time["weekdays"]
    for c in node.children:
        if c.dep_ not in {"npadvmod", "tmod", "advmod", "prep"}:
            continue
        words = [t for t in c.subtree]
        if c.dep_ == "prep" and c.lower_ not in {"on", "in", "at", "by", "within", "over"}:
            continue
        lows = {t.lower_ for t in words}
        hit = lows & lex.m("future_time_words")
        if hit:
            return " ".join(t.text for t in words if t.ent_type_ == "DATE" or t.lower_ in hit) or hit.pop()
        if progressive and (lows & set(weekdays) or any(t.ent_type_ == "DATE" for t in words)):
            return " ".join(t.text for t in words)
    return None
