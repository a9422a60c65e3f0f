"""PETRARCH's unit-test suite (``PETR.UnitTest.records.xml``) run on Tacitus.

The file names its dictionaries in ``<Environment>`` (read from the file's folder), then lists
``<Sentence>`` records (``id``, ``category``, ``date``; a ``<Text>``, a Penn Treebank
``<Parse>`` and one or more ``<EventCoding>``), with ``<Config option=... value=...>`` lines
between them that change the coding options for the records that follow.

Each record's text is parsed by spaCy (the Treebank parse is only checked for balance, as
PETRARCH checked its input) and coded by :class:`~tacitus.petrarch.coder.PetrarchCoder` on the
named dictionaries. Comparison rules (``docs/petrarch.md``):

* an expected ``sourcecode``/``targetcode``/``eventcode`` passes when the record's codings hold
  exactly that triple (codes compared as written, case and surrounding blanks aside; ``---`` is
  the null actor; a quoted code is an actor named by its words, option ``new_actor_length``);
* ``noevents="True"`` passes when the record gives no coding;
* ``error="..."`` passes when the record is refused for that reason: ``sentencediscard`` and
  ``storydiscard`` (discard list), ``dateline``, ``bad_input_parse`` (unbalanced parse);
* a record passes when all its expected codings pass and it gives no other coding.

Records run in file order because ``<Config>`` options carry over. The suite was written for
PETRARCH-1, which read a passive subject without a ``by`` agent as the source; the runner turns
that reading on (``passive_subject_as_source``) and Tacitus's pipeline leaves it off.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tacitus.errors import DataFileError
from tacitus.petrarch.actors import NULL_CODE
from tacitus.petrarch.clauses import CommaRule
from tacitus.petrarch.coder import CodingOptions, PetrarchCoder, SentenceCoding
from tacitus.petrarch.dictionaries import load_dictionaries

BAD_PARSE = "bad_input_parse"
_FILES = {"Verbfile": "verbs", "Actorfile": "actors", "Agentfile": "agents", "Discardfile": "discards"}
_BOOL_OPTIONS = {"require_dyad"}
_INT_OPTIONS = {"new_actor_length", "comma_min", "comma_max", "comma_bmin", "comma_bmax", "comma_emin", "comma_emax"}


@dataclass(frozen=True)
class Expected:
    source: str | None = None
    target: str | None = None
    code: str | None = None
    noevents: bool = False
    error: str | None = None

    def label(self) -> str:
        if self.error:
            return f"error={self.error}"
        if self.noevents:
            return "no events"
        return f"{self.source} {self.target} {self.code}"


@dataclass
class Record:
    id: str
    category: str
    date: dt.date | None
    text: str
    parse: str
    expected: list[Expected]
    options: CodingOptions


@dataclass
class Suite:
    path: Path
    files: dict[str, list[Path]]
    include: list[str]
    records: list[Record]
    unsupported_options: list[str] = field(default_factory=list)


@dataclass
class RecordResult:
    record: Record
    got: list[tuple[str, str, str]]
    refused: str | None  # why the record was not coded
    passed: list[bool]  # per expected coding
    extra: list[tuple[str, str, str]]

    @property
    def ok(self) -> bool:
        return all(self.passed) and not self.extra


def norm(code: str | None) -> str:
    """A code as compared: upper case, no surrounding blanks; missing is the null actor."""
    text = (code or "").strip()
    return text.upper() if text else NULL_CODE


def read_suite(path: Path | str) -> Suite:
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise DataFileError(f"{path}: not a readable PETRARCH unit-test file ({exc}).") from exc
    env = root.find("Environment")
    files: dict[str, list[Path]] = {kind: [] for kind in _FILES.values()}
    include: list[str] = []
    if env is not None:
        for tag, kind in _FILES.items():
            for el in env.findall(tag):
                if el.text and el.text.strip():
                    files[kind].append(path.parent / el.text.strip())
        inc = env.find("Include")
        include = (inc.text or "").split() if inc is not None else []
    options = CodingOptions(passive_subject_as_source=True)
    unsupported: list[str] = []
    for el in env.findall("Config") if env is not None else []:
        options = _configure(options, el.get("option", ""), el.get("value", ""), unsupported)
    records: list[Record] = []
    container = root.find("Sentences")
    for el in container if container is not None else []:
        if el.tag == "Config":
            options = _configure(options, el.get("option", ""), el.get("value", ""), unsupported)
        elif el.tag == "Sentence":
            records.append(_record(el, options))
    return Suite(path, files, include, records, unsupported)


def _configure(options: CodingOptions, name: str, value: str, unsupported: list[str]) -> CodingOptions:
    name, value = name.strip(), value.strip()
    if name in _BOOL_OPTIONS:
        return dataclasses.replace(options, **{name: value.casefold() == "true"})
    if name in _INT_OPTIONS:
        try:
            number = int(value)
        except ValueError:
            unsupported.append(f"{name}={value!r} (not a number)")
            return options
        if name == "new_actor_length":
            return dataclasses.replace(options, new_actor_length=number)
        return dataclasses.replace(options, commas=dataclasses.replace(options.commas, **{name: number}))
    unsupported.append(f"{name}={value}")
    return options


def _record(el: ET.Element, options: CodingOptions) -> Record:
    text = " ".join((el.findtext("Text") or "").split())
    date = None
    raw_date = (el.get("date") or "").strip()
    if len(raw_date) == 8 and raw_date.isdigit():
        date = dt.date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:]))
    expected = []
    for c in el.findall("EventCoding"):
        if c.get("error"):
            expected.append(Expected(error=c.get("error", "").strip()))
        elif (c.get("noevents") or "").strip().casefold() == "true":
            expected.append(Expected(noevents=True))
        else:
            expected.append(Expected(norm(c.get("sourcecode")), norm(c.get("targetcode")), norm(c.get("eventcode"))))
    return Record(
        id=(el.get("id") or "").strip(),
        category=(el.get("category") or "").strip(),
        date=date,
        text=text,
        parse=el.findtext("Parse") or "",
        expected=expected,
        options=options,
    )


def balanced(parse: str) -> bool:
    depth = 0
    for ch in parse:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def run_suite(
    suite: Suite,
    nlp: Any,
    limit: int | None = None,
    ids: set[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[RecordResult]:
    """Code every record (or the first ``limit``, or those in ``ids``) and compare."""
    dicts = load_dictionaries(**suite.files)
    records = [r for r in suite.records if ids is None or r.id in ids]
    if limit is not None:
        records = records[: max(limit, 0)]
    coders: dict[int, PetrarchCoder] = {}  # by options object: records share them
    parsed = nlp.pipe(_one_sentence(nlp, r.text) for r in records)
    results: list[RecordResult] = []
    for n, (record, sdoc) in enumerate(zip(records, parsed, strict=True), 1):
        key = id(record.options)
        coder = coders.get(key)
        if coder is None:
            coder = coders[key] = PetrarchCoder(dicts, None, record.options)
        if not balanced(record.parse):
            results.append(_compare(record, [], BAD_PARSE))
        else:
            sentences = coder.code(sdoc, record.date)
            results.append(_compare(record, *_collect(sentences)))
        if progress:
            progress(n, len(records))
    return results


def _one_sentence(nlp: Any, text: str) -> Any:
    """A record's text as one sentence: each record is one (its Treebank parse says so), and
    spaCy's small model sometimes cuts one in two at odd words ("an anti- Gondor parade")."""
    doc = nlp.make_doc(text)
    for tok in doc[1:]:
        tok.is_sent_start = False
    return doc


