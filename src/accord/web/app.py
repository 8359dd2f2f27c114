"""HTTP API and browser page over accord.api; read-only, paginated, bound to 127.0.0.1 unless told otherwise.

Every response says what the page may load (Content-Security-Policy: its own scripts only) and forbids type
sniffing; a request whose Host header is not a name this server answers to gets 400, so a web page that
rebinds its own DNS name to 127.0.0.1 cannot read the API from a visitor's browser.
"""
from __future__ import annotations

from dataclasses import asdict
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from .. import api
from ..errors import InputError, StoreError
from ..settings import Settings

MAX_PAGE = 500
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
HEADERS = {
    # Styles may be inline: the page colours its legend through style attributes; scripts come from here alone.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def allowed_hosts(settings: Settings, host: str = "127.0.0.1") -> set[str]:
    """Loopback names, the address the server binds (unless it is a wildcard) and ACCORD_ALLOWED_HOSTS."""
    names = set(LOOPBACK) | {h.strip().lower().strip("[]") for h in settings.allowed_hosts.split(",") if h.strip()}
    if host not in ("0.0.0.0", "::", ""):
        names.add(host.lower().strip("[]"))
    return names


def _host_name(header: str) -> str:
    """'example.org:8000' -> 'example.org'; '[::1]:8000' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard(BaseHTTPMiddleware):
    """The Host allow-list and the security headers, on every response."""

    def __init__(self, app: Any, hosts: set[str]):
        super().__init__(app)
        self.hosts = hosts

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if _host_name(request.headers.get("host", "")) not in self.hosts:
            response: Response = PlainTextResponse("Host not allowed: name it in ACCORD_ALLOWED_HOSTS", status_code=400)
        else:
            response = await call_next(request)
        response.headers.update(HEADERS)
        return response


def _paged(total: int, rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """One page of rows the store cut out, with the total that matched."""
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """One page of a list held whole."""
    return _paged(len(items), items[offset : offset + limit], limit, offset)


def _one(found: Any, what: str, key: str) -> Any:
    if found is None:
        raise HTTPException(404, f"no {what} {key}")
    return found


def create_app(settings: Settings | None = None, host: str = "127.0.0.1") -> FastAPI:
    settings = settings or Settings.from_env()
    # /docs is served from the vendored Swagger UI (`make vendor`), so it works offline; ReDoc is not served.
    app = FastAPI(title="Accord", description="Sourced events between states, from news articles.", version="1",
                  docs_url=None, redoc_url=None)
    app.add_middleware(Guard, hosts=allowed_hosts(settings, host))
    static = resources.files("accord.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(str(static.joinpath("docs.html")))

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
        return _paged(total, rows, limit, offset)

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        return _one(guarded(api.document, settings, doc_id), "document", doc_id)

    @app.get("/api/actors")
    def actors(q: str | None = None, limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        total, rows = guarded(api.actor_page, settings, q, limit, offset)
        return _paged(total, rows, limit, offset)

    @app.get("/api/actors/{actor_id}")
    def actor(actor_id: str) -> dict[str, Any]:
        return _one(guarded(api.actor_by_id, settings, actor_id), "actor", actor_id)

    @app.get("/api/events")
    def events(country: list[str] = Query([]), kind: list[str] = Query([]), actor: str | None = None,
               since: str | None = None, until: str | None = None,
               min_confidence: float = Query(0.0, allow_inf_nan=False), sources_min: int = 1,
               limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        page = guarded(api.find_events, settings, country=country, kind=kind, actor=actor, since=since, until=until,
                       min_confidence=min_confidence, sources_min=sources_min, limit=limit, offset=offset)
        return _paged(page.total, page.rows, limit, offset)

    @app.get("/api/events/{event_id}")
    def event(event_id: str) -> dict[str, Any]:
        """One event; the id of an event that was fused into another answers with the one it joined."""
        return _one(guarded(api.find_event, settings, event_id), "event", event_id)

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

    uvicorn.run(create_app(settings, host), host=host, port=port, log_level="warning")
