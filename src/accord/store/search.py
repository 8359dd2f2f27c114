"""Full-text search over the record: article titles and bodies, and each event's evidence sentences.

SQLite keeps them in FTS5 tables (porter stemming), PostgreSQL in tables with a generated `tsvector` ('english')
and a GIN index; both are written as a document is stored and as an event is resolved, so a search is one
indexed lookup. In SQLite a row's rowid is a hash of its id: removing an event or a document is then a lookup
by rowid, not a scan of the index.

The user's words are never FTS syntax: each word is quoted (SQLite) or given to `plainto_tsquery`
(PostgreSQL), so `q=` cannot fail on quotes, operators or parentheses. An event matches when every word is
in its evidence, or in the title or body of an article that reported it.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .database import Store

WORD = re.compile(r"\w+", re.UNICODE)


def _rowid(key: str) -> int:
    return int.from_bytes(hashlib.sha1(key.encode()).digest()[:8], "big") >> 1


def words(query: str) -> list[str]:
    return WORD.findall(query)


def index_document(store: "Store", document: str, title: str | None, body: str) -> None:
    if store.postgres:
        store.execute("INSERT INTO search_documents (document, title, body) VALUES (?, ?, ?) ON CONFLICT (document) DO "
                      "UPDATE SET title = excluded.title, body = excluded.body", (document, title or "", body))
    else:
        forget_document(store, document)
        store.execute("INSERT INTO search_documents (rowid, document, title, body) VALUES (?, ?, ?, ?)",
                      (_rowid(document), document, title or "", body))


def forget_document(store: "Store", document: str) -> None:
    if store.postgres:
        store.execute("DELETE FROM search_documents WHERE document = ?", (document,))
    else:
        store.execute("DELETE FROM search_documents WHERE rowid = ?", (_rowid(document),))


def index_event(store: "Store", event: str, evidence: str) -> None:
    if store.postgres:
        store.execute("INSERT INTO search_events (event, evidence) VALUES (?, ?) ON CONFLICT (event) DO "
                      "UPDATE SET evidence = excluded.evidence", (event, evidence))
    else:
        forget_event(store, event)
        store.execute("INSERT INTO search_events (rowid, event, evidence) VALUES (?, ?, ?)", (_rowid(event), event, evidence))


def forget_event(store: "Store", event: str) -> None:
    if store.postgres:
        store.execute("DELETE FROM search_events WHERE event = ?", (event,))
    else:
        store.execute("DELETE FROM search_events WHERE rowid = ?", (_rowid(event),))


def backfill(store: "Store") -> None:
    """Index what a store of schema 6 or older already holds (run once by its migration)."""
    for document, title, body in store.execute("SELECT id, title, body FROM documents").fetchall():
        index_document(store, document, title, body)
    for event, data in store.execute("SELECT id, data FROM events").fetchall():
        index_event(store, event, " ".join(s["sentence"] for s in json.loads(data).get("sources", [])))


def match_clause(query: str, postgres: bool) -> tuple[str, list[Any]]:
    """A WHERE clause over `events` for the events a query finds, and its parameters. A query of no words
    (only punctuation) finds nothing rather than everything."""
    found = words(query)
    if not found:
        return "1 = 0", []
    if postgres:
        test = "tsv @@ plainto_tsquery('english', ?)"
        text = " ".join(found)
    else:
        test = "search_events MATCH ?"
        text = " ".join('"' + w.replace('"', "") + '"' for w in found)
    doc_test = test.replace("search_events", "search_documents")
    return (f"(id IN (SELECT event FROM search_events WHERE {test}) OR id IN (SELECT r.event FROM reports r WHERE "
            f"r.document IN (SELECT document FROM search_documents WHERE {doc_test})))"), [text, text]


def matching_events(store: "Store", query: str) -> list[str]:
    """The ids of the events a query finds (see match_clause), each of the two lookups run on its own."""
    found = words(query)
    if not found:
        return []
    if store.postgres:
        test, text = "tsv @@ plainto_tsquery('english', ?)", " ".join(found)
    else:
        test, text = "search_events MATCH ?", " ".join('"' + w.replace('"', "") + '"' for w in found)
    events = {e for (e,) in store.execute(f"SELECT event FROM search_events WHERE {test}", (text,)).fetchall()}
    test = test.replace("search_events", "search_documents")
    events |= {e for (e,) in store.execute(
        f"SELECT DISTINCT r.event FROM reports r WHERE r.event IS NOT NULL AND r.document IN "
        f"(SELECT document FROM search_documents WHERE {test})", (text,)).fetchall()}
    return sorted(events)


def _pattern(query: str) -> re.Pattern[str] | None:
    """A word of the query and what a stemmer would fold into it: 'meeting' finds 'meetings', 'meet' finds 'met' not."""
    found = sorted({w.lower() for w in words(query)}, key=len, reverse=True)
    if not found:
        return None
    stems = [re.escape(w[:-1] if len(w) > 4 and w.endswith("s") else w) for w in found]
    return re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)


def highlight(text: str, query: str) -> str:
    """`text` HTML-escaped, with the query's words wrapped in <mark> (the only markup in the answer)."""
    pattern = _pattern(query)
    if pattern is None:
        return html.escape(text)
    out, last = [], 0
    for hit in pattern.finditer(text):
        out.append(html.escape(text[last : hit.start()]))
        out.append("<mark>" + html.escape(hit.group(0)) + "</mark>")
        last = hit.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(text: str, query: str, width: int = 90) -> str | None:
    """The passage around the first hit in `text`, highlighted; None when no word is in it."""
    pattern = _pattern(query)
    hit = pattern.search(text) if pattern else None
    if hit is None:
        return None
    start, end = max(0, hit.start() - width), min(len(text), hit.end() + width)
    if start:  # whole words only
        space = text.find(" ", start, hit.start())
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", hit.end(), end)
        end = space if space >= 0 else end
    passage = " ".join(text[start:end].split())
    return ("… " if start else "") + highlight(passage, query) + (" …" if end < len(text) else "")


def event_highlight(row: dict[str, Any], query: str, articles: dict[str, tuple[str, str]]) -> str:
    """What the table shows for an event a query found: its first evidence sentence with a hit, or else the
    passage of the reporting article (title, then body) where the words are."""
    pattern = _pattern(query)
    sentences = [s["sentence"] for s in row.get("sources", [])]
    for sentence in sentences:
        if pattern and pattern.search(sentence):
            return highlight(sentence, query)
    for source in row.get("sources", []):
        title, body = articles.get(source["document"], ("", ""))
        found = snippet(title, query) or snippet(body, query)
        if found:
            return found
    return highlight(sentences[0] if sentences else "", query)
