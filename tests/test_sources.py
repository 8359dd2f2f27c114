"""Issue 16: articles from addresses, feeds, site maps, PDFs, Word files and WARC archives, and the watcher.

Every test talks to a real HTTP server on loopback (tests/site.py) serving pages
written for Accord; nothing is mocked. The fetch settings are shortened through
the environment (no pause between requests, a one-second timeout), never by a
flag in the library.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from accord import api
from accord.ingest import documents, feeds, fetch
from accord.records import Skip
from accord.settings import Settings
from conftest import ROOT
from newsroom import (Answer, Site, atom, busy_then, docx, page, pdf, rss, sitemap, slow, text_paragraphs,
                      warc)

HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture(autouse=True)
def quick_fetching(monkeypatch):
    """Loopback answers at once: no pause between requests, a short timeout, short back-off."""
    for name, value in {"FETCH_DELAY": "0", "FETCH_TIMEOUT": "1", "FETCH_BACKOFF": "0.05", "FETCH_RETRIES": "1",
                        "FETCH_MAX_WAIT": "5", "MAX_BYTES": "300000"}.items():
        monkeypatch.setenv(f"ACCORD_{name}", value)


def _export(db: str) -> dict:
    return api.export(api.record(Settings.from_env(db=db)))


def _by_source(export: dict) -> dict[str, dict]:
    return {d["source"]: d for d in export["documents"]}


def _events_of(export: dict, document: str) -> list[dict]:
    return [e for e in export["events"] if any(s["document"] == document for s in e["sources"])]


def _evidence_is_exact(export: dict) -> None:
    bodies = {d["id"]: d["body"] for d in export["documents"]}
    for event in export["events"]:
        for s in event["sources"]:
            assert bodies[s["document"]][s["start"]:s["end"]] == s["sentence"], event["id"]


def _newsroom(site: Site) -> None:
    """The site as it stands on the first day: two pages in the feed, one in the site map, releases, an archive."""
    site.routes["/robots.txt"] = Answer(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
    site.html("/2024/03/ministers-sign.html", page("ministers-sign.html"))
    site.html("/2024/06/troops-exercise.html", page("troops-exercise.html"))
    site.html("/2024/11/naval-drill.html", page("naval-drill.html"))
    site.html("/private/draft.html", page("naval-drill.html"))
    site.routes["/feed.xml"] = Answer(200, rss([
        ("Defence cooperation agreement", site.url("/2024/03/ministers-sign.html"), "Tue, 12 Mar 2024 08:00:00 GMT"),
        ("Troops end joint exercise", site.url("/2024/06/troops-exercise.html"), "Fri, 14 Jun 2024 17:00:00 GMT"),
    ]), {"Content-Type": "application/rss+xml"})
    site.routes["/sitemap.xml"] = Answer(200, sitemap([(site.url("/2024/11/naval-drill.html"), "2024-11-20")]),
                                         {"Content-Type": "application/xml"})
    title, paragraphs = text_paragraphs("greece-egypt-release.txt")
    site.routes["/releases/greece-egypt.pdf"] = Answer(200, pdf(paragraphs, title, "2024-05-14"), {"Content-Type": "application/pdf"})
    site.routes["/releases/scan.pdf"] = Answer(200, pdf([]), {"Content-Type": "application/pdf"})
    title, paragraphs = text_paragraphs("india-france-statement.txt")
    site.routes["/releases/india-france.docx"] = Answer(200, docx(paragraphs, title, datetime(2024, 2, 2)), {
        "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
    site.routes["/releases.atom"] = Answer(200, atom([
        ("Greece and Egypt", site.url("/releases/greece-egypt.pdf"), "2024-05-14T10:00:00Z"),
        ("India and France", site.url("/releases/india-france.docx"), "2024-02-02T10:00:00Z"),
    ]), {"Content-Type": "application/atom+xml"})
    site.routes["/crawl.warc.gz"] = Answer(200, warc([
        ("https://archive.test/2024/03/exercise-near-baku", "200 OK", page("archived-exercise.html"), "text/html; charset=utf-8"),
        ("https://archive.test/logo.png", "200 OK", b"\x89PNG\r\n\x1a\n", "image/png"),
        ("https://archive.test/missing", "404 Not Found", b"<html>gone</html>", "text/html"),
        ("https://archive.test/2024/04/access-agreement", "200 OK", page("archived-agreement.html"), "text/html"),
    ]), {"Content-Type": "application/warc"})
    site.routes["/busy.html"] = busy_then(Answer(200, page("ministers-meet.html"), HTML))
    site.routes["/always-busy.html"] = Answer(429, b"no", {"Retry-After": "3600"})
    site.routes["/loop/a"] = Answer(302, b"", {"Location": "/loop/b"})
    site.routes["/loop/b"] = Answer(302, b"", {"Location": site.url("/loop/a")})
    site.routes["/slow.html"] = slow(3, Answer(200, page("ministers-sign.html"), HTML))
    site.routes["/huge.html"] = Answer(200, b"<html><body>" + b"<p>padding</p>" * 30_000 + b"</body></html>", HTML)
    site.routes["/logo.png"] = Answer(200, b"\x89PNG\r\n\x1a\n" + bytes(100), {"Content-Type": "image/png"})
    site.routes["/moved.html"] = Answer(301, b"", {"Location": "/2024/09/moved-here.html"})
    site.html("/2024/09/moved-here.html", page("moved-here.html"))


def test_every_kind_of_source_ingests_or_fails_in_one_line(run, db, tmp_path: Path):
    """Pages, an RSS feed, an Atom feed of releases, a site map, a list, a PDF, a .docx and a WARC in one run,
    next to every kind of failure; each failure is one line, and the rest is stored with its address."""
    with Site() as site:
        _newsroom(site)
        listed = tmp_path / "gdelt.export.CSV"  # GDELT's export: tab-separated, no header, SOURCEURL last
        listed.write_text("\t".join(["1167013548", "20240312", "PAK", "RUS", "057", site.url("/2024/03/ministers-sign.html")])
                          + "\n" + "\t".join(["1167013549", "20240312", "PAK", "RUS", "040", site.url("/moved.html")]) + "\n")
        result = run("ingest", "--feed", site.url("/feed.xml"), "--feed", site.url("/releases.atom"),
                     "--sitemap", site.url("/sitemap.xml"), "--urls", str(listed),
                     site.url("/crawl.warc.gz"), site.url("/releases/scan.pdf"), site.url("/private/draft.html"),
                     site.url("/busy.html"), site.url("/always-busy.html"), site.url("/loop/a"), site.url("/slow.html"),
                     site.url("/huge.html"), site.url("/gone.html"), site.url("/logo.png"),
                     "http://127.0.0.1:9/unreachable.html")
        requests = list(site.requests)
        fetched = site.fetched
        url = site.url

    lines = result.output.splitlines()

    def line(path: str) -> str:
        found = [x for x in lines if x.startswith(("error:", "skipped:")) and x.split(": ", 2)[1].startswith(url(path))]
        assert len(found) == 1, (path, lines)
        return found[0]

    assert result.exit_code == 1
    assert "forbidden by the site's robots.txt" in line("/private/draft.html") and fetched("/private/draft.html") == 0
    assert "HTTP 429 too many requests; the site asks to retry after 3600 s" in line("/always-busy.html")
    assert "redirect loop" in line("/loop/a")
    assert "timed out after 1 s" in line("/slow.html")
    assert "too large" in line("/huge.html")
    assert "HTTP 404" in line("/gone.html")
    assert "not an article (image/png)" in line("/logo.png")
    assert line("/releases/scan.pdf").startswith("skipped:") and "no text in this PDF" in line("/releases/scan.pdf")
    assert any(x.startswith("error: http://127.0.0.1:9/unreachable.html: connection refused") for x in lines)
    assert "9 stored" in lines[-1], lines[-1]

    # Politeness: Accord names itself, reads robots.txt once, asks each page once, and waits out a 429.
    assert all("Accord" in headers.get("User-Agent", "") for _, _, headers in requests)
    assert fetched("/robots.txt") == 1
    assert fetched("/2024/03/ministers-sign.html") == 1  # named by the feed and the list
    assert fetched("/busy.html") == 2

    export = _export(db)
    docs = _by_source(export)
    assert set(docs) == {url("/2024/03/ministers-sign.html"), url("/2024/06/troops-exercise.html"),
                         url("/2024/11/naval-drill.html"), url("/releases/greece-egypt.pdf"),
                         url("/releases/india-france.docx"), url("/busy.html"), url("/2024/09/moved-here.html"),
                         "https://archive.test/2024/03/exercise-near-baku", "https://archive.test/2024/04/access-agreement"}
    assert docs[url("/2024/06/troops-exercise.html")]["published"] == "2024-06-14"  # the page has no date: the feed's
    assert docs[url("/2024/03/ministers-sign.html")]["published"] == "2024-03-12"  # the page's own
    assert docs[url("/releases/greece-egypt.pdf")]["title"].startswith("Joint statement on the visit")
    assert "Nikos Dendias, paid an official visit to Cairo" in docs[url("/releases/greece-egypt.pdf")]["body"]

    kinds = {source: {e["kind"] for e in _events_of(export, d["id"])} for source, d in docs.items()}
    assert {"visit", "agreement"} <= kinds[url("/2024/03/ministers-sign.html")]
    assert "exercise" in kinds[url("/2024/06/troops-exercise.html")]
    assert {"visit", "agreement"} <= kinds[url("/releases/greece-egypt.pdf")]
    assert {"meeting", "agreement"} <= kinds[url("/releases/india-france.docx")]
    assert "exercise" in kinds["https://archive.test/2024/03/exercise-near-baku"]
    assert "agreement" in kinds["https://archive.test/2024/04/access-agreement"]
    pdf_events = _events_of(export, docs[url("/releases/greece-egypt.pdf")]["id"])
    assert {tuple(e["countries"]) for e in pdf_events} == {("EGY", "GRC")}
    _evidence_is_exact(export)

    briefing = run("report", "--country", "PAK", "--country", "RUS").output
    assert f"<{url('/2024/03/ministers-sign.html')}>" in briefing.split("## Sources")[1]
    page_html = run("report", "--country", "PAK", "--country", "RUS", "--format", "html").output
    assert f'<a href="{url("/2024/03/ministers-sign.html")}">' in page_html

    with_captures = [x for x in api.record(Settings.from_env(db=db)).documents if x.source.startswith("https://archive.test/")]
    assert {x.captured for x in with_captures} == {"2024-04-02"}
    assert all(x.published != "2024-04-02" for x in with_captures)  # a capture date is not a publication date


def test_pdf_docx_and_warc_files_on_disk(tmp_path: Path, db: str):
    folder = tmp_path / "releases"
    folder.mkdir()
    title, paragraphs = text_paragraphs("greece-egypt-release.txt")
    (folder / "release.pdf").write_bytes(pdf(paragraphs, title))
    (folder / "scan.pdf").write_bytes(pdf([]))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    title, paragraphs = text_paragraphs("india-france-statement.txt")
    (folder / "statement.docx").write_bytes(docx(paragraphs, title, datetime(2024, 2, 2)))
    (folder / "crawl.warc.gz").write_bytes(warc([("https://archive.test/a", "200 OK", page("archived-exercise.html"), "text/html")]))
    seen: list[tuple[str, Skip | None]] = []
    report = api.ingest([str(folder)], Settings.from_env(db=db), on_item=lambda s, skip, note: seen.append((s, skip)))
    assert report.stored == 3
    reasons = {Path(s).name: skip.reason for s, skip in seen if skip is not None}
    assert "no text in this PDF" in reasons["scan.pdf"] and "broken PDF" in reasons["broken.pdf"]
    export = _export(db)
    assert set(_by_source(export)) == {str(folder / "release.pdf"), str(folder / "statement.docx"), "https://archive.test/a"}
    _evidence_is_exact(export)
    # A second run reads nothing again: the archive, the documents and the scan are known files; the broken
    # file failed, so it is read again.
    again = api.ingest([str(folder)], Settings.from_env(db=db))
    assert again.stored == 0 and again.unchanged == 4 and [s.source for s in again.skipped] == [str(folder / "broken.pdf")]


def _watching(site: Site) -> None:
    site.routes["/robots.txt"] = Answer(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
    site.html("/2024/03/ministers-sign.html", page("ministers-sign.html"))
    site.html("/2024/06/troops-exercise.html", page("troops-exercise.html"))
    site.routes["/feed.xml"] = Answer(200, rss([
        ("Agreement", site.url("/2024/03/ministers-sign.html"), "Tue, 12 Mar 2024 08:00:00 GMT"),
        ("Exercise", site.url("/2024/06/troops-exercise.html"), "Fri, 14 Jun 2024 17:00:00 GMT"),
    ]), {"Content-Type": "application/rss+xml", "ETag": '"v1"'})


def test_watch_run_ingests_new_articles_once_and_reports_each_new_event_once(run, db, tmp_path: Path):
    alerts = tmp_path / "alerts.jsonl"
    with Site() as site:
        _watching(site)
        assert run("watch", "add", site.url("/feed.xml"), "--every", "1h").exit_code == 0
        assert run("watch", "add", site.url("/gone-feed.xml"), "--every", "1h").exit_code == 0
        assert run("alert", "add", "PAK RUS exercise", "--jsonl", str(alerts)).exit_code == 0
        assert run("alert", "add", "agreement", "--country", "pak", "--webhook", site.url("/hook")).exit_code == 0

        first = run("watch", "run")
        assert first.exit_code == 1  # one saved source is gone; the other one went on
        assert f"error: {site.url('/gone-feed.xml')}: HTTP 404" in first.output
        assert f"polled {site.url('/feed.xml')}: 2 new addresses" in first.output
        assert "2 stored" in first.output
        exercise_lines = [x for x in first.output.splitlines() if x.startswith("alert 1 (PAK RUS exercise)")]
        assert len(exercise_lines) == 1 and "exercise" in exercise_lines[0]
        assert site.url("/2024/06/troops-exercise.html") in exercise_lines[0]
        reported = [json.loads(x) for x in alerts.read_text().splitlines()]
        assert len(reported) == 1
        assert reported[0]["event"]["kind"] == "exercise" and reported[0]["event"]["countries"] == ["PAK", "RUS"]
        assert reported[0]["documents"][0]["source"] == site.url("/2024/06/troops-exercise.html")
        assert len(site.posted) == 1 and {e["event"]["kind"] for e in site.posted[0]["events"]} == {"agreement"}

        # Nothing is due an hour later than now; then, polled on demand, the feed has nothing new.
        assert "nothing due" in run("watch", "run").output
        second = run("watch", "run", "--all")
        assert f"polled {site.url('/feed.xml')}: 0 new addresses" in second.output
        feed_requests = [headers for method, path, headers in site.requests if path == "/feed.xml"]
        assert feed_requests[-1].get("If-None-Match") == '"v1"'  # asked conditionally: the unchanged feed cost a 304
        assert "stored" not in second.output and "alert " not in second.output
        assert site.fetched("/2024/03/ministers-sign.html") == 1 and site.fetched("/2024/06/troops-exercise.html") == 1
        assert len(alerts.read_text().splitlines()) == 1 and len(site.posted) == 1

        # A new article in the feed: fetched once, its exercise reported once, and nothing for the agreement alert.
        site.html("/2024/11/naval-drill.html", page("naval-drill.html"))
        site.routes["/feed.xml"] = Answer(200, rss([
            ("Naval drill", site.url("/2024/11/naval-drill.html"), "Wed, 20 Nov 2024 06:30:00 GMT"),
            ("Agreement", site.url("/2024/03/ministers-sign.html"), "Tue, 12 Mar 2024 08:00:00 GMT"),
        ]), {"Content-Type": "application/rss+xml", "ETag": '"v2"'})
        third = run("watch", "run", "--all")
        assert f"polled {site.url('/feed.xml')}: 1 new addresses" in third.output and "1 stored" in third.output
        reported = [json.loads(x) for x in alerts.read_text().splitlines()]
        assert len(reported) == 2 and reported[1]["documents"][0]["source"] == site.url("/2024/11/naval-drill.html")
        assert len(site.posted) == 1
        fourth = run("watch", "run", "--all")
        assert "alert " not in fourth.output and len(alerts.read_text().splitlines()) == 2
        assert site.fetched("/2024/11/naval-drill.html") == 1

    listed = run("watch", "list").output
    assert site.url("/feed.xml") in listed and "HTTP 404" in listed
    assert "PAK RUS exercise" in run("alert", "list").output


def test_an_address_that_failed_for_now_is_tried_again_and_one_gone_for_good_is_not(run, db):
    with Site() as site:
        site.routes["/feed.xml"] = Answer(200, rss([("Busy", site.url("/busy.html"), "Fri, 14 Jun 2024 17:00:00 GMT"),
                                                    ("Gone", site.url("/gone.html"), "Fri, 14 Jun 2024 17:00:00 GMT")]),
                                          {"Content-Type": "application/rss+xml"})
        site.routes["/busy.html"] = Answer(503, b"", {"Retry-After": "3600"})
        run("watch", "add", site.url("/feed.xml"))
        assert "HTTP 503" in run("watch", "run").output
        site.html("/busy.html", page("troops-exercise.html"))
        again = run("watch", "run", "--all")
        assert "1 stored" in again.output
        assert site.fetched("/gone.html") == 1 and site.fetched("/busy.html") == 2


def test_readme_flow_in_three_commands_with_the_watcher_in_the_foreground(tmp_path: Path):
    """The README's three commands as real processes: save the feed, save the alert, serve until the alert arrives."""
    alerts = tmp_path / "alerts.jsonl"
    env = {**os.environ, "ACCORD_DB": str(tmp_path / "store.db")}
    with Site() as site:
        _watching(site)

        def accord(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run([sys.executable, "-m", "accord", *args], cwd=tmp_path, env=env, capture_output=True,
                                  text=True, timeout=300)

        assert accord("watch", "add", site.url("/feed.xml"), "--every", "1h").returncode == 0
        assert accord("alert", "add", "PAK RUS exercise", "--jsonl", str(alerts)).returncode == 0
        serving = subprocess.Popen([sys.executable, "-m", "accord", "watch", "serve"], cwd=tmp_path, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(iter(serving.stdout.readline, "")), daemon=True)
        reader.start()
        try:
            deadline = time.monotonic() + 240  # a bound on a hung watcher, not a speed check
            while not any(x.startswith("alert 1") for x in lines) and serving.poll() is None:
                assert time.monotonic() < deadline, "the watcher reported nothing"
                time.sleep(0.2)
        finally:
            serving.terminate()  # SIGTERM: the watcher ends between rounds
            err = serving.stderr.read()
            serving.wait(timeout=60)
            reader.join(timeout=10)
        out = "".join(lines)
        assert serving.returncode == 0 and "stopped" in err, err
    assert [json.loads(x)["event"]["kind"] for x in alerts.read_text().splitlines()] == ["exercise"], out + err
    assert "2 stored" in out


# -- the parts, on their own ----------------------------------------------------------------------------

def test_retry_after_as_seconds_or_a_date():
    assert fetch.retry_after("120", 0.0) == 120.0
    assert fetch.retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480.0 - 60) == 60.0
    assert fetch.retry_after("soon", 0.0) is None and fetch.retry_after(None, 0.0) is None


