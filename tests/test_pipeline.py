import pytest

from gainlp.labels import ROLES, SECTIONS
from gainlp.model.labeler import LinePrediction
from gainlp.pipeline import combine, label_text
from gainlp.report import find_problems


def Pred(section: str, role: str, confidence: float) -> LinePrediction:
    return LinePrediction(section, role, confidence, {s: float(s == section) * confidence for s in SECTIONS},
                          {r: float(r == role) * confidence for r in ROLES})


TEXT = "一、总体情况\n正文。\n第二十条第（一）项 | |||\n\n五、存在的主要问题及改进情况"


def test_auto_takes_the_models_part_only_where_it_is_sure_and_never_in_tables():
    rules = label_text(TEXT, engine="rules")
    preds = [Pred("s1.3", "heading", 0.99), Pred("s5", "heading", 0.97), Pred("s3", "body", 0.99),
             Pred("s3", "blank", 1.0), Pred("s6", "heading", 0.40)]
    merged = combine(rules, preds, min_confidence=0.95, model_roles=False)   # engine="auto"
    assert find_problems(merged) == []
    got = [(s.section, s.role) for s in merged.segments]
    assert got[0] == ("s1", "heading")              # same part: the rules' subsection stays
    assert got[1] == ("s5", "body")                 # confident model moves the part; role from the rules
    assert got[2] == ("s2", "table_caption")        # a table line keeps the rules' labels
    assert got[3][1] == "blank"
    assert got[4] == ("s5", "heading")              # unsure model: the rules decide
    forced = combine(rules, preds, min_confidence=0.0)   # engine="model"
    assert [(s.section, s.role) for s in forced.segments][:3] == [
        ("s1.3", "heading"), ("s5", "heading"), ("s3", "body")]


def test_engine_name_is_checked():
    with pytest.raises(ValueError, match="engine must be one of"):
        label_text("x", engine="bert")
