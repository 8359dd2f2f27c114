"""Learned event detection: which sentences report which kinds of event.

A small linear model over static sentence embeddings (distilled from all-MiniLM-L6-v2 with model2vec) and
a few parse features proposes, for every sentence, the kinds of event it reports and whether it tells of a
plan. The rules in `accord.extract` stay where they are precise (negation, hedges, quotes, status, people,
dates, third states): they license what the model proposes and the model vetoes what they guess.
"""
from .classifier import LABELS, Detector, load

__all__ = ["LABELS", "Detector", "load"]
