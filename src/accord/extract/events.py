"""Events of one document: triggers licensed by the parse, with status, date, place, people and states."""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..ingest.pubdate import opening_date
from ..lexicon import Lexicon, is_ship_prefix, maker_words
from ..nlp import dates as dt
from ..nlp.spans import ents_in
from . import triggers as tg
from .mentions import DESIGNATION, CountryMention, Mentions

# Kinds that are news of the day; when the sentence gives no date they take the article's story date.
CURRENT_KINDS = {"meeting", "visit", "intent", "statement", "exercise", "training"}
LASTING = {"meeting", "visit", "exercise", "training"}
"""Kinds of event that go on for a time: one can be under way as the story is told."""
# Kinds that are often history ("their 2014 accord"); only a new, undated one is news of the day.
NEWS_WHEN_NEW = {"agreement", "arms_transfer", "institution"}
RECENT_DAYS = 10
# A story of several days: a visit or talks said to last them ('a four-day official visit'). A long
# exercise does not make one: its opening is still news of one day.
MULTI_DAY = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)-day\s+(?:\w+\s+)?(?:visit|trip|tour|talks|"
                       r"meetings|conference|summit|session|stay)\b|\bweek-long\s+(?:visit|trip|tour|talks)\b", re.I)
DURATION = re.compile(r"^(?:\w+-)?(?:day|week|month|year)s?(?:-long)?$|^-$|^\d+$|^(?:two|three|four|five|six|seven|eight|nine|ten)$", re.I)
"""Tokens of 'a two-week exercise', 'the five-day drill': a length, not a date that makes a new event."""
JOINT = {"joint", "bilateral", "combined", "trilateral", "multilateral", "multinational", "mutual"}
MEETING_NOUNS = {"meeting", "talk", "talks", "call", "discussion", "consultation"}
NEGOTIATIONS = MEETING_NOUNS | {"negotiation"}
"""Talks that 'take place between' two sides ('Negotiations between A and B took place in Moscow')."""
PARTS = {"phase", "stage", "leg", "round", "edition", "part", "session"}
"""'the second phase of the exercise' is an occurrence of its own, not another mention of the exercise."""
PARTS_OF_DAY = {"morning", "afternoon", "evening", "night"}
"""'on Wednesday morning': the day is the date of the event, not a modifier of another noun."""
DEFERRALS = {"postpone", "defer", "reschedule", "delay", "push"}
INSTITUTION_VERBS = {"set", "establish", "form", "create", "constitute", "inaugurate", "launch", "reinstall", "revive",
                     "reactivate", "relaunch"}


@dataclass
class Candidate:
    kind: str
    anchor: Token
    sent: Span
    status: str = "occurred"
    planned_kind: str | None = None
    date: dt.DateValue = dt.UNKNOWN
    own_date: bool = False
    people: set[int] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    named_countries: set[str] = field(default_factory=set)
    location: tuple[str, str | None] | None = None
    confidence: float = 0.5
    sentences: list[Span] = field(default_factory=list)
    detected: float | None = None
    """The learned detector's probability for this kind in this sentence, when it ran."""

    def part(self, **changes: Any) -> Candidate:
        """A copy with sets and lists of its own: people added to one destination of a split visit, or one of
        several listed meetings, must not join the others."""
        own = {"people": set(self.people), "countries": set(self.countries),
               "named_countries": set(self.named_countries), "sentences": list(self.sentences)}
        return replace(self, **{**own, **changes})


def _cue(lex: Lexicon, name: str) -> set[str]:
    return lex.cues.get(name, set())


HOSTING = {"receive", "host", "welcome"}
"""Verbs of talks told from the host's side: 'President Kagame received the minister'."""


def _held(lex: Lexicon) -> set[str]:
    """Verbs that say an event takes place: 'held', 'conducted', 'began', 'took place'."""
    return _cue(lex, "hold_verbs") | _cue(lex, "occurrence_verbs")


def _near(token: Token, words: set[str], limit: int = 4, in_clause: bool = False) -> Token | None:
    """The first of `words` among a token's ancestors; `in_clause` stops at a coordinated verb ('called off X
    and postponed Y' cancels X only)."""
    tok = token
    for anc in tg.ancestors(token, limit):
        if in_clause and tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX"):
            return None
        for word in (anc, *(_to_be_done(anc) if anc.lemma_ in BEFORE_DOING else ())):
            if _one_of(word, words):
                return word
        tok = anc
    return None


BEFORE_DOING = {"be", "set", "schedule", "expect", "slate", "due"}
"""Verbs whose infinitive stands for the deed: 'drills are to be held', 'the drill is set to begin'."""


def _to_be_done(verb: Token) -> list[Token]:
    """'The agreement is to be signed', 'drills are to be held': the verb the subject's 'is' stands for."""
    return [c for c in verb.children if c.dep_ == "xcomp" and tg.infinitive(c)]


def _one_of(token: Token, words: set[str]) -> bool:
    """The word, as written or as its lemma, is one of `words`."""
    return token.lemma_.lower() in words or token.lower_ in words


def _subtree_has(token: Token, words: set[str]) -> bool:
    return any(_one_of(t, words) for t in token.subtree)


def _basis(tok: Token, lex: Lexicon) -> bool:
    """'held within the framework of the memorandum', 'guided by a five-year roadmap', 'in line with the treaty',
    'under the agreement': a document named as the ground of something else is one in force, not one signed then.
    One given its own day or signing ('under an agreement signed in 2008') is left to the other rules."""
    first = tg.first_conjunct(tok)
    # 'a 2018 agreement', 'an agreement of 12 May'; not 'a five-year roadmap'
    dated = any(t.ent_type_ == "DATE" and (t.dep_ not in ("compound", "nummod", "punct") or t.shape_ == "dddd")
                for t in tok.subtree)
    if first.dep_ != "pobj" or dated or any(c.dep_ in ("acl", "relcl") for c in tok.children):
        return False
    prep, owner = first.head, first.head.head
    if prep.lower_ == "under":
        return True
    if prep.lower_ == "by" and prep.dep_ == "agent" or prep.lower_ == "on" and owner.lemma_.lower() == "base":
        return owner.lemma_.lower() in _cue(lex, "basis_verbs")
    return prep.lower_ in ("of", "with", "to") and owner.lower_ in _cue(lex, "basis_heads")


def _has_date(token: Token) -> bool:
    return any(t.ent_type_ == "DATE" for t in token.subtree)


NAMING_VERBS = {"dub", "name", "call", "codename", "code-name", "title", "label"}
"""'an exercise, dubbed X': verbs that give what follows them as a name."""


def _named(token: Token) -> bool:
    """'Exercise Shakti', 'the Cleopatra exercise', '‘Shield’ drills': an occurrence with a name of its own."""
    if token.pos_ == "PROPN" and token.text[:1].isupper():
        return True
    if token.text[:1].isupper() and token.dep_ == "compound" and token.head.i == token.i + 1 and token.head.pos_ == "PROPN":
        return True  # 'the bilateral Exercise Pelican', however the parse hangs the name
    before = token.doc[token.i - 1] if token.i > token.sent.start else None
    if before is not None and before.text[:1].isupper() and before.ent_type_ not in ("NORP", "GPE") \
            and before.pos_ in ("PROPN", "NOUN") and before.i > token.sent.start:
        return True
    after = [t for t in token.doc[token.i + 1:min(token.i + 4, token.sent.end)] if not t.is_punct]
    dubbed = len(after) >= 2 and after[0].lemma_.lower() in NAMING_VERBS and after[1].pos_ == "PROPN" \
        and after[1].text[:1].isupper()  # 'an exercise, dubbed Trogon Shield', however the parse hangs it
    return dubbed or any(c.dep_ in ("compound", "appos", "nmod") and c.pos_ == "PROPN" for c in token.children) or \
        any(t.text in ("‘", "'", "“") for t in token.subtree)


def _body_object(verb: Token, lex: Lexicon, acronyms: dict[str, str]) -> bool:
    """What is set up is a body: 'created several working groups', 'to form a task force', 'the establishment of a
    joint working group', 'Established in 2010, the committee meets yearly'."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "pobj")]
    if verb.dep_ in ("relcl", "acl"):
        objects.append(verb.head)
    if verb.pos_ == "NOUN":
        objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(c.dep_.startswith("nsubj") for c in verb.children):
        objects += [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    bodies = _cue(lex, "body_nouns")
    for child in objects:
        words = {child.lemma_.lower(), child.lower_, child.lower_.rstrip("s")}
        if words & bodies or any(c.dep_ == "compound" and c.lower_ in bodies for c in child.children):
            return True
        long_form = acronyms.get(child.text)
        if long_form and long_form.split()[-1].lower() in _cue(lex, "body_nouns"):
            return True
        if child.ent_type_ == "ORG" and any(t.lemma_.lower() in _cue(lex, "body_nouns") for t in child.subtree):
            return True
    return False


def _person_like(tok: Token, lex: Lexicon) -> bool:
    """A person, a delegation, or a description by office or rank ('the visiting general', 'the ministers')."""
    return tok.ent_type_ == "PERSON" or tok.pos_ == "PROPN" or any(
        t.ent_type_ == "PERSON" or t.lower_ in ("delegation", "delegate", "team") or t.lemma_.lower() in lex.office_heads
        or t.lower_ in lex.title_words and t.dep_ != "amod" for t in tok.subtree)  # not 'joint training'


def _guest(tok: Token, lex: Lexicon) -> bool:
    """The one received is a person by the head of its phrase, or of the phrase after its 'of' ('a group of
    officers'): 'received a decoration from the Armed Forces' names no guest, whatever words follow."""
    heads = [tok, *(g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")]
    if tok.pos_ == "PROPN" and any(c.dep_ == "nummod" and c.text[:1].isdigit() for c in tok.children):
        return False  # 'hosted Desert Flag 10': a named series and its edition, not a guest
    return any(h.ent_type_ == "PERSON" or h.pos_ == "PROPN" and h.ent_type_ not in ("GPE", "NORP")
               or h.lower_ in ("him", "her", "me", "us", "you")  # 'thank you for receiving me'
               or h.lemma_.lower() in lex.office_heads or h.lower_ in lex.title_words or h.lower_ in _cue(lex, "person_nouns")
               for h in heads)


def _carries_arms(guest: Token, lex: Lexicon) -> bool:
    """'received two frigates and their crews': arms among what was received; but 'the commander of Japan's
    escort fleet' is an officer, whatever his office commands."""
    commands = [c for c in guest.children if c.dep_ == "prep" and c.lower_ == "of"] if guest.lemma_.lower() in lex.office_heads else []
    return any(_one_of(t, _cue(lex, "weapon_nouns")) and not any(t in c.subtree for c in commands) for t in guest.subtree)


def _hosts_a_guest(verb: Token, lex: Lexicon) -> bool:
    """'received the minister', 'the delegation was welcomed': a guest, not 'received two frigates', 'welcomed
    Ghana's commitment' or 'the Training Exercise is being hosted by Jamaica'; a ship that 'received a new
    name' hosts no one."""
    if any(c.dep_ == "nsubj" and c.lemma_.lower() in _cue(lex, "weapon_nouns") for c in verb.children):
        return False
    # 'received at the palace yesterday the Commander of X': an object after a place and a day may be parsed as
    # set beside the verb
    guests = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") or c.dep_ == "appos" and c.i > verb.i]
    if not guests and verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children):
        guests = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]  # 'A arrived and was received by B'
    if any(_guest(c, lex) and not _carries_arms(c, lex) and c.lemma_.lower() not in _cue(lex, "drill_nouns") for c in guests):
        return True
    # 'hosted a luncheon for (or to) the Senior General', 'hosted a dinner in honour of the visiting minister',
    # 'hosted a welcome ceremony for the Thai official'
    meals = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _cue(lex, "meals") | _cue(lex, "welcome_ceremonies")]
    if not meals:
        return False
    welcomed = [g for m in meals for c in m.children if c.dep_ == "acl" and c.lemma_.lower() in HOSTING
                for g in c.children if g.dep_ == "dobj"]  # 'hosted an official ceremony to welcome the minister'
    preps = [p for p in [*verb.children, *(c for m in meals for c in m.children)] if p.dep_ == "prep"]
    return any(_guest(g, lex) for g in welcomed) or any(_person_like(p, lex) and (
        p.lower_ in ("for", "to") or p.lower_ == "of" and p.i > 0 and p.nbor(-1).lower_ in ("honour", "honor")) for p in preps)


SPOKEN = {"say", "note", "stress", "emphasise", "emphasize", "add", "tell", "describe", "highlight", "underline",
          "underscore", "acknowledge"}
FELT = {"express", "convey"}


def _judges(verb: Token, lex: Lexicon) -> bool:
    """A statement about the other side: praise or blame by its verb, or words that judge the relation
    ('said relations were excellent', 'highlighted the strategic partnership', 'expressed gratitude')."""
    lemma = verb.lemma_.lower()
    said = {t.lemma_.lower() for c in verb.children if c.dep_ in ("ccomp", "dobj", "xcomp", "prep", "advcl") for t in c.subtree}
    if lemma in FELT:
        return bool(said & _cue(lex, "sentiments"))
    if lemma in SPOKEN:
        return bool(said & _cue(lex, "relation_nouns")) and bool(said & _cue(lex, "evaluations"))
    return True


def _joint_exercise(tok: Token, lex: Lexicon) -> bool:
    """An exercise of more than one state: 'joint', named ('Exercise X'), 'the exercise' told before, held
    'with' or 'between' others, or by a plural or coordinated subject. 'China's drills' alone are not joint."""
    if _named(tok) or any(c.lower_ in JOINT for c in tok.children) or any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return True
    if any(c.dep_ == "poss" and c.lemma_.lower() == "year" for c in tok.children):
        return True  # 'this year's exercise took place': the edition of a series told before, like 'the exercise'
    if any(t.lower_ in ("with", "between") for t in tok.subtree) or counted_states(tok.subtree, lex) >= 2:
        return True
    modifiers = [t for left in tok.lefts for t in left.subtree]
    if _joint_misread(tok):
        return True
    if len({code for t in modifiers if (code := lex.combining_forms.get(t.lower_) or lex.country_of(t.text))}) >= 2:
        return True  # 'an Indo-German naval exercise', 'a China-Cambodia drill'
    verb = tg.verb_of(tok)
    if any(c.lower_ in ("with", "between") or _in_company(c, lex) for c in verb.children):
        return True
    states = {code for e in ents_in(tok.sent) if e.label_ in ("GPE", "NORP") and (code := lex.country_of(e.text))}
    return _joint_subject(verb, lex) or len(states) >= 3 or _abroad(tok, verb, lex)  # 'troops from France, Australia and Fiji'


def counted_states(tokens: Iterable[Token], lex: Lexicon) -> int:
    """'units of the four Balkan countries', 'troops of two nations': how many states the words count (0: none)."""
    sides = _cue(lex, "joint_subjects")
    return max((NUMBERS.get(c.lower_) or (int(c.text) if c.text.isdigit() else 0) for t in tokens
                if t.lower_ in sides and t.tag_ == "NNS" for c in t.children if c.dep_ == "nummod"), default=0)


def _in_company(prep: Token, lex: Lexicon) -> bool:
    """'conducted a drill in partnership with Kazakh forces': a phrase of the verb that names others the event
    is held with (cue `company_nouns`)."""
    return prep.dep_ == "prep" and prep.lower_ == "in" and any(
        c.dep_ == "pobj" and c.lemma_.lower() in _cue(lex, "company_nouns") and any(w.lower_ == "with" for w in c.children)
        for c in prep.children)


def _joint_misread(tok: Token) -> bool:
    """'Joint military drills Peace Frontier 2026 will be held': the tagger reads 'drills' as a verb whose subject
    is 'Joint military', the words right before it. No subject of a verb is 'joint': the phrase is one noun."""
    return tok.pos_ == "VERB" and any(c.dep_ == "nsubj" and c.right_edge.i == tok.i - 1
                                      and any(t.lower_ in JOINT for t in c.subtree) for c in tok.children)


def _predicate_below(tok: Token) -> Token:
    """The verb that tells what became of a misread 'joint drills' when the parse hangs it below them ('Joint
    military drills X will be held' with 'drills' as the root and 'held' as its clause)."""
    if not _joint_misread(tok):
        return tok
    return next((c for c in tok.children if c.dep_ in ("ccomp", "conj") and c.pos_ == "VERB"), tok)


def _abroad(tok: Token, verb: Token, lex: Lexicon) -> bool:
    """'Armed forces from Israel are expected to hold a large-scale exercise in Cyprus': one state's forces
    exercising in another state are hosted by it."""
    def states(words: list[Token]) -> set[str]:
        return {code for t in words if t.ent_type_ in ("GPE", "NORP") and (code := lex.country_of(t.text))}
    holder = verb.head if verb.dep_ == "xcomp" else verb  # 'forces from X are expected to hold'
    own = states([t for c in holder.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree])
    hosts = states([t for head in (tok, verb) for c in head.children if c.dep_ == "prep" and c.lower_ == "in" for t in c.subtree])
    return bool(own) and bool(hosts - own)


