"""Cleaning: the body is the article alone; metadata and captions are set apart."""
from pathlib import Path

import pytest

from accord.ingest.article import prepare
from accord.ingest.html import clean_html
from accord.records import RawArticle, Skip
from accord.ingest.text import clean

from conftest import EXAMPLES

COMMENTED = """Navies of two states end joint patrol

By Staff Correspondent
Published March 3, 2022

KARACHI: The navies of Pakistan and Turkey ended a joint patrol in the Arabian Sea on Wednesday, officials said.

The patrol began last week and involved two frigates from each side.

Published in The Harbour Times, March 3rd, 2022

Rashid
Mar 03, 2022 08:10am
Good work by both navies.
Reply Recommend 0
Sana
Mar 03, 2022 08:15am
Long live the friendship!
Reply Recommend 2
"""

AUTHOR_BOX = """Why the new pact matters

The pact signed last month between the two states sets out rules for joint training and exchange of officers.

Contributed by Amina Yusuf

The writer is a research fellow at an institute in Lahore.

Newsletter SignUp

About Amina Yusuf 12 Articles
Amina Yusuf writes on defence.
"""

CAPTIONED = """date 2023-05-02 Minister A (left) greets General B in Cairo on May 1, 2023. — Photo/Defence Ministry

The two ministers met in Cairo on Monday and agreed to expand cooperation on training and joint exercises in the coming year.
"""


def test_reader_comments_and_footer_are_removed():
    out = clean(COMMENTED)
    assert out.title == "Navies of two states end joint patrol"
    assert out.published == "2022-03-03"
    assert out.outlet == "The Harbour Times"
    assert out.byline == "Staff Correspondent"
    assert out.dateline == "Karachi"
    assert "Reply" not in out.body and "Long live" not in out.body and "Rashid" not in out.body
    assert out.body.endswith("two frigates from each side.")


def test_author_box_and_newsletter_are_removed():
    out = clean(AUTHOR_BOX)
    assert out.byline == "Amina Yusuf"
    assert out.published is None
    assert "Newsletter" not in out.body and "research fellow" not in out.body and "12 Articles" not in out.body
    assert "exchange of officers" in out.body


def test_caption_kept_apart_and_date_line_read():
    out = clean(CAPTIONED)
    assert out.published == "2023-05-02"
    assert out.title is None
    assert out.captions and out.captions[0].startswith("Minister A (left)")
    assert "(left)" not in out.body
    assert out.body.startswith("The two ministers met in Cairo")


def test_cleaning_never_adds_text():
    for text in (COMMENTED, AUTHOR_BOX, CAPTIONED):
        out = clean(text)
        for paragraph in out.body.split("\n\n"):
            assert paragraph in text


def test_html_page_metadata_caption_and_boilerplate():
    out = clean_html((EXAMPLES / "india-france-varuna.html").read_text())
    assert out is not None
    assert out.title == "India, France begin Varuna naval drill off Goa"
    assert out.published == "2023-03-14"
    assert out.outlet == "The Coastal Herald"
    assert out.byline == "Priya Raman"
    assert any("sail in formation" in c for c in out.captions)
    for noise in ("Share on Facebook", "Related stories", "Great to see", "Copyright", "sail in formation"):
        assert noise not in out.body
    assert out.body.startswith("NEW DELHI: India and France on Monday began")


def test_html_without_article_is_skipped_not_failed():
    skip = prepare(RawArticle(source="empty.html", html="<html><body><nav>Home</nav></body></html>"))
    assert isinstance(skip, Skip) and not skip.error


def test_sample_corpus_bodies(shared: Path):
    out = clean((shared / "corpus" / "000_18f0bdecd9475c4c.txt").read_text())
    assert out.outlet == "Dawn" and out.published == "2021-09-30"
    assert "Reply Recommend" not in out.body and "Sanctions coming soon" not in out.body
    out = clean((shared / "corpus" / "002_10f09d4112d7d145.txt").read_text())
    assert out.published is None and "Newsletter" not in out.body


def test_a_date_alone_on_a_line_near_the_top_is_the_publication_date():
    out = clean("Two navies meet\n\nTuesday, 12 March 2024 10:30 AM PKT\n\nKARACHI: The navies of Pakistan and Turkey met.")
    assert out.published == "2024-03-12" and "10:30" not in out.body


def test_header_dates_in_other_languages_and_bracketed_datelines() -> None:
    """'29 Maret 2012' over an English story; 'KAMPALA, Uganda (March 3, 2021) -- ...' opening the body."""
    indonesian = clean("Navies plan joint patrols\n\n29 Maret 2012\n\nThe navies of Indonesia and Malaysia will hold "
                       "joint patrols in the Malacca Strait next month, officials said on Thursday in Jakarta.")
    assert indonesian.published == "2012-03-29"
    bracketed = clean("KAMPALA, Uganda (March 3, 2021) -- Forty officers from five East African armies completed a "
                      "logistics course run by U.S. Army Africa instructors at the Uganda Rapid Deployment Capability Centre.")
    assert bracketed.published == "2021-03-03"


LEAD = ("The defence ministers of Chile and Peru agreed on Monday to hold joint naval patrols along their maritime "
        "border from next year, officials from both ministries told reporters after the talks.")


