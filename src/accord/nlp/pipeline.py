"""Load the spaCy model named in the settings, once per process, with Accord's sentence guard."""
from __future__ import annotations

import importlib
import re
from functools import lru_cache

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from ..errors import ModelError
from .dates import MONTHS

# Components Accord reads: the tagger and lemmatizer for trigger words, the
# parser for attachment and sentences, NER for names, places and dates.
NEEDED = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "accord_sentence_guard", "accord_date_guard"}
_ABBREVIATION = re.compile(r"^(?:[A-Z]|Gen|Lt|Col|Maj|Brig|Capt|Adm|Cdr|Cdre|Cmdre|Cmdr|Sgt|Gov|Sen|Rep|Mr|Mrs|Ms|Dr|Hon|Prof|Rev|St|No|Sr|Jr)\.$")
_INITIALS = re.compile(r"^(?:[A-Z]\.){2,}$")
"""'U.S. Navy Adm. X visited': initials end a sentence only before a word that starts one ('... in the U.S. The
minister said')."""
_ENDINGS = (".", "!", "?", "”", "\"", "’", "»")
# Words that start a sentence after a closing quote that lost its full stop ('... divergences” The army chief').
MAX_SENTENCE_TOKENS = 150
"""Longer runs are cut at a comma (or at twice this length): news sentences stay well below it."""
GLUED_YEAR = r"(?<=\b(?:19|20)\d{2})(?=[A-Z][a-z])"
"""'March 06, 2024State Minister met ...': a page that lost the break after its date line. The year and the word
are two tokens, so the date is whole and the name is a name; the text keeps its characters."""
GLUED_CREDIT = r"\)(?=:[A-Z])|(?<=\)):(?=[A-Z])"
"""'KUWAIT, Feb 20 (APP):Chief of Army Staff ...': an agency's credit glued to the first word of the story. The
bracket and the colon are tokens of their own, so the office that follows is read whole."""
_STARTERS = {"the", "a", "an", "he", "she", "it", "they", "this", "these", "his", "her", "their", "in", "on", "meanwhile", "however"}


@Language.component("accord_sentence_guard", assigns=["token.is_sent_start"])
def sentence_guard(doc: Doc) -> Doc:
    """News copy breaks sentences at punctuation and line ends only; the small parser also breaks
    before a capitalised rank ("... Minister | Col Gen X"), which cuts names and events in two.

    The decisions are written in one array: setting `is_sent_start` token by token costs a scan of the whole
    document each time, which made a run-on page of 24,000 tokens take nine seconds here.
    """
    starts = doc.to_array([SENT_START]).reshape(-1).astype("int64")
    since = 0
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        since += 1
        if prev.is_space and "\n" in prev.text:
            starts[tok.i] = -1 if _line_carries_on(doc, tok.i) else 1
        elif prev.text in ("”", "»") and tok.is_title and tok.lower_ in _STARTERS:
            starts[tok.i] = 1
        elif since <= 10 and _after_agency_dateline(doc, tok.i):
            starts[tok.i] = 1
        elif since >= MAX_SENTENCE_TOKENS and (prev.text in (",", ";", ":") or since >= 2 * MAX_SENTENCE_TOKENS):
            starts[tok.i] = 1  # a run-on 'sentence' of thousands of words would make every later step slow
        elif not prev.is_space and (not prev.text.endswith(_ENDINGS) or _ABBREVIATION.match(_word_before(doc, tok.i))
                                    or _INITIALS.match(prev.text) and tok.lower_ not in _STARTERS):
            starts[tok.i] = -1
        if starts[tok.i] == 1:
            since = 0
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
    return doc


_OPEN_TAGS = {"IN", "DT", "CC", "TO", "PRP$", "POS"}
"""Words no sentence ends on: 'signed by the ministers of' carries on over the line break."""


def _line_carries_on(doc: Doc, i: int) -> bool:
    """Copy wrapped at a fixed width ('signed a defence' / 'cooperation agreement'): a single line break inside a
    sentence, told by a line that ends on no stop and a next one that opens in lower case, or by a last word
    that cannot end a sentence. A blank line always parts sentences."""
    if i < 2 or doc[i - 1].text.strip(" ") != "\n" or doc[i - 2].is_space:
        return False
    last = doc[i - 2]
    return not last.text.endswith(_ENDINGS) and (doc[i].is_lower or last.tag_ in _OPEN_TAGS)


def _after_agency_dateline(doc: Doc, i: int) -> bool:
    """'New Delhi, Sep 20 (PTI) India and Indonesia began ...': a wire's dateline with no stop or dash before the
    news is no part of its sentence, which the parser would otherwise give the city for a subject."""
    if i < 4 or doc[i - 1].text != ")" or doc[i - 3].text != "(" or not doc[i].text[:1].isupper():
        return False
    agency, day = doc[i - 2], doc[i - 4]
    return agency.text[:1].isupper() and day.like_num and i - 5 >= 0 and doc[i - 5].lower_.rstrip(".") in MONTHS


