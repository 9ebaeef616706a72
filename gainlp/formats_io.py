"""Annotation interchange: Label Studio and doccano import/export, prediction JSONL reading.

Everything here turns foreign files into ``Report`` objects (and back); the annotation TSV
itself lives in ``gainlp.annotation``.

Label Studio, span layout (the default; ``LABEL_STUDIO_CONFIG``)
    One task per document::

        {"data": {"text": TEXT, "doc": "001_x", "format": "std2021", "comments": [...],
                  "blank_sections": {"1234": "s2"}},
         "predictions": [{"model_version": "gainlp-rules", "score": 0.93, "result": [...]}]}

    Every non-blank segment yields one *region*: two results with the same ``id`` and the same
    span, ``{"from_name": "section", "to_name": "text", "type": "labels", "value": {"start",
    "end", "text", "labels": [SECTION]}}`` and the same with ``from_name: "role"`` and
    ``labels: [ROLE]``. Offsets are Python ``str`` (code point) indices. ``blank`` lines are
    not exported (Label Studio cannot show an empty span; a lone tab needs no label): a blank
    line takes the section of the segment before it (``docs/schema.md`` §2 rule 7), and the few blank
    lines that do not are listed in ``data.blank_sections`` (start offset → section). A blank
    *piece of a segmented line* (whitespace between two segments) is exported as a region with
    role ``blank``. Together this makes TSV → Label Studio → TSV lossless for every valid gold
    file (text, every line's and segment's section and role) — the one thing it cannot carry
    is an empty segment inside a segmented line. ``data.comments`` carries the TSV header
    comments (including ``format: …``).

    Import (a Label Studio JSON export: a list of tasks, one task, or the JSON-MIN export)
    takes the result of the last non-cancelled annotation, or of the last prediction when a
    task has no annotation. Results are grouped into regions by ``id`` (by span when a result
    has no id). A label is recognised by its value, whatever the ``from_name``: section ids and
    role ids are disjoint, and a combined ``section|role`` label is accepted too. Then, per line:

    * if two or more regions lie wholly inside the line and tile it exactly, each
      non-whitespace one with a section and a non-blank role (whitespace-only gaps allowed),
      each becomes a segment — this restores segmented lines; a whitespace-only piece is
      ``blank`` (section: its region's, else as for blank lines);
    * otherwise the line gets the section of the region covering most of its non-whitespace
      characters, and the role likewise (ties: the earlier region);
    * a whitespace-only line is ``blank`` with the section from ``data.blank_sections`` or
      else the previous segment's section;
    * a non-blank line no region covers takes the previous line's section and role ``body``,
      with a warning (likewise a missing section or role alone, or a ``blank`` role on text).

    If ``value.text`` is present and does not match ``text[start:end]``, the offsets are read as
    UTF-16 code units (what older Label Studio versions store after astral characters); failing
    that, the nearest occurrence of ``value.text`` is used, with a warning.

Label Studio, line layout (``LABEL_STUDIO_LINE_CONFIG``)
    One task per *line*: ``{"data": {"doc": "001_x", "line": 17, "text": LINE}}`` with
    ``choices`` results from ``from_name`` ``section`` and ``role`` (one choice each). Lines of
    a document are grouped by ``doc`` and ordered by ``line``, which must run 0…n-1; the text is
    the lines joined with ``\\n``. A missing section takes the previous line's; a missing role is
    ``blank`` for a whitespace-only line, else ``body`` (with a warning). Segmented lines cannot
    be expressed in this layout: each line is labeled with its ``line_labels()`` pair.

doccano (JSONL, one document per line)
    ``{"text": TEXT, "doc": "001_x", "label": [[start, end, "s2|table_cell"], ...]}`` on export
    (combined ``section|role`` labels; blank lines omitted and blank pieces of segmented lines
    kept, ``blank_sections`` and ``comments`` as for Label Studio). Import accepts spans under ``label``, ``labels`` or ``entities``,
    each ``[start, end, LABEL]`` or ``{"start_offset", "end_offset", "label"}``; ``LABEL`` is
    either combined ``section|role`` or a bare section id or a bare role id (then a span with
    the section and a span with the role over the same characters make one region; spans over
    different characters are combined per line as above).

Predictions (``gainlp label --format jsonl``, ``docs/schema.md`` §6)
    ``read_prediction_jsonl`` indexes the objects by the file stem of ``doc``;
    ``report_from_prediction`` rebuilds a ``Report`` on a given text (§6 objects carry no text).
"""
from __future__ import annotations

import bisect
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .annotation import AnnotationError, read_tsv
from .labels import FORMATS, ROLES, SECTIONS
from .report import Report, Segment, find_problems, split_lines

