"""Cleaning: cut page furniture out of an article and keep a map back to the original.

``clean(doc)`` sets ``doc.text`` (the article's prose), ``doc.offsets`` (so that every clean
offset points at the same character of ``doc.original``), ``doc.removed`` (what was cut, where,
and why) and fills ``title``, ``dek`` and ``byline`` when it finds them and they are not set.

The cleaner works line by line and removes whole lines only; it never edits words, so the event
coder sees the reporter's sentences as written (curly quotes included: quote detection needs
them). Each rule below describes a *shape* of furniture rather than listing particular lines:

* title: a short first line without a final full stop, alone in its paragraph;
* dek (standfirst): one sentence right after the title that is either unpunctuated or followed
  by the byline/caption block, i.e. not yet the article's first paragraph;
* photo captions: a caption repeated twice in a row (image alt text plus figure caption), a line
  whose sentence ends in a credit parenthesis ``(Name/Pool/AFP)``, ``(AP Photo)``, and short
  caption lines sitting just above a credit line;
* photo credits: ``Agency/ Photographer``, ``Photo: ...``, ``Credit: ...``, ``... Getty Images``;
* bylines: ``By Name``, ``Name ,``, ``Name | Outlet``, ``Name is Outlet's ... reporter``;
* boilerplate: subscription prompts, share/follow links, ``Advertisement``, contributor lines;
  a run of such lines at the end of the article is cut from its first line, together with the
  short link titles that follow a ``Read more:``;
* date lines (``Published: June 3, 2016``): the reader has already taken the date from them.

Whitespace is normalised: blank-line runs become one paragraph break (``\\n\\n``), lines are
stripped, a run of spaces inside a line keeps one, and odd spaces (no-break, thin, tab) become a
plain space (same length, so offsets are unaffected). Zero-width characters and soft hyphens are
dropped. Cleaning always starts again from ``doc.original``, so cleaning twice changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from tacitus.document import Document, OffsetMap
from tacitus.ingest.pubdate import match_date_line


def _wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and edit)."""
    return frozenset(words.split())


# Characters dropped from the clean text: they only confuse the tokenizer.
_DELETED = frozenset("\u200b\u2060\ufeff\u00ad")
_ENDS_SENTENCE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_ABBREVIATIONS = _wordset(
    "mr mrs ms dr st gen lt col sgt maj capt sen rep gov prof jr sr inc co ltd corp vs no jan feb "
    "aug sept oct nov dec u.s u.k u.n"
)

# --- photo captions and credits -----------------------------------------------------------
_CREDIT_WORD = re.compile(
    r"\b(?:photos?|photograph(?:er)?|pictures?|images?|credit|courtesy|handout|pool|screenshot"
    r"|screen ?grab|illustration|file photo|getty|shutterstock|flash ?90|reuters|afp|epa|xinhua"
    r"|anadolu|tass|sputnik|ap)\b",
    re.IGNORECASE,
)
# Words that make a parenthesis a credit even without a full stop before it.
_STRONG_CREDIT_WORD = re.compile(
    r"\b(?:photos?|photograph|picture|image|credit|courtesy|handout|pool|getty|screenshot)\b", re.IGNORECASE
)
_END_PAREN = re.compile(r"(?P<before>[.!?\"\u201d]?)\s*\((?P<inner>[^()]{1,100})\)\s*\.?$")
_CREDIT_LINE = re.compile(
    r"^\(?(?:photo(?:graph)?s?|pictures?|images?|video|credit|photo credit|image credit)\s*(?::|by\b|credit\b)",
    re.IGNORECASE,
)
_CREDIT_TAIL = re.compile(
    r"(?:getty images|via getty|shutterstock|ap photo(?:/[\w .]+)?|pool photo|flash ?90)\)?$", re.IGNORECASE
)
_TRAILING_CREDIT = re.compile(
    r"[.!?]\s+(?:photo(?:graph)?|picture|image|credit)s?(?:\s+credit)?\s*:\s*[^.]{1,80}$", re.IGNORECASE
)
_CONNECTORS = _wordset("in of the for and de la via von van al du da el at")

