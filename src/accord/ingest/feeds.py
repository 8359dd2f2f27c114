"""Where article addresses come from: RSS and Atom feeds, site maps, and lists of addresses.

Each reader turns what it was given into `Link`s (an address and, when the
list says it, a publication date) and never fetches anything itself; the
caller fetches with the polite `Fetcher`.
"""
from __future__ import annotations

import csv
import gzip
import io
import time
import zipfile
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urljoin

import lxml.etree

from ..records import Skip
from .fetch import Fetcher, Response, is_address

# Column names that hold the article's address in lists people download: GDELT events (SOURCEURL),
# GDELT GKG (DocumentIdentifier), and the plain names of other exports.
URL_COLUMNS = {"url", "sourceurl", "documentidentifier", "link", "address", "article_url"}
MAX_SITEMAPS = 50
"""Child site maps read from one site-map index: a news site's index lists a few; a whole site's, thousands."""


@dataclass(frozen=True)
class Link:
    url: str
    published: str | None = None
    """From the feed or site map: used only when the page itself gives no date."""


def _date(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _root(data: bytes) -> str | None:
    """The local name of the XML root element, or None for something that is not XML."""
    try:
        root = lxml.etree.fromstring(data, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True,
                                                                        recover=True))
    except (lxml.etree.XMLSyntaxError, ValueError):
        return None
    return lxml.etree.QName(root).localname.lower() if root is not None else None


def kind_of(data: bytes, content_type: str = "") -> str | None:
    """'feed', 'sitemap', 'urls' (a plain or CSV list) or None, from the content itself."""
    if data[:2] == b"\x1f\x8b":
        return "sitemap"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        root = _root(data)
        if root in ("rss", "feed", "rdf"):
            return "feed"
        if root in ("urlset", "sitemapindex"):
            return "sitemap"
        return None
    if content_type.startswith("text/") or content_type in ("", "application/octet-stream"):
        return "urls"
    return None


def parse_feed(data: bytes, base: str) -> list[Link] | str:
    """Entry links of an RSS or Atom feed with their dates, or why the feed cannot be read."""
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        return f"not a readable feed ({str(feed.get('bozo_exception', 'unknown error')).splitlines()[0]})"
    links = []
    for entry in feed.entries:
        href = entry.get("link") or next((x.get("href") for x in entry.get("links", []) if x.get("href")), None)
        if not href:
            continue
        links.append(Link(urljoin(base, href.strip()), _date(entry.get("published_parsed") or entry.get("updated_parsed"))))
    return links


