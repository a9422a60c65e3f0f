"""The catalogue of Tacitus's errors. Every message says what went wrong and what to do.

Codes (``T001`` ...) are stable so users can search for them.
"""

from __future__ import annotations


class TacitusError(Exception):
    """Base class: anything Tacitus raises on purpose."""

    code = "T000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(TacitusError):
    """A document could not be read. The run goes on with the other documents."""

    code = "T001"

    def __init__(self, origin: str, message: str, line: int | None = None) -> None:
        self.origin = origin
        self.line = line
        self.message = message
        where = f"{origin}:{line}" if line is not None else origin
        super().__init__(f"{where}: {message}")


class ModelError(TacitusError):
    """The spaCy pipeline is missing or is not the one that was pinned."""

    code = "T002"


class DataFileError(TacitusError):
    """A lexicon or knowledge file is malformed. The message names the file and the entry."""

    code = "T003"


class StoreError(TacitusError):
    """The event store cannot be opened or written."""

    code = "T004"


class DocumentLimitError(TacitusError):
    """A document exceeded the configured size or time limit and was skipped."""

    code = "T005"
