"""The one segmenter of long lines (gainlp.segment), chrome and titles on real-looking text."""
from __future__ import annotations

from pathlib import Path

import pytest

from gainlp.annotation import read_tsv
from gainlp.augment import flatten
from gainlp.evaluate import kind_of, score
from gainlp.labels import top_section
from gainlp.report import find_problems
from gainlp.rules import RuleLabeler
from gainlp.rules.vocab import load_vocabulary
from gainlp.segment import segment_line
from conftest import section_at

GOLD = sorted((Path(__file__).resolve().parent.parent / "corpus" / "gold").glob("*.tsv"))


def _segment_at(report, text, snippet):
    i = text.index(snippet)
    return next(s for s in report.segments if s.start <= i < s.end)


@pytest.mark.parametrize("sep", ["", " "])
def test_a_flattened_report_with_no_separators_splits_into_its_parts(sep):
    gold = flatten(read_tsv(GOLD[4]), sep=sep)  # seed 004: a 2019-format report, three tables
    assert kind_of(gold) == "flattened" and gold.text.count("\n") == 1
    pred = RuleLabeler().label(gold.text)
    assert find_problems(pred) == []
    # every part heading of the report starts a segment of its own, with its section
    for seg in gold.segments:
        if seg.role == "heading" and seg.section in ("s1", "s2", "s3", "s4", "s5", "s6"):
            got = _segment_at(pred, gold.text, gold.text[seg.start:seg.end].strip())
            assert got.start == seg.start and top_section(got.section) == seg.section, gold.text[seg.start:seg.end]
    res = score([gold], [pred])
    assert res.overall.section_accuracy >= 0.95


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem[:3])
def test_a_flattened_page_opens_with_its_first_unit_whole(path):
    """Transcoding debris before the first heading (``?????一、…``) stays with it."""
    gold = flatten(read_tsv(path), sep="")
    pred = RuleLabeler().label(gold.text)
    assert pred.line_labels()[0] == gold.line_labels()[0]


def test_headings_run_straight_into_the_text_are_cut_before_and_after_their_title():
    text = ("我局认真落实条例要求，全面推进政务公开，取得积极成效。二、主动公开政府信息情况（一）主动公开政府信息的数量"
            "全年主动公开政府信息120条，涵盖机构职能、政策文件和财政信息。三、收到和处理政府信息公开申请情况本年度"
            "共收到政府信息公开申请3件，均已按时办结。")
    spans = segment_line(text, load_vocabulary())
    pieces = [text[a:b] for a, b in spans]
    assert "二、主动公开政府信息情况" in pieces
    assert "三、收到和处理政府信息公开申请情况" in pieces
    assert any(p.startswith("（一）主动公开政府信息的数量") for p in pieces)
    assert "".join(pieces) == text


@pytest.mark.parametrize("title", ["某县统计局2020年政府信息公开工作年度报告", "某县统计局政府信息公开工作年度报告"])
def test_a_page_opening_run_together_chrome_title_and_text(title):
    body = ("我局根据《中华人民共和国政府信息公开条例》要求，编制本年度报告。一、总体情况全年主动公开政府信息"
            "120条，涵盖机构职能、政策文件和财政信息。二、主动公开政府信息情况本年度共收到政府信息公开申请3件。")
    text = "请输入关键字确定" + title + body
    pieces = [text[a:b] for a, b in segment_line(text, load_vocabulary())]
    assert pieces[:3] == ["请输入关键字", "确定", title]
    assert pieces[3].startswith("我局根据")
    report = RuleLabeler().label(text)
    assert [(s.role, text[s.start:s.end]) for s in report.segments[:3]] == [
        ("noise", "请输入关键字"), ("noise", "确定"), ("title", title)]


def test_a_title_that_is_the_subject_of_a_sentence_is_not_cut():
    text = ("现将某县2020年政府信息公开工作年度报告，报告如下。一、总体情况全年主动公开政府信息120条，涵盖机构"
            "职能、政策文件和财政信息。二、主动公开政府信息情况本年度共收到政府信息公开申请3件，均已按时办结。")
    pieces = [text[a:b] for a, b in segment_line(text, load_vocabulary())]
    assert pieces[0].startswith("现将某县2020年政府信息公开工作年度报告，报告如下。")


def test_an_opening_heading_run_into_the_preamble():
    text = ("引 言本报告根据《中华人民共和国政府信息公开条例》编制，全文包括概述、主动公开政府信息情况等。一 、概 述"
            "全年主动公开政府信息120条，涵盖机构职能、政策文件和财政信息。二、主动公开政府信息情况本年度共收到政府信息"
            "公开申请3件，均已按时办结。")
    pieces = [text[a:b] for a, b in segment_line(text, load_vocabulary())]
    assert pieces[0] == "引 言"
    report = RuleLabeler().label(text)
    assert (report.segments[0].section, report.segments[0].role) == ("front", "heading")


def test_parts_with_titles_of_their_own_are_cut_where_they_continue_the_count():
    parts = ["一、健全组织机构，强化工作领导", "二、丰富公开载体，拓宽公开渠道", "三、规范依申请公开办理"]
    text = "现将本年度工作情况报告如下：" + "".join(
        p + "我局按照县政府统一部署，认真落实各项工作要求，全年未发生违规公开事件。" for p in parts)
    cuts = {a for a, _ in segment_line(text, load_vocabulary())}
    assert all(text.index(p) in cuts for p in parts)
    lone = "现将本年度工作情况报告如下：" + parts[0] + "我局按照县政府统一部署，认真落实各项工作要求。" * 4
    assert segment_line(lone, load_vocabulary()) == [(0, len(lone))]


def test_a_long_paragraph_without_a_part_heading_is_not_cut():
    para = "我局高度重视政府信息公开工作。（一）加强组织领导，明确工作责任。（二）完善制度，规范流程。" * 8
    assert segment_line(para, load_vocabulary()) == [(0, len(para))]


def test_a_flattened_table_run_is_one_unit_until_the_next_table_kind():
    text = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000"
            "规范性文件000第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可000"
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计")
    pieces = [text[a:b] for a, b in segment_line(text, load_vocabulary())]
    assert pieces[0] == "二、主动公开政府信息情况"
    assert pieces[1].startswith("第二十条第（一）项") and "第二十条第（五）项" in pieces[1]
    assert pieces[2].startswith("（本列数据的勾稽关系")
    r = RuleLabeler().label(text)
    assert _segment_at(r, text, "第二十条第（一）项").section == "s2"
    assert _segment_at(r, text, "申请人情况").section == "s3"


