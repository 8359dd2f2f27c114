"""The page's API (issue 15) over real HTTP: names resolved or refused, server-side sort and paging, facets with
counts, full-text search, timeline, network, relationship, one event and exports, on a generated store in
SQLite and in PostgreSQL."""
import csv
import io
import json
import subprocess
import sys

import httpx
import pytest

from accord.settings import Settings
from accord.store.database import Store
from accord.store.search import highlight, snippet
from accord.synthetic import build
from server import Server
from test_scale import _pg_url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    db = str(tmp_path_factory.mktemp("webapi") / "store.db") if request.param == "sqlite" else _pg_url()
    build(db, count=120)
    with Server(Settings.from_env(db=db)) as running:
        yield running


def get(server, path, params=None):
    return httpx.get(server.url + path, params=params, timeout=60)


def total(server, params):
    response = get(server, "/api/events", params)
    assert response.status_code == 200, response.text
    return response.json()["total"]


def test_states_and_kinds_are_resolved_by_name(server):
    pak = total(server, {"state": "PAK"})
    assert pak > 0
    for spelled in ("Pakistan", "pakistan", "pak", "Pakistani"):
        assert total(server, {"state": spelled}) == pak
    assert total(server, {"country": "pakistan"}) == pak
    assert total(server, [("state", "Pakistan"), ("state", "Russia")]) == total(server, {"pair": "PAK,RUS"}) > 0
    assert total(server, {"kind": "meetings"}) == total(server, {"kind": "meeting"}) > 0
    assert total(server, {"kind": "Arms transfers"}) == total(server, {"kind": "arms_transfer"})


@pytest.mark.parametrize("params, param, hint", [
    ({"state": "Pakistn"}, "state", "Pakistan (PAK)"),
    ({"country": "Narnia"}, "country", "did you mean"),
    ({"kind": "meetngs"}, "kind", "meeting"),
    ({"status": "happened"}, "status", "occurred"),
    ({"confidence": "sure"}, "confidence", "high"),
    ({"pair": "PAK"}, "pair", "PAK,RUS"),
    ({"sort": "colour"}, "sort", "-date"),
    ({"stat": "PAK"}, "stat", "state"),
])
def test_unknown_names_are_refused_with_a_hint(server, params, param, hint):
    paths = ("/api/events", "/api/export") if param == "sort" else ("/api/events", "/api/facets", "/api/timeline",
                                                                   "/api/graph", "/api/export")
    for path in paths:
        response = get(server, path, params)
        assert response.status_code == 400, (path, response.text)
        error = response.json()["error"]
        assert error["param"] == param and hint in error["hint"] and error["message"]


def test_every_endpoint_refuses_a_parameter_it_does_not_take(server):
    one = get(server, "/api/events", {"per_page": 1}).json()["items"][0]
    for path in ("/api/documents", "/api/actors", "/api/series", "/api/plans", f"/api/events/{one['id']}",
                 f"/api/documents/{one['sources'][0]['document']}"):
        response = get(server, path, {"qq": "x"})
        assert response.status_code == 400 and response.json()["error"]["param"] == "qq", path
    assert get(server, "/api/actors", {"q": "Rahman", "limit": 5}).status_code == 200


@pytest.mark.parametrize("params", [{"since": "2020-1"}, {"year": "20x1"}, {"min_confidence": "nan"}, {"per_page": "0"},
                                    {"q": "word " * 200}])
def test_values_of_the_wrong_shape_are_422_with_the_same_body(server, params):
    response = get(server, "/api/events", params)
    assert response.status_code == 422 and response.json()["error"]["param"] == next(iter(params))


