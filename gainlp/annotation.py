"""The line-per-row annotation format (``SECTION<TAB>ROLE<TAB>RAW LINE``).

A gold file read here becomes a ``Report`` with ``engine="gold"``, so gold and
predictions are the same kind of object everywhere (evaluation, training, export).

Segmented lines are written as consecutive rows whose raw text starts with ``+`` after
the first row of the line. A row whose whole raw text is a signed number (``+5``) is a
line of its own, not a continuation: that is the one case where a real line starts with
``+`` in these reports.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .labels import SECTIONS, ROLES
from .report import Report, Segment, split_lines

_SIGNED_NUMBER = re.compile(r"^\+[\d.,，]+\s*$")


class AnnotationError(ValueError):
    """A malformed annotation file; the message names the file and the row."""


def parse_tsv(content: str, *, source: str = "<tsv>") -> Report:
    """Parse the text of a ``.tsv`` annotation file into a gold ``Report``."""
    rows = content.split("\n")
    if rows and rows[-1] == "":
        rows.pop()  # the file's own final newline
    comments: list[str] = []
    i = 0
    while i < len(rows) and rows[i].startswith("#"):
        comments.append(rows[i][1:].strip())
        i += 1
    # (section, role, piece, continues_previous_line)
    items: list[tuple[str, str, str, bool]] = []
    for n, row in enumerate(rows[i:], start=i + 1):
        row = row[:-1] if row.endswith("\r") else row
        parts = row.split("\t", 2)
        if len(parts) < 3:
            raise AnnotationError(f"{source}: row {n}: expected SECTION<TAB>ROLE<TAB>TEXT, got {row[:60]!r}")
        sec, role, raw = parts
        if sec not in SECTIONS:
            raise AnnotationError(f"{source}: row {n}: unknown section {sec!r}")
        if role not in ROLES:
            raise AnnotationError(f"{source}: row {n}: unknown role {role!r}")
        cont = bool(items) and raw.startswith("+") and not _SIGNED_NUMBER.match(raw)
        items.append((sec, role, raw[1:] if cont else raw, cont))
    if not items:
        raise AnnotationError(f"{source}: no annotated rows")
    texts: list[str] = []
    for sec, role, piece, cont in items:
        if cont:
            texts[-1] += piece
        else:
            texts.append(piece)
    text = "\n".join(texts)
    lines = split_lines(text)
    if len(lines) != len(texts):
        raise AnnotationError(f"{source}: a raw line contains a carriage return")
    segments: list[Segment] = []
    li = -1
    pos = 0
    for sec, role, piece, cont in items:
        if not cont:
            li += 1
            pos = lines[li].start
        segments.append(Segment(pos, pos + len(piece), li, sec, role, 1.0))
        pos += len(piece)
    report = Report(text=text, segments=segments, lines=lines, source=source, engine="gold")
    report.meta["comments"] = comments
    return report


def read_tsv(path: str | os.PathLike) -> Report:
    path = Path(path)
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise AnnotationError(f"{path}: not UTF-8 ({e.reason} at byte {e.start})") from None
    report = parse_tsv(content, source=str(path))
    fmt = _format_from_comments(report.meta["comments"])
    if fmt:
        report.format = fmt
    return report


def _format_from_comments(comments: list[str]) -> str | None:
    for c in comments:
        m = re.match(r"format\s*:\s*(std2021|std2019|old|unknown)\b", c)
        if m:
            return m.group(1)
    return None


def to_tsv(report: Report, *, comments: list[str] | None = None) -> str:
    """The annotation file for ``report``: joining its raw lines with ``\\n`` gives the text."""
    out: list[str] = [f"# {c}" for c in (comments or [])]
    prev_line = -1
    for seg in report.segments:
        piece = report.text[seg.start:seg.end]
        if seg.line == prev_line:
            piece = "+" + piece
        else:
            gap = report.lines[seg.line]
            if seg.start != gap.start:  # never happens for a valid report
                raise ValueError(f"segment on line {seg.line} does not start the line")
        out.append(f"{seg.section}\t{seg.role}\t{piece}")
        prev_line = seg.line
    return "\n".join(out) + "\n"


def write_tsv(report: Report, path: str | os.PathLike, *, comments: list[str] | None = None) -> None:
    Path(path).write_text(to_tsv(report, comments=comments), encoding="utf-8", newline="\n")
