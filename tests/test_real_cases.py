"""The constructions real articles use that the first version missed (issue 12), one article of our own
writing each in tests/articles/real, with what a careful reader extracts from it (NAME.expect.json)."""
import json
from pathlib import Path

import pytest

from accord import api
from accord.evaluate import _kind, _matches, _plain
from accord.settings import Settings
from conftest import ARTICLES

CASES = ARTICLES / "real"
NAMES = sorted(p.stem for p in CASES.glob("*.txt"))


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> dict:
    db = str(tmp_path_factory.mktemp("real") / "store.db")
    report = api.ingest([str(CASES / f"{n}.txt") for n in NAMES], Settings.from_env(db=db))
    assert not report.failed
    return api.export(api.record(Settings.from_env(db=db)))


def _case(data: dict, name: str) -> tuple[dict, dict | None, list[dict]]:
    expect = json.loads((CASES / f"{name}.expect.json").read_text())
    doc = next((d for d in data["documents"] if Path(d["source"]).stem == name), None)
    events = [e for e in data["events"] if doc and any(s["document"] == doc["id"] for s in e["sources"])]
    return expect, doc, events


def _show(events: list[dict], actors: dict | None = None) -> str:
    names = lambda e: [actors[p]["name"] for p in e["participants"] if p in actors] if actors else ""  # noqa: E731
    return "\n".join(f"  {e['kind']} {e['status']} {e['date']} {e['countries']} {names(e)} | {e['sources'][0]['sentence'][:80]}"
                     for e in events)


KNOWN_GAPS = {
    "17-bare-date-line": "a name after a long office title that the tagger does not call a person ('... and Policing Inia Seruiratu')",
    "23-government-readout": "the parser splits 'co-host' and loses the relative clause that announces the exercise",
}
"""Constructions whose article still misses one listed event; strict, so a fix shows up as a failure to remove here."""


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[n]))
                                  if n in KNOWN_GAPS else n for n in NAMES])
def test_events_found(data: dict, name: str) -> None:
    expect, doc, events = _case(data, name)
    assert doc is not None, f"{name} was not stored"
    actors = {a["id"]: a for a in data["actors"]}
    gold_actors = {n: {"name": n, "aliases": []} for e in expect["events"] for n in e.get("participants", [])}
    left = list(events)  # each listed event is a found event of its own: three documents signed are three
    for want in expect["events"]:
        want = {"status": "occurred", **want}
        hit = next((e for e in left if _matches(e, want, actors, gold_actors)), None)
        assert hit is not None, f"{expect['category']}: no {want}\nfound:\n{_show(events, actors)}"
        # a date left out matches any; 'exact' asks for the day itself where finding it is the case's point
        assert not want.get("exact") or hit["date"] == want["date"], f"{expect['category']}: {hit['date']} for {want}"
        left.remove(hit)


def test_an_office_capitalised_before_a_name(data: dict) -> None:
    """'The Chief Guest, Defence Minister A,': 'Guest' is the occasion's office, not a person's name."""
    assert _actor(data, "Sadio Camara")
    assert not [a for a in data["actors"] if a["name"].split()[-1] == "Guest"]


@pytest.mark.parametrize("name", NAMES)
def test_nothing_that_did_not_happen(data: dict, name: str) -> None:
    expect, _, events = _case(data, name)
    names = {a["id"]: _plain(a["name"]) for a in data["actors"]}
    for gone in expect.get("absent", []):
        # An absent entry with participants forbids those people in the event, not the event itself.
        wrong = [e for e in events if _kind(e) == _kind({"status": "occurred", **gone})
                 and set(e["countries"]) == set(gone["countries"])
                 and all(_plain(n) in {names.get(p) for p in e["participants"]} for n in gone.get("participants", []))]
        assert not wrong, f"{expect['category']}: should not be there:\n{_show(wrong)}"
    for most in expect.get("at_most", []):  # one occurrence told twice is one event
        same = [e for e in events if _kind(e) == _kind({"status": "occurred", **most})
                and set(e["countries"]) == set(most["countries"])]
        assert len(same) <= most["n"], f"{expect['category']}: more than {most['n']}:\n{_show(same)}"


@pytest.mark.parametrize("name", NAMES)
def test_clean_body_and_date(data: dict, name: str) -> None:
    expect, doc, _ = _case(data, name)
    assert doc is not None
    assert doc["published"] == expect.get("published"), expect["category"]
    body = _plain(doc["body"])
    for text in expect.get("body_includes", []):
        assert _plain(text) in body, f"{expect['category']}: lost {text!r}"
    for text in expect.get("body_excludes", []):
        assert _plain(text) not in body, f"{expect['category']}: kept {text!r}"


