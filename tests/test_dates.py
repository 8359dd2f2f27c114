from datetime import date

import pytest

from accord.nlp.dates import compatible, finer, parse_absolute, resolve
from accord.nlp.pipeline import load
from accord.settings import Settings

SUNDAY = date(2023, 3, 12)


@pytest.mark.parametrize("text, future, expected", [
    ("on Wednesday", False, "2023-03-08"),
    ("on Monday", False, "2023-03-06"),
    ("on Monday", True, "2023-03-13"),
    ("on Sunday", False, "2023-03-12"),
    ("today", False, "2023-03-12"),
    ("yesterday", False, "2023-03-11"),
    ("the previous day", False, None),
    ("last week", False, "2023"),
    ("last week", True, "2023"),
    ("next month", True, "2023-04"),
    ("last month", False, "2023-02"),
    ("earlier this year", False, "2023"),
    ("next year", True, "2024"),
    ("in November last year", False, "2022-11"),
    ("on 5 November of last year", False, "2022-11-05"),
    ("in March next year", True, "2024-03"),
    ("in November 2014", False, "2014-11"),
    ("in January of 2024", False, "2024-01"),
    ("of 2014", False, "2014"),
    ("on 12 March", False, "2023-03-12"),
    ("on September 29", False, "2022-09-29"),
    ("in May", True, "2023-05"),
    ("October 29, 2024", False, "2024-10-29"),
    ("on Sunday", True, "2023-03-12"),
    ("next Sunday", True, "2023-03-19"),
    ("from 20 to 21 March 2023", True, "2023-03-20"),
    ("20-21 March", True, "2023-03-20"),
    ("on August 18-22, 2014", True, "2014-08-18"),
    ("on August 18-22,2014", True, "2014-08-18"),
    ("November 25 of the same year", False, None),
])
def test_resolve_against_publication_date(text, future, expected):
    assert resolve(text, SUNDAY, future=future).value == expected


def test_no_year_without_anchor():
    assert resolve("in February", None).value is None
    assert resolve("on Tuesday", None).value is None
    assert resolve("in October 2015", None).value == "2015-10"


def test_precision_follows_the_text():
    assert resolve("in 2015", SUNDAY).precision == "year"
    assert resolve("in November 2014", SUNDAY).precision == "month"
    assert resolve("on Monday", SUNDAY).precision == "day"


def test_absolute_forms():
    assert parse_absolute("Published in Dawn, September 30th, 2021").value == "2021-09-30"
    assert parse_absolute("30 Sept 2021").value == "2021-09-30"
    assert parse_absolute("nothing here") is None


def test_coarser_dates_agree_and_finer_wins():
    assert compatible("2014", "2014-11")
    assert not compatible("2014-10", "2014-11")
    assert compatible(None, "2014")
    assert finer("2014", "2014-11") == "2014-11"


def test_the_same_year_is_the_year_named_beside_it() -> None:
    assert resolve("on November 25 of the same year", SUNDAY, year_named=2018).value == "2018-11-25"


@pytest.mark.parametrize("text, expected", [
    ("from 30 March to 2 April 2023", "2023-03-30"),
    ("March 30 - April 2, 2023", "2023-03-30"),
    ("between 28 February and 3 March 2023", "2023-02-28"),
    ("from 28 December to 3 January 2023", "2022-12-28"),
])
def test_a_range_over_two_months_with_one_year_dates_its_first_day(text, expected):
    assert resolve(text, SUNDAY).value == expected


@pytest.mark.parametrize("text, future, expected", [
    ("on Monday last week", False, "2023-02-27"),  # the week before the one of a Sunday paper
    ("on Friday next week", True, "2023-03-17"),
    ("the day before yesterday", False, "2023-03-10"),
    ("three days ago", False, "2023-03-09"),
])
def test_a_weekday_of_another_week_and_days_counted_back(text, future, expected):
    assert resolve(text, SUNDAY, future=future, narrative=date(2023, 3, 1)).value == expected


@pytest.mark.parametrize("text, expected", [
    ("this summer", "2023"),
    ("later this autumn", "2023"),
    ("last summer", "2022"),  # the summer before a March paper
    ("last spring", "2022"),  # this year's spring is not over in March
    ("next spring", "2024"),
    ("next autumn", "2023"),
    ("in winter", None),  # a winter straddles two years
])
def test_a_season_is_the_year_it_falls_in(text, expected):
    assert resolve(text, SUNDAY).value == expected


@pytest.mark.parametrize("text, expected", [
    ("two years ago", "2021"),
    ("a year ago", "2022"),
    ("101 years ago", "1922"),
    ("on this very day 101 years ago", "1922-03-12"),
])
def test_years_counted_back(text, expected):
    """'101 years ago' is a year; 'this very day 101 years ago' the page's day in it."""
    assert resolve(text, SUNDAY).value == expected


def test_years_counted_back_join_the_day_they_count_from() -> None:
    """The tagger reads 'this very day' as a date and '101 years ago' apart: the date guard makes them one."""
    doc = load(Settings.from_env().model)("On this very day 101 years ago our two countries signed a defence pact.")
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == ["this very day 101 years ago"]


@pytest.mark.parametrize("text, dates", [
    ("Admiral Faller visited the Dominican Republic April 20-22 to strengthen ties.", ["April 20-22"]),
    ("He visited the Dominican Republic April 20 to strengthen ties.", ["April 20"]),
    ("British Prime Minister Theresa May 10 years ago visited Jordan.", ["10 years ago"]),
])
def test_a_date_read_into_a_name(text: str, dates: list[str]) -> None:
    """The tagger reads 'April 20-22' after a place into the place's name: the date guard cuts the date out. A
    person's name that ends on a month's name ('Theresa May') stays whole."""
    doc = load(Settings.from_env().model)(text)
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == dates
