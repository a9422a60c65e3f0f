"""Shared fixtures. The spaCy model is loaded once per test session (it is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from tacitus.nlp.model import load_model

    return load_model()


@pytest.fixture(scope="session")
def pipeline(nlp):
    """One Pipeline for the whole session, sharing the loaded model."""
    from tacitus.pipeline import Pipeline

    return Pipeline(nlp=nlp)
