"""The event store: schema and migrations, idempotent transactional writes, filters, questions,
the people memory, and the store commands. All on synthetic coded documents (no model)."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest
from click.testing import CliRunner

from tacitus.actors.memory import LearnedPerson
from tacitus.cli import main
from tacitus.errors import StoreError
from tacitus.store import Store, db, queries
from tacitus.store.memory import StorePeopleMemory
from tacitus.store.records import COLUMNS, document_record
from tacitus.store.schema import SCHEMA_VERSION, schema_version
from tacitus.store.synthetic import coded_document, sample_documents


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "t.duckdb")
    s.add(sample_documents())
    yield s
    s.close()


def ids(df) -> set[str]:
    return set(df["doc_id"])


# -- schema ---------------------------------------------------------------------------------------
def test_bulk_columns_match_the_ddl(tmp_path):
    con = db.connect(tmp_path / "s.duckdb")
    assert db.table_columns(con) == {name: [c for c, _ in cols] for name, cols in COLUMNS.items()}
    assert schema_version(con) == SCHEMA_VERSION


def test_a_version_0_store_is_migrated_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute("INSERT INTO meta VALUES ('schema_version', '0'), ('note', 'kept')")
        con.execute("CREATE TABLE my_notes (x INTEGER)")  # a user's own table survives
        con.execute("INSERT INTO my_notes VALUES (42)")
    con = db.connect(path)
    assert schema_version(con) == SCHEMA_VERSION
    assert con.execute("SELECT x FROM my_notes").fetchall() == [(42,)]
    assert con.execute("SELECT value FROM meta WHERE key = 'note'").fetchone() == ("kept",)
    assert con.execute("SELECT count(*) FROM events").fetchone() == (0,)
    con.close()
    # Opening again runs nothing (the migration is not re-applied onto existing tables).
    db.connect(path).close()


def test_read_only_open_migrates_an_old_store_first(tmp_path):
    path = tmp_path / "old.duckdb"
    duckdb.connect(str(path)).close()  # an empty DuckDB file is a version-0 store
    con = db.connect(path, read_only=True)
    assert schema_version(con) == SCHEMA_VERSION
    con.close()


def test_a_newer_store_or_a_foreign_database_is_refused(tmp_path):
    newer = tmp_path / "newer.duckdb"
    with duckdb.connect(str(newer)) as con:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION + 1)])
    with pytest.raises(StoreError, match="upgrade Tacitus"):
        db.connect(newer)
    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE events (x INTEGER)")
    with pytest.raises(StoreError, match="not a Tacitus store"):
        db.connect(foreign)
    with pytest.raises(StoreError, match="no store"):
        db.connect(tmp_path / "missing.duckdb", read_only=True)


# -- writing --------------------------------------------------------------------------------------
def test_a_second_write_of_the_same_documents_adds_nothing(store):
    before = db.content_snapshot(store.con)
    result = store.add(sample_documents())
    assert (result.stored, result.duplicates) == (0, 4)
    assert db.content_snapshot(store.con) == before
    assert store.sql("SELECT count(*) AS n FROM documents")["n"][0] == 4


def test_everything_a_document_carries_is_stored(store):
    doc = store.sql("SELECT * FROM documents WHERE doc_id = 'b2022'").iloc[0]
    assert (doc["outlet"], doc["date"].date()) == ("The Times of Israel", dt.date(2022, 11, 7))
    assert store.sql("SELECT count(*) AS n FROM sentences WHERE doc_id = 'b2022'")["n"][0] == 5
    assert store.sql("SELECT count(*) AS n FROM quotes")["n"][0] == 1
    ev = store.events(doc_id="b2022", full=True)
    assert list(ev["plover"]) == ["THREATEN", "SUPPORT", "AID", "THREATEN"]  # by day: the 2022-10-20 one first
    first = ev.iloc[0]
    assert first["date"] == "2022-10-20" and first["event_day"].date() == dt.date(2022, 10, 20)
    # An event without its own date falls on the document's day.
    assert set(ev["event_day"].dt.date) == {dt.date(2022, 10, 20), dt.date(2022, 11, 7)}
    # Offsets point into the stored text.
    text = doc["text"]
    for _, e in ev.iterrows():
        assert text[e["trigger_start"]:e["trigger_end"]] == e["trigger_text"]
        assert text[e["source_start"]:e["source_end"]] == e["source_text"]
    agree = store.events(doc_id="a2016", plover="AGREE", full=True).iloc[0]
    assert json.loads(agree["place"]) == {"name": "Syria", "country_code": "SYR"}
    actors = store.sql("SELECT * FROM actors ORDER BY actor_id")
    assert "person:dmitry-peskov" in set(actors["actor_id"])


def test_a_failure_mid_batch_stores_nothing_of_the_batch(tmp_path, monkeypatch):
    s = Store.open(tmp_path / "t.duckdb")
    memory = StorePeopleMemory(s.con)
    records = [document_record(d) for d in sample_documents()]
    real_insert = db._insert

    def failing_insert(con, table, data):
        if table == "events":  # documents, sentences, actors and mentions are already in
            raise RuntimeError("disk full")
        real_insert(con, table, data)

    monkeypatch.setattr(db, "_insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        db.write_batch(s.con, records, memory=memory)
    for table in ("documents", "sentences", "document_actors", "mentions", "events", "affiliations"):
        assert s.sql(f"SELECT count(*) AS n FROM {table}")["n"][0] == 0, table
    assert memory.lookup("Dmitry Peskov") is None  # what the batch taught was rolled back too
    monkeypatch.setattr(db, "_insert", real_insert)
    assert db.write_batch(s.con, records, memory=memory).stored == 4
    assert memory.lookup("Peskov").sector == "GOV"


def test_different_documents_sharing_an_id_are_both_kept(tmp_path):
    s = Store.open(tmp_path / "t.duckdb")
    one = coded_document("same", [{"source": "ISR", "target": "RUS"}], title="First")
    two = coded_document("same", [{"source": "ISR", "target": "RUS"}], title="Second")
    two.events[0].id = one.events[0].id  # the same event id as well
    s.add([one])
    s.add([two])
    docs = s.documents()
    assert len(docs) == 2 and "same" in set(docs["doc_id"])
    renamed = next(d for d in docs["doc_id"] if d != "same")
    assert renamed.startswith("same~")
    ev = s.events()
    assert ev["event_id"].is_unique and set(ev["doc_id"]) == {"same", renamed}


# -- filters --------------------------------------------------------------------------------------
def test_actor_filters_match_code_prefixes(store):
    assert set(store.events(source="ISR")["source_code"]) == {"ISRGOV", "ISR"}
    assert set(store.events(source="ISRGOV")["source_code"]) == {"ISRGOV"}
    assert set(store.events(target="rus")["target_code"]) == {"RUS", "RUSGOV"}  # case does not matter
    both = store.events(actor="UKR")
    assert len(both) == 1 and both.iloc[0]["target_code"] == "UKR"
    assert len(store.events(actor="ISR")) == 4 + 4 + 1 + 1
    assert len(store.events(source=["FRA", "EGY"])) == 2
    assert len(store.events(source="FRA,EGY")) == 2


def test_type_root_status_date_search_and_limit_filters(store):
    assert set(store.events(plover="threaten")["plover"]) == {"THREATEN"}
    assert len(store.events(plover="THREATEN")) == 3
    assert set(store.events(root="13")["cameo"]) == {"130"}
    assert set(store.events(root="4")["plover"]) == {"CONSULT"}  # "4" means CAMEO root 04
    assert len(store.events(status="negated")) == 1
    assert len(store.events(status=["planned", "hypothetical"])) == 2
    assert ids(store.events(since="2022-01-01")) == {"b2022", "c2022"}
    assert ids(store.events(until="2016-12-31")) == {"a2016"}
    assert ids(store.events(since=dt.date(2022, 11, 8), until=dt.date(2022, 11, 8))) == {"c2022"}
    assert len(store.events(since="2022-10-20", until="2022-10-20")) == 1
    assert len(store.events(search="EVENT 3 OF A2016")) == 1
    assert len(store.events(limit=2)) == 2
    assert ids(store.events(source="RUS", plover="THREATEN", since="2022-11-01")) == {"b2022", "c2022"}


NASTY = [
    "'; DROP TABLE events; --",
    "ISR' OR '1'='1",
    "%",
    "_",
    '" OR 1=1 --',
    "ISR\\",
    "x'); DELETE FROM documents; --",
]


@pytest.mark.parametrize("nasty", NASTY)
def test_injection_strings_are_only_ever_values(store, nasty):
    n_events = len(store.events())
    for key in ("source", "target", "actor", "plover", "root", "status", "search", "doc_id"):
        assert len(store.events(**{key: nasty})) == 0, key
    assert store.show(nasty) is None
    assert store.dyad(nasty, nasty).empty
    assert store.dyad(nasty, "RUS", stories=True, status=[nasty]).empty
    assert store.network(actor=nasty).empty
    assert store.actors(actor=nasty).empty
    assert store.documents(search=nasty).empty
    memory = StorePeopleMemory(store.con)
    assert memory.lookup(nasty) is None
    assert memory.forget(nasty) is False
    with pytest.raises(ValueError):
        store.events(since=nasty)
    assert len(store.events()) == n_events
    assert len(store.documents()) == 4


def test_injection_strings_through_the_commands(store, tmp_path):
    path = str(store.path)
    store.close()
    runner = CliRunner()
    for nasty in NASTY:
        for args in (["events", "--source", nasty, "--format", "json"], ["events", "--search", nasty, "--format", "json"],
                     ["events", "--type", nasty, "--root", nasty, "--actor", nasty, "--format", "json"]):
            r = runner.invoke(main, [*args, "--db", path])
            assert r.exit_code == 0, r.output
            assert json.loads(r.output) == []
        r = runner.invoke(main, ["dyad", nasty, nasty, "--db", path, "--format", "json"])
        assert r.exit_code == 0 and json.loads(r.output) == []
        r = runner.invoke(main, ["show", nasty, "--db", path])
        assert r.exit_code == 1 and "no event" in r.output
        r = runner.invoke(main, ["learned", "--forget", nasty, "--db", path, "--format", "json"])
        assert r.exit_code == 0
    with Store.open(path) as s:
        assert len(s.documents()) == 4 and len(s.events()) == 11


# -- questions ------------------------------------------------------------------------------------
def test_show_gives_the_document_sentences_and_story(store):
    ev = store.events(source="RUS", plover="THREATEN", target="ISR")
    first = ev[ev["source_code"] == "RUS"].iloc[0]
    detail = store.show(first["event_id"][:10])  # a unique prefix is enough
    assert detail["event_id"] == first["event_id"]
    assert detail["title"] == "Report b2022"
    [sentence] = detail["sentences"]
    assert sentence["text"] == detail["sentence"]
    # b2022 and c2022 both report RUS -> ISR THREATEN, a day apart: one story, two articles.
    assert detail["story"]["num_articles"] == 2 and detail["story"]["num_sources"] == 2
    assert {m["doc_id"] for m in detail["story_members"]} == {"b2022", "c2022"}


def test_highlight_finds_spans_by_offset_or_by_text():
    from tacitus.store.cli import highlight

    text = highlight("Russia warned Israel.", 100, [("warned", 107, "bold"), ("Israel", None, "red"), ("absent", 1, "x")])
    spans = {(s.start, s.end, str(s.style)) for s in text.spans}
    assert spans == {(7, 13, "bold"), (14, 20, "red")}
    # Offsets that do not line up fall back to searching.
    text = highlight("Russia warned Israel.", 0, [("warned", 3, "bold")])
    assert [(s.start, s.end) for s in text.spans] == [(7, 13)]


def test_top_actors_by_event_count(store):
    top = store.actors(top=3)
    assert len(top) == 3
    assert top.iloc[0]["actor"] == "country:ISR"  # ISR takes part in the most events
    assert top.iloc[0]["events"] == top.iloc[0]["as_source"] + top.iloc[0]["as_target"]
    assert list(top["events"]) == sorted(top["events"], reverse=True)


def test_network_edges_and_graphml_load_in_networkx(store, tmp_path):
    nx = pytest.importorskip("networkx")
    edges = store.network()
    rus_isr = edges[(edges["source"] == "RUS") & (edges["target"] == "ISR")].iloc[0]
    assert rus_isr["count"] == 2 and rus_isr["mean_goldstein"] == pytest.approx(-4.4) and rus_isr["conflict"] == 2
    out = tmp_path / "net.graphml"
    queries.write_graphml(edges, out, queries.code_names(store.con))
    g = nx.read_graphml(out)
    assert g.is_directed()
    assert g.number_of_edges() == len(edges)
    assert g["RUS"]["ISR"]["count"] == 2
    assert g["RUS"]["ISR"]["mean_goldstein"] == pytest.approx(-4.4)
    assert g.nodes["UKR"]["label"]


# -- the people memory ----------------------------------------------------------------------------
def test_store_memory_learns_persists_and_accepts_corrections(tmp_path):
    con = db.connect(tmp_path / "m.duckdb")
    memory = StorePeopleMemory(con)
    memory.learn([LearnedPerson("Dmitry Peskov", "RUS", "GOV", "spokesman", ["Kremlin spokesman"], 1, dt.date(2022, 11, 7))])
    memory.learn([LearnedPerson("Dmitry Peskov", "RUS", "GOV", "spokesman", ["Putin spokesman"], 1, dt.date(2022, 11, 8))])
    again = StorePeopleMemory(con)  # a new process would see the same
    p = again.lookup("peskov")
    assert (p.country, p.sector, p.count, p.last_seen) == ("RUS", "GOV", 2, dt.date(2022, 11, 8))
    assert p.evidence == ["Kremlin spokesman", "Putin spokesman"]
    # A pinned correction is not overwritten by later articles.
    again.set("Dmitry Peskov", "RUSMIL")
    again.learn([LearnedPerson("Dmitry Peskov", "RUS", "GOV", None, ["x"], 5, None)])
    assert StorePeopleMemory(con).lookup("Dmitry Peskov").sector == "MIL"
    assert again.forget("dmitry  peskov") is True
    assert StorePeopleMemory(con).lookup("Peskov") is None


def test_people_taught_by_stored_documents_are_learned(store):
    learned = store.learned()
    assert set(learned["name"]) == {"Dmitry Paskov", "Dmitry Peskov"}
    row = learned[learned["name"] == "Dmitry Peskov"].iloc[0]
    assert (row["code"], row["title"], row["evidence"]) == ("RUSGOV", "Putin spokesman", ["Putin spokesman"])


# -- commands -------------------------------------------------------------------------------------
def test_events_show_actors_network_and_learned_commands(store, tmp_path):
    path = str(store.path)
    store.close()
    runner = CliRunner()
    r = runner.invoke(main, ["events", "--db", path, "--source", "RUS", "--type", "THREATEN", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert {row["doc_id"] for row in rows} == {"b2022", "c2022"} and rows[0]["day"] == "2022-10-20"
    r = runner.invoke(main, ["events", "--db", path, "--format", "csv", "--limit", "0"])
    assert r.exit_code == 0 and len(r.output.strip().splitlines()) == 12
    r = runner.invoke(main, ["events", "--db", path])
    assert r.exit_code == 0 and "THREATEN" in r.output
    r = runner.invoke(main, ["show", rows[0]["event_id"], "--db", path])
    assert r.exit_code == 0, r.output
    assert "RUSGOV met ISR in event 3 of b2022." in r.output and "story" in r.output
    r = runner.invoke(main, ["show", rows[0]["event_id"], "--db", path, "--format", "json"])
    assert json.loads(r.output)["story"]["num_articles"] == 1
    r = runner.invoke(main, ["actors", "--db", path, "--top", "2", "--format", "json"])
    assert [a["actor"] for a in json.loads(r.output)][0] == "country:ISR"
    r = runner.invoke(main, ["network", "--db", path])
    assert r.exit_code == 0 and r.output.splitlines()[0].startswith("source,target,count,mean_goldstein")
    graphml = tmp_path / "n.graphml"
    r = runner.invoke(main, ["network", "--db", path, "--format", "graphml", "--output", str(graphml)])
    assert r.exit_code == 0 and graphml.read_text().startswith("<?xml")
    r = runner.invoke(main, ["learned", "--db", path, "--set", "Maria Zakharova", "RUSGOV", "--forget", "Dmitry Paskov",
                             "--format", "json"])
    assert r.exit_code == 0, r.output
    people = {p["name"]: p for p in json.loads(r.output)}
    assert set(people) == {"Maria Zakharova", "Dmitry Peskov"} and people["Maria Zakharova"]["pinned"]
    out = tmp_path / "learned.csv"
    r = runner.invoke(main, ["learned", "--db", path, "--export", str(out)])
    assert r.exit_code == 0 and "Maria Zakharova" in out.read_text()
    r = runner.invoke(main, ["learned", "--db", path, "--set", "X", "not-a-code"])
    assert r.exit_code == 2
    r = runner.invoke(main, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 1 and "no store" in r.output


# -- story events after small additions -------------------------------------------------------------
class _Precoded:
    """A pipeline for documents that are coded already (synthetic ones): ingest without a model."""

    def code_screened(self, docs):
        for doc in docs:
            yield doc, None


def _full_stories(con) -> tuple[list, list]:
    from tacitus.analysis.dedup import recompute_stories

    recompute_stories(con, 2)
    return (con.execute("SELECT * FROM stories ORDER BY ALL").fetchall(),
            con.execute("SELECT * FROM story_events ORDER BY ALL").fetchall())


def test_small_ingests_and_interrupted_ones_merge_only_the_new_events(tmp_path, monkeypatch):
    from tacitus.analysis import dedup
    from tacitus.store.ingest import ingest

    def run(con, docs):
        return ingest(con, docs, make_pipeline=lambda settings, memory: _Precoded(), clean=lambda d: d)

    threat = {"source": "RUS", "target": "ISR", "plover": "THREATEN"}
    con = db.connect(tmp_path / "s.duckdb")
    first = run(con, sample_documents())  # a first load: every story computed
    assert first.stored == 4 and first.stories == con.execute("SELECT count(*) FROM stories").fetchone()[0]
    con.close()

    def no_full_recomputation(*args, **kwargs):
        raise AssertionError("a few new documents must not rebuild every story")

    monkeypatch.setattr(dedup, "recompute_stories", no_full_recomputation)
    # An ingest cut after writing a document and before merging its stories: the next writer
    # (here Store.open) merges only what is missing.
    con = db.connect(tmp_path / "s.duckdb")
    db.write_batch(con, [document_record(coded_document("late", [threat], date="2022-11-09"))])
    con.close()
    with Store.open(tmp_path / "s.duckdb") as store:
        [story] = store.sql("SELECT * FROM stories WHERE source_code = 'RUS' AND target_code = 'ISR' "
                            "AND plover = 'THREATEN'").to_dict("records")
        assert (story["num_articles"], str(story["first_day"])[:10]) == (3, "2022-11-07")
    # A small `tacitus ingest` into the store: merged too.
    con = db.connect(tmp_path / "s.duckdb")
    summary = run(con, [coded_document("later", [threat, {"source": "USA", "target": "CHN", "plover": "ACCUSE"}],
                                       date="2022-11-10")])
    assert summary.stored == 1
    merged = (con.execute("SELECT * FROM stories ORDER BY ALL").fetchall(),
              con.execute("SELECT * FROM story_events ORDER BY ALL").fetchall())
    assert summary.stories == len(merged[0])
    monkeypatch.undo()
    assert merged == _full_stories(con)
    con.close()
