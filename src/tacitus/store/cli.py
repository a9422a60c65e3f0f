"""Store commands: ``ingest``, ``events``, ``show``, ``dyad``, ``network``, ``actors``, ``export``,
``import`` and ``learned`` (registered in ``tacitus.cli.COMMANDS``).

Questions open the store read-only, so several can run side by side; ``ingest``, ``import`` and
``learned`` corrections take the write lock.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from tacitus.cli import build_read_options, build_settings, reading_options
from tacitus.report import printable
from tacitus.store.ingest import DEFAULT_BATCH_SIZE

DB_HELP = "The store: a DuckDB file (created if missing)."
FORMATS = ["table", "csv", "json"]


def db_option(func: Any) -> Any:
    return click.option("--db", "db_path", default="tacitus.duckdb", show_default=True, type=click.Path(dir_okay=False),
                        help=DB_HELP)(func)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD") from exc


def range_options(func: Any) -> Any:
    func = click.option("--until", callback=_date, help="Last day (YYYY-MM-DD), inclusive.")(func)
    return click.option("--since", callback=_date, help="First day (YYYY-MM-DD), inclusive.")(func)


@contextmanager
def open_store(db_path: str, *, write: bool = False) -> Iterator[Any]:
    """A connection, with errors as one clear line. Read-only unless ``write``."""
    from tacitus.errors import StoreError
    from tacitus.store import db
    from tacitus.store.ingest import stories_stale

    try:
        con = db.connect(db_path, read_only=not write)
        if not write and stories_stale(con):
            # An ingest was cut before merging its stories: merge now so every answer agrees.
            from tacitus.store.ingest import recompute_if_stale

            con.close()
            with db.connect(db_path) as rw:
                recompute_if_stale(rw)
            con = db.connect(db_path, read_only=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        yield con
    finally:
        con.close()


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _plain(df: Any) -> list[dict[str, Any]]:
    """Rows for JSON: NaN/NaT become null; dates and timestamps become ISO text."""
    df = df.copy()
    for c in df.columns:
        # DuckDB DATE columns arrive as midnight timestamps: give them back as days.
        if str(df[c].dtype).startswith("datetime64") and df[c].dropna().eq(df[c].dropna().dt.normalize()).all():
            df[c] = df[c].dt.date
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    for row in rows:
        for k, v in row.items():
            if hasattr(v, "isoformat"):  # dates, datetimes, pandas Timestamps
                row[k] = v.isoformat()
    return rows


# Short table headers, so that a table fits an 80-column terminal; CSV and JSON keep the names.
HEADERS = {
    "event_id": "event", "source_code": "source", "target_code": "target", "plover": "type",
    "goldstein": "gold.", "trigger_text": "trigger", "cooperation": "coop.", "goldstein_sum": "gold. sum",
    "goldstein_mean": "gold. mean", "a_to_b": "A->B", "b_to_a": "B->A", "as_source": "as source",
    "as_target": "as target", "last_seen": "last seen",
}


def emit(df: Any, fmt: str, *, title: str | None = None, columns: list[str] | None = None,
         wide: tuple[str, ...] = ()) -> None:
    """Print a frame as a table (``columns`` only), CSV or JSON (every column)."""
    if fmt == "csv":
        df.to_csv(sys.stdout, index=False)
        return
    if fmt == "json":
        click.echo(json.dumps(_plain(df), ensure_ascii=False, indent=1, default=str))
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, collapse_padding=True)
    cols = columns or list(df.columns)
    rows = [["" if row[c] is None else _cell(row[c]) for c in cols] for row in _plain(df[cols])]
    for i, c in enumerate(cols):
        header = HEADERS.get(c, c)
        longest = max([len(header), *(len(r[i]) for r in rows)])
        # In a narrow terminal ids and days stay whole (they are typed into other commands),
        # codes and counts keep a readable width, and the long text columns wrap.
        floor = longest if c in {"event_id", "day", "period", "actor"} else None if c in wide else min(longest, 9)
        table.add_column(header, overflow="fold", min_width=floor, max_width=60 if c in wide else None)
    for r in rows:
        table.add_row(*(Text(cell) for cell in r))  # cells are data: never read as markup
    console = _console()
    console.print(table)
    if df.empty:
        console.print("[dim]no rows[/dim]")


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if v == v else ""
    return printable(v)


# -- ingest ---------------------------------------------------------------------------------------
@click.command()
@reading_options
@db_option
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Processes coding in parallel (each loads the spaCy model once).")
@click.option("--batch-size", type=click.IntRange(1), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Documents per transaction: a crash loses at most one batch.")
@click.option("--window", type=click.IntRange(0), default=None,
              help="Days within which the same event from several articles is one story event "
                   "[default: the store's last window, else 2].")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option("--verbose", "-v", is_flag=True, help="Print a line per stored batch (for logs).")
@click.option("--cluster", default=None, metavar="local[:N]|tcp://HOST:8786",
              help="Code on a Dask cluster: local[:N] starts N worker processes here, tcp://HOST:PORT (or a "
                   "scheduler .json file) uses a running one; see docs/scale.md.")
def ingest(paths: tuple[str, ...], db_path: str, workers: int, batch_size: int, window: int | None,
           no_progress: bool, verbose: bool, cluster: str | None = None, **kw: Any) -> None:
    """Code documents and store them: idempotent, one transaction per batch, resumable.

    PATHS are files, folders, JSONL/CSV corpora or - (standard input), as for `tacitus code`.
    A document already stored (same clean text) is skipped, so running again after a crash or
    Ctrl-C picks up where it stopped. Exit code 1 if any document failed or was stored uncoded
    (empty, too long, timed out, not English: each is listed); the others are stored.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from tacitus.errors import TacitusError
    from tacitus.ingest.readers import read_paths
    from tacitus.store import db
    from tacitus.store.ingest import IngestSummary
    from tacitus.store.ingest import ingest as run_ingest

    if cluster:  # the Dask backend takes the same arguments (tacitus.scale)
        from functools import partial

        from tacitus.scale import ingest_cluster

        run_ingest = partial(ingest_cluster, cluster=cluster)
    options = build_read_options(kw)
    settings = build_settings(kw)
    err = _console(stderr=True)
    with open_store(db_path, write=True) as con:
        # We hold the write lock, so a run still marked "running" died without finishing.
        con.execute("UPDATE runs SET status = 'died' WHERE status = 'running'")
        run_id = db.start_run(con, "ingest", paths, {
            "date": options.date, "workers": workers, "batch_size": batch_size, "window": window,
            "model": settings.model, "cluster": cluster,
        })
        summary = IngestSummary(run_id=run_id)
        show_progress = not no_progress and err.is_terminal
        progress = Progress(
            SpinnerColumn(), TextColumn("[bold]ingesting[/bold]"),
            TextColumn("{task.fields[read]} read"), TextColumn("{task.fields[stored]} stored"),
            TextColumn("{task.fields[events]} events"), TextColumn("[red]{task.fields[errors]} errors[/red]"),
            TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
            console=err, disable=not show_progress, transient=False,
        )
        task = progress.add_task("ingest", total=None, read=0, stored=0, events=0, errors=0, rate=0.0)
        batch_no = 0

        def on_batch(s: IngestSummary, n: int) -> None:
            nonlocal batch_no
            batch_no += 1
            progress.update(task, read=s.read, stored=s.stored, events=s.events, errors=s.errors, rate=s.rate)
            if verbose:
                click.echo(f"batch {batch_no}: stored {n} document(s); {s.stored} stored, {s.events} events, "
                           f"{s.errors} errors so far")
                sys.stdout.flush()

        status = "finished"
        try:
            with progress:
                run_ingest(con, read_paths(paths, options), settings=settings, run_id=run_id, batch_size=batch_size,
                           workers=workers, window_days=window, on_batch=on_batch, summary=summary)
        except KeyboardInterrupt:
            summary.interrupted, status = True, "interrupted"
        except TacitusError as exc:
            db.finish_run(con, run_id, "failed", summary.counts())
            raise click.ClickException(str(exc)) from exc
        except Exception:  # a bug: keep the traceback, but leave the run's record right
            db.finish_run(con, run_id, "failed", summary.counts())
            raise
        db.finish_run(con, run_id, status, summary.counts())
    _print_summary(summary, err)
    if summary.interrupted:
        sys.exit(130)
    if summary.errors or summary.uncoded:
        sys.exit(1)