def test_network_failures_read_as_one_line():
    import httpx

    reason, again = fetch.network_reason(httpx.ConnectError("[Errno -2] Name or service not known"), "http://nowhere.test/x", 1)
    assert reason == "DNS failure: cannot find host nowhere.test" and not again
    reason, again = fetch.network_reason(httpx.ReadTimeout("timed out"), "http://127.0.0.1/x", 2.5)
    assert reason == "timed out after 2.5 s" and again


def test_connection_refused_is_one_skip(tmp_path: Path):
    with socket.socket() as s:  # a port that was free a moment ago and that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with fetch.Fetcher(Settings.from_env(db=str(tmp_path / "x.db"))) as fetcher:
        got = fetcher.get(f"http://127.0.0.1:{port}/a.html")
    assert isinstance(got, Skip) and got.reason.startswith("connection refused")


def test_lists_of_addresses_plain_csv_and_gdelt():
    assert [x.url for x in feeds.parse_url_list("https://a.test/x,y\nhttps://a.test/z\n", "l") if isinstance(x, feeds.Link)] == [
        "https://a.test/x,y", "https://a.test/z"]
    plain = list(feeds.parse_url_list("# saved\nhttps://a.test/1\n\nnot an address\nhttps://a.test/2\n", "list.txt"))
    assert [x.url for x in plain if isinstance(x, feeds.Link)] == ["https://a.test/1", "https://a.test/2"]
    assert [x.source for x in plain if isinstance(x, Skip)] == ["list.txt:2"]
    csv_rows = list(feeds.parse_url_list("title,URL,date\nOne,https://a.test/1,2024\nTwo,,2024\n", "l.csv"))
    assert [x.url if isinstance(x, feeds.Link) else x.reason for x in csv_rows] == ["https://a.test/1", "no web address in this row"]
    gkg = list(feeds.parse_url_list("GKGRECORDID\tV2SOURCECOMMONNAME\tDocumentIdentifier\n1\ta.test\thttps://a.test/9\n", "g.tsv"))
    assert [x.url for x in gkg if isinstance(x, feeds.Link)] == ["https://a.test/9"]


