"""Flattened lines for the model: the segments of ``gainlp.segment`` become pseudo-lines
that the network labels like lines (the same cuts the rules engine labels)."""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from ..segment import MIN_FLAT_LENGTH, segment_line, segment_lines


@lru_cache(maxsize=1)
def _vocab():
    from ..rules.vocab import load_vocabulary
    return load_vocabulary()


def should_split(line: str) -> bool:
    return len(line) >= MIN_FLAT_LENGTH and len(segment_line(line, _vocab())) > 1


def expand(lines: Sequence[str]) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Pseudo-lines and, for each, (original line, start, end) within that line."""
    return segment_lines(lines, _vocab())


def expand_if_cut(lines: Sequence[str]) -> tuple[Sequence[str], list[tuple[int, int, int]] | None]:
    """``expand``, or ``(lines, None)`` when no line is cut (most reports): then no copy of
    the lines and no origins are made."""
    vocab = _vocab()
    if all(len(line) < MIN_FLAT_LENGTH or len(segment_line(line, vocab)) == 1 for line in lines):
        return lines, None
    return expand(lines)
