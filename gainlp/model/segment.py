"""Flattened lines for the model: the segments of ``gainlp.segment`` become pseudo-lines
that the network labels like lines (the same cuts the rules engine labels)."""
from __future__ import annotations

from functools import lru_cache

from ..segment import MIN_FLAT_LENGTH, segment_line, segment_lines


@lru_cache(maxsize=1)
def _vocab():
    from ..rules.vocab import load_vocabulary
    return load_vocabulary()


def should_split(line: str) -> bool:
    return len(line) >= MIN_FLAT_LENGTH and len(segment_line(line, _vocab())) > 1


def expand(lines: list[str]) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Pseudo-lines and, for each, (original line, start, end) within that line."""
    return segment_lines(lines, _vocab())
