"""``ModelLabeler``: preprocess (lines → encoder inputs + layout features) → forward (line
vectors → document context → logits) → postprocess (calibration, Viterbi, blank lines)."""
from __future__ import annotations

import json
import os
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import numpy as np
import torch

from ..labels import ROLES, SECTIONS
from ..report import Lines, Report, Segment, split_lines
from .calibrate import softmax
from .data import Document, EncodedDocument, encode_document, tokenize_inputs
from .decode import viterbi
from .modeling import (CONFIG_NAME, Calibration, LineLabelerModel, ModelLoadError, configure_torch,
                       load_calibration, release_memory)
from .segment import expand_if_cut

BLANK = ROLES.index("blank")


_ONE_HOT_SECTIONS = np.eye(len(SECTIONS))
_ONE_HOT_ROLES = np.eye(len(ROLES))


class LinePrediction:
    """One line's section, role, confidence and probabilities. ``section_probs`` and
    ``role_probs`` are given as dicts (label → probability), or with ``rows=(i, j)`` as the
    2-D probability arrays of a whole window (columns in ``SECTIONS``/``ROLES`` order) whose
    rows ``i`` and ``j`` are this line's: the labeler builds no dicts until they are asked
    for (two dicts a line cost ~2 KB, 4.8 GB on a report of 1.8 M lines)."""

    __slots__ = ("section", "role", "confidence", "_section_probs", "_role_probs", "_rows")

    def __init__(self, section: str, role: str, confidence: float, section_probs: Mapping[str, float] | np.ndarray,
                 role_probs: Mapping[str, float] | np.ndarray, *, rows: tuple[int, int] | None = None) -> None:
        self.section = section
        self.role = role
        self.confidence = confidence
        self._section_probs = section_probs
        self._role_probs = role_probs
        self._rows = rows

    @property
    def section_probs(self) -> dict[str, float]:
        if self._rows is None:
            return dict(self._section_probs)
        return dict(zip(SECTIONS, self._section_probs[self._rows[0]].tolist()))

    @property
    def role_probs(self) -> dict[str, float]:
        if self._rows is None:
            return dict(self._role_probs)
        return dict(zip(ROLES, self._role_probs[self._rows[1]].tolist()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LinePrediction):
            return NotImplemented
        return ((self.section, self.role, self.confidence, self.section_probs, self.role_probs)
                == (other.section, other.role, other.confidence, other.section_probs, other.role_probs))

    def __repr__(self) -> str:
        return f"LinePrediction(section={self.section!r}, role={self.role!r}, confidence={self.confidence!r})"


@dataclass
class Forwarded:
    encoded: EncodedDocument
    section_logits: np.ndarray  # [non-blank lines, S]
    role_logits: np.ndarray  # [non-blank lines, R]


def encode_vectors(model: LineLabelerModel, input_ids: list[list[int]], *, pad_id: int,
                   batch_size: int = 32, encode=None) -> torch.Tensor:
    """CLS vectors of many lines. Identical inputs are encoded once (table cells such as a lone
    ``0`` between the same neighbours repeat a lot), and batches are cut by length so padding
    stays small (on CPU, batches of ~32 short lines are fastest)."""
    h = model.encoder.config.hidden_size
    encode = encode or model.encode
    first: dict[tuple[int, ...], int] = {}
    owner = [first.setdefault(tuple(x), i) for i, x in enumerate(input_ids)]
    unique = sorted(set(owner), key=lambda i: len(input_ids[i]))
    out = torch.zeros(len(input_ids), h)
    with torch.inference_mode():
        for s in range(0, len(unique), batch_size):
            chunk = unique[s:s + batch_size]
            width = max(len(input_ids[i]) for i in chunk)
            ids = torch.full((len(chunk), width), pad_id, dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for r, i in enumerate(chunk):
                ids[r, : len(input_ids[i])] = torch.tensor(input_ids[i])
                mask[r, : len(input_ids[i])] = 1
            out[chunk] = encode(ids, mask).float()
    return out[owner]


def line_vectors(model: LineLabelerModel, input_ids: list[list[int]], shallow: np.ndarray | None, *,
                 pad_id: int, batch_size: int = 32) -> torch.Tensor:
    """One vector per line: the encoder's for most lines, the mean token embedding for lines
    marked ``shallow`` (table cells and noise the rules recognise by form)."""
    if shallow is None or not shallow.any():
        return encode_vectors(model, input_ids, pad_id=pad_id, batch_size=batch_size)
    out = torch.zeros(len(input_ids), model.encoder.config.hidden_size)
    for rows, encode, bs in ((np.flatnonzero(~shallow), model.encode, batch_size),
                             (np.flatnonzero(shallow), model.shallow_encode, 256)):
        if len(rows):
            out[torch.from_numpy(rows)] = encode_vectors(model, [input_ids[i] for i in rows], pad_id=pad_id,
                                                         batch_size=bs, encode=encode)
    return out


def portable_config(config: dict, *, root: str | os.PathLike | None = None) -> dict:
    """A copy of a model folder's ``config.json`` content with nothing tied to the machine
    that wrote it: the encoder's ``_name_or_path`` (the base model's folder) and
    ``architectures`` (the head the base was pretrained with; here the encoder is a bare
    ``BertModel`` inside ``LineLabelerModel``) are dropped, and every absolute path, also
    inside a recorded command line, is made relative to ``root`` (default: the current
    directory, the project root when training runs from it). Loading reads none of these."""
    base = os.path.abspath(root if root is not None else os.getcwd())

    def rel(p: str) -> str:
        try:
            return os.path.relpath(p, base)
        except ValueError:  # another drive (Windows)
            return os.path.basename(p)

    def token(t: str) -> str:
        if os.path.isabs(t):
            return rel(t)
        key, eq, val = t.partition("=")
        return f"{key}={rel(val)}" if eq and key.startswith("-") and os.path.isabs(val) else t

    def fix(v):
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, str) and "\n" not in v:
            if os.path.isabs(v):
                return rel(v)
            if any(token(t) != t for t in v.split()):
                try:
                    return shlex.join(token(t) for t in shlex.split(v))
                except ValueError:  # unbalanced quotes: token by token
                    return " ".join(token(t) for t in v.split(" "))
        return v

    out = fix(config)
    enc = out.get("encoder")
    if isinstance(enc, dict):
        enc.pop("_name_or_path", None)
        enc.pop("architectures", None)
    return out


class ModelLabeler:
    def __init__(self, model: LineLabelerModel, tokenizer, calibration: Calibration | None = None, *,
                 batch_size: int = 32, max_window: int = 4096, window_overlap: int = 256,
                 source: str | None = None) -> None:
        if max_window <= 2 * window_overlap:
            raise ValueError("max_window must be more than twice window_overlap")
        self.max_window = max_window
        self.window_overlap = window_overlap
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.calibration = calibration or Calibration()
        self.batch_size = batch_size
        self.source = source
        self._transitions: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @classmethod
    def from_pretrained(cls, path: str | os.PathLike, *, batch_size: int = 32,
                        num_threads: int | None = None) -> "ModelLabeler":
        """Load a folder written by ``save_pretrained`` (or by ``gainlp train``). A missing,
        incomplete or corrupt folder raises ``ModelLoadError``; anything else propagates."""
        configure_torch(num_threads)
        model = LineLabelerModel.from_pretrained(path)
        from .tokenizer import LineTokenizer
        if not (Path(path) / "tokenizer.json").is_file():
            raise ModelLoadError(path, "tokenizer files: tokenizer.json is missing")
        try:
            tokenizer = LineTokenizer(path)
        except (OSError, ValueError, KeyError) as e:  # unreadable tokenizer files
            raise ModelLoadError(path, f"tokenizer files: {e}") from None
        except Exception as e:
            if type(e) is not Exception:  # a bug (TypeError, AttributeError, ...) is not a broken folder
                raise
            # the tokenizers library reports a malformed tokenizer.json as a bare Exception
            raise ModelLoadError(path, f"tokenizer files: {e}") from None
        return cls(model, tokenizer, load_calibration(path), batch_size=batch_size, source=str(path))

    def save_pretrained(self, path: str | os.PathLike, *, root: str | os.PathLike | None = None) -> None:
        """Write this labeler as a folder ``from_pretrained`` loads: ``config.json``
        (``portable_config``: no absolute paths; ``root`` as there), ``model.safetensors``
        and ``encoder/`` (the BERT encoder as ``BertModel.from_pretrained`` reads it; see
        ``gainlp.model.modeling``), the tokenizer files and ``calibration.json``."""
        self.model.save_pretrained(path, tokenizer=self.tokenizer, calibration=self.calibration)
        cfg = Path(path) / CONFIG_NAME
        d = portable_config(json.loads(cfg.read_text(encoding="utf-8")), root=root)
        cfg.write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")

    # -- pipeline steps ---------------------------------------------------------------------
    def preprocess(self, lines: list[str], rule_labels: list[tuple[str, str]] | None = None,
                   fmt: str | None = None) -> tuple[EncodedDocument, list[list[int]]]:
        cfg = self.model.config
        enc = encode_document(Document(list(lines)), cfg.spec, use_rules=cfg.rule_features,
                              shallow_form_lines=cfg.shallow_form_lines, rule_labels=rule_labels,
                              fmt=fmt)
        ids = tokenize_inputs(self.tokenizer, enc.inputs, self.model.config.spec.max_length)
        return enc, ids

    def forward(self, enc: EncodedDocument, input_ids: list[list[int]]) -> Forwarded:
        if not enc.idx:
            return Forwarded(enc, np.zeros((0, len(SECTIONS))), np.zeros((0, len(ROLES))))
        vecs = line_vectors(self.model, input_ids, enc.shallow, pad_id=self.tokenizer.pad_token_id,
                            batch_size=self.batch_size)
        with torch.inference_mode():
            sec, role = self.model.context_logits(vecs[None], torch.from_numpy(enc.features)[None])
        return Forwarded(enc, sec[0].numpy().astype(np.float64), role[0].numpy().astype(np.float64))

    def postprocess(self, fw: Forwarded, n_lines: int) -> list[LinePrediction]:
        cal = self.calibration
        sec_p = softmax(fw.section_logits, cal.section_temperature)
        role_logits = fw.role_logits.copy()
        role_logits[:, BLANK] = -1e9  # non-blank lines are never `blank`
        role_p = softmax(role_logits, cal.role_temperature)
        path = viterbi(np.log(sec_p + 1e-12), *self._transition_logp(fw.encoded.format), cal.viterbi_weight,
                       fw.encoded.keep)
        preds: list[LinePrediction | None] = [None] * n_lines
        for k, i in enumerate(fw.encoded.idx):
            s, r = int(path[k]), int(role_p[k].argmax())
            preds[i] = LinePrediction(SECTIONS[s], ROLES[r], float(min(sec_p[k, s], role_p[k, r])),
                                      sec_p, role_p, rows=(k, k))
        prev_sec = "front"
        for i in range(n_lines):
            if preds[i] is None:  # rule 7: blank lines take the section of the previous line
                preds[i] = LinePrediction(prev_sec, "blank", 1.0, _ONE_HOT_SECTIONS, _ONE_HOT_ROLES,
                                          rows=(SECTIONS.index(prev_sec), BLANK))
            prev_sec = preds[i].section
        return preds  # type: ignore[return-value]

    def _transition_logp(self, fmt: str) -> tuple[np.ndarray, np.ndarray]:
        if fmt not in self._transitions:
            cal = self.calibration
            trans, start = self.model.transition_logp(cal.transition_alpha, fmt, cal.format_prior)
            self._transitions[fmt] = (trans.numpy(), start.numpy())
        return self._transitions[fmt]

    # -- public API -------------------------------------------------------------------------
    def predict_segments(self, lines: list[str], *, rule_labels: list[tuple[str, str]] | None = None,
                         fmt: str | None = None) -> list[list[tuple[int, int, LinePrediction]]]:
        """Per line, its segments as (start, end, prediction); one per line except for a
        whole report flattened onto one line (see ``segment``)."""
        return list(self.iter_line_segments(lines, rule_labels=rule_labels, fmt=fmt))

    def iter_line_segments(self, lines: Sequence[str], *, rule_labels: list[tuple[str, str]] | None = None,
                           fmt: str | None = None) -> Iterator[list[tuple[int, int, LinePrediction]]]:
        """``predict_segments`` one line at a time, in order (window by window, see
        ``iter_segments``)."""
        cur: list[tuple[int, int, LinePrediction]] = []
        at = 0
        for i, a, b, p in self.iter_segments(lines, rule_labels=rule_labels, fmt=fmt):
            while at < i:
                yield cur
                cur, at = [], at + 1
            cur.append((a, b, p))
        while at < len(lines):
            yield cur
            cur, at = [], at + 1

    def iter_segments(self, lines: Sequence[str], *, rule_labels: list[tuple[str, str]] | None = None,
                      fmt: str | None = None) -> Iterator[tuple[int, int, int, LinePrediction]]:
        """The segments of ``predict_segments`` as (line, start, end, prediction), in text
        order, computed window by window (``_predict_windows``): a caller that keeps only
        what it needs of each prediction holds one window's predictions at a time."""
        pseudo, origin = expand_if_cut(lines)
        if origin is not None:
            rule_labels = None  # labels of the original lines do not fit the cut ones
        if fmt is None:
            from ..formats import detect_format
            fmt = detect_format("\n".join(lines))
        pending: tuple[int, int, int, LinePrediction] | None = None
        k = 0
        for preds in self._predict_windows(pseudo, rule_labels, fmt):
            for p in preds:
                i, a, b = origin[k] if origin is not None else (k, 0, len(lines[k]))
                k += 1
                if pending is not None and pending[0] == i:
                    p0, blank = pending[3], not lines[i][a:b].strip()
                    if blank or (p0.section, p0.role) == (p.section, p.role):
                        pending = (i, pending[1], b, p0 if blank or p0.confidence <= p.confidence else p)
                        continue
                if pending is not None:
                    yield pending
                pending = (i, a, b, p)
        if pending is not None:
            yield pending
        release_memory()

    def _predict_windows(self, lines: list[str], rule_labels: list[tuple[str, str]] | None,
                         fmt: str) -> Iterator[list[LinePrediction]]:
        """Predictions for a whole document, in consecutive chunks; one longer than
        ``max_window`` lines goes through the network in overlapping windows (each line keeps
        the prediction of the window in which it is farthest from an edge), so memory stays
        bounded on huge reports."""
        n, w, ov = len(lines), self.max_window, self.window_overlap
        if n <= w:
            enc, ids = self.preprocess(lines, rule_labels, fmt)
            yield self.postprocess(self.forward(enc, ids), n)
            return
        step = w - 2 * ov
        for start in range(0, n, step):
            a, b = max(0, start - ov), min(n, start + step + ov)
            enc, ids = self.preprocess(lines[a:b], rule_labels[a:b] if rule_labels else None, fmt)
            preds = self.postprocess(self.forward(enc, ids), b - a)
            yield preds[start - a: min(n, start + step) - a]

    def predict_lines(self, lines: list[str], *, rule_labels: list[tuple[str, str]] | None = None,
                      fmt: str | None = None) -> list[LinePrediction]:
        """Labels for every line of ONE document (the context layer looks at all of them).
        A segmented line reports its first segment, as ``Report.line_labels`` does.
        ``rule_labels`` — (section, role) per line from the rules engine, if already at hand
        (otherwise a model with rule features runs the rules itself); ``fmt`` — the report's
        format from ``gainlp.formats.detect_format``, if already at hand."""
        return [segs[0][2] for segs in self.predict_segments(lines, rule_labels=rule_labels, fmt=fmt)]

    def label(self, text: str, *, source: str | None = None,
              rule_labels: list[tuple[str, str]] | None = None, fmt: str | None = None) -> Report:
        """The model's own segments and labels for ``text`` (``engine="model"``).
        ``rule_labels``/``fmt``: the rules' labels per line and the detected format, when
        the caller already has them (the pipeline passes its rules report's)."""
        from ..formats import detect_format
        lines = split_lines(text)
        return self.label_lines(text, lines, source=source, rule_labels=rule_labels, fmt=fmt or detect_format(text))

    def label_lines(self, text: str, lines: Lines, *, source: str | None = None,
                    rule_labels: list[tuple[str, str]] | None = None, fmt: str | None = None) -> Report:
        """``label`` on ``text`` already split into ``lines`` (``report.split_lines``; the
        pipeline passes its rules report's)."""
        if not isinstance(lines, Lines):
            lines = split_lines(text)
        segments = []
        for i, a, b, p in self.iter_segments(lines.texts(), rule_labels=rule_labels, fmt=fmt):
            start = lines.start_of(i)
            segments.append(Segment(start + a, start + b, i, p.section, p.role, p.confidence, engine="model"))
        return Report(text=text, segments=segments, lines=lines, source=source, engine="model", format=fmt)
