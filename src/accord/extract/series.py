"""Numbered series in event sentences: 'the fifth round of the DPD', 'Exercise Shakti VII', 'Ataturk-XI',
'the seventh edition of Shakti', 'the first-ever ...'. Long and short names of a series are kept together."""
from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from ..nlp.dates import MONTHS as MONTH_NUMBERS
from ..nlp.dates import WEEKDAYS
from ..records import SeriesRef

ORDINALS = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth "
    "sixteenth seventeenth eighteenth nineteenth twentieth".split(), 1)}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ORD = r"(?P<ord>first-ever|" + "|".join(ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))"
_NAME = r"(?P<name>[A-Z][\w’'\-]*(?:\s+(?:[A-Z][\w’'\-]*|of|and|on|for|the|\([A-Z][A-Za-z]+\)))*)"
_OCCASION = r"\s+(?:round|edition|meeting|session|iteration|phase)\s+of\s+(?:the\s+|their\s+|its\s+)?"
_ADJECTIVES = r"(?:(?:joint|bilateral|military|naval|air|army|annual|trilateral)\s+)*"
ROUND = re.compile(_ORD + _OCCASION + _ADJECTIVES + r"(?:exercise\s+|drills?\s+)?" + _NAME)
BODY = re.compile(_ORD + _OCCASION + r"(?P<name>(?:[a-z\-]+\s+){0,4}(?:committee|commission|council|forum|dialogue|group|talks"
                  r"|exercise|drills?|meetings?))\b")
ACRONYM = re.compile(_ORD + r"\s+(?P<name>[A-Z]{2,8})\b")
BEFORE = re.compile(_ORD + r"\s+(?P<name>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)\s+" + _ADJECTIVES
                    + r"(?:meeting|talks|session|dialogue|exercise)s?\b")
NUMBERED = re.compile(r"(?:[Ee]xercise\s+)?(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,3})[\s-](?P<num>[IVXLC]{1,6}|\d{1,2})(?![\w-]|[,.]\d)")
QUOTED = re.compile(r"\s*[“\"‘'](?:Ex\.?\s+|Exercise\s+)?(?P<name>[A-Z][\w’'\- ]{1,40}?)[”\"’']")
"""'the 12th edition of the exercise "Ex Ekuverin"': the name in quotes after a series told by its kind."""
TAGGED = re.compile(r"(?:[Ee]xercise\s+)?(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,3})[\s-](?P<year>(?:19|20)\d{2})\b")
NAMED = re.compile(r"(?:[Ee]xercise\s+(?P<after>[A-Z][\w-]+(?:\s[A-Z][\w-]+){0,2})|(?:the\s+)?(?P<before>[A-Z][\w-]+(?:\s[A-Z][\w-]+){0,2})\s+"
                   r"(?:joint\s+|military\s+|naval\s+|air\s+)*(?:exercise|drills?|war\s*games?)\b)")
MONTHS = set(MONTH_NUMBERS) | set(WEEKDAYS)
"""'March 2022', 'Nov 12', 'Tuesday 28 November': a date, not a series and its edition."""
GENERIC_HEADS = {"talks", "exercise", "drill", "drills", "meeting", "meetings"}
BODIES = {"committee", "commission", "council", "forum", "dialogue", "group"}
GENERIC = {"the", "joint", "military", "naval", "air", "army", "exercise", "meeting", "meetings", "talks", "round", "session"}
HEAD_AFTER = re.compile(r"[\s\"”’'-]*(?:(?:joint|military|naval|air)\s+)*(?:exercises?|drills?|war\s*games?|maneuvers?|manoeuvres?)\b", re.I)
"""'the Aqaba-5 drill', 'the Zapad 2021 exercise': a name that is also a place's made a series by the word after it."""
Spans = Sequence[tuple[int, int]]


def generic(ref: SeriesRef) -> bool:
    """'the dialogue', 'the committee': a series named before in the article, not a name of its own."""
    last = ref.name.lower().split()[-1] if ref.name else ""
    return ref.name.lower() in BODIES | {"talks"} or (last in GENERIC_HEADS and ref.name.islower())


