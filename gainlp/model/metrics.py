"""Training-time scores on line-labeled documents, computed by ``gainlp.evaluate`` (the
scoring of ``gainlp evaluate``): section macro-F1 over non-whitespace characters (``s1.x``
folded into ``s1`` for the primary number) and role macro-F1 over lines (gold ``blank``
excluded)."""
from __future__ import annotations

from typing import Sequence

from ..evaluate import role_macro_f1, section_macro_f1
from ..labels import top_section


def _char_sections(lines_per_doc: Sequence[Sequence[str]], sections: Sequence[Sequence[str]],
                   collapse: bool) -> list[str]:
    out: list[str] = []
    for lines, secs in zip(lines_per_doc, sections):
        for ln, sec in zip(lines, secs):
            out += [top_section(sec) if collapse else sec] * sum(not c.isspace() for c in ln)
    return out


def section_f1(lines_per_doc: Sequence[Sequence[str]], gold: Sequence[Sequence[str]],
               pred: Sequence[Sequence[str]], *, collapse: bool = True) -> float:
    f1 = section_macro_f1(_char_sections(lines_per_doc, gold, collapse),
                          _char_sections(lines_per_doc, pred, collapse), top=collapse)
    return f1 or 0.0


def role_f1(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> float:
    pairs = [(gr, pr) for g, p in zip(gold, pred) for gr, pr in zip(g, p) if gr != "blank"]
    return role_macro_f1([g for g, _ in pairs], [p for _, p in pairs]) or 0.0


def score(lines_per_doc: Sequence[Sequence[str]], gold_sections, gold_roles, pred_sections,
          pred_roles) -> dict[str, float]:
    return {
        "section_macro_f1": section_f1(lines_per_doc, gold_sections, pred_sections),
        "subsection_macro_f1": section_f1(lines_per_doc, gold_sections, pred_sections, collapse=False),
        "role_macro_f1": role_f1(gold_roles, pred_roles),
    }

