"""The library API: everything the CLI and any other front end do goes through these functions."""
from __future__ import annotations

import hashlib
import json
import math
import time
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from pathlib import Path
from typing import Any

from . import lexicon, watch
from . import browse
from .ingest import read, remote
from .ingest.feeds import Link, fetch_source, links_in
from .ingest.fetch import Fetcher, Response, is_address
from .ingest import relevance
from .ingest.relevance import relevant
from .errors import InputError, StoreError
from .evaluate import Report, score
from .export import actor_json, event_json, to_csv, to_gdelt, to_graphml, to_json
from .offices import OfficeTable, Tenure
from .records import Actor, Article, Event, Extraction, RawArticle, Skip, extraction_from_dict
from .resolve import dictionary
from .resolve.actors import resolve as resolve_actors
from .resolve import series
from .resolve.events import flag_conflicts, fuse
from .resolve.series import Edition, Promise, Series
from .settings import Settings
from .store import resolved as tables
from .store.database import NearCopy, Store
from .store.resolution import Resolver, hash_id, mention_id
from .store.resolved import Changes, EventFilter

if TYPE_CHECKING:
    from datasketch import MinHash

# Parsing, cleaning and near-duplicate detection (spaCy, trafilatura, datasketch) are imported by the
# write paths that use them, never by a read: `accord --help` and every query start without them.

__all__ = ["IngestReport", "Record", "ingest", "record", "resolve", "rebuild", "migrate", "events", "find_events",
           "find_event", "actor_page", "actor_cards", "actors", "find_actor", "office_holders", "network", "find_series",
           "plans", "export", "export_text", "evaluate", "Settings", "Store", "Changes", "WatchReport", "watch_run",
           "watch_add", "watch_list", "watch_remove", "alert_add", "alert_list", "alert_remove"]


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    near_duplicates: int = 0
    not_relevant: int = 0
    events: int = 0
    removed: int = 0
    """documents removed because no file carries their text any more (a JSONL line deleted)"""
    skipped: list[Skip] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(s.error for s in self.skipped)

    def line(self) -> str:
        errors = sum(s.error for s in self.skipped)
        return (f"{self.read} documents read: {self.stored} stored, {self.unchanged} unchanged, "
                f"{self.near_duplicates} near-duplicates, {self.not_relevant} not relevant, "
                f"{len(self.skipped) - self.not_relevant} skipped ({errors} errors); {self.events} events found"
                + (f"; {self.removed} removed, no longer in their files" if self.removed else ""))


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


@dataclass
class _File:
    """A file being read: its articles not yet settled, how it looked, and the sources it still carries."""

    waiting: int
    size: int
    mtime: int
    digest: str | None
    failed: bool = False
    whole: bool = True
    """False when the file itself could not be read: then nothing it carried before is dropped."""
    kept: set[str] = field(default_factory=set)


