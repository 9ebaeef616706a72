"""Data objects of the standard-schema view: ``Cell``, ``Issue``, ``Check``, ``StandardReport``.

A ``Cell`` is one value of a standard table (or of an old statistics row, or a count read from
prose). Its ``value`` is the number as written — signed (``-3`` for ``"-3"``) with ``sign`` the
sign character actually written (``"+"``/``"-"``, else ``None``) and ``unit`` a unit typed into
the cell (``"2807.19万元"`` → 2807.19, ``"万元"``); ``raw`` is the cell text verbatim (stripped).
A blank cell or ``/`` is ``value: null`` — never 0 — with ``status`` saying which:

* ``value``          a number was written;
* ``blank``          the cell is empty (or ``无``);
* ``not_applicable`` ``/``, ``-``, ``—`` alone;
* ``text``           something that is not a number (``见附件``);

A cell the report does not have at all (table missing, row lost) is ``None`` in Python and
``null`` in JSON. ``quality`` says how faithfully the value stands for the standard field
(``exact`` / ``approx`` / ``lossy`` / ``ambiguous`` / ``none``, as in formats.json) and
``source`` where it came from (``table``, ``old_stats:<row key>``, ``narrative:<pattern>``).
``span`` is ``[start, end)`` in the original text.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SCHEMA_ID = "gainlp-standard/1"
QUALITIES = ("exact", "approx", "ambiguous", "lossy", "none")
QUALITY_RANK = {q: i for i, q in enumerate(QUALITIES)}
STATUSES = ("value", "blank", "not_applicable", "text")
VERDICTS = ("PASS", "FAIL", "NOT_ASSESSABLE")

UNITS = ("万元", "亿元", "元", "人次", "件", "条", "个", "次", "人", "篇", "项", "期", "份", "场",
         "家", "批", "天", "%", "‰", "起", "封", "户")
_UNIT_RE = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
_NUMBER = re.compile(
    rf"^(?P<sign>[+\-])?(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)(?P<unit>{_UNIT_RE})?$")
_NOT_APPLICABLE = re.compile(r"^(?:[/\\]|[-—–~]{1,2}|n/?a|N/?A)$")
_BLANK_WORDS = {"", "无", "空"}
_SPACES = re.compile(r"\s+")


def worst_quality(*qualities: str) -> str:
    return max(qualities, key=lambda q: QUALITY_RANK.get(q, len(QUALITIES)))


def value_form(raw: str) -> str:
    """The text a value is parsed from: NFKC (full-width digits and signs), no whitespace."""
    s = unicodedata.normalize("NFKC", raw)
    s = s.replace("−", "-").replace("－", "-").replace("，", ",")
    return _SPACES.sub("", s)


def looks_like_value(raw: str) -> bool:
    """True for a number (signed, with a unit), a blank marker (``/``, ``-``) or nothing."""
    s = value_form(raw)
    return s in _BLANK_WORDS or bool(_NUMBER.match(s) or _NOT_APPLICABLE.match(s))


def is_number_text(raw: str) -> bool:
    return bool(_NUMBER.match(value_form(raw)))


@dataclass
class Cell:
    value: int | float | None
    raw: str
    status: str = "value"
    sign: str | None = None
    unit: str | None = None
    span: tuple[int, int] | None = None
    quality: str = "exact"
    source: str = "table"
    flags: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, raw: str, span: tuple[int, int] | None = None, **kw: Any) -> "Cell":
        text = raw.strip().strip("\u3000\xa0")
        s = value_form(text)
        if s in _BLANK_WORDS:
            return cls(None, text, "blank", span=span, **kw)
        if _NOT_APPLICABLE.match(s):
            return cls(None, text, "not_applicable", span=span, **kw)
        m = _NUMBER.match(s)
        if not m:
            return cls(None, text, "text", span=span, **kw)
        num = m.group("num").replace(",", "")
        value: int | float = float(num) if "." in num else int(num)
        if m.group("sign") == "-":
            value = -value
        return cls(value, text, "value", sign=m.group("sign"), unit=m.group("unit"), span=span, **kw)

    @classmethod
    def derived(cls, value: int | float | None, *, quality: str, source: str, raw: str | None = None,
                span: tuple[int, int] | None = None, unit: str | None = None,
                flags: list[str] | None = None) -> "Cell":
        """A value not read from a standard table cell (old statistics row, prose count, sum)."""
        status = "value" if value is not None else "blank"
        return cls(value, raw if raw is not None else ("" if value is None else str(value)), status,
                   unit=unit, span=span, quality=quality, source=source, flags=list(flags or []))

    @property
    def is_blank(self) -> bool:
        """Written into the table as empty or ``/`` (read as 0 by the checks when the table has data)."""
        return self.status in ("blank", "not_applicable")

    def to_dict(self) -> dict:
        d = {"value": self.value, "sign": self.sign, "unit": self.unit, "raw": self.raw,
             "status": self.status, "quality": self.quality, "source": self.source,
             "span": list(self.span) if self.span else None}
        if self.flags:
            d["flags"] = list(self.flags)
        return d


@dataclass
class Issue:
    """Something the mapper could not do cleanly; never silent."""
    code: str
    message: str
    table: str | None = None
    row: str | None = None
    span: tuple[int, int] | None = None
    raw: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "table": self.table, "row": self.row,
                "span": list(self.span) if self.span else None, "raw": list(self.raw)}


@dataclass
class Term:
    """One cell in a check: where it is, what it holds and how the check read it."""
    cell: str           # field path, e.g. "T3.new_received.total"
    label: str          # human-readable, e.g. "一、本年新收… / 总计"
    value: int | float | None
    status: str         # value / blank / not_applicable / text / missing
    read_as: int | float | None  # the number the check used (0 for a blank), None if unknown

    def to_dict(self) -> dict:
        return {"cell": self.cell, "label": self.label, "value": self.value, "status": self.status,
                "read_as": self.read_as}


@dataclass
class Check:
    id: str             # rule id (formats.json consistency_rules), e.g. "T3_BALANCE"
    scope: str          # column, row or block the instance is about
    rule: str
    verdict: str
    lhs: list[Term]
    rhs: list[Term]
    lhs_sum: int | float | None
    rhs_sum: int | float | None
    assumed_zero: list[str]
    message: str

    def to_dict(self) -> dict:
        return {"id": self.id, "scope": self.scope, "rule": self.rule, "verdict": self.verdict,
                "lhs": [t.to_dict() for t in self.lhs], "rhs": [t.to_dict() for t in self.rhs],
                "lhs_sum": self.lhs_sum, "rhs_sum": self.rhs_sum,
                "assumed_zero": list(self.assumed_zero), "message": self.message}


@dataclass
class StandardReport:
    """A report mapped onto the six-part standard schema; ``to_dict()`` is the JSON output."""
    doc: str | None
    format: str
    engine: str
    n_chars: int
    sections: dict[str, dict]
    front: dict
    back: dict
    tables: dict[str, dict]
    old_stats: dict | None
    narrative_counts: list[dict]
    extensions: dict[str, dict]
    checks: list[Check]
    issues: list[Issue]

    def check(self, rule_id: str, scope: str | None = None) -> list[Check]:
        return [c for c in self.checks if c.id == rule_id and (scope is None or c.scope == scope)]

    def cell(self, path: str) -> Cell | None:
        """The cell at a field path: ``T3.granted.total``, ``T4.review_pending``,
        ``T2.T2_art20_1.regulations.issued``."""
        parts = path.split(".")
        try:
            if parts[0] == "T3" and len(parts) == 3:
                return self.tables["T3"]["rows"][parts[1]][parts[2]]
            if parts[0] == "T4" and len(parts) == 2:
                return self.tables["T4"]["values"][parts[1]]
            if parts[0] == "T2" and len(parts) == 4:
                return self.tables["T2"]["tables"][parts[1]]["rows"][parts[2]][parts[3]]
        except KeyError:
            pass
        raise KeyError(path)

    def summary(self) -> dict:
        counts = {v: 0 for v in VERDICTS}
        for c in self.checks:
            counts[c.verdict] += 1
        return {"checks": counts, "issues": len(self.issues),
                "tables_found": {k: bool(v.get("found")) for k, v in self.tables.items()}}

    def to_dict(self, *, doc: str | None = None, include_text: bool = True) -> dict:
        def strip_text(sec: dict) -> dict:
            out = {k: v for k, v in sec.items() if include_text or k != "text"}
            if "subsections" in out:
                out["subsections"] = {k: strip_text(v) for k, v in out["subsections"].items()}
            return out

        return {
            "schema": SCHEMA_ID,
            "doc": doc if doc is not None else self.doc,
            "format": self.format,
            "engine": self.engine,
            "n_chars": self.n_chars,
            "sections": {k: strip_text(v) for k, v in self.sections.items()},
            "front": strip_text(self.front),
            "back": strip_text(self.back),
            "tables": {k: _public(v) for k, v in self.tables.items()},
            "old_stats": self.old_stats,
            "narrative_counts": self.narrative_counts,
            "extensions": self.extensions,
            "checks": [c.to_dict() for c in self.checks],
            "issues": [i.to_dict() for i in self.issues],
            "summary": self.summary(),
        }

    def to_json(self, **kw: Any) -> str:
        include_text = kw.pop("include_text", True)
        return json.dumps(self.to_dict(include_text=include_text), ensure_ascii=False, **kw)


def _public(obj: Any) -> Any:
    """Drop private ``_…`` keys and turn cells into dicts, recursively."""
    if isinstance(obj, Cell):
        return obj.to_dict()
    if isinstance(obj, Issue):
        return obj.to_dict()
    if isinstance(obj, dict):
        return {k: _public(v) for k, v in obj.items() if not k.startswith("_")}
    if isinstance(obj, (list, tuple)):
        return [_public(v) for v in obj]
    return obj
