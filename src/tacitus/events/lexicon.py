"""The event-trigger lexicon: which words express which CAMEO event, read from YAML data files.

An entry says "this lemma (with these optional constraints) expresses this CAMEO code": the verb
``supply`` with a direct object or ``with`` object among ``weapon, drone, ...`` is 072 (military
aid); ``supply`` alone is 070. The shipped files are ``data/lexicon/verbs.yaml`` and
``data/lexicon/nouns.yaml``; ``docs/lexicon.md`` describes the format and how to add entries.

:meth:`Lexicon.match` is the reference reading of the constraints against a spaCy token (the
tests check every shipped example with it). Source, target and status are the extractor's
business: the lexicon only says where to look (``target``, ``source``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tacitus.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "lexicon"
DEFAULT_FILES = (DATA_DIR / "verbs.yaml", DATA_DIR / "nouns.yaml")

POS = ("verb", "noun")
# Where the target is looked for, in order, when an entry does not say.
DEFAULT_TARGETS: tuple[str, ...] = tuple(
    "dobj to with against on toward towards at from into for over".split()  # noqa: SIM905
)
DEFAULT_NOUN_TARGETS: tuple[str, ...] = tuple(
    "on against to with between of toward towards at into for over".split()  # noqa: SIM905
)
DEFAULT_SOURCE = {"verb": "subject", "noun": "possessor"}
# Dependency labels an entry may name as a target or source. `iobj` is the indirect object
# (spaCy's English label is `dative`; files may write either, entries carry `iobj`). `subject` is
# the active subject (nsubj, or the `by` agent of a passive); `object` is the direct object;
# `possessor` is an event noun's possessor, compound or nationality adjective ("Russia's attack",
# "the Russian attack").
LABELS = frozenset({"dobj", "iobj", "nsubjpass", "subject", "object", "possessor"})
_LABEL_ALIASES = {"dative": "iobj"}
PREPOSITIONS = frozenset(
    """about above across after against along amid among around as at before behind below beneath beside
    between beyond by despite during for from in inside into near of off on onto out outside over past per
    through throughout to toward towards under until upon via with within without""".split()  # noqa: SIM905
)
KEYS = frozenset(
    "verb noun particle prep object target source symmetric passive_ok negative cameo note example".split()  # noqa: SIM905
)
CAMEO_FORMAT = re.compile(r"^\d{2,4}$")
WORD = re.compile(r"^[a-z][a-z'-]*$")
LEMMA = re.compile(r"^[a-z0-9$][a-z0-9$'.-]*$")

# spaCy dependency labels read by :meth:`TriggerEntry.matches`.
_PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "agent"})
_VERB_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "oprd", "acomp", "xcomp"})
_NOUN_OBJECT_DEPS = frozenset({"compound", "amod", "nmod"})
_PASSIVE_DEPS = frozenset({"auxpass", "nsubjpass", "csubjpass"})
_SPACY_POS = {"VERB": "verb", "NOUN": "noun"}


# spaCy's English lemmatizer gets a few trigger verbs wrong ("staged" -> "stag"); the lexicon
# is written with the right lemma and tokens are read through this table.
LEMMA_FIXES = {
    ("verb", "stag"): "stage",
    ("verb", "forgave"): "forgive",
    ("verb", "unbanne"): "unban",
    ("verb", "lambast"): "lambaste",
    ("verb", "wag"): "wage",
    ("verb", "retook"): "retake",
    ("verb", "overran"): "overrun",
}
# Words that stand before the real object: "millions of refugees", "a state of emergency".
_QUANTITIES = frozenset(
    ["million", "thousand", "hundred", "dozen", "score", "number", "couple", "group", "batch", "state", "series", "wave", "lot", "pair", "tens", "kg", "ton", "tonne", "worth", "part", "mission", "team", "contingent", "convoy", "shipment", "consignment"]  # noqa: SIM905
)
# Forms whose spaCy lemma is ambiguous: "raped" -> "rap", but "rapped" (criticised) is "rap" too.
FORM_FIXES = {("verb", "raped"): "rape", ("verb", "rapes"): "rape", ("verb", "raping"): "rape"}


@dataclass(frozen=True)
class TriggerEntry:
    """One way of expressing a CAMEO event: a lemma and the constraints that select this reading."""

    pos: str  # "verb" | "noun"
    lemma: str
    cameo: str
    particle: str | None = None
    prep: str | None = None
    object: frozenset[str] = frozenset()
    target: tuple[str, ...] = DEFAULT_TARGETS
    source: str = "subject"
    symmetric: bool = False
    passive_ok: bool = True
    negative: bool = False
    note: str = ""
    example: str = ""
    origin: str = ""  # "verbs.yaml:123": where the entry was read, for messages and audit

    @property
    def specificity(self) -> int:
        """How many constraints (particle, prep, object) the entry has: the most specific wins."""
        return (self.particle is not None) + (self.prep is not None) + bool(self.object)

    @property
    def root(self) -> str:
        """The CAMEO root: the first two digits of the code."""
        return self.cameo[:2]

    @property
    def key(self) -> tuple[str, str, str | None, str | None]:
        return (self.pos, self.lemma, self.particle, self.prep)

    def matches(self, token: Any) -> bool:
        """Whether this entry's constraints hold for a spaCy token (see docs/lexicon.md).

        * ``particle``: a child of the trigger (``prt``, ``prep``, ``advmod``) with that word; a
          preposition counts only before any direct object and not before a date ("called
          Putin on Tuesday" is not "call on").
        * ``prep``: a ``prep`` child of the trigger, of its particle or of its direct object.
        * ``object``: the lemma of one of the trigger's complements (see :func:`complements`).
        * ``passive_ok: false``: the trigger is not in a passive clause.
        """
        if _SPACY_POS.get(token.pos_) != self.pos or lemma_of(token) != self.lemma:
            return False
        if not self.passive_ok and is_passive(token):
            return False
        particles = _particles(token, self.particle)
        if self.particle is not None and not particles:
            return False
        if self.prep is not None and not _preps(token, particles, {self.prep}):
            return False
        return not self.object or not self.object.isdisjoint(complements(token, self))


def lemma_of(token: Any) -> str:
    """The token's lemma as the lexicon spells it (lowercase; :data:`LEMMA_FIXES` and
    :data:`FORM_FIXES` applied)."""
    pos = _SPACY_POS.get(token.pos_, "")
    lemma = token.lemma_.lower()
    return FORM_FIXES.get((pos, token.lower_)) or LEMMA_FIXES.get((pos, lemma), lemma)


def is_passive(token: Any) -> bool:
    return any(c.dep_ in _PASSIVE_DEPS for c in token.children)


def _is_date(prep: Any) -> bool:
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def _particles(token: Any, word: str | None) -> list[Any]:
    """The trigger's children that are the particle ``word``."""
    if word is None:
        return []
    first_object = min((c.i for c in token.children if c.dep_ == "dobj"), default=None)
    return [
        c
        for c in token.children
        if c.dep_ in _PARTICLE_DEPS
        and c.lower_ == word
        and not (c.dep_ == "prep" and ((first_object is not None and first_object < c.i and not _adverbial(c)) or _is_date(c)))
    ]


