"""Benchmark: Accord's full ingest against bare spaCy `nlp.pipe` on the same texts, in one process.

Usage: python bench/run.py [--articles N] [--scale 1000,10000] [--jobs 2]

Prints articles per second, the ratio of full ingest to bare nlp.pipe with the same model, the peak
memory, and with --scale the time and peak memory of a full ingest at each size (each in a fresh
process, so that peaks do not mix), and with --jobs the speed-up of that many processes.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import write  # noqa: E402

from accord import api  # noqa: E402
from accord.nlp.pipeline import load  # noqa: E402
from accord.settings import Settings  # noqa: E402


def peak_mb() -> float:
    """This process's own high-water mark of resident memory.

    VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child started from a big parent
    would report the parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_ingest(corpus: Path, db: str, jobs: int = 1) -> tuple[float, api.IngestReport]:
    start = time.perf_counter()
    report = api.ingest([str(corpus)], Settings.from_env(db=db), jobs=jobs)
    return time.perf_counter() - start, report


def compare(n: int, model: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        paths = write(corpus, n, seed=42)
        texts = [p.read_text(encoding="utf-8") for p in paths]
        bare = spacy.load(model)
        load(model)  # Accord's own pipeline, loaded before the clock starts as the bare one is
        start = time.perf_counter()
        for _ in bare.pipe(texts):
            pass
        bare_seconds = time.perf_counter() - start
        full_seconds, report = timed_ingest(corpus, f"{tmp}/bench.db")
    return {"articles": n, "bare_seconds": round(bare_seconds, 2), "full_seconds": round(full_seconds, 2),
            "ratio": round(full_seconds / bare_seconds, 2), "articles_per_second": round(n / full_seconds, 1),
            "stored": report.stored, "events": report.events}


def one_size(n: int) -> dict:
    """Run in a child process: the full ingest of n articles, with the child's own peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write(corpus, n, seed=7)
        load(Settings.from_env().model)
        seconds, report = timed_ingest(corpus, f"{tmp}/bench.db")
    return {"articles": n, "seconds": round(seconds, 2), "peak_mb": round(peak_mb(), 1), "stored": report.stored}


def jobs_speedup(n: int, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write(corpus, n, seed=5)
        load(Settings.from_env().model)
        one, _ = timed_ingest(corpus, f"{tmp}/one.db", 1)
        many, _ = timed_ingest(corpus, f"{tmp}/many.db", jobs)
    return {"articles": n, "jobs_1_seconds": round(one, 2), f"jobs_{jobs}_seconds": round(many, 2), "speedup": round(one / many, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--scale", default="", help="comma-separated sizes, each ingested in a fresh process")
    parser.add_argument("--jobs", type=int, default=0, help="compare this many processes with one")
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_size(args.child)))
        return
    model = Settings.from_env().model
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"spaCy {spacy.__version__}, model {model}")
    result = compare(args.articles, model)
    print(f"{result['articles']} articles: bare nlp.pipe {result['bare_seconds']} s, full ingest {result['full_seconds']} s, "
          f"ratio {result['ratio']}, {result['articles_per_second']} articles/s, {result['events']} events, peak {peak_mb():.0f} MB")
    sizes = [int(s) for s in args.scale.split(",") if s]
    runs = []
    for n in sizes:
        done = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{n} articles: {runs[-1]['seconds']} s, peak {runs[-1]['peak_mb']} MB")
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        print(f"{large['articles']} vs {small['articles']}: time x{large['seconds'] / small['seconds']:.2f}, "
              f"peak memory x{large['peak_mb'] / small['peak_mb']:.2f}")
    if args.jobs > 1:
        speed = jobs_speedup(args.articles, args.jobs)
        print(f"{speed['articles']} articles: --jobs 1 {speed['jobs_1_seconds']} s, --jobs {args.jobs} "
              f"{speed[f'jobs_{args.jobs}_seconds']} s, speed-up x{speed['speedup']}")


if __name__ == "__main__":
    main()
