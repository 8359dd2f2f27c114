"""A real news site on loopback for the fetching tests: pages, feeds, a site map, documents, an archive, and misbehaviour.

Everything it serves is written here or in tests/articles/web/ for Accord. The
files a newsroom would publish (a PDF, a .docx, a WARC) are generated in
memory: the PDF by hand (a few objects and a cross-reference table), the .docx
with python-docx, the WARC with warcio.
"""
from __future__ import annotations

import io
import json
import socket
import textwrap
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

WEB = Path(__file__).parent / "articles" / "web"


def page(name: str) -> bytes:
    return (WEB / name).read_bytes()


def pdf(paragraphs: list[str], title: str | None = None, created: str | None = None) -> bytes:
    """A one-page PDF whose text is the paragraphs, wrapped as a word processor would; none for a 'scan'."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(paragraph, 80) + [""])
    ops = ["BT /F1 10 Tf 12 TL 50 780 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    content = ("\n".join(ops) if paragraphs else "0.5 g 50 400 500 300 re f").encode("latin-1")
    info = []
    if title:
        info.append(f"/Title ({title})")
    if created:
        info.append(f"/CreationDate (D:{created.replace('-', '')}090000Z)")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ("<< " + " ".join(info) + " >>").encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx(paragraphs: list[str], title: str, created: datetime) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.core_properties.title = title
    document.core_properties.created = created
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def warc(pages: list[tuple[str, str, bytes, str]]) -> bytes:
    """A gzipped WARC of (address, status line, body, content type) responses captured on 2024-04-02."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for address, status, body, media in pages:
        headers = StatusAndHeaders(status, [("Content-Type", media)], protocol="HTTP/1.1")
        record = writer.create_warc_record(address, "response", payload=io.BytesIO(body), http_headers=headers,
                                           warc_headers_dict={"WARC-Date": "2024-04-02T10:15:00Z"})
        writer.write_record(record)
    return out.getvalue()


def text_paragraphs(name: str) -> tuple[str, list[str]]:
    """A release written as text: its first line is the title, the rest its paragraphs."""
    blocks = [b.strip() for b in (WEB / name).read_text().split("\n\n") if b.strip()]
    return blocks[0], blocks[1:]


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """Routes are a plain dict the tests may change between runs; every request is logged."""

    def __init__(self) -> None:
        self.routes: dict[str, Answer | Callable[[], Answer]] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.posted: list[dict] = []
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, answer: Answer) -> None:
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def do_GET(self) -> None:
                site.requests.append(("GET", self.path, dict(self.headers)))
                route = site.routes.get(self.path)
                if route is None:
                    self._send(Answer(404, b"<html><body>not found</body></html>", {"Content-Type": "text/html"}))
                    return
                answer = route() if callable(route) else route
                etag = answer.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    answer = Answer(304, b"", {"ETag": etag})
                self._send(answer)

            def do_POST(self) -> None:
                site.requests.append(("POST", self.path, dict(self.headers)))
                length = int(self.headers.get("Content-Length") or 0)
                site.posted.append(json.loads(self.rfile.read(length) or b"null"))
                self._send(Answer(204))

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def html(self, path: str, body: bytes) -> None:
        self.routes[path] = Answer(200, body, {"Content-Type": "text/html; charset=utf-8"})

    def fetched(self, path: str) -> int:
        return sum(1 for method, p, _ in self.requests if method == "GET" and p == path)

    def __enter__(self) -> "Site":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def busy_then(answer: Answer, retry_after: str = "1") -> Callable[[], Answer]:
    """429 with Retry-After on the first request, then the page."""
    calls = []

    def respond() -> Answer:
        calls.append(1)
        if len(calls) == 1:
            return Answer(429, b"slow down", {"Retry-After": retry_after, "Content-Type": "text/plain"})
        return answer

    return respond


def slow(seconds: float, answer: Answer) -> Callable[[], Answer]:
    def respond() -> Answer:
        time.sleep(seconds)
        return answer

    return respond


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (title, address, RFC 822 date) items."""
    entries = "".join(f"<item><title>{t}</title><link>{u}</link><pubDate>{d}</pubDate></item>" for t, u, d in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Frontier Ledger: defence</title>'
            f"<link>http://127.0.0.1/</link><description>Defence news</description>{entries}</channel></rss>").encode()


def atom(items: list[tuple[str, str, str]]) -> bytes:
    """An Atom feed of (title, address, ISO date) entries."""
    entries = "".join(f'<entry><title>{t}</title><link href="{u}"/><id>{u}</id><published>{d}</published>'
                      f"<updated>{d}</updated></entry>" for t, u, d in items)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Releases</title>'
            f"<id>urn:releases</id><updated>2024-05-14T00:00:00Z</updated>{entries}</feed>").encode()


def sitemap(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<url><loc>{u}</loc><lastmod>{d}</lastmod></url>" for u, d in items)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>").encode()
