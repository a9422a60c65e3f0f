"""A set of PETRARCH dictionaries, found in a folder, read once and cached by path.

``load_dictionaries(verbs=[...], actors=[...], agents=[...], discards=[...])`` reads named files;
``load_directory(path)`` finds them: a ``PETR_config.ini`` in the folder (or given as the path)
names them as PETRARCH does (``[Dictionaries]``: ``verbfile_name``, ``actorfile_list``,
``agentfile_name``, ``discardfile_name``); otherwise files are picked by name: ``CAMEO*.txt`` or
``*verbs*`` for verbs, ``*actors*``, ``*agents*``, ``*discards*``. PETRARCH's validation
dictionaries (``PETR.Validate.*``) describe fictional actors for its unit tests, so they are
used only when a folder holds nothing else of that kind.
"""

from __future__ import annotations

import configparser
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tacitus.errors import DataFileError
from tacitus.petrarch.actors import ActorEntry, AgentEntry, read_actors, read_agents
from tacitus.petrarch.discards import Discards, read_discards
from tacitus.petrarch.phrases import PhraseIndex
from tacitus.petrarch.reader import Unsupported
from tacitus.petrarch.verbs import VerbDictionary, read_verbs

KINDS = ("verbs", "actors", "agents", "discards")
CONFIG_FILE = "PETR_config.ini"
_CONFIG_KEYS = {
    "verbs": "verbfile_name",
    "actors": "actorfile_list",
    "agents": "agentfile_name",
    "discards": "discardfile_name",
}
_VALIDATION = "validate"


@dataclass
class Dictionaries:
    verbs: VerbDictionary = field(default_factory=VerbDictionary)
    actors: list[ActorEntry] = field(default_factory=list)
    agents: list[AgentEntry] = field(default_factory=list)
    discards: Discards = field(default_factory=Discards)
    unsupported: Unsupported = field(default_factory=Unsupported)
    files: dict[str, list[Path]] = field(default_factory=dict)
    # Actor and agent phrases in one index: the longest phrase wins, an actor on a tie.
    phrases: PhraseIndex[ActorEntry | AgentEntry] = field(default_factory=PhraseIndex)
    seconds: float = 0.0  # time taken to read and index

    def summary(self) -> dict[str, int]:
        return {
            "verb blocks": len(self.verbs.blocks),
            "verb forms": sum(len(v) for v in self.verbs.forms.values()),
            "patterns": self.verbs.pattern_count,
            "synsets": len(self.verbs.synsets),
            "transformations": len(self.verbs.transformations),
            "actors": len(self.actors),
            "actor phrases": sum(len(a.phrases) for a in self.actors),
            "agent phrases": len(self.agents),
            "discards": len(self.discards.story) + len(self.discards.sentence),
            "unsupported": self.unsupported.total,
        }


# Read dictionaries by (kind, path, mtime, size) of every file: a second pipeline (tests, the
# benchmark's three profiles) reuses the first one's work.
_CACHE: dict[tuple[tuple[str, str, int, int], ...], Dictionaries] = {}


def load_dictionaries(
    verbs: Sequence[Path | str] = (),
    actors: Sequence[Path | str] = (),
    agents: Sequence[Path | str] = (),
    discards: Sequence[Path | str] = (),
) -> Dictionaries:
    """Read (once per file version) and index a set of dictionary files."""
    files = {"verbs": verbs, "actors": actors, "agents": agents, "discards": discards}
    paths = {kind: [Path(p) for p in found] for kind, found in files.items()}
    key = tuple(_stamp(kind, p) for kind in KINDS for p in paths[kind])
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    started = time.perf_counter()
    d = Dictionaries(files=paths)
    for p in paths["verbs"]:
        d.verbs.extend(read_verbs(p, d.unsupported))
    seen_actor_phrases: set[tuple[str, ...]] = set()
    for p in paths["actors"]:
        for entry in read_actors(p, d.unsupported):
            d.actors.append(entry)
            for phrase in entry.phrases:
                # The first entry for a phrase wins, as the earlier file or line was meant to.
                if phrase.words not in seen_actor_phrases:
                    seen_actor_phrases.add(phrase.words)
                    d.phrases.add(phrase, entry)
    for p in paths["agents"]:
        for agent in read_agents(p, d.unsupported):
            d.agents.append(agent)
            d.phrases.add(agent.phrase, agent)
    for p in paths["discards"]:
        d.discards.extend(read_discards(p, d.unsupported))
    d.seconds = time.perf_counter() - started
    _CACHE[key] = d
    return d


def _stamp(kind: str, path: Path) -> tuple[str, str, int, int]:
    try:
        st = path.stat()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read the {kind} dictionary ({exc.strerror}).") from exc
    return (kind, str(path.resolve()), st.st_mtime_ns, st.st_size)


def discover(path: Path | str) -> dict[str, list[Path]]:
    """The dictionary files of a folder (or named by a ``PETR_config.ini``), by kind."""
    path = Path(path).expanduser()
    if path.is_file() and path.suffix == ".ini":
        return _from_config(path)
    if not path.is_dir():
        raise DataFileError(
            f"{path}: not a folder of PETRARCH dictionaries. Give the folder holding CAMEO*.txt, "
            f"*actors*.txt, *agents*.txt and *discards*.txt, or a {CONFIG_FILE} that names them."
        )
    if (path / CONFIG_FILE).is_file():
        return _from_config(path / CONFIG_FILE)
    found: dict[str, list[Path]] = {}
    names = sorted(p for p in path.iterdir() if p.is_file())
    for kind in KINDS:
        candidates = [p for p in names if _is_kind(p.name.casefold(), kind)]
        operational = [p for p in candidates if _VALIDATION not in p.name.casefold()]
        found[kind] = operational or candidates
    if not found["verbs"] and not found["actors"]:
        raise DataFileError(
            f"{path}: no PETRARCH verb or actor dictionary found (expected CAMEO*.txt or *verbs*, and *actors*)."
        )
    return found


def _is_kind(name: str, kind: str) -> bool:
    if not name.endswith((".txt", ".verbs", ".actors", ".agents")):
        return False
    if kind == "verbs":
        return name.startswith("cameo") or "verb" in name
    return kind.rstrip("s") in name


def _from_config(ini: Path) -> dict[str, list[Path]]:
    parser = configparser.ConfigParser(inline_comment_prefixes=("#",))
    try:
        parser.read(ini, encoding="utf-8")
    except configparser.Error as exc:
        raise DataFileError(f"{ini}: not a readable PETRARCH config file ({exc}).") from exc
    if not parser.has_section("Dictionaries"):
        raise DataFileError(f"{ini}: no [Dictionaries] section naming the dictionary files.")
    section = parser["Dictionaries"]
    out: dict[str, list[Path]] = {}
    for kind, key in _CONFIG_KEYS.items():
        names = [n.strip() for n in section.get(key, "").split(",") if n.strip()]
        out[kind] = [_beside(ini.parent, n) for n in names]
    return out


def _beside(folder: Path, name: str) -> Path:
    """A file named in a config: beside it, else in its ``dictionaries/`` folder (PETRARCH's
    own layout keeps the config in ``data/config`` and the files in ``data/dictionaries``)."""
    for candidate in (folder / name, folder.parent / "dictionaries" / name):
        if candidate.is_file():
            return candidate
    return folder / name


def load_directory(path: Path | str) -> Dictionaries:
    found = discover(path)
    return load_dictionaries(**{k: found.get(k, []) for k in KINDS})


def clear_cache() -> None:
    _CACHE.clear()
