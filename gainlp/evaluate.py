"""Scoring a labeler against gold annotations: pure functions over gold/pred ``Report`` pairs.

Every metric compares two reports of the *same* text (the prediction is produced on the gold
text), so character offsets and line numbers line up one to one.

Metric conventions (``docs/schema.md`` §2, §3):

* **section** — character level, over the non-whitespace characters of the text
  (``str.isspace``: spaces, tabs, the ideographic space U+3000, form feeds … are not counted).
  A character takes the section of the segment it lies in, so a segmented line can carry
  several labels. The primary metric collapses ``s1.1``…``s1.5`` into ``s1`` (8 classes,
  ``labels.top_section``); ``sub`` is the same over the 13 labels. Characters are counted
  whatever the line's role (a non-whitespace character never sits in a blank line of a
  valid report).
* **role** — line level: one label per line (``Report.line_labels()``: a segmented line takes
  its first non-blank segment's labels). Lines whose *gold* role is ``blank`` are left out.
  ``blank`` is never a class of the macro average; a ``blank`` *prediction* on a scored line
  is simply an error (a false negative of the gold class) and shows as a ``blank`` column of
  the confusion matrix.
* **macro-F1** — the unweighted mean of per-class F1 over the classes that occur in gold *or*
  prediction within the pooled samples (classes absent from both are not averaged; a class
  only predicted counts with F1 = 0). Computed with scikit-learn
  ``f1_score(average="macro", labels=present, zero_division=0)``.
* **pooling** — within a stratum (and overall) characters, lines and runs of all documents
  are pooled before computing a metric (micro over documents); the per-document table
  (``--by-doc``) scores each document alone.
* **boundaries** — of the gold section runs (``Report.sections``: maximal runs of non-blank
  segments with the same section), the share whose start is predicted exactly: the predicted
  report also starts a run of the same section on that same line (recall of run starts).
  ``precision`` is the converse (share of predicted run starts that are gold run starts).
  Given for the 13-label runs (``sub``) and for collapsed 8-class runs (``top``).
* **line accuracy / perfection** — a scored line (gold role not ``blank``) is right when both
  its section (13 labels) and its role are right; a document is perfect when every scored line
  is right. The perfection rate is the share of perfect documents.

A metric with no sample to score (e.g. a stratum without characters) is ``None``.
"""
from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .labels import FORMATS, ROLES, SECTIONS, TOP_SECTIONS, top_section
from .report import Report, compute_sections, find_problems

__all__ = [
    "EvalError", "ClassScore", "StratumScores", "DocScores", "EvalResult",
    "char_labels", "scored_line_indices", "run_starts", "boundary_counts", "macro_f1",
    "section_macro_f1", "role_macro_f1",
    "per_class", "doc_name", "stratum_of", "check_pair", "score",
]


class EvalError(ValueError):
    """A gold/prediction pair that cannot be scored; the message names the document."""


# -- small pure helpers ------------------------------------------------------------------

def doc_name(report: Report) -> str:
    """The document key: the file stem of ``report.source`` (``a/b/001_x.tsv`` → ``001_x``)."""
    if not report.source:
        return "<text>"
    return Path(report.source).stem


def char_labels(report: Report, collapse: bool = False) -> list[str]:
    """The section of every non-whitespace character of ``report.text``, in text order.

    ``collapse=True`` folds ``s1.x`` into ``s1``. Characters no segment covers (only possible
    in an invalid report) get ``""``.
    """
    text = report.text
    per_char: list[str] = [""] * len(text)
    for seg in report.segments:
        sec = top_section(seg.section) if collapse else seg.section
        per_char[seg.start:seg.end] = [sec] * (seg.end - seg.start)
    return [lab for ch, lab in zip(text, per_char) if not ch.isspace()]


def scored_line_indices(gold: Report) -> list[int]:
    """Indices of the lines whose gold role is not ``blank`` (the lines every line metric uses)."""
    return [i for i, (_, role) in enumerate(gold.line_labels()) if role != "blank"]


