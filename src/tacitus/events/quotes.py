"""Direct quotes and their speakers.

:func:`find_quotes` finds direct quotes in a text: double quotation marks, straight (``"...``)
or curly (``“...”``), and guillemets (``«...»``). Rules:

* A quote may run over several sentences. It never runs over a line break: news text puts each
  paragraph on its own line, and a quote that goes on into the next paragraph repeats its
  opening mark there (the closing mark is left off at the end of the first paragraph), so an
  unclosed quote ends at its paragraph's end and the next paragraph's quote is a quote of its own.
* Single quotation marks are never quotes: they are scare quotes (‘common approach’), quotes
  inside quotes, or apostrophes.
* A scare quote is not a direct quote. A quoted stretch counts only if it has at least four
  words, or if it is a whole clause: it starts with a capital letter or a digit and ends with
  ``.``, ``!``, ``?`` or ``,`` inside the marks ('"Yes," he said'). So “prudent”, “having second
  thoughts” and ‘desatanization’ are left out, “destroy all diplomatic relations” is kept.
* Offsets are those of the quote's content, without the quotation marks.

:func:`quote_speaker` finds who said a quote, as a token span of the parsed document:

The speaker span is the name the resolver can map: the named entity containing the subject's
head ("Dmitry Peskov" in "Kremlin spokesman Dmitry Peskov said"), else its noun phrase ("the
source"), or the bare pronoun.

* the subject of a verb of saying right after the quote ('"...," Dmitry Peskov said',
  '"...," said Peskov', '"...," he continued' -> the pronoun, which the actor resolver resolves);
* else the subject of a verb of saying right before it, ending in a colon, comma or "that"
  ('Peskov said: "..."', 'He added, "..."');
* else, if the quote opens its paragraph, the speaker carries over from the previous paragraph:
  the speaker of that paragraph's last quote, else the subject of its last verb of saying. This
  follows the news convention that a paragraph made of a bare quote goes on with the speaker
  just named.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from tacitus.events.attribution import name_span
from tacitus.events.modality import context_lexicon, words_of
from tacitus.nlp.index import doc_index

OPENERS = {"“": "”", "«": "»", "„": "“"}
CLOSERS = {"”", "»"}
STRAIGHT = '"'
MIN_WORDS = 4
# How many tokens may stand between a quote and its verb of saying ("the Kremlin's spokesman
# Dmitry Peskov told reporters on Monday").
WINDOW = 10
MAX_CARRY = 3
WORD_RE = re.compile(r"[\w’'-]+")
# Every character the quote scanner reacts to: the opening and closing marks.
MARK_RE = re.compile("[" + re.escape("".join({*OPENERS, *OPENERS.values(), *CLOSERS, STRAIGHT})) + "]")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the direct quotes in a text, marks excluded."""
    quotes: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        quotes.extend((s + pos, e + pos) for s, e in _quotes_in_paragraph(line))
        pos += len(line) + 1
    return [q for q in quotes if is_direct_quote(text[q[0] : q[1]])]


def is_direct_quote(content: str) -> bool:
    """The scare-quote rule: at least four words, or a whole quoted clause."""
    content = content.strip()
    if not any(ch.isalpha() for ch in content):
        return False
    if len(WORD_RE.findall(content)) >= MIN_WORDS:
        return True
    return (content[0].isupper() or content[0].isdigit()) and content[-1] in ".!?,"


