"""Events assembled across sentences: the people of an event named in another sentence than its trigger.

"The two ministers agreed ...", "They also discussed ...", "the delegations held talks": a plural that stands
for the leading person of each side. Each side's leading person is the person of that state the article
names most, a delegation's leader first ("X's delegation was led by A").
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..lexicon import Lexicon
from ..offices import fits, office_key
from ..nlp import spans
from .events import DEFINITE, HOSTING, Candidate, month_of, several_offices
from .mentions import Mentions
from .names import fold, tokens
from .people import Person
from .triggers import past_perfect, verb_of

PEOPLE = re.compile(
    r"\b(?:the|both|two|three|all|their)\s+(?:two\s+|three\s+|visiting\s+|defen[cs]e\s+|military\s+)?(?:ministers|leaders|chiefs|officials|commanders|"
    r"counterparts|representatives|generals|admirals|heads|dignitaries|secretaries|military bosses|"
    r"defen[cs]e (?:ministers|chiefs|leaders|officials)|army chiefs|service chiefs)\b", re.I)
PAIRED = re.compile(r"\b[A-Z][a-z]+ and [A-Z][a-z]+ (?:defen[cs]e |military |army |naval )?(?:ministers|chiefs|leaders|commanders)\b")
"""'Kyrgyz and Uzbek defense ministers': the two sides' people named by their states."""
SIDES = re.compile(r"\b(?:(?:the|both)\s+(?:two\s+)?(?:sides|delegations|parties)|they)\b", re.I)
"""'They discussed', 'the two sides agreed': the leading people when the event is news, not history
('both sides had signed an agreement in 2014' is not about today's people)."""
TALKS = {"meeting", "visit", "intent", "plan"}
LEAD_VERBS = {"lead", "head"}
KINDS = {"meeting", "visit", "intent", "agreement", "institution", "plan", "exercise", "training"}


def _leads(doc: Doc, start: int, end: int, others: list[int]) -> bool:
    """'... was led by A', '... and the other side by B', 'led by the Chief of X, General B', 'A led the
    delegation': a delegation's leader. `others` are where the article's other people start."""
    sent = doc[start].sent
    by = [t.i for t in doc[max(start - 15, sent.start):start] if t.lower_ == "by"]
    if by and any(t.lemma_.lower() in LEAD_VERBS for t in doc[sent.start:by[-1]]) and not any(by[-1] < o < start for o in others):
        return True
    subjects = [tok.head if c.lower_ == "who" and tok.dep_ == "relcl" else c
                for tok in sent if tok.lemma_.lower() in LEAD_VERBS for c in tok.children if c.dep_ == "nsubj"]
    return any(c.left_edge.i <= start and end - 1 <= c.right_edge.i for c in subjects)  # 'A, who led X's delegation'


def principals(doc: Doc, mentions: Mentions, people: list[Person]) -> tuple[dict[str, int], dict[str, int]]:
    """The leading person of each state (a named delegation leader, else the one the article names most),
    and the delegation leaders alone."""
    counts: Counter[int] = Counter()
    leaders: dict[str, int] = {}
    starts = [m.start for m in mentions.persons if not m.caption]
    for m in mentions.persons:
        if m.cluster >= 0 and not m.caption:
            counts[m.cluster] += 1
            if not _leads(doc, m.context_start, m.end, starts):
                continue
            person = people[m.cluster]
            if person.country is None:  # 'the Vietnamese side was headed by A': the side named before the leader
                sent = doc[m.start].sent
                named = [c.code for c in mentions.countries if sent.start <= c.start < m.context_start]
                after = [c.code for c in mentions.countries if m.end <= c.start < sent.end]  # 'A led the Bangladesh side'
                person.country = next((c for c in [*reversed(named), *after] if c not in leaders), None)
            if person.country and person.country not in leaders:
                leaders[person.country] = m.cluster
    for r in mentions.references:
        if r.cluster >= 0:
            counts[r.cluster] += 1
    best: dict[str, tuple[int, int]] = {}
    for cluster, n in counts.items():
        person = people[cluster]
        if person.country is None or person.title:
            continue
        if person.country not in best or (n, -cluster) > best[person.country]:
            best[person.country] = (n, -cluster)
    leading = {country: -key[1] for country, key in best.items()}
    return {**leading, **leaders}, leaders


