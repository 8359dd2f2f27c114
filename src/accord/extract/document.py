"""One article in, its actors and events out: the per-document stage of the pipeline."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicon import Lexicon
from ..nlp import dates as dt
from ..nlp import spans
from ..records import Actor, Article, Event, Extraction, Location, Role, SeriesRef, Source
from . import mentions as mn
from . import series
from . import triggers as tg
from ..detect import Detector
from . import assembly, detected
from .events import (CLAUSES, HOSTING, MEETING_NOUNS, NEWS_WHEN_NEW, Candidate, anaphoric, candidates, counted_states,
                     is_part, another_document, another_meeting, listed_documents, refers_back, rule_candidates, scene,
                     sentence_triggers, signed_it, talks_with, told_apart)
from .names import tokens
from .people import VISIT_WORDS, Person, add_titles, group, resolve_references

NO_MERGE_ACROSS_SENTENCES = {"statement", "intent"}
SERIES_KINDS = {"meeting", "exercise", "institution", "training"}


def states_by_weight(countries: list[mn.CountryMention]) -> list[str]:
    """The states an article names, most named first; a city counts half (talks in a third country's
    capital are not about that country)."""
    weights: dict[str, float] = {}
    for c in countries:
        weights[c.code] = weights.get(c.code, 0.0) + (0.5 if c.is_place else 1.0)
    return sorted(weights, key=lambda code: -weights[code])


def state_pair(doc: Doc, countries: list[mn.CountryMention]) -> set[str]:
    """The two states the article is about: the two named most often."""
    top = states_by_weight(countries)[:2]
    return set(top) if len(top) == 2 else set()


TWO = re.compile(r"\b(?:the two|both)\s+(?:countries|states|nations|sides|ministers|defen[cs]e ministers|navies|armies|"
                 r"chiefs|leaders|delegations)\b", re.I)
"""'The two ministers', 'both sides': talks of two states, whatever others the sentence names."""
THREE = re.compile(r"\b(?:three|trilateral|tripartite)\s+(?:countries|states|nations|sides|ministers|defen[cs]e ministers|navies|armies)\b|"
                   r"\b(?:trilateral|three-way)\b", re.I)


def _stateless_office(person: Person, lex: Lexicon) -> bool:
    """'Chair of the NATO Military Committee': an office of a body of no one state."""
    bodies = [lex.organizations[w.lower()] for o in person.offices for w in o.split() if w.lower() in lex.organizations]
    return any(state is None for _, state, _ in bodies)


SIDE_PREPS = {"of", "from", "with"}
"""'the ministers of X', 'colleagues from X', 'talks with X': a side; 'in X', 'between X and Y' say where or about
what."""


def _met_phrase(head: Token) -> set[int]:
    """The tokens of the ones met in a meeting's object, without its clauses ('to discuss ties between X and Y')
    and its places and topics ('in western X')."""
    found = {head.i}
    todo = [head]
    while todo:
        for child in todo.pop().children:
            if child.dep_ not in CLAUSES and not (child.dep_ == "prep" and child.lower_ not in SIDE_PREPS):
                found.add(child.i)
                todo.append(child)
    return found


def _people_at(sent: Span, found: mn.Mentions) -> list[tuple[int, int]]:
    """Where a sentence names people, by name or description: (token, person) pairs."""
    at = [(m.start, m.cluster) for m in found.persons] + [(r.start, r.cluster) for r in found.references]
    return [(i, c) for i, c in at if sent.start <= i < sent.end and c >= 0]


HOST_VERBS = HOSTING | {"greet"}


def _hosts(cand: Candidate, found: mn.Mentions) -> set[int]:
    """The people of a visit who receive the visitor ('arrived in X and was received by A', 'A welcomed the
    guest'): they are of the state visited, whatever the visitor's."""
    at = _people_at(cand.sentences[0], found)
    dep = "dobj" if cand.anchor.pos_ == "VERB" else "prep"  # 'visited Gen. A', 'an official visit to the Chief of X, Gen. A'
    visited = [c for c in cand.anchor.children if c.dep_ == dep and (dep == "dobj" or c.lower_ == "to")]
    hosts = {c for phrase in visited for i, c in at if phrase.left_edge.i <= i <= phrase.right_edge.i}
    for verb in cand.sentences[0]:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in HOST_VERBS:
            continue
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        for role in (c for c in verb.children if c.dep_ == ("agent" if passive else "nsubj")):
            hosts |= {c for i, c in at if role.left_edge.i <= i <= role.right_edge.i}
    return hosts & cand.people


def _met_tokens(verb: Token, with_only: bool) -> set[int]:
    """The tokens of the ones a verb's subject meets or deals with: its object and its 'with' phrase ('met B',
    'signed a pact with B'), or the 'with' phrase alone."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    heads = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"]
    under = [(o, _met_phrase(o)) for o in objects]
    heads += [t for o, phrase in under for t in o.subtree if t.dep_ == "prep" and t.lower_ == "with" and t.i in phrase]
    met = {i for h in heads for i in _met_phrase(h)}
    return met if with_only else met | {i for _, phrase in under for i in phrase}


def _with_states(cand: Candidate, countries: list[mn.CountryMention]) -> set[str]:
    """The states an event's verb names as the other side: 'signed a memorandum with the navies of X, Y and Z'."""
    where = _met_tokens(tg.verb_of(cand.anchor), with_only=True)
    return {c.code for c in countries if c.start in where and not c.is_place}


def _met_states(cand: Candidate, person: int, found: mn.Mentions, people: list[Person]) -> set[str]:
    """The states of those the subject of a meeting meets, when the subject is `person` alone: the people and
    states named in its object ('A met with the Swedish minister B and the Norwegian minister C', 'A held talks
    with his Swedish and Norwegian colleagues'). Empty when `person` is not the subject; a state named as a place
    ('in Oslo') is not one of a side."""
    verb = tg.verb_of(cand.anchor)
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    at = _people_at(cand.sentences[0], found)
    if len(subjects) != 1 or not at:
        return set()
    subject = range(subjects[0].left_edge.i, subjects[0].right_edge.i + 1)
    if {c for i, c in at if i in subject} != {person}:
        return set()
    objects = _met_tokens(verb, with_only=False)
    return {state for i, c in at if i in objects and (state := people[c].country)} | \
        {c.code for c in found.countries if c.start in objects and not c.is_place}


