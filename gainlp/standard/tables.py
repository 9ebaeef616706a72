"""Table regions of a labeled report → a stream of cells → the standard tables T2, T3, T4.

1. **Regions.** Runs of lines the labeler gave a table role (blank and noise lines inside a
   run are kept) are cut where a different table starts (a 第二十条 caption, the T3 note or
   申请人情况, the 行政复议/行政诉讼 header, 统计指标). Which table a part is comes from its
   vocabulary; the line's section is only a fallback.
2. **Cell stream.** Every line becomes cells, whatever the encoding:

   * *tab per cell* (docx → txt): a line ``\\tX`` is one cell, a lone ``\\t`` an empty
     cell, a line without the tab continues the cell above (``其`` + ``他``), a blank line
     ends a row;
   * *pipe rows*: ``a | b | | c |`` is one row (inner empty cells kept, colspan residue at
     the end marked as such); *one cell per line* ``14 |``;
   * *space-separated rows*: ``一、本年新收… 14 2 0 0 0 0 16``;
   * *one cell per line*, with or without blank lines between cells.

   A row break is only emitted where the encoding has one (blank line in tab tables, end of
   a pipe or space row); one-cell-per-line streams have none.
3. **Tables.** Values are assigned to rows by *row labels*, never by line position: T3 rows
   are recognised by their label vocabulary (also from a wrapped fragment such as
   ``一、本年新收政府信息``), and each row takes the 7 values after its label. When a run
   of several labels is followed by 7·K values (PDF reading order: a label column, then the
   numbers) the values are read row by row and column by column; if both readings differ the
   one consistent with the table's 勾稽 rules is taken and its cells are flagged
   ``order_inferred``; if neither or both are, the cells are flagged ``ambiguous_order``
   (quality ``ambiguous``) and an issue says so. Missing or surplus values are never spread
   over columns by guess: the row is left empty and an issue keeps the raw values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..labels import TABLE_ROLES
from ..normalize import match_form
from ..report import Report
from ..rules.headings import parse_marker
from .schema import UNITS, Cell, Issue, is_number_text, looks_like_value, value_form
from .spec import T2_TABLES, T3_SPEC, T4_SPEC, table_words

# -- cell stream ------------------------------------------------------------------------------


@dataclass
class Item:
    kind: str          # "text", "value" (a number, a blank or "/": see Cell.parse) or "break"
    raw: str = ""
    start: int = 0
    end: int = 0
    line: int = -1
    role: str | None = None

    @property
    def mf(self) -> str:
        return match_form(self.raw) if self.raw else ""

    @property
    def empty(self) -> bool:
        return self.kind == "value" and not self.raw.strip(" \t\u3000\xa0")

    def cell(self, **kw) -> Cell:
        return Cell.parse(self.raw, (self.start, self.end), **kw)


BREAK = "break"
_TOKEN = re.compile(r"[^\s\u3000\xa0]+")
_SEPARATOR = re.compile(r"^[\s|｜:\-—－=+]*$")


def _stripped(text: str, base: int) -> tuple[str, int, int]:
    """``text`` without surrounding whitespace and its [start, end) in the original."""
    lead = len(text) - len(text.lstrip(" \t\u3000\xa0"))
    body = text.strip(" \t\u3000\xa0")
    return body, base + lead, base + lead + len(body)


def _item(text: str, base: int, line: int, role: str | None) -> Item:
    body, s, e = _stripped(text, base)
    kind = "value" if looks_like_value(body) else "text"
    return Item(kind, body, s, e, line, role)


def tokenize(report: Report, first: int, last: int, labels: list[tuple[str, str]],
             tab_mode: bool) -> list[Item]:
    """The cell stream of lines ``first..last`` (see the module docstring)."""
    items: list[Item] = []
    lines = report.lines
    cont_ok = False   # the previous line was a tab cell (or its continuation)
    for i in range(first, last + 1):
        ln = lines[i]
        text, role = ln.text, labels[i][1]
        if role == "noise" and text.strip(" \t\u3000\xa0") not in ("|", "｜"):
            cont_ok = False
            continue
        if not text.strip(" \t\u3000\xa0"):
            if text.startswith("\t") or (not tab_mode and "\t" in text):
                items.append(Item("value", "", ln.start + 1, ln.start + 1, i, role))
                cont_ok = True
            else:
                if tab_mode:
                    items.append(Item(BREAK, line=i))
                cont_ok = False
            continue
        if text.startswith("\t"):
            body = text[1:]
            if "\t" in body.strip("\t"):
                pos = ln.start + 1
                for part in body.split("\t"):
                    items.append(_item(part, pos, i, role))
                    pos += len(part) + 1
            else:
                items.append(_item(body, ln.start + 1, i, role))
            cont_ok = True
            continue
        if tab_mode and cont_ok and items and items[-1].kind != BREAK and "|" not in text:
            prev = items[-1]                       # a cell continued on the next line
            body, s, e = _stripped(text, ln.start)
            prev.raw = (prev.raw + body) if prev.raw else body
            if prev.start == prev.end:
                prev.start = s
            prev.end = e
            prev.kind = "value" if looks_like_value(prev.raw) else "text"
            continue
        cont_ok = False
        if "\t" in text.strip():
            pos = ln.start
            for part in text.split("\t"):
                if part.strip():
                    items.append(_item(part, pos, i, role))
                pos += len(part) + 1
            items.append(Item(BREAK, line=i))
            continue
        if "|" in text or "｜" in text:
            items.extend(_pipe_items(text, ln.start, i, role))
            continue
        toks = list(_TOKEN.finditer(text))
        if len(toks) >= 2:
            items.extend(_space_items(text, toks, ln.start, i, role))
            continue
        items.append(_item(text, ln.start, i, role))
    return items


def _pipe_items(text: str, base: int, line: int, role: str | None) -> list[Item]:
    if _SEPARATOR.match(text) and text.count("|") + text.count("｜") > 1:
        return []                                  # "|||", "|---|---|"
    parts: list[tuple[str, int]] = []
    pos = 0
    for piece in re.split(r"[|｜]", text):
        parts.append((piece, pos))
        pos += len(piece) + 1
    if text.count("|") + text.count("｜") == 1:     # "14 |": one cell per line
        return [_item("".join(p for p, _ in parts), base + parts[0][1], line, role)]
    if parts and not parts[0][0].strip() and text.lstrip().startswith(("|", "｜")):
        parts = parts[1:]
    if parts and not parts[-1][0].strip():
        parts = parts[:-1]
    if len(parts) == 1:
        return [_item(parts[0][0], base + parts[0][1], line, role)]
    out = [_item(p, base + off, line, role) for p, off in parts]
    out.append(Item(BREAK, line=line))
    return out


def _space_items(text: str, toks: list[re.Match], base: int, line: int,
                 role: str | None) -> list[Item]:
    values = [looks_like_value(t.group()) for t in toks]
    out: list[Item] = []
    if any(values):
        k = 0
        while k < len(toks) and not values[k]:
            k += 1
        label_end = k
        if k >= 2 and value_form(toks[k - 1].group()) in UNITS:
            label_end = k - 1                      # "（一）收到申请数 件 12": the unit is its own cell
        if label_end:
            s, e = toks[0].start(), toks[label_end - 1].end()
            out.append(Item("text", text[s:e], base + s, base + e, line, role))
        if label_end < k:
            t = toks[label_end]
            out.append(Item("text", t.group(), base + t.start(), base + t.end(), line, role))
        for t, v in zip(toks[k:], values[k:]):
            out.append(Item("value" if v else "text", t.group(), base + t.start(), base + t.end(), line, role))
        out.append(Item(BREAK, line=line))
        return out
    for t in toks:
        out.append(Item("text", t.group(), base + t.start(), base + t.end(), line, role))
    out.append(Item(BREAK, line=line))
    return out


# -- regions ----------------------------------------------------------------------------------

_CAPTION = re.compile(r"第二十条第?\(?([一二三四五六七八九十]+)\)?项")
_T3_MARK = ("勾稽关系", "申请人情况", "法人或其他组织", "本年新收政府信息公开申请")
_T4_MARK = ("未经复议直接起诉", "复议后起诉", "结果维持", "尚未审结")
_OLD_MARK = ("统计指标", "主动公开政府信息数", "收到申请数", "申请答复数")
_PROSE = re.compile(r"[。；;！？]")
CAPTION_ITEM = {"一": "T2_art20_1", "五": "T2_art20_5", "六": "T2_art20_6", "八": "T2_art20_8",
                "九": "T2_art20_9_2019only"}


def line_kind(mf: str) -> str | None:
    """The table a line announces (a caption or a header only that table has), if any."""
    if _CAPTION.search(mf):
        return "T2"
    if mf.startswith("信息内容"):
        return "T2"
    if any(k in mf for k in _T3_MARK):
        return "T3"
    if any(k in mf for k in _T4_MARK) or re.match(r"^\|?行政复议(\||$|行政诉讼)", mf) \
            or re.match(r"^\|?行政诉讼(\||$)", mf):
        return "T4"
    if any(k in mf for k in _OLD_MARK) or mf.endswith("统计表"):
        return "OLD"
    return None


_SECTION_KIND = {"s2": "T2", "s3": "T3", "s4": "T4"}


@dataclass
class Region:
    kind: str                      # T2, T3, T4, OLD or UNKNOWN
    first_line: int
    last_line: int
    start: int
    end: int
    encoding: str
    items: list[Item] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _table_like(text: str) -> bool:
    """A line that is a standard row label even though the labeler called it a heading or body
    (``二、上年结转政府信息公开申请数量`` alone on its line looks like a level-1 heading)."""
    mf = match_form(text)
    if not mf or len(mf) > 60:
        return False
    if strip_numbering(mf) in T3_FULL_SET or mf in T2_ROWS:
        return True
    # a wrapped piece of a T3 row label (二、上年结转政府信 / 息公开申请数量)
    return len(mf) <= 30 and not _PROSE.search(mf) and any(
        k in T3_DATA for k in t3_keys(mf, data_started=True, last_key=None))


def _tabular_runs(report: Report, labels: list[tuple[str, str]]) -> list[tuple[int, int]]:
    lines = report.lines
    n = len(lines)
    tab = [labels[i][1] in TABLE_ROLES for i in range(n)]
    runs = []
    i = 0
    while i < n:
        if not tab[i]:
            i += 1
            continue
        j = last = i
        while j + 1 < n:
            k = j + 1
            role, text = labels[k][1], lines[k].text
            body = text.strip(" \t\u3000\xa0")
            if tab[k] or (role == "blank" and text.startswith("\t")) \
                    or (role in ("heading", "body") and _table_like(text)):
                j = last = k      # a lone tab is an empty cell; a mislabeled row label is a row label
                continue
            if role in ("blank", "noise"):
                j = k
                continue
            if role == "body" and looks_like_value(body):
                j = last = k      # a number the labeler did not see as a cell
                continue
            if role == "body" and len(body) <= 20 and not _PROSE.search(body) \
                    and any(tab[m] for m in range(k + 1, min(n, k + 4))):
                j = k             # a short cell-like line between table lines
                continue
            break
        runs.append((i, last))
        i = last + 1
    return runs


def _encoding(report: Report, first: int, last: int) -> str:
    counts = {"tab": 0, "pipe": 0, "pipe_cell": 0, "space": 0, "line": 0}
    blanks = 0
    for i in range(first, last + 1):
        t = report.lines[i].text
        if not t.strip():
            if not t:
                blanks += 1
            else:
                counts["tab"] += t.startswith("\t")
            continue
        if t.startswith("\t"):
            counts["tab"] += 1
        elif "|" in t or "｜" in t:
            counts["pipe" if t.count("|") + t.count("｜") > 1 else "pipe_cell"] += 1
        elif len(_TOKEN.findall(t)) > 1:
            counts["space"] += 1
        else:
            counts["line"] += 1
    best = max(counts, key=lambda k: counts[k])
    if best == "line" and blanks >= counts["line"] // 2:
        return "line_blank_separated"
    return best


def find_regions(report: Report) -> list[Region]:
    labels = report.line_labels()
    regions: list[Region] = []
    for first, last in _tabular_runs(report, labels):
        cuts: list[tuple[int, str]] = []
        kind = None
        for i in range(first, last + 1):
            t = report.lines[i].text
            if not t.strip() or labels[i][1] == "noise":
                continue
            k = line_kind(match_form(t))
            if kind == "OLD" and k in ("T3", "T4"):
                k = None          # old statistics rows name 申请/复议 too
            if k is None and kind is None:
                k = _SECTION_KIND.get(labels[i][0]) or ("OLD" if report.format == "old" else "UNKNOWN")
            if k is not None and k != kind:
                cuts.append((i, k))
                kind = k
        for n, (start_line, k) in enumerate(cuts):
            end_line = cuts[n + 1][0] - 1 if n + 1 < len(cuts) else last
            while end_line > start_line and not report.lines[end_line].text.strip() \
                    and not report.lines[end_line].text.startswith("\t"):
                end_line -= 1
            if n == 0:
                start_line = first
            enc = _encoding(report, start_line, end_line)
            items = tokenize(report, start_line, end_line, labels, enc == "tab")
            regions.append(Region(k, start_line, end_line, report.lines[start_line].start,
                                  report.lines[end_line].end, enc, items))
    return _merge_adjacent(regions)


def _merge_adjacent(regions: list[Region]) -> list[Region]:
    """Join two parts of one table cut by a line the labeler did not see as a table line."""
    out: list[Region] = []
    for r in regions:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == r.kind and r.kind in ("T3", "T4", "OLD") \
                and r.first_line - prev.last_line <= 4:
            enc = prev.encoding if prev.encoding == r.encoding else f"{prev.encoding}+{r.encoding}"
            out[-1] = Region(r.kind, prev.first_line, r.last_line, prev.start, r.end, enc,
                             prev.items + [Item(BREAK, line=r.first_line)] + r.items)
        else:
            out.append(r)
    return out


# -- label matching ---------------------------------------------------------------------------

def numbering(mf: str) -> str:
    """The numbering that opens a row label in match form: markers of the heading grammar
    (``rules.headings.parse_marker``) and ``其中``, any number of them (``(一)其中:1、``)."""
    i = 0
    while i < len(mf):
        if mf.startswith("其中", i):
            i += 3 if mf[i + 2:i + 3] in (":", "：") else 2
            continue
        m = parse_marker(mf[i:])
        if m.kind == "none" or m.end == 0:
            break
        i += m.end
    return mf[:i]


def strip_numbering(mf: str) -> str:
    return mf[len(numbering(mf)):]


T3_COLUMNS = [c["key"] for c in T3_SPEC["columns"]]
T3_ROWS = {v: rows for v, rows in T3_SPEC["versions"].items()}
T3_ALL_ROWS: dict[str, dict] = {}
for _v in ("std2021", "std2019"):
    for _r in T3_ROWS[_v]:
        T3_ALL_ROWS.setdefault(_r["key"], _r)
T3_DATA = {k for k, r in T3_ALL_ROWS.items() if r["data"]}

# distinctive phrases (match form) → row key; the hit nearest the start of a cell wins
T3_CORES: list[tuple[str, tuple[str, ...]]] = [(k, tuple(r["match"])) for k, r in T3_ALL_ROWS.items() if r["match"]]
T3_HEADER_WORDS = set(table_words()["T3"]["headers"]) | {"其他组织"}


def _full_cores() -> dict[str, str]:
    out = {}
    for k, r in T3_ALL_ROWS.items():
        out[k] = strip_numbering(match_form(r["label"]))
    return out


T3_FULL = _full_cores()
T3_FULL_SET = (set(T3_FULL.values()) | {strip_numbering(match_form(a)) for r in T3_ALL_ROWS.values()
                                         for a in r["aliases"]}) - {"其他", "总计"}


def t3_keys(mf: str, *, data_started: bool, last_key: str | None) -> list[str]:
    """T3 row keys named in one label cell, in order (a merged cell can name a group and a row)."""
    hits: list[tuple[int, int, str]] = []
    for key, cores in T3_CORES:
        for core in cores:
            p = mf.find(core)
            if p >= 0:
                hits.append((p, -len(core), key))
                break
    if hits:
        hits.sort()
        keys: list[str] = []
        covered = -1
        for p, neg, key in hits:
            if p < covered:
                continue
            keys.append(key)
            covered = p - neg
        return keys
    if not data_started:
        return []
    core = strip_numbering(mf)
    num = numbering(mf)
    # bare 其他 / 总计 are column headers too (repeated after a PDF page break): only as the row
    # that follows （六）
    if core in ("其他", "其它") and (num or last_key in ("other", "other_no_correction", "other_no_fee")):
        return ["other_other"]
    if core == "总计" and (num or last_key in ("other", "other_total", "other_no_fee", "other_other")):
        return ["results_total"]
    # a wrapped fragment: the beginning of exactly one row label not yet matched
    if len(core) >= 4:
        cands = [k for k, full in T3_FULL.items() if full.startswith(core) and full != core]
        if len(cands) == 1:
            return cands
    return []


def _continues(key: str | None, acc: str, core: str) -> bool:
    """Whether ``core`` is the rest of a wrapped label of row ``key`` read so far as ``acc``."""
    full = T3_FULL.get(key or "")
    if not full or not core:
        return False
    return full.startswith(acc + core) or (len(core) >= 2 and core in full)


# -- T3 ---------------------------------------------------------------------------------------


@dataclass
class _Run:
    labels: list[tuple[Item, list[str]]] = field(default_factory=list)
    values: list[Item] = field(default_factory=list)


def _t3_runs(items: list[Item]) -> tuple[list[_Run], list[Item], list[Item]]:
    """Group the stream into runs of row labels followed by their values."""
    runs: list[_Run] = []
    cur = _Run()
    data_started = False
    seen: set[str] = set()
    last_key: str | None = None
    acc = ""                      # the text of the last row label read so far (wrapped labels)
    orphans: list[Item] = []
    unknown: list[Item] = []
    for it in items:
        if it.kind == BREAK:
            if cur.values:
                runs.append(cur)
                cur = _Run()
            continue
        if it.kind == "text":
            mf = it.mf
            if "勾稽" in mf or "第一项加第二项" in mf or "第三项加第四项" in mf:
                continue
            keys = t3_keys(mf, data_started=data_started, last_key=last_key)
            new = [k for k in keys if k not in seen]
            core = strip_numbering(mf)
            if keys and not new:
                acc += core       # the rest of a wrapped label whose row is already known
                continue
            if new:
                data_started = True
                if cur.values:
                    runs.append(cur)
                    cur = _Run()
                cur.labels.append((it, new))
                seen.update(new)
                last_key, acc = new[-1], core
                continue
            if _continues(last_key, acc, core):
                acc += core
                continue
            if data_started and core not in T3_HEADER_WORDS:
                unknown.append(it)
            continue
        if not data_started:
            if not it.empty:
                orphans.append(it)
            continue
        if not cur.labels and it.empty:
            continue              # residue of a merged label cell before a sub-row's label
        cur.values.append(it)
    if cur.labels or cur.values:
        runs.append(cur)
    return runs, orphans, unknown


def _subtotal_column(values: list[Item]) -> bool:
    """8 values = 自然人, a 法人或其他组织 subtotal, the five organisation columns, 总计."""
    v = [c.cell().value for c in values]
    if any(x is None for x in v):
        return False
    return v[1] == sum(v[2:7]) and v[7] == v[0] + v[1]


def _row_total_ok(cells: list[Item]) -> bool:
    vals = [c.cell() for c in cells]
    nums = [v.value if v.value is not None else 0 for v in vals]
    return sum(nums[:6]) == nums[6]


def parse_t3(region: Region | None, version_hint: str) -> tuple[dict, list[Issue]]:
    issues: list[Issue] = []
    if region is None:
        version = version_hint if version_hint in T3_ROWS else "std2021"
        return _t3_table(version, {}, None, None, found=False), issues
    runs, orphans, unknown = _t3_runs(region.items)
    subrows = {"other_no_correction", "other_no_fee", "other_other"}
    if not any(k in subrows for run in runs for _, ks in run.labels for k in ks):
        # 2019: （六）其他处理 is one data row, not a group
        for run in runs:
            run.labels = [(it, ["other_total" if k == "other" else k for k in ks]) for it, ks in run.labels]
    if orphans:
        issues.append(Issue("values_before_rows", f"{len(orphans)} value(s) before the first T3 row label",
                            "T3", None, (orphans[0].start, orphans[-1].end), [o.raw for o in orphans]))
    for u in unknown:
        issues.append(Issue("unknown_row_label", f"T3 text not matched to a standard row: {u.raw!r}",
                            "T3", None, (u.start, u.end), [u.raw]))
    cells: dict[str, dict[str, Cell]] = {}
    labeled: dict[str, tuple[int, int]] = {}
    ambiguous_blocks: list[tuple[list[str], list[list[Item]], list[list[Item]]]] = []
    ncol = len(T3_COLUMNS)
    for run in runs:
        keys = [k for _, ks in run.labels for k in ks]
        data_keys = [k for k in keys if k in T3_DATA]
        for it, ks in run.labels:
            for k in ks:
                labeled.setdefault(k, (it.start, it.end))
        values = list(run.values)
        if not data_keys:
            if values:
                issues.append(Issue("orphan_values", f"{len(values)} value(s) not under any T3 row label",
                                    "T3", None, (values[0].start, values[-1].end), [v.raw for v in values]))
            continue
        k = len(data_keys)
        want = ncol * k
        while len(values) > want and values[-1].empty:
            values.pop()
        span = (values[0].start, values[-1].end) if values else labeled.get(data_keys[0])
        if len(values) == want:
            rows = [values[i * ncol:(i + 1) * ncol] for i in range(k)]
            if k == 1:
                _assign(cells, data_keys[0], rows[0])
                continue
            cols = [[values[j * k + i] for j in range(ncol)] for i in range(k)]
            if [[c.raw for c in r] for r in rows] == [[c.raw for c in r] for r in cols]:
                for key, r in zip(data_keys, rows):
                    _assign(cells, key, r)
                continue
            ok_rows = all(_row_total_ok(r) for r in rows)
            ok_cols = all(_row_total_ok(r) for r in cols)
            if ok_rows != ok_cols:
                chosen = rows if ok_rows else cols
                for key, r in zip(data_keys, chosen):
                    _assign(cells, key, r, quality="approx", flag="order_inferred")
                issues.append(Issue("order_inferred",
                                    f"{k} T3 rows listed before their {want} values; read "
                                    f"{'row by row' if ok_rows else 'column by column'} (the only order "
                                    "under which every row's 总计 equals its six columns)",
                                    "T3", ",".join(data_keys), span, [v.raw for v in values]))
            else:
                ambiguous_blocks.append((data_keys, rows, cols))
            continue
        if k == 1 and len(values) == want + 1 and _subtotal_column(values):
            _assign(cells, data_keys[0], values[:1] + values[2:])
            issues.append(Issue("subtotal_column", f"T3 row {data_keys[0]}: 8 values, the second one the "
                                "法人或其他组织 subtotal (not a standard column); dropped", "T3", data_keys[0],
                                span, [v.raw for v in values]))
            continue
        if k == 1 and len(values) > want:
            _assign(cells, data_keys[0], values[:want], quality="ambiguous", flag="extra_values")
            issues.append(Issue("extra_values", f"T3 row {data_keys[0]}: {len(values)} values for "
                                f"{want} columns; the first {want} taken", "T3", data_keys[0], span,
                                [v.raw for v in values]))
            continue
        issues.append(Issue("cell_count", f"T3 row(s) {', '.join(data_keys)}: {len(values)} value(s) for "
                            f"{want} cells; not placed (which columns they belong to is unknown)",
                            "T3", ",".join(data_keys), span, [v.raw for v in values]))
    version = _t3_version(labeled, cells, version_hint)
    if ambiguous_blocks:
        _resolve_blocks(cells, ambiguous_blocks, version, issues)
    table = _t3_table(version, cells, region, labeled, found=True)
    missing = [k for k in table["rows"] if k not in labeled]
    if missing and labeled:
        issues.append(Issue("missing_rows", f"T3 rows not found: {', '.join(missing)}", "T3", None,
                            region.span, []))
    return table, issues


def _assign(cells: dict, key: str, items: list[Item], *, quality: str = "exact",
            flag: str | None = None) -> None:
    row = {}
    for col, it in zip(T3_COLUMNS, items):
        c = it.cell(quality=quality)
        if flag:
            c.flags.append(flag)
        row[col] = c
    cells[key] = row


def _t3_version(labeled: dict, cells: dict, hint: str) -> str:
    if any(k in labeled for k in ("other_no_correction", "other_no_fee", "other_other")):
        return "std2021"
    if "other_total" in cells:
        return "std2019"
    return hint if hint in T3_ROWS else "std2021"


def _resolve_blocks(cells: dict, blocks: list, version: str, issues: list[Issue]) -> None:
    """Choose row- or column-major reading of label-then-values blocks by the T3 checks."""
    from .checks import t3_checks

    for keys, rows, cols in blocks:
        scores = []
        for reading in (rows, cols):
            trial = dict(cells)
            for key, r in zip(keys, reading):
                _assign(trial, key, r)
            table = {"rows": {k: trial.get(k, {}) for k in (r["key"] for r in T3_ROWS[version] if r["data"])}}
            fails = sum(c.verdict == "FAIL" for c in t3_checks(table, version, blank_as_zero=True))
            scores.append(fails)
        span = (rows[0][0].start, rows[-1][-1].end)
        raw = [c.raw for r in rows for c in r]
        if scores[0] != scores[1]:
            pick = rows if scores[0] < scores[1] else cols
            for key, r in zip(keys, pick):
                _assign(cells, key, r, quality="approx", flag="order_inferred")
            issues.append(Issue("order_inferred", f"{len(keys)} T3 rows listed before their values; read "
                                f"{'row by row' if pick is rows else 'column by column'} (fewer 勾稽 failures)",
                                "T3", ",".join(keys), span, raw))
        else:
            for key, r in zip(keys, rows):
                _assign(cells, key, r, quality="ambiguous", flag="ambiguous_order")
            issues.append(Issue("ambiguous_order", f"{len(keys)} T3 rows listed before their values; row-by-row "
                                "and column-by-column readings differ and the 勾稽 rules cannot tell them "
                                "apart; read row by row, cells flagged ambiguous", "T3", ",".join(keys), span, raw))


def _t3_table(version: str, cells: dict, region: Region | None, labeled: dict | None, *,
              found: bool) -> dict:
    rows = {}
    for r in T3_ROWS[version]:
        if not r["data"]:
            continue
        got = cells.get(r["key"], {})
        rows[r["key"]] = {c: got.get(c) for c in T3_COLUMNS}
    if version == "std2021" and "other_total" in cells:
        rows["other_total"] = {c: cells["other_total"].get(c) for c in T3_COLUMNS}
    return {
        "found": found and bool(cells),
        "version": version,
        "encoding": region.encoding if region else None,
        "span": list(region.span) if region else None,
        "columns": list(T3_COLUMNS),
        "rows": rows,
    }


# -- T2 ---------------------------------------------------------------------------------------

def _t2_row_index() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for tid, t in T2_TABLES.items():
        for v in t["versions"].values():
            for r in v["rows"]:
                for lab in [r["label"], *r["aliases"], *r.get("typos", [])]:
                    out.setdefault(match_form(lab), (tid, r["key"]))
    return out


def _t2_header_index() -> dict[str, list[tuple[str, str, str, int]]]:
    """match form → [(table id, version, column key, score)]; 2 = the version's own label."""
    out: dict[str, list] = {}
    for tid, t in T2_TABLES.items():
        for v, spec in t["versions"].items():
            for c in spec["columns"]:
                out.setdefault(match_form(c["label"]), []).append((tid, v, c["key"], 2))
                for a in [*c["aliases"], *c.get("loose_aliases", [])]:
                    out.setdefault(match_form(a), []).append((tid, v, c["key"], 1))
    return out


