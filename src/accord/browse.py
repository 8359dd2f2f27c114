"""What the page reads: one filtered view of the record as a sorted page, facets with counts, a timeline,
a network, a relationship between two states and one event with all its sources.

Every function takes an EventFilter (accord.query builds it from what a user wrote) and answers from SQL over
the stored record (store/resolved.py, store/search.py), so the work follows the answer, not the store. A
store resolved with another actor dictionary or lexicon than the settings name cannot answer these views
(their tables would be stale); they say so in one line ("run accord rebuild"), but for a page of events under
the old filters, which is resolved in memory as `accord events` does.
"""
from __future__ import annotations

import json
import os
import re
import threading
from collections import Counter, OrderedDict, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Iterator

from . import names
from .errors import FilterError, StoreError
from .nlp.dates import YEAR
from .settings import Settings
from .store import resolved as tables
from .store.database import Store
from .store.resolved import EventFilter
from .store.search import event_highlight

PERSON_FACET = 50
CACHED = 128
"""answers of the counting views kept per SQLite store, until the store's files change"""
_answers: "OrderedDict[tuple[Any, ...], str]" = OrderedDict()
_answers_lock = threading.Lock()


def _revision(settings: Settings) -> tuple[Any, ...] | None:
    """What changes whenever a SQLite store is written (its file and its write-ahead log); None for PostgreSQL,
    whose answers are not kept."""
    if settings.db.startswith(("postgresql://", "postgres://")):
        return None
    marks: list[Any] = []
    for path in (settings.db, settings.db + "-wal"):
        try:
            found = os.stat(path)
            marks += [found.st_mtime_ns, found.st_size]
        except OSError:
            marks += [None, None]
    return tuple(marks)


def _kept(view: str, settings: Settings, args: tuple[Any, ...], compute: Any) -> Any:
    """The answer of a counting view (facets, timeline, network, places, relationship), computed once per state of
    the store: the page asks the same views again on back, forward and reload. Kept as JSON text, so each caller
gets its own copy."""
    revision = _revision(settings)
    if revision is None:
        return compute()
    from .api import _stamp

    key = (view, settings.db, _stamp(settings), revision, repr(args))  # the dictionary's content counts too
    with _answers_lock:
        if key in _answers:
            _answers.move_to_end(key)
            return json.loads(_answers[key])
    answer = compute()
    if _revision(settings) == revision:  # not written meanwhile
        with _answers_lock:
            _answers[key] = json.dumps(answer)
            while len(_answers) > CACHED:
                _answers.popitem(last=False)
    return answer


@contextmanager
def reader(settings: Settings) -> Iterator[Store]:
    """The store, read-only, with a resolution made with these settings."""
    from .api import _resolution_current

    with Store(settings.db, readonly=True) as store:
        if not _resolution_current(store, settings):
            raise StoreError(f"{settings.db} was resolved with another actor dictionary or lexicon; run `accord rebuild` "
                             "to browse it with these")
        yield store


def prepared(store: Store, flt: EventFilter) -> EventFilter:
    """The filter as the store can answer it: each person's id as it is now (the old id of an actor that joined
    another stands for it, as /api/actors/OLD does; an id nobody has is refused, not answered with nothing), and
    the search run once."""
    if flt.people:
        people = []
        for person in flt.people:
            now = tables.resolve_id(store, person)
            if not store.execute("SELECT 1 FROM actors WHERE id = ?", (now,)).fetchone():
                raise FilterError("person", person, f"unknown person '{person}'", "give an actor id, as /api/facets lists them")
            people.append(now)
        flt = replace(flt, people=people)
    return tables.searched(store, flt)


def _among(column: str, flt: EventFilter, postgres: bool) -> tuple[str, list[Any]]:
    """' AND column IN (the ids the filter passes)', or nothing when it passes every event (no subquery to run)."""
    where, params = flt.where(postgres)
    return (f" AND {column} IN (SELECT id FROM events{where})", params) if where else ("", [])