__all__ = [
    "FormatError", "Imported", "LABEL_STUDIO_CONFIG", "LABEL_STUDIO_LINE_CONFIG",
    "to_label_studio", "to_label_studio_lines", "from_label_studio", "read_label_studio",
    "to_doccano", "from_doccano", "read_doccano", "report_from_regions", "Region",
    "read_prediction_jsonl", "report_from_prediction", "guess_kind", "read_any", "tsv_comments",
]


class FormatError(ValueError):
    """A file that cannot be read as the interchange format it claims; the message names it."""


@dataclass
class Imported:
    """One document read from an interchange file."""
    name: str                     # document key (file stem style), used for output file names
    report: Report
    comments: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# -- Label Studio configs ------------------------------------------------------------------

_SECTION_COLORS = {
    "front": "#9E9E9E", "s1": "#1E88E5", "s1.1": "#42A5F5", "s1.2": "#26C6DA", "s1.3": "#26A69A",
    "s1.4": "#66BB6A", "s1.5": "#9CCC65", "s2": "#FFA726", "s3": "#EF5350", "s4": "#AB47BC",
    "s5": "#8D6E63", "s6": "#EC407A", "back": "#607D8B",
}
_ROLE_COLORS = {
    "title": "#000000", "heading": "#3949AB", "body": "#B0BEC5", "table_caption": "#F9A825",
    "table_header": "#EF6C00", "table_row_header": "#C62828", "table_cell": "#FFCC80",
    "table_row": "#FF7043", "table_note": "#8D6E63", "noise": "#BDBDBD", "blank": "#FFFFFF",
}
_ROLE_HINTS = {"blank": "only for whitespace between two segments of one line"}
_SECTION_HINTS = {
    "front": "标题、前言、页眉", "s1": "一、总体情况", "s1.1": "（一）主动公开", "s1.2": "（二）依申请公开",
    "s1.3": "（三）政府信息管理", "s1.4": "（四）平台建设", "s1.5": "（五）监督保障",
    "s2": "二、主动公开政府信息情况", "s3": "三、收到和处理政府信息公开申请情况",
    "s4": "四、行政复议、行政诉讼情况", "s5": "五、存在的主要问题及改进情况",
    "s6": "六、其他需要报告的事项", "back": "落款、页尾",
}


def _label_tags(tag: str, values: Iterable[str], colors: dict[str, str], hints: dict[str, str]) -> str:
    out = []
    for v in values:
        hint = f' hint="{hints[v]}"' if v in hints else ""
        out.append(f'    <{tag} value="{v}" background="{colors.get(v, "#999999")}"{hint}/>')
    return "\n".join(out)


#: Label Studio labeling config for the span layout: select characters (usually whole lines),
#: give the region one ``section`` label and one ``role`` label. Blank lines need no label.
LABEL_STUDIO_CONFIG = f"""<View>
  <Style>.htx-text {{ white-space: pre-wrap; font-family: monospace; }}</Style>
  <Header value="$doc"/>
  <Labels name="section" toName="text" choice="single" showInline="true">
{_label_tags("Label", SECTIONS, _SECTION_COLORS, _SECTION_HINTS)}
  </Labels>
  <Labels name="role" toName="text" choice="single" showInline="true">
{_label_tags("Label", ROLES, _ROLE_COLORS, _ROLE_HINTS)}
  </Labels>
  <Text name="text" value="$text" granularity="symbol" saveTextResult="yes"/>
</View>
"""

#: Label Studio labeling config for the line layout: one task per line, one choice each.
LABEL_STUDIO_LINE_CONFIG = f"""<View>
  <Style>.htx-text {{ white-space: pre-wrap; font-family: monospace; }}</Style>
  <Header value="$doc, line $line"/>
  <Text name="text" value="$text"/>
  <Choices name="section" toName="text" choice="single" showInline="true">
{_label_tags("Choice", SECTIONS, {}, _SECTION_HINTS).replace(' background="#999999"', '')}
  </Choices>
  <Choices name="role" toName="text" choice="single" showInline="true">
{_label_tags("Choice", ROLES, {}, {}).replace(' background="#999999"', '')}
  </Choices>
</View>
"""


# -- shared helpers ------------------------------------------------------------------------

def tsv_comments(report: Report) -> list[str]:
    """The header comments to write for ``report``: its own (a gold file's), plus a
    ``format: …`` line when the format is known and no comment states it."""
    comments = list(report.meta.get("comments") or [])
    if report.format != "unknown" and not any(c.startswith("format:") for c in comments):
        comments.append(f"format: {report.format}")
    return comments


def _doc_key(report: Report, doc: str | None) -> str:
    if doc is not None:
        return doc
    return Path(report.source).stem if report.source else "doc"


def _exported_segments(report: Report) -> list[tuple[int, Segment]]:
    """The segments exported as regions: non-blank ones, and blank pieces of segmented lines."""
    per_line: dict[int, int] = {}
    for seg in report.segments:
        per_line[seg.line] = per_line.get(seg.line, 0) + 1
    return [(k, seg) for k, seg in enumerate(report.segments)
            if seg.role != "blank" or (per_line[seg.line] > 1 and seg.end > seg.start)]


