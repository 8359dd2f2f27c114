"""Mentions in one parsed document: states, people (with rank and office), descriptions and pronouns.

Names come from the shape of the text, not from a list of people: a run of
capitalised words that are not office, rank or place words, confirmed by NER
or by a rank or office word right before it.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..lexicon import Lexicon, is_ship_prefix, member_list_words, reporter_words, ship_state, state_words
from ..nlp import dates as dt
from ..offices import PAST
from . import quotes
from .transcript import FIRST_PERSON, turns
from .names import clean_name, without_particle

CONNECTORS = {"of", "the", "for", "-", "(", ")", "'s", "’s", "in", "and", "&"}
DASHES = {"-", "–", "—", "--"}
QUOTES = {"'", "‘", "’", '"', "“", "”"}
RETIRED = {"retired", "retd", "retd.", "(retd)", "(retired)", "r", "rtd", "ret"}
"""'Maj Gen (r) A', 'Lt Gen (Retd.) B': a retired officer's mark between rank and name."""
NAME_PARTICLES = {"de", "da", "di", "du", "van", "von", "der", "den", "bin", "bint", "ibn", "al", "el", "la", "le", "del", "dos"}
DETERMINERS = {"the", "his", "her", "its", "their"}
INDEFINITE = {"a", "an", "any", "every", "no", "another", "each"}
NAME_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}
PRONOUNS = {"he", "his", "him", "she", "her", "hers"}
DESIGNATION = re.compile(r"[A-Z][A-Za-z]{0,3}-?\d{1,4}[A-Z]{0,4}")
"""'KC-390', 'F-16', 'C-130J', 'Su-30MKI': the designation of a type of aircraft or vehicle."""
PLURAL_WORDS = {"two", "both", "and", "respective"}
"""Words of a plural description that are no part of its office: 'the two', 'both', 'X and Y's respective'."""
NON_PERSON_ENTS = {"GPE", "LOC", "FAC", "NORP", "ORG", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "DATE", "LANGUAGE"}
MONTHS_DAYS = set("january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday".split())


@dataclass
class CountryMention:
    start: int
    end: int
    code: str
    is_place: bool


@dataclass
class PersonMention:
    start: int
    end: int
    name: str
    surface: str
    rank: str | None = None
    office: str | None = None
    country: str | None = None
    caption: bool = False
    cluster: int = -1
    context_start: int = -1
    cued: bool = False


@dataclass
class Reference:
    """A pronoun or a description ('the COAS', 'the Russian deputy defence minister') that points to a person."""

    start: int
    end: int
    text: str
    office: str | None
    country: str | None
    cluster: int = -1
    said_by: int | None = None
    """For an 'I' inside a quotation: the token heading the phrase that names who says it."""
    plural: bool = False
    """One holder of a plural description ('the defence ministers of X and Y', 'the two army chiefs')."""


@dataclass
class OrgMention:
    name: str
    short: str | None
    country: str | None
    role: str


@dataclass
class Mentions:
    countries: list[CountryMention] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)
    organizations: list[OrgMention] = field(default_factory=list)


def _is_cap(tok: Token) -> bool:
    return bool(tok.text) and tok.text[0].isupper()


def _word(tok: Token) -> str:
    return tok.text.lower().rstrip(".")


def _honorific(tok: Token, lex: Lexicon) -> bool:
    """'Hon', 'Dr.', 'Madam': a word of courtesy before a name (the cue `honorifics`), no office and no part of it."""
    return _word(tok) in lex.cues.get("honorifics", set())


FEATURES = {"sea", "ocean", "strait", "straits", "gulf", "bay", "river", "mountains", "peninsula", "lake", "island",
            "islands", "canal", "desert", "coast", "plateau", "valley", "basin"}
GUARDS = {"guard", "guards"}
"""'the Belize Coast Guard' is a state's service, not a coast."""


TEXTS = {"protocol", "accord", "accords", "agreement", "agreements", "convention", "declaration", "treaty", "charter",
         "communique", "code", "format", "process", "amendment", "document", "principles"}
"""'the Geneva Convention', 'the Minsk Agreements': a city that names a text signed there, not its state."""


def _names_a_text(span: Span) -> bool:
    """'Geneva' in 'the Geneva Convention of 1949' names the convention, not Switzerland."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return after is not None and after.text[:1].isupper() and after.lower_ in TEXTS


CONTINENTS = {"america": {"latin", "south", "north", "central"}}
"""A state's name that is also part of a continent's: 'Latin America' is no mention of the United States."""


def _inside_place_name(span: Span) -> bool:
    """'China' in 'the South China Sea' or 'Guinea' in 'the Gulf of Guinea' names a sea, not a state; 'America'
    in 'Latin America' a continent."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in CONTINENTS.get(span.text.lower(), set()):
        return True
    if span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in FEATURES \
            and doc[span.start - 2].text[:1].isupper():
        return True
    end = span.end
    while end < len(doc) and end - span.end < 3 and doc[end].text[:1].isupper():
        if doc[end].lower_ in FEATURES and not (end + 1 < len(doc) and doc[end + 1].lower_ in GUARDS):
            return True
        end += 1
    return False


USA = re.compile(r"\s*,\s*(?:United States(?: of America)?|USA|U\.S\.A?\.?|US)\b(?!\s*(?:,|and)\s*(?:the\s+)?[A-Z])")
"""', United States' after a name, not as one item of a list of states ('India, the United States, Japan')."""


