"""Generate a news-like corpus for ingest benchmarks and crash tests.

    python bench/make_corpus.py 1000 /tmp/corpus            # a folder of .txt articles
    python bench/make_corpus.py 1000 /tmp/corpus.jsonl      # one JSONL corpus

Articles are made from the sample articles in ``samples/``, the seed articles in
``../shared/seeds`` (read in place when present, never copied) and a few built-in templates, by
varying publication dates, names (bylines and the officials of the templates) and paragraph
order. The same ``--seed`` gives the same corpus, byte for byte. Every article's body differs from
every other's, so that none is a duplicate once bylines and date lines are cleaned away.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SEEDS = REPO.parent / "shared" / "seeds"

# Countries the actor knowledge knows, with the words articles use for them.
COUNTRIES = [
    ("Israel", "Israeli", "Jerusalem"), ("Russia", "Russian", "Moscow"), ("France", "French", "Paris"),
    ("Japan", "Japanese", "Tokyo"), ("India", "Indian", "New Delhi"), ("China", "Chinese", "Beijing"),
    ("Turkey", "Turkish", "Ankara"), ("Egypt", "Egyptian", "Cairo"), ("Germany", "German", "Berlin"),
    ("Brazil", "Brazilian", "Brasilia"), ("Kenya", "Kenyan", "Nairobi"), ("Ukraine", "Ukrainian", "Kyiv"),
    ("Vietnam", "Vietnamese", "Hanoi"), ("Poland", "Polish", "Warsaw"), ("Mexico", "Mexican", "Mexico City"),
]
FIRST = ["Anna", "David", "Maria", "Ivan", "Leila", "Tomas", "Yuki", "Amir", "Sofia", "Daniel", "Chen", "Nadia",
         "Pavel", "Grace", "Omar", "Elena", "Rafael", "Mei", "Jonas", "Priya"]
LAST = ["Kovacs", "Levin", "Santos", "Petrov", "Haddad", "Novak", "Tanaka", "Rahimi", "Moreau", "Okafor", "Weber",
        "Lindqvist", "Costa", "Mendez", "Sato", "Brandt", "Nowak", "Kariuki", "Silva", "Dubois"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["Tacitus Wire", "Tacitus Demo News", "Demo Herald", "Example Times", "Sample Post"]

TEMPLATES = [
    (
        "{A} and {B} agree to expand trade and energy ties",
        [
            "{Aadj} Foreign Minister {p1} met {Badj} Foreign Minister {p2} in {Bcap} on {day} for talks on trade, "
            "energy and security.",
            "The two ministers signed an agreement to expand energy cooperation and to open a new trade office in "
            "{Acap}, officials said.",
            "\u201cOur countries share a common approach to the region,\u201d {p1} told reporters after the meeting.",
            "{p2} said {B} would send a delegation to {Acap} next month to prepare a visit by the {Badj} president.",
        ],
    ),
    (
        "{A} condemns {Badj} strikes, summons ambassador",
        [
            "{A} on {day} condemned air strikes carried out by {Badj} forces near the border and summoned {B}'s "
            "ambassador, the foreign ministry in {Acap} said.",
            "{Aadj} Foreign Minister {p1} accused {B} of violating the ceasefire and demanded an immediate end to the "
            "attacks.",
            "The {Badj} defence ministry said its forces had targeted militants and rejected the accusation.",
            "{Badj} spokesman {p2} said {B} would continue its operations until the threat was removed.",
        ],
    ),
    (
        "{A} pledges aid to {B} after floods",
        [
            "{A} will send emergency aid and a team of engineers to {B} after floods displaced thousands of people, "
            "{Aadj} Prime Minister {p1} said on {day}.",
            "{p1} spoke by telephone with {Badj} President {p2} and promised further humanitarian assistance.",
            "{Badj} officials thanked {A} for its support and asked other governments to help.",
        ],
    ),
    (
        "{A} imposes sanctions on {Badj} officials",
        [
            "{A} on {day} imposed sanctions on {Badj} officials it accused of human rights abuses, freezing their "
            "assets and banning them from travel.",
            "{Aadj} Foreign Minister {p1} said the measures were a response to the arrest of opposition leaders in "
            "{Bcap}.",
            "{B} rejected the sanctions and threatened to retaliate, {Badj} Foreign Minister {p2} said.",
        ],
    ),
]


@dataclass
class Source:
    title: str
    body: list[str]  # paragraphs
    date: dt.date | None
    outlet: str | None


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _split(text: str) -> tuple[str, list[str]]:
    """An article's title and prose paragraphs, without bylines, date lines, captions and
    boilerplate: Tacitus's own cleaner when it can be imported, else a rough rule."""
    try:
        from tacitus.document import Document
        from tacitus.ingest.cleaning import clean
    except ImportError:
        furniture = re.compile(r"^(By |Published:|Updated:|Read more|Subscribe)|\((?:[^)]*/)+[^)]*\)$", re.M)
        paras = _paragraphs(text)
        return paras[0], [p for p in paras[1:] if not furniture.search(p) and len(p.split()) > 6]
    doc = clean(Document(doc_id="source", original=text))
    paras = _paragraphs(doc.text)
    return doc.title or paras[0], paras if doc.title else paras[1:]


