import json

import pytest

from gainlp.annotation import read_tsv
from gainlp.formats import detect_format
from gainlp.labels import top_section
from gainlp.normalize import match_form, normalize
from gainlp.report import find_problems
from gainlp.rules import RuleLabeler, VocabularyError, load_vocabulary
from gainlp.rules.headings import cn_value, heading_shape, parse_marker
from conftest import section_at


def labels(text, **kw):
    r = RuleLabeler(**kw).label(text)
    assert find_problems(r) == []
    return [(s.section, s.role) for s in r.segments], r


@pytest.mark.parametrize("line,kind,level,value,spaced", [
    ("一、总体情况", "cn_dun", 1, 1, False),
    ("十一、政府信息公开工作存在的主要问题", "cn_dun", 1, 11, False),
    ("（三）政府信息管理", "cn_paren", 2, 3, False),
    ("(五)監督保障", "cn_paren", 2, 5, False),
    ("1、 概述", "arabic_dun", 3, 1, True),
    ("（5） 监督保障情况", "arabic_paren", 3, 5, True),
    ("3.进一步加强", "arabic_dot", 3, 3, False),
    ("①加强领导", "circled", 4, 1, False),
    ("第二部分 主动公开", "part", 1, 2, False),
    ("595.88万元", "none", 0, 0, False),
    ("一是健全组织", "none", 0, 0, False),
])
def test_markers(line, kind, level, value, spaced):
    m = parse_marker(line)
    assert (m.kind, m.level, m.value, m.spaced) == (kind, level, value, spaced)


def test_cn_numerals():
    assert [cn_value(x) for x in ("一", "十", "十一", "二十", "二十三")] == [1, 10, 11, 20, 23]


def test_heading_shapes():
    s = heading_shape("（一）主动公开。我局高度重视政府信息公开工作")
    assert s.run_in and not s.whole and s.title == "主动公开"
    assert heading_shape("（一）全年主动公开政府信息120条。").fact
    assert heading_shape("概 述").title == "概述"
    assert heading_shape("    五、存在的主要问题及改进情况").whole


def test_normalized_view_maps_back_to_original():
    raw = "[bookmark: _GoBack]（一）主動公開 政府"
    n = normalize(raw, drop_spaces=True)
    assert n.text == "(一)主动公开政府"
    a, b = n.span_to_original(3, 7)
    assert raw[a:b] == "主動公開"
    assert match_form("?????一、總體情況") == "一、总体情况"


STD = """某县商务局2021年政府信息公开工作年度报告

本报告依据《中华人民共和国政府信息公开条例》编制。
一、总体情况
2021年，我局认真贯彻《条例》。
（一）主动公开
全年公开信息若干条。
（二）依申请公开
未收到申请。
（三）加强队伍建设
加强培训。
二、主动公开政府信息情况
第二十条第（一）项 | |||
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | ||||||
一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
行政复议 | 行政诉讼 | |||
0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
下一步，我局将进一步完善工作机制。
六、其他需要报告的事项
无。
某县商务局
2022年1月20日"""


def test_standard_report_with_lost_headings_and_pipe_tables():
    got, r = labels(STD)
    assert r.format == "std2021"
    expect = {
        0: ("front", "title"), 2: ("front", "body"), 3: ("s1", "heading"), 5: ("s1.1", "heading"),
        7: ("s1.2", "heading"), 9: ("s1.5", "heading"), 11: ("s2", "heading"), 12: ("s2", "table_caption"),
        13: ("s2", "table_header"), 14: ("s2", "table_row"), 15: ("s3", "table_header"),
        16: ("s3", "table_row"), 17: ("s3", "table_row"), 18: ("s4", "table_header"),
        19: ("s4", "table_row"), 20: ("s5", "body"), 21: ("s6", "heading"), 22: ("s6", "body"),
        23: ("back", "body"), 24: ("back", "body"),
    }
    for i, want in expect.items():
        assert got[i] == want, (i, STD.split("\n")[i])


def test_top_level_numbered_with_parentheses():
    text = "（一）总体情况\n正文。\n（二）主动公开政府信息的情况\n说明。\n（三）收到和处理政府信息公开申请情况\n说明。"
    got, _ = labels(text)
    assert [g[0] for g in got] == ["s1", "s1", "s2", "s2", "s3", "s3"]


def test_damaged_word_numbering_and_old_parts():
    text = ("商务局2016年度政府信息公开报告\n1、 概述\n概述正文。\n二、政府信息公开的组织领导和制度建设情况\n正文。\n"
            "3、 发布解读回应、社会关切及互动交流情况\n正文。\n四、依申请公开政府信息情况\n正文。\n"
            "五、政府信息公开的收费及减免情况\n未收费。\n六、因政府信息公开申请行政复议、提起行政诉讼的情\n况\n无。\n"
            "七、政府信息公开保密审查情况\n正文。\n八、存在的主要问题及改进情况\n正文。")
    got, r = labels(text)
    assert r.format == "old"
    sections = [g[0] for g in got]
    assert sections == ["front", "s1", "s1", "s1.5", "s1.5", "s1.1", "s1.1", "s3", "s3", "s6", "s6",
                        "s4", "s4", "s4", "s1.3", "s1.3", "s5", "s5"]
    assert got[12] == ("s4", "heading")  # the wrapped second line of the heading


def test_subsection_topic_words_and_head_noun():
    text = "一、总体情况\n（一）主动公开政府信息的主要形式\n文。\n（二）做好相关保障工作\n加强培训考核，落实经费保障，培训人员。"
    got, _ = labels(text)
    assert got[1][0] == "s1.4"   # rule 14: 形式 is the head noun
    assert got[3][0] == "s1.5"   # no topic word in the title: the text decides


def test_tab_per_cell_table_and_old_statistics_rows():
    text = ("一、总体情况\n文。\n附件\n政府信息公开工作情况统计表\n\t统计指标\n\t单位\n\t统计数\n\n"
            "\t一、主动公开情况\n\t\n\t\n\n\t（一）主动公开政府信息数\n\t条\n\t12\n\n"
            "\t\u3000\u30001.政府网站公开政府信息数\n\t条\n\t10\n\n\t二、行政复议数量\n\t件\n\t0\n\n"
            "\t十二、依申请公开信息收取的费用\n\t万元\n\t0\n\n（注：各子栏目数总数要等于总栏目数量）")
    got, _ = labels(text)
    lines = text.split("\n")
    role = {lines[i].strip(): got[i] for i in range(len(lines)) if lines[i].strip()}
    assert role["附件"] == ("s6", "table_caption")
    assert role["统计指标"] == ("s6", "table_header")
    assert role["一、主动公开情况"] == ("s1.1", "table_row_header")
    assert role["（一）主动公开政府信息数"] == ("s1.1", "table_row_header")
    assert role["1.政府网站公开政府信息数"] == ("s1.4", "table_row_header")
    assert got[lines.index("\t10")] == ("s1.4", "table_cell")
    assert role["二、行政复议数量"] == ("s4", "table_row_header")
    assert role["十二、依申请公开信息收取的费用"] == ("s6", "table_row_header")
    assert role["（注：各子栏目数总数要等于总栏目数量）"] == ("s6", "table_note")


