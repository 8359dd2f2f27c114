"""A corpus generator for benchmarks and stress tests: article templates written for Accord, filled with
varied states, people, offices and dates. Deterministic for a given seed.

Usage: python bench/generate.py OUT_DIR --articles N [--seed S]
"""
from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

STATES = [
    ("India", "Indian", "New Delhi"), ("France", "French", "Paris"), ("Japan", "Japanese", "Tokyo"),
    ("Australia", "Australian", "Canberra"), ("Egypt", "Egyptian", "Cairo"), ("Russia", "Russian", "Moscow"),
    ("Turkey", "Turkish", "Ankara"), ("Azerbaijan", "Azerbaijani", "Baku"), ("Pakistan", "Pakistani", "Islamabad"),
    ("China", "Chinese", "Beijing"), ("Indonesia", "Indonesian", "Jakarta"), ("Greece", "Greek", "Athens"),
    ("Brazil", "Brazilian", "Brasilia"), ("Kenya", "Kenyan", "Nairobi"), ("Poland", "Polish", "Warsaw"),
    ("Vietnam", "Vietnamese", "Hanoi"), ("Saudi Arabia", "Saudi", "Riyadh"), ("Nigeria", "Nigerian", "Abuja"),
]
GIVEN = ["Amir", "Elena", "Tomas", "Keiko", "Rashid", "Marta", "Viktor", "Lina", "Omar", "Sofia", "Hiro", "Nadia",
         "Pavel", "Ines", "Karim", "Yusuf", "Anika", "Dario", "Leila", "Mateo"]
SURNAMES = ["Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Petrov", "Qureshi", "Santos", "Kowalski", "Nguyen",
            "Demir", "Aliyev", "Papadakis", "Mwangi", "Suharto", "Ferreira", "Rahman", "Castell", "Ivanescu", "Bakri"]
OFFICES = [("Defence Minister", None), ("Chief of the Naval Staff", "Admiral"), ("Chief of Army Staff", "General"),
           ("Deputy Defence Minister", "Colonel General"), ("National Security Adviser", None), ("Air Force chief", "Air Marshal")]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
EXERCISES = ["Sea Shield", "Desert Falcon", "Iron Bridge", "Blue Horizon", "Mountain Echo", "Coral Guard"]
WEAPONS = ["patrol boats", "transport aircraft", "coastal radars", "armoured vehicles", "training jets", "frigates"]

LEADS = [
    "{CA}: {rank_a}{office_a} {pa} met {da} {office_b} {rank_b}{pb} in {CA} on {weekday} and discussed defence cooperation "
    "between {A} and {B}.",
    "{CB}: {da} {office_a} {pa} arrived in {CB} on {weekday} for a three-day official visit to {B}.",
    "{CA}: {A} and {B} on {weekday} signed a memorandum of understanding on military training, officials said.",
]
BODY = [
    "The two sides agreed to strengthen their cooperation in defence industry, maritime security and counter-terrorism.",
    "{A} and {B} will hold the {exercise} joint exercise next month, the {da} defence ministry said.",
    "{pb_last} praised {A}'s contribution to regional stability and said the partnership had grown steadily.",
    "{A} delivered two {weapon} to the {db} navy last week under an agreement signed in {year}.",
    "A group of {db} officers completed a training course in {A} earlier this year.",
    "The countries set up a joint working group on defence technology in {year}.",
    "Reports that {B} may buy {weapon} from {A} were denied by officials.",
]
FILLER = [
    "Analysts in {CA} said the relationship reflected a broader shift in the region, where smaller states seek several partners "
    "at once rather than a single patron, and where trade, energy and security questions are increasingly discussed together.",
    "The ministry's statement gave few details about the schedule of future meetings, but officials familiar with the talks said "
    "that working-level contacts between the two defence establishments had become more frequent over the past two years.",
    "Commentators noted that the visit came at a time of intense diplomatic activity, with several delegations passing through "
    "the capital in the same week and a number of regional forums preparing their annual sessions.",
    "Historians of the relationship point out that military contacts between the two countries began modestly, with the "
    "exchange of a handful of officers at staff colleges, long before any formal agreement was in place.",
]


def article(rng: random.Random, n: int) -> str:
    (a, da, ca), (b, db, cb) = rng.sample(STATES, 2)
    (office_a, rank_a), (office_b, rank_b) = rng.sample(OFFICES, 2)
    pa = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
    pb = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    fill = dict(A=a, B=b, da=da, db=db, CA=ca.upper() if rng.random() < 0.5 else ca, CB=cb, pa=pa, pb=pb,
                pb_last=pb.split()[-1], office_a=office_a, office_b=office_b,
                rank_a=f"{rank_a} " if rank_a else "", rank_b=f"{rank_b} " if rank_b else "",
                weekday=rng.choice(WEEKDAYS), exercise=rng.choice(EXERCISES), weapon=rng.choice(WEAPONS),
                year=published.year - rng.randrange(1, 8))
    paragraphs = [rng.choice(LEADS).format(**fill)]
    paragraphs += [s.format(**fill) for s in rng.sample(BODY, rng.randrange(3, 6))]
    paragraphs += [s.format(**fill) for s in rng.sample(FILLER, rng.randrange(1, 4))]
    rng.shuffle(paragraphs[1:])
    title = f"{a} and {b} discuss defence ties"
    return f"{title}\n\nPublished {published:%B} {published.day}, {published.year}\n\n" + "\n\n".join(paragraphs) + "\n"


def write(out: Path, count: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = out / f"article-{seed}-{n:06d}.txt"
        path.write_text(article(rng, n), encoding="utf-8")
        paths.append(path)
    return paths


def texts(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [article(rng, n) for n in range(count)]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write(Path(args.out), args.articles, args.seed)
