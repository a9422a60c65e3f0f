"""Write the hostile-input corpus: everything a scraped news folder can throw at a coder.

    python tests/hostile/make_corpus.py OUT [--tiny 100000] [--files 3000] [--huge-mb 50]

Generated, not hand-picked, so every case is reproducible byte for byte (fixed seeds) and its
expected outcome is known. :func:`make_corpus` returns a :class:`Manifest`: for every item the
readers will meet (a file, a corpus line or row), where it comes from and what must become of it:

* ``error``: an input error in the store's ``errors`` table (origin, line, message);
* ``skipped``: stored uncoded, with the reason in ``documents.skipped``;
* ``coded``: stored and coded (``documents.skipped`` is NULL);
* ``duplicate``: not stored again (the same clean text came earlier in the run).

Layout of ``OUT`` (a folder walk reads it in sorted order)::

    corpus/files/        one file per hostile case: encodings, binary, HTML, names, languages, sizes
    corpus/corpora/      JSONL and CSV corpora with broken lines, wrong types, odd rows
    corpus/bulk/         tiny.jsonl (``tiny`` one-line documents) and many/ (``files`` small files)
    dash-args/           a file whose name starts with a dash, for passing explicitly after ``--``

Sizes are parameters so a test can keep its run time bounded; the defaults are the issue's
figures (100,000 tiny documents, a 50 MB single-line file).
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import struct
import sys
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("error", "skipped", "coded", "duplicate")


@dataclass
class Expect:
    origin: str  # the path as the readers report it
    line: int | None  # corpus line or row (None for a whole file)
    kind: str  # one of KINDS, or several joined with "|" when the outcome may vary by platform
    message: str = ""  # a piece of the error message or of the skip reason
    case: str = ""  # what the item is, for failure messages

    @property
    def doc_origin(self) -> str:
        """``documents.origin`` of a stored document: ``path`` or ``path:line``."""
        return self.origin if self.line is None else f"{self.origin}:{self.line}"

    @property
    def kinds(self) -> set[str]:
        return set(self.kind.split("|"))


@dataclass
class Manifest:
    root: Path  # the folder to ingest
    dash_dir: Path  # holds a file named with a leading dash, to pass explicitly
    dash_name: str
    items: list[Expect] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(e.kind for e in self.items)

    def tried(self) -> int:
        return len(self.items)


# -- text makers ----------------------------------------------------------------------------------
COUNTRIES = [("Japan", "Japanese", "Tokyo"), ("Vietnam", "Vietnamese", "Hanoi"), ("France", "French", "Paris"),
             ("Kenya", "Kenyan", "Nairobi"), ("Brazil", "Brazilian", "Brasilia"), ("Egypt", "Egyptian", "Cairo"),
             ("Poland", "Polish", "Warsaw"), ("India", "Indian", "New Delhi")]
RUSSIAN = ("Министр иностранных дел России провёл в понедельник переговоры со своим израильским коллегой в "
           "Москве. Стороны обсудили ситуацию в регионе и договорились продолжить консультации.")
HEBREW = ("ראש הממשלה נפגש ביום שני עם נשיא רוסיה במוסקבה. השניים דנו במצב באזור ובשיתוף הפעולה בין "
          "המדינות, והסכימו להמשיך בשיחות.")
ARABIC = ("التقى وزير الخارجية المصري يوم الاثنين نظيره الإسرائيلي في القاهرة لبحث الأوضاع في المنطقة "
          "والتعاون بين البلدين، واتفق الجانبان على مواصلة المشاورات.")


def english(n: int, extra: str = "") -> str:
    """A short English news article, different for every ``n``."""
    a, b = COUNTRIES[n % len(COUNTRIES)], COUNTRIES[(n // len(COUNTRIES) + 1 + n) % len(COUNTRIES)]
    if a == b:
        b = COUNTRIES[(COUNTRIES.index(a) + 1) % len(COUNTRIES)]
    return (
        f"The {a[1]} foreign minister met the {b[1]} foreign minister in {b[2]} on Monday for talks on trade "
        f"and security, the {n}th round of the talks, officials said.{extra}\n\n"
        f"The two ministers signed an agreement on energy cooperation, and {a[0]} said it would send a "
        f"delegation to {b[2]} next month, according to the ministry in {a[2]}."
    )


def foreign(text: str, n: int) -> str:
    """An article in another language, different for every ``n``."""
    return f"{text} {n}."


def tiny_english(n: int) -> str:
    a, b = COUNTRIES[n % len(COUNTRIES)], COUNTRIES[(n + 3) % len(COUNTRIES)]
    return f"The minister of {a[0]} visited {b[0]} on day {n} of the talks."


def long_sentence(tokens: int = 2000) -> str:
    """One sentence of about ``tokens`` tokens: clauses joined by commas, one full stop."""
    parts = []
    n = 0
    while sum(len(p.split()) + 1 for p in parts) < tokens:
        a, b = COUNTRIES[n % len(COUNTRIES)], COUNTRIES[(n + 1) % len(COUNTRIES)]
        parts.append(f"the {a[1]} envoy met the {b[1]} envoy in {b[2]} on day {n}")
        n += 1
    return "Officials said that " + ", and ".join(parts) + "."


def png_bytes() -> bytes:
    """A real (tiny, 2x2) PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