def _known_visitor(cand: Candidate, people: list[Person]) -> bool:
    """'The Kenyan minister landed in X, where President A welcomed him': with the visitor's state known, one of
    unknown state on the visit may be the host as well as one of the visitor's party."""
    return any(people[p].country not in (None, _destination(cand)) for p in cand.people)


def _namesakes(people: list[Person]) -> None:
    """'Datuk Seri Ahmad Faizal' after 'Malaysian Defence Minister Ahmad Faizal Rahman': a person of unknown state
    whose full name opens the name of one person of known state is that person, named short (a Malay or Arab
    father's name is often left off), and of that state."""
    for person in people:
        if person.country is not None or len(name := tokens(person.canonical)) < 2:
            continue
        longer = {other.country for other in people
                  if other.country and len(full := tokens(other.canonical)) > len(name) and full[:len(name)] == name}
        if len(longer) == 1:
            person.country = longer.pop()


def _infer_countries(cands: list[Candidate], people: list[Person], ranked: list[str], found: mn.Mentions,
                     lex: Lexicon) -> None:
    """A person of unknown state who meets someone of one side of the pair is of the other side; so is a visitor
    to it. One who meets people of two or more other states, or signs with them, is of a further state, the
    article's most named one besides theirs."""
    pair = set(ranked[:2])
    if len(pair) != 2:
        return
    stops = _trip_stops(cands)
    for _ in range(2):
        for cand in cands:
            kind = cand.planned_kind or cand.kind
            unknown = [p for p in cand.people if people[p].country is None and not _stateless_office(people[p], lex)]
            if not unknown:
                continue
            if kind in ("meeting", "agreement", "intent", "institution") and len(unknown) == 1 \
                    and len(met := _met_states(cand, unknown[0], found, people)) >= 2:
                people[unknown[0]].country = next((c for c in ranked if c not in met), None)
                continue
            if kind == "meeting" or kind in ("intent", "agreement", "institution") and len(cand.people) == 2:
                known = {people[p].country for p in cand.people} - {None}
            elif kind == "visit" and (destination := _destination(cand)) in pair:
                for p in _hosts(cand, found) & set(unknown):
                    people[p].country = destination
                unknown = [p for p in unknown if people[p].country is None]
                known = set() if _known_visitor(cand, people) else {destination}
            else:
                continue
            if len(known) == 1 and known <= pair:
                # 'A visited X, Y and Z. [...] In Y's capital he met Deputy Defence Minister B': B is of the stop named
                there = cand.named_countries & stops - known if kind == "meeting" else set()
                other = there.pop() if len(there) == 1 else (pair - known).pop()
                for p in unknown:
                    people[p].country = other


def _trip_stops(cands: list[Candidate]) -> set[str]:
    """The states of a journey to several ('visited Vietnam, Laos and Cambodia'): one visit per state, told by
    one word."""
    by_word: dict[int, set[str]] = {}
    for cand in cands:
        if cand.kind == "visit" and (destination := _destination(cand)):
            by_word.setdefault(cand.anchor.i, set()).add(destination)
    return {c for states in by_word.values() if len(states) >= 2 for c in states}


class SeriesInSentences:
    """The series each sentence names, looked for once per sentence. A person or a state with a number after it
    ('King Abdullah II', 'Chad 3') names no series."""

    def __init__(self, found: mn.Mentions, lex: Lexicon):
        self.acronyms, self.states = found.acronyms, set(lex.state_words)
        self.named = [(p.start, p.end) for p in found.persons] + [(c.start, c.end) for c in found.countries]
        self.found: dict[int, SeriesRef | None] = {}

    def __call__(self, sent: Span) -> SeriesRef | None:
        if sent.start not in self.found:
            spans = [sent.doc[a:b] for a, b in self.named if sent.start <= a < sent.end]
            others = [(e.start_char - sent.start_char, e.end_char - sent.start_char) for e in spans]
            self.found[sent.start] = series.find(sent.text, self.acronyms, self.states, others)
        return self.found[sent.start]


def _occasion_of(anchor: Token, lex: Lexicon) -> str | None:
    """The kind an occasion is part of when its words say it: 'the first phase of the exercise'."""
    whole = [t for p in anchor.children if p.lower_ == "of" for t in p.children if t.dep_ == "pobj"]
    return next((kind for t in whole for kind, words in lex.trigger_words.items()
                 if kind != "occasion" and t.lemma_.lower() in words), None)


def _occasions(cands: list[Candidate], series_in: SeriesInSentences, lex: Lexicon) -> None:
    """'The twelfth edition of Ekuverin will be held ...': the kind of a series named earlier in the article.
    'The second round, Blue Sword 2023, was held in Zhanjiang' is a round of that exercise, not talks; 'the
    previous edition was held in Jeddah' names no series, and is one of the article's series if it has one kind."""
    kinds: dict[str, str] = {}
    years = [int(c.date.value[:4]) for c in cands if c.own_date and c.date.value]
    for cand in cands:
        found = series_in(cand.sentences[0])
        if found is not None:
            _edition_year(cand, found, max(years, default=None))
        kind = cand.planned_kind or cand.kind
        whole = _occasion_of(cand.anchor, lex) if kind == "occasion" else None
        if whole is not None:  # 'the first phase of the exercise', and then 'the second phase'
            kind = kinds.setdefault(found.name.lower() if found else "", whole)
        elif found is None and kind == "occasion" and len(set(kinds.values())) == 1:
            kind = next(iter(kinds.values()))
        elif found is None:
            continue
        elif kind == "occasion" or kind == "meeting" and cand.anchor.lemma_.lower() == "round":
            kind = kinds.get(found.name.lower()) or ("exercise" if found.name.lower() in mn.defined_drills(cand.anchor.doc, lex) else "meeting")
        else:
            kinds.setdefault(found.name.lower(), kind)
            continue
        kind = "meeting" if kind == "institution" else kind  # 'the last iteration of the JDCC': a sitting of the body set up
        if cand.kind == "plan":
            cand.planned_kind = kind
        else:
            cand.kind = kind
    cands[:] = [c for c in cands if "occasion" not in (c.kind, c.planned_kind)]


