"""The store: SQLite by default, PostgreSQL by URL, with one schema and the same behaviour on both.

Each document is written in one transaction together with everything extracted
from it, so a crash never leaves half a document; a unique index on the text's
fingerprint keeps racing ingests from storing one article twice.
"""
from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator
from urllib.parse import quote

from ..errors import StoreError
from ..records import Extraction, extraction_from_dict, to_dict

if TYPE_CHECKING:
    from .resolution import Resolver

SCHEMA_VERSION = 5

# Statements run in order by migration; each list brings a store from schema n to n + 1.
# The SQL is written once for both SQLite and PostgreSQL.
MIGRATIONS: list[list[str]] = [
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
]


class Store:
    """Open with `Store(path_or_url)`; an older store is migrated, one written by a newer Accord is refused.

    `Store(target, readonly=True)` is what every read path uses: it never creates, migrates or writes
    (SQLite `mode=ro`, a PostgreSQL session of read-only transactions), so a store in a read-only
    folder is read fine and a mistyped path is an error, not a new empty store.
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
        except (sqlite3.DatabaseError, OSError) as err:
            raise StoreError(f"cannot open store {self.path}: {err}") from err
        except Exception as err:
            if self.postgres and type(err).__module__.startswith("psycopg"):
                raise StoreError(f"cannot open store {self.path}: {str(err).strip().splitlines()[0]}") from err
            raise

    def _connect(self) -> Any:
        if self.postgres:
            import psycopg

            return psycopg.connect(self.path, autocommit=True)
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=60000")
        conn.execute("PRAGMA journal_mode=WAL")
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
        if self.postgres:
            return self.conn.execute(sql.replace("?", "%s"), params)
        return self.conn.execute(sql, params)

    def _begin(self) -> None:
        if self.postgres:
            self.execute("BEGIN")
            self.execute("LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE")
        else:
            self.execute("BEGIN IMMEDIATE")

    def version(self) -> int:
        row = self.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        self.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        if self.version() == SCHEMA_VERSION:
            return
        self.execute("BEGIN" if self.postgres else "BEGIN IMMEDIATE")
        try:
            version = self.version()
            if version > SCHEMA_VERSION:
                raise StoreError(f"store {self.path} has schema {version}, newer than this Accord knows ({SCHEMA_VERSION}); "
                                 "upgrade Accord to open it")
            for statements in MIGRATIONS[version:]:
                for sql in statements:
                    self.execute(sql)
            self.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         (str(SCHEMA_VERSION),))
            self.execute("COMMIT")
        except BaseException:
            self.execute("ROLLBACK")
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
            return "ok" if self.execute("SELECT 1").fetchone() else "unreachable"
        return self.execute("PRAGMA integrity_check").fetchone()[0]

    def has(self, fingerprint: str) -> bool:
        return self.execute("SELECT 1 FROM documents WHERE fingerprint = ?", (fingerprint,)).fetchone() is not None

    def save(self, extraction: Extraction, signature: str | None = None, resolver: "Resolver | None" = None) -> bool:
        """Store one document and all it yielded; False when the same text is already stored.

        A changed file at a known source replaces the old version in the same transaction. With a
        `resolver`, the resolved record is brought up to date in that transaction too.
        """
        art = extraction.article
        self._begin()
        try:
            if self.execute("SELECT 1 FROM documents WHERE fingerprint = ?", (art.fingerprint,)).fetchone():
                self.execute("ROLLBACK")
                return False
            for (old,) in self.execute("SELECT id FROM documents WHERE source = ?", (art.source,)).fetchall():
                self.execute("DELETE FROM signatures WHERE document = ?", (old,))
                self.execute("DELETE FROM document_sources WHERE document = ?", (old,))
                if resolver is not None:
                    resolver.remove(old)
            self.execute("DELETE FROM documents WHERE source = ?", (art.source,))
            seq = int(self.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents").fetchone()[0])
            self.execute("INSERT INTO documents (id, source, fingerprint, title, published, outlet, body, extraction, "
                         "ingested_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (art.id, art.source, art.fingerprint, art.title, art.published, art.outlet, art.body,
                          json.dumps(to_dict(extraction), ensure_ascii=False), datetime.now(timezone.utc).isoformat(), seq))
            if signature is not None:
                self.execute("INSERT INTO signatures VALUES (?, ?)", (art.id, signature))
            if resolver is not None:
                resolver.add(extraction, seq)
                resolver.update()
                self.set_meta("newest", self.newest() or "")
            self.execute("COMMIT")
        except Exception as err:
            self.execute("ROLLBACK")
            if "unique" in str(err).lower() or isinstance(err, sqlite3.IntegrityError):
                return False
            raise
        return True

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

    def add_source(self, document: str, source: str, similarity: float) -> bool:
        """Record another place the same story was found; False when it was already known."""
        self._begin()
        try:
            known = self.execute("SELECT 1 FROM document_sources WHERE document = ? AND source = ?", (document, source)).fetchone()
            same = self.execute("SELECT 1 FROM documents WHERE id = ? AND source = ?", (document, source)).fetchone()
            if not known and not same:
                self.execute("INSERT INTO document_sources VALUES (?, ?, ?)", (document, source, f"{similarity:.2f}"))
            self.execute("COMMIT")
        except BaseException:
            self.execute("ROLLBACK")
            raise
        return not known and not same

    def source_of(self, document: str) -> str | None:
        row = self.execute("SELECT source FROM documents WHERE id = ?", (document,)).fetchone()
        return row[0] if row else None

    def also_at(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for document, source in self.execute("SELECT document, source FROM document_sources ORDER BY document, source"):
            found.setdefault(document, []).append(source)
        return found

    def signatures(self) -> Iterator[tuple[str, str]]:
        yield from self.execute("SELECT document, signature FROM signatures").fetchall()

    def file_seen(self, path: str, size: int, mtime: int) -> bool:
        row = self.execute("SELECT size, mtime FROM files WHERE path = ?", (path,)).fetchone()
        return row is not None and (int(row[0]), int(row[1])) == (size, mtime)

    def remember_file(self, path: str, size: int, mtime: int) -> None:
        self.execute("INSERT INTO files VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, "
                     "mtime = excluded.mtime", (path, size, mtime))

    def extractions(self) -> Iterator[Extraction]:
        """Every document in the order it was first stored: what resolution derives ids from."""
        for (data,) in self.execute("SELECT extraction FROM documents ORDER BY seq, source, id").fetchall():
            yield extraction_from_dict(json.loads(data))

    def number_documents(self) -> None:
        """Give documents stored before schema 4 their place in the order of storing."""
        rows = self.execute("SELECT id FROM documents WHERE seq IS NULL ORDER BY ingested_at, source, id").fetchall()
        if rows:
            start = int(self.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0])
            for n, (doc,) in enumerate(rows, start + 1):
                self.execute("UPDATE documents SET seq = ? WHERE id = ?", (n, doc))

    def revision(self) -> tuple[int, str | None]:
        """Changes whenever a document is added or replaced."""
        row = self.execute("SELECT COUNT(*), MAX(ingested_at) FROM documents").fetchone()
        return int(row[0]), row[1]

    def count(self) -> int:
        return int(self.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
