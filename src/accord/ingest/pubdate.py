"""The publication date of pasted page text, read from the page's header.

Pages print it in many ways: a labelled line ("Published : Friday, 28 April, 2023", "Publication date
22.11.2022 16.30", "Date of release: 2018/8/5", "Last Updated on Thursday, 9 May 2024"), a bare date line
under the title ("05 April 2010 [16:37] - TODAY.AZ", "Mon 23rd August 2021 | 07:40 AM", "03/20/2023 | Press
release"), or the dispatch date opening the first paragraph ("Bizerte, Tunisia (AFP) Jan 16, 2017 ...").
A labelled date wins over a bare one, which may be today's date in the site's menu bar.
"""
from __future__ import annotations

import re
from datetime import date
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Callable, Iterator
from importlib import resources

from ..nlp.dates import MONTHS, WEEKDAYS, dispatch_near, parse_absolute
from . import furniture

HEADER_LINES = 100
"""How far down the page a publication date is looked for; the header ends earlier, at the first paragraph
of the article, but a government page can carry eighty lines of menus before it."""
LABEL = re.compile(r"\b(?:published|publication date|posted|date of (?:release|publication)|release date|"
                   r"last updated|updated|date|dated)\b(?:\s+(?:on|in english on))?\s*[:(|-]?\s*", re.I)
NUMERIC = re.compile(r"\b(?:(?P<y1>(?:19|20)\d{2})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})"
                     r"|(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y2>(?:19|20)\d{2}))\b")
WORDY = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:of\s+)?[A-Za-z]{3,9}\.?,?\s*(?:19|20)\d{2}"
                   r"|[A-Za-z]{3,9}\.?(?:\s+|\s*[-–]\s*)\d{1,2}(?:st|nd|rd|th)?(?:,?\s*|\s*[-–]\s*)(?:19|20)\d{2})(?!\d)")
"""'28 April 2023', 'Mon 23rd August 2021', 'Oct - 26 - 2023'; its year may run on into the next word, as in
'March 06, 2024State Minister ...'."""
FURNITURE_WORDS = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\b|\b(?:am|pm|gmt|ist|utc|"
                             r"press release|news|article|by|on|at|updated|published|posted|date|hits|rating)\b|"
                             r"\d{1,2}[:.]\d{2}(?::\d{2})?|[^\w\s]|\d+", re.I)
WEEKDAY = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", re.I)
MENU_CLOCK = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b.*\b\d{1,2}:\d{2}\b", re.I)
"""'Friday, 22.11.2024, 16:26' over the title: a site's clock of the day the page was read, when a date line
below it ('BC, Vilnius, 04.11.2009') gives an earlier day."""
STAMPED = re.compile(r"\b(?:19|20)\d{2}\b[,\s|/–-]*(?:[A-Za-z]+day)?[,\s|/–-]*\d{1,2}:\d{2}\b")
"""A date with its clock ('2018 - 18:39'): the page's time stamp, whatever the line runs on into."""
PARAGRAPH_WORDS = 12
"""A line this long may open the article with a dispatch date ('Xinhua, July 16, 2017 - ...')."""
LONG_LINE = 25
"""A line of this many words is article text: the header ends there."""


@dataclass(frozen=True)
class HeaderDate:
    line: int
    value: str
    labelled: bool
    alone: bool
    """The line holds nothing but the date and page furniture: it is dropped from the body."""
    over_clock: bool = False
    """It was preferred to an earlier line's date that looked like the site's clock: it wins, like a label."""


