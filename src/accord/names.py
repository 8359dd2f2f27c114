"""What a user types for a state or an event kind, resolved to what the store holds.

The store keeps ISO alpha-3 codes and singular kind names; people type "Pakistan", "pakistan", "PAK",
"meetings" or "arms transfers". Each is resolved here, or refused with a hint (the closest known name), so
the API and the CLI never answer a typo with a silent empty list. The table is src/accord/data/countries.tsv
(the same the extractor reads) and src/accord/data/kinds.tsv; nothing here loads the NLP stack.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import FilterError


@dataclass(frozen=True)
class State:
    code: str
    name: str


def _rows(name: str) -> list[list[str]]:
    text = resources.files("accord").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _states() -> tuple[dict[str, State], dict[str, str]]:
    """(code -> state, lower-case name, alias, demonym or code -> code)."""
    by_code: dict[str, State] = {}
    terms: dict[str, str] = {}
    for row in _rows("countries.tsv"):
        code, names, demonyms = (row + ["", "", ""])[:3]
        spelled = [n for n in names.split("|") if n]
        by_code[code] = State(code, spelled[0] if spelled else code)
        for term in spelled + [d for d in demonyms.split("|") if d]:
            terms.setdefault(_fold(term), code)
    for code in by_code:
        terms[code.lower()] = code
    return by_code, terms


@lru_cache(maxsize=1)
def kinds() -> tuple[str, ...]:
    """The event kinds of the lexicon, in its order."""
    return tuple(row[0] for row in _rows("kinds.tsv"))


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold().replace(".", ""))


def state(code: str) -> State:
    """The state of a code; a code the table does not know is its own name."""
    return _states()[0].get(code.upper(), State(code.upper(), code.upper()))


def states() -> list[State]:
    return sorted(_states()[0].values(), key=lambda s: s.name)


def resolve_state(value: str, param: str = "state") -> str:
    """'Pakistan', 'pakistan', 'PAK', 'Pakistani' -> 'PAK'; anything else is a FilterError with the closest name."""
    by_code, terms = _states()
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