def test_pdf_cell_per_line_table_with_wrapped_pieces_and_page_numbers():
    text = ("三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，\n\n申请人情况\n\n"
            "等于第三项加第四项之和）\n\n（三）不\n\n予公开\n\n- 4 -\n\n商 业 企\n\n业\n\n3\n\n0\n\n"
            "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n结 果\n维持\n0\n五、存在的主要问题及改进情况\n问题。")
    got, _ = labels(text)
    nonblank = [(ln, g) for ln, g in zip(text.split("\n"), got) if ln.strip()]
    assert nonblank == [
        ("三、收到和处理政府信息公开申请情况", ("s3", "heading")),
        ("（本列数据的勾稽关系为：第一项加第二项之和，", ("s3", "table_note")),
        ("申请人情况", ("s3", "table_header")),
        ("等于第三项加第四项之和）", ("s3", "table_note")),
        ("（三）不", ("s3", "table_row_header")),
        ("予公开", ("s3", "table_row_header")),
        ("- 4 -", ("s3", "noise")),
        ("商 业 企", ("s3", "table_header")),
        ("业", ("s3", "table_header")),
        ("3", ("s3", "table_cell")),
        ("0", ("s3", "table_cell")),
        ("四、政府信息公开行政复议、行政诉讼情况", ("s4", "heading")),
        ("行政复议", ("s4", "table_header")),
        ("结 果", ("s4", "table_header")),
        ("维持", ("s4", "table_header")),
        ("0", ("s4", "table_cell")),
        ("五、存在的主要问题及改进情况", ("s5", "heading")),
        ("问题。", ("s5", "body")),
    ]


def test_flattened_report_is_split_into_segments():
    text = ("一、总体情况 2021年我局认真落实条例要求，全面推进政务公开各项工作，取得积极成效。（一）主动公开 全年主动公开信息120条，"
            "涵盖机构职能、政策文件和财政信息。 二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年制发件数 规章 0 "
            "三、收到和处理政府信息公开申请情况 本年度未收到申请。 五、存在的主要问题及改进情况 公开内容还不够丰富。")
    r = RuleLabeler().label(text)
    assert find_problems(r) == [] and len(r.segments) > 5
    def section_at(snippet):
        i = text.index(snippet)
        return next(s.section for s in r.segments if s.start <= i < s.end)
    assert top_section(section_at("取得积极成效")) == "s1"
    assert section_at("全年主动公开信息120条") == "s1.1"
    assert section_at("本年制发件数") == "s2"
    assert section_at("本年度未收到申请") == "s3"
    assert section_at("公开内容还不够丰富") == "s5"


def test_a_long_paragraph_with_inline_numbering_stays_one_segment():
    text = "一、总体情况\n" + "我局高度重视。（一）加强组织领导，明确工作责任。" * 12
    r = RuleLabeler().label(text)
    assert len(r.segments) == 2


def test_traditional_chinese_headings():
    got, _ = labels("一、總體情況\n正文。\n(四)平臺建設\n正文。\n五、存在的主要問題及改進情況\n正文。")
    assert [g[0] for g in got] == ["s1", "s1", "s1.4", "s1.4", "s5", "s5"]


def test_format_detection():
    assert detect_format("第二十条第（一）项\n本年制发件数") == "std2021"
    assert detect_format("第二十条第（一）项\n本年新制作数量\n上一年项目数量") == "std2019"
    assert detect_format("2015年政府信息公开工作年度报告\n一、概述\n四、政府信息公开的收费及减免情况") == "old"
    assert detect_format("随便一段文字") == "unknown"
    # a 2019 table's row label named once in the prose of a 2009 report does not make it standard
    assert detect_format("某镇2009年政府信息公开工作年度报告\n一、概述\n重点公开了政府集中采购等信息。") == "old"
    assert detect_format("某局2018年政府信息公开工作年度报告\n第二十条第（一）项\n本年新制作数量") == "std2019"
    # the title's year, not the page's publication date above it; years in Chinese numerals
    assert detect_format("发布时间：2019年01月15日\n某局2018年政府信息公开工作年度报告\n一、概述\n正文。") == "old"
    assert detect_format("某镇二〇一〇年政府信息公开工作年度报告\n一、主动公开政府信息情况") == "old"
    assert detect_format("2021年1月20日\n某局政府信息公开工作年度报告（2020年度）\n一、总体情况") == "std2019"


def test_old_staff_and_spending_part_is_supervision_not_fees():
    """Rule 15: 工作人员, 经费, 支出 → s1.5, whatever 费用 the title also names."""
    text = ("某镇2011年政府信息公开工作年度报告\n一、概述\n正文。\n二、工作人员和费用支出情况\n专职1名。\n"
            "三、人员、经费和收费情况\n兼职4名。\n四、政府信息公开的收费及减免情况\n未收费。")
    got, _ = labels(text)
    assert [g[0] for g in got] == ["front", "s1", "s1", "s1.5", "s1.5", "s1.5", "s1.5", "s6", "s6"]


def test_subheading_without_topic_keeps_its_old_parts_subsection():
    text = ("某镇2009年度政府信息公开工作报告\n一、概述\n正文。\n二、主动公开政府信息情况\n（一）公开数量\n"
            "全年共主动公开政府信息185条。\n（二）公开形式\n通过门户网站公开。\n三、依申请公开政府信息情况\n收到申请2件。")
    got, _ = labels(text)
    assert [g[0] for g in got][3:8] == ["s1.1", "s1.1", "s1.1", "s1.4", "s1.4"]


def test_a_preamble_naming_the_report_is_not_its_title():
    got, _ = labels("某镇2009年政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》要求，"
                    "现公布本镇2009年度政府信息公开工作年度报告。\n一、概述\n正文。")
    assert got[:2] == [("front", "title"), ("front", "body")]


def test_user_alias_file_adds_a_heading_without_code(tmp_path):
    data = json.loads(load_vocabulary().__class__.__module__ and
                      __import__("importlib.resources").resources.files("gainlp.data")
                      .joinpath("aliases.json").read_text("utf-8"))
    text = "一、总体情况\n正文。\n二、阳光政务专项行动\n正文。"
    assert labels(text)[0][2][0] != "s5"
    data["part_headings"]["entries"].insert(1, {"std": "s5", "patterns": ["阳光政务专项行动"]})
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    got, _ = labels(text, aliases=str(path))
    assert got[2] == ("s5", "heading")


