"""Throughput: Tacitus end to end against the bare spaCy pipeline it uses, on the same text.

    python bench/throughput.py                       # 2,000 generated articles, then --workers 2 and local:2
    python bench/throughput.py --docs 5000 --workers 2 --json figures.json
    python bench/throughput.py --docs 300 --no-workers --no-cluster   # quick single-process check

In one run, with the model loaded and warmed first:

(a) the bare spaCy pipeline Tacitus uses (``tacitus.nlp.model.load_model``: same model, same
    components) parsing the clean text of every article with ``nlp.pipe`` at Tacitus's batch size;
(b) Tacitus end to end: read the JSONL corpus, clean, skip duplicates, parse, resolve actors, code
    events, store into a fresh DuckDB file (``tacitus.store.ingest.ingest``, what ``tacitus
    ingest`` runs), story events included;

then (a) again (the machine is shared: the ratio uses the mean of both (a) runs), then ``--workers
N`` (multiprocessing, as ``tacitus ingest --workers N``) and a local Dask cluster of N worker
processes (``tacitus ingest --cluster local:N``), each into its own fresh store. It prints articles/s,
words/s, events/s, the ratio (b)/(a), speed-ups against (b), peak memory per process, and the
machine. The corpus is made by ``bench/make_corpus.py`` (and reused if it is already there).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import importlib.util
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# Run as a script, bench/ comes first on sys.path, where bench/profile.py would shadow the standard
# library's profile module (spaCy imports cProfile, which imports it): drop the folder. Then put
# the working tree's code first, whatever an editable install of the virtualenv points at.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPO / "src"))

TARGET_RATIO = 0.75
TARGET_SPEEDUP = 1.7
TARGET_WORKER_MB = 1536


# -- machine --------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    info: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_count": os.cpu_count(), "cpu_model": cpu, "memory_gb": mem, "platform": platform.platform(),
        "python": platform.python_version(), "load_average": os.getloadavg(),
    }
    for pkg in ("spacy", "duckdb", "pyarrow", "dask", "distributed"):
        try:
            from importlib.metadata import version

            info[pkg] = version(pkg)
        except Exception:
            info[pkg] = None
    return info


# -- corpus ---------------------------------------------------------------------------------------
def _make_corpus_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "bench" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


def corpus_path(n: int, seed: int, folder: Path) -> Path:
    """A JSONL corpus of ``n`` articles, generated once per (n, seed) and reused."""
    path = folder / f"corpus-{n}-seed{seed}.jsonl"
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            if sum(1 for _ in fh) == n:
                return path
    mc = _make_corpus_module()
    tmp = path.with_suffix(".tmp.jsonl")
    mc.write_corpus(mc.make_corpus(n, seed=seed), tmp)
    tmp.replace(path)
    return path


def clean_documents(path: Path, pipeline: Any) -> list[Any]:
    """The documents Tacitus parses, cleaned as it cleans them: what (a) parses too."""
    from tacitus.errors import InputError
    from tacitus.ingest.cleaning import clean
    from tacitus.ingest.readers import ReadOptions, read_paths

    docs, seen = [], set()
    for item in read_paths([str(path)], ReadOptions()):
        if isinstance(item, InputError):
            continue
        doc = clean(item)
        if doc.content_hash in seen:
            continue
        seen.add(doc.content_hash)
        pipeline.screen(doc)
        if doc.skipped is None:
            docs.append(doc)
    return docs


# -- measuring ------------------------------------------------------------------------------------
def maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory from getrusage. For RUSAGE_CHILDREN this is an upper bound only: a
    spawned child starts with its parent's high-water mark (Linux carries it across fork+exec)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def hwm_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory of one live process (Linux ``VmHWM``: exact, and per process)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _machine_busy() -> tuple[float, float]:
    """Seconds of CPU the whole machine spent busy, and stolen by the hypervisor, since boot."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq) / tick, steal / tick


