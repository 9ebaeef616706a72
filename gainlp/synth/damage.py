"""Post-render damage that keeps labels exact, and the final assembly into a ``Report``.

Each function takes the labeled lines and returns labeled lines: a wrapped paragraph's
pieces keep the paragraph's (section, role); inserted debris is ``noise`` with the section
of the line before it (or ``back`` after the last line of the body); glued debris
(``[bookmark: _GoBack]``, ``?????``) leaves the host line's labels alone; Traditional
conversion, width changes and spaced digits change characters only.
"""
from __future__ import annotations

import random
import re

from ..normalize import DEBRIS
from ..report import Report, Segment, split_lines
from ..rules.headings import NO_MARKER, line_marker
from .config import SynthConfig
from .render import Ln, blank

_SIGNED = re.compile(r"^\+[\d.,，]+\s*$")
_NUMERIC_PIECE = re.compile(r"^[\d.,，]+\s*$")
_HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "！": "!", "？": "?", "．": "."})
_D2C = re.compile(r"(?<=\d)(?=[\u4e00-\u9fff])")
_C2D = re.compile(r"(?<=[\u4e00-\u9fff])(?=\d)")
PROSE_KINDS = ("prose", "heading", "title", "sig", "lit")

_S2T = None


def _s2t():
    global _S2T
    if _S2T is None:
        import opencc
        _S2T = opencc.OpenCC("s2t")
    return _S2T


def _last_section(lines: list[Ln], default: str = "front") -> str:
    for ln in reversed(lines):
        if ln.segs:
            return ln.segs[-1][1]
        if ln.section is not None:
            return ln.section
    return default


# ----------------------------------------------------------------------------------------
def add_debris(lines: list[Ln], cfg: SynthConfig, rng: random.Random, plan: dict, short: str) -> list[Ln]:
    v = plan["variants"]
    docx = not plan.get("pdf")   # bookmark/image markers come from docx conversion
    if docx and rng.random() < cfg.p_bookmark:
        cands = [i for i, ln in enumerate(lines) if ln.kind in ("prose", "heading") and ln.text.strip()]
        if cands:
            i = rng.choice(cands)
            lines[i].text = "[bookmark: _GoBack]" + lines[i].text
            v.append("bookmark")
    if rng.random() < cfg.p_garbage_prefix:
        cands = [i for i, ln in enumerate(lines) if ln.kind == "heading"]
        if cands:
            lines[cands[0]].text = "?????" + lines[cands[0]].text
            v.append("garbage_prefix")
    if docx and rng.random() < cfg.p_image:
        prose = [i for i, ln in enumerate(lines) if ln.kind == "prose" and ln.section not in ("front", "back")]
        picks = sorted(rng.sample(prose, min(len(prose), rng.randint(1, 3))), reverse=True)
        for i in picks:
            sec = lines[i].section
            extra = [Ln("[image: ]", sec, "noise", "noise")]
            if rng.random() < 0.35:
                extra = [Ln(f"[image: {short}]", sec, "noise", "noise"), Ln(f"({short}）", sec, "noise", "noise")]
            lines[i + 1:i + 1] = extra
        if picks:
            v.append("image")
    return lines


def contents_line(lines: list[Ln], cfg: SynthConfig, rng: random.Random, plan: dict) -> list[Ln]:
    """A wiki-like mirror's table of contents: the report's part and subsection headings on
    one line joined by commas (``一、概述,（一）…,二、…``), above the first heading; front noise."""
    if not plan.get("web") or rng.random() >= cfg.p_contents_line:
        return lines
    first = next((k for k, ln in enumerate(lines) if ln.kind == "heading" and line_marker(ln.text).kind != "none"), None)
    heads = [DEBRIS.sub("", ln.text).strip() for ln in lines
             if ln.kind == "heading" and line_marker(ln.text).kind in _DIVISION_KINDS]
    if first is None or len(heads) < 4:
        return lines
    plan["variants"].append("contents_line")
    sep = rng.choice([",", ",", "，", " "])
    text = sep.join(heads) + (sep if rng.random() < 0.5 else "")
    return lines[:first] + [Ln(text, "front", "noise", "chrome")] + lines[first:]