class _Run:
    """One ingest: decides what needs parsing, and writes what comes back, one document per transaction."""

    def __init__(self, store: Store, settings: Settings, on_item: OnItem | None):
        self.store, self.settings, self.on_item = store, settings, on_item
        from .ingest import duplicates
        from .ingest.duplicates import Index, from_text

        self.lex = lexicon.get(settings)
        self.resolver = _resolver(store, settings)
        self.report = IngestReport()
        self.since = store.fresh_since()
        store.backfill_files()
        for document, body in store.unsigned():  # a store migrated from before signatures: copies must still be found
            store.add_signature(document, duplicates.to_text(duplicates.signature(body)))
        self.index = Index()
        for document, text in store.signatures():
            self.index.add(document, from_text(text))
        self.pending: dict[str, tuple[str, str]] = {}
        """document -> (signature, source) of articles sent to be parsed and not yet written"""
        self.copies: dict[str, list[tuple[Article, float]]] = {}
        """document not yet written -> copies of it found meanwhile, settled when it is written"""
        self.files: dict[str, _File] = {}
        self.run = uuid.uuid4().hex
        """marks this run's signatures: the check under the write lock looks only at other runs' documents"""

    def _tell(self, source: str, skip: Skip | None = None, note: str | None = None) -> None:
        if self.on_item:
            self.on_item(source, skip, note)

    def _skip(self, skip: Skip, file: str | None) -> None:
        self.report.skipped.append(skip)
        if skip.reason in relevance.REASONS:
            self.report.not_relevant += 1
        if file in self.files and skip.error:
            self.files[file].failed = True
        self._tell(skip.source, skip)

    def _kept(self, file: str | None, source: str) -> None:
        if file in self.files:
            self.files[file].kept.add(source)

    def _source_of(self, document: str) -> str | None:
        return self.pending[document][1] if document in self.pending else self.store.source_of(document)

    def _done(self, file: str | None) -> None:
        entry = self.files.get(file or "")
        if entry is None:
            return
        entry.waiting -= 1
        if entry.waiting == 0:
            del self.files[file]  # type: ignore[arg-type]
            if entry.whole:
                gone = self.store.prune(file, entry.kept, self.resolver)  # type: ignore[arg-type]
                if gone:
                    self.report.removed += gone
                    self._tell(file, None, f"{gone} article(s) no longer in this file removed from the store")  # type: ignore[arg-type]
            if not entry.failed:
                self.store.remember_file(file, entry.size, entry.mtime, entry.digest)  # type: ignore[arg-type]

    def _copy(self, article: Article, document: str, similarity: float) -> None:
        """`article` repeats a stored document: this source becomes another place for it (a JSONL line that only
        moved within its file is the same place)."""
        moved = article.file is not None and article.file in self.store.files_of(document)
        note: str | None
        if self.store.add_source(document, article.source, similarity, article.file, self.resolver) and not moved:
            self.report.near_duplicates += 1
            what = "same text as" if similarity >= 1.0 else "near-duplicate of"
            note = f"{what} {document} ({similarity:.0%} alike); kept as another source"
        else:
            self.report.unchanged += 1
            note = article.note
        self._kept(article.file, article.source)
        self._tell(article.source, None, note)
        self._done(article.file)

    def articles(self, paths: list[str], remote: Iterable[RawArticle | Skip] = ()) -> Iterator[Article]:
        """New articles to parse, in order: files first, then what was fetched; everything else is counted and told here."""
        for path in read.expand(paths):
            if isinstance(path, Skip):
                self.report.read += 1
                self._skip(path, None)
                continue
            name = read.source_name(path)
            try:
                stat = path.stat()
            except OSError:
                stat = None
            digest = read.digest(path, self.settings.max_bytes) if stat is not None else None
            if digest is not None and self.store.file_seen(name, stat.st_size, stat.st_mtime_ns, digest):  # type: ignore[union-attr]
                self.report.read += 1
                self.report.unchanged += 1
                self._tell(name)
                continue
            if stat is not None:
                self.files[name] = _File(1, stat.st_size, stat.st_mtime_ns, digest)
            for raw in read.read(path, self.settings.max_bytes):
                if name in self.files:
                    self.files[name].waiting += 1
                if isinstance(raw, Skip) and raw.source == name and name in self.files:
                    self.files[name].whole = False
                yield from self._take(raw, name)
            self._done(name)
        for raw in remote:
            yield from self._take(raw, None)

    def _take(self, raw: RawArticle | Skip, file: str | None) -> Iterator[Article]:
        """One input: yielded when it needs parsing, else counted and told (and its file's count settled)."""
        from .ingest import duplicates
        from .ingest.article import prepare

        self.report.read += 1
        article = raw if isinstance(raw, Skip) else prepare(raw, self.settings.max_chars)
        if isinstance(article, Skip):
            self._skip(article, file)
            self._done(file)
            return
        reason = relevant(article.body, self.lex)
        if reason is not None:
            self._skip(Skip(article.source, reason, error=False), file)
            self._done(file)
            return
        if self.store.has(article.fingerprint):
            self._copy(article, article.id, 1.0)
            return
        signature = duplicates.signature(article.body)
        copy = self.index.find(signature)
        if copy is not None and self._source_of(copy[0]) in (None, article.source):
            copy = None  # the old version of this very file, or a copy replaced since
        if copy is not None and copy[0] in self.pending:
            self.copies.setdefault(copy[0], []).append((article, copy[1]))  # settled when the first is written
            return
        if copy is not None:
            self._copy(article, *copy)
            return
        self.index.add(article.id, signature)
        self.pending[article.id] = (duplicates.to_text(signature), article.source)
        yield article

    def _near(self, signature: MinHash) -> NearCopy:
        """Judges the signatures other runs stored meanwhile (see Store.save); they join this run's index."""
        from .ingest.duplicates import Index, from_text

        def near(rows: list[tuple[str, str]]) -> tuple[str, float] | None:
            hashes = {document: from_text(text) for document, text in rows}
            fresh = Index()
            for document, m in hashes.items():
                fresh.add(document, m)
                self.index.add(document, m)
            return fresh.find(signature)
        return near

    def write(self, result: Extraction | Skip, article: Article) -> None:
        from .ingest import duplicates

        signature, _ = self.pending.pop(article.id, ("", ""))
        copies = self.copies.pop(article.id, [])
        if isinstance(result, Skip):
            self._skip(result, article.file)
            self._done(article.file)
            for copy, _similarity in copies:
                self._skip(Skip(copy.source, f"{result.reason} (a copy of {article.source})"), copy.file)
                self._done(copy.file)
            return
        mark = self.store.fresh_since()  # what others commit from here on is stamped after it
        saved = self.store.save(result, signature or None, self._near(duplicates.from_text(signature)) if signature else None,
                                self.since, self.run, self.resolver)
        self.since = mark
        note = result.article.note
        if saved.stored:
            self.report.stored += 1
            self.report.events += len(result.events)
        elif saved.copy_of is not None and saved.added:
            self.report.near_duplicates += 1
            what = "same text as" if saved.similarity >= 1.0 else "near-duplicate of"
            note = f"{what} {saved.copy_of} ({saved.similarity:.0%} alike, stored by another run); kept as another source"
        else:
            self.report.unchanged += 1
        self._kept(article.file, article.source)
        self._tell(article.source, None, note)
        self._done(article.file)
        for copy, similarity in copies:
            self._copy(copy, saved.copy_of or article.id, similarity)


