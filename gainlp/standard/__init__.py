"""The standard-schema view of a labeled report (``Report.to_standard()``, ``gainlp map``).

``to_standard(report)`` returns a :class:`StandardReport`: the six standard sections (and the
S1 subsections) with their text and source spans, the three standard tables as values keyed
by the row/column keys of ``formats.json`` (T2 in its 2019 or 2021 version, T3 with seven
columns by all rows, T4 with fifteen values), the old statistics table mapped row by row with
quality flags, counts read from prose, everything else under ``extensions``, and the 勾稽
checks. ``StandardReport.to_dict()`` is the JSON output; ``gainlp/data/standard.schema.json``
is its JSON Schema (``gainlp.standard.validate`` checks an output against it).

Table encodings read (``tables.py``), and their limits:

* ``tab`` — docx → txt, one ``\\t`` cell per line, blank line between rows, a lone tab an
  empty cell, wrapped cells continued on lines without the tab. Exact.
* ``pipe`` — a row per line, ``a | b | | c |``, colspan residue (``|||``) at the end. Exact;
  a row with fewer cells than columns is not placed (issue ``cell_count``).
* ``pipe_cell`` — one cell per line ending in ``|``; an empty cell is a line `` |``. Exact.
* ``line`` / ``line_blank_separated`` — one cell per line (blank lines between or not). An
  empty cell must be written (``/``, ``-``, ``0``): a cell that left no line at all cannot be
  located, and the row is reported (``cell_count``) instead of guessed.
* ``space`` — a row per line, cells separated by spaces; same limit for empty cells.
* PDF reading order — one cell per line with the rest of a wrapped label after the row's
  numbers, header rows repeated after a page break, or a whole label column followed by the
  numbers column by column. Rows are recovered by their labels; a label block followed by
  7·K numbers is read row- or column-wise, whichever satisfies the 勾稽 rules (cells flagged
  ``order_inferred``, quality ``approx``); when both or neither do, the cells are flagged
  ``ambiguous_order`` (quality ``ambiguous``). Numbers printed *before* their row's label,
  or cells of one row split across a label of another, are not recovered.

Cells: ``value`` is the signed number written (``-3``), ``sign`` the sign character written,
``unit`` a unit typed in the cell (``2807.19万元``); blanks and ``/`` are ``null``, never 0.
"""
from __future__ import annotations

from .mapper import map_report
from .schema import Cell, Check, Issue, StandardReport

to_standard = map_report

__all__ = ["Cell", "Check", "Issue", "StandardReport", "map_report", "to_standard"]
