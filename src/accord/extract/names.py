"""Name normalisation shared by extraction and resolution: glue, initials, transliteration."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from rapidfuzz import fuzz

# Two spellings of one given name or surname score at least this on rapidfuzz's
# ratio after folding (Aleksandr/Alexander, Nikolay/Nikolai, Sergei/Sergey all
# fold to 100; Oleg/Olga 75). Calibrated on tests/test_identity.py.
SAME_WORD = 85

_GLUE = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")
_NOT_GLUE = ("Mc", "Mac", "De", "Di", "Da", "La", "Le", "Van", "Von", "Al", "El", "Abu", "Ibn", "Bin", "O'")


def split_glued(word: str) -> list[str]:
    """'RajnathSingh' -> ['Rajnath', 'Singh']; 'MrRaza' -> ['Mr', 'Raza']; 'McDonald' stays whole."""
    if re.match(r"^(Mr|Mrs|Ms|Dr)(?=[A-Z][a-z])", word):
        head = re.match(r"^(Mr|Mrs|Ms|Dr)", word)[0]  # type: ignore[index]
        return [head] + split_glued(word[len(head):])
    if word.startswith(_NOT_GLUE) and _GLUE.search(word) and _GLUE.search(word).start() <= 3:  # type: ignore[union-attr]
        return [word]
    return _GLUE.sub(" ", word).split()


def clean_name(words: list[str], leading: Collection[str]) -> str:
    """Display form of a name: glued words split, leading honorifics or ranks (`leading`, lower case) dropped,
    spacing tidy."""
    parts = [p for w in words for p in split_glued(w)]
    while parts and parts[0].lower().rstrip(".") in leading:
        parts = parts[1:]
    return " ".join(parts)


def fold(word: str) -> str:
    """A key that transliteration variants share: Aleksandr/Alexander, Nikolay/Nikolai, Sergei/Sergey."""
    w = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    w = re.sub(r"[^a-z]", "", w)
    w = w.replace("ks", "x").replace("kh", "h").replace("ph", "f").replace("yu", "iu").replace("ya", "ia")
    w = re.sub(r"(iy|yi|ii|y|ei|ey)$", "i", w)
    w = w.replace("y", "i").replace("w", "v").replace("j", "i")
    w = re.sub(r"er$", "r", w)
    w = re.sub(r"(.)\1", r"\1", w)
    return w


def tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s.]+", name) if t]


def is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def same_word(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= SAME_WORD)


ARTICLES = {"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an"}
"""Arabic article forms written hyphened to a surname ('al-Sisi') or as a word of their own ('El Sisi')."""


def without_particle(word: str, particles: Collection[str]) -> str | None:
    """'al-Rashidi' is written 'Rashidi' too: a surname without the particle hyphened to its front, if it has one."""
    head, hyphen, rest = word.partition("-")
    return rest if hyphen and head.lower() in particles and rest[:1].isupper() else None


def surname(name: str) -> str:
    """The folded last word, without an article hyphened to its front: 'Abdel Fattah al-Sisi' and 'Abdel Fattah
    El Sisi' share 'sisi'."""
    if not tokens(name):
        return ""
    last = tokens(name)[-1]
    return fold(without_particle(last, ARTICLES) or last)


def given_names(names: list[str]) -> list[str]:
    """The folded words before the surname, without initials or a lone article ('El' of 'Abdel Fattah El Sisi')."""
    return [fold(t) for n in names for t in tokens(n)[:-1] if not is_initial(t) and t.lower() not in ARTICLES]


def names_agree(a: list[str], b: list[str]) -> bool:
    """Two sets of names can be one person: the surnames agree and, where both give them, a given name agrees.
    A single word that opens a full name is that person too ('Kim' for Kim Jong-un, 'Prabowo' for Prabowo
    Subianto): family names come first in much of Asia, and some people go by their first name."""
    if not any(same_word(surname(x), surname(y)) for x in a for y in b):
        return any(len(tokens(x)) == 1 and len(tokens(y)) > 1 and same_word(fold(tokens(x)[0]), fold(tokens(y)[0]))
                   for x, y in [*((x, y) for x in a for y in b), *((y, x) for x in a for y in b)])
    given_a, given_b = given_names(a), given_names(b)
    if not given_a or not given_b:
        return True
    # 'Jigme Singye Wangchuck' is not 'Jigme Khesar Namgyel Wangchuck', nor 'Serdar' 'Gurbanguly Berdimuhamedov':
    # each given name of the shorter form is one of the longer's.
    fewer, more = sorted((given_a, given_b), key=len)
    return all(any(same_word(g, k) for k in more) for g in fewer)
