"""What Tacitus remembers about people across documents.

When an article introduces "Kremlin spokesman Dmitry Peskov", the resolver learns that
Dmitry Peskov is ``RUSGOV`` and why. A memory keeps such affiliations so that a later article
that writes just "Peskov said" resolves too. The store (``tacitus.store``) persists them; this
module defines the interface and an in-process implementation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class LearnedPerson:
    name: str  # full name as first learned ("Dmitry Peskov")
    country: str | None
    sector: str | None
    title: str | None = None  # "spokesman"
    evidence: list[str] = field(default_factory=list)  # the phrases that taught it
    count: int = 1  # how many documents confirmed it
    last_seen: dt.date | None = None

    @property
    def key(self) -> str:
        return normalise_name(self.name)


class PersonMemory(Protocol):
    def lookup(self, name: str) -> LearnedPerson | None:
        """A learned person by full name or surname (case-insensitive), or None."""

    def learn(self, people: Iterable[LearnedPerson]) -> None:
        """Add or confirm what documents taught."""


def normalise_name(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


class InMemoryPeople:
    """A dictionary-backed memory: for one process, and the base of the store's memory."""

    def __init__(self, people: Iterable[LearnedPerson] = ()) -> None:
        self._by_name: dict[str, LearnedPerson] = {}
        # Surname -> the keys that end in it: the resolver asks about every unknown name of
        # every article, and a scan of everything learned grew with the memory.
        self._by_surname: dict[str, list[str]] = {}
        self.learn(people)

    def lookup(self, name: str) -> LearnedPerson | None:
        key = normalise_name(name)
        if key in self._by_name:
            return self._by_name[key]
        # A surname alone matches only when exactly one learned person carries it.
        keys = self._by_surname.get(key, ())
        return self._by_name[keys[0]] if len(keys) == 1 else None

    def learn(self, people: Iterable[LearnedPerson]) -> None:
        for p in people:
            old = self._by_name.get(p.key)
            if old is None:
                self._by_name[p.key] = p
                words = p.key.split()
                if words:
                    self._by_surname.setdefault(words[-1], []).append(p.key)
            elif (old.country, old.sector) == (p.country, p.sector):
                old.count += p.count
                old.evidence = (old.evidence + [e for e in p.evidence if e not in old.evidence])[:10]
                old.last_seen = max(filter(None, [old.last_seen, p.last_seen]), default=None)
            elif p.count >= old.count:  # the better-attested affiliation wins
                self._by_name[p.key] = p

    def get(self, key: str) -> LearnedPerson | None:
        """The person learned under a normalised key (:attr:`LearnedPerson.key`), if any."""
        return self._by_name.get(key)

    def __iter__(self):
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)
