"""勾稽 checks on the standard tables (formats.json ``consistency_rules``, FORMATS.md §2.5).

* ``T3_BALANCE`` (per column): 一 + 二 = （七）总计 + 四 — the rule printed in the table's note.
* ``T3_RESULTS_SUM`` (per column): （七）总计 = the sum of every outcome row (（一）（二）, the
  eight （三）, three （四）, five （五） and （六）: one row in 2019, three in 2021).
* ``T3_ROW_TOTAL`` (per row): 总计 = 自然人 + the five 法人或其他组织 columns.
* ``T4_GROUP_TOTALS`` (per block: 行政复议, 未经复议直接起诉, 复议后起诉): 总计 = 结果维持 +
  结果纠正 + 其他结果 + 尚未审结.

Verdicts. Every check names its cells and their values. A cell the filer left **blank** (or
``/``) is read as 0 — the way the tables are filled in practice (seed 004 leaves every zero
blank) — when the table holds at least one number; such cells are listed in
``assumed_zero``. With ``blank_as_zero=False``, or when the whole table is empty, a blank is
unknown. With unknown cells (missing, unreadable, or blank under the strict reading) a check
is ``NOT_ASSESSABLE`` — unless no non-negative value of the unknown cells could make the two
sides equal, which is a ``FAIL`` (一 = 16, （七）总计 = 15 and 四 = 0 known, only 二 unknown:
16 + 二 ≥ 16 > 15 whatever 二 is).
"""
from __future__ import annotations

import re

from .schema import Cell, Check, Term
from .spec import T3_SPEC, T4_SPEC, t3_outcomes

T3_COLUMNS = [c["key"] for c in T3_SPEC["columns"]]
T3_COL_LABEL = {c["key"]: c["label"] for c in T3_SPEC["columns"]}
_ROW_LABELS: dict[str, str] = {}
for _rows in T3_SPEC["versions"].values():
    for _r in _rows:
        _ROW_LABELS.setdefault(_r["key"], re.sub(r"（[^（）]*）$", "", _r["label"]) or _r["label"])
T4_LABEL = {c["key"]: c["label"] for c in T4_SPEC["columns"]}

RULES = {
    "T3_BALANCE": "一、本年新收 + 二、上年结转 = 三、本年度办理结果（（七）总计） + 四、结转下年度继续办理 (per column)",
    "T3_RESULTS_SUM": "（七）总计 = （一）+（二）+ Σ（三）1–8 + Σ（四）1–3 + Σ（五）1–5 + （六）(per column)",
    "T3_ROW_TOTAL": "总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他 (per row)",
    "T4_GROUP_TOTALS": "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (per block)",
}

OUTCOMES = {v: t3_outcomes(v) for v in T3_SPEC["versions"]}
T4_BLOCKS = {"review": "行政复议", "lit_direct": "行政诉讼/未经复议直接起诉",
             "lit_after_review": "行政诉讼/复议后起诉"}


def _has_values(cells: list[Cell | None]) -> bool:
    return any(c is not None and c.status == "value" for c in cells)


def _term(path: str, label: str, cell: Cell | None, zero_blanks: bool) -> Term:
    if cell is None:
        return Term(path, label, None, "missing", None)
    if cell.status == "value":
        return Term(path, label, cell.value, "value", cell.value)
    if cell.is_blank and zero_blanks:
        return Term(path, label, None, cell.status, 0)
    return Term(path, label, None, cell.status, None)


def _fmt(x: int | float | None) -> str:
    if x is None:
        return "?"
    if isinstance(x, float):
        return f"{x:g}"
    return str(x)


def _side(terms: list[Term]) -> str:
    parts = []
    for t in terms:
        if t.status == "value":
            parts.append(f"{t.label} ({_fmt(t.value)})")
        elif t.read_as is not None:
            parts.append(f"{t.label} (blank→0)")
        else:
            parts.append(f"{t.label} ({t.status})")
    return " + ".join(parts)