def _blank_exceptions(report: Report) -> dict[str, str]:
    """Blank segments not exported as regions whose section is not the previous segment's
    (``front`` at the start)."""
    exported = {k for k, _ in _exported_segments(report)}
    out: dict[str, str] = {}
    prev = "front"
    for k, seg in enumerate(report.segments):
        if seg.role == "blank" and k not in exported and seg.section != prev:
            out[str(seg.start)] = seg.section
        prev = seg.section
    return out


def _notes(report: Report) -> dict[str, Any]:
    """The report's comments and blank-section exceptions, where it has any (export fields)."""
    out: dict[str, Any] = {}
    comments = list(report.meta.get("comments") or [])
    if comments:
        out["comments"] = comments
    blanks = _blank_exceptions(report)
    if blanks:
        out["blank_sections"] = blanks
    return out


def _parse_label(label: Any, where: str) -> tuple[str | None, str | None]:
    """``"s2"`` → (s2, None); ``"body"`` → (None, body); ``"s2|body"`` → (s2, body)."""
    if not isinstance(label, str):
        raise FormatError(f"{where}: label {label!r} is not a string")
    lab = label.strip()
    if "|" in lab:
        sec, _, role = (p.strip() for p in lab.partition("|"))
        if sec not in SECTIONS or role not in ROLES:
            raise FormatError(f"{where}: label {label!r} is not SECTION|ROLE "
                              f"(sections: {', '.join(SECTIONS)}; roles: {', '.join(ROLES)})")
        return sec, role
    if lab in SECTIONS:
        return lab, None
    if lab in ROLES:
        return None, lab
    raise FormatError(f"{where}: unknown label {label!r}; expected a section "
                      f"({', '.join(SECTIONS)}), a role ({', '.join(ROLES)}) or SECTION|ROLE")


@dataclass(slots=True)
class Region:
    """A labeled character span; ``section`` or ``role`` may be missing."""
    start: int
    end: int
    section: str | None = None
    role: str | None = None

    def add(self, section: str | None, role: str | None, where: str) -> None:
        if section is not None:
            if self.section is not None and self.section != section:
                raise FormatError(f"{where}: span {self.start}..{self.end} has two sections "
                                  f"({self.section}, {section})")
            self.section = section
        if role is not None:
            if self.role is not None and self.role != role:
                raise FormatError(f"{where}: span {self.start}..{self.end} has two roles "
                                  f"({self.role}, {role})")
            self.role = role


def report_from_regions(text: str, regions: list[Region], *,
                        blank_sections: dict[int, str] | None = None,
                        source: str | None = None, where: str = "<doc>") -> tuple[Report, list[str]]:
    """Per-line labels from labeled spans (the rules in the module docstring).

    Returns the report (valid: segments cover every line) and the warnings.
    """
    warnings: list[str] = []
    blank_sections = blank_sections or {}
    lines = split_lines(text)
    n = len(text)
    # prefix counts of non-whitespace characters
    nonws = [0] * (n + 1)
    for i, ch in enumerate(text):
        nonws[i + 1] = nonws[i] + (0 if ch.isspace() else 1)

    def count(a: int, b: int) -> int:
        return nonws[b] - nonws[a]

    starts = [ln.start for ln in lines]
    per_line: list[list[tuple[int, int, int]]] = [[] for _ in lines]  # (start, end, region index)
    for k, reg in enumerate(regions):
        if reg.end <= reg.start:
            warnings.append(f"{where}: empty span {reg.start}..{reg.end} ignored")
            continue
        s, e = max(0, reg.start), min(n, reg.end)
        if (s, e) != (reg.start, reg.end):
            warnings.append(f"{where}: span {reg.start}..{reg.end} outside the text (length {n}); clipped")
        if s >= e:
            continue
        first = bisect.bisect_right(starts, s) - 1
        last = bisect.bisect_right(starts, e - 1) - 1
        for li in range(first, last + 1):
            ln = lines[li]
            a, b = max(s, ln.start), min(e, ln.end)
            if a < b:
                per_line[li].append((a, b, k))

    segments: list[Segment] = []

    def prev_section() -> str:
        return segments[-1].section if segments else "front"

    def blank_seg(a: int, b: int, li: int, section: str | None = None) -> Segment:
        return Segment(a, b, li, section or blank_sections.get(a, prev_section()), "blank", 1.0)

    for ln in lines:
        pieces = sorted(per_line[ln.index])
        tiled = _tiling(ln.start, ln.end, pieces, regions, count) if len(pieces) > 1 else None
        if tiled is not None:
            for a, b, k in tiled:
                if k is None or count(a, b) == 0:
                    segments.append(blank_seg(a, b, ln.index, None if k is None else regions[k].section))
                else:
                    segments.append(Segment(a, b, ln.index, regions[k].section, regions[k].role, 1.0))
            continue
        if count(ln.start, ln.end) == 0:  # whitespace-only line: blank whatever covers it
            segments.append(blank_seg(ln.start, ln.end, ln.index))
            continue
        sec = _majority(pieces, regions, "section", count)
        role = _majority(pieces, regions, "role", count)
        if role == "blank":
            warnings.append(f"{where}: line {ln.index} ({ln.text.strip()[:20]!r}) holds text but "
                            f"is labeled blank; took body")
            role = "body"
        missing = [w for w, v in (("section", sec), ("role", role)) if v is None]
        if missing:
            what = " and ".join(missing)
            took = []
            if sec is None:
                sec = prev_section()
                took.append(f"section {sec} of the previous line")
            if role is None:
                role = "body"
                took.append("role body")
            snippet = ln.text.strip()[:20]
            warnings.append(f"{where}: line {ln.index} ({snippet!r}) has no {what} label; "
                            f"took {' and '.join(took)}")
        segments.append(Segment(ln.start, ln.end, ln.index, sec, role, 1.0))
    report = Report(text=text, segments=segments, lines=lines, source=source, engine="gold")
    problems = find_problems(report)
    if problems:  # a bug here, not in the input
        raise AssertionError(f"{where}: rebuilt report is invalid: {problems[:3]}")
    return report, warnings


