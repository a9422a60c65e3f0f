"""The dashboard: server-rendered pages over the same service as the REST API.

Pages are rendered by Jinja with autoescaping on for every template, so article text, titles,
actor names and ids (all untrusted: they come from scraped articles) always reach the browser as
text. Links built from data go through :func:`path_part` / :func:`query` (percent-encoding), and an
article's own URL becomes a link only when it is http(s): a ``javascript:`` URL is shown as text.
The few scripts (``static/js``) only add behaviour and build any DOM from data with
``textContent``.

Form values are read leniently here (a blank or malformed field becomes a message on the page,
not an error page), since they come from people typing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException

from tacitus.api.highlight import record_marks, segments
from tacitus.api.service import NotFound, StoreService
from tacitus.web import charts

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATUSES = ("asserted", "planned", "hypothetical", "negated")
PERIODS = ("day", "week", "month", "year")
PAGE = 50

router = APIRouter()


def path_part(value: Any) -> str:
    """One URL path segment: every reserved character encoded (an id may hold ``/``, ``?``, ``#``)."""
    return quote(str(value), safe="")


def query(path: str, **params: Any) -> str:
    """``path?k=v...`` without the empty values; lists repeat their key."""
    items = [(k, v) for k, v in params.items() if v not in (None, "", False, [], ())]
    flat: list[tuple[str, Any]] = []
    for k, v in items:
        if isinstance(v, list | tuple):
            flat.extend((k, x) for x in v)
        else:
            flat.append((k, "1" if v is True else v))
    return path + ("?" + urlencode(flat) if flat else "")


def safe_url(url: Any) -> str | None:
    """The URL if it is safe to put in an ``href`` (http or https), else None."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in {"http", "https"} else None


def number(value: Any, digits: int = 2) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}f}".rstrip("0").rstrip(".") if value == value else ""
    return str(value)


def _environment() -> jinja2.Environment:
    # autoescape=True for every template (not only *.html): the SVG charts are escaped too.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals.update(path_part=path_part, query=query, safe_url=safe_url, STATUSES=STATUSES, PERIODS=PERIODS)
    env.filters.update(number=number, path_part=path_part)
    return env


templates = Jinja2Templates(env=_environment())


def service(request: Request) -> StoreService:
    return request.app.state.service


def render(request: Request, template: str, status_code: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    svc: StoreService = request.app.state.service
    context.setdefault("nav", template.removesuffix(".html"))
    return templates.TemplateResponse(request, template, {"writable": svc.writable, **context},
                                      status_code=status_code, headers=headers)


def error_page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return render(request, "error.html", status_code=status, headers=headers, status=status, message=message,
                  nav="")


# -- reading forms --------------------------------------------------------------------------------
class Form:
    """Lenient access to query parameters, collecting what could not be understood."""

    def __init__(self, params: QueryParams) -> None:
        self.params = params
        self.errors: list[str] = []

    def text(self, name: str, max_len: int = 200) -> str | None:
        value = (self.params.get(name) or "").strip()
        if len(value) > max_len:
            self.errors.append(f"{name}: at most {max_len} characters")
            value = value[:max_len]
        return value or None

    def many(self, name: str, allowed: tuple[str, ...] | None = None) -> list[str]:
        values = [v.strip() for raw in self.params.getlist(name) for v in raw.split(",") if v.strip()][:20]
        if allowed is not None:
            bad = [v for v in values if v not in allowed]
            if bad:
                self.errors.append(f"{name}: unknown value(s) {', '.join(bad)}")
            values = [v for v in values if v in allowed]
        return [v[:64] for v in values]

    def day(self, name: str) -> dt.date | None:
        value = self.text(name, 10)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.errors.append(f"{name}: {value!r} is not a date (YYYY-MM-DD)")
            return None

    def integer(self, name: str, default: int, lo: int, hi: int) -> int:
        value = self.text(name, 12)
        if value is None:
            return default
        try:
            return min(hi, max(lo, int(value)))
        except ValueError:
            self.errors.append(f"{name}: {value!r} is not a number")
            return default

    def flag(self, name: str) -> bool:
        return (self.params.get(name) or "") in {"1", "on", "true", "yes"}

    def choice(self, name: str, options: tuple[str, ...], default: str) -> str:
        value = self.text(name, 20)
        if value is None:
            return default
        if value not in options:
            self.errors.append(f"{name}: choose one of {', '.join(options)}")
            return default
        return value


def event_filters(form: Form) -> dict[str, Any]:
    filters: dict[str, Any] = {
        "source": form.many("source"), "target": form.many("target"), "actor": form.many("actor"),
        "plover": [v.upper() for v in form.many("type")], "root": form.many("root"),
        "status": form.many("status", STATUSES), "since": form.day("since"), "until": form.day("until"),
        "search": form.text("search"),
    }
    if filters["since"] and filters["until"] and filters["since"] > filters["until"]:
        form.errors.append("since is after until")
    return filters


# -- pages ----------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    svc = service(request)
    _, latest = svc.documents(limit=10)
    return render(request, "index.html", status=svc.status(), dyads=svc.network({}, limit=12)["edges"],
                  actors=svc.actors(12), documents=latest)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request) -> Response:
    svc = service(request)
    form = Form(request.query_params)
    filters = event_filters(form)
    page = form.integer("page", 1, 1, 100_000)
    total, rows = (0, []) if form.errors else svc.events(filters, limit=PAGE, offset=(page - 1) * PAGE)
    form_values = {"source": ",".join(filters["source"]), "target": ",".join(filters["target"]),
                   "actor": ",".join(filters["actor"]), "type": ",".join(filters["plover"]),
                   "root": ",".join(filters["root"]), "status": filters["status"],
                   "since": form.text("since", 10), "until": form.text("until", 10), "search": filters["search"]}
    pages = max(1, -(-total // PAGE))
    return render(request, "events.html", events=rows, total=total, page=page, pages=pages, form=form_values,
                  errors=form.errors)


@router.get("/events/{event_id:path}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    try:
        detail = service(request).event(event_id[:100], with_record=True)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    record = detail.pop("_record") or {}
    event = detail["event"]
    marks = [m for m in record_marks(record) if m.event == event["id"]] if record else []
    spans = {s.get("index"): s for s in record.get("sentence_spans") or []}
    wanted = [event.get("sentence_index"), *(e.get("sentence_index") for e in event.get("evidence") or [])]
    evidence = []
    for idx in dict.fromkeys(i for i in wanted if i is not None):
        s = spans.get(idx)
        if s and s.get("clean_start") is not None and record.get("text"):
            evidence.append({"index": idx, "segments": segments(record["text"], marks, s["clean_start"],
                                                                 s["clean_end"], anchors=False)})
    if not evidence and event.get("sentence"):  # a document without sentence offsets (an import)
        evidence.append({"index": event.get("sentence_index"), "segments": segments(event["sentence"], [])})
    return render(request, "event.html", nav="events", detail=detail, event=event, evidence=evidence)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request) -> Response:
    form = Form(request.query_params)
    search = form.text("search")
    page = form.integer("page", 1, 1, 100_000)
    total, rows = service(request).documents(search=search, limit=PAGE, offset=(page - 1) * PAGE)
    return render(request, "articles.html", documents=rows, total=total, page=page,
                  pages=max(1, -(-total // PAGE)), search=search, errors=form.errors)


@router.get("/articles/{doc_id:path}", response_class=HTMLResponse)
def article_page(request: Request, doc_id: str) -> Response:
    try:
        view = service(request).document(doc_id[:300], with_record=True)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    record = view.pop("_record")
    text = view.get("text") or ""
    return render(request, "article.html", nav="articles", doc=view, segments=segments(text, record_marks(record)),
                  source_url=safe_url(view.get("url")))


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request) -> Response:
    form = Form(request.query_params)
    q = form.text("q", 100)
    return render(request, "actors.html", actors=service(request).actors(200, q=q), q=q, errors=form.errors)


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> Response:
    try:
        detail = service(request).actor(actor_id[:200])
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    actor = detail["actor"]
    name = actor.get("name") or actor_id
    network = charts.ego_network(name, detail["partners"], lambda p: "/actors/" + path_part(p["partner"]))
    return render(request, "actor.html", nav="actors", detail=detail, actor=actor, name=name, network=network,
                  code=actor.get("code") or (actor_id[5:] if actor_id.startswith("code:") else None))


@router.get("/dyad", response_class=HTMLResponse)
def dyad_page(request: Request) -> Response:
    svc = service(request)
    form = Form(request.query_params)
    a, b = (form.text("a", 64) or "").upper() or None, (form.text("b", 64) or "").upper() or None
    by = form.choice("by", PERIODS, "month")
    both, stories = form.flag("both"), form.flag("stories")
    since, until = form.day("since"), form.day("until")
    selected = form.text("period", 12)
    params = {"a": a, "b": b, "by": by, "both": both, "stories": stories,
              "since": since.isoformat() if since else None, "until": until.isoformat() if until else None}
    timeline = chart = period = None
    period_events: list[dict[str, Any]] = []
    period_total = 0
    if a and b and not form.errors:
        timeline = svc.dyad(a, b, by=by, since=since, until=until, both_directions=both, stories=stories)
        chart = charts.dyad_chart(timeline["periods"], by,
                                  lambda p: query("/dyad", **params, period=p["period"]) + "#period", selected)
        period = next((p for p in timeline["periods"] if p["period"] == selected), None)
        if period is not None:
            period_total, period_events = svc.dyad_events(
                a, b, since=dt.date.fromisoformat(period["period_start"]),
                until=dt.date.fromisoformat(period["period_end"]), both_directions=both)
    elif (a or b) and not form.errors:
        form.errors.append("pick two actors (code prefixes such as JPN or RUSGOV)")
    return render(request, "dyad.html", params=params, timeline=timeline, chart=chart, period=period,
                  period_events=period_events, period_total=period_total, selected=selected, errors=form.errors,
                  codes=svc.codes(), suggestions=[] if timeline else svc.network({}, limit=12)["edges"])
