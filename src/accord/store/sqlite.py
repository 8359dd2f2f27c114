"""The store: one SQLite file in WAL mode; each document is written in one transaction with all it yielded."""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ..errors import StoreError
from ..records import Extraction, extraction_from_dict, to_dict

SCHEMA_VERSION = 2


def _v1(conn: sqlite3.Connection) -> None:
    """Documents, each with the whole extraction as JSON, so a document and its events are one row."""
    conn.execute("""CREATE TABLE IF NOT EXISTS documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        title TEXT,
        published TEXT,
        outlet TEXT,
        body TEXT NOT NULL,
        extraction TEXT NOT NULL,
        ingested_at TEXT NOT NULL)""")
    conn.execute("CREATE INDEX IF NOT EXISTS documents_source ON documents(source)")


def _v2(conn: sqlite3.Connection) -> None:
    """One row per text, enforced by the database: two ingests racing on one article cannot both store it."""
    conn.execute("DELETE FROM documents WHERE rowid NOT IN (SELECT MIN(rowid) FROM documents GROUP BY fingerprint)")
    conn.execute("DROP INDEX IF EXISTS documents_fingerprint")
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS documents_fingerprint_unique ON documents(fingerprint)")


MIGRATIONS = [_v1, _v2]
"""MIGRATIONS[n] brings a store from schema n to n + 1."""


class Store:
    """Open with `Store(path)`; an older store is migrated, one written by a newer Accord is refused."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self.conn.execute("PRAGMA busy_timeout=60000")
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot open store {self.path}: {err}") from err

    def version(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            version = self.version()
            if version > SCHEMA_VERSION:
                raise StoreError(f"store {self.path} has schema {version}, newer than this Accord knows ({SCHEMA_VERSION}); "
                                 "upgrade Accord to open it")
            for step in MIGRATIONS[version:]:
                step(self.conn)
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self) -> str:
        """SQLite's own integrity check: 'ok' for a sound file."""
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]

    def has(self, fingerprint: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE fingerprint = ?", (fingerprint,)).fetchone() is not None

    def save(self, extraction: Extraction) -> bool:
        """Store one document and all it yielded; False when the same text is already stored.

        A changed file at a known source replaces the old version in the same transaction.
        """
        art = extraction.article
        with closing(self.conn.cursor()) as cur:
            cur.execute("BEGIN IMMEDIATE")
            try:
                if cur.execute("SELECT 1 FROM documents WHERE fingerprint = ?", (art.fingerprint,)).fetchone():
                    cur.execute("ROLLBACK")
                    return False
                cur.execute("DELETE FROM documents WHERE source = ?", (art.source,))
                cur.execute(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (art.id, art.source, art.fingerprint, art.title, art.published, art.outlet, art.body,
                     json.dumps(to_dict(extraction), ensure_ascii=False), datetime.now(timezone.utc).isoformat()),
                )
                cur.execute("COMMIT")
            except sqlite3.IntegrityError:
                cur.execute("ROLLBACK")
                return False
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        return True

    def extractions(self) -> Iterator[Extraction]:
        for (data,) in self.conn.execute("SELECT extraction FROM documents ORDER BY source, id"):
            yield extraction_from_dict(json.loads(data))

    def revision(self) -> tuple[int, str | None]:
        """Changes whenever a document is added or replaced."""
        row = self.conn.execute("SELECT COUNT(*), MAX(ingested_at) FROM documents").fetchone()
        return int(row[0]), row[1]

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
