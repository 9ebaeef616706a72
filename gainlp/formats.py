"""Format detection: ``std2021``, ``std2019``, ``old`` or ``unknown``.

Table column labels decide first (they differ between the 2019 and 2021 formats and do
not exist before 2019); old-only part headings and statistics rows next; the report year
in the title is only a prior.
"""
from __future__ import annotations

import re

from .normalize import match_form

STD2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年制作件数", "本年处理决定数量",
           "本年收费金额", "逾期不补正", "逾期未按收费通知")
STD2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
           "第二十条第(九)项", "采购项目数量")
STD_ANY = ("第二十条第", "勾稽关系", "未经复议直接起诉", "复议后起诉", "收到和处理政府信息公开申请",
           "信息处理费")
OLD = ("收费及减免", "收费和减免", "申请答复数", "不同意公开答复数", "行政复议数量", "行政诉讼数量",
       "同意公开答复数", "依申请公开政府信息情况", "回应解读情况", "概述", "被举报投诉数量",
       "第三十二条", "国务院令第492号", "第492号")
_CN_DIGITS = {c: str(k) for k, c in enumerate("〇一二三四五六七八九")} | {c: "0" for c in "零○OＯ"}
_Y = r"(20[0-4]\d|二[〇零○OＯ][一二〇零○OＯ][〇零○OＯ一二三四五六七八九])"  # 2010 or 二〇一〇
_YEAR = re.compile(_Y + r"\s*年")
# the year a report title names (…2018年政府信息公开工作年度报告), not a page's date above it
_TITLE_YEAR = re.compile(_Y + r"\s*年度?[^。，,;；:：\d\n]{0,30}?(?:报告|年报)"
                         r"|(?:报告|年报)\s*[(（]\s*" + _Y + r"\s*年")


def _year(numeral: str) -> int:
    return int("".join(_CN_DIGITS.get(c, c) for c in numeral))


def report_year(text: str) -> int | None:
    """The report year near the top: the one its title names, else the first named."""
    head = match_form(text[:600])
    m = _TITLE_YEAR.search(head)
    if m:
        return _year(m.group(1) or m.group(2))
    m = _YEAR.search(head, 0, 400)
    return _year(m.group(1)) if m else None


def detect_format(text: str) -> str:
    mf = match_form(text[:200_000])
    n21 = sum(mf.count(k) > 0 for k in STD2021)
    n19 = sum(mf.count(k) > 0 for k in STD2019)
    nstd = sum(mf.count(k) > 0 for k in STD_ANY)
    nold = sum(mf.count(k) > 0 for k in OLD)
    year = report_year(text)
    if (n21 or n19) and not (year is not None and year <= 2018 and n21 + n19 == 1 and not nstd):
        # one column label alone, in a report whose title names a year before 2019, is prose
        if n21 != n19:
            return "std2021" if n21 > n19 else "std2019"
        return "std2019" if year is not None and year <= 2020 else "std2021"
    if year is not None and year <= 2018:
        return "old"
    if nstd and nstd >= nold:
        return "std2019" if year is not None and year <= 2020 else "std2021"
    if nold >= 2:
        return "old"
    if year is not None:
        return "std2019" if year <= 2020 else "std2021"
    return "old" if nold else "unknown"
