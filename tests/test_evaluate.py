"""Metrics on tiny hand-made reports; every expected number is worked out by hand below."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gainlp.annotation import to_tsv
from gainlp.cli import main
from gainlp.evaluate import (EvalError, boundary_counts, char_labels, macro_f1, run_starts,
                             score, stratum_of)
from gainlp.report import Report, Segment

REALDEV = Path(__file__).resolve().parents[2] / "shared" / "realdev" / "gold"

# Doc A, 5 lines.  Non-whitespace characters per line: 2, 4 (two leading spaces), 0, 3 (an
# ideographic space U+3000 inside), 2  -> 11 in all.
TEXT_A = "标题\n  概述文字\n\n表格\u3000行\n落款"
GOLD_A = [("front", "title"), ("s1.1", "body"), ("s1.1", "blank"), ("s2", "table_row"), ("back", "body")]
PRED_A = [("front", "title"), ("s1.2", "body"), ("s1.2", "blank"), ("s1", "body"), ("back", "body")]
# Doc B, 2 lines, 6 + 2 = 8 characters, predicted perfectly.
TEXT_B = "一、总体情况\n正文"
GOLD_B = [("s1", "heading"), ("s1", "body")]


def rep(text, labels, source, fmt="unknown", **kw):
    return Report.from_line_labels(text, labels, source=source, format=fmt, **kw)


def gold_a():
    return rep(TEXT_A, GOLD_A, "gold/doc_a.tsv", "old", engine="gold")


def pred_a():
    return rep(TEXT_A, PRED_A, "doc_a.txt")


def gold_b():
    return rep(TEXT_B, GOLD_B, "gold/doc_b.tsv", "std2021", engine="gold")


def pred_b():
    return rep(TEXT_B, GOLD_B, "doc_b.txt")


# -- helpers -------------------------------------------------------------------------------

def test_char_labels_skip_whitespace_and_collapse():
    g = gold_a()
    assert char_labels(g) == ["front"] * 2 + ["s1.1"] * 4 + ["s2"] * 3 + ["back"] * 2
    assert char_labels(g, collapse=True) == ["front"] * 2 + ["s1"] * 4 + ["s2"] * 3 + ["back"] * 2
    # form feed, tab and U+3000 are whitespace too
    r = rep("\x0c甲\t乙\u3000", [("s3", "body")], "x")
    assert char_labels(r) == ["s3", "s3"]


def test_char_labels_follow_segments_of_a_segmented_line():
    text = "甲乙丙丁"
    r = Report(text=text, segments=[Segment(0, 2, 0, "s5", "body"), Segment(2, 4, 0, "s6", "body")])
    assert char_labels(r) == ["s5", "s5", "s6", "s6"]
    pred = rep(text, [("s5", "body")], "p")
    res = score([Report(text=text, segments=r.segments, source="seg.tsv")], [pred], strata=["old"])
    assert res.overall.section_accuracy == pytest.approx(2 / 4)
    # line level, the segmented line takes its first segment's labels -> the line is right
    assert res.overall.line_accuracy == 1.0


def test_run_starts_and_boundary_counts():
    g, p = gold_a(), pred_a()
    assert run_starts(g) == [(0, "front"), (1, "s1.1"), (3, "s2"), (4, "back")]
    assert run_starts(p, collapse=True) == [(0, "front"), (1, "s1"), (4, "back")]
    assert boundary_counts(g, p) == {"gold": 4, "hit": 2, "pred": 4, "pred_hit": 2}
    assert boundary_counts(g, p, collapse=True) == {"gold": 4, "hit": 3, "pred": 3, "pred_hit": 3}


def test_macro_f1_convention_classes_present_in_gold_or_pred():
    # gold a a b, pred a a c: F1(a)=1, F1(b)=0, F1(c)=0 -> 1/3 (c, only predicted, counts)
    assert macro_f1(["a", "a", "b"], ["a", "a", "c"]) == pytest.approx(1 / 3)
    assert macro_f1([], []) is None


# -- score() on doc A alone ------------------------------------------------------------------

def test_score_single_document_by_hand():
    res = score([gold_a()], [pred_a()], strata=["old"])
    o = res.overall
    assert o.n_chars == 11
    # 8 classes: front 2/2, s1 4/4, s2 0/3 (predicted s1), back 2/2
    assert o.section_accuracy == pytest.approx(8 / 11)
    # F1: front 1, s1 (P 4/7, R 1) 8/11, s2 0, back 1 -> (2 + 8/11) / 4 = 15/22
    assert o.section_macro_f1 == pytest.approx(15 / 22)
    # 13 labels: only front and back right (4/11); classes front s1 s1.1 s1.2 s2 back, F1 1 0 0 0 0 1
    assert o.subsection_accuracy == pytest.approx(4 / 11)
    assert o.subsection_macro_f1 == pytest.approx(2 / 6)
    # roles: 4 scored lines (the gold-blank line is out): title body table_row body
    #                                          predicted: title body body      body
    assert o.n_lines == 4
    assert o.role_accuracy == pytest.approx(3 / 4)
    # F1 title 1, body (P 2/3, R 1) 4/5, table_row 0 -> 0.6
    assert o.role_macro_f1 == pytest.approx(0.6)
    body = next(c for c in o.role_per_class if c.label == "body")
    assert (body.precision, body.recall, body.support) == (pytest.approx(2 / 3), 1.0, 2)
    assert o.role_confusion_labels == ["title", "body", "table_row"]
    assert o.role_confusion == [[1, 0, 0], [0, 2, 0], [0, 1, 0]]
    assert o.boundaries["sub"]["recall"] == pytest.approx(0.5)
    assert o.boundaries["top"]["recall"] == pytest.approx(0.75)
    assert o.boundaries["top"]["precision"] == 1.0
    assert o.line_accuracy == pytest.approx(2 / 4)
    assert o.perfect_docs == 0 and o.perfection_rate == 0.0
    assert list(res.strata) == ["old"]


def test_collapse_makes_subsection_confusions_free():
    # predicting s1.2 for s1.1 costs nothing in the 8-class metric, everything in the 13-label one
    g = rep("甲乙\n丙", [("s1.1", "body"), ("s1.1", "body")], "g.tsv")
    p = rep("甲乙\n丙", [("s1.2", "body"), ("s1.5", "body")], "p")
    o = score([g], [p], strata=["std2021"]).overall
    assert o.section_accuracy == 1.0 and o.section_macro_f1 == 1.0
    assert o.subsection_accuracy == 0.0 and o.subsection_macro_f1 == 0.0
    assert o.boundaries["top"]["recall"] == 1.0
    # gold one s1.1 run at line 0; predicted runs s1.2@0, s1.5@1: section differs -> miss
    assert o.boundaries["sub"]["recall"] == 0.0


def test_blank_gold_lines_are_excluded_and_blank_is_no_role_class():
    # gold-blank line: whatever the prediction says about it, nothing changes
    g = rep("甲\n\n乙", [("s5", "body"), ("s5", "blank"), ("s5", "body")], "g.tsv")
    p = rep("甲\n\n乙", [("s5", "body"), ("s6", "blank"), ("s5", "body")], "p")
    o = score([g], [p], strata=["old"]).overall
    assert (o.n_lines, o.role_macro_f1, o.line_accuracy, o.perfect_docs) == (2, 1.0, 1.0, 1)
    # a content line predicted blank is an error, but blank is not averaged as a class:
    # body P 1, R 1/2 -> F1 2/3, macro over [body] only = 2/3 (it would be 1/3 with blank)
    g2 = rep("甲\n乙", [("s5", "body"), ("s5", "body")], "g2.tsv")
    p2 = rep("甲\n乙", [("s5", "body"), ("s5", "blank")], "p2")
    o2 = score([g2], [p2], strata=["old"]).overall
    assert o2.role_accuracy == 0.5
    assert o2.role_macro_f1 == pytest.approx(2 / 3)
    assert o2.role_confusion_labels == ["body", "blank"]
    assert o2.role_confusion == [[1, 1], [0, 0]]



def test_training_metrics_are_the_evaluate_scores():
    """model.metrics (used while training) scores line-labeled documents as gainlp evaluate does,
    blank excluded from the role average included."""
    pytest.importorskip("sklearn")
    from gainlp.model.metrics import score as train_score
    golds, preds = [gold_a(), gold_b()], [pred_a(), pred_b()]
    g2 = rep("甲\n乙", [("s5", "body"), ("s5", "body")], "g2.tsv")
    p2 = rep("甲\n乙", [("s5", "body"), ("s5", "blank")], "p2")
    for gs, ps in ((golds, preds), ([g2], [p2])):
        o = score(gs, ps, strata=["old"] * len(gs)).overall
        got = train_score([[ln.text for ln in g.lines] for g in gs],
                          [[s for s, _ in g.line_labels()] for g in gs], [[r for _, r in g.line_labels()] for g in gs],
                          [[s for s, _ in p.line_labels()] for p in ps], [[r for _, r in p.line_labels()] for p in ps])
        assert got["section_macro_f1"] == pytest.approx(o.section_macro_f1)
        assert got["subsection_macro_f1"] == pytest.approx(o.subsection_macro_f1)
        assert got["role_macro_f1"] == pytest.approx(o.role_macro_f1)

# -- two documents, two strata ---------------------------------------------------------------

def test_score_two_documents_pooled_and_stratified():
    res = score([gold_a(), gold_b()], [pred_a(), pred_b()], strata=["old", "std2021"])
    assert list(res.strata) == ["std2021", "old"]  # canonical format order
    o = res.overall
    assert o.n_docs == 2 and o.n_chars == 19
    assert o.section_accuracy == pytest.approx(16 / 19)
    # s1: TP 12, predicted 15, gold 12 -> F1 8/9; front 1, s2 0, back 1 -> (2 + 8/9)/4 = 13/18
    assert o.section_macro_f1 == pytest.approx(13 / 18)
    # roles title heading body table_row; body P 3/4 R 1 -> 6/7; (1 + 1 + 6/7 + 0)/4 = 5/7
    assert o.role_macro_f1 == pytest.approx(5 / 7)
    assert o.boundaries["sub"]["gold_runs"] == 5 and o.boundaries["sub"]["recall"] == pytest.approx(3 / 5)
    assert o.perfect_docs == 1 and o.perfection_rate == 0.5
    assert res.strata["std2021"].section_accuracy == 1.0
    assert res.strata["std2021"].perfection_rate == 1.0
    assert res.strata["old"].section_accuracy == pytest.approx(8 / 11)
    assert [d.doc for d in res.docs] == ["doc_a", "doc_b"]  # worst first
    assert res.docs[0].line_accuracy == 0.5 and res.docs[0].section_macro_f1 == pytest.approx(15 / 22)
    d = res.to_dict()
    assert d["overall"]["perfection"] == {"perfect_docs": 1, "n_docs": 2, "rate": 0.5}
    assert set(d["strata"]) == {"std2021", "old"}
    json.dumps(d)  # serialisable
    text = res.format_text(by_doc=True)
    assert "overall" in text and "std2021" in text and "By document" in text
    assert "doc_a" in text.split("By document")[1]


def test_stratum_from_header_else_detect_format(monkeypatch):
    import gainlp.formats
    g = rep("甲", [("s1", "body")], "g.tsv", "std2019")
    assert stratum_of(g) == "std2019"
    g2 = rep("甲", [("s1", "body")], "g2.tsv")
    g2.meta["comments"] = ["format: unknown"]
    monkeypatch.setattr(gainlp.formats, "detect_format", lambda text: "old")
    assert stratum_of(g2) == "unknown"  # declared in the header
    g3 = rep("甲", [("s1", "body")], "g3.tsv")
    assert stratum_of(g3) == "old"  # not declared: detected


def test_mismatched_predictions_raise_naming_the_doc():
    with pytest.raises(EvalError, match="doc_a.*differs"):
        score([gold_a()], [rep(TEXT_A + "x", PRED_A, "p")], strata=["old"])
    bad = pred_a()
    bad.segments = bad.segments[:-1]  # last line uncovered
    with pytest.raises(EvalError, match="doc_a.*cover"):
        score([gold_a()], [bad], strata=["old"])


# -- CLI -----------------------------------------------------------------------------------

def write_gold_dir(tmp_path: Path) -> Path:
    d = tmp_path / "gold"
    (d / "sub").mkdir(parents=True)
    (d / "doc_a.tsv").write_text(to_tsv(gold_a(), comments=["format: old"]), encoding="utf-8")
    (d / "sub" / "doc_b.tsv").write_text(to_tsv(gold_b(), comments=["format: std2021"]), encoding="utf-8")
    return d


def write_pred_jsonl(path: Path, preds) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for p, doc in preds:
            f.write(json.dumps(p.to_dict(doc=doc), ensure_ascii=False) + "\n")
    return path


def check_two_doc_numbers(out: dict) -> None:
    assert out["n_docs"] == 2
    o = out["overall"]
    assert o["section"]["accuracy"] == pytest.approx(16 / 19)
    assert o["section"]["macro_f1"] == pytest.approx(13 / 18)
    assert o["role"]["macro_f1"] == pytest.approx(5 / 7)
    assert o["perfection"]["rate"] == 0.5
    assert out["strata"]["old"]["section"]["accuracy"] == pytest.approx(8 / 11)
    assert out["strata"]["std2021"]["role"]["macro_f1"] == 1.0


def test_cli_evaluate_with_pred_jsonl(tmp_path, capsys):
    gold = write_gold_dir(tmp_path)
    pred = write_pred_jsonl(tmp_path / "pred.jsonl",
                            [(pred_b(), "reports/doc_b.txt"), (pred_a(), "reports/doc_a.docx")])
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred), "--json"]) == 0
    check_two_doc_numbers(json.loads(capsys.readouterr().out))
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred), "--by-doc"]) == 0
    text = capsys.readouterr().out
    assert "perfect" in text and "doc_a" in text


def test_cli_evaluate_runs_the_engine_on_gold_texts(tmp_path, capsys, monkeypatch):
    import gainlp.pipeline
    gold = write_gold_dir(tmp_path)
    canned = {TEXT_A: PRED_A, TEXT_B: GOLD_B}
    seen = []

    def fake_label_text(text, *, engine="auto", source=None):
        seen.append((engine, Path(source).name))
        return Report.from_line_labels(text, canned[text], source=source)

    monkeypatch.setattr(gainlp.pipeline, "label_text", fake_label_text)
    assert main(["evaluate", "--gold", str(gold), "--engine", "rules", "--json"]) == 0
    check_two_doc_numbers(json.loads(capsys.readouterr().out))
    assert sorted(seen) == [("rules", "doc_a.tsv"), ("rules", "doc_b.tsv")]


@pytest.mark.parametrize("case", ["n_chars", "missing", "uncovered", "bad_json"])
def test_cli_evaluate_rejects_mismatched_predictions(tmp_path, capsys, case):
    gold = write_gold_dir(tmp_path)
    pred_path = tmp_path / "pred.jsonl"
    objs = [pred_a().to_dict(doc="doc_a.txt"), pred_b().to_dict(doc="doc_b.txt")]
    if case == "n_chars":
        objs[0]["n_chars"] += 1
    elif case == "missing":
        objs = objs[1:]
    elif case == "uncovered":
        objs[0]["segments"] = objs[0]["segments"][:-1]
    lines = [json.dumps(o, ensure_ascii=False) for o in objs]
    if case == "bad_json":
        lines.append("{not json")
    pred_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred_path)]) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err
    assert ("line 3" if case == "bad_json" else "doc_a") in err


def test_cli_evaluate_bad_gold(tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text("s9\tbody\t甲\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(bad)]) == 2
    assert "bad.tsv" in capsys.readouterr().err
    assert main(["evaluate", "--gold", str(tmp_path / "nope")]) == 2
    assert "nope" in capsys.readouterr().err
    (tmp_path / "latin1.tsv").write_bytes("s1\tbody\t\xe9\n".encode("latin-1"))
    assert main(["evaluate", "--gold", str(tmp_path / "latin1.tsv")]) == 2
    assert "UTF-8" in capsys.readouterr().err


# -- smoke runs on the real dev gold (read only) -----------------------------------------------

@pytest.mark.skipif(not REALDEV.is_dir(), reason="realdev gold not available")
def test_realdev_gold_against_itself_is_perfect(tmp_path, capsys):
    from gainlp.annotation import read_tsv
    golds = [read_tsv(f) for f in sorted(REALDEV.glob("*.tsv"))]
    res = score(golds, golds, strata=[stratum_of(g) for g in golds])
    o = res.overall
    assert o.section_accuracy == 1.0 and o.subsection_macro_f1 == 1.0 and o.role_macro_f1 == 1.0
    assert o.boundaries["sub"]["recall"] == 1.0 and o.perfection_rate == 1.0
    preds = write_pred_jsonl(tmp_path / "self.jsonl", [(g, Path(g.source).name) for g in golds])
    assert main(["evaluate", "--gold", str(REALDEV), "--pred", str(preds), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"]["perfection"]["rate"] == 1.0


@pytest.mark.skipif(not REALDEV.is_dir(), reason="realdev gold not available")
def test_realdev_engine_smoke(capsys):
    assert main(["evaluate", "--gold", str(REALDEV), "--by-doc"]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "By document" in out
