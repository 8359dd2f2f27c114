"""HTML pages: trafilatura finds the article in any layout; captions and metadata are kept apart."""
from __future__ import annotations

from typing import Any

import lxml.html
import trafilatura

from .text import CleanText, clean


def _captions(html: str) -> list[str]:
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    return [" ".join(c.text_content().split()) for c in tree.iter("figcaption") if c.text_content().strip()]


def clean_html(html: str, title: str | None = None, published: str | None = None) -> CleanText | None:
    """None when the page holds no article text."""
    doc: Any = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or not (doc.text or "").strip():
        return None
    page_title = title or doc.title
    text = doc.text
    if page_title and text.startswith(page_title):
        text = text[len(page_title) :].lstrip("\n")
    captions = _captions(html)
    for caption in captions:
        text = text.replace(caption, "")
    # trafilatura puts one paragraph a line; the text cleaner reads paragraphs as blocks between blank lines.
    text = "\n\n".join(line for line in text.split("\n") if line.strip())
    result = clean(text, title=page_title or None, published=published or doc.date or None)
    result.outlet = result.outlet or doc.sitename or None
    result.byline = result.byline or doc.author or None
    result.captions = captions + result.captions
    return result
