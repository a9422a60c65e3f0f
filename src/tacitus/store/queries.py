"""Questions asked of a store, as SQL with bound parameters only, answered as pandas frames.

Actor filters match CAMEO codes by prefix: ``ISR`` matches ``ISR``, ``ISRGOV`` and ``ISRMIL``,
because an analyst asking about Israel means its government and military too.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import duckdb
import pandas as pd

from tacitus.store.records import loads

Filter = str | Sequence[str] | None

SUMMARY_COLUMNS = """e.event_id, e.event_day AS day, e.source_code, e.plover, e.target_code, e.cameo, e.status,
    e.goldstein, e.quad_class, e.source_text, e.trigger_text, e.target_text, e.attribution, e.confidence,
    e.sentence, e.doc_id, d.title, d.outlet, d.url, se.story_id"""
FULL_COLUMNS = """e.*, d.title, d.outlet, d.url, d.date AS doc_date, se.story_id"""
FROM_EVENTS = """FROM events e JOIN documents d USING (doc_id)
    LEFT JOIN story_events se USING (event_id)"""
ORDER_EVENTS = "ORDER BY e.event_day NULLS LAST, e.doc_id, e.event_index"


def _values(value: Filter) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    return [v.strip() for part in value for v in str(part).split(",") if v.strip()]


def _day(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def event_where(
    *,
    source: Filter = None,
    target: Filter = None,
    actor: Filter = None,
    plover: Filter = None,
    root: Filter = None,
    status: Filter = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    search: str | None = None,
    doc_id: str | None = None,
    alias: str = "e",
) -> tuple[str, list[Any]]:
    """A WHERE clause (``"TRUE"`` when empty) and its parameters for the event filters."""
    a = f"{alias}." if alias else ""
    clauses: list[str] = []
    params: list[Any] = []

    def prefix(columns: Sequence[str], codes: list[str]) -> None:
        if codes:
            ors = [f"starts_with({a}{col}, ?)" for code in codes for col in columns]
            clauses.append("(" + " OR ".join(ors) + ")")
            params.extend(code.upper() for code in codes for _ in columns)

    def one_of(expr: str, values: list[str]) -> None:
        if values:
            clauses.append(f"{expr} IN (SELECT unnest(?::VARCHAR[]))")
            params.append(values)

    prefix(["source_code"], _values(source))
    prefix(["target_code"], _values(target))
    prefix(["source_code", "target_code"], _values(actor))
    one_of(f"{a}plover", [v.upper() for v in _values(plover)])
    one_of(f"left({a}cameo, 2)", [v.zfill(2) for v in _values(root)])
    one_of(f"{a}status", [v.lower() for v in _values(status)])
    if since is not None:
        clauses.append(f"{a}event_day >= ?")
        params.append(_day(since))
    if until is not None:
        clauses.append(f"{a}event_day <= ?")
        params.append(_day(until))
    if search:
        clauses.append(f"strpos(lower({a}sentence), lower(?)) > 0")
        params.append(search)
    if doc_id:
        clauses.append(f"{a}doc_id = ?")
        params.append(doc_id)
    return (" AND ".join(clauses) or "TRUE"), params


def events(con: duckdb.DuckDBPyConnection, *, limit: int | None = None, full: bool = False, **filters: Any) -> pd.DataFrame:
    """Events matching the filters, in time order. ``full`` gives every stored column."""
    where, params = event_where(**filters)
    sql = f"SELECT {FULL_COLUMNS if full else SUMMARY_COLUMNS} {FROM_EVENTS} WHERE {where} {ORDER_EVENTS}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return con.execute(sql, params).df()


def event_detail(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """One event with its document, evidence sentences and the other reports of its story.

    ``event_id`` may be a unique prefix of an id (ids are long hashes).
    """
    ids = [r[0] for r in con.execute(
        "SELECT event_id FROM events WHERE starts_with(event_id, ?) ORDER BY event_id LIMIT 2", [event_id]
    ).fetchall()]
    if event_id in ids:
        ids = [event_id]
    if len(ids) != 1:
        return None
    cur = con.execute(f"SELECT {FULL_COLUMNS} {FROM_EVENTS} WHERE e.event_id = ?", [ids[0]])
    names = [d[0] for d in cur.description]
    row = dict(zip(names, cur.fetchone(), strict=True))
    row["place"], row["evidence"] = loads(row["place"]), loads(row["evidence"]) or []
    wanted = sorted({row["sentence_index"], *(ev.get("sentence_index") for ev in row["evidence"])} - {None})
    row["sentences"] = _dicts(con.execute(
        """SELECT sentence_index, start, "end", text FROM sentences
           WHERE doc_id = ? AND sentence_index IN (SELECT unnest(?::INTEGER[])) ORDER BY sentence_index""",
        [row["doc_id"], wanted],
    ))
    row["story"] = None
    if row["story_id"]:
        story = _dicts(con.execute("SELECT * FROM stories WHERE story_id = ?", [row["story_id"]]))
        row["story"] = story[0] if story else None
        row["story_members"] = _dicts(con.execute(
            """SELECT e.event_id, e.event_day AS day, e.doc_id, d.outlet, d.title, d.url, e.status, e.sentence,
                      e.trigger_text, e.source_text, e.target_text
               FROM story_events se JOIN events e USING (event_id) JOIN documents d USING (doc_id)
               WHERE se.story_id = ? ORDER BY e.event_day, e.event_id""",
            [row["story_id"]],
        ))
    return row


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def top_actors(con: duckdb.DuckDBPyConnection, top: int = 20, **filters: Any) -> pd.DataFrame:
    """Actors by the number of events they take part in (as source or target)."""
    where, params = event_where(alias="", **filters)
    sql = f"""
        WITH e AS (SELECT * FROM events WHERE {where}),
        sides AS (
            SELECT source_actor_id AS actor_id, source_code AS code, source_text AS text, 1 AS src FROM e
            WHERE source_code IS NOT NULL OR source_actor_id IS NOT NULL
            UNION ALL
            SELECT target_actor_id, target_code, target_text, 0 FROM e
            WHERE target_code IS NOT NULL OR target_actor_id IS NOT NULL
        )
        SELECT coalesce(s.actor_id, 'code:' || s.code) AS actor,
               coalesce(any_value(a.name), mode(s.text)) AS name,
               mode(s.code) AS code,
               any_value(a.kind) AS kind,
               sum(s.src)::INTEGER AS as_source,
               (count(*) - sum(s.src))::INTEGER AS as_target,
               count(*)::INTEGER AS events
        FROM sides s LEFT JOIN actors a USING (actor_id)
        GROUP BY 1 ORDER BY events DESC, actor LIMIT ?"""
    return con.execute(sql, [*params, int(top)]).df()


def network_edges(con: duckdb.DuckDBPyConnection, **filters: Any) -> pd.DataFrame:
    """Directed actor-to-actor edges (by CAMEO code) with counts and Goldstein scores."""
    where, params = event_where(**filters)
    sql = f"""
        SELECT e.source_code AS source, e.target_code AS target, count(*)::INTEGER AS count,
               avg(e.goldstein) AS mean_goldstein, sum(e.goldstein) AS sum_goldstein,
               count(*) FILTER (WHERE e.quad_class IN (1, 2))::INTEGER AS cooperation,
               count(*) FILTER (WHERE e.quad_class IN (3, 4))::INTEGER AS conflict
        FROM events e
        WHERE e.source_code IS NOT NULL AND e.target_code IS NOT NULL AND e.source_code <> '' AND e.target_code <> ''
          AND {where}
        GROUP BY 1, 2 ORDER BY count DESC, source, target"""
    return con.execute(sql, params).df()


def code_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """A readable name per actor code (the most common canonical name coded with it)."""
    rows = con.execute(
        "SELECT code, mode(name) FROM document_actors WHERE code IS NOT NULL AND code <> '' GROUP BY code"
    ).fetchall()
    return dict(rows)


def write_graphml(edges: pd.DataFrame, out: str | Path | IO[bytes], names: dict[str, str] | None = None) -> None:
    """Edges as GraphML (directed; node ``label``, edge ``count``/``mean_goldstein``/...) for Gephi and networkx."""
    names = names or {}
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", {"xmlns": ns})
    keys = [
        ("label", "node", "string"), ("count", "edge", "int"), ("mean_goldstein", "edge", "double"),
        ("sum_goldstein", "edge", "double"), ("cooperation", "edge", "int"), ("conflict", "edge", "int"),
    ]
    for name, domain, kind in keys:
        ET.SubElement(root, "key", {"id": name, "for": domain, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, "graph", {"id": "tacitus", "edgedefault": "directed"})
    nodes = sorted(set(edges["source"]) | set(edges["target"])) if len(edges) else []
    for code in nodes:
        node = ET.SubElement(graph, "node", {"id": code})
        ET.SubElement(node, "data", {"key": "label"}).text = names.get(code, code)
    for i, e in enumerate(edges.itertuples(index=False)):
        edge = ET.SubElement(graph, "edge", {"id": f"e{i}", "source": e.source, "target": e.target})
        for name, _, kind in keys[1:]:
            value = getattr(e, name)
            ET.SubElement(edge, "data", {"key": name}).text = str(int(value) if kind == "int" else float(value))
    ET.indent(root)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)


def documents(con: duckdb.DuckDBPyConnection, *, limit: int | None = None, search: str | None = None) -> pd.DataFrame:
    sql = """SELECT d.doc_id, d.date, d.title, d.outlet, d.url, d.origin, d.n_sentences, d.skipped,
                    (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id)::INTEGER AS events,
                    d.content_hash, d.ingested_at
             FROM documents d"""
    params: list[Any] = []
    if search:
        sql += " WHERE strpos(lower(d.title), lower(?)) > 0 OR strpos(lower(d.text), lower(?)) > 0"
        params += [search, search]
    sql += " ORDER BY d.date NULLS FIRST, d.doc_id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return con.execute(sql, params).df()


def learned(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """What the store learned about people, most confirmed first."""
    df = con.execute(
        """SELECT name, country, sector, coalesce(country, '') || coalesce(sector, '') AS code, title,
                  count, last_seen, pinned, evidence
           FROM affiliations ORDER BY pinned DESC, count DESC, name_key"""
    ).df()
    df["evidence"] = [loads(v) or [] for v in df["evidence"]]
    return df


def runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * EXCLUDE (paths, options) FROM runs ORDER BY started_at").df()


def errors(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    if run_id:
        return con.execute("SELECT * FROM errors WHERE run_id = ? ORDER BY logged_at", [run_id]).df()
    return con.execute("SELECT * FROM errors ORDER BY logged_at").df()
