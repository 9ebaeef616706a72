"""Standard-schema mapping (``Report.to_standard()``, ``gainlp map``): seeds, every table encoding,
勾稽 checks, old-format mapping, JSON Schema and the CSV export."""
from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from gainlp.cli import main
from gainlp.pipeline import label, label_text
from gainlp.standard import Cell, map_report
from gainlp.standard.checks import evaluate
from gainlp.standard.schema import Term
from gainlp.standard.validate import errors, load_schema

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {p.name[:3]: p for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))}
FORMATS_JSON = Path(__file__).resolve().parents[2] / "shared" / "docs" / "formats.json"
COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total"]


def std_of(text_or_path, **kw):
    rep = label(text_or_path, engine="rules") if isinstance(text_or_path, Path) else label_text(text_or_path, engine="rules")
    return rep, map_report(rep, **kw)


@pytest.fixture(scope="module")
def seeds():
    return {k: std_of(p) for k, p in SEEDS.items()}


def vals(std, row):
    return [None if (c := std.cell(f"T3.{row}.{col}")) is None else c.value for col in COLS]


def verdicts(std):
    return {(c.id, c.scope): c.verdict for c in std.checks}


# -- seeds ----------------------------------------------------------------------------------


def test_seed_004_t3_exact_and_all_checks_pass(seeds):
    _, std = seeds["004"]
    t3 = std.tables["T3"]
    assert t3["found"] and t3["version"] == "std2019" and t3["encoding"] == "tab"
    assert vals(std, "new_received") == [14, 2, None, None, None, None, 16]
    assert vals(std, "granted") == [5, None, None, None, None, None, 5]
    assert vals(std, "partial") == [None, 2, None, None, None, None, 2]
    assert vals(std, "unable_not_held") == [8, None, None, None, None, None, 8]
    assert vals(std, "unable_unclear") == [1, None, None, None, None, None, 1]
    assert vals(std, "results_total") == [14, 2, None, None, None, None, 16]
    assert vals(std, "carried_over") == [None] * 7 and vals(std, "carry_forward") == [None] * 7
    assert vals(std, "other_total") == [None] * 7
    # blanks are null, not 0, and are cells the report has (not missing)
    c = std.cell("T3.carried_over.total")
    assert c is not None and c.value is None and c.status == "blank"
    assert set(t3["rows"]) >= {"new_received", "other_total", "results_total", "carry_forward"}
    assert "other_other" not in t3["rows"]
    # every check passes, blank cells read as 0 and listed
    assert std.checks and all(c.verdict == "PASS" for c in std.checks), [c.message for c in std.checks if c.verdict != "PASS"]
    bal = std.check("T3_BALANCE", "total")[0]
    assert bal.lhs_sum == 16 and bal.rhs_sum == 16 and "T3.carried_over.total" in bal.assumed_zero
    # T4: 复议 尚未审结 1, 总计 1
    assert std.cell("T4.review_pending").value == 1 and std.cell("T4.review_total").value == 1
    assert all(std.cell(f"T4.{k}").value == 0 for k in std.tables["T4"]["values"] if k not in ("review_pending", "review_total"))
    assert not std.issues


def test_seed_004_cell_spans_point_at_the_text(seeds):
    rep, std = seeds["004"]
    c = std.cell("T3.new_received.natural_person")
    assert rep.text[c.span[0]:c.span[1]] == "14"
    amt = std.cell("T2.T2_art20_9_2019only.central_procurement.procurement_amount")
    assert (amt.value, amt.unit, amt.raw) == (2807.19, "万元", "2807.19万元")
    assert rep.text[amt.span[0]:amt.span[1]] == "2807.19万元"
    plus = std.cell("T2.T2_art20_5.other_external_services.change")
    minus = std.cell("T2.T2_art20_5.admin_license.change")
    assert (plus.value, plus.sign, plus.raw) == (5, "+", "+5")
    assert (minus.value, minus.sign) == (-1, "-")
    # full-width space before a value
    assert std.cell("T2.T2_art20_6.admin_penalty.decisions").raw == "0"
    # 2019 T2 header 本年新 / 公开数量 split over two lines
    assert std.cell("T2.T2_art20_1.normative_docs.new_published").value == 3
    assert std.cell("T2.T2_art20_1.normative_docs.total_published").value == 11


@pytest.mark.parametrize("seed,version,encoding", [("000", "std2021", "tab"), ("002", "std2021", "tab"),
                                                   ("001", "std2019", "pipe")])
def test_standard_seeds_have_complete_tables(seeds, seed, version, encoding):
    _, std = seeds[seed]
    t2, t3, t4 = std.tables["T2"], std.tables["T3"], std.tables["T4"]
    assert t2["version"] == version and t3["version"] == version
    assert t3["encoding"] == encoding
    expected_t2 = {"T2_art20_1", "T2_art20_5", "T2_art20_6", "T2_art20_8"} | (
        {"T2_art20_9_2019only"} if version == "std2019" else set())
    assert set(t2["tables"]) == expected_t2
    for tid, t in t2["tables"].items():
        assert t["found"] and t["version"] == version, tid
        for row, cells in t["rows"].items():
            assert all(c is not None and c.status == "value" for c in cells.values()), (tid, row)
    n_rows = 25 if version == "std2021" else 23
    assert len(t3["rows"]) == n_rows
    assert all(c is not None and c.status == "value" for r in t3["rows"].values() for c in r.values())
    assert all(c is not None and c.status == "value" for c in t4["values"].values())
    assert len(t4["values"]) == 15
    assert all(c.verdict == "PASS" for c in std.checks)
    assert not std.issues


def test_seed_001_pipe_traditional_values(seeds):
    _, std = seeds["001"]
    lic = std.tables["T2"]["tables"]["T2_art20_5"]["rows"]["admin_license"]
    assert [lic[k].value for k in ("prev_year_items", "change", "decisions")] == [64, -3, 61]
    assert lic["change"].sign == "-"
    assert std.cell("T2.T2_art20_1.normative_docs.total_published").value == 1
    assert std.cell("T2.T2_art20_8.admin_fees.change").value == 0
    assert std.cell("T2.T2_art20_9_2019only.central_procurement.procurement_amount").value == 595.88
    assert std.cell("T3.other_total.total").value == 0


