"""Security checks beyond tests/test_api.py: untrusted users and untrusted text.

test_api.py already covers the token (401/403), the body limit on ``/code``, injection strings
through the REST filters, escaping of one hostile document in the dashboard pages, the security
headers on a few paths and one unexpected error. This file adds:

* the token comparison's code path (``hmac.compare_digest``, in the middleware and in the route);
* the body limit on ``/articles``, at its exact boundary, before authentication, and streamed to a
  real uvicorn server;
* SQL injection strings through every filter of the ``tacitus events`` command and of
  ``Store.events`` (plus ``show``, ``dyad``, ``network``, ``actors``), with canaries that would
  show an executed statement;
* untrusted text escaped in every view: reflected query parameters and path segments in every
  dashboard page, attribute-breaking quotes and hostile actor codes stored in the data (the SVG
  charts included), and the terminal views (``tacitus events``, ``show``, ``actors``, ``code``,
  the ingest summary): no markup read from data, no escape sequence reaching the terminal;
* a strict Content-Security-Policy, parsed, on every kind of response, errors included;
* no CORS on any endpoint, preflight or not;
* errors never echo a stack trace or the input: failures in every read route and page, long
  invalid parameters, malformed HTTP, a corrupt store file on the command line.
"""

from __future__ import annotations

import inspect
import json
import re
import shutil
import socket
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from tacitus.api import security
from tacitus.api.app import create_app
from tacitus.api.server import background_server
from tacitus.api.service import StoreService
from tacitus.cli import main
from tacitus.document import Document
from tacitus.store import Store, db
from tacitus.store.synthetic import coded_document, sample_documents

TOKEN = "security-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ESC = "\x1b"

# Stored data that tries to break out of an attribute, a tag, a script URL, a terminal, rich markup.
QUOTE_TITLE = '" autofocus onfocus="window.__xss=11'
QUOTE_OUTLET = "' onmouseover='window.__xss=12"
QUOTE_SOURCE = 'Egypt" onclick="window.__xss=13'
QUOTE_ID = "q\"uote'<id>"
EVIL_CODE = '<svg onload=window.__xss=20>'
TERM_TITLE = "\x1b]0;pwned\x07\x1b[2J Title [/] [link=https://evil.example]click[/link]"
TERM_SOURCE = "Israel\x1b[31m [/bold]"
TERM_TRIGGER = "accused\x1b]52;c;ZXZpbA==\x1b\\"
TERM_ATTRIBUTION = "[link=https://evil.example]officials[/link] \x9b2J"
STORED_RAW = [QUOTE_TITLE, QUOTE_OUTLET, QUOTE_SOURCE, QUOTE_ID, EVIL_CODE]

REFLECTED = [
    '"><script>window.__xss=30</script>', "' onmouseover='window.__xss=31", '" onfocus="window.__xss=32',
    "javascript:alert(33)", "</textarea><img src=x onerror=window.__xss=34>", "{{7*7}}<b>",
]
INJECTIONS = [
    "' OR '1'='1", "'; DROP TABLE events; --", "'; CREATE TABLE pwned (x INT); --", '" OR ""="', "ISR%' --",
    "%", "_", "*", "\\", "ISR) OR (1=1", "1; SELECT * FROM documents", "' UNION SELECT event_id FROM events --",
    "ISR' AND starts_with(source_code, '", "'||(SELECT count(*) FROM documents)||'", "$1", "?", "\x00",
    "'; COPY events TO '/tmp/tacitus-pwned.csv'; --", "\u2019 OR \u20181\u2019=\u20181", "ISR\u0000' --",
    "ATTACH '/tmp/tacitus-pwned.duckdb' AS x; --",
]
SOURCE_FILTERS = ["source", "target", "actor", "type", "root"]


