"""The browser page (issue 15) in headless Chromium, on a real server on loopback: every control on a small store
made by ingesting test articles, and the page's readability on a generated store of 10,000 events.

Checks read the page's own elements (positions, attributes, text) and compare them with what the API answers for
the same filters, so they hold whatever the store contains. No timings are asserted (bench/page.py measures them).
"""
from __future__ import annotations

import csv
import io
import json
import time
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import pytest

from accord import api
from accord.settings import Settings
from conftest import EXAMPLES, ROOT
from browsing import browser_at, ready
from server import Server

HOSTILE = """Two navies hold a drill <script>window.__pwned = 1</script>

Published May 4, 2023

ATHENS: The navies of Greece and Egypt on Wednesday held a joint exercise in the eastern Mediterranean, officials said <script>window.__pwned = 1</script> and <b>bold</b> claims followed.

Greek Defence Minister Nikos Dendias met Egyptian Defence Minister Mohamed Zaki in Athens on Thursday.
"""
HOSTILE_ADDRESS = "https://news.test/2023/05/two-navies.html?ref=a&b=1"
UNDATED = """Navies to deepen ties

India and France have signed an agreement on submarine maintenance, the Indian Navy said in a statement.
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("page")
    (folder / "hostile.jsonl").write_text(json.dumps({"url": HOSTILE_ADDRESS, "text": HOSTILE}) + "\n")
    (folder / "undated.txt").write_text(UNDATED)  # no date anywhere: an event for the undated column
    settings = Settings.from_env(db=str(folder / "page.db"))
    api.ingest([str(EXAMPLES), str(ROOT / "tests" / "articles" / "series"), str(folder / "hostile.jsonl"),
                str(folder / "undated.txt")], settings)
    with Server(settings) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    driver = browser_at()
    yield driver
    driver.quit()


def open_page(browser, server, query: str = "") -> None:
    browser.get(f"{server.url}/{query}")
    ready(browser)


def css(browser, selector: str):
    return browser.find_elements("css selector", selector)


def events_of(server, params) -> dict:
    """What the API answers for these filters, in the page's default order (newest first) unless one is given."""
    pairs = list(params.items()) if isinstance(params, dict) else list(params)
    if not any(k == "sort" for k, _ in pairs):
        pairs.append(("sort", "-date"))
    return httpx.get(f"{server.url}/api/events", params=pairs).json()


def table_ids(browser) -> list[str]:
    return browser.execute_script("return [...document.querySelectorAll('#event-table tbody tr')].map(r => r.dataset.id)")


def address(browser) -> dict[str, list[str]]:
    return parse_qs(urlparse(browser.current_url).query)


def wait_for(browser, script: str, timeout: float = 15):
    deadline = time.time() + timeout
    while not (value := browser.execute_script(script)):
        if time.time() > deadline:
            raise AssertionError(f"never true: {script}")
        time.sleep(0.05)
    return value


# --- every view is an address ------------------------------------------------------------------------------------

def test_a_pasted_address_restores_the_same_view(small, browser):
    everything = events_of(small, {"per_page": 100})["items"]
    chosen = next(e for e in everything if "TUR" in e["countries"])
    query = "?" + urlencode([("state", "TUR"), ("sort", "confidence"), ("per_page", "2"), ("page", "2"),
                             ("event", chosen["id"]), ("view", "table")])
    open_page(browser, small, query)
    expected = [e["id"] for e in events_of(small, [("state", "TUR"), ("sort", "confidence"), ("per_page", 2), ("page", 2)])["items"]]
    assert table_ids(browser) == expected
    assert browser.find_element("id", "f-state-TUR").is_selected()
    assert browser.find_element("css selector", "#views [aria-pressed='true']").get_attribute("data-view") == "table"
    assert browser.find_element("id", "sort").get_attribute("value") == "confidence"
    wait_for(browser, f"return document.getElementById('event-panel').dataset.event === {json.dumps(chosen['id'])}")
    first = dict(table=table_ids(browser), panel=browser.find_element("id", "event-panel").text, url=browser.current_url)
    # The same address in a fresh load is the same view.
    browser.get("about:blank")
    browser.get(first["url"])
    ready(browser)
    wait_for(browser, "return document.getElementById('event-panel').dataset.event")
    assert table_ids(browser) == first["table"] and browser.find_element("id", "event-panel").text == first["panel"]


