"""The scores of LABELS.md: section macro-F1 over non-whitespace characters (``s1.x`` folded
into ``s1`` for the primary number) and role macro-F1 over lines (gold ``blank`` excluded)."""
from __future__ import annotations

from typing import Sequence

from sklearn.metrics import f1_score

from ..labels import top_section


def _nonspace(s: str) -> int:
    return sum(not c.isspace() for c in s)


def section_f1(lines_per_doc: Sequence[Sequence[str]], gold: Sequence[Sequence[str]],
               pred: Sequence[Sequence[str]], *, collapse: bool = True) -> float:
    y_true, y_pred, w = [], [], []
    for lines, g, p in zip(lines_per_doc, gold, pred):
        for ln, gs, ps in zip(lines, g, p):
            n = _nonspace(ln)
            if n:
                y_true.append(top_section(gs) if collapse else gs)
                y_pred.append(top_section(ps) if collapse else ps)
                w.append(n)
    if not y_true:
        return 0.0
    return float(f1_score(y_true, y_pred, average="macro", sample_weight=w, zero_division=0))


def role_f1(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> float:
    y_true, y_pred = [], []
    for g, p in zip(gold, pred):
        for gr, pr in zip(g, p):
            if gr != "blank":
                y_true.append(gr)
                y_pred.append(pr)
    if not y_true:
        return 0.0
    return float(f1_score(y_true, y_pred, average="macro", zero_division=0))


def score(lines_per_doc: Sequence[Sequence[str]], gold_sections, gold_roles, pred_sections,
          pred_roles) -> dict[str, float]:
    return {
        "section_macro_f1": section_f1(lines_per_doc, gold_sections, pred_sections),
        "subsection_macro_f1": section_f1(lines_per_doc, gold_sections, pred_sections, collapse=False),
        "role_macro_f1": role_f1(gold_roles, pred_roles),
    }


def evaluate_labeler(labeler, docs) -> dict[str, float]:
    """Scores of ``labeler`` (a ``ModelLabeler``) on gold ``Document``s, plus throughput."""
    import time
    t0 = time.perf_counter()
    preds = [labeler.predict_lines(d.lines) for d in docs]
    seconds = time.perf_counter() - t0
    n_lines = sum(len(d.lines) for d in docs)
    out = score([d.lines for d in docs], [d.sections for d in docs], [d.roles for d in docs],
                [[p.section for p in ps] for ps in preds], [[p.role for p in ps] for ps in preds])
    out.update({"documents": len(docs), "lines": n_lines, "seconds": round(seconds, 2),
                "lines_per_second": round(n_lines / max(seconds, 1e-9), 1)})
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}