T2_ROWS = _t2_row_index()
T2_HEADERS = _t2_header_index()
T2_ITEM_OF_ROW = {tid: {r["key"] for v in t["versions"].values() for r in v["rows"]} for tid, t in T2_TABLES.items()}


def _header_keys(pieces: list[Item], tid: str) -> tuple[list[tuple[str, dict[str, int]]], list[str]]:
    """Resolve header cells (possibly wrapped into pieces) into columns of table ``tid``.

    Returns [(column key, {version: score})] in order, and the unresolved texts."""
    cols: list[tuple[str, dict[str, int]]] = []
    unresolved: list[str] = []
    texts = [p.mf for p in pieces if p.mf and p.mf != "信息内容"]
    i = 0
    while i < len(texts):
        for n in (1, 2, 3):
            cand = "".join(texts[i:i + n])
            hits = [h for h in T2_HEADERS.get(cand, []) if h[0] == tid]
            if hits:
                by_key: dict[str, dict[str, int]] = {}
                for _, v, key, score in hits:
                    by_key.setdefault(key, {})[v] = max(score, by_key.get(key, {}).get(v, 0))
                key = max(by_key, key=lambda k: max(by_key[k].values()))
                cols.append((key, by_key[key]))
                i += n
                break
        else:
            unresolved.append(texts[i])
            i += 1
    return cols, unresolved