def hostile_documents() -> list[Document]:
    return [
        coded_document(QUOTE_ID, [{"source": "EGY", "source_text": QUOTE_SOURCE, "target": "ISR",
                                   "plover": "ACCUSE", "trigger": "accused", "date": "2023-02-01"}],
                       date="2023-02-01", title=QUOTE_TITLE, outlet=QUOTE_OUTLET, url="javascript:alert(14)"),
        coded_document("codes", [{"source": EVIL_CODE, "source_text": "Someone", "target": "RUS",
                                  "plover": "THREATEN", "trigger": "threatened", "date": "2023-02-02"}],
                       date="2023-02-02", url="https://ok.example/codes"),
        coded_document("terminal", [{"source": "ISR", "source_text": TERM_SOURCE, "target": "RUS",
                                     "target_text": "Russia [sic]", "plover": "ACCUSE", "trigger": TERM_TRIGGER,
                                     "attribution": TERM_ATTRIBUTION, "date": "2023-02-03"}],
                       date="2023-02-03", title=TERM_TITLE, outlet="\x1b[5mBlink Outlet"),
    ]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("security") / "base.duckdb"
    with Store.open(path) as store:
        store.add([*sample_documents(), *hostile_documents()])
    return path


@pytest.fixture(scope="module")
def reader(store_path):
    with TestClient(create_app(store_path)) as c:
        yield c


class StubPipeline:
    """Stores articles uncoded: the write path without a model."""

    def process(self, docs):
        for d in docs:
            d.skipped = "stub"
            yield d


@pytest.fixture
def writer(store_path, tmp_path):
    path = tmp_path / "w.duckdb"
    shutil.copy(store_path, path)
    with TestClient(create_app(path, token=TOKEN, pipeline_factory=StubPipeline, max_body=4096)) as c:
        yield c


def snapshot(path: Path) -> tuple:
    with db.connect(path, read_only=True) as con:
        tables = sorted(r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall())
        return tables, db.content_snapshot(con)


def error_message(r: httpx.Response, status: int) -> str:
    assert r.status_code == status, r.text[:500]
    assert "Traceback" not in r.text and 'File "' not in r.text
    return r.json()["error"]["message"]


# -- the token ------------------------------------------------------------------------------------------
def test_the_token_is_compared_in_constant_time_on_every_path(writer, monkeypatch):
    source = inspect.getsource(security.token_problem)
    assert "hmac.compare_digest(" in source
    assert not re.search(r"(credentials|expected|token)\s*[!=]=\s*(credentials|expected|token)", source)
    calls = []
    real = security.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    error_message(writer.post("/api/v1/articles", json={"text": "x"}, headers={"Authorization": "Bearer " + "x" * 30}),
                  401)
    assert calls == [(b"x" * 30, TOKEN.encode())]  # the middleware refused it before the route ran
    calls.clear()
    assert writer.post("/api/v1/code", json={"text": "Japan met Vietnam."}, headers=AUTH).status_code == 200
    assert calls == [(TOKEN.encode(), TOKEN.encode())] * 2  # the middleware, then the route's dependency
    # a token that is not ASCII, or a header that is not a bearer token: 401, never a 500
    for header in ["Bearer t\u00f6k\u00e9n-0123456789abcdef".encode("latin-1"), "Bearer  " + TOKEN + " extra", "bearer",
                   "Token " + TOKEN, "Bearer " + TOKEN + "\t"]:
        r = writer.post("/api/v1/code", json={"text": "x"}, headers={"Authorization": header})
        assert r.status_code in (200, 401), (header, r.status_code)
        assert r.status_code == 401 or (isinstance(header, str) and header.strip() == f"Bearer {TOKEN}")


# -- the body limit -------------------------------------------------------------------------------------
def _body(size: int) -> bytes:
    head = b'{"text": "Japan met Vietnam.", "title": "'
    return head + b"x" * (size - len(head) - 2) + b'"}'


