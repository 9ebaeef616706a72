"""``map_report``: a labeled ``Report`` → ``StandardReport`` (sections, T2/T3/T4, old data, checks)."""
from __future__ import annotations

from ..labels import SECTION_TITLES
from ..report import Report
from .checks import run_checks
from .old import combine, narrative_counts, old_stats
from .schema import Cell, Issue, StandardReport
from .tables import Region, find_regions, parse_t2, parse_t3, parse_t4

STANDARD = ("s1", "s2", "s3", "s4", "s5", "s6")
SUBSECTIONS = ("s1.1", "s1.2", "s1.3", "s1.4", "s1.5")


def _section(report: Report, sid: str, *, collapse: bool) -> dict:
    st = report.section(sid, collapse=collapse)
    return {
        "id": sid,
        "title": SECTION_TITLES[sid],
        "present": bool(st.spans),
        "headings": [r.heading for r in st.spans if r.heading],
        "spans": [{"start": r.start, "end": r.end, "first_line": r.first_line, "last_line": r.last_line,
                   "heading": r.heading} for r in st.spans],
        "n_chars": sum(r.end - r.start for r in st.spans),
        "text": st.text,
    }


def build_sections(report: Report) -> tuple[dict, dict, dict]:
    sections = {}
    for sid in STANDARD:
        sec = _section(report, sid, collapse=(sid == "s1"))
        if sid == "s1":
            sec["subsections"] = {sub: _section(report, sub, collapse=False) for sub in SUBSECTIONS}
        sections[sid] = sec
    return sections, _section(report, "front", collapse=False), _section(report, "back", collapse=False)


def _first(regions: list[Region], kind: str, issues: list[Issue]) -> Region | None:
    found = [r for r in regions if r.kind == kind]
    if len(found) > 1:
        # keep the region with the most values; report the others
        best = max(found, key=lambda r: sum(i.kind == "value" and not i.empty for i in r.items))
        for r in found:
            if r is not best:
                issues.append(Issue("extra_table", f"a second {kind} table region; the one with more values kept",
                                    kind, None, r.span, []))
        return best
    return found[0] if found else None


MAX_ISSUE_RAW = 20        # raw values kept in one issue entry
MAX_ISSUE_RAW_CHARS = 200  # characters kept of one raw value
MAX_ISSUE_MESSAGE = 500    # characters kept of an issue's message


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…(+{len(text) - limit:,} chars)"


def bound_issue(issue: Issue) -> Issue:
    """Keep an issue entry small (in place): its message, at most ``MAX_ISSUE_RAW`` raw values
    of at most ``MAX_ISSUE_RAW_CHARS`` each; the message says how many values were left out
    (a table of junk can otherwise embed every number of the report)."""
    dropped = len(issue.raw) - MAX_ISSUE_RAW
    issue.message = _clip(issue.message, MAX_ISSUE_MESSAGE)
    if dropped > 0:
        issue.raw = issue.raw[:MAX_ISSUE_RAW]
        issue.message += f" [raw: first {MAX_ISSUE_RAW} values shown, {dropped:,} more left out]"
    issue.raw = [_clip(str(r), MAX_ISSUE_RAW_CHARS) for r in issue.raw]
    return issue


