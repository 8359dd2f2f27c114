"""Recurring series and the promises made about them.

A series is every event that names it, long and short names taken together; its
editions are ordered by number, with the editions never reported (gaps) and the
editions reported with two dates or places (contradictions). Every plan is then
checked against what happened later: kept, moved, implied by a later edition,
still open, or unreported.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..nlp import dates as dt
from ..records import Event
from .grouping import by_shared_keys

SERIES_KIND = {"meeting": "talks", "exercise": "exercise", "institution": "committee", "training": "training"}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^(the|exercise)\s+", "", name.lower()))


@dataclass
class Edition:
    number: int | None
    events: list[str]
    dates: list[str]
    places: list[str]


@dataclass
class Series:
    id: str
    name: str
    aliases: list[str]
    kind: str
    countries: list[str]
    editions: list[Edition]
    gaps: list[int]
    contradictions: list[str]
    established: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)

    def matches(self, text: str) -> bool:
        return _key(text) in {_key(n) for n in [self.name, *self.aliases]}


@dataclass
class Promise:
    plan: str
    series: str | None
    edition: int | None
    promised_date: str | None
    promised_place: str | None
    status: str
    kept_by: str | None = None
    detail: str = ""


def _groups(events: list[Event]) -> list[list[Event]]:
    named = [e for e in events if e.series is not None]
    return by_shared_keys(named, lambda e: {_key(n) for n in [e.series.name, *e.series.aliases] if _key(n)})  # type: ignore[union-attr]


def _place(event: Event) -> str | None:
    return event.location.name if event.location else None


def build(events: list[Event]) -> list[Series]:
    out = []
    for n, group in enumerate(sorted(_groups(events), key=lambda g: g[0].series.name.lower()), 1):  # type: ignore[union-attr]
        names = Counter(e.series.name for e in group)  # type: ignore[union-attr]
        name = max(names, key=lambda x: (names[x], len(x)))
        aliases = sorted({a for e in group for a in [e.series.name, *e.series.aliases]} - {name})  # type: ignore[union-attr]
        held = [e for e in group if e.status == "occurred" and e.kind != "institution"]
        kinds = Counter(e.planned_kind or e.kind for e in group if e.kind != "institution")
        by_number: dict[int | None, list[Event]] = {}
        for event in held:
            by_number.setdefault(event.series.edition, []).append(event)  # type: ignore[union-attr]
        editions = [Edition(num, [e.id for e in evs], sorted({e.date for e in evs if e.date}),
                            sorted({p for e in evs if (p := _place(e))}))
                    for num, evs in sorted(by_number.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))]
        numbers = sorted(k for k in by_number if k is not None)
        gaps = [k for k in range(numbers[0], numbers[-1]) if k not in by_number] if numbers else []
        contradictions = []
        for edition in editions:
            if edition.number is None:
                continue
            days = [d for d in edition.dates if not any(o != d and dt.compatible(o, d) and len(o) > len(d) for o in edition.dates)]
            if len(days) > 1:
                contradictions.append(f"edition {edition.number} has dates {', '.join(days)}")
            if len(edition.places) > 1:
                contradictions.append(f"edition {edition.number} has places {', '.join(edition.places)}")
        out.append(Series(
            id=f"s{n}", name=name, aliases=aliases,
            kind=SERIES_KIND.get(kinds.most_common(1)[0][0], "talks") if kinds else "committee",
            countries=sorted({c for e in group for c in e.countries}), editions=editions, gaps=gaps,
            contradictions=contradictions, established=[e.id for e in group if e.kind == "institution"],
            plans=[e.id for e in group if e.status == "planned"]))
    return out


def _end_of(value: str) -> date:
    """The last day a date of some precision can mean: 2022 -> 2022-12-31."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(parts[0], 12, 31)


def _start_of(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _same_place(promised: Event, held: Event, state_names: dict[str, set[str]]) -> bool:
    """A promise of a country is kept anywhere in it; a promise of a city only in that city."""
    if not promised.location or not held.location:
        return True
    a, b = promised.location, held.location
    if a.name == b.name:
        return True
    return bool(a.country and a.country == b.country and a.name in state_names.get(a.country, set()))


def promises(events: list[Event], series: list[Series], newest: str | None, state_names: dict[str, set[str]]) -> list[Promise]:
    """Each plan against what happened after it was made; `newest` is the date of the newest article."""
    by_id = {e.id: e for e in events}
    occurred: dict[tuple, list[Event]] = {}
    for e in events:
        if e.status == "occurred" and e.date:
            occurred.setdefault((e.kind, tuple(sorted(e.countries))), []).append(e)
    series_of = {plan_id: s for s in series for plan_id in s.plans}
    out = []
    for plan in (e for e in events if e.status == "planned"):
        kind = plan.planned_kind or "meeting"
        in_series = series_of.get(plan.id)
        edition = plan.series.edition if plan.series else None
        candidates = occurred.get((kind, tuple(sorted(plan.countries))), [])
        if in_series is not None and edition is not None:
            held = [by_id[i] for ed in in_series.editions if ed.number == edition for i in ed.events]
        else:
            held = [e for e in candidates
                    if (not plan.participants or set(plan.participants) & set(e.participants))
                    and (plan.date is None or _end_of(e.date) >= _start_of(plan.date))  # type: ignore[arg-type]
                    and (in_series is None or (e.series is not None and in_series.matches(e.series.name)))
                    and e.id != plan.id and _start_of(e.date) >= _start_of(plan.date or e.date)]  # type: ignore[arg-type]
        held = [e for e in held if e.date]
        promise = Promise(plan.id, in_series.name if in_series else None, edition, plan.date, _place(plan), "open")
        if held:
            first = min(held, key=lambda e: e.date or "")
            promise.kept_by = first.id
            late = plan.date is not None and _start_of(first.date) > _end_of(plan.date)  # type: ignore[arg-type]
            if not _same_place(plan, first, state_names):
                promise.status = "moved"
                promise.detail = f"held in {_place(first)} instead of {_place(plan)}" + (f", {first.date}" if first.date else "")
            else:
                promise.status = "kept"
                promise.detail = (f"held {first.date}, {(_start_of(first.date) - _end_of(plan.date)).days} days after the promised "  # type: ignore[arg-type]
                                  f"{plan.date}" if late else f"held {first.date}, on time")
        elif in_series is not None and edition is not None and any(
                ed.number is not None and ed.number > edition for ed in in_series.editions):
            later = min(ed.number for ed in in_series.editions if ed.number is not None and ed.number > edition)
            promise.status = "implied"
            promise.detail = f"edition {later} was reported, so edition {edition} must have been held"
        elif plan.date is not None and newest is not None and _end_of(plan.date) < _start_of(newest):
            promise.status = "unreported"
            promise.detail = f"promised for {plan.date}; nothing reported by {newest}"
        else:
            promise.detail = f"promised for {plan.date or 'an unstated date'}; not yet due as of {newest or 'the newest article'}"
        out.append(promise)
    return out