def wait_for_quiet(threshold: float, max_wait: float, window: float = 2.0) -> float:
    """Wait (at most ``max_wait`` s) until other processes use less than ``threshold`` cores over a
    ``window``; returns the seconds waited. A shared machine's other jobs would slow the run."""
    started = time.perf_counter()
    while True:
        with CpuMeter() as meter:
            time.sleep(window)
        waited = time.perf_counter() - started
        if meter.others / meter.wall < threshold or waited >= max_wait:
            return waited


class CpuMeter:
    """CPU used during a run by this process and its descendants, and by everything else on the
    machine (other users' jobs make a shared machine's figures lower: this says by how much)."""

    def __enter__(self) -> CpuMeter:
        import psutil

        self._psutil = psutil
        self.t = time.perf_counter()
        self.busy, self.steal = _machine_busy()
        self.mine = self._own()
        return self

    def _own(self) -> dict[int | str, float]:
        times = os.times()
        own: dict[int | str, float] = {"self": time.process_time(), "reaped": times.children_user + times.children_system}
        for child in self._psutil.Process().children(recursive=True):
            try:
                ct = child.cpu_times()
                own[child.pid] = ct.user + ct.system
            except self._psutil.Error:
                pass
        return own

    def __exit__(self, *exc: Any) -> None:
        self.wall = time.perf_counter() - self.t
        busy, steal = _machine_busy()
        end = self._own()
        self.own = sum(v - self.mine.get(k, 0.0) for k, v in end.items())
        self.machine = busy - self.busy
        self.stolen = steal - self.steal
        self.others = max(0.0, self.machine - self.own)

    def describe(self) -> str:
        return (f"CPU: this run {self.own:.1f}s, other processes {self.others:.1f}s "
                f"({self.others / self.wall:.2f} cores on average), stolen by the hypervisor {self.stolen:.1f}s")


@dataclasses.dataclass
class Run:
    label: str
    seconds: float
    docs: int
    words: int
    events: int | None = None
    cpu_seconds: float | None = None
    startup_seconds: float | None = None  # worker start-up (spawn + model load) inside ``seconds``
    memory_mb: dict[str, float] = dataclasses.field(default_factory=dict)
    note: str = ""
    contention: str = ""  # CPU used by other processes meanwhile (CpuMeter.describe)
    others_cores: float = 0.0
    all_cpu_seconds: float | None = None  # this process and every process it started

    @property
    def rate(self) -> float:
        return self.docs / self.seconds

    @property
    def steady_rate(self) -> float:
        return self.docs / (self.seconds - (self.startup_seconds or 0.0))


