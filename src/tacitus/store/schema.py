"""The event store's schema: DDL, its version, and the migrations that reach it.

The schema is documented table by table in ``docs/store.md``; keep the two in step.

A store records its version in ``meta`` (key ``schema_version``). Opening a store runs every
migration above that version, each in its own transaction, so a store written by an older
Tacitus is brought up to date in place and an interrupted migration leaves the old version intact.
A store newer than this code is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from tacitus.errors import StoreError

# Tables whose contents are the data (what a re-run after a crash must reproduce exactly).
# ``runs`` and ``errors`` are history: they grow with every run by design.
CONTENT_TABLES = (
    "documents",
    "sentences",
    "document_actors",
    "mentions",
    "affiliations",
    "events",
    "quotes",
    "stories",
    "story_events",
)

V1 = [
    """CREATE TABLE IF NOT EXISTS meta (
        key VARCHAR PRIMARY KEY,
        value VARCHAR
    )""",
    # Clean text is what the pipeline coded; ``original`` is kept only when cleaning changed the
    # text, because every offset in events and mentions points into the original.
    """CREATE TABLE documents (
        doc_id VARCHAR PRIMARY KEY,
        content_hash VARCHAR NOT NULL UNIQUE,
        title VARCHAR,
        byline VARCHAR,
        outlet VARCHAR,
        url VARCHAR,
        date DATE,
        dek VARCHAR,
        origin VARCHAR,
        text VARCHAR,
        original VARCHAR,
        offsets JSON,
        removed JSON,
        skipped VARCHAR,
        n_sentences INTEGER,
        ingested_at TIMESTAMP,
        run_id VARCHAR
    )""",
    """CREATE TABLE sentences (
        doc_id VARCHAR NOT NULL,
        sentence_index INTEGER NOT NULL,
        start INTEGER,
        "end" INTEGER,
        clean_start INTEGER,
        clean_end INTEGER,
        text VARCHAR
    )""",
    # The ``*_index`` columns keep the order the pipeline produced, so that an export rebuilds
    # each document's record exactly as ``tacitus code`` would have printed it.
    # An actor as one document resolved it: a person's code depends on the article's date, so
    # the per-document record is the fact and the ``actors`` view below is a summary of it.
    """CREATE TABLE document_actors (
        doc_id VARCHAR NOT NULL,
        actor_index INTEGER NOT NULL,
        actor_id VARCHAR NOT NULL,
        name VARCHAR,
        kind VARCHAR,
        code VARCHAR,
        country VARCHAR,
        sector VARCHAR,
        evidence JSON
    )""",
    """CREATE TABLE mentions (
        doc_id VARCHAR NOT NULL,
        mention_index INTEGER NOT NULL,
        actor_id VARCHAR NOT NULL,
        text VARCHAR,
        start INTEGER,
        "end" INTEGER,
        sentence_index INTEGER,
        code VARCHAR,
        how VARCHAR
    )""",
    """CREATE TABLE affiliations (
        name_key VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        country VARCHAR,
        sector VARCHAR,
        title VARCHAR,
        evidence JSON,
        count INTEGER,
        last_seen DATE,
        pinned BOOLEAN DEFAULT FALSE
    )""",
    # ``date`` is the event date as the coder wrote it; ``event_day`` is the day used for
    # timelines and merging (the event date, else the document's date), stored so that every
    # question filters on one indexed column instead of re-deriving it.
    """CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        event_index INTEGER NOT NULL,
        sentence_index INTEGER,
        source_text VARCHAR,
        source_code VARCHAR,
        source_actor_id VARCHAR,
        source_start INTEGER,
        source_end INTEGER,
        target_text VARCHAR,
        target_code VARCHAR,
        target_actor_id VARCHAR,
        target_start INTEGER,
        target_end INTEGER,
        plover VARCHAR,
        mode VARCHAR,
        context VARCHAR,
        cameo VARCHAR,
        goldstein DOUBLE,
        quad_class INTEGER,
        status VARCHAR,
        attribution VARCHAR,
        date VARCHAR,
        date_precision VARCHAR,
        date_text VARCHAR,
        event_day DATE,
        place JSON,
        trigger_text VARCHAR,
        trigger_start INTEGER,
        trigger_end INTEGER,
        sentence VARCHAR,
        confidence DOUBLE,
        evidence JSON
    )""",
    """CREATE TABLE quotes (
        doc_id VARCHAR NOT NULL,
        quote_index INTEGER NOT NULL,
        text VARCHAR,
        start INTEGER,
        "end" INTEGER,
        speaker_text VARCHAR,
        speaker_code VARCHAR,
        speaker_actor_id VARCHAR,
        speaker_start INTEGER,
        speaker_end INTEGER
    )""",
    """CREATE TABLE stories (
        story_id VARCHAR PRIMARY KEY,
        source_code VARCHAR,
        target_code VARCHAR,
        plover VARCHAR,
        status VARCHAR,
        cameo VARCHAR,
        quad_class INTEGER,
        goldstein DOUBLE,
        first_day DATE,
        last_day DATE,
        first_event_id VARCHAR,
        num_mentions INTEGER,
        num_articles INTEGER,
        num_sources INTEGER,
        window_days INTEGER
    )""",
    """CREATE TABLE story_events (
        story_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL
    )""",
    """CREATE TABLE runs (
        run_id VARCHAR PRIMARY KEY,
        command VARCHAR,
        started_at TIMESTAMP,
        finished_at TIMESTAMP,
        status VARCHAR,
        paths JSON,
        options JSON,
        documents_read INTEGER,
        stored INTEGER,
        duplicates INTEGER,
        errors INTEGER,
        events INTEGER,
        version VARCHAR
    )""",
    """CREATE TABLE errors (
        run_id VARCHAR,
        origin VARCHAR,
        line INTEGER,
        doc_id VARCHAR,
        code VARCHAR,
        kind VARCHAR,
        message VARCHAR,
        logged_at TIMESTAMP
    )""",
    # Point lookups by document and by event (show, export, story links). Range filters (days,
    # code prefixes) are served by DuckDB's zone maps, so they get no index to slow inserts.
    "CREATE INDEX events_doc ON events (doc_id)",
    "CREATE INDEX sentences_doc ON sentences (doc_id, sentence_index)",
    "CREATE INDEX story_events_event ON story_events (event_id)",
    # One row per actor, summarised from what documents said (latest document wins).
    """CREATE VIEW actors AS
        SELECT a.actor_id,
               arg_max(a.name, (d.date, a.doc_id)) AS name,
               arg_max(a.kind, (d.date, a.doc_id)) AS kind,
               arg_max(a.code, (d.date, a.doc_id)) AS code,
               arg_max(a.country, (d.date, a.doc_id)) AS country,
               arg_max(a.sector, (d.date, a.doc_id)) AS sector,
               count(DISTINCT a.doc_id) AS documents
        FROM document_actors a JOIN documents d USING (doc_id)
        GROUP BY a.actor_id""",
]

# (version reached, statements). Version 0 is a file with no Tacitus tables (or a ``meta`` that
# says 0); each later entry is applied once, in order.
Migration = tuple[int, list[str] | Callable[[duckdb.DuckDBPyConnection], None]]
# Version 2: events and stories remember whether the event is mutual (the record's `symmetric`;
# SYMMETRIC is an SQL keyword) (meetings, talks, agreements),
# so dyad questions count it in both directions.
V2 = [
    "ALTER TABLE events ADD COLUMN mutual BOOLEAN DEFAULT FALSE",
    "ALTER TABLE stories ADD COLUMN mutual BOOLEAN DEFAULT FALSE",
]

MIGRATIONS: list[Migration] = [(1, V1), (2, V2)]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version a store is at: 0 when it has no ``meta`` table yet."""
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta' AND table_schema = 'main'"
    ).fetchone()[0]
    if not has_meta:
        if _has_table(con, "documents") or _has_table(con, "events"):
            raise StoreError(
                "this DuckDB file has `documents`/`events` tables but no Tacitus `meta` table: it is not a "
                "Tacitus store. Choose another file with --db."
            )
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring a store up to :data:`SCHEMA_VERSION`; returns the version it was at."""
    start = schema_version(con)
    if start > SCHEMA_VERSION:
        raise StoreError(
            f"this store has schema version {start}, but this Tacitus knows only up to {SCHEMA_VERSION}: "
            "upgrade Tacitus to open it."
        )
    for version, step in MIGRATIONS:
        if version <= start:
            continue
        con.begin()
        try:
            if callable(step):
                step(con)
            else:
                for statement in step:
                    con.execute(statement)
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)]
            )
            con.commit()
        except Exception as exc:
            con.rollback()
            raise StoreError(f"migrating the store to schema version {version} failed: {exc}") from exc
    return start


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'",
            [name],
        ).fetchone()[0]
    )
