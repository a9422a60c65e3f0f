"""Merging the same event reported by several articles into one *story event*.

Events with the same source code, target code, PLOVER type and status are one story event when
their days fall within ``window_days`` of the story's first day (the earliest member: anchoring on
it, rather than chaining day to day, keeps a month of daily meetings from becoming one story).
An event without any day (no event date, no document date) is a story of its own.

Each story counts, as GDELT does: ``num_mentions`` (member events: every evidence sentence in
every article), ``num_articles`` (distinct documents) and ``num_sources`` (distinct outlets; a
document without an outlet counts by its URL's host, else as a source of its own).

Merging is a pure function of the events: inputs are sorted first, and a story's id is a hash of
its earliest member's key, so a recomputation after more ingests gives the same ids to every story
whose earliest member did not change.

The store keeps the result in ``stories`` and ``story_events``. :func:`recompute_stories` rebuilds
both from every event (first loads, a new window); :func:`merge_new_events` merges only the events
no story links yet with the stored events they can share a story with, and rewrites only the
stories that change, giving exactly what a full recomputation gives (see its docstring for why);
:func:`update_stories` chooses between the two.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

DEFAULT_WINDOW_DAYS = 2
KEY = ["source_code", "target_code", "plover", "status"]


def merge_stories(events: pd.DataFrame, window_days: int = DEFAULT_WINDOW_DAYS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Story events and their links from an events frame.

    ``events`` needs ``event_id``, ``doc_id``, ``source_code``, ``target_code``, ``plover``,
    ``status``, ``event_day``, ``cameo``, ``quad_class``, ``goldstein`` and ``source_key`` (the
    outlet identity). Returns ``(stories, story_events)``.
    """
    if window_days < 0:
        raise ValueError("the story window must be 0 days or more")
    story_cols = [
        "story_id", *KEY, "cameo", "quad_class", "goldstein", "first_day", "last_day", "first_event_id",
        "num_mentions", "num_articles", "num_sources", "window_days", "mutual",
    ]
    if events.empty:
        return pd.DataFrame(columns=story_cols), pd.DataFrame(columns=["story_id", "event_id"])
    df = _prepared(events)

    # One pass over the sorted rows: a new story starts at a new key, at a day beyond the
    # anchor's window, or at an undated event.
    key = df.groupby(KEY, sort=False).ngroup().to_numpy()
    days = df["event_day"].to_numpy(dtype="datetime64[D]").astype("int64")
    undated = df["event_day"].isna().to_numpy()
    df["story_no"] = _story_numbers(key, days, undated, window_days)

    g = df.groupby("story_no", sort=True)
    first = g.head(1).set_index("story_no")
    stories = pd.DataFrame(
        {
            "source_code": first["source_code"],
            "target_code": first["target_code"],
            "plover": first["plover"],
            "status": first["status"],
            "cameo": first["cameo"],
            "quad_class": first["quad_class"],
            "goldstein": g["goldstein"].mean(),
            "first_day": first["event_day"],
            "last_day": g["event_day"].max(),
            "first_event_id": first["event_id"],
            "num_mentions": g.size(),
            "num_articles": g["doc_id"].nunique(),
            "num_sources": g["source_key"].nunique(),
            "window_days": window_days,
            "mutual": g["symmetric"].any(),
        }
    )
    columns = [stories[c].tolist() for c in (*KEY, "first_day", "first_event_id")]
    stories["story_id"] = [story_id(*values) for values in zip(*columns, strict=True)]
    for col in KEY:  # back from the sort key to what was stored
        stories[col] = stories[col].replace("", None)
    links = pd.DataFrame({"story_id": stories["story_id"].reindex(df["story_no"]).to_numpy(), "event_id": df["event_id"]})
    return stories[story_cols].reset_index(drop=True), links.sort_values(["story_id", "event_id"]).reset_index(drop=True)


