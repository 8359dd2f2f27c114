"""Plots, the briefing and the exports beyond JSON (issue 6)."""
import csv
import io
import json

import networkx as nx
import pytest

from accord.export import EVENT_COLUMNS, GDELT_COLUMNS
from conftest import EXAMPLES

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def loaded(run):
    assert run("ingest", str(EXAMPLES)).exit_code == 0
    return run


@pytest.mark.parametrize("picture", ["timeline", "network", "kinds"])
def test_plots_are_png(loaded, tmp_path, picture):
    out = tmp_path / f"{picture}.png"
    assert loaded("plot", picture, "-o", str(out)).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(PNG) and len(data) > 5000


def test_report_cites_every_line(loaded, tmp_path):
    text = loaded("report", "--country", "TUR", "--country", "AZE").output
    assert text.startswith("# AZE – TUR: relationship briefing")
    body, sources = text.split("## Sources")
    lines = [l for l in body.splitlines() if l.startswith("- ") and l != "- none reported"]
    assert lines and all(l.rstrip().endswith("]") for l in lines)
    cited = {int(n) for l in lines for n in __import__("re").findall(r"\[(\d+)\]", l)}
    listed = {int(l.split(".")[0]) for l in sources.strip().splitlines()}
    assert cited == listed
    assert "Hulusi Akar" in body and "Planned events" in body
    html_out = tmp_path / "r.html"
    loaded("report", "--country", "TUR", "--country", "AZE", "--format", "html", "-o", str(html_out))
    page = html_out.read_text()
    assert page.startswith("<!DOCTYPE html>") and 'href="#src1"' in page


def test_csv_round_trips(loaded):
    data = json.loads(loaded("export").output)
    rows = list(csv.DictReader(io.StringIO(loaded("export", "--format", "csv").output)))
    assert list(rows[0]) == EVENT_COLUMNS and len(rows) == len(data["events"])
    assert rows[0]["evidence"] == data["events"][0]["sources"][0]["sentence"]
    actors = list(csv.DictReader(io.StringIO(loaded("export", "--format", "csv", "--table", "actors").output)))
    assert {r["name"] for r in actors} == {a["name"] for a in data["actors"]}


def test_graphml_loads_in_networkx(loaded, tmp_path):
    out = tmp_path / "g.graphml"
    loaded("export", "--format", "graphml", "-o", str(out))
    g = nx.read_graphml(out)
    assert "TUR" in g and g.nodes["TUR"]["type"] == "state"
    assert any(d.get("kind") == "meeting" for _, _, d in g.edges(data=True))


def test_gdelt_rows_have_the_right_columns(loaded):
    text = loaded("export", "--format", "gdelt").output
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    assert rows[0] == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
    assert all(len(r) == 61 for r in rows[1:])
    first = dict(zip(rows[0], rows[1]))
    assert first["EventRootCode"] == first["EventCode"][:2] and first["Year"]
    assert any(dict(zip(rows[0], r))["SQLDATE"] for r in rows[1:])
