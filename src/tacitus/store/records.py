"""Document records <-> store rows.

A *record* is what ``tacitus code --format jsonl`` prints for a document (``Document.to_dict()``)
plus the few keys a store needs to rebuild it exactly (``dek``, ``original``, ``offsets``,
``removed``, ``sentence_spans``). Ingest, import and the JSONL export all go through records, so
a store exported to JSONL and imported elsewhere holds the same rows.

Rows are built as Arrow tables with explicit types: DuckDB ingests them in bulk, and an empty
batch still has the right columns.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from tacitus.actors.memory import LearnedPerson
from tacitus.document import Document, content_hash

# Short names keep the column lists below readable as tables.
S, INT, F, D = pa.string(), pa.int32(), pa.float64(), pa.date32()
TS = pa.timestamp("us")

# Column order and types of every table written in bulk; ``tests/test_store.py`` checks these
# against the DDL in ``schema.py``.
COLUMNS: dict[str, list[tuple[str, pa.DataType]]] = {
    "documents": [
        ("doc_id", S), ("content_hash", S), ("title", S), ("byline", S), ("outlet", S), ("url", S),
        ("date", D), ("dek", S), ("origin", S), ("text", S), ("original", S), ("offsets", S),
        ("removed", S), ("skipped", S), ("n_sentences", INT), ("ingested_at", TS), ("run_id", S),
    ],
    "sentences": [
        ("doc_id", S), ("sentence_index", INT), ("start", INT), ("end", INT), ("clean_start", INT),
        ("clean_end", INT), ("text", S),
    ],
    "document_actors": [
        ("doc_id", S), ("actor_index", INT), ("actor_id", S), ("name", S), ("kind", S), ("code", S),
        ("country", S), ("sector", S), ("evidence", S),
    ],
    "mentions": [
        ("doc_id", S), ("mention_index", INT), ("actor_id", S), ("text", S), ("start", INT), ("end", INT),
        ("sentence_index", INT), ("code", S), ("how", S),
    ],
    "events": [
        ("event_id", S), ("doc_id", S), ("event_index", INT), ("sentence_index", INT),
        ("source_text", S), ("source_code", S), ("source_actor_id", S), ("source_start", INT), ("source_end", INT),
        ("target_text", S), ("target_code", S), ("target_actor_id", S), ("target_start", INT), ("target_end", INT),
        ("plover", S), ("mode", S), ("context", S), ("cameo", S), ("goldstein", F), ("quad_class", INT),
        ("status", S), ("attribution", S), ("date", S), ("date_precision", S), ("date_text", S),
        ("event_day", D), ("place", S), ("trigger_text", S), ("trigger_start", INT), ("trigger_end", INT),
        ("sentence", S), ("confidence", F), ("evidence", S), ("mutual", pa.bool_()),
    ],
    "quotes": [
        ("doc_id", S), ("quote_index", INT), ("text", S), ("start", INT), ("end", INT), ("speaker_text", S),
        ("speaker_code", S), ("speaker_actor_id", S), ("speaker_start", INT), ("speaker_end", INT),
    ],
    "stories": [
        ("story_id", S), ("source_code", S), ("target_code", S), ("plover", S), ("status", S), ("cameo", S),
        ("quad_class", INT), ("goldstein", F), ("first_day", D), ("last_day", D), ("first_event_id", S),
        ("num_mentions", INT), ("num_articles", INT), ("num_sources", INT), ("window_days", INT),
        ("mutual", pa.bool_()),
    ],
    "story_events": [("story_id", S), ("event_id", S)],
    "errors": [
        ("run_id", S), ("origin", S), ("line", INT), ("doc_id", S), ("code", S), ("kind", S), ("message", S),
        ("logged_at", TS),
    ],
}
ROW_TABLES = ("documents", "sentences", "document_actors", "mentions", "events", "quotes")
ACTOR_REF_KEYS = ("text", "code", "actor_id", "start", "end")


# Arrow schemas of COLUMNS, built once (every batch writes every table).
_SCHEMAS = {name: pa.schema(columns) for name, columns in COLUMNS.items()}


def arrow_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=_SCHEMAS[name])


def frame_table(name: str, frame: Any) -> pa.Table:
    """A pandas frame as an Arrow table of a store table's types (NaN and NaT become NULL)."""
    schema = pa.schema(COLUMNS[name])
    return pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)


# What json.dumps(value, ensure_ascii=False, default=str) builds on every call, built once: a
# record has a JSON column per actor and two per event.
_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode


def dumps(value: Any) -> str | None:
    """JSON text for a JSON column; None stays NULL. Keys keep their order: the record's order."""
    return None if value is None else _ENCODE(value)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


