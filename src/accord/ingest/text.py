"""Plain-text cleaning: the article body alone, with its metadata and photo captions set apart.

No library handles pasted article text, so these are rules about the layout of
news pages: metadata lines near the top, captions that end with a photo
credit, and everything after an end marker (footer, author box, newsletter
box, reader comments) dropped.
"""
from __future__ import annotations

import re

import ftfy
from dataclasses import dataclass, field

from ..nlp.dates import parse_absolute
from . import furniture
from .pubdate import closing_date, find_date, header_date

_DATE_WORDS = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{0,2}(?:st|nd|rd|th)?,?\s*\d{4}|\d{4}-\d{2}-\d{2}"
DATE_LINE = re.compile(r"^\s*(?:date|dated|posted on|published on|published)\s*:?\s*(\d{4}-\d{2}-\d{2})\b\s*(.*)$", re.I)
PUBLISHED = re.compile(rf"^(?P<byline>.*?)\s*(?:First\s+)?(?:Published|Posted|Updated)(?:\s+on)?\s*:?\s*(?P<date>{_DATE_WORDS})", re.I)
FOOTER = re.compile(rf"^\s*(?:Published|Printed|Appeared)\s+in\s+(?P<outlet>[^,]+?),\s*(?P<date>{_DATE_WORDS})\.?\s*$", re.I)
BYLINE = re.compile(r"^\s*(?:By|Contributed by|Written by|Reporting by|Report by)\s*:?\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,4})"
                    r"(?:\s+(?:staff\s+)?(?:writers?|reporters?|correspondents?))?\s*$")
DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z .'-]{2,40}?)(?:\s*,\s*[A-Z][A-Za-z0-9 .]{2,30})?\s*"
                      r"(?:(?:\((?P<agency>[A-Z][A-Za-z .&-]{1,40})\))?\s*(?::|—|–|--?)|/(?P<slashed>[A-Z][A-Za-z-]{1,20})/\.?)\s+")
DATE_ONLY = re.compile(rf"^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?P<date>{_DATE_WORDS})"
                       r"(?:\s*[,|-]?\s*\d{1,2}:\d{2}\s*(?:am|pm|AM|PM)?(?:\s*[A-Z]{2,4})?)?\s*$", re.I)
PLACE_DATE = re.compile(rf"^\s*[A-Z][A-Za-z .'-]{{1,40}},\s*(?P<date>{_DATE_WORDS})\s*$", re.I)
COPYRIGHT = re.compile(r"^\s*(?:Copyright\s*)?©\s*(?:\d{4}\s+)?(?P<outlet>[A-Z][\w .&'-]{1,60}?)\.?(?:\s+All rights reserved\.?)?\s*$", re.I)
CAPTION_CREDIT = re.compile(r"(?:\s[—–-]{1,2}\s*(?:Photo|Image|File|Picture|Courtesy|AFP|Reuters|AP|Getty|[A-Z][\w]*/[A-Z]\w*)[^.]{0,60}$|\((?:Photo|Image|File photo)[^)]*\)\s*$|^\s*(?:Photo|Image|File photo)\s*:)", re.I)
CAPTION_TAIL = re.compile(
    r"\([^()]*\b(?:AFP|Reuters|AP|Getty|Associated Press|Xinhua|Anadolu|EPA|Bloomberg|Pool|Source:|Photo|Image|Credit)\b[^()]*\)\s*$"
    r"|\[[^\]]*\b(?:Getty|AFP|Reuters|Picture|Photo|Wikipedia|Image|screenshot)\b[^\]]*\]\s*$"
    r"|\b(?:REUTERS|AFP|AP|EPA|XINHUA)/[A-Z][\w .-]+(?:/[\w .-]+)?\s*$|^\s*FILE PHOTO\s*:"
    r"|\.\s+(?:[A-Z]{2,}\s+)?(?:photo|image)\s+by\s+[A-Z][\w.'’ -]{2,40}\.?\s*$", re.I)
"""Photo credits at a caption's end: '(ABIR SULTAN/POOL/AFP via Getty Images)', '[Getty]', 'REUTERS/Karen Toro',
'... May 13, 2014. DOD photo by Erin A. Kirk-Cuomo.'"""
CAPTION_ACTION = re.compile(r"^[A-Z][^.]{0,160}\b(?:shakes hands with|shake hands|poses for|pose for|attends|gestures|waves to|"
                            r"inspects (?:a|the) guard|reviews (?:a|the) guard|lays a wreath)\b")