def run_starts(report: Report, collapse: bool = False) -> list[tuple[int, str]]:
    """``(first_line, section)`` of every section run (13 labels, or 8 with ``collapse``)."""
    runs = compute_sections(report.text, report.lines, report.segments, collapse=collapse)
    return [(r.first_line, r.section) for r in runs]


def boundary_counts(gold: Report, pred: Report, collapse: bool = False) -> dict[str, int]:
    """Counts behind the boundary metric: ``gold`` runs, ``hit`` gold runs whose start the
    prediction reproduces, ``pred`` runs and ``pred_hit`` predicted runs that start a gold run."""
    g = run_starts(gold, collapse)
    p = run_starts(pred, collapse)
    gs, ps = set(g), set(p)
    return {"gold": len(g), "hit": sum(1 for x in g if x in ps),
            "pred": len(p), "pred_hit": sum(1 for x in p if x in gs)}


def _present(gold: Sequence[str], pred: Sequence[str], order: Sequence[str],
             exclude: frozenset[str] = frozenset()) -> list[str]:
    seen = set(gold) | set(pred)
    known = [lab for lab in order if lab in seen and lab not in exclude]
    extra = sorted(lab for lab in seen if lab not in order and lab not in exclude)
    return known + extra


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None, *,
             exclude: frozenset[str] = frozenset()) -> float | None:
    """Macro-F1 over the classes present in ``gold`` or ``pred`` (minus ``exclude``), or over
    ``labels`` if given; ``zero_division=0``. ``None`` when there is nothing to score."""
    if not gold:
        return None
    from sklearn.metrics import f1_score
    labs = list(labels) if labels is not None else _present(gold, pred, (), exclude)
    if not labs:
        return None
    return float(f1_score(list(gold), list(pred), labels=labs, average="macro", zero_division=0))


def section_macro_f1(gold: Sequence[str], pred: Sequence[str], *, top: bool) -> float | None:
    """Macro-F1 of character sections over the classes present: the 8 top sections (``top``;
    ``s1.x`` already folded into ``s1``) or the 13 labels."""
    labels = _present(gold, pred, TOP_SECTIONS if top else SECTIONS)
    return macro_f1(gold, pred, labels) if labels else None


def role_macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float | None:
    """Macro-F1 of the roles of scored lines (gold role not ``blank``) over the roles present,
    ``blank`` left out of the average."""
    labels = _present(gold, pred, ROLES, exclude=frozenset({"blank"}))
    return macro_f1(gold, pred, labels) if labels else None


def _accuracy(gold: Sequence[str], pred: Sequence[str]) -> float | None:
    if not gold:
        return None
    return sum(1 for g, p in zip(gold, pred) if g == p) / len(gold)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int

    def to_dict(self) -> dict:
        return {"label": self.label, "precision": self.precision, "recall": self.recall,
                "f1": self.f1, "support": self.support}


