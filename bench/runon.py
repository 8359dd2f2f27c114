"""Benchmark (issue 14): a 300 KB single-paragraph run-on article against a normal 300 KB article, parsed one after
the other in this process with the settings an ingest uses (token cap included). Both are cut at ACCORD_MAX_TOKENS,
so the run-on must take at most 5 times what the normal one takes.

Usage: python bench/runon.py
"""
from __future__ import annotations

import time

from accord.engine import _load_models, extract_batch
from accord.ingest.article import prepare
from accord.records import Article, RawArticle
from accord.settings import Settings

CLAUSE = "and the delegations of both countries discussed closer cooperation in many fields of common concern "
PARAGRAPH = ("Pakistan and Russia held talks in Moscow on {day}, officials said. The two defence ministers discussed "
             "cooperation in counter-terrorism and training, and agreed to meet again next year.\n\n")
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(text: str, name: str) -> Article:
    found = prepare(RawArticle(source=name, text=text), 300_000)
    assert isinstance(found, Article), found
    return found


def seconds(doc: Article, settings: Settings) -> float:
    start = time.perf_counter()
    extract_batch([doc], settings.model, settings.lexicon_dir, settings.batch_size, settings.detector, settings.max_tokens)
    return time.perf_counter() - start


def main() -> None:
    settings = Settings.from_env()
    _load_models(settings.model, settings.lexicon_dir, settings.detector)
    runon = article("Pakistan and Russia talks " + CLAUSE * 2900, "runon.txt")
    normal = article("".join(PARAGRAPH.format(day=DAYS[n % 5]) for n in range(295_000 // len(PARAGRAPH))), "normal.txt")
    a, b = seconds(normal, settings), seconds(runon, settings)
    print(f"normal {len(normal.body):,} characters: {a:.1f} s; run-on {len(runon.body):,} characters: {b:.1f} s; "
          f"ratio {b / a:.2f} (limit 5); token cap {settings.max_tokens:,}")


if __name__ == "__main__":
    main()