def test_page_chrome_and_metadata_panels_are_noise():
    text = "\n".join([
        "请输入关键字", "确定", "登录    注册", "无障碍浏览",
        "您当前所在位置:首页 > 信息公开年报",
        "- 索 引 号:AB12345-0101-2020-00002",
        "- 发布机构:某某镇人民政府",
        "索引号: 000123/2021-00042 | 发布机构: 某某县人民政府办公室 | 生成日期: 2021-01-20",
        "| 关键词:政府信息公开 年报 |",
        "名称 某某县2020年政府信息公开工作年度报告",
        "时效",
        "某某县2020年政府信息公开工作年度报告",
        "一、总体情况",
        "2020年，我县认真贯彻落实条例。",
    ])
    r = RuleLabeler().label(text)
    roles = [s.role for s in r.segments]
    assert roles[:11] == ["noise"] * 11, roles
    assert {s.section for s in r.segments[:11]} == {"front"}  # a panel's field in a pipe row is no table
    assert roles[11] == "title" and r.segments[12].section == "s1"


def test_a_title_block_with_an_issuer_line_between_headline_and_title():
    text = "某某省人民政府2020年政府信息公开工作报告\n某某省人民政府办公厅  2021/3/28\n\n某某省人民政府2020年政府信息公开\n\n工作年度报告\n\n一、总体情况\n正文。"
    roles = [(s.section, s.role) for s in RuleLabeler().label(text).segments if s.role != "blank"]
    assert roles[:4] == [("front", "title"), ("front", "body"), ("front", "title"), ("front", "title")]


def test_a_crawler_block_above_a_flattened_page():
    gold = flatten(read_tsv(GOLD[2]), sep="", header=True, title="某某县商务局2023年政府信息公开工作年度报告")
    pred = RuleLabeler().label(gold.text)
    head = [(s.section, s.role) for s in pred.segments if s.line < 5]
    assert head == [("front", "title")] + [("front", "noise")] * 4


def test_the_model_pseudo_lines_are_the_rules_segments():
    from gainlp.model.segment import expand
    gold = flatten(read_tsv(GOLD[0]), sep="")
    lines = gold.text.split("\n")
    pseudo, origin = expand(lines)
    rules = [(s.line, s.start - gold.lines[s.line].start, s.end - gold.lines[s.line].start)
             for s in RuleLabeler().label(gold.text).segments]
    assert origin == rules and len(pseudo) > 20


def test_evaluate_flatten_scores_derived_gold(capsys):
    from gainlp.cli import main
    assert main(["evaluate", "--gold", str(GOLD[0].parent), "--engine", "rules", "--flatten", "join", "--json"]) == 0
    import json
    out = json.loads(capsys.readouterr().out)
    assert out["overall"]["n_docs"] == len(GOLD)
    assert out["overall"]["section"]["accuracy"] >= 0.9


def test_traditional_text_with_pinyin_glosses_from_a_mirror_site():
    text = "某鎮(zhèn)2020年政府信息公開工作年度報(bào)告\n一、總(zǒng)體情況\n正文。\n二、主動(dòng)公開政府信息情況\n說明。"
    got = [(s.section, s.role) for s in RuleLabeler().label(text).segments]
    assert got == [("front", "title"), ("s1", "heading"), ("s1", "body"), ("s2", "heading"), ("s2", "body")]


@pytest.mark.parametrize("debris", ["?", "\ufffd", " ?"])
def test_transcoding_debris_before_a_heading_marker(debris):
    text = f"一、总体情况\n正文。\n{debris}三、收到和处理政府信息公开申请情况\n本年度未收到申请。"
    r = RuleLabeler().label(text)
    assert [(s.section, s.role) for s in r.segments][2:] == [("s3", "heading"), ("s3", "body")]
    assert r.segments[2].start == text.index(debris)  # offsets still refer to the original text