def several_offices(subject: Token, lex: Lexicon) -> bool:
    """A subject of more than one office holder: 'ministers', 'the State Minister and Defence Secretary'."""
    words = list(subject.subtree)
    heads = [t for t in words if t.lemma_.lower() in lex.office_heads or t.lower_ in lex.office_heads]
    return subject.tag_ == "NNS" and subject.lemma_.lower() in lex.office_heads or (
        len(heads) >= 2 and any(t.dep_ == "cc" and t.lower_ == "and" for t in words))


def _joint_subject(verb: Token, lex: Lexicon) -> bool:
    """Both sides are the subject: 'Pakistan and Russia agreed', 'the two sides pledged', or a pledge made in
    talks between them ('X held talks with Y, pledging to ...')."""
    if verb.dep_ in ("advcl", "conj", "xcomp") and (verb.head.lemma_.lower() in ("meet", "talk", "confer") or any(
            c.dep_ == "dobj" and c.lemma_.lower() in ("talk", "talks", "meeting") for c in verb.head.children)):
        return True
    for tok in (verb, verb.head):
        for child in tok.children:
            if child.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if any(c.dep_ == "conj" for c in child.children) or several_offices(child, lex):
                return True
            if child.lemma_.lower() in _cue(lex, "joint_subjects") and (
                    child.tag_ in ("NNS", "NNPS") or any(c.lower_ in ("both", "two", "all") for c in child.subtree)):
                return True
        if tok.dep_ not in ("xcomp", "conj"):
            break
    return False


def _of_a_body_of_many(noun: Token, lex: Lexicon) -> bool:
    """'the ASEAN Defence Ministers' Meeting', 'the meeting of the Council of Defence Ministers of the CIS': talks of
    an alliance (organizations.tsv), not between the two states an article is about."""
    own = [t for c in noun.children if c.dep_ in ("compound", "poss", "amod", "nmod") or c.dep_ == "prep" and c.lower_ == "of"
           for t in c.subtree]
    return any(lex.organizations.get(t.text.lower(), ("", None, ""))[2] == "alliance" for t in own)


MOVED_PRONOUNS = {"it", "they", "these", "those"}


def _carries_weapons(verb: Token, weapons: set[str], amounts: set[str], tokens: set[str]) -> bool:
    """What a verb of transfer moves is arms: its object ('delivered two frigates', 'received the first of six
    boats', 'a batch of 24 howitzers', 'handed over the keys for seven vehicles'), not something it only
    mentions further down ('provided the trainees with knowledge on the repair of heavy equipment')."""
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj"), *([verb.head] if verb.dep_ == "conj" else [])]
    heads = [c for v in verbs for c in v.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative")]  # 'built and delivered three ships'
    preps = ("with", "of", "for") if any(h.lower_ in tokens for h in heads) else ("with", "of")
    heads += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]
    heads += [g for h in heads if h.dep_ == "dobj" for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
              for g in c.children if g.dep_ == "pobj"]  # 'supplies the Lebanese army with small arms'
    seen: list[Token] = []
    while heads:
        head = heads.pop()
        seen.append(head)
        heads += [c for c in head.children if c.dep_ in ("conj", "appos")]  # 'Cayor, the third OPV, was handed over'
        if head.lemma_.lower() in amounts or head.like_num or head.pos_ == "NUM" or head.ent_type_ == "MONEY":
            heads += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if any(_one_of(t, weapons) for h in seen
           for t in [h, *(c for c in h.children if c.dep_ in ("compound", "amod", "nmod"))]) or any(_models(h) for h in seen):
        return True
    # 'They were donated by the Chinese navy', 'These have been ordered from Israel': a pronoun moved stands for
    # what the sentences just before it name; one that is given something ('it had been given no warning',
    # 'they were provided with') receives
    given = any(c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
    bare = [h for h in seen if (h.lemma_.lower() in amounts or h.pos_ == "NUM") and h.dep_ in ("nsubjpass", "dobj")
            and not any(c.dep_ == "prep" for c in h.children) or h.dep_ == "nsubjpass" and h.lower_ in MOVED_PRONOUNS and not given]
    return bool(bare) and _weapons_before(verb.sent, weapons)


def _models(noun: Token) -> bool:
    """'ordered five Embraer KC-390 Milleniums', '12 Rafales were ordered': a counted plural of a product's
    name is a fleet of that model, whatever the weapon list knows of it."""
    return noun.pos_ == "PROPN" and noun.text.endswith("s") and any(c.dep_ == "nummod" for c in noun.children)


def _designation(noun: Token) -> bool:
    """'the first Portuguese KC-390', 'two F-16 jets': a machine named by its type, not a person or a ship."""
    return bool(DESIGNATION.fullmatch(noun.text)) or any(
        c.dep_ == "compound" and DESIGNATION.fullmatch(c.text) for c in noun.children)


def _names_arms(word: Token, weapons: set[str]) -> bool:
    """A weapon noun, a counted fleet of a model ('12 Rafales') or a type designation ('KC-390')."""
    return word.lemma_.lower() in weapons or _models(word) or _designation(word)


def _built_for_a_force(noun: Token, lex: Lexicon) -> bool:
    """'the first pair of attack craft for the Philippine Navy': made for another state's force, so delivered."""
    forces = _cue(lex, "force_nouns")
    return any(t.dep_ == "prep" and t.lower_ == "for" and any(g.dep_ == "pobj" and g.lemma_.lower() in forces
                                                             for g in t.children) for t in noun.subtree)


def _weapons_before(sent: Span, weapons: set[str], back: int = 2) -> bool:
    """'The first boat was handed over in June. The second one will be delivered in 2022': a bare amount
    delivered counts what the sentences just before it name."""
    doc = sent.doc
    for _ in range(back):
        if sent.start == 0:
            return False
        sent = doc[sent.start - 1].sent
        if any(_one_of(t, weapons) for t in sent):
            return True
    return False


def _part_of_a_name(noun: Token) -> bool:
    """'the Collective Security Treaty Organisation': a document word inside a body's name."""
    return noun.dep_ == "compound" and noun.head.lemma_.lower() in ("organisation", "organization", "alliance")


def _made_for(verb: Token, lex: Lexicon) -> bool:
    """'Navantia launches the fourth corvette for the Saudi navy', 'built and delivered three ships', 'PNS Babur
    was launched in Istanbul', 'under a deal of 2015, four boats are being built': a ship or a plane made for
    another's forces. 'Frigates that were launched in 1986', 'built by China' tell of its making alone, which
    moves nothing between states."""
    making = _cue(lex, "making_verbs")
    linked = [c for c in verb.children if c.dep_ == "conj"] + ([verb.head] if verb.dep_ == "conj" else [])
    named = [t for c in verb.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree]
    return any(t.lower_ == "for" and t.dep_ == "prep" for c in verb.children if c.dep_ != "nsubj" for t in c.subtree) \
        or any(c.dep_ == "dative" for c in verb.children) \
        or any(v.pos_ == "VERB" and v.lemma_.lower() not in making for v in linked) \
        or any(is_ship_prefix(lex, t.text) for t in named) \
        or any(c.dep_ == "prep" and c.lower_ == "under" and _subtree_has(c, _cue(lex, "document_nouns")) for c in verb.children)


def _deal_of_ties(noun: Token, lex: Lexicon) -> bool:
    """'Iran and Syria signed a deal for military cooperation', 'signed a defence deal that will enable joint
    exercises': a deal whose sentence names no arms, no maker and no sum is an agreement between the states."""
    if noun.lemma_.lower() != "deal":
        return False
    weapons = _cue(lex, "weapon_nouns")
    return not any(_names_arms(t, weapons) or t.ent_type_ == "MONEY" for t in noun.sent) and not maker_words(lex).search(noun.sent.text)


def _buys_arms(noun: Token, lex: Lexicon) -> bool:
    """'signed an agreement in June 2018 to import two frigates': the contract of an arms transfer, told as one."""
    owners = [noun, noun.head] if noun.dep_ == "dobj" else [noun]
    return any(c.dep_ in ("acl", "advcl", "relcl") and c.lemma_.lower() in _cue(lex, "purchase_verbs")
               and tg.infinitive(c) for o in owners for c in o.children)


LATER = {"after", "following", "since", "before"}
"""'arrived on a visit after the exercise': words that put a drill beside the journey, not as its aim."""


def _come_to_drill(verb: Token, lex: Lexicon) -> bool:
    """'Technical teams travelled to Germany for training', 'the flotilla arrived at Karachi to participate in the
    exercise', 'warships arrived in preparation for the drill', 'arrived at its drill destination': a journey made
    for training or an exercise is part of it, not a visit of its own. A minister who 'arrived in Oman to attend
    the conclusion of the drill' comes as a guest: that is a visit."""
    drills = _cue(lex, "drill_nouns")
    joining = _held(lex) | {"participate", "partake", "take", "join", "attend"}
    guest = any(c.dep_ == "nsubj" and _person_like(c, lex) for c in verb.children)
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ not in LATER and any(t.lower_ in drills for t in c.subtree):
            return True
        if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in joining and any(t.lower_ in drills for t in c.subtree) \
                and not (guest and c.lemma_.lower() == "attend"):
            return True
    return False


def _by_honour_guard(verb: Token, lex: Lexicon) -> bool:
    """'The visiting minister was received by a Tri-Services Guard of Honour', 'welcomed with a military ceremony':
    a ceremony of the visit, not talks."""
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents and all(_subtree_has(g, _cue(lex, "honour_guards")) for g in agents):
        return True
    # 'A welcomed B with a military ceremony': the welcome of a visit
    return any(c.dep_ == "prep" and c.lower_ == "with" and g.dep_ == "pobj" and g.lemma_.lower() in _cue(lex, "welcome_ceremonies")
               for c in verb.children for g in c.children)


PLACES = ("GPE", "LOC", "FAC")
"""Entity labels of a place: a state, a city, a region, a building."""


def _to_a_place(word: Token, kinds: tuple[str, ...] = PLACES) -> bool:
    """'to the Maldives', 'to Rome': a 'to' whose object is a place the tagger knows ('welcome back to Rome'
    included)."""
    heads = [word, *(c for c in word.children if c.lower_ == "back")]
    return any(c.dep_ in ("prep", "dative") and c.lower_ == "to"
               and any(g.dep_ == "pobj" and g.ent_type_ in kinds for g in c.children) for h in heads for c in h.children)


def _welcomed_to(verb: Token) -> bool:
    """'A welcomed Defence Secretary B to the Maldives', 'welcome to the Pentagon', 'to welcome Secretary B to the
    Ministry of Defence': a host greets a guest come to the host's country, or to one of its bodies."""
    return verb.lemma_.lower() == "welcome" and _to_a_place(verb, (*PLACES, "ORG"))


def _greeting(word: Token, lex: Lexicon) -> bool:
    """'Minister A, welcome to the Pentagon', 'Welcome back to Washington, Your Highness': a welcome said to the
    guest, who is named beside it rather than as its object; 'Again, welcome to the Pentagon' repeats one."""
    subjects = [c for c in word.children if c.dep_ == "nsubj"]
    vocative = all(s.right_edge.text == "," or s.right_edge.i + 1 < len(s.doc) and s.right_edge.nbor(1).text == ","
                   for s in subjects)
    to = {t.i for c in word.subtree if c.dep_ in ("prep", "dative") and c.lower_ == "to" for t in c.subtree}
    label = max((t.i for t in word.sent if t.text == ":" and t.i < word.i), default=word.sent.start - 1)  # 'SPEAKER A:'
    addressed = any(t.i not in to and t.i > label and t.pos_ in ("PROPN", "NOUN") and _guest(t, lex) for t in word.sent)
    return word.lower_ == "welcome" and vocative and addressed and not any(c.dep_ == "dobj" for c in word.children)


def _led_to(verb: Token) -> bool:
    """'The air chief led a delegation to Rome to meet ...': the trip of the delegation its head led; 'led the
    delegation to the talks' says where it went within a visit told elsewhere."""
    led = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in ("delegation", "team", "mission")]
    return bool(led) and (_to_a_place(verb) or _to_a_place(led[0]))  # the parse hangs 'to Rome' on either


def _on_arrival(verb: Token) -> bool:
    """'Upon his arrival at the headquarters, the admiral was received by General A': a welcome on arrival is
    part of the visit, not talks of their own."""
    return any(c.dep_ == "prep" and c.lower_ in ("on", "upon") and any(g.lemma_.lower() == "arrival" for g in c.children)
               for c in verb.children)


def _welcomed(verb: Token, lex: Lexicon) -> bool:
    """'The German warship was received at the port by the ambassador': what a person receives is a guest, a ship
    on a call among them; arms are received from a state or handed over to one."""
    return verb.lemma_.lower() == "receive" and any(_person_like(g, lex) for c in verb.children if c.dep_ == "agent"
                                                    for g in c.children if g.dep_ == "pobj")


def _reported_past(verb: Token) -> bool:
    """'"We signed three agreements today," the minister said', '"Minister A welcomed B with a military
    ceremony," the ministry posted': a quoted past, a fact its speaker reports; a quoted future or wish is not."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("have", "has", "was", "were")
                                      for c in verb.children)


def _call_on(verb: Token) -> bool:
    return verb.lemma_.lower() == "call" and any(c.lower_ in ("on", "upon") for c in verb.children if c.dep_ in ("prep", "prt"))


def _appeal(tok: Token, lex: Lexicon) -> bool:
    """'called on Russia to halt the strikes': an appeal, not a call paid. 'Called on the minister to discuss
    ties' is a call with its purpose, told by a verb of talks (cue `talk_purposes`)."""
    if not _call_on(tok):
        return False
    asked = [c for c in tok.children if c.dep_ in ("advcl", "xcomp") and c.pos_ in ("VERB", "AUX") and tg.infinitive(c)]
    return bool(asked) and not any(v.lemma_.lower() in _cue(lex, "talk_purposes") for v in asked)


def _asked_for(tok: Token, lex: Lexicon) -> bool:
    """'urged India to resume talks', 'called on Russia to hold the drill': what one side asks of another has not
    happened and is no one's plan (cue `request_verbs`)."""
    asker = tg.path_has_xcomp_to(tok, _cue(lex, "request_verbs"))
    return asker is not None and (asker.lemma_.lower() != "call" or _call_on(asker))


def _in_title(tok: Token, lex: Lexicon) -> bool:
    """'Ibrahim M, Chief of Operations and Training': a capitalised word in the name of an office, read back over
    the capitalised run that holds it, is no event."""
    if not tok.text[:1].isupper():
        return False
    k = tok.i - 1
    while k >= tok.sent.start and (tok.doc[k].text[:1].isupper() or tok.doc[k].lower_ in ("and", "of", "&")):
        if tok.doc[k].lemma_.lower() in lex.office_heads and tok.doc[k + 1].lower_ == "of":
            return True
        k -= 1
    return False


def _course_of(tok: Token) -> bool:
    """'arrested in the course of an investigation': the phrase for 'during', not a course of training."""
    return tok.lemma_.lower() == "course" and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during") \
        and any(c.lower_ == "of" for c in tok.children) and any(c.lower_ == "the" for c in tok.children)


def signed_it(verb: Token) -> bool:
    """'It was signed by A and B': a document signed, told by a pronoun for the one named before. 'It would be
    signed by the ministers' tells of a signing ahead, reported when it comes."""
    return verb.pos_ == "VERB" and any(c.dep_ in ("nsubjpass", "dobj") and c.lower_ in ("it", "this") for c in verb.children) \
        and not any(c.dep_ == "aux" for c in verb.children)


def _document_before(verb: Token, documents: set[str]) -> bool:
    """The sentence before the verb's, or its own words before it, name a document."""
    start = verb.sent.doc[verb.sent.start - 1].sent.start if verb.sent.start > 0 else verb.sent.start
    return any(t.lemma_.lower() in documents and t.pos_ == "NOUN" for t in verb.doc[start:verb.i])


