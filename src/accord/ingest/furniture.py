"""Page furniture in pasted text: the lines of a web page that are not the article.

Pasted pages keep their menus ("Home | National | Politics", "THE POST > Politics > Defence"), labelled
blocks ("Tags: ...", "Related news: ...", "Photos: ...", "Follow us on ..."), counters ("1,204 views",
"2 min read"), share and comment widgets, and headlines of other stories. A line is furniture by what it
says (a label, a widget word) or by its shape (segments between separators, a short line with no sentence
in it outside the article's run of prose).
"""
from __future__ import annotations

import re

LABELLED = re.compile(
    r"^\s*(?:[•·*#>-]\s*)?(?:tags?|related(?:\s+(?:news|articles?|story|stories|posts?|coverage|content|reading))?|"
    r"photos?|images?|image source|pictures?|credits?|source|newspaper section|section|category|categories|"
    r"keywords?|topics?|views|hits|count|print(?: version)?|e-?mail|share(?: this(?: article| story)?)?|"
    r"read (?:also|more|next)|also read|see also|more (?:from|on|about)|watch(?: more)?|video|listen|"
    r"follow (?:us|\w+ (?:news )?on)|subscribe|sign up|newsletter|advertisement|advertising|sponsored|"
    r"(?:skip|jump) to(?: the)?(?: main)? (?:content|menu|navigation)|toggle navigation|back to top|menu|search|contact us|select language|"
    r"comments?(?:\s*\(\d+\))?|show comments|top comments|leave a (?:reply|comment|review)|post a comment|"
    r"no comments|join the (?:conversation|discussion|debate)|sign in|log in|support (?:independent |our )?journalism|"
    r"your email address|disclaimer|editing by|reporting by|writing by|additional reporting by|"
    r"compiled by|our standards|click here|article continues|most read|most popular|latest(?: news| stories)?|"
    r"recent stories|other news|next in|trending|open in app|get the .{1,30} app|epaper|quick links|"
    r"image gallery|photo gallery|live story|\(end\)|end|###|copyright|all rights reserved|©)\b\s*(?:[:|(]|$|\s)",
    re.I)
COUNTER = re.compile(r"^\s*(?:[\d.,]+[kKmM]?\s+(?:total\s+)?(?:views?|comments?|shares?|likes?|reads?)|\d+\s+min(?:ute)?s?\s+read|"
                     r"(?:views?|hits|count)\s*:\s*[\d.,]+)\s*$", re.I)
CONSENT = re.compile(r"\b(?:we|this (?:web)?site) uses? (?:small files called )?cookies\b|\bcookies?\b.{0,200}\b(?:consent|"
                     r"browser settings|settings of your browser|accept)\b", re.I)
"""A cookie notice: 'we use small files called cookies ... You can change the settings of your browser'."""
SEPARATORS = re.compile(r"\s[|>»›•/]\s|\s{2,}[|>»›•]\s{1,}|\s—\s")
END = re.compile(r"^\s*(?:\(END\)|-{2,}\s*END\s*-{2,}|END|###|\*\*\*)\s*$")
SENTENCE_END = ('.', '!', '?', '"', '”', '’', "'", ')', ':')
PROSE_WORDS = 12
SPEECH_HEADER = re.compile(r"^[^\n]{0,80}?\b(?:Presenter:|(?:Remarks|Statement|Speech|Address|Testimony)"
                           r"(?: as [Dd]elivered)? by)[ \t]+(?P<speaker>[^\n]+)", re.M)
"""'Presenter: Secretary of Defense John Doe', 'Statement by John Doe, Minister of Defence, at the Board': a header
over a speech, which names its speaker: kept over the text, where the speech's 'I' is read from it."""


def is_end(line: str) -> bool:
    """A wire story's closing mark: what follows is not the article."""
    return bool(END.match(line))


def _foreign(text: str) -> bool:
    """A line mostly in another script (a Cyrillic menu, an Arabic language switch) in an English page."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isascii() for c in letters) < len(letters) / 2


def is_furniture(line: str) -> bool:
    """A labelled block, a counter, a cookie notice, a line in another script, or a menu of short segments."""
    text = line.strip()
    if LABELLED.match(text) or COUNTER.match(text) or _foreign(text) or CONSENT.search(text) and len(text.split()) < 120:
        return True
    parts = [p for p in re.split(r"\s*(?:[|>»›•]|\s/\s|\s—\s)\s*", text) if p.strip()]
    if len(parts) >= 2 and SEPARATORS.search(text) and all(len(p.split()) <= 4 for p in parts) \
            and not text.endswith(SENTENCE_END[:3]):
        return True
    return False


def is_prose(line: str) -> bool:
    """A line that reads as the article's text: a long line, or a sentence."""
    words = line.split()
    return len(words) >= PROSE_WORDS or (len(words) >= 3 and line.rstrip().endswith(SENTENCE_END[:7]))


def trim(lines: list[str]) -> list[str]:
    """Short lines before the article's first prose line and after its last are menus, widgets and other
    stories' headlines (the title, date and byline have been taken out before)."""
    prose = [i for i, line in enumerate(lines) if line and is_prose(line)]
    if not prose:
        return lines
    start = prose[0]
    while start > 0 and lines[start - 1] and lines[start][:1].islower():
        start -= 1  # a sentence wrapped over short lines begins above its first long one
    header = next((line for line in lines[:start] if line and SPEECH_HEADER.match(line)), None)
    return ([header, ""] if header else []) + lines[start: prose[-1] + 1]
