"""Coding the gold documents with the pipeline and scoring the result.

``run_evaluation(gold_path)`` is the whole of ``tacitus evaluate``: load the gold file (either
format), build a :class:`~tacitus.document.Document` per gold document, run
``pipeline.process(docs)``, and score the ``to_dict()`` outputs against the gold events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tacitus.document import Document
from tacitus.evaluate.gold import GoldDocument, load_gold
from tacitus.evaluate.scorer import score

# The output keys: a contract (scripts and benchmarks read them).
COMMON_KEYS = (
    "documents",
    "gold_events",
    "predicted_events",
    "precision",
    "recall",
    "f1",
    "false_assertion_rate",
    "status_accuracy",
    "full_code_f1",
    "per_type",
)
FORMAT_KEYS = {
    "seeds": ("actor_recall",),
    "plover": ("dyad_recall", "type_accuracy", "actor_country_accuracy", "actor_sector_accuracy"),
}


class Coder(Protocol):
    """Anything with ``process(docs)`` yielding coded documents (a Pipeline, or a test's fake)."""

    def process(self, documents: Iterable[Document]) -> Iterable[Any]: ...


@dataclass
class Evaluation:
    summary: dict[str, Any]  # the contract dict run_evaluation returns
    errors: list[dict[str, Any]]  # what went wrong, event by event, for --show-errors


def make_pipeline() -> Coder:
    """The default coder. Imported late: building it loads spaCy, which tests of the runner avoid."""
    from tacitus.pipeline import Pipeline

    return Pipeline()


def run_evaluation(
    gold_path: str | Path,
    docs_dir: str | Path | None = None,
    pipeline: Coder | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Code the gold documents and score them. Returns the metrics dict (keys: docs/evaluation.md)."""
    return evaluate(gold_path, docs_dir, pipeline, limit).summary


def evaluate(
    gold_path: str | Path,
    docs_dir: str | Path | None = None,
    pipeline: Coder | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluation:
    """:func:`run_evaluation` with the error list; ``progress(done, total)`` is called per document."""
    gold = load_gold(gold_path, docs_dir)
    golds = gold.documents if limit is None else gold.documents[: max(limit, 0)]
    outputs: dict[str, Mapping[str, Any]] = {}
    if golds:  # with nothing to code, do not pay for loading a pipeline
        coder = pipeline if pipeline is not None else make_pipeline()
        for done, coded in enumerate(coder.process(_documents(golds)), 1):
            out = coded.to_dict() if hasattr(coded, "to_dict") else coded
            outputs[str(out["doc_id"])] = out
            if progress:
                progress(done, len(golds))

    result = score(
        {
            "doc_id": g.doc_id,
            "text": g.text,
            "gold": g.events,
            # A document the pipeline dropped (too long, timed out) predicted nothing.
            "predicted": outputs.get(g.doc_id, {"events": [], "actors": []}),
        }
        for g in golds
    )
    keys = COMMON_KEYS + FORMAT_KEYS[gold.format]
    summary = {"gold": str(gold_path), "format": gold.format} | {k: result.metrics[k] for k in keys}
    return Evaluation(summary, result.errors)


def _documents(golds: list[GoldDocument]) -> Iterable[Document]:
    for g in golds:
        yield Document(doc_id=g.doc_id, original=g.text, origin=g.origin, date=g.date)