def _print_summary(s: Any, err: Any) -> None:
    from rich.markup import escape

    for message in s.error_messages[:20]:
        err.print(f"[red]error:[/red] {escape(printable(message))}", soft_wrap=True)
    if len(s.error_messages) > 20:
        err.print(f"... and {len(s.error_messages) - 20} more (see the errors table, run {s.run_id})")
    skipped = getattr(s, "skipped_messages", [])
    for message in skipped[:20]:
        err.print(f"[yellow]skipped:[/yellow] {escape(printable(message))}", soft_wrap=True)
    if len(skipped) > 20:
        err.print(f"... and {len(skipped) - 20} more (see documents.skipped, run {s.run_id})")
    state = "interrupted" if s.interrupted else "done"
    stories = "" if s.stories is None else f", {s.stories} story events"
    uncoded = f" ({s.uncoded} not coded: see documents.skipped)" if s.uncoded else ""
    click.echo(
        f"{state}: {s.read} documents read, {s.stored} stored{uncoded}, {s.duplicates} skipped as duplicates, "
        f"{s.errors} errors, {s.events} events{stories} in {s.seconds:.1f}s ({s.rate:.1f} docs/s); run {s.run_id}"
    )


# -- events / show --------------------------------------------------------------------------------
@click.command()
@db_option
@click.option("--source", multiple=True, help="Source code prefix (ISR matches ISR, ISRGOV, ...). Repeatable.")
@click.option("--target", multiple=True, help="Target code prefix. Repeatable.")
@click.option("--actor", multiple=True, help="Code prefix on either side. Repeatable.")
@click.option("--type", "plover", multiple=True, help="PLOVER type (CONSULT, ASSAULT, ...). Repeatable.")
@click.option("--root", multiple=True, help="CAMEO root code (04, 19, ...). Repeatable.")
@click.option("--status", multiple=True, type=click.Choice(["asserted", "planned", "hypothetical", "negated"]))
@range_options
@click.option("--search", help="Text the evidence sentence contains (case-insensitive).")
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="At most this many (0: all).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def events(db_path: str, limit: int, fmt: str, **filters: Any) -> None:
    """List events, filtered, in time order."""
    from tacitus.store import queries

    with open_store(db_path) as con:
        df = queries.events(con, limit=limit or None, **filters)
    emit(df, fmt, title="events", wide=("trigger_text",),
         columns=["event_id", "day", "source_code", "plover", "target_code", "status", "goldstein", "trigger_text"])