def _map_text(lines: list[Ln], fn) -> None:
    for ln in lines:
        if ln.segs:
            ln.segs = [(fn(t), s, r) for t, s, r in ln.segs]
            ln.text = "".join(t for t, _, _ in ln.segs)
        else:
            ln.text = fn(ln.text)


def widths(lines: list[Ln], cfg: SynthConfig, rng: random.Random, plan: dict) -> list[Ln]:
    if rng.random() < cfg.p_halfwidth:
        plan["variants"].append("halfwidth")
        _map_text(lines, lambda t: t.translate(_HALF))
    elif rng.random() < cfg.p_mixed_width:
        plan["variants"].append("mixed_width")
        for ln in lines:
            if not ln.segs and rng.random() < 0.3:
                ln.text = ln.text.translate(_HALF)
    return lines


_CONVERTERS: dict = {}


def _converter(name: str):
    if name not in _CONVERTERS:
        import opencc
        _CONVERTERS[name] = opencc.OpenCC(name)
    return _CONVERTERS[name]


def traditional(lines: list[Ln], cfg: SynthConfig, rng: random.Random, plan: dict, split: str = "train",
                agency: dict | None = None) -> list[Ln]:
    """Whole text to Traditional (mirror sites): opencc ``s2t``, or ``s2twp`` (Taiwan phrases:
    檔案, 資訊); ``s2hk`` only in ``split="heldout"``. Then, sometimes, pinyin glosses after
    some characters (``報(bào)告``); a mirror's brand may replace some agency names first
    (``mirror_names``). Labels never change."""
    if rng.random() < cfg.p_traditional:
        plan["variants"].append("traditional")
        if agency:
            mirror_names(lines, cfg, rng, plan, agency, split)
        conv_name = "s2twp" if rng.random() < cfg.p_traditional_tw else "s2t"
        if split == "heldout" and rng.random() < 0.3:
            conv_name = "s2hk"
        if conv_name != "s2t":
            plan["variants"].append(f"traditional:{conv_name}")
        conv = _converter(conv_name).convert
        _map_text(lines, conv)
        if rng.random() < cfg.p_pinyin:
            plan["variants"].append("pinyin")
            table = pinyin_table()
            style = rng.choice(["({})", "({})", "（{}）"])
            rate = cfg.pinyin_rate * rng.uniform(0.5, 2.0)

            def gloss(t: str) -> str:
                out = []
                budget = max(1, len(t) // 12)   # a few glosses per line, never a line of pinyin
                for ch in t:
                    out.append(ch)
                    py = table.get(ch)
                    if py and budget and rng.random() < rate:
                        out.append(style.format(py))
                        budget -= 1
                return "".join(out)
            for ln in lines:
                if ln.kind in ("table",) or ln.role == "blank":
                    continue
                if ln.segs:
                    ln.segs = [(gloss(t), s, r) for t, s, r in ln.segs]
                    ln.text = "".join(t for t, _, _ in ln.segs)
                else:
                    ln.text = gloss(ln.text)
    return lines


def mirror_names(lines: list[Ln], cfg: SynthConfig, rng: random.Random, plan: dict, agency: dict,
                 split: str = "train") -> list[Ln]:
    """A mirror site puts its own name into the text: some occurrences of the agency's name,
    short name or place are replaced by the mirror's brand (``web.json`` ``mirror_*``). Only
    characters change; labels stay."""
    if rng.random() >= cfg.p_mirror_names:
        return lines
    from .corpus import load_corpus
    c = load_corpus(None, cfg.heldout_fraction)
    brand = rng.choice(c.lex_list("mirror_prefixes", split)) + rng.choice(c.lex_list("mirror_brands", split))
    targets = [t for t in (agency.get("name"), agency.get("short"), agency.get("place")) if t and len(t) >= 2]
    if not targets:
        return lines
    plan["variants"].append("mirror_names")
    pat = re.compile("|".join(re.escape(t) for t in sorted(targets, key=len, reverse=True)))
    rate = rng.uniform(0.2, 0.6)
    _map_text(lines, lambda t: pat.sub(lambda m: brand if rng.random() < rate else m.group(0), t))
    return lines


_PINYIN = None


def pinyin_table() -> dict:
    """Traditional character -> toned pinyin, for the glosses a mirror site inserts
    (``corpus/synth/web.json`` key ``pinyin``: "字:pīn …")."""
    global _PINYIN
    if _PINYIN is None:
        from .corpus import load_corpus
        raw = load_corpus(None).lexicon.get("pinyin", "")
        _PINYIN = dict(item.split(":", 1) for item in raw.split() if ":" in item)
    return _PINYIN


def spaced_digits(text: str, rng: random.Random) -> str:
    return _C2D.sub(" ", _D2C.sub(" ", text))


def _wrap_line(ln: Ln, width: int, rng: random.Random) -> list[Ln]:
    text = ln.text
    if len(text) <= width + 2:
        return [ln]
    out: list[Ln] = []
    pos = 0
    first = True
    while pos < len(text):
        w = width + rng.choice([0, 0, 0, 1, 2, -1])
        end = pos + w
        piece = text[pos:end]
        # a first piece that ends a short sentence alone would read as a heading (rule 16):
        # move the cut on
        if first and len(text) > end and re.search(r"[。：:]$", piece) and ln.role == "body":
            end += 2
            piece = text[pos:end]
        out.append(Ln(piece, ln.section, ln.role, ln.kind))
        pos = end
        first = False
    return out


def pdf_layout(lines: list[Ln], cfg: SynthConfig, rng: random.Random, plan: dict) -> list[Ln]:
    v = plan["variants"]
    width = rng.randint(cfg.pdf_wrap_min, cfg.pdf_wrap_max)
    blank_between = rng.random() < cfg.p_pdf_blank_between
    digits = rng.random() < cfg.p_spaced_digits
    v.append(f"pdf_wrap:{width}")
    if blank_between:
        v.append("pdf_blank_between")
    if digits:
        v.append("spaced_digits")
    out: list[Ln] = []
    for ln in lines:
        if ln.kind in PROSE_KINDS and ln.text.strip():
            if digits:
                ln.text = spaced_digits(ln.text, rng)
            pieces = _wrap_line(ln, width, rng)
            for p in pieces:
                out.append(p)
                if blank_between:
                    out.append(blank())
        elif ln.kind == "blank" and blank_between and out and out[-1].kind == "blank":
            continue
        else:
            out.append(ln)
            if blank_between and ln.kind in ("chrome", "noise"):
                out.append(blank())
    if rng.random() < cfg.p_page_numbers:
        v.append("page_numbers")
        title = "".join(ln.text.strip() for ln in lines if ln.role == "title")
        header = None
        if title and rng.random() < cfg.p_running_header:  # the title again atop each page (or its end)
            v.append("running_header")
            header = title if rng.random() < 0.6 else title[rng.randint(1, max(1, len(title) // 4)):]
        out = _paginate(out, rng, ff=rng.random() < cfg.p_form_feed, header=header)
    return out


def _page_mark(n: int, style: int) -> str:
    return [f"- {n} -", f"— {n} —", f"{n}", f"第 {n} 页", f"-{n}-"][style]


def _paginate(lines: list[Ln], rng: random.Random, ff: bool, header: str | None = None) -> list[Ln]:
    per_page = rng.randint(22, 40)
    style = rng.choices(range(5), [6, 1, 1.5, 1, 1])[0]
    out: list[Ln] = []
    count = 0
    page = 1
    pending_ff = False
    for ln in lines:
        if pending_ff:
            ln.text = "\x0c" + ln.text
            if ln.segs:
                t, s, r = ln.segs[0]
                ln.segs[0] = ("\x0c" + t, s, r)
            pending_ff = False
        out.append(ln)
        if ln.text.strip():
            count += 0.3 if ln.kind == "table" else 1   # table cells are short: more per page
        if count >= per_page and ln.kind != "blank":
            out.append(blank())
            out.append(Ln(_page_mark(page, style), _last_section(out), "noise", "noise"))
            out.append(blank())
            if header:
                out.append(Ln(header, _last_section(out), "noise", "noise"))
            page += 1
            count = 0
            pending_ff = ff
    out.append(blank())
    out.append(Ln(_page_mark(page, style), "back", "noise", "noise"))
    if ff:
        out.append(blank())
        out.append(Ln("\x0c", "back", "blank", "blank"))
    return out


def oneline(lines: list[Ln], rng: random.Random, plan: dict) -> list[Ln]:
    """Web-scraper flattening: everything after the leading chrome/title lines on one line."""
    plan["variants"].append("oneline")
    head = 0
    while head < len(lines) and (lines[head].kind in ("chrome", "title") or not lines[head].text.strip()):
        head += 1
    tail = len(lines)
    while tail > head and (lines[tail - 1].kind == "chrome" or not lines[tail - 1].text.strip()):
        tail -= 1
    body = [ln for ln in lines[head:tail] if ln.text.strip() and ln.role != "blank"]
    if len(body) < 2:
        return lines
    sep = rng.choice(["", " ", "\u3000\u3000", "  "])
    segs: list[list] = []
    for k, ln in enumerate(body):
        text = ln.text + (sep if k < len(body) - 1 else "")
        if segs and (_NUMERIC_PIECE.match(text) or text.startswith("+")):
            segs[-1][0] += text     # "+5" would read as a line of its own in TSV
            continue
        segs.append([text, ln.section, ln.role])
    merged = Ln("".join(s[0] for s in segs), segs[0][1], segs[0][2], "oneline",
                segs=[tuple(s) for s in segs])
    return lines[:head] + [merged] + lines[tail:]


# a division (一、 / （一） / 第一部分) opens a new unit when lines are joined
_DIVISION_KINDS = frozenset({"part", "cn_dun", "cn_paren"})


def flatten(lines: list[Ln], cfg: SynthConfig, rng: random.Random, plan: dict, split: str = "train") -> list[Ln]:
    """A crawler's flattening of a web page: every non-blank line of the page (chrome, title,
    body, tables) stripped and joined onto one line with nothing or one space between
    (``cfg.flat_separators``); a crawler block above stays on its own lines.

    Gold segments (docs/schema.md §1, realdev convention): a unit starts right before the heading
    numeral / first character of the next unit, and the separator after a unit stays with
    it. Consecutive lines with the same labels join into one unit (a wrapped title, chrome
    lines, a paragraph's level-3 items) unless the next one opens a division (一、 / （一）);
    a table's lines become one ``table_row`` unit per run of cells (realdev 250)."""
    v = plan["variants"]
    head = 0
    while head < len(lines) and (lines[head].kind == "crawler" or not lines[head].text.strip()):
        head += 1
    body = [ln for ln in lines[head:] if ln.text.strip() and ln.role != "blank"]
    if len(body) < 2:
        return lines
    seps = dict(cfg.flat_separators)
    if split == "train":
        seps.pop("\u3000", None)   # ideographic-space joins only in the held-out split
    keys = [k for k, w in seps.items() if w > 0] or [""]
    sep = rng.choices(keys, [seps[k] for k in keys])[0]
    v.append("flat_sep:" + {"": "none", " ": "space", "\u3000": "ideographic"}.get(sep, "spaces"))
    mixed = rng.random() < cfg.p_flat_mixed  # each join its own: nothing, one space or two (a page's markup)
    if mixed:
        v.append("flat_mixed")

    def joint() -> str:
        return rng.choice(keys) if mixed else sep
    units: list[list] = []   # [text, section, role, kind]
    for ln in body:
        text = ln.text.strip(" \t\u3000") if ln.kind != "oneline" else ln.text
        if not text:
            continue
        if ln.segs:
            for t, sec, role in ln.segs:
                units.append([t, sec, role, "seg"])
            continue
        if ln.kind == "table" and ln.role != "blank":
            prev = units[-1] if units else None
            if prev and prev[3] == "table" and prev[1] == ln.section:
                prev[0] += joint() + text      # separator-only pieces ("|") inside a run stay in it
                continue
            if ln.role != "noise":
                units.append([text, ln.section, "table_row", "table"])
                continue
        prev = units[-1] if units else None
        same = prev is not None and prev[1] == ln.section and prev[2] == ln.role and prev[3] != "table"
        if prev is not None and (_NUMERIC_PIECE.match(text) or text.startswith("+")):
            prev[0] += joint() + text      # "+5" alone would read as a line of its own in TSV
            continue
        if same and (ln.role in ("noise", "title") or (ln.role == "body" and line_marker(text).kind not in _DIVISION_KINDS)
                     or (ln.role == "heading" and line_marker(text) is NO_MARKER and ln.kind == "heading")):
            prev[0] += joint() + text
            continue
        units.append([text, ln.section, ln.role, ln.kind])
    # a page flattened in several long lines (paragraph tags kept, line breaks inside them lost):
    # the units are split into 2-6 runs at unit boundaries, each run one line
    ends = [len(units)]
    if len(units) >= 6 and rng.random() < cfg.p_flat_partial:
        ends = sorted(rng.sample(range(1, len(units)), rng.randint(1, min(5, len(units) // 3)))) + [len(units)]
        v.append("flat_partial")
    out, start = [], 0
    for end in ends:
        run = units[start:end]
        segs = [(u[0] + (joint() if k < len(run) - 1 else ""), u[1], u[2]) for k, u in enumerate(run)]
        out.append(Ln("".join(t for t, _, _ in segs), segs[0][1], segs[0][2], "oneline", segs=segs))
        start = end
    v.append("flat")
    return lines[:head] + out


def page_opening(lines: list[Ln], cfg: SynthConfig, rng: random.Random, plan: dict) -> list[Ln]:
    """Keep only the first ``opening_min``-``opening_max`` characters of the page (an archive
    that stores page openings): the text stops mid-report, usually mid-line; the cut line or
    segment keeps its labels (docs/schema.md rule 18)."""
    limit = rng.randint(cfg.opening_min, cfg.opening_max)
    total = sum(len(ln.text) for ln in lines) + max(0, len(lines) - 1)
    if total <= limit + 40:
        return lines
    plan["variants"].append("page_opening")
    out: list[Ln] = []
    pos = 0
    for ln in lines:
        room = limit - pos
        if room <= 0:
            break
        if len(ln.text) <= room:
            out.append(ln)
            pos += len(ln.text) + 1
            continue
        # the cut line
        if ln.segs:
            segs, used = [], 0
            for t, sec, role in ln.segs:
                if used + len(t) <= room:
                    segs.append((t, sec, role))
                    used += len(t)
                    continue
                piece = t[:room - used]
                if piece.strip() and not _NUMERIC_PIECE.match(piece) and not piece.startswith("+"):
                    segs.append((piece, sec, role))
                break
            if segs:
                out.append(Ln("".join(t for t, _, _ in segs), segs[0][1], segs[0][2], ln.kind, segs=segs))
        else:
            piece = ln.text[:room]
            if piece.strip():
                out.append(Ln(piece, ln.section, ln.role, ln.kind))
        break
    while out and not out[-1].text.strip():
        out.pop()
    return out or lines


# ----------------------------------------------------------------------------------------
def finalize(lines: list[Ln], *, trailing_newline: bool, fmt: str, source: str | None) -> Report:
    prev = "front"
    for ln in lines:
        if ln.segs:
            if ln.segs[0][0].startswith("+") and not _SIGNED.match(ln.segs[0][0]):
                t, s, r = ln.segs[0]
                ln.segs[0] = (" " + t, s, r)
                ln.text = " " + ln.text
            prev = ln.segs[-1][1]
            continue
        if ln.text.startswith("+") and not _SIGNED.match(ln.text):
            ln.text = " " + ln.text
        if not ln.text.strip():
            ln.role = "blank"
            ln.section = prev
        else:
            if ln.role == "blank":
                ln.role = "noise"
            if ln.section is None:
                ln.section = prev
            prev = ln.section
    if trailing_newline:
        lines.append(Ln("", prev, "blank", "blank"))
    text = "\n".join(ln.text for ln in lines)
    slines = split_lines(text)
    if len(slines) != len(lines):
        raise AssertionError("a rendered line contains a line break")
    segments: list[Segment] = []
    for ln, sl in zip(lines, slines):
        if ln.segs:
            pos = sl.start
            for t, s, r in ln.segs:
                segments.append(Segment(pos, pos + len(t), sl.index, s, r))
                pos += len(t)
        else:
            segments.append(Segment(sl.start, sl.end, sl.index, ln.section, ln.role))
    return Report(text=text, segments=segments, lines=slines, source=source, format=fmt, engine="synth")