def _meets_an_audience(verb: Token, lex: Lexicon) -> bool:
    """'The two prime ministers met personnel based at the air station', 'met with a number of the graduates':
    whom they met are troops, crews or students, not the other side's officials."""
    objects = [c for c in verb.children if c.dep_ == "dobj"] + [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
    objects += [d for o in objects for d in o.conjuncts]
    heads = [next((g for p in o.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"), o)
             if o.lemma_.lower() in _cue(lex, "partitives") else o for o in objects]  # 'a number of the graduates'
    return bool(heads) and all(h.lower_ in _cue(lex, "audiences") for h in heads)


def _signed_after(tok: Token, lex: Lexicon) -> bool:
    """'the Memorandum of Understanding concluded between the two countries': a document its participle says was
    signed, hung from its name or from the name's 'of' phrase."""
    name = [tok, *(g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")]
    return any(_noun_participle(c) and c.lemma_.lower() in _cue(lex, "sign_verbs") for n in name for c in n.children)


def _noun_participle(verb: Token) -> bool:
    """'the deal signed in 2015', 'the memorandum concluded between them' (which the tagger may take for a past
    tense): a past participle that tells of the noun before it."""
    return verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD")


def licensed(kind: str, tok: Token, sent: Span, lex: Lexicon, acronyms: dict[str, str]) -> bool:
    """Whether a trigger word names a real occurrence of its kind, judged from the parse around it."""
    if tg.in_quotes(tok, sent) and not _reported_past(tok.head if tok.dep_ in ("dobj", "nsubjpass") else tok) \
            or tg.negated(tok):
        return False
    if _in_title(tok, lex) or _course_of(tok):
        return False
    gerund = tok.tag_ == "VBG" and tok.dep_ in ("pcomp", "pobj", "conj", "dobj")  # 'in the field of training officers'
    if (tok.pos_ in ("NOUN", "PROPN") or gerund) and (_topic(tok, lex) or _more_of(tok, lex)) and not _told_ahead(tok, lex) \
            and not (kind == "agreement" and _has_date(tok)):  # 'referring to the 2016 agreement': it was made
        return False
    if tok.pos_ in ("NOUN", "PROPN", "VERB") and _purpose(tok, lex, kind):
        return False
    if _generic(tok, lex) or kind == "exercise" and _defined(tok) or _awaited(tok) or _appeal(tok, lex) or _asked_for(tok, lex) \
            or kind in ("training", "exercise") and _offered(tok, lex):
        return False
    possible = tok.pos_ == "VERB" and _bare_infinitive(tok, lex) and not (
        kind in ("meeting", "visit") and (_said_with_delight(tok, lex) or _ranked_doer(tok)))  # 'I am delighted to welcome A'
    if possible or tok.pos_ == "VERB" and _habitual(tok, lex) or _practised_since(tg.verb_of(tok)):
        return False
    if kind == "meeting":
        if tok.lemma_.lower() == "take":
            subject = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if any(c.lemma_.lower() in NEGOTIATIONS and any(g.lower_ == "between" for g in c.children)
                   for c in subject):
                return True  # 'Negotiations between the defence ministers of X and Y took place in Moscow'
            return any(any(t.ent_type_ == "ORDINAL" for t in c.subtree) for c in subject) and not any(
                _subtree_has(c, _cue(lex, "exercise_nouns")) for c in subject)
        if tok.lemma_.lower() == "round":
            ordinal = any(c.ent_type_ == "ORDINAL" or c.lower_ in ("next", "latest", "new") for c in tok.children)
            return any(c.lower_ == "of" for c in tok.children) or (
                ordinal and tok.head.lemma_.lower() in _held(lex))
        if tok.lemma_.lower() in HOSTING:
            if _on_arrival(tok) or _by_honour_guard(tok, lex):
                return False
            return _hosts_a_guest(tok, lex)
        if tok.lemma_.lower() == "discuss":
            # 'the two ministers discussed', 'X and Y discussed': talks told by what was said in them
            with_someone = not tg.infinitive(tok) and any(
                c.dep_ == "prep" and c.lower_ == "with" and any(_person_like(g, lex) for g in c.children)
                for c in tok.children)  # 'A discussed with B, Chief of X, ...', not a visit's purpose 'to discuss with'
            by_both = any(c.dep_ == "agent" and any(g.dep_ == "pobj" and _person_like(g, lex) and any(
                d.dep_ == "conj" and _person_like(d, lex) for d in g.subtree) for g in c.children) for c in tok.children)  # 'was discussed by A and B'
            return with_someone or by_both or any(c.dep_ == "nsubj" and (any(g.dep_ == "conj" for g in c.children)
                                              or c.tag_ in ("NNS", "NNPS") and _person_like(c, lex)
                                              or c.lemma_.lower() in _cue(lex, "joint_subjects") and c.tag_ == "NNS")
                       for c in tok.children)
        if tok.pos_ in ("NOUN", "PROPN") and _of_a_body_of_many(tok, lex):
            return False
        if tok.lemma_.lower() in ("speak", "talk"):
            if any(g.lower_ in _cue(lex, "audiences") for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "with")
                   for g in c.children if g.dep_ == "pobj"):
                return False  # 'speaking to reporters after signing': a press statement, not talks ('talks on training troops' are)
            if tok.pos_ == "VERB" and not _joint_subject(tok, lex) and not any(
                    c.dep_ == "prep" and c.lower_ in ("with", "to") or c.dep_ == "nsubj" and any(g.dep_ == "conj" for g in c.subtree)
                    for c in tok.children):
                return False  # 'A talked about the centenary': what one side said, not talks with the other
        if tok.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in _cue(lex, "weapon_nouns")
                                      for c in tok.children):
            return False  # 'the aircraft was met and escorted by a MiG-29': arms meet no one
        if tok.pos_ == "VERB" and _meets_an_audience(tok, lex):
            return False
        if tok.lemma_.lower() in ("confer", "interact"):  # 'conferred here on Monday with the ambassador'
            return any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)
        if tok.lemma_.lower() in ("chair", "co-chair", "cochair"):  # 'co-chaired the 35th Joint Military Commission'
            return any(c.dep_ in ("dobj", "npadvmod") and c.lemma_.lower() in _cue(lex, "body_nouns") for c in tok.children)
        if tok.lemma_.lower() in ("session", "sitting"):  # 'the next session of the Joint Commission', not 'a training session'
            bodies = _cue(lex, "body_nouns")
            verb = tok.head.head if tok.head.dep_ == "xcomp" and tg.infinitive(tok.head) else tok.head
            holder = [c for c in verb.children if c.dep_ == "nsubj"] if tok.dep_ == "dobj" else []  # 'plans to hold its next session'
            working = any(c.lower_ == "working" for c in tok.lefts) and tok.head.lemma_.lower() in ("have", "hold")
            short = {t.lower_ for t in tok.subtree if t.text in acronyms and bodies & set(acronyms[t.text].lower().split())}
            return working or _subtree_has(tok, bodies | short) or any(t.lemma_.lower() in bodies for t in tok.lefts) or any(
                c.lemma_.lower() in bodies for c in holder)  # 'the working group held its 7th session', 'session of the JPCDS'
        if tok.lemma_.lower() in ("discussion", "consultations", "audience"):
            gathered = tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in GATHER_VERBS  # 'joined together in Dili for a discussion'
            return tok.head.lemma_.lower() in ("hold", "have", "conduct") or gathered \
                or any(c.lower_ in ("with", "between") for c in tok.children)
        return tok.dep_ != "amod"
    journey = kind == "visit" or kind == "arms_transfer" and tok.lemma_.lower() in _cue(lex, "motion_verbs")
    if journey and tok.pos_ == "VERB" and _come_to_drill(tok, lex):
        return False  # 'jets and crews arrived at the air base to take part in the exercise'
    if kind == "visit":
        if tok.lemma_.lower() in HOSTING:  # 'A welcomed B with a military ceremony': the welcome of B's visit
            return (_by_honour_guard(tok, lex) or _welcomed_to(tok)) and (_hosts_a_guest(tok, lex) or _greeting(tok, lex))
        if tok.lemma_.lower() == "lead":
            return _led_to(tok)
        if tok.lemma_.lower() in ("arrive", "dock", "berth", "leave", "depart", "reach"):
            # a person, a delegation, or a warship on a port call; aircraft and tanks that arrive are delivered
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            if tok.dep_ == "relcl" and any(c.lower_ in ("who", "which", "that") for c in subjects):
                subjects = [tok.head]  # 'Taiana, who arrived in New Delhi on July 17'
            if any((_subtree_has(c, _cue(lex, "weapon_nouns")) or _models(c) or _designation(c))
                   and not _subtree_has(c, _cue(lex, "vessel_nouns")) for c in subjects):
                return False  # 'the first two Super Tucanos arrived', 'the first Portuguese KC-390 arrived'
            if any(_built_for_a_force(c, lex) for c in subjects):
                return False  # 'the first pair of fast attack craft for the Philippine Navy has arrived'
            # 'the new corvette donated by Korea has arrived at its homeport', 'the first of the two Indonesian-made
            # ships arrived': a ship delivered to its navy comes home, it does not call
            if any(t.lower_ in _cue(lex, "delivered_marks") and t.pos_ != "PROPN" for c in subjects for t in c.subtree) \
                    or re.search(r"\bhome ?port\b", tok.doc[tok.i:tok.right_edge.i + 1].text, re.I):
                return False
            return any(_person_like(c, lex) or _subtree_has(c, _cue(lex, "vessel_nouns")) for c in subjects)
        progressive = any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children)  # 'when A was visiting Ankara'
        return tok.dep_ not in ("amod", "acomp") and (tok.tag_ != "VBG" or progressive) or tok.dep_ == "ROOT" \
            or _opening_participle(tok) or tok.dep_ == "amod" and _person_like(tok.head, lex)  # 'met the visiting general'
    if kind == "agreement":
        if _near(tok, {"reach"}, 2) is not None or _part_of_a_name(tok) or _buys_arms(tok, lex) or _basis(tok, lex) \
                or _in_force(tok, lex):
            return False
        if tok.pos_ == "VERB" or tok.lower_ == "signing":
            if tok.dep_ == "acl" and tok.head.lower_ == "one" and any(
                    t.lemma_.lower() in _cue(lex, "document_nouns") for t in tok.sent if t.i < tok.head.i):
                return True  # 'this agreement complements the one signed in 2001'
            # 'signed a cooperation plan', 'the document was inked by', 'the signing of the cooperation plan'
            # 'the military deal signed in 2015 between A and B': a participle's noun is what it signed
            objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")] + [
                g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"] + (
                [tok.head] if _noun_participle(tok) else [])
            named_elsewhere = _cue(lex, "document_nouns_not_agreements") | lex.trigger_words.get("agreement", frozenset())
            # 'signed bilateral military cooperation with Egypt' names no document but is one (cue signed_ties)
            signed = _cue(lex, "document_nouns") | _cue(lex, "signed_ties")
            documents = [o for o in objects if o.lemma_.lower() in signed]
            pacts = (signed | lex.trigger_words.get("agreement", frozenset())) - _cue(lex, "document_nouns_not_agreements")
            if not documents and signed_it(tok) and _document_before(tok, pacts):
                return True  # 'It was signed in Accra by A and B', after the pact was told
            return bool(documents) and not any((o.lemma_.lower() in named_elsewhere or o.lower_ in named_elsewhere)
                                               and not _deal_of_ties(o, lex) for o in documents)
        return _near(tok, _cue(lex, "sign_verbs"), 3) is not None or _has_date(tok) or _named(tok) or _signed_after(tok, lex)
    if kind == "exercise":
        # 'the planned exercise was postponed for two days': a drill put off is still ahead
        happened = _near(tok, _cue(lex, "occurrence_verbs") | DEFERRALS, 4) is not None or _has_date(tok) or _named(tok) \
            or _under_way(tok, lex) or _gets_under_way(tok) or _scheduled_for(tok, lex) or _had_on_a_day(tok)
        return happened and _joint_exercise(tok, lex)
    if kind == "occasion":  # 'the twelfth edition of Ekuverin will be held', 'the previous edition was held in Jeddah'
        held = tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in _held(lex)
        # 'Phase two of Steppe Eagle is set to begin': the 'of' hangs from the number
        of = any(c.lower_ == "of" for n in [tok, *(c for c in tok.children if c.dep_ == "nummod")] for c in n.children)
        return of and tok.head.pos_ in ("VERB", "AUX") or held
    if kind == "institution":
        if tok.lemma_.lower() == "set" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children):
            return False
        return _body_object(tok, lex, acronyms)
    if kind == "intent":
        clause = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        if any(c.lemma_.lower() in _cue(lex, "hold_verbs") | INSTITUTION_VERBS for c in clause):
            return False
        objects = [t for c in tok.children if c.dep_ in ("xcomp", "dobj", "ccomp") or c.dep_ == "prep" and c.lower_ in ("to", "on", "regarding", "towards", "for")
                   for t in c.subtree]
        # Both sides: one side's pledge is not annotated as an intent in the sample (the design notes allow it)
        return _joint_subject(tok, lex) and any(t.lemma_.lower() in _cue(lex, "intent_objects") for t in objects)
    if kind == "statement":
        return _subject_span(tok) is not None and _judges(tok, lex)
    if kind == "arms_transfer":
        weapons = _cue(lex, "weapon_nouns")
        if tok.lemma_.lower() == "arrive":  # 'two of the aircraft will arrive in October'; a warship that arrives calls at port
            owner = tok.head if tok.dep_ == "xcomp" else tok  # 'the first howitzers are to arrive in 2020'
            subject = [t for c in owner.children if c.dep_ == "nsubj" for t in c.subtree]
            # 'The first batch arrived in December 2021': a bare amount counts what the sentences before it name
            counted = any(c.dep_ == "nsubj" and c.lemma_.lower() in _cue(lex, "amount_words") and not any(
                g.dep_ == "prep" for g in c.children) for c in owner.children) and _weapons_before(tok.sent, weapons)
            built = any(c.dep_ == "nsubj" and _built_for_a_force(c, lex) for c in owner.children)
            return (counted or built or any(_names_arms(t, weapons) for t in subject)) and not any(
                t.lemma_.lower() in _cue(lex, "vessel_nouns") for t in subject)
        if _welcomed(tok, lex) or tok.pos_ == "VERB" and tok.dep_ not in ("amod", "compound") \
                and tok.lemma_.lower() in _cue(lex, "making_verbs") and not _made_for(tok, lex):
            return False
        # 'the jets which were delivered', '450 missiles and 60 mortars delivered to Lebanon last week'
        told_of = tok.dep_ == "relcl" or tok.dep_ == "acl" and tok.tag_ == "VBN"
        antecedent = tok.head if told_of and tok.lemma_.lower() not in _cue(lex, "making_verbs") else None
        governing = tok.head if tok.dep_ == "dobj" and tok.pos_ == "NOUN" else None
        if tok.dep_ in ("compound", "amod") and tok.head.lemma_.lower() in ("ceremony", "event", "function"):
            governing = tok.head  # 'the launching ceremony of the fourth corvette'
        if tok.dep_ == "nsubj" and tok.pos_ == "NOUN" and tok.head.pos_ == "VERB" and any(
                c.dep_ == "dobj" and _subtree_has(c, weapons) for c in tok.head.children):
            governing = tok.head  # 'the contract covered the acquisition of three patrol vessels
        subject = [c for c in tok.sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        carried = _carries_weapons(tok, weapons, _cue(lex, "amount_words"), _cue(lex, "handover_tokens")) \
            if tok.pos_ == "VERB" else _subtree_has(tok, weapons)
        return carried or (antecedent is not None and any(t.lemma_.lower() in weapons for t in (antecedent, *antecedent.conjuncts))) \
            or (governing is not None and _subtree_has(governing, weapons)) \
            or any(c.lemma_.lower() in weapons for c in subject)  # 'The jet ... is the first of 18 ordered under a contract'
    if kind == "training":
        if tok.pos_ in ("VERB", "AUX"):  # 'trained 40 pilots'; 'to exchange information' trains no one
            return tok.lemma_.lower() in _cue(lex, "training_verbs") and any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in tok.children)
        if tok.ent_type_ in ("ORG", "FAC"):
            return False  # 'the Five Hills Training Facility', 'Directorate of Military Training'
        if tok.dep_ in ("compound", "amod", "nmod"):
            if tok.head.lemma_.lower() not in ("programme", "program", "course", "ceremony"):
                return False  # 'training aircraft'; but 'closed a training programme', 'the graduation ceremony of 40 officers'
            tok = tok.head
        journey = tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in _cue(lex, "motion_verbs")
        # 'led training courses for 300 soldiers', 'were sent to receive training': training given or taken
        given = tok.dep_ == "dobj" and tok.head.lemma_.lower() in _cue(lex, "training_given_verbs")
        return (_near(tok, _cue(lex, "occurrence_verbs"), 3) is not None or _has_date(tok) or _named(tok) or journey
                or given) and \
            (_subtree_has(tok, _cue(lex, "training_nouns")) or tok.lemma_.lower() == "training")
    return True


AHEAD = {"next", "upcoming", "forthcoming", "proposed", "planned", "scheduled", "slated"}
"""'the summit meeting scheduled for late June': a word by the event that puts it ahead."""


def _looked_forward(tok: Token) -> bool:
    """'looked forward to meeting at the ministerial', 'look forward to his visit'."""
    to = tok.head if tok.dep_ in ("pcomp", "pobj") else None
    return to is not None and to.lower_ == "to" and (
        to.head.lower_ == "forward" or any(c.lower_ == "forward" for c in to.head.children))


def _told_ahead(tok: Token, lex: Lexicon) -> bool:
    """'preparations for exercise African Lion, which Morocco will co-host in April', 'discussed the committee
    meeting scheduled for May': a topic of talks that a clause announces as an event of its own."""
    # 'the exercise, which will end on 16 February' is under way: its end lies ahead, not the exercise.
    # 'a letter of intent that will enable Finland to ...' was signed: only a clause that holds the event puts it ahead.
    holding = (_held(lex) | {"be"}) - _cue(lex, "continuations")
    return any(c.dep_ == "relcl" and any(a.dep_ == "aux" and a.lower_ in _cue(lex, "future_aux") for a in c.children)
               and c.lemma_.lower() in holding
               or c.dep_ == "acl" and c.lower_ in AHEAD for c in tok.children)


