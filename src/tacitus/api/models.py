"""Request and response bodies of the REST API, with the examples shown in ``/openapi.json``.

Record-shaped models (events, quotes, actor references) follow ``Document.to_dict()``: those key
names are a contract other tools read, so the API uses them unchanged. Response models allow
extra keys, so that a field the store adds later reaches clients instead of being silently
dropped; request models forbid them, so that a misspelt field is an error, not a surprise.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

# Limits on what one request may ask the (slow) pipeline to code. The request body limit
# (``--max-body``) is checked first, before any of this is parsed.
MAX_TEXT_CHARS = 200_000
MAX_BATCH = 20
MAX_PAGE = 500

Status = Literal["asserted", "planned", "hypothetical", "negated"]


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")


# -- errors ---------------------------------------------------------------------------------------
class ErrorBody(BaseModel):
    status: int = Field(description="The HTTP status code, repeated for clients that lose it.")
    message: str = Field(description="What went wrong and, where it helps, what to do.")
    details: list[dict[str, Any]] | None = Field(
        default=None, description="For 422: one entry per invalid field (`loc`, `msg`, `type`)."
    )


class ErrorResponse(BaseModel):
    error: ErrorBody

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"error": {"status": 404, "message": "no event 'abc123' (or the prefix matches several)"}},
    ]})


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry documenting a route's error statuses."""
    text = {
        400: "Bad request", 401: "Missing or wrong bearer token", 403: "Writing is disabled (no token configured)",
        404: "Not found", 413: "Request body too large", 422: "Invalid parameters or body",
    }
    return {c: {"model": ErrorResponse, "description": text.get(c, "Error")} for c in codes}


# -- writing --------------------------------------------------------------------------------------
class ArticleIn(BaseModel):
    """One article to code. Only ``text`` is required."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "Japan and Vietnam agree to deepen maritime security cooperation\n\nJapan's foreign minister "
                "arrived in Hanoi on Monday for two days of talks with Vietnamese officials.",
        "title": "Japan and Vietnam agree to deepen maritime security cooperation",
        "date": "2024-03-12",
        "url": "https://demo.tacitus.invalid/japan-vietnam",
        "source": "Tacitus Wire",
        "id": "demo-jpn-vnm",
    }]})

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS,
                      description="The article as plain text; boilerplate (bylines, captions) is cleaned off.")
    title: str | None = Field(default=None, max_length=1_000)
    date: dt.date | None = Field(default=None, description="Publication date (YYYY-MM-DD): anchors relative dates.")
    url: str | None = Field(default=None, max_length=2_048)
    source: str | None = Field(default=None, max_length=300, description="The outlet.")
    id: str | None = Field(default=None, min_length=1, max_length=200,
                           description="Your id for the article (default: a hash of the text).")


def _one_or_many(value: Any) -> str:
    return "batch" if isinstance(value, list) else "article"


# A JSON object is one article; a JSON array is a batch. The callable discriminator makes a bad
# body report the errors of the shape it was sent in only (``body.article.text``, ``body.batch.2.text``).
ArticlesBody = Annotated[
    Annotated[ArticleIn, Tag("article")] | Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_BATCH),
                                                     Tag("batch")],
    Discriminator(_one_or_many),
]


class ActorRefOut(Out):
    text: str | None = None
    code: str | None = None
    actor_id: str | None = None
    start: int | None = None
    end: int | None = None


class SpanOut(Out):
    text: str | None = None
    start: int | None = None
    end: int | None = None


class EventRecord(Out):
    """An event as in the ``tacitus code --format jsonl`` record (offsets into the original text)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "11d659049672a884", "doc_id": "51d8add51569908b", "sentence_index": 2,
        "source": {"text": "the two ministers", "code": "JPN", "actor_id": "country:JPN", "start": 812, "end": 829},
        "target": {"text": "Vietnam", "code": "VNM", "actor_id": "country:VNM", "start": 901, "end": 908},
        "plover": "AGREE", "mode": "", "context": "", "cameo": "057", "goldstein": 4.0, "quad_class": 1,
        "status": "asserted", "attribution": None, "date": "2024-03-12", "date_precision": "day",
        "date_text": None, "place": None, "trigger": {"text": "agreed", "start": 1083, "end": 1089},
        "sentence": "They also agreed to set up a hotline between their foreign ministries.",
        "confidence": 0.8, "evidence": [{"sentence_index": 2, "trigger": "agreed", "start": 1083, "end": 1089}],
    }]})

    id: str
    doc_id: str | None = None
    sentence_index: int | None = None
    source: ActorRefOut | None = None
    target: ActorRefOut | None = None
    plover: str | None = None
    mode: str | None = None
    context: str | None = None
    cameo: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    status: str | None = None
    attribution: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    place: dict[str, Any] | None = None
    trigger: SpanOut | None = None
    sentence: str | None = None
    confidence: float | None = None
    evidence: list[dict[str, Any]] = Field(default_factory=list)


