"""Events across documents: one record per real-world occurrence, every report kept as a source."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from ..nlp import dates as dt
from ..records import Event


def _same_edition(a: Event, b: Event) -> bool:
    if a.series is None or b.series is None or a.series.edition is None or a.series.edition != b.series.edition:
        return False
    names = lambda e: {n.lower() for n in [e.series.name, *e.series.aliases]}  # noqa: E731
    return bool(names(a) & names(b))


def _page_days(event: Event, published: Mapping[str, str | None]) -> list[date]:
    """The publication days of the pages that report an event, where known."""
    return [d for s in event.sources if (d := dt.to_date((published.get(s.document) or "")[:10]))]


APART = timedelta(days=366)
"""Reports published further apart than this are of one event only if both date it."""


def _published_apart(a: Event, b: Event, published: Mapping[str, str | None]) -> bool:
    """An undated report is news of its article's days: 'talks with A' told in 2022 is not the talks with A that
    a 2015 article dates."""
    days = [_page_days(e, published) for e in (a, b)]
    return all(days) and min(abs(x - y) for x in days[0] for y in days[1]) > APART


NEWS_LAG = timedelta(days=31)
"""How long after its day an event is still news that a report need not date."""


NEWS_KINDS = {"meeting", "visit"}
"""Kinds a report leaves undated only when they are its news; a pact or a purchase is recalled long after."""


def _other_news(a: Event, b: Event, published: Mapping[str, str | None]) -> bool:
    """'Attending the meeting, Minister A said ...' on a page of 9 July is not the meeting with A that another
    page dates 31 May: undated talks or visits are news of their page's days, not of a day more than a month
    before the page, nor of one after it."""
    if a.kind not in NEWS_KINDS:
        return False
    for undated, dated in ((a, b), (b, a)):
        when = dt.to_date(dated.date) if undated.date is None and dt.precision_of(dated.date) == "day" else None
        days = _page_days(undated, published)
        if when is not None and days and not any(when - timedelta(days=1) <= d <= when + NEWS_LAG for d in days):
            return True
    return False


def _same(a: Event, b: Event, published: Mapping[str, str | None]) -> bool:
    if (a.kind, a.status, a.planned_kind, sorted(a.countries)) != (b.kind, b.status, b.planned_kind, sorted(b.countries)):
        return False
    if not dt.compatible(a.date, b.date) or (a.date is None or b.date is None) and _published_apart(a, b, published) \
            or _other_news(a, b, published):
        return False
    if _same_edition(a, b):
        return True
    if set(a.participants) & set(b.participants):
        return True
    # Reports that name nobody agree only when both give a date and the dates agree.
    return not a.participants and not b.participants and a.date is not None and b.date is not None


def _documents(event: Event) -> set[str]:
    return {s.document for s in event.sources}


def _block(event: Event) -> tuple:
    return event.kind, event.status, event.planned_kind, tuple(sorted(event.countries))


def fuse(events: list[Event], published: Mapping[str, str | None] | None = None) -> list[Event]:
    """Greedy fusion of reports from different documents; the fused event takes the finer date.

    Only events of one kind, status and set of states can be one event, so each is compared
    within that block alone; within the block, only the events that could match (one shares a
    person, the same edition, or both name nobody) are tried, earliest first, so the work per
    report stays small however large the store. The first event of a group is the one kept. `published` gives
    each document's publication date, which bounds when its undated events happened.
    """
    published = published or {}
    out: list[Event] = []
    blocks: dict[tuple, _Block] = {}
    for event in events:
        block = blocks.setdefault(_block(event), _Block())
        same = next((o for o in block.candidates(event) if not _documents(o) & _documents(event) and _same(o, event, published)), None)
        if same is None:
            out.append(event)
            block.add(event)
            continue
        same.sources.extend(event.sources)
        same.participants = list(dict.fromkeys(same.participants + event.participants))
        same.date = dt.finer(same.date, event.date)
        same.date_precision = dt.precision_of(same.date)
        same.location = same.location or event.location
        same.confidence = round(min(0.99, max(same.confidence, event.confidence) + 0.05), 2)
        block.index(same)
    return out


class _Block:
    """The fused events of one block, indexed by what `_same` can match on; positions keep them in order."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.position: dict[int, int] = {}
        self.by_key: dict[object, set[int]] = {}

    def _keys(self, event: Event) -> list[object]:
        keys: list[object] = [("person", p) for p in event.participants]
        if event.series is not None and event.series.edition is not None:
            keys.append(("edition", event.series.edition))
        if not event.participants and event.date is not None:
            keys.append(("nobody",))
        return keys

    def add(self, event: Event) -> None:
        self.position[id(event)] = len(self.events)
        self.events.append(event)
        self.index(event)

    def index(self, event: Event) -> None:
        n = self.position[id(event)]
        for key in self._keys(event):
            self.by_key.setdefault(key, set()).add(n)

    def candidates(self, event: Event) -> list[Event]:
        found: set[int] = set()
        for key in self._keys(event):
            found |= self.by_key.get(key, set())
        return [self.events[n] for n in sorted(found)]


def flag_conflicts(events: list[Event]) -> None:
    """Reports of one kind, pair and people whose dates disagree are kept apart and flagged, never dropped."""
    blocks: dict[tuple, list[Event]] = {}
    for event in events:
        if event.participants and event.kind not in ("statement", "intent"):
            key = (event.kind, tuple(sorted(event.countries)), frozenset(event.participants))
            blocks.setdefault(key, []).append(event)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if not dt.compatible(a.date, b.date) and not _documents(a) & _documents(b):
                    a.notes.append(f"date conflicts with {b.id} ({b.date})")
                    b.notes.append(f"date conflicts with {a.id} ({a.date})")
