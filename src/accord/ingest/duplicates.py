"""Near-duplicate articles (syndicated wire copy, one story on two sites) found with MinHash LSH."""
from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

# 64 permutations estimate Jaccard similarity within about 0.1; two copies of one
# wire story with a changed headline, byline or last paragraph share over 0.8 of
# their 5-word shingles, two stories on the same meeting well under 0.5
# (tests/test_scale.py checks both).
PERMUTATIONS = 64
THRESHOLD = 0.8
CANDIDATES = 0.5
"""LSH looks for candidates well below THRESHOLD, so a true copy is almost never missed; each is then checked."""
SCHEME = "affine32"
"""Stored signatures are 32-bit values of this datasketch scheme; it is named so that they load back the same."""


def signature(body: str) -> MinHash:
    words = re.findall(r"\w+", body.lower())
    m = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    for i in range(max(1, len(words) - 4)):
        m.update(" ".join(words[i : i + 5]).encode("utf-8"))
    return m


def to_text(m: MinHash) -> str:
    return m.hashvalues.astype("uint32").tobytes().hex()


def from_text(text: str) -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, scheme=SCHEME, hashvalues=np.frombuffer(bytes.fromhex(text), dtype="uint32"))


class Index:
    """LSH over every stored text; only the hash values are kept, not whole MinHash objects, to keep memory small."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=CANDIDATES, num_perm=PERMUTATIONS)
        self.values: dict[str, np.ndarray] = {}

    def add(self, document: str, m: MinHash) -> None:
        if document not in self.values:
            self.lsh.insert(document, m)
            self.values[document] = m.hashvalues.astype("uint32")

    def find(self, m: MinHash) -> tuple[str, float] | None:
        """The stored document this text nearly repeats, with the estimated similarity."""
        mine = m.hashvalues.astype("uint32")
        scored = ((d, float(np.count_nonzero(self.values[d] == mine)) / PERMUTATIONS) for d in self.lsh.query(m))
        best = max(scored, key=lambda x: x[1], default=None)
        return best if best and best[1] >= THRESHOLD else None