def test_events_are_sorted_and_paged_by_the_server(server):
    everything = get(server, "/api/events", {"sort": "date", "per_page": 500}).json()
    assert everything["total"] == len(everything["items"]) > 300
    dates = [e["date"] for e in everything["items"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[: len(dated)] == dated  # undated last
    reverse = [e["date"] for e in get(server, "/api/events", {"sort": "-date", "per_page": 500}).json()["items"] if e["date"]]
    assert reverse == sorted(dated, reverse=True)
    confidence = [e["confidence"] for e in get(server, "/api/events", {"sort": "-confidence", "per_page": 500}).json()["items"]]
    assert confidence == sorted(confidence, reverse=True)
    pages = [get(server, "/api/events", {"sort": "date", "page": n, "per_page": 40}).json() for n in range(1, 20)]
    assert [e["id"] for p in pages for e in p["items"]] == [e["id"] for e in everything["items"]]
    assert pages[1]["page"] == 2 and pages[1]["per_page"] == 40 and pages[-1]["items"] == []
    one = everything["items"][0]
    assert {s["code"] for s in one["states"]} == set(one["countries"]) and all(s["name"] for s in one["states"])
    named = next(e for e in everything["items"] if e["participants"])
    assert [p["id"] for p in named["people"]] == named["participants"] and all(p["name"] for p in named["people"])


def test_filters_narrow_as_their_names_say(server):
    planned = get(server, "/api/events", {"status": "planned", "per_page": 500}).json()["items"]
    assert planned and all(e["status"] == "planned" for e in planned)
    high = get(server, "/api/events", {"confidence": "high", "per_page": 500}).json()["items"]
    assert high and all(e["confidence"] >= 0.8 for e in high)
    both = total(server, [("confidence", "high"), ("confidence", "low")])
    assert both == total(server, {"confidence": "high"}) + total(server, {"confidence": "low"})
    year = get(server, "/api/events", {"year": "2019", "per_page": 500}).json()["items"]
    assert year and all(e["date"].startswith("2019") for e in year)
    person = next(e for e in year if e["participants"])["participants"][0]
    theirs = get(server, "/api/events", {"person": person, "per_page": 500}).json()["items"]
    assert theirs and all(person in e["participants"] for e in theirs)
    outlet = get(server, "/api/events", {"outlet": "Regional Wire", "per_page": 500}).json()["items"]
    assert outlet and all(any(s["outlet"] == "Regional Wire" for s in e["sources"]) for e in outlet)


def test_facet_counts_match_the_events_each_value_selects(server):
    base = [("kind", "meeting")]
    facets = get(server, "/api/facets", base).json()
    assert set(facets) == {"state", "kind", "status", "person", "outlet", "year", "confidence"}
    # a facet counts with every other filter: the kind facet still offers other kinds while one is chosen
    assert len(facets["kind"]) > 1
    for item in facets["kind"][:3]:
        assert item["count"] == total(server, [("kind", item["value"])])
    for facet, param in (("state", "state"), ("status", "status"), ("person", "person"), ("outlet", "outlet"),
                         ("year", "year"), ("confidence", "confidence")):
        assert facets[facet], facet
        for item in facets[facet][:3]:
            assert item["count"] == total(server, base + [(param, item["value"])]), (facet, item)
    pakistan = next(i for i in facets["state"] if i["value"] == "PAK")
    assert pakistan["label"] == "Pakistan (PAK)"
    undated = get(server, "/api/facets", {"year": "undated"}).json()
    assert any(i["value"] == "undated" for i in undated["year"])


def test_search_finds_evidence_titles_and_bodies(server):
    found = get(server, "/api/events", {"q": "Falcon", "per_page": 500}).json()
    assert found["total"] > 0
    for event in found["items"]:
        assert "<mark>Falcon</mark>" in event["highlight"]
    # words of the article body alone (the generated filler) find every event of those articles
    assert total(server, {"q": "patron"}) == total(server, {})
    assert total(server, {"q": "Pakistan discuss", "state": "RUS"}) == total(server, {"pair": "PAK,RUS"})
    assert total(server, {"q": "zzyzx"}) == 0
    for hostile in ('x" OR 1', "NEAR(a b)", "*", "'); DROP TABLE documents; --", "a AND"):
        assert get(server, "/api/events", {"q": hostile}).status_code == 200
    facets = get(server, "/api/facets", {"q": "Falcon"}).json()
    assert sum(i["count"] for i in facets["status"]) == found["total"]


def test_highlight_escapes_everything_but_marks():
    text = 'Navies <script>alert(1)</script> held "Sea Shield" & more exercises'
    marked = highlight(text, "exercise shield")
    assert "<script>" not in marked and "&lt;script&gt;" in marked and "&amp;" in marked
    assert "<mark>Shield</mark>" in marked and "<mark>exercises</mark>" in marked
    assert marked.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    passage = snippet("<b>Bold</b> words " * 20 + "before the exercise <script>x()</script> and after", "exercise")
    assert passage.startswith("… ") and "<mark>exercise</mark>" in passage and "&lt;script&gt;" in passage
    assert passage.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_timeline_groups_days_and_keeps_undated_apart(server):
    everything = total(server, {})
    line = get(server, "/api/timeline").json()
    assert sum(r["count"] for r in line["dated"]) + sum(r["count"] for r in line["undated"]) == everything
    assert all(len(r["ids"]) == min(20, r["count"]) for r in line["dated"])
    assert line["range"]["min"] <= line["range"]["max"]
    coarse = get(server, "/api/timeline", {"bins": 10}).json()
    assert len(coarse["dated"]) < len(line["dated"]) and all("until" in r for r in coarse["dated"])
    narrow = get(server, "/api/timeline", {"from": "2019-01-01", "to": "2019-03-31"}).json()
    # a date overlaps the range (the year 2019 too, as the since/until filters read it)
    assert narrow["dated"] and all("2019-01-01"[: len(r["date"])] <= r["date"] <= "2019-03-31" for r in narrow["dated"])


def test_graph_has_degrees_components_and_labels(server):
    graph = get(server, "/api/graph", {"top": 7}).json()
    ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids and e["weight"] >= 1 and e["kinds"] for e in graph["edges"])
    assert len(graph["labelled"]) == 7 and set(graph["labelled"]) <= ids
    degree = {n["id"]: n["degree"] for n in graph["nodes"]}
    assert min(degree[i] for i in graph["labelled"]) >= max(d for i, d in degree.items() if i not in graph["labelled"])
    for node in graph["nodes"]:
        assert node["degree"] == len({e["target"] if e["source"] == node["id"] else e["source"] for e in graph["edges"]
                                      if node["id"] in (e["source"], e["target"])})
    pair = get(server, "/api/graph", {"pair": "PAK,RUS"}).json()
    assert {n["component"] for n in pair["nodes"]} == {0}


def test_relationship_of_a_pair(server):
    rel = get(server, "/api/relationship", {"pair": "Pakistan,Russia"}).json()
    assert [s["code"] for s in rel["states"]] == ["PAK", "RUS"]
    assert sum(r["count"] for r in rel["per_kind_year"]) == rel["total"] == total(server, {"pair": "PAK,RUS"})
    assert all(r["year"] == "undated" or r["year"].isdigit() for r in rel["per_kind_year"])
    assert sum(r["count"] for r in rel["per_kind_year"] if r["year"] == "undated") == total(
        server, {"pair": "PAK,RUS", "year": "undated"})
    assert rel["people"]["PAK"] and all(p["offices"] for p in rel["people"]["PAK"])
    assert rel["first"] <= rel["last"]
    assert get(server, "/api/relationship", {"state": "PAK"}).status_code == 400


def test_one_event_says_why_its_date_is_what_it_is(server):
    item = get(server, "/api/events", {"kind": "meeting", "per_page": 1}).json()["items"][0]
    event = get(server, f"/api/events/{item['id']}").json()
    assert event == item
    assert event["date_reason"].startswith("'on ") and "publication date" in event["date_reason"]  # 'on Tuesday', ...
    source = event["sources"][0]
    assert source["url"].startswith("https://news.example/") and source["sentence"] and source["title"]
    undated = get(server, "/api/events", {"year": "undated", "per_page": 1}).json()["items"]
    if undated:
        assert undated[0]["date_reason"].startswith("undated")


def test_export_of_the_current_view(server):
    view = {"state": "Pakistan", "kind": "meetings", "sort": "-date"}
    shown = get(server, "/api/events", {**view, "per_page": 500}).json()["items"]
    response = get(server, "/api/export", {**view, "format": "csv"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == [e["id"] for e in shown]
    assert list(rows[0]) == ["id", "date", "kind", "status", "states", "people", "place", "sources", "confidence",
                             "evidence", "url"]
    as_json = json.loads(get(server, "/api/export", {**view, "format": "json"}).text)
    assert [e["id"] for e in as_json["events"]] == [e["id"] for e in shown]
    graphml = get(server, "/api/export", {**view, "format": "graphml"}).text
    assert graphml.startswith("<graphml") or "<graphml" in graphml[:300]
    assert get(server, "/api/export", {"format": "pdf"}).status_code == 422


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_old_store_is_indexed_for_search_by_its_migration(tmp_path, backend):
    db = str(tmp_path / "old.db") if backend == "sqlite" else _pg_url()
    build(db, count=25)
    with Server(Settings.from_env(db=db)) as running:
        before = {path: get(running, path, {"state": "PAK"}).json() for path in ("/api/facets", "/api/places")}
    with Store(db) as store:  # as schema 6 left it: none of the tables of schema 7
        for table in ("search_documents", "search_events", "event_outlets", "event_places"):
            store.execute(f"DROP TABLE {table}")
        store.set_meta("schema_version", "6")
    with Store(db) as store:
        assert store.version() == 7
    with Server(Settings.from_env(db=db)) as running:
        assert before == {path: get(running, path, {"state": "PAK"}).json() for path in ("/api/facets", "/api/places")}
        assert total(running, {"q": "discussed"}) == total(running, {"q": "patron"}) == total(running, {}) > 0
        assert total(running, {"q": "zzyzx"}) == 0


def test_places_are_geocoded_offline(server):
    everything = total(server, {})
    found = get(server, "/api/places").json()
    assert sum(p["count"] for p in found["places"]) + found["unplaced"] == everything
    rawalpindi = [p for p in get(server, "/api/places", {"pair": "PAK,RUS"}).json()["places"] if p["name"] == "Rawalpindi"]
    assert rawalpindi and rawalpindi[0]["exact"] and rawalpindi[0]["country"] == "PAK"
    assert abs(rawalpindi[0]["lat"] - 33.6) < 0.2 and abs(rawalpindi[0]["lon"] - 73.0) < 0.2
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 and len(p["ids"]) == min(20, p["count"])
               for p in found["places"])


def test_the_gazetteer_needs_no_network():
    code = ("import socket\n"
            "def refuse(*a, **k): raise OSError('no network in this test')\n"
            "socket.socket.connect = refuse; socket.create_connection = refuse\n"
            "from accord.places import locate\n"
            "athens, alexandria, somewhere = locate('Athens', 'GRC'), locate('Alexandria', 'EGY'), locate('the open sea', 'RUS')\n"
            "assert athens.exact and athens.country == 'GRC' and alexandria.country == 'EGY'\n"
            "assert not somewhere.exact and somewhere.name == 'Russia' and 55 < somewhere.lat < 56\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_store_resolved_with_other_settings(tmp_path):
    """With another actor dictionary than the store was resolved with, the old filters still answer (resolved in
    memory, as before); the page's new views say to rebuild instead of answering from stale tables."""
    db = str(tmp_path / "store.db")
    build(db, count=10)
    dictionary = tmp_path / "actors.csv"
    dictionary.write_text("name,aliases,country,office,from,to\nAmira Test,,PAK,Defence Minister,2015,2020\n")
    with Server(Settings.from_env(db=db, actors=str(dictionary))) as running:
        page = get(running, "/api/events", {"state": "Pakistan", "per_page": 5})
        assert page.status_code == 200 and page.json()["total"] > 0
        assert all({s["code"] for s in e["states"]} >= {"PAK"} for e in page.json()["items"])
        for path in ("/api/facets", "/api/timeline"):
            stale = get(running, path)
            assert stale.status_code == 503 and "accord rebuild" in stale.text
        assert get(running, "/api/events", {"q": "Falcon"}).status_code == 503


@pytest.mark.parametrize("date, sentence, expected", [
    ("2017", "The course, held under a 2018 agreement, was given in 2017.", "'in 2017' in the evidence (to the year)"),
    ("2022-06-08", "The minister arrived in Baku on Wednesday.", "'on Wednesday', counted from the publication date 2022-06-09"),
    ("2022-06", "He praised the support during the 2020 conflict.", "words of the evidence ('2020') are not its date; the article's publication date"),
    ("2023-04", "Destroyers are taking part in the drill.", "names no date; it was placed from the article's context"),
    (None, "Officials mentioned an earlier visit.", "undated"),
])
def test_date_reason_names_the_words_that_gave_the_date(date, sentence, expected):
    from accord.browse import date_reason

    row = {"date": date, "date_precision": {4: "year", 7: "month", 10: "day"}.get(len(date or ""), "unknown"),
           "sources": [{"document": "d1", "sentence": sentence}], "notes": []}
    assert expected in date_reason(row, {"d1": {"published": "2022-06-09"}})


def test_counting_views_are_kept_until_the_store_changes(tmp_path):
    from accord import browse
    from accord.query import parse

    db = str(tmp_path / "store.db")
    build(db, count=30)
    settings = Settings.from_env(db=db)
    first = browse.facets(settings, parse({"kind": ["meeting"]}))
    first["state"].clear()  # a caller's change does not reach the kept answer
    again = browse.facets(settings, parse({"kind": ["meeting"]}))
    assert any(i["value"] == "PAK" for i in again["state"])
    with Store(db) as store:  # any write to the store is seen at once
        store.execute("DELETE FROM event_countries WHERE country = 'PAK'")
    after = browse.facets(settings, parse({"kind": ["meeting"]}))
    assert not any(i["value"] == "PAK" for i in after["state"])
    assert browse.graph(settings, parse({})) == browse.graph(settings, parse({}))


def test_a_person_is_found_by_an_old_id_and_an_unknown_one_is_refused(tmp_path):
    db = str(tmp_path / "store.db")
    build(db, count=20)
    with Server(Settings.from_env(db=db)) as running:
        person = get(running, "/api/facets").json()["person"][0]
        with Store(db) as store:  # an id this actor had before it joined another
            store.execute("INSERT INTO aliases VALUES ('a-gone-by', ?)", (person["value"],))
        for path in ("/api/events", "/api/facets", "/api/timeline", "/api/graph", "/api/places"):
            assert get(running, path, {"person": "a-gone-by"}).json() == get(running, path, {"person": person["value"]}).json()
        assert total(running, {"person": person["value"]}) == person["count"]
        refused = get(running, "/api/events", {"person": "nobody"})
        assert refused.status_code == 400 and refused.json()["error"]["param"] == "person"
