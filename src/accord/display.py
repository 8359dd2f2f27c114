"""Readable tables for people; machine output goes through export instead."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .api import Record
from .offices import Tenure
from .records import Actor, Event


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
