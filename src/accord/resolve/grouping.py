"""Grouping records that share any name: the one mechanism behind organisations and series."""
from __future__ import annotations

from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


def by_shared_keys(items: Iterable[T], keys: Callable[[T], set[str]]) -> list[list[T]]:
    """Items whose key sets overlap, directly or through others, form one group; order is kept."""
    groups: list[list[T]] = []
    seen: list[set[str]] = []
    for item in items:
        mine = keys(item)
        hits = [i for i, k in enumerate(seen) if k & mine]
        if not hits:
            groups.append([item])
            seen.append(set(mine))
            continue
        first = hits[0]
        groups[first].append(item)
        seen[first] |= mine
        for i in reversed(hits[1:]):
            groups[first].extend(groups.pop(i))
            seen[first] |= seen.pop(i)
    return groups
