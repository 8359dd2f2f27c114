"""The store: SQLite by default, PostgreSQL by URL, with one schema and the same behaviour on both.

Each document is written in one transaction together with everything extracted
from it, so a crash never leaves half a document; a unique index on the text's
fingerprint keeps racing ingests from storing one article twice.

A document is kept while any place still carries its text: its `source` (the file or
JSONL line it was first read from) or any row of `document_sources` (an exact or near
copy found elsewhere). When its source changes, the next carrier takes its place; the
document goes only with its last carrier.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator
from urllib.parse import quote

from ..errors import StoreError
from ..records import Extraction, extraction_from_dict, to_dict
from .search import forget_document, index_document

if TYPE_CHECKING:
    from .resolution import Resolver

SCHEMA_VERSION = 7

# Statements run in order by migration; each list brings a store from schema n to n + 1.
# The SQL is written once for both SQLite and PostgreSQL, but for a pair (SQLite's, PostgreSQL's) where they differ.
MIGRATIONS: list[list[str | tuple[str, str]]] = [
    [
        """CREATE TABLE IF NOT EXISTS documents (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, fingerprint TEXT NOT NULL, title TEXT, published TEXT,
            outlet TEXT, body TEXT NOT NULL, extraction TEXT NOT NULL, ingested_at TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS documents_source ON documents(source)",
    ],
    [
        "DELETE FROM documents WHERE id NOT IN (SELECT MIN(id) FROM documents GROUP BY fingerprint)",
        "DROP INDEX IF EXISTS documents_fingerprint",
        "CREATE UNIQUE INDEX IF NOT EXISTS documents_fingerprint_unique ON documents(fingerprint)",
    ],
    [
        """CREATE TABLE IF NOT EXISTS document_sources (
            document TEXT NOT NULL, source TEXT NOT NULL, similarity TEXT NOT NULL, PRIMARY KEY (document, source))""",
        "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size BIGINT NOT NULL, mtime BIGINT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS signatures (document TEXT PRIMARY KEY, signature TEXT NOT NULL)",
    ],
    [
        # The resolved record, kept up to date as each document is stored (store/resolution.py) and read by SQL.
        "ALTER TABLE documents ADD COLUMN seq BIGINT",
        "CREATE INDEX IF NOT EXISTS documents_seq ON documents(seq)",
        "CREATE INDEX IF NOT EXISTS documents_published ON documents(published)",
        # what each document said, one row per actor mention and per event report, keyed by the block it falls in
        """CREATE TABLE IF NOT EXISTS mentions (document TEXT NOT NULL, local TEXT NOT NULL, seq BIGINT NOT NULL,
            n INTEGER NOT NULL, own TEXT NOT NULL, type TEXT NOT NULL, block TEXT NOT NULL, actor TEXT, data TEXT NOT NULL,
            PRIMARY KEY (document, local))""",
        "CREATE INDEX IF NOT EXISTS mentions_block ON mentions(block)",
        "CREATE INDEX IF NOT EXISTS mentions_actor ON mentions(actor)",
        "CREATE TABLE IF NOT EXISTS mention_keys (key TEXT NOT NULL, document TEXT NOT NULL, local TEXT NOT NULL, PRIMARY KEY (key, document, local))",
        """CREATE TABLE IF NOT EXISTS reports (document TEXT NOT NULL, local TEXT NOT NULL, seq BIGINT NOT NULL,
            n INTEGER NOT NULL, own TEXT NOT NULL, block TEXT NOT NULL, event TEXT, data TEXT NOT NULL,
            PRIMARY KEY (document, local))""",
        "CREATE INDEX IF NOT EXISTS reports_block ON reports(block, seq, n)",
        # the resolved record
        """CREATE TABLE IF NOT EXISTS actors (id TEXT PRIMARY KEY, sort_key TEXT NOT NULL, name TEXT NOT NULL,
            type TEXT NOT NULL, country TEXT, data TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS actors_sort ON actors(sort_key, id)",
        "CREATE TABLE IF NOT EXISTS actor_names (name TEXT NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (name, actor))",
        "CREATE INDEX IF NOT EXISTS actor_names_actor ON actor_names(actor)",
        """CREATE TABLE IF NOT EXISTS tenures (person TEXT NOT NULL, n INTEGER NOT NULL, office TEXT NOT NULL,
            country TEXT, first_seen TEXT, last_seen TEXT, from_dictionary INTEGER NOT NULL, PRIMARY KEY (person, n))""",
        "CREATE INDEX IF NOT EXISTS tenures_country ON tenures(country)",
        """CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, block TEXT NOT NULL, sort_key TEXT NOT NULL,
            kind TEXT NOT NULL, planned_kind TEXT, status TEXT NOT NULL, date TEXT, confidence REAL NOT NULL,
            documents INTEGER NOT NULL, conflict_key TEXT, promise_key TEXT, fused TEXT NOT NULL, data TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS events_sort ON events(sort_key, id)",
        "CREATE INDEX IF NOT EXISTS events_block ON events(block)",
        "CREATE INDEX IF NOT EXISTS events_conflict ON events(conflict_key)",
        "CREATE INDEX IF NOT EXISTS events_promise ON events(promise_key)",
        "CREATE TABLE IF NOT EXISTS event_countries (country TEXT NOT NULL, event TEXT NOT NULL, PRIMARY KEY (country, event))",
        "CREATE INDEX IF NOT EXISTS event_countries_event ON event_countries(event)",
        "CREATE TABLE IF NOT EXISTS event_actors (actor TEXT NOT NULL, event TEXT NOT NULL, PRIMARY KEY (actor, event))",
        "CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors(event)",
        "CREATE TABLE IF NOT EXISTS event_series (key TEXT NOT NULL, event TEXT NOT NULL, PRIMARY KEY (key, event))",
        "CREATE INDEX IF NOT EXISTS event_series_event ON event_series(event)",
        "CREATE TABLE IF NOT EXISTS document_actors (document TEXT NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (document, actor))",
        "CREATE INDEX IF NOT EXISTS document_actors_actor ON document_actors(actor)",
        "CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, target TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS aliases_target ON aliases(target)",
        "CREATE TABLE IF NOT EXISTS series (id TEXT PRIMARY KEY, sort_key TEXT NOT NULL, data TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS series_keys (key TEXT PRIMARY KEY, series TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS series_keys_series ON series_keys(series)",
        """CREATE TABLE IF NOT EXISTS promises (plan TEXT PRIMARY KEY, sort_key TEXT NOT NULL, status TEXT NOT NULL,
            due TEXT, data TEXT NOT NULL)""",
    ],
    [  # accord.watch: saved sources with the addresses already taken from them, saved queries with what they saw
        """CREATE TABLE IF NOT EXISTS watch_sources (
            url TEXT PRIMARY KEY, every BIGINT NOT NULL, next_due DOUBLE PRECISION NOT NULL, last_run TEXT,
            last_error TEXT, added_at TEXT NOT NULL, etag TEXT, modified TEXT)""",
        """CREATE TABLE IF NOT EXISTS watch_seen (
            source TEXT NOT NULL, url TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (source, url))""",
        """CREATE TABLE IF NOT EXISTS alerts (
            id BIGINT PRIMARY KEY, query TEXT NOT NULL, filters TEXT NOT NULL, jsonl TEXT, webhook TEXT,
            added_at TEXT NOT NULL)""",
        "CREATE TABLE IF NOT EXISTS alert_documents (alert BIGINT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (alert, document))",
    ],
    [
        # Changes are found by content hash; every carrier of a text names the file it was read from.
        "ALTER TABLE files ADD COLUMN digest TEXT",
        "ALTER TABLE documents ADD COLUMN file TEXT",
        "ALTER TABLE document_sources ADD COLUMN file TEXT",
        "CREATE INDEX IF NOT EXISTS documents_ingested ON documents(ingested_at)",
        "CREATE INDEX IF NOT EXISTS document_sources_source ON document_sources(source)",
        "ALTER TABLE signatures ADD COLUMN run TEXT",
    ],
    [
        # Full-text search (store/search.py): article titles and bodies, and each event's evidence sentences,
        # kept with the documents and events; FTS5 in SQLite, a tsvector with a GIN index in PostgreSQL.
        ("CREATE VIRTUAL TABLE IF NOT EXISTS search_documents USING fts5(document UNINDEXED, title, body, "
         "tokenize = 'porter unicode61')",
         "CREATE TABLE IF NOT EXISTS search_documents (document TEXT PRIMARY KEY, title TEXT, body TEXT, "
         "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || body)) STORED)"),
        ("CREATE VIRTUAL TABLE IF NOT EXISTS search_events USING fts5(event UNINDEXED, evidence, "
         "tokenize = 'porter unicode61')",
         "CREATE TABLE IF NOT EXISTS search_events (event TEXT PRIMARY KEY, evidence TEXT, "
         "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', evidence)) STORED)"),
        ("SELECT 1", "CREATE INDEX IF NOT EXISTS search_documents_tsv ON search_documents USING GIN (tsv)"),
        ("SELECT 1", "CREATE INDEX IF NOT EXISTS search_events_tsv ON search_events USING GIN (tsv)"),
        # (what is already stored is indexed by search.backfill, after these statements)
        # The facets and filters of the page read indexes alone (an event row carries its JSON, a scan of the
        # table reads it all): the columns a facet groups by, and each link table from the event's side.
        "CREATE INDEX IF NOT EXISTS events_facets ON events(id, status, kind, planned_kind, date, confidence, documents, "
        "sort_key)",
        "DROP INDEX IF EXISTS event_countries_event",
        "CREATE INDEX IF NOT EXISTS event_countries_event ON event_countries(event, country)",
        "DROP INDEX IF EXISTS event_actors_event",
        "CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors(event, actor)",
        "CREATE INDEX IF NOT EXISTS reports_document_event ON reports(document, event)",
        # the outlets of the articles that reported each event (written with the event, by store.resolution)
        "CREATE TABLE IF NOT EXISTS event_outlets (outlet TEXT NOT NULL, event TEXT NOT NULL, PRIMARY KEY (outlet, event))",
        "CREATE INDEX IF NOT EXISTS event_outlets_event ON event_outlets(event, outlet)",
        "INSERT INTO event_outlets SELECT DISTINCT d.outlet, r.event FROM reports r JOIN documents d ON d.id = r.document "
        "WHERE r.event IS NOT NULL AND d.outlet IS NOT NULL",
        # where each event took place for the map: the place's name (if any) and its state (else the event's first)
        "CREATE TABLE IF NOT EXISTS event_places (event TEXT PRIMARY KEY, name TEXT, country TEXT)",
        "CREATE INDEX IF NOT EXISTS event_places_place ON event_places(name, country, event)",
        ("INSERT INTO event_places SELECT id, json_extract(data, '$.location.name'), COALESCE(json_extract(data, "
         "'$.location.country'), json_extract(data, '$.countries[0]')) FROM events",
         "INSERT INTO event_places SELECT id, data::json->'location'->>'name', COALESCE(data::json->'location'->>'country', "
         "data::json->'countries'->>0) FROM events"),
    ],
]