def _edition_year(cand: Candidate, found: SeriesRef, present: int | None) -> None:
    """'began with Blue Sword 2019 in Jeddah', 'the second round, Blue Sword 2023, was held': the year in the name
    of the edition an event's own phrase names (or its clause, when the event is the clause's subject) dates
    that edition where the story's day was lent to it, or where it is undated and earlier than the latest year
    the story dates an event in (its `present`); but not a name added by 'and'. An undated edition of the
    story's own time stays undated: annotators date a story's own edition from the story, not from its name."""
    head = cand.anchor
    while head.dep_ in ("compound", "amod") and head.head.i != head.i:
        head = head.head
    top = tg.verb_of(cand.anchor) if head.dep_ in ("nsubj", "nsubjpass") else cand.anchor
    added = {t.i for item in top.subtree if item.dep_ == "conj" for t in item.subtree}
    own = {t.i for t in top.subtree} - added
    sent = cand.sentences[0]
    for tag in re.finditer(rf"\b{re.escape(found.name)}[\s-]((?:19|20)\d\d)\b", sent.text):
        span = sent.char_span(tag.start(), tag.end(), alignment_mode="expand")
        lent = cand.date.value is not None and not cand.date.value.startswith(tag[1])
        earlier = not cand.date.known and present is not None and int(tag[1]) < present
        if span is not None and all(t.i in own for t in span) and (lent or earlier):
            cand.date, cand.own_date = dt.DateValue(tag[1], "year"), True
            return


def _clause_verb(tok: Token) -> Token:
    """The verb of the clause a token is in: itself or its nearest verbal ancestor, else its sentence's root."""
    return tg.verb_above(tok) or tok.sent.root


def _observer_tokens(word: Token) -> set[int]:
    """Where the states that send observers are named, around one word 'observer': the whole clause of 'the
    observer states are X and Y', the phrase of 'with X and Y as observers', the subject of 'X sent observers' and
    of 'X joined as an observer'."""
    verb = _clause_verb(word)
    if verb.lemma_ == "be":
        return {t.i for t in verb.subtree if _clause_verb(t).i == verb.i}
    arg = word
    while arg.head.i != verb.i and arg.head.i != arg.i:
        arg = arg.head
    found = {t.i for t in arg.subtree}
    beside = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"]
    if arg.lower_ == "as" and beside:  # 'with X as observers', the two phrases parsed apart
        found |= {t.i for c in beside for t in c.subtree}
    elif arg.dep_ == "dobj" or arg.lower_ == "as":  # 'X sent observers', 'X joined as an observer'
        found |= {t.i for c in verb.children if c.dep_ == "nsubj" for t in c.subtree}
    return found


WATCHING = {"observe", "watch", "witness"}


def _watchers(verb: Token, drills: set[str]) -> set[int]:
    """'Mongolian officers will observe a joint exercise': the subject of a verb of watching a drill."""
    if verb.lemma_.lower() not in WATCHING or not any(c.dep_ == "dobj" and c.lemma_.lower() in drills for c in verb.children):
        return set()
    return {t.i for c in verb.children if c.dep_ == "nsubj" for t in c.subtree}


def _observers(doc: Doc, countries: list[mn.CountryMention], lex: Lexicon) -> set[str]:
    """States that only send observers to an exercise ('Japan has sent only a small team of observers', 'A and B
    take part, with C and D as observers', 'officers of C will watch the drill')."""
    found: set[str] = set()
    drills = lex.cues.get("drill_nouns", set())
    for sent in spans.sentences(doc):
        where = {i for t in sent if t.lemma_.lower() == "observer" for i in _observer_tokens(t)}
        where |= {i for t in sent for i in _watchers(t, drills)}
        found |= {c.code for c in countries if c.start in where}
    return found


def _takes_part(verb: Token) -> bool:
    """'are participating', 'took part', 'joined': a verb that says who is in an event, not negated."""
    lemma = verb.lemma_.lower()
    said = lemma in ("participate", "join") or lemma == "take" and any(c.lower_ == "part" for c in verb.children)
    return said and not any(c.dep_ == "neg" for c in verb.children)


def _participants_named(sent: Span, countries: list[mn.CountryMention]) -> set[str]:
    """The states a sentence names as taking part: the subject of 'Troops from A and B are taking part', the
    phrase of '... will go on with the participation of units from A and B' (not 'without' it), of 'the
    attendance of A and B', of '2,500 participants from A and B', and what 'the participating countries are' or
    'the nations taking part are'."""
    heads = [c for c in sent.root.children if c.dep_ == "nsubj"] if _takes_part(sent.root) else []
    heads += [t for t in sent if t.lemma_.lower() in ("participation", "attendance", "participant")
              and t.head.lower_ != "without"]
    heads += [c for be in sent if be.lemma_ == "be" and any(
        t.lemma_.lower() == "participate" or _takes_part(t) for s in be.children if s.dep_ == "nsubj" for t in s.subtree)
        for c in be.children if c.dep_ == "attr"]
    return {c.code for c in countries for h in heads
            if h.left_edge.i <= c.start <= h.right_edge.i and not c.is_place}


def _joined_later(doc: Doc, kept: list[Candidate], countries: list[mn.CountryMention]) -> None:
    """'Troops from A, B, C and D are taking part.' after an exercise is told: a sentence with no event of its own
    that lists the states taking part names more states of the last exercise told before it."""
    exercises: list[Candidate] = []
    for cand in kept:  # 'The drills will last five days' tells of one already counted
        if (cand.planned_kind or cand.kind) == "exercise" and not _schedule_of_told(cand, exercises):
            exercises.append(cand)
    told = {s.start for c in kept for s in c.sentences}
    for sent in spans.sentences(doc):
        if sent.start in told:
            continue
        states = _participants_named(sent, countries)
        last = max((c for c in exercises if c.sentences[0].start < sent.start), key=lambda c: c.sentences[0].start,
                   default=None)
        if len(states) >= 2 and last is not None and last.countries & states:
            last.countries |= states
            last.named_countries |= states


