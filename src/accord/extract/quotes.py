"""Quotations and who says them: in '"Today I met Minister X," Mahuta said', the 'I' is Mahuta.

A quotation runs from an opening mark to its closing one within a paragraph; curly marks pair by kind,
straight ones by turns. Its speaker is the subject of the verb of saying just after it ('," Mahuta said',
'," said the minister') or just before it ('Mahuta said: "...').
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from .triggers import QUOTES_CLOSE as CLOSING, QUOTES_OPEN

STRAIGHT = '"'
OPENING = QUOTES_OPEN - {STRAIGHT}
REACH = 8
"""How many words after a quotation its verb of saying may stand ('," the Indian defence minister told reporters')."""


def _paragraph_break(tok: Token) -> bool:
    return "\n\n" in tok.whitespace_ or tok.is_space and tok.text.count("\n") >= 2


def quotations(doc: Doc) -> list[tuple[int, int]]:
    """The token indices of each closed quotation's opening and closing marks, in order; found once per document."""
    if "accord_quotations" in doc.user_data:
        return doc.user_data["accord_quotations"]
    found: list[tuple[int, int]] = []
    opened: int | None = None
    for tok in doc:
        if tok.text in OPENING or tok.text == STRAIGHT and opened is None:
            opened = tok.i
        elif opened is not None and (tok.text in CLOSING or tok.text == STRAIGHT):
            found.append((opened, tok.i))
            opened = None
        if _paragraph_break(tok):
            opened = None  # a quotation left open runs on in the next paragraph, whose own mark reopens it
    doc.user_data["accord_quotations"] = found
    return found


def quotation_at(doc: Doc, i: int) -> tuple[int, int] | None:
    """The quotation holding token i, if any."""
    found = quotations(doc)
    k = bisect.bisect_right(found, (i, len(doc))) - 1
    return found[k] if k >= 0 and found[k][0] < i < found[k][1] else None


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def speaker(doc: Doc, i: int, speech_verbs: set[str]) -> Token | None:
    """The head of the phrase naming who says the quotation that holds token i."""
    quote = quotation_at(doc, i)
    if quote is None:
        return None
    opening, closing = quote
    for tok in doc[closing + 1:min(closing + 1 + REACH, len(doc))]:
        if tok.text in OPENING | CLOSING | {STRAIGHT, "."} or _paragraph_break(doc[tok.i - 1]):
            break
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in speech_verbs:
            return _subject(tok)
    if opening > 1 and doc[opening - 1].text in (":", ","):
        start = doc[opening - 1].sent.start
        for tok in reversed(doc[start:opening - 1]):
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in speech_verbs:
                return _subject(tok)
    return None
