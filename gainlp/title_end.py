"""Where a heading's title ends when the text runs straight on after it.

On a page flattened with nothing between its lines, ``一、健全组织、强化领导根据县政府…``
or ``6. 收费及减免情况本年度，我局…`` hold a heading and its first sentence with no break
between them. When the vocabulary does not know the title, no rule can say where it ends.
This model learns it: for a marker (``一、`` ``（一）`` ``6. ``) that the segmenter cuts, every
position 2–30 characters after the marker is a candidate end, scored by a logistic model
over hashed character n-grams on both sides of the position, the title length, and
whether the vocabulary knows the title ending there; the best candidate is cut when its
probability reaches ``threshold``, otherwise the unit stays whole (a numbered paragraph such
as ``1、加强领导，明确专人负责。`` has no title to cut off).

It is trained on synthetic reports flattened as crawlers do (``training/train_title_end.py``)
and ships as package data (``gainlp/data/title_end.npz``), so the rules engine and the model
engine cut the same way. Inference needs numpy only.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from .normalize import normalize, unify_variants

if TYPE_CHECKING:  # pragma: no cover
    from .rules.vocab import Vocabulary

N_FEATURES = 2 ** 18
MIN_TITLE = 2
MAX_TITLE = 30
_PUNCT = set("。，,；;！？!?：:、")
_SENTENCE = set("。，,；;！？!?")


def _kind(ch: str) -> str:
    if not ch:
        return "END"
    if ch.isspace():
        return "SP"
    if ch.isdigit():
        return "D"
    if ch in _PUNCT:
        return "P"
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    return "O"


def known_title_ends(line: str, start: int, vocab: "Vocabulary") -> dict[int, str]:
    """Offsets in ``line`` after ``start`` where a title the vocabulary knows ends: "std" for
    a standard title, "part" for a part title (spaces and debris skipped)."""
    window = line[start:start + MAX_TITLE + 10]
    nt = normalize(window, drop_spaces=True)
    mf = unify_variants(nt.text)
    out: dict[int, str] = {}
    for n in range(MIN_TITLE, len(mf) + 1):
        if mf[n - 2] in _SENTENCE:
            break
        t = mf[:n]
        end = start + nt.index[n - 1] + 1
        if vocab.standard_section(t):
            out[end] = "std"
        elif vocab.part_section(t):
            out[end] = "part"
    return out


def candidate_features(line: str, start: int, known: dict[int, str]) -> tuple[list[int], list[list[str]]]:
    """Candidate title ends after a marker ending at ``start`` and the features of each."""
    ends: list[int] = []
    feats: list[list[str]] = []
    crossed = False
    limit = min(len(line), start + MAX_TITLE)
    for p in range(start + MIN_TITLE, limit + 1):
        if line[p - 1] in _SENTENCE:
            crossed = True
        left, right = line[max(start, p - 4):p], line[p:p + 4]
        f = [f"l1={left[-1:]}", f"l2={left[-2:]}", f"l3={left[-3:]}",
             f"r1={right[:1]}", f"r2={right[:2]}", f"r3={right[:3]}", f"r4={right[:4]}",
             f"lr={left[-1:]}|{right[:1]}", f"kinds={_kind(left[-1:])}{_kind(right[:1])}",
             f"len={min(p - start, MAX_TITLE)}", f"known={known.get(p, '-')}",
             f"known_r1={known.get(p, '-')}|{_kind(right[:1])}", f"crossed={crossed}",
             f"later_known={any(k > p for k in known)}"]
        ends.append(p)
        feats.append(f)
    return ends, feats


def _hash(features: Iterable[str]) -> list[int]:
    return sorted({zlib.crc32(f.encode("utf-8")) % N_FEATURES for f in features})


@dataclass
class TitleEndModel:
    """A logistic model over hashed features of candidate title ends; see the module doc."""
    weights: np.ndarray = field(default_factory=lambda: np.zeros(N_FEATURES, dtype=np.float32))
    bias: float = 0.0
    threshold: float = 0.5
    meta: dict = field(default_factory=dict)

    def probabilities(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        z = np.array([self.weights[_hash(f)].sum() for f in feats], dtype=np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, line: str, start: int, vocab: "Vocabulary") -> int | None:
        """The end of the title that starts at ``start`` (just after its marker), or None."""
        ends, feats = candidate_features(line, start, known_title_ends(line, start, vocab))
        if not ends:
            return None
        p = self.probabilities(feats)
        best = int(p.argmax())
        return ends[best] if p[best] >= self.threshold else None

    def fit(self, examples: Iterable[tuple[str, int, int | None]], vocab: "Vocabulary", *,
            C: float = 1.0) -> "TitleEndModel":
        """``examples``: (line, title start, gold title end or None when the unit has no title
        to cut off). Needs scikit-learn."""
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
        rows: list[list[int]] = []
        y: list[int] = []
        for line, start, gold in examples:
            ends, feats = candidate_features(line, start, known_title_ends(line, start, vocab))
            for p, f in zip(ends, feats):
                rows.append(_hash(f))
                y.append(int(p == gold))
        indptr = np.cumsum([0] + [len(r) for r in rows])
        X = csr_matrix((np.ones(indptr[-1], dtype=np.float32), np.concatenate(rows or [[]]).astype(np.int64), indptr),
                       shape=(len(rows), N_FEATURES))
        clf = LogisticRegression(C=C, max_iter=2000).fit(X, np.array(y))
        self.weights = clf.coef_[0].astype(np.float32)
        self.bias = float(clf.intercept_[0])
        self.meta = {**self.meta, "candidates": len(y), "positives": int(sum(y)), "C": C}
        return self

    def save_pretrained(self, path: str | Path) -> None:
        idx = np.flatnonzero(self.weights)
        np.savez_compressed(path, index=idx.astype(np.int32), value=self.weights[idx],
                            bias=np.float64(self.bias), threshold=np.float64(self.threshold),
                            meta=np.array(json.dumps(self.meta, ensure_ascii=False)))

    @classmethod
    def from_pretrained(cls, path: str | Path) -> "TitleEndModel":
        with np.load(path, allow_pickle=False) as z:
            weights = np.zeros(N_FEATURES, dtype=np.float32)
            weights[z["index"]] = z["value"]
            return cls(weights=weights, bias=float(z["bias"]), threshold=float(z["threshold"]),
                       meta=json.loads(str(z["meta"])))


@lru_cache(maxsize=1)
def default_title_end_model() -> TitleEndModel | None:
    """The packaged model, or None when the package carries none (then no title end is cut)."""
    ref = resources.files("gainlp.data").joinpath("title_end.npz")
    if not ref.is_file():
        return None
    with resources.as_file(ref) as path:
        return TitleEndModel.from_pretrained(path)
