"""Actor knowledge: countries, regions, organisations, people, and the sector vocabulary.

The knowledge ships as YAML in ``tacitus/data/actors/`` (formats in ``docs/actors.md``) and is
read once into a :class:`Knowledge`, which answers the resolver's questions:

* :meth:`Knowledge.lookup`: which actors a phrase names ("the Kremlin" -> Russia, GOV);
* :meth:`Knowledge.sector_of`: which sector a title or group noun signals ("troops" -> MIL);
* :meth:`Knowledge.modifier`: how a word changes a role ("former", "-elect");
* :meth:`Knowledge.person` / :meth:`Person.role_at`: who a person is at the article's date;
* :meth:`Knowledge.place`: which country (and city) a place name is in.

Users add their own actors with YAML files in the same formats (``Knowledge.load(extra=...)``)
or at run time with :meth:`Knowledge.add_actor` and :meth:`Knowledge.add_person`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tacitus.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
FILES = ("sectors.yaml", "countries.yaml", "organisations.yaml", "people.yaml")

ORGANISATION_KINDS = frozenset(
    {"igo", "ngo", "media", "party", "armed_group", "agency", "company", "religious", "group", "other"}
)
ENTRY_KINDS = ("country", "demonym", "capital", "seat", "city", "region", "organisation", "person")
# Order of lookup results: what a phrase most likely names first.
_KIND_ORDER = {
    "country": 0,
    "region": 0,
    "organisation": 1,
    "person": 1,
    "seat": 2,
    "capital": 2,
    "demonym": 3,
    "city": 4,
}
_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")

# libyaml is ~10x faster than the pure-Python parser; fall back when it is not compiled in.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --------------------------------------------------------------------------- data objects


@dataclass(frozen=True)
class Entry:
    """One way of naming an actor, as returned by :meth:`Knowledge.lookup`."""

    kind: str  # country | demonym | capital | seat | city | region | organisation | person
    actor_id: str  # "country:RUS", "region:MEA", "org:uno", "person:<id>"
    name: str  # the actor's canonical display name ("Russia"), not the matched words
    country: str | None  # country token, or an organisation token such as UNO, NATO
    sector: str | None
    place: str | None = None  # for capitals, seats and cities: the city's canonical name

    @property
    def code(self) -> str:
        """The CAMEO-style code: token plus sector (``RUSGOV``; ``REL`` when there is no token)."""
        return (self.country or "") + (self.sector or "")


@dataclass(frozen=True)
class Seat:
    """A seat of power used as a metonym ("the Kremlin" = the Russian government)."""

    name: str
    sector: str = "GOV"
    city: str | None = None


@dataclass(frozen=True)
class Country:
    """A country, territory or region (``kind == "region"``: EUR, MEA, the West ...)."""

    code: str
    name: str
    kind: str = "country"
    iso2: str | None = None
    names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()  # every spelling ("Kyiv", "Kiev")
    seats: tuple[Seat, ...] = ()
    cities: tuple[str, ...] = ()  # every spelling
    areas: tuple[str, ...] = ()  # provinces, states, regions: for places only, not actors
    alt_codes: tuple[str, ...] = ()  # other codes seen in CAMEO data (JAP, ROM, KSV)
    # spelling -> canonical city name, for place resolution ("Kiev" -> "Kyiv")
    city_names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def actor_id(self) -> str:
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class Period:
    """A stretch of time during which an organisation had a given code (a party in power)."""

    sector: str | None
    start: dt.date | None
    end: dt.date | None  # exclusive; None = ongoing
    code: str | None = None  # None: the organisation's own code

    def covers(self, when: dt.date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: str  # see ORGANISATION_KINDS
    code: str | None  # country or IGO token; None for transnational actors coded by sector only
    sector: str | None
    names: tuple[str, ...] = ()
    source: str | None = None
    cameo: str | None = None  # the PETRARCH/Phoenix code, for comparison
    periods: tuple[Period, ...] = ()

    @property
    def actor_id(self) -> str:
        return f"org:{self.id}"

    def code_at(self, when: dt.date | None) -> tuple[str | None, str | None]:
        """(token, sector) at a date: a dated period wins over the default."""
        if when is not None:
            for p in self.periods:
                if p.covers(when):
                    return (p.code or self.code, p.sector)
        return (self.code, self.sector)


@dataclass(frozen=True)
class Role:
    title: str
    sector: str
    country: str
    start: dt.date | None
    end: dt.date | None  # exclusive; None = ongoing

    def active(self, when: dt.date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)

    @property
    def code(self) -> str:
        return self.country + self.sector


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    country: str
    roles: tuple[Role, ...]
    sources: tuple[str, ...] = ()

    @property
    def actor_id(self) -> str:
        return f"person:{self.id}"

    @property
    def surname(self) -> str:
        return _surname(self.name)

    def role_at(self, when: dt.date | None) -> Role | None:
        """The role held at ``when``; without a date, the latest role.

        Where several roles overlap (prime minister and party leader), the most recently
        started one is the more specific.
        """
        if not self.roles:
            return None
        if when is None:
            ongoing = [r for r in self.roles if r.end is None]
            return max(ongoing or self.roles, key=_role_order)
        active = [r for r in self.roles if r.active(when)]
        return max(active, key=_role_order) if active else None

    def role_before(self, when: dt.date) -> Role | None:
        """The role that ended most recently before ``when`` (what "former" refers to)."""
        ended = [r for r in self.roles if r.end is not None and r.end <= when]
        return max(ended, key=lambda r: r.end or dt.date.min) if ended else None


def _role_order(role: Role) -> tuple[dt.date, dt.date]:
    return (role.start or dt.date.min, role.end or dt.date.max)


@dataclass(frozen=True)
class _Name:
    entry: Entry
    acronym: bool  # all capitals in the data: the phrase must be in capitals too ("US" vs "us")
    proper: bool  # has a capital in the data: an all-lowercase phrase does not match ("turkey")


# --------------------------------------------------------------------------- normalisation

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'"})
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212-]")
_DROP = re.compile(r"[.\"\u201c\u201d\u201e(),;:!?\[\]]")


@functools.lru_cache(maxsize=65536)  # the resolver folds the same few thousand phrases all day
def _fold_text(text: str) -> str:
    """Accents, quotes, dashes and periods unified, case kept: "U.S." -> "US", "Élysée" -> "Elysee"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _DASHES.sub(" ", text.translate(_QUOTES))
    text = _DROP.sub("", text)
    text = " ".join(text.split()).strip(" '")
    if text[:4].casefold() == "the ":
        text = text[4:]
    return text


