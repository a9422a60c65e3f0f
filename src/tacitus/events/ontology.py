"""The CAMEO and PLOVER ontology: every code, type, mode and score lookup in Tacitus goes through here.

The data lives in ``tacitus/data/ontology/`` (``cameo.csv``, ``plover.yaml``; see the README there)
and is read once per process. Module-level functions answer from the packaged data; use
:func:`load_ontology` with a directory to check or use another copy.

CAMEO codes are strings with leading zeros (``"057"``, ``"0842"``). Callers may pass codes that
lost a zero on the way (``"57"``, ``57``, ``"842"``): a 2- or 3-digit code whose first two digits are
not a root (01-20) gets one zero put back. A two-digit root such as ``"10"`` (DEMAND) is a root,
never ``"010"``.
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from tacitus.errors import DataFileError

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
QUAD_CLASSES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
CSV_COLUMNS: tuple[str, ...] = ("code", "label", "goldstein", "quad_class", "plover", "mode", "context")
ROOTS: tuple[str, ...] = tuple(f"{i:02d}" for i in range(1, 21))


class OntologyKeyError(KeyError):
    """An unknown CAMEO code or PLOVER type. A ``KeyError`` whose message prints readably."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO 1.1b3 event code with its Goldstein score and PLOVER equivalent.

    ``plover`` is empty for codes PLOVER dropped (root 01, public statements); ``mode`` and
    ``context`` may be empty and may hold several values joined by ``;``.
    ``quad_class`` is CAMEO's, from the root; the PLOVER type's own quad class can differ
    (e.g. 02 appeals are verbal cooperation in CAMEO, REQUEST is verbal conflict).
    """

    code: str
    label: str
    goldstein: float
    quad_class: int
    plover: str
    mode: str
    context: str

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2


@dataclass(frozen=True)
class PloverType:
    """One of the 16 PLOVER event types.

    ``modes`` are the manual's modes for the type; ``contexts`` are all general contexts, since
    PLOVER lets any context go with any type. ``mode_scores`` holds the manual's per-mode scores.
    """

    name: str
    definition: str
    modes: tuple[str, ...]
    contexts: tuple[str, ...]
    quad_class: int
    score: float
    default_cameo: str
    requires_recipient: bool = False
    mode_scores: tuple[tuple[str, float], ...] = ()

    def mode_score(self, mode: str) -> float:
        """The manual's score for ``mode``; the type's score when the mode has none."""
        return dict(self.mode_scores).get(mode.strip().lower(), self.score)


def _data_dir() -> Traversable:
    return resources.files("tacitus") / "data" / "ontology"


def normalize_code(code: str | int) -> str:
    """``"57"`` -> ``"057"``, ``"842"`` -> ``"0842"``, ``"5"`` -> ``"05"``; raises for non-codes."""
    text = str(code).strip()
    if not (text.isascii() and text.isdigit() and 1 <= len(text) <= 4):
        raise OntologyKeyError(
            f"{code!r} is not a CAMEO code: expected 2 to 4 digits such as '05', '057' or '0842'"
        )
    if len(text) == 1:
        text = "0" + text
    elif len(text) < 4 and text[:2] not in ROOTS:
        # A code read as a number loses its leading zero; a root never starts above 20.
        text = "0" + text
    return text


class Ontology:
    """The loaded CAMEO table and PLOVER types. Build one with :func:`load_ontology`."""

    def __init__(
        self,
        codes: Mapping[str, CameoCode],
        types: Mapping[str, PloverType],
        legacy_labels: Mapping[str, str],
        contexts: Mapping[str, str],
    ) -> None:
        self.codes = dict(sorted(codes.items()))  # string order is hierarchical order: 05, 050, 051
        self.types = {name: types[name] for name in PLOVER_TYPES}
        self.legacy_labels = dict(legacy_labels)
        self.contexts = dict(contexts)

    def cameo(self, code: str | int, strict: bool = False) -> CameoCode:
        """The record for ``code``; an unknown code falls back to its 3-digit parent, then its root.

        The returned record carries the code actually found, so a caller can tell a fallback
        happened. With ``strict`` only the exact code is accepted.
        """
        norm = normalize_code(code)
        candidates = [norm] if strict else list(dict.fromkeys([norm, norm[:3], norm[:2]]))
        for candidate in candidates:
            if candidate in self.codes:
                return self.codes[candidate]
        tried = ", ".join(repr(c) for c in candidates)
        raise OntologyKeyError(
            f"unknown CAMEO code {code!r} (tried {tried}): CAMEO 1.1b3 roots are 01-20 "
            "and codes have 2 to 4 digits; see docs/ontology.md for the list"
        )

    def cameo_codes(self, plover: str | None = None) -> list[CameoCode]:
        """All codes in hierarchical order; with ``plover``, only those mapping to that type."""
        if plover is None:
            return list(self.codes.values())
        name = self.normalize_plover(plover)
        return [c for c in self.codes.values() if c.plover == name]

    def is_valid_cameo(self, code: str | int) -> bool:
        try:
            return normalize_code(code) in self.codes
        except KeyError:
            return False

    def root(self, code: str | int) -> str:
        norm = normalize_code(code)
        if norm[:2] not in self.codes:
            raise OntologyKeyError(f"CAMEO code {code!r} has no valid root: roots are 01-20")
        return norm[:2]

    def normalize_plover(self, name: str) -> str:
        """The current PLOVER name for ``name``: case-insensitive, 0.5b1 labels mapped."""
        key = str(name).strip().upper()
        if key in self.types:
            return key
        if key in self.legacy_labels:
            return self.legacy_labels[key]
        legacy = ", ".join(f"{k}->{v}" for k, v in self.legacy_labels.items())
        raise OntologyKeyError(
            f"unknown PLOVER event type {name!r}: expected one of {', '.join(PLOVER_TYPES)} "
            f"(legacy labels accepted: {legacy})"
        )

    def plover_type(self, name: str) -> PloverType:
        return self.types[self.normalize_plover(name)]

    def plover_types(self) -> list[PloverType]:
        return list(self.types.values())

    def plover_score(self, name: str, mode: str = "") -> float:
        return self.plover_type(name).mode_score(mode)

    def cameo_for(self, plover: str, mode: str = "", context: str = "") -> CameoCode:
        """The CAMEO code that best matches a PLOVER type, mode and context.

        Prefers a code with the mode and the context, then the mode alone (the most generic such
        code), then the context alone (codes without a mode first), then the type's default code.
        Ties go to the default code's root (demands before appeals for REQUEST), then to code order.
        """
        ptype = self.plover_type(plover)
        mode, context = mode.strip().lower(), context.strip().lower()
        home = ptype.default_cameo[:2]
        rows = sorted(
            (c for c in self.codes.values() if c.plover == ptype.name and not c.is_root),
            key=lambda c: (c.root != home, c.code),
        )

        def has(field: str, value: str) -> bool:
            return value in field.split(";")

        if mode:
            with_mode = [c for c in rows if has(c.mode, mode)]
            for pick in (
                [c for c in with_mode if context and has(c.context, context)],
                [c for c in with_mode if not c.context],
                with_mode,
            ):
                if pick:
                    return pick[0]
        if context:
            with_context = [c for c in rows if has(c.context, context)]
            # A code without a mode is the generic one; a code with some other mode would add a
            # claim the caller did not make, so it is only taken when no mode was asked for.
            for pick in ([c for c in with_context if not c.mode], [] if mode else with_context):
                if pick:
                    return pick[0]
        return self.codes[ptype.default_cameo]


# ---------------------------------------------------------------------------------------------
# Loading and validation


def _fail(path: object, where: str, problem: str) -> DataFileError:
    return DataFileError(
        f"{path}, {where}: {problem}. Fix the entry or restore the file from the Tacitus repository."
    )


def _number(value: Any, path: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _fail(path, where, f"expected a number, got {value!r}")
    try:
        number = float(value)
    except ValueError:
        raise _fail(path, where, f"expected a number, got {value!r}") from None
    if not math.isfinite(number) or not -10.0 <= number <= 10.0:
        raise _fail(path, where, f"score {value!r} is outside the scale -10 to 10")
    return number


def _optional_number(value: Any, path: object, where: str) -> float | None:
    return None if value is None else _number(value, path, where)


def _expected_quad(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def _read_yaml(path: Traversable) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        raise DataFileError(
            f"{path}: file not found; reinstall Tacitus or pass the right directory"
        ) from None
    except yaml.YAMLError as exc:
        raise _fail(path, "parse", f"not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise _fail(path, "top level", "expected a mapping with 'types', 'contexts' and 'legacy_labels'")
    for key in ("types", "contexts", "legacy_labels", "quad_classes"):
        if not isinstance(data.get(key), dict):
            raise _fail(path, key, "missing or not a mapping")
    return data


def _check_types_yaml(data: dict[str, Any], path: Traversable) -> None:
    names = set(data["types"])
    if missing := [t for t in PLOVER_TYPES if t not in names]:
        raise _fail(path, "types", f"missing PLOVER types {missing}")
    if extra := sorted(names - set(PLOVER_TYPES)):
        raise _fail(path, "types", f"unknown PLOVER types {extra}; PLOVER has exactly 16")
    if {str(k) for k in data["quad_classes"]} != {str(q) for q in QUAD_CLASSES}:
        raise _fail(path, "quad_classes", "expected exactly the keys 1, 2, 3, 4")
    for old, new in data["legacy_labels"].items():
        if new not in names:
            raise _fail(path, f"legacy_labels.{old}", f"{new!r} is not a PLOVER type")


def _modes_allowed(data: dict[str, Any], path: Traversable) -> tuple[dict[str, set[str]], set[str]]:
    """Modes each type may carry in cameo.csv and the contexts it may use (manual + crosswalk-only)."""
    extra = data.get("crosswalk_only") or {}
    allowed: dict[str, set[str]] = {}
    for name in PLOVER_TYPES:
        modes = data["types"][name].get("modes") or {}
        if not isinstance(modes, dict):
            raise _fail(
                path, f"types.{name}.modes", "expected a mapping of mode name -> {description, score}"
            )
        allowed[name] = set(modes) | set((extra.get("modes") or {}).get(name, []))
    contexts = set(data["contexts"]) | set(extra.get("contexts") or [])
    return allowed, contexts


def _read_csv(
    path: Traversable, allowed_modes: dict[str, set[str]], allowed_contexts: set[str]
) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    rows: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None or tuple(header) != CSV_COLUMNS:
                raise _fail(path, "row 1", f"header must be {','.join(CSV_COLUMNS)}, got {header}")
            for line_no, fields in enumerate(reader, start=2):
                if not fields:
                    continue
                where = f"row {line_no}"
                if len(fields) != len(CSV_COLUMNS):
                    raise _fail(path, where, f"expected {len(CSV_COLUMNS)} columns, got {len(fields)}")
                code, label, goldstein, quad, plover, mode, context = (f.strip() for f in fields)
                where = f"row {line_no} (code {code!r})"
                if not (code.isascii() and code.isdigit() and 2 <= len(code) <= 4 and code[:2] in ROOTS):
                    raise _fail(path, where, "code must be 2 to 4 digits with a root 01-20, kept as text")
                if code in codes:
                    raise _fail(path, where, f"duplicate of row {rows[code]}")
                if not label:
                    raise _fail(path, where, "empty label")
                score = _number(goldstein, path, where + " goldstein")
                if quad not in {"1", "2", "3", "4"} or int(quad) != _expected_quad(code[:2]):
                    raise _fail(
                        path,
                        where,
                        f"quad_class {quad!r} should be {_expected_quad(code[:2])} for root {code[:2]}",
                    )
                if plover and plover not in allowed_modes:
                    raise _fail(path, where, f"{plover!r} is not a PLOVER type")
                if not plover and (mode or context):
                    raise _fail(path, where, "mode or context given without a PLOVER type")
                for value in filter(None, mode.split(";")):
                    if value not in allowed_modes.get(plover, set()):
                        raise _fail(path, where, f"mode {value!r} is not a mode of {plover} in plover.yaml")
                for value in filter(None, context.split(";")):
                    if value not in allowed_contexts:
                        raise _fail(path, where, f"context {value!r} is not a context in plover.yaml")
                codes[code] = CameoCode(code, label, score, int(quad), plover, mode, context)
                rows[code] = line_no
    except FileNotFoundError:
        raise DataFileError(
            f"{path}: file not found; reinstall Tacitus or pass the right directory"
        ) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _fail(path, "parse", f"not a UTF-8 CSV file ({exc})") from None
    if missing := [r for r in ROOTS if r not in codes]:
        raise _fail(path, "roots", f"missing root codes {missing}")
    for code, line_no in rows.items():
        parent = code[:3] if len(code) == 4 else code[:2]
        if parent != code and parent not in codes:
            raise _fail(path, f"row {line_no} (code {code!r})", f"its parent {parent!r} is missing")
    return codes


def _build_types(
    data: dict[str, Any], codes: dict[str, CameoCode], path: Traversable
) -> dict[str, PloverType]:
    contexts = tuple(data["contexts"])
    types: dict[str, PloverType] = {}
    for name in PLOVER_TYPES:
        entry = data["types"][name]
        where = f"types.{name}"
        if not isinstance(entry, dict):
            raise _fail(path, where, "expected a mapping")
        definition = entry.get("definition")
        if not isinstance(definition, str) or not definition.strip():
            raise _fail(path, where + ".definition", "missing definition")
        quad = entry.get("quad_class")
        if quad not in QUAD_CLASSES:
            raise _fail(path, where + ".quad_class", f"expected 1-4, got {quad!r}")
        default = entry.get("default_cameo")
        if not isinstance(default, str):
            raise _fail(path, where + ".default_cameo", f'{default!r} must be a quoted string such as "030"')
        if default not in codes or codes[default].plover != name:
            raise _fail(
                path, where + ".default_cameo", f"{default!r} is not a cameo.csv code that maps to {name}"
            )
        score = _optional_number(entry.get("score"), path, where + ".score")
        if score is None:
            # Documented default: the mean Goldstein score of the CAMEO codes mapping to the type.
            mapped = [c.goldstein for c in codes.values() if c.plover == name and not c.is_root]
            if not mapped:
                raise _fail(path, where + ".score", "no score and no CAMEO code to derive one from")
            score = round(sum(mapped) / len(mapped), 1)
        modes = entry.get("modes") or {}
        mode_scores: list[tuple[str, float]] = []
        for mode, spec in modes.items():
            if not isinstance(spec, dict) or not isinstance(spec.get("description"), str):
                raise _fail(path, f"{where}.modes.{mode}", "expected {description: ..., score: ...}")
            mode_score = _optional_number(spec.get("score"), path, f"{where}.modes.{mode}.score")
            if mode_score is not None:
                mode_scores.append((str(mode), mode_score))
        recipient = entry.get("requires_recipient", False)
        if not isinstance(recipient, bool):
            raise _fail(path, where + ".requires_recipient", "expected true or false")
        types[name] = PloverType(
            name=name,
            definition=" ".join(definition.split()),
            modes=tuple(str(m) for m in modes),
            contexts=contexts,
            quad_class=quad,
            score=score,
            default_cameo=default,
            requires_recipient=recipient,
            mode_scores=tuple(mode_scores),
        )
    return types


def load_ontology(directory: str | Path | None = None) -> Ontology:
    """Read and check ``cameo.csv`` and ``plover.yaml`` (the packaged copies unless ``directory``).

    Raises :class:`tacitus.errors.DataFileError` naming the file and the row or key at fault.
    """
    base: Traversable = Path(directory) if directory is not None else _data_dir()
    yaml_path, csv_path = base / "plover.yaml", base / "cameo.csv"
    data = _read_yaml(yaml_path)
    _check_types_yaml(data, yaml_path)
    allowed_modes, allowed_contexts = _modes_allowed(data, yaml_path)
    codes = _read_csv(csv_path, allowed_modes, allowed_contexts)
    types = _build_types(data, codes, yaml_path)
    legacy = {str(k).upper(): str(v) for k, v in data["legacy_labels"].items()}
    return Ontology(codes, types, legacy, {str(k): str(v) for k, v in data["contexts"].items()})


@functools.cache
def default_ontology() -> Ontology:
    """The packaged ontology, loaded once per process."""
    return load_ontology()


# ---------------------------------------------------------------------------------------------
# The lookups the rest of Tacitus uses


def cameo(code: str | int, strict: bool = False) -> CameoCode:
    """The record for a CAMEO code, falling back to its parent then root (see :meth:`Ontology.cameo`)."""
    return default_ontology().cameo(code, strict=strict)


def cameo_codes(plover: str | None = None) -> list[CameoCode]:
    """Every CAMEO code in hierarchical order, or only those mapping to a PLOVER type."""
    return default_ontology().cameo_codes(plover)


def is_valid_cameo(code: str | int) -> bool:
    """True if the code (after restoring a lost leading zero) is in the table, without fallback."""
    return default_ontology().is_valid_cameo(code)


def root(code: str | int) -> str:
    """The two-digit root of a CAMEO code: ``root("0842") == "08"``."""
    return default_ontology().root(code)


def quad_class_name(quad: int) -> str:
    """``1`` -> ``"verbal cooperation"`` ... ``4`` -> ``"material conflict"``."""
    try:
        return QUAD_CLASSES[int(quad)]
    except (KeyError, TypeError, ValueError):
        raise OntologyKeyError(f"unknown quad class {quad!r}: expected 1, 2, 3 or 4") from None


def normalize_plover(name: str) -> str:
    """The current PLOVER type name: ``"fight"`` -> ``"ASSAULT"``, ``"DEMAND"`` -> ``"REQUEST"``."""
    return default_ontology().normalize_plover(name)


def plover_type(name: str) -> PloverType:
    """A PLOVER type by name (case-insensitive; 0.5b1 labels accepted)."""
    return default_ontology().plover_type(name)


def plover_types() -> list[PloverType]:
    """The 16 PLOVER types in the manual's order."""
    return default_ontology().plover_types()


def plover_score(name: str, mode: str = "") -> float:
    """The manual's PLOVER score for a type, or for a type and mode where the manual gives one."""
    return default_ontology().plover_score(name, mode)


def cameo_for(plover: str, mode: str = "", context: str = "") -> CameoCode:
    """The CAMEO code that best fits a PLOVER type (and mode, context): see :meth:`Ontology.cameo_for`."""
    return default_ontology().cameo_for(plover, mode, context)


def contexts() -> dict[str, str]:
    """PLOVER's general contexts, name -> short description."""
    return dict(default_ontology().contexts)


__all__ = [
    "CameoCode", "Ontology", "OntologyKeyError", "PloverType", "PLOVER_TYPES", "QUAD_CLASSES",
    "cameo", "cameo_codes", "cameo_for", "contexts", "default_ontology", "is_valid_cameo",
    "load_ontology", "normalize_code", "normalize_plover", "plover_score", "plover_type",
    "plover_types", "quad_class_name", "root",
]  # fmt: skip
