"""The library API: everything the CLI and any other front end do goes through these functions."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from . import lexicon
from .extract.document import extract, summary
from .ingest.article import prepare
from .ingest.read import read_all
from .nlp.pipeline import load as load_model
from .errors import InputError
from .evaluate import Report, score
from .export import to_csv, to_gdelt, to_graphml, to_json
from .offices import OfficeTable, Tenure
from .records import Actor, Article, Event, Extraction, Skip
from .resolve import dictionary
from .resolve.actors import resolve as resolve_actors
from .resolve.events import flag_conflicts, fuse
from .settings import Settings
from .store.database import Store

__all__ = ["IngestReport", "Record", "ingest", "record", "resolve", "events", "actors", "find_actor", "office_holders", "network",
           "export", "export_text", "evaluate", "Settings", "Store"]


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    events: int = 0
    skipped: list[Skip] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(s.error for s in self.skipped)

    def line(self) -> str:
        errors = sum(s.error for s in self.skipped)
        return (f"{self.read} documents read: {self.stored} stored, {self.unchanged} unchanged, "
                f"{len(self.skipped)} skipped ({errors} errors); {self.events} events found")


def _chunks(items: Iterable[Article | Skip], size: int) -> Iterator[list[Article | Skip]]:
    chunk: list[Article | Skip] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest(paths: list[str], settings: Settings | None = None,
           on_item: Callable[[str, Skip | None, str | None], None] | None = None) -> IngestReport:
    """Read, clean, extract and store every article under `paths`; one transaction per document.

    `on_item(source, skip, note)` is called once per input, for progress and per-file messages.
    """
    settings = settings or Settings.from_env()
    lex = lexicon.get(settings)
    report = IngestReport()
    nlp = None
    with Store(settings.db) as store:
        prepared = (prepare(raw, settings.max_chars) if not isinstance(raw, Skip) else raw
                    for raw in read_all(paths, settings.max_bytes))
        for chunk in _chunks(prepared, settings.batch_size):
            todo: list[Article] = []
            for item in chunk:
                report.read += 1
                if isinstance(item, Skip):
                    report.skipped.append(item)
                    if on_item:
                        on_item(item.source, item, None)
                elif store.has(item.fingerprint):
                    report.unchanged += 1
                    if on_item:
                        on_item(item.source, None, item.note)
                else:
                    todo.append(item)
            if not todo:
                continue
            nlp = nlp or load_model(settings.model)
            bodies = nlp.pipe([a.body for a in todo], batch_size=settings.batch_size)
            for article, doc in zip(todo, bodies):
                captions = list(nlp.pipe(article.captions))
                result = extract(article, doc, captions, nlp, lex)
                if store.save(result):
                    report.stored += 1
                    report.events += len(result.events)
                else:
                    report.unchanged += 1
                if on_item:
                    on_item(article.source, None, article.note)
    return report


@dataclass
class Record:
    """Everything in the store, resolved across documents."""

    documents: list[Article]
    document_actors: dict[str, list[str]]
    actors: list[Actor]
    events: list[Event]
    offices: OfficeTable

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)


def resolve(extractions: list[Extraction], settings: Settings | None = None) -> Record:
    """The cross-document stage: actors clustered, events remapped to them and fused, ids made stable."""
    settings = settings or Settings.from_env()
    lex = lexicon.get(settings)
    found = resolve_actors([a for x in extractions for a in x.actors], dictionary.load(settings.actors),
                           lex.office_abbreviations)
    merged, local_to_global = found.actors, found.ids
    document_actors = {
        x.article.id: list(dict.fromkeys(local_to_global[a.id] for a in x.actors if a.in_body)) for x in extractions
    }
    events = [e for x in extractions for e in x.events]
    for event in events:
        event.participants = list(dict.fromkeys(local_to_global.get(p, p) for p in event.participants))
    fused = fuse(events)
    fused.sort(key=lambda e: (e.date or "9999", e.sources[0].document, e.sources[0].start))
    names = {a.id: a.name for a in merged}
    for n, event in enumerate(fused, 1):
        event.id = f"e{n}"
        event.summary = summary(event.kind, event.planned_kind, [names[p] for p in event.participants if p in names],
                                event.countries, event.location.name if event.location else None, event.date, lex)
    flag_conflicts(fused)
    return Record([x.article for x in extractions], document_actors, merged, fused, found.table)


def record(settings: Settings | None = None) -> Record:
    settings = settings or Settings.from_env()
    with Store(settings.db) as store:
        return resolve(list(store.extractions()), settings)


def _overlaps(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if date is None:
        return False
    if since and date < since[: len(date)]:
        return False
    return not (until and date[: len(until)] > until)


def _names(actor: Actor) -> list[str]:
    return [actor.name.lower(), *(a.lower() for a in actor.aliases)]


def events(rec: Record, country: Iterable[str] = (), kind: Iterable[str] = (), actor: str | None = None,
           since: str | None = None, until: str | None = None, min_confidence: float = 0.0,
           sources_min: int = 1) -> list[Event]:
    """Events that pass every filter given; a plan matches --kind plan and --kind of what is planned."""
    for bound in (since, until):
        if bound is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", bound):
            raise InputError(f"'{bound}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    countries, kinds = {c.upper() for c in country}, set(kind)
    wanted = None
    if actor:
        wanted = {a.id for a in rec.actors if any(actor.lower() in n for n in _names(a))}
    out = []
    for event in rec.events:
        if countries and not countries <= set(event.countries):
            continue
        if kinds and not ({event.kind, event.planned_kind} & kinds):
            continue
        if wanted is not None and not wanted & set(event.participants):
            continue
        if not _overlaps(event.date, since, until) or event.confidence < min_confidence:
            continue
        if len({s.document for s in event.sources}) < sources_min:
            continue
        out.append(event)
    return out


def network(rec: Record, events: list[Event]) -> dict:
    """Nodes (people, organisations, states) sized by event count, and links between those that share events."""
    weight: Counter[str] = Counter()
    links: Counter[tuple[str, str]] = Counter()
    for event in events:
        ends = list(dict.fromkeys(event.participants + event.countries))
        weight.update(ends)
        for i, a in enumerate(ends):
            for b in ends[i + 1 :]:
                links[tuple(sorted((a, b)))] += 1  # type: ignore[index]
    nodes = []
    for node, n in weight.items():
        actor = rec.actor(node)
        nodes.append({"id": node, "label": actor.name if actor else node, "type": actor.type if actor else "state",
                      "country": (actor.country if actor else node) or "", "events": n})
    return {"nodes": nodes, "links": [{"source": a, "target": b, "events": n} for (a, b), n in links.items()]}


def actors(rec: Record) -> list[Actor]:
    return sorted(rec.actors, key=lambda a: a.name)


def office_holders(rec: Record, country: str | None = None) -> list[Tenure]:
    """The office table, by state, office and first sighting."""
    rows = [t for t in rec.offices.tenures if not country or t.country == country.upper()]
    return sorted(rows, key=lambda t: (t.country or "", t.office.lower(), t.first_seen or ""))


def find_actor(rec: Record, name: str) -> list[Actor]:
    exact = [a for a in rec.actors if name.lower() in _names(a)]
    return exact or [a for a in rec.actors if any(name.lower() in n for n in _names(a))]


def export(rec: Record) -> dict:
    return to_json(rec)


def export_text(rec: Record, fmt: str = "json", table: str = "events", settings: Settings | None = None) -> str:
    """The store in one of the export formats, as text."""
    if fmt == "json":
        return json.dumps(to_json(rec), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return to_csv(rec, table)
    if fmt == "graphml":
        return to_graphml(rec)
    if fmt == "gdelt":
        lex = lexicon.get(settings)
        return to_gdelt(rec, {k: v.goldstein for k, v in lex.kinds.items()}, {c.name for c in lex.countries.values()})
    raise ValueError(f"unknown export format {fmt}")


def evaluate(rec: Record, gold_dir: str) -> Report:
    """Score the store against hand annotation in the gold format of DESIGN.md."""
    return score(to_json(rec), gold_dir)