def evaluate(rule_id: str, scope: str, lhs: list[Term], rhs: list[Term]) -> Check:
    known_l = [t.read_as for t in lhs if t.read_as is not None]
    known_r = [t.read_as for t in rhs if t.read_as is not None]
    unk_l = [t for t in lhs if t.read_as is None]
    unk_r = [t for t in rhs if t.read_as is None]
    sl, sr = sum(known_l), sum(known_r)
    assumed = [t.cell for t in lhs + rhs if t.status != "value" and t.read_as is not None]
    if not known_l and not known_r:
        verdict, why = "NOT_ASSESSABLE", "no cell of this check holds a number"
    elif not unk_l and not unk_r:
        ok = abs(sl - sr) < 1e-6
        verdict, why = ("PASS" if ok else "FAIL"), ""
    elif unk_l and not unk_r and sl > sr + 1e-6:
        verdict, why = "FAIL", f"the left side is already {_fmt(sl)} > {_fmt(sr)} without its unknown cells"
    elif unk_r and not unk_l and sr > sl + 1e-6:
        verdict, why = "FAIL", f"the right side is already {_fmt(sr)} > {_fmt(sl)} without its unknown cells"
    else:
        verdict = "NOT_ASSESSABLE"
        why = "unknown cell(s): " + ", ".join(t.cell for t in unk_l + unk_r)
    full = not unk_l and not unk_r
    rel = "=" if verdict == "PASS" else ("≠" if full else "vs")
    msg = f"{verdict}: {_side(lhs)} = {_fmt(sl) if not unk_l else '?'} {rel} " \
          f"{_fmt(sr) if not unk_r else '?'} = {_side(rhs)}"
    if why:
        msg += f" ({why})"
    return Check(rule_id, scope, RULES[rule_id], verdict, lhs, rhs,
                 sl if not unk_l else None, sr if not unk_r else None, assumed, msg)


def t3_checks(table: dict, version: str, *, blank_as_zero: bool = True) -> list[Check]:
    rows: dict[str, dict[str, Cell | None]] = table.get("rows", {})
    all_cells = [c for r in rows.values() for c in r.values()]
    zero = blank_as_zero and _has_values(all_cells)

    def t(row: str, col: str) -> Term:
        return _term(f"T3.{row}.{col}", f"{_ROW_LABELS.get(row, row)}/{T3_COL_LABEL[col]}",
                     rows.get(row, {}).get(col), zero)

    outcomes = OUTCOMES["std2021" if version == "std2021" else "std2019"]
    if version == "std2021" and "other_total" in rows and not any(
            rows.get(k, {}).get(c) for k in ("other_no_correction", "other_no_fee", "other_other")
            for c in T3_COLUMNS):
        outcomes = OUTCOMES["std2019"]
    checks: list[Check] = []
    for col in T3_COLUMNS:
        checks.append(evaluate("T3_BALANCE", col, [t("new_received", col), t("carried_over", col)],
                               [t("results_total", col), t("carry_forward", col)]))
    for col in T3_COLUMNS:
        checks.append(evaluate("T3_RESULTS_SUM", col, [t("results_total", col)], [t(r, col) for r in outcomes]))
    for row in rows:
        checks.append(evaluate("T3_ROW_TOTAL", row, [t(row, "total")], [t(row, c) for c in T3_COLUMNS[:-1]]))
    return checks


def t4_checks(table: dict, *, blank_as_zero: bool = True) -> list[Check]:
    values: dict[str, Cell | None] = table.get("values", {})
    zero = blank_as_zero and _has_values(list(values.values()))

    def t(key: str) -> Term:
        return _term(f"T4.{key}", T4_LABEL[key], values.get(key), zero)

    out = []
    for g in T4_BLOCKS:
        out.append(evaluate("T4_GROUP_TOTALS", g, [t(f"{g}_total")],
                            [t(f"{g}_{k}") for k in ("maintained", "corrected", "other", "pending")]))
    return out


def run_checks(tables: dict, *, blank_as_zero: bool = True) -> list[Check]:
    t3 = tables["T3"]
    return t3_checks(t3, t3["version"], blank_as_zero=blank_as_zero) + \
        t4_checks(tables["T4"], blank_as_zero=blank_as_zero)
