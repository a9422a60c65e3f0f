"""Scoring Tacitus against gold event data: ``tacitus evaluate`` (see docs/evaluation.md).

``gold`` loads both gold formats, ``scorer`` scores plain dicts, ``runner`` codes the gold
documents with the pipeline and scores them, ``cli`` is the command.
"""

from __future__ import annotations

from tacitus.evaluate.gold import GoldDocument, GoldSet, load_gold
from tacitus.evaluate.runner import Evaluation, evaluate, run_evaluation
from tacitus.evaluate.scorer import Score, score

__all__ = [
    "Evaluation",
    "GoldDocument",
    "GoldSet",
    "Score",
    "evaluate",
    "load_gold",
    "run_evaluation",
    "score",
]
