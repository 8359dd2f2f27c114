"""Transcripts: who is speaking. 'SECRETARY AUSTIN: ... Richard and I just finished a meeting' — the 'I' of
a turn is the person its label names."""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from ..ingest.furniture import SPEECH_HEADER

LABEL = re.compile(r"^(?P<label>(?:[A-Z][A-Z.'’-]*\s+){0,7}[A-Z][A-Z.'’-]+)\s*:\s", re.M)
LINE_LABEL = re.compile(r"^(?P<label>(?:[A-Z][A-Z.'’-]*[ \t]+){0,5}[A-Z][A-Z.'’-]+)[ \t]*$", re.M)
"""'SENATOR SMITH' alone on its line, the speech below it: a label, in a text where such a line comes back."""
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
ANONYMOUS = {"Q", "MODERATOR", "REPORTER", "QUESTION", "ANSWER", "A", "STAFF", "OPERATOR", "JOURNALIST"}
SMALL_WORDS = {"of", "for", "the", "and"}
HEADER_REACH = 2000
"""How far into a text a speech's header stands: over the speech, under at most the site's own lines."""
INTRODUCTION = re.compile(r"\bintroduc(?:e|es|ed|ing)\b[^\n]*")
"""'STAFF: I have the pleasure of introducing A and B.': the paragraph after it is one of theirs."""


def titled(label: str) -> str:
    """A capitalised label in the case of running text, of the same length, so that the name and office in it
    read as they do in a sentence: 'SECRETARY OF DEFENSE JOHN DOE' is 'Secretary of Defense John Doe'."""
    return " ".join(w.lower() if w.lower() in SMALL_WORDS else w.capitalize() for w in label.split(" "))


def _labels(text: str) -> list[re.Match[str]]:
    """Speaker labels in the order of the text: those ended by a colon, and those on a line of their own when one
    of them recurs, as speakers do ('SENATOR SMITH' twice), where an article's header line ('RELATED NEWS') stands
    once."""
    lines = list(LINE_LABEL.finditer(text))
    recurring = {m["label"] for m in lines if sum(n["label"] == m["label"] for n in lines) > 1}
    return sorted([*LABEL.finditer(text), *(m for m in lines if recurring)], key=lambda m: m.start())


class Turns:
    """The speaker of each stretch of a transcript, by character offset; empty for ordinary articles."""

    def __init__(self, doc: Doc):
        self.starts: list[int] = []
        self.speakers: list[str | None] = []
        self.labels: list[tuple[int, str]] = []
        """Each named speaker's label, by character offset and in running-text case."""
        self.introductions: list[tuple[int, int, int]] = []
        """Where an unnamed speaker introduces others: the introduction's start and end, and the turn's end."""
        found = _labels(doc.text)
        for k, m in enumerate(found):
            words = m["label"].split()
            speaker = None if words[-1] in ANONYMOUS or len(words[-1]) < 2 else words[-1].title()  # 'FOREIGN MINISTER YU'
            self.starts.append(m.start())
            self.speakers.append(speaker)
            if speaker is not None:
                self.labels.append((m.start("label"), titled(m["label"])))
            end = found[k + 1].start() if k + 1 < len(found) else len(doc.text)
            if speaker is None and (intro := INTRODUCTION.search(doc.text, m.end(), end)):
                self.introductions.append((intro.start(), intro.end(), end))
        if len(self.starts) < 2 and not (self.labels and len(self.labels[0][1].split()) >= 3):
            # one label is a speaker's only when it holds more than a place could ('SECRETARY OF STATE JOHN DOE:',
            # not 'NEW DELHI:')
            self.starts, self.speakers, self.labels = [], [], []
        self.header: tuple[int, int] | None = None
        """Where a speech with no speaker labels names its one speaker in a header: the header's speaker part."""
        if not self.starts and (head := SPEECH_HEADER.search(doc.text, 0, HEADER_REACH)):
            self.header = head.span("speaker")

    def speaker_at(self, char: int) -> str | None:
        k = bisect.bisect_right(self.starts, char) - 1
        return self.speakers[k] if k >= 0 else None

    def presented_at(self, char: int) -> tuple[int, int] | None:
        """The header naming the speaker of the speech at `char`, if the text is one speech under such a header."""
        return self.header if self.header is not None and char >= self.header[1] else None

    def introduced_at(self, char: int) -> tuple[int, int] | None:
        """The introduction that the speech at `char` follows in the same turn, if any."""
        return next(((start, end) for start, end, turn_end in self.introductions if end <= char < turn_end), None)


def turns(doc: Doc) -> Turns:
    """The turns of a document, found once and kept with it (mentions and references both ask)."""
    if "accord_turns" not in doc.user_data:
        doc.user_data["accord_turns"] = Turns(doc)
    return doc.user_data["accord_turns"]
