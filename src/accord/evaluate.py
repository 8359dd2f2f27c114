"""Score what is stored against hand-annotated gold files (the format of shared/gold, see DESIGN.md).

Users measure Accord on their own annotated articles with `accord eval GOLD_DIR`.
An event counts as found when kind, status and states agree, the named people are
among its participants, and its date does not contradict the gold: equal or
coarser, never finer (a finer date was guessed), unless several articles were
fused into it.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import InputError

SOFT = {"intent", "statement"}
NONE = "-"
"""The kind column of the confusion table for 'no event'."""
HONORIFICS = set("mr mrs ms dr gen general lt col colonel maj major brig brigadier capt captain adm admiral air chief "
                 "marshal vice rear retd retired sir field cdr commander the".split())


def _plain(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _bare(name: str) -> str:
    return "".join(w for w in _plain(name).split() if w not in HONORIFICS)


def same_person(names_a: list[str], names_b: list[str]) -> bool:
    a = {_bare(n) for n in names_a if _bare(n)}
    b = {_bare(n) for n in names_b if _bare(n)}
    return bool(a & b) or any(len(x) >= 6 and len(y) >= 6 and (x in y or y in x) for x in a for y in b)


def _kind(event: dict[str, Any]) -> str:
    return "plan" if event.get("status") == "planned" else event["kind"]


def date_agrees(found: str | None, gold: str | None, fused: bool) -> bool:
    if found is None or found == gold:
        return True
    if gold is not None and gold.startswith(found + "-"):
        return True
    return fused and (gold is None or found.startswith(gold + "-"))


@dataclass
class Tally:
    found: int = 0
    predicted: int = 0
    gold: int = 0

    def figures(self) -> dict[str, float | int]:
        p = self.found / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                "found": self.found, "predicted": self.predicted, "gold": self.gold}


@dataclass
class Report:
    kinds: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    documents: dict[str, dict[str, int]] = field(default_factory=dict)
    actors: list[int] = field(default_factory=lambda: [0, 0])
    dates: list[int] = field(default_factory=lambda: [0, 0])
    published: list[int] = field(default_factory=lambda: [0, 0])
    cleaning: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    formats: dict[str, "Report"] = field(default_factory=dict)
    near_misses: Counter[str] = field(default_factory=Counter)
    """For gold events missed although an event was found in their sentence: what did not agree."""
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(gold kind, predicted kind) for every gold event and every extra, '-' for none."""

    def total(self, kinds: set[str] | None = None) -> Tally:
        out = Tally()
        for kind, t in self.kinds.items():
            if kinds is None or kind in kinds:
                out.found, out.predicted, out.gold = out.found + t.found, out.predicted + t.predicted, out.gold + t.gold
        return out

    def as_dict(self) -> dict[str, Any]:
        ratio = lambda pair: round(pair[0] / pair[1], 3) if pair[1] else None  # noqa: E731
        return {
            "events": self.total().figures(),
            "core_events": self.total(set(self.kinds) - SOFT).figures(),
            "by_kind": {k: v.figures() for k, v in sorted(self.kinds.items())},
            "by_format": {f: {"documents": len(r.documents), "events": r.total().figures(),
                              "core_events": r.total(set(r.kinds) - SOFT).figures()} for f, r in sorted(self.formats.items())},
            "near_misses": dict(sorted(self.near_misses.items())),
            "confusion": [{"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(self.confusion.items())],
            "actor_recall": ratio(self.actors), "date_exact": ratio(self.dates),
            "published_accuracy": ratio(self.published), "cleaning_accuracy": ratio(self.cleaning),
            "documents": self.documents, "missed": self.misses, "extra": self.extras,
        }


def _participants_found(event: dict[str, Any], gold: dict[str, Any], actors: dict[str, dict[str, Any]],
                        gold_actors: dict[str, dict[str, Any]]) -> bool:
    wanted = gold.get("participants") or []
    if not wanted:
        return True
    have = [actors[i] for i in event.get("participants", []) if i in actors]
    hits = 0
    for name in wanted:
        g = gold_actors.get(name, {"name": name, "aliases": []})
        if any(same_person([h["name"], *h.get("aliases", [])], [g["name"], *g.get("aliases", [])]) for h in have):
            hits += 1
    return hits >= min(len(wanted), 2)


def _failures(event: dict[str, Any], gold: dict[str, Any], actors: dict[str, dict[str, Any]],
              gold_actors: dict[str, dict[str, Any]]) -> list[str]:
    """What keeps a found event from matching a gold one: kind, status, states, date, people."""
    fused = len({s["document"] for s in event.get("sources", [])}) > 1
    checks = {
        "kind": _kind(event) == _kind(gold),
        "status": event.get("status", "occurred") == (gold.get("status") or "occurred"),
        "states": set(event.get("countries", [])) == set(gold.get("countries", [])),
        "date": date_agrees(event.get("date"), gold.get("date"), fused),
        "people": _participants_found(event, gold, actors, gold_actors),
    }
    return [name for name, ok in checks.items() if not ok]


def _matches(event: dict[str, Any], gold: dict[str, Any], actors: dict[str, dict[str, Any]],
             gold_actors: dict[str, dict[str, Any]]) -> bool:
    return not _failures(event, gold, actors, gold_actors)


def load_gold(path: Path, texts: Path | None = None) -> dict[str, Any]:
    """A gold file with its quoted text: real articles' gold gives evidence, title and cleaning checks as
    character offsets into the saved article (third-party text is never committed), read from `texts`."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    spans = [gold.get("title"), *gold.get("body_includes", []), *gold.get("body_excludes", []),
             *(e.get("evidence") for e in gold["events"])]
    if not any(isinstance(x, dict) for x in spans):
        return gold
    source = texts / gold["doc"] if texts else None
    if source is None or not source.is_file():
        raise InputError(f"{path.name} quotes by offsets: give the folder of saved articles (--texts) that holds {gold['doc']}")
    text = source.read_text(encoding="utf-8")
    quote = lambda x: text[x["start"]:x["end"]] if isinstance(x, dict) else x  # noqa: E731
    return {**gold, "title": quote(gold.get("title")),
            "body_includes": [quote(x) for x in gold.get("body_includes", [])],
            "body_excludes": [quote(x) for x in gold.get("body_excludes", [])],
            "events": [{**e, "evidence": quote(e.get("evidence"))} for e in gold["events"]]}


def _overlap(a: str, b: str) -> bool:
    """Two evidence sentences that are one: one holds the other, once spacing and case are set aside."""
    a, b = _plain(a), _plain(b)
    return bool(a) and bool(b) and (a in b or b in a)


def _outlet(gold: dict[str, Any]) -> str:
    """The site a gold article came from (its address' host without 'www.'), else its outlet's name."""
    host = urlsplit(str(gold.get("source") or "")).hostname or ""
    return host.removeprefix("www.") or _plain(gold.get("outlet"))


def outlets(gold_dir: str | Path) -> set[str]:
    return {_outlet(json.loads(p.read_text(encoding="utf-8"))) for p in Path(gold_dir).rglob("*.gold.json")}


def score(export: dict[str, Any], gold_dir: str | Path, texts: str | Path | None = None,
          unseen_outlets_of: str | Path | None = None) -> Report:
    """Score an export against every gold file under `gold_dir`; with `unseen_outlets_of`, only articles
    from sites that have no article in that folder (a split that leaves whole outlets out)."""
    folder = Path(gold_dir)
    golds = sorted(folder.rglob("*.gold.json"))
    if not golds:
        raise InputError(f"no *.gold.json files in {gold_dir}")
    seen = outlets(unseen_outlets_of) if unseen_outlets_of else set()
    documents = {Path(str(d["source"])).name: d for d in export["documents"]}
    actors = {a["id"]: a for a in export["actors"]}
    by_document: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in export["events"]:
        for doc_id in dict.fromkeys(s["document"] for s in event["sources"]):
            by_document[doc_id].append(event)
    report = Report()
    for path in golds:
        gold = load_gold(path, Path(texts) if texts else None)
        if _outlet(gold) in seen:
            continue
        doc = documents.get(gold["doc"])
        predicted = by_document.get(doc["id"], []) if doc else []
        fmt = report.formats.setdefault(gold.get("format") or "unknown", Report())
        for part in (report, fmt):
            _score_document(part, gold, doc, predicted, actors)
    return report


def _score_document(report: Report, gold: dict[str, Any], doc: dict[str, Any] | None, predicted: list[dict[str, Any]],
                    actors: dict[str, dict[str, Any]]) -> None:
    gold_actors = {a["name"]: a for a in gold.get("actors", [])}
    used: set[int] = set()
    said = lambda e: " ".join(s["sentence"] for s in e["sources"] if s["document"] == (doc or {}).get("id"))  # noqa: E731
    for g in gold["events"]:
        report.kinds[_kind(g)].gold += 1
        hit = next((i for i, e in enumerate(predicted) if i not in used and _matches(e, g, actors, gold_actors)), None)
        if hit is None:
            report.misses.append(f"{gold['doc']}: {_kind(g)} {g.get('date')} | {str(g['evidence'])[:90]}")
            near = [e for i, e in enumerate(predicted) if i not in used and _overlap(said(e), str(g["evidence"]))]
            report.confusion[(_kind(g), _kind(near[0]) if near else NONE)] += 1
            if near:
                why = min((_failures(e, g, actors, gold_actors) for e in near), key=len)
                report.near_misses["+".join(why)] += 1
                report.misses[-1] += f"  [{'+'.join(why)}]"
            continue
        used.add(hit)
        report.confusion[(_kind(g), _kind(predicted[hit]))] += 1
        report.kinds[_kind(g)].found += 1
        found, wanted = predicted[hit].get("date"), g.get("date")
        fused = len({x["document"] for x in predicted[hit]["sources"]}) > 1
        # A date fused from several reports that is finer than this one's gold is as precise as the gold.
        report.dates[0] += int(found == wanted or (fused and bool(found) and str(found).startswith(f"{wanted or ''}-")))
        report.dates[1] += 1
    for i, e in enumerate(predicted):
        report.kinds[_kind(e)].predicted += 1
        if i not in used:
            report.extras.append(f"{gold['doc']}: {_kind(e)} {e.get('date')} | {e['sources'][0]['sentence'][:90]}")
            if not any(_overlap(said(e), str(g["evidence"])) for g in gold["events"]):
                report.confusion[(NONE, _kind(e))] += 1
    report.documents[gold["doc"]] = {"gold": len(gold["events"]), "predicted": len(predicted), "found": len(used)}
    report.published[0] += int(doc is not None and doc.get("published") == gold.get("published"))
    report.published[1] += 1
    mentioned = [actors[i] for i in (doc or {}).get("actors", []) if i in actors]
    for ga in gold.get("actors", []):
        report.actors[1] += 1
        report.actors[0] += int(any(same_person([a["name"], *a.get("aliases", [])], [ga["name"], *ga.get("aliases", [])])
                                    for a in mentioned))
    body = _plain((doc or {}).get("body"))
    for text in gold.get("body_includes", []):
        report.cleaning[1] += 1
        report.cleaning[0] += int(_plain(text) in body)
    for text in gold.get("body_excludes", []):
        report.cleaning[1] += 1
        report.cleaning[0] += int(doc is not None and _plain(text) not in body)