def _trainees(cand: Candidate, countries: list[mn.CountryMention], lex: Lexicon) -> set[str]:
    """'Troops from A, B and C will train for a week at the base': the states in the subject of a verb of drilling
    (cue `drill_verbs`)."""
    verb = cand.anchor
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.cues.get("drill_verbs", set()):
        return set()
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return {c.code for c in countries for s in subjects if s.left_edge.i <= c.start <= s.right_edge.i and not c.is_place}


DRILL_REACH = 2
"""How many sentences after an exercise's last one its drill may be told."""


def _drills_of_exercises(cands: list[Candidate], sentences: list[Span], countries: list[mn.CountryMention],
                         lex: Lexicon) -> list[Candidate]:
    """'A opened exercise X on Monday. Soldiers from A, B, C and D will train for ten days at the range.': the
    training told right after an exercise is that exercise's drill, told again with the states taking part, not a
    training of its own. It joins the exercise, gives it its states and, where the exercise has none, its day."""
    order = {s.start: n for n, s in enumerate(sentences)}
    out: list[Candidate] = []
    for cand in cands:
        last = next((o for o in reversed(out) if (o.planned_kind or o.kind) == "exercise"), None)
        here = order.get(cand.sentences[0].start)
        there = order.get(last.sentences[-1].start) if last is not None else None
        if last is not None and here is not None and there is not None and 0 < here - there <= DRILL_REACH and len(cand.sentences) == 1 \
                and (cand.planned_kind or cand.kind) == "training" and len(states := _trainees(cand, countries, lex)) >= 2:
            last.named_countries |= states
            last.sentences.append(cand.sentences[0])
            if cand.own_date and not last.own_date:
                last.date, last.own_date = cand.date, True
            continue
        out.append(cand)
    return out