SCRIPT_MARKERS = ["EVIL_SCRIPT_RAN", "color: red", "EVIL_IFRAME", "EVIL_NOSCRIPT", "EVIL_ONLOAD", "EVIL_TEMPLATE"]


def scripted_html(n: int) -> str:
    body = english(n).split("\n\n")
    return f"""<!doctype html><html><head><title>Talks resume</title>
<style>p {{ color: red }} /* EVIL_STYLE */</style>
<script>window.EVIL_SCRIPT_RAN = 1; document.write("<p>EVIL_SCRIPT_RAN</p>");</script>
</head><body onload="EVIL_ONLOAD()">
<iframe src="javascript:alert('EVIL_IFRAME')">EVIL_IFRAME</iframe>
<noscript>EVIL_NOSCRIPT</noscript><template><p>EVIL_TEMPLATE</p></template>
<article><h1>Talks resume</h1>
<p>{body[0]}<script>alert("EVIL_SCRIPT_RAN")</script></p>
<p>{body[1]} <a href="javascript:alert(1)" onclick="EVIL_ONLOAD()">Read the statement</a>.</p>
</article></body></html>"""


# -- writing --------------------------------------------------------------------------------------
def make_corpus(out: Path, *, tiny: int = 100_000, files: int = 3000, huge_mb: int = 50,
                long_line_chars: int = 600_000, seed: int = 8) -> Manifest:
    out = Path(out)
    root = out / "corpus"
    dash_dir = out / "dash-args"
    for d in (root / "files", root / "corpora", root / "bulk" / "many", dash_dir):
        d.mkdir(parents=True, exist_ok=True)
    m = Manifest(root=root, dash_dir=dash_dir, dash_name="-n --help.txt")
    rng = random.Random(seed)
    serial = iter(range(1_000_000, 10_000_000))  # a fresh number for every English text

    def put(rel: str, data: bytes | str, kind: str, message: str = "", case: str = "") -> Path:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        m.items.append(Expect(str(path), None, kind, message, case or rel))
        return path

    _files(put, rng, serial, root, m, huge_mb, long_line_chars)
    _corpora(root / "corpora", m, serial)
    _tiny_jsonl(root / "bulk" / "tiny.jsonl", m, tiny)
    _many_files(root / "bulk" / "many", m, files)
    (dash_dir / m.dash_name).write_text(english(next(serial)), encoding="utf-8")
    return m


