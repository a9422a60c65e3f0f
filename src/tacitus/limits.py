"""Per-document limits: how long one document may take, and how large it may be.

A corpus is only as robust as its worst document. Two limits keep one document from stalling a
run of a hundred thousand (both in :class:`tacitus.config.Settings`, on the command line as
``--doc-timeout`` and ``--max-chars``):

* **time** (``Settings.doc_timeout`` seconds, 0 for none): :func:`time_limit` arms a wall-clock
  timer around the parse and coding of one document. When it fires, :class:`DocumentTimeout` is
  raised in the middle of whatever the document was doing; the pipeline marks the document
  skipped (``timed out after N s (--doc-timeout)``) and goes on with the next. In a process's main
  thread the timer is ``SIGALRM`` (``signal.setitimer``, POSIX), which is where ``tacitus
  ingest``/``code`` and their ``--workers`` processes code. A thread that opts in with
  :func:`thread_timers` (a Dask worker's task thread, where signals cannot go) gets the same limit
  another way: a watchdog thread raises the timeout in it (CPython's
  ``PyThreadState_SetAsyncExc``, delivered like a signal handler's exception: at the next Python
  instruction), and the pipeline also checks the deadline between its stages
  (:func:`check_deadline`). Elsewhere (Windows, a server's worker thread) there is no timer and
  the document runs to the end: the size limits are what bound it there.
* **size** (``Settings.max_chars``): a document longer than this is not parsed (the pipeline's
  ``screen`` skips it) and, if its original text is already longer, not cleaned either
  (:func:`clean_within_limits`): the cleaner is linear, but a 50 MB line would still cost
  seconds and memory for a document that is skipped anyway.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
    """Whether :func:`time_limit` can stop work here with ``SIGALRM`` (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


# Per thread: whether it opted in to thread timers (``allowed``), the thread-mode limit armed in it
# (``limit``) and that limit's seconds (``seconds``, for the timeout the watchdog raises).
_local = threading.local()


@contextmanager
def thread_timers() -> Iterator[None]:
    """Let :class:`time_limit` stop work in the calling thread although it is not the main thread.

    For a thread that codes documents and nothing else while a limit is armed, such as a Dask
    worker's task thread: the timeout is raised in it by a watchdog thread (and by
    :func:`check_deadline` between the pipeline's stages), wherever it is in Python code, as a
    ``SIGALRM`` handler would raise it in the main thread. Not for threads that share their work
    with others (a web server's request threads). In the main thread it changes nothing.
    """
    previous = getattr(_local, "allowed", False)
    _local.allowed = True
    try:
        yield
    finally:
        _local.allowed = previous


def check_deadline() -> None:
    """Raise :class:`DocumentTimeout` if a limit armed in this thread by :func:`thread_timers` has
    run out. The pipeline calls it between its stages: a backstop for the watchdog (a stage that
    swallowed its timeout, or a Python without ``PyThreadState_SetAsyncExc``). Does nothing
    otherwise (the ``SIGALRM`` limit of the main thread needs no help)."""
    limit = getattr(_local, "limit", None)
    if limit is not None and limit.armed and time.monotonic() >= limit.deadline:
        raise DocumentTimeout(limit.seconds)


class _Expired(DocumentTimeout):
    """The timeout the watchdog raises in a thread. CPython raises an asynchronous exception from
    its class, without arguments: the seconds are those of the limit armed in that thread."""

    def __init__(self) -> None:
        super().__init__(getattr(_local, "seconds", 0.0))


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in a thread at its next Python instruction; None withdraws one not yet raised."""
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


def _async_raise_available() -> bool:
    try:
        import ctypes

        return hasattr(ctypes.pythonapi, "PyThreadState_SetAsyncExc")
    except (ImportError, AttributeError):  # a Python without the C API (ctypes.pythonapi)
        return False


class _Watchdog:
    """One daemon thread that raises the timeout in every thread whose limit has run out, then
    again every ``REPEAT`` seconds while the limit stays armed (as the ``SIGALRM`` timer repeats)."""

    REPEAT = 1.0

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: set[time_limit] = set()
        self._thread: threading.Thread | None = None

    def arm(self, limit: time_limit) -> None:
        with self._cond:
            self._armed.add(limit)
            if self._thread is None or not self._thread.is_alive():  # first use, or after a fork
                self._thread = threading.Thread(target=self._run, name="tacitus-doc-timeout", daemon=True)
                self._thread.start()
            self._cond.notify()

    def disarm(self, limit: time_limit) -> None:
        """Idempotent. Under the lock, so that no timeout is raised after it returns; one raised
        but not yet delivered is withdrawn."""
        with self._cond:
            self._armed.discard(limit)
            if limit.fired and limit.thread_id is not None:
                _async_raise(limit.thread_id, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for limit in [lim for lim in self._armed if lim.due <= now]:
                    limit.fired = True
                    limit.due = now + self.REPEAT
                    if limit.thread_id is not None:
                        _async_raise(limit.thread_id, _Expired)
                due = min((lim.due for lim in self._armed), default=None)
                self._cond.wait(None if due is None else max(0.0, due - time.monotonic()))


_WATCHDOG = _Watchdog()
_ASYNC_RAISE = _async_raise_available()


class time_limit:  # noqa: N801 - used like a function: ``with time_limit(60): ...``
    """Raise :class:`DocumentTimeout` in the ``with`` block if it runs longer than ``seconds``.

    Does nothing when ``seconds`` is 0 or None, where no timer is available (see
    :func:`timer_available` and :func:`thread_timers`), or when a limit is already running (an
    enclosing limit, or the caller's own alarm, which is left alone). After it first fires the
    timer repeats every second, so that code which swallows every exception cannot outlive it.
    Leaving the block disarms it (and puts the previous ``SIGALRM`` handler back); a caller that
    catches the timeout should call :meth:`cancel` too (idempotent): the timer may fire just as the
    block ends, before the exit code has run.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds or 0.0
        self.armed = False
        self._previous: Any = None
        # Thread mode (see thread_timers): the thread stopped, when the limit runs out, and
        # when the watchdog is next due to raise the timeout in it.
        self.thread_id: int | None = None
        self.deadline = self.due = 0.0
        self.fired = False

    def __enter__(self) -> time_limit:
        if self.seconds <= 0:
            return self
        if timer_available():
            if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
                return self
            self._previous = signal.signal(signal.SIGALRM, self._expired)
            self.armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds, 1.0)
        elif getattr(_local, "allowed", False) and getattr(_local, "limit", None) is None:
            self.thread_id = threading.get_ident()
            self.deadline = self.due = time.monotonic() + self.seconds
            _local.limit, _local.seconds = self, self.seconds
            self.armed = True
            if _ASYNC_RAISE:
                _WATCHDOG.arm(self)
        return self

    def _expired(self, signum: int, frame: Any) -> None:
        if self.armed:  # a late signal after cancel() is ignored
            raise DocumentTimeout(self.seconds)

    def cancel(self) -> None:
        if self.thread_id is not None:  # thread mode: every step idempotent, in case a timeout cut one
            if _ASYNC_RAISE:
                _WATCHDOG.disarm(self)
            if getattr(_local, "limit", None) is self:
                _local.limit = None
            self.armed = False
        elif self.armed:
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
