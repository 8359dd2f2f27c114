"""Raw input to a clean Article, or a Skip that says why not."""
from __future__ import annotations

import hashlib
import re

from ..records import Article, RawArticle, Skip
from .html import clean_html
from .text import clean

# Share of common English function words among the lower-case words of a text (names are left
# out: they belong to no language). English news runs at 0.3-0.5, German or French at 0.02-0.08.
# Checked on the examples, the evaluation set and the non-English test articles in tests/.
MIN_ENGLISH_SHARE = 0.15
ENGLISH = set("the of and to in a is that for on with as was by at from it be are has have had said were will an its "
              "their this which his her after been who not but also into than they he she we".split())
MIN_WORDS = 10


def english_share(text: str) -> float:
    """1.0 when there are too few ordinary words to judge: a one-line English dispatch of names and titles may hold
    only one or two of the common words counted."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if w.islower()]
    if len(words) < 20:
        return 1.0
    return sum(w in ENGLISH for w in words) / len(words)


def fingerprint(body: str) -> str:
    return hashlib.sha256(" ".join(body.lower().split()).encode("utf-8")).hexdigest()


def prepare(raw: RawArticle, max_chars: int = 300_000) -> Article | Skip:
    """A clean article, or why not. `max_chars` keeps a runaway input away from the parser."""
    if raw.html is not None:
        cleaned = clean_html(raw.html, title=raw.title, published=raw.published)
        if cleaned is None:
            return Skip(raw.source, "no article text found in the page", error=False)
    else:
        cleaned = clean(raw.text or "", title=raw.title, published=raw.published)
    if len(cleaned.body) > max_chars:
        return Skip(raw.source, f"article too long ({len(cleaned.body):,} characters > {max_chars:,}); split it into articles")
    words = len(cleaned.body.split())
    if words < MIN_WORDS:
        return Skip(raw.source, f"too little article text ({words} words)", error=False)
    if english_share(cleaned.body) < MIN_ENGLISH_SHARE:
        return Skip(raw.source, "not English", error=False)
    fp = fingerprint(cleaned.body)
    return Article(
        id="d" + fp[:12], source=raw.source, body=cleaned.body, title=cleaned.title, published=cleaned.published or raw.fallback_published,
        outlet=cleaned.outlet, byline=cleaned.byline, dateline=cleaned.dateline, captions=cleaned.captions, fingerprint=fp,
        note=raw.note, file=raw.file, captured=raw.captured,
    )
