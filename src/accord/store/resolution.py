"""Resolution as each document is stored: only the blocks that the document touches are revisited.

A document's actor mentions and event reports are stored by block: people by folded surname,
organisations by every name they go by (a block is what those names connect), bare titles by
state, event reports by kind, status and states. Storing a document re-resolves just its blocks
with the same functions the whole-store resolution uses (`accord.resolve`), and from there only
what that changed: reports that name an actor whose identity moved, events of a renamed actor,
the date conflicts, series and promises that involve a changed event. All of it happens in the
transaction that stores the document, so a reader sees a document with its whole resolution or
neither.

Ids are derived once from content: an actor's from its earliest mention, an event's from its
earliest report (document, kind, evidence span). A group that grows keeps its id; when two
groups join, the older id stays and the other is kept as an alias that still resolves.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

from ..export import event_json
from ..extract.names import surname
from ..lexicon import Lexicon
from ..offices import OfficeTable, Tenure, office_key
from ..records import Actor, Event, Extraction, actor_from_dict, event_from_dict, plain, to_dict
from ..resolve import series as series_mod
from ..resolve.actors import _apply_dictionary, _full, _org_key, cluster_organizations, cluster_people, merge
from ..resolve.dictionary import Entry
from ..resolve.events import flag_conflicts, fuse
from ..resolve.series import Edition, Promise, Series
from .database import Store
from .search import forget_event, index_event

Summary = Callable[..., str]


def hash_id(prefix: str, *parts: object) -> str:
    """A short id derived from content, so the same mention or report always yields the same id."""
    return prefix + hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:10]


def mention_id(document: str, actor: Actor) -> str:
    """The actor a mention stands for until resolution joins it to others. A bare title is one per state: 'the
    Chief of Defence Staff' of one side and of the other are two titles in one article."""
    if actor.type == "office":
        return hash_id("a", document, actor.type, actor.name, actor.country or "")
    return hash_id("a", document, actor.type, actor.name)


def entry_id(entry: Entry) -> str:
    """An actor of the user's dictionary is named by the entry, whatever the articles call it."""
    return hash_id("a", "dictionary", entry.name)


def fuse_block(event: Event) -> str:
    return "|".join([event.kind, event.status, event.planned_kind or "", " ".join(sorted(event.countries))])


def conflict_key(event: Event) -> str | None:
    if not event.participants or event.kind in ("statement", "intent"):
        return None
    return "|".join([event.kind, " ".join(sorted(event.countries)), " ".join(sorted(set(event.participants)))])


def promise_key(event: Event) -> str | None:
    """Plans and the occurred events that may keep them share this key."""
    if event.status == "planned":
        return "|".join([event.planned_kind or "meeting", " ".join(sorted(event.countries))])
    if event.status == "occurred" and event.date:
        return "|".join([event.kind, " ".join(sorted(event.countries))])
    return None


def series_keys(event: Event) -> set[str]:
    if event.series is None:
        return set()
    return {k for n in [event.series.name, *event.series.aliases] if (k := series_mod._key(n))}


def series_id(s: Series) -> str:
    return hash_id("s", min(series_mod._key(n) for n in [s.name, *s.aliases]))


def event_sort_key(event: Event) -> str:
    """The record's order in characters every database sorts alike: date (a month after its days, a year
    after its months, undated last), then the first report's document and offset."""
    value = event.date or ""
    digits = value.replace("-", "").ljust(8, "9") if value else "99999999"
    first = event.sources[0] if event.sources else None
    return digits + (first.document if first else "").ljust(24, "0") + f"{first.start if first else 0:09d}"


def actor_sort_key(actor: Actor) -> str:
    return ("0" if actor.type == "person" else "1") + min([actor.name])


def _end_of(value: str) -> date:
    return series_mod._end_of(value)


def _start_of(value: str) -> date:
    return series_mod._start_of(value)