def find_date(text: str) -> str | None:
    """The first full date (year, month and day) in a piece of text, as YYYY-MM-DD."""
    best: tuple[int, str] | None = None
    if m := NUMERIC.search(text):
        if m["y1"]:
            y, mo, d = int(m["y1"]), int(m["m1"]), int(m["d1"])
        else:
            a, b, y = int(m["a"]), int(m["b"]), int(m["y2"])
            # 22.11.2022, 06-01-2020 and 14/05/2021 are day first; 03/15/2018 and 03/20/2023 month first.
            mo, d = (b, a) if a > 12 or m["sep"] in ".-" else (a, b)
        if 1 <= mo <= 12 and 1 <= d <= 31:
            best = (m.start(), f"{y:04d}-{mo:02d}-{d:02d}")
    for m in WORDY.finditer(text):
        word = re.search(r"[A-Za-z]{3,9}", m[0])
        if word is None or word[0].lower()[:3] not in MONTHS and word[0].lower() not in MONTHS:
            continue
        spaced = re.sub(r"\s*[-–]\s*", " ", re.sub(r",(?=\S)", ", ", m[0]))
        value = parse_absolute(re.sub(r"(?<=\d)\.(?=\s)", "", spaced))  # '28. august 2024', 'oct - 26 - 2023'
        if value is not None and value.precision == "day" and (best is None or m.start() < best[0]):
            best = (m.start(), value.value or "")
        break
    return best[1] if best else None


DISPATCH = re.compile(r"\((?:[A-Z][A-Za-z.]{1,12})\)\s*|^[A-Z][\w.'’ -]{1,40},\s*|^[A-Z][\w.'’ -]{1,40}\s+[-–—]\s*")
"""'Bizerte, Tunisia (AFP) ', 'Xinhua, ', 'MOSCOW - ': what precedes a dispatch's date."""
DISPATCH_DATED = re.compile(r"^[A-Z][\w.'’ -]{1,40}(?:,[\w.'’ -]{1,30})?\s*\(")
"""'ABUJA, Nigeria (July 22, 2009) -- ': a dateline whose date is in brackets."""


OPENING_DATE = re.compile(r"\s*(?:\([A-Z][^()]{1,30}\)\s*)?(?:[-–—:]|\(\s*[-–—])|[A-Z][a-z]")
"""What follows a date that opens a dispatch: 'May 30, 2010: ...', 'March 23, 2014 (JUBA) – ...', or the first
word glued to it, 'March 06, 2024State Minister ...'."""
TODAY_DATE = re.compile(r"\btoday,?\s+(?:\(?(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?", re.I)
"""'... at Rove Police Headquarters today 24 February 2021': a first paragraph that gives today's date."""


def _date_at(text: str, start: int) -> str | None:
    """The full date written right at `start`, if one is."""
    if WORDY.match(text, start) or NUMERIC.match(text, start):
        return find_date(text[start:start + 25])
    return None


def opening_date(text: str) -> re.Match[str] | None:
    """The whole date a dispatch opens with, when the story follows it: 'May 30, 2010: South Korea ...', 'March
    06, 2024 - The minister ...', 'March 06, 2024State Minister ...'."""
    for m in (WORDY.match(text), NUMERIC.match(text)):
        if m and OPENING_DATE.match(text, m.end()) and find_date(m[0]):
            return m
    return None


def dispatched(text: str) -> str | None:
    """The date of a dispatch opening the first paragraph: 'Bizerte, Tunisia (AFP) Jan 16, 2017 Tunisia's army
    ...', 'Xinhua, July 16, 2017 - Russian ...', 'May 30, 2010: South Korea ...', or given as today's ('handed
    over today, 24 February 2021'); not 'On July 29, 2024, the forces began ...'."""
    if (opening := opening_date(text)) is not None:
        return find_date(opening[0])
    for m in [*TODAY_DATE.finditer(text), *DISPATCH.finditer(text[:200]), *DISPATCH_DATED.finditer(text[:200])]:
        if value := _date_at(text, m.end()):
            return value
    return None


def _yearless_dispatch(text: str, before: list[str]) -> str | None:
    """A dispatch that names no year ('WALVIS BAY, Oct. 28 (Xinhua) --') dated by a full date above it."""
    seen = [v for line in before if (v := find_date(line))]
    filed = dispatch_near(text, date.fromisoformat(seen[-1])) if seen else None
    return filed.isoformat() if filed else None


