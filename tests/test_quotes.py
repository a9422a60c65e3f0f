"""Direct quotes and their speakers."""

from __future__ import annotations

import pytest

from tacitus.events.quotes import doc_quotes, find_quotes, is_direct_quote, quote_speaker


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in find_quotes(text)]


def test_straight_and_curly_quotes():
    text = 'He said "we will not give up the port" and left. She added “the talks are over for now.”'
    assert quoted(text) == ["we will not give up the port", "the talks are over for now."]


def test_offsets_exclude_the_marks():
    text = 'Lopez said: "The border stays closed."'
    ((start, end),) = find_quotes(text)
    assert text[start - 1] == '"' and text[end] == '"'


def test_a_quote_spans_sentences():
    text = "“We tried. It did not work. We will try again,” the mayor said."
    assert quoted(text) == ["We tried. It did not work. We will try again,"]


@pytest.mark.parametrize(
    "text",
    [
        "The minister praised the “careful” approach.",
        "Critics called it “a farce”.",
        "It was a 'common approach', he said.",
        "He spoke of ‘shared values’ and ‘common goals’.",
        'The so-called "peace plan" failed.',
        "She hoped they were “thinking it over” carefully.",
    ],
)
def test_scare_quotes_are_left_out(text):
    assert find_quotes(text) == []


def test_short_whole_clauses_are_quotes():
    assert quoted('"No," the general said.') == ["No,"]
    assert quoted('"We agree." The talks ended.') == ["We agree."]
    assert is_direct_quote("destroy all diplomatic relations")
    assert not is_direct_quote("prudent")
    assert not is_direct_quote("...")


def test_apostrophes_are_not_quotes():
    assert find_quotes("Russia’s envoy didn’t say it. The rebels' leader agreed.") == []


def test_unclosed_quote_ends_at_its_paragraph():
    text = "“We will stay until the job is done.\n“Nobody should doubt it,” the general said."
    assert quoted(text) == ["We will stay until the job is done.", "Nobody should doubt it,"]


def test_straight_quote_unclosed_at_paragraph_end():
    text = 'The mayor said: "We have no water and no power\n\nThe next day was calm.'
    assert quoted(text) == ["We have no water and no power"]


def speaker(nlp, text: str, n: int = 0) -> str | None:
    doc = nlp(text)
    start, end = find_quotes(text)[n]
    span = quote_speaker(doc, start, end)
    return None if span is None else span.text


SPEAKERS = [
    ('"We will not give up the port," Maria Lopez said.', "Maria Lopez"),
    # the name, without the title, so the resolver can map it
    ('"We will not give up the port," Mayor Maria Lopez said.', "Maria Lopez"),
    ('"We will not give up the port," said Maria Lopez, the mayor.', "Maria Lopez"),
    (
        '"We will not give up the port," the defence minister told reporters on Monday.',
        "the defence minister",
    ),
    ("“The talks were useful and frank,” he continued.", "he"),
    ('Lopez said: "The border will stay closed for now."', "Lopez"),
    ('The general added, "Nobody should doubt our resolve."', "The general"),
    ('The mayor said that "the city has run out of water."', "The mayor"),
    # a partial quote inside the sentence: the subject of the verb of saying that governs it
    (
        "The envoy criticised the plan, saying it would “destroy all hope of peace” in the region.",
        "The envoy",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPEAKERS)
def test_quote_speaker(nlp, text, expected):
    assert speaker(nlp, text) == expected


def test_the_speaker_is_a_token_span(nlp):
    text = '"We will not give up the port," Maria Lopez said.'
    doc = nlp(text)
    start, end = find_quotes(text)[0]
    span = quote_speaker(doc, start, end)
    assert [t.text for t in span] == ["Maria", "Lopez"]
    assert span.doc is doc


def test_a_quote_without_attribution_has_no_speaker(nlp):
    assert speaker(nlp, 'Either way, "the two sides will keep talking about trade and energy."') is None


def test_a_bare_quote_paragraph_continues_the_previous_speaker(nlp):
    text = (
        '"We will rebuild every school," said Ana Ruiz, the governor.\n\n'
        '"And we will do it before the winter comes."\n\n'
        '"Nobody will be left behind."'
    )
    assert speaker(nlp, text, 1) == "Ana Ruiz"
    # it carries on over several bare-quote paragraphs
    assert speaker(nlp, text, 2) == "Ana Ruiz"


def test_a_bare_quote_after_reported_speech(nlp):
    text = "The governor said the schools would reopen soon.\n\n“Every child will be back in class by March.”"
    assert speaker(nlp, text) == "The governor"


def test_no_carry_over_when_the_quote_does_not_open_its_paragraph(nlp):
    text = '"We will rebuild every school," said Ana Ruiz.\n\nStill, "the roads will have to wait for years."'
    assert speaker(nlp, text, 1) is None


def test_doc_quotes_are_cached_on_the_doc(nlp):
    doc = nlp('"We will not give up the port," Maria Lopez said.')
    assert doc_quotes(doc) == find_quotes(doc.text)
    assert "tacitus_quotes" in doc.user_data


def test_a_speaker_is_found_once_per_quote_and_is_the_span_found(nlp):
    from tacitus.events.quotes import MAX_CARRY, _speaker

    doc = nlp('"We will not give up the port," Kremlin spokesman Dmitry Peskov said on Monday.')
    (start, end), = doc_quotes(doc)
    first = quote_speaker(doc, start, end)
    again = quote_speaker(doc, start, end)
    found = _speaker(doc, start, end, MAX_CARRY)
    assert first == again == found
    assert (first.label_, first.text) == (found.label_, found.text)


def test_quote_marks_other_than_the_scanned_ones_change_nothing():
    # The scanner visits quotation marks only; everything else is text.
    text = 'He said: \u201cThe talks, [in Geneva] - and (Vienna) - will go on,\u201d and left \u00abfor good, they say\u00bb.'
    assert quoted(text) == ["The talks, [in Geneva] - and (Vienna) - will go on,", "for good, they say"]