def _tiling(ls: int, le: int, pieces: list[tuple[int, int, int]], regions: list[Region],
            count) -> list[tuple[int, int, int | None]] | None:
    """The pieces as segments if they lie wholly inside the line (no region crosses a line
    break) and cover ``ls..le`` without overlap, each non-whitespace piece with a section and a
    role; whitespace-only gaps become unlabeled (blank) pieces. Else ``None``."""
    if not pieces:
        return None
    out: list[tuple[int, int, int | None]] = []
    pos = ls
    for a, b, k in pieces:
        if (a, b) != (regions[k].start, regions[k].end):
            return None  # a region reaching into another line: per-line majority instead
        if a < pos:
            return None  # overlap
        if a > pos:
            if count(pos, a):
                return None  # a non-whitespace gap
            out.append((pos, a, None))
        if count(a, b) and (regions[k].section is None or regions[k].role in (None, "blank")):
            return None
        out.append((a, b, k))
        pos = b
    if pos < le:
        if count(pos, le):
            return None
        out.append((pos, le, None))
    return out


def _majority(pieces: list[tuple[int, int, int]], regions: list[Region], attr: str, count) -> str | None:
    best, best_n = None, 0
    for a, b, k in pieces:
        val = getattr(regions[k], attr)
        c = count(a, b)
        if val is not None and c > best_n:
            best, best_n = val, c
    return best


def _blank_map(data: dict, where: str, n: int) -> dict[int, str]:
    raw = data.get("blank_sections") or {}
    if not isinstance(raw, dict):
        raise FormatError(f"{where}: blank_sections must be an object (offset → section)")
    out: dict[int, str] = {}
    for k, v in raw.items():
        try:
            off = int(k)
        except (TypeError, ValueError):
            raise FormatError(f"{where}: blank_sections key {k!r} is not an offset") from None
        if v not in SECTIONS:
            raise FormatError(f"{where}: blank_sections[{k}]: unknown section {v!r}")
        if 0 <= off <= n:
            out[off] = v
    return out


def _comments(data: dict) -> list[str]:
    c = data.get("comments") or []
    return [str(x) for x in c] if isinstance(c, list) else [str(c)]


_FORMAT_COMMENT = re.compile(r"format\s*:\s*(std2021|std2019|old|unknown)\b")


def _apply_format(report: Report, comments: list[str], data: dict) -> None:
    """``report.format`` from a ``format: …`` header comment (the TSV convention), else from
    the task's ``format`` field."""
    fmt = next((m.group(1) for c in comments if (m := _FORMAT_COMMENT.match(c))), None)
    fmt = fmt or data.get("format")
    if fmt in FORMATS:
        report.format = fmt


def _imported(name: str, text: str, regions: list[Region], data: dict, where: str,
              warnings: list[str]) -> Imported:
    """The report the regions tile, with the blank sections, comments and format ``data`` gives."""
    report, w = report_from_regions(text, regions, blank_sections=_blank_map(data, where, len(text)),
                                    source=name, where=where)
    comments = _comments(data)
    report.meta["comments"] = comments
    _apply_format(report, comments, data)
    return Imported(name, report, comments, warnings + w)


# -- Label Studio export -------------------------------------------------------------------