@click.command()
@db_option
@click.argument("event_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(db_path: str, event_id: str, fmt: str) -> None:
    """Show one event (by id or a unique id prefix) with its evidence highlighted."""
    from tacitus.store import queries

    with open_store(db_path) as con:
        ev = queries.event_detail(con, event_id)
    if ev is None:
        raise click.ClickException(f"no event {event_id!r} (or the prefix matches several): see `tacitus events`")
    if fmt == "json":
        click.echo(json.dumps(ev, ensure_ascii=False, indent=1, default=str))
        return
    _render_event(ev, _console())


def highlight(sentence: str, sentence_start: int | None, spans: list[tuple[str | None, int | None, str]]) -> Any:
    """A sentence as rich Text with each ``(text, original_start, style)`` span styled.

    Offsets point into the original document; the sentence's own start converts them. When they
    do not line up (a sentence cut by cleaning, an imported record), the text is searched instead.
    """
    from rich.text import Text

    out = Text(printable(sentence))  # one character for one: the offsets still hold
    for text, start, style in spans:
        if not text:
            continue
        pos = None
        if sentence_start is not None and start is not None:
            rel = start - sentence_start
            if sentence[rel:rel + len(text)] == text:
                pos = rel
        if pos is None:
            found = sentence.find(text)
            pos = found if found >= 0 else None
        if pos is not None:
            out.stylize(style, pos, pos + len(text))
    return out


STYLES = {"trigger": "bold reverse yellow", "source": "bold cyan underline", "target": "bold magenta underline"}


def _render_event(ev: dict[str, Any], console: Any) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    head = Table.grid(padding=(0, 2))
    head.add_column(style="dim")
    head.add_column()
    arrow = f"{ev['source_code'] or '?'} --{ev['plover']}--> {ev['target_code'] or '?'}"
    for label, value in [
        ("event", ev["event_id"]), ("dyad", arrow), ("CAMEO", f"{ev['cameo']}  quad {ev['quad_class']}  Goldstein {ev['goldstein']}"),
        ("mode / context", f"{ev['mode'] or '-'} / {ev['context'] or '-'}"), ("status", ev["status"]),
        ("attribution", ev["attribution"] or "-"),
        ("date", f"{ev['event_day'] or '-'}  ({ev['date_precision'] or 'document date'}{': ' + ev['date_text'] if ev['date_text'] else ''})"),
        ("place", json.dumps(ev["place"], ensure_ascii=False) if ev["place"] else "-"),
        ("source", f"{ev['source_text']} ({ev['source_actor_id'] or 'no actor id'})"),
        ("target", f"{ev['target_text']} ({ev['target_actor_id'] or 'no actor id'})"),
        ("confidence", str(ev["confidence"])),
        ("document", f"{ev['title'] or ev['doc_id']}  [{ev['outlet'] or 'no outlet'}, {ev['doc_date'] or 'no date'}]"),
        ("url", ev["url"] or "-"),
    ]:
        head.add_row(label, Text(printable(value)))
    console.print(Panel(head, title="event", expand=False))
    sentences = {s["sentence_index"]: s for s in ev["sentences"]}
    main = sentences.get(ev["sentence_index"], {})
    console.print(Text("evidence", style="bold"), Text("(", style="dim"), Text("trigger", style=STYLES["trigger"]),
                  Text("source", style=STYLES["source"]), Text("target", style=STYLES["target"]), Text(")", style="dim"))
    console.print(highlight(ev["sentence"] or main.get("text") or "", main.get("start"), [
        (ev["source_text"], ev["source_start"], STYLES["source"]),
        (ev["target_text"], ev["target_start"], STYLES["target"]),
        (ev["trigger_text"], ev["trigger_start"], STYLES["trigger"]),
    ]))
    for item in ev["evidence"]:
        idx = item.get("sentence_index")
        if idx == ev["sentence_index"] and item.get("start") == ev["trigger_start"]:
            continue  # the sentence above
        s = sentences.get(idx)
        if s:
            console.print(Text(f"also, sentence {idx}:", style="dim"))
            console.print(highlight(s["text"], s["start"], [(item.get("trigger"), item.get("start"), STYLES["trigger"])]))
    story = ev.get("story")
    if story:
        console.print(Text(
            f"\nstory {story['story_id']}: {story['num_mentions']} mention(s) in {story['num_articles']} article(s) "
            f"from {story['num_sources']} source(s), {story['first_day']} to {story['last_day']}", style="bold"))
        for m in ev.get("story_members", []):
            if m["event_id"] == ev["event_id"]:
                continue
            console.print(Text(printable(f"{m['day']}  {m['outlet'] or m['doc_id']}  {m['event_id']}"), style="dim"))
            console.print(highlight(m["sentence"] or "", None, [
                (m["source_text"], None, STYLES["source"]), (m["target_text"], None, STYLES["target"]),
                (m["trigger_text"], None, STYLES["trigger"])]))


# -- dyad -----------------------------------------------------------------------------------------
@click.command()
@db_option
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@range_options
@click.option("--both-directions", is_flag=True, help="Count B -> A as well as A -> B.")
@click.option("--stories", is_flag=True, help="Count story events (merged across articles) instead of reports.")
@click.option("--status", multiple=True, type=click.Choice(["asserted", "planned", "hypothetical", "negated"]),
              help="Count events of this status (repeatable) [default: asserted only: what the articles report "
                   "as having happened].")
@click.option("--all-statuses", is_flag=True, help="Count planned, hypothetical and negated events too (per-status columns).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False), help="Also draw the timeline to this .png or .svg file.")
def dyad(db_path: str, a: str, b: str, by: str, since: dt.date | None, until: dt.date | None,
         both_directions: bool, stories: bool, status: tuple[str, ...], all_statuses: bool, fmt: str,
         plot: str | None) -> None:
    """How the relationship A -> B moved: events per period, by PLOVER type and quad class.

    A and B are code prefixes: ISR counts ISR, ISRGOV, ISRMIL... Each coded event counts once
    (a report); --stories counts each real-world event once however many articles told it.
    """
    from tacitus.analysis.dyads import dyad_timeline, plot_timeline, plover_columns

    if plot and Path(plot).suffix.lower() not in {".png", ".svg"}:
        raise click.BadParameter("the chart is written as .png or .svg: name the file accordingly", param_hint="--plot")
    # A timeline of what happened: a cancelled visit or a threatened strike is not cooperation or
    # conflict that took place, so only asserted events count unless asked otherwise.
    statuses = None if all_statuses else (list(status) or ["asserted"])
    with open_store(db_path) as con:
        table = dyad_timeline(con, a, b, by=by, since=since, until=until, both_directions=both_directions,
                              stories=stories, status=statuses)
    arrow = "<->" if both_directions else "->"
    if table.attrs.get("undated"):
        click.echo(f"note: {table.attrs['undated']} event(s) of this dyad have no date (no event date and no "
                   "document date) and are not counted: give --date to `tacitus ingest` for undated articles.",
                   err=True)
    if fmt == "table":
        shown = table.copy()
        types = plover_columns(table)
        shown["types"] = [", ".join(f"{t} {int(r[t])}" for t in types if r[t]) for _, r in table.iterrows()]
        cols = ["period", "events", "cooperation", "conflict", "goldstein_sum", "goldstein_mean", "types"]
        if both_directions:
            cols[2:2] = ["a_to_b", "b_to_a"]
        emit(shown, fmt, columns=cols, wide=("types",),
             title=f"{a.upper()} {arrow} {b.upper()} by {by}{' (story events)' if stories else ''}")
    else:
        emit(table, fmt)
    if plot:
        path = plot_timeline(table, plot, a=a.upper(), b=b.upper(), by=by, both_directions=both_directions,
                             stories=stories)
        click.echo(f"chart written to {path}", err=True)


# -- network / actors -----------------------------------------------------------------------------
@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["edges", "graphml"]), default="edges", show_default=True,
              help="edges: CSV (source, target, count, mean_goldstein, ...); graphml: for Gephi and networkx.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="-", help="File to write [default: stdout].")
@range_options
@click.option("--status", multiple=True, type=click.Choice(["asserted", "planned", "hypothetical", "negated"]))
@click.option("--actor", multiple=True, help="Only edges with this code prefix on either side.")
def network(db_path: str, fmt: str, output: str, **filters: Any) -> None:
    """The actor network: who acts on whom, how often, how cooperatively."""
    from tacitus.store import queries

    with open_store(db_path) as con:
        edges = queries.network_edges(con, **filters)
        names = queries.code_names(con) if fmt == "graphml" else {}
    if fmt == "edges":
        if output == "-":
            edges.to_csv(sys.stdout, index=False)
        else:
            edges.to_csv(output, index=False)
    elif output == "-":
        queries.write_graphml(edges, sys.stdout.buffer, names)
    else:
        queries.write_graphml(edges, output, names)
    if output != "-":
        click.echo(f"{len(edges)} edges written to {output}", err=True)


@click.command()
@click.argument("paths", nargs=-1)
@db_option
@click.option("--top", type=click.IntRange(1), default=20, show_default=True, help="Without PATHS: how many actors.")
@click.option("--date", callback=_date, help="With PATHS: publication date for every document.")
@click.option("--model", default=None, help="With PATHS: spaCy pipeline to use.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def actors(paths: tuple[str, ...], db_path: str, top: int, date: dt.date | None, model: str | None, fmt: str) -> None:
    """Without PATHS: the top actors in the store by event count. With PATHS: each document's
    resolved actors, their mentions and how each mention was resolved."""
    if not paths:
        from tacitus.store import queries

        with open_store(db_path) as con:
            emit(queries.top_actors(con, top), fmt, title=f"top {top} actors")
        return
    _actors_of_documents(paths, db_path, date, model, fmt)


def _actors_of_documents(paths: tuple[str, ...], db_path: str, date: dt.date | None, model: str | None,
                         fmt: str) -> None:
    import pandas as pd

    from tacitus.actors.memory import InMemoryPeople
    from tacitus.config import Settings
    from tacitus.errors import InputError, TacitusError
    from tacitus.ingest.readers import ReadOptions, read_paths
    from tacitus.pipeline import Pipeline

    memory: Any = InMemoryPeople()
    if Path(db_path).exists():  # what the store learned about people helps here too
        from tacitus.store.memory import StorePeopleMemory

        with open_store(db_path) as con:
            memory = InMemoryPeople(StorePeopleMemory(con).snapshot())
    settings = Settings()
    if model:
        settings.model = model
    try:
        pipeline = Pipeline(settings, memory=memory)
    except TacitusError as exc:
        raise click.ClickException(str(exc)) from exc
    failed = 0
    rows = []

    def documents() -> Iterator[Any]:
        nonlocal failed
        for item in read_paths(paths, ReadOptions(date=date)):
            if isinstance(item, InputError):
                failed += 1
                click.echo(f"error: {printable(item)}", err=True)
            else:
                yield item

    for doc in pipeline.process(documents()):
        record = doc.to_dict()
        for a in record["actors"]:
            mentions = a["mentions"]
            rows.append({
                "doc_id": doc.doc_id, "title": doc.title, "actor_id": a["id"], "name": a["name"], "kind": a["kind"],
                "code": a["code"], "mentions": len(mentions),
                "texts": "; ".join(dict.fromkeys(m["text"] for m in mentions)),
                "how": "; ".join(dict.fromkeys(m["how"] for m in mentions)),
                "evidence": "; ".join(a["evidence"]),
                "mention_list": mentions,
            })
    df = pd.DataFrame(rows, columns=["doc_id", "title", "actor_id", "name", "kind", "code", "mentions", "texts",
                                     "how", "evidence", "mention_list"])
    if fmt == "table":
        for doc_id, group in df.groupby("doc_id", sort=False):
            title = group["title"].iloc[0] or doc_id
            emit(group, "table", title=str(title), columns=["name", "code", "kind", "mentions", "texts", "how", "evidence"],
                 wide=("texts", "how", "evidence"))
    else:
        emit(df if fmt == "json" else df.drop(columns=["mention_list"]), fmt)
    if failed:
        sys.exit(1)


# -- export / import ------------------------------------------------------------------------------
@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "polecat"]),
              default="jsonl", show_default=True,
              help="jsonl: complete documents (re-importable); csv/parquet: events; gdelt: GDELT 2.0 event table; "
                   "polecat: PLOVER/POLECAT JSON records (re-importable).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="-", help="File to write [default: stdout].")
