"""What a user types for a state or an event kind, resolved to what the store holds.

The store keeps ISO alpha-3 codes and singular kind names; people type "Pakistan", "pakistan", "PAK",
"meetings" or "arms transfers". Each is resolved here, or refused with a hint (the closest known name), so
the API and the CLI never answer a typo with a silent empty list. The tables are the lexicon's
(countries.tsv and kinds.tsv, with the user's lexicon folder); nothing here loads the NLP stack.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .errors import FilterError
from .settings import Settings


@dataclass(frozen=True)
class State:
    code: str
    name: str


@lru_cache(maxsize=4)
def _states(lexicon_dir: str) -> tuple[dict[str, State], dict[str, str]]:
    """(code -> state, lower-case name, alias, demonym or code -> code), from the lexicon the extractor reads,
    so that a state a user adds to countries.tsv in their lexicon folder is a filter value too."""
    by_code: dict[str, State] = {}
    terms: dict[str, str] = {}
    for country in lexicon.load(lexicon_dir).countries.values():
        by_code[country.code] = State(country.code, country.name)
        for term in country.names + country.demonyms:
            terms.setdefault(_fold(term), country.code)
    for code in by_code:
        terms[code.lower()] = code
    return by_code, terms


def _known_states() -> tuple[dict[str, State], dict[str, str]]:
    return _states(Settings.from_env().lexicon_dir)


def state_terms() -> list[str]:
    """Every name, demonym and code a state goes by, as typed (folded)."""
    return list(_known_states()[1])


def kinds() -> tuple[str, ...]:
    """The event kinds of the lexicon, in its order."""
    return tuple(lexicon.load(Settings.from_env().lexicon_dir).kinds)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold().replace(".", ""))


def state(code: str) -> State:
    """The state of a code; a code the table does not know is its own name."""
    return _known_states()[0].get(code.upper(), State(code.upper(), code.upper()))


def states() -> list[State]:
    return sorted(_known_states()[0].values(), key=lambda s: s.name)


def resolve_state(value: str, param: str = "state") -> str:
    """'Pakistan', 'pakistan', 'PAK', 'Pakistani' -> 'PAK'; anything else is a FilterError with the closest name."""
    by_code, terms = _known_states()
    folded = _fold(value)
    if folded in terms:
        return terms[folded]
    close = difflib.get_close_matches(folded, list(terms), n=1, cutoff=0.6)
    hint = None
    if close:
        found = by_code[terms[close[0]]]
        hint = f"did you mean {found.name} ({found.code})?"
    else:
        hint = "give a state's name or its ISO alpha-3 code, such as Pakistan or PAK"
    raise FilterError(param, value, f"unknown state '{value}'", hint)


def resolve_kind(value: str, param: str = "kind") -> str:
    """'meeting', 'Meetings', 'arms transfers' -> the kind the store holds; anything else is a FilterError."""
    known = kinds()
    folded = re.sub(r"[\s\-]+", "_", value.strip().casefold())
    for candidate in (folded, folded[:-1] if folded.endswith("s") else None):
        if candidate in known:
            return candidate
    close = difflib.get_close_matches(folded, list(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else "one of " + ", ".join(known)
    raise FilterError(param, value, f"unknown kind '{value}'", hint)
