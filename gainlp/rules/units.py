"""``Unit``: the piece of text the rules label — a line, or a segment of a flattened line."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..normalize import match_form
from .vocab import canonical_cell

_PIPE_SPLIT = re.compile(r"\s*[|｜]\s*")
_NUMBER = re.compile(
    r"^[+\-－—]?\d[\d,，]*(\.\d+)?\s*(万元|元|件|条|个|次|人|篇|%|％)?$|^[/／\-－—]$|^0?$")


@dataclass(slots=True)
class Unit:
    index: int
    line: int
    start: int
    end: int
    raw: str
    mf: str = ""             # match form of the whole raw text
    tab: bool = False        # starts with a tab: one cell of a tab-per-cell table
    cells: Sequence[str] = ()  # pipe-separated cells (match form)
    blank: bool = False
    # filled by the passes
    section: str | None = None
    role: str | None = None
    confidence: float = 0.0
    table: str | None = None
    cell: str = ""           # the cell text in canonical match form (tab/pipe decoration removed)


def make_unit(index: int, line: int, start: int, end: int, raw: str) -> Unit:
    u = Unit(index, line, start, end, raw)
    u.blank = not raw.strip()
    if u.blank:
        return u
    u.mf = match_form(raw)
    u.tab = raw.startswith("\t")
    if "|" in raw or "｜" in raw:
        parts = _PIPE_SPLIT.split(raw.strip())
        u.cells = [match_form(p) for p in parts if p.strip()]
    u.cell = canonical_cell(u.cells[0] if len(u.cells) == 1 else u.mf)
    return u


def is_number(mf: str) -> bool:
    return bool(_NUMBER.match(mf))
