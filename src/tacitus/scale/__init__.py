"""Scale-out: code documents on a Dask cluster and merge them into the store.

``tacitus ingest PATH... --cluster local[:N]`` starts N worker processes on this machine;
``--cluster tcp://scheduler:8786`` (or a Dask scheduler file, ``scheduler.json``) uses a running
cluster. The driver reads, cleans and skips what is stored (as ``tacitus ingest`` does); documents
are cut into partitions of ``--batch-size``, each partition is coded on a worker (the spaCy model
is loaded once per worker process, by a worker plugin) and written as one Parquet shard; shards
are merged into the DuckDB store in input order, one transaction each, skipping any content hash
already stored. A worker that dies mid-partition costs a retry of that partition (the task's key is
the hash of its documents' content hashes), never a lost or duplicated document. See
``docs/scale.md``.

Modules: :mod:`tacitus.scale.cluster` (what ``--cluster`` names), :mod:`tacitus.scale.worker`
(what runs on workers, the shard format), :mod:`tacitus.scale.backend` (the driver).
"""

from __future__ import annotations

from typing import Any

__all__ = ["ingest_cluster", "parse_cluster"]


def __getattr__(name: str) -> Any:
    # Dask is imported on first use only: ``tacitus --help`` and the other commands never pay for it.
    if name == "ingest_cluster":
        from tacitus.scale.backend import ingest_cluster

        return ingest_cluster
    if name == "parse_cluster":
        from tacitus.scale.cluster import parse_cluster

        return parse_cluster
    raise AttributeError(name)
