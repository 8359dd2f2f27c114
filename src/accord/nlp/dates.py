"""Date expressions resolved against an anchor (the publication date), with honest precision.

A value is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; precision is day, month, year or
unknown. When the text and the anchor do not give the year, the value is None:
a guessed year is worse than no year.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}

_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"
_UNTIL = r"\s*(?:-|–|to|until|and)\s*"
DAY_RANGE = re.compile(rf"\b{_DAY}{_UNTIL}{_DAY}\s+(?:of\s+)?{_MONTH}|\b{_MONTH}\s+{_DAY}{_UNTIL}{_DAY}\b|"
                       rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}{_UNTIL}{_DAY}\s+(?:of\s+)?{_MONTH}|\b{_MONTH}\s+{_DAY}{_UNTIL}{_MONTH}\s+{_DAY}\b", re.I)
"""'from 7 to 11 February', 'Oct. 28-31', '30 March to 2 April': days a story spans."""
DAYS_BEFORE_MONTH = re.compile(rf"\b{_DAY}{_UNTIL}{_DAY}\s*$", re.I)
"""The days of a range at the end of a text, whose month follows ('from 10 – 26' September 2010)."""
SINCE_UNTIL_NOW = re.compile(r"^(?:from\s+)?(.+?)\s+(?:to|until|till|through)\s+(?:today|now|yesterday|date)$")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
SAME_YEAR = re.compile(r"\b(?:of\s+)?the\s+same\s+year\b")
WHICH_YEAR = re.compile(r"^(?:in\s+)?(?:(?:last|this|next|the\s+previous|the\s+following)\s+year|(?:19|20)\d{2})$", re.I)
"""'Last year, ... between 3 and 12 March', 'In 2019 ... on 5 June': a year told apart from the day it holds."""
EITHER_MONTH = re.compile(rf"\b{_MONTH}\s+or\s+{_MONTH}(?=\W|$)")
"""'next September or October': one of two months, so only the year is sure."""


@dataclass(frozen=True)
class DateValue:
    value: str | None
    precision: str

    @property
    def known(self) -> bool:
        return self.value is not None


UNKNOWN = DateValue(None, "unknown")


def day(d: date) -> DateValue:
    return DateValue(d.isoformat(), "day")


def month(y: int, m: int) -> DateValue:
    return DateValue(f"{y:04d}-{m:02d}", "month")


def year(y: int) -> DateValue:
    return DateValue(f"{y:04d}", "year")


def _safe_day(y: int, m: int, d: int) -> DateValue:
    try:
        return day(date(y, m, d))
    except ValueError:
        return month(y, m)


def _month_number(name: str) -> int:
    return MONTHS[name[:3] if name[:4] != "sept" else "sep"]


def _across_months(t: str) -> DateValue | None:
    """'from 30 March to 2 April 2023', 'March 30 - April 2, 2023': a range over two months whose year is
    written once, at its end, dates its first day; 'from 28 December to 3 January 2023' began the year before."""
    m = re.search(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}{_UNTIL}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", t)
    if m:
        first, last, day_, y = _month_number(m[2]), _month_number(m[4]), int(m[1]), int(m[5])
    elif m := re.search(rf"\b{_MONTH}\s+{_DAY}{_UNTIL}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", t):
        first, last, day_, y = _month_number(m[1]), _month_number(m[3]), int(m[2]), int(m[5])
    else:
        return None
    return _safe_day(y - 1 if first > last else y, first, day_)


def names_month(text: str) -> bool:
    """'between 3 and 12 March', 'Sept. 5': the text names a month."""
    return any(w.lower().strip(".,") in MONTHS for w in text.split())


def parse_absolute(text: str) -> DateValue | None:
    """A date that carries its own year: ISO, "September 30, 2021", "30 Sep 2021", "November 2014", "2015"."""
    t = text.lower().strip()
    if m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t):
        return _safe_day(int(m[1]), int(m[2]), int(m[3]))
    if first := _across_months(t):
        return first
    if m := re.search(rf"\b{_MONTH}\s+{_DAY}(?:{_UNTIL}{_DAY})?(?:,\s*|\s+){_YEAR}\b", t):
        return _safe_day(int(m[4]), _month_number(m[1]), int(m[2]))  # 'August 18-22,2014': its first day
    if m := re.search(rf"\b{_DAY}{_UNTIL}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", t):
        return _safe_day(int(m[4]), MONTHS[m[3][:3]], int(m[1]))  # 'from 20 to 21 March 2023': its first day
    if m := re.search(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", t):
        return _safe_day(int(m[3]), MONTHS[m[2][:3]], int(m[1]))
    if m := re.search(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", t):
        return month(int(m[2]), MONTHS[m[1][:3]])  # 'November 2014', 'January of 2024'
    if m := re.search(rf"\b{_YEAR}\b", t):
        return year(int(m[1]))
    return None


def _month_day(t: str) -> tuple[int, int | None] | None:
    if m := re.search(rf"\b{_MONTH}\s+{_DAY}\b", t):
        return MONTHS[m[1][:3]], int(m[2])
    if m := re.search(rf"\b{_DAY}{_UNTIL}{_DAY}\s+(?:of\s+)?{_MONTH}\b", t):
        return MONTHS[m[3][:3]], int(m[1])
    if m := re.search(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", t):
        return MONTHS[m[2][:3]], int(m[1])
    if m := re.search(rf"\b{_MONTH}\b", t):
        if m[1] == "may" and not re.search(r"\b(in|of|since|until|by|early|late|mid)\s+may\b", t):
            return None
        return MONTHS[m[1][:3]], None
    return None


NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

_RELATIVE_DAYS = [
    (re.compile(r"\b(?:the )?(?:following|next) day\b|\ba day later\b"), 1),
    (re.compile(r"\b(?:the )?(?:previous|preceding) day\b|\bthe day before\b(?! yesterday)|\ba day earlier\b"), -1),
]


_RELATIVE_YEARS = [
    (re.compile(r"\b(last|past|previous) year\b"), -1),
    (re.compile(r"\b(next|coming) year\b"), 1),
    (re.compile(r"\b(this|the current|current|earlier this|later this) year\b|\b(end|beginning|start|middle) of (the|this) year\b"), 0),
]


SEASON = re.compile(r"\b(this|last|past|next|coming|later this|earlier this)\s+(spring|summer|autumn|fall)\b")
SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
"""Seasons of the northern calendar, most of the world's news; winter straddles two years and is left out."""


