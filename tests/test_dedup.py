"""Story events: the same event reported by several articles, merged deterministically."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from tacitus.analysis.dedup import merge_stories, story_id
from tacitus.store import Store
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
