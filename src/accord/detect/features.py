"""What the detector sees of a sentence: its meaning as a static embedding, and a few facts from the parse."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import zlib

import numpy as np
from spacy.tokens import Span

from ..nlp.spans import ents_in
from .classifier import LABELS

FUTURE = {"will", "shall", "would", "plan", "planned", "schedule", "scheduled", "expect", "next", "upcoming",
          "forthcoming", "propose", "intend", "due", "slate", "slated", "later"}
STATE_LABELS = {"GPE", "NORP"}
QUOTES = {"“", "”", '"'}
PARSE_FEATURES = 7
LEMMA_BUCKETS = 1024
"""Content lemmas hashed into this many columns: the words themselves, beside what the embedding means."""


@lru_cache(maxsize=1)
def _model():  # type: ignore[no-untyped-def]
    """The static embeddings shipped in accord/data/embeddings (see scripts/distill-embeddings.py)."""
    from model2vec import StaticModel

    with resources.as_file(resources.files("accord.data").joinpath("embeddings")) as folder:
        return StaticModel.from_pretrained(str(folder))


def embed(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, _model().dim), dtype=np.float32)
    return np.asarray(_model().encode(texts, show_progress_bar=False), dtype=np.float32)


def _parse(sent: Span) -> list[float]:
    future = negated = quoted = False
    for t in sent:
        future = future or t.lower_ in FUTURE or t.lemma_ in FUTURE
        negated = negated or t.dep_ == "neg"
        quoted = quoted or t.text in QUOTES
    ents = ents_in(sent)
    states = {e.text.lower() for e in ents if e.label_ in STATE_LABELS}
    labels = {e.label_ for e in ents}
    return [float(future), float(negated), float(len(states) >= 1), float(len(states) >= 2),
            float("PERSON" in labels), float("DATE" in labels), float(quoted)]


def _lemmas(sent: Span) -> np.ndarray:
    row = np.zeros(LEMMA_BUCKETS, dtype=np.float32)
    for tok in sent:
        if tok.is_alpha and not tok.is_stop and tok.ent_type_ not in ("PERSON", "DATE"):
            row[zlib.crc32(tok.lemma_.lower().encode()) % LEMMA_BUCKETS] = 1.0
    return row


def _rules(kinds: list[tuple[set[str], set[str]]]) -> np.ndarray:
    """Per label: the rules found a licensed event of it; a trigger word of it is in the sentence."""
    rows = np.zeros((len(kinds), 2 * len(LABELS)), dtype=np.float32)
    for n, (licensed, triggered) in enumerate(kinds):
        for j, label in enumerate(LABELS):
            rows[n, j] = float(label in licensed)
            rows[n, len(LABELS) + j] = float(label in triggered)
    return rows


def sentence_features(sents: list[Span], rules: list[tuple[set[str], set[str]]]) -> np.ndarray:
    """One row per sentence: the embedding, the parse facts, what the rules said, the hashed lemmas.

    `rules` gives, per sentence, the labels of the rules' licensed candidates and the kinds of its trigger words.
    """
    vectors = embed([s.text.strip() for s in sents])
    parse = np.array([_parse(s) for s in sents], dtype=np.float32).reshape(len(sents), PARSE_FEATURES)
    lemmas = np.array([_lemmas(s) for s in sents], dtype=np.float32).reshape(len(sents), LEMMA_BUCKETS)
    return np.hstack([vectors, parse, _rules(rules), lemmas])
