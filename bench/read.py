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
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from accord.store.database import Store
from accord.synthetic import RARE, STATES, build  # noqa: F401 - the generated stores these reads run on
from shared import print_ratios, serving


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

    with serving(db) as address:
        url = f"{address}/api/events"
        total = httpx.get(url, params={"limit": 100}, timeout=600).json()["total"]
        times = []
        for n in range(max(repeat, 9)):
            # pages from the whole length of the record, the first and the last included
            started = time.perf_counter()
            httpx.get(url, params={"limit": 100, "offset": (total - 100) * n // max(repeat - 1, 8)}, timeout=600).raise_for_status()
            times.append(time.perf_counter() - started)
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
    print_ratios("measure", list(sizes), [f"{s:,} docs" for s in sizes],
                 [f"{s // first}x store: time ratio" for s in sizes[1:]], results, lambda seconds: f"{seconds:.3f} s")


if __name__ == "__main__":
    main()
