"""Flattened reports: a whole report scraped onto one line (LABELS.md §1 "segments").

The model labels lines, so such a line is cut into pieces at the single spaces that replaced
its original line breaks; the pieces are labeled as pseudo-lines and neighbouring pieces with
the same labels are merged back into segments. Only lines that clearly hold several parts
(two or more level-1 headings starting a piece) are cut; an ordinary long paragraph with
inline （一）（二） items stays one segment.
"""
from __future__ import annotations

import re

_PIECE = re.compile(r"[^ ]+(?: +|$)")
_LEVEL1 = re.compile(r"^[\s\u3000]*[一二三四五六七八九十]{1,2}[、.．]")

MIN_CHARS = 600
MIN_PIECES = 8


def pieces(line: str) -> list[tuple[int, int]]:
    """(start, end) spans covering ``line``; each keeps the spaces that follow it."""
    spans = [(m.start(), m.end()) for m in _PIECE.finditer(line) if m.end() > m.start()]
    if not spans:
        return [(0, len(line))]
    if spans[0][0] > 0:  # leading spaces join the first piece
        spans[0] = (0, spans[0][1])
    return spans


def should_split(line: str) -> bool:
    if len(line) < MIN_CHARS:
        return False
    spans = pieces(line)
    if len(spans) < MIN_PIECES:
        return False
    heads = {line[a:b].strip("\u3000 ")[:2] for a, b in spans if _LEVEL1.match(line[a:b])}
    return len(heads) >= 2


def expand(lines: list[str]) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Pseudo-lines and, for each, (original line, start, end) within that line."""
    out: list[str] = []
    origin: list[tuple[int, int, int]] = []
    for i, line in enumerate(lines):
        spans = pieces(line) if should_split(line) else [(0, len(line))]
        for a, b in spans:
            out.append(line[a:b])
            origin.append((i, a, b))
    return out, origin
