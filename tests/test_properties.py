"""Property tests: the cleaner, the date resolver and the name normaliser on arbitrary input (issue 8)."""
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord import lexicon
from accord.extract.names import clean_name, fold, split_glued
import ftfy

from accord.ingest.text import BACKTICK, REPAIR, TAG, clean
from accord.nlp.dates import parse_absolute, resolve

lines = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80) | st.sampled_from([
    "Published May 4, 2023", "date 2024-10-29 Minister X (left) meets Y. — Photo/ISPR", "Reply Recommend 0",
    "Sep 30, 2021 07:57am", "Newsletter SignUp", "By Jane Roe", "ISLAMABAD: Talks held.", "Published in Dawn, May 1st, 2021",
    "The writer is a retired diplomat.", "Copyright © 2024 Wire"]), max_size=30)


@given(lines)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_cleaning_never_crashes_and_never_adds_text(parts):
    """Nothing is added but the repair of broken encodings (mojibake, ligatures), and markup tags go."""
    text = ftfy.fix_text("\n".join(parts), REPAIR)
    text = BACKTICK.sub(r"\1's", TAG.sub("", text))
    out = clean("\n".join(parts))
    for line in out.body.split("\n"):
        assert line.strip() in text
    for caption in out.captions:
        assert caption in text


phrases = st.sampled_from(["on Monday", "today", "yesterday", "last week", "next month", "earlier this year", "in May",
                           "on 12 March", "the previous day", "next year", "in November 2014", "of 2014", "this week",
                           "on September 31", "in February", "two days later", "", "sometime", "May"])


@given(phrases, st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.booleans(),
       st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_resolved_dates_stay_within_what_the_text_allows(phrase, anchor, future, narrative):
    value = resolve(phrase, anchor, future=future, narrative=narrative)
    if value.value is None:
        return
    year = int(value.value[:4])
    written = re.findall(r"(?:19|20)\d{2}", phrase)
    if written:
        assert str(year) in written
    elif phrase in ("the previous day", "two days later"):
        assert narrative is not None
        assert abs(year - narrative.year) <= 1
    else:
        assert abs(year - anchor.year) <= 1
    assert len(value.value) in (4, 7, 10)


@given(st.text(max_size=60), st.none() | st.dates())
def test_resolver_never_crashes_and_never_invents_a_year_without_anchor(text, anchor):
    value = resolve(text, anchor)
    if anchor is None and value.value:
        assert value.value[:4] in text
    parse_absolute(text)


HONORIFICS = lexicon.load().cues["honorifics"]
WORD = st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc"))


@given(st.lists(st.text(alphabet=WORD, min_size=1, max_size=15), max_size=5))
def test_name_normaliser_never_crashes_and_is_stable(words):
    name = clean_name(words, HONORIFICS)
    assert clean_name(name.split(), HONORIFICS) == name
    for w in words:
        assert "".join(split_glued(w)) == w
        fold(w)
