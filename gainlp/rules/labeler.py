"""The rule-based labeler: units → tables → headings → one decoding pass over the document.

Passes, each over plain ``Unit`` objects:
1. units: lines, with flattened lines split at headings and table boundaries;
2. tables: regions, roles and sections of table cells (``tables.TableFinder``);
3. noise, title and heading shapes;
4. decoding: one pass that carries the current section through the document, switching at
   headings (level inferred from context), tables (rule 4) and heading-less text whose
   place is certain (rule 6), then front/back matter;
5. confidences.
"""
from __future__ import annotations

import gc
import os
import re
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterator

from ..formats import detect_format
from ..learned_cuts import load_cut_models
from ..labels import top_section
from ..normalize import match_form
from ..report import Line, Lines, Report, Segment, split_lines
from ..segment import FILE_NAME, MIN_FLAT_LENGTH, old_table_open_after, segment_line
from .headings import PHRASE_PAIR, HeadingShape, contents_items, heading_shape
from .tables import PADDED, TableFinder, chart_residue
from .units import Unit, is_number, make_unit
from .vocab import Vocabulary, load_vocabulary

_ORDINAL_SECTION = {1: "s1", 2: "s2", 3: "s3", 4: "s4", 5: "s5", 6: "s6"}
_SENTENCE_FINAL = re.compile(r"[。！？；：:]$")
_PART_ENDING = re.compile(r"(情况|事项|概述|概况|问题|措施|打算|统计)$")
_FIRST_SENTENCE = re.compile(r"[^。！？；]*")
_PARAGRAPH_END = ("。", "！", "？")
_WRAPPED_LINE = 40  # longer lines are whole paragraphs (web text), shorter ones may be PDF-wrapped
_CLAUSE_COMMA = re.compile(r"[,，;；]")  # a title has none: 根据《条例》要求,现公布…年度报告。 is a sentence
_TITLE_YEAR = re.compile(r"(?:19|20)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3}")
_BREADCRUMB = re.compile(r"\s*[>›»]\s*")
# text with no heading straight after a standard table that speaks of the next part's matter
# (rule 6): applications after the 第二十条 table, 复议/诉讼 after the applications table
_NEXT_PART_TEXT = {"T2": ("s3", re.compile(r"(收到|接到|受理|新收|办理|答复)[^。；]{0,16}申请")),
                   "T3": ("s4", re.compile(r"行政复议|行政诉讼"))}
