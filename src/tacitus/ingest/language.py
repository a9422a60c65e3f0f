"""A cheap language guess, so that articles Tacitus cannot code are skipped with a reason.

The event coder's lexicon and the parser are English-only; a Hebrew or Russian article would
produce noise, not events. A full language identifier is not needed for that decision: the
script of the letters settles most cases, and for Latin-script text the share of very common
function words tells English from the other major European languages.
"""

from __future__ import annotations

import re
import unicodedata


def _wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and edit)."""
    return frozenset(words.split())


# Letters of a script -> ISO 639-1 code. Ranges are Unicode blocks.
_SCRIPTS: list[tuple[str, int, int]] = [
    ("he", 0x0590, 0x05FF),  # Hebrew
    ("ar", 0x0600, 0x06FF),  # Arabic (Persian and Urdu refined below)
    ("ar", 0x0750, 0x077F),  # Arabic supplement
    ("ru", 0x0400, 0x04FF),  # Cyrillic (Ukrainian refined below)
    ("el", 0x0370, 0x03FF),  # Greek
    ("hy", 0x0530, 0x058F),  # Armenian
    ("ka", 0x10A0, 0x10FF),  # Georgian
    ("hi", 0x0900, 0x097F),  # Devanagari
    ("th", 0x0E00, 0x0E7F),  # Thai
    ("ko", 0xAC00, 0xD7AF),  # Hangul
    ("ja", 0x3040, 0x30FF),  # Hiragana and Katakana
    ("zh", 0x4E00, 0x9FFF),  # CJK ideographs (Japanese text also has kana, counted above)
]
_PERSIAN_LETTERS = set("پچژگکی")
_UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")

# The most frequent function words of each language. They make up a large share of any running
# text in that language (about a third to a half of English words), and few are shared.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _wordset(
        "the of and to in a is that for on was with he it as by at from his said be has have "
        "an are were which this not but they their its had who will been would after also "
        "or over against more than about"
    ),
    "fr": _wordset("le la les des et est une du que pour dans qui sur pas au avec il elle sont ont aux"),
    "de": _wordset("der die das und ist nicht mit den von dem zu ein eine sich auf für des im auch wird"),
    "es": _wordset("el la los las y es del que en por con para una se al su lo como fue sus"),
    "it": _wordset("il la di che e è per una del della non con sono gli le nel alla anche"),
    "pt": _wordset("o a os as e de do da que em um uma para com não por se dos das foi"),
    "nl": _wordset("de het een en van is dat op te zijn niet met voor aan ook door werd naar"),
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect_language(text: str, sample: int = 5000) -> str:
    """An ISO 639-1 code for ``text``: ``"en"``, another code, or ``"und"`` (undetermined).

    Only the first ``sample`` characters are looked at: the language of an article does not
    change half-way, and the check must stay cheap on long documents.
    """
    head = text[:sample]
    counts: dict[str, int] = {}
    latin = 0
    for ch in head:
        if not ch.isalpha():
            continue
        cp = ord(ch)
        if cp < 0x0250:  # Basic Latin to Latin Extended-B
            latin += 1
            continue
        for code, lo, hi in _SCRIPTS:
            if lo <= cp <= hi:
                counts[code] = counts.get(code, 0) + 1
                break
        else:
            if "LATIN" in unicodedata.name(ch, ""):
                latin += 1
    letters = latin + sum(counts.values())
    if letters == 0:
        return "und"
    script, n = max(counts.items(), key=lambda kv: kv[1], default=("", 0))
    if n > latin:
        if script == "ja" or (script == "zh" and counts.get("ja", 0) > 0):
            return "ja"  # Japanese mixes kanji and kana
        if script == "ar" and any(c in _PERSIAN_LETTERS for c in head):
            return "fa"
        if script == "ru" and any(c in _UKRAINIAN_LETTERS for c in head):
            return "uk"
        return script
    return _latin_language(head)


def _latin_language(text: str) -> str:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 3:
        return "und"  # too little text to tell
    scores = {lang: sum(w in stop for w in words) / len(words) for lang, stop in _STOPWORDS.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    # A headline alone has few function words; below this share the guess is noise.
    if best < 0.08:
        return "und"
    # Skipping an English article is worse than coding a foreign one badly: another language needs
    # three function words of its own ("President Bush met Gorbachev" has Dutch "met" only).
    if lang != "en" and sum(w in _STOPWORDS[lang] for w in words) < 3:
        return "und"
    return lang
