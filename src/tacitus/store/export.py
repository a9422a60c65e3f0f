"""Exports (a registry: one function per format) and imports.

``jsonl`` writes complete documents (the ``tacitus code --format jsonl`` record plus what a store
needs to rebuild them) and is the format to move or rebuild a store with ``tacitus import``.
``csv`` and ``parquet`` write one row per event with every stored column. ``gdelt`` writes the
GDELT 2.0 event table, one row per story event; ``polecat`` writes PLOVER/POLECAT-style JSON, one
record per event. ``docs/store.md`` documents every column.

Adding a format is one function decorated with :func:`exporter`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import duckdb
import pandas as pd

from tacitus.errors import InputError
from tacitus.store import queries
from tacitus.store.records import loads, parse_day


@dataclass
class ExportOptions:
    status: list[str] = field(default_factory=list)
    since: dt.date | None = None
    until: dt.date | None = None
    header: bool = False  # gdelt: GDELT's own files have no header row

    def filters(self) -> dict[str, Any]:
        return {"status": self.status or None, "since": self.since, "until": self.until}


@dataclass(frozen=True)
class Exporter:
    name: str
    write: Callable[[duckdb.DuckDBPyConnection, IO[Any], ExportOptions], int]
    binary: bool
    help: str
    suffix: str


EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str, *, help: str, suffix: str, binary: bool = False) -> Callable[[Any], Any]:
    def register(fn: Callable[[duckdb.DuckDBPyConnection, IO[Any], ExportOptions], int]) -> Any:
        EXPORTERS[name] = Exporter(name, fn, binary, help, suffix)
        return fn

    return register


def export(con: duckdb.DuckDBPyConnection, fmt: str, output: str | Path | None = None,
           options: ExportOptions | None = None) -> int:
    """Write format ``fmt`` to ``output`` (a path, or standard output when None); returns the row count."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(sorted(EXPORTERS))}")
    exp = EXPORTERS[fmt]
    options = options or ExportOptions()
    if output is None or str(output) == "-":
        stream: IO[Any] = sys.stdout.buffer if exp.binary else sys.stdout
        return exp.write(con, stream, options)
    mode = "wb" if exp.binary else "w"
    with open(output, mode, **({} if exp.binary else {"encoding": "utf-8", "newline": ""})) as stream:
        return exp.write(con, stream, options)


# -- jsonl: whole documents -----------------------------------------------------------------------
@exporter("jsonl", help="complete documents, one JSON object a line (re-importable)", suffix=".jsonl")
def export_jsonl(con: duckdb.DuckDBPyConnection, out: IO[str], options: ExportOptions) -> int:
    from tacitus.store.db import iter_records

    ids = None
    if options.since or options.until:
        where, params = ["TRUE"], []
        if options.since:
            where.append("date >= ?")
            params.append(options.since)
        if options.until:
            where.append("date <= ?")
            params.append(options.until)
        ids = [r[0] for r in con.execute(f"SELECT doc_id FROM documents WHERE {' AND '.join(where)}", params).fetchall()]
    n = 0
    for rec in iter_records(con, doc_ids=ids):
        out.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


# -- csv / parquet: one row per event -------------------------------------------------------------
def _event_frame(con: duckdb.DuckDBPyConnection, options: ExportOptions) -> pd.DataFrame:
    return queries.events(con, full=True, **options.filters())


@exporter("csv", help="one row per event, every column", suffix=".csv")
def export_csv(con: duckdb.DuckDBPyConnection, out: IO[str], options: ExportOptions) -> int:
    df = _event_frame(con, options)
    df.to_csv(out, index=False)
    return len(df)


@exporter("parquet", help="one row per event, every column (Parquet)", suffix=".parquet", binary=True)
def export_parquet(con: duckdb.DuckDBPyConnection, out: IO[bytes], options: ExportOptions) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    df = _event_frame(con, options)
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), out)
    return len(df)


# -- gdelt: the GDELT 2.0 event table -------------------------------------------------------------
_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_COLUMNS: list[str] = (
    ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR]
    + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO]
    + [f"Actor2Geo_{c}" for c in _GEO]
    + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
