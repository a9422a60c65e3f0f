"""Actor resolution: every actor mention in a parsed document to a canonical actor.

Signals, strongest first (the small English model's NER labels are only one of them):

1. **Knowledge phrases** matched on tokens: country names, demonyms, capitals, seats of power,
   organisations and known people (``data/actors/``).
2. **People** from PERSON entities and proper-noun runs, with their affiliation read from the
   article: a title before the name ("Kremlin spokesman Dmitry Peskov"), an apposition
   ("Medvedev, the former president"), a copula ("X is The Times of Israel's reporter"),
   ``of`` phrases ("chief rabbi of Moscow X"); ``former``/``designate``/``then-`` modifiers;
   then the shipped people list (roles by date), then what earlier documents taught (memory).
3. **Group nouns** with a country: "Israeli troops" -> ``ISRMIL``, "Russia's security council"
   -> ``RUSGOV``, "the deputy head of X" -> X's code.
4. **Within-document links**: surname-only repeats, misspellings (fuzzy, threshold
   ``FUZZY_THRESHOLD``), definite descriptions ("the spokesman"), "the two", and pronouns.

The result is written onto the document: ``doc.mentions`` and ``doc.actors``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from tacitus.actors.knowledge import _fold_text
from tacitus.actors.memory import PersonMemory
from tacitus.document import Actor, Document, Mention
from tacitus.nlp.index import DocIndex, doc_index

# Days and months: capitalised words that are also surnames of people in office; bare, they are
# dates (a tagged PERSON name still resolves: "Theresa May said").
CALENDAR_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
})
# Minimum rapidfuzz ratio (0-100) for a misspelt surname to link to a known person ("Paskov" ->
# "Peskov" scores 83). Below 80, distinct names such as "Bennett"/"Barnett" start to collide.
FUZZY_THRESHOLD = 80
# Misspelt countries and capitals ("Afganistan" 95, "Ethopia" 93): stricter, as place names are short
# and many are alike ("Niger"/"Nigeria" 83, "Austria"/"Australia" 88 is refused by the equality check).
PLACE_FUZZY_THRESHOLD = 89
# Knowledge kinds in the order we prefer them when one phrase names several things.
KIND_ORDER = ("person", "organisation", "seat", "country", "capital", "region", "demonym", "city")
# Sectors that are offices: "former" takes them away. Occupations (a former rabbi is a rabbi to
# his community; a journalist stays media) keep their sector.
OFFICE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "IGO"}
# Nouns that stand for the actor itself when a country modifies them ("our Israeli partners").
GENERIC_ACTOR_NOUNS = {
    "partner", "side", "counterpart", "ally", "neighbour", "neighbor", "delegation", "state",
    "nation", "country", "leadership", "regime", "party",
}
# "the head of X" inherits X's code.
HEAD_OF_NOUNS = {
    "head", "chief", "leader", "member", "deputy", "representative", "envoy", "delegation",
    "spokesman", "spokeswoman", "spokesperson", "president", "chairman", "secretary", "director",
}
# Generic group nouns that take the sector of the word before them.
GROUP_HEADS = {"group", "movement", "coalition", "faction", "party", "alliance", "bloc", "wing", "camp", "organisation",
               "organization", "front", "force", "union", "association"}
FAMILY_NAME_FIRST = {"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM", "SGP", "MNG"}
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "himself", "herself"}
THING_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
FIRST_PERSON = {"we", "us", "our", "ours", "ourselves", "i", "me", "my"}
_POSSESSIVE = re.compile(r"[’']s?$")


@dataclass
class _PersonCluster:
    """All the names in one document that refer to one person."""

    full_name: str
    surname: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # token spans
    titles: list[dict[str, Any]] = field(default_factory=list)  # evidence read from the article
    person: Any = None  # a knowledge Person, when known
    learned: Any = None  # a LearnedPerson from memory
    actor: Actor | None = None


class ActorResolver:
    """Component: writes ``doc.mentions`` and ``doc.actors``."""

    def __init__(self, knowledge: Any, memory: PersonMemory | None = None) -> None:
        self.kb = knowledge
        self.memory = memory
        self._surnames: dict[str, list[Any]] | None = None
        self._surnames_by_letter: dict[str, list[str]] = {}
        self._first_names: dict[str, list[Any]] | None = None
        self._place_names: dict[str, str] | None = None
        self._place_list: list[str] = []
        self._firsts: frozenset[str] | None = None
        # title() answers, by phrase: the resolver asks about the same few thousand words and
        # word pairs for every token of every article. Titles and group nouns are fixed once the
        # knowledge is loaded (what is added at run time are actors and people, not terms).
        self._titles: dict[str, str | None] = {}

    def title(self, phrase: str) -> str | None:
        """The sector of a phrase that is exactly a title or group noun ("prime minister")."""
        try:
            return self._titles[phrase]
        except KeyError:
            pass
        if len(self._titles) >= _TITLE_CACHE_SIZE:
            self._titles.clear()
        sector = self._titles[phrase] = self.kb.sector_of(phrase) if phrase and self.kb.is_title(phrase) else None
        return sector

    # -- entry point -------------------------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy_doc
        if sdoc is None:
            return doc
        state = _State(doc, sdoc, self.kb)
        self._match_knowledge(state)
        self._ethnic_groups(state)
        self._people(state)
        self._places(state)
        self._group_nouns(state)
        self._the_two(state)
        self._pronouns(state)
        doc.mentions = sorted(state.mentions, key=lambda m: (m.start, m.end))
        doc.actors = state.actors
        return doc

    # -- 1. knowledge phrases ----------------------------------------------------------------
    def _first_words(self) -> frozenset[str]:
        """The first word of every knowledge phrase, folded: a token that starts none is skipped
        without building a span (this loop is the resolver's hot path)."""
        if self._firsts is None:
            words = [n.split()[0] for n in self.kb.names() if n.split()]
            # "Chabad-Lubavitch" is three tokens: its first is "Chabad".
            self._firsts = frozenset(words) | frozenset(re.split(r"[-\u2010\u2011\u2013]", w)[0] for w in words)
        return self._firsts

    def _match_knowledge(self, st: _State) -> None:
        """The longest knowledge phrase starting at each token, left to right within sentences.

        This is the resolver's hot path: it reads the document's token arrays
        (:mod:`tacitus.nlp.index`) and builds a span only for a phrase the knowledge knows.
        """
        sdoc, max_len = st.sdoc, max(1, getattr(self.kb, "max_phrase_tokens", 6))
        firsts = self._first_words()
        ix = st.ix
        arr = ix.tokens
        text, lower, taken = arr.text, arr.lower, st.taken
        # A phrase never ends on punctuation or space, and every content word of a multi-word
        # name after its first is capitalised, as names are in news prose (content words: alphabetic
        # and not a particle of _LOWER_OK, "of", "al", "bin").
        ends_ok = [not (punct or space) for punct, space in zip(arr.is_punct, arr.is_space, strict=True)]
        content = [alpha and low not in _LOWER_OK for alpha, low in zip(arr.is_alpha, lower, strict=True)]
        for sent_start, sent_end in ix.sentences:
            i = sent_start
            while i < sent_end:
                f = i if lower[i] != "the" or i + 1 >= sent_end else i + 1
                if not text[f][:1].isupper() or taken[i]:
                    i += 1
                    continue
                if _fold_text(text[i]).casefold() not in firsts and _fold_text(text[f]).casefold() not in firsts:
                    i += 1
                    continue
                stop = i + min(max_len, sent_end - i)
                # So doc[i:i + length] (length > 1) can be a name when it holds a content word and
                # ends before the first lower-case content word after that one.
                first_word = next((k for k in range(i, stop) if content[k]), stop)
                lower_word = next((k for k in range(first_word + 1, stop) if content[k] and not text[k][:1].isupper()), stop)
                for length in range(stop - i, 0, -1):
                    last = i + length - 1
                    if not ends_ok[last] or (length == 1 and lower[i] == "the"):
                        continue
                    if length > 1 and not first_word <= last < lower_word:
                        continue  # "Russia today" is not the broadcaster "Russia Today"
                    entry = self._best_entry(self.kb.lookup(_strip_possessive(ix.span_text(i, i + length))))
                    if entry is None:
                        continue
                    span = sdoc[i : i + length]
                    if self._inside_other_name(span, entry):
                        continue
                    st.add_knowledge(span, self._earlier_fuller_name(st, span, entry), self)
                    i += length
                    break
                else:
                    i += 1

    def _ethnic_groups(self, st: _State) -> None:
        """A people named by a demonym lives where the article puts it: "Bosnian Serbs" are
        Bosnia's, "ethnic Albanians in south Serbia" Serbia's (civilians of that country)."""
        for m in list(st.mentions):
            if m._kind != "demonym" or m._sector != "CVL":  # type: ignore[attr-defined]
                continue
            head = st.sdoc[m.head]
            where = [o for c in head.children if c.dep_ in {"amod", "compound"} and c.i < head.i for o in st.mentions_at(c.i)
                     if o is not m and o._kind in {"demonym", "country"}]  # type: ignore[attr-defined]
            for c in head.children:
                if not where and c.dep_ == "prep" and c.lower_ in {"in", "of"}:
                    where = [o for g in c.children if g.dep_ == "pobj" for o in st.mentions_at(g.i)
                             if o._kind in {"country", "capital", "city"}]  # type: ignore[attr-defined]
            if where and where[0]._country != m._country:  # type: ignore[attr-defined]
                country = where[0]._country  # type: ignore[attr-defined]
                actor = st.group_actor(country, "CVL")
                m.actor_id, m.code, m.how = actor.id, actor.code, "knowledge:demonym+place"
                m._country = country  # type: ignore[attr-defined]

    @staticmethod
    def _best_entry(entries: list[Any]) -> Any:
        if not entries:
            return None
        # Ties (e.g. "Congolese": both Congos) break on the id, so every process agrees.
        return min(entries, key=lambda e: (KIND_ORDER.index(e.kind) if e.kind in KIND_ORDER else 99, e.actor_id))

    def _inside_other_name(self, span: Any, entry: Any) -> bool:
        """'Israel' in 'Israel Katz' is part of a person's name, not the country."""
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        if entry.kind == "region":
            # "West Darfur", "South Kordofan": the region word is part of another name.
            return bool(nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper())
        if entry.kind in {"country", "capital", "city"} and span[0].pos_ == "PROPN":
            # "Manchester City", "Real Madrid", "Washington Post": a place name inside another name.
            prev = span.doc[span.start - 1] if span.start > 0 else None
            for t in (prev, nxt):
                if (t is not None and t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_sent_start
                        and t.ent_type_ not in {"DATE", "TIME"}  # "arrived in Sierra Leone Tuesday"
                        and t.lower_ not in _DIRECTIONS and not self.title(t.lower_)):
                    return True
            if prev is not None and prev.pos_ == "PROPN" and prev.is_sent_start and prev.lower_ not in _DIRECTIONS and not self.title(prev.lower_):
                return True
        if entry.kind not in {"country", "capital", "city", "demonym"}:
            return False
        return bool(
            nxt is not None
            and nxt.pos_ == "PROPN"
            and nxt.ent_type_ == "PERSON"
            and span[-1].ent_type_ == "PERSON"
            and span[-1].ent_iob_ != "O"
            and not self.kb.lookup(nxt.text)  # "Bosnian Serbs" (tagged PERSON) are two peoples, not a name
        )

    def _earlier_fuller_name(self, st: _State, span: Any, entry: Any) -> Any:
        """"Congo" after "the Democratic Republic of Congo" is the same country, not another
        one that the short form also names."""
        if entry.kind != "country":
            return entry
        short = span.text.casefold()
        for m in reversed(st.mentions):
            if m._kind == "country" and m._country != entry.country and m.text.casefold().endswith(short) and len(m.text) > len(span.text):  # type: ignore[attr-defined]
                return next((e for e in self.kb.lookup(m.text) if e.kind == "country"), entry)
        return entry

    def code_for_entry(self, entry: Any, when: Any, span: Any = None) -> tuple[str | None, str | None]:
        if entry.kind == "person":
            person = _State.kb_person(entry.actor_id, self.kb)
            if person is not None:
                role = person.role_at(when)
                if role is not None:
                    return role.country or person.country, role.sector
                return person.country, None
        if entry.kind == "capital":
            # A capital that acts ("Moscow warned", "Jerusalem's decision", "by Beijing") stands
            # for its government; as a place or destination ("arrived in Amman") it is the country.
            return entry.country, ("GOV" if span is None or _acts(span.root) else None)
        return entry.country, entry.sector

    # -- 2. people -----------------------------------------------------------------------------
    def _people(self, st: _State) -> None:
        clusters: list[_PersonCluster] = []
        for start, end in self._name_spans(st):
            name = _strip_possessive(st.ix.span_text(start, end))
            if not name or not name[0].isupper():
                continue
            evidence = self._title_evidence(st, start, end)
            surname = name.split()[-1]
            cluster = self._find_cluster(clusters, name, surname)
            if cluster is None:
                cluster = _PersonCluster(full_name=name, surname=surname)
                clusters.append(cluster)
            elif len(name.split()) > len(cluster.full_name.split()):
                cluster.full_name, cluster.surname = name, surname
            cluster.spans.append((start, end))
            if evidence:
                cluster.titles.append(evidence)
        # Knowledge people matched as phrases become clusters too, so surnames link to them.
        for m in st.person_knowledge_mentions():
            name = m.text
            cluster = self._find_cluster(clusters, name, name.split()[-1])
            if cluster is None:
                cluster = _PersonCluster(full_name=name, surname=name.split()[-1])
                clusters.append(cluster)
            ev = self._title_evidence(st, m._tok_start, m._tok_end)  # type: ignore[attr-defined]
            if ev:
                cluster.titles.append(ev)
            cluster.person = cluster.person or st.kb_person(m.actor_id, self.kb)
            st.knowledge_person_cluster[m.actor_id] = cluster
        self._untagged_repeats(st, clusters)
        for cluster in clusters:
            self._decide_person(st, cluster)
        st.clusters = clusters

    def _untagged_repeats(self, st: _State, clusters: list[_PersonCluster]) -> None:
        """A surname the NER missed ("Goldschmidt fled") still joins its person."""
        in_cluster = {k for c in clusters for a, b in c.spans for k in range(a, b)}
        by_surname = {c.surname.casefold(): c for c in clusters}
        pos, text = st.ix.tokens.pos, st.ix.tokens.text
        for i, tag in enumerate(pos):
            if tag != "PROPN" or st.taken[i] or i in in_cluster or not st.sdoc[i].is_title:
                continue
            c = by_surname.get(text[i].casefold())
            if c is None:
                continue
            start = i
            while start > 0 and pos[start - 1] == "PROPN" and not st.taken[start - 1] and start - 1 not in in_cluster:
                start -= 1
            c.spans.append((start, i + 1))

    def _name_spans(self, st: _State) -> list[tuple[int, int]]:
        """Proper-noun runs and PERSON entities not already matched, minus leading titles."""
        sdoc, spans, ix = st.sdoc, [], st.ix
        arr, sentence_of = ix.tokens, ix.sentence_of
        pos, ent, alpha, lower = arr.pos, arr.ent_type, arr.is_alpha, arr.lower
        n = len(sdoc)
        runs: list[tuple[int, int]] = []
        i = 0
        while i < n:
            if (pos[i] == "PROPN" or ent[i] == "PERSON") and not st.taken[i] and alpha[i]:
                j = i
                while j + 1 < n and not st.taken[j + 1] and sentence_of[j + 1] == sentence_of[i]:
                    if alpha[j + 1] and (pos[j + 1] == "PROPN" or ent[j + 1] == "PERSON"):
                        j += 1
                    elif (arr.text[j + 1] == "-" and not sdoc[j + 1].whitespace_ and not sdoc[j].whitespace_ and j + 2 < n
                          and sdoc[j + 2].is_title and not st.taken[j + 2]):
                        j += 2  # "Zia-Ul-Haq", "Fazl-ur-Rehman": one name
                    else:
                        break
                runs.append((i, j + 1))
                i = j + 1
            else:
                i += 1
        for start, end in runs:
            # Leading titles ("Prime Minister", "President") are evidence, not the name.
            while start < end:
                if start + 1 < end and self.title(ix.span_text(start, start + 2).lower()):
                    start += 2
                elif self.title(lower[start]) or self.kb.modifier(lower[start]):
                    start += 1
                else:
                    break
            if start + 1 < end and start >= 2 and lower[start - 1] == "of" and self._has_title_before(st, start - 1):
                start += 1  # "Secretary of State Warren Christopher", "Minister of Defence X"
            if start >= end or not any(pos[k] == "PROPN" for k in range(start, end)):
                continue  # a name has a proper noun in it; a lone adjective tagged PERSON is not one
            ents = {ent[k] for k in range(start, end)}
            titled = self._has_title_before(st, start) or self._known_in_office(st, arr.text[end - 1])
            if "PERSON" in ents or titled:
                if ents & {"ORG", "GPE", "NORP", "LOC", "FAC"} and not titled and "PERSON" not in ents:
                    continue
                spans.append((start, end))
        return spans

    def _known_in_office(self, st: _State, surname: str) -> bool:
        """A bare surname the tagger missed ("Merz and Bush spoke") that names exactly one person
        in office at the article's date."""
        if not surname[:1].isupper() or len(surname) < 3 or surname.casefold() in CALENDAR_WORDS:
            return False  # "on Friday" is a day, not St Vincent's prime minister Godwin Friday
        people = self.kb.people_by_surname(surname)
        when = st.doc.date
        return len([p for p in people if p.role_at(when) is not None and (when is not None or _ongoing(p))]) == 1

    def _has_title_before(self, st: _State, start: int) -> bool:
        if start == 0:
            return False
        prev = st.sdoc[start - 1]
        two = st.ix.span_text(max(0, start - 2), start).lower()
        return bool(self.title(prev.lower_) or self.title(prev.lemma_.lower()) or self.title(two))

    def _find_cluster(self, clusters: list[_PersonCluster], name: str, surname: str) -> _PersonCluster | None:
        key = name.casefold()
        for c in clusters:
            if c.full_name.casefold() == key or c.surname.casefold() == surname.casefold():
                return c
        # A misspelt surname ("Paskov" for "Peskov") links to a person already in the document.
        best, best_score = None, 0.0
        for c in clusters:
            score = fuzz.ratio(surname.casefold(), c.surname.casefold())
            if score >= FUZZY_THRESHOLD and score > best_score and len(surname) >= 4:
                first_ok = len(name.split()) == 1 or len(c.full_name.split()) == 1 or (
                    name.split()[0].casefold() == c.full_name.split()[0].casefold()
                )
                if first_ok:
                    best, best_score = c, score
        return best

    def _title_evidence(self, st: _State, start: int, end: int) -> dict[str, Any] | None:
        """What the article says about the person at tokens [start, end)."""
        sdoc = st.sdoc
        window = []
        j = start - 1
        sent_start = st.ix.sent_start(start)
        while j >= sent_start and start - j <= 9:
            t = sdoc[j]
            if t.pos_ in {"VERB", "AUX", "PRON", "CCONJ", "SCONJ", "NUM"} or (t.is_punct and t.text not in {"-", "–"}):
                break
            if t.lower_ in {"a", "an"} or t.pos_ == "ADV" and t.lower_ != "then":
                break
            window.append(t)
            j -= 1
        window.reverse()
        ev = self._read_title(st, window)
        head = sdoc[end - 1]
        # Apposition: "Dmitry Medvedev, the former president" / copula: "X is Y's reporter".
        extra: list[Any] = []
        for child in head.children:
            if child.dep_ == "appos":
                extra = [t for t in child.subtree if t.i >= end]
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":  # "King Hassan of Morocco"
                extra = [t for t in child.subtree]
        if head.dep_ == "nsubj" and head.head.lemma_ == "be":
            for child in head.head.children:
                if child.dep_ == "attr":
                    extra = list(child.subtree)
        # "-designate" after the name: "Netanyahu-designate" is rare; PM-designate comes before.
        if extra:
            ev2 = self._read_title(st, extra)
            if ev2 and ev:
                for k, v in ev2.items():
                    ev.setdefault(k, v)
            ev = ev or ev2
        return ev

    def _read_title(self, st: _State, tokens: list[Any]) -> dict[str, Any] | None:
        if not tokens:
            return None
        words = [t.lower_ for t in tokens]
        lemmas = [t.lemma_.lower() for t in tokens]
        ev: dict[str, Any] = {}
        for k in range(len(words)):
            for width in (3, 2, 1):
                if k + width > len(words):
                    continue
                for seq in (words, lemmas):
                    phrase = " ".join(seq[k : k + width]).replace(" - ", "-")
                    sector = self.title(phrase) or self.title(phrase.replace("-", " "))
                    if sector:
                        ev["title"], ev["sector"] = phrase, sector
                        break
                if "sector" in ev and ev.get("title", "").count(" ") + 1 >= width:
                    break
            mod = self.kb.modifier(words[k].strip("-"))
            if mod:
                ev["modifier"] = mod
        for t in tokens:
            for m in st.mentions_at(t.i):
                if m.how.startswith("knowledge") and m._kind != "person":  # type: ignore[attr-defined]
                    ev.setdefault("country", m._country)  # type: ignore[attr-defined]
                    if m._sector and "org_sector" not in ev:  # type: ignore[attr-defined]
                        ev["org_sector"] = m._sector  # type: ignore[attr-defined]
        if not ev:
            return None
        ev["text"] = " ".join(t.text for t in tokens)
        return ev

    def _decide_person(self, st: _State, c: _PersonCluster) -> None:
        when = st.doc.date
        if c.person is None:
            c.person = self._knowledge_person(c, when)
        if c.person is None and self.memory is not None:
            c.learned = self.memory.lookup(c.full_name)
        title = next((t for t in c.titles if "sector" in t and t.get("modifier") != "then"), None)
        title = title or next((t for t in c.titles if "country" in t), None)
        country = sector = None
        how = "title"
        if c.person is not None:
            role = c.person.role_at(when)
            country = (role.country if role else None) or c.person.country
            sector = role.sector if role else None
            how = "knowledge"
            if role is None and title and (
                title.get("modifier") not in {"former", "designate"} or title.get("sector") not in OFFICE_SECTORS
            ):
                sector = title.get("sector")
                how = "knowledge+title"
        elif title:
            country = title.get("country")
            sector = title.get("sector") or title.get("org_sector")
            if title.get("modifier") in {"former", "designate"} and sector in OFFICE_SECTORS:
                sector = None
        elif c.learned is not None:
            country, sector, how = c.learned.country, c.learned.sector, "memory"
        if c.person is None and c.learned is not None and not country:
            country, sector, how = c.learned.country, c.learned.sector, "memory"
        actor_id = f"person:{c.person.id}" if c.person is not None else f"person:{_slug(c.full_name)}"
        name = c.person.name if c.person is not None else c.full_name
        evidence = []
        if c.person is None and title and country:
            evidence = [title["text"]]
        if not country and sector and c.spans:
            # "President Kagame and his Rwandan Patriotic Front": a titled person the knowledge
            # does not know belongs to the one country the sentence names, if it names one.
            ctx = self._only_country_in_sentence(st, st.sdoc[c.spans[0][0]])
            if ctx:
                country, how = ctx[0]._country, "title+context"  # type: ignore[attr-defined]
        if not country:
            sector = None  # "President X" with no country is not yet an actor code; memory may tell later
        # Replaces any provisional actor the phrase matcher made: the article's evidence is in now.
        actor = Actor(actor_id, name, "person", country, sector, evidence=evidence)
        st.actors[actor_id] = actor
        c.actor = actor
        for start, end in c.spans:
            ev = self._title_evidence(st, start, end)
            code = actor.code
            if ev and ev.get("modifier") == "then" and ev.get("sector"):
                code = (ev.get("country") or country or "") + ev["sector"]
            st.add_mention(start, end, actor, code, how if end - start > 1 or c.titles else how + "+surname")
        for m in st.mentions:
            if m.actor_id in st.knowledge_person_cluster and st.knowledge_person_cluster[m.actor_id] is c:
                m.code = actor.code

    def _knowledge_person(self, c: _PersonCluster, when: Any = None) -> Any:
        found = self.kb.person(c.full_name)
        if not found and len(c.full_name.split()) == 1:
            found = self.kb.people_by_surname(c.surname) or self._family_name_first(c.surname)
        if not found:
            found = self._fuzzy_person(c)
        if not found:
            return None
        found = list(dict.fromkeys(found))
        if len(found) == 1:
            return found[0]
        # Several people share the name ("Maduro", "Bush"): those the article's title evidence
        # agrees with, then those in office at the article's date, then the title's sector.
        countries = {t.get("country") for t in c.titles if t.get("country")}
        if countries:
            found = [p for p in found if p.country in countries] or found
        if len(found) > 1:
            in_office = [p for p in found if p.role_at(when) is not None and (when is not None or _ongoing(p))]
            found = in_office or found
        titles = {t.get("title") for t in c.titles if t.get("title")}
        if len(found) > 1 and titles:  # "President Abbas": the one whose office is the title
            found = [p for p in found if (r := p.role_at(when)) is not None and r.title in titles] or found
        sectors = {t.get("sector") for t in c.titles if t.get("sector")}
        if len(found) > 1 and sectors:
            found = [p for p in found if (r := p.role_at(when)) is not None and r.sector in sectors] or found
        if len(found) > 1 and len({p.country for p in found}) == 1:
            # "President Bush" before either Bush's term: both are American; take the latest.
            return max(found, key=lambda p: max((r.start for r in p.roles if r.start), default=dt.date.min))
        return found[0] if len(found) == 1 else None

    def _family_name_first(self, word: str) -> list[Any]:
        """Chinese, Korean and Vietnamese names put the family name first: "Xi" is Xi Jinping."""
        if self._first_names is None:
            index: dict[str, list[Any]] = defaultdict(list)
            for p in getattr(self.kb, "people", []):
                if p.country in FAMILY_NAME_FIRST:
                    for name in (p.name, *p.aliases):
                        if len(name.split()) > 1:
                            index[name.split()[0].casefold()].append(p)
            self._first_names = {k: list(dict.fromkeys(v)) for k, v in index.items()}
        return self._first_names.get(word.casefold(), [])

    def _fuzzy_person(self, c: _PersonCluster) -> list[Any]:
        if len(c.surname) < 5:
            return []
        if self._surnames is None:
            index: dict[str, list[Any]] = defaultdict(list)
            for p in getattr(self.kb, "people", []):
                for name in (p.name, *p.aliases):
                    index[name.split()[-1].casefold()].append(p)
            self._surnames = dict(index)
            # A misspelt surname keeps its first letter: only those surnames are scored, by
            # rapidfuzz in one call (a Python loop over every known surname cost ~1 ms a name).
            by_letter: dict[str, list[str]] = defaultdict(list)
            for surname in self._surnames:
                by_letter[surname[:1]].append(surname)
            self._surnames_by_letter = dict(by_letter)
        parts = c.full_name.split()
        hits = []
        candidates = self._surnames_by_letter.get(c.surname[:1].casefold(), [])
        scored = process.extract(c.surname.casefold(), candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=None)
        for k in sorted(hit[2] for hit in scored):  # in the index's order, as a loop would find them
            people = self._surnames[candidates[k]]
            for p in people:
                # A first name must agree exactly: a fuzzy surname alone is too weak a signal.
                firsts = {n.split()[0].casefold() for n in (p.name, *p.aliases) if len(n.split()) > 1}
                if len(parts) > 1 and parts[0].casefold() in firsts and p not in hits:
                    hits.append(p)
        return hits

    def _places(self, st: _State) -> None:
        """Provinces and regions the knowledge knows only as places ("Darfur") stand for their
        country when the parser sees them as names."""
        for bounds in st.ix.entities:
            if bounds.label_ not in {"GPE", "LOC", "NORP"}:
                continue
            ent = bounds.span(st.sdoc)
            if not ent.text[:1].isupper() or any(st.taken[ent.start : ent.end]):
                continue
            found = self.kb.place(_strip_possessive(ent.text)) or self._misspelt_place(ent.text)
            if found and found[0] and len(found[0]) == 3:
                actor = st.group_actor(found[0], None)
                st.add_mention(ent.start, ent.end, actor, actor.code, "place")

    def _misspelt_place(self, text: str) -> tuple[str, str | None] | None:
        """A country or capital misspelt in the article ("Afganistan", "Ethopia", "Khatmandu"):
        one fuzzy match above PLACE_FUZZY_THRESHOLD among the knowledge's country and capital names."""
        key = _strip_possessive(text).casefold()
        if len(key) < 5:
            return None
        if self._place_names is None:
            names: dict[str, str] = {}
            for name in self.kb.names():
                entries = [e for e in self.kb.lookup(name, any_case=True) if e.kind in {"country", "capital"}]
                if entries and len(name) >= 5:
                    names[name.casefold()] = name
            self._place_names = names
            self._place_list = list(names)
        hit = process.extractOne(key, self._place_list, scorer=fuzz.ratio, score_cutoff=PLACE_FUZZY_THRESHOLD)
        return self.kb.place(self._place_names[hit[0]]) if hit else None

    # -- 3. group nouns ---------------------------------------------------------------------------
    def _group_nouns(self, st: _State) -> None:
        sdoc = st.sdoc
        pos, lower = st.ix.tokens.pos, st.ix.tokens.lower
        for i, tag in enumerate(pos):
            if tag not in {"NOUN", "PROPN"} or st.taken[i]:
                continue
            tok = sdoc[i]
            lemma = tok.lemma_.lower()
            two = f"{lower[i - 1]} {lower[i]}" if i else ""
            sector = self.title(two) or self.title(lower[i]) or self.title(lemma)
            if not sector and lemma in GROUP_HEADS and i and sdoc[i - 1].dep_ in {"amod", "compound"}:
                sector = self.title(lower[i - 1])  # "opposition groups", "rebel movement"
            if sector and i and self.title(lower[i - 1]) and sdoc[i - 1].dep_ in {"amod", "compound"}:
                sector = self.kb.sector_of(two) or sector  # "military officers" MIL, "police officers" COP
            generic = lemma in GENERIC_ACTOR_NOUNS
            if not sector and not generic and lemma not in HEAD_OF_NOUNS:
                continue
            if tok.dep_ == "compound" and any(m._kind == "person" or m.actor_id.startswith("person:") for m in st.mentions_at(tok.head.i)):  # type: ignore[attr-defined]
                continue  # "Kremlin spokesman Dmitry Peskov": the title is evidence about the person
            owners = self._owners(st, tok)
            via_of = False
            if not owners and lemma in HEAD_OF_NOUNS | {"government", "council", "court"}:
                owners = self._of_owner(st, tok)
                via_of = True
            if not owners and sector:
                owners = self._located_in(st, tok)  # "rebels in Darfur", "opposition groups in Zimbabwe"
            if not owners and sector and not generic and tok.tag_ in {"NNS", "NNPS"} and not via_of:
                owners = self._only_country_in_sentence(st, tok)
            if not owners:
                if sector and tok.i > 0 and sdoc[tok.i - 1].lower_ == "the":
                    self._definite(st, tok, sector)
                continue
            for m in owners:
                country = m._country  # type: ignore[attr-defined]
                if not country:
                    continue
                sec = sector or m._sector  # type: ignore[attr-defined]
                if via_of and m._sector and m._kind == "organisation":  # type: ignore[attr-defined]
                    sec = m._sector  # type: ignore[attr-defined]  # "the president of the Conference of Rabbis"
                if generic and not sector:
                    sec = None
                start = min(m._tok_start, tok.i) if m._tok_start < tok.i and tok.i - m._tok_start <= 6 else tok.i  # type: ignore[attr-defined]
                actor = st.group_actor(country, sec)
                st.add_mention(start, tok.i + 1, actor, actor.code, "group:" + (m.text if m.text else ""), head=tok.i)

    def _owners(self, st: _State, tok: Any) -> list[Mention]:
        """Country-like mentions modifying a noun: amod/compound/poss/nmod, and their conjuncts."""
        found: list[Mention] = []
        for child in tok.children:
            if child.dep_ in {"amod", "compound", "poss", "nmod", "npadvmod"} and child.i < tok.i:
                for t in [child, *child.conjuncts]:
                    found.extend(m for m in st.mentions_at(t.i) if m._country)  # type: ignore[attr-defined]
                    if t.lower_ == "led":  # "Vietnamese-led forces", "US-led coalition"
                        found.extend(m for g in t.children for m in st.mentions_at(g.i) if m._country)  # type: ignore[attr-defined]
        # Coordinated demonyms the parser attached elsewhere: "Hungarian and Romanian officials".
        return list({id(m): m for m in found}.values())

    def _only_country_in_sentence(self, st: _State, tok: Any) -> list[Mention]:
        """Unqualified groups ("demonstrators", "rebels", "police") in a sentence about a single
        country are that country's: news names the country once and leaves domestic actors bare.
        With two or more countries in the sentence the group stays unresolved."""
        sent_start, sent_end = st.ix.sent_bounds(tok.i)
        start_char, end_char = st.ix.tokens.idx[sent_start], st.ix.tokens.end[sent_end - 1]
        found = {m._country: m for m in st.mentions  # type: ignore[attr-defined]
                 if start_char <= m.start < end_char and m._country and m._kind != "person"  # type: ignore[attr-defined]
                 and len(m._country) == 3 and m._country.isalpha()}  # type: ignore[attr-defined]
        if len(found) != 1:
            return []
        m = next(iter(found.values()))
        return [m] if st.kb.country(m._country) is not None else []  # type: ignore[attr-defined]

    def _located_in(self, st: _State, tok: Any) -> list[Mention]:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "of", "from"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        ms = [m for m in st.mentions_at(pobj.i) if m._country and m._kind != "person"]  # type: ignore[attr-defined]
                        if ms:
                            return ms
        return []

    def _of_owner(self, st: _State, tok: Any) -> list[Mention]:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        out = []
                        for p in (pobj, *pobj.conjuncts):  # "the governments of Congo and Rwanda"
                            ms = st.mentions_at(p.i) or [m for c in p.children if c.dep_ in {"poss", "amod", "compound"} for m in st.mentions_at(c.i)]
                            out += [m for m in ms if m._country]  # type: ignore[attr-defined]
                        return list({id(m): m for m in out}.values())
        return []

    def _definite(self, st: _State, tok: Any, sector: str) -> None:
        """'the spokesman' / 'the council': the nearest earlier person titled so, or the nearest
        earlier actor whose head noun it repeats."""
        lemma = tok.lemma_.lower()
        people = [
            (min(a for a, _ in c.spans), c) for c in st.clusters
            if c.actor is not None and c.actor.code and c.spans and min(a for a, _ in c.spans) < tok.i
            and any(t.get("title", "").split()[-1:] == [lemma] for t in c.titles)
        ]
        if people:
            c = max(people, key=lambda x: x[0])[1]
            st.add_mention(tok.i - 1, tok.i + 1, c.actor, c.actor.code, "definite")  # type: ignore[arg-type]
            return
        for m in sorted(st.mentions, key=lambda m: m.start, reverse=True):
            if m.start < tok.idx and m._head_lemma == lemma and m.code:  # type: ignore[attr-defined]
                st.add_mention(tok.i - 1, tok.i + 1, st.actors[m.actor_id], m.code, "definite")
                return

    # -- 4. "the two" and pronouns ------------------------------------------------------------------
    def _the_two(self, st: _State) -> None:
        sdoc, lower = st.sdoc, st.ix.tokens.lower
        for i, low in enumerate(lower):
            if low != "two" or i == 0 or lower[i - 1] != "the" or st.taken[i]:
                continue
            tok = sdoc[i]
            if tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].pos_ == "NOUN":
                continue  # "the two countries" is a group noun, not a back-reference
            pair = self._last_pair(st, tok)
            for m in pair:
                st.add_mention(tok.i - 1, tok.i + 1, st.actors[m.actor_id], m.code, "pair", head=tok.i)

    def _last_pair(self, st: _State, tok: Any, within_sentences: int = 2) -> list[Mention]:
        """Two actors a plural back-reference ("the two", "they", "their") stands for: a
        coordination ("Netanyahu and Putin") in the window, else the last two people, else the
        last two countries named in it."""
        earliest = st.ix.sent_start(tok.i)
        for _ in range(within_sentences - 1):
            earliest = _prev_sent_start(st.ix, earliest)
        prior = sorted((m for m in st.mentions if m.start < tok.idx and m.how not in {"pair", "pronoun", "quote-speaker"}
                        and m.head is not None and m.head >= earliest and m.code), key=lambda m: m.start)
        for m in reversed(prior):
            conj = [c for c in st.sdoc[m.head].conjuncts if st.mentions_at(c.i)]
            if conj:
                other = st.mentions_at(conj[0].i)[0]
                if other.actor_id != m.actor_id:
                    return sorted([m, other], key=lambda x: x.start)
        for kind in ("person", "country"):
            chosen: list[Mention] = []
            for m in reversed(prior):
                if st.actors[m.actor_id].kind == kind and all(c.actor_id != m.actor_id for c in chosen):
                    chosen.append(m)
                if len(chosen) == 2:
                    return sorted(chosen, key=lambda x: x.start)
        return []

    def _pronouns(self, st: _State) -> None:
        sdoc = st.sdoc
        quote_spans = st.quote_spans()
        for i, tag in enumerate(st.ix.tokens.pos):
            if tag not in {"PRON", "DET"} or st.taken[i]:
                continue
            tok = sdoc[i]
            low = tok.lower_
            if low in FIRST_PERSON:
                speaker = st.speaker_for(tok.idx, quote_spans)
                if speaker is not None and low in {"we", "us", "our", "ours", "ourselves"}:
                    # "we" in a spokesman's quote is his side: the country's government.
                    actor = st.actors[speaker.actor_id]
                    code = actor.code if actor.kind != "person" else (actor.country or "") + (actor.sector or "")
                    st.add_mention(tok.i, tok.i + 1, actor, code, "quote-speaker")
                elif speaker is not None:
                    st.add_mention(tok.i, tok.i + 1, st.actors[speaker.actor_id], speaker.code, "quote-speaker")
                continue
            kinds = (
                {"person"} if low in PERSON_PRONOUNS
                else {"country", "organisation", "group", "seat", "capital"} if low in THING_PRONOUNS
                else {"group", "country"} if low in PLURAL_PRONOUNS else None
            )
            if kinds is None:
                continue
            if low in PLURAL_PRONOUNS:
                pair = self._last_pair(st, tok)
                if pair:
                    for m in pair:
                        st.add_mention(tok.i, tok.i + 1, st.actors[m.actor_id], m.code, "pair", head=tok.i)
                    continue
            ante = self._antecedent(st, tok, kinds)
            if ante is not None:
                st.add_mention(tok.i, tok.i + 1, st.actors[ante.actor_id], ante.code, "pronoun")

    def _antecedent(self, st: _State, tok: Any, kinds: set[str]) -> Mention | None:
        """Nearest compatible subject in this sentence, then in the previous one, then any."""
        sent_start = st.ix.sent_start(tok.i)
        prev_start = _prev_sent_start(st.ix, sent_start)
        head_sent = st.ix.sent_start  # a mention's sentence: by its head token
        candidates = [
            m for m in st.mentions
            if m.start < tok.idx and m.head is not None and head_sent(m.head) >= prev_start
            and st.actors[m.actor_id].kind in kinds and m.code and m.how not in {"pronoun", "quote-speaker"}
            and m.head != tok.i
        ]
        candidates.sort(key=lambda m: m.start)
        here = [m for m in candidates if head_sent(m.head) == sent_start]  # type: ignore[arg-type]
        before = [m for m in candidates if head_sent(m.head) != sent_start]  # type: ignore[arg-type]
        if tok.dep_ == "poss" and here:
            # A possessive refers back to the nearest fitting actor in its own sentence more often
            # than to the subject ("spat with Jerusalem over its support for Ukraine").
            return here[-1]
        subj_here = [m for m in here if st.sdoc[m.head].dep_ in {"nsubj", "nsubjpass"}]
        ancestors = list(tok.ancestors)
        governing = [m for m in subj_here if st.sdoc[m.head].head in ancestors]
        if governing and tok.lower_ not in THING_PRONOUNS:
            # "Netanyahu said he hopes Putin is ..., revealing that he was asked": the subject of
            # the highest clause that governs the pronoun, not the nearest subject.
            return min(governing, key=lambda m: ancestors.index(st.sdoc[m.head].head) * -1)
        subj_before = [m for m in before if st.sdoc[m.head].dep_ in {"nsubj", "nsubjpass"}]
        if tok.lower_ in THING_PRONOUNS:
            # "it" is too often a thing ("the conference ... it allows"): subjects only.
            return (subj_here or subj_before or [None])[-1]
        return (subj_here or here or subj_before or before or [None])[-1]