def test_back_and_forward_walk_the_views(small, browser):
    open_page(browser, small)
    all_ids = table_ids(browser)
    browser.find_element("css selector", "#facet-kind input[value='exercise']").click()
    ready(browser)
    assert address(browser)["kind"] == ["exercise"]
    narrowed = table_ids(browser)
    assert narrowed == [e["id"] for e in events_of(small, {"kind": "exercise"})["items"]] and len(narrowed) < len(all_ids)
    browser.find_element("css selector", "#views [data-view='map']").click()
    ready(browser)
    browser.back()
    ready(browser)
    assert "view" not in address(browser) and css(browser, "#timeline")
    browser.back()
    ready(browser)
    assert "kind" not in address(browser) and table_ids(browser) == all_ids
    assert not browser.find_element("css selector", "#facet-kind input[value='exercise']").is_selected()
    browser.forward()
    ready(browser)
    assert table_ids(browser) == narrowed


# --- controls ----------------------------------------------------------------------------------------------------

def test_search_finds_and_marks_its_hits(small, browser):
    open_page(browser, small)
    box = browser.find_element("id", "q")
    box.send_keys("Dendias")
    box.submit()
    ready(browser)
    assert address(browser)["q"] == ["Dendias"]
    found = events_of(small, {"q": "Dendias"})
    assert found["total"] and table_ids(browser) == [e["id"] for e in found["items"]]
    hits = css(browser, "#event-table mark.hit")
    assert hits and all(h.text.lower().startswith("dendias") for h in hits)
    assert "matching" in browser.find_element("id", "count").text
    css(browser, "#event-table tbody tr")[0].click()
    ready(browser)
    wait_for(browser, "return document.querySelector('#event-panel .article mark.hit')")
    assert all(m.text.lower().startswith("dendias") for m in css(browser, "#event-panel mark.hit"))


def test_facets_show_counts_and_follow_every_filter(small, browser):
    open_page(browser, small)
    facets = httpx.get(f"{small.url}/api/facets").json()

    def shown(key):
        return browser.execute_script(f"""return Object.fromEntries([...document.querySelectorAll('#facet-{key} li')]
            .map(li => [li.querySelector('input').value, +li.querySelector('.count').textContent]));""")

    for key in ("state", "kind", "status", "year", "confidence"):
        assert shown(key) == {str(f["value"]): f["count"] for f in facets[key]}, key
    assert any("(" in label.text for label in css(browser, "#facet-state .facet-label"))  # names with codes
    browser.find_element("css selector", "#facet-status input[value='occurred']").click()
    ready(browser)
    after = httpx.get(f"{small.url}/api/facets", params={"status": "occurred"}).json()
    assert shown("kind") == {str(f["value"]): f["count"] for f in after["kind"]}
    browser.find_element("css selector", "#facet-kind input[value='meeting']").click()
    ready(browser)
    both = events_of(small, [("status", "occurred"), ("kind", "meeting")])
    assert table_ids(browser) == [e["id"] for e in both["items"]]
    assert str(both["total"]) in browser.find_element("id", "count").text


def test_a_bad_value_is_a_message_beside_its_control(small, browser):
    open_page(browser, small)
    since = browser.find_element("id", "since")
    since.send_keys("last spring\n")
    ready(browser)
    message = browser.find_element("id", "err-since")
    assert message.is_displayed() and message.text and since.get_attribute("aria-invalid") == "true"
    assert browser.find_element("id", "err-general").text == ""
    open_page(browser, small, "?state=Narnia")
    message = browser.find_element("id", "err-state")
    assert "Narnia" in message.text and message.is_displayed()
    # A state by name is the same filter as its code.
    open_page(browser, small, "?state=Turkey")
    assert browser.find_element("id", "err-state").text == ""
    assert table_ids(browser) == [e["id"] for e in events_of(small, {"state": "TUR"})["items"]]


def test_an_empty_result_says_so(small, browser):
    open_page(browser, small, "?q=zyzzyvaquux")
    assert "No events match" in browser.find_element("id", "table").text
    assert "No events match" in browser.find_element("id", "view").text


