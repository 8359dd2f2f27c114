"""HTTP API and browser page over accord.api; read-only, paginated, bound to 127.0.0.1 unless told otherwise."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from .. import api
from ..errors import InputError
from ..export import actor_json, document_json, event_json
from ..settings import Settings
from ..store.database import Store

MAX_PAGE = 500


class Cache:
    """The resolved record, rebuilt only when the store has changed since the last request."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.revision: tuple[Any, ...] | None = None
        self.record: api.Record | None = None

    def get(self) -> api.Record:
        with Store(self.settings.db) as store:
            revision = store.revision()
        if self.record is None or revision != self.revision:
            self.record, self.revision = api.record(self.settings), revision
        return self.record


def _one(items: list[Any], item_id: str, what: str) -> Any:
    found = next((i for i in items if i.id == item_id), None)
    if found is None:
        raise HTTPException(404, f"no {what} {item_id}")
    return found


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset : offset + limit]}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    cache = Cache(settings)
    app = FastAPI(title="Accord", description="Sourced events between states, from news articles.", version="1")
    static = resources.files("accord.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    def filtered(country: list[str], kind: list[str], actor: str | None, since: str | None, until: str | None,
                 min_confidence: float, sources_min: int) -> tuple[api.Record, list[Any]]:
        rec = cache.get()
        try:
            return rec, api.events(rec, country=country, kind=kind, actor=actor, since=since, until=until,
                                   min_confidence=min_confidence, sources_min=sources_min)
        except InputError as err:
            raise HTTPException(422, str(err)) from err

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")))

    @app.get("/api/documents")
    def documents(limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        rec = cache.get()
        rows = [{"id": d.id, "source": d.source, "title": d.title, "published": d.published, "outlet": d.outlet}
                for d in rec.documents]
        return _page(rows, limit, offset)

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        rec = cache.get()
        return document_json(rec, _one(rec.documents, doc_id, "document"))

    @app.get("/api/actors")
    def actors(q: str | None = None, limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        rec = cache.get()
        found = api.find_actor(rec, q) if q else api.actors(rec)
        counts = Counter(p for e in rec.events for p in e.participants)
        return _page([{**actor_json(a), "events": counts[a.id]} for a in found], limit, offset)

    @app.get("/api/actors/{actor_id}")
    def actor(actor_id: str) -> dict[str, Any]:
        rec = cache.get()
        found = _one(rec.actors, actor_id, "actor")
        return {**actor_json(found), "events": [e.id for e in rec.events if found.id in e.participants]}

    @app.get("/api/events")
    def events(country: list[str] = Query([]), kind: list[str] = Query([]), actor: str | None = None,
               since: str | None = None, until: str | None = None, min_confidence: float = 0.0, sources_min: int = 1,
               limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        rec, found = filtered(country, kind, actor, since, until, min_confidence, sources_min)
        promises = {p.plan: p for p in rec.promises}
        return _page([event_json(e, promises.get(e.id)) for e in found], limit, offset)

    @app.get("/api/events/{event_id}")
    def event(event_id: str) -> dict[str, Any]:
        rec = cache.get()
        found = _one(rec.events, event_id, "event")
        return event_json(found, next((p for p in rec.promises if p.plan == event_id), None))

    @app.get("/api/series")
    def series(limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        rec = cache.get()
        return _page([asdict(s) for s in rec.series], limit, offset)

    @app.get("/api/series/{name}")
    def one_series(name: str) -> dict[str, Any]:
        rec = cache.get()
        found = api.find_series(rec, name)
        if not found:
            raise HTTPException(404, f"no series {name}")
        plans = {p.plan: asdict(p) for p in rec.promises}
        return {**asdict(found[0]), "promises": [plans[p] for p in found[0].plans if p in plans]}

    @app.get("/api/plans")
    def plans(status: str | None = Query(None, pattern="^(open|kept|moved|implied|unreported)$"),
              limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        rec = cache.get()
        return _page([asdict(p) for p in api.plans(rec, status)], limit, offset)

    @app.get("/api/timeline")
    def timeline(country: list[str] = Query([]), kind: list[str] = Query([]), actor: str | None = None,
                 since: str | None = None, until: str | None = None) -> dict[str, Any]:
        _, found = filtered(country, kind, actor, since, until, 0.0, 1)
        counts = Counter(((e.date or "undated")[:4], e.planned_kind or e.kind) for e in found)
        return {"buckets": [{"year": y, "kind": k, "events": n} for (y, k), n in sorted(counts.items())]}

    @app.get("/api/graph")
    def graph(country: list[str] = Query([]), kind: list[str] = Query([]), actor: str | None = None,
              since: str | None = None, until: str | None = None) -> dict[str, Any]:
        rec, found = filtered(country, kind, actor, since, until, 0.0, 1)
        return api.network(rec, found)

    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
