"""Nothing lost, nothing corrupted, nothing injected (issue 8). docs/RELIABILITY.md lists each case."""
from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from accord.errors import StoreError
from accord.ingest import read as reader
from accord.store.database import SCHEMA_VERSION, Store
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import write as generate  # noqa: E402

GOOD = """Navies of Greece and Egypt drill together

Published May 4, 2023

ATHENS: The navies of Greece and Egypt on Wednesday held a joint search-and-rescue exercise in the eastern
Mediterranean, the Greek defence ministry said.
"""
ACCORD = [sys.executable, "-m", "accord"]


def _ingest_with_bad(run, tmp_path: Path, name: str, data: bytes):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "good.txt").write_text(GOOD)
    (folder / name).write_bytes(data)
    result = run("ingest", str(folder))
    lines = [l for l in result.output.splitlines() if name in l]
    return result, lines


def _stored(db: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT source FROM documents")]


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256))
NOT_ENGLISH = ("Die Marinen Deutschlands und Frankreichs haben am Montag ein gemeinsames Manöver in der Ostsee begonnen, "
               "teilte das Verteidigungsministerium mit. Die Schiffe werden fünf Tage lang gemeinsam üben und dabei auch "
               "die Abwehr von Unterseebooten trainieren.").encode()


@pytest.mark.parametrize("name, data, message, error", [
    ("empty.txt", b"", "empty file", True),
    ("blank.txt", b"  \n\t\n  ", "empty file", True),
    ("scan.txt", PDF, "PDF", True),
    ("photo.txt", PNG, "PNG", True),
    ("packed.txt", gzip.compress(GOOD.encode()), "gzip", True),
    ("broken-utf8.txt", GOOD.encode() + b"\xc3\xa9 \xff\xfe more", "not valid UTF-8", True),
    ("page.html", b"<html><head><title>x</title></head><body><nav>Home | News</nav></body></html>", "article text", False),
    ("german.txt", NOT_ENGLISH, "not English", False),
])
def test_bad_input_gets_one_line_and_the_good_file_is_stored(run, db, tmp_path, name, data, message, error):
    result, lines = _ingest_with_bad(run, tmp_path, name, data)
    assert len(lines) == 1 and message in lines[0] and name in lines[0]
    assert lines[0].startswith("error:" if error else "skipped:")
    assert result.exit_code == (1 if error else 0)
    assert any(s.endswith("good.txt") for s in _stored(db))


