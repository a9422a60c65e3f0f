"""The ingest loop: per-document errors, idempotence, the people memory between batches, and
resuming after a crash (in-process with a stand-in pipeline; and for real, with SIGKILL)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tacitus.document import Document
from tacitus.errors import InputError
from tacitus.store import Store, db
from tacitus.store.ingest import ingest, stories_stale
from tacitus.store.synthetic import coded_document

REPO = Path(__file__).resolve().parents[1]


# -- a stand-in pipeline: codes documents made by ``coded_document`` without a model -------------
SPECS = {
    f"doc{i:02d}": [{"source": "ISR" if i % 2 else "RUS", "target": "RUS" if i % 2 else "ISR",
                     "plover": ["CONSULT", "THREATEN", "AID"][i % 3]}]
    for i in range(12)
}
PEOPLE = {"doc01": [{"name": "Dmitry Peskov", "code": "RUSGOV", "evidence": "Kremlin spokesman"}]}


def blank(doc_id: str, date: str = "2022-11-07") -> Document:
    """The document as a reader gives it: the coded document's text, nothing coded yet."""
    coded = coded_document(doc_id, SPECS.get(doc_id, [{"source": "FRA", "target": "DEU"}]), date=date,
                           people=PEOPLE.get(doc_id, ()))
    return Document(doc_id=doc_id, original=coded.original, origin=f"corpus:{doc_id}", title=coded.title,
                    outlet=coded.outlet, date=coded.date)


class FakeNLP:
    def pipe(self, texts, batch_size=32):
        return iter(list(texts))

    def __call__(self, text):
        return text


class FakePipeline:
    """Codes like the real one would, from SPECS; breaks on documents named BOOM; records what
    the people memory knew when each document was coded."""

    def __init__(self, memory=None):
        self.nlp = FakeNLP()
        self.memory = memory
        self.knew_peskov: dict[str, bool] = {}

    def screen(self, doc):
        if "FOREIGN" in doc.text:
            doc.skipped = "not English (ru)"

    def annotate(self, doc, sdoc):
        key = doc.text.split("\n", 1)[0].removeprefix("Report ")  # the name coded_document gave it
        if "BOOM" in key:
            raise ValueError("the event coder broke on this one")
        self.knew_peskov[key] = self.memory is not None and self.memory.lookup("Peskov") is not None
        coded = coded_document(key, SPECS.get(key, [{"source": "FRA", "target": "DEU"}]), date=doc.date,
                               people=PEOPLE.get(key, ()))
        assert coded.text == doc.text
        for e in coded.events:
            e.doc_id = doc.doc_id
        doc.sentences, doc.mentions, doc.actors = coded.sentences, coded.mentions, coded.actors
        doc.events, doc.quotes = coded.events, coded.quotes
        return doc


def run(store: Store, items, **kw):
    made = []

    def make(settings, memory):
        made.append(FakePipeline(memory))
        return made[0]

    summary = ingest(store.con, items, make_pipeline=make, clean=lambda d: d, **kw)
    return summary, made[0]


def corpus() -> list[Document]:
    return [blank(f"doc{i:02d}") for i in range(12)]


def test_errors_are_recorded_and_the_other_documents_stored(tmp_path):
    store = Store.open(tmp_path / "i.duckdb")
    items = [blank("doc00"), InputError("bad.html", "cannot decode the page"), blank("BOOM1"), blank("doc01"),
             blank("doc00")]
    summary, _ = run(store, items, batch_size=2, run_id="r1")
    assert (summary.read, summary.stored, summary.duplicates, summary.errors) == (4, 2, 1, 2)
    assert summary.events == len(SPECS["doc00"]) + len(SPECS["doc01"])
    errors = store.errors()
    assert list(errors["origin"]) == ["bad.html", "corpus:BOOM1"]
    assert list(errors["kind"]) == ["InputError", "ValueError"]
    assert errors.iloc[1]["message"] == "the event coder broke on this one" and errors.iloc[1]["doc_id"] == "BOOM1"
    assert set(errors["run_id"]) == {"r1"}
    assert set(store.documents()["doc_id"]) == {"doc00", "doc01"}
    assert summary.stories == len(store.stories()) > 0


def test_a_second_ingest_adds_nothing(tmp_path):
    store = Store.open(tmp_path / "i.duckdb")
    first, _ = run(store, corpus(), batch_size=5)
    snapshot = db.content_snapshot(store.con)
    second, pipeline = run(store, corpus(), batch_size=5)
    assert (first.stored, second.stored, second.duplicates) == (12, 0, 12)
    assert pipeline.knew_peskov == {}  # nothing was coded again
    assert db.content_snapshot(store.con) == snapshot


