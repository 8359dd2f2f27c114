"""WARC archives from web crawls: every HTML page answered with 200 is an article at its own address.

The capture date travels with the article as `captured`; it is when a crawler
saw the page, not when it was published, so it never stands in for the
publication date (a relative date resolved against it would be a guess).
"""
from __future__ import annotations

from typing import IO, Iterator

from ..records import RawArticle, Skip
from .read import decode

WARC_TYPES = {"application/warc", "application/x-warc"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}


def is_warc(name: str, content_type: str = "") -> bool:
    lowered = name.lower().split("?")[0]
    return content_type in WARC_TYPES or lowered.endswith((".warc", ".warc.gz"))


def warc_articles(stream: IO[bytes], source: str, max_bytes: int) -> Iterator[RawArticle | Skip]:
    """Articles in the archive, in order; a broken archive ends with one Skip saying where it broke."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode()
            media = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if status != "200" or media not in HTML_TYPES:
                continue
            address = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{found + 1}"
            captured = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            found += 1
            data = record.content_stream().read(max_bytes + 1)
            if len(data) > max_bytes:
                yield Skip(address, f"too large (more than {max_bytes:,} bytes) in {source}")
                continue
            decoded = decode(data, address)
            if isinstance(decoded, Skip):
                yield decoded
                continue
            yield RawArticle(source=address, html=decoded[0], note=decoded[1], file=source, captured=captured)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as err:
        yield Skip(source, f"broken WARC archive after {found} pages ({str(err).splitlines()[0] if str(err) else type(err).__name__})")
        return
    if found == 0:
        yield Skip(source, "no HTML pages in this WARC archive", error=False)