def _speaker_known(cand: Candidate, people: list[Person], doc: Doc, countries: list[mn.CountryMention]) -> bool:
    """A statement counts when its speaker belongs to a state: a person of known state, or a subject naming one."""
    if any(people[p].country for p in cand.people):
        return True
    subject = next((c for c in cand.anchor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    return any(subject.left_edge.i <= c.start <= subject.right_edge.i for c in countries)


def _destination(cand: Candidate) -> str | None:
    if cand.location and cand.location[1]:
        return cand.location[1]
    return next(iter(cand.named_countries)) if len(cand.named_countries) == 1 else None


def _listed_states(sent: Span, countries: list[mn.CountryMention]) -> set[str]:
    """The states of the longest list of states a sentence gives ('leaders from Chile, Peru and Bolivia took
    part'): states named together are parties alike, not one named in passing."""
    chains: dict[int, set[str]] = {}
    for c in countries:
        if sent.start <= c.start < sent.end and not c.is_place:
            head = tg.first_conjunct(sent.doc[c.start:c.end].root)
            chains.setdefault(head.i, set()).add(c.code)
    return max(chains.values(), key=len, default=set())


@dataclass
class NamedSides:
    """The states a sentence names as the sides of its event, not in passing: a list of states given together
    ('leaders from X, Y and Z took part'), and the states its verb deals with ('signed a pact with X and Y')."""

    listed: set[str]
    met: set[str]

    def hold(self, found: set[str], of_people: set[str]) -> bool:
        """Whether these account for every state found: all in the list, or the others of a 'with' phrase
        naming two or more and the event's own people ('A of W signed a pact with X, Y and Z')."""
        return found <= self.listed or len(self.met) >= 2 and found <= self.met | of_people


def _sides(found: set[str], of_people: set[str], pair: set[str], anchor: Token) -> set[str]:
    """Of more than two states an event's sentence names, the ones it is between: the states of its people when
    they are two ('X's chief was received by the Y minister, after talks like those held in Z'), else the article's
    pair and its people's states ('A met his Swedish and Norwegian colleagues' in a Swedish-Norwegian story keeps
    A's Finland), or the pair when the sentence speaks of 'the two ministers'; the rest are named in passing."""
    if len(of_people) == 2 and not anaphoric(anchor):
        return of_people
    if len(found & pair) == 2:
        return (found & pair) | of_people
    if found & pair and of_people <= pair and TWO.search(anchor.sent.text):
        return pair  # 'The two ministers also discussed issues linked to X, Y and Z'
    return found


def event_countries(cand: Candidate, people: list[Person], pair: set[str],
                    before: dict[str, set[str]] | None = None, ranked: list[str] | None = None,
                    named: NamedSides | None = None, lex: Lexicon | None = None) -> list[str] | None:
    """The states an event is about: its people's and those the sentence names; else the states of the
    last event of its kind in the article ('the exercise' after a four-navy drill), else the article's pair.
    States the sentence names as its sides all stay: `named`."""
    of_people = {c for p in cand.people if (c := people[p].country)}
    found = of_people | cand.named_countries
    kind = cand.planned_kind or cand.kind
    three = any(THREE.search(s.text) for s in cand.sentences)
    trio = set(ranked[:3]) if ranked and len(ranked) >= 3 else set()
    if len(of_people) >= 3 or (trio and three):
        return sorted(of_people if len(of_people) >= 3 else trio or set())  # a meeting of three states' ministers
    if three and len(pair) == 2 and len(found) == 1 and not found & pair:
        return sorted(pair | found)  # 'the two ministers agreed to hold a three-way meeting with the Greek minister'
    n = counted_states((t for s in cand.sentences for t in s), lex) if lex else 0
    if ranked and n >= 4 and len(found) < n <= len(ranked):
        return sorted(ranked[:n])  # 'an exercise of units of the four Balkan countries', named elsewhere
    all_listed = len(found) > 2 and named is not None and named.hold(found, of_people)
    if before and kind in before and (not found or kind != "exercise" and not all_listed and anaphoric(cand.anchor)
                                      and (before[kind] < found or found < before[kind] and not found <= pair)):
        # 'The envoy of X also sat in on the talks'; 'the pact was signed in Y' of a pact of Y and others,
        # where Y is not of the article's pair: the one told before
        return sorted(before[kind])
    topics = len(pair) == 2 and bool(found) and not found & pair and not of_people
    if topics and kind == "meeting" and _told_as_the_sides(cand.anchor):
        return sorted((before or {}).get("meeting") or pair)  # the states named are what was said
    if len(found) >= 2:
        if len(found) > 2 and kind != "exercise" and not all_listed:
            found = _sides(found, of_people, pair, cand.anchor)
        # An event between other states, told in passing, is not part of this article's record.
        return sorted(found) if len(pair) < 2 or found & pair else None
    if len(pair) == 2 and found <= pair:
        if cand.kind == "meeting" and len(found) == 1 and not _other_side(cand, people):
            return None  # 'attends a cabinet meeting': talks of one state alone
        return sorted(pair)
    before = before or {}
    told = _talks_set_in(cand, before)
    if "meeting" in before and found <= before["meeting"] and _by_us(cand.anchor):
        return sorted(before["meeting"])  # 'Richard and I just finished a meeting ... this morning we signed'
    return sorted(told) if found and found <= told else None


def _told_as_the_sides(anchor: Token) -> bool:
    """'The official talks focused on the security situation in the context of X's war on Y', 'the two sides held
    consultations on the upcoming Berlin conference': talks told as the ones already reported, or of 'the two
    sides', are between the article's sides; the states they name are their topics."""
    verb = tg.verb_of(anchor)
    return anaphoric(anchor) or any(c.dep_ == "nsubj" and assembly.SIDES.fullmatch(" ".join(t.text for t in c.subtree))
                                    for c in verb.children)


def _by_us(anchor: Token) -> bool:
    """An event told in the first person plural: its 'we' are the sides of the talks told before."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "we" for c in tg.verb_of(anchor).children)


def _talks_set_in(cand: Candidate, before: dict[str, set[str]]) -> set[str]:
    """'After the meeting, A said ...': the states of the talks told before that a sentence is set in."""
    if "meeting" in before and any(scene(t) and t.lemma_.lower() in MEETING_NOUNS for t in cand.sentences[0]):
        return before["meeting"]
    return set()


OTHER_SIDE = re.compile(r"\b(?:they|their|counterparts?|delegations?|bilateral|joint|visiting|both|two|sides|foreign|guests?|"
                        r"host(?:ed|s|ing)?|receiv(?:ed|es|ing)|welcom(?:ed|es|ing)|called on|calls on|ambassador|envoy|attach[ée])\b",
                        re.I)


def _other_side(cand: Candidate, people: list[Person]) -> bool:
    """A meeting with one state named still has two sides when someone of unknown state took part, or the
    sentence speaks of counterparts, delegations, guests or both sides."""
    return (any(people[p].country is None for p in cand.people) or any(OTHER_SIDE.search(s.text) for s in cand.sentences)
            or _numbered(cand.anchor))


SITTINGS = {"session", "round"} | mn.SERIES_OCCASIONS
LAST_OF_A_SERIES = {"last", "latest", "previous"}


def _numbered(anchor: Token) -> bool:
    """'the 10th session of the JPCDS took place in Swakopmund', 'the last iteration of the JDCC was held in
    Indonesia': a numbered round of talks, or the last of them, has two sides."""
    return anchor.lemma_.lower() in MEETING_NOUNS | SITTINGS and any(
        c.dep_ == "amod" and (series.is_ordinal(c.lower_) or c.lower_ in LAST_OF_A_SERIES)
        for c in anchor.children)


def _met_at_the_stop(cand: Candidate, countries: list[str], stop: Candidate, pair: set[str], people: list[Person]) -> set[int]:
    """'He arrived in Mongolia on Friday. He met Defence Minister A': on a trip to several states, talks told in the
    sentence of a stop or right after it, naming no other state, are held at that stop, not between the article's
    main pair. Their hosts, whose state the sentence does not name, are the stop's; returned."""
    right_after = stop.anchor.sent.start == cand.anchor.sent.start or stop.anchor.sent.end == cand.anchor.sent.start
    if not (cand.kind == "meeting" and cand.status == "occurred" and right_after and set(countries) == pair
            and stop.countries != pair and cand.named_countries <= stop.countries):
        return set()
    return {p for p in cand.people if people[p].country not in stop.countries | cand.named_countries}


def _trip_told_before(cand: Candidate, visits: list[set[str]], people: list[Person]) -> list[str] | None:
    """'A visited Qatar, Kuwait and Oman this week. ... The minister arrived in Oman on Thursday': an arrival
    whose visitor goes unnamed, in a state a visit told before went to, is that visit's."""
    if cand.kind != "visit" or cand.status != "occurred":
        return None
    found = cand.named_countries | {c for p in cand.people if (c := people[p].country)}
    trip = next((v for v in reversed(visits) if found and found < v), None)
    return sorted(trip) if trip else None


def _stop_on_a_visit(cand: Candidate, lex: Lexicon) -> bool:
    """'He will also visit Siem Reap before leaving Cambodia', 'will visit Sittwe during his Rakhine trip': a
    planned stop within a visit already reported between the same states is part of it, not a visit of its own.
    A state named as the destination ('will also visit Japan') is a journey of its own."""
    also = any(c.lower_ == "also" for c in tg.verb_of(cand.anchor).children)
    city = cand.location is None or lex.country_of(cand.location[0]) is None
    within = any(t.lemma_.lower() in VISIT_WORDS and scene(t) and t != cand.anchor for t in cand.sentences[0])  # 'during his trip'
    return cand.planned_kind == "visit" and city and (also or within)


def _site_visit(cand: Candidate, sites: set[str]) -> bool:
    """What a visitor tours within a visit: 'he then visited the Defence Ministry', 'visited the naval academy'."""
    verb = cand.anchor
    return cand.kind == "visit" and verb.pos_ == "VERB" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in sites for c in verb.children)


def _topic_of(anchor: Token) -> str | None:
    """What a document is on: 'defence cooperation' of 'signed a Memorandum of Understanding on defence
    cooperation' and of 'A MoU on defence cooperation ... was signed'."""
    nouns = [anchor] if anchor.pos_ in ("NOUN", "PROPN") else [c for c in anchor.children if c.dep_ in ("dobj", "nsubjpass")]
    for noun in nouns:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("on", "for"):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        words = [t.lower_ for t in obj.lefts if t.dep_ in ("compound", "amod")] + [obj.lower_]
                        return " ".join(words)
    return None


def _same_topic(a: Token, b: Token) -> bool:
    """Two mentions of one document by what it is on, the second told with less of its day."""
    topic = _topic_of(a)
    return topic is not None and topic == _topic_of(b)


def _same_exercise(a: Candidate, b: Candidate, series_in: SeriesInSentences) -> bool:
    """'16 nations will take part in Exercise Pitch Black' and then 'the resumption of Exercise Pitch Black': two
    sentences that name one exercise tell of it, whatever states each names."""
    if (a.planned_kind or a.kind) != "exercise":
        return False
    first, later = series_in(a.sentences[0]), series_in(b.sentences[0])
    return first is not None and later is not None and first.name == later.name


def _editions(cand: Candidate, series_in: SeriesInSentences) -> set[int]:
    """Which editions of a series a mention tells of: 'the 11th edition of the exercise', 'Zayed 3', and 'first
    carried out such an exercise in 2011'."""
    found = {ref.edition for s in cand.sentences if (ref := series_in(s)) is not None and ref.edition is not None}
    if any(c.dep_ == "advmod" and c.lower_ == "first" for c in tg.verb_of(cand.anchor).children):
        found.add(1)
    return found | _ordinals(cand)


def _ordinals(cand: Candidate) -> set[int]:
    """'The first joint exercise': the edition an ordinal before the event's noun names."""
    return {series.ORDINALS[c.lower_] for c in cand.anchor.children if c.dep_ == "amod" and c.lower_ in series.ORDINALS}


def _other_editions(a: Candidate, b: Candidate, series_in: SeriesInSentences) -> bool:
    """Two editions of one exercise ('Zayed 3 ... follows Zayed 1, held in 2014') are two events; so are an
    exercise told without a day and 'the first joint exercise', held in a year of its own."""
    if (a.planned_kind or a.kind) != "exercise":
        return False
    first, later = _editions(a, series_in), _editions(b, series_in)
    earlier = not first and not a.date.value and b.own_date and b.date.value is not None and bool(_ordinals(b))
    return bool(later) and (bool(first) and not first & later or earlier)


OTHER_OCCASION = {"similar", "previous", "earlier", "prior", "past", "another", "next", "following", "subsequent"}
"""'China and Malaysia had a similar, but larger-scale, joint exercise in September last year': words that set an
event beside another of its kind. Unlike `NEW_EDITION` it leaves out 'new', 'upcoming', 'coming' and 'future':
'the upcoming exercise' after a plan to hold one is that plan told again."""


def _another_occasion(anchor: Token) -> bool:
    return anchor.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "amod" and c.lower_ in OTHER_OCCASION for c in anchor.children)


