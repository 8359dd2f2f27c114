"""Event triggers: lexicon patterns matched on lemmas, then kept or vetoed by the parse around them."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spacy.language import Language
from spacy.attrs import LEMMA, LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from ..lexicon import Lexicon

QUOTES_OPEN = {"“", "\"", "«"}
QUOTES_CLOSE = {"”", "»"}


@dataclass
class Trigger:
    kind: str
    token: Token


@dataclass
class _Compiled:
    """The trigger patterns, and the words a match can open with: the matcher then runs only where one of
    them stands, since most words of an article open no pattern and matching every token costs."""
    matcher: Matcher
    openers: np.ndarray | None  # hashes of the LEMMA or LOWER values a first token can take; None: any token
    width: int  # the most tokens one match can span


_MATCHERS: dict[tuple[int, int], _Compiled] = {}


def _matcher(nlp: Language, lex: Lexicon) -> _Compiled:
    key = (id(nlp), id(lex))
    if key not in _MATCHERS:
        matcher = Matcher(nlp.vocab)
        every = []
        for kind, patterns in lex.patterns.items():
            patterns = patterns + [_lowered(p) for p in patterns if _lowered(p) != p]
            matcher.add(kind, patterns)
            every += patterns
        _MATCHERS[key] = _Compiled(matcher, _openers(every, nlp), max(map(len, every), default=0))
    return _MATCHERS[key]


def _openers(patterns: list[list[dict]], nlp: Language) -> np.ndarray | None:
    words: set[str] = set()
    for pattern in patterns:
        first = pattern[0]
        value = first.get("LEMMA", first.get("LOWER"))
        if "OP" in first or any("OP" in tok and tok["OP"] not in ("?", "!") for tok in pattern):
            return None  # an optional first token, or a repeated one: a match may open anywhere, or run long
        if isinstance(value, str):
            words.add(value)
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words.update(value["IN"])
        else:
            return None
    return np.array(sorted(nlp.vocab.strings.add(w) for w in words), dtype="uint64")


def _lowered(pattern: list[dict]) -> list[dict]:
    """The same pattern on the lower-cased word: a proper noun keeps its capital in its lemma ('Agreement')."""
    return [{("LOWER" if k == "LEMMA" else k): v for k, v in tok.items() if not (k == "POS" and "LEMMA" in tok)}
            if "LEMMA" in tok else tok for tok in pattern]


def find(span: Span | Doc, nlp: Language, lex: Lexicon) -> list[Trigger]:
    """Trigger words in a sentence or a whole document, one per kind and token, in text order."""
    compiled = _matcher(nlp, lex)
    doc = span if isinstance(span, Doc) else span.doc
    offset = 0 if isinstance(span, Doc) else span.start
    seen: set[tuple[str, int]] = set()
    found: list[Trigger] = []
    for match_id, start, end in _matches(compiled, span):
        kind = nlp.vocab.strings[match_id]
        head = doc[start + offset:end + offset].root  # 'courtesy call', 'telephone call': the word the parse hangs on
        if head.dep_ == "compound" and head.head.i == head.i + 2 and doc[head.i + 1].tag_ == "HYPH":
            head = head.head  # 'the hand-over of four patrol boats': the hyphened word is one noun
        key = (kind, head.i)
        if key not in seen:
            seen.add(key)
            found.append(Trigger(kind, head))
    return sorted(found, key=lambda t: t.token.i)


def _matches(compiled: _Compiled, span: Span | Doc) -> list[tuple[int, int, int]]:
    """What the matcher finds in `span`, matched only at the tokens a pattern can open with."""
    if compiled.openers is None:
        return compiled.matcher(span)
    doc, offset = (span, 0) if isinstance(span, Doc) else (span.doc, span.start)
    words = doc.to_array([LEMMA, LOWER])[offset:offset + len(span)] if len(span) else np.zeros((0, 2), dtype="uint64")
    starts = np.flatnonzero(np.isin(words, compiled.openers).any(axis=1))
    found = []
    for start in starts.tolist():
        window = span[start:start + compiled.width]
        found += [(match_id, start, start + end) for match_id, begin, end in compiled.matcher(window) if begin == 0]
    return found


def in_quotes(token: Token, sent: Span) -> bool:
    """Inside a quotation: reported wording, not the article's own claim. A short quoted name with no verb
    ('the "Exercise Tiger Lightning-3" will be held', the ship 'Somudra Avijan') is the article's own words."""
    opened: list[int] = []
    straight: int | None = None
    for tok in sent:
        if tok.i >= token.i:
            break
        if tok.text in QUOTES_OPEN - {"\""}:
            opened.append(tok.i)
        elif tok.text in QUOTES_CLOSE and opened:
            opened.pop()
        elif tok.text == "\"":
            straight = tok.i if straight is None else None
    if not opened and straight is None:
        return False
    start = max(opened + ([straight] if straight is not None else []))
    closing = next((t.i for t in sent.doc[token.i:sent.end] if t.text in QUOTES_CLOSE | {"\""}), None)
    quoted = sent.doc[start + 1:closing] if closing is not None else None
    return quoted is None or len(quoted) > 6 or not quoted[0].is_title or any(t.pos_ in ("VERB", "AUX") for t in quoted)