"""What photos show, in the present tense of captions: 'X shakes hands with Y in Pyongyang on Wednesday.'"""
CAPTION_POSE = re.compile(r"\((?:left|right|centre|center|second from (?:left|right)|L|R)\)")
COMMENT_STAMP = re.compile(r"^\s*[A-Z][a-z]{2}\s+\d{1,2},\s+\d{4}\s+\d{1,2}:\d{2}\s*(?:am|pm)?\s*$", re.I)
COMMENT_ACTION = re.compile(r"^\s*(?:Reply|Recommend|Like|Report|Share)(?:\s+(?:Reply|Recommend|Like|Report|Share|\d+))*\s*$", re.I)
END_MARKERS = re.compile(
    r"^\s*(?:Newsletter\s*Sign\s*-?\s*Up|Sign up for (?:our|the) newsletter|Subscribe to (?:our|the) newsletter"
    r"|About (?:the author|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,4}\s+\d+\s+Articles?)"
    r"|Comments?\s*(?:\(\d+\))?\s*$|\d+\s+Comments?\s*$|Leave a (?:comment|reply)|Related (?:articles?|story|stories|news|posts?|coverage|content|reading)\s*:?\s*$"
    r"|More (?:from|on) this|Copyright\s*©|©\s*\d{4}|All rights reserved|For (?:media|press) (?:enquiries|inquiries|contacts?))",
    re.I,
)
BIO = re.compile(r"^\s*(?:The writer|The author|The columnist|The contributor)\s+(?:is|was|has|heads|teaches|works)\b", re.I)
DROP_LINES = re.compile(
    r"^\s*(?:Share(?: this)?(?: article| story)?|Follow us.*|Read more\s*:.*|Also read\s*:.*|Advertisement|Click here.*|Tweet|Email|Print|WhatsApp|Facebook|Twitter)\s*$",
    re.I,
)


REPAIR = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=True, fix_character_width=False,
                              normalization=None, explain=False)
"""Mojibake ('Â©', 'â€™') and broken ligatures ('ﬁrst') repaired; quotes and widths left as written."""
POST_SIGNATURE = re.compile(r"^\s*[—–-]\s*[^()]{1,80}\(@\w{1,30}\)\s+\w+\s+\d{1,2},\s+\d{4}\s*$")
POST_PICTURE = re.compile(r"pic\.twitter\.com/\w+")
"""The link that ends a post's text; the line holding it is the post's, and nothing above it need be."""
POST_CHARS = 320
"""The longest text of an embedded post: 280 characters and a link to its picture."""
TAG = re.compile(r"</?(?:span|br|p|div|font|b|i|u|em|strong|a|img|li|ul|ol|h[1-6]|table|tr|td|th|tbody|thead|section|"
                 r"article|figure|figcaption|sup|sub|small|blockquote|hr)(?:\s[^<>]{0,200})?/?>", re.I)
"""Formatting markup left in pasted text ('<span style="color: #222222;">', '<br />'): the words stay, the tags
go. Anything else that looks like markup ('<script>') is the text's own and is kept, to be shown as text."""
BACKTICK = re.compile(r"(\w)`s\b")
"""'Azerbaijan`s Minister': a possessive typed with a backtick."""
STAMP_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
PAGE_STAMP = re.compile(r"^\W*(?:published|updated|last updated|created|posted|modified|date)\b", re.I)
"""'• Updated: 06-01-2020 20:43 IST', 'Created: ...': the page's own time stamps, not a reader's."""


def _drop_embedded_posts(lines: list[str]) -> list[str]:
    """An embedded tweet: its text down to the '— Name (@handle) June 5, 2024' line; not the article's words.
    A post is short: where no blank line sets it off, the article's own paragraphs above it stay."""
    out: list[str] = []
    pictured = False  # the line before held the post's text and its picture link, and is gone
    for line in lines:
        if POST_SIGNATURE.search(line):
            size = 0
            while not pictured and out and out[-1].strip() and size + len(out[-1]) <= POST_CHARS:
                size += len(out.pop())
            continue
        pictured = bool(POST_PICTURE.search(line))
        if not pictured:
            out.append(line)
    return out


@dataclass
class CleanText:
    body: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    captions: list[str] = field(default_factory=list)


def _paragraphs(lines: list[str]) -> str:
    out: list[str] = []
    blank = False
    for line in lines:
        if not line.strip():
            blank = bool(out)
            continue
        if out:
            out.append("\n\n" if blank else "\n")
        out.append(line.strip())
        blank = False
    return "".join(out)


def _is_caption(line: str) -> bool:
    return bool(CAPTION_CREDIT.search(line) or CAPTION_TAIL.search(line)) or (
        bool(CAPTION_POSE.search(line) or CAPTION_ACTION.search(line)) and len(line) < 400)


def _outlet_name(line: str) -> bool:
    """'The Daily Observer', 'ANTARA', 'Agência Defesa': a masthead above the headline, not the headline."""
    return len(line.split()) <= 3 and not any(w.lower() in ("to", "and", "in", "with", "of") for w in line.split()[1:])


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 25 and not line.rstrip().endswith((".", ":", ";", ",")) and not _is_caption(line)