def normalise(phrase: str) -> str:
    """The key a name is indexed under: folded, casefolded, without a leading "the"."""
    return _fold_text(phrase).casefold()


def _is_acronym(folded: str) -> bool:
    letters = [c for c in folded if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _token_count(name: str) -> int:
    # An upper bound on spaCy's tokens: punctuation ("U.S.", "al-Qaeda") may be split off.
    return len(re.findall(r"\w+|[^\w\s]", name))


def _surname(name: str) -> str:
    parts = [p for p in normalise(name).split() if p not in {"jr", "sr", "ii", "iii"}]
    return parts[-1] if parts else ""


def _plurals(term: str) -> list[str]:
    """Regular English plurals of a term's last word ("prime minister" -> "prime ministers")."""
    head, _, last = term.rpartition(" ")
    prefix = head + " " if head else ""
    if last.endswith("person"):
        return [prefix + last[:-6] + "people", prefix + last + "s"]
    if last.endswith("man") and last not in {"german", "roman", "shaman"}:
        return [prefix + last[:-3] + "men"]
    if last.endswith(("ss", "sh", "ch", "x", "z")):
        return [prefix + last + "es"]
    if last.endswith("s"):  # "troops", "forces", "authorities": listed in the plural already
        return []
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        return [prefix + last[:-1] + "ies"]
    if last.endswith("f") and last not in {"chief", "belief", "proof"}:
        return [prefix + last + "s"]
    return [prefix + last + "s"]


# --------------------------------------------------------------------------- file reading

# Parsed files by (path, mtime, size): repeated loads (tests, several pipelines) skip the parse.
_PARSED: dict[tuple[str, int, int], Any] = {}


def _read_yaml(path: Path) -> Any:
    try:
        stat = path.stat()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot be read ({exc.strerror}).") from exc
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        try:
            with path.open(encoding="utf-8") as fh:
                _PARSED[key] = yaml.load(fh, Loader=_Loader)
        except yaml.YAMLError as exc:
            raise DataFileError(f"{path}: not valid YAML: {exc}. Fix the syntax at that line.") from exc
    return _PARSED[key]


class _Reader:
    """Field access for one entry, raising DataFileError that names the file and the entry."""

    def __init__(self, path: Path | str, index: int, data: Any) -> None:
        self.path = path
        self.index = index
        if not isinstance(data, dict):
            self.data: dict[str, Any] = {}
            self.fail(f"expected a mapping of fields, got {type(data).__name__}")
        self.data = data

    @property
    def label(self) -> str:
        ident = self.data.get("id") or self.data.get("code") or self.data.get("name")
        return f"entry {self.index + 1}" + (f" ({ident})" if ident else "")

    def fail(self, message: str) -> None:
        raise DataFileError(f"{self.path}: {self.label}: {message}.")

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(f"missing required field {key!r}")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(f"field {key!r} must be text, got {type(value).__name__}")
        text = str(value).strip()
        if required and not text:
            self.fail(f"field {key!r} is empty")
        return text or None

    def code(self, key: str, required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is not None and not _CODE_RE.match(value):
            self.fail(f"field {key!r} must be an upper-case code such as RUS or UNO, got {value!r}")
        return value

    def strings(self, key: str) -> list[str]:
        """A list of names; an item may itself be a list of spellings of one name."""
        return [s for group in self.groups(key) for s in group]

    def groups(self, key: str) -> list[list[str]]:
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(f"field {key!r} must be a list")
        out: list[list[str]] = []
        for item in value:
            group = item if isinstance(item, list) else [item]
            if not group or not all(isinstance(s, str) and s.strip() for s in group):
                self.fail(f"field {key!r} holds {item!r}, expected names (text)")
            out.append([s.strip() for s in group])
        return out

    def date(self, data: dict[str, Any], key: str, end: bool) -> dt.date | None:
        return _parse_date(data.get(key), end, lambda msg: self.fail(f"{key}: {msg}"))


def _parse_date(value: Any, end: bool, fail: Any) -> dt.date | None:
    """YAML dates or "YYYY", "YYYY-MM", "YYYY-MM-DD". A partial end date ends the whole period."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not m:
        fail(f"{value!r} is not a date (write YYYY-MM-DD)")
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day:
            return dt.date(year, int(month), int(day))
        if month:
            first = dt.date(year, int(month), 1)
            return (first + dt.timedelta(days=32)).replace(day=1) if end else first
        return dt.date(year + 1, 1, 1) if end else dt.date(year, 1, 1)
    except ValueError:
        fail(f"{value!r} is not a valid date")
        return None


# --------------------------------------------------------------------------- the knowledge


class Knowledge:
    """Everything Tacitus knows about actors, indexed for phrase lookup."""

    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}
        self.organisations: dict[str, Organisation] = {}
        self.people: list[Person] = []
        self.sectors: dict[str, str] = {}  # token -> label
        self.max_phrase_tokens: int = 1
        self._people_by_id: dict[str, Person] = {}
        self._codes: dict[str, str] = {}  # any known code (alpha-2, old CAMEO) -> code
        self._terms: dict[str, tuple[str, bool]] = {}  # title/group noun -> (sector, generic)
        self._dominant: set[str] = set()  # sectors that win wherever they appear (OPP, REB)
        self._term_words = 1
        self._modifiers: dict[str, str] = {}
        self._index: dict[str, list[_Name]] = {}
        self._places: dict[str, list[tuple[int, str, str | None]]] = {}
        self._person_names: dict[str, list[Person]] = {}
        self._surnames: dict[str, list[Person]] = {}
        self._stale = False
        self._built = False

    # ---- loading

    @classmethod
    def load(cls, data_dir: Path | None = None, extra: Sequence[Path | str] = ()) -> Knowledge:
        """Read the shipped files (or those in ``data_dir``) and users' ``extra`` files.

        Missing ``people.yaml`` means no people. Extra files are lists of entries in the shipped
        formats with a ``kind`` (``country``/``region``, ``person``, or an organisation kind), or
        a mapping with ``sectors``/``modifiers`` like ``sectors.yaml``.
        """
        data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
        kb = cls()
        for name in FILES:
            path = data_dir / name
            if name == "people.yaml" and not path.exists():
                continue
            data = _read_yaml(path)
            if name == "sectors.yaml":
                kb._read_sectors(path, data)
            else:
                default = {"countries.yaml": "country", "organisations.yaml": None, "people.yaml": "person"}
                kb._read_entries(path, data, default[name])
        petrarch_files = []
        for p in extra:
            path = Path(p)
            if path.suffix.lower() == ".txt":  # a PETRARCH/TABARI actor dictionary
                petrarch_files.append(path)
                continue
            data = _read_yaml(path)
            if isinstance(data, dict):
                kb._read_sectors(path, data, partial=True)
            else:
                kb._read_entries(path, data, None)
        kb._build_index()
        if petrarch_files:
            # Imported lazily: the PETRARCH reader is only needed when a user brings such files.
            from tacitus.petrarch.dictionaries import load_dictionaries
            from tacitus.petrarch.profile import extend_knowledge

            kb, _ = extend_knowledge(load_dictionaries(actors=petrarch_files), kb)
        return kb

    def _read_sectors(self, path: Path, data: Any, partial: bool = False) -> None:
        if not isinstance(data, dict) or (not partial and not isinstance(data.get("sectors"), dict)):
            raise DataFileError(f"{path}: expected a mapping with a 'sectors' section.")
        unknown = set(data) - {"sectors", "modifiers"}
        if unknown:  # most likely an actor list written without its leading "- "
            raise DataFileError(
                f"{path}: unknown sections {sorted(map(str, unknown))}: a sectors file has 'sectors' and "
                f"'modifiers'; an actor file is a list of entries (`- name: ...`)."
            )
        for token, spec in (data.get("sectors") or {}).items():
            where = f"{path}: sector {token!r}"
            if not isinstance(token, str) or not _CODE_RE.match(token) or not isinstance(spec, dict):
                raise DataFileError(f"{where}: expected an upper-case token mapped to label/terms.")
            label = spec.get("label")
            self.sectors[token] = str(label) if label else self.sectors.get(token, token)
            if spec.get("dominant"):
                self._dominant.add(token)
            for key, generic in (("terms", False), ("roles", True)):
                terms = spec.get(key) or []
                if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
                    raise DataFileError(f"{where}: {key!r} must be a list of words.")
                for term in terms:
                    self._add_term(term, token, generic, override=partial)
        mods = data.get("modifiers") or {}
        if not isinstance(mods, dict):
            raise DataFileError(f"{path}: 'modifiers' must map words to their meaning.")
        for word, spec in mods.items():
            means = spec.get("means") if isinstance(spec, dict) else spec
            if not isinstance(word, str) or not isinstance(means, str):
                raise DataFileError(f"{path}: modifier {word!r}: expected `word: {{means: ...}}`.")
            self._modifiers[_modifier_key(word)] = means

    def _add_term(self, term: str, sector: str, generic: bool, override: bool = False) -> None:
        # Within sectors.yaml the first listing wins; a user's file overrides the shipped one.
        key = normalise(term)
        for form in [key, *_plurals(key)]:
            if override or form not in self._terms:
                self._terms[form] = (sector, generic)
            self._term_words = max(self._term_words, len(form.split()))

    def _read_entries(self, path: Path, data: Any, default_kind: str | None) -> None:
        if data is None:
            return
        if not isinstance(data, list):
            raise DataFileError(f"{path}: expected a list of entries (`- name: ...`).")
        for i, item in enumerate(data):
            r = _Reader(path, i, item)
            kind = r.text("kind") or default_kind
            if kind is None and "roles" in r.data:
                kind = "person"
            if kind in ("country", "region"):
                self._merge_country(_read_country(r, kind))
            elif kind == "person":
                self._put_person(_read_person(r))
            elif kind in ORGANISATION_KINDS:
                self._put_organisation(_read_organisation(r, kind))
            else:
                r.fail(
                    f"unknown kind {kind!r}: use country, region, person or one of "
                    f"{', '.join(sorted(ORGANISATION_KINDS))}"
                )

    def _merge_country(self, c: Country) -> None:
        old = self.countries.get(c.code)
        if old is not None:  # a user's entry for a known code adds names rather than replacing
            c = Country(
                code=c.code,
                name=c.name if c.name != c.code else old.name,
                kind=old.kind,
                iso2=c.iso2 or old.iso2,
                names=_union(old.names, c.names),
                demonyms=_union(old.demonyms, c.demonyms),
                capitals=_union(old.capitals, c.capitals),
                seats=tuple(dict.fromkeys(old.seats + c.seats)),
                cities=_union(old.cities, c.cities),
                areas=_union(old.areas, c.areas),
                alt_codes=_union(old.alt_codes, c.alt_codes),
                city_names=old.city_names | c.city_names,
            )
        self.countries[c.code] = c
        self._codes[c.code] = c.code
        for alt in (c.iso2, *c.alt_codes):
            if alt:
                self._codes.setdefault(alt, c.code)
        self._stale = True

    def _put_organisation(self, org: Organisation) -> None:
        self._stale = self._stale or org.id in self.organisations
        self.organisations[org.id] = org
        if self._built and not self._stale:  # new id: index it alone instead of rebuilding
            self._index_organisation(org)

    def _put_person(self, person: Person) -> None:
        if person.id in self._people_by_id:
            self.people = [p for p in self.people if p.id != person.id]
            self._stale = True
        self.people.append(person)
        self._people_by_id[person.id] = person
        if self._built and not self._stale:
            self._index_person(person)

    # ---- index

    def _build_index(self) -> None:
        self._index, self._places = {}, {}
        self._person_names, self._surnames = {}, {}
        self.max_phrase_tokens = 1
        for c in self.countries.values():
            self._index_country(c)
        for org in self.organisations.values():
            self._index_organisation(org)
        for person in self.people:
            self._index_person(person)
        self._stale = False
        self._built = True

    def _ensure_index(self) -> None:
        if self._stale or not self._built:
            self._build_index()

    def _add_name(self, name: str, entry: Entry) -> None:
        folded = _fold_text(name)
        key = folded.casefold()
        if not key:
            return
        names = self._index.setdefault(key, [])
        new = _Name(entry, _is_acronym(folded), any(ch.isupper() for ch in folded))
        for i, old in enumerate(names):
            if old.entry == entry:  # "NATO" and "Nato": the laxer spelling rule wins
                names[i] = _Name(entry, old.acronym and new.acronym, old.proper and new.proper)
                break
        else:
            names.append(new)
        self.max_phrase_tokens = max(self.max_phrase_tokens, _token_count(name))

    def _add_place(self, name: str, priority: int, code: str, city: str | None) -> None:
        self._places.setdefault(normalise(name), []).append((priority, code, city))

    def _index_country(self, c: Country) -> None:
        is_region = c.kind == "region"
        kind = "region" if is_region else "country"
        for name in (c.name, *c.names):
            self._add_name(name, Entry(kind, c.actor_id, c.name, c.code, None))
            self._add_place(name, 0, c.code, None)
        for name in c.demonyms:
            self._add_name(name, Entry("demonym", c.actor_id, c.name, c.code, None))
        for name in c.capitals:
            city = c.city_names.get(name, name)
            self._add_name(name, Entry("capital", c.actor_id, c.name, c.code, None, city))
            self._add_place(name, 1, c.code, city)
        first_capital = c.city_names.get(c.capitals[0], c.capitals[0]) if c.capitals else None
        for seat in c.seats:
            city = seat.city or first_capital
            self._add_name(seat.name, Entry("seat", c.actor_id, c.name, c.code, seat.sector, city))
            self._add_place(seat.name, 2, c.code, city)
        for name in c.cities:
            city = c.city_names.get(name, name)
            self._add_name(name, Entry("city", c.actor_id, c.name, c.code, None, city))
            self._add_place(name, 3, c.code, city)
        for name in c.areas:
            self._add_place(name, 4, c.code, None)

    def _index_organisation(self, org: Organisation) -> None:
        entry = Entry("organisation", org.actor_id, org.name, org.code, org.sector)
        for name in (org.name, *org.names):
            self._add_name(name, entry)

    def _index_person(self, p: Person) -> None:
        role = p.role_at(None)
        entry = Entry(
            "person", p.actor_id, p.name, role.country if role else p.country, role.sector if role else None
        )
        for name in (p.name, *p.aliases):
            self._add_name(name, entry)
            people = self._person_names.setdefault(normalise(name), [])
            if p not in people:
                people.append(p)
            surname = self._surnames.setdefault(_surname(name), [])
            if p not in surname:
                surname.append(p)

    # ---- questions

    def lookup(self, phrase: str, any_case: bool = False) -> list[Entry]:
        """Every actor an exact phrase names: countries and regions first, then organisations and
        people, seats and capitals, demonyms, cities; data order within a kind.

        Case, accents, quotes, dashes, periods and a leading "the" are ignored ("U.S." == "the
        US"), except that an all-capitals name needs a phrase in capitals ("US" is not "us") and
        a capitalised name needs a capital somewhere in the phrase ("Turkey" is not "turkey");
        ``any_case`` lifts both, for headlines in capitals or lower-cased text.
        """
        self._ensure_index()
        folded = _fold_text(phrase)
        key = folded.casefold()
        names = self._index.get(key)
        if names is None and key.endswith(("'s", "s'")):  # possessive: "Russia's"
            folded = folded[:-2] if key.endswith("'s") else folded[:-1]
            names = self._index.get(folded.casefold())
        if not names:
            return []
        if not any_case:
            acronym = _is_acronym(folded)
            has_upper = any(ch.isupper() for ch in folded)
            names = [n for n in names if (acronym or not n.acronym) and (has_upper or not n.proper)]
        # Stable: data order within a kind; "Tripoli" is Libya's capital before Lebanon's city.
        return sorted((n.entry for n in names), key=lambda e: _KIND_ORDER.get(e.kind, 9))

    def country(self, code: str) -> Country | None:
        """A country or region by code, ISO alpha-2 or old CAMEO code (``JAP`` -> Japan)."""
        real = self._codes.get(code.upper())
        return self.countries.get(real) if real else None

    def organisation(self, org_id: str) -> Organisation | None:
        return self.organisations.get(org_id.removeprefix("org:"))

    def get(self, actor_id: str) -> Country | Organisation | Person | None:
        """The object behind an :attr:`Entry.actor_id`."""
        kind, _, ident = actor_id.partition(":")
        if kind in ("country", "region"):
            return self.countries.get(ident)
        if kind == "org":
            return self.organisations.get(ident)
        if kind == "person":
            return self._people_by_id.get(ident)
        return None

    def sector_of(self, phrase: str) -> str | None:
        """The sector a title or group noun signals: "prime minister" -> GOV, "troops" -> MIL.

        Multiword terms are matched first ("chief rabbi" before "chief"). In a longer phrase the
        head (last term) decides, unless it is a generic role ("spokesman", "leader", "officer"),
        which takes the sector of the institution before it ("army spokesman" -> MIL). OPP and
        REB words win wherever they stand ("opposition leader", "rebel commander").
        """
        words = [w for w in _strip_possessive(normalise(phrase)).split() if w]
        words = [w for w in words if self.modifier(w) is None or w in self._terms]
        found: list[tuple[str, bool]] = []
        i = 0
        while i < len(words):
            for n in range(min(self._term_words, len(words) - i), 0, -1):
                hit = self._terms.get(" ".join(words[i : i + n]))
                if hit:
                    found.append(hit)
                    i += n
                    break
            else:
                i += 1
        if not found:
            return None
        for sector, _ in found:
            if sector in self._dominant:
                return sector
        head_sector, head_generic = found[-1]
        if head_generic:
            for sector, generic in reversed(found[:-1]):
                if not generic:
                    return sector
        return head_sector

    def is_title(self, phrase: str) -> bool:
        """Whether a phrase is exactly a known title or group noun (singular or plural)."""
        return _strip_possessive(normalise(phrase)) in self._terms

    def modifier(self, word: str) -> str | None:
        """How a word alters a role: 'former', 'outgoing', 'designate', 'then', 'acting', 'deputy'.

        Prefixes and suffixes count too: "ex-" and "then-" before a title, "-elect" and
        "-designate" after one ("PM-designate" -> 'designate').
        """
        key = _modifier_key(word)
        if key in self._modifiers:
            return self._modifiers[key]
        parts = [p for p in re.split(r"[-\u2010\u2011\u2013\u2014]", word.casefold()) if p]
        if len(parts) > 1:
            for part in (parts[-1], parts[0]):
                if part in self._modifiers:
                    return self._modifiers[part]
        return None

    def person(self, name: str) -> list[Person]:
        """People whose full name or an alias is ``name`` (case and accents ignored)."""
        self._ensure_index()
        return list(self._person_names.get(normalise(name), []))

    def people_by_surname(self, surname: str) -> list[Person]:
        self._ensure_index()
        return list(self._surnames.get(normalise(surname), []))

    def person_by_id(self, person_id: str) -> Person | None:
        return self._people_by_id.get(person_id.removeprefix("person:"))

    def place(self, phrase: str) -> tuple[str, str | None] | None:
        """(country or region code, city or None) for a place name; None when unknown.

        A country name beats a capital, a capital a seat, a seat a city, a city a province:
        "Tripoli" is Libya's capital before it is a city in Lebanon.
        """
        self._ensure_index()
        key = normalise(phrase)
        hits = self._places.get(key) or self._places.get(_strip_possessive(key))
        if not hits:
            return None
        _, code, city = min(hits, key=lambda h: h[0])
        return (code, city)

    def names(self) -> Iterator[str]:
        """Every indexed phrase key, for gazetteer-style matchers."""
        self._ensure_index()
        return iter(self._index)

    # ---- additions at run time

    def add_actor(
        self,
        name: str,
        code: str | None,
        sector: str | None = None,
        names: Iterable[str] = (),
        kind: str = "group",
        actor_id: str | None = None,
        source: str | None = None,
    ) -> Entry:
        """Add an organisation or group (a user's dictionary entry, a learned actor).

        ``actor_id`` is the organisation id (``org:`` prefix optional); by default a slug of the
        name. Adding an id again replaces the earlier actor.
        """
        data: dict[str, Any] = {
            "id": (actor_id or _slug(name)).removeprefix("org:"),
            "name": name,
            "code": code,
            "sector": sector,
            "names": list(names),
            "kind": kind,
            "source": source,
        }
        if kind not in ORGANISATION_KINDS:
            raise DataFileError(
                f"add_actor({name!r}): unknown kind {kind!r}; use one of {sorted(ORGANISATION_KINDS)}."
            )
        org = _read_organisation(_Reader("add_actor()", 0, data), kind)
        self._check_sector(org.sector, f"add_actor({name!r})")
        self._put_organisation(org)
        return Entry("organisation", org.actor_id, org.name, org.code, org.sector)

    def add_person(self, person: Person) -> Person:
        """Add (or replace, by id) a person."""
        for role in person.roles:
            self._check_sector(role.sector, f"add_person({person.name!r})")
        self._put_person(person)
        return person

    def _check_sector(self, sector: str | None, where: str) -> None:
        if sector is not None and self.sectors and sector not in self.sectors:
            raise DataFileError(f"{where}: unknown sector {sector!r}; known: {', '.join(self.sectors)}.")

    # ---- checking

    def problems(self) -> list[tuple[str, str]]:
        """Cross-file inconsistencies as (actor id, message): unknown sectors or codes."""
        out: list[tuple[str, str]] = []
        tokens = set(self._codes) | {o.code for o in self.organisations.values() if o.code}
        for c in self.countries.values():
            for s in c.seats:
                if s.sector not in self.sectors:
                    out.append((c.actor_id, f"seat {s.name!r}: unknown sector {s.sector!r}"))
        for o in self.organisations.values():
            for sector in [o.sector, *(p.sector for p in o.periods)]:
                if sector is not None and sector not in self.sectors:
                    out.append((o.actor_id, f"unknown sector {sector!r}"))
            if o.code is not None and o.kind != "igo" and o.code not in tokens:
                out.append((o.actor_id, f"unknown country code {o.code!r}"))
        for p in self.people:
            for r in p.roles:
                if r.sector not in self.sectors:
                    out.append((p.actor_id, f"role {r.title!r}: unknown sector {r.sector!r}"))
                if r.country not in tokens:
                    out.append((p.actor_id, f"role {r.title!r}: unknown code {r.country!r}"))
        return out


# --------------------------------------------------------------------------- entry readers


def _read_country(r: _Reader, kind: str) -> Country:
    code = r.code("code", required=True)
    assert code is not None
    name = r.text("name") or code
    city_names: dict[str, str] = {}
    for key in ("capitals", "cities"):
        for group in r.groups(key):
            for spelling in group:
                city_names.setdefault(spelling, group[0])
    seats: list[Seat] = []
    raw_seats = r.data.get("seats") or []
    if not isinstance(raw_seats, list):
        r.fail("field 'seats' must be a list")
    for s in raw_seats:
        if isinstance(s, str):
            seats.append(Seat(s.strip()))
        elif isinstance(s, dict) and isinstance(s.get("name"), str):
            sector = s.get("sector") or "GOV"
            if not isinstance(sector, str) or not _CODE_RE.match(sector):
                r.fail(f"seat {s['name']!r}: sector must be a token such as GOV, got {sector!r}")
            seats.append(Seat(s["name"].strip(), sector, s.get("city")))
        else:
            r.fail(f"seat {s!r} must be a name or {{name: ..., sector: ...}}")
    iso2 = r.text("iso2")
    return Country(
        code=code,
        name=name,
        kind=kind,
        iso2=iso2.upper() if iso2 else None,
        names=tuple(r.strings("names")),
        demonyms=tuple(r.strings("demonyms")),
        capitals=tuple(r.strings("capitals")),
        seats=tuple(seats),
        cities=tuple(r.strings("cities")),
        areas=tuple(r.strings("areas")),
        alt_codes=tuple(s.upper() for s in r.strings("alt_codes")),
        city_names=city_names,
    )


def _read_organisation(r: _Reader, kind: str) -> Organisation:
    org_id = r.text("id", required=True)
    name = r.text("name", required=True)
    assert org_id is not None and name is not None
    periods: list[Period] = []
    raw = r.data.get("periods") or []
    if not isinstance(raw, list):
        r.fail("field 'periods' must be a list")
    for p in raw:
        if not isinstance(p, dict):
            r.fail(f"period {p!r} must be a mapping with sector, start, end")
        sector = p.get("sector")
        code = p.get("code")
        for value in (sector, code):
            if value is not None and not (isinstance(value, str) and _CODE_RE.match(value)):
                r.fail(f"period {p!r}: {value!r} is not a code")
        periods.append(Period(sector, r.date(p, "start", False), r.date(p, "end", True), code))
    return Organisation(
        id=org_id,
        name=name,
        kind=kind,
        code=r.code("code"),
        sector=r.code("sector"),
        names=tuple(r.strings("names")),
        source=r.text("source"),
        cameo=r.text("cameo"),
        periods=tuple(periods),
    )


def _read_person(r: _Reader) -> Person:
    person_id = r.text("id") or _slug(r.text("name", required=True) or "")
    name = r.text("name", required=True)
    country = r.code("country", required=True)
    assert name is not None and country is not None
    roles: list[Role] = []
    raw = r.data.get("roles") or []
    if not isinstance(raw, list):
        r.fail("field 'roles' must be a list")
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            r.fail(f"role {item!r} must be a mapping with at least a title and a sector")
        sector, role_country = item.get("sector"), item.get("country") or country
        for value in (sector, role_country):
            if not (isinstance(value, str) and _CODE_RE.match(value)):
                r.fail(f"role {item['title']!r}: {value!r} is not a code such as GOV or ISR")
        start, end = r.date(item, "start", False), r.date(item, "end", True)
        if start and end and end < start:
            r.fail(f"role {item['title']!r} ends ({end}) before it starts ({start})")
        roles.append(Role(item["title"].strip(), sector, role_country, start, end))
    sources = r.data.get("sources") or []
    return Person(
        id=person_id,
        name=name,
        aliases=tuple(r.strings("aliases")),
        country=country,
        roles=tuple(roles),
        sources=tuple(str(s) for s in (sources if isinstance(sources, list) else [sources])),
    )


# --------------------------------------------------------------------------- helpers


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a + b))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")


def _strip_possessive(key: str) -> str:
    return key[:-2] if key.endswith("'s") else key[:-1] if key.endswith("s'") else key


def _modifier_key(word: str) -> str:
    return re.sub(r"^[-\u2010\u2011\u2013\u2014]+|[-\u2010\u2011\u2013\u2014]+$", "", word.strip().casefold())


@functools.lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    """The shipped knowledge, loaded once per process. Treat it as read-only: call
    :meth:`Knowledge.load` for a copy to add to."""
    return Knowledge.load()
