"""What the API and the dashboard ask of the store, and how articles are coded and added.

One DuckDB connection per app. Each question runs on a cursor of its own (DuckDB's way of using
one database from several threads; FastAPI runs synchronous routes in a thread pool), so readers
run side by side and never wait for a write: they see the store as of their last commit.
Coding and writing are serialised by one lock and go through one writer cursor: a spaCy pipeline
is not guaranteed to be thread-safe, and the people memory must be the one the last write left.

The connection is read-only unless the app was given a token: a read-only server cannot change
the store whatever a request tries, and several of them (and ``tacitus events``) can share a file.

Every query here binds its values (``?``); the only SQL assembled from text is the store's own
fixed clauses (:func:`tacitus.store.queries.event_where` and its column lists).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import math
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from tacitus.api.highlight import record_marks
from tacitus.document import Document, content_hash
from tacitus.store import db, queries
from tacitus.store.records import document_record, dumps, event_dict

if TYPE_CHECKING:
    from tacitus.analysis.dedup import StoryUpdate

log = logging.getLogger("tacitus.api")

# Keys of a stored record that are the store's own bookkeeping, not part of what a reader sees.
INTERNAL_KEYS = ("original", "offsets", "removed", "sentence_spans", "dek")
FILTER_KEYS = ("source", "target", "actor", "plover", "root", "status", "since", "until", "search")


class NotFound(LookupError):
    """The thing asked for is not in the store (the API answers 404)."""


def plain(value: Any) -> Any:
    """A value from DuckDB or pandas as JSON-ready Python (NaN -> None, dates -> ISO text)."""
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item") and not isinstance(value, list | dict | str):  # numpy scalars
        try:
            return plain(value.item())
        except (ValueError, TypeError):
            pass
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value == dt.datetime(value.year, value.month, value.day):
            return value.date().isoformat()  # DuckDB DATE columns arrive in pandas as midnights
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if str(value) in {"NaT", "<NA>"}:
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return plain(value.to_pydatetime())
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def frame_rows(df: Any) -> list[dict[str, Any]]:
    return [{str(k): plain(v) for k, v in row.items()} for row in df.to_dict("records")]


def cursor_rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [{n: plain(v) for n, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def period_end(start: dt.date, by: str) -> dt.date:
    """The last day of the period that starts on ``start``."""
    if by == "day":
        return start
    if by == "week":
        return start + dt.timedelta(days=6)
    if by == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start.replace(month=12, day=31)


def document_view(record: dict[str, Any]) -> dict[str, Any]:
    """A record as readers see it: metadata, clean text, highlights (``spans``), events, quotes."""
    marks = record_marks(record)
    view = {k: v for k, v in record.items() if k not in INTERNAL_KEYS}
    view["spans"] = [m.to_dict() for m in marks]
    return plain(view)


class StoreService:
    """The app's window on one store (see the module docstring)."""

    def __init__(self, db_path: str | Path, *, writable: bool,
                 pipeline_factory: Callable[[], Any] | None = None) -> None:
        self.path = Path(db_path)
        self.writable = writable
        self._cursor_lock = threading.Lock()  # the parent connection makes cursors one at a time
        self._write_lock = threading.Lock()  # coding and writing, one request at a time
        self._pipeline: Any = None
        self._pipeline_factory = pipeline_factory
        self.con = self._open()
        self._writer = self.con.cursor()  # used only under the write lock
        self._memory: Any = None
        self._limiter: Any = None
        # What the last write did to the story events (which stories it rewrote): for the log
        # and the tests.
        self.last_story_update: StoryUpdate | None = None

    # -- connection ---------------------------------------------------------------------------------
    def _open(self) -> duckdb.DuckDBPyConnection:
        from tacitus.store.ingest import recompute_if_stale, stories_stale

        if self.writable:
            con = db.connect(self.path)
            recompute_if_stale(con)
            return con
        con = db.connect(self.path, read_only=True)
        if stories_stale(con):
            # An ingest was cut before merging its stories: merge once now (as the store commands
            # do) so that every answer agrees, then serve read-only.
            con.close()
            with db.connect(self.path) as rw:
                recompute_if_stale(rw)
            con = db.connect(self.path, read_only=True)
        return con

    def close(self) -> None:
        with self._write_lock, self._cursor_lock:
            self._writer.close()
            self.con.close()

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one question (closed afterwards)."""
        with self._cursor_lock:
            cur = self.con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    # -- questions ----------------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        from importlib.metadata import PackageNotFoundError, version

        try:
            ver: str | None = version("tacitus")
        except PackageNotFoundError:
            ver = None
        with self.read() as con:
            row = con.execute(
                """SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
                          (SELECT count(*) FROM actors), (SELECT count(*) FROM stories),
                          (SELECT min(event_day) FROM events), (SELECT max(event_day) FROM events)"""
            ).fetchone()
        docs, events, actors, stories, first, last = row
        return {"version": ver, "writable": self.writable, "documents": docs, "events": events,
                "actors": actors, "stories": stories, "first_day": plain(first), "last_day": plain(last)}

    def events(self, filters: dict[str, Any], *, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        where, params = queries.event_where(**_filters(filters))
        with self.read() as con:
            total = con.execute(f"SELECT count(*) {queries.FROM_EVENTS} WHERE {where}", params).fetchone()[0]
            rows = cursor_rows(con.execute(
                f"SELECT {queries.SUMMARY_COLUMNS} {queries.FROM_EVENTS} WHERE {where} {queries.ORDER_EVENTS} "
                "LIMIT ? OFFSET ?",
                [*params, int(limit), int(offset)],
            ))
        return int(total), rows

    def event(self, event_id: str, *, with_record: bool = False) -> dict[str, Any]:
        """One event with its evidence; ``with_record`` adds its document's record as ``_record``
        (the dashboard draws the evidence sentences from it)."""
        from tacitus.store import Store

        with self.read() as con:
            row = Store(con).show(event_id)
            if row is None:
                raise NotFound(f"no event {event_id!r} (or the id prefix matches several): see GET /api/v1/events")
            record = self._record(con, row["doc_id"])
        # ``show`` parses the JSON columns; ``event_dict`` expects them as stored.
        event = event_dict({**row, "place": dumps(row["place"]), "evidence": dumps(row["evidence"])})
        spans = [m for m in (record_marks(record) if record else []) if m.event == event["id"]]
        return plain({
            "event": event,
            "event_day": row.get("event_day"),
            "document": {"doc_id": row["doc_id"], "title": row.get("title"), "outlet": row.get("outlet"),
                         "url": row.get("url"), "date": row.get("doc_date")},
            "sentences": row.get("sentences") or [],
            "spans": [m.to_dict() for m in spans],
            "story_id": row.get("story_id"),
            "story": row.get("story"),
            "story_members": row.get("story_members") or [],
        }) | ({"_record": record} if with_record else {})

    def dyad(self, a: str, b: str, *, by: str = "month", since: dt.date | None = None, until: dt.date | None = None,
             both_directions: bool = False, stories: bool = False, status: Sequence[str] | None = None
             ) -> dict[str, Any]:
        from tacitus.analysis.dyads import plover_columns
        from tacitus.store import Store

        with self.read() as con:
            table = Store(con).dyad(a, b, by=by, since=since, until=until, both_directions=both_directions,
                                    stories=stories, status=list(status) if status else None)
        types = plover_columns(table)
        periods = []
        for row in frame_rows(table):
            start = dt.date.fromisoformat(row["period_start"][:10])
            out = {k: v for k, v in row.items() if k not in types}
            out["period_start"] = start.isoformat()
            out["period_end"] = period_end(start, by).isoformat()
            out["types"] = {t: int(row[t]) for t in types if row.get(t)}
            periods.append(out)
        return {"a": a.upper(), "b": b.upper(), "by": by, "both_directions": both_directions, "stories": stories,
                "since": plain(since), "until": plain(until), "undated": int(table.attrs.get("undated", 0)),
                "periods": periods}

    def dyad_events(self, a: str, b: str, *, since: dt.date | None = None, until: dt.date | None = None,
                    both_directions: bool = False, status: Sequence[str] | None = None, limit: int = 200
                    ) -> tuple[int, list[dict[str, Any]]]:
        """The reports of a dyad (A -> B, or both ways) between two days: what a period of the
        timeline counts."""
        pair = "(starts_with(e.source_code, ?) AND starts_with(e.target_code, ?))"
        a, b = a.upper(), b.upper()
        sides, pair_params = (f"({pair} OR {pair})", [a, b, b, a]) if both_directions else (pair, [a, b])
        where, params = queries.event_where(since=since, until=until, status=list(status) if status else None)
        with self.read() as con:
            total = con.execute(f"SELECT count(*) {queries.FROM_EVENTS} WHERE {sides} AND {where}",
                                [*pair_params, *params]).fetchone()[0]
            rows = cursor_rows(con.execute(
                f"SELECT {queries.SUMMARY_COLUMNS} {queries.FROM_EVENTS} WHERE {sides} AND {where} "
                f"{queries.ORDER_EVENTS} LIMIT ?",
                [*pair_params, *params, int(limit)],
            ))
        return int(total), rows

    def actors(self, top: int = 50, filters: dict[str, Any] | None = None, q: str | None = None) -> list[dict[str, Any]]:
        from tacitus.store import Store

        with self.read() as con:
            rows = frame_rows(Store(con).actors(top=top if not q else 100_000, **_filters(filters or {})))
        if q:  # a name or code filter over the ranking, for the dashboard's search box
            needle = q.casefold()
            rows = [r for r in rows if needle in f"{r.get('name') or ''} {r.get('code') or ''} {r['actor']}".casefold()]
            rows = rows[:top]
        return rows

    def actor(self, actor_id: str, *, partners: int = 50) -> dict[str, Any]:
        """An actor, its partners (the other side of its events) and its latest events.

        ``code:XYZ`` names the events coded ``XYZ`` on either side (those without an actor id too).
        """
        by_code = actor_id.startswith("code:")
        key = actor_id[5:] if by_code else actor_id
        src, tgt = ("e.source_code", "e.target_code") if by_code else ("e.source_actor_id", "e.target_actor_id")
        with self.read() as con:
            info = None
            if not by_code:
                info = next(iter(cursor_rows(con.execute(
                    "SELECT actor_id, name, kind, code, country, sector, documents FROM actors WHERE actor_id = ?",
                    [key]))), None)
            totals = con.execute(
                f"SELECT count(*), count(*) FILTER (WHERE {src} = ?), count(*) FILTER (WHERE {tgt} = ?) "
                f"FROM events e WHERE {src} = ? OR {tgt} = ?", [key, key, key, key],
            ).fetchone()
            if info is None and not totals[0]:
                raise NotFound(f"no actor {actor_id!r}: see GET /api/v1/actors")
            if info is None:
                name = queries.code_names(con).get(key) if by_code else None
                info = {"actor_id": actor_id, "name": name or key, "kind": None, "code": key if by_code else None,
                        "country": None, "sector": None, "documents": None}
            other_id = f"CASE WHEN {src} = ? THEN coalesce(e.target_actor_id, 'code:' || e.target_code) " \
                       f"ELSE coalesce(e.source_actor_id, 'code:' || e.source_code) END"
            other_code = f"CASE WHEN {src} = ? THEN e.target_code ELSE e.source_code END"
            other_text = f"CASE WHEN {src} = ? THEN e.target_text ELSE e.source_text END"
            partner_rows = cursor_rows(con.execute(
                f"""WITH p AS (
                        SELECT {other_id} AS partner, {other_code} AS code, {other_text} AS text,
                               ({src} = ?) AS outgoing, e.quad_class, e.goldstein
                        FROM events e WHERE {src} = ? OR {tgt} = ?)
                    SELECT p.partner, coalesce(any_value(a.name), mode(p.text), any_value(p.code)) AS name,
                           mode(p.code) AS code, count(*)::INTEGER AS events,
                           count(*) FILTER (WHERE p.outgoing)::INTEGER AS outgoing,
                           count(*) FILTER (WHERE NOT p.outgoing)::INTEGER AS incoming,
                           count(*) FILTER (WHERE p.quad_class IN (1, 2))::INTEGER AS cooperation,
                           count(*) FILTER (WHERE p.quad_class IN (3, 4))::INTEGER AS conflict,
                           round(avg(p.goldstein), 2) AS mean_goldstein
                    FROM p LEFT JOIN actors a ON a.actor_id = p.partner
                    WHERE p.partner IS NOT NULL
                    GROUP BY p.partner ORDER BY events DESC, p.partner LIMIT ?""",
                [key, key, key, key, key, key, int(partners)],
            ))
            recent = cursor_rows(con.execute(
                f"SELECT {queries.SUMMARY_COLUMNS} {queries.FROM_EVENTS} WHERE {src} = ? OR {tgt} = ? "
                "ORDER BY e.event_day DESC NULLS LAST, e.doc_id, e.event_index LIMIT 20",
                [key, key],
            ))
        return {"actor": info, "events": totals[0], "as_source": totals[1], "as_target": totals[2],
                "partners": partner_rows, "recent": recent}

    def network(self, filters: dict[str, Any], *, min_count: int = 1, limit: int = 200) -> dict[str, Any]:
        from tacitus.store import Store

        with self.read() as con:
            edges = [e for e in frame_rows(Store(con).network(**_filters(filters))) if e["count"] >= min_count]
            names = queries.code_names(con)
        edges = edges[:limit]
        weight: dict[str, int] = {}
        for e in edges:
            for side in ("source", "target"):
                weight[e[side]] = weight.get(e[side], 0) + int(e["count"])
        nodes = [{"code": c, "name": names.get(c), "events": n}
                 for c, n in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
        return {"nodes": nodes, "edges": edges}

    def documents(self, *, search: str | None = None, limit: int = 50, offset: int = 0, newest_first: bool = True
                  ) -> tuple[int, list[dict[str, Any]]]:
        where, params = "TRUE", []
        if search:
            where = "(strpos(lower(d.title), lower(?)) > 0 OR strpos(lower(d.text), lower(?)) > 0)"
            params = [search, search]
        order = "d.date DESC NULLS LAST, d.doc_id" if newest_first else "d.date NULLS FIRST, d.doc_id"
        with self.read() as con:
            total = con.execute(f"SELECT count(*) FROM documents d WHERE {where}", params).fetchone()[0]
            rows = cursor_rows(con.execute(
                f"""SELECT d.doc_id, d.date, d.title, d.outlet, d.url, d.origin, d.n_sentences, d.skipped,
                           (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id)::INTEGER AS events
                    FROM documents d WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?""",
                [*params, int(limit), int(offset)],
            ))
        return int(total), rows

    def document(self, doc_id: str, *, with_record: bool = False) -> dict[str, Any]:
        with self.read() as con:
            record = self._record(con, doc_id)
        if record is None:
            raise NotFound(f"no document {doc_id!r}: see GET /api/v1/documents")
        return document_view(record) | ({"_record": record} if with_record else {})

    def _record(self, con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
        return next(iter(db.iter_records(con, doc_ids=[doc_id])), None)

    def codes(self, limit: int = 500) -> list[dict[str, Any]]:
        """Actor codes in use with a readable name and how many events carry them (for pickers)."""
        with self.read() as con:
            rows = con.execute(
                """SELECT code, count(*)::INTEGER AS n FROM (
                       SELECT source_code AS code FROM events UNION ALL SELECT target_code FROM events)
                   WHERE code IS NOT NULL AND code <> '' GROUP BY code ORDER BY n DESC, code LIMIT ?""",
                [int(limit)],
            ).fetchall()
            names = queries.code_names(con)
        return [{"code": c, "name": names.get(c), "events": n} for c, n in rows]

    # -- coding and writing -------------------------------------------------------------------------
    async def in_writer_thread(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run a coding/writing call in a worker thread of its own (one at a time).

        Requests waiting for their turn wait here, in the event loop, instead of each holding one
        of the threads the read routes share: a queue of slow writes cannot starve the readers.
        """
        import anyio

        if self._limiter is None:  # made in the event loop (anyio needs one); no await before set
            self._limiter = anyio.CapacityLimiter(1)
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._limiter)

    def pipeline(self) -> Any:
        """The pipeline, built on first use (loading spaCy takes seconds; a read-only server never
        does). Call with the write lock held."""
        if self._pipeline is None:
            if self._pipeline_factory is not None:
                self._pipeline = self._pipeline_factory()
            else:
                from tacitus.pipeline import Pipeline
                from tacitus.store.memory import StorePeopleMemory

                # The store's people memory: "Peskov said" resolves from what earlier articles taught.
                self._memory = StorePeopleMemory(self._writer)
                self._pipeline = Pipeline(memory=self._memory)
        return self._pipeline

    def code_only(self, articles: Sequence[Any]) -> list[dict[str, Any]]:
        """Code articles without storing them."""
        results = []
        with self._write_lock:
            pipeline = self.pipeline()
            coded = [self._code_one(pipeline, a) for a in articles]
        for doc, error in coded:
            view = document_view(document_record(doc)) if error is None else _failed(doc, error)
            results.append(view | {"stored": False, "duplicate": False})
        return results

    def add(self, articles: Sequence[Any]) -> dict[str, Any]:
        """Code and store articles; answers with what the store now holds for each."""
        results: list[dict[str, Any]] = []
        # One writer at a time, coding included: the people memory the pipeline resolves with
        # must be the one the previous write left.
        with self._write_lock:
            pipeline = self.pipeline()
            coded = [self._code_one(pipeline, a) for a in articles]
            good = [d for d, err in coded if err is None]
            con = self._writer
            batch = self._store(con, good) if good else None
            if self._memory is not None:
                self._memory.reload()  # what this batch taught helps the next request
            stored_ids = set(batch.doc_ids) if batch else set()
            for doc, error in coded:
                record = None
                if error is None:
                    row = con.execute("SELECT doc_id FROM documents WHERE content_hash = ?",
                                      [doc.content_hash]).fetchone()
                    record = self._record(con, row[0]) if row else None
                    # Absent only if the write did not commit, which raises above; say so anyway.
                    error = None if record is not None else "stored, but could not be read back"
                if record is None:
                    results.append(_failed(doc, error or "not stored") | {"stored": False, "duplicate": False})
                    continue
                stored = record["doc_id"] in stored_ids
                results.append(document_view(record) | {"stored": stored, "duplicate": not stored})
        return {"stored": sum(1 for r in results if r["stored"]),
                "duplicates": sum(1 for r in results if r["duplicate"]),
                "errors": sum(1 for r in results if r.get("error")), "documents": results}

    def _store(self, con: duckdb.DuckDBPyConnection, docs: list[Document]) -> db.BatchResult:
        """Write coded documents (one transaction), then merge their events into the story events.

        Only the new events and the stored ones they can share a story with are merged again, and
        only the stories that change are rewritten (``tacitus.analysis.dedup.update_stories``), so
        a write's cost hardly grows with the store (``bench/stories.py``: 0.07 s with a thousand
        stored events, 0.3-0.4 s with a million, where rebuilding every story takes 16-23 s).
        """
        from tacitus.analysis.dedup import DEFAULT_WINDOW_DAYS, update_stories
        from tacitus.store.memory import StorePeopleMemory

        batch = db.write_batch(con, [document_record(d) for d in docs], memory=StorePeopleMemory(con))
        window = int(db.get_meta(con, "story_window_days") or DEFAULT_WINDOW_DAYS)
        update = update_stories(con, window)
        self.last_story_update = update
        log.info("stored %d documents; story events: %s, %d removed, %d written, %d events merged",
                 batch.stored, "recomputed" if update.full else "merged", len(update.removed), len(update.added),
                 update.merged_events)
        return batch

    def _code_one(self, pipeline: Any, a: Any) -> tuple[Document, str | None]:
        doc = Document(doc_id=a.id or content_hash(a.text), original=a.text, origin="api", title=a.title,
                       date=a.date, url=a.url, outlet=a.source)
        try:
            coded = next(iter(pipeline.process([doc])))
        except Exception as exc:  # recorded per article; the traceback stays in the server log
            log.exception("coding article %r failed", doc.doc_id)
            return doc, f"could not code this article ({type(exc).__name__})"
        coded.spacy_doc = None  # the parse is large and never needed again
        return coded, None


def _failed(doc: Document, error: str) -> dict[str, Any]:
    return {"doc_id": doc.doc_id, "title": doc.title, "url": doc.url, "outlet": doc.outlet,
            "date": plain(doc.date), "text": None, "events": [], "quotes": [], "actors": [], "spans": [],
            "error": error}


def _filters(values: dict[str, Any]) -> dict[str, Any]:
    """Only the event filters the store knows, without empty values."""
    return {k: v for k, v in values.items() if k in FILTER_KEYS and v not in (None, "", [], ())}

