"""The ingest loop: read -> clean -> skip what is stored -> code -> write, one batch at a time.

Documents are cleaned here (not inside the pipeline) because the content hash that makes ingest
idempotent is the clean text's: a document already stored is skipped before the expensive parse.
Coding goes through ``Pipeline.nlp.pipe`` and ``Pipeline.annotate`` (what ``Pipeline.process``
does) one document at a time, so that one document that breaks a component is recorded as an
error and the others are stored.

Batches are formed from the stream of *new* documents, so a run restarted after a crash forms
the same batches as an uninterrupted run would have from that point on, with the same people
memory (what the stored batches taught): the store ends up exactly the same.

With ``workers > 1`` each worker process loads the pipeline once and codes whole batches; the
parent reads, writes and keeps the order. Workers resolve people with the memory as it stood when
the run started (they cannot see each other's documents), so what a run learns helps from the
next run on; with one worker it helps from the next batch on.
"""

from __future__ import annotations

import collections
import multiprocessing as mp
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb

from tacitus.config import Settings
from tacitus.document import Document
from tacitus.errors import InputError
from tacitus.store.db import error_row, get_meta, one_writer_thread, stored_hashes, write_batch
from tacitus.store.memory import StorePeopleMemory
from tacitus.store.records import document_record

if TYPE_CHECKING:
    from tacitus.analysis.dedup import StoryUpdate

DEFAULT_BATCH_SIZE = 32  # documents per transaction: small enough that a crash loses little


@dataclass
class IngestSummary:
    run_id: str | None = None
    read: int = 0  # documents the readers produced (unreadable files are errors, not documents)
    stored: int = 0
    duplicates: int = 0  # already stored, or seen earlier in this run
    uncoded: int = 0  # stored without coding: the pipeline screened them out (Document.skipped)
    errors: int = 0
    events: int = 0
    stories: int | None = None
    seconds: float = 0.0
    interrupted: bool = False
    error_messages: list[str] = field(default_factory=list)
    skipped_messages: list[str] = field(default_factory=list)  # one per document stored uncoded, with why

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def counts(self) -> dict[str, int]:
        return {"read": self.read, "stored": self.stored, "duplicates": self.duplicates,
                "errors": self.errors, "events": self.events}


@dataclass
class _Batch:
    documents: list[Document]
    errors: list[dict[str, Any]]  # errors met while reading this batch's stretch of the input


# -- coding ---------------------------------------------------------------------------------------
Failure = tuple[Document, BaseException]


def code_documents(pipeline: Any, docs: list[Document]) -> tuple[list[dict[str, Any]], list[Failure]]:
    """Code cleaned documents; returns the records of those that succeeded and the failures.

    A document the pipeline screens out (empty, too long, not English: ``Document.skipped``) is
    not parsed but still stored, with its reason, so that later runs skip it too.
    """
    screen = getattr(pipeline, "screen", None)
    records, failures, todo = [], [], []
    for doc in docs:
        try:
            if screen is not None:
                screen(doc)
        except Exception as exc:
            failures.append((doc, exc))
            continue
        todo.append(doc)

    def keep(doc: Document, work: Callable[[], None]) -> None:
        """Finish one document: its record, or its failure; its parse is never kept."""
        try:
            work()
            records.append(document_record(doc))
        except Exception as exc:
            failures.append((doc, exc))
        finally:
            doc.spacy_doc = None  # the parse is large and never stored

    if hasattr(pipeline, "code_screened"):  # the real pipeline: parse and annotate within the per-document limits
        wanted = [d.skipped is None for d in todo]
        coded = pipeline.code_screened([d for d, w in zip(todo, wanted, strict=True) if w])

        def take_coded() -> None:
            _, error = next(coded)
            if error is not None:
                raise error

        for doc, w in zip(todo, wanted, strict=True):
            keep(doc, take_coded if w else _nothing)
        return records, failures
    texts = [d.text for d in todo if d.skipped is None]
    try:
        parsed: list[Any] = list(pipeline.nlp.pipe(texts, batch_size=max(1, len(texts))))
    except Exception:  # one text broke the batched parse: parse one by one to find it
        parsed = []
        for text in texts:
            try:
                parsed.append(pipeline.nlp(text))
            except Exception as exc:
                parsed.append(exc)
    parses = iter(parsed)
    for doc in todo:

        def annotate(doc: Document = doc) -> None:
            sdoc = next(parses)
            if isinstance(sdoc, BaseException):
                raise sdoc
            pipeline.annotate(doc, sdoc)

        keep(doc, annotate if doc.skipped is None else _nothing)
    return records, failures


