"""A document's sentences and each sentence's entities, found once per document.

spaCy builds `doc.sents` and `span.ents` afresh on every access, each a walk over the whole document: asked
once per sentence, or once per mention, they make extraction grow with the square of the text.
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span


def sentences(doc: Doc) -> list[Span]:
    if "accord_sents" not in doc.user_data:
        doc.user_data["accord_sents"] = list(doc.sents)
    return doc.user_data["accord_sents"]


def ents_in(sent: Span) -> list[Span]:
    """The named entities of one sentence of its document."""
    doc = sent.doc
    if "accord_ents" not in doc.user_data:
        sents = sentences(doc)
        starts = [s.start for s in sents]
        by_sentence: dict[int, list[Span]] = {s.start: [] for s in sents}
        for ent in doc.ents:
            k = bisect.bisect_right(starts, ent.start) - 1
            if k >= 0 and ent.end <= sents[k].end:
                by_sentence[sents[k].start].append(ent)
        doc.user_data["accord_ents"] = by_sentence
    found = doc.user_data["accord_ents"].get(sent.start)
    return found if found is not None else list(sent.ents)  # a span that is not one of the doc's sentences