DELEGATION = re.compile(r"\bdelegation\b", re.I)


def _office_subject(cand: Candidate, lex: Lexicon, several: bool = False) -> Token | None:
    """The event's subject when it is an office, not a name: 'Chief of Army Staff on Wednesday began a visit'.
    With `several`, offices of more than one person: 'ministers signed', 'the State Minister and Defence
    Secretary reaffirmed'."""
    subjects = [c for c in verb_of(cand.anchor).children if c.dep_ in ("nsubj", "nsubjpass")]
    for subject in subjects:
        words = list(subject.subtree)
        if any(t.ent_type_ == "PERSON" for t in words) or not any(t.lemma_.lower() in lex.office_heads for t in words):
            continue
        if not several or several_offices(subject, lex):
            return subject
    return None


def _holder(subject: Token, states: set[str], people: list[Person], abbreviations: dict[str, str]) -> set[int]:
    """The one person of `states` whose office is the subject's, in either spelling: 'Chief of Army Staff' is
    the 'Army Chief' named earlier."""
    said = office_key(" ".join(t.text for t in subject.subtree if t.dep_ != "det"), abbreviations)
    found = {i for i, p in enumerate(people) if p.country in states and not p.title and any(
        len(k := office_key(o, abbreviations)) >= 2 and (fits(k, said) or fits(said, k)) for o in p.offices)}
    return found if len(found) == 1 else set()


def delegation_leaders(cands: list[Candidate], leaders: dict[str, int], people: list[Person],
                       abbreviations: dict[str, str], lex: Lexicon) -> None:
    """Talks whose sentence names fewer than two people are led by the delegations' leaders named elsewhere;
    so is a visit told of a delegation alone ('The Thai delegation arrived in Thandwe'). A visit told of an
    office alone ('Chief of Army Staff began a visit to Italy') is the visitor's who holds that office."""
    for cand in cands:
        kind = cand.planned_kind or cand.kind
        if kind == "meeting" and len(cand.people) < 2:
            cand.people |= {leaders[c] for c in cand.countries if c in leaders}
        elif kind == "visit" and not any(not people[p].title for p in cand.people):
            host = cand.location[1] if cand.location else None
            if not cand.people and any(DELEGATION.search(s.text) for s in cand.sentences):
                cand.people |= {leaders[c] for c in cand.countries if c in leaders and c != host}
            elif host in cand.countries and (subject := _office_subject(cand, lex)) is not None:
                cand.people = _holder(subject, cand.countries - {host}, people, abbreviations) or cand.people


def plural_people(cands: list[Candidate], people: list[Person], leading: dict[str, int], lex: Lexicon) -> None:
    """An event told of 'the two ministers', 'the Minister and the Secretary' or 'they' takes each state's person
    of the last talks or visit told before it ('A met B in Lisbon. ... the ministers signed'), else the leading
    person of each of its states, where the event has none of that state yet."""
    last: dict[str, int] = {}
    for cand in sorted(cands, key=lambda c: c.anchor.i):
        kind = cand.planned_kind or cand.kind
        if kind in KINDS and len(cand.people) < 2:
            current = kind in TALKS or not cand.own_date and not past_perfect(cand.anchor) and verb_of(cand.anchor).dep_ == "ROOT"
            told = [p.search(s.text) for s in cand.sentences for p in ((PEOPLE, PAIRED, SIDES) if current else (PEOPLE, PAIRED))]
            if any(told) or _office_subject(cand, lex, several=True) is not None:
                have = {people[p].country for p in cand.people}  # 'the meeting with B ... both parties': B is Y's
                cand.people |= {last.get(c, leading.get(c, -1)) for c in cand.countries if c not in have} - {-1}
        if cand.kind in ("meeting", "visit") and cand.status == "occurred":
            last.update({c: p for p in sorted(cand.people) if (c := people[p].country) and not people[p].title})