def test_bad_alias_file_is_a_clear_error(tmp_path):
    path = tmp_path / "aliases.json"
    path.write_text('{"version": "x"}', encoding="utf-8")
    with pytest.raises(VocabularyError, match="lacks the key"):
        RuleLabeler(aliases=str(path))


def test_rules_on_gold_seeds(gold_files):
    right = total = 0
    for f in gold_files:
        g = read_tsv(f)
        p = RuleLabeler().label(g.text)
        assert p.format == g.format, f
        for (gs, gr), (ps, pr) in zip(g.line_labels(), p.line_labels()):
            if gr == "blank":
                continue
            total += 1
            right += (gs, gr) == (ps, pr)
    assert right / total >= 0.97


def _sections(text: str) -> list[tuple[str, str]]:
    r = RuleLabeler(cuts=None).label(text)
    return [(s.section, r.text[s.start:s.end]) for s in r.segments if r.text[s.start:s.end].strip()]


def test_report_that_no_heading_divides_takes_its_parts_from_first_sentences():
    text = ("无障碍浏览\n兴安乡2012年政府信息公开工作报告\n发布日期：2013-01-05  点击数：\n"
            "本报告根据《中华人民共和国政府信息公开条例》编制，统计期限为2012年1月1日至12月31日。\n"
            "乡政府高度重视政府信息公开工作，由分管领导负责，配备工作人员1名，保证了工作的顺利开展。\n"
            "全年共主动公开政府信息48条，其中通过网站公开30条。\n"
            "工作虽取得一定成效，但仍存在一些不足，公开内容还不够全面。\n")
    got = _sections(text)
    assert [s for s, _ in got] == ["front", "front", "front", "front", "s1", "s1.1", "s5"]


def test_pdf_wrapped_paragraphs_without_headings_keep_one_section():
    text = ("青林镇2013年政府信息公开工作年度报告\n\n2013 年，镇政府按照上级部署，\n\n健全工作机制，拓展公开内容。\n\n"
            "全年累计主动公开政府信息 96 条，内容\n\n涵盖政策文件、财政预决算等。\n")
    assert [s for s, _ in _sections(text)] == ["front", "s1", "s1", "s1.1", "s1.1"]


def test_text_before_the_first_heading_stays_front_matter():
    # the same paragraph as above is the preamble when a heading opens the body after it
    text = ("兴安乡2012年政府信息公开工作报告\n"
            "乡政府高度重视政府信息公开工作，由分管领导负责，配备工作人员1名，保证了工作的顺利开展。\n"
            "一、概述\n全年共主动公开政府信息48条。\n")
    assert [s for s, _ in _sections(text)][:2] == ["front", "front"]


@pytest.mark.parametrize("sep", ["\n", "  "])
def test_a_part_title_wrapped_before_its_last_word_takes_the_joined_titles_part(sep):
    """一. 政府信息公开总体工作 / 情况: a wrap (a new line, or a gap of spaces in a joined
    page) before the title's last word; the title and its second half name the part."""
    text = ("某局2015年政府信息公开工作年度报告\n一. 政府信息公开总体工作" + sep + "情况" + sep
            + "2015年，本局完善工作机制，丰富公开渠道。\n二、主动公开政府信息情况\n全年主动公开信息20条。")
    r = RuleLabeler().label(text)
    assert r.format == "old"
    i = text.index("2015年，本局")
    assert next(s.section for s in r.segments if s.start <= i < s.end) == "s1"


def test_damaged_numbering_going_on_and_a_report_signed_above_its_attached_table():
    """一 、概述 then its first wrapped line (a PDF line ending in ，); 8、 for 八、 after 七、,
    run into its text: parts. The signature and date above the attached table are back
    matter; the table's rows keep their parts (rule 5)."""
    text = "\n".join([
        "某乡2016年政府信息公开工作年度报告",
        "一 、概述 2016年，某乡按照县委、县政府的统一部署，",
        "认真贯彻落实《条例》，扎实推进各项工作。",
        "二、主动公开政府信息情况", "全年主动公开信息75条。",
        "三、依申请公开政府信息情况", "全年收到申请6件。",
        "七、存在的主要问题和改进措施", "公开深度不够。",
        "8、政府信息公开的收费及减免情况本年度未向申请人收取任何费用。",
        "某乡人民政府", "2017年3月28日",
        "附件", "填报单位（盖章）：某乡人民政府", "统 计 指 标\t单位\t统计数",
        "一、主动公开情况\t\t", "（一）主动公开政府信息数\t条\t75",
    ])
    got, r = labels(text)
    by_line = {text.split("\n")[s.line]: s.section for s in r.segments if s.role != "blank"}
    assert by_line["认真贯彻落实《条例》，扎实推进各项工作。"] == "s1"
    assert section_at(r, text, "本年度未向申请人收取") == "s6"
    assert by_line["某乡人民政府"] == "back" and by_line["2017年3月28日"] == "back"
    assert by_line["填报单位（盖章）：某乡人民政府"] == "s6"
    assert by_line["（一）主动公开政府信息数\t条\t75"] == "s1.1"


def _by_text(report, text):
    """{segment text: (section, role)} of a labeled report."""
    return {text[s.start:s.end].strip(): (s.section, s.role) for s in report.segments if s.role != "blank"}


@pytest.mark.parametrize("sep", ["\n", " "])
def test_an_arabic_part_number_continuing_the_count_of_chinese_ones(sep):
    """三、 then 4.政府信息公开的收费及减免情况 (四、 damaged) then 五、: a part, on lines and on a
    page joined with spaces; 4. after a part's own 1. 2. 3. items stays an item."""
    parts = ["某镇2012年政府信息公开工作年度报告", "一、概述", "2012年，我镇认真贯彻落实《条例》，工作有序推进。",
             "二、主动公开政府信息情况", "全年主动公开政府信息94条。",
             "三、依申请公开政府信息情况", "全年受理申请3件，均已按时答复。",
             "4.政府信息公开的收费及减免情况", "2012年，我镇未收取任何费用。",
             "五、因政府信息公开申请行政复议、提起行政诉讼的情况", "未发生行政复议和行政诉讼。"]
    text = sep.join(parts)
    r = RuleLabeler().label(text)
    assert section_at(r, text, "我镇未收取任何费用") == "s6"
    assert section_at(r, text, "未发生行政复议") == "s4"
    items = " ".join(parts[:5] + ["三、依申请公开政府信息情况", "1.受理情况 全年受理申请3件。", "2.答复情况 均已按时答复。",
                                  "3.办理时限 均在法定期限内办结。", "4.政府信息公开的收费及减免情况 本年度共收取费用0元。"])
    r = RuleLabeler().label(items)
    assert section_at(r, items, "本年度共收取费用") == "s3"