# Particles that follow their verb's object ("forced the agency out of the country", "called the
# strike off"); the parser tags them as prepositions when an `of` phrase follows.
_ADVERBIAL_PARTICLES = frozenset({"out", "off", "away", "back", "down"})


def _adverbial(prep: Any) -> bool:
    return prep.lower_ in _ADVERBIAL_PARTICLES and not any(g.dep_ == "pobj" for g in prep.children)


def _preps(token: Any, particles: list[Any], words: set[str]) -> list[Any]:
    """``prep`` children with one of ``words`` of the trigger, its particles or its direct object."""
    heads = [token, *particles, *(c for c in token.children if c.dep_ == "dobj")]
    return [
        c
        for h in heads
        for c in h.children
        if c.dep_ in ("prep", "agent") and c.lower_ in words and c not in particles and not _is_date(c)
    ]


def complements(token: Any, entry: TriggerEntry | None = None) -> set[str]:
    """Lemmas an ``object`` constraint is compared with (coordinated words included).

    Verbs: the direct object, the passive subject, an object predicate ("held Iran
    *responsible*"), the verb of an open clausal complement ("threatened to *strike*"), and the
    object of ``with`` ("supplied Russia with *drones*") or of the entry's particle or prep
    ("called for a *ceasefire*", "accused Russia of *espionage*"). Nouns: compound and adjective
    modifiers ("*hunger* strike", "*military* aid") and the object of ``of`` or the entry's prep
    ("release of *prisoners*", "deterioration in *ties*"). A quantity is looked through:
    "millions of *refugees*", "a state of *emergency*".
    """
    noun = token.pos_ == "NOUN"
    own = _NOUN_OBJECT_DEPS if noun else _VERB_OBJECT_DEPS
    words = {"of"} if noun else {"with"}
    particles = _particles(token, entry.particle) if entry is not None else []
    if entry is not None and entry.prep:
        words.add(entry.prep)
    found = [c for c in token.children if c.dep_ in own]
    for carrier in particles + _preps(token, particles, words):
        # "called for a ceasefire": a particle that is a preposition carries the object.
        found += [g for g in carrier.children if g.dep_ in ("pobj", "pcomp")]
    lemmas: set[str] = set()
    for t in found:
        for w in (t, *t.conjuncts):
            lemmas.add(w.lemma_.lower())
            if w.lemma_.lower() in _QUANTITIES:
                lemmas.update(
                    g.lemma_.lower()
                    for p in w.children
                    if p.lower_ == "of"
                    for g in p.children
                    if g.dep_ == "pobj"
                )
    return lemmas