def parse_t2(regions: list[Region], version_hint: str) -> tuple[dict, list[Issue], list[dict]]:
    """All T2 sub-tables (第二十条 (一)(五)(六)(八)(九)) found in ``regions``."""
    issues: list[Issue] = []
    unmatched: list[dict] = []
    subs: dict[str, dict] = {}   # tid → {"caption", "headers": [Item], "rows": {key: [Item]}, "span"}

    for region in regions:
        cur_tid: str | None = None
        header: list[Item] = []
        header_open = False
        row: tuple[str, str] | None = None
        row_vals: list[Item] = []
        row_label: Item | None = None
        pending_text: list[Item] = []

        def close_row() -> None:
            nonlocal row, row_vals, row_label
            if row is not None:
                sub = subs.setdefault(row[0], _new_sub())
                if row[1] in sub["rows"]:
                    issues.append(Issue("duplicate_row", f"T2 {row[0]} row {row[1]} appears twice; the first kept",
                                        row[0], row[1], (row_label.start, row_label.end), [row_label.raw]))
                else:
                    sub["rows"][row[1]] = list(row_vals)
                    sub["labels"][row[1]] = row_label
                    _extend_span(sub, row_label, row_vals)
                    if sub["encoding"] is None:
                        sub["encoding"] = region.encoding
            row, row_vals, row_label = None, [], None

        for it in region.items:
            if it.kind == BREAK:
                if row is not None and row_vals:
                    close_row()
                continue
            if it.kind == "value":
                if row is not None:
                    row_vals.append(it)
                elif not it.empty and pending_text:
                    # values under a label that is not a standard T2 row: keep them
                    unmatched.append({"table": cur_tid, "label": "".join(p.raw for p in pending_text),
                                      "raw": it.raw, "span": [it.start, it.end]})
                elif not it.empty:
                    issues.append(Issue("orphan_values", f"T2 value {it.raw!r} not under a row label",
                                        cur_tid or "T2", None, (it.start, it.end), [it.raw]))
                continue
            mf = it.mf
            m = _CAPTION.search(mf)
            if m:
                close_row()
                cur_tid = CAPTION_ITEM.get(m.group(1))
                if cur_tid is None:
                    issues.append(Issue("unknown_caption", f"T2 caption for item ({m.group(1)}) is not a "
                                        "standard table", None, None, (it.start, it.end), [it.raw]))
                else:
                    sub = subs.setdefault(cur_tid, _new_sub())
                    sub["caption"] = it.raw
                    _extend_span(sub, it, [])
                header, header_open, pending_text = [], False, []
                continue
            hit = T2_ROWS.get(mf)
            if hit is None and len(strip_numbering(mf)) >= 2:
                hit = T2_ROWS.get(strip_numbering(mf))
            if hit is None and len(mf) >= 4:           # a wrapped row label: 其他对外管理服务事 / 项
                cands = {v for k, v in T2_ROWS.items() if k.startswith(mf)}
                hit = cands.pop() if len(cands) == 1 else None
            if hit is not None:
                close_row()
                tid, key = hit
                if cur_tid is not None and cur_tid != tid:
                    issues.append(Issue("caption_mismatch", f"T2 row {it.raw!r} belongs to {tid}, not to the "
                                        f"caption's {cur_tid}; placed in {tid}", tid, key, (it.start, it.end),
                                        [it.raw]))
                if header:
                    subs.setdefault(tid, _new_sub())["headers"] = list(header)
                    header = []
                header_open = False
                cur_tid = tid
                row, row_vals, row_label, pending_text = (tid, key), [], it, []
                continue
            if mf == "信息内容":
                close_row()
                header, header_open, pending_text = [it], True, []
                continue
            if header_open or (row is None and any(mf in h or h.startswith(mf) for h in T2_HEADERS)):
                header.append(it)
                header_open = True
                continue
            if row is not None and not row_vals:
                row_label = Item("text", row_label.raw + it.raw, row_label.start, it.end, row_label.line)
                continue
            close_row()
            pending_text.append(it)
        close_row()

    tables: dict[str, dict] = {}
    versions: list[str] = []
    for tid, sub in subs.items():
        table, v, sub_issues = _resolve_t2_sub(tid, sub, version_hint)
        tables[tid] = table
        issues.extend(sub_issues)
        if v:
            versions.append(v)
    overall = _majority(versions) or (version_hint if version_hint in ("std2019", "std2021") else "std2021")
    for tid, t in T2_TABLES.items():
        if tid not in tables and overall in t["versions"]:
            tables[tid] = _t2_empty(tid, overall)
    order = [tid for tid in T2_TABLES if tid in tables]
    return {"found": bool(subs), "version": overall, "tables": {tid: tables[tid] for tid in order}}, issues, unmatched


