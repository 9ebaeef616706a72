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

from ..report import Report, Segment, split_lines
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


def traditional(lines: list[Ln], cfg: SynthConfig, rng: random.Random, plan: dict) -> list[Ln]:
    if rng.random() < cfg.p_traditional:
        plan["variants"].append("traditional")
        conv = _s2t().convert
        _map_text(lines, conv)
    return lines


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
        out = _paginate(out, rng, ff=rng.random() < cfg.p_form_feed)
    return out


def _page_mark(n: int, style: int) -> str:
    return [f"- {n} -", f"— {n} —", f"{n}", f"第 {n} 页", f"-{n}-"][style]


def _paginate(lines: list[Ln], rng: random.Random, ff: bool) -> list[Ln]:
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
