"""Web-page matter around a report: page chrome and metadata panels, title variants, crawler
blocks (docs/schema.md rules 13, 17). Vocabulary lives in ``corpus/synth/web.json`` (merged into
the lexicon, so every list has its held-out 20%).

Every line made here is a ``Lit`` with its label fixed by construction:

* chrome (site names, 登录/注册, 无障碍, search boxes, navigation, breadcrumbs, 索引号 panels in
  any layout, 来源/发布时间/点击数 lines, 字号/打印/关闭, catalogue lines that look like a
  heading) → ``noise``, ``front`` before the body and ``back`` after it;
* the report title, a page headline above it and a crawler block's bare title → ``front title``;
* an issuer/date line under a headline → ``front body``;
* crawler block lines (date, URL, local path, ``==== 正文 ====``) → ``front noise``, kind
  ``crawler`` (the flattening in ``damage.flatten`` leaves them on their own lines).

Layouts of a metadata panel (``PANEL_STYLES``): one field per line, key and value on separate
lines, ``•``/``-`` bullets (a key and its value on lines of their own, too), pipe rows
(``索引号: … | 发布机构: …``, or a row of keys over a row of values), two fields per line with
spaces, everything run together on one line, the values alone (their keys lost); ``pipe_lead`` (``| 索引号：… | … |``) is held out
of ``split="train"``.
"""
from __future__ import annotations

import random

from .corpus import expand
from .tables import cn_numeral

PANEL_STYLES = ("lines", "kv_split", "bullets", "pipe", "pairs", "runon", "pipe_lead", "bullets_split", "pipe_keys",
                "values")
HELDOUT_PANEL_STYLES = ("pipe_lead",)
_PANEL_W = {"lines": 0.30, "kv_split": 0.12, "bullets": 0.18, "pipe": 0.15, "pairs": 0.10, "runon": 0.15,
            "pipe_lead": 0.10, "bullets_split": 0.06, "pipe_keys": 0.06, "values": 0.04}


def _letters(rng: random.Random, a: int, b: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(a, b)))


def add_slots(rep, w) -> None:
    """Slots the web vocabulary uses (filled once per report)."""
    rng, s, ag, y = w.rng, w.slots, rep.agency, rep.year
    s["place"], s["core"] = ag["place"], ag["core"]
    s["ss"] = f"{rng.randint(0, 59):02d}"
    s["n2"] = str(rng.randint(1, 60))
    s["cn"] = cn_numeral(rng.randint(1, 9))
    s["code"] = rng.choice([f"{rng.randint(1, 9):02d}{rng.randint(0, 9)}{rng.randint(0, 9)}",
                            f"{rng.randint(100, 999)}", f"{rng.randint(1, 9)}{rng.randint(0, 9)}0{rng.randint(0, 9)}",
                            f"{rng.randint(1, 20)}.{rng.randint(1, 9)}"])
    s["site_code"] = f"{rng.randint(1000, 9999)}{rng.randint(100000, 999999)}"
    s["icp"] = rng.choice([f"ICP备{rng.randint(10000000, 99999999)}号", f"{ag['core'][:1]}ICP备{rng.randint(1000000, 9999999)}号-{rng.randint(1, 3)}",
                           f"公网安备 {rng.randint(10000000000000, 99999999999999)}号"])
    s["cn_date"] = f"{y + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日 星期{rng.choice('一二三四五六日')}"
    s["abbr"] = _letters(rng, 2, 6)
    s["site"] = expand(w.lex("site_names"), s, rng)
    s["doc_no"] = expand(w.lex("doc_no_values"), s, rng)
    s["valid"] = w.lex("valid_values")
    s["kw"] = w.lex("kw_values")


def _x(w, text: str, **extra) -> str:
    slots = dict(w.slots, **extra) if extra else w.slots
    return expand(text, slots, w.rng)


