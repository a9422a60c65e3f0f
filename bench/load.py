"""Load: drive a real ``tacitus serve`` on loopback with many clients, reads and writes mixed.

    python bench/load.py                                  # 32 clients for 30 s, 1 request in 10 a write
    python bench/load.py --clients 8 --duration 10 --write-share 0.25 --json load.json

It builds a store (synthetic coded documents, so that every question has answers), starts
``tacitus serve`` on it as a subprocess on a free loopback port with a fresh token, waits until it
answers, then runs ``--clients`` concurrent clients for ``--duration`` seconds (and at most
``--max-requests`` requests). Each client loops: mostly questions (status, events with filters, one
event, a dyad timeline, actors, the network, documents, one document, dashboard pages), sometimes
``POST /api/v1/articles`` with a new article (coded by the server's spaCy pipeline, then stored).

It prints requests/s, p50/p95/p99 latency (all, reads, writes) and the errors, then checks the
store: the number of articles the server stored must equal the number of successful writes, and
every article a write said it stored must be there. The server is stopped at the end, whatever
happened. Exit status 1 if any request failed or any written article is missing.

Bounded on purpose: loopback only, a fixed number of clients, a time limit, a request cap, a
timeout per request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# Run as a script, bench/ comes first on sys.path, where bench/profile.py would shadow the standard
# library's profile module: drop the folder, and put the working tree's code first.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPO / "src"))

HOST = "127.0.0.1"
COUNTRIES = [("ISR", "Israel"), ("RUS", "Russia"), ("FRA", "France"), ("DEU", "Germany"), ("JPN", "Japan"),
             ("VNM", "Vietnam"), ("EGY", "Egypt"), ("TUR", "Turkey"), ("KEN", "Kenya"), ("BRA", "Brazil")]
TYPES = ["CONSULT", "AGREE", "SUPPORT", "AID", "ACCUSE", "THREATEN", "REJECT", "SANCTION", "ASSAULT", "REQUEST"]


# -- the store and the server ------------------------------------------------------------------------
def seed_store(path: Path, documents: int, seed: int) -> int:
    """A store of synthetic coded documents (no model needed); returns how many it holds."""
    from tacitus.store import Store
    from tacitus.store.synthetic import coded_document, sample_documents

    rng = random.Random(seed)
    docs = sample_documents()
    for i in range(documents - len(docs)):
        events = []
        for _ in range(rng.randint(1, 4)):
            (a, _), (b, _) = rng.sample(COUNTRIES, 2)
            events.append({"source": a + rng.choice(["", "GOV", "MIL"]), "target": b, "plover": rng.choice(TYPES),
                           "date": f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"})
        docs.append(coded_document(f"seed-{i:05d}", events, date=events[0]["date"],
                                   outlet=rng.choice(["Wire A", "Wire B", "Daily C"]),
                                   url=f"https://demo.tacitus.invalid/seed/{i}"))
    with Store.open(path) as store:
        store.add(docs)
        return int(store.con.execute("SELECT count(*) FROM documents").fetchone()[0])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """``tacitus serve`` in a subprocess on loopback; stopped on exit, whatever happened."""

    def __init__(self, db_path: Path, token: str, log: Path, max_body: int) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        env = {**os.environ, "TACITUS_TOKEN": token,  # the environment, not argv: others can read argv
               "PYTHONPATH": os.pathsep.join([str(REPO / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tacitus.cli", "serve", "--db", str(db_path), "--host", HOST, "--port",
             str(self.port), "--log-level", "warning", "--max-body", str(max_body)],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with status {self.proc.returncode}; see {self.log.name}")
            try:
                if httpx.get(self.url + "/api/v1/status", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within {timeout:.0f}s; see {self.log.name}")

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.log.close()
        return self.proc.returncode

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- the clients ------------------------------------------------------------------------------------
@dataclass
class Sample:
    kind: str  # "read" or "write"
    name: str  # which request
    seconds: float
    status: int | None  # None: no answer (timeout, connection error)
    error: str | None = None


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # ids the server said it stored
    started: float = 0.0
    ended: float = 0.0
    sent: int = 0


def article(client: int, n: int, rng: random.Random) -> dict[str, Any]:
    (a, an), (b, bn) = rng.sample(COUNTRIES, 2)
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    text = (f"{an}'s foreign minister met {bn}'s foreign minister in the capital on Monday for talks on trade "
            f"and security, the {client}-{n} round of talks, officials said.\n\n"
            f"{an} accused {bn} of violating the agreement, and {bn} rejected the accusation, according to "
            f"the ministry. The two countries agreed to meet again next month.")
    return {"id": f"load-{client:03d}-{n:06d}", "text": text, "title": f"{an} and {bn} hold talks ({client}-{n})",
            "date": day, "source": "Load Wire", "url": f"https://demo.tacitus.invalid/load/{client}/{n}"}


def read_request(rng: random.Random, event_ids: list[str], doc_ids: list[str]) -> tuple[str, str]:
    a, b = (c for c, _ in rng.sample(COUNTRIES, 2))
    choices = [
        ("status", "/api/v1/status"),
        ("events", f"/api/v1/events?actor={a}&limit=50"),
        ("events filtered", f"/api/v1/events?source={a}&type={rng.choice(TYPES)}&since=2016-01-01&limit=20"),
        ("event", f"/api/v1/events/{rng.choice(event_ids)}"),
        ("timeline", f"/api/v1/dyads/{a}/{b}/timeline?by=year&both_directions=true"),
        ("actors", "/api/v1/actors?top=20"),
        ("network", "/api/v1/network?limit=50"),
        ("documents", f"/api/v1/documents?limit=20&offset={rng.randint(0, 100)}"),
        ("document", f"/api/v1/documents/{rng.choice(doc_ids)}"),
        ("page /", "/"),
        ("page /events", f"/events?actor={a}"),
    ]
    return rng.choice(choices)


async def client_loop(i: int, http: Any, args: argparse.Namespace, run: Run, deadline: float,
                      event_ids: list[str], doc_ids: list[str], token: str) -> None:
    rng = random.Random(args.seed * 1000 + i)
    n = 0
    while time.monotonic() < deadline and run.sent < args.max_requests:
        run.sent += 1
        write = rng.random() < args.write_share
        if write:
            n += 1
            body = article(i, n, rng)
            name, kind = "POST /articles", "write"
        else:
            name, path = read_request(rng, event_ids, doc_ids)
            kind = "read"
        t0 = time.perf_counter()
        try:
            if write:
                r = await http.post("/api/v1/articles", json=body, headers={"Authorization": f"Bearer {token}"})
            else:
                r = await http.get(path)
            seconds = time.perf_counter() - t0
            error = None if r.status_code == 200 else f"{r.status_code}: {r.text[:200]}"
            if write and r.status_code == 200:
                answer = r.json()
                if answer.get("stored") == 1:
                    run.written.append(answer["documents"][0]["doc_id"])
                else:
                    error = f"write not stored: {json.dumps(answer)[:200]}"
            run.samples.append(Sample(kind, name, seconds, r.status_code, error))
        except Exception as exc:  # a timeout or a dropped connection is an error of this request
            run.samples.append(Sample(kind, name, time.perf_counter() - t0, None, f"{type(exc).__name__}: {exc}"))


async def drive(url: str, token: str, args: argparse.Namespace) -> Run:
    import httpx

    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    async with httpx.AsyncClient(base_url=url, timeout=args.timeout, limits=limits) as http:
        events = (await http.get("/api/v1/events?limit=500")).json()["events"]
        docs = (await http.get("/api/v1/documents?limit=500")).json()["documents"]
        event_ids, doc_ids = [e["event_id"] for e in events], [d["doc_id"] for d in docs]
        # Warm-up (not timed): the first write loads the spaCy model in the server.
        warm = await http.post("/api/v1/articles", json=article(999, 0, random.Random(0)),
                               headers={"Authorization": f"Bearer {token}"})
        warm.raise_for_status()
        run = Run(written=[warm.json()["documents"][0]["doc_id"]])
        run.started = time.monotonic()
        deadline = run.started + args.duration
        await asyncio.gather(*(client_loop(i, http, args, run, deadline, event_ids, doc_ids, token)
                               for i in range(args.clients)))
        run.ended = time.monotonic()
    return run


# -- figures ---------------------------------------------------------------------------------------
def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    qs = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
    return {"p50": qs[49] * 1000, "p95": qs[94] * 1000, "p99": qs[98] * 1000, "max": max(values) * 1000}


def report(run: Run, args: argparse.Namespace, check: dict[str, Any]) -> dict[str, Any]:
    seconds = run.ended - run.started
    out: dict[str, Any] = {"clients": args.clients, "duration_s": round(seconds, 2),
                           "write_share": args.write_share, "requests": len(run.samples)}
    out["requests_per_s"] = round(len(run.samples) / seconds, 1) if seconds else 0.0
    for label, kind in (("all", None), ("reads", "read"), ("writes", "write")):
        picked = [s.seconds for s in run.samples if kind is None or s.kind == kind]
        out[label] = {"n": len(picked), **{k: round(v, 1) for k, v in percentiles(picked).items()}}
    errors = [s for s in run.samples if s.error]
    out["errors"] = len(errors)
    out["error_kinds"] = dict(sorted({e.error.split(":")[0]: 0 for e in errors}.items()))
    for e in errors:
        out["error_kinds"][e.error.split(":")[0]] += 1
    out["by_request"] = {}
    for name in sorted({s.name for s in run.samples}):
        picked = [s.seconds for s in run.samples if s.name == name]
        out["by_request"][name] = {"n": len(picked), "p50": round(percentiles(picked)["p50"], 1),
                                   "p95": round(percentiles(picked)["p95"], 1)}
    out.update(check)
    print(f"\n{args.clients} clients for {seconds:.1f}s against tacitus serve on loopback "
          f"({args.write_share:.0%} writes): {out['requests']:,} requests, {out['requests_per_s']:,} requests/s, "
          f"{out['errors']} errors")
    print(f"{'':10} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for label in ("all", "reads", "writes"):
        s = out[label]
        print(f"{label:10} {s['n']:>7,} {s['p50']:>8.1f} {s['p95']:>8.1f} {s['p99']:>8.1f} {s['max']:>8.1f}")
    for name, s in out["by_request"].items():
        print(f"  {name:20} {s['n']:>7,} p50 {s['p50']:>7.1f} ms  p95 {s['p95']:>7.1f} ms")
    if errors:
        print("errors: " + ", ".join(f"{k} x{v}" for k, v in out["error_kinds"].items()))
        for e in errors[:5]:
            print(f"  {e.name}: {e.error}")
    print(f"writes: {check['successful_writes']:,} successful (warm-up included); the store holds "
          f"{check['stored_articles']:,} written articles; missing: {check['missing_articles']}; "
          f"documents before {check['documents_before']:,}, after {check['documents_after']:,}")
    return out


def check_store(db_path: Path, written: list[str], before: int) -> dict[str, Any]:
    """After the server stopped: every article a write reported stored is in the store, no more."""
    from tacitus.store import db

    with db.connect(db_path, read_only=True) as con:
        after = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        stored = {r[0] for r in con.execute("SELECT doc_id FROM documents WHERE origin = 'api'").fetchall()}
    missing = sorted(set(written) - stored)
    return {"successful_writes": len(written), "stored_articles": len(stored), "missing_articles": len(missing),
            "documents_before": before, "documents_after": int(after),
            "store_ok": not missing and len(stored) == len(set(written)) == len(written) and after == before + len(stored)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (bounded: at most 256)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (at most 600)")
    parser.add_argument("--write-share", type=float, default=0.1, help="share of requests that are writes")
    parser.add_argument("--max-requests", type=int, default=500_000, help="stop after this many requests")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one request may take")
    parser.add_argument("--seed-documents", type=int, default=400, help="documents in the store at the start")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="keep the store and server log in this folder")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 256 and 0 < args.duration <= 600 and 0 <= args.write_share <= 1):
        parser.error("--clients 1-256, --duration up to 600 s, --write-share 0-1")

    with tempfile.TemporaryDirectory(prefix="tacitus-load-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db_path = folder / "load.duckdb"
        db_path.unlink(missing_ok=True)
        before = seed_store(db_path, args.seed_documents, args.seed)
        token = secrets.token_urlsafe(32)
        with Server(db_path, token, folder / "server.log", max_body=1_048_576) as server:
            server.wait_ready()
            print(f"tacitus serve on {server.url} (pid {server.proc.pid}), store {db_path} with {before} documents; "
                  f"{args.clients} clients for {args.duration:g}s")
            run = asyncio.run(drive(server.url, token, args))
            status = server.stop()
        check = check_store(db_path, run.written, before)
        check["server_exit"] = status
        figures = report(run, args, check)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    ok = figures["errors"] == 0 and check["store_ok"]
    print("OK: no request failed and no written article was lost" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