def _mergeable(a: Candidate, b: Candidate, sites: set[str], series_in: SeriesInSentences) -> bool:
    if a.anchor.i == b.anchor.i or listed_documents(a, b) or another_document(a, b) or another_meeting(a, b):
        return False  # one sentence listing several meetings or documents, or 'also met': kept apart on purpose
    if a.kind != b.kind or a.status != b.status or a.planned_kind != b.planned_kind or _other_editions(a, b, series_in) \
            or _another_occasion(b.anchor):
        return False
    if _site_visit(b, sites) and b.countries <= a.countries:
        return True  # a site toured within a visit told before is part of it
    back = anaphoric(b.anchor) or scene(b.anchor) or talks_with(b.anchor) or _same_exercise(a, b, series_in) \
        or b.kind == "agreement" and signed_it(b.anchor)
    # 'The seven nations taking part in the exercise are ...': a later mention of an exercise may name more of
    # its states than the first report.
    widens = (a.planned_kind or a.kind) == "exercise" and bool(a.countries & b.countries)
    # 'The visit comes weeks after the Russian spy ship was seen': a bare 'the visit' with no day or person of its
    # own is the last one told, whatever states its sentence names
    bare = a.kind == "visit" and anaphoric(b.anchor) and not b.own_date and b.people <= a.people
    if a.countries != b.countries and not (back and (b.countries <= a.countries or widens or bare)):
        return False
    if is_part(b.anchor, editions=False) and not (is_part(a.anchor) and a.date.value == b.date.value):
        return False
    if a.kind in NO_MERGE_ACROSS_SENTENCES or not dt.compatible(a.date.value, b.date.value) or told_apart(a, b):
        return False
    if a.kind in NEWS_WHEN_NEW and not (a.date.value == b.date.value and (a.date.value or not (a.people and b.people))) \
            and not refers_back(b.anchor) and not (a.kind == "agreement" and _same_topic(a.anchor, b.anchor)):
        return False
    if back and b.anchor.pos_ == "NOUN":
        return True
    return not a.people or not b.people or a.people <= b.people or b.people <= a.people


def _headline(sent: Span, title: str | None, whole: str) -> bool:
    """The title, or a line of its own with no closing stop, as headlines are printed. `whole` is the
    document's text, which spaCy builds anew at each `doc.text`."""
    text = sent.text.strip()
    if title and text == title.strip():
        return True
    start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
    end = start + len(text)
    alone = whole[start - 1:start] in ("", "\n") and whole[end:end + 1] in ("", "\n")
    return alone and bool(text) and text[-1] not in ".!?:;\"”’'" and len(text.split()) <= 20


