"""The REST API and the dashboard pages: every endpoint's answers and errors, the token, the body
limit, security headers, escaping of hostile article text, injection strings through every filter,
and once against a real ``tacitus serve`` on a loopback port.

Most tests run on a store of synthetic coded documents (no model) plus one hostile document;
the writing tests code real text with the session's pipeline.
"""

from __future__ import annotations

import html
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from tacitus.api.app import create_app
from tacitus.api.models import MAX_BATCH
from tacitus.store import Store
from tacitus.store.synthetic import coded_document, sample_documents

REPO = Path(__file__).resolve().parents[1]
TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# A document whose every field tries to break out of the page: a script in the title, markup and
# attribute-breaking quotes in actor texts, a javascript: URL, an id full of URL syntax.
EVIL_ID = 'evil"<doc>/1?x#y'
EVIL_TITLE = "</title><script>window.__xss=1</script>"
EVIL_SOURCE = '<b onmouseover="window.__xss=2">Israel</b>'
EVIL_TARGET = "Russia\"'><script>window.__xss=3</script>"
EVIL_URL = "javascript:alert(document.cookie)"
EVIL_OUTLET = '"><svg onload=window.__xss=4>'
EVIL_QUOTE = '</q><script>window.__xss=5</script>'
EVIL_ATTRIBUTION = "<img src=x onerror=window.__xss=6>"
RAW_MARKUP = ["<script>window.__xss", "<b onmouseover", "<svg onload", "<img src=x", "'><script", '"><svg']

INJECTIONS = [
    "' OR '1'='1", "'; DROP TABLE events; --", '" OR ""="', "ISR%' --", "%", "_", "\\", "ISR) OR (1=1",
    "1; SELECT * FROM documents", "' UNION SELECT event_id FROM events --", "\x00", "ISR' AND starts_with(source_code, '",
    "$1", "?", "🙂",
]


def evil_document():
    return coded_document(
        EVIL_ID,
        [{"source": "ISR", "source_text": EVIL_SOURCE, "target": "RUS", "target_text": EVIL_TARGET,
          "plover": "ACCUSE", "trigger": "accused", "attribution": EVIL_ATTRIBUTION, "date": "2022-11-09"}],
        date="2022-11-09", title=EVIL_TITLE, url=EVIL_URL, outlet=EVIL_OUTLET, quote=EVIL_QUOTE,
    )


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("api") / "base.duckdb"
    with Store.open(path) as store:
        store.add([*sample_documents(), evil_document()])
    return path


@pytest.fixture(scope="module")
def client(base_store):
    """A read-only server (no token) over the synthetic store."""
    with TestClient(create_app(base_store)) as c:
        yield c


@pytest.fixture
def writer(base_store, tmp_path, pipeline):
    """A server with a token over a copy of the store, coding with the session's pipeline."""
    path = tmp_path / "w.duckdb"
    shutil.copy(base_store, path)
    with TestClient(create_app(path, token=TOKEN, pipeline_factory=lambda: pipeline)) as c:
        yield c