def _collect(sentences: list[SentenceCoding]) -> tuple[list[tuple[str, str, str]], str | None]:
    got: list[tuple[str, str, str]] = []
    refused = None
    for s in sentences:
        refused = refused or s.skipped
        for c in s.codings:
            triple = (norm(c.source_code), norm(c.target_code), norm(c.code))
            if triple not in got:
                got.append(triple)
    return got, refused


def _compare(record: Record, got: list[tuple[str, str, str]], refused: str | None) -> RecordResult:
    passed = []
    wanted = set()
    for e in record.expected:
        if e.error:
            passed.append(refused == e.error)
        elif e.noevents:
            passed.append(not got and refused is None)
        else:
            triple = (e.source or NULL_CODE, e.target or NULL_CODE, e.code or NULL_CODE)
            wanted.add(triple)
            passed.append(triple in got)
    extra = [g for g in got if g not in wanted]
    return RecordResult(record, got, refused, passed, extra)


@dataclass
class Tally:
    records: int = 0
    records_ok: int = 0
    codings: int = 0
    codings_ok: int = 0
    extra: int = 0

    def add(self, r: RecordResult) -> None:
        self.records += 1
        self.records_ok += r.ok
        self.codings += len(r.passed)
        self.codings_ok += sum(r.passed)
        self.extra += len(r.extra)

    @property
    def rate(self) -> float:
        return self.codings_ok / self.codings if self.codings else 0.0


def tally(results: list[RecordResult]) -> tuple[dict[str, Tally], Tally]:
    by_category: dict[str, Tally] = {}
    overall = Tally()
    for r in results:
        by_category.setdefault(r.record.category, Tally()).add(r)
        overall.add(r)
    return dict(sorted(by_category.items())), overall


def report(results: list[RecordResult], seconds: float | None = None) -> dict[str, Any]:
    """The JSON form of a run (``tacitus petrarch-tests --json``)."""
    by_category, overall = tally(results)

    def row(t: Tally) -> dict[str, Any]:
        return {
            "records": t.records, "records_passed": t.records_ok, "codings": t.codings,
            "codings_passed": t.codings_ok, "pass_rate": round(t.rate, 4), "extra_codings": t.extra,
        }

    return {
        "overall": row(overall),
        "categories": {k: row(v) for k, v in by_category.items()},
        "seconds": round(seconds, 2) if seconds is not None else None,
        "records": [
            {
                "id": r.record.id, "category": r.record.category, "ok": r.ok, "refused": r.refused,
                "expected": [e.label() for e in r.record.expected], "passed": r.passed,
                "got": [" ".join(g) for g in r.got], "extra": [" ".join(g) for g in r.extra],
            }
            for r in results
        ],
    }


def timed_run(suite: Suite, nlp: Any, **kw: Any) -> tuple[list[RecordResult], float]:
    started = time.perf_counter()
    results = run_suite(suite, nlp, **kw)
    return results, time.perf_counter() - started


def diff(r: RecordResult) -> list[str]:
    """A failed record as lines: ``-`` expected and missed, ``+`` coded but not expected."""
    out = [f"{r.record.id} [{r.record.category}] {r.record.date or ''}", f"  {r.record.text}"]
    if r.refused:
        out.append(f"  refused: {r.refused}")
    for e, ok in zip(r.record.expected, r.passed, strict=True):
        out.append(f"  {' ' if ok else '-'} {e.label()}")
    out += [f"  + {' '.join(g)}" for g in r.extra]
    return out


# CommaRule is re-exported for callers that build options by hand.
__all__ = ["CommaRule", "Expected", "Record", "RecordResult", "Suite", "diff", "read_suite", "report", "run_suite", "tally"]