TITLE_WORDS = 25
"""The longest headline that may end with the page's date."""
CLOCK = re.compile(r"[\s,|–-]*(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+(?:[A-Z]{2,4}T|UTC))?)?[\s.]*$", re.I)
"""A clock at a line's end, with its zone: '- 11:30 a.m. EST'."""


def _date_at_end(line: str) -> str | None:
    """A headline or title line that ends with the page's date ('... Kazakhstan 10 August 2014, 12:39',
    '... Singapore: 5 June 2005.'): the date is what its last words say, when they say a whole one."""
    words = CLOCK.sub("", line).split()
    return find_date(" ".join(words[-3:])) if len(words) > 3 else None


TOP_LINES = 3
"""The lines over a page's title where a site prints the day's date."""
REPOST_DAYS = 31
"""How long after a piece a blog may repost it under its own date."""


def _earlier(lines: list[str], bare: HeaderDate | None, value: str) -> bool:
    """A date below `bare` that replaces it as the page's: `bare` may be the day the page was read, not written,
    when it comes with its clock ('Friday, 22.11.2024, 16:26'), or when it is a weekday date in the page's first
    lines ('Saturday, April 20, 2024') and the later date is more than a month before it. A blog's own day
    over the date of the piece it reposts a few days later stays the page's."""
    if bare is None:
        return True
    if value >= bare.value:
        return False
    top = [j for j, line in enumerate(lines) if line.strip()][:TOP_LINES]
    weekday_top = bare.line in top and bool(WEEKDAY.search(lines[bare.line]))
    return bool(MENU_CLOCK.search(lines[bare.line])) or weekday_top and \
        (date.fromisoformat(bare.value) - date.fromisoformat(value)).days > REPOST_DAYS


def _alone(line: str) -> bool:
    rest = WORDY.sub(" ", NUMERIC.sub(" ", line))
    for month in ("january february march april may june july august september october november december "
                  "jan feb mar apr jun jul aug sep sept oct nov dec").split():
        rest = re.sub(rf"\b{month}\b\.?", " ", rest, flags=re.I)
    words = FURNITURE_WORDS.sub(" ", rest).split()
    return len(words) <= 3


def _label_position(text: str, start: int) -> bool:
    """A label opens the line or a field of it ('... | Published: ...'), or the line is short: not 'to date' in prose."""
    before = text[:start].strip()
    return not before or before.endswith(("|", "•", "-", "–", ")", "(")) or len(text.split()) <= 12


@lru_cache(maxsize=1)
def _foreign_months() -> tuple[re.Pattern[str], dict[str, str]]:
    """Month names of other languages (data/months.tsv) and the English name of each."""
    english = {n: m for m, n in MONTHS.items() if len(m) > 3 and m != "sept" or m == "may"}
    table: dict[str, str] = {}
    for line in resources.files("accord.data").joinpath("months.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, number = line.split("\t")
            table[word.strip().lower()] = english[int(number)]
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, table), key=len, reverse=True)) + r")\b", re.I), table


def in_english(line: str) -> str:
    """'29 Maret 2012' as '29 march 2012': a header date printed in another language."""
    pattern, table = _foreign_months()
    return pattern.sub(lambda m: table[m[0].lower()], line)


