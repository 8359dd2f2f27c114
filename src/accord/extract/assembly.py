"""Events assembled across sentences: the people of an event named in another sentence than its trigger.

"The two ministers agreed ...", "They also discussed ...", "the delegations held talks": a plural that stands
for the leading person of each side. Each side's leading person is the person of that state the article
names most, a delegation's leader first ("X's delegation was led by A").
"""
from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from .events import Candidate
from .mentions import Mentions
from .people import Person

PEOPLE = re.compile(
    r"\b(?:the|both|two|three|all)\s+(?:two\s+|three\s+|visiting\s+)?(?:ministers|leaders|chiefs|officials|commanders|"
    r"counterparts|representatives|generals|admirals|heads|dignitaries|secretaries|military bosses|"
    r"defen[cs]e (?:ministers|chiefs|leaders|officials)|army chiefs|service chiefs)\b", re.I)
SIDES = re.compile(r"\b(?:(?:the|both)\s+(?:two\s+)?(?:sides|delegations)|they)\b", re.I)
"""'They discussed', 'the two sides agreed': the leading people when the event is news of talks, not history."""
TALKS = {"meeting", "visit", "intent", "plan"}
LED_BY = re.compile(r"\b(?:led|headed)\s+by\b", re.I)
KINDS = {"meeting", "visit", "intent", "agreement", "institution", "plan", "exercise", "training"}


def principals(doc: Doc, mentions: Mentions, people: list[Person]) -> dict[str, int]:
    """The leading person of each state: a named delegation leader, else the one the article names most."""
    counts: Counter[int] = Counter()
    leaders: set[int] = set()
    for m in mentions.persons:
        if m.cluster >= 0 and not m.caption:
            counts[m.cluster] += 1
            before = doc[max(m.context_start - 3, 0):m.context_start].text
            if LED_BY.search(before):
                leaders.add(m.cluster)
    for r in mentions.references:
        if r.cluster >= 0:
            counts[r.cluster] += 1
    best: dict[str, tuple[int, int, int]] = {}
    for cluster, n in counts.items():
        person = people[cluster]
        if person.country is None or person.title:
            continue
        key = (int(cluster in leaders), n, -cluster)
        if person.country not in best or key > best[person.country]:
            best[person.country] = (*key[:2], cluster)
    return {country: value[2] for country, value in best.items()}


def plural_people(cands: list[Candidate], leading: dict[str, int]) -> None:
    """An event told of 'the two ministers' or 'they' takes the leading person of each of its states."""
    for cand in cands:
        kind = cand.planned_kind or cand.kind
        if kind not in KINDS or len(cand.people) >= 2:
            continue
        pattern = PEOPLE if kind not in TALKS else re.compile(f"{PEOPLE.pattern}|{SIDES.pattern}", re.I)
        if not any(pattern.search(s.text) for s in cand.sentences):
            continue
        cand.people |= {leading[c] for c in cand.countries if c in leading}
