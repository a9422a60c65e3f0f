"""The scorer on small synthetic cases (no spaCy, no files): every rule of GUIDELINES.md's scoring."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from tacitus.evaluate.scorer import assign, locate, normalise_sector, score, split_code


def gold(
    gid: str,
    source: Any,
    target: Any,
    plover: str,
    status: str = "asserted",
    cameo: str | None = "010",
    **kw: Any,
) -> dict[str, Any]:
    return {
        "id": gid,
        "source": source,
        "target": target,
        "plover": plover,
        "status": status,
        "cameo": cameo,
        **kw,
    }


def pred(
    source: str | None,
    target: str | None,
    plover: str,
    status: str = "asserted",
    cameo: str | None = "010",
    **kw: Any,
) -> dict[str, Any]:
    """An event dict shaped like Document.to_dict()["events"][i]."""

    def ref(code: str | None) -> dict[str, Any] | None:
        return {"text": code, "code": code, "actor_id": kw.pop(f"{code}_id", None)} if code else None

    return {"source": ref(source), "target": ref(target), "plover": plover, "cameo": cameo, "status": status}


def run(golds: list[dict[str, Any]], preds: list[dict[str, Any]], **item: Any) -> dict[str, Any]:
    return score(
        [{"doc_id": "d", "gold": golds, "predicted": {"events": preds, "actors": []}, **item}]
    ).metrics


# ---------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("RUSGOV", ("RUS", "GOV")),
        ("RUS", ("RUS", "")),
        ("UNO", ("UNO", "")),
        ("NATO", ("NATO", "")),
        ("EUGOV", ("EU", "GOV")),
        ("ISRGOVMIL", ("ISR", "GOVMIL")),
        ("REL", ("REL", "")),  # a sector-only code keeps its token: it is matched as such
        ("isrngo", ("ISR", "NGO")),
        ("JAP", ("JPN", "")),  # old CAMEO form
        ("IDNEDU", ("IDN", "EDU")),  # CAMEO sectors beyond the gold's are split off too
        ("CHEHLH", ("CHE", "HLH")),
        ("", ("", "")),
        (None, ("", "")),
    ],
)
def test_split_code(code: str | None, expected: tuple[str, str]) -> None:
    assert split_code(code) == expected


def test_gold_sectors_are_normalised_or_left_unknown() -> None:
    assert normalise_sector(None) == ""
    assert normalise_sector("CVLalb") == "CVL"
    assert normalise_sector("CIV") == "CVL"
    assert normalise_sector("RELCHR") == "REL"
    assert normalise_sector("***") is None
    assert normalise_sector("ELI") is None


# ---------------------------------------------------------------------------- events


def test_perfect() -> None:
    golds = [
        gold("g1", "ISRGOV", "RUSGOV", "CONSULT", cameo="042"),
        gold("g2", "RUS", "ISR", "THREATEN", cameo="130"),
    ]
    preds = [pred("RUS", "ISR", "THREATEN", cameo="1313"), pred("ISRGOV", "RUSGOV", "CONSULT", cameo="0421")]
    m = run(golds, preds)
    assert (m["precision"], m["recall"], m["f1"], m["full_code_f1"]) == (1.0, 1.0, 1.0, 1.0)
    assert (m["status_accuracy"], m["false_assertion_rate"]) == (1.0, 0.0)
    assert (m["documents"], m["gold_events"], m["predicted_events"]) == (1, 2, 2)


def test_empty_predictions_and_empty_runs_are_honest_zeros() -> None:
    m = run([gold("g1", "ISR", "RUS", "CONSULT")], [])
    assert m["precision"] == m["recall"] == m["f1"] == m["status_accuracy"] == 0.0
    assert m["false_assertion_rate"] == 0.0
    m = score([]).metrics
    assert m["documents"] == 0 and m["f1"] == 0.0 and m["per_type"] == {}


def test_wrong_direction_does_not_match() -> None:
    m = run([gold("g1", "ISR", "RUS", "REQUEST")], [pred("RUS", "ISR", "REQUEST")])
    assert m["precision"] == m["recall"] == 0.0


def test_symmetric_gold_matches_either_direction() -> None:
    m = run([gold("g1", "ISRGOV", "RUSGOV", "AGREE", symmetric=True)], [pred("RUSGOV", "ISRGOV", "AGREE")])
    assert m["precision"] == m["recall"] == 1.0
    assert m["full_code_f1"] == 1.0  # sectors are compared in the matched orientation


def test_wrong_type_does_not_match_and_plover_alt_does() -> None:
    golds = [gold("g1", "EU", "ISR", "SANCTION", plover_alt=["COERCE"])]
    assert run(golds, [pred("EU", "ISR", "COERCE")])["f1"] == 1.0
    assert run(golds, [pred("EU", "ISR", "ACCUSE")])["f1"] == 0.0


def test_optional_gold_is_neither_rewarded_nor_penalised() -> None:
    golds = [gold("g1", "ISR", "RUS", "CONSULT"), gold("g2", "ISR", "CHN", "CONSULT", optional=True)]
    both = run(golds, [pred("ISR", "RUS", "CONSULT"), pred("ISR", "CHN", "CONSULT")])
    only_required = run(golds, [pred("ISR", "RUS", "CONSULT")])
    assert both["precision"] == only_required["precision"] == 1.0
    assert both["recall"] == only_required["recall"] == 1.0
    # a duplicate of an optional event is neutral as well
    assert (
        run(golds, [pred("ISR", "CHN", "CONSULT")] * 2 + [pred("ISR", "RUS", "CONSULT")])["precision"] == 1.0
    )


def test_false_assertion() -> None:
    golds = [gold("g1", "ISR", "UKR", "AID", status="hypothetical"), gold("g2", "IRN", "RUS", "AID")]
    m = run(golds, [pred("ISR", "UKR", "AID"), pred("IRN", "RUS", "AID")])
    assert m["false_assertion_rate"] == 0.5
    assert m["precision"] == 0.5  # the false assertion counts against precision
    assert m["recall"] == 1.0  # the hypothetical gold event is not in recall
    assert m["status_accuracy"] == 0.5


def test_optional_non_asserted_gold_is_not_a_false_assertion() -> None:
    m = run(
        [gold("g1", "RUS", "FRA", "CONSULT", status="negated", optional=True)],
        [pred("RUS", "FRA", "CONSULT")],
    )
    assert m["false_assertion_rate"] == 0.0 and m["precision"] == 0.0 and m["status_accuracy"] == 0.0


def test_status_accuracy_over_matched_events_of_any_status() -> None:
    golds = [
        gold("g1", "ISR", "RUS", "CONSULT", status="planned"),
        gold("g2", "ISR", "UKR", "AID", status="negated"),
    ]
    m = run(
        golds,
        [pred("ISR", "RUS", "CONSULT", status="planned"), pred("ISR", "UKR", "AID", status="hypothetical")],
    )
    assert m["status_accuracy"] == 0.5
    # non-asserted predictions are outside precision; non-asserted gold outside recall
    assert m["precision"] == m["recall"] == m["false_assertion_rate"] == 0.0


def test_non_asserted_prediction_of_asserted_gold_is_not_recalled() -> None:
    m = run([gold("g1", "ISR", "RUS", "CONSULT")], [pred("ISR", "RUS", "CONSULT", status="planned")])
    assert m["recall"] == 0.0 and m["status_accuracy"] == 0.0


def test_full_code_needs_sectors_and_cameo_root() -> None:
    golds = [gold("g1", "RUSGOV", "ISR", "THREATEN", cameo="1313")]
    assert run(golds, [pred("RUSGOV", "ISR", "THREATEN", cameo="130")])["full_code_f1"] == 1.0
    assert run(golds, [pred("RUSGOV", "ISR", "THREATEN", cameo="120")])["full_code_f1"] == 0.0
    assert run(golds, [pred("RUSGOV", "ISR", "THREATEN", cameo=None)])["full_code_f1"] == 0.0
    wrong_sector = run(golds, [pred("RUSMIL", "ISR", "THREATEN", cameo="130")])
    assert (wrong_sector["f1"], wrong_sector["full_code_f1"]) == (1.0, 0.0)
    bare_vs_sector = run(golds, [pred("RUSGOV", "ISRGOV", "THREATEN", cameo="130")])
    assert (bare_vs_sector["f1"], bare_vs_sector["full_code_f1"]) == (1.0, 0.0)


def test_igo_stands_for_any_organisation() -> None:
    golds = [gold("g1", "IGO", "LBN", "AGREE", cameo=None)]
    assert run(golds, [pred("UNO", "LBN", "AGREE")])["f1"] == 1.0
    assert run(golds, [pred("NATOMIL", "LBN", "AGREE")])["f1"] == 1.0
    assert run(golds, [pred("FRA", "LBN", "AGREE")])["f1"] == 0.0  # a country is no organisation
    assert run(golds, [pred("EUR", "LBN", "AGREE")])["f1"] == 0.0  # nor is a region
    # only the gold wildcard is one: a named organisation must be named right
    assert run([gold("g1", "UNO", "LBN", "AGREE")], [pred("NATO", "LBN", "AGREE")])["f1"] == 0.0


def test_igo_uses_the_predicted_actor_kind() -> None:
    event = pred("XYZ", "LBN", "AGREE")
    event["source"]["actor_id"] = "a1"
    predicted = {"events": [event], "actors": [{"id": "a1", "kind": "country", "code": "XYZ"}]}
    item = {"gold": [gold("g1", "IGO", "LBN", "AGREE")], "predicted": predicted}
    assert score([item]).metrics["f1"] == 0.0  # an unknown token, but the resolver says: a country
    predicted["actors"][0]["kind"] = "organisation"
    assert score([item]).metrics["f1"] == 1.0


def test_missing_source_or_target_never_matches() -> None:
    golds = [gold("g1", "ISR", "RUS", "CONSULT")]
    assert run(golds, [pred(None, "RUS", "CONSULT")])["f1"] == 0.0
    assert run(golds, [pred("ISR", None, "CONSULT")])["f1"] == 0.0


def test_gold_without_target_leaves_the_target_free() -> None:
    one_sided = [gold("g1", [{"code": "GRC", "sector": "ELI"}], None, "REQUEST", cameo=None)]
    assert run(one_sided, [pred("GRC", None, "REQUEST")])["f1"] == 1.0
    assert run(one_sided, [pred("GRCOPP", "GRC", "REQUEST")])["f1"] == 1.0
    assert run(one_sided, [pred(None, "GRC", "REQUEST")])["f1"] == 0.0


def test_matching_is_one_to_one() -> None:
    golds = [gold("g1", "ISR", "RUS", "CONSULT")]
    m = run(golds, [pred("ISR", "RUS", "CONSULT"), pred("ISR", "RUS", "CONSULT")])
    assert (m["precision"], m["recall"]) == (0.5, 1.0)  # the second coding is a false positive
    two = [gold("g1", "ISR", "RUS", "CONSULT"), gold("g2", "ISR", "RUS", "CONSULT")]
    assert run(two, [pred("ISR", "RUS", "CONSULT")])["recall"] == 0.5


def test_assignment_prefers_full_code_then_finds_the_most_pairs() -> None:
    # the prediction matches both gold events by dyad-type, but g2 by full code too
    golds = [
        gold("g1", "RUS", "ISR", "THREATEN", cameo="130"),
        gold("g2", "RUSGOV", "ISR", "THREATEN", cameo="130"),
    ]
    m = run(golds, [pred("RUSGOV", "ISR", "THREATEN", cameo="130")])
    assert m["full_code_f1"] == pytest.approx(2 * 1 * 0.5 / 1.5)
    # greedy alone would give p0 its preferred g0 and leave p1 (which only fits g0) out
    pairs = assign({0: [0, 1], 1: [0]}, {(0, 0): (0,), (0, 1): (1,), (1, 0): (1,)})
    assert pairs == {0: 1, 1: 0}


def test_status_breaks_ties_between_gold_events() -> None:
    # the same dyad-type told as planned and as done: the asserted prediction takes the asserted gold
    golds = [gold("g1", "ISR", "RUS", "CONSULT", status="planned"), gold("g2", "ISR", "RUS", "CONSULT")]
    m = run(golds, [pred("ISR", "RUS", "CONSULT")])
    assert (m["precision"], m["recall"], m["false_assertion_rate"]) == (1.0, 1.0, 0.0)


def test_compound_gold_other_pairs_are_neutral() -> None:
    # PLOVER records list several actors on a side; coding each pair is not a false positive
    compound = [gold("g1", [{"code": "IGO"}], [{"code": "ROU"}, {"code": "POL"}], "AGREE", cameo=None)]
    m = run(compound, [pred("EU", "ROU", "AGREE"), pred("EU", "POL", "AGREE")])
    assert (m["precision"], m["recall"]) == (1.0, 1.0)
    m = run(compound, [pred("EU", "ROU", "AGREE"), pred("EU", "ROU", "AGREE")])
    assert m["precision"] == 0.5  # the same pair twice is still a duplicate


def test_per_type_table() -> None:
    golds = [
        gold("g1", "ISR", "RUS", "CONSULT"),
        gold("g2", "RUS", "ISR", "THREATEN"),
        gold("g3", "ISR", "UKR", "AID"),
    ]
    preds = [pred("ISR", "RUS", "CONSULT"), pred("RUS", "ISR", "ACCUSE")]
    table = run(golds, preds)["per_type"]
    assert table["CONSULT"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert table["THREATEN"]["recall"] == 0.0 and table["THREATEN"]["support"] == 1
    assert table["ACCUSE"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert table["AID"]["support"] == 1


def test_errors_name_what_went_wrong() -> None:
    golds = [gold("g1", "ISR", "RUS", "CONSULT"), gold("g2", "ISR", "UKR", "AID", status="negated")]
    errors = score(
        [
            {
                "doc_id": "d",
                "gold": golds,
                "predicted": [pred("ISR", "UKR", "AID"), pred("FRA", "ISR", "ACCUSE")],
            }
        ]
    ).errors
    assert sorted(e["kind"] for e in errors) == ["false_assertion", "false_positive", "missed"]
    assert all(e["doc_id"] == "d" for e in errors)


# ---------------------------------------------------------------------------- dyads and actors


def test_dyad_recall_and_type_accuracy() -> None:
    golds = [
        gold("g1", "ISR", "RUS", "CONSULT"),
        gold("g2", "RUS", "ISR", "THREATEN"),
        gold("g3", "IRN", "RUS", "AID"),
    ]
    preds = [
        pred("ISR", "RUS", "CONSULT", status="planned"),
        pred("RUS", "ISR", "ACCUSE"),
        pred("RUS", "IRN", "AID"),
    ]
    m = run(golds, preds)
    assert m["dyad_recall"] == pytest.approx(2 / 3)  # RUS->IRN is the wrong direction
    assert m["type_accuracy"] == 0.5


def test_actor_recall() -> None:
    actors = [
        {"id": "a", "kind": "person", "code": "ISRGOV", "mentions": []},
        {"id": "b", "code": "RUS", "mentions": []},
    ]
    item = {"gold": [gold("g1", "ISRGOV", "RUSGOV", "CONSULT"), gold("g2", "IRN", "RUS", "AID")]}
    assert score([item | {"predicted": {"events": [], "actors": actors}}]).metrics["actor_recall"] == 0.75


def test_actor_country_and_sector_accuracy() -> None:
    text = "Japanese Prime Minister Ryutaro Hashimoto met the U.N. envoy in Tokyo."
    golds = [
        gold(
            "g1",
            [{"code": "JAP", "sector": "GOV", "text": "Japanese Prime Minister Ryutaro Hashimoto"}],
            [{"code": "IGO", "text": "U.N."}],
            "CONSULT",
            cameo=None,
        ),
        gold(
            "g2",
            [{"code": "JAP", "text": "Tokyo"}],
            [{"code": "XYZ", "sector": "***", "text": "envoy"}],
            "AID",
        ),
    ]

    def mention(code: str, words: str) -> dict[str, Any]:
        start = text.index(words)
        return {"text": words, "start": start, "end": start + len(words), "code": code}

    actors = [
        {"id": "a", "kind": "person", "code": "JPNGOV", "mentions": [mention("JPNGOV", "Ryutaro Hashimoto")]},
        {"id": "b", "kind": "organisation", "code": "UNO", "mentions": [mention("UNO", "U.N.")]},
        {"id": "c", "kind": "country", "code": "JPN", "mentions": [mention("JPNGOV", "Tokyo")]},
    ]
    m = (
        run(golds, [], text=text)
        | score([{"gold": golds, "text": text, "predicted": {"events": [], "actors": actors}}]).metrics
    )
    # located: Hashimoto (JPN, GOV), U.N. (any org, no sector), Tokyo (JPN, none), envoy (XYZ, unknown)
    assert m["actor_country_accuracy"] == 0.75  # the envoy has no predicted mention
    # sector: Hashimoto right, U.N. right (no sector either side), Tokyo wrong (predicted GOV);
    # the envoy's sector '***' is unknown and left out
    assert m["actor_sector_accuracy"] == pytest.approx(2 / 3)


def test_locate_gold_actor_words() -> None:
    text = "U.S. and Russian negotiators return to Geneva; French and Egyptian warships sailed."
    assert [text[a:b] for a, b in locate(text, "U.S. ... negotiators")] == ["U.S.", "negotiators"]
    assert [text[a:b] for a, b in locate(text, "French  warships")] == ["French"]
    assert locate(text, "Ghanians") == []
    assert locate(text, "us") == []  # whole words only


def test_scorer_does_not_load_spacy() -> None:
    code = "import sys, tacitus.evaluate, tacitus.evaluate.cli; assert 'spacy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
