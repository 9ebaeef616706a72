import pytest

from gainlp.annotation import AnnotationError, parse_tsv, read_tsv, to_tsv
from gainlp.report import Report, Segment, find_problems, split_lines


def test_split_lines_only_at_cr_lf():
    text = "a\r\nb\rc\nd\x0ce\u2028f\n"
    lines = split_lines(text)
    assert [ln.text for ln in lines] == ["a", "b", "c", "d\x0ce\u2028f", ""]
    assert all(text[ln.start:ln.end] == ln.text for ln in lines)


def test_sections_are_runs_of_non_blank_segments():
    text = "标题\n\n一、总体情况\n正文\n\n二、主动公开政府信息情况\n表"
    labels = [("front", "title"), ("front", "blank"), ("s1", "heading"), ("s1", "body"),
              ("s1", "blank"), ("s2", "heading"), ("s2", "table_cell")]
    r = Report.from_line_labels(text, labels)
    runs = r.sections
    assert [(s.section, s.first_line, s.last_line, s.heading) for s in runs] == [
        ("front", 0, 0, None), ("s1", 2, 3, "一、总体情况"), ("s2", 5, 6, "二、主动公开政府信息情况")]
    assert r.section("s1").text == "一、总体情况\n正文"
    assert not r.section("s5")


def test_section_collapse_folds_subsections():
    text = "一、总体情况\n（一）主动公开\n文\n（二）依申请公开\n文"
    labels = [("s1", "heading"), ("s1.1", "heading"), ("s1.1", "body"), ("s1.2", "heading"), ("s1.2", "body")]
    r = Report.from_line_labels(text, labels)
    assert len(r.section("s1").spans) == 1 and r.section("s1").spans[0].last_line == 0
    collapsed = r.section("s1", collapse=True)
    assert len(collapsed.spans) == 1 and collapsed.text == text


def test_find_problems_detects_gaps_and_bad_labels():
    text = "ab\ncd"
    good = Report.from_line_labels(text, [("s1", "body"), ("s1", "body")])
    assert find_problems(good) == []
    gap = Report(text=text, segments=[Segment(0, 1, 0, "s1", "body"), Segment(3, 5, 1, "s1", "body")])
    assert any("not covered" in p for p in find_problems(gap))
    bad = Report(text=text, segments=[Segment(0, 2, 0, "s9", "body"), Segment(3, 5, 1, "s1", "body")])
    assert any("s9" in p for p in find_problems(bad))
    ws = Report.from_line_labels(" \ncd", [("s1", "body"), ("s1", "body")])
    assert any("whitespace-only" in p for p in find_problems(ws))


def test_tsv_round_trip_with_segments_and_signed_numbers():
    text = "一、总体情况正文\n+5\n\t0\n"
    segs = [Segment(0, 6, 0, "s1", "heading"), Segment(6, 8, 0, "s1", "body"),
            Segment(9, 11, 1, "s2", "table_cell"), Segment(12, 14, 2, "s2", "table_cell"),
            Segment(15, 15, 3, "s2", "blank")]
    r = Report(text=text, segments=segs)
    assert find_problems(r) == []
    tsv = to_tsv(r, comments=["format: std2021"])
    assert tsv.splitlines()[2] == "s1\tbody\t+正文"
    back = parse_tsv(tsv)
    assert back.text == text
    assert [(s.start, s.end, s.line, s.section, s.role) for s in back.segments] == \
        [(s.start, s.end, s.line, s.section, s.role) for s in segs]


def test_gold_files_round_trip_exactly(gold_files):
    assert len(gold_files) == 5
    for f in gold_files:
        g = read_tsv(f)
        assert find_problems(g) == []
        seed = f.parent.parent / "seeds" / (f.stem + ".txt")
        assert g.text == seed.read_text(encoding="utf-8")
        assert g.format in ("std2021", "std2019", "old")
        assert to_tsv(g, comments=[]) == "".join(
            ln + "\n" for ln in f.read_text(encoding="utf-8").split("\n")[:-1] if not ln.startswith("#"))


def test_bad_tsv_names_file_and_row(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("# c\ns1\tbody\tok\ns7\tbody\tno\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"bad.tsv: row 3: unknown section 's7'"):
        read_tsv(p)


def test_to_json_is_json_dumps_of_to_dict_built_piecewise():
    import json
    from pathlib import Path
    from gainlp.rules import RuleLabeler
    for text in ["", "一、总体情况\n正文。\n", (Path(__file__).resolve().parent.parent / "corpus" / "seeds"
                                              / "000_1f87cd3b0422029d.txt").read_text(encoding="utf-8")]:
        r = RuleLabeler().label(text, source="a/b.txt")
        assert r.to_json() == json.dumps(r.to_dict(), ensure_ascii=False)
        assert r.to_json(doc="x") == json.dumps(r.to_dict(doc="x"), ensure_ascii=False)
        assert "".join(r.iter_json(chunk=3)) == r.to_json()
        assert r.segments_json() == json.dumps([s.to_dict() for s in r.segments], ensure_ascii=False)
        assert r.sections_json() == json.dumps([s.to_dict() for s in r.sections], ensure_ascii=False)
    odd = Report(text="ab\ncd", segments=[Segment(0, 2, 0, "s1", "body", float("nan")),
                                          Segment(3, 5, 1, 's"1', "body", True)])
    assert odd.to_json() == json.dumps(odd.to_dict(), ensure_ascii=False)


def test_lines_are_offsets_that_behave_like_a_list_of_lines():
    import pickle
    from gainlp.report import Line
    text = "a\r\nbc\rd\n"
    lines = split_lines(text)
    as_list = [Line(0, 0, 1, "a"), Line(1, 3, 5, "bc"), Line(2, 6, 7, "d"), Line(3, 8, 8, "")]
    assert lines == as_list and as_list == lines and list(lines) == as_list
    assert len(lines) == 4 and lines[-1] == as_list[-1] and lines[1:3] == as_list[1:3]
    assert list(lines.spans()) == [(0, 1), (3, 5), (6, 7), (8, 8)]
    assert pickle.loads(pickle.dumps(lines)) == lines
    with pytest.raises(IndexError):
        lines[4]
    assert split_lines("") == [Line(0, 0, 0, "")]