SUBJECT_MATTER_OF = {"talk", "talks", "discussion", "consultation", "dialogue", "negotiation", "briefing"}


GENERIC_PREPS = {"of", "through", "as", "like", "including", "via", "with", "to"}
SPECIFIC = {"det", "poss", "nummod"}


def _generic(tok: Token, lex: Lexicon) -> bool:
    """'an exchange of visits', 'cooperation in the form of visits, meetings and exercises': a kind of activity
    named in general, in a bare plural (or a bare mass noun the bare gerund of holding takes: 'debated holding
    joint training'), not one that took place. 'held joint exercises', 'during talks', 'the exercises', 'two
    visits' and a dated plural are occurrences."""
    if tok.tag_ not in ("NNS", "NN") or _has_date(tok) or any(c.dep_ in SPECIFIC for c in tok.children):
        return False
    first = tok
    while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
        first = first.head
    if first is not tok and any(c.dep_ in SPECIFIC for c in first.children):
        return False
    holding = [a for a in tg.ancestors(first, 4) if a.lemma_.lower() in _held(lex)]
    if holding:
        return _activity(holding[0], lex)
    if tok.tag_ != "NNS":
        return False
    if first.head.lower_ == "to" and first.head.head.lemma_.lower() in _cue(lex, "motion_verbs") | {"lead"}:
        return False  # 'led a delegation to bilateral talks', 'went to talks': where someone went
    return first.dep_ == "pobj" and first.head.lower_ in GENERIC_PREPS


ASPECT_VERBS = {"begin", "start", "resume", "keep", "stop", "finish", "complete"}
"""'began conducting joint exercises on Monday': verbs whose gerund object is the occurrence they time."""


def _activity(verb: Token, lex: Lexicon) -> bool:
    """'cooperation in ..., conducting joint exercises and trainings', 'debated holding joint drills', 'agreed to
    enhance ties by organising joint exercises': a bare gerund of holding, with no subject, tense or date of its
    own, names a kind of activity; 'held joint exercises' and 'began conducting joint drills' tell occurrences."""
    if verb.tag_ != "VBG" or _has_date(verb) or any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children):
        return False
    head = verb.head.head if verb.head.dep_ == "prep" else verb.head
    timed = head.lemma_.lower() in ASPECT_VERBS | _cue(lex, "continuations") | _cue(lex, "ending_verbs") \
        | _cue(lex, "plan_heads")  # 'agreed on holding joint drills' plans them
    return verb.dep_ in ("advcl", "pcomp", "conj", "xcomp", "dobj", "pobj", "csubj") and not (timed or _has_date(head))


def _defined(tok: Token) -> bool:
    """'Cobra Gold is the largest joint exercise in Asia': what a named series is, said in the present, not one
    of its editions taking place ('This is the first exercise between ...' has no name for a subject)."""
    head = tok.head
    return tok.dep_ == "attr" and head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP") and any(
        c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in head.children)


GROWTH_VERBS = {"maintain", "sustain", "keep"}
"""With the intent objects ('strengthen', 'expand', 'increase'): verbs that say a relation should have more of
something, or keep it."""


def _more_of(tok: Token, lex: Lexicon) -> bool:
    """'agreed to maintain a constant dialogue', 'to increase visits of delegations': what the relation should
    have more of, not an occurrence. 'continue the talks' goes on with talks under way and stays an event."""
    noun = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else tok
    verb = noun.head
    return noun.dep_ == "dobj" and verb.pos_ == "VERB" and (
        verb.lemma_.lower() in GROWTH_VERBS or verb.lemma_.lower() in _cue(lex, "intent_objects"))


SETTING_PREPS = {"at", "during", "throughout", "on"}
"""'During the meeting', 'throughout the talks': the words that set a sentence in an event; one list, so that
what `_topic` lets through and what `scene` reads back agree."""


def _topic(tok: Token, lex: Lexicon) -> bool:
    """'discussed the exercise': the subject of talks, not an occurrence; but 'discussed at the second round
    of the committee' names where the talks were held."""
    heads = _cue(lex, "topic_heads")
    first = tg.first_conjunct(tok)  # 'talks on counter-terrorism and training'
    if first.dep_ == "pobj" and first.head.lower_ in ("on", "about", "regarding", "concerning"):
        owner = first.head.head
        matter = _cue(lex, "document_nouns") | SUBJECT_MATTER_OF
        # 'signed a memorandum on ...', 'held talks with A on ...': the phrase hangs on the verb
        held = owner.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lemma_.lower() in matter for c in owner.children)
        if held and owner.lemma_.lower() in _cue(lex, "sign_verbs") | _cue(lex, "hold_verbs") \
                or owner.lemma_.lower() in matter:
            return True  # 'a memorandum on naval training', 'talks on joint exercises': what it is about
    if _field_of_ties(tok, lex):
        return True
    below = tok
    for anc in tg.ancestors(tok, 8):
        if anc.lemma_.lower() in heads or anc.lower_ in heads:
            if any(c.dep_ == "nsubj" and c.lemma_.lower() in _cue(lex, "itineraries") for c in anc.children):
                return False  # 'his visit included a meeting with A': what a trip included took place
            return below.dep_ not in ("nsubj", "nsubjpass")  # 'the committee meeting focused on ...' did the focusing
        if anc.dep_ == "prep" and anc.lower_ in SETTING_PREPS | {"in"}:  # 'in talks with A' too
            return False
        below = anc
    return False


def _in_force(tok: Token, lex: Lexicon) -> bool:
    """'reviewed the progress made on the X Agreement', 'upgrade their existing Y', 'the centenary of the Z
    Treaty': a document already in force that the sentence takes up, not one made in it."""
    if _has_date(tok):
        return False  # 'the implementation of the MoU signed in October 2019': made, on that date
    if any(c.lower_ == "existing" for c in tok.children):
        return _near(tok, _cue(lex, "sign_verbs"), 3) is None
    standing = _cue(lex, "standing_heads")
    for anc in tg.ancestors(tok, 4):
        if anc.lemma_.lower() in standing:
            return True
        if anc.pos_ == "VERB" and anc.dep_ != "acl":
            return False
    return False


def _field_of_ties(tok: Token, lex: Lexicon) -> bool:
    """'cooperation in military training has been undertaken', 'to cooperate in English training': a field two
    states work together in, not an occurrence; 'their cooperation in the exercise' names one held."""
    owner = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "in" else None
    ties = _cue(lex, "relation_nouns") | _cue(lex, "relation_verbs")
    return owner is not None and owner.lemma_.lower() in ties and tok.pos_ == "NOUN" \
        and not any(c.dep_ in ("det", "poss") for c in tok.children)


def status_of(kind: str, tok: Token, lex: Lexicon) -> str | None:
    """occurred, planned, or None for cancelled, denied and hedged ones, and for a mention of an event told
    before that only says what it will bring or when it will end."""
    status = _status(kind, tok, lex)
    return None if status == "planned" and _ends_ahead(kind, tok, lex) else status


def _ends_ahead(kind: str, tok: Token, lex: Lexicon) -> bool:
    """'He is set to conclude the trip today', 'the two-week exercise will end on 16 June': a visit or a drill
    whose end lies ahead is under way, and told as such elsewhere; its end is no planned event."""
    if kind not in LASTING or tok.dep_ not in ("dobj", "nsubj", "nsubjpass"):
        return False
    verbs = [tok.head, *(_to_be_done(tok.head) if tok.head.lemma_ in BEFORE_DOING else ())]  # 'is to be completed', 'is set to end'
    return any(v.lemma_.lower() in _cue(lex, "ending_verbs") for v in verbs)


def _doubted(tok: Token, lex: Lexicon) -> bool:
    """'It was premature to conclude the two sides would sign a pact', 'it is unclear whether he will visit': an
    event under a word of doubt is no more than talked of (cue `doubts`)."""
    doubts = _cue(lex, "doubts")
    return any(a.lemma_.lower() in doubts or any(c.dep_ == "acomp" and c.lemma_.lower() in doubts for c in a.children)
               for a in tg.ancestors(tok, 5))


def _status(kind: str, tok: Token, lex: Lexicon) -> str | None:
    denial = _near(tok, _cue(lex, "denials") - DEFERRALS, 5, in_clause=True)
    if denial is not None and not (denial.lemma_.lower() == "call" and not any(c.lower_ == "off" for c in denial.children)):
        return None
    if _called_off_after(tok, lex):
        return None
    if _cause_of_effect(tok, lex):
        # a visit or talks told before joins that report; told only here, this is its report. A sale or a pact
        # that 'will help' may not be made yet.
        return "occurred" if kind in ("visit", "meeting") else None
    verb = tg.verb_of(tok)
    speech = _cue(lex, "speech_verbs")
    # 'agreed that X would', 'according to him, X would', 'X, the ministry said, would' (however far the verb)
    told = tok.i == verb.i or tok.dep_ == "dobj"  # not 'during the visit' set in the clause
    reported = _near(tok, speech | {"agree", "decide"}, 5) is not None \
        or any(c.lower_ == "according" for c in verb.children) or told and (
            any(c.dep_ == "parataxis" and c.lemma_.lower() in speech for c in verb.children)
            or verb.dep_ == "ccomp" and verb.head.lemma_.lower() in speech)
    hedges = _cue(lex, "hedges") - ({"would"} if reported else set())
    if tg.has_aux(tok, hedges) or _near(tok, hedges, 3) is not None or _doubted(tok, lex):
        return None
    if tg.path_has_xcomp_to(tok, _cue(lex, "wishes")) is not None:
        return None  # 'was hoping to conclude an agreement with Germany': a wish, told as an intent
    if kind in ("exercise", "training") and _under_way(tok, lex):
        return "occurred"
    if kind == "visit" and tok.tag_ == "VBG" and _runs_until(tok):
        return "occurred"  # 'the training ship will be visiting Puerto Cortés until next Wednesday': a stay begun
    if reported and tg.has_aux(tok, {"would"}):
        return "planned"
    if tg.has_aux(tok, _cue(lex, "future_aux")) or _near(tok, DEFERRALS, 4) is not None or _told_ahead(tok, lex) \
            or _arranged(tok, speech):
        return "planned"
    if any(c.lower_ in AHEAD for c in tok.children) or _looked_forward(tok) or _prepared(tok) or _worked_towards(tok):
        return "planned"
    # 'agreed to establish a dialogue', 'Poland agreed to purchase 180 tanks': the decision is the event (a body set
    # up, a deal struck), not a plan
    decided = kind in ("institution", "arms_transfer")
    heads = _cue(lex, "plan_heads") - ({"agree", "decide"} if decided else set())
    holding = _held(lex) | _cue(lex, "sign_verbs") | _cue(lex, "motion_verbs") \
        | {"make", "have"}  # 'scheduled to make a visit', 'plan to have talks'
    if kind != "intent" and tg.path_has_xcomp_to(tok, heads, holding=holding) is not None:
        return "planned"
    if not decided and (_agreed_to_hold(tok, lex) or _agreed_on_holding(tok, heads, lex)):
        return "planned"
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in heads \
            and any(c.dep_ == "xcomp" for c in tok.head.children):
        return "planned"
    return "planned" if _scheduled_for(tok, lex) else "occurred"


def _scheduled_for(tok: Token, lex: Lexicon) -> bool:
    """'The joint exercise is scheduled for the second half of 2017', 'the signing of the pact is set for June',
    'Exercise X is the next major exercise and is slated for May': an event that is the subject of a verb of
    scheduling with a time of its own lies ahead (cue `scheduling_verbs`)."""
    subject = tok
    for _ in range(4):  # 'the signing of the pact', 'Exercise Coral Shield': the phrase that heads the subject
        if subject.dep_ == "compound":
            subject = subject.head
        elif subject.dep_ == "pobj" and subject.head.lower_ == "of":
            subject = subject.head.head
    if subject.dep_ not in ("nsubj", "nsubjpass", "attr"):
        return False
    verb = subject.head
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj" and not any(g.dep_.startswith("nsubj") for g in c.children)]
    scheduling = _cue(lex, "scheduling_verbs")
    return any((v.lemma_.lower() in scheduling or v.lower_ in scheduling)
               and any(c.dep_ == "auxpass" for c in v.children)
               and not any(c.dep_ == "xcomp" for c in v.children)
               and any(c.ent_type_ == "DATE" or c.dep_ == "prep" and (c.lower_ == "for" or any(g.ent_type_ == "DATE" for g in c.children))
                       for c in v.children) for v in verbs)


def _had_on_a_day(tok: Token) -> bool:
    """'China and Malaysia had a joint exercise in September last year': a drill that a dated 'have' takes
    took place then."""
    return tok.dep_ == "dobj" and tok.head.lemma_ == "have" and _has_date(tok.head)


def _agreed_to_hold(tok: Token, lex: Lexicon) -> bool:
    """'an agreement to hold a tri-border exercise in 2022', 'the decision to conduct joint patrols': the event is
    what a decision holds ahead."""
    verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
    return verb is not None and verb.dep_ == "acl" and tg.infinitive(verb) \
        and verb.head.lemma_.lower() in _cue(lex, "plan_nouns")


def _agreed_on_holding(tok: Token, heads: set[str], lex: Lexicon) -> bool:
    """'The two sides agreed on holding joint drills', 'decided on conducting a joint patrol': the gerund of a
    decision names what it holds ahead."""
    verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
    return verb is not None and verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.lemma_.lower() in _held(lex) \
        and verb.head.lower_ in ("on", "upon") and verb.head.head.lemma_.lower() in heads


def _worked_towards(tok: Token) -> bool:
    """'The two sides are now working towards holding the war game in 2011': what they work towards lies ahead."""
    verb = tg.verb_of(tok)
    return verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.lower_ in ("towards", "toward")


def _arranged(tok: Token, speech: set[str]) -> bool:
    """'The agreement is to be signed on Friday', 'Putin is to visit Delhi': the 'is to' of news, a thing arranged.
    A past 'was to' is one only where someone is reported to have said so ('the source said the aid was to be
    delivered by September'); told by the writer, 'he was to become president' is history."""
    be = tok.head if tok.dep_ in ("nsubj", "xcomp") else None
    if be is None or be.lemma_ != "be" or any(c.dep_ == "attr" for c in be.children):
        return False  # 'is the first minister to visit Fiji' says who he is
    reported = be.dep_ == "ccomp" and be.head.lemma_.lower() in speech
    if be.tag_ not in ("VBZ", "VBP") and not (be.tag_ == "VBD" and reported):
        return False
    done = _to_be_done(be)
    if tok.dep_ == "xcomp":
        return tok in done
    return any(any(a.dep_ == "auxpass" for a in v.children) for v in done)  # not 'the memorandum is to revisit'