def _state_of_the_union(span: Span) -> bool:
    """'Moody Air Force Base, Georgia, United States': a state of the US named like a country."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    return bool(USA.match(doc[span.end:min(span.end + 8, len(doc))].text))


_PHRASES: dict[tuple[int, int], PhraseMatcher] = {}


def _phrases(nlp: Language, lex: Lexicon) -> PhraseMatcher:
    """One matcher per pipeline and lexicon for every name, demonym and place of a state."""
    key = (id(nlp), id(lex))
    if key not in _PHRASES:
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Written forms as they appear in text: the tokenizer splits 'u.s.' and 'U.S.' differently.
        forms = {f for t in set(lex.country_terms) | set(lex.place_terms) for f in (t, t.title(), t.upper())}
        matcher.add("STATE", [nlp.make_doc(f) for f in forms] + [nlp.make_doc("the " + f) for f in forms])
        _PHRASES[key] = matcher
    return _PHRASES[key]


def country_mentions(doc: Doc, lex: Lexicon, nlp: Language) -> list[CountryMention]:
    """States named by name, demonym or a city that stands for them; the longest reading wins."""
    found: list[CountryMention] = []
    spans = filter_spans([doc[s:e] for _, s, e in _phrases(nlp, lex)(doc)])
    reporters = _reporter_names(doc, lex)
    for span in spans:
        if not doc[span.start].text[:1].isupper() and not (doc[span.start].lower_ == "the" and len(span) > 1):
            continue
        key = re.sub(r"^the ", "", span.text.lower())
        code = lex.country_terms.get(key) or lex.place_terms.get(key)
        if code is None or _inside_place_name(span) or _state_of_the_union(span) or (key == "us" and span[-1].text != "US"):
            continue
        if any(a <= span.start_char and span.end_char <= b for a, b in reporters):
            continue  # 'as reported by Agence France-Presse': the agency's name, not a state of the story
        if key in lex.place_terms and (_in_a_name(span) or _honoured_name(span, lex) or _names_a_text(span)):
            continue  # 'Carlos Andrade Lima', 'Aden Duale', 'the Geneva Convention': a person or a text, not a city
        found.append(CountryMention(span.start, span.end, code, key in lex.place_terms))
    found += _accented(doc, lex, {i for span in spans for i in range(span.start, span.end)})
    taken = {i for c in found for i in range(c.start, c.end)}
    for tok in doc[:-2]:
        code = lex.combining_forms.get(tok.lower_)
        if code and tok.i not in taken and not tok.whitespace_ and doc[tok.i + 1].text == "-" \
                and _names_a_state(doc[tok.i + 2], taken, lex):
            found.append(CountryMention(tok.i, tok.i + 1, code, False))  # 'Indo-German'
            clipped = _clipped(doc[tok.i + 2], lex)
            if clipped and tok.i + 2 not in taken:
                found.append(CountryMention(tok.i + 2, tok.i + 3, clipped, False))  # 'Indo-Pak'
    for tok in doc[:-1]:
        code = ship_state(lex, tok.text)
        if code and tok.i not in taken and _is_cap(doc[tok.i + 1]):
            found.append(CountryMention(tok.i, tok.i + 1, code, False))  # 'HMS Tamar': a British ship
    return sorted(found + _forces_by_acronym(doc, found, lex), key=lambda c: c.start)


def _forces_by_acronym(doc: Doc, found: list[CountryMention], lex: Lexicon) -> list[CountryMention]:
    """'Uganda Peoples' Defence Forces (UPDF) ... The UPDF delegation', 'the FARDC side': a state's forces named
    by their acronym stand for the state. The acronym is a known force's (organizations.tsv), or one the text
    spells out with one state and no city in its long form. A known force's acronym counts in a story that names
    its state otherwise."""
    taken = {i for c in found for i in range(c.start, c.end)}
    named = {c.code for c in found}  # 'PAF' is Pakistan's air force in a story of Pakistan, not in one of the Philippines
    states = {short: state for short, (_, state, role) in lex.organizations.items() if role == "military" and state in named}
    for acronym, _, start, end in acronym_definitions(doc.text):
        inside = {(c.code, c.is_place) for c in found if start <= doc[c.end - 1].idx < end}
        codes = {code for code, _ in inside}
        states.pop(acronym.lower(), None)  # the text's own long form outranks the list: 'Philippine Air Force (PAF)'
        if len(codes) == 1 and not any(place for _, place in inside):
            states[acronym] = codes.pop()
    return [CountryMention(tok.i, tok.i + 1, state, False) for tok in doc
            if tok.text.isupper() and (state := states.get(tok.text) or states.get(tok.lower_)) and tok.i not in taken
            and not (tok.i > 0 and doc[tok.i - 1].text == "(")]


def _reporter_names(doc: Doc, lex: Lexicon) -> list[tuple[int, int]]:
    """Where the text spells out a news agency or press office, which may name a state ('Agence France-Presse',
    'Associated Press of Pakistan')."""
    return [m.span() for m in reporter_words(lex).finditer(doc.text)]


def _in_a_name(span: Span) -> bool:
    """'Carlos Andrade Lima', 'Defence Cabinet Secretary Aden Duale': a city's name inside a person's, or opening
    one that the tagger reads on into the next word, is part of that name."""
    doc, first = span.doc, span.doc[span.start]
    if first.ent_type_ != "PERSON":
        return False
    return first.ent_iob_ == "I" or span.end < len(doc) and doc[span.end].ent_iob_ == "I"


def _honoured_name(span: Span, lex: Lexicon) -> bool:
    """'Hon. Aden Duale', 'Dr Victoria Mensah': a city's name after an honorific and before another capitalised word
    opens a person's name, whatever the tagger reads."""
    doc = span.doc
    k = span.start - 1
    if k >= 0 and doc[k].text == ".":
        k -= 1
    return k >= 0 and _honorific(doc[k], lex) and span.end < len(doc) \
        and _is_cap(doc[span.end]) and doc[span.end].is_alpha


def _clipped(tok: Token, lex: Lexicon) -> str | None:
    """The one state whose names start with a clipped word ('Pak' in 'Indo-Pak talks'), if one."""
    codes = {code for term, code in lex.country_terms.items() if term.startswith(tok.lower_)}
    return codes.pop() if len(tok.lower_) >= 3 and len(codes) == 1 else None


def _accented(doc: Doc, lex: Lexicon, taken: set[int]) -> list[CountryMention]:
    """'Reykjavík', 'Brasília': a place or state written with its own letters, found under the plain spelling the
    lexicon lists ('Reykjavik'); `taken` holds the tokens the lexicon's own spellings matched."""
    found = []
    for tok in doc:
        key = "".join(ch for ch in unicodedata.normalize("NFKD", tok.text) if not unicodedata.combining(ch)).lower()
        code = lex.country_terms.get(key) or lex.place_terms.get(key)
        if code and key != tok.lower_ and tok.i not in taken and tok.text[:1].isupper() \
                and not _names_a_text(doc[tok.i:tok.i + 1]):
            found.append(CountryMention(tok.i, tok.i + 1, code, key in lex.place_terms))
    return found


def _names_a_state(tok: Token, taken: set[int], lex: Lexicon) -> bool:
    """The second half of 'Indo-German', 'Sino-Indian', 'Indo-Pak' names a state, as 'Pacific' in 'Indo-Pacific'
    does not: a state's name or demonym, another combining form, or the clipped start of a state's name."""
    word = tok.lower_
    return tok.i in taken or word in lex.combining_forms or _clipped(tok, lex) is not None


HEADLINE_WORDS = {"after", "before", "with", "during", "at", "on", "in", "for", "and", "of", "the", "to", "from", "by",
                  "about", "over", "under", "amid", "ahead", "between", "into", "as", "meets", "visits", "holds", "hold", "says"}
"""Words a title-case headline capitalises ('... Foreign Minister Yu Myung-hwan After their Meeting') that
never belong to a name."""


def _name_token(tok: Token, lex: Lexicon, country_tokens: set[int]) -> bool:
    text = tok.text
    if tok.i in country_tokens or not text[:1].isupper():
        return False
    word = _word(tok)
    titled = word in lex.title_words and not _ends_name(tok, lex) or word in lex.office_heads
    if titled and not _given_after_rank(tok, lex) or word in MONTHS_DAYS or _month_of_a_day(tok) \
            or tok.lower_ in HEADLINE_WORDS:
        return False
    if text in lex.office_abbreviations or text.lower() in lex.organizations and (text.isupper() or tok.ent_type_ != "PERSON"):
        return False  # 'the UN', 'Xinhua'; not the 'Un' of 'Kim Jong Un'
    if text == "I" and tok.pos_ == "PRON":
        return False  # 'the minister and I': the speaker, found from the transcript's turn
    if re.fullmatch(r"[A-Z]\.?|(?:[A-Z]\.){2,3}", text):
        return True  # 'A', 'A.' and the run of initials 'E.O.' of 'Lucky E.O. Irabor'
    if len(text) > 1 and text.isupper():
        return _initials(tok, lex) or _capital_surname(tok, lex, country_tokens)
    return bool(re.fullmatch(r"[^\W\d_][\w'’\-]*\.?", text))  # its first letter a capital: 'Édouard', 'İsmet', 'Łukasz'


def _month_of_a_day(tok: Token) -> bool:
    """'Feb.' of '... Hulusi Akar Feb. 22, 2019': a month's short name before a day, not a name ('Jan Novak')."""
    return _word(tok) in dt.MONTHS and tok.i + 1 < len(tok.doc) and tok.nbor(1).text.isdigit()


def _ends_name(tok: Token, lex: Lexicon) -> bool:
    """'Hun Sen visited': the opening word of a rank of several words ('Sen Lt Gen') with no rank word after
    it, after a name's first word, is that name's last word."""
    doc = tok.doc
    after = _word(doc[tok.i + 1]) if tok.i + 1 < len(doc) else ""
    return _word(tok) in lex.rank_fragments and after not in lex.title_words and tok.i > 0 and doc[tok.i - 1].text[:1].isupper() \
        and _word(doc[tok.i - 1]) not in lex.title_words


NAME_WORD = re.compile(r"[A-Z][a-z][\w'’\-]*")
"""A word spelled as a name's: a capital, a small letter, then letters, apostrophes or hyphens."""


def _given_after_rank(tok: Token, lex: Lexicon) -> bool:
    """'Lieutenant General Sultan Kamaletdinov': a title that is also a given name (the cue `given_titles`)
    between a rank and a name is the name's first word; 'Lieutenant General Prince Fahd' keeps his title."""
    doc = tok.doc
    if not 0 < tok.i < len(doc) - 1 or _word(tok) not in lex.cues.get("given_titles", set()) \
            or not _rank_word(doc[tok.i - 1], lex):
        return False
    after = doc[tok.i + 1]
    return bool(NAME_WORD.fullmatch(after.text)) and _word(after) not in lex.title_words \
        and _word(after) not in lex.office_heads


def _rank_word(tok: Token, lex: Lexicon) -> bool:
    """A rank in one word: 'admiral', 'General', 'Lt'."""
    return _word(tok) in lex.rank_words


