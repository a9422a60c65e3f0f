"""Readers: turn files, folders, corpora and standard input into :class:`Document` objects.

``read_paths(paths, options)`` yields one :class:`Document` per article and one
:class:`~tacitus.errors.InputError` per thing it could not read, in input order; a bad file or a
bad corpus line never stops the run. The caller decides what to do with the errors (the CLI
prints them and goes on).

Readers are registered by file extension in :data:`READERS`. A reader is a function
``(path, options) -> Iterator[Document | InputError]``; to read another format, add a key::

    READERS[".xml"] = read_my_xml

Folders are walked for every extension in ``ReadOptions.extensions``, which by default is every
key of :data:`READERS` at the time the options are made.

Every document gets: ``doc_id`` (the corpus's id field, else the content hash of its text),
``origin`` (the path, or ``path:line`` for a corpus record, ``<stdin>`` for standard input) and a
``date`` taken, in order, from ``ReadOptions.date``, the record's or page's metadata, or a date
line at the top of the text (see :mod:`tacitus.ingest.pubdate`).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tacitus.config import CorpusFields
from tacitus.document import Document, content_hash
from tacitus.errors import InputError
from tacitus.ingest.pubdate import find_date, parse_date

Reader = Callable[[Path, "ReadOptions"], Iterator["Document | InputError"]]

STDIN = "-"
STDIN_ORIGIN = "<stdin>"


@dataclass
class ReadOptions:
    fields: CorpusFields = field(default_factory=CorpusFields)
    # Overrides every other source of the publication date (the CLI's --date).
    date: dt.date | None = None
    # Extensions read when walking a folder; files named explicitly are read whatever their name.
    extensions: tuple[str, ...] = field(default_factory=lambda: tuple(READERS))
    # Per single-document file, and per corpus record: larger is an InputError, not a memory blow-up.
    max_bytes: int = 50_000_000


# --- entry point ---------------------------------------------------------------------------


def read_paths(
    paths: Iterable[str | Path], options: ReadOptions | None = None
) -> Iterator[Document | InputError]:
    """Documents (and errors) from files, folders and ``-`` (standard input), in order."""
    options = options or ReadOptions()
    for given in paths:
        if str(given) == STDIN:
            yield from read_stdin(options)
            continue
        path = Path(given)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:  # e.g. a name too long for the file system
            yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        if not exists:
            yield InputError(str(path), "no such file or folder; check the path")
        elif is_dir:
            yield from _read_folder(path, options)
        else:
            yield from read_file(path, options)


def read_file(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """One file, by the reader registered for its extension (plain text if none is)."""
    reader = READERS.get(path.suffix.lower(), read_text)
    try:
        yield from reader(path, options)
    except OSError as exc:  # permission denied, vanished, is a device...
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")


def _read_folder(root: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """Every file below ``root`` with a wanted extension, sorted, hidden files and folders skipped."""
    wanted = {e.lower() for e in options.extensions}
    failures: list[OSError] = []  # os.walk reports unreadable folders here instead of raising
    count = 0

    def folder_errors() -> Iterator[InputError]:
        while failures:
            exc = failures.pop(0)
            yield InputError(str(exc.filename or root), f"cannot read folder: {exc.strerror or exc}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=failures.append):
        yield from folder_errors()
        # sorting in place also fixes the order os.walk descends in: runs are reproducible
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in wanted:
                continue
            count += 1
            path = Path(dirpath) / name
            if not _regular_file(path):  # a named pipe would block the run, a device never end
                yield InputError(str(path), "not a regular file (a pipe, socket or device); it was skipped")
                continue
            yield from read_file(path, options)
    failed = bool(failures)
    yield from folder_errors()
    if count == 0 and not failed:
        yield InputError(
            str(root), f"no files to read in this folder (looked for {', '.join(sorted(wanted))})"
        )


# --- bytes to text -------------------------------------------------------------------------


def _read_bytes(path: Path, options: ReadOptions) -> bytes | InputError:
    size = path.stat().st_size
    if size > options.max_bytes:
        return InputError(
            str(path),
            f"file is {size:,} bytes, over the {options.max_bytes:,}-byte limit; "
            "split it or raise ReadOptions.max_bytes",
        )
    if _regular_file(path):
        return path.read_bytes()
    with path.open("rb") as f:  # a device or pipe named explicitly has no size to check: cap the read
        data = f.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return InputError(str(path), f"input is over the {options.max_bytes:,}-byte limit; split it or raise "
                                     "ReadOptions.max_bytes")
    return data


def _regular_file(path: Path) -> bool:
    """False for pipes, sockets and devices; True for files (and for what cannot be looked at:
    reading it reports why)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True