def _nothing() -> None:
    """A screened-out document has nothing to code: only its record is kept."""


def _failure_row(run_id: str | None, doc: Document, exc: BaseException) -> dict[str, Any]:
    return error_row(run_id, str(exc) or type(exc).__name__, origin=doc.origin, doc_id=doc.doc_id,
                     code=getattr(exc, "code", None), kind=type(exc).__name__)


# Worker processes: one pipeline each, built once by the pool initializer.
_worker: dict[str, Any] = {}


def _init_worker(settings: Settings, people: list[Any]) -> None:
    try:
        from tacitus.actors.memory import InMemoryPeople
        from tacitus.pipeline import Pipeline

        _worker["pipeline"] = Pipeline(settings, memory=InMemoryPeople(people))
    except BaseException as exc:  # an initializer that raises makes the pool respawn forever
        _worker["error"] = exc


def _code_in_worker(docs: list[Document]) -> tuple[list[dict[str, Any]], list[tuple[Document, str, str, str | None]]]:
    if "error" in _worker:
        raise _worker["error"]
    records, failures = code_documents(_worker["pipeline"], docs)
    # Exceptions may not pickle; send what the errors table needs.
    return records, [(d, type(e).__name__, str(e) or type(e).__name__, getattr(e, "code", None)) for d, e in failures]


# -- the loop -------------------------------------------------------------------------------------
def account(summary: Any, result: Any, records: list[dict[str, Any]], failures: list[dict[str, Any]],
            started: float, on_batch: Any = None) -> None:
    """Add one written batch to the run's summary (shared by the local and the cluster ingest)."""
    summary.errors += len(failures)
    summary.error_messages.extend(f"{f['origin'] or f['doc_id']}: {f['message']}" for f in failures)
    summary.stored += result.stored
    summary.uncoded += sum(1 for r in records if r.get("skipped"))
    summary.skipped_messages.extend(f"{r.get('origin') or r['doc_id']}: not coded: {r['skipped']}"
                                    for r in records if r.get("skipped"))
    summary.duplicates += result.duplicates
    summary.events += result.events
    summary.seconds = time.perf_counter() - started
    if on_batch:
        on_batch(summary, result.stored)


def _batches(
    items: Iterable[Document | InputError],
    seen: set[str],
    summary: IngestSummary,
    run_id: str | None,
    batch_size: int,
    clean: Callable[[Document], Document],
) -> Iterator[_Batch]:
    docs: list[Document] = []
    errors: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, InputError):
            summary.errors += 1
            summary.error_messages.append(str(item))
            errors.append(error_row(run_id, item.message, origin=item.origin, line=item.line, code=item.code,
                                    kind=type(item).__name__))
            continue
        summary.read += 1
        try:
            doc = clean(item)
        except Exception as exc:
            summary.errors += 1
            summary.error_messages.append(f"{item.origin}: {exc}")
            errors.append(_failure_row(run_id, item, exc))
            continue
        if not doc.text.strip():
            # Nothing is left to code, nor to tell it from another such document by: all would share
            # one content hash and pass for duplicates of the first. An error of its own instead.
            empty = InputError(doc.origin, "empty after cleaning: nothing is left once page furniture and "
                                           "invisible characters are removed")
            summary.errors += 1
            summary.error_messages.append(str(empty))
            errors.append(error_row(run_id, empty.message, origin=doc.origin, doc_id=doc.doc_id, code=empty.code,
                                    kind=type(empty).__name__))
            continue
        h = doc.content_hash
        if h in seen:
            summary.duplicates += 1
            continue
        seen.add(h)
        docs.append(doc)
        if len(docs) >= batch_size:
            yield _Batch(docs, errors)
            docs, errors = [], []
    if docs or errors:
        yield _Batch(docs, errors)


ProgressFn = Callable[[IngestSummary, int], None]