def ancestors(token: Token, limit: int = 4) -> list[Token]:
    out: list[Token] = []
    tok = token
    while tok.head.i != tok.i and len(out) < limit:
        tok = tok.head
        out.append(tok)
    return out


TIME_MARKS = {"when", "after", "as", "while", "since", "before", "once"}


def first_conjunct(tok: Token) -> Token:
    """The head of the list a word ends ('training' of 'counter-terrorism and training', the first of two
    coordinated verbs), where its role and subject are told."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def infinitive(verb: Token) -> bool:
    """'to sign', 'to be held': a verb with its 'to'."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def path_has_xcomp_to(token: Token, heads: set[str], limit: int = 5, holding: set[str] | None = None) -> Token | None:
    """The governing verb in `heads` reached through an open clause (agreed *to hold*, plans *to visit*). With
    `holding`, the clause must be the event's own or one that holds it: 'an action plan to expand ties following
    a summit' puts the summit in no plan."""
    tok = token
    through_clause = False
    for _ in range(limit):
        if tok.head.i == tok.i:
            return None
        if tok.dep_ == "advcl" and tok.tag_ == "VBD" and any(c.dep_ in ("mark", "advmod") and c.lower_ in TIME_MARKS for c in tok.children):
            return None  # 'agreed to the partnership when the latter paid a visit': the visit was paid
        if tok.dep_ in ("xcomp", "ccomp", "advcl", "acl") or infinitive(tok):
            if holding is not None and not through_clause and tok.i != token.i and tok.lemma_.lower() not in holding:
                return None
            through_clause = True
        tok = tok.head
        if (tok.lemma_.lower() in heads or tok.lower_ in heads) and through_clause:
            return tok  # the word as written too: the tagger lemmatises 'hoping' as 'hop'
    return None


def verb_above(token: Token) -> Token | None:
    """The verb a word belongs to: the first verb at or above it, however far up."""
    return next((a for a in [token, *token.ancestors] if a.pos_ in ("VERB", "AUX")), None)


def verbal(tok: Token) -> bool:
    """A verb by its tag and its place: 'Joint drills will be held' tagged as a verb is still the subject."""
    return tok.pos_ in ("VERB", "AUX") and not (tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ != "VBG")


def verb_of(token: Token) -> Token:
    tok = token
    for _ in range(4):
        if verbal(tok) or tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def has_aux(token: Token, words: set[str]) -> bool:
    for tok in [token, *ancestors(token, 3)]:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in words for c in tok.children):
            return True
        if verbal(tok) and (tok.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "relcl", "acl", "pcomp") or _tensed(tok)):
            break
    return False


def _tensed(verb: Token) -> bool:
    """'The weapons will equip marines who are being trained': a clause with a tense of its own keeps its time;
    the 'will' of the clause it hangs on is not its."""
    return verb.dep_ != "xcomp" and (verb.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP") for c in verb.children))


FAILED = {"fail", "unable"}


def negated(token: Token) -> bool:
    """'did not sign', and 'was not able to conduct his visit', 'failed to attend': the verb it hangs on, or the
    one that verb completes, is negated; 'without talks' has none."""
    noun = token.head if token.dep_ == "compound" else token
    if noun.dep_ == "pobj" and noun.head.lower_ == "without":
        return True  # 'planned the exercise without any physical meet-ups'
    verb = verb_of(token)
    chain = [token, verb]
    while chain[-1].dep_ in ("xcomp", "acomp") and len(chain) < 5:
        chain.append(chain[-1].head)
    return any(c.dep_ == "neg" for t in chain for c in t.children) or any(t.lemma_.lower() in FAILED for t in chain[2:])


def perfect(token: Token) -> bool:
    """'has bought', 'have signed': a tally over time more often than the news of the day."""
    verb = verb_of(token)
    return any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for c in verb.children)


def past_perfect(token: Token) -> bool:
    verb = verb_of(token)
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)
