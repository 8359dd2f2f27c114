"""Shared fixtures: a temporary store, a CLI runner, the sample corpus when ../shared is present."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from accord.cli import cli
from accord.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTICLES = Path(__file__).parent / "articles"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


@pytest.fixture
def settings(db: str) -> Settings:
    return Settings.from_env(db=db)


@pytest.fixture
def run(db: str):
    """Run `accord --db <tmp> ARGS...`; returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--db", db, *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not present")
    return SHARED


def old_store(path: Path, version: int, documents_from: Path | None = None) -> None:
    """A SQLite store as an older schema wrote it: the meta and documents tables (schema 3 adds the tables of
    issue 7), optionally filled with the documents of a current store."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(version),))
        conn.execute("""CREATE TABLE documents (id TEXT PRIMARY KEY, source TEXT NOT NULL, fingerprint TEXT NOT NULL, title TEXT,
                     published TEXT, outlet TEXT, body TEXT NOT NULL, extraction TEXT NOT NULL, ingested_at TEXT NOT NULL)""")
        conn.execute("CREATE UNIQUE INDEX documents_fingerprint_unique ON documents(fingerprint)")
        if version >= 3:
            conn.execute("CREATE TABLE document_sources (document TEXT NOT NULL, source TEXT NOT NULL, "
                         "similarity TEXT NOT NULL, PRIMARY KEY (document, source))")
            conn.execute("CREATE TABLE files (path TEXT PRIMARY KEY, size BIGINT NOT NULL, mtime BIGINT NOT NULL)")
            conn.execute("CREATE TABLE signatures (document TEXT PRIMARY KEY, signature TEXT NOT NULL)")
        if documents_from is not None:
            conn.execute(f"ATTACH DATABASE '{documents_from}' AS new")
            conn.execute("INSERT INTO documents SELECT id, source, fingerprint, title, published, outlet, body, extraction, "
                         "ingested_at FROM new.documents")