def sdoc_prev_sent_start(sdoc: Any, sent: Any) -> int:
    """The first token of the sentence before ``sent`` (0 for the first sentence)."""
    return _prev_sent_start(doc_index(sdoc), sent.start)


def _prev_sent_start(ix: DocIndex, sent_start: int) -> int:
    return 0 if sent_start == 0 else ix.sent_start(sent_start - 1)


class _State:
    """Working state while resolving one document."""

    def __init__(self, doc: Document, sdoc: Any, kb: Any = None) -> None:
        self.doc, self.sdoc, self.kb = doc, sdoc, kb
        self.ix = doc_index(sdoc)
        self.taken = [False] * len(sdoc)
        self.mentions: list[Mention] = []
        self.actors: dict[str, Actor] = {}
        self.by_token: dict[int, list[Mention]] = defaultdict(list)
        self.knowledge_person_cluster: dict[str, _PersonCluster] = {}
        self.clusters: list[_PersonCluster] = []
        self._quotes: list[tuple[int, int, Mention | None]] | None = None

    def sentence_of(self, token_i: int) -> int:
        """The index of the sentence a token is in."""
        return self.ix.sentence_of[token_i]

    def mentions_at(self, i: int) -> list[Mention]:
        return self.by_token.get(i, [])

    def add_mention(self, start: int, end: int, actor: Actor, code: str, how: str, head: int | None = None) -> Mention:
        span = self.sdoc[start:end]
        head = head if head is not None else span.root.i
        m = Mention(span.start_char, span.end_char, span.text, actor.id, code, self.sentence_of(head), how, head)
        m._tok_start, m._tok_end = start, end  # type: ignore[attr-defined]
        m._country, m._sector, m._kind = actor.country, actor.sector, actor.kind  # type: ignore[attr-defined]
        m._head_lemma = self.sdoc[head].lemma_.lower()  # type: ignore[attr-defined]
        self.mentions.append(m)
        for k in range(start, end):
            self.taken[k] = True
            self.by_token[k].append(m)
        return m

    def add_knowledge(self, span: Any, entry: Any, resolver: ActorResolver) -> None:
        country, sector = resolver.code_for_entry(entry, self.doc.date, span)
        if entry.kind == "demonym" and span.root.tag_ in {"NNS", "NNPS"} and span.root.dep_ != "compound":
            sector = "CVL"  # "Libyans", "the Palestinians": people of the country (PLOVER's convention)
        kind = {"demonym": "country", "capital": "country", "region": "country", "city": "country"}.get(entry.kind, entry.kind)
        if entry.kind in {"demonym", "capital", "city", "region"} and not (entry.kind == "demonym" and sector):
            actor_id = f"country:{country}" if country else entry.actor_id
            name = entry.name if entry.kind == "region" else _country_name(resolver.kb, country, entry.name)
            if sector:  # an acting capital is the government
                actor_id = f"group:{country}{sector}"
                base = self.actors.get(actor_id) or Actor(actor_id, f"{name} government", "group", country, sector)
            else:
                base = self.actors.get(actor_id) or Actor(actor_id, name, "country", country, None)
        elif entry.kind == "demonym" and sector:
            actor_id = f"group:{country}{sector}"
            base = self.actors.get(actor_id) or Actor(actor_id, f"{_country_name(resolver.kb, country, country or '')} {sector}", "group", country, sector)
        elif entry.kind == "seat":
            actor_id = f"group:{country}{sector or ''}"
            base = self.actors.get(actor_id) or Actor(actor_id, f"{_country_name(resolver.kb, country, country or '')} government", "group", country, sector)
        else:
            actor_id = entry.actor_id
            base = self.actors.get(actor_id) or Actor(actor_id, entry.name, kind, country, sector)
        self.actors[actor_id] = base
        code = (country or "") + (sector or "")
        m = self.add_mention(span.start, span.end, base, code, f"knowledge:{entry.kind}")
        m._country, m._sector, m._kind = country, sector, entry.kind  # type: ignore[attr-defined]

    def person_knowledge_mentions(self) -> list[Mention]:
        return [m for m in self.mentions if m._kind == "person"]  # type: ignore[attr-defined]

    @staticmethod
    def kb_person(actor_id: str, kb: Any) -> Any:
        pid = actor_id.split(":", 1)[1]
        by_id = getattr(kb, "person_by_id", None)
        if by_id is not None:  # Knowledge keeps one person per id: no scan of every person
            return by_id(pid)
        return next((p for p in getattr(kb, "people", []) if p.id == pid), None)

    def group_actor(self, country: str, sector: str | None) -> Actor:
        actor_id = f"group:{country}{sector or ''}" if sector else f"country:{country}"
        if actor_id not in self.actors:
            kind = "group" if sector else "country"
            self.actors[actor_id] = Actor(actor_id, f"{country} {sector or ''}".strip(), kind, country, sector)
        return self.actors[actor_id]

    def quote_spans(self) -> list[tuple[int, int, Mention | None]]:
        """Direct quotes with their speakers' mentions (used for 'we' and by the event coder)."""
        if self._quotes is None:
            from tacitus.events import quotes as q

            out = []
            for start, end in q.doc_quotes(self.sdoc):  # the parse's text is the document's
                speaker = q.quote_speaker(self.sdoc, start, end)
                m = None
                if speaker is not None:
                    for tok in _tokens_of(speaker):
                        ms = self.mentions_at(tok.i)
                        if ms:
                            m = ms[0]
                            break
                out.append((start, end, m))
            self._quotes = out
        return self._quotes

    def speaker_for(self, char: int, quotes: list[tuple[int, int, Mention | None]]) -> Mention | None:
        for start, end, m in quotes:
            if start <= char < end:
                return m
        return None


def _ongoing(person: Any) -> bool:
    return any(r.end is None for r in person.roles)


def _acts(tok: Any) -> bool:
    """Whether a name is in an acting position: subject, possessor, or agent of a passive."""
    if tok.dep_ in {"nsubj", "poss"}:
        return True
    if tok.dep_ == "conj":
        return _acts(tok.head)
    return tok.dep_ == "pobj" and tok.head.dep_ == "agent"


def _tokens_of(speaker: Any) -> list[Any]:
    if hasattr(speaker, "__iter__"):
        return list(speaker)
    return [speaker]


def _country_name(kb: Any, code: str | None, fallback: str) -> str:
    c = kb.country(code) if code else None
    return c.name if c is not None else fallback


# How many title() answers the resolver keeps (a long run meets new words without end).
_TITLE_CACHE_SIZE = 200_000
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "greater", "upper", "lower", "new"}
_LOWER_OK = {"of", "the", "and", "for", "de", "al", "el", "la", "du", "von", "van", "bin", "'s", "’s", "-", "&", "on", "in"}


def _strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text).strip() if text.endswith(("'s", "’s", "'", "’")) else text.strip()


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