class QuoteRecord(Out):
    text: str | None = None
    speaker: ActorRefOut | None = None
    start: int | None = None
    end: int | None = None


class Mark(Out):
    """A highlight in the **clean** text: ``text == document.text[start:end]``."""

    kind: Literal["trigger", "source", "target", "evidence", "quote", "speaker"]
    start: int
    end: int
    text: str
    event: str | None = Field(default=None, description="The event id (trigger, source, target, evidence).")
    quote: int | None = Field(default=None, description="The quote's index in `quotes` (quote, speaker).")


class DocumentOut(Out):
    """A document: metadata, the clean text, its highlights, events, quotes and actors."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "doc_id": "51d8add51569908b", "title": "Japan and Vietnam agree to deepen maritime security cooperation",
        "byline": "Hana Morikawa", "outlet": None, "url": None, "date": "2024-03-12",
        "origin": "samples/japan_vietnam_talks.txt", "content_hash": "51d8add51569908b",
        "text": "Japan's foreign minister arrived in Hanoi on Monday for two days of talks ...",
        "sentences": 9, "skipped": None,
        "spans": [{"kind": "trigger", "start": 25, "end": 32, "text": "arrived", "event": "91bb9f9ab16c645d",
                   "quote": None}],
        "events": [], "quotes": [], "actors": [],
    }]})

    doc_id: str
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    origin: str | None = None
    content_hash: str | None = None
    text: str | None = Field(default=None, description="The clean text the pipeline coded.")
    sentences: int | None = None
    skipped: str | None = Field(default=None, description="Why the pipeline did not code it (e.g. not English).")
    spans: list[Mark] = Field(default_factory=list)
    events: list[EventRecord] = Field(default_factory=list)
    quotes: list[QuoteRecord] = Field(default_factory=list)
    actors: list[dict[str, Any]] = Field(default_factory=list)


class CodedArticle(DocumentOut):
    stored: bool = Field(description="True when this request stored it.")
    duplicate: bool = Field(default=False, description="Already in the store (same clean text): not stored again; "
                                                       "`doc_id` and events are the stored ones.")
    error: str | None = Field(default=None, description="Set when this article could not be coded.")


class CodeResult(Out):
    documents: list[CodedArticle]


class ArticlesResult(Out):
    stored: int
    duplicates: int
    errors: int = 0
    documents: list[CodedArticle]


# -- questions ------------------------------------------------------------------------------------
class EventSummary(Out):
    event_id: str
    day: str | None = Field(default=None, description="The event's day: its own date, else its document's.")
    source_code: str | None = None
    plover: str | None = None
    target_code: str | None = None
    cameo: str | None = None
    status: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    source_text: str | None = None
    trigger_text: str | None = None
    target_text: str | None = None
    attribution: str | None = None
    confidence: float | None = None
    sentence: str | None = None
    doc_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    story_id: str | None = None


class EventPage(Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "total": 27, "limit": 2, "offset": 0,
        "events": [{"event_id": "91bb9f9ab16c645d", "day": "2024-03-11", "source_code": "JPNGOV",
                    "plover": "CONSULT", "target_code": "VNM", "cameo": "040", "status": "asserted",
                    "goldstein": 1.9, "quad_class": 1, "source_text": "Japan's foreign minister",
                    "trigger_text": "arrived", "target_text": "Hanoi", "attribution": None,
                    "confidence": 0.8, "sentence": "Japan's foreign minister arrived in Hanoi on Monday ...",
                    "doc_id": "51d8add51569908b", "title": "Japan and Vietnam agree ...", "outlet": None,
                    "url": None, "story_id": "st3f0c..."}],
    }]})

    total: int = Field(description="Events matching the filters (all pages).")
    limit: int
    offset: int
    events: list[EventSummary]


class SentenceOut(Out):
    sentence_index: int | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


class DocRef(Out):
    doc_id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None


class EventDetail(Out):
    """One event with its evidence: the sentences that tell it and the other reports of its story."""

    event: EventRecord
    event_day: str | None = None
    document: DocRef
    sentences: list[SentenceOut] = Field(description="Every evidence sentence (original offsets).")
    spans: list[Mark] = Field(default_factory=list,
                              description="This event's highlights in the document's clean text.")
    story_id: str | None = None
    story: dict[str, Any] | None = None
    story_members: list[dict[str, Any]] = Field(default_factory=list)


class TimelineRow(Out):
    period: str
    period_start: str
    period_end: str
    events: int
    asserted: int = 0
    planned: int = 0
    hypothetical: int = 0
    negated: int = 0
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0
    cooperation: int = 0
    conflict: int = 0
    goldstein_sum: float | None = None
    goldstein_mean: float | None = None
    a_to_b: int | None = None
    b_to_a: int | None = None
    types: dict[str, int] = Field(default_factory=dict, description="Events per PLOVER type.")


class Timeline(Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "a": "JPN", "b": "VNM", "by": "month", "both_directions": True, "stories": False,
        "since": None, "until": None, "undated": 0,
        "periods": [{"period": "2024-03", "period_start": "2024-03-01", "period_end": "2024-03-31",
                     "events": 3, "asserted": 3, "planned": 0, "hypothetical": 0, "negated": 0,
                     "verbal_cooperation": 3, "material_cooperation": 0, "verbal_conflict": 0,
                     "material_conflict": 0, "cooperation": 3, "conflict": 0, "goldstein_sum": 9.3,
                     "goldstein_mean": 3.1, "a_to_b": 2, "b_to_a": 1, "types": {"AGREE": 1, "CONSULT": 1,
                                                                               "SUPPORT": 1}}],
    }]})

    a: str
    b: str
    by: str
    both_directions: bool
    stories: bool
    since: str | None = None
    until: str | None = None
    undated: int = Field(description="Events of the dyad without any date: not placed on the timeline.")
    periods: list[TimelineRow]


class ActorSummary(Out):
    actor: str = Field(description="The actor id (`country:JPN`, `org:eu`, `person:...`; `code:XYZ` when the "
                                   "events carry a code but no actor id).")
    name: str | None = None
    code: str | None = None
    kind: str | None = None
    as_source: int = 0
    as_target: int = 0
    events: int = 0


class ActorList(Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{"actors": [
        {"actor": "org:eu", "name": "European Union", "code": "EU", "kind": "organisation",
         "as_source": 4, "as_target": 1, "events": 5},
    ]}]})

    actors: list[ActorSummary]


class Partner(Out):
    partner: str = Field(description="The partner's actor id (or `code:XYZ`).")
    name: str | None = None
    code: str | None = None
    events: int
    outgoing: int = Field(description="Events from this actor to the partner.")
    incoming: int = Field(description="Events from the partner to this actor.")
    cooperation: int
    conflict: int
    mean_goldstein: float | None = None


class ActorDetail(Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "actor": {"actor_id": "country:JPN", "name": "Japan", "kind": "country", "code": "JPN", "country": "JPN",
                  "sector": None, "documents": 2},
        "events": 4, "as_source": 3, "as_target": 1,
        "partners": [{"partner": "country:VNM", "name": "Vietnam", "code": "VNM", "events": 2, "outgoing": 1,
                      "incoming": 1, "cooperation": 2, "conflict": 0, "mean_goldstein": 3.7}],
        "recent": [],
    }]})

    actor: dict[str, Any]
    events: int
    as_source: int
    as_target: int
    partners: list[Partner]
    recent: list[EventSummary] = Field(default_factory=list, description="Its latest events (at most 20).")


class NetworkNode(Out):
    code: str
    name: str | None = None
    events: int


class NetworkEdge(Out):
    source: str
    target: str
    count: int
    mean_goldstein: float | None = None
    sum_goldstein: float | None = None
    cooperation: int
    conflict: int


class Network(Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "nodes": [{"code": "EU", "name": "European Union", "events": 5},
                  {"code": "MMRCOP", "name": "MMR COP", "events": 2}],
        "edges": [{"source": "EU", "target": "MMRCOP", "count": 2, "mean_goldstein": -5.0, "sum_goldstein": -10.0,
                   "cooperation": 0, "conflict": 2}],
    }]})

    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class DocumentSummary(Out):
    doc_id: str
    date: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    origin: str | None = None
    n_sentences: int | None = None
    events: int = 0
    skipped: str | None = None


class DocumentPage(Out):
    total: int
    limit: int
    offset: int
    documents: list[DocumentSummary]


class StatusOut(Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "version": "0.1.0", "writable": False, "documents": 8, "events": 27, "actors": 59, "stories": 27,
        "first_day": "2016-01-01", "last_day": "2024-09-03",
    }]})

    version: str | None
    writable: bool = Field(description="True when a token is configured: POST /articles and /code are enabled.")
    documents: int
    events: int
    actors: int
    stories: int
    first_day: str | None = None
    last_day: str | None = None
