"""Opening a store and writing to it.

Writes go one batch of documents at a time, in one transaction: the documents of a batch, their
rows in every table, the errors met while reading them and the people they taught are committed
together or not at all. A document whose content hash is already stored is skipped, so ingesting
the same folder twice adds nothing and a run restarted after a crash picks up where it stopped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tacitus.errors import StoreError
from tacitus.store.records import (
    COLUMNS,
    ROW_TABLES,
    arrow_table,
    assemble_record,
    learned_people,
    record_hash,
    record_rows,
)
from tacitus.store.schema import CONTENT_TABLES, SCHEMA_VERSION, migrate, schema_version

DEFAULT_DB = "tacitus.duckdb"


def connect(path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) a store.

    Read-only connections let several questions run side by side; they need an existing store.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"there is no store at {path}: create one with `tacitus ingest PATH... --db {path}`.")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
        if not read_only:
            migrate(con)
        elif schema_version(con) < SCHEMA_VERSION:
            # An older store: migrate once with a writable connection, then reopen read-only.
            con.close()
            with duckdb.connect(str(path)) as rw:
                migrate(rw)
            con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        raise StoreError(
            f"cannot open the store {path}: {exc}. If another tacitus command is writing it, wait for it "
            "to finish."
        ) from exc
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the store {path}: {exc}") from exc
    return con


def now() -> dt.datetime:
    """UTC wall-clock time, naive (DuckDB TIMESTAMP has no zone)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# -- writing --------------------------------------------------------------------------------------
@dataclass
class BatchResult:
    stored: int = 0
    duplicates: int = 0
    events: int = 0
    doc_ids: list[str] = field(default_factory=list)


def write_batch(
    con: duckdb.DuckDBPyConnection,
    records: Sequence[dict[str, Any]],
    *,
    run_id: str | None = None,
    errors: Sequence[dict[str, Any]] = (),
    memory: Any = None,
) -> BatchResult:
    """Store a batch of document records (see :mod:`tacitus.store.records`) in one transaction.

    ``errors`` are ``errors`` rows (see :func:`error_row`) met while producing the batch; they are
    stored with it so that a crash cannot record an error twice for one attempt. ``memory`` (a
    :class:`~tacitus.store.memory.StorePeopleMemory`) learns the people the stored documents
    taught, in the same transaction.
    """
    result = BatchResult()
    stored_hashes = _existing(con, "documents", "content_hash", [record_hash(r) for r in records])
    keep = []
    for rec in records:
        h = record_hash(rec)
        if h in stored_hashes:
            result.duplicates += 1
            continue
        stored_hashes.add(h)
        keep.append(rec)
    _make_ids_unique(con, keep)
    at = now()
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in ROW_TABLES}
    for rec in keep:
        for name, table_rows in record_rows(rec, run_id=run_id, ingested_at=at).items():
            rows[name].extend(table_rows)
    people = [p for rec in keep for p in learned_people(rec)]
    con.begin()
    try:
        for name in ROW_TABLES:
            if rows[name]:
                _insert(con, name, arrow_table(name, rows[name]))
        if errors:
            _insert(con, "errors", arrow_table("errors", list(errors)))
        if memory is not None and people:
            memory.learn(people)
        con.commit()
    except BaseException:  # Ctrl-C included: the batch in flight is all that is lost
        con.rollback()
        if memory is not None:
            memory.reload()
        raise
    result.stored = len(keep)
    result.events = len(rows["events"])
    result.doc_ids = [r["doc_id"] for r in keep]
    return result