def to_label_studio(report: Report, *, doc: str | None = None, model_version: str | None = None,
                    as_annotations: bool = False) -> dict:
    """One Label Studio task (span layout) with the report's labels as pre-annotations
    (``predictions``), or as ``annotations`` with ``as_annotations=True``."""
    result: list[dict] = []
    for k, seg in _exported_segments(report):
        span = {"start": seg.start, "end": seg.end, "text": report.text[seg.start:seg.end]}
        rid = f"seg{k}"
        for name, lab in (("section", seg.section), ("role", seg.role)):
            item = {"id": rid, "from_name": name, "to_name": "text", "type": "labels",
                    "value": {**span, "labels": [lab]}}
            if not as_annotations:
                item["score"] = round(float(seg.confidence), 4)
            result.append(item)
    data: dict[str, Any] = {"text": report.text, "doc": _doc_key(report, doc), "format": report.format,
                            **_notes(report)}
    task: dict[str, Any] = {"data": data}
    if as_annotations:
        task["annotations"] = [{"result": result}]
    else:
        confs = [s.confidence for s in report.segments if s.role != "blank"]
        task["predictions"] = [{
            "model_version": model_version or f"gainlp-{report.engine}",
            "score": round(sum(confs) / len(confs), 4) if confs else 1.0,
            "result": result,
        }]
    return task


def to_label_studio_lines(report: Report, *, doc: str | None = None,
                          model_version: str | None = None, as_annotations: bool = False) -> list[dict]:
    """Label Studio tasks in the line layout: one task per line with ``choices``."""
    key = _doc_key(report, doc)
    tasks = []
    for ln, (sec, role) in zip(report.lines, report.line_labels()):
        result = [{"id": f"l{ln.index}{name[0]}", "from_name": name, "to_name": "text",
                   "type": "choices", "value": {"choices": [lab]}}
                  for name, lab in (("section", sec), ("role", role))]
        task: dict[str, Any] = {"data": {"doc": key, "line": ln.index, "text": ln.text}}
        if as_annotations:
            task["annotations"] = [{"result": result}]
        else:
            task["predictions"] = [{"model_version": model_version or f"gainlp-{report.engine}",
                                    "result": result}]
        tasks.append(task)
    return tasks


# -- Label Studio import -------------------------------------------------------------------

def _task_result(task: dict, where: str) -> list[dict] | None:
    anns = [a for a in (task.get("annotations") or task.get("completions") or [])
            if isinstance(a, dict) and not a.get("was_cancelled")]
    if anns:
        res = anns[-1].get("result")
    else:
        preds = [p for p in (task.get("predictions") or []) if isinstance(p, dict)]
        if not preds:
            return None
        res = preds[-1].get("result")
    if res is None:
        return []
    if not isinstance(res, list):
        raise FormatError(f"{where}: result is not a list")
    return res


def _utf16_to_cp(text: str) -> list[int] | None:
    """Map UTF-16 code unit offsets to code point offsets (None if the text has no astral char)."""
    if all(ord(c) < 0x10000 for c in text):
        return None
    m = []
    for i, c in enumerate(text):
        m.append(i)
        if ord(c) >= 0x10000:
            m.append(i)  # the low surrogate's offset maps to the same code point
    m.append(len(text))
    return m


def _fix_offsets(text: str, start: int, end: int, vtext: Any, u16: list[int] | None,
                 where: str, warnings: list[str]) -> tuple[int, int]:
    if not isinstance(vtext, str) or text[start:end] == vtext:
        return start, end
    if u16 is not None and end < len(u16):
        s2, e2 = u16[start], u16[end]
        if text[s2:e2] == vtext:
            return s2, e2
    if vtext:
        hits = []
        i = text.find(vtext)
        while i != -1:
            hits.append(i)
            i = text.find(vtext, i + 1)
        if hits:
            best = min(hits, key=lambda h: abs(h - start))
            warnings.append(f"{where}: span {start}..{end} does not hold its text {vtext[:20]!r}; "
                            f"used the occurrence at {best}")
            return best, best + len(vtext)
    warnings.append(f"{where}: span {start}..{end} does not hold its text {vtext[:20]!r}; "
                    f"offsets used as they are")
    return start, end


def _result_items_from_min(task: dict) -> list[dict]:
    """JSON-MIN export: ``{"text": ..., "section": [{start, end, text, labels}] or "s2", ...}``."""
    items = []
    for name in ("section", "role", "label", "labels"):
        val = task.get(name)
        if val is None:
            continue
        vals = val if isinstance(val, list) else [val]
        for v in vals:
            if isinstance(v, dict) and "start" in v:
                items.append({"from_name": name, "type": "labels", "value": v})
            elif isinstance(v, str):
                items.append({"from_name": name, "type": "choices", "value": {"choices": [v]}})
            elif isinstance(v, dict) and "choices" in v:
                items.append({"from_name": name, "type": "choices", "value": v})
    return items


