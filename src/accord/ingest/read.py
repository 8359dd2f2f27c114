"""Find inputs on disk and read them as raw articles; every failure becomes a Skip with a reason."""
from __future__ import annotations

import glob
import json
import os
import re
import stat
from pathlib import Path
from typing import Iterator

from ..records import RawArticle, Skip

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
DOCUMENT_SUFFIXES = {".pdf", ".docx"}
BINARY_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\x1f\x8b": "gzip data", b"PK\x03\x04": "a ZIP archive",
                b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image"}


def special_kind(path: Path) -> str:
    """Why a path that is not a regular file is not read: reading a pipe or a device never ends."""
    mode = path.stat().st_mode
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"not read: {kind}" if kind != "not a regular file" else "not read: not a regular file"


def expand(paths: list[str]) -> Iterator[Path | Skip]:
    """Files named, found under folders (recursively, links to folders not followed) or matched by globs."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        elif path.exists():
            yield Skip(given, special_kind(path))
        elif glob.has_magic(given):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                yield Skip(given, "no file matches this pattern")
            for match in matches:
                yield from expand([match]) if Path(match).is_dir() else [Path(match)]
        else:
            yield Skip(given, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path | Skip]:
    def on_error(err: OSError) -> None:
        errors.append(Skip(str(err.filename or folder), f"cannot read folder: {err.strerror or err}"))

    errors: list[Skip] = []
    for root, dirs, files in os.walk(folder, onerror=on_error, followlinks=False):
        dirs.sort()
        yield from errors
        errors.clear()
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name
    yield from errors


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode(data: bytes, source: str) -> tuple[str, str | None] | Skip:
    """Bytes to text and a note on how they were read.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as they are. Text
    that is not UTF-8 and holds no UTF-8 sequence at all is an old single-byte
    file and is read as Windows-1252 (a superset of Latin-1), with a note; text
    that mixes UTF-8 with broken bytes is refused, since guessing would garble it.
    """
    if not data.strip():
        return Skip(source, "empty file")
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            return Skip(source, f"binary file ({what}), not an article")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "read as UTF-16"
        except UnicodeDecodeError:
            return Skip(source, "broken UTF-16 text")
    if b"\x00" in data[:4096]:
        return Skip(source, "binary file (contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if _UTF8_MULTIBYTE.search(data):
            return Skip(source, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); convert it to UTF-8")
        text = data.decode("cp1252", errors="replace")
        if sum(not (c.isprintable() or c.isspace()) for c in text) > len(text) / 100:
            return Skip(source, "binary file (unprintable bytes), not an article")
        return text, "not UTF-8; read as Latin-1 (Windows-1252)"
    if not text.strip():
        return Skip(source, "empty file")
    return text, None


def read(path: Path, max_bytes: int) -> Iterator[RawArticle | Skip]:
    source = str(path)
    suffix = path.suffix.lower()
    warc = path.name.lower().endswith((".warc", ".warc.gz"))
    if not warc and suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | DOCUMENT_SUFFIXES:
        yield Skip(source, f"unknown file type '{suffix or path.name}' (use .txt, .html, .htm, .jsonl, .pdf, .docx or .warc)")
        return
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            yield Skip(source, special_kind(path))
            return
        if warc:
            yield from _warc(path, max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield Skip(source, f"file too large ({size // 1_000_000} MB > {max_bytes // 1_000_000} MB limit)")
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield Skip(source, "file vanished before it could be read")
        return
    except OSError as err:
        yield Skip(source, f"cannot read file: {err.strerror or err}")
        return
    if suffix in DOCUMENT_SUFFIXES:
        from .documents import docx_article, pdf_article

        yield (pdf_article if suffix == ".pdf" else docx_article)(data, source, file=source)
        return
    decoded = decode(data, source)
    if isinstance(decoded, Skip):
        yield decoded
        return
    text, note = decoded
    if suffix in HTML_SUFFIXES:
        yield RawArticle(source=source, html=text, note=note, file=source)
    elif suffix in JSONL_SUFFIXES:
        yield from _jsonl(text, source)
    else:
        yield RawArticle(source=source, text=text, note=note, file=source)


def _warc(path: Path, max_bytes: int) -> Iterator[RawArticle | Skip]:
    """A crawl archive is read as a stream, record by record: it may be far larger than one article may be."""
    from .warc import warc_articles

    try:
        with path.open("rb") as stream:
            yield from warc_articles(stream, str(path), max_bytes)
    except OSError as err:
        yield Skip(str(path), f"cannot read file: {err.strerror or err}")


def _jsonl(text: str, source: str) -> Iterator[RawArticle | Skip]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skip(where, f"bad JSON line ({err.msg})")
            continue
        if not isinstance(row, dict) or not (isinstance(row.get("text"), str) or isinstance(row.get("html"), str)):
            yield Skip(where, "JSON line has no 'text' or 'html' string")
            continue
        url = row.get("url") if isinstance(row.get("url"), str) else None
        yield RawArticle(
            source=url or where,
            text=row.get("text") if isinstance(row.get("text"), str) else None,
            html=row.get("html") if isinstance(row.get("html"), str) else None,
            title=row.get("title") if isinstance(row.get("title"), str) else None,
            published=row.get("published") if isinstance(row.get("published"), str) else None,
            url=url,
            file=source,
        )


