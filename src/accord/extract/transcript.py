"""Transcripts: who is speaking. 'SECRETARY AUSTIN: ... Richard and I just finished a meeting' — the 'I' of
a turn is the person its label names."""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

LABEL = re.compile(r"^(?P<label>(?:[A-Z][A-Z.'’-]*\s+){0,4}[A-Z][A-Z.'’-]+)\s*:\s", re.M)
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
ANONYMOUS = {"Q", "MODERATOR", "REPORTER", "QUESTION", "ANSWER", "A", "STAFF", "OPERATOR"}


class Turns:
    """The speaker of each stretch of a transcript, by character offset; empty for ordinary articles."""

    def __init__(self, doc: Doc):
        self.starts: list[int] = []
        self.speakers: list[str | None] = []
        for m in LABEL.finditer(doc.text):
            words = m["label"].split()
            speaker = None if words[-1] in ANONYMOUS or len(words[-1]) < 2 else words[-1].title()  # 'FOREIGN MINISTER YU'
            self.starts.append(m.start())
            self.speakers.append(speaker)
        if len(self.starts) < 2:
            self.starts, self.speakers = [], []

    def speaker_at(self, char: int) -> str | None:
        k = bisect.bisect_right(self.starts, char) - 1
        return self.speakers[k] if k >= 0 else None


def turns(doc: Doc) -> Turns:
    """The turns of a document, found once and kept with it (mentions and references both ask)."""
    if "accord_turns" not in doc.user_data:
        doc.user_data["accord_turns"] = Turns(doc)
    return doc.user_data["accord_turns"]
