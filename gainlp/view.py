"""Render a labeled ``Report`` as one self-contained, colour-coded HTML page.

``render_html(report)`` returns the page as a string: inline CSS only, no scripts, no
external assets, so the file can be mailed, archived or opened offline. What it shows:

* a header with the document name, format, engine and counts (lines, segments, headings,
  table lines, low-confidence segments) and a list of the section runs linking to lines;
* one row per segment (a segmented line shows its segments one under the other, the
  later ones marked ``+`` as in the TSV format): line number, section id, role tag, text;
* a colour per section (left bar and background tint; ``s1.1``…``s1.5`` are shades of
  ``s1``'s blue), a style per role: titles large, headings bold, table lines monospace
  with tabs and ``|`` shown as visible cell separators, notes small, noise greyed;
* after every heading its canonical section (``→ 三、收到和处理政府信息公开申请情况``), and
  where a section run starts without a heading a fainter marker;
* segments whose confidence is below ``low`` (default 0.6) highlighted (class ``low``,
  confidence badge); every segment's confidence is in its tooltip;
* a legend of sections and roles.

All report text is HTML-escaped; control characters are shown as small visible tags
(``^A``, ``FF``, ``LS``), lone surrogates as U+FFFD, so any decoded text renders safely.

Class names: ``sec-<id>`` with the dot replaced (``sec-s1-3``), ``role-<role>``, ``low``,
``anno`` (heading annotation), ``anno-run`` (run start without heading), ``legend``.
"""
from __future__ import annotations

import html
import re
from collections import Counter

from .labels import ROLES, SECTION_TITLES, SECTIONS, TABLE_ROLES
from .report import Report

__all__ = ["render_html", "section_class", "SECTION_COLOURS"]

#: (hue, saturation %) of each top-level section; the s1 subsections are shades of s1.
_HUES: dict[str, tuple[int, int]] = {
    "front": (220, 10), "s1": (214, 72), "s2": (135, 50), "s3": (30, 85),
    "s4": (275, 50), "s5": (0, 65), "s6": (178, 60), "back": (30, 18),
}
#: (bar lightness %, background lightness %) for s1 and its shades s1.1 … s1.5
_S1_SHADES = {"s1": (42, 95), "s1.1": (28, 92), "s1.2": (36, 93), "s1.3": (50, 94),
              "s1.4": (60, 95), "s1.5": (70, 96)}


def _colours(section: str) -> tuple[str, str]:
    """(bar colour, background colour) of a section."""
    if section in _S1_SHADES:
        h, s = _HUES["s1"]
        bar, bg = _S1_SHADES[section]
    else:
        h, s = _HUES[section]
        bar, bg = 42, 95
    return f"hsl({h},{s}%,{bar}%)", f"hsl({h},{s}%,{bg}%)"


SECTION_COLOURS: dict[str, tuple[str, str]] = {sec: _colours(sec) for sec in SECTIONS}

ROLE_TAGS: dict[str, str] = {
    "title": "title", "heading": "heading", "body": "body", "table_caption": "caption",
    "table_header": "header", "table_row_header": "row hdr", "table_cell": "cell",
    "table_row": "row", "table_note": "note", "noise": "noise", "blank": "blank",
}
ROLE_HINTS: dict[str, str] = {
    "title": "report title", "heading": "division title (bold)", "body": "prose",
    "table_caption": "table title / caption row", "table_header": "column header",
    "table_row_header": "row label", "table_cell": "data cell", "table_row": "whole row",
    "table_note": "note tied to a table", "noise": "conversion debris, page chrome (grey)",
    "blank": "whitespace only",
}


def section_class(section: str) -> str:
    """CSS class of a section id: ``s1.3`` → ``sec-s1-3``."""
    return "sec-" + section.replace(".", "-")


# C0 controls except tab/LF/CR, DEL, C1 controls, the Unicode line/paragraph separators,
# and lone surrogates (which cannot be encoded as UTF-8).
_SPECIAL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SPECIAL_NAMES = {"\u2028": "LS", "\u2029": "PS", "\x85": "NEL", "\x0c": "FF", "\x0b": "VT",
                  "\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL"}


