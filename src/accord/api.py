"""The library API: everything the CLI and any other front end do goes through these functions."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from . import lexicon
from . import engine as engines
from .extract.document import summary
from .ingest import duplicates, read
from .ingest.article import prepare
from .ingest.duplicates import Index, from_text
from .ingest import relevance
from .ingest.relevance import relevant
from .errors import InputError
from .evaluate import Report, score
from .export import to_csv, to_gdelt, to_graphml, to_json
from .offices import OfficeTable, Tenure
from .records import Actor, Article, Event, Extraction, Skip
from .resolve import dictionary
from .resolve.actors import resolve as resolve_actors
from .resolve import series
from .resolve.events import flag_conflicts, fuse
from .resolve.series import Promise, Series
from .settings import Settings
from .store.database import Store

__all__ = ["IngestReport", "Record", "ingest", "record", "resolve", "events", "actors", "find_actor", "office_holders", "network", "find_series", "plans",
           "export", "export_text", "evaluate", "Settings", "Store"]


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    near_duplicates: int = 0
    not_relevant: int = 0
    events: int = 0
    skipped: list[Skip] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(s.error for s in self.skipped)

    def line(self) -> str:
        errors = sum(s.error for s in self.skipped)
        return (f"{self.read} documents read: {self.stored} stored, {self.unchanged} unchanged, "
                f"{self.near_duplicates} near-duplicates, {self.not_relevant} not relevant, "
                f"{len(self.skipped) - self.not_relevant} skipped ({errors} errors); {self.events} events found")


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


OnItem = Callable[[str, Skip | None, str | None], None]


class _Run:
    """One ingest: decides what needs parsing, and writes what comes back, one document per transaction."""

    def __init__(self, store: Store, settings: Settings, on_item: OnItem | None):
        self.store, self.settings, self.on_item = store, settings, on_item
        self.lex = lexicon.get(settings)
        self.report = IngestReport()
        self.index = Index()
        for document, text in store.signatures():
            self.index.add(document, from_text(text))
        self.pending: dict[str, tuple[str, str]] = {}
        """document -> (signature, source) of articles sent to be parsed and not yet written"""
        self.files: dict[str, list] = {}
        """file -> [articles not yet written, size, mtime, failed]"""

    def _tell(self, source: str, skip: Skip | None = None, note: str | None = None) -> None:
        if self.on_item:
            self.on_item(source, skip, note)

    def _skip(self, skip: Skip, file: str | None) -> None:
        self.report.skipped.append(skip)
        if skip.reason in relevance.REASONS:
            self.report.not_relevant += 1
        if file in self.files and skip.error:
            self.files[file][3] = True
        self._tell(skip.source, skip)

    def _source_of(self, document: str) -> str | None:
        return self.pending[document][1] if document in self.pending else self.store.source_of(document)

    def _done(self, file: str | None) -> None:
        entry = self.files.get(file or "")
        if entry is None:
            return
        entry[0] -= 1
        if entry[0] == 0:
            del self.files[file]  # type: ignore[arg-type]
            if not entry[3]:
                self.store.remember_file(file, entry[1], entry[2])  # type: ignore[arg-type]

    def articles(self, paths: list[str]) -> Iterator[Article]:
        """New articles to parse, in order; everything else is counted and told here."""
        for path in read.expand(paths):
            if isinstance(path, Skip):
                self.report.read += 1
                self._skip(path, None)
                continue
            try:
                stat = path.stat()
            except OSError:
                stat = None
            if stat is not None and self.store.file_seen(str(path), stat.st_size, stat.st_mtime_ns):
                self.report.read += 1
                self.report.unchanged += 1
                self._tell(str(path))
                continue
            if stat is not None:
                self.files[str(path)] = [1, stat.st_size, stat.st_mtime_ns, False]
            for raw in read.read(path, self.settings.max_bytes):
                self.report.read += 1
                if str(path) in self.files:
                    self.files[str(path)][0] += 1
                article = raw if isinstance(raw, Skip) else prepare(raw, self.settings.max_chars)
                if isinstance(article, Skip):
                    self._skip(article, str(path))
                    self._done(str(path))
                    continue
                reason = relevant(article.body, self.lex)
                if reason is not None:
                    self._skip(Skip(article.source, reason, error=False), str(path))
                    self._done(str(path))
                    continue
                if self.store.has(article.fingerprint):
                    self.report.unchanged += 1
                    self._tell(article.source, None, article.note)
                    self._done(str(path))
                    continue
                signature = duplicates.signature(article.body)
                copy = self.index.find(signature)
                if copy is not None and self._source_of(copy[0]) in (None, article.source):
                    copy = None  # the old version of this very file, or a copy replaced since
                if copy is not None:
                    if self.store.add_source(copy[0], article.source, copy[1]):
                        self.report.near_duplicates += 1
                        note = f"near-duplicate of {copy[0]} ({copy[1]:.0%} alike); kept as another source"
                    else:
                        self.report.unchanged += 1
                        note = None
                    self._tell(article.source, None, note)
                    self._done(str(path))
                    continue
                self.index.add(article.id, signature)
                self.pending[article.id] = (duplicates.to_text(signature), article.source)
                yield article
            self._done(str(path))

    def write(self, result: Extraction) -> None:
        article = result.article
        if self.store.save(result, self.pending.pop(article.id, ("", ""))[0] or None):
            self.report.stored += 1
            self.report.events += len(result.events)
        else:
            self.report.unchanged += 1
        self._tell(article.source, None, article.note)
        self._done(article.file)


def ingest(paths: list[str], settings: Settings | None = None, on_item: OnItem | None = None,
           engine: str = "local", jobs: int = 1, scheduler: str | None = None) -> IngestReport:
    """Read, clean, extract and store every article under `paths`; one transaction per document.

    `engine` is "local" (with `jobs` processes) or "dask" (a LocalCluster of `jobs` workers, or the
    scheduler at `scheduler`). `on_item(source, skip, note)` is called once per input, for progress
    and per-file messages.
    """
    settings = settings or Settings.from_env()
    with Store(settings.db) as store:
        run = _Run(store, settings, on_item)
        runner = engines.make(settings, engine, jobs, scheduler)
        try:
            for results in runner.map(_chunks(run.articles(paths), settings.batch_size)):
                for result in results:
                    run.write(result)
        finally:
            runner.close()
    return run.report


@dataclass
class Record:
    """Everything in the store, resolved across documents."""

    documents: list[Article]
    document_actors: dict[str, list[str]]
    actors: list[Actor]
    events: list[Event]
    offices: OfficeTable
    series: list[Series] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    also_at: dict[str, list[str]] = field(default_factory=dict)
    """document -> other places the same story was found (near-duplicates)"""
    _actors: dict[str, Actor] = field(default_factory=dict, repr=False)

    def actor(self, actor_id: str) -> Actor | None:
        if len(self._actors) != len(self.actors):
            self._actors.update({a.id: a for a in self.actors})
        return self._actors.get(actor_id)


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
    # A month-only date sorts after the days of that month: the more precise report comes first.
    fused.sort(key=lambda e: ((e.date or "9999").ljust(10, "~"), e.sources[0].document, e.sources[0].start))
    names = {a.id: a.name for a in merged}
    for n, event in enumerate(fused, 1):
        event.id = f"e{n}"
        event.summary = summary(event.kind, event.planned_kind, [names[p] for p in event.participants if p in names],
                                event.countries, event.location.name if event.location else None, event.date, lex)
    flag_conflicts(fused)
    found_series = series.build(fused)
    newest = max((x.article.published for x in extractions if x.article.published), default=None)
    states = {code: {c.name, *c.names} for code, c in lex.countries.items()}
    return Record([x.article for x in extractions], document_actors, merged, fused, found.table, found_series,
                  series.promises(fused, found_series, newest, states))


def record(settings: Settings | None = None) -> Record:
    settings = settings or Settings.from_env()
    with Store(settings.db) as store:
        rec = resolve(list(store.extractions()), settings)
        rec.also_at = store.also_at()
    return rec


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


def find_series(rec: Record, name: str) -> list[Series]:
    exact = [s for s in rec.series if s.matches(name)]
    return exact or [s for s in rec.series if any(name.lower() in n.lower() for n in [s.name, *s.aliases])]


def plans(rec: Record, status: str | None = None) -> list[Promise]:
    return [p for p in rec.promises if status is None or p.status == status]


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
        return to_gdelt(rec, {v.cameo: v.goldstein for v in lex.kinds.values()}, {c.name for c in lex.countries.values()})
    raise ValueError(f"unknown export format {fmt}")


def evaluate(rec: Record, gold_dir: str, texts: str | None = None, unseen_outlets_of: str | None = None) -> Report:
    """Score the store against hand annotation in the gold format of DESIGN.md (offsets into `texts` for
    real articles); with `unseen_outlets_of`, only articles from sites absent from that gold folder."""
    return score(to_json(rec), gold_dir, texts, unseen_outlets_of)
