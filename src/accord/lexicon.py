"""Lexicons as data: packaged files, extended by files of the same name in a user folder."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from .settings import Settings


def _lines(name: str, user_dir: str) -> Iterator[list[str]]:
    texts = [resources.files("accord.data").joinpath(name).read_text(encoding="utf-8")]
    extra = Path(user_dir) / name if user_dir else None
    if extra is not None and extra.is_file():
        texts.append(extra.read_text(encoding="utf-8"))
    for text in texts:
        for line in text.splitlines():
            if line.strip() and not line.startswith("#"):
                yield [cell.strip() for cell in line.split("\t")]


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


def _apostrophes(terms: list[str]) -> list[str]:
    """"Cote d'Ivoire" is also written with a typographic apostrophe ("Cote d’Ivoire")."""
    return terms + [t.replace("'", "’") for t in terms if "'" in t]


@dataclass
class Country:
    code: str
    name: str
    names: list[str]
    demonyms: list[str]
    places: list[str]


@dataclass
class KindCodes:
    plover: str
    cameo: str
    goldstein: float
    label: str


@dataclass(eq=False)
class Lexicon:
    countries: dict[str, Country] = field(default_factory=dict)
    country_terms: dict[str, str] = field(default_factory=dict)
    """lower-cased name, demonym or place -> country code"""
    place_terms: dict[str, str] = field(default_factory=dict)
    combining_forms: dict[str, str] = field(default_factory=dict)
    """'indo' of 'Indo-German': a state named as the first half of a hyphenated adjective."""
    """lower-cased city or place -> country code (places only)"""
    ranks: list[tuple[list[str], str]] = field(default_factory=list)
    """written form split in words -> canonical rank, longest first"""
    title_words: set[str] = field(default_factory=set)
    rank_words: set[str] = field(default_factory=set)
    """Ranks written in one word: 'general', 'lt', 'admiral'."""
    rank_fragments: set[str] = field(default_factory=set)
    """First words of ranks written in several words that are no title alone ('Sen' of 'Sen Lt Gen'), so a
    name may end in one ('Hun Sen')."""
    office_heads: set[str] = field(default_factory=set)
    org_heads: set[str] = field(default_factory=set)
    name_stops: set[str] = field(default_factory=set)
    """Words that are part of no person's name: org_heads and name_stops.txt."""
    office_abbreviations: dict[str, str] = field(default_factory=dict)
    office_states: dict[str, str] = field(default_factory=dict)
    """lower-cased office that one state alone has -> that state ('secretary of defense' -> USA)"""
    ship_states: dict[str, str | None] = field(default_factory=dict)
    """lower-cased navy prefix of a ship's name -> the state whose ships carry it ('hms' -> GBR), None if shared"""
    makers: dict[str, str] = field(default_factory=dict)
    """arms maker's name as written -> its state ('Embraer' -> BRA)"""
    organizations: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    """lower-cased short or long name -> (long name, country, role)"""
    state_words: frozenset[str] = frozenset()
    """every lower-cased name and demonym of a state"""
    trigger_words: dict[str, frozenset[str]] = field(default_factory=dict)
    """per kind, the words that are triggers of it on their own ('agreement', 'drill')"""
    kinds: dict[str, KindCodes] = field(default_factory=dict)
    patterns: dict[str, list[list[dict]]] = field(default_factory=dict)
    cues: dict[str, set[str]] = field(default_factory=dict)

    def country_of(self, text: str) -> str | None:
        key = re.sub(r"['’]s$", "", text.strip()).lower()
        key = re.sub(r"^the ", "", key)
        return self.country_terms.get(key)

    def rank_at(self, words: list[str]) -> tuple[int, str] | None:
        """Longest rank written at the start of `words`: (number of words, canonical rank)."""
        lowered = [w.lower().rstrip(".") for w in words]
        for form, canonical in self.ranks:
            if lowered[: len(form)] == form:
                return len(form), canonical
        return None


def is_ship_prefix(lex: Lexicon, word: str) -> bool:
    """'PNS', 'HNoMS': a navy's prefix as navies write it, not the word 'its' or 'Its'."""
    return not (word.islower() or word.istitle()) and word.lower() in lex.ship_states


def ship_state(lex: Lexicon, word: str) -> str | None:
    """The state whose ships carry a prefix ('HMS' -> GBR), if the word is one and one state alone uses it."""
    return lex.ship_states.get(word.lower()) if is_ship_prefix(lex, word) else None


def _rank_words(form: str) -> list[str]:
    return [w.lower().rstrip(".") for w in re.split(r"[\s\-]+", form) if w.strip(".")]


