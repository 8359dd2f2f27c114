"""The export contract of DESIGN.md, schema 1. Outside tools read this; change it only with a new schema number."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

SCHEMA = 1


def to_json(rec: Any) -> dict[str, Any]:
    documents = [{
        "id": a.id, "source": a.source, "title": a.title, "published": a.published, "outlet": a.outlet,
        "byline": a.byline, "body": a.body, "captions": a.captions, "actors": rec.document_actors.get(a.id, []),
    } for a in rec.documents]
    actors = [{
        "id": a.id, "name": a.name, "aliases": a.aliases, "country": a.country, "type": a.type,
        "roles": [asdict(r) for r in a.roles], "documents": a.documents,
    } for a in rec.actors]
    events = [{
        "id": e.id, "kind": e.kind, "plover": e.plover, "cameo": e.cameo, "date": e.date,
        "date_precision": e.date_precision, "status": e.status, "planned_kind": e.planned_kind,
        "location": asdict(e.location) if e.location else None, "participants": e.participants,
        "countries": e.countries, "summary": e.summary, "sources": [asdict(s) for s in e.sources],
        "source_count": len({s.document for s in e.sources}), "confidence": e.confidence, "notes": e.notes,
    } for e in rec.events]
    return {"schema": SCHEMA, "documents": documents, "actors": actors, "events": events}
