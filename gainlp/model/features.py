"""What the model sees of a line: marker tokens + normalized characters, its neighbours'
edges as context, and a small vector of layout features for the document-level layer.

Markers are computed on the raw line (before NFKC, which would turn ``①`` into ``1``):

* ``[TAB]`` line starts with a tab (tab-per-cell tables); ``[IND]`` starts with spaces
* ``[CELL]`` a cell separator inside the line (``|``, ``｜`` or a tab)
* ``[SP]`` a run of whitespace inside the line (spaced digits, two header cells on a line)
* ``[N0]``…``[N5]`` numbering at the line start: none, 一、, （一）, 1、/1., （1）, ①
* ``[NUM]`` number-only line, ``[PAGE]`` page-number-like line (``- 3 -``, ``第2页``)
* ``[EMPTY]`` one or more blank lines separate this line from the neighbour shown next to it
* ``[CUT]`` the middle of a long line was left out
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ..labels import FORM_ROLES, ROLES, SECTIONS, top_section
from ..rules.headings import line_marker
from .tokenizer import normalize

_LEAD_JUNK = re.compile(r"^(?:\[bookmark:[^\]]*\]|[?？]{2,}|[\s\x0c\u3000])+")
# the model's marker token for each kind of the one heading grammar (rules.headings)
_MARKER_TOKEN = {"part": "[N1]", "cn_dun": "[N1]", "cn_paren": "[N2]", "arabic_dun": "[N3]",
                 "arabic_dot": "[N3]", "arabic_paren": "[N4]", "circled": "[N5]"}
NUMBERING_MARKERS: tuple[str, ...] = ("[N0]", "[N1]", "[N2]", "[N3]", "[N4]", "[N5]")
_NUMBER_ONLY = re.compile(
    r"^[+\-－−]?\s*[0-9０-９][0-9０-９.,，．\s]*(?:%|％|万元|亿元|元|件|条|个|次|人|家|项|期)?$")
_PAGE = re.compile(r"^(?:[-－—–]\s*[0-9０-９]{1,3}\s*[-－—–]|第\s*[0-9０-９]+\s*页(?:\s*[,，/]?\s*共\s*[0-9０-９]+\s*页)?)$")
_CELL_CHARS = "|｜\t"
_WS = re.compile(r"[\s\x0c\u3000]+")

N_FEATURES = 23


def is_blank(raw: str) -> bool:
    """Whitespace only (a lone tab, a form feed): role ``blank`` by definition."""
    return not raw.strip()


def core_text(raw: str) -> str:
    """The line without leading junk and surrounding whitespace (raw characters)."""
    return _LEAD_JUNK.sub("", raw).strip()


def numbering(raw: str) -> str:
    return _MARKER_TOKEN.get(line_marker(raw).kind, "[N0]")


def line_markers(raw: str) -> list[str]:
    marks: list[str] = []
    body = raw.lstrip("\x0c")
    if body.startswith("\t"):
        marks.append("[TAB]")
    elif body[:1] in (" ", "\u3000"):
        marks.append("[IND]")
    marks.append(numbering(raw))
    core = raw.strip()
    if _PAGE.match(core):
        marks.append("[PAGE]")
    elif _NUMBER_ONLY.match(core):
        marks.append("[NUM]")
    return marks


def line_units(raw: str) -> tuple[list[str], list[int]]:
    """The normalized content of a line as units (one char or one marker each) and, per unit,
    the index of its character in ``normalize(raw.strip())`` (-1 for markers)."""
    text = normalize(raw.strip("\x0c \t\r\u3000"))
    units: list[str] = []
    src: list[int] = []
    for i, ch in enumerate(text):
        if ch in _CELL_CHARS:
            units.append("[CELL]")
            src.append(-1)
        elif ch.isspace() or ch == "\x0c":
            if units and units[-1] != "[SP]":
                units.append("[SP]")
                src.append(-1)
        else:
            units.append(ch)
            src.append(i)
    return units, src


@dataclass(frozen=True)
class ContextSpec:
    prev_chars: int = 8
    line_chars: int = 36
    next_chars: int = 8
    max_length: int = 64


def _clip_line(units: list[str], n: int) -> list[str]:
    if len(units) <= n:
        return units
    tail = max(2, n // 8)
    return units[: n - tail - 1] + ["[CUT]"] + units[-tail:]


def context_strings(lines: list[str], spec: ContextSpec = ContextSpec()) -> tuple[list[int], list[str]]:
    """For one document: the indices of its non-blank lines and, for each, the encoder input
    ``prev-tail [SEP] markers line [SEP] next-head`` as one string ([CLS]/final [SEP] are
    added by the tokenizer)."""
    idx = [i for i, ln in enumerate(lines) if not is_blank(ln)]
    units = [line_units(lines[i])[0] for i in idx]
    out: list[str] = []
    for k, i in enumerate(idx):
        prev = units[k - 1][-spec.prev_chars:] if k > 0 else []
        nxt = units[k + 1][: spec.next_chars] if k + 1 < len(idx) else []
        gap_before = ["[EMPTY]"] if (i > 0 and is_blank(lines[i - 1])) else []
        gap_after = ["[EMPTY]"] if (i + 1 < len(lines) and is_blank(lines[i + 1])) else []
        seq = (prev + ["[SEP]"] + gap_before + line_markers(lines[i])
               + _clip_line(units[k], spec.line_chars) + ["[SEP]"] + gap_after + nxt)
        out.append("".join(seq))
    return idx, out


def layout_features(lines: list[str], idx: list[int]) -> np.ndarray:
    """``N_FEATURES`` numbers per non-blank line (rows follow ``idx``)."""
    n = len(idx)
    feats = np.zeros((n, N_FEATURES), dtype=np.float32)
    doc_size = math.log1p(n) / 10
    for k, i in enumerate(idx):
        raw = lines[i]
        core = raw.strip()
        f = feats[k]
        f[0] = float(i > 0 and is_blank(lines[i - 1]))
        f[1] = float(i + 1 < len(lines) and is_blank(lines[i + 1]))
        f[2] = k / max(1, n - 1)
        f[3] = math.log1p(len(core)) / 5
        f[4] = float(core.endswith(("。", ".")))
        f[5] = float(core.endswith(("：", ":")))
        f[6] = float(core.endswith(("；", ";", "，", ",", "、")))
        f[7] = float(any(c in core for c in _CELL_CHARS))
        body = raw.lstrip("\x0c")
        f[8] = float(body.startswith("\t"))
        f[9] = float(body[:1] in (" ", "\u3000"))
        f[10 + NUMBERING_MARKERS.index(numbering(raw))] = 1.0
        marks = line_markers(raw)
        f[16] = float("[NUM]" in marks)
        f[17] = float("[PAGE]" in marks)
        digits = sum(c.isdigit() for c in core)
        f[18] = digits / max(1, len(core))
        f[19] = sum("\u4e00" <= c <= "\u9fff" for c in core) / max(1, len(core))
        f[20] = doc_size
        f[21] = float(k == 0)
        f[22] = float(k == n - 1)
    return feats


def form_mask(rule_feats: np.ndarray) -> np.ndarray:
    """Per non-blank line: did the rules give it a role recognised by form (``FORM_ROLES``)?
    ``rule_feats`` is the output of ``rule_features``."""
    cols = [len(SECTIONS) + ROLES.index(r) for r in sorted(FORM_ROLES)]
    return rule_feats[:, cols].sum(axis=1) > 0


#: numbering forms of level 3 and below (1、 （1） ①), which never change the section (docs/schema.md rule 2)
LOW_LEVEL_MARKERS: frozenset[str] = frozenset({"[N3]", "[N4]", "[N5]"})


def section_kept(lines: list[str], idx: list[int], rule_feats: np.ndarray) -> np.ndarray:
    """Per non-blank line: must it stay in the top-level section of the line before it?
    True for lines numbered like level 3 where the rules keep the top-level section too —
    the rules tell a damaged part heading (``3、 收到和处理…``) from a true level-3 line."""
    top = [top_section(SECTIONS[s]) for s in rule_feats[:, : len(SECTIONS)].argmax(axis=1)]
    keep = np.zeros(len(idx), dtype=bool)
    for k in range(1, len(idx)):
        keep[k] = top[k] == top[k - 1] and numbering(lines[idx[k]]) in LOW_LEVEL_MARKERS
    return keep


def rule_features(lines: list[str], idx: list[int], labels: list[tuple[str, str]] | None = None) -> np.ndarray:
    """One-hot section and role from the rules engine per non-blank line. ``labels`` are the
    rules' (section, role) per line when the caller already has them."""
    out = np.zeros((len(idx), len(SECTIONS) + len(ROLES)), dtype=np.float32)
    if labels is None:
        from ..rules import RuleLabeler
        labels = RuleLabeler().label("\n".join(lines)).line_labels()
    for k, i in enumerate(idx):
        sec, role = labels[i]
        out[k, SECTIONS.index(sec)] = 1.0
        out[k, len(SECTIONS) + ROLES.index(role)] = 1.0
    return out