def test_saved_feeds_and_zipped_lists_on_disk(tmp_path: Path, db: str):
    """A feed saved to disk and GDELT's zipped export name the same pages as their online versions would."""
    with Site() as site:
        site.html("/2024/03/ministers-sign.html", page("ministers-sign.html"))
        site.html("/2024/06/troops-exercise.html", page("troops-exercise.html"))
        saved = tmp_path / "feed.xml"
        saved.write_bytes(rss([("Exercise", site.url("/2024/06/troops-exercise.html"), "Fri, 14 Jun 2024 17:00:00 GMT")]))
        zipped = tmp_path / "20240312.export.CSV.zip"
        with zipfile.ZipFile(zipped, "w") as archive:
            archive.writestr("20240312.export.CSV", "\t".join(["1", "20240312", "PAK", "RUS", site.url("/2024/03/ministers-sign.html")]))
        report = api.ingest([], Settings.from_env(db=db), url_lists=[str(zipped), str(tmp_path / "missing.csv")],
                            feeds=[str(saved)])
    assert report.stored == 2 and [s.reason.split(":")[0] for s in report.skipped] == ["cannot read the list of addresses"]
    docs = _by_source(_export(db))
    assert docs[site.url("/2024/06/troops-exercise.html")]["published"] == "2024-06-14"


