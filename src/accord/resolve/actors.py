"""Actors across documents: one record per person, whatever the spelling, rank or title used.

People are blocked by folded surname and joined when names agree and states do
not differ; organisations join on their names; a bare title ('the COAS') becomes
the person who held that office on the article's date, or stays a title.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..extract.names import is_initial, names_agree, surname, tokens
from ..offices import OfficeTable, Tenure, office_key
from ..records import Actor, Role
from .dictionary import Entry
from .grouping import by_shared_keys


def _completeness(name: str) -> tuple[int, int, int]:
    toks = tokens(name)
    return sum(not is_initial(t) for t in toks), len(toks), name.count(".")


def _full(actor: Actor) -> bool:
    return sum(not is_initial(t) for t in tokens(actor.name)) > 1


_AGREE: dict[tuple[tuple[str, ...], tuple[str, ...]], bool] = {}


def _agree(names: tuple[str, ...], group: tuple[str, ...]) -> bool:
    """`names_agree`, remembered: a store re-clusters the same spellings against the same groups again and again."""
    key = (names, group)
    found = _AGREE.get(key)
    if found is None:
        if len(_AGREE) > 500_000:
            _AGREE.clear()
        found = _AGREE[key] = names_agree(list(names), list(group))
    return found


def cluster_people(actors: list[Actor]) -> list[list[Actor]]:
    """A surname-only actor joins a full name only when exactly one person of that surname fits.

    A group is compared through its distinct names and states (the same person is named alike in many
    articles), and each answer is remembered, so a block costs its distinct spellings rather than its mentions.
    """
    blocks: dict[str, list[Actor]] = defaultdict(list)
    for actor in actors:
        blocks[surname(actor.name)].append(actor)
    groups: list[list[Actor]] = []
    for block in blocks.values():
        mine: list[list[Actor]] = []
        names_of: list[list[str]] = []
        countries_of: list[set[str]] = []
        for actor in sorted(block, key=lambda a: (not _full(a), a.id)):
            names = [actor.name] + actor.aliases
            fits = []
            for i in range(len(mine)):
                if actor.country and countries_of[i] and actor.country not in countries_of[i]:
                    continue
                if _agree(tuple(names), tuple(names_of[i])):
                    fits.append(i)
            if not _full(actor) and len(fits) > 1:
                fits = []
            if fits:
                i = fits[0]
            else:
                i = len(mine)
                mine.append([])
                names_of.append([])
                countries_of.append(set())
            mine[i].append(actor)
            if actor.name not in names_of[i]:
                names_of[i].append(actor.name)
            if actor.country:
                countries_of[i].add(actor.country)
        groups.extend(mine)
    return groups


def _org_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", name.lower()))


def cluster_organizations(actors: list[Actor]) -> list[list[Actor]]:
    """Organisations join when a name or short form of one is a name or short form of the other."""
    return by_shared_keys(actors, lambda a: {_org_key(n) for n in [a.name, *a.aliases]})


def _apply_dictionary(groups: list[list[Actor]], entries: list[Entry]) -> list[tuple[list[Actor], Entry | None]]:
    """Groups that match one dictionary entry become one, under the entry's name and state."""
    by_entry: dict[int, list[Actor]] = {}
    out: list[tuple[list[Actor], Entry | None]] = []
    for group in groups:
        names = [n for a in group for n in [a.name, *a.aliases]]
        country = next((a.country for a in group if a.country), None)
        hit = next((i for i, e in enumerate(entries) if names_agree(names, e.names)
                    and not (country and e.country and country != e.country)), None)
        if hit is None:
            out.append((group, None))
        elif hit in by_entry:
            by_entry[hit].extend(group)
        else:
            by_entry[hit] = list(group)
            out.append((by_entry[hit], entries[hit]))
    return out


