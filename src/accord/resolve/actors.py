"""Actors across documents: one record per person, whatever the spelling, rank or title used."""
from __future__ import annotations

from collections import Counter, defaultdict

from ..extract.names import is_initial, names_agree, surname, tokens
from ..records import Actor, Role


def _completeness(name: str) -> tuple[int, int, int]:
    toks = tokens(name)
    return sum(not is_initial(t) for t in toks), len(toks), name.count(".")


def _full(actor: Actor) -> bool:
    return sum(not is_initial(t) for t in tokens(actor.name)) > 1


def cluster(actors: list[Actor]) -> list[list[Actor]]:
    """Blocks by folded surname, then joins actors whose names agree and whose states do not differ.

    A surname-only actor joins a full name only when exactly one person of that surname fits.
    """
    blocks: dict[str, list[Actor]] = defaultdict(list)
    for actor in actors:
        blocks[surname(actor.name)].append(actor)
    groups: list[list[Actor]] = []
    for block in blocks.values():
        mine: list[list[Actor]] = []
        for actor in sorted(block, key=lambda a: (not _full(a), a.id)):
            names = [actor.name] + actor.aliases
            fits = [g for g in mine if not _country_clash(g, actor) and names_agree(names, [m.name for m in g])]
            if not _full(actor) and len(fits) > 1:
                fits = []
            if fits:
                fits[0].append(actor)
            else:
                mine.append([actor])
        groups.extend(mine)
    return groups


def _country_clash(group: list[Actor], actor: Actor) -> bool:
    countries = {a.country for a in group if a.country}
    return bool(actor.country and countries and actor.country not in countries)


def merge(group: list[Actor], new_id: str) -> Actor:
    names = Counter(a.name for a in group)
    name = max(names, key=lambda n: (_completeness(n), names[n]))
    aliases = list(dict.fromkeys(n for a in group for n in [a.name, *a.aliases] if n != name))
    countries = Counter(a.country for a in group if a.country)
    roles: dict[tuple[str | None, str | None], Role] = {}
    for actor in group:
        for role in actor.roles:
            key = (role.role, role.rank)
            seen = [d for d in (role.first_seen, role.last_seen) if d]
            if key not in roles:
                roles[key] = Role(role.role, role.rank, min(seen) if seen else None, max(seen) if seen else None)
            elif seen:
                old = roles[key]
                both = seen + [d for d in (old.first_seen, old.last_seen) if d]
                old.first_seen, old.last_seen = min(both), max(both)
    documents = list(dict.fromkeys(d for a in group for d in a.documents))
    return Actor(id=new_id, name=name, type=group[0].type, country=countries.most_common(1)[0][0] if countries else None,
                 aliases=aliases, roles=sorted(roles.values(), key=lambda r: (r.first_seen or "", r.role or "")),
                 in_body=any(a.in_body for a in group), documents=documents)
