"""Find table regions and give each of their units a table role and a section.

Works on every encoding met so far: tab per cell with blank-line rows (docx → txt), pipe
rows (HTML scrapes), one cell per line with or without a trailing ``|``, cells separated
by blank lines, PDF reading order (one cell per line, cells of different rows
interleaved, wrapped cells), markdown and space-separated rows. Which table a region is
(T2 第二十条 tables, T3 applications, T4 复议/诉讼, OLD statistics) comes from the cell
vocabulary, never from the heading above it, so tables whose headings are lost still
land in the right section (docs/schema.md rule 4).
"""
from __future__ import annotations

import re

from ..normalize import match_form
from ..segment import TABLE_STARTS
from .headings import heading_shape, parse_marker
from .units import Unit, is_number
from .vocab import Vocabulary, canonical_cell

KINDS = ("T2", "T3", "T4", "OLD")
_PAGE_NUMBER = re.compile(r"^[-—－]\d{1,3}[-—－]$|^第\d{1,3}页(,?共\d{1,3}页)?$")
_SEPARATOR_ROW = re.compile(r"^[|｜:\-—－\s]+$")
_PROSE = re.compile(r"[。；;！？]|，.{6,}")
_YEARISH = re.compile(r"\d{4}年")
_LIST_MARKERS = {"arabic_dot", "cn_paren", "cn_dun"}  # a row label numbered like a list item
PADDED = re.compile(r"\S[ \u3000]{2,}$")  # a cell padded with spaces, or a piece cut at a gap of them
_CELL_GAP = re.compile(r"\s{2,}|\t")
_DIGITS = re.compile(r"\d")
_RUN_FIRST = set("第(（申行")  # the first characters of the T2, T3 and T4 signatures (segment.TABLE_STARTS)
_WEAK = {"其他", "总计", "单位", "本年", "本期", "合计", "小计"}


def _exact(vocab: Vocabulary, cell: str, kind: str | None) -> tuple[str | None, str | None]:
    """(role, kind) of an exact vocabulary match, preferring the current table kind."""
    order = ([kind] if kind else []) + [k for k in KINDS if k != kind]
    for k in order:
        role = vocab.tables[k].exact_role(cell)
        if role:
            return role, k
    return None, None


def _joined_header(vocab: Vocabulary, cell: str, kind: str | None) -> str | None:
    """The table kind of a header row whose cells were run together (``统计指标单位统计数``,
    a flattened page): two or more known header cells, longest first, covering the cell
    exactly; None otherwise."""
    if len(cell) > 40:
        return None
    heads = vocab.header_cells  # type: ignore[attr-defined]
    i, parts, found = 0, 0, None
    while i < len(cell):
        for j in range(min(len(cell), i + vocab.longest_header), i + 1, -1):  # type: ignore[attr-defined]
            if cell[i:j] not in heads:
                continue
            role, k = _exact(vocab, cell[i:j], kind)
            if role == "table_header":
                found = found or (k if _strong(cell[i:j], role) else None)
                break
        else:
            return None
        i, parts = j, parts + 1
    return found if parts >= 2 else None


def _strong(cell: str, role: str | None) -> bool:
    if role in ("table_caption", "table_note"):
        return True
    return role is not None and role != "table_cell" and cell not in _WEAK and len(cell) >= 3


def _is_heading_line(vocab: Vocabulary, u: Unit) -> bool:
    """A numbered part heading (三、收到和处理…) that ends a table region."""
    if u.tab or u.cells:
        return False
    shape = heading_shape(u.raw)
    if not (shape.whole or shape.run_in):
        return False
    kind = shape.marker.kind
    if kind == "none":
        return vocab.standard_section(shape.title) is not None
    if kind in ("cn_dun", "part") and shape.whole and len(shape.title) >= 4:
        return True
    if kind in ("cn_dun", "part") or (shape.marker.spaced and kind in ("arabic_dun", "arabic_paren", "cn_paren")):
        return vocab.part_section(shape.title) is not None
    return kind == "cn_paren" and vocab.part_section(shape.title) is not None and len(shape.title) >= 4


