"""The ``petrarch`` lexicon profiles: a user's PETRARCH dictionaries in Tacitus's pipeline.

``Settings.lexicon`` (``tacitus code --lexicon``, ``TACITUS_LEXICON``) names the profile:

* ``petrarch:DIR`` codes events with the PETRARCH dictionaries in DIR *instead of* Tacitus's
  lexicon. The pipeline's coders become an :class:`~tacitus.events.extract.EventCoder` with an
  empty lexicon (it finds no events, but still finds quotes and their speakers) followed by the
  :class:`~tacitus.petrarch.coder.PetrarchCoder`.
* ``petrarch+tacitus:DIR`` keeps Tacitus's coder and adds the PETRARCH one; the pipeline merges
  the events the two find in the same article.

In both, the actor knowledge given is extended with the dictionary's actors, so the resolver
(actor listings, the store's actor tables, Tacitus's own coder) sees them too: each actor's names
not already known become an organisation whose code is split into an actor token and a sector
Tacitus knows (``USAGOV`` -> ``USA`` + ``GOV``; ``IGOUNO`` stays whole); an actor with dated
codes becomes a person whose roles are the dated codes, so the resolver picks the code valid at
the article's date. The shipped knowledge is never changed: the profile works on a copy.
Dictionaries and extended knowledge are built once per process (cached by path).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tacitus.errors import DataFileError
from tacitus.petrarch.actors import ActorEntry
from tacitus.petrarch.coder import PetrarchCoder
from tacitus.petrarch.dictionaries import Dictionaries, load_directory

PROFILES = ("petrarch", "petrarch+tacitus")
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
# Names this short, or with periods, are acronyms and keep their capitals ("UN", "U.S."): in the
# knowledge, an all-capitals name only matches text in capitals.
ACRONYM_LETTERS = 4


@dataclass
class KnowledgeReport:
    """What extending the knowledge did, for the benchmark and ``docs/petrarch.md``."""

    organisations: int = 0
    people: int = 0
    names: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


# (dictionaries, base knowledge) -> (extended knowledge, report); the key objects are kept in the
# value so that their ids stay theirs.
_EXTENDED: dict[tuple[int, int], tuple[Any, Any, Any, KnowledgeReport]] = {}


def parse_spec(spec: str) -> tuple[str, str]:
    """``"petrarch:DIR"`` -> ``("petrarch", "DIR")``; a clear error for anything else."""
    kind, sep, where = spec.partition(":")
    kind = kind.strip().casefold()
    if not sep or kind not in PROFILES or not where.strip():
        raise DataFileError(
            f"unknown lexicon profile {spec!r}: use tacitus, petrarch:DIR or petrarch+tacitus:DIR "
            f"(DIR holds PETRARCH dictionaries, e.g. CAMEO.2.0.txt and Phoenix.*.txt)."
        )
    return kind, where.strip()


def build_profile(spec: str, knowledge: Any, coders: list[Any]) -> tuple[Any, list[Any]]:
    """The knowledge and event coders a pipeline uses for a ``petrarch`` profile."""
    kind, where = parse_spec(spec)
    dicts = load_directory(where)
    kb, _ = extend_knowledge(dicts, knowledge)
    coder = PetrarchCoder(dicts, kb)
    if kind == "petrarch":
        from tacitus.events.extract import EventCoder
        from tacitus.events.lexicon import Lexicon

        return kb, [EventCoder(Lexicon([]), kb), coder]
    return kb, [*coders, coder]


def extend_knowledge(dicts: Dictionaries, base: Any) -> tuple[Any, KnowledgeReport]:
    """A copy of ``base`` with the dictionaries' actors added (cached per pair)."""
    key = (id(dicts), id(base))
    cached = _EXTENDED.get(key)
    if cached is not None:
        return cached[2], cached[3]
    kb = _copy(base)
    report = KnowledgeReport()
    for n, entry in enumerate(dicts.actors):
        _add(kb, entry, n, report)
    # Agents stay with the PETRARCH coder: the knowledge has no way to add sector terms at run
    # time (its sector words come from sectors.yaml), and Tacitus's own cover the usual ones.
    if dicts.agents:
        report.skipped["agent phrases (coded by the PETRARCH coder only)"] += len(dicts.agents)
    _EXTENDED[key] = (dicts, base, kb, report)
    return kb, report