def _prepared(events: pd.DataFrame) -> pd.DataFrame:
    """A sorted copy of ``events`` as merging sees them: the key columns as text (missing: ""), a
    mutual event's two codes in order, days as timestamps. Preparing twice is preparing once."""
    df = events.copy()
    for col in KEY:
        df[col] = df[col].fillna("").astype(str)
    if "symmetric" not in df:
        df["symmetric"] = False
    df["symmetric"] = df["symmetric"].fillna(False).astype(bool)
    # A mutual event told as A -> B in one article and B -> A in another is one story: order its
    # two codes before grouping.
    swap = df["symmetric"].to_numpy() & (df["source_code"] > df["target_code"]).to_numpy()
    df.loc[swap, ["source_code", "target_code"]] = df.loc[swap, ["target_code", "source_code"]].to_numpy()
    df["event_day"] = pd.to_datetime(df["event_day"])
    return df.sort_values([*KEY, "event_day", "event_id"], na_position="last", kind="mergesort").reset_index(drop=True)


def _story_numbers(key: np.ndarray, days: np.ndarray, undated: np.ndarray, window_days: int) -> np.ndarray:
    """Story number of each sorted row. Anchoring makes each start depend on the previous one,
    so this is a loop, over plain Python ints for speed (about 0.1 s per 100,000 events)."""
    keys, day_list, undated_list = key.tolist(), days.tolist(), undated.tolist()
    out = [0] * len(keys)
    current, anchor = -1, 0
    for i, (k, d, u) in enumerate(zip(keys, day_list, undated_list, strict=True)):
        if i == 0 or k != keys[i - 1] or u or undated_list[i - 1] or d - anchor > window_days:
            current += 1
            anchor = d
        out[i] = current
    return np.asarray(out, dtype=np.int64)


def story_id(source: str, target: str, plover: str, status: str, day: pd.Timestamp | None, first_event_id: str) -> str:
    day_text = "" if day is None or pd.isna(day) else day.strftime("%Y-%m-%d")
    key = "|".join([source, target, plover, status, day_text, first_event_id])
    return "st" + hashlib.sha1(key.encode()).hexdigest()[:14]


# What merging reads of an event (``e``) and its document (``d``); ``source_key`` is the outlet
# identity behind ``num_sources``.
MERGE_COLUMNS = """
    e.event_id, e.doc_id, e.source_code, e.target_code, e.plover, e.status, e.event_day,
    e.cameo, e.quad_class, e.goldstein, e.mutual AS symmetric,
    coalesce(nullif(lower(d.outlet), ''), nullif(regexp_extract(lower(d.url), '^[a-z]+://(?:www\\.)?([^/:]+)', 1), ''),
             'doc:' || e.doc_id) AS source_key
"""
EVENTS_FOR_MERGING = f"SELECT {MERGE_COLUMNS} FROM events e JOIN documents d USING (doc_id)"


def recompute_stories(con: duckdb.DuckDBPyConnection, window_days: int = DEFAULT_WINDOW_DAYS) -> int:
    """Rebuild ``stories`` and ``story_events`` from every stored event; returns the story count."""
    from tacitus.store.db import _insert, set_meta
    from tacitus.store.records import frame_table

    events = con.execute(EVENTS_FOR_MERGING).df()
    stories, links = merge_stories(events, window_days)
    con.begin()
    try:
        con.execute("DELETE FROM story_events")
        con.execute("DELETE FROM stories")
        if len(stories):
            _insert(con, "stories", frame_table("stories", stories))
            _insert(con, "story_events", frame_table("story_events", links))
        set_meta(con, "story_window_days", str(window_days))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return len(stories)


# -- keeping the stored stories up to date ---------------------------------------------------------
# The full recomputation is one pass over every event; the incremental merge reads only the events
# of the keys it touches. Merge incrementally when the events to merge are few: at most this many,
# or at most this share of the store's events (a bulk load into a small store is one full pass).
INCREMENTAL_MAX_EVENTS = 2_000
INCREMENTAL_MAX_SHARE = 0.2
# How far past a key's last new event (in windows) the first read of its stored events goes; a key
# whose stories keep shifting beyond that is read again to its end.
LOOKAHEAD_WINDOWS = 4