def _row_role(vocab: Vocabulary, cells: list[str], kind: str | None) -> tuple[str, str | None]:
    """Role of a line holding a whole row (pipe-, tab- or space-separated cells)."""
    numbers = sum(is_number(c) for c in cells)
    roles: list[str | None] = []
    new_kind = None
    for c in cells:
        role, k = _exact(vocab, canonical_cell(c), kind)
        roles.append(role)
        if _strong(canonical_cell(c), role) and new_kind is None:
            new_kind = k
    if numbers and (numbers < len(cells) or numbers > 1):
        return "table_row", new_kind
    if roles[0] == "table_caption":
        return "table_caption", new_kind
    if "table_note" in roles:
        return ("table_header" if len(cells) > 1 else "table_note"), new_kind
    if roles[0] != "table_header" and all(r == "table_cell" or is_number(c) for r, c in zip(roles[1:], cells[1:])):
        return "table_row", new_kind   # a row label and its unit, values left blank
    if roles[0] == "table_row_header" and numbers == 0:
        return "table_row", new_kind
    return "table_header", new_kind


class TableFinder:
    """One pass over the units; sets ``unit.table``, ``unit.role``, ``unit.section``."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab

    def run(self, units: list[Unit]) -> None:
        kind: str | None = None
        in_block = False
        seen_number = False
        row_start = True          # the next tab cell starts a new row (after a blank line)
        old_block, old_row = "s1.1", "s6"
        prev: Unit | None = None  # previous non-blank unit of the current block
        ambiguous: list[int] = []  # pieces of wrapped cells that fit several roles
        nxt_of = _next_nonblank(units)
        for u in units:
            if u.blank:
                if in_block:
                    row_start = True
                continue
            role, new_kind, conf = self._classify(u, kind, in_block, prev, row_start, nxt_of[u.index])
            if role is None:
                in_block, kind, prev = False, None, None
                continue
            if not in_block:
                in_block, seen_number = True, False
                old_block, old_row = "s1.1", "s6"
            if new_kind and new_kind != kind:
                kind, seen_number = new_kind, False
            kind = kind or "T2"
            if role == "?":
                ambiguous.append(u.index)
            elif role == "table_cell" and is_number(u.cell):
                seen_number = True
            elif role == "table_guess":
                if kind != "OLD" and parse_marker(u.cell).kind in _LIST_MARKERS:
                    role = "table_row_header"
                elif kind == "OLD":
                    role = "table_cell" if u.tab and not row_start else "table_row_header"
                else:
                    role = "table_row_header" if seen_number else "table_header"
            u.table, u.role, u.confidence = kind, role, conf
            if kind == "OLD":
                old_block, old_row = self._old_section(u, old_block, old_row)
            else:
                u.section = self.vocab.tables[kind].section
            if role != "noise":
                prev = u
            row_start = False
        resolve_pieces(units, ambiguous)

    # -- one unit -------------------------------------------------------------------------
    def _classify(self, u: Unit, kind: str | None, in_block: bool, prev: Unit | None,
                  row_start: bool, nxt: Unit | None) -> tuple[str | None, str | None, float]:
        """(role, table kind it proves, confidence); role None ends or stays out of a table.

        Special roles resolved by the caller: "?" (a piece of a wrapped cell that fits
        several roles) and "table_guess" (a label cell known by its position only).
        """
        vocab = self.vocab
        cell = u.cell
        if chart_residue(u) or (not in_block and not u.tab and vocab.is_chrome(u.raw)):
            return None, None, 0.0
        if not u.tab and _PAGE_NUMBER.match(u.mf):
            return ("noise", None, 0.9) if in_block else (None, None, 0.0)
        run = _flat_table_kind(u)
        if run is not None:
            return "table_row", run, 0.9
        if u.tab and not cell:
            return ("blank", None, 1.0) if in_block else (None, None, 0.0)
        if u.cells or "|" in u.raw or "｜" in u.raw:
            return self._pipe_line(u, kind, in_block)
        for tokens in (_CELL_GAP.split(u.raw.strip()), u.raw.split()):
            if len(tokens) > 1:
                row = self._token_row(tokens, kind, in_block) or self._header_pieces(tokens, kind)
                if row:
                    return row
        if not u.tab and len(u.mf) <= 80 and vocab.is_noise(u.mf):
            return None, None, 0.0  # page chrome after a table
        if kind == "OLD" and not u.tab and vocab.is_signature(u.mf) \
                and (u.mf.endswith("日") or nxt is None or vocab.is_signature(nxt.mf) or vocab.is_noise(nxt.mf)):
            return None, None, 0.0  # the signature (and date) under a table at the end of a report
        # (spaces before the next cell on the same line are a gap, not padding)
        if in_block and not u.tab and PADDED.search(u.raw) and not is_number(cell) and len(cell) <= 80 \
                and not _PROSE.search(u.mf) and not (nxt is not None and nxt.line == u.line):
            return "table_row", None, 0.75  # a row label whose value cells are blank padding
        if not in_block and not u.tab and nxt is not None and self._old_row_start(u, nxt):
            return "table_guess", "OLD", 0.6
        if not u.tab and _is_heading_line(vocab, u) and _exact(vocab, cell, kind)[0] is None \
                and not self._row_label_piece(cell) and not self._row_label_in_table(u, kind, in_block, nxt):
            return None, None, 0.0
        if is_number(cell):
            return ("table_cell", None, 0.95) if in_block or u.tab else (None, None, 0.0)
        role, k = _exact(vocab, cell, kind)
        if role is None and not u.tab:
            k = _joined_header(vocab, cell, kind)
            if k is not None:
                return "table_header", k, 0.9
        if role:
            if not in_block and not u.tab and not _strong(cell, role):
                return None, None, 0.0
            if role == "table_caption" and not u.tab and heading_shape(u.raw).marker.kind != "none":
                return None, None, 0.0  # a numbered 统计表 title is a heading (seed 000)
            return role, k if _strong(cell, role) else None, 0.97
        if not in_block and not u.tab:
            return None, None, 0.0
        if kind == "OLD" and prev is not None and prev.role == "table_note" and not u.tab:
            return None, None, 0.0  # the footnote closes an old statistics table
        short = len(cell) <= (80 if kind == "OLD" else 40) and not _PROSE.search(u.mf)
        roles = vocab.tables[kind].piece_roles(cell) if kind and short and len(cell) <= 24 else set()
        if len(roles) == 1:
            return roles.pop(), None, 0.85
        if not u.tab and prev is not None and prev.line == u.line - 1 and prev.tab and short:
            return prev.role, None, 0.85       # a cell continued on a line without a tab
        if roles:
            return "?", None, 0.7
        if u.tab:
            return "table_guess", None, 0.7
        if kind == "OLD" and short:
            return "table_guess", None, 0.6
        if kind and len(cell) <= 12 and short:
            return "table_guess", None, 0.6
        return None, None, 0.0

    def _old_row_start(self, u: Unit, nxt: Unit) -> bool:
        """Outside any table: a unit of measure followed by a number (条 / 42), or a short
        numbered label followed by one, is a row of an old statistics table whose caption
        and header were lost or left behind on an earlier page."""
        units = self.vocab.tables["OLD"].units
        if u.cell in units:
            return is_number(nxt.cell)
        return (len(u.cell) <= 40 and not _PROSE.search(u.mf) and nxt.cell in units
                and heading_shape(u.raw).marker.kind != "none")

    def _row_label_piece(self, cell: str) -> bool:
        """A long piece of a wrapped T2/T3 row label (二、上年结转政府信息公开申请 / 数量)."""
        return len(cell) >= 8 and any(
            "table_row_header" in self.vocab.tables[k].piece_roles(cell) for k in ("T2", "T3"))

    def _row_label_in_table(self, u: Unit, kind: str | None, in_block: bool, nxt: Unit | None) -> bool:
        """A numbered line inside an old statistics table is a row label, not a heading,
        unless it is a standard part title or prose follows it."""
        if not in_block or kind != "OLD":
            return False
        if self.vocab.standard_section(heading_shape(u.raw).title):
            return False
        return nxt is None or not _PROSE.search(nxt.mf) or len(nxt.mf) <= 20

    def _pipe_line(self, u: Unit, kind: str | None, in_block: bool) -> tuple[str | None, str | None, float]:
        if _SEPARATOR_ROW.match(u.raw):
            return ("noise", None, 0.9) if in_block else (None, None, 0.0)
        empties = max(0, u.raw.count("|") + u.raw.count("｜") - len(u.cells) - 1)
        if not in_block and not any(is_number(c) for c in u.cells) and any(map(self._chrome_cell, u.cells)):
            return None, None, 0.0  # a pipe-joined menu or page footer (首页 | 网站地图 | 联系我们 …), not a table
        if len(u.cells) == 1:
            cell = u.cell
            role, k = _exact(self.vocab, cell, kind)
            if role in ("table_caption", "table_header", "table_note"):
                return role, k if _strong(cell, role) else None, 0.95
            if empties >= 2 and (in_block or role):
                return "table_row", k if _strong(cell, role) else None, 0.85
            if role:
                return role, k if _strong(cell, role) else None, 0.95
            if is_number(cell):
                return ("table_cell", None, 0.9) if in_block else (None, None, 0.0)
            if _PROSE.search(u.mf) and len(cell) > 40:
                return None, None, 0.0
            return ("table_guess", None, 0.7) if in_block else (None, None, 0.0)
        if not u.cells:
            return ("noise", None, 0.8) if in_block else (None, None, 0.0)
        role, k = _row_role(self.vocab, u.cells, kind)
        if not in_block and role == "table_header" and k is None \
                and not any(_exact(self.vocab, canonical_cell(c), kind)[0] for c in u.cells):
            return None, None, 0.0  # no cell a table of the reports knows: a menu (信息公开 | 办事服务 | …)
        return role, k, 0.9

    def _chrome_cell(self, cell: str) -> bool:
        mf = match_form(cell)
        return mf in self.vocab.chrome_words or self.vocab.is_noise(mf)

    def _token_row(self, tokens: list[str], kind: str | None,
                   in_block: bool) -> tuple[str, str | None, float] | None:
        """Several cells on one line separated by spaces or tabs: all known cells, or a row
        label followed by units and numbers."""
        roles, new_kind = [], None
        for n, t in enumerate(tokens):
            cell = canonical_cell(match_form(t))
            if is_number(cell):
                roles.append("number")
                continue
            role, k = _exact(self.vocab, cell, kind)
            if role is None:
                rest = [canonical_cell(match_form(x)) for x in tokens[1:]]
                if n == 0 and (in_block or kind) and len(cell) <= 60 and not _PROSE.search(cell) \
                        and any(is_number(x) for x in rest) \
                        and all(is_number(x) or _exact(self.vocab, x, kind)[0] == "table_cell" for x in rest):
                    return "table_row", None, 0.75
                return None
            roles.append(role)
            if _strong(cell, role) and new_kind is None:
                new_kind = k
        labels = set(roles) - {"number"}
        if "number" in roles:
            if not labels and not (in_block or kind):
                return None  # numbers alone open no table (2010 1231: a date that lost 年 月 日)
            return ("table_row", new_kind, 0.85) if labels else ("table_row", None, 0.8)
        if len(labels) == 1:
            return labels.pop(), new_kind, 0.9
        return "table_header", new_kind, 0.8

    def _header_pieces(self, tokens: list[str], kind: str | None) -> tuple[str, str | None, float] | None:
        """Every token a piece of a header cell of one standard table: a header row whose
        cells a PDF layout wrapped inside their columns (结果 结果纠 其他结 尚未审 总计 / 维持 正 果 结)."""
        if len(tokens) < (2 if kind else 3):
            return None
        cells = [canonical_cell(match_form(t)) for t in tokens]
        if sum(len(c) >= 2 for c in cells) < 2 \
                or any(is_number(c) or len(c) > 8 for c in cells):
            return None
        fits = [k for k in ([kind] if kind in ("T2", "T3", "T4") else ["T2", "T3", "T4"])
                if all(self.vocab.tables[k].piece_roles(c) & {"table_header", "table_note"} for c in cells)]
        if len(fits) != 1:
            return None
        return "table_header", (None if kind else fits[0]), 0.75

    def _old_section(self, u: Unit, block: str, row: str) -> tuple[str, str]:
        """Section of a unit of an old statistics table (docs/schema.md rules 5 and 12)."""
        if u.role in ("table_caption", "table_header", "table_note"):
            u.section = "s6"
            return block, row
        if u.role in ("table_row_header", "table_row"):
            label = u.cells[0] if u.cells else u.cell
            label = re.sub(r"^[\u3000\s]+", "", label)
            top = heading_shape(label).marker.kind in ("cn_dun", "part")
            for entry in self.vocab.stats_blocks:
                if entry.search(label) and (top or not block):
                    block = entry.section
                    break
            row = block
            for entry in self.vocab.stats_rows:
                if entry.search(label):
                    row = entry.section
                    break
        u.section = row
        return block, row


def _flat_table_kind(u: Unit) -> str | None:
    """The kind of a standard table flattened into one run of cells and numbers
    (``第二十条第（一）项信息内容…规章000…``, a segment of a flattened page; one ``table_row``,
    realdev convention), by the signature it opens with; None for anything else."""
    text = u.mf.lstrip("·•-")
    if text[:1] not in _RUN_FIRST or u.tab or u.cells or len(text) < 24 or not _DIGITS.search(text):
        return None
    return next((k for k, rx in TABLE_STARTS if k != "OLD" and rx.match(text)), None)


def _next_nonblank(units: list[Unit]) -> list[Unit | None]:
    out: list[Unit | None] = [None] * len(units)
    nxt = None
    for u in reversed(units):
        out[u.index] = nxt
        if not u.blank:
            nxt = u
    return out


def resolve_pieces(units: list[Unit], ambiguous: list[int]) -> None:
    """Ambiguous wrapped-cell pieces take the role of the previous cell label, else the next."""
    labels = ("table_header", "table_row_header", "table_caption", "table_note")
    for i in ambiguous:
        role = None
        for j in range(i - 1, max(-1, i - 6), -1):
            if units[j].table and units[j].role in labels and j not in ambiguous:
                role = units[j].role
                break
        if role is None:
            for j in range(i + 1, min(len(units), i + 6)):
                if units[j].table and units[j].role in labels and j not in ambiguous:
                    role = units[j].role
                    break
        units[i].role = role or "table_header"


def chart_residue(u: Unit) -> bool:
    """A row of chart data left after the report (信息公开条目 2017年度 2018年度 78 178)."""
    if len(u.raw) > 200 or ("\t" not in u.raw.strip() and "|" not in u.raw and "｜" not in u.raw):
        return False
    cells = [c for c in re.split(r"[\t|｜]", u.raw) if c.strip()]
    return len(cells) >= 3 and len(_YEARISH.findall(u.raw)) >= 2 and any(is_number(c.strip()) for c in cells)
