"""Confidence calibration: one temperature per head, fitted on a dev split by NLL."""
from __future__ import annotations

import numpy as np


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature minimizing dev NLL (bounded to [0.05, 20])."""
    from scipy.optimize import minimize_scalar  # training only: keeps inference start-up light
    from sklearn.metrics import log_loss
    if len(labels) == 0:
        return 1.0
    classes = np.arange(logits.shape[1])

    def nll(log_t: float) -> float:
        return log_loss(labels, softmax(logits, float(np.exp(log_t))), labels=classes)

    res = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20.0)), method="bounded")
    return float(np.exp(res.x))


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    if len(confidence) == 0:
        return 0.0
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            ece += m.mean() * abs(confidence[m].mean() - correct[m].mean())
    return float(ece)
