"""Property tests on hostile input (issue 14): the readers, the cleaner and the sentence pipeline never crash, never
hand the store a character it refuses, and finish each document within a time budget.

The budget is hypothesis's deadline per example: generous (each input is small and parses in well under a second),
so it catches a hang or a blow-up, not a slow machine. Example counts are bounded to keep CI fast.
"""
from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.engine import _load_models, extract_batch
from accord.ingest import read
from accord.ingest.article import prepare
from accord.nlp.pipeline import MAX_SENTENCE_TOKENS, load
from accord.records import Article, RawArticle, Skip
from accord.settings import Settings

BUDGET = timedelta(seconds=20)
"""Per document: inputs here are at most a few thousand characters."""

any_text = st.text(max_size=400)  # includes NUL, lone surrogates, control and bidi characters
words = st.sampled_from(["Pakistan", "Russia", "held", "talks", "in", "Moscow", "on", "Monday", ",", ".", "and", "the",
                         "Defence", "Minister", "Gen", "Col", "signed", "an", "agreement", "\n", "\u0000", "\u202e", "“",
                         "”", "Dr.", "U.S.", "said", ";", "2023", "May", "4", "(", ")", "-", "joint", "exercise"])


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    """Models loaded before the first example, so that no example's budget pays for loading them."""
    _load_models(Settings.from_env().model, "", "")


def _unstorable(text: str | None) -> bool:
    return text is not None and any(c == "\x00" or "\ud800" <= c <= "\udfff" for c in text)


@given(st.binary(max_size=3000), st.sampled_from([".txt", ".html", ".jsonl"]))
@settings(max_examples=150, deadline=BUDGET, suppress_health_check=[HealthCheck.too_slow])
def test_readers_never_crash_and_give_only_storable_text(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        for item in read.read(path, max_bytes=10_000):
            assert isinstance(item, (RawArticle, Skip))
            if isinstance(item, Skip):
                assert item.reason and "\n" not in item.reason
                continue
            for value in (item.text, item.html, item.title, item.source, item.url, item.published):
                assert not _unstorable(value)


@given(st.lists(st.fixed_dictionaries({}, optional={"text": any_text, "html": any_text, "title": any_text,
                                                    "url": any_text, "published": any_text}) | any_text, max_size=8))
@settings(max_examples=100, deadline=BUDGET)
def test_jsonl_lines_each_give_an_article_or_a_reason(rows):
    lines = [json.dumps(row) for row in rows]
    found = list(read._jsonl("\n".join(lines), "feed.jsonl"))
    assert len(found) == sum(1 for line in lines if line.strip())
    for item in found:
        if isinstance(item, RawArticle):
            assert not any(_unstorable(v) for v in (item.text, item.html, item.title, item.source, item.url))


@given(st.text(max_size=2000), st.booleans())
@settings(max_examples=100, deadline=BUDGET, suppress_health_check=[HealthCheck.too_slow])
def test_cleaning_text_or_html_gives_an_article_or_a_reason(text, as_html):
    raw = RawArticle(source="x", html=f"<html><body><p>{text}</p></body></html>" if as_html else None,
                     text=None if as_html else text)
    out = prepare(raw, max_chars=5_000)
    assert isinstance(out, (Article, Skip))
    if isinstance(out, Article):
        assert out.body.strip() and len(out.body) <= 5_000


@given(st.lists(words, min_size=100, max_size=1500))
@settings(max_examples=25, deadline=BUDGET, suppress_health_check=[HealthCheck.too_slow])
def test_sentence_pipeline_stays_bounded_on_any_word_salad(tokens):
    """Run-ons, stray quotes, abbreviations and NULs: sentences stay within the cap, evidence stays in the body."""
    body = " ".join(tokens)
    model = Settings.from_env().model
    if not body.strip():
        return
    nlp = load(model)
    assert max(len(s) for s in nlp(body).sents) <= 2 * MAX_SENTENCE_TOKENS
    article = Article(id="dfuzz", source="fuzz.txt", body=body, published="2023-05-04")
    extraction = extract_batch([article], model, "", 1, "", max_tokens=400)[0]
    kept = extraction.article.body
    assert body.startswith(kept)
    for event in extraction.events:
        for source in event.sources:
            assert 0 <= source.start <= source.end <= len(kept)
