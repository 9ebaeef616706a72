"""Section decoding: Viterbi over the non-blank lines of a document with soft section-order
transitions (log-probabilities from training counts, scaled by a weight tuned on dev)."""
from __future__ import annotations

import numpy as np


def viterbi(emission_logp: np.ndarray, trans_logp: np.ndarray, start_logp: np.ndarray,
            weight: float) -> np.ndarray:
    """Best label path for ``emission_logp`` [T, K]; ``weight`` 0 gives the per-line argmax."""
    n, k = emission_logp.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if weight <= 0:
        return emission_logp.argmax(axis=1)
    trans = weight * trans_logp
    score = emission_logp[0] + weight * start_logp
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans  # [prev, next]
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + emission_logp[t]
    path = np.zeros(n, dtype=np.int64)
    path[-1] = int(score.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def transition_counts(sequences: list[list[int]], n_labels: int) -> np.ndarray:
    """Counts [n_labels + 1, n_labels]: row ``n_labels`` counts first labels."""
    counts = np.zeros((n_labels + 1, n_labels), dtype=np.float64)
    for seq in sequences:
        if not seq:
            continue
        counts[n_labels, seq[0]] += 1
        for a, b in zip(seq, seq[1:]):
            counts[a, b] += 1
    return counts