def test_seed_000_2021_variant_header_and_supplementary_table(seeds):
    _, std = seeds["000"]
    # 本年制作件数 (a variant of 本年制发件数) still maps to `issued`
    assert std.tables["T2"]["tables"]["T2_art20_1"]["columns"] == ["issued", "repealed", "valid"]
    assert std.cell("T2.T2_art20_1.regulations.issued").value == 0
    # the Shandong supplementary table is mapped row by row but not injected (T2 exists)
    old = std.to_dict()["old_stats"]
    keys = [r["key"] for r in old["rows"]]
    assert "p_total" in keys and "mt_trainees" in keys
    assert not any(r["injected"] for r in old["rows"])
    ext = std.extensions
    assert ext["active_disclosure_count"]["value"]["value"] == 42
    assert ext["old_stats.p_norm_issued"]["maps_to"] == "T2.T2_art20_1.normative_docs.issued"
    assert ext["old_stats.p_ch_other"]["value"]["value"] == 103
    assert "old_stats.web.市政府部门门户网站" in ext          # level rows not in formats.json: kept


def test_seed_003_old_statistics_table_mapped_with_flags(seeds):
    rep, std = seeds["003"]
    assert rep.format == "old"
    assert not std.tables["T3"]["found"] and not std.tables["T4"]["found"]
    rows = {r["key"]: r for r in std.to_dict()["old_stats"]["rows"] if r["key"]}
    assert len(rows) >= 60
    assert rows["a_received"]["maps_to"] == "T3.new_received.total" and rows["a_received"]["quality"] == "approx"
    assert rows["a_received"]["injected"] is True
    c = std.cell("T3.new_received.total")
    assert (c.value, c.quality, c.source) == (0, "approx", "old_stats:a_received")
    t4 = std.cell("T4.review_total")
    assert (t4.value, t4.quality) == (0, "approx")
    assert std.cell("T4.review_pending") is None                 # 尚未审结 does not exist in old tables
    issued = std.cell("T2.T2_art20_1.normative_docs.issued")
    assert (issued.value, issued.quality) == (1, "approx")
    # blank old cells are "not filled": nothing injected, not 0
    assert rows["a_ans_grant"]["value"]["status"] == "blank" and std.cell("T3.granted.total") is None
    assert rows["a_deny_commercial"]["quality"] == "lossy"
    assert rows["a_ans_already_public"]["quality"] == "ambiguous"
    assert rows["a_ans_grant"]["quality"] == "exact"
    # rows without a standard field, and unknown rows, are kept under extensions
    ext = std.extensions
    assert ext["litigation_total"]["quality"] == "lossy" and ext["litigation_total"]["value"]["value"] == 0
    assert ext["active_disclosure_count"]["value"]["value"] == 178
    assert ext["old_stats.org_staff_part"]["value"]["value"] == 4
    assert ext["old_stats.fees"]["quality"] == "lossy"
    assert any(k.startswith("old_stats.web.") for k in ext)
    n_rows = len(std.to_dict()["old_stats"]["rows"])
    mapped = sum(1 for r in std.to_dict()["old_stats"]["rows"] if r["maps_to"] or r["extension"])
    assert mapped == n_rows                                        # nothing dropped
    # counts stated in prose
    pats = {(n["pattern"], n["value"]) for n in std.narrative_counts}
    assert ("no_applications", 0) in pats and ("active_disclosure", 178) in pats and ("no_review", 0) in pats
    na = next(n for n in std.narrative_counts if n["pattern"] == "no_applications")
    assert rep.text[na["span"][0]:na["span"][1]] == na["text"] and na["agrees"] is True
    # nothing is assessable on an old report's T3 but the checks are there
    assert {c.verdict for c in std.checks} == {"NOT_ASSESSABLE"}


def test_sections_and_spans(seeds):
    rep, std = seeds["004"]
    d = std.to_dict()
    assert list(d["sections"]) == ["s1", "s2", "s3", "s4", "s5", "s6"]
    s1 = d["sections"]["s1"]
    assert s1["present"] and set(s1["subsections"]) == {"s1.1", "s1.2", "s1.3", "s1.4", "s1.5"}
    assert all(s1["subsections"][k]["present"] for k in s1["subsections"])
    assert "（二）依申请公开情况" in s1["subsections"]["s1.2"]["text"]
    for sid, sec in d["sections"].items():
        pieces = [rep.text[sp["start"]:sp["end"]] for sp in sec["spans"]]
        assert sec["text"] == "\n".join(pieces)
    assert d["sections"]["s4"]["headings"] == ["    四、政府信息公开行政复议、行政诉讼情况"]
    assert not d["sections"]["s6"]["present"]        # seed 004 has no 六
    front = d["front"]["spans"][0]
    assert d["front"]["present"] and rep.text[front["start"]:front["end"]].startswith("山东省商务厅")
    assert "text" not in std.to_dict(include_text=False)["sections"]["s1"]


def test_report_method_is_a_thin_wrapper(seeds):
    rep, std = seeds["004"]
    again = rep.to_standard()
    assert again.to_dict() == std.to_dict()


# -- synthetic tables in every encoding -----------------------------------------------------

