"""Shared fixtures: a temporary store, a CLI runner, the sample corpus when ../shared is present."""
from __future__ import annotations

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
