"""Keeping a relationship current: saved sources polled on a schedule, saved queries that report new events.

All state is in the store, so a restarted watcher goes on where it stopped:
each saved source remembers the addresses it has already given (an address is
fetched once, unless its last try failed in a way that may pass), and each
saved query (an alert) remembers the documents it has already looked at. An
event is new to an alert when every document that reports it is new to the
alert: another article about a meeting already reported does not report it
again. A query is marked as having seen its documents only once its report
was delivered, so a webhook that is down is tried again on the next run.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from .errors import InputError
from .ingest.fetch import Fetcher, is_address
from .records import Event
from .store.database import Store

JOINERS = {"and", "or", "the", "of", "between", "with", "in", "on", "&", "-"}
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
KINDS = ("meeting", "visit", "agreement", "intent", "exercise", "institution", "plan", "statement",
         "arms_transfer", "training")


@dataclass(frozen=True)
class Watched:
    url: str
    every: int
    """Seconds between two polls."""
    next_due: float
    last_run: str | None
    last_error: str | None
    seen: int
    etag: str | None = None
    modified: str | None = None
    """The validators of the last answer, sent back so that an unchanged feed costs the site nothing."""

    @property
    def validators(self) -> dict[str, str]:
        return {k: v for k, v in (("If-None-Match", self.etag), ("If-Modified-Since", self.modified)) if v}


@dataclass(frozen=True)
class Alert:
    id: int
    query: str
    filters: dict[str, Any]
    """Keyword arguments of `accord.api.events`."""
    jsonl: str | None = None
    webhook: str | None = None

    @property
    def target(self) -> str:
        return self.webhook or self.jsonl or "printed"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def parse_every(text: str) -> int:
    """'1h', '30m', '1d12h', '900' (seconds) to seconds."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    parts = re.findall(r"(\d+)\s*([smhdw])", text)
    if not parts or re.sub(r"\d+\s*[smhdw]", "", text).strip():
        raise InputError(f"'{text}' is not an interval; use e.g. 15m, 1h, 1d or a number of seconds")
    return sum(int(n) * UNITS[unit] for n, unit in parts)


def parse_query(query: str, countries: Iterable[str]) -> dict[str, Any]:
    """'PAK RUS exercise' as event filters: state codes in capitals, kinds (plurals too), and the rest (joining
    words left out) as part of an actor's name."""
    codes = {c.upper() for c in countries}
    found: dict[str, Any] = {"country": [], "kind": []}
    rest = []
    for word in query.split():
        lowered = word.lower().rstrip(",")
        if lowered in JOINERS:
            continue
        if word in codes:  # in capitals only: "and" is a word, "AND" is Andorra
            found["country"].append(word)
        elif lowered in KINDS or (lowered.endswith("s") and lowered[:-1] in KINDS):
            found["kind"].append(lowered if lowered in KINDS else lowered[:-1])
        else:
            rest.append(word)
    if rest:
        found["actor"] = " ".join(rest)
    return found