def _under_way(tok: Token, lex: Lexicon) -> bool:
    """'will watch the exercise taking place at Termez', 'will lead the exercise being conducted with 30 nations':
    a drill going on as the story is told has begun, whatever its watchers or leaders will do. One 'beginning on
    20 March' is still ahead."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if _runs_until(tg.verb_of(tok)):
        return True
    # 'will watch the exercise, taking place at Termez': the parse hangs the participle after the comma on the verb
    after = [c for c in tok.head.children if c.dep_ == "advcl" and tok.right_edge.i < c.i <= tok.right_edge.i + 2] \
        if tok.dep_ == "dobj" else []
    return any(c.dep_ in ("acl", "advcl") and c.lemma_.lower() in _held(lex)
               and (any(a.lower_ == "being" for a in c.children) or c.tag_ == "VBG" and not _has_date(c))
               for c in [*tok.children, *after])


def _opening_participle(tok: Token) -> bool:
    """'Visiting Chile and Brazil, Lord Coaker held talks', 'While visiting Hanoi, he met': a participle that opens
    the sentence and its phrase, closed by a comma, tells what the subject after it was doing."""
    sent = tok.sent
    opens = tok.i == sent.start or tok.i == sent.start + 1 and sent[0].lower_ == "while"
    phrase = list(itertools.takewhile(lambda t: t.text != ",", tok.doc[tok.i + 1:min(tok.i + 10, sent.end)]))
    return tok.tag_ == "VBG" and opens and tok.i + 1 + len(phrase) < sent.end - 1 \
        and not any(t.pos_ in ("VERB", "AUX") for t in phrase)


def _gets_under_way(tok: Token) -> bool:
    """'A special operations exercise gets under way today', 'the drill got underway on Monday'."""
    return tok.dep_ == "nsubj" and any(c.lower_ == "underway" or c.lower_ == "under" and any(
        g.lower_ == "way" for g in c.children) for c in tok.head.children)


UNTIL = {"until", "till", "til"}


def _runs_until(verb: Token) -> bool:
    """'The two armies will carry out, until next Friday, a joint exercise', 'the ship will be visiting Puerto
    Cortés until next Wednesday': a drill or a stay told only by the day it runs until, with no day of its start,
    is going on as the story is told."""
    dated = [c for c in verb.children if c.ent_type_ == "DATE" or c.dep_ == "prep" and any(
        g.dep_ == "pobj" and g.ent_type_ == "DATE" and not _bare_year(g) for g in c.children)]
    return bool(dated) and all(c.dep_ == "prep" and c.lower_ in UNTIL for c in dated)


def _bare_year(tok: Token) -> bool:
    """'in 2024' of 'will be visiting the port until May 29 as part of its cruise in 2024': a year sets no start."""
    return tok.like_num and len(tok.text) == 4 and not list(tok.children)


def _called_off_after(tok: Token, lex: Lexicon) -> bool:
    """'A had been scheduled to pay a visit to B to sign the pact, but his visit was cancelled': a clause joined
    to the plan calls it off, with the plan told again ('his visit', 'the exercise') as its subject."""
    calls_off = _cue(lex, "denials") - DEFERRALS
    for anc in tg.ancestors(tok, 4):
        for verb in anc.children:
            if verb.dep_ != "conj" or verb.lemma_.lower() not in calls_off:
                continue
            if any(s.dep_ in ("nsubj", "nsubjpass") and s.pos_ == "NOUN" and any(
                    d.dep_ in ("det", "poss") and d.lower_ in DEFINITE for d in s.children) for s in verb.children):
                return True
    return False


def _cause_of_effect(tok: Token, lex: Lexicon) -> bool:
    """'the visit by Hun Manet would help ...', 'the two visits will boost ties': an event already told, named as
    the cause of a hoped-for effect. The modal belongs to the effect: this is no planned event."""
    definite = any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE or c.dep_ == "poss" and c.pos_ == "PROPN"
                   for c in tok.children) or tok.tag_ == "NNS"  # 'Espinosa's trip will help ...'
    modals = _cue(lex, "future_aux") | _cue(lex, "hedges") | {"should", "can"}
    hoped = any(c.dep_ == "aux" and c.lower_ in modals for c in tok.head.children)  # not 'has strengthened ties'
    verb = tok.head
    if verb.lemma_.lower() == "expect" and tok.dep_ == "nsubjpass":
        # 'the visit is expected to further strengthen ties': what is expected is the effect
        effects = [c for c in verb.children if c.dep_ == "xcomp" and c.lemma_.lower() in _cue(lex, "effect_verbs")]
        return tok.pos_ in ("NOUN", "PROPN") and definite and bool(effects)
    # 'the Agreement will be publicly available': what a thing already made will be, not an event to come
    described = verb.lemma_ == "be" and any(c.dep_ == "acomp" for c in verb.children) \
        and not any(c.dep_ == "xcomp" for c in verb.children)
    return tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "nsubj" and definite and hoped \
        and (verb.lemma_.lower() in _cue(lex, "effect_verbs") or described)


PAST = re.compile(r"\b(?:previously|formerly|in the past|once again|over the years|so far|to date)\b", re.I)
"""A sentence about earlier times: its undated events are not the story's news."""
AROUND_NOW = re.compile(r"\b(?:recently|in recent (?:days|weeks|months)|this month|earlier this month|currently|"
                        r"under ?way|ongoing)\b", re.I)
"""'recently visited', 'are currently undergoing training': around the story's day, not on it"""


def _reported_clause(anchor: Token, lex: Lexicon) -> bool:
    """'Gonul said that agreements were signed': a past event in someone's account, of no stated time."""
    verb = tg.verb_of(anchor)
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in _cue(lex, "speech_verbs")


def month_of(value: dt.DateValue) -> dt.DateValue:
    return dt.DateValue(value.value[:7], "month") if value.value and len(value.value) > 7 else value


def _after(value: dt.DateValue, anchor: date | None) -> bool:
    if anchor is None or value.value is None:
        return False
    return value.value > anchor.isoformat()[: len(value.value)]


DATELINE_PLACE = 8
"""The most tokens a dateline's place takes before its date ('WALVIS BAY, Namibia, Oct. 28 (Wire) --')."""
SHORT_PLACE = 3
"""A place this short ('PARIS,') opens a dateline whatever mark follows its date; a longer one only when the
wire's name in brackets does: 'BANDAR SERI BEGAWAN, Tuesday 28 July 2015 - X and Y held ...' is a release
dated by the day it tells of."""


def _dateline_date(ent: Span) -> bool:
    """'PARIS, March 10 (Wire) -', 'WALVIS BAY, Namibia, Oct. 28 (Wire) --': the date of the dispatch, not of an
    event. The place before it is names and commas only; a mark that opens the story follows it."""
    sent = ent.sent
    doc = ent.doc
    place = doc[sent.start:ent.start]
    if _opening_date(ent):
        return True
    marks = ("(", "-", "—", "–", ":") if len(place) <= SHORT_PLACE else ("(",)
    end = next((t.i for t in ent[1:] if t.text in marks), ent.end)  # the tagger may run on: 'Oct 5 - The'
    return 0 < len(place) <= DATELINE_PLACE and doc[ent.start - 1].text == "," \
        and all(t.text == "," or t.is_space or t.text[:1].isupper() and t.pos_ not in ("VERB", "AUX") for t in place) \
        and end < len(doc) and doc[end].text in marks


def _opening_date(ent: Span) -> bool:
    """'March 06, 2024 - A met B yesterday', 'May 30, 2010: ...': the date, or a part of it, that opens a release
    as its own day, as a dateline's does, and tells of another."""
    sent = ent.sent
    opening = opening_date(sent.text)
    return opening is not None and ent.start_char < sent.start_char + opening.end()


SIDE_CLAUSES = {"acl", "relcl", "advcl", "pcomp"}


def _in_side_clause(tok: Token, anchor_ids: set[int], lex: Lexicon) -> bool:
    """A date in a clause beside the event dates that clause: '..., replacing a document from 2012', 'thanked
    them for sending aid in May', 'the memorandum compiled in 2003'. A clause that holds an event ('after
    signing the deal on Monday') or tells of it ('the drill, which was held in May') keeps its date."""
    for anc in tg.ancestors(tok, 6):
        if anc.i in anchor_ids:
            return False
        if anc.pos_ == "VERB" and anc.dep_ in ("advcl", "acl") and anc.tag_ == "VBG":
            return True
        if anc.pos_ == "VERB" and anc.dep_ in SIDE_CLAUSES and anchor_ids and not _told_of(anc, anchor_ids, lex):
            return True
    return False


def _participle(verb: Token) -> bool:
    """'Formed in 2015, the commission ...': a participle clause with no subject of its own, which tells of
    the sentence's subject."""
    return verb.dep_ == "advcl" and verb.tag_ != "VBG" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _told_of(clause: Token, anchor_ids: set[int], lex: Lexicon) -> bool:
    """Whether a clause holds an event or tells of one: 'after signing the deal', 'the talks and the visit that
    will be held in May' (a clause on the last of several coordinated events is about all of them), 'the visit
    of a delegation led by X to Hanoi in May' (a clause within the event's phrase), 'under a
    contract signed in May' (a signing is an event whatever its noun). 'Signed in 2016, the accord ...' tells
    of the subject of its sentence, not of its verb: 'Set up in 2010, the committee meets yearly'."""
    if any(t.i in anchor_ids for t in clause.subtree) or clause.lemma_.lower() in _cue(lex, "sign_verbs"):
        return True
    if _participle(clause):
        return clause.head.i not in anchor_ids  # a participle with no subject of its own describes the subject
    nouns = [clause.doc[i] for i in anchor_ids if clause.doc[i].pos_ in ("NOUN", "PROPN")]
    if any(n.left_edge.i <= clause.i <= n.right_edge.i for n in nouns):
        return True  # 'the visit of a delegation led by X to Hanoi on May 3': within the event's own phrase
    head = clause.head
    while head.i not in anchor_ids and head.dep_ in ("conj", "appos") and head.head.i != head.i:
        head = head.head
    return head.i in anchor_ids


def _edition(ent: Span) -> bool:
    """'Exhibition 2023', 'Interaction 2014': a year tagged as a date with the name it numbers, whose head is
    that name, not a word of time."""
    root = ent.root
    return root.pos_ == "PROPN" and root.lower_.rstrip(".") not in dt.MONTHS and root.lower_ not in dt.WEEKDAYS


NOUN_MODIFIERS = {"compound", "amod", "nummod", "poss"}
"""'the 2020 conflict', 'Brotherhood 2021': a date that qualifies a noun, not the time of an event."""


def _dates_in(sent: Span, anchors: list[Token], lex: Lexicon) -> list[tuple[Token, str]]:
    """Dates that time an event: not a modifier of another noun ('the 2020 conflict'), not the date of a
    report ('said on Sunday'), not an end bound ('until 2031'), not a dispatch date."""
    found: list[tuple[Token, str]] = []
    anchor_ids = {a.i for a in anchors}
    either: set[int] = set()
    ents = ents_in(sent)
    for ent in ents:
        if ent.label_ != "DATE" or _dateline_date(ent) or ent.start in either:
            continue
        root = ent.root
        if _edition(ent) and root.i not in anchor_ids:
            continue  # 'the Aerospace Exhibition 2023': the year of another event's name
        if root.dep_ in NOUN_MODIFIERS and root.head.i not in anchor_ids \
                and root.head.lower_ not in PARTS_OF_DAY:
            continue
        if root.dep_ == "pobj" and root.head.lower_ == "for" and root.head.head.lemma_.lower() in _cue(lex, "sign_verbs"):
            continue  # 'signed a cooperation plan for 2025': the period the document covers
        if root.dep_ == "pobj" and root.head.lower_ in ("from", "of", "dated", "for") and root.head.head.pos_ in ("NOUN", "PROPN") \
                and root.head.head.i not in anchor_ids:
            continue  # 'replacing an earlier document from 2012', 'a cooperation plan for 2018': that document's date
        if _when_clause(root, anchor_ids) is not None:
            found.append((root, ent.text))  # 'ties have grown since December 2014, when A visited': that month
            continue
        if root.dep_ == "pobj" and root.head.lower_ in _cue(lex, "end_bounds"):
            if root.head.head.i in anchor_ids:
                found.append((root, ""))  # 'has bought ... since 2008': a span, not a day, and not today's news
            continue
        if _in_side_clause(root, anchor_ids, lex):
            continue  # 'signed a memorandum, replacing an earlier document from 2012'
        if any(a.lemma_.lower() == "anniversary" and a.i not in anchor_ids for a in root.ancestors):
            continue  # 'to mark the 55th anniversary of ties between the two countries (June 24, 1967)': when they began
        head = root.head.head if root.dep_ == "pobj" else root.head
        if head.lemma_.lower() in _cue(lex, "speech_verbs") and head.i not in anchor_ids:
            continue
        before = sent.doc[ent.start - 1] if ent.start > sent.start else None
        text = f"{before.text} {ent.text}" if before is not None and before.dep_ == "prep" else ent.text
        if days := dt.DAYS_BEFORE_MONTH.search(sent.doc[sent.start:ent.start].text):
            text = f"{days[0].strip()} {ent.text}"  # 'from 10 – 26 September 2010': the tagger took the month alone
        after = sent.doc[ent.end:min(ent.end + 4, sent.end)].text
        if dt.SAME_YEAR.match(after.lower()):
            text += " of the same year"  # 'on November 25 of the same year': the year named before it
        other = next((e for e in ents if e.label_ == "DATE" and e.start == ent.end + 1), None)
        if other is not None and sent.doc[ent.end].lower_ == "or":
            text += f" or {other.text}"  # 'next May or June': one of two, read together
            either.add(other.start)
        elif other is not None and sent.doc[ent.end].lower_ == "and" and not dt.YEAR.search(text) \
                and (year := dt.YEAR.search(other.text)):
            text += f" {year[0]}"  # 'in June and September 2023': the year written once is both months'
        elif not dt.YEAR.search(text) and dt.names_month(text) \
                and (apart := next((e for e in ents if e.label_ == "DATE" and dt.WHICH_YEAR.match(e.text)
                                    and tg.verb_of(e.root) == sent.root and e.root.dep_ not in NOUN_MODIFIERS), None)):
            text += f" {apart.text}"  # 'Last year, the navies held it between 3 and 12 March': that March
        found.append((root, text))
    taken = {i for e in ents if e.label_ == "DATE" for i in range(e.start, e.end)}
    # 'flew in late Wednesday', 'met the crown prince this evening': a day or a part of this day that the tagger
    # left out of its dates is a date all the same
    for t in sent:
        if t.i in taken:
            continue
        if t.lower_ in ("today", "yesterday", "tomorrow", "tonight") or t.lower_ in dt.WEEKDAYS:
            found.append((t, t.text))
        elif t.lower_ in PARTS_OF_DAY and t.i > sent.start and t.nbor(-1).lower_ == "this":
            found.append((t, f"this {t.lower_}"))
    return found


def _when_clause(root: Token, anchors: set[int]) -> Token | None:
    """The first event told in a 'when' clause that a date heads: 'in December 2014, when A visited B'."""
    clauses = [c for c in root.children if c.dep_ in ("relcl", "advcl") and any(g.lower_ == "when" for g in c.children)]
    return next((t for c in clauses for t in c.subtree if t.i in anchors), None)


def _governing(root: Token, cands: list[Candidate], lex: Lexicon) -> Candidate | None:
    """The event a date belongs to by the parse: the subject of a verb of holding that the date dates ('talks
    were held on Monday', 'the drill took place in May'), else the first trigger met walking up from it."""
    by_token = {c.anchor.i: c for c in cands}
    if (told := _when_clause(root, set(by_token))) is not None:
        return by_token[told.i]
    verb = root.head.head if root.dep_ == "pobj" or root.head.lower_ in PARTS_OF_DAY else root.head  # 'today morning'
    held = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in by_token]
    if verb.lemma_.lower() in _held(lex) and verb.i not in by_token and held:
        return by_token[held[0].i]
    for tok in [root, *tg.ancestors(root, 6)]:
        if tok.i in by_token:
            return by_token[tok.i]
        # 'signed an agreement to hold a joint exercise in 2022': the year dates what 'hold' holds, and so it does
        # in 'will stage an exercise from 16 August, the service said', not what was said. 'Signed A in 2014 and
        # inked B in 2015', however parsed, dates B by 2015: no other event may lie between the held and the date.
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.i in by_token
                   and not any(c.i < i < root.i or root.i < i < c.i for i in by_token)] \
            if tok.pos_ == "VERB" and (tg.infinitive(tok) and tok.lemma_.lower() in _held(lex)
                                       or tok.lemma_.lower() in _cue(lex, "hold_verbs")) else []
        if objects:
            return by_token[objects[0].i]
    return None


FRAME_NOUNS = {"framework", "sidelines", "sideline", "margins", "margin", "part", "course", "context"}
FRAME_PREPS = {"during", "on", "within", "amid", "in", "as"}


def _framing(tok: Token) -> bool:
    """'during his visit', 'within the framework of his visit', 'on the sidelines of the visit', 'as part of
    the visit': an event that frames the sentence, whose other events happen inside it."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in FRAME_NOUNS:
        tok = tok.head.head
    return tok.dep_ == "pobj" and tok.head.lower_ in FRAME_PREPS


def _nearest(position: int, anchors: list[Token]) -> int:
    return min(range(len(anchors)), key=lambda k: (abs(anchors[k].i - position), anchors[k].i > position))


def _location(sent: Span, kind: str, lex: Lexicon, dateline: str | None) -> tuple[str, str | None] | None:
    """The place an event happened: after 'in' or 'at' (or 'to' for a visit, but not 'returned to'); 'here' is
    the dateline's city."""
    preps = ("in", "at", "to", "near", "off") if kind == "visit" else ("in", "at", "near", "off")
    for ent in ents_in(sent):
        if ent.label_ not in PLACES or ent.start == sent.start:
            continue
        governing = [t for t in tg.ancestors(ent.root, 3)[:3] if t.dep_ == "prep" and t.lower_ in preps]
        if any(t.head.lemma_.lower() in _cue(lex, "return_verbs") and t.head.pos_ == "VERB" for t in governing):
            continue  # 'returned to Cairo, wrapping up a visit to Sudan': the way home is not where it happened
        if sent.doc[ent.start - 1].lower_ in preps or governing:
            code = lex.country_of(ent.text) or lex.place_terms.get(ent.text.lower())
            return ent.text, code
    if dateline and any(t.lower_ == "here" for t in sent):
        return dateline, lex.place_terms.get(dateline.lower()) or lex.country_of(dateline)
    return None