def _sources(samples: Path, seeds: Path) -> list[Source]:
    texts: list[tuple[str, str | None, str | None]] = []
    for path in sorted(samples.glob("*.txt")) if samples.is_dir() else []:
        texts.append((path.read_text(encoding="utf-8"), None, None))
    for path in sorted(samples.glob("*.jsonl")) if samples.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                texts.append((rec.get("text", ""), rec.get("date"), rec.get("source")))
    for path in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        texts.append((path.read_text(encoding="utf-8"), None, None))
    found = []
    for text, date, outlet in texts:
        title, body = _split(text)
        if len(body) >= 2:
            found.append(Source(title, body, dt.date.fromisoformat(date[:10]) if date else None, outlet))
    return found


def _template_article(rng: random.Random) -> tuple[str, list[str]]:
    title, paras = rng.choice(TEMPLATES)
    (a, aadj, acap), (b, badj, bcap) = rng.sample(COUNTRIES, 2)
    p1, p2 = (f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(2))
    values = {"A": a, "Aadj": aadj, "Acap": acap, "B": b, "Badj": badj, "Bcap": bcap, "p1": p1, "p2": p2,
              "day": rng.choice(WEEKDAYS)}
    return title.format(**values), [p.format(**values) for p in paras]


def _vary(body: list[str], rng: random.Random) -> list[str]:
    """Swap two body paragraphs (never the lead) and change one weekday."""
    body = list(body)
    if len(body) > 2:
        i, j = rng.sample(range(1, len(body)), 2)
        body[i], body[j] = body[j], body[i]
    day = rng.choice(WEEKDAYS)
    return [re.sub(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", day, p, count=1) for p in body]


def make_corpus(n: int, seed: int = 0, samples: Path = SAMPLES, seeds: Path = SEEDS) -> list[dict[str, str]]:
    """``n`` articles as corpus records: ``id``, ``title``, ``date``, ``source``, ``url``, ``text``."""
    rng = random.Random(seed)
    sources = _sources(samples, seeds)
    seen: set[str] = set()
    out = []
    attempts = 0
    while len(out) < n:
        attempts += 1
        if attempts > n * 50:
            raise RuntimeError("cannot make that many distinct articles from these sources")
        if sources and rng.random() < 0.5:
            src = rng.choice(sources)
            title, body = src.title, _vary(src.body, rng)
            if attempts > n * 5:  # the real articles' variations run out: name a different reporter's source
                body[0] = f"{body[0]} ({rng.choice(FIRST)} {rng.choice(LAST)} reported.)"
        else:
            title, body = _template_article(rng)
        key = "\n".join(body)  # what identifies an article once cleaned (its title is cut too)
        if key in seen:
            continue
        seen.add(key)
        date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(10 * 365))
        i = len(out)
        outlet = rng.choice(OUTLETS)
        out.append({
            "id": f"gen-{seed}-{i:05d}",
            "title": title,
            "date": date.isoformat(),
            "source": outlet,
            "url": f"https://demo.tacitus.invalid/{outlet.lower().replace(' ', '-')}/{i:05d}",
            "byline": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "text": "\n\n".join([title, *body]),
        })
    return out


def write_corpus(records: list[dict[str, str]], out: Path) -> Path:
    """A ``.jsonl`` path gets one corpus file; anything else becomes a folder of ``.txt`` articles
    with a byline and a date line, as scraped pages have."""
    if out.suffix == ".jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps({k: v for k, v in rec.items() if k != "byline"}, ensure_ascii=False) + "\n")
        return out
    out.mkdir(parents=True, exist_ok=True)
    for rec in records:
        title, _, body = rec["text"].partition("\n\n")
        text = f"{title}\n\nBy {rec['byline']}\nPublished: {rec['date']}\n\n{body}\n"
        (out / f"{rec['id']}.txt").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many articles")
    parser.add_argument("out", type=Path, help="a folder (of .txt files) or a .jsonl file")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="seed articles, read in place if present")
    args = parser.parse_args()
    path = write_corpus(make_corpus(args.n, args.seed, args.samples, args.seeds), args.out)
    print(f"{args.n} articles written to {path}")


if __name__ == "__main__":
    main()