OCCASION = re.compile(
    r"\b(?:the|this|that)\s+(?:\w+\s+){0,2}?(?:ceremony|event|occasion|meeting|talks|discussions?|exercises?|drills?|"
    r"handover|hand-over|signing|visit|dialogue|session|consultations?|parade|launch)\b", re.I)
"""'Addressing the ceremony, the minister ...', 'At the meeting, A was joined by B': a sentence about the
occasion just reported, whose people took part in it."""
FOLLOWING = 2
ITS_PEOPLE_KINDS = {"arms_transfer", "training", "institution", "exercise"}
"""Events whose report names what moved or who trained before who stood at the ceremony."""


def _told_again(sent: Span, cand: Candidate, lex: Lexicon) -> bool:
    """'closed a training programme for officers. The training was concluded by A': a later sentence names a
    thing of the event's own sentence with 'the', and so tells more of that event; so does 'the aircraft' after
    'the first fighter jet arrived', arms named again in other words."""
    own = {t.lemma_.lower() for s in cand.sentences for t in s if t.pos_ == "NOUN"}
    if cand.kind == "arms_transfer":
        own |= lex.cues.get("weapon_nouns", set())
    return any(t.pos_ == "NOUN" and t.lemma_.lower() in own and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in t.children)
               for t in sent)


def occasion_people(cands: list[Candidate], doc: Doc, mentions: Mentions, people: list[Person], lex: Lexicon) -> None:
    """An event whose sentence names fewer than two people takes the people of the next sentences that speak
    of its occasion ('... handed over three aircraft. Addressing the ceremony, the defence minister ...').
    Only people of the event's states, and only until the story turns to another event."""
    starts = [(m.start, m.cluster) for m in mentions.persons if m.cluster >= 0]
    starts += [(r.start, r.cluster) for r in mentions.references if r.cluster >= 0]
    sentences = spans.sentences(doc)
    index = {s.start: k for k, s in enumerate(sentences)}
    anchored = {c.anchor.sent.start for c in cands}
    for cand in cands:
        if len(cand.people) >= 2:
            continue
        last = max(index[s.start] for s in cand.sentences if s.start in index)
        for sent in sentences[last + 1:last + 1 + FOLLOWING]:
            if not OCCASION.search(sent.text) and not (cand.kind in ITS_PEOPLE_KINDS and _told_again(sent, cand, lex)):
                break
            found = {c for start, c in starts if sent.start <= start < sent.end
                     and (people[c].country is None or people[c].country in cand.countries)}
            cand.people |= found
            if sent.start in anchored:
                break


def _is_host(cand: Candidate, person: int, people: list[Person]) -> bool:
    """The person is named in the subject of the event's verb ('President Kagame received ...'), or in its
    agent when the verb is passive ('A was received by Defense Secretary B at the Pentagon')."""
    host_side = {fold(t.text) for c in cand.anchor.children if c.dep_ == "nsubj" for t in c.subtree} or {
        fold(t.text) for c in cand.anchor.children if c.dep_ == "agent" for t in c.subtree}
    return bool(host_side) and any(fold(w) in host_side for name in people[person].names for w in tokens(name))