def error_of(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    message = body["error"]["message"]
    assert message and "Traceback" not in message
    return message


def event_count(client: TestClient) -> int:
    return client.get("/api/v1/status").json()["events"]


# -- status, schema, headers ----------------------------------------------------------------------
def test_status_and_openapi(client):
    status = client.get("/api/v1/status").json()
    assert status["writable"] is False and status["documents"] == 5 and status["events"] == 12
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    for path in ["/api/v1/articles", "/api/v1/code", "/api/v1/events", "/api/v1/events/{event_id}",
                 "/api/v1/dyads/{a}/{b}/timeline", "/api/v1/actors", "/api/v1/actors/{actor_id}", "/api/v1/network",
                 "/api/v1/documents/{doc_id}", "/api/v1/status"]:
        assert path in paths, path
    assert not any(p.startswith("/articles") or p == "/" for p in paths)  # dashboard pages stay out
    assert schema["components"]["schemas"]["ArticleIn"]["examples"]
    assert "401" in schema["paths"]["/api/v1/articles"]["post"]["responses"]
    # The interactive docs would need a CDN and inline script: not served.
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


@pytest.mark.parametrize("path", ["/", "/api/v1/status", "/static/js/app.js", "/static/css/app.css", "/nowhere",
                                  "/api/v1/nowhere", "/events?since=bad"])
def test_security_headers_everywhere(client, path):
    r = client.get(path, headers={"Origin": "https://evil.example"})
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert not any(h.startswith("access-control-") for h in r.headers), "no CORS by default"
    assert "server" not in r.headers or "uvicorn" not in r.headers["server"].lower()


def test_no_cors_preflight(client):
    r = client.options("/api/v1/events", headers={"Origin": "https://evil.example",
                                                   "Access-Control-Request-Method": "POST"})
    assert r.status_code == 405
    assert "access-control-allow-origin" not in r.headers


def test_static_files_are_scripts_and_styles_only(client):
    assert client.get("/static/js/app.js").headers["content-type"].startswith(("text/javascript",
                                                                                "application/javascript"))
    assert client.get("/static/css/app.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/../api/app.py").status_code == 404


# -- events ---------------------------------------------------------------------------------------
def test_events_list_filters_and_pagination(client):
    everything = client.get("/api/v1/events", params={"limit": 500}).json()
    assert everything["total"] == 12 and len(everything["events"]) == 12
    first = client.get("/api/v1/events", params={"limit": 5}).json()
    second = client.get("/api/v1/events", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] == 12
    assert {e["event_id"] for e in first["events"]}.isdisjoint(e["event_id"] for e in second["events"])
    assert [e["event_id"] for e in first["events"] + second["events"]] == [e["event_id"] for e in
                                                                             everything["events"][:10]]

    def ids(**params):
        body = client.get("/api/v1/events", params={"limit": 500, **params}).json()
        assert body["total"] == len(body["events"])
        return body["events"]

    assert {e["source_code"][:3] for e in ids(source="ISR")} == {"ISR"}
    assert all(e["target_code"].startswith("RUS") for e in ids(target="RUS"))
    assert len(ids(actor=["FRA", "EGY"])) == 2 and len(ids(actor="FRA,EGY")) == 2
    assert {e["plover"] for e in ids(type="THREATEN")} == {"THREATEN"}
    assert len(ids(type=["THREATEN", "AGREE"])) == 4
    assert {e["cameo"][:2] for e in ids(root="13")} == {"13"} and ids(root="4") == ids(root="04")
    assert {e["status"] for e in ids(status="negated")} == {"negated"}
    assert all("2022-01-01" <= e["day"] <= "2022-11-07" for e in ids(since="2022-01-01", until="2022-11-07"))
    assert [e["source_text"] for e in ids(search="EVENT 0 OF C2022")] == ["RUS"]
    summary = ids(source="FRA")[0]
    assert {"event_id", "day", "source_code", "plover", "target_code", "status", "goldstein", "trigger_text",
            "doc_id", "title", "url", "story_id"} <= set(summary)


@pytest.mark.parametrize("params, status", [
    ({"since": "2022-13-01"}, 422), ({"until": "yesterday"}, 422), ({"status": "maybe"}, 422),
    ({"limit": 0}, 422), ({"limit": 501}, 422), ({"offset": -1}, 422), ({"search": "x" * 201}, 422),
    ({"source": ["ISR"] * 21}, 422), ({"since": "2022-05-01", "until": "2022-01-01"}, 400),
])
def test_events_errors(client, params, status):
    message = error_of(client.get("/api/v1/events", params=params), status)
    if status == 422:
        details = client.get("/api/v1/events", params=params).json()["error"]["details"]
        assert details and all(set(d) == {"loc", "msg", "type"} for d in details)  # no echo of the input
    else:
        assert "after" in message


def test_event_detail_with_evidence(client):
    event = client.get("/api/v1/events", params={"source": "FRA"}).json()["events"][0]
    detail = client.get(f"/api/v1/events/{event['event_id']}").json()
    record = detail["event"]
    assert record["id"] == event["event_id"] and record["plover"] == "CONSULT"
    assert set(record) >= {"source", "target", "trigger", "status", "attribution", "evidence", "sentence"}
    assert detail["document"]["doc_id"] == "c2022" and detail["event_day"] == "2022-11-08"
    assert [s["sentence_index"] for s in detail["sentences"]] == [record["sentence_index"]]
    kinds = {s["kind"]: s["text"] for s in detail["spans"]}
    assert kinds == {"trigger": "met", "source": "FRA", "target": "DEU"}
    assert detail["story"]["num_mentions"] == 1
    # A unique prefix works; an unknown id or an ambiguous prefix is a 404 with a message.
    assert client.get(f"/api/v1/events/{event['event_id'][:8]}").json()["event"]["id"] == event["event_id"]
    assert "no event" in error_of(client.get("/api/v1/events/ffffffffffffffffffff"), 404)
    error_of(client.get("/api/v1/events/" + "a" * 101), 422)


# -- dyads ----------------------------------------------------------------------------------------
def test_dyad_timeline(client, base_store):
    body = client.get("/api/v1/dyads/isr/rus/timeline", params={"by": "year"}).json()
    assert body["a"] == "ISR" and body["b"] == "RUS" and body["by"] == "year"
    periods = {p["period"]: p for p in body["periods"]}
    assert set(periods) == {"2016", "2022"}
    with Store.open(base_store, read_only=True) as store:
        expected = store.dyad("ISR", "RUS", by="year")
    assert [p["events"] for p in body["periods"]] == expected["events"].tolist()
    p2016 = periods["2016"]
    assert p2016["period_start"] == "2016-01-01" and p2016["period_end"] == "2016-12-31"
    assert p2016["types"] == {"AGREE": 1, "CONSULT": 1, "REQUEST": 1}
    assert p2016["planned"] == 1 and p2016["hypothetical"] == 1
    both = client.get("/api/v1/dyads/ISR/RUS/timeline", params={"by": "month", "both_directions": True}).json()
    assert all(p["a_to_b"] + p["b_to_a"] == p["events"] for p in both["periods"])
    assert sum(p["events"] for p in both["periods"]) > sum(p["events"] for p in body["periods"])
    ranged = client.get("/api/v1/dyads/ISR/RUS/timeline", params={"since": "2020-01-01", "by": "day"}).json()
    assert ranged["periods"] and all(p["period"] >= "2020" for p in ranged["periods"])
    stories = client.get("/api/v1/dyads/ISR/RUS/timeline", params={"stories": True}).json()
    assert stories["stories"] is True
    assert client.get("/api/v1/dyads/ZZZ/YYY/timeline").json()["periods"] == []
    error_of(client.get("/api/v1/dyads/ISR/RUS/timeline", params={"by": "decade"}), 422)
    error_of(client.get("/api/v1/dyads/ISR/RUS/timeline", params={"since": "2022-01-01", "until": "2021-01-01"}), 400)
    error_of(client.get("/api/v1/dyads/" + "X" * 65 + "/RUS/timeline"), 422)


def test_dyad_events_of_a_period(client):
    timeline = client.get("/api/v1/dyads/RUS/ISR/timeline", params={"by": "month", "both_directions": True}).json()
    period = next(p for p in timeline["periods"] if p["period"] == "2022-11")
    body = client.get("/api/v1/dyads/RUS/ISR/events", params={
        "both_directions": True, "since": period["period_start"], "until": period["period_end"]}).json()
    assert body["total"] == period["events"] == len(body["events"])
    assert all("2022-11-01" <= e["day"] <= "2022-11-30" for e in body["events"])
    error_of(client.get("/api/v1/dyads/RUS/ISR/events", params={"limit": 0}), 422)


# -- actors, network, documents -------------------------------------------------------------------
def test_actors(client):
    actors = client.get("/api/v1/actors", params={"top": 5}).json()["actors"]
    assert len(actors) == 5 and actors[0]["events"] >= actors[-1]["events"]
    assert {"actor", "name", "code", "kind", "as_source", "as_target", "events"} <= set(actors[0])
    found = client.get("/api/v1/actors", params={"q": "deu"}).json()["actors"]
    assert [a["code"] for a in found] == ["DEU"]
    assert client.get("/api/v1/actors", params={"status": "negated"}).json()["actors"]
    error_of(client.get("/api/v1/actors", params={"top": 0}), 422)

    detail = client.get("/api/v1/actors/country:RUS").json()
    # The latest document names the actor: here the hostile one (which the pages must escape).
    assert detail["actor"]["name"] == EVIL_TARGET and detail["events"] == detail["as_source"] + detail["as_target"]
    partners = {p["partner"]: p for p in detail["partners"]}
    isr = partners["country:ISR"]  # two threats from Russia, one accusation from Israel
    assert (isr["outgoing"], isr["incoming"], isr["conflict"], isr["cooperation"]) == (2, 1, 3, 0)
    assert detail["recent"] and all("RUS" in (e["source_code"], e["target_code"]) for e in detail["recent"])
    by_code = client.get("/api/v1/actors/" + quote("code:RUSGOV", safe="")).json()
    assert by_code["events"] == 5 and by_code["actor"]["code"] == "RUSGOV"
    assert "no actor" in error_of(client.get("/api/v1/actors/country:ZZZ"), 404)
    error_of(client.get("/api/v1/actors/" + "a" * 201), 422)


def test_network(client):
    body = client.get("/api/v1/network").json()
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert edges[("RUS", "ISR")]["count"] == 2 and edges[("RUS", "ISR")]["conflict"] == 2
    assert {n["code"] for n in body["nodes"]} == {c for pair in edges for c in pair}
    assert all(e["count"] >= 2 for e in client.get("/api/v1/network", params={"min_count": 2}).json()["edges"])
    assert len(client.get("/api/v1/network", params={"limit": 1}).json()["edges"]) == 1
    filtered = client.get("/api/v1/network", params={"type": "CONSULT"}).json()["edges"]
    assert {(e["source"], e["target"]) for e in filtered} == {("ISRGOV", "RUS"), ("FRA", "DEU")}
    error_of(client.get("/api/v1/network", params={"limit": 0}), 422)


def test_documents_with_spans_in_the_clean_text(client):
    listing = client.get("/api/v1/documents", params={"limit": 2}).json()
    assert listing["total"] == 5 and len(listing["documents"]) == 2
    assert client.get("/api/v1/documents", params={"search": "EVENT 1 OF B2022"}).json()["total"] == 1
    doc = client.get("/api/v1/documents/b2022").json()
    assert doc["title"] == "Report b2022" and len(doc["events"]) == 4 and len(doc["quotes"]) == 1
    text = doc["text"]
    for span in doc["spans"]:
        assert text[span["start"]:span["end"]] == span["text"], span
    kinds = {(s["kind"], s["event"]) for s in doc["spans"]}
    for e in doc["events"]:
        assert ("trigger", e["id"]) in kinds and ("source", e["id"]) in kinds
    assert any(s["kind"] == "quote" and s["quote"] == 0 for s in doc["spans"])
    assert not {"original", "offsets", "removed", "sentence_spans"} & set(doc)
    # An id full of URL syntax round-trips when encoded as one path segment.
    evil = client.get("/api/v1/documents/" + quote(EVIL_ID, safe="")).json()
    assert evil["doc_id"] == EVIL_ID and evil["title"] == EVIL_TITLE
    assert "no document" in error_of(client.get("/api/v1/documents/nope"), 404)
    error_of(client.get("/api/v1/documents", params={"limit": 501}), 422)


def test_spans_map_original_offsets_through_cleaning(writer):
    """A cleaned article: event offsets point into the original, spans into the clean text."""
    text = (REPO / "samples" / "japan_vietnam_talks.txt").read_text()
    coded = writer.post("/api/v1/articles", json={"text": text, "date": "2024-03-12"}, headers=AUTH).json()
    doc = writer.get("/api/v1/documents/" + quote(coded["documents"][0]["doc_id"], safe="")).json()
    assert doc["text"] != text and "Read more" not in doc["text"]  # the cleaner cut furniture
    triggers = {s["event"]: s for s in doc["spans"] if s["kind"] == "trigger"}
    assert len(triggers) == len(doc["events"]) > 0
    for e in doc["events"]:
        span = triggers[e["id"]]
        assert doc["text"][span["start"]:span["end"]] == e["trigger"]["text"]
        assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]  # original offsets