def per_class(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[ClassScore]:
    """Per-class precision/recall/F1/support (sklearn ``precision_recall_fscore_support``)."""
    if not gold or not labels:
        return []
    from sklearn.metrics import precision_recall_fscore_support
    p, r, f, s = precision_recall_fscore_support(list(gold), list(pred), labels=list(labels),
                                                 zero_division=0)
    return [ClassScore(lab, float(pp), float(rr), float(ff), int(ss))
            for lab, pp, rr, ff, ss in zip(labels, p, r, f, s)]


def _confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    if not gold or not labels:
        return []
    from sklearn.metrics import confusion_matrix
    with warnings.catch_warnings():  # a 1x1 matrix warns although the labels are given
        warnings.simplefilter("ignore", UserWarning)
        return confusion_matrix(list(gold), list(pred), labels=list(labels)).tolist()


def stratum_of(gold: Report) -> str:
    """The format stratum of a gold document: the format its TSV header declared
    (``# format: …``, read into ``report.format``), else ``formats.detect_format(text)``."""
    comments = gold.meta.get("comments") or []
    declared = any(re.match(r"format\s*:", c) for c in comments)
    if declared or gold.format != "unknown":
        return gold.format
    from .formats import detect_format
    fmt = detect_format(gold.text)
    return fmt if fmt in FORMATS else "unknown"


KINDS = ("lines", "flattened")


def kind_of(gold: Report) -> str:
    """``flattened`` when the gold splits some line into several segments (a page or report
    joined onto one line), else ``lines``. Reported beside the format strata."""
    seen: set[int] = set()
    for seg in gold.segments:
        if seg.line in seen:
            return "flattened"
        seen.add(seg.line)
    return "lines"


def check_pair(gold: Report, pred: Report) -> None:
    """Raise ``EvalError`` naming the document unless ``pred`` is a valid labeling of the
    gold text."""
    name = doc_name(gold)
    if pred.text != gold.text:
        n = next((i for i, (a, b) in enumerate(zip(gold.text, pred.text)) if a != b),
                 min(len(gold.text), len(pred.text)))
        raise EvalError(f"{name}: predicted text differs from the gold text "
                        f"(lengths {len(pred.text)} vs {len(gold.text)}, first difference at offset {n})")
    problems = find_problems(pred)
    if problems:
        more = f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""
        raise EvalError(f"{name}: prediction does not cover the text: {'; '.join(problems[:3])}{more}")


# -- per-document data and result objects -------------------------------------------------

@dataclass
class _DocData:
    name: str
    stratum: str
    gold_chars: list[str]       # 13 labels, non-whitespace chars
    pred_chars: list[str]
    gold_roles: list[str]       # scored lines only
    pred_roles: list[str]
    gold_line_secs: list[str]   # 13 labels, scored lines only
    pred_line_secs: list[str]
    bounds_sub: dict[str, int]
    bounds_top: dict[str, int]

    @property
    def lines_right(self) -> int:
        return sum(1 for gs, ps, gr, pr in zip(self.gold_line_secs, self.pred_line_secs,
                                               self.gold_roles, self.pred_roles)
                   if gs == ps and gr == pr)


def _doc_data(gold: Report, pred: Report, stratum: str) -> _DocData:
    check_pair(gold, pred)
    gl, pl = gold.line_labels(), pred.line_labels()
    idx = [i for i, (_, role) in enumerate(gl) if role != "blank"]
    return _DocData(
        name=doc_name(gold), stratum=stratum,
        gold_chars=char_labels(gold), pred_chars=char_labels(pred),
        gold_roles=[gl[i][1] for i in idx], pred_roles=[pl[i][1] for i in idx],
        gold_line_secs=[gl[i][0] for i in idx], pred_line_secs=[pl[i][0] for i in idx],
        bounds_sub=boundary_counts(gold, pred, False), bounds_top=boundary_counts(gold, pred, True),
    )


@dataclass
class DocScores:
    doc: str
    stratum: str
    n_chars: int
    n_lines: int
    section_macro_f1: float | None
    role_macro_f1: float | None
    line_accuracy: float | None
    perfect: bool

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class StratumScores:
    name: str
    n_docs: int
    n_chars: int
    section_accuracy: float | None
    section_macro_f1: float | None
    section_per_class: list[ClassScore]
    subsection_accuracy: float | None
    subsection_macro_f1: float | None
    subsection_per_class: list[ClassScore]
    n_lines: int
    role_accuracy: float | None
    role_macro_f1: float | None
    role_per_class: list[ClassScore]
    role_confusion_labels: list[str]
    role_confusion: list[list[int]]
    boundaries: dict[str, dict]
    perfect_docs: int
    line_accuracy: float | None

    @property
    def perfection_rate(self) -> float | None:
        return _ratio(self.perfect_docs, self.n_docs)

    def to_dict(self) -> dict:
        return {
            "n_docs": self.n_docs,
            "section": {
                "n_chars": self.n_chars,
                "accuracy": self.section_accuracy,
                "macro_f1": self.section_macro_f1,
                "per_class": [c.to_dict() for c in self.section_per_class],
            },
            "subsection": {
                "n_chars": self.n_chars,
                "accuracy": self.subsection_accuracy,
                "macro_f1": self.subsection_macro_f1,
                "per_class": [c.to_dict() for c in self.subsection_per_class],
            },
            "role": {
                "n_lines": self.n_lines,
                "accuracy": self.role_accuracy,
                "macro_f1": self.role_macro_f1,
                "per_class": [c.to_dict() for c in self.role_per_class],
                "confusion": {"labels": self.role_confusion_labels,
                              "matrix": self.role_confusion,
                              "rows": "gold", "columns": "pred"},
            },
            "boundaries": self.boundaries,
            "lines": {"n_lines": self.n_lines, "accuracy": self.line_accuracy},
            "perfection": {"perfect_docs": self.perfect_docs, "n_docs": self.n_docs,
                           "rate": self.perfection_rate},
        }


def _bounds_dict(counts: list[dict[str, int]]) -> dict:
    tot = Counter()
    for c in counts:
        tot.update(c)
    return {"gold_runs": tot["gold"], "hit": tot["hit"], "recall": _ratio(tot["hit"], tot["gold"]),
            "pred_runs": tot["pred"], "pred_hit": tot["pred_hit"],
            "precision": _ratio(tot["pred_hit"], tot["pred"])}


def _stratum_scores(name: str, docs: list[_DocData]) -> StratumScores:
    gc = [x for d in docs for x in d.gold_chars]
    pc = [x for d in docs for x in d.pred_chars]
    gc8 = [top_section(x) for x in gc]
    pc8 = [top_section(x) for x in pc]
    gr = [x for d in docs for x in d.gold_roles]
    pr = [x for d in docs for x in d.pred_roles]
    sec8_labels = _present(gc8, pc8, TOP_SECTIONS)
    sec13_labels = _present(gc, pc, SECTIONS)
    role_labels = _present(gr, pr, ROLES, exclude=frozenset({"blank"}))
    conf_labels = _present(gr, pr, ROLES)
    n_lines = len(gr)
    right = sum(d.lines_right for d in docs)
    perfect = sum(1 for d in docs if d.lines_right == len(d.gold_roles))
    return StratumScores(
        name=name, n_docs=len(docs), n_chars=len(gc),
        section_accuracy=_accuracy(gc8, pc8),
        section_macro_f1=section_macro_f1(gc8, pc8, top=True),
        section_per_class=per_class(gc8, pc8, sec8_labels),
        subsection_accuracy=_accuracy(gc, pc),
        subsection_macro_f1=section_macro_f1(gc, pc, top=False),
        subsection_per_class=per_class(gc, pc, sec13_labels),
        n_lines=n_lines,
        role_accuracy=_accuracy(gr, pr),
        role_macro_f1=role_macro_f1(gr, pr),
        role_per_class=per_class(gr, pr, role_labels),
        role_confusion_labels=conf_labels if gr else [],
        role_confusion=_confusion(gr, pr, conf_labels),
        boundaries={"sub": _bounds_dict([d.bounds_sub for d in docs]),
                    "top": _bounds_dict([d.bounds_top for d in docs])},
        perfect_docs=perfect,
        line_accuracy=_ratio(right, n_lines),
    )


def _doc_scores(d: _DocData) -> DocScores:
    gc8 = [top_section(x) for x in d.gold_chars]
    pc8 = [top_section(x) for x in d.pred_chars]
    return DocScores(
        doc=d.name, stratum=d.stratum, n_chars=len(gc8), n_lines=len(d.gold_roles),
        section_macro_f1=macro_f1(gc8, pc8, _present(gc8, pc8, TOP_SECTIONS)),
        role_macro_f1=macro_f1(d.gold_roles, d.pred_roles,
                               _present(d.gold_roles, d.pred_roles, ROLES, frozenset({"blank"}))),
        line_accuracy=_ratio(d.lines_right, len(d.gold_roles)),
        perfect=d.lines_right == len(d.gold_roles),
    )


def _worst_first_key(s: DocScores):
    def v(x: float | None) -> float:
        return 1.0 if x is None else x
    return (v(s.line_accuracy), v(s.section_macro_f1), v(s.role_macro_f1), s.doc)


@dataclass
class EvalResult:
    overall: StratumScores
    strata: dict[str, StratumScores]
    docs: list[DocScores] = field(default_factory=list)  # worst first

    def to_dict(self) -> dict:
        return {
            "n_docs": self.overall.n_docs,
            "conventions": {
                "section": "character level over non-whitespace characters; s1.x collapsed to s1",
                "subsection": "same over the 13 section labels",
                "role": "line level (Report.line_labels), lines with gold role 'blank' excluded",
                "macro_f1": "mean F1 over classes present in gold or pred (blank never a role class); zero_division=0",
                "pooling": "micro over documents within a stratum",
                "boundaries": "gold runs whose (first line, section) is also a predicted run start",
                "perfection": "documents whose every non-blank gold line has section (13) and role right",
            },
            "overall": self.overall.to_dict(),
            "strata": {k: v.to_dict() for k, v in self.strata.items()},
            "docs": [d.to_dict() for d in self.docs],
        }

    def format_text(self, by_doc: bool = False) -> str:
        return _format_text(self, by_doc)


def score(golds: list[Report], preds: list[Report], *, strata: list[str] | None = None) -> EvalResult:
    """Score predictions against gold reports (paired by position).

    ``strata`` gives each document's format stratum (default: ``stratum_of(gold)``).
    Raises ``EvalError`` (naming the document) when a prediction's text differs from its gold
    text or its segments do not cover the text.
    """
    if len(golds) != len(preds):
        raise EvalError(f"{len(golds)} gold documents but {len(preds)} predictions")
    if strata is None:
        strata = [stratum_of(g) for g in golds]
    if len(strata) != len(golds):
        raise EvalError(f"{len(golds)} gold documents but {len(strata)} strata")
    data = [_doc_data(g, p, s) for g, p, s in zip(golds, preds, strata)]
    by_stratum: dict[str, list[_DocData]] = {}
    for d in data:
        by_stratum.setdefault(d.stratum, []).append(d)
    order = [f for f in FORMATS if f in by_stratum] + sorted(k for k in by_stratum if k not in FORMATS)
    by_kind: dict[str, list[_DocData]] = {}
    for g, d in zip(golds, data):
        by_kind.setdefault(kind_of(g), []).append(d)
    kinds = {k: _stratum_scores(k, by_kind[k]) for k in KINDS if k in by_kind and len(by_kind) > 1}
    return EvalResult(
        overall=_stratum_scores("overall", data),
        strata={**{k: _stratum_scores(k, by_stratum[k]) for k in order}, **kinds},
        docs=sorted((_doc_scores(d) for d in data), key=_worst_first_key),
    )


# -- plain-text report --------------------------------------------------------------------

_ROLE_ABBR = {
    "title": "tit", "heading": "hd", "body": "bod", "table_caption": "cap",
    "table_header": "hdr", "table_row_header": "rhd", "table_cell": "cel", "table_row": "row",
    "table_note": "nte", "noise": "noi", "blank": "blk",
}


def _f(x: float | None, nd: int = 3) -> str:
    return "-" if x is None else f"{x:.{nd}f}"


def _table(headers: list[str], rows: list[list[str]], left: int = 1, indent: str = "  ") -> list[str]:
    """Aligned columns: the first ``left`` columns left-aligned, the rest right-aligned."""
    widths = [max(len(str(r[i])) for r in [headers] + rows) for i in range(len(headers))]
    out = []
    for r in [headers] + rows:
        cells = [str(c).ljust(w) if i < left else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(r, widths))]
        out.append((indent + "  ".join(cells)).rstrip())
    return out