def _word_before(doc: Doc, i: int) -> str:
    """The word before token `i` with its full stop: 'Hon.' comes out of the tokenizer as 'Hon' and '.'."""
    prev = doc[i - 1]
    if prev.text == "." and i >= 2 and not doc[i - 2].whitespace_:
        return doc[i - 2].text + "."
    return prev.text


@Language.component("accord_date_guard", assigns=["doc.ents"])
def date_guard(doc: Doc) -> Doc:
    """'signed 22 November 2022': the tagger may read the day as a number of its own and date the event by its month
    only. A day number just before a date that opens with a month name belongs to that date. 'On this very day 101
    years ago': the years counted back belong to the day they count from."""
    ents: list[Span] = []
    changed = False
    for ent in doc.ents:
        day = ents[-1] if ents else None
        if day is not None and ent.start < day.end:
            continue  # '101' read as a number of its own, now inside '... 101 years ago'
        if ent.label_ == "DATE" and day is not None and day.label_ == "CARDINAL" and day.end == ent.start and len(day) == 1 \
                and day.text.isdigit() and 1 <= int(day.text) <= 31 and ent[0].lower_.rstrip(".") in MONTHS:
            ents[-1] = Span(doc, day.start, ent.end, label="DATE")
            changed = True
        elif ent.label_ == "CARDINAL" and day is not None and day.label_ == "DATE" and day.end == ent.start \
                and len(day) == 1 and day[0].lower_.rstrip(".") in MONTHS and ent.text[:1].isdigit():
            ents[-1] = Span(doc, day.start, ent.end, label="DATE")  # 'April' cut from a place's name, then '20-22'
            changed = True
        elif ent.label_ == "DATE" and day is not None and day.label_ == "DATE" and day.end == ent.start \
                and ent[-1].lower_ == "ago":
            ents[-1] = Span(doc, day.start, ent.end, label="DATE")
            changed = True
        elif ent.label_ == "DATE" and _years_ago(doc, ent.end):
            ents.append(Span(doc, ent.start, ent.end + 3, label="DATE"))
            changed = True
        elif ent.label_ not in ("DATE", "PERSON") and (k := _date_tail(ent)) is not None:
            ents += [Span(doc, ent.start, k, label=ent.label_), Span(doc, k, ent.end, label="DATE")]
            changed = True
        else:
            ents.append(ent)
    if changed:
        doc.ents = ents
    return doc


def _date_tail(ent: Span) -> int | None:
    """'visited the Dominican Republic April 20': the tagger may read a date written straight after a place as
    part of the place's name. Where the name ends on a month and day, that tail is the date: its first token. A
    person's name is left whole: it may end on a month's name ('Theresa May 10 years ago')."""
    for k, tok in enumerate(ent[1:], 1):
        tail = ent[k:]
        after = tail[1:2].text if len(tail) > 1 else ent.doc[ent.end:ent.end + 1].text  # 'April' + '20-22' apart
        if tok.text[:1].isupper() and tok.lower_.rstrip(".") in MONTHS and after[:1].isdigit() \
                and all(t.like_num or t.text in ("-", "–", ",") or t.text[:1].isdigit() for t in tail[1:]):
            return ent.start + k
    return None


def _years_ago(doc: Doc, i: int) -> bool:
    """'101 years ago' from token `i`, outside any named entity."""
    words = doc[i:i + 3]
    return len(words) == 3 and words[0].like_num and words[1].lower_ in ("year", "years") and words[2].lower_ == "ago" \
        and all(t.ent_type_ in ("", "CARDINAL") for t in words)


@lru_cache(maxsize=2)
def load(model: str) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError:
        try:
            nlp = importlib.import_module(model).load()
        except (ImportError, AttributeError, OSError) as err:
            raise ModelError(f"cannot load spaCy model '{model}': {err}; install it or set ACCORD_MODEL") from err
    for name in list(nlp.pipe_names):
        if name not in NEEDED:
            nlp.disable_pipe(name)
    if isinstance(nlp.tokenizer, Tokenizer) and nlp.tokenizer.infix_finditer is not None:
        infixes = nlp.tokenizer.infix_finditer.__self__.pattern
        nlp.tokenizer.infix_finditer = re.compile(f"{infixes}|{GLUED_YEAR}|{GLUED_CREDIT}").finditer
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("accord_sentence_guard", before="parser")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("accord_date_guard", after="ner")
    return nlp
