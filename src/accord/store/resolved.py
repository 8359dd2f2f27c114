"""The resolved record in tables: written by the write paths, read by SQL that touches only what it returns.

Resolution (actors, fused events, conflicts, series, editions, promises) is derived from the stored
documents by `accord.api.resolve` and written here in one transaction, so a reader sees either the
whole previous resolution or the whole new one. Reads never resolve: they select rows by indexed
columns (states, kinds, actors, confidence, sources, dates) in the order the record is kept.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from ..offices import OfficeTable, Tenure, office_key
from ..records import Actor, Article, Event, actor_from_dict, article_from_dict, event_from_dict
from .database import Store

if TYPE_CHECKING:
    from ..api import Record

DERIVED = ["actors", "actor_names", "events", "event_countries", "event_actors", "document_actors", "aliases", "tenures",
           "series", "promises"]


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


def _ids(store: Store, table: str) -> set[str]:
    return {r[0] for r in store.execute(f"SELECT id FROM {table}").fetchall()}


def write(store: Store, rec: "Record", event_rows: list[dict[str, Any]], actor_rows: list[dict[str, Any]],
          stamp: dict[str, str]) -> Changes:
    """Replace the stored resolution with `rec` (its events and actors already in export form) in one transaction.

    Aliases accumulate: an id that was ever exported and is no longer an event or actor of its own keeps
    resolving to the one it joined. `stamp` records what the resolution was made from (documents, settings).
    """
    store._begin()
    try:
        old_events, old_actors = _ids(store, "events"), _ids(store, "actors")
        old_aliases = dict(store.execute("SELECT alias, target FROM aliases").fetchall())
        for table in DERIVED:
            store.execute(f"DELETE FROM {table}")
        new_events = {e.id for e in rec.events}
        new_actors = {a.id for a in rec.actors}
        aliases = {**old_aliases, **rec.aliases}
        for alias, target in list(aliases.items()):
            # an alias points at the id that now stands for it; an id that is an event again is no alias
            hops = 0
            while target in aliases and target not in new_events | new_actors and hops < 20:
                target, hops = aliases[target], hops + 1
            aliases[alias] = target
        aliases = {a: t for a, t in aliases.items() if a not in new_events | new_actors and t in new_events | new_actors}
        changes = Changes(
            events_kept=len(old_events & new_events), events_new=len(new_events - old_events),
            events_gone=sorted(old_events - new_events - set(aliases)), events_joined=sorted((old_events - new_events) & set(aliases)),
            actors_kept=len(old_actors & new_actors), actors_new=len(new_actors - old_actors),
            actors_gone=sorted(old_actors - new_actors - set(aliases)), actors_joined=sorted((old_actors - new_actors) & set(aliases)))
        for n, (actor, row) in enumerate(zip(rec.actors, actor_rows)):
            store.execute("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?)",
                          (actor.id, n, actor.name, actor.type, actor.country, json.dumps(row, ensure_ascii=False)))
            for name in {actor.name.lower(), *(a.lower() for a in actor.aliases)}:
                store.execute("INSERT INTO actor_names VALUES (?, ?)", (name, actor.id))
        for n, (event, row) in enumerate(zip(rec.events, event_rows)):
            store.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (event.id, f"{n:012d}", event.kind, event.planned_kind, event.status, event.date, event.confidence,
                           len({s.document for s in event.sources}), event.series.name if event.series else None,
                           json.dumps(row, ensure_ascii=False)))
            for country in set(event.countries):
                store.execute("INSERT INTO event_countries VALUES (?, ?)", (country.upper(), event.id))
            for actor_id in set(event.participants):
                store.execute("INSERT INTO event_actors VALUES (?, ?)", (actor_id, event.id))
        for document, actors in rec.document_actors.items():
            for actor_id in dict.fromkeys(actors):
                store.execute("INSERT INTO document_actors VALUES (?, ?)", (document, actor_id))
        for alias, target in aliases.items():
            store.execute("INSERT INTO aliases VALUES (?, ?)", (alias, target))
        for n, t in enumerate(rec.offices.tenures):
            store.execute("INSERT INTO tenures VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (n, t.person, t.office, t.country, t.first_seen, t.last_seen, int(t.from_dictionary)))
        for n, s in enumerate(rec.series):
            store.execute("INSERT INTO series VALUES (?, ?, ?)", (s.id, n, json.dumps(asdict(s), ensure_ascii=False)))
        for p in rec.promises:
            store.execute("INSERT INTO promises VALUES (?, ?, ?)", (p.plan, p.status, json.dumps(asdict(p), ensure_ascii=False)))
        stamp = {**stamp, "resolved_events": str(len(rec.events))}
        for key, value in stamp.items():
            store.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
        store.execute("COMMIT")
    except BaseException:
        store.execute("ROLLBACK")
        raise
    return changes


def meta(store: Store, key: str) -> str | None:
    row = store.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


# Reading ---------------------------------------------------------------------------------------------

@dataclass
class EventFilter:
    """The filters of `accord events` and `/api/events`, as SQL over the event tables."""

    country: Iterable[str] = ()
    kind: Iterable[str] = ()
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    min_confidence: float = 0.0
    sources_min: int = 1

    def empty(self) -> bool:
        return not (list(self.country) or list(self.kind) or self.actor or self.since or self.until
                    or self.min_confidence > 0 or self.sources_min > 1)

    def where(self, postgres: bool) -> tuple[str, list[Any]]:
        collate = ' COLLATE "C"' if postgres else ""
        clauses: list[str] = []
        params: list[Any] = []
        for country in dict.fromkeys(c.upper() for c in self.country):
            clauses.append("id IN (SELECT event FROM event_countries WHERE country = ?)")
            params.append(country)
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
            clauses.append(f"date IS NOT NULL AND date{collate} >= substr(?, 1, length(date)){collate}")
            params.append(self.since)
        if self.until:
            clauses.append(f"date IS NOT NULL AND substr(date, 1, length(?)){collate} <= ?{collate}")
            params += [self.until, self.until]
        if self.min_confidence > 0:
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        if self.sources_min > 1:
            clauses.append("documents >= ?")
            params.append(self.sources_min)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def event_rows(store: Store, flt: EventFilter, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Events in record order as the export writes them (with their promise), one page when `limit` is given."""
    where, params = flt.where(store.postgres)
    sql = f"SELECT data FROM events{where} ORDER BY sort_key, id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = params + [limit, offset]
    return [json.loads(data) for (data,) in store.execute(sql, tuple(params)).fetchall()]