def test_alert_queries_read_like_the_issue_says():
    from accord.watch import parse_query

    assert parse_query("PAK RUS exercise", ["PAK", "RUS", "AND"]) == {"country": ["PAK", "RUS"], "kind": ["exercise"]}
    assert parse_query("PAK and RUS agreements with Shoigu", ["PAK", "RUS", "AND"]) == {
        "country": ["PAK", "RUS"], "kind": ["agreement"], "actor": "Shoigu"}


def test_site_map_index_and_kinds():
    index = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>/news.xml</loc></sitemap></sitemapindex>")
    assert feeds.kind_of(index) == "sitemap" and feeds.kind_of(rss([])) == "feed" and feeds.kind_of(atom([])) == "feed"
    assert feeds.parse_sitemap(index, "https://a.test/sitemap.xml") == ([], ["https://a.test/news.xml"])
    news = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            b"<url><loc>https://a.test/1</loc><news:news><news:publication_date>2024-06-14T10:00:00Z</news:publication_date>"
            b"</news:news></url></urlset>")
    assert feeds.parse_sitemap(news, "https://a.test/") == ([feeds.Link("https://a.test/1", "2024-06-14")], [])
    assert feeds.kind_of(b"<html><body>hello</body></html>", "text/html") is None


def test_pdf_lines_are_reflowed_into_paragraphs():
    text = ("The two ministers held talks on defence cooperation between the two\ncountries and reviewed the "
            "joint naval exercise held in the eastern Mediter-\nranean last year.\nGreece and Egypt signed a memorandum.\n")
    assert documents.reflow(text) == ("The two ministers held talks on defence cooperation between the two countries and reviewed "
                                      "the joint naval exercise held in the eastern Mediterranean last year.\n\n"
                                      "Greece and Egypt signed a memorandum.")