def headlines_to_body(cands: list[Candidate], title: str | None) -> list[Candidate]:
    """'Georgian, French defence ministries sign cooperation plan' over 'Georgian and French defence ministries have
    signed a cooperation plan': a headline restates the story's own report of its event, so it joins the first
    event of its kind and states told in the body. The body's date stands: a headline's present tense says
    nothing of the day."""
    whole = cands[0].sentences[0].doc.text if cands and cands[0].sentences else ""
    heads = [c for c in cands if all(_headline(s, title, whole) for s in c.sentences)]
    out = [c for c in cands if c not in heads]
    for head in heads:
        body = next((c for c in out if (c.kind, c.status, c.planned_kind) == (head.kind, head.status, head.planned_kind)
                     and c.countries == head.countries), None)
        if body is None:
            out.append(head)
            continue
        body.people |= head.people
        body.sentences = body.sentences + [s for s in head.sentences if s not in body.sentences]
    return sorted(out, key=lambda c: c.anchor.i)


def _bare_reference(cand: Candidate) -> bool:
    """'The meeting was followed by a press conference': a pointer to an event that nothing before it reports,
    with no people, no day and no state of its own, says nothing a reader can check. 'Pakistani and Russian
    special forces concluded the joint exercise' names its states and stands."""
    return cand.status == "occurred" and anaphoric(cand.anchor) and len(cand.sentences) == 1 and not cand.people \
        and not cand.own_date and not cand.named_countries


