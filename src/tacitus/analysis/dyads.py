"""Dyad timelines: how a relationship moved, period by period.

``dyad_timeline(con, "ISR", "RUS", by="month")`` counts the events whose source code starts
with ``ISR`` and target code with ``RUS`` (``both_directions`` adds ``RUS`` -> ``ISR``), per
period: all events, per status, per quad class, cooperation (quad classes 1-2) and conflict
(3-4), Goldstein sum and mean, and one column per PLOVER type. Periods without events are left
out of the table; the chart puts every period at its place on a time axis, so gaps show.

By default every coded event counts (negated and hypothetical ones too, as their own status
columns show); ``status`` narrows that. ``stories=True`` counts story events (one per real-world
event, however many articles reported it) instead of reports, on the story's first day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from tacitus.store.queries import event_where

PERIODS = ("day", "week", "month", "year")
QUADS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}
STATUSES = ("asserted", "planned", "hypothetical", "negated")
FIXED_COLUMNS = [
    "period", "period_start", "events", *STATUSES, *QUADS.values(), "cooperation", "conflict",
    "goldstein_sum", "goldstein_mean",
]


def dyad_rows(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    both_directions: bool = False,
    stories: bool = False,
    status: Any = None,
) -> pd.DataFrame:
    """The events (or story events) of a dyad: day, direction, plover, quad_class, goldstein, status.

    Events without a day (no event date and no document date) are included, with a null day:
    a timeline cannot place them, but it says how many it left out.
    """
    if stories:
        table, day, alias = "stories", "first_day", "s"
        filt = []
        params: list[Any] = []
        if since is not None:
            filt.append("first_day >= ?")
            params.append(pd.Timestamp(since).date())
        if until is not None:
            filt.append("first_day <= ?")
            params.append(pd.Timestamp(until).date())
        if status:
            filt.append("status IN (SELECT unnest(?::VARCHAR[]))")
            params.append([s.lower() for s in ([status] if isinstance(status, str) else status)])
        extra = " AND ".join(filt) or "TRUE"
    else:
        table, day, alias = "events", "event_day", "e"
        extra, params = event_where(since=since, until=until, status=status, alias=alias)
    # A mutual event (symmetric: meetings, talks, agreements) belongs to A -> B whichever way round
    # the article told it.
    direction = ("CASE WHEN (starts_with(source_code, ?) AND starts_with(target_code, ?)) OR mutual "
                 "THEN 'ab' ELSE 'ba' END")
    pair = "(starts_with(source_code, ?) AND starts_with(target_code, ?))"
    a, b = a.upper(), b.upper()
    sides = f"({pair} OR {pair})" if both_directions else f"({pair} OR (mutual AND {pair}))"
    pair_params = [a, b, b, a]
    sql = f"""SELECT {day} AS day, {direction} AS direction, plover, quad_class, goldstein, status
              FROM {table} {alias} WHERE {sides} AND {extra} ORDER BY day NULLS LAST"""
    return con.execute(sql, [a, b, *pair_params, *params]).df()


def period_start(days: pd.Series, by: str) -> pd.Series:
    days = pd.to_datetime(days)
    if by == "day":
        return days.dt.normalize()
    if by == "week":  # ISO weeks start on Monday
        return (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.normalize()
    if by == "month":
        return days.dt.to_period("M").dt.start_time
    if by == "year":
        return days.dt.to_period("Y").dt.start_time
    raise ValueError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")


LABELS = {"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m", "year": "%Y"}


def period_label(start: pd.Timestamp, by: str) -> str:
    return start.strftime(LABELS[by])


def timeline(rows: pd.DataFrame, by: str = "month", both_directions: bool = False) -> pd.DataFrame:
    """Aggregate dyad rows per period (see the module docstring for the columns)."""
    if by not in PERIODS:
        raise ValueError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    undated = int(rows["day"].isna().sum())
    df = rows[rows["day"].notna()].copy()
    if df.empty:
        cols = FIXED_COLUMNS + (["a_to_b", "b_to_a"] if both_directions else [])
        empty = pd.DataFrame(columns=cols)
        empty.attrs["undated"] = undated
        return empty
    df["period_start"] = period_start(df["day"], by)
    g = df.groupby("period_start", sort=True)
    out = pd.DataFrame({"events": g.size()})
    for status in STATUSES:
        out[status] = g["status"].apply(lambda s, st=status: int((s == st).sum()))
    for quad, name in QUADS.items():
        out[name] = g["quad_class"].apply(lambda q, qq=quad: int((q == qq).sum()))
    out["cooperation"] = out[QUADS[1]] + out[QUADS[2]]
    out["conflict"] = out[QUADS[3]] + out[QUADS[4]]
    out["goldstein_sum"] = g["goldstein"].sum().round(3)
    out["goldstein_mean"] = g["goldstein"].mean().round(3)
    if both_directions:
        out["a_to_b"] = g["direction"].apply(lambda d: int((d == "ab").sum()))
        out["b_to_a"] = out["events"] - out["a_to_b"]
    types = pd.crosstab(df["period_start"], df["plover"]).reindex(out.index, fill_value=0)
    out = out.join(types[sorted(types.columns)])
    out = out.reset_index()
    out.insert(0, "period", [period_label(s, by) for s in out["period_start"]])
    out["period_start"] = out["period_start"].dt.date
    out.attrs["undated"] = undated  # events the timeline could not place
    return out


def plover_columns(table: pd.DataFrame) -> list[str]:
    fixed = set(FIXED_COLUMNS) | {"a_to_b", "b_to_a"}
    return [c for c in table.columns if c not in fixed]


def dyad_timeline(
    con: duckdb.DuckDBPyConnection, a: str, b: str, *, by: str = "month", both_directions: bool = False, **kw: Any
) -> pd.DataFrame:
    return timeline(dyad_rows(con, a, b, both_directions=both_directions, **kw), by, both_directions)


def plot_timeline(table: pd.DataFrame, path: str | Path, *, a: str, b: str, by: str, both_directions: bool = False,
                  stories: bool = False) -> Path:
    """Cooperation above the axis, conflict below, mean Goldstein on a second axis; PNG or SVG by suffix."""
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed (servers, CI)
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    path = Path(path)
    if path.suffix.lower() not in {".png", ".svg"}:
        raise ValueError(f"--plot writes .png or .svg files, not {path.suffix or 'a file without a suffix'}")
    arrow = "↔" if both_directions else "→"
    unit = "story events" if stories else "events"
    fig, ax = plt.subplots(figsize=(10, 5), dpi=120)
    try:
        if table.empty:
            ax.text(0.5, 0.5, "no events for this dyad", ha="center", va="center", transform=ax.transAxes)
        else:
            x = pd.to_datetime(table["period_start"])
            width = {"day": 0.8, "week": 5, "month": 24, "year": 300}[by]
            ax.bar(x, table["verbal_cooperation"], width, color="#8fbfe0", label="verbal cooperation")
            ax.bar(x, table["material_cooperation"], width, bottom=table["verbal_cooperation"], color="#1f6fb2",
                   label="material cooperation")
            ax.bar(x, -table["verbal_conflict"], width, color="#f2a39a", label="verbal conflict")
            ax.bar(x, -table["material_conflict"], width, bottom=-table["verbal_conflict"], color="#c0392b",
                   label="material conflict")
            ax.axhline(0, color="black", linewidth=0.8)
            ax2 = ax.twinx()
            # Periods without events are gaps in the line, not a trend drawn across them.
            freq = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}[by]
            mean = pd.Series(table["goldstein_mean"].to_numpy(dtype=float), index=x)
            mean = mean.reindex(pd.date_range(x.min(), x.max(), freq=freq))
            ax2.plot(mean.index, mean.to_numpy(), color="#333333", marker="o", linewidth=1.5, label="mean Goldstein")
            ax2.set_ylabel("mean Goldstein score (-10 conflict .. +10 cooperation)")
            ax2.set_ylim(-10.5, 10.5)
            locator = mdates.AutoDateLocator()
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            pad = pd.Timedelta(days=width)
            ax.set_xlim(x.min() - pad, x.max() + pad)
            top = max(1, int(table["cooperation"].max()), int(table["conflict"].max()))
            ax.set_ylim(-top * 1.15, top * 1.15)
            # Conflict is drawn downwards, but it is still a count: label the ticks without signs.
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):g}"))
            handles, labels = ax.get_legend_handles_labels()
            h2, l2 = ax2.get_legend_handles_labels()
            # Below the axes, so that it never hides a bar.
            ax.legend(handles + h2, labels + l2, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=5,
                      fontsize="small", frameon=False)
        ax.set_title(f"{a} {arrow} {b}: cooperation vs conflict by {by}")
        ax.set_xlabel(by)
        ax.set_ylabel(f"{unit} (cooperation up, conflict down)")
        fig.tight_layout()
        fig.savefig(path)
    finally:
        plt.close(fig)
    return path
