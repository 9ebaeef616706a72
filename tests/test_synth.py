"""Tests of the synthetic annotated-report generator (gainlp.synth, gainlp synth)."""
from __future__ import annotations

import json
import re

import pytest

from gainlp.annotation import parse_tsv, read_tsv, to_tsv
from gainlp.labels import ROLES, SECTIONS, TABLE_ROLES
from gainlp.report import find_problems
from gainlp.synth import ENCODINGS, HELDOUT_ENCODINGS, SynthConfig, generate, tsv_comments
from gainlp.synth import tables as T
from gainlp.synth.content import Heading
from gainlp.synth.corpus import load_corpus

SUBS = {"s1.1", "s1.2", "s1.3", "s1.4", "s1.5"}
STD_LATER = {"s2", "s3", "s4", "s5", "s6"}


def _labels(r):
    return [(s.line, s.section, s.role, r.text[s.start:s.end]) for s in r.segments]


def _roundtrip(r):
    back = parse_tsv(to_tsv(r, comments=tsv_comments(r)))
    assert back.text == r.text
    assert [(s.start, s.end, s.line, s.section, s.role) for s in back.segments] == \
           [(s.start, s.end, s.line, s.section, s.role) for s in r.segments]


def _check_report(r):
    assert find_problems(r) == [], (r.source, find_problems(r)[:3])
    for s in r.segments:
        assert s.section in SECTIONS and s.role in ROLES
        piece = r.text[s.start:s.end]
        if s.role == "blank":
            assert piece.strip() == ""
        if s.role == "heading":
            assert 0 < len(piece.strip()) <= 80, piece
    # s1.x prose only inside the S1 part (std formats); old statistics table rows may map there
    if r.format in ("std2021", "std2019"):
        first_later = min((k for k, s in enumerate(r.segments) if s.section in STD_LATER), default=10 ** 9)
        for k, s in enumerate(r.segments):
            if s.section in SUBS and s.role not in TABLE_ROLES and s.role not in ("blank", "noise"):
                assert k < first_later, (r.source, r.text[s.start:s.end][:40])
    # nothing labeled front after the body started, nothing back before it ended (a report
    # signed above its attached table: the table follows the back matter)
    segs = [s for s in r.segments if s.role != "blank"]
    secs = [s.section for s in segs]
    body = [i for i, x in enumerate(secs) if x not in ("front", "back")]
    if body:
        assert "front" not in secs[body[0]:]
        prose = [i for i in body if segs[i].role not in TABLE_ROLES and segs[i].role != "noise"]
        assert "back" not in secs[:prose[-1]] if prose else True
        if "signature_before_table" not in r.meta.get("variants", ()):
            assert "back" not in secs[:body[-1]]


def test_default_reports_are_valid_and_roundtrip():
    n_old = n_std = 0
    for r in generate(80, seed=11):
        _check_report(r)
        _roundtrip(r)
        n_old += r.format == "old"
        n_std += r.format != "old"
    assert n_old and n_std


def _forced(**kw) -> SynthConfig:
    return SynthConfig.from_dict(kw)


# every table encoding, forced through the config
@pytest.mark.parametrize("enc", ENCODINGS)
def test_each_encoding_valid_roundtrip(enc):
    kw = {"encoding_weights": {enc: 1.0}, "pdf_encoding_weights": {enc: 1.0}, "p_one_encoding": 1.0,
          "p_oneline": 0.0, "p_flat": 0.0, "p_old": 0.0}
    if enc == "pdf_order":
        kw.update(p_pdf=1.0)
    else:
        kw.update(p_pdf=0.0)
    cfg = _forced(**kw)
    split = "heldout" if enc in HELDOUT_ENCODINGS else "train"
    for r in generate(6, seed=5, config=cfg, split=split):
        _check_report(r)
        _roundtrip(r)
        assert set(r.meta["encodings"]) == {enc}
        # every line of a table-encoded block carries a table role (or blank/noise)
        rep = r.meta["abstract"]
        assert rep.tables
        _check_table_lines(r, enc)


def _check_table_lines(r, enc):
    ok = TABLE_ROLES | {"blank", "noise"}
    for s in r.segments:
        text = r.text[s.start:s.end]
        if enc == "tab" and text.startswith("\t"):
            assert s.role in ok, text
        if enc in ("pipe", "cell_pipe", "markdown") and re.search(r" \|$|^\|", text.rstrip()) and "|" in text:
            assert s.role in ok, text
        if re.fullmatch(r"\s*第二十条\s*第[（(][一五六八九][)）]项.*", text):
            assert s.role in ("table_caption", "table_row") and s.section == "s2", (text, s.role)
        if "本年新收政府信息公开申请数量" in text and s.role != "body":
            assert s.section == "s3" and s.role in ok
        if text.strip() in ("结果维持", "尚未审结", "未经复议直接起诉") and s.role != "body":
            assert s.section == "s4" and s.role == "table_header"


