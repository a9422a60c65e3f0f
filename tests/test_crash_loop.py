"""Crash safety: ``tacitus ingest`` killed with SIGKILL at random points, again and again.

A fixed seed draws the kill delays. Each run ingests the same small corpus into a fresh store
and is killed (``kill -9``: no handler, no cleanup) after its delay: during start-up, while the
schema is created, in the middle of the batches, or while story events are merged (a run that
finishes before its kill does not count; another is drawn until 20 were killed, at most 10 more).
After each kill the store must open, and a rerun of the same command must reach
exactly what an uninterrupted run stored (``tacitus.store.db.content_snapshot``: every content
table, the errors recorded, the people learned, the story events), with the killed run marked
``died``.

Half the delays count from the start of the process (so start-up and schema creation are hit),
half from its first committed batch (so the kills land among the batches and the story merge).
Two kill-and-rerun pairs run side by side, each on its own store, to keep the loop within a few
minutes on two cores. The figures (where each kill landed) are printed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tacitus.store import db

REPO = Path(__file__).resolve().parents[1]
RUNS = 20
SEED = 20_260_808
BATCH = "2"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"),
]


def _tacitus(*args: str) -> list[str]:
    return [sys.executable, "-m", "tacitus.cli", *args]


ENV = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.pathsep.join(
    [str(REPO / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """14 generated articles, plus what makes error and skip rows: an empty file, a binary one,
    an article in Russian, and a JSONL corpus with a good line and a broken one."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "bench" / "make_corpus.py")
    mc = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", mc)  # its dataclasses look their module up
    spec.loader.exec_module(mc)
    folder = mc.write_corpus(mc.make_corpus(14, seed=5), tmp_path_factory.mktemp("crash") / "corpus")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "russian.txt").write_text("Министр иностранных дел провёл переговоры в Москве в понедельник.",
                                        encoding="utf-8")
    (folder / "wire.jsonl").write_text(
        '{"id": "w1", "text": "Kenya and Tanzania agreed on Friday to reopen the border crossing at Namanga.", '
        '"date": "2024-05-10"}\n{"id": "w2", "text": broken\n', encoding="utf-8")
    return folder


