"""Output of mapped reports: JSON / JSONL objects and a long CSV for analysts.

The CSV has one row per report and field::

    doc, field, value, quality, status, unit, raw, maps_to

``field`` is a path: ``format``; ``section.s1.present`` / ``section.s1.n_chars`` (also the S1
subsections and front/back); ``T2.version``, ``T2.<table>.<row>.<column>``; ``T3.version``,
``T3.<row>.<column>``; ``T4.<column>``; ``old_stats.<key>`` for every old statistics row
(``maps_to`` names the standard field it feeds, if any); ``ext.<key>`` for every extension;
``narrative.<pattern>.<n>`` for counts read from prose; ``check.<rule>.<scope>`` with the
verdict as value; ``summary.issues``. A cell the report does not have is written with an
empty value and quality ``missing``; a blank cell has an empty value and status ``blank``.
"""
from __future__ import annotations

import csv
import io
import json
from typing import IO, Iterable, Iterator

CSV_COLUMNS = ("doc", "field", "value", "quality", "status", "unit", "raw", "maps_to")


def _v(x) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "1" if x else "0"
    if isinstance(x, float):
        return f"{x:g}" if x != int(x) or abs(x) >= 1e15 else f"{x:.2f}".rstrip("0").rstrip(".")
    return str(x)


def _cell_row(doc: str, path: str, cell: dict | None, maps_to: str | None = None) -> list[str]:
    if cell is None:
        return [doc, path, "", "missing", "missing", "", "", maps_to or ""]
    return [doc, path, _v(cell.get("value")), cell.get("quality", ""), cell.get("status", ""),
            cell.get("unit") or "", cell.get("raw") or "", maps_to or ""]


def csv_rows(obj: dict) -> Iterator[list[str]]:
    """The long-format rows of one mapped report (``StandardReport.to_dict()``)."""
    doc = obj.get("doc") or ""
    yield [doc, "format", obj.get("format", ""), "", "", "", "", ""]
    secs = dict(obj["sections"])
    for sid, sec in list(secs.items()):
        for sub_id, sub in sec.get("subsections", {}).items():
            secs[sub_id] = sub
    secs["front"], secs["back"] = obj["front"], obj["back"]
    for sid, sec in secs.items():
        yield [doc, f"section.{sid}.present", _v(sec["present"]), "", "", "", "", ""]
        yield [doc, f"section.{sid}.n_chars", _v(sec["n_chars"]), "", "", "", "", ""]
    t2 = obj["tables"]["T2"]
    yield [doc, "T2.version", t2["version"], "", "", "", "", ""]
    for tid, t in t2["tables"].items():
        for row, cols in t["rows"].items():
            for col, cell in cols.items():
                yield _cell_row(doc, f"T2.{tid}.{row}.{col}", cell)
    t3 = obj["tables"]["T3"]
    yield [doc, "T3.version", t3["version"], "", "", "", "", ""]
    for row, cols in t3["rows"].items():
        for col, cell in cols.items():
            yield _cell_row(doc, f"T3.{row}.{col}", cell)
    for col, cell in obj["tables"]["T4"]["values"].items():
        yield _cell_row(doc, f"T4.{col}", cell)
    if obj.get("old_stats"):
        for n, row in enumerate(obj["old_stats"]["rows"], 1):
            key = row["key"] or (row["extension"] or f"row{n}").replace("old_stats.", "", 1)
            cell = row["value"]
            out = _cell_row(doc, f"old_stats.{key}", cell, row["maps_to"])
            out[3] = row["quality"]
            if not out[5] and row.get("unit"):
                out[5] = row["unit"]
            yield out
    for key, e in obj["extensions"].items():
        out = _cell_row(doc, f"ext.{key}", e.get("value"), e.get("maps_to"))
        out[3] = e.get("quality", out[3])
        if not out[5] and e.get("unit"):
            out[5] = e["unit"]
        yield out
    seen: dict[str, int] = {}
    for c in obj["narrative_counts"]:
        seen[c["pattern"]] = seen.get(c["pattern"], 0) + 1
        yield [doc, f"narrative.{c['pattern']}.{seen[c['pattern']]}", _v(c["value"]), c["quality"], "value", "",
               c["text"], c["maps_to"] or (f"ext.{c['extension']}" if c["extension"] else "")]
    for ch in obj["checks"]:
        yield [doc, f"check.{ch['id']}.{ch['scope']}", ch["verdict"], "check", "", "", ch["message"], ""]
    yield [doc, "summary.issues", _v(obj["summary"]["issues"]), "", "", "", "", ""]


def write_csv(objs: Iterable[dict], fh: IO[str], *, header: bool = True) -> int:
    """Write the long CSV of many mapped reports; returns the number of data rows."""
    w = csv.writer(fh, lineterminator="\n")
    if header:
        w.writerow(CSV_COLUMNS)
    n = 0
    for obj in objs:
        for row in csv_rows(obj):
            w.writerow(row)
            n += 1
    return n


def to_csv(objs: Iterable[dict]) -> str:
    buf = io.StringIO()
    write_csv(objs, buf)
    return buf.getvalue()


def to_jsonl(objs: Iterable[dict]) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def to_json(objs: Iterable[dict]) -> str:
    return json.dumps(list(objs), ensure_ascii=False, indent=1) + "\n"
