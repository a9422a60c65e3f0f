"""What keeping the story events up to date costs: a full recomputation against the incremental
merge of a few new events (what ``POST /api/v1/articles`` and a small ``tacitus ingest`` do).

    python bench/stories.py                     # 1,000,000 events, 10 new events, 5 repeats
    python bench/stories.py --events 200000 --new 50 --repeats 3

Builds a store in a temporary folder with ``--events`` synthetic events (40 actor codes, 8 types,
2 statuses, five years of days, a third of them mutual; generated in SQL, no model), merges its
stories once, then ``--repeats`` times adds ``--new`` events (recent days, like fresh news) and
times :func:`tacitus.analysis.dedup.update_stories` (incremental) and
:func:`tacitus.analysis.dedup.recompute_stories` (full), checking that both leave the same stories.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tacitus.analysis.dedup import recompute_stories, update_stories
from tacitus.store import db

CODES = [f"'{c}'" for c in ("ISR", "RUS", "USA", "UKR", "CHN", "FRA", "DEU", "IRN", "SYR", "TUR")]
SECTORS = ["", "GOV", "MIL", "OPP"]


def fill(con, n_events: int, first: int = 0, days_from: int = 0, days: int = 1825) -> None:
    """``n_events`` events (ids from ``first``), five per document, on ``days`` days from 2020-01-01
    + ``days_from``: pseudo-random but reproducible (hashes of the row number)."""
    codes = "[" + ", ".join(f"{c} || '{s}'" for c in CODES for s in SECTORS) + "]"
    con.execute(f"""
        INSERT INTO documents (doc_id, content_hash, outlet, date)
        SELECT 'd' || i, 'h' || i, 'outlet' || (hash(i, 'o') % 30), DATE '2020-01-01' + {days_from}
        FROM range({first // 5}, {(first + n_events + 4) // 5}) t(i)""")
    con.execute(f"""
        INSERT INTO events (event_id, doc_id, event_index, source_code, target_code, plover, status, event_day,
                            cameo, quad_class, goldstein, mutual)
        SELECT 'e' || i, 'd' || (i // 5), i % 5,
               list_extract({codes}, 1 + (hash(i, 's') % 40)::INTEGER),
               list_extract({codes}, 1 + (hash(i, 't') % 40)::INTEGER),
               list_extract(['CONSULT', 'ACCUSE', 'AID', 'ASSAULT', 'THREATEN', 'AGREE', 'REJECT', 'SUPPORT'],
                            1 + (hash(i, 'p') % 8)::INTEGER),
               CASE WHEN hash(i, 'm') % 10 = 0 THEN 'negated' ELSE 'asserted' END,
               DATE '2020-01-01' + {days_from} + (hash(i, 'd') % {days})::INTEGER,
               '040', 1 + (hash(i, 'q') % 4)::INTEGER, (hash(i, 'g') % 200)::DOUBLE / 10 - 10,
               hash(i, 'm') % 3 = 0
        FROM range({first}, {first + n_events}) t(i)""")


def stories_snapshot(con) -> tuple[list, list]:
    return (con.execute("SELECT * FROM stories ORDER BY ALL").fetchall(),
            con.execute("SELECT * FROM story_events ORDER BY ALL").fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=10, help="events added before each update")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--window", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        con = db.connect(Path(tmp) / "bench.duckdb")
        started = time.perf_counter()
        fill(con, args.events)
        print(f"store: {args.events:,} events generated in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        n = recompute_stories(con, args.window)
        print(f"first load (full): {n:,} stories in {time.perf_counter() - started:.2f} s")
        incremental, full, touched = [], [], []
        first = args.events
        for _ in range(args.repeats):
            # Fresh news: the last days of the store's span.
            fill(con, args.new, first=first, days_from=1820, days=5)
            first += args.new
            started = time.perf_counter()
            update = update_stories(con, args.window)
            incremental.append(time.perf_counter() - started)
            assert not update.full
            touched.append((len(update.removed), len(update.added), update.merged_events))
            after = stories_snapshot(con)
            started = time.perf_counter()
            recompute_stories(con, args.window)
            full.append(time.perf_counter() - started)
            assert stories_snapshot(con) == after, "the incremental merge and the full one differ"
        con.close()
    print(f"{args.new} new events, {args.repeats} repeats, window {args.window} days; same stories both ways")
    print(f"incremental (update_stories): median {statistics.median(incremental) * 1000:,.0f} ms "
          f"(min {min(incremental) * 1000:,.0f}, max {max(incremental) * 1000:,.0f})")
    print(f"full (recompute_stories):     median {statistics.median(full) * 1000:,.0f} ms "
          f"(min {min(full) * 1000:,.0f}, max {max(full) * 1000:,.0f})")
    print("stories removed / written / events re-merged per update: "
          + ", ".join(f"{r}/{a}/{m}" for r, a, m in touched))


if __name__ == "__main__":
    main()