def parse_sitemap(data: bytes, base: str) -> tuple[list[Link], list[str]] | str:
    """Pages (with lastmod or news:publication_date) and child site maps of a site map."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            return f"broken gzip site map ({err})"
    try:
        root = lxml.etree.fromstring(data, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except (lxml.etree.XMLSyntaxError, ValueError) as err:
        return f"not a site map ({err})"
    if root is None:
        return "not a site map (empty)"
    kind = lxml.etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        return f"not a site map (its root is <{kind}>)"
    pages: list[Link] = []
    children: list[str] = []
    for entry in root:
        if not isinstance(entry.tag, str):
            continue
        values = {lxml.etree.QName(el).localname: (el.text or "").strip() for el in entry.iter() if isinstance(el.tag, str)}
        loc = values.get("loc")
        if not loc:
            continue
        if kind == "sitemapindex":
            children.append(urljoin(base, loc))
        else:
            date = values.get("publication_date") or values.get("lastmod") or ""
            pages.append(Link(urljoin(base, loc), date[:10] if len(date) >= 10 else None))
    return pages, children


def parse_url_list(text: str, source: str) -> Iterator[Link | Skip]:
    """Addresses one a line, or the address column of a CSV/TSV (a header naming it, or GDELT's headerless rows)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        yield Skip(source, "no addresses in this list")
        return
    first = lines[0].strip()
    delimiter = None if is_address(first) and not any(c in first for c in "\t ") else "\t" if "\t" in first else \
        "," if "," in first else None
    if delimiter is None:
        for number, line in enumerate(lines, 1):
            address = line.strip()
            yield Link(address) if is_address(address) else Skip(f"{source}:{number}", f"not a web address: {address[:80]}")
        return
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((i for i, name in enumerate(header) if name in URL_COLUMNS), None)
    body = rows[1:] if column is not None else rows
    for number, row in enumerate(body, 2 if column is not None else 1):
        if column is not None:
            address = row[column].strip() if column < len(row) else ""
        else:  # no header: the last cell that is an address (GDELT puts SOURCEURL last)
            address = next((cell.strip() for cell in reversed(row) if is_address(cell.strip())), "")
        yield Link(address) if is_address(address) else Skip(f"{source}:{number}", "no web address in this row")


def discover(url: str, fetcher: Fetcher) -> Iterator[Link | Skip]:
    """The article addresses a feed, site map or list at `url` names; a site-map index is followed one level.

    What the source is comes from its content, whichever option named it. A failure is one Skip
    for the source, never an exception.
    """
    answer = fetch_source(url, fetcher)
    if isinstance(answer, Skip):
        yield answer
    else:
        yield from links_in(answer, fetcher)


def fetch_source(url: str, fetcher: Fetcher, headers: dict[str, str] | None = None) -> Response | Skip:
    """A feed, site map or list, from the web (conditionally, with `headers`) or saved on disk."""
    if is_address(url):
        return fetcher.get(url, headers=headers)
    try:
        with open(url, "rb") as fh:
            data = fh.read(fetcher.settings.max_bytes + 1)
    except OSError as err:
        return Skip(url, f"cannot read the feed: {err.strerror or err}")
    if len(data) > fetcher.settings.max_bytes:
        return Skip(url, f"too large (more than {fetcher.settings.max_bytes:,} bytes)")
    return Response(url=url, requested=url, content_type="", charset=None, body=data)


def links_in(answer: Response, fetcher: Fetcher) -> Iterator[Link | Skip]:
    """The addresses in a fetched feed, site map or list."""
    yield from _links(answer, fetcher, depth=0)


def unzipped(data: bytes, source: str, max_bytes: int) -> bytes | str:
    """The first member of a ZIP archive (GDELT ships its lists zipped), or why not."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if not members:
                return f"empty ZIP archive {source}"
            if members[0].file_size > max_bytes:
                return f"too large ({members[0].file_size:,} bytes unpacked > {max_bytes:,} limit)"
            return archive.read(members[0])
    except (zipfile.BadZipFile, OSError) as err:
        return f"broken ZIP archive ({err})"


def _links(answer: Response, fetcher: Fetcher, depth: int) -> Iterator[Link | Skip]:
    if answer.body.startswith(b"PK\x03\x04"):
        inner = unzipped(answer.body, answer.requested, fetcher.settings.max_bytes)
        if isinstance(inner, str):
            yield Skip(answer.requested, inner)
            return
        answer = Response(answer.url, answer.requested, "text/plain", None, inner)
    kind = kind_of(answer.body, answer.content_type)  # what the content is wins over what the caller expected
    if kind == "feed":
        links = parse_feed(answer.body, answer.url)
        if isinstance(links, str):
            yield Skip(answer.requested, links)
        else:
            yield from links
    elif kind == "sitemap":
        parsed = parse_sitemap(answer.body, answer.url)
        if isinstance(parsed, str):
            yield Skip(answer.requested, parsed)
            return
        pages, children = parsed
        yield from pages
        if children and depth > 0:
            yield Skip(answer.requested, "a site-map index inside a site-map index is not followed")
            return
        for child in children[:MAX_SITEMAPS]:
            got = fetcher.get(child)
            if isinstance(got, Skip):
                yield got
            else:
                yield from _links(got, fetcher, depth + 1)
    elif kind == "urls":
        yield from parse_url_list(answer.body.decode(answer.charset or "utf-8", errors="replace"), answer.requested)
    else:
        yield Skip(answer.requested, f"not a feed, site map or list of addresses ({answer.content_type or 'no content type'})")
