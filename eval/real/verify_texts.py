#!/usr/bin/env python3
"""Check saved article texts against the committed gold offsets, after rebuilding them from SOURCES.md.

Usage: verify_texts.py [FILE.txt ...]      (no arguments: every gold file)
Prints one line per article: OK, BAD (with the first span that does not fit) or MISSING.
A span fits when it lies inside the text, does not start or end with white space, and does not
cut a word at either end. A text that is shifted by even one character fails on most spans.
"""
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE / "gold"
TEXTS = Path(os.environ.get("ACCORD_REAL_TEXTS", HERE.parents[2] / "realcorpus" / "texts"))


def spans(node, path="$"):
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int):
            yield path, node["start"], node["end"]
        for k, v in node.items():
            yield from spans(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from spans(v, f"{path}[{i}]")


def _glued(text: str, at: int) -> bool:
    """A capitalised word run on to the one before it in the page itself ('corvetteOn', 'NOn')."""
    return text[at].isupper() and (at + 1 >= len(text) or not text[at + 1].isupper() or not text[at - 1].isupper())


def problem(text: str, start: int, end: int) -> str | None:
    if not (0 <= start < end <= len(text)):
        return f"outside the text (len {len(text)})"
    s = text[start:end]
    if s[0].isspace() or s[-1].isspace():
        return f"white space at an end: {s[:30]!r}...{s[-20:]!r}"
    if start > 0 and text[start - 1].isalnum() and text[start].isalnum() and not _glued(text, start):
        return f"cuts a word at start: {text[max(0, start - 10):start + 20]!r}"
    if end < len(text) and text[end - 1].isalnum() and text[end].isalnum() and not _glued(text, end):
        return f"cuts a word at end: {text[end - 20:end + 10]!r}"
    return None


def check(gold_path: Path) -> str:
    gold = json.loads(gold_path.read_text())
    doc = gold["doc"]
    text_path = TEXTS / doc
    if not text_path.exists():
        return f"MISSING {doc}"
    text = text_path.read_text(encoding="utf-8")
    for where, start, end in spans(gold):
        why = problem(text, start, end)
        if why:
            return f"BAD {doc} {where}: {why}"
    return f"OK {doc}"


def main() -> None:
    golds = {p.name.replace(".gold.json", ".txt"): p for p in REPO.glob("*/*.gold.json")}
    names = [Path(a).name for a in sys.argv[1:]] or sorted(golds)
    counts = {"OK": 0, "BAD": 0, "MISSING": 0}
    for name in names:
        if name not in golds:
            print(f"NOGOLD {name}")
            continue
        line = check(golds[name])
        counts[line.split()[0]] += 1
        if len(names) < 50 or not line.startswith("MISSING"):
            print(line)
    print(" ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