def test_what_a_batch_teaches_helps_the_next_batches(tmp_path):
    store = Store.open(tmp_path / "i.duckdb")
    summary, pipeline = run(store, corpus(), batch_size=4)
    # doc01 (batch 1) introduces "Kremlin spokesman Dmitry Peskov"; batches 2 and 3 know him.
    assert pipeline.knew_peskov == {f"doc{i:02d}": i >= 4 for i in range(12)}
    [person] = store.learned().to_dict("records")
    assert (person["name"], person["code"], person["evidence"]) == ("Dmitry Peskov", "RUSGOV", ["Kremlin spokesman"])


def test_a_crash_mid_run_then_a_rerun_ends_with_the_same_store(tmp_path):
    reference = Store.open(tmp_path / "ref.duckdb")
    run(reference, corpus(), batch_size=3)
    crashed = Store.open(tmp_path / "crash.duckdb")

    def crash_after_two_batches(summary, n):
        if summary.stored >= 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(crashed, corpus(), batch_size=3, on_batch=crash_after_two_batches)
    assert len(crashed.documents()) == 6 and stories_stale(crashed.con)
    summary, pipeline = run(crashed, corpus(), batch_size=3)
    assert (summary.stored, summary.duplicates) == (6, 6)
    assert pipeline.knew_peskov["doc06"]  # the memory came back from the store
    assert db.content_snapshot(crashed.con) == db.content_snapshot(reference.con)


def test_a_failing_write_loses_only_its_batch(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "i.duckdb")
    real = db._insert
    calls = itertools.count()

    def flaky(con, table, data):
        if table == "mentions" and next(calls) == 1:  # the second batch's mentions
            raise OSError("disk full")
        real(con, table, data)

    monkeypatch.setattr(db, "_insert", flaky)
    with pytest.raises(OSError):
        run(store, corpus(), batch_size=4)
    assert set(store.documents()["doc_id"]) == {f"doc{i:02d}" for i in range(4)}
    monkeypatch.setattr(db, "_insert", real)
    summary, _ = run(store, corpus(), batch_size=4)
    assert summary.stored == 8


def test_documents_the_pipeline_screens_out_are_stored_uncoded(tmp_path):
    store = Store.open(tmp_path / "i.duckdb")
    summary, pipeline = run(store, [blank("doc00"), blank("FOREIGN1")])
    assert (summary.stored, summary.uncoded, summary.errors) == (2, 1, 0)
    docs = store.con.execute("SELECT doc_id, skipped FROM documents ORDER BY doc_id").fetchall()
    assert docs == [("FOREIGN1", "not English (ru)"), ("doc00", None)]
    assert "FOREIGN1" not in pipeline.knew_peskov  # never annotated
    again, _ = run(store, [blank("FOREIGN1")])
    assert (again.stored, again.duplicates) == (0, 1)