def test_the_table_is_sorted_and_paged_by_the_server(small, browser):
    open_page(browser, small, "?per_page=4&view=table")
    total = events_of(small, {})["total"]
    assert len(table_ids(browser)) == 4 and f"of {total}" in browser.find_element("id", "page-status").text
    browser.find_element("id", "page-next").click()
    ready(browser)
    assert address(browser)["page"] == ["2"]
    assert table_ids(browser) == [e["id"] for e in events_of(small, {"per_page": 4, "page": 2})["items"]]
    browser.find_element("css selector", "#event-table th button[data-sort='confidence']").click()
    ready(browser)
    assert address(browser)["sort"] == ["confidence"] and "page" not in address(browser)
    assert table_ids(browser) == [e["id"] for e in events_of(small, {"per_page": 4, "sort": "confidence"})["items"]]
    header = browser.find_element("css selector", "#event-table th[data-col='confidence']")
    assert header.get_attribute("aria-sort") == "ascending"
    columns = [th.get_attribute("data-col") for th in css(browser, "#event-table thead th")]
    assert columns[:7] == ["date", "kind", "states", "people", "place", "sources", "confidence"]


def test_export_links_carry_the_view(small, browser):
    open_page(browser, small, "?kind=meeting&sort=-confidence")
    expected = events_of(small, {"kind": "meeting", "per_page": 500})["total"]
    for fmt in ("csv", "json", "graphml"):
        link = browser.find_element("id", f"export-{fmt}").get_attribute("href")
        params = parse_qs(urlparse(link).query)
        assert params["format"] == [fmt] and params["kind"] == ["meeting"] and params["sort"] == ["-confidence"]
    csv_text = httpx.get(browser.find_element("id", "export-csv").get_attribute("href")).text
    assert len(list(csv.reader(io.StringIO(csv_text)))) == expected + 1


def test_a_row_opens_its_evidence_without_moving_the_page(small, browser):
    open_page(browser, small, "?view=table")
    browser.execute_script("window.scrollTo(0, document.getElementById('event-table').getBoundingClientRect().top + window.scrollY - 50)")
    before = browser.execute_script("return window.scrollY")
    row = css(browser, "#event-table tbody tr")[2]
    row.click()
    ready(browser)
    wait_for(browser, "return document.querySelector('#event-panel mark.evidence')")
    assert browser.execute_script("return window.scrollY") == before
    event = httpx.get(f"{small.url}/api/events/{row.get_attribute('data-id')}").json()
    marks = [m.text for m in css(browser, "#event-panel mark.evidence")]
    assert marks == [s["sentence"] for s in event["sources"]]
    assert browser.find_element("css selector", "#event-panel [data-fact='why this date']").text not in ("", "-")
    assert address(browser)["event"] == [event["id"]]
    # The keyboard does the same: Enter on a focused row.
    other = css(browser, "#event-table tbody tr")[0]
    browser.execute_script("arguments[0].focus()", other)
    other.send_keys("\n")
    ready(browser)
    wait_for(browser, f"return document.getElementById('event-panel').dataset.event === {json.dumps(other.get_attribute('data-id'))}")
    # Escape closes it; back opens it again.
    other.send_keys("\ue00c")
    ready(browser)
    assert "event" not in address(browser) and not css(browser, "#event-panel mark.evidence")
    browser.back()
    ready(browser)
    wait_for(browser, "return document.querySelector('#event-panel mark.evidence')")
    # A filter that removes the chosen event closes its evidence.
    browser.find_element("css selector", "#facet-status input").click()
    ready(browser)
    assert "event" not in address(browser) and not css(browser, "#event-panel mark.evidence")


def test_article_markup_is_shown_as_text_and_its_address_is_a_link(small, browser):
    event = events_of(small, [("state", "GRC"), ("kind", "exercise")])["items"][0]
    open_page(browser, small, f"?event={event['id']}")
    wait_for(browser, "return document.querySelector('#event-panel mark.evidence')")
    panel = browser.find_element("id", "event-panel")
    assert "<script>window.__pwned = 1</script>" in panel.text
    assert browser.execute_script("return window.__pwned") is None
    assert not css(browser, "#event-panel b, #event-panel script")
    link = browser.find_element("css selector", "#event-panel a.source-link")
    assert link.get_attribute("href") == HOSTILE_ADDRESS and link.text == HOSTILE_ADDRESS