def ingest(
    con: duckdb.DuckDBPyConnection,
    items: Iterable[Document | InputError],
    *,
    settings: Settings | None = None,
    run_id: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    window_days: int | None = None,
    make_pipeline: Callable[[Settings, Any], Any] | None = None,
    clean: Callable[[Document], Document] | None = None,
    on_batch: ProgressFn | None = None,
    summary: IngestSummary | None = None,
) -> IngestSummary:
    """Code and store documents (see the module docstring). ``make_pipeline(settings, memory)``
    builds the pipeline (default: a :class:`~tacitus.pipeline.Pipeline`) around the store's people
    memory; ``clean`` defaults to the cleaner. ``on_batch(summary, n)`` is called after each
    committed batch of ``n`` new documents.

    ``summary`` (updated in place) stays readable if the loop is interrupted.
    """
    settings = settings or Settings()
    summary = summary or IngestSummary(run_id=run_id)
    started = time.perf_counter()
    if clean is None:  # the cleaner, except for documents over the size limit (tacitus.limits)
        from functools import partial

        from tacitus.limits import clean_within_limits

        clean = partial(clean_within_limits, max_chars=settings.max_chars)
    memory = StorePeopleMemory(con)
    batches = _batches(items, stored_hashes(con), summary, run_id, max(1, batch_size), clean)

    def write(batch: _Batch, records: list[dict[str, Any]], failures: list[dict[str, Any]]) -> None:
        result = write_batch(con, records, run_id=run_id, errors=batch.errors + failures, memory=memory)
        account(summary, result, records, failures, started, on_batch)

    try:
        with one_writer_thread(con):  # DuckDB on one thread while documents are coded (see there)
            if workers <= 1:
                if make_pipeline is None:
                    from tacitus.pipeline import Pipeline

                    pipeline = Pipeline(settings, memory=memory)
                else:
                    pipeline = make_pipeline(settings, memory)
                for batch in batches:
                    records, failures = code_documents(pipeline, batch.documents) if batch.documents else ([], [])
                    write(batch, records, [_failure_row(run_id, d, e) for d, e in failures])
            else:
                _ingest_parallel(batches, workers, settings, memory, run_id, write)
    finally:
        summary.seconds = time.perf_counter() - started

    summary.stories = merge_stories_after_ingest(con, window_days).stories
    summary.seconds = time.perf_counter() - started
    return summary


def _ingest_parallel(
    batches: Iterator[_Batch],
    workers: int,
    settings: Settings,
    memory: StorePeopleMemory,
    run_id: str | None,
    write: Callable[[_Batch, list[dict[str, Any]], list[dict[str, Any]]], None],
) -> None:
    # spawn, not fork: the parent holds an open DuckDB connection and its threads.
    ctx = mp.get_context("spawn")
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(settings, memory.snapshot()))
    pending: collections.deque[tuple[_Batch, Any]] = collections.deque()
    try:
        def drain_one() -> None:
            batch, job = pending.popleft()
            records, failures = job.get()
            rows = [error_row(run_id, msg, origin=d.origin, doc_id=d.doc_id, code=code, kind=kind)
                    for d, kind, msg, code in failures]
            write(batch, records, rows)

        for batch in batches:
            # Bounded look-ahead: results are written in input order, and a huge corpus is not
            # read into memory ahead of the workers.
            pending.append((batch, pool.apply_async(_code_in_worker, (batch.documents,))))
            if len(pending) >= 2 * workers:
                drain_one()
        while pending:
            drain_one()
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def stories_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """True when events were stored after the last story merge (an interrupted ingest)."""
    events, linked = con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM story_events)").fetchone()
    return events != linked


def merge_stories_after_ingest(con: duckdb.DuckDBPyConnection, window_days: int | None = None) -> StoryUpdate:
    """Bring the story events up to date after an ingest (local, ``--workers`` or cluster):
    ``window_days`` (default: the store's) is recorded in ``meta``. A first load or a new window
    recomputes every story; a few documents added to a large store merge only their events
    (:func:`tacitus.analysis.dedup.update_stories`). Returns the ``StoryUpdate``."""
    from tacitus.analysis.dedup import DEFAULT_WINDOW_DAYS, update_stories

    window = window_days if window_days is not None else int(get_meta(con, "story_window_days") or DEFAULT_WINDOW_DAYS)
    return update_stories(con, window)


def recompute_if_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Merge the events stored since the last story merge (an interrupted ingest, or
    ``Store.add``), incrementally when they are few; True if there were any."""
    if not stories_stale(con):
        return False
    merge_stories_after_ingest(con)
    return True
