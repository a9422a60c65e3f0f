"""Actor knowledge: the shipped data files and their loader (tacitus.actors.knowledge)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pycountry
import pytest

from tacitus.actors.knowledge import DATA_DIR, Knowledge, Person, Role, default_knowledge, normalise
from tacitus.errors import DataFileError

MY_FILES = ("sectors.yaml", "countries.yaml", "organisations.yaml")


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return default_knowledge()


def _data_dir(tmp_path: Path, people: str | None) -> Path:
    """The shipped files without the shipped people, plus a people file of our own."""
    d = tmp_path / "actors"
    d.mkdir(parents=True)
    for name in MY_FILES:
        (d / name).symlink_to(DATA_DIR / name)
    if people is not None:
        (d / "people.yaml").write_text(people, encoding="utf-8")
    return d


def codes(kb: Knowledge, phrase: str) -> list[tuple[str, str]]:
    return [(e.kind, e.code) for e in kb.lookup(phrase)]


# ----------------------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    ("phrase", "kind", "code"),
    [
        ("Britain", "country", "GBR"),
        ("Great Britain", "country", "GBR"),
        ("the UK", "country", "GBR"),
        ("U.K.", "country", "GBR"),
        ("the US", "country", "USA"),
        ("U.S.", "country", "USA"),
        ("America", "country", "USA"),
        ("the United States", "country", "USA"),
        ("South Korea", "country", "KOR"),
        ("North Korea", "country", "PRK"),
        ("Russia", "country", "RUS"),
        ("Iran", "country", "IRN"),
        ("Syria", "country", "SYR"),
        ("Ivory Coast", "country", "CIV"),
        ("Gaza", "country", "PSE"),
        ("the West Bank", "country", "PSE"),
        ("the Palestinian territories", "country", "PSE"),
        ("Kosovo", "country", "XKX"),
        ("Israeli", "demonym", "ISR"),
        ("Israelis", "demonym", "ISR"),
        ("Palestinian", "demonym", "PSE"),
        ("Ugandan", "demonym", "UGA"),
        ("Briton", "demonym", "GBR"),
        ("Moscow", "capital", "RUS"),
        ("Jerusalem", "capital", "ISR"),
        ("Kiev", "capital", "UKR"),
        ("Kyiv", "capital", "UKR"),
        ("the Kremlin", "seat", "RUSGOV"),
        ("Downing Street", "seat", "GBRGOV"),
        ("the Pentagon", "seat", "USAMIL"),
        ("Foggy Bottom", "seat", "USAGOV"),
        ("the Knesset", "seat", "ISRLEG"),
        ("the Élysée", "seat", "FRAGOV"),
        ("the Elysee", "seat", "FRAGOV"),
        ("Capitol Hill", "seat", "USALEG"),
        ("St. Petersburg", "city", "RUS"),
        ("the Middle East", "region", "MEA"),
        ("the West", "region", "WST"),
        ("UN", "organisation", "UNO"),
        ("U.N.", "organisation", "UNO"),
        ("NATO", "organisation", "NATO"),
        ("Nato", "organisation", "NATO"),
        ("European Union", "organisation", "EU"),
        ("TASS", "organisation", "RUSMED"),
        ("Maariv", "organisation", "ISRMED"),
        ("Hamas", "organisation", "PSEREB"),
        ("Hezbollah", "organisation", "LBNREB"),
        ("International Criminal Court", "organisation", "ICCJUD"),
        ("the Jewish Agency", "organisation", "ISRNGO"),
        ("Chabad-Lubavitch", "organisation", "REL"),
        ("Palestinian Authority", "organisation", "PSEGOV"),
        ("Mossad", "organisation", "ISRSPY"),
    ],
)
def test_lookup(kb: Knowledge, phrase: str, kind: str, code: str) -> None:
    assert codes(kb, phrase)[0] == (kind, code)


def test_lookup_entry_fields(kb: Knowledge) -> None:
    (kremlin,) = kb.lookup("the Kremlin")
    assert kremlin.actor_id == "country:RUS" and kremlin.name == "Russia"
    assert (kremlin.country, kremlin.sector, kremlin.place) == ("RUS", "GOV", "Moscow")
    (kiev,) = kb.lookup("Kiev")
    assert kiev.place == "Kyiv"  # the canonical spelling


def test_normalisation(kb: Knowledge) -> None:
    assert normalise("the U.S.") == normalise("US") == "us"
    assert normalise("Élysée") == "elysee"
    assert normalise("Chabad–Lubavitch") == normalise("Chabad-Lubavitch") == "chabad lubavitch"
    assert kb.lookup("Russia’s") == kb.lookup("Russia's") == kb.lookup("Russia")


def test_case_rules(kb: Knowledge) -> None:
    # An acronym needs capitals, a proper name needs a capital somewhere.
    assert kb.lookup("us") == [] and kb.lookup("is") == [] and kb.lookup("who") == []
    assert kb.lookup("turkey") == [] and kb.lookup("china") == []
    assert codes(kb, "Turkey") == [("country", "TUR")]
    assert kb.lookup("turkey", any_case=True)[0].code == "TUR"


def test_lookup_order_prefers_capital_over_city(kb: Knowledge) -> None:
    entries = kb.lookup("Tripoli")
    assert [(e.kind, e.code) for e in entries] == [("capital", "LBY"), ("city", "LBN")]


def test_unknown_phrase(kb: Knowledge) -> None:
    assert kb.lookup("Arnor") == [] and kb.lookup("") == []


# ----------------------------------------------------------------------------- the shipped data


def test_every_pycountry_country_is_known(kb: Knowledge) -> None:
    for c in pycountry.countries:
        country = kb.country(c.alpha_3)
        assert country is not None and country.name, c.alpha_3
        assert kb.country(c.alpha_2) is country


def test_newsworthy_countries_are_thorough(kb: Knowledge) -> None:
    full = [c for c in kb.countries.values() if c.kind == "country" and c.demonyms and c.capitals]
    assert len(full) >= 150
    with_cities = [c for c in full if len(c.cities) >= 3]
    assert len(with_cities) >= 120


def test_old_cameo_codes(kb: Knowledge) -> None:
    assert kb.country("JAP").code == "JPN"
    assert kb.country("KSV").code == "XKX"
    assert kb.country("PSE").name == "Palestine"


def test_shipped_data_is_consistent(kb: Knowledge) -> None:
    mine = [p for p in kb.problems() if not p[0].startswith("person:")]
    assert mine == []
    for org in kb.organisations.values():
        assert org.source and org.source.startswith("https://"), org.id
    # each phrase names one organisation at most, except where two really share an acronym
    shared = {"rsf"}
    for key in kb.names():
        orgs = {e.actor_id for e in kb.lookup(key, any_case=True) if e.kind == "organisation"}
        assert len(orgs) <= 1 or key in shared, (key, orgs)


def test_max_phrase_tokens(kb: Knowledge) -> None:
    longest = "United Kingdom of Great Britain and Northern Ireland"
    assert kb.lookup(longest) and kb.max_phrase_tokens >= 8


def test_default_knowledge_is_cached() -> None:
    assert default_knowledge() is default_knowledge()


# ----------------------------------------------------------------------------- sectors, modifiers


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("prime minister", "GOV"),
        ("Prime Minister", "GOV"),
        ("prime ministers", "GOV"),
        ("foreign minister", "GOV"),
        ("spokeswoman", "GOV"),
        ("spokesmen", "GOV"),
        ("authorities", "GOV"),
        ("troops", "MIL"),
        ("soldiers", "MIL"),
        ("army spokesman", "MIL"),
        ("police officers", "COP"),
        ("rabbi", "REL"),
        ("chief rabbi", "REL"),
        ("former chief rabbi", "REL"),
        ("protesters", "CVL"),
        ("Russian Jews", "CVL"),
        ("refugees", "CVL"),
        ("journalists", "MED"),
        ("news agency", "MED"),
        ("judge", "JUD"),
        ("lawmakers", "LEG"),
        ("MPs", "LEG"),
        ("opposition leader", "OPP"),
        ("rebel commander", "REB"),
        ("militants", "REB"),
        ("company", "BUS"),
        ("activists", "NGO"),
        ("intelligence officers", "SPY"),
        ("secretary-general", "GOV"),
    ],
)
def test_sector_of(kb: Knowledge, phrase: str, sector: str) -> None:
    assert kb.sector_of(phrase) == sector


def test_sector_of_unknown(kb: Knowledge) -> None:
    assert kb.sector_of("banana") is None and kb.sector_of("former") is None


@pytest.mark.parametrize(
    ("word", "meaning"),
    [
        ("former", "former"),
        ("ex", "former"),
        ("ex-", "former"),
        ("outgoing", "outgoing"),
        ("designate", "designate"),
        ("-elect", "designate"),
        ("president-elect", "designate"),
        ("PM-designate", "designate"),
        ("then", "then"),
        ("then-", "then"),
        ("acting", "acting"),
        ("deputy", "deputy"),
    ],
)
def test_modifier(kb: Knowledge, word: str, meaning: str) -> None:
    assert kb.modifier(word) == meaning


def test_modifier_unknown(kb: Knowledge) -> None:
    assert kb.modifier("prime") is None and kb.modifier("well-known") is None


# ----------------------------------------------------------------------------- places


@pytest.mark.parametrize(
    ("phrase", "place"),
    [
        ("Moscow", ("RUS", "Moscow")),
        ("Kiev", ("UKR", "Kyiv")),
        ("Russia", ("RUS", None)),
        ("the Kremlin", ("RUS", "Moscow")),
        ("Tripoli", ("LBY", "Tripoli")),
        ("Haifa", ("ISR", "Haifa")),
        ("Crimea", ("UKR", None)),
        ("Texas", ("USA", None)),
        ("the Middle East", ("MEA", None)),
    ],
)
def test_place(kb: Knowledge, phrase: str, place: tuple[str, str | None]) -> None:
    assert kb.place(phrase) == place


def test_place_unknown(kb: Knowledge) -> None:
    assert kb.place("Minas Tirith") is None


# ----------------------------------------------------------------------------- organisations over time


def test_organisation_code_at(kb: Knowledge) -> None:
    taliban = kb.organisation("taliban")
    assert taliban is not None
    assert taliban.code_at(dt.date(2010, 1, 1)) == ("AFG", "REB")
    assert taliban.code_at(dt.date(2022, 1, 1)) == ("AFG", "GOV")
    likud = kb.organisation("org:likud")
    assert likud is not None and likud.code_at(dt.date(2022, 11, 7)) == ("ISR", "OPP")
    assert likud.code_at(dt.date(2016, 6, 3)) == ("ISR", "GOV")


# ----------------------------------------------------------------------------- people

PEOPLE = """
- id: aragorn
  name: Aragorn Elessar
  aliases: [Strider, King Elessar]
  country: GBR
  roles:
    - {title: ranger, sector: REB, start: 2000-01-01, end: 2010-03-01}
    - {title: king, sector: GOV, start: 2010-03-01, end: null}
    - {title: envoy, sector: GOV, country: UNO, start: "2012-05", end: "2013"}
