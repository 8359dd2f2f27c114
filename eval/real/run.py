#!/usr/bin/env python3
"""Ingest the saved articles of one split into a fresh store and score them.

Usage: run.py SPLIT [TEXTS] [accord eval options...]      e.g. run.py dev ../../realcorpus/texts --verbose

SPLIT is a folder under eval/real/gold (test, dev). TEXTS is the folder of saved articles (default
$ACCORD_REAL_TEXTS or ../realcorpus/texts beside the checkout); SOURCES.md says how to rebuild it.
For the locked splits (test, val), print only aggregate figures: never read its misses.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
import json

HERE = Path(__file__).resolve().parent
LOCKED = {"test", "val"}
"""Splits whose errors nobody studies: test (annotated before any work) and val (fresh articles of the fifth
session, a check that a change helps on text not yet seen)."""


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    split = argv[0]
    rest = argv[1:]
    texts = Path(os.environ.get("ACCORD_REAL_TEXTS", HERE.parents[2] / "realcorpus" / "texts"))
    if rest and not rest[0].startswith("-"):
        texts, rest = Path(rest[0]), rest[1:]
    if split in LOCKED and "--verbose" in rest:
        print(f"the {split} split is locked: aggregate figures only")
        return 2
    gold = HERE / "gold" / split
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for path in sorted(gold.glob("*.gold.json")):
            doc = json.loads(path.read_text())["doc"]
            shutil.copy(texts / doc, folder / doc)
        db = str(Path(tmp) / "store.db")
        subprocess.run([sys.executable, "-m", "accord", "--db", db, "ingest", str(folder)], check=False, stdout=subprocess.DEVNULL)
        return subprocess.run([sys.executable, "-m", "accord", "--db", db, "eval", str(gold), "--texts", str(texts), *rest]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