def check_filters(filters: dict[str, Any]) -> None:
    """The checks `accord events` makes on its filters, made when a query is saved rather than at its first run."""
    for key in ("since", "until"):
        bound = filters.get(key)
        if bound is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", bound):
            raise InputError(f"'{bound}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    unknown = set(filters.get("kind", [])) - set(KINDS)
    if unknown:
        raise InputError(f"unknown event kind {', '.join(sorted(unknown))}; use one of {', '.join(KINDS)}")


# -- saved sources ---------------------------------------------------------------------------------------

def add_source(store: Store, url: str, every: int) -> Watched:
    if not is_address(url):
        raise InputError(f"'{url}' is not a web address (http:// or https://)")
    if every < 60:
        raise InputError(f"polling every {every} s is not polite; use at least 1m")
    store.execute("INSERT INTO watch_sources (url, every, next_due, added_at) VALUES (?, ?, 0, ?) ON CONFLICT (url) "
                  "DO UPDATE SET every = excluded.every", (url, every, _now()))
    return next(s for s in sources(store) if s.url == url)


def sources(store: Store) -> list[Watched]:
    rows = store.execute("SELECT w.url, w.every, w.next_due, w.last_run, w.last_error, "
                         "(SELECT COUNT(*) FROM watch_seen s WHERE s.source = w.url), w.etag, w.modified "
                         "FROM watch_sources w ORDER BY w.url").fetchall()
    return [Watched(r[0], int(r[1]), float(r[2]), r[3], r[4], int(r[5]), r[6], r[7]) for r in rows]


def remove_source(store: Store, url: str) -> bool:
    known = store.execute("SELECT 1 FROM watch_sources WHERE url = ?", (url,)).fetchone() is not None
    store.execute("DELETE FROM watch_seen WHERE source = ?", (url,))
    store.execute("DELETE FROM watch_sources WHERE url = ?", (url,))
    return known


def due(store: Store, now: float, every_source: bool = False) -> list[Watched]:
    return [s for s in sources(store) if every_source or s.next_due <= now]


def seen(store: Store, source: str) -> set[str]:
    return {r[0] for r in store.execute("SELECT url FROM watch_seen WHERE source = ?", (source,)).fetchall()}


def mark_seen(store: Store, source: str, urls: Iterable[str]) -> None:
    when = _now()
    for url in urls:
        store.execute("INSERT INTO watch_seen VALUES (?, ?, ?) ON CONFLICT (source, url) DO NOTHING", (source, url, when))


def polled(store: Store, source: Watched, now: float, error: str | None, answer: dict[str, str] | None = None) -> None:
    """Record a poll; `answer` holds the headers of a fresh (200) answer, whose validators are kept for the next."""
    etag, modified = source.etag, source.modified
    if answer is not None:
        lowered = {k.lower(): v for k, v in answer.items()}
        etag, modified = lowered.get("etag"), lowered.get("last-modified")
    store.execute("UPDATE watch_sources SET next_due = ?, last_run = ?, last_error = ?, etag = ?, modified = ? WHERE url = ?",
                  (now + source.every, _now(), error, etag, modified, source.url))


# -- saved queries ---------------------------------------------------------------------------------------

def add_alert(store: Store, query: str, filters: dict[str, Any], jsonl: str | None, webhook: str | None) -> Alert:
    """A saved query; the documents already stored count as seen, so it reports what arrives from now on."""
    if webhook is not None and not is_address(webhook):
        raise InputError(f"webhook '{webhook}' is not a web address (http:// or https://)")
    row = store.execute("SELECT MAX(id) FROM alerts").fetchone()
    alert = Alert(int(row[0] or 0) + 1, query, filters, jsonl, webhook)
    store.execute("INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?)",
                  (alert.id, query, json.dumps(filters, sort_keys=True), jsonl, webhook, _now()))
    consider(store, alert, documents(store))
    return alert


def alerts(store: Store) -> list[Alert]:
    rows = store.execute("SELECT id, query, filters, jsonl, webhook FROM alerts ORDER BY id").fetchall()
    return [Alert(int(r[0]), r[1], json.loads(r[2]), r[3], r[4]) for r in rows]


def remove_alert(store: Store, alert_id: int) -> bool:
    known = store.execute("SELECT 1 FROM alerts WHERE id = ?", (alert_id,)).fetchone() is not None
    store.execute("DELETE FROM alert_documents WHERE alert = ?", (alert_id,))
    store.execute("DELETE FROM alerts WHERE id = ?", (alert_id,))
    return known


def documents(store: Store) -> set[str]:
    return {r[0] for r in store.execute("SELECT id FROM documents").fetchall()}


def unseen(store: Store, alert: Alert) -> set[str]:
    """Documents in the store that this alert has not looked at yet."""
    known = {r[0] for r in store.execute("SELECT document FROM alert_documents WHERE alert = ?", (alert.id,)).fetchall()}
    return documents(store) - known


def consider(store: Store, alert: Alert, docs: Iterable[str]) -> None:
    for document in docs:
        store.execute("INSERT INTO alert_documents VALUES (?, ?) ON CONFLICT (alert, document) DO NOTHING",
                      (alert.id, document))


def new_events(found: Iterable[Event], new_documents: set[str]) -> list[Event]:
    """Events reported only by documents the alert has not seen: the first reports of something."""
    return [e for e in found if e.sources and all(s.document in new_documents for s in e.sources)]


def deliver(alert: Alert, payloads: list[dict[str, Any]], fetcher: Fetcher | None) -> str | None:
    """Append the new events as JSON lines or post them to the webhook; None when done, else why not.

    Printing is the caller's job (it owns the terminal).
    """
    if alert.jsonl:
        try:
            with open(alert.jsonl, "a", encoding="utf-8") as fh:
                for payload in payloads:
                    fh.write(json.dumps(payload, ensure_ascii=False) + "\n")
        except OSError as err:
            return f"cannot append to {alert.jsonl}: {err.strerror or err}"
    if alert.webhook:
        if fetcher is None:
            return "no HTTP client to post with"
        failed = fetcher.post_json(alert.webhook, {"alert": alert.id, "query": alert.query, "events": payloads})
        if failed:
            return f"webhook {alert.webhook}: {failed}"
    return None