assert len(GDELT_COLUMNS) == 61

# GDELT has no status: a negated or hypothetical event would read as one that happened.
GDELT_DEFAULT_STATUS = ["asserted"]
# GDELT's IsRootEvent marks events of the lead paragraph; the first sentences stand in for it.
LEAD_SENTENCES = 3

_GDELT_SQL = """
    SELECT s.story_id, s.first_day, s.cameo, s.quad_class, s.goldstein, s.num_mentions, s.num_sources,
           s.num_articles, e.source_code, e.target_code, e.source_text, e.target_text, e.sentence_index,
           e.place, d.url, d.origin, d.ingested_at,
           sa.name AS source_name, sa.kind AS source_kind, sa.country AS source_country, sa.sector AS source_sector,
           ta.name AS target_name, ta.kind AS target_kind, ta.country AS target_country, ta.sector AS target_sector
    FROM stories s
    JOIN events e ON e.event_id = s.first_event_id
    JOIN documents d ON d.doc_id = e.doc_id
    LEFT JOIN document_actors sa ON sa.doc_id = e.doc_id AND sa.actor_id = e.source_actor_id
    LEFT JOIN document_actors ta ON ta.doc_id = e.doc_id AND ta.actor_id = e.target_actor_id
    WHERE {where}
    ORDER BY s.first_day NULLS LAST, s.story_id"""


def gdelt_event_id(story_id: str) -> int:
    """GDELT ids are integers: the first 60 bits of the story id's SHA-1 (stable across exports)."""
    return int(hashlib.sha1(story_id.encode()).hexdigest()[:15], 16)


def _actor_fields(code: Any, text: Any, name: Any, kind: Any, country: Any, sector: Any) -> list[Any]:
    code = code or ""
    if not code:
        return [""] * len(_ACTOR)
    group = ""
    if country and code.startswith(country):
        base = country
    elif kind in ("organisation", "group") and not country:
        base = group = code[:3]  # an IGO/NGO code such as UNO: GDELT's KnownGroupCode
    else:
        base = code[:3]
        country = country or base
    rest = code[len(base):] if code.startswith(base) else (sector or "")
    types = [rest[i:i + 3] for i in range(0, 9, 3)]
    display = (name or text or "").upper()
    return [code, display, country or "", group, "", "", "", *types]


def _geo_fields(place: dict[str, Any] | None) -> list[Any]:
    if not place:
        return [""] * len(_GEO)
    name = place.get("resolved_place") or place.get("name") or place.get("text") or place.get("extracted_place") or ""
    country = place.get("country_code") or place.get("country") or ""
    lat, lon = place.get("lat"), place.get("lon", place.get("lng"))
    feature = place.get("geonameid") or place.get("feature_id") or ""
    # GDELT geo types: 1 country, 4 world city/landmark. Without coordinates, only the country is known.
    geo_type = 4 if lat is not None and lon is not None else (1 if country or name else "")
    return [geo_type, name, country, place.get("adm1") or "", place.get("adm2") or "",
            "" if lat is None else lat, "" if lon is None else lon, feature]


