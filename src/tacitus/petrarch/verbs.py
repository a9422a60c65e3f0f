"""Reading PETRARCH/TABARI verb dictionaries (``CAMEO.2.0.txt``, ``PETR.Validate.verbs.txt``).

The file holds synonym sets, verb blocks and transformations::

    &CURRENCY                   # a synonym set: phrases of consecutive words,
    +DOLLARS                    # regular plurals generated unless the name or phrase ends in _
    +SWISS FRANCS

    --- CONTRIBUTE [070] ---    # a block: its default code
    CONTRIBUTE                  # the verbs: regular forms generated, irregular ones in {...}
    BREAK {BROKE BROKEN}
    +BREAK_DOWN {+BROKE_DOWN}   # a multi-word verb: + marks the verb word
    - * &CURRENCY [903]         # a pattern: words before and after the verb (*)
    - + WAS * DEAD IN $ [224]   # $ source, + target, % compound actor, ^ skip a noun phrase
    - % * [030:030]             # CODE:CODE codes the reverse direction too; [:173] only it
    - * {TIES | RELATIONS} [064]  # TABARI alternatives: one pattern per choice

    ~ a (b . ATTACK) SAY = a b 112   # a transformation of a verb and its complement's event

In a pattern, ``_`` joins elements that must be consecutive and a blank lets other words stand
between them. PETRARCH-2's grouping marks ``{noun phrase}`` and ``(prepositional phrase)`` are
read as plain sequences of words: Tacitus matches patterns on the word order of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tacitus.petrarch.actors import NULL_CODE
from tacitus.petrarch.forms import noun_plurals, verb_forms
from tacitus.petrarch.phrases import split_word
from tacitus.petrarch.reader import Unsupported, brackets, lines, where

WORD, SYNSET, SOURCE, TARGET, COMPOUND, SKIP = "word", "synset", "source", "target", "compound", "skip"
_MARKS = {"$": SOURCE, "+": TARGET, "%": COMPOUND, "^": SKIP}
_TRANSFORM = re.compile(
    r"^~\s*(\w)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s*$"
)


@dataclass(frozen=True)
class Code:
    """An event code pair: ``primary`` source->target, ``secondary`` target->source."""

    primary: str | None
    secondary: str | None = None

    @classmethod
    def parse(cls, text: str) -> Code:
        first, _, second = text.strip().partition(":")
        return cls(_code(first), _code(second))

    def __bool__(self) -> bool:
        return bool(self.primary or self.secondary)

    def __str__(self) -> str:
        return (self.primary or NULL_CODE) + (f":{self.secondary}" if self.secondary else "")


def _code(text: str) -> str | None:
    text = text.strip()
    return None if not text or text == NULL_CODE else text


@dataclass(frozen=True)
class Element:
    kind: str  # WORD, SYNSET, SOURCE, TARGET, COMPOUND, SKIP
    value: tuple[str, ...] = ()  # WORD: the word's stream words; SYNSET: (name,)
    tight: bool = False  # joined by _ to the element before it (counting outward from the verb)


@dataclass(frozen=True)
class Pattern:
    before: tuple[Element, ...]  # nearest the verb first
    after: tuple[Element, ...]  # nearest the verb first
    code: Code
    text: str
    origin: str
    order: int  # position in the file, the tie-breaker between equally long patterns

    @property
    def size(self) -> int:
        return len(self.before) + len(self.after)

    @property
    def marks(self) -> set[str]:
        return {e.kind for e in self.before + self.after if e.kind in (SOURCE, TARGET, COMPOUND)}


@dataclass(eq=False)
class VerbBlock:
    name: str
    code: Code | None
    origin: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    raw_patterns: list[tuple[str, str, int]] = field(default_factory=list, repr=False)


@dataclass(eq=False)
class Verb:
    text: str  # as written
    base: str  # the verb word's base form
    code: Code | None  # its own code, if any
    block: VerbBlock


@dataclass(frozen=True)
class VerbForm:
    """A surface form of a verb with the words that must stand right before and after it."""

    before: tuple[str, ...]
    word: str
    after: tuple[str, ...]
    verb: Verb

    @property
    def code(self) -> Code | None:
        return self.verb.code or self.verb.block.code


@dataclass(frozen=True)
class Transformation:
    """``~ a (x y CLASS) OUTER = s t CODE``: a verb of class OUTER whose source is ``a`` and whose
    complement's event is ``x -> y`` of class CLASS becomes the event ``s -> t CODE``. Letters
    bind actors, ``.`` and ``_`` match anything; ``Q`` as CLASS or CODE stands for any code."""

    outer_source: str
    inner_source: str
    inner_target: str
    inner_class: str
    outer_class: str
    source: str
    target: str
    code: str
    text: str
    origin: str


@dataclass
class VerbDictionary:
    blocks: list[VerbBlock] = field(default_factory=list)
    synsets: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    transformations: list[Transformation] = field(default_factory=list)
    forms: dict[str, list[VerbForm]] = field(default_factory=dict)
    _by_base: dict[str, list[Verb]] = field(default_factory=dict, repr=False)

    def lookup(self, word: str) -> list[VerbForm]:
        """The forms spelt ``word`` (upper case), multi-word forms first."""
        return self.forms.get(word, [])

    def block_names(self, verb: Verb) -> set[str]:
        """The names a transformation's class may use for a verb: its own base form, its
        block's name, and every verb of its block (PETRARCH-2 names classes by verbs)."""
        names = {verb.base, verb.block.name}
        names.update(v.base for v in verb.block.verbs)
        return names

    @property
    def pattern_count(self) -> int:
        return sum(len(b.patterns) for b in self.blocks)

    def extend(self, other: VerbDictionary) -> None:
        self.blocks += other.blocks
        self.synsets.update(other.synsets)
        self.transformations += other.transformations
        for word, forms in other.forms.items():
            self.forms.setdefault(word, []).extend(forms)
            self.forms[word].sort(key=lambda f: -(len(f.before) + len(f.after)))