_PAGE_OF = re.compile(r"第\s*(\d{1,3})\s*页\s*[,，/]?\s*共\s*(\d{1,3})\s*页")
_DATED = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?$|[〇○零一二][〇○零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日$")
_BARE_PAGE_NUMBER = re.compile(r"^\d{1,3}$")  # only outside tables
_IMAGE = re.compile(r"^\[image:([^\]]*)\]$")
_INDEX_NUMBER = re.compile(r"^[A-Za-z0-9_-]{5,}[/-](?:19|20)\d{2}[-/][0-9A-Za-z-]{2,}$")  # 索引号's value
_BARE_DATE = re.compile(r"^(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}日?(?:\d{1,2}:\d{2}(?::\d{2})?)?$")
_PROBLEMS_OPEN = re.compile(r"(?:[一二三四五六七八九十]+是)?(?:我[局委办镇县区市厅]|本机关)?[^。，,；;：:]{0,4}"
                            r"(?:存在的?(?:主要)?(?:问题|不足)|主要问题|不足之处|问题和不足)")
_IN_SENTENCE = re.compile(r"[。，,；;！？!?]")
_HEADING_ENDING = re.compile(r"(情况|事项|措施|建设|工作|问题|概述|概况|计划|打算|做法|成效|举措|方面|内容|管理|公开|保障|机制|制度|领导|培训|考核|监督|平台|审查|落实|推进|结果|处理|表|统计)$")


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: a large report makes millions of objects, none in
    a cycle, and the collections their allocation triggers walk all of them again and again
    (2–5 s of the 22 s that labeling a 50 MB report takes)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# the first two clauses of a text, as far as a title may reach (加强组织领导,健全工作机制…)
_LEAD_CLAUSES = re.compile(r"[^,，。；;：:！？!?]{1,16}(?:[,，][^,，。；;：:！？!?]{1,12})?")
_LEAD_CLAUSE = re.compile(r"[^,，。；;：:！？!?]{1,16}")  # a subsection's: one clause


@dataclass
class _Heading:
    level: int
    section: str | None   # the section the heading names (None: keep or infer)
    exact: bool           # the title is a standard one, word for word
    shape: HeadingShape


class RuleLabeler:
    """Label a report with rules alone. ``aliases``/``tables``: paths to user vocabulary files.
    ``cuts``: the learned cuts of long lines (``gainlp.learned_cuts.load_cut_models``: "default"
    the packaged ones, None the rules' cuts alone, or a folder)."""

    def __init__(self, *, aliases: str | None = None, tables: str | None = None,
                 cuts: str | os.PathLike | None = "default"):
        self.aliases = aliases
        self.tables = tables
        self.vocab: Vocabulary = load_vocabulary(aliases, tables)
        self.boundaries, self.title_ends = load_cut_models(cuts)

    # -- public -----------------------------------------------------------------------
    def label(self, text: str, *, source: str | None = None) -> Report:
        with _no_gc():
            lines = split_lines(text)
            units = self.units(text, lines)
            fmt = detect_format(text)
            self.label_units(units, fmt)
            rounded: dict[float, float] = {}  # the rules' confidences are a few constants
            segments = []
            for k, u in enumerate(units):
                conf = rounded.get(u.confidence)
                if conf is None:
                    conf = rounded[u.confidence] = round(u.confidence, 4)
                segments.append(Segment(u.start, u.end, u.line, u.section or "front", u.role or "body", conf))
                units[k] = None  # type: ignore[call-overload]  # free the units as the segments grow
            return Report(text=text, segments=segments, lines=lines, source=source, format=fmt, engine="rules")

    def units(self, text: str, lines: Sequence[Line] | None = None) -> list[Unit]:
        units: list[Unit] = []
        vocab = self.vocab
        if lines is None:
            lines = split_lines(text)
        bounds = lines.spans() if isinstance(lines, Lines) else ((ln.start, ln.end) for ln in lines)
        old_open = False  # an old statistics table goes on from an earlier line
        for index, (first, last) in enumerate(bounds):
            line = text[first:last]
            spans = segment_line(line, vocab, boundaries=self.boundaries, title_ends=self.title_ends,
                                 old_table_open=old_open) if last - first >= MIN_FLAT_LENGTH else None
            old_open = old_table_open_after(line, old_open)
            if spans is None or len(spans) == 1:  # the whole line: its own string and offsets, no copies
                units.append(make_unit(index if index == len(units) else len(units), index, first, last, line))
                continue
            for start, end in spans:
                units.append(make_unit(len(units), index, first + start, first + end, line[start:end]))
        return units

    def label_units(self, units: list[Unit], fmt: str) -> None:
        TableFinder(self.vocab).run(units)
        self._noise(units)
        self._panel_values(units)
        headings = self._headings(units, fmt)
        self._decode(units, headings, fmt)
        self._front_back(units, headings)
        self._body_without_heading(units, fmt)
        self._blanks(units)
        _flat_old_rows(units)

    # -- passes -------------------------------------------------------------------------
    def _noise(self, units: list[Unit]) -> None:
        image_caption = None
        # a panel's key whose value stands on the next line (发布机构： / • 索引号; never the dated
        # title): its line, and whether the value may come after blank lines too (a key with a colon)
        key_line: int | None = None
        key_colon = False
        for u in units:
            if u.blank or u.table:
                continue
            raw = u.raw.strip()
            m = _IMAGE.match(raw)
            if m:
                u.role, u.confidence = "noise", 0.98
                image_caption = match_form(m.group(1)) or None
                continue
            if image_caption and u.mf.strip("()") == image_caption:
                u.role, u.confidence = "noise", 0.9
            elif (len(u.mf) <= 80 and self.vocab.is_noise(u.mf)) or self.vocab.is_chrome(u.raw) \
                    or chart_residue(u) or not u.mf or _BARE_PAGE_NUMBER.match(u.mf) or contents_items(u.raw) \
                    or (len(u.mf) <= 200 and FILE_NAME.match(u.mf) and not _SENTENCE_FINAL.search(u.mf)):
                u.role, u.confidence = "noise", 0.9
                image_caption = None
                # a key alone (索引号：) takes its value from the next line; the last field of a
                # panel run together (…阅读次数：) is just empty
                key_colon = u.mf.endswith((":", "：")) and u.mf.count(":") + u.mf.count("：") == 1
                key_line = u.line if key_colon or self._bare_keys(u.mf) else None
                continue
            elif key_line is not None and len(u.mf) <= (80 if "|" in u.mf else 40) \
                    and not heading_shape(u.raw).marker.level and (u.line == key_line + 1 or key_colon) \
                    and not (self.vocab.is_title(u.mf) and _TITLE_YEAR.search(u.mf)):
                u.role, u.confidence = "noise", 0.75
            image_caption = None
            key_line = None

    @staticmethod
    def _panel_values(units: list[Unit]) -> None:
        """A panel whose keys the page lost: its values alone on short lines, from the index
        number to the date (QA4425051-2018-001 / 主动公开 / 无 / 某区教育局 / 2018.01.25)."""
        content = [u for u in units[:40] if not u.blank and not u.table]
        for k, u in enumerate(content):
            if not _INDEX_NUMBER.match(u.mf):
                continue
            run = content[k:k + 7]
            end = next((j for j, v in enumerate(run) if j and _BARE_DATE.match(v.mf)), None)
            if end is not None and all(len(v.mf) <= 20 and not _SENTENCE_FINAL.search(v.mf)
                                       and not heading_shape(v.raw).marker.level for v in run[:end + 1]):
                for v in run[:end + 1]:
                    v.role, v.confidence = "noise", 0.7
            return

    def _bare_keys(self, mf: str) -> bool:
        """A panel's keys without their values (``•索引号``, ``索引号|公开方式|发布机构|``): the
        values follow on the next line."""
        cells = [c.lstrip("•·-*●◆■▪").rstrip(":：") for c in mf.split("|")]
        cells = [c for c in cells if c]
        return bool(cells) and all(c in self.vocab.chrome_keys or self.vocab.keys_run(c) for c in cells)

    def _headings(self, units: list[Unit], fmt: str) -> dict[int, _Heading]:
        """Heading candidates with the level their context gives them."""
        vocab = self.vocab
        old = fmt == "old"
        shapes: dict[int, HeadingShape] = {}
        for u in units:
            if u.blank or u.table or u.role == "noise":
                continue
            shape = heading_shape(u.raw)
            if shape.marker.kind != "none" or shape.whole:
                shapes[u.index] = shape
        top_kind = self._top_kind(shapes)
        # parts numbered 1. 2. … (no 一、 part in the report): a known part title continuing the count
        arabic_parts = not any(s.marker.kind in ("cn_dun", "part") and (s.whole or not s.title) for s in shapes.values())
        out: dict[int, _Heading] = {}
        last = max((u.index for u in units if not u.blank), default=-1)
        last_top_value, last_sub_value = 0, -1
        for i, shape in shapes.items():
            kind = shape.marker.kind
            value = shape.marker.value
            # （一） restarting under a （N） top level, and the sub-items after it, headings or not
            # (a standard part title opening the text ends the sub-items: （二）主动公开政府信息情况统计…)
            sub_item = kind == top_kind == "cn_paren" and not vocab.standard_section(shape.title) and (
                value <= last_top_value or (value == last_sub_value + 1
                                            and not vocab.standard_title_re.match(match_form(shape.title))))
            if sub_item:
                last_sub_value = value
            goes_on = kind in ("arabic_dun", "arabic_dot") and top_kind == "cn_dun" and value == last_top_value + 1 >= 3
            if kind in ("cn_dun", "part") and not shape.title and not shape.run_in:
                # a part whose title the page lost (一、 alone on its line): its number places it
                section = ("s1" if value == 1 else None) if old else _ORDINAL_SECTION.get(value)
                if section is not None and value > last_top_value:
                    last_top_value, last_sub_value = value, -1
                    out[i] = _Heading(1, section, False, HeadingShape(shape.marker, "", True, False, False, False))
                continue
            if not (shape.whole or shape.run_in):
                if not (kind in ("cn_dun", "part", "cn_paren") or goes_on) or not _cut_from_its_line(units, i):
                    continue
                # a part or subsection the segmenter cut at, its own title run into the text with
                # no break (一、加强组织领导，健全工作机制卫生…, （一）组织机构建设年初，…): a run-in
                # heading named by its lead clauses (rule 8)
                lead = (_LEAD_CLAUSE if kind == "cn_paren" else _LEAD_CLAUSES).match(shape.title)
                if lead is None:
                    continue
                shape = HeadingShape(shape.marker, lead.group(), False, True, False, False)
            title = shape.title
            std = vocab.standard_section(title)
            part = vocab.part_section(title, old=old)
            psec = part[0] if part else None
            if shape.whole and shape.period and not (std or psec) and len(title) > 12 and not PHRASE_PAIR.match(title):
                continue  # a numbered sentence, not a heading (rule 11); 加强领导，压实责任。 is a title
            if kind == "part" or kind == top_kind:
                level = 1
                if sub_item and not std:
                    level = 2
                else:
                    last_top_value, last_sub_value = value, -1
            elif kind == "cn_dun":
                level = 1 if (std or psec or shape.whole) else 3
            elif kind == "cn_paren":
                level = 2
            elif kind == "cn_space":
                if not (std or psec):
                    continue
                level = 1
            elif kind in ("arabic_dun", "arabic_dot") and (shape.whole or goes_on) and (std or psec) and (
                    (std and (arabic_parts or value == last_top_value + 1)) or shape.marker.spaced
                    or (arabic_parts and value == last_top_value + 1) or (psec and goes_on)):
                # …七、… then 8、政府信息公开的收费及减免情况 (or 二、… 3、严格审核把关，…run into its
                # text): the count of parts goes on
                level = 1   # Word list numbering lost (1、 概述), or parts numbered 1.总体情况 (rule 2)
                last_top_value = shape.marker.value
            elif kind == "arabic_paren" and shape.marker.spaced and shape.whole:
                level = 2   # （5） 监督保障情况
            elif kind == "none" and shape.whole and not std and vocab.subsection_title_end(title, 0) == len(title) \
                    and not units[i].mf.endswith("。"):
                level = 2   # 主动公开 alone on its line: a subsection of 总体情况 without its number (rule 16)
            elif kind == "none" and shape.whole and not std and "," in title \
                    and vocab.topic(title) and not units[i].mf.endswith("。"):
                level = 2   # 加强组织领导，压实公开责任 (whole: two short phrases) alone on its line, named by its topic
            elif kind == "none":
                listing = "、" in title or units[i].mf.startswith("、") or units[i].mf.endswith(("、", ",", "，"))
                if not shape.whole or units[i].mf.endswith("。") or (listing and not std) or not (
                        std or (psec in ("s1", "front") and len(title) <= 8)
                        or (psec and len(title) <= 25 and _PART_ENDING.search(title))):
                    continue
                level = 1
            else:
                level = 3
            section = None
            if level == 1 and not std and not old and kind in ("cn_dun", "part"):
                std = self._damaged_standard_title(title, shape.marker.value)
            if level == 1:
                if std:
                    section = "s1.1" if std == "s2" and old else std
                else:
                    section = psec
                nxt = units[i + 1] if i + 1 < len(units) else None
                wrap = nxt is not None and (nxt.line == units[i].line + 1
                                            or (nxt.line == units[i].line and PADDED.search(units[i].raw)))
                if section is None and wrap and not nxt.blank and len(nxt.mf) <= 4:
                    joined = title + nxt.mf.rstrip(":：")  # a wrapped title's second half names the part
                    std2 = vocab.standard_section(joined)
                    section = ("s1.1" if std2 == "s2" and old else std2) \
                        or (vocab.part_section(joined, old=old) or (None,))[0]
                if section is None and i == last and shape.whole:  # a title the page's end cut short
                    section = vocab.cut_short_part_section(title, old=old)
                    if section is None and old:
                        continue  # too short to know: it stays in the part before, not in s6
                if section is None and not std and vocab.is_title(title):
                    continue  # 六、政府信息公开工作年度报告: a catalogue line naming the report, no part
                if section is None and old and PHRASE_PAIR.match(title):
                    section = vocab.topic(title) or "s1"  # a slogan of two phrases names the work done (rule 14)
                if section is None and old and _about_applications(units[i:i + 6]):
                    section = "s3"  # a title that names nothing (四、某某娱乐办理情况): its text decides
                if section is None and shape.whole:
                    section = "s6" if old else _ORDINAL_SECTION.get(shape.marker.value)
            out[i] = _Heading(level, section, bool(std), shape)
        self._lost_numeral_parts(out, old)
        return out

    def _lost_numeral_parts(self, out: dict[int, "_Heading"], old: bool) -> None:
        """一、… 依申请公开政府信息情况 … 三、…: the one unnumbered heading between two parts
        whose count skips a number, a part's title in full, is the part that lost its numeral."""
        numbered = [(i, h) for i, h in sorted(out.items())
                    if h.level == 1 and h.shape.marker.kind in ("cn_dun", "part")]
        for (i, p), (j, q) in zip(numbered, numbered[1:]):
            if q.shape.marker.value != p.shape.marker.value + 2:
                continue
            bare = [(k, h) for k, h in out.items() if i < k < j and h.shape.marker.kind == "none" and h.shape.whole]
            if len(bare) != 1:
                continue
            k, h = bare[0]
            title = h.shape.title
            found = self.vocab.part_section(title, old=old)
            if found and (title in self.vocab.part_titles_in_full or self.vocab.standard_section(title)):
                out[k] = _Heading(1, found[0], h.exact, h.shape)

    def _damaged_standard_title(self, title: str, ordinal: int) -> str | None:
        """In a 2019/2021 report, part N whose title is a damaged form of standard title N
        (a doubled or dropped word: 主动公开政府政府情况) is that part."""
        sec = _ORDINAL_SECTION.get(ordinal)
        if sec is None or len(title) < 4:
            return None
        for t in self.vocab.standard_titles.get(sec, ()):
            m = SequenceMatcher(None, title, t)
            if m.real_quick_ratio() >= 0.8 and m.quick_ratio() >= 0.8 and m.ratio() >= 0.8:
                return sec
        return None

    def _top_kind(self, shapes: dict[int, HeadingShape]) -> str:
        """The marker kind that numbers the top level: that of the first 总体情况-like heading,
        else （一） when several （N） headings carry standard part titles and no 一、 does."""
        std_title = self.vocab.standard_section
        for shape in shapes.values():
            if shape.marker.kind in ("cn_dun", "cn_paren", "part") and shape.marker.value == 1 \
                    and (shape.whole or shape.run_in) \
                    and (self.vocab.part_section(shape.title) or ("",))[0] == "s1":
                return shape.marker.kind
        counts: dict[str, int] = {}
        for shape in shapes.values():
            if shape.marker.kind in ("cn_dun", "cn_paren") and shape.whole and std_title(shape.title):
                counts[shape.marker.kind] = counts.get(shape.marker.kind, 0) + 1
        if counts.get("cn_dun", 0) == 0 and counts.get("cn_paren", 0) >= 2:
            return "cn_paren"
        return "cn_dun"

    def _decode(self, units: list[Unit], headings: dict[int, _Heading], fmt: str) -> None:
        vocab = self.vocab
        cur = "front"
        started = False
        last_table: str | None = None
        prev_heading: Unit | None = None
        part = cur  # the section the last part heading (or table) opened; a fee item may leave it
        for k, u in enumerate(units):
            if u.blank:
                continue
            if u.table:
                if u.table != "OLD":
                    cur = part = u.section or cur
                    started = True
                last_table = u.table
                prev_heading = None
                continue
            h = headings.get(u.index)
            if u.role == "noise":
                u.section = cur
                continue
            if prev_heading is not None and h is None and self._wrapped_heading(prev_heading, u):
                u.section, u.role, u.confidence = prev_heading.section, "heading", prev_heading.confidence
                prev_heading = None
                continue
            prev_heading = None
            if h is not None and h.level == 1 and h.section:
                cur = part = h.section
                started = True
                conf = 0.98 if h.exact else (0.9 if h.shape.marker.kind in ("cn_dun", "cn_paren", "part") else 0.8)
                self._set_heading(u, h, cur, conf)
                prev_heading = u if h.shape.whole else None
                last_table = None
                continue
            if h is not None and h.level == 2 and (top_section(part) == "s1" or part == "front"):
                sub = (vocab.exit_section(h.shape.title) or vocab.topic(h.shape.title)
                       or self._topic_from_text(units, k, headings, default=part if part.startswith("s1.") else "s1"))
                cur, started = sub, True
                self._set_heading(u, h, cur, 0.9 if vocab.topic(h.shape.title) else 0.7)
                prev_heading = u if h.shape.whole else None
                continue
            if h is not None and h.shape.whole and h.level >= 2:
                u.section, u.role, u.confidence = cur, "heading", 0.85
                prev_heading = u
                continue
            if cur == "s4" and not headings.get(u.index) and (
                    last_table == "T4" or _PROBLEMS_OPEN.match(u.mf)):
                # heading-less text after the 复议/诉讼 table, or opening on the problems (rule 6)
                cur = "s5"
                u.confidence = 0.6
            elif last_table in _NEXT_PART_TEXT and _NEXT_PART_TEXT[last_table][1].search(_FIRST_SENTENCE.match(u.mf).group()):
                # …the applications table, then 2021年，我局被申请行政复议1件…: 四's text, its heading lost
                cur = part = _NEXT_PART_TEXT[last_table][0]
                u.confidence = 0.6
            else:
                u.confidence = 0.9 if started else 0.8
            last_table = None
            u.section, u.role = cur, "body"

    @staticmethod
    def _set_heading(u: Unit, h: _Heading, section: str, conf: float) -> None:
        u.section = section
        u.role = "heading" if h.shape.whole else "body"
        u.confidence = conf

    def _wrapped_heading(self, prev: Unit, u: Unit) -> bool:
        """The second line of a heading broken over two lines (…行政诉讼的情 / 况)."""
        # the next line, or the next piece of a line cut at a gap (一. 政府信息公开总体工作  情况  2015年…)
        same_line = u.line == prev.line and PADDED.search(prev.raw) is not None
        if (u.line != prev.line + 1 and not same_line) or len(u.mf) > 8 or is_number(u.mf) \
                or _SENTENCE_FINAL.search(prev.mf):
            return False
        if heading_shape(u.raw).marker.kind != "none" or u.mf.endswith("。"):
            return False
        title = heading_shape(prev.raw).title
        joined = title + u.mf.rstrip(":：")
        if self.vocab.standard_section(joined):
            return True
        return len(title) >= 8 and not _HEADING_ENDING.search(title) and bool(_HEADING_ENDING.search(joined))

    def _body_without_heading(self, units: list[Unit], fmt: str) -> None:
        """Rules 6, 9 and 16 for a report whose body no heading opens (short old reports).
        After the title or the preamble (LABELS.md ``front``: 编制依据, 统计期限, 联系方式;
        ``front_matter.preamble_patterns``), the first paragraph that is not preamble is the
        overview, ``s1``. Each later paragraph up to the first heading or table goes to ``s5``
        where its first sentence speaks of problems or next steps
        (``body_without_heading.plans_patterns``), to ``s4`` where it speaks of 复议/诉讼, in an
        old report to ``s3`` where it speaks of applications received, else to the subsection
        that sentence names, else to ``s1``; a short line without a sentence stays where the
        text before it is."""
        vocab = self.vocab
        end = next((k for k, u in enumerate(units) if not u.blank and (u.section != "front" or u.table)),
                   len(units))
        first_sub = end < len(units) and units[end].role == "heading" and top_section(units[end].section) == "s1" \
            and heading_shape(units[end].raw).marker.level == 2
        if end < len(units) and not units[end].table and units[end].section != "back" and not first_sub:
            return  # a part heading opens the body: what stands before it is front matter
        # a subsection of 总体情况 opening the body ((一)主动公开…, its part's heading lost or cut
        # off the page): the paragraph before it that is not preamble is the overview, title or not
        front_seen = first_sub  # a title or a preamble paragraph: what follows may be the body
        section = None
        for para in _paragraphs(units[:end]):
            u = para[0]
            if u.role == "title":
                front_seen = True
                continue
            if u.role == "noise":
                if section:
                    u.section = section
                continue
            if u.role != "body":
                continue
            text = "".join(p.mf for p in para)
            if section is None:
                if vocab.preamble_re.search(text):
                    front_seen = True
                    continue
                if not (front_seen and len(text) >= 20 and "。" in text):
                    continue
                section = "s1"  # the overview (rule 9: mixed -> s1)
            elif "。" in text or len(text) >= 20:
                first = _FIRST_SENTENCE.match(text).group()
                if vocab.plans_re.search(first):
                    section = "s5"
                elif _NEXT_PART_TEXT["T3"][1].search(first):
                    section = "s4"  # 没有被申请行政复议或被提起行政诉讼
                elif fmt == "old" and _NEXT_PART_TEXT["T2"][1].search(first):
                    section = "s3"  # an old report's 依申请公开 part: 未接到…申请
                else:
                    section = vocab.topic(first) or "s1"
            for p in para:
                p.section, p.confidence = section, 0.6

    def _topic_from_text(self, units: list[Unit], k: int, headings: dict[int, _Heading], *,
                         default: str = "s1") -> str:
        """Rule 9: a level-2 heading without topic words takes the topic of the text under it;
        when the text names none, ``default`` (the part's own subsection of 总体情况 inside an old
        part such as 二、主动公开政府信息情况 → ``s1.1``, else ``s1``)."""
        text = []
        for u in units[k + 1:k + 40]:
            h = headings.get(u.index)
            if u.table or (h is not None and h.level <= 2):
                break
            text.append(u.mf)
        counts = sorted(self.vocab.topic_counts("".join(text)).items(), key=lambda kv: -kv[1])
        if counts and (len(counts) == 1 or counts[0][1] >= 2 * counts[1][1]) and counts[0][1] >= 2:
            return counts[0][0]
        return default

    def _front_back(self, units: list[Unit], headings: dict[int, _Heading]) -> None:
        vocab = self.vocab
        content = [u for u in units if not u.blank and u.role != "noise"]
        # title: short lines naming the report, before the first heading or paragraph
        for n, u in enumerate(content[:8]):
            if u.section != "front" or u.table or u.role != "body":
                break
            nxt = content[n + 1] if n + 1 < len(content) else None
            if len(u.mf) <= 60 and vocab.is_title(u.mf.strip("|｜")) and not _CLAUSE_COMMA.search(u.mf):
                u.role, u.confidence = "title", 0.95
            elif len(u.mf) <= 12 and nxt is not None and u.mf in nxt.mf and vocab.is_title(nxt.mf):
                u.role, u.confidence = "noise", 0.7  # the page's column (政府信息公开) over the title naming it again
            elif len(u.mf) <= 24 and nxt is not None and not _SENTENCE_FINAL.search(u.mf) and len(nxt.mf) <= 60 \
                    and not _chrome_between(units, u, nxt) \
                    and (vocab.is_title(nxt.mf) or (nxt.role == "body" and vocab.is_title(u.mf + nxt.mf))):
                u.role, u.confidence = "title", 0.85
            elif len(u.mf) <= 30 and (vocab.is_signature(u.mf) or _DATED.search(u.mf)):
                continue  # an issuer or date line between a page headline and the title
            elif any(c.role == "title" for c in content[:n]) or len(u.mf) > 24 or _SENTENCE_FINAL.search(u.mf):
                break
        # above the title, with page chrome between: the site's name (汶桥市人民政府), and the
        # catalogue's category that repeats the breadcrumb's last step (首页 > … > 政府信息公开年报 /
        # 政府信息公开年报), are chrome, not a title wrapped over two lines
        dated = next((u for u in content[:8] if u.role == "title" and _TITLE_YEAR.search(u.mf)), None)
        for u in content[:8]:
            if dated is None or u is dated:
                break
            if len(u.mf) <= 24 and not _TITLE_YEAR.search(u.mf) and _chrome_between(units, u, dated) and (
                    (u.role == "body" and vocab.is_signature(u.mf) and not _IN_SENTENCE.search(u.mf))
                    or (u.role == "title" and u.mf in _breadcrumb_steps(units[:u.index]))):
                u.role, u.confidence = "noise", 0.7
        # a PDF's running header (the report's title, or its end, again at the top of each
        # page; or any title line repeated in the body) is noise
        titled = "".join(u.mf for u in content[:8] if u.role == "title")
        body = [u for u in units if not u.blank and u.role != "noise" and u.section != "front" and 8 <= len(u.mf) <= 60]
        repeated = Counter(u.mf for u in body)
        for u in body:
            if (titled.endswith(u.mf) or repeated[u.mf] >= 2) and vocab.is_title(u.mf):
                u.role, u.confidence = "noise", 0.8
        # back: signature/date lines and page chrome after the last part
        last = None
        for u in reversed(units):
            if u.blank:
                continue
            if u.role == "noise" and _not_the_last_page(u.mf):
                break  # 第1页 共4页 closing a cut page: the report goes on, this is no back matter
            if u.role == "noise" or _closing_signature(vocab, u):
                last = u
                continue
            if u.role == "body" and not u.table and len(u.mf) <= 16 and vocab.is_title(u.mf) \
                    and not _TITLE_YEAR.search(u.mf) and not _SENTENCE_FINAL.search(u.mf):
                u.role, u.confidence = "noise", 0.7  # the catalogue's category linked under the page (政府信息公开年报)
                last = u
                continue
            if u.role == "body" and not u.table and u.mf.startswith(vocab.footer_starts) and _cut_from_its_line(units, u.index):
                u.role, u.confidence = "noise", 0.7  # a footer the segmenter cut off (相关文章：…标题…)
                last = u
                continue
            break
        # on a flattened page, what follows the closing signature and date up to the end (上一篇,
        # footers the vocabulary does not know) is page chrome too, unless a table or heading
        tail = [u for u in units[-8:] if not u.blank]
        sig = next((u for u in reversed(tail) if _closing_signature(vocab, u) and u.mf.endswith("日")), None)
        if sig is not None and (last is None or sig.index < last.index) and _cut_from_its_line(units, sig.index) \
                and not any(u.table or u.role == "heading" for u in units[sig.index + 1:]):
            last = sig
            for u in units[sig.index + 1:]:
                if not u.blank and u.role == "body":
                    u.role, u.confidence = "noise", 0.7
        if last is not None:
            for u in units[last.index:]:
                if not u.blank:
                    u.section = "back"
        # the signature and date closing the report before its attached table (…某乡人民政府 /
        # 2017年3月28日 / 附件：…统计表): back matter, though the table follows
        content = [u for u in units if not u.blank]
        for k in range(1, len(content) - 1):
            u = content[k]
            if not (_DATED.search(u.mf) and _closing_signature(vocab, u)):
                continue
            j = k + 1
            while j < len(content) and j <= k + 5 and content[j].role == "noise":
                j += 1  # a page break between (- 3 -, a running header)
            if j < len(content) and (content[j].table or content[j].role == "table_caption"):
                for c in content[k:j]:
                    c.section = "back"
                if _closing_signature(vocab, content[k - 1]) and not _DATED.search(content[k - 1].mf):
                    content[k - 1].section = "back"

    @staticmethod
    def _blanks(units: list[Unit]) -> None:
        """Blank units take the section of the previous unit (rule 7)."""
        prev = "front"
        for u in units:
            if u.blank or u.role == "blank":
                u.section, u.role, u.confidence = prev, "blank", 1.0
            else:
                if u.section is None:
                    u.section = prev
                if u.role is None:
                    u.role = "body"
                prev = u.section


def _about_applications(units: list[Unit]) -> bool:
    """The text speaks of applications (申请) far more than of consultations (咨询)."""
    text = "".join(u.mf for u in units if not u.blank)
    return text.count("申请") > max(2 * text.count("咨询"), 1)


def _not_the_last_page(mf: str) -> bool:
    m = _PAGE_OF.search(mf)
    return m is not None and int(m.group(1)) < int(m.group(2))


def _breadcrumb_steps(units: list[Unit]) -> set[str]:
    """The last steps of the breadcrumbs (``首页 > 信息公开 > 政府信息公开年报``) among ``units``."""
    return {_BREADCRUMB.split(u.mf)[-1].strip() for u in units if u.role == "noise" and _BREADCRUMB.search(u.mf)}


def _chrome_between(units: list[Unit], a: Unit, b: Unit) -> bool:
    return any(u.role == "noise" for u in units[a.index + 1:b.index])


def _closing_signature(vocab: Vocabulary, u: Unit) -> bool:
    """An issuer or date line closing the report: short, no sentence in it."""
    return u.role == "body" and not u.table and len(u.mf) <= 30 and not _IN_SENTENCE.search(u.mf) \
        and vocab.is_signature(u.mf)


def _flat_old_rows(units: list[Unit]) -> None:
    """The rows of an old statistics table run together on a line are each a ``table_row``
    (a flattened table run is rows, realdev convention), their label and values included."""
    for i, u in enumerate(units):
        if u.table == "OLD" and u.role in ("table_row_header", "table_cell") and _cut_from_its_line(units, i):
            u.role = "table_row"


def _cut_from_its_line(units: list[Unit], i: int) -> bool:
    """The unit is a segment of a line the segmenter cut into several."""
    line = units[i].line
    return (i > 0 and units[i - 1].line == line) or (i + 1 < len(units) and units[i + 1].line == line)


def _paragraphs(units: list[Unit]) -> Iterator[list[Unit]]:
    """Non-blank units grouped into paragraphs: a short body line that ends without
    sentence-final punctuation continues on the next (PDF line breaks); titles and noise
    stand alone."""
    para: list[Unit] = []
    for u in units:
        if u.blank:
            continue
        if u.role != "body":
            if para:
                yield para
                para = []
            yield [u]
            continue
        para.append(u)
        if u.mf.endswith(_PARAGRAPH_END) or len(u.mf) > _WRAPPED_LINE:
            yield para
            para = []
    if para:
        yield para