T3_LAYOUT = [
    (["一、本年新收政府信息公开申请数量"], "new_received"),
    (["二、上年结转政府信息公开申请数量"], "carried_over"),
    (["三、本年度办理结果", "（一）予以公开"], "granted"),
    (["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], "partial"),
    (["", "（三）不予公开", "1.属于国家秘密"], "denied_state_secret"),
    (["", "", "2.其他法律行政法规禁止公开"], "denied_law_prohibited"),
    (["", "", "3.危及“三安全一稳定”"], "denied_three_security_one_stability"),
    (["", "", "4.保护第三方合法权益"], "denied_third_party_rights"),
    (["", "", "5.属于三类内部事务信息"], "denied_internal_affairs"),
    (["", "", "6.属于四类过程性信息"], "denied_process_info"),
    (["", "", "7.属于行政执法案卷"], "denied_enforcement_file"),
    (["", "", "8.属于行政查询事项"], "denied_admin_query"),
    (["", "（四）无法提供", "1.本机关不掌握相关政府信息"], "unable_not_held"),
    (["", "", "2.没有现成信息需要另行制作"], "unable_need_creation"),
    (["", "", "3.补正后申请内容仍不明确"], "unable_unclear"),
    (["", "（五）不予处理", "1.信访举报投诉类申请"], "np_petition_complaint"),
    (["", "", "2.重复申请"], "np_repeated"),
    (["", "", "3.要求提供公开出版物"], "np_publication"),
    (["", "", "4.无正当理由大量反复申请"], "np_massive"),
    (["", "", "5.要求行政机关确认或重新出具已获取信息"], "np_confirm_reissue"),
    (["", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], "other_no_correction"),
    (["", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"], "other_no_fee"),
    (["", "", "3.其他"], "other_other"),
    (["", "（七）总计"], "results_total"),
    (["四、结转下年度继续办理"], "carry_forward"),
]
T3_LAYOUT_2019 = T3_LAYOUT[:20] + [(["", "（六）其他处理"], "other_total")] + T3_LAYOUT[23:]
T3_HEAD = [
    [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "head"), ("申请人情况", "head")],
    [("", "residue"), ("自然人", "head"), ("法人或其他组织", "head"), ("总计", "head")],
    [("", "residue"), ("", "residue"), ("商业企业", "head"), ("科研机构", "head"), ("社会公益组织", "head"),
     ("法律服务机构", "head"), ("其他", "head"), ("", "residue")],
]


def t3_grid(seed: int, version: str = "std2021", density: float = 0.4) -> dict[str, list[int]]:
    """A consistent T3: every 勾稽 rule holds."""
    rnd = random.Random(seed)
    layout = T3_LAYOUT if version == "std2021" else T3_LAYOUT_2019
    outcomes = [k for _, k in layout[2:-2]]
    g = {k: [0] * 7 for _, k in layout}
    for k in outcomes:
        if rnd.random() < density:
            g[k][:6] = [rnd.choice([0, 0, 1, 2, 3, 7]) for _ in range(6)]
        g[k][6] = sum(g[k][:6])
    g["results_total"] = [sum(g[k][c] for k in outcomes) for c in range(7)]
    g["carry_forward"][:6] = [rnd.choice([0, 1]) for _ in range(6)]
    g["carry_forward"][6] = sum(g["carry_forward"][:6])
    g["carried_over"][:6] = [min(g["results_total"][c], rnd.choice([0, 2])) for c in range(6)]
    g["carried_over"][6] = sum(g["carried_over"][:6])
    g["new_received"] = [g["results_total"][c] + g["carry_forward"][c] - g["carried_over"][c] for c in range(7)]
    return g


def t3_rows(grid: dict, version: str = "std2021", blank_zero: bool = False) -> list[list[tuple[str, str]]]:
    layout = T3_LAYOUT if version == "std2021" else T3_LAYOUT_2019
    rows = [list(r) for r in T3_HEAD]
    for labels, key in layout:
        cells = [(lab, "label" if lab else "residue") for lab in labels]
        cells += [("" if blank_zero and v == 0 else str(v), "value") for v in grid[key]]
        rows.append(cells)
    return rows


T2_2021 = [
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", ["1", "0", "5"]), ("行政规范性文件", ["3", "1", "12"])]),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("行政许可", ["5149"])]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], [("行政处罚", ["7"]), ("行政强制", ["0"])]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("行政事业性收费", ["12.5"])]),
]
T2_2019 = [
    ("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("规章", ["0", "0", "2"]), ("规范性文件", ["3", "3", "11"])]),
    ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政许可", ["8", "-1", "5149"]), ("其他对外管理服务事项", ["3", "+5", "61537"])]),
    ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政处罚", ["0", "0", "0"]), ("行政强制", ["0", "0", "0"])]),
    ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"], [("行政事业性收费", ["0", "0"])]),
    ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"], [("政府集中采购", ["21", "2807.19万元"])]),
]
T2_KEYS = {
    "std2021": {"第二十条第（一）项": ("T2_art20_1", ["issued", "repealed", "valid"]),
                "第二十条第（五）项": ("T2_art20_5", ["decisions"]),
                "第二十条第（六）项": ("T2_art20_6", ["decisions"]),
                "第二十条第（八）项": ("T2_art20_8", ["fee_amount"])},
    "std2019": {"第二十条第（一）项": ("T2_art20_1", ["new_made", "new_published", "total_published"]),
                "第二十条第（五）项": ("T2_art20_5", ["prev_year_items", "change", "decisions"]),
                "第二十条第（六）项": ("T2_art20_6", ["prev_year_items", "change", "decisions"]),
                "第二十条第（八）项": ("T2_art20_8", ["prev_year_items", "change"]),
                "第二十条第（九）项": ("T2_art20_9_2019only", ["procurement_items", "procurement_amount"])},
}
T2_ROWKEY = {"规章": "regulations", "行政规范性文件": "normative_docs", "规范性文件": "normative_docs",
             "行政许可": "admin_license", "其他对外管理服务事项": "other_external_services",
             "行政处罚": "admin_penalty", "行政强制": "admin_coercion", "行政事业性收费": "admin_fees",
             "政府集中采购": "central_procurement"}


def t2_tables(version: str) -> list[list[list[tuple[str, str]]]]:
    out = []
    for caption, header, rows in (T2_2021 if version == "std2021" else T2_2019):
        t = [[(caption, "head")], [(h, "head") for h in header]]
        t += [[(lab, "label")] + [(v, "value") for v in vs] for lab, vs in rows]
        out.append(t)
    return out


T4_VALUES = ["1", "0", "0", "1", "2", "0", "0", "0", "1", "1", "0", "1", "0", "0", "1"]


def t4_rows(values=T4_VALUES) -> list[list[tuple[str, str]]]:
    outcome = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        [("行政复议", "head"), ("行政诉讼", "head")],
        [(h, "head") for h in outcome] + [("未经复议直接起诉", "head"), ("复议后起诉", "head")],
        [("", "residue")] * 5 + [(h, "head") for h in outcome * 2],
        [(v, "value") for v in values],
    ]


def _wrap(s: str, n: int) -> list[str]:
    return [s[i:i + n] for i in range(0, len(s), n)] or [""]


def render(rows: list[list[tuple[str, str]]], enc: str) -> list[str]:
    """One logical table in one text encoding."""
    out: list[str] = []
    if enc == "tab":                          # docx → txt: tab per cell, wrapped cells, blank line per row
        for row in rows:
            for text, kind in row:
                parts = _wrap(text, 14) if kind in ("label", "head") and len(text) > 16 else [text]
                out.append("\t" + parts[0])
                out.extend(parts[1:])
            out.append("")
        return out
    if enc == "pipe":                         # HTML scrape: a row per line, colspan residue at the end
        for row in rows:
            cells = [t for t, k in row if k != "residue"]
            out.append(" | ".join(cells) + " | ||")
        return out
    if enc == "pipe_cell":                    # one cell per line with " |"
        return [f"{t} |" if t else " |" for row in rows for t, k in row if k != "residue"]
    if enc == "blank_sep":                    # one cell per line, blank lines between
        for row in rows:
            for t, k in row:
                if k != "residue":
                    out += [t if t or k != "value" else "/", ""]
        return out
    if enc == "space":                        # PDF text: a row per line, cells separated by spaces
        for row in rows:
            cells = [t if t or k != "value" else "/" for t, k in row if k != "residue" and (t or k == "value")]
            out.append(" ".join(cells))
        return out
    if enc == "pdf_row":                      # one cell per line; labels wrapped, their rest after the values
        for row in rows:
            labels = [t for t, k in row if k == "label"]
            values = [t for t, k in row if k == "value"]
            heads = [t for t, k in row if k == "head"]
            out.extend(heads)
            for lab in labels[:-1]:
                out.append(lab)
            if labels:
                parts = _wrap(labels[-1], 9)
                out.append(parts[0])
                out.extend(values)
                out.extend(parts[1:])
            else:
                out.extend(values)
        return out
    if enc == "pdf_col":                      # a label column, then the numbers column by column
        data = [r for r in rows if any(k == "value" for _, k in r)]
        for row in rows:
            if row not in data:
                out.extend(t for t, k in row if k == "head")
        for row in data:
            out.extend(t for t, k in row if k == "label")
        width = max(sum(k == "value" for _, k in r) for r in data)
        for c in range(width):
            for row in data:
                out.append([t for t, k in row if k == "value"][c])
        return out
    raise ValueError(enc)


def make_report(t2: list[str] | None, t3: list[str] | None, t4: list[str] | None, year: int = 2021) -> str:
    doc = [f"某某市某某局{year}年政府信息公开工作年度报告", "", "一、总体情况",
           "本年度我局认真贯彻落实《条例》，扎实推进政府信息公开工作。", "二、主动公开政府信息情况"]
    doc += t2 or []
    doc += ["三、收到和处理政府信息公开申请情况"] + (t3 or [])
    doc += ["四、政府信息公开行政复议、行政诉讼情况"] + (t4 or [])
    doc += ["五、存在的主要问题及改进情况", "一是公开内容不够全面。下一步将加强培训。", "六、其他需要报告的事项",
            "本年度未收取信息处理费。"]
    return "\n".join(doc) + "\n"


ENCODINGS = ["tab", "pipe", "pipe_cell", "blank_sep", "space", "pdf_row"]
BLANK_STATUS = {"tab": "blank", "pipe": "blank", "pipe_cell": "blank", "blank_sep": "not_applicable",
                "space": "not_applicable"}


def assert_t3(std, grid, blank_zero: bool, enc: str):
    for key, values in grid.items():
        for col, v in zip(COLS, values):
            c = std.cell(f"T3.{key}.{col}")
            assert c is not None, (enc, key, col)
            if blank_zero and v == 0:
                assert c.value is None and c.status == BLANK_STATUS[enc], (enc, key, col, c)
            else:
                assert c.value == v and c.status == "value", (enc, key, col, c)


@pytest.mark.parametrize("enc", ENCODINGS + ["pdf_col"])
@pytest.mark.parametrize("version", ["std2021", "std2019"])
def test_t3_round_trip_every_encoding(enc, version):
    grid = t3_grid(7 if version == "std2021" else 11, version)
    blank_zero = enc in BLANK_STATUS               # encodings that can show an empty cell
    text = make_report(None, render(t3_rows(grid, version, blank_zero), enc), render(t4_rows(), enc),
                       2021 if version == "std2021" else 2020)
    _, std = std_of(text)
    t3 = std.tables["T3"]
    assert t3["found"] and t3["version"] == version
    assert_t3(std, grid, blank_zero, enc)
    assert [std.cell(f"T4.{k}").value for k in std.tables["T4"]["values"]] == [int(v) for v in T4_VALUES]
    assert all(c.verdict == "PASS" for c in std.checks), [c.message for c in std.checks if c.verdict != "PASS"]
    codes = [i.code for i in std.issues]
    if enc == "pdf_col":
        assert codes == ["order_inferred"]
        assert std.cell("T3.granted.total").flags == ["order_inferred"]
        assert std.cell("T3.granted.total").quality == "approx"
    else:
        assert codes == []
        assert all(c.quality == "exact" for r in t3["rows"].values() for c in r.values())


@pytest.mark.parametrize("enc", ENCODINGS)
@pytest.mark.parametrize("version", ["std2021", "std2019"])
def test_t2_round_trip_every_encoding(enc, version):
    lines: list[str] = []
    for t in t2_tables(version):
        lines += render(t, enc)
    text = make_report(lines, None, None, 2021 if version == "std2021" else 2020)
    _, std = std_of(text)
    t2 = std.tables["T2"]
    assert t2["found"] and t2["version"] == version
    for caption, _, rows in (T2_2021 if version == "std2021" else T2_2019):
        tid, cols = T2_KEYS[version][caption]
        sub = t2["tables"][tid]
        assert sub["found"] and sub["version"] == version and sub["columns"] == cols, (enc, tid)
        for lab, values in rows:
            for col, raw in zip(cols, values):
                c = sub["rows"][T2_ROWKEY[lab]][col]
                assert c is not None and c.raw == raw, (enc, tid, lab, col, c)
                assert c.value == Cell.parse(raw).value
    if version == "std2019":
        ch = std.cell("T2.T2_art20_5.other_external_services.change")
        assert (ch.value, ch.sign) == (5, "+")
        amt = std.cell("T2.T2_art20_9_2019only.central_procurement.procurement_amount")
        assert (amt.value, amt.unit) == (2807.19, "万元")
    else:
        assert std.cell("T2.T2_art20_8.admin_fees.fee_amount").value == 12.5
    assert not [i for i in std.issues if i.table and i.table.startswith("T2")]


@pytest.mark.parametrize("enc", ENCODINGS + ["pdf_col"])
def test_t4_round_trip_every_encoding(enc):
    text = make_report(None, None, render(t4_rows(), enc))
    _, std = std_of(text)
    t4 = std.tables["T4"]
    assert t4["found"]
    assert [t4["values"][k].value for k in t4["values"]] == [int(v) for v in T4_VALUES]
    assert [c.verdict for c in std.check("T4_GROUP_TOTALS")] == ["PASS"] * 3


@pytest.mark.parametrize("enc", ["tab", "pipe", "space", "pdf_row"])
def test_tables_without_headings_between_them(enc):
    """Seed 001 lost 三、四、: T2, T3 and T4 follow each other; the vocabulary separates them."""
    grid = t3_grid(4)
    lines: list[str] = []
    for t in t2_tables("std2021"):
        lines += render(t, enc)
    lines += render(t3_rows(grid), enc) + render(t4_rows(), enc)
    doc = ["某某局2021年政府信息公开工作年度报告", "一、总体情况", "本年度我局扎实推进政府信息公开工作。",
           "二、主动公开政府信息情况"] + lines + ["我局将进一步加强培训，提升公开质量。", "六、其他需要报告的事项", "无。"]
    _, std = std_of("\n".join(doc) + "\n")
    assert_t3(std, grid, False, enc)
    assert [std.cell(f"T4.{k}").value for k in std.tables["T4"]["values"]] == [int(v) for v in T4_VALUES]
    assert std.cell("T2.T2_art20_8.admin_fees.fee_amount").value == 12.5
    assert all(c.verdict == "PASS" for c in std.checks)


OLD_ROWS = [("统计指标", "单位", "统计数"),
            ("一、主动公开情况", "", ""), ("（一）主动公开政府信息数", "条", "120"), ("其中：主动公开规范性文件数", "条", "3"),
            ("制发规范性文件总数", "件", "2"),
            ("三、依申请公开情况", "", ""), ("（一）收到申请数", "件", "12"), ("1.当面申请数", "件", "4"),
            ("（二）申请办结数", "件", "11"), ("（三）申请答复数", "件", "12"),
            ("1.属于已主动公开范围数", "件", ""), ("2.同意公开答复数", "件", "9"), ("3.同意部分公开答复数", "件", "1"),
            ("5.不属于本行政机关公开数", "件", "1"), ("6.申请信息不存在数", "件", "1"),
            ("四、行政复议数量", "件", "0"), ("（一）维持具体行政行为数", "件", ""),
            ("五、行政诉讼数量", "件", "0"), ("六、被举报投诉数量", "件", "0"), ("（一）维持具体行政行为数", "件", ""),
            ("七、依申请公开信息收取的费用", "万元", "0"), ("某某自定义指标", "个", "5")]


def old_report(enc: str | None) -> str:
    doc = ["某某县某某局2017年政府信息公开工作年度报告", "", "一、概述", "2017年，我局认真贯彻落实《条例》。",
           "二、主动公开政府信息情况", "2017年共公开政府信息120条。",
           "三、依申请公开政府信息情况", "本年度共收到政府信息公开申请12件，均已按时办结。",
           "四、政府信息公开的收费及减免情况", "本年度未收取任何费用。",
           "五、因政府信息公开申请行政复议、提起行政诉讼的情况", "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。",
           "六、存在的主要问题及改进情况", "公开内容还不够全面。"]
    if enc:
        doc += ["附件", "政府信息公开情况统计表"]
        for lab, unit, val in OLD_ROWS:
            if enc == "pipe":
                doc.append(f"{lab} | {unit} | {val} |")
            elif enc == "tab":
                doc += ["\t" + lab, "\t" + unit, "\t" + val, ""]
            else:
                doc.append(" ".join(x for x in (lab, unit, val) if x))
        doc.append("（注：各子栏目数总数要等于总栏目数量）")
    return "\n".join(doc) + "\n"


@pytest.mark.parametrize("enc", ["tab", "pipe", "space"])
def test_old_statistics_table_every_encoding(enc):
    rep, std = std_of(old_report(enc))
    assert rep.format == "old"
    expect = {"T3.new_received.total": (12, "approx", "old_stats:a_received"),
              "T3.results_total.total": (12, "approx", "old_stats:a_answered"),     # preferred over 办结数
              "T3.granted.total": (9, "exact", "old_stats:a_ans_grant"),
              "T3.partial.total": (1, "exact", "old_stats:a_ans_partial"),
              "T3.unable_not_held.total": (2, "approx", "old_stats:a_ans_not_this_agency+a_ans_not_exist"),
              "T4.review_total": (0, "approx", "old_stats:rv"),
              "T2.T2_art20_1.normative_docs.issued": (2, "approx", "old_stats:p_norm_issued")}
    for path, want in expect.items():
        c = std.cell(path)
        assert (c.value, c.quality, c.source) == want, (enc, path)
    assert std.cell("T3.granted.natural_person") is None          # no applicant split in old tables
    ext = std.extensions
    assert ext["old_stats.a_closed"]["value"]["value"] == 11
    assert ext["litigation_total"]["quality"] == "lossy"
    assert ext["old_stats.fees"]["quality"] == "lossy"
    assert ext["old_stats.fees.某某自定义指标"]["value"]["value"] == 5      # unknown row kept
    assert ext["active_disclosure_count"]["value"]["value"] == 120
    rows = std.to_dict()["old_stats"]["rows"]
    assert [r["key"] for r in rows[:3]] == ["p", "p_total", "p_norm_published"]
    assert len(rows) == len(OLD_ROWS) - 1
    # the prose agrees with the table
    n = next(x for x in std.narrative_counts if x["pattern"] == "applications_received")
    assert n["value"] == 12 and n["agrees"] is True and n["injected"] is False


def test_old_report_prose_counts_fill_missing_cells():
    _, std = std_of(old_report(None))
    c = std.cell("T3.new_received.total")
    assert (c.value, c.quality, c.source) == (12, "approx", "narrative:applications_received")
    assert std.cell("T4.review_total").source == "narrative:no_review"
    assert std.extensions["fees_charged"]["value"]["value"] == 0
    assert std.extensions["litigation_total"]["quality"] == "lossy"


def test_pre2014_statistics_rows():
    rows = [("指标名称", "计量单位", "本年"), ("申请总数", "件", "10"), ("对申请的答复总数", "件", "10"),
            ("同意公开答复数", "件", "6"), ("同意部分公开答复数", "件", "1"), ("否决公开答复总数", "件", "3"),
            ("信息不存在", "件", "1"), ("非本部门掌握", "件", "1"), ("免予公开范围1", "件", "1"),
            ("行政复议数", "件", "0"), ("行政诉讼数", "件", "1"), ("行政申诉数", "件", "0")]
    doc = ["某某区某某局2012年政府信息公开工作年度报告", "一、概述", "2012年，我局认真贯彻落实《条例》。",
           "附表", "政府信息公开情况统计表"] + [f"{a} | {b} | {c} |" for a, b, c in rows]
    _, std = std_of("\n".join(doc) + "\n")
    got = {p: (std.cell(p).value, std.cell(p).quality) for p in
           ("T3.new_received.total", "T3.results_total.total", "T3.granted.total", "T3.partial.total",
            "T3.unable_not_held.total", "T3.denied_state_secret.total", "T4.review_total")}
    assert got == {"T3.new_received.total": (10, "approx"), "T3.results_total.total": (10, "approx"),
                   "T3.granted.total": (6, "exact"), "T3.partial.total": (1, "exact"),
                   "T3.unable_not_held.total": (2, "approx"), "T3.denied_state_secret.total": (1, "exact"),
                   "T4.review_total": (0, "approx")}
    ext = std.extensions
    assert ext["old_stats.refusals_total"]["quality"] == "lossy"        # old 否决 spans std （三）（四）（六）
    assert ext["litigation_total"]["value"]["value"] == 1
    assert ext["old_stats.administrative_appeals"]["quality"] == "none"


def test_subtotal_column_is_dropped_with_an_issue():
    grid = t3_grid(8)
    lines = render(t3_rows(grid), "pipe")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("一、本年新收"))
    v = grid["new_received"]
    lines[i] = " | ".join(["一、本年新收政府信息公开申请数量", str(v[0]), str(sum(v[1:6]))] + [str(x) for x in v[1:]]) + " |"
    _, std = std_of(make_report(None, lines, None))
    assert vals(std, "new_received") == v
    assert [i.code for i in std.issues] == ["subtotal_column"]


def test_header_repeated_after_a_page_break():
    grid = t3_grid(9)
    lines = render(t3_rows(grid), "pdf_row")
    i = lines.index("2.重复申请")
    lines[i:i] = ["- 2 -", "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织",
                  "法律服务机构", "其他"]
    _, std = std_of(make_report(None, lines, None))
    assert_t3(std, grid, False, "pdf_row")
    assert all(c.verdict == "PASS" for c in std.checks if c.id.startswith("T3"))


# -- inconsistent tables: FAIL names the cells ------------------------------------------------


@pytest.mark.parametrize("enc", ["tab", "pipe", "space"])
def test_inconsistent_t3_fails_naming_the_cells(enc):
    grid = t3_grid(3)
    grid["new_received"][6] += 1                    # 总计 of 一 one too high
    grid["granted"][0] += 2                          # a 自然人 outcome not carried into its row total
    text = make_report(None, render(t3_rows(grid), enc), None)
    _, std = std_of(text)
    v = verdicts(std)
    assert v[("T3_BALANCE", "total")] == "FAIL"
    assert v[("T3_ROW_TOTAL", "new_received")] == "FAIL"
    assert v[("T3_ROW_TOTAL", "granted")] == "FAIL"
    assert v[("T3_RESULTS_SUM", "natural_person")] == "FAIL"
    assert v[("T3_BALANCE", "commercial_enterprise")] == "PASS"
    bal = std.check("T3_BALANCE", "total")[0]
    cells = {t.cell: t.value for t in bal.lhs + bal.rhs}
    assert cells["T3.new_received.total"] == grid["new_received"][6]
    assert "T3.results_total.total" in cells and "T3.carry_forward.total" in cells
    assert bal.lhs_sum == bal.rhs_sum + 1
    assert "FAIL" in bal.message and f"({grid['new_received'][6]})" in bal.message and "≠" in bal.message
    row = std.check("T3_ROW_TOTAL", "granted")[0]
    assert row.lhs[0].cell == "T3.granted.total" and [t.cell for t in row.rhs][0] == "T3.granted.natural_person"


def test_inconsistent_t4_fails_naming_the_block():
    values = list(T4_VALUES)
    values[9] = "3"                                  # 未经复议直接起诉 总计 3 ≠ 0+0+0+1
    _, std = std_of(make_report(None, None, render(t4_rows(values), "pipe_cell")))
    v = verdicts(std)
    assert v[("T4_GROUP_TOTALS", "lit_direct")] == "FAIL"
    assert v[("T4_GROUP_TOTALS", "review")] == "PASS" and v[("T4_GROUP_TOTALS", "lit_after_review")] == "PASS"
    ch = std.check("T4_GROUP_TOTALS", "lit_direct")[0]
    assert ch.lhs[0].cell == "T4.lit_direct_total" and ch.lhs[0].value == 3 and ch.rhs_sum == 1
    assert "行政诉讼/未经复议直接起诉/总计 (3)" in ch.message


# -- verdict logic ----------------------------------------------------------------------------


def _t(name, value, status="value", read_as="same"):
    return Term(name, name, value, status, value if read_as == "same" else read_as)


def test_verdicts_with_unknown_cells():
    # unknown on one side that could still balance → NOT_ASSESSABLE
    ch = evaluate("T3_BALANCE", "total", [_t("a", 5), _t("b", None, "missing", None)], [_t("c", 7)])
    assert ch.verdict == "NOT_ASSESSABLE" and "b" in ch.message
    # the known part alone is already larger than the other side → FAIL whatever the unknown is
    ch = evaluate("T3_BALANCE", "total", [_t("a", 9), _t("b", None, "missing", None)], [_t("c", 7)])
    assert ch.verdict == "FAIL"
    # nothing known → NOT_ASSESSABLE
    ch = evaluate("T3_BALANCE", "total", [_t("a", None, "missing", None)], [_t("c", None, "missing", None)])
    assert ch.verdict == "NOT_ASSESSABLE"
    # blank read as 0 is listed
    ch = evaluate("T3_BALANCE", "total", [_t("a", 3), _t("b", None, "blank", 0)], [_t("c", 3)])
    assert ch.verdict == "PASS" and ch.assumed_zero == ["b"]


def test_strict_blanks_and_missing_tables(seeds):
    rep, _ = seeds["004"]
    strict = map_report(rep, blank_as_zero=False)
    v = verdicts(strict)
    assert v[("T3_ROW_TOTAL", "new_received")] == "NOT_ASSESSABLE"     # 14 + 2 + blanks = 16 needs blanks
    assert v[("T4_GROUP_TOTALS", "review")] == "PASS"                  # all 15 written
    # a report without T3/T4: every check NOT_ASSESSABLE
    _, std = std_of(make_report(None, None, None))
    assert std.checks and {c.verdict for c in std.checks} == {"NOT_ASSESSABLE"}
    assert not std.tables["T3"]["found"] and std.cell("T3.granted.total") is None


def test_all_blank_table_is_not_assessable():
    grid = {k: [0] * 7 for _, k in T3_LAYOUT}
    _, std = std_of(make_report(None, render(t3_rows(grid, blank_zero=True), "tab"), None))
    assert std.tables["T3"]["found"] is False or all(
        c.status == "blank" for r in std.tables["T3"]["rows"].values() for c in r.values() if c)
    assert {c.verdict for c in std.check("T3_BALANCE")} == {"NOT_ASSESSABLE"}


# -- ambiguity is flagged, never guessed silently --------------------------------------------


def test_label_block_with_undecidable_order_is_flagged():
    head = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人", "法人或其他组织",
            "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    # both readings keep every row total right: row by row [0]*7 / [1,0,1,0,0,0,2];
    # column by column [0]*7 / [0,0,0,1,1,0,2]
    lines = head + ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"] + \
        ["0"] * 7 + ["1", "0", "1", "0", "0", "0", "2"]
    _, std = std_of(make_report(None, lines, None))
    assert [i.code for i in std.issues if i.table == "T3"][:1] == ["ambiguous_order"]
    c = std.cell("T3.carried_over.natural_person")
    assert c.quality == "ambiguous" and "ambiguous_order" in c.flags


def test_missing_cells_are_not_spread_over_columns():
    grid = t3_grid(5)
    lines = render(t3_rows(grid), "space")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("二、上年结转"))
    lines[i] = "二、上年结转政府信息公开申请数量 1 2"        # 2 values for 7 cells
    _, std = std_of(make_report(None, lines, None))
    issue = next(x for x in std.issues if x.code == "cell_count")
    assert issue.row == "carried_over" and issue.raw == ["1", "2"]
    assert all(std.cell(f"T3.carried_over.{c}") is None for c in COLS)
    assert vals(std, "new_received") == grid["new_received"]


# -- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw,value,sign,unit,status", [
    ("14", 14, None, None, "value"), ("+5", 5, "+", None, "value"), ("-3", -3, "-", None, "value"),
    ("－2", -2, "-", None, "value"), ("2807.19万元", 2807.19, None, "万元", "value"),
    ("　0", 0, None, None, "value"), ("0 ", 0, None, None, "value"), ("1,234", 1234, None, None, "value"),
    ("１２", 12, None, None, "value"), ("251000元", 251000, None, "元", "value"),
    ("", None, None, None, "blank"), ("/", None, None, None, "not_applicable"),
    ("—", None, None, None, "not_applicable"), ("无", None, None, None, "blank"),
    ("见附件", None, None, None, "text"),
])
def test_value_parsing(raw, value, sign, unit, status):
    c = Cell.parse(raw)
    assert (c.value, c.sign, c.unit, c.status) == (value, sign, unit, status)
    assert c.raw == raw.strip().strip("\u3000")