def test_page_buttons_before_a_footer_and_a_links_list_are_back_matter():
    """…按规定公开。打印 关闭上一篇：… on a flattened page, and 相关链接： with a list of agencies
    after the signature of a page kept in lines: back noise; the signature is back body."""
    flat = ("某县人民政府2022年政府信息公开工作年度报告 一、总体情况 2022年，全县政务公开工作稳步推进，公开质效持续提升。"
            "六、其他需要报告的事项 本年度全县未收取信息处理费，办理复文按规定公开。打印 关闭上一篇：某县2022年法治政府建设情况报告"
            "下一篇：某县人民政府2021年政府信息公开工作年度报告")
    r = RuleLabeler().label(flat)
    got = _by_text(r, flat)
    assert got["打印 关闭"] == ("back", "noise")
    assert got["上一篇：某县2022年法治政府建设情况报告下一篇：某县人民政府2021年政府信息公开工作年度报告"] == ("back", "noise")
    assert section_at(r, flat, "办理复文按规定公开") == "s6"
    lines = "\n".join([
        "某县交通运输局2019年政府信息公开工作年度报告", "一、总体情况", "2019年，我局认真贯彻落实新修订的《条例》。",
        "六、其他需要报告的事项", "本年度我局无其他需要报告的事项。", "某县交通运输局", "2020年1月20日",
        "【打印本页】 【关闭窗口】", "上一篇：某县交通运输局2019年度部门决算公开", "相关链接：",
        "某县人民政府办公室  县发展和改革局  县财政局", "版权所有：某县人民政府办公室"])
    got = _by_text(RuleLabeler().label(lines), lines)
    assert got["某县交通运输局"] == ("back", "body") and got["2020年1月20日"] == ("back", "body")
    assert got["相关链接："] == ("back", "noise")
    assert got["本年度我局无其他需要报告的事项。"][0] == "s6"