def _quotes_in_paragraph(par: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    # Only quotation marks change the state: visit those instead of every character.
    for mark in MARK_RE.finditer(par):
        i, ch = mark.start(), mark.group()
        if open_at is None:
            if ch in OPENERS:
                open_at, closer = i, OPENERS[ch]
            elif ch == STRAIGHT and _can_open(par, i):
                open_at, closer = i, STRAIGHT
            continue
        if ch == closer and (closer != STRAIGHT or _can_close(par, i)):
            spans.append((open_at + 1, i))
            open_at = None
        elif ch in OPENERS and closer != STRAIGHT:
            # A new opening mark before the old one closed: the first quote lost its closing mark.
            spans.append((open_at + 1, i))
            open_at, closer = i, OPENERS[ch]
    if open_at is not None:
        end = len(par.rstrip())
        if end > open_at + 1:
            spans.append((open_at + 1, end))
    return [(s, e) for s, e in (_trim(par, s, e) for s, e in spans) if e > s]


def _can_open(par: str, i: int) -> bool:
    before = par[i - 1] if i > 0 else " "
    after = par[i + 1] if i + 1 < len(par) else " "
    return (before.isspace() or before in "([{—–-:,") and not after.isspace()


def _can_close(par: str, i: int) -> bool:
    before = par[i - 1] if i > 0 else " "
    return not before.isspace()


def _trim(par: str, start: int, end: int) -> tuple[int, int]:
    while start < end and par[start].isspace():
        start += 1
    while end > start and par[end - 1].isspace():
        end -= 1
    return start, end


def doc_quotes(doc: Any) -> list[tuple[int, int]]:
    """:func:`find_quotes` on a parsed document's text, computed once per document."""
    key = "tacitus_quotes"
    if key not in doc.user_data:
        doc.user_data[key] = find_quotes(doc_index(doc).text)
    return doc.user_data[key]


# --------------------------------------------------------------------------------------------
# Speakers
# --------------------------------------------------------------------------------------------


def quote_speaker(sdoc: Any, start: int, end: int) -> Any | None:
    """The speaker of the quote whose content is ``sdoc.text[start:end]``, as a ``Span``."""
    # Once per quote and document: the actor resolver ("we" inside a quote), the event coder
    # (the quotes themselves) and the attribution (events inside a quote) all ask. The memo
    # keeps the span's bounds and label, not the span (it would keep the parse alive).
    memo = doc_index(sdoc).memo.setdefault("quote_speakers", {})
    key = (start, end)
    if key not in memo:
        span = _speaker(sdoc, start, end, MAX_CARRY)
        memo[key] = None if span is None else (span.start, span.end, span.label, span.kb_id, span.id)
    found = memo[key]
    if found is None:
        return None
    first, last, label, kb_id, span_id = found
    return Span(sdoc, first, last, label=label, kb_id=kb_id, span_id=span_id)


def _speaker(sdoc: Any, start: int, end: int, carry: int) -> Any | None:
    text = doc_index(sdoc).text
    par_start = text.rfind("\n", 0, start) + 1
    par_end = text.find("\n", end)
    par_end = len(text) if par_end < 0 else par_end
    speaker = _after(sdoc, end, par_end) or _before(sdoc, start, par_start) or _governing(sdoc, start, end)
    if speaker is not None:
        return speaker
    opens_paragraph = not text[par_start:start].strip(' \t"“«„')
    if carry <= 0 or not opens_paragraph or par_start == 0:
        return None
    return _previous_paragraph_speaker(sdoc, par_start, carry - 1)


def _after(sdoc: Any, end: int, par_end: int) -> Any | None:
    """'"...," Peskov said' / '"...," said Peskov' / '"...," he continued'."""
    lex = context_lexicon()
    tokens = doc_index(sdoc).tokens_after(end, par_end)  # token indices, found by bisection
    # Skip the closing mark and the comma after it.
    k = 0
    while k < len(tokens) and (sdoc[tokens[k]].is_quote or sdoc[tokens[k]].text in {",", "—", "–", "-"}):
        k += 1
    for tok in (sdoc[i] for i in tokens[k : k + WINDOW]):
        if tok.is_quote or tok.text in {".", "!", "?", ";"}:
            return None
        if tok.pos_ in {"VERB", "AUX"} and words_of(tok) & lex.attribution["reporting_verbs"]:
            return _subject_span(tok, after=True)
    return None


def _before(sdoc: Any, start: int, par_start: int) -> Any | None:
    """'Peskov said: "..."' / 'He added, "..."' / 'Lavrov said that "..."'."""
    lex = context_lexicon()
    ix = doc_index(sdoc)
    lead = ix.text[par_start:start].rstrip(' "“«„')
    if not lead or not (lead.endswith((":", ",")) or lead.lower().endswith(" that")):
        return None
    tokens = ix.tokens_within(par_start, len(lead) + par_start)
    for tok in (sdoc[i] for i in reversed(tokens[-WINDOW:])):
        if tok.is_quote:
            return None
        if tok.pos_ in {"VERB", "AUX"} and words_of(tok) & lex.attribution["reporting_verbs"]:
            return _subject_span(tok, after=False)
    return None


def _governing(sdoc: Any, start: int, end: int) -> Any | None:
    """A partial quote inside a sentence: 'warned Israel, saying it would “destroy ...”'.

    The speaker is the subject of the nearest verb of saying that governs the quoted words; a
    participle or infinitive takes its subject from the verb it hangs on, and a relative "who"
    from the noun it qualifies.
    """
    lex = context_lexicon()
    ids = doc_index(sdoc).token_range(start, end)
    inside = [sdoc[i] for i in ids]
    for tok in inside:
        if tok.head.i in ids:
            continue
        for anc in [tok, *tok.ancestors]:
            if anc.i in ids:
                continue
            if anc.pos_ in {"VERB", "AUX"} and words_of(anc) & lex.attribution["reporting_verbs"]:
                return _clause_subject(anc)
    return None


def _clause_subject(verb: Any) -> Any | None:
    tok = verb
    for _ in range(6):
        for c in tok.children:
            if c.dep_ in {"nsubj", "nsubjpass"}:
                if c.tag_ in {"WP", "WDT"} and tok.dep_ == "relcl":
                    return name_span(_antecedent(c, tok.head))
                return name_span(c)
        if tok.dep_ not in {"advcl", "xcomp", "conj", "acl"} or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _antecedent(relative: Any, head: Any) -> Any:
    """The noun a relative pronoun stands for. "who" is a person: when the parser hung the
    clause on a non-person noun, the nearest person named before the pronoun is taken."""
    if relative.lower_ != "who" or head.ent_type_ == "PERSON" or head.pos_ == "PRON":
        return head
    for tok in reversed(relative.doc[doc_index(relative.doc).sent_start(relative.i) : relative.i]):
        if tok.ent_type_ == "PERSON":
            return _np_head(tok)
    return head


def _subject_span(verb: Any, *, after: bool) -> Any | None:
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass"} and not c.is_quote:
            return name_span(c)
    # "said Peskov": the parser sometimes files an inverted subject as an object.
    if after:
        for tok in verb.doc[verb.i + 1 : verb.i + 4]:
            if tok.pos_ in {"PROPN", "PRON"} or (tok.pos_ == "NOUN" and tok.dep_ != "npadvmod"):
                return name_span(_np_head(tok))
    return None


def _np_head(tok: Any) -> Any:
    while tok.dep_ in {"compound", "amod", "det", "poss", "nmod"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _previous_paragraph_speaker(sdoc: Any, par_start: int, carry: int) -> Any | None:
    ix = doc_index(sdoc)
    text = ix.text
    body = text[:par_start].rstrip()
    if not body:
        return None
    prev_start = body.rfind("\n") + 1
    prev_end = len(body)
    quotes = [q for q in doc_quotes(sdoc) if prev_start <= q[0] and q[1] <= prev_end]
    if quotes:
        s, e = quotes[-1]
        return _speaker(sdoc, s, e, carry)
    lex = context_lexicon()
    pos = ix.tokens.pos
    verbs = [
        t
        for t in (sdoc[i] for i in ix.token_range(prev_start, prev_end) if pos[i] in {"VERB", "AUX"})
        if words_of(t) & lex.attribution["reporting_verbs"]
    ]
    for verb in reversed(verbs):
        span = _subject_span(verb, after=False)
        if span is not None:
            return span
    return None
