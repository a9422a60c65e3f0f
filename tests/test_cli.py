"""`tacitus code`: the output contract, dates, users' actors and the error paths."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tacitus.cli import main

KEYS = {"doc_id", "title", "byline", "outlet", "url", "date", "text", "sentences", "actors", "events", "quotes"}
EVENT_KEYS = {
    "id", "doc_id", "sentence_index", "source", "target", "plover", "mode", "context", "cameo", "goldstein",
    "quad_class", "status", "attribution", "date", "date_precision", "date_text", "place", "trigger",
    "sentence", "confidence",
}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_jsonl_contract(tmp_path: Path, nlp):
    article = tmp_path / "a.txt"
    article.write_text("Chile condemns Peru\n\nChile condemned Peru on Tuesday, according to Reuters.\n")
    result = run("code", str(article), "--format", "jsonl", "--date", "2024-03-14")
    assert result.exit_code == 0, result.output
    (line,) = result.output.strip().splitlines()
    record = json.loads(line)
    assert set(record) >= KEYS
    assert record["date"] == "2024-03-14" and record["sentences"] == 1
    (event,) = record["events"]
    assert set(event) >= EVENT_KEYS
    original = article.read_text()
    for side in ("source", "target", "trigger"):
        span = event[side]
        assert original[span["start"] : span["end"]] == span["text"]


def test_text_report_shows_actors_and_events(tmp_path: Path, nlp):
    article = tmp_path / "a.txt"
    article.write_text("Kenyan Foreign Minister Amina Wekesa criticised Uganda on Monday.\n")
    result = run("code", str(article), "--date", "2024-03-14")
    assert result.exit_code == 0
    assert "KENGOV" in result.output and "ACCUSE" in result.output and "UGA" in result.output


def test_bad_inputs_are_reported_and_the_rest_is_coded(tmp_path: Path, nlp):
    good = tmp_path / "good.txt"
    good.write_text("Chile condemned Peru on Tuesday.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "x1", "text": "Brazil praised Argentina."}\n{broken\n')
    result = CliRunner().invoke(main, ["code", str(tmp_path), "--format", "jsonl", "--date", "2024-03-14"])
    assert result.exit_code == 1
    records = [json.loads(x) for x in result.stdout.strip().splitlines()]
    assert {r["doc_id"] for r in records} >= {"x1"}
    assert len(records) == 2
    errors = result.stderr
    assert "empty.txt" in errors and "binary.txt" in errors and "c.jsonl:2" in errors


def test_bad_date_option_is_a_usage_error(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("Chile condemned Peru.\n")
    result = CliRunner().invoke(main, ["code", str(article), "--date", "June 3"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_users_actor_file(tmp_path: Path, nlp):
    actors = tmp_path / "actors.yaml"
    actors.write_text(
        "- kind: armed_group\n  id: northern-front\n  name: Northern Liberation Front\n"
        "  names: [Northern Liberation Front, NLF]\n  code: SSD\n  sector: REB\n"
    )
    article = tmp_path / "a.txt"
    article.write_text("The NLF attacked Sudan on Monday.\n")
    result = run("code", str(article), "--format", "jsonl", "--date", "2024-03-14", "--actors", str(actors))
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert any(e["source"]["code"] == "SSDREB" and e["target"]["code"] == "SDN" for e in record["events"]), record["events"]


def test_help_lists_every_command():
    result = run("--help")
    for name in ("code", "ingest", "events", "dyad", "export", "evaluate", "serve", "petrarch-tests"):
        assert name in result.output


def test_petrarch_actor_dictionary_as_actors_file(tmp_path: Path, nlp, shared_dir):
    """Users' PETRARCH/TABARI actor dictionaries load like YAML actor files (fictional actors)."""
    article = tmp_path / "a.txt"
    article.write_text("Arnor condemned Gondor on Monday.\n")
    actors = shared_dir / "petrarch" / "PETR.Validate.actors.txt"
    result = run("code", str(article), "--format", "jsonl", "--date", "2024-03-14", "--actors", str(actors))
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert any(e["source"]["code"] == "ARN" and e["target"]["code"] == "GON" for e in record["events"]), record["events"]