def _initials(tok: Token, lex: Lexicon) -> bool:
    """'General MM Naravane', 'Air Marshal AP Singh': capitals between a rank and a surname are initials, not an
    acronym."""
    doc = tok.doc
    return len(tok.text) <= 3 and tok.text.isalpha() and 0 < tok.i < len(doc) - 1 \
        and _word(doc[tok.i - 1]) in lex.title_words and bool(NAME_WORD.fullmatch(doc[tok.i + 1].text))


def _capital_surname(tok: Token, lex: Lexicon, country_tokens: set[int]) -> bool:
    """'Honourable Edgar LUNGU, MP': a surname in capitals after a given name, as official lists print them, or
    before it ('Mr. KIHARA Minoru'); not an acronym after a state or a title ('Pakistan NAVY', 'Minister NATO')."""
    doc = tok.doc
    if tok.i == 0 or len(tok.text) < 3 or not tok.text.isalpha():
        return False
    return _given_name(doc[tok.i - 1], lex, country_tokens) or _surname_first(tok, lex, country_tokens)


def _given_name(tok: Token, lex: Lexicon, country_tokens: set[int]) -> bool:
    """A capitalised word beside a surname in capitals that is no title, office, state or body: 'Edgar' of
    'Edgar LUNGU', 'Minoru' of 'KIHARA Minoru'."""
    return bool(re.fullmatch(r"[A-Z][a-z]+", tok.text)) and tok.i not in country_tokens \
        and _word(tok) not in lex.title_words and _word(tok) not in lex.office_heads and tok.ent_type_ != "ORG"


def _surname_first(tok: Token, lex: Lexicon, country_tokens: set[int]) -> bool:
    """'Mr. HAYASHI Yoshimasa, Minister for Foreign Affairs': a family name in capitals before the given name, as
    Japanese official readouts print them, after an honorific or a title and closing a name of two words."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or not re.search(r"[AEIOU]", tok.text):
        return False
    before, given = doc[tok.i - 1], doc[tok.i + 1]
    two_words = tok.i + 2 >= len(doc) or not _is_cap(doc[tok.i + 2])
    return (_word(before) in lex.title_words or _honorific(before, lex)) and two_words \
        and _given_name(given, lex, country_tokens)


def _after_name(word: str, lex: Lexicon) -> bool:
    """A word that follows a name and is no part of it: 'Jr.' of 'Gilberto Teodoro Jr.', the service letters of
    'Corporal Jane Roe RAF' (cue `post_nominals`)."""
    return word.rstrip(".,") in NAME_SUFFIXES or word.isupper() and word.lower() in lex.cues.get("post_nominals", set())


def _joins_name(doc: Doc, j: int) -> bool:
    """A particle ('de', 'bin', 'al-') or a hyphen with no spaces ('Jean-Pierre') inside a name."""
    if j + 1 >= len(doc) or j == 0:
        return False
    if doc[j].text == "-":
        return not doc[j - 1].whitespace_ and not doc[j].whitespace_
    if doc[j].lower_ in NAME_PARTICLES and doc[j + 1].text == "-" and not doc[j].whitespace_:
        return j + 2 < len(doc) and doc[j + 2].text[:1].isupper()
    return doc[j].lower_ in NAME_PARTICLES


def _after_particle(doc: Doc, j: int) -> bool:
    """'Abdullah bin Sultan al Sultan', 'Hamad bin Isa al Khalifa': after 'bin' or 'al' a capitalised word is a
    name, even one that is a title elsewhere."""
    return doc[j - 1].lower_ in NAME_PARTICLES and doc[j - 1].whitespace_ != "" and doc[j].text[:1].isupper() \
        and doc[j].is_alpha


def _hyphen_tail(doc: Doc, j: int) -> bool:
    """'Kim Jong-un', 'Shin Beom-chul': a lower-case part after a hyphen, inside a name the tagger calls a person,
    whether it tags the part or only the word before it; not a word that makes the name an adjective ('Putin-led')."""
    if not (0 < j < len(doc) - 1 and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_):
        return False
    tail = doc[j + 1]
    return tail.is_alpha and tail.is_lower and (tail.ent_type_ == "PERSON" or doc[j - 1].ent_type_ == "PERSON"
                                                and tail.pos_ not in ("VERB", "ADJ") and tail.tag_ not in ("VBN", "VBD", "JJ"))


def _left_context(doc: Doc, start: int, lex: Lexicon, country_tokens: set[int]) -> tuple[int, list[Token]]:
    i = start - 1
    while i >= 0:
        tok = doc[i]
        w = _word(tok)
        if tok.text in DASHES and tok.whitespace_ and i > 0 and doc[i - 1].whitespace_:
            break  # 'ABUJA - The Chief of ...': a spaced dash ends the dateline, not part of a title
        if (w in lex.title_words or w in lex.office_heads or tok.i in country_tokens or w in CONNECTORS
                or w in RETIRED or _inner_dot(doc, i, lex) or tok.text in lex.office_abbreviations or (tok.text.isupper() and len(tok.text) > 1)
                or (_is_cap(tok) and doc[i + 1].text in (")", "’s", "'s") ) or _after_of(doc, i, start)):
            i -= 1
            continue
        break
    toks = list(doc[i + 1 : start])
    while toks and (_word(toks[0]) in CONNECTORS or toks[0].text in ")"):
        toks = toks[1:]
    return start - len(toks), toks


def _inner_dot(doc: Doc, i: int, lex: Lexicon) -> bool:
    """The dot the tokenizer splits off inside a rank, title or honorific ('Lt . General A', 'Maj Gen (Retd .) B',
    'Hon . C'), not the full stop before a new sentence ('... the Minister. He then ...')."""
    if doc[i].text != "." or i == 0 or i + 1 >= len(doc):
        return False
    before, after = _word(doc[i - 1]), doc[i + 1]
    return before in RETIRED or _honorific(doc[i - 1], lex) \
        or before in lex.title_words and (_word(after) in lex.title_words or after.text == ")")


def _after_of(doc: Doc, i: int, start: int) -> bool:
    """'Vice Minister of Defence for International Affairs A': a capitalised word of an office's name after its 'for'
    or 'of', which need not be an office word itself; not when an 'and' comes between it and the name at `start`,
    as the name is then the office's last word ('Minister for Political Affairs and Communication, A')."""
    if any(t.lower_ == "and" for t in doc[i + 1:start]):
        return False
    k = i
    while k > 0 and k > i - 3 and _is_cap(doc[k]) and doc[k].ent_type_ != "PERSON":
        k -= 1
    return k < i and doc[k].lower_ in ("for", "of")


def _rank_and_office(toks: list[Token], lex: Lexicon) -> tuple[str | None, list[Token]]:
    # 'Maj Gen (r) A', 'Lt General (Pilot) B': a bracketed word between rank and name qualifies the rank.
    toks = [t for t in toks if t.text != "."]  # 'Lt . General' when the tokenizer splits off an abbreviation's dot
    words = [t.text for t in toks]
    bracket = len(toks) >= 3 and words[-1] == ")" and "(" in words[-4:-1]
    marked = len(toks) - 1 - words[::-1].index("(") if bracket else len(toks)
    retired = any(_word(t) in RETIRED for t in toks[marked:])
    toks = toks[:marked]
    words = [t.text for t in toks]
    for cut in range(len(words)):
        hit = lex.rank_at(words[cut:])
        if hit and hit[0] == len(words) - cut:
            rank = hit[1] + (" (retired)" if retired else "")
            office = toks[:cut]
            if office and _word(office[-1]) in RETIRED:
                rank += " (retired)"
                office = office[:-1]
            return rank, office
    return None, toks


def _state_after_of(doc: Doc, end: int, country_at: dict[int, str]) -> str | None:
    """The state named right after a name or an office: 'President A of Mozambique', 'the Vice Minister of
    Defence of Japan'."""
    return country_at.get(end + 1) if end + 1 < len(doc) and doc[end].lower_ == "of" else None


PHRASE_WORDS = 14
PLACE_WORDS = {"in", "at", "off", "near", "from"}
"""Words before a place: 'in Preah Sihanouk', 'from Lagos'."""
PLACE_PREPOSITIONS = PLACE_WORDS | {"to"}


