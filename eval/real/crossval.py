#!/usr/bin/env python3
"""End-to-end cross-validation of the detector on the development split: what `accord eval` would say of
articles the detector never saw in training.

Usage: crossval.py [--folds 4] [--texts DIR] [--low X] [--high Y] [--l2 Z] [--verbose]

Articles of eval/real/gold/dev are split into folds by article; for each fold the detector is trained on the
other folds (plus eval/ and the sample corpus), the fold is ingested into a fresh store with it, and scored.
Figures are summed over folds. The test split is never touched here.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from accord.detect.train import collect
from accord.detect.classifier import fit
from accord.settings import Settings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOFT = {"intent", "statement"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--texts", default=os.environ.get("ACCORD_REAL_TEXTS", str(ROOT.parent / "realcorpus" / "texts")))
    ap.add_argument("--low", type=float, default=0.15)
    ap.add_argument("--high", type=float, default=0.5)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--rules", action="store_true", help="score the rules alone")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    texts = Path(args.texts)
    dev = sorted((HERE / "gold" / "dev").glob("*.gold.json"))
    docs = [json.loads(p.read_text())["doc"] for p in dev]
    fold_of = {d: k % args.folds for k, d in enumerate(np.random.default_rng(0).permutation(docs))}
    extra = [(ROOT / "eval" / "gold", ROOT / "eval" / "articles")]
    shared = ROOT.parent / "shared"
    if (shared / "gold").is_dir():
        extra.append((shared / "gold", shared / "corpus"))
    data = None if args.rules else collect([(HERE / "gold" / "dev", texts), *extra], Settings.from_env())
    tally = defaultdict(lambda: [0, 0, 0])
    near = defaultdict(int)
    for k in range(args.folds):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            detector = "none"
            if data is not None:
                train = np.array([fold_of.get(g, -1) != k for g in data.groups])
                model = replace(fit(data.features[train], data.labels[train], l2=args.l2), low=args.low, high=args.high)
                model.save(tmp / "detector.npz")
                detector = str(tmp / "detector.npz")
            (tmp / "articles").mkdir()
            (tmp / "gold").mkdir()
            for path, doc in zip(dev, docs):
                if fold_of[doc] == k:
                    (tmp / "articles" / doc).write_bytes((texts / doc).read_bytes())
                    (tmp / "gold" / path.name).write_bytes(path.read_bytes())
            env = {**os.environ, "ACCORD_DETECTOR": detector}
            db = str(tmp / "s.db")
            subprocess.run([sys.executable, "-m", "accord", "--db", db, "ingest", str(tmp / "articles")], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            out = subprocess.run([sys.executable, "-m", "accord", "--db", db, "eval", str(tmp / "gold"), "--texts", str(texts), "--json"],
                                 env=env, capture_output=True, text=True).stdout
            report = json.loads(out)
            for kind, f in report["by_kind"].items():
                for i, key in enumerate(("found", "predicted", "gold")):
                    tally[kind][i] += f[key]
            for why, n in report["near_misses"].items():
                near[why] += n
            if args.verbose:
                for line in report["missed"]:
                    print("missed:", line)
                for line in report["extra"]:
                    print("extra: ", line)

    def prf(kinds):
        tp, pred, gold = (sum(tally[x][i] for x in kinds) for i in range(3))
        p, r = (tp / pred if pred else 0), (tp / gold if gold else 0)
        return f"P={p:.3f} R={r:.3f} F1={(2 * p * r / (p + r) if p + r else 0):.3f} ({tp}/{pred}/{gold})"
    for kind in sorted(tally):
        print(f"  {kind:14} {prf([kind])}")
    print("missed although found in their sentence, by what disagreed:", dict(sorted(near.items(), key=lambda x: -x[1])))
    print(f"core   {prf(set(tally) - SOFT)}")
    print(f"all    {prf(set(tally))}")


if __name__ == "__main__":
    main()
