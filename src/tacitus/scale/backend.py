"""The driver of a cluster ingest: read -> clean -> skip what is stored -> partition -> code on the
cluster -> merge shards into the store, in input order.

The guarantees are those of ``tacitus ingest`` (``docs/store.md``), with partitions for batches:

* **Idempotent.** Documents are identified by content hash; a document already stored, or seen
  earlier in the run, is never sent to the cluster, and the merge (``write_batch``) skips any hash
  already stored.
* **No loss, no duplicates when a worker dies.** A partition's task key is the hash of its
  documents' content hashes (and of the run's settings and people memory). When a worker dies
  mid-task the scheduler runs the same key on another worker (up to
  ``distributed.scheduler.allowed-failures`` times); its shard is written under a temporary name
  and renamed, and merged once. A partition that still cannot be coded (it kills every worker
  that tries) is recorded in ``errors`` for each of its documents, which are not stored, so the
  next run retries them.
* **Transactional per partition, merged in input order.** Each shard is merged in one transaction
  with the reading errors of its stretch of the input and the people it taught. A driver killed
  mid-run loses nothing committed; shards coded but not yet merged stay in the shard folder and
  are merged, not coded again, by the next run (their names are the partition hashes).
* **People memory.** Workers resolve people with the memory as it stood when the run started, as
  ``tacitus ingest --workers N`` does; what the run teaches is learned in the store, in order.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

import duckdb

from tacitus.config import Settings
from tacitus.document import Document
from tacitus.errors import InputError, TacitusError
from tacitus.scale.cluster import ClusterSpec, connect, parse_cluster, tacitus_version
from tacitus.scale.worker import PipelinePlugin, code_partition, plugin_name, read_shard
from tacitus.store.db import error_row, stored_hashes, write_batch
from tacitus.store.ingest import (
    DEFAULT_BATCH_SIZE,
    IngestSummary,
    ProgressFn,
    _Batch,
    _batches,
    account,
    merge_stories_after_ingest,
)
from tacitus.store.memory import StorePeopleMemory


def settings_fingerprint(settings: Settings) -> str:
    """What decides how a document is coded, apart from the people memory: settings and version."""
    data = asdict(settings) if is_dataclass(settings) else vars(settings)
    text = json.dumps({"settings": data, "version": tacitus_version()}, sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def run_fingerprint(settings: Settings, people: list[Any]) -> str:
    known = sorted(
        json.dumps([p.name, p.country, p.sector, p.title, p.evidence, p.count, str(p.last_seen)], default=str)
        for p in people
    )
    text = settings_fingerprint(settings) + "\n" + "\n".join(known)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def partition_digest(docs: list[Document]) -> str:
    """The partition's identity: its documents' content hashes, in order."""
    return hashlib.sha1("\n".join(d.content_hash for d in docs).encode()).hexdigest()[:20]


def default_cleaner(settings: Settings) -> Callable[[Document], Document]:
    """The cleaner ``tacitus ingest`` uses (the size limit first, when this version has one), so
    that a cluster run stores what a single-process run stores."""
    try:
        from functools import partial

        from tacitus.limits import clean_within_limits
    except ImportError:
        from tacitus.ingest.cleaning import clean

        return clean
    return partial(clean_within_limits, max_chars=settings.max_chars)


def default_shard_dir(con: duckdb.DuckDBPyConnection) -> Path | None:
    """``<store file>.shards`` beside the store, or None for an in-memory store."""
    for _, name, file in con.execute("PRAGMA database_list").fetchall():
        if name == con.execute("SELECT current_database()").fetchone()[0] and file:
            return Path(f"{file}.shards")
    return None


def ingest_cluster(
    con: duckdb.DuckDBPyConnection,
    items: Iterable[Document | InputError],
    *,
    cluster: str | Any = "local",
    settings: Settings | None = None,
    run_id: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    window_days: int | None = None,
    clean: Callable[[Document], Document] | None = None,
    on_batch: ProgressFn | None = None,
    summary: IngestSummary | None = None,
    shard_dir: str | Path | None = None,
    shared_shards: bool | None = None,
    keep_shards: bool = False,
    lookahead: int | None = None,
    workers: int = 1,
    **_: Any,
) -> IngestSummary:
    """Code and store documents on a Dask cluster (see the module docstring).

    ``cluster``: ``local``, ``local:N``, a scheduler address, a scheduler file, or a
    :class:`distributed.Client` (used as is, left open). ``shard_dir``: where shards go (default:
    ``<store>.shards``). Workers write shards there themselves when ``shared_shards`` (default:
    for a local cluster, or when ``TACITUS_SHARED_SHARDS=1``: a folder every worker can write and
    the driver can read); otherwise they send each shard's bytes back to the driver.
    ``lookahead``: partitions in flight (default: three per worker thread, at least 4).
    ``workers``: the size of a ``local`` cluster given without one (``--cluster local --workers
    4`` is ``local:4``). Other keyword arguments of :func:`tacitus.store.ingest.ingest` are
    accepted and ignored, so that the command can pass the same ones.
    """
    import os

    if isinstance(cluster, str):  # a bad spec fails here, before anything is read
        cluster = parse_cluster(cluster)
    if isinstance(cluster, ClusterSpec) and cluster.is_local and cluster.workers is None and workers > 1:
        cluster = ClusterSpec("local", workers=workers)
    settings = settings or Settings()
    summary = summary or IngestSummary(run_id=run_id)
    started = time.perf_counter()
    if clean is None:
        clean = default_cleaner(settings)
    memory = StorePeopleMemory(con)
    people = memory.snapshot()
    key = run_fingerprint(settings, people)
    shard_prefix = settings_fingerprint(settings)
    folder = Path(shard_dir) if shard_dir is not None else default_shard_dir(con)
    batches = _batches(items, stored_hashes(con), summary, run_id, max(1, batch_size), clean)
    # What happened to the partitions (an attribute of the summary, for logs and tests).
    stats = {"coded": 0, "reused": 0, "failed": 0}
    summary.partitions = stats  # type: ignore[attr-defined]

    def write(batch: _Batch, records: list[dict[str, Any]], failures: list[dict[str, Any]]) -> None:
        rows = [error_row(run_id, f["message"], origin=f["origin"], doc_id=f["doc_id"], code=f["code"], kind=f["kind"])
                for f in failures]
        result = write_batch(con, records, run_id=run_id, errors=batch.errors + rows, memory=memory)
        account(summary, result, records, failures, started, on_batch)

    try:
        with connect(cluster) as (client, spec):
            local = spec.is_local if spec is not None else _is_local_client(client)
            if shared_shards is None:
                shared_shards = local or os.environ.get("TACITUS_SHARED_SHARDS", "") not in {"", "0"}
            if folder is None:
                shared_shards = False  # an in-memory store: nowhere to keep shards, send bytes
            client.register_plugin(PipelinePlugin(key, settings, people, tacitus_version()), name=plugin_name(key))
            window = lookahead or max(4, 3 * sum(client.nthreads().values()))
            pending: collections.deque[tuple[_Batch, Path | None, Any]] = collections.deque()

            def submit(batch: _Batch) -> tuple[_Batch, Path | None, Any]:
                if not batch.documents:
                    return batch, None, None
                digest = partition_digest(batch.documents)
                path = folder / f"{shard_prefix}-{digest}.parquet" if folder is not None else None
                if path is not None and path.exists():  # coded by an earlier run that did not merge it
                    stats["reused"] += 1
                    return batch, path, None
                future = client.submit(
                    code_partition, batch.documents, key, str(path) if shared_shards else None,
                    key=f"tacitus-code-{digest}-{key[:8]}", pure=False,
                )
                return batch, path, future

            def merge(batch: _Batch, path: Path | None, future: Any) -> None:
                if path is None and future is None:  # only reading errors in this stretch
                    write(batch, [], [])
                    return
                if future is not None:
                    try:
                        result = future.result()
                    except TacitusError:
                        raise  # the pipeline cannot be built (model missing, bad lexicon): stop
                    except Exception as exc:  # the partition killed its workers, or a bug
                        stats["failed"] += 1
                        reason = f"coding on the cluster failed ({type(exc).__name__}: {exc}); the next run retries it"
                        write(batch, [], [{"doc_id": d.doc_id, "origin": d.origin, "kind": type(exc).__name__,
                                           "message": reason, "code": None} for d in batch.documents])
                        return
                    finally:
                        future.release()
                    stats["coded"] += 1
                    source: Any = result["bytes"] if "bytes" in result else result["path"]
                else:
                    source = path
                records, failures = read_shard(source)
                write(batch, records, failures)
                if path is not None and not keep_shards:
                    path.unlink(missing_ok=True)

            try:
                for batch in batches:
                    pending.append(submit(batch))
                    if len(pending) >= window:
                        merge(*pending.popleft())
                while pending:
                    merge(*pending.popleft())
            finally:
                for _, _, future in pending:
                    if future is not None:
                        future.cancel()
                with contextlib.suppress(Exception):  # frees the pipeline on a shared cluster
                    client.unregister_worker_plugin(plugin_name(key))
    finally:
        summary.seconds = time.perf_counter() - started
        if folder is not None and folder.is_dir():
            for tmp in folder.glob(".*.tmp"):  # left by workers killed mid-write
                tmp.unlink(missing_ok=True)
            if not keep_shards and not any(folder.iterdir()):
                folder.rmdir()

    summary.stories = merge_stories_after_ingest(con, window_days).stories
    summary.seconds = time.perf_counter() - started
    return summary


def _is_local_client(client: Any) -> bool:
    """Whether every worker of an existing client runs on this machine (so can write our disk)."""
    import socket

    here = {"127.0.0.1", "localhost", "::1", socket.gethostname()}
    with contextlib.suppress(OSError):
        here.add(socket.gethostbyname(socket.gethostname()))
    workers = client.scheduler_info().get("workers", {})
    return bool(workers) and all(w.get("host") in here for w in workers.values())