# -- Document -> record ---------------------------------------------------------------------------
def document_record(doc: Document) -> dict[str, Any]:
    """The output record plus what a store needs to rebuild the document."""
    rec = doc.to_dict()
    # The record groups mentions by actor; number them in the document's order so the store can
    # keep that order (and an export can give it back).
    order: dict[str, list[int]] = {}
    for i, m in enumerate(doc.mentions):
        order.setdefault(m.actor_id, []).append(i)
    for a in rec["actors"]:
        for m, i in zip(a["mentions"], order.get(a["id"], []), strict=False):
            m["mention_index"] = i
    rec["dek"] = doc.dek
    rec["original"] = doc.original if doc.original != doc.text else None
    rec["offsets"] = [list(p) for p in doc.offsets.pieces]
    rec["removed"] = doc.removed
    rec["sentence_spans"] = [
        {
            "index": s.index,
            "start": doc.to_original(s.start),
            "end": doc.to_original(s.end),
            "clean_start": s.start,
            "clean_end": s.end,
            "text": s.text,
        }
        for s in doc.sentences
    ]
    return rec


def learned_people(record: dict[str, Any]) -> list[LearnedPerson]:
    """People a document taught: persons the resolver coded from the article's own words."""
    day = parse_day(record.get("date"))
    people = []
    for a in record.get("actors") or []:
        if a.get("kind") == "person" and a.get("evidence"):
            evidence = list(a["evidence"])
            people.append(
                LearnedPerson(
                    name=a["name"], country=a.get("country"), sector=a.get("sector"),
                    title=evidence[0], evidence=evidence, count=1, last_seen=day,
                )
            )
    return people


# -- record -> rows -------------------------------------------------------------------------------
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def parse_day(value: Any) -> dt.date | None:
    """A day from an ISO date, a month (``2016-06`` -> the 1st) or a year; None if none."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _PARTIAL_DATE.match(str(value).strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def record_hash(record: dict[str, Any]) -> str:
    return record.get("content_hash") or content_hash(record.get("text") or "")


def record_rows(
    record: dict[str, Any], *, run_id: str | None, ingested_at: dt.datetime
) -> dict[str, list[dict[str, Any]]]:
    """One record as rows of every per-document table."""
    doc_id = record["doc_id"]
    doc_day = parse_day(record.get("date"))
    spans = record.get("sentence_spans") or []
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in ROW_TABLES}
    rows["documents"].append(
        {
            "doc_id": doc_id,
            "content_hash": record_hash(record),
            "title": record.get("title"),
            "byline": record.get("byline"),
            "outlet": record.get("outlet"),
            "url": record.get("url"),
            "date": doc_day,
            "dek": record.get("dek"),
            "origin": record.get("origin"),
            "text": record.get("text"),
            "original": record.get("original"),
            "offsets": dumps(record.get("offsets")),
            "removed": dumps(record.get("removed")),
            "skipped": record.get("skipped"),
            # A record that lost its sentence list (a POLECAT import) keeps the coded count.
            "n_sentences": record.get("sentences") if isinstance(record.get("sentences"), int) else len(spans),
            "ingested_at": ingested_at,
            "run_id": run_id,
        }
    )
    for s in spans:
        rows["sentences"].append(
            {
                "doc_id": doc_id, "sentence_index": s["index"], "start": s.get("start"), "end": s.get("end"),
                "clean_start": s.get("clean_start"), "clean_end": s.get("clean_end"), "text": s.get("text"),
            }
        )
    mention_rows = []
    for i, a in enumerate(record.get("actors") or []):
        rows["document_actors"].append(
            {
                "doc_id": doc_id, "actor_index": i, "actor_id": a["id"], "name": a.get("name"),
                "kind": a.get("kind"), "code": a.get("code"), "country": a.get("country"),
                "sector": a.get("sector"), "evidence": dumps(a.get("evidence") or []),
            }
        )
        for m in a.get("mentions") or []:
            mention_rows.append((m.get("mention_index", len(mention_rows)), a["id"], m))
    # Mentions are grouped by actor in the record; the document's own order is kept when known.
    for j, (_, actor_id, m) in enumerate(sorted(mention_rows, key=lambda t: t[0])):
        rows["mentions"].append(
            {
                "doc_id": doc_id, "mention_index": j, "actor_id": actor_id, "text": m.get("text"),
                "start": m.get("start"), "end": m.get("end"), "sentence_index": m.get("sentence_index"),
                "code": m.get("code"), "how": m.get("how"),
            }
        )
    for i, e in enumerate(record.get("events") or []):
        rows["events"].append(event_row(e, doc_id, i, doc_day))
    for i, q in enumerate(record.get("quotes") or []):
        sp = q.get("speaker") or {}
        rows["quotes"].append(
            {
                "doc_id": doc_id, "quote_index": i, "text": q.get("text"), "start": q.get("start"),
                "end": q.get("end"), "speaker_text": sp.get("text"), "speaker_code": sp.get("code"),
                "speaker_actor_id": sp.get("actor_id"), "speaker_start": sp.get("start"),
                "speaker_end": sp.get("end"),
            }
        )
    return rows


def event_row(e: dict[str, Any], doc_id: str, index: int, doc_day: dt.date | None) -> dict[str, Any]:
    row: dict[str, Any] = {"event_id": e["id"], "doc_id": doc_id, "event_index": index}
    row["sentence_index"] = e.get("sentence_index")
    for side in ("source", "target"):
        ref = e.get(side) or {}
        for key in ACTOR_REF_KEYS:
            row[f"{side}_{key}"] = ref.get(key)
    for key in ("plover", "mode", "context", "cameo", "goldstein", "quad_class", "status", "attribution",
                "date", "date_precision", "date_text", "sentence", "confidence"):
        row[key] = e.get(key)
    row["event_day"] = parse_day(e.get("date")) or doc_day
    row["place"] = dumps(e.get("place"))
    trig = e.get("trigger") or {}
    row["trigger_text"], row["trigger_start"], row["trigger_end"] = trig.get("text"), trig.get("start"), trig.get("end")
    row["evidence"] = dumps(e.get("evidence") or [])
    row["mutual"] = bool(e.get("symmetric"))
    return row


# -- rows -> record -------------------------------------------------------------------------------
def event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """An ``events`` row back in the output record's shape (``Event.to_dict()``)."""

    def ref(side: str) -> dict[str, Any] | None:
        if row.get(f"{side}_text") is None and row.get(f"{side}_code") is None:
            return None
        return {key: row.get(f"{side}_{key}") for key in ACTOR_REF_KEYS}

    return {
        "id": row["event_id"],
        "doc_id": row["doc_id"],
        "sentence_index": row.get("sentence_index"),
        "source": ref("source"),
        "target": ref("target"),
        "plover": row.get("plover"),
        "mode": row.get("mode"),
        "context": row.get("context"),
        "cameo": row.get("cameo"),
        "goldstein": row.get("goldstein"),
        "quad_class": row.get("quad_class"),
        "status": row.get("status"),
        "attribution": row.get("attribution"),
        "date": row.get("date"),
        "date_precision": row.get("date_precision"),
        "date_text": row.get("date_text"),
        "place": loads(row.get("place")),
        "trigger": {"text": row.get("trigger_text"), "start": row.get("trigger_start"), "end": row.get("trigger_end")},
        "sentence": row.get("sentence"),
        "confidence": row.get("confidence"),
        "evidence": loads(row.get("evidence")) or [],
        "symmetric": bool(row.get("mutual")),
    }