def _collate(store: Store) -> str:
    return ' COLLATE "C"' if store.postgres else ""


# Events ----------------------------------------------------------------------------------------------

def _documents(store: Store, ids: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for doc, source, title, published, outlet in store.execute(
                f"SELECT id, source, title, published, outlet FROM documents WHERE id IN ({marks})", tuple(chunk)).fetchall():
            out[doc] = {"source": source, "title": title, "published": published, "outlet": outlet,
                        "url": source if re.match(r"https?://", source or "") else None}
    return out


def _bodies(store: Store, ids: set[str]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for doc in sorted(ids):
        row = store.execute("SELECT title, body FROM documents WHERE id = ?", (doc,)).fetchone()
        if row:
            out[doc] = (row[0] or "", row[1] or "")
    return out


DATE_WORDS = re.compile(
    r"\b(?:(?:on|last|next|this|earlier this|later this|by|in|since|from|until)\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tomorrow|(?:last|next|this) (?:week|month|year)"
    r"|(?:\d{1,2}\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?|\d{4}-\d{2}(?:-\d{2})?|(?:19|20)\d{2})\b", re.IGNORECASE)
RELATIVE = re.compile(r"day|week|month|today|tomorrow|yesterday|^(?!.*\d{4})", re.IGNORECASE)


def date_reason(row: dict[str, Any], documents: dict[str, dict[str, Any]]) -> str:
    """Why the event's date is what it is, in words: the date words of its evidence and what anchored them."""
    first = row["sources"][0] if row.get("sources") else None
    published = documents.get(first["document"], {}).get("published") if first else None
    notes = "; ".join(row.get("notes") or [])
    tail = f" ({notes})" if notes else ""
    if not row.get("date"):
        return "undated: the evidence names no time the event can be placed at" + tail
    precision = row.get("date_precision") or "unknown"
    said = [m.group(0) for m in DATE_WORDS.finditer(first["sentence"])] if first else []
    words = next((w for w in said if _agrees(w, row["date"])), None)
    if words is None:
        heard = ", ".join(f"'{w}'" for w in said)
        opening = (f"{row['date']} (to the {precision}): " +
                   (f"the date words of the evidence ({heard}) are not its date" if said else "the evidence names no date"))
        if published and row["date"] == published[: len(row["date"])]:
            return f"{opening}; the article's publication date" + tail
        where = f"; the article was published {published}" if published else ""
        return f"{opening}; it was placed from the article's context{where}" + tail
    if RELATIVE.search(words) and published:
        return f"'{words}', counted from the publication date {published} (to the {precision})" + tail
    return f"'{words}' in the evidence (to the {precision})" + tail


MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]


def _agrees(words: str, value: str) -> bool:
    """Date words that can have given this date: the same year, the same month, or words relative to a day."""
    year = YEAR.search(words)
    if year and year.group(0) != value[:4]:
        return False
    month = next((n for n, m in enumerate(MONTHS, 1) if m in words.lower()), None)
    if month and len(value) >= 7 and int(value[5:7]) != month:
        return False
    return True


def enrich(store: Store, rows: list[dict[str, Any]], q: str | None = None) -> list[dict[str, Any]]:
    """Stored event rows as the page shows them: states by name, people by name, each source with its article's
    title, outlet, date and address, why the date is what it is, and with a search the evidence highlighted."""
    documents = _documents(store, {s["document"] for r in rows for s in r.get("sources", [])})
    people = {a["id"]: a for a in tables.actor_rows(store, [p for r in rows for p in r["participants"]])}
    bodies = _bodies(store, {s["document"] for r in rows for s in r.get("sources", [])}) if q else {}
    out = []
    for row in rows:
        row = dict(row)
        row["states"] = [{"code": c, "name": names.state(c).name} for c in row["countries"]]
        row["people"] = [{"id": p, "name": people[p]["name"], "country": people[p].get("country"),
                          "type": people[p].get("type")} for p in row["participants"] if p in people]
        row["sources"] = [{**s, "evidence": s["sentence"], **{k: documents.get(s["document"], {}).get(k) for k in
                                                              ("title", "outlet", "published", "url")}}
                          for s in row.get("sources", [])]
        row["date_reason"] = date_reason(row, documents)
        if q:
            row["highlight"] = event_highlight(row, q, bodies)
        out.append(row)
    return out


@dataclass
class Page:
    total: int
    items: list[dict[str, Any]]


def _stale(settings: Settings) -> bool:
    from .api import _resolution_current

    with Store(settings.db, readonly=True) as store:
        return not _resolution_current(store, settings)


def event_page(settings: Settings, flt: EventFilter, sort: str | None = None, limit: int | None = 50,
               offset: int = 0) -> Page:
    """One sorted page of the events that pass the filter, with the number that pass. A store resolved with
    other settings still answers the old filters (resolved in memory, as `accord events` does), without the
    page's additions."""
    if _stale(settings):
        from .api import find_events

        page = find_events(settings, limit=limit, offset=offset, flt=flt, sort=sort)
        people = {a.id: a for a in page.actors}
        return Page(page.total, [{**r, "states": [{"code": c, "name": names.state(c).name} for c in r["countries"]],
                                  "people": [{"id": p, "name": people[p].name, "country": people[p].country,
                                              "type": people[p].type} for p in r["participants"] if p in people]}
                                 for r in page.rows])
    with reader(settings) as store:
        found = prepared(store, flt)
        rows = tables.event_rows(store, found, limit, offset, sort)
        total = tables.count_events(store, found) if limit is not None else len(rows)
        return Page(total, enrich(store, rows, flt.q))


def event_detail(settings: Settings, event_id: str) -> dict[str, Any] | None:
    with reader(settings) as store:
        row = tables.event_row(store, event_id)
        return enrich(store, [row])[0] if row else None


# Facets ----------------------------------------------------------------------------------------------

def _band(confidence: float) -> str:
    for band, (low, high) in tables.BANDS.items():
        if (low is None or confidence >= low) and (high is None or confidence < high):
            return band
    return "low"


def _facets(settings: Settings, flt: EventFilter) -> dict[str, list[dict[str, Any]]]:
    """Counts of each facet's values among the events that pass every other filter (a facet whose values an event
    has several of, states and people, keeps its own filter: a second state narrows to events with both)."""
    with reader(settings) as store:
        pg = store.postgres
        flt = prepared(store, flt)

        def run(sql: str, params: list[Any]) -> list[Any]:
            return list(store.execute(sql, tuple(params)).fetchall())

        out: dict[str, list[dict[str, Any]]] = {}
        collate = ' COLLATE "C"' if pg else ""
        # an event row carries its JSON: SQLite is told to count from the facets' index, never the rows
        facet_index = "" if pg else " INDEXED BY events_facets"
        among, params = _among("event", flt, pg)
        out["state"] = [{"value": c, "label": f"{names.state(c).name} ({c})", "name": names.state(c).name, "count": int(n)}
                        for c, n in run(f"SELECT country, COUNT(*) FROM event_countries WHERE 1 = 1{among} "
                                        "GROUP BY country", params)]
        where, params = flt.without("kind").where(pg)
        kinds: Counter[str] = Counter()
        for kind, planned, n in run(f"SELECT kind, planned_kind, COUNT(*) FROM events{facet_index}{where} GROUP BY kind, planned_kind",
                                    params):
            kinds[kind] += int(n)
            if planned and planned != kind:
                kinds[planned] += int(n)
        out["kind"] = [{"value": k, "label": k.replace("_", " "), "count": n} for k, n in kinds.items()]
        where, params = flt.without("status").where(pg)
        out["status"] = [{"value": s, "label": s, "count": int(n)}
                         for s, n in run(f"SELECT status, COUNT(*) FROM events{facet_index}{where} GROUP BY status", params)]
        among, params = _among("ea.event", flt, pg)
        out["person"] = [{"value": a, "label": f"{name} ({country})" if country else name, "name": name,
                          "country": country, "count": int(n)}
                         for a, name, country, n in run(
                             f"SELECT ea.actor, a.name, a.country, COUNT(*) FROM event_actors ea JOIN actors a ON "
                             f"a.id = ea.actor WHERE a.type = 'person'{among} GROUP BY ea.actor, a.name, a.country "
                             f"ORDER BY COUNT(*) DESC, a.name{collate}, ea.actor LIMIT {PERSON_FACET}", params)]
        among, params = _among("event", flt.without("outlet"), pg)
        out["outlet"] = [{"value": o, "label": o, "count": int(n)} for o, n in run(
            f"SELECT outlet, COUNT(*) FROM event_outlets WHERE 1 = 1{among} GROUP BY outlet", params)]
        where, params = flt.without("year").where(pg)
        out["year"] = [{"value": y or "undated", "label": y or "undated", "count": int(n)} for y, n in run(
            f"SELECT substr(date, 1, 4), COUNT(*) FROM events{facet_index}{where} GROUP BY substr(date, 1, 4)", params)]
        where, params = flt.without("confidence").where(pg)
        band = ("CASE WHEN confidence >= 0.8 THEN 'high' WHEN confidence >= 0.5 THEN 'medium' ELSE 'low' END")
        out["confidence"] = [{"value": b, "label": b, "count": int(n)} for b, n in run(
            f"SELECT {band}, COUNT(*) FROM events{facet_index}{where} GROUP BY {band}", params)]
    for key, items in out.items():
        if key == "year":
            items.sort(key=lambda i: (i["value"] == "undated", i["value"]))
        elif key == "confidence":
            items.sort(key=lambda i: list(tables.BANDS).index(i["value"]))
        elif key != "person":
            items.sort(key=lambda i: (-i["count"], i["label"]))
    return out


# Timeline --------------------------------------------------------------------------------------------

def _day(value: str) -> date:
    return date.fromisoformat((value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10])


def _bin(value: str, unit: str) -> tuple[str, str | None]:
    """The first day of the bin a date (of a day, a month or a year) falls in, and its last day when the bin is
    longer than the date itself."""
    if unit == "week" and len(value) == 10:
        start = _day(value) - timedelta(days=_day(value).weekday())
        return start.isoformat(), (start + timedelta(days=6)).isoformat()
    if unit == "month" and len(value) >= 7:
        start = _day(value[:7])
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return value[:7], end.isoformat()
    if unit == "year":
        return value[:4], f"{value[:4]}-12-31"
    return value, None


def _timeline(settings: Settings, flt: EventFilter, since: str | None = None, until: str | None = None,
             bins: int = 400) -> dict[str, Any]:
    """Events per day, kind and status (a plan under what is planned); undated ones apart; grouped by week, month
    or year when the range holds more than `bins` days. `since`/`until` narrow the range shown (the brush)."""
    if since or until:
        flt = replace(flt, since=since or flt.since, until=until or flt.until)
    with reader(settings) as store:
        flt = prepared(store, flt)
        where, params = flt.where(store.postgres)
        ids = "string_agg(id, ',')" if store.postgres else "group_concat(id, ',')"
        rows = [(when, kind, status, int(n), (joined or "").split(",")) for when, kind, status, n, joined in store.execute(
            f"SELECT date, COALESCE(planned_kind, kind), status, COUNT(*), {ids} FROM events"
            f"{'' if store.postgres else ' INDEXED BY events_facets'}{where} "
            f"GROUP BY date, COALESCE(planned_kind, kind), status", tuple(params)).fetchall()]
    dated = [r for r in rows if r[0]]
    span = (min(r[0] for r in dated), max(r[0] for r in dated)) if dated else (None, None)
    unit = "day"
    if dated:
        days = (_day(span[1]) - _day(span[0])).days + 1  # type: ignore[arg-type]
        unit = "day" if days <= bins else "week" if days / 7 <= bins else "month" if days / 30.4 <= bins else "year"
    groups: dict[tuple[str, str | None, str, str], list[Any]] = {}
    for when, kind, status, n, found in dated:
        start, end = _bin(when, unit)
        group = groups.setdefault((start, end, kind, status), [0, []])
        group[0] += n
        group[1] += found[: 20 - len(group[1])]
    out_dated = []
    for (start, end, kind, status), (n, found) in groups.items():
        item: dict[str, Any] = {"date": start, "kind": kind, "status": status, "count": n, "ids": sorted(found)}
        if end:
            item["until"] = end
        out_dated.append(item)
    out_dated.sort(key=lambda i: (i["date"], i["kind"], i["status"]))
    undated = sorted((kind, status, n, sorted(found[:20])) for when, kind, status, n, found in rows if not when)
    counts: Counter[tuple[str, str]] = Counter()
    for when, kind, _, n, _ in rows:
        counts[(when[:4] if when else "undated", kind)] += n
    return {"dated": out_dated, "unit": unit,
            "undated": [{"kind": k, "status": st, "count": n, "ids": found} for k, st, n, found in undated],
            "range": {"min": span[0], "max": span[1]},
            "buckets": [{"year": y, "kind": k, "events": n} for (y, k), n in sorted(counts.items())]}


# Network ---------------------------------------------------------------------------------------------

def _actor_columns(store: Store, ids: list[str]) -> dict[str, tuple[str, str, str | None]]:
    """id -> (name, type, country), from the table's columns (no JSON to read)."""
    out: dict[str, tuple[str, str, str | None]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for actor, name, kind, country in store.execute(
                f"SELECT id, name, type, country FROM actors WHERE id IN ({marks})", tuple(chunk)).fetchall():
            out[actor] = (name, kind, country)
    return out


def _graph(settings: Settings, flt: EventFilter, top: int = 40, limit: int = 500) -> dict[str, Any]:
    """States and people linked by the events they share: the `limit` nodes of most neighbours, each with its
    degree (distinct neighbours, in the whole view) and connected component (among the nodes given, numbered
    from the largest), the edges between them, and the `top` busiest nodes to label."""
    with reader(settings) as store:
        flt = prepared(store, flt)
        among, params = _among("event", flt, store.postgres)
        ends: dict[str, list[str]] = defaultdict(list)
        for event, country in store.execute(f"SELECT event, country FROM event_countries WHERE 1 = 1{among} "
                                            "ORDER BY event, country", tuple(params)).fetchall():
            ends[event].append(country)
        named: set[str] = set()
        for event, actor in store.execute(f"SELECT event, actor FROM event_actors WHERE 1 = 1{among} "
                                          "ORDER BY event, actor", tuple(params)).fetchall():
            ends[event].append(actor)
            named.add(actor)
        where, params = flt.where(store.postgres)
        kind_of = dict(store.execute(f"SELECT id, COALESCE(planned_kind, kind) FROM events{where}", tuple(params)).fetchall())
        weight: Counter[str] = Counter()
        links: Counter[tuple[str, str]] = Counter()
        kinds_of: dict[tuple[str, str], set[str]] = defaultdict(set)
        for event, event_ends in ends.items():
            found = list(dict.fromkeys(event_ends))
            weight.update(found)
            for i, a in enumerate(found):
                for b in found[i + 1 :]:
                    key = (a, b) if a < b else (b, a)
                    links[key] += 1
                    kinds_of[key].add(kind_of.get(event, ""))
        degree: Counter[str] = Counter()
        for a, b in links:
            degree[a] += 1
            degree[b] += 1
        kept = sorted(weight, key=lambda n: (-degree[n], -weight[n], n))[:limit]
        actors = _actor_columns(store, [n for n in kept if n in named])
    chosen = set(kept)
    edges = [{"source": a, "target": b, "weight": n, "events": n, "kinds": sorted(kinds_of[(a, b)])}
             for (a, b), n in links.items() if a in chosen and b in chosen]
    neighbours: dict[str, set[str]] = defaultdict(set)
    for (a, b) in links:
        if a in chosen and b in chosen:
            neighbours[a].add(b)
            neighbours[b].add(a)
    members: list[list[str]] = []
    seen: set[str] = set()
    for node in kept:
        if node in seen:
            continue
        group, stack = [node], [node]
        seen.add(node)
        while stack:
            for other in neighbours[stack.pop()]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
                    group.append(other)
        members.append(group)
    members.sort(key=lambda m: (-len(m), min(m)))
    component = {node: n for n, group in enumerate(members) for node in group}
    nodes: list[dict[str, Any]] = []
    for node in kept:
        name, kind, country = actors.get(node) or (names.state(node).name, "state", node)
        nodes.append({"id": node, "label": name, "type": kind, "country": country or "", "events": weight[node],
                      "degree": degree[node], "component": component[node]})
    return {"nodes": nodes, "edges": edges, "links": edges, "labelled": kept[:top],
            "total_nodes": len(weight), "total_edges": len(links)}


# A relationship --------------------------------------------------------------------------------------

def _relationship(settings: Settings, flt: EventFilter) -> dict[str, Any]:
    """Two states: their events per kind and year, the people on each side with their offices, the series they
    hold together with editions and promises, and their first and last dated event."""
    states = list(flt.country)
    if len(states) != 2:
        raise FilterError("pair", ",".join(states), "a relationship is between two states", "give pair=PAK,RUS")
    with reader(settings) as store:
        flt = prepared(store, flt)
        where, params = flt.where(store.postgres)
        rows = store.execute(f"SELECT id, date, kind, planned_kind FROM events{where}", tuple(params)).fetchall()
        ids = [r[0] for r in rows]
        per = Counter((d[:4] if d else "undated", p or k) for _, d, k, p in rows)
        sub = f"SELECT id FROM events{where}"
        people: dict[str, list[dict[str, Any]]] = {s: [] for s in states}
        for actor, name, country, n in store.execute(
                f"SELECT a.id, a.name, a.country, COUNT(*) FROM event_actors ea JOIN actors a ON a.id = ea.actor "
                f"WHERE a.type = 'person' AND ea.event IN ({sub}) GROUP BY a.id, a.name, a.country "
                f"ORDER BY COUNT(*) DESC, a.name{_collate(store)}, a.id", tuple(params)).fetchall():
            if country in people:
                offices = [{"office": o, "since": f, "until": u} for o, f, u in store.execute(
                    "SELECT office, first_seen, last_seen FROM tenures WHERE person = ? ORDER BY n", (actor,)).fetchall()]
                people[country].append({"id": actor, "name": name, "offices": offices, "events": int(n)})
        chosen = set(ids)
        series = []
        promises = {p["plan"]: p for p in tables.promise_rows(store)}
        for s in tables.series_rows(store):
            editions = [{"number": e.get("number"), "date": (e.get("dates") or [None])[0], "events": e["events"]}
                        for e in s["editions"] if set(e["events"]) & chosen]
            plans = [promises[p] for p in s.get("plans", []) if p in chosen and p in promises]
            if editions or plans:
                series.append({"id": s["id"], "name": s["name"], "editions": editions, "promises": plans})
    dates = sorted(r[1] for r in rows if r[1])
    return {"states": [{"code": c, "name": names.state(c).name} for c in states], "total": len(rows),
            "per_kind_year": [{"year": y, "kind": k, "count": n} for (y, k), n in sorted(per.items())],
            "people": people, "series": series, "first": dates[0] if dates else None, "last": dates[-1] if dates else None}


def _places(settings: Settings, flt: EventFilter) -> dict[str, Any]:
    """The places of the view's events on a map (accord.places): each with its events, exact or on its state."""
    from .places import group

    with reader(settings) as store:
        flt = prepared(store, flt)
        among, params = _among("event", flt, store.postgres)
        ids = "string_agg(event, ',')" if store.postgres else "group_concat(event, ',')"
        rows = [(name, country, int(n), joined.split(",")) for name, country, n, joined in store.execute(
            f"SELECT name, country, COUNT(*), {ids} FROM event_places WHERE 1 = 1{among} GROUP BY name, country",
            tuple(params)).fetchall()]
        placed = sum(r[2] for r in rows)
        unplaced = tables.count_events(store, flt) - placed
    return group(rows, unplaced)


VIEW_COLUMNS = ["id", "date", "kind", "status", "states", "people", "place", "sources", "confidence", "evidence", "url"]


def export_view(settings: Settings, flt: EventFilter, fmt: str, sort: str | None = None) -> str:
    """Every event of a view in one format: CSV (one row per event, lists joined with '|'), JSON (the events as
    the page shows them, the actors they name and the filter) or GraphML (states and actors, linked by events)."""
    import csv
    import io
    from dataclasses import asdict

    from .export import SCHEMA, to_graphml

    with reader(settings) as store:
        stored = tables.event_rows(store, prepared(store, flt), None, 0, sort)
        actor_rows = tables.actor_rows(store, [p for r in stored for p in r["participants"]])
        rows = enrich(store, stored) if fmt != "graphml" else stored
    if fmt == "json":
        view = {k: v for k, v in asdict(flt).items() if v not in (None, (), [], 0.0, 1, "")}
        return json.dumps({"schema": SCHEMA, "view": view, "sort": sort, "events": rows, "actors": actor_rows},
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(VIEW_COLUMNS)
        for r in rows:
            first = r["sources"][0] if r["sources"] else {}
            writer.writerow([r["id"], r["date"] or "", r["kind"], r["status"], "|".join(s["code"] for s in r["states"]),
                             "|".join(p["name"] for p in r["people"]), (r.get("location") or {}).get("name") or "",
                             "|".join(dict.fromkeys(s["document"] for s in r["sources"])), r["confidence"],
                             first.get("sentence", ""), first.get("url") or ""])
        return out.getvalue()
    if fmt == "graphml":
        from .api import Record
        from .offices import OfficeTable

        return to_graphml(Record([], {}, [tables.to_actor(a) for a in actor_rows], [tables.to_event(r) for r in rows],
                                 OfficeTable()))
    raise FilterError("format", fmt, f"unknown format '{fmt}'", "one of csv, json, graphml")


# The counting views, kept per state of the store -----------------------------------------------------

def facets(settings: Settings, flt: EventFilter) -> dict[str, list[dict[str, Any]]]:
    """Facet counts of a view (see _facets)."""
    return _kept("facets", settings, (flt,), lambda: _facets(settings, flt))  # type: ignore[no-any-return]


def timeline(settings: Settings, flt: EventFilter, since: str | None = None, until: str | None = None,
             bins: int = 400) -> dict[str, Any]:
    """The timeline of a view (see _timeline)."""
    return _kept("timeline", settings, (flt, since, until, bins),  # type: ignore[no-any-return]
                 lambda: _timeline(settings, flt, since, until, bins))


def graph(settings: Settings, flt: EventFilter, top: int = 40, limit: int = 500) -> dict[str, Any]:
    """The network of a view (see _graph)."""
    return _kept("graph", settings, (flt, top, limit), lambda: _graph(settings, flt, top, limit))  # type: ignore[no-any-return]


def relationship(settings: Settings, flt: EventFilter) -> dict[str, Any]:
    """Two states (see _relationship)."""
    return _kept("relationship", settings, (flt,), lambda: _relationship(settings, flt))  # type: ignore[no-any-return]


def places(settings: Settings, flt: EventFilter) -> dict[str, Any]:
    """The map of a view (see _places)."""
    return _kept("places", settings, (flt,), lambda: _places(settings, flt))  # type: ignore[no-any-return]
