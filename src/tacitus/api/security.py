"""The server's protections: security headers, Host check, early token check, body size limit,
and a last-resort handler that never shows a stack trace.

One pure ASGI middleware (rather than Starlette's ``BaseHTTPMiddleware``) so that it sees every
response, static files and errors included, and can stop a request before its body is read.
It is the outermost layer the app adds, so even an unexpected exception is answered here, as
JSON, with the same headers; the traceback goes to the server log only.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Sequence
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("tacitus.api")

# Scripts and styles come from this server only, and only from files: no inline script or style,
# no eval, nothing from elsewhere (the dashboard works offline). Nobody may frame the pages.
CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
])
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    # Article links lead to outside sites: they need not learn what the analyst was looking at.
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
DISABLED_MESSAGE = ("writing is disabled: this server was started without a token. Start it with "
                    "`tacitus serve --token ...` (or TACITUS_TOKEN) to enable POST /articles and /code.")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than this server accepts ({limit:,} bytes: --max-body)")


def token_problem(expected: str | None, authorization: str | None) -> tuple[int, str] | None:
    """Why a request may not write: ``(status, message)``, or None when it may.

    403 when the server has no token (no credentials could help); 401 when the bearer token is
    missing or wrong. The comparison takes the same time whatever the token's prefix.
    """
    if expected is None:
        return 403, DISABLED_MESSAGE
    scheme, _, credentials = (authorization or "").strip().partition(" ")
    credentials = credentials.strip()
    if scheme.lower() != "bearer" or not credentials:
        return 401, "this endpoint needs the server's token: send `Authorization: Bearer <token>`"
    if not hmac.compare_digest(credentials.encode("utf-8"), expected.encode("utf-8")):
        return 401, "the bearer token is not this server's token"
    return None


def error_body(status: int, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, *, max_body: int, token: str | None = None,
                 allowed_hosts: Sequence[str] | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.token = token
        # Host names (without port) a request may name: a loopback server refuses other names, so
        # that a web page cannot reach it through DNS rebinding. None: any.
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if path.startswith("/api/"):
                    headers["cache-control"] = "no-store"  # answers may be private; never keep them
            await send(message)

        async def reply(status: int, message: str, extra: dict[str, str] | None = None) -> None:
            body = json.dumps(error_body(status, message)).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
            await send_with_headers({"type": "http.response.start", "status": status, "headers": headers})
            await send_with_headers({"type": "http.response.body", "body": body})

        request_headers = Headers(scope=scope)
        if self.allowed_hosts is not None:
            host = _hostname(request_headers.get("host", ""))
            if host not in self.allowed_hosts:
                await reply(400, "this server does not answer to that Host name (tacitus serve --allow-host)")
                return
        method = scope.get("method", "GET").upper()
        if method in UNSAFE_METHODS and path.startswith("/api/"):
            # Checked before the body is read: an anonymous client cannot make the server parse it.
            problem = token_problem(self.token, request_headers.get("authorization"))
            if problem is not None:
                extra = {"www-authenticate": 'Bearer realm="tacitus"'} if problem[0] == 401 else None
                await reply(*problem, extra)
                return
        length = request_headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await reply(400, "the Content-Length header is not a number")
                return
            if int(length) > self.max_body:
                await reply(413, BodyTooLarge(self.max_body).detail)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:  # a chunked body, or one longer than it said
                    raise BodyTooLarge(self.max_body)
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge as exc:
            if not started:
                await reply(413, exc.detail)
        except Exception:
            log.exception("unexpected error answering %s %s", method, path)
            if started:
                raise  # the response is under way: the server can only cut the connection
            await reply(500, "internal error: the server could not answer this request (see the server log)")


def _hostname(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8000
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
