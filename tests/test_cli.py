"""The command line over the examples: filters, tables, the export contract."""
import json

import pytest

from conftest import EXAMPLES


@pytest.fixture
def loaded(run):
    assert run("ingest", str(EXAMPLES)).exit_code == 0
    return run


def test_export_contract(loaded):
    data = json.loads(loaded("export", "--format", "json").output)
    assert data["schema"] == 1
    assert set(data) == {"schema", "documents", "actors", "events", "series"}
    ids = {a["id"] for a in data["actors"]}
    docs = {d["id"] for d in data["documents"]}
    for event in data["events"]:
        assert {"id", "kind", "plover", "cameo", "date", "date_precision", "status", "location", "participants",
                "countries", "summary", "sources", "confidence"} <= set(event)
        assert set(event["participants"]) <= ids
        assert len(event["countries"]) >= 2
        for source in event["sources"]:
            body = next(d["body"] for d in data["documents"] if d["id"] == source["document"])
            assert source["document"] in docs
            assert body[source["start"]:source["end"]] == source["sentence"]
    for doc in data["documents"]:
        assert set(doc["actors"]) <= ids


def test_export_to_file(loaded, tmp_path):
    out = tmp_path / "x.json"
    assert loaded("export", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["schema"] == 1


def _rows(run, *args):
    return [json.loads(l) for l in run("events", "--json", *args).output.splitlines()]


def test_event_filters(loaded):
    everything = _rows(loaded)
    turkey = _rows(loaded, "--country", "TUR", "--country", "AZE")
    assert turkey and all(set(e["countries"]) == {"TUR", "AZE"} for e in turkey)
    plans = _rows(loaded, "--kind", "plan")
    assert plans and all(e["status"] == "planned" for e in plans)
    akar = _rows(loaded, "--actor", "akar")
    assert akar and all(any(p for p in e["participants"]) for e in akar)
    recent = _rows(loaded, "--since", "2023")
    assert recent and all(e["date"] >= "2023" for e in recent)
    old = _rows(loaded, "--until", "2021")
    assert old and all(e["date"][:4] <= "2021" for e in old)
    assert len(_rows(loaded, "--min-confidence", "0.99")) < len(everything)


def test_tables_and_actor_card(loaded):
    assert "Hulusi Akar" in loaded("actors").output
    card = loaded("actors", "show", "Akar").output
    assert "Defence Minister" in card and "TUR" in card
    assert "Meeting" in loaded("timeline").output
    missing = loaded("actors", "show", "Nobody Atall")
    assert missing.exit_code == 1 and "no actor matches" in missing.output


def test_every_command_has_help(run):
    from accord.cli import cli

    def walk(group, prefix):
        for name, command in group.commands.items():
            assert command.help, f"{prefix} {name} has no help"
            if hasattr(command, "commands"):
                walk(command, f"{prefix} {name}")
    walk(cli, "accord")


def test_every_setting_is_documented():
    from dataclasses import fields

    from accord.settings import Settings
    readme = (EXAMPLES.parent / "README.md").read_text()
    for f in fields(Settings):
        assert f"ACCORD_{f.name.upper()}" in readme, f.name
        assert f.metadata.get("help"), f.name
