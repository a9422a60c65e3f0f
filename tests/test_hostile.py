"""Hostile input: a generated corpus of everything a scraped news folder holds (tests/hostile/).

For each item the corpus generator knows what must become of it; these tests ingest the corpus
(with ``tacitus ingest`` in a subprocess, and with the Python API) and check that nothing crashed
or hung, that every unreadable or uncodable item left a clear per-document error or skip reason
in the store (and in the command's summary), that every other document was coded, that nothing
was lost (errors + stored + duplicates = items tried) and that the exit status says so.

The per-document limits are exercised for real: a 50 MB single line (refused by size before it
is read), a 5 MB one (over ``--max-chars``: never cleaned or parsed) and a slow one under the
size limit (stopped by ``--doc-timeout``). The limit mechanism itself is tested on its own first.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from tacitus.config import Settings
from tacitus.document import Document
from tacitus.limits import DocumentTimeout, time_limit, timer_available
from tacitus.store import Store

REPO = Path(__file__).resolve().parents[1]
DOC_TIMEOUT = 5.0  # seconds: every legitimate document of the corpus codes in well under 1 s
BATCH = 1000  # documents per transaction: the tiny documents go through in about a hundred batches

posix_timer = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the time limit needs SIGALRM (POSIX)")


def _generator():
    spec = importlib.util.spec_from_file_location("hostile_corpus", REPO / "tests" / "hostile" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile_corpus"] = module
    spec.loader.exec_module(module)
    return module


hc = _generator()


# -- the limit mechanism ---------------------------------------------------------------------------
@posix_timer
def test_time_limit_stops_a_slow_block_and_restores_the_previous_handler():
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(DocumentTimeout, match=r"timed out after 0\.2 s \(--doc-timeout\)"), time_limit(0.2):
        time.sleep(5)
    assert time.monotonic() - started < 2
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with time_limit(5):  # a block that ends in time: the timer is disarmed
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@posix_timer
def test_time_limit_outlives_code_that_swallows_the_first_timeout():
    swallowed = 0
    with pytest.raises(DocumentTimeout), time_limit(0.1):
        try:
            time.sleep(5)
        except Exception:  # a component that catches everything
            swallowed += 1
        time.sleep(5)  # the timer fires again
    assert swallowed == 1


@posix_timer
def test_time_limit_leaves_an_enclosing_timer_alone_and_does_nothing_off_the_main_thread():
    def outer(signum, frame):
        raise TimeoutError("the caller's own alarm")

    previous = signal.signal(signal.SIGALRM, outer)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(TimeoutError), time_limit(10):
            time.sleep(5)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    seen = []

    def in_thread():
        seen.append(timer_available())
        with time_limit(0.01):
            time.sleep(0.1)
        seen.append("finished")

    t = threading.Thread(target=in_thread)
    t.start()
    t.join()
    assert seen == [False, "finished"]
    with time_limit(0):  # 0 disables the limit
        time.sleep(0.05)


@pytest.fixture(scope="module")
def fast_limits(nlp):
    from tacitus.pipeline import Pipeline

    return Pipeline(Settings(doc_timeout=0.5, max_chars=2000, batch_size=8), nlp=nlp)


@posix_timer
def test_a_slow_document_is_skipped_and_the_rest_of_its_batch_coded(fast_limits, monkeypatch):
    real = fast_limits.annotate

    def annotate(doc, sdoc):
        if "SLOW" in doc.text:
            time.sleep(30)  # a component stuck on this document
        return real(doc, sdoc)

    monkeypatch.setattr(fast_limits, "annotate", annotate)
    texts = ["Japan's foreign minister met Vietnam's foreign minister in Hanoi on Monday.",
             "SLOW: France accused Germany of violating the agreement on Tuesday.",
             "Kenya and Tanzania agreed to reopen the border crossing on Friday.",
             "The minister said " + "very " * 600 + "little."]  # over max_chars: never parsed
    started = time.monotonic()
    out = list(fast_limits.process([Document(doc_id=str(i), original=t) for i, t in enumerate(texts)]))
    assert time.monotonic() - started < 10
    assert [d.skipped for d in out[:3]] == [None, "timed out after 0.5 s (--doc-timeout)", None]
    assert out[1].events == [] and out[1].sentences == [] and out[1].actors == {}  # nothing half-coded kept
    assert out[0].events and out[2].events
    assert out[3].skipped.startswith("too long (3,") and out[3].offsets.pieces == [(0, 0, len(texts[3]))]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_oversized_document_is_not_cleaned(fast_limits, monkeypatch):
    import tacitus.ingest.cleaning as cleaning

    calls = []
    monkeypatch.setattr(cleaning, "clean", lambda d: calls.append(d.doc_id) or d)
    [big] = fast_limits.process([Document(doc_id="big", original="Words and more words. " * 1000)])
    assert calls == [] and big.skipped.startswith("too long (22,000 characters; the limit is 2,000: --max-chars)")


# -- the corpus --------------------------------------------------------------------------------------
def outcomes(con) -> tuple[dict[str, str | None], dict[tuple[str, int | None], list[str]]]:
    """What the store holds: ``{documents.origin: skipped}`` and ``{(errors.origin, line): messages}``."""
    docs = dict(con.execute("SELECT origin, skipped FROM documents").fetchall())
    errors: dict[tuple[str, int | None], list[str]] = {}
    for origin, line, message in con.execute("SELECT origin, line, message FROM errors").fetchall():
        errors.setdefault((origin, line), []).append(message)
    return docs, errors


def check_outcomes(manifest, con) -> Counter[str]:
    """Every item has exactly the outcome the generator expects; returns the outcomes counted."""
    docs, errors = outcomes(con)
    by_file: dict[str, list[str]] = {}
    for (origin, _), messages in errors.items():
        by_file.setdefault(origin, []).extend(messages)
    got: Counter[str] = Counter()
    wrong = []
    for e in manifest.items:
        if e.line is None:
            messages = by_file.get(e.origin, [])
        else:  # a record's error names the file and the line (or, from coding, ``path:line``)
            messages = errors.get((e.origin, e.line), []) + errors.get((e.doc_origin, None), [])
        if messages:
            kind, detail = "error", messages[0]
        elif e.doc_origin in docs:
            detail = docs[e.doc_origin] or ""
            kind = "skipped" if detail else "coded"
        else:
            kind, detail = "duplicate", ""
        got[kind] += 1
        if kind not in e.kinds or e.message not in detail or len(messages) > 1:
            wrong.append(f"{e.case}: expected {e.kind} {e.message!r}, got {kind} {detail[:120]!r}")
        if kind == "error":
            assert detail.strip() and "Traceback" not in detail, e.case
    assert not wrong, f"{len(wrong)} items with the wrong outcome:\n" + "\n".join(wrong[:40])
    return got


def check_store(manifest, con) -> None:
    """What any run over the corpus must leave, whoever drove it."""
    # Script, style, iframe and handler text never reaches the coded text.
    scripted = manifest.root / "files" / "scripts-styles-iframes.html"
    [(text,)] = con.execute("SELECT text FROM documents WHERE origin = ?", [str(scripted)]).fetchall()
    assert "foreign minister" in text
    for marker in hc.SCRIPT_MARKERS + ["alert(", "javascript:", "<"]:
        assert marker not in text, marker
    # The 2,000-token sentence was parsed and coded as prose.
    [(n, events)] = con.execute(
        "SELECT d.n_sentences, (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) FROM documents d "
        "WHERE origin LIKE '%long-sentence-2000-tokens.txt'").fetchall()
    assert n >= 1 and events > 0
    # Foreign-language articles are stored uncoded: no events, no actors.
    assert con.execute("SELECT count(*) FROM events e JOIN documents d USING (doc_id) "
                       "WHERE d.skipped IS NOT NULL").fetchone()[0] == 0


def figures(label: str, tried: int, errors: int, stored: int, uncoded: int, duplicates: int, seconds: float) -> int:
    """Print the run's figures; returns how many items are unaccounted for (lost)."""
    lost = tried - (errors + stored + duplicates)
    print(f"\n{label}: {tried:,} documents tried in {seconds:.1f}s: {errors:,} errors recorded, {stored:,} stored "
          f"({stored - uncoded:,} coded, {uncoded:,} uncoded with a reason), {duplicates:,} duplicates; lost: {lost}")
    return lost


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    started = time.monotonic()
    manifest = hc.make_corpus(out)
    print(f"\nhostile corpus: {manifest.tried():,} items written in {time.monotonic() - started:.1f}s")
    return manifest


