"""One document's mentions of people grouped into persons; pronouns and descriptions tied to them."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Doc, Token

from ..nlp import spans
from ..offices import fits, office_key
from .transcript import FIRST_PERSON, turns
from .mentions import PersonMention, Reference
from .names import fold, is_initial, names_agree, same_word, tokens


@dataclass
class Person:
    names: list[str] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    ranks: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    country: str | None = None
    in_body: bool = False
    title: bool = False
    """A description no one in the article answers to ('the Russian defence minister'); resolved by date later."""

    @property
    def surname(self) -> str:
        return fold(tokens(self.canonical)[-1])

    @property
    def canonical(self) -> str:
        def completeness(name: str) -> tuple[int, int, int]:
            toks = tokens(name)
            return (sum(not is_initial(t) for t in toks), len(toks), name.count(".") + self.names.count(name))
        return max(self.names, key=completeness)



def compatible(person: Person, name: str, country: str | None) -> bool:
    if country and person.country and country != person.country:
        return False
    return names_agree([name], person.names) or _goes_by_middle_name(name, person.names)


def _goes_by_middle_name(name: str, names: list[str]) -> bool:
    """'Minister Ghassan' after 'Mohamed Ghassan Maumoon': in much of South Asia and the Gulf a man goes by a middle
    name. Within one article only; across articles a single word is too weak a tie."""
    word = tokens(name)
    return len(word) == 1 and any(len(full := tokens(n)) >= 3 and any(same_word(fold(word[0]), fold(t)) for t in full[1:-1])
                                  for n in names)


def group(mentions: list[PersonMention]) -> list[Person]:
    """Longest names first, so a surname-only mention joins the full name it shortens.

    A bare surname that fits two people ('Singh' beside Rajnath and Karambir Singh) is left unattached.
    """
    people: list[Person] = []
    order = sorted(range(len(mentions)), key=lambda i: (-len([t for t in tokens(mentions[i].name) if not is_initial(t)]), i))
    for i in order:
        m = mentions[i]
        full = len([t for t in tokens(m.name) if not is_initial(t)]) > 1
        matches = [p for p in people if compatible(p, m.name, m.country)]
        if not full and len(matches) > 1:
            continue
        person = matches[0] if matches else None
        if person is None:
            person = Person()
            people.append(person)
        m.cluster = people.index(person)
        person.names.append(m.name)
        person.surfaces.append(m.surface)
        if m.rank:
            person.ranks.append(m.rank)
        if m.office:
            person.offices.append(m.office)
        person.country = person.country or m.country
        person.in_body = person.in_body or not m.caption
    return people



def _cataphor(doc: Doc, ref: Reference, body: list[PersonMention]) -> PersonMention | None:
    """'For his part, General X said': a possessive before the main clause points to that clause's subject."""
    tok = doc[ref.start]
    root = tok.sent.root
    if tok.dep_ != "poss" or tok.i > root.i:
        return None
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.left_edge.i > tok.i]
    for subj in subjects:
        inside = [m for m in body if subj.left_edge.i <= m.start <= subj.right_edge.i]
        if inside:
            return inside[-1]
    return None


def _antecedent(doc: Doc, ref: Reference, body: list[PersonMention]) -> PersonMention | None:
    """The person a pronoun stands for: in the nearest sentence before it that names people, its subject if a person,
    else for a subject pronoun the person named first there. Beyond 80 tokens only a subject pronoun reaches back,
    and only to a sentence that names one person."""
    before = [m for m in body if m.end <= ref.start and ref.start - m.end < 80]
    if not before:
        # 'A arrived in X. [a paragraph of background] He then flew to Y': a subject pronoun after an aside is the
        # one person the last sentence naming people names
        far = [m for m in body if m.end <= ref.start]
        if not far or doc[ref.start].dep_ not in SUBJECT:
            return None
        sent = doc[far[-1].start].sent
        last = {m.cluster for m in far if sent.start <= m.start < sent.end}
        return far[-1] if len(last) == 1 else None
    sent = doc[before[-1].start].sent
    same = [m for m in before if sent.start <= m.start < sent.end]
    subjects = [m for m in same if _is_subject(doc, m)]
    if subjects:
        return subjects[-1]
    # 'A, on a visit to B, called on C. He also ...': a subject pronoun carries on with the one named first
    return same[0] if doc[ref.start].dep_ in SUBJECT else same[-1]


SUBJECT = ("nsubj", "nsubjpass")


def _is_subject(doc: Doc, m: PersonMention) -> bool:
    """The mention is a clause's subject, or a name compounded with one ('General A #COAS called on B', where
    the parser takes the hashtag for the subject's head)."""
    return any(t.dep_ in SUBJECT or t.dep_ in ("compound", "nmod") and t.head.dep_ in SUBJECT
               for t in doc[m.start:m.end])


def _protagonist(doc: Doc, body: list[PersonMention]) -> int | None:
    """The person the article is about: the subject of the first sentence that names people."""
    if not body:
        return None
    sent = doc[body[0].start].sent
    return next((m.cluster for m in body if m.start < sent.end and _in_subject(doc[m.end - 1])), None)