def ingest(paths: list[str], settings: Settings | None = None, on_item: OnItem | None = None,
           engine: str = "local", jobs: int = 1, scheduler: str | None = None, url_lists: Iterable[str] = (),
           feeds: Iterable[str] = (), links: Iterable[Link] = (), fetcher: Fetcher | None = None) -> IngestReport:
    """Read, clean, extract and store every article under `paths`; one transaction per document.

    `paths` are files, folders, globs or web addresses; `url_lists` are files (or addresses) of
    article addresses, one a line or a CSV/TSV column; `feeds` are RSS/Atom feeds or site maps
    whose entries are fetched; `links` are addresses already found (by the watcher). Fetching is
    polite (`accord.ingest.fetch`). `engine` is "local" (with `jobs` processes) or "dask" (a
    LocalCluster of `jobs` workers, or the scheduler at `scheduler`). `on_item(source, skip, note)`
    is called once per input, for progress and per-file messages.
    """
    from . import engine as engines

    settings = settings or Settings.from_env()
    local = [p for p in paths if not is_address(p)]
    addresses = [p for p in paths if is_address(p)]
    url_lists, feeds, links = list(url_lists), list(feeds), list(links)
    web = fetcher or (Fetcher(settings) if addresses or url_lists or feeds or links else None)
    remote: Iterable[RawArticle | Skip] = ()
    if web is not None:
        remote = _fetched(addresses, url_lists, feeds, links, web, settings.max_bytes)
    try:
        with Store(settings.db) as store:
            if not _resolution_current(store, settings):
                _rebuild(store, settings)
            elif tables.meta(store, "resolved_with") is None:
                store.set_meta("resolved_with", _stamp(settings))  # a new store: resolved as documents arrive
            run = _Run(store, settings, on_item)
            runner = engines.make(settings, engine, jobs, scheduler)
            try:
                for batch, results in runner.map(_chunks(run.articles(local, remote), settings.batch_size)):
                    for article, result in zip(batch, results):
                        run.write(result, article)
            finally:
                runner.close()
    finally:
        if web is not None and fetcher is None:
            web.close()
    return run.report


def _fetched(addresses: list[str], url_lists: list[str], feeds: list[str], links: list[Link], fetcher: Fetcher,
             max_bytes: int) -> Iterator[RawArticle | Skip]:
    """Every address found first (a feed that fails is one Skip), then each fetched once, in order."""
    found: list[Link] = []
    for item in remote.gather(addresses, url_lists, feeds, fetcher):
        if isinstance(item, Skip):
            yield item
        else:
            found.append(item)
    yield from remote.fetch_articles(found + links, fetcher, max_bytes)


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
    aliases: dict[str, str] = field(default_factory=dict)
    """old id -> the id it now belongs to: an event fused into an older one, an actor joined to another"""
    _actors: dict[str, Actor] = field(default_factory=dict, repr=False)

    def actor(self, actor_id: str) -> Actor | None:
        if len(self._actors) != len(self.actors):
            self._actors.update({a.id: a for a in self.actors})
        return self._actors.get(actor_id)