def map_report(report: Report, *, blank_as_zero: bool = True) -> StandardReport:
    """Map a labeled report onto the standard schema (see ``gainlp.standard``)."""
    fmt = report.format
    hint = fmt if fmt in ("std2019", "std2021") else "std2021"
    issues: list[Issue] = []
    sections, front, back = build_sections(report)
    regions = find_regions(report)

    t2, t2_issues, t2_unmatched = parse_t2([r for r in regions if r.kind == "T2"], hint)
    t3, t3_issues = parse_t3(_first(regions, "T3", issues), hint)
    t4, t4_issues = parse_t4(_first(regions, "T4", issues))
    issues += t2_issues + t3_issues + t4_issues
    tables = {"T2": t2, "T3": t3, "T4": t4}

    extensions: dict[str, dict] = {}
    for n, u in enumerate(t2_unmatched, 1):
        extensions[f"T2.unmatched.{n}"] = {"label": u["label"], "value": Cell.parse(u["raw"], tuple(u["span"])).to_dict(),
                                          "unit": None, "quality": "none", "source": f"table:{u['table'] or 'T2'}",
                                          "section": "s2", "maps_to": None, "note": "row not in the standard T2"}
    for r in regions:
        if r.kind == "UNKNOWN":
            text = report.text[r.start:r.end]
            extensions[f"table.unknown.{r.first_line}"] = {
                "label": text[:60], "value": None, "unit": None, "quality": "none", "source": "table",
                "section": report.line_labels()[r.first_line][0], "maps_to": None,
                "note": f"table lines {r.first_line}-{r.last_line} of no known kind ({r.encoding})"}

    # old statistics tables (old reports and the supplementary table of 2021 Shandong reports)
    old_regions = [r for r in regions if r.kind == "OLD"]
    old_block, contrib, old_ext, old_issues = old_stats(old_regions, t3["version"], t2["version"])
    issues += old_issues
    extensions.update(old_ext)
    injected: set[str] = set()
    for path, parts in contrib.items():
        if _inject(tables, path, combine(path, parts)):
            injected.add(path)
        else:
            for cell, key in parts:
                extensions[f"old_stats.{key}"] = {
                    "label": key, "value": cell.to_dict(), "unit": cell.unit, "quality": cell.quality,
                    "source": cell.source, "section": None, "maps_to": path,
                    "note": "the report has the standard table; this old-table value is not injected"}
    if old_block is not None:
        for row in old_block["rows"]:
            row["injected"] = row["maps_to"] in injected

    # counts stated in prose
    counts = narrative_counts(report)
    for c in counts:
        cur = _lookup(tables, c["maps_to"]) if c["maps_to"] else None
        c["table_value"] = cur.value if cur is not None else None
        c["agrees"] = None if cur is None or cur.value is None else (cur.value == c["value"])
        c["injected"] = False
        if c["maps_to"] and cur is None and fmt == "old":
            cell = Cell.derived(c["value"], quality=c["quality"], source=f"narrative:{c['pattern']}",
                                raw=c["text"], span=tuple(c["span"]))
            c["injected"] = _inject(tables, c["maps_to"], cell)
        elif c["extension"]:
            key = c["extension"]
            if key not in extensions:
                extensions[key] = {"label": c["text"], "value": Cell.derived(
                    c["value"], quality=c["quality"], source=f"narrative:{c['pattern']}", raw=c["raw"],
                    span=tuple(c["span"])).to_dict(), "unit": None, "quality": c["quality"],
                    "source": f"narrative:{c['pattern']}", "section": c["section"], "maps_to": None,
                    "note": "stated in the text"}

    checks = run_checks(tables, blank_as_zero=blank_as_zero)
    for issue in issues:
        bound_issue(issue)
    return StandardReport(
        doc=report.source, format=fmt, engine=report.engine, n_chars=len(report.text),
        sections=sections, front=front, back=back, tables=tables, old_stats=old_block,
        narrative_counts=counts, extensions=extensions, checks=checks, issues=issues)


def _lookup(tables: dict, path: str) -> Cell | None:
    p = path.split(".")
    try:
        if p[0] == "T3":
            return tables["T3"]["rows"][p[1]][p[2]]
        if p[0] == "T4":
            return tables["T4"]["values"][p[1]]
        if p[0] == "T2":
            return tables["T2"]["tables"][p[1]]["rows"][p[2]][p[3]]
    except KeyError:
        return None
    return None


def _inject(tables: dict, path: str, cell: Cell) -> bool:
    """Put a derived value into a standard cell of a table the report does not have."""
    p = path.split(".")
    if p[0] == "T3":
        t = tables["T3"]
        if t["found"] or p[1] not in t["rows"] or t["rows"][p[1]].get(p[2]) is not None:
            return False
        t["rows"][p[1]][p[2]] = cell
        return True
    if p[0] == "T4":
        t = tables["T4"]
        if t["found"] or t["values"].get(p[1]) is not None:
            return False
        t["values"][p[1]] = cell
        return True
    if p[0] == "T2":
        sub = tables["T2"]["tables"].get(p[1])
        if sub is None or sub["found"] or p[2] not in sub["rows"] or p[3] not in sub["rows"][p[2]] \
                or sub["rows"][p[2]][p[3]] is not None:
            return False
        sub["rows"][p[2]][p[3]] = cell
        return True
    return False
