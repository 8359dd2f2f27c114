"""`accord events` and `accord export` take the page's filters by the same names, resolve states and kinds
as the API does, and refuse an unknown one on one line with exit status 2 (real subprocess runs)."""
import csv
import io
import json
import subprocess
import sys

import pytest

from accord.synthetic import build


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store.db"
    build(path, count=60)
    return str(path)


def accord(db, *args):
    return subprocess.run([sys.executable, "-m", "accord", "--db", db, *args], capture_output=True, text=True, timeout=120)


def ids(db, *args):
    done = accord(db, "events", "--json", *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line)["id"] for line in done.stdout.splitlines()]


def test_states_and_kinds_by_name(db):
    coded = ids(db, "--country", "PAK", "--kind", "meeting")
    assert coded
    assert ids(db, "--state", "pakistan", "--kind", "meetings") == coded
    assert ids(db, "--state", "Pakistan", "--state", "Russia", "--kind", "Meetings") == ids(db, "--pair", "PAK,RUS", "--kind", "meeting")


@pytest.mark.parametrize("args, words", [
    (["events", "--state", "Narnia"], "unknown state 'Narnia'; did you mean"),
    (["events", "--kind", "meetngs"], "unknown kind 'meetngs'; did you mean meeting?"),
    (["export", "--state", "Pakistn", "--format", "csv"], "did you mean Pakistan (PAK)?"),
    (["events", "--since", "2020-1"], "'2020-1' is not a date"),
    (["events", "--sort", "colour"], "unknown sort 'colour'"),
    (["timeline", "--country", "Pakistn"], "did you mean Pakistan (PAK)?"),
    (["events", "--person", "nobody"], "unknown person 'nobody'"),
    (["plot", "timeline", "-o", "/tmp/never.png", "--country", "Narnia"], "unknown state 'Narnia'"),
    (["alert", "add", "drills", "--kind", "drils"], "unknown kind 'drils'"),
])
def test_unknown_filters_are_one_line_and_exit_2(db, args, words):
    done = accord(db, *args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and words in done.stderr


def test_new_filters_sort_and_search(db):
    planned = accord(db, "events", "--json", "--status", "planned", "--sort", "-confidence")
    rows = [json.loads(line) for line in planned.stdout.splitlines()]
    assert rows and all(r["status"] == "planned" for r in rows)
    assert [r["confidence"] for r in rows] == sorted((r["confidence"] for r in rows), reverse=True)
    assert set(ids(db, "-q", "Falcon")) <= set(ids(db)) and ids(db, "-q", "zzyzx") == []


def test_export_takes_the_same_filters(db):
    view = ["--state", "Pakistan", "--kind", "meetings"]
    done = accord(db, "export", "--format", "csv", *view)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["id"] for r in rows] == ids(db, *view)
    assert all("PAK" in r["states"].split("|") and r["kind"] == "meeting" for r in rows)
    data = json.loads(accord(db, "export", "--format", "json", *view).stdout)
    assert [e["id"] for e in data["events"]] == ids(db, *view) and data["view"]["country"] == ["PAK"]
    whole = json.loads(accord(db, "export", "--format", "json").stdout)
    assert set(whole) == {"schema", "documents", "actors", "events", "series"}