# -- schema, spec, export, CLI -----------------------------------------------------------------


def test_outputs_validate_against_the_schema(seeds):
    objs = [json.loads(json.dumps(std.to_dict(), ensure_ascii=False)) for _, std in seeds.values()]
    grid = t3_grid(2)
    _, std = std_of(make_report(None, render(t3_rows(grid), "pdf_col"), render(t4_rows(), "space")))
    objs.append(json.loads(json.dumps(std.to_dict(include_text=False), ensure_ascii=False)))
    for obj in objs:
        assert errors(obj) == [], obj["doc"]
    bad = json.loads(json.dumps(objs[0]))
    bad["tables"]["T3"]["rows"]["granted"]["total"]["status"] = "zero"
    del bad["checks"][0]["verdict"]
    errs = errors(bad)
    assert any("status" in e for e in errs) and any("verdict" in e for e in errs)
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(load_schema())
    for obj in objs:
        assert list(validator.iter_errors(obj)) == []
    assert list(validator.iter_errors(bad))


def test_spec_agrees_with_formats_json():
    if not FORMATS_JSON.is_file():
        pytest.skip("shared/docs/formats.json not available")
    from gainlp.standard import spec
    d = json.loads(FORMATS_JSON.read_text(encoding="utf-8"))
    t = d["tables"]
    assert [c["key"] for c in spec.T3_SPEC["columns"]] == [c["key"] for c in t["T3"]["columns"]]
    for v in ("std2019", "std2021"):
        assert [r["key"] for r in spec.T3_SPEC["versions"][v]] == [r["key"] for r in t["T3"]["versions"][v]["rows"]]
    assert [c["key"] for c in spec.T4_SPEC["columns"]] == [c["key"] for c in t["T4"]["columns"]]
    for tid, tab in spec.T2_TABLES.items():
        for v, sv in tab["versions"].items():
            fv = t[tid]["versions"][v]
            assert [c["key"] for c in sv["columns"]] == [c["key"] for c in fv["columns"] if c["type"] != "label"]
            assert [r["key"] for r in sv["rows"]] == [r["key"] for r in fv["rows"]]
    rows = d["old_format"]["stats_table"]["rows"]
    assert [(r["key"], r["maps_to"], r["mapping_quality"]) for r in rows] == \
        [(r["key"], r["maps_to"], r["quality"]) for r in spec.OLD_STATS_ROWS]