# -- injection strings through every filter -------------------------------------------------------
@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_are_only_data(client, value):
    before = event_count(client)
    seg = quote(value, safe="")
    for name in ["source", "target", "actor", "type", "root"]:
        body = client.get("/api/v1/events", params={name: value}).json()
        assert body["total"] == 0, (name, value)  # matched literally: no code is called that
    # Text search is literal too: exactly the sentences holding the string (no wildcards).
    every = client.get("/api/v1/events", params={"limit": 500}).json()["events"]
    holding = [e["event_id"] for e in every if value.lower() in e["sentence"].lower()]
    found = client.get("/api/v1/events", params={"search": value, "limit": 500}).json()["events"]
    assert [e["event_id"] for e in found] == holding
    for name in ["source", "target", "actor", "type", "root"]:
        assert client.get("/api/v1/network", params={name: value}).json()["edges"] == []
        assert client.get("/api/v1/actors", params={name: value}).json()["actors"] == []
    assert len(client.get("/api/v1/network", params={"search": value}).json()["edges"]) <= len(holding)
    for a in client.get("/api/v1/actors", params={"q": value}).json()["actors"]:
        assert value.lower() in f"{a['name']} {a['code']} {a['actor']}".lower()
    for d in client.get("/api/v1/documents", params={"search": value}).json()["documents"]:
        doc = client.get("/api/v1/documents/" + quote(d["doc_id"], safe="")).json()
        assert value.lower() in f"{doc['title']} {doc['text']}".lower()
    assert client.get(f"/api/v1/dyads/{seg}/{seg}/timeline").json()["periods"] == []
    assert client.get(f"/api/v1/dyads/ISR/{seg}/events").json()["total"] == 0
    for path in [f"/api/v1/events/{seg}", f"/api/v1/documents/{seg}", f"/api/v1/actors/{seg}"]:
        r = client.get(path)
        assert r.status_code in (404, 422), path
    for page in [f"/events?source={seg}&search={seg}&type={seg}&root={seg}", f"/actors?q={seg}",
                 f"/articles?search={seg}", f"/dyad?a={seg}&b={seg}", f"/articles/{seg}", f"/actors/{seg}"]:
        assert client.get(page).status_code in (200, 404), page
    assert event_count(client) == before
    assert client.get("/api/v1/documents").json()["total"] == 5


