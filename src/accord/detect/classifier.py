"""One-vs-rest logistic regression in NumPy: small weights that ship inside the package, no training library at run time."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

LABELS = ("meeting", "visit", "agreement", "intent", "exercise", "institution", "statement", "arms_transfer",
          "training", "plan")
"""What the model says of a sentence: the kinds of occurred event it reports, and 'plan' for a future one."""
WEIGHTS = "detector.npz"


@dataclass
class Detector:
    weights: np.ndarray  # features x labels
    bias: np.ndarray  # labels
    mean: np.ndarray  # features: centring learned on the training sentences
    scale: np.ndarray
    low: float
    """Below this probability a rule's candidate of that kind is dropped."""
    high: float
    """At or above this probability the model proposes an event the rules did not find."""

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
                            mean=self.mean.astype(np.float32), scale=self.scale.astype(np.float32),
                            thresholds=np.array([self.low, self.high], dtype=np.float32),
                            labels=np.array(LABELS))


def fit(features: np.ndarray, labels: np.ndarray, l2: float = 1.0, steps: int = 600, rate: float = 0.05,
        low: float = 0.15, high: float = 0.5) -> Detector:
    """Full-batch Adam on the mean log loss plus an L2 penalty; positives weighted up to balance rare kinds."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6
    x = (features - mean) / scale
    n, d = x.shape
    k = labels.shape[1]
    positives = labels.sum(axis=0)
    weight_pos = np.clip((n - positives) / np.maximum(positives, 1), 1.0, 10.0) ** 0.5
    w = np.zeros((d, k))
    b = np.zeros(k)
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    for t in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w + b, -30, 30)))
        sample = np.where(labels > 0, weight_pos, 1.0)
        g = (p - labels) * sample / n
        grad_w = x.T @ g + l2 * w / n
        grad_b = g.sum(axis=0)
        for param, grad, m, v in ((w, grad_w, m_w, v_w), (b, grad_b, m_b, v_b)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= rate * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return Detector(w, b, mean, scale, low, high)


def read(path: Path) -> Detector:
    data = np.load(path)
    if tuple(str(x) for x in data["labels"]) != LABELS:
        raise ValueError(f"{path}: trained for other labels")
    low, high = (float(x) for x in data["thresholds"])
    return Detector(data["weights"], data["bias"], data["mean"], data["scale"], low, high)


@lru_cache(maxsize=None)
def load(path: str | None = None) -> Detector | None:
    """The shipped detector (or one at `path`); None when none was trained, so extraction runs on rules alone."""
    if path:
        return read(Path(path))
    ref = resources.files("accord.data").joinpath(WEIGHTS)
    if not ref.is_file():
        return None
    with resources.as_file(ref) as shipped:
        return read(shipped)