def merge(group: list[Actor], new_id: str, entry: Entry | None = None) -> Actor:
    names = Counter(a.name for a in group)
    name = entry.name if entry else max(names, key=lambda n: (_completeness(n), names[n]))
    aliases = list(dict.fromkeys(n for a in group for n in [a.name, *a.aliases] if n != name))
    countries = Counter(a.country for a in group if a.country)
    country = (entry.country if entry and entry.country else None) or (countries.most_common(1)[0][0] if countries else None)
    roles: dict[tuple[frozenset[str], str | None], Role] = {}
    for actor in group:
        for role in actor.roles:
            key = (office_key(role.role or "", {}), role.rank)
            seen = [d for d in (role.first_seen, role.last_seen) if d]
            if key not in roles:
                roles[key] = Role(role.role, role.rank, min(seen) if seen else None, max(seen) if seen else None)
            elif seen:
                old = roles[key]
                both = seen + [d for d in (old.first_seen, old.last_seen) if d]
                old.first_seen, old.last_seen = min(both), max(both)
    documents = list(dict.fromkeys(d for a in group for d in a.documents))
    return Actor(id=new_id, name=name, type=group[0].type, country=country, aliases=aliases,
                 roles=sorted(roles.values(), key=lambda r: (r.first_seen or "", r.role or "")),
                 in_body=any(a.in_body for a in group), documents=documents)


def office_table(people: list[Actor], entries: list[Entry], ids: dict[int, str], abbreviations: dict[str, str]) -> OfficeTable:
    table = OfficeTable()
    for i, entry in enumerate(entries):
        if entry.office and i in ids:
            table.tenures.append(Tenure(ids[i], entry.office, office_key(entry.office, abbreviations), entry.country,
                                        entry.start, entry.end or "9999", from_dictionary=True))
    for actor in people:
        for role in actor.roles:
            if role.role:
                table.tenures.append(Tenure(actor.id, role.role, office_key(role.role, abbreviations), actor.country,
                                            role.first_seen, role.last_seen))
    return table


@dataclass
class Resolved:
    actors: list[Actor]
    ids: dict[str, str]
    """document-level actor id -> store-level actor id"""
    table: OfficeTable


def resolve(actors: list[Actor], entries: list[Entry], abbreviations: dict[str, str]) -> Resolved:
    people = [a for a in actors if a.type == "person"]
    orgs = [a for a in actors if a.type in ("organization", "source")]
    titles = [a for a in actors if a.type == "office"]
    grouped = _apply_dictionary(cluster_people(people), entries) + [(g, None) for g in cluster_organizations(orgs)]
    grouped.sort(key=lambda ge: (ge[0][0].type != "person", min(a.name for a in ge[0])))
    merged: list[Actor] = []
    ids: dict[str, str] = {}
    entry_ids: dict[int, str] = {}
    for n, (group, entry) in enumerate(grouped, 1):
        actor = merge(group, f"a{n}", entry)
        merged.append(actor)
        ids.update({a.id: actor.id for a in group})
        if entry is not None:
            entry_ids[entries.index(entry)] = actor.id
    for i, entry in enumerate(entries):
        if i not in entry_ids:
            actor = Actor(id=f"a{len(merged) + 1}", name=entry.name, country=entry.country, aliases=entry.aliases,
                          roles=[Role(entry.office, None, entry.start, entry.end)] if entry.office else [])
            merged.append(actor)
            entry_ids[i] = actor.id
    table = office_table([a for a in merged if a.type == "person"], entries, entry_ids, abbreviations)
    unheld: dict[tuple[str, str, str | None], Actor] = {}
    """one title actor per article, name and state, however often the article names it"""
    for title in titles:
        day = title.roles[0].first_seen if title.roles else None
        holder = table.holder(office_key(title.name, abbreviations), title.country, day)
        if holder is not None:
            ids[title.id] = holder
            person = next(a for a in merged if a.id == holder)
            person.aliases = list(dict.fromkeys(person.aliases + [title.name]))
            person.documents = list(dict.fromkeys(person.documents + title.documents))
            continue
        key = (title.id.split(":")[0], title.name, title.country)
        if key not in unheld:
            unheld[key] = merge([title], f"a{len(merged) + 1}")
            merged.append(unheld[key])
        else:
            unheld[key].aliases = list(dict.fromkeys(unheld[key].aliases + title.aliases))
        ids[title.id] = unheld[key].id
    return Resolved(merged, ids, table)