# -- writing --------------------------------------------------------------------------------------
ARTICLE = {
    "text": "Japan and Vietnam agree to deepen maritime security cooperation\n\nJapan's foreign minister arrived in "
            "Hanoi on Monday for two days of talks with Vietnamese officials. The two ministers signed an agreement "
            "on coast guard training.",
    "title": "Japan and Vietnam agree", "date": "2024-03-12", "source": "Tacitus Wire",
    "url": "https://demo.tacitus.invalid/jv",
}


def test_writing_needs_the_token(writer):
    before = event_count(writer)
    for endpoint in ["/api/v1/articles", "/api/v1/code"]:
        for headers in [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": f"Basic {TOKEN}"},
                        {"Authorization": f"Bearer {TOKEN.upper()}"}, {"Authorization": f"Bearer {TOKEN[:-1]}"},
                        {"Authorization": "Bearer"}]:
            r = writer.post(endpoint, json=ARTICLE, headers=headers)
            error_of(r, 401)
            assert r.headers["www-authenticate"].startswith("Bearer")
        # Refused before the body is read: even an invalid body gets 401, not 422.
        error_of(writer.post(endpoint, content=b"{not json", headers={"content-type": "application/json"}), 401)
    assert event_count(writer) == before


def test_writing_is_disabled_without_a_configured_token(client):
    for endpoint in ["/api/v1/articles", "/api/v1/code"]:
        message = error_of(client.post(endpoint, json=ARTICLE, headers=AUTH), 403)
        assert "without a token" in message
        error_of(client.post(endpoint, json=ARTICLE), 403)