def _class_rows(scores: list[ClassScore]) -> list[list[str]]:
    return [[c.label, _f(c.precision), _f(c.recall), _f(c.f1), str(c.support)] for c in scores]


def _format_text(res: EvalResult, by_doc: bool) -> str:
    ov = res.overall
    out: list[str] = []
    out.append(f"gainlp evaluate: {ov.n_docs} document(s), {ov.n_chars} non-whitespace characters, "
               f"{ov.n_lines} non-blank lines")
    out.append("")
    headers = ["stratum", "docs", "chars", "sec.acc", "sec.F1", "sub.F1", "lines", "role.acc",
               "role.F1", "bound", "bound8", "line.acc", "perfect"]
    rows = []
    for s in [ov] + list(res.strata.values()):
        rows.append([s.name, str(s.n_docs), str(s.n_chars), _f(s.section_accuracy),
                     _f(s.section_macro_f1), _f(s.subsection_macro_f1), str(s.n_lines),
                     _f(s.role_accuracy), _f(s.role_macro_f1),
                     _f(s.boundaries["sub"]["recall"]), _f(s.boundaries["top"]["recall"]),
                     _f(s.line_accuracy), f"{s.perfect_docs}/{s.n_docs}"])
    out += _table(headers, rows, left=1, indent="")
    out.append("  sec = characters, s1.x collapsed (8 classes); sub = 13 labels; role = lines, gold "
               "blank excluded;")
    out.append("  bound/bound8 = gold section runs (13/8 labels) whose first line is predicted exactly; "
               "F1 = macro over classes present")
    out.append("")
    out.append("Sections, overall (characters, 8 classes):")
    out += _table(["section", "prec", "rec", "F1", "support"], _class_rows(ov.section_per_class))
    out.append("")
    out.append("Roles, overall (lines, gold blank excluded):")
    out += _table(["role", "prec", "rec", "F1", "support"], _class_rows(ov.role_per_class))
    if ov.role_confusion:
        out.append("")
        out.append("Role confusion, overall (rows gold, columns predicted):")
        labs = ov.role_confusion_labels
        rows = [[lab] + [str(v) if v else "." for v in row]
                for lab, row in zip(labs, ov.role_confusion) if lab != "blank"]
        out += _table(["gold\\pred"] + [_ROLE_ABBR.get(lab, lab[:3]) for lab in labs], rows)
        out.append("  " + ", ".join(f"{_ROLE_ABBR.get(lab, lab[:3])}={lab}" for lab in labs))
    out.append("")
    b, b8 = ov.boundaries["sub"], ov.boundaries["top"]
    out.append(f"Boundaries, overall: 13-label runs {b['hit']}/{b['gold_runs']} starts found "
               f"(recall {_f(b['recall'])}, precision {_f(b['precision'])} of {b['pred_runs']} predicted); "
               f"8-class runs {b8['hit']}/{b8['gold_runs']} (recall {_f(b8['recall'])}, "
               f"precision {_f(b8['precision'])} of {b8['pred_runs']})")
    out.append(f"Perfect documents: {ov.perfect_docs}/{ov.n_docs} ({_f(ov.perfection_rate)})")
    if by_doc:
        out.append("")
        out.append("By document (worst first):")
        rows = [[d.doc, d.stratum, _f(d.section_macro_f1), _f(d.role_macro_f1), _f(d.line_accuracy),
                 str(d.n_lines), str(d.n_chars)] for d in res.docs]
        out += _table(["doc", "format", "sec.F1", "role.F1", "line.acc", "lines", "chars"], rows, left=2)
    return "\n".join(out) + "\n"