def header_date(lines: list[str], caption: Callable[[str], bool] = lambda line: False) -> HeaderDate | None:
    """The publication date in the first lines of a page: a labelled one first, else the first bare date line,
    else the date that opens the first paragraph. A photo's caption over the story (`caption`) is no paragraph
    of it: the header goes on below it."""
    bare: HeaderDate | None = None
    lines = [in_english(line) for line in lines[:HEADER_LINES + 1]]
    for i, line in enumerate(lines[:HEADER_LINES]):
        text = line.strip()
        if not text or furniture.CONSENT.search(text):
            continue  # a cookie notice over the page is no paragraph of the article: the header goes on
        label = LABEL.search(text)
        if label is not None and not _label_position(text, label.start()):
            label = None
        if label is not None:
            after = text[label.end():] or (lines[i + 1].strip() if i + 1 < len(lines) else "")
            value = find_date(after[:60])
            if value:
                return HeaderDate(i, value, True, _alone(text))
            if not text[label.end():] and i + 1 < len(lines) and (value := find_date(lines[i + 1][:60])):
                return HeaderDate(i + 1, value, True, _alone(lines[i + 1]))
        long_line = len(text.split()) >= LONG_LINE and text.endswith((".", "!", "?", '"', "”", "’"))
        stamp = STAMPED.search(text)  # 'Defense | September 4, 2012, Tuesday // 18:53| viewsThe ...'
        stamped = stamp is not None and stamp.end() <= 100
        short = not long_line and len(text.split()) <= 12
        head = text[:80]
        if stamp is not None and not stamped and not long_line and bare is None:
            head = text[stamp.start() - 20:stamp.end()]  # '... from the press office., 08 Feb 2018 - 18:39, Tbilisi'
            stamped = True
        if (value := find_date(head)) and (_alone(text) or stamped or short):
            if _earlier(lines, bare, value):
                bare = HeaderDate(i, value, False, _alone(text), over_clock=bare is not None)
        elif bare is None and len(text.split()) <= TITLE_WORDS and (value := _date_at_end(text)):
            bare = HeaderDate(i, value, False, False)  # 'Drills to be held in Kazakhstan 10 August 2014, 12:39'
        if (long_line or len(text.split()) >= PARAGRAPH_WORDS) and not caption(text):
            opening = dispatched(text) or (_yearless_dispatch(text, lines[:i]) if bare is None else None)
            if opening and _earlier(lines, bare, opening):
                return HeaderDate(i, opening, False, False, over_clock=bare is not None)
            if long_line or opening:
                return bare or _stamp_below(lines, i)
    return bare


STAMP_BELOW = 3
"""How many lines under the first paragraph a page's own date line may stand."""


def _stamp_below(lines: list[str], first: int) -> HeaderDate | None:
    """A page that prints its lead first and then its date on a line of its own ('Saturday, October 22,
    2011'), with nothing above: the date line is the page's, when it holds a weekday and nothing but furniture."""
    near = [(j, text) for j, line in enumerate(lines[first + 1:], first + 1) if (text := line.strip())][:STAMP_BELOW]
    for j, text in near:
        if WEEKDAY.search(text) and _alone(text) and (value := find_date(text)):
            return HeaderDate(j, value, False, True)
    return None


CLOSING_LINES = 2
"""How many of a story's last lines may carry the date of a page that prints none above the story."""
CREDIT = re.compile(r"^\W*(?:(?:source|date)\s*:|(?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’.-]+\s*,?|"
                    r"(?:[A-Z][\w'’.-]+\s+){1,3}(?:reported|filed|wrote)\s+from\s+(?:[A-Z][\w'’.-]+\s+){1,3}on)\W*$")
"""What stands beside a closing date: a source or date label, an agency's name, or who reported it from where."""


def _last_lines(lines: list[str]) -> Iterator[str]:
    """A story's lines from the last, without page furniture that holds no date ('Views: 1886')."""
    for line in reversed(lines):
        text = line.strip()
        if text and (WORDY.search(text) or NUMERIC.search(text) or not furniture.is_furniture(text)):
            yield text


def closing_date(lines: list[str]) -> str | None:
    """The date a story closes with: 'Itar Tass, March 28, 2003', '(Xinhua News Agency February 17, 2009)',
    'Source: (August 07, 2008)', '... Photo: MO SR - Date: 22.01.2019', 'A reported from Bangkok on June 03,
    2009.' A closing sentence that tells of a day ('The talks ended on June 3, 2009.') is no such line."""
    for text in islice(_last_lines(lines), CLOSING_LINES):
        m = WORDY.search(text) or NUMERIC.search(text)
        if m is None:
            continue
        label = LABEL.search(text[:m.start()])
        labelled = label is not None and label.end() == m.start() and _label_position(text, label.start())
        credit = len(text.split()) <= PARAGRAPH_WORDS and CREDIT.match(text[:m.start()] + text[m.end():])
        if (labelled or credit) and (value := find_date(text[m.start():])):
            return value
    return None