def test_official_tables_json_builds_both_t3_versions():
    """One row tree in official_tables.json gives the two official T3 versions."""
    from gainlp.standard import spec
    data = {v: [r["key"] for r in spec.T3_SPEC["versions"][v] if r["data"]] for v in ("std2019", "std2021")}
    # 一 二 （一）（二） 8 + 3 + 5 reasons, （六） as one row (2019) or three (2021), （七） 四
    assert (len(data["std2019"]), len(data["std2021"])) == (23, 25)
    assert len(spec.t3_outcomes("std2019")) == 19 and len(spec.t3_outcomes("std2021")) == 21
    assert data["std2019"][:-3] == data["std2021"][:-5] and data["std2019"][-3] == "other_total"
    assert [r["level"] for r in spec.T3_SPEC["versions"]["std2021"]].count(2) == 8 + 3 + 5 + 3
    assert [c["key"] for c in spec.T3_SPEC["columns"]] == COLS
    assert len(spec.T4_SPEC["columns"]) == 15


_EDIT_OFFICIAL = """
import importlib.resources
import json
import shutil
import sys
from pathlib import Path

# a copy of gainlp/data with official_tables.json edited, served in place of the package's
data, copy = importlib.resources.files("gainlp.data"), Path(sys.argv[1])
for f in data.iterdir():
    if f.name.endswith(".json"):
        shutil.copyfile(f, copy / f.name)
official = json.loads((copy / "official_tables.json").read_text("utf-8"))

def find(nodes, key):
    for n in nodes:
        if n["key"] == key:
            return n
        hit = find(n.get("rows", []), key)
        if hit:
            return hit

find(official["T3"]["rows"], "np_repeated")["label"] = "2.重复提出的申请"
official["T2"]["tables"]["T2_art20_8"]["versions"]["std2021"]["rows"][0]["typos"] = ["行政事业收费"]
(copy / "official_tables.json").write_text(json.dumps(official, ensure_ascii=False), "utf-8")
files = importlib.resources.files
importlib.resources.files = lambda pkg: copy if pkg == "gainlp.data" else files(pkg)

from gainlp.normalize import match_form
import random
from gainlp.rules.vocab import canonical_cell, load_vocabulary
from gainlp.standard import tables as mapper
from gainlp.synth import tables as synth

class Low(random.Random):
    def random(self):
        return 0.0

t3 = load_vocabulary().tables["T3"]
t2 = load_vocabulary().tables["T2"]
rng = random.Random(1)
t3_cells = [c.text for r in synth.build_t3("std2021", synth.make_t3_numbers("std2021", 9, rng, False), rng, {}).rows
            for c in r.cells]
t2_cells = [c.text for r in synth.build_t2("std2021", {k: 1 for k in "t2_reg_new t2_reg_rep t2_reg_total n_doc n_rep "
            "n_valid n_lic n_pen n_coe t2_fee_amt".split()}, Low(), {}).rows for c in r.cells]
print(json.dumps({
    "vocab_new": t3.exact_role(canonical_cell(match_form("2.重复提出的申请"))),
    "vocab_old": t3.exact_role(canonical_cell(match_form("2.重复申请"))),
    "vocab_typo": [t2.exact_role(match_form(t)) for t in ("行政事业收费", "行业事业性收费")],
    "mapper": mapper.T3_FULL["np_repeated"],
    "mapper_typo": [mapper.T2_ROWS.get(match_form(t)) for t in ("行政事业收费", "行业事业性收费")],
    "synth": ["2.重复提出的申请" in t3_cells, "2.重复申请" in t3_cells],
    "synth_typo": ["行政事业收费" in t2_cells, "行业事业性收费" in t2_cells],
}, ensure_ascii=False))
"""


