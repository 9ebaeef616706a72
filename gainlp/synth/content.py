"""Abstract reports: agency, year, format, the facts (numbers) and an ordered list of
blocks — headings, paragraphs, tables and literal lines — each carrying its label.

Nothing here decides how a line looks (numbering style, table encoding, damage); that is
``render.py`` and ``damage.py``. What is decided here are the *labels* that follow from the
report's structure (docs/schema.md rules 1-18): which section a heading opens, which section a
paragraph or table row belongs to, which headings are missing or run into their paragraph.
"""
from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from .config import SynthConfig
from .corpus import Corpus, expand
from . import tables as T
from . import web

SUB_BANKS = {
    "s1.1": ["s1.1", "s1.1", "s1.1.interpret", "s1.1.keyarea"],
    "s1.2": ["s1.2", "s1.2", "s1.2.consult"],
    "s1.3": ["s1.3"],
    "s1.4": ["s1.4"],
    "s1.5": ["s1.5"],
}
SUBS = ("s1.1", "s1.2", "s1.3", "s1.4", "s1.5")


# ----------------------------------------------------------------------------------------
# blocks
# ----------------------------------------------------------------------------------------
@dataclass
class Heading:
    section: str
    level: int                 # 1, 2 or 3 (the level its marker shows when undamaged)
    ordinal: int
    title: str
    runin: bool = False        # run into the next paragraph (rule 8: body, still switches)
    missing: bool = False      # lost in conversion: not rendered at all


@dataclass
class Para:
    section: str
    text: str
    marker: int | None = None  # numbered fact item (rule 11): rendered with a level-3 marker, role body


@dataclass
class TableBlock:
    table: T.Table


@dataclass
class Lit:
    """A literal line with fixed labels (titles, chrome, signature, captions)."""
    text: str
    section: str
    role: str
    kind: str = "lit"          # title / chrome / sig / lit


@dataclass
class AbstractReport:
    format: str
    year: int
    agency: dict
    facts: dict
    plan: dict
    blocks: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    broken: list = field(default_factory=list)


# ----------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------
def wpick(rng: random.Random, weights: dict):
    keys = [k for k, w in weights.items() if w > 0]
    return rng.choices(keys, [weights[k] for k in keys])[0]


class Writer:
    """Picks templates and slot fillers for one report, honouring the split."""

    def __init__(self, corpus: Corpus, rng: random.Random, split: str, cfg: SynthConfig,
                 facts: dict, slots: dict) -> None:
        self.c, self.rng, self.split, self.cfg = corpus, rng, split, cfg
        self.facts, self.slots = facts, slots
        self.used_heldout = 0

    def lex(self, name: str):
        rng = self.rng
        ho = self.split == "heldout" and rng.random() < self.cfg.heldout_template_share
        return rng.choice(self.c.lex_list(name, self.split, heldout_only=ho))

    def _refresh(self) -> None:
        rng = self.rng
        topics = self.c.lex_list("topics", self.split)
        t1, t2 = rng.sample(topics, 2)
        self.slots["topic"], self.slots["topic2"] = t1, t2
        self.slots["col"] = self.lex("columns")
        self.slots["office"] = self.lex("offices")
        self.slots["leader"] = self.lex("leaders")
        self.slots["self"] = self.slots["self_main"] if rng.random() < 0.75 else rng.choice(
            [self.slots["self_main"], "本机关", "我单位", self.slots["short"]])

    def sentence(self, bank: str, *, opener: bool | None = None, avoid: set | None = None) -> str:
        rng = self.rng
        ho = self.split == "heldout" and rng.random() < self.cfg.heldout_template_share
        ts = self.c.templates(bank, self.facts, self.split, opener=opener, heldout_only=ho)
        if not ts:
            ts = self.c.templates(bank, self.facts, self.split)
        if avoid:
            rest = [t for t in ts if t.text not in avoid]
            ts = rest or ts
        t = rng.choice(ts)
        if avoid is not None:
            avoid.add(t.text)
        if t.heldout:
            self.used_heldout += 1
        return expand(t.text, self.slots, rng)

    def para(self, banks: list[str] | str, n: int | None = None, *, opener_bank: str | None = None) -> str:
        rng = self.rng
        self._refresh()
        if isinstance(banks, str):
            banks = [banks]
        if n is None and self.cfg.long_paragraphs and self.slots.get("_web"):
            n = rng.choice([2, 3, 4, 4, 5, 6, 7])   # web pages: one long paragraph per line
        n = n or rng.choice([1, 2, 2, 3, 3, 4])
        seen: set = set()
        out = []
        if opener_bank:
            out.append(self.sentence(opener_bank, opener=True, avoid=seen))
            n -= 1
        for _ in range(max(0, n)):
            out.append(self.sentence(rng.choice(banks), opener=False if opener_bank else None, avoid=seen))
        return "".join(out)


def _letters(rng: random.Random, a: int, b: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(a, b)))


