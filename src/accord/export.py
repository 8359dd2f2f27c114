"""Exports: the JSON contract of DESIGN.md (schema 1), CSV, GraphML and GDELT-style rows.

Outside tools read these; change a layout only with a new schema number.
"""
from __future__ import annotations

import csv
import io
from .records import plain
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from .api import Record

SCHEMA = 1


def document_json(rec: "Record", a: Any) -> dict[str, Any]:
    return {
        "id": a.id, "source": a.source, "title": a.title, "published": a.published, "outlet": a.outlet,
        "byline": a.byline, "body": a.body, "captions": a.captions, "actors": rec.document_actors.get(a.id, []),
        "also_at": rec.also_at.get(a.id, []),
    }


def actor_json(a: Any) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "aliases": a.aliases, "country": a.country, "type": a.type,
            "roles": [plain(r) for r in a.roles], "documents": a.documents}


def to_json(rec: "Record") -> dict[str, Any]:
    documents = [document_json(rec, d) for d in rec.documents]
    actors = [actor_json(a) for a in rec.actors]
    promises = {p.plan: p for p in rec.promises}
    events = [event_json(e, promises.get(e.id)) for e in rec.events]
    return {"schema": SCHEMA, "documents": documents, "actors": actors, "events": events,
            "series": [plain(s) for s in rec.series]}


def event_json(e: Any, promise: Any = None) -> dict[str, Any]:
    """One event as the contract writes it; `promise` is what became of it when it is a plan."""
    return {
        "id": e.id, "kind": e.kind, "plover": e.plover, "cameo": e.cameo, "date": e.date,
        "date_precision": e.date_precision, "status": e.status, "planned_kind": e.planned_kind,
        "location": plain(e.location) if e.location else None, "participants": e.participants,
        "countries": e.countries, "summary": e.summary, "sources": [plain(s) for s in e.sources],
        "source_count": len({s.document for s in e.sources}), "confidence": e.confidence, "notes": e.notes,
        "series": plain(e.series) if e.series else None, "promise": plain(promise) if promise else None,
    }


EVENT_COLUMNS = ["id", "kind", "planned_kind", "status", "date", "date_precision", "countries", "participants",
                 "participant_names", "location", "location_country", "plover", "cameo", "confidence", "source_count",
                 "summary", "evidence", "documents"]
ACTOR_COLUMNS = ["id", "name", "type", "country", "aliases", "offices", "documents"]


def _csv(rows: list[list[Any]], header: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def to_csv(rec: "Record", table: str = "events") -> str:
    """One row per event, or with table='actors' one row per actor; lists are joined with '|'."""
    names = {a.id: a.name for a in rec.actors}
    if table == "actors":
        return _csv([[a.id, a.name, a.type, a.country or "", "|".join(a.aliases),
                      "|".join(f"{r.role or ''} ({r.first_seen or '?'}..{r.last_seen or '?'})" for r in a.roles if r.role),
                      "|".join(a.documents)] for a in rec.actors], ACTOR_COLUMNS)
    return _csv([[e.id, e.kind, e.planned_kind or "", e.status, e.date or "", e.date_precision, "|".join(e.countries),
                  "|".join(e.participants), "|".join(names.get(p, p) for p in e.participants),
                  e.location.name if e.location else "", (e.location.country or "") if e.location else "",
                  e.plover, e.cameo, e.confidence, len({s.document for s in e.sources}), e.summary,
                  e.sources[0].sentence, "|".join(dict.fromkeys(s.document for s in e.sources))] for e in rec.events],
                EVENT_COLUMNS)


def graph(rec: "Record") -> "nx.MultiGraph":
    """States and actors as nodes; an actor belongs to its state; events link the actors and states they involve."""
    import networkx as nx

    g = nx.MultiGraph()
    for actor in rec.actors:
        g.add_node(actor.id, label=actor.name, type=actor.type, country=actor.country or "")
        if actor.country:
            g.add_node(actor.country, label=actor.country, type="state", country=actor.country)
            g.add_edge(actor.id, actor.country, kind="member", event="", date="")
    for event in rec.events:
        for c in event.countries:
            g.add_node(c, label=c, type="state", country=c)
        ends = event.participants if len(event.participants) >= 2 else event.countries
        for i, a in enumerate(ends):
            for b in ends[i + 1 :]:
                g.add_edge(a, b, kind=event.kind, event=event.id, date=event.date or "")
    return g


def to_graphml(rec: "Record") -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(graph(rec)))


GDELT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor{n}{c}" for n in (1, 2) for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                                 "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
       "NumSources", "NumArticles", "AvgTone"]
    + [f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in ("Type", "FullName", "CountryCode", "ADM1Code",
                                                                           "ADM2Code", "Lat", "Long", "FeatureID")]
    + ["DATEADDED", "SOURCEURL"]
)
QUAD = {"CONSULT": 1, "AGREE": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "ACCUSE": 3}


def to_gdelt(rec: "Record", goldstein: dict[str, float], state_names: set[str]) -> str:
    """GDELT 2.0 event rows, tab-separated, with the columns Accord knows filled; `goldstein` maps CAMEO codes.

    SQLDATE is filled only for events dated to the day; MonthYear and Year as far as the date allows.
    """
    sources = {d.id: d.source for d in rec.documents}
    published = {d.id: (d.published or "").replace("-", "") for d in rec.documents}
    actors = {a.id: a for a in rec.actors}
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(GDELT_COLUMNS)
    for n, e in enumerate(rec.events, 1):
        row: dict[str, object] = dict.fromkeys(GDELT_COLUMNS, "")
        date = e.date or ""
        row.update(GLOBALEVENTID=n, SQLDATE=date.replace("-", "") if len(date) == 10 else "",
                   MonthYear=date[:7].replace("-", "") if len(date) >= 7 else "", Year=date[:4])
        if len(date) == 10:
            row["FractionDate"] = f"{int(date[:4]) + (int(date[5:7]) - 1) / 12 + (int(date[8:]) - 1) / 365:.4f}"
        people = [actors[p] for p in e.participants if p in actors]
        sides = people[:2] if len(people) >= 2 else []
        for i, country in enumerate(e.countries[:2], 1):
            person = next((p for p in sides if p.country == country), None)
            row[f"Actor{i}Code"] = country
            row[f"Actor{i}Name"] = person.name if person else country
            row[f"Actor{i}CountryCode"] = country
        root = e.cameo[:2]
        row.update(IsRootEvent=1, EventCode=e.cameo, EventBaseCode=e.cameo[:3], EventRootCode=root,
                   QuadClass=QUAD.get(e.plover, ""), GoldsteinScale=goldstein.get(e.cameo, ""),
                   NumMentions=len(e.sources), NumSources=len({s.document for s in e.sources}),
                   NumArticles=len({s.document for s in e.sources}))
        if e.location:
            row.update(ActionGeo_Type=1 if e.location.name in state_names else 4,
                       ActionGeo_FullName=e.location.name, ActionGeo_CountryCode=e.location.country or "")
        first = e.sources[0].document
        row.update(DATEADDED=published.get(first, ""), SOURCEURL=sources.get(first, ""))
        writer.writerow([row[c] for c in GDELT_COLUMNS])
    return out.getvalue()