def hosted_visits(cands: list[Candidate], people: list[Person], host: str | None, lex: Lexicon) -> list[Candidate]:
    """'Kagame received President Nyusi of Mozambique at Village Urugwiro': a guest of another state received
    at home came on a visit. One visit per guest, unless the article reports the visit itself. An ambassador
    received lives there: a call, not a visit."""
    resident = lex.cues.get("resident_offices", set())
    visitors = {p for c in cands if c.kind == "visit" for p in c.people}
    visitors |= {i for i, p in enumerate(people) if any(w in o.lower() for o in p.offices for w in resident)}
    added: list[Candidate] = []
    for cand in cands:
        if cand.kind != "meeting" or cand.status != "occurred" or cand.anchor.lemma_.lower() not in HOSTING:
            continue
        place = (cand.location[1] if cand.location else None) or host
        if place is None:  # 'Kagame received President Nyusi of Mozambique': at home, in the host's state
            hosts = {c for p in cand.people if _is_host(cand, p, people) and (c := people[p].country)}
            visiting = {c for p in cand.people if not _is_host(cand, p, people) and (c := people[p].country)}
            if not hosts and len(visiting) == 1 and len(cand.countries) == 2:
                hosts = cand.countries - visiting
            place = hosts.pop() if len(hosts) == 1 else None
        guests = [p for p in cand.people if people[p].country and people[p].country != place and place in cand.countries]
        guests = [p for p in guests if p not in visitors]
        if guests and place:
            added.append(cand.part(kind="visit", people=set(guests)))
            visitors |= set(guests)
    return cands + added


GUEST_TOLD = {"meeting", "intent", "agreement", "statement"}
"""Kinds whose sentence may call one side 'visiting': 'his visiting Greek counterpart A', 'Visiting Defence
Minister A and his Thai counterpart agreed ...'."""


TITLE_POS = {"PROPN", "ADJ", "NOUN"}


def visiting_guests(cands: list[Candidate], mentions: Mentions, people: list[Person]) -> list[Candidate]:
    """'Minister A and his visiting Greek counterpart B agreed to deepen ties': B came on a visit to A's state,
    though no sentence reports the trip. One visit per guest, only between two states, and only when the article
    reports no visit of B's. The visit holds the day of the talks, so its month is what is known of it."""
    visitors = {p for c in cands if c.kind == "visit" for p in c.people}
    added: list[Candidate] = []
    for cand in cands:
        if cand.kind not in GUEST_TOLD or cand.status != "occurred" or len(cand.countries) != 2:
            continue
        sent = cand.sentences[0]
        # the parser hangs 'visiting' anywhere; what counts is that only the guest's title lies between
        for word in (t for t in sent if t.lower_ == "visiting"):
            guest = next((m.cluster for m in mentions.persons if word.i < m.start <= word.i + 6 and m.cluster >= 0
                          and all(t.pos_ in TITLE_POS for t in sent.doc[word.i + 1:m.start])), None)
            if guest is None or guest in visitors or people[guest].country not in cand.countries:
                continue
            added.append(cand.part(kind="visit", people={guest}, date=month_of(cand.date)))
            visitors.add(guest)
    return cands + added


SIDED = {"meeting", "visit", "agreement", "institution", "plan", "arms_transfer"}
"""Kinds whose sides act through their leading people (a delivery is handed over and taken by them); a statement
or a pledge is its speaker's alone, and a course is its trainees'."""
RECENT_YEARS = 1


def side_leaders(cands: list[Candidate], leading: dict[str, int], people: list[Person], published: date | None) -> None:
    """A side the event's sentences name no one for is represented by that state's leading person in the
    article: 'Army chief A arrived in Colombo ... The two navies signed an MoU on training' is A's signing.
    Only for news, not for history told in passing ('the accord signed in 2001'); only between a few states,
    whose sides are clear; and only for kinds the leading people do themselves (a course that officers
    completed is not their minister's)."""
    for cand in cands:
        if (cand.planned_kind or cand.kind) not in SIDED or len(cand.countries) > 3 or not _recent(cand, published):
            continue
        named = {people[p].country for p in cand.people}
        cand.people |= {leading[c] for c in cand.countries if c in leading and c not in named}


def _recent(cand: Candidate, published: date | None) -> bool:
    """Told as news: not in the past perfect ('had signed'), and undated or of the publication's year or the one
    before (an article without a date cannot say that a dated event is recent)."""
    if past_perfect(cand.anchor):
        return False
    if cand.date.value is None:
        return True
    return published is not None and published.year - int(cand.date.value[:4]) <= RECENT_YEARS
