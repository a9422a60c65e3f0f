"""Where Tacitus spends its time outside the spaCy parser.

    python bench/profile.py                  # 300 generated articles
    python bench/profile.py --docs 500 --top 30 --sort tottime
    python bench/profile.py --docs 2000 --stages-only     # part 1 only (no cProfile run)

Runs ``tacitus ingest`` (``tacitus.store.ingest.ingest``: read, clean, parse, resolve, code, store)
twice on the same corpus, the model warm, with every article already parsed once by the same
``nlp.pipe`` so that the parse can be taken out:

1. **Stages**, timed without a profiler (a profiler slows Python code several times more than
   spaCy's compiled code and would distort the shares): read, clean, screen, parse, resolve
   actors, byline people, each event coder, document records, store writes (and within them
   the people memory), story merging. Each is given in ms per article and as a share of the
   parse time: the issue's target is Tacitus's own work <= 1/3 of the parser's. The parse inside
   the ingest is also compared with a bare parse of the same texts in the same process: work
   that slows the parser itself (it was DuckDB's second thread, 5-8%) shows there and nowhere else.
2. **Functions**, under cProfile, with the parse replaced by the cached parses: the top functions
   by cumulative time (Tacitus's own, spaCy's and the libraries' excluded from the list but not
   from the cumulative times, so a Tacitus function that calls spaCy's accessors per token is
   charged for them), then the spaCy accessors Tacitus calls most, by caller: per-token Python
   work (``Doc.__getitem__``, ``Doc.sents``, ``Token.sent``, ...) that a one-pass array or a
   cache would avoid.

What this found and what was done about it (issue 7, figures in docs/scale.md): per-token spaCy
accessors in the resolver and the event helpers (now read once per document from
``tacitus.nlp.index``), work repeated per event that depends only on the sentence or the quote
(now once per sentence or document), linear scans of known people and of the people memory (now
indexes), and DuckDB's second thread slowing the parse (one DuckDB thread during an ingest).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# This file is called profile.py: take bench/ off the path so that ``import cProfile`` finds the
# standard library's ``profile`` module, not this script.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(REPO / "src"))

import cProfile  # noqa: E402
import pstats  # noqa: E402


def _throughput() -> Any:
    spec = importlib.util.spec_from_file_location("tacitus_bench_throughput", HERE / "throughput.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# -- stage timers ---------------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kw: Any) -> Any:
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kw)
            finally:
                self.wall[name] += time.perf_counter() - t
                self.cpu[name] += time.process_time() - c
                self.calls[name] += 1

        return timed

    def iterate(self, name: str, it: Any) -> Iterator[Any]:
        """Time the production of each item of an iterator (a reader, ``nlp.pipe``)."""
        it = iter(it)
        while True:
            t, c = time.perf_counter(), time.process_time()
            try:
                item = next(it)
            except StopIteration:
                return
            finally:
                self.wall[name] += time.perf_counter() - t
                self.cpu[name] += time.process_time() - c
            self.calls[name] += 1
            yield item


class CachedNLP:
    """The real pipeline, except that ``pipe`` hands back parses made beforehand (same model, same
    batch size): what is left of the run is Tacitus's own work. ``__call__`` (used for byline
    bios) still parses."""

    def __init__(self, nlp: Any, parses: dict[str, Any]) -> None:
        self._nlp, self._parses = nlp, parses

    def pipe(self, texts: Any, batch_size: int = 32, **kw: Any) -> Iterator[Any]:
        for text in texts:
            doc = self._parses.get(text)
            yield doc if doc is not None else self._nlp(text)

    def __call__(self, text: str) -> Any:
        return self._nlp(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


def steps_of(component: Any) -> list[str]:
    """The methods a component's ``__call__`` calls on ``self``, in order (found in its source, so
    that the list follows the code as it changes)."""
    import inspect
    import re

    try:
        source = inspect.getsource(type(component).__call__)
    except (OSError, TypeError):
        return []
    names = dict.fromkeys(re.findall(r"self\.(_[a-z]\w*)\(", source))
    return [n for n in names if callable(getattr(component, n, None))]


def instrumented_run(corpus: Path, store: Path, settings: Any, batch_size: int, clock: Clock,
                     nlp: Any = None) -> Any:
    """One ingest with every stage wrapped by ``clock``. ``nlp``: the (cached) pipeline to use."""
    import tacitus.analysis.dedup as dedup
    import tacitus.store.db as store_db
    import tacitus.store.ingest as store_ingest
    from tacitus.ingest.cleaning import clean
    from tacitus.ingest.readers import ReadOptions, read_paths
    from tacitus.pipeline import Pipeline
    from tacitus.store import db
    from tacitus.store.memory import StorePeopleMemory

    saved = (store_ingest.document_record, store_ingest.write_batch, dedup.update_stories,
             StorePeopleMemory.learn, store_db._insert, store_db.record_rows)
    store_ingest.document_record = clock.wrap("document records (Document.to_dict)", store_ingest.document_record)
    store_ingest.write_batch = clock.wrap("store write (write_batch, all)", store_ingest.write_batch)
    dedup.update_stories = clock.wrap("story events (update_stories)", dedup.update_stories)
    StorePeopleMemory.learn = clock.wrap("  of which: people memory (learn)", StorePeopleMemory.learn)
    store_db._insert = clock.wrap("  of which: Arrow -> DuckDB inserts", store_db._insert)
    store_db.record_rows = clock.wrap("  of which: record -> rows", store_db.record_rows)

    def make_pipeline(s: Any, memory: Any) -> Any:
        p = Pipeline(s, memory=memory, nlp=nlp)
        real_nlp = p.nlp

        class TimedNLP:
            def pipe(self, texts: Any, batch_size: int = 32, **kw: Any) -> Iterator[Any]:
                return clock.iterate("parse (nlp.pipe)", real_nlp.pipe(texts, batch_size=batch_size, **kw))

            def __call__(self, text: str) -> Any:
                return clock.wrap("parse (byline bios, nlp())", real_nlp)(text)

            def __getattr__(self, name: str) -> Any:
                return getattr(real_nlp, name)

        p.nlp = TimedNLP()
        p.screen = clock.wrap("screen (language, size)", p.screen)
        for component, stage in [(p.resolver, "resolve actors"), *[(c, "code events") for c in p.coders]]:
            for step in steps_of(component):  # the component's steps, as its __call__ runs them
                setattr(component, step, clock.wrap(f"  {stage}: {step}", getattr(component, step)))
        p.resolver = clock.wrap("resolve actors (ActorResolver)", p.resolver)
        p._byline_people = clock.wrap("byline people", p._byline_people)
        p.coders = [clock.wrap(f"code events ({type(c).__name__})", c) for c in p.coders]
        return p

    # Helpers of the event coder, wherever they are called from.
    import tacitus.events.attribution as attribution
    import tacitus.events.modality as modality
    import tacitus.events.place as place
    import tacitus.events.quotes as quotes
    import tacitus.events.time as event_time

    helpers = [(attribution, "attribution_of"), (modality, "status_of"), (place, "place_of"),
               (event_time, "resolve_date"), (quotes, "quote_speaker")]
    saved_helpers = [(m, n, getattr(m, n)) for m, n in helpers if hasattr(m, n)]
    for module, name, fn in saved_helpers:
        setattr(module, name, clock.wrap(f"  helper: {module.__name__.rsplit('.', 1)[-1]}.{name} (all callers)", fn))

    if store.exists():
        store.unlink()
    con = db.connect(store)
    t, c = time.perf_counter(), time.process_time()
    try:
        summary = store_ingest.ingest(
            con, clock.iterate("read (read_paths)", read_paths([str(corpus)], ReadOptions())), settings=settings,
            batch_size=batch_size, make_pipeline=make_pipeline, clean=clock.wrap("clean", clean),
        )
    finally:
        (store_ingest.document_record, store_ingest.write_batch, dedup.update_stories,
         StorePeopleMemory.learn, store_db._insert, store_db.record_rows) = saved
        for module, name, fn in saved_helpers:
            setattr(module, name, fn)
        con.close()
    clock.wall["TOTAL (ingest)"] = time.perf_counter() - t
    clock.cpu["TOTAL (ingest)"] = time.process_time() - c
    return summary


# -- report ---------------------------------------------------------------------------------------


def _is_tacitus(filename: str) -> bool:
    return "tacitus" in filename and "site-packages" not in filename and "/bench/" not in filename


def _short(key: tuple[str, int, str]) -> str:
    filename, line, func = key
    if "/src/tacitus/" in filename:
        filename = "tacitus/" + filename.split("/src/tacitus/", 1)[1]
    elif "site-packages/" in filename:
        filename = filename.split("site-packages/", 1)[1]
    return f"{filename}:{line}({func})"


def print_functions(stats: pstats.Stats, top: int, sort: str, total: float) -> None:
    raw = stats.stats  # key -> (primitive calls, calls, tottime, cumtime, callers)
    rows = [(k, v) for k, v in raw.items() if _is_tacitus(k[0])]
    index = {"cumulative": 3, "tottime": 2, "calls": 1}[sort]
    rows.sort(key=lambda kv: kv[1][index], reverse=True)
    print(f"\nTop {top} Tacitus functions by {sort} time (cProfile, parse cached; total {total:.2f}s under the profiler)")
    print(f"{'calls':>9} {'own s':>7} {'cum s':>7} {'cum %':>6}  function")
    for key, (_, nc, tt, ct, _) in rows[:top]:
        print(f"{nc:9d} {tt:7.3f} {ct:7.3f} {ct / total:6.1%}  {_short(key)}")

    # spaCy object accessors, charged to the Tacitus functions that call them.
    spacy_keys = [k for k in raw if "spacy" in k[0] and ("tokens/" in k[0] or k[0].endswith(".pyx"))]
    by_caller: dict[tuple[str, int, str], list[float]] = defaultdict(lambda: [0, 0.0])
    by_accessor: dict[tuple[str, int, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for k in spacy_keys:
        for caller, (_, nc, _tt, ct) in raw[k][4].items():
            if _is_tacitus(caller[0]):
                by_caller[caller][0] += nc
                by_caller[caller][1] += ct
                by_accessor[k][0] += nc
                by_accessor[k][1] += ct
    print("\nspaCy accessors called from Tacitus code (Token/Span objects made per call):")
    for k, (n, ct) in sorted(by_accessor.items(), key=lambda kv: -kv[1][1])[:8]:
        print(f"  {int(n):9d} calls {ct:7.3f}s  {_short(k)}")
    print("... charged to their Tacitus callers:")
    for k, (n, ct) in sorted(by_caller.items(), key=lambda kv: -kv[1][1])[:15]:
        print(f"  {int(n):9d} calls {ct:7.3f}s  {_short(k)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", choices=["cumulative", "tottime", "calls"], default="cumulative")
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "tacitus-bench")
    parser.add_argument("--output", type=Path, help="also save the raw cProfile stats here (for snakeviz etc.)")
    parser.add_argument("--stages-only", action="store_true", help="skip the cProfile run (part 2)")
    args = parser.parse_args()

    tp = _throughput()
    from tacitus.config import Settings
    from tacitus.nlp.model import load_model
    from tacitus.pipeline import Pipeline

    settings = Settings()
    batch_size = args.batch_size or settings.batch_size
    args.corpus_dir.mkdir(parents=True, exist_ok=True)
    corpus = tp.corpus_path(args.docs, args.seed, args.corpus_dir)
    info = tp.machine()
    print(f"machine: {info['nproc']} CPUs ({info['cpu_model']}); load average "
          f"{', '.join(f'{x:.2f}' for x in info['load_average'])}; corpus {corpus}")

    nlp = load_model(settings.model)
    warm = Pipeline(settings)
    docs = tp.clean_documents(corpus, warm)
    list(warm.process(docs[:batch_size], clean=False))
    texts = [d.text for d in docs]
    t, c = time.perf_counter(), time.process_time()
    if args.stages_only:  # the bare parse's time only, as a yardstick: no parse is kept
        parses: dict[str, Any] = {}
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
    else:
        parses = dict(zip(texts, nlp.pipe(texts, batch_size=batch_size), strict=True))
    parse_seconds, parse_cpu_bare = time.perf_counter() - t, time.process_time() - c
    print(f"{len(texts)} articles parsed once beforehand (bare nlp.pipe) in {parse_seconds:.1f}s, "
          f"{parse_cpu_bare:.1f}s CPU ({parse_cpu_bare / len(texts) * 1000:.1f} ms/article)")

    store = args.corpus_dir / f"profile-{os.getpid()}.duckdb"
    # 1. stages, real parse, no profiler
    clock = Clock()
    summary = instrumented_run(corpus, store, settings, batch_size, clock)
    n = summary.stored
    parse_cpu = clock.cpu["parse (nlp.pipe)"]
    print(f"\nStages of one ingest ({n} articles, {summary.events} events), no profiler, real parse:")
    print(f"{'stage (indented: inside the stage above; steps may nest)':<56} {'calls':>6} {'wall s':>7} {'cpu s':>7} "
          f"{'ms/art':>7} {'% parse':>8}")
    order = sorted((k for k in clock.cpu if not k.startswith("TOTAL")), key=lambda k: -clock.cpu[k])
    nested = [k for k in order if k.startswith("  ")]

    def row(name: str) -> None:
        print(f"{name[:56]:<56} {clock.calls[name]:6d} {clock.wall[name]:7.2f} {clock.cpu[name]:7.2f} "
              f"{clock.cpu[name] / n * 1000:7.2f} {clock.cpu[name] / parse_cpu:8.1%}")

    for name in [k for k in order if not k.startswith("  ")]:
        row(name)
        if name.startswith("store write"):
            for sub in nested:
                if sub.startswith("  of which"):
                    row(sub)
        for prefix, stage in (("resolve actors", "  resolve actors:"), ("code events", "  code events:")):
            if name.startswith(prefix):
                for sub in nested:
                    if sub.startswith(stage):
                        row(sub)
                if prefix == "code events":
                    for sub in nested:
                        if sub.startswith("  helper:"):
                            row(sub)
    total = clock.cpu["TOTAL (ingest)"]
    # Nested stages (resolve inside annotate, learn inside write) are not double-counted here.
    outside = total - parse_cpu
    print(f"{'TOTAL (ingest)':<56} {'':6} {clock.wall['TOTAL (ingest)']:7.2f} {total:7.2f} {total / n * 1000:7.2f}")
    print(f"\nTacitus's own work (total - parse): {outside:.2f}s CPU = {outside / parse_cpu:.1%} of the parse "
          f"(target <= 33.3%, i.e. ratio (b)/(a) >= 0.75); ratio on CPU time: {parse_cpu / total:.3f}")
    print(f"The parse inside the ingest took {parse_cpu / parse_cpu_bare - 1:+.1%} CPU against the bare parse above "
          f"({parse_cpu:.2f}s against {parse_cpu_bare:.2f}s); ratio of the bare parse to the whole ingest: "
          f"{parse_cpu_bare / total:.3f}")
    unaccounted = total - sum(clock.cpu[k] for k in order if not k.startswith("  "))
    print(f"(not in any stage above: {unaccounted:.2f}s - the ingest loop, dedup by hash, annotate's own lines)")

    if args.stages_only:
        store.unlink(missing_ok=True)
        return
    # 2. functions, cached parse, cProfile
    prof = cProfile.Profile()
    prof.enable()
    instrumented_run(corpus, store, settings, batch_size, Clock(), nlp=CachedNLP(nlp, parses))
    prof.disable()
    store.unlink(missing_ok=True)
    stats = pstats.Stats(prof)
    if args.output:
        stats.dump_stats(args.output)
    print_functions(stats, args.top, args.sort, stats.total_tt)


if __name__ == "__main__":
    main()