def test_a_site_name_and_a_catalogue_category_above_the_title_are_chrome():
    """A site's name, or the category repeating the breadcrumb's last step, above the title with
    page chrome between: noise. A title wrapped over two adjacent lines stays a title."""
    text = "\n".join([
        "临溪区人民政府", "首页 > 政府信息公开 > 政府信息公开年报", "政府信息公开年报", "索引号：113501030031256789/2025-00006",
        "发布机构：临溪区桂湾街道办事处", "临溪区桂湾街道办事处2024年政府信息公开", "工作年度报告",
        "一、总体情况", "2024年，街道认真贯彻落实《条例》，推进政务公开。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got["临溪区人民政府"] == ("front", "noise")
    assert got["政府信息公开年报"] == ("front", "noise")
    assert got["临溪区桂湾街道办事处2024年政府信息公开"] == ("front", "title")
    assert got["工作年度报告"] == ("front", "title")
    wrapped = "\n".join(["临溪区桂湾街道办事处", "2024年政府信息公开工作年度报告", "一、总体情况", "2024年，街道推进政务公开。"])
    got = _by_text(RuleLabeler().label(wrapped), wrapped)
    assert got["临溪区桂湾街道办事处"] == ("front", "title")


@pytest.mark.parametrize("line", ["首页 | 政务公开 | 政务服务 | 互动交流 | 走进岚泉",
                                  "临江市统计局 网站首页 | 机构概况 | 统计数据 | 统计分析 | 政府信息公开",
                                  "澳門新葡京 | 首頁 | 政務公開 | 街道辦事處 | 信息公開年報"])
def test_a_site_menu_in_a_pipe_row_is_chrome(line):
    assert load_vocabulary().is_chrome(line)


@pytest.mark.parametrize("line", ["| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
                                  "| 规章 | 0 | 0 | 3 |", "首页 | 政务公开"])
def test_a_table_row_in_pipes_is_not_a_menu(line):
    assert not load_vocabulary().is_chrome(line)


def test_headings_of_two_short_phrases():
    """（一）加强组织领导，压实公开责任 (numbered, or alone on its line without a number) is a
    heading whose first topic decides (rules 9, 16); a numbered clause of prose is not."""
    assert heading_shape("（一）加强组织领导，压实公开责任").whole
    assert not heading_shape("（二）依申请公开，我局今年严格按照规定办理").whole
    text = "\n".join(["某县交通运输局2019年政府信息公开工作年度报告", "一、总体情况", "2019年，我局认真贯彻落实《条例》。",
                      "（一）加强组织领导，压实公开责任", "局党组多次研究部署政务公开工作。",
                      "聚焦重点领域，做好主动公开", "全年公开各类信息120条。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got["（一）加强组织领导，压实公开责任"] == ("s1.5", "heading")
    assert got["聚焦重点领域，做好主动公开"] == ("s1.1", "heading")
    assert got["全年公开各类信息120条。"] == ("s1.1", "body")


def test_table_words_in_prose_open_no_table_and_consultation_rows_are_s1_2():
    """统计指标解释 in a statistics bureau's prose opens no old table (its parts' items are still
    cut); an old table's 咨询 block counts consultations: s1.2 (rule 15)."""
    text = ("某市统计局2014年政府信息公开工作年度报告 一、概述 2014年，我局推进统计信息公开。 三、咨询处理情况 "
            "2014年，我局接受咨询1846人次，咨询内容主要是统计指标解释、数据查询路径等。 五、人员和经费情况"
            "（一）工作人员情况我局从事政府信息公开工作的人员共3名。 （二）收费及减免情况我局向申请人提供政府信息，均未收取费用。"
            "六、存在的问题和改进措施 一是人员不足。 附表：某市统计局2014年政府信息公开情况统计表 指标名称计量单位数量"
            "一、主动公开情况主动公开政府信息数条326 二、依申请公开情况申请总数件9 三、咨询情况咨询总数人次1846"
            "其中：电话咨询人次1273现场咨询人次391 四、行政复议数件0")
    r = RuleLabeler().label(text)
    assert section_at(r, text, "均未收取费用") == "s6"
    assert section_at(r, text, "咨询总数人次1846") == "s1.2"
    assert section_at(r, text, "电话咨询人次1273") == "s1.2"
    assert section_at(r, text, "申请总数件9") == "s3"


@pytest.mark.parametrize("sep", ["\n", "", " "])
def test_a_part_that_lost_its_numeral_between_two_numbered_parts(sep):
    """一、… then 依申请公开政府信息情况 with no numeral, run into its text on a flattened page,
    then 三、: the count skips 二, so the bare title is that part (s3), not a subsection."""
    text = sep.join(["某市统计局2014年政府信息公开工作年度报告", "一、主动公开政府信息情况",
                     "2014年，我局主动公开政府信息326条，其中统计数据类信息198条。",
                     "依申请公开政府信息情况", "全年共受理政府信息公开申请9件，均已按时答复。",
                     "三、咨询处理情况", "2014年，我局共接受统计信息咨询1846人次。",
                     "四、行政复议和行政诉讼情况", "2014年，我局未发生行政复议和行政诉讼案件。"])
    r = RuleLabeler().label(text)
    assert section_at(r, text, "全年共受理政府信息公开申请9件") == "s3"
    assert section_at(r, text, "接受统计信息咨询") == "s1.2"
    assert section_at(r, text, "其中统计数据类信息") == "s1.1"


def test_text_after_a_standard_table_whose_heading_was_lost_takes_the_next_part():
    """…四、结转下年度继续办理1000001 then 2021年，我局被申请行政复议1件… with 四's heading
    lost (the year runs into the last value): 复议 text after the applications table is s4,
    and the T4 run after it too (rule 6)."""
    text = ("某局2021年政府信息公开工作年度报告一、总体情况2021年，我局推进政务公开。三、收到和处理政府信息公开申请情况"
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计"
            "商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量1430010"
            "四、结转下年度继续办理10000012021年，我局因政府信息公开被申请行政复议1件，复议机关维持原答复。"
            "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计1000100000000000"
            "五、存在的主要问题及改进情况一是解读不够深入。")
    r = RuleLabeler().label(text)
    assert section_at(r, text, "我局因政府信息公开被申请行政复议") == "s4"
    assert section_at(r, text, "本年新收政府信息公开申请数量") == "s3"
    assert section_at(r, text, "一是解读不够深入") == "s5"


def test_a_signature_above_an_attached_table_inside_a_flattened_line_and_a_footer_after_its_note():
    """…无。某局 2018年3月16日附件 …统计表统计指标… on one line: the signature is back matter,
    the table keeps its sections; 35注：…。 is the table's note; 【打印此页】 and 相关文章：… after
    it are the page's footer (back noise)."""
    text = ("某县住房和城乡建设局2017年政府信息公开工作年度报告 一、概述 2017年，我局推进政府信息公开工作。"
            "九、其他需要报告的事项 无。某县住房和城乡建设局 2018年3月16日附件 某县住房和城乡建设局2017年政府信息公开情况统计表"
            "统计指标 单位统计数一、主动公开情况 （一）主动公开政府信息数 条 214 九、政府信息公开会议和培训情况"
            "（一）召开政府信息公开工作会议或专题会议数 次 2 （二）接受培训人员数人次 35注：各子栏目数总数要等于总栏目数量。"
            "【打印此页】【关闭窗口】  相关文章： 某县住房和城乡建设局2016年政府信息公开工作年度报告 某县人民政府2017年政府信息公开工作年度报告  "
            "网站标识码：3713270008")
    r = RuleLabeler().label(text)
    got = _by_text(r, text)
    assert got["某县住房和城乡建设局 2018年3月16日"] == ("back", "body")
    assert section_at(r, text, "主动公开政府信息数 条 214") == "s1.1"
    assert got["注：各子栏目数总数要等于总栏目数量。"] == ("s6", "table_note")
    assert section_at(r, text, "接受培训人员数人次 35") == "s1.5"
    footer = [(s.section, s.role) for s in r.segments if s.start >= text.index("【打印此页】")]
    assert footer and all(sec_role == ("back", "noise") for sec_role in footer)


@pytest.mark.parametrize("line", ["【来源】http://www.example.gov.cn/xxgk/t20180320_2.html", "【抓取时间】2019-04-02 14:07:33",
                                  "某市人民政府门户网站 无障碍 | 长者模式 | English 请输入关键词 搜索"])
def test_bracketed_crawler_keys_and_a_site_header_are_chrome(line):
    assert load_vocabulary().is_chrome(line)


def test_a_standard_table_spaced_into_cells_and_rows_stays_one_unit_of_its_part():
    """The 第二十条 and applications tables run together with one or two spaces between cells
    and rows: no former line breaks inside them, so the applications rows stay in s3, none
    falls back to the table before (the row labels 四、结转… and （一）予以公开 are no headings)."""
    text = ("某局2023年政府信息公开工作年度报告 一、总体情况 2023年，我局推进政务公开。 二、主动公开政府信息情况 "
            "第二十条第（一）项信息内容  本年制发件数本年废止件数 现行有效件数 规章  0 0 0行政规范性文件  4 2 17  "
            "三、收到和处理政府信息公开申请情况  "
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 法人或其他组织 总计  "
            "商业企业科研机构社会公益组织法律服务机构 其他 一、本年新收政府信息公开申请数量92  0 01  0 12二、上年结转政府信息公开申请数量 0 0 00 0 0  "
            "0 三、本年度办理结果 （一）予以公开 4 10  000 5  （七）总计92  0 0 1 0 12  四、结转下年度继续办理  0000000"
            "四、政府信息公开行政复议、行政诉讼情况 行政复议 行政诉讼 结果维持 0 0 0")
    r = RuleLabeler().label(text)
    for snippet in ("上年结转政府信息公开申请数量", "（一）予以公开", "（七）总计92", "四、结转下年度继续办理"):
        assert section_at(r, text, snippet) == "s3", snippet
    assert section_at(r, text, "行政复议 行政诉讼 结果维持") == "s4"


def test_a_spaced_bare_overview_title_after_the_preamble_and_site_lines_with_an_address():
    """…请与某镇党政综合办公室联系。概 述2018年，… (一、 lost, the title spaced): the overview
    opens there; a site's name with its web address above the page, and a crawler's
    ``content:`` key, are chrome."""
    text = ("某县某镇2018年政府信息公开工作年度报告本报告根据《条例》编制。如对本报告有疑问，请与某镇党政综合办公室联系。"
            "概 述2018年，某镇在县委、县政府的正确领导下，认真贯彻落实《条例》，坚持以公开为常态、不公开为例外。"
            "二、主动公开政府信息情况全年主动公开政府信息86条。")
    r = RuleLabeler().label(text)
    assert section_at(r, text, "在县委、县政府的正确领导下") == "s1"
    assert section_at(r, text, "请与某镇党政综合办公室联系") == "front"
    vocab = load_vocabulary()
    assert vocab.is_chrome("某市某区人民政府 www.hytx.gov.cn") and vocab.is_chrome("content:")
    assert not vocab.is_chrome("详见市政府网站www.hytx.gov.cn")


def test_parts_with_titles_of_their_own_where_one_is_numbered_in_arabic():
    """一、… 二、… 3、严格审核把关，确保信息安全… 四、坚持便民原则，不收取任何费用… run together:
    3、 continues the count of parts (a part, by its topic s1.3); 四、 is about fees (s6).
    Inside a part, 1. 2. 3. items stay items."""
    text = ("某县水利局2013年政府信息公开工作年度报告根据《条例》要求，特公布本报告。一、加强组织领导，健全工作机制我局成立了政府信息公开工作领导小组。"
            "二、突出公开重点，拓宽公开渠道全年主动公开信息120条。1.围绕民生做好公开。2.及时更新网站栏目。3.做好查阅服务。"
            "3、严格审核把关，确保信息安全坚持“先审查、后公开”的原则，全年未发生失泄密事件。"
            "四、坚持便民原则，不收取任何费用我局未收取检索、复制、邮寄等任何费用。")
    r = RuleLabeler().label(text)
    assert section_at(r, text, "坚持“先审查、后公开”") == "s1.3"
    assert section_at(r, text, "未收取检索、复制") == "s6"
    assert section_at(r, text, "做好查阅服务") == section_at(r, text, "全年主动公开信息120条")


def test_a_running_header_and_a_signature_above_a_table_after_a_page_break():
    """A PDF's running header (the title again, or its end) on each page is noise; the
    signature dated in Chinese numerals above the attached table, with a page number and
    the header between, is back matter; a stand-alone 举报投诉 part is s1.5."""
    text = "\n".join([
        "某市某区某街道办事处", "2012年政府信息公开工作年度报告", "一、概述", "2012年，街道认真贯彻落实《条例》。",
        "- 1 -", "某区某街道办事处2012年政府信息公开工作年度报告", "二、主动公开政府信息情况", "全年主动公开信息80条。",
        "三、政府信息公开举报投诉处理情况", "全年收到举报投诉1件，已核查处理。",
        "某区某街道办事处", "二〇一三年三月十八日", "- 2 -", "某区某街道办事处2012年政府信息公开工作年度报告",
        "附件", "统计指标\t单位\t统计数", "一、主动公开情况\t\t", "（一）主动公开政府信息数\t条\t80"])
    got = _by_text(RuleLabeler().label(text), text)
    assert [v for k, v in got.items() if k == "某区某街道办事处2012年政府信息公开工作年度报告"] == [("back", "noise")]
    r = RuleLabeler().label(text)
    lines = text.split("\n")
    by_line = [(lines[s.line], s.section, s.role) for s in r.segments if s.role != "blank"]
    assert ("某区某街道办事处2012年政府信息公开工作年度报告", "s1", "noise") in by_line
    assert ("二〇一三年三月十八日", "back", "body") in by_line and ("- 2 -", "back", "noise") in by_line
    assert section_at(r, text, "全年收到举报投诉1件") == "s1.5"
    assert section_at(r, text, "（一）主动公开政府信息数") == "s1.1"


@pytest.mark.parametrize("opening", ["引 言", "前言", "引言"])
def test_an_opening_heading_run_into_the_preamble(opening):
    """引 言本报告是根据…: the opening heading (front) is cut off its preamble and is a heading."""
    text = "\n".join(["某区人力资源和社会保障局2011年政府信息公开工作年度报告",
                      opening + "本报告是根据《中华人民共和国政府信息公开条例》和《某市政府信息公开规定》的要求，由本局编制的"
                      "2011年度政府信息公开工作年度报告。全文包括概述、主动公开政府信息情况、依申请公开政府信息情况等内容。",
                      "一、概述", "2011年，本局按照区委、区政府的部署推进政务公开。"])
    r = RuleLabeler().label(text)
    head = next(s for s in r.segments if text[s.start:s.end].strip() == opening)
    assert (head.section, head.role) == ("front", "heading")
    assert load_vocabulary().is_chrome("encoding: utf-8")


def test_the_problems_part_without_a_numeral_after_the_last_part_and_a_page_that_is_not_the_last():
    """…四、坚持便民原则，不收取任何费用… 。存在的不足和下一步打算一年来，… on one line: the problems
    part lost its numeral after the last part (s5). A first page closing with 第1页 共4页 is
    not the report's end: the page mark stays in its part, not back matter."""
    text = ("某县水利局2013年政府信息公开工作年度报告根据《条例》要求，特公布本报告。一、加强组织领导，健全工作机制我局成立了领导小组。"
            "二、突出公开重点，拓宽公开渠道全年主动公开信息120条。三、严格审核把关，确保信息安全全年未发生失泄密事件。"
            "四、坚持便民原则，不收取任何费用我局未收取任何费用。存在的不足和下一步打算一年来，我局工作仍有不足：一是公开内容不够全面。")
    r = RuleLabeler().label(text)
    assert section_at(r, text, "我局工作仍有不足") == "s5" and section_at(r, text, "我局未收取任何费用") == "s6"
    page = "\n".join(["某乡2009年政府信息公开工作年度报告", "一、概述", "2009年，我乡认真贯彻落实《条例》，", "推进政务公开。",
                      "第1页 共4页"])
    got = _by_text(RuleLabeler().label(page), page)
    assert got["第1页 共4页"] == ("s1", "noise")
    last = page.replace("第1页 共4页", "第4页 共4页")
    assert _by_text(RuleLabeler().label(last), last)["第4页 共4页"] == ("back", "noise")


def test_an_old_part_whose_title_names_nothing_takes_the_applications_part_from_its_text():
    """四、某某娱乐办理情况 (a mirror site's name in place of 依申请公开) on a flattened page of an
    old report: a title that names nothing, whose text is about applications, is the
    applications part (s3), not rule 15's s6; the 咨询 part before it stays s1.2."""
    text = "".join(["某区人社局2011年政府信息公开工作年度报告", "一、概述", "2011年，本局推进政务公开。",
                    "二、主动公开政府信息情况", "全年主动公开政府信息86条。",
                    "三、政府信息公开咨询处理情况", "全年接受咨询320人次。",
                    "四、博奥娱乐办理情况", "2011年，本局共受理政府信息公开申请11件，申请内容主要涉及养老金调整，所有申请均按期答复。",
                    "五、政府信息公开的收费及减免情况", "本局未收取任何费用。"])
    r = RuleLabeler().label(text)
    assert section_at(r, text, "共受理政府信息公开申请11件") == "s3"
    assert section_at(r, text, "全年接受咨询320人次") == "s1.2"


def test_the_review_table_header_wrapped_over_two_pdf_lines():
    """结果维持 / 结果纠正 / 其他结果 / 尚未审结 wrapped by a PDF into 结果 结果 其他 尚未 总计 and
    维持 纠正 结果 审结: the header lines and the data row under them stay in s4."""
    text = "\n".join([
        "某县2021年政府信息公开工作年度报告", "一、总体情况", "2021年，我县推进政务公开。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 行政诉讼",
        "结果 结果 其他 尚未 总计 未经复议直接起诉 复议后起诉",
        "维持 纠正 结果 审结 结果 结果 其他 尚未 总计 结果 结果 其他 尚未 总计",
        "维持 纠正 结果 审结 维持 纠正 结果 审结",
        "1 0 0 1 2 1 0 0 0 1 0 0 0 0 0",
        "五、存在的主要问题及改进情况", "一是解读不够深入。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got["维持 纠正 结果 审结 维持 纠正 结果 审结"] == ("s4", "table_header")
    assert got["1 0 0 1 2 1 0 0 0 1 0 0 0 0 0"][0] == "s4"


def test_a_review_table_header_wrapped_inside_its_columns():
    """A PDF layout wraps each header cell inside its column (结果 结果纠 其他结 尚未审 总计 /
    维持 正 果 结): every line of that header is the s4 table's header, not prose."""
    text = "\n".join([
        "某县2021年政府信息公开工作年度报告", "一、总体情况", "2021年，我县推进政务公开。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议    行政诉讼",
        "结果  结果纠  其他结  尚未审  总计  未经复议直接起诉  复议后起诉",
        "维持  正  果  结",
        "0  1  0  0  1  0  0  0  0  0  0  0  0  0  0",
        "五、存在的主要问题及改进情况", "一是解读不够深入。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got["结果  结果纠  其他结  尚未审  总计  未经复议直接起诉  复议后起诉"] == ("s4", "table_header")
    assert got["维持  正  果  结"] == ("s4", "table_header")


def test_pipe_row_page_debris_and_a_title_in_a_pipe_row_open_no_table():
    """A mirror's page above the report: an image's markdown residue and a panel in pipe rows,
    then the title in a pipe cell: front noise and front title, no s2 table."""
    text = "\n".join(["![]() |", "|", "索引号: | /2015-00012 | 公开方式: | 主动公开 |", "发布单位: | 某某镇 |",
                      "某某镇2009年政府信息公开工作年报 |",
                      "2009年，我镇政府信息公开工作按照条例要求扎实推进。", "一、政府信息主动公开情况 ", "全年主动公开信息60条。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got["![]() |"] == ("front", "noise")
    assert got["索引号: | /2015-00012 | 公开方式: | 主动公开 |"] == ("front", "noise")
    assert got["某某镇2009年政府信息公开工作年报 |"] == ("front", "title")


@pytest.mark.parametrize("title", ["下一步工作计划", "今后工作打算", "2012年工作思路"])
def test_an_old_part_on_next_steps_alone_is_s5(title):
    text = "\n".join(["某街道2011年政府信息公开工作年度报告", "一、概述", "2011年，我街道推进政务公开。",
                      "二、主动公开政府信息情况", "全年主动公开信息42条。", f"三、{title}", "（一）加强组织领导。我街道将健全机构。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got[f"三、{title}"] == ("s5", "heading")
    assert got["（一）加强组织领导。我街道将健全机构。"][0] == "s5"


def test_attachments_and_the_catalogue_label_under_the_last_part_are_back_matter():
    text = "\n".join(["某镇2010年政府信息公开工作年度报告", "一、概述", "2010年我镇推进政务公开。",
                      "五、复议、诉讼和申诉情况", "我镇未发生行政复议案。", "",
                      "某镇2010年政府信息公开工作年度报告.pdf", "", "政府信息公开年报", "相关附件:2010年度某镇政府信息",
                      "（责任编辑：某某）"])
    got = _by_text(RuleLabeler().label(text), text)
    for line in ("某镇2010年政府信息公开工作年度报告.pdf", "政府信息公开年报", "相关附件:2010年度某镇政府信息", "（责任编辑：某某）"):
        assert got[line] == ("back", "noise"), line
    assert got["我镇未发生行政复议案。"] == ("s4", "body")


def test_a_table_of_contents_on_one_line_is_front_noise():
    """A wiki's contents (the headings joined by commas) above the body: noise, not the first
    part; on a flattened page the body after it is cut where its first item comes again."""
    toc = "一、概述,(一)注重重点推进,深化公开内容。,(二)注重开拓创新,力求稳中有进。,二、主动公开政府信息情况,(一)主动公开范围,三、依申请公开政府信息情况,"
    body = ["一、概述", "2012年度报告根据条例编制。", "（一）注重重点推进，深化公开内容。", "全年公开信息3万条。"]
    got = _by_text(RuleLabeler().label("\n".join([toc] + body)), "\n".join([toc] + body))
    assert got[toc] == ("front", "noise")
    assert got["一、概述"] == ("s1", "heading")
    assert got["（一）注重重点推进，深化公开内容。"] == ("s1.1", "heading")  # a title of two phrases, its 。 kept
    flat = toc + "".join(body)
    r = RuleLabeler().label(flat)
    assert section_at(r, flat, "(二)注重开拓创新") == "front"
    assert section_at(r, flat, "2012年度报告根据条例编制") == "s1"


@pytest.mark.parametrize("panel", [
    ["• 索引号", "  • 005452284/2016-00004", "• 主题分类", "  • 政府信息公开年度报告", "• 服务对象"],
    ["索引号 | 公开方式 | 发布机构 |", "116223010139324488/2010-00023 | 主动公开 | 某某镇人民政府 |"],
])
def test_a_panel_with_its_values_under_its_keys_is_noise(panel):
    text = "\n".join(panel + ["某市环境保护局关于2016年度政府信息公开情况的报告", "一、基本概述", "2016年，市环保局推进公开。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert all(got[p.strip()] == ("front", "noise") for p in panel), got
    assert got["某市环境保护局关于2016年度政府信息公开情况的报告"] == ("front", "title")


def test_a_part_whose_title_the_page_lost():
    """一、 alone on its line (the title lost) opens the overview; 1、主动公开政府信息情况 under
    it is an item of the overview, not the second part."""
    text = "\n".join(["2019年某街道", "政府信息公开工作年度报告", "本年度报告根据条例编制。现将情况报告如下:", "一、",
                      "某街道成立领导小组，负责政府信息公开工作。", "1、主动公开政府信息情况", "全年主动公开信息120条。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got["一、"] == ("s1", "heading")
    assert top_section(got["1、主动公开政府信息情况"][0]) == "s1"
    assert top_section(got["全年主动公开信息120条。"][0]) == "s1"


def test_a_page_opening_on_the_overview_before_its_first_subsection():
    """A mirror dropped the title and 一、总体情况: the paragraph before （一）… is the overview."""
    text = "\n".join(["2019年，某市公安局认真贯彻落实条例，推进政务公开，有效促进了我局各项工作。",
                      "（一）政务公开工作情况", "市公安局依托门户网站公开政府信息。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got["2019年，某市公安局认真贯彻落实条例，推进政务公开，有效促进了我局各项工作。"] == ("s1", "body")


def test_an_old_report_without_headings_puts_applications_and_reviews_in_their_parts():
    text = "\n".join(["某县卫生局2010年政府信息公开工作年度报告",
                      "2010年，县卫生局按照县政府统一部署推进政府信息公开工作。",
                      "全年主动公开政府信息200余条。",
                      "2010年，我局未接到要求公开政府信息的申请件。",
                      "2010年，我局没有因政府信息公开工作而被申请行政复议或被提起行政诉讼的情况。",
                      "下一步，我局将进一步加强政府信息公开工作。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got["2010年，我局未接到要求公开政府信息的申请件。"][0] == "s3"
    assert got["2010年，我局没有因政府信息公开工作而被申请行政复议或被提起行政诉讼的情况。"][0] == "s4"
    assert got["下一步，我局将进一步加强政府信息公开工作。"][0] == "s5"


def test_the_page_column_above_the_title_and_a_dated_title_after_an_empty_key():
    text = "\n".join(["政府信息公开", "某区2016年政府信息公开工作年度报告", "来源:区人民政府办公室 时间:2017-01-12 10:01",
                      "文号:", "", "某区2016年政府信息公开工作年度报告", "一、概述", "2016年，我区推进公开。"])
    segs = [(s.section, s.role) for s in RuleLabeler().label(text).segments if s.role != "blank"]
    assert segs[:5] == [("front", "noise"), ("front", "title"), ("front", "noise"), ("front", "noise"), ("front", "title")]


@pytest.mark.parametrize("sep", ["", " "])
def test_flattened_old_parts_run_on_after_text_and_into_their_first_subsection(sep):
    """On a flattened old page: 三、 right after text with no break, a title shaped like a part's,
    continuing the count; 五、下一步工作计划 running into （一）; the catalogue label closing the line."""
    parts = ["某街道2017年政府信息公开工作年度报告", "一、基本概况", "2017年，我街道及时编制和更新公开目录。",
             "二、主动公开政府信息情况", "主动公开本街道2017年部门预决算", "三、主动回应社会关切的情况",
             "在政府信息公开网及时发布民生实事。", "四、依申请公开政府信息情况", "2017年未收到申请。",
             "五、下一步工作计划", "(一)加强组织领导。我街道将健全组织机构。", "无其他需要报告的事项。", "政府信息公开年报"]
    text = sep.join(parts)
    r = RuleLabeler().label(text)
    assert section_at(r, text, "在政府信息公开网及时发布") == "s1.1"
    assert section_at(r, text, "主动公开本街道2017年部门预决算") == "s1.1"
    assert section_at(r, text, "(一)加强组织领导") == "s5"
    assert section_at(r, text, "政府信息公开年报") == "back"
    assert any(text[s.start:s.end].strip() == "五、下一步工作计划" and s.role == "heading" for s in r.segments)


def test_attachment_file_names_run_on_after_the_last_sentence_of_a_flattened_page():
    text = ("某镇2010年政府信息公开工作年度报告一、概述2010年我镇推进政务公开。二、主动公开政府信息情况全年公开信息46条。"
            "三、复议、诉讼和申诉情况我镇未发生行政复议案。某镇2010年政府信息公开工作年度报告.pdf某镇2010年政府信息公开工作年度报告.docx")
    r = RuleLabeler().label(text)
    assert section_at(r, text, "某镇2010年政府信息公开工作年度报告.pdf") == "back"
    assert section_at(r, text, "我镇未发生行政复议案") == "s4"


def test_a_date_that_lost_its_characters_opens_no_table_and_panel_keys_run_together_are_noise():
    text = "\n".join(["您访问的链接即将离开“某市人民政府”门户网站 是否继续?", "继续访问放弃", "长者版 无障碍阅读",
                      "体    裁生效日期废止日期", "某县审计局2010年政府信息公开年度报告", "2010 1231",
                      "本年报告根据条例编制。", "一、概述", "今年来，我局认真贯彻条例。"])
    got = _by_text(RuleLabeler().label(text), text)
    for line in ("您访问的链接即将离开“某市人民政府”门户网站 是否继续?", "继续访问放弃", "长者版 无障碍阅读", "体    裁生效日期废止日期"):
        assert got[line] == ("front", "noise"), line
    assert got["2010 1231"][0] == "front" and got["本年报告根据条例编制。"] == ("front", "body")


def test_a_problems_part_by_other_words_and_cut_after_generic_words():
    text = "\n".join(["某区2015年政府信息公开工作年度报告", "一、主动公开政府信息情况", "全年公开信息120条。",
                      "二、存在的困难和问题", "个别单位对公开工作重视不够。", "标签:"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got["二、存在的困难和问题"] == ("s5", "heading") and got["标签:"] == ("back", "noise")
    cut = "\n".join(["某区2013年政府信息公开工作年度报告", "一、概述", "2013年，我区推进公开。", "五、政府信息公开工作中存在"])
    assert _by_text(RuleLabeler().label(cut), cut)["五、政府信息公开工作中存在"] == ("s5", "heading")


def test_a_panel_that_lost_its_keys_is_noise():
    text = "\n".join(["2017年某区教育局政府信息公开工作年度报告", "QA4425051-2018-001", "主动公开", "无", "某区教育局",
                      "2018.01.25", "引 言", "本年度报告根据条例编制。", "一、概述", "本局推进公开。"])
    got = _by_text(RuleLabeler().label(text), text)
    for line in ("QA4425051-2018-001", "主动公开", "无", "某区教育局", "2018.01.25"):
        assert got[line] == ("front", "noise"), line


def test_an_old_part_titled_by_a_slogan_without_topic_words_is_the_overview():
    text = "\n".join(["根据条例规定，特向社会公布本镇2009年度政府信息公开工作年度报告。", "一、严格要求,扎实推动政府信息公开工作",
                      "(一)加强领导,建立组织机构", "我镇成立了领导小组。", "二、依申请公开政府信息情况", "全年未收到申请。"])
    got = _by_text(RuleLabeler().label(text), text)
    assert got["一、严格要求,扎实推动政府信息公开工作"] == ("s1", "heading")
    assert got["(一)加强领导,建立组织机构"] == ("s1.5", "heading")


@pytest.mark.parametrize("title,section", [("信息公开情况", "s1.1"), ("主要工作开展情况", "s1"), ("依申请信息公开情况", "s3")])
def test_more_old_part_titles(title, section):
    text = "\n".join(["根据条例规定，向社会公布本局2014年度政府信息公开工作年度报告。", f"一、{title}", "全年公开信息21条。"])
    assert _by_text(RuleLabeler().label(text), text)[f"一、{title}"] == (section, "heading")


def test_punctuation_alone_is_no_chrome():
    vocab = load_vocabulary()
    assert not vocab.is_chrome(":") and not vocab.is_chrome("。") and not vocab.keys_run("")
    assert vocab.is_chrome("打印关闭") and vocab.keys_run("体裁生效日期废止日期")
