"""Reading the resolved record: SQL that touches only what it returns.

The tables are written by `store.resolution` as each document is stored. Reads never resolve: they
select rows by indexed columns (states, kinds, actors, confidence, sources, dates) in the order the
record is kept, and take the one last step that depends on the newest article (open or unreported
promises) as they read.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from ..offices import OfficeTable, Tenure, office_key
from ..records import Actor, Article, Event, actor_from_dict, article_from_dict, event_from_dict
from .database import Store
from .resolution import finish_promise
from .search import match_clause, matching_events

DERIVED = ["mentions", "mention_keys", "reports", "actors", "actor_names", "tenures", "events", "event_countries",
           "event_actors", "event_series", "document_actors", "series", "series_keys", "promises", "search_events",
           "event_outlets", "event_places"]
"""Tables derived from the documents; a rebuild empties and refills them (aliases are kept: they are history)."""


@dataclass
class Changes:
    """What a resolution changed against the one before it, by id."""

    events_kept: int = 0
    events_new: int = 0
    events_gone: list[str] = field(default_factory=list)
    events_joined: list[str] = field(default_factory=list)
    """old event ids that now are aliases of another event"""
    actors_kept: int = 0
    actors_new: int = 0
    actors_gone: list[str] = field(default_factory=list)
    actors_joined: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"events: {self.events_kept} kept, {self.events_new} new, {len(self.events_joined)} joined another, "
                f"{len(self.events_gone)} gone; actors: {self.actors_kept} kept, {self.actors_new} new, "
                f"{len(self.actors_joined)} joined another, {len(self.actors_gone)} gone")


def meta(store: Store, key: str) -> str | None:
    row = store.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


# Reading ---------------------------------------------------------------------------------------------

BANDS = {"high": (0.8, None), "medium": (0.5, 0.8), "low": (None, 0.5)}
"""Confidence bands of the facets and the `confidence` filter: [low, high) bounds."""

SORTS = {"date": "date IS NULL, date{c} {d}, sort_key, id", "kind": "kind{c} {d}, sort_key, id",
         "confidence": "confidence {d}, sort_key, id", "sources": "documents {d}, sort_key, id"}
"""`sort=` keys; a leading '-' reverses the first column (undated events stay last by date either way)."""


@dataclass
class EventFilter:
    """The filters of `accord events` and `/api/events`, as SQL over the event tables.

    Values arrive resolved (state codes, kind names: accord.query does that). Several states or people mean
    events with all of them (a relationship); several kinds, statuses, outlets, years or bands mean any of them.
    """

    country: Iterable[str] = ()
    kind: Iterable[str] = ()
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    min_confidence: float = 0.0
    sources_min: int = 1
    status: Iterable[str] = ()
    people: Iterable[str] = ()
    outlets: Iterable[str] = ()
    years: Iterable[str] = ()
    bands: Iterable[str] = ()
    q: str | None = None
    ids: list[str] | None = None
    """the events a search found, when it was run once for several queries (see `searched`)"""

    def empty(self) -> bool:
        return not (list(self.country) or list(self.kind) or self.actor or self.since or self.until
                    or self.min_confidence > 0 or self.sources_min > 1 or list(self.status) or list(self.people)
                    or list(self.outlets) or list(self.years) or list(self.bands) or self.q or self.ids is not None)

    def without(self, facet: str) -> "EventFilter":
        """The same filter with one facet's own values dropped (a facet counts with every other filter)."""
        field_of = {"state": "country", "kind": "kind", "status": "status", "person": "people", "outlet": "outlets",
                    "year": "years", "confidence": "bands"}
        changes: dict[str, Any] = {field_of[facet]: ()}
        return replace(self, **changes)

    def where(self, postgres: bool) -> tuple[str, list[Any]]:
        collate = ' COLLATE "C"' if postgres else ""
        clauses: list[str] = []
        params: list[Any] = []

        def any_of(column: str, values: list[str]) -> None:
            marks = ", ".join("?" * len(values))
            clauses.append(f"{column} IN ({marks})")
            params.extend(values)

        def each(table: str, column: str, values: Iterable[str]) -> None:
            """Events linked to every one of `values`."""
            for value in dict.fromkeys(values):
                clauses.append(f"id IN (SELECT event FROM {table} WHERE {column} = ?)")
                params.append(value)

        each("event_countries", "country", (c.upper() for c in self.country))
        kinds = list(dict.fromkeys(self.kind))
        if kinds:
            marks = ", ".join("?" * len(kinds))
            clauses.append(f"(kind IN ({marks}) OR planned_kind IN ({marks}))")
            params += kinds + kinds
        if self.actor:
            pattern = "%" + self.actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append("id IN (SELECT ea.event FROM event_actors ea JOIN actor_names n ON n.actor = ea.actor "
                           "WHERE n.name LIKE ? ESCAPE '\\')")
            params.append(pattern)
        if self.since:
            clauses.append(f"date IS NOT NULL AND date{collate} >= substr(CAST(? AS TEXT), 1, length(date)){collate}")
            params.append(self.since)
        if self.until:
            clauses.append(f"date IS NOT NULL AND substr(date, 1, length(CAST(? AS TEXT))){collate} <= CAST(? AS TEXT){collate}")
            params += [self.until, self.until]
        if self.min_confidence > 0:
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        if self.sources_min > 1:
            clauses.append("documents >= ?")
            params.append(self.sources_min)
        statuses = list(dict.fromkeys(self.status))
        if statuses:
            any_of("status", statuses)
        each("event_actors", "actor", self.people)
        outlets = list(dict.fromkeys(self.outlets))
        if outlets:
            marks = ", ".join("?" * len(outlets))
            clauses.append(f"id IN (SELECT event FROM event_outlets WHERE outlet IN ({marks}))")
            params += outlets
        years = list(dict.fromkeys(self.years))
        if years:
            dated = [y for y in years if y != "undated"]
            parts = [f"substr(date, 1, 4) IN ({', '.join('?' * len(dated))})"] if dated else []
            params += dated
            if "undated" in years:
                parts.append("date IS NULL")
            clauses.append("(" + " OR ".join(parts) + ")")
        bands = list(dict.fromkeys(self.bands))
        if bands:
            parts = []
            for band in bands:
                low, high = BANDS[band]
                bounds = ([f"confidence >= {low}"] if low is not None else []) + ([f"confidence < {high}"] if high else [])
                parts.append("(" + " AND ".join(bounds) + ")")
            clauses.append("(" + " OR ".join(parts) + ")")
        if self.ids is not None:
            clauses.append("id IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))" if postgres
                           else "id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(self.ids))
        if self.q:
            clause, values = match_clause(self.q, postgres)
            clauses.append(clause)
            params += values
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def searched(store: Store, flt: EventFilter) -> EventFilter:
    """The filter with its search run once: the ids it finds in place of the words, so that the several queries of
    one view (a page and its count, the facets) do not each search the text again."""
    if not flt.q:
        return flt
    found = matching_events(store, flt.q)
    if flt.ids is not None:
        kept = set(flt.ids)
        found = [i for i in found if i in kept]
    return replace(flt, q=None, ids=found)


def order_by(sort: str | None, postgres: bool) -> str:
    """The ORDER BY of a `sort=` key ('date', '-confidence'...); none keeps the record's order."""
    if not sort:
        return "sort_key, id"
    key = sort.lstrip("-")
    return SORTS[key].format(c=' COLLATE "C"' if postgres else "", d="DESC" if sort.startswith("-") else "ASC")


def _finished(row: dict[str, Any], newest: str | None) -> dict[str, Any]:
    if row.get("promise"):
        row["promise"] = finish_promise(row["promise"], newest)
    return row


def newest(store: Store) -> str | None:
    return meta(store, "newest") or None


def event_rows(store: Store, flt: EventFilter, limit: int | None = None, offset: int = 0,
               sort: str | None = None) -> list[dict[str, Any]]:
    """Events as the export writes them (with their promise), in record order or `sort`'s, one page when `limit`
    is given."""
    where, params = flt.where(store.postgres)
    order = order_by(sort, store.postgres)
    sql = f"SELECT data FROM events{where} ORDER BY {order}"
    if limit is not None and (sort or where):
        # the page is chosen from the index of the sorted columns; only its rows (and their JSON) are read
        hint = "" if store.postgres else " INDEXED BY events_facets"
        sql = (f"SELECT data FROM events WHERE id IN (SELECT id FROM events{hint}{where} ORDER BY {order} LIMIT ? OFFSET ?) "
               f"ORDER BY {order}")
        params = params + [limit, offset]
    elif limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = params + [limit, offset]
    last = newest(store)
    return [_finished(json.loads(data), last) for (data,) in store.execute(sql, tuple(params)).fetchall()]


def count_events(store: Store, flt: EventFilter) -> int:
    if flt.empty():
        stored = meta(store, "events")
        if stored:
            return int(stored)
    where, params = flt.where(store.postgres)
    hint = "" if store.postgres else " INDEXED BY events_facets"  # the filtered columns, not the rows' JSON
    return int(store.execute(f"SELECT COUNT(*) FROM events{hint}{where}", tuple(params)).fetchone()[0])


def to_event(row: dict[str, Any]) -> Event:
    fields = {k: row[k] for k in ("id", "kind", "plover", "cameo", "date", "date_precision", "status", "countries",
                                  "participants", "sources", "summary", "confidence", "location", "planned_kind",
                                  "notes", "series")}
    return event_from_dict(fields)


def resolve_id(store: Store, item_id: str) -> str:
    """The id an old id now stands for: itself, or the event or actor it joined."""
    row = store.execute("SELECT target FROM aliases WHERE alias = ?", (item_id,)).fetchone()
    return row[0] if row else item_id


def event_row(store: Store, event_id: str) -> dict[str, Any] | None:
    row = store.execute("SELECT data FROM events WHERE id = ?", (resolve_id(store, event_id),)).fetchone()
    return _finished(json.loads(row[0]), newest(store)) if row else None


def actor_rows(store: Store, ids: Iterable[str] | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Actors in record order: all of them, a page, or those with the given ids."""
    if ids is not None:
        wanted = list(dict.fromkeys(ids))
        out = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            out += [r for r in store.execute(f"SELECT sort_key, id, data FROM actors WHERE id IN ({marks})", tuple(chunk)).fetchall()]
        return [json.loads(d) for *_, d in sorted(out)]
    sql, params = f"SELECT data FROM actors ORDER BY sort_key{_c(store)}, id", tuple[Any, ...]()
    if limit is not None:
        sql, params = sql + " LIMIT ? OFFSET ?", (limit, offset)
    return [json.loads(d) for (d,) in store.execute(sql, params).fetchall()]


def actor_ids_named(store: Store, name: str, exact: bool) -> list[str]:
    if exact:
        rows = store.execute("SELECT DISTINCT actor FROM actor_names WHERE name = ?", (name.lower(),)).fetchall()
    else:
        pattern = "%" + name.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = store.execute("SELECT DISTINCT actor FROM actor_names WHERE name LIKE ? ESCAPE '\\'", (pattern,)).fetchall()
    return [r[0] for r in rows]


def to_actor(row: dict[str, Any]) -> Actor:
    return actor_from_dict({k: row[k] for k in ("id", "name", "type", "country", "aliases", "roles", "documents")})


def event_counts(store: Store, actor_ids: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for start in range(0, len(actor_ids), 500):
        chunk = actor_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        out.update({a: int(n) for a, n in store.execute(
            f"SELECT actor, COUNT(*) FROM event_actors WHERE actor IN ({marks}) GROUP BY actor", tuple(chunk)).fetchall()})
    return out


def events_of_actor(store: Store, actor_id: str) -> list[dict[str, Any]]:
    rows = store.execute("SELECT e.data FROM events e JOIN event_actors ea ON ea.event = e.id WHERE ea.actor = ? "
                         "ORDER BY e.sort_key, e.id", (actor_id,)).fetchall()
    last = newest(store)
    return [_finished(json.loads(d), last) for (d,) in rows]


def documents(store: Store) -> list[Article]:
    rows = store.execute("SELECT extraction FROM documents ORDER BY seq, source, id").fetchall()
    return [article_from_dict(json.loads(d)["article"]) for (d,) in rows]


def document_actors(store: Store) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for document, actor in store.execute(
            f"SELECT da.document, da.actor FROM document_actors da JOIN actors a ON a.id = da.actor "
            f"ORDER BY da.document, a.sort_key{_c(store)}, a.id").fetchall():
        found.setdefault(document, []).append(actor)
    return found


def offices(store: Store, abbreviations: dict[str, str]) -> OfficeTable:
    table = OfficeTable()
    for person, office, country, first, last, from_dictionary in store.execute(
            "SELECT person, office, country, first_seen, last_seen, from_dictionary FROM tenures ORDER BY person, n").fetchall():
        table.tenures.append(Tenure(person, office, office_key(office, abbreviations), country, first, last, bool(from_dictionary)))
    return table


def series_rows(store: Store) -> list[dict[str, Any]]:
    return [json.loads(d) for (d,) in store.execute(f"SELECT data FROM series ORDER BY sort_key{_c(store)}, id").fetchall()]


def promise_rows(store: Store, status: str | None = None) -> list[dict[str, Any]]:
    """Promises in the order of their plans in the record."""
    last = newest(store)
    rows = [finish_promise(json.loads(d), last) for (d,) in store.execute("SELECT data FROM promises ORDER BY sort_key, plan").fetchall()]
    return [r for r in rows if status is None or r["status"] == status]


def _c(store: Store) -> str:
    """Names sort by code point on both databases (PostgreSQL would otherwise follow its locale)."""
    return ' COLLATE "C"' if store.postgres else ""
