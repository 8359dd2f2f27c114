#!/usr/bin/env python3
"""Turn an annotator's draft into a committed gold file: quoted text becomes character offsets.

Usage: finalize.py DRAFT.json TEXT_DIR GOLD_DIR

The draft has the fields of the gold format (see ../../../shared/DESIGN.md) plus:
  "evidence": "the exact sentence"      (per event)   -> {"start": i, "end": j}
  "body_includes" / "body_excludes": ["exact text", ...]  -> [{"start": i, "end": j}, ...]
  "title": "exact headline" or null                    -> {"start": i, "end": j} or null
Third-party text never enters the repository, so the committed file holds only facts and offsets into the
saved article (TEXT_DIR/doc). `materialize.py` turns offsets back into strings for the shared scorer.
"""
import json
import re
import sys
from pathlib import Path

KINDS = {"meeting", "visit", "agreement", "intent", "exercise", "institution", "plan", "statement",
         "arms_transfer", "training"}
FORMATS = {"wire", "readout", "transcript", "regional daily", "national daily", "magazine", "blog",
           "aggregator", "feature", "other"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def locate(text: str, quote: str) -> tuple[int, int]:
    """Exact match first; else a match that tolerates differences in whitespace."""
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    words = quote.split()
    if not words:
        raise ValueError("empty quote")
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    if not m:
        raise ValueError(f"not found in the text: {quote[:80]!r}")
    return m.start(), m.end()


def span(text: str, quote):
    start, end = locate(text, quote)
    return {"start": start, "end": end}


def check(gold: dict) -> list[str]:
    problems = []
    if gold.get("published") is not None and not DATE.match(gold["published"]):
        problems.append(f"published {gold['published']!r} is not YYYY-MM-DD")
    if gold.get("format") not in FORMATS:
        problems.append(f"format {gold.get('format')!r} not one of {sorted(FORMATS)}")
    if not gold.get("source", "").startswith("http"):
        problems.append("source must be the article's address")
    names = {a["name"] for a in gold["actors"]}
    for a in gold["actors"]:
        if a.get("country") and not re.fullmatch(r"[A-Z]{3}", a["country"]):
            problems.append(f"actor {a['name']}: country {a['country']!r} is not ISO alpha-3")
    for n, e in enumerate(gold["events"]):
        where = f"event {n} ({e.get('kind')})"
        if e.get("kind") not in KINDS:
            problems.append(f"{where}: unknown kind")
        if e.get("status") not in ("occurred", "planned"):
            problems.append(f"{where}: status must be occurred or planned")
        if e.get("kind") == "plan" and e.get("status") != "planned":
            problems.append(f"{where}: a plan has status planned")
        if e.get("date") is not None and not DATE.match(e["date"]):
            problems.append(f"{where}: date {e['date']!r}")
        cs = e.get("countries") or []
        if len(cs) < 2 or not all(re.fullmatch(r"[A-Z]{3}", c) for c in cs):
            problems.append(f"{where}: countries must be two or more ISO alpha-3 codes")
        for p in e.get("participants") or []:
            if p not in names:
                problems.append(f"{where}: participant {p!r} is not an actor's canonical name")
    return problems


def finalize(draft_path: Path, text_dir: Path, gold_dir: Path) -> Path:
    draft = json.loads(draft_path.read_text())
    text = (text_dir / draft["doc"]).read_text()
    gold = dict(draft)
    gold["title"] = span(text, draft["title"]) if draft.get("title") else None
    gold["body_includes"] = [span(text, s) for s in draft.get("body_includes", [])]
    gold["body_excludes"] = [span(text, s) for s in draft.get("body_excludes", [])]
    gold["events"] = []
    for e in draft["events"]:
        e = dict(e)
        e["evidence"] = span(text, e["evidence"])
        gold["events"].append(e)
    problems = check(gold)
    if problems:
        raise SystemExit(f"{draft_path.name}:\n  " + "\n  ".join(problems))
    out = gold_dir / (Path(draft["doc"]).stem + ".gold.json")
    out.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    gold_dir = Path(argv[2])
    gold_dir.mkdir(parents=True, exist_ok=True)
    print(finalize(Path(argv[0]), Path(argv[1]), gold_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
