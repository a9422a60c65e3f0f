"""The REST API, mounted under ``/api/v1`` (``docs/api.md`` has an example for every endpoint).

Read routes are plain ``def`` functions: FastAPI runs them in its thread pool, which is what
blocking DuckDB calls need. The writing routes are ``async`` and hand their (slow, serialised)
work to a thread of their own, so that waiting writers do not occupy the readers' threads.
Every filter reaches SQL as a bound parameter.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import StringConstraints
from starlette.exceptions import HTTPException

from tacitus.api import models as m
from tacitus.api.security import token_problem
from tacitus.api.service import NotFound, StoreService

router = APIRouter()

Code = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Codes = Annotated[list[Code] | None, Query(max_length=20)]
Statuses = Annotated[list[m.Status] | None, Query(max_length=4, description="asserted, planned, hypothetical, "
                                                                              "negated. Repeatable.")]
Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD, inclusive (on the event's day).")]
Search = Annotated[str | None, Query(max_length=200, description="Text the evidence sentence contains "
                                                                 "(case-insensitive).")]
_bearer = HTTPBearer(auto_error=False, description="The token given to `tacitus serve --token`.")


def service(request: Request) -> StoreService:
    return request.app.state.service


def require_token(request: Request,
                  _: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None) -> None:
    """Writing endpoints: 403 when the server has no token, 401 without the right one.

    The security middleware already refused such requests before reading their body; this check
    is what the OpenAPI schema documents, and holds even if the app is mounted without it.
    """
    problem = token_problem(request.app.state.token, request.headers.get("authorization"))
    if problem is not None:
        status, message = problem
        raise HTTPException(status, message, headers={"WWW-Authenticate": 'Bearer realm="tacitus"'}
                            if status == 401 else None)


def event_filters(
    source: Annotated[Codes, Query(description="Source code prefix (ISR matches ISR, ISRGOV, ...). Repeatable.")] = None,
    target: Annotated[Codes, Query(description="Target code prefix. Repeatable.")] = None,
    actor: Annotated[Codes, Query(description="Code prefix on either side. Repeatable.")] = None,
    type_: Annotated[Codes, Query(alias="type", description="PLOVER type (CONSULT, ASSAULT, ...). Repeatable.")] = None,
    root: Annotated[Codes, Query(description="CAMEO root code (04, 19, ...). Repeatable.")] = None,
    status: Statuses = None,
    since: Day = None,
    until: Day = None,
    search: Search = None,
) -> dict[str, Any]:
    if since and until and since > until:
        raise HTTPException(400, f"since ({since}) is after until ({until})")
    return {"source": source, "target": target, "actor": actor, "plover": type_, "root": root,
            "status": status, "since": since, "until": until, "search": search}


Filters = Annotated[dict[str, Any], Depends(event_filters)]
Service = Annotated[StoreService, Depends(service)]


def _not_found(exc: NotFound) -> HTTPException:
    return HTTPException(404, str(exc))


# -- writing --------------------------------------------------------------------------------------
@router.post(
    "/articles", response_model=m.ArticlesResult, dependencies=[Depends(require_token)],
    responses=m.error_responses(401, 403, 413, 422), summary="Code articles and store them",
)
async def post_articles(svc: Service, body: Annotated[m.ArticlesBody, Body()]) -> dict[str, Any]:
    """Code one article (a JSON object) or a batch (a JSON array of at most 20), store them, and
    return each as stored: its id, clean text, highlights, events and quotes.

    Storing is idempotent: an article whose clean text is already stored comes back with
    ``duplicate: true`` and the stored id and events. Needs ``Authorization: Bearer <token>``.
    """
    articles = body if isinstance(body, list) else [body]
    return await svc.in_writer_thread(svc.add, articles)


@router.post(
    "/code", response_model=m.CodeResult, dependencies=[Depends(require_token)],
    responses=m.error_responses(401, 403, 413, 422), summary="Code articles without storing them",
)
async def post_code(svc: Service, body: Annotated[m.ArticlesBody, Body()]) -> dict[str, Any]:
    """Like ``POST /articles`` but nothing is stored: the ``tacitus code`` record of each article
    plus its highlights (``spans``). Needs the token too, since coding is what costs the server."""
    articles = body if isinstance(body, list) else [body]
    return {"documents": await svc.in_writer_thread(svc.code_only, articles)}


# -- questions ------------------------------------------------------------------------------------
@router.get("/status", response_model=m.StatusOut, summary="What the store holds")
def get_status(svc: Service) -> dict[str, Any]:
    return svc.status()


@router.get("/events", response_model=m.EventPage, responses=m.error_responses(400, 422), summary="List events")
def get_events(
    svc: Service, filters: Filters,
    limit: Annotated[int, Query(ge=1, le=m.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Events in time order, with the filters of ``tacitus events``; ``total`` counts every page."""
    total, rows = svc.events(filters, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "events": rows}


@router.get("/events/{event_id:path}", response_model=m.EventDetail, responses=m.error_responses(404, 422),
            summary="One event with its evidence")