def _new_sub() -> dict:
    return {"caption": None, "headers": [], "rows": {}, "labels": {}, "span": None, "encoding": None}


def _extend_span(sub: dict, first: Item, rest: list[Item]) -> None:
    s = first.start
    e = max([first.end] + [r.end for r in rest])
    if sub["span"] is None:
        sub["span"] = [s, e]
    else:
        sub["span"] = [min(sub["span"][0], s), max(sub["span"][1], e)]


def _t2_empty(tid: str, version: str) -> dict:
    spec = T2_TABLES[tid]["versions"][version]
    return {"found": False, "version": version, "caption": None, "encoding": None, "span": None,
            "columns": [c["key"] for c in spec["columns"]],
            "rows": {r["key"]: {c["key"]: None for c in spec["columns"]} for r in spec["rows"]}}


def _majority(vs: list[str]) -> str | None:
    if not vs:
        return None
    return max(sorted(set(vs)), key=vs.count)


def _resolve_t2_sub(tid: str, sub: dict, hint: str) -> tuple[dict, str | None, list[Issue]]:
    issues: list[Issue] = []
    versions = T2_TABLES[tid]["versions"]
    cols, unresolved = _header_keys(sub["headers"], tid)
    score = {v: 0 for v in versions}
    for _, vs in cols:
        for v, s in vs.items():
            if v in score:
                score[v] += s
    if max(score.values(), default=0) > 0 and len(set(score.values())) > 1:
        version = max(score, key=lambda v: score[v])
    else:
        # no header or it fits both versions: the number of values decides, then the report
        fits = [v for v, spec in versions.items()
                if any(_trimmed_len(vals, len(spec["columns"])) == len(spec["columns"])
                       for vals in sub["rows"].values())]
        if len(fits) == 1:
            version = fits[0]
        elif hint in versions:
            version = hint
        else:
            version = "std2021" if "std2021" in versions else "std2019"
    spec = versions[version]
    template = [c["key"] for c in spec["columns"]]
    header_cols = [k for k, _ in cols]
    if unresolved:
        issues.append(Issue("unknown_header", f"T2 {tid} header cell(s) not recognised: {', '.join(unresolved)}",
                        tid, None, tuple(sub["span"]) if sub["span"] else None, unresolved))
    if header_cols and header_cols != template:
        if set(header_cols) <= set(template) and len(set(header_cols)) == len(header_cols):
            pass          # a subset / reordering of the template: map by the header
        else:
            issues.append(Issue("header_mismatch", f"T2 {tid} header {header_cols} does not match the {version} "
                                f"columns {template}; values mapped by the {version} template", tid, None,
                                tuple(sub["span"]) if sub["span"] else None, header_cols))
            header_cols = []
    columns = header_cols or template
    rows: dict[str, dict[str, Cell | None]] = {r["key"]: {c: None for c in template} for r in spec["rows"]}
    for key, vals in sub["rows"].items():
        if key not in rows:
            other = [v for v in versions if any(r["key"] == key for r in versions[v]["rows"])]
            issues.append(Issue("row_not_in_version", f"T2 {tid} row {key} is not part of the {version} table "
                                f"(it belongs to {', '.join(other)}); kept as an extra row", tid, key,
                                None, [v.raw for v in vals]))
            rows[key] = {c: None for c in template}
        vals = list(vals)
        n = _trimmed_len(vals, len(columns))
        vals = vals[:n]
        label = sub["labels"].get(key)
        if n == len(columns):
            for col, it in zip(columns, vals):
                rows[key][col] = it.cell()
        elif n == len(template) and columns is not template:
            for col, it in zip(template, vals):
                rows[key][col] = it.cell()
        else:
            issues.append(Issue("cell_count", f"T2 {tid} row {key}: {n} value(s) for {len(columns)} "
                                "column(s); not placed", tid, key,
                                (label.start, label.end) if label else None, [v.raw for v in vals]))
    table = {"found": True, "version": version, "caption": sub["caption"], "encoding": sub["encoding"],
             "span": sub["span"], "columns": template, "rows": rows}
    return table, version, issues