# --- views -------------------------------------------------------------------------------------------------------

def marks(browser) -> list[dict]:
    return browser.execute_script("""
        return [...document.querySelectorAll('#timeline .tl-mark')].map(m => { const b = m.getBoundingClientRect();
          return {x: b.x, y: b.y, w: b.width, h: b.height, count: +m.dataset.count, kind: m.dataset.kind,
                  undated: m.classList.contains('undated'), planned: m.classList.contains('status-planned'),
                  ids: m.dataset.ids.split(' ')}; })""")


def test_the_timeline_groups_separates_and_zooms(small, browser):
    open_page(browser, small)
    drawn = marks(browser)
    total = events_of(small, {})["total"]
    assert sum(m["count"] for m in drawn) == total
    axis = browser.execute_script("return document.querySelector('#timeline .axis').getBoundingClientRect().right")
    undated = [m for m in drawn if m["undated"]]
    assert undated and all(m["x"] >= axis for m in undated)   # off the date axis
    assert all(m["x"] + m["w"] <= axis + 10 for m in drawn if not m["undated"])
    # Plans have lanes of their own, drawn with another shape.
    lanes = {}
    for m in drawn:
        lanes.setdefault(round(m["y"] + m["h"] / 2), set()).add(m["planned"])
    assert all(len(kinds) == 1 for kinds in lanes.values()) and any(m["planned"] for m in drawn)
    assert not overlapping([m for m in drawn])
    legend = {e.get_attribute("data-kind") for e in css(browser, "#timeline-legend .legend-kind")}
    assert legend == {m["kind"] for m in drawn}
    assert bool(css(browser, "#timeline-legend .planned")) == any(m["planned"] for m in drawn)
    # A mark of several events opens their list; one of them opens its evidence.
    group = next(m for m in css(browser, "#timeline .tl-mark") if int(m.get_attribute("data-count")) > 1)
    group.send_keys(" ")
    wait_for(browser, "return !document.getElementById('group-list').hidden && document.querySelectorAll('#group-list li').length")
    assert len(css(browser, "#group-list li")) == min(20, int(group.get_attribute("data-count")))
    css(browser, "#group-list button.link")[0].click()
    ready(browser)
    wait_for(browser, "return document.querySelector('#event-panel mark.evidence')")
    # Zooming is part of the address.
    browser.find_element("id", "tl-zoom-in").click()
    ready(browser)
    assert address(browser).get("from") and address(browser).get("to")
    zoomed = address(browser)
    browser.refresh()
    ready(browser)
    assert address(browser) == zoomed and browser.find_element("id", "tl-whole").is_enabled()
    browser.find_element("id", "tl-whole").click()
    ready(browser)
    assert "from" not in address(browser)
    # A drag on the plot pans it: the window moves into the address.
    from selenium.webdriver.common.action_chains import ActionChains
    axis = browser.find_element("css selector", "#timeline .axis")
    ActionChains(browser).move_to_element(axis).click_and_hold().move_by_offset(-150, 0).release().perform()
    ready(browser)
    panned = address(browser)
    first = httpx.get(f"{small.url}/api/timeline").json()["range"]["min"]
    assert panned["from"][0] > first and panned["to"][0] > panned["from"][0]  # dragged left: later dates come in