def _in_subject(tok: Token) -> bool:
    """'The Minister for the Armed Forces James Heappey visited': the name stands in its clause's subject."""
    while tok.dep_ not in SUBJECT and tok.dep_ in ("appos", "compound", "flat", "nmod", "pobj", "prep") and tok.head is not tok:
        tok = tok.head
    return tok.dep_ in SUBJECT


VISIT_WORDS = {"visit", "trip", "tour", "arrive"}


def _visitor(doc: Doc, ref: Reference, body: list[PersonMention], people: list[Person],
             host: str | None) -> PersonMention | None:
    """'The visiting minister': the person named in the last sentence before it that reports a visit,
    or else the last person named before it who is not of the host state (the dateline's)."""
    for sent in reversed([s for s in spans.sentences(doc) if s.end <= ref.start]):
        if any(t.lemma_.lower() in VISIT_WORDS for t in sent):
            named = [m for m in body if sent.start <= m.start < sent.end]
            if named:
                return named[0]
    if host is None:
        return None
    guests = [m for m in body if m.end <= ref.start and m.cluster >= 0 and people[m.cluster].country not in (None, host)]
    return guests[-1] if guests else None


def _speaker(label: str | None, people: list[Person]) -> int:
    """The person a transcript's speaker label names ('SECRETARY AUSTIN' is Lloyd J. Austin III)."""
    if label is None:
        return -1
    named = [i for i, p in enumerate(people) if not p.title and any(fold(w) == fold(label) for n in p.names for w in tokens(n))]
    return named[0] if len(named) == 1 else -1


def _presenter(doc: Doc, header: tuple[int, int], body: list[PersonMention]) -> int:
    """'Remarks by Secretary A welcoming President B': the first person a speech's header names gave it, unless
    another is named with them ('Presenter: A and B', whose 'I' is either)."""
    named = [m for m in body if header[0] <= doc[m.start].idx < header[1] and m.cluster >= 0]
    if not named:
        return -1
    first = named[0]
    joint = any(m.cluster != first.cluster and "and" in {t.lower_ for t in doc[first.end:m.start]} for m in named[1:])
    return -1 if joint else first.cluster


def _introduced_speaker(doc: Doc, intro: tuple[int, int], body: list[PersonMention]) -> int:
    """'STAFF: I have the pleasure of introducing A and B.' and then, with no label, 'I was glad to host A here':
    the speech after an introduction of two is one of theirs, and the first sentence in it that says 'I' beside
    one of their names is the other's."""
    named = {m.cluster for m in body if m.cluster >= 0 and intro[0] <= doc[m.start].idx < intro[1]}
    if len(named) != 2:
        return -1
    for m in body:
        sent = doc[m.start].sent
        if doc[m.start].idx >= intro[1] and m.cluster in named and any(t.lower_ in FIRST_PERSON for t in sent):
            return (named - {m.cluster}).pop()
    return -1


def _apposed(doc: Doc, ref: Reference, body: list[PersonMention]) -> PersonMention | None:
    """'the Minister of Defence, Mohammed Badaru Abubakar' or 'General Musa, the Chief of Defence Staff': a
    description set beside a name by a comma names that person."""
    after = ref.end < len(doc) and doc[ref.end].text == ","
    for m in body:
        if after and 0 < m.context_start - ref.end <= 2 or after and 0 < m.start - ref.end <= 4 and \
                all(t.text[:1].isupper() or t.text in (",", ".") for t in doc[ref.end + 1:m.start]):
            return m
        if 0 <= ref.start - m.end <= 2 and doc[m.end].text == "," and doc[ref.start - 1].lower_ in ("the", ","):
            return m
    return None


def _join(person: Person, ref: Reference) -> None:
    if ref.office and ref.office not in person.offices:
        person.offices.append(ref.office)
    person.country = person.country or ref.country


def _holders(want: frozenset[str], country: str | None, people: list[Person], abbreviations: dict[str, str],
             fit: Callable[[frozenset[str], frozenset[str]], bool]) -> list[int]:
    return [i for i, p in enumerate(people) if any(fit(want, office_key(o, abbreviations)) for o in p.offices)
            and not (country and p.country and country != p.country)]