def test_code_without_storing(writer):
    before = writer.get("/api/v1/status").json()
    body = writer.post("/api/v1/code", json=ARTICLE, headers=AUTH).json()
    (doc,) = body["documents"]
    assert doc["stored"] is False and doc["duplicate"] is False and doc["error"] is None
    assert doc["title"] == ARTICLE["title"] and doc["outlet"] == "Tacitus Wire" and doc["date"] == "2024-03-12"
    assert {e["plover"] for e in doc["events"]} and all(e["doc_id"] == doc["doc_id"] for e in doc["events"])
    for span in doc["spans"]:
        assert doc["text"][span["start"]:span["end"]] == span["text"]
    # The record keeps the contract's key names.
    assert {"doc_id", "title", "byline", "outlet", "url", "date", "origin", "content_hash", "text", "sentences",
            "actors", "events", "quotes", "skipped"} <= set(doc)
    assert writer.get("/api/v1/status").json() == before


def test_articles_are_stored_idempotently(writer):
    second = dict(ARTICLE, text=(REPO / "samples" / "congo_ceasefire.txt").read_text(), id="congo", title=None,
                  url=None, date="2024-07-05")
    body = writer.post("/api/v1/articles", json=[ARTICLE, second], headers=AUTH).json()
    assert body["stored"] == 2 and body["duplicates"] == 0 and body["errors"] == 0
    ids = [d["doc_id"] for d in body["documents"]]
    assert ids[1] == "congo" and all(d["stored"] for d in body["documents"])
    for d in body["documents"]:
        got = writer.get("/api/v1/documents/" + quote(d["doc_id"], safe="")).json()
        assert [e["id"] for e in got["events"]] == [e["id"] for e in d["events"]]
    stored_events = sum(len(d["events"]) for d in body["documents"])
    assert writer.get("/api/v1/events", params={"since": "2024-01-01"}).json()["total"] == stored_events
    # The same texts again: nothing new, and the answer names what is stored.
    again = writer.post("/api/v1/articles", json=[ARTICLE, second], headers=AUTH).json()
    assert again["stored"] == 0 and again["duplicates"] == 2
    assert [d["doc_id"] for d in again["documents"]] == ids and all(d["duplicate"] for d in again["documents"])
    # A different text under a taken id is kept under a new id, not lost.
    clash = writer.post("/api/v1/articles", json=dict(ARTICLE, text="Brazil and Argentina signed an energy deal.",
                                                       id="congo"), headers=AUTH).json()
    assert clash["documents"][0]["doc_id"].startswith("congo~")
    assert writer.get("/api/v1/status").json()["documents"] == 8