def _copy(base: Any) -> Any:
    from tacitus.actors.knowledge import Knowledge, default_knowledge

    if base is None or base is default_knowledge():
        return Knowledge.load()  # the shipped files again (their parse is cached): cheaper than a deep copy
    return copy.deepcopy(base)


def display_name(phrase_words: tuple[str, ...]) -> str:
    """A dictionary phrase as the knowledge wants names: "ARNOR" -> "Arnor", acronyms kept."""
    words = []
    for w in phrase_words:
        letters = [c for c in w if c.isalpha()]
        if "." in w or len(letters) <= ACRONYM_LETTERS and len(phrase_words) == 1 or not letters:
            words.append(w)
        else:
            words.append(w.capitalize() if "-" not in w else "-".join(p.capitalize() for p in w.split("-")))
    return " ".join(words).replace(" - ", "-")


def split_code(code: str, sectors: Any) -> tuple[str, str | None] | None:
    """A PETRARCH code as Tacitus's actor token and one sector: ``USAGOV`` -> ``("USA", "GOV")``,
    ``AFGGOVBUS`` -> ``("AFG", "GOV")`` (Tacitus codes carry one sector; the first is the actor's
    role); a code without a known sector after its first three letters stays whole (``IGOUNO``);
    None when the knowledge cannot hold it (``---``, over ten characters)."""
    if len(code) >= 6 and code[3:6] in sectors and _CODE.match(code[:3]):
        return code[:3], code[3:6]
    return (code, None) if _CODE.match(code) else None


def _add(kb: Any, entry: ActorEntry, n: int, report: KnowledgeReport) -> None:
    names = []
    for phrase in entry.phrases:
        name = display_name(phrase.words)
        if name and not kb.lookup(name, any_case=True):
            names.append(name)
    if not names:
        report.skipped["actors whose names the knowledge already has"] += 1
        return
    sectors = getattr(kb, "sectors", {})
    actor_id = f"petrarch-{n}"
    if entry.dated:
        _add_person(kb, entry, names, actor_id, sectors, report)
        return
    codes = entry.default or ()
    if not codes:
        report.skipped["actors with a null code"] += 1
        return
    if len(codes) > 1:
        report.skipped["actors with several codes (the first is used)"] += 1
    split = split_code(codes[0], sectors)
    if split is None:
        report.skipped["codes the knowledge cannot hold"] += 1
        return
    try:
        kb.add_actor(names[0], split[0], split[1], names=names[1:], kind="group", actor_id=actor_id, source=entry.origin)
    except DataFileError:
        report.skipped["codes the knowledge rejected"] += 1
        return
    report.organisations += 1
    report.names += len(names)


def _add_person(kb: Any, entry: ActorEntry, names: list[str], actor_id: str, sectors: Any, report: KnowledgeReport) -> None:
    from tacitus.actors.knowledge import Person, Role

    roles = []
    for d in entry.dated:
        split = split_code(d.codes[0], sectors) if d.codes else None
        if split is None or split[1] is None:
            report.skipped["dated codes without a sector Tacitus knows"] += 1
            continue
        end = d.end + dt.timedelta(days=1) if d.end is not None else None  # Role ends are exclusive
        roles.append(Role("PETRARCH dictionary", split[1], split[0], d.start, end))
    default = split_code(entry.default[0], sectors) if entry.default else None
    country = default[0] if default else (roles[0].country if roles else None)
    if country is None:
        report.skipped["dated actors with no usable code"] += 1
        return
    person = Person(actor_id, names[0], tuple(names[1:]), country, tuple(roles), (entry.origin,))
    try:
        kb.add_person(person)
    except DataFileError:
        report.skipped["codes the knowledge rejected"] += 1
        return
    report.people += 1
    report.names += len(names)
