"""The HTTP API over real HTTP, and the page in headless Chromium (issue 6)."""
import json
import time
from pathlib import Path

import httpx
import pytest

from accord import api
from accord.settings import Settings
from conftest import EXAMPLES
from browsing import browser_at
from server import Server

HOSTILE = """Two navies hold a drill <script>window.__pwned = 1</script>

Published May 4, 2023

ATHENS: The navies of Greece and Egypt on Wednesday held a joint exercise in the eastern Mediterranean, officials said <script>window.__pwned = 1</script> and <b>bold</b> claims followed.

Greek Defence Minister Nikos Dendias met Egyptian Defence Minister Mohamed Zaki in Athens on Thursday.
"""

HOSTILE_ADDRESS = "https://news.test/2023/05/two-navies.html?ref=a&b=1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    # Fetched from the web, as far as the store can tell: its source is an address, shown as a link on the page.
    (folder / "hostile.jsonl").write_text(json.dumps({"url": HOSTILE_ADDRESS, "text": HOSTILE}) + "\n")
    settings = Settings.from_env(db=str(folder / "web.db"))
    api.ingest([str(EXAMPLES), str(folder / "hostile.jsonl")], settings)
    with Server(settings) as running:
        yield running


def test_api_lists_filters_and_paginates(server):
    everything = httpx.get(f"{server.url}/api/events", params={"limit": 500}).json()
    assert everything["total"] == len(everything["items"]) > 10
    page = httpx.get(f"{server.url}/api/events", params={"limit": 3, "offset": 2}).json()
    assert page["items"] == everything["items"][2:5]
    pair = httpx.get(f"{server.url}/api/events", params=[("country", "TUR"), ("country", "AZE")]).json()
    assert pair["total"] and all(set(e["countries"]) == {"AZE", "TUR"} for e in pair["items"])
    assert httpx.get(f"{server.url}/api/events", params={"limit": 100000}).status_code == 422
    one = everything["items"][0]
    assert httpx.get(f"{server.url}/api/events/{one['id']}").json() == one
    assert httpx.get(f"{server.url}/api/events/nope").status_code == 404


def test_api_documents_actors_timeline_graph(server):
    docs = httpx.get(f"{server.url}/api/documents").json()
    assert docs["total"] == 6
    doc = httpx.get(f"{server.url}/api/documents/{docs['items'][0]['id']}").json()
    assert doc["body"]
    actors = httpx.get(f"{server.url}/api/actors", params={"q": "akar"}).json()
    assert actors["items"][0]["name"] == "Hulusi Akar"
    timeline = httpx.get(f"{server.url}/api/timeline").json()["buckets"]
    assert sum(b["events"] for b in timeline) == httpx.get(f"{server.url}/api/events").json()["total"]
    graph = httpx.get(f"{server.url}/api/graph").json()
    ids = {n["id"] for n in graph["nodes"]}
    assert {"TUR", "AZE"} <= ids and all(l["source"] in ids and l["target"] in ids for l in graph["links"])


def test_api_is_read_only_and_documented(server):
    assert httpx.post(f"{server.url}/api/events", json={}).status_code == 405
    assert httpx.delete(f"{server.url}/api/events/e1").status_code == 405
    spec = httpx.get(f"{server.url}/openapi.json").json()
    assert "/api/events" in spec["paths"]


@pytest.fixture(scope="module")
def browser():
    driver = browser_at()
    yield driver
    driver.quit()


def test_filters_cannot_inject_sql(server):
    before = httpx.get(f"{server.url}/api/documents").json()["total"]
    hostile = [("actor", "' OR 1=1 --"), ("country", "PAK'; DROP TABLE documents; --"), ("kind", "meeting' OR 1=1")]
    for key, value in hostile:
        response = httpx.get(f"{server.url}/api/events", params={key: value})
        # a hostile actor name finds nothing; a hostile state or kind is no known name, refused (issue 15)
        assert (response.status_code, response.json().get("total")) == (200, 0) if key == "actor" else response.status_code == 400
    for value in ("x\" OR 1", "NEAR(a b)", "*", "'); DROP TABLE documents; --"):
        assert httpx.get(f"{server.url}/api/events", params={"q": value}).status_code == 200
    assert httpx.get(f"{server.url}/api/events", params={"since": "2020' OR '1'='1"}).status_code == 422
    assert httpx.get(f"{server.url}/api/documents").json()["total"] == before


