"""Split a flattened line (a whole report scraped onto one line) into segments.

A line is split only when it holds more than one unit of meaning: at least two level-1
part headings, or a part heading and a standard table. A long paragraph with inline
（一）…（四） stays one segment (LABELS.md §5, seed 002). Split points: before each part
heading and after its title, before each subsection heading, and around table captions
and table signatures.
"""
from __future__ import annotations

import re

from ..normalize import match_form
from .headings import heading_shape
from .vocab import Vocabulary

MIN_FLAT_LENGTH = 160
_LEVEL1 = re.compile(r"(?:(?<=[。；;！？\s|])|^)(?:([一二三四五六七八九十]{1,2})[、.．]|第([一二三四五六七八九十]{1,2})部分[:：、]?|[（(]([一二三四五六七八九十])[）)])\s*")
_LEVEL2 = re.compile(r"(?<=[。；;！？\s|])[（(]([一二三四五六七八九十])[）)]\s*")
_TABLE_START = re.compile(
    r"第二十[条條]\s*第\s*[（(]\s*[一五六八九]\s*[）)]\s*[项項]"
    r"|[（(]本列数[据據]的勾稽[关關]系"
    r"|行政复议\s+行政诉讼|行政復議\s+行政訴訟"
    r"|统\s*计\s*指\s*标")
_GAP = re.compile(r"(?<=\S)[ \t\u3000]{2,}(?=\S)")
_PART_TITLE = re.compile(r"(情况|事项|概述|概况|问题|措施)$")
_TITLE_GAP = re.compile(r"([^\s。，,；;：:]{2,15})\s+")


def _title_end(line: str, start: int, vocab: Vocabulary) -> int | None:
    """End of a part title starting at ``start``: the longest prefix that is a known title
    (a standard one, or a part title ending like one) followed by a break, else None."""
    window = line[start:start + 40]
    best = None
    for n in range(2, len(window) + 1):
        if n < len(window) and not (window[n].isspace() or window[n] in "。：:；;，,|"):
            continue
        t = match_form(window[:n]).rstrip("：:。，,；;")
        if vocab.standard_section(t) or (vocab.part_section(t) and _PART_TITLE.search(t)):
            best = n
    return start + best if best else None


def _split_at_gaps(line: str, vocab: Vocabulary) -> list[tuple[int, int]] | None:
    """Scrapers often join the lines of a page with runs of spaces: cut there when several
    of the pieces are part headings or tables."""
    bounds = [0] + [m.end() for m in _GAP.finditer(line)] + [len(line)]
    pieces = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
    if len(pieces) < 3:
        return None
    heads = tables = 0
    for a, b in pieces:
        shape = heading_shape(line[a:b])
        if shape.whole and (vocab.standard_section(shape.title) or (
                vocab.part_section(shape.title) and (shape.marker.level == 1 or _PART_TITLE.search(shape.title)))):
            heads += 1
        elif _TABLE_START.match(line, a):
            tables += 1
    return pieces if heads >= 2 or (heads and tables) else None


def split_flattened(line: str, vocab: Vocabulary) -> list[tuple[int, int]]:
    """[(start, end)) offsets within ``line`` covering it exactly."""
    if len(line) < MIN_FLAT_LENGTH:
        return [(0, len(line))]
    gaps = _split_at_gaps(line, vocab)
    if gaps:
        return gaps
    cuts: set[int] = set()
    level1 = 0
    for m in _LEVEL1.finditer(line):
        end = _title_end(line, m.end(), vocab)
        if end is None:
            continue
        if m.group(1) or m.group(2) or vocab.standard_section(match_form(line[m.end():end])):
            level1 += 1  # （一） counts as a part heading only with a standard title
        cuts.update((m.start(), end))
    tables = [m.start() for m in _TABLE_START.finditer(line)]
    if level1 < 2 and not (level1 and tables):
        return [(0, len(line))]
    cuts.update(tables)
    for m in _LEVEL2.finditer(line):
        cuts.add(m.start())
        gap = _TITLE_GAP.match(line, m.end())
        if gap:
            cuts.add(gap.end(1))
    points = sorted(c for c in cuts if 0 < c < len(line))
    bounds = [0, *points, len(line)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
