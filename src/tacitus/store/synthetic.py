"""Coded documents made up from a short spec, without a model: for tests and examples of the store.

    doc = coded_document("d1", [{"source": "ISRGOV", "target": "RUS", "plover": "CONSULT"}], date="2016-06-03")

Each event becomes one sentence ``"<source> <trigger> <target>."`` of the document's text, with
real offsets, actors, mentions and evidence, so that everything the store keeps can be checked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from tacitus.document import Actor, ActorRef, Document, Event, Mention, Quote, Sentence, Span

# (plover, cameo, goldstein, quad_class) defaults per type, enough for tests.
TYPES = {
    "CONSULT": ("040", 1.0, 1), "AGREE": ("057", 8.0, 1), "SUPPORT": ("051", 3.4, 1), "AID": ("073", 7.4, 2),
    "COOPERATE": ("061", 6.4, 2), "REQUEST": ("020", 3.0, 1), "ACCUSE": ("111", -2.0, 3),
    "THREATEN": ("130", -4.4, 3), "REJECT": ("120", -4.0, 3), "SANCTION": ("163", -8.0, 4),
    "ASSAULT": ("190", -10.0, 4), "COERCE": ("170", -7.0, 4), "RETREAT": ("0842", 4.0, 2),
}


def _actor(code: str, text: str) -> Actor:
    country, sector = code[:3], code[3:] or None
    if text.istitle() and " " in text and not sector:
        return Actor(f"person:{text.lower().replace(' ', '-')}", text, "person", country, None)
    kind = "country" if not sector else "group"
    actor_id = f"country:{code}" if not sector else f"group:{code}"
    return Actor(actor_id, text, kind, country, sector)


def _ref(code: str | None, words: str, start: int, sentence: str, index: int, actors: dict[str, Actor],
         mentions: list[Mention]) -> ActorRef | None:
    """An event side found in its sentence, with its actor and mention recorded."""
    if code is None:
        return None
    pos = start + sentence.find(words)
    actor = actors.setdefault(code + words, _actor(code, words))
    mentions.append(Mention(pos, pos + len(words), words, actor.id, code, index, how="synthetic"))
    return ActorRef(words, code, actor.id, pos, pos + len(words))


def coded_document(
    doc_id: str,
    events: Sequence[dict[str, Any]],
    *,
    date: str | dt.date | None = "2022-11-07",
    outlet: str | None = "Tacitus Wire",
    url: str | None = None,
    title: str | None = None,
    people: Sequence[dict[str, Any]] = (),
    quote: str | None = None,
) -> Document:
    """A document whose sentences carry ``events``; ``people`` adds learned persons
    (``{"name", "code", "evidence"}``) as actors with evidence."""
    title = title or f"Report {doc_id}"
    text = title + "\n\n"
    sentences, mentions, coded = [], [], []
    actors: dict[str, Actor] = {}
    day = dt.date.fromisoformat(date) if isinstance(date, str) else date
    for i, spec in enumerate(events):
        source, target = spec.get("source"), spec.get("target")
        plover = spec.get("plover", "CONSULT")
        cameo, goldstein, quad = TYPES.get(plover, ("040", 1.0, 1))
        s_text = spec.get("source_text") or (source or "Someone")
        t_text = spec.get("target_text") or (target or "someone")
        trigger = spec.get("trigger", "met")
        sentence = spec.get("sentence") or f"{s_text} {trigger} {t_text} in event {i} of {doc_id}."
        start = len(text)
        text += sentence + " "
        sentences.append(Sentence(i, start, start + len(sentence), sentence))

        src = _ref(source, s_text, start, sentence, i, actors, mentions)
        tgt = _ref(target, t_text, start, sentence, i, actors, mentions)
        t_pos = start + sentence.find(trigger)
        ev_id = hashlib.sha1(f"{doc_id}|{i}".encode()).hexdigest()[:16]
        coded.append(Event(
            id=ev_id, doc_id=doc_id, sentence_index=i, source=src, target=tgt, plover=plover,
            mode=spec.get("mode", ""), context=spec.get("context", ""), cameo=spec.get("cameo", cameo),
            goldstein=spec.get("goldstein", goldstein), quad_class=spec.get("quad_class", quad),
            status=spec.get("status", "asserted"), attribution=spec.get("attribution"),
            date=spec.get("date"), date_precision="day" if spec.get("date") else None, date_text=None,
            place=spec.get("place"), trigger=Span(trigger, t_pos, t_pos + len(trigger)), sentence=sentence,
            confidence=0.9,
            evidence=[{"sentence_index": i, "trigger": trigger, "start": t_pos, "end": t_pos + len(trigger)}],
        ))
    for p in people:
        code = p["code"]
        sentence = f"{p.get('evidence', 'Official')} {p['name']} spoke."
        start = len(text)
        text += sentence + " "
        sentences.append(Sentence(len(sentences), start, start + len(sentence), sentence))
        actor = Actor(f"person:{p['name'].lower().replace(' ', '-')}", p["name"], "person", code[:3],
                      code[3:] or None, evidence=[p.get("evidence", "Official")])
        actors[actor.id] = actor
        pos = start + sentence.find(p["name"])
        mentions.append(Mention(pos, pos + len(p["name"]), p["name"], actor.id, code, len(sentences) - 1, how="title"))
    quotes = []
    if quote:
        start = len(text)
        text += f"“{quote}”"
        quotes.append(Quote(quote, None, start, len(text)))
    doc = Document(doc_id=doc_id, original=text.rstrip(), origin=f"synthetic:{doc_id}", title=title, outlet=outlet,
                   url=url, date=day)
    doc.sentences, doc.mentions, doc.events, doc.quotes = sentences, mentions, coded, quotes
    doc.actors = {a.id: a for a in actors.values()}
    return doc


def sample_documents() -> list[Document]:
    """A small fixed corpus for tests: Israel-Russia in 2016 and 2022, two outlets reporting the
    same meeting, a person to learn, a negated event, a quote and an undated document."""
    return [
        coded_document("a2016", [
            {"source": "ISRGOV", "target": "RUS", "plover": "CONSULT", "date": "2016-06-06", "status": "planned"},
            {"source": "ISRGOV", "target": "RUSGOV", "plover": "REQUEST", "status": "hypothetical"},
            {"source": "RUSGOV", "target": "ISR", "plover": "RETREAT"},
            {"source": "ISRGOV", "target": "RUSGOV", "plover": "AGREE", "place": {"name": "Syria", "country_code": "SYR"}},
        ], date="2016-06-03", outlet="Arutz Sheva", url="https://www.israelnationalnews.com/a2016",
            people=[{"name": "Dmitry Paskov", "code": "RUSGOV", "evidence": "Kremlin spokesman"}]),
        coded_document("b2022", [
            {"source": "RUSGOV", "target": "ISR", "plover": "SUPPORT", "attribution": "TASS"},
            {"source": "ISR", "target": "UKR", "plover": "AID", "status": "negated"},
            {"source": "RUS", "target": "ISR", "plover": "THREATEN"},
            {"source": "RUSGOV", "target": "ISR", "plover": "THREATEN", "date": "2022-10-20"},
        ], date="2022-11-07", outlet="The Times of Israel", url="https://www.timesofisrael.com/b2022",
            people=[{"name": "Dmitry Peskov", "code": "RUSGOV", "evidence": "Putin spokesman"}],
            quote="We definitely value constructive relations with our Israeli partners"),
        coded_document("c2022", [
            {"source": "RUS", "target": "ISR", "plover": "THREATEN"},
            {"source": "FRA", "target": "DEU", "plover": "CONSULT"},
        ], date="2022-11-08", outlet="Tacitus Wire", url="https://demo.tacitus.invalid/c2022"),
        coded_document("d-undated", [{"source": "EGY", "target": "ISR", "plover": "ACCUSE"}], date=None, outlet=None),
    ]