def read_verbs(path: Path, unsupported: Unsupported) -> VerbDictionary:
    """The synsets, verb blocks (with compiled patterns) and transformations of a verb file."""
    out = VerbDictionary()
    raw_synsets: dict[str, tuple[bool, list[tuple[str, str]]]] = {}
    in_synset: str | None = None
    block: VerbBlock | None = None
    order = 0
    for line in lines(path, legacy_semicolon=False):
        text = line.text
        at = where(path, line)
        if not text:
            in_synset = None
            continue
        if text.startswith("&"):
            name = text[1:].split()[0]
            in_synset = name.rstrip("_").upper()
            raw_synsets[in_synset] = (name.endswith("_"), [])
            continue
        if text.startswith("+") and in_synset is not None:
            raw_synsets[in_synset][1].append((text[1:].strip(), at))
            continue
        in_synset = None
        if text.startswith("---"):
            head, contents = brackets(text.strip("- "))
            name = " ".join(head.strip("- ").split()).upper() or f"BLOCK-{line.number}"
            if len(contents) > 1:
                unsupported.add("block header with several codes (the first is used)", at, text)
            block = VerbBlock(name, Code.parse(contents[0]) if contents else None, at)
            out.blocks.append(block)
            continue
        if text.startswith("~"):
            t = _transformation(text, at)
            if t is None:
                unsupported.add("transformation not of the form ~ a (x y VERB) VERB = s t CODE", at, text)
            else:
                out.transformations.append(t)
            continue
        if text.startswith("-"):
            if block is None:
                unsupported.add("pattern before any verb", at, text)
                continue
            block.raw_patterns.append((text[1:].strip(), at, order))
            order += 1
            continue
        if block is None or block.raw_patterns:
            # A verb after patterns starts a new block even without a --- header line.
            block = VerbBlock(text.split()[0].lstrip("+").upper(), None, at)
            out.blocks.append(block)
        _read_verb_line(text, at, block, out, unsupported)
    out.synsets = _expand_synsets(raw_synsets, unsupported)
    for b in out.blocks:
        for raw, at, n in b.raw_patterns:
            for variant in _alternatives(raw, at, unsupported):
                pattern = compile_pattern(variant, at, n, out.synsets, unsupported)
                if pattern is not None:
                    b.patterns.append(pattern)
        b.raw_patterns.clear()
        b.patterns.sort(key=lambda p: (-p.size, p.order))
    for forms in out.forms.values():
        forms.sort(key=lambda f: -(len(f.before) + len(f.after)))
    _count_duplicates(out, path, unsupported)
    return out


