"""The learned half of the segmenter: where a flattened line is cut, beyond what rules know.

Two small logistic models over hashed character features, trained on synthetic reports
flattened as crawlers do (``training/train_cuts.py``; no real report is read) and shipped
as package data (``gainlp/data/cuts/*.npz``), so that the rules engine and the model engine
cut alike. Inference needs numpy only.

* ``BoundaryModel`` decides which candidate positions of a flattened line start a new unit.
  Candidates are the rules' cuts, every numbering marker (``一、`` ``一 `` ``（一）`` ``1. ``
  ``第一部分``) and every short standard title after a break (``总体情况``); features are the
  characters on both sides, the marker's kind, whether it continues the count of the
  markers before it, whether the vocabulary knows the title after it, whether a table runs
  there, and whether the rules cut there. The rules' cuts are kept; a new cut is added where
  the model is sure of it (``thresholds["add"]``).
* ``TitleEndModel`` decides where a heading's title ends when the text runs straight on
  (``一、健全组织、强化领导根据县政府…``, ``6. 收费及减免情况本年度…``): every position 2–30
  characters after the marker is a candidate, and the best is cut when its probability
  reaches ``thresholds["cut"]``; a numbered paragraph (``1、加强领导，明确专人负责。``) has no title
  to cut off.
"""
from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

import numpy as np

from .normalize import normalize, unify_variants
from .numbering import CN_NUMERALS as _CN
from .numbering import PART_SEPARATORS, PART_TITLE_ENDINGS, SENTENCE_PUNCT, TITLE_BREAK

if TYPE_CHECKING:  # pragma: no cover
    from .rules.vocab import Vocabulary
    from .segment import RuleCuts

N_FEATURES = 2 ** 18
MIN_TITLE = 2
MAX_TITLE = 30
_PUNCT = set("。，,；;！？!?：:、")
# every numbering marker that may open a unit, as the heading grammar writes them
CANDIDATE_MARKER = re.compile(
    rf"(?<![{_CN}第\d])[{_CN}]{{1,2}}[ \t\u3000]*[{PART_SEPARATORS}](?!是)"
    rf"|(?<![{_CN}第\d])[{_CN}]{{1,2}}[ \u3000]+(?=[^\s是])"
    rf"|第[{_CN}]{{1,2}}部分"
    rf"|[（(][{_CN}]{{1,2}}[）)]"
    r"|[（(]\d{1,2}[）)]"
    r"|(?<![\d.．])\d{1,2}[、.．](?!\d)")


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


def _bucket(x: int) -> int:
    return min(int(x).bit_length(), 14)


def title_prefixes(window: str) -> Iterator[tuple[str, int]]:
    """Each prefix of ``window`` that could be a title, in match form (spaces and debris
    dropped, Simplified, NFKC), with its end offset in ``window``; shortest first, up to the
    first sentence punctuation (a title holds none)."""
    nt = normalize(window, drop_spaces=True)
    mf = unify_variants(nt.text)
    for n in range(MIN_TITLE, len(mf) + 1):
        if mf[n - 2] in SENTENCE_PUNCT:
            return
        yield mf[:n], nt.index[n - 1] + 1


def known_title_ends(line: str, start: int, vocab: "Vocabulary") -> dict[int, str]:
    """Offsets in ``line`` after ``start`` where a title the vocabulary knows ends: "std" for
    a standard title, "part" for a part title that ends like one or before a break."""
    window = line[start:start + MAX_TITLE + 10]
    out: dict[int, str] = {}
    for t, end in title_prefixes(window):
        if vocab.standard_section(t):
            out[start + end] = "std"
        elif (t.endswith(PART_TITLE_ENDINGS) or end >= len(window) or window[end] in TITLE_BREAK) \
                and vocab.part_section(t):
            out[start + end] = "part"
    return out


