"""Readers, publication dates and language: every input format, its error paths, and the ids/dates
each document gets. No spaCy here: reading must work (and be tested) without a model."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tacitus.config import CorpusFields
from tacitus.document import Document, content_hash
from tacitus.errors import InputError
from tacitus.ingest.language import detect_language
from tacitus.ingest.pubdate import find_date, match_date_line, parse_date
from tacitus.ingest.readers import READERS, ReadOptions, read_paths

DATA = Path(__file__).parent / "data" / "ingest"
REPO = Path(__file__).resolve().parents[1]


def read(*paths: str | Path, **options: object) -> list[Document | InputError]:
    return list(read_paths(paths, ReadOptions(**options)))  # type: ignore[arg-type]


def docs(items: list[Document | InputError]) -> list[Document]:
    return [x for x in items if isinstance(x, Document)]


def errors(items: list[Document | InputError]) -> list[InputError]:
    return [x for x in items if isinstance(x, InputError)]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --- plain text ----------------------------------------------------------------------------


def test_text_file_becomes_one_document(tmp_path: Path) -> None:
    text = "Talks in Oslo\n\nNorway hosted talks on Monday.\n"
    path = write(tmp_path, "a.txt", text)
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert doc.original == text
    assert doc.origin == str(path)
    assert doc.doc_id == content_hash(text)
    assert doc.date is None


@pytest.mark.parametrize(
    "data",
    [
        "Cairo hosted talks.".encode("utf-8-sig"),
        "Cairo hosted talks.".encode("utf-16"),  # BOM + little-endian
        codecs.BOM_UTF16_BE + "Cairo hosted talks.".encode("utf-16-be"),
    ],
    ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_byte_order_marks_are_honoured(tmp_path: Path, data: bytes) -> None:
    # UTF-16 text is full of NUL bytes: with its BOM it must not be taken for a binary file
    [doc] = read(write(tmp_path, "bom.txt", data))
    assert isinstance(doc, Document)
    assert doc.original == "Cairo hosted talks."


def test_windows_newlines_are_normalised(tmp_path: Path) -> None:
    [doc] = read(write(tmp_path, "crlf.txt", b"Title\r\n\r\nBody text.\r\n"))
    assert isinstance(doc, Document)
    assert doc.original == "Title\n\nBody text.\n"


def test_invalid_utf8_is_an_error_naming_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.txt", "Line one\nCaf\u00e9 talks\n".encode("latin-1"))
    [err] = read(path)
    assert isinstance(err, InputError)
    assert err.origin == str(path)
    assert err.line == 2
    assert "UTF-8" in str(err) and str(err).startswith("[T001]")


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    [err] = read(write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert isinstance(err, InputError)
    assert "binary" in err.message


@pytest.mark.parametrize("content", ["", "   \n\n\t \n"])
def test_empty_document_is_an_error(tmp_path: Path, content: str) -> None:
    [err] = read(write(tmp_path, "empty.txt", content))
    assert isinstance(err, InputError)
    assert err.message == "empty document"


def test_missing_path_is_an_error_and_the_run_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", "Peru and Chile signed an accord.")
    items = read(tmp_path / "missing.txt", good)
    assert isinstance(items[0], InputError) and "no such file" in items[0].message
    assert isinstance(items[1], Document)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", "Some text.")
    path.chmod(0)
    try:
        [err] = read(path)
    finally:
        path.chmod(0o600)
    assert isinstance(err, InputError)
    assert "cannot read" in err.message


def test_permission_error_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the same path as above, reachable as root too: the OS refusal is simulated
    path = write(tmp_path, "secret.txt", "Some text.")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    [err, doc] = read(path, write(tmp_path, "ok.jsonl", '{"text": "Fine."}\n'))
    assert isinstance(err, InputError) and err.message == "cannot read: Permission denied"
    assert isinstance(doc, Document)


def test_file_over_the_size_limit_is_an_error(tmp_path: Path) -> None:
    [err] = read(write(tmp_path, "big.txt", "word " * 100), max_bytes=100)
    assert isinstance(err, InputError)
    assert "limit" in err.message


def test_unknown_extension_named_explicitly_is_read_as_text(tmp_path: Path) -> None:
    [doc] = read(write(tmp_path, "article.md", "Mali and Niger agreed to patrol the border."))
    assert isinstance(doc, Document)


# --- HTML ----------------------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    [doc] = read(DATA / "page.html")
    assert isinstance(doc, Document)
    assert doc.title == "Ministers agree on grain corridor"
    assert doc.byline == "Maria Lindqvist"
    assert doc.outlet == "The Fixture Gazette"
    assert doc.url == "https://fixture.invalid/news/grain-corridor"
    assert doc.date == dt.date(2023, 7, 11)
    # the original is the extracted main text, one paragraph per block; page chrome is gone
    assert "Foreign ministers from Turkey and Ukraine agreed" in doc.original
    assert "\u201cWe have taken an important step,\u201d" in doc.original
    assert "\n\n" in doc.original
    assert "menu" not in doc.original and "footer" not in doc.original


def test_html_date_is_not_taken_from_body_prose() -> None:
    [doc] = read(DATA / "page_nodate.html")
    assert isinstance(doc, Document)
    assert "January 30, 2020" in doc.original
    assert doc.date is None


def test_html_without_article_text_is_an_error(tmp_path: Path) -> None:
    [err] = read(
        write(
            tmp_path,
            "blank.html",
            "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
        )
    )
    assert isinstance(err, InputError)
    assert "no article text" in err.message


# --- JSONL, JSON, CSV ----------------------------------------------------------------------


def test_jsonl_records_errors_and_line_numbers() -> None:
    path = DATA / "corpus.jsonl"
    items = read(path)
    good = docs(items)
    bad = {e.line: e.message for e in errors(items)}
    assert [d.doc_id for d in good] == ["a1", content_hash(good[1].original), "7"]
    first = good[0]
    assert (first.title, first.outlet, first.url) == ("First", "Wire", "https://fixture.invalid/1")
    assert first.date == dt.date(2021, 5, 4)
    assert first.origin == f"{path}:1"
    assert good[2].origin == f"{path}:8"  # the blank line 3 still counts
    assert good[1].date is None  # "sometime soon" is not a date: no crash, no date
    assert good[2].date == dt.date(2016, 6, 3)
    assert set(bad) == {2, 4, 5, 6}
    assert "malformed JSON" in bad[2]
    assert "missing or empty" in bad[4]
    assert "must be a string" in bad[5]
    assert "not a JSON object" in bad[6]


def test_jsonl_fields_are_configurable(tmp_path: Path) -> None:
    record = {
        "uid": "x9",
        "body": "Ghana and Togo agreed to share intelligence.",
        "headline": "Deal",
        "when": "2020-02-02",
    }
    path = write(tmp_path, "c.jsonl", json.dumps(record) + "\n")
    fields = CorpusFields(text="body", title="headline", date="when", id="uid")
    [doc] = read(path, fields=fields)
    assert isinstance(doc, Document)
    assert (doc.doc_id, doc.title, doc.date) == ("x9", "Deal", dt.date(2020, 2, 2))


def test_jsonl_oversized_line_is_skipped(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "x" * 500}), json.dumps({"text": "Short one."})]
    [err, doc] = read(write(tmp_path, "c.jsonl", "\n".join(lines) + "\n"), max_bytes=200)
    assert isinstance(err, InputError) and err.line == 1
    assert isinstance(doc, Document) and doc.original == "Short one."


def test_json_array_file(tmp_path: Path) -> None:
    path = write(tmp_path, "c.json", json.dumps([{"id": "j1", "text": "One."}, {"id": "j2"}]))
    items = read(path)
    assert isinstance(items[0], Document) and items[0].doc_id == "j1"
    assert isinstance(items[1], InputError) and items[1].line == 2


def test_csv_rows_with_embedded_newlines_and_row_line_numbers() -> None:
    path = DATA / "corpus.csv"
    items = read(path)
    good = docs(items)
    assert [d.doc_id for d in good] == ["c1", "c3"]
    assert (
        good[0].original == "Qatar hosted talks between the two sides.\n\nA second paragraph, with a comma."
    )
    assert good[0].origin == f"{path}:2"
    assert good[0].date == dt.date(2022, 1, 2)
    assert good[1].origin == f"{path}:6"  # the quoted newlines of row c1 span lines 2-4
    assert good[1].date is None
    [err] = errors(items)
    assert err.line == 5 and "missing or empty" in err.message


def test_csv_row_line_numbers_after_blank_lines(tmp_path: Path) -> None:
    text = 'id,text\n\nb1,"Chile and Peru met."\n\n\nb2,"Two\nlines."\nb3,\n'
    items = read(write(tmp_path, "blank.csv", text))
    assert [d.origin.rsplit(":", 1)[1] for d in docs(items)] == ["3", "6"]
    [err] = errors(items)
    assert err.line == 8


def test_csv_with_semicolons_and_padded_header(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "id ; text\ns1;Chile and Peru met, officials said.\n")
    [doc] = read(path)
    assert isinstance(doc, Document)
    assert (doc.doc_id, doc.original) == ("s1", "Chile and Peru met, officials said.")


def test_csv_without_the_text_column_is_one_clear_error() -> None:
    [err] = read(DATA / "corpus_missing_column.csv")
    assert isinstance(err, InputError)
    assert "no 'text' column" in err.message and "headline" in err.message


# --- folders and standard input ------------------------------------------------------------


def test_folder_is_read_recursively_sorted_without_hidden_files() -> None:
    origins = [d.origin for d in docs(read(DATA / "folder"))]
    folder = DATA / "folder"
    assert origins == [str(folder / "a.txt"), str(folder / "b.txt"), f"{folder / 'sub' / 'c.jsonl'}:1"]


def test_folder_extensions_can_be_narrowed() -> None:
    origins = [d.origin for d in docs(read(DATA / "folder", extensions=(".jsonl",)))]
    assert len(origins) == 1 and origins[0].endswith("c.jsonl:1")


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    [err] = read(tmp_path)
    assert isinstance(err, InputError) and "no files" in err.message


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Israel and Jordan held talks.\n"))
    [doc] = read("-")
    assert isinstance(doc, Document)
    assert doc.origin == "<stdin>" and doc.original == "Israel and Jordan held talks.\n"


def test_stdin_jsonl_is_recognised(monkeypatch: pytest.MonkeyPatch) -> None:
    data = '\n  {"id": "s1", "text": "First."}\n{"id": "s2", "text": "Second."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    items = read("-")
    assert [(d.doc_id, d.origin) for d in docs(items)] == [("s1", "<stdin>:2"), ("s2", "<stdin>:3")]


@pytest.mark.parametrize("data", [b"", b"\n  \n"])
def test_empty_stdin_is_an_error(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [err] = read("-")
    assert isinstance(err, InputError) and err.origin == "<stdin>" and err.message == "empty document"


def test_stdin_bytes_with_bom_and_crlf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\ufeffTitle\r\n\r\nBody.".encode())))
    [doc] = read("-")
    assert isinstance(doc, Document) and doc.original == "Title\n\nBody."


def test_readers_registry_is_open(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def read_upper(path: Path, options: ReadOptions) -> Iterator[Document | InputError]:
        text = path.read_text().upper()
        yield Document(doc_id=content_hash(text), original=text, origin=str(path))

    monkeypatch.setitem(READERS, ".shout", read_upper)
    write(tmp_path, "a.shout", "quiet words")
    [doc] = read(tmp_path)  # the folder walk picks up the new extension by default
    assert isinstance(doc, Document) and doc.original == "QUIET WORDS"


# --- ids and dates -------------------------------------------------------------------------


def test_doc_ids_are_stable_and_content_based(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", "Same article text.\n")
    b = write(tmp_path, "b.txt", "Same   article\ntext.")  # re-wrapped copy
    first = [d.doc_id for d in docs(read(a, b))]
    again = [d.doc_id for d in docs(read(a, b))]
    assert first == again
    assert first[0] == first[1] == content_hash("Same article text.")


def test_date_precedence(tmp_path: Path) -> None:
    text = "Title\n\nPublished: June 3, 2016\n\nBody text about talks."
    path = write(tmp_path, "a.txt", text)
    corpus = write(tmp_path, "c.jsonl", json.dumps({"text": text, "date": "2020-01-01"}) + "\n")
    assert docs(read(path))[0].date == dt.date(2016, 6, 3)  # date line in the text
    assert docs(read(corpus))[0].date == dt.date(2020, 1, 1)  # metadata beats the text
    override = dt.date(1999, 9, 9)
    assert docs(read(path, corpus, date=override))[0].date == override  # --date beats all
    assert all(d.date == override for d in docs(read(path, corpus, date=override)))


# --- pubdate -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: June 3, 2016", (dt.date(2016, 6, 3), "published")),
        ("June 3, 2016 10:00 AM", (dt.date(2016, 6, 3), "bare")),
        ("2016-06-03", (dt.date(2016, 6, 3), "bare")),
        ("Friday, 3 June 2016", (dt.date(2016, 6, 3), "bare")),
        ("Published: 2024-03-12 09:30 GMT", (dt.date(2024, 3, 12), "published")),
        ("Updated: 12 March 2024, 14:05 GMT", (dt.date(2024, 3, 12), "updated")),
        ("13/06/2016", (dt.date(2016, 6, 13), "bare")),
        ("03/06/2016", None),  # 3 June or March 6: refused, not guessed
        ("Putin met Netanyahu at the Kremlin in Moscow on January 30, 2020.", None),
        ("June 3, 2016 was a Friday", None),
        ("Feb 30, 2020", None),
    ],
)
def test_match_date_line(line: str, expected: tuple[dt.date, str] | None) -> None:
    assert match_date_line(line) == expected


def test_find_date_prefers_publication_line_and_ignores_prose() -> None:
    text = "Title\n\nUpdated: 2024-03-14\nPublished: 2024-03-12\n\nThey met on January 30, 2020."
    assert find_date(text) == dt.date(2024, 3, 12)
    assert find_date("Title\n\nThey met in Moscow on January 30, 2020.") is None
    deep = "\n".join(f"Paragraph {i}." for i in range(30)) + "\n2020-01-01\n"
    assert find_date(deep) is None  # a bare date far from the top is not a date stamp


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-06-03", dt.date(2016, 6, 3)),
        ("2016-06-03T10:00:00Z", dt.date(2016, 6, 3)),
        ("Fri, 03 Jun 2016 10:00:00 GMT", dt.date(2016, 6, 3)),
        ("3 June 2016", dt.date(2016, 6, 3)),
        ("June 2016", None),  # incomplete: not silently completed
        ("03/06/2016", None),
        ("garbage", None),
        (20160603, None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


# --- language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The minister arrived in Paris for talks with his counterpart on Monday.", "en"),
        ("Премьер-министр Израиля прибыл в Москву для переговоров.", "ru"),
        ("ראש הממשלה נתניהו נפגש עם נשיא רוסיה", "he"),
        ("وزير الخارجية يلتقي نظيره في القاهرة", "ar"),
        ("Le ministre des affaires étrangères est arrivé à Paris pour une visite de deux jours.", "fr"),
        ("Der Außenminister ist am Montag zu Gesprächen mit der Regierung in Berlin eingetroffen.", "de"),
        ("12345 67890", "und"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_samples_read_without_errors() -> None:
    items = read(REPO / "samples")
    assert not errors(items)
    assert len(docs(items)) == 8  # four .txt, one .html, three JSONL records
    assert all(d.date is not None for d in docs(items))
    assert all(detect_language(d.original) == "en" for d in docs(items))
