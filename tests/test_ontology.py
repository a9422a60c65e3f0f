"""The CAMEO/PLOVER ontology: the data files, the lookups, and agreement with the OEDA sources."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

from tacitus.errors import DataFileError
from tacitus.events import ontology as onto
from tacitus.events.ontology import (
    PLOVER_TYPES,
    cameo,
    cameo_codes,
    cameo_for,
    is_valid_cameo,
    load_ontology,
    normalize_plover,
    plover_score,
    plover_type,
    plover_types,
    quad_class_name,
    root,
)

DATA = Path(onto.__file__).resolve().parents[1] / "data" / "ontology"

# Written out here rather than imported, so a wrong rule in the module cannot pass its own test.
QUAD_BY_ROOT = {f"{r:02d}": 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4 for r in range(1, 21)}


# ----------------------------------------------------------------------------- the CAMEO table


def test_every_root_is_present() -> None:
    roots = [c.code for c in cameo_codes() if c.is_root]
    assert roots == [f"{r:02d}" for r in range(1, 21)]


def test_counts_and_code_shape() -> None:
    codes = cameo_codes()
    assert len(codes) >= 250
    assert len({c.code for c in codes}) == len(codes)
    for c in codes:
        assert re.fullmatch(r"\d{2,4}", c.code), c
        assert c.label.strip(), c
    # Every root has its "not specified" x0 code, and 4-digit codes have their 3-digit parent.
    known = {c.code for c in codes}
    assert all(f"{r}0" in known for r in QUAD_BY_ROOT)
    assert all(c.code[:3] in known for c in codes if len(c.code) == 4)


def test_plover_values_are_types_or_empty() -> None:
    for c in cameo_codes():
        assert c.plover in PLOVER_TYPES or c.plover == "", c
    # Only CAMEO 01 (public statements) has no PLOVER type: PLOVER dropped it.
    assert {c.code[:2] for c in cameo_codes() if not c.plover} == {"01"}
    assert all(not c.mode and not c.context for c in cameo_codes() if not c.plover)


def test_goldstein_in_range() -> None:
    for c in cameo_codes():
        assert -10.0 <= c.goldstein <= 10.0, c
    assert min(c.goldstein for c in cameo_codes()) == -10.0
    assert max(c.goldstein for c in cameo_codes()) == 10.0  # 0874 retreat or surrender militarily


def test_quad_classes_follow_roots() -> None:
    for c in cameo_codes():
        assert c.quad_class == QUAD_BY_ROOT[c.root], c


@pytest.mark.parametrize(
    ("code", "plover", "mode", "context", "goldstein"),
    [
        ("010", "", "", "", 0.0),  # public statement: dropped by PLOVER
        ("020", "REQUEST", "", "", 3.0),  # appeals: Tacitus maps them to REQUEST
        ("0241", "REQUEST", "change", "executive", -0.3),  # mirrors 1041
        ("051", "SUPPORT", "", "diplomatic", 3.4),
        ("055", "SUPPORT", "", "diplomatic", 7.0),
        ("057", "SUPPORT", "", "diplomatic", 8.0),  # crosswalk: SUPPORT, not AGREE
        ("072", "AID", "", "military", 8.3),
        ("081", "CONCEDE", "", "legal", 5.0),
        ("0842", "RETREAT", "return", "legal", 7.0),
        ("111", "ACCUSE", "disapprove", "", -2.0),
        ("1121", "ACCUSE", "allege", "crime;corruption", -2.0),
        ("130", "THREATEN", "", "", -4.4),
        ("163", "COERCE", "restrict", "diplomatic", -8.0),  # crosswalk: COERCE, not SANCTION
        ("1712", "ASSAULT", "seize", "human_security", -9.2),
        ("190", "ASSAULT", "", "military", -10.0),
        ("191", "COERCE", "restrict", "military", -9.5),
    ],
)
def test_spot_checks(code: str, plover: str, mode: str, context: str, goldstein: float) -> None:
    c = cameo(code)
    assert (c.code, c.plover, c.mode, c.context, c.goldstein) == (code, plover, mode, context, goldstein)


# ----------------------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    ("given", "found"),
    [
        ("057", "057"),
        ("57", "057"),
        (57, "057"),
        ("842", "0842"),
        ("5", "05"),
        (" 0842 ", "0842"),
        ("10", "10"),
    ],
)
def test_lost_leading_zeros_are_restored(given: str | int, found: str) -> None:
    assert cameo(given).code == found


def test_unknown_codes_fall_back_to_parent_then_root() -> None:
    assert cameo("0579").code == "057"  # unknown 4-digit -> 3-digit parent
    assert cameo("0599").code == "05"  # neither it nor its parent -> root
    assert cameo("059").code == "05"
    assert not is_valid_cameo("0579")
    with pytest.raises(KeyError, match="0579"):
        cameo("0579", strict=True)


@pytest.mark.parametrize("bad", ["2199", "21x", "", "12345", "abc", "-1"])
def test_hopeless_codes_raise_keyerror_with_a_message(bad: str) -> None:
    with pytest.raises(KeyError) as info:
        cameo(bad)
    assert "CAMEO code" in str(info.value)
    assert not is_valid_cameo(bad)


def test_is_valid_and_root() -> None:
    assert is_valid_cameo("0842") and is_valid_cameo("20") and is_valid_cameo("57")
    assert root("0842") == "08" and root("057") == "05" and root("19") == "19" and root(57) == "05"
    with pytest.raises(KeyError):
        root("9999")


def test_quad_class_names() -> None:
    assert [quad_class_name(q) for q in (1, 2, 3, 4)] == [
        "verbal cooperation",
        "material cooperation",
        "verbal conflict",
        "material conflict",
    ]
    with pytest.raises(KeyError):
        quad_class_name(5)


@pytest.mark.parametrize(
    ("legacy", "current"),
    [("DEMAND", "REQUEST"), ("DISAPPROVE", "ACCUSE"), ("INVESTIGATE", "ACCUSE"), ("FIGHT", "ASSAULT"),
     ("fight", "ASSAULT"), (" assault ", "ASSAULT"), ("Consult", "CONSULT")],
)  # fmt: skip
def test_legacy_and_case_normalisation(legacy: str, current: str) -> None:
    assert normalize_plover(legacy) == current
    assert plover_type(legacy).name == current


def test_unknown_plover_type_raises() -> None:
    with pytest.raises(KeyError, match="DOCUMENT.*expected one of AGREE"):
        plover_type("DOCUMENT")


def test_cameo_codes_for_a_type() -> None:
    retreat = {c.code for c in cameo_codes("RETREAT")}
    assert {"084", "0842", "0871", "0813"} <= retreat and "081" not in retreat
    assert {c.code for c in cameo_codes("FIGHT")} == {c.code for c in cameo_codes("ASSAULT")}


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("ASSAULT",), "180"),
        (("ASSAULT", "firearms"), "193"),
        (("THREATEN", "violence", "military"), "138"),
        (("RETREAT", "release"), "0841"),
        (("REQUEST", "assist"), "101"),  # demands (the default's root) before appeals
        (("AID", "", "humanitarian"), "073"),
        (("ASSAULT", "", "military"), "190"),  # not 175, whose mode column holds a context
        (("ASSAULT", "beat", "cbrn"), "182"),  # the mode wins over the context
        (("CONSULT", "multilateral"), "040"),  # no CAMEO code has the mode: the default
    ],
)
def test_cameo_for_picks_the_best_code(args: tuple[str, ...], code: str) -> None:
    assert cameo_for(*args).code == code


# ----------------------------------------------------------------------------- PLOVER types


def test_sixteen_types_in_manual_order() -> None:
    assert [t.name for t in plover_types()] == list(PLOVER_TYPES)
    assert len(PLOVER_TYPES) == 16


def test_type_fields() -> None:
    quads = {1: {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"}, 2: {"COOPERATE", "AID", "RETREAT"},
             3: {"REQUEST", "ACCUSE", "REJECT", "THREATEN"},
             4: {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}}  # fmt: skip
    for t in plover_types():
        assert t.name in quads[t.quad_class]
        assert t.definition and "  " not in t.definition
        assert -10 <= t.score <= 10
        assert cameo(t.default_cameo, strict=True).plover == t.name
        assert "military" in t.contexts and "diplomatic" in t.contexts
        assert all(m in t.modes for m, _ in t.mode_scores)
    # cooperation scores positive, conflict ones not (ACCUSE's "3" in the manual is read as -3)
    assert all(t.score > 0 for t in plover_types() if t.quad_class <= 2)
    assert all(t.score <= 0 for t in plover_types() if t.quad_class >= 3)
    assert plover_type("ASSAULT").modes[:2] == ("abduct", "beat")
    assert plover_type("AGREE").modes == ()
    assert [t.name for t in plover_types() if t.requires_recipient] == ["COOPERATE", "AID", "SANCTION"]


def test_plover_scores() -> None:
    assert plover_score("CONSULT") == 2.5
    assert plover_score("CONSULT", "visit") == 4.0
    assert plover_score("ASSAULT", "unconventional") == -10.0
    assert plover_score("PROTEST", "vandalize") == -5.0  # the manual has no score for it: the type's
    assert plover_score("fight", "no-such-mode") == -9.0


def test_records_are_frozen_and_data_loaded_once() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        cameo("057").goldstein = 0.0  # type: ignore[misc]
    assert onto.default_ontology() is onto.default_ontology()


def test_every_mode_and_context_in_the_table_is_declared() -> None:
    ontology = onto.default_ontology()
    for c in cameo_codes():
        for context in filter(None, c.context.split(";")):
            assert context in ontology.contexts or context in {"humanitarian", "democracy"}, c


# ----------------------------------------------------------------------------- malformed data


def _copy(tmp_path: Path) -> Path:
    for name in ("cameo.csv", "plover.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _row_of(path: Path, prefix: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(prefix))


def test_the_packaged_copy_loads_from_a_directory(tmp_path: Path) -> None:
    assert len(load_ontology(_copy(tmp_path)).codes) == len(cameo_codes())


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("057,Sign formal agreement,8.0,", "057,Sign formal agreement,eight,", "number"),
        ("057,Sign formal agreement,8.0,", "057,Sign formal agreement,18.0,", "outside"),
        ("057,Sign formal agreement,8.0,1,SUPPORT", "057,Sign formal agreement,8.0,1,HUG", "not a PLOVER type"),
        ("057,Sign formal agreement,8.0,1,", "057,Sign formal agreement,8.0,3,", "quad_class"),
        ("057,Sign formal agreement,8.0,1,SUPPORT,,diplomatic", "057,Sign formal agreement,8.0,1,SUPPORT,hug,diplomatic", "mode 'hug'"),
        ("057,Sign formal agreement,8.0,1,SUPPORT,,diplomatic", "057,Sign formal agreement,8.0,1,SUPPORT,,diplomacy", "context 'diplomacy'"),
        ("057,Sign formal agreement,8.0,1,SUPPORT,,diplomatic", "057,Sign formal agreement,8.0,1,SUPPORT,,", None),
        ("057,Sign formal agreement,", "056,Sign formal agreement,", "duplicate"),
        ("057,Sign formal agreement,8.0,1,SUPPORT,,diplomatic", "057,Sign formal agreement,8.0,1,SUPPORT,,diplomatic,x", "columns"),
        ("057,", "57,", "code must be"),
    ],
)  # fmt: skip
def test_malformed_csv_names_file_and_row(tmp_path: Path, old: str, new: str, needle: str | None) -> None:
    directory = _copy(tmp_path)
    csv_path = directory / "cameo.csv"
    row = _row_of(csv_path, old.split(",")[0] + ",")
    _edit(csv_path, old, new)
    if needle is None:  # a harmless edit must still load
        assert load_ontology(directory).cameo("057").context == ""
        return
    with pytest.raises(DataFileError) as info:
        load_ontology(directory)
    message = str(info.value)
    assert "cameo.csv" in message and f"row {row}" in message and needle in message
    assert message.startswith("[T003]")


def test_missing_root_and_orphans_are_reported(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "cameo.csv", "15,EXHIBIT FORCE POSTURE,-7.2,4,MOBILIZE,,\n", "")
    with pytest.raises(DataFileError, match=r"cameo.csv.*missing root codes \['15'\]"):
        load_ontology(directory)
    directory = _copy(tmp_path)
    _edit(directory / "cameo.csv", '084,"Return, release, not specified below",7.0,2,RETREAT,,\n', "")
    with pytest.raises(DataFileError, match=r"code '0841'.*parent '084' is missing"):
        load_ontology(directory)


def test_bad_header(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "cameo.csv", "code,label,goldstein", "code,name,goldstein")
    with pytest.raises(DataFileError, match=r"cameo.csv, row 1: header"):
        load_ontology(directory)


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("  MOBILIZE:\n", "  MOBILISE:\n", r"missing PLOVER types \['MOBILIZE'\]"),
        ('default_cameo: "030"', "default_cameo: 30", r"types.AGREE.default_cameo.*quoted"),
        ('default_cameo: "030"', 'default_cameo: "040"', r"types.AGREE.default_cameo.*maps to AGREE"),
        ("quad_class: 4\n    score: -5.0", "quad_class: 7\n    score: -5.0", r"types.PROTEST.quad_class"),
        ("  FIGHT: ASSAULT", "  FIGHT: BATTLE", r"legacy_labels.FIGHT"),
        ("types:\n", "typez:\n", r"plover.yaml, types: missing"),
        ("visit: {", "visit: {{", r"plover.yaml, parse"),
    ],
)
def test_malformed_yaml_names_file_and_key(tmp_path: Path, old: str, new: str, needle: str) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "plover.yaml", old, new)
    with pytest.raises(DataFileError, match=needle):
        load_ontology(directory)


def test_missing_score_defaults_to_mean_goldstein(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "plover.yaml", "quad_class: 4\n    score: -5.5", "quad_class: 4\n    score: null")
    loaded = load_ontology(directory)
    mobilize = [c.goldstein for c in loaded.cameo_codes("MOBILIZE") if not c.is_root]
    assert loaded.plover_type("MOBILIZE").score == round(sum(mobilize) / len(mobilize), 1) == -7.2


def test_missing_file(tmp_path: Path) -> None:
    (tmp_path / "plover.yaml").write_text(
        (DATA / "plover.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="cameo.csv: file not found"):
        load_ontology(tmp_path)


# ----------------------------------------------------------------------------- agreement with ../shared


def _parse_crosswalk(path: Path) -> tuple[dict[str, tuple[str, str, str]], dict[str, set[str]]]:
    """code -> (plover, mode, context) for 3/4-digit lines; root -> PLOVER types from header lines."""
    codes: dict[str, tuple[str, str, str]] = {}
    headers: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):([^#]*)", line)
        if not m:
            continue
        code, body = m.groups()
        fields = [f.strip() for f in body.split(",")] + ["", ""]
        if len(code) == 2:
            headers.setdefault(code, set()).add(fields[0])
            continue
        value = tuple(";".join(p.strip() for p in f.split(";") if p.strip()) for f in fields[:3])
        assert codes.setdefault(code, value) == value, f"crosswalk contradicts itself on {code}"  # 175 twice
        codes[code] = value
    return codes, headers


def test_every_crosswalk_code_matches_the_csv(shared_dir: Path) -> None:
    crosswalk, headers = _parse_crosswalk(shared_dir / "reference" / "CAMEO2PLOVER-2021.txt")
    assert len(crosswalk) > 230 and "0842" in crosswalk
    for code, (plover, mode, context) in crosswalk.items():
        ours = cameo(code, strict=True)
        assert (ours.plover, ours.mode, ours.context) == (plover, mode, context), code
    for code, types in headers.items():
        assert cameo(code, strict=True).plover in types, code
    assert headers["08"] == {"CONCEDE", "RETREAT"}
    # Our only codes the crosswalk lacks are PLOVER's dropped roots 01 and 02 ...
    absent = {c.code[:2] for c in cameo_codes() if c.code not in crosswalk and c.code not in headers}
    assert absent == {"01", "02"}
    # ... and 02 (APPEAL) is coded as its DEMAND twin under 10.
    for c in cameo_codes():
        if c.root == "02":
            twin = crosswalk.get("10" + c.code[2:]) or (next(iter(headers["10"])), "", "")
            assert (c.plover, c.mode, c.context) == twin, c.code


def _manual_scores(tex: str) -> dict[tuple[str, str], float]:
    start = tex.index("\\textbf{CATEGORY: Mode}")  # the live table, not the commented-out 2019 one
    table = tex[start : tex.index("\\end{tabular}", start)]
    scores: dict[tuple[str, str], float] = {}
    for line in table.splitlines():
        cells = [re.sub(r"\\cellcolor\{[^}]*\}", "", c).strip(" \\\t") for c in line.split("&")]
        for label, value in zip(cells[0::2], cells[1::2], strict=False):
            if re.fullmatch(r"-?\d+(\.\d+)?", value):
                name, _, mode = label.partition(":")
                scores[(name.strip(), mode.strip().lower())] = float(value)
    return scores


def test_scores_match_the_manual(shared_dir: Path) -> None:
    scores = _manual_scores((shared_dir / "reference" / "PLOVER_MANUAL.tex").read_text(encoding="utf-8"))
    assert len(scores) > 80
    for (name, mode), value in scores.items():
        if (name, mode) == ("ACCUSE", ""):
            assert value == 3.0 and plover_type(name).score == -3.0  # documented sign fix
            continue
        assert plover_score(name, mode) == value, (name, mode)
        if mode:
            assert mode in plover_type(name).modes, (name, mode)


def test_gold_standard_labels_all_normalise(shared_dir: Path) -> None:
    records = json.loads((shared_dir / "gold" / "plover_gsr_cameo.json").read_text(encoding="utf-8"))
    labels = {r["event"] for r in records if r["event"] != "DOCUMENT"}
    assert {"DEMAND", "FIGHT"} <= labels
    assert {normalize_plover(label) for label in labels} <= set(PLOVER_TYPES)
