"""Generated stores of any size, for benchmarks (bench/read.py, bench/browse.py) and the page's browser tests.

Parsing thousands of articles would take hours, and what these stores serve is reading, so each store is
written straight from generated extraction records (what the parser would have stored: people with offices,
organisations, meetings, visits, agreements, exercises in series, plans, each article with an outlet and an
address) and resolved once with `accord rebuild`'s code. The same seed gives the same store.

    python -m accord.synthetic STORE.db --events 10000     # about 10,000 events
    from accord.synthetic import build; build(path, events=10_000)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from datetime import date, timedelta
from pathlib import Path

from . import api, lexicon, names
from .records import Actor, Article, Event, Extraction, Location, Role, SeriesRef, Source, to_dict
from .settings import Settings
from .store.database import Store
from .store.search import index_document

STATES = ["IND", "FRA", "JPN", "AUS", "EGY", "TUR", "AZE", "CHN", "IDN", "GRC", "BRA", "KEN", "POL", "VNM", "SAU", "NGA"]
RARE = ("PAK", "RUS")
"""the pair only RARE_DOCS articles cover, in every store"""
RARE_DOCS = 20
GIVEN = ["Amir", "Elena", "Tomas", "Keiko", "Rashid", "Marta", "Viktor", "Lina", "Omar", "Sofia", "Hiro", "Nadia",
         "Pavel", "Ines", "Karim", "Yusuf", "Anika", "Dario", "Leila", "Mateo"]
SURNAMES = ["Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Petrov", "Qureshi", "Santos", "Kowalski", "Nguyen",
            "Demir", "Aliyev", "Papadakis", "Mwangi", "Suharto", "Ferreira", "Rahman", "Castell", "Ivanescu", "Bakri"]
OFFICES = [("Defence Minister", None), ("Chief of the Naval Staff", "Admiral"), ("Chief of Army Staff", "General"),
           ("National Security Adviser", None)]
EXERCISES = ["Sea Shield", "Desert Falcon", "Iron Bridge", "Blue Horizon", "Mountain Echo", "Coral Guard"]
KINDS = {"meeting": ("CONSULT", "043"), "visit": ("CONSULT", "042"), "agreement": ("SUPPORT", "057"),
         "exercise": ("COOPERATE", "062"), "training": ("COOPERATE", "062"), "arms_transfer": ("AID", "062"),
         "plan": ("AGREE", "036")}
PLACES = {c.code: c.places for c in lexicon.load().countries.values() if c.places}
"""cities that stand for each state (countries.tsv): where generated events take place"""
OUTLETS = ["Harbour Daily", "The Capital Ledger", "Regional Wire", "Defence Weekly", "Morning Courier"]
EVENTS_PER_DOCUMENT = 3.0
"""a meeting and two or three more events an article, less those that fuse across articles"""
FILLER = ("Analysts said the relationship reflected a broader shift in the region, where smaller states seek several "
          "partners at once rather than a single patron. ") * 6


def extraction(rng: random.Random, n: int) -> Extraction:
    """One generated document as the extractor would have stored it."""
    doc = "d" + hashlib.sha1(f"bench-{n}".encode()).hexdigest()[:12]
    a, b = RARE if n < RARE_DOCS else rng.sample(STATES, 2)
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    people = []
    for i, country in enumerate((a, b)):
        office, rank = rng.choice(OFFICES)
        name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        people.append(Actor(id=f"{doc}:p{i}", name=name, country=country, aliases=[f"{rank + ' ' if rank else ''}{name}"],
                            roles=[Role(office, rank, published.isoformat(), published.isoformat())], documents=[doc]))
    ministry = Actor(id=f"{doc}:o0", name=f"{a} Ministry of Defence", type="organization", country=a, documents=[doc])
    sentences: list[str] = []
    events: list[Event] = []
    day = (published - timedelta(days=rng.randrange(1, 6))).isoformat()
    place = rng.choice(PLACES.get(a) or [names.state(a).name])

    def add(kind: str, sentence: str, when: str | None, who: list[str], status: str = "occurred",
            planned: str | None = None, series: SeriesRef | None = None) -> None:
        start = sum(len(s) + 1 for s in sentences)
        sentences.append(sentence)
        plover, cameo = KINDS[kind]
        events.append(Event(id=f"{doc}:e{len(events)}", kind=kind, plover=plover, cameo=cameo, date=when,
                            date_precision={10: "day", 7: "month", 4: "year"}.get(len(when or ""), "unknown"), status=status,
                            countries=sorted({a, b}), participants=who, sources=[Source(doc, sentence, start, start + len(sentence))],
                            summary="", confidence=round(rng.uniform(0.3, 0.95), 2), location=Location(place, a),
                            planned_kind=planned, series=series))

    pa, pb = people
    add("meeting", f"{pa.name} met {pb.name} on {date.fromisoformat(day).strftime('%A')} and discussed defence cooperation.", day, [pa.id, pb.id])
    exercise = rng.choice(EXERCISES)
    for kind in rng.sample(["visit", "agreement", "exercise", "training", "arms_transfer", "plan"], rng.randrange(2, 4)):
        if kind == "visit":
            add("visit", f"{pa.name} arrived for an official visit.", day, [pa.id])
        elif kind == "plan":
            month = (published + timedelta(days=31)).isoformat()[:7]
            add("plan", f"The two countries will hold the {exercise} exercise next month.", month, [], "planned", "exercise",
                SeriesRef(exercise, [], None))
        elif kind == "exercise":
            add("exercise", f"Their forces held the {exercise} joint exercise.", published.isoformat()[:7], [],
                series=SeriesRef(exercise, [], rng.randrange(1, 12)))
        elif rng.random() < 0.25:  # some reports say nothing of when
            add(kind, f"Officials mentioned an earlier {kind.replace('_', ' ')} between the two sides.", None, [])
        else:
            add(kind, f"Officials reported a {kind.replace('_', ' ')} between the two sides in {published.year - 1}.",
                str(published.year - 1), [])
    body = " ".join(sentences) + " " + FILLER + f"Report {n}."
    article = Article(id=doc, source=f"https://news.example/{published.year}/{n:06d}.html", body=body,
                      title=f"{names.state(a).name} and {names.state(b).name} discuss defence ties",
                      published=published.isoformat(), fingerprint=hashlib.sha1(body.encode()).hexdigest(),
                      outlet=OUTLETS[n % len(OUTLETS)])
    return Extraction(article, people + [ministry], events)


def build(path: Path | str, count: int | None = None, events: int | None = None, seed: int = 7) -> float:
    """Write `count` generated documents (or about enough for `events` events) and resolve them; returns the
    seconds it took."""
    if count is None:
        count = max(RARE_DOCS + 1, round((events or 1000) / EVENTS_PER_DOCUMENT))
    started = time.perf_counter()
    rng = random.Random(seed)
    with Store(str(path)) as store:
        for first in range(0, count, 1000):
            store._begin()
            for n in range(first, min(count, first + 1000)):
                x = extraction(rng, n)
                art = x.article
                store.execute("INSERT INTO documents (id, source, fingerprint, title, published, outlet, body, extraction, "
                              "ingested_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              (art.id, art.source, art.fingerprint, art.title, art.published, art.outlet, art.body,
                               json.dumps(to_dict(x)), f"2026-01-01T00:00:{n:09d}", n + 1))
                index_document(store, art.id, art.title, art.body)
            store.execute("COMMIT")
    api.rebuild(Settings.from_env(db=str(path)))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a generated, resolved store (for benchmarks and browser tests).")
    parser.add_argument("store", help="SQLite file to write (it must not exist)")
    parser.add_argument("--events", type=int, default=10_000, help="About how many events (default 10,000).")
    parser.add_argument("--documents", type=int, default=None, help="Exactly how many articles, instead of --events.")
    args = parser.parse_args()
    if Path(args.store).exists():
        parser.error(f"{args.store} exists; give a new file")
    took = build(args.store, args.documents, args.events)
    with Store(args.store, readonly=True) as store:
        held = int(store.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    print(f"{args.store}: {held:,} events in {took:.1f} s")


if __name__ == "__main__":
    main()