# ----------------------------------------------------------------------------------------
# agency and facts
# ----------------------------------------------------------------------------------------
def make_agency(w: Writer) -> dict:
    rng = w.rng
    level = wpick(rng, {"province": 0.10, "city": 0.25, "county": 0.45, "town": 0.20})
    level_idx = {"province": 1, "city": 2, "county": 3, "town": 4}[level]
    province = w.lex("provinces")
    city = w.lex("cities")
    county = w.lex("counties")
    csuf = county[-1]  # 县 / 区 / 市
    kind = "gov" if rng.random() < 0.22 else "dept"
    dept = w.lex("departments")
    if level == "town":
        town = "".join(rng.sample(w.c.lexicon["town_syllables"], 2)) + rng.choice(w.c.lexicon["town_suffix"])
        if town.endswith("街道"):
            name, short = f"{county}{town}办事处", f"{town}办事处"
            selfw = rng.choice(["我街道", "本街道", "街道办事处"])
        else:
            name, short = f"{county}{town}人民政府", f"{town}政府"
            selfw = "我镇" if town.endswith("镇") else "我乡"
        place, gov = county, f"{csuf}委、{csuf}政府"
        kind = "gov"
    elif kind == "gov":
        place = {"province": province, "city": city, "county": county}[level]
        suf = {"province": "省", "city": "市", "county": csuf}[level]
        if place.endswith(("自治区", "州", "地区")):
            suf = "区" if place.endswith("自治区") else place[-1]
        name = f"{place}人民政府"
        short = f"{suf}政府"
        selfw = rng.choice([f"我{suf}", f"{suf}政府"])
        gov = {"province": "党中央、国务院", "city": "省委、省政府", "county": "市委、市政府"}[level]
    else:
        place = {"province": province, "city": city, "county": county}[level]
        suf = {"province": "省", "city": "市", "county": csuf}[level]
        dname = dept["province"] if level == "province" else dept["county"]
        name = f"{place}{dname}"
        short = f"{suf}{dept['province'] if level == 'province' else dept['short']}"
        if dname.endswith("厅"):
            selfw = "我厅"
        elif dname.endswith("委员会"):
            selfw = "我委"
        elif dname.endswith("办公室"):
            selfw = "我办"
        else:
            selfw = dept["self"]
        gov = {"province": "省委、省政府", "city": "市委、市政府", "county": f"{csuf}委、{csuf}政府"}[level]
    core = place
    for suf in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "地区", "省", "市", "县", "区", "州"):
        if core.endswith(suf) and len(core) > len(suf) + 1:
            core = core[: -len(suf)]
            break
    return {"name": name, "short": short, "self": selfw, "gov": gov, "level": level,
            "level_idx": level_idx, "place": place, "core": core, "kind": kind,
            "dept_short": dept["short"]}


