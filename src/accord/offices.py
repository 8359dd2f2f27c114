"""Offices: a key that spellings of one office share, and who held an office when."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

STOP = {"of", "the", "for", "and", "in", "to", "'s", "’s", "mr", "mister", "madam", "madame"}
"""Words no office is told apart by, honorifics included: 'Mr. Secretary', asked a question, is the Secretary."""
SYNONYMS = {"naval": "navy", "defense": "defence", "military": "army", "advisor": "adviser",
            "commander-in-chief": "commander", "secretary-general": "secretary", "vice": "deputy",
            "armed": "army"}


def office_key(office: str, abbreviations: dict[str, str]) -> frozenset[str]:
    """'Deputy Minister of Defence' and 'Deputy Defence Minister' share {deputy, defence, minister}; COAS expands."""
    text = abbreviations.get(office.strip(), office)
    for short, long_ in abbreviations.items():
        text = re.sub(rf"\b{re.escape(short)}\b", long_, text)
    words = re.findall(r"[\w-]+", text.lower())
    return frozenset(SYNONYMS.get(w, w) for w in words if w not in STOP)


PAST = frozenset({"then", "former", "erstwhile", "ex"})
"""Words that make an office one held before: 'Iraq's then defence minister A' is not 'the defence minister' now."""


def fits(title: frozenset[str], office: frozenset[str]) -> bool:
    """A bare title fits an office when all its words are in it: 'army chief' fits 'Chief of the Army Staff'."""
    return bool(title) and title <= office and not (office & PAST) - title


@dataclass
class Tenure:
    person: str
    office: str
    key: frozenset[str]
    country: str | None
    first_seen: str | None
    last_seen: str | None
    from_dictionary: bool = False

    def covers(self, day: str) -> bool:
        if not self.first_seen or not self.last_seen:
            return False
        return self.first_seen[: len(day)] <= day <= self.last_seen[: len(day)] or \
            self.first_seen <= day <= self.last_seen


@dataclass
class OfficeTable:
    """Every dated sighting of a person with a title; a user's dictionary is consulted first."""

    tenures: list[Tenure] = field(default_factory=list)

    def holder(self, title: frozenset[str], country: str | None, day: str | None) -> str | None:
        """The one person who held a fitting office on `day`; None when no one or several may have."""
        if not day:
            return None
        for from_dictionary in (True, False):
            found = {t.person for t in self.tenures
                     if t.from_dictionary == from_dictionary and fits(title, t.key) and t.covers(day)
                     and not (country and t.country and country != t.country)}
            if len(found) == 1:
                return found.pop()
            if len(found) > 1:
                return None
        return None