def count_events(store: Store, flt: EventFilter) -> int:
    if flt.empty():
        stored = meta(store, "resolved_events")
        if stored is not None:
            return int(stored)
    where, params = flt.where(store.postgres)
    return int(store.execute(f"SELECT COUNT(*) FROM events{where}", tuple(params)).fetchone()[0])


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
    return json.loads(row[0]) if row else None


def actor_rows(store: Store, ids: Iterable[str] | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Actors in record order: all of them, a page, or those with the given ids."""
    if ids is not None:
        wanted = list(dict.fromkeys(ids))
        out = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            out += [r for r in store.execute(f"SELECT position, data FROM actors WHERE id IN ({marks})", tuple(chunk)).fetchall()]
        return [json.loads(d) for _, d in sorted(out)]
    sql, params = "SELECT data FROM actors ORDER BY position", tuple[Any, ...]()
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
    return [json.loads(d) for (d,) in rows]


def documents(store: Store) -> list[Article]:
    rows = store.execute("SELECT extraction FROM documents ORDER BY seq, source, id").fetchall()
    return [article_from_dict(json.loads(d)["article"]) for (d,) in rows]


def document_actors(store: Store) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for document, actor in store.execute(
            "SELECT da.document, da.actor FROM document_actors da JOIN actors a ON a.id = da.actor "
            "ORDER BY da.document, a.position").fetchall():
        found.setdefault(document, []).append(actor)
    return found


def offices(store: Store, abbreviations: dict[str, str]) -> OfficeTable:
    table = OfficeTable()
    for person, office, country, first, last, from_dictionary in store.execute(
            "SELECT person, office, country, first_seen, last_seen, from_dictionary FROM tenures ORDER BY position").fetchall():
        table.tenures.append(Tenure(person, office, office_key(office, abbreviations), country, first, last, bool(from_dictionary)))
    return table


def series_rows(store: Store) -> list[dict[str, Any]]:
    return [json.loads(d) for (d,) in store.execute("SELECT data FROM series ORDER BY position").fetchall()]


def promise_rows(store: Store, status: str | None = None) -> list[dict[str, Any]]:
    """Promises in the order of their plans in the record."""
    sql = "SELECT p.data FROM promises p JOIN events e ON e.id = p.plan"
    params: tuple[Any, ...] = ()
    if status:
        sql, params = sql + " WHERE p.status = ?", (status,)
    return [json.loads(d) for (d,) in store.execute(sql + " ORDER BY e.sort_key", params).fetchall()]
