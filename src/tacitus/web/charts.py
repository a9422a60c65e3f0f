"""Geometry of the dashboard's SVG charts, computed here and drawn by the templates.

The charts are plain SVG written by Jinja (autoescaped), so they need no script, work offline and
pass the strict Content-Security-Policy; every label in them is escaped like any other text.
Only numbers computed here become coordinates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tacitus.api.service import period_end

QUAD_PARTS = (  # (timeline column, css class, label), cooperation above the axis, conflict below
    ("verbal_cooperation", "q1", "verbal cooperation"),
    ("material_cooperation", "q2", "material cooperation"),
    ("verbal_conflict", "q3", "verbal conflict"),
    ("material_conflict", "q4", "material conflict"),
)
MAX_FILLED_PERIODS = 160  # beyond this many, empty periods are not drawn (the chart would be hairlines)


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    cls: str


@dataclass
class Slot:
    """One period: its bars, its label, where clicking it leads."""

    period: str
    x: float
    w: float
    label_x: float
    show_label: bool
    href: str | None
    title: str
    selected: bool
    bars: list[Rect] = field(default_factory=list)


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class DyadChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    zero_y: float
    slots: list[Slot]
    count_ticks: list[Tick]
    goldstein_ticks: list[Tick]
    lines: list[str]  # polyline point lists (a gap in the periods breaks the line)
    dots: list[tuple[float, float, str]]


def _next_start(day: dt.date, by: str) -> dt.date:
    if by == "day":
        return day + dt.timedelta(days=1)
    if by == "week":
        return day + dt.timedelta(days=7)
    if by == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day.replace(year=day.year + 1, month=1, day=1)


def _label(day: dt.date, by: str) -> str:
    """The same labels as :func:`tacitus.analysis.dyads.period_label` (ISO weeks)."""
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[by])


def fill_periods(periods: Sequence[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    """The periods from first to last, empty ones included (as gaps), unless there are too many."""
    if not periods:
        return []
    present = {p["period_start"]: p for p in periods}
    first = dt.date.fromisoformat(periods[0]["period_start"])
    last = dt.date.fromisoformat(periods[-1]["period_start"])
    out: list[dict[str, Any]] = []
    day = first
    while day <= last:
        key = day.isoformat()
        out.append(present.get(key) or {"period": _label(day, by), "period_start": key,
                                         "period_end": period_end(day, by).isoformat(), "events": 0})
        if len(out) > MAX_FILLED_PERIODS:
            return list(periods)
        day = _next_start(day, by)
    return out


def dyad_chart(periods: Sequence[dict[str, Any]], by: str, href: Callable[[dict[str, Any]], str],
               selected: str | None = None, width: int = 860, height: int = 320) -> DyadChart | None:
    """Stacked counts per quad class (cooperation up, conflict down) and the mean Goldstein line."""
    slots_data = fill_periods(periods, by)
    if not slots_data:
        return None
    left, right, top, bottom = 48, 48, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    zero_y = top + plot_h / 2
    peak = max([max(p.get("cooperation", 0), p.get("conflict", 0)) for p in slots_data] + [1])
    scale = (plot_h / 2) / peak
    n = len(slots_data)
    slot_w = plot_w / n
    bar_w = max(1.0, min(48.0, slot_w * 0.7))
    every = max(1, math.ceil(n / max(1, plot_w // 80)))  # room for a label every ~80 px
    slots: list[Slot] = []
    lines: list[list[str]] = [[]]
    dots: list[tuple[float, float, str]] = []
    for i, p in enumerate(slots_data):
        x = left + i * slot_w
        cx = x + slot_w / 2
        bars: list[Rect] = []
        up, down = zero_y, zero_y
        for column, cls, _ in QUAD_PARTS:
            count = int(p.get(column) or 0)
            if not count:
                continue
            h = count * scale
            if cls in ("q1", "q2"):
                up -= h
                bars.append(Rect(cx - bar_w / 2, up, bar_w, h, cls))
            else:
                bars.append(Rect(cx - bar_w / 2, down, bar_w, h, cls))
                down += h
        mean = p.get("goldstein_mean")
        if p.get("events") and mean is not None:
            gy = zero_y - (float(mean) / 10.0) * (plot_h / 2)
            lines[-1].append(f"{cx:.1f},{gy:.1f}")
            dots.append((round(cx, 1), round(gy, 1), f"{p['period']}: mean Goldstein {float(mean):.2f}"))
        elif lines[-1]:
            lines.append([])
        parts = ", ".join(f"{int(p.get(c) or 0)} {label}" for c, _, label in QUAD_PARTS if p.get(c))
        title = f"{p['period']}: {int(p.get('events') or 0)} event(s)" + (f" ({parts})" if parts else "")
        if mean is not None and p.get("events"):
            title += f", mean Goldstein {float(mean):.2f}"
        slots.append(Slot(
            period=p["period"], x=round(x, 1), w=round(slot_w, 1), label_x=round(cx, 1),
            show_label=i % every == 0, href=href(p) if p.get("events") else None, title=title,
            selected=selected == p["period"], bars=[Rect(round(b.x, 1), round(b.y, 1), round(b.w, 1),
                                                         round(b.h, 1), b.cls) for b in bars],
        ))
    half = peak / 2
    count_ticks = [Tick(round(zero_y - v * scale, 1), str(abs(int(v)) if float(v).is_integer() else f"{abs(v):.1f}"))
                   for v in (peak, half, 0, -half, -peak) if v == 0 or abs(v) >= 1]
    goldstein_ticks = [Tick(round(zero_y - g / 10 * (plot_h / 2), 1), f"{g:+d}" if g else "0")
                       for g in (10, 5, 0, -5, -10)]
    return DyadChart(width, height, left, right, top, bottom, round(zero_y, 1), slots, count_ticks,
                     goldstein_ticks, [" ".join(pts) for pts in lines if len(pts) > 1], dots)


@dataclass
class Node:
    x: float
    y: float
    r: float
    label: str
    href: str | None
    cls: str
    title: str
    anchor: str  # text-anchor of the label, away from the centre


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    cls: str
    title: str


@dataclass
class EgoNetwork:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


def ego_network(name: str, partners: Sequence[dict[str, Any]], href: Callable[[dict[str, Any]], str],
                limit: int = 24, width: int = 560, height: int = 440) -> EgoNetwork:
    """The actor in the middle, its partners around it: line width is the number of events,
    colour the mean Goldstein score (cooperation green, conflict red)."""
    shown = list(partners)[:limit]
    cx, cy = width / 2, height / 2
    radius = min(width, height) / 2 - 70
    peak = max([int(p["events"]) for p in shown] + [1])
    nodes = [Node(cx, cy, 16, name, None, "centre", name, "middle")]
    edges: list[Edge] = []
    for i, p in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(shown))
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        mean = p.get("mean_goldstein")
        cls = "neutral" if mean is None or abs(float(mean)) < 0.5 else ("coop" if float(mean) > 0 else "conflict")
        label = p.get("name") or p.get("code") or p["partner"]
        title = (f"{label}: {p['events']} event(s), {p['outgoing']} out, {p['incoming']} in, "
                 f"{p['cooperation']} cooperation, {p['conflict']} conflict"
                 + (f", mean Goldstein {float(mean):.2f}" if mean is not None else ""))
        edges.append(Edge(round(cx, 1), round(cy, 1), round(x, 1), round(y, 1),
                          round(1.5 + 8 * int(p["events"]) / peak, 1), cls, title))
        anchor = "start" if math.cos(angle) > 0.3 else "end" if math.cos(angle) < -0.3 else "middle"
        nodes.append(Node(round(x, 1), round(y, 1), round(5 + 7 * int(p["events"]) / peak, 1), label, href(p),
                          cls, title, anchor))
    return EgoNetwork(width, height, nodes, edges)