def _season(t: str, anchor: date) -> DateValue | None:
    """'this summer', 'next autumn', 'last spring': the year the season falls in, counted from the page's date."""
    m = SEASON.search(t)
    if m is None:
        return None
    first, last = SEASON_MONTHS[m[2]]
    if m[1] in ("last", "past"):
        return year(anchor.year if anchor.month > last else anchor.year - 1)
    if m[1] in ("next", "coming"):
        return year(anchor.year if anchor.month < first else anchor.year + 1)
    return year(anchor.year)


def _relative_day(t: str, narrative: date | None) -> DateValue | None:
    """'the following day', 'the previous day', 'two days later': counted from the last day the text named."""
    for pattern, shift in _RELATIVE_DAYS:
        if pattern.search(t):
            return day(narrative + timedelta(days=shift)) if narrative else UNKNOWN
    if m := re.search(r"\b(\d+|two|three|four|five) days (later|earlier|before|after)\b", t):
        n = NUMBER_WORDS.get(m[1]) or int(m[1])
        if narrative is None:
            return UNKNOWN
        return day(narrative + timedelta(days=n if m[2] in ("later", "after") else -n))
    return None


def resolve(text: str, anchor: date | None, future: bool = False, narrative: date | None = None,
            year_named: int | None = None) -> DateValue:
    """Resolve one date expression against the publication date `anchor`.

    `future` says the sentence looks forward (will, next, plans); `narrative` is the
    last day the text itself named, for 'the following day' and the like; `year_named`
    the year named beside it, for 'November 25 of the same year'.
    """
    t = text.lower().strip()
    if m := SINCE_UNTIL_NOW.match(t):  # 'from August 7 to today': the span starts on the day it names
        return resolve(m[1], anchor, future, narrative, year_named)
    if EITHER_MONTH.search(t):
        value = resolve(EITHER_MONTH.sub(lambda m: m[2], t), anchor, future, narrative, year_named)
        return year(int(value.value[:4])) if value.value else value
    if SAME_YEAR.search(t):
        if year_named is None:
            return UNKNOWN
        t = SAME_YEAR.sub(f" {year_named}", t)
    relative = _relative_day(t, narrative)
    if relative is not None:
        return relative
    absolute = parse_absolute(t)
    if absolute is not None and YEAR.search(t):
        return absolute
    if anchor is None:
        # An undated page: 'in June' after 'April 8, 2015' is of the year the text itself last named.
        md = _month_day(t)
        counted = re.search(r"\b(last|next|this|past|previous|coming)\b", t)
        return _month_day_near(md, narrative, future) if md and narrative and not counted else UNKNOWN
    if re.search(r"\b(recently|in recent (days|weeks|months))\b", t):
        return year(anchor.year)  # could be last month: the year is all that is sure
    if m := re.search(r"\b(\d+|a|one|two|three|four|five|six) years? ago\b", t):
        back = anchor.year - (1 if m[1] in ("a", "one") else NUMBER_WORDS.get(m[1], 0) or int(m[1]))
        # 'on this very day 101 years ago': the page's day, that many years back
        return _safe_day(back, anchor.month, anchor.day) if re.search(r"\bthis (?:very )?day\b", t) else year(back)
    if re.search(r"\b(today|this morning|this evening|tonight|this afternoon)\b", t):
        return day(anchor)
    if m := re.search(r"\b(?:the )?day before yesterday\b|\b(\d+|two|three|four|five|six) days ago\b", t):
        return day(anchor - timedelta(days=(NUMBER_WORDS.get(m[1], 0) or int(m[1])) if m[1] else 2))
    if re.search(r"\byesterday\b", t):
        return day(anchor - timedelta(days=1))
    if re.search(r"\btomorrow\b", t):
        return day(anchor + timedelta(days=1))
    if m := re.search(r"\b(last|next|this|coming|previous)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", t):
        target = WEEKDAYS[m[2]]
        if week := re.search(r"\b(last|past|previous|next|coming) week\b", t):  # 'on Monday last week'
            monday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=7 if week[1] in ("next", "coming") else -7)
            return day(monday + timedelta(days=target))
        forward = future or m[1] in ("next", "coming")
        if forward:
            # 'will begin on Tuesday' in a Tuesday paper is that day, written the night before; 'next Tuesday' is not.
            delta = (target - anchor.weekday()) % 7 or (7 if m[1] in ("next", "coming") else 0)
            return day(anchor + timedelta(days=delta))
        delta = (anchor.weekday() - target) % 7
        if m[1] in ("last", "previous") and delta == 0:
            delta = 7
        return day(anchor - timedelta(days=delta))
    if re.search(r"\b(last|past|previous) week\b", t):
        start, end = anchor - timedelta(days=anchor.weekday() + 7), anchor - timedelta(days=anchor.weekday() + 1)
        return month(start.year, start.month) if start.month == end.month else year(start.year) if start.year == end.year else UNKNOWN
    if re.search(r"\b(next|coming) week\b", t):
        start = anchor + timedelta(days=7 - anchor.weekday())
        end = start + timedelta(days=6)
        return month(start.year, start.month) if start.month == end.month else year(start.year) if start.year == end.year else UNKNOWN
    if re.search(r"\bthis week\b", t):
        start = anchor - timedelta(days=anchor.weekday())
        return month(anchor.year, anchor.month) if start.month == anchor.month else year(anchor.year)
    if re.search(r"\b(last|past|previous) month\b", t):
        prev = anchor.replace(day=1) - timedelta(days=1)
        return month(prev.year, prev.month)
    if re.search(r"\b(next|coming) month\b", t):
        nxt = (anchor.replace(day=28) + timedelta(days=4)).replace(day=1)
        return month(nxt.year, nxt.month)
    if re.search(r"\bthis month\b|\b(end|beginning|start|middle) of (the|this) month\b", t):
        return month(anchor.year, anchor.month)
    if season := _season(t, anchor):
        return season
    for pattern, shift in _RELATIVE_YEARS:
        if pattern.search(t):
            md = _month_day(t)  # 'in November last year': that month of that year
            if md is None:
                return year(anchor.year + shift)
            return _safe_day(anchor.year + shift, md[0], md[1]) if md[1] else month(anchor.year + shift, md[0])
    md = _month_day(t)
    return _month_day_near(md, anchor, future) if md is not None else UNKNOWN


