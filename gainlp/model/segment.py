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
    cut = {i: spans for i, line in enumerate(lines) if len(line) >= MIN_FLAT_LENGTH
           for spans in [segment_line(line, vocab)] if len(spans) > 1}
    if not cut:
        return lines, None
    pseudo: list[str] = []
    origin: list[tuple[int, int, int]] = []
    for i, line in enumerate(lines):
        for a, b in cut.get(i, ((0, len(line)),)):
            pseudo.append(line[a:b])
            origin.append((i, a, b))
    return pseudo, origin