def _stable_ids(prefix: str, items: list[tuple[str, str]], members: dict[str, list[str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Ids that survive new articles: each group takes the id of its earliest member (`items` is every
    (member, its own id) in the order stored), so a group that grows keeps its id, and when two groups
    join, the older id stays and every member's own id becomes an alias of the group.

    Returns group -> id and alias -> id.
    """
    order = {member: n for n, (member, _) in enumerate(items)}
    own = dict(items)
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for group, found in sorted(members.items(), key=lambda kv: min((order.get(m, len(order)) for m in kv[1]), default=len(order))):
        ranked = sorted((m for m in found if m in own), key=lambda m: order[m])
        chosen = next((own[m] for m in ranked if own[m] not in taken), None)
        if chosen is None:
            chosen = hash_id(prefix, "group", group, len(taken))
        ids[group] = chosen
        taken.add(chosen)
    aliases = {own[m]: ids[g] for g, found in members.items() for m in found if m in own and own[m] != ids[g]}
    return ids, {a: t for a, t in aliases.items() if a not in taken}


def resolve(extractions: list[Extraction], settings: Settings | None = None) -> Record:
    """The cross-document stage: actors clustered, events remapped to them and fused, ids made stable.

    `extractions` come in the order they were stored; an actor's or event's id is derived from its
    earliest mention or report, so it does not change when later articles arrive.
    """
    from .extract.document import summary

    settings = settings or Settings.from_env()
    lex = lexicon.get(settings)
    entries = dictionary.load(settings.actors)
    found = resolve_actors([a for x in extractions for a in x.actors], entries, lex.office_abbreviations)
    merged, local_to_global = found.actors, found.ids
    mention_ids = [(a.id, mention_id(x.article.id, a)) for x in extractions for a in x.actors]
    members: dict[str, list[str]] = {a.id: [] for a in merged}
    for local, group in local_to_global.items():
        members[group].append(local)
    for actor in merged:
        if not members[actor.id]:
            members[actor.id] = [f"dictionary:{actor.name}"]
            mention_ids.append((f"dictionary:{actor.name}", hash_id("a", "dictionary", actor.name)))
    actor_ids, aliases = _stable_ids("a", mention_ids, members)
    for table_row in found.table.tenures:
        table_row.person = actor_ids.get(table_row.person, table_row.person)
    for actor in merged:
        actor.id = actor_ids[actor.id]
    local_to_global = {local: actor_ids[group] for local, group in local_to_global.items()}
    document_actors = {
        x.article.id: list(dict.fromkeys(local_to_global[a.id] for a in x.actors if a.in_body)) for x in extractions
    }
    events = [e for x in extractions for e in x.events]
    seen: Counter[tuple] = Counter()
    report_ids = []
    for e in events:
        first = e.sources[0] if e.sources else None
        key = (first.document, e.kind, first.start, first.end) if first else (e.id, e.kind)
        seen[key] += 1  # several events of one sentence ("met A, B and C") are told apart by their turn
        report_ids.append((e.id, hash_id("e", *key, seen[key])))
    report_of = {id(s): e.id for e in reversed(events) for s in e.sources}
    for event in events:
        event.participants = list(dict.fromkeys(local_to_global.get(p, p) for p in event.participants))
    fused = fuse(events, {x.article.id: x.article.published for x in extractions})
    event_members = {e.id: list(dict.fromkeys([e.id] + [report_of[id(s)] for s in e.sources])) for e in fused}
    event_ids, event_aliases = _stable_ids("e", report_ids, event_members)
    # A month-only date sorts after the days of that month: the more precise report comes first.
    fused.sort(key=lambda e: ((e.date or "9999").ljust(10, "~"), e.sources[0].document, e.sources[0].start))
    names = {a.id: a.name for a in merged}
    for event in fused:
        event.id = event_ids[event.id]
        event.summary = summary(event.kind, event.planned_kind, [names[p] for p in event.participants if p in names],
                                event.countries, event.location.name if event.location else None, event.date, lex)
    flag_conflicts(fused)
    found_series = series.build(fused)
    newest = max((x.article.published for x in extractions if x.article.published), default=None)
    states = {code: {c.name, *c.names} for code, c in lex.countries.items()}
    return Record([x.article for x in extractions], document_actors, merged, fused, found.table, found_series,
                  series.promises(fused, found_series, newest, states), aliases={**aliases, **event_aliases})


def _stamp(settings: Settings) -> str:
    """What a stored resolution depends on besides the documents: the actor dictionary and the lexicons."""
    text = Path(settings.actors).read_bytes() if settings.actors and Path(settings.actors).is_file() else b""
    return hashlib.sha1(text + b"|" + settings.lexicon_dir.encode()).hexdigest()[:16]


def _resolution_current(store: Store, settings: Settings) -> bool:
    """The stored resolution was made with these settings (or there is nothing to resolve yet)."""
    made_with = tables.meta(store, "resolved_with")
    return made_with == _stamp(settings) or (made_with is None and store.count() == 0)


def _resolver(store: Store, settings: Settings) -> Resolver:
    from .extract.document import summary

    return Resolver(store, lexicon.get(settings), dictionary.load(settings.actors), summary)


def _rebuild(store: Store, settings: Settings, extractions: Iterable[Extraction] | None = None) -> Changes:
    """Resolve every stored document afresh in one transaction, keeping ids of what is found again.

    The old id of an event or actor that is now part of another becomes an alias of it.
    """
    store.number_documents()
    resolver = _resolver(store, settings)
    store._begin()
    try:
        old_events = {r[0] for r in store.execute("SELECT id FROM events").fetchall()}
        old_actors = {r[0] for r in store.execute("SELECT id FROM actors").fetchall()}
        old_reports = dict(((d, lo), e) for d, lo, e in store.execute("SELECT document, local, event FROM reports").fetchall())
        old_mentions = dict(((d, lo), a) for d, lo, a in store.execute("SELECT document, local, actor FROM mentions").fetchall())
        for table in tables.DERIVED:
            store.execute(f"DELETE FROM {table}")
        store.set_meta("events", "0")
        resolver.touched.everything = True
        rows = store.execute("SELECT seq, extraction FROM documents ORDER BY seq, source, id").fetchall()
        for seq, data in rows:
            raw = json.loads(data)
            resolver.add(extraction_from_dict(raw), int(seq), raw)
        resolver.update()
        new_events = {r[0] for r in store.execute("SELECT id FROM events").fetchall()}
        new_actors = {r[0] for r in store.execute("SELECT id FROM actors").fetchall()}
        for old_map, table, column, new_ids in ((old_reports, "reports", "event", new_events),
                                                (old_mentions, "mentions", "actor", new_actors)):
            now = dict(((d, lo), x) for d, lo, x in store.execute(f"SELECT document, local, {column} FROM {table}").fetchall())
            for key, old in old_map.items():
                if old and old not in new_ids and now.get(key) in new_ids:
                    resolver._alias(old, now[key])  # type: ignore[arg-type]
        store.execute("DELETE FROM aliases WHERE alias IN (SELECT id FROM events) OR alias IN (SELECT id FROM actors)")
        aliased = {r[0] for r in store.execute("SELECT alias FROM aliases").fetchall()}
        store.set_meta("resolved_with", _stamp(settings))
        store.set_meta("newest", store.newest() or "")
        store.execute("COMMIT")
    except BaseException:
        store.rollback()
        raise
    return Changes(
        events_kept=len(old_events & new_events), events_new=len(new_events - old_events),
        events_gone=sorted(old_events - new_events - aliased), events_joined=sorted((old_events - new_events) & aliased),
        actors_kept=len(old_actors & new_actors), actors_new=len(new_actors - old_actors),
        actors_gone=sorted(old_actors - new_actors - aliased), actors_joined=sorted((old_actors - new_actors) & aliased))


def rebuild(settings: Settings | None = None, extract: bool = False, engine: str = "local", jobs: int = 1,
            scheduler: str | None = None) -> Changes:
    """Re-derive the whole record from the stored documents (after a new lexicon or actor dictionary, and
    with `extract` after a new model or trigger lexicon: every stored article is parsed again), keeping
    every id whose event or actor is found again; the old ids of joined ones become aliases."""
    settings = settings or Settings.from_env()
    with Store(settings.db) as store:
        if extract:
            from . import engine as engines

            articles = (extraction_from_dict(json.loads(d)).article
                        for (d,) in store.execute("SELECT extraction FROM documents ORDER BY seq").fetchall())
            runner = engines.make(settings, engine, jobs, scheduler)
            try:
                for _, results in runner.map(_chunks(articles, settings.batch_size)):
                    for result in results:
                        if isinstance(result, Extraction):  # one the watchdog skipped keeps what it had
                            store.replace_extraction(result)
            finally:
                runner.close()
        return _rebuild(store, settings)


def migrate(settings: Settings | None = None) -> tuple[int, int]:
    """Bring an older store to this Accord's schema and resolve it; returns (schema before, schema after).

    A missing store is an error here too: migrating creates nothing.
    """
    from .store.database import SCHEMA_VERSION

    settings = settings or Settings.from_env()
    with Store(settings.db, readonly=True, check_version=False) as old:
        before = old.version()
    with Store(settings.db) as store:
        if not _resolution_current(store, settings):
            _rebuild(store, settings)
    return before, SCHEMA_VERSION


def _reader(settings: Settings) -> Store:
    return Store(settings.db, readonly=True)


def check_store(settings: Settings) -> None:
    """Raise the one-line StoreError a read would meet (missing, older or newer store), before serving."""
    _reader(settings).close()


def documents_page(settings: Settings, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    with _reader(settings) as store:
        total = store.count()
        rows = store.execute("SELECT id, source, title, published, outlet FROM documents ORDER BY seq, source, id "
                             "LIMIT ? OFFSET ?", (limit, offset)).fetchall()
    return total, [dict(zip(("id", "source", "title", "published", "outlet"), r)) for r in rows]


def document(settings: Settings, doc_id: str) -> dict[str, Any] | None:
    """One document as the export writes it: metadata, clean body, its actors and other places it was found."""
    from .export import document_json

    with _reader(settings) as store:
        row = store.execute("SELECT extraction FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        article = tables.article_from_dict(json.loads(row[0])["article"])
        if _tables_usable(store, settings):
            actors_of = [a for (a,) in store.execute(
                "SELECT da.actor FROM document_actors da JOIN actors a ON a.id = da.actor WHERE da.document = ? "
                "ORDER BY a.sort_key, a.id", (doc_id,)).fetchall()]
            also = [s for (s,) in store.execute("SELECT source FROM document_sources WHERE document = ? ORDER BY source",
                                                 (doc_id,)).fetchall()]
            return document_json(Record([], {doc_id: actors_of}, [], [], OfficeTable(), also_at={doc_id: also}), article)
    rec = record(settings)
    return document_json(rec, article)


def _tables_usable(store: Store, settings: Settings) -> bool:
    """The stored resolution answers a read unless it was made with another dictionary or lexicon."""
    return _resolution_current(store, settings)


def record(settings: Settings | None = None) -> Record:
    """Everything in the store, as stored by the last resolution; read-only.

    With an actor dictionary or lexicon other than the one the store was resolved with, the record is
    resolved here in memory instead (nothing is written; `accord rebuild` stores it).
    """
    settings = settings or Settings.from_env()
    with _reader(settings) as store:
        if not _tables_usable(store, settings):
            rec = resolve(list(store.extractions()), settings)
            rec.also_at = store.also_at()
            return rec
        lex = lexicon.get(settings)
        events = [tables.to_event(r) for r in tables.event_rows(store, EventFilter())]
        promises = [Promise(**p) for p in tables.promise_rows(store)]
        rec = Record(tables.documents(store), tables.document_actors(store),
                     [tables.to_actor(r) for r in tables.actor_rows(store)], events,
                     tables.offices(store, lex.office_abbreviations), _series(tables.series_rows(store)), promises,
                     store.also_at(), dict(store.execute("SELECT alias, target FROM aliases").fetchall()))
    return rec


def _series(rows: list[dict[str, Any]]) -> list[Series]:
    return [Series(**{**r, "editions": [Edition(**e) for e in r["editions"]]}) for r in rows]


@dataclass
class EventPage:
    """Events that pass a filter (one page of them when a limit was given), with the actors they name."""

    total: int
    rows: list[dict[str, Any]]
    """each event as the export writes it, its promise included"""
    actors: list[Actor]

    @property
    def events(self) -> list[Event]:
        return [tables.to_event(r) for r in self.rows]

    def record(self) -> Record:
        """A record holding just these events and actors, for the tables and pictures that take one."""
        return Record([], {}, self.actors, self.events, OfficeTable())


def _check_confidence(value: float) -> None:
    if not math.isfinite(value):
        raise InputError(f"min_confidence must be a number from 0 to 1, not {value}")


def _check_dates(*bounds: str | None) -> None:
    for bound in bounds:
        if bound is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", bound):
            raise InputError(f"'{bound}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")


def find_events(settings: Settings, country: Iterable[str] = (), kind: Iterable[str] = (), actor: str | None = None,
                since: str | None = None, until: str | None = None, min_confidence: float = 0.0, sources_min: int = 1,
                limit: int | None = None, offset: int = 0, flt: EventFilter | None = None,
                sort: str | None = None) -> EventPage:
    """Events that pass every filter, by SQL over the stored record: the work follows what is returned. `flt`
    (from accord.query) replaces the keyword filters; `sort` is a key of store.resolved.SORTS."""
    if flt is None:
        _check_dates(since, until)
        _check_confidence(min_confidence)
        flt = EventFilter(list(country), list(kind), actor, since, until, min_confidence, sources_min)
    with _reader(settings) as store:
        if not _tables_usable(store, settings):
            store.close()
            if sort or flt.q or any(list(v) for v in (flt.status, flt.people, flt.outlets, flt.years, flt.bands)):
                raise StoreError(f"{settings.db} was resolved with another actor dictionary or lexicon; run "
                                 "`accord rebuild` to search, sort or facet it with these")
            return _page_in_memory(record(settings), flt, limit, offset)
        flt = browse.prepared(store, flt)
        rows = tables.event_rows(store, flt, limit, offset, sort)
        total = len(rows) if limit is None else tables.count_events(store, flt)
        people = [tables.to_actor(r) for r in tables.actor_rows(store, [p for r in rows for p in r["participants"]])]
    return EventPage(total, rows, people)


def _page_in_memory(rec: Record, flt: EventFilter, limit: int | None, offset: int) -> EventPage:
    found = events(rec, flt.country, flt.kind, flt.actor, flt.since, flt.until, flt.min_confidence, flt.sources_min)
    promised = {p.plan: p for p in rec.promises}
    chosen = found[offset : offset + limit] if limit is not None else found
    named = {p for e in chosen for p in e.participants}
    return EventPage(len(found), [event_json(e, promised.get(e.id)) for e in chosen], [a for a in rec.actors if a.id in named])


def find_event(settings: Settings, event_id: str) -> dict[str, Any] | None:
    """One event as the export writes it; an id that was fused into another event answers with that event."""
    with _reader(settings) as store:
        if _tables_usable(store, settings):
            return tables.event_row(store, event_id)
    rec = record(settings)
    target = rec.aliases.get(event_id, event_id)
    promised = {p.plan: p for p in rec.promises}
    return next((event_json(e, promised.get(e.id)) for e in rec.events if e.id == target), None)


def actor_page(settings: Settings, q: str | None = None, limit: int | None = None, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Actors as the export writes them with their number of events: all, a page, or those a name matches."""
    with _reader(settings) as store:
        if not _tables_usable(store, settings):
            store.close()
            rec = record(settings)
            counts = Counter(p for e in rec.events for p in e.participants)
            found = find_actor(rec, q) if q else actors(rec)
            rows = [{**actor_json(a), "events": counts[a.id]} for a in found]
            return len(rows), rows[offset : offset + limit] if limit is not None else rows[offset:]
        if q:
            ids = tables.actor_ids_named(store, q, exact=True) or tables.actor_ids_named(store, q, exact=False)
            rows = sorted(tables.actor_rows(store, ids), key=lambda r: r["name"])
            total = len(rows)
            rows = rows[offset : offset + limit] if limit is not None else rows[offset:]
        else:
            total = int(store.execute("SELECT COUNT(*) FROM actors").fetchone()[0])
            sql = "SELECT data FROM actors ORDER BY name" + (" COLLATE \"C\"" if store.postgres else "") + ", id"
            params: tuple[Any, ...] = ()
            if limit is not None:
                sql, params = sql + " LIMIT ? OFFSET ?", (limit, offset)
            rows = [json.loads(d) for (d,) in store.execute(sql, params).fetchall()]
        per_actor = tables.event_counts(store, [r["id"] for r in rows])
    return total, [{**r, "events": per_actor.get(r["id"], 0)} for r in rows]


def actor_cards(settings: Settings, name: str) -> list[tuple[Actor, EventPage]]:
    """The actors a name matches (exactly, or else in part), each with its events."""
    with _reader(settings) as store:
        if not _tables_usable(store, settings):
            store.close()
            rec = record(settings)
            return [(a, EventPage(0, [event_json(e) for e in rec.events if a.id in e.participants], rec.actors))
                    for a in find_actor(rec, name)]
        ids = tables.actor_ids_named(store, name, exact=True) or tables.actor_ids_named(store, name, exact=False)
        out = []
        for row in tables.actor_rows(store, ids):
            rows = tables.events_of_actor(store, row["id"])
            people = [tables.to_actor(r) for r in tables.actor_rows(store, [p for r in rows for p in r["participants"]])]
            out.append((tables.to_actor(row), EventPage(len(rows), rows, people)))
    return out


def actor_by_id(settings: Settings, actor_id: str) -> dict[str, Any] | None:
    """One actor as the export writes it with the ids of its events; an old id of a joined actor resolves."""
    with _reader(settings) as store:
        if _tables_usable(store, settings):
            rows = tables.actor_rows(store, [tables.resolve_id(store, actor_id)])
            if not rows:
                return None
            return {**rows[0], "events": [r["id"] for r in tables.events_of_actor(store, rows[0]["id"])]}
    rec = record(settings)
    found = rec.actor(rec.aliases.get(actor_id, actor_id))
    if found is None:
        return None
    return {**actor_json(found), "events": [e.id for e in rec.events if found.id in e.participants]}


def promise_list(settings: Settings, status: str | None = None) -> list[dict[str, Any]]:
    with _reader(settings) as store:
        if _tables_usable(store, settings):
            return tables.promise_rows(store, status)
    from dataclasses import asdict

    return [asdict(p) for p in plans(record(settings), status)]


def series_list(settings: Settings) -> list[Series]:
    with _reader(settings) as store:
        if _tables_usable(store, settings):
            return _series(tables.series_rows(store))
    return record(settings).series


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
    _check_confidence(min_confidence)
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


@dataclass
class WatchReport:
    """One round of `accord watch run`: what each saved source gave and what each alert reported."""

    polled: list[str] = field(default_factory=list)
    new_addresses: dict[str, int] = field(default_factory=dict)
    errors: list[Skip] = field(default_factory=list)
    """One line per saved source that could not be read, and per alert that could not be delivered."""
    ingest: IngestReport | None = None
    reported: list[tuple[watch.Alert, dict]] = field(default_factory=list)
    """(alert, payload) per new matching event: the event as exported and the documents that report it."""

    @property
    def failed(self) -> bool:
        return bool(self.errors) or bool(self.ingest and self.ingest.failed)


def watch_run(settings: Settings | None = None, every_source: bool = False, on_item: OnItem | None = None,
              now: float | None = None) -> WatchReport:
    """Poll the saved sources that are due (all with `every_source`), ingest their new addresses once,
    then report to each alert the new events that match it.

    A source that fails is one error and the others go on; an address whose fetch failed in a way that
    may pass (a timeout, 429, 5xx) is tried again next round, every other address never again.
    """
    settings = settings or Settings.from_env()
    now = time.time() if now is None else now
    out = WatchReport()
    with Fetcher(settings) as fetcher:  # one per-host clock and one robots.txt read for the whole round
        with Store(settings.db) as store:
            links = {source.url: _poll(source, store, fetcher, out, on_item, now)
                     for source in watch.due(store, now, every_source)}
        everything = [link for found in links.values() for link in found]
        if everything:
            out.ingest = ingest([], settings, on_item, links=everything, fetcher=fetcher)
            with Store(settings.db) as store:
                for url, found in links.items():
                    watch.mark_seen(store, url, [x.url for x in found if x.url not in fetcher.transient])
    alerts_checked(settings, out)
    return out


def _poll(source: watch.Watched, store: Store, fetcher: Fetcher, out: WatchReport, on_item: OnItem | None,
          now: float) -> list[Link]:
    """The addresses a saved source gives that it never gave before; asked conditionally, so an unchanged feed
    answers 304 and gives none."""
    out.polled.append(source.url)
    known = watch.seen(store, source.url)
    answer = fetch_source(source.url, fetcher, source.validators)
    items = [answer] if isinstance(answer, Skip) else [] if answer.status == 304 else list(links_in(answer, fetcher))
    fresh: dict[str, Link] = {}
    error = None
    for item in items:
        if isinstance(item, Skip):
            out.errors.append(item)
            error = error or item.reason
            if on_item:
                on_item(item.source, item, None)
        elif item.url not in known:
            fresh.setdefault(item.url, item)
    out.new_addresses[source.url] = len(fresh)
    fresh_answer = isinstance(answer, Response) and answer.status == 200 and error is None
    watch.polled(store, source, now, error, answer.headers if isinstance(answer, Response) and fresh_answer else None)
    return list(fresh.values())


def alerts_checked(settings: Settings, out: WatchReport) -> None:
    """Each alert's new matching events, delivered; the record is resolved only when some alert has new documents."""
    with Store(settings.db) as store:
        pending = [(alert, watch.unseen(store, alert)) for alert in watch.alerts(store)]
    pending = [(alert, docs) for alert, docs in pending if docs]
    if not pending:
        return
    rec = record(settings)
    exported = {e["id"]: e for e in to_json(rec)["events"]}
    by_id = {d.id: d for d in rec.documents}
    with Store(settings.db) as store, Fetcher(settings) as fetcher:
        for alert, docs in pending:
            found = watch.new_events(events(rec, **alert.filters), docs)
            payloads = [{"alert": alert.id, "query": alert.query, "event": exported[e.id],
                         "documents": [{"id": d, "source": by_id[d].source, "title": by_id[d].title,
                                        "published": by_id[d].published}
                                       for d in dict.fromkeys(s.document for s in e.sources) if d in by_id]}
                        for e in found]
            failed = watch.deliver(alert, payloads, fetcher) if payloads else None
            if failed:
                out.errors.append(Skip(f"alert {alert.id}", failed))
                continue
            out.reported.extend((alert, p) for p in payloads)
            watch.consider(store, alert, docs)


def watch_add(url: str, every: str = "1h", settings: Settings | None = None) -> watch.Watched:
    settings = settings or Settings.from_env()
    with Store(settings.db) as store:
        return watch.add_source(store, url, watch.parse_every(every))


def watch_list(settings: Settings | None = None) -> list[watch.Watched]:
    with Store((settings or Settings.from_env()).db) as store:
        return watch.sources(store)


def watch_remove(url: str, settings: Settings | None = None) -> bool:
    with Store((settings or Settings.from_env()).db) as store:
        return watch.remove_source(store, url)


def alert_add(query: str, filters: dict | None = None, jsonl: str | None = None, webhook: str | None = None,
              settings: Settings | None = None) -> watch.Alert:
    """A saved query over events: the words of `query` (state codes, kinds, a name) merged with `filters`."""
    settings = settings or Settings.from_env()
    parsed = watch.parse_query(query, lexicon.get(settings).countries)
    defaults = {"actor": None, "since": None, "until": None, "min_confidence": 0.0, "sources_min": 1}
    for key, value in (filters or {}).items():
        if key in ("country", "kind"):
            parsed[key] = list(dict.fromkeys([*parsed[key], *(v.upper() if key == "country" else v for v in value)]))
        elif key not in defaults:
            raise InputError(f"unknown event filter '{key}'")
        elif value != defaults[key]:
            parsed[key] = value
    watch.check_filters(parsed)  # a bad date fails now, not at the first run
    with Store(settings.db) as store:
        return watch.add_alert(store, query, parsed, jsonl, webhook)


def alert_list(settings: Settings | None = None) -> list[watch.Alert]:
    with Store((settings or Settings.from_env()).db) as store:
        return watch.alerts(store)


def alert_remove(alert_id: int, settings: Settings | None = None) -> bool:
    with Store((settings or Settings.from_env()).db) as store:
        return watch.remove_alert(store, alert_id)


# The page's views (accord.browse): one filtered view of the record, by SQL.
event_page = browse.event_page
event_detail = browse.event_detail
facets = browse.facets
timeline = browse.timeline
graph = browse.graph
relationship = browse.relationship
export_view = browse.export_view
places = browse.places