@dataclass
class Narrative:
    """When the text does not date an event, the day the story is about.

    An article about one recent day dates all its current news by that day; one
    that spans several days lends a sentence the day named in its own or the
    previous paragraph, and nothing otherwise.
    """

    published: date | None
    single_day: dt.DateValue = dt.UNKNOWN
    spans_days: bool = False
    """The story covers several days ('a four-day visit', 'the week-long drill')."""
    days: dict[int, dt.DateValue] = field(default_factory=dict)
    last_day: date | None = None
    pictured: bool = False
    """The story's one day is named in a photo caption, which shows its lead event."""
    lead: int | None = None
    """The first paragraph that tells an event."""

    @classmethod
    def of(cls, sentences: list[Span], captions: list[Span], published: date | None, lex: Lexicon) -> "Narrative":
        narrative = cls(published)
        if published is None:
            return narrative
        told = sentences + captions
        narrative.spans_days = any(MULTI_DAY.search(sent.text) for sent in told)
        recent: dict[date, bool] = {}
        for sent in told:
            for _, text in _dates_in(sent, [], lex):
                when = dt.to_date(dt.resolve(text, published).value)
                if when and published - timedelta(days=RECENT_DAYS) <= when <= published:
                    recent[when] = recent.get(when, False) or sent in captions
        if len(recent) == 1:
            (day, narrative.pictured), = recent.items()
            narrative.single_day = dt.day(day)
        return narrative

    def note(self, paragraph: int, value: dt.DateValue, span: bool = False) -> None:
        """`span`: the first of several days ('from 7 to 11 February'), whose events fell on one of them."""
        when = dt.to_date(value.value)
        if when and self.published and self.published - timedelta(days=RECENT_DAYS) <= when <= self.published:
            self.days[paragraph] = month_of(value) if span else value
        if when:
            self.last_day = when

    def day_for(self, paragraph: int, said: bool = False) -> dt.DateValue:
        """The day named in this paragraph or the one before; only its month when the story spans days. From
        further away nothing: the story's one day is often the day it was filed ('Brasilia, July 27:'), and
        what it tells further down, undated, is as often its past as its news, so a guessed month would be
        wrong as often as right. Two exceptions: what is `said` (a remark, a pledge) in a story of one day was
        said that day, however far down; and a day only a photo caption names is the day of the lead event
        it shows, which takes its month."""
        if paragraph in self.days:
            return self.days[paragraph]
        near = self.days.get(paragraph - 1, dt.UNKNOWN)
        if said and not near.known:
            near = self.single_day
        if not near.known and not said and not (self.pictured and paragraph == self.lead):
            return dt.UNKNOWN
        if self.spans_days or not near.known:
            return month_of(near if near.known else self.single_day)
        return near


SAID_KINDS = {"statement", "intent"}


class Paragraphs:
    """Paragraph numbers by character offset, counted once per document."""

    def __init__(self, doc: Doc):
        text = doc.text
        self.breaks = [m.start() for m in re.finditer(r"\n\n", text)]

    def of(self, sent: Span) -> int:
        return bisect.bisect_left(self.breaks, sent.start_char)


PURCHASES = {"import", "buy", "purchase", "procure", "acquire", "supply", "deliver", "sell", "export"}


def _buys_weapons(anchor: Token, lex: Lexicon) -> bool:
    """An agreement whose own words buy or supply weapons ('an agreement ... to import two Type 053H3 frigates')."""
    phrase = list(anchor.subtree) if anchor.pos_ in ("NOUN", "PROPN") else [t for c in anchor.children if c.dep_ == "dobj" for t in c.subtree]
    return any(t.lemma_.lower() in PURCHASES for t in phrase) and any(t.lemma_.lower() in _cue(lex, "weapon_nouns") for t in phrase)


def refers_back(tok: Token) -> bool:
    """'the agreement', or 'signing the document': a mention of an event told before."""
    return anaphoric(tok) or tok.pos_ == "VERB" and any(c.dep_ == "dobj" and anaphoric(c) for c in tok.children)


def _sentence_candidates(sent: Span, triggers: list[tg.Trigger], lex: Lexicon, mentions: Mentions) -> list[Candidate]:
    cands: list[Candidate] = []
    for trig in triggers:
        if not licensed(trig.kind, trig.token, sent, lex, mentions.acronyms):
            continue
        status = status_of(trig.kind, _predicate_below(trig.token), lex)
        if status is not None and (trig.kind != "plan" or status == "planned"):  # a deployment made is no event kind
            cands.append(Candidate(trig.kind, trig.token, sent, status))
    cands = [c for c in cands if not _continuation(c, lex)]
    for cand in cands:
        if cand.kind == "agreement" and _buys_weapons(cand.anchor, lex):
            cand.kind = "arms_transfer"  # 'signed an agreement to import two frigates': an arms contract
    if any(c.kind == "exercise" for c in cands):
        cands = [c for c in cands if c.kind != "training"]
    if any(c.kind != "occasion" for c in cands):
        cands = [c for c in cands if c.kind != "occasion"]
    return cands


def _date_candidates(cands: list[Candidate], sent: Span, lex: Lexicon, narrative: Narrative, paragraph: int) -> None:
    """Each date of the sentence to the event it times, then the one date of the sentence to its undated events."""
    anchors = [c.anchor for c in cands]
    found = _dates_in(sent, anchors, lex)
    years = [int(m[0]) for _, text in found if text for m in dt.YEAR.finditer(text)]
    year_named = years[0] if years else narrative.last_day.year if narrative.last_day else None
    spans: set[int] = set()
    for root, text in sorted(found, key=lambda d: min(abs(d[0].i - a.i) for a in anchors)):
        if _day_of_ending(root, anchors, lex):
            continue
        cand = _governing(root, cands, lex)
        if cand is None and _verb_of_date(root, anchors, _cue(lex, "speech_verbs")):
            continue  # 'A recently visited B, the ministry said Thursday': the day it was said
        framed = cand is None
        cand = cand or cands[_nearest(root.i, anchors)]
        if not text:
            cand.own_date = True
            continue
        if cand.status == "planned" and not AHEAD_WORDS.search(text) and _said_done(root, cands, lex):
            continue  # 'agreed Monday to set up a dialogue': the day it was agreed, not of what lies ahead
        value = dt.resolve(text, narrative.published, future=cand.status == "planned" or _will_be(root, lex),
                           narrative=narrative.last_day, year_named=year_named)
        if framed and cand.kind == "visit" and _framing(cand.anchor):
            value = month_of(value)  # 'within the framework of his visit, a ceremony was held Tuesday'
        if _verb_of_date(root, anchors, _cue(lex, "ending_verbs")) and (began := _started(value, cand.anchor)) != value:
            value, narrative.spans_days = began, True  # its other mentions are of those days, not the last one
        refines = cand.own_date and dt.compatible(cand.date.value, value.value) and len(value.value or "") > len(cand.date.value or "")
        if not value.known and not cand.own_date and _undated_page_day(text, narrative):
            cand.own_date = True  # 'hosted this Monday' on a page with no date: a day of its own, unknown to us
        if value.known and (not cand.own_date or refines):
            cand.date, cand.own_date = value, True  # 'the 2025 exercise began on Friday': that Friday
            if dt.DAY_RANGE.search(text):
                spans.add(cand.anchor.i)
    dated = [c for c in cands if c.own_date and c.date.known]
    if len({c.date.value for c in dated}) == 1 and not (_participle(dated[0].anchor) or _noun_participle(dated[0].anchor)):
        _lend(dated[0], cands)
    for cand in dated:
        # 'visited Nepal from 7 to 11 February. During the visit, he met ...': some day of those, not the first
        narrative.note(paragraph, cand.date, span=cand.anchor.i in spans)


UNDATED_PROBE = date(2000, 1, 1)
"""Any day will do: a date that resolves against it is one told relative to the page's own day."""


def _undated_page_day(text: str, narrative: Narrative) -> bool:
    """'This Monday' or 'yesterday' on a page without a date: the event has a day of its own that cannot be
    known, so it takes no date from another report of it ('the inaugural talks in September 2024')."""
    return narrative.published is None and dt.resolve(text, UNDATED_PROBE).known


def _day_of_ending(root: Token, anchors: list[Token], lex: Lexicon) -> bool:
    """A day that ends what is told, not when it happened: 'the exercise, which will end on 16 February' ('a deal
    concluded' is signed, and 'the five-day exercise ended today' is its own verb), 'flew in on Wednesday and
    left Thursday', 'returned home on Thursday, wrapping up a visit'."""
    ending = _verb_of_date(root, anchors, _cue(lex, "continuations") - {"conclude"}, clauses=("relcl", "acl", "advcl"))
    return ending and not _of_subject(root, anchors) or _verb_of_date(root, anchors, DEPARTURES | _cue(lex, "return_verbs"))


def _lend(dated: Candidate, cands: list[Candidate]) -> None:
    """The one date of a sentence dates its undated events: 'met on Thursday during his visit' (the day is the
    meeting's; the visit began before it). 'Met during her May 6 to 8 visit': the day the visit began is not the
    meeting's, which fell on some day of it. A participle's date is its own ('Formed in 2015, ...', 'the deal
    signed in 2015')."""
    if _landmark(dated.anchor):
        return
    around = dated.kind == "visit" and _framing(dated.anchor)
    for cand in cands:
        if not cand.own_date and cand.status == dated.status:
            cand.date, cand.own_date = (month_of(dated.date) if cand.kind == "visit" or around else dated.date), True


def _landmark(anchor: Token) -> bool:
    """'the meeting follows the President's visit in March', 'talks held after the drill in May': an event named
    to place the others before or after it, whose date is its own."""
    if anchor.dep_ == "dobj":
        return anchor.head.lemma_.lower() in ("follow", "precede")
    return anchor.dep_ == "pobj" and anchor.head.lower_ in LATER


def _of_subject(root: Token, anchors: list[Token]) -> bool:
    """The verb a date modifies has an event for its subject ('the five-day exercise ended today'), however the
    parser hangs that verb from a dateline before it."""
    verb = tg.verb_above(root)
    return verb is not None and any(c.dep_ in ("nsubj", "nsubjpass") and c in anchors for c in verb.children)


DEPARTURES = {"leave", "depart", "set off"}
LENGTH = re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s*-?\s*(day|week)s?\b", re.I)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _started(end: dt.DateValue, anchor: Token) -> dt.DateValue:
    """'The five-day exercise ended on Friday': an event of a stated length that ended on a day began that
    many days before, counting the last; the day it ended is not its date. Without a length, only the month
    of the end is sure enough to keep (a drill that ends on the 2nd may have begun the month before)."""
    day = dt.to_date(end.value)
    words = anchor.doc[anchor.left_edge.i:anchor.i].text
    length = LENGTH.search(words)
    if day is None:
        return end
    if length is None:
        return month_of(end)
    count = NUMBERS.get(length[1].lower()) or int(length[1])
    return dt.day(day - timedelta(days=count * (7 if length[2].lower() == "week" else 1) - 1))


def _will_be(root: Token, lex: Lexicon) -> bool:
    """The verb a date modifies is in the future ('will be held on August 18', 'is scheduled to sail on 10
    September'): the day lies ahead, whatever event of the sentence it is lent to."""
    verb = tg.verb_above(root)
    return verb is not None and (any(c.dep_ == "aux" and c.lower_ in _cue(lex, "future_aux") for c in verb.children)
                                 or tg.path_has_xcomp_to(verb, _cue(lex, "plan_heads") - {"agree", "decide"}) is not None)


AHEAD_WORDS = re.compile(r"\b(?:next|coming|upcoming|tomorrow)\b", re.I)
"""'next month', 'the coming week': a date that lies ahead whatever verb the parse hangs it from."""


def _said_done(root: Token, cands: list[Candidate], lex: Lexicon) -> bool:
    """The verb a date modifies tells of the past and is no event of the sentence: 'agreed Monday to set up a
    dialogue' dates the agreeing, 'to revise the memorandum signed in 2019' the memorandum. 'Postponed the
    drill to May' and 'the talks scheduled for May' give what lies ahead its date."""
    anchors = {c.anchor.i for c in cands}
    verb = next((a for a in [root, *root.ancestors] if a.pos_ in ("VERB", "AUX") or a.i in anchors), None)
    if verb is None or verb.i in anchors:
        return False  # 'looked forward to meeting in June': the event's own date
    if verb.tag_ == "VBD":
        return verb.lemma_.lower() not in DEFERRALS
    ahead = DEFERRALS | _cue(lex, "plan_heads")
    return verb.tag_ == "VBN" and verb.dep_ == "acl" and verb.lemma_.lower() not in ahead and verb.lower_ not in ahead


def _verb_of_date(root: Token, anchors: list[Token], verbs: set[str], clauses: tuple[str, ...] = ()) -> bool:
    """The date modifies one of `verbs` (saying, ending) that is not itself an event of the sentence, and when
    `clauses` are given, heads a clause of that kind."""
    verb = tg.verb_above(root)
    if verb is None:
        return False
    particle = next((f"{verb.lemma_.lower()} {c.lower_}" for c in verb.children if c.dep_ == "prt"), "")  # 'set off'
    return (verb.lemma_.lower() in verbs or particle in verbs) and verb not in anchors and (not clauses or verb.dep_ in clauses)


def _reporters(sent: Span, lex: Lexicon) -> list[tuple[set[int], Token]]:
    """Subjects of 'said', 'told', 'added', each with its verb."""
    out: list[tuple[set[int], Token]] = []
    for tok in sent:
        if tok.lemma_.lower() in _cue(lex, "speech_verbs"):
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    out.append((_phrase(child), tok))
    return out


CLAUSES = {"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis"}


def _phrase(head: Token) -> set[int]:
    """The tokens of a noun phrase without the clauses a bad parse hangs under it."""
    found = {head.i}
    todo = [head]
    while todo:
        for child in todo.pop().children:
            if child.dep_ not in CLAUSES:
                found.add(child.i)
                todo.append(child)
    return found


def _reported(anchor: Token, verb: Token) -> bool:
    """Whether an event is what the speaker reports ('the spokesman said [X held talks]'), rather than
    something the speaker did ('the minister said after talks with Y', 'Speaking after hosting Y, A noted') or is
    ('the visiting minister, A, said')."""
    if not (verb.left_edge.i <= anchor.i <= verb.right_edge.i):
        return True
    for child in verb.children:
        if child.left_edge.i <= anchor.i <= child.right_edge.i:
            done_by_speaker = child.dep_ == "advcl" and child.tag_ in ("VBG", "VBN") and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in child.children)  # a participle's doer is the speaker
            told_of_speaker = child.dep_ in ("nsubj", "nsubjpass")  # 'his visiting counterpart, A, said': A is the visitor
            return child.dep_ not in ("prep", "advmod", "npadvmod", "agent") and not done_by_speaker and not told_of_speaker
    return False


DASHES = {"-", "–", "—", "--", ":"}


def _joins_words(tok: Token) -> bool:
    """The hyphen of 'the Kazakh-French working group', set between two words with no space."""
    doc = tok.doc
    return tok.text == "-" and not doc[tok.i - 1].whitespace_ and not tok.whitespace_


def _dateline_end(sent: Span, mentions: Mentions) -> int:
    """Where a dateline opening the sentence ends ('DUBAI (Reuters) - ', 'MANILA, Philippines—'): the place a
    story was filed from is not a party to its events. The sentence start when there is none."""
    for tok in sent[:15]:
        if tok.text in DASHES and tok.i > sent.start and not _joins_words(tok):
            before = sent.doc[sent.start:tok.i]
            placed = any(t.ent_type_ == "GPE" for t in before) or any(sent.start <= c.start < tok.i for c in mentions.countries)
            return tok.i + 1 if placed and not any(t.pos_ in ("VERB", "AUX") for t in before) else sent.start
    return sent.start


def _at_border(tok: Token, lex: Lexicon) -> bool:
    """'20 km from the border with Afghanistan', 'near the Afghan border': a state named for where a border runs
    takes no part in what happens by it."""
    borders = _cue(lex, "border_nouns")
    if tok.dep_ in ("amod", "compound", "poss", "nmod") and tok.head.lemma_.lower() in borders:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in ("with", "of") and tok.head.head.lemma_.lower() in borders


def _brief(doc: Doc, country: CountryMention, mentions: Mentions) -> bool:
    """'Special Representative of the President of Uzbekistan for Afghanistan A': a state an official's title
    says he is charged with takes no part in what he does."""
    return country.start > 0 and doc[country.start - 1].lower_ == "for" and any(
        m.context_start < country.start < m.start for m in mentions.persons)


