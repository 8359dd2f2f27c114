"""HTTP API and browser page over accord.api; read-only, paginated, bound to 127.0.0.1 unless told otherwise."""
from __future__ import annotations

from dataclasses import asdict
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from .. import api
from ..errors import InputError, StoreError
from ..settings import Settings

MAX_PAGE = 500


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset : offset + limit]}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title="Accord", description="Sourced events between states, from news articles.", version="1")
    static = resources.files("accord.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    def guarded(call: Any, *args: Any, **kwargs: Any) -> Any:
        """Library errors as HTTP answers: a bad filter is 422, a store that cannot be read 503; never a write."""
        try:
            return call(*args, **kwargs)
        except InputError as err:
            raise HTTPException(422, str(err)) from err
        except StoreError as err:
            raise HTTPException(503, str(err)) from err

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")))

    @app.get("/api/documents")
    def documents(limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        total, rows = guarded(api.documents_page, settings, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        found = guarded(api.document, settings, doc_id)
        if found is None:
            raise HTTPException(404, f"no document {doc_id}")
        return found

    @app.get("/api/actors")
    def actors(q: str | None = None, limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        total, rows = guarded(api.actor_page, settings, q, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    @app.get("/api/actors/{actor_id}")
    def actor(actor_id: str) -> dict[str, Any]:
        found = guarded(api.actor_by_id, settings, actor_id)
        if found is None:
            raise HTTPException(404, f"no actor {actor_id}")
        return found

    @app.get("/api/events")
    def events(country: list[str] = Query([]), kind: list[str] = Query([]), actor: str | None = None,
               since: str | None = None, until: str | None = None, min_confidence: float = 0.0, sources_min: int = 1,
               limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        page = guarded(api.find_events, settings, country=country, kind=kind, actor=actor, since=since, until=until,
                       min_confidence=min_confidence, sources_min=sources_min, limit=limit, offset=offset)
        return {"total": page.total, "limit": limit, "offset": offset, "items": page.rows}

    @app.get("/api/events/{event_id}")
    def event(event_id: str) -> dict[str, Any]:
        """One event; the id of an event that was fused into another answers with the one it joined."""
        found = guarded(api.find_event, settings, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return found

    @app.get("/api/series")
    def series(limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        rows = [asdict(s) for s in guarded(api.series_list, settings)]
        return _page(rows, limit, offset)

    @app.get("/api/series/{name}")
    def one_series(name: str) -> dict[str, Any]:
        rec = guarded(api.record, settings)
        found = api.find_series(rec, name)
        if not found:
            raise HTTPException(404, f"no series {name}")
        plans = {p.plan: asdict(p) for p in rec.promises}
        return {**asdict(found[0]), "promises": [plans[p] for p in found[0].plans if p in plans]}

    @app.get("/api/plans")
    def plans(status: str | None = Query(None, pattern="^(open|kept|moved|implied|unreported)$"),
              limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        return _page(guarded(api.promise_list, settings, status), limit, offset)

    @app.get("/api/timeline")
    def timeline(country: list[str] = Query([]), kind: list[str] = Query([]), actor: str | None = None,
                 since: str | None = None, until: str | None = None) -> dict[str, Any]:
        return {"buckets": guarded(api.timeline_buckets, settings, country=country, kind=kind, actor=actor, since=since,
                                   until=until)}

    @app.get("/api/graph")
    def graph(country: list[str] = Query([]), kind: list[str] = Query([]), actor: str | None = None,
              since: str | None = None, until: str | None = None) -> dict[str, Any]:
        page = guarded(api.find_events, settings, country=country, kind=kind, actor=actor, since=since, until=until)
        return api.network(page.record(), page.events)

    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
