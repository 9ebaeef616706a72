"""The official tables, loaded from ``gainlp/data/official_tables.json`` (its ``about`` says
what each field means), the one description of them that the mapper, the rules' vocabulary
and the generator share.

``T2_TABLES``, ``T3_SPEC``, ``T4_SPEC`` and ``OLD_STATS_ROWS`` hold the row and column keys of
``formats.json``; ``tests/test_standard.py`` checks they still agree with it.
"""
from __future__ import annotations

import json
from importlib import resources

OFFICIAL: dict = json.loads(resources.files("gainlp.data").joinpath("official_tables.json").read_text("utf-8"))

T2_TABLES: dict[str, dict] = OFFICIAL["T2"]["tables"]
T3_FORMATS: list[str] = OFFICIAL["T3"]["formats"]
T4_SPEC: dict = OFFICIAL["T4"]
OLD_STATS_ROWS: list[dict] = OFFICIAL["OLD"]["stats_rows"]
PRE2014_ROWS: list[dict] = OFFICIAL["OLD"]["pre2014_rows"]
PRE2014_RANGES: dict = OFFICIAL["OLD"]["pre2014_ranges"]


def t3_rows(version: str) -> list[dict]:
    """The T3 rows of one version in table order: key, label, level (0 一–四, 1 （一）–（七）,
    2 the numbered reasons), data (False for a group label), group (the enclosing row's key),
    aliases and match phrases."""
    rows: list[dict] = []

    def walk(nodes: list[dict], level: int, group: str | None) -> None:
        for n in nodes:
            if version not in n.get("formats", [version]):
                continue
            kids = n.get("rows")
            rows.append({"key": n["key"], "label": n["label"], "level": level, "data": not kids, "group": group,
                         "aliases": n.get("aliases", []), "match": n.get("match", [])})
            if kids:
                walk(kids, level + 1, n["key"])

    walk(OFFICIAL["T3"]["rows"], 0, None)
    return rows


T3_SPEC: dict = {"columns": OFFICIAL["T3"]["columns"], "versions": {v: t3_rows(v) for v in T3_FORMATS}}


def t3_outcomes(version: str) -> list[str]:
    """Keys of the outcome rows that （七）总计 sums: the data rows under 三、本年度办理结果."""
    under: set[str] = {"results"}
    out = []
    for r in T3_SPEC["versions"][version]:
        if r["group"] in under:
            under.add(r["key"])
            if r["data"] and r["key"] != "results_total":
                out.append(r["key"])
    return out


def table_words() -> dict[str, dict[str, list[str]]]:
    """Whole-cell texts of the official tables by role, for the rules' cell vocabulary."""
    t2_cols = [c for t in T2_TABLES.values() for v in t["versions"].values() for c in v["columns"]]
    t2_rows = [r for t in T2_TABLES.values() for v in t["versions"].values() for r in v["rows"]]
    t3 = OFFICIAL["T3"]
    t3_rows_all = [r for v in T3_FORMATS for r in T3_SPEC["versions"][v]]
    return {
        "T2": {"captions": [t["caption"] for t in T2_TABLES.values()],
               "headers": [OFFICIAL["T2"]["label_column"]] + [a for c in t2_cols for a in [c["label"], *c["aliases"]]],
               "row_headers": [a for r in t2_rows for a in [r["label"], *r["aliases"], *r.get("typos", [])]]},
        "T3": {"notes": [t3["note"]],
               "headers": [t3["header"]] + [c["label"] for c in t3["columns"]] + [c["group"] for c in t3["columns"]
                                                                                 if "group" in c],
               "row_headers": [a for r in t3_rows_all for a in [r["label"], *r["aliases"]]]},
        "T4": {"headers": [part for c in T4_SPEC["columns"] for part in c["label"].split("/")]},
    }