def roman(text: str) -> int | None:
    if not re.fullmatch(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = ROMAN[ch]
        total += -value if i + 1 < len(text) and ROMAN[text[i + 1]] > value else value
    return total or None


ORDINAL_WORD = re.compile(_ORD)


def is_ordinal(word: str) -> bool:
    """'tenth', '10th': a word that numbers a round, a session or an edition."""
    return ORDINAL_WORD.fullmatch(word.lower()) is not None


def _ordinal(text: str) -> int:
    text = text.lower()
    if text == "first-ever":
        return 1
    return ORDINALS.get(text) or int(re.match(r"\d+", text)[0])  # type: ignore[index]


def _tidy(name: str, states: set[str]) -> tuple[str, list[str]]:
    """'India-Vietnam Joint Defence Cooperation Committee (JDCC) meetings' -> name and short forms."""
    aliases = re.findall(r"\(([A-Z][A-Za-z]+)\)", name)
    name = re.sub(r"\s*\([A-Z][A-Za-z]+\)", "", name)
    words = name.rstrip("-–").split()
    while words and (words[0] in GENERIC or words[0].lower() in STOP_WORDS
                     or all(p.lower() in states for p in re.split(r"[-–]", words[0]) if p)):
        words = words[1:]
    while words and words[0] in ("Exercise", "Operation", "Joint"):
        words = words[1:] if len(words) > 1 and words[0] != "Joint" or words[0] in ("Exercise", "Operation") else words
        if words and words[0] == "Joint":
            break
    while words and words[-1] in GENERIC | {"of", "and", "on", "for", "Exercise"}:
        words = words[:-1]
    return " ".join(words), aliases


def _other_name(sentence: str, m: re.Match[str], name: str, others: Spans) -> bool:
    """'Lloyd J. Austin III', 'King Abdullah II', 'Chad 3': a person or state and a number,
    unless 'Exercise' comes before the name or an exercise word after it."""
    start = sentence.find(name, m.start())
    if not any(a < start + len(name) and start < b for a, b in others):
        return False
    return not (m[0].lower().startswith("exercise") or HEAD_AFTER.match(sentence, m.end())
                or HEAD_AFTER.match(sentence, start + len(name)))


def find(sentence: str, acronyms: dict[str, str], states: set[str], others: Spans = ()) -> SeriesRef | None:
    """The series an event sentence names, with its edition when the text numbers it.

    `others` are the character spans of the sentence that name a person or a state."""
    found: SeriesRef | None = None
    if m := BODY.search(sentence):
        quoted = QUOTED.match(sentence, m.end())
        found = SeriesRef(_tidy(quoted["name"], states)[0] if quoted else m["name"], [], _ordinal(m["ord"]))
    elif m := ROUND.search(sentence) or BEFORE.search(sentence) or ACRONYM.search(sentence):
        name, aliases = _tidy(m["name"], states)
        found = SeriesRef(name, aliases, _ordinal(m["ord"])) if name else None
    if found is None:
        for m in NUMBERED.finditer(sentence):
            if len(m["num"]) == 1 and re.match(r"\.|\s+[A-Z]", sentence[m.end():]):
                continue  # a middle initial: 'Ivan V Petrov', 'John F. Kennedy'
            if m["name"].split()[0].lower() in STOP_WORDS | MONTHS:
                continue  # 'Some 50 officers', 'About 20 ships'
            if len(m["name"]) <= 2 and sentence[m.end("name")] == "-":
                continue  # a type of aircraft: 'Su-25', 'Mi-17'
            number = roman(m["num"]) if not m["num"].isdigit() else int(m["num"])
            name, aliases = _tidy(m["name"], states)
            if number and name and name.lower() not in states and not _other_name(sentence, m, name, others):
                found = SeriesRef(name, aliases, number)
                break
    if found is None:
        for pattern in (TAGGED, NAMED):
            for m in pattern.finditer(sentence):
                raw = m.groupdict().get("name") or m.groupdict().get("after") or m.groupdict().get("before") or ""
                name, aliases = _tidy(raw, states)
                if (name and name.lower() not in states and not name.split()[0].lower() in MONTHS
                        and not _other_name(sentence, m, name, others)):
                    found = SeriesRef(name, aliases)
                    break
            if found:
                break
    if found is None:
        short = next((a for a in acronyms if re.search(rf"\b{re.escape(a)}\b", sentence)
                      and acronyms[a].split()[-1].lower() in BODIES), None)
        found = SeriesRef(acronyms[short], [short]) if short else None
    if found is None:
        return None
    for short, long_ in acronyms.items():
        if found.name in (short, long_) or short in found.aliases or _tidy(long_, states)[0] == found.name:
            found.name = _tidy(long_, states)[0] or found.name
            found.aliases = sorted(set(found.aliases) | {short})
    return found
