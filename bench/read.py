"""Benchmark: reads on stores of 1k, 10k and 100k documents, as ratios to the 1k store.

Usage: python bench/read.py [--sizes 1000,10000,100000] [--repeat 3] [--keep DIR]

Building a store by parsing 100,000 articles would take hours, and this measures reads, so each
store is written straight from generated extraction records (what the parser would have stored:
people with offices, organisations, meetings, visits, agreements, exercises in series, plans) and
resolved once with `accord rebuild`'s code. Every query then runs as a user runs it: the command in
a fresh process (`python -m accord ...`, start-up included), and one page of `/api/events` from a
real HTTP server. The filtered `events` query asks for a pair of states that only a fixed number of
articles cover, the same in every store, as a question about one relationship does; the same query
for an ordinary pair (whose answer grows with the store) is printed beside it.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from accord import api
from accord.records import Actor, Article, Event, Extraction, Location, Role, SeriesRef, Source, to_dict
from accord.settings import Settings
from accord.store.database import Store

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

    def add(kind: str, sentence: str, when: str | None, who: list[str], status: str = "occurred",
            planned: str | None = None, series: SeriesRef | None = None) -> None:
        start = sum(len(s) + 1 for s in sentences)
        sentences.append(sentence)
        plover, cameo = KINDS[kind]
        events.append(Event(id=f"{doc}:e{len(events)}", kind=kind, plover=plover, cameo=cameo, date=when,
                            date_precision={10: "day", 7: "month", 4: "year"}.get(len(when or ""), "unknown"), status=status,
                            countries=sorted({a, b}), participants=who, sources=[Source(doc, sentence, start, start + len(sentence))],
                            summary="", confidence=round(rng.uniform(0.5, 0.95), 2), location=Location(a, a),
                            planned_kind=planned, series=series))

    pa, pb = people
    add("meeting", f"{pa.name} met {pb.name} on a weekday and discussed defence cooperation.", day, [pa.id, pb.id])
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
        else:
            add(kind, f"Officials reported a {kind.replace('_', ' ')} between the two sides in {published.year - 1}.",
                str(published.year - 1), [])
    body = " ".join(sentences) + " " + FILLER + f"Report {n}."
    article = Article(id=doc, source=f"bench/{n:06d}.txt", body=body, title=f"{a} and {b} discuss defence ties",
                      published=published.isoformat(), fingerprint=hashlib.sha1(body.encode()).hexdigest())
    return Extraction(article, people + [ministry], events)


def build(path: Path, count: int) -> float:
    """Write `count` generated documents and resolve them; returns the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(7)
    with Store(str(path)) as store:
        for first in range(0, count, 1000):
            store._begin()
            for n in range(first, min(count, first + 1000)):
                x = extraction(rng, n)
                art = x.article
                store.execute("INSERT INTO documents (id, source, fingerprint, title, published, outlet, body, extraction, "
                              "ingested_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              (art.id, art.source, art.fingerprint, art.title, art.published, None, art.body,
                               json.dumps(to_dict(x)), f"2026-01-01T00:00:{n:09d}", n + 1))
            store.execute("COMMIT")
    api.rebuild(Settings.from_env(db=str(path)))
    return time.perf_counter() - started


def timed(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def page_time(db: Path, repeat: int) -> float:
    """One page of /api/events from a real server on loopback, the median over pages from all along the record
    (the first request, which warms the server, excluded)."""
    import httpx
    import uvicorn

    from accord.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings.from_env(db=str(db))), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/api/events"
    total = httpx.get(url, params={"limit": 100}, timeout=600).json()["total"]
    times = []
    for n in range(max(repeat, 9)):
        # pages from the whole length of the record, the first and the last included
        started = time.perf_counter()
        httpx.get(url, params={"limit": 100, "offset": (total - 100) * n // max(repeat - 1, 8)}, timeout=600).raise_for_status()
        times.append(time.perf_counter() - started)
    server.should_exit = True
    thread.join(timeout=10)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", default=None, help="Folder to keep the stores in (and reuse them next time).")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="accord-read-"))
    folder.mkdir(parents=True, exist_ok=True)
    accord = [sys.executable, "-m", "accord"]
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, median of {args.repeat}")
    results: dict[int, dict[str, float]] = {}
    common = STATES[:2]
    for size in sizes:
        db = folder / f"read-{size}.db"
        if not db.exists():
            print(f"building {size:,} documents ... ", end="", flush=True)
            print(f"{build(db, size):.1f} s")
        base = accord + ["--db", str(db)]
        out = folder / "export.json"
        results[size] = {
            "events, one rare pair": timed(base + ["events", "--country", RARE[0], "--country", RARE[1]], args.repeat),
            "events, an ordinary pair": timed(base + ["events", "--country", common[0], "--country", common[1]], args.repeat),
            "timeline, one rare pair": timed(base + ["timeline", "--country", RARE[0], "--country", RARE[1]], args.repeat),
            "actors": timed(base + ["actors"], args.repeat),
            "series": timed(base + ["series"], args.repeat),
            "/api/events, one page": page_time(db, args.repeat),
            "export (whole store)": timed(base + ["export", "-o", str(out)], args.repeat),
        }
        with Store(str(db), readonly=True) as store:
            events = int(store.execute("SELECT COUNT(*) FROM events").fetchone()[0])
        print(f"{size:,} documents, {events:,} events: " +
              ", ".join(f"{k} {v:.3f} s" for k, v in results[size].items()), flush=True)
    first = sizes[0]
    print()
    print("| measure | " + " | ".join(f"{s:,} docs" for s in sizes) + " | " +
          " | ".join(f"{s // first}x store: time ratio" for s in sizes[1:]) + " |")
    print("| --- | " + " | ".join("---" for _ in sizes) + " | " + " | ".join("---" for _ in sizes[1:]) + " |")
    for measure in results[first]:
        cells = [f"{results[s][measure]:.3f} s" for s in sizes]
        ratios = [f"{results[s][measure] / results[first][measure]:.2f}" for s in sizes[1:]]
        print(f"| {measure} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main()