def get_event(svc: Service, event_id: Annotated[str, Path(min_length=1, max_length=100)]) -> dict[str, Any]:
    """The event record, the sentences that tell it, its highlights in the clean text and the
    other reports of its story. ``event_id`` may be a unique prefix."""
    try:
        return svc.event(event_id)
    except NotFound as exc:
        raise _not_found(exc) from exc


@router.get("/dyads/{a}/{b}/timeline", response_model=m.Timeline, responses=m.error_responses(400, 422),
            summary="A dyad's timeline")
def get_timeline(
    svc: Service, a: Annotated[str, Path(min_length=1, max_length=64)],
    b: Annotated[str, Path(min_length=1, max_length=64)],
    by: Literal["day", "week", "month", "year"] = "month",
    both_directions: bool = False,
    stories: Annotated[bool, Query(description="Count story events (merged across articles) instead of reports.")] = False,
    since: Day = None, until: Day = None, status: Statuses = None,
) -> dict[str, Any]:
    """Events from A to B (code prefixes) per period: per status, per quad class, cooperation,
    conflict, Goldstein sum and mean, and per PLOVER type. Periods without events are left out."""
    if since and until and since > until:
        raise HTTPException(400, f"since ({since}) is after until ({until})")
    return svc.dyad(a, b, by=by, since=since, until=until, both_directions=both_directions, stories=stories,
                    status=status)


@router.get("/dyads/{a}/{b}/events", response_model=m.EventPage, responses=m.error_responses(400, 422),
            summary="A dyad's events between two days")
def get_dyad_events(
    svc: Service, a: Annotated[str, Path(min_length=1, max_length=64)],
    b: Annotated[str, Path(min_length=1, max_length=64)],
    both_directions: bool = False, since: Day = None, until: Day = None, status: Statuses = None,
    limit: Annotated[int, Query(ge=1, le=m.MAX_PAGE)] = 200,
) -> dict[str, Any]:
    """The reports a timeline period counts (give the period's first and last day)."""
    if since and until and since > until:
        raise HTTPException(400, f"since ({since}) is after until ({until})")
    total, rows = svc.dyad_events(a, b, since=since, until=until, both_directions=both_directions, status=status,
                                  limit=limit)
    return {"total": total, "limit": limit, "offset": 0, "events": rows}


@router.get("/actors", response_model=m.ActorList, responses=m.error_responses(400, 422), summary="Top actors")
def get_actors(
    svc: Service, filters: Filters,
    top: Annotated[int, Query(ge=1, le=1000)] = 50,
    q: Annotated[str | None, Query(max_length=100, description="Name, code or id contains (case-insensitive).")] = None,
) -> dict[str, Any]:
    """Actors by the number of events they take part in (as source or target)."""
    return {"actors": svc.actors(top, filters, q=q)}


@router.get("/actors/{actor_id:path}", response_model=m.ActorDetail, responses=m.error_responses(404, 422),
            summary="One actor and its partners")
def get_actor(svc: Service, actor_id: str,
              partners: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    """``actor_id`` as listed by ``GET /actors`` (``country:JPN``, ``org:eu``, ``code:XYZ``)."""
    if not 0 < len(actor_id) <= 200:
        raise HTTPException(422, "actor_id must be 1 to 200 characters")
    try:
        return svc.actor(actor_id, partners=partners)
    except NotFound as exc:
        raise _not_found(exc) from exc


@router.get("/network", response_model=m.Network, responses=m.error_responses(400, 422),
            summary="Actor-to-actor network")
def get_network(
    svc: Service, filters: Filters,
    min_count: Annotated[int, Query(ge=1)] = 1,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many edges, the heaviest first.")] = 200,
) -> dict[str, Any]:
    """Directed edges between actor codes with counts, cooperation/conflict and Goldstein scores."""
    return svc.network(filters, min_count=min_count, limit=limit)


@router.get("/documents", response_model=m.DocumentPage, responses=m.error_responses(422),
            summary="List documents")
def get_documents(
    svc: Service,
    search: Annotated[str | None, Query(max_length=200, description="In the title or text.")] = None,
    limit: Annotated[int, Query(ge=1, le=m.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Stored documents, newest first."""
    total, rows = svc.documents(search=search, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "documents": rows}


@router.get("/documents/{doc_id:path}", response_model=m.DocumentOut, responses=m.error_responses(404, 422),
            summary="One document with its highlights")
def get_document(svc: Service, doc_id: str) -> dict[str, Any]:
    """The clean text with ``spans``: each trigger, source, target, other evidence trigger, quote
    and speaker as offsets **into the clean text** (``text[start:end] == span.text``), plus the
    event records (whose own offsets point into the original text, as everywhere in Tacitus)."""
    if not 0 < len(doc_id) <= 300:
        raise HTTPException(422, "doc_id must be 1 to 300 characters")
    try:
        return svc.document(doc_id)
    except NotFound as exc:
        raise _not_found(exc) from exc