def test_official_tables_have_one_source(tmp_path):
    """The rules' vocabulary, the mapper and the generator all follow an edit of
    official_tables.json: a T3 row label and the T2 typo are written nowhere else."""
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c", _EDIT_OFFICIAL, str(tmp_path)], capture_output=True, text=True,
                         check=True)
    got = json.loads(out.stdout)
    assert got["vocab_new"] == "table_row_header" and got["vocab_old"] is None
    assert got["vocab_typo"] == ["table_row_header", None]
    assert got["mapper"] == "重复提出的申请"
    assert got["mapper_typo"] == [["T2_art20_8", "admin_fees"], None]
    assert got["synth"] == [True, False] and got["synth_typo"] == [True, False]

def test_csv_export_rows(seeds):
    from gainlp.standard.export import CSV_COLUMNS, to_csv
    objs = [seeds[k][1].to_dict(include_text=False) for k in ("003", "004")]
    rows = list(csv.DictReader(io.StringIO(to_csv(objs))))
    assert tuple(rows[0]) == CSV_COLUMNS
    by = {(r["doc"].split("/")[-1][:3], r["field"]): r for r in rows}
    assert by[("004", "T3.new_received.total")]["value"] == "16"
    assert by[("004", "T3.new_received.total")]["quality"] == "exact"
    assert by[("004", "T3.carried_over.total")]["status"] == "blank"
    assert by[("004", "T3.carried_over.total")]["value"] == ""
    assert by[("004", "T2.T2_art20_9_2019only.central_procurement.procurement_amount")]["unit"] == "万元"
    assert by[("004", "check.T3_BALANCE.total")]["value"] == "PASS"
    assert by[("003", "T3.new_received.total")]["quality"] == "approx"
    assert by[("003", "T3.granted.total")]["quality"] == "missing"
    assert by[("003", "old_stats.a_received")]["maps_to"] == "T3.new_received.total"
    assert by[("003", "ext.litigation_total")]["quality"] == "lossy"
    assert by[("003", "format")]["value"] == "old"


def test_cli_map_json_jsonl_csv(tmp_path, capsys):
    seed = str(SEEDS["004"])
    out = tmp_path / "m.jsonl"
    assert main(["map", seed, str(SEEDS["001"]), "--engine", "rules", "-o", str(out), "--no-text"]) == 0
    objs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [o["doc"] for o in objs] == [seed, str(SEEDS["001"])]
    assert "text" not in objs[0]["sections"]["s1"]
    assert objs[0]["tables"]["T3"]["rows"]["new_received"]["total"]["value"] == 16
    out = tmp_path / "m.json"
    assert main(["map", seed, "--engine", "rules", "--format", "json", "-o", str(out)]) == 0
    arr = json.loads(out.read_text(encoding="utf-8"))
    assert len(arr) == 1 and arr[0]["summary"]["checks"]["FAIL"] == 0 and errors(arr[0]) == []
    out = tmp_path / "m.csv"
    assert main(["map", str(SEEDS["003"]), seed, "--engine", "rules", "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["doc"] for r in rows} == {str(SEEDS["003"]), seed}
    assert main(["map", str(tmp_path / "nope.txt"), "--engine", "rules", "-o", str(tmp_path / "x.jsonl")]) == 1
    assert "FAILED" in capsys.readouterr().err