def _ends_phrase(doc: Doc, k: int, lex: Lexicon) -> bool:
    """A word no title's phrase runs across: a verb (not one that qualifies a noun, as in 'the visiting ship'), a
    person, a dateline's mark, a preposition other than 'of', 'for' and an office's 'to' ('Ambassador to Ghana')."""
    tok = doc[k]
    if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod" or tok.ent_type_ == "PERSON" \
            or tok.text in (":", ";", "—", "–") or tok.text in DASHES and tok.whitespace_:
        return True
    office_to = tok.lower_ == "to" and k > 0 and _word(doc[k - 1]) in lex.office_heads
    return tok.pos_ == "ADP" and tok.lower_ not in ("of", "for") and not office_to


def _state_of_phrase(doc: Doc, start: int, country_at: dict[int, str], lex: Lexicon) -> str | None:
    """The one state named earlier in the phrase a titled name ends, when its title names none: 'Uganda's Minister
    of Defence and Veteran Affairs Hon A', 'The Australian Minister for Defence, Senator B', 'Commander of the 5th
    Malaysian Infantry Division, Maj Gen Datuk C'. The phrase stops at a second comma or where `_ends_phrase` says;
    a state after a preposition of place ('to', 'in', ...) is where one serves or stands, not whose one is."""
    states: set[str] = set()
    commas = 0
    first = doc[start].sent.start
    k = start - 1
    while k >= max(start - PHRASE_WORDS, first):
        tok = doc[k]
        if tok.text == ",":
            commas += 1
            if not any(_word(t) in lex.office_heads for t in doc[max(k - PHRASE_WORDS, first):k]):
                break  # 'by the Bangladeshi media, Chief A': no office before the comma
        if commas > 1 or _ends_phrase(doc, k, lex):
            break
        dateline = k == first and k + 1 < len(doc) and doc[k + 1].is_punct
        if k in country_at and not dateline and not (k > 0 and doc[k - 1].lower_ in PLACE_PREPOSITIONS):
            states.add(country_at[k])
        k -= 1
    return states.pop() if len(states) == 1 else None


LEADING = {"lead", "command", "head"}
"""Verbs of leading a body: 'Kuwait's contingent is commanded by A'."""


def _state_of_led_body(doc: Doc, start: int, country_at: dict[int, str]) -> str | None:
    """The one state named in the body a person leads, when the sentence says so by 'led by', 'commanded by' or
    'headed by': 'Kuwait's contingent is commanded by Brigadier General A', 'The Qatari force, which came on
    board a C-17, is commanded by Maj. B', 'a contingent from the Royal Oman Police, commanded by Colonel C'."""
    first = doc[start].sent.start
    k = start - 1
    while k >= max(first, start - PHRASE_WORDS) and doc[k].lower_ != "by":
        if doc[k].pos_ in ("VERB", "AUX") or doc[k].ent_type_ == "PERSON":
            return None
        k -= 1
    verb = doc[k].head if k >= first and doc[k].lower_ == "by" else None
    if verb is None or verb.lemma_.lower() not in LEADING:
        return None
    body = next((c for c in verb.children if c.dep_ == "nsubjpass"), None) \
        or (verb.head if verb.dep_ in ("acl", "relcl") else None)
    if body is None:
        return None
    states = {country_at[t.i] for t in body.subtree if t.i in country_at and t.i < verb.i}
    return states.pop() if len(states) == 1 else None


def _country_in(toks: list[Token], countries: dict[int, str]) -> str | None:
    for tok in toks:
        if tok.i in countries:
            return countries[tok.i]
    return None


def _office_text(toks: list[Token], country_tokens: set[int], lex: Lexicon) -> str | None:
    """'Deputy Minister of Defence of the Russian Federation' -> 'Deputy Minister of Defence'; an honorific
    ('Hon.', 'Dr') is no part of an office."""
    words: list[str] = []
    for tok in toks:
        if tok.i in country_tokens or tok.text in ("'s", "’s", ".") or _honorific(tok, lex):
            continue
        words.append(tok.text)
    text = " ".join(words)
    text = re.sub(r"\s*\(\s*[A-Z][\w-]*\s*\)", "", text)
    text = re.sub(r"\s+-\s+", "-", text)
    text = re.sub(r"(\s+(of|the|for|in|and|&))+$", "", text)
    text = re.sub(r"^((of|the|for|and)\s+)+", "", text, flags=re.I).strip()
    if not text or not any(w.lower() in lex.office_heads or w.lower() in lex.title_words for w in text.split()):
        return None
    if text in lex.office_abbreviations:
        return lex.office_abbreviations[text]
    return text


def _half_compound(doc: Doc, j: int) -> bool:
    """'Japan's Maritime Self-Defense Force': a run of names cut short by a hyphen glued to a capitalised word that
    is no name ('Defense') is the first half of a compound name, not a person."""
    return 0 < j < len(doc) - 1 and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_ \
        and doc[j + 1].text[:1].isupper()


def person_mentions(doc: Doc, lex: Lexicon, countries: list[CountryMention], caption: bool = False) -> list[PersonMention]:
    country_at = {i: c.code for c in countries for i in range(c.start, c.end)}
    country_tokens = set(country_at)
    found: list[PersonMention] = []
    named: set[int] = set()
    i = 0
    while i < len(doc):
        if not _name_token(doc[i], lex, country_tokens):
            i += 1
            continue
        j = i
        while j < len(doc) and not (j > i and doc[j - 1].text.endswith((",", ";"))) and (
                _name_token(doc[j], lex, country_tokens) or j > i and (_hyphen_tail(doc, j - 1) or _after_particle(doc, j))
                or (_joins_name(doc, j) and (_name_token(doc[j + 1], lex, country_tokens) or _after_particle(doc, j + 1) or doc[j + 1].text == "-"
                                             or _hyphen_tail(doc, j)))):
            j += 1
        if _half_compound(doc, j):
            i = j
            continue
        while j - i > 2 and doc[i].pos_ not in ("PROPN",) and all(t.pos_ == "PROPN" for t in doc[i + 1:j]):
            i += 1  # 'Minister for Defence, National Security and Policing | Inia Seruiratu'
        mention = _person_at(doc, i, j, lex, country_tokens, country_at, named)
        if mention is not None:
            mention.caption = caption
            found.append(mention)
            named.update(range(mention.start, mention.end))
        i = j
    series = _series_names(doc, lex)
    return [m for m in found if m.name.lower() not in series]


def _series_names(doc: Doc, lex: Lexicon) -> set[str]:
    """'Exercise Steppe Eagle', 'drills named Nippon Skies', 'the exercise "Samudra Shakti"': names the text gives
    an exercise or an operation, which are no one's wherever else they come ('Phase two of Steppe Eagle')."""
    words = lex.cues.get("series_before_name", set())
    names: set[str] = set()
    for tok in doc[:-1]:
        if tok.lower_ in words:
            start = tok.i + 2 if doc[tok.i + 1].text in QUOTES else tok.i + 1  # 'the exercise "Samudra Shakti"'
            run = list(itertools.takewhile(lambda t: t.pos_ == "PROPN" and t.text[:1].isupper(), doc[start:start + 4]))
            if run:
                names.add(" ".join(t.text for t in run).lower())
    return names | defined_drills(doc, lex) | _numbered_rounds(doc)


SERIES_OCCASIONS = {"iteration", "edition"}


