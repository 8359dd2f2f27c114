"""Scale (issue 7): both stores behave the same, near-duplicates, incremental runs, process and Dask engines."""
from __future__ import annotations

import json
import os
import shutil
import sys
import uuid
from pathlib import Path

import pytest

from accord import api
from accord.ingest import read as reader
from accord.records import Article, Extraction
from accord.settings import Settings
from accord.store.database import SCHEMA_VERSION, Store
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import write as generate  # noqa: E402

PG_ADMIN = os.environ.get("ACCORD_TEST_PG", "postgresql:///accord_test?host=/var/run/postgresql")


def _pg_url() -> str:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            name = f"accord_{uuid.uuid4().hex[:10]}"
            conn.execute(f"CREATE DATABASE {name}")
    except Exception as err:  # noqa: BLE001 - any failure to reach a server means the backend cannot be tested here
        pytest.skip(f"no PostgreSQL server at {PG_ADMIN} ({str(err).strip().splitlines()[0]}); `make test` starts one")
    return PG_ADMIN.replace("/accord_test", f"/{name}")


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return _pg_url()


def _extraction(n: int, source: str, text: str = "body") -> Extraction:
    article = Article(id=f"d{n}", source=source, body=f"{text} {n}", fingerprint=f"fp{n}-{text}", published="2024-01-02")
    return Extraction(article=article, actors=[], events=[])


def test_store_behaves_the_same_on_both_backends(target):
    with Store(target) as store:
        assert store.version() == SCHEMA_VERSION and store.check() == "ok"
        assert store.save(_extraction(1, "a.txt"), signature="00ff")
        assert not store.save(_extraction(1, "a.txt"), signature="00ff")
        assert store.has("fp1-body") and store.count() == 1
        assert store.save(_extraction(2, "a.txt", "changed"))
        assert store.count() == 1 and not store.has("fp1-body")
        assert store.add_source("d2", "mirror.html", 0.93) and not store.add_source("d2", "mirror.html", 0.93)
        assert store.also_at() == {"d2": ["mirror.html"]}
        store.remember_file("a.txt", 10, 123)
        assert store.file_seen("a.txt", 10, 123) and not store.file_seen("a.txt", 11, 123)
        assert [x.article.id for x in store.extractions()] == ["d2"]
        revision = store.revision()
        store.save(_extraction(3, "b.txt"))
        assert store.revision() != revision
    with Store(target) as again:
        assert again.count() == 2


def test_every_path_writes_the_same_record(tmp_path):
    """One process, a pool of two, Dask and PostgreSQL on the same articles: the same record, ids included."""
    corpus = tmp_path / "corpus"
    generate(corpus, 12, seed=11)
    local, pool, dask = (Settings.from_env(db=str(tmp_path / f"{n}.db"), batch_size=4) for n in ("local", "pool", "dask"))
    postgres = Settings.from_env(db=_pg_url(), batch_size=4)
    runs = [(local, {}), (pool, {"jobs": 2}), (dask, {"engine": "dask", "jobs": 2}), (postgres, {})]
    for settings, how in runs:
        assert api.ingest([str(corpus)], settings, **how).stored == 12
    first, *others = (api.export(api.record(settings)) for settings, _ in runs)
    assert first["events"] and all(other == first for other in others)


WIRE = """Greece and Egypt sign naval cooperation plan

Published June 1, 2023

ATHENS (Wire) - Greece and Egypt on Wednesday signed a plan for naval cooperation that covers joint patrols, search and
rescue in the eastern Mediterranean and the exchange of officers between the two navies, the Greek defence ministry said.

Greek Defence Minister Nikos Dendias met Egyptian Defence Minister Mohamed Zaki in Athens on Wednesday and praised
Egypt's contribution to regional security. The two ministers agreed to expand cooperation in training and defence
industry, and said their navies would hold a joint exercise near Crete later this year.

Officials said the plan builds on a maritime agreement the two countries signed in 2020 and on a series of joint drills.
"""


def test_syndicated_copy_is_stored_once_with_both_sources(run, tmp_path):
    tmp_path = tmp_path / "articles"
    tmp_path.mkdir()
    (tmp_path / "site-a.txt").write_text(WIRE)
    (tmp_path / "site-b.txt").write_text(WIRE.replace("Greece and Egypt sign naval cooperation plan", "Athens and Cairo deepen naval ties")
                                         .replace("(Wire)", "(Agencies)") + "\nRead more on our defence page.\n")
    other = WIRE.split("\n\n")[0] + "\n\nPublished June 2, 2023\n\nCAIRO: Egyptian Defence Minister Mohamed Zaki returned from Athens " \
        "on Thursday after talks with his Greek counterpart Nikos Dendias, which he praised as a turning point for the " \
        "partnership between Egypt and Greece. He said the navies of the two countries would hold a joint exercise this year.\n"
    (tmp_path / "site-c.txt").write_text(other)
    result = run("ingest", str(tmp_path))
    assert "2 stored" in result.output and "1 near-duplicates" in result.output and "near-duplicate of" in result.output
    docs = json.loads(run("export").output)["documents"]
    assert len(docs) == 2
    copy = next(d for d in docs if d["also_at"])
    assert Path(copy["source"]).name == "site-a.txt" and Path(copy["also_at"][0]).name == "site-b.txt"


def test_second_run_reads_only_new_or_changed_files(run, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    generate(corpus, 6, seed=9)
    assert "6 stored" in run("ingest", str(corpus)).output
    generate(corpus / "more", 2, seed=10)
    (corpus / "article-9-000000.txt").write_text((corpus / "article-9-000000.txt").read_text() + "\nA late correction.\n")
    opened: list[str] = []
    real = reader.read

    def spy(path, max_bytes):
        opened.append(Path(path).name)
        return real(path, max_bytes)
    monkeypatch.setattr(reader, "read", spy)
    result = run("ingest", str(corpus))
    assert sorted(opened) == ["article-10-000000.txt", "article-10-000001.txt", "article-9-000000.txt"]
    assert "3 stored, 5 unchanged" in result.output


def test_articles_about_no_two_states_are_left_out_and_counted(run, tmp_path):
    tmp_path = tmp_path / "articles"
    tmp_path.mkdir()
    (tmp_path / "sport.txt").write_text("Local team wins the cup\n\nPublished May 2, 2023\n\n" +
                                        "The home side won the final on Sunday after a late goal, and fans celebrated in the streets of the old town. " * 3)
    (tmp_path / "good.txt").write_text(WIRE)
    result = run("ingest", str(tmp_path))
    assert "1 stored" in result.output and "1 not relevant" in result.output and result.exit_code == 0
    assert "sport.txt" not in result.output
    shutil.copy(tmp_path / "sport.txt", tmp_path / "sport-again.txt")
    assert "sport-again.txt: not about two states" in run("ingest", "--verbose", str(tmp_path / "sport-again.txt")).output
