"""The standard tables (T2 第二十条, T3 申请, T4 复议/诉讼) and the old statistics tables as
grids of labeled cells, with numbers that satisfy the 勾稽 rules of FORMATS.md §2.5 — or
break one on purpose, recorded in ``Table.broken``.

A ``Table`` is an HTML-like grid: every row holds its origin cells (with colspan/rowspan)
and a ``covered`` placeholder wherever a rowspan from above reaches into it. Each cell
carries its role (docs/schema.md §3) and each row its section (rule 4, and rule 5 row by row
for old statistics tables). Renderers in ``render.py`` only lay cells out; they never
decide a label.

Row and column labels, and how the old statistics tables (国办发〔2014〕32号, the Shandong
provincial table) lay their rows out, come from ``gainlp/data/official_tables.json``
(``gainlp.standard.spec``).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..standard.spec import OFFICIAL, OLD_STATS_ROWS, T2_TABLES, T4_SPEC, t3_outcomes, t3_rows

CN_NUM = "零一二三四五六七八九十"


def cn_numeral(n: int) -> str:
    if n <= 10:
        return CN_NUM[n]
    if n < 20:
        return "十" + (CN_NUM[n - 10] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return CN_NUM[tens] + "十" + (CN_NUM[ones] if ones else "")


@dataclass
class Cell:
    text: str
    role: str = "table_cell"
    colspan: int = 1
    rowspan: int = 1
    covered: bool = False
    number: bool = False      # a value cell holding a number (or blank for an unfilled one)
    vertical: bool = False    # a tall merged label (PDF may print it one character per line)


@dataclass
class Row:
    cells: list[Cell]
    kind: str                 # caption / header / data / note
    section: str
    key: str = ""


@dataclass
class Table:
    name: str                 # T2 / T3 / T4 / OLD
    ncols: int
    rows: list[Row]
    section: str
    data: dict = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)
    pre: list[tuple[str, str, str]] = field(default_factory=list)   # lines before the grid: (text, section, role)
    post: list[tuple[str, str, str]] = field(default_factory=list)  # lines after the grid


def _covered() -> Cell:
    return Cell("", "blank", covered=True)


def _num_text(v, opts: dict) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        s = f"{v:.2f}".rstrip("0").rstrip(".") if opts.get("strip_decimals") else f"{v:.2f}"
        if opts.get("unit"):
            s += "万元"
        return s
    if isinstance(v, str):
        return v
    if v == 0 and opts.get("zero_blank"):
        return ""
    s = str(v)
    if opts.get("fw_space"):
        s = "\u3000" + s
    return s


def _numcell(v, opts: dict, colspan: int = 1) -> Cell:
    return Cell(_num_text(v, opts), "table_cell", colspan=colspan, number=True)


def _version(fmt: str) -> str:
    """The version of the standard tables a report format prints: 2019's for std2019, else 2021's."""
    return "std2019" if fmt == "std2019" else "std2021"


# ----------------------------------------------------------------------------------------
# T2 — 第二十条
# ----------------------------------------------------------------------------------------
def _caption_text(item: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.7:
        return f"第二十条第（{item}）项"
    if style < 0.9:
        return f"第二十条第({item})项"
    return f"第二十条 第（{item}）项"


# fact names behind each row's value cells, per version and row key
_T2_FACTS = {
    "std2019": {"regulations": "t2_reg_new t2_reg_pub t2_reg_total", "normative_docs": "n_doc n_doc t2_doc_total",
                "admin_license": "t2_lic_items t2_lic_change n_lic",
                "other_external_services": "t2_svc_items t2_svc_change t2_svc_dec",
                "admin_penalty": "t2_pen_items t2_pen_change n_pen", "admin_coercion": "t2_coe_items t2_coe_change n_coe",
                "admin_fees": "t2_fee_items t2_fee_change", "central_procurement": "t2_proc_items t2_proc_amt"},
    "std2021": {"regulations": "t2_reg_new t2_reg_rep t2_reg_total", "normative_docs": "n_doc n_rep n_valid",
                "admin_license": "n_lic", "admin_penalty": "n_pen", "admin_coercion": "n_coe", "admin_fees": "t2_fee_amt"},
}
_CAPTION_ITEM = re.compile(r"（(.)）")


def _t2_row_label(tid: str, row: dict, version: str, rng: random.Random, opts: dict) -> str:
    label = row["label"]
    if version == "std2021" and opts.get("old_labels"):  # a 2021 report keeping the 2019 wording
        old = T2_TABLES[tid]["versions"].get("std2019", {}).get("rows", [])
        label = next((r["label"] for r in old if r["key"] == row["key"]), label)
    if row.get("typos") and rng.random() < 0.03:
        label = row["typos"][0]
    return label


def build_t2(fmt: str, facts: dict, rng: random.Random, opts: dict) -> Table:
    rows: list[Row] = []
    S = "s2"
    version = _version(fmt)

    def widen(cells: list[Cell]) -> list[Cell]:
        if len(cells) < 4:
            cells[-1].colspan = 4 - len(cells) + 1
        return cells

    for tid, table in T2_TABLES.items():
        spec = table["versions"].get(version)
        if spec is None:
            continue
        item = _CAPTION_ITEM.search(table["caption"]).group(1)
        rows.append(Row([Cell(_caption_text(item, rng), "table_caption", colspan=4)], "caption", S, f"cap{item}"))
        labels = [OFFICIAL["T2"]["label_column"]]
        for c in spec["columns"]:
            labels.append(c["label"].replace("：", ":") if "：" in c["label"] and rng.random() >= 0.8 else c["label"])
        rows.append(Row(widen([Cell(t, "table_header") for t in labels]), "header", S))
        for r in spec["rows"]:
            label = _t2_row_label(tid, r, version, rng, opts)
            values = [_signed(facts[n]) if c["type"] == "signed_int" else facts[n]
                      for n, c in zip(_T2_FACTS[version][r["key"]].split(), spec["columns"])]
            cells = [Cell(label, "table_row_header")] + [_numcell(v, opts) for v in values]
            rows.append(Row(widen(cells), "data", S, r["key"]))
    return Table("T2", 4, rows, S)


def _signed(v) -> str:
    return v if isinstance(v, str) else str(v)


# ----------------------------------------------------------------------------------------
# T3 — 收到和处理政府信息公开申请情况
# ----------------------------------------------------------------------------------------
# the generator's row keys (they name broken rules: T3.rule3.new): spec keys, shortened
_T3_SHORT = {"new_received": "new", "carried_over": "carry", "carry_forward": "forward", "other_total": "other",
             "not_processed": "np"}
_REASON = re.compile(r"^(\d+)\.(.*)$")   # 1.属于国家秘密


def _t3_spec_rows(fmt: str) -> dict[str, dict]:
    """Generator key → spec row, for the rows that hold numbers."""
    out = {}
    for r in t3_rows(_version(fmt)):
        if r["level"] == 2:
            key = f"{_T3_SHORT.get(r['group'], r['group'])}_{_REASON.match(r['label']).group(1)}"
        else:
            key = _T3_SHORT.get(r["key"], r["key"])
        if r["data"]:
            out[key] = r
    return out


OUTCOME_WEIGHTS = {"granted": 8, "partial": 2, "denied_1": 0.2, "denied_2": 0.3, "denied_3": 0.1,
                   "denied_4": 0.6, "denied_5": 0.3, "denied_6": 0.4, "denied_7": 0.2, "denied_8": 0.3,
                   "unable_1": 4, "unable_2": 0.6, "unable_3": 0.5, "np_1": 0.8, "np_2": 0.6,
                   "np_3": 0.2, "np_4": 0.1, "np_5": 0.3, "other_1": 0.5, "other_2": 0.1,
                   "other_3": 0.7, "other": 1.0}


def t3_outcome_keys(fmt: str) -> list[str]:
    spec = t3_outcomes(_version(fmt))
    return [k for k, r in _t3_spec_rows(fmt).items() if r["key"] in spec]


def make_t3_numbers(fmt: str, scale: int, rng: random.Random, zero: bool) -> dict[str, list[int]]:
    """Numbers per row key, 7 columns each (6 applicant columns + 总计), satisfying rules 1-3."""
    outs = t3_outcome_keys(fmt)
    rows: dict[str, list[int]] = {k: [0] * 7 for k in ["new", "carry"] + outs + ["results_total", "forward"]}
    if not zero:
        col_share = [1.0, 0.25, 0.03, 0.03, 0.05, 0.08]
        for c in range(6):
            if c > 0 and rng.random() < 0.55:
                continue
            lam = scale * col_share[c] * rng.uniform(0.3, 1.4)
            new = int(round(lam))
            if c == 0 and new == 0:
                new = rng.randint(1, 3)
            carry = rng.randint(0, max(0, new // 8)) if rng.random() < 0.3 else 0
            fwd = rng.randint(0, max(0, (new + carry) // 8)) if rng.random() < 0.3 else 0
            done = new + carry - fwd
            rows["new"][c], rows["carry"][c], rows["forward"][c] = new, carry, fwd
            weights = [OUTCOME_WEIGHTS[k] * rng.uniform(0.2, 1.8) for k in outs]
            for _ in range(done):
                k = rng.choices(outs, weights)[0]
                rows[k][c] += 1
    for k, v in rows.items():
        if k == "results_total":
            continue
        v[6] = sum(v[:6])
    for c in range(7):
        rows["results_total"][c] = sum(rows[k][c] for k in outs)
    return rows


def check_t3(fmt: str, rows: dict[str, list[int]]) -> list[str]:
    """Violated 勾稽 rules of T3 (FORMATS.md §2.5 rules 1-3)."""
    bad: list[str] = []
    outs = t3_outcome_keys(fmt)
    for c in range(7):
        if rows["new"][c] + rows["carry"][c] != rows["results_total"][c] + rows["forward"][c]:
            bad.append(f"T3.rule1.col{c}")
        if rows["results_total"][c] != sum(rows[k][c] for k in outs):
            bad.append(f"T3.rule2.col{c}")
    for k, v in rows.items():
        if v[6] != sum(v[:6]):
            bad.append(f"T3.rule3.{k}")
    return bad


def break_t3(fmt: str, rows: dict[str, list[int]], rng: random.Random) -> None:
    kind = rng.choice(["total_col", "results_total", "forward", "outcome"])
    delta = rng.choice([-2, -1, 1, 1, 2, 3])
    if kind == "total_col":
        k = rng.choice(list(rows))
        rows[k][6] += abs(delta)
    elif kind == "results_total":
        c = rng.randrange(7)
        rows["results_total"][c] = abs(rows["results_total"][c] + delta)
        if rows["results_total"][c] == sum(rows[k][c] for k in t3_outcome_keys(fmt)):
            rows["results_total"][c] += 1
    elif kind == "forward":
        rows["forward"][6] += abs(delta)
    else:
        k = rng.choice(t3_outcome_keys(fmt))
        rows[k][6] += abs(delta)


def build_t3(fmt: str, nums: dict[str, list[int]], rng: random.Random, opts: dict) -> Table:
    S = "s3"
    rows: list[Row] = []
    t3 = OFFICIAL["T3"]
    cols = [c["label"] for c in t3["columns"]]
    note = t3["note"]
    if opts.get("wrap_header"):
        cut = rng.choice([12, 18, 20])
        note = note[:cut] + "\n" + note[cut:]
    other_lbl = cols[5] if not opts.get("wrap_header") else rng.choice([cols[5], cols[5][0] + "\n" + cols[5][1:]])
    def h(t):
        if opts.get("wrap_header") and len(t) == 4 and rng.random() < 0.5:
            return t[:2] + "\n" + t[2:]
        return t
    rows.append(Row([Cell(note, "table_note", colspan=3, rowspan=3), Cell(t3["header"], "table_header", colspan=7)],
                    "header", S, "h1"))
    rows.append(Row([_covered(), Cell(cols[0], "table_header", rowspan=2),
                     Cell(t3["columns"][1]["group"], "table_header", colspan=5),
                     Cell(cols[6], "table_header", rowspan=2)], "header", S, "h2"))
    rows.append(Row([_covered(), _covered()] + [Cell(h(t), "table_header") for t in cols[1:5]]
                    + [Cell(other_lbl, "table_header"), _covered()], "header", S, "h3"))
    sep = opts.get("sub_sep", ".")

    def nums_cells(key):
        return [_numcell(v, opts) for v in nums[key]]

    spec = _t3_spec_rows(fmt)
    group_label = {r["key"]: r["label"] for r in t3_rows(_version(fmt)) if not r["data"]}
    for k in ("new", "carry"):
        rows.append(Row([Cell(spec[k]["label"], "table_row_header", colspan=3)] + nums_cells(k), "data", S, k))
    outs = t3_outcome_keys(fmt)
    n_result_rows = len(outs) + 1
    first = True
    seen_groups: set[str] = set()
    group_sizes = {g: sum(1 for k in outs if spec[k]["group"] == g) for g in group_label}
    reworded = spec["np_1"]["aliases"][0] if rng.random() < 0.05 else None   # 1.信访举报投诉诉求类申请
    for k in outs + ["results_total"]:
        cells: list[Cell] = []
        if first:
            cells.append(Cell(group_label["results"], "table_row_header", rowspan=n_result_rows, vertical=True))
            first = False
        else:
            cells.append(_covered())
        g = spec[k]["group"]
        if g == "results":
            cells.append(Cell(spec[k]["label"], "table_row_header", colspan=2))
        else:
            if g not in seen_groups:
                seen_groups.add(g)
                cells.append(Cell(group_label[g], "table_row_header", rowspan=group_sizes[g]))
            else:
                cells.append(_covered())
            idx, lbl = _REASON.match(reworded if (k == "np_1" and reworded) else spec[k]["label"]).groups()
            cells.append(Cell(f"{idx}{sep}{lbl}", "table_row_header"))
        rows.append(Row(cells + nums_cells(k), "data", S, k))
    rows.append(Row([Cell(spec["forward"]["label"], "table_row_header", colspan=3)] + nums_cells("forward"),
                    "data", S, "forward"))
    return Table("T3", 10, rows, S, data={"fmt": fmt, "rows": nums})


# ----------------------------------------------------------------------------------------
# T4 — 行政复议、行政诉讼
# ----------------------------------------------------------------------------------------
def make_t4_numbers(rng: random.Random, zero: bool) -> list[int]:
    vals: list[int] = []
    for _ in range(3):
        block = [0, 0, 0, 0]
        if not zero and rng.random() < 0.6:
            for _ in range(rng.randint(1, 4)):
                block[rng.choices(range(4), [5, 1, 1.5, 2])[0]] += 1
        vals += block + [sum(block)]
    return vals


def check_t4(vals: list[int]) -> list[str]:
    return [f"T4.rule4.block{b}" for b in range(3) if vals[5 * b + 4] != sum(vals[5 * b:5 * b + 4])]


def break_t4(vals: list[int], rng: random.Random) -> None:
    b = rng.randrange(3)
    vals[5 * b + 4] += rng.choice([1, 1, 2])


def build_t4(vals: list[int], rng: random.Random, opts: dict) -> Table:
    S = "s4"
    wrap = opts.get("wrap_header")

    def h(t):
        if wrap and len(t) == 4 and rng.random() < 0.7:
            return t[:2] + "\n" + t[2:]
        return t
    # labels are paths: 行政复议/结果维持, 行政诉讼/未经复议直接起诉/结果维持, 行政诉讼/复议后起诉/…
    review, direct, after = (c["label"].split("/") for c in T4_SPEC["columns"][::5])
    outcomes = [c["label"].split("/")[-1] for c in T4_SPEC["columns"][:5]]
    rows = [
        Row([Cell(review[0], "table_header", colspan=5), Cell(direct[0], "table_header", colspan=10)], "header", S, "h1"),
        Row([Cell(h(t), "table_header", rowspan=2) for t in outcomes]
            + [Cell(direct[1], "table_header", colspan=5), Cell(after[1], "table_header", colspan=5)],
            "header", S, "h2"),
        Row([_covered() for _ in range(5)] + [Cell(h(t), "table_header") for t in outcomes * 2], "header", S, "h3"),
        Row([_numcell(v, opts) for v in vals], "data", S, "values"),
    ]
    return Table("T4", 15, rows, S, data={"values": vals})


# ----------------------------------------------------------------------------------------
# Old statistics tables (国办发〔2014〕32号 national, Shandong 14-item, 7-item remnant)
# ----------------------------------------------------------------------------------------
_LAYOUT = OFFICIAL["OLD"]["layout"]
_TOP_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_NUMBER = re.compile(r"^(?:（[一二三四五六七八九十]+）|\d+\.)")


class OldRow(NamedTuple):
    key: str
    label: str      # a top row's without its number (the table numbers its top rows in order)
    unit: str
    parent: str | None
    section: str
    depth: int      # indentation: 0 a top row, 1 its sub-rows, 2 deeper


def old_rows(variant: str) -> list[OldRow]:
    """The rows of one old-table variant in print order (``official_tables.json`` OLD.layout)."""
    known = {r["key"]: r for r in OLD_STATS_ROWS + _LAYOUT["extra_rows"]}
    out: list[OldRow] = []
    for name in _LAYOUT["variants"][variant]:
        block = _LAYOUT["blocks"][name]
        sections: dict[str, str] = {}
        numbered: dict[str, int] = {}   # parent → numbered sub-rows so far
        for entry in block["rows"]:
            e = entry if isinstance(entry, dict) else {"row": entry}
            r = known[e["row"]]
            parent = r["parent"]
            sections[r["key"]] = e.get("section") or sections.get(parent) or block["section"]
            if parent is None:
                label, depth = _TOP_NUMBER.sub("", r["label"]), 0
            else:
                label = r["label"]
                m = _SUB_NUMBER.match(label)
                if m:
                    n = numbered[parent] = numbered.get(parent, 0) + 1
                    label = (f"（{cn_numeral(n)}）" if label[0] == "（" else f"{n}.") + label[m.end():]
                depth = e.get("indent", 1 if known[parent]["parent"] is None else 2)
            out.append(OldRow(r["key"], label, r["unit"] or "", parent, sections[r["key"]], depth))
    return out


def make_old_numbers(variant: str, facts: dict, rng: random.Random, sparse: bool) -> dict[str, object]:
    """Values per row key; None = cell left unfilled (seed 003). Group rows hold None."""
    rows = old_rows(variant)
    keys = [r.key for r in rows]
    children: dict[str, list[str]] = {}
    for r in rows:
        if r.parent:
            children.setdefault(r.parent, []).append(r.key)
    v: dict[str, object] = {k: None for k in keys}

    def split(total: int, ks: list[str]):
        parts = [0] * len(ks)
        for _ in range(total):
            parts[rng.randrange(len(ks))] += 1
        for k, p in zip(ks, parts):
            v[k] = p

    small = lambda hi: rng.randint(0, hi)  # noqa: E731
    v["p_total"] = facts["n_pub"]
    v["p_norm_published"] = facts["n_doc"]
    v["p_norm_issued"] = facts["n_doc"] + (rng.randint(0, 2) if rng.random() < 0.3 else 0)
    web = facts["n_pub"] - rng.randint(0, facts["n_pub"] // 5)
    v["p_ch_website"], v["p_ch_gazette"] = web, small(3)
    v["p_ch_weibo"], v["p_ch_wechat"] = small(facts["n_pub"] // 3), small(facts["n_pub"] // 2)
    v["p_ch_other"] = small(20)
    v["r_hot"] = facts["n_hot"]
    v["r_presser"] = facts["n_press"]
    v["r_presser_lead"] = small(v["r_presser"])
    v["r_interview"] = small(4)
    v["r_interview_lead"] = small(v["r_interview"])
    v["r_interpret"] = facts["n_interp"]
    v["r_weibo_wechat"], v["r_other"] = small(30), small(40)
    if "a" in keys:
        apps = facts["apps"]
        v["a_received"] = apps
        split(apps, children["a_received"])
        done = apps - facts.get("apps_fwd", 0)
        v["a_closed"] = done
        split(done, children["a_closed"])
        v["a_answered"] = done
        denied = rng.randint(0, done // 6) if done else 0
        split(done - denied, [k for k in children["a_answered"] if k != "a_ans_deny"])
        v["a_ans_deny"] = denied
        split(denied, children["a_ans_deny"])
        for parent in (k for k in ("rv", "lt", "cp") if k in keys):
            tot = rng.choice([0, 0, 0, 0, 1, 2])
            v[parent] = tot
            split(tot, children[parent])
    if "consult" in keys:  # 咨询 counts (a municipal table's block, LABELS.md rule 15: s1.2)
        v["consult_total"] = rng.randint(0, 2000)
        split(v["consult_total"], children["consult_total"])
    if "lib" in keys:
        v["lib"] = small(60)
        split(v["lib"], children["lib"])
        v["gazette_issues"], v["gazette_copies"] = small(12), small(5000)
    lvl = facts["level_idx"]
    for parent in ("web", "readpoints", "visitors"):
        if parent in keys:
            kids = children[parent]
            tot = {"web": rng.randint(1, 3), "readpoints": rng.randint(1, 4), "visitors": rng.randint(0, 800)}[parent]
            v[parent] = tot
            parts = [0, 0, 0]
            parts[min(2, max(0, lvl - 1))] = tot
            for k, p in zip(kids, parts):
                v[k] = p
    if "fees" in keys:
        v["fees"] = 0 if facts["fee"] == 0 else round(facts["fee"] / 10000, 4)
    v["org_units"] = rng.randint(0, 2)
    if "org_readpoints" in keys:
        v["org_readpoints"] = rng.randint(1, 3)
    v["org_staff_full"], v["org_staff_part"] = rng.randint(0, 3), rng.randint(0, 5)
    v["org_staff"] = v["org_staff_full"] + v["org_staff_part"]
    v["org_budget"] = rng.choice([0, 0, 0.5, 1, 2, 3.5, 5, 10])
    v["mt_meetings"], v["mt_classes"] = facts["n_meet"], facts["n_train"]
    v["mt_trainees"] = facts["n_trainees"]
    if sparse:  # many sub-rows left blank (seed 003): blank means "not filled", never breaks a sum
        for r in rows:
            if r.parent and v[r.key] == 0 and rng.random() < 0.7:
                v[r.key] = None
    return v


def check_old(variant: str, values: dict) -> list[str]:
    kids: dict[str, list[str]] = {}
    for r in old_rows(variant):
        if r.parent:
            kids.setdefault(r.parent, []).append(r.key)
    bad = []
    for parent, name in _LAYOUT["sums"].items():
        if parent not in values or values[parent] is None:
            continue
        ks = kids.get(parent, [])
        if not ks or all(values.get(k) is None for k in ks):
            continue
        if sum((values.get(k) or 0) for k in ks) != values[parent]:
            bad.append(f"OLD.sum.{name}")
    return bad


def break_old(variant: str, values: dict, rng: random.Random) -> None:
    cands = [p for p in _LAYOUT["sums"] if values.get(p) is not None]
    if cands:
        p = rng.choice(cands)
        values[p] = values[p] + rng.choice([1, 2, 3])


def build_old(variant: str, values: dict, rng: random.Random, opts: dict, pre: list, post: list) -> Table:
    rows_def = old_rows(variant)
    rows: list[Row] = []
    r = rng.random()  # the header's wordings: 统计指标 单位 统计数, or 指标名称 计量单位 数量 (or the year)
    hdr = (["统　计　指　标" if r < 0.3 else "统计指标", "单位", "统计数"] if r < 0.8
           else ["指标名称", "计量单位", rng.choice(["数量", "统计数", "本年"])])
    rows.append(Row([Cell(t, "table_header") for t in hdr], "header", "s6", "hdr"))
    top = 0
    indent = opts.get("indent", True)
    for row in rows_def:
        label = row.label
        if row.parent is None:
            top += 1
            label = f"{cn_numeral(top)}、{label}"
            pad = ""
        else:
            pad = ("　　" * row.depth + ("　　　" if label.startswith("其中") or row.depth == 2 else "")) if indent else ""
        val = values.get(row.key)
        if isinstance(val, float):
            txt = f"{val:g}"
        else:
            txt = _num_text(val, {})
        cells = [Cell(pad + label, "table_row_header"), Cell(row.unit, "table_cell"), Cell(txt, "table_cell", number=True)]
        rows.append(Row(cells, "data", row.section, row.key))
    return Table("OLD", 3, rows, "s6", data={"variant": variant, "values": values}, pre=pre, post=post)


def table_numbers(table: Table) -> dict:
    """Parse the numbers back out of a table's cell texts (what the tests check 勾稽 on)."""
    def num(c: Cell):
        t = c.text.replace("\u3000", "").strip()
        if t == "":
            return None
        if t.endswith("万元"):
            t = t[:-2]
        return float(t) if "." in t else int(t)
    if table.name == "T3":
        out = {}
        for r in table.rows:
            if r.kind == "data":
                out[r.key] = [num(c) or 0 for c in r.cells if c.number]
        return out
    if table.name == "T4":
        return {"values": [num(c) or 0 for c in table.rows[-1].cells]}
    if table.name == "OLD":
        return {r.key: num(r.cells[2]) for r in table.rows if r.kind == "data"}
    return {}