def _write_ahead(conn: sqlite3.Connection, wait: float = 60.0) -> None:
    """Switch a SQLite store to WAL. Two first runs that open a new file together can find it locked, and the
    switch fails at once instead of waiting on the busy timeout; it is tried again for up to `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def _hint(message: str) -> str:
    lowered = message.lower()
    if "full" in lowered or "no space" in lowered:
        return "; free some disk space and run again (what was stored before is kept)"
    if "disk i/o error" in lowered:
        return "; the disk may be full, read-only or failing (what was stored before is kept)"
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return "; the file is damaged: restore it from a copy or use a new store"
    if "connection" in lowered or "closed" in lowered or "terminat" in lowered:
        return "; the database connection was lost: run again when the server is back (what was stored is kept)"
    return ""


def _database_error(err: BaseException) -> bool:
    return isinstance(err, sqlite3.DatabaseError) or type(err).__module__.startswith("psycopg")


@dataclass(frozen=True)
class Saved:
    """What `Store.save` did: `stored` a new document, or found the same text (`copy_of`, 1.0) or a near
    copy stored by another run (`copy_of`, its similarity) and kept this source as another place for it."""

    stored: bool
    copy_of: str | None = None
    similarity: float = 1.0
    added: bool = False
    """True when the source was new for that document."""

    def __bool__(self) -> bool:
        return self.stored


NearCopy = Callable[[list[tuple[str, str]]], "tuple[str, float] | None"]
"""Given (document, signature) rows stored by other runs, the one a text nearly repeats, if any."""


class Store:
    """Open with `Store(path_or_url)`; an older store is migrated, one written by a newer Accord is refused.

    `Store(target, readonly=True)` is what every read path uses: it never creates, migrates or writes
    (SQLite `mode=ro`, a PostgreSQL session of read-only transactions), so a store in a read-only
    folder is read fine and a mistyped path is an error, not a new empty store.

    Every database failure (disk full, a damaged file, a lost connection) comes out as a one-line StoreError
    after the open transaction is rolled back, so the store stays as it was before the failed document.
    """

    def __init__(self, target: str | Path, readonly: bool = False, check_version: bool = True):
        self.path = str(target)
        self.readonly = readonly
        self.postgres = self.path.startswith(("postgresql://", "postgres://"))
        try:
            if readonly:
                self.conn = self._connect_readonly()
                self._check_version(check_version)
                # one snapshot for everything this read asks, however many statements it takes
                self.execute("BEGIN READ ONLY" if self.postgres else "BEGIN")
            else:
                self.conn = self._connect()
                self._migrate()
        except StoreError:
            raise
        except (sqlite3.DatabaseError, OSError) as err:
            raise StoreError(f"cannot open store {self.path}: {_first_line(err)}{_hint(str(err))}") from err
        except Exception as err:
            if self.postgres and type(err).__module__.startswith("psycopg"):
                raise StoreError(f"cannot open store {self.path}: {_first_line(err)}{_hint(str(err))}") from err
            raise

    def _connect(self) -> Any:
        if self.postgres:
            import psycopg

            return psycopg.connect(self.path, autocommit=True)
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=60000")
        _write_ahead(conn)
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _connect_readonly(self) -> Any:
        if self.postgres:
            import psycopg

            pg = psycopg.connect(self.path, autocommit=True)
            pg.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            return pg
        if not os.path.isfile(self.path):
            raise StoreError(f"no store at {self.path}; run accord ingest first")
        uri = f"file:{quote(os.path.abspath(self.path))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=60000")
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A WAL store in a folder we cannot write: its shared-memory file cannot be made, and
            # nobody can be writing there either, so the file is read as it stands.
            conn.close()
            conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn

    def _check_version(self, check: bool = True) -> None:
        """A read-only open refuses what it would have to change: a missing, older or newer store."""
        if self.postgres:
            found = self.execute("SELECT to_regclass('meta')").fetchone()[0] is not None
        else:
            found = self.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is not None
        if not found:
            raise StoreError(f"no store at {self.path}; run accord ingest first")
        version = self.version()
        if not check:
            return
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema {version}, newer than this Accord knows ({SCHEMA_VERSION}); "
                             "upgrade Accord to open it")
        if version < SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema {version}, older than this Accord's ({SCHEMA_VERSION}); "
                             f"run accord --db {self.path} migrate")

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        try:
            if self.postgres:
                return self.conn.execute(sql.replace("?", "%s"), params)
            return self.conn.execute(sql, params)
        except sqlite3.IntegrityError:
            raise
        except Exception as err:
            if type(err).__name__ == "UniqueViolation" or not _database_error(err):
                raise
            raise StoreError(f"store {self.path}: {_first_line(err)}{_hint(str(err))}") from err

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """All rows at once: a lazy cursor would raise its database errors outside `execute`."""
        cursor = self.execute(sql, params)
        try:
            return list(cursor.fetchall())
        except Exception as err:
            if not _database_error(err):
                raise
            raise StoreError(f"store {self.path}: {_first_line(err)}{_hint(str(err))}") from err

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _begin(self) -> None:
        if self.postgres:
            self.execute("BEGIN")
            self.execute("LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE")
        else:
            self.execute("BEGIN IMMEDIATE")

    def _in_transaction(self) -> bool:
        if self.postgres:
            from psycopg.pq import TransactionStatus

            return self.conn.info.transaction_status != TransactionStatus.IDLE
        return bool(self.conn.in_transaction)

    def rollback(self) -> None:
        """Roll back if a transaction is still open: SQLite ends one by itself on a full disk, and a second
        ROLLBACK would hide the real error behind 'cannot rollback - no transaction is active'."""
        try:
            if self._in_transaction():
                self.conn.execute("ROLLBACK")
        except Exception as err:  # noqa: BLE001 - the error that made us roll back is the one to report
            if not _database_error(err):
                raise

    def version(self) -> int:
        row = self._one("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        if self.postgres:
            # Two first runs at once on a new database would both create the tables (and one fail on PostgreSQL's
            # catalogue): the second waits for the first under a lock held to the end of the transaction.
            self.execute("BEGIN")
            self.execute("SELECT pg_advisory_xact_lock(7140014)")
            self.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        else:
            self.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            if self.version() == SCHEMA_VERSION:
                return
            self.execute("BEGIN IMMEDIATE")
        try:
            version = self.version()
            if version > SCHEMA_VERSION:
                raise StoreError(f"store {self.path} has schema {version}, newer than this Accord knows ({SCHEMA_VERSION}); "
                                 "upgrade Accord to open it")
            if version < SCHEMA_VERSION:
                for statements in MIGRATIONS[version:]:
                    for sql in statements:
                        self.execute(sql if isinstance(sql, str) else sql[self.postgres])
                if version < 7:
                    from .search import backfill

                    backfill(self)
                self.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             (str(SCHEMA_VERSION),))
            self.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self) -> str:
        """The database's own integrity check: 'ok' for a sound store."""
        if self.postgres:
            return "ok" if self._one("SELECT 1") else "unreachable"
        return str(self._one("PRAGMA integrity_check")[0])

    def has(self, fingerprint: str) -> bool:
        return self._one("SELECT 1 FROM documents WHERE fingerprint = ?", (fingerprint,)) is not None

    def _detach(self, source: str, keep: str | None = None, resolver: "Resolver | None" = None) -> int:
        """`source` no longer carries the documents it carried (but `keep`): each such document passes to its
        next carrier, or goes when it has none left. Runs inside the caller's transaction; returns how many went."""
        went = 0
        self.execute("DELETE FROM document_sources WHERE source = ? AND document != ?", (source, keep or ""))
        for (old,) in self._rows("SELECT id FROM documents WHERE source = ? AND id != ?", (source, keep or "")):
            heir = self._one("SELECT source, file FROM document_sources WHERE document = ? ORDER BY source LIMIT 1", (old,))
            if heir is not None:
                self.execute("UPDATE documents SET source = ?, file = ? WHERE id = ?", (heir[0], heir[1], old))
                self.execute("DELETE FROM document_sources WHERE document = ? AND source = ?", (old, heir[0]))
            else:
                self.execute("DELETE FROM signatures WHERE document = ?", (old,))
                self.execute("DELETE FROM documents WHERE id = ?", (old,))
                forget_document(self, old)
                if resolver is not None:
                    resolver.remove(old)
                went += 1
        return went

    def _carry(self, document: str, source: str, similarity: float, file: str | None, resolver: "Resolver | None" = None) -> bool:
        """Record `source` as another place of `document` (inside a transaction); False when already known."""
        known = self._one("SELECT 1 FROM document_sources WHERE document = ? AND source = ?", (document, source))
        same = self._one("SELECT 1 FROM documents WHERE id = ? AND source = ?", (document, source))
        if known or same:
            return False
        if self._detach(source, document, resolver) and resolver is not None:
            self._resolved(resolver)
        self.execute("INSERT INTO document_sources (document, source, similarity, file) VALUES (?, ?, ?, ?)",
                     (document, source, f"{similarity:.2f}", file))
        return True

    def _resolved(self, resolver: "Resolver") -> None:
        """Bring the resolved record up to date inside the open transaction, after documents came or went."""
        resolver.update()
        self.set_meta("newest", self.newest() or "")

    def save(self, extraction: Extraction, signature: str | None = None, near: NearCopy | None = None,
             since: str | None = None, run: str | None = None, resolver: "Resolver | None" = None) -> Saved:
        """Store one document and all it yielded, in one transaction; falsy when it was not stored.

        The same text already stored (by this run or another) keeps this source as another place for it, and so
        does a near copy that another run (not `run`) stored after `since` (`near` judges the signatures): near-duplicates
        are checked under the store's write lock, so two runs at once cannot both store one story. The document this
        source carried before passes to its next carrier, or goes. With a `resolver`, the resolved record is
        brought up to date in the same transaction.
        """
        art = extraction.article
        self._begin()
        try:
            row = self._one("SELECT id FROM documents WHERE fingerprint = ?", (art.fingerprint,))
            if row is not None:
                added = self._carry(row[0], art.source, 1.0, art.file, resolver)
                self.execute("COMMIT")
                return Saved(False, row[0], 1.0, added)
            if near is not None and since is not None:
                fresh = self._rows("SELECT s.document, s.signature FROM signatures s JOIN documents d ON d.id = s.document "
                                   "WHERE d.ingested_at >= ? AND d.source != ? AND (s.run IS NULL OR s.run != ?)",
                                   (since, art.source, run or ""))
                found = near(fresh) if fresh else None
                if found is not None:
                    added = self._carry(found[0], art.source, found[1], art.file, resolver)
                    self.execute("COMMIT")
                    return Saved(False, found[0], found[1], added)
            self._detach(art.source, None, resolver)
            seq = int(self._one("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents")[0])
            self.execute("INSERT INTO documents (id, source, fingerprint, title, published, outlet, body, extraction, "
                         "ingested_at, seq, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (art.id, art.source, art.fingerprint, art.title, art.published, art.outlet, art.body,
                          json.dumps(to_dict(extraction), ensure_ascii=False), datetime.now(timezone.utc).isoformat(), seq,
                          art.file))
            self.execute("DELETE FROM document_sources WHERE document = ? AND source = ?", (art.id, art.source))
            index_document(self, art.id, art.title, art.body)
            if signature is not None:
                self.execute("INSERT INTO signatures (document, signature, run) VALUES (?, ?, ?)", (art.id, signature, run))
            if resolver is not None:
                resolver.add(extraction, seq)
                self._resolved(resolver)
            self.execute("COMMIT")
        except Exception as err:
            self.rollback()
            if isinstance(err, sqlite3.IntegrityError) or type(err).__name__ == "UniqueViolation":
                return Saved(False)
            raise
        return Saved(True)

    def replace_extraction(self, extraction: Extraction) -> None:
        """What a new model found in a stored article (the record is re-derived afterwards by a rebuild)."""
        self.execute("UPDATE documents SET extraction = ? WHERE id = ?",
                     (json.dumps(to_dict(extraction), ensure_ascii=False), extraction.article.id))

    def newest(self) -> str | None:
        """The publication date of the newest article: promises not kept are due or not against it."""
        row = self.execute("SELECT MAX(published) FROM documents").fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def add_source(self, document: str, source: str, similarity: float, file: str | None = None,
                   resolver: "Resolver | None" = None) -> bool:
        """Record another place the same story was found; False when it was already known."""
        self._begin()
        try:
            added = self._carry(document, source, similarity, file, resolver)
            self.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise
        return added

    def prune(self, file: str, kept: set[str], resolver: "Resolver | None" = None) -> int:
        """After a whole read of `file`: the sources it no longer carries (a JSONL line deleted, a text that is
        now skipped) stop carrying their documents. Returns how many documents went with them."""
        gone = {s for (s,) in self._rows("SELECT source FROM documents WHERE file = ? UNION "
                                           "SELECT source FROM document_sources WHERE file = ?", (file, file))} - kept
        if not gone:
            return 0
        self._begin()
        try:
            went = sum(self._detach(source, None, resolver) for source in sorted(gone))
            if went and resolver is not None:
                self._resolved(resolver)
            self.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise
        return went

    def files_of(self, document: str) -> set[str]:
        """The files that carry a document's text."""
        return {f for (f,) in self._rows("SELECT file FROM documents WHERE id = ? UNION SELECT file FROM document_sources "
                                         "WHERE document = ?", (document, document)) if f}

    def source_of(self, document: str) -> str | None:
        row = self._one("SELECT source FROM documents WHERE id = ?", (document,))
        return row[0] if row else None

    def also_at(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for document, source in self._rows("SELECT document, source FROM document_sources ORDER BY document, source"):
            found.setdefault(document, []).append(source)
        return found

    def signatures(self) -> Iterator[tuple[str, str]]:
        yield from self._rows("SELECT document, signature FROM signatures")

    def unsigned(self) -> list[tuple[str, str]]:
        """(document, body) of documents without a near-duplicate signature (stores from before signatures)."""
        return self._rows("SELECT id, body FROM documents WHERE id NOT IN (SELECT document FROM signatures)")

    def add_signature(self, document: str, signature: str) -> None:
        self.execute("INSERT INTO signatures (document, signature) VALUES (?, ?) ON CONFLICT (document) DO NOTHING",
                     (document, signature))

    def backfill_files(self) -> None:
        """Name the file of documents stored before files were recorded (schema 3), from their extraction."""
        for doc, data in self._rows("SELECT id, extraction FROM documents WHERE file IS NULL"):
            file = json.loads(data).get("article", {}).get("file")
            if file:
                self.execute("UPDATE documents SET file = ? WHERE id = ?", (file, doc))
        known = {p for (p,) in self._rows("SELECT path FROM files")}
        for doc, source in self._rows("SELECT document, source FROM document_sources WHERE file IS NULL"):
            file = source if source in known else source.rsplit(":", 1)[0]
            if file in known:
                self.execute("UPDATE document_sources SET file = ? WHERE document = ? AND source = ?", (file, doc, source))

    def file_seen(self, path: str, size: int, mtime: int, digest: str | None = None) -> bool:
        """Unchanged since it was last read whole: the same content hash (or size and time when no hash is given)."""
        row = self._one("SELECT size, mtime, digest FROM files WHERE path = ?", (path,))
        if row is None or int(row[0]) != size:
            return False
        return row[2] == digest if digest is not None else int(row[1]) == mtime

    def remember_file(self, path: str, size: int, mtime: int, digest: str | None = None) -> None:
        self.execute("INSERT INTO files VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, "
                     "mtime = excluded.mtime, digest = excluded.digest", (path, size, mtime, digest))

    def fresh_since(self) -> str:
        """A time mark for `save(since=...)`: documents another run stores from now on are at or after it. The
        minute of margin covers a transaction that took its time stamp before this mark and committed after."""
        return (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat()

    def extractions(self) -> Iterator[Extraction]:
        """Every document in the order it was first stored: what resolution derives ids from."""
        for data, source in self._rows("SELECT extraction, source FROM documents ORDER BY seq, source, id"):
            extraction = extraction_from_dict(json.loads(data))
            extraction.article.source = source  # the next carrier, when the first one changed
            yield extraction

    def number_documents(self) -> None:
        """Give documents stored before schema 4 their place in the order of storing."""
        rows = self.execute("SELECT id FROM documents WHERE seq IS NULL ORDER BY ingested_at, source, id").fetchall()
        if rows:
            start = int(self.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0])
            for n, (doc,) in enumerate(rows, start + 1):
                self.execute("UPDATE documents SET seq = ? WHERE id = ?", (n, doc))

    def revision(self) -> tuple[int, str | None]:
        """Changes whenever a document is added or replaced."""
        row = self._one("SELECT COUNT(*), MAX(ingested_at) FROM documents")
        return int(row[0]), row[1]

    def count(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM documents")[0])