@pytest.mark.parametrize("page, day", [
    # a cookie notice over the page is no paragraph: the bare date line under the title is still the header's
    ("We use small files called cookies to give you the best experience on our website. You can change the "
     "settings of your browser at any time, and your use of the site means you consent to it.\n\n"
     "Chile and Peru agree joint patrols\n\n14.05.2023\n\n" + LEAD, "2023-05-14"),
    # the lead gives today's date
    ("Chile and Peru agree joint patrols\n\nThe defence ministers of Chile and Peru signed a patrol agreement in "
     "Lima today, 15 May 2023, officials from both ministries told reporters after the ceremony.", "2023-05-15"),
    # a dispatch that opens with its date
    ("Chile and Peru agree joint patrols\n\nMay 16, 2023 (LIMA) – " + LEAD, "2023-05-16"),
    ("Chile and Peru agree joint patrols\n\nMay 17, 2023: " + LEAD, "2023-05-17"),
    # a briefing line that ends on a clock with its zone
    ("Chile and Peru agree joint patrols\n\nNews Briefing Defense Minister Ana Rojas Thursday, May 18, 2023 - "
     "11:30 a.m. EST\n\n" + LEAD, "2023-05-18"),
    # a stamp in another language, the day with a dot
    ("Chile and Peru agree joint patrols\n\n19. mája 2023 13:49\n\n" + LEAD, "2023-05-19"),
    # a stamp the page runs on into its caption
    ("Chile and Peru agree joint patrols\nDefense | May 20, 2023, Saturday // 18:53| viewsThe ministers in Lima. "
     "Photo by Andina\n" + LEAD, "2023-05-20"),
    # a caption line that ends on the page's stamp, past the first eighty characters
    ("Chile and Peru agree joint patrols\n\nThe Peruvian minister landed in Santiago this morning. Picture from "
     "the ministry's press office, 21 May 2023 - 10:15, Santiago, Chile\n\n" + LEAD, "2023-05-21"),
    # the lead printed first, the page's date line under it
    ("Chile and Peru agree joint patrols\n\n" + LEAD + "\n\nMonday, May 22, 2023\n\n" + LEAD, "2023-05-22"),
    # the day the page was read over the title, the day it was filed below
    ("Saturday, March 7, 2026\nThe Andean Post\n\nCHILE | 23-05-2023 09:12\n\nChile and Peru agree joint "
     "patrols\n\n" + LEAD, "2023-05-23"),
    ("Friday, March 6, 2026\n\nThe Andean Post\n\nChile and Peru agree joint patrols\n\nLIMA, May 24, 2023 "
     "(APN) — " + LEAD, "2023-05-24"),
    # a blog's own day over the piece it reposts a few days later stays the page's
    ("Sunday, May 28, 2023\nChile and Peru agree joint patrols\nFrom the ministry:\nMay 25, 2023\n" + LEAD,
     "2023-05-28"),
    # a photo's caption over the story is no paragraph of it: the dispatch below it dates the page
    ("Chile and Peru agree joint patrols\nChilean Defence Minister Maya Fernandez speaks with her Peruvian "
     "counterpart at the naval base in Callao, Peru, after their talks on the patrols and the training of crews, "
     "May 22, 2023. MINDEF photo by Ana Rojas.\nLIMA, May 24, 2023 – " + LEAD, "2023-05-24"),
    # a date line with dashes between its parts
    ("Chile and Peru agree joint patrols\n\nThe Andean Post Mar - 27 - 2023 , 06:13\n\n" + LEAD, "2023-03-27"),
    # a dispatch date the first word runs into
    ("Chile and Peru agree joint patrols\n\nMarch 28, 2023The defence ministers of Chile and Peru signed a patrol "
     "agreement in Lima, officials from both ministries told reporters after the ceremony.", "2023-03-28"),
    # a page that prints its date nowhere but under the story: an agency's line, a source line, a labelled
    # line of credits, who reported it from where
    ("Chile and Peru agree joint patrols\n\n" + LEAD + "\n\nAndean Press, March 29, 2023\nMore on the issue:\n"
     "Peru buys radars, April 2, 2024", "2023-03-29"),
    ("Chile and Peru agree joint patrols\n\n" + LEAD + "\n(Andean News Agency March 30, 2023)", "2023-03-30"),
    ("Chile and Peru agree joint patrols\n\n" + LEAD + "\nSource: (March 31, 2023)", "2023-03-31"),
    ("Chile and Peru agree joint patrols\n\n" + LEAD + "\nAuthor: Press Office, Photo: Ana Rojas - Corporal Luis "
     "Vega - Date: 01.04.2023\nViews: 1200\nJump to main menu", "2023-04-01"),
    ("Chile and Peru agree joint patrols\n\n" + LEAD + "\nAna Rojas reported from Lima on April 03, 2023.",
     "2023-04-03"),
])
def test_publication_dates_of_pasted_pages(page: str, day: str) -> None:
    assert clean(page).published == day


def test_a_closing_sentence_that_tells_of_a_day_dates_no_page() -> None:
    """The last sentence of a story may name a whole date: it tells of the patrols, not of the page."""
    out = clean("Chile and Peru agree joint patrols\n\n" + LEAD + "\nThe first joint patrol sailed on April 4, 2023.")
    assert out.published is None


def test_the_pages_own_stamps_are_no_reader_comments() -> None:
    """'• Updated: 21-05-2023 20:43 IST' and '• Created: ...' under the title are the page's stamps, with the day
    first: the story after them stays whole."""
    out = clean("Chile and Peru agree joint patrols\n\n  • Reuters\n  • |\n  • Updated: 21-05-2023 20:43 IST\n  • |\n"
                "  • Created: 21-05-2023 20:43 IST\n" + LEAD + "\n\nThe patrols will start in January.")
    assert out.published == "2023-05-21"
    assert out.body.startswith("The defence ministers") and out.body.endswith("in January.")
