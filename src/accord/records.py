"""Typed records passed between the stages of the pipeline.

Every stage is a function from these records to these records, so a stage can
be tested alone, run in a process pool, or shipped to a distributed worker.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawArticle:
    """What a reader found: one article before cleaning."""

    source: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    note: str | None = None
    """How the input was read when that is worth telling ('read as Latin-1')."""
    file: str | None = None
    """The file it came from; several articles share one JSONL file."""
    fallback_published: str | None = None
    """A date from outside the page (a feed entry, a PDF's metadata): used only when the text gives none."""
    captured: str | None = None
    """When a crawler saved the page (a WARC capture date); never taken as the publication date."""


@dataclass(frozen=True)
class Skip:
    """An input that produced no article, with a one-line reason.

    `error` is False for inputs that are fine but not relevant (not English,
    no article in the page), so that they do not fail the run.
    """

    source: str
    reason: str
    error: bool = True


@dataclass
class Article:
    """A cleaned article: the body alone, metadata beside it."""

    id: str
    source: str
    body: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    captions: list[str] = field(default_factory=list)
    fingerprint: str = ""
    note: str | None = None
    file: str | None = None
    captured: str | None = None


@dataclass
class Role:
    role: str | None
    rank: str | None
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass
class Actor:
    """A person or organisation, within one document or across the store."""

    id: str
    name: str
    type: str = "person"
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    in_body: bool = True
    documents: list[str] = field(default_factory=list)


@dataclass
class Source:
    document: str
    sentence: str
    start: int
    end: int


@dataclass
class Location:
    name: str
    country: str | None = None


@dataclass
class SeriesRef:
    """The numbered series an event belongs to: 'Joint Defence Cooperation Committee' (JDCC), edition 3."""

    name: str
    aliases: list[str] = field(default_factory=list)
    edition: int | None = None


@dataclass
class Event:
    id: str
    kind: str
    plover: str
    cameo: str
    date: str | None
    date_precision: str
    status: str
    countries: list[str]
    participants: list[str]
    sources: list[Source]
    summary: str
    confidence: float
    location: Location | None = None
    planned_kind: str | None = None
    notes: list[str] = field(default_factory=list)
    series: SeriesRef | None = None


@dataclass
class Extraction:
    """Everything Accord learned from one article."""

    article: Article
    actors: list[Actor]
    events: list[Event]


def plain(value: Any) -> Any:
    """Dataclasses as plain dicts and lists, like `dataclasses.asdict` without its deep copies (which made
    writing the resolved record several times slower)."""
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: plain(getattr(value, name)) for name in fields}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def to_dict(record: Any) -> dict[str, Any]:
    return plain(record)


def actor_from_dict(data: dict[str, Any]) -> Actor:
    roles = [Role(**r) for r in data.get("roles", [])]
    return Actor(**{**data, "roles": roles})


def event_from_dict(data: dict[str, Any]) -> Event:
    sources = [Source(**s) for s in data.get("sources", [])]
    location = Location(**data["location"]) if data.get("location") else None
    series = SeriesRef(**data["series"]) if data.get("series") else None
    return Event(**{**data, "sources": sources, "location": location, "series": series})


def article_from_dict(data: dict[str, Any]) -> Article:
    return Article(**data)


def extraction_from_dict(data: dict[str, Any]) -> Extraction:
    return Extraction(
        article=article_from_dict(data["article"]),
        actors=[actor_from_dict(a) for a in data["actors"]],
        events=[event_from_dict(e) for e in data["events"]],
    )
