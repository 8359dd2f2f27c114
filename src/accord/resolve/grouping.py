"""Grouping records that share any name: the one mechanism behind organisations and series."""
from __future__ import annotations

from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


def by_shared_keys(items: Iterable[T], keys: Callable[[T], set[str]]) -> list[list[T]]:
    """Items whose key sets overlap, directly or through others, form one group; order is kept."""
    items = list(items)
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, item in enumerate(items):
        for key in keys(item):
            if key in owner:
                a, b = root(owner[key]), root(i)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[key] = i
    groups: dict[int, list[T]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return list(groups.values())