def ingest_args(folder: Path, db_path: Path, *extra: str) -> list[str]:
    return _tacitus("ingest", str(folder), "--db", str(db_path), "--batch-size", BATCH, "--no-progress", *extra)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """An uninterrupted run: its snapshot, exit code and timings (start -> first batch -> end)."""
    path = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    started = time.monotonic()
    proc = subprocess.Popen(ingest_args(corpus, path, "--verbose"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=ENV)
    first_batch, batches = None, 0
    for line in proc.stdout:
        batches += line.startswith("batch ")
        if first_batch is None and line.startswith("batch 1:"):
            first_batch = time.monotonic() - started
    proc.wait(timeout=300)
    total = time.monotonic() - started
    stderr = proc.stderr.read()
    assert proc.returncode == 1, stderr  # the empty, binary and broken inputs are errors
    assert first_batch is not None
    with db.connect(path, read_only=True) as con:
        snapshot = db.content_snapshot(con)
        assert len(snapshot["documents"]) == 16 and len(snapshot["errors"]) == 3 and snapshot["stories"]
    return {"snapshot": snapshot, "returncode": proc.returncode, "first_batch": first_batch, "total": total,
            "batches": batches}


@dataclass
class Outcome:
    run: int
    anchor: str  # "start" or "batch 1"
    delay: float
    batches_seen: int  # batches the killed run had committed (its -v lines) when it was killed
    killed: bool  # False when the run had already finished
    stored_before_rerun: int | None  # None: the kill came before the store file existed
    problems: list[str]


def kill_and_rerun(i: int, anchor: str, delay: float, corpus: Path, folder: Path, reference) -> Outcome:
    path = folder / f"crash-{i:02d}.duckdb"
    problems: list[str] = []
    proc = subprocess.Popen(ingest_args(corpus, path, "--verbose"), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=ENV)
    batches: list[str] = []
    first = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            if line.startswith("batch "):
                batches.append(line)
                first.set()
        first.set()  # the run ended without a batch line

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if anchor == "batch 1":
        first.wait(timeout=120)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    reader.join(timeout=10)
    killed = proc.returncode == -signal.SIGKILL  # else it ended on its own just before the signal
    if not killed and proc.returncode != reference["returncode"]:
        problems.append(f"the run ended with exit status {proc.returncode}")

    stored = None
    if path.exists():  # the store must open after any kill
        try:
            with db.connect(path, read_only=True) as con:
                stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        except Exception as exc:
            problems.append(f"the store does not open after the kill: {exc}")

    again = subprocess.run(ingest_args(corpus, path), capture_output=True, text=True, env=ENV, timeout=300)
    if again.returncode != reference["returncode"] or "Traceback" in again.stderr:
        problems.append(f"rerun exit status {again.returncode}: {again.stderr[-1500:]}")
    with db.connect(path, read_only=True) as con:
        if db.content_snapshot(con) != reference["snapshot"]:
            snap = db.content_snapshot(con)
            diff = [t for t in snap if snap[t] != reference["snapshot"][t]]
            problems.append(f"the rerun's store differs from the uninterrupted run's in {diff}")
        statuses = [r[0] for r in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
    if statuses[-1:] != ["finished"] or any(s not in ("died", "finished") for s in statuses):
        problems.append(f"run statuses {statuses}")
    # A run killed after its last batch may have recorded itself finished (it was only exiting).
    if killed and len(statuses) == 2 and statuses[0] != "died" and len(batches) < reference["batches"]:
        problems.append(f"the killed run is marked {statuses[0]!r}, not 'died'")
    return Outcome(i, anchor, delay, len(batches), killed, stored, problems)


def test_sigkill_at_random_points_then_rerun_reaches_the_uninterrupted_result(corpus, reference, tmp_path):
    rng = random.Random(SEED)
    ingest_time = max(reference["total"] - reference["first_batch"], 0.5)

    def draw(i: int) -> tuple[int, str, float]:
        # Runs side by side are slower than the reference run was alone, so these delays land
        # before the end; a run that still finishes first does not count, and another is drawn.
        if i % 2 == 0:  # from the start: start-up, schema creation, the batches
            return i, "start", round(rng.uniform(0.0, reference["total"] * 0.9), 3)
        return i, "batch 1", round(rng.uniform(0.0, ingest_time * 0.9), 3)  # the batches, the story merge

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda p: kill_and_rerun(*p, corpus, tmp_path, reference),
                                 [draw(i) for i in range(RUNS)]))
        extra = RUNS
        while sum(o.killed for o in outcomes) < RUNS and extra < RUNS + 10:  # bounded top-up
            outcomes.append(kill_and_rerun(*draw(extra), corpus, tmp_path, reference))
            extra += 1
    seconds = time.monotonic() - started

    failures = [f"run {o.run} ({o.anchor} + {o.delay}s, {o.batches_seen} batches): {p}"
                for o in outcomes for p in o.problems]
    killed = [o for o in outcomes if o.killed]
    landed = Counter(
        "before the store existed" if o.stored_before_rerun is None
        else "before the first batch" if o.batches_seen == 0
        else "among the batches or the story merge"
        for o in killed
    )
    print(f"\n{len(killed)} runs killed with SIGKILL (seed {SEED}; {len(outcomes)} started, "
          f"{len(outcomes) - len(killed)} finished first) and {len(outcomes)} reruns in {seconds:.0f}s; kills landed: "
          + ", ".join(f"{n} {where}" for where, n in sorted(landed.items()))
          + f"; batches committed when killed: {sorted(o.batches_seen for o in killed)} of {reference['batches']}; "
          + "stores equal to the uninterrupted run after the rerun: "
          + f"{len(outcomes) - len({f.split(':')[0] for f in failures})}/{len(outcomes)}")
    assert not failures, "\n".join(failures)
    assert len(killed) >= RUNS, "fewer than 20 runs were really killed"
    assert any(o.batches_seen > 0 for o in killed), "no kill landed among the batches"
