"""PETRARCH's own unit-test suite (284 records, 385 expected codings) run on Tacitus."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tacitus.petrarch.suite import balanced, diff, read_suite, report, run_suite, tally

# The level reached when the runner was written (360 of 385 codings, 93.5%): a change that
# loses ground fails here. The issue asked for 60%; PETRARCH-2 itself scores about 30% on this
# file, which was written for PETRARCH-1.
PASS_RATE_FLOOR = 0.90


@pytest.fixture(scope="module")
def suite(shared_dir):
    return read_suite(shared_dir / "petrarch" / "PETR.UnitTest.records.xml")


@pytest.fixture(scope="module")
def results(suite, nlp):
    return run_suite(suite, nlp)


def test_the_file_is_read_whole(suite):
    assert len(suite.records) == 284
    assert sum(len(r.expected) for r in suite.records) == 385
    assert [p.name for p in suite.files["verbs"]] == ["PETR.Validate.verbs.txt"]
    # <Config> lines carry over to the records after them
    options = {r.id: r.options for r in suite.records}
    assert options["ACTOR-01"].new_actor_length == 4 and options["ACTOR-04"].new_actor_length == 0
    assert options["COMPOUND-03"].require_dyad is False and options["COMPOUND-05"].require_dyad is True
    assert options["COMMA-05"].commas.comma_max == 6
    assert suite.unsupported_options == ["stop_on_error=True"]


def test_pass_rate_stays_above_the_level_reached(results):
    by_category, overall = tally(results)
    assert overall.codings == 385
    assert overall.rate >= PASS_RATE_FLOOR, f"{overall.codings_ok}/{overall.codings}"
    # categories the runner passes whole: a regression there is a real one
    for name in ("SYNSET", "VERB", "DATE", "ERROR", "ACTOR"):
        assert by_category[name].rate == 1.0, (name, [diff(r) for r in results if r.record.category == name and not r.ok])


def test_errors_and_no_events(results):
    by_id = {r.record.id: r for r in results}
    assert by_id["DISCARD-01"].refused == "storydiscard" and by_id["DISCARD-01"].ok
    assert by_id["ERROR-02"].refused == "bad_input_parse"
    assert by_id["VERB-20"].ok and not by_id["VERB-20"].got  # "departx" is no verb form
    assert not balanced("(S (NP (NNP Arnor))")


def test_failures_read_as_diffs(results):
    failed = next(r for r in results if not r.ok)
    lines = diff(failed)
    assert lines[0].startswith(failed.record.id)
    assert any(line.lstrip().startswith(("-", "+")) for line in lines)
    out = report(results)
    assert out["overall"]["codings"] == 385 and set(out["categories"]) >= {"DEMO", "SYNSET"}


def test_cli(shared_dir, nlp):
    from tacitus.cli import main

    path = str(shared_dir / "petrarch" / "PETR.UnitTest.records.xml")
    runner = CliRunner()
    table = runner.invoke(main, ["petrarch-tests", path, "--limit", "5", "--failures"])
    assert table.exit_code == 0, table.output
    assert "overall" in table.output and "DEMO" in table.output
    as_json = runner.invoke(main, ["petrarch-tests", path, "--limit", "5", "--json"])
    assert json.loads(as_json.output)["overall"]["records"] == 5