def overlapping(boxes: list[dict]) -> list[tuple[dict, dict]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["x"] < b["x"] + b["w"] - 0.5 and b["x"] < a["x"] + a["w"] - 0.5 and a["y"] < b["y"] + b["h"] - 0.5 and b["y"] < a["y"] + a["h"] - 0.5:
                found.append((a, b))
    return found


def network_geometry(browser) -> dict:
    return browser.execute_script("""
        const frame = document.getElementById('network').getBoundingClientRect();
        const box = e => { const b = e.getBoundingClientRect(); return {x: b.x, y: b.y, w: b.width, h: b.height}; };
        return {frame: box(document.getElementById('network')),
                nodes: [...document.querySelectorAll('#network circle.node')].map(box),
                labels: [...document.querySelectorAll('#network .labels text')].map(box)};""")


def inside(frame: dict, b: dict) -> bool:
    return frame["x"] - 0.5 <= b["x"] and b["x"] + b["w"] <= frame["x"] + frame["w"] + 0.5 and \
        frame["y"] - 0.5 <= b["y"] and b["y"] + b["h"] <= frame["y"] + frame["h"] + 0.5


def test_the_network_keeps_every_node_inside_and_labels_apart(small, browser):
    open_page(browser, small, "?view=network")
    graph = httpx.get(f"{small.url}/api/graph").json()
    shape = network_geometry(browser)
    assert len(shape["nodes"]) == len(graph["nodes"])
    assert all(inside(shape["frame"], n) for n in shape["nodes"])
    assert shape["labels"] and all(inside(shape["frame"], t) for t in shape["labels"]) and not overlapping(shape["labels"])
    labelled = {t.get_attribute("data-id") for t in css(browser, "#network .labels text")}
    assert labelled <= set(graph["labelled"])
    # A node is a control: choosing a state filters by it.
    state = next(n for n in css(browser, "#network circle.node-state"))
    code = state.get_attribute("data-id")
    state.send_keys("\n")
    ready(browser)
    assert address(browser)["state"] == [code]


def test_the_map_places_events(small, browser):
    open_page(browser, small, "?view=map")
    places = httpx.get(f"{small.url}/api/places").json()
    circles = css(browser, "#map circle.place")
    assert len(circles) == len(places["places"]) and circles
    frame = browser.execute_script("const b = document.getElementById('map').getBoundingClientRect(); return {x: b.x, y: b.y, w: b.width, h: b.height}")
    assert all(inside(frame, {"x": c.rect["x"], "y": c.rect["y"], "w": c.rect["width"], "h": c.rect["height"]}) for c in circles)
    assert css(browser, "#map .land path")
    assert all(c.get_attribute("tabindex") == "0" and c.get_attribute("aria-label") for c in circles)


def test_a_pair_of_states_opens_their_relationship(small, browser):
    open_page(browser, small, "?state=IND&state=MDV")
    assert browser.find_element("css selector", "#views [aria-pressed='true']").get_attribute("data-view") == "relationship"
    relation = httpx.get(f"{small.url}/api/relationship", params={"pair": "IND,MDV"}).json()
    assert css(browser, "#timeline .tl-mark") and css(browser, "#kind-year tbody tr")
    cells = sum(int(td.text) for td in css(browser, "#kind-year tbody td") if td.text)
    assert cells == sum(r["count"] for r in relation["per_kind_year"])
    assert {s.get_attribute("data-state") for s in css(browser, ".side")} == {"IND", "MDV"}
    assert len(css(browser, ".series-row")) == len(relation["series"])


# --- keyboard, names, widths ---------------------------------------------------------------------------------------

def test_every_control_has_a_name_and_the_keyboard_reaches_marks_and_rows(small, browser):
    open_page(browser, small)
    nameless = browser.execute_script("""
        return [...document.querySelectorAll('input, select, button, [tabindex="0"]')].filter(e => {
          const label = e.labels && e.labels.length && e.labels[0].textContent.trim();
          return !(label || e.getAttribute('aria-label') || e.textContent.trim() || e.getAttribute('title'));
        }).map(e => e.outerHTML.slice(0, 80));""")
    assert nameless == []
    assert all(m.get_attribute("tabindex") == "0" for m in css(browser, "#timeline .tl-mark"))
    assert all(r.get_attribute("tabindex") == "0" for r in css(browser, "#event-table tbody tr"))
    # Focus is visible: an outline on a row, a heavier stroke on a mark (both reached from the keyboard).
    sorts = css(browser, "#event-table thead button")
    sorts[-1].send_keys("\t")
    assert browser.execute_script("return getComputedStyle(document.activeElement).outlineStyle") != "none"
    mark = css(browser, "#timeline .tl-mark")[0]
    browser.execute_script("arguments[0].focus({focusVisible: true})", mark)
    assert browser.execute_script("return getComputedStyle(arguments[0].firstChild).strokeWidth", mark) == "3px"
    # Tab from the table's last sort control lands on the first row.
    browser.execute_script("document.querySelector('#event-table th:last-of-type button, #event-table th button:last-of-type').focus()")
    sorts = css(browser, "#event-table thead button")
    sorts[-1].send_keys("\t")
    assert browser.execute_script("return document.activeElement.closest('tr') && document.activeElement.closest('tbody') !== null")


@pytest.fixture(scope="module")
def narrow():
    driver = browser_at(400, 900)
    yield driver
    driver.quit()


@pytest.mark.parametrize("query", ["", "?view=table&q=defence", "?view=map", "?view=network", "?state=IND&state=MDV"])
def test_nothing_goes_sideways_at_400_px(small, narrow, query):
    if True:
        open_page(narrow, small, query)
        rows = narrow.execute_script("return [...document.querySelectorAll('#event-table tbody tr')].map(r => r.dataset.id)")
        if rows:
            # The evidence comes up over the lower part of the screen: the page under it does not move.
            narrow.execute_script("document.querySelector('#event-table tbody tr').scrollIntoView()")
            before = narrow.execute_script("return window.scrollY")
            narrow.execute_script("document.querySelector('#event-table tbody tr').click()")
            ready(narrow)
            wait_for(narrow, "return document.querySelector('#event-panel dd')")
            assert narrow.execute_script("return window.scrollY") == before
            assert narrow.execute_script("return document.getElementById('evidence').getBoundingClientRect().top < innerHeight")
        width = narrow.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1] == 400
        cut = narrow.execute_script("""
            return [...document.querySelectorAll('#event-panel dd, #event-panel dt, #event-table td, #views button, #q, svg')]
              .filter(e => { const b = e.getBoundingClientRect(); return b.width && (b.left < -0.5 || b.right > innerWidth + 0.5); })
              .map(e => e.tagName + ' ' + e.textContent.slice(0, 30));""")
        assert cut == []
        clipped = narrow.execute_script("""
            return [...document.querySelectorAll('svg text')].filter(t => {
              const s = t.ownerSVGElement.getBoundingClientRect(), b = t.getBoundingClientRect();
              return b.width && (b.left < s.left - 0.5 || b.right > s.right + 0.5); }).map(t => t.textContent);""")
        assert clipped == []