def _normalize_task(task: Any, where: str) -> tuple[dict, list[dict] | None]:
    if not isinstance(task, dict):
        raise FormatError(f"{where}: a task must be a JSON object")
    if isinstance(task.get("data"), dict):
        return task["data"], _task_result(task, where)
    if "text" in task:  # JSON-MIN
        return task, _result_items_from_min(task)
    raise FormatError(f"{where}: a task needs \"data\" (Label Studio JSON export) or \"text\" (JSON-MIN)")


def _labels_of(item: dict, where: str) -> list[str]:
    value = item.get("value") or {}
    labs = value.get("labels")
    if labs is None:
        labs = value.get("choices")
    if labs is None:
        for k, v in value.items():  # e.g. "hypertextlabels", "taxonomy"
            if isinstance(v, list) and (k.endswith("labels") or k == "taxonomy"):
                labs = v
                break
    if labs is None:
        return []
    if isinstance(labs, str):
        labs = [labs]
    out = []
    for lab in labs:
        out.append(lab[-1] if isinstance(lab, list) and lab else lab)  # taxonomy paths
    return out


def from_label_studio(obj: Any, *, source: str = "<label-studio>") -> list[Imported]:
    """Documents from a parsed Label Studio export (list of tasks, one task, or JSON-MIN)."""
    tasks = obj if isinstance(obj, list) else [obj]
    span_tasks: list[tuple[int, dict, list[dict] | None]] = []
    line_tasks: list[tuple[int, dict, list[dict] | None]] = []
    for i, task in enumerate(tasks):
        where = f"{source}: task {i}"
        data, result = _normalize_task(task, where)
        if "line" in data:
            line_tasks.append((i, data, result))
        else:
            span_tasks.append((i, data, result))
    if span_tasks and line_tasks:
        raise FormatError(f"{source}: mixes span tasks (whole documents) and line tasks "
                          f"(data.line); convert them separately")
    if line_tasks:
        return _from_line_tasks(line_tasks, source)
    return [_from_span_task(i, data, result, source) for i, data, result in span_tasks]


def _from_span_task(i: int, data: dict, result: list[dict] | None, source: str) -> Imported:
    name = str(data.get("doc") or data.get("id") or f"{Path(source).stem}-{i}")
    where = f"{source}: task {i} ({name})"
    text = data.get("text")
    if not isinstance(text, str):
        raise FormatError(f"{where}: data.text is missing or not a string")
    warnings: list[str] = []
    if result is None:
        warnings.append(f"{where}: no annotation and no prediction; every line unlabeled")
        result = []
    u16 = _utf16_to_cp(text)
    regions: list[Region] = []
    by_key: dict[Any, Region] = {}
    for j, item in enumerate(result):
        iw = f"{where}: result {j}"
        if not isinstance(item, dict):
            raise FormatError(f"{iw}: not an object")
        value = item.get("value") or {}
        if item.get("type") in ("relation",) or not isinstance(value, dict):
            continue
        if "start" not in value or "end" not in value:
            if _labels_of(item, iw):
                raise FormatError(f"{iw}: a label without start/end; a document task needs span "
                                  f"labels (per-line tasks need data.line)")
            continue
        try:
            s, e = int(value["start"]), int(value["end"])
        except (TypeError, ValueError):
            raise FormatError(f"{iw}: start/end are not integers") from None
        s, e = _fix_offsets(text, s, e, value.get("text"), u16, iw, warnings)
        key = ("id", item["id"], s, e) if item.get("id") is not None else ("span", s, e)
        reg = by_key.get(key)
        if reg is None:
            reg = by_key[key] = Region(s, e)
            regions.append(reg)
        for lab in _labels_of(item, iw):
            reg.add(*_parse_label(lab, iw), where=iw)
    return _imported(name, text, regions, data, where, warnings)