def test_body_limit_on_articles_at_its_boundary_and_before_authentication(writer):
    before = writer.get("/api/v1/status").json()["documents"]
    json_headers = {**AUTH, "content-type": "application/json"}
    # exactly the limit is read (the title is then too long for the model: 422, not 413)
    assert writer.post("/api/v1/articles", content=_body(4096), headers=json_headers).status_code != 413
    assert "4,096 bytes" in error_message(writer.post("/api/v1/articles", content=_body(4097),
                                                       headers=json_headers), 413)

    def chunks():  # no Content-Length: counted while reading
        for _ in range(8):
            yield b" " * 1024

    error_message(writer.post("/api/v1/articles", content=chunks(), headers=json_headers), 413)
    # without the token, a huge body is refused before it is read: 401, not 413
    error_message(writer.post("/api/v1/articles", content=b"x" * 100_000, headers={"content-type": "application/json"}),
                  401)
    assert writer.get("/api/v1/status").json()["documents"] == before


def test_a_real_server_refuses_a_streamed_oversized_body_and_keeps_serving(store_path, tmp_path):
    path = tmp_path / "served.duckdb"
    shutil.copy(store_path, path)
    app = create_app(path, token=TOKEN, pipeline_factory=StubPipeline, max_body=64 * 1024)
    with background_server(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        def stream():
            for _ in range(5 * 1024):  # 5 MB, chunked
                yield b"x" * 1024

        r = http.post("/api/v1/articles", content=stream(), headers={**AUTH, "content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["status"] == 413
        assert "content-security-policy" in r.headers
        assert http.get("/api/v1/status").status_code == 200  # still up
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:  # not HTTP at all
            s.sendall(b"\x16\x03\x01\x02\x00garbage that is not HTTP\r\n\r\n")
            answer = s.recv(4096).decode("latin-1")
        assert answer.startswith("HTTP/1.1 400") and "Traceback" not in answer
        assert http.get("/api/v1/status").status_code == 200


# -- SQL injection through the command line and the Python API -------------------------------------------
@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_through_every_filter_of_tacitus_events(store_path, value):
    before = snapshot(store_path)
    runner = CliRunner()

    def events(*args: str) -> list[dict]:
        r = runner.invoke(main, ["events", "--db", str(store_path), "--format", "json", "--limit", "0", *args])
        assert r.exit_code == 0, r.output
        return json.loads(r.output)

    everything = events()
    for name in SOURCE_FILTERS:
        assert events(f"--{name}", value) == [], name  # matched literally: no code is called that
        # next to a real value, it does not widen the match
        assert len(events(f"--{name}", value, f"--{name}", "ISR")) <= len(everything)
    holding = [e["event_id"] for e in everything if value.lower() in (e["sentence"] or "").lower()]
    assert [e["event_id"] for e in events("--search", value)] == holding
    for option in ["--status", "--since", "--until", "--limit"]:  # typed options refuse it
        r = runner.invoke(main, ["events", "--db", str(store_path), option, value])
        assert r.exit_code == 2 and "Traceback" not in r.output, (option, r.output)
    r = runner.invoke(main, ["show", value, "--db", str(store_path)])
    assert r.exit_code == 1 and "no event" in r.output, r.output
    r = runner.invoke(main, ["dyad", value, value, "--db", str(store_path), "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output[r.output.index("["):]) == [], r.output
    assert snapshot(store_path) == before  # nothing written, no table made or dropped
    assert not Path("/tmp/tacitus-pwned.csv").exists() and not Path("/tmp/tacitus-pwned.duckdb").exists()


def test_injection_strings_through_every_filter_of_store_events(store_path):
    before = snapshot(store_path)
    with Store.open(store_path, read_only=True) as store:
        everything = store.events()
        for value in INJECTIONS:
            for name in ["source", "target", "actor", "plover", "root", "status", "doc_id"]:
                assert store.events(**{name: value}).empty, (name, value)
                if name != "doc_id":  # the code filters take several values
                    assert len(store.events(**{name: [value, "ISR"]})) <= len(everything)
            holding = everything[everything["sentence"].str.lower().str.contains(value.lower(), regex=False)]
            assert list(store.events(search=value)["event_id"]) == list(holding["event_id"])
            for name in ["since", "until"]:
                with pytest.raises(ValueError):  # not a date: refused before any SQL
                    store.events(**{name: value})
            assert store.show(value) is None
            assert store.dyad(value, value).empty
            assert store.network(actor=value).empty and store.actors(actor=value).empty
            assert store.events(limit=0).empty
    assert snapshot(store_path) == before
    assert not Path("/tmp/tacitus-pwned.csv").exists()


# -- untrusted text in every view ----------------------------------------------------------------------
def page_paths(client: TestClient) -> list[str]:
    ids = [e["event_id"] for e in client.get("/api/v1/events", params={"limit": 500}).json()["events"]]
    docs = [d["doc_id"] for d in client.get("/api/v1/documents", params={"limit": 500}).json()["documents"]]
    actors = [a["actor"] for a in client.get("/api/v1/actors", params={"top": 1000}).json()["actors"]]
    return (["/", "/events", "/articles", "/actors", "/dyad?a=EGY&b=ISR", "/dyad?a=ISR&b=RUS&both=1&by=day",
             "/dyad?a=" + quote(EVIL_CODE, safe="") + "&b=RUS&by=day&period=2023-02-02"]
            + [f"/events/{quote(i, safe='')}" for i in ids] + [f"/articles/{quote(d, safe='')}" for d in docs]
            + [f"/actors/{quote(a, safe='')}" for a in actors])


class Tags(HTMLParser):
    """The tags and attributes a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_no_breakout(page: str, where: str) -> None:
    """No hostile value made it into the page as markup: every tag and attribute is the page's own."""
    for raw in STORED_RAW + REFLECTED:
        if any(c in raw for c in "<>\"'"):
            assert raw not in page, (where, raw)  # escaped, so never verbatim
    parser = Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in {"iframe", "object", "embed", "base", "img", "frame"}, (where, tag, attrs)
        if tag == "script":
            assert dict(attrs).get("src", "").startswith("/static/"), (where, attrs)
        for name, value in attrs:
            assert not name.startswith("on") and name not in {"autofocus", "srcdoc", "formaction", "style"}, (
                where, tag, name, value)
            if name in {"href", "src", "action", "xlink:href"} and value:
                assert not re.match(r"\s*(javascript|vbscript):", value, re.I), (where, tag, name, value)
                # data: only as the page's own empty favicon
                assert not re.match(r"\s*data:", value, re.I) or (tag, value) == ("link", "data:,"), (where, tag)


def test_stored_hostile_text_is_escaped_in_every_page(reader):
    paths = page_paths(reader)
    assert len(paths) > 30
    for path in paths:
        r = reader.get(path)
        assert r.status_code == 200, path
        assert_no_breakout(r.text, path)
    article = reader.get("/articles/" + quote(QUOTE_ID, safe="")).text
    assert "&#34; autofocus onfocus=&#34;window.__xss=11" in article and "javascript:alert(14)" in article
    dyad = reader.get("/dyad?a=" + quote(EVIL_CODE, safe="") + "&b=RUS&by=day").text
    assert "&lt;SVG ONLOAD=WINDOW.__XSS=20&gt;" in dyad or "&lt;svg onload=window.__xss=20&gt;" in dyad


@pytest.mark.parametrize("payload", REFLECTED)
def test_reflected_parameters_are_escaped_in_every_page(reader, payload):
    p = quote(payload, safe="")
    pages = [f"/events?source={p}&target={p}&actor={p}&type={p}&root={p}&status={p}&since={p}&until={p}&search={p}"
             f"&page={p}", f"/articles?search={p}&page={p}", f"/actors?q={p}", f"/dyad?a={p}&b={p}&by={p}&since={p}"
             f"&period={p}", f"/dyad?a=ISR&b={p}", f"/events/{p}", f"/articles/{p}", f"/actors/{p}", f"/{p}",
             f"/events?search={p}"]
    for path in pages:
        r = reader.get(path)
        assert r.status_code in (200, 404), (path, r.status_code)
        assert_no_breakout(r.text, path)
    for path in [f"/api/v1/events?search={p}", f"/api/v1/documents/{p}", f"/api/v1/events/{p}"]:
        r = reader.get(path)
        assert r.headers["content-type"].startswith("application/json")  # never sniffed as a page
        assert r.headers["x-content-type-options"] == "nosniff"


def test_terminal_views_print_data_not_markup_or_escape_sequences(store_path, tmp_path):
    runner = CliRunner()
    ev = next(e for e in json.loads(runner.invoke(main, ["events", "--db", str(store_path), "--format", "json",
                                                         "--limit", "0"]).output) if e["doc_id"] == "terminal")
    for args in (["events", "--db", str(store_path), "--limit", "0"], ["events", "--db", str(store_path), "--actor",
                 "ISR"], ["show", ev["event_id"], "--db", str(store_path)], ["actors", "--db", str(store_path)],
                 ["network", "--db", str(store_path)]):
        r = runner.invoke(main, args)
        assert r.exit_code == 0 and r.exception is None, (args, r.output[-2000:])
        assert ESC not in r.output and "\x9b" not in r.output and "\x07" not in r.output, args
    shown = runner.invoke(main, ["show", ev["event_id"], "--db", str(store_path)]).output
    assert "[link=https://evil.example]officials[/link]" in shown.replace("\n", "")  # shown as text
    # the ingest summary names files, whose names an attacker may choose
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "\x1b[2J[bold]evil[red] name.txt").write_bytes(b"")
    r = runner.invoke(main, ["ingest", str(folder), "--db", str(tmp_path / "i.duckdb"), "--no-progress"])
    assert r.exit_code == 1, r.output
    assert ESC not in r.output and "[bold]evil[red] name.txt" in r.output


def test_tacitus_code_report_prints_hostile_metadata_as_text(tmp_path, pipeline):
    corpus = tmp_path / "evil.jsonl"
    corpus.write_text(json.dumps({"text": "Japan's foreign minister met Vietnam's foreign minister in Hanoi.",
                                  "title": TERM_TITLE, "source": "a [/bold] b \x1b[2J",
                                  "url": "[link=https://evil.example]x[/link]"}) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["code", str(corpus)])
    assert r.exit_code == 0 and r.exception is None, r.output[-2000:]
    assert ESC not in r.output and "a [/bold] b" in r.output and "[link=https://evil.example]x[/link]" in r.output


# -- CSP and CORS ----------------------------------------------------------------------------------------
def csp_directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in out, f"directive {name} given twice"
        out[name] = values
    return out


STRICT = {"default-src": ["'none'"], "script-src": ["'self'"], "style-src": ["'self'"],
          "img-src": ["'self'", "data:"], "connect-src": ["'self'"], "font-src": ["'self'"],
          "form-action": ["'self'"], "frame-ancestors": ["'none'"], "base-uri": ["'none'"]}


def assert_strict(response: httpx.Response, where: str) -> None:
    directives = csp_directives(response.headers["content-security-policy"])
    assert directives == STRICT, where
    values = " ".join(v for vs in directives.values() for v in vs)
    for loose in ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "*", "http:",
                  "https:", "blob:", "'strict-dynamic'"]:
        assert loose not in values.split(), (where, loose)
    assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"


def test_strict_content_security_policy_on_every_kind_of_response(reader, writer, store_path, monkeypatch):
    responses = {
        "page": reader.get("/"), "api": reader.get("/api/v1/status"), "static": reader.get("/static/js/app.js"),
        "404 page": reader.get("/articles/nowhere"), "404 api": reader.get("/api/v1/nowhere"),
        "405": reader.options("/api/v1/events"), "422": reader.get("/api/v1/events?limit=x"),
        "403": reader.post("/api/v1/articles", json={"text": "x"}), "openapi": reader.get("/openapi.json"),
        "401": writer.post("/api/v1/articles", json={"text": "x"}),
        "413": writer.post("/api/v1/articles", content=b"x" * 5000, headers=AUTH),
        "400 host": TestClient(create_app(store_path, allowed_hosts=["localhost"])).get("/api/v1/status"),
    }
    monkeypatch.setattr(StoreService, "status", lambda self: 1 / 0)
    responses["500"] = reader.get("/api/v1/status")
    for where, r in responses.items():
        assert_strict(r, where)


def test_no_cors_on_any_endpoint(reader, writer):
    origin = {"Origin": "https://evil.example"}
    paths = ["/api/v1/status", "/api/v1/events", "/api/v1/events/x", "/api/v1/dyads/ISR/RUS/timeline",
             "/api/v1/dyads/ISR/RUS/events", "/api/v1/actors", "/api/v1/actors/country:ISR", "/api/v1/network",
             "/api/v1/documents", "/api/v1/documents/b2022", "/openapi.json", "/", "/static/js/app.js"]
    for path in paths:
        for r in [reader.get(path, headers=origin),
                  reader.options(path, headers={**origin, "Access-Control-Request-Method": "GET",
                                                "Access-Control-Request-Headers": "authorization"})]:
            assert not [h for h in r.headers if h.lower().startswith("access-control-")], (path, r.headers)
            assert r.status_code != 204
    for path in ["/api/v1/articles", "/api/v1/code"]:
        for r in [writer.post(path, json={"text": "Japan met Vietnam."}, headers={**origin, **AUTH}),
                  writer.options(path, headers={**origin, "Access-Control-Request-Method": "POST",
                                                "Access-Control-Request-Headers": "authorization,content-type"})]:
            assert not [h for h in r.headers if h.lower().startswith("access-control-")], (path, r.headers)


# -- errors never show internals --------------------------------------------------------------------------
SECRET = "secret-detail /etc/tacitus/key.pem"


def test_a_failure_in_any_read_route_or_page_answers_without_internals(store_path, monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError(SECRET)

    for name in ["status", "events", "event", "dyad", "dyad_events", "actors", "actor", "network", "documents",
                 "document", "codes"]:
        monkeypatch.setattr(StoreService, name, boom)
    app = create_app(store_path)
    assert app.debug is False
    with TestClient(app, raise_server_exceptions=False) as c:
        for path in ["/api/v1/status", "/api/v1/events", "/api/v1/events/x", "/api/v1/dyads/ISR/RUS/timeline",
                     "/api/v1/dyads/ISR/RUS/events", "/api/v1/actors", "/api/v1/actors/country:ISR",
                     "/api/v1/network", "/api/v1/documents", "/api/v1/documents/b2022", "/", "/events",
                     "/events/x", "/articles", "/articles/b2022", "/actors", "/actors/country:ISR",
                     "/dyad?a=ISR&b=RUS"]:
            r = c.get(path)
            assert r.status_code == 500, path
            for leak in ["secret-detail", "key.pem", "Traceback", "RuntimeError", 'File "', "site-packages"]:
                assert leak not in r.text, (path, leak)
            assert r.json()["error"]["message"].startswith("internal error")
    assert SECRET in caplog.text  # the operator's log has it


def test_invalid_input_is_not_echoed(reader):
    junk = "<junk>" + "A" * 5000
    for path, status in [(f"/api/v1/events?limit={junk}", 422), (f"/api/v1/events?since={junk}", 422),
                         (f"/api/v1/events?status={junk}", 422), (f"/api/v1/dyads/ISR/RUS/timeline?by={junk}", 422),
                         (f"/api/v1/events?source={'A' * 100}", 422), (f"/api/v1/actors?top={junk}", 422)]:
        r = reader.get(path)
        error_message(r, status)
        assert "AAAAAAAAAA" not in r.text and "<junk>" not in r.text, path
        assert len(r.text) < 2000, path
    r = reader.get("/events?since=" + quote(junk))
    assert r.status_code == 200 and "<junk>" not in r.text  # the page names the bad field, escaped


def test_command_line_errors_are_one_clear_line(tmp_path):
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(b"this is not a database" * 500)
    runner = CliRunner()
    for args in (["events", "--db", str(corrupt)], ["ingest", str(tmp_path), "--db", str(corrupt), "--no-progress"],
                 ["events", "--db", str(tmp_path / "missing.duckdb")]):
        r = runner.invoke(main, args)
        assert r.exit_code == 1 and isinstance(r.exception, SystemExit), (args, r.output)
        assert r.output.startswith("Error: ") and "Traceback" not in r.output, r.output
        assert "cannot open the store" in r.output or "there is no store" in r.output