@dataclass
class StoryUpdate:
    """What bringing the stories up to date did."""

    full: bool  # every story was rebuilt (then ``removed``/``added`` are not listed)
    stories: int  # stories in the store afterwards
    new_events: int = 0  # events no story linked before
    merged_events: int = 0  # events merged: the new ones and the stored ones merged again with them
    removed: list[str] = field(default_factory=list)  # ids of the stories deleted (rewritten ones included)
    added: list[str] = field(default_factory=list)  # ids of the stories written


# Events that no story links yet: what was stored since the last merge.
UNMERGED_EVENTS = f"""
    SELECT {MERGE_COLUMNS} FROM events e JOIN documents d USING (doc_id)
    WHERE NOT EXISTS (SELECT 1 FROM story_events se WHERE se.event_id = e.event_id)
"""

# The stored dated events of some merge keys from a day on (to a day, when ``hi`` is set), with the
# story each is linked to and whether it is that story's first event. ``{keys}`` is a registered
# frame of keys (``source_code``, ``target_code``, ``plover``, ``status`` as merging writes them:
# "" for missing, a mutual event's codes in order), ``key_no``, ``lo`` and ``hi``. The key is
# computed here by the rule of :func:`_prepared`; Python checks it again.
KEYED_EVENTS = """
    WITH keyed AS (
        SELECT e.*,
               CASE WHEN coalesce(e.mutual, false) THEN least(coalesce(e.source_code, ''), coalesce(e.target_code, ''))
                    ELSE coalesce(e.source_code, '') END AS k_source,
               CASE WHEN coalesce(e.mutual, false) THEN greatest(coalesce(e.source_code, ''), coalesce(e.target_code, ''))
                    ELSE coalesce(e.target_code, '') END AS k_target
        FROM events e WHERE e.event_day IS NOT NULL
    )
    SELECT {columns}, k.key_no, se.story_id AS old_story_id, s.first_event_id = e.event_id AS old_first
    FROM keyed e
    JOIN {keys} k ON e.k_source = k.source_code AND e.k_target = k.target_code
                 AND coalesce(e.plover, '') = k.plover AND coalesce(e.status, '') = k.status
                 AND e.event_day >= k.lo::DATE AND (k.hi IS NULL OR e.event_day <= k.hi::DATE)
    JOIN documents d ON d.doc_id = e.doc_id
    LEFT JOIN story_events se ON se.event_id = e.event_id
    LEFT JOIN stories s ON s.story_id = se.story_id
"""

# Per key, the first day of the last stored story that starts on or before the key's first new day.
LAST_STORY_BEFORE = """
    SELECT k.key_no, max(s.first_day) AS lo
    FROM {keys} k JOIN stories s
      ON coalesce(s.source_code, '') = k.source_code AND coalesce(s.target_code, '') = k.target_code
     AND coalesce(s.plover, '') = k.plover AND coalesce(s.status, '') = k.status
    WHERE s.first_day <= k.first_new::DATE
    GROUP BY k.key_no
"""


def update_stories(con: duckdb.DuckDBPyConnection, window_days: int = DEFAULT_WINDOW_DAYS) -> StoryUpdate:
    """Bring ``stories`` and ``story_events`` up to date with the stored events, the cheaper way.

    A full recomputation (:func:`recompute_stories`) when the store's window is not
    ``window_days`` (or none is recorded), on a first load (no event is linked to a story yet),
    or when the events to merge are many (see :data:`INCREMENTAL_MAX_EVENTS`); otherwise only
    the new events are merged (:func:`merge_new_events`). Both give the same stories.
    """
    from tacitus.store.db import get_meta

    n_events, n_links = _counts(con)
    if get_meta(con, "story_window_days") != str(window_days) or (n_events and not n_links):
        return _recompute(con, window_days, n_events - n_links)
    if n_events == n_links:
        return StoryUpdate(full=False, stories=_story_count(con))
    if n_events - n_links > max(INCREMENTAL_MAX_EVENTS, INCREMENTAL_MAX_SHARE * n_events):
        return _recompute(con, window_days, n_events - n_links)
    return merge_new_events(con, window_days)