def _trimmed_len(vals: list[Item], want: int) -> int:
    n = len(vals)
    while n > want and vals[n - 1].empty:
        n -= 1
    return n


# -- T4 ---------------------------------------------------------------------------------------

T4_COLUMNS = [c["key"] for c in T4_SPEC["columns"]]
_T4_WORDS = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
             "未经复议直接起诉", "复议后起诉", "结果", "维持", "纠正", "其他", "尚未", "审结")


def _t4_header(mf: str) -> bool:
    return bool(mf) and (any(w in mf for w in _T4_WORDS) or len(mf) <= 4 and not is_number_text(mf))


def parse_t4(region: Region | None) -> tuple[dict, list[Issue]]:
    issues: list[Issue] = []
    if region is None:
        return _t4_table({}, None, found=False), issues
    groups: list[list[Item]] = [[]]
    extra_text: list[Item] = []
    for it in region.items:
        if it.kind == BREAK:
            continue
        if it.kind == "text":
            if _t4_header(it.mf):
                if groups[-1]:
                    groups.append([])
            else:
                extra_text.append(it)
            continue
        groups[-1].append(it)
    groups = [g for g in groups if any(not v.empty for v in g)]
    values: list[Item] = []
    if groups:
        last = _trim(groups[-1], len(T4_COLUMNS))
        if len(last) == len(T4_COLUMNS):
            values = last
        else:
            joined = [v for g in groups for v in _trim(g, len(T4_COLUMNS))]
            values = joined if len(joined) == len(T4_COLUMNS) else last
    for t in extra_text:
        issues.append(Issue("unknown_text", f"T4 text not part of the standard header: {t.raw!r}", "T4", None,
                            (t.start, t.end), [t.raw]))
    if values and len(values) != len(T4_COLUMNS):
        issues.append(Issue("cell_count", f"T4: {len(values)} value(s) for {len(T4_COLUMNS)} cells; not placed",
                            "T4", None, (values[0].start, values[-1].end), [v.raw for v in values]))
        return _t4_table({}, region, found=False), issues
    cells = {k: it.cell() for k, it in zip(T4_COLUMNS, values)}
    return _t4_table(cells, region, found=bool(cells)), issues


def _trim(vals: list[Item], want: int) -> list[Item]:
    vals = list(vals)
    while len(vals) > want and vals[-1].empty:
        vals.pop()
    while len(vals) > want and vals[0].empty:
        vals.pop(0)
    return vals


def _t4_table(cells: dict, region: Region | None, *, found: bool) -> dict:
    return {"found": found, "encoding": region.encoding if region else None,
            "span": list(region.span) if region else None, "columns": list(T4_COLUMNS),
            "values": {k: cells.get(k) for k in T4_COLUMNS}}
