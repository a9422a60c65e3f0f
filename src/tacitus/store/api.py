"""The Python API of the event store: everything the CLI asks, as pandas DataFrames.

    from tacitus.store import Store

    with Store.open("tacitus.duckdb") as store:
        store.ingest(["articles/"])
        store.dyad("ISR", "RUS", by="year")
        store.events(actor="ISR", plover="CONSULT", since="2022-01-01")
        store.network()
        store.actors(top=10)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from tacitus.document import Document
from tacitus.store import db, queries


class Store:
    def __init__(self, con: duckdb.DuckDBPyConnection, path: str | Path | None = None) -> None:
        self.con = con
        self.path = path

    @classmethod
    def open(cls, path: str | Path = db.DEFAULT_DB, *, read_only: bool = False) -> Store:
        """Open a store (created and migrated if needed unless ``read_only``).

        A writable store whose story events are out of date (an ingest was interrupted before
        merging) is brought up to date; a read-only one is left as it is.
        """
        con = db.connect(path, read_only=read_only)
        if not read_only:
            from tacitus.store.ingest import recompute_if_stale

            recompute_if_stale(con)
        return cls(con, path)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- questions --------------------------------------------------------------------------------
    def events(self, *, limit: int | None = None, full: bool = False, **filters: Any) -> pd.DataFrame:
        """Events by ``source``, ``target``, ``actor`` (code prefixes), ``plover``, ``root`` (CAMEO),
        ``status``, ``since``, ``until``, ``search`` (text in the sentence), ``doc_id``."""
        return queries.events(self.con, limit=limit, full=full, **filters)

    def show(self, event_id: str) -> dict[str, Any] | None:
        """One event with its document, evidence sentences and story (or None)."""
        return queries.event_detail(self.con, event_id)

    def dyad(self, a: str, b: str, *, by: str = "month", since: dt.date | str | None = None,
             until: dt.date | str | None = None, both_directions: bool = False, stories: bool = False,
             status: str | Sequence[str] | None = None) -> pd.DataFrame:
        """The dyad timeline (see :mod:`tacitus.analysis.dyads`)."""
        from tacitus.analysis.dyads import dyad_timeline

        return dyad_timeline(self.con, a, b, by=by, since=since, until=until, both_directions=both_directions,
                             stories=stories, status=status)

    def network(self, **filters: Any) -> pd.DataFrame:
        """Actor-to-actor edges: source, target, count, mean_goldstein, sum_goldstein, cooperation, conflict."""
        return queries.network_edges(self.con, **filters)

    def actors(self, top: int = 20, **filters: Any) -> pd.DataFrame:
        return queries.top_actors(self.con, top, **filters)

    def documents(self, *, limit: int | None = None, search: str | None = None) -> pd.DataFrame:
        return queries.documents(self.con, limit=limit, search=search)

    def stories(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM stories ORDER BY first_day NULLS LAST, story_id").df()

    def learned(self) -> pd.DataFrame:
        return queries.learned(self.con)

    def errors(self, run_id: str | None = None) -> pd.DataFrame:
        return queries.errors(self.con, run_id)

    def runs(self) -> pd.DataFrame:
        return queries.runs(self.con)

    def sql(self, query: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Any read query over the tables of ``docs/store.md`` (bind values with ``?``)."""
        return self.con.execute(query, list(params)).df()

    # -- writing ----------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], *, date: dt.date | None = None, **kw: Any) -> Any:
        """Read, code and store documents (see :func:`tacitus.store.ingest.ingest`)."""
        from tacitus.ingest.readers import ReadOptions, read_paths
        from tacitus.store.ingest import ingest

        paths = [str(p) for p in paths]
        run_id = db.start_run(self.con, "ingest", paths, {"api": True})
        summary = ingest(self.con, read_paths(paths, ReadOptions(date=date)), run_id=run_id, **kw)
        db.finish_run(self.con, run_id, "finished", summary.counts())
        return summary

    def add(self, documents: Iterable[Document], *, window_days: int | None = None) -> db.BatchResult:
        """Store documents that are already coded (e.g. from ``Pipeline.process``)."""
        from tacitus.store.ingest import recompute_if_stale
        from tacitus.store.memory import StorePeopleMemory
        from tacitus.store.records import document_record

        result = db.write_batch(self.con, [document_record(d) for d in documents], memory=StorePeopleMemory(self.con))
        if window_days is not None:
            self.recompute_stories(window_days)
        else:
            recompute_if_stale(self.con)
        return result

    def recompute_stories(self, window_days: int = 2) -> int:
        from tacitus.analysis.dedup import recompute_stories

        return recompute_stories(self.con, window_days)

    def export(self, fmt: str, output: str | Path | None = None, **options: Any) -> int:
        from tacitus.store.export import ExportOptions, export

        return export(self.con, fmt, output, ExportOptions(**options))

    def import_file(self, path: str | Path, **kw: Any) -> Any:
        from tacitus.store.export import import_jsonl

        return import_jsonl(self.con, path, **kw)
