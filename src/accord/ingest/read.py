"""Find inputs on disk and read them as raw articles; every failure becomes a Skip with a reason."""
from __future__ import annotations

import glob
import hashlib
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


def source_name(path: Path | str) -> str:
    """The path as text that any store and terminal accept: bytes that are not UTF-8 in a file name are
    written as \\xNN escapes instead of the lone surrogates Python keeps for them."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> tuple[str, int]:
    """The text without NUL characters and lone surrogates, which PostgreSQL (NUL) and UTF-8 itself (surrogates)
    refuse, and how many were removed: both stores then hold the same text."""
    cleaned, removed = _UNSTORABLE.subn("", text)
    return cleaned, removed


def _removed_note(removed: int) -> str:
    return f"{removed} NUL or invalid character(s) removed"


def digest(path: Path, max_bytes: int) -> str | None:
    """SHA-256 of a regular file's bytes, to tell a changed file from an unchanged one whatever its size and
    time say; None for what `read` will refuse (not a regular file, too large, unreadable)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


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
            yield Skip(source_name(given), special_kind(path))
        elif glob.has_magic(given):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                yield Skip(source_name(given), "no file matches this pattern")
            for match in matches:
                yield from expand([match]) if Path(match).is_dir() else [Path(match)]
        else:
            yield Skip(source_name(given), "no such file or folder")


def _walk(folder: Path) -> Iterator[Path | Skip]:
    def on_error(err: OSError) -> None:
        errors.append(Skip(source_name(err.filename or folder), f"cannot read folder: {err.strerror or err}"))

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
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
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


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark: ASCII letters leave a NUL in every other byte, on the odd
    side for little-endian and the even side for big-endian, which binary data does not do so evenly."""
    head = data[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2].count(0) / len(head[0::2]), head[1::2].count(0) / len(head[1::2])
    for encoding, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros > 0.3 and other < 0.02:
            try:
                text = data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            if sum(not (c.isprintable() or c.isspace()) for c in text) <= len(text) / 100:
                return text, f"read as UTF-16 ({encoding[-2:].upper()}, no byte-order mark)"
    return None


def read(path: Path, max_bytes: int) -> Iterator[RawArticle | Skip]:
    source = source_name(path)
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
    text, removed = storable(text)
    if removed:
        note = "; ".join(filter(None, [note, _removed_note(removed)]))
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
        fields: dict[str, str | None] = {}
        removed = 0
        for key in ("url", "text", "html", "title", "published"):
            value = row.get(key)
            fields[key], gone = storable(value) if isinstance(value, str) else (None, 0)
            removed += gone
        yield RawArticle(
            source=fields["url"] or where, text=fields["text"], html=fields["html"], title=fields["title"],
            published=fields["published"], url=fields["url"], file=source, note=_removed_note(removed) if removed else None,
        )