VARIANTS = {
    "traditional": dict(p_traditional=1.0),
    "halfwidth": dict(p_halfwidth=1.0),
    "mixed_width": dict(p_halfwidth=0.0, p_mixed_width=1.0),
    "pdf": dict(p_pdf=1.0),
    "pdf_nopages": dict(p_pdf=1.0, p_page_numbers=0.0, p_pdf_blank_between=0.0),
    "oneline": dict(p_pdf=0.0, p_oneline=1.0),
    "docx_lost": dict(p_docx_numbering_lost=1.0),
    "missing": dict(p_missing_headings=1.0, p_std2021=1.0, p_std2019=0.0, p_old=0.0),
    "runin": dict(p_runin=1.0, p_runin_heading=1.0, p_runin_top=0.5),
    "wrapped": dict(p_wrapped_heading=1.0),
    "spaced": dict(p_spaced_title=1.0, p_spaced_digits_other=1.0),
    "debris": dict(p_bookmark=1.0, p_image=1.0, p_garbage_prefix=1.0, p_pdf=0.0),
    "chrome": dict(p_chrome_front=1.0, p_index_block=1.0, p_chrome_back=1.0, p_wrapper_title=1.0,
                   p_issuer_line=1.0, p_intro_heading=1.0, p_chart_residue=1.0),
    "hybrid": dict(p_hybrid_old_table=1.0, p_old=0.0),
    "old_tables": dict(p_old=1.0, p_std2021=0.0, p_std2019=0.0, p_old_report_table=1.0,
                       p_old_optional_part=1.0, p_old_overview_subs=1.0),
    "paren_top": dict(top_styles={"paren_top": 1.0}, p_old=0.0),
    "bare_part": dict(top_styles={"bare": 1.0, "part": 1.0}),
    "cells": dict(p_zero_blank=1.0, p_fullwidth_space_cells=1.0, p_header_wrap=1.0, p_pipe_label_space=1.0),
    "level3_facts": dict(p_level3=0.5, p_fact_list=1.0),
    "broken": dict(p_broken=1.0),
    "no_trailing_newline": dict(p_trailing_newline=0.0),
    "numeral_lost": dict(p_part_numeral_lost=1.0, top_styles={"cn": 1.0}, p_docx_numbering_lost=0.0),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_each_variant_valid_roundtrip(name):
    cfg = _forced(**VARIANTS[name])
    reports = list(generate(6, seed=7, config=cfg, split="heldout"))
    for r in reports:
        _check_report(r)
        _roundtrip(r)
    used = {v.split(":")[0] for r in reports for v in r.meta["variants"]}
    expect = {"traditional": "traditional", "halfwidth": "halfwidth", "mixed_width": "mixed_width",
              "pdf": "page_numbers", "oneline": "oneline", "docx_lost": "docx_numbering_lost",
              "missing": "missing_heading", "runin": "runin_applied", "wrapped": "wrapped_heading",
              "spaced": "spaced_title", "debris": "image", "chrome": "index_block",
              "hybrid": "hybrid_old_table", "old_tables": "old_table", "paren_top": "paren_top",
              "numeral_lost": "numeral_lost"}
    if name in expect:
        assert expect[name] in used, (name, used)
    if name == "oneline":
        assert any(len({s.line for s in r.segments}) < len(r.segments) for r in reports)
    if name == "traditional":
        assert any("總體情況" in r.text or "報告" in r.text for r in reports)


def test_missing_headings_labels_follow_tables_and_s5():
    cfg = _forced(p_missing_headings=1.0, p_std2021=1.0, p_std2019=0.0, p_old=0.0, p_pdf=0.0, p_oneline=0.0,
                  p_page_opening=0.0)
    seen = 0
    for r in generate(20, seed=3, config=cfg):
        rep = r.meta["abstract"]
        missing = {b.section for b in rep.blocks if isinstance(b, Heading) and b.missing}
        heads = {s.section for s in r.segments if s.role == "heading"}
        for sec in missing:
            seen += 1
            assert sec not in heads or sec in ("s5",) and any(
                b.section == "s5" and b.level != 1 for b in rep.blocks if isinstance(b, Heading))
            assert any(s.section == sec and s.role != "blank" for s in r.segments)
    assert seen


def test_topic_items_inside_five_and_six_keep_their_section():
    """Rule 10: numbered items in 五/六 that talk about 解读, 平台, 培训 … stay s5/s6."""
    cfg = _forced(p_s5_items=1.0, p_s5_subheads=0.0, p_s6_none=0.0, p_s6_workpoint_items=1.0, p_old=0.0)
    found = {"s5": 0, "s6": 0}
    for r in generate(30, seed=11, config=cfg):
        _check_report(r)
        for s in r.segments:
            text = r.text[s.start:s.end]
            if any(t in text for t in ("提升平台建设管理水平", "加强政策文件解读", "着力推进政务公开平台建设方面",
                                       "着力加强公开解读回应工作方面")):
                assert s.section in ("s5", "s6"), (s.section, text)
                found[s.section] += 1
    assert found["s5"] and found["s6"]


def test_determinism_same_seed_same_bytes():
    a = [to_tsv(r, comments=tsv_comments(r)) for r in generate(25, seed=42)]
    b = [to_tsv(r, comments=tsv_comments(r)) for r in generate(25, seed=42)]
    assert a == b
    c = [to_tsv(r, comments=tsv_comments(r)) for r in generate(25, seed=43)]
    assert a != c
    # an index does not depend on what was generated before it
    d = list(generate(5, seed=42, start=20))
    assert [to_tsv(r, comments=tsv_comments(r)) for r in d] == a[20:]


def test_train_never_uses_heldout_and_heldout_does():
    boost = _forced(p_pdf=0.5)   # plenty of PDF layouts, where pdf_order would be chosen
    enc_train, enc_held = set(), set()
    tmpl_train = tmpl_held = 0
    for r in generate(150, seed=9, config=boost, split="train"):
        enc_train |= set(r.meta["encodings"])
        tmpl_train += r.meta["abstract"].plan["heldout_templates"]
        assert not [u for u in r.meta["heldout_used"] if not u.startswith("templates:0")]
    for r in generate(60, seed=9, config=boost, split="heldout"):
        enc_held |= set(r.meta["encodings"])
        tmpl_held += r.meta["abstract"].plan["heldout_templates"]
    assert not enc_train & set(HELDOUT_ENCODINGS)
    assert tmpl_train == 0
    assert enc_held & set(HELDOUT_ENCODINGS)
    assert tmpl_held > 0


def test_heldout_templates_disjoint_and_present():
    c = load_corpus(None, 0.2)
    total = held = 0
    for bank, ts in c.banks.items():
        texts = [t.text for t in ts]
        total += len(ts)
        held += sum(t.heldout for t in ts)
        groups = {}
        for t in ts:
            groups.setdefault((t.cond, t.opener), []).append(t)
        for g in groups.values():
            assert any(not t.heldout for t in g), bank  # train always has a choice
        assert len(texts) == len(set(texts)), bank
    assert 0.1 < held / total < 0.3
    assert len(c.lex_list("counties", "train")) < len(c.lex_list("counties", "heldout"))


def test_consistency_holds_unless_flagged():
    cfg = _forced(p_broken=0.3, p_hybrid_old_table=0.5, p_old_report_table=1.0)
    n_broken = n_ok = 0
    for r in generate(120, seed=21, config=cfg):
        rep = r.meta["abstract"]
        found: list[str] = []
        for t in rep.tables:
            nums = T.table_numbers(t)   # parsed back from the cell texts
            if t.name == "T3":
                found += T.check_t3(t.data["fmt"], nums)
            elif t.name == "T4":
                found += T.check_t4(nums["values"])
            elif t.name == "OLD":
                found += T.check_old(t.data["variant"], nums)
        assert sorted(found) == sorted(r.meta["broken_rules"]), r.source
        assert bool(found) == r.meta["broken"]
        n_broken += r.meta["broken"]
        n_ok += not r.meta["broken"]
    assert n_broken and n_ok
    for r in generate(40, seed=22, config=_forced(p_broken=0.0, p_old_report_table=1.0)):
        assert not r.meta["broken"] and not r.meta["broken_rules"]


def test_t3_rules_explicitly():
    import random
    rng = random.Random(1)
    for fmt in ("std2019", "std2021"):
        for _ in range(50):
            rows = T.make_t3_numbers(fmt, rng.randint(1, 60), rng, zero=False)
            assert T.check_t3(fmt, rows) == []
            outs = T.t3_outcome_keys(fmt)
            for c in range(7):
                assert rows["new"][c] + rows["carry"][c] == rows["results_total"][c] + rows["forward"][c]
                assert rows["results_total"][c] == sum(rows[k][c] for k in outs)
            T.break_t3(fmt, rows, rng)
            assert T.check_t3(fmt, rows)
        v = T.make_t4_numbers(rng, zero=False)
        assert T.check_t4(v) == []


def test_old_table_row_sections_follow_rule5():
    for variant in ("national", "shandong", "remnant", "municipal"):
        for key, label, unit, parent, sec, _ in T.old_rows(variant):
            if key.startswith("consult"):  # 咨询 counts (rule 15)
                assert sec == "s1.2", label
            elif key == "r" or key.startswith("r_"):   # 回应解读 rows (incl. 网站在线访谈, 微博微信回应) count responses
                assert sec == "s1.1", label
            elif key.startswith(("cp", "org", "mt")) and key != "org_readpoints":
                assert sec == "s1.5", label
            elif re.search(r"网站|公报|微博|微信|查阅", label):
                assert sec == "s1.4", label
            elif key.startswith(("a", )) and key != "a":
                assert sec == "s3", label
            elif key.startswith(("rv", "lt")):
                assert sec == "s4", label
            elif key == "fees":
                assert sec == "s6"


def test_old_table_layouts_number_their_rows():
    national = {r.key: r for r in T.old_rows("national")}
    shandong = {r.key: r for r in T.old_rows("shandong")}
    # the national table puts 查阅点数 second under 机构建设: the rows after it move down one
    assert national["org_readpoints"].label == "（二）设置政府信息公开查阅点数"
    assert national["org_staff"].label == "（三）从事政府信息公开工作人员数"
    assert shandong["org_staff"].label == "（二）从事政府信息公开工作人员数"
    assert shandong["fees"].label == "依申请公开信息收取的费用" and shandong["fees"].parent is None
    assert [r.depth for r in T.old_rows("shandong") if r.parent == "gazette"] == [2, 2]
    assert shandong["r_presser_lead"].depth == 2 and shandong["r_presser"].depth == 2


def test_config_json_roundtrip(tmp_path):
    cfg = SynthConfig()
    again = SynthConfig.from_json(cfg.to_json())
    assert again == cfg
    with pytest.raises(ValueError):
        SynthConfig.from_dict({"p_no_such_thing": 1})
    path = tmp_path / "c.json"
    _forced(p_traditional=1.0).save(path)
    assert SynthConfig.load(path).p_traditional == 1.0


def test_cli_writes_tsvs_manifest_and_config(tmp_path, capsys):
    from gainlp.cli import main
    cfgp = tmp_path / "cfg.json"
    cfgp.write_text(json.dumps({"p_traditional": 1.0, "p_broken": 1.0}), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["synth", "-n", "4", "--seed", "2", "-o", str(out), "--config", str(cfgp), "-q"]) == 0
    man = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(man) == 4
    for rec in man:
        r = read_tsv(out / rec["file"])
        comments = r.meta["comments"]
        assert comments[0].startswith("source: synth seed=2 index=")
        assert f"format: {rec['format']}" in comments and r.format == rec["format"]
        assert any(c.startswith("renderer: layout=") for c in comments)
        assert "traditional" in rec["variants"]
        assert rec["broken_consistency"] == any(c.startswith("consistency: BROKEN") for c in comments)
        assert find_problems(r) == []
    assert any(rec["broken_consistency"] for rec in man)
    assert main(["synth", "--show", "2", "--seed", "1", "--max-lines", "30"]) == 0
    shown = capsys.readouterr().out
    assert "section" in shown and "role" in shown and re.search(r"\bs1\s+heading\b", shown)


def test_templates_expand_to_clean_sentences():
    import random
    from gainlp.synth.corpus import expand

    class Slots(dict):
        def __missing__(self, k):
            return "7"

        def __contains__(self, k):
            return True
    c = load_corpus(None, 0.2)
    rng = random.Random(0)
    n = 0
    for bank, ts in c.banks.items():
        for t in ts:
            for _ in range(10):
                out = expand(t.text, Slots(), rng)
                assert out[-1] in "。：:；", (bank, out)
                assert not any(x in out for x in ("。。", "，。", "：。", "。，", "，，", "{", "}")), (bank, out)
                assert not re.search(r"[A-Za-z]", out), (bank, out)   # an alternative naming a slot
            n += 1
    assert n >= 200


# ----------------------------------------------------------------------------------------
# realistic web pages, flattening, titles, Traditional + pinyin, old-format variety (issue 13)
# ----------------------------------------------------------------------------------------
_CHROME_MARKS = ("索引号", "索 引 号", "当前位置", "您当前的位置", "请输入关键字", "无障碍浏览", "登录 注册",
                 "点击数", "浏览次数", "字号：大 中 小")

WEB_VARIANTS = {
    "web_page": dict(p_pdf=0.0, p_flat=0.0, p_web_page=1.0, p_chrome_front=1.0, p_index_block=1.0,
                     p_info_line=1.0, p_catalogue_line=0.5, p_chrome_back=1.0, p_title_debris=0.5,
                     p_wrapper_title=0.5, p_no_title=0.2),
    "web_opening": dict(p_pdf=0.0, p_flat=0.0, p_web_page=1.0, p_page_opening=1.0),
    "flat": dict(p_pdf=0.0, p_flat=1.0, p_crawler_block=0.5, p_page_opening=0.3, p_index_block=0.8,
                 p_chrome_front=0.8),
    "flat_opening": dict(p_pdf=0.0, p_flat=1.0, p_page_opening=1.0, p_crawler_block=1.0),
    "trad_pinyin": dict(p_traditional=1.0, p_pinyin=1.0, pinyin_rate=0.2),
    "trad_tw": dict(p_traditional=1.0, p_traditional_tw=1.0, p_mirror_names=1.0),
    "old_variety": dict(p_old=1.0, p_std2021=0.0, p_std2019=0.0, p_old_eleven=0.5, p_old_staff_part=1.0,
                        p_old_l3_items=1.0, p_spaced_title_old=1.0, p_intro_heading_old=1.0,
                        top_styles={"cn_gap": 1.0}),
    "titles": dict(p_title_two_lines=1.0, p_wrapper_title=1.0, p_no_title=0.0, p_web_page=1.0,
                   p_title_debris=1.0),
}


@pytest.mark.parametrize("name", sorted(WEB_VARIANTS))
@pytest.mark.parametrize("split", ["train", "heldout"])
def test_web_variants_valid_roundtrip(name, split):
    cfg = _forced(**WEB_VARIANTS[name])
    reports = list(generate(8, seed=13, config=cfg, split=split))
    for r in reports:
        _check_report(r)
        _roundtrip(r)
        # joining the TSV raw texts (without the + of continuation rows) gives the document
        rows = [x.split("\t", 2)[2] for x in to_tsv(r).split("\n")[:-1]]
        lines = []
        for seg, raw in zip(r.segments, rows):
            if lines and seg.line == prev:
                assert raw.startswith("+")
                lines[-1] += raw[1:]
            else:
                lines.append(raw)
            prev = seg.line
        assert "\n".join(lines) == r.text
        for s in r.segments:
            piece = r.text[s.start:s.end]
            if any(m in piece[:12] for m in _CHROME_MARKS) and s.role not in ("body",):
                assert s.role == "noise" and s.section in ("front", "back"), (s.role, piece[:40])
            if re.match(r"(?:\| )?索 ?引 ?号[:：]", piece):   # a pipe-joined panel is noise, never a table header
                assert s.role == "noise", piece
    used = {v for r in reports for v in r.meta["variants"]}
    expect = {"web_page": "index_block", "web_opening": "page_opening", "flat": "flat", "flat_opening": "crawler_block",
              "trad_pinyin": "pinyin", "trad_tw": "traditional:s2twp", "old_variety": "old_staff_part",
              "titles": "title_two_lines"}
    assert expect[name] in used, (name, used)
    if name == "trad_tw":
        assert "mirror_names" in used
    if name == "trad_pinyin":
        assert any(re.search(r"[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔù]+[)）]", r.text) for r in reports)
    if name.endswith("opening"):
        for r in reports:
            if "page_opening" in r.meta["variants"]:
                assert len(r.text.rstrip("\n")) <= cfg.opening_max


def test_flattened_report_without_separators_splits_into_parts():
    """A whole page joined with nothing between lines: one line in the text, its parts
    (title, preamble, 一…六, table runs) are segments starting right at the next unit."""
    cfg = _forced(p_pdf=0.0, p_flat=1.0, p_flat_partial=0.0, flat_separators={"": 1.0}, p_crawler_block=0.0, p_page_opening=0.0,
                  p_std2021=1.0, p_std2019=0.0, p_old=0.0, p_missing_headings=0.0, p_chrome_front=0.0,
                  p_index_block=0.0, p_chrome_back=0.0, p_info_line=0.0, p_signature=0.0, p_chart_residue=0.0,
                  p_garbage_prefix=0.0, p_bookmark=0.0, top_styles={"cn": 1.0}, p_runin_top=0.0,
                  p_docx_numbering_lost=0.0, p_no_title=0.0, p_catalogue_line=0.0, p_title_debris=0.0,
                  p_t4_sentence=0.0, p_image=0.0)
    for r in generate(5, seed=17, config=cfg):
        _check_report(r)
        body_lines = [ln for ln in r.lines if ln.text.strip()]
        assert len(body_lines) == 1, [ln.text[:30] for ln in body_lines]
        segs = [s for s in r.segments if s.line == body_lines[0].index]
        assert len(segs) >= 8
        secs = [s.section for s in segs]
        for sec in ("front", "s1", "s2", "s3", "s4", "s5", "s6"):
            assert sec in secs, (sec, secs)
        assert segs[0].role == "title"
        heads = [s for s in segs if s.role == "heading" and re.match(r"[一二三四五六]、", r.text[s.start:s.end])]
        assert [r.text[s.start] for s in heads] == list("一二三四五六")
        for a, b in zip(segs, segs[1:]):
            assert not r.text[b.start].isspace()                   # nothing between the units
        for sec in ("s2", "s3", "s4"):                              # a table is one run of cells
            roles = [s.role for s in segs if s.section == sec and s.role != "heading"]
            assert set(roles) <= {"table_row", "body"} and "table_row" in roles, (sec, roles)
        assert not {s.role for s in segs} & (TABLE_ROLES - {"table_row"})
        # the TSV writes the line as one row plus + continuation rows
        rows = to_tsv(r).split("\n")
        assert sum(1 for x in rows if x.split("\t")[-1].startswith("+")) == len(segs) - 1


def test_flattened_with_one_space_keeps_the_space_with_the_previous_segment():
    cfg = _forced(p_pdf=0.0, p_flat=1.0, p_flat_partial=0.0, flat_separators={" ": 1.0}, p_page_opening=0.0,
                  p_crawler_block=1.0)
    for r in generate(5, seed=19, config=cfg):
        _check_report(r)
        flat = max(r.lines, key=lambda ln: len(ln.text))
        segs = [s for s in r.segments if s.line == flat.index]
        assert len(segs) >= 3
        for a, b in zip(segs, segs[1:]):
            assert r.text[a.end - 1] == " " and not r.text[b.start].isspace()
        # the crawler block stays on its own lines above: the title (noise when it is a keyed
        # field, 标题：…), then noise lines
        above = [s for s in r.segments if s.line < flat.index and s.role != "blank"]
        keyed = re.match(r"\S+?[：:]|【[标標][题題]】", r.text[above[0].start:above[0].end])
        assert above[0].role == ("noise" if keyed else "title") and all(s.role == "noise" for s in above[1:])
        assert all(s.section == "front" for s in above)


def test_old_variety_labels():
    cfg = _forced(**WEB_VARIANTS["old_variety"], p_pdf=0.0, p_flat=0.0, p_oneline=0.0, p_page_opening=0.0,
                  p_docx_numbering_lost=0.0)
    n_eleven = n_staff_fee = n_l3 = 0
    for r in generate(12, seed=23, config=cfg):
        _check_report(r)
        top = re.compile(r"[一二三四五六七八九十]+[ \u3000]")
        tops = [s for s in r.segments if top.match(r.text[s.start:s.end].strip())]
        n_eleven += len(tops) >= 11
        cur = None
        for s in r.segments:
            t = re.sub(r"^(?:\[bookmark: _GoBack\]|\?+)", "", r.text[s.start:s.end].strip()).strip()
            if s.role not in ("heading", "body"):
                continue
            if s.role == "heading" or top.match(t) or re.match(r"[（(][一二三四五六七八九十]+[)）]", t):
                cur = s.section  # (a part that lost its numeral is a heading too)
            if re.search(r"人员和收支|工作人员和费用支出|人员及经费|人员和经费保障|人员、经费和收费|工作人员及收支", t) \
                    and s.role == "heading":
                assert s.section == "s1.5", t
            if s.role == "heading" and re.search(r"收费情况|减免", t) and t.startswith(("（", "(")):
                assert s.section == "s6", t
                n_staff_fee += 1
            if s.role == "body" and re.match(r"\d+[.、．]", t) and cur:
                assert s.section == cur, (t[:20], s.section, cur)   # rule 2: level 3 never moves
                n_l3 += 1
    assert n_eleven and n_staff_fee and n_l3


def test_heldout_only_web_variants():
    cfg = _forced(p_pdf=0.0, p_flat=0.5, p_web_page=1.0, p_index_block=1.0)
    train = {v for r in generate(40, seed=29, config=cfg) for v in r.meta["variants"]}
    held = {v for r in generate(40, seed=29, config=cfg, split="heldout") for v in r.meta["variants"]}
    assert "panel:pipe_lead" not in train and "flat_sep:ideographic" not in train
    assert "panel:pipe_lead" in held


def test_realism_check_passes_on_realdev():
    """training/realism_check.py: the generator's statistics lie inside the tolerance bands
    around the realdev DEV split (skipped when ../shared/realdev is absent)."""
    import importlib.util
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    realdev = (root / ".." / "shared" / "realdev").resolve()
    if not (realdev / "gold").is_dir():
        pytest.skip("../shared/realdev not present")
    spec = importlib.util.spec_from_file_location("realism_check", root / "training" / "realism_check.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    res = mod.run(80, 1, realdev)
    assert res is not None and res["n_realdev"] >= 20
    bad = [(r["stat"], r["generator"], r["realdev"]) for r in res["rows"] if not r["ok"]]
    assert not bad, bad
    assert mod.main(["-n", "40", "--seed", "2", "--realdev", str(realdev)]) == 0


def test_old_reports_without_headings():
    """Each paragraph's first sentence names its part (LABELS.md rules 6, 16), and the rules
    read them so: the overview s1, 主动公开 s1.1, problems and next steps s5."""
    from gainlp.rules import RuleLabeler
    cfg = _forced(p_std2021=0.0, p_std2019=0.0, p_old=1.0, p_old_no_headings=1.0, p_pdf=0.0, p_flat=0.0,
                  p_oneline=0.0, p_page_opening=0.0, p_web_page=0.0)
    reports = list(generate(8, seed=41, config=cfg))
    rules = RuleLabeler(cuts=None)
    for r in reports:
        _check_report(r)
        assert "old_no_headings" in r.meta["variants"]
        body = [s.section for s in r.segments if s.role == "body" and s.section != "front" and s.section != "back"]
        assert body[0] == "s1" and body[-1] == "s5" and set(body) <= {"s1", "s1.1", "s5"}, body
        assert not any(s.role == "heading" and s.section != "front" for s in r.segments)
        pred = rules.label(r.text)
        paragraphs = [k for k, s in enumerate(r.segments) if s.role == "body" and "。" in r.text[s.start:s.end]]
        assert [pred.segments[k].section for k in paragraphs] == [r.segments[k].section for k in paragraphs]


def test_pages_flattened_in_several_long_lines():
    """``p_flat_partial``: a flattened page's units in 2-6 lines, split only between units, the
    gold of each line as the one-line page had it; the rules find the parts of those lines."""
    from gainlp.evaluate import score
    from gainlp.rules import RuleLabeler
    cfg = _forced(p_flat=1.0, p_flat_partial=1.0, p_pdf=0.0, p_page_opening=0.0)
    reports = [r for r in generate(24, seed=53, config=cfg) if "flat_partial" in r.meta["variants"]]
    assert len(reports) >= 12
    for r in reports:
        _check_report(r)
        lines = [ln for ln in r.lines if ln.text.strip()]
        assert len(lines) >= 2 and max(len(ln.text) for ln in lines) >= 120, r.source
        for ln in lines:  # the segments of each line cover it exactly
            segs = [s for s in r.segments if s.line == ln.index]
            assert segs[0].start == ln.start and segs[-1].end == ln.end
    res = score(reports, [RuleLabeler(cuts=None).label(r.text) for r in reports])
    assert res.overall.section_macro_f1 >= 0.9


def test_standard_parts_numbered_with_arabic_digits():
    """``p_arabic_parts``: a 2019/2021 report whose parts are numbered 1. / 1、 / 1． with no
    space (LABELS.md rule 2: the title decides); the rules open each standard part there."""
    from gainlp.rules import RuleLabeler
    cfg = _forced(p_arabic_parts=1.0, p_std2021=0.5, p_std2019=0.5, p_old=0.0, p_pdf=0.0, p_flat=0.0,
                  p_oneline=0.0, p_page_opening=0.0, p_missing_headings=0.0)
    rules = RuleLabeler(cuts=None)
    for r in generate(10, seed=57, config=cfg):
        _check_report(r)
        assert "arabic_parts" in r.meta["variants"]
        pred = rules.label(r.text)
        parts = [s for s in r.segments if s.role == "heading" and s.section in STD_LATER | {"s1"}
                 and re.match(r"\d[.、．]", r.text[s.start:s.end].strip())]
        assert len(parts) >= 3, r.source
        for s in parts:
            p = next(p for p in pred.segments if p.start <= s.start < p.end)
            if rules.vocab.standard_section(r.text[s.start:s.end].strip()[2:]):
                assert (p.section, p.role) == (s.section, "heading"), r.text[s.start:s.end]


def test_unnumbered_level_two_headings_stand_alone():
    """``l2_styles`` "bare": a subsection heading without its number stands on its own line,
    never run into its paragraph (run in, it would not switch the section: rule 16)."""
    cfg = _forced(l2_styles={"bare": 1.0}, p_runin=1.0, p_runin_heading=1.0, p_std2021=1.0, p_std2019=0.0,
                  p_old=0.0, p_pdf=0.0, p_flat=0.0, p_oneline=0.0, p_page_opening=0.0, p_docx_numbering_lost=0.0)
    n = 0
    for r in generate(6, seed=61, config=cfg):
        _check_report(r)
        for s in r.segments:
            if s.section.startswith("s1.") and s.role == "heading":
                assert not re.match(r"\s*[（(][一二三四五六七八九十]", r.text[s.start:s.end]), r.text[s.start:s.end]
                n += 1
            if s.section.startswith("s1.") and s.role == "body":
                assert not any(r.text[s.start:s.end].startswith(t + "。") for t in ("主动公开", "依申请公开", "监督保障"))
    assert n >= 6


def test_phrase_pair_subheadings_and_the_municipal_old_table():
    """Level-2 titles of two phrases (加强组织领导，压实公开责任) take the lead phrase's
    subsection, and the rules read them so; a municipal old table's 咨询 rows are s1.2."""
    from gainlp.rules import RuleLabeler
    cfg = _forced(p_phrase_pair_heading=1.0, p_std2021=1.0, p_std2019=0.0, p_old=0.0, p_pdf=0.0, p_flat=0.0,
                  p_oneline=0.0, p_page_opening=0.0, p_docx_numbering_lost=0.0, p_runin=0.0, p_runin_heading=0.0)
    pairs = 0
    for r in generate(4, seed=62, config=cfg):
        _check_report(r)
        got = {(s.start, s.end): s.section for s in RuleLabeler().label(r.text).segments}
        for s in r.segments:
            if s.role == "heading" and s.section.startswith("s1.") and "，" in r.text[s.start:s.end]:
                pairs += 1
                assert got.get((s.start, s.end)) == s.section, r.text[s.start:s.end]
    assert pairs >= 4
    cfg = _forced(old_table_variants={"municipal": 1.0}, p_old_report_table=1.0, p_old=1.0, p_std2021=0.0,
                  p_std2019=0.0, p_pdf=0.0, p_flat=0.0, p_oneline=0.0, p_page_opening=0.0)
    consult = [(s.section, r.text[s.start:s.end]) for r in generate(6, seed=63, config=cfg) for s in r.segments
               if s.role.startswith("table") and "咨询" in r.text[s.start:s.end]]
    assert consult and all(sec == "s1.2" for sec, _ in consult)


@pytest.mark.parametrize("variant,cfg", [
    ("title_lost", {"p_part_title_lost": 1.0, "p_flat": 0.0, "p_oneline": 0.0}),  # on its own line
    ("first_heading_lost", {"p_first_heading_lost": 1.0}),
    ("contents_line", {"p_contents_line": 1.0, "p_web_page": 1.0, "p_flat": 0.0}),
])
def test_lost_part_headings_and_contents_lines(variant, cfg):
    """A part printed as its numeral alone, a first part's heading dropped, a wiki's contents
    line: valid gold, and the rules label every such line as the gold does."""
    from gainlp.rules import RuleLabeler
    reports = generate(12, seed=71, config=_forced(**cfg))
    hits = 0
    for r in reports:
        _check_report(r)
        if variant not in r.meta["variants"]:
            continue
        hits += 1
        got = {(s.start, s.end): (s.section, s.role) for s in RuleLabeler().label(r.text).segments}
        for s in r.segments:
            piece = r.text[s.start:s.end].strip()
            if (variant == "title_lost" and s.role == "heading" and re.fullmatch(r"[一二三][、.．]", piece)) \
                    or (variant == "contents_line" and s.role == "noise" and piece.count(",") + piece.count("，") >= 3):
                assert got.get((s.start, s.end)) == (s.section, s.role), piece
    assert hits >= 3


@pytest.mark.parametrize("style", ["bullets_split", "pipe_keys"])
def test_panels_with_values_under_their_keys(style):
    from gainlp.synth import web
    reports = generate(30, seed=72, config=_forced(p_web_page=1.0, p_index_block=1.0, p_flat=0.0))
    styled = [r for r in reports if f"panel:{style}" in r.meta["variants"]]
    assert styled and style in web.PANEL_STYLES
    for r in styled:
        _check_report(r)


def test_space_tables_may_wrap_their_header_cells_in_columns():
    cfg = _forced(encoding_weights={"space": 1.0}, p_header_in_columns=1.0, p_flat=0.0, p_web_page=0.0, p_pdf=0.0)
    reports = generate(6, seed=73, config=cfg, split="heldout")
    headers = [r.text[s.start:s.end] for r in reports for s in r.segments if s.role == "table_header"]
    assert any(re.fullmatch(r"维持?\S?[ \u3000]+.*", h) for h in headers) or any(
        len(h.split()) >= 3 and all(len(t) <= 4 for t in h.split()) for h in headers), headers[:10]
