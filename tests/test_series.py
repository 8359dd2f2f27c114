"""Recurring series and promises kept (issue 9), on articles written for it and on the sample corpus."""
import json

import httpx
import pytest

from accord import api
from accord.extract.series import find, roman
from accord.settings import Settings
from conftest import ARTICLES
from server import Server

SERIES = ARTICLES / "series"
STATES = {"india", "vietnam", "russia", "pakistan", "indian", "russian"}


@pytest.mark.parametrize("sentence, name, edition", [
    ("The 10th round of the India-Vietnam Defence Policy Dialogue (DPD) was held.", "Defence Policy Dialogue", 10),
    ("The eleventh round of the Defence Policy Dialogue was held in Hanoi.", "Defence Policy Dialogue", 11),
    ("Troops opened Exercise Druzhba-III near Tarbela.", "Druzhba", 3),
    ("The armies will hold Exercise Ekuverin-XI in May.", "Ekuverin", 11),
    ("The seventh edition of Shakti began on Monday.", "Shakti", 7),
    ("The first-ever Indo-French joint exercise was held.", "Indo-French", 1),
    ("The 14th DPD between India and Vietnam took place.", "DPD", 14),
    ("The sixth meeting of the joint military committee was held.", "joint military committee", 6),
    ("The 12th edition of joint military exercise \u201cEx Ekuverin\u201d has begun.", "Ekuverin", 12),
    ("The third edition of the exercise 'Samudra Shakti' opened on Monday.", "Samudra Shakti", 3),
    ("Exercise Steppe Eagle 2 drew 1,300 troops.", "Steppe Eagle", 2),
])
def test_series_names_and_editions(sentence, name, edition):
    found = find(sentence, {}, STATES)
    assert found is not None and (found.name, found.edition) == (name, edition)


@pytest.mark.parametrize("sentence", [
    "The exercise, known to its planners as BX24, opened near the coast.",
    "In 2019, the drill was held on the plains north of the capital.",
    "The firm will service Russian helicopters and Su-25 jets in Lima.",
    "Approximately 1,300 troops from 15 states took part.",
    "The talks were held on Tuesday 28 November in the capital.",
])
def test_a_word_that_opens_a_sentence_a_day_or_an_aircraft_is_no_series(sentence):
    assert find(sentence, {}, STATES) is None


@pytest.mark.parametrize("sentence, other, name, edition", [
    ("The minister met Secretary of Defense Lloyd J. Austin III at the Pentagon.", "Lloyd J. Austin III", None, None),
    ("Engineers from both armies opened the Aqaba-5 drill in the desert.", "Aqaba", "Aqaba", 5),
    ("Soldiers from four armies joined Exercise Tatra 2016 in the hills.", "Tatra", "Tatra", None),
])
def test_a_person_or_state_with_a_number_is_a_series_only_beside_an_exercise_word(sentence, other, name, edition):
    start = sentence.index(other)
    found = find(sentence, {}, STATES, [(start, start + len(other))])
    assert (found.name, found.edition) == (name, edition) if name else found is None


def test_a_trailing_dash_and_the_states_of_a_body_stay_out_of_its_name():
    assert find("A task group will come for Exercise Bersama Shield- a drill of five navies.", {}, STATES).name == "Bersama Shield"
    assert find("The 10th round of the India-Vietnam Defence Policy Dialogue was held.", {}, STATES).name == "Defence Policy Dialogue"


def test_a_middle_initial_is_not_an_edition():
    assert find("Deputy Minister Colonel General Alexander V Fomin met the chief.", {}, STATES) is None
    assert roman("XIV") == 14 and roman("IIII") is None


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    settings = Settings.from_env(db=str(tmp_path_factory.mktemp("series") / "s.db"))
    api.ingest([str(SERIES)], settings)
    return settings, api.record(settings)


def _series(rec, name):
    found = api.find_series(rec, name)
    assert len(found) == 1
    return found[0]


def _promise(rec, promised_date):
    return next(p for p in rec.promises if p.promised_date == promised_date)


def test_series_across_four_articles_with_short_and_long_names_and_a_gap(record):
    _, rec = record
    dpd = _series(rec, "DPD")
    assert dpd is _series(rec, "Defence Policy Dialogue")
    assert [e.number for e in dpd.editions] == [10, 11, 13, 14]
    assert dpd.gaps == [12] and dpd.kind == "talks" and dpd.countries == ["IND", "VNM"]
    assert len({d for ed in dpd.editions for i in ed.events for d in [next(e for e in rec.events if e.id == i).sources[0].document]}) == 4


