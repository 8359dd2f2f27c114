"""The sample corpus, scored by the shared scorer: the quality floors of issues 3 and 4."""
import json
import subprocess
import sys
from pathlib import Path


def test_sample_corpus_scores(run, shared: Path, tmp_path: Path):
    assert run("ingest", str(shared / "corpus")).exit_code == 0
    out = tmp_path / "export.json"
    run("export", "--format", "json", "-o", str(out))
    score = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(out), str(shared / "gold"), "--json"],
                           capture_output=True, text=True, check=True)
    report = json.loads(score.stdout)
    print(score.stdout)
    assert report["events"]["f1"] >= 0.95
    assert report["core_events"]["f1"] >= 0.95
    assert report["actor_recall"] == 1.0
    assert report["cross_doc_identity"] == "1/1"
    assert report["published_accuracy"] == 1.0
    assert report["cleaning_accuracy"] == 1.0
    assert report["date_exact"] >= 0.95


def test_sample_identity_and_fusion(run, shared: Path):
    run("ingest", str(shared / "corpus"))
    data = json.loads(run("export").output)
    agreements = [e for e in data["events"] if e["kind"] == "agreement" and e["date"] and e["date"].startswith("2014")]
    assert len(agreements) == 1
    assert agreements[0]["date"] == "2014-11" and agreements[0]["source_count"] == 2
    fomin = [a for a in data["actors"] if a["name"].endswith("Fomin")]
    assert len(fomin) == 1 and len(fomin[0]["documents"]) == 2 and fomin[0]["country"] == "RUS"


def test_accord_eval_agrees_with_the_shared_scorer(run, shared: Path, tmp_path: Path):
    run("ingest", str(shared / "corpus"))
    out = tmp_path / "export.json"
    run("export", "-o", str(out))
    theirs = json.loads(subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(out), str(shared / "gold"), "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    ours = json.loads(run("eval", str(shared / "gold"), "--json").output)
    assert ours["events"]["f1"] == theirs["events"]["f1"] and ours["core_events"]["f1"] == theirs["core_events"]["f1"]
    for key in ("actor_recall", "date_exact", "published_accuracy", "cleaning_accuracy"):
        assert ours[key] == theirs[key], key
