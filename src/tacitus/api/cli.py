"""``tacitus serve``: the REST API and the dashboard on uvicorn (registered in ``tacitus.cli.COMMANDS``)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import click

MIN_TOKEN_CHARS = 16
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--db", "db_path", default="tacitus.duckdb", show_default=True, type=click.Path(dir_okay=False),
              help="The store: a DuckDB file.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Loopback by default: only this machine can connect.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", default=None, metavar="TOKEN",
              help=f"Enable POST /api/v1/articles and /code for clients sending `Authorization: Bearer TOKEN` "
                   f"(at least {MIN_TOKEN_CHARS} characters). Prefer the TACITUS_TOKEN environment variable: "
                   "a command-line argument is visible to other users of the machine.")
@click.option("--max-body", type=click.IntRange(1024), default=1_048_576, show_default=True, metavar="BYTES",
              help="Largest request body accepted (413 beyond).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another Host name the server answers to (repeatable). On loopback only localhost, "
                   "127.0.0.1 and ::1 are answered, which stops DNS-rebinding pages reaching the server.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info",
              show_default=True)
def serve(db_path: str, host: str, port: int, token: str | None, max_body: int, allow_hosts: tuple[str, ...],
          log_level: str) -> None:
    """Serve the REST API (/api/v1, schema at /openapi.json) and the dashboard.

    Read-only by default: the store is opened read-only and the writing endpoints answer 403.
    With a token (--token or TACITUS_TOKEN) the store is opened for writing and POST requests
    need `Authorization: Bearer TOKEN`.
    """
    import uvicorn

    from tacitus.api.app import create_app
    from tacitus.errors import StoreError

    token = token if token is not None else os.environ.get("TACITUS_TOKEN") or None
    if token is not None and len(token.strip()) < MIN_TOKEN_CHARS:
        raise click.BadParameter(f"the token must be at least {MIN_TOKEN_CHARS} characters: a short one can be "
                                 "guessed. Try `python -c 'import secrets; print(secrets.token_urlsafe(32))'`.",
                                 param_hint="--token / TACITUS_TOKEN")
    if token is None and not Path(db_path).exists():
        raise click.ClickException(f"there is no store at {db_path}: create one with `tacitus ingest PATH... --db "
                                   f"{db_path}`, or start with a token to code articles into a new store.")
    loopback = is_loopback(host)
    allowed = None
    if loopback:
        allowed = [*LOOPBACK_NAMES, *allow_hosts]
    elif allow_hosts:
        allowed = list(allow_hosts)
    if not loopback:
        click.echo(f"warning: listening on {host}: other machines can read this store"
                   + (" and, with the token, write to it. The token travels in clear text unless a TLS proxy is in "
                      "front." if token else "."), err=True)
    try:
        app = create_app(db_path, token=token.strip() if token else None, max_body=max_body, allowed_hosts=allowed)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Tacitus on http://{shown}:{port}/ ({'writes enabled' if token else 'read-only'}; store {db_path})",
               err=True)
    # server_header=False: no need to tell every client which server software answers.
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False, proxy_headers=False)