def gdelt_rows(con: duckdb.DuckDBPyConnection, options: ExportOptions) -> Iterator[list[Any]]:
    clauses, params = [], []
    status = options.status or GDELT_DEFAULT_STATUS
    clauses.append("s.status IN (SELECT unnest(?::VARCHAR[]))")
    params.append([s.lower() for s in status])
    if options.since:
        clauses.append("s.first_day >= ?")
        params.append(options.since)
    if options.until:
        clauses.append("s.first_day <= ?")
        params.append(options.until)
    cur = con.execute(_GDELT_SQL.format(where=" AND ".join(clauses)), params)
    names = [d[0] for d in cur.description]
    for values in cur.fetchall():
        r = dict(zip(names, values, strict=True))
        day: dt.date | None = r["first_day"]
        cameo = r["cameo"] or ""
        added = r["ingested_at"]
        yield [
            gdelt_event_id(r["story_id"]),
            day.strftime("%Y%m%d") if day else "",
            day.strftime("%Y%m") if day else "",
            day.year if day else "",
            # GDELT's own formula: (month * 30 + day) / 365 as the fraction of the year.
            f"{day.year + (day.month * 30 + day.day) / 365:.4f}" if day else "",
            *_actor_fields(r["source_code"], r["source_text"], r["source_name"], r["source_kind"],
                           r["source_country"], r["source_sector"]),
            *_actor_fields(r["target_code"], r["target_text"], r["target_name"], r["target_kind"],
                           r["target_country"], r["target_sector"]),
            1 if (r["sentence_index"] is not None and r["sentence_index"] < LEAD_SENTENCES) else 0,
            cameo, cameo[:3], cameo[:2],
            "" if r["quad_class"] is None else r["quad_class"],
            "" if r["goldstein"] is None else round(float(r["goldstein"]), 1),
            r["num_mentions"], r["num_sources"], r["num_articles"],
            "",  # AvgTone: Tacitus does not score tone
            *([""] * len(_GEO)), *([""] * len(_GEO)),  # Actor1Geo, Actor2Geo: actors are not geolocated
            *_geo_fields(loads(r["place"])),
            added.strftime("%Y%m%d%H%M%S") if added else "",
            r["url"] or r["origin"] or "",
        ]


@exporter("gdelt", help="GDELT 2.0 event table: 61 tab-separated columns, one row per story event", suffix=".csv")
def export_gdelt(con: duckdb.DuckDBPyConnection, out: IO[str], options: ExportOptions) -> int:
    def clean(v: Any) -> str:  # a tab or newline inside a field would break every GDELT loader
        return " ".join(str(v).split()) if isinstance(v, str) else str(v)

    n = 0
    if options.header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    for row in gdelt_rows(con, options):
        out.write("\t".join(clean(v) for v in row) + "\n")
        n += 1
    return n


# -- polecat: PLOVER / POLECAT-style event records ------------------------------------------------
_POLECAT_SQL = """
    SELECT e.*, d.title, d.outlet, d.url, d.date AS doc_date, d.origin, d.content_hash, se.story_id,
           sa.name AS source_name, sa.kind AS source_kind, ta.name AS target_name, ta.kind AS target_kind
    FROM events e JOIN documents d USING (doc_id)
    LEFT JOIN story_events se USING (event_id)
    LEFT JOIN document_actors sa ON sa.doc_id = e.doc_id AND sa.actor_id = e.source_actor_id
    LEFT JOIN document_actors ta ON ta.doc_id = e.doc_id AND ta.actor_id = e.target_actor_id
    WHERE {where}
    ORDER BY d.date NULLS FIRST, e.doc_id, e.event_index"""


def _entity(r: dict[str, Any], side: str) -> list[dict[str, Any]]:
    code, text = r[f"{side}_code"], r[f"{side}_text"]
    if code is None and text is None:
        return []
    code = code or ""
    return [{
        "code": code[:3] or None,
        "sector": code[3:] or None,
        "cameo_code": code,
        "name": r[f"{side}_name"],
        "type": r[f"{side}_kind"],
        "entity_text": text,
        "identifier_id": r[f"{side}_actor_id"],
        "start": r[f"{side}_start"],
        "end": r[f"{side}_end"],
    }]