class Lexicon:
    """Trigger entries indexed by (pos, lemma), most specific first."""

    def __init__(self, entries: Iterable[TriggerEntry] = ()) -> None:
        self._entries: tuple[TriggerEntry, ...] = tuple(entries)
        index: dict[tuple[str, str], list[TriggerEntry]] = {}
        for entry in self._entries:
            index.setdefault((entry.pos, entry.lemma), []).append(entry)
        # sorted() is stable: on equal specificity, the entry read first comes first.
        self._index = {k: tuple(sorted(v, key=lambda e: -e.specificity)) for k, v in index.items()}

    def entries_for(self, pos: str, lemma: str) -> list[TriggerEntry]:
        """The entries for a lemma, most specific first. A spaCy mis-lemma listed in
        :data:`LEMMA_FIXES` ("stag") finds the entries of the right lemma ("stage")."""
        lemma = lemma.lower()
        lemma = LEMMA_FIXES.get((pos, lemma), lemma)
        return list(self._index.get((pos, lemma), ()))

    def match(self, token: Any) -> TriggerEntry | None:
        """The most specific entry whose constraints hold for a spaCy token, if any."""
        pos = _SPACY_POS.get(token.pos_)
        if pos is None:
            return None
        for entry in self._index.get((pos, lemma_of(token)), ()):
            if entry.matches(token):
                return entry
        return None

    def lemmas(self, pos: str) -> set[str]:
        """The lemmas with entries, plus the spaCy mis-lemmas that :meth:`entries_for` maps to them."""
        found = {lemma for p, lemma in self._index if p == pos}
        return found | {wrong for (p, wrong), right in LEMMA_FIXES.items() if p == pos and right in found}

    def extend(self, other: Lexicon) -> Lexicon:
        """A new lexicon with both sets of entries; on equal specificity ``other``'s entries win,
        so a user's lexicon can override a shipped reading."""
        return Lexicon([*other, *self])

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[TriggerEntry]:
        return iter(self._entries)

    def __repr__(self) -> str:
        return f"<Lexicon {len(self)} entries>"


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon (``data/lexicon/verbs.yaml`` and ``nouns.yaml``), read once."""
    return load_lexicon(*DEFAULT_FILES)


def load_lexicon(*paths: Path | str) -> Lexicon:
    """Read and validate lexicon files. Any problem raises :class:`DataFileError` naming the file,
    the line and the entry."""
    entries: list[TriggerEntry] = []
    valid_code = _cameo_validator()
    for path in map(Path, paths):
        seen: dict[tuple[str, str, str | None, str | None], list[TriggerEntry]] = {}
        for line, raw in _read(path):
            entry = _entry(raw, path, line, valid_code)
            for other in seen.setdefault(entry.key, []):
                if entry.object == other.object or (entry.object & other.object):
                    shared = ", ".join(sorted(entry.object & other.object)) or "no object constraint"
                    raise DataFileError(
                        f"{path}:{line}: entry {_describe(raw)} overlaps the entry at {other.origin} "
                        f"({shared}): two readings would match the same words with the same "
                        f"specificity. Merge them or make one more specific."
                    )
            seen[entry.key].append(entry)
            entries.append(entry)
    return Lexicon(entries)


class _LineLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """A safe loader that remembers the line where each mapping starts."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _read(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read the lexicon file ({exc.strerror}).") from exc
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataFileError(f"{path}: a lexicon file is a YAML list of entries (`- verb: ...`).")
    out = []
    for i, raw in enumerate(data):
        if not isinstance(raw, dict):
            raise DataFileError(f"{path}: item {i + 1} is not a mapping: {raw!r}.")
        out.append((raw.pop("__line__", 0), raw))
    return out