def defined_drills(doc: Doc, lex: Lexicon) -> set[str]:
    """'Cope Thunder is an annual air combat exercise', 'the conclusion of Swift Sword, the joint war drill by
    the two armies': names the text defines as an exercise."""
    exercises = lex.cues.get("exercise_nouns", set())
    copula = {_compound_name(c) for tok in doc if tok.lemma_ == "be"
              and any(c.dep_ == "attr" and c.lemma_.lower() in exercises for c in tok.children)
              for c in tok.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"}
    apposed = {_compound_name(tok) for tok in doc if tok.pos_ == "PROPN"
               and any(c.dep_ == "appos" and c.lemma_.lower() in exercises for c in tok.children)}
    return copula | apposed


def _numbered_rounds(doc: Doc) -> set[str]:
    """'the 11th iteration of Cope Thunder': a name whose rounds are numbered is a series', not a person's."""
    return {_compound_name(g) for tok in doc if tok.lemma_.lower() in SERIES_OCCASIONS
            for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"}


def _compound_name(head: Token) -> str:
    return " ".join(t.text for t in [*(t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"), head]).lower()


MARKS = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"}


def _person_at(doc: Doc, i: int, j: int, lex: Lexicon, country_tokens: set[int], country_at: dict[int, str],
               named: set[int]) -> PersonMention | None:
    """The person named by the capitalised run doc[i:j], if it is one; `named` holds the tokens of the people
    found before it in the text."""
    office_end = i
    while i < j - 2 and _word(doc[i]) in lex.cues.get("office_topics", set()) and doc[i + 1].ent_type_ == "PERSON":
        i += 1  # 'Minister of Foreign Affairs and External Trade Jeremiah Manele': 'Trade' ends the office
    k = i
    while k < j - 2 and doc[k].ent_type_ in ("LOC", "GPE"):
        k += 1  # 'Defence Senior Adviser on the Middle East John Lorimer': the region ends the office
    if k > i and all(t.ent_type_ == "PERSON" for t in doc[k:j]) and j - k >= 2:
        i = k
    run = doc[i:j]
    ner_person = any(t.ent_type_ == "PERSON" for t in run)
    ner_other = all(t.ent_type_ in NON_PERSON_ENTS for t in run)
    left_start, left = _left_context(doc, office_end, lex, country_tokens)
    left += list(doc[office_end:i])
    last = next((t for t in reversed(left) if t.text != "."), None)  # 'Hon. A': the title, not its dot
    cue = last is not None and (_word(last) in lex.title_words or _word(last) in lex.office_heads)
    strong_cue = last is not None and (lex.rank_at([last.text]) is not None or _rank_and_office(left, lex)[0] is not None
                                 or any(_word(t) in lex.office_heads for t in left))
    followed_by_title = j < len(doc) and _is_cap(doc[j]) and _word(doc[j]) in lex.title_words
    # 'the Vice-President of the Chamber of Deputies': a capitalised word after 'of' or 'of the' names a body
    preceding = [t.lower_ for t in doc[max(i - 2, 0):i]]
    if preceding[-1:] == ["the"]:
        preceding.pop()
    after_of = not ner_person and preceding[-1:] in (["of"], ["for"]) \
        or preceding[-1:] == ["of"] and preceding[0] in lex.cues.get("place_after_name", set())  # 'the port city of Da Nang'
    after_place_word = i > 0 and doc[i - 1].lower_ in PLACE_WORDS and not strong_cue
    if after_place_word or len(run) == 1 and 0 < i and j < len(doc) and doc[i - 1].text == "(" and doc[j].text == ")":
        return None  # 'Lt General (Pilot) A': a word in brackets qualifies a rank
    if not strong_cue and j < len(doc) and doc[j].lower_ in lex.cues.get("place_after_name", set()):
        return None  # 'docked in Preah Sihanouk province'
    if j < len(doc) and doc[j].text[:1].isdigit() and not doc[j - 1].text.endswith(","):  # 'A first met' is A
        return None  # 'the exercise Desert Shield 4', 'Cobra Gold 2023': a named series and its edition
    mark = j if j < len(doc) and doc[j].text in MARKS else j - 1 if run[-1].text in MARKS and len(run) >= 2 else None
    if mark is not None and mark + 1 < len(doc) and doc[mark + 1].is_lower and doc[mark + 1].pos_ in ("NOUN", "ADJ"):
        return None  # 'Caesar Mark II artillery systems': a model's mark before what it is, not a king
    if i > 0 and DESIGNATION.fullmatch(doc[i - 1].text):
        return None  # 'F-15E Strike Eagles', 'Su-30 Flanker': the type's name after its designation
    before = i - 1 if i < 2 or doc[i - 1].text not in QUOTES else i - 2  # "ship 'Somudra Avijan'"
    vessel = before >= 0 and doc[before].lemma_.lower() in lex.cues.get("weapon_nouns", set())
    # "INS 'Vikrant'", "BNS 'Somudra Avijan'": a name in quotes after a ship's prefix is the ship's; so is one
    # after a prefix navies use ("PNS Shahjahan", "HMAS Melbourne", listed in triggers.json's cues).
    quoted = i > 1 and j < len(doc) and doc[i - 1].text in QUOTES and doc[j].text in QUOTES \
        and doc[i - 2].is_alpha and doc[i - 2].is_upper and 2 <= len(doc[i - 2]) <= 4
    prefixed = quoted or i > 0 and is_ship_prefix(lex, doc[i - 1].text)
    # 'called on Jigme Khesar Namgyel Wangchuck and Jigme Singye Wangchuck': a name listed with a person's is one.
    # 'Ministers A and B', 'Minister A and his counterpart, B': a name listed with or set beside a person's is one,
    # before it or after it.
    listed = len(run) >= 2 and any(t.dep_ == "conj" and (t.head.ent_type_ == "PERSON" or t.head.i in named)
                                   or t.dep_ == "appos" and (_word(t.head) in lex.title_words or _word(t.head) in lex.office_heads)
                                   or any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in t.children)
                                   for t in run)  # 'Ministers A B and C D', where the tagger knows C D alone
    apposed = len(run) >= 2 and _office_after(doc, j, lex, country_tokens, country_at)
    # 'our Defence Industrial Strategy' names a body, though a title word opens it; 'Shri Rajnath Singh' a person
    honorific = last is not None and _honorific(last, lex)
    honoured = honorific and len(run) >= 2
    lone_place = len(run) == 1 and run[0].ent_type_ in ("GPE", "LOC", "NORP")  # 'Commander Europe', 'Minister of Sahel'
    # 'security in the Sahel': one word after 'the', with no capitalised title before it, names a place or a thing
    after_the = len(run) == 1 and i > 0 and doc[i - 1].lower_ == "the" and not any(_is_cap(t) for t in left)
    if followed_by_title or after_of or vessel or prefixed or lone_place or after_the or (
            ner_other and not strong_cue and not listed and not apposed and not honoured):
        return None
    if not (ner_person or strong_cue or listed or apposed or (cue and len(run) >= 2) or _after_an_office(doc, run, lex)):
        return None
    words = [w for w in run.text.split() if w not in ("'s", "’s")]
    while len(words) > 2 and _after_name(words[-1], lex):
        words = words[:-1]
    # 'Lieutenant GeneralSultan A': a rank glued to the name is no part of it
    name = clean_name(words, lex.cues.get("honorifics", set()) | lex.rank_words)
    if not name or any(c.isdigit() for c in name) or name.lower() in lex.country_terms or name.lower() in lex.place_terms \
            or any(w.lower() in lex.name_stops for w in name.split()):
        return None
    rank, office_toks = _rank_and_office(left, lex)
    country = _country_in(office_toks, country_at)
    office = _office_text(office_toks, country_tokens, lex)
    if office and left_start > 0 and doc[left_start - 1].lower_ in PAST:
        office = f"{doc[left_start - 1].lower_} {office}"  # 'Iraq's then defence minister A'
    if office is None and left_start >= 2 and doc[left_start - 1].lower_ == "to" \
            and _word(doc[left_start - 2]) in lex.office_heads:
        # 'Ghana's Ambassador to Togo A': the state after 'to' is where A serves, not A's own.
        left_start, posted = _left_context(doc, left_start - 1, lex, country_tokens)
        country, office = _country_in(posted, country_at), _office_text(posted, country_tokens, lex)
    if office is None:
        office, country = _right_office(doc, j, lex, country_tokens, country_at, country)
    state_after = _state_after_of(doc, j, country_at)  # 'President Filipe Nyusi of Mozambique'
    if state_after and any(t.lower_ == "and" for t in office_toks):
        country = state_after  # 'A of Croatia and B of Slovenia': the state before the 'and' is A's
    country = country or state_after

    if office is None and left_start >= 2 and doc[left_start - 1].text == ",":  # 'The Chief of X, General A'
        start, toks = _left_context(doc, left_start - 1, lex, country_tokens)
        cap = [t for t in toks]
        k = start - 1
        while k >= 0 and (_is_cap(doc[k]) or doc[k].lower_ in ("of", "the")) and k > start - 6:
            cap.insert(0, doc[k])
            k -= 1
        # '... with Lao Defence Minister A, B proposed': a title that ends in another person's name is theirs.
        # 'the Ministers of Defence of Luxembourg, A, and ...': a plural office names each of those listed after it
        named_before = doc[left_start - 2].ent_type_ == "PERSON" and left_start - 2 not in country_tokens
        # 'his Polish counterpart, A': a title that names its state right before it
        titled = doc[left_start - 2].is_lower and _word(doc[left_start - 2]) in lex.title_words \
            and any(t.i in country_tokens for t in toks)
        if (titled or any(_word(t) in lex.office_heads or _word(t)[:-1] in lex.office_heads for t in cap)) and not named_before:
            office = _office_text(cap, country_tokens, lex)
            country = country or _country_in(cap, country_at)
    if office is None:
        office, country = _apposed_office(run, lex, country_tokens, country_at, country)
    country = country or lex.office_states.get((office or "").lower())  # 'Secretary of Defense A' is the US's
    if country is None and (rank or office or honorific):  # 'led by Honourable A': of the body led
        country = _state_of_phrase(doc, left_start, country_at, lex) \
            or _state_of_led_body(doc, left_start, country_at)
    surface = doc[left_start:j].text if rank or office else run.text
    return PersonMention(i, j, name, surface.strip(), rank, office, country, context_start=left_start,
                         cued=bool(strong_cue or rank or office))


def _after_an_office(doc: Doc, run: Span, lex: Lexicon) -> bool:
    """'... and minister of Defence, Prabowo Subianto': two or more proper nouns set after an office and a comma
    name its holder, whatever the tagger calls them or where the parser hangs them."""
    if len(run) < 2 or run.start < 2 or doc[run.start - 1].text != "," or any(
            t.pos_ != "PROPN" or _word(t) in lex.org_heads for t in run):
        return False
    k = run.start - 2
    office: list[Token] = []
    while k >= 0 and len(office) < 6 and (_is_cap(doc[k]) or doc[k].lower_ in ("of", "for", "the")
                                          or _word(doc[k]) in lex.office_heads):
        office.append(doc[k])
        k -= 1
    return any(_word(t) in lex.office_heads for t in office)


def _apposed_office(run: Span, lex: Lexicon, country_tokens: set[int], country_at: dict[int, str],
                    country: str | None) -> tuple[str | None, str | None]:
    """'Minister of defense in Syria's transitional government, Murhaf Abu Qasra, received ...', 'The head of the
    Navy of Ghana, Rear Admiral A': a name set in apposition after the office it holds, however long the office's
    phrase. The office is its head word with the 'of' and 'for' phrases that name it; the state is any named in
    the whole phrase."""
    if run.root.dep_ != "appos":
        return None, country
    head = run.root.head
    for _ in range(3):  # the parser may hang the name on a word inside the office's phrase ('of Ghana')
        if head.i >= run.start or _word(head) in lex.office_heads or head.head is head:
            break
        head = head.head
    between = head.doc[head.i + 1:run.start]
    if head.i >= run.start or _word(head) not in lex.office_heads or any(
            t.ent_type_ == "PERSON" or t.lower_ == "and" for t in between):
        return None, country  # 'Chief of Staff A and his counterpart, B': the parser's slip; B's office is not A's
    named = [t for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "for") for t in c.subtree]
    own = sorted([head, *(c for c in head.lefts if c.dep_ in ("compound", "amod")), *named], key=lambda t: t.i)
    phrase = list(head.doc[head.left_edge.i:run.start])
    return _office_text([t for t in own if t.i < run.start], country_tokens, lex), country or _country_in(phrase, country_at)


def _right_office(doc: Doc, j: int, lex: Lexicon, country_tokens: set[int], country_at: dict[int, str],
                  country: str | None) -> tuple[str | None, str | None]:
    """An appositive after the name: 'Jane Roe, Commander Eastern Fleet'; not the next one's office in a list of
    offices each set before its holder ('Minister of Foreign Affairs, A, Minister of Trade, B')."""
    if j + 1 >= len(doc) or doc[j].text != "," or _list_of_offices(doc, j, lex):
        return None, country
    k = j + 2 if doc[j + 1].lower_ == "the" else j + 1  # 'A, the Principal Secretary for Defence'
    toks: list[Token] = []
    lowered = False
    # 'A, the chairman of the State Military Committee', 'A, the defence minister of B,': an office may open the
    # phrase in lower case
    while k < len(doc) and len(toks) < 10:
        modifier = not any(_word(t) in lex.office_heads for t in toks) and doc[k].is_lower \
            and doc[k].pos_ in ("ADJ", "NOUN") and any(_word(t) in lex.office_heads for t in doc[k:k + 3])
        if not (_is_cap(doc[k]) or doc[k].lower_ in ("of", "the", "-", "in", "at") or modifier
                or _word(doc[k]) in lex.office_heads):  # 'A, charge d'affaires of X', 'A, Counselor at the Liberian Embassy'
            break
        lowered = lowered or modifier and _word(doc[k]) not in lex.office_heads
        toks.append(doc[k])
        k += 1
    if not any(_word(t) in lex.office_heads for t in toks[:3]):
        return None, country
    if lowered and k < len(doc) and not doc[k].is_punct:
        return None, country  # 'After talks with General A, the Tajik defence minister met B': a new clause's subject
    held = next((n for n, t in enumerate(toks) if t.lower_ == "at"), len(toks))  # the office, not where it is held
    return _office_text(toks[:held], country_tokens, lex), country or _country_in(toks, country_at)


def _list_of_offices(doc: Doc, j: int, lex: Lexicon) -> bool:
    """'joined by Minister of Foreign Affairs, A, Minister of Trade and Industry, B': in a list of capitalised
    phrases set between commas, each office comes before its holder when the list opens with an office, and after
    it when the list opens with a name ('included Mr A, Deputy Minister of Defence, Ms B, ...'), whatever the
    words of its items ('Foreign Minister A, ..., Chief of Staff, B')."""
    start = doc[j - 1].sent.start if j > 0 else 0
    listed = ("of", "and", "the", "for", ",", "-")
    k = j - 1
    while k >= start and (_is_cap(doc[k]) or doc[k].lower_ in listed):
        k -= 1
    opening = next((t for t in doc[k + 1:j] if t.text == ","), None)  # the comma that ends the list's first item
    if opening is None or opening.i + 1 >= j:
        return False
    head = list(doc[k + 1:opening.i])
    named = next((n for n, t in enumerate(head) if t.ent_type_ == "PERSON"), len(head))
    if not any(_word(t) in lex.office_heads and not _honorific(t, lex) for t in head[:named]):  # 'Foreign Minister A, Chief of Staff, B'
        return False
    k = j + 1
    while k < len(doc) and (_is_cap(doc[k]) or doc[k].lower_ in listed[:4]) and doc[k].ent_type_ != "PERSON":
        k += 1
    return k + 1 < len(doc) and doc[k].text == "," and doc[k + 1].ent_type_ == "PERSON"  # the next one's office


def _office_after(doc: Doc, j: int, lex: Lexicon, country_tokens: set[int], country_at: dict[int, str]) -> bool:
    """'... alongside Jane Roe, Freedonian Deputy Chief of Mission, ...': a name an office is set after is a person's,
    whatever the tagger calls it; not when the office runs into a name ('at Army House, Chief of Army Staff A')."""
    if _right_office(doc, j, lex, country_tokens, country_at, None)[0] is None:
        return False
    k = j + 1
    while k < len(doc) and not doc[k].is_punct:
        if doc[k].ent_type_ == "PERSON" or _rank_word(doc[k], lex):
            return False
        k += 1
    return True


def _expand(words: list[str], letters: str) -> str | None:
    """Align an acronym's letters with the words before it, right to left; connectors may or may not count."""
    want = list(letters.upper())
    taken: list[str] = []
    for word in reversed(words):
        if not want:
            break
        for part in reversed([p for p in word.split("-") if p]):
            if not want:
                return None
            if part[0].isupper():
                if part[0] != want[-1]:
                    return None
                want.pop()
            elif part[0].upper() == want[-1] and len(want) > 1:
                want.pop()
        taken.insert(0, word)
    if want:
        return None
    return " ".join(taken)


def acronym_definitions(text: str) -> list[tuple[str, str, int, int]]:
    """Each acronym spelled out in the text: the acronym, its long form, and where the long form starts and
    its parenthesis opens."""
    found = []
    for m in re.finditer(r"((?:[\w’'-]+\s+){1,10})\(([A-Z][A-Za-z]{1,7})\)", text):
        words = [re.sub(r"['’]s$", "", w) for w in m[1].split()]
        long_form = _expand(words, m[2])
        if long_form:
            starts = [w.start() for w in re.finditer(r"\S+", m[1])]
            found.append((m[2], long_form, m.start(1) + starts[-len(long_form.split())], m.end(1)))
    return found


def acronyms(text: str) -> dict[str, str]:
    """'Joint Defence Cooperation Committee (JDCC)' -> {'JDCC': 'Joint Defence Cooperation Committee'}."""
    return {acronym: long_form for acronym, long_form, _, _ in acronym_definitions(text)}


def references(doc: Doc, lex: Lexicon, countries: list[CountryMention], persons: list[PersonMention]) -> list[Reference]:
    """Pronouns and definite descriptions headed by an office word, outside any name's own title."""
    country_at = {i: c.code for c in countries for i in range(c.start, c.end)}
    taken: set[int] = set()
    for p in persons:
        taken.update(range(p.context_start, p.end))
    refs: list[Reference] = []
    speaking = turns(doc)
    speech_verbs = lex.cues.get("speech_verbs", set())
    for tok in doc:
        if tok.lower_ in PRONOUNS or tok.lower_ in FIRST_PERSON and (speaking.speaker_at(tok.idx)
                                                                     or speaking.introduced_at(tok.idx)):
            refs.append(Reference(tok.i, tok.i + 1, tok.text, None, None))
            continue
        if tok.lower_ in FIRST_PERSON and (said_by := quotes.speaker(doc, tok.i, speech_verbs)) is not None:
            refs.append(Reference(tok.i, tok.i + 1, tok.text, None, None, said_by=said_by.i))
            continue
        if tok.lower_ in FIRST_PERSON and speaking.presented_at(tok.idx):
            refs.append(Reference(tok.i, tok.i + 1, tok.text, None, None))
            continue
        if tok.tag_ == "NNS" and tok.lemma_.lower() in lex.office_heads and tok.i not in taken:
            many = _plural_references(doc, tok, lex, country_at)
            if many:
                taken.update(range(min(r.start for r in many), max(r.end for r in many)))
            refs.extend(many)
            continue
        is_head = _word(tok) in lex.office_heads or tok.text in lex.office_abbreviations or (
            tok.pos_ == "NOUN" and tok.i > 0 and doc[tok.i - 1].lower_ == "visiting") or (
            tok.pos_ == "NOUN" and tok.text.islower() and _rank_word(tok, lex))  # 'the Indonesian admiral'
        if not is_head or tok.i in taken:
            continue
        if tok.i + 1 < len(doc) and (_word(doc[tok.i + 1]) in lex.office_heads or _is_cap(doc[tok.i + 1]) and doc[tok.i + 1].text not in ("’s", "'s")
                                     and tok.text not in lex.office_abbreviations):
            continue
        k = tok.i
        while k > 0 and doc[k - 1].lower_ not in DETERMINERS and (_word(doc[k - 1]) in lex.title_words or doc[k - 1].i in country_at or doc[k - 1].text in ("’s", "'s")
                         or doc[k - 1].lower_ in ("of", "deputy", "defence", "defense", "naval", "army", "air", "foreign", "for", "visiting")):
            k -= 1
        end = _office_tail(doc, tok.i + 1)
        if end - 1 > tok.i and _rank_word(doc[end - 1], lex):
            continue  # 'Chairman of the Joint Chiefs of Staff Lt. General A': the title of a name
        opens = doc[k].is_sent_start and doc[k].text[:1].isupper() and not (end < len(doc) and _is_cap(doc[end])) and any(
            t.pos_ in ("VERB", "AUX") for t in doc[end:doc[k].sent.end])  # 'PM attended', 'Chief of Army Staff began'
        if not (k > 0 and doc[k - 1].lower_ in DETERMINERS) and k not in country_at and not opens \
                or k > 0 and doc[k - 1].lower_ in INDEFINITE:
            continue  # 'the first visit by a Brazilian Chief of Staff': any holder of the office, no one person
        taken.update(range(k, end))
        toks = list(doc[k:end])
        office = " ".join(t.text for t in toks if t.i not in country_at and t.text not in ("’s", "'s")
                          and not (t.i > tok.i and t.lower_ == "the") and not (t.i < tok.i and t.lower_ == "visiting"))
        office = re.sub(r"(\s+(of|for))+$", "", office)  # 'the deputy defence minister of Uzbekistan'
        office = lex.office_abbreviations.get(office, office)
        country = _country_in(toks, country_at) or _state_after_of(doc, end, country_at)  # '... of Japan'
        refs.append(Reference(k, end, doc[k:end].text, office, country))
    return refs


def _plural_references(doc: Doc, tok: Token, lex: Lexicon, country_at: dict[int, str]) -> list[Reference]:
    """'The defence ministers of X and Y', 'the Indian and Chinese army chiefs': one description per state named;
    'the two defence ministers', 'both presidents': a pair whose states the article tells."""
    k = tok.i
    while k > tok.sent.start and (doc[k - 1].i in country_at or doc[k - 1].lower_ in PLURAL_WORDS
                                  or _word(doc[k - 1]) in lex.title_words):
        k -= 1
    if not (k > tok.sent.start and doc[k - 1].lower_ in DETERMINERS or doc[k].lower_ == "both"):
        return []
    after = [t for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from") for t in c.subtree]
    # each holder stands where the text names the state, so that a list of meetings gives each its own
    named = {country_at[t.i]: t.i for t in reversed([*doc[k:tok.i], *after]) if t.i in country_at}
    office = " ".join([t.text for t in doc[k:tok.i] if t.i not in country_at and t.lower_ not in PLURAL_WORDS]
                      + [tok.lemma_])
    end = max([tok.i + 1, *(t.i + 1 for t in after)])
    text = doc[k:end].text
    if len(named) >= 2:
        return sorted((Reference(i, i + 1, text, office, state, plural=True) for state, i in named.items()),
                      key=lambda r: r.start)
    pair = any(t.lower_ in ("two", "both") for t in doc[k - 1:tok.i])
    return [Reference(k, end, text, office, None, plural=True) for _ in range(2)] if pair and not named else []


def _office_tail(doc: Doc, i: int) -> int:
    """'the Chief | of the Army Staff': the capitalised 'of' phrase that completes an office's name, a possessive
    inside it included ('the Chief | of the General Staff of the Freedonian People's Army')."""
    end = i
    while end < len(doc) and doc[end].lower_ == "of":
        k = end + 1
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        start = k
        while k < len(doc) and (doc[k].text[:1].isupper() and doc[k].ent_type_ not in ("GPE", "PERSON")
                                or _inner_possessive(doc, k, start)):
            k += 1
        if k == start:
            break
        end = k
    return end


def _inner_possessive(doc: Doc, k: int, start: int) -> bool:
    """The 's of 'People's' between capitalised words of one name ('the People's Army'), not a name's end."""
    return start < k < len(doc) - 1 and doc[k].text in ("'s", "’s") and doc[k + 1].text[:1].isupper()


def drop_stray(persons: list[PersonMention], doc: Doc, lex: Lexicon) -> list[PersonMention]:
    """A lone word the article also writes in lower case is a word, not a name, however it was introduced: a
    headline's 'Discussed' after an office, the 'Information' of a directorate.

    A lone capitalised word with no rank or title is a person only if it opens or closes a full name nearby,
    or is the one name of someone introduced by rank or title ('Defence Minister Nakatani'), or is a name the
    tagger takes for a person's and that meets, hosts or visits ('where Kosiniak-Kamysz met his counterpart'):
    companies deliver and ships arrive, but neither meets (cue `encounter_verbs`)."""
    surnames = {w.lower() for p in persons if len(p.name.split()) > 1 for w in (p.name.split()[0], p.name.split()[-1])}
    surnames |= {p.name.lower() for p in persons if p.cued}
    words = {t.text for t in doc if t.is_lower}
    return [p for p in persons if not (len(p.name.split()) == 1 and p.name.lower() in words)
            and (len(p.name.split()) > 1 or p.cued or p.name.lower() in surnames
                 or not p.caption and _meeting_name(doc[p.start:p.end], lex))]


def _meeting_name(span: Span, lex: Lexicon) -> bool:
    return all(t.ent_type_ == "PERSON" for t in span) and span.root.dep_ == "nsubj" \
        and span.root.head.pos_ == "VERB" and span.root.head.lemma_ in lex.cues.get("encounter_verbs", set())


def organizations(doc: Doc, lex: Lexicon, found: dict[str, str], persons: list[PersonMention]) -> list[OrgMention]:
    """Organisations named in the text: known ones, ones spelled out with an acronym, and NER ones ending in an org word."""
    person_tokens = {i for p in persons for i in range(p.context_start, p.end)}
    long_to_short = {v.lower(): k for k, v in found.items()}
    seen: dict[str, OrgMention] = {}

    def add(name: str, short: str | None) -> None:
        known = lex.organizations.get(name.lower()) or (lex.organizations.get(short.lower()) if short else None)
        if known:
            if name != known[0]:
                short = short or name
            name, country, role = known[0], known[1], known[2]
            short = short or next((k for k, v in found.items() if v == name), None)
        else:
            named = state_words(lex).search(name.lower())
            country = lex.country_terms[named[0]] if named else None
            role = "organization"
        key = name.lower()
        if key not in seen:
            seen[key] = OrgMention(name, short, country, role)

    offices = {k for k in found if k in lex.office_abbreviations or found[k].split()[0].lower() in lex.office_heads}
    found = {k: v for k, v in found.items() if k not in offices}
    for short, long_ in found.items():
        if long_.split()[-1].lower() in lex.org_heads or short.lower() in lex.organizations:
            add(long_, short)
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        toks = [t for t in ent if t.i not in person_tokens and t.text not in ("’s", "'s")]
        while toks and toks[0].lower_ == "the":
            toks = toks[1:]
        if not toks:
            continue
        name = " ".join(t.text for t in toks)
        if name in offices:
            continue
        if name in found:
            add(found[name], name)
        elif name.lower() in lex.organizations:
            add(name, None)
        elif toks[-1].lower_ in lex.org_heads and len(toks) > 1 and all(t.text[:1].isupper() or t.lower_ in ("of", "and", "for") for t in toks):
            add(name, long_to_short.get(name.lower()))
    return list(seen.values())


def surname_mentions(doc: Doc, persons: list[PersonMention]) -> list[PersonMention]:
    """'Singh met ...' after 'Rajnath Singh': a bare surname of a person the article names in full.

    A bare first name counts too when it is the first name of one person only, as Indonesian and Thai
    officials are called ('Prabowo' for Prabowo Subianto), or when it is a family name written first ('Oka' for Oka
    Masami: three letters suffice); it takes that person's full name.
    """
    full = {p.name for p in persons if len(p.name.split()) > 1 or p.cued}
    surnames = {name.split()[-1]: name.split()[-1] for name in full}
    surnames.update({bare: last for name in full if (bare := without_particle(last := name.split()[-1], NAME_PARTICLES)) and bare not in surnames})
    firsts = [name.split()[0] for name in full]
    surnames.update({name.split()[0]: name for name in full
                     if firsts.count(name.split()[0]) == 1 and len(name.split()[0]) >= 3 and name.split()[0] not in surnames})
    for p in persons:
        if p.end - p.start == 1 and not p.cued and surnames.get(p.name, p.name) != p.name:
            p.name = surnames[p.name]
    taken = {i for p in persons for i in range(p.context_start, p.end)}
    found = []
    for tok in doc:
        if tok.text in surnames and tok.i not in taken and not (tok.i + 1 < len(doc) and doc[tok.i + 1].text[:1].isupper()):
            found.append(PersonMention(tok.i, tok.i + 1, surnames[tok.text], tok.text, context_start=tok.i))
    return found


def label_mentions(doc: Doc, lex: Lexicon, nlp: Language, taken: list[PersonMention]) -> list[PersonMention]:
    """The people transcript labels name, read from the label in running-text case: 'SECRETARY OF DEFENSE JOHN
    DOE: Good afternoon.' names John Doe, Secretary of Defense, whom 'I' in that turn then stands for."""
    found: list[PersonMention] = []
    for start, label in turns(doc).labels:
        small = nlp(label)
        for m in person_mentions(small, lex, country_mentions(small, lex, nlp)):
            span = doc.char_span(start + small[m.start].idx, start + small[m.end - 1].idx + len(small[m.end - 1]),
                                 alignment_mode="expand")
            if span is not None and not any(p.start < span.end and span.start < p.end for p in taken):
                found.append(PersonMention(span.start, span.end, m.name, m.surface, m.rank, m.office, m.country,
                                           context_start=span.start, cued=True))
    return found


def _respective_states(doc: Doc, persons: list[PersonMention], countries: list[CountryMention]) -> None:
    """'her Azerbaijani and Turkish counterparts, A and B': names set beside a plural noun that lists as many
    states are of those states, in order."""
    state_at = {c.start: c.code for c in countries if not c.is_place}
    for noun in doc:
        names = [c for c in noun.children if c.dep_ == "appos"] if noun.tag_ in ("NNS", "NNPS") else []
        if not names:
            continue
        states = list(dict.fromkeys(state_at[t.i] for t in noun.lefts for t in t.subtree if t.i in state_at))
        names += [t for t in names[-1].subtree if t.dep_ == "conj"]
        listed = [p for t in names for p in persons if p.start <= t.i < p.end]
        if len(states) >= 2 and len(listed) == len(names) == len(states) \
                and all(p.country in (None, s) for p, s in zip(listed, states)):
            for person, state in zip(listed, states):
                person.country = state


def _listed_officials(doc: Doc, persons: list[PersonMention], countries: list[CountryMention], lex: Lexicon) -> None:
    """'Croatian President A, Prime Minister B, and Defense Minister C': three or more officials listed after one
    whose state is named share it, when a comma (and then perhaps 'and') is all that stands between them. Two
    may be of two states ('U.S. Secretary A, and Defense Minister B'); an envoy may be the other side's, so
    keeps none (cue `resident_offices`). 'A Turkish delegation that included A, B and C': all are of the
    delegation's state (cues `member_bodies`, `member_verbs`)."""
    envoys = lex.cues.get("resident_offices", set())

    def listed(before: PersonMention, person: PersonMention) -> bool:
        own = set((person.office or "").lower().split()) | {"of", "the"}  # 'Chief of Staff, A': an office set before its holder
        gap = [t.lower_ for t in doc[before.end:person.context_start] if t.lower_ not in own]
        return bool(before.office and person.office and gap) and gap[0] == "," and set(gap) <= {",", "and"} \
            or bool(gap) and set(gap) <= {",", "and"} and person.country is None and before.country is None

    def delegation_state(first: PersonMention) -> str | None:
        lead = doc[max(doc[first.context_start].sent.start, first.context_start - 8):first.context_start]
        if not member_list_words(lex).search(lead.text):
            return None
        states = {c.code for c in countries if lead.start <= c.start < lead.end}
        return states.pop() if len(states) == 1 else None

    chain: list[PersonMention] = []
    for person in [*persons, None]:
        if person is not None and chain and listed(chain[-1], person):
            chain.append(person)
            continue
        state = delegation_state(chain[0]) if chain and chain[0].country is None else None
        if state or len(chain) >= 3 and chain[0].country:
            for member in chain if state else chain[1:]:
                if member.country is None and not any(e in (member.office or "").lower() for e in envoys):
                    member.country = state or chain[0].country
        chain = [person] if person is not None else []


def find(doc: Doc, lex: Lexicon, nlp: Language) -> Mentions:
    countries = country_mentions(doc, lex, nlp)
    persons = person_mentions(doc, lex, countries)
    _respective_states(doc, persons, countries)
    _listed_officials(doc, persons, countries, lex)
    persons += label_mentions(doc, lex, nlp, persons)
    persons = sorted(persons + surname_mentions(doc, persons), key=lambda p: p.start)
    found = acronyms(doc.text)
    return Mentions(countries, persons, references(doc, lex, countries, persons), found,
                    organizations(doc, lex, found, persons))
