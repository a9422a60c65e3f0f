"""The Dask backend (``tacitus ingest --cluster``): a local cluster of two worker processes on
loopback stores exactly what a single-process ingest stores, and a worker killed (SIGKILL) in the
middle of a run loses and duplicates nothing."""

from __future__ import annotations

import importlib.util
import logging
import os
import signal
import sys
from pathlib import Path

import pytest

from tacitus.store import db

REPO = Path(__file__).resolve().parents[1]
N_DOCS = 30
BATCH = 3  # ten partitions: enough to have several in flight when a worker dies


def _make_corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "bench" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    mc = _make_corpus_module()
    return mc.write_corpus(mc.make_corpus(N_DOCS, seed=5), tmp_path_factory.mktemp("scale") / "corpus.jsonl")


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """The store a single-process ingest builds from the corpus (its content snapshot)."""
    try:
        from tacitus.pipeline import Pipeline

        Pipeline()
    except Exception as exc:
        pytest.skip(f"the pipeline cannot be built: {exc}")
    from tacitus.ingest.readers import ReadOptions, read_paths
    from tacitus.store.ingest import ingest

    con = db.connect(tmp_path_factory.mktemp("ref") / "ref.duckdb")
    summary = ingest(con, read_paths([str(corpus)], ReadOptions()), batch_size=BATCH)
    assert (summary.stored, summary.errors) == (N_DOCS, 0)
    snap = db.content_snapshot(con)
    con.close()
    return snap


# -- without a cluster ----------------------------------------------------------------------------
def test_cluster_specs():
    from tacitus.scale.cluster import ClusterError, parse_cluster

    assert parse_cluster("local").is_local and parse_cluster("local").workers is None
    assert parse_cluster("local:3").workers == 3 == parse_cluster("local[:3]").workers
    assert parse_cluster("tcp://scheduler:8786").address == "tcp://scheduler:8786"
    assert parse_cluster("tls://10.0.0.1:8786/").address == "tls://10.0.0.1:8786"
    for bad in ("local:0", "remote", "http://x:8786", "missing-scheduler.json"):
        with pytest.raises(ClusterError):
            parse_cluster(bad)


def test_shards_round_trip_records_and_failures(tmp_path):
    from tacitus.document import Document
    from tacitus.scale.worker import read_shard, shard_table, write_shard

    record = {"doc_id": "d1", "content_hash": "abc", "origin": "x.jsonl:1", "text": "Ünïcode “quotes”",
              "events": [{"id": "e1", "place": {"lat": 1.5}}], "date": "2022-11-07"}
    failed = Document(doc_id="d2", original="Broken text.", origin="x.jsonl:2")
    write_shard(shard_table([record], [(failed, ValueError("the coder broke"))]), tmp_path / "s.parquet")
    records, failures = read_shard(tmp_path / "s.parquet")
    assert records == [record]
    assert failures == [{"doc_id": "d2", "origin": "x.jsonl:2", "kind": "ValueError", "message": "the coder broke",
                         "code": None}]
    assert [p.name for p in tmp_path.iterdir()] == ["s.parquet"]  # no temporary file left


def test_a_worker_with_another_tacitus_version_refuses(monkeypatch):
    import asyncio

    from tacitus.errors import TacitusError
    from tacitus.scale.worker import PipelinePlugin

    plugin = PipelinePlugin("key", None, [], version="0.0.0-not-this-one")
    asyncio.run(plugin.setup(type("W", (), {"address": "tcp://127.0.0.1:1"})()))
    assert isinstance(plugin.error, TacitusError) and "0.0.0-not-this-one" in str(plugin.error)


def test_thread_timers_stop_a_slow_block_in_a_worker_thread_and_nothing_after_it():
    """What keeps --doc-timeout on a Dask worker, in a plain thread: the watchdog raises the
    timeout in the thread, check_deadline raises it between stages, and a block that ended in
    time is never interrupted later. The main thread keeps its SIGALRM timer."""
    import threading
    import time

    from tacitus.limits import _WATCHDOG, DocumentTimeout, check_deadline, thread_timers, time_limit

    seen: list[object] = []

    def worker():
        with time_limit(0.05):  # without thread_timers a thread has no limit, as before
            time.sleep(0.1)
        seen.append("no limit")
        with thread_timers():
            try:
                with time_limit(0.2):
                    while True:  # a stage stuck in Python
                        time.sleep(0.01)
            except DocumentTimeout as exc:
                seen.append(exc.seconds)
            limit = time_limit(0.05)
            with limit:
                check_deadline()  # in time: nothing
                limit.deadline = 0.0  # as if the watchdog could not act: the stage check stops it
                try:
                    check_deadline()
                except DocumentTimeout as exc:
                    seen.append(("between stages", exc.seconds))
            with time_limit(0.1):
                pass
            time.sleep(_WATCHDOG.REPEAT + 0.2)  # long after the limit's time: nothing is raised
            seen.append("done")

    t = threading.Thread(target=worker)
    t.start()
    t.join(10)
    assert seen == ["no limit", 0.2, ("between stages", 0.05), "done"]
    assert not _WATCHDOG._armed