@pytest.mark.slow
def test_the_hostile_corpus_through_tacitus_ingest(corpus, tmp_path):
    db_path = tmp_path / "cli.duckdb"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.pathsep.join(
        [str(REPO / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    args = [sys.executable, "-m", "tacitus.cli", "ingest", "--db", str(db_path), "--no-progress",
            "--batch-size", str(BATCH), "--doc-timeout", str(DOC_TIMEOUT),
            # after "--" every argument is a path, even one that starts with a dash
            "--", str(corpus.root), corpus.dash_name]
    started = time.monotonic()
    done = subprocess.run(args, cwd=corpus.dash_dir, env=env, capture_output=True, text=True, timeout=600)
    seconds = time.monotonic() - started
    assert done.returncode == 1, done.stderr[-3000:]  # something was skipped or failed: non-zero
    assert "Traceback" not in done.stderr, done.stderr[-3000:]

    with Store.open(db_path, read_only=True) as store:
        got = check_outcomes(corpus, store.con)
        check_store(corpus, store.con)
        dash = store.con.execute("SELECT skipped FROM documents WHERE origin = ?", [corpus.dash_name]).fetchall()
        assert dash == [(None,)]  # the file named "-n --help.txt", given on the command line, was coded
        stored, error_rows = store.con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM errors)").fetchone()
        [(status, read, errors)] = store.con.execute("SELECT status, documents_read, errors FROM runs").fetchall()
    assert got["error"] == error_rows == errors
    assert stored == got["coded"] + got["skipped"] + 1  # + the dash-named file
    assert status == "finished"

    # The summary: one line per error and per skipped document (the first 20 of each), then a count.
    summary = done.stdout.strip().splitlines()[-1]
    m = re.search(r"done: (\d+) documents read, (\d+) stored \((\d+) not coded: see documents.skipped\), "
                  r"(\d+) skipped as duplicates, (\d+) errors", summary)
    assert m, summary
    s_read, s_stored, s_uncoded, s_dups, s_errors = map(int, m.groups())
    assert (s_read, s_stored, s_uncoded, s_dups, s_errors) == (
        read, stored, got["skipped"], got["duplicate"], got["error"])
    shown_errors = re.findall(r"^error: \[T\d{3}\] .+", done.stderr, re.M)
    shown_skips = re.findall(r"^skipped: .+: not coded: .+", done.stderr, re.M)
    assert len(shown_errors) == 20 and len(shown_skips) == 20
    assert f"... and {s_errors - 20} more (see the errors table, run " in done.stderr
    assert f"... and {s_uncoded - 20} more (see documents.skipped, run " in done.stderr
    tried = corpus.tried() + 1  # + the dash-named file
    assert figures("tacitus ingest (subprocess)", tried, s_errors, s_stored, s_uncoded, s_dups, seconds) == 0


@pytest.mark.slow
def test_the_hostile_corpus_through_the_python_api(corpus, tmp_path, nlp):
    from tacitus.ingest.readers import read_paths
    from tacitus.store.ingest import ingest

    started = time.monotonic()
    with Store.open(tmp_path / "api.duckdb") as store:
        summary = ingest(store.con, read_paths([corpus.root]), settings=Settings(doc_timeout=DOC_TIMEOUT),
                         batch_size=BATCH, run_id="hostile")
        seconds = time.monotonic() - started
        got = check_outcomes(corpus, store.con)
        check_store(corpus, store.con)
        stored = store.con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert (summary.errors, summary.stored, summary.uncoded, summary.duplicates) == (
        got["error"], stored, got["skipped"], got["duplicate"])
    assert len(summary.error_messages) == summary.errors and len(summary.skipped_messages) == summary.uncoded
    assert any("timed out after 5 s (--doc-timeout)" in s for s in summary.skipped_messages)
    assert any("too long (5,000,000 characters" in s for s in summary.skipped_messages)
    assert any("52,428,800 bytes, over the 50,000,000-byte limit" in s for s in summary.error_messages)
    assert seconds < 240, f"the run took {seconds:.0f}s: a limit is not holding"
    assert figures("Python API (ingest)", corpus.tried(), summary.errors, summary.stored, summary.uncoded,
                   summary.duplicates, seconds) == 0


def test_a_small_hostile_corpus_through_pipeline_process(tmp_path, nlp):
    """Quick: the small-file cases through ``Pipeline.process`` (what ``tacitus code`` and the API
    use), reading errors aside, with a short time limit and a smaller slow document."""
    from tacitus.errors import InputError
    from tacitus.ingest.readers import read_paths
    from tacitus.pipeline import Pipeline

    manifest = hc.make_corpus(tmp_path, tiny=300, files=30, huge_mb=1, long_line_chars=300_000)
    pipeline = Pipeline(Settings(doc_timeout=2.0, max_chars=1_000_000), nlp=nlp)
    items = list(read_paths([manifest.root]))
    errors = [i for i in items if isinstance(i, InputError)]
    docs = [i for i in items if not isinstance(i, InputError)]
    started = time.monotonic()
    coded = list(pipeline.process(docs))
    assert time.monotonic() - started < 60
    assert len(coded) == len(docs)  # every document comes back, coded or with a reason
    reasons = Counter((d.skipped or "coded").split(" (")[0].split(":")[0] for d in coded)
    # the 1 MB line (under the reader's limit here) and the 5 MB one are too long; the slow one times out
    assert reasons["coded"] > 0 and reasons["not English"] > 0 and reasons["too long"] == 2
    if hasattr(signal, "setitimer"):
        assert reasons["timed out after 2 s"] == 1
    expected = {e.origin for e in manifest.items if "error" in e.kinds and "empty after cleaning" not in e.message}
    expected.discard(str(manifest.root / "files" / "huge-1MB-one-line.txt"))
    assert {e.origin for e in errors} == expected
    assert all(str(e).startswith("[T001] ") and e.message for e in errors)