def merge_new_events(con: duckdb.DuckDBPyConnection, window_days: int = DEFAULT_WINDOW_DAYS) -> StoryUpdate:
    """Merge the events no story links yet into the stored stories, rewriting only the stories
    that change; the result is exactly what :func:`recompute_stories` would store.

    Why reading only part of the store is enough. Stories of different keys never interact, and
    an undated event is a story of its own, so only the dated events of the new events' keys
    matter. Within a key, stories are made in day order, each anchored on its first day, so:

    * the stories that end before the key's first new day are unchanged: the merge starts at the
      last stored story that begins on or before that day (``lo``), or at that day;
    * from ``lo`` on, the key's events are merged again in order; once past the last new event,
      the first merged story that starts at a stored event which also started a stored story
      brings the two merges back in step: it and every story after it are unchanged, so the read
      stops there (it first reads :data:`LOOKAHEAD_WINDOWS` windows past the last new event, and
      to the key's end only if the merges are not in step by then).

    A re-merged story with the same id and the same members as before is left as it is (its row
    is a function of its members); the others are deleted and written, in one transaction.

    Falls back to the full recomputation when the stored stories were made with another window or
    do not link every other event exactly once (they cannot then be extended).
    """
    from tacitus.store.db import _insert, get_meta, set_meta
    from tacitus.store.records import frame_table

    if window_days < 0:
        raise ValueError("the story window must be 0 days or more")
    n_events, n_links = _counts(con)
    stored_window = get_meta(con, "story_window_days")
    if n_links and stored_window != str(window_days):
        return _recompute(con, window_days, n_events - n_links)
    if n_events == n_links and stored_window == str(window_days):
        return StoryUpdate(full=False, stories=_story_count(con))
    new = con.execute(UNMERGED_EVENTS).df()
    if n_links != n_events - len(new):  # a link to a missing event, or an event linked twice
        return _recompute(con, window_days, len(new))
    affected = _events_to_merge(con, _prepared(new), window_days) if len(new) else new
    stories, links = merge_stories(affected, window_days)
    if not set(new["event_id"]).issubset(links["event_id"]):  # a safety net: never leave an event out
        return _recompute(con, window_days, len(new))
    removed, added = _changed_stories(affected, links)
    con.begin()
    try:
        if removed:
            con.execute("DELETE FROM story_events WHERE story_id IN (SELECT unnest(?::VARCHAR[]))", [removed])
            con.execute("DELETE FROM stories WHERE story_id IN (SELECT unnest(?::VARCHAR[]))", [removed])
        if added:
            _insert(con, "stories", frame_table("stories", stories[stories["story_id"].isin(added)]))
            _insert(con, "story_events", frame_table("story_events", links[links["story_id"].isin(added)]))
        set_meta(con, "story_window_days", str(window_days))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return StoryUpdate(full=False, stories=_story_count(con), new_events=len(new), merged_events=len(affected),
                       removed=removed, added=added)


def _events_to_merge(con: duckdb.DuckDBPyConnection, new: pd.DataFrame, window_days: int) -> pd.DataFrame:
    """The new events (prepared) and the stored events they must be merged again with (see
    :func:`merge_new_events`), with ``old_story_id`` for the stored ones."""
    dated = new[new["event_day"].notna()]
    parts = [new[new["event_day"].isna()]]  # an undated event is a story of its own
    if dated.empty:
        return parts[0]
    # Days travel to SQL as timestamps (NaT: no bound) and are cast to DATE there.
    keys = dated.groupby(KEY, sort=False)["event_day"].agg(first_new="min", last_new="max").reset_index()
    keys["key_no"] = np.arange(len(keys))
    with _registered(con, keys) as view:
        starts = con.execute(LAST_STORY_BEFORE.format(keys=view)).df()
    lo = dict(zip(starts["key_no"].tolist(), pd.to_datetime(starts["lo"]).tolist(), strict=True))
    keys["lo"] = [lo.get(k, first) for k, first in zip(keys["key_no"].tolist(), keys["first_new"].tolist(), strict=True)]
    keys["lo"] = pd.to_datetime(keys["lo"])
    keys["hi"] = keys["last_new"] + pd.Timedelta(days=LOOKAHEAD_WINDOWS * (window_days + 1))
    todo = keys[[*KEY, "key_no", "lo", "hi"]]
    while len(todo):
        with _registered(con, todo) as view:
            rows = con.execute(KEYED_EVENTS.format(columns=MERGE_COLUMNS, keys=view)).df()
        rows = _prepared(rows)
        # The SQL key and merging's own must agree; keep only exact matches all the same.
        wanted = pd.MultiIndex.from_frame(todo[[*KEY, "key_no"]])
        rows = rows[pd.MultiIndex.from_frame(rows[[*KEY, "key_no"]]).isin(wanted)]
        kept, unsettled = _merge_span(rows, window_days, bounded=bool(todo["hi"].notna().any()))
        parts.append(kept)
        # Keys whose merge was not back in step within the first read: read them to their end.
        todo = todo[todo["key_no"].isin(unsettled)].assign(hi=pd.NaT)
    return pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)


