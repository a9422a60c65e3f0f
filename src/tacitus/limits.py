"""Per-document limits: how long one document may take, and how large it may be.

A corpus is only as robust as its worst document. Two limits keep one document from stalling a
run of a hundred thousand (both in :class:`tacitus.config.Settings`, on the command line as
``--doc-timeout`` and ``--max-chars``):

* **time** (``Settings.doc_timeout`` seconds, 0 for none): :func:`time_limit` arms a wall-clock
  timer around the parse and coding of one document. When it fires, :class:`DocumentTimeout` is
  raised in the middle of whatever the document was doing; the pipeline marks the document
  skipped (``timed out after N s (--doc-timeout)``) and goes on with the next. The timer is
  ``SIGALRM`` (``signal.setitimer``), so it works on POSIX in a process's main thread, which is
  where ``tacitus ingest``/``code`` and their ``--workers`` processes code. Elsewhere (Windows, a
  server's worker thread) there is no timer and the document runs to the end: the size limits
  are what bound it there.
* **size** (``Settings.max_chars``): a document longer than this is not parsed (the pipeline's
  ``screen`` skips it) and, if its original text is already longer, not cleaned either
  (:func:`clean_within_limits`): the cleaner is linear, but a 50 MB line would still cost
  seconds and memory for a document that is skipped anyway.
"""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, Any

from tacitus.errors import DocumentLimitError

if TYPE_CHECKING:
    from tacitus.document import Document


class DocumentTimeout(DocumentLimitError):
    """One document took longer than ``Settings.doc_timeout`` seconds."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(timed_out_message(seconds))


def timed_out_message(seconds: float) -> str:
    return f"timed out after {seconds:g} s (--doc-timeout)"


def too_long_message(chars: int, limit: int) -> str:
    return f"too long ({chars:,} characters; the limit is {limit:,}: --max-chars)"


def timer_available() -> bool:
    """Whether :func:`time_limit` can stop work here (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class time_limit:  # noqa: N801 - used like a function: ``with time_limit(60): ...``
    """Raise :class:`DocumentTimeout` in the ``with`` block if it runs longer than ``seconds``.

    Does nothing when ``seconds`` is 0 or None, where no timer is available (see
    :func:`timer_available`), or when a wall-clock timer is already running (an enclosing limit,
    or the caller's own alarm, which is left alone). After it first fires the timer repeats every
    second, so that code which swallows every exception cannot outlive it. Leaving the block
    disarms it and puts the previous ``SIGALRM`` handler back; a caller that catches the timeout
    should call :meth:`cancel` too (idempotent): the alarm may fire just as the block ends, before
    the exit code has run.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds or 0.0
        self.armed = False
        self._previous: Any = None

    def __enter__(self) -> time_limit:
        if self.seconds <= 0 or not timer_available() or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
            return self
        self._previous = signal.signal(signal.SIGALRM, self._expired)
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds, 1.0)
        return self

    def _expired(self, signum: int, frame: Any) -> None:
        if self.armed:  # a late signal after cancel() is ignored
            raise DocumentTimeout(self.seconds)

    def cancel(self) -> None:
        if self.armed:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)

    def __exit__(self, *exc: object) -> None:
        self.cancel()


def clean_within_limits(doc: Document, max_chars: int) -> Document:
    """Clean ``doc``, unless its text is over ``max_chars``: then it is left as read and marked
    skipped (``Pipeline.screen`` would skip it after cleaning anyway)."""
    if len(doc.original) > max_chars:
        doc.skipped = too_long_message(len(doc.original), max_chars)
        return doc
    from tacitus.ingest.cleaning import clean

    return clean(doc)
