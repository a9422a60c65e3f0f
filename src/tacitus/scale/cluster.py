"""What ``--cluster`` names, and connecting to it.

* ``local`` / ``local:N`` - a :class:`distributed.LocalCluster` of N worker processes (default:
  the number of CPUs), one thread each, on the loopback interface only. It lives as long as the
  command.
* ``tcp://HOST:PORT`` (also ``tls://``, ``ws://``, ``wss://``, ``ucx://``) - a running scheduler
  (``dask scheduler``, dask-kubernetes, dask-jobqueue, ...). The cluster outlives the command.
* ``PATH.json`` - a Dask scheduler file (``dask scheduler --scheduler-file``, dask-mpi,
  dask-jobqueue on HPC).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tacitus.errors import TacitusError

REMOTE_SCHEMES = ("tcp://", "tls://", "ws://", "wss://", "ucx://")


class ClusterError(TacitusError):
    code = "T601"


@dataclass(frozen=True)
class ClusterSpec:
    kind: str  # "local", "address" or "scheduler-file"
    workers: int | None = None  # local: worker processes (None: one per CPU)
    address: str | None = None  # address: the scheduler; scheduler-file: the file

    @property
    def is_local(self) -> bool:
        return self.kind == "local"

    def describe(self) -> str:
        if self.is_local:
            return f"a local cluster of {self.workers or default_local_workers()} worker process(es)"
        return f"the Dask scheduler at {self.address}"


def tacitus_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tacitus")
    except PackageNotFoundError:
        return "unknown"


def default_local_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def parse_cluster(spec: str) -> ClusterSpec:
    """``local``, ``local:N``, ``local[:N]`` spelled out, a scheduler address or a scheduler file."""
    text = spec.strip()
    m = re.fullmatch(r"local(?:\[?:(\d+)\]?)?", text)
    if m:
        n = int(m.group(1)) if m.group(1) else None
        if n is not None and n < 1:
            raise ClusterError(f"--cluster {spec}: a local cluster needs at least one worker")
        return ClusterSpec("local", workers=n)
    if text.startswith(REMOTE_SCHEMES):
        if not re.fullmatch(r"[a-z]+://[^\s/]+(:\d+)?/?", text):
            raise ClusterError(f"--cluster {spec}: not a scheduler address (tcp://HOST:8786)")
        return ClusterSpec("address", address=text.rstrip("/"))
    if text.endswith(".json"):
        if not Path(text).is_file():
            raise ClusterError(f"--cluster {spec}: there is no scheduler file {text}")
        return ClusterSpec("scheduler-file", address=text)
    raise ClusterError(
        f"--cluster {spec!r}: use local, local:N, tcp://HOST:PORT or a scheduler file (scheduler.json)"
    )


# Worker settings for a local cluster. The statistical profiler samples every worker's stack every
# 10 ms for the dashboard's profile page; there is no dashboard here, and it cost ~5% of the
# workers' CPU time on Tacitus's Python-heavy coding (bench/throughput.py, 600 articles).
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def start_local_cluster(n_workers: int) -> Any:
    """A :class:`distributed.LocalCluster` as ``--cluster local:N`` starts it."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_WORKER_CONFIG):  # captured by each nanny, so restarted workers keep it
        # The scheduler's HTTP endpoints (health, metrics) on a free loopback port: with no address
        # they take 8787, and a second cluster on the machine would warn that it is in use.
        return LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
        )


@contextmanager
def connect(cluster: str | ClusterSpec | Any, *, timeout: float = 30) -> Iterator[tuple[Any, ClusterSpec | None]]:
    """A :class:`distributed.Client` for ``cluster`` (a spec, its text, or an existing client, which
    is used as is and left open). A local cluster is started here and closed on exit."""
    from distributed import Client

    if isinstance(cluster, Client):
        yield cluster, None
        return
    spec = cluster if isinstance(cluster, ClusterSpec) else parse_cluster(str(cluster))
    if spec.is_local:
        local = start_local_cluster(spec.workers or default_local_workers())
        try:
            with Client(local, timeout=timeout) as client:
                yield client, spec
        finally:
            local.close()
        return
    try:
        if spec.kind == "scheduler-file":
            client = Client(scheduler_file=spec.address, timeout=timeout)
        else:
            client = Client(spec.address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach {spec.describe()}: {exc}") from exc
    try:
        yield client, spec
    finally:
        client.close()