def test_the_ingest_command_exit_code_and_summary(tmp_path, monkeypatch):
    """The command around the loop, with the stand-in pipeline (no model needed)."""
    import tacitus.pipeline

    monkeypatch.setattr(tacitus.pipeline, "Pipeline", lambda settings=None, memory=None: FakePipeline(memory))
    monkeypatch.setattr("tacitus.ingest.cleaning.clean", lambda d: d)  # the text stays as coded_document made it
    folder = tmp_path / "in"
    folder.mkdir()
    for doc in corpus()[:5]:
        (folder / f"{doc.doc_id}.txt").write_text(doc.original, encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")  # the reader's error
    from tacitus.cli import main

    dbp = str(tmp_path / "cli.duckdb")
    r = CliRunner().invoke(main, ["ingest", str(folder), "--db", dbp, "--date", "2022-11-07", "--no-progress", "-v"])
    with Store.open(dbp, read_only=True) as s:
        stored = len(s.documents())
        runs = s.runs()
    assert r.exit_code == 1, r.output  # the empty file
    assert "batch 1: stored 5 document(s)" in r.output
    assert "5 documents read, 5 stored, 0 skipped as duplicates, 1 errors, 5 events" in r.output
    assert "empty.txt" in r.output
    assert stored == 5 and list(runs["status"]) == ["finished"]
    r = CliRunner().invoke(main, ["ingest", str(folder), "--db", dbp, "--no-progress"])
    assert "0 stored, 5 skipped as duplicates" in r.output


# -- with the real pipeline -----------------------------------------------------------------------
def _pipeline_or_skip():
    try:
        from tacitus.pipeline import Pipeline

        return Pipeline
    except Exception as exc:  # the pipeline's components are not all written yet
        pytest.skip(f"the pipeline cannot be imported: {exc}")


@pytest.fixture(scope="module")
def real_pipeline_ok():
    Pipeline = _pipeline_or_skip()
    try:
        Pipeline()
    except Exception as exc:
        pytest.skip(f"the pipeline cannot be built: {exc}")


def test_end_to_end_the_seed_articles(tmp_path, shared_dir, real_pipeline_ok):
    from tacitus.ingest.readers import ReadOptions, read_paths

    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    dates = {"000": dt.date(2016, 6, 3), "003": dt.date(2022, 11, 7)}
    items = itertools.chain.from_iterable(read_paths([p], ReadOptions(date=dates[p.name[:3]])) for p in seeds)
    with Store.open(tmp_path / "seeds.duckdb") as store:
        summary = ingest(store.con, items, batch_size=1)
        assert (summary.stored, summary.errors) == (2, 0) and summary.events > 5
        timeline = store.dyad("ISR", "RUS", by="year", both_directions=True)
        assert list(timeline["period"]) == ["2016", "2022"]
        assert timeline["events"].min() > 0
        ev = store.events(actor="ISR", since="2016-01-01", until="2016-12-31", full=True)
        text = store.sql("SELECT text FROM documents WHERE date = DATE '2016-06-03'")["text"][0]
        for _, e in ev.iterrows():  # offsets into the stored text hold the trigger
            assert e["trigger_text"] in text
        detail = store.show(ev.iloc[0]["event_id"])
        assert detail["sentences"] and detail["sentences"][0]["text"]
    r = CliRunner().invoke(__import__("tacitus.cli").cli.main, ["actors", str(seeds[1]), "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code == 0, r.output
    assert "Peskov" in r.output and "RUSGOV" in r.output


def _make_corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "bench" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _tacitus(*args: str) -> list[str]:
    return [sys.executable, "-m", "tacitus.cli", *args]


@pytest.mark.slow
def test_sigkill_halfway_then_rerun_equals_an_uninterrupted_run(tmp_path, real_pipeline_ok):
    mc = _make_corpus_module()
    folder = mc.write_corpus(mc.make_corpus(40, seed=7), tmp_path / "corpus")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    common = ["--batch-size", "4", "--no-progress"]
    ref, crash = str(tmp_path / "ref.duckdb"), str(tmp_path / "crash.duckdb")
    done = subprocess.run(_tacitus("ingest", str(folder), "--db", ref, *common), capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    proc = subprocess.Popen(_tacitus("ingest", str(folder), "--db", crash, *common, "--verbose"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    for line in proc.stdout:
        if line.startswith("batch 5:"):  # half of the 10 batches are committed
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with Store.open(crash, read_only=True) as s:
        partial = len(s.documents())
    assert 20 <= partial < 40
    again = subprocess.run(_tacitus("ingest", str(folder), "--db", crash, *common), capture_output=True, text=True,
                           env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{40 - partial} stored, {partial} skipped as duplicates" in again.stdout
    with Store.open(ref, read_only=True) as a, Store.open(crash, read_only=True) as b:
        assert db.content_snapshot(a.con) == db.content_snapshot(b.con)
        assert sum(len(rows) for rows in db.content_snapshot(a.con).values()) > 400
        assert list(b.runs()["status"]) == ["died", "finished"]


@pytest.mark.slow
def test_parallel_workers_store_the_same_documents(tmp_path, real_pipeline_ok):
    mc = _make_corpus_module()
    folder = mc.write_corpus(mc.make_corpus(16, seed=11), tmp_path / "corpus")
    one, two = str(tmp_path / "one.duckdb"), str(tmp_path / "two.duckdb")
    for path, workers in ((one, "1"), (two, "2")):
        done = subprocess.run(_tacitus("ingest", str(folder), "--db", path, "--batch-size", "4", "--no-progress",
                                       "--workers", workers), capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    with Store.open(one, read_only=True) as a, Store.open(two, read_only=True) as b:
        assert list(a.documents()["content_hash"]) == list(b.documents()["content_hash"])
        # Workers code with the memory as it stood at the start; on a fresh store and these
        # articles (every person introduced with a title) the events are the same.
        assert set(a.events()["event_id"]) == set(b.events()["event_id"])