def decode_text(data: bytes, origin: str) -> str | InputError:
    """Bytes of a text file to text: UTF-8 (a UTF-8/16/32 byte-order mark is honoured).

    Newlines are normalised to ``\\n``: offsets in the output count characters of this text.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in data:
        return InputError(
            origin, "binary file (contains NUL bytes), not text; give a .txt, .html, .jsonl or .csv file"
        )
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return InputError(
            origin,
            f"not valid {encoding.removesuffix('-sig').upper()} (bad byte at offset {exc.start}); "
            "re-save the file as UTF-8",
            line,
        )
    return _normalise_text(text)


def _text_document(
    text: str, origin: str, options: ReadOptions, meta_date: dt.date | None = None, *, line: int | None = None,
    **meta: Any,
) -> Document | InputError:
    """A document from its text; ``line`` is the corpus line of a record (its errors name the file
    and the line, as every corpus error does; the document's origin is ``path:line``)."""
    if not text.strip():
        return InputError(origin, "empty document", line)
    if len(text.encode("utf-8")) > options.max_bytes:
        return InputError(origin, f"document is over the {options.max_bytes:,}-byte limit; it was skipped", line)
    doc_id = meta.pop("doc_id", None) or content_hash(text)
    date = options.date or meta_date or find_date(text)
    where = origin if line is None else f"{origin}:{line}"
    return Document(doc_id=doc_id, original=text, origin=where, date=date, **meta)


# --- plain text ----------------------------------------------------------------------------


def read_text(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """A plain-text file: one article."""
    data = _read_bytes(path, options)
    if isinstance(data, InputError):
        yield data
        return
    text = decode_text(data, str(path))
    yield text if isinstance(text, InputError) else _text_document(text, str(path), options)


def read_stdin(options: ReadOptions) -> Iterator[Document | InputError]:
    """Standard input: JSONL when its first non-blank character is ``{``, else one article.

    A JSONL stream is read line by line, so a corpus of any size can be piped in.
    """
    stream: IO[Any] = getattr(sys.stdin, "buffer", None) or sys.stdin
    limit = options.max_bytes
    head: list[Any] = []  # the lines read to find the first non-blank character
    size = 0
    while True:
        line = stream.readline(limit + 1)
        head.append(line)
        size += len(line)
        if not line or line.strip() or size > limit:
            break
    first = head[-1].lstrip()
    first = first.removeprefix(codecs.BOM_UTF8 if isinstance(first, bytes) else "\ufeff")
    if first[:1] in ("{", b"{"):

        def readline(n: int) -> Any:
            return head.pop(0) if head else stream.readline(n)

        yield from _read_jsonl_lines(readline, STDIN_ORIGIN, options)
        return
    rest = stream.read(limit + 1 - size) if size <= limit else head[0][:0]
    data = head[0][:0].join(head) + rest
    if len(data) > limit:
        yield InputError(STDIN_ORIGIN, f"input is over the {limit:,}-byte limit; split it or raise max_bytes")
        return
    text = decode_text(data, STDIN_ORIGIN) if isinstance(data, bytes) else _normalise_text(data)
    yield text if isinstance(text, InputError) else _text_document(text, STDIN_ORIGIN, options)


def _normalise_text(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --- HTML ----------------------------------------------------------------------------------


@functools.cache
def _trafilatura_config() -> Any:
    """Trafilatura settings, made once: accept short articles, and date only from metadata.

    Its "extensive" date search reads dates out of the page text, which can pick an event's date
    from the body; the reader's own date-line rule does that job more carefully.
    """
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    return config


def read_html(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """An HTML page: the main text, title, author, date, site name and URL, via trafilatura.

    Nothing is fetched: the page is parsed as given. ``Document.original`` is the extracted
    main text with one paragraph per block, separated by blank lines.
    """
    origin = str(path)
    data = _read_bytes(path, options)
    if isinstance(data, InputError):
        yield data
        return
    if not data.strip():
        yield InputError(origin, "empty document")
        return
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield InputError(origin, "binary file (contains NUL bytes), not HTML")
        return
    yield html_document(data, origin, options)


def html_document(html: bytes | str, origin: str, options: ReadOptions) -> Document | InputError:
    """One document from an HTML page (bytes: trafilatura detects the page's encoding)."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            config=_trafilatura_config(),
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        return InputError(origin, f"could not parse the HTML: {exc}")
    body = getattr(result, "text", None) if result is not None else None
    if not body or not body.strip():
        return InputError(origin, "no article text found in the HTML page")
    # one paragraph per extracted block, as in a plain-text article
    text = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    return _text_document(
        text,
        origin,
        options,
        meta_date=parse_date(result.date),
        title=result.title or None,
        byline=result.author or None,
        outlet=result.sitename or None,
        url=result.url or None,
    )


# --- corpora (JSONL, JSON, CSV) ------------------------------------------------------------


def _record_document(
    record: Any, origin: str, line: int | None, options: ReadOptions, what: str = "line"
) -> Document | InputError:
    """One corpus record (a JSON object or a CSV row) to a document."""
    f = options.fields
    if not isinstance(record, dict):
        return InputError(origin, f"{what} is not a JSON object (got {type(record).__name__})", line)
    text = record.get(f.text)
    if text is None or text == "":
        return InputError(origin, f"no text: the {f.text!r} field is missing or empty", line)
    if not isinstance(text, str):
        return InputError(origin, f"the {f.text!r} field must be a string, not {type(text).__name__}", line)
    raw_id = record.get(f.id)
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | type(None)):
        return InputError(origin, f"the {f.id!r} field must be a string or an integer", line)
    used = {f.text: text, f.id: raw_id, f.title: record.get(f.title), f.url: record.get(f.url),
            f.source: record.get(f.source), f.date: record.get(f.date)}
    for name, value in used.items():
        if isinstance(value, str) and not _encodable(value):
            # JSON may escape half a surrogate pair ("\ud800"): not text, and unstorable
            return InputError(origin, f"the {name!r} field is not valid Unicode (an unpaired surrogate "
                                      "escape such as \\ud800); fix the record's encoding", line)
    text = _normalise_text(text)
    return _text_document(
        text,
        origin,
        options,
        meta_date=parse_date(record.get(f.date)),
        line=line,
        doc_id=str(raw_id).strip() if raw_id is not None and str(raw_id).strip() else None,
        title=_string(record.get(f.title)),
        url=_string(record.get(f.url)),
        outlet=_string(record.get(f.source)),
    )


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _string(value: Any) -> str | None:
    """A metadata field as a string; other types (lists, objects) are ignored, not fatal."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _looks_binary(path: Path) -> bool:
    """NUL bytes near the start: a corpus reader would otherwise report every line as bad."""
    with path.open("rb") as f:
        head = f.read(8192)
    return b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """A JSON Lines corpus: one JSON object per line, streamed (no limit on the file's size)."""
    if _looks_binary(path):
        yield InputError(str(path), "binary file (contains NUL bytes), not JSON Lines")
        return
    with path.open("rb") as f:
        yield from _read_jsonl_lines(f.readline, str(path), options)


def _read_jsonl_lines(
    readline: Callable[[int], Any], origin: str, options: ReadOptions
) -> Iterator[Document | InputError]:
    """Records from a stream's ``readline`` (text or bytes); each bad line is one error, the
    others go on. Lines are read with a size cap so one huge line cannot exhaust memory."""
    limit = options.max_bytes
    number = 0
    while True:
        line = readline(limit + 1)
        if not line:
            return
        number += 1
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) > limit and not line.endswith(newline):
            while (rest := readline(limit + 1)) and not rest.endswith(newline):
                pass  # skip the rest of the oversized line
            yield InputError(origin, f"line is over the {limit:,}-byte limit; it was skipped", number)
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(origin, f"not valid UTF-8 (bad byte at column {exc.start + 1})", number)
                continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(
                origin, f"malformed JSON ({exc.msg}, column {exc.colno}); the other lines are read", number
            )
            continue
        yield _record_document(record, origin, number, options)


def read_json(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """A ``.json`` file: one object, an array of objects, or JSON Lines under another name."""
    data = _read_bytes(path, options)
    if isinstance(data, InputError):
        yield data
        return
    text = decode_text(data, str(path))
    if isinstance(text, InputError):
        yield text
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        yield from _read_jsonl_lines(io.StringIO(text).readline, str(path), options)
        return
    if isinstance(value, list):
        for i, record in enumerate(value, 1):
            yield _record_document(record, str(path), i, options, what="item")
    else:
        yield _record_document(value, str(path), None, options, what="file")


def read_csv(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
    """A CSV corpus with a header row; quoted fields may hold newlines."""
    origin = str(path)
    text_field = options.fields.text
    if _looks_binary(path):
        yield InputError(origin, "binary file (contains NUL bytes), not CSV")
        return
    # The csv module's default field limit (128 KiB) is below a long article; the per-record limit
    # is enforced by _text_document instead.
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes))
    with path.open(encoding="utf-8-sig", newline="") as f:
        try:
            # spreadsheets saved in some locales separate with ";" (or a tab): look at the header
            first = f.readline()
            f.seek(0)
            delimiter = "," if "," in first else max(";\t|", key=first.count)
            lines = _LineTracker(f)
            reader = csv.DictReader(lines, delimiter=delimiter)
            header = [name.strip() for name in reader.fieldnames or []]
        except UnicodeDecodeError:  # the first block of the file is decoded with the header
            yield InputError(origin, "not valid UTF-8 near the start of the file; re-save the file as UTF-8")
            return
        except csv.Error as exc:
            yield InputError(origin, f"cannot read the header row: {exc}", 1)
            return
        if not header:
            yield InputError(origin, "empty CSV file (no header row)")
            return
        reader.fieldnames = header
        if text_field not in header:
            yield InputError(
                origin,
                f"no {text_field!r} column (columns: {', '.join(header)}); "
                "name the text column with the corpus field settings",
            )
            return
        last_line = reader.line_num
        while True:
            lines.first = None
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                yield InputError(origin, "not valid UTF-8; re-save the file as UTF-8", last_line + 1)
                return  # the decoder cannot resynchronise: the rest of the file is unreliable
            except csv.Error as exc:
                yield InputError(origin, f"malformed CSV: {exc}", last_line + 1)
                if reader.line_num == last_line:
                    return
                last_line = reader.line_num
                continue
            # A row starts on the first non-blank line read for it: the reader skips blank lines
            # between rows without a word, and a quoted field may span several lines.
            start_line = lines.first or last_line + 1
            last_line = reader.line_num
            if None in row:  # more cells than header columns
                row.pop(None)
            yield _record_document(row, origin, start_line, options, what="row")


class _LineTracker:
    """A file's lines, counted, remembering the first non-blank one read since ``first`` was reset."""

    def __init__(self, f: Any) -> None:
        self.f = f
        self.n = 0
        self.first: int | None = None

    def __iter__(self) -> _LineTracker:
        return self

    def __next__(self) -> str:
        line = next(self.f)
        self.n += 1
        if self.first is None and line.strip("\r\n"):
            self.first = self.n
        return line


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
}
