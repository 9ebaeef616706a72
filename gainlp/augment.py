"""Derived gold: a line-structured annotated report flattened the way crawlers flatten pages.

Real flattened pages are page text joined onto one line with nothing or one space between
the former lines, often under a crawler's metadata block. ``flatten`` turns any gold
report into such a page while keeping its labels exactly: every former line becomes a
segment of the long line (the separator stays with the segment before it, as in real
gold), and blank lines disappear. Used by ``gainlp evaluate --flatten`` to measure the
segmenter on reports it was not written against, and by training to teach the model
flattened text from real annotations.
"""
from __future__ import annotations

from .report import Report, Segment, split_lines

CRAWLER_BLOCK = (
    ("{title}", "front", "title"),
    ("发布时间：{date}", "front", "noise"),
    ("来源网址：http://www.example.gov.cn/xxgk/{stem}.html", "front", "noise"),
    ("本地路径：pages/{stem}.html", "front", "noise"),
    ("==== 正文 ====", "front", "noise"),
)


def flatten(report: Report, *, sep: str = "", header: bool = False, title: str = "",
            date: str = "2020-01-01") -> Report:
    """``report`` with all its non-blank lines joined by ``sep`` onto one line; with
    ``header``, a crawler block (title, date, address, local path, a rule) stands above it."""
    pieces: list[tuple[str, str, str]] = []   # (text, section, role) of the joined line
    for seg in report.segments:
        text = report.text[seg.start:seg.end]
        if seg.role == "blank" or not text.strip():
            continue
        pieces.append((text.strip(), seg.section, seg.role))
    head: list[tuple[str, str, str]] = []
    if header:
        stem = "page" if report.source is None else str(report.source).rsplit("/", 1)[-1].split(".")[0]
        head = [(t.format(title=title or "政府信息公开工作年度报告", date=date, stem=stem), s, r)
                for t, s, r in CRAWLER_BLOCK]
    joined = [(t + (sep if k < len(pieces) - 1 else ""), s, r) for k, (t, s, r) in enumerate(pieces)]
    lines = [t for t, _, _ in head] + ["".join(t for t, _, _ in joined)]
    text = "\n".join(lines) + "\n"
    slines = split_lines(text)
    segments = [Segment(ln.start, ln.end, ln.index, s, r) for ln, (_, s, r) in zip(slines, head)]
    flat = slines[len(head)]
    pos = flat.start
    for t, s, r in joined:
        segments.append(Segment(pos, pos + len(t), flat.index, s, r))
        pos += len(t)
    last = joined[-1][1] if joined else "front"
    segments.append(Segment(len(text), len(text), flat.index + 1, last, "blank"))
    return Report(text=text, segments=segments, lines=slines, source=report.source,
                  format=report.format, engine=report.engine, meta=dict(report.meta))