@contextlib.contextmanager
def one_writer_thread(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run DuckDB on one thread while an ingest codes documents and writes them batch by batch;
    the store's thread setting is restored on exit (story merging and queries use them all).

    A batch's statements are small (rows of 32 documents) and gain nothing from a second
    thread, but while DuckDB keeps one, the spaCy parse that runs between batches in the same
    process is 5-8% slower (``bench/profile.py`` compares the parse inside an ingest with the
    bare parse; ``docs/scale.md``): (b)/(a) 0.77 with DuckDB's default two threads on the
    2-core bench machine, 0.82 with one.
    """
    (threads,) = con.execute("SELECT current_setting('threads')").fetchone()
    con.execute("SET threads = 1")
    try:
        yield
    finally:
        with contextlib.suppress(duckdb.Error):  # a broken connection: keep the original error
            con.execute(f"SET threads = {int(threads)}")


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    """Bulk-insert an Arrow table (columns matched by name)."""
    view = f"_tacitus_batch_{table}"
    con.register(view, data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
    finally:
        con.unregister(view)


def _existing(con: duckdb.DuckDBPyConnection, table: str, column: str, values: Iterable[str]) -> set[str]:
    values = list(values)
    if not values:
        return set()
    # ``table`` and ``column`` are constants of this module; the values are bound.
    rows = con.execute(
        f"SELECT {column} FROM {table} WHERE {column} IN (SELECT unnest(?::VARCHAR[]))", [values]
    ).fetchall()
    return {r[0] for r in rows}


def _make_ids_unique(con: duckdb.DuckDBPyConnection, records: list[dict[str, Any]]) -> None:
    """Rename a document or event whose id is already taken by different content.

    Readers derive ids from file names and corpus fields, so two different articles can share
    one; the second is stored under ``<id>~<hash>`` rather than lost or overwriting the first.
    """
    taken_docs = _existing(con, "documents", "doc_id", [r["doc_id"] for r in records])
    for rec in records:
        if rec["doc_id"] in taken_docs:
            new_id = f"{rec['doc_id']}~{record_hash(rec)[:8]}"
            for e in rec.get("events") or []:
                e["doc_id"] = new_id
            rec["doc_id"] = new_id
        taken_docs.add(rec["doc_id"])
    events = [e for rec in records for e in rec.get("events") or []]
    taken_events = _existing(con, "events", "event_id", [e["id"] for e in events])
    for e in events:
        while e["id"] in taken_events:
            e["id"] = hashlib.sha1(f"{e['doc_id']}|{e['id']}".encode()).hexdigest()[:16]
        taken_events.add(e["id"])


def error_row(
    run_id: str | None,
    message: str,
    *,
    origin: str | None = None,
    line: int | None = None,
    doc_id: str | None = None,
    code: str | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    return {
        "run_id": run_id, "origin": origin, "line": line, "doc_id": doc_id, "code": code,
        "kind": kind, "message": message, "logged_at": now(),
    }


# -- runs -----------------------------------------------------------------------------------------
def start_run(con: duckdb.DuckDBPyConnection, command: str, paths: Sequence[str], options: dict[str, Any]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        tacitus_version = version("tacitus")
    except PackageNotFoundError:
        tacitus_version = None
    run_id = uuid.uuid4().hex[:12]
    con.execute(
        "INSERT INTO runs (run_id, command, started_at, status, paths, options, version) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [run_id, command, now(), "running", json.dumps(list(paths)), json.dumps(options, default=str), tacitus_version],
    )
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, counts: dict[str, int]) -> None:
    con.execute(
        """UPDATE runs SET finished_at = ?, status = ?, documents_read = ?, stored = ?, duplicates = ?,
           errors = ?, events = ? WHERE run_id = ?""",
        [
            now(), status, counts.get("read", 0), counts.get("stored", 0), counts.get("duplicates", 0),
            counts.get("errors", 0), counts.get("events", 0), run_id,
        ],
    )


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def get_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


# -- reading whole documents back -----------------------------------------------------------------
def stored_hashes(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT content_hash FROM documents").fetchall()}


def iter_records(
    con: duckdb.DuckDBPyConnection, *, doc_ids: Sequence[str] | None = None, chunk: int = 500
) -> Iterator[dict[str, Any]]:
    """Every stored document as a complete record, oldest first (then by id): what JSONL exports."""
    where, params = ("WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [list(doc_ids)]) if doc_ids is not None else ("", [])
    ids = [r[0] for r in con.execute(f"SELECT doc_id FROM documents {where} ORDER BY date NULLS FIRST, doc_id", params).fetchall()]
    for i in range(0, len(ids), chunk):
        part = ids[i : i + chunk]
        tables = {
            name: _rows_by_doc(con, name, part, order)
            for name, order in (
                ("documents", "doc_id"),
                ("sentences", "sentence_index"),
                ("document_actors", "actor_index"),
                ("mentions", "mention_index"),
                ("events", "event_index"),
                ("quotes", "quote_index"),
            )
        }
        for doc_id in part:
            yield assemble_record(
                tables["documents"][doc_id][0],
                tables["sentences"].get(doc_id, []),
                tables["document_actors"].get(doc_id, []),
                tables["mentions"].get(doc_id, []),
                tables["events"].get(doc_id, []),
                tables["quotes"].get(doc_id, []),
            )


def _rows_by_doc(
    con: duckdb.DuckDBPyConnection, table: str, doc_ids: list[str], order: str
) -> dict[str, list[dict[str, Any]]]:
    cur = con.execute(
        f"SELECT * FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id, {order}", [doc_ids]
    )
    names = [d[0] for d in cur.description]
    out: dict[str, list[dict[str, Any]]] = {}
    for row in cur.fetchall():
        rec = dict(zip(names, row, strict=True))
        out.setdefault(rec["doc_id"], []).append(rec)
    return out


def content_snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Every content table's rows, sorted, without per-run bookkeeping (ids and times of runs).

    Two stores built from the same input hold equal snapshots, however their runs were cut.
    """
    skip = {"ingested_at", "run_id"}
    snap = {}
    for table in CONTENT_TABLES:
        cols = [c for c in _columns(con, table) if c not in skip]
        quoted = ", ".join(f'"{c}"' for c in cols)
        snap[table] = con.execute(f"SELECT {quoted} FROM {table} ORDER BY ALL").fetchall()
    # Errors are history (one row per attempt); what must match is which documents failed and why.
    snap["errors"] = con.execute(
        "SELECT DISTINCT origin, line, doc_id, code, kind, message FROM errors ORDER BY ALL"
    ).fetchall()
    return snap


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Columns of every bulk-written table as the database has them (for the schema check)."""
    return {name: _columns(con, name) for name in COLUMNS}