def _special(ch: str) -> str:
    o = ord(ch)
    if 0xD800 <= o <= 0xDFFF:
        return '<span class="ctl" title="lone surrogate">\ufffd</span>'
    if o < 0x20 or o == 0x7F:
        sym = _SPECIAL_NAMES.get(ch) or "^" + chr(o ^ 0x40)  # caret notation: \x01 → ^A
    else:
        sym = _SPECIAL_NAMES.get(ch, f"U+{o:04X}")
    return f'<span class="ctl" title="U+{o:04X}">{sym}</span>'


def _esc(text: str) -> str:
    """HTML-escape text for element content, control characters made visible."""
    out = html.escape(text, quote=False)
    return _SPECIAL.sub(lambda m: _special(m.group()), out) if _SPECIAL.search(out) else out


def _attr(text: str) -> str:
    """Escape for a double-quoted attribute value (controls dropped, surrogates replaced)."""
    text = _SPECIAL.sub(lambda m: "\ufffd" if 0xD800 <= ord(m.group()) <= 0xDFFF else " ", text)
    return html.escape(text, quote=True)


def _esc_table(text: str) -> str:
    """Like ``_esc`` but tabs and pipes become visible cell separators."""
    parts = re.split(r"(\t|[|｜])", text)
    out = []
    for p in parts:
        if p == "\t":
            out.append('<span class="sep tab" title="tab">\t</span>')
        elif p in ("|", "｜"):
            out.append(f'<span class="sep">{p}</span>')
        elif p:
            out.append(_esc(p))
    return "".join(out)


