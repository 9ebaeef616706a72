"""Abstract report → labeled lines.

Every line is emitted together with its (section, role) while it is written; labels are
never re-derived from text. Headings get a numbering style (and docx-numbering damage,
spacing, wrapping, run-in); tables get one of the encodings below.

Table encodings (``Table`` grids from ``tables.py``):

* ``tab`` — one cell per line prefixed by a TAB, blank line between rows, a lone TAB for
  an empty/covered cell, multi-line cells continuing without the TAB (seeds 000/004);
* ``pipe`` — a row per line, cells joined by `` | `` with colspan residue (seed 001);
* ``cell_pipe`` — one cell per line ending `` |`` (web pages);
* ``cell_blank`` — one cell per line, blank line between cells;
* ``cell_lines`` — one cell per line, nothing between;
* ``tsv_row`` — a row per line, cells joined by TABs (flattened);
* ``markdown`` *(held out)* — ``| a | b |`` rows with a ``|---|`` separator line (noise);
* ``space`` *(held out)* — a row per line, cells separated by runs of spaces;
* ``pdf_order`` *(held out)* — PDF reading order: header cells wrapped into short pieces,
  row labels of a chunk of rows, then their numbers, one per line (realdev style).
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from .config import HELDOUT_ENCODINGS, SynthConfig
from .content import AbstractReport, Heading, Lit, Para, TableBlock, wpick
from .tables import Cell, Table, cn_numeral

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮"
ROW_ROLE = {"caption": "table_caption", "header": "table_header", "data": "table_row", "note": "table_note"}
ROWLINE_ENCODINGS = ("pipe", "tsv_row", "markdown", "space")


@dataclass
class Ln:
    text: str
    section: str | None
    role: str
    kind: str = "prose"          # title / prose / heading / table / noise / chrome / sig / lit / blank
    segs: list | None = None     # [(text, section, role), ...] for a segmented line


def blank(kind: str = "blank") -> Ln:
    return Ln("", None, "blank", kind)


# ----------------------------------------------------------------------------------------
# headings
# ----------------------------------------------------------------------------------------
def top_marker(n: int, style: str, rng: random.Random) -> str:
    c = cn_numeral(n)
    if style == "cn":
        return f"{c}、"
    if style == "cn_dot":
        return rng.choice([f"{c}．", f"{c}. "])
    if style == "cn_comma":
        return rng.choice([f"{c},", f"{c},、"])
    if style == "cn_space":
        return f"{c}、 "
    if style == "cn_gap":
        return rng.choice([f"{c} 、", f"{c} ", f"{c}　"])
    if style == "part":
        return f"第{c}部分 "
    if style == "paren_top":
        return f"（{c}）"
    return ""  # bare


def l2_marker(n: int, style: str) -> str:
    c = cn_numeral(n)
    return {"paren_full": f"（{c}）", "paren_half": f"({c})", "paren_half_dun": f"({c})、",
            "paren_full_dun": f"（{c}）、", "bare": ""}[style]


def l3_marker(n: int, style: str) -> str:
    return {"arabic_dot": f"{n}.", "arabic_dun": f"{n}、", "arabic_fw_dot": f"{n}．",
            "paren_arabic": f"（{n}）", "circled": CIRCLED[(n - 1) % len(CIRCLED)]}[style]


class Renderer:
    def __init__(self, rep: AbstractReport, cfg: SynthConfig, rng: random.Random, split: str) -> None:
        self.rep, self.cfg, self.rng, self.split = rep, cfg, rng, split
        self.plan = rep.plan
        self.variants: list[str] = rep.plan["variants"]
        self.encodings_used: list[str] = []
        pdf = self.plan.get("pdf", False)
        oneline = self.plan.get("oneline", False)
        weights = dict(cfg.pdf_encoding_weights if pdf else cfg.encoding_weights)
        if oneline:
            weights = {k: v for k, v in cfg.encoding_weights.items() if k in ROWLINE_ENCODINGS}
        if self.plan.get("flat"):
            # a flattened page's table: its cells were lines of the page (runs of cells), or pipe rows
            weights = dict(cfg.flat_encoding_weights)
        for k in list(weights):
            if k in HELDOUT_ENCODINGS:
                weights[k] = 0.0 if split == "train" else weights[k] * cfg.heldout_boost
        if not any(v > 0 for v in weights.values()):
            weights = {"pipe": 1.0} if oneline else {"cell_lines": 1.0}
        self.enc_weights = weights
        self.doc_enc = wpick(rng, weights) if rng.random() < cfg.p_one_encoding else None
        self.gap = 0 if rng.random() < 0.6 else 1   # blank lines between paragraphs

    # -- encodings -----------------------------------------------------------------------
    def pick_encoding(self) -> str:
        enc = self.doc_enc or wpick(self.rng, self.enc_weights)
        self.encodings_used.append(enc)
        return enc

    # -- blocks --------------------------------------------------------------------------
    def render(self) -> list[Ln]:
        out: list[Ln] = []
        blocks = self.rep.blocks
        i = 0
        while i < len(blocks):
            blk = blocks[i]
            if isinstance(blk, Heading):
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                if blk.missing:
                    self.variants.append(f"missing_heading:{blk.section}")
                    i += 1
                    continue
                bare = blk.level == 2 and self.plan["l2_style"] == "bare"  # run in, it would not switch (rule 16)
                if blk.runin and not bare and isinstance(nxt, Para) and nxt.section == blk.section and nxt.marker is None:
                    out.append(Ln(self.indent() + self.heading_text(blk) + self.rng.choice(["。", "：", "。", "．"])
                                  + nxt.text, blk.section, "body", "prose"))
                    self.variants.append("runin_applied")
                    self.gap_after(out)
                    i += 2
                    continue
                out.extend(self.heading_lines(blk))
                if self.gap and self.rng.random() < 0.5:
                    out.append(blank())
            elif isinstance(blk, Para):
                text = blk.text
                if blk.marker is not None:
                    text = l3_marker(blk.marker, self.plan["l3_style"]) + text
                out.append(Ln(self.indent() + text, blk.section, "body", "prose"))
                self.gap_after(out)
            elif isinstance(blk, TableBlock):
                out.extend(self.table_lines(blk.table))
            elif isinstance(blk, Lit):
                kind = {"title": "title", "chrome": "chrome", "sig": "sig", "crawler": "crawler"}.get(blk.kind, "lit")
                out.append(Ln(blk.text, blk.section, blk.role, kind))
                if kind == "title" and self.gap and self.rng.random() < 0.5:
                    out.append(blank())
            i += 1
        return out

    def indent(self) -> str:
        return self.plan.get("indent", "")

    def gap_after(self, out: list[Ln]) -> None:
        for _ in range(self.gap):
            out.append(blank())

    def heading_text(self, h: Heading) -> str:
        rng, plan = self.rng, self.plan
        title = h.title
        p_spaced = self.cfg.p_spaced_title_old if self.rep.format == "old" else self.cfg.p_spaced_title
        if len(title) <= 6 and " " not in title and h.level in (0, 1, 2) and rng.random() < p_spaced:
            title = rng.choice([" ", "　"]).join(title)
            self.variants.append("spaced_title")
        if h.level == 0:
            return title
        docx = plan["docx_lost"] and rng.random() < 0.5 and h.level in (1, 2) and plan["top_style"] != "paren_top"
        if docx:
            self.variants.append("docx_numbering_lost")
            if h.level == 1:
                # …with its space, or none (4.政府信息公开的收费及减免情况 between 三、 and 五、)
                return rng.choice([f"{h.ordinal}、 ", f"{h.ordinal}. ", f"{h.ordinal}、 ", f"{h.ordinal}.", f"{h.ordinal}、"]) + title
            return rng.choice([f"（{h.ordinal}） ", f"({h.ordinal}) "]) + title
        if h.level == 1 and plan.get("title_lost") == h.ordinal and plan["top_style"] in ("cn", "cn_dot"):
            self.variants.append("title_lost")
            return top_marker(h.ordinal, plan["top_style"], rng).rstrip()
        if h.level == 1 and plan.get("numeral_lost") == h.ordinal and plan["top_style"] in ("cn", "cn_dot", "cn_space"):
            self.variants.append("numeral_lost")
            return title
        if h.level == 1 and plan.get("arabic_parts"):
            self.variants.append("arabic_parts")
            if "arabic_sep" not in plan:
                plan["arabic_sep"] = rng.choice([".", "、", "．"])
            return f"{h.ordinal}{plan['arabic_sep']}" + title
        if h.level == 1:
            return top_marker(h.ordinal, plan["top_style"], rng) + title
        if h.level == 2:
            return l2_marker(h.ordinal, plan["l2_style"]) + title
        return l3_marker(h.ordinal, plan["l3_style"]) + title

    def heading_lines(self, h: Heading) -> list[Ln]:
        rng = self.rng
        if h.level == 1 and h.ordinal == 1 and self.plan.get("first_heading_lost"):
            self.variants.append("first_heading_lost")
            return []
        text = self.heading_text(h)
        if rng.random() < self.cfg.p_heading_colon:
            text += rng.choice(["：", "。", ":"])
        if self.plan.get("indent") and rng.random() < 0.3:
            text = self.plan["indent"] + text
        if len(text) >= 14 and rng.random() < self.cfg.p_wrapped_heading:
            cut = rng.randint(len(text) - 6, len(text) - 1)
            self.variants.append("wrapped_heading")
            return [Ln(text[:cut], h.section, "heading", "heading"), Ln(text[cut:], h.section, "heading", "heading")]
        return [Ln(text, h.section, "heading", "heading")]

    # -- tables --------------------------------------------------------------------------
    def table_lines(self, t: Table) -> list[Ln]:
        enc = self.pick_encoding()
        rng = self.rng
        out: list[Ln] = []
        for text, sec, role in t.pre:
            out.append(Ln(text, sec, role, "table"))
        body = getattr(self, f"enc_{enc}")(t)
        out.extend(body)
        for text, sec, role in t.post:
            if enc in ("tab", "cell_blank") or rng.random() < 0.5:
                out.append(blank("table"))
            out.append(Ln(text, sec, role, "table"))
        if enc == "tab":
            out.append(blank("table"))
        elif rng.random() < 0.6:
            out.append(blank("table"))
        return out

    def _pieces(self, c: Cell, join: str | None = None) -> list[str]:
        if join is not None:
            return [c.text.replace("\n", join)]
        return c.text.split("\n")

    def enc_tab(self, t: Table) -> list[Ln]:
        out: list[Ln] = []
        for row in t.rows:
            for c in row.cells:
                if c.covered or c.text == "":
                    out.append(Ln("\t", row.section, "blank", "table"))
                    continue
                ps = self._pieces(c)
                out.append(Ln("\t" + ps[0], row.section, c.role, "table"))
                for p in ps[1:]:
                    out.append(Ln(p, row.section, c.role, "table"))
            out.append(blank("table"))
        return out

    def _row_role(self, row) -> str:
        roles = {c.role for c in row.cells if not c.covered and c.text}
        if row.kind == "header":
            return "table_header"   # a header row mixing a note cell is table_header (LABELS §3)
        if roles == {"table_note"}:
            return "table_note"
        if roles == {"table_caption"}:
            return "table_caption"
        return ROW_ROLE[row.kind]

    def _rowline(self, t: Table, cells_text: list[str], ncells: int, style: str) -> str:
        if style == "pipe":
            residue = t.ncols - ncells
            return " | ".join(cells_text) + (" |" if residue <= 0 else " | " + "|" * residue)
        if style == "markdown":
            return "| " + " | ".join(cells_text) + " |"
        if style == "space":
            return "".join(x + self.rng.choice(["  ", "   ", "    ", "\u3000"]) for x in cells_text[:-1]) + cells_text[-1]
        return "\t".join(cells_text)

    def _rows_as_lines(self, t: Table, style: str) -> list[Ln]:
        rng = self.rng
        out: list[Ln] = []
        label_space = style == "pipe" and rng.random() < self.cfg.p_pipe_label_space
        for ri, row in enumerate(t.rows):
            if style == "tsv_row":
                cells = [c for c in row.cells]
                texts = ["" if c.covered else c.text.replace("\n", "") for c in cells]
            else:
                cells = [c for c in row.cells if not c.covered]
                texts = []
                for c in cells:
                    x = c.text.replace("\n", " " if style == "pipe" and rng.random() < 0.3 else "")
                    if label_space and c.role == "table_row_header" and len(x) == 7 and x[0] in "（(" and x[2] in "）)":
                        x = x[:5] + " " + x[5:]   # "(三)不予 公开" (seed 001)
                    texts.append(x)
            if style == "space" and row.kind == "header" and rng.random() < self.cfg.p_header_in_columns:
                out.extend(self._header_in_columns(t, texts, row))
                continue
            line = self._rowline(t, texts, len(cells), style)
            role = self._row_role(row) if line.strip(" |\t\u3000-") else "noise"
            if not line.strip():
                role = "blank"
            out.append(Ln(line, row.section, role, "table"))
            if style == "markdown" and ri == 0:
                out.append(Ln("|" + "---|" * max(1, len(texts)), row.section, "noise", "table"))
        return out

    def _header_in_columns(self, t: Table, texts: list[str], row) -> list[Ln]:
        """A PDF layout's header row, each cell wrapped inside its column: line k holds the
        k-th piece of every cell still running (结果 结果 其他 尚未 总计 / 维持 纠正 结果 审结)."""
        width = self.rng.randint(2, 4)
        cols = [_wrap(x, width, self.rng) for x in texts if x]
        depth = max((len(c) for c in cols), default=0)
        return [Ln(self._rowline(t, [c[k] for c in cols if k < len(c)], 0, "space"), row.section,
                   self._row_role(row), "table") for k in range(depth)]

    def enc_pipe(self, t: Table) -> list[Ln]:
        return self._rows_as_lines(t, "pipe")

    def enc_tsv_row(self, t: Table) -> list[Ln]:
        return self._rows_as_lines(t, "tsv_row")

    def enc_markdown(self, t: Table) -> list[Ln]:
        return self._rows_as_lines(t, "markdown")

    def enc_space(self, t: Table) -> list[Ln]:
        return self._rows_as_lines(t, "space")

    def _cells(self, t: Table, *, suffix: str = "", between: bool = False, row_gap: bool = False,
               keep_empty: bool = False) -> list[Ln]:
        out: list[Ln] = []
        for row in t.rows:
            for c in row.cells:
                if c.covered:
                    continue
                if not c.text:
                    if keep_empty:
                        out.append(Ln(suffix.strip(), row.section, "noise", "table"))
                    continue
                for p in self._pieces(c):
                    out.append(Ln(p + suffix, row.section, c.role, "table"))
                if between:
                    out.append(blank("table"))
            if row_gap:
                out.append(blank("table"))
        return out

    def enc_cell_pipe(self, t: Table) -> list[Ln]:
        return self._cells(t, suffix=" |", keep_empty=self.rng.random() < 0.2)

    def enc_cell_blank(self, t: Table) -> list[Ln]:
        return self._cells(t, between=True)

    def enc_cell_lines(self, t: Table) -> list[Ln]:
        return self._cells(t, row_gap=self.rng.random() < 0.3)

    def enc_pdf_order(self, t: Table) -> list[Ln]:
        """PDF reading order (realdev): headers, then row labels of a chunk of rows, then
        their numbers; wrapped cells keep their role on every piece."""
        rng = self.rng
        out: list[Ln] = []
        gap = lambda: out.append(blank("table")) if rng.random() < 0.7 else None  # noqa: E731
        label_w = rng.randint(12, 20)
        rows = t.rows
        i = 0
        while i < len(rows):
            row = rows[i]
            if row.kind in ("caption", "note"):
                for c in row.cells:
                    if c.text and not c.covered:
                        for p in _wrap(c.text.replace("\n", ""), 22, rng):
                            out.append(Ln(p, row.section, c.role, "table"))
                        gap()
                i += 1
                continue
            if row.kind == "header":
                for c in row.cells:
                    if c.covered or not c.text:
                        continue
                    text = c.text.replace("\n", "")
                    if c.role == "table_note":
                        pieces = _wrap(text, rng.randint(18, 26), rng)
                    elif len(text) >= 4 and rng.random() < 0.6:
                        pieces = _wrap(text, rng.randint(2, 3), rng)
                    elif len(text) >= 3 and rng.random() < 0.2:
                        pieces = [" ".join(text)]
                    else:
                        pieces = [text]
                    for p in pieces:
                        out.append(Ln(p, row.section, c.role, "table"))
                    gap()
                i += 1
                continue
            # a chunk of data rows
            j = i
            k = rng.randint(1, 8)
            while j < len(rows) and rows[j].kind == "data" and j - i < k:
                j += 1
            chunk = rows[i:j]
            for r in chunk:
                for c in r.cells:
                    if c.covered or not c.text or c.number or c.role != "table_row_header":
                        continue
                    text = c.text.replace("\n", "").lstrip("\u3000")
                    if c.vertical and rng.random() < 0.5:
                        pieces = list(text)
                    else:
                        pieces = _wrap(text, label_w, rng)
                    for p in pieces:
                        out.append(Ln(p, r.section, c.role, "table"))
                    gap()
            for r in chunk:
                for c in r.cells:
                    if c.covered or not c.text:
                        continue
                    if c.number or c.role == "table_cell":
                        out.append(Ln(c.text.strip("\u3000") or c.text, r.section, c.role, "table"))
                if rng.random() < 0.5:
                    out.append(blank("table"))
            i = j
        return out


def _wrap(text: str, width: int, rng: random.Random) -> list[str]:
    if width <= 0 or len(text) <= width:
        return [text]
    out = []
    pos = 0
    while pos < len(text):
        w = max(1, width + rng.choice([0, 0, 0, 1, -1]))
        out.append(text[pos:pos + w])
        pos += w
    return out
