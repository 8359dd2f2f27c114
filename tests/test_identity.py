"""One person across spellings and articles, titles by date, one event across reports (issue 5)."""
import json

import pytest

from accord import lexicon
from accord.extract.names import clean_name, fold, names_agree, split_glued
from conftest import ARTICLES

IDENTITY = ARTICLES / "identity"


@pytest.mark.parametrize("a, b", [("Alexander", "Aleksandr"), ("Nikolay", "Nikolai"), ("Sergei", "Sergey"), ("Shoigu", "Shoygu")])
def test_transliteration_variants_fold_together(a, b):
    assert fold(a) == fold(b)


def test_names_agree_across_initials_and_middle_names():
    assert names_agree(["Alexander V. Grushko"], ["Aleksandr V Grushko"])
    assert names_agree(["Syed Asim Munir"], ["Asim Munir"])
    assert names_agree(["Grushko"], ["Alexander V. Grushko"])
    assert not names_agree(["Karambir Singh"], ["Rajnath Singh"])
    assert not names_agree(["Oleg Ivanov"], ["Sergei Ivanov"])
    assert names_agree(["Abdel Fattah al-Sisi"], ["Abdel Fattah El Sisi"])
    assert names_agree(["Abdel Fattah el-Sisi"], ["Abdel Fattah El-Sisi"])
    assert names_agree(["Abdel Fattah El Sisi"], ["Abdel Fattah al-Sisi", "President Abdel Fattah al-Sisi"])
    assert not names_agree(["Abdel Fattah al-Sisi"], ["Abdel Fattah al-Burhan"])


def test_glued_words_are_split():
    assert split_glued("JavedBajwa") == ["Javed", "Bajwa"]
    assert clean_name(["MrJumman", "Khan"], lexicon.load().cues["honorifics"]) == "Jumman Khan"
    assert split_glued("McDonald") == ["McDonald"]


def _ingest(run, *names: str) -> dict:
    for name in names:
        assert run("ingest", str(IDENTITY / name)).exit_code == 0
    return json.loads(run("export").output)


def _actor(data: dict, name: str) -> dict:
    found = [a for a in data["actors"] if a["name"] == name]
    assert len(found) == 1, [a["name"] for a in data["actors"]]
    return found[0]


def test_one_person_across_spellings_and_articles(run):
    data = _ingest(run, "a1-moscow-talks.txt", "a2-moscow-talks-wire.txt")
    shoigu = _actor(data, "Sergei Shoigu")
    assert "Sergey Shoygu" in shoigu["aliases"] and len(shoigu["documents"]) == 2
    singh = _actor(data, "Rajnath Singh")
    assert len(singh["documents"]) == 2 and singh["country"] == "IND"
    grushko = _actor(data, "Alexander V. Grushko")
    assert "Alexander V Grushko" in grushko["aliases"]
    meetings = [e for e in data["events"] if e["kind"] == "meeting"]
    assert len(meetings) == 1 and meetings[0]["source_count"] == 2 and meetings[0]["date"] == "2019-11-05"
    assert {shoigu["id"], singh["id"]} <= set(meetings[0]["participants"])
    agreements = [e for e in data["events"] if e["kind"] == "agreement"]
    assert len(agreements) == 1 and agreements[0]["date"] == "2016-09" and agreements[0]["source_count"] == 2


def test_same_surname_different_people_stay_apart(run):
    data = _ingest(run, "a1-moscow-talks.txt", "a3-two-singhs.txt")
    karambir, rajnath = _actor(data, "Karambir Singh"), _actor(data, "Rajnath Singh")
    assert karambir["id"] != rajnath["id"]
    plan = next(e for e in data["events"] if e["status"] == "planned")
    assert plan["participants"] == []


def test_title_resolved_by_date_and_left_unresolved_outside_known_tenure(run):
    data = _ingest(run, "b1-army-chief-2018-may.txt", "b2-army-chief-2018-sep.txt", "b3-title-only-2018-jul.txt",
                   "b4-title-only-2021.txt")
    rawat = _actor(data, "Bipin Rawat")
    july = next(e for e in data["events"] if e["date"] == "2018-07-10" and e["kind"] == "meeting")
    assert rawat["id"] in july["participants"]
    later = next(e for e in data["events"] if e["date"] == "2021-03-02")
    holder = next(a for a in data["actors"] if a["id"] in later["participants"])
    assert holder["type"] == "office" and holder["country"] == "IND"


