"""English word forms the PETRARCH dictionaries leave implicit.

PETRARCH generates the regular forms of verbs (``-S``, ``-ED``, ``-ING``) and the regular plurals
of agent and synonym-set nouns; only irregular forms are written in the files (in ``{...}``).
Generating a few forms too many is harmless (they match nothing); missing one loses matches.
"""

from __future__ import annotations

VOWELS = frozenset("AEIOU")
# Final consonants that are not doubled before -ED/-ING ("FIX" -> "FIXED", "SHOW" -> "SHOWED").
_NO_DOUBLE = frozenset("WXY")


def noun_plurals(word: str) -> list[str]:
    """PETRARCH's regular plurals: ``+S``, ``Y`` -> ``IES``, sibilants ``+ES``; a word already
    ending in ``S`` ("TROOPS", "OFFICIALS") gets none."""
    if not word or not word[-1].isalpha():
        return []
    if word.endswith(("SS", "SH", "CH", "X", "Z")):
        return [word + "ES"]
    if word.endswith("S"):
        return []
    if word.endswith("Y") and len(word) > 1 and word[-2] not in VOWELS:
        return [word[:-1] + "IES"]
    return [word + "S"]


def verb_forms(verb: str) -> list[str]:
    """The regular inflections of a base verb (upper case): third person, past, gerund.

    A short consonant-vowel-consonant stem also gets the doubled forms ("STAB" -> "STABBED"),
    which the dictionaries usually, but not always, list themselves.
    """
    if not verb or not verb[-1].isalpha():
        return []
    forms: list[str] = []
    if verb.endswith("E"):
        forms += [verb + "S", verb + "D", verb[:-1] + "ING"]
        if verb.endswith(("EE", "YE", "OE")):
            forms.append(verb + "ING")
    elif verb.endswith("Y") and len(verb) > 1 and verb[-2] not in VOWELS:
        forms += [verb[:-1] + "IES", verb[:-1] + "IED", verb + "ING"]
    elif verb.endswith(("SS", "SH", "CH", "X", "Z", "S")):
        forms += [verb + "ES", verb + "ED", verb + "ING"]
    else:
        forms += [verb + "S", verb + "ED", verb + "ING"]
        if (
            len(verb) >= 3
            and verb[-1] not in VOWELS
            and verb[-1] not in _NO_DOUBLE
            and verb[-2] in VOWELS
            and verb[-3] not in VOWELS
        ):
            forms += [verb + verb[-1] + "ED", verb + verb[-1] + "ING"]
    return forms
