"""Flattened reports: a whole report scraped onto one line (LABELS.md §1 "segments").

The model labels lines, so such a line is cut into pieces where its original line breaks
most likely were (after a run of spaces or ideographic spaces, after 。, before a （一）
marker); the pieces are labeled as pseudo-lines and neighbouring pieces with the same labels
are merged back into segments. Only lines that clearly hold several parts (two or more
distinct level-1 headings 一、 二、 …) are cut; an ordinary long paragraph with inline
（一）（二） items stays one segment.
"""
from __future__ import annotations

import re

_BREAK_AFTER = re.compile(r"[ \u3000]+|。(?![ \u3000”’」』）)])")
_BREAK_BEFORE = re.compile(r"(?<![第\s\u3000])(?=[（(][一二三四五六七八九十]{1,2}[）)])")
_LEVEL1 = re.compile(r"(?:^|[。；：:\s\u3000])([一二三四五六七八九十]{1,2})[、.．]")

MIN_CHARS = 600


def pieces(line: str) -> list[tuple[int, int]]:
    """(start, end) spans covering ``line`` exactly, cut at the likely original line breaks."""
    cuts = {m.end() for m in _BREAK_AFTER.finditer(line)} | {m.start() for m in _BREAK_BEFORE.finditer(line)}
    bounds = sorted({0, len(line)} | {c for c in cuts if 0 < c < len(line)})
    spans = list(zip(bounds, bounds[1:]))
    return spans or [(0, len(line))]


def should_split(line: str) -> bool:
    if len(line) < MIN_CHARS:
        return False
    return len({m.group(1) for m in _LEVEL1.finditer(line)}) >= 2


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
