"""A briefing on one relationship, every line cited to the articles it comes from."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .api import Record, events
from .records import Event
from .resolve.series import Promise

CORE = {"meeting", "visit", "exercise", "training", "arms_transfer", "statement", "intent"}


@dataclass
class Line:
    text: str
    sources: list[str]


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)


@dataclass
class Briefing:
    title: str
    sections: list[Section]
    references: dict[str, str]


def _cite(event: Event) -> list[str]:
    return list(dict.fromkeys(s.document for s in event.sources))


def _line(event: Event) -> Line:
    return Line(f"{event.date or 'undated'}: {event.summary}. \u201c{event.sources[0].sentence}\u201d", _cite(event))


def _kept_sources(promise: Promise | None, by_id: dict[str, Event]) -> list[str]:
    if promise is None or promise.kept_by is None or promise.kept_by not in by_id:
        return []
    return _cite(by_id[promise.kept_by])


def briefing(rec: Record, countries: list[str]) -> Briefing:
    chosen = events(rec, country=countries)
    by_id = {e.id: e for e in rec.events}
    states = {c.upper() for c in countries}
    documents = {s.document for e in chosen for s in e.sources}
    chosen_ids = {e.id for e in chosen}
    documents |= {s.document for p in rec.promises if p.plan in chosen_ids and p.kept_by in by_id
                  for s in by_id[p.kept_by].sources}
    people = [a for a in rec.actors if a.type == "person" and a.country in states and set(a.documents) & documents
              and any(a.id in e.participants for e in chosen)]
    actors = Section("Key actors", [
        Line(f"{a.name} ({a.country}): " + "; ".join(
            f"{r.role or 'no office given'}{', ' + r.rank if r.rank else ''}" + (
                f", seen {r.first_seen} to {r.last_seen}" if r.first_seen else ", date unknown")
            for r in a.roles) if a.roles else f"{a.name} ({a.country})",
            [d for d in a.documents if d in documents])
        for a in sorted(people, key=lambda a: -sum(a.id in e.participants for e in chosen))])
    formal = Section("Agreements and institutions", [_line(e) for e in chosen if e.kind in ("agreement", "institution")])
    by_year = Section("Meetings, visits, exercises and other events by year")
    for year in sorted({(e.date or "undated")[:4] for e in chosen if e.kind in CORE}):
        by_year.subsections.append(Section(year, [_line(e) for e in chosen if e.kind in CORE and (e.date or "undated")[:4] == year]))
    promised = {p.plan: p for p in rec.promises}
    plans = Section("Planned events and what became of them", [
        Line(_line(e).text + (f" Status: {promised[e.id].status}; {promised[e.id].detail}." if e.id in promised else ""),
             _cite(e) + _kept_sources(promised.get(e.id), by_id))
        for e in chosen if e.status == "planned"])
    recurring = Section("Recurring series", [
        Line(f"{s.name}{' (' + ', '.join(s.aliases) + ')' if s.aliases else ''}, {s.kind}: editions reported "
             f"{', '.join(str(ed.number) for ed in s.editions if ed.number is not None) or 'none numbered'}"
             + (f"; never reported: {', '.join(map(str, s.gaps))}" if s.gaps else "")
             + (f"; contradictions: {'; '.join(s.contradictions)}" if s.contradictions else ""),
             list(dict.fromkeys(d.document for ed in s.editions for i in ed.events for d in by_id[i].sources)))
        for s in rec.series if set(s.countries) >= states and any(ed.events for ed in s.editions)])
    references = {d.id: " \u2014 ".join(filter(None, [d.title or "untitled", d.outlet, d.published, d.source]))
                  for d in rec.documents if d.id in documents}
    title = " \u2013 ".join(sorted(states)) + ": relationship briefing"
    return Briefing(title, [actors, formal, recurring, by_year, plans], references)


def _walk(b: Briefing) -> list[tuple[int, str, list[Line]]]:
    """Headings in reading order with their level and lines; an empty section says so."""
    out: list[tuple[int, str, list[Line]]] = []

    def visit(s: Section, level: int) -> None:
        lines = s.lines or ([] if s.subsections else [Line("none reported", [])])
        out.append((level, s.title, lines))
        for sub in s.subsections:
            visit(sub, level + 1)

    for section in b.sections:
        visit(section, 2)
    return out


ADDRESS = re.compile(r"https?://[^\s<>\"]+")
"""A web address in a reference: a fetched article's source, shown as a link."""


def _linked(escaped: str) -> str:
    """Addresses in already escaped HTML text as links (the address stays escaped inside the attribute)."""
    return ADDRESS.sub(lambda m: f'<a href="{m[0]}">{m[0]}</a>', escaped)


def to_markdown(b: Briefing) -> str:
    numbers = {d: n for n, d in enumerate(b.references, 1)}
    out = [f"# {b.title}", ""]
    for level, title, lines in _walk(b):
        out.extend([f"{'#' * level} {title}", ""])
        out.extend(f"- {line.text} " + "".join(f"[{numbers[d]}]" for d in line.sources) for line in lines)
        out.append("")
    out.extend(["## Sources", ""])
    out.extend(f"{numbers[d]}. {ADDRESS.sub(lambda m: f'<{m[0]}>', text)}" for d, text in b.references.items())
    return "\n".join(line.rstrip() for line in out) + "\n"


def to_html(b: Briefing) -> str:
    numbers = {d: n for n, d in enumerate(b.references, 1)}
    esc = html.escape
    out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">", f"<title>{esc(b.title)}</title>",
           "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.4}"
           "sup a{text-decoration:none}</style></head><body>", f"<h1>{esc(b.title)}</h1>"]
    for level, title, lines in _walk(b):
        out.append(f"<h{level}>{esc(title)}</h{level}><ul>")
        for line in lines:
            cites = "".join(f'<sup><a href="#src{numbers[d]}">[{numbers[d]}]</a></sup>' for d in line.sources)
            out.append(f"<li>{esc(line.text)} {cites}</li>")
        out.append("</ul>")
    out.append("<h2>Sources</h2><ol>")
    out.extend(f'<li id="src{numbers[d]}">{_linked(esc(text))}</li>' for d, text in b.references.items())
    out.append("</ol></body></html>")
    return "\n".join(out) + "\n"