@click.option("--header", is_flag=True, help="gdelt: add a header row of GDELT column names (GDELT's files have none).")
@click.option("--status", multiple=True, type=click.Choice(["asserted", "planned", "hypothetical", "negated"]),
              help="Only events of this status (repeatable) [default: all; gdelt: asserted].")
@range_options
def export(db_path: str, fmt: str, output: str, header: bool, status: tuple[str, ...], since: dt.date | None,
           until: dt.date | None) -> None:
    """Export the store (see docs/store.md for every format's columns)."""
    from tacitus.store.export import ExportOptions
    from tacitus.store.export import export as run_export

    if fmt == "parquet" and output == "-" and sys.stdout.isatty():
        raise click.UsageError("parquet is binary: give --output FILE (or redirect standard output)")
    with open_store(db_path) as con:
        n = run_export(con, fmt, None if output == "-" else output,
                       ExportOptions(status=list(status), since=since, until=until, header=header))
    if output != "-":
        click.echo(f"{n} {'documents' if fmt == 'jsonl' else 'rows'} written to {output}", err=True)


@click.command("import")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
@db_option
@click.option("--batch-size", type=click.IntRange(1), default=200, show_default=True)
@click.option("--window", type=click.IntRange(0), default=None, help="Story window in days [default: the store's, else 2].")
def import_(file: str, db_path: str, batch_size: int, window: int | None) -> None:
    """Import a `tacitus export` JSONL (complete documents) or POLECAT file into a store.

    Documents already stored are skipped. Exit code 1 if any line could not be imported.
    """
    from tacitus.store import db
    from tacitus.store.export import import_jsonl

    if file != "-" and not Path(file).exists():
        raise click.BadParameter(f"{file} does not exist", param_hint="FILE")
    with open_store(db_path, write=True) as con:
        run_id = db.start_run(con, "import", [file], {"batch_size": batch_size, "window": window})
        s = import_jsonl(con, file, batch_size=batch_size, window_days=window, run_id=run_id)
        db.finish_run(con, run_id, "finished", {"read": s.documents, "stored": s.stored, "duplicates": s.duplicates,
                                                "errors": len(s.errors), "events": s.events})
    for e in s.errors[:20]:
        click.echo(f"error: {printable(e)}", err=True)
    click.echo(f"{s.documents} documents in {s.lines} lines: {s.stored} stored, {s.duplicates} already stored, "
               f"{s.events} events, {len(s.errors)} errors")
    if s.errors:
        sys.exit(1)


