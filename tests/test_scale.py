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