def _month_day_near(md: tuple[int, int | None], anchor: date, future: bool) -> DateValue:
    """A month and day without a year: the one nearest `anchor` on the side the sentence looks to."""
    m_, d_ = md
    y = anchor.year
    if future and (m_, d_ or 1) < (anchor.month, anchor.day if d_ else 1):
        y += 1
    elif not future and (m_, d_ or 1) > (anchor.month, anchor.day):
        y -= 1
    return _safe_day(y, m_, d_) if d_ else month(y, m_)


def to_date(value: str | None) -> date | None:
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def compatible(a: str | None, b: str | None) -> bool:
    """Two dates agree when equal or when one is a coarser form of the other (2014 and 2014-11)."""
    if a is None or b is None:
        return True
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def finer(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if len(a) >= len(b) else b


def precision_of(value: str | None) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(value or ""), "unknown")


DISPATCH = re.compile(rf"^[^\n]{{0,60}}?,\s*{_MONTH}\s*{_DAY}\b[^\n]{{0,40}}?(?:\(|--|—|–|-\s|:)|"
                      rf"^[^\n]{{0,60}}?,\s*{_DAY}\s+{_MONTH}\b[^\n]{{0,40}}?(?:\(|--|—|–|-\s|:)", re.I)


def _filed(body: str, year: int) -> date | None:
    """The month and day of a dispatch opening `body`, in `year`."""
    m = DISPATCH.match(body[:160])
    if m is None:
        return None
    name, number = (m[1], m[2]) if m[1] else (m[4], m[3])
    try:
        return date(year, _month_number(name.lower()), int(number))
    except (ValueError, KeyError):
        return None


def dispatch_day(body: str, published: date | None) -> date | None:
    """'SEOUL, Sept. 25 (Yonhap) --', 'Manama, Mar.14 (BNA):': the day a wire story was filed, which its
    'today' and 'on Tuesday' count from; the year is the publication's (the year before, if later)."""
    if published is None:
        return None
    filed = _filed(body, published.year)
    if filed is None:
        return None
    if filed > published:
        filed = filed.replace(year=filed.year - 1)
    return filed if (published - filed).days <= 7 else None


def dispatch_near(body: str, seen: date) -> date | None:
    """'WALVIS BAY, Namibia, Oct. 28 (Xinhua) --' under a photo caption dated Oct. 27, 2017: a dispatch with no
    year, filed within a week of a full date the page gives before it, is of that date's year."""
    for year in (seen.year, seen.year + 1, seen.year - 1):
        filed = _filed(body, year)
        if filed is not None and abs((filed - seen).days) <= 7:
            return filed
    return None