class ChildSampler:
    """Peak resident memory of every child process, sampled every ``interval`` seconds."""

    def __init__(self, interval: float = 0.1) -> None:
        import psutil

        self._me = psutil.Process()
        self.interval = interval
        self.peaks: dict[int, tuple[float, str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ChildSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            for child in self._me.children(recursive=True):
                try:
                    # The kernel's own high-water mark when there is one (exact), else the RSS now.
                    rss = hwm_mb(child.pid) or child.memory_info().rss / 1024 / 1024
                    cmd = " ".join(child.cmdline())
                except psutil.Error:
                    continue
                if rss > self.peaks.get(child.pid, (0.0, ""))[0]:
                    self.peaks[child.pid] = (rss, cmd)
            self._stop.wait(self.interval)

    def workers(self) -> dict[int, float]:
        return {pid: rss for pid, (rss, cmd) in self.peaks.items() if "resource_tracker" not in cmd}


def parent_peak_mb() -> float:
    return hwm_mb() or maxrss_mb()


def bare_spacy(nlp: Any, texts: list[str], batch_size: int, words: int) -> Run:
    gc.collect()
    with CpuMeter() as meter:
        t, c = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
        run = Run("(a) bare spaCy", time.perf_counter() - t, len(texts), words, cpu_seconds=time.process_time() - c)
    run.contention, run.others_cores = meter.describe(), meter.others / meter.wall
    run.all_cpu_seconds = meter.own
    run.memory_mb["parent"] = parent_peak_mb()
    return run


def tacitus_ingest(corpus: Path, store: Path, settings: Any, batch_size: int, words: int, *, workers: int = 1,
                   cluster: Any = None, label: str = "(b) Tacitus end to end") -> tuple[Run, Any]:
    from tacitus.ingest.readers import ReadOptions, read_paths
    from tacitus.store import db
    from tacitus.store.ingest import ingest

    if store.exists():
        store.unlink()
    gc.collect()
    with CpuMeter() as meter:
        t, c = time.perf_counter(), time.process_time()
        con = db.connect(store)
        run_id = db.start_run(con, "ingest", [str(corpus)], {"bench": label})
        items = read_paths([str(corpus)], ReadOptions())
        if cluster is not None:
            from tacitus.scale import ingest_cluster

            summary = ingest_cluster(con, items, cluster=cluster, settings=settings, run_id=run_id,
                                     batch_size=batch_size)
        else:
            summary = ingest(con, items, settings=settings, run_id=run_id, batch_size=batch_size, workers=workers)
        db.finish_run(con, run_id, "finished", summary.counts())
        con.close()
        run = Run(label, time.perf_counter() - t, summary.stored, words, events=summary.events,
                  cpu_seconds=time.process_time() - c)
    run.contention, run.others_cores = meter.describe(), meter.others / meter.wall
    run.all_cpu_seconds = meter.own
    if summary.errors:
        run.note = f"{summary.errors} errors"
    return run, summary


def warm_worker(model: str) -> int:
    """Run on each Dask worker before timing: the model, knowledge and lexicon loaded (as the
    single-process runs have them)."""
    from tacitus.config import Settings
    from tacitus.pipeline import Pipeline

    settings = Settings()
    settings.model = model
    Pipeline(settings).code_text("Russia and Israel agreed on Monday to hold talks in Moscow.")
    return os.getpid()


# -- report ---------------------------------------------------------------------------------------
def fmt_run(run: Run, base: Run | None) -> str:
    rel = f"{run.rate / base.rate:5.2f}x" if base else "     "
    ev = f"{run.events / run.seconds:8.1f}" if run.events is not None else "       -"
    cpu = f"{run.cpu_seconds:7.1f}" if run.cpu_seconds is not None else "      -"
    tree = f"{run.all_cpu_seconds:7.1f}" if run.all_cpu_seconds is not None else "      -"
    return (f"{run.label:<26} {run.seconds:7.1f} {cpu} {tree} {run.rate:8.2f} {run.words / run.seconds:8.0f} {ev} {rel}"
            f"  {run.note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="articles in the corpus (at least 2,000 for the figures)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel runs")
    parser.add_argument("--batch-size", type=int, default=None, help="default: Tacitus's (Settings.batch_size)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "tacitus-bench")
    parser.add_argument("--no-workers", action="store_true", help="skip the --workers N run")
    parser.add_argument("--no-cluster", action="store_true", help="skip the local Dask cluster run")
    parser.add_argument("--tracemalloc-docs", type=int, default=150,
                        help="articles for the (untimed) Python-heap peak of the parent (0: skip)")
    parser.add_argument("--quiet", type=float, default=0.3, metavar="CORES",
                        help="before each run, wait until other processes use fewer cores than this (0: never wait)")
    parser.add_argument("--max-wait", type=float, default=90, help="seconds to wait for --quiet at most, per run")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the stores in --corpus-dir")
    args = parser.parse_args()

    from tacitus.config import Settings
    from tacitus.nlp.model import load_model
    from tacitus.pipeline import Pipeline

    info = machine()
    settings = Settings()
    batch_size = args.batch_size or settings.batch_size
    args.corpus_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="stores-", dir=args.corpus_dir))
    print(f"machine: {info['nproc']} CPUs ({info['cpu_model']}), {info['memory_gb']} GB RAM, {info['platform']}, "
          f"Python {info['python']}, spaCy {info['spacy']}, DuckDB {info['duckdb']}, dask {info['dask']}; "
          f"load average at start {', '.join(f'{x:.2f}' for x in info['load_average'])}")
    t = time.perf_counter()
    corpus = corpus_path(args.docs, args.seed, args.corpus_dir)
    print(f"corpus: {corpus} ({args.docs} articles, {time.perf_counter() - t:.1f}s to make or find)")

    # Warm: the model, the knowledge, the lexicon, the cleaner's and coder's first calls.
    t = time.perf_counter()
    nlp = load_model(settings.model)
    pipeline = Pipeline(settings)
    docs = clean_documents(corpus, pipeline)
    texts = [d.text for d in docs]
    words = sum(len(x.split()) for x in texts)
    list(pipeline.process(docs[:batch_size], clean=False))
    for _ in nlp.pipe(texts[:batch_size], batch_size=batch_size):
        pass
    del pipeline
    print(f"model {settings.model} ({', '.join(nlp.pipe_names)}), batch size {batch_size}; "
          f"{len(texts)} articles, {words:,} words of clean text; warm-up {time.perf_counter() - t:.1f}s\n")

    def quiet() -> None:
        if args.quiet > 0:
            waited = wait_for_quiet(args.quiet, args.max_wait)
            if waited > 2.5:
                print(f"  (waited {waited:.0f}s for other processes to quieten)", flush=True)

    runs: list[Run] = []
    quiet()
    a1 = bare_spacy(nlp, texts, batch_size, words)
    print(f"  (a) bare spaCy: {a1.rate:.2f} articles/s", flush=True)
    quiet()
    b, _ = tacitus_ingest(corpus, work / "single.duckdb", settings, batch_size, words)
    b.memory_mb["parent"] = parent_peak_mb()
    print(f"  (b) Tacitus: {b.rate:.2f} articles/s", flush=True)
    quiet()
    a2 = bare_spacy(nlp, texts, batch_size, words)
    a2.label = "(a) bare spaCy, again"
    print(f"  (a) bare spaCy again: {a2.rate:.2f} articles/s", flush=True)
    runs += [a1, b, a2]
    a_rate = (a1.rate + a2.rate) / 2
    ratio = b.rate / a_rate
    cpu_ratio = (a1.cpu_seconds + a2.cpu_seconds) / 2 / b.cpu_seconds

    heap_peak = None
    if args.tracemalloc_docs:
        small = args.corpus_dir / f"corpus-{args.tracemalloc_docs}-head.jsonl"
        with corpus.open(encoding="utf-8") as src, small.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= args.tracemalloc_docs:
                    break
                dst.write(line)
        tracemalloc.start()
        tacitus_ingest(small, work / "traced.duckdb", settings, batch_size, 0)
        heap_peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()

    par = None
    if not args.no_workers and args.workers > 1:
        # The pool's start-up alone (spawn, import, model load in each worker): an ingest of nothing.
        empty = work / "empty.jsonl"
        empty.touch()
        quiet()
        startup, _ = tacitus_ingest(empty, work / "empty.duckdb", settings, batch_size, 0, workers=args.workers)
        quiet()
        with ChildSampler() as sampler:
            par, _ = tacitus_ingest(corpus, work / "workers.duckdb", settings, batch_size, words, workers=args.workers,
                                    label=f"--workers {args.workers}")
        par.startup_seconds = startup.seconds
        par.note = f"incl. {startup.seconds:.1f}s pool start-up; {par.steady_rate / b.rate:.2f}x without it"
        par.memory_mb = {f"worker pid {pid}": mb for pid, mb in sorted(sampler.workers().items())}
        par.memory_mb["parent"] = parent_peak_mb()
        print(f"  --workers {args.workers}: {par.rate:.2f} articles/s", flush=True)
        runs.append(par)

    dask_run = None
    if not args.no_cluster and args.workers > 1:
        from distributed import Client

        from tacitus.scale.cluster import start_local_cluster
        from tacitus.scale.worker import peak_rss_bytes

        t = time.perf_counter()
        cluster = start_local_cluster(args.workers)  # as `--cluster local:N` starts it
        with Client(cluster) as client:
            client.run(warm_worker, settings.model)
            started = time.perf_counter() - t
            quiet()
            dask_run, _ = tacitus_ingest(corpus, work / "dask.duckdb", settings, batch_size, words, cluster=client,
                                         label=f"Dask local:{args.workers}")
            dask_run.note = f"cluster start + model load before timing: {started:.1f}s"
            dask_run.memory_mb = {f"worker {addr.rsplit(':', 1)[-1]}": rss / 1024 / 1024
                                  for addr, rss in sorted(client.run(peak_rss_bytes).items())}
            dask_run.memory_mb["driver (parent)"] = parent_peak_mb()
        cluster.close()
        print(f"  Dask local:{args.workers}: {dask_run.rate:.2f} articles/s", flush=True)
        runs.append(dask_run)

    info["load_average_end"] = os.getloadavg()
    print(f"\n{'run':<26} {'wall s':>7} {'cpu s':>7} {'all cpu':>7} {'art/s':>8} {'words/s':>8} {'events/s':>8} "
          f"{'vs (b)':>6}")
    print(f"{'':<26} {'':>7} {'(this)':>7} {'(tree)':>7}")
    for run in runs:
        print(fmt_run(run, b if run not in (a1, a2) else None))
    print("\nother load on the machine during each run (a shared machine slows the runs it overlaps):")
    for run in runs:
        print(f"  {run.label}: {run.contention}")
    print(f"\nratio (b)/(a), wall: {ratio:.3f}  (target >= {TARGET_RATIO}: {'met' if ratio >= TARGET_RATIO else 'NOT met'}; "
          f"(a) = mean of {a1.rate:.2f} and {a2.rate:.2f} articles/s)")
    print(f"ratio (b)/(a), CPU time: {cpu_ratio:.3f}  (Tacitus's own work is {1 / cpu_ratio - 1:.0%} of the parser's CPU time;"
          f" the target allows {1 / TARGET_RATIO - 1:.0%})")
    for run in (par, dask_run):
        if run is None:
            continue
        speed = run.rate / b.rate
        steady = run.steady_rate / b.rate
        verdict = "met" if max(speed, steady) >= TARGET_SPEEDUP else "NOT met"
        extra = f", {steady:.2f}x without start-up" if run.startup_seconds else ""
        print(f"{run.label}: {speed:.2f}x single process{extra} (target >= {TARGET_SPEEDUP}x: {verdict})")
    print("\npeak memory (resident set, MB):")
    print(f"  parent after (a): {a1.memory_mb['parent']:.0f}; after (b): {b.memory_mb['parent']:.0f}"
          + (f"; Python heap peak during (b) on {args.tracemalloc_docs} articles (tracemalloc, untimed): {heap_peak:.0f}"
             if heap_peak is not None else ""))
    worst = 0.0
    for run in (par, dask_run):
        if run is None:
            continue
        shown = ", ".join(f"{k} {v:.0f}" for k, v in run.memory_mb.items())
        print(f"  {run.label}: {shown}")
        worst = max([worst] + [v for k, v in run.memory_mb.items() if k.startswith("worker")])
    if worst:
        print(f"  largest worker: {worst:.0f} MB (target <= {TARGET_WORKER_MB} MB: "
              f"{'met' if worst <= TARGET_WORKER_MB else 'NOT met'})")
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in info['load_average_end'])}")
    print(f"command: python bench/throughput.py --docs {args.docs} --workers {args.workers}"
          + (f" --batch-size {args.batch_size}" if args.batch_size else "")
          + (" --no-workers" if args.no_workers else "") + (" --no-cluster" if args.no_cluster else ""))

    if args.json:
        out = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": info,
            "corpus": {"path": str(corpus), "articles": len(texts), "words": words}, "batch_size": batch_size,
            "model": settings.model, "ratio": ratio, "cpu_ratio": cpu_ratio, "heap_peak_mb": heap_peak,
            "runs": [dataclasses.asdict(r) | {"rate": r.rate} for r in runs],
        }
        args.json.write_text(json.dumps(out, indent=1, default=str))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