def test_watch_and_alert_inputs_are_checked(run):
    assert "not an interval" in run("watch", "add", "http://127.0.0.1:1/feed.xml", "--every", "soon").output
    assert "not polite" in run("watch", "add", "http://127.0.0.1:1/feed.xml", "--every", "5s").output
    assert "not a web address" in run("watch", "add", "feed.xml").output
    assert "is not a date" in run("alert", "add", "PAK RUS", "--since", "last year").output
    assert "no alert 7" in run("alert", "remove", "7").output
    assert run("ingest").exit_code == 2


def test_every_new_module_is_documented():
    assert (ROOT / "README.md").read_text().count("accord watch") >= 3


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_watch_state_is_kept_the_same_on_both_stores(backend, tmp_path: Path):
    """Saved sources, seen addresses and alerts survive a reopened store, on SQLite and PostgreSQL alike."""
    from accord import watch
    from accord.store.database import Store
    from test_scale import _pg_url

    target = str(tmp_path / "w.db") if backend == "sqlite" else _pg_url()
    with Store(target) as store:
        watch.add_source(store, "https://a.test/feed.xml", 3600)
        watch.add_source(store, "https://a.test/feed.xml", 7200)  # saved again: the new interval, not a second source
        watch.mark_seen(store, "https://a.test/feed.xml", ["https://a.test/1", "https://a.test/2"])
        watch.mark_seen(store, "https://a.test/feed.xml", ["https://a.test/2"])
        watch.polled(store, watch.sources(store)[0], 1000.0, "HTTP 503 Service Unavailable")
        alert = watch.add_alert(store, "PAK RUS", {"country": ["PAK", "RUS"]}, None, "https://a.test/hook")
    with Store(target) as store:
        [saved] = watch.sources(store)
        assert (saved.every, saved.next_due, saved.seen, saved.last_error) == (7200, 8200.0, 2, "HTTP 503 Service Unavailable")
        assert watch.due(store, 8199.0) == [] and watch.due(store, 8200.0) == [saved]
        assert watch.seen(store, saved.url) == {"https://a.test/1", "https://a.test/2"}
        assert watch.alerts(store) == [alert] and alert.id == 1
        assert watch.remove_alert(store, 1) and not watch.remove_alert(store, 1)
        assert watch.remove_source(store, saved.url) and watch.sources(store) == []