# --- a generated store of 10,000 events --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def large(tmp_path_factory):
    from accord.synthetic import build

    settings = Settings.from_env(db=str(tmp_path_factory.mktemp("large") / "large.db"))
    build(settings.db, events=10_000)
    with Server(settings) as running:
        yield running


def test_ten_thousand_events_stay_readable(large, browser):
    total = events_of(large, {"per_page": 1})["total"]
    assert total >= 10_000
    open_page(browser, large)
    drawn = marks(browser)
    assert sum(m["count"] for m in drawn) == total and not overlapping(drawn)
    assert len(table_ids(browser)) == 50 and f"of {total}" in browser.find_element("id", "page-status").text
    open_page(browser, large, "?view=network")
    graph = httpx.get(f"{large.url}/api/graph").json()
    shape = network_geometry(browser)
    assert len(shape["nodes"]) == min(500, len(graph["nodes"]))
    assert all(inside(shape["frame"], n) for n in shape["nodes"])
    assert len(shape["labels"]) >= 10 and all(inside(shape["frame"], t) for t in shape["labels"]) and not overlapping(shape["labels"])


def test_ten_thousand_events_a_pasted_address_restores_the_view(large, browser):
    query = "?" + urlencode([("state", "India"), ("kind", "meeting"), ("sort", "-confidence"), ("page", "3"), ("view", "map")])
    open_page(browser, large, query)
    expected = [e["id"] for e in events_of(large, [("state", "IND"), ("kind", "meeting"), ("sort", "-confidence"), ("page", 3)])["items"]]
    assert table_ids(browser) == expected and css(browser, "#map circle.place")
    url = browser.current_url
    browser.get("about:blank")
    browser.get(url)
    ready(browser)
    assert table_ids(browser) == expected and browser.find_element("id", "f-state-IND").is_selected()