# ----------------------------------------------------------------------------------------
# metadata panel
# ----------------------------------------------------------------------------------------
def meta_panel(w, style: str, title: str) -> list[str]:
    rng = w.rng
    fields = w.c.lexicon["meta_fields"]
    chosen = [fields[0]] if rng.random() < 0.85 else []
    rest = [f for f in fields[1:] if rng.random() < 0.55]
    chosen += rest
    if len(chosen) < 3:
        chosen += rng.sample(fields[1:6], 3 - len(chosen) + 1)
    seen, uniq = set(), []
    for f in chosen:
        if id(f) not in seen:
            seen.add(id(f))
            uniq.append(f)
    if rng.random() < 0.3:
        rng.shuffle(uniq)
    colon = rng.choice(["：", ":", "：", "： ", ": "])
    spaced = rng.random() < 0.2
    pairs = []
    for keys, tmpl in uniq:
        k = rng.choice(keys)
        if spaced and len(k) == 3:
            k = " ".join(k)
        pairs.append((k, _x(w, tmpl, title=title)))
    if style == "lines":
        return [f"{k}{colon}{v}" for k, v in pairs]
    if style == "kv_split":
        out = []
        for k, v in pairs:
            out.append(k + rng.choice(["：", ":", ""]))
            if v.strip():
                out.append(v)
        return out
    if style == "bullets":
        b = rng.choice(["- ", "• ", "· ", "●", "•"])
        return [f"{b}{k}{colon}{v}" for k, v in pairs]
    if style == "bullets_split":  # • 索引号 / • 0152…/2016-03 (the value indented under its key)
        b = rng.choice(["• ", "- ", "· "])
        indent = rng.choice(["", "  "])
        return [line for k, v in pairs for line in (f"{indent}{b}{k}", f"  {b}{v}") if line.strip(" •-·")]
    if style == "values":  # the keys lost by the page's markup: the values alone
        return [v for _, v in pairs if v.strip()]
    if style == "pipe_keys":  # a row of keys, then a row of their values
        per = rng.choice([3, 3, 4])
        out = []
        for i in range(0, len(pairs), per):
            out.append(" | ".join(k for k, _ in pairs[i:i + per]) + " |")
            out.append(" | ".join(v for _, v in pairs[i:i + per]) + " |")
        return out
    if style in ("pipe", "pipe_lead"):
        per = rng.choice([2, 2, 3])
        out = []
        for i in range(0, len(pairs), per):
            cells = [f"{k}{colon}{v}" for k, v in pairs[i:i + per]]
            row = " | ".join(cells)
            if style == "pipe_lead":
                row = "| " + row + " |"
            out.append(row)
        return out
    if style == "pairs":
        gap = rng.choice(["  ", " ", "\u3000", "    "])
        out = []
        for i in range(0, len(pairs), 2):
            out.append(gap.join(f"{k} {v}".rstrip() for k, v in pairs[i:i + 2]))
        return out
    # runon: one line, fields joined with nothing or a space
    sep = rng.choice(["", " ", " "])
    return [sep.join(f"{k}{colon}{v}" for k, v in pairs)]


def panel_style(w) -> str:
    weights = dict(_PANEL_W)
    if w.split == "train":
        for k in HELDOUT_PANEL_STYLES:
            weights[k] = 0.0
    keys = [k for k, v in weights.items() if v > 0]
    return w.rng.choices(keys, [weights[k] for k in keys])[0]


# ----------------------------------------------------------------------------------------
# chrome pieces
# ----------------------------------------------------------------------------------------
def header_lines(w) -> list[str]:
    """Site name, top bar, search box, navigation: the top of a page."""
    rng = w.rng
    out: list[str] = []
    if rng.random() < 0.6:
        out.append(w.slots["site"])
    if rng.random() < 0.45:
        items = list(dict.fromkeys(_x(w, w.lex("top_bar")) for _ in range(rng.randint(1, 3))))
        if rng.random() < 0.5:
            out.extend(items)
        else:
            out.append(rng.choice(["  ", " ", "    "]).join(items))
    if rng.random() < 0.4:
        items = list(dict.fromkeys(w.lex("search_box") for _ in range(rng.randint(1, 3))))
        out.extend(items if rng.random() < 0.6 else [" ".join(items)])
    if rng.random() < 0.35:
        items = list(dict.fromkeys(_x(w, w.lex("nav_items")) for _ in range(rng.randint(3, 7))))
        if rng.random() < 0.3:
            out.extend(items)
        else:
            out.append(rng.choice(["  ", " ", "|", " | ", "\u3000"]).join(items))
    if out and rng.random() < 0.3:
        rng.shuffle(out)
    return out


def breadcrumb(w) -> str:
    rng = w.rng
    sep = w.lex("crumb_sep")
    cols = list(dict.fromkeys(_x(w, w.lex("crumb_cols")) for _ in range(rng.randint(1, 4))))
    return w.lex("crumb_prefix") * (rng.random() < 0.8) + rng.choice(["首页", "网站首页", "首页"]) + sep + sep.join(cols)


def info_line(w) -> str:
    return _x(w, w.lex("info_lines"))


def tool_line(w) -> str:
    return _x(w, w.lex("tool_lines"))


def catalogue_line(w) -> str:
    return _x(w, w.lex("catalogue_lines"))


def back_lines(w) -> list[str]:
    rng = w.rng
    n = rng.randint(1, 4)
    out = list(dict.fromkeys(_x(w, w.lex("back_chrome")) for _ in range(n)))
    if rng.random() < 0.25:
        out.append(_x(w, rng.choice(w.c.lexicon["attachment_names"])))
    return out


