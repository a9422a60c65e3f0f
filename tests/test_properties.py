"""Property-based tests (hypothesis): arbitrary input never breaks a component.

* readers: any bytes, in a file of any registered type (and on standard input), give documents
  and :class:`~tacitus.errors.InputError` results, never an exception; every document's text is
  storable (valid Unicode);
* cleaner: any text cleans without raising, the clean text is made of pieces of the original
  (each clean offset maps back to the same character, up to the documented odd-space
  normalisation), and cleaning is idempotent;
* actor resolver and event extractor: any text, once parsed, is annotated without raising, and
  every offset they report lies inside the original text.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tacitus.document import Document
from tacitus.errors import InputError
from tacitus.ingest.cleaning import _DELETED, clean
from tacitus.ingest.readers import READERS, ReadOptions, read_paths, read_stdin

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- strategies ---------------------------------------------------------------------------------------
FURNITURE = [
    "By Jane Doe", "By Jane Doe and John Smith, Reuters", "Jane Doe ,", "Jane Doe | The Wire",
    "Jane Doe is The Wire's diplomatic reporter.", "Photo: AFP", "Israeli Embassy in Russia/ Flash 90",
    "(AP Photo/Jane Doe)", "Advertisement", "Read more:", "Share this article", "Subscribe", "Related:",
    "Published: June 3, 2016", "Updated: 12 March 2024, 14:05 GMT", "2016-06-03", "03/06/2016",
    "Putin and Netanyahu", "Reporting by John Smith; Editing by Jane Doe", "Follow us on Twitter",
    "Never miss breaking news on Israel", "You're subscribed", "The Times of Israel staff contributed to this report.",
    "Israel to reach out to Moscow over talks", "\u00a9 2024 The Wire. All rights reserved.",
]
PROSE = [
    "Israeli Prime Minister Benjamin Netanyahu met Russian President Vladimir Putin in Moscow on Monday.",
    "Kremlin spokesman Dmitry Peskov said the talks would continue, according to TASS.",
    "\u201cWe will not accept this,\u201d the foreign minister told reporters.",
    "Japan and Vietnam agreed to deepen maritime cooperation.", "The U.S. did not comment.",
    "Egypt accused Israel of violating the ceasefire.", "Mr. Smith said Hamas fired rockets at Ashkelon.",
    "The EU imposed sanctions on Myanmar's military on March 3, 2021.",
]
ODD = ["\u00a0", "\u2009", "\t", "\u200b", "\u2060", "\ufeff", "\u00ad", "\r", "\u3000", "\x0b", "\x0c", "\u2028"]
line = st.one_of(
    st.sampled_from(FURNITURE), st.sampled_from(PROSE), st.text(max_size=80),
    st.lists(st.sampled_from(ODD + [" ", "a", "B", ".", "(", ")", "/", "\u201c", "\u201d"]), max_size=30).map("".join),
)
article = st.builds(
    lambda parts, seps: "".join(p + s for p, s in zip(parts, seps, strict=False)),
    st.lists(line, max_size=14),
    st.lists(st.sampled_from(["\n", "\n\n", "\n \n", "\n\n\n", " \n", "\n\u00a0\n", "\r\n"]), min_size=14, max_size=14),
)
any_text = st.one_of(article, st.text(max_size=400))

# bytes a file of each type may hold: anything, or text in a few encodings and shapes
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "utf-32"]
JSONISH = st.one_of(
    st.text(max_size=200),
    st.builds(lambda t: '{"text": ' + t + "}", st.text(max_size=50).map(repr)),
    st.lists(st.sampled_from(['{"text": "Japan met Vietnam."}', '{"text": 5}', "{", "[]", "null", '{"id": [1]}',
                              '{"text": "\\ud800"}', '{"text": "a", "date": {"x": 1}}', "", '"s"',
                              '{"text": "x", "title": "\\udfff"}', '{"text": "\\u0000"}']), max_size=8)
    .map("\n".join),
    st.lists(st.sampled_from(["text,title", "id;text", '"a","b', 'x,"y\nz",w', ",,,", "text\n\n", "\x00"]),
             max_size=6).map("\n".join),
    st.lists(st.sampled_from(["<html>", "<div>", "<p>Japan met Vietnam in Hanoi on Monday for talks.", "</p>",
                              "<script>x()</script>", "<!--", "<![CDATA[", "&#0;", "&#xd800;", "<iframe>"]),
             max_size=20).map("".join),
)
any_bytes = st.one_of(
    st.binary(max_size=600),
    st.builds(lambda t, enc: t.encode(enc, errors="replace"), JSONISH, st.sampled_from(ENCODINGS)),
)


def _check_results(items: list) -> None:
    for item in items:
        assert isinstance(item, Document | InputError), type(item)
        if isinstance(item, InputError):
            assert item.message and item.origin is not None
            continue
        assert isinstance(item.original, str) and item.original.strip()
        item.original.encode("utf-8")  # storable: no lone surrogate
        assert isinstance(item.doc_id, str) and item.doc_id
        for value in (item.title, item.url, item.outlet, item.byline):
            assert value is None or (isinstance(value, str) and value.encode("utf-8"))


# -- readers ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("props")


@SETTINGS
@given(data=any_bytes, ext=st.sampled_from([*READERS, ".md", ""]))
def test_readers_never_raise_on_arbitrary_bytes(scratch, data, ext):
    with tempfile.TemporaryDirectory(dir=scratch) as d:
        path = Path(d) / f"input{ext}"
        path.write_bytes(data)
        # the file alone, and its folder (which reads only registered extensions)
        _check_results(list(read_paths([path])))
        _check_results(list(read_paths([d])))


@SETTINGS
@given(data=any_bytes, limit=st.sampled_from([10, 100, 50_000_000]))
def test_standard_input_never_raises(data, limit):
    class Stdin:
        buffer = io.BytesIO(data)

    with mock.patch("sys.stdin", Stdin()):
        _check_results(list(read_stdin(ReadOptions(max_bytes=limit))))


@SETTINGS
@given(text=any_text, ext=st.sampled_from(list(READERS)))
def test_readers_never_raise_on_arbitrary_text(scratch, text, ext):
    with tempfile.TemporaryDirectory(dir=scratch) as d:
        path = Path(d) / f"input{ext}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _check_results(list(read_paths([path], ReadOptions(max_bytes=10_000))))


# -- cleaner ---------------------------------------------------------------------------------------------
def _same_character(clean_ch: str, original_ch: str) -> bool:
    """Cleaning copies characters, except that it writes any kept space as a plain one."""
    return clean_ch == original_ch or (clean_ch == " " and (original_ch.isspace() or original_ch in _DELETED))


@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_clean_offsets_always_map_back_to_the_original(text):
    doc = clean(Document(doc_id="x", original=text))
    clean_text, pieces = doc.text, doc.offsets.pieces
    covered = [False] * len(clean_text)
    last_clean = last_orig = -1
    for c_start, o_start, length in pieces:
        assert length > 0 and c_start > last_clean and o_start > last_orig  # in order, no overlap
        assert o_start >= 0 and o_start + length <= len(text) and c_start + length <= len(clean_text)
        for k in range(length):
            assert _same_character(clean_text[c_start + k], text[o_start + k]), (c_start + k, o_start + k)
            assert doc.to_original(c_start + k) == o_start + k
            covered[c_start + k] = True
        last_clean, last_orig = c_start + length - 1, o_start + length - 1
    # what no piece covers is a line or paragraph break the cleaner inserted
    assert all(ok or clean_text[i] == "\n" for i, ok in enumerate(covered))
    positions = [doc.to_original(i) for i in range(len(clean_text) + 1)]
    assert positions == sorted(positions) and all(0 <= p <= len(text) for p in positions)
    # removed lines point at their own text, and nothing is both kept and removed
    for cut in doc.removed:
        assert text[cut["start"]:cut["end"]] == cut["text"] and cut["reason"]
    assert not any(c.strip() and ord(c) in (0x200B, 0x2060, 0xFEFF, 0x00AD) for c in clean_text)
    assert clean(Document(doc_id="x", original=text)).text == clean_text  # deterministic
    again = clean(doc)  # cleaning starts from the original: twice is once
    assert (again.text, again.offsets.pieces) == (clean_text, pieces)


# -- actor resolver and event extractor --------------------------------------------------------------
english = st.lists(
    st.one_of(st.sampled_from(PROSE), st.sampled_from(FURNITURE), st.text(max_size=60),
              st.lists(st.sampled_from(["Israel", "Russia's", "Putin", "Netanyahu", "said", "met", "accused",
                                        "the", "Kremlin", "spokesman", "\u201c", "\u201d", ",", ".", "(", ")",
                                        "Hamas", "U.N.", "on", "Monday", "1999", "not", "will", "may", "-",
                                        "Mr.", "Foreign Minister", "EU", "\n", "\n\n", "'s", "according to"]),
                       max_size=40).map(" ".join)),
    max_size=6,
).map(" ".join)


@SETTINGS
@given(text=st.one_of(english, st.text(max_size=300)))
def test_resolver_and_extractor_never_raise_on_arbitrary_text(pipeline, text):
    doc = clean(Document(doc_id="x", original=text, date=None))
    sdoc = pipeline.nlp(doc.text)
    pipeline.annotate(doc, sdoc)  # the actor resolver, then every event coder
    n = len(doc.original)
    for mention in doc.mentions:
        assert 0 <= mention.start <= mention.end <= len(doc.text)
    record = doc.to_dict()
    for event in record["events"]:
        for side in (event["source"], event["target"], event["trigger"]):
            if side and side.get("start") is not None:
                assert 0 <= side["start"] <= side["end"] <= n, event
    for quote in record["quotes"]:
        assert 0 <= quote["start"] <= quote["end"] <= n