def _clause_countries(anchor: Token, mentions: Mentions) -> set[str]:
    """'Serbia called off the drill with Russia and postponed the exercise with the US': the states of the
    anchor's own coordinated clause and its shared subject. Empty when the sentence has one clause."""
    verb = tg.verb_of(anchor)
    if verb.dep_ != "conj" and not any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in verb.children):
        return set()
    own = {t.i for t in verb.subtree} - {t.i for c in verb.children if c.dep_ == "conj" for t in c.subtree}
    head = tg.first_conjunct(verb)
    subject = {t.i for c in head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    return {c.code for c in mentions.countries if c.start in own | subject}


def _owner(position: int, cands: list[Candidate]) -> Candidate | None:
    """The event whose clause holds a person: the innermost verb phrase of a trigger around it ('signed in
    Maputo by A and B, after the ministers held talks': A and B signed)."""
    spans = [(tg.verb_of(c.anchor), c) for c in cands]
    inside = [(v.right_edge.i - v.left_edge.i, abs(c.anchor.i - position), c) for v, c in spans
              if v.left_edge.i <= position <= v.right_edge.i]
    return min(inside, key=lambda x: (x[0], x[1]))[2] if inside else None


def _people_candidates(cands: list[Candidate], sent: Span, people_at: list[tuple[int, int]], lex: Lexicon) -> None:
    """People go to the event nearest them in the sentence; a statement takes its speaker alone."""
    everyone = [(position, cluster) for position, cluster in people_at if sent.start <= position < sent.end]
    reporters = _reporters(sent, lex)
    statements = [c for c in cands if c.kind == "statement"]
    for cand in statements:
        speaker = _subject_span(cand.anchor)
        cand.people |= {cluster for position, cluster in everyone if speaker and speaker[0] <= position <= speaker[1]}
    others = [c for c in cands if c.kind != "statement"]
    anchors = [c.anchor for c in others]
    for position, cluster in everyone if others else []:
        cand = _owner(position, others) or others[_nearest(position, anchors)]
        if not any(position in subject and _reported(cand.anchor, verb) for subject, verb in reporters):
            cand.people.add(cluster)
    visitors = {p for c in others if c.kind == "visit" for p in c.people}
    for cand in others:
        if cand.kind == "visit" and cand.anchor.dep_ == "amod":  # 'A met the visiting B': A is B's host
            cand.people |= {p for o in others if o is not cand and tg.verb_of(o.anchor) == tg.verb_of(cand.anchor.head) for p in o.people}
        if cand.kind == "meeting" and len(cand.people) < 2:
            cand.people |= visitors
        if not cand.people:
            host = next((o for o in others if o is not cand and o.people
                         and tg.verb_of(o.anchor).left_edge.i <= cand.anchor.i <= tg.verb_of(o.anchor).right_edge.i), None)
            if host is not None:
                cand.people |= host.people


def _sender(name: Span, lex: Lexicon) -> bool:
    """'conveyed to him President A's greetings', 'a letter from B', 'on behalf of C': one whose words are
    carried to a meeting is not at it."""
    head = name.root
    owner = head.head if head.dep_ == "poss" else head.head.head if head.dep_ == "pobj" and head.head.lower_ in ("of", "from") else None
    return owner is not None and owner.lower_ in _cue(lex, "sent_words")


def _maker_states(sent: Span, lex: Lexicon) -> set[str]:
    """The states of the arms makers a sentence names (`makers.tsv`)."""
    return {lex.makers[m[0]] for m in maker_words(lex).finditer(sent.text)}


def sentence_triggers(doc: Doc, sentences: list[Span], nlp: Language, lex: Lexicon) -> list[list[tg.Trigger]]:
    """The trigger words of each sentence, in text order."""
    starts = [s.start for s in sentences]
    by_sentence: list[list[tg.Trigger]] = [[] for _ in sentences]
    for trig in tg.find(doc, nlp, lex):
        by_sentence[bisect.bisect_right(starts, trig.token.i) - 1].append(trig)
    return by_sentence


def rule_candidates(sentences: list[Span], triggers: list[list[tg.Trigger]], lex: Lexicon,
                    mentions: Mentions) -> list[list[Candidate]]:
    """What the trigger lexicon and the parse propose, sentence by sentence, before any date or people."""
    return [_sentence_candidates(sent, found, lex, mentions) for sent, found in zip(sentences, triggers)]


def candidates(doc: Doc, sentences: list[Span], proposed: list[list[Candidate]], lex: Lexicon, mentions: Mentions,
               published: date | None, dateline: str | None, captions: Sequence[Doc] = ()) -> list[Candidate]:
    """The proposed events of each sentence with their date, people, states and place. A photo caption
    may hold the only day of the story ('... before their talks in Singapore on June 1, 2024')."""
    trigger_at = {c.anchor.i for cands in proposed for c in cands}
    people_at: list[tuple[int, int]] = [(m.start, m.cluster) for m in mentions.persons
                                        if m.cluster >= 0 and not m.caption and not _sender(doc[m.start:m.end], lex)]
    people_at += [(r.start, r.cluster) for r in mentions.references
                  if r.cluster >= 0 and not (r.office is None and doc[r.start].dep_ == "poss" and doc[r.start].head.i not in trigger_at)]
    narrative = Narrative.of(sentences, [s for c in captions for s in c.sents], published, lex)
    paragraphs = Paragraphs(doc)
    found: list[Candidate] = []
    for sent, cands in zip(sentences, proposed):
        if not cands:
            continue
        paragraph = paragraphs.of(sent)
        narrative.lead = paragraph if narrative.lead is None else narrative.lead
        _date_candidates(cands, sent, lex, narrative, paragraph)
        _people_candidates(cands, sent, people_at, lex)
        opening = _dateline_end(sent, mentions)
        named = {c.code for c in mentions.countries if opening <= c.start < sent.end and not _at_border(doc[c.end - 1], lex)
                 and not _brief(doc, c, mentions)}
        for cand in cands:
            cand.named_countries = _clause_countries(cand.anchor, mentions) or set(named)
            if cand.kind == "arms_transfer":
                cand.named_countries |= _maker_states(sent, lex)  # 'bought from Embraer': the maker's state sold them
        cands = _covered_dropped([part for cand in cands for part in split_listed(cand, people_at, mentions)])
        for cand in cands:
            cand.location = _location(sent, cand.kind, lex, dateline)
        cands = [part for cand in cands for part in split_destinations(cand, mentions)]
        for cand in cands:
            cand.sentences = [sent]
            if cand.status == "occurred" and _after(cand.date, published):
                cand.status = "planned"
            if cand.status == "planned":
                cand.planned_kind, cand.kind = (cand.kind if cand.kind != "plan" else None), "plan"
                if not cand.own_date and _in_this_visit(sent):  # 'during his visit, he is to meet A'
                    cand.date = month_of(narrative.day_for(paragraph, said=False))
            elif not cand.own_date and not tg.past_perfect(cand.anchor) and not PAST.search(sent.text) and (
                    cand.kind in CURRENT_KINDS and not _told_before(cand, found)
                    or cand.kind in NEWS_WHEN_NEW and not anaphoric(cand.anchor) and not tg.perfect(cand.anchor)
                    and not _reported_clause(cand.anchor, lex)):
                told = narrative.day_for(paragraph, said=cand.kind in SAID_KINDS)
                # A visit, a 'have agreed' or a 'recently' told without a day of its own happened around the
                # story's day, not on it.
                vague = cand.kind == "visit" or tg.perfect(cand.anchor) or AROUND_NOW.search(sent.text)
                cand.date = month_of(told) if vague else told
            cand.confidence = confidence(cand)
        found.extend(_merge_sentence(cands))
    return found


TRIP_NOUNS = {"visit", "trip", "tour", "stay"}


def _in_this_visit(sent: Span) -> bool:
    """'During his visit, he is scheduled to meet A': what is planned inside the visit the story tells of
    falls in the month of the story's day."""
    return any(_framing(t) and anaphoric(t) and t.lemma_.lower() in TRIP_NOUNS for t in sent)


def _told_before(cand: Candidate, found: list[Candidate]) -> bool:
    """'The ships arrived on Saturday. A patrol aircraft is also taking part in the exercise': 'the exercise' of an
    earlier sentence keeps that sentence's day, not the last day the story named."""
    return cand.kind in LASTING and anaphoric(cand.anchor) and any(f.kind == cand.kind and f.own_date for f in found)


def _coordinated(head: Token) -> list[Token]:
    items = [head]
    for item in items:
        items += [c for c in item.children if c.dep_ == "conj"]
    return items


def _listed(anchor: Token) -> list[Token]:
    """The coordinated objects of a meeting verb: 'called on A, B and C', 'called on A, and then on B',
    'held meetings with the ministers of X and Y'."""
    verb = tg.verb_of(anchor)
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "with")]
    preps += [c for p in preps for c in _coordinated(p)[1:] if c.dep_ == "conj" and c.lower_ in ("on", "with")]
    heads = [c for c in verb.children if c.dep_ == "dobj"]
    for obj in list(heads):
        if obj.lemma_.lower() in MEETING_NOUNS:
            heads.remove(obj)
            preps += [c for c in obj.children if c.dep_ == "prep" and c.lower_ == "with"]
    # 'held meetings on Tuesday with the leaders of X and Y': a day is no one met
    objects = [g for p in preps for g in p.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")]
    if len(objects) >= 2:
        return objects
    for head in heads + objects:
        items = _coordinated(head)
        if len(items) >= 2:
            return items
        of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        if of and len(items := _coordinated(of[0])) >= 2:
            return items
    return []


def _own_tokens(item: Token) -> set[int]:
    """The tokens of one listed item, without the items coordinated under it."""
    nested = {t.i for c in item.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    return {t.i for t in item.subtree} - nested


def _one_table(cand: Candidate, states: list[set[str]], items: int) -> bool:
    """'Luik met his Latvian and Lithuanian colleagues': counterparts of two other states at one meeting are
    one multilateral meeting; 'called on A, then on B', 'held separate meetings with his Latvian and Lithuanian
    counterparts' and counterparts of one state are meetings in turn."""
    in_turn = tg.verb_of(cand.anchor).lemma_.lower() == "call" or _apart(cand.anchor)
    return not in_turn and len({c for s in states for c in s}) >= 2 and items == 2


IN_TURN = {"separately", "respectively", "then", "back"}
APART = {"separate", "bilateral", "individual"}


def _apart(anchor: Token) -> bool:
    """'held bilateral meetings with her Azerbaijani and Turkish counterparts, A and B, respectively': meetings
    said to be separate, or told in turn, are one with each state even when two are listed."""
    return any(c.dep_ == "amod" and c.lower_ in APART for c in anchor.children) \
        or any(t.lower_ in IN_TURN for t in tg.verb_of(anchor).subtree)


CALL_VERBS = {"meet", "call"}
GATHER_VERBS = {"join", "gather", "meet", "convene", "assemble", "sit"}
SPEECH = {"say", "tell", "add", "state", "note"}


def _one_host_each(cand: Candidate, people_at: list[tuple[int, int]], mentions: Mentions) -> list[Candidate]:
    """'The Naval Chief called on the Chief of Staff, Lt Gen A, and Commander B', 'X met with several leaders,
    including President A; the defence chief, General B', 'held separate meetings with A, B and C': a visitor's
    calls on several hosts of one state, made or planned, are one meeting each, however the list is punctuated.
    Hosts of several states at one table stay one meeting."""
    verb = cand.anchor
    calls = verb.pos_ == "VERB" and verb.lemma_.lower() in CALL_VERBS or verb.tag_ == "NNS" and _apart(verb)
    if not calls or cand.status is None:
        return [cand]
    sent = cand.sent
    said = min((t.i for t in sent if t.i > verb.i and t.lemma_.lower() in SPEECH), default=sent.end)
    here = sorted((p, c) for p, c in people_at if sent.start <= p < said)
    before = {c for p, c in here if p < verb.i} & cand.people
    after = list(dict.fromkeys(c for p, c in here if p > verb.i and c not in before))
    named = {m.cluster for m in mentions.persons}
    if any(c in named for c in after):  # 'the Chief of Staff, Vice Admiral A': the title is A's, not a third person
        after = [c for c in after if c in named]
    country = {m.cluster: m.country for m in mentions.persons if m.country}
    country.update({r.cluster: r.country for r in mentions.references if r.country})
    if len(before) != 1 and not (not before and _pronoun_subject(verb)) or len(after) < 2 \
            or len({country[c] for c in after if c in country}) > 1:
        return [cand]
    return [cand.part(people=before | {host}) for host in after]


def _pronoun_subject(verb: Token) -> bool:
    """'he is scheduled to meet A, B and C': the caller is a pronoun, which the document resolves later."""
    while verb.dep_ in ("xcomp", "conj") and not any(c.dep_.startswith("nsubj") for c in verb.children):
        verb = verb.head
    return any(c.dep_.startswith("nsubj") and c.tag_ == "PRP" for c in verb.children)


def _meetings_per_state(cand: Candidate, people_at: list[tuple[int, int]], mentions: Mentions) -> list[Candidate]:
    """'A held bilateral meetings with the defence ministers of X, B; of Y, C; and of Z, D': meetings in the plural
    with people of several states are one meeting with each state, however the parser hangs the list together."""
    anchor = cand.anchor
    if anchor.tag_ != "NNS" or anchor.lemma_.lower() not in MEETING_NOUNS or cand.status is None:
        return [cand]
    country = {m.cluster: m.country for m in mentions.persons if m.country}
    sent = cand.sent
    before = {c for p, c in people_at if sent.start <= p < anchor.i} & cand.people
    after = [c for p, c in people_at if anchor.i < p < sent.end and c in cand.people and c not in before]
    states = list(dict.fromkeys(country.get(c) for c in after))
    if len(before) != 1 or len(states) < (2 if _apart(anchor) else 3) or None in states:
        return [cand]
    home = {state for c in before if (state := country.get(c))}
    return [cand.part(people=before | {c for c in after if country.get(c) == state}, named_countries=home | {state})
            for state in states if state and state not in home]


def _covered_dropped(cands: list[Candidate]) -> list[Candidate]:
    """Once a sentence's meeting is split into one per host, another meeting word of the sentence whose people
    are all among them ('called on A and B, and discussed ...') is the same talks again."""
    parts: dict[int, list[Candidate]] = {}
    for cand in cands:
        if cand.kind == "meeting":
            parts.setdefault(cand.anchor.i, []).append(cand)
    split = [p for group in parts.values() if len(group) > 1 for p in group]
    covered = {person for p in split for person in p.people}
    return [c for c in cands if c in split or c.kind != "meeting" or not c.people or not c.people <= covered]


def split_listed(cand: Candidate, people_at: list[tuple[int, int]], mentions: Mentions) -> list[Candidate]:
    """A meeting with several people or states listed as its object is one meeting with each of them."""
    if cand.kind != "meeting":
        return [cand]
    hosts = _one_host_each(cand, people_at, mentions)
    listed = _listed(cand.anchor)
    if len(hosts) > 1:
        return hosts
    if len(per_state := _meetings_per_state(cand, people_at, mentions)) > 1:
        return per_state
    codes = _counterparts_on_tour(cand.anchor, mentions)
    if len(listed) < 2 and len(codes) < 2:
        codes = _states_listed_under(cand.anchor, mentions)
        codes = codes if not _one_table(cand, [{c} for c in codes], len(codes)) else []
    if len(codes) >= 2:
        return [cand.part(named_countries=(cand.named_countries - set(codes)) | {code}) for code in codes]
    if len(listed) < 2:
        return hosts
    items = [_own_tokens(item) for item in listed]
    first = min(min(own) for own in items)
    people = [{cluster for position, cluster in people_at if position in own} & cand.people for own in items]
    states = [{c.code for c in mentions.countries if c.start in own and not c.is_place} for own in items]
    # The other side is named before the list: 'Kim held meetings with the ministers of X, Y and Z'.
    shared = {cluster for position, cluster in people_at if position < first} & cand.people
    shared_states = {c.code for c in mentions.countries if cand.sent.start <= c.start < first}
    # 'met with Minister A, Colonel B and senior officials': a meeting with each named person; the unnamed
    # officials listed with them were at one of those.
    named = [(mine, own, codes) for mine, own, codes in zip(people, items, states) if mine]
    if len(named) >= 2 and len({frozenset(p) for p, _, _ in named}) == len(named) \
            and not _one_table(cand, [codes for _, _, codes in named], len(named)):
        return [cand.part(people=shared | mine, named_countries=shared_states | {
            c.code for c in mentions.countries if c.start in own}) for mine, own, _ in named]
    # Listed bodies that are not states ('the chair of the NATO Military Committee') hold no meeting of two states.
    stated = [mine for mine in states if mine]
    if len(stated) >= 2 and len(set().union(*stated)) == len(stated) and not _one_table(cand, stated, len(listed)):
        return [cand.part(people=shared | (mine & cand.people), named_countries=shared_states | codes)
                for mine, codes in zip(people, states) if codes]
    return [cand]


def _states_listed_under(anchor: Token, mentions: Mentions) -> list[str]:
    """'met counterparts from countries such as Cambodia, Canada and Vietnam': the states listed, each a state
    of its own, under the one object of a meeting."""
    verb = tg.verb_of(anchor)
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() not in MEETING_NOUNS]
    objects += _objects_of(anchor, ("on", "with"))  # 'held separate meetings with his X and Y counterparts'
    state_at = _state_at(mentions)
    for obj in objects[:1]:
        for tok in obj.subtree:
            if tok.dep_ != "conj" and tok.i in state_at and (codes := _states_coordinated(tok, state_at)):
                return codes
    return []


def _objects_of(anchor: Token, preps: tuple[str, ...]) -> list[Token]:
    """What the talks are with or on, whether the preposition hangs from the noun or from its verb."""
    return [g for c in [*anchor.children, *tg.verb_of(anchor).children] if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def _state_at(mentions: Mentions) -> dict[int, str]:
    """The state each token names, where it names a state and not a place in one."""
    return {i: c.code for c in mentions.countries if not c.is_place for i in range(c.start, c.end)}


def _states_coordinated(head: Token, state_at: dict[int, str]) -> list[str]:
    """'Cambodia, Canada and Vietnam': the states listed from `head`, each a state of its own; none when an item
    of the list names no state."""
    chain = _coordinated(head)
    codes = list(dict.fromkeys(state_at.get(t.i) for t in chain))
    return [c for c in codes if c] if len(chain) >= 2 and None not in codes and len(codes) == len(chain) else []


TOUR_VERBS = {"visit", "tour"}


def _verb_lemma(tok: Token) -> str:
    """'Visiting Chile and Brazil, ...': a participle that opens the sentence is often tagged a proper noun, and
    keeps its ending as its lemma."""
    word = tok.lemma_.lower()
    return word[:-3] if tok.pos_ == "PROPN" and tok.i == tok.sent.start and word.endswith("ing") else word


def _counterparts_on_tour(anchor: Token, mentions: Mentions) -> list[str]:
    """'Visiting Chile and Brazil, Lord Coaker held talks with his counterparts': the counterparts of each
    state toured, met there in turn."""
    if not any(g.lemma_.lower() == "counterpart" and g.tag_ == "NNS" for g in _objects_of(anchor, ("with",))):
        return []
    state_at = _state_at(mentions)
    for trip in (c for c in tg.verb_of(anchor).children if c.dep_ == "advcl" and _verb_lemma(c) in TOUR_VERBS):
        for obj in (c for c in trip.children if c.dep_ == "dobj"):
            if codes := _states_coordinated(obj, state_at):
                return codes
    return []


def split_destinations(cand: Candidate, mentions: Mentions) -> list[Candidate]:
    """'visited the nations of Turkmenistan and Uzbekistan', 'trips to Niger and Cameroon', 'will visit a few
    countries in Africa, Mauritius and the Seychelles': one visit per state
    visited, each with the visitor's side."""
    if cand.kind != "visit":
        return [cand]
    verbal = cand.anchor.pos_ == "VERB" or _verb_lemma(cand.anchor) in TOUR_VERBS
    heads = [c for c in cand.anchor.children if c.dep_ == "dobj" and verbal]
    heads += [g for c in cand.anchor.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
    # 'countries of Europe', 'will visit a few countries in Africa, Mauritius and the Seychelles'
    heads += [g for h in [*heads, cand.anchor] for c in h.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
              for g in c.children if g.dep_ == "pobj"]
    for head in heads:
        states: dict[str, CountryMention] = {}
        for item in _coordinated(head):
            own = _own_tokens(item)
            found = next((c for c in mentions.countries if c.start in own), None)
            if found is not None:
                states.setdefault(found.code, found)
        if len(states) >= 2:
            doc = cand.anchor.doc
            # the visitor's side, named in the subject: not 'to thank them for help during evacuations from Kabul'
            visitor = {t.i for c in cand.anchor.children if c.dep_ in ("poss", "amod", "compound") for t in c.subtree}
            if (subject := _subject_span(cand.anchor)) is not None:  # 'the ships will sail on and visit A and B'
                visitor |= set(range(subject[0], subject[1] + 1))
            others = {m.code for m in mentions.countries if m.start in visitor} & cand.named_countries - set(states)
            return [cand.part(named_countries=others | {code}, location=(doc[m.start:m.end].text, code))
                    for code, m in states.items()]
    return [cand]


DEFINITE = {"the", "this", "that", "their", "its", "his", "her", "these", "those"}


def anaphoric(tok: Token) -> bool:
    """'the accord', 'this agreement', 'their pact': a noun that points back to one named before.

    A definite noun that brings its own people, places or dates ('the visit of X to Y') introduces a new event.
    """
    definite = any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in tok.children)
    own = any(c.dep_ == "prep" and c.lower_ in ("of", "to", "by", "between", "with", "in", "on") for c in tok.children) \
        or any(c.dep_ == "appos" and c.text[:1].isupper() for c in tok.children)  # 'the exercise Khanjar-X': named
    dated = any(t.ent_type_ == "DATE" and not DURATION.search(t.text) for c in tok.children if c.dep_ not in ("relcl", "acl")
                for t in c.subtree)
    return tok.pos_ in ("NOUN", "PROPN") and definite and not own and not is_part(tok) and not dated


SCENE_PREPS = SETTING_PREPS | {"after", "following", "before"}


def scene(tok: Token) -> bool:
    """'During the meeting with General Kayani, the two sides discussed ...', 'during our meeting today': the
    event the sentence is set in, told before, even when the phrase names someone or a day of it (merging still
    asks that the days agree)."""
    definite = any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE | {"our"} for c in tok.children)
    return tok.pos_ == "NOUN" and definite and tok.dep_ == "pobj" and tok.head.lower_ in SCENE_PREPS


def talks_with(tok: Token) -> bool:
    """'The meeting with A marked the inaugural round of the committee': a definite meeting that is its sentence's
    subject and names only whom it was with points back to the talks told before, as 'during the meeting with A'
    does."""
    definite = any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)
    preps = [c.lower_ for c in tok.children if c.dep_ == "prep"]
    return tok.lemma_.lower() in MEETING_NOUNS and tok.dep_ in ("nsubj", "nsubjpass") and definite and preps == ["with"]


