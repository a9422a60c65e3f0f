"""Story events: the same event reported by several articles, merged deterministically."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tacitus.analysis.dedup import (
    StoryUpdate,
    merge_new_events,
    merge_stories,
    recompute_stories,
    story_id,
    update_stories,
)
from tacitus.store import Store, db
from tacitus.store.synthetic import coded_document


def frame(rows: list[tuple]) -> pd.DataFrame:
    """(event_id, doc_id, source, target, plover, status, day, source_key) rows."""
    df = pd.DataFrame(rows, columns=["event_id", "doc_id", "source_code", "target_code", "plover", "status",
                                     "event_day", "source_key"])
    df["event_day"] = pd.to_datetime(df["event_day"])
    df["cameo"], df["quad_class"], df["goldstein"] = "040", 1, 1.0
    return df


def groups(links: pd.DataFrame) -> list[set[str]]:
    return sorted((set(g["event_id"]) for _, g in links.groupby("story_id")), key=min)


def test_window_edges_are_inclusive_and_anchored_on_the_first_day():
    rows = [
        ("e1", "d1", "ISR", "RUS", "CONSULT", "asserted", "2022-01-01", "a"),
        ("e2", "d2", "ISR", "RUS", "CONSULT", "asserted", "2022-01-03", "b"),  # 2 days: same story
        ("e3", "d3", "ISR", "RUS", "CONSULT", "asserted", "2022-01-04", "c"),  # 3 days after e1: new story
        ("e4", "d4", "ISR", "RUS", "CONSULT", "asserted", "2022-01-06", "c"),  # 2 after e3: with e3
        ("e5", "d5", "ISR", "RUS", "CONSULT", "asserted", "2022-01-07", "c"),  # 3 after e3 (chain would join)
    ]
    _, links = merge_stories(frame(rows), window_days=2)
    assert groups(links) == [{"e1", "e2"}, {"e3", "e4"}, {"e5"}]
    _, links = merge_stories(frame(rows), window_days=0)
    assert len(groups(links)) == 5
    _, links = merge_stories(frame(rows), window_days=6)
    assert groups(links) == [{"e1", "e2", "e3", "e4", "e5"}]
    with pytest.raises(ValueError):
        merge_stories(frame(rows), window_days=-1)


def test_source_target_type_and_status_must_all_match():
    day = "2022-01-01"
    rows = [
        ("e1", "d1", "ISR", "RUS", "CONSULT", "asserted", day, "a"),
        ("e2", "d2", "RUS", "ISR", "CONSULT", "asserted", day, "a"),  # reversed dyad
        ("e3", "d3", "ISR", "RUSGOV", "CONSULT", "asserted", day, "a"),  # another target code
        ("e4", "d4", "ISR", "RUS", "AGREE", "asserted", day, "a"),  # another type
        ("e5", "d5", "ISR", "RUS", "CONSULT", "negated", day, "a"),  # another status
        ("e6", "d6", "ISR", None, "CONSULT", "asserted", day, "a"),  # no target
        ("e7", "d7", "ISR", None, "CONSULT", "asserted", day, "b"),  # no target either: together
        ("e8", "d8", "ISR", "RUS", "CONSULT", "asserted", None, "a"),  # undated: alone
        ("e9", "d9", "ISR", "RUS", "CONSULT", "asserted", None, "a"),
    ]
    stories, links = merge_stories(frame(rows))
    assert groups(links) == [{"e1"}, {"e2"}, {"e3"}, {"e4"}, {"e5"}, {"e6", "e7"}, {"e8"}, {"e9"}]
    no_target = stories[stories["target_code"].isna()].iloc[0]
    assert no_target["num_mentions"] == 2 and no_target["num_sources"] == 2


def test_counts_mentions_articles_and_sources():
    rows = [
        ("e1", "d1", "ISR", "RUS", "CONSULT", "asserted", "2022-01-01", "wire"),
        ("e2", "d1", "ISR", "RUS", "CONSULT", "asserted", "2022-01-01", "wire"),  # told twice in one article
        ("e3", "d2", "ISR", "RUS", "CONSULT", "asserted", "2022-01-02", "wire"),  # same outlet, other article
        ("e4", "d3", "ISR", "RUS", "CONSULT", "asserted", "2022-01-02", "times"),
    ]
    stories, links = merge_stories(frame(rows))
    [s] = stories.to_dict("records")
    assert (s["num_mentions"], s["num_articles"], s["num_sources"]) == (4, 3, 2)
    assert s["first_event_id"] == "e1" and s["first_day"] == pd.Timestamp("2022-01-01")
    assert s["last_day"] == pd.Timestamp("2022-01-02")
    assert s["story_id"] == story_id("ISR", "RUS", "CONSULT", "asserted", pd.Timestamp("2022-01-01"), "e1")
    assert set(links["event_id"]) == {"e1", "e2", "e3", "e4"}


def test_merging_is_deterministic_whatever_the_input_order():
    rng = np.random.default_rng(0)
    codes = ["ISR", "RUS", "USA", "UKR"]
    rows = [
        (f"e{i}", f"d{i % 17}", rng.choice(codes), rng.choice(codes), rng.choice(["CONSULT", "ASSAULT"]),
         "asserted", f"2022-01-{rng.integers(1, 28):02d}", f"s{i % 5}")
        for i in range(300)
    ]
    a_stories, a_links = merge_stories(frame(rows))
    b_stories, b_links = merge_stories(frame(rows).sample(frac=1, random_state=1))
    pd.testing.assert_frame_equal(a_stories, b_stories)
    pd.testing.assert_frame_equal(a_links, b_links)


def test_story_ids_survive_a_recomputation_after_more_ingests(tmp_path):
    store = Store.open(tmp_path / "s.duckdb")
    meet = {"source": "ISR", "target": "RUS", "plover": "CONSULT"}
    store.add([coded_document("a", [meet], date="2022-01-01", outlet="Wire"),
               coded_document("b", [meet], date="2022-01-02", outlet="Times")])
    before = store.stories()
    assert len(before) == 1 and before.iloc[0]["num_articles"] == 2
    # A later report joins the story; one beyond the window starts another; ids of old stories stay.
    store.add([coded_document("c", [meet], date="2022-01-03", outlet="Post"),
               coded_document("d", [meet], date="2022-01-09", outlet="Post")])
    after = store.stories()
    assert len(after) == 2
    first = after[after["story_id"] == before.iloc[0]["story_id"]].iloc[0]
    assert (first["num_articles"], first["num_sources"]) == (3, 3)
    # The window is the store's: recomputing with another one regroups every event.
    assert store.recompute_stories(window_days=10) == 1
    assert store.stories().iloc[0]["num_mentions"] == 4
    assert store.sql("SELECT value FROM meta WHERE key = 'story_window_days'")["value"][0] == "10"
    store.close()


def test_outlets_fall_back_to_the_url_host_then_the_document(tmp_path):
    store = Store.open(tmp_path / "s.duckdb")
    meet = {"source": "ISR", "target": "RUS", "plover": "CONSULT"}
    store.add([
        coded_document("a", [meet], outlet=None, url="https://www.example.com/1"),
        coded_document("b", [meet], outlet=None, url="https://example.com/2"),  # same host, no www
        coded_document("c", [meet], outlet=None, url=None),
        coded_document("d", [meet], outlet=None, url=None),
    ])
    [story] = store.stories().to_dict("records")
    assert (story["num_articles"], story["num_sources"]) == (4, 3)
    store.close()


def test_merging_100k_events_is_fast():
    n = 100_000
    rng = np.random.default_rng(1)
    codes = np.array(["ISR", "RUS", "USA", "UKR", "CHN", "FRA", "DEU", "IRN"])
    df = pd.DataFrame({
        "event_id": [f"e{i:06d}" for i in range(n)],
        "doc_id": [f"d{i // 5}" for i in range(n)],
        "source_code": rng.choice(codes, n), "target_code": rng.choice(codes, n),
        "plover": rng.choice(["CONSULT", "ASSAULT", "AID", "ACCUSE"], n),
        "status": rng.choice(["asserted", "negated"], n),
        "event_day": pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, n), unit="D"),
        "source_key": rng.choice(["a", "b", "c"], n), "cameo": "040", "quad_class": 1, "goldstein": 1.0,
    })
    started = time.perf_counter()
    stories, links = merge_stories(df)
    elapsed = time.perf_counter() - started
    assert len(links) == n and links["event_id"].is_unique
    assert stories["num_mentions"].sum() == n
    assert elapsed < 10, f"merging took {elapsed:.1f}s"


# -- merging new events into the stored stories -----------------------------------------------------
# (source, target, plover, status, day offset or None, mutual, outlet choice, id tag) per event.
_CODES = st.sampled_from(["ISR", "RUS", "USA", None])
_EVENT = st.tuples(_CODES, _CODES, st.sampled_from(["CONSULT", "ASSAULT"]), st.sampled_from(["asserted", "negated"]),
                   st.one_of(st.none(), st.integers(0, 24)), st.booleans(), st.integers(0, 3), st.integers(0, 999))
_OUTLETS = [("Wire", None), ("Times", None), (None, "https://www.example.com/x"), (None, None)]


def _store(window: int):
    con = db.connect(":memory:")
    recompute_stories(con, window)  # records the window, as a first ingest does
    return con


def _add_events(con, batch_no: int, events: list[tuple]) -> list[str]:
    """Store events (two per document) straight into the tables merging reads; returns their ids."""
    docs, rows = {}, []
    for i, (source, target, plover, status, day, mutual, outlet, tag) in enumerate(events):
        doc_id = f"d{batch_no}-{i // 2}"
        docs.setdefault(doc_id, (doc_id, doc_id, *_OUTLETS[outlet]))
        # The tag puts ids in an order unrelated to the order of insertion.
        rows.append((f"e{tag:03d}-{batch_no}-{i}", doc_id, i, source, target, plover, status,
                     None if day is None else pd.Timestamp("2022-01-01") + pd.Timedelta(days=day),
                     "040", 1 + i % 4, float(i % 5) - 2.0, mutual))
    documents = pd.DataFrame(list(docs.values()), columns=["doc_id", "content_hash", "outlet", "url"])
    events_df = pd.DataFrame(rows, columns=["event_id", "doc_id", "event_index", "source_code", "target_code",
                                            "plover", "status", "event_day", "cameo", "quad_class", "goldstein",
                                            "mutual"])
    con.register("_new_documents", documents)
    con.register("_new_events", events_df)
    con.execute("INSERT INTO documents BY NAME SELECT * FROM _new_documents")
    con.execute("INSERT INTO events BY NAME SELECT * EXCLUDE (event_day), event_day::DATE AS event_day FROM _new_events")
    con.unregister("_new_documents")
    con.unregister("_new_events")
    return events_df["event_id"].tolist()


def _stories(con) -> tuple[list[tuple], list[tuple]]:
    return (con.execute("SELECT * FROM stories ORDER BY ALL").fetchall(),
            con.execute("SELECT * FROM story_events ORDER BY ALL").fetchall())


def _full(con, window: int) -> tuple[list[tuple], list[tuple]]:
    """What a full recomputation stores, computed on a copy of the events."""
    other = _store(window)
    for table in ("documents", "events"):
        rows = con.execute(f"SELECT * FROM {table}").df()
        other.register("_rows", rows)
        other.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
        other.unregister("_rows")
    recompute_stories(other, window)
    try:
        return _stories(other)
    finally:
        other.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(window=st.integers(0, 3), batches=st.lists(st.lists(_EVENT, min_size=1, max_size=8), min_size=1, max_size=5))
def test_merging_new_events_batch_by_batch_equals_one_full_recomputation(window, batches):
    con = _store(window)
    try:
        for n, batch in enumerate(batches):
            _add_events(con, n, batch)
            update = merge_new_events(con, window)
            assert not update.full and update.new_events == len(batch)
        # Stories, their ids, counts and links: exactly what one recomputation over everything stores.
        assert _stories(con) == _full(con, window)
    finally:
        con.close()


def test_a_new_event_rewrites_only_the_story_it_joins():
    con = _store(2)
    meet = ("ISR", "RUS", "CONSULT", "asserted")
    _add_events(con, 0, [(*meet, 0, False, 0, 1), (*meet, 10, False, 1, 2), (*meet, 20, False, 1, 3),
                         ("USA", "UKR", "AID", "asserted", 10, False, 0, 4)])
    recompute_stories(con, 2)
    before = {r[0]: r for r in con.execute("SELECT * FROM stories").fetchall()}
    [joined] = [sid for sid, r in before.items() if str(r[8]) == "2022-01-11" and r[1] == "ISR"]
    # Day 11 joins the story of day 10: that story is rewritten (same id: same first event), no other.
    _add_events(con, 1, [(*meet, 11, False, 2, 5)])
    update = update_stories(con, 2)
    assert not update.full and (update.removed, update.added) == ([joined], [joined])
    after = {r[0]: r for r in con.execute("SELECT * FROM stories").fetchall()}
    assert {sid: r for sid, r in after.items() if sid != joined} == {sid: r for sid, r in before.items() if sid != joined}
    assert (after[joined][11], after[joined][12]) == (2, 2)  # num_mentions, num_articles
    # A report beyond every window is a story of its own; an undated one too: nothing is rewritten.
    _add_events(con, 2, [(*meet, 40, False, 0, 6), (*meet, None, False, 0, 7)])
    update = update_stories(con, 2)
    assert update.removed == [] and len(update.added) == 2
    assert _stories(con) == _full(con, 2)
    con.close()


def test_a_new_first_day_that_shifts_every_later_story_is_merged_to_the_end():
    # Daily meetings for 60 days, window 2: stories start on days 1, 4, 7, ... A report on day 0
    # moves every anchor (0, 3, 6, ...), far beyond the first read past the new event.
    con = _store(2)
    meet = ("ISR", "RUS", "CONSULT", "asserted")
    _add_events(con, 0, [(*meet, day, False, day % 3, 100 + day) for day in range(1, 61)])
    recompute_stories(con, 2)
    _add_events(con, 1, [(*meet, 0, False, 0, 0)])
    update = merge_new_events(con, 2)
    assert not update.full and update.merged_events == 61 and len(update.removed) == 20
    assert _stories(con) == _full(con, 2)
    con.close()


def test_mutual_events_told_both_ways_are_merged_into_one_story():
    con = _store(2)
    _add_events(con, 0, [("ISR", "RUS", "CONSULT", "asserted", 5, True, 0, 1)])
    recompute_stories(con, 2)
    _add_events(con, 1, [("RUS", "ISR", "CONSULT", "asserted", 6, True, 1, 2)])
    update = merge_new_events(con, 2)
    assert len(update.added) == 1 and update.stories == 1
    assert _stories(con) == _full(con, 2)
    con.close()


def test_update_stories_recomputes_on_a_first_load_a_new_window_or_broken_links():
    con = db.connect(":memory:")
    _add_events(con, 0, [("ISR", "RUS", "CONSULT", "asserted", day, False, 0, day) for day in range(5)])
    assert update_stories(con, 2).full  # first load
    _add_events(con, 1, [("ISR", "RUS", "CONSULT", "asserted", 9, False, 0, 50)])
    assert not update_stories(con, 2).full  # a few new events
    assert update_stories(con, 2) == StoryUpdate(full=False, stories=_stories_count(con))  # nothing new
    assert update_stories(con, 5).full  # another window regroups everything
    # A link to an event that is not stored: the stored stories cannot be extended, so rebuilt.
    con.execute("INSERT INTO story_events VALUES ('st-dangling', 'no-such-event')")
    _add_events(con, 2, [("ISR", "RUS", "CONSULT", "asserted", day, False, 0, 60 + day) for day in (30, 31)])
    assert merge_new_events(con, 5).full
    assert _stories(con) == _full(con, 5)
    con.close()


def _stories_count(con) -> int:
    return con.execute("SELECT count(*) FROM stories").fetchone()[0]