def test_evaluate_split_keeps_only_the_listed_files(tmp_path, capsys):
    import json
    from gainlp.cli import main
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"test": [GOLD[1].stem, GOLD[3].stem], "bad": ["nope"]}), encoding="utf-8")
    assert main(["evaluate", "--gold", str(GOLD[0].parent), "--split", f"{split}:test", "--engine", "rules",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"]["n_docs"] == 2
    assert main(["evaluate", "--gold", str(GOLD[0].parent), "--split", f"{split}:bad"]) == 2
    assert "nope" in capsys.readouterr().err


OLD_TABLE_ROWS = ["一、主动公开情况", "（一）主动公开政府信息数", "条", "35", "其中：主动公开规范性文件数", "条", "4",
                  "（二）通过不同渠道和方式公开政府信息的情况", "1.政府网站公开政府信息数", "条", "30",
                  "2.政务微信公开政府信息数", "条", "", "三、依申请公开情况", "（一）收到申请数", "件", "12",
                  "1.当面申请数", "件", "2", "四、行政复议数量", "件", "0", "（一）维持具体行政行为数", "件", "",
                  "（注：各子栏目数总数要等于总栏目数量）"]


@pytest.mark.parametrize("sep", ["", " "])
def test_a_flattened_old_statistics_table_splits_into_its_rows(sep):
    """An old-format statistics table run together: each row (numbered label, unit, value)
    is a unit of its own, because its rows belong to different parts; the note stands apart."""
    prose = "本机关认真贯彻落实《条例》，现将有关情况报告如下。"
    text = prose + sep + sep.join(["附件2", "统计指标", "单位", "统计数", *(c for c in OLD_TABLE_ROWS if c)])
    pieces = [text[a:b].strip() for a, b in segment_line(text, load_vocabulary())]
    want = [f"（一）主动公开政府信息数{sep}条{sep}35", f"其中：主动公开规范性文件数{sep}条{sep}4",
            f"1.政府网站公开政府信息数{sep}条{sep}30", f"1.当面申请数{sep}件{sep}2",
            f"（一）维持具体行政行为数{sep}件", "（注：各子栏目数总数要等于总栏目数量）"]
    for row in want:
        assert row in pieces, (row, pieces)
    assert any(p.startswith("附件2") for p in pieces)  # the attachment is cut from the prose before it
    rules = RuleLabeler().label(text)
    assert section_at(rules, text, "收到申请数") == "s3" and section_at(rules, text, "维持具体行政行为数") == "s4"


@pytest.mark.parametrize("sep", ["", " "])
def test_damaged_arabic_part_numbering_in_a_flattened_line(sep):
    """``1、 概述`` (Word numbering lost, docs/schema.md rule 2) heads a part when its title is
    known; ``1、 加强领导`` inside a paragraph does not."""
    text = sep.join(["某区商务局2018年政府信息公开工作年度报告", "本报告由某区商务局编制，内容包括概述和统计情况。",
                     "1、 概述2018年，我局认真贯彻落实《条例》，稳步推进政府信息公开工作。",
                     "2、 主动公开政府信息情况全年主动公开政府信息120条，其中规范性文件3件。",
                     "主要做法：1、 加强领导，明确专人负责。"])
    pieces = [text[a:b].strip() for a, b in segment_line(text, load_vocabulary())]
    assert "1、 概述" in pieces and "2、 主动公开政府信息情况" in pieces, pieces
    assert not any(p.startswith("1、 加强领导") for p in pieces)


def test_a_flattened_old_table_header_and_note_keep_the_tables_part():
    """A header row whose cells ran together (统计指标单位统计数) is the table's header, in the
    part of its caption; the note is a unit of its own, apart from what follows it."""
    text = "".join(["某局2018年政府信息公开工作年度报告", "六、其他需要报告的事项", "本年度无其他需要报告的事项。",
                    "附件：政府信息公开情况统计表", "统计指标单位统计数", *(c for c in OLD_TABLE_ROWS if c),
                    "信息公开条目\t2017年度\t2018年度"])
    rules = RuleLabeler().label(text)
    header = _segment_at(rules, text, "统计指标单位统计数")
    assert (header.section, header.role) == ("s6", "table_header")
    note = _segment_at(rules, text, "（注：各子栏目数总数要等于总栏目数量）")
    assert text[note.start:note.end].strip() == "（注：各子栏目数总数要等于总栏目数量）"
    assert note.role == "table_note" and note.section == "s6"


@pytest.mark.parametrize("sep", ["", " "])
def test_flattened_page_numbering_variants_and_titles_that_run_into_text(sep):
    """Part markers the heading grammar knows (一, 一 + space after a table's last value,
    8. + space, bracketed debris before 一、) head parts on a flattened page too; a title
    ends at the first sentence punctuation, not at a later phrase that ends like a title."""
    text = sep.join([
        "某局2016年政府信息公开工作年度报告",
        "一,总体情况 本年度我局稳步推进政府信息公开工作。",
        "二、政府信息主动公开情况　全年主动公开政府信息30条。",
        "三、政府信息公开的收费及减免情况　全年，我局没有收取信息处理费。也无相关收费情况。",
        "第二十条第（一）项 信息内容 | 本年制发件数 | 规章 | 0 | 0",
        "四 政府信息公开行政复议、行政诉讼情况 本年度未发生复议、诉讼案件。",
        "[image: ]五、存在的主要问题及改进情况 一是公开意识不强。",
        "8. 其他需要报告的事项 无。"])
    rules = RuleLabeler().label(text)
    pieces = {text[s.start:s.end].strip(): s for s in rules.segments}
    for head, section in [("一,总体情况", "s1"), ("三、政府信息公开的收费及减免情况", "s6"),
                          ("四 政府信息公开行政复议、行政诉讼情况", "s4"),
                          ("五、存在的主要问题及改进情况", "s5"), ("8. 其他需要报告的事项", "s6")]:
        assert head in pieces, (head, list(pieces))
        assert (top_section(pieces[head].section), pieces[head].role) == (section, "heading"), head
    assert section_at(rules, text, "也无相关收费情况") == "s6"


def test_a_signature_and_a_page_footer_after_the_last_part_are_back_matter():
    text = " ".join(["某县人民政府2017年政府信息公开工作年度报告", "一、概述", "本年度我县稳步推进政府信息公开工作。" * 4,
                     "二、其他需要报告的事项", "本年度没有其他应当报告的情况。", "某县人民政府 2017年2月5日",
                     "下一篇：关于做好政务公开工作的通知", "网站地图 | 联系我们 | 主办：某县人民政府办公室"])
    rules = RuleLabeler().label(text)
    assert section_at(rules, text, "本年度没有其他应当报告的情况") == "s6"
    for tail in ("某县人民政府 2017年2月5日", "下一篇", "网站地图"):
        assert section_at(rules, text, tail) == "back", tail
    joined = "某局2022年政府信息公开工作年度报告\n一、总体情况\n正文。\n六、其他需要报告的事项\n无。\n某市残疾人联合会2022年2月4日"
    assert RuleLabeler().label(joined).segments[-1].section == "back"  # signature and date on one line


def test_a_line_holding_only_subsections_of_the_overview_is_cut():
    """A page flattened in several long lines: one line may hold only 总体情况's subsections,
    their standard titles run straight into the text (``（三）政府信息管理全面梳理…``)."""
    subs = ("（三）政府信息管理全面梳理本机关制发的规范性文件，更新政府信息公开指南和主动公开目录，目录事项增加到六十项。"
            "（四）政府信息公开平台建设推进门户网站改版，新增重点领域信息公开专栏两个，开通依申请公开在线办理通道。"
            "（五）监督保障将政务公开纳入年度绩效考核，开展业务培训两次，未发生责任追究事项。")
    text = "\n".join(["某局2019年政府信息公开工作年度报告", "一、总体情况", subs, "二、主动公开政府信息情况"])
    assert len(subs) >= 120
    r = RuleLabeler().label(text)
    heads = {text[s.start:s.end]: s for s in r.segments if s.role == "heading"}
    assert heads["（三）政府信息管理"].section == "s1.3" and heads["（四）政府信息公开平台建设"].section == "s1.4"
    assert section_at(r, text, "开通依申请公开在线办理通道") == "s1.4"
    assert section_at(r, text, "未发生责任追究事项") == "s1.5"
    # a longer title the vocabulary knows is not cut at the standard one it starts with
    old = "（二）依申请公开政府信息收费情况本年度未收取任何费用，也未减免费用，全部申请均按期答复。"
    line = "二、主动公开政府信息情况全年公开信息三十条。" + old * 3
    pieces = [line[a:b] for a, b in segment_line(line, load_vocabulary())]
    assert not any(p.startswith("（二）依申请公开政府信息") and not p.startswith("（二）依申请公开政府信息收费") for p in pieces)


def test_a_short_line_with_two_part_headings_is_cut():
    line = "四、政府信息公开行政复议、行政诉讼情况 本年度无复议诉讼。五、存在的主要问题及改进情况 公开深度不够。"
    assert len(line) < 120
    text = "\n".join(["某局2020年政府信息公开工作年度报告", "一、总体情况", "本年度工作平稳。", line, "六、其他需要报告的事项", "无。"])
    r = RuleLabeler().label(text)
    assert section_at(r, text, "本年度无复议诉讼") == "s4"
    assert section_at(r, text, "公开深度不够") == "s5"
    assert _segment_at(r, text, "五、存在的主要问题及改进情况").role == "heading"


@pytest.mark.parametrize("sep", ["", " "])
def test_parts_numbered_with_arabic_digits_and_no_space(sep):
    """``1.总体情况`` … ``5.存在的主要问题及改进情况`` (LABELS.md rule 2: the title decides): parts
    on a flattened page and on lines; a ``2、`` item inside a part numbered 一、 stays an item."""
    parts = ["某镇2020年政府信息公开工作年度报告", "1.总体情况", "2020年，我镇认真落实《条例》，公开工作平稳推进。",
             "（一）主动公开", "全年主动公开政府信息86条。", "1、政策解读", "发布解读材料3篇。",
             "2.主动公开政府信息情况", "第二十条第（一）项 信息内容 本年新制作数量 规章 0 0 0",
             "5.存在的主要问题及改进情况", "一是信息员为兼职；二是解读形式单一。"]
    flat = sep.join(parts)
    for text in (flat, "\n".join(parts)):
        r = RuleLabeler().label(text)
        assert section_at(r, text, "2020年，我镇认真落实") == "s1", text
        assert section_at(r, text, "发布解读材料3篇") == "s1.1"
        assert section_at(r, text, "一是信息员为兼职") == "s5"
        assert _segment_at(r, text, "5.存在的主要问题及改进情况").role == "heading"
    items = "\n".join(["某局2012年政府信息公开工作年度报告", "一、概述", "本年度工作平稳。", "1、主动公开情况",
                       "全年公开信息40条。", "2、依申请公开情况", "全年收到申请2件。", "二、其他需要报告的事项", "无。"])
    assert section_at(RuleLabeler().label(items), items, "全年收到申请2件") == "s1"


def test_a_flattened_table_run_takes_its_tables_part_without_a_heading():
    """Rule 4 on a flattened page: a 复议/诉讼 table run whose heading was lost is s4, one table_row."""
    text = ("某局2020年政府信息公开工作年度报告三、收到和处理政府信息公开申请情况本年度未收到申请。"
            "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计"
            "000000000000000五、存在的主要问题及改进情况公开形式较为单一。")
    r = RuleLabeler().label(text)
    run = _segment_at(r, text, "行政复议行政诉讼结果维持")
    assert (run.section, run.role) == ("s4", "table_row")
    assert section_at(r, text, "公开形式较为单一") == "s5"


def test_a_crawler_block_with_english_keys_and_a_footer_run_into_the_last_line():
    body = ("某县人民政府2019年政府信息公开工作年度报告一、总体情况2019年，我县稳步推进政府信息公开工作，公开质量持续提升。"
            "六、其他需要报告的事项本年度未收取信息处理费。某县人民政府2020年1月31日【打印本页】【关闭窗口】"
            "主办单位：某县人民政府办公室 承办单位：某县信息中心 网站标识码：1234567890 某ICP备05003126号")
    text = "\n".join(["url: http://www.example.gov.cn/xxgk/ndbg/t20200131_1.html", "crawl_time: 2020-02-05 11:20:37",
                      "--- content ---", body])
    r = RuleLabeler().label(text)
    assert [s.role for s in r.segments if s.line < 3] == ["noise"] * 3
    assert _segment_at(r, text, "某县人民政府2019年政府信息公开工作年度报告").role == "title"
    assert section_at(r, text, "本年度未收取信息处理费") == "s6"
    sig = _segment_at(r, text, "某县人民政府2020年1月31日")
    assert (sig.section, sig.role) == ("back", "body")
    footer = _segment_at(r, text, "承办单位")
    assert (footer.section, footer.role) == ("back", "noise")


def test_a_pipe_joined_menu_above_the_title_is_not_a_table():
    text = "\n".join(["信息公开 | 办事服务 | 机构设置", "设为首页 加入收藏", "某局2024年政府信息公开工作年度报告",
                      "一、总体情况", "2024年，我局稳步推进政务公开。"])
    segs = RuleLabeler().label(text).segments
    assert [s.section for s in segs[:3]] == ["front"] * 3 and segs[0].role != "table_header"
    assert segs[2].role == "title"


def test_own_part_titles_run_into_the_text_take_their_topic():
    """Old parts with titles of their own, run straight into their text on a flattened page
    (一、加强组织领导，健全工作机制卫生…): a run-in heading whose lead clauses name the part."""
    text = ("某县卫生局2016年政府信息公开工作年度报告某县卫生局2016年政府信息公开工作年度报告"
            "2016年，我局认真贯彻落实《条例》，现将本年度工作情况报告如下："
            "一、加强组织领导，健全工作机制机构调整后，我局及时调整了政务公开领导小组，明确专人负责。"
            "二、突出公开重点，推进重点领域信息公开全年共主动公开政府信息327条。"
            "三、规范依申请公开，保障群众知情权全年收到申请4件，均按期答复。")
    r = RuleLabeler().label(text)
    assert section_at(r, text, "明确专人负责") == "s1.5"
    assert section_at(r, text, "全年共主动公开政府信息327条") == "s1.1"
    assert section_at(r, text, "均按期答复") == "s3"
    # the page headline repeated as the report's title: both are the title, apart from the preamble
    title = _segment_at(r, text, "报告2016年，我局")
    assert title.role == "title" and text[title.end:].startswith("2016年，我局")


def test_a_standard_part_opening_its_line_and_running_into_its_text():
    """Lines whose heading runs into the paragraph or table (二、主动公开政府信息情况第二十条…):
    the heading is cut off and its part starts there, on short lines too."""
    text = "\n".join(["某街道2019年政府信息公开工作年度报告",
                      "一、总体情况2019年，我街道稳步推进政务公开，全年主动公开信息214条。",
                      "（一）主动公开全年通过区政府门户网站主动公开政府信息214条，其中政策文件12条。",
                      "二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000",
                      "五、存在的主要问题及改进情况解读形式较为单一，下一步将丰富解读形式。",
                      "（二）依申请公开工作情况。我局高度重视依申请公开事项的答复，严格依法依规做好答复。"])
    r = RuleLabeler().label(text)
    head = _segment_at(r, text, "二、主动公开政府信息情况")
    assert text[head.start:head.end] == "二、主动公开政府信息情况" and (head.section, head.role) == ("s2", "heading")
    run = _segment_at(r, text, "第二十条第（一）项")
    assert (run.section, run.role) == ("s2", "table_row")
    assert text[_segment_at(r, text, "（一）主动公开").start:_segment_at(r, text, "（一）主动公开").end] == "（一）主动公开"
    assert section_at(r, text, "下一步将丰富解读形式") == "s5"
    # a run-in heading with its own full stop, and a longer title than the standard 依申请公开, stay whole
    runin = _segment_at(r, text, "（二）依申请公开工作情况")
    assert text[runin.start:runin.end] == text.split("\n")[-1]


def test_page_openings_of_mirror_sites_and_closing_matter():
    """A title with pinyin glosses, a breadcrumb whose steps look like titles, the parts listed
    in the preamble, a date in Chinese numerals and a mirror's disclaimer after the signature."""
    text = ("当前位置：首页 > 政务公开 > 政府信息公开年报 > 江汉省林业(yè)厅2014年政府信息公(gōng)开工作年度报(bào)告 "
            "本报告由江汉省林业厅编制，全文分为概述；主动公开政府信息情况；存在的主要问题及改进措施；其他需要报告的事项共四个部分。"
            "一、概述 2014年，我厅认真贯彻落实《条例》，稳步推进政府信息公开工作。"
            "二、其他需要报告的事项 本年度无其他需要报告的事项。江汉省林业厅 二〇一五年三月二十六日 "
            "本文来源于网络，如有侵权请联系删除。 上一篇：关于做好春季森林防火工作的通知")
    r = RuleLabeler().label(text)
    crumb = _segment_at(r, text, "当前位置")
    assert crumb.role == "noise" and "政府信息公开年报" in text[crumb.start:crumb.end]
    assert _segment_at(r, text, "江汉省林业(yè)厅2014年").role == "title"
    assert section_at(r, text, "全文分为概述") == "front" and section_at(r, text, "其他需要报告的事项共四个部分") == "front"
    assert section_at(r, text, "稳步推进政府信息公开工作") == "s1"
    sig = _segment_at(r, text, "江汉省林业厅 二〇一五年")
    assert (sig.section, sig.role) == ("back", "body")
    for tail in ("本文来源于网络", "上一篇"):
        assert (_segment_at(r, text, tail).section, _segment_at(r, text, tail).role) == ("back", "noise"), tail


def test_unnumbered_subsections_of_the_overview_on_lines_and_joined_with_spaces():
    """``主动公开`` alone on its line (or between spaces on a page joined with one space) is
    a subsection heading of 总体情况 (rule 16); run into its paragraph it is not."""
    parts = ["某县卫生健康局2020年政府信息公开工作年度报告", "一、总体情况", "2020年，我局认真落实《条例》。",
             "主动公开", "全年主动公开信息376条，其中疫情防控信息153条。", "依申请公开", "全年受理申请6件，均按期办结。",
             "政府信息管理", "严格落实信息发布审核制度。"]
    for text in ("\n".join(parts), " ".join(parts)):
        r = RuleLabeler().label(text)
        assert section_at(r, text, "全年主动公开信息376条") == "s1.1", text
        assert section_at(r, text, "均按期办结") == "s1.2"
        assert section_at(r, text, "严格落实信息发布审核制度") == "s1.3"
    runin = "\n".join(parts[:3] + ["主动公开。全年主动公开信息376条。"])
    assert section_at(RuleLabeler().label(runin), runin, "全年主动公开信息376条") == "s1"


def test_a_site_name_and_the_last_step_of_a_breadcrumb_are_chrome():
    text = ("某县人民政府门户网站\n网站首页 >> 政府信息公开 >> 信息公开年报本报告由某县卫生健康局编制。"
            "一、总体情况 2020年，我局认真落实《条例》，稳步推进政府信息公开工作，全年主动公开信息376条。")
    r = RuleLabeler().label(text)
    assert (r.segments[0].section, r.segments[0].role) == ("front", "noise")
    crumb = _segment_at(r, text, "网站首页")
    assert crumb.role == "noise" and text[crumb.start:crumb.end].endswith("信息公开年报")
    assert _segment_at(r, text, "本报告由").role == "body"


WRITTEN = Path(__file__).resolve().parent.parent / "corpus" / "written" / "flattened"


@pytest.mark.parametrize("cuts", [None, "default"], ids=["rules", "learned-cuts"])
def test_pages_written_as_flattened_web_pages(cuts):
    """The 96 pages written for this project (corpus/written): every phenomenon they
    showed is handled, so a change that breaks one shows here."""
    golds = [read_tsv(p) for p in sorted(WRITTEN.glob("*.tsv"))]
    assert len(golds) == 96
    labeler = RuleLabeler(cuts=cuts)
    res = score(golds, [labeler.label(g.text) for g in golds])
    assert res.overall.section_macro_f1 >= 0.98 and res.overall.role_macro_f1 >= 0.95
    assert min(d.section_macro_f1 for d in res.docs) >= 0.9


def test_a_page_opening_that_starts_with_its_first_part():
    """A page opening with no title or chrome kept (the archive's excerpt starts at 一、):
    its first part's title, followed by a space, opens the line; （一）、 markers cut too."""
    text = ("一、基本情况 2022年，市教育局政务公开工作标准化方面不断深化，公开渠道更加完善。"
            "(一)、深化主动公开 围绕重大建设项目完善动态公开机制，更新信息24条。"
            "(二)、依申请公开情况 规范告知书面答复格式，确保法律依据准确、说理到位。"
            "(三)、信息发布审核管理 全面清理历史信息，涉及个人隐私的信息进行技术处理。")
    r = RuleLabeler().label(text)
    head = _segment_at(r, text, "一、基本情况")
    assert text[head.start:head.end].strip() == "一、基本情况" and (head.section, head.role) == ("s1", "heading")
    assert section_at(r, text, "更新信息24条") == "s1.1"
    assert section_at(r, text, "说理到位") == "s1.2"


def test_a_title_wrapped_over_two_lines_under_a_panel_of_fields():
    text = "\n".join(["●公开责任部门： 某区交通运输局", "●文件编号： 无文号", "●是否有效： 有效", "2018年某区交通运输",
                      "局政府信息公开工作年度报告", "2018年，我局认真贯彻落实《条例》，稳步推进政府信息公开工作。"])
    roles = [s.role for s in RuleLabeler().label(text).segments]
    assert roles[:5] == ["noise", "noise", "noise", "title", "title"]


def test_old_page_opening_with_lost_numbers_and_a_bracketed_crawler_block():
    """A crawler block with bracketed keys; 前言 after a repeated title; the overview's title
    without its number before its year; a subsection run into its text, named by its first
    clause; a part title joined to its second half (…主要问题和改进措施); a footer of 主办：/承办：."""
    body = ("某市人民政府2010年政府信息公开工作年度报告某市人民政府2010年政府信息公开工作年度报告"
            "前言本报告由某市人民政府办公室编制，如有疑问请与市政府办公室联系。"
            "概述2010年是我市全面实施《条例》的第三年，各项工作平稳推进。"
            "（一）组织机构建设年初，市政府调整了政府信息公开工作领导小组。"
            "（二）公开载体建设。市政府网站全年发布信息6137条。"
            "七、政府信息公开工作存在的主要问题和改进措施我市政府信息公开工作仍有差距。"
            "某市人民政府办公室2011年3月1日主办：某市人民政府办公室承办：某市信息中心网站标识码：1234567890")
    text = "\n".join(["[url] http://www.example.gov.cn/zwgk/t20110301_1.html", "[抓取时间] 2019-07-02 13:20:55", body])
    r = RuleLabeler().label(text)
    assert [s.role for s in r.segments if s.line < 2] == ["noise", "noise"]
    assert _segment_at(r, text, "前言").role == "heading" and section_at(r, text, "如有疑问") == "front"
    assert section_at(r, text, "各项工作平稳推进") == "s1"
    assert section_at(r, text, "调整了政府信息公开工作领导小组") == "s1.5"
    head = _segment_at(r, text, "七、")
    assert text[head.start:head.end] == "七、政府信息公开工作存在的主要问题和改进措施" and head.section == "s5"
    footer = _segment_at(r, text, "承办：")
    assert (footer.section, footer.role) == ("back", "noise")


@pytest.mark.parametrize("site", ["某县人民政府门户网站", "某縣政（zhèng）務公開網 "])
def test_a_site_name_opening_a_flattened_page_and_a_title_in_a_bracket(site):
    text = (site + "当前位置：首页 > 信息公开 谷城县人民政府 【2019年度政府信息公开报告 谷城县人民政府依照《条例》编制了本年度报告。"
            "一、总体情况 2019年，我县认真贯彻落实《条例》，稳步推进政府信息公开工作，全年主动公开信息1376条。")
    r = RuleLabeler().label(text)
    first = r.segments[0]
    assert text[first.start:first.end].strip() == site.strip() and first.role == "noise"
    assert _segment_at(r, text, "2019年度政府信息公开报告").role == "title"


@pytest.mark.parametrize("sep", ["\n", ""])
def test_an_old_part_title_running_into_its_paragraph_ends_before_the_text(sep):
    """An old part title (not a standard one) that opens a line and runs into a paragraph
    ending in 。 is a heading, on a short line too; a title ends before a word that opens a
    sentence (…诉讼的情况本年度无此类情况。), with or without a space between."""
    lines = ["某镇2011年政府信息公开工作年度报告", "一、概述", "本年度工作扎实推进。",
             "六、工作人员和费用支出情况街道从事政府信息公开工作的人员共5名。",
             "七、因政府信息公开申请行政复议、提起行政诉讼的情况本年度无此类情况。",
             "八、行政复议 行政诉讼 情况 全年未发生此类案件。"]
    text = sep.join(lines)
    r = RuleLabeler().label(text)
    for head, body, section in [("六、工作人员和费用支出情况", "街道从事", "s1.5"),
                                ("七、因政府信息公开申请行政复议、提起行政诉讼的情况", "本年度无此类", "s4"),
                                ("八、行政复议 行政诉讼 情况 ", "全年未发生", "s4")]:
        h = _segment_at(r, text, head)
        assert text[h.start:h.end] == head and (h.section, h.role) == (section, "heading")
        assert section_at(r, text, body) == section


@pytest.mark.parametrize("sep", ["", " "])
def test_an_old_statistics_table_flattened_a_few_rows_per_line(sep):
    """A table whose header opens one line and whose rows go on over the next lines (each
    line a run of rows): those lines are cut into rows too, and each row takes its part;
    an attachment caption (附表：… （2015年度）) run into the prose before it is cut off."""
    row = sep.join
    text = "\n".join([
        "某局2015年政府信息公开工作年度报告", "一、概述", "本局认真贯彻落实《条例》。",
        "五、存在的主要问题及改进情况",
        f"存在的问题是公开深度不够。{sep}附表：{sep}某局2015年度政府信息公开情况统计表{sep}（2015年度）{sep}"
        + row(["统计指标", "单位", "统计数", "一、主动公开情况", "（一）主动公开政府信息数", "条", "75"]),
        row(["二、回应解读情况", "（一）回应公众关注热点或重大舆情数", "次", "3", "1.参加或举办新闻发布会总次数", "次", "1"]),
        row(["三、依申请公开情况", "（一）收到申请数", "件", "6", "1.当面申请数", "件", "1"]),
        row(["四、行政复议数量", "件", "0", "（一）维持具体行政行为数", "件", "0", "五、行政诉讼数量", "件", "0"]),
    ])
    r = RuleLabeler().label(text)
    assert section_at(r, text, "存在的问题是") == "s5"
    assert (_segment_at(r, text, "附表").section, _segment_at(r, text, "附表").role) == ("s6", "table_caption")
    for label, section in [("回应公众关注热点", "s1"), ("参加或举办新闻发布会", "s1"), ("收到申请数", "s3"),
                           ("当面申请数", "s3"), ("维持具体行政行为数", "s4"), ("行政诉讼数量", "s4")]:
        seg = _segment_at(r, text, label)
        assert top_section(seg.section) == section and seg.role == "table_row", (label, seg)
    assert _segment_at(r, text, "二、回应解读情况").role == "table_row"  # a run of rows: rows, labels included


@pytest.mark.parametrize("sep", ["\n", "  "])
def test_catalogue_lines_that_look_like_parts_are_chrome(sep):
    """A site's catalogue category (三、其他信息 > 年度报告, 二、政府信息公开年报) above the
    report is chrome: it opens no part, and the preamble under it stays front matter."""
    for head in ["三、其他信息 > 年度报告", "二、政府信息公开年报", "四、政府信息公开年报（2021）", "三、年度政府信息公开工作报告3.2"]:
        text = sep.join([head, "本报告依照《中华人民共和国政府信息公开条例》规定编制，所列数据统计期限自2021年1月1日起至12月31日止。",
                         "一、总体情况", "2021年，我镇认真贯彻落实《条例》，全年主动公开信息126条。"])
        r = RuleLabeler().label(text)
        assert section_at(r, text, head) == "front" and section_at(r, text, "本报告依照") == "front", head
        assert section_at(r, text, "全年主动公开") == "s1"


def test_a_page_opening_that_starts_with_its_first_part_run_into_the_text():
    """A flattened page opening with neither title nor chrome, whose first part's title runs
    straight into the text and which stops mid-sentence: the part starts at once."""
    text = ("一、基本情况围绕政务公开工作要点，我单位分解工作任务，逐项落实，各项任务如期完成。2024年我单位在县委、"
            "县政府指导下认真开展政务公开各项工作，公开内容更加丰富，公开形式更加多样，群众满意度不断提升。全年通过"
            "门户网站主动公开政府信息86条，其中政策文件12条，解读材料5篇，回应群众关切的事项")
    r = RuleLabeler().label(text)
    head = r.segments[0]
    assert text[head.start:head.end] == "一、基本情况" and (head.section, head.role) == ("s1", "heading")
    assert {top_section(s.section) for s in r.segments if s.role != "blank"} == {"s1"}


@pytest.mark.parametrize("end,section", [("三. 依申请", "s3"), ("四、因政府信息公开申", "s4"), ("三、依", "s1.1")])
def test_a_part_title_cut_short_by_the_end_of_a_page_opening(end, section):
    """The archive keeps a page's first characters only: a part title cut off there takes
    the section of the full titles it begins, not the fallback for unknown old parts (s6);
    too short to tell, it stays in the part before."""
    text = ("某县2012年政府信息公开工作年度报告。一、概述2012年，我县认真贯彻落实《条例》。"
            "二、主动公开政府信息情况全年共主动公开政府信息215条。" + end)
    r = RuleLabeler().label(text)
    assert r.format == "old"
    assert section_at(r, text, end) == section


def test_a_numbered_line_naming_the_report_opens_no_part():
    text = ("六、政府信息公开工作年度报告\u3000某市财政局2014年度政府信息公开年度报告\u3000根据《中华人民共和国政府信息公开条例》"
            "规定，现向社会公布本局2014年度政府信息公开年度报告。一、概述2014年，我局认真贯彻落实《条例》，全年主动公开信息126条。")
    r = RuleLabeler().label(text)
    assert section_at(r, text, "六、政府信息公开工作年度报告") == "front"
    assert section_at(r, text, "根据《中华人民共和国") == "front" and section_at(r, text, "全年主动公开") == "s1"


def test_a_docx_bookmark_before_the_first_part_is_not_cut_through():
    text = ("发布日期:2017-03-13    点击数:78【打印】【关闭】[bookmark: _GoBack]一、政府信息公开总体工作情况2016年，我县按照"
            "市委、市政府的统一部署，将政府信息公开列为日常工作来抓。二、主动公开政府信息情况全年主动公开信息312条，其中规范性文件8件。")
    r = RuleLabeler().label(text)
    head = _segment_at(r, text, "一、政府信息公开总体工作情况")
    assert text[head.start:head.end] == "[bookmark: _GoBack]一、政府信息公开总体工作情况" and head.role == "heading"
    assert section_at(r, text, "我县按照") == "s1"


def test_sub_items_under_a_top_level_numbered_with_parentheses_stay_in_their_part():
    """（一）总体情况 numbers the parts; under it （一）…（二）…（三）… restart the count: the
    sub-items after the first stay in 总体情况 though 依申请公开 names a part."""
    text = ("（一）总体情况\n2021年，我局紧扣中心工作推进公开。\n（一）重点领域信息公开情况，全年发布信息12条。\n"
            "（二）依申请公开情况。全年收到政府信息公开申请3件，均按期答复。\n（三）政府信息管理情况，建立公开台账。\n"
            "（二）主动公开政府信息的情况\n第二十条第（一）项\n（三）收到和处理政府信息公开申请情况\n说明。")
    r = RuleLabeler().label(text)
    assert top_section(section_at(r, text, "全年收到政府信息公开申请3件")) == "s1"
    assert section_at(r, text, "（二）主动公开政府信息的情况") == "s2"
    assert section_at(r, text, "（三）收到和处理政府信息公开申请情况") == "s3"


def test_a_spaced_numeral_straight_after_the_title_and_an_arabic_overview_after_the_preamble():
    """一\u3000政府信息公开总体工作情况 run on after the report title (…年度报告一\u3000…); 1、基本情况
    after the preamble, a space after its title: each opens the overview. A numbered item
    inside a part (1.信息处理费收取情况 …) is not taken for a part."""
    a = ("站内搜索检索某市人力资源和社会保障局2011年度政府信息公开工作年度报告一\u3000政府信息公开总体工作情况2011年，本机关"
         "在市委、市政府的工作要求下，将政府信息公开列为重要工作来抓，持续提升公开实效，全年主动公开信息215条，"
         "其中规范性文件12件，政策解读材料8篇。")
    b = ("某县人民政府2023年度政府信息公开工作报告 本报告依据《中华人民共和国政府信息公开条例》编制。 1、基本情况 2023年，"
         "县政府政府信息公开工作规范化方面持续发力，公开平台更加完善，依申请公开更加规范，全年主动公开信息1215条。")
    for text, head in [(a, "一\u3000政府信息公开总体工作情况"), (b, "1、基本情况 ")]:
        r = RuleLabeler().label(text)
        seg = _segment_at(r, text, head)
        assert text[seg.start:seg.end] == head and (seg.section, seg.role) == ("s1", "heading"), (head, seg)
        assert section_at(r, text, "全年主动公开") == "s1"
    c = ("六、其他需要报告的事项 1.信息处理费收取情况 本年度未收取信息处理费。 2.建议提案办理结果公开情况 "
         "人大代表建议和政协委员提案答复情况均在门户网站集中公开，全年办理建议1件、提案13件，均已按时办结，"
         "办理结果均已按要求公开。")
    r = RuleLabeler().label("某厅2021年度政府信息公开工作年度报告\n一、总体情况\n正文。\n" + c)
    assert {s.section for s in r.segments if s.start >= r.text.index("六、") and s.role != "blank"} == {"s6"}


def test_cells_joined_by_two_spaces_are_cells_not_padded_rows():
    """A table flattened with two spaces between cells: the gaps are no former line breaks
    (the run stays one unit of its table, as realdev's flattened gold keeps it) and no row
    padding, so the next part's heading and its table end the first table."""
    text = ("某局2021年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况  第二十条第（八）项  信息内容  "
            "本年收费金额（单位：万元）  行政事业性收费  1844.86  三．收到和处理政府信息公开申请情况  "
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）  申请人情况  自然人\n")
    r = RuleLabeler().label(text)
    table = _segment_at(r, text, "信息内容")
    assert (table.role, table.section) == ("table_row", "s2")
    assert text[table.start:table.end].startswith("第二十条") and "1844.86" in text[table.start:table.end]
    head = _segment_at(r, text, "三．收到")
    assert (head.section, head.role) == ("s3", "heading")
    assert section_at(r, text, "申请人情况") == "s3"


@pytest.mark.parametrize("before", ["", "为客观记录2024年度政府信息公开工作总体情况，本局根据《条例》要求编制本报告。"])
def test_the_overview_title_without_its_number_opening_a_page(before):
    """总体情况 that lost 一、, at the start of a page opening or after its preamble, running
    into the overview: the part starts there; 工作总体情况， inside the preamble opens nothing."""
    text = (before + "总体情况2024年，我局紧扣年度重点任务，以公开推动落实、促规范、促服务，政府信息公开工作实现新进展。"
            "2024年，我局在县委、县政府的指导下认真推进政府信息公开工作，全年主动公开政府信息126条，其中政策文件8件，"
            "政策解读材料5篇，回应社会关切事项12件。")
    r = RuleLabeler().label(text)
    head = _segment_at(r, text, "总体情况2024")
    assert text[head.start:head.end] == "总体情况" and (head.section, head.role) == ("s1", "heading")
    assert section_at(r, text, "全年主动公开") == "s1"
    if before:
        assert section_at(r, text, "为客观记录") == "front"


def test_an_empty_last_field_takes_no_value_from_the_next_line():
    """发布日期：… 阅读次数： (a counter the crawler did not render) ends its panel; the next
    line is the report, not the field's value. A lone key (索引号：) does take the next line."""
    text = "\n".join(["[fetched] 2020-03-02T08:41:17+08:00", "发布日期：2022-01-26 信息来源：城东街道 阅读次数：",
                      "临江区城东街道办事处2021年度政府信息公开工作年度报告", "索引号：", "11330100/2022-00012",
                      "一、总体情况", "2021年，城东街道深入贯彻《条例》。"])
    r = RuleLabeler().label(text)
    roles = [s.role for s in r.segments if s.role != "blank"]
    assert roles[:5] == ["noise", "noise", "title", "noise", "noise"], roles


def test_table_values_end_a_title_and_a_clause_after_the_last_value_is_prose():
    """…四、结转下年度继续办理 0 0 0 … 行政复议 行政诉讼 结果…: a row label, not part 四 whose
    title runs over the values to 行政复议; and 主要问题有，… after the last table's values is
    prose that takes the next part (rule 6), not the table's."""
    text = ("某区2021年政府信息公开工作年度报告 一、总体情况 2021年，我区稳步推进政务公开工作。三、收到和处理政府信息公开申请情况 "
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 总计 一、本年新收政府信息公开申请数量 "
            "5 5 四、结转下年度继续办理 0 0 0 0 0 0 0 行政复议 行政诉讼 结果 维持 结果 纠正 其他 结果 尚未 审结 总计 "
            "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 主要问题有，一是公开内容还不够全面；二是解读形式较为单一。")
    r = RuleLabeler().label(text)
    assert section_at(r, text, "结转下年度继续办理") == "s3"
    assert section_at(r, text, "行政复议 行政诉讼") == "s4"
    assert section_at(r, text, "主要问题有") == "s5"


def test_a_pipe_joined_footer_with_pinyin_glosses_is_chrome():
    """A Traditional mirror page's footer run into the end of the last line, with a gloss."""
    text = ("某鎮2008年政府信息公開工作年度報告\n一、概述\n正文。\n提高工作水平。九、其他需要報告（gào）的事項紮實落實政（zhèng）務公開"
            "（kāi）要點,圍繞保障性住房任務,按期推進,各項任務按期完成。2009年2月7日網（wǎng）站地圖 | 聯繫我們 | 網站聲明分享到:【打印本頁】 【關閉窗口】")
    r = RuleLabeler().label(text)
    i = text.index("網（wǎng）站地圖")
    assert {s.section for s in r.segments if s.end > i and s.role != "blank"} == {"back"}


@pytest.mark.parametrize("sep", ["", " "])
def test_a_report_that_no_heading_divides_run_together_onto_one_line(sep):
    """Rule 6 on a flattened page: the preamble stays front matter, the overview starts with
    the first sentence after it, the problems with the first sentence naming them."""
    text = sep.join([
        "某省住房和城乡建设厅二〇一四年政府信息公开工作年度报告",
        "本报告由概述、主动公开政府信息情况、依申请公开政府信息情况等部分组成，统计期限自2014年1月1日起至12月31日止。",
        "对照年度政务公开目标任务，我厅细化工作任务，按期推进，各项任务全部完成。",
        "本年度累计主动公开信息41条，其中通过门户网站公开20条。",
        "存在的问题是：一是信息公开内容还不够全面，解读形式较为单一。",
        "下一步将进一步完善信息审核机制，保证公开内容规范。"])
    r = RuleLabeler().label(text)
    assert section_at(r, text, "本报告由") == "front"
    assert section_at(r, text, "对照年度") == "s1" and section_at(r, text, "累计主动公开") in ("s1", "s1.1")
    assert section_at(r, text, "存在的问题是") == "s5" and section_at(r, text, "下一步将") == "s5"


def test_problems_without_their_heading_after_the_review_part_a_catalogue_run_in_and_no_false_signature():
    """存在的问题是：… straight after part 四 with its heading lost opens 五 (rule 6); a
    catalogue line run into the page (七、政府信息公开年报6.6本报告…) is chrome; a short last
    piece of a page opening that names the agency inside a sentence is no signature."""
    a = ("某局2021年政府信息公开工作年度报告\n一、总体情况\n正文。\n四、政府信息公开行政复议、行政诉讼情况\n本年度无行政复议、行政诉讼。\n"
         "存在的问题是：信息公开深度有待加强，政策解读方式比较单一。\n下一步，我局将丰富解读形式。")
    r = RuleLabeler().label(a)
    assert section_at(r, a, "存在的问题是") == "s5" and section_at(r, a, "本年度无行政复议") == "s4"
    b = ("七、政府信息公开年报6.6本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、存在的主要问题及改进措施等部分组成。"
         "一、概述2012年，我镇认真贯彻落实《条例》，全年主动公开信息126条。")
    r = RuleLabeler().label(b)
    assert section_at(r, b, "七、政府信息公开年报") == "front" and section_at(r, b, "本报告由") == "front"
    c = "某乡2013年政府信息公开工作年度报告\n一、概述\n全年主动公开信息41条。\n：某乡政府按要求发布行政许可结果7条。某乡政府公开的政府"
    r = RuleLabeler().label(c)
    assert section_at(r, c, "：某乡政府按要求") == "s1"


@pytest.mark.parametrize("header", ["统计指标 单位 统计数", "指标名称 计量单位 数量"])
def test_an_old_statistics_table_under_either_header_run_together(header):
    """指标名称 计量单位 数量 heads the old statistics table as 统计指标 单位 统计数 does: its rows
    run together take the parts rule 5 gives them, and no row falls to s2 (an old report has none)."""
    text = ("某镇2012年政府信息公开工作年度报告 一、概述 2012年，我镇认真贯彻落实《条例》，全年主动公开信息86条。"
            "附表：某镇2012年度政府信息公开工作情况统计表 " + header + " 一、主动公开情况 （一）主动公开政府信息数 条 86 "
            "二、依申请公开情况 （一）收到申请数 件 2 三、行政复议数量 件 0 七、机构建设和保障经费情况 "
            "（一）政府信息公开工作专门机构数 个 1 （二）设置政府信息公开查阅点数 个 1 （三）从事政府信息公开工作人员数 人 1")
    r = RuleLabeler().label(text)
    assert r.format == "old" and "s2" not in {s.section for s in r.segments}
    assert section_at(r, text, "收到申请数") == "s3" and section_at(r, text, "专门机构数") == "s1.5"
