"""Official releases as PDF and Word files: their text becomes the article body.

Ministries publish joint statements and readouts as PDFs and .docx files more
often than as web pages. The text is taken as the file gives it, reflowed into
paragraphs (PDF lines are broken where the page ended, not where the sentence
did), and that reflowed text is the body every evidence offset refers to.
"""
from __future__ import annotations

import io
import re
import statistics
from datetime import datetime
from typing import Any

from ..records import RawArticle, Skip

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A page of text holds hundreds of letters; a scan with a stamped page number or a few OCR-less
# glyphs holds a handful. Below this many letters in the whole file there is no article to read.
MIN_LETTERS = 40


def _iso(value: Any) -> str | None:
    return value.date().isoformat() if isinstance(value, datetime) else None


def reflow(text: str) -> str:
    """PDF lines joined into paragraphs: a line that ends a sentence well short of the usual width ends one.

    A word hyphenated across lines ("defen-" / "ce") is joined again; a hyphen before a capital
    ("Pakistan-" / "Russia") is kept.
    """
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    widths = [len(line) for line in lines if len(line) > 20]
    usual = statistics.median(widths) if widths else 60
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}" if current else line
        if re.search(r"[.!?:\"\u201d]$", line) and len(line) < 0.8 * usual:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def pdf_article(data: bytes, source: str, file: str | None = None) -> RawArticle | Skip:
    """The text of a PDF, or why there is none (a scan, an encrypted or broken file)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return Skip(source, "encrypted PDF; save an unlocked copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        return Skip(source, f"broken PDF ({str(err).splitlines()[0] if str(err) else type(err).__name__})")
    text = "\n\n".join(reflow(page) for page in pages if page.strip())
    if sum(c.isalpha() for c in text) < MIN_LETTERS:
        return Skip(source, f"no text in this PDF ({len(pages)} pages; a scan?); run OCR on it first", error=False)
    title = (meta.title or "").strip() or None if meta else None
    published = _iso(meta.creation_date) if meta else None
    return RawArticle(source=source, text=text, title=title, fallback_published=published, file=file)


def docx_article(data: bytes, source: str, file: str | None = None) -> RawArticle | Skip:
    """The paragraphs of a Word file, one block each."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as err:
        return Skip(source, f"broken .docx file ({str(err).splitlines()[0] if str(err) else type(err).__name__})")
    except Exception as err:  # a zip that is not a Word package raises lxml or zipfile errors
        return Skip(source, f"broken .docx file ({type(err).__name__})")
    text = "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())
    if sum(c.isalpha() for c in text) < MIN_LETTERS:
        return Skip(source, "no text in this .docx file", error=False)
    props = document.core_properties
    return RawArticle(source=source, text=text, title=(props.title or "").strip() or None,
                      fallback_published=_iso(props.created), file=file)