def is_part(tok: Token, editions: bool = True) -> bool:
    """'the first phase of the exercise': one part of a larger event, reported as an event of its own. 'The third
    edition of the exercise' names one occurrence of a series: no mention of the last one told, but the whole of the
    occurrence it stands for (`editions=False` leaves it out). 'As part of the visit' is the visit itself."""
    whole = tok.head.head
    part = whole.lemma_.lower()
    within = whole.head.lower_ == "as" and whole.dep_ == "pobj"
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and part in PARTS and (editions or part != "edition") and not within


AIMS = {"interest", "desire", "willingness", "wish", "intention", "interested", "keen", "eager"}
"""'expressed interest in purchasing boats': what is wished for, not done"""
PREPARED = {"preparation", "preparations", "readiness"}
"""'in preparation for the delivery of the aircraft': what is being prepared lies ahead"""


def _prepared(tok: Token) -> bool:
    return tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lower_ in PREPARED


def _awaited(tok: Token) -> bool:
    """'a seminar ahead of the exercise', 'talks ahead of the summit': the sentence tells what comes before the
    event, which is reported where it is told for itself."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ == "ahead"


def _offered(tok: Token, lex: Lexicon) -> bool:
    """'offered Bolivia the opportunity to send officers to take part in training': a course or drill offered
    or promised, not held."""
    return any(a.lemma_.lower() in _cue(lex, "chance_nouns") and a.pos_ == "NOUN" for a in tg.ancestors(tok, 5))


def _purpose(tok: Token, lex: Lexicon, kind: str) -> bool:
    """'arrived in Cairo for talks', 'in Canberra for a three-day visit': the aim of a trip, reported with the trip;
    'interest in purchasing': a wish, not an occurrence. Troops 'sent to X for
    training' or 'arriving for the exercise' are part of that training or exercise, which is told."""
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in ("for", "in") and tok.head.head.lower_ in AIMS:
        return True
    trips = _cue(lex, "motion_verbs") - ({"be"} if kind == "visit" else set())  # 'are in Brunei for a visit': the stay is the visit
    return kind not in ("training", "exercise") and tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in trips


def _practised_since(verb: Token) -> bool:
    """'have been conducting the exercise since 2017': a practice of years, not one occurrence ('has been
    visiting since Monday' is one)."""
    return verb.tag_ == "VBG" and any(c.lower_ == "been" for c in verb.children) and any(
        c.lower_ == "since" and any(dt.YEAR.fullmatch(t.text) for t in c.subtree) for c in verb.children)


def _habitual(verb: Token, lex: Lexicon) -> bool:
    """'the committee meets once a year', 'the navies exercise annually', 'the commission has met since 1999 on a
    regular basis': what happens as a rule, not an occurrence."""
    since = verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in verb.children) \
        and any(c.dep_ == "prep" and c.lower_ == "since" for c in verb.children)
    return (verb.tag_ in ("VBZ", "VBP") or since) and any(
        t.lower_ in _cue(lex, "habit_words") for c in verb.children if c.dep_ in ("advmod", "npadvmod", "prep") for t in c.subtree)


def _said_with_delight(verb: Token, lex: Lexicon) -> bool:
    """'I am delighted to welcome Minister A to Washington', 'It is a pleasure to host you here today': a host's
    words as the welcome takes place, not 'I would be happy to visit'."""
    head = verb.head
    governor = head.head if head.dep_ in ("acomp", "attr") else head
    delighted = head.lemma_.lower() in _cue(lex, "delights") or head.lower_ in _cue(lex, "delights") or any(
        c.dep_ in ("acomp", "attr") and c.lower_ in _cue(lex, "delights") for c in head.children)
    return delighted and not any(c.dep_ == "aux" and c.lower_ in _cue(lex, "future_aux") | _cue(lex, "hedges") | {"'d"}
                                 for c in governor.children)


def _bare_infinitive(tok: Token, lex: Lexicon) -> bool:
    """'rules for the forces to train': an infinitive nobody plans or agrees to is a possibility, not an event."""
    if not tg.infinitive(tok):
        return False
    return tg.path_has_xcomp_to(tok, _cue(lex, "plan_heads") | {"begin", "start", "continue"}) is None and \
        tok.head.lemma_.lower() not in _cue(lex, "plan_heads") | _cue(lex, "motion_verbs") | _cue(lex, "sign_verbs") \
        | _cue(lex, "document_nouns")  # 'signed a memorandum to establish a joint committee'


RANKS = {"first", "last", "only"}


def _ranked_doer(tok: Token) -> bool:
    """'Became the first British defence minister to visit Mongolia', 'the last US secretary to visit Argentina
    was A', 'the first time in seven years for a minister to visit Italy': an infinitive that ranks whoever did
    it among those who did the same tells that it was done."""
    head = tok.head
    nouns = [head] if head.pos_ in ("NOUN", "PROPN") else [c for c in head.children if c.dep_ in ("attr", "dobj")]
    return tg.infinitive(tok) and tok.dep_ in ("acl", "relcl", "xcomp") and any(
        c.lower_ in RANKS or c.tag_ == "JJS" or c.ent_type_ == "ORDINAL" for noun in nouns for c in noun.children)


def _continuation(cand: Candidate, lex: Lexicon) -> bool:
    """'The exercise will end on May 10': the schedule of an event already reported, not a new one. 'Their
    first-ever joint exercise ended on May 4' is news of its own."""
    first = any(c.ent_type_ == "ORDINAL" or c.lower_ in ("maiden", "inaugural") for c in cand.anchor.children)
    return anaphoric(cand.anchor) and not first and cand.anchor.head.lemma_.lower() in _cue(lex, "continuations")


def _subject_span(verb: Token) -> tuple[int, int] | None:
    """The verb's subject, or its head's when it is a second verb ('A arrived and thanked B'). Of two subjects
    the one nearer the verb: a dateline before the sentence is parsed as a subject too ('LA PAZ, March 30 —
    President A thanked ...')."""
    for tok in (verb, verb.head if verb.dep_ == "conj" else verb):
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            nearest = min(subjects, key=lambda c: abs(c.i - tok.i))
            return nearest.left_edge.i, nearest.right_edge.i
    return None


def confidence(cand: Candidate) -> float:
    """A plain score from the evidence present, averaged with the detector's probability when it ran; not a
    calibrated probability."""
    score = 0.45
    score += 0.2 if cand.anchor.pos_ == "VERB" else 0.1
    score += 0.1 if cand.date.known else 0.0
    score += 0.1 if len(cand.people) >= 2 or len(cand.named_countries) >= 2 else 0.0
    score += 0.05 if cand.location else 0.0
    score = min(score, 0.95)
    return round(score if cand.detected is None else (score + cand.detected) / 2, 2)


def _within_visit(frame: Candidate, part: Candidate) -> bool:
    """'X, who is on a four-day visit to Y, visited a school on Monday': a place visited on a day of a visit
    that frames the sentence; that day is not the visit's, which began before it. 'Arrived on a visit on
    Monday' is the visit's first day, and so is 'on a visit from today'."""
    return frame.kind == part.kind == "visit" and _framing(frame.anchor) and frame.date.precision != "day" \
        and part.anchor.pos_ == "VERB" and part.anchor.lemma_.lower() == "visit"


def listed_documents(a: Candidate, b: Candidate) -> bool:
    """'signed a training agreement, a financial protocol and an aid protocol': documents listed side by side,
    with no verb between them, are signed as one each."""
    first, last = sorted((a.anchor, b.anchor), key=lambda t: t.i)
    between = first.doc[first.i + 1:last.i]
    return a.kind == b.kind == "agreement" and first.sent.start == last.sent.start and first.pos_ == last.pos_ == "NOUN" \
        and not any(t.pos_ in ("VERB", "AUX") or t.lower_ in ("of", "under") for t in between) \
        and any(t.text == "," or t.lower_ == "and" for t in between)


def _document(anchor: Token) -> str | None:
    """The head word of the document an agreement's trigger names: itself, or what its verb signed."""
    if anchor.pos_ in ("NOUN", "PROPN"):
        return anchor.lemma_.lower()
    return next((c.lemma_.lower() for c in anchor.children if c.dep_ in ("dobj", "nsubjpass")), None)


def _also(verb: Token) -> bool:
    """'also signed', 'also met': one more of what was told."""
    return verb.pos_ == "VERB" and any(c.lower_ == "also" for c in verb.children)


def another_document(a: Candidate, b: Candidate) -> bool:
    """'signed standard operating procedures ... The two admirals also signed a joint communique': 'also' with
    another document is a second signing, not the first told again."""
    also = _also(b.anchor)
    first, then = _document(a.anchor), _document(b.anchor)
    return a.kind == b.kind == "agreement" and also and first is not None and then is not None and first != then


def another_meeting(a: Candidate, b: Candidate) -> bool:
    """'Earlier in the day, A also met General B': 'also met' someone named is a further meeting, even with one
    who sat in on the talks told before. So is 'A met B' after 'A held a number of meetings': one of those,
    told on its own."""
    verb = b.anchor
    objects = [c for c in verb.children if c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in ("with", "on")]
    named = any(t.ent_type_ == "PERSON" for c in objects for t in c.subtree)
    if b.kind != "meeting" or not named or verb.lemma_.lower() not in CALL_VERBS:
        return False
    several = a.kind == "meeting" and any(t.tag_ == "NNS" and t.lemma_.lower() == "meeting" for s in a.sentences for t in s)
    return _also(verb) or several and bool(b.people - a.people)


def _merge_sentence(cands: list[Candidate]) -> list[Candidate]:
    """Several trigger words of one kind in one sentence are one event unless their dates differ."""
    out: list[Candidate] = []
    for cand in cands:
        same = next((o for o in out if o.anchor.i != cand.anchor.i and o.kind == cand.kind and o.status == cand.status
                     and o.planned_kind == cand.planned_kind and not listed_documents(o, cand)
                     and dt.compatible(o.date.value, cand.date.value) and not told_apart(o, cand)
                     and not _meetings_in_turn(o, cand)
                     and (not o.people or not cand.people or o.people & cand.people
                          or tg.verb_of(o.anchor).i == tg.verb_of(cand.anchor).i)), None)
        if same is None:
            out.append(cand)
            continue
        same.people |= cand.people
        if _within_visit(same, cand) or _within_visit(cand, same):
            value = dt.finer(same.date.value, cand.date.value)
            same.date = month_of(dt.DateValue(value, dt.precision_of(value)))  # 'on a visit to Y, visited a school on Monday'
        elif len(cand.date.value or "") > len(same.date.value or ""):
            same.date, same.own_date = cand.date, cand.own_date
        elif cand.date.value == same.date.value:
            same.own_date = same.own_date or cand.own_date  # 'convened the second round of talks on Monday'
        same.confidence = max(same.confidence, cand.confidence)
    return out


def told_apart(a: Candidate, b: Candidate) -> bool:
    """One report's own day was told but cannot be resolved (see `_undated_page_day`), the other names a day of
    its own: two occurrences ('hosted this Monday the second meeting'; 'the inaugural talks in September 2024')."""
    return any(x.own_date and not x.date.known and y.own_date and y.date.known for x, y in ((a, b), (b, a)))


def _meetings_in_turn(a: Candidate, b: Candidate) -> bool:
    """'would call on the minister A and hold talks with the army chief B': meetings told by two verbs joined by
    'and', each with someone the other has not, are one with each."""
    if (a.planned_kind or a.kind) != "meeting" or (b.planned_kind or b.kind) != "meeting":
        return False
    first, second = sorted((tg.verb_of(a.anchor), tg.verb_of(b.anchor)), key=lambda t: t.i)
    joined = second.dep_ == "conj" and second.head.i == first.i
    return joined and bool(a.people - b.people) and bool(b.people - a.people)
