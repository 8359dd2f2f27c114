"""Addresses to raw articles: fetch each politely, then read it by what it is (page, PDF, Word, WARC, text).

The address is the article's source from here on: in the store, the export and
the page. A page reached through redirects keeps the address it was finally
served from.
"""
from __future__ import annotations

import io
from dataclasses import replace
from typing import Iterable, Iterator

from ..records import RawArticle, Skip
from .documents import DOCX_TYPE, docx_article, pdf_article
from .feeds import Link, discover, parse_url_list, unzipped
from .fetch import Fetcher, Response, is_address
from .read import decode
from .warc import is_warc, warc_articles

HTML_TYPES = {"text/html", "application/xhtml+xml"}


def read_response(answer: Response, fallback_published: str | None, max_bytes: int) -> Iterator[RawArticle | Skip]:
    """What one answer holds, by its content type and, when servers label files loosely, its first bytes."""
    source, body, media = answer.url, answer.body, answer.content_type
    path = source.lower().split("?")[0]
    if media == "application/pdf" or body.startswith(b"%PDF"):
        got = pdf_article(body, source)
    elif media == DOCX_TYPE or (body.startswith(b"PK\x03\x04") and path.endswith(".docx")):
        got = docx_article(body, source)
    elif is_warc(path, media):
        yield from warc_articles(io.BytesIO(body), source, max_bytes)
        return
    elif media in HTML_TYPES or media == "text/plain" or (not media and body.lstrip()[:1] == b"<"):
        if answer.charset:
            try:
                text: str | Skip = body.decode(answer.charset)
                note = None
            except (LookupError, UnicodeDecodeError):
                text, note = body.decode("utf-8", errors="replace"), f"not valid {answer.charset} as declared"
        else:
            decoded = decode(body, source)
            text, note = (decoded, None) if isinstance(decoded, Skip) else decoded
        if isinstance(text, Skip):
            got = text
        elif media == "text/plain":
            got = RawArticle(source=source, text=text, note=note)
        else:
            got = RawArticle(source=source, html=text, note=note)
    else:
        got = Skip(source, f"not an article ({media or 'no content type'})")
    if isinstance(got, RawArticle) and fallback_published:
        got = replace(got, fallback_published=got.fallback_published or fallback_published)
    yield got


def fetch_articles(links: Iterable[Link], fetcher: Fetcher, max_bytes: int) -> Iterator[RawArticle | Skip]:
    """Fetch each address once, in order; every failure is one Skip and the next address goes on."""
    seen: set[str] = set()
    for link in links:
        if link.url in seen:
            continue
        seen.add(link.url)
        answer = fetcher.get(link.url)
        if isinstance(answer, Skip):
            yield answer
        else:
            yield from read_response(answer, link.published, max_bytes)


def gather(addresses: Iterable[str], lists: Iterable[str], feeds: Iterable[str], fetcher: Fetcher) -> Iterator[Link | Skip]:
    """Article addresses given directly, in files of addresses on disk, or named by feeds and site maps."""
    for address in addresses:
        yield Link(address)
    for path in lists:
        if is_address(path):
            yield from discover(path, fetcher)
            continue
        try:
            with open(path, "rb") as fh:
                data = fh.read(fetcher.settings.max_bytes + 1)
        except OSError as err:
            yield Skip(path, f"cannot read the list of addresses: {err.strerror or err}")
            continue
        if data.startswith(b"PK\x03\x04"):
            inner = unzipped(data, path, fetcher.settings.max_bytes)
            if isinstance(inner, str):
                yield Skip(path, inner)
                continue
            data = inner
        elif len(data) > fetcher.settings.max_bytes:
            yield Skip(path, f"too large (more than {fetcher.settings.max_bytes:,} bytes)")
            continue
        yield from parse_url_list(data.decode("utf-8-sig", errors="replace"), path)
    for feed in feeds:
        yield from discover(feed, fetcher)
