"""The people memory, kept in the store's ``affiliations`` table.

Lookups are served from an in-process copy (the resolver asks for every person it meets), and
every change is written through to the table on the same connection, so that when the ingest
learns inside a batch's transaction, what was learned commits or rolls back with the batch.

People an analyst set by hand (``tacitus learned --set``) are *pinned*: later articles never
overwrite them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb
import pyarrow as pa

from tacitus.actors.memory import InMemoryPeople, LearnedPerson, normalise_name
from tacitus.store.records import dumps, loads


class StorePeopleMemory:
    """A :class:`tacitus.actors.memory.PersonMemory` backed by the ``affiliations`` table."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.reload()

    def reload(self) -> None:
        """Re-read the table (after a rollback, or a change made elsewhere)."""
        rows = self.con.execute(
            "SELECT name, country, sector, title, evidence, count, last_seen, pinned FROM affiliations "
            "ORDER BY name_key"
        ).fetchall()
        self._people = InMemoryPeople(
            LearnedPerson(name, country, sector, title, loads(evidence) or [], count, last_seen)
            for name, country, sector, title, evidence, count, last_seen, _ in rows
        )
        self._pinned = {normalise_name(r[0]) for r in rows if r[7]}

    def lookup(self, name: str) -> LearnedPerson | None:
        return self._people.lookup(name)

    def learn(self, people: Iterable[LearnedPerson]) -> None:
        people = [p for p in people if p.key not in self._pinned]
        if not people:
            return
        self._people.learn(people)
        # What is now known under the batch's keys (not a pass over everything learned, which
        # grows with the store).
        known = (self._people.get(key) for key in dict.fromkeys(p.key for p in people))
        self._write([p for p in known if p is not None], pinned=False)

    def __iter__(self):
        return iter(self._people)

    def __len__(self) -> int:
        return len(self._people)

    def snapshot(self) -> list[LearnedPerson]:
        """Copies of everything known, for worker processes (they cannot share the connection)."""
        return [
            LearnedPerson(p.name, p.country, p.sector, p.title, list(p.evidence), p.count, p.last_seen)
            for p in self._people
        ]

    # -- corrections (``tacitus learned``) --------------------------------------------------------
    def forget(self, name: str) -> bool:
        """Remove a person; True if there was one. A later article may teach it again."""
        key = normalise_name(name)
        found = self.con.execute("SELECT count(*) FROM affiliations WHERE name_key = ?", [key]).fetchone()[0]
        self.con.execute("DELETE FROM affiliations WHERE name_key = ?", [key])
        self.reload()
        return bool(found)

    def set(self, name: str, code: str, title: str | None = None) -> LearnedPerson:
        """Pin a person to a CAMEO code (``RUSGOV``: country ``RUS``, sector ``GOV``)."""
        code = code.strip().upper()
        country, sector = (code[:3] or None), (code[3:] or None)
        person = LearnedPerson(
            " ".join(name.split()), country, sector, title, [f"set by hand: {code}"], 1, dt.date.today()
        )
        self._write([person], pinned=True)
        self.reload()
        return person

    def _write(self, people: list[LearnedPerson], *, pinned: bool) -> None:
        # One bulk statement from an Arrow table: ``executemany`` runs one statement per person,
        # which cost ~80 ms per ingest batch (half of the batch's whole write).
        latest = {p.key: p for p in people}  # one row per key, as the table's primary key wants
        if not latest:
            return
        data = pa.table(
            {
                "name_key": list(latest), "name": [p.name for p in latest.values()],
                "country": [p.country for p in latest.values()], "sector": [p.sector for p in latest.values()],
                "title": [p.title for p in latest.values()],
                "evidence": [dumps(p.evidence) for p in latest.values()],
                "count": [p.count for p in latest.values()], "last_seen": [p.last_seen for p in latest.values()],
                "pinned": [pinned] * len(latest),
            },
            schema=_AFFILIATION_SCHEMA,
        )
        self.con.register("_tacitus_affiliations", data)
        try:
            self.con.execute("INSERT OR REPLACE INTO affiliations BY NAME SELECT * FROM _tacitus_affiliations")
        finally:
            self.con.unregister("_tacitus_affiliations")


_AFFILIATION_SCHEMA = pa.schema([
    ("name_key", pa.string()), ("name", pa.string()), ("country", pa.string()), ("sector", pa.string()),
    ("title", pa.string()), ("evidence", pa.string()), ("count", pa.int32()), ("last_seen", pa.date32()),
    ("pinned", pa.bool_()),
])