def test_utf16_and_latin1_are_read(run, db, tmp_path):
    folder = tmp_path / "enc"
    folder.mkdir()
    (folder / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    latin = ("Café diplomacy in Athens\n\nPublished June 2, 2023\n\nATHENS: Greek Defence Minister Nikos Dendias met the "
             "Égyptian chief of staff in Athens on Thursday and praised Egypt's rôle in regional security.\n")
    (folder / "latin1.txt").write_bytes(latin.encode("latin-1"))
    result = run("ingest", str(folder))
    assert result.exit_code == 0 and "2 stored" in result.output
    assert "latin1.txt: not UTF-8; read as Latin-1" in result.output
    bodies = json.loads(run("export").output)["documents"]
    assert any("Égypt" in d["body"] for d in bodies)


def test_huge_file_and_huge_line_are_refused_by_name(run, db, tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    with open(folder / "huge.txt", "wb") as fh:
        fh.write((GOOD + "\n").encode() * (50_000_000 // len(GOOD)))
    (folder / "one-line.txt").write_text("word " * 420_000)
    result = run("ingest", str(folder))
    assert result.exit_code == 1
    assert "huge.txt: file too large" in result.output
    assert "one-line.txt: article too long" in result.output
    assert len(_stored(db)) == 1


def test_broken_html_still_gives_its_text(run, db, tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<html><body><div><p>" + GOOD.split("\n\n", 2)[2].replace("\n", " ") + "<p>Unclosed <b>tags <div>everywhere")
    result = run("ingest", str(path))
    assert result.exit_code == 0 and "1 stored" in result.output


def test_jsonl_bad_lines_are_named_and_good_lines_stored(run, db, tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([json.dumps({"text": GOOD}), "{oops", "[1, 2]", json.dumps({"text": GOOD.replace("Wednesday", "Friday")})]))
    result = run("ingest", str(path))
    assert "feed.jsonl:2: bad JSON line" in result.output and "feed.jsonl:3:" in result.output
    assert result.exit_code == 1 and len(_stored(db)) == 2


def test_symlink_loop_is_reported_not_followed(run, db, tmp_path):
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    os.symlink(folder, folder / "self")
    os.symlink(folder / "b.txt", folder / "a.txt")
    os.symlink(folder / "a.txt", folder / "b.txt")
    result = run("ingest", str(folder))
    assert "a.txt: cannot read file" in result.output and "b.txt: cannot read file" in result.output
    assert len(_stored(db)) == 1 and result.exit_code == 1


def test_file_vanishing_between_listing_and_reading(run, db, tmp_path, monkeypatch):
    folder = tmp_path / "gone"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    (folder / "b.txt").write_text(GOOD.replace("Wednesday", "Monday"))
    listed = reader.expand

    def expand_then_delete(paths):
        for item in listed(paths):
            if isinstance(item, Path) and item.name == "b.txt":
                item.unlink()
            yield item
    monkeypatch.setattr(reader, "expand", expand_then_delete)
    result = run("ingest", str(folder))
    assert "b.txt: file vanished" in result.output and result.exit_code == 1
    assert len(_stored(db)) == 1


def test_unreadable_folder_is_reported():
    # A folder of its own under /tmp: pytest's temporary folders are private to the user running the tests.
    tmp_path = Path(tempfile.mkdtemp(prefix="accord-locked-"))
    folder = tmp_path / "locked"
    (folder / "secret").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD)
    (folder / "secret" / "x.txt").write_text(GOOD)
    os.chmod(folder / "secret", 0)
    os.chmod(tmp_path, 0o777)
    os.chmod(folder, 0o777)
    db = tmp_path / "store.db"
    command = ACCORD + ["--db", str(db), "ingest", str(folder)]
    env = {**os.environ, "HOME": str(tmp_path)}
    if os.geteuid() == 0:
        # root reads every folder; the check runs the real command as an ordinary user instead.
        drop = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
        probe = subprocess.run(drop + [sys.executable, "-c", "import accord"], capture_output=True, env=env, cwd=tmp_path)
        if probe.returncode != 0:
            shutil.rmtree(tmp_path, ignore_errors=True)
            pytest.skip("an ordinary user cannot run this checkout's Python (its folder is private), and root reads every folder")
        command = drop + command
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    os.chmod(folder / "secret", 0o755)
    try:
        assert "secret: cannot read folder" in done.stderr + done.stdout, done.stderr
        assert done.returncode == 1 and len(_stored(str(db))) == 1
    finally:
        shutil.rmtree(tmp_path)


def test_sigkill_never_leaves_half_a_document(tmp_path):
    corpus = tmp_path / "corpus"
    generate(corpus, 40, seed=3)
    db = str(tmp_path / "store.db")
    rng = random.Random(5)
    for _ in range(4):
        proc = subprocess.Popen(ACCORD + ["--db", db, "ingest", str(corpus)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 5.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with Store(db) as store:
            assert store.check() == "ok"
            for x in store.extractions():
                assert x.article.body and all(e.sources for e in x.events)
    subprocess.run(ACCORD + ["--db", db, "ingest", str(corpus)], check=True, capture_output=True)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT COUNT(*), COUNT(DISTINCT fingerprint), COUNT(DISTINCT source) FROM documents").fetchone()
    assert rows == (40, 40, 40)


def test_two_ingests_at_once_neither_fail_nor_duplicate(tmp_path):
    corpus = tmp_path / "corpus"
    generate(corpus, 30, seed=4)
    db = str(tmp_path / "store.db")
    procs = [subprocess.Popen(ACCORD + ["--db", db, "ingest", str(corpus)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert not any("locked" in out + err for out, err in outputs)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT fingerprint) FROM documents").fetchone() == (30, 30)


def test_readers_keep_answering_while_an_ingest_writes(tmp_path):
    import httpx

    from accord.settings import Settings
    from server import Server
    corpus = tmp_path / "corpus"
    generate(corpus, 30, seed=6)
    db = str(tmp_path / "store.db")
    Store(db).close()
    with Server(Settings.from_env(db=db)) as server:
        proc = subprocess.Popen(ACCORD + ["--db", db, "ingest", str(corpus)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        answers = []
        while proc.poll() is None:
            answers.append(httpx.get(f"{server.url}/api/events", params={"limit": 5}, timeout=30).status_code)
        assert proc.returncode == 0
        answers.append(httpx.get(f"{server.url}/api/documents", timeout=30).json()["total"])
    assert answers[:-1] and set(answers[:-1]) == {200} and answers[-1] == 30


def test_older_store_is_migrated(tmp_path):
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        conn.execute("""CREATE TABLE documents (id TEXT PRIMARY KEY, source TEXT NOT NULL, fingerprint TEXT NOT NULL, title TEXT,
                     published TEXT, outlet TEXT, body TEXT NOT NULL, extraction TEXT NOT NULL, ingested_at TEXT NOT NULL)""")
        for n in range(2):
            conn.execute("INSERT INTO documents VALUES (?, 's', 'same', NULL, NULL, NULL, 'b', '{}', 't')", (f"d{n}",))
    with Store(db) as store:
        assert store.version() == SCHEMA_VERSION == 7
        assert store.count() == 1
    with sqlite3.connect(db) as conn:
        indexes = {r[1] for r in conn.execute("PRAGMA index_list('documents')") if r[2]}
    assert "documents_fingerprint_unique" in indexes


def test_newer_store_is_refused_with_a_clear_message(run, tmp_path):
    db = tmp_path / "new.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    with pytest.raises(StoreError, match="newer than this Accord"):
        Store(db)
    from click.testing import CliRunner

    from accord.cli import cli
    result = CliRunner().invoke(cli, ["--db", str(db), "events"])
    assert result.exit_code == 1 and "Error: store" in result.output and "upgrade Accord" in result.output