def _read_verb_line(text: str, at: str, block: VerbBlock, out: VerbDictionary, unsupported: Unsupported) -> None:
    head, contents = brackets(text)
    irregular: list[str] = []
    brace = re.search(r"\{([^}]*)\}", head)
    if brace:
        irregular = [f for f in re.split(r"[\s,]+", brace[1]) if f]
        head = (head[: brace.start()] + head[brace.end() :]).strip()
    elif "{" in head:
        unsupported.add("verb with an unclosed {", at, text)
        head = head.split("{", 1)[0].strip()
    if not head:
        unsupported.add("verb line with no verb", at, text)
        return
    code = Code.parse(contents[0]) if contents else None
    if len(contents) > 1:
        unsupported.add("verb with several codes (the first is used)", at, text)
    parsed = _split_verb(head)
    if parsed is None:
        unsupported.add("multi-word verb with several + marks", at, text)
        return
    before, word, after = parsed
    verb = Verb(text=head, base=word, code=code, block=block)
    block.verbs.append(verb)
    out._by_base.setdefault(word, []).append(verb)
    spellings = [(before, word, after)] + [(before, f, after) for f in verb_forms(word)]
    for form in irregular:
        p = _split_verb(form)
        if p is None:
            unsupported.add("irregular form with several + marks", at, text)
        else:
            spellings.append(p)
    for b, w, a in dict.fromkeys(spellings):
        out.forms.setdefault(w, []).append(VerbForm(b, w, a, verb))


def _split_verb(text: str) -> tuple[tuple[str, ...], str, tuple[str, ...]] | None:
    """``"+BREAK_DOWN"`` -> ``((), "BREAK", ("DOWN",))``; ``"WIRE_+TAP"`` -> ``(("WIRE",), "TAP", ())``.
    Without a + the first word is the verb ("LASH OUT")."""
    words = [w for w in re.split(r"[\s_]+", text.upper()) if w]
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    if len(marked) > 1:
        return None
    i = marked[0] if marked else 0
    words[i] = words[i].lstrip("+")
    stream = [[p for p in split_word(w)] for w in words]
    before = tuple(p for w in stream[:i] for p in w)
    after = tuple(p for w in stream[i + 1 :] for p in w)
    return before, words[i], after


def _transformation(text: str, at: str) -> Transformation | None:
    m = _TRANSFORM.match(text)
    if m is None:
        return None
    a, x, y, inner, outer, s, t, code = m.groups()
    return Transformation(a, x, y, inner.upper(), outer.upper(), s, t, code, text, at)