def _entry(raw: dict[str, Any], path: Path, line: int, valid_code: Callable[[str], bool]) -> TriggerEntry:
    def fail(message: str) -> DataFileError:
        return DataFileError(f"{path}:{line}: entry {_describe(raw)}: {message}")

    unknown = sorted(set(map(str, raw)) - KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)}; allowed keys are {', '.join(sorted(KEYS))}.")
    pos = [p for p in POS if p in raw]
    if len(pos) != 1:
        raise fail("needs exactly one of `verb:` or `noun:` (the lemma).")
    pos_name = pos[0]
    lemma = _text(raw[pos_name], pos_name, fail)
    if not LEMMA.match(lemma):
        raise fail(f"{pos_name} {lemma!r} is not a lowercase lemma.")
    if "cameo" not in raw:
        raise fail("has no `cameo:` code.")
    code = raw["cameo"]
    if not isinstance(code, str):
        raise fail(
            f'cameo {code!r} must be a quoted string such as "072" (unquoted, YAML drops the leading zero).'
        )
    if not CAMEO_FORMAT.match(code) or not valid_code(code):
        raise fail(f"cameo {code!r} is not a CAMEO event code.")
    particle = _word(raw, "particle", fail)
    prep = _word(raw, "prep", fail)
    if prep is not None and prep not in PREPOSITIONS:
        raise fail(f"prep {prep!r} is not a preposition Tacitus knows ({' '.join(sorted(PREPOSITIONS))}).")
    objects = _words(raw, "object", fail, LEMMA)
    target = [_LABEL_ALIASES.get(t, t) for t in _words(raw, "target", fail, WORD)]
    for t in target:
        if t not in LABELS and t not in PREPOSITIONS:
            raise fail(
                f"target {t!r} is neither a dependency label ({', '.join(sorted(LABELS))}) nor a preposition."
            )
    source = _word(raw, "source", fail) or DEFAULT_SOURCE[pos_name]
    source = _LABEL_ALIASES.get(source, source)
    if source not in LABELS and source not in PREPOSITIONS:
        raise fail(f"source {source!r} is neither a dependency label nor a preposition.")
    flags = {
        k: _flag(raw, k, default, fail)
        for k, default in (("symmetric", False), ("passive_ok", True), ("negative", False))
    }
    return TriggerEntry(
        pos=pos_name,
        lemma=lemma,
        cameo=code,
        particle=particle,
        prep=prep,
        object=frozenset(objects),
        target=tuple(target)
        if "target" in raw
        else (DEFAULT_TARGETS if pos_name == "verb" else DEFAULT_NOUN_TARGETS),
        source=source,
        note=_text(raw.get("note", ""), "note", fail, empty=True),
        example=_text(raw.get("example", ""), "example", fail, empty=True),
        origin=f"{path.name}:{line}",
        **flags,
    )


def _text(value: Any, key: str, fail: Callable[[str], DataFileError], empty: bool = False) -> str:
    if isinstance(value, bool):
        raise fail(
            f"{key} reads as a yes/no value ({value}): YAML takes on/off/yes/no for booleans; "
            f'quote the word ({key}: "on").'
        )
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise fail(f"{key} must be a string, not {value!r}.")
    return value.strip()


def _word(raw: dict[str, Any], key: str, fail: Callable[[str], DataFileError]) -> str | None:
    if key not in raw or raw[key] is None:
        return None
    word = _text(raw[key], key, fail).lower()
    if not WORD.match(word):
        raise fail(f"{key} {word!r} must be one lowercase word.")
    return word


def _words(
    raw: dict[str, Any], key: str, fail: Callable[[str], DataFileError], pattern: re.Pattern[str]
) -> list[str]:
    if key not in raw:
        return []
    value = raw[key]
    if not isinstance(value, list) or not value:
        raise fail(f"{key} must be a non-empty list, e.g. {key}: [a, b].")
    words = []
    for item in value:
        if isinstance(item, bool):
            raise fail(f'{key} has a yes/no value ({item}); quote words like "on" and "off".')
        if not isinstance(item, str) or not pattern.match(item):
            raise fail(f"{key} item {item!r} must be a lowercase word.")
        words.append(item)
    return words


def _flag(raw: dict[str, Any], key: str, default: bool, fail: Callable[[str], DataFileError]) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise fail(f"{key} must be true or false, not {value!r}.")
    return value


def _describe(raw: dict[str, Any]) -> str:
    parts = [f"{k}={raw[k]!r}" for k in ("verb", "noun", "particle", "prep", "cameo") if k in raw]
    return "(" + ", ".join(parts) + ")" if parts else "(empty)"


def _cameo_validator() -> Callable[[str], bool]:
    """The ontology's code check where the ontology module is there, else the code's format."""
    try:
        from tacitus.events.ontology import is_valid_cameo
    except ImportError:
        return lambda code: bool(CAMEO_FORMAT.match(code))
    return is_valid_cameo