@pytest.mark.parametrize("path", ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                                  "/static/..%2f..%2f..%2fsettings.py", "/api/documents/..%2f..%2fetc%2fpasswd"])
def test_paths_cannot_escape(server, path):
    response = httpx.get(server.url + path)
    assert response.status_code == 404 and "root:" not in response.text


def test_responses_are_bounded(server):
    assert len(httpx.get(f"{server.url}/api/events").json()["items"]) <= 100
    assert httpx.get(f"{server.url}/api/events", params={"limit": 501}).status_code == 422
    assert httpx.get(f"{server.url}/api/actors", params={"limit": 0}).status_code == 422


def test_server_binds_to_this_machine_by_default():
    import inspect

    from click.testing import CliRunner

    from accord.cli import cli
    from accord.web.app import serve
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert "[default: 127.0.0.1]" in CliRunner().invoke(cli, ["serve", "--help"]).output


def test_report_html_escapes_article_text(server, tmp_path):
    from click.testing import CliRunner

    from accord.cli import cli
    db = str(Path(server.url and tmp_path) / "r.db")
    (tmp_path / "hostile.txt").write_text(HOSTILE)
    CliRunner().invoke(cli, ["--db", db, "ingest", str(tmp_path / "hostile.txt")])
    page = CliRunner().invoke(cli, ["--db", db, "report", "--country", "GRC", "--country", "EGY", "--format", "html"]).output
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page and "<script>window" not in page


def test_every_response_has_csp_and_nosniff(server):
    """Issue 14, item 8: the page, the API and the static files say what may load and forbid type sniffing."""
    for path in ("/", "/api/events", "/static/js/main.js", "/docs", "/api/events/nope"):
        headers = httpx.get(f"{server.url}{path}").headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert "script-src 'self'" in headers["content-security-policy"] and "default-src 'self'" in headers["content-security-policy"]


@pytest.mark.parametrize("host, status", [("attacker.example", 400), ("attacker.example:80", 400), ("localhost:8000", 200),
                                          ("127.0.0.1", 200), ("[::1]:8000", 200), ("LOCALHOST", 200)])
def test_only_loopback_names_are_answered(server, host, status):
    """A DNS-rebinding page reaches 127.0.0.1 under its own name: its Host header gets 400, no data."""
    response = httpx.get(f"{server.url}/api/events", headers={"Host": host})
    assert response.status_code == status
    if status == 400:
        assert "items" not in response.text


def test_allowed_hosts_are_configurable():
    from accord.web.app import allowed_hosts
    settings = Settings.from_env(allowed_hosts="accord.lan, Example.org")
    assert {"accord.lan", "example.org", "localhost", "127.0.0.1", "::1"} <= allowed_hosts(settings)
    assert "10.0.0.5" in allowed_hosts(Settings.from_env(), "10.0.0.5") and "0.0.0.0" not in allowed_hosts(Settings.from_env(), "0.0.0.0")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_numeric_parameters_must_be_finite(server, value):
    assert httpx.get(f"{server.url}/api/events", params={"min_confidence": value}).status_code == 422


def test_api_docs_load_offline(server, browser):
    """/docs loads Swagger UI from this server alone (nothing from a CDN) and draws the API under the page's CSP."""
    html = httpx.get(f"{server.url}/docs").text
    assert "http" not in html.replace(server.url, "")
    browser.get(f"{server.url}/docs")
    deadline = time.time() + 20
    while not browser.find_elements("css selector", ".opblock-summary-path"):
        if time.time() > deadline:
            raise AssertionError("Swagger UI drew no operation")
        time.sleep(0.2)
    paths = {e.text.replace("\u200b", "") for e in browser.find_elements("css selector", ".opblock-summary-path")}
    assert "/api/events" in paths
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(name.startswith(server.url) for name in loaded)
    assert httpx.get(f"{server.url}/redoc").status_code == 404