# -- on a local cluster ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client():
    """One cluster for the module's tests (the kill test leaves it whole: the nanny restarts the worker)."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, silence_logs=logging.ERROR)
    with Client(cluster) as c:
        yield c
    cluster.close()


def _cluster_ingest(client, corpus: Path, path: Path, **kw):
    from tacitus.ingest.readers import ReadOptions, read_paths
    from tacitus.scale import ingest_cluster

    con = db.connect(path)
    try:
        return ingest_cluster(con, read_paths([str(corpus)], ReadOptions()), cluster=client, batch_size=BATCH, **kw), con
    except BaseException:
        con.close()
        raise


@pytest.mark.slow
def test_a_local_cluster_stores_what_a_single_process_stores(client, corpus, reference, tmp_path):
    store = tmp_path / "cluster.duckdb"
    summary, con = _cluster_ingest(client, corpus, store)
    try:
        assert (summary.read, summary.stored, summary.errors, summary.duplicates) == (N_DOCS, N_DOCS, 0, 0)
        assert db.content_snapshot(con) == reference
        # Shards were merged and removed.
        assert not Path(f"{store}.shards").exists()
    finally:
        con.close()
    # Idempotent: a second run sends nothing to the cluster and adds nothing.
    again, con = _cluster_ingest(client, corpus, store)
    try:
        assert (again.stored, again.duplicates) == (0, N_DOCS)
        assert again.partitions == {"coded": 0, "reused": 0, "failed": 0}
        assert db.content_snapshot(con) == reference
    finally:
        con.close()


@pytest.mark.slow
def test_by_address_shards_come_back_as_bytes_and_leftover_shards_are_merged_not_recoded(
        client, corpus, reference, tmp_path):
    # As a remote cluster is used: by its address; workers send each shard's bytes back.
    address = client.scheduler.address
    summary, con = _cluster_ingest(address, corpus, tmp_path / "remote.duckdb", keep_shards=True)
    try:
        assert summary.partitions == {"coded": N_DOCS // BATCH, "reused": 0, "failed": 0}
        assert db.content_snapshot(con) == reference
    finally:
        con.close()
    assert not Path(f"{tmp_path / 'remote.duckdb'}.shards").exists()  # bytes: no shard files
    # A local run keeping its shards, then a run over the same input into a fresh store (a driver
    # that died after the workers wrote their shards): the shards are merged, nothing is coded.
    shards = tmp_path / "shards"
    first, con = _cluster_ingest(client, corpus, tmp_path / "a.duckdb", shard_dir=shards, keep_shards=True)
    con.close()
    assert first.partitions["coded"] == N_DOCS // BATCH and len(list(shards.glob("*.parquet"))) == N_DOCS // BATCH
    resumed, con = _cluster_ingest(client, corpus, tmp_path / "b.duckdb", shard_dir=shards)
    try:
        assert resumed.partitions == {"coded": 0, "reused": N_DOCS // BATCH, "failed": 0}
        assert db.content_snapshot(con) == reference
        assert not shards.exists()  # merged shards are removed
    finally:
        con.close()


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(client, corpus, reference, tmp_path):
    pids = client.run(os.getpid)  # worker address -> pid
    killed: dict[str, object] = {}

    def kill_a_busy_worker(summary, n):
        if killed:
            return
        busy = {w: keys for w, keys in client.processing().items() if keys}
        if not busy:
            return  # nothing in flight at this moment: try after the next merge
        worker, keys = next(iter(busy.items()))
        os.kill(pids[worker], signal.SIGKILL)
        killed.update(worker=worker, pid=pids[worker], keys=list(keys), after=summary.stored)

    store = tmp_path / "killed.duckdb"
    summary, con = _cluster_ingest(client, corpus, store, on_batch=kill_a_busy_worker, lookahead=6)
    try:
        assert killed, "no partition was in flight when a batch was merged: the kill never happened"
        assert killed["after"] < N_DOCS  # mid-run
        assert (summary.read, summary.stored, summary.errors, summary.duplicates) == (N_DOCS, N_DOCS, 0, 0)
        hashes = [r[0] for r in con.execute("SELECT content_hash FROM documents").fetchall()]
        assert len(hashes) == len(set(hashes)) == N_DOCS
        assert db.content_snapshot(con) == reference
        assert killed["pid"] not in client.run(os.getpid).values()  # it really died (the nanny replaced it)
    finally:
        con.close()


@pytest.mark.slow
def test_the_ingest_command_with_a_local_cluster(corpus, reference, tmp_path):
    from click.testing import CliRunner

    from tacitus.cli import main

    store = str(tmp_path / "cli.duckdb")
    r = CliRunner().invoke(main, ["ingest", str(corpus), "--db", store, "--cluster", "local:2", "--batch-size",
                                  str(BATCH), "--no-progress"])
    assert r.exit_code == 0, r.output
    assert f"{N_DOCS} documents read, {N_DOCS} stored" in r.output
    con = db.connect(store, read_only=True)
    try:
        assert db.content_snapshot(con) == reference
        runs = con.execute("SELECT status, options FROM runs").fetchall()
        assert runs[0][0] == "finished" and '"cluster": "local:2"' in runs[0][1]
    finally:
        con.close()
    bad = CliRunner().invoke(main, ["ingest", str(corpus), "--db", store, "--cluster", "local:zero", "--no-progress"])
    assert bad.exit_code != 0 and "local:zero" in bad.output and "T601" in bad.output


# -- the per-document time limit on a worker ------------------------------------------------------
SLOW_MARK = "zzstalledzz"  # a document holding this word stalls the pipeline (see _stall)
TIMEOUT = 3.0  # far above a normal document's coding time (tens of milliseconds)


def _stall(mark: str, seconds: float):
    """A function that makes ``Pipeline.annotate`` stall (in Python, as a pathological document
    does in the resolver) on documents holding ``mark``; run it with ``client.run`` in every worker
    or call it here. Calling the function it returns undoes it. Nested, so that Dask sends it by
    value (workers cannot import this test module)."""
    def install():
        import time

        from tacitus.pipeline import Pipeline

        real = Pipeline.__dict__["annotate"]

        def annotate(self, doc, sdoc):
            if mark in doc.text:
                until = time.monotonic() + seconds
                while time.monotonic() < until:
                    time.sleep(0.02)
            return real(self, doc, sdoc)

        Pipeline.annotate = annotate
        Pipeline._real_annotate = real

    def uninstall():
        from tacitus.pipeline import Pipeline

        if "_real_annotate" in Pipeline.__dict__:
            Pipeline.annotate = Pipeline._real_annotate
            del Pipeline._real_annotate

    return install, uninstall


@pytest.fixture(scope="module")
def slow_corpus(corpus, tmp_path_factory) -> Path:
    """Five articles of the corpus and, third, one that stalls the pipeline."""
    import json

    lines = corpus.read_text(encoding="utf-8").splitlines()[:5]
    slow = json.loads(lines[0])
    slow.update(id="stalled", text=slow["text"] + f"\n\nOfficials said the {SLOW_MARK} review would continue.")
    lines.insert(2, json.dumps(slow))
    out = tmp_path_factory.mktemp("slow") / "slow.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


@pytest.mark.slow
def test_a_document_over_doc_timeout_on_a_worker_is_stored_uncoded_and_the_others_coded(
        client, slow_corpus, reference, tmp_path):
    from tacitus.config import Settings
    from tacitus.ingest.readers import ReadOptions, read_paths
    from tacitus.store.ingest import ingest

    settings = Settings(doc_timeout=TIMEOUT)
    install, uninstall = _stall(SLOW_MARK, 30)  # ten times the limit: a limit that fails fails the test
    # What `tacitus ingest` stores (SIGALRM in this process's main thread) ...
    install()
    try:
        con = db.connect(tmp_path / "local.duckdb")
        local = ingest(con, read_paths([str(slow_corpus)], ReadOptions()), settings=settings, batch_size=BATCH)
        local_snapshot = db.content_snapshot(con)
        con.close()
    finally:
        uninstall()
    # ... and what the cluster stores, the documents coded in the workers' task threads.
    client.run(install)
    try:
        summary, con = _cluster_ingest(client, slow_corpus, tmp_path / "cluster.duckdb", settings=settings)
    finally:
        client.run(uninstall)
    try:
        for s in (local, summary):
            assert (s.read, s.stored, s.uncoded, s.errors) == (6, 6, 1, 0)
            assert s.skipped_messages == [f"{slow_corpus}:3: not coded: timed out after 3 s (--doc-timeout)"]
        rows = con.execute("SELECT d.doc_id, d.skipped, count(e.event_id) FROM documents d "
                           "LEFT JOIN events e USING (doc_id) GROUP BY ALL ORDER BY ALL").fetchall()
        assert ("stalled", "timed out after 3 s (--doc-timeout)", 0) in rows
        assert all(skipped is None and n > 0 for doc_id, skipped, n in rows if doc_id != "stalled")
        assert db.content_snapshot(con) == local_snapshot  # the two ways store the same again
    finally:
        con.close()