# -- learned --------------------------------------------------------------------------------------
@click.command()
@db_option
@click.option("--export", "export_to", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write what was learned to FILE (.csv, else JSON lines; - for stdout).")
@click.option("--forget", multiple=True, metavar="NAME", help="Forget a person (repeatable).")
@click.option("--set", "set_", nargs=2, multiple=True, metavar="NAME CODE",
              help="Pin a person to a code, e.g. --set 'Dmitry Peskov' RUSGOV (repeatable). Pinned people are "
                   "never overwritten by what later articles say.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def learned(db_path: str, export_to: str | None, forget: tuple[str, ...], set_: tuple[tuple[str, str], ...],
            fmt: str) -> None:
    """What the store learned about people (name -> country and sector), with the evidence."""
    from tacitus.store import queries
    from tacitus.store.memory import StorePeopleMemory

    write = bool(forget or set_)
    with open_store(db_path, write=write) as con:
        if write:
            memory = StorePeopleMemory(con)
            for name in forget:
                if not memory.forget(name):
                    click.echo(f"warning: nobody called {name!r} was learned", err=True)
            for name, code in set_:
                if not code.isalpha() or len(code) < 3 or len(code) % 3:
                    raise click.BadParameter(f"{code!r} is not a CAMEO code such as RUS or RUSGOV", param_hint="--set")
                memory.set(name, code)
        df = queries.learned(con)
    if export_to:
        if export_to.endswith(".csv"):
            df.assign(evidence=[" | ".join(e) for e in df["evidence"]]).to_csv(export_to, index=False)
        else:
            lines = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in _plain(df))
            if export_to == "-":
                click.echo(lines, nl=False)
            else:
                Path(export_to).write_text(lines, encoding="utf-8")
        if export_to != "-":
            click.echo(f"{len(df)} people written to {export_to}", err=True)
        return
    shown = df.assign(evidence=[" | ".join(e) for e in df["evidence"]])
    emit(shown, fmt, title="learned people", wide=("evidence",),
         columns=["name", "code", "title", "count", "last_seen", "pinned", "evidence"])
