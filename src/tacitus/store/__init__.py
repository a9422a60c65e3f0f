"""The event store: DuckDB tables of documents, actors, events and story events.

``Store`` (in :mod:`tacitus.store.api`) is the Python API; ``tacitus.store.cli`` holds the commands;
``docs/store.md`` documents the schema.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that ``import tacitus.store.records`` (used by worker processes
    # and light tools) does not pay for pandas and the query layer.
    if name == "Store":
        from tacitus.store.api import Store

        return Store
    raise AttributeError(name)