def test_promise_statuses(record):
    _, rec = record
    moved = _promise(rec, "2020")
    assert moved.status == "moved" and "Hanoi" in moved.detail
    implied = _promise(rec, "2022")
    assert implied.status == "implied" and implied.edition == 12
    late = _promise(rec, "2022-05")
    assert late.status == "kept" and "34 days after" in late.detail
    kept_by = next(e for e in rec.events if e.id == late.kept_by)
    assert kept_by.date == "2022-07-04" and kept_by.series.name == "Ekuverin"
    assert _promise(rec, "2024").status == "open" and _promise(rec, "2027").status == "open"
    unreported = _promise(rec, "2021-08")
    assert unreported.status == "unreported" and unreported.series is None


def test_cli_and_api_show_series_and_plans(record, run):
    settings, rec = record
    from click.testing import CliRunner

    from accord.cli import cli
    runner = CliRunner()
    out = runner.invoke(cli, ["--db", settings.db, "series", "show", "DPD"]).output
    assert "never reported: edition 12" in out and "promise" in out
    plans = runner.invoke(cli, ["--db", settings.db, "plans", "--status", "open"]).output
    assert plans.count("open") >= 2 and "moved" not in plans
    with Server(settings) as server:
        listed = httpx.get(f"{server.url}/api/series").json()
        assert {s["name"] for s in listed["items"]} == {"Defence Policy Dialogue", "Ekuverin"}
        one = httpx.get(f"{server.url}/api/series/DPD").json()
        assert one["gaps"] == [12] and {p["status"] for p in one["promises"]} == {"moved", "implied", "open"}
        assert httpx.get(f"{server.url}/api/plans", params={"status": "kept"}).json()["total"] == 1
        assert httpx.get(f"{server.url}/api/plans", params={"status": "bogus"}).status_code == 422
    report = runner.invoke(cli, ["--db", settings.db, "report", "--country", "IND", "--country", "VNM"]).output
    assert "Recurring series" in report and "never reported: 12" in report and "Status: implied" in report


def test_sample_corpus_series_and_promise(run, shared):
    run("ingest", str(shared / "corpus"))
    data = json.loads(run("export").output)
    jmcc = next(s for s in data["series"] if "JMCC" in s["aliases"])
    third = next(ed for ed in jmcc["editions"] if ed["number"] == 3)
    assert third["dates"] == ["2021-09-29"] and third["places"] == ["Islamabad"]
    plan = next(e for e in data["events"] if e["status"] == "planned" and e["series"] and e["series"]["edition"] == 4)
    assert plan["promise"]["status"] == "unreported" and plan["location"]["country"] == "RUS" and plan["date"] == "2022"
    druzhba = next(s for s in data["series"] if s["name"] == "Druzhba")
    assert [ed["number"] for ed in druzhba["editions"]] == [6] and druzhba["kind"] == "exercise"


def test_page_draws_series_rows_with_hollow_promises(record):
    """The relationship view of a pair draws its series: editions held, the gap never reported, open promises hollow."""
    from browsing import browser_at, ready

    settings, rec = record
    browser = browser_at()
    try:
        with Server(settings) as server:
            browser.get(server.url + "/?state=IND&state=VNM")
            ready(browser)
            rows = browser.execute_script(
                "return [...document.querySelectorAll('#series .series-row')].map(r => r.dataset.series)")
            assert rows == ["Defence Policy Dialogue"]
            held = browser.execute_script("return document.querySelectorAll(\"#series [data-series='Defence Policy Dialogue'] .edition-held\").length")
            gaps = browser.execute_script("return document.querySelectorAll(\"#series [data-series='Defence Policy Dialogue'] .edition-gap\").length")
            assert (held, gaps) == (4, 1)
            browser.get(server.url + "/?state=IND&state=MDV")
            ready(browser)
            assert browser.execute_script("return [...document.querySelectorAll('#series .series-row')].map(r => r.dataset.series)") == ["Ekuverin"]
            open_marks = browser.execute_script("return [...document.querySelectorAll('#series .promise-open circle')].map(c => c.getAttribute('fill'))")
            assert open_marks and set(open_marks) == {"none"}
    finally:
        browser.quit()


def test_a_persons_numeral_names_no_series_of_an_event(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Title: Palau's leader meets Pentagon chief\nPublished: 2023-09-25\n\n"
        "Palauan President Surangel Whipps Jr. met Secretary of Defense Lloyd J. Austin III at the Pentagon on Monday.\n"
        "The two leaders discussed the coast guard and the radar being built on the islands.\n")
    settings = Settings.from_env(db=str(tmp_path / "s.db"))
    api.ingest([str(tmp_path / "a.txt")], settings)
    events = api.export(api.record(settings))["events"]
    assert [e["kind"] for e in events] == ["meeting"] and events[0]["series"] is None