def polecat_record(r: dict[str, Any]) -> dict[str, Any]:
    day, doc_date = r["event_day"], r["doc_date"]
    return {
        "event_id": r["event_id"],
        "event_date": day.isoformat() if day else None,
        "event_type": r["plover"],
        "mode": [r["mode"]] if r["mode"] else [],
        "context": [r["context"]] if r["context"] else [],
        "quad_code": r["quad_class"],
        "goldstein": r["goldstein"],
        "cameo": r["cameo"],
        "status": r["status"],
        "attribution": r["attribution"],
        "actor": _entity(r, "source"),
        "recipient": _entity(r, "target"),
        "location": loads(r["place"]),
        "event_text": r["trigger_text"],
        "text": r["sentence"],
        "text_info": {"sequence": r["sentence_index"], "start": r["trigger_start"], "end": r["trigger_end"]},
        "event_date_raw": r["date"],
        "date_precision": r["date_precision"],
        "date_text": r["date_text"],
        "confidence": r["confidence"],
        "evidence": loads(r["evidence"]) or [],
        "link": r["story_id"],
        "story_id": r["doc_id"],
        "story_date": doc_date.isoformat() if doc_date else None,
        "story_hash": r["content_hash"],
        "cite_info": {"title": r["title"], "url": r["url"], "publication": r["outlet"], "citation": r["origin"]},
        "coder": "tacitus",
    }


@exporter("polecat", help="PLOVER/POLECAT-style JSON records, one event a line (re-importable)", suffix=".jsonl")
def export_polecat(con: duckdb.DuckDBPyConnection, out: IO[str], options: ExportOptions) -> int:
    where, params = queries.event_where(**options.filters())
    cur = con.execute(_POLECAT_SQL.format(where=where), params)
    names = [d[0] for d in cur.description]
    n = 0
    while batch := cur.fetchmany(1000):
        for values in batch:
            out.write(json.dumps(polecat_record(dict(zip(names, values, strict=True))), ensure_ascii=False, default=str) + "\n")
            n += 1
    return n


# -- import ---------------------------------------------------------------------------------------
def is_polecat(obj: dict[str, Any]) -> bool:
    return "event_id" in obj and "event_type" in obj


