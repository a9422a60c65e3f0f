"""``tacitus evaluate``: code a gold file's documents and print the scores."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from tacitus.errors import TacitusError

# Row labels of the summary table, in reading order; the keys are those of run_evaluation.
LABELS = {
    "documents": "documents",
    "gold_events": "gold events",
    "predicted_events": "predicted events",
    "precision": "precision (dyad-type)",
    "recall": "recall (dyad-type)",
    "f1": "F1 (dyad-type)",
    "full_code_f1": "F1 (full code)",
    "false_assertion_rate": "false-assertion rate",
    "status_accuracy": "status accuracy",
    "actor_recall": "actor recall",
    "dyad_recall": "dyad recall",
    "type_accuracy": "type accuracy (found dyads)",
    "actor_country_accuracy": "actor country accuracy",
    "actor_sector_accuracy": "actor country+sector accuracy",
}


@click.command("evaluate")
@click.option(
    "--gold",
    "gold",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gold file: JSONL event gold (GUIDELINES.md) or the PLOVER gold-standard records (JSON list).",
)
@click.option(
    "--docs",
    "docs",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of the documents the gold file names [default: ../seeds beside the gold folder].",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--limit", type=click.IntRange(min=0), help="Score only the first N gold documents.")
@click.option("--show-errors", is_flag=True, help="List missed, spurious and mis-stated events.")
def evaluate(gold: Path, docs: Path | None, as_json: bool, limit: int | None, show_errors: bool) -> None:
    """Score Tacitus against a gold file: precision, recall and F1 of dyad-type matches, and more.

    The metrics and conventions are described in docs/evaluation.md.
    """
    try:
        result = _with_progress(gold, docs, limit)
    except (TacitusError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc

    if as_json:
        out: dict[str, Any] = dict(result.summary)
        if show_errors:
            out["errors"] = result.errors
        click.echo(json.dumps(out, ensure_ascii=False))
        return
    _print_tables(result.summary, result.errors if show_errors else None)


def _with_progress(gold: Path, docs: Path | None, limit: int | None) -> Any:
    """Run with a progress bar on stderr when it is a terminal (the PLOVER file is 322 documents),
    so that stdout carries only the tables or the JSON."""
    from rich.console import Console
    from rich.progress import Progress

    from tacitus.evaluate import runner

    with Progress(console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("coding gold documents", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return runner.evaluate(gold, docs, limit=limit, progress=advance)


def _print_tables(summary: dict[str, Any], errors: list[dict[str, Any]] | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"{summary['gold']} ({summary['format']})", show_header=False)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, label in LABELS.items():
        if key in summary:
            value = summary[key]
            table.add_row(label, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)

    types = Table(title="per PLOVER type")
    for name in ("type", "precision", "recall", "F1", "support"):
        types.add_column(name, justify="left" if name == "type" else "right")
    for plover, row in summary["per_type"].items():
        types.add_row(
            plover, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}", str(row["support"])
        )
    console.print(types)

    if errors is not None:
        listing = Table(title=f"errors ({len(errors)})")
        for name in ("document", "kind", "gold", "predicted"):
            listing.add_column(name, overflow="fold")
        for e in errors:
            listing.add_row(e["doc_id"], e["kind"], e["gold"] or "", e["predicted"] or "")
        console.print(listing)
