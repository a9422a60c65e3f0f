"""What runs on a Dask worker, and the Parquet shard format.

Each worker process builds one :class:`~tacitus.pipeline.Pipeline` (the spaCy model, the actor
knowledge, the lexicon) when :class:`PipelinePlugin` is attached to it - when the plugin is
registered, and again in any worker that joins or replaces a dead one - and keeps it in a
per-process cache keyed by the run's fingerprint (settings and people memory). A partition's
task (:func:`code_partition`) finds it there, codes its documents with
:func:`tacitus.store.ingest.code_documents` (what ``tacitus ingest`` runs, so a document that
breaks a component is an error row, not a failed task) and writes one shard. The per-document time
limit (``--doc-timeout``) holds in the task's thread through :func:`tacitus.limits.thread_timers`.

A shard is one Parquet file per partition, one row per document:

============== ==========================================================================
content_hash   what makes the merge idempotent
doc_id, origin as read
record         the document's store record as JSON text (``tacitus.store.records``); NULL when
               coding failed
error_kind, error_message, error_code   why it failed (NULL when coded)
n_events       events in the record
============== ==========================================================================

Shards are written to a temporary name and renamed, so a worker killed mid-write never leaves a
half shard under a real name. DuckDB reads them in place::

    SELECT content_hash, record->>'$.title' AS title, n_events FROM read_parquet('news.duckdb.shards/*.parquet')
"""

from __future__ import annotations

import io
import json
import os
import threading
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

PLUGIN_NAME = "tacitus-pipeline"


def plugin_name(key: str) -> str:
    """One plugin per run (several drivers may share a cluster), named after its fingerprint."""
    return f"{PLUGIN_NAME}-{key}"


SHARD_SCHEMA = pa.schema([
    ("content_hash", pa.string()), ("doc_id", pa.string()), ("origin", pa.string()), ("record", pa.string()),
    ("error_kind", pa.string()), ("error_message", pa.string()), ("error_code", pa.string()),
    ("n_events", pa.int32()),
])

# run fingerprint -> (pipeline, lock). A worker keeps at most a few (one per run it served).
_PIPELINES: dict[str, tuple[Any, threading.Lock]] = {}
_BUILD_LOCK = threading.Lock()
_MAX_PIPELINES = 2


def build_pipeline(key: str, settings: Any, people: list[Any]) -> tuple[Any, threading.Lock]:
    """The cached pipeline for ``key``, built on first use (the spaCy model is loaded once per
    process by :func:`tacitus.nlp.model.load_model` whatever the key)."""
    with _BUILD_LOCK:
        hit = _PIPELINES.get(key)
        if hit is not None:
            return hit
        from tacitus.actors.memory import InMemoryPeople
        from tacitus.pipeline import Pipeline

        pipeline = Pipeline(settings, memory=InMemoryPeople(people))
        while len(_PIPELINES) >= _MAX_PIPELINES:
            _PIPELINES.pop(next(iter(_PIPELINES)))
        _PIPELINES[key] = (pipeline, threading.Lock())
        return _PIPELINES[key]


def drop_pipeline(key: str) -> None:
    with _BUILD_LOCK:
        _PIPELINES.pop(key, None)


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - dask is a dependency; this keeps the module importable
    WorkerPlugin = object  # type: ignore[misc,assignment]


class PipelinePlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the pipeline once per worker process, when the worker starts (or joins)."""

    # Registered under a name made of the run's fingerprint: the same name is the same settings,
    # memory and version, so a second registration (two drivers, same input) keeps the first.
    idempotent = True

    def __init__(self, key: str, settings: Any, people: list[Any], version: str | None = None) -> None:
        self.key, self.settings, self.people, self.version = key, settings, people, version
        self.error: BaseException | None = None

    async def setup(self, worker: Any) -> None:
        import asyncio

        from tacitus.scale.cluster import ClusterError, tacitus_version

        if self.version is not None and tacitus_version() != self.version:
            # A different Tacitus codes differently: refuse rather than mix codings in one store.
            self.error = ClusterError(
                f"worker {worker.address} runs Tacitus {tacitus_version()}, the driver {self.version}: "
                "install the same version (and model) on every worker"
            )
            return
        # In a thread: loading spaCy takes seconds, and the worker's event loop must keep
        # answering the scheduler's heartbeats meanwhile.
        try:
            await asyncio.get_running_loop().run_in_executor(None, build_pipeline, self.key, self.settings, self.people)
        except Exception as exc:  # reported by the first task (a failing setup would kill the worker)
            self.error = exc

    def teardown(self, worker: Any) -> None:
        drop_pipeline(self.key)


def _pipeline_on_this_worker(key: str) -> tuple[Any, threading.Lock]:
    hit = _PIPELINES.get(key)
    if hit is not None:
        return hit
    from distributed import get_worker

    plugin = get_worker().plugins.get(plugin_name(key))
    if plugin is None:
        raise RuntimeError("the tacitus worker plugin of this run is not registered on this worker")
    if plugin.error is not None:
        raise plugin.error
    return build_pipeline(key, plugin.settings, plugin.people)


def code_partition(docs: list[Any], key: str, shard_path: str | None = None) -> dict[str, Any]:
    """Code one partition of cleaned documents; write its shard to ``shard_path`` (a path the
    driver can read: local disk for a local cluster, else a shared file system) or, without one,
    return the shard's bytes. Runs on a worker."""
    from tacitus.limits import thread_timers
    from tacitus.store.ingest import code_documents

    pipeline, lock = _pipeline_on_this_worker(key)
    # Dask runs tasks in worker threads, where no SIGALRM timer can go: thread_timers() keeps
    # --doc-timeout there with a watchdog thread, so a document that runs over is stored uncoded
    # as timed out, as with `tacitus ingest`, instead of holding the worker.
    with lock, thread_timers():  # one pipeline per process; one partition at a time per process
        records, failures = code_documents(pipeline, docs)
    table = shard_table(records, failures)
    out: dict[str, Any] = {"documents": len(docs), "failures": len(failures), "pid": os.getpid()}
    if shard_path:
        write_shard(table, shard_path)
        out["path"] = shard_path
    else:
        buf = io.BytesIO()
        pq.write_table(table, buf, compression="zstd")
        out["bytes"] = buf.getvalue()
    return out


def shard_table(records: list[dict[str, Any]], failures: list[tuple[Any, BaseException]]) -> pa.Table:
    rows = [
        {"content_hash": r.get("content_hash"), "doc_id": r["doc_id"], "origin": r.get("origin"),
         "record": json.dumps(r, ensure_ascii=False, default=str), "n_events": len(r.get("events") or [])}
        for r in records
    ]
    for doc, exc in failures:
        rows.append({"content_hash": doc.content_hash, "doc_id": doc.doc_id, "origin": doc.origin,
                     "error_kind": type(exc).__name__, "error_message": str(exc) or type(exc).__name__,
                     "error_code": getattr(exc, "code", None)})
    return pa.Table.from_pylist(rows, schema=SHARD_SCHEMA)


def write_shard(table: pa.Table, path: str | Path) -> None:
    """Write atomically: a temporary file in the same folder, then a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_shard(source: str | Path | bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A shard's records (for :func:`tacitus.store.db.write_batch`) and failures (``doc_id``,
    ``origin``, ``kind``, ``message``, ``code``), in the partition's order."""
    table = pq.read_table(io.BytesIO(source) if isinstance(source, bytes) else source)
    records, failures = [], []
    for row in table.to_pylist():
        if row["record"] is not None:
            records.append(json.loads(row["record"]))
        else:
            failures.append({"doc_id": row["doc_id"], "origin": row["origin"], "kind": row["error_kind"],
                             "message": row["error_message"], "code": row["error_code"]})
    return records, failures


def peak_rss_bytes() -> int:
    """This process's peak resident memory (for ``client.run``): Linux's ``VmHWM`` (getrusage's
    ``ru_maxrss`` would start from the parent's peak: Linux carries it across fork and exec)."""
    import resource
    import sys

    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024