def _from_line_tasks(tasks: list[tuple[int, dict, list[dict] | None]], source: str) -> list[Imported]:
    docs: dict[str, list[tuple[int, int, dict, list[dict] | None]]] = {}
    for i, data, result in tasks:
        name = str(data.get("doc") or Path(source).stem)
        try:
            line = int(data["line"])
        except (TypeError, ValueError):
            raise FormatError(f"{source}: task {i}: data.line {data.get('line')!r} is not an integer") from None
        docs.setdefault(name, []).append((line, i, data, result))
    out = []
    for name, items in docs.items():
        items.sort(key=lambda t: t[0])
        nums = [t[0] for t in items]
        if nums != list(range(len(items))):
            dup = sorted({x for x in nums if nums.count(x) > 1})
            gap = sorted(set(range(max(nums) + 1)) - set(nums))
            what = f"duplicate line(s) {dup[:5]}" if dup else f"missing line(s) {gap[:5]}"
            raise FormatError(f"{source}: document {name}: line tasks must number 0..n-1; {what}")
        texts: list[str] = []
        labels: list[tuple[str, str]] = []
        warnings: list[str] = []
        for line, i, data, result in items:
            where = f"{source}: task {i} ({name} line {line})"
            t = data.get("text")
            if not isinstance(t, str):
                raise FormatError(f"{where}: data.text is missing or not a string")
            if "\n" in t or "\r" in t:
                raise FormatError(f"{where}: a line task's text contains a line break")
            sec = role = None
            for j, item in enumerate(result or []):
                if not isinstance(item, dict):
                    raise FormatError(f"{where}: result {j} is not an object")
                for lab in _labels_of(item, where):
                    s, r = _parse_label(lab, f"{where}: result {j}")
                    sec, role = s or sec, r or role
            prev = labels[-1][0] if labels else "front"
            if not t.strip():
                sec, role = sec or prev, "blank"
            else:
                if sec is None:
                    warnings.append(f"{where}: no section choice; took the previous line's ({prev})")
                if role is None:
                    warnings.append(f"{where}: no role choice; took body")
                sec, role = sec or prev, role or "body"
                if role == "blank":
                    warnings.append(f"{where}: role blank on a non-blank line; took body")
                    role = "body"
            texts.append(t)
            labels.append((sec, role))
        report = Report.from_line_labels("\n".join(texts), labels, source=name, engine="gold")
        report.meta["comments"] = []
        out.append(Imported(name, report, [], warnings))
    return out


def read_label_studio(path: str | os.PathLike) -> list[Imported]:
    obj = _load_json(path)
    return from_label_studio(obj, source=str(path))


# -- doccano -------------------------------------------------------------------------------

def to_doccano(report: Report, *, doc: str | None = None, combined: bool = True) -> dict:
    """One doccano JSONL object: ``label`` spans ``[start, end, "section|role"]`` per exported
    segment (as for Label Studio; ``combined=False``: a section span and a role span each)."""
    spans: list[list] = []
    for _, seg in _exported_segments(report):
        if combined:
            spans.append([seg.start, seg.end, f"{seg.section}|{seg.role}"])
        else:
            spans.append([seg.start, seg.end, seg.section])
            spans.append([seg.start, seg.end, seg.role])
    return {"text": report.text, "doc": _doc_key(report, doc), "format": report.format, "label": spans,
            **_notes(report)}


def from_doccano(obj: Any, *, source: str = "<doccano>", index: int = 0) -> Imported:
    """One document from a doccano JSONL object."""
    where = f"{source}: line {index + 1}"
    if not isinstance(obj, dict):
        raise FormatError(f"{where}: not a JSON object")
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str):
        raise FormatError(f"{where}: \"text\" is missing or not a string")
    name = str(obj.get("doc") or obj.get("id") or f"{Path(source).stem}-{index}")
    where = f"{where} ({name})"
    spans = None
    for key in ("label", "labels", "entities"):
        if key in obj:
            spans = obj[key]
            break
    if spans is None:
        spans = []
    if not isinstance(spans, list):
        raise FormatError(f"{where}: labels must be a list of spans")
    regions: list[Region] = []
    by_span: dict[tuple[int, int], Region] = {}
    for j, sp in enumerate(spans):
        sw = f"{where}: span {j}"
        if isinstance(sp, dict):
            try:
                s, e, lab = sp["start_offset"], sp["end_offset"], sp["label"]
            except KeyError as ex:
                raise FormatError(f"{sw}: missing {ex.args[0]!r}") from None
        elif isinstance(sp, (list, tuple)) and len(sp) == 3:
            s, e, lab = sp
        elif isinstance(sp, str):
            raise FormatError(f"{sw}: a bare label {sp!r} (text classification?); expected "
                              f"[start, end, LABEL] spans")
        else:
            raise FormatError(f"{sw}: expected [start, end, LABEL] or an object with "
                              f"start_offset/end_offset/label")
        if not isinstance(s, int) or not isinstance(e, int):
            raise FormatError(f"{sw}: start/end are not integers")
        reg = by_span.get((s, e))
        if reg is None:
            reg = by_span[(s, e)] = Region(s, e)
            regions.append(reg)
        reg.add(*_parse_label(lab, sw), where=sw)
    return _imported(name, text, regions, obj, where, [])


def read_doccano(path: str | os.PathLike) -> list[Imported]:
    return [from_doccano(obj, source=str(path), index=i) for i, obj in _iter_jsonl(path)]


# -- prediction JSONL ----------------------------------------------------------------------