# ----------------------------------------------------------------------------------------
# titles
# ----------------------------------------------------------------------------------------
def title_text(rep, w) -> str:
    rng = w.rng
    tails = w.c.lex_list("title_tails", w.split)
    ndbg = [t for t in tails if "年度报告" in t]
    # most titles say 年度报告; 年报 / 工作报告 / 报告 wordings are the minority
    tail = _x(w, rng.choice(ndbg if ndbg and rng.random() < 0.9 else tails))
    if rng.random() < 0.7:
        return rep.agency["name"] + tail
    return _x(w, w.lex("title_forms"), tail=tail)


def split_title(rep, text: str, rng: random.Random) -> list[str]:
    """A title wrapped over two lines: after the agency name, or at a visual break."""
    name = rep.agency["name"]
    if text.startswith(name) and len(text) > len(name) + 4 and rng.random() < 0.55:
        return [name, text[len(name):]]
    cands = [i for i in range(6, len(text) - 3)
             if text[i:].startswith(("工作", "年度报告", "年报", "政府信息", "信息公开", "（"))]
    if cands and rng.random() < 0.7:
        i = rng.choice(cands)
    else:
        lo, hi = max(2, len(text) // 2 - 5), max(3, len(text) - 4)
        ok = [j for j in range(lo, hi + 1) if not (text[j - 1].isdigit() and text[j].isdigit())
              and text[j] not in "）)】年"]
        i = rng.choice(ok) if ok else len(text) // 2
    return [text[:i], text[i:]]


def headline(rep, w) -> str:
    return _x(w, w.lex("headline_forms"))


def issuer_date(rep, w) -> str:
    rng = w.rng
    y = rep.year + 1
    m, d = rng.randint(1, 3), rng.randint(10, 28)
    date = rng.choice([f"{y}/{m}/{d}", f"{y}-0{m}-{d}", f"{y}年{m}月{d}日",
                       f"{y} 0{m}{d}", f"（{y}{m}{d}日）"])  # the last two: 年 and 月 lost by a page's markup
    who = rng.choice([rep.agency["name"], rep.agency["short"], w.slots.get("site", rep.agency["name"])])
    return rng.choice([f"{who}  {date}", f"{who} {date}", date, f"发布单位：{who}"])


def title_debris(w, text: str) -> str:
    rng = w.rng
    if rng.random() < 0.6:
        text = w.lex("title_prefix") + text
    if rng.random() < 0.4:
        text = text + w.lex("title_suffix")
    return text


# ----------------------------------------------------------------------------------------
# crawler block
# ----------------------------------------------------------------------------------------
def crawler_lines(rep, w, title: str) -> list[tuple[str, str]]:
    """(text, role) lines of a crawler's header: title (front title when bare, else a
    field), date, URL, local path, a rule before the body (front noise)."""
    rng, s = w.rng, w.slots
    y = rep.year + 1
    ym = f"{y}{rng.randint(1, 12):02d}"
    d1, d2 = w.lex("url_dirs"), w.lex("url_dirs")
    host = rng.choice([f"www.{s['abbr']}.gov.cn", f"{s['abbr']}.gov.cn", f"xxgk.{s['abbr']}.gov.cn",
                       f"{_letters(rng, 2, 4)}.{s['abbr']}.gov.cn"])
    page = rng.choice([f"t{ym}{rng.randint(10, 28)}_{rng.randint(100000, 9999999)}.html",
                       f"{rng.randint(1000000, 99999999)}.shtml", f"art_{rng.randint(1000, 9999)}_{rng.randint(100000, 999999)}.html",
                       f"content_{rng.randint(10000, 999999)}.html", "index.html"])
    url = f"{rng.choice(['http', 'https'])}://{host}/{d1}/{d2}/{ym}/{page}"
    fname = f"{s['abbr']}_{rep.year}_{rng.randint(1, 999):03d}"
    path = rng.choice([f"/data/crawl/{s['abbr']}/{fname}.html", f"D:\\spider\\pages\\{fname}.htm",
                       f"pages/{fname}.txt", f"./raw/{y}/{fname}.html", f"~/corpus/nb/{fname}.txt"])
    out: list[tuple[str, str]] = []
    key = w.lex("crawler_title_keys")
    # a bare title (or a markdown one) is the page's title; a keyed one is a metadata field,
    # noise like the 标题: field of a panel (realdev 250)
    out.append((key + title, "title" if key.strip() in ("", "#") else "noise"))
    parts = [(w.lex("crawler_date_keys") + s["pub_date"], "noise"), (w.lex("crawler_url_keys") + url, "noise")]
    if rng.random() < 0.7:
        parts.append((w.lex("crawler_path_keys") + path, "noise"))
    if rng.random() < 0.3:
        rng.shuffle(parts)
    out += parts
    if rng.random() < 0.85:
        out.append((w.lex("crawler_rules"), "noise"))
    return out
