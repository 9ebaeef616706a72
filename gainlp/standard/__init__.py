"""The standard-schema view of a labeled report (``Report.to_standard()``, ``gainlp map``).

``to_standard(report)`` returns a :class:`StandardReport`: the six standard sections (and the
S1 subsections) with their text and source spans, the three standard tables as values keyed
by the row/column keys of ``formats.json`` (T2 in its 2019 or 2021 version, T3 with seven
columns by all rows, T4 with fifteen values), the old statistics table mapped row by row with
quality flags, counts read from prose, everything else under ``extensions``, and the 勾稽
checks. ``StandardReport.to_dict()`` is the JSON output; ``gainlp/data/standard.schema.json``
is its JSON Schema.
"""
from __future__ import annotations

from .mapper import map_report
from .schema import Cell, Check, Issue, StandardReport

to_standard = map_report

__all__ = ["Cell", "Check", "Issue", "StandardReport", "map_report", "to_standard"]
