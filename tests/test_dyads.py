"""Dyad timelines: the numbers per period, directions, story counting, and the chart."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tacitus.analysis.dyads import timeline
from tacitus.cli import main
from tacitus.store import Store
from tacitus.store.synthetic import coded_document, sample_documents


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "d.duckdb")
    s.add(sample_documents())
    yield s
    s.close()


def test_by_year_over_the_two_seed_years(store):
    t = store.dyad("ISR", "RUS", by="year")
    assert list(t["period"]) == ["2016"]  # Israel -> Russia happened only in 2016 here
    [y2016] = t.to_dict("records")
    # CONSULT (planned, 1.0), REQUEST (hypothetical, 3.0), AGREE (asserted, 8.0)
    assert (y2016["events"], y2016["asserted"], y2016["planned"], y2016["hypothetical"]) == (3, 1, 1, 1)
    assert (y2016["CONSULT"], y2016["REQUEST"], y2016["AGREE"]) == (1, 1, 1)
    assert (y2016["verbal_cooperation"], y2016["cooperation"], y2016["conflict"]) == (3, 3, 0)
    assert y2016["goldstein_sum"] == pytest.approx(12.0)
    assert y2016["goldstein_mean"] == pytest.approx(4.0)

    both = store.dyad("ISR", "RUS", by="year", both_directions=True)
    assert list(both["period"]) == ["2016", "2022"]
    y2022 = both.iloc[1]
    # RUSGOV->ISR SUPPORT 3.4, RUS->ISR THREATEN x2 (two outlets), RUSGOV->ISR THREATEN (2022-10-20)
    assert (y2022["events"], y2022["a_to_b"], y2022["b_to_a"]) == (4, 0, 4)
    assert (y2022["THREATEN"], y2022["SUPPORT"], y2022["verbal_conflict"]) == (3, 1, 3)
    assert y2022["goldstein_sum"] == pytest.approx(3.4 - 3 * 4.4)
    assert both.iloc[0]["events"] == 4  # the 2016 RUSGOV -> ISR RETREAT joins
    assert both.iloc[0]["material_cooperation"] == 1


def test_periods_days_weeks_months_and_ranges(store):
    days = store.dyad("RUS", "ISR", by="day")
    assert list(days["period"]) == ["2016-06-03", "2022-10-20", "2022-11-07", "2022-11-08"]
    weeks = store.dyad("RUS", "ISR", by="week")
    # 2022-11-07 is a Monday: the 7th and 8th share ISO week 45.
    assert list(weeks["period"]) == ["2016-W22", "2022-W42", "2022-W45"]
    assert weeks.iloc[-1]["events"] == 3 and str(weeks.iloc[-1]["period_start"]) == "2022-11-07"
    months = store.dyad("RUS", "ISR", by="month", since="2022-11-01")
    assert list(months["period"]) == ["2022-11"] and months.iloc[0]["events"] == 3
    months = store.dyad("RUS", "ISR", by="month", until="2022-10-31")
    assert list(months["period"]) == ["2016-06", "2022-10"]
    assert store.dyad("RUS", "ISR", by="year", status="asserted").iloc[-1]["events"] == 4
    with pytest.raises(ValueError):
        store.dyad("RUS", "ISR", by="decade")


def test_codes_match_by_prefix_and_exactly(store):
    assert store.dyad("RUSGOV", "ISR", by="year")["events"].sum() == 3
    assert store.dyad("RUS", "ISR", by="year")["events"].sum() == 5
    assert store.dyad("rus", "isr", by="year")["events"].sum() == 5
    assert store.dyad("ISR", "FRA").empty


def test_story_counting_merges_reports_of_one_event(store):
    reports = store.dyad("RUS", "ISR", by="month", since="2022-11-01")
    stories = store.dyad("RUS", "ISR", by="month", since="2022-11-01", stories=True)
    # RUS -> ISR THREATEN was reported by two outlets a day apart: two reports, one story event.
    assert reports.iloc[0]["THREATEN"] == 2
    assert stories.iloc[0]["THREATEN"] == 1
    assert stories.iloc[0]["events"] == 2  # that story and RUSGOV -> ISR SUPPORT


def test_timeline_of_nothing_is_an_empty_table():
    import pandas as pd

    empty = timeline(pd.DataFrame(columns=["day", "direction", "plover", "quad_class", "goldstein", "status"]))
    assert empty.empty and "goldstein_mean" in empty.columns


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_writes_a_readable_chart(store, tmp_path, suffix):
    path = str(store.path)
    store.close()
    out = tmp_path / f"dyad{suffix}"
    r = CliRunner().invoke(main, ["dyad", "ISR", "RUS", "--db", path, "--by", "year", "--both-directions",
                                  "--plot", str(out)])
    assert r.exit_code == 0, r.output
    assert "2016" in r.output and "2022" in r.output
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG") and len(data) > 10_000
    else:
        text = data.decode()
        # Title, axis labels and legend entries are in the drawing.
        for words in ("ISR", "RUS", "cooperation vs conflict by year", "mean Goldstein", "material conflict"):
            assert words.replace(" ", "") in text.replace(" ", "") or words in text, words


def test_plot_an_empty_dyad_and_refuse_other_formats(store, tmp_path):
    from tacitus.analysis.dyads import plot_timeline

    out = plot_timeline(store.dyad("ISR", "FRA"), tmp_path / "empty.png", a="ISR", b="FRA", by="month")
    assert out.stat().st_size > 0
    with pytest.raises(ValueError):
        plot_timeline(store.dyad("ISR", "RUS"), tmp_path / "chart.pdf", a="ISR", b="RUS", by="month")
    path = str(store.path)
    store.close()
    r = CliRunner().invoke(main, ["dyad", "ISR", "RUS", "--db", path, "--plot", str(tmp_path / "x.jpg")])
    assert r.exit_code == 2


def test_dyad_command_csv_and_json(store):
    path = str(store.path)
    store.close()
    runner = CliRunner()
    r = runner.invoke(main, ["dyad", "ISR", "RUS", "--db", path, "--by", "year", "--format", "json", "--both-directions"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert [row["period"] for row in rows] == ["2016", "2022"]
    assert rows[1]["THREATEN"] == 3 and rows[0].get("THREATEN") == 0
    r = runner.invoke(main, ["dyad", "ISR", "RUS", "--db", path, "--by", "year", "--format", "csv", "--all-statuses"])
    header, first = r.output.splitlines()[:2]
    assert header.startswith("period,period_start,events,asserted") and first.startswith("2016,2016-01-01,3,1")
    # By default only what the articles report as having happened counts.
    r = runner.invoke(main, ["dyad", "ISR", "RUS", "--db", path, "--by", "year", "--format", "csv"])
    header, first = r.output.splitlines()[:2]
    assert first.startswith("2016,2016-01-01,1,1")


def test_many_documents_one_month(tmp_path):
    s = Store.open(tmp_path / "m.duckdb")
    s.add([coded_document(f"d{i}", [{"source": "USA", "target": "CHN", "plover": "ACCUSE"}],
                          date=f"2023-03-{i + 1:02d}", outlet=f"o{i % 3}") for i in range(20)])
    t = s.dyad("USA", "CHN", by="month")
    assert t.iloc[0]["events"] == 20 and t.iloc[0]["goldstein_sum"] == pytest.approx(-40.0)
    # One story per 3-day window: days 1-3, 4-6, ... 19-20.
    assert s.dyad("USA", "CHN", by="month", stories=True).iloc[0]["events"] == 7
    s.close()
