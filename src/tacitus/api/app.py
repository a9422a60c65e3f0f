"""The web application: the REST API under ``/api/v1`` and the dashboard, served by one FastAPI app.

    from tacitus.api.app import create_app
    app = create_app("news.duckdb")                      # read-only: questions only
    app = create_app("news.duckdb", token="long-secret")  # POST /api/v1/articles and /code enabled

``tacitus serve`` runs it on uvicorn (see :mod:`tacitus.api.cli`). What the app protects, and
how, is in :mod:`tacitus.api.security` and ``docs/api.md``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from tacitus.api.security import SecurityMiddleware, error_body
from tacitus.api.service import StoreService

log = logging.getLogger("tacitus.api")

DEFAULT_MAX_BODY = 1_048_576  # 1 MiB: some fifty long articles of JSON
WEB_DIR = Path(__file__).resolve().parent.parent / "web"


def create_app(
    db_path: str | Path,
    token: str | None = None,
    pipeline_factory: Callable[[], Any] | None = None,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The app over the store at ``db_path``.

    ``token`` enables the writing endpoints (and opens the store writable); without it the store
    is opened read-only and they answer 403. ``pipeline_factory()`` builds the pipeline on the
    first coding request (default: a :class:`~tacitus.pipeline.Pipeline` with the store's people
    memory). ``allowed_hosts`` limits the Host names served (None: any).
    """
    from importlib.metadata import PackageNotFoundError, version

    from tacitus.api.routes import router as api_router
    from tacitus.web.pages import router as web_router

    if token is not None and not token.strip():
        raise ValueError("the token is empty: give a real secret, or None for a read-only server")
    svc = StoreService(db_path, writable=token is not None, pipeline_factory=pipeline_factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        svc.close()

    try:
        app_version = version("tacitus")
    except PackageNotFoundError:
        app_version = "0"
    app = FastAPI(
        title="Tacitus",
        version=app_version,
        summary="Political event data (PLOVER/CAMEO) from news articles: questions and coding.",
        description=(
            "Read endpoints are open to whoever can reach the server (it binds to loopback by default). "
            "`POST /api/v1/articles` and `POST /api/v1/code` need `Authorization: Bearer <token>` and are "
            "disabled (403) when the server was started without a token."
        ),
        # The interactive docs pages load scripts from a CDN and inline code: neither is allowed
        # here (offline use, strict CSP). The schema itself stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.service = svc
    app.state.token = token
    app.include_router(api_router, prefix="/api/v1", tags=["api"])
    app.include_router(web_router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(SecurityMiddleware, max_body=max_body, token=token, allowed_hosts=allowed_hosts)
    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json" or path.startswith("/static/")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else _REASONS.get(exc.status_code, "error")
    if not _wants_json(request):
        from tacitus.web.pages import error_page

        return error_page(request, exc.status_code, message, headers=exc.headers)
    return JSONResponse(error_body(exc.status_code, message), status_code=exc.status_code, headers=exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    # loc, msg and type only: pydantic's ``input`` and ``ctx`` would echo what was sent (possibly
    # megabytes, possibly hostile) back to the client and into logs.
    details = [
        {"loc": [str(p) for p in err.get("loc", ())], "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))}
        for err in exc.errors()[:20]
    ]
    summary = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in details[:5])
    message = f"invalid request: {summary}" if summary else "invalid request"
    if not _wants_json(request):
        from tacitus.web.pages import error_page

        return error_page(request, 422, message)
    return JSONResponse(error_body(422, message, details), status_code=422)


_REASONS = {400: "bad request", 401: "unauthorised", 403: "forbidden", 404: "not found",
            405: "method not allowed", 413: "request body too large", 422: "invalid request"}