def finish_promise(promise: dict[str, Any], newest: str | None) -> dict[str, Any]:
    """A promise not kept is open or unreported depending on the newest article, which every new document
    moves; that last step is taken when it is read, so storing a document never rewrites every open plan."""
    if promise["status"] not in ("open", "unreported"):
        return promise
    due = promise["promised_date"]
    if due is not None and newest is not None and _end_of(due) < _start_of(newest):
        return {**promise, "status": "unreported", "detail": f"promised for {due}; nothing reported by {newest}"}
    return {**promise, "status": "open",
            "detail": f"promised for {due or 'an unstated date'}; not yet due as of {newest or 'the newest article'}"}


def _in(values: Iterable[Any]) -> tuple[str, tuple[Any, ...]]:
    items = tuple(values)
    return ", ".join("?" * len(items)), items


@dataclass
class Touched:
    """What stored or removed documents touched, still to be re-resolved."""

    person_blocks: set[str] = field(default_factory=set)
    org_keys: set[str] = field(default_factory=set)
    title_blocks: set[str] = field(default_factory=set)
    fuse_blocks: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    gone_actors: set[str] = field(default_factory=set)
    everything: bool = False
    """a rebuild: every block at once (organisations in one pass rather than name by name)"""


class Resolver:
    """Keeps the resolved tables of one store up to date; every method runs inside the caller's transaction."""

    def __init__(self, store: Store, lex: Lexicon, entries: list[Entry], summary: Summary):
        self.store, self.lex, self.entries, self.summary = store, lex, entries, summary
        self.abbreviations = lex.office_abbreviations
        self.states = {code: {c.name, *c.names} for code, c in lex.countries.items()}
        self.touched = Touched()

    def q(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        return self.store.execute(sql, params).fetchall()

    # Documents in and out ------------------------------------------------------------------------

    def add(self, x: Extraction, seq: int, raw: dict[str, Any] | None = None) -> None:
        """Store a document's mentions and reports by block; `raw` is the extraction as stored, when at hand."""
        raw = raw or to_dict(x)
        doc = x.article.id
        t = self.touched
        t.documents.add(doc)
        for n, a in enumerate(x.actors):
            keys: set[str] = set()
            if a.type == "person":
                block = "p:" + surname(a.name)
                t.person_blocks.add(block)
            elif a.type in ("organization", "source"):
                block = "o"
                keys = {_org_key(name) for name in [a.name, *a.aliases]}
                t.org_keys |= keys
            else:
                block = "t:" + (a.country or "")
                t.title_blocks.add(block)
            self.store.execute("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                               (doc, a.id, seq, n, mention_id(doc, a), a.type, block,
                                json.dumps(raw["actors"][n], ensure_ascii=False)))
            for key in keys:
                self.store.execute("INSERT INTO mention_keys VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (key, doc, a.id))
        seen: Counter[tuple] = Counter()
        for n, e in enumerate(x.events):
            first = e.sources[0] if e.sources else None
            span = (first.document, e.kind, first.start, first.end) if first else (e.id, e.kind)
            seen[span] += 1  # several events of one sentence ("met A, B and C") are told apart by their turn
            block = fuse_block(e)
            t.fuse_blocks.add(block)
            self.store.execute("INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
                               (doc, e.id, seq, n, hash_id("e", *span, seen[span]), block,
                                json.dumps(raw["events"][n], ensure_ascii=False)))

    def remove(self, doc: str) -> None:
        """Forget a document's mentions and reports (a changed file replaces its old version)."""
        t = self.touched
        for local, block, actor in self.q("SELECT local, block, actor FROM mentions WHERE document = ?", (doc,)):
            if block.startswith("p:"):
                t.person_blocks.add(block)
            elif block.startswith("t:"):
                t.title_blocks.add(block)
            if actor:
                t.gone_actors.add(actor)
        t.org_keys |= {k for (k,) in self.q("SELECT key FROM mention_keys WHERE document = ?", (doc,))}
        t.fuse_blocks |= {b for (b,) in self.q("SELECT block FROM reports WHERE document = ?", (doc,))}
        for table in ("mentions", "mention_keys", "reports", "document_actors"):
            self.store.execute(f"DELETE FROM {table} WHERE document = ?", (doc,))

    # Resolution ----------------------------------------------------------------------------------

    def update(self) -> None:
        """Re-resolve what the added and removed documents touched, and everything that follows from it."""
        t, self.touched = self.touched, Touched()
        moved: dict[tuple[str, str], str | None] = {}
        """(document, local mention) -> its old actor, for every mention whose actor changed"""
        records = set(t.gone_actors)
        for block in sorted(t.person_blocks):
            records |= self._groups(self._mentions("block = ?", (block,)), "person", moved)
        if t.everything:
            records |= self._groups(self._mentions("type IN ('organization', 'source')", ()), "organization", moved)
        elif t.org_keys:
            records |= self._groups(self._org_component(t.org_keys), "organization", moved)
        records |= {entry_id(e) for e in self.entries if self._entry_unseen(e)}
        renamed, countries = self._records(records)
        title_blocks = set(t.title_blocks)
        if countries:
            if None in countries or "" in countries:
                title_blocks |= {b for (b,) in self.q("SELECT DISTINCT block FROM mentions WHERE type = 'office'")}
            else:
                title_blocks |= {"t:" + c for c in countries if c} | {"t:"}
        holders: set[str] = set()
        for block in sorted(title_blocks):
            holders |= self._titles(block, moved)
        more, _ = self._records(holders)
        renamed |= more
        documents = set(t.documents) | {d for d, _ in moved}
        self._document_actors(documents)
        fuse_blocks = set(t.fuse_blocks)
        if moved:
            by_doc: dict[str, set[str]] = {}
            for d, local in moved:
                by_doc.setdefault(d, set()).add(local)
            for d, locals_ in by_doc.items():
                for block, data in self.q("SELECT block, data FROM reports WHERE document = ?", (d,)):
                    if set(json.loads(data)["participants"]) & locals_:
                        fuse_blocks.add(block)
        changed: set[str] = set()
        old_keys: dict[str, set[str]] = {"conflict": set(), "promise": set(), "series": set()}
        for block in sorted(fuse_blocks):
            changed |= self._fuse(block, old_keys)
        if renamed:
            marks, params = _in(renamed)
            changed |= {e for (e,) in self.q(f"SELECT DISTINCT event FROM event_actors WHERE actor IN ({marks})", params)}
        self._finish(changed, old_keys)

    def _entry_unseen(self, entry: Entry) -> bool:
        return not self.q("SELECT 1 FROM actors WHERE id = ?", (entry_id(entry),))

    def _mentions(self, where: str, params: tuple[Any, ...]) -> list[tuple[Actor, str, str | None, str]]:
        """(mention, its own id, its actor, its document) in the order stored."""
        rows = self.q(f"SELECT document, own, actor, data FROM mentions WHERE {where} ORDER BY seq, n", params)
        return [(actor_from_dict(json.loads(data)), own, actor, doc) for doc, own, actor, data in rows]

    def _org_component(self, keys: set[str]) -> list[tuple[Actor, str, str | None, str]]:
        """Every organisation mention connected to `keys` through shared names, in the order stored."""
        seen: set[str] = set()
        todo = set(keys)
        while todo:
            chunk = sorted(todo)[:500]
            todo -= set(chunk)
            seen |= set(chunk)
            marks, params = _in(chunk)
            todo |= {k for (k,) in self.q(f"SELECT DISTINCT b.key FROM mention_keys a JOIN mention_keys b ON b.document = a.document "
                                          f"AND b.local = a.local WHERE a.key IN ({marks})", params)} - seen
        rows: dict[tuple[str, str], tuple] = {}
        for chunk in _chunks(sorted(seen)):
            marks, params = _in(chunk)
            for doc, local, own, actor, seq, n, data in self.q(
                    f"SELECT m.document, m.local, m.own, m.actor, m.seq, m.n, m.data FROM mentions m JOIN mention_keys k "
                    f"ON k.document = m.document AND k.local = m.local WHERE k.key IN ({marks})", params):
                rows[(doc, local)] = (seq, n, own, actor, doc, data)
        ordered = sorted(rows.values(), key=lambda r: (r[0], r[1]))
        return [(actor_from_dict(json.loads(data)), own, actor, doc) for _, _, own, actor, doc, data in ordered]

    def _groups(self, found: list[tuple[Actor, str, str | None, str]], kind: str,
                moved: dict[tuple[str, str], str | None]) -> set[str]:
        """Cluster one block of mentions, name each group, record who moved; returns the actors whose members changed."""
        if not found:
            return set()
        mentions = [m for m, *_ in found]
        info = {m.id: (own, actor, doc) for m, own, actor, doc in found}
        order = {m.id: i for i, m in enumerate(mentions)}
        clusters = cluster_people(mentions) if kind == "person" else cluster_organizations(mentions)
        grouped = _apply_dictionary(clusters, self.entries) if kind == "person" else [(g, None) for g in clusters]
        involved: set[str] = set()
        """actors whose members changed: only their records need writing again"""
        taken: set[str] = set()
        old_of: dict[str, str] = {}
        for group, entry in grouped:
            ranked = sorted(group, key=lambda m: order[m.id])
            if entry is not None:
                new = entry_id(entry)
            else:
                new = next((info[m.id][0] for m in ranked if info[m.id][0] not in taken), None) or \
                    hash_id("a", "group", ranked[0].id, len(taken))
            taken.add(new)
            for m in group:
                own, actor, doc = info[m.id]
                if actor != new:
                    involved |= {new} | ({actor} if actor else set())
                    moved[(doc, m.id)] = actor
                    self.store.execute("UPDATE mentions SET actor = ? WHERE document = ? AND local = ?", (new, doc, m.id))
                    if actor:
                        old_of[actor] = new
        for old, new in old_of.items():
            if old not in taken:
                self._alias(old, new)
        return involved

    def _alias(self, old: str, new: str) -> None:
        """`old` now names the record `new`; aliases that pointed at `old` follow it."""
        self.store.execute("UPDATE aliases SET target = ? WHERE target = ?", (new, old))
        self.store.execute("INSERT INTO aliases VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET target = excluded.target", (old, new))
        self.store.execute("DELETE FROM aliases WHERE alias = ?", (new,))

    def _records(self, ids: set[str]) -> tuple[set[str], set[str | None]]:
        """Rewrite the merged record of each actor; returns the renamed ones and the states whose offices changed."""
        renamed: set[str] = set()
        countries: set[str | None] = set()
        entries = {entry_id(e): e for e in self.entries}
        for actor_id in sorted(ids):
            old = self.q("SELECT name, data FROM actors WHERE id = ?", (actor_id,))
            old_tenures = self.q("SELECT office, country, first_seen, last_seen FROM tenures WHERE person = ? ORDER BY n", (actor_id,))
            members = self._mentions("actor = ? AND type <> 'office'", (actor_id,))
            titles = self._mentions("actor = ? AND type = 'office'", (actor_id,))
            entry = entries.get(actor_id)
            record = self._merged(actor_id, [m for m, *_ in members], [m for m, *_ in titles], entry)
            self.store.execute("DELETE FROM actors WHERE id = ?", (actor_id,))
            self.store.execute("DELETE FROM actor_names WHERE actor = ?", (actor_id,))
            self.store.execute("DELETE FROM tenures WHERE person = ?", (actor_id,))
            if record is None:
                if old:
                    countries.add(json.loads(old[0][1]).get("country"))
                continue
            from ..export import actor_json

            self.store.execute("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?)",
                               (record.id, actor_sort_key(record), record.name, record.type, record.country,
                                json.dumps(actor_json(record), ensure_ascii=False)))
            for name in {record.name.lower(), *(a.lower() for a in record.aliases)}:
                self.store.execute("INSERT INTO actor_names VALUES (?, ?)", (name, record.id))
            tenures = self._tenures(record, entry)
            for n, t in enumerate(tenures):
                self.store.execute("INSERT INTO tenures VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   (record.id, n, t.office, t.country, t.first_seen, t.last_seen, int(t.from_dictionary)))
            if not old or old[0][0] != record.name:
                renamed.add(record.id)
            if [tuple(r) for r in old_tenures] != [(t.office, t.country, t.first_seen, t.last_seen) for t in tenures]:
                countries |= {record.country} | {t.country for t in tenures}
        return renamed, countries

    def _merged(self, actor_id: str, members: list[Actor], titles: list[Actor], entry: Entry | None) -> Actor | None:
        """The store-level actor, as `resolve.actors.resolve` makes it from the same mentions."""
        if members:
            if members[0].type == "person":
                members = sorted(members, key=lambda a: (not _full(a), a.id))
            record = merge(members, actor_id, entry)
        elif entry is not None:
            from ..records import Role

            record = Actor(id=actor_id, name=entry.name, country=entry.country, aliases=entry.aliases,
                           roles=[Role(entry.office, None, entry.start, entry.end)] if entry.office else [])
        elif titles and all(self._own(t) == actor_id for t in titles):
            return merge(titles, actor_id)  # one title, maybe named twice in one article
        else:
            return None
        for title in titles:
            record.aliases = list(dict.fromkeys(record.aliases + [title.name]))
            record.documents = list(dict.fromkeys(record.documents + title.documents))
        return record

    def _own(self, mention: Actor) -> str:
        doc = mention.id.split(":")[0]
        row = self.q("SELECT own FROM mentions WHERE document = ? AND local = ?", (doc, mention.id))
        return row[0][0] if row else ""

    def _tenures(self, actor: Actor, entry: Entry | None) -> list[Tenure]:
        out = []
        if entry is not None and entry.office:
            out.append(Tenure(actor.id, entry.office, office_key(entry.office, self.abbreviations), entry.country,
                              entry.start, entry.end or "9999", from_dictionary=True))
        if actor.type == "person":
            for role in actor.roles:
                if role.role:
                    out.append(Tenure(actor.id, role.role, office_key(role.role, self.abbreviations), actor.country,
                                      role.first_seen, role.last_seen))
        return out

    def _office_table(self, country: str | None) -> OfficeTable:
        if country:
            rows = self.q("SELECT person, office, country, first_seen, last_seen, from_dictionary FROM tenures "
                          "WHERE country = ? OR country IS NULL", (country,))
        else:
            rows = self.q("SELECT person, office, country, first_seen, last_seen, from_dictionary FROM tenures")
        return OfficeTable([Tenure(p, o, office_key(o, self.abbreviations), c, f, la, bool(d)) for p, o, c, f, la, d in rows])

    def _titles(self, block: str, moved: dict[tuple[str, str], str | None]) -> set[str]:
        """Each bare title of one state becomes the person who held that office on its date, or stays a title."""
        found = self._mentions("block = ?", (block,))
        if not found:
            return set()
        table = self._office_table(block[2:] or None)
        involved: set[str] = set()
        for title, own, actor, doc in found:
            day = title.roles[0].first_seen if title.roles else None
            new = table.holder(office_key(title.name, self.abbreviations), title.country, day) or own
            if actor != new:
                involved |= {new} | ({actor} if actor else set())
                moved[(doc, title.id)] = actor
                self.store.execute("UPDATE mentions SET actor = ? WHERE document = ? AND local = ?", (new, doc, title.id))
                if actor == own:
                    self._alias(own, new)
                elif new == own:
                    self.store.execute("DELETE FROM aliases WHERE alias = ?", (own,))
        return involved

    def _document_actors(self, documents: set[str]) -> None:
        for doc in sorted(documents):
            self.store.execute("DELETE FROM document_actors WHERE document = ?", (doc,))
            rows = self.q("SELECT actor, data FROM mentions WHERE document = ? ORDER BY n", (doc,))
            for actor in dict.fromkeys(a for a, data in rows if a and json.loads(data).get("in_body", True)):
                self.store.execute("INSERT INTO document_actors VALUES (?, ?)", (doc, actor))

    def _fuse(self, block: str, old_keys: dict[str, set[str]]) -> set[str]:
        """Fuse one block's reports afresh, in the order stored; returns the ids of its events now."""
        olds = self.q("SELECT id, conflict_key, promise_key FROM events WHERE block = ?", (block,))
        for old, ck, pk in olds:
            old_keys["conflict"].add(ck or "")
            old_keys["promise"].add(pk or "")
            old_keys["series"] |= {k for (k,) in self.q("SELECT key FROM event_series WHERE event = ?", (old,))}
            for table, column in (("events", "id"), ("event_countries", "event"), ("event_actors", "event"),
                                  ("event_series", "event"), ("event_outlets", "event"), ("event_places", "event"),
                              ("promises", "plan")):
                self.store.execute(f"DELETE FROM {table} WHERE {column} = ?", (old,))
            forget_event(self.store, old)
        rows = self.q("SELECT document, local, own, event, data FROM reports WHERE block = ? ORDER BY seq, n", (block,))
        reports = [event_from_dict(json.loads(data)) for *_, data in rows]
        own = {r.id: row[2] for r, row in zip(reports, rows)}
        was = {r.id: row[3] for r, row in zip(reports, rows)}
        docs = {row[0] for row in rows}
        actor_of: dict[tuple[str, str], str] = {}
        for doc in docs:
            actor_of.update({(doc, lo): a for lo, a in self.q("SELECT local, actor FROM mentions WHERE document = ?", (doc,)) if a})
        for r, row in zip(reports, rows):
            r.participants = list(dict.fromkeys(actor_of.get((row[0], p), p) for p in r.participants))
        report_of = {id(s): r.id for r in reversed(reports) for s in r.sources}
        published = {doc: day for chunk in _chunks(sorted(docs)) for doc, day in
                     self.q(f"SELECT id, published FROM documents WHERE id IN ({_in(chunk)[0]})", tuple(chunk))}
        fused = fuse(reports, published)
        taken: set[str] = set()
        new_of: dict[str, str] = {}
        for event in fused:
            members = list(dict.fromkeys([event.id] + [report_of[id(s)] for s in event.sources if id(s) in report_of]))
            new = next((own[m] for m in members if own[m] not in taken), None) or hash_id("e", "group", event.id, len(taken))
            taken.add(new)
            for m in members:
                self.store.execute("UPDATE reports SET event = ? WHERE document = ? AND local = ?", (new, m.split(":")[0], m))
                if was[m]:
                    new_of.setdefault(was[m], new)
            event.id = new
            self._insert_event(event, block)
        count = self.q("SELECT value FROM meta WHERE key = 'events'")
        self.store.set_meta("events", str(int(count[0][0] if count and count[0][0] else 0) - len(olds) + len(taken)))
        for old, _, _ in olds:
            if old not in taken:
                if old in new_of:
                    self._alias(old, new_of[old])
            else:
                self.store.execute("DELETE FROM aliases WHERE alias = ?", (old,))
        return taken

    def _insert_event(self, event: Event, block: str) -> None:
        self.store.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
                           (event.id, block, event_sort_key(event), event.kind, event.planned_kind, event.status, event.date,
                            event.confidence, len({s.document for s in event.sources}), conflict_key(event),
                            promise_key(event), json.dumps(to_dict(event), ensure_ascii=False)))
        for country in set(event.countries):
            self.store.execute("INSERT INTO event_countries VALUES (?, ?)", (country.upper(), event.id))
        for actor_id in set(event.participants):
            self.store.execute("INSERT INTO event_actors VALUES (?, ?)", (actor_id, event.id))
        for key in series_keys(event):
            self.store.execute("INSERT INTO event_series VALUES (?, ?)", (key, event.id))
        index_event(self.store, event.id, " ".join(s.sentence for s in event.sources))
        where = event.location.country if event.location and event.location.country else None
        self.store.execute("INSERT INTO event_places VALUES (?, ?, ?)",
                           (event.id, event.location.name if event.location else None,
                            where or (event.countries[0] if event.countries else None)))
        documents = sorted({s.document for s in event.sources})
        if documents:
            marks = ", ".join("?" * len(documents))
            self.store.execute(f"INSERT INTO event_outlets SELECT DISTINCT outlet, ? FROM documents WHERE id IN ({marks}) "
                               "AND outlet IS NOT NULL", (event.id, *documents))

    def _events(self, where: str, params: tuple[Any, ...]) -> list[Event]:
        rows = self.q(f"SELECT fused FROM events WHERE {where} ORDER BY sort_key, id", params)
        return [event_from_dict(json.loads(f)) for (f,) in rows]

    def _finish(self, changed: set[str], old_keys: dict[str, set[str]]) -> None:
        """Summaries, date conflicts, series and promises of the changed events, and the rows readers see."""
        if not changed and not any(old_keys.values()):
            return
        events: dict[str, Event] = {}
        for chunk in _chunks(sorted(changed)):
            marks, params = _in(chunk)
            events.update({e.id: e for e in self._events(f"id IN ({marks})", params)})
        ckeys = {k for k in old_keys["conflict"] if k} | {k for e in events.values() if (k := conflict_key(e))}
        for key in sorted(ckeys):
            block = self._events("conflict_key = ?", (key,))
            flag_conflicts(block)
            events.update({e.id: e for e in block})
        # Series: every event connected to a changed event's series names.
        skeys = set(old_keys["series"]) | {k for e in events.values() for k in series_keys(e)}
        plans: set[str] = {e.id for e in events.values() if e.status == "planned"}
        numbered: set[str] = set()
        """plans of a rebuilt series: their promise changes only when they name an edition"""
        if skeys:
            numbered = self._series(skeys) - plans
        pkeys = {k for k in old_keys["promise"] if k} | {k for e in events.values() if (k := promise_key(e))}
        for key in sorted(pkeys):
            plans |= {p for (p,) in self.q("SELECT id FROM events WHERE promise_key = ? AND status = 'planned'", (key,))}
        promised = self._promises(plans, numbered)
        for plan_id in plans - set(events):
            events.update({e.id: e for e in self._events("id = ?", (plan_id,))})
        names = self._names({p for e in events.values() for p in e.participants})
        for event in events.values():
            event.summary = self.summary(event.kind, event.planned_kind, [names[p] for p in event.participants if p in names],
                                         event.countries, event.location.name if event.location else None, event.date, self.lex)
            self.store.execute("UPDATE events SET data = ? WHERE id = ?",
                               (json.dumps(event_json(event, promised.get(event.id) or self._promise_of(event.id)),
                                           ensure_ascii=False), event.id))

    def _names(self, ids: set[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(sorted(ids)):
            marks, params = _in(chunk)
            out.update(dict(self.q(f"SELECT id, name FROM actors WHERE id IN ({marks})", params)))
        return out

    def _promise_of(self, plan_id: str) -> Promise | None:
        row = self.q("SELECT data FROM promises WHERE plan = ?", (plan_id,))
        return Promise(**json.loads(row[0][0])) if row else None

    def _series(self, keys: set[str]) -> set[str]:
        """Rebuild the series that `keys` reach; returns the plans that belong to them."""
        seen: set[str] = set()
        todo = set(keys)
        ids: set[str] = set()
        while todo:
            chunk = list(todo)[:500]
            todo -= set(chunk)
            seen |= set(chunk)
            marks, params = _in(chunk)
            found = {e for (e,) in self.q(f"SELECT event FROM event_series WHERE key IN ({marks})", params)} - ids
            ids |= found
            for chunk2 in _chunks(sorted(found)):
                m2, p2 = _in(chunk2)
                todo |= {k for (k,) in self.q(f"SELECT key FROM event_series WHERE event IN ({m2})", p2)} - seen
        for chunk in _chunks(sorted(seen)):
            marks, params = _in(chunk)
            for (old,) in self.q(f"SELECT DISTINCT series FROM series_keys WHERE key IN ({marks})", params):
                self.store.execute("DELETE FROM series WHERE id = ?", (old,))
                self.store.execute("DELETE FROM series_keys WHERE series = ?", (old,))
        events: list[Event] = []
        for chunk in _chunks(sorted(ids)):
            marks, params = _in(chunk)
            events += self._events(f"id IN ({marks})", params)
        events.sort(key=event_sort_key)
        plans: set[str] = set()
        for s in series_mod.build(events):
            s.id = series_id(s)
            self.store.execute("INSERT INTO series VALUES (?, ?, ?)", (s.id, s.name.lower(), json.dumps(plain(s), ensure_ascii=False)))
            for key in {series_mod._key(n) for n in [s.name, *s.aliases]} - {""}:
                self.store.execute("INSERT INTO series_keys VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET series = excluded.series",
                                   (key, s.id))
            plans |= set(s.plans)
        return plans

    def _promises(self, plans: set[str], numbered: set[str] = frozenset()) -> dict[str, Promise]:  # type: ignore[assignment]
        """What became of each plan, short of the last step that depends on the newest article (finish_promise).

        Plans are taken by promise key, so the events that may keep them are read once for all plans of a key;
        of a series only the editions a plan names are read. `numbered` plans count only if they name an edition.
        """
        out: dict[str, Promise] = {}
        by_key: dict[str, list[Event]] = {}
        for chunk in _chunks(sorted(plans | numbered)):
            marks, params = _in(chunk)
            found = {e.id: e for e in self._events(f"id IN ({marks}) AND status = 'planned'", params)}
            for plan_id in set(chunk) - set(found) - numbered:
                self.store.execute("DELETE FROM promises WHERE plan = ?", (plan_id,))
            for plan in found.values():
                if plan.id in numbered and plan.id not in plans and (plan.series is None or plan.series.edition is None):
                    continue
                by_key.setdefault(promise_key(plan) or "", []).append(plan)
        for key, key_plans in sorted(by_key.items()):
            related = {e.id: e for e in self._events("promise_key = ? AND status = 'occurred'", (key,))}
            in_series: dict[str, Series] = {}
            wanted_editions: set[str] = set()
            for plan in key_plans:
                found_series = self._series_of(plan.id)
                if found_series is not None:
                    in_series[found_series.id] = found_series
                    if plan.series is not None and plan.series.edition is not None:
                        wanted_editions |= {i for ed in found_series.editions if ed.number == plan.series.edition for i in ed.events}
            for chunk in _chunks(sorted(wanted_editions - set(related))):
                marks, params = _in(chunk)
                related.update({e.id: e for e in self._events(f"id IN ({marks})", params)})
            events = sorted([*related.values(), *key_plans], key=event_sort_key)
            wanted = {p.id for p in key_plans}
            for promise in series_mod.promises(events, list(in_series.values()), None, self.states):
                if promise.plan not in wanted:
                    continue
                plan = next(p for p in key_plans if p.id == promise.plan)
                self.store.execute("DELETE FROM promises WHERE plan = ?", (plan.id,))
                self.store.execute("INSERT INTO promises VALUES (?, ?, ?, ?, ?)",
                                   (plan.id, event_sort_key(plan), promise.status, promise.promised_date,
                                    json.dumps(plain(promise), ensure_ascii=False)))
                out[plan.id] = promise
        return out

    def _series_of(self, plan_id: str) -> Series | None:
        for (data,) in self.q("SELECT s.data FROM series s JOIN series_keys k ON k.series = s.id JOIN event_series es "
                              "ON es.key = k.key WHERE es.event = ?", (plan_id,)):
            s = load_series(json.loads(data))
            if plan_id in s.plans:
                return s
        return None


def load_series(row: dict[str, Any]) -> Series:
    return Series(**{**row, "editions": [Edition(**e) for e in row["editions"]]})


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