_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1d1d1f;background:#fafafa}
header{padding:14px 20px;background:#fff;border-bottom:1px solid #ddd}
header h1{font-size:19px;margin:0 0 6px;word-break:break-all}
.meta{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;color:#444}
.meta b{color:#111}
.wrap{display:flex;align-items:flex-start;gap:16px;padding:14px 20px}
main{flex:1;min-width:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px 0}
aside{width:300px;flex:none;position:sticky;top:10px;font-size:13px}
aside section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 10px;margin-bottom:12px}
aside h2{font-size:14px;margin:0 0 6px}
.legend ul,.runs ul{list-style:none;margin:0;padding:0}
.legend li{display:flex;align-items:center;gap:6px;margin:2px 0}
.sw{display:inline-block;width:14px;height:14px;border-radius:3px;border-left:5px solid;flex:none}
.legend code{font-size:12px;min-width:3.2em}
.legend-roles li{display:grid;grid-template-columns:5em 1fr auto;gap:6px;line-height:1.25;margin:4px 0}
.legend-roles small{color:#666}
.cnt{color:#666;font-size:12px}
.runs li{margin:1px 0;padding:1px 4px;border-left:5px solid;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.runs a{color:inherit;text-decoration:none}
.line{border-bottom:1px solid #f0f0f0}
.seg{display:grid;grid-template-columns:3.6em 3.4em 5.2em minmax(0,1fr);gap:0 8px;align-items:baseline;padding:1px 8px 1px 0;border-left:6px solid}
.seg+.seg{border-top:1px dashed #ccc}
.ln{color:#999;font:12px monospace;text-align:right}
.sid{font:11px monospace;color:#555}
.tag{font-size:11px;line-height:1.3;padding:0 5px;border-radius:8px;background:#fff;border:1px solid #bbb;color:#444;text-align:center;white-space:nowrap;overflow:hidden}
.txt{white-space:pre-wrap;tab-size:4;word-break:break-all;min-height:1.2em}
.plus{color:#999;font-family:monospace}
.anno{margin-left:10px;font-size:12px;font-weight:normal;font-family:sans-serif;color:#fff;padding:0 6px;border-radius:8px;white-space:nowrap}
.anno-run{margin-left:10px;font-size:11px;color:#777;font-style:italic;white-space:nowrap}
.role-title .txt{font-size:18px;font-weight:700}
.role-title .tag{background:#222;color:#fff;border-color:#222}
.role-heading .txt{font-weight:700}
.role-heading .tag{background:#444;color:#fff;border-color:#444}
.tbl .txt{font-family:"Noto Sans Mono CJK SC","Sarasa Mono SC",monospace;font-size:13.5px}
.tbl .tag{border-style:dashed}
.role-table_caption .txt{font-weight:600}
.role-table_header .txt{font-weight:600;text-decoration:underline dotted #888}
.role-table_row_header .txt{font-style:italic}
.role-table_note .txt{font-size:12.5px;color:#555}
.sep{color:#c0392b;background:#fde2e0;border-radius:2px;padding:0 1px;font-weight:700}
.sep.tab{display:inline-block;min-width:1.6em;position:relative}
.sep.tab::before{content:"\\21E5";position:absolute;left:2px;font-weight:400}
.role-noise .txt{color:#9a9a9a;font-style:italic}
.role-noise .tag{color:#999;border-color:#ddd}
.role-blank .tag{color:#bbb;border-color:#eee}
.role-blank .txt{min-height:.6em}
.ctl{color:#b35900;background:#fff1d6;font-size:11px;border:1px solid #f0c080;border-radius:2px;padding:0 1px}
.low{background-image:repeating-linear-gradient(135deg,rgba(255,196,0,.28) 0 8px,rgba(255,196,0,.12) 8px 16px);outline:2px solid #f0a000;outline-offset:-2px}
.conf{margin-left:8px;font:11px monospace;background:#f0a000;color:#fff;border-radius:6px;padding:0 5px;white-space:nowrap}
.note{color:#666;font-size:12px;margin:4px 0 0}
"""


def _css() -> str:
    rules = [_CSS]
    for sec in SECTIONS:
        bar, bg = SECTION_COLOURS[sec]
        cls = section_class(sec)
        rules.append(f".seg.{cls}{{border-left-color:{bar};background-color:{bg}}}"
                     f".{cls} .anno,.anno.{cls}{{background:{bar}}}"
                     f".sw.{cls},.runs li.{cls}{{border-left-color:{bar};background:{bg}}}")
    return "\n".join(rules)


def render_html(report: Report, *, title: str | None = None, low: float = 0.6) -> str:
    """The report as a standalone HTML page (see the module docstring)."""
    name = title or report.source or "<text>"
    segs = report.segments
    roles = Counter(s.role for s in segs)
    n_low = sum(1 for s in segs if s.confidence < low and s.role != "blank")
    table_lines = len(report.table_lines())
    used = {s.section for s in segs}
    runs = report.sections

    # section run starts: line index → run, for the "run start without heading" marker
    run_start = {(r.first_line, r.start): r for r in runs}

    body: list[str] = []
    by_line: dict[int, list] = {}
    for seg in segs:
        by_line.setdefault(seg.line, []).append(seg)
    for ln in report.lines:
        lsegs = by_line.get(ln.index, [])
        body.append(f'<div class="line" id="L{ln.index}">')
        for k, seg in enumerate(lsegs):
            piece = report.text[seg.start:seg.end]
            is_table = seg.role in TABLE_ROLES
            classes = ["seg", section_class(seg.section), f"role-{seg.role}"]
            if is_table:
                classes.append("tbl")
            is_low = seg.confidence < low and seg.role != "blank"
            if is_low:
                classes.append("low")
            tip = f"line {ln.index} · {seg.section} · {seg.role} · confidence {seg.confidence:.2f}"
            content = _esc_table(piece) if is_table else _esc(piece)
            plus = '<span class="plus">+</span>' if k else ""
            extra = ""
            if seg.role == "heading":
                extra = (f'<span class="anno" title="{_attr(seg.section)}">→ '
                         f'{_esc(SECTION_TITLES[seg.section])}</span>')
            elif seg.role != "blank" and (seg.line, seg.start) in run_start:
                extra = (f'<span class="anno-run">▸ {_esc(seg.section)} '
                         f'{_esc(SECTION_TITLES[seg.section])}</span>')
            if is_low:
                extra += f'<span class="conf">{seg.confidence:.2f}</span>'
            ln_label = f"{ln.index + 1}" if k == 0 else f"{ln.index + 1}.{k + 1}"
            body.append(
                f'<div class="{" ".join(classes)}" title="{_attr(tip)}" data-line="{ln.index}" '
                f'data-conf="{seg.confidence:.4f}">'
                f'<span class="ln">{ln_label}</span><span class="sid">{_esc(seg.section)}</span>'
                f'<span class="tag">{ROLE_TAGS.get(seg.role, _esc(seg.role))}</span>'
                f'<span class="txt">{plus}{content}{extra}</span></div>')
        if not lsegs:  # never happens for a valid report; show the text anyway
            body.append(f'<div class="seg"><span class="ln">{ln.index + 1}</span><span class="sid">?</span>'
                        f'<span class="tag">?</span><span class="txt">{_esc(ln.text)}</span></div>')
        body.append("</div>")

    legend_secs = "".join(
        f'<li><span class="sw {section_class(s)}"></span><code>{s}</code>'
        f'<span>{_esc(SECTION_TITLES[s])}</span>{"" if s in used else " <small>(absent)</small>"}</li>'
        for s in SECTIONS)
    legend_roles = "".join(
        f'<li class="role-{r}"><span class="tag">{ROLE_TAGS[r]}</span>'
        f'<span><code>{r}</code><br><small>{_esc(ROLE_HINTS[r])}</small></span>'
        f'<span class="cnt">×{roles.get(r, 0)}</span></li>'
        for r in ROLES)
    run_items = "".join(
        f'<li class="{section_class(r.section)}"><a href="#L{r.first_line}">'
        f'<code>{r.section}</code> {r.first_line + 1}–{r.last_line + 1} '
        f'{_esc(r.heading.strip()[:40]) if r.heading else "<i>(no heading)</i>"}</a></li>'
        for r in runs)

    meta = [
        ("format", report.format), ("engine", report.engine), ("lines", f"{len(report.lines):,}"),
        ("segments", f"{len(segs):,}"), ("chars", f"{len(report.text):,}"),
        ("headings", str(roles.get("heading", 0))), ("table lines", f"{table_lines:,}"),
        ("section runs", str(len(runs))),
        (f"confidence &lt; {low:g}", str(n_low)),
    ]
    meta_html = "".join(f'<span class="m-{i}">{k}: <b>{_esc(v)}</b></span>'
                        for i, (k, v) in enumerate(meta))
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta name=\"generator\" content=\"gainlp view\">\n"
        f"<title>{_esc(name)} — gainlp</title>\n<style>{_css()}</style>\n</head>\n<body>\n"
        f'<header><h1 class="docname">{_esc(name)}</h1><div class="meta">{meta_html}</div></header>\n'
        '<div class="wrap">\n<main class="report">\n' + "\n".join(body) + "\n</main>\n"
        '<aside>\n<section class="legend legend-sections"><h2>Sections</h2><ul>'
        f"{legend_secs}</ul><p class=\"note\">s1.1–s1.5 are shades of s1. "
        "→ after a heading: its canonical section; ▸ a section run starting without a heading.</p></section>\n"
        f'<section class="legend legend-roles"><h2>Roles</h2><ul>{legend_roles}</ul>'
        '<p class="note">Table lines are monospace; '
        '<span class="sep">|</span> and <span class="sep">\u21e5</span> (tab) mark cell separators. '
        f'<span class="low" style="padding:0 4px">Hatched</span>: confidence below {low:g}.</p></section>\n'
        f'<section class="runs"><h2>Section runs</h2><ul>{run_items}</ul></section>\n'
        "</aside>\n</div>\n</body>\n</html>\n"
    )
