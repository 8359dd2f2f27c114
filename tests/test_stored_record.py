"""The stored record (issue 13, and item 5 of issue 14): reads never write, commands start at once, ids are stable."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from accord import api
from accord.records import Actor, Article, Event, Extraction, Role, Source
from accord.settings import Settings
from accord.store.database import SCHEMA_VERSION, Store
from conftest import EXAMPLES, old_store

ACCORD = [sys.executable, "-m", "accord"]
HEAVY = ["spacy", "thinc", "model2vec", "scipy", "dask", "distributed", "matplotlib", "trafilatura", "datasketch", "torch"]


def _bytes(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _accord(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(ACCORD + list(args), capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stored")
    db = folder / "store.db"
    assert api.ingest([str(EXAMPLES)], Settings.from_env(db=str(db))).stored == 5
    return db


# Read paths never write --------------------------------------------------------------------------

def test_a_missing_store_is_an_error_and_is_not_created(tmp_path):
    for command in (["events"], ["export"], ["actors"], ["timeline"], ["series"], ["migrate"], ["serve", "--port", "1"]):
        done = _accord("--db", str(tmp_path / "typo.db"), *command)
        assert done.returncode == 1, command
        assert done.stderr.strip() == f"Error: no store at {tmp_path / 'typo.db'}; run accord ingest first", command
    assert list(tmp_path.iterdir()) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_server_answers_without_changing_a_byte(small_store, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(small_store, db)
    before = _bytes(db)
    port = _free_port()
    server = subprocess.Popen(ACCORD + ["--db", str(db), "serve", "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                httpx.get(f"{url}/api/documents", timeout=5)
                break
            except httpx.TransportError:
                assert time.time() < deadline and server.poll() is None, "server did not start"
                time.sleep(0.2)
        page = httpx.get(f"{url}/api/events", params={"limit": 3}).json()
        assert page["total"] > 3 and len(page["items"]) == 3
        for path in ("/api/actors", "/api/timeline", "/api/graph", "/api/series", "/api/plans", "/",
                     f"/api/events/{page['items'][0]['id']}", "/api/documents"):
            assert httpx.get(url + path, timeout=30).status_code == 200, path
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert _bytes(db) == before


def test_an_older_store_is_left_alone_until_migrated(small_store, tmp_path):
    db = tmp_path / "old.db"
    old_store(db, 3, documents_from=Path(small_store))
    before = _bytes(db)
    for command in (["events"], ["export"]):
        done = _accord("--db", str(db), *command)
        assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "schema 3" in done.stderr and f"accord --db {db} migrate" in done.stderr
    assert _bytes(db) == before
    done = _accord("--db", str(db), "migrate")
    assert done.returncode == 0 and f"schema 3 -> {SCHEMA_VERSION}" in done.stdout, done.stderr
    migrated = json.loads(_accord("--db", str(db), "export").stdout)
    fresh = json.loads(_accord("--db", str(small_store), "export").stdout)
    assert len(migrated["events"]) == len(fresh["events"]) and migrated["actors"] == fresh["actors"]


def test_a_store_in_a_read_only_folder_is_read(small_store):
    # Under /tmp, not pytest's private folder, so that an ordinary user can reach it when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="accord-ro-"))
    try:
        db = folder / "store.db"
        shutil.copy(small_store, db)
        os.chmod(db, 0o444)
        os.chmod(folder, 0o555)
        command: list[str] = []
        env = {**os.environ, "HOME": str(folder)}
        if os.geteuid() == 0:
            # root writes anywhere; the real command runs as an ordinary user instead
            command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
            probe = subprocess.run(command + [sys.executable, "-c", "import accord"], capture_output=True, env=env, cwd=folder)
            if probe.returncode != 0:
                pytest.skip("an ordinary user cannot run this checkout's Python, and root writes every folder")
        for args in (["events", "--json"], ["actors"], ["export"]):
            done = subprocess.run(command + ACCORD + ["--db", str(db), *args], capture_output=True, text=True, env=env,
                                  cwd=folder, timeout=300)
            assert done.returncode == 0 and done.stdout, (args, done.stderr)
        assert sorted(p.name for p in folder.iterdir()) == ["store.db"]
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)


# Fast commands -----------------------------------------------------------------------------------

def test_help_and_queries_import_no_nlp(small_store):
    probe = ("import runpy, sys\n"
             "sys.argv = ['accord'] + sys.argv[1:]\n"
             "try:\n    runpy.run_module('accord', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             f"print('LOADED', sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    for args in (["--help"], ["--db", str(small_store), "events", "--country", "TUR"], ["--db", str(small_store), "actors"],
                 ["--db", str(small_store), "timeline"], ["--db", str(small_store), "export"]):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().splitlines()[-1] == "LOADED []", (args, done.stdout[-300:])


# Stable ids --------------------------------------------------------------------------------------

def test_ids_survive_new_articles(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))
    for f in files[:2]:
        shutil.copy(f, first / f.name)
    for f in files[2:]:
        shutil.copy(f, second / f.name)
    settings = Settings.from_env(db=str(tmp_path / "store.db"))
    api.ingest([str(first)], settings)
    before = api.export(api.record(settings))
    api.ingest([str(second)], settings)
    after = api.export(api.record(settings))
    assert len(after["events"]) > len(before["events"]) and len(after["documents"]) > len(before["documents"])
    events = {e["id"]: e for e in after["events"]}
    for old in before["events"]:
        new = events[old["id"]]
        assert (new["kind"], new["date"], new["countries"]) == (old["kind"], old["date"], old["countries"])
        assert {(s["document"], s["start"]) for s in old["sources"]} <= {(s["document"], s["start"]) for s in new["sources"]}
    names = {a["id"]: a["name"] for a in after["actors"]}
    assert all(names[a["id"]] == a["name"] for a in before["actors"])
    assert api.rebuild(settings).events_kept == len(after["events"])
    assert api.export(api.record(settings)) == after
    assert api.rebuild(settings, extract=True).events_kept == len(after["events"])  # parsed again, same ids
    assert api.export(api.record(settings)) == after


def _doc(n: int, published: str, actors: list[Actor], events: list[Event]) -> Extraction:
    body = " ".join(s.sentence for e in events for s in e.sources) or "Nothing."
    article = Article(id=f"d{n:012d}", source=f"doc{n}.txt", body=body, published=published, fingerprint=f"fp{n}")
    return Extraction(article, actors, events)


def _meeting(doc: int, n: int, date: str, people: list[str], sentence: str) -> Event:
    return Event(id=f"d{doc:012d}:e{n}", kind="meeting", plover="CONSULT", cameo="043", date=date,
                 date_precision={10: "day", 7: "month"}[len(date)], status="occurred", countries=["IND", "USA"],
                 participants=people, sources=[Source(f"d{doc:012d}", sentence, 0, len(sentence))], summary="", confidence=0.8)


def _rawat(doc: int, seen: str) -> Actor:
    return Actor(id=f"d{doc:012d}:p0", name="Bipin Rawat", country="IND",
                 roles=[Role("Chief of the Army Staff", "General", seen, seen)], documents=[f"d{doc:012d}"])


def test_events_that_turn_out_to_be_one_keep_the_older_id(tmp_path):
    """A title unresolved at first ('the army chief') is later known to be the person another report names:
    the two reports become one event under the older id, and the other id still answers."""
    settings = Settings.from_env(db=str(tmp_path / "store.db"))
    chief = Actor(id="d000000000002:t0", name="army chief", type="office", country="IND",
                  roles=[Role("army chief", None, "2018-07-10", "2018-07-10")], documents=["d000000000002"])
    with Store(settings.db) as store:
        store.save(_doc(1, "2018-07-20", [_rawat(1, "2018-05-02")],
                        [_meeting(1, 0, "2018-07", ["d000000000001:p0"], "Gen Rawat met US officials in July.")]))
        store.save(_doc(2, "2018-07-11", [chief],
                        [_meeting(2, 0, "2018-07-10", ["d000000000002:t0"], "The army chief met a US delegation on Tuesday.")]))
    api.rebuild(settings)
    apart = api.export(api.record(settings))["events"]
    assert len(apart) == 2
    older = next(e["id"] for e in apart if e["sources"][0]["document"] == "d000000000001")
    younger = next(e["id"] for e in apart if e["sources"][0]["document"] == "d000000000002")
    with Store(settings.db) as store:
        store.save(_doc(3, "2018-09-05", [_rawat(3, "2018-09-04")], []))
    changes = api.rebuild(settings)
    assert changes.events_joined == [younger] and changes.events_kept == 1
    together = api.export(api.record(settings))["events"]
    assert [e["id"] for e in together] == [older] and len(together[0]["sources"]) == 2
    assert api.find_event(settings, younger) == api.find_event(settings, older) == together[0]
    from server import Server

    with Server(settings) as running:
        assert httpx.get(f"{running.url}/api/events/{younger}").json()["id"] == older


# Resolution as documents arrive ------------------------------------------------------------------

@pytest.mark.parametrize("order", ["forward", "backward"])
def test_resolving_document_by_document_gives_what_a_rebuild_gives(tmp_path, order):
    """Each ingest re-resolves only the blocks its articles touch; the result is the whole-store resolution.

    Backward, bare titles arrive before the articles that say who held the office then, and plans before
    what kept them, so later documents change the identity of earlier mentions."""
    from conftest import ARTICLES

    settings = Settings.from_env(db=str(tmp_path / "store.db"))
    folders = [ARTICLES / "identity", ARTICLES / "series"]
    files = sorted((f for folder in folders for f in folder.glob("*.txt")), reverse=order == "backward")
    assert len(files) > 8
    for f in files:  # one run per article: every article is a step of its own
        api.ingest([str(f)], settings)
    step_by_step = api.export(api.record(settings))
    changes = api.rebuild(settings)
    assert (changes.events_new, changes.events_gone, changes.events_joined) == (0, [], [])
    assert (changes.actors_new, changes.actors_gone, changes.actors_joined) == (0, [], [])
    assert api.export(api.record(settings)) == step_by_step
    assert any(len({s["document"] for s in e["sources"]}) > 1 for e in step_by_step["events"])
    assert step_by_step["series"] and any(e["promise"] for e in step_by_step["events"])


def test_postgresql_reads_in_read_only_transactions(tmp_path):
    from test_scale import _pg_url

    url = _pg_url()
    with pytest.raises(Exception, match="no store at"):
        Store(url, readonly=True)
    settings = Settings.from_env(db=url)
    api.ingest([str(EXAMPLES)], settings)
    with Store(url, readonly=True) as store:
        assert store.count() == 5
        with pytest.raises(Exception, match="read-only"):
            store.execute("DELETE FROM documents")
    page = api.find_events(settings, country=["TUR"], since="2021", until="2022-06", limit=2)
    assert page.rows and all("TUR" in r["countries"] and "2021" <= r["date"][:7] <= "2022-06" for r in page.rows)
    sqlite = Settings.from_env(db=str(tmp_path / "s.db"))
    api.ingest([str(EXAMPLES)], sqlite)
    assert page.rows == api.find_events(sqlite, country=["TUR"], since="2021", until="2022-06", limit=2).rows
