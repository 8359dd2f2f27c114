"""Events across documents: one record per real-world occurrence, every report kept as a source."""
from __future__ import annotations

from ..nlp import dates as dt
from ..records import Event


def _same_edition(a: Event, b: Event) -> bool:
    if a.series is None or b.series is None or a.series.edition is None or a.series.edition != b.series.edition:
        return False
    names = lambda e: {n.lower() for n in [e.series.name, *e.series.aliases]}  # noqa: E731
    return bool(names(a) & names(b))


def _same(a: Event, b: Event) -> bool:
    if (a.kind, a.status, a.planned_kind, sorted(a.countries)) != (b.kind, b.status, b.planned_kind, sorted(b.countries)):
        return False
    if not dt.compatible(a.date, b.date):
        return False
    if _same_edition(a, b):
        return True
    if set(a.participants) & set(b.participants):
        return True
    # Reports that name nobody agree only when both give a date and the dates agree.
    return not a.participants and not b.participants and a.date is not None and b.date is not None


def _documents(event: Event) -> set[str]:
    return {s.document for s in event.sources}


def fuse(events: list[Event]) -> list[Event]:
    """Greedy fusion of reports from different documents; the fused event takes the finer date."""
    out: list[Event] = []
    for event in events:
        same = next((o for o in out if not _documents(o) & _documents(event) and _same(o, event)), None)
        if same is None:
            out.append(event)
            continue
        same.sources.extend(event.sources)
        same.participants = list(dict.fromkeys(same.participants + event.participants))
        same.date = dt.finer(same.date, event.date)
        same.date_precision = dt.precision_of(same.date)
        same.location = same.location or event.location
        same.confidence = round(min(0.99, max(same.confidence, event.confidence) + 0.05), 2)
    return out


def flag_conflicts(events: list[Event]) -> None:
    """Reports of one kind, pair and people whose dates disagree are kept apart and flagged, never dropped."""
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            if (a.kind, sorted(a.countries)) == (b.kind, sorted(b.countries)) and a.participants \
                    and set(a.participants) == set(b.participants) and not dt.compatible(a.date, b.date) \
                    and a.kind not in ("statement", "intent") and not _documents(a) & _documents(b):
                a.notes.append(f"date conflicts with {b.id} ({b.date})")
                b.notes.append(f"date conflicts with {a.id} ({a.date})")
