"""Benchmark: the page's API on a generated store of 10,000 events against one of 100, as time ratios.

Usage: python bench/browse.py [--events 100,10000] [--repeat 15] [--keep DIR]

Each store is written by accord.synthetic (as the page's browser tests build theirs); each request goes to a
real server on loopback, the first one (which warms the server and loads the gazetteer) left out, and the
median over `repeat` requests is kept. The first view of the page asks /api/events, /api/facets,
/api/timeline and /api/graph at once; "first view" is their sum, each computed from the store (the answers the
server keeps per state of the store are cleared before each request); "the same view again" is their sum when
asked a second time, as on back, forward or reload.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from accord import browse
from accord.store.database import Store
from accord.synthetic import build
from shared import print_ratios, serving

REQUESTS = {
    "/api/events (first page)": ("/api/events", {}),
    "/api/events sorted by -confidence, page 3": ("/api/events", {"sort": "-confidence", "page": 3}),
    "/api/events, state + kind + year": ("/api/events", {"state": "Egypt", "kind": "meetings", "year": "2019"}),
    "/api/events q=Falcon": ("/api/events", {"q": "Falcon"}),
    "/api/events q=defence (in every article)": ("/api/events", {"q": "defence"}),
    "/api/facets": ("/api/facets", {}),
    "/api/facets q=defence": ("/api/facets", {"q": "defence"}),
    "/api/facets, state=Egypt": ("/api/facets", {"state": "Egypt"}),
    "/api/timeline": ("/api/timeline", {}),
    "/api/graph": ("/api/graph", {}),
    "/api/places": ("/api/places", {}),
    "/api/relationship PAK,RUS": ("/api/relationship", {"pair": "PAK,RUS"}),
}
FIRST_VIEW = ["/api/events (first page)", "/api/facets", "/api/timeline", "/api/graph"]


def measure(db: Path, repeat: int) -> dict[str, float]:
    out = {}
    with serving(db) as address, httpx.Client(base_url=address, timeout=600) as client:
        for label, (path, params) in REQUESTS.items():
            client.get(path, params=params).raise_for_status()
            times, again = [], []
            for _ in range(repeat):
                browse._answers.clear()  # computed from the store, not the answer kept from the last request
                started = time.perf_counter()
                client.get(path, params=params).raise_for_status()
                times.append(time.perf_counter() - started)
                started = time.perf_counter()
                client.get(path, params=params).raise_for_status()
                again.append(time.perf_counter() - started)
            out[label] = statistics.median(times)
            out[label + ", asked again"] = statistics.median(again)
    out["first view (events + facets + timeline + graph)"] = sum(out[k] for k in FIRST_VIEW)
    out["the same view again (back, reload)"] = sum(out[k + ", asked again"] for k in FIRST_VIEW)
    for key in [k for k in out if k.endswith(", asked again")]:
        del out[key]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="100,10000")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", default=None, help="Folder to keep the stores in (and reuse them next time).")
    args = parser.parse_args()
    sizes = [int(s) for s in args.events.split(",")]
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="accord-browse-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, median of {args.repeat}")
    results, held = {}, {}
    for size in sizes:
        db = folder / f"browse-{size}.db"
        if not db.exists():
            print(f"building about {size:,} events ... ", end="", flush=True)
            print(f"{build(db, events=size):.1f} s")
        with Store(str(db), readonly=True) as store:
            held[size] = int(store.execute("SELECT COUNT(*) FROM events").fetchone()[0])
        results[size] = measure(db, args.repeat)
    first = sizes[0]
    print_ratios("request", list(sizes), [f"{held[s]:,} events" for s in sizes],
                 [f"{held[s]:,} / {held[first]:,}: time ratio" for s in sizes[1:]], results,
                 lambda seconds: f"{seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
