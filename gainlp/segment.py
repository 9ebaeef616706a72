"""The one segmenter of long lines (a page or a whole report flattened onto one line).

docs/schema.md §1: a line is split into segments only when it holds more than one unit of
meaning. Real flattened pages join their lines with nothing, one space or runs of spaces,
so a heading runs straight into the text after it (``…有效。二、主动公开政府信息情况（一）…``)
and a table becomes a run of cells. The rules engine and the model both label the
segments returned here as if they were lines.

A line is *flattened* when, beyond its first characters, it holds a level-1 part heading
with a known title, a table signature, a report title after page chrome, or a closing
signature; or when a known part title opens it and runs into its text. Only then is it
cut (a line under ``LONG_LINE`` characters is looked at only with a part marker inside or
a standard title at its start), at:

* level-1 headings (``一、`` ``一 、`` ``第一部分``) whose title the vocabulary knows, and at
  the end of that title when text runs on;
* level-2 headings ``（一）`` after a sentence end or a space, and at the end of a short
  title followed by a space (or a known title run straight into the text); a line holding
  two standard subsection titles (``（三）政府信息管理全面梳理…``) is flattened too;
* table signatures (``第二十条第（一）项`` …);
* a report title and the preamble that follows page chrome, the end of a metadata panel,
  a page footer (``上一篇：…`` ``网站地图 | 联系我们``), page numbers, signature and date;
* damaged Arabic part numbering before a known title (``1、 概述`` ``8. 其他…``, ``。 1、基本情况 …``
  counting on from the overview), attachments (``附件3…`` ``附表：…``);
* ``总体情况`` without its number opening a page or following the preamble, run into the
  overview; a site's catalogue line (``七、政府信息公开年报6.6``) opening the page;
* inside an old-format statistics table (``统计指标…``), each row (label, unit, value) and
  the note: the rows belong to different parts; a table flattened a few rows per line is
  cut on every line of its rows (``old_table_open_after``);
* in a report no heading divides, run together from its title or preamble on, where the
  overview and the problems begin (LABELS.md rule 6).

A part title ends before a word that opens a sentence (``…诉讼的情况本年度无此类情况``) and
never runs over a table's values.

Then the learned cuts of ``gainlp.learned_cuts`` (``segment_line(boundaries=, title_ends=)``):
a boundary model adds cuts at numbering markers and short standard titles the rules left
uncut, and a title-end model cuts a heading off the text it runs into when no rule knows
where its title ends. The rules' cuts are kept.

A long paragraph with inline ``（一）…（四）`` items and no part heading stays one segment
(seed 002). Whitespace between two units stays with the unit before it. Everything is
linear in the line length: candidates come from regular-expression scans, and titles are
read from a bounded window after each marker.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from .learned_cuts import MAX_TITLE, default_boundary_model, default_title_end_model, title_prefixes
from .numbering import CN_NUMERALS as _CN
from .numbering import PART_SEPARATORS, PART_TITLE_ENDINGS, TITLE_BREAK
from .normalize import match_form, normalize, to_simplified

if TYPE_CHECKING:  # pragma: no cover
    from .learned_cuts import BoundaryModel, TitleEndModel
    from .rules.vocab import Vocabulary

MIN_FLAT_LENGTH = 20   # the shortest line that may hold two units (一、总体情况2019年，我局…)
LONG_LINE = 120        # a line this long is checked whatever it holds; a shorter one only with a part marker inside
TITLE_WINDOW = 40
LEVEL1 = re.compile(rf"(?<![{_CN}第])(?:[{_CN}]{{1,2}}[ \t\u3000]*(?:[{PART_SEPARATORS}][ \t\u3000]*)+(?!是)"
                    rf"|第[{_CN}]{{1,2}}部分[{PART_SEPARATORS}]?)[ \t\u3000]*")
# 一 概述: a space in place of 、 (only before a known title, after a break)
LEVEL1_SPACED = re.compile(rf"(?:(?<=[\s。；;】\]）)])|(?<=报告)|(?<=報告)|(?<=年报)|(?<=年報))[{_CN}]{{1,2}}[ \u3000]+(?=\S)")
# 1、 概述, 8. 人大代表…: Word numbering damaged to Arabic digits and a space (docs/schema.md
# rule 2); a heading only after a break and before a known part title (a standard one when
# no space follows the number: 1.总体情况)
LEVEL1_DAMAGED = re.compile(r"(?<![\d.．])\d{1,2}[、.．][ \t\u3000]*(?=\S)")
# an attachment that closes a report (附件3政府信息公开工作情况统计表…), after a sentence end
ATTACHMENT = re.compile(r"(?:(?<=[。；;！!\s])|(?<=\d日))附\s*[件表]\s*\d{0,2}\s*[:：]?(?=\S)")  # …2018年3月16日附件
# an old statistics table's footnote: (注：…) or, after the last value, 注：…。
_TABLE_NOTE = re.compile(r"[（(]注[:：][^（）()]{0,200}[）)]|(?<=[\d\s])注[:：][^。（()]{0,200}。")
_YEAR = re.compile(r"(?:19|20)\d\d")
PAGE_NUMBER = re.compile(r"(?<=[\s。])[-—－]\s?\d{1,3}\s?[-—－](?=\s|$)|[-—－][ \u3000]\d{1,3}[ \u3000][-—－]")
LEVEL2 = re.compile(rf"(?<!第)[（(][{_CN}]{{1,2}}[）)][、.．]?[ \t\u3000]*")
_AFTER_BREAK = re.compile(r"[。；;！？!?：:\s|”」』）)•·\]】>]")
# a part marker after a break or a table's last value, inside a line
_INNER_PART = re.compile(rf"(?<=[。；;！？!?：:\s|”」』）)•·\]】>\d])(?:{LEVEL1.pattern}|{LEVEL1_DAMAGED.pattern})")
# Where a table starts, by kind; matched on the line in Simplified characters. A run of
# tables of one kind with no heading between them is one unit (a flattened table is one
# table_row); a new kind starts a new unit.
# what follows the first cell of an old statistics table's header (Simplified or Traditional)
_OLD_HEADER_NEXT = r"(?=[\s|｜/]*(?:[计計]\s*量\s*)?(?:[单單]\s*位|[统統]\s*[计計]\s*[数數]|[数數]\s*量)|[\s|｜/]*$)"
TABLE_STARTS = (
    ("T2", re.compile(r"第二十条\s*第\s*[（(]\s*[一二三四五六七八九十]\s*[）)]\s*项")),
    ("T3", re.compile(r"[（(]本列数据的勾稽关系|申请人情况[\s|｜]*自然人")),
    ("T4", re.compile(r"行政复议[\s|｜]*行政诉讼[\s|｜]*(?:结果|维持)|行政复议[\s|｜]{0,12}结果维持")),
    # 统计指标 单位 统计数 / 指标名称 计量单位 数量, a header (not prose: 统计指标解释)
    ("OLD", re.compile(r"(?:统\s*计\s*指\s*标|指\s*标\s*名\s*称)" + _OLD_HEADER_NEXT)),
)
# the header of an old statistics table and a row's unit and value (…收到申请数 件 6 …,
# …数条75…), in Simplified or Traditional characters, read on the raw line
_OLD_TABLE_HEADER = re.compile(r"(?:[统統]\s*[计計]\s*指\s*[标標]|指\s*[标標]\s*名\s*[称稱])" + _OLD_HEADER_NEXT)
_OLD_HEADER_RUN = re.compile(r"(?:统\s*计\s*指\s*标|指\s*标\s*名\s*称)\s*(?:计\s*量\s*)?单\s*位\s*"
                             r"(?:统\s*计\s*数|数\s*量|本\s*年|(?:19|20)\d\d\s*年度?)?")
_OLD_ROW_VALUE = re.compile(r"(?:件|次|[条條]|[个個]|人次|人|篇|[项項]|[万萬]元|元)[ \t\u3000]*\d+(?:\.\d+)?"
                            rf"(?=$|[\s（(其{_CN}]|\d[.．][\u4e00-\u9fff])")
_TABLE_HINT = re.compile(r"第二十|勾稽|申[请請]人|[复復][议議]")  # one in every standard TABLE_STARTS
TABLE_START = re.compile("|".join(f"(?:{rx.pattern})" for _, rx in TABLE_STARTS))
# prose after a flattened table: a sentence of 20+ characters after the last cell
_PROSE_AFTER_TABLE = re.compile(r"(?<=[\d|｜/\s])(?![（(]?注)[^\d|｜/\s。]{4,}[，,][^\d|｜]{4,}?。"
                                r"|(?<=\d)(?:19|20)\d\d年度?[，,](?=[\u4e00-\u9fff]{2})")  # …10000012021年，我局…
_TITLE_ENDS = ("年度报告", "年报", "工作报告", "公开报告")
REPORT_TITLE = re.compile(
    r"[\u4e00-\u9fff〇（）()]{0,30}?(?:(?:19|20)\d\d\s*年(?:度)?[\u4e00-\u9fff]{0,16}?|信息公开[\u4e00-\u9fff]{0,4}?)"
    rf"(?:{'|'.join(_TITLE_ENDS)})")
# the same, tolerating the pinyin glosses a mirror site inserts after characters (報(bào)告)
_GLOSS = r"(?:[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）])?"
_HAS_GLOSS = re.compile(r"[\u4e00-\u9fff][(（][a-z]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{0,5}[)）]")


def _glossed(word: str) -> str:
    return _GLOSS.join(map(re.escape, word)) + _GLOSS


_CJK = rf"[\u4e00-\u9fff]{_GLOSS}"
REPORT_TITLE_GLOSSED = re.compile(
    rf"(?:{_CJK}|[〇（）()]){{0,30}}?(?:(?:19|20)\d\d\s*{_glossed('年')}(?:{_glossed('度')})?(?:{_CJK}){{0,16}}?"
    rf"|{_glossed('信息公开')}(?:{_CJK}){{0,4}}?)(?:{'|'.join(map(_glossed, _TITLE_ENDS))})")
_TITLE_YEAR = re.compile(r"[ \u3000]*[（(][ \u3000]*(?:19|20)\d\d[ \u3000]*年度?[ \u3000]*[）)]")
# what may not follow a title that opens a page: it is then the subject of a sentence
_CRUMB_MARKS = ">›»＞"
_FIRST_TOKEN = re.compile(r"[^\s]{2,40}(?=\s)")
# how a site name ends; the vocabulary's noise patterns confirm it (aliases.json)
_SITE_WORDS = "门户网站|政府网站|政府网|政务网|政务公开网|信息公开网|官方网站"
_SITE_ENDINGS = re.compile(rf"(?:{_SITE_WORDS})$")
_SITE_NAME = re.compile(rf"[\u4e00-\u9fff（）()a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{{2,30}}?(?:{_SITE_WORDS})")
_CATALOGUE = re.compile(rf"[{_CN}]{{1,3}}、(?:年度)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度报告|年报|报告)"
                        r"[\dA-Za-z()（）\-.]{0,12}(?![年\d])")
_CRUMB_AFTER = re.compile(rf"[ \u3000]*[{_CRUMB_MARKS}]")
_SENTENCE_GOES_ON = re.compile(r"[，,。、；;的]|如下")
PREAMBLE = re.compile(r"本年度报告|本报告|本年报|根据《|依据《|按照《")
_KEY_BEFORE = re.compile(r"[:：]\s*$")
_BEFORE_TITLE = set(" \t\u3000|•·>》【[「『")
_STANDS_AFTER = re.compile(r"$|[\s|•·\[]|[\u4e00-\u9fff]{0,4}[:：]|本|根据|依据|按照")
_SUB_TITLE_GAP = re.compile(r"([^\s。，,；;：:！？]{2,30}?)[ \t\u3000]+(?=\S)")
_SPACE = " \t\u3000"
_PART_LIST = re.compile(r"(?:分为|包括|依次为|分别为|由以下)[^。]*$")
# a standard part title standing without its number, after a break, a number or a table cell
_BARE_TITLE_BEFORE = set(" \t\u3000。；;！？!?：:|0123456789/")
_MARKER_BEFORE = re.compile(r"(?:[一二三四五六七八九十]{1,2}\s*[、.．]?|[（(][一二三四五六七八九十]{1,2}[）)])\s*$")
# 3、 收到…, 8. 其他…, 2.主动公开政府信息情况: a standard part numbered with Arabic digits
_ARABIC_MARKER_BEFORE = re.compile(r"(?:(?<![.．\d])1\d|(?<![.．])\d)[、.．][ \t\u3000]*$")
# 五 政府信息…: a part number with a space for its 、, straight after a table's last value
_CN_MARKER_BEFORE = re.compile(r"(?<=[\d|])[一二三四五六七八九十]{1,2}[ \t\u3000]+$")
# the signature and date that close a report: 某某局2021年3月20日
# (agency,) date: after a sentence end, a table's last value or a page number (- 4 -)
SIGNATURE = re.compile(r"(?<=[。！!\s\d\-—－\]）)])(?:(?:[\u4e00-\u9fff（）()]|[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]){2,30}?[ \u3000]?(?:[-—－]\s?\d{1,3}\s?[-—－]\s?)?)?"
                       r"(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
                       r"|[〇○零一二][〇○零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_DEBRIS_BEFORE = re.compile(r"(?:\[bookmark:[^\]]*\]|(?:(?<=[\s。；;）)\]】])|^)[?？\ufffd]+)[ \t\u3000]*$")
_GAP = re.compile(r"(?<=\S)[ \t\u3000]{2,}(?=\S)")
# a row of a flattened old-format statistics table starts where a numbered label (or the
# table's note) follows the previous row's value: 条42（二）… 次0二、… 人12.兼职… 件0其中：…,
# or its unit when the value is empty (数件（二）…), or a label without value (…的情况1.政府…)
_OLD_TABLE_ROW = re.compile(
    rf"(?<=[\d件次条个人篇项元%])[ \t\u3000]*(?=[（(][{_CN}]{{1,2}}[）)]|[{_CN}]{{1,2}}、|\d[.．][\u4e00-\u9fff]|其中[:：]|[（(]注)"
    rf"|(?<=[\u4e00-\u9fff）)])[ \t\u3000]*(?=\d[.．][\u4e00-\u9fff]|[（(][{_CN}]{{1,2}}[）)])")  # …的情况1.政府网站…
_CN_PAREN = {"(" + c for c in _CN}  # a level-2 marker inside a title window: the next unit
_TITLE_GOES_ON = re.compile(r"[和及与][^\s。，,；;：:]{0,6}?(?:措施|情况|办法|方向|打算)")
# a title end followed by a comma a few characters on cuts a title of clauses in two
# (二、突出公开|重点，推进…): the model reads no title past a comma
# words that open a report's sentence, never a part title's continuation
_TEXT_OPENS = re.compile(r"本年度|本年|全年|今年|年内|[无無]|未|[没沒]有|[暂暫][无無]|共|均|我(?:[局委办辦镇鎮县縣区區市厅廳乡鄉街]|[们們])")
_CLAUSE_GOES_ON = re.compile(r"[^，,。；;：:！？!?\s]{0,4}[，,]")
_BARE_OVERVIEW = re.compile(r"(?<=[。；;])[ \u3000]*((?:[\u4e00-\u9fff][ \u3000]?){1,5}?[\u4e00-\u9fff])"
                            r"(?=[ \u3000]*(?:19|20)\d\d年)")  # 。概述2010年…, 。概 述2018年…
_TEXT_AFTER_TITLE = re.compile(r"[ \t\u3000]*[\w“《（(【]")
_PARAGRAPH_END = ("。", "；", ";")
_VALUES_GO_ON = re.compile(r"[ \t\u3000]+\d")
_SENTENCE_START = re.compile(r"[。；;！？!?][ \t\u3000]*(?:\[bookmark:[^\]]*\][ \t\u3000]*)?")
_PROBLEMS = re.compile(r"问题|不足|差距|短板|薄弱|下一步")
_YEAR_OPENS = re.compile(r"(?:20\d\d|二[〇零○][一二〇零○][〇零○一二三四五六七八九])年度?[,，]")
_SENTENCE_END_BEFORE = re.compile(r"[。；;！？!?][ \t\u3000]*$")
_ROW_LABEL = re.compile(r"[^\d\s|｜]*")
_SUBSECTION_GOES_ON = set("的和及与、等。．.，,；;：:")


def _title_end(line: str, start: int, vocab: "Vocabulary", *, strict: bool = False,
               standard_only: bool = False) -> int | None:
    """End of a part title that starts at ``start``: a standard title word for word (the
    longest), else a known part title ending like one (情况, 概述 …), preferring one that a
    break follows; None when no title is known there. ``strict`` (a marker that follows
    no break, as in pages joined with nothing): a standard title, or a part title that a
    break or a number follows. ``standard_only``: a standard title alone."""
    window = line[start:start + TITLE_WINDOW]
    std = part_break = part_any = None
    for prefix, end in title_prefixes(window):
        if (prefix[-1] in "、." and prefix[-2] in _CN) or prefix[-2:] in _CN_PAREN:
            break  # no title holds the next part number (…办理0000000四、…, …（四）…)
        if window[end - 1].isdigit() and _VALUES_GO_ON.match(window, end):
            break  # nor a table's values (四、结转下年度继续办理 0 0 0 … 行政复议 …)
        found = part_break or part_any
        if found is not None and _TEXT_OPENS.match(window, _skip_space(window, found), end):
            break  # …诉讼的情况 本年度无此类情况。: the title ended before its text
        t = prefix.rstrip("：:。，,；;")
        if len(t) < 2 or len(t) < len(prefix):
            continue
        if vocab.standard_section(t):
            std = end
        elif t.endswith(PART_TITLE_ENDINGS) and vocab.part_section(t):
            if end == len(window) or window[end] in TITLE_BREAK:
                part_break = end
            elif part_any is None:
                part_any = end
        elif end < len(window) and window[end] in _SPACE and len(t) <= 20 and vocab.part_section(t):
            part_break = end  # any known part title that a space ends (a line joined with one space)
    best = std if standard_only else std or part_break or (None if strict else part_any)
    if best and best != std:  # …存在的主要问题和改进措施: a title joined to its second half
        more = _TITLE_GOES_ON.match(window, best)
        best = more.end() if more else best
    return start + best if best else None


def _is_row_label(vocab: "Vocabulary", text: str) -> bool:
    from .rules.vocab import canonical_cell
    cell = canonical_cell(match_form(text))
    return any(cell in t.row_headers for t in vocab.tables.values())


def _after_marker(text: str, i: int) -> bool:
    return bool(_MARKER_BEFORE.search(text, max(0, i - 6), i))


def _at_break(line: str, i: int) -> bool:
    return i == 0 or bool(_AFTER_BREAK.match(line, i - 1))


def _back_over_space(line: str, i: int) -> int:
    """The start of the run of spaces that ends at ``i`` (``i`` when there is none)."""
    while i > 0 and line[i - 1] in _SPACE:
        i -= 1
    return i


def _value_before(line: str, i: int) -> bool:
    """A digit (a table's last value) stands before ``i``, spaces apart."""
    i = _back_over_space(line, i)
    return i > 0 and line[i - 1].isdigit()


def _skip_space(line: str, i: int) -> int:
    while i < len(line) and line[i] in _SPACE:
        i += 1
    return i


def _subsection_title_end(simple: str, start: int, vocab: "Vocabulary") -> int | None:
    """End of a standard level-2 title (``（三）政府信息管理``) that text runs straight into,
    in the line's Simplified form; None when none starts at ``start``, or when it goes on
    as a longer phrase (``主动公开政府信息的…``, ``依申请公开工作情况``: a known part title
    ends later) or a run-in sentence (``主动公开。…``)."""
    end = vocab.subsection_title_end(simple, _skip_space(simple, start))
    if end is None or end == len(simple) or simple[end] in _SUBSECTION_GOES_ON:
        return None
    longer = _title_end(simple, start, vocab)
    return end if longer is None or longer <= end else None


def _level2_title_end(line: str, start: int, vocab: "Vocabulary", simple: str) -> int | None:
    """End of a level-2 heading's title when text runs on after it: a short title followed
    by a space, or a known title straight into the text."""
    m = _SUB_TITLE_GAP.match(line, start)
    if m:
        return m.end(1)
    sub = _subsection_title_end(simple, start, vocab)
    end = _title_end(line, start, vocab)
    if sub is not None and (end is None or end <= sub):
        return sub
    if end is not None and end < len(line) and line[end] not in "。．.，,；;":
        return end
    return None


def _title_cuts(line: str, limit: int, chrome_ends: frozenset[int] = frozenset()) -> list[int]:
    """Cuts around a report title standing in the page opening (before ``limit``): the
    title must stand apart (after a break or chrome, before a break, chrome or the
    preamble), not inside a sentence; a title that opens the line or follows page chrome
    (``chrome_ends``) may run straight into the text. The value of a ``标题:`` field stays in its panel; a
    field value run into the title (``发布机构: 某镇人民政府某镇人民政府2020年…``) ends where
    the agency repeats."""
    cuts: list[int] = []
    if line.find("报告", 0, limit) < 0 and line.find("年报", 0, limit) < 0 and line.find("报(", 0, limit) < 0 \
            and line.find("报（", 0, limit) < 0:
        return cuts  # every REPORT_TITLE ends in one of these: spare the scan of a paragraph
    title_re = REPORT_TITLE_GLOSSED if _HAS_GLOSS.search(line, 0, limit) else REPORT_TITLE
    for m in title_re.finditer(line, 0, limit):
        a, b = m.start(), m.end()
        year = _TITLE_YEAR.match(line, b)  # a title wrapped before its year: …年度报告（2011年度）
        b = year.end() if year else b
        # a page headline repeated as the report's title (…年度报告某局…年度报告2016年，…) opens the page too
        opens = a == 0 or line[a - 1] in _BEFORE_TITLE or a in chrome_ends or (cuts and a == cuts[-1])
        # a breadcrumb's step (首页 > 政府信息公开年报 > …) is not the page's title; its last
        # step ends the breadcrumb
        if _CRUMB_AFTER.match(line, b):
            continue
        k = _back_over_space(line, a)
        if k > 0 and line[k - 1] in _CRUMB_MARKS and not _YEAR.search(line, a, b):
            cuts.append(_skip_space(line, b))
            continue
        if "关于" in m.group() or not (_STANDS_AFTER.match(line, b) or (
                opens and "信息公开" in m.group() and not _SENTENCE_GOES_ON.match(line, b))):
            continue
        if _KEY_BEFORE.search(line, max(0, a - 3), a):
            text = line[a:b]
            rep = next((k for k in range(2, len(text) // 2 + 1) if text[k:2 * k] == text[:k]), None)
            if rep is None:
                continue  # the value of a 标题:/名称: field, part of the panel
            a += rep
        elif a > 0 and line[a - 1] not in _BEFORE_TITLE and not (cuts and a == cuts[-1]):
            continue
        cuts += [a, _skip_space(line, b)]
    return cuts


def _opening_cuts(line: str, vocab: "Vocabulary") -> list[int]:
    """Cuts in a page opening run together with nothing between: the buttons and menu words
    of page chrome (``请输入关键字确定…``, the vocabulary's chrome words, longest first),
    then an opening heading such as ``引 言`` (a part title the vocabulary places in front)."""
    cuts: list[int] = []
    i = _skip_space(line, 0)
    # a site name opening the page (某县人民政府门户网站), run into what follows or before a space
    site = _SITE_NAME.match(line, i) or _FIRST_TOKEN.match(line, i)
    name = match_form(site.group()) if site else ""
    if _SITE_ENDINGS.search(name) and vocab.is_noise(name):
        i = _skip_space(line, site.end())
        cuts.append(i)
    catalogue = _CATALOGUE.match(line, i)  # 七、政府信息公开年报6.6本报告…: a site's catalogue line
    if catalogue is not None:
        i = _skip_space(line, catalogue.end())
        cuts.append(i)
    words = vocab.chrome_words
    longest = _longest(words)
    while i < len(line):
        w = next((line[i:i + k] for k in range(min(longest, len(line) - i), 1, -1) if line[i:i + k] in words), None)
        if w is None:
            break
        i = _skip_space(line, i + len(w))
        cuts.append(i)
    end = _front_heading_end(line, i, vocab)
    if end is not None:
        cuts += [i, end]
    return cuts


def _opening_front_heading(line: str, vocab: "Vocabulary") -> int | None:
    """The end of an opening heading (引言, 引 言, 前言) that opens ``line`` and runs into its text."""
    end = _front_heading_end(to_simplified(line[:12]), 0, vocab)
    return end if end is not None and end < len(line) and _TEXT_AFTER_TITLE.match(line, end) else None


def _front_heading_end(line: str, i: int, vocab: "Vocabulary") -> int | None:
    """Where an opening heading that starts at ``i`` ends (``引 言``, ``前言``: a part title
    the vocabulary places in front), spaces after it included; None when none starts there."""
    nt = normalize(line[i:i + 8], drop_spaces=True)
    front = [e for e in vocab.part_headings if e.section == "front"]
    for n in range(2, min(4, len(nt.text)) + 1):
        if not any(e.search(nt.text[:n]) for e in front):
            continue  # no front entry matches, so part_section cannot name front
        found = vocab.part_section(nt.text[:n])
        if found and found[0] == "front":
            return _skip_space(line, i + nt.index[n - 1] + 1)
    return None


_FIELD_VALUE = re.compile(r"[ \t\u3000]*[^|｜\s]{1,40}[|｜\s]+")
_ANY_FIELD = re.compile(r"[\u4e00-\u9fff]{2,6}[:：]" + _FIELD_VALUE.pattern)


def _panel_end(line: str, vocab: "Vocabulary", limit: int) -> int | None:
    """The end of a metadata panel that opens a page (two fields or more, ``索引号：… |
    分类：… |``): after the last field's value and the separator that closes it."""
    fields = vocab.chrome_fields(line, limit)
    if len(fields) < 2:
        return None
    value = _FIELD_VALUE.match(line, fields[-1].end())
    if value is None:
        return None
    end = value.end()
    while (more := _ANY_FIELD.match(line, end)) is not None:  # fields the vocabulary does not name (是否有效：有效 |)
        end = more.end()
    return end if end < len(line) else None


@lru_cache(maxsize=8)
def _longest(words: frozenset[str]) -> int:
    return max((len(w) for w in words), default=0)


def _ordinal(m: re.Match) -> int:
    from .rules.headings import cn_value
    return cn_value(re.sub(r"[^一二三四五六七八九十]", "", m.group().split("部分")[0]))


def _arabic(m: re.Match) -> int:
    return int(m.group().rstrip(" \t\u3000、.．"))


def _lost_numeral_titles(line: str, known: list[re.Match], vocab: "Vocabulary") -> list[tuple[int, int]]:
    """A part whose numeral was lost between two numbered parts (一、… 三、…: 二、 is missing),
    its title in full (``part_titles_in_full``) run into its text after a sentence's end:
    (title start, text start), when exactly one such title stands in the gap."""
    out = []
    ordered = sorted(known, key=lambda m: m.start())
    for p, q in zip(ordered, ordered[1:]):
        if _ordinal(q) != _ordinal(p) + 2:
            continue
        found = []
        for end_mark in _SENTENCE_END_IN_GAP.finditer(line, p.end(), q.start()):
            a = _skip_space(line, end_mark.end())
            b = _title_end(line, a, vocab)
            if b is None or b >= q.start():
                continue
            title = match_form(line[a:b]).rstrip("：:。，,；; \t\u3000")
            if title in vocab.part_titles_in_full or vocab.standard_section(title):  # a part's title in full
                found.append((a, _skip_space(line, b)))
        if len(found) == 1:
            out.append(found[0])
    return out


def _problems_after_last_part(line: str, known: list[re.Match], vocab: "Vocabulary") -> tuple[int, int] | None:
    """The problems part with no numeral after the last numbered part, none of which is
    about problems, its title run into its text after a sentence's end (…的情况。存在的不足和
    下一步打算一年来，…): (title start, text start), or None."""
    if not known:
        return None
    last = max(known, key=lambda m: m.start())
    if any((vocab.part_section(line[m.end():m.end() + 30].split("。")[0]) or ("",))[0] == "s5" for m in known):
        return None  # a numbered problems part is there
    for end_mark in _SENTENCE_END_IN_GAP.finditer(line, last.end()):
        a = _skip_space(line, end_mark.end())
        title = _PROBLEMS_TITLE.match(line, a)
        if title is not None and title.end() < len(line) \
                and (vocab.part_section(title.group()) or ("",))[0] == "s5":
            return a, _skip_space(line, title.end())
    return None


# a part's own title run on after text with no break (…预决算三、主动回应社会关切的情况在…)
_RUN_ON_PART_TITLE = re.compile(r"[^。，,；;：:、\d\s]{2,20}?(?:情况|工作|措施|问题|事项|概况|概述)")


def _after_part_title(line: str, m: re.Match, cuts: set[int]) -> bool:
    """（一） straight after a short part title that a cut opens (五、下一步工作计划（一）加强…)."""
    if "一" not in m.group() or "十" in m.group():
        return False
    k = max((c for c in cuts if c < m.start()), default=None)
    return k is not None and m.start() - k <= 30 and LEVEL1.match(line, k) is not None \
        and not _SENTENCE_END_IN_GAP.search(line, k, m.start())


def _items_reach(damaged: Sequence[re.Match], a: int, b: int) -> int:
    """The highest Arabic item number between ``a`` and ``b`` (0 when there is none): a part's
    own items 1. 2. 3. make a following 3、 their next one only if they stop at 2."""
    return max((_arabic(d) for d in damaged if a < d.start() < b), default=0)


def _ordinal_run(known: list[re.Match], unknown: list[re.Match],
                 damaged: Sequence[re.Match] = ()) -> list[re.Match]:
    """Level-1 markers after a break whose titles the vocabulary does not know, kept where
    they continue the count of the line's parts (一、 … 二、 … 三、 in text order, at
    least three parts in the run): an old-format report's parts with titles of their own.
    An Arabic number may stand for one of them (一、… 二、… 3、… 四、…) unless it is the
    next of a part's own items (二、… 1.… 2.… 3.…). A lone ``一、`` inside a paragraph or a
    table stays uncut."""
    marks = sorted([(m.start(), _ordinal(m), True, m) for m in known]
                   + [(m.start(), _ordinal(m), False, m) for m in unknown]
                   + [(m.start(), _arabic(m), False, m) for m in damaged], key=lambda t: t[0])
    arabic = {m.start() for m in damaged}
    best: list[tuple[int, int, bool, re.Match]] = []
    for k, first in enumerate(marks):
        if first[1] != 1 or first[0] in arabic:
            continue
        run = [first]
        for mark in marks[k + 1:]:
            if mark[1] != run[-1][1] + 1:
                continue
            if mark[0] in arabic and _items_reach(damaged, run[-1][0], mark[0]) == mark[1] - 1:
                continue
            run.append(mark)
        if len(run) > len(best):
            best = run
    return [m for _, _, was_known, m in best if not was_known] if len(best) >= 3 else []


def _split_at_gaps(line: str, vocab: "Vocabulary") -> list[tuple[int, int]] | None:
    """Scrapers often join the lines of a page with runs of spaces: each run is then a
    former line break. Cut at all of them when several pieces are part headings or tables."""
    from .rules.headings import heading_shape
    bounds = [0] + [m.end() for m in _GAP.finditer(line)] + [len(line)]
    pieces = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
    if len(pieces) < 3:
        return None
    heads = tables = 0
    for a, b in pieces:
        shape = heading_shape(line[a:b])
        if shape.whole and (vocab.standard_section(shape.title) or (
                vocab.part_section(shape.title) and (shape.marker.level == 1 or shape.title.endswith(PART_TITLE_ENDINGS)))):
            heads += 1
        elif TABLE_START.match(line, a):
            tables += 1
    return pieces if heads >= 2 or (heads and tables) else None


def _footer_starts(line: str, vocab: "Vocabulary", after: int) -> tuple[int, ...]:
    """Where a page footer (``网站地图 | 联系我们 …``, ``上一篇：…``) starts after the report's
    last cut and a sentence end or break, within the last 400 characters, and where its first
    field starts when page buttons stand before it (``。打印 关闭上一篇：…``); () if there is none."""
    lo = max(after, len(line) - 400)
    best: tuple[int, ...] = ()
    for w in vocab.footer_starts:
        i = line.find(w, lo)
        found: tuple[int, ...] = ()
        while i > 0:
            if _at_break(line, i):
                found = (i,)
                break
            j = _chrome_words_before(line, i, vocab)
            if j is not None and j > lo:
                found = (j, i)
                break
            i = line.find(w, i + 1)
        if found and (not best or found[0] < best[0]):
            best = found
    return best


# an attachment's file name (某镇2010年政府信息公开工作年度报告.pdf) linked under the page
FILE_NAME = re.compile(r"[^。；;]{2,60}?\.(?:pdf|docx?|xlsx?|wps|zip|rar)", re.IGNORECASE)


def _closing_label(simple: str, vocab: "Vocabulary") -> int | None:
    """Where page chrome closing the line after its last sentence starts: the catalogue's
    label, an editor's credit or attachments' file names (…无其他需要报告的事项。政府信息公开年报,
    …。(责任编辑:某某), …。某镇2010年…年度报告.pdf某镇…docx)."""
    end = simple.rfind("。", max(0, len(simple) - 161))
    rest = simple[end + 1:].strip()
    if end < 0 or not 2 <= len(rest) <= 160 or (len(rest) > 40 and not FILE_NAME.match(rest)):
        return None
    mf = match_form(rest)
    if FILE_NAME.match(rest) or vocab.is_chrome(rest) or vocab.is_noise(mf) \
            or (len(mf) <= 12 and vocab.is_title(mf) and not any(c.isdigit() for c in mf)):
        return _skip_space(simple, end + 1)
    return None


def _chrome_words_before(line: str, i: int, vocab: "Vocabulary") -> int | None:
    """The start of a run of page buttons (``打印 关闭``, ``【打印】``) that ends at ``i`` and
    opens after a break, or None."""
    m = _BUTTONS_BEFORE.search(line, max(0, i - 24), i)
    if m is None or not _at_break(line, m.start()):
        return None
    words = [w for w in re.split(r"[\s【】\[\]|｜/]+", m.group()) if w]
    return m.start() if words and all(w in vocab.chrome_words for w in words) else None


# a problems part's title (存在的主要问题和改进措施, 存在的不足和下一步打算), no numeral
_PROBLEMS_TITLE = re.compile(r"(?:政府信息公开)?(?:工作)?存在的?(?:主要)?(?:问题|不足)(?:[和及与](?:改进措施|改进情况|整改情况|"
                             r"下一步(?:工作)?(?:打算|计划|措施)|今后(?:的)?(?:工作)?(?:打算|计划)|努力方向))?(?=[\u4e00-\u9fff\d“（(])")
_SENTENCE_END_IN_GAP = re.compile(r"[。；;！？!?]")
_BUTTONS_BEFORE = re.compile(r"[\u4e00-\u9fff【】\[\]|｜/ \u3000]{2,24}$")


def _learned_title_ends(line: str, cuts: set[int], stop: int, vocab: "Vocabulary",
                        model: "TitleEndModel") -> list[int]:
    """Cuts after the titles that run straight into the text: at each cut that opens with a
    numbering marker and has no other cut within the longest title's reach, the title-end
    model's choice (gainlp/learned_cuts.py)."""
    from .rules.headings import parse_marker
    out = []
    ordered = sorted(cuts)
    for k, c in enumerate(ordered):
        if c >= stop:
            break
        marker = parse_marker(line[c:c + 16])
        if not marker.level or marker.kind == "circled":
            continue
        start = c + marker.end
        nxt = ordered[k + 1] if k + 1 < len(ordered) else len(line)
        if nxt <= start + MAX_TITLE or start >= len(line) or line[start].isspace():
            continue
        end = model.predict(line, start, vocab)
        if end is not None and not _CLAUSE_GOES_ON.match(line, end):
            out.append(_skip_space(line, end))
    return out


def _last_signature(simple: str) -> re.Match | None:
    """The last signature and date near the end of the line."""
    sig = None
    for sig in SIGNATURE.finditer(simple, max(0, len(simple) - 300)):
        pass
    return sig


def _gaps_inside_tables(line: str, gap_cuts: set[int], tables: list[tuple[int, str]],
                        vocab: "Vocabulary") -> set[int]:
    """Runs of spaces inside a standard table run together (its cells spaced apart, rows
    joined by two spaces), up to the next table or part heading: not former line breaks."""
    bounds = sorted({t for t, _ in tables} | {
        m.start() for m in LEVEL1.finditer(line)
        if (end := _title_end(line, m.end(), vocab)) is not None and not _is_row_label(vocab, line[m.start():end])})
    inside = set()
    for t, kind in tables:
        if kind == "OLD":
            continue
        k = bisect_right(bounds, t)
        end = bounds[k] if k < len(bounds) else len(line)
        inside.update(c for c in gap_cuts if t < c < end)
    return inside


def _signature_before(simple: str, i: int) -> re.Match | None:
    """The signature and date that end right before ``i`` (spaces apart), or None."""
    end = _back_over_space(simple, i)
    return next((m for m in SIGNATURE.finditer(simple, max(0, end - 60), end) if m.end() == end), None)


def _may_hold_parts(line: str, vocab: "Vocabulary") -> bool:
    """A cheap first look at a line shorter than ``LONG_LINE``: a part marker after a break or
    a value inside it, or a standard title that opens it and runs straight into the text.
    A cell of a tab-per-cell table or a pipe row is a table's line, never cut."""
    if line.startswith("\t") or "|" in line or "｜" in line:
        return False
    if _INNER_PART.search(line, 1):
        return True
    if ("指" in line and _OLD_TABLE_HEADER.search(line, 1)) \
            or (_TABLE_HINT.search(line) and TABLE_START.search(to_simplified(line), 1)):
        return True  # a table run on after text (…不够。附表：…统计指标单位统计数一、…)
    if line[:1] in "引前" and _opening_front_heading(line, vocab) is not None:
        return True  # 引 言本报告是根据…: an opening heading run into the preamble
    m = LEVEL1.match(line) or LEVEL2.match(line)
    if m is None:
        m = LEVEL1_DAMAGED.match(line)  # 8、…情况本年度…。 for 八、
        return m is not None and _may_run_into_text(line, m.end()) \
            and _paragraph_after_title(line, _title_end(line, m.end(), vocab))
    head = to_simplified(line[:TITLE_WINDOW])
    if _standard_title_at(head, m.end(), vocab) or _subsection_title_end(head, m.end(), vocab) is not None:
        return True
    return m.re is LEVEL1 and _may_run_into_text(line, m.end()) \
        and _paragraph_after_title(line, _title_end(head, m.end(), vocab))


def _may_run_into_text(line: str, i: int) -> bool:
    """A cheap look before ``_paragraph_after_title``: room for a title and a paragraph
    after ``i``, and a paragraph's end or a space to find."""
    return len(line) - i >= 10 and (line.rstrip().endswith(_PARAGRAPH_END) or " " in line or "\u3000" in line)


def _unheaded_body_cuts(simple: str, vocab: "Vocabulary") -> list[int]:
    """Where the parts of a report that no heading divides begin, once its lines are run
    together (LABELS.md rule 6): the overview at the first sentence after the preamble
    (编制依据, 统计期限, 联系方式: ``front_matter.preamble_patterns``), else at the first that
    opens with the year (…。2016年，我局…); the problems at the first sentence after it that
    speaks of them (…。主要问题有：…, …仍有一定差距：…)."""
    out: list[int] = []
    starts = [0] + [m.end() for m in _SENTENCE_START.finditer(simple)]
    ends = starts[1:] + [len(simple)]
    preamble = [b for a, b in zip(starts, ends) if a < 800 and vocab.preamble_re.search(simple, a, b)]
    if preamble:
        body = next((a for a in starts if a >= preamble[-1] and a < len(simple)), None)
    else:
        body = next((a for a in starts[1:] if _YEAR_OPENS.match(simple, a)), None)
    if body is not None and body > 0:
        out.append(body)
    problems = next((a for a, b in zip(starts, ends) if a > (body or 0)
                     and _PROBLEMS.search(simple, a, min(b, a + 24))), None)
    if problems is not None:
        out.append(problems)
    return out


def _paragraph_after_title(line: str, end: int | None) -> bool:
    """A known part title that opens a line and runs into a paragraph of its own: the line
    ends like a paragraph, which a heading line never does (六、工作人员和费用支出情况街道从事……
    共5名。), or is too long for a heading (a page opening cut mid-sentence)."""
    return end is not None and len(line) - end >= 8 and _TEXT_AFTER_TITLE.match(line, end) is not None \
        and (len(line) >= LONG_LINE or line.rstrip().endswith(_PARAGRAPH_END) or line[end] in _SPACE)


def _standard_title_at(simple: str, i: int, vocab: "Vocabulary") -> bool:
    """A cheap test before ``_title_end(standard_only=True)``: a standard title, word for word
    and unspaced, starts at ``i``."""
    i = _skip_space(simple, i)
    return bool(vocab.standard_title_re.match(simple, i) or vocab.short_title_re.match(simple, i))


@dataclass
class RuleCuts:
    """What the rules find in a flattened line: their cuts, where tables start (in text
    order) and where an old statistics table begins (``len(line)`` when there is none)."""
    cuts: set[int]
    table_starts: list[int]
    old_table: int
    simple: str  # the line in Simplified characters (same offsets)


def _old_table_rows(line: str) -> int:
    """How many row values (unit and number: ``件 6``, ``条75``) a line holds."""
    return len(_OLD_ROW_VALUE.findall(line))


def old_table_open_after(line: str, open_before: bool) -> bool:
    """Whether an old statistics table (统计指标 单位 统计数 …) is still open after ``line``:
    it opens on its header and goes on over lines of rows (a table flattened a few rows
    per line), so that those lines are cut into rows like the line that opened it."""
    if "指" in line and _OLD_TABLE_HEADER.search(line):
        return True
    return open_before and _old_table_rows(line) > 0


def rule_cuts(line: str, vocab: "Vocabulary", *, old_table_open: bool = False) -> RuleCuts | None:
    """The rules' cuts of ``line``, or None when it is not flattened (too short, or no part
    heading, table or report title beyond its first characters). ``old_table_open``: an old
    statistics table opened on an earlier line (``old_table_open_after``); a line of its rows
    is cut into them."""
    n = len(line)
    rows = old_table_open and n >= MIN_FLAT_LENGTH and _old_table_rows(line) >= 2
    if n < LONG_LINE and not rows and (n < MIN_FLAT_LENGTH or not _may_hold_parts(line, vocab)):
        return None
    gaps = _split_at_gaps(line, vocab)
    cuts: set[int] = {a for a, _ in gaps} if gaps else set()
    strong = 2 if gaps or rows else 0
    first_heading = n
    simple = to_simplified(line)
    tables = [(m.start(), next(k for k, rx in TABLE_STARTS if rx.match(simple, m.start())))
              for m in TABLE_START.finditer(simple)]
    old_table = 0 if rows else next((t for t, kind in tables if kind == "OLD"), n)
    if gaps and tables:
        cuts -= _gaps_inside_tables(line, cuts, tables, vocab)
    # after a break or a table's last value (…00五、存在…), a known part title may run into the text
    level1 = [(m, not (_at_break(line, m.start()) or line[m.start() - 1].isdigit())) for m in LEVEL1.finditer(line)]
    level1 += [(m, False) for m in LEVEL1_SPACED.finditer(line)]
    unknown: list[re.Match] = []
    known: list[re.Match] = []
    for m, strict in level1:
        end = _title_end(line, m.end(), vocab, strict=strict)
        after_value = _value_before(line, m.start())  # …总计0000四、 or …0 0 四、
        if end is None:
            if (not strict or _RUN_ON_PART_TITLE.match(line, m.end())) and not after_value:
                unknown.append(m)  # a title of its own; with no break before it, only one shaped like a part's
            continue
        if after_value and _is_row_label(vocab, line[m.start():end]):
            continue  # a table's row after the previous row's value: …总计0000四、结转下年度继续办理
        known.append(m)
        cuts.add(m.start())
        if m.start() < old_table:  # in an old statistics table, a row's unit and value stay with it
            cuts.add(_skip_space(line, end))
        first_heading = min(first_heading, m.start())
        # a known part title that opens the line and runs into its text, straight or after a
        # space (二、主动公开政府信息情况第二十条…, 一、基本情况 2022年…): the heading and its text
        strong += m.start() > 0 or (_TEXT_AFTER_TITLE.match(line, end) is not None
                                    and _title_end(line, m.end(), vocab, strict=True) == end) \
            or _paragraph_after_title(line, end)
    count = 1  # the count of unspaced Arabic parts with titles of their own (1、基本情况 2、…)
    damaged = list(LEVEL1_DAMAGED.finditer(line))
    for m in damaged:
        spaced = line[m.end() - 1] in _SPACE
        if spaced:
            end = _title_end(line, m.end(), vocab) if _at_break(line, m.start()) else None
        elif line[m.start()] == "0":  # a value's 0 (…0005.存在…)
            end = None
        elif _standard_title_at(simple, m.end(), vocab):  # a standard title, even after text (…年度报告1.总体情况…)
            end = _title_end(line, m.end(), vocab, standard_only=True)
        elif m.start() == n - len(line.lstrip()):  # opening the line, run into its paragraph (8、…情况本年度…。)
            end = _title_end(line, m.end(), vocab, strict=False)
            end = end if _paragraph_after_title(line, end) else None
            strong += end is not None
        else:  # after a break, a known part title that a space ends, counting from the overview
            # (。 1、基本情况 2023年，… 2、…) or on from the part before (…三、… 4.政府信息公开的收费…
            # 2012年，…); never a numbered item inside a part (1.信息处理费 …)
            end = None
            value = _arabic(m)
            before = max((k for k in known if k.start() < m.start()), key=lambda k: k.start(), default=None)
            # …not the next of the part's own items (三、… 1.… 2.… 3.… 4.…)
            goes_on = before is not None and value == _ordinal(before) + 1 \
                and _items_reach(damaged, before.start(), m.start()) != value - 1
            if (value == count or goes_on) and _at_break(line, m.start()):
                end = _title_end(line, m.end(), vocab, strict=True)
                found = vocab.part_section(line[m.end():end]) if end is not None and end < n \
                    and line[end] in _SPACE else None
                end = end if found and (count > 1 or goes_on or found[0] == "s1") else None
                count += end is not None and value == count
        if end is not None and not _YEAR.search(line, m.end(), end):  # not 7、 某局2021年度…情况统计表
            cuts.update((m.start(), _skip_space(line, end)))
            first_heading = min(first_heading, m.start())
            strong += m.start() > 0
    for a, b in _lost_numeral_titles(line, known, vocab):  # 一、… 。依申请公开政府信息情况全年… 三、…
        cuts.update((a, b))
        strong += 1
    arabic_parts = [d for d in damaged if d.start() < old_table and _at_break(line, d.start())
                    and line[d.end() - 1] not in _SPACE and not _value_before(line, d.start())]
    own_titles = _ordinal_run(known, unknown, arabic_parts)
    for m in own_titles:  # 一、健全组织…, 3、严格审核…
        cuts.add(m.start())
        first_heading = min(first_heading, m.start())
        strong += m.start() > 0
    problems = _problems_after_last_part(line, known + own_titles, vocab)  # …四、… 。存在的不足和下一步打算一年来，…
    if problems is not None:
        cuts.update(problems)
        strong += 1
    for m in vocab.standard_title_re.finditer(simple):  # a part title that lost its number
        a = m.start()
        spaced = _CN_MARKER_BEFORE.search(simple, max(0, a - 6), a)  # …00五 政府…
        # the title keeps its number, even after a value (…收费03、 收到… …00五 政府…)
        marker = _ARABIC_MARKER_BEFORE.search(simple, max(0, a - 6), a)
        if marker is not None and not (_at_break(simple, marker.start()) or simple[marker.start() - 1].isdigit()):
            marker = None
        if a in cuts or not (a == 0 or simple[a - 1] in _BARE_TITLE_BEFORE or spaced or marker) \
                or (_after_marker(simple, a) and not spaced):
            continue
        if not (marker or spaced) and _PART_LIST.search(simple, max(0, a - 200), a):
            continue  # a part named in the preamble's list of parts (全文分为…；存在的主要问题…；…共八个部分)
        marker = marker or spaced
        if marker is not None:
            if marker.start() in cuts:
                continue
            a = marker.start()
        cuts.update((a, _skip_space(line, m.end())))
        first_heading = min(first_heading, a)
        strong += a > 0
    # a short standard title that lost its number, opening the line or following a sentence
    # before any part, and running into a paragraph (a page opening: 总体情况 2021年，…,
    # …编制本报告。总体情况2024年，…); not prose (总体情况良好, …工作总体情况，)
    for head in vocab.short_title_re.finditer(simple, 0, min(first_heading, 1500)):
        a, b = head.start(), head.end()
        if (a == n - len(line.lstrip()) or _SENTENCE_END_BEFORE.search(simple, max(0, a - 3), a)) \
                and b < n and (simple[b] in _SPACE or simple[b].isdigit()) and _paragraph_after_title(line, b):
            cuts.update((a, _skip_space(line, b)))
            first_heading = min(first_heading, a)
            strong += 1
            break
    strong += sum(t > 0 for t, _ in tables)
    # a line holding only 总体情况's subsections (a page flattened in several lines)
    subsections = sum(_at_break(line, m.start()) and _subsection_title_end(simple, m.end(), vocab) is not None
                      for m in LEVEL2.finditer(line, 0, old_table))
    lead = LEVEL2.match(line)
    strong += subsections >= 2 or (lead is not None and _subsection_title_end(simple, lead.end(), vocab) is not None)

    opening = _opening_cuts(simple, vocab)
    panel = _panel_end(simple, vocab, min(first_heading, 600))
    if panel is not None:
        opening.append(panel)
    titles = _title_cuts(simple, min(first_heading, 600), frozenset(opening))
    preamble = None
    if titles or vocab.is_noise(match_form(line[:40])):
        preamble = PREAMBLE.search(simple, max(titles, default=0), min(first_heading, 1000))
    strong += bool(titles or preamble)
    # a report no heading divides, run together from its title or preamble on
    if first_heading == n and n >= 200 and not tables \
            and (titles or vocab.preamble_re.match(simple, _skip_space(simple, 0))):
        body = _unheaded_body_cuts(simple, vocab)
        cuts.update(body)
        strong += bool(body)
    lead_front = _opening_front_heading(line, vocab) if line[:1] in "引前" else None
    if lead_front is not None:  # 引 言本报告是根据…
        cuts.add(lead_front)
        strong += 1
    if not strong and simple.rstrip().endswith("日"):  # …。某某局 2025年3月26日 closing the line
        sig = _last_signature(simple)
        strong += sig is not None and sig.start() > 0 and not simple[sig.end():].strip()
    if not strong:
        return None
    heads = sorted(cuts)
    last_at, last_kind = -1, None
    for t, kind in tables:
        if kind != last_kind or bisect_right(heads, t) > bisect_right(heads, last_at):
            cuts.add(t)
            end = min(bisect_right(heads, t), len(heads) - 1)
            nxt = heads[end] if heads and heads[end] > t else n
            prose = _PROSE_AFTER_TABLE.search(line, t, nxt)
            if prose and kind != "OLD":
                cuts.add(prose.start())
        last_at, last_kind = t, kind
    if old_table < n:  # its rows belong to different parts (主动公开 s1.1, 依申请 s1.2, 复议 s4 …)
        # the header runs on to the first row (统计指标单位统计数一、… / 指标名称计量单位数量一、…)
        cuts.update(_skip_space(line, h.end()) for h in _OLD_HEADER_RUN.finditer(simple, old_table))
        cuts.update(_skip_space(line, m.end()) for m in _OLD_TABLE_ROW.finditer(line, old_table))
        for m in _TABLE_NOTE.finditer(line, old_table):
            cuts.update((m.start(), _skip_space(line, m.end())))
    for m in ATTACHMENT.finditer(line):
        cuts.add(m.start())
        sig = _signature_before(simple, m.start())  # …无。某局 2018年3月16日附件 …统计表
        if sig is not None:
            cuts.add(sig.start())
    for m in PAGE_NUMBER.finditer(line):
        cuts.update((m.start(), _skip_space(line, m.end())))
    cuts.update(titles)
    cuts.update(opening)
    # 。概述2010年是…: the overview's title without its number, before the first numbered part
    for m in _BARE_OVERVIEW.finditer(simple, 0, first_heading):
        found = vocab.part_section(re.sub(r"[ \u3000]", "", m.group(1)))
        if found and found[0] == "s1":
            cuts.update((m.start(1), _skip_space(line, m.end(1))))
            break
    if titles:  # 某局…年度报告前言本报告…: an opening heading after the title
        front_end = _front_heading_end(simple, max(titles), vocab)
        if front_end is not None:
            cuts.add(front_end)
    if preamble and not (titles and 0 < preamble.start() - max(titles) <= 4):  # not in 我局根据《…
        cuts.add(preamble.start())
    sig = _last_signature(simple)
    if sig is not None:
        cuts.update((sig.start(), _skip_space(line, sig.end())))
    starts = [t for t, _ in tables]
    for m in LEVEL2.finditer(line):
        if m.start() > old_table:  # a row label of that table: its unit and value stay with it
            continue
        k = bisect_right(starts, m.start())
        if k and bisect_right(heads, starts[k - 1]) == bisect_right(heads, m.start()) \
                and _is_row_label(vocab, _ROW_LABEL.match(line, m.start()).group()):
            continue  # a row of the table run it stands in: （一）予以公开 2 0 0 …
        if _at_break(line, m.start()) or m.start() in cuts or _after_part_title(line, m, cuts):
            end = _level2_title_end(line, m.end(), vocab, simple)
        else:  # straight after other text: only a known title makes it a heading
            end = _title_end(line, m.end(), vocab, strict=True)
            if end is None:
                continue
        cuts.add(m.start())
        if end is not None:
            cuts.add(_skip_space(line, end))
    for m in vocab.subsection_titles(simple):  # 。 主动公开 全年…: an unnumbered subsection alone on its former line
        a, b = m.start(), m.end()
        k = _back_over_space(simple, a)
        if a < old_table and b < n and simple[b] in _SPACE and k < a and (k == 0 or simple[k - 1] in "。；;！？!?" or a in cuts):
            cuts.update((a, _skip_space(line, b)))
    return RuleCuts(cuts, [t for t, _ in tables], old_table, simple)


def segment_line(line: str, vocab: "Vocabulary", *, boundaries: "BoundaryModel | None | str" = "default",
                 title_ends: "TitleEndModel | None | str" = "default",
                 old_table_open: bool = False) -> list[tuple[int, int]]:
    """[(start, end)) spans within ``line`` that cover it exactly. ``boundaries`` and
    ``title_ends``: the learned models of ``gainlp.learned_cuts`` ("default": the packaged
    ones; None: the rules' cuts alone); ``old_table_open``: see ``rule_cuts``."""
    from .rules.headings import contents_items, contents_prefix
    n = len(line)
    found = rule_cuts(line, vocab, old_table_open=old_table_open) if n >= MIN_FLAT_LENGTH else None
    if found is None or contents_items(line):
        return [(0, n)]
    contents = contents_prefix(line)  # a table of contents the body follows: one unit
    cuts, old_table = found.cuts, found.old_table
    if boundaries == "default":
        boundaries = default_boundary_model()
    if boundaries is not None:
        cuts = boundaries.decide(line, found, vocab)
    if title_ends == "default":
        title_ends = default_title_end_model()
    if title_ends is not None:
        cuts.update(_learned_title_ends(line, cuts, old_table, vocab, title_ends))
    cuts.update(_footer_starts(found.simple, vocab, max(cuts, default=0)))
    closing = _closing_label(found.simple, vocab)
    if closing is not None and closing > max(cuts, default=0):
        cuts.add(closing)
    # transcoding debris (?????一、…) stays with the unit it stands before
    moved = set()
    for c in cuts:
        debris = _DEBRIS_BEFORE.search(line, max(0, c - 40), c)
        moved.add(c if debris is None else debris.start())
    lead = n - len(line.lstrip())  # indentation opens the first unit, never a unit of its own
    if "[bookmark:" in line:  # a docx marker is never cut through
        marks = [(m.start(), m.end()) for m in _BOOKMARK.finditer(line)]
        starts = [a for a, _ in marks]
        moved = {c for c in moved if not (k := bisect_right(starts, c)) or not marks[k - 1][0] < c < marks[k - 1][1]}
    points = sorted(c for c in moved if max(lead, contents) < c < n)
    bounds = [0, *([contents] if contents else []), *points, n]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def cut_lines(lines: Sequence[str], vocab: "Vocabulary") -> dict[int, list[tuple[int, int]]]:
    """The spans of every line that ``segment_line`` cuts into several, by line index."""
    out: dict[int, list[tuple[int, int]]] = {}
    old_open = False
    for i, line in enumerate(lines):
        if len(line) >= MIN_FLAT_LENGTH:
            spans = segment_line(line, vocab, old_table_open=old_open)
            if len(spans) > 1:
                out[i] = spans
        old_open = old_table_open_after(line, old_open)
    return out


def segment_lines(lines: Sequence[str], vocab: "Vocabulary", *,
                  cut: dict[int, list[tuple[int, int]]] | None = None) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Pseudo-lines (segments) and, for each, (line index, start, end) within that line.
    ``cut``: ``cut_lines(lines, vocab)``, if already at hand."""
    if cut is None:
        cut = cut_lines(lines, vocab)
    out: list[str] = []
    origin: list[tuple[int, int, int]] = []
    for i, line in enumerate(lines):
        for a, b in cut.get(i, ((0, len(line)),)):
            out.append(line[a:b])
            origin.append((i, a, b))
    return out, origin