def _wrapped(lines: list[str], number: int) -> bool:
    """'BUDAPEST, May 17 (Hina) - Croatia and Hungary signed a military' over 'cooperation agreement in ...': a
    dateline, or a line the next one carries on in lower case, opens the story's text; it is no title."""
    after = lines[number + 1].lstrip() if number + 1 < len(lines) else ""
    return bool(DATELINE.match(lines[number]) or after[:1].islower())


def _comment_start(lines: list[str]) -> int | None:
    """Index where reader comments start: a name line, then a time stamp, then the comment; told by the
    stamps (two or more, or one followed by Reply/Like), with or without a heading."""
    stamps = [i for i, line in enumerate(lines)
              if line.strip() and not PAGE_STAMP.match(line)
              and (COMMENT_STAMP.match(line) or STAMP_TIME.search(line) and find_date(line) and len(line.split()) <= 6)]
    for n, i in enumerate(stamps):
        if i < 3 or not any(furniture.is_prose(line) for line in lines[:i - 1]):
            continue
        replied = any(COMMENT_ACTION.match(line) for line in lines[i + 1 : i + 6])
        if replied or len(stamps) - n >= 2:
            return i - 1 if len(lines[i - 1].split()) <= 5 else i
    return None


def clean(text: str, title: str | None = None, published: str | None = None) -> CleanText:
    """Split raw article text into body, metadata and captions. The body keeps the text's own characters."""
    text = BACKTICK.sub(r"\1's", TAG.sub("", ftfy.fix_text(text, REPAIR)))
    lines = _drop_embedded_posts(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    out = CleanText(body="", title=title, published=published)
    cut = _comment_start(lines)
    if cut is not None:
        lines = lines[:cut]
    header = header_date(lines, _is_caption)
    kept: list[str] = []
    seen_content = seen_prose = False
    number = 0  # where the story ends: the last line read
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        if header is not None and number == header.line and header.alone:
            continue
        if furniture.is_end(stripped) or seen_prose and END_MARKERS.match(stripped):
            break  # 'Related posts:' closes the story even where its words also make it furniture
        if furniture.is_furniture(stripped):
            continue
        if m := DATE_LINE.match(stripped):
            out.published = out.published or m[1]
            rest = m[2].strip()
            if rest:
                (out.captions if _is_caption(rest) else kept).append(rest)
            continue
        if m := FOOTER.match(stripped):
            out.outlet = out.outlet or m["outlet"].strip()
            out.published = out.published or _iso(m["date"])
            break
        if m := COPYRIGHT.match(stripped):
            out.outlet = out.outlet or m["outlet"].strip()
            break
        if END_MARKERS.match(stripped):
            continue  # before the story's first sentence: a 'Related news' menu, not the story's end
        if seen_content and BIO.match(stripped):
            break
        if (m := PUBLISHED.match(stripped)) and (not seen_content or not m["byline"].strip()):
            out.published = out.published or _iso(m["date"])
            byline = m["byline"].strip(" |-–—,")
            if byline and len(byline.split()) <= 8:
                out.byline = out.byline or re.sub(r"^By\s+", "", byline)
            continue
        if not seen_content and (m := PLACE_DATE.match(stripped) or DATE_ONLY.match(stripped)):
            out.published = out.published or _iso(m["date"])
            continue
        if m := BYLINE.match(stripped):
            out.byline = out.byline or m["name"]
            if stripped.lower().startswith("contributed by") and seen_content:
                break
            continue
        if DROP_LINES.match(stripped) or COMMENT_ACTION.match(stripped):
            continue
        if _is_caption(stripped) and len(stripped.split()) < 80:
            out.captions.append(stripped)
            continue
        if not seen_content and _looks_like_title(stripped) and not _wrapped(lines, number) \
                and (out.title is None or _outlet_name(out.title)):
            if out.title is not None:
                out.outlet = out.outlet or out.title
            out.title = stripped
            continue
        if title and not seen_content and stripped == title.strip():
            continue
        if not seen_content and (m := DATELINE.match(stripped)):
            out.dateline = m["place"].strip().title()
            agency = m["agency"] or m["slashed"]
            out.outlet = out.outlet or (agency.strip() if agency else None)
        seen_content = True
        seen_prose = seen_prose or furniture.is_prose(stripped)
        kept.append(stripped)
    out.body = _paragraphs(_drop_author_note(furniture.trim(kept), out.byline))
    if header is not None and not published:
        out.published = header.value if header.labelled or header.over_clock else out.published or header.value
    out.published = out.published or closing_date(lines[:number + 1])
    return out


def _drop_author_note(lines: list[str], byline: str | None) -> list[str]:
    """'Jane Roe reports on security in Asia.' closing a feature is about the writer, not the news."""
    content = [i for i, line in enumerate(lines) if line]
    if byline and content and lines[content[-1]].startswith(byline) and len(lines[content[-1]].split()) < 30:
        return lines[: content[-1]]
    return lines


def _iso(text: str) -> str | None:
    value = parse_absolute(text)
    return value.value if value and value.precision == "day" else None