def _merge_span(rows: pd.DataFrame, window_days: int, *, bounded: bool) -> tuple[pd.DataFrame, list[int]]:
    """The rows (sorted, dated) of each key up to where a merge including the new events is back
    in step with the stored one, and the keys whose read ended before that point (only when the
    read was ``bounded``: otherwise the key's end is the point)."""
    if rows.empty:
        return rows, []
    key_no = rows["key_no"].to_numpy()
    days = rows["event_day"].to_numpy(dtype="datetime64[D]").astype("int64")
    story = _story_numbers(key_no, days, np.zeros(len(rows), dtype=bool), window_days)
    starts = np.ones(len(rows), dtype=bool)
    starts[1:] = story[1:] != story[:-1]
    new = rows["old_story_id"].isna().to_numpy()
    old_first = rows["old_first"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    in_step = starts & ~new & old_first
    keep = np.zeros(len(rows), dtype=bool)
    unsettled: list[int] = []
    bounds = np.flatnonzero(np.r_[True, key_no[1:] != key_no[:-1], True])
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        news = np.flatnonzero(new[a:b])
        if not news.size:  # cannot happen (each key read holds its new events); the caller checks
            continue
        last_new = a + int(news[-1])
        after = np.flatnonzero(in_step[last_new + 1 : b])
        if after.size:
            keep[a : last_new + 1 + int(after[0])] = True
        elif bounded:
            unsettled.append(int(key_no[a]))
        else:
            keep[a:b] = True
    return rows[keep], unsettled


def _changed_stories(affected: pd.DataFrame, links: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(stored stories to delete, merged stories to write): a story whose id and members are both
    unchanged is neither."""
    old: dict[str, frozenset[str]] = {}
    if "old_story_id" in affected and len(affected):
        linked = affected[affected["old_story_id"].notna()]
        old = {sid: frozenset(ids) for sid, ids in linked.groupby("old_story_id")["event_id"]}
    merged = {sid: frozenset(ids) for sid, ids in links.groupby("story_id")["event_id"]} if len(links) else {}
    same = {sid for sid, members in merged.items() if old.get(sid) == members}
    return sorted(set(old) - same), sorted(set(merged) - same)


class _registered:  # noqa: N801 - used like a function: ``with _registered(con, frame) as view:``
    """A pandas frame visible to SQL under a fresh name for the ``with`` block."""

    def __init__(self, con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
        self.con, self.frame = con, frame
        self.name = f"_tacitus_keys_{uuid.uuid4().hex[:8]}"

    def __enter__(self) -> str:
        self.con.register(self.name, self.frame)
        return self.name

    def __exit__(self, *exc: object) -> None:
        self.con.unregister(self.name)


# Scalar questions are read with fetchall(): fetchone() leaves the result open, and DuckDB then
# refuses to register a frame on the connection (what the caller's next write may do).
def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    return con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM story_events)").fetchall()[0]


def _story_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM stories").fetchall()[0][0]


def _recompute(con: duckdb.DuckDBPyConnection, window_days: int, new_events: int) -> StoryUpdate:
    stories = recompute_stories(con, window_days)
    return StoryUpdate(full=True, stories=stories, new_events=max(new_events, 0),
                       merged_events=_counts(con)[0])