def resolve_references(doc: Doc, refs: list[Reference], mentions: list[PersonMention], people: list[Person],
                       abbreviations: dict[str, str], host: str | None = None) -> None:
    """Point each description to the person set beside it or the one person whose office fits, then each
    pronoun to the person it stands for, descriptions resolved before it included."""
    body = sorted((m for m in mentions if not m.caption), key=lambda m: m.start)
    lead = _protagonist(doc, body)
    for ref in refs:
        if ref.office is None or ref.plural:
            continue
        beside = _apposed(doc, ref, body)
        if beside is not None and beside.cluster >= 0:
            ref.cluster = beside.cluster
            _join(people[beside.cluster], ref)
    _resolve_pairs([r for r in refs if r.plural and r.country is None], people, abbreviations)
    for ref in refs:
        if ref.office is None or ref.cluster >= 0 or ref.plural and ref.country is None:
            continue
        if "visiting" in ref.text.lower():
            visitor = _visitor(doc, ref, body, people, host)
            if visitor is not None:
                ref.cluster = visitor.cluster
                continue
        want = office_key(ref.office, abbreviations)
        holders = _holders(want, ref.country, people, abbreviations, fits)
        if not holders:  # 'Chief of Army Staff' is the 'Army Chief' named before
            holders = _holders(want, ref.country, people, abbreviations, lambda w, k: len(k) >= 2 and fits(k, w))
        same_state = [i for i in holders if ref.country and people[i].country == ref.country]
        # 'The minister then flew to B, where he met B's Defence Minister C': a description points back
        named_before = [i for i in holders if any(m.cluster == i and m.end <= ref.start for m in body)]
        if len(holders) == 1 or len(same_state) == 1:
            ref.cluster = holders[0] if len(holders) == 1 else same_state[0]
        elif len(named_before) == 1 and not same_state:
            ref.cluster = named_before[0]
        elif len(named_before) > 1 and not ref.country and lead in named_before:
            ref.cluster = lead  # 'A visited X, Y and Z. [...] The minister then travelled to Y': the lead's subject
        elif not holders and ref.country:
            # 'the Russian vice defence minister' in an article whose one Russian named without an office is
            # Krivoruchko; 'the Qatari army chief' in one that names one Qatari
            state = [i for i, p in enumerate(people) if p.country == ref.country and not p.title]
            bare = [i for i in state if not people[i].offices] if len(state) > 1 else state
            ranked = [i for i in state if any(fold(r) == fold(ref.office) for r in people[i].ranks)]
            if len(bare) == 1:
                ref.cluster = bare[0]
                _join(people[bare[0]], ref)
            elif len(ranked) == 1:  # 'the Indonesian admiral': the one Indonesian of that rank
                ref.cluster = ranked[0]
    described = [PersonMention(r.start, r.end, r.text, r.text, cluster=r.cluster, context_start=r.start)
                 for r in refs if r.office is not None and r.cluster >= 0 and not r.plural]
    candidates = sorted(body + described, key=lambda m: m.start)
    speaking = turns(doc)
    for ref in refs:
        if ref.said_by is not None:
            continue
        if ref.office is None and ref.text.lower() in FIRST_PERSON:
            intro = speaking.introduced_at(doc[ref.start].idx)
            header = speaking.presented_at(doc[ref.start].idx)
            ref.cluster = _introduced_speaker(doc, intro, body) if intro is not None \
                else _presenter(doc, header, body) if header is not None \
                else _speaker(speaking.speaker_at(doc[ref.start].idx), people)
        elif ref.office is None:
            found = _cataphor(doc, ref, body) or _antecedent(doc, ref, candidates)
            if found is not None:
                ref.cluster = found.cluster
                # a pronoun resolved carries its person on: 'He then flew to B, where he met C' after a long aside
                bisect.insort(candidates, PersonMention(ref.start, ref.end, ref.text, ref.text, cluster=ref.cluster,
                                                        context_start=ref.start), key=lambda m: m.start)
    for ref in refs:
        if ref.said_by is not None:
            ref.cluster = _named_at(ref.said_by, body, refs)


def _resolve_pairs(pairs: list[Reference], people: list[Person], abbreviations: dict[str, str]) -> None:
    """'the two defence ministers': the two people of the article, of two states, whose office fits."""
    for first, second in zip(pairs[::2], pairs[1::2]):
        holders = _holders(office_key(first.office or "", abbreviations), None, people, abbreviations, fits)
        if len(holders) == 2 and people[holders[0]].country != people[holders[1]].country:
            first.cluster, second.cluster = holders


def _named_at(i: int, body: list[PersonMention], refs: list[Reference]) -> int:
    """The person a name, a description or a pronoun at token i stands for: '," Mahuta said', '," he said'."""
    spans: list[PersonMention | Reference] = [*body, *refs]
    return next((m.cluster for m in spans if m.start <= i < m.end and m.cluster >= 0), -1)


def add_titles(refs: list[Reference], people: list[Person], abbreviations: dict[str, str]) -> None:
    """Descriptions that no named person of the article fits become title actors, one per office and state."""
    made: dict[tuple[frozenset[str], str | None], int] = {}
    for ref in refs:
        if ref.office is None or ref.cluster >= 0 or ref.plural and ref.country is None:
            continue
        key = office_key(ref.office, abbreviations)
        if len(key) < 2:
            continue
        if (key, ref.country) not in made:
            people.append(Person(names=[ref.office], surfaces=[ref.text], offices=[ref.office], country=ref.country,
                                 in_body=True, title=True))
            made[(key, ref.country)] = len(people) - 1
        ref.cluster = made[(key, ref.country)]