def test_dictionary_wins_over_what_is_learned(db, run):
    from click.testing import CliRunner

    from accord.cli import cli
    for name in ("b1-army-chief-2018-may.txt", "b5-title-only-2023.txt"):
        run("ingest", str(IDENTITY / name))
    out = CliRunner().invoke(cli, ["--db", db, "--actors", str(IDENTITY / "dictionary.csv"), "export"]).output
    data = json.loads(out)
    pande = _actor(data, "Manoj Pande")
    event = next(e for e in data["events"] if e["date"] == "2023-06-07")
    assert pande["id"] in event["participants"] and pande["country"] == "IND"


def test_office_table_lists_holders_by_date(run):
    _ingest(run, "b1-army-chief-2018-may.txt", "b2-army-chief-2018-sep.txt")
    out = run("offices", "--country", "IND").output
    assert "Chief of the Army Staff" in out and "Bipin Rawat" in out and "2018-05-02" in out and "2018-09-04" in out


def test_conflicting_dates_are_kept_apart_and_flagged(run):
    data = _ingest(run, "c1-date-conflict.txt", "c2-date-conflict.txt")
    meetings = [e for e in data["events"] if e["kind"] == "meeting"]
    assert sorted(e["date"] for e in meetings) == ["2020-03-03", "2020-03-05"]
    assert all(any("date conflicts" in n for n in e["notes"]) for e in meetings)


def test_actor_card_and_sources_filter(run):
    _ingest(run, "a1-moscow-talks.txt", "a2-moscow-talks-wire.txt")
    card = run("actors", "show", "Shoygu").output
    assert "Sergei Shoigu" in card and "Defence Minister" in card and "Sergey Shoygu" in card
    rows = [json.loads(l) for l in run("events", "--json", "--sources-min", "2").output.splitlines()]
    assert rows and all(r["source_count"] >= 2 for r in rows)


def test_news_agencies_are_sources_not_participants(run, shared):
    run("ingest", str(shared / "corpus"))
    data = json.loads(run("export").output)
    by_name = {a["name"]: a for a in data["actors"]}
    assert by_name["TASS"]["type"] == "source"
    assert by_name["Inter-Services Public Relations"]["aliases"] == ["ISPR"]
    assert by_name["Pakistan Air Force"]["country"] == "PAK"
    sources = {a["id"] for a in data["actors"] if a["type"] == "source"}
    assert not any(sources & set(e["participants"]) for e in data["events"])
    munir = next(a for a in data["actors"] if a["name"].endswith("Munir"))
    bajwa = next(a for a in data["actors"] if a["name"].endswith("Bajwa"))
    assert munir["id"] != bajwa["id"]
    assert any("COAS" in alias for alias in munir["aliases"]) and any("COAS" in alias for alias in bajwa["aliases"])


def test_undated_news_is_not_fused_with_a_report_years_older(run):
    """Both articles name President Sisi, spelled two ways, receiving the same general. The 2022 report gives no
    day, and it is news of 2022, not the 2015 meeting that the older article dates."""
    data = _ingest(run, "d1-sisi-receives-emirati-chief-2015.txt", "d2-sisi-receives-emirati-chief-2022.txt")
    sisi = [a for a in data["actors"] if a["name"].endswith("Sisi")]
    assert len(sisi) == 1 and len(sisi[0]["documents"]) == 2
    meetings = [e for e in data["events"] if e["kind"] == "meeting"]
    assert sorted(e["date"] or "" for e in meetings) == ["", "2015-02-09"]
    assert all(e["source_count"] == 1 for e in meetings)


def test_undated_talks_are_not_fused_with_talks_a_month_older(run):
    """Both articles name the Estonian minister at talks with Finland. The July report gives no day: it is news
    of July, not the talks of 11 May that the other article dates."""
    data = _ingest(run, "e1-minister-in-talks-in-may.txt", "e2-minister-at-talks-in-july.txt")
    meetings = [e for e in data["events"] if e["kind"] == "meeting" and sorted(e["countries"]) == ["EST", "FIN"]]
    assert sorted(e["date"] or "" for e in meetings) == ["", "2023-05-11"]
    assert all(e["source_count"] == 1 for e in meetings)
