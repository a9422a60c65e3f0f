"""Tacitus's lexicon against PETRARCH's dictionaries, on the gold data.

    python bench/lexicons.py                       # ../shared beside the repository
    python bench/lexicons.py --shared /path/shared --json

Scores three lexicon profiles with the metrics of ``tacitus evaluate`` (docs/evaluation.md) on the
seeds gold (``gold/seeds.gold.jsonl``) and the PLOVER gold-standard records
(``gold/plover_gsr_cameo.json``):

  (a) ``tacitus``                      Tacitus's own lexicon and actor knowledge
  (b) ``petrarch:shared/petrarch``     PETRARCH's CAMEO.2.0 verbs and Phoenix actors instead
  (c) ``petrarch+tacitus:...``         both coders, the knowledge extended

and prints, first, what loading the full Phoenix dictionaries costs: seconds (timed without
tracing, from a cold cache) and peak memory (tracemalloc over a second cold load), plus the
time to extend the actor knowledge with them. The shared material is read in place, never copied.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

# Run as a script, this folder comes first on sys.path, and a bench/profile.py would shadow the
# standard library's profile module that spaCy's import of cProfile needs: drop the folder.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
METRICS = ("predicted_events", "precision", "recall", "f1", "full_code_f1", "false_assertion_rate", "status_accuracy")
EXTRA = {"seeds": ("actor_recall",), "plover": ("dyad_recall", "type_accuracy", "actor_country_accuracy")}


def load_cost(directory: Path) -> dict[str, Any]:
    """Seconds and peak MB to read the dictionaries, and seconds to extend the knowledge."""
    from tacitus.actors.knowledge import default_knowledge
    from tacitus.petrarch import dictionaries, profile

    dictionaries.clear_cache()
    started = time.perf_counter()
    dicts = dictionaries.load_directory(directory)
    load_seconds = time.perf_counter() - started
    dictionaries.clear_cache()
    tracemalloc.start()
    dictionaries.load_directory(directory)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    dictionaries.clear_cache()
    dicts = dictionaries.load_directory(directory)  # the one the profiles below share
    base = default_knowledge()
    started = time.perf_counter()
    _, report = profile.extend_knowledge(dicts, base)
    kb_seconds = time.perf_counter() - started
    return {
        "files": {k: [p.name for p in v] for k, v in dicts.files.items()},
        "summary": dicts.summary(),
        "load_seconds": round(load_seconds, 2),
        "load_peak_mb": round(peak / 1e6, 1),
        "knowledge_seconds": round(kb_seconds, 2),
        "knowledge": {"organisations": report.organisations, "people": report.people, "names": report.names},
        "unsupported": dicts.unsupported.lines(),
        "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run(shared: Path) -> dict[str, Any]:
    from tacitus.config import Settings
    from tacitus.evaluate.runner import run_evaluation
    from tacitus.nlp.model import load_model
    from tacitus.pipeline import Pipeline

    petrarch_dir = shared / "petrarch"
    out: dict[str, Any] = {"load": load_cost(petrarch_dir), "scores": {}}
    nlp = load_model()
    profiles = {
        "tacitus": "tacitus",
        "petrarch": f"petrarch:{petrarch_dir}",
        "petrarch+tacitus": f"petrarch+tacitus:{petrarch_dir}",
    }
    golds = {"seeds": shared / "gold" / "seeds.gold.jsonl", "plover": shared / "gold" / "plover_gsr_cameo.json"}
    for name, spec in profiles.items():
        pipeline = Pipeline(Settings(lexicon=spec), nlp=nlp)
        for gold_name, gold in golds.items():
            started = time.perf_counter()
            result = run_evaluation(gold, None, pipeline=pipeline)
            result["seconds"] = round(time.perf_counter() - started, 1)
            out["scores"][f"{name}/{gold_name}"] = result
    return out


def table(result: dict[str, Any]) -> str:
    load = result["load"]
    lines = [
        "PETRARCH dictionaries: " + ", ".join(f"{k}: {', '.join(v)}" for k, v in load["files"].items() if v),
        "  " + ", ".join(f"{k} {v:,}" for k, v in load["summary"].items()),
        f"  load {load['load_seconds']} s, peak {load['load_peak_mb']} MB (tracemalloc); "
        f"knowledge extended in {load['knowledge_seconds']} s "
        f"({load['knowledge']['organisations']:,} organisations, {load['knowledge']['people']:,} people); "
        f"process max RSS {load['process_max_rss_mb']} MB",
        "",
    ]
    for gold_name, extra in EXTRA.items():
        keys = METRICS + extra
        header = f"{gold_name + ' gold':22s}" + "".join(f"{k[:14]:>15s}" for k in keys)
        lines += [header, "-" * len(header)]
        for key, scores in result["scores"].items():
            name, g = key.split("/")
            if g != gold_name:
                continue
            cells = "".join(f"{_fmt(scores.get(k)):>15s}" for k in keys)
            lines.append(f"{name:22s}{cells}")
        lines.append("")
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared material folder [../shared]")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not (args.shared / "petrarch").is_dir():
        print(f"{args.shared / 'petrarch'}: not found; pass --shared", file=sys.stderr)
        return 2
    result = run(args.shared)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