@lru_cache(maxsize=8)
def load(user_dir: str = "") -> Lexicon:
    lex = Lexicon()
    for row in _lines("countries.tsv", user_dir):
        code, names, demonyms, places = (row + ["", "", "", ""])[:4]
        country = Country(code, _split(names)[0], _apostrophes(_split(names)), _apostrophes(_split(demonyms)),
                          _apostrophes(_split(places)))
        lex.countries[code] = country
        for term in country.names + country.demonyms:
            lex.country_terms[term.lower()] = code
        for place in country.places:
            lex.place_terms[place.lower()] = code
    lex.combining_forms = {row[0].lower(): row[1] for row in _lines("combining_forms.tsv", user_dir) if len(row) > 1}
    forms: list[tuple[list[str], str]] = []
    for row in _lines("ranks.tsv", user_dir):
        canonical, written = row[0], _split(row[1]) if len(row) > 1 else [row[0]]
        forms.extend((_rank_words(w), canonical) for w in written)
    lex.ranks = sorted(forms, key=lambda f: -len(f[0]))
    titles = {row[0].lower() for row in _lines("titles.txt", user_dir)}
    lex.title_words = titles | {w for form, _ in forms for w in form if len(w) > 1}
    lex.rank_words = {form[0] for form, _ in forms if len(form) == 1}
    alone = titles | lex.rank_words
    lex.rank_fragments = {form[0] for form, _ in forms if len(form) > 1} - alone
    lex.office_heads = {row[0].lower() for row in _lines("office_heads.txt", user_dir)}
    lex.org_heads = {row[0].lower() for row in _lines("org_heads.txt", user_dir)}
    lex.name_stops = lex.org_heads | {row[0].lower() for row in _lines("name_stops.txt", user_dir)}
    for row in _lines("offices.tsv", user_dir):
        lex.office_abbreviations[row[0]] = row[1]
    lex.office_states = {row[0].lower(): row[1] for row in _lines("office_states.tsv", user_dir) if len(row) > 1}
    lex.ship_states = {row[0].lower(): (row[1] if len(row) > 1 and row[1] else None)
                       for row in _lines("ship_prefixes.tsv", user_dir)}
    lex.makers = {row[0]: row[1] for row in _lines("makers.tsv", user_dir) if len(row) > 1}
    for row in _lines("organizations.tsv", user_dir):
        short, long_, state, role = (row + ["", "", "", ""])[:4]
        entry = (long_ or short, state or None, role or "organization")
        lex.organizations[short.lower()] = entry
        lex.organizations[long_.lower()] = entry
    for row in _lines("kinds.tsv", user_dir):
        lex.kinds[row[0]] = KindCodes(row[1], row[2], float(row[3]), row[4])
    triggers = [json.loads(resources.files("accord.data").joinpath("triggers.json").read_text(encoding="utf-8"))]
    extra = Path(user_dir) / "triggers.json" if user_dir else None
    if extra is not None and extra.is_file():
        triggers.append(json.loads(extra.read_text(encoding="utf-8")))
    for data in triggers:
        for kind, patterns in data.get("patterns", {}).items():
            lex.patterns.setdefault(kind, []).extend(patterns)
        for name, words in data.get("cues", {}).items():
            lex.cues.setdefault(name, set()).update(w.lower() for w in words)
    lex.state_words = frozenset(lex.country_terms)
    lex.trigger_words = {kind: frozenset(
        w.lower() for pattern in patterns if len(pattern) == 1 for tok in pattern
        for value in tok.values() if isinstance(value, dict) for w in value.get("IN", []) if isinstance(w, str))
        for kind, patterns in lex.patterns.items()}
    return lex


def get(settings: Settings | None = None) -> Lexicon:
    return load((settings or Settings.from_env()).lexicon_dir)


def _longest_first(terms: Iterable[str], flags: int = 0, after: str = r"(?!\w)") -> re.Pattern[str]:
    """One pattern for many terms as written, longest first ('Naval Group' before 'Naval'). Terms may end in a
    full stop ('U.S.'), so edges are 'no word character' rather than word boundaries. No terms match nothing."""
    alternatives = "|".join(map(re.escape, sorted(set(terms), key=lambda t: (-len(t), t)))) or "(?!)"
    return re.compile(r"(?<!\w)(" + alternatives + ")" + after, flags)


@lru_cache(maxsize=8)
def state_words(lex: Lexicon, places: bool = False) -> re.Pattern[str]:
    """Every name and demonym of a state (and, with `places`, the cities that stand for one), in one case-blind
    pattern."""
    return _longest_first(set(lex.country_terms) | (set(lex.place_terms) if places else set()), re.IGNORECASE)


@lru_cache(maxsize=8)
def maker_words(lex: Lexicon) -> re.Pattern[str]:
    """Every arms maker's name as written."""
    return _longest_first(lex.makers)


@lru_cache(maxsize=8)
def reporter_words(lex: Lexicon) -> re.Pattern[str]:
    """Every news agency or press office spelled out ('Agence France-Presse'): organisations of role 'source'
    whose names run to more than one word, as written."""
    return _longest_first(name for name, _, role in lex.organizations.values()
                          if role == "source" and (" " in name or "-" in name))


@lru_cache(maxsize=8)
def member_list_words(lex: Lexicon) -> re.Pattern[str]:
    """'a Turkish delegation that included', 'a team comprising': words that open a list of a body's members,
    at the end of the text searched (cues `member_bodies`, `member_verbs`)."""
    verbs = _longest_first(lex.cues.get("member_verbs", set())).pattern
    return _longest_first(lex.cues.get("member_bodies", set()), re.IGNORECASE,
                          after=r"\s+(?:(?:that|which)\s+)?" + verbs + r"\s*$")


@lru_cache(maxsize=8)
def combining_words(lex: Lexicon) -> re.Pattern[str]:
    """'Indo-' of 'Indo-German', 'Sino-' of 'Sino-Pakistani': a state's combining form before a hyphen."""
    return _longest_first(lex.combining_forms, re.IGNORECASE, after=r"(?=-\w)")