def assemble_record(
    doc: dict[str, Any],
    sentences: Iterable[dict[str, Any]],
    actors: Iterable[dict[str, Any]],
    mentions: Iterable[dict[str, Any]],
    events: Iterable[dict[str, Any]],
    quotes: Iterable[dict[str, Any]],
) -> dict[str, Any]:
    """Rows of one document (each iterable in index order) back into its record."""
    by_actor: dict[str, list[dict[str, Any]]] = {}
    for m in mentions:
        by_actor.setdefault(m["actor_id"], []).append(
            {
                "text": m["text"], "start": m["start"], "end": m["end"], "sentence_index": m["sentence_index"],
                "code": m["code"], "how": m["how"], "mention_index": m["mention_index"],
            }
        )
    spans = [
        {
            "index": s["sentence_index"], "start": s["start"], "end": s["end"],
            "clean_start": s["clean_start"], "clean_end": s["clean_end"], "text": s["text"],
        }
        for s in sentences
    ]
    date = doc.get("date")
    return {
        "doc_id": doc["doc_id"],
        "title": doc.get("title"),
        "byline": doc.get("byline"),
        "outlet": doc.get("outlet"),
        "url": doc.get("url"),
        "date": date.isoformat() if date else None,
        "origin": doc.get("origin"),
        "content_hash": doc["content_hash"],
        "text": doc.get("text"),
        "sentences": doc.get("n_sentences"),
        "actors": [
            {
                "id": a["actor_id"], "name": a["name"], "kind": a["kind"], "country": a["country"],
                "sector": a["sector"], "code": a["code"], "evidence": loads(a["evidence"]) or [],
                "mentions": by_actor.get(a["actor_id"], []),
            }
            for a in actors
        ],
        "events": [event_dict(e) for e in events],
        "quotes": [
            {
                "text": q["text"],
                "speaker": None if q["speaker_text"] is None and q["speaker_code"] is None else {
                    "text": q["speaker_text"], "code": q["speaker_code"], "actor_id": q["speaker_actor_id"],
                    "start": q["speaker_start"], "end": q["speaker_end"],
                },
                "start": q["start"],
                "end": q["end"],
            }
            for q in quotes
        ],
        "skipped": doc.get("skipped"),
        "dek": doc.get("dek"),
        "original": doc.get("original"),
        "offsets": loads(doc.get("offsets")),
        "removed": loads(doc.get("removed")),
        "sentence_spans": spans,
    }
