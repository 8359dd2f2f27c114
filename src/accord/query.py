"""The filters of a view, from what a user wrote (a query string, CLI options) to an EventFilter.

One parser for the HTTP API and the CLI, so both accept the same names ("Pakistan", "meetings") and refuse the
same mistakes with the same one-line message. Unknown names (a state, a kind, a status, a parameter) are
FilterErrors of status 400; values of the wrong shape (a date, a year, a number) are of status 422.
"""
from __future__ import annotations

import math
import re
from difflib import get_close_matches
from typing import Iterable, Mapping, Sequence

from .errors import FilterError
from .names import resolve_kind, resolve_state
from .store.resolved import BANDS, SORTS, EventFilter

FILTERS = ("q", "state", "country", "pair", "kind", "status", "person", "outlet", "year", "confidence", "since", "until",
           "actor", "min_confidence", "sources_min")
"""Parameters every view of events takes (country is the old name of state)."""
STATUSES = ("occurred", "planned")
MAX_QUERY = 500
"""characters of a search: enough for any question, too few to make the full-text index work for minutes"""
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_known(names: Iterable[str], allowed: Iterable[str]) -> None:
    """A parameter this view does not take is an error, not silently ignored (a typo would widen the view)."""
    known = list(allowed)
    for name in names:
        if name not in known:
            close = get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]}?" if close else "known: " + ", ".join(known)
            raise FilterError(name, "", f"unknown parameter '{name}'", hint)


def _one_of(param: str, value: str, allowed: Sequence[str]) -> str:
    folded = value.strip().casefold()
    if folded in allowed:
        return folded
    raise FilterError(param, value, f"unknown {param} '{value}'", "one of " + ", ".join(allowed))


def check_date(param: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not DATE.fullmatch(value.strip()):
        raise FilterError(param, value, f"'{value}' is not a date", "use YYYY, YYYY-MM or YYYY-MM-DD", status=422)
    return value.strip()


def sort_key(value: str | None) -> str | None:
    if not value:
        return None
    if value.lstrip("-") not in SORTS:
        raise FilterError("sort", value, f"unknown sort '{value}'",
                          "one of " + ", ".join(f"{k}, -{k}" for k in SORTS))
    return value


def parse(params: Mapping[str, Sequence[str]]) -> EventFilter:
    """An EventFilter from parameter lists (`{"state": ["Pakistan"], "kind": ["meetings"]}`); every name is
    resolved or refused."""
    def many(name: str) -> list[str]:
        return [v for v in params.get(name, ()) if v is not None and str(v).strip() != ""]

    def one(name: str) -> str | None:
        values = many(name)
        return values[-1] if values else None

    states = [resolve_state(v, "state") for v in many("state")] + [resolve_state(v, "country") for v in many("country")]
    pair = one("pair")
    if pair is not None:
        sides = [s for s in re.split(r"[,;]", pair) if s.strip()]
        if len(sides) != 2:
            raise FilterError("pair", pair, f"a pair is two states, not '{pair}'", "write it as PAK,RUS or Pakistan,Russia")
        states += [resolve_state(s, "pair") for s in sides]
    years = []
    for value in many("year"):
        if value != "undated" and not re.fullmatch(r"\d{4}", value):
            raise FilterError("year", value, f"'{value}' is not a year", "use YYYY or undated", status=422)
        years.append(value)
    min_confidence = 0.0
    raw = one("min_confidence")
    if raw is not None:
        try:
            min_confidence = float(raw)
        except ValueError:
            min_confidence = math.nan
        if not math.isfinite(min_confidence):
            raise FilterError("min_confidence", raw, f"min_confidence must be a number from 0 to 1, not {raw}", status=422)
    sources_min = 1
    raw = one("sources_min")
    if raw is not None:
        if not re.fullmatch(r"\d+", str(raw)):
            raise FilterError("sources_min", raw, f"sources_min must be a whole number, not {raw}", status=422)
        sources_min = int(raw)
    q = (one("q") or "").strip() or None
    if q is not None and len(q) > MAX_QUERY:
        raise FilterError("q", q[:40] + "…", f"a search of {len(q)} characters", f"use at most {MAX_QUERY}", status=422)
    return EventFilter(
        country=list(dict.fromkeys(states)),
        kind=list(dict.fromkeys(resolve_kind(v) for v in many("kind"))),
        actor=one("actor"),
        since=check_date("since", one("since")),
        until=check_date("until", one("until")),
        min_confidence=min_confidence,
        sources_min=sources_min,
        status=[_one_of("status", v, STATUSES) for v in many("status")],
        people=many("person"),
        outlets=many("outlet"),
        years=years,
        bands=[_one_of("confidence", v, tuple(BANDS)) for v in many("confidence")],
        q=q,
    )


def from_pairs(pairs: Iterable[tuple[str, str]], extra: Iterable[str] = ()) -> tuple[EventFilter, dict[str, list[str]]]:
    """A query string's (name, value) pairs: the filter, and the view's own parameters (`extra`) apart.
    A name neither takes is a FilterError."""
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    own = list(extra)
    check_known(grouped, [*FILTERS, *own])
    return parse(grouped), {k: v for k, v in grouped.items() if k in own}
