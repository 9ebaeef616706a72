"""Flattened lines for the model: the segments of ``gainlp.segment`` become pseudo-lines
that the network labels like lines (the same cuts the rules engine labels)."""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from ..segment import cut_lines, segment_lines


@lru_cache(maxsize=1)
def _vocab():
    from ..rules.vocab import load_vocabulary
    return load_vocabulary()


def should_split(line: str) -> bool:
    return len(cut_lines([line], _vocab())) > 0


def expand(lines: Sequence[str]) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Pseudo-lines and, for each, (original line, start, end) within that line."""
    return segment_lines(lines, _vocab())


def expand_if_cut(lines: Sequence[str]) -> tuple[Sequence[str], list[tuple[int, int, int]] | None]:
    """``expand``, or ``(lines, None)`` when no line is cut (most reports): then no copy of
    the lines and no origins are made."""
    cut = cut_lines(lines, _vocab())
    return segment_lines(lines, _vocab(), cut=cut) if cut else (lines, None)
