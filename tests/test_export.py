"""Exports and imports: JSONL and POLECAT round trips, GDELT's 61 columns, CSV and Parquet."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.store import Store, db
from tacitus.store.export import EXPORTERS, GDELT_COLUMNS, gdelt_event_id
from tacitus.store.synthetic import sample_documents


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "e.duckdb")
    s.add(sample_documents())
    yield s
    s.close()


def test_every_format_is_registered():
    assert set(EXPORTERS) == {"jsonl", "csv", "parquet", "gdelt", "polecat"}


def test_jsonl_holds_complete_documents_and_rebuilds_the_store(store, tmp_path):
    out = tmp_path / "docs.jsonl"
    assert store.export("jsonl", out) == 4
    records = [json.loads(line) for line in out.read_text().splitlines()]
    doc = next(r for r in records if r["doc_id"] == "b2022")
    # The output record's keys (the contract of `tacitus code --format jsonl`) are all there.
    for key in ("doc_id", "title", "byline", "outlet", "url", "date", "text", "sentences", "actors", "events", "quotes"):
        assert key in doc
    assert doc["sentences"] == 5 and len(doc["sentence_spans"]) == 5
    assert doc["quotes"][0]["text"].startswith("We definitely value")
    assert doc["events"][0]["source"]["code"] == "RUSGOV"
    assert {"text", "start", "end", "how"} <= set(doc["actors"][0]["mentions"][0])
    # Rebuild elsewhere: the same rows, and the same export.
    with Store.open(tmp_path / "copy.duckdb") as copy:
        summary = copy.import_file(out)
        assert (summary.stored, summary.events, summary.errors) == (4, 11, [])
        assert db.content_snapshot(copy.con) == db.content_snapshot(store.con)
        again = tmp_path / "again.jsonl"
        copy.export("jsonl", again)
        assert again.read_text() == out.read_text()
        assert copy.import_file(out).stored == 0  # importing twice adds nothing


def test_polecat_records_and_round_trip(store, tmp_path):
    out = tmp_path / "events.polecat.jsonl"
    assert store.export("polecat", out) == 11
    records = [json.loads(line) for line in out.read_text().splitlines()]
    rec = next(r for r in records if r["event_type"] == "AGREE")
    assert rec["event_date"] == "2016-06-03" and rec["story_date"] == "2016-06-03"
    assert rec["actor"][0]["code"] == "ISR" and rec["actor"][0]["sector"] == "GOV"
    assert rec["recipient"][0]["cameo_code"] == "RUSGOV" and rec["recipient"][0]["name"]
    assert rec["location"] == {"name": "Syria", "country_code": "SYR"}
    assert rec["mode"] == [] and rec["quad_code"] == 1 and rec["text"].startswith("ISRGOV met RUSGOV")
    assert rec["cite_info"]["publication"] == "Arutz Sheva" and rec["link"].startswith("st")
    with Store.open(tmp_path / "from_polecat.duckdb") as copy:
        summary = copy.import_file(out)
        assert (summary.documents, summary.events, summary.errors) == (4, 11, [])
        again = tmp_path / "again.polecat.jsonl"
        copy.export("polecat", again)
        assert again.read_text() == out.read_text()
        # Story events are recomputed from the imported events: the same links.
        assert set(copy.stories()["story_id"]) == set(store.stories()["story_id"])


def test_gdelt_export_loads_with_the_gdelt_column_names(store, tmp_path):
    out = tmp_path / "events.gdelt.tsv"
    n = store.export("gdelt", out)
    df = pd.read_csv(out, sep="\t", header=None, names=GDELT_COLUMNS, dtype={"EventCode": str, "EventBaseCode": str,
                                                                              "EventRootCode": str})
    assert len(df.columns) == 61 and len(df) == n
    assert out.read_text().count("\n") == n  # no header row: GDELT files have none
    # Only asserted story events (GDELT has no status); the two THREATEN reports are one row.
    stories = store.stories()
    assert n == (stories["status"] == "asserted").sum()
    threat = df[(df["Actor1Code"] == "RUS") & (df["Actor2Code"] == "ISR")].iloc[0]
    assert (threat["NumMentions"], threat["NumArticles"], threat["NumSources"]) == (2, 2, 2)
    assert (threat["Day"], threat["MonthYear"], threat["Year"]) == (20221107, 202211, 2022)
    assert threat["FractionDate"] == pytest.approx(2022 + (11 * 30 + 7) / 365, abs=1e-4)
    assert (threat["EventCode"], threat["EventBaseCode"], threat["EventRootCode"]) == ("130", "130", "13")
    assert (threat["QuadClass"], threat["GoldsteinScale"]) == (3, -4.4)
    assert threat["Actor1CountryCode"] == "RUS" and pd.isna(threat["Actor1Type1Code"])
    assert threat["SOURCEURL"] == "https://www.timesofisrael.com/b2022"
    assert pd.isna(threat["AvgTone"]) and pd.isna(threat["Actor1Geo_Type"])
    assert len(str(int(threat["DATEADDED"]))) == 14
    story = stories[stories["first_event_id"].isin(store.events(source="RUS", target="ISR", plover="THREATEN")["event_id"])
                    & (stories["source_code"] == "RUS")].iloc[0]
    assert threat["GlobalEventID"] == gdelt_event_id(story["story_id"])
    agree = df[df["EventRootCode"] == "05"].iloc[0]
    assert (agree["Actor1Code"], agree["Actor1CountryCode"], agree["Actor1Type1Code"]) == ("ISRGOV", "ISR", "GOV")
    assert (agree["ActionGeo_Type"], agree["ActionGeo_FullName"], agree["ActionGeo_CountryCode"]) == (1, "Syria", "SYR")
    assert df["GlobalEventID"].is_unique


def test_gdelt_header_and_status_options(store, tmp_path):
    path = str(store.path)
    store.close()
    out = tmp_path / "g.tsv"
    r = CliRunner().invoke(main, ["export", "--db", path, "--format", "gdelt", "--header", "--status", "negated",
                                  "--output", str(out)])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out, sep="\t")
    assert list(df.columns) == GDELT_COLUMNS
    assert len(df) == 1 and df.iloc[0]["Actor2Code"] == "UKR"


def test_csv_and_parquet_have_one_row_per_event(store, tmp_path):
    store.export("csv", tmp_path / "e.csv", since="2022-01-01")
    store.export("parquet", tmp_path / "e.parquet")
    csv = pd.read_csv(tmp_path / "e.csv")
    parquet = pd.read_parquet(tmp_path / "e.parquet")
    assert len(csv) == 6 and len(parquet) == 11
    for col in ("event_id", "source_code", "target_code", "plover", "cameo", "goldstein", "sentence", "story_id",
                "title", "outlet"):
        assert col in csv.columns and col in parquet.columns
    assert set(parquet["event_id"]) == set(store.events()["event_id"])


def test_import_records_bad_lines_and_keeps_the_rest(store, tmp_path):
    good = tmp_path / "good.jsonl"
    store.export("jsonl", good)
    lines = good.read_text().splitlines()
    bad = tmp_path / "mixed.jsonl"
    bad.write_text("\n".join([lines[0], "{not json", "[1, 2]", json.dumps({"doc_id": "x", "events": [{}]}),
                              json.dumps({"hello": 1}), lines[1]]) + "\n")
    copy_path = tmp_path / "copy.duckdb"
    r = CliRunner().invoke(main, ["import", str(bad), "--db", str(copy_path)])
    assert r.exit_code == 1
    assert "2 stored" in r.output and "4 errors" in r.output
    assert "mixed.jsonl:2" in r.output
    with Store.open(copy_path) as copy:
        errors = copy.errors()
        assert list(errors["line"]) == [2, 3, 4, 5]
        assert len(copy.documents()) == 2


def test_export_command_writes_files_and_stdout(store, tmp_path):
    path = str(store.path)
    store.close()
    runner = CliRunner()
    r = runner.invoke(main, ["export", "--db", path, "--format", "polecat"])
    assert r.exit_code == 0 and len(r.output.splitlines()) == 11
    r = runner.invoke(main, ["export", "--db", path, "--format", "jsonl", "--output", str(tmp_path / "x.jsonl")])
    assert r.exit_code == 0 and "4 documents written" in r.output
    r = runner.invoke(main, ["import", str(tmp_path / "x.jsonl"), "--db", str(tmp_path / "y.duckdb")])
    assert r.exit_code == 0 and "4 stored" in r.output
