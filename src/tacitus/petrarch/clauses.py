"""Which words of a sentence PETRARCH codes: its comma rule and its dateline check.

**Comma rule** (TABARI's, kept by PETRARCH): a comma-delimited clause of a few words is dropped
before coding, so that appositions and attributions ("Osgiliath, the state's fiercest foe,",
"..., a senior official said.") neither give actors nor trigger events. Lengths count words
(tokens that are not punctuation). Defaults are PETRARCH's ``PETR_config.ini``:

=============  ===========================================  =======
option         clause                                       default
=============  ===========================================  =======
comma_min/max  between two commas                           2 / 8
comma_bmin/max from the start to the first comma            0 / 0 (off)
comma_emin/max from the last comma to the end               2 / 8
=============  ===========================================  =======

A maximum of 0 turns a rule off. Two guards are Tacitus's own, for news prose: a clause that
continues a coordination begun before its comma ("Gondor, Rohan and Mordor met") is kept, since
dropping it would drop the sentence's subject or verb; and so is a subordinate clause (", after
Ukraine accused Russia of shelling Kharkiv"), which reports an event of its own.

**Dateline**: a sentence that opens with a capitalised place and ``:`` or ``--`` ("CEBU CITY:
--") is a wire dateline glued to the text; PETRARCH reports it as an error and does not code it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

DATELINE = "dateline"
_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'\- ]{1,40}[A-Z.]\s*(?::|--)")
_FINAL = frozenset({".", "!", "?", '"', "''", "'", "”", "’"})


@dataclass(frozen=True)
class CommaRule:
    comma_min: int = 2
    comma_max: int = 8
    comma_bmin: int = 0
    comma_bmax: int = 0
    comma_emin: int = 2
    comma_emax: int = 8


def alive_tokens(sent: Any, rule: CommaRule) -> list[bool]:
    """For each token of a spaCy sentence, whether it survives the comma rule."""
    toks = list(sent)
    alive = [True] * len(toks)
    commas = [i for i, t in enumerate(toks) if t.text == ","]
    if not commas:
        return alive
    end = len(toks)
    while end > 0 and toks[end - 1].text in _FINAL:
        end -= 1

    def words(a: int, b: int) -> int:
        return sum(1 for t in toks[a:b] if not t.is_punct)

    def drop(a: int, b: int) -> None:
        first_word = next((t for t in toks[a:b] if not t.is_punct), None)
        if first_word is not None and (first_word.dep_ == "mark" or first_word.pos_ == "SCONJ"):
            return  # ", after Ukraine accused Russia ...": a clause of its own, not an aside
        if not _continues_list(toks, a, b):
            for i in range(a, b):
                alive[i] = False

    if rule.comma_max > 0:
        for c1, c2 in zip(commas, commas[1:], strict=False):
            if rule.comma_min <= words(c1 + 1, c2) <= rule.comma_max:
                drop(c1 + 1, c2 + 1)
    if rule.comma_bmax > 0 and rule.comma_bmin <= words(0, commas[0]) <= rule.comma_bmax:
        drop(0, commas[0] + 1)
    if rule.comma_emax > 0 and commas[-1] < end and rule.comma_emin <= words(commas[-1] + 1, end) <= rule.comma_emax:
        drop(commas[-1], end)
    return alive


def _continues_list(toks: list[Any], a: int, b: int) -> bool:
    """Whether tokens ``[a, b)`` are part of a list: they hold a conjunct of a word before them,
    or a word after them is a conjunct of one of theirs ("Mordor, the Shire, Fornost and Bree")."""
    first = toks[0].i
    inside = {t.i for t in toks[a:b]}
    if b < len(toks) and toks[b].dep_ == "cc":  # ", B, and C": B is an item of the list
        return True
    return any(t.dep_ == "conj" and t.head.i < first + a for t in toks[a:b]) or any(
        t.dep_ == "conj" and t.head.i in inside for t in toks[b:]
    )


def is_dateline(text: str) -> bool:
    return bool(_DATELINE.match(text))
