"""Training documents: gold TSVs, synthetic reports, and their line-level encoder inputs."""
from __future__ import annotations

import os
import random
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from ..labels import ROLES, SECTIONS
from ..report import Report, split_lines
from .features import (ContextSpec, context_strings, form_mask, is_blank, layout_features, rule_features,
                       section_kept)

SEC_ID = {s: i for i, s in enumerate(SECTIONS)}
ROLE_ID = {r: i for i, r in enumerate(ROLES)}


@dataclass
class Document:
    lines: list[str]
    sections: list[str] | None = None
    roles: list[str] | None = None
    source: str = "<text>"
    weight: float = 1.0
    #: the report this document was made from: its file name, or for a derived copy (a
    #: ``# derived: NAME …`` comment, as ``train_default.flattened_copies`` writes) NAME.
    #: Dev splits and folds keep a report and its copies on the same side.
    origin: str = ""

    @classmethod
    def from_report(cls, report: Report, *, weight: float = 1.0) -> "Document":
        """One training line per segment that ``gainlp.segment`` cuts (as at inference),
        labeled by the gold segment under its first non-blank character."""
        from .segment import expand
        pseudo, origin = expand([ln.text for ln in report.lines])
        if len(pseudo) == len(report.lines):
            labels = report.line_labels()
        else:
            starts = [seg.start for seg in report.segments]
            labels = []
            for text, (i, a, _) in zip(pseudo, origin):
                at = report.lines[i].start + a + (len(text) - len(text.lstrip()))
                seg = report.segments[max(0, bisect_right(starts, at) - 1)]
                labels.append((seg.section, seg.role if text.strip() else "blank"))
        source = report.source or "<report>"
        return cls(pseudo, [s for s, _ in labels], [r for _, r in labels], source, weight,
                   origin=_origin(report.meta.get("comments", []), source))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _origin(comments: list[str], source: str) -> str:
    for c in comments:
        words = c[len("derived:"):].split() if c.startswith("derived:") else []
        if words:
            return words[0]
    return Path(source).name


@dataclass
class EncodedDocument:
    """A document ready for the network: non-blank line indices, encoder strings, features."""
    doc: Document
    idx: list[int]
    inputs: list[str]
    features: np.ndarray
    section_ids: np.ndarray | None
    role_ids: np.ndarray | None
    shallow: np.ndarray | None = None  # lines represented without the transformer layers
    format: str = "unknown"  # detected by gainlp.formats (as at inference, never from gold)
    keep: np.ndarray | None = None  # lines that cannot change top-level section (``section_kept``)


def expand_paths(items: Iterable[str | os.PathLike], exts: tuple[str, ...]) -> list[Path]:
    """Files given directly, plus files with one of ``exts`` under given directories (sorted)."""
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in exts)
        elif p.is_file():
            out.append(p)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    return out


def load_gold(items: Iterable[str | os.PathLike], *, weight: float = 1.0) -> list[Document]:
    from ..annotation import read_tsv
    return [Document.from_report(read_tsv(p), weight=weight) for p in expand_paths(items, (".tsv",))]


def read_text_file(path: str | os.PathLike) -> str:
    """Plain text of a ``.tsv`` (its raw lines) or any document the readers understand."""
    p = Path(path)
    if p.suffix.lower() == ".tsv":
        from ..annotation import read_tsv
        return read_tsv(p).text
    if p.suffix.lower() != ".txt":
        try:
            from ..readers import read_document  # written elsewhere; optional here
            return read_document(p).text
        except ImportError:
            pass
    return p.read_text(encoding="utf-8-sig", errors="replace")


def synth_available() -> bool:
    try:
        from ..synth import generate  # noqa: F401
    except ImportError:
        return False
    return True


def synthetic_documents(n: int, *, seed: int, split: str = "train") -> list[Document]:
    if n <= 0:
        return []
    from ..synth import generate
    return [Document.from_report(r) for r in generate(n, seed=seed, split=split)]


def encode_document(doc: Document, spec: ContextSpec, *, use_rules: bool = False,
                    shallow_form_lines: bool = False,
                    rule_labels: list[tuple[str, str]] | None = None,
                    fmt: str | None = None) -> EncodedDocument:
    """``shallow_form_lines`` (needs ``use_rules``) marks the lines whose rules role is one
    of ``FORM_ROLES``; the labeler represents them by their mean token embedding instead of
    running the encoder on them. ``fmt``: the report's detected format, if already known."""
    if fmt is None:
        from ..formats import detect_format
        fmt = detect_format(doc.text)
    idx, inputs = context_strings(doc.lines, spec)
    feats = layout_features(doc.lines, idx)
    shallow = keep = None
    if use_rules:
        rules = rule_features(doc.lines, idx, rule_labels)
        feats = np.concatenate([feats, rules], axis=1)
        keep = section_kept(doc.lines, idx, rules)
        if shallow_form_lines:
            shallow = form_mask(rules)
    sec = role = None
    if doc.sections is not None and doc.roles is not None:
        sec = np.array([SEC_ID[doc.sections[i]] for i in idx], dtype=np.int64)
        # A non-blank line annotated blank is an annotation slip; train it as noise.
        role = np.array([ROLE_ID[doc.roles[i] if doc.roles[i] != "blank" else "noise"] for i in idx],
                        dtype=np.int64)
    return EncodedDocument(doc, idx, inputs, feats, sec, role, shallow, fmt, keep)


def report_groups(docs: list[Document]) -> list[list[Document]]:
    """The documents grouped by the report they come from (``Document.origin``; a document
    without one is its own group), in first-seen order."""
    groups: dict[object, list[Document]] = {}
    for i, d in enumerate(docs):
        groups.setdefault(d.origin or i, []).append(d)
    return list(groups.values())


def split_dev(docs: list[Document], fraction: float, *, seed: int) -> tuple[list[Document], list[Document]]:
    """Hold out ``fraction`` of the reports (at least one when there are ≥ 4), shuffled with
    ``seed``; a report's derived copies go with it (``report_groups``), so no copy of a dev
    report is trained on."""
    groups = report_groups(docs)
    random.Random(seed).shuffle(groups)
    n_dev = int(round(len(groups) * fraction))
    if len(groups) >= 4:
        n_dev = max(1, n_dev)
    n_dev = min(n_dev, len(groups) - 1) if groups else 0
    return [d for g in groups[n_dev:] for d in g], [d for g in groups[:n_dev] for d in g]


def text_document(text: str, source: str = "<text>") -> Document:
    return Document([ln.text for ln in split_lines(text)], source=source)


def tokenize_inputs(tokenizer, inputs: list[str], max_length: int) -> list[list[int]]:
    if not inputs:
        return []
    enc = tokenizer(inputs, truncation=True, max_length=max_length, add_special_tokens=True)
    return enc["input_ids"]


def blank_mask(lines: list[str]) -> list[bool]:
    return [is_blank(ln) for ln in lines]
