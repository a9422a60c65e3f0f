"""Loading gold files: the JSONL event gold of GUIDELINES.md and the PLOVER gold-standard records.

Both become a :class:`GoldSet` of :class:`GoldDocument` s whose events are dicts the scorer reads
(``source``, ``target``, ``plover``, ``plover_alt``, ``cameo``, ``status``, ``symmetric``,
``optional``). The two formats are told apart by shape, not by file name:

* **seeds** (JSONL): one document per line, ``{"doc" | "text", "pub_date", "events": [...]}``;
  ``doc`` names a file in the documents folder (by default ``../seeds`` beside the gold folder).
* **plover** (JSON list): one record per sentence (``text``, ``date``, ``event``, ``source`` and
  ``target`` lists of ``{actorText, code, sector}``); each record is a one-sentence document with
  one gold event.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tacitus.document import STATUSES
from tacitus.errors import DataFileError, InputError

# PLOVER 0.5b1 labels (the gold records) -> the PLOVER types Tacitus codes.
PLOVER_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}

SEEDS, PLOVER = "seeds", "plover"


@dataclass
class GoldDocument:
    doc_id: str
    text: str
    date: dt.date | None
    events: list[dict[str, Any]]
    origin: str  # where the text came from: a file, or ``gold:line`` / the record id


@dataclass
class GoldSet:
    path: Path
    format: str  # SEEDS | PLOVER
    documents: list[GoldDocument]

    @property
    def event_count(self) -> int:
        return sum(len(d.events) for d in self.documents)


def default_docs_dir(gold_path: Path) -> Path:
    """Where the documents a seeds gold file names live: ``../seeds`` relative to its folder."""
    return gold_path.resolve().parent.parent / "seeds"


def read_gold(path: Path) -> tuple[str, list[Any]]:
    """Parse a gold file and say which format it is: ``(SEEDS, lines)`` or ``(PLOVER, records)``."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read the gold file ({exc.strerror or exc})") from exc
    if raw.lstrip().startswith("["):
        try:
            records = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"{path}: not valid JSON ({exc})") from exc
        if not all(isinstance(r, dict) for r in records):
            raise DataFileError(f"{path}: a PLOVER gold file is a JSON list of record objects")
        return PLOVER, records
    lines: list[Any] = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict) or not isinstance(obj.get("events"), list):
            raise DataFileError(
                f"{path}:{number}: expected a JSON object with an 'events' list (GUIDELINES.md) "
                f"or a file holding one JSON list of PLOVER records"
            )
        lines.append((number, obj))
    return SEEDS, lines


def load_gold(path: str | Path, docs_dir: str | Path | None = None) -> GoldSet:
    """Load a gold file of either format, with the texts of its documents."""
    path = Path(path)
    fmt, entries = read_gold(path)
    if fmt == PLOVER:
        docs = [d for d in (_plover_document(r) for r in entries) if d is not None]
    else:
        folder = Path(docs_dir) if docs_dir is not None else default_docs_dir(path)
        docs = [_seeds_document(path, number, obj, folder) for number, obj in entries]
    return GoldSet(path, fmt, docs)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None  # a malformed date only costs the coder its date resolution


def _seeds_document(path: Path, number: int, obj: dict[str, Any], folder: Path) -> GoldDocument:
    where = f"{path}:{number}"
    if isinstance(obj.get("text"), str):
        text, origin = obj["text"], where
        doc_id = str(obj.get("doc") or obj.get("id") or f"{path.name}:{number}")
    elif isinstance(obj.get("doc"), str):
        file = folder / obj["doc"]
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(
                str(file),
                f"the document named on {where} cannot be read ({exc.strerror or exc}); "
                f"point --docs at the folder that holds it",
            ) from exc
        doc_id, origin = obj["doc"], str(file)
    else:
        raise DataFileError(f"{where}: a gold document needs a 'doc' file name or a 'text'")
    events = [_seeds_event(where, e) for e in obj["events"]]
    return GoldDocument(doc_id, text, _date(obj.get("pub_date") or obj.get("date")), events, origin)


def _seeds_event(where: str, event: Any) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise DataFileError(f"{where}: each gold event is a JSON object")
    missing = [k for k in ("id", "source", "target", "plover") if not event.get(k)]
    if missing:
        raise DataFileError(f"{where}: gold event {event.get('id', '?')!r} lacks {', '.join(missing)}")
    status = event.get("status") or "asserted"
    if status not in STATUSES:
        raise DataFileError(
            f"{where}: gold event {event['id']!r} has status {status!r}; expected one of {', '.join(STATUSES)}"
        )
    return event | {
        "status": status,
        "plover_alt": list(event.get("plover_alt") or []),
        "symmetric": bool(event.get("symmetric")),
        "optional": bool(event.get("optional")),
    }


def _actors(value: Any) -> list[dict[str, Any]]:
    # Records hold lists of actor objects; one holds a bare string ("diplomatic") where a
    # target list belongs, and some have null: both mean "no actor given".
    if not isinstance(value, list):
        return []
    out = []
    for a in value:
        if isinstance(a, dict) and a.get("code"):
            actor = {"code": str(a["code"]), "text": str(a.get("actorText") or "").strip()}
            if a.get("sector"):
                actor["sector"] = str(a["sector"])
            out.append(actor)
    return out


def _plover_document(record: dict[str, Any]) -> GoldDocument | None:
    label = str(record.get("event") or "").upper()
    if label == "DOCUMENT" or not record.get("text"):
        return None  # the file's own documentation record
    rid = str(record.get("id"))
    event = {
        "id": rid,
        "source": _actors(record.get("source")),
        "target": _actors(record.get("target")),
        "plover": PLOVER_LABELS.get(label, label),
        "plover_label": label,
        "plover_alt": [],
        "cameo": None,
        "status": "asserted",  # the records report events as having happened
        "symmetric": False,
        "optional": False,
        "trigger": record.get("eventText"),
        "sentence": record["text"],
    }
    return GoldDocument(rid, str(record["text"]), _date(record.get("date")), [event], rid)