def _deal_told_ahead(cands: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """'Germany is set to acquire Israel's Arrow 3 system', in a story of the deal the two ministers signed: the
    purchase a buyer 'will make' is the transfer the story reports made, not a plan of its own. It joins that
    transfer. A delivery ahead ('the first howitzers are to arrive in 2020') stays a plan."""
    buying = lex.cues.get("buying_verbs", set())
    made = [c for c in cands if c.kind == "arms_transfer" and c.status == "occurred"]
    out: list[Candidate] = []
    for cand in cands:
        buys = cand.planned_kind == "arms_transfer" and cand.anchor.pos_ == "VERB" and cand.anchor.lemma_.lower() in buying
        deal = next((m for m in made if m.countries == cand.countries), None) if buys else None
        if deal is not None:
            deal.sentences.append(cand.sentences[0])
            continue
        out.append(cand)
    return out


NEW_EDITION = {"next", "following", "upcoming", "another", "new", "future", "coming", "subsequent"}


def _schedule_of_told(cand: Candidate, told: list[Candidate]) -> bool:
    """'The exercises will be conducted in three phases', 'During the exercise, destroyers will ...': what lies
    ahead in an exercise already reported, not a plan of its own; 'the next exercise' is another one."""
    anchor = cand.anchor
    if cand.status != "planned" or cand.planned_kind != "exercise" or not (anaphoric(anchor) or scene(anchor)) \
            or any(c.lower_ in NEW_EDITION or c.ent_type_ == "ORDINAL" for c in anchor.subtree if c.i < anchor.i):
        return False
    return any((o.planned_kind or o.kind) == "exercise" and o.countries & cand.countries for o in told)


def merge_document(cands: list[Candidate], lex: Lexicon, series_in: SeriesInSentences) -> list[Candidate]:
    """Later mentions of one event ('the meeting', 'his visit', a site toured on a visit) join its first report."""
    sites = lex.cues.get("site_nouns", set())
    out: list[Candidate] = []
    for cand in cands:
        if _schedule_of_told(cand, out):
            continue
        same = next((o for o in reversed(out) if _mergeable(o, cand, sites, series_in)), None)
        if same is None:
            out.append(cand)
            continue
        richer = len(cand.people) > len(same.people)
        same.people |= cand.people
        if (same.planned_kind or same.kind) == "exercise":
            same.named_countries |= cand.named_countries
            same.countries |= cand.countries
            if len(same.named_countries) >= 3:  # a list of the states taking part outweighs a side guessed for one
                same.countries &= same.named_countries
        if (cand.own_date, len(cand.date.value or "")) > (same.own_date, len(same.date.value or "")):
            same.date, same.own_date = cand.date, cand.own_date
        same.location = same.location or cand.location
        new = [s for s in cand.sentences if s not in same.sentences]
        same.sentences = new + same.sentences if richer else same.sentences + new
        same.confidence = round(min(0.95, max(same.confidence, cand.confidence) + 0.05), 2)
    return out


def summary(kind: str, planned_kind: str | None, names: list[str], countries: list[str], location: str | None,
            date: str | None, lex: Lexicon) -> str:
    states = " and ".join(lex.countries[c].name if c in lex.countries else c for c in countries)
    label = lex.kinds[planned_kind].label if kind == "plan" and planned_kind in lex.kinds else lex.kinds[kind].label
    text = f"{'Planned: ' + label.lower() if kind == 'plan' and planned_kind else label}, {states}"
    if names:
        text += f": {', '.join(names[:4])}"
    if location:
        text += f", in {location}"
    return text + (f", {date}" if date else "")


def extract(article: Article, doc: Doc, caption_docs: list[Doc], nlp: Language, lex: Lexicon,
            detector: Detector | None = None) -> Extraction:
    found = mn.find(doc, lex, nlp)
    in_captions = [p for cdoc in caption_docs for p in mn.person_mentions(cdoc, lex, mn.country_mentions(cdoc, lex, nlp), caption=True)]
    persons = mn.drop_stray(found.persons + in_captions, doc, lex)
    found.persons = [p for p in persons if not p.caption]
    people = group(persons)
    abbreviations = {**lex.office_abbreviations, **found.acronyms}
    host = lex.place_terms.get((article.dateline or "").lower()) or lex.country_of(article.dateline or "")
    resolve_references(doc, found.references, found.persons, people, abbreviations, host)
    add_titles(found.references, people, abbreviations)
    published = dt.dispatch_day(doc.text, dt.to_date(article.published)) or dt.to_date(article.published)
    sentences = spans.sentences(doc)
    triggers = sentence_triggers(doc, sentences, nlp, lex)
    proposed = rule_candidates(sentences, triggers, lex, found)
    if detector is not None:
        proposed = detected.decide(detector, sentences, triggers, proposed, lex)
    cands = candidates(doc, sentences, proposed, lex, found, published, article.dateline, caption_docs)
    series_in = SeriesInSentences(found, lex)
    _occasions(cands, series_in, lex)
    cands = _drills_of_exercises(cands, sentences, found.countries, lex)
    pair = state_pair(doc, found.countries)
    ranked = states_by_weight(found.countries)
    _namesakes(people)
    _infer_countries(cands, people, ranked, found, lex)
    kept: list[Candidate] = []
    before: dict[str, set[str]] = {}
    visits: list[set[str]] = []
    stop: Candidate | None = None
    observers = _observers(doc, found.countries, lex)
    for cand in cands:
        if cand.kind == "statement" and not _speaker_known(cand, people, doc, found.countries):
            continue
        named = NamedSides(_listed_states(cand.sentences[0], found.countries), _with_states(cand, found.countries))
        countries = event_countries(cand, people, pair, before, ranked, named, lex) or _trip_told_before(cand, visits, people)
        if countries and stop is not None and (hosts := _met_at_the_stop(cand, countries, stop, pair, people)):
            countries = sorted(stop.countries)
            cand.date = cand.date if cand.own_date else stop.date  # not the day of the stop before
            if len(there := stop.countries - pair) == 1:
                for p in hosts:
                    people[p].country = next(iter(there))
        if countries and not (set(countries) in visits and _stop_on_a_visit(cand, lex)):
            cand.countries = set(countries)
            before[cand.planned_kind or cand.kind] = cand.countries
            kept.append(cand)
            if cand.kind == "visit":
                visits.append(cand.countries)
                stop = cand if cand.status == "occurred" else stop
    _joined_later(doc, kept, found.countries)
    for cand in kept:
        if (cand.planned_kind or cand.kind) == "exercise" and len(cand.countries - observers) >= 2:
            cand.countries -= observers
    leading, leaders = assembly.principals(doc, found, people)
    assembly.plural_people(kept, people, leading, lex)
    # a guest received is a visit told in its own sentence, before that sentence's talks join others
    kept = assembly.visiting_guests(assembly.hosted_visits(kept, people, host, lex), found, people)
    kept = sorted(_deal_told_ahead(kept, lex), key=lambda c: c.anchor.i)
    merged = [c for c in headlines_to_body(merge_document(kept, lex, series_in), article.title) if not _bare_reference(c)]
    assembly.delegation_leaders(merged, leaders, people, abbreviations, lex)
    assembly.occasion_people(merged, doc, found, people, lex)
    assembly.side_leaders(merged, leading, people, published)
    actors = _actors(article, people) + _organizations(article, found.organizations)
    events = _events(article, merged, people, lex, series_in)
    return Extraction(article=article, actors=actors, events=events)


def _actors(article: Article, people: list[Person]) -> list[Actor]:
    actors = []
    for k, person in enumerate(people):
        aliases = list(dict.fromkeys(person.names + person.surfaces))
        rank = max(person.ranks, key=len) if person.ranks else None
        offices = list(dict.fromkeys(person.offices))
        roles = [Role(o, rank, article.published, article.published) for o in offices[:1]] or \
            ([Role(None, rank, article.published, article.published)] if rank else [])
        actors.append(Actor(id=f"{article.id}:p{k}", name=person.canonical, type="office" if person.title else "person",
                            country=person.country,
                            aliases=[a for a in aliases if a != person.canonical], roles=roles,
                            in_body=person.in_body, documents=[article.id]))
    return actors


def _organizations(article: Article, orgs: list[mn.OrgMention]) -> list[Actor]:
    """News agencies and press offices are kept as type 'source': they report events, they do not take part."""
    return [Actor(id=f"{article.id}:o{k}", name=org.name, type="source" if org.role == "source" else "organization",
                  country=org.country, aliases=[org.short] if org.short and org.short != org.name else [],
                  documents=[article.id]) for k, org in enumerate(orgs)]


def _source(document: str, sent: Span) -> Source:
    """The sentence as evidence, without the whitespace the tokenizer keeps around it; offsets index the body."""
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    stripped = text.strip()
    return Source(document, stripped, start, start + len(stripped))


def _series(cand: Candidate, series_in: SeriesInSentences, named: list[SeriesRef]) -> SeriesRef | None:
    """The series an event names; 'the dialogue' takes the series the article named before it."""
    if (cand.planned_kind or cand.kind) not in SERIES_KINDS:
        return None
    for sent in cand.sentences:
        found = series_in(sent)
        if found is None:
            continue
        if series.generic(found) and named:
            return SeriesRef(named[-1].name, named[-1].aliases, found.edition)
        if not series.generic(found):
            named.append(found)
        return found
    return None


def _events(article: Article, cands: list[Candidate], people: list[Person], lex: Lexicon,
            series_in: SeriesInSentences) -> list[Event]:
    events = []
    named: list[SeriesRef] = []
    for n, cand in enumerate(sorted(cands, key=lambda c: c.sentences[0].start)):
        kind = cand.kind
        codes = lex.kinds[cand.planned_kind or kind] if kind == "plan" and cand.planned_kind in lex.kinds else lex.kinds[kind]
        if kind == "statement" and cand.anchor.lemma_.lower() in lex.cues.get("critical_verbs", set()):
            codes = lex.kinds["criticism"]  # PLOVER ACCUSE, CAMEO 111: the statement criticises the other side
        plan_codes = lex.kinds["plan"]
        names = [people[p].canonical for p in sorted(cand.people)]
        location = Location(cand.location[0], cand.location[1]) if cand.location else None
        sources = [_source(article.id, s) for s in cand.sentences]
        events.append(Event(
            id=f"{article.id}:e{n}", kind=kind,
            plover=plan_codes.plover if kind == "plan" else codes.plover,
            cameo=plan_codes.cameo if kind == "plan" else codes.cameo,
            date=cand.date.value, date_precision=dt.precision_of(cand.date.value), status=cand.status,
            countries=sorted(cand.countries), participants=[f"{article.id}:p{p}" for p in sorted(cand.people)],
            sources=sources, summary=summary(kind, cand.planned_kind, names, sorted(cand.countries),
                                             location.name if location else None, cand.date.value, lex),
            confidence=cand.confidence, location=location, planned_kind=cand.planned_kind,
            series=_series(cand, series_in, named),
        ))
    return events