def read_prediction_jsonl(path: str | os.PathLike) -> dict[str, dict]:
    """§6 objects of a ``gainlp label --format jsonl`` file, keyed by the file stem of ``doc``."""
    out: dict[str, dict] = {}
    for i, obj in _iter_jsonl(path):
        where = f"{path}: line {i + 1}"
        if not isinstance(obj, dict) or "segments" not in obj:
            raise FormatError(f"{where}: not a prediction object (no \"segments\")")
        doc = obj.get("doc")
        if not isinstance(doc, str) or not doc:
            raise FormatError(f"{where}: prediction without a \"doc\" name")
        key = Path(doc).stem
        if key in out:
            raise FormatError(f"{where}: a second prediction for document {key!r} "
                              f"(docs are matched by file stem)")
        out[key] = obj
    return out


def report_from_prediction(obj: dict, text: str, *, name: str) -> Report:
    """Rebuild a predicted ``Report`` on ``text`` from a §6 object. Raises ``FormatError``
    naming the document if the object does not fit the text (``n_chars``) or is malformed.
    Coverage of the text is checked by the caller (``find_problems``)."""
    n = obj.get("n_chars")
    if n is not None and n != len(text):
        raise FormatError(f"{name}: prediction has n_chars={n} but the gold text has {len(text)} "
                          f"characters (predicted on a different text?)")
    segs_raw = obj.get("segments")
    if not isinstance(segs_raw, list):
        raise FormatError(f"{name}: prediction \"segments\" is not a list")
    segs = []
    for k, s in enumerate(segs_raw):
        try:
            segs.append(Segment(int(s["start"]), int(s["end"]), int(s["line"]), str(s["section"]),
                                str(s["role"]), float(s.get("confidence", 1.0))))
        except (KeyError, TypeError, ValueError) as e:
            raise FormatError(f"{name}: prediction segment {k} is malformed ({e!r})") from None
    fmt = obj.get("format") if obj.get("format") in FORMATS else "unknown"
    return Report(text=text, segments=segs, source=str(obj.get("doc") or name), format=fmt,
                  engine=str(obj.get("engine") or "pred"))


# -- files ---------------------------------------------------------------------------------

def _read_text(path: str | os.PathLike) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise FormatError(f"{path}: not UTF-8 ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise FormatError(f"{path}: cannot read ({e.strerror or e})") from None


def _load_json(path: str | os.PathLike) -> Any:
    content = _read_text(path)
    try:
        return json.loads(content)
    except json.JSONDecodeError as e:
        raise FormatError(f"{path}: invalid JSON ({e.msg} at line {e.lineno} column {e.colno})") from None


def _iter_jsonl(path: str | os.PathLike):
    content = _read_text(path)
    for i, line in enumerate(content.split("\n")):  # not splitlines: U+2028 may stand in a string
        if not line.strip():
            continue
        try:
            yield i, json.loads(line)
        except json.JSONDecodeError as e:
            raise FormatError(f"{path}: line {i + 1}: invalid JSON ({e.msg})") from None


def guess_kind(path: str | os.PathLike) -> str:
    """``tsv``, ``label-studio``, ``doccano`` or ``predictions``, from the extension and,
    for JSON files, the content. Raises ``FormatError`` for anything else."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext == ".tsv":
        return "tsv"
    if ext not in (".json", ".jsonl", ".ndjson"):
        raise FormatError(f"{path}: unknown input kind (expected .tsv, .json or .jsonl)")
    content = _read_text(p).lstrip()
    if not content:
        raise FormatError(f"{path}: empty file")
    first_line = content.split("\n", 1)[0]
    try:
        first = json.loads(first_line)
    except json.JSONDecodeError:
        first = None
    if isinstance(first, dict) and "segments" in first and "n_chars" in first:
        return "predictions"
    if isinstance(first, dict) and "text" in first and "data" not in first and (
            ext != ".json" or any(k in first for k in ("label", "labels", "entities"))):
        return "doccano"
    if content.startswith("[") or (isinstance(first, dict) and "data" in first):
        return "label-studio"
    if ext == ".json":
        return "label-studio"
    raise FormatError(f"{path}: cannot tell whether this is doccano JSONL or a Label Studio export")


def read_any(path: str | os.PathLike, kind: str | None = None) -> list[Imported]:
    """Documents of an input file of any supported kind (guessed if ``kind`` is None)."""
    kind = kind or guess_kind(path)
    if kind == "tsv":
        try:
            rep = read_tsv(path)
        except AnnotationError as e:
            raise FormatError(str(e)) from None
        except OSError as e:
            raise FormatError(f"{path}: cannot read ({e.strerror or e})") from None
        comments = rep.meta.get("comments") or []
        return [Imported(Path(path).stem, rep, list(comments), [])]
    if kind == "label-studio":
        return read_label_studio(path)
    if kind == "doccano":
        return read_doccano(path)
    if kind == "predictions":
        raise FormatError(f"{path}: a prediction JSONL holds offsets but no text; label the "
                          f"documents with `gainlp label --format tsv` instead")
    raise FormatError(f"{path}: unknown input kind {kind!r}")
