"""Bad input never stops a run nor touches what was stored; re-ingesting changes nothing."""
import gzip
import json
import sqlite3
from pathlib import Path

from conftest import EXAMPLES

GOOD = """Two navies hold joint drill

Published May 4, 2023

ATHENS: The navies of Greece and Egypt on Wednesday held a joint search-and-rescue exercise in the eastern Mediterranean, the Greek defence ministry said.

Greek Defence Minister Nikos Panagiotopoulos met Egyptian Defence Minister Mohamed Zaki in Athens on Thursday and praised the exercise.
"""


def _documents(db: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def test_bad_files_get_one_line_each_and_the_rest_is_stored(run, db, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "empty.txt").write_text("")
    (folder / "blank.txt").write_text("   \n\n  ")
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\n%binary")
    (folder / "zipped.txt").write_bytes(gzip.compress(b"hello"))
    (folder / "broken.txt").write_bytes("Caf\u00e9 ".encode() + b"\xff\xfe broken" * 20)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    result = run("ingest", str(folder), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    lines = [l for l in result.output.splitlines() if l.startswith(("error:", "skipped:"))]
    assert any("empty.txt" in l and "empty file" in l for l in lines)
    assert any("blank.txt" in l and "empty file" in l for l in lines)
    assert any("scan.txt" in l and "PDF" in l for l in lines)
    assert any("zipped.txt" in l and "gzip" in l for l in lines)
    assert any("broken.txt" in l and "not valid UTF-8" in l for l in lines)
    assert any("notes.docx" in l and "broken .docx file" in l for l in lines)
    assert any("missing.txt" in l and "no such file" in l for l in lines)
    assert "1 stored" in result.output
    assert _documents(db) == 1


def test_reingest_changes_nothing(run, db, tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    first = run("ingest", str(path))
    assert first.exit_code == 0 and "1 stored" in first.output
    before = run("export").output
    again = run("ingest", str(path))
    assert "0 stored, 1 unchanged" in again.output
    assert run("export").output == before


def test_changed_file_replaces_its_old_version(run, db, tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    run("ingest", str(path))
    path.write_text(GOOD.replace("on Thursday", "on Friday"))
    run("ingest", str(path))
    assert _documents(db) == 1


def test_jsonl_with_bad_lines(run, db, tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": GOOD.split("\n\n", 2)[2], "title": "Two navies hold joint drill", "published": "2023-05-04", "url": "https://example.org/a"}),
        "{not json",
        json.dumps({"headline": "no text field"}),
    ]))
    result = run("ingest", str(path))
    assert result.exit_code == 1
    assert "feed.jsonl:2: bad JSON line" in result.output
    assert "feed.jsonl:3: JSON line has no 'text'" in result.output
    doc = json.loads(run("export").output)["documents"][0]
    assert doc["source"] == "https://example.org/a" and doc["published"] == "2023-05-04"


def test_not_english_is_skipped_without_failing(run, tmp_path: Path):
    path = tmp_path / "fr.txt"
    path.write_text("Les marines de la France et de l'Inde ont commencé lundi un exercice naval conjoint au large de Goa, "
                    "selon un communiqué publié par le ministère des Armées. Les navires participent aux manoeuvres pendant cinq jours.")
    result = run("ingest", str(path))
    assert result.exit_code == 0
    assert "not English" in result.output


def test_a_short_english_dispatch_is_read(run, tmp_path: Path):
    path = tmp_path / "brief.txt"
    path.write_text("Title: Ties\nPublished: 2019-02-20\n\nKUWAIT CITY, Feb 20 - Kuwait's army chief Al-Khodr separately met "
                    "the visiting French commander, Vice Admiral Pierre Vandier.\n")
    result = run("ingest", str(path))
    assert "not English" not in result.output and "1 stored" in result.output


def test_globs_and_folders(run, tmp_path: Path):
    result = run("ingest", str(EXAMPLES / "*.txt"))
    assert result.exit_code == 0 and "2 stored" in result.output
    result = run("ingest", str(EXAMPLES))
    assert "3 stored, 2 unchanged" in result.output


def test_pipes_and_devices_are_skipped_without_being_opened(run, tmp_path):
    """A named pipe or a character device in the folder would block or exhaust a reader: it is skipped, and
    the articles beside it are stored (issue 14, item 2)."""
    import os
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "turkey-azerbaijan-visit.txt", folder / "a.txt")
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    result = run("ingest", str(folder))
    assert "pipe.txt: not read: a named pipe" in result.output
    assert "zero.txt: not read: a device" in result.output
    assert "1 stored" in result.output


def test_a_run_on_page_is_cut_into_bounded_sentences():
    """A page of one 'sentence' of thousands of words: cut at commas, so every later step stays linear
    (issue 14, item 1); ordinary sentences are left whole."""
    from accord.nlp.pipeline import MAX_SENTENCE_TOKENS, load
    from accord.settings import Settings

    nlp = load(Settings.from_env().model)
    clause = "and the delegations of both countries discussed further cooperation in many areas, "
    doc = nlp("Pakistan and Russia held talks " + clause * 300)
    assert len(doc) > 3800
    assert max(len(s) for s in doc.sents) <= 2 * MAX_SENTENCE_TOKENS
    news = nlp("Defence Minister Col Gen Alexander V. Fomin met Gen Bajwa in Rawalpindi, officials said. He praised the army.")
    assert [s.text.strip() for s in news.sents] == ["Defence Minister Col Gen Alexander V. Fomin met Gen Bajwa in Rawalpindi, officials said.",
                                                    "He praised the army."]


def test_initials_end_a_sentence_only_before_a_sentence_opener():
    """'U.S. Navy Adm. A visited' is one sentence, so its evidence is whole; 'sailed to the U.S. The minister
    said' is two."""
    from accord.nlp.pipeline import load
    from accord.settings import Settings

    nlp = load(Settings.from_env().model)
    doc = nlp("By SOUTHCOM Public Affairs\n\nU.S. Navy Adm. Craig Faller visited Peru. The frigate sailed to the U.S. The minister said so.")
    assert [s.text.strip() for s in doc.sents] == ["By SOUTHCOM Public Affairs", "U.S. Navy Adm. Craig Faller visited Peru.",
                                                   "The frigate sailed to the U.S.", "The minister said so."]


def test_a_state_abbreviated_with_full_stops_counts_for_relevance() -> None:
    """'the U.S. Army' names a state: the word ends in a full stop, so a word boundary after it never matches."""
    from accord.ingest.relevance import relevant
    from accord.lexicon import load

    text = "Thirty Kenyan officers graduated from an intelligence course run by the U.S. Army in Nairobi on Friday."
    assert relevant(text, load()) is None
