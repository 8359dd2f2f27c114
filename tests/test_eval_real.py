"""Scoring against gold that quotes by character offsets, per source format, with the confusion between kinds
and a leave-outlets-out split; the shipped detector (issue 12)."""
import json
from pathlib import Path

import numpy as np
import pytest

from accord import api, detect
from accord.detect.features import sentence_features
from accord.nlp.pipeline import load
from accord.settings import Settings
from conftest import ARTICLES

ARTICLE = ARTICLES / "real" / "07-call-readout.txt"
CALL = "Defense Minister Kim Yong-hyun held a phone call with his Polish counterpart, Wladyslaw Kosiniak-Kamysz, on Tuesday"


def _gold(text: str, source: str, fmt: str, kind: str) -> dict:
    start = text.index(CALL)
    return {"doc": ARTICLE.name, "source": source, "format": fmt, "published": "2024-09-25",
            "title": {"start": 0, "end": text.index("\n")},
            "body_includes": [{"start": start, "end": start + len(CALL)}], "body_excludes": [],
            "actors": [{"name": "Kim Yong-hyun", "aliases": [], "country": "KOR"}],
            "events": [{"kind": kind, "status": "occurred", "date": "2024-09-24", "countries": ["KOR", "POL"],
                        "participants": ["Kim Yong-hyun"], "evidence": {"start": start, "end": start + len(CALL) + 1}}]}


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("offsets") / "store.db")
    api.ingest([str(ARTICLE)], Settings.from_env(db=db))
    return api.record(Settings.from_env(db=db))


def _write(folder: Path, gold: dict) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "07.gold.json").write_text(json.dumps(gold))
    return str(folder)


def test_offset_gold_is_read_from_the_saved_text(record, tmp_path):
    text = ARTICLE.read_text()
    gold = _write(tmp_path / "gold", _gold(text, "https://wire.example/a", "wire", "meeting"))
    report = api.evaluate(record, gold, str(ARTICLES / "real")).as_dict()
    assert report["events"]["found"] == 1 and report["cleaning_accuracy"] == 1.0
    assert report["by_format"]["wire"]["documents"] == 1
    assert {"gold": "meeting", "predicted": "meeting", "count": 1} in report["confusion"]


def test_a_wrong_kind_shows_in_the_confusion_and_the_near_misses(record, tmp_path):
    gold = _write(tmp_path / "gold", _gold(ARTICLE.read_text(), "https://wire.example/a", "readout", "visit"))
    report = api.evaluate(record, gold, str(ARTICLES / "real")).as_dict()
    assert report["events"]["found"] == 0
    assert {"gold": "visit", "predicted": "meeting", "count": 1} in report["confusion"]
    assert report["near_misses"] == {"kind": 1}


def test_offset_gold_without_its_texts_is_a_clear_error(record, tmp_path):
    gold = _write(tmp_path / "gold", _gold(ARTICLE.read_text(), "https://wire.example/a", "wire", "meeting"))
    with pytest.raises(api.InputError, match="--texts"):
        api.evaluate(record, gold)


def test_leaving_out_outlets_seen_elsewhere(record, tmp_path):
    text = ARTICLE.read_text()
    gold = _write(tmp_path / "test", _gold(text, "https://www.wire.example/a", "wire", "meeting"))
    seen = _write(tmp_path / "dev", _gold(text, "https://wire.example/other-story", "wire", "meeting"))
    unseen = _write(tmp_path / "dev2", _gold(text, "https://another.example/b", "wire", "meeting"))
    assert api.evaluate(record, gold, str(ARTICLES / "real"), seen).as_dict()["documents"] == {}
    assert len(api.evaluate(record, gold, str(ARTICLES / "real"), unseen).as_dict()["documents"]) == 1


def test_the_shipped_detector_scores_every_sentence_for_every_label():
    detector = detect.load()
    assert detector is not None and detector.high >= detector.low
    nlp = load(Settings.from_env().model)
    doc = nlp("Pakistan and Russia signed a defence cooperation agreement in Moscow on Monday. It rained in Lahore.")
    sents = list(doc.sents)
    scores = detector.probabilities(sentence_features(sents, [(set(), set())] * len(sents)))
    assert scores.shape == (2, len(detect.LABELS)) and np.all((scores >= 0) & (scores <= 1))
    agreement = detect.LABELS.index("agreement")
    assert scores[0, agreement] > scores[1, agreement]


def test_the_rules_alone_when_the_detector_is_turned_off(tmp_path):
    """`ACCORD_DETECTOR=none`: the same events (the detector proposes only near-certain ones), other confidences."""
    found = {}
    for name in ("none", ""):
        db = str(tmp_path / f"store-{name or 'shipped'}.db")
        api.ingest([str(ARTICLE)], Settings.from_env(db=db, detector=name))
        events = api.export(api.record(Settings.from_env(db=db)))["events"]
        found[name] = {(e["kind"], e["date"]): e["confidence"] for e in events}
    assert set(found["none"]) == set(found[""])
    assert found["none"] != found[""]
