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


FLAT = ("某县统计局2020年政府信息公开工作年度报告我局根据《中华人民共和国政府信息公开条例》要求，编制本年度报告。"
        "一、总体情况全年主动公开政府信息120条，涵盖机构职能、政策文件和财政信息。二、主动公开政府信息情况本年度"
        "共收到政府信息公开申请3件，均已按时办结。\n")


@pytest.mark.parametrize("policy", ["rules", "model", "model sections"])
def test_a_flattened_line_follows_the_policy_for_cut_lines(policy):
    rules = label_text(FLAT, engine="rules")
    assert len([s for s in rules.segments if s.line == 0]) > 3
    cut = FLAT.index("二、")   # the model cuts the line in two: front up to 二、, then s2 (as body)
    model_segs = [[(0, cut, Pred("front", "body", 0.9)), (cut, len(FLAT) - 1, Pred("s2", "body", 0.9))], []]
    model_segs[1] = [(0, 0, Pred("s2", "blank", 1.0))]
    preds = [segs[0][2] for segs in model_segs]
    merged = combine(rules, preds, min_confidence=0.99, model_roles=False, segments=model_segs, flattened=policy)
    assert find_problems(merged) == []
    line0 = [s for s in merged.segments if s.line == 0]
    at = {s.start: (s.section, s.role) for s in line0}
    rules_at = {s.start: (s.section, s.role) for s in rules.segments if s.line == 0}
    if policy == "rules":
        assert at == rules_at
    elif policy == "model":
        assert at == {0: ("front", "body"), cut: ("s2", "body")}
    else:   # the model's sections on the rules' cuts (and its own), the rules' roles
        assert rules_at[cut] == ("s2", "heading") and at[cut] == ("s2", "heading")
        one = FLAT.index("一、")
        assert rules_at[one][0] == "s1" and at[one] == ("front", rules_at[one][1])
        assert all(sec == "front" for start, (sec, _) in at.items() if start < cut)


def test_an_unknown_policy_for_cut_lines_is_an_error():
    rules = label_text(FLAT, engine="rules")
    with pytest.raises(ValueError, match="flattened must be one of"):
        combine(rules, [Pred("front", "body", 1.0)] * 2, min_confidence=0.5, segments=[[]] * 2, flattened="x")
