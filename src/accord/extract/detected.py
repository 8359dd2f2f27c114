"""The learned detector and the rules together: the model vetoes what the rules guess and proposes what they miss.

The rules still decide what they are precise about: a proposal in quotes, negated, hedged or cancelled is
dropped by the same tests as a trigger word's, and status, dates, people and places come from the parse.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..detect import LABELS, Detector
from ..detect.features import sentence_features
from ..lexicon import Lexicon
from . import triggers as tg
from .events import Candidate, anaphoric, status_of

KINDS = [label for label in LABELS if label != "plan"]


def label(cand: Candidate) -> str:
    return "plan" if cand.status == "planned" else cand.kind


def rule_view(triggers: list[list[tg.Trigger]], proposed: list[list[Candidate]]) -> list[tuple[set[str], set[str]]]:
    """Per sentence, the labels the rules licensed and the kinds of their trigger words: features of the model."""
    return [({label(c) for c in cands}, {t.kind for t in found}) for found, cands in zip(triggers, proposed)]


def _anchor(sent: Span, kind: str, found: list[tg.Trigger]) -> Token:
    """The word an event proposed by the model hangs on: a trigger word of its kind, else any trigger word,
    else the sentence's main verb."""
    for trig in found:
        if trig.kind == kind:
            return trig.token
    if found:
        return found[0].token
    return sent.root


def _propose(sent: Span, kind: str, found: list[tg.Trigger], lex: Lexicon, planned: bool) -> Candidate | None:
    anchor = _anchor(sent, kind, found)
    if tg.in_quotes(anchor, sent) or tg.negated(anchor):
        return None
    status = status_of(kind, anchor, lex)
    if status is None:
        return None
    return Candidate(kind, anchor, sent, "planned" if planned else status)


def decide(detector: Detector, sentences: list[Span], triggers: list[list[tg.Trigger]],
           proposed: list[list[Candidate]], lex: Lexicon) -> list[list[Candidate]]:
    if not sentences:
        return proposed
    scores = detector.probabilities(sentence_features(sentences, rule_view(triggers, proposed)))
    out: list[list[Candidate]] = []
    for sent, found, cands, row in zip(sentences, triggers, proposed, scores):
        p = dict(zip(LABELS, (float(x) for x in row)))
        # 'the talks', 'the visit': a later mention that only lends its details to an event told before.
        kept = [c for c in cands if c.kind == "occasion" or p[label(c)] >= detector.low or anaphoric(c.anchor)]
        for cand in kept:
            if cand.kind != "occasion":
                cand.detected = p[label(cand)]
        have = {label(c) for c in kept}
        for kind in KINDS:
            if p[kind] >= detector.high and kind not in have:
                new = _propose(sent, kind, found, lex, planned=False)
                if new is not None and new.status == "occurred":
                    new.detected = p[kind]
                    kept.append(new)
        if p["plan"] >= detector.high and "plan" not in have:
            planned = _propose(sent, max(KINDS, key=lambda k: p[k]), found, lex, planned=True)
            if planned is not None:
                planned.detected = p["plan"]
                kept.append(planned)
        out.append(kept)
    return out
