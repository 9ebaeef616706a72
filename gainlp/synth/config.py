"""Every knob of the synthetic report generator, with its default probability.

``SynthConfig`` is a flat dataclass so that one JSON file (``gainlp synth --config FILE``)
can override any field; unknown keys are an error, missing keys keep their default.
Probabilities are per report unless the field says otherwise ("per heading", "per
paragraph", "per table"). Weight dicts need not sum to one.

Held-out variants (see ``gainlp.synth`` module docstring): the table encodings in
``HELDOUT_ENCODINGS`` and the sentence templates / slot fillers whose stable hash falls in
the held-out fraction are never used by ``split="train"``.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

#: table encodings that only ``split="heldout"`` may use
HELDOUT_ENCODINGS: tuple[str, ...] = ("markdown", "space", "pdf_order")
#: all table encodings (see ``render.py``)
ENCODINGS: tuple[str, ...] = (
    "tab", "pipe", "cell_pipe", "cell_blank", "cell_lines", "tsv_row",
    "markdown", "space", "pdf_order",
)


def _enc_weights() -> dict[str, float]:
    return {"tab": 0.30, "pipe": 0.20, "cell_pipe": 0.10, "cell_blank": 0.10,
            "cell_lines": 0.10, "tsv_row": 0.08, "markdown": 0.06, "space": 0.06}


def _pdf_enc_weights() -> dict[str, float]:
    return {"cell_lines": 0.4, "cell_blank": 0.3, "pdf_order": 0.6}


@dataclass
class SynthConfig:
    # ---- format and content ------------------------------------------------------------
    p_std2021: float = 0.50          #: weight of 2021-format reports (years 2021-2024)
    p_std2019: float = 0.20          #: weight of 2019-format reports (years 2019-2020)
    p_old: float = 0.30              #: weight of old-format reports (years 2008-2018)
    p_hybrid_old_table: float = 0.12  #: std report with an old-style statistics table in 六 (seed 000)
    p_old_report_table: float = 0.55  #: old report (2014+) ends with an old statistics table
    old_table_variants: dict = field(default_factory=lambda: {"national": 0.4, "shandong": 0.5, "municipal": 0.1})
    p_t2_2019_labels_in_2021: float = 0.03  #: 2021 report keeping 规范性文件 instead of 行政规范性文件
    p_zero_blank: float = 0.12       #: per table: zeros printed as empty cells (seed 004)
    p_fullwidth_space_cells: float = 0.08  #: per table: values prefixed with U+3000 (seed 004)
    p_unit_in_cell: float = 0.3      #: amounts written with 万元 in the cell
    p_broken: float = 0.06           #: 勾稽 rules deliberately broken (flagged in the manifest)
    p_apps_zero: float = 0.45        #: no applications at all (T3 all zero)
    p_review_zero: float = 0.80      #: T4 all zero
    # ---- front / back matter -----------------------------------------------------------
    p_title_two_lines: float = 0.35  #: agency and "YYYY年…年度报告" on two lines
    p_wrapper_title: float = 0.08    #: page headline above the report title (rule 17), sometimes + issuer/date line
    p_issuer_line: float = 0.15      #: issuer / date line under the title (front body)
    p_preamble: float = 0.90         #: 编制依据/统计期限/联系方式 paragraphs
    p_intro_heading: float = 0.05    #: 引言/前言 heading before the preamble (front heading)
    p_intro_heading_old: float = 0.15  #: the same, old-format reports (引 言)
    p_chrome_front: float = 0.22     #: web page: site name, 登录/注册, search box, navigation, breadcrumb before the title
    p_index_block: float = 0.18      #: web page: 索引号/发布机构/… panel (lines, bullets, pipe rows, run together)
    p_chrome_back: float = 0.10      #: web page: 打印/关闭/上一篇/版权/附件 lines after the body
    chrome_nonweb_factor: float = 0.15  #: the three above (and p_no_title) times this for PDF/docx-like text
    p_info_line: float = 0.16        #: web page: 来源/发布时间/点击数 line (+ 字号/打印 tools) under the title
    p_catalogue_line: float = 0.06   #: web page: a catalogue category line that looks like a heading (noise)
    p_no_title: float = 0.65         #: web page stored without its title (starts at the preamble/body)
    p_title_debris: float = 0.12     #: web page: bullets / HTML debris glued to or around the title
    p_signature: float = 0.55        #: signature + date after the last part (back body)
    p_chart_residue: float = 0.04    #: chart residue line at the very end (seed 003) -> back noise
    # ---- structure ---------------------------------------------------------------------
    p_s1_intro: float = 0.85         #: intro paragraph under 一、总体情况
    p_s1_subsections: float = 0.88   #: S1 written with （一）…（五） subsections
    p_s1_sub_drop: float = 0.08      #: per subsection: omitted
    p_s1_sub_shuffle: float = 0.10   #: subsections in a non-standard order
    p_phrase_pair_heading: float = 0.12  #: a level-2 title of two phrases: （一）加强组织领导，压实公开责任
    p_level3: float = 0.20           #: per subsection: level-3 headings (1. …) inside
    p_fact_list: float = 0.10        #: per subsection: numbered fact items (rule 11, body)
    p_s2_narrative: float = 0.15     #: a sentence before the T2 tables (s2 body)
    p_s3_narrative: float = 0.20     #: a sentence before T3 (s3 body)
    p_t4_sentence: float = 0.12      #: T4 replaced by a sentence when all zero
    p_s5_subheads: float = 0.30      #: （一）存在的问题 / （二）改进措施 inside 五
    p_s5_rectify: float = 0.25       #: paragraph on last year's problems
    p_s6_none: float = 0.35          #: 六 is just "无"/one sentence
    p_s6_subheads: float = 0.35      #: （一）…（四） items inside 六
    p_s6_workpoint_items: float = 0.5  #: 要点落实 item of 六 split into level-3 sub-items
    p_s5_items: float = 0.3          #: 五 without sub-headings: measures as numbered run-in items
    p_old_optional_part: float = 0.35  #: per optional old part (组织领导, 解读回应, …)
    p_old_fees_part: float = 0.75    #: old report has a 收费及减免 part
    p_old_overview_subs: float = 0.35  #: 概述 part split by （一）… level-2 headings
    p_old_shuffle: float = 0.5       #: middle old parts in shuffled order
    p_old_eleven: float = 0.15       #: old report with eleven parts (provincial template), standard order
    p_old_no_headings: float = 0.04  #: short old report that no heading divides: 总体情况 text, 主动公开 text, problems (rules 6, 16)
    p_old_staff_part: float = 0.20   #: old part on staff, fees and spending (人员和收支情况: s1.5 / fee subs s6)
    p_old_l3_items: float = 0.08     #: per old part: numbered level-3 run-in items naming other topics (rule 2)
    p_spaced_title_old: float = 0.10  #: per short heading of an old report: spaced (概 述, 一 、概 述)
    long_paragraphs: bool = True     #: web pages: paragraphs of 2-6 sentences (real pages: one long paragraph per line)
    p_indent: float = 0.30           #: paragraphs indented (spaces or U+3000)
    # ---- headings ----------------------------------------------------------------------
    top_styles: dict = field(default_factory=lambda: {
        "cn": 0.78, "cn_dot": 0.06, "cn_comma": 0.03, "part": 0.02, "bare": 0.03, "paren_top": 0.05,
        "cn_space": 0.03, "cn_gap": 0.02})            #: level-1 numbering: 一、 / 一． / 一, / 第一部分 / none / （一） as top (seed 002) / 一、 + space / 一 、 or 一 (old web pages)
    l2_styles: dict = field(default_factory=lambda: {
        "paren_full": 0.70, "paren_half": 0.20, "paren_half_dun": 0.05, "paren_full_dun": 0.05,
        "bare": 0.03})  #: level-2 numbering: （一） / (一) / (一)、 / （一）、 / none (a lead phrase alone on its line, rule 16)
    l3_styles: dict = field(default_factory=lambda: {
        "arabic_dot": 0.35, "arabic_dun": 0.30, "arabic_fw_dot": 0.05, "paren_arabic": 0.20,
        "circled": 0.10})
    p_docx_numbering_lost: float = 0.07  #: per report; then per heading 0.5: "1、 概述", "（5） 监督保障情况"
    p_part_numeral_lost: float = 0.03  #: per report: one of parts 二–五 printed without its numeral
    p_part_title_lost: float = 0.02  #: per report: one part printed as its numeral alone (一、), its title lost
    p_first_heading_lost: float = 0.03  #: per report: the first part's heading line dropped (a mirror)
    p_contents_line: float = 0.03    #: web page: the headings listed on one line above the body (a wiki's contents)
    p_arabic_parts: float = 0.02     #: 2019/2021 report whose parts are numbered 1. / 1、 with no space (rule 2: the title decides)
    p_missing_headings: float = 0.08  #: per report: some of 二/三/四/五 lost (tables follow directly)
    p_runin: float = 0.18            #: per report: level-2 headings run into their paragraph (rule 8)
    p_runin_heading: float = 0.75    #: per heading, when the report uses run-in headings
    p_runin_top: float = 0.02        #: per level-1 heading: run into its first paragraph
    p_wrapped_heading: float = 0.04  #: per long heading: split over two lines (both heading)
    p_spaced_title: float = 0.05     #: per short heading: characters spaced (概 述)
    p_heading_colon: float = 0.05    #: per heading: trailing ：or 。
    # ---- table encodings ---------------------------------------------------------------
    encoding_weights: dict = field(default_factory=_enc_weights)  #: per table (non-PDF layout)
    pdf_encoding_weights: dict = field(default_factory=_pdf_enc_weights)  #: per table (PDF layout)
    p_one_encoding: float = 0.85     #: all tables of a report share one encoding
    p_header_wrap: float = 0.35      #: per table: header cells wrapped over lines (本年新 / 公开数量)
    p_pipe_label_space: float = 0.3  #: pipe tables: "(三)不予 公开" wrap residue
    p_header_in_columns: float = 0.4  #: space-aligned tables: header cells wrapped in their columns
    # ---- damage ------------------------------------------------------------------------
    p_traditional: float = 0.10      #: whole text converted to Traditional Chinese (opencc s2t)
    p_halfwidth: float = 0.10        #: punctuation converted to half width (seed 001)
    p_mixed_width: float = 0.10      #: per line (when chosen per report 0.3): random half/full-width mix
    p_bookmark: float = 0.30         #: "[bookmark: _GoBack]" glued to one line start
    p_image: float = 0.12            #: "[image: ]" lines (noise), sometimes with a caption line
    p_garbage_prefix: float = 0.04   #: "?????" glued to the first heading (encoding loss)
    p_pdf: float = 0.18              #: PDF layout: hard wraps, page numbers, form feeds
    pdf_wrap_min: int = 20           #: PDF wrap width, min characters
    pdf_wrap_max: int = 40           #: PDF wrap width, max characters
    p_pdf_blank_between: float = 0.65  #: PDF: blank line between visual lines
    p_page_numbers: float = 0.85     #: PDF: "- 3 -" page numbers (noise)
    p_running_header: float = 0.2    #: per paginated PDF: the title (or its end) atop each page, noise
    p_form_feed: float = 0.5         #: PDF: form feed glued to the first line of each page
    p_spaced_digits: float = 0.65    #: PDF: "2024 年" spacing around numbers
    p_spaced_digits_other: float = 0.02  #: non-PDF reports with spaced digits
    p_oneline: float = 0.02          #: legacy: body on one line, title/chrome lines kept apart (segments, `+` rows)
    # ---- web pages ---------------------------------------------------------------------
    p_web_page: float = 0.55         #: non-PDF, non-flattened report scraped from a web page (chrome-rich)
    p_flat: float = 0.25             #: non-PDF: whole page flattened onto one line by a crawler (`+` rows)
    p_flat_partial: float = 0.15     #: per flattened page: its units in 2-6 long lines instead of one
    flat_separators: dict = field(default_factory=lambda: {"": 0.4, " ": 0.5, "\u3000": 0.05, "  ": 0.05})
    p_flat_mixed: float = 0.2        #: per flattened report: each join picks its own separator
    flat_encoding_weights: dict = field(default_factory=lambda: {
        "cell_lines": 0.7, "pipe": 0.15, "cell_pipe": 0.1, "space": 0.05})  #: per table of a flattened page
    p_crawler_block: float = 0.35    #: flattened page: crawler block (title, date, URL, path, ==== 正文 ====) above
    p_page_opening: float = 0.30     #: web page stored as its opening only (700-950 chars, cut mid-text, rule 18)
    opening_min: int = 700           #: page opening: min characters kept
    opening_max: int = 950           #: page opening: max characters kept
    p_traditional_tw: float = 0.25   #: Traditional text converted with Taiwan phrases (opencc s2twp: 檔案, 資訊)
    p_pinyin: float = 0.30           #: Traditional text with pinyin glosses after some characters (報(bào)告)
    p_mirror_names: float = 0.25     #: Traditional (mirror) text: some agency/place names replaced by the mirror's brand
    pinyin_rate: float = 0.05        #: per glossable character occurrence
    p_trailing_newline: float = 0.7  #: text ends with a line break (final empty blank row)
    # ---- held-out split ----------------------------------------------------------------
    heldout_fraction: float = 0.2    #: share of templates / slot fillers held out of split=train
    heldout_boost: float = 3.0       #: split=heldout: weight multiplier of held-out encodings
    heldout_template_share: float = 0.5  #: split=heldout: chance a sentence is drawn from the held-out templates only

    # -- JSON round trip -----------------------------------------------------------------
    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_dict(cls, d: dict) -> "SynthConfig":
        names = {f.name for f in fields(cls)}
        unknown = sorted(k for k in d if k not in names)
        if unknown:
            raise ValueError(f"unknown synth config field(s): {', '.join(unknown)}")
        base = cls()
        for k, v in d.items():
            cur = getattr(base, k)
            if isinstance(cur, dict):
                if not isinstance(v, dict):
                    raise ValueError(f"config field {k} must be an object")
                v = dict(v)
            setattr(base, k, v)
        return base

    @classmethod
    def from_json(cls, text: str) -> "SynthConfig":
        return cls.from_dict(json.loads(text))

    @classmethod
    def load(cls, path: str | Path) -> "SynthConfig":
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")
