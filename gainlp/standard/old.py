"""Old-format data: the statistics table (统计指标 | 单位 | 统计数) and counts stated in prose.

Statistics rows are matched to ``formats.json`` ``old_format.stats_table.rows`` by their label
(numbering and trailing notes ignored, so the Shandong 14-item table and the 7-item remnant
appended to 2021 reports both match), with the row's parent block as context for the labels
that repeat (（一）维持具体行政行为数 under 行政复议 and under 被举报投诉). Each row keeps its
``maps_to`` and ``mapping_quality``; rows with a standard field give *contributions* to that
field (summed where several old rows feed one cell: 不属于本行政机关公开数 + 申请信息不存在数 →
（四）1), the rest go to ``extensions``. A blank old cell means "not filled": it maps to nothing,
never to 0. Rows that match no known row are kept too (``key: null``).

Prose counts (``共收到政府信息公开申请12件``, ``主动公开政府信息178条``, ``未收到政府信息公开申请``,
``没有发生…行政复议``) are read with patterns; each says which field it would fill and with
what quality.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..labels import TABLE_ROLES
from ..normalize import match_form, normalize
from ..report import Report
from .schema import UNITS, Cell, Issue, worst_quality
from .spec import OLD_STATS_ROWS, PRE2014_RANGES, PRE2014_ROWS
from .tables import BREAK, Item, Region, strip_numbering

_PAREN_TAIL = re.compile(r"(\([^()]*\))+$")
_META = re.compile(r"^(统计指标|单位|统计数|计量单位|本年|本期|指标名称|附件\d*|附表\d*|\(?\d{4}年度?\)?|"
                   r"单位名称[:：].*|填报单位[:：].*|.*统计表)$")
_NOTE = re.compile(r"^\(?注[:：]|各子栏目数总数")
_UNIT_SET = set(UNITS)
_NOTE_TAIL = re.compile(r"^\((?![一二三四五六七八九十\d]{1,3}\)).*\)$")   # （不同渠道…计1条）, not （一）…


def _core(label: str) -> str:
    mf = match_form(label)
    core = strip_numbering(mf)
    core = _PAREN_TAIL.sub("", core) or core
    return core


@dataclass
class _Spec:
    key: str
    label: str
    core: str
    parent: str | None
    top: str
    maps_to: dict
    quality: str
    unit: str | None
    note: str | None


def _specs() -> dict[str, _Spec]:
    raw = {r["key"]: r for r in OLD_STATS_ROWS}

    def top(k: str) -> str:
        while raw[k]["parent"]:
            k = raw[k]["parent"]
        return k

    return {k: _Spec(k, r["label"], _core(r["label"]), r["parent"], top(k), r["maps_to"], r["quality"],
                     r.get("unit"), r.get("note")) for k, r in raw.items()}


SPECS = _specs()


@dataclass
class OldRow:
    label: str
    label_span: tuple[int, int]
    unit: str | None = None
    values: list[Item] = field(default_factory=list)
    line: int = -1

    def value_item(self) -> Item | None:
        if not self.values:
            return None
        full = [v for v in self.values if not v.empty]
        return full[-1] if full else self.values[-1]


def parse_rows(region: Region) -> tuple[list[OldRow], list[dict]]:
    """Rows (label, unit, value) of an old statistics table, anchored on the label cells."""
    rows: list[OldRow] = []
    meta: list[dict] = []
    cur: OldRow | None = None
    for it in region.items:
        if it.kind == BREAK:
            continue
        if it.kind == "value":
            if cur is not None:
                cur.values.append(it)
            continue
        mf = it.mf
        if _META.match(mf) or _NOTE.search(mf):
            meta.append({"text": it.raw, "span": [it.start, it.end],
                         "kind": "note" if _NOTE.search(mf) else "caption_or_header"})
            continue
        if cur is not None and mf in _UNIT_SET and cur.unit is None and not any(not v.empty for v in cur.values):
            cur.unit = it.raw
            cur.values = []      # an empty cell before the unit was the unit column's residue
            continue
        if cur is not None and not cur.values and cur.unit is None and _NOTE_TAIL.match(mf):
            cur.label += it.raw  # a wrapped note of the label: （不同渠道和方式公开相同信息计1条）
            cur.label_span = (cur.label_span[0], it.end)
            continue
        cur = OldRow(it.raw, (it.start, it.end), line=it.line)
        rows.append(cur)
    return rows, meta


def row_core(label: str) -> str:
    return _core(label)


def match_rows(rows: list[OldRow]) -> list[tuple[OldRow, _Spec | None, dict | None]]:
    """Each row with its formats.json row (or pre-2014 row), using the parent block as context."""
    out = []
    top: str | None = None
    last: _Spec | None = None
    for row in rows:
        core = _core(row.label)
        cands = [s for s in SPECS.values() if s.core == core]
        if not cands and len(core) >= 4:
            cands = [s for s in SPECS.values() if len(s.core) >= 4 and (s.core in core or core in s.core)]
        spec = None
        if cands:
            def rank(s: _Spec) -> tuple:
                return (s.top == top, last is not None and (s.parent == last.key or s.parent == last.parent),
                        s.parent is None)
            spec = max(cands, key=rank)
            if spec.parent is None:
                top = spec.key
            last = spec
        pre = None if spec else _pre2014(core)
        out.append((row, spec, pre))
    return out


_PRE2014 = [(re.compile(r["pattern"]), r["target"], r["quality"]) for r in PRE2014_ROWS]
_PRE2014_RANGE = re.compile(PRE2014_RANGES["pattern"])


def _pre2014(core: str) -> dict | None:
    """A pre-2014 (Shanghai-style) row: {label, target, quality} — formats.json
    ``pre2014_row_mapping`` (whose labels are descriptions) written as patterns."""
    for rx, target, q in _PRE2014:
        if rx.search(core):
            return {"label": core, "target": target, "quality": q}
    m = _PRE2014_RANGE.search(core)
    rng = PRE2014_RANGES["ranges"].get(m.group(1)) if m else None
    if rng:
        return {"label": core, "target": rng["target"], "quality": rng["quality"]}
    return None


def _target(spec: _Spec, t3_version: str, t2_version: str) -> tuple[str | None, str | None]:
    """(standard field path, extension key) an old row maps to; one of them is None."""
    mt = spec.maps_to
    table = mt.get("table")
    if table is None:
        return None, mt.get("ext_field") or f"old_stats.{spec.key}"
    if table == "T3":
        row = mt["row"][t3_version] if isinstance(mt["row"], dict) else mt["row"]
        if row in ("denied", "unable", "not_processed", "results", "other"):
            return None, f"old_stats.{spec.key}"       # a group label: no data row in the standard
        return f"T3.{row}.{mt['col']}", None
    if table == "T4":
        col = mt["col"]
        if "+" in col or "*" in col:
            return None, mt.get("ext_field") or f"old_stats.{spec.key}"
        return f"T4.{col}", None
    if table.startswith("T2"):
        col = mt["col"][t2_version] if isinstance(mt["col"], dict) else mt["col"]
        if col is None:
            return None, f"old_stats.{spec.key}"
        return f"T2.{table}.{mt['row']}.{col}", None
    return None, f"old_stats.{spec.key}"


def _pre_target(pre: dict, t3_version: str, t2_version: str) -> tuple[str | None, str | None]:
    target = pre["target"].format(other="other_other" if t3_version == "std2021" else "other_total",
                                  issued="issued" if t2_version == "std2021" else "new_made")
    if target.startswith("ext:"):
        return None, target[4:]
    return target, None


SECTION_IDS = {"S1.1": "s1.1", "S1.2": "s1.2", "S1.3": "s1.3", "S1.4": "s1.4", "S1.5": "s1.5", "S2": "s2",
               "S3": "s3", "S4": "s4", "S6": "s6"}


def old_stats(regions: list[Region], t3_version: str, t2_version: str
              ) -> tuple[dict | None, dict[str, list[tuple[Cell, str]]], dict[str, dict], list[Issue]]:
    """The old statistics table(s): output block, contributions per field path, extensions, issues."""
    if not regions:
        return None, {}, {}, []
    out_rows: list[dict] = []
    meta: list[dict] = []
    contrib: dict[str, list[tuple[Cell, str]]] = {}
    ext: dict[str, dict] = {}
    issues: list[Issue] = []
    unmatched = 0
    for region in regions:
        rows, m = parse_rows(region)
        meta.extend(m)
        matched = match_rows(rows)
        ctx_top: dict[int, str | None] = {}
        top: str | None = None
        for row, spec, _ in matched:
            if spec is not None:
                top = spec.top
            ctx_top[id(row)] = top
        for row, spec, pre in matched:
            vi = row.value_item()
            cell = vi.cell(quality="exact", source="table") if vi is not None else None
            extra = [v.raw for v in row.values if not v.empty and v is not vi]
            if spec is not None:
                path, ext_key = _target(spec, t3_version, t2_version)
                quality, key, section = spec.quality, spec.key, SECTION_IDS.get(spec.maps_to.get("section", ""), None)
                note = spec.note
            elif pre is not None:
                path, ext_key = _pre_target(pre, t3_version, t2_version)
                quality, key, section, note = pre["quality"], None, None, "pre-2014 row mapping"
            else:
                unmatched += 1
                parent = ctx_top.get(id(row))
                path, quality, key, note = None, "none", None, "no formats.json row"
                section = SECTION_IDS.get(SPECS[parent].maps_to.get("section", "")) if parent else None
                ext_key = f"old_stats.{parent or 'unmatched'}.{row_core(row.label)}"
            unit = row.unit or (cell.unit if cell else None)
            entry = {"key": key, "label": row.label, "unit": unit,
                     "value": cell.to_dict() if cell else None,
                     "maps_to": path, "extension": ext_key, "quality": quality, "section": section,
                     "span": [row.label_span[0], vi.end if vi else row.label_span[1]], "line": row.line}
            if extra:
                entry["extra_values"] = extra
                issues.append(Issue("extra_values", f"old statistics row {row.label!r} has more than one value; "
                                    "the last kept", "OLD", key, row.label_span, extra))
            out_rows.append(entry)
            has_value = cell is not None and cell.status == "value"
            if path is not None and has_value:
                derived = Cell(cell.value, cell.raw, "value", cell.sign, unit, cell.span,
                               quality, f"old_stats:{key or row.label}")
                contrib.setdefault(path, []).append((derived, key or row.label))
            elif ext_key is not None:
                e = {"label": row.label, "value": cell.to_dict() if cell else None, "unit": unit,
                     "quality": quality, "source": f"old_stats:{key}" if key else "old_stats",
                     "section": section, "maps_to": None, "note": note}
                if ext_key in ext:             # the same extension field from several rows: keep all
                    n = 2
                    while f"{ext_key}#{n}" in ext:
                        n += 1
                    ext_key = f"{ext_key}#{n}"
                ext[ext_key] = e
    # 申请答复数 is preferred over 申请办结数 for （七）总计
    rt = contrib.get("T3.results_total.total")
    if rt and len(rt) > 1 and any(k == "a_answered" for _, k in rt):
        for c, k in rt:
            if k == "a_closed":
                ext["old_stats.a_closed"] = {"label": "（二）申请办结数", "value": c.to_dict(), "unit": c.unit,
                                             "quality": "approx", "source": "old_stats:a_closed",
                                             "section": "s3", "maps_to": None,
                                             "note": "申请答复数 preferred for （七）总计"}
        contrib["T3.results_total.total"] = [(c, k) for c, k in rt if k != "a_closed"]
    block = {"found": True, "rows": out_rows, "meta": meta, "unmatched_rows": unmatched}
    return block, contrib, ext, issues


def combine(path: str, parts: list[tuple[Cell, str]]) -> Cell:
    """One standard cell from one or more old-row contributions (summed, worst quality)."""
    if len(parts) == 1:
        return parts[0][0]
    total = sum(c.value for c, _ in parts if c.value is not None)
    q = worst_quality(*(c.quality for c, _ in parts))
    src = "old_stats:" + "+".join(k for _, k in parts)
    raw = " + ".join(c.raw for c, _ in parts)
    return Cell(total, raw, "value", None, parts[0][0].unit, None, q, src, ["summed"])


# -- counts stated in prose -------------------------------------------------------------------

_APPLICANT = r"(?:公民、?法人(?:和|或|及)其他组织(?:提出|提交)?的?)?"
NARRATIVE_PATTERNS: list[tuple[str, str, str, str, int | None]] = [
    # id, regex on the match form (no whitespace), target, quality, fixed value (None: group 1)
    ("applications_received",
     rf"(?:收到|受理|接到|接收|办理)了?{_APPLICANT}(?:各类)?(?:政府)?信息公开申请(?:事项)?(?:共计|共|合计|总计)?"
     r"(\d+)(?:件|条|个|份|宗|起|次)", "T3.new_received.total", "approx", None),
    ("no_applications",
     rf"(?:未|没有|无)(?:收到|受理|接到|接收|发生)过?(?:任何)?{_APPLICANT}(?:的)?(?:政府)?信息公开(?:的)?申请"
     r"|(?:未|没有|无)(?:收到)?(?:任何)?依申请公开(?:的)?(?:相关)?(?:政府)?(?:信息|申请)",
     "T3.new_received.total", "approx", 0),
    ("active_disclosure",
     r"(?:主动|共|累计|全年)公开(?:各类)?(?:政府)?信息(?:共计|共|总计|合计)?(\d+)条", "ext:active_disclosure_count",
     "none", None),
    ("no_review", r"(?:未|没有|无)(?:发生|出现)?[^。；;]{0,30}?行政复议", "T4.review_total", "approx", 0),
    ("no_litigation", r"(?:未|没有|无)(?:发生|出现)?[^。；;]{0,30}?行政诉讼", "ext:litigation_total", "lossy", 0),
    ("review_count", r"行政复议(?:案件|申请)?(?:共计|共)?(\d+)(?:件|起|宗)", "T4.review_total", "approx", None),
    ("litigation_count", r"行政诉讼(?:案件)?(?:共计|共)?(\d+)(?:件|起|宗)", "ext:litigation_total", "lossy", None),
    ("no_fees", r"(?:未|没有|无|不)收取(?:任何|相关)?(?:费用|信息处理费)|全部予以减免", "ext:fees_charged", "lossy", 0),
    ("fees", r"收取(?:相关)?(?:费用|信息处理费)(?:共计|共)?(\d+(?:\.\d+)?)(?:万元|元)", "ext:fees_charged", "lossy", None),
    ("cppcc_proposals", r"(\d+)(?:件|条)(?:区|市|县|省)?政协(?:委员)?提案|政协(?:委员)?提案(?:共)?(\d+)(?:件|条|次)",
     "ext:cppcc_proposals", "none", None),
    ("npc_suggestions", r"人大代表建议(?:共)?(\d+)(?:件|条)|(\d+)(?:件|条)人大代表建议", "ext:npc_suggestions",
     "none", None),
]
_COMPILED = [(pid, re.compile(rx), target, q, fixed) for pid, rx, target, q, fixed in NARRATIVE_PATTERNS]


def narrative_counts(report: Report) -> list[dict]:
    """Counts stated in prose lines (not table lines), with the field each would fill."""
    labels = report.line_labels()
    out: list[dict] = []
    for ln, (section, role) in zip(report.lines, labels):
        if role in TABLE_ROLES or role in ("blank", "noise") or not ln.text.strip():
            continue
        nt = normalize(ln.text, drop_spaces=True)
        for pid, rx, target, quality, fixed in _COMPILED:
            for m in rx.finditer(nt.text):
                if fixed is not None:
                    value, raw = fixed, m.group(0)
                else:
                    g = next((i for i in range(1, (m.lastindex or 0) + 1) if m.group(i)), None)
                    if g is None:
                        continue
                    raw = m.group(g)
                    value = float(raw) if "." in raw else int(raw)
                s, e = nt.span_to_original(m.start(), m.end())
                out.append({"pattern": pid, "text": ln.text[s:e], "value": value, "raw": raw,
                            "maps_to": None if target.startswith("ext:") else target,
                            "extension": target[4:] if target.startswith("ext:") else None,
                            "quality": quality, "section": section,
                            "span": [ln.start + s, ln.start + e], "line": ln.index})
    return out
