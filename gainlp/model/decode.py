"""Section decoding: Viterbi over the non-blank lines of a document with soft section-order
transitions (log-probabilities from training counts, scaled by a weight tuned on dev) and one
hard constraint: on the lines marked ``keep`` the top-level section cannot change."""
from __future__ import annotations

import numpy as np

from ..labels import SECTIONS, TOP_SECTIONS, top_section

_TOP = np.array([TOP_SECTIONS.index(top_section(s)) for s in SECTIONS])
#: [prev, next] → 0 where the top-level section stays, -inf where it changes
KEEP_TOP = np.where(_TOP[:, None] == _TOP[None, :], 0.0, -np.inf)


def viterbi(emission_logp: np.ndarray, trans_logp: np.ndarray, start_logp: np.ndarray,
            weight: float, keep: np.ndarray | None = None) -> np.ndarray:
    """Best label path for ``emission_logp`` [T, K] (labels in ``SECTIONS`` order when ``keep``
    is given); ``weight`` 0 and no ``keep`` give the per-line argmax. ``keep`` [T] marks the
    lines that must stay in the top-level section of the line before them."""
    n, k = emission_logp.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    constrained = keep is not None and bool(np.any(keep[1:]))
    if weight <= 0 and not constrained:
        return emission_logp.argmax(axis=1)
    trans = max(weight, 0.0) * trans_logp
    score = emission_logp[0] + max(weight, 0.0) * start_logp
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + (trans + KEEP_TOP if constrained and keep[t] else trans)  # [prev, next]
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