- id: denethor
  name: Denethor Elessar
  country: GBR
  roles:
    - {title: steward, sector: GOV, start: "1990", end: 2010-03-01}
"""


@pytest.fixture()
def people_kb(tmp_path: Path) -> Knowledge:
    return Knowledge.load(_data_dir(tmp_path, PEOPLE))


def test_role_at(people_kb: Knowledge) -> None:
    (aragorn,) = people_kb.person("Aragorn Elessar")
    assert aragorn.role_at(dt.date(2005, 6, 1)).code == "GBRREB"
    assert aragorn.role_at(dt.date(2010, 3, 1)).title == "king"  # start inclusive
    assert aragorn.role_at(dt.date(2010, 2, 28)).title == "ranger"  # end exclusive
    assert aragorn.role_at(dt.date(1999, 1, 1)) is None
    # overlapping roles: the one started last; a partial date covers its whole month or year
    envoy = aragorn.role_at(dt.date(2013, 12, 31))
    assert (envoy.title, envoy.country, envoy.start) == ("envoy", "UNO", dt.date(2012, 5, 1))
    assert aragorn.role_at(dt.date(2014, 1, 1)).title == "king"
    assert aragorn.role_at(None).title == "king"  # no date: the latest ongoing role
    assert aragorn.role_before(dt.date(2011, 1, 1)).title == "ranger"


def test_people_lookups(people_kb: Knowledge) -> None:
    assert [p.id for p in people_kb.person("strider")] == ["aragorn"]
    assert [p.id for p in people_kb.people_by_surname("Elessar")] == ["aragorn", "denethor"]
    (entry,) = people_kb.lookup("Aragorn Elessar")
    assert (entry.kind, entry.actor_id, entry.code) == ("person", "person:aragorn", "GBRGOV")
    assert people_kb.get("person:denethor").roles[0].start == dt.date(1990, 1, 1)


def test_missing_or_empty_people_file(tmp_path: Path) -> None:
    assert Knowledge.load(_data_dir(tmp_path / "a", None)).people == []
    assert Knowledge.load(_data_dir(tmp_path / "b", "")).people == []


def test_add_person(kb: Knowledge) -> None:
    local = Knowledge.load()
    role = Role("mayor", "GOV", "ISR", dt.date(2020, 1, 1), None)
    local.add_person(Person("faramir", "Faramir Hurin", ("Faramir",), "ISR", (role,)))
    assert local.lookup("Faramir")[0].code == "ISRGOV"
    assert kb.lookup("Faramir") == []  # the shared default knowledge is untouched


# ----------------------------------------------------------------------------- users' additions


def test_extra_file_adds_actors(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        """
- {kind: armed_group, id: gondor-rebels, name: Gondor Liberation Front, code: GBR, sector: REB, names: [GLF]}
- {kind: country, code: RUS, names: [Rossiyskaya Federatsiya]}
- {kind: region, code: MEA, names: [the Orient]}
- kind: person
  id: boromir
  name: Boromir Hurin
  country: ISR
  roles: [{title: general, sector: MIL, start: 2001-01-01}]