def test_a_script_article_is_stored_and_shown_as_text(writer):
    text = ('Egypt accused Israel of "<script>window.__xss=7</script>" provocations on Monday.\n\n'
            "Cairo said it would <img src=x onerror=window.__xss=8> respond.")
    body = writer.post("/api/v1/articles", json={"text": text, "title": "<script>window.__xss=9</script>",
                                                  "url": "javascript:alert(1)"}, headers=AUTH).json()
    doc_id = body["documents"][0]["doc_id"]
    assert "<script>" in writer.get("/api/v1/documents/" + doc_id).json()["text"]  # JSON keeps the data as is
    page = writer.get("/articles/" + quote(doc_id, safe="")).text
    assert "<script>window.__xss" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__xss=7&lt;/script&gt;" in page
    assert 'href="javascript:' not in page.lower() and "javascript:alert(1)" in page  # shown, not linked


def test_a_post_rewrites_only_the_stories_its_events_join(writer, monkeypatch):
    """A POST merges its events into the story events without rebuilding them all: only the
    stories its events join or start are written, and the store ends as a full recomputation
    would leave it."""
    from tacitus.analysis import dedup

    service = writer.app.state.service

    def stories() -> tuple[dict[str, dict], set[tuple[str, str]]]:
        with service.read() as con:
            cur = con.execute("SELECT * FROM stories")
            names = [d[0] for d in cur.description]
            rows = {r[0]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}
            return rows, set(con.execute("SELECT story_id, event_id FROM story_events").fetchall())

    before, _ = stories()
    # The store's RUS -> ISR threat of 7-8 November 2022, told by two articles.
    [threat] = [sid for sid, r in before.items()
                if (r["source_code"], r["target_code"], r["plover"]) == ("RUS", "ISR", "THREATEN")
                and str(r["first_day"]) == "2022-11-07"]
    assert before[threat]["num_articles"] == 2

    def no_full_recomputation(*args, **kwargs):
        raise AssertionError("a POST must not rebuild every story")

    monkeypatch.setattr(dedup, "recompute_stories", no_full_recomputation)
    article = {"text": "Russia threatens Israel over Syria strikes\n\nRussia threatened Israel with retaliation over "
                       "air strikes in Syria, the Russian foreign ministry said.",
               "date": "2022-11-08", "source": "Moscow Wire"}
    body = writer.post("/api/v1/articles", json=article, headers=AUTH).json()
    assert body["stored"] == 1 and body["errors"] == 0
    new_events = {e["id"] for e in body["documents"][0]["events"]}
    update = service.last_story_update
    assert not update.full and update.new_events == len(new_events) > 0
    after, links = stories()
    # The threat story took the new report (rewritten under the same id: same first event) ...
    assert update.removed == [threat] and threat in update.added
    assert (after[threat]["num_articles"], after[threat]["num_sources"]) == (3, 3)
    # ... what was written is the stories holding the new events, and nothing else changed.
    assert set(update.added) == {sid for sid, eid in links if eid in new_events}
    untouched = set(before) - set(update.removed)
    assert {sid: after[sid] for sid in untouched} == {sid: before[sid] for sid in untouched}
    monkeypatch.undo()
    with service.read() as con:
        merged = con.execute("SELECT * FROM stories ORDER BY ALL").fetchall(), sorted(links)
        dedup.recompute_stories(con, 2)
        assert merged == (con.execute("SELECT * FROM stories ORDER BY ALL").fetchall(),
                          sorted(con.execute("SELECT story_id, event_id FROM story_events").fetchall()))


@pytest.mark.parametrize("body, where", [
    ({}, "body.article.text"), ([], "body.batch"), ({"text": ""}, "body.article.text"),
    ({"text": "x", "colour": "red"}, "body.article.colour"), ({"text": "x", "date": "tomorrow"}, "body.article.date"),
    ([{"text": "x"}] * (MAX_BATCH + 1), "body.batch"), ([{"text": "x"}, {"title": "t"}], "body.batch.1.text"),
    ({"text": "x" * 200_001}, "body.article.text"), ("just a string", "body"),
])
def test_article_validation_errors(writer, body, where):
    r = writer.post("/api/v1/articles", json=body, headers=AUTH)
    message = error_of(r, 422)
    assert where in message
    assert "xxxxxxxxxx" not in r.text  # the input is not echoed


def test_invalid_json_body(writer):
    r = writer.post("/api/v1/code", content=b'{"text": "unterminated', headers={**AUTH, "content-type": "application/json"})
    assert "JSON" in error_of(r, 422)