@lru_cache(maxsize=1 << 17)
def _index(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % N_FEATURES


def _hash(features: Iterable[str]) -> list[int]:
    return sorted({_index(f) for f in features})


@dataclass
class HashedLogistic:
    """Logistic regression over hashed string features, saved as a sparse ``.npz``."""
    weights: np.ndarray = field(default_factory=lambda: np.zeros(N_FEATURES, dtype=np.float32))
    bias: float = 0.0
    thresholds: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    def probabilities(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        w = self.weights
        z = np.array([w[_hash(f)].sum() for f in feats], dtype=np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def fit_rows(self, feats: Sequence[Sequence[str]], y: Sequence[int], *, C: float = 1.0) -> "HashedLogistic":
        """Fit on feature lists and 0/1 targets. Needs scikit-learn."""
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
        rows = [_hash(f) for f in feats]
        indptr = np.cumsum([0] + [len(r) for r in rows])
        cols = np.concatenate(rows).astype(np.int64) if rows else np.zeros(0, dtype=np.int64)
        X = csr_matrix((np.ones(indptr[-1], dtype=np.float32), cols, indptr), shape=(len(rows), N_FEATURES))
        clf = LogisticRegression(C=C, max_iter=3000).fit(X, np.asarray(y))
        self.weights = clf.coef_[0].astype(np.float32)
        self.bias = float(clf.intercept_[0])
        self.meta = {**self.meta, "candidates": len(y), "positives": int(sum(y)), "C": C}
        return self

    def save_pretrained(self, path: str | Path) -> None:
        idx = np.flatnonzero(self.weights)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, index=idx.astype(np.int32), value=self.weights[idx], bias=np.float64(self.bias),
                            config=np.array(json.dumps({"type": type(self).__name__, "thresholds": self.thresholds,
                                                        "meta": self.meta}, ensure_ascii=False)))

    @classmethod
    def from_pretrained(cls, path: str | Path):
        with np.load(path, allow_pickle=False) as z:
            config = json.loads(str(z["config"]))
            if config.get("type") != cls.__name__:
                raise ValueError(f"{path}: holds a {config.get('type')}, not a {cls.__name__}")
            weights = np.zeros(N_FEATURES, dtype=np.float32)
            weights[z["index"]] = z["value"]
            return cls(weights=weights, bias=float(z["bias"]), thresholds=config["thresholds"], meta=config["meta"])


# -- title ends -------------------------------------------------------------------------------

def title_end_candidates(line: str, start: int, known: dict[int, str]) -> tuple[list[int], list[list[str]]]:
    """Candidate title ends after a marker ending at ``start`` and the features of each."""
    ends: list[int] = []
    feats: list[list[str]] = []
    limit = min(len(line), start + MAX_TITLE)
    for p in range(start + MIN_TITLE, limit + 1):
        if line[p - 2] in SENTENCE_PUNCT:
            break  # a title holds no sentence punctuation: it ends before the first one at the latest
        left, right = line[max(start, p - 4):p], line[p:p + 4]
        ends.append(p)
        feats.append([f"l1={left[-1:]}", f"l2={left[-2:]}", f"l3={left[-3:]}",
                      f"r1={right[:1]}", f"r2={right[:2]}", f"r3={right[:3]}", f"r4={right[:4]}",
                      f"lr={left[-1:]}|{right[:1]}", f"kinds={_kind(left[-1:])}{_kind(right[:1])}",
                      f"len={min(p - start, MAX_TITLE)}", f"known={known.get(p, '-')}",
                      f"known_r1={known.get(p, '-')}|{_kind(right[:1])}",
                      f"later_known={any(k > p for k in known)}"])
    return ends, feats


class TitleEndModel(HashedLogistic):
    def predict(self, line: str, start: int, vocab: "Vocabulary") -> int | None:
        """The end of the title that starts at ``start`` (just after its marker), or None."""
        ends, feats = title_end_candidates(line, start, known_title_ends(line, start, vocab))
        if not ends:
            return None
        p = self.probabilities(feats)
        best = int(p.argmax())
        return ends[best] if p[best] >= self.thresholds.get("cut", 0.5) else None

    def fit(self, examples: Iterable[tuple[str, int, int | None]], vocab: "Vocabulary", *,
            C: float = 1.0) -> "TitleEndModel":
        """``examples``: (line, title start, gold title end or None when the unit has no
        title to cut off)."""
        feats: list[list[str]] = []
        y: list[int] = []
        for line, start, gold in examples:
            ends, fs = title_end_candidates(line, start, known_title_ends(line, start, vocab))
            feats += fs
            y += [int(p == gold) for p in ends]
        self.fit_rows(feats, y, C=C)
        self.thresholds.setdefault("cut", 0.5)
        return self


# -- unit boundaries --------------------------------------------------------------------------

_BREAK_BEFORE = set(" \t\u3000。；;！？!?：:|）)]】0123456789")


def boundary_candidates(line: str, found: "RuleCuts", vocab: "Vocabulary") -> tuple[list[int], set[int]]:
    """Positions where a unit may start, in order: the rules' cuts, every numbering marker
    (also returned apart), and every short standard title after a break (``…查阅。总体情况2020年…``)."""
    markers = {m.start() for m in CANDIDATE_MARKER.finditer(line) if m.start() > 0}
    cands = {c for c in found.cuts if 0 < c < len(line)} | markers
    cands.update(m.start() for m in vocab.short_title_re.finditer(found.simple)  # type: ignore[attr-defined]
                 if m.start() > 0 and line[m.start() - 1] in _BREAK_BEFORE)
    return sorted(cands), markers


def boundary_features(line: str, candidates: Sequence[int], markers: set[int], found: "RuleCuts",
                      vocab: "Vocabulary", *, skip: set[int] = frozenset()) -> list[list[str]]:  # type: ignore[assignment]
    """The features of each candidate not in ``skip`` (see the module doc), in order;
    ``markers``: the candidates that open with a numbering marker."""
    from bisect import bisect_right

    from .rules.headings import NO_MARKER, parse_marker
    rule_cuts, table_starts = found.cuts, found.table_starts
    # the rules' part headings: a table runs at a candidate when it started after the last of them
    parsed = {c: parse_marker(line[c:c + 16]) for c in markers}
    heads = sorted(c for c in rule_cuts if c in parsed and parsed[c].level == 1)
    last_value: dict[str, int] = {}
    out: list[list[str]] = []
    prev = 0
    for c in candidates:
        marker = parsed.get(c, NO_MARKER)
        kind = marker.kind if marker.level else "none"
        seq = "-"
        if marker.level:  # does it continue the count of the markers of its kind before it?
            before = last_value.get(kind)
            seq = "first" if before is None and marker.value == 1 else (
                "next" if before is not None and marker.value == before + 1 else "other")
            last_value[kind] = marker.value
        if c in skip:
            prev = c
            continue
        rule = int(c in rule_cuts)
        ends = known_title_ends(line, c + marker.end, vocab) if marker.level or line[c - 1] in _BREAK_BEFORE else {}
        known = "std" if "std" in ends.values() else ("part" if ends else "-")
        t = bisect_right(table_starts, c)
        h = bisect_right(heads, c - 1)
        table = "-" if t == 0 else ("in" if h == 0 or heads[h - 1] < table_starts[t - 1] else "after")
        left, right = line[max(0, c - 3):c], line[c:c + 4]
        lk = _kind(left[-1:])
        out.append([f"rule={rule}", f"mk={kind}", f"mk_rule={kind}|{rule}", f"known={known}",
                    f"known_rule={known}|{rule}", f"mk_known={kind}|{known}", f"seq={kind}|{seq}",
                    f"l1={left[-1:]}", f"l2={left[-2:]}", f"r1={right[:1]}", f"r2={right[:2]}", f"r3={right[:3]}",
                    f"r4={right[:4]}", f"lk={lk}", f"lk_mk={lk}|{kind}", f"lk_rule={lk}|{rule}",
                    f"table={table}", f"table_mk={table}|{kind}", f"gap={_bucket(c - prev)}"])
        prev = c
    return out


class BoundaryModel(HashedLogistic):
    def decide(self, line: str, found: "RuleCuts", vocab: "Vocabulary") -> set[int]:
        """The cuts of ``line``: the rules' cuts (``found``), and the other candidates the model
        is sure of (probability at least ``thresholds["add"]``). It is trained on every
        candidate, the rules' cuts included, but never drops one: a rule cut it doubts is at
        worst a unit that its neighbour's label also fits."""
        cands, markers = boundary_candidates(line, found, vocab)
        new = [c for c in cands if c not in found.cuts]
        if not new:
            return set(found.cuts)
        p = self.probabilities(boundary_features(line, cands, markers, found, vocab, skip=found.cuts))
        add = self.thresholds.get("add", 0.9)
        return set(found.cuts) | {c for c, q in zip(new, p) if q >= add}


@lru_cache(maxsize=4)
def _packaged(name: str, cls: type) -> HashedLogistic | None:
    ref = resources.files("gainlp.data").joinpath(f"cuts/{name}")
    if not ref.is_file():
        return None
    with resources.as_file(ref) as path:
        return cls.from_pretrained(path)


def default_title_end_model() -> TitleEndModel | None:
    """The packaged title-end model, or None when the package carries none."""
    return _packaged("title_end.npz", TitleEndModel)  # type: ignore[return-value]


def default_boundary_model() -> BoundaryModel | None:
    """The packaged boundary model, or None when the package carries none."""
    return _packaged("boundaries.npz", BoundaryModel)  # type: ignore[return-value]


def load_cut_models(cuts: str | Path | None = "default") -> tuple[BoundaryModel | None, TitleEndModel | None]:
    """(boundary model, title-end model): "default" the packaged ones, None neither (the
    rules' cuts alone), or a folder holding ``boundaries.npz`` and/or ``title_end.npz``."""
    if cuts is None:
        return None, None
    if cuts == "default":
        return default_boundary_model(), default_title_end_model()
    folder = Path(cuts)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder of learned cuts (boundaries.npz, title_end.npz)")
    b, t = folder / "boundaries.npz", folder / "title_end.npz"
    return (BoundaryModel.from_pretrained(b) if b.is_file() else None,
            TitleEndModel.from_pretrained(t) if t.is_file() else None)