def make_facts(fmt: str, year: int, ag: dict, cfg: SynthConfig, rng: random.Random) -> dict:
    lv = ag["level_idx"]
    base = {1: 500, 2: 180, 3: 70, 4: 18}[lv]
    R = rng.randint
    f: dict = {"old": fmt == "old", "level_idx": lv, "year": year}
    f["n_pub"] = max(3, int(base * rng.uniform(0.3, 3.0)))
    f["n_doc"] = R(0, max(1, base // 40))
    f["n_rep"] = R(0, f["n_doc"]) if rng.random() < 0.4 else 0
    f["n_valid"] = f["n_doc"] + R(0, 5 + base // 10)
    for k, hi in [("n_interp", 2 + base // 15), ("n_hot", 2 + base // 20), ("n_press", 1 + base // 80),
                  ("n_news", 5 + base // 2), ("n_key", 3 + base // 4), ("n_train", 6), ("n_meet", 5),
                  ("n_staff", 6), ("n_web", 10 + base), ("n_wx", 5 + base // 2), ("n_visit", 40 + base),
                  ("n_gazette", 12), ("n_small", 12), ("n_sys", 8), ("n_task", 30), ("n_consult", 20 + base // 3),
                  ("n_consult_pub", 6), ("n_enf", 5 + base // 3), ("n_budget", 20)]:
        f[k] = R(1, hi)
    f["n_trainees"] = f["n_train"] * R(5, 40)
    f["n_view"] = R(2000, 900000)
    f["n_lic"] = R(0, base * 8) if rng.random() < 0.6 else 0
    f["n_pen"] = R(0, base * 3) if rng.random() < 0.5 else 0
    f["n_coe"] = R(0, base // 4) if rng.random() < 0.3 else 0
    f["t2_fee_amt"] = round(rng.uniform(0, 3000), 2) if rng.random() < 0.3 else 0.0
    f["n_fee_amt"] = f"{f['t2_fee_amt']:.2f}"
    f["fee_t2"] = 1 if f["t2_fee_amt"] > 0 else 0
    f["t2_reg_new"], f["t2_reg_rep"] = (R(0, 2), 0) if lv <= 2 and rng.random() < 0.3 else (0, 0)
    f["t2_reg_pub"] = f["t2_reg_new"]
    f["t2_reg_total"] = f["t2_reg_new"] + (R(0, 20) if lv <= 2 else 0)
    f["t2_doc_total"] = f["n_doc"] + R(0, 40)

    def change():
        v = rng.choice([0, 0, 0, R(1, 5), -R(1, 3)])
        return f"+{v}" if v > 0 and rng.random() < 0.5 else str(v)
    for k in ("lic", "svc", "pen", "coe", "fee"):
        f[f"t2_{k}_items"] = R(0, 60)
        f[f"t2_{k}_change"] = change()
    f["t2_svc_dec"] = R(0, base * 5) if rng.random() < 0.4 else 0
    f["t2_proc_items"] = R(0, 30)
    amt = round(rng.uniform(0, 3000), 2) if f["t2_proc_items"] else 0
    f["t2_proc_amt"] = (f"{amt:.2f}万元" if rng.random() < cfg.p_unit_in_cell else f"{amt:.2f}") if amt else "0"
    # T3 / T4 numbers
    zero = rng.random() < cfg.p_apps_zero
    scale = {1: 60, 2: 25, 3: 6, 4: 2}[lv]
    t3fmt = "std2019" if fmt != "std2021" else "std2021"
    f["t3"] = T.make_t3_numbers(t3fmt, scale, rng, zero)
    f["t3_fmt"] = t3fmt
    rows = f["t3"]
    f["apps"] = rows["new"][6]
    f["apps_np"] = rows["new"][0]
    f["apps_carry"] = rows["carry"][6]
    f["apps_done"] = rows["results_total"][6]
    f["apps_fwd"] = rows["forward"][6]
    f["n_granted"] = rows["granted"][6]
    f["n_unable"] = sum(rows[k][6] for k in ("unable_1", "unable_2", "unable_3"))
    f["t4"] = T.make_t4_numbers(rng, rng.random() < cfg.p_review_zero)
    v = f["t4"]
    f["n_rev"], f["n_lit"] = v[4], v[9] + v[14]
    f["rev"] = f["n_revlit"] = f["n_rev"] + f["n_lit"]
    f["n_rev_ok"] = v[0]
    f["fee"] = R(20, 3000) if rng.random() < 0.12 else 0
    f["n_fee_notice"] = R(1, 6)
    f["n_sug"] = R(0, 12) if rng.random() < 0.6 else 0
    f["n_prop"] = R(0, 15) if f["n_sug"] or rng.random() < 0.3 else 0
    f["sug"] = f["n_sug"] + f["n_prop"]
    if f["sug"] and not f["n_sug"]:
        f["n_sug"] = 1
    f["n_app_ip"] = R(0, f["apps"])
    f["n_app_on"] = R(0, f["apps"] - f["n_app_ip"])
    f["n_app_ot"] = f["apps"] - f["n_app_ip"] - f["n_app_on"]
    return f


def make_slots(ag: dict, f: dict, w: Writer) -> dict:
    rng = w.rng
    place, core = ag["place"], ag["core"]
    platforms = [f"{place}人民政府门户网站", f"“{place}人民政府”门户网站", f"{ag['name']}门户网站",
                 f"{place}政府信息公开平台", f"“中国·{core}”门户网站", f"{place}人民政府网站"]
    wechat = [f"“{core}{ag['dept_short']}”微信公众号", f"“{core}发布”政务微博", f"“{ag['short']}”微信公众号",
              f"“{core}政务”视频号"]
    s = {k: str(v) for k, v in f.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)}
    s.update({
        "agency": ag["name"], "short": ag["short"], "self_main": ag["self"], "self": ag["self"],
        "gov": ag["gov"], "year": str(f["year"]), "next_year": str(f["year"] + 1),
        "year_cn": "".join("〇一二三四五六七八九"[int(d)] for d in str(f["year"])),
        "prev_year": str(f["year"] - 1), "platform": rng.choice(platforms), "wechat": rng.choice(wechat),
        "agency_abbr": ag["short"],
        "phone": f"0{rng.randint(300, 999)}-{rng.randint(2000000, 8999999)}",
        "zip": f"{rng.randint(100000, 859999)}",
        "email": f"{_letters(rng, 3, 8)}@{rng.choice(['163.com', '126.com', _letters(rng, 2, 5) + '.gov.cn'])}",
        "address": f"{place}{w.lex('streets')}{rng.randint(1, 399)}号",
        "site_col": w.lex("site_cols"), "site_col2": w.lex("site_cols"),
        "pub_date": f"{f['year'] + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}",
        "hh": f"{rng.randint(8, 18):02d}", "mm": f"{rng.randint(0, 59):02d}",
        "views": str(rng.randint(12, 9999)),
        "index_no": f"{rng.randint(10000000, 99999999)}{_letters(rng, 1, 1).upper()}/{f['year'] + 1}-{rng.randint(10, 9999):05d}",
        "topic": "", "topic2": "", "col": "", "office": "", "leader": "", "parts": "",
    })
    return s


# ----------------------------------------------------------------------------------------
# the report
# ----------------------------------------------------------------------------------------
def build_report(corpus: Corpus, cfg: SynthConfig, rng: random.Random, split: str) -> AbstractReport:
    fmt = wpick(rng, {"std2021": cfg.p_std2021, "std2019": cfg.p_std2019, "old": cfg.p_old})
    year = {"std2021": lambda: rng.randint(2021, 2024), "std2019": lambda: rng.randint(2019, 2020),
            "old": lambda: rng.randint(2008, 2018)}[fmt]()
    w = Writer(corpus, rng, split, cfg, {}, {})
    ag = make_agency(w)
    facts = make_facts(fmt, year, ag, cfg, rng)
    w.facts = facts
    w.slots = make_slots(ag, facts, w)
    plan: dict = {"variants": []}
    _layout(plan, cfg, rng)
    w.slots["_web"] = "1" if plan["web"] else ""
    rep = AbstractReport(fmt, year, ag, facts, plan)
    if fmt == "old":
        old_styles = {k: v * (4.0 if k == "cn_gap" else 1.0) for k, v in cfg.top_styles.items() if k != "paren_top"}
        plan["top_style"] = wpick(rng, old_styles)
    else:
        plan["top_style"] = wpick(rng, cfg.top_styles)
    plan["l2_style"] = wpick(rng, cfg.l2_styles)
    plan["l3_style"] = wpick(rng, cfg.l3_styles)
    plan["docx_lost"] = rng.random() < cfg.p_docx_numbering_lost
    plan["arabic_parts"] = fmt != "old" and rng.random() < cfg.p_arabic_parts
    # one part after the first that lost its numeral (一、… 依申请公开政府信息情况 … 三、…; 存在的问题…)
    plan["numeral_lost"] = rng.randint(2, 5) if rng.random() < cfg.p_part_numeral_lost else None
    # the first part's heading line dropped (a mirror): its text follows the preamble, or opens the page
    plan["first_heading_lost"] = rng.random() < cfg.p_first_heading_lost
    # one part whose title the page lost: 一、 alone on its line (the first part of an old report)
    plan["title_lost"] = (1 if fmt == "old" else rng.randint(1, 3)) if rng.random() < cfg.p_part_title_lost else None
    plan["runin"] = rng.random() < cfg.p_runin
    plan["indent"] = rng.choice(["", "　　", "    "]) if rng.random() < cfg.p_indent else ""
    _front(rep, w)
    if fmt == "old":
        _old_body(rep, w)
    else:
        _std_body(rep, w)
    _back(rep, w)
    plan["heldout_templates"] = w.used_heldout
    return rep


def _layout(plan: dict, cfg: SynthConfig, rng: random.Random) -> None:
    """How the report reaches the user: PDF text, a web page (kept as lines, flattened onto one
    line by a crawler, or the legacy whole-body ``oneline``), or a docx-like text; whether a
    web page is stored only as its opening (rule 18) and has a crawler block above it."""
    plan["pdf"] = rng.random() < cfg.p_pdf
    plan["flat"] = (not plan["pdf"]) and rng.random() < cfg.p_flat
    plan["oneline"] = (not plan["pdf"]) and (not plan["flat"]) and rng.random() < cfg.p_oneline
    plan["web"] = plan["flat"] or ((not plan["pdf"]) and (not plan["oneline"]) and rng.random() < cfg.p_web_page)
    plan["crawler"] = plan["flat"] and rng.random() < cfg.p_crawler_block
    plan["opening"] = plan["web"] and rng.random() < cfg.p_page_opening


def _title_lines(rep: AbstractReport, w: Writer) -> list[str]:
    """The report title: agency + year with one of many 年报 wordings (``web.title_text``),
    one line or wrapped over two."""
    text = web.title_text(rep, w)
    if w.rng.random() < w.cfg.p_title_two_lines:
        rep.plan["variants"].append("title_two_lines")
        return web.split_title(rep, text, w.rng)
    return [text]


def _chrome(b: list, texts: list[str], section: str = "front") -> None:
    for t in texts:
        if t.strip():
            b.append(Lit(t, section, "noise", "chrome"))


def _front(rep: AbstractReport, w: Writer) -> None:
    rng, cfg, b = w.rng, w.cfg, rep.blocks
    plan, v = rep.plan, rep.plan["variants"]
    webpage = plan.get("web", False)
    f = 1.0 if webpage else cfg.chrome_nonweb_factor
    web.add_slots(rep, w)
    titles = _title_lines(rep, w)
    if plan.get("crawler"):
        v.append("crawler_block")
        for text, role in web.crawler_lines(rep, w, "".join(titles)):
            b.append(Lit(text, "front", role, "crawler"))
    # -- the top of the page
    panel_first = rng.random() < 0.7
    panel = None
    if rng.random() < cfg.p_index_block * f:
        style = web.panel_style(w)
        v.append("index_block")
        v.append(f"panel:{style}")
        panel = web.meta_panel(w, style, "".join(titles))
    if rng.random() < cfg.p_chrome_front * f:
        v.append("chrome_front")
        if webpage:
            _chrome(b, web.header_lines(w))
            if rng.random() < 0.55:
                _chrome(b, [web.breadcrumb(w)])
        else:
            for t in rng.sample(w.c.lexicon["chrome_front"], rng.randint(1, 3)):
                _chrome(b, [expand(t, w.slots, rng)])
    if panel and panel_first:
        _chrome(b, panel)
    if webpage and rng.random() < cfg.p_catalogue_line:
        v.append("catalogue_line")
        _chrome(b, [web.catalogue_line(w)])
    # -- headline and title
    no_title = rng.random() < (cfg.p_no_title if webpage else cfg.p_no_title * cfg.chrome_nonweb_factor)
    if not no_title and rng.random() < cfg.p_wrapper_title:
        v.append("wrapper_title")
        b.append(Lit(web.headline(rep, w), "front", "title", "title"))
        if rng.random() < 0.5:
            b.append(Lit(web.issuer_date(rep, w), "front", "body", "lit"))
    if no_title:
        v.append("no_title")
    else:
        debris = webpage and rng.random() < cfg.p_title_debris
        if debris:
            v.append("title_debris")
            if rng.random() < 0.4:
                _chrome(b, [w.lex("debris_lines")])
        for t in titles:
            b.append(Lit(web.title_debris(w, t) if debris and rng.random() < 0.7 else t, "front", "title", "title"))
        if debris and rng.random() < 0.4:
            _chrome(b, [w.lex("debris_lines")])
    # -- under the title: 来源/时间 line, tools, a panel placed after the title
    if webpage and rng.random() < cfg.p_info_line:
        v.append("info_line")
        _chrome(b, [web.info_line(w)])
        if rng.random() < 0.35:
            _chrome(b, [web.tool_line(w)])
    if panel and not panel_first:
        _chrome(b, panel)
    if not no_title and rng.random() < cfg.p_issuer_line:
        v.append("issuer_line")
        b.append(Lit(rng.choice([rep.agency["name"], f"（{rep.agency['name']}）",
                                 f"{rep.year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]),
                     "front", "body", "lit"))
    if rng.random() < cfg.p_preamble:
        p_intro = cfg.p_intro_heading_old if rep.format == "old" else cfg.p_intro_heading
        if rng.random() < p_intro:
            rep.plan["variants"].append("intro_heading")
            b.append(Heading("front", 0, 0, rng.choice(w.c.headings["front"])))
        if rep.format == "old" and rng.random() < 0.5:
            parts = "、".join(p["titles"][0] for p in w.c.headings["old_parts"][:4]) + "等"
            w.slots["parts"] = rng.choice([parts, "概述、主动公开政府信息情况、依申请公开政府信息情况、"
                                                  "收费及减免情况、复议诉讼情况、存在的主要问题及改进措施、其他需要报告的事项"])
            b.append(Para("front", w.para("front.old_intro", 1)))
        else:
            n = rng.choice([1, 2, 3])
            sents = [w.sentence("front.basis")]
            if rng.random() < 0.4:
                sents.append(w.sentence("front.contents"))
            sents.append(w.sentence("front.period"))
            if rng.random() < 0.7:
                sents.append(w.sentence("front.contact"))
            if n == 1:
                b.append(Para("front", "".join(sents)))
            else:
                cut = rng.randint(1, len(sents) - 1)
                b.append(Para("front", "".join(sents[:cut])))
                b.append(Para("front", "".join(sents[cut:])))


def _h(rep, section, level, ordinal, title, *, can_runin=False) -> Heading:
    rng, plan = rep._rng, rep.plan
    h = Heading(section, level, ordinal, title)
    if can_runin:
        if level == 2 and plan["runin"] and rng.random() < rep._cfg.p_runin_heading:
            h.runin = True
        elif level == 1 and rng.random() < rep._cfg.p_runin_top:
            h.runin = True
    if h.runin:
        plan["variants"].append("runin")
    return h


def _std_body(rep: AbstractReport, w: Writer) -> None:
    rng, cfg, b, f = w.rng, w.cfg, rep.blocks, rep.facts
    rep._rng, rep._cfg = rng, cfg
    H = w.c.headings
    paren_top = rep.plan["top_style"] == "paren_top"
    # -- 一、总体情况
    b.append(_h(rep, "s1", 1, 1, rng.choice(H["std"]["s1"]), can_runin=not paren_top))
    if paren_top:
        rep.plan["variants"].append("paren_top")
        parts = [w.para("s1.intro", rng.choice([1, 2]))]
        for i, sub in enumerate(s for s in SUBS if rng.random() > 0.15):
            title = rng.choice(H["s1sub"][sub])
            parts.append(f" （{T.cn_numeral(i + 1)}）{title}{rng.choice(['。', '：', '，'])}" + w.para(SUB_BANKS[sub], 2))
        b.append(Para("s1", "".join(parts)))
    elif rng.random() < cfg.p_s1_subsections:
        if rng.random() < cfg.p_s1_intro:
            b.append(Para("s1", w.para("s1.intro")))
        subs = [s for s in SUBS if rng.random() >= cfg.p_s1_sub_drop] or ["s1.1"]
        if rng.random() < cfg.p_s1_sub_shuffle:
            rng.shuffle(subs)
            rep.plan["variants"].append("s1_shuffled")
        for i, sub in enumerate(subs):
            _s1_sub(rep, w, sub, i + 1)
    else:
        for _ in range(rng.choice([1, 2, 3])):
            b.append(Para("s1", w.para("s1.intro")))
    # decide which headings may go missing
    s2_narr = rng.random() < cfg.p_s2_narrative
    s3_narr = rng.random() < cfg.p_s3_narrative
    t4_sentence = f["rev"] == 0 and rng.random() < cfg.p_t4_sentence
    s5_subheads = rng.random() < cfg.p_s5_subheads
    missing: set[str] = set()
    if rng.random() < cfg.p_missing_headings and not paren_top:
        cands = []
        if not s2_narr:
            cands.append("s2")
        if not s3_narr:
            cands.append("s3")
        if not t4_sentence:
            cands.append("s4")
        if not s5_subheads:
            cands.append("s5")
        k = rng.randint(1, max(1, len(cands)))
        missing = set(rng.sample(cands, min(k, len(cands)))) if cands else set()
        if missing:
            rep.plan["variants"].append("missing:" + ",".join(sorted(missing)))
    lvl2 = 3 if paren_top else 2
    tab_opts = _table_opts(rep, w)
    # -- 二
    h = _h(rep, "s2", 1, 2, rng.choice(H["std"]["s2"]))
    h.missing = "s2" in missing
    b.append(h)
    if s2_narr:
        b.append(Para("s2", w.para("s2", rng.choice([1, 2]))))
    t2 = T.build_t2(rep.format, f, rng, dict(tab_opts, old_labels=rng.random() < cfg.p_t2_2019_labels_in_2021))
    b.append(TableBlock(t2))
    rep.tables.append(t2)
    # -- 三
    h = _h(rep, "s3", 1, 3, rng.choice(H["std"]["s3"]))
    h.missing = "s3" in missing
    b.append(h)
    if s3_narr:
        b.append(Para("s3", w.para("s3", rng.choice([1, 2]))))
    t3n = f["t3"]
    t4v = f["t4"]
    if rng.random() < cfg.p_broken:
        if t4_sentence or rng.random() < 0.7:
            T.break_t3(f["t3_fmt"], t3n, rng)
        else:
            T.break_t4(t4v, rng)
    t3 = T.build_t3(f["t3_fmt"], t3n, rng, dict(tab_opts, sub_sep=rng.choice([".", "、", "."])))
    b.append(TableBlock(t3))
    rep.tables.append(t3)
    rep.broken += T.check_t3(f["t3_fmt"], t3n)
    # -- 四
    h = _h(rep, "s4", 1, 4, rng.choice(H["std"]["s4"]), can_runin=t4_sentence)
    h.missing = "s4" in missing
    b.append(h)
    if t4_sentence:
        b.append(Para("s4", w.para("s4", 1)))
    else:
        if rng.random() < 0.1:
            b.append(Para("s4", w.para("s4", 1)))
        t4 = T.build_t4(t4v, rng, tab_opts)
        b.append(TableBlock(t4))
        rep.tables.append(t4)
        rep.broken += T.check_t4(t4v)
    # -- 五
    h = _h(rep, "s5", 1, 5, rng.choice(H["std"]["s5"]), can_runin=not s5_subheads)
    h.missing = "s5" in missing
    b.append(h)
    _s5(rep, w, s5_subheads, lvl2)
    # -- 六
    b.append(_h(rep, "s6", 1, 6, rng.choice(H["std"]["s6"]), can_runin=True))
    _s6(rep, w, lvl2)


def _s1sub_title(w: Writer, sub: str) -> str:
    """A level-2 title inside 总体情况, sometimes two short phrases (加强组织领导，压实公开责任)."""
    pairs = w.c.headings["s1sub_pairs"]
    if w.rng.random() < w.cfg.p_phrase_pair_heading:
        return w.rng.choice(pairs["leads"][sub]) + "，" + w.rng.choice(pairs["tails"])
    return w.rng.choice(w.c.headings["s1sub"][sub])


def _s1_sub(rep: AbstractReport, w: Writer, sub: str, ordinal: int) -> None:
    rng, cfg, b = w.rng, w.cfg, rep.blocks
    H = w.c.headings
    h = _h(rep, sub, 2, ordinal, _s1sub_title(w, sub), can_runin=True)
    b.append(h)
    b.append(Para(sub, w.para(SUB_BANKS[sub])))
    if h.runin:
        return
    if rng.random() < cfg.p_level3:
        rep.plan["variants"].append("level3")
        titles = rng.sample(H["l3"][sub], min(len(H["l3"][sub]), rng.randint(2, 3)))
        for j, t in enumerate(titles):
            b.append(Heading(sub, 3, j + 1, t))
            b.append(Para(sub, w.para(SUB_BANKS[sub], rng.choice([1, 2]))))
    elif rng.random() < cfg.p_fact_list:
        rep.plan["variants"].append("fact_list")
        seen: set = set()
        for j in range(rng.randint(2, 3)):
            b.append(Para(sub, w.sentence(f"{sub}.fact", avoid=seen), marker=j + 1))
    elif rng.random() < 0.5:
        b.append(Para(sub, w.para(SUB_BANKS[sub])))


def _s5(rep: AbstractReport, w: Writer, subheads: bool, lvl2: int) -> None:
    rng, cfg, b = w.rng, w.cfg, rep.blocks
    H = w.c.headings
    if subheads:
        b.append(_h(rep, "s5", lvl2, 1, rng.choice(H["s5sub"]["problem"]), can_runin=lvl2 == 2))
        b.append(Para("s5", w.para("s5.problem", rng.choice([2, 3]), opener_bank="s5.problem")))
        b.append(_h(rep, "s5", lvl2, 2, rng.choice(H["s5sub"]["measure"]), can_runin=lvl2 == 2))
        b.append(Para("s5", w.para("s5.measure", rng.choice([2, 3, 4]))))
        if rng.random() < cfg.p_s5_rectify:
            b.append(_h(rep, "s5", lvl2, 3, rng.choice(H["s5sub"]["rectify"]), can_runin=lvl2 == 2))
            b.append(Para("s5", w.para("s5.rectify", 1)))
        return
    b.append(Para("s5", w.para("s5.problem", rng.choice([1, 2, 3]), opener_bank="s5.problem")))
    if rng.random() < cfg.p_s5_items:
        _topic_items(rep, w, "s5", H["s5items"], n=rng.randint(2, 4), runin=True)
    elif rng.random() < 0.5:
        for _ in range(rng.randint(1, 3)):
            b.append(Para("s5", w.para("s5.measure", rng.choice([1, 2]))))
    else:
        b.append(Para("s5", w.para("s5.measure", rng.choice([2, 3, 4]))))
    if rng.random() < cfg.p_s5_rectify:
        b.append(Para("s5", w.para("s5.rectify", 1)))


def _s6(rep: AbstractReport, w: Writer, lvl2: int) -> None:
    rng, cfg, b, f = w.rng, w.cfg, rep.blocks, rep.facts
    H = w.c.headings
    hybrid = rng.random() < cfg.p_hybrid_old_table
    if rng.random() < cfg.p_s6_none and not hybrid:
        b.append(Para("s6", w.para("s6.none", 1)))
        return
    items = ["fee"] + [k for k in ("proposal", "workpoints", "innovation") if rng.random() < 0.45]
    if rng.random() < 0.3:
        items.append("none")
    banks = {"fee": "s6.fee", "proposal": "s6.proposal", "workpoints": "s6.workpoints",
             "innovation": "s6.innovation", "none": "s6.none"}
    style = "heads" if rng.random() < cfg.p_s6_subheads else ("numbered" if rng.random() < 0.4 else "plain")
    n = 0
    for it in items:
        n += 1
        if style == "heads":
            b.append(_h(rep, "s6", lvl2, n, rng.choice(H["s6sub"][it]), can_runin=lvl2 == 2))
            b.append(Para("s6", w.para(banks[it], rng.choice([1, 2]))))
        elif style == "numbered":  # （一）依据《办法》…… run-in items: body (seed 000)
            b.append(Para("s6", f"（{T.cn_numeral(n)}）" + w.para(banks[it], rng.choice([1, 2]))))
        else:
            b.append(Para("s6", w.para(banks[it], rng.choice([1, 2]))))
        if it == "workpoints" and rng.random() < cfg.p_s6_workpoint_items:
            rep.plan["variants"].append("s6_workpoint_items")
            _topic_items(rep, w, "s6", H["s6workpoints"], n=rng.randint(2, 4), runin=rng.random() < 0.5)
    if hybrid:
        rep.plan["variants"].append("hybrid_old_table")
        title = expand(rng.choice(H["stats_titles"]), w.slots, rng)
        r = rng.random()
        pre = []
        if r < 0.4:
            b.append(Heading("s6", 1, 7, title))  # seed 000: "7、 商务局2021年度…统计表" (s6 heading)
        elif r < 0.6:
            b.append(Heading("s6", lvl2, n + 1, title))
        else:
            pre.append((title, "s6", "table_caption"))
        _old_table(rep, w, "remnant", pre)


def _topic_items(rep: AbstractReport, w: Writer, section: str, titles: dict, *, n: int, runin: bool) -> None:
    """Numbered items inside 五 or 六 whose titles and text are about 总体情况 topics
    (解读, 平台, 培训 …): they stay in ``section`` (docs/schema.md rule 10). ``runin``: each item is
    one body paragraph ``（2）title：text`` (level 2 or 3); otherwise a level-3 heading and a
    paragraph under it."""
    rng, b = w.rng, rep.blocks
    pairs = [(k, t) for k, ts in titles.items() if not k.startswith("_") for t in ts]
    level2 = runin and rng.random() < 0.5
    for j, (topic, title) in enumerate(rng.sample(pairs, min(n, len(pairs)))):
        bank = rng.choice(SUB_BANKS.get(topic, ["s1.intro"]))
        if not runin:
            b.append(Heading(section, 3, j + 1, title))
            b.append(Para(section, w.para(bank, rng.choice([1, 2]))))
        elif level2:
            b.append(Para(section, f"（{T.cn_numeral(j + 1)}）{title}{rng.choice(['。', '：'])}" + w.para(bank, 1)))
        else:
            b.append(Para(section, f"{title}{rng.choice(['。', '：'])}" + w.para(bank, 1), marker=j + 1))


def _table_opts(rep: AbstractReport, w: Writer) -> dict:
    rng, cfg = w.rng, w.cfg
    return {"zero_blank": rng.random() < cfg.p_zero_blank, "fw_space": rng.random() < cfg.p_fullwidth_space_cells,
            "wrap_header": rng.random() < cfg.p_header_wrap}


def _old_table(rep: AbstractReport, w: Writer, variant: str, pre: list) -> None:
    rng, cfg, f = w.rng, w.cfg, rep.facts
    vals = T.make_old_numbers(variant, f, rng, sparse=rng.random() < 0.4)
    if rng.random() < cfg.p_broken and not rep.broken:
        T.break_old(variant, vals, rng)
    if rng.random() < 0.5:
        pre.append((f"（{rep.year}年度）", "s6", "table_caption"))
    if rng.random() < 0.4:
        pre.append((f"单位名称：{rep.agency['name']}", "s6", "table_caption"))
    post = []
    if rng.random() < 0.7:
        post.append(("（注：各子栏目数总数要等于总栏目数量）", "s6", "table_note"))
    t = T.build_old(variant, vals, rng, {"indent": rng.random() < 0.7}, pre, post)
    rep.blocks.append(TableBlock(t))
    rep.tables.append(t)
    rep.broken += T.check_old(variant, vals)
    rep.plan["variants"].append(f"old_table:{variant}")


def _old_body(rep: AbstractReport, w: Writer) -> None:
    rng, cfg, b, f = w.rng, w.cfg, rep.blocks, rep.facts
    rep._rng, rep._cfg = rng, cfg
    H = w.c.headings
    parts = {p["id"]: p for p in H["old_parts"]}
    if rng.random() < cfg.p_old_no_headings:
        # each paragraph's first sentence names its part (LABELS.md rules 6 and 16)
        rep.plan["variants"].append("old_no_headings")
        b.append(Para("s1", w.para("s1.intro", rng.choice([1, 2]))))
        if rng.random() < 0.8:
            b.append(Para("s1.1", w.para("s1.1", rng.choice([1, 2, 3]), opener_bank="s1.1.lead")))
        b.append(Para("s5", w.para("s5.measure", rng.choice([1, 2]), opener_bank="s5.problem")))
        return
    first = ["overview"] if rng.random() < 0.88 else []
    required = ["proactive", "request", "review"]
    if rng.random() < cfg.p_old_fees_part:
        required.append("fees")
    optional = [k for k in ("org", "interpret", "keyarea", "platform", "secrecy", "system", "consult",
                            "npc", "units", "workpoints")
                if rng.random() < cfg.p_old_optional_part * (1.0 if rep.year >= 2014 or k in ("org", "platform", "consult", "system") else 0.3)]
    last = ["problems", "other"] if rng.random() < 0.9 else ["problems"]
    eleven = rng.random() < cfg.p_old_eleven
    if eleven:
        # a provincial eleven-part template: the optional parts fill the count, in standard order
        rep.plan["variants"].append("old_eleven_parts")
        first = ["overview"]
        pool = ["org", "interpret", "keyarea", "platform", "secrecy", "system", "consult", "npc", "units", "workpoints"]
        k = max(0, 11 - len(first) - len(required) - len(last))
        optional = rng.sample(pool, min(k, len(pool)))
    middle = required + optional
    if rng.random() < cfg.p_old_staff_part:
        rep.plan["variants"].append("old_staff_part")
        middle.append("staff")
    order = [k for k in ("org", "proactive", "interpret", "keyarea", "platform", "request", "consult", "staff", "fees",
                         "review", "npc", "secrecy", "system", "units", "workpoints") if k in middle]
    if not eleven and rng.random() < cfg.p_old_shuffle:
        rng.shuffle(order)
        rep.plan["variants"].append("old_shuffled")
    seq = first + order + last
    for i, pid in enumerate(seq):
        if pid == "staff":
            _old_staff_part(rep, w, i + 1)
            continue
        p = parts[pid]
        sec = p["section"]
        title = rng.choice(p["titles"])
        if pid == "overview":
            subs = rng.random() < cfg.p_old_overview_subs
            b.append(_h(rep, sec, 1, i + 1, title, can_runin=not subs))
            b.append(Para(sec, w.para("s1.intro")))
            if subs:
                rep.plan["variants"].append("old_overview_subs")
                chosen = sorted(rng.sample(SUBS, rng.randint(2, 4)))
                for j, sub in enumerate(chosen):
                    _s1_sub(rep, w, sub, j + 1)
            elif rng.random() < cfg.p_old_l3_items:
                _old_l3_items(rep, w, sec)
            continue
        b.append(_h(rep, sec, 1, i + 1, title, can_runin=True))
        if pid == "problems":
            b.append(Para("s5", w.para("s5.problem", rng.choice([1, 2, 3]), opener_bank="s5.problem")))
            b.append(Para("s5", w.para("s5.measure", rng.choice([2, 3]))))
            continue
        if pid == "other":
            b.append(Para("s6", w.para(rng.choice(["s6.none", "s6.none", "s6.proposal", "s6.workpoints"]), 1)))
            continue
        b.append(Para(sec, w.para(p["bank"])))
        if sec.startswith("s1.") and rng.random() < 0.3:
            # level-2 subheadings inside an s1.x part move by topic (seed 003: （二）平台建设 -> s1.4)
            n_sub = rng.randint(1, 2)
            for j in range(n_sub):
                sub = sec if rng.random() < 0.6 else rng.choice(SUBS)
                # a title naming no topic (（一）公开数量) stays in the part's own subsection
                plain = sub == sec and rng.random() < 0.3
                title = rng.choice(H["plain_subs"]) if plain else _s1sub_title(w, sub)
                h = _h(rep, sub, 2, j + 1, title, can_runin=True)
                b.append(h)
                b.append(Para(sub, w.para(SUB_BANKS[sub], rng.choice([1, 2]))))
        elif rng.random() < cfg.p_old_l3_items:
            _old_l3_items(rep, w, sec)
        elif rng.random() < 0.35:
            b.append(Para(sec, w.para(p["bank"], rng.choice([1, 2]))))
    if rep.year >= 2014 and rng.random() < cfg.p_old_report_table:
        variant = wpick(rng, cfg.old_table_variants)
        pre = []
        if rng.random() < 0.7:
            pre.append((rng.choice(["附件", "附表", f"附件{rng.randint(1, 3)}", "附表：", "附件："]), "s6", "table_caption"))
        pre.append((expand(rng.choice(w.c.headings["stats_titles"]), w.slots, rng), "s6", "table_caption"))
        if rng.random() < cfg.p_signature * 0.3:
            # signed above its attached table: the signature and date are back matter all the same
            rep.plan["variants"].append("signature_before_table")
            _signature(rep, w)
        _old_table(rep, w, variant, pre)


def _old_l3_items(rep: AbstractReport, w: Writer, section: str) -> None:
    """Numbered level-3 run-in items (``1.组织机构建设工作：…``) inside an old part, titled by
    any 总体情况 topic: they never change the part's section (docs/schema.md rule 2)."""
    rng, b, H = w.rng, rep.blocks, w.c.headings
    rep.plan["variants"].append("old_l3_items")
    n = rng.randint(2, 4)
    subs = [rng.choice(SUBS) for _ in range(n)]
    for j, sub in enumerate(subs):
        title = rng.choice(H["l3"][sub]) + rng.choice(["", "", "工作", "情况", "方面"])
        text = title + rng.choice(["：", "。", ":", "，"]) + w.para(SUB_BANKS[sub], rng.choice([1, 2]))
        b.append(Para(section, text, marker=j + 1))


def _old_staff_part(rep: AbstractReport, w: Writer, ordinal: int) -> None:
    """Old part on staff, fees and spending (人员和收支情况): the part and its staff/spending
    items are ``s1.5``; items about fees charged to applicants are ``s6`` (rule 15)."""
    rng, b, H = w.rng, rep.blocks, w.c.headings
    part = H["staff_part"]
    subs_h = H["staff_subs"]
    with_subs = rng.random() < 0.7
    b.append(_h(rep, "s1.5", 1, ordinal, rng.choice(part["titles"]), can_runin=not with_subs))
    if not with_subs:
        b.append(Para("s1.5", w.para(part["bank"], rng.choice([1, 2, 3]))))
        if rng.random() < 0.5:
            b.append(Para("s1.5", w.para(part["bank"], 1)))
        return
    items = ["staff", "fee"] + [k for k in ("waive", "cost") if rng.random() < 0.5]
    for j, key in enumerate(items):
        sec = "s6" if key in ("fee", "waive") else "s1.5"
        b.append(_h(rep, sec, 2, j + 1, rng.choice(subs_h[key]), can_runin=True))
        b.append(Para(sec, w.para("s6.fee" if sec == "s6" else part["bank"], rng.choice([1, 2]))))


def _signature(rep: AbstractReport, w: Writer) -> None:
    rng, b = w.rng, rep.blocks
    if rng.random() < 0.85:
        b.append(Lit(rep.agency["name"], "back", "body", "sig"))
    b.append(Lit(f"{rep.year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日", "back", "body", "sig"))


def _back(rep: AbstractReport, w: Writer) -> None:
    rng, cfg, b = w.rng, w.cfg, rep.blocks
    lex = w.c.lexicon
    if "signature_before_table" not in rep.plan["variants"] and rng.random() < cfg.p_signature:
        rep.plan["variants"].append("signature")
        _signature(rep, w)
    f = 1.0 if rep.plan.get("web") else cfg.chrome_nonweb_factor
    if rng.random() < cfg.p_chrome_back * f:
        rep.plan["variants"].append("chrome_back")
        if rep.plan.get("web"):
            _chrome(b, web.back_lines(w), "back")
        else:
            for t in rng.sample(lex["chrome_back"], rng.randint(1, 3)):
                b.append(Lit(expand(t, w.slots, rng), "back", "noise", "chrome"))
            if rng.random() < 0.5:
                b.append(Lit(expand(rng.choice(lex["attachment_names"]), w.slots, rng), "back", "noise", "chrome"))
    if rng.random() < cfg.p_chart_residue:
        rep.plan["variants"].append("chart_residue")
        b.append(Lit(f"信息公开条目\t{rep.year - 1}年度\t{rep.year}年度\t{rng.randint(10, 300)}\t{rep.facts['n_pub']}\t",
                     "back", "noise", "chrome"))
