"""Readable tables for people; machine output goes through export instead."""
from __future__ import annotations

from datetime import datetime, timezone

from rich.console import Console
from rich.table import Table

from .api import Record
from .offices import Tenure
from .resolve.series import Promise, Series
from .records import Actor, Event
from .watch import Watched


def _names(rec: Record, ids: list[str]) -> str:
    return ", ".join(a.name for i in ids if (a := rec.actor(i)))


def events_table(rec: Record, events: list[Event], title: str = "Events") -> Table:
    table = Table(title=title, show_lines=False)
    for col in ("id", "date", "kind", "status", "countries", "participants", "summary", "sources"):
        table.add_column(col, overflow="fold")
    for e in events:
        kind = f"plan ({e.planned_kind})" if e.kind == "plan" and e.planned_kind else e.kind
        table.add_row(e.id, e.date or "?", kind, e.status, "-".join(e.countries), _names(rec, e.participants),
                      e.summary, str(len({s.document for s in e.sources})))
    return table


def actors_table(actors: list[Actor]) -> Table:
    table = Table(title="Actors")
    for col in ("id", "name", "country", "office", "rank", "aliases", "documents"):
        table.add_column(col, overflow="fold")
    for a in actors:
        role = a.roles[-1] if a.roles else None
        table.add_row(a.id, a.name, a.country or "?", (role.role if role else None) or "", (role.rank if role else None) or "",
                      "; ".join(a.aliases[:4]), str(len(a.documents)))
    return table


def timeline_table(rec: Record, events: list[Event]) -> Table:
    table = Table(title="Timeline")
    for col in ("date", "kind", "what", "evidence"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(e.date or "undated", e.kind, e.summary, e.sources[0].sentence)
    return table


def actor_card(rec: Record, actor: Actor, events: list[Event], console: Console) -> None:
    console.print(f"[bold]{actor.name}[/bold]  {actor.country or '?'}  ({actor.id})")
    if actor.aliases:
        console.print("aliases: " + "; ".join(actor.aliases))
    for role in actor.roles:
        span = f"{role.first_seen or '?'} .. {role.last_seen or '?'}"
        console.print(f"office: {role.role or '-'}  rank: {role.rank or '-'}  seen {span}")
    console.print(events_table(rec, events, title=f"Events of {actor.name}"))


def offices_table(rec: Record, tenures: list[Tenure]) -> Table:
    table = Table(title="Office holders")
    for col in ("state", "office", "person", "first seen", "last seen", "from"):
        table.add_column(col, overflow="fold")
    for t in tenures:
        person = rec.actor(t.person)
        table.add_row(t.country or "?", t.office, person.name if person else t.person, t.first_seen or "?",
                      t.last_seen or "?", "dictionary" if t.from_dictionary else "articles")
    return table


def eval_table(report: dict) -> Table:
    table = Table(title="Events by kind")
    for col in ("kind", "precision", "recall", "F1", "found", "predicted", "gold"):
        table.add_column(col)
    for kind, f in report["by_kind"].items():
        table.add_row(kind, str(f["precision"]), str(f["recall"]), str(f["f1"]), str(f["found"]), str(f["predicted"]), str(f["gold"]))
    return table


def format_table(report: dict) -> Table:
    table = Table(title="Events by source format")
    for col in ("format", "documents", "P", "R", "F1", "core P", "core R", "core F1"):
        table.add_column(col)
    for fmt, f in report["by_format"].items():
        e, c = f["events"], f["core_events"]
        table.add_row(fmt, str(f["documents"]), str(e["precision"]), str(e["recall"]), str(e["f1"]),
                      str(c["precision"]), str(c["recall"]), str(c["f1"]))
    return table


def confusion_table(report: dict) -> Table:
    """Gold kinds down, predicted kinds across; '-' is no event (a miss, or an event the gold does not have)."""
    cells = {(c["gold"], c["predicted"]): c["count"] for c in report["confusion"]}
    gold_kinds = sorted({g for g, _ in cells})
    predicted_kinds = sorted({p for _, p in cells})
    table = Table(title="Confusion: gold kind (rows) by predicted kind (columns)")
    table.add_column("gold \\ found")
    for kind in predicted_kinds:
        table.add_column(kind[:8])
    for g in gold_kinds:
        table.add_row(g, *(str(cells.get((g, p), "")) for p in predicted_kinds))
    return table


def series_table(series: list[Series]) -> Table:
    table = Table(title="Series")
    for col in ("id", "name", "also", "kind", "states", "editions reported", "gaps", "contradictions", "plans"):
        table.add_column(col, overflow="fold")
    for s in series:
        numbers = [str(e.number) for e in s.editions if e.number is not None]
        unnumbered = sum(len(e.events) for e in s.editions if e.number is None)
        reported = ", ".join(numbers) + (f" (+{unnumbered} unnumbered)" if unnumbered else "")
        table.add_row(s.id, s.name, ", ".join(s.aliases), s.kind, "-".join(s.countries), reported or "-",
                      ", ".join(map(str, s.gaps)) or "-", "; ".join(s.contradictions) or "-", str(len(s.plans)))
    return table


def series_card(rec: Record, s: Series, console: Console) -> None:
    console.print(f"[bold]{s.name}[/bold] ({', '.join(s.aliases) or 'no other names'}): {s.kind}, {'-'.join(s.countries)}")
    events = {e.id: e for e in rec.events}
    table = Table(title="Editions")
    for col in ("edition", "date", "place", "participants", "sources", "evidence"):
        table.add_column(col, overflow="fold")
    for edition in s.editions:
        for event_id in edition.events:
            e = events[event_id]
            table.add_row(str(edition.number) if edition.number is not None else "?", e.date or "?",
                          e.location.name if e.location else "-", _names(rec, e.participants),
                          str(len({x.document for x in e.sources})), e.sources[0].sentence)
    console.print(table)
    if s.gaps:
        console.print("never reported: edition " + ", ".join(map(str, s.gaps)))
    for line in s.contradictions:
        console.print(f"contradiction: {line}")
    for promise in rec.promises:
        if promise.plan in s.plans:
            console.print(f"promise {promise.plan} (edition {promise.edition or '?'}, {promise.promised_date or 'no date'}, "
                          f"{promise.promised_place or 'no place'}): {promise.status}; {promise.detail}")


def plans_table(rec: Record, promises: list[Promise]) -> Table:
    events = {e.id: e for e in rec.events}
    table = Table(title="Plans and promises")
    for col in ("plan", "promised", "place", "what", "status", "kept by", "detail"):
        table.add_column(col, overflow="fold")
    for p in promises:
        table.add_row(p.plan, p.promised_date or "?", p.promised_place or "-", events[p.plan].summary, p.status,
                      p.kept_by or "-", p.detail)
    return table


def duration(seconds: int) -> str:
    """3600 -> '1h', 5400 -> '1h30m': the way the interval was typed."""
    out = ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            out += f"{seconds // size}{unit}"
            seconds %= size
    return out or "0s"


def watched_table(sources: list[Watched]) -> Table:
    table = Table(title="Saved sources")
    for col in ("address", "every", "addresses seen", "last poll", "next poll", "last error"):
        table.add_column(col)
    for s in sources:
        upcoming = datetime.fromtimestamp(s.next_due, timezone.utc).isoformat(timespec="seconds") if s.next_due else "now"
        table.add_row(s.url, duration(s.every), str(s.seen), s.last_run or "never", upcoming, s.last_error or "")
    return table
