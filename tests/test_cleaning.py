"""Cleaning: the seed articles come out clean, each furniture rule works on cases of our own (and
leaves look-alike prose alone), offsets always lead back to the same character, and cleaning is
idempotent. No spaCy needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tacitus.document import Document
from tacitus.ingest.cleaning import clean

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.txt"))


def cleaned(text: str, **meta: object) -> Document:
    return clean(Document(doc_id="t", original=text, **meta))  # type: ignore[arg-type]


def paragraphs(doc: Document) -> list[str]:
    return doc.text.split("\n\n")


def reasons(doc: Document) -> dict[str, str]:
    return {r["text"]: r["reason"] for r in doc.removed}


def prose_paragraphs(original: str, furniture: int, tail: int) -> list[str]:
    """The seed's paragraphs between its ``furniture`` head and ``tail`` lines, minus the one
    captioned photo in its body: what a reader of the page calls the article."""
    paras = [" ".join(p.split()) for p in original.split("\n\n") if p.strip()]
    body = paras[furniture : len(paras) - tail]
    return [p for p in body if not p.endswith("(AP Photo)")]


def assert_offsets(doc: Document) -> None:
    """Every clean character maps back to the same character of the original.

    Exceptions, by design: inserted line/paragraph separators, and odd spaces (no-break, thin,
    tab) that the cleaner writes as a plain space.
    """
    covered: set[int] = set()
    for clean_start, _orig_start, length in doc.offsets.pieces:
        covered.update(range(clean_start, clean_start + length))
    for i, ch in enumerate(doc.text):
        if i not in covered:
            assert ch == "\n", f"unmapped non-separator {ch!r} at {i}"
            continue
        orig = doc.original[doc.to_original(i)]
        assert orig == ch or (ch == " " and orig.isspace()), (i, ch, orig)
    for r in doc.removed:
        assert doc.original[r["start"] : r["end"]] == r["text"]


def assert_idempotent(doc: Document) -> None:
    again = clean(doc)
    assert (again.text, again.offsets.pieces, again.removed) == (doc.text, doc.offsets.pieces, doc.removed)
    # and the clean text is itself clean: nothing more to cut
    assert cleaned(doc.text).text == doc.text


# --- the seed articles ---------------------------------------------------------------------


def test_seed_2016(shared_dir: Path) -> None:
    path = shared_dir / "seeds" / "000_netanyahu_moscow_2016.txt"
    doc = cleaned(path.read_text(encoding="utf-8"))
    assert doc.title == "Report: Israel to reach out to Moscow over talks"
    assert doc.dek and doc.dek.startswith("Netanyahu likely to approach Putin")
    assert doc.byline == "Tova Dvorin"
    assert doc.text.startswith("Prime Minister Binyamin Netanyahu is traveling to Moscow next week")
    assert doc.text.endswith("administration of US President Barack Obama.")
    assert "Putin and Netanyahu\n" not in doc.text and "Flash 90" not in doc.text
    assert paragraphs(doc) == prose_paragraphs(doc.original, furniture=4, tail=0)
    # no-break spaces are written as plain spaces, and double spaces collapse
    assert "Kremlin spokesman Dmitry Paskov said" in doc.text
    assert "\u00a0" not in doc.text and "  " not in doc.text
    assert_offsets(doc)
    assert_idempotent(doc)


def test_seed_2022(shared_dir: Path) -> None:
    path = shared_dir / "seeds" / "003_kremlin_common_approach_2022.txt"
    doc = cleaned(path.read_text(encoding="utf-8"))
    assert doc.title == "After Netanyahu win, Kremlin touts hopes for \u2018common approach\u2019"
    assert doc.dek and doc.dek.startswith("Putin spokesman says too early")
    assert doc.byline == "Lazar Berman"
    assert doc.text.startswith(
        "Russia\u2019s President Vladimir Putin\u2019s spokesman struck a hopeful note"
    )
    assert doc.text.endswith("president of the Conference of European Rabbis.")
    for gone in (
        "Maxim Shemetov",
        "AP Photo",
        "bouquet",
        "contributed to this report",
        "read more",
        "subscribed",
    ):
        assert gone not in doc.text
    assert paragraphs(doc) == prose_paragraphs(doc.original, furniture=4, tail=2)
    assert "\u201cWe definitely value constructive relations" in doc.text  # curly quotes kept
    r = reasons(doc)
    assert r["You're subscribed"] == "trailing boilerplate"
    assert r["Lazar Berman is The Times of Israel's diplomatic reporter"] == "byline"
    assert_offsets(doc)
    assert_idempotent(doc)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_come_out_clean(path: Path) -> None:
    doc = cleaned(path.read_text(encoding="utf-8"))
    assert doc.title and doc.byline
    assert "Read more" not in doc.text and "Published" not in doc.text
    assert "Demo Photo" not in doc.text and "Demo Agency" not in doc.text
    assert doc.text.rstrip().endswith(".")
    assert_offsets(doc)
    assert_idempotent(doc)


# --- title and dek -------------------------------------------------------------------------


def test_title_and_dek_before_the_byline() -> None:
    doc = cleaned(
        "Leaders meet in Ankara\n\nTurkey and Greece agree to resume talks on maritime borders.\n\n"
        "By Ana Costa\n\nThe leaders of Turkey and Greece met in Ankara on Monday and agreed to talk.\n"
    )
    assert doc.title == "Leaders meet in Ankara"
    assert doc.dek == "Turkey and Greece agree to resume talks on maritime borders."
    assert doc.byline == "Ana Costa"
    assert doc.text == "The leaders of Turkey and Greece met in Ankara on Monday and agreed to talk."


def test_a_one_sentence_lede_is_not_a_dek() -> None:
    lede = "Turkey and Greece agreed on Monday to resume talks on their maritime borders."
    doc = cleaned(f"Leaders meet in Ankara\n\n{lede}\n\nThe talks will start in May.\n")
    assert doc.dek is None
    assert doc.text.startswith(lede)


def test_an_unpunctuated_standfirst_is_a_dek() -> None:
    doc = cleaned("Leaders meet\n\nA summit focused on trade and borders\n\nThe leaders met on Monday.\n")
    assert doc.dek == "A summit focused on trade and borders"
    assert doc.text == "The leaders met on Monday."


def test_title_rules_leave_prose_alone() -> None:
    # a first line that ends in a full stop, or that is not followed by a blank line, is prose
    for text in (
        "Ghana and Togo signed an accord.\n\nIt covers trade.",
        "Ghana and Togo\nsigned an accord.\n\nMore.",
    ):
        doc = cleaned(text)
        assert doc.title is None
        assert doc.text.startswith("Ghana and Togo")


def test_a_title_from_metadata_is_kept_and_the_matching_line_removed() -> None:
    doc = cleaned("Talks in Doha\n\nQatar hosted talks on Monday.", title="Talks in Doha | The Wire")
    assert doc.title == "Talks in Doha | The Wire"
    assert doc.text == "Qatar hosted talks on Monday."
    other = cleaned("Background\n\nQatar hosted talks on Monday.", title="Talks in Doha")
    assert other.text.startswith("Background")  # a different heading is not the title


def test_a_lone_title_is_never_cleaned_away() -> None:
    doc = cleaned("Breaking news")
    assert doc.text == "Breaking news"


# --- captions and credits ------------------------------------------------------------------

BODY = "The foreign ministers of Kenya and Ethiopia met in Nairobi on Friday to discuss the border."


@pytest.mark.parametrize(
    "furniture",
    [
        "Ministers in Nairobi\nMinisters in Nairobi",  # caption repeated (alt text + figure caption)
        "Ministers in Nairobi.\n\nMinisters in Nairobi.",
        "Kenya Foreign Office/ Jane Mwangi",
        "Reuters/Thomas Mukoya",
        "AFP via Getty Images",
        "(Photo: Kenya Foreign Office)",
        "Photo credit: Jane Mwangi",
        "Credit: Jane Mwangi/Reuters",
        "The ministers in Nairobi on Friday, June 7, 2024. (AP Photo)",
        "The ministers shake hands in Nairobi. (Jane Mwangi/Pool/AFP)",
        "The ministers shake hands in Nairobi. Reuters/Thomas Mukoya",
        "The ministers shake hands in Nairobi. Photo: Kenya Foreign Office",
        "The ministers shake hands\nin Nairobi on Friday\nKenya Foreign Office/ Jane Mwangi",
    ],
)
def test_captions_and_credits_are_removed(furniture: str) -> None:
    doc = cleaned(f"{BODY}\n\n{furniture}\n\n{BODY}")
    assert doc.text == f"{BODY}\n\n{BODY}"
    assert {r["reason"] for r in doc.removed} <= {"caption", "photo credit"}
    assert_offsets(doc)


@pytest.mark.parametrize(
    "prose",
    [
        "He said the deal was agreed, according to the state news agency (TASS).",
        "Officials from the EU/US trade council will meet again in June.",
        "The photo shows the two ministers in Nairobi, officials said.",
    ],
)
def test_caption_rules_leave_prose_alone(prose: str) -> None:
    doc = cleaned(f"{BODY}\n\n{prose}")
    assert doc.text == f"{BODY}\n\n{prose}"


def test_a_repeated_prose_paragraph_keeps_one_copy() -> None:
    para = "Kenya and Ethiopia met on Friday. They agreed to reopen the border next month."
    doc = cleaned(f"{BODY}\n\n{para}\n\n{para}")
    assert doc.text == f"{BODY}\n\n{para}"
    assert [r["reason"] for r in doc.removed] == ["duplicate"]


# --- bylines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Ana Costa", "Ana Costa"),
        ("BY ANA COSTA", "ANA COSTA"),
        ("By Ana Costa and Li Wei, Reuters", "Ana Costa and Li Wei"),
        ("By Ana Costa, Staff Writer", "Ana Costa"),
        ("By Ana Costa | The Wire", "Ana Costa"),
        ("Ana Costa ,", "Ana Costa"),
        ("Ana Costa | Reuters", "Ana Costa"),
        ("Ana Costa is The Wire's diplomatic correspondent", "Ana Costa"),
        ("Omar al-Hassan is a reporter for the Gulf Times.", "Omar al-Hassan"),
    ],
)
def test_bylines_are_removed_and_kept_as_metadata(line: str, name: str) -> None:
    doc = cleaned(f"{line}\n\n{BODY}")
    assert doc.byline == name
    assert doc.text == BODY


@pytest.mark.parametrize(
    "prose",
    [
        "By Tuesday, the ministers had agreed on a text.",
        "By the time the talks ended, no deal had been reached",
        "Dmitry Peskov is the Kremlin's spokesman and said the talks went well at the meeting in Moscow.",
    ],
)
def test_byline_rules_leave_prose_alone(prose: str) -> None:
    doc = cleaned(f"{BODY}\n\n{prose}")
    assert doc.byline is None
    assert doc.text == f"{BODY}\n\n{prose}"


def test_byline_from_metadata_is_not_overwritten() -> None:
    doc = cleaned(f"By Ana Costa\n\n{BODY}", byline="A. Costa")
    assert doc.byline == "A. Costa"
    assert doc.text == BODY


# --- boilerplate ---------------------------------------------------------------------------


def test_trailing_run_is_cut_from_its_first_line() -> None:
    tail = (
        "Wire staff contributed to this report.\n\nSign up for our daily newsletter\n"
        "The best of our journalism, every morning\nSubscribe"
    )
    doc = cleaned(f"{BODY}\n\n{tail}")
    assert doc.text == BODY
    assert all(r["reason"] == "trailing boilerplate" for r in doc.removed)
    assert len(doc.removed) == 4


def test_read_more_block_with_link_titles_is_cut() -> None:
    doc = cleaned(f"{BODY}\n\nRead more:\nWho are the rebels?\nAid groups warn of hunger\n")
    assert doc.text == BODY


def test_a_short_last_line_before_the_boilerplate_is_kept() -> None:
    doc = cleaned(f"{BODY}\n\nWill the truce hold?\n\nRead more:\nAid groups warn of hunger")
    assert doc.text == f"{BODY}\n\nWill the truce hold?"


@pytest.mark.parametrize(
    "line",
    ["Advertisement", "Share this article", "Follow us on Telegram", "Click here to read the statement"],
)
def test_boilerplate_lines_inside_the_article_are_removed(line: str) -> None:
    doc = cleaned(f"{BODY}\n\n{line}\n\n{BODY}")
    assert doc.text == f"{BODY}\n\n{BODY}"


@pytest.mark.parametrize(
    "prose",
    [
        "Subscribers to the agency's service were told of the talks on Friday.",
        "Sign-up sheets for the talks were handed out to the delegations, an official said.",
        "Reporters were told that Kenya would follow up on the request next week.",
    ],
)
def test_boilerplate_rules_leave_prose_alone(prose: str) -> None:
    doc = cleaned(f"{BODY}\n\n{prose}")
    assert doc.text == f"{BODY}\n\n{prose}"


def test_date_lines_are_removed() -> None:
    doc = cleaned(f"Published: 2024-03-12\nUpdated: March 13, 2024 10:00 AM\n\n{BODY}")
    assert doc.text == BODY
    assert {r["reason"] for r in doc.removed} == {"date line"}


# --- normalisation, offsets, idempotence ---------------------------------------------------


def test_whitespace_is_normalised_and_offsets_hold() -> None:
    original = (
        "\n\n  First paragraph\u00a0with a no-break space.   \n\n\n\n"
        "Second\u200b paragraph,  two  spaces.\t\nSame paragraph, next line.\n\n\n"
    )
    doc = cleaned(original)
    assert doc.text == (
        "First paragraph with a no-break space.\n\nSecond paragraph, two spaces.\nSame paragraph, next line."
    )
    assert_offsets(doc)
    assert doc.to_original(0) == original.index("First")
    start = doc.text.index("two")
    assert original[doc.to_original(start) : doc.to_original(start + 3)] == "two"


def test_span_end_maps_to_the_end_of_the_word(shared_dir: Path) -> None:
    original = (shared_dir / "seeds" / "003_kremlin_common_approach_2022.txt").read_text(encoding="utf-8")
    doc = cleaned(original)
    start = doc.text.index("Dmitry Peskov said Monday")
    span = doc.span(start, start + len("Dmitry Peskov"))
    assert original[span.start : span.end] == "Dmitry Peskov" == span.text


_FRAGMENTS = [
    "Leaders meet in Ankara",
    "By Ana Costa",
    "Ana Costa ,",
    "Published: June 3, 2016",
    "Ministers in Nairobi",
    "Reuters/Thomas Mukoya",
    "The ministers shake hands. (AP Photo)",
    BODY,
    "\u201cWe value our partners,\u201d he said.",
    "Kenya and Ethiopia met on Friday. They agreed to reopen the border.",
    "Read more:",
    "Never miss breaking news",
    "Subscribe",
    "Who are the rebels?",
    "word\u00a0\u00a0spaced\u200b out\u00ad text",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_FRAGMENTS), st.sampled_from(["\n", "\n\n", "\n \n\n", "  \n", "\r\n"])),
        min_size=1,
        max_size=12,
    )
)
def test_offsets_and_idempotence_on_any_mix(parts: list[tuple[str, str]]) -> None:
    original = "".join(fragment + sep for fragment, sep in parts)
    doc = cleaned(original)
    assert_offsets(doc)
    again = clean(doc)
    assert (again.text, again.removed) == (doc.text, doc.removed)
    assert "\n\n\n" not in doc.text and not doc.text.startswith("\n") and not doc.text.endswith(("\n", " "))