def _actor(data: dict, name: str) -> dict:
    found = [a for a in data["actors"] if a["name"] == name]
    assert len(found) == 1, f"{name}: {[(a['name'], a['country']) for a in data['actors'] if name.split()[0] in a['name']]}"
    return found[0]


def test_a_man_who_goes_by_his_middle_name(data: dict) -> None:
    """'Minister Shiyam' after 'Ahmed Shiyam Rasheed' is that minister, not a second person."""
    assert _actor(data, "Ahmed Shiyam Rasheed")["country"] == "MDV"
    assert not [a for a in data["actors"] if a["name"] == "Shiyam"]


def test_a_region_after_the_is_no_person(data: dict) -> None:
    """'Regional security in the Sahel': a lone capitalised word after 'the' is a place, though the tagger calls it
    a person."""
    assert _actor(data, "Salifou Mody")
    assert not [a for a in data["actors"] if a["name"] == "Sahel"]


def test_words_and_models_are_not_people(data: dict) -> None:
    """'Russian Chief of the General Staff Discussed with His Kyrgyz Counterpart': a headline's verb, written in lower
    case in the body, is no one's name though an office comes before it; 'an Antonov An-124' is an aircraft."""
    assert _actor(data, "Agus Subiyanto")
    assert not [a["name"] for a in data["actors"] if a["name"] == "Discussed" or any(c.isdigit() for c in a["name"])]


def test_a_models_mark_is_no_kings_numeral(data: dict) -> None:
    """'The Caesar Mark II artillery systems': a capitalised run that ends in a mark before a common noun is a
    model, though 'Mark' is a given name and 'II' a king's numeral."""
    assert _actor(data, "Sebastien Lecornu")
    assert not [a["name"] for a in data["actors"] if "Caesar" in a["name"]]


def test_a_series_defined_or_numbered_is_no_person(data: dict) -> None:
    """'Cope Thunder is an annual air combat exercise', 'the 11th iteration of Cope Thunder': an exercise's name,
    though the tagger takes it for a person's. So is 'Swift Sword, the joint war drill by ...'."""
    assert not [a["name"] for a in data["actors"] if a["name"] in ("Cope Thunder", "Swift Sword")]


def test_an_ordinal_is_no_name(data: dict) -> None:
    """'the US Secretary of Defense First, we will have ...': 'First' orders the moderator's words; it is no
    person's name, though it follows an office."""
    assert _actor(data, "Nakatani")
    assert not [a["name"] for a in data["actors"] if a["name"] == "First"]


def test_ship_names_are_not_people(data: dict) -> None:
    """'PNS Shahjahan': a name after a navy's prefix is a ship's, quoted or not."""
    assert not [a["name"] for a in data["actors"] if "Shahjahan" in a["name"]]


def test_offices_found_around_names(data: dict) -> None:
    """The office and state of a person come through a retired officer's mark ('Maj Gen (r) A') or another
    bracketed qualifier ('Lt General (Pilot) B'), an apposition
    with an article ('A, the Principal Secretary for Defence') and a dateline dash ('BANGKOK - Thailand's ...'),
    a title that ends in one person's name is not given to the next ('with Minister A, B proposed'), and an
    ambassador 'to' a state is not of it."""
    wekesa = _actor(data, "Juma Odhiambo Wekesa")
    assert (wekesa["country"], [r["role"] for r in wekesa["roles"]]) == ("KEN", ["Cabinet Secretary for Defence"])
    assert [r["role"] for r in _actor(data, "Peter Kiprono Ruto")["roles"]] == ["Principal Secretary"]
    sutin = _actor(data, "Sutin Somchai")
    assert (sutin["country"], [r["role"] for r in sutin["roles"]]) == ("THA", ["Defence Minister"])
    assert "Sutin" in sutin["aliases"] and not [a for a in data["actors"] if a["name"] == "Sutin"]
    ghanem = _actor(data, "Ghanem bin Shaheen Al-Ghanem")  # 'Lt General (Pilot) Ghanem ...'
    assert [r["rank"] for r in ghanem["roles"]] == ["Lieutenant General"]
    assert not [a for a in data["actors"] if a["name"] in ("Pilot", "Honour")]
    assert _actor(data, "Yaw Boateng Mensah")["country"] == "GHA"  # "Ghana's Ambassador to Togo Yaw Boateng Mensah"


def test_state_named_before_an_honorific(data: dict) -> None:
    """A title whose own words name no state takes the one named earlier in its phrase, across an honorific or
    a comma: 'Uganda's Minister of Defence and Veteran Affairs Hon A', 'Commander of the 5th Malaysian Infantry
    Division, Maj Gen Datuk B', 'the Chinese Ambassador to Uganda, Her Excellency Madam C' (not Uganda's)."""
    assert _actor(data, "Jacob Oboth Oboth")["country"] == "UGA"
    assert _actor(data, "Harun Salleh")["country"] == "MYS"
    assert [a["country"] for a in data["actors"] if a["name"].endswith("Zhang Lizhong")] == ["CHN"]