def _expand_synsets(
    raw: dict[str, tuple[bool, list[tuple[str, str]]]], unsupported: Unsupported
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Synset name -> phrases (tuples of stream words), nested synsets expanded, plurals added."""
    done: dict[str, tuple[tuple[str, ...], ...]] = {}

    def expand(name: str, seen: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        if name in done:
            return done[name]
        no_plural, members = raw[name]
        phrases: list[tuple[str, ...]] = []
        for member, at in members:
            if member.startswith("&"):
                inner = member[1:].strip().rstrip("_").upper()
                if inner in seen or inner not in raw:
                    unsupported.add("synset member naming an unknown or circular synset", at, member)
                    continue
                phrases += expand(inner, (*seen, inner))
                continue
            exact = member.endswith("_")
            words = [p for w in re.split(r"[\s_]+", member.upper()) if w for p in split_word(w)]
            if not words:
                continue
            phrases.append(tuple(words))
            if not (exact or no_plural):
                phrases += [(*words[:-1], p) for p in noun_plurals(words[-1])]
        done[name] = tuple(dict.fromkeys(phrases))
        return done[name]

    for name in raw:
        expand(name, (name,))
    return done


_ALTERNATIVES = re.compile(r"\{([^{}]*\|[^{}]*)\}")
MAX_VARIANTS = 64  # a pattern with more alternatives than this is cut (and counted)


def _alternatives(raw: str, at: str, unsupported: Unsupported) -> list[str]:
    """TABARI's ``{A | B C}`` alternatives as one pattern per choice ("- * {TIES | RELATIONS}"
    is "- * TIES" and "- * RELATIONS")."""
    variants = [raw]
    while any(_ALTERNATIVES.search(v) for v in variants):
        expanded = []
        for v in variants:
            m = _ALTERNATIVES.search(v)
            if m is None:
                expanded.append(v)
                continue
            expanded += [v[: m.start()] + " " + alt.strip() + " " + v[m.end() :] for alt in m[1].split("|")]
        if len(expanded) > MAX_VARIANTS:
            unsupported.add(f"pattern with more than {MAX_VARIANTS} {{A | B}} alternatives (cut)", at, raw)
            return expanded[:MAX_VARIANTS]
        variants = expanded
    return variants


def compile_pattern(
    raw: str, at: str, order: int, synsets: dict[str, tuple[tuple[str, ...], ...]], unsupported: Unsupported
) -> Pattern | None:
    """One ``- ...`` pattern line (without the dash); None (counted) when it cannot be used."""
    body, contents = brackets(raw)
    if not contents:
        unsupported.add("pattern without a [code]", at, raw)
        return None
    code = Code.parse(contents[-1])
    # PETRARCH-2's {noun phrase} and (prepositional phrase) marks group words the parse would
    # check; on the word order they are sequences of words, so the marks are dropped.
    if re.search(r"[{}()]", body):
        unsupported.add("PETRARCH-2 phrase grouping {...} or (...) (read as a plain word sequence)", at, raw)
    body = re.sub(r"[{}()]", " ", body)
    items: list[Element | str] = []  # elements, and "*" for the verb
    tight: list[bool] = []  # tight[i]: items[i] was joined to items[i - 1] by _
    chunks: list[str] = []
    for chunk in body.split():
        glued = re.match(r"^(\*+)([A-Za-z&].*)$", chunk)  # "*SCEPTICAL": a blank left out
        chunks += [glued[1], glued[2]] if glued else [chunk]
    for chunk in chunks:
        parts = chunk.split("_")
        underscore = False  # an _ stands between the last item and the next one
        k = 0
        while k < len(parts):
            if k > 0:
                underscore = True
            part = parts[k].upper()
            if not part:
                k += 1
                continue
            used = 1
            new: list[Element | str]
            if part in ("*", "**"):
                new = ["*"]
            elif part in _MARKS:
                new = [Element(_MARKS[part])]
            elif part.startswith("&"):
                name, used = _synset_name(parts, k, synsets)
                if name is None:
                    unsupported.add("pattern using an undefined synset (pattern skipped)", at, raw)
                    return None
                new = [Element(SYNSET, (name,))]
            else:
                new = [Element(WORD, (piece,)) for piece in split_word(part)]
            for i, item in enumerate(new):
                items.append(item)
                tight.append(bool(items[:-1]) and (underscore or i > 0))
            underscore = False
            k += used
        if chunk.endswith("_") and items:
            items.append("_")  # a trailing _ ties this chunk to the next one
            tight.append(True)
    # fold the "_" placeholders into the tightness of the item after them
    folded: list[tuple[Element | str, bool]] = []
    tie = False
    for item, t in zip(items, tight, strict=True):
        if item == "_":
            tie = True
            continue
        folded.append((item, t or tie))
        tie = False
    stars = [i for i, (item, _) in enumerate(folded) if item == "*"]
    if len(stars) != 1:
        unsupported.add("pattern without exactly one * (the verb)", at, raw)
        return None
    s = stars[0]
    # Before the verb an element's tightness is that of its link towards the verb: element i is
    # tight when element i + 1 (or the verb) was written right after it with _.
    before: list[Element] = []
    for i in range(s - 1, -1, -1):
        elem = folded[i][0]
        assert isinstance(elem, Element)
        before.append(Element(elem.kind, elem.value, folded[i + 1][1]))
    after: list[Element] = []
    for elem, t in folded[s + 1 :]:
        assert isinstance(elem, Element)
        after.append(Element(elem.kind, elem.value, t))
    text = "- " + raw.split("[", 1)[0].strip() + f" [{contents[-1]}]"
    return Pattern(tuple(before), tuple(after), code, text, at, order)


def _synset_name(
    parts: list[str], k: int, synsets: dict[str, tuple[tuple[str, ...], ...]]
) -> tuple[str | None, int]:
    """The longest synset name starting at ``parts[k]`` (names may contain _), and how many
    parts it used."""
    best: tuple[str | None, int] = (None, 1)
    for j in range(k, len(parts)):
        name = "_".join(parts[k : j + 1]).lstrip("&").upper()
        if name in synsets:
            best = (name, j - k + 1)
    return best


def _count_duplicates(out: VerbDictionary, path: Path, unsupported: Unsupported) -> None:
    for base, verbs in out._by_base.items():
        blocks = {id(v.block) for v in verbs}
        if len(blocks) > 1:
            unsupported.add("verb listed in several blocks (their patterns are all tried)", path.name, base)