""",
        encoding="utf-8",
    )
    sectors = tmp_path / "sectors.yaml"
    sectors.write_text(
        "sectors:\n  MIL:\n    terms: [orc]\n  SPY:\n    roles: [officer]\nmodifiers:\n  erstwhile: {means: former}\n"
    )
    kb = Knowledge.load(_data_dir(tmp_path, None), extra=[extra, sectors])
    assert codes(kb, "GLF") == [("organisation", "GBRREB")]
    assert codes(kb, "Rossiyskaya Federatsiya") == [("country", "RUS")]
    assert kb.country("RUS").capitals[0] == "Moscow"  # merged, not replaced
    assert kb.place("the Orient") == ("MEA", None)
    assert kb.person("Boromir Hurin")[0].role_at(dt.date(2020, 1, 1)).code == "ISRMIL"
    assert kb.sector_of("orcs") == "MIL" and kb.sector_of("troops") == "MIL"
    assert kb.sector_of("officers") == "SPY"  # the user's word overrides the shipped COP


def test_add_actor_at_run_time() -> None:
    kb = Knowledge.load()
    entry = kb.add_actor("Rohan Riders", "GBR", "MIL", names=["the Rohirrim"], kind="armed_group")
    assert entry.actor_id == "org:rohan-riders"
    assert kb.lookup("the Rohirrim") == [entry]
    kb.add_actor("Rohan Riders", "GBR", "REB", actor_id="rohan-riders")  # same id: replaced
    assert [e.code for e in kb.lookup("Rohan Riders")] == ["GBRREB"]
    assert kb.lookup("the Rohirrim") == []
    with pytest.raises(DataFileError, match="unknown sector"):
        kb.add_actor("Bad", "GBR", "XYZ")


# ----------------------------------------------------------------------------- malformed files


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {kind: igo, id: x}\n", r"entry 1 \(x\): missing required field 'name'"),
        ("- {kind: igo, id: x, name: X, code: nato}\n", r"entry 1 \(x\).*upper-case code"),
        ("- {kind: spaceship, id: x, name: X}\n", r"entry 1 \(x\): unknown kind 'spaceship'"),
        (
            "- {kind: person, name: P, country: GBR, roles: [{title: t, sector: GOV, start: soon}]}\n",
            "not a date",
        ),
        (
            "- {kind: person, name: P, country: GBR, roles: [{title: t, sector: GOV, start: 2020-01-01, end: 2019-01-01}]}\n",
            "ends .* before it starts",
        ),
        ("- just a string\n", "expected a mapping"),
        ("name: not a list\n", "unknown sections"),
        ("- {kind: igo, id: x, name: [unclosed\n", "not valid YAML"),
    ],
)
def test_malformed_extra_file(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as info:
        Knowledge.load(_data_dir(tmp_path, None), extra=[bad])
    assert "bad.yaml" in str(info.value) and "T003" in str(info.value)


def test_malformed_shipped_file(tmp_path: Path) -> None:
    d = _data_dir(tmp_path, "- {id: p, name: P}\n")  # no country
    with pytest.raises(DataFileError, match=r"people.yaml: entry 1 \(p\): missing required field 'country'"):
        Knowledge.load(d)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot be read"):
        Knowledge.load(tmp_path)


# ----------------------------------------------------------------------------- the seed articles


SEED_PHRASES = {
    "000_netanyahu_moscow_2016.txt": {
        "Moscow": "RUS",
        "Israel": "ISR",
        "Russia": "RUS",
        "Paris": "FRA",
        "Maariv": "ISRMED",
        "Russian": "RUS",
        "Palestinian": "PSE",
        "Syria": "SYR",
        "Jerusalem": "ISR",
        "Kremlin": "RUSGOV",
        "Britain": "GBR",
        "Palestinians": "PSE",
        "China": "CHN",
        "Japan": "JPN",
        "India": "IND",
        "Europe": "EUR",
        "Palestinian Authority": "PSEGOV",
        "Middle East": "MEA",
        "US": "USA",
    },
    "003_kremlin_common_approach_2022.txt": {
        "Kremlin": "RUSGOV",
        "Israeli": "ISR",
        "TASS": "RUSMED",
        "Ukraine": "UKR",
        "Kyiv": "UKR",
        "Iran": "IRN",
        "USA Today": "USAMED",
        "Bloomberg": "USAMED",
        "Chabad-Lubavitch Hasidic movement": "REL",
        "Jewish Agency": "ISRNGO",
        "Times of Israel": "ISRMED",
        "AP": "USAMED",
        "AFP": "FRAMED",
        "Conference of European Rabbis": "EURREL",
    },
}


def test_seed_article_names(kb: Knowledge, shared_dir: Path) -> None:
    for doc, phrases in SEED_PHRASES.items():
        text = (shared_dir / "seeds" / doc).read_text(encoding="utf-8")
        for phrase, code in phrases.items():
            assert phrase in text, (doc, phrase)
            assert kb.lookup(phrase)[0].code == code, (doc, phrase)