def test_commander_of_a_states_body(data: dict) -> None:
    """'Qatar's contingent is commanded by A', 'a contingent from the Royal Oman Police, commanded by B': one who
    leads, commands or heads a body is of the one state the body is named for; 'the Commanding Officer of HMS
    Tamar, Commander C' is of the state whose navy writes 'HMS'."""
    assert _actor(data, "Hamad Saad Al-Marri")["country"] == "QAT"
    assert _actor(data, "Salem Khalfan Al-Hinai")["country"] == "OMN"
    assert _actor(data, "Teilo Elliot-Smith")["country"] == "GBR"


def test_every_participant_is_an_actor(data: dict) -> None:
    """A bare title named twice in one article (its state learnt in between) is one actor, and every
    participant of every event is in the record's actors."""
    ids = {a["id"] for a in data["actors"]}
    assert all(p in ids for e in data["events"] for p in e["participants"])


def test_places_exercises_and_bodies_are_not_people(data: dict) -> None:
    """'docked in Preah Sihanouk province', 'join Exercise Steppe Eagle', 'the Vice-President of the Chamber of
    Deputies': a place's name, an exercise's and a body's."""
    assert not [a["name"] for a in data["actors"] if any(w in a["name"] for w in ("Sihanouk", "Steppe", "Chamber"))]


def test_honourables_and_their_states(data: dict) -> None:
    """'the Minister of Defence of the Republic of Zambia, Hon. A': the honorific and its dot stand between the
    office and the name; 'led by Honourable B MULENGA, MP': a surname printed in capitals is the name's, and the
    one who leads a state's delegation is of it; 'Hon. Aden C': a city's name that opens a name after an honorific
    is the name's; 'the Ministers of Defence of Luxembourg, D': a plural office; 'BiH Defence Minister E'; 'Madam F'."""
    assert _actor(data, "Grace Mwale")["country"] == "MWI"
    assert _actor(data, "Peter Chanda")["country"] == "ZMB"
    assert _actor(data, "Joseph MULENGA")["country"] == "ZMB"
    assert _actor(data, "Aden Farah")["country"] == "KEN"
    assert _actor(data, "Anne Kieffer")["country"] == "LUX"
    assert _actor(data, "Edin Hadzic")["country"] == "BIH"
    assert _actor(data, "Li Xiaomei")["country"] == "CHN"
    assert not [a for a in data["actors"] if a["name"].startswith("Madam")]


def test_names_before_a_date_and_a_lower_case_office(data: dict) -> None:
    """'Turkey Minister of Defense A B Mar. 14, 2019': the month's short name ends the name; 'C, the defense
    minister of Singapore,': the name is a person's, of the state of the office set after it."""
    assert _actor(data, "Kemal Demir")["country"] == "TUR"
    assert _actor(data, "Ng Eng Hen")["country"] == "SGP"
    assert not [a for a in data["actors"] if a["name"].lower() == "defense minister"]


def test_a_counterpart_after_a_comma(data: dict) -> None:
    """'Korean Defense Minister A and his Polish counterpart, B': the counterpart set off by commas is of the state
    its words name, and 'Korean' alone is South Korea's."""
    assert _actor(data, "Wladyslaw Kosiniak-Kamysz")["country"] == "POL"
    assert _actor(data, "Ahn Gyu-back")["country"] == "KOR"


def test_a_name_that_ends_like_an_acronym(data: dict) -> None:
    """'Kim Jong Un': a name's last word spelled like the UN's acronym in another case is the name's."""
    assert _actor(data, "Kim Jong Un")["country"] in (None, "PRK")
    assert not [a for a in data["actors"] if a["name"] == "Kim Jong"]


def test_initials_with_stops_inside_a_name(data: dict) -> None:
    """'General Lucky E.O. Irabor': the run of initials is part of the name, which goes on to the surname."""
    assert _actor(data, "Lucky E.O. Irabor")["country"] == "NGA"


def test_offices_and_titles_that_tell_the_state(data: dict) -> None:
    """An office only one state has names the holder's state ('Secretary of the Navy A', 'Secretary of State for
    Defence B'); 'Lieutenant General Sultan C' is C's full name, and C is of the state named before the office."""
    assert _actor(data, "Carlos Del Toro")["country"] == "USA"
    assert _actor(data, "Grant Shapps")["country"] == "GBR"
    assert _actor(data, "Sultan Kamaletdinov")["country"] == "KAZ"
    assert not [a for a in data["actors"] if a["name"] == "Lucky"]