def test_body_size_limit(base_store, tmp_path, pipeline):
    path = tmp_path / "small.duckdb"
    shutil.copy(base_store, path)
    app = create_app(path, token=TOKEN, max_body=2048, pipeline_factory=lambda: pipeline)
    with TestClient(app) as c:
        big = {"text": "word " * 1000}
        assert "larger than" in error_of(c.post("/api/v1/code", json=big, headers=AUTH), 413)

        def chunks():  # no Content-Length: the limit is counted while reading
            for _ in range(10):
                yield b" " * 1000

        error_of(c.post("/api/v1/code", content=chunks(), headers={**AUTH, "content-type": "application/json"}), 413)
        assert c.post("/api/v1/code", json={"text": "Japan met Vietnam."}, headers=AUTH).status_code == 200
        error_of(c.post("/api/v1/code", content=b"{}", headers={**AUTH, "content-length": "abc"}), 400)


def test_unexpected_errors_never_show_internals(base_store, tmp_path, caplog):
    path = tmp_path / "broken.duckdb"
    shutil.copy(base_store, path)

    def broken_pipeline():
        raise RuntimeError("secret detail: /etc/tacitus/model.bin")

    with TestClient(create_app(path, token=TOKEN, pipeline_factory=broken_pipeline)) as c:
        r = c.post("/api/v1/code", json=ARTICLE, headers=AUTH)
        message = error_of(r, 500)
        assert "secret" not in r.text and "RuntimeError" not in r.text and "Traceback" not in r.text
        assert "internal error" in message
        assert r.headers["content-security-policy"]
    assert "secret detail" in caplog.text  # the log keeps it for the operator


def test_host_names_can_be_restricted(base_store):
    with TestClient(create_app(base_store, allowed_hosts=["127.0.0.1", "localhost"])) as c:
        assert "Host" in error_of(c.get("/api/v1/status"), 400)  # the test client says "testserver"
        assert c.get("/api/v1/status", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/", headers={"host": "127.0.0.1"}).status_code == 200


def test_empty_token_is_refused(base_store):
    with pytest.raises(ValueError, match="empty"):
        create_app(base_store, token="  ")


# -- dashboard pages ------------------------------------------------------------------------------
def _inline_scripts(html: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"<script\b[^>]*>(.*?)</script>", html, re.S | re.I)
            if m.group(1).strip() or "src=" not in m.group(0)]


def dashboard_paths(client) -> list[str]:
    event = client.get("/api/v1/events", params={"search": "accused"}).json()["events"][0]
    return ["/", "/events", "/events?actor=ISR&status=asserted&since=2022-01-01", f"/events/{event['event_id']}",
            "/articles", "/articles/" + quote(EVIL_ID, safe=""), "/articles/b2022", "/actors",
            "/actors/country:RUS", "/actors/country:ISR", "/actors/" + quote("code:RUSGOV", safe=""), "/dyad",
            "/dyad?a=ISR&b=RUS&both=1&by=day&period=2022-11-09", "/dyad?a=RUS&b=ISR&by=year&period=2022"]


def test_every_page_renders_without_inline_script_or_style(client):
    for path in dashboard_paths(client):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html")
        assert _inline_scripts(r.text) == [], path
        assert not re.search(r"\sstyle\s*=", r.text), path  # the CSP forbids inline styles
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", r.text), path  # no inline event handlers


def test_hostile_text_is_escaped_in_every_view(client):
    for path in dashboard_paths(client):
        page = client.get(path).text
        for raw in RAW_MARKUP:
            assert raw not in page, (path, raw)
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page, re.I), path
    article = client.get("/articles/" + quote(EVIL_ID, safe="")).text
    assert "&lt;/title&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;" in article
    assert "Russia&#34;&#39;&gt;&lt;script&gt;window.__xss=3&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=window.__xss=6&gt;" in article  # the attribution, as text
    assert "javascript:alert(document.cookie)" in article  # the URL is shown, not linked
    # The id reaches links percent-encoded and attributes escaped.
    assert 'href="/articles/evil%22%3Cdoc%3E%2F1%3Fx%23y' in client.get("/articles").text
    missing = client.get("/articles/" + quote("<script>window.__xss=10</script>", safe=""))
    assert missing.status_code == 404 and "<script>window.__xss" not in missing.text
    assert "&lt;script&gt;" in missing.text