def polecat_documents(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """POLECAT records grouped back into document records (events, actors, evidence sentences).

    A POLECAT record carries the evidence sentence, not the article: the rebuilt documents have
    no text and no quotes. Use the ``jsonl`` export to move complete documents.
    """
    docs: dict[str, dict[str, Any]] = {}
    for r in records:
        doc_id = r["story_id"]
        cite = r.get("cite_info") or {}
        doc = docs.setdefault(doc_id, {
            "doc_id": doc_id, "title": cite.get("title"), "byline": None, "outlet": cite.get("publication"),
            "url": cite.get("url"), "date": r.get("story_date"), "origin": cite.get("citation"),
            "content_hash": r.get("story_hash"), "text": "", "actors": [], "events": [], "quotes": [],
            "sentence_spans": [], "_actor_ids": set(), "_sentences": set(),
        })
        sides = {}
        for side, key in (("source", "actor"), ("target", "recipient")):
            ents = r.get(key) or []
            ent = ents[0] if ents else None
            sides[side] = None if ent is None else {
                "text": ent.get("entity_text"), "code": ent.get("cameo_code") or "", "actor_id": ent.get("identifier_id"),
                "start": ent.get("start"), "end": ent.get("end"),
            }
            if ent and ent.get("identifier_id") and ent["identifier_id"] not in doc["_actor_ids"]:
                doc["_actor_ids"].add(ent["identifier_id"])
                doc["actors"].append({
                    "id": ent["identifier_id"], "name": ent.get("name"), "kind": ent.get("type"),
                    "country": ent.get("code"), "sector": ent.get("sector"), "code": ent.get("cameo_code"),
                    "evidence": [], "mentions": [],
                })
        info = r.get("text_info") or {}
        seq = info.get("sequence")
        if seq is not None and seq not in doc["_sentences"]:
            doc["_sentences"].add(seq)
            doc["sentence_spans"].append({"index": seq, "start": None, "end": None, "clean_start": None,
                                          "clean_end": None, "text": r.get("text")})
        doc["events"].append({
            "id": r["event_id"], "doc_id": doc_id, "sentence_index": seq,
            "source": sides["source"], "target": sides["target"],
            "plover": r.get("event_type"), "mode": ",".join(r.get("mode") or []),
            "context": ",".join(r.get("context") or []), "cameo": r.get("cameo"), "goldstein": r.get("goldstein"),
            "quad_class": r.get("quad_code"), "status": r.get("status"), "attribution": r.get("attribution"),
            "date": r.get("event_date_raw"), "date_precision": r.get("date_precision"),
            "date_text": r.get("date_text"), "place": r.get("location"),
            "trigger": {"text": r.get("event_text"), "start": info.get("start"), "end": info.get("end")},
            "sentence": r.get("text"), "confidence": r.get("confidence"), "evidence": r.get("evidence") or [],
        })
    out = []
    for doc in docs.values():
        doc.pop("_actor_ids")
        doc.pop("_sentences")
        doc["sentence_spans"].sort(key=lambda s: s["index"])
        out.append(doc)
    return out


@dataclass
class ImportSummary:
    lines: int = 0
    documents: int = 0
    stored: int = 0
    duplicates: int = 0
    events: int = 0
    errors: list[InputError] = field(default_factory=list)


def _lines(path: str | Path) -> Iterator[str]:
    if str(path) == "-":
        yield from sys.stdin
        return
    with open(path, encoding="utf-8") as fh:
        yield from fh


def check_record(obj: dict[str, Any]) -> None:
    """Refuse a document record the store could not hold, before it can fail a whole batch."""
    if not isinstance(obj.get("doc_id"), str) or not obj["doc_id"]:
        raise ValueError("doc_id must be a non-empty string")
    if obj.get("date") and parse_day(obj["date"]) is None:
        raise ValueError(f"the date {obj['date']!r} is not YYYY-MM-DD")
    for key in ("events", "actors", "quotes"):
        if not isinstance(obj.get(key) or [], list):
            raise ValueError(f"{key} must be a list")
    if any(not isinstance(e, dict) or not e.get("id") for e in obj.get("events") or []):
        raise ValueError("every event needs an id")
    if any(not isinstance(a, dict) or not a.get("id") for a in obj.get("actors") or []):
        raise ValueError("every actor needs an id")


def read_export(path: str | Path, summary: ImportSummary) -> Iterator[dict[str, Any]]:
    """Document records from a ``jsonl`` or ``polecat`` export (detected line by line)."""
    polecat: list[dict[str, Any]] = []
    for n, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        summary.lines += 1
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            if is_polecat(obj):
                if not obj.get("story_id") or not obj.get("event_id"):
                    raise ValueError("a POLECAT record needs event_id and story_id")
                polecat.append(obj)
            elif "doc_id" in obj and "events" in obj:
                obj.setdefault("text", "")
                check_record(obj)
                yield obj
            else:
                raise ValueError("neither a Tacitus document record (doc_id, events) nor a POLECAT record "
                                 "(event_id, event_type)")
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            summary.errors.append(InputError(str(path), f"cannot import this line: {exc}", line=n))
    yield from polecat_documents(polecat)


def import_jsonl(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    batch_size: int = 200,
    window_days: int | None = None,
    run_id: str | None = None,
) -> ImportSummary:
    """Import a ``jsonl`` or ``polecat`` export into a store (idempotent, like ingest)."""
    from tacitus.analysis.dedup import DEFAULT_WINDOW_DAYS, recompute_stories
    from tacitus.store.db import error_row, get_meta, write_batch
    from tacitus.store.memory import StorePeopleMemory

    summary = ImportSummary()
    memory = StorePeopleMemory(con)
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        new_errors = summary.errors[flushed[0]:]
        flushed[0] = len(summary.errors)
        result = write_batch(
            con, batch, run_id=run_id, memory=memory,
            errors=[error_row(run_id, e.message, origin=e.origin, line=e.line, code=e.code, kind="InputError")
                    for e in new_errors],
        )
        summary.stored += result.stored
        summary.duplicates += result.duplicates
        summary.events += result.events
        batch.clear()

    flushed = [0]
    for rec in read_export(path, summary):
        summary.documents += 1
        batch.append(rec)
        if len(batch) >= batch_size:
            flush()
    flush()
    if window_days is None:
        window_days = int(get_meta(con, "story_window_days") or DEFAULT_WINDOW_DAYS)
    recompute_stories(con, window_days)
    return summary
