"""The standard tables (T2 第二十条, T3 申请, T4 复议/诉讼) and the old statistics tables as
grids of labeled cells, with numbers that satisfy the 勾稽 rules of FORMATS.md §2.5 — or
break one on purpose, recorded in ``Table.broken``.

A ``Table`` is an HTML-like grid: every row holds its origin cells (with colspan/rowspan)
and a ``covered`` placeholder wherever a rowspan from above reaches into it. Each cell
carries its role (LABELS.md §3) and each row its section (rule 4, and rule 5 row by row
for old statistics tables). Renderers in ``render.py`` only lay cells out; they never
decide a label.

Row labels are the fixed national formats (国办公开办函〔2019〕60号 / 〔2021〕30号, 国办发〔2014〕32号
and the Shandong provincial table), as listed in docs/FORMATS.md.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

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


def build_t2(fmt: str, facts: dict, rng: random.Random, opts: dict) -> Table:
    rows: list[Row] = []
    S = "s2"

    def cap(item):
        rows.append(Row([Cell(_caption_text(item, rng), "table_caption", colspan=4)], "caption", S, f"cap{item}"))

    def hdr(labels):
        cells = [Cell(t, "table_header") for t in labels]
        if len(cells) < 4:
            cells[-1].colspan = 4 - len(cells) + 1
        rows.append(Row(cells, "header", S))

    def data(label, values, key):
        cells = [Cell(label, "table_row_header")] + [_numcell(v, opts) for v in values]
        if len(cells) < 4:
            cells[-1].colspan = 4 - len(cells) + 1
        rows.append(Row(cells, "data", S, key))

    if fmt == "std2019":
        cap("一")
        hdr(["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"])
        data("规章", [facts["t2_reg_new"], facts["t2_reg_pub"], facts["t2_reg_total"]], "reg")
        data("规范性文件", [facts["n_doc"], facts["n_doc"], facts["t2_doc_total"]], "doc")
        cap("五")
        hdr(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"])
        data("行政许可", [facts["t2_lic_items"], _signed(facts["t2_lic_change"]), facts["n_lic"]], "lic")
        data("其他对外管理服务事项", [facts["t2_svc_items"], _signed(facts["t2_svc_change"]), facts["t2_svc_dec"]], "svc")
        cap("六")
        hdr(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"])
        data("行政处罚", [facts["t2_pen_items"], _signed(facts["t2_pen_change"]), facts["n_pen"]], "pen")
        data("行政强制", [facts["t2_coe_items"], _signed(facts["t2_coe_change"]), facts["n_coe"]], "coe")
        cap("八")
        hdr(["信息内容", "上一年项目数量", "本年增/减"])
        data("行政事业性收费", [facts["t2_fee_items"], _signed(facts["t2_fee_change"])], "fee")
        cap("九")
        hdr(["信息内容", "采购项目数量", "采购总金额"])
        data("政府集中采购", [facts["t2_proc_items"], facts["t2_proc_amt"]], "proc")
    else:
        cap("一")
        hdr(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
        data("规章", [facts["t2_reg_new"], facts["t2_reg_rep"], facts["t2_reg_total"]], "reg")
        doc_label = "规范性文件" if opts.get("old_labels") else "行政规范性文件"
        data(doc_label, [facts["n_doc"], facts["n_rep"], facts["n_valid"]], "doc")
        cap("五")
        hdr(["信息内容", "本年处理决定数量"])
        data("行政许可", [facts["n_lic"]], "lic")
        cap("六")
        hdr(["信息内容", "本年处理决定数量"])
        data("行政处罚", [facts["n_pen"]], "pen")
        data("行政强制", [facts["n_coe"]], "coe")
        cap("八")
        hdr(["信息内容", "本年收费金额（单位：万元）" if rng.random() < 0.8 else "本年收费金额（单位:万元）"])
        data("行业事业性收费" if rng.random() < 0.03 else "行政事业性收费", [facts["t2_fee_amt"]], "fee")
    return Table("T2", 4, rows, S)


def _signed(v) -> str:
    return v if isinstance(v, str) else str(v)


# ----------------------------------------------------------------------------------------
# T3 — 收到和处理政府信息公开申请情况
# ----------------------------------------------------------------------------------------
T3_COLS = ("natural", "commercial", "research", "welfare", "legal", "other", "total")
T3_OUTCOMES_2021 = [
    ("granted", None, "（一）予以公开"),
    ("partial", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_1", "denied", "属于国家秘密"),
    ("denied_2", "denied", "其他法律行政法规禁止公开"),
    ("denied_3", "denied", "危及“三安全一稳定”"),
    ("denied_4", "denied", "保护第三方合法权益"),
    ("denied_5", "denied", "属于三类内部事务信息"),
    ("denied_6", "denied", "属于四类过程性信息"),
    ("denied_7", "denied", "属于行政执法案卷"),
    ("denied_8", "denied", "属于行政查询事项"),
    ("unable_1", "unable", "本机关不掌握相关政府信息"),
    ("unable_2", "unable", "没有现成信息需要另行制作"),
    ("unable_3", "unable", "补正后申请内容仍不明确"),
    ("np_1", "np", "信访举报投诉类申请"),
    ("np_2", "np", "重复申请"),
    ("np_3", "np", "要求提供公开出版物"),
    ("np_4", "np", "无正当理由大量反复申请"),
    ("np_5", "np", "要求行政机关确认或重新出具已获取信息"),
    ("other_1", "other", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_2", "other", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_3", "other", "其他"),
]
T3_GROUPS = {"denied": "（三）不予公开", "unable": "（四）无法提供", "np": "（五）不予处理", "other": "（六）其他处理"}
OUTCOME_WEIGHTS = {"granted": 8, "partial": 2, "denied_1": 0.2, "denied_2": 0.3, "denied_3": 0.1,
                   "denied_4": 0.6, "denied_5": 0.3, "denied_6": 0.4, "denied_7": 0.2, "denied_8": 0.3,
                   "unable_1": 4, "unable_2": 0.6, "unable_3": 0.5, "np_1": 0.8, "np_2": 0.6,
                   "np_3": 0.2, "np_4": 0.1, "np_5": 0.3, "other_1": 0.5, "other_2": 0.1,
                   "other_3": 0.7, "other": 1.0}


def t3_outcome_keys(fmt: str) -> list[str]:
    keys = [k for k, _, _ in T3_OUTCOMES_2021 if not k.startswith("other_")]
    return keys + (["other"] if fmt == "std2019" else ["other_1", "other_2", "other_3"])


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
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    if opts.get("wrap_header"):
        cut = rng.choice([12, 18, 20])
        note = note[:cut] + "\n" + note[cut:]
    other_lbl = "其他" if not opts.get("wrap_header") else rng.choice(["其他", "其\n他"])
    def h(t):
        if opts.get("wrap_header") and len(t) == 4 and rng.random() < 0.5:
            return t[:2] + "\n" + t[2:]
        return t
    rows.append(Row([Cell(note, "table_note", colspan=3, rowspan=3), Cell("申请人情况", "table_header", colspan=7)],
                    "header", S, "h1"))
    rows.append(Row([_covered(), Cell("自然人", "table_header", rowspan=2),
                     Cell("法人或其他组织", "table_header", colspan=5), Cell("总计", "table_header", rowspan=2)],
                    "header", S, "h2"))
    rows.append(Row([_covered(), _covered()] + [Cell(h(t), "table_header") for t in
                                               ("商业企业", "科研机构", "社会公益组织", "法律服务机构")]
                    + [Cell(other_lbl, "table_header"), _covered()], "header", S, "h3"))
    sep = opts.get("sub_sep", ".")

    def nums_cells(key):
        return [_numcell(v, opts) for v in nums[key]]

    rows.append(Row([Cell("一、本年新收政府信息公开申请数量", "table_row_header", colspan=3)] + nums_cells("new"), "data", S, "new"))
    rows.append(Row([Cell("二、上年结转政府信息公开申请数量", "table_row_header", colspan=3)] + nums_cells("carry"), "data", S, "carry"))
    outs = t3_outcome_keys(fmt)
    n_result_rows = len(outs) + 1
    labels = {k: lbl for k, _, lbl in T3_OUTCOMES_2021}
    groups = {k: g for k, g, _ in T3_OUTCOMES_2021}
    first = True
    seen_groups: set[str] = set()
    group_sizes = {g: sum(1 for k in outs if groups.get(k) == g) for g in T3_GROUPS}
    np1 = "信访举报投诉诉求类申请" if rng.random() < 0.05 else None
    for k in outs + ["results_total"]:
        cells: list[Cell] = []
        if first:
            cells.append(Cell("三、本年度办理结果", "table_row_header", rowspan=n_result_rows, vertical=True))
            first = False
        else:
            cells.append(_covered())
        g = groups.get(k)
        if k == "other":
            cells.append(Cell("（六）其他处理", "table_row_header", colspan=2))
        elif k == "results_total":
            cells.append(Cell("（七）总计", "table_row_header", colspan=2))
        elif g is None:
            cells.append(Cell(labels[k], "table_row_header", colspan=2))
        else:
            if g not in seen_groups:
                seen_groups.add(g)
                cells.append(Cell(T3_GROUPS[g], "table_row_header", rowspan=group_sizes[g]))
            else:
                cells.append(_covered())
            idx = int(k.rsplit("_", 1)[1])
            lbl = np1 if (k == "np_1" and np1) else labels[k]
            cells.append(Cell(f"{idx}{sep}{lbl}", "table_row_header"))
        rows.append(Row(cells + nums_cells(k), "data", S, k))
    rows.append(Row([Cell("四、结转下年度继续办理", "table_row_header", colspan=3)] + nums_cells("forward"), "data", S, "forward"))
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
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        Row([Cell("行政复议", "table_header", colspan=5), Cell("行政诉讼", "table_header", colspan=10)], "header", S, "h1"),
        Row([Cell(h(t), "table_header", rowspan=2) for t in outcomes]
            + [Cell("未经复议直接起诉", "table_header", colspan=5), Cell("复议后起诉", "table_header", colspan=5)],
            "header", S, "h2"),
        Row([_covered() for _ in range(5)] + [Cell(h(t), "table_header") for t in outcomes * 2], "header", S, "h3"),
        Row([_numcell(v, opts) for v in vals], "data", S, "values"),
    ]
    return Table("T4", 15, rows, S, data={"values": vals})


# ----------------------------------------------------------------------------------------
# Old statistics tables (国办发〔2014〕32号 national, Shandong 14-item, 7-item remnant)
# ----------------------------------------------------------------------------------------
# (key, label, unit, parent, section) — sections by LABELS.md rules 5 and 12
_P = [("p", "主动公开情况", "", None, "s1.1"),
      ("p_total", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "p", "s1.1"),
      ("p_norm_pub", "其中：主动公开规范性文件数", "条", "p_total", "s1.1"),
      ("p_norm_issued", "制发规范性文件总数", "件", "p_total", "s1.1"),
      ("p_ch", "（二）通过不同渠道和方式公开政府信息的情况", "", "p", "s1.4"),
      ("p_ch_gazette", "1.政府公报公开政府信息数", "条", "p_ch", "s1.4"),
      ("p_ch_web", "2.政府网站公开政府信息数", "条", "p_ch", "s1.4"),
      ("p_ch_weibo", "3.政务微博公开政府信息数", "条", "p_ch", "s1.4"),
      ("p_ch_wechat", "4.政务微信公开政府信息数", "条", "p_ch", "s1.4"),
      ("p_ch_other", "5.其他方式公开政府信息数", "条", "p_ch", "s1.4")]
_R = [("r", "回应解读情况（不同方式回应同一热点或舆情计1次）", "", None, "s1.1"),
      ("r_hot", "（一）回应公众关注热点或重大舆情数", "次", "r", "s1.1"),
      ("r_ch", "（二）通过不同渠道和方式回应解读的情况", "", "r", "s1.1"),
      ("r_press", "1.参加或举办新闻发布会总次数", "次", "r_ch", "s1.1"),
      ("r_press_lead", "其中：主要负责同志参加新闻发布会次数", "次", "r_press", "s1.1"),
      ("r_online", "2.政府网站在线访谈次数", "次", "r_ch", "s1.1"),
      ("r_online_lead", "其中：主要负责同志参加政府网站在线访谈次数", "次", "r_online", "s1.1"),
      ("r_interp", "3.政策解读稿件发布数", "篇", "r_ch", "s1.1"),
      ("r_wx", "4.微博微信回应事件数", "次", "r_ch", "s1.1"),
      ("r_other", "5.其他方式回应事件数", "次", "r_ch", "s1.1")]
_A = [("a", "依申请公开情况", "", None, "s3"),
      ("a_rcv", "（一）收到申请数", "件", "a", "s3"),
      ("a_rcv_1", "1.当面申请数", "件", "a_rcv", "s3"),
      ("a_rcv_2", "2.传真申请数", "件", "a_rcv", "s3"),
      ("a_rcv_3", "3.网络申请数", "件", "a_rcv", "s3"),
      ("a_rcv_4", "4.信函申请数", "件", "a_rcv", "s3"),
      ("a_rcv_5", "5.其他形式", "件", "a_rcv", "s3"),
      ("a_done", "（二）申请办结数", "件", "a", "s3"),
      ("a_done_1", "1.按时办结数", "件", "a_done", "s3"),
      ("a_done_2", "2.延期办结数", "件", "a_done", "s3"),
      ("a_ans", "（三）申请答复数", "件", "a", "s3"),
      ("a_ans_1", "1.属于已主动公开范围数", "件", "a_ans", "s3"),
      ("a_ans_2", "2.同意公开答复数", "件", "a_ans", "s3"),
      ("a_ans_3", "3.同意部分公开答复数", "件", "a_ans", "s3"),
      ("a_ans_4", "4.不同意公开答复数", "件", "a_ans", "s3"),
      ("a_deny_1", "其中：涉及国家秘密", "件", "a_ans_4", "s3"),
      ("a_deny_2", "涉及商业秘密", "件", "a_ans_4", "s3"),
      ("a_deny_3", "涉及个人隐私", "件", "a_ans_4", "s3"),
      ("a_deny_4", "危及国家安全、公共安全、经济安全和社会稳定", "件", "a_ans_4", "s3"),
      ("a_deny_5", "不是《条例》所指政府信息", "件", "a_ans_4", "s3"),
      ("a_deny_6", "法律法规规定的其他情形", "件", "a_ans_4", "s3"),
      ("a_ans_5", "5.不属于本行政机关公开数", "件", "a_ans", "s3"),
      ("a_ans_6", "6.申请信息不存在数", "件", "a_ans", "s3"),
      ("a_ans_7", "7.告知作出更改补充数", "件", "a_ans", "s3"),
      ("a_ans_8", "8.告知通过其他途径办理数", "件", "a_ans", "s3")]
_RV = [("rv", "行政复议数量", "件", None, "s4"),
       ("rv_1", "（一）维持具体行政行为数", "件", "rv", "s4"),
       ("rv_2", "（二）被依法纠错数", "件", "rv", "s4"),
       ("rv_3", "（三）其他情形数", "件", "rv", "s4")]
_LT = [("lt", "行政诉讼数量", "件", None, "s4"),
       ("lt_1", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "lt", "s4"),
       ("lt_2", "（二）被依法纠错数", "件", "lt", "s4"),
       ("lt_3", "（三）其他情形数", "件", "lt", "s4")]
_CP = [("cp", "被举报投诉数量", "件", None, "s1.5"),
       ("cp_1", "（一）维持具体行政行为数", "件", "cp", "s1.5"),
       ("cp_2", "（二）被纠错数", "件", "cp", "s1.5"),
       ("cp_3", "（三）其他情形数", "件", "cp", "s1.5")]
_LIB = [("lib", "向图书馆、档案馆等查阅场所报送信息数", "条", None, "s1.4"),
        ("lib_1", "（一）纸质文件数", "条", "lib", "s1.4"),
        ("lib_2", "（二）电子文件数", "条", "lib", "s1.4")]
_WEB = [("web", "开通政府信息公开网站（或设立门户网站信息公开专栏）数", "个", None, "s1.4"),
        ("web_1", "（一）市政府及其部门门户网站", "个", "web", "s1.4"),
        ("web_2", "（二）县（市、区）政府门户网站", "个", "web", "s1.4"),
        ("web_3", "（三）乡镇政府（街道办事处）门户网站", "个", "web", "s1.4")]
_GAZ = [("gaz", "政府公报发行量", "", None, "s1.4"),
        ("gaz_1", "（一）公报发行期数", "期", "gaz*", "s1.4"),
        ("gaz_2", "（二）公报发行总份数", "份", "gaz*", "s1.4")]
_RP = [("rp", "设置政府信息查阅点数", "个", None, "s1.4"),
       ("rp_1", "（一）市政府及其部门", "个", "rp", "s1.4"),
       ("rp_2", "（二）县（市、区）政府及其部门", "个", "rp", "s1.4"),
       ("rp_3", "（三）乡镇政府（街道办事处）", "个", "rp", "s1.4")]
_VIS = [("vis", "查阅点接待人数", "次", None, "s1.4"),
        ("vis_1", "（一）市政府及其部门", "次", "vis", "s1.4"),
        ("vis_2", "（二）县（市、区）政府及其部门", "次", "vis", "s1.4"),
        ("vis_3", "（三）乡镇政府（街道办事处）", "次", "vis", "s1.4")]
_FEE = [("fee", "依申请公开信息收取的费用", "万元", None, "s6")]
_ORG = [("org", "机构建设和保障经费情况", "", None, "s1.5"),
        ("org_1", "（一）政府信息公开工作专门机构数", "个", "org", "s1.5"),
        ("org_2", "（二）从事政府信息公开工作人员数", "人", "org", "s1.5"),
        ("org_2a", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "org_2", "s1.5"),
        ("org_2b", "2.兼职人员数", "人", "org_2", "s1.5"),
        ("org_3", "（三）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元", "org", "s1.5")]
_ORG_NATIONAL = [("org", "机构建设和保障经费情况", "", None, "s1.5"),
                 ("org_1", "（一）政府信息公开工作专门机构数", "个", "org", "s1.5"),
                 ("org_rp", "（二）设置政府信息公开查阅点数", "个", "org", "s1.4"),
                 ("org_2", "（三）从事政府信息公开工作人员数", "人", "org", "s1.5"),
                 ("org_2a", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "org_2", "s1.5"),
                 ("org_2b", "2.兼职人员数", "人", "org_2", "s1.5"),
                 ("org_3", "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元", "org", "s1.5")]
_MT = [("mt", "政府信息公开会议和培训情况", "", None, "s1.5"),
       ("mt_1", "（一）召开政府信息公开工作会议或专题会议数", "次", "mt", "s1.5"),
       ("mt_2", "（二）举办各类培训班数", "次", "mt", "s1.5"),
       ("mt_3", "（三）接受培训人员数", "人次", "mt", "s1.5")]

OLD_VARIANTS: dict[str, list[list[tuple]]] = {
    "national": [_P, _R, _A, _RV, _LT, _CP, _FEE, _ORG_NATIONAL, _MT],
    "shandong": [_P, _R, _A, _RV, _LT, _CP, _LIB, _WEB, _GAZ, _RP, _VIS, _FEE, _ORG, _MT],
    "remnant": [_P, _R, _WEB, _RP, _VIS, _ORG, _MT],
}
#: parent -> children that must sum to it (FORMATS.md §2.5 rule 7; p_total/r_hot exempt)
OLD_SUMS = ["a_rcv", "a_done", "a_ans", "a_ans_4", "rv", "lt", "cp", "lib", "web", "rp", "vis", "org_2"]


def old_rows(variant: str) -> list[tuple]:
    out = []
    for block in OLD_VARIANTS[variant]:
        out.extend(block)
    return out


def make_old_numbers(variant: str, facts: dict, rng: random.Random, sparse: bool) -> dict[str, object]:
    """Values per row key; None = cell left unfilled (seed 003). Group rows hold None."""
    rows = old_rows(variant)
    keys = [r[0] for r in rows]
    children: dict[str, list[str]] = {}
    for key, _, _, parent, _ in rows:
        if parent:
            children.setdefault(parent, []).append(key)
    v: dict[str, object] = {k: None for k in keys}

    def split(total: int, ks: list[str]):
        parts = [0] * len(ks)
        for _ in range(total):
            parts[rng.randrange(len(ks))] += 1
        for k, p in zip(ks, parts):
            v[k] = p

    small = lambda hi: rng.randint(0, hi)  # noqa: E731
    v["p_total"] = facts["n_pub"]
    v["p_norm_pub"] = facts["n_doc"]
    v["p_norm_issued"] = facts["n_doc"] + (rng.randint(0, 2) if rng.random() < 0.3 else 0)
    web = facts["n_pub"] - rng.randint(0, facts["n_pub"] // 5)
    v["p_ch_web"], v["p_ch_gazette"] = web, small(3)
    v["p_ch_weibo"], v["p_ch_wechat"] = small(facts["n_pub"] // 3), small(facts["n_pub"] // 2)
    v["p_ch_other"] = small(20)
    v["r_hot"] = facts["n_hot"]
    v["r_press"] = facts["n_press"]
    v["r_press_lead"] = small(v["r_press"])
    v["r_online"] = small(4)
    v["r_online_lead"] = small(v["r_online"])
    v["r_interp"] = facts["n_interp"]
    v["r_wx"], v["r_other"] = small(30), small(40)
    if "a" in keys:
        apps = facts["apps"]
        v["a_rcv"] = apps
        split(apps, ["a_rcv_1", "a_rcv_2", "a_rcv_3", "a_rcv_4", "a_rcv_5"])
        done = apps - facts.get("apps_fwd", 0)
        v["a_done"] = done
        split(done, ["a_done_1", "a_done_2"])
        v["a_ans"] = done
        denied = rng.randint(0, done // 6) if done else 0
        split(done - denied, ["a_ans_1", "a_ans_2", "a_ans_3", "a_ans_5", "a_ans_6", "a_ans_7", "a_ans_8"])
        v["a_ans_4"] = denied
        split(denied, ["a_deny_1", "a_deny_2", "a_deny_3", "a_deny_4", "a_deny_5", "a_deny_6"])
        for parent in ("rv", "lt", "cp"):
            tot = rng.choice([0, 0, 0, 0, 1, 2])
            v[parent] = tot
            split(tot, children[parent])
    if "lib" in keys:
        v["lib"] = small(60)
        split(v["lib"], ["lib_1", "lib_2"])
        v["gaz_1"], v["gaz_2"] = small(12), small(5000)
    lvl = facts["level_idx"]
    for parent in ("web", "rp", "vis"):
        if parent in keys:
            kids = children[parent]
            tot = {"web": rng.randint(1, 3), "rp": rng.randint(1, 4), "vis": rng.randint(0, 800)}[parent]
            v[parent] = tot
            parts = [0, 0, 0]
            parts[min(2, max(0, lvl - 1))] = tot
            for k, p in zip(kids, parts):
                v[k] = p
    if "fee" in keys:
        v["fee"] = 0 if facts["fee"] == 0 else round(facts["fee"] / 10000, 4)
    v["org_1"] = rng.randint(0, 2)
    if "org_rp" in keys:
        v["org_rp"] = rng.randint(1, 3)
    v["org_2a"], v["org_2b"] = rng.randint(0, 3), rng.randint(0, 5)
    v["org_2"] = v["org_2a"] + v["org_2b"]
    v["org_3"] = rng.choice([0, 0, 0.5, 1, 2, 3.5, 5, 10])
    v["mt_1"], v["mt_2"] = facts["n_meet"], facts["n_train"]
    v["mt_3"] = facts["n_trainees"]
    if sparse:  # many sub-rows left blank (seed 003): blank means "not filled", never breaks a sum
        for key, _, _, parent, _ in rows:
            if parent and v[key] == 0 and rng.random() < 0.7:
                v[key] = None
    return v


def check_old(variant: str, values: dict) -> list[str]:
    rows = old_rows(variant)
    kids: dict[str, list[str]] = {}
    for key, _, _, parent, _ in rows:
        if parent:
            kids.setdefault(parent, []).append(key)
    bad = []
    for parent in OLD_SUMS:
        if parent not in values or values[parent] is None:
            continue
        ks = kids.get(parent, [])
        if not ks or all(values.get(k) is None for k in ks):
            continue
        if sum((values.get(k) or 0) for k in ks) != values[parent]:
            bad.append(f"OLD.sum.{parent}")
    return bad


def break_old(variant: str, values: dict, rng: random.Random) -> None:
    cands = [p for p in OLD_SUMS if values.get(p) is not None]
    if cands:
        p = rng.choice(cands)
        values[p] = values[p] + rng.choice([1, 2, 3])


def build_old(variant: str, values: dict, rng: random.Random, opts: dict, pre: list, post: list) -> Table:
    rows_def = old_rows(variant)
    rows: list[Row] = []
    hdr = ["统　计　指　标" if rng.random() < 0.4 else "统计指标", "单位", "统计数"]
    rows.append(Row([Cell(t, "table_header") for t in hdr], "header", "s6", "hdr"))
    top = 0
    indent = opts.get("indent", True)
    for key, label, unit, parent, section in rows_def:
        if parent is None:
            top += 1
            label = f"{cn_numeral(top)}、{label}"
            pad = ""
        else:
            depth = 1 if parent in {"p", "r", "a", "rv", "lt", "cp", "lib", "web", "gaz", "rp", "vis", "org", "mt"} else 2
            pad = ("　　" * depth + ("　　　" if label.startswith("其中") or depth == 2 else "")) if indent else ""
        val = values.get(key)
        if isinstance(val, float):
            txt = f"{val:g}"
        else:
            txt = _num_text(val, {})
        cells = [Cell(pad + label, "table_row_header"), Cell(unit, "table_cell"), Cell(txt, "table_cell", number=True)]
        rows.append(Row(cells, "data", section, key))
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