def test_article_page_highlights(client):
    page = client.get("/articles/b2022").text
    doc = client.get("/api/v1/documents/b2022").json()
    # The page shows exactly the clean text: highlighting adds markup, never characters.
    shown = re.search(r'<div class="doc-text" id="doc-text">(.*?)</div>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == doc["text"]
    evil = client.get("/articles/" + quote(EVIL_ID, safe="")).text
    shown = re.search(r'<div class="doc-text" id="doc-text">(.*?)</div>', evil, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == client.get(
        "/api/v1/documents/" + quote(EVIL_ID, safe="")).json()["text"]
    for e in doc["events"]:
        trigger = re.search(r'<span class="hl hl-trigger"[^>]*id="ev-' + e["id"] + r'"[^>]*>([^<]*)</span>', page)
        assert trigger and trigger.group(1) == e["trigger"]["text"], e["id"]
        assert f'data-event="{e["id"]}"' in page
    assert "according to TASS" in page and "status-negated" in page
    assert "We definitely value constructive relations" in page and "speaker unknown" in page


def test_dyad_page_chart_and_period(client):
    page = client.get("/dyad?a=RUS&b=ISR&both=1&by=month").text
    assert '<svg id="dyad-chart"' in page and 'class="bar q3"' in page and "polyline" in page
    links = re.findall(r'<a href="([^"]+)" class="period-link"', page)
    assert links and all("period=" in link for link in links)
    chosen = client.get(links[-1].replace("&amp;", "&")).text
    assert 'id="period"' in chosen and "/articles/" in chosen and "#ev-" in chosen
    assert "<svg" not in client.get("/dyad?a=ZZZ&b=YYY").text.split("<main>")[1]
    notice = client.get("/dyad?a=RUS&since=nonsense").text
    assert "not a date" in notice and "pick two actors" not in notice


def test_actor_page_network_and_ranked_table(client):
    page = client.get("/actors/country:RUS").text
    assert '<svg class="network"' in page and 'href="/actors/country%3AISR"' in page
    assert "Ranked partners" in page and 'href="/dyad?a=RUS&amp;b=ISR&amp;both=1"' in page
    assert client.get("/actors/country:ZZZ").status_code == 404


def test_events_page_filters_and_errors(client):
    page = client.get("/events?type=THREATEN").text
    assert page.count('class="event-link"') == 3 and "3 event(s)" in page
    bad = client.get("/events?since=notadate&status=bogus").text
    assert "not a date" in bad and "unknown value" in bad
    assert client.get("/events/doesnotexist").status_code == 404


def test_code_box_only_with_a_token(client, writer):
    assert 'id="code-form"' not in client.get("/").text and "code.js" not in client.get("/").text
    page = writer.get("/").text
    assert 'id="code-form"' in page and '/static/js/code.js' in page and "writes enabled" in page
    assert TOKEN not in page  # the page never carries the token


# -- the real server ------------------------------------------------------------------------------
def test_real_server_on_a_loopback_port(base_store, tmp_path):
    """``tacitus serve`` in a subprocess on a free port (the system picks it), driven with httpx."""
    path = tmp_path / "served.duckdb"
    shutil.copy(base_store, path)
    env = {**os.environ, "TACITUS_TOKEN": TOKEN, "PYTHONPATH": os.pathsep.join(
        [str(REPO / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tacitus.cli import main; main()", "serve", "--db", str(path), "--port", "0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True).start()
    try:
        url, deadline, seen = None, time.monotonic() + 60, []
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                assert proc.poll() is None, "server exited:\n" + "".join(seen)
                continue
            seen.append(line)
            if m := re.search(r"running on (http://127\.0\.0\.1:\d+)", line):
                url = m.group(1)
        assert url, "server did not start:\n" + "".join(seen)
        with httpx.Client(base_url=url, timeout=10) as http:
            status = http.get("/api/v1/status")
            assert status.status_code == 200 and status.json()["writable"] is True
            assert "uvicorn" not in status.headers.get("server", "")
            assert http.get("/api/v1/events", params={"limit": 3}).json()["total"] == 12
            home = http.get("/")
            assert "script-src 'self'" in home.headers["content-security-policy"] and 'id="code-form"' in home.text
            assert http.post("/api/v1/articles", json=ARTICLE).status_code == 401
            assert http.get("/", headers={"host": "evil.example"}).status_code == 400  # loopback: Host checked
            r = http.post("/api/v1/code", content=b"x" * 2_000_000, headers=AUTH)
            assert r.status_code == 413 and json.loads(r.text)["error"]["status"] == 413
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_command_checks(tmp_path, base_store):
    from click.testing import CliRunner

    from tacitus.cli import main

    runner = CliRunner()
    short = runner.invoke(main, ["serve", "--db", str(base_store), "--token", "short"])
    assert short.exit_code == 2 and "at least 16" in short.output
    missing = runner.invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")], env={"TACITUS_TOKEN": ""})
    assert missing.exit_code == 1 and "no store" in missing.output
    assert "Bearer" in runner.invoke(main, ["serve", "--help"]).output