def _files(put, rng: random.Random, serial, root: Path, m: Manifest, huge_mb: int, long_line_chars: int) -> None:
    f = "files/"
    put(f + "empty.txt", b"", "error", "empty document")
    put(f + "whitespace.txt", " \n\t\n\r\n   \u00a0\n", "error", "empty document")
    put(f + "photo.txt", png_bytes(), "error", "binary file")
    put(f + "photo.html", png_bytes(), "error", "binary file")
    put(f + "random-bytes.txt", bytes(rng.randrange(256) for _ in range(4096)) + b"\x00", "error", "binary file")
    put(f + "random-bytes-no-nul.txt", bytes(rng.randrange(1, 256) for _ in range(4096)), "error", "not valid UTF-8")
    put(f + "random-bytes.jsonl", b"\x00" + rng.randbytes(4096), "error", "binary file")
    put(f + "random-bytes.csv", b"\x00" + rng.randbytes(4096), "error", "binary file")
    put(f + "random-bytes.html", rng.randbytes(4096) + b"\x00", "error", "binary file")
    put(f + "nul-in-text.txt", english(next(serial)).encode() + b"\x00\x00" + b"more", "error", "binary file")
    put(f + "invalid-utf8.txt", english(next(serial)).encode() + b"\xff\xfe\xfa", "error", "not valid UTF-8")
    put(f + "latin1.txt", ("Caf\u00e9 diplomacy: " + english(next(serial))).encode("latin-1"), "error",
        "not valid UTF-8")
    put(f + "mixed-encodings.txt", english(next(serial)).encode("utf-8") + "\n\nR\u00e9sum\u00e9 \u00e0 Paris.".encode("latin-1"),
        "error", "not valid UTF-8")
    put(f + "utf16-bom.txt", codecs.BOM_UTF16_LE + english(next(serial)).encode("utf-16-le"), "coded")
    put(f + "utf16-bom-be.txt", codecs.BOM_UTF16_BE + english(next(serial)).encode("utf-16-be"), "coded")
    put(f + "utf16-no-bom.txt", english(next(serial)).encode("utf-16-le"), "error", "binary file")
    put(f + "utf8-bom.txt", codecs.BOM_UTF8 + english(next(serial)).encode(), "coded")
    put(f + "utf16-bom-broken.txt", codecs.BOM_UTF16_LE + english(next(serial)).encode("utf-16-le")[:-1],
        "error", "not valid UTF-16")
    put(f + "crlf-and-cr.txt", english(next(serial)).replace("\n", "\r\n") + "\r" + "Officials said more.", "coded")
    put(f + "zero-width-only.txt", "\u200b\u200b\ufeff\u2060\u00ad", "error", "empty after cleaning")
    put(f + "control-chars.txt", "\x1b[31m\x07\x08 " + english(next(serial)) + " \x1b[0m", "coded")
    # Sizes: a 50 MB single line is refused by the reader's size limit before it is read; a 5 MB one
    # is read but, over --max-chars, never cleaned or parsed; one under --max-chars but slow to
    # parse and code (no sentence ends, ~100,000 tokens) meets --doc-timeout.
    words = ["minister", "talks", "envoy", "officials", "region", "trade", "security", "agreement", "delegation",
             "ceasefire"]
    huge = root / f"files/huge-{huge_mb}MB-one-line.txt"
    with huge.open("wb") as fh:
        block = (" ".join(rng.choice(words) for _ in range(20_000)) + " ").encode()
        left = huge_mb * 1024 * 1024
        while left > 0:
            fh.write(block[:left])
            left -= len(block)
    m.items.append(Expect(str(huge), None, "error", "over the", "50 MB single line"))
    five = " ".join(rng.choice(words) for _ in range(600_000))[:5_000_000]
    put(f + "long-5MB-one-line.txt", five, "skipped", "too long", "5 MB single line")
    slow = " ".join(rng.choice(words) for _ in range(long_line_chars // 8))[:long_line_chars]
    put(f + "long-line-no-full-stop.txt", slow, "skipped", "timed out", "slow single line")
    put(f + "long-sentence-2000-tokens.txt", long_sentence(2000), "coded", "", "2,000-token sentence")
    # languages: skipped with a reason, not mis-coded
    put(f + "russian.txt", foreign(RUSSIAN, next(serial)), "skipped", "not English (ru)")
    put(f + "hebrew.txt", foreign(HEBREW, next(serial)), "skipped", "not English (he)")
    put(f + "arabic.txt", foreign(ARABIC, next(serial)), "skipped", "not English (ar)")
    put(f + "russian.html", f"<html><body><article><p>{foreign(RUSSIAN, next(serial))}</p><p>{RUSSIAN[::-1]}</p>"
        "</article></body></html>", "skipped", "not English (ru)")
    # HTML
    depth = 50_000
    put(f + "deeply-nested.html", "<html><body>" + "<div>" * depth + f"<p>{english(next(serial))}</p>"
        + "</div>" * depth + "</body></html>", "error|skipped|coded", "", "50,000 nested divs")
    put(f + "unclosed.html", "<html><body><article>" + "".join(
        f"<div><p><b>{english(next(serial)).replace(chr(10), ' ')}" for _ in range(3)), "coded")
    put(f + "scripts-styles-iframes.html", scripted_html(next(serial)), "coded")
    put(f + "no-article.html", '<html><head><script>var x = 1;</script><style>p {}</style></head><body><nav></nav>'
        '<img src="x.png"></body></html>', "error", "no article text")
    put(f + "plain-text-named.htm", "just some words < > & without markup " + english(next(serial)), "error",
        "no article text")
    # names: spaces, unicode, leading dashes, shell syntax (arguments are never given to a shell)
    for name in ["my article (final) v2.txt", "-rf.txt", "--help.txt", "статья о переговорах.txt",
                 "日本 ベトナム 会談.txt", "$(touch pwned) `id`.txt", " leading space.txt", "quote's \"name\".txt",
                 "naïve café ünïcödé.txt"]:
        put(f + "names/" + name, english(next(serial)), "coded", "", f"file name {name!r}")
    # a sub-folder named like a file, a hidden folder (skipped silently), a link to nowhere, a pipe
    put(f + "folder.txt/inside.txt", english(next(serial)), "coded")
    hidden = root / f / ".hidden"
    hidden.mkdir(parents=True, exist_ok=True)
    (hidden / "secret.txt").write_text(english(next(serial)), encoding="utf-8")  # never read
    dangling = root / f / "dangling-link.txt"
    try:
        os.symlink(root / "does-not-exist.txt", dangling)
        m.items.append(Expect(str(dangling), None, "error", "cannot read", "dangling symlink"))
    except (OSError, NotImplementedError):
        pass
    if hasattr(os, "mkfifo"):
        fifo = root / f / "named-pipe.txt"
        os.mkfifo(fifo)
        m.items.append(Expect(str(fifo), None, "error", "not a regular file", "named pipe"))


def _corpora(d: Path, m: Manifest, serial) -> None:
    # JSONL: good records among broken lines and wrong types
    lines: list[tuple[str, str, str]] = [  # (line, kind, message)
        (json.dumps({"id": "good-1", "text": english(next(serial)), "date": "2024-03-12", "title": "Talks"}), "coded", ""),
        ('{"text": "unterminated string', "error", "malformed JSON"),
        ("", "", ""),  # blank: not a document
        ("[1, 2, 3]", "error", "not a JSON object"),
        ('"just a string"', "error", "not a JSON object"),
        ("null", "error", "not a JSON object"),
        ("42", "error", "not a JSON object"),
        ('{"title": "no text field"}', "error", "no text"),
        ('{"text": ""}', "error", "no text"),
        ('{"text": null}', "error", "no text"),
        ('{"text": 12345}', "error", "must be a string"),
        ('{"text": ["a", "list"]}', "error", "must be a string"),
        ('{"text": {"nested": "object"}}', "error", "must be a string"),
        ('{"text": true}', "error", "must be a string"),
        (json.dumps({"id": True, "text": english(next(serial))}), "error", "'id' field must be"),
        (json.dumps({"id": [1], "text": english(next(serial))}), "error", "'id' field must be"),
        (json.dumps({"id": 7, "text": english(next(serial)), "date": 20240312, "title": ["a"], "url": {"x": 1},
                     "source": False}), "coded", ""),
        (json.dumps({"text": english(next(serial)), "date": "not a date", "title": 3.5}), "coded", ""),
        ('{"text": "Japan met \\ud800 Vietnam in Hanoi."}', "error", "unpaired surrogate"),
        ('{"text": "' + english(next(serial)).replace("\n", "\\n") + '", "title": "\\udfff"}', "error", "unpaired surrogate"),
        ('{"text": "' + english(next(serial)).replace("\n", "\\n") + ' \\u0000 with a NUL character."}', "coded", ""),
        ('{"text": "   \\n\\t  "}', "error", "empty document"),
        ('{"text": "ok", "text": 5}', "error", "must be a string"),  # duplicate key: the last wins
        ("{'single': 'quotes'}", "error", "malformed JSON"),
        ('{"text": "trailing comma",}', "error", "malformed JSON"),
        (json.dumps({"text": foreign(RUSSIAN, next(serial))}, ensure_ascii=False), "skipped", "not English (ru)"),
        (json.dumps({"text": foreign(HEBREW, next(serial))}, ensure_ascii=False), "skipped", "not English (he)"),
        (json.dumps({"text": foreign(ARABIC, next(serial))}, ensure_ascii=False), "skipped", "not English (ar)"),
        (json.dumps({"text": english(next(serial)), "source": "<script>alert(1)</script>",
                     "url": "javascript:alert(1)", "title": '"><img src=x onerror=alert(1)>'}), "coded", ""),
    ]
    good_again = lines[0][0]
    lines.append((good_again, "duplicate", ""))
    path = d / "broken.jsonl"
    raw = "\n".join(line for line, _, _ in lines).encode("utf-8") + b"\n"
    raw += b'{"text": "invalid \xff\xfe utf-8 bytes in a line"}\n'
    raw += (json.dumps({"text": english(next(serial))}) + "\n").encode()  # after the bad line: read on
    path.write_bytes(raw)
    for i, (line, kind, message) in enumerate(lines, 1):
        if kind:
            m.items.append(Expect(str(path), i, kind, message, f"jsonl line {i}: {line[:40]}"))
    m.items.append(Expect(str(path), len(lines) + 1, "error", "not valid UTF-8", "jsonl invalid utf-8 line"))
    m.items.append(Expect(str(path), len(lines) + 2, "coded", "", "jsonl line after a bad one"))

    # JSON (not JSONL): an array with items of the wrong type
    arr = d / "array.json"
    arr.write_text(json.dumps([{"text": english(next(serial))}, "string item", {"text": 5}, None]), encoding="utf-8")
    for i, (kind, message) in enumerate([("coded", ""), ("error", "not a JSON object"), ("error", "must be a string"),
                                         ("error", "not a JSON object")], 1):
        m.items.append(Expect(str(arr), i, kind, message, f"json array item {i}"))

    # CSV: missing and extra columns, embedded newlines, a quote left open at the end
    csv_path = d / "odd-rows.csv"
    e1, e2, e3, e4 = (english(next(serial)) for _ in range(4))
    rows = [
        ("id,title,text,date\n", None, "", ""),
        (f'c1,"A title","{e1}",2024-03-12\n', "coded", "", 2),  # embedded newlines in a quoted field
        ("c2,only-two-cells\n", "error", "no text", None),
        (f'c3,"Extra","{e2.replace(chr(10), " ")}",2024-03-12,extra1,extra2\n', "coded", "", None),
        ("c4,Missing text,,2024-03-12\n", "error", "no text", None),
        (f'c5,"Quotes ""inside""","{e3.replace(chr(10), " ")}",\n', "coded", "", None),
        (f'c6,"Open quote","{e4.replace(chr(10), " ")} and the quote is never closed\n', "coded", "", None),
    ]
    line = 1
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        for text, kind, message, _ in rows:
            fh.write(text)
            if kind:
                m.items.append(Expect(str(csv_path), line, kind, message, f"csv row at line {line}"))
            line += text.count("\n") or 1
    no_text = d / "no-text-column.csv"
    no_text.write_text("id,body\n1,Japan met Vietnam.\n", encoding="utf-8")
    m.items.append(Expect(str(no_text), None, "error", "no 'text' column", "csv without a text column"))
    semi = d / "semicolons.csv"
    semi.write_text(f'id;text\ns1;"{english(next(serial)).replace(chr(10), " ")}"\n', encoding="utf-8")
    m.items.append(Expect(str(semi), 2, "coded", "", "csv separated by semicolons"))
    latin = d / "latin1.csv"
    latin.write_bytes("id,text\nl1,Caf\u00e9 talks in Paris on Monday.\n".encode("latin-1"))
    m.items.append(Expect(str(latin), None, "error", "not valid UTF-8", "latin-1 csv"))


# One line of the tiny corpus, by its number: most are cheap (errors, other languages, empty after
# cleaning, duplicates); a few are short English documents, which are parsed and coded.
TINY_PLAN = (
    [("coded-en", "coded")] * 3 + [("coded-und", "coded")] * 2 + [("ru", "skipped")] * 15
    + [("he", "skipped")] * 15 + [("ar", "skipped")] * 15 + [("zero-width", "error")] * 5
    + [("empty-text", "error")] * 10 + [("whitespace", "error")] * 5 + [("number-text", "error")] * 5
    + [("broken", "error")] * 10 + [("not-object", "error")] * 5 + [("bad-id", "error")] * 5
    + [("duplicate", "duplicate")] * 5
)
assert len(TINY_PLAN) == 100


def tiny_line(i: int) -> tuple[str, str, str]:
    """(JSONL line, expected kind, message) of tiny document ``i`` (numbered from 0)."""
    case, kind = TINY_PLAN[i % 100]
    text = {
        "coded-en": lambda: tiny_english(i),
        "coded-und": lambda: f"#{i} 2024",
        "ru": lambda: f"Переговоры продолжаются {i}",
        "he": lambda: f"השיחות נמשכות {i}",
        "ar": lambda: f"تستمر المحادثات {i}",
        "zero-width": lambda: "\u200b" * (1 + i % 7) + "\u2060" * (i // 100 % 50 + 1) + "\u00ad" * (i // 5000 + 1),
    }
    message = {"ru": "not English (ru)", "he": "not English (he)", "ar": "not English (ar)",
               "zero-width": "empty after cleaning"}.get(case, "")
    if case in text:
        return json.dumps({"text": text[case]()}, ensure_ascii=False), kind, message
    if case == "duplicate":  # the coded English line just before it in the same hundred
        return json.dumps({"text": tiny_english(i - i % 100)}), kind, ""
    return {
        "empty-text": ('{"text": ""}', "error", "no text"),
        "whitespace": ('{"text": "  \\t "}', "error", "empty document"),
        "number-text": (f'{{"text": {i}}}', "error", "must be a string"),
        "broken": (f'{{"text": "broken {i}', "error", "malformed JSON"),
        "not-object": (f"[{i}]", "error", "not a JSON object"),
        "bad-id": (f'{{"id": {{"n": {i}}}, "text": "x {i}"}}', "error", "'id' field must be"),
    }[case]


def _tiny_jsonl(path: Path, m: Manifest, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            line, kind, message = tiny_line(i)
            fh.write(line + "\n")
            m.items.append(Expect(str(path), i + 1, kind, message, f"tiny {TINY_PLAN[i % 100][0]}"))


def _many_files(d: Path, m: Manifest, n: int) -> None:
    for i in range(n):
        name = f"doc-{i:05d}.txt"
        case = i % 10
        if case < 3:
            data, kind, message = tiny_english(10_000_000 + i), "coded", ""
        elif case < 7:
            data, kind, message = (f"Переговоры {i}", "skipped", "not English (ru)")
        elif case < 9:
            data, kind, message = ("", "error", "empty document")
        else:
            data, kind, message = (b"\x00\x01binary" + bytes([i % 256]), "error", "binary file")
        path = d / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        m.items.append(Expect(str(path), None, kind, message, f"small file {case}"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--tiny", type=int, default=100_000, help="tiny documents in bulk/tiny.jsonl")
    parser.add_argument("--files", type=int, default=3000, help="small files in bulk/many/")
    parser.add_argument("--huge-mb", type=int, default=50, help="size of the single-line file, in MB")
    args = parser.parse_args(argv)
    manifest = make_corpus(args.out, tiny=args.tiny, files=args.files, huge_mb=args.huge_mb)
    counts = manifest.counts()
    print(f"{manifest.tried():,} items under {manifest.root}: " + ", ".join(f"{counts[k]:,} {k}" for k in KINDS
                                                                           if counts[k]), file=sys.stderr)


if __name__ == "__main__":
    main()
