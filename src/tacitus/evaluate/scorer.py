"""Scoring predicted events against gold events: pure functions on plain dicts.

The rules are those of ``shared/gold/GUIDELINES.md``; ``docs/evaluation.md`` lists every metric and
every convention chosen where the guidelines leave room. In short:

* Events are compared by **dyad-type**: the source and target *actor tokens* (a code less its
  trailing sector token: ``RUSGOV`` -> ``RUS``) and the PLOVER type (or one of ``plover_alt``).
  A ``symmetric`` gold event matches in either direction. The gold tokens ``IGO`` and ``NGO`` stand
  for any organisation.
* Within a document, predictions and gold events are paired one-to-one: greedily by preference
  (full-code match first, then equal status, then a non-optional gold event, then the primary type,
  then the coded direction, then file order), and the greedy pairing is then extended along
  augmenting paths so that no match is lost to an unlucky order. The result is deterministic.
* Precision, recall and the false-assertion rate count ``asserted`` predictions and ``asserted``
  gold events; optional gold events are neutral; status accuracy is over all matched pairs.

Nothing here loads spaCy or reads files: the runner feeds it dicts, and tests can too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# Sector tokens a CAMEO-style code may end with (GUIDELINES.md, plus SPY and IGO which the
# actor knowledge also uses).
SECTORS = frozenset(
    ["GOV", "MIL", "OPP", "REL", "MED", "JUD", "LEG", "COP", "REB", "CVL", "BUS", "NGO", "SPY", "IGO"]
)
# The other CAMEO actor-codebook sectors a coder may emit (education, health, labour, elites,
# parties, refugees, agriculture, environment, human rights, development, unidentified armed
# forces, insurgents, separatists). They are split off a predicted code ("IDNEDU" is Indonesia +
# EDU) but are not gold sectors, so a gold label outside SECTORS stays unmappable.
CODE_SECTORS = SECTORS | {"EDU", "HLH", "LAB", "ELI", "PTY", "REF", "AGR", "ENV", "HRI", "DEV", "UAF", "INS", "SEP"}

# Older CAMEO country forms found in gold data -> ISO-3166 alpha-3. JAP, ITL and VTN occur in the
# PLOVER records; ROM, ZAR, TMP and BUR are retired ISO codes that older CAMEO dictionaries still use.
CODE_ALIASES = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
    "ROM": "ROU",
    "ZAR": "COD",
    "TMP": "TLS",
    "BUR": "MMR",
}

# Gold sector labels outside SECTORS that mean one of ours (PLOVER records). The first three
# letters of a gold sector are read (``CVLalb`` -> ``CVL``, ``RELCHR`` -> ``REL``) before this.
SECTOR_ALIASES = {"CIV": "CVL", "JRN": "MED", "MOS": "REL", "REF": "CVL"}

# CAMEO region tokens: not countries, and not organisations either (CAF and NAM are left out:
# they are also the ISO codes of the Central African Republic and Namibia).
# fmt: off
REGIONS = frozenset({
    "AFR", "ASA", "EUR", "MEA", "WST", "NAF", "EAF", "WAF", "SAF", "SAS", "SEA", "CAS", "EEU",
    "WEU", "SCN", "BLK", "BAL", "CAU", "CRB", "LAM", "SAM", "MDT", "PGS", "NMR", "CFR",
})
# fmt: on

# Gold tokens standing for "any organisation" (the PLOVER records use IGO for the UN, the Red
# Cross and NATO alike, and NGO for unnamed groups).
ORGANISATION_WILDCARDS = frozenset({"IGO", "NGO"})

ASSERTED = "asserted"


# --------------------------------------------------------------------------------------------
# Codes


@dataclass(frozen=True)
class Party:
    """One side of an event, reduced to what scoring compares.

    ``sector`` is ``""`` for a bare actor (the country as such) and ``None`` when unknown (a gold
    sector we cannot map): an unknown sector is not compared.
    """

    token: str
    sector: str | None = ""
    kind: str | None = None  # the predicted actor's kind, when known (organisation, country, ...)
    text: str | None = None  # the gold actor's words (PLOVER records), for locating it


def normalise_token(token: str) -> str:
    token = token.strip().upper()
    return CODE_ALIASES.get(token, token)


def split_code(code: str | None) -> tuple[str, str]:
    """``RUSGOV`` -> ``("RUS", "GOV")``; ``UNO`` -> ``("UNO", "")``; ``REL`` -> ``("REL", "")``.

    Trailing sector tokens are stripped while at least two characters remain, so ``EUGOV`` is
    ``EU`` + ``GOV`` while a code that *is* a sector token (``REL``, ``NGO``) keeps it as its actor
    token: it names a non-state actor without a country and must be matched as such.
    """
    token = (code or "").strip().upper()
    sector = ""
    while len(token) >= 5 and token[-3:] in CODE_SECTORS:
        token, sector = token[:-3], token[-3:] + sector
    return normalise_token(token), sector


def normalise_sector(sector: str | None) -> str | None:
    """A gold sector label -> one of SECTORS, ``""`` when absent, ``None`` when unmappable."""
    if not sector:
        return ""
    head = sector.strip()[:3].upper()
    head = SECTOR_ALIASES.get(head, head)
    return head if head in SECTORS else None


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    import pycountry  # a pinned dependency; pure data, fast to load

    return frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"} | frozenset(CODE_ALIASES)


def is_organisation(token: str, kind: str | None = None) -> bool:
    """Whether a predicted actor is an organisation: by the resolver's kind when it says
    organisation or country, else by its token (a person such as the UN Secretary-General carries
    the organisation's token)."""
    if kind in ("organisation", "country"):
        return kind == "organisation"
    if not token:
        return False
    if token in ORGANISATION_WILDCARDS:
        return True
    return token not in _countries() and token not in REGIONS and token not in CODE_SECTORS


def token_matches(gold: str, predicted: Party) -> bool:
    if not predicted.token:
        return False
    if gold == predicted.token:
        return True
    return gold in ORGANISATION_WILDCARDS and is_organisation(predicted.token, predicted.kind)


def party_of(value: Any, kind: str | None = None) -> Party | None:
    """A code string or an actor dict (``code``, optional ``sector``, ``text``/``actorText``)."""
    if isinstance(value, str):
        token, sector = split_code(value)
        return Party(token, sector, kind) if token else None
    if isinstance(value, Mapping):
        code = value.get("code")
        if not isinstance(code, str) or not code.strip():
            return None
        text = value.get("text") or value.get("actorText")
        token, sector = split_code(code)
        if value.get("sector"):  # gold records carry the sector apart from the country
            return Party(token, normalise_sector(value["sector"]), kind, text)
        return Party(token, sector, kind, text)
    return None


def gold_side(value: Any) -> list[Party]:
    """A gold event's source or target: a code, an actor dict, a list of them, or nothing.

    An empty list means the gold event has no such side (some PLOVER records have no target):
    that side is then not compared.
    """
    items = value if isinstance(value, list) else [value]
    return [p for p in (party_of(v) for v in items) if p is not None]


def cameo_root(code: Any) -> str | None:
    digits = re.sub(r"\D", "", str(code or ""))
    return digits[:2] if len(digits) >= 2 else None


# --------------------------------------------------------------------------------------------
# Events


@dataclass
class GoldEvent:
    index: int
    id: str
    sources: list[Party]
    targets: list[Party]
    plover: str
    types: frozenset[str]  # plover and plover_alt
    cameo: str | None  # CAMEO root, None when the gold has no CAMEO code (PLOVER records)
    status: str
    symmetric: bool
    optional: bool

    @property
    def scored(self) -> bool:
        """Counted in precision and recall: non-optional and asserted."""
        return not self.optional and self.status == ASSERTED

    @property
    def compound(self) -> bool:
        return len(self.sources) > 1 or len(self.targets) > 1

    def describe(self) -> str:
        src = "|".join(p.token + (p.sector or "") for p in self.sources) or "-"
        tgt = "|".join(p.token + (p.sector or "") for p in self.targets) or "-"
        flags = " optional" if self.optional else ""
        return f"[{self.id}] {src} -{self.plover}-> {tgt} ({self.cameo or '-'}, {self.status}{flags})"


@dataclass
class PredictedEvent:
    index: int
    source: Party | None
    target: Party | None
    plover: str
    cameo: str | None
    status: str
    raw: Mapping[str, Any] = field(repr=False)

    @property
    def facet(self) -> tuple[str, str]:
        return (self.source.token if self.source else "", self.target.token if self.target else "")

    def describe(self) -> str:
        def code(p: Party | None) -> str:
            return p.token + (p.sector or "") if p else "-"

        sentence = str(self.raw.get("sentence") or "").strip()
        where = f' "{sentence[:80]}"' if sentence else ""
        return (
            f"{code(self.source)} -{self.plover}-> {code(self.target)} "
            f"({self.cameo or '-'}, {self.status}){where}"
        )


def gold_event(raw: Mapping[str, Any], index: int) -> GoldEvent:
    plover = str(raw.get("plover") or "").upper()
    alts = raw.get("plover_alt") or []
    return GoldEvent(
        index=index,
        id=str(raw.get("id", index)),
        sources=gold_side(raw.get("source")),
        targets=gold_side(raw.get("target")),
        plover=plover,
        types=frozenset({plover, *(str(a).upper() for a in alts)}),
        cameo=cameo_root(raw.get("cameo")),
        status=str(raw.get("status") or ASSERTED),
        symmetric=bool(raw.get("symmetric")),
        optional=bool(raw.get("optional")),
    )


def predicted_event(raw: Mapping[str, Any], index: int, kinds: Mapping[str, str]) -> PredictedEvent:
    def side(value: Any) -> Party | None:
        if not isinstance(value, Mapping):
            return None
        return party_of(value, kinds.get(str(value.get("actor_id"))))

    return PredictedEvent(
        index=index,
        source=side(raw.get("source")),
        target=side(raw.get("target")),
        plover=str(raw.get("plover") or "").upper(),
        cameo=cameo_root(raw.get("cameo")),
        status=str(raw.get("status") or ASSERTED),
        raw=raw,
    )


def _side_ok(gold: list[Party], predicted: Party | None, strict: bool) -> bool:
    # A side the gold event does not have is not compared (so a prediction without a target can
    # match a PLOVER record without one); a side it has needs a predicted actor to match.
    if not gold:
        return True
    if predicted is None:
        return False
    return any(
        token_matches(g.token, predicted) and (not strict or g.sector is None or g.sector == predicted.sector)
        for g in gold
    )


def orientations(p: PredictedEvent, g: GoldEvent, strict: bool = False) -> tuple[bool, bool]:
    """Whether the dyad matches as coded, and reversed (reversed only counts for symmetric gold)."""
    forward = _side_ok(g.sources, p.source, strict) and _side_ok(g.targets, p.target, strict)
    backward = g.symmetric and _side_ok(g.sources, p.target, strict) and _side_ok(g.targets, p.source, strict)
    return forward, backward


def dyad_type_match(p: PredictedEvent, g: GoldEvent) -> bool:
    return p.plover in g.types and any(orientations(p, g))


def full_code_match(p: PredictedEvent, g: GoldEvent) -> bool:
    """Dyad-type, plus the sector parts of both codes and the CAMEO root (where the gold has one)."""
    if p.plover not in g.types or (g.cameo is not None and p.cameo != g.cameo):
        return False
    return any(orientations(p, g, strict=True))


# --------------------------------------------------------------------------------------------
# One-to-one assignment


def assign(
    candidates: Mapping[int, Sequence[int]], preference: Mapping[tuple[int, int], tuple[int, ...]]
) -> dict[int, int]:
    """Pair predictions with gold events one-to-one. Returns ``{prediction: gold}``.

    Greedy by ``preference`` (lower is better, ties by index), then Kuhn's augmenting paths: a
    prediction left out is given a gold event by moving others to their next candidates, which
    keeps every earlier pair's members matched and only ever adds pairs.
    """
    pairs = sorted(((p, g) for p, gs in candidates.items() for g in gs), key=lambda pg: (preference[pg], pg))
    to_gold: dict[int, int] = {}
    to_pred: dict[int, int] = {}
    for p, g in pairs:
        if p not in to_gold and g not in to_pred:
            to_gold[p], to_pred[g] = g, p

    ordered = {p: sorted(gs, key=lambda g, p=p: (preference[(p, g)], g)) for p, gs in candidates.items()}

    def augment(p: int, seen: set[int]) -> bool:
        for g in ordered[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in to_pred or augment(to_pred[g], seen):
                to_gold[p], to_pred[g] = g, p
                return True
        return False

    for p in sorted(candidates):
        if p not in to_gold and candidates[p]:
            augment(p, set())
    return to_gold


# --------------------------------------------------------------------------------------------
# Counting


@dataclass
class Counts:
    """Counts behind precision and recall (for one type, or overall)."""

    predicted: int = 0  # asserted predictions counted in precision (neutral ones left out)
    correct: int = 0  # of those, matched to a scored gold event
    support: int = 0  # scored gold events (non-optional, asserted)
    recalled: int = 0  # of those, matched by an asserted prediction

    @property
    def precision(self) -> float:
        return ratio(self.correct, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.recalled, self.support)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def ratio(num: int, den: int) -> float:
    # Honest zeros: nothing to measure is reported as 0.0, never as a division error.
    return num / den if den else 0.0


@dataclass
class _Outcome:
    """What one document's pairing says, prediction by prediction and gold event by gold event."""

    pairs: dict[int, int]
    verdict: dict[int, str]  # asserted predictions: correct | neutral | false_positive | false_assertion
    recalled: set[int]  # scored gold events matched by an asserted prediction


def _judge(golds: list[GoldEvent], preds: list[PredictedEvent], strict: bool) -> _Outcome:
    match = full_code_match if strict else dyad_type_match
    candidates: dict[int, list[int]] = {}
    preference: dict[tuple[int, int], tuple[int, ...]] = {}
    for p in preds:
        candidates[p.index] = []
        for g in golds:
            if not match(p, g):
                continue
            candidates[p.index].append(g.index)
            forward, _ = orientations(p, g, strict)
            preference[(p.index, g.index)] = (
                0 if strict or full_code_match(p, g) else 1,
                0 if p.status == g.status else 1,
                1 if g.optional else 0,
                0 if p.plover == g.plover else 1,
                0 if forward else 1,
            )
    pairs = assign(candidates, preference)
    owner = {g: p for p, g in pairs.items()}

    verdict: dict[int, str] = {}
    for p in preds:
        if p.status != ASSERTED:
            continue
        if p.index in pairs:
            g = golds[pairs[p.index]]
            verdict[p.index] = (
                "neutral" if g.optional else "correct" if g.status == ASSERTED else "false_assertion"
            )
            continue
        # Left unpaired although it matches: a second coding of a gold event already taken.
        rivals = [golds[i] for i in candidates[p.index] if not golds[i].optional]
        if not candidates[p.index]:
            verdict[p.index] = "false_positive"
        elif not rivals:
            verdict[p.index] = "neutral"  # its only matches are optional gold events
        elif any(g.compound and preds[owner[g.index]].facet != p.facet for g in rivals if g.index in owner):
            verdict[p.index] = "neutral"  # another actor pair of a compound gold event (PLOVER)
        elif all(g.status != ASSERTED for g in rivals):
            verdict[p.index] = "false_assertion"
        else:
            verdict[p.index] = "false_positive"

    recalled = {g for p, g in pairs.items() if golds[g].scored and preds[p].status == ASSERTED}
    return _Outcome(pairs, verdict, recalled)


@dataclass
class Score:
    """The result of :func:`score`: ``metrics`` (numbers) and ``errors`` (for people to read)."""

    metrics: dict[str, Any]
    errors: list[dict[str, Any]]


def score(items: Iterable[Mapping[str, Any]]) -> Score:
    """Score documents. Each item is a mapping with:

    * ``gold``: the document's gold events (GUIDELINES.md fields; ``source``/``target`` may be a
      code, an actor dict ``{code, sector, text}`` or a list of those);
    * ``predicted``: ``Document.to_dict()`` output (``events`` and, for actor metrics, ``actors``)
      or just a list of event dicts;
    * ``text`` (optional): the original text, to locate gold actor words for the actor accuracies;
    * ``doc_id`` (optional): for the error list.
    """
    overall, strict = Counts(), Counts()
    per_type: dict[str, Counts] = defaultdict(Counts)
    tallies: defaultdict[str, int] = defaultdict(int)
    errors: list[dict[str, Any]] = []
    documents = gold_total = predicted_total = 0

    for item in items:
        documents += 1
        doc_id = str(item.get("doc_id", documents - 1))
        predicted = item.get("predicted") or {}
        if isinstance(predicted, Mapping):
            raw_events, actors = predicted.get("events") or [], predicted.get("actors") or []
        else:
            raw_events, actors = list(predicted), []
        kinds = {str(a.get("id")): str(a.get("kind")) for a in actors if a.get("id")}
        golds = [gold_event(e, i) for i, e in enumerate(item.get("gold") or [])]
        preds = [predicted_event(e, i, kinds) for i, e in enumerate(raw_events)]
        gold_total += len(golds)
        predicted_total += len(preds)

        loose = _judge(golds, preds, strict=False)
        _count(loose, golds, preds, overall, per_type)
        _count(_judge(golds, preds, strict=True), golds, preds, strict, None)
        for p, g in loose.pairs.items():
            tallies["matched"] += 1
            tallies["status_equal"] += preds[p].status == golds[g].status
        tallies["false_assertions"] += sum(v == "false_assertion" for v in loose.verdict.values())
        errors.extend(_errors(doc_id, loose, golds, preds))

        _dyads(golds, preds, tallies)
        _actor_recall(golds, actors, tallies)
        if item.get("text"):
            errors.extend(_actor_accuracy(doc_id, str(item["text"]), golds, actors, tallies))

    metrics: dict[str, Any] = {
        "documents": documents,
        "gold_events": gold_total,
        "predicted_events": predicted_total,
        "precision": overall.precision,
        "recall": overall.recall,
        "f1": overall.f1,
        "false_assertion_rate": ratio(tallies["false_assertions"], overall.predicted),
        "status_accuracy": ratio(tallies["status_equal"], tallies["matched"]),
        "full_code_f1": strict.f1,
        "per_type": {
            t: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.support}
            for t, c in sorted(per_type.items())
        },
        "actor_recall": ratio(tallies["actors_found"], tallies["actors"]),
        "dyad_recall": ratio(tallies["dyads_found"], gold_total),
        "type_accuracy": ratio(tallies["types_right"], tallies["dyads_found"]),
        "actor_country_accuracy": ratio(tallies["country_right"], tallies["located"]),
        "actor_sector_accuracy": ratio(tallies["sector_right"], tallies["sector_located"]),
    }
    return Score(metrics, errors)


def _count(
    outcome: _Outcome,
    golds: list[GoldEvent],
    preds: list[PredictedEvent],
    overall: Counts,
    per_type: dict[str, Counts] | None,
) -> None:
    for p, verdict in outcome.verdict.items():
        if verdict == "neutral":
            continue
        buckets = [overall] + ([per_type[preds[p].plover]] if per_type is not None else [])
        for c in buckets:
            c.predicted += 1
            c.correct += verdict == "correct"
    for g in golds:
        if not g.scored:
            continue
        buckets = [overall] + ([per_type[g.plover]] if per_type is not None else [])
        for c in buckets:
            c.support += 1
            c.recalled += g.index in outcome.recalled


def _errors(
    doc_id: str, outcome: _Outcome, golds: list[GoldEvent], preds: list[PredictedEvent]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for g in golds:
        if g.scored and g.index not in outcome.recalled:
            out.append({"doc_id": doc_id, "kind": "missed", "gold": g.describe(), "predicted": None})
    paired = outcome.pairs
    for p in preds:
        verdict = outcome.verdict.get(p.index)
        gold = golds[paired[p.index]].describe() if p.index in paired else None
        if verdict in ("false_positive", "false_assertion"):
            out.append({"doc_id": doc_id, "kind": verdict, "gold": gold, "predicted": p.describe()})
        elif p.index in paired and p.status != golds[paired[p.index]].status:
            out.append({"doc_id": doc_id, "kind": "status", "gold": gold, "predicted": p.describe()})
    return out


def _dyads(golds: list[GoldEvent], preds: list[PredictedEvent], tallies: dict[str, int]) -> None:
    """Dyad recall (any status, any type; in the coded direction unless the gold is symmetric)
    and, of the dyads found, how many carry the gold type."""
    for g in golds:
        hits = [p for p in preds if any(orientations(p, g))]
        if hits:
            tallies["dyads_found"] += 1
            tallies["types_right"] += any(p.plover in g.types for p in hits)


def _predicted_parties(actors: Sequence[Mapping[str, Any]]) -> list[tuple[Party, int | None, int | None]]:
    """Every predicted actor and mention as ``(party, start, end)``; actors carry no offsets."""
    out: list[tuple[Party, int | None, int | None]] = []
    for a in actors:
        kind = a.get("kind")
        whole = party_of(str(a.get("code") or ""), kind)
        if whole:
            out.append((whole, None, None))
        for m in a.get("mentions") or []:
            # A mention's own code is the one its date gave it; fall back to the actor's.
            party = party_of(str(m.get("code") or a.get("code") or ""), kind)
            if party and isinstance(m.get("start"), int) and isinstance(m.get("end"), int):
                out.append((party, m["start"], m["end"]))
    return out


def _actor_recall(
    golds: list[GoldEvent], actors: Sequence[Mapping[str, Any]], tallies: dict[str, int]
) -> None:
    parties = [p for p, _, _ in _predicted_parties(actors)]
    for g in golds:
        for side in (g.sources, g.targets):
            for gp in side:
                tallies["actors"] += 1
                tallies["actors_found"] += any(token_matches(gp.token, p) for p in parties)


_ELLIPSIS = re.compile(r"\s*\.{2,}\s*")


def locate(text: str, words: str) -> list[tuple[int, int]]:
    """Where a gold actor's words are in the text: ``(start, end)`` spans, possibly none.

    The PLOVER records quote actors loosely: runs of spaces, ``...`` for skipped words ("U.S. ...
    negotiators"), a phrase assembled from a coordination ("French warships" in "French and
    Egyptian warships"). Each ``...``-piece is searched with flexible whitespace, whole words,
    case-sensitively first; a piece not found is shortened from the right until it is.
    """
    spans: list[tuple[int, int]] = []
    for piece in _ELLIPSIS.split(words.strip()):
        tokens = piece.split()
        while tokens:
            pattern = r"(?<!\w)" + r"\s+".join(re.escape(t) for t in tokens) + r"(?!\w)"
            found = re.search(pattern, text) or re.search(pattern, text, re.IGNORECASE)
            if found and len(found.group()) >= 2:
                spans.append(found.span())
                break
            tokens = tokens[:-1]
    return spans


def _actor_accuracy(
    doc_id: str,
    text: str,
    golds: list[GoldEvent],
    actors: Sequence[Mapping[str, Any]],
    tallies: dict[str, int],
) -> list[dict[str, Any]]:
    """Country and country+sector accuracy of predicted mentions over gold actor words.

    Only gold actors with words (PLOVER records) that can be found in the text are counted; a
    gold sector we cannot map (``***``, ``ELI``, ``EDU``, ...) leaves the actor out of the sector
    accuracy. A gold actor without a sector is the country as such: only a mention without a
    sector matches it there.
    """
    mentions = [(p, s, e) for p, s, e in _predicted_parties(actors) if s is not None and e is not None]
    errors: list[dict[str, Any]] = []
    for g in golds:
        for gp in (*g.sources, *g.targets):
            if not gp.text:
                continue
            spans = locate(text, gp.text)
            if not spans:
                errors.append(
                    {"doc_id": doc_id, "kind": "unlocated_actor", "gold": gp.text, "predicted": None}
                )
                continue
            over = [p for p, s, e in mentions if any(s < b and a < e for a, b in spans)]
            country = [p for p in over if token_matches(gp.token, p)]
            tallies["located"] += 1
            tallies["country_right"] += bool(country)
            if gp.sector is not None:
                tallies["sector_located"] += 1
                tallies["sector_right"] += any(p.sector == gp.sector for p in country)
            if not country or (gp.sector is not None and not any(p.sector == gp.sector for p in country)):
                found = ", ".join(sorted({p.token + (p.sector or "") for p in over})) or None
                errors.append(
                    {
                        "doc_id": doc_id,
                        "kind": "actor",
                        "gold": f"{gp.text!r} = {gp.token}{gp.sector or ''}",
                        "predicted": found,
                    }
                )
    return errors