# --- bylines -------------------------------------------------------------------------------
_PARTICLES = _wordset("de da del della der den van von al el bin ibn le la du dos das di ben bint abu ter")
_BY = re.compile(r"^by\s+(?P<rest>.+)$", re.IGNORECASE)
_NAME_COMMA = re.compile(r"^(?P<name>[^,]+?)\s*,$")
_NAME_BAR = re.compile(r"^(?P<name>[^|]+?)\s*\|\s*(?P<outlet>[^|]{1,60})$")
_NAME_IS = re.compile(r"^(?P<name>.+?)\s+is\s+(?:the\s+|an?\s+)?(?P<role>.+?)\.?$")
_ROLE = re.compile(
    r"\b(?:reporter|correspondent|editor|writer|columnist|journalist|contributor|producer|bureau chief"
    r"|anchor|commentator)s?\b",
    re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
_BYLINE_TAIL_SPLIT = re.compile(r"\s*[|\u2013\u2014]\s*|\s+-\s+")

# --- boilerplate ---------------------------------------------------------------------------
_SOCIAL = r"(?:twitter|x|facebook|instagram|telegram|whatsapp|linkedin|threads|bluesky|youtube|tiktok)"
_BOILERPLATE = re.compile(
    rf"""^\(?(?:
        read\s+more\b | also\s+read\b | related\s*: | related\s+(?:articles?|stories|coverage|content|reading|topics?)\b
      | more\s+on\s+this\s+(?:story|topic)\b | see\s+also\s*: | further\s+reading\b
      | recommended(?:\s+(?:for\s+you|reading|stories|articles))?\s*:?$ | most\s+(?:read|popular|viewed|shared)\s*:?$
      | you\s+(?:may|might)\s+also\s+like\b | don['\u2019]?t\s+miss\s*:
      | never\s+miss\b | get\s+(?:notifications|alerts|breaking\s+news|the\s+latest|our\s+(?:\w+\s+)?newsletter)\b
      | you['\u2019]?re\s+(?:now\s+)?subscribed | you\s+are\s+(?:now\s+)?subscribed
      | thanks?\s+(?:you\s+)?for\s+(?:subscribing|signing\s+up)
      | sign\s+up\b | subscribe\b | already\s+a\s+subscriber | (?:become|be)\s+a\s+(?:member|subscriber)\b
      | share\s+(?:this|on|via)\b | follow\s+us\b | follow\s+\S+(?:\s+\S+){{0,3}}\s+on\s+{_SOCIAL}\b
      | click\s+here\b | tap\s+here\b | advertisement\s*$ | sponsored(?:\s+content)?\s*$
      | (?:copyright|\u00a9|\(c\))\s | all\s+rights\s+reserved | download\s+(?:our|the)\s+app\b
      | join\s+our\s+\w+\s+(?:channel|group|community)\b
      | additional\s+reporting\s+by\b | (?:reporting|writing|editing)\s+by\b
      | (?:print|email|comments?)\s*$
      | (?:published|posted|updated|last\s+updated)\s*:?\s*(?:on\s+)?
        (?:\d+\s+(?:seconds?|minutes?|mins?|hours?|days?|weeks?)\s+ago|(?:[01]?\d|2[0-3])[:.][0-5]\d\b.*)$
      | \d+\s*min(?:ute)?s?\s+read\s*$ | reading\s+time\b | listen\s+to\s+this\s+(?:article|story)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CONTRIBUTED = re.compile(
    r"\b(?:contributed|contributing)\s+(?:to\s+)?(?:this\s+)?(?:report|story|article|reporting)\W*$",
    re.IGNORECASE,
)
# A standalone heading after which a page lists other articles: everything after it goes.
_CUT_MARKER = re.compile(
    r"^(?:read\s+more|also\s+read|related(?:\s+(?:articles?|stories|coverage|content|reading))?"
    r"|more\s+on\s+this(?:\s+(?:story|topic))?|see\s+also|further\s+reading|recommended(?:\s+for\s+you)?"
    r"|most\s+(?:read|popular|viewed)|you\s+(?:may|might)\s+also\s+like|more\s+from\s+.{1,40})\s*:?$",
    re.IGNORECASE,
)

MAX_TITLE_WORDS = 20
MAX_DEK_WORDS = 45
MAX_CAPTION_WORDS = 70
HEADER_LINES = 8  # bylines of the "X is a reporter" shape are looked for in the first lines
# A one-sentence paragraph under the title is a dek, not the lede, when these come next.
DEK_FOLLOWERS = frozenset({"byline", "date line"})


@dataclass
class _Line:
    """One non-blank line of the original."""

    start: int  # offset of its first non-space character in the original
    end: int  # offset after its last non-space character
    text: str  # original[start:end]
    para: int  # index of its paragraph (blank-line separated)
    reason: str | None = None  # why it was removed; None while kept

    @cached_property  # the rules ask for it many times; the line never changes
    def norm(self) -> str:
        return " ".join("".join(c for c in self.text if c not in _DELETED).split())

    @cached_property
    def words(self) -> int:
        return len(self.text.split())


def clean(doc: Document) -> Document:
    """Clean ``doc`` in place (and return it). See the module docstring for the rules."""
    original = doc.original
    lines = _split_lines(original)
    found = _classify(lines, doc)
    kept = [ln for ln in lines if ln.reason is None]
    if not kept:  # never clean an article away entirely: keep its title and dek as text
        for ln in lines:
            if ln.reason in ("title", "dek"):
                ln.reason = None
        kept = [ln for ln in lines if ln.reason is None]
        found.pop("title", None)
        found.pop("dek", None)
    text, pieces = _assemble(original, kept)
    doc.text = text
    doc.offsets = OffsetMap(pieces)
    doc.removed = [
        {"start": ln.start, "end": ln.end, "reason": ln.reason, "text": ln.text} for ln in lines if ln.reason
    ]
    for key, value in found.items():
        if getattr(doc, key) is None:
            setattr(doc, key, value)
    return doc


# --- splitting and assembling ----------------------------------------------------------------


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in _DELETED


def _split_lines(original: str) -> list[_Line]:
    lines: list[_Line] = []
    para = 0
    blank_before = False
    pos = 0
    for raw in original.split("\n"):
        i, j = 0, len(raw)
        while i < j and _is_space(raw[i]):
            i += 1
        while j > i and _is_space(raw[j - 1]):
            j -= 1
        if i == j:
            blank_before = True
        else:
            if blank_before and lines:
                para += 1
            blank_before = False
            lines.append(_Line(pos + i, pos + j, raw[i:j], para))
        pos += len(raw) + 1
    return lines


def _assemble(original: str, kept: list[_Line]) -> tuple[str, list[tuple[int, int, int]]]:
    """Join kept lines into the clean text, recording one piece per copied stretch."""
    out: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    pos = 0
    prev_para: int | None = None
    for line in kept:
        if prev_para is not None:
            sep = "\n" if line.para == prev_para else "\n\n"
            out.append(sep)
            pos += len(sep)
        prev_para = line.para
        for orig_start, chunk in _line_chunks(original, line.start, line.end):
            pieces.append((pos, orig_start, len(chunk)))
            out.append(chunk)
            pos += len(chunk)
    return "".join(out), pieces


def _line_chunks(original: str, start: int, end: int) -> list[tuple[int, str]]:
    """The stretches of one line that are kept: dropped characters and extra spaces split it.

    Inside a run of whitespace one character is kept (a real space if the run has one) and
    written as a plain space.
    """
    chunks: list[tuple[int, str]] = []
    run_start: int | None = None
    buf: list[str] = []

    def flush() -> None:
        nonlocal run_start, buf
        if run_start is not None and buf:
            chunks.append((run_start, "".join(buf)))
        run_start, buf = None, []

    k = start
    while k < end:
        ch = original[k]
        if ch in _DELETED:
            flush()
            k += 1
            continue
        if ch.isspace():
            ws_end = k
            while ws_end < end and (original[ws_end].isspace() or original[ws_end] in _DELETED):
                ws_end += 1
            span = original[k:ws_end]
            keep = k + span.index(" ") if " " in span else k
            if keep != k:
                flush()  # the kept space is not next to what precedes it
            if run_start is None:
                run_start = keep
            buf.append(" ")
            if keep != ws_end - 1:
                flush()  # what follows is not next to the kept space
            k = ws_end
            continue
        if run_start is None:
            run_start = k
        buf.append(ch)
        k += 1
    flush()
    return chunks


# --- the rules ------------------------------------------------------------------------------


def _classify(lines: list[_Line], doc: Document) -> dict[str, str]:
    """Mark each furniture line with its reason; return the metadata found on the way."""
    found: dict[str, str] = {}
    for line in lines:
        if match_date_line(line.norm):
            line.reason = "date line"
        elif _is_credit_line(line.norm):
            line.reason = "photo credit"
        elif line.words <= MAX_CAPTION_WORDS and _ends_in_credit(line.norm):
            line.reason = "caption"
    _mark_repeats(lines)
    _mark_captions_above_credits(lines)
    _mark_bylines(lines, found)
    for line in lines:
        if line.reason is None and _is_boilerplate(line):
            line.reason = "boilerplate"
    _mark_tail_bylines(lines, found)
    _cut_after_marker(lines)
    _cut_trailing_run(lines)
    _mark_title_and_dek(lines, doc, found)
    return found


_SENTENCE_END = re.compile(r"(?<!\S)(\S+)[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z])")


def _sentence_count(text: str) -> int:
    count = 1
    # The look-behind starts a match at a word's first character only: without it, a long run of
    # non-space characters is tried from each of its positions (quadratic time on hostile text).
    for m in _SENTENCE_END.finditer(text):
        word = m.group(1).lower().rstrip(".")
        if len(word) > 1 and word not in _ABBREVIATIONS:  # "U.S." or "Mr." does not end a sentence
            count += 1
    return count


def _ends_sentence(text: str) -> bool:
    return bool(_ENDS_SENTENCE.search(text))


def _is_name(text: str, min_tokens: int = 2, max_tokens: int = 5) -> bool:
    """Whether ``text`` looks like a person's name: a few capitalised words (with particles)."""
    tokens = text.split()
    if not min_tokens <= len(tokens) <= max_tokens or not tokens[0][:1].isupper():
        return False
    for token in tokens:
        if token.lower() in _PARTICLES or token.lower().partition("-")[0] in _PARTICLES:
            continue  # "de", "van", "al-Hassan"
        if not token[:1].isupper() or not all(c.isalpha() or c in "'\u2019.-" for c in token):
            return False
    return True


def _is_name_part(text: str) -> bool:
    """A part of a slash credit: ``Israeli Embassy in Russia``, ``Flash 90``, ``AFP``."""
    tokens = text.split()
    if not 1 <= len(tokens) <= 6 or not (tokens[0][:1].isupper() or tokens[0][:1].isdigit()):
        return False
    return all(t[:1].isupper() or t[:1].isdigit() or t.lower() in _CONNECTORS for t in tokens)


def _is_slash_credit(text: str) -> bool:
    parts = [p.strip() for p in text.split("/")]
    return len(parts) >= 2 and all(_is_name_part(p) for p in parts)


def _is_credit_line(text: str) -> bool:
    words = len(text.split())
    if words > 15:
        return False
    if _CREDIT_LINE.match(text):
        return True
    if _ends_sentence(text) and not text.endswith(")"):
        return False  # a sentence, not a credit
    return words <= 10 and (_is_slash_credit(text) or bool(_CREDIT_TAIL.search(text)))


def _ends_in_credit(text: str) -> bool:
    """A caption: its sentence ends in a credit, ``... Moscow. (Maxim Shemetov/Pool/AFP)``."""
    m = _END_PAREN.search(text)
    if m and m.start() > 0:
        inner = m.group("inner")
        if _is_slash_credit(inner) or _STRONG_CREDIT_WORD.search(inner):
            return True
        # an agency name alone counts only after the caption's full stop: "(TASS)" inside a
        # sentence is an abbreviation, ". (Reuters)" is a credit
        return bool(m.group("before")) and bool(_CREDIT_WORD.search(inner))
    if _TRAILING_CREDIT.search(text):
        return True
    tail = re.search(r"[.!?]\s+(\S[^.!?]*)$", text)
    return bool(tail and "/" in tail.group(1) and _is_slash_credit(tail.group(1)))


def _caption_like(text: str) -> bool:
    return _sentence_count(text) == 1 or not _ends_sentence(text)


def _mark_repeats(lines: list[_Line]) -> None:
    """A caption repeated twice in a row is page furniture (alt text + figure caption): both go.

    A longer repeated passage is more likely a scraping accident in the prose: the first copy
    stays and only the repeat goes.
    """
    # consecutive identical lines (inside a paragraph or across a blank line)
    for a, b in zip(lines, lines[1:], strict=False):
        if a.norm == b.norm:
            if _caption_like(a.norm):
                a.reason = a.reason or "caption"
                b.reason = b.reason or "caption"
            else:
                b.reason = b.reason or "duplicate"
    # consecutive identical multi-line paragraphs
    paras: dict[int, list[_Line]] = {}
    for line in lines:
        paras.setdefault(line.para, []).append(line)
    ordered = list(paras.values())
    for a_lines, b_lines in zip(ordered, ordered[1:], strict=False):
        if len(a_lines) > 1 and [x.norm for x in a_lines] == [x.norm for x in b_lines]:
            whole = " ".join(x.norm for x in a_lines)
            caption = _caption_like(whole) and len(whole.split()) <= MAX_CAPTION_WORDS
            for x in b_lines + (a_lines if caption else []):
                x.reason = x.reason or ("caption" if caption else "duplicate")


def _mark_captions_above_credits(lines: list[_Line]) -> None:
    """Short lines just above a credit line, in the same paragraph, are its caption.

    The kept lines of the current paragraph are held in order, so each credit looks at the
    nearest three without walking back over removed lines (linear, whatever the paragraph).
    """
    kept: list[_Line] = []
    para: int | None = None
    for line in lines:
        if line.para != para:
            kept, para = [], line.para
        if line.reason is None:
            kept.append(line)
            continue
        if line.reason != "photo credit":
            continue
        block = kept[-3:]
        if block and sum(x.words for x in block) <= MAX_CAPTION_WORDS:
            for x in block:
                x.reason = "caption"
            del kept[-len(block):]


def _byline_names(text: str, header: bool) -> str | None:
    """The author name(s) if ``text`` is a byline line, else None."""
    if len(text.split()) > 25:
        return None
    m = _BY.match(text)
    if m and len(text.split()) <= 12 and not text.endswith("."):
        head = _BYLINE_TAIL_SPLIT.split(m.group("rest"))[0]
        names: list[str] = []
        in_tail = False
        for part in _AUTHOR_SPLIT.split(head):
            # authors first ("By A, B and C"), then an outlet or a role ("Reuters", "Staff Writer")
            if not in_tail and _is_author(part, first=not names):
                names.append(part)
                continue
            in_tail = True
            if not (part[:1].isupper() and len(part.split()) <= 4):
                return None
        if not names:
            return None
        return _join_names(names)
    m = _NAME_COMMA.match(text)
    if m and _is_name(m.group("name")):
        return m.group("name")
    m = _NAME_BAR.match(text)
    if m and _is_name(m.group("name")) and len(m.group("outlet").split()) <= 6:
        return m.group("name")
    if header:
        m = _NAME_IS.match(text)
        if (
            m
            and _is_name(m.group("name"))
            and _ROLE.search(m.group("role"))
            and len(m.group("role").split()) <= 15
        ):
            return m.group("name")
    return None


def _is_author(part: str, first: bool) -> bool:
    if first:
        return _is_name(part, 1)
    return (
        _is_name(part) and not _ROLE.search(part) and part.split()[0] != "The" and "staff" not in part.lower()
    )


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _mark_bylines(lines: list[_Line], found: dict[str, str]) -> None:
    for i, line in enumerate(lines):
        if line.reason is not None:
            continue
        name = _byline_names(line.norm, header=i < HEADER_LINES)
        if name:
            line.reason = "byline"
            found.setdefault("byline", name)


def _mark_tail_bylines(lines: list[_Line], found: dict[str, str]) -> None:
    """An author's bio line closing the article (``Jane Doe is a correspondent in Kyiv.``)."""
    tail = [ln for ln in lines if ln.reason is None][-3:]
    for line in tail:
        name = _byline_names(line.norm, header=True)
        if name:
            line.reason = "byline"
            found.setdefault("byline", name)


def _is_boilerplate(line: _Line) -> bool:
    if line.words > 20:
        return False
    text = line.norm
    return bool(_BOILERPLATE.match(text) or (_sentence_count(text) == 1 and _CONTRIBUTED.search(text)))


def _is_prose(line: _Line) -> bool:
    return line.words >= 12 and _ends_sentence(line.norm)


def _cut_after_marker(lines: list[_Line]) -> None:
    """``Read more:`` (and the like) followed only by short link titles: cut from the heading."""
    seen_prose = False
    for i, line in enumerate(lines):
        if line.reason is None and _is_prose(line):
            seen_prose = True
            continue
        if not seen_prose or not _CUT_MARKER.match(line.norm):
            continue
        rest = [ln for ln in lines[i + 1 :] if ln.reason is None]
        if all(ln.words <= 20 and _sentence_count(ln.norm) == 1 for ln in rest):
            for ln in lines[i:]:
                if ln.reason in (None, "boilerplate"):
                    ln.reason = "trailing boilerplate"
            return


def _cut_trailing_run(lines: list[_Line]) -> None:
    """A run of boilerplate at the end is cut from its first line, with what follows it.

    Lines after the first boilerplate line that are short and unpunctuated (a newsletter's
    tagline, link titles) go with it; the scan stops at the first line of prose.
    """
    first: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.reason in ("boilerplate", "trailing boilerplate"):
            first = i
        elif line.reason is not None:
            continue  # already removed (a caption, a credit): transparent
        elif line.words <= 15 and not _ends_sentence(line.norm):
            continue
        else:
            break
    if first is None:
        return
    for line in lines[first:]:
        if line.reason in (None, "boilerplate"):
            line.reason = "trailing boilerplate"


def _same_text(a: str, b: str) -> bool:
    """Whether two titles are the same (one may carry a site suffix: ``Title | Outlet``)."""
    if " ".join(a.split()) == " ".join(b.split()):
        return True  # the same, even when it has no word characters to compare (":", "***")
    na = re.sub(r"\W+", " ", a).strip().casefold()
    nb = re.sub(r"\W+", " ", b).strip().casefold()
    return bool(na and nb) and (na == nb or na.startswith(nb) or nb.startswith(na))


def _mark_title_and_dek(lines: list[_Line], doc: Document, found: dict[str, str]) -> None:
    kept = [ln for ln in lines if ln.reason is None]
    if len(kept) < 2:
        return
    title = kept[0]
    alone = kept[1].para != title.para and sum(1 for ln in kept if ln.para == title.para) == 1
    if not (alone and title.words <= MAX_TITLE_WORDS and not title.norm.endswith(".")):
        return
    if doc.title is not None and not _same_text(doc.title, title.norm):
        return  # the metadata names another title: this line may be a heading of the body
    title.reason = "title"
    found["title"] = title.norm

    dek = kept[1]
    after_title = lines.index(title) + 1
    # the dek sits right under the title, before the byline: a paragraph after the byline or a
    # caption is the article's lede, however short
    if lines[after_title] is not dek or len(kept) < 3:
        return
    if sum(1 for ln in kept if ln.para == dek.para) != 1:
        return
    if dek.words > MAX_DEK_WORDS or _sentence_count(dek.norm) != 1:
        return
    if doc.dek is not None and not _same_text(doc.dek, dek.norm):
        return
    following = lines[after_title + 1]
    if not _ends_sentence(dek.norm) or following.reason in DEK_FOLLOWERS:
        dek.reason = "dek"
        found["dek"] = dek.norm
