"""A cheap look before the parser: is this article about relations between at least two states?"""
from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import Lexicon, combining_words, ship_state, state_words


@lru_cache(maxsize=4)
def _ships(lex: Lexicon) -> re.Pattern[str]:
    """A navy's prefix before a ship's name ('HMS Tamar'): the ship's state is named."""
    prefixes = sorted((p for p, state in lex.ship_states.items() if state), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in prefixes) + r")\s+[A-Z]", re.IGNORECASE)


@lru_cache(maxsize=4)
def _patterns(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    states = state_words(lex, places=True)
    words: set[str] = set()
    for patterns in lex.patterns.values():
        for pattern in patterns:
            for tok in pattern:
                for value in tok.values():
                    if isinstance(value, dict):
                        words.update(w for w in value.get("IN", []) if isinstance(w, str))
                    elif isinstance(value, str) and value.isalpha() and value.islower():
                        words.add(value)
    stems = sorted({w[:5] if len(w) > 5 else w for w in words}, key=len, reverse=True)
    relation = re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")", re.IGNORECASE)
    return states, relation


NOT_TWO_STATES = "not about two states"
NO_RELATION_WORDS = "no relation words"
REASONS = (NOT_TWO_STATES, NO_RELATION_WORDS)


def relevant(body: str, lex: Lexicon) -> str | None:
    """None when the article names two states and an event word; otherwise why it is not relevant."""
    states, relation = _patterns(lex)
    named = {lex.country_terms.get(m.lower()) or lex.place_terms.get(m.lower()) for m in states.findall(body)}
    named |= {lex.combining_forms.get(m.lower()) for m in combining_words(lex).findall(body)}
    named |= {ship_state(lex, m.group(1)) for m in _ships(lex).finditer(body)}
    named.discard(None)
    if len(named) < 2:
        return NOT_TWO_STATES
    if not relation.search(body):
        return NO_RELATION_WORDS
    return None
