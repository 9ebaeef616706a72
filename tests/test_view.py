"""``gainlp view`` / ``gainlp.view.render_html``: pure-Python checks of the HTML, and a
render in headless Chromium (skipped when no chromium binary is installed)."""
import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gainlp.cli import main
from gainlp.labels import ROLES, SECTION_TITLES, SECTIONS
from gainlp.pipeline import label_text
from gainlp.report import Report, Segment, split_lines
from gainlp.view import render_html, section_class

ATTACK = "<script>document.title='PWNED'</script>"
ATTACK_IMG = '<img src=x onerror="document.title=\'PWNED2\'">'

TEXT = "\n".join([
    "某县2021年政府信息公开工作年度报告",          # 0 front title
    "一、总体情况",                                  # 1 s1 heading
    "2021年，我县认真贯彻 " + ATTACK + " 落实。",   # 2 s1 body (low)
    "",                                              # 3 s1 blank (low conf, never highlighted)
    "（一）主动公开",                                # 4 s1.1 heading
    "全年主动公开信息120条。 & \"引号\" " + ATTACK_IMG,  # 5 s1.1 body
    "二、主动公开政府信息情况",                      # 6 s2 heading
    "信息内容\t本年制发件数\t本年废止件数",          # 7 s2 table_header (low)
    "规章 | 0 | 0 | 0 |",                            # 8 s2 table_row
    "[image: ]",                                     # 9 s2 noise
    "三、收到和处理政府信息公开申请情况",            # 10 s3 heading
    "（一）予以公开三、收到", # 11 segmented: s3 table_row_header + s3 body
    "ctl\x01\x0c\u2028end",                          # 12 s3 body
])
LABELS = [
    ("front", "title", 0.95), ("s1", "heading", 0.9), ("s1", "body", 0.41), ("s1", "blank", 0.1),
    ("s1.1", "heading", 0.9), ("s1.1", "body", 0.8), ("s2", "heading", 0.99),
    ("s2", "table_header", 0.55), ("s2", "table_row", 0.9), ("s2", "noise", 0.7),
    ("s3", "heading", 0.9), None, ("s3", "body", 0.6),
]
LOW_LINES = {2, 7}  # confidence < 0.6, not blank


def sample_report(source="<b>报告</b>.txt") -> Report:
    lines = split_lines(TEXT)
    segs = []
    for ln, lab in zip(lines, LABELS):
        if lab is None:  # split line 11 after （一）予以公开
            cut = ln.start + len("（一）予以公开")
            segs.append(Segment(ln.start, cut, ln.index, "s3", "table_row_header", 0.9))
            segs.append(Segment(cut, ln.end, ln.index, "s3", "body", 0.3))
            continue
        sec, role, conf = lab
        segs.append(Segment(ln.start, ln.end, ln.index, sec, role, conf))
    r = Report(text=TEXT, segments=segs, lines=lines, source=source, format="std2021", engine="rules")
    r.validate()
    return r


def seg_divs(soup):
    return soup.select("main div.seg")


# ---------------------------------------------------------------------------------------
# pure Python

def test_text_is_escaped_and_page_has_no_active_content():
    page = render_html(sample_report())
    low = page.lower()
    assert "<script" not in low and "<img" not in low
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    assert "&lt;b&gt;报告&lt;/b&gt;.txt" in page  # the document name is escaped too
    # self-contained: no external resources of any kind
    for bad in ("src=", "<link", "@import", "url(", "http://", "https://"):
        assert bad not in low.replace("&lt;img src=x", "")
    page.encode("utf-8")


def test_classes_per_section_and_role():
    r = sample_report()
    soup = BeautifulSoup(render_html(r), "html.parser")
    divs = seg_divs(soup)
    assert len(divs) == len(r.segments)
    for div, seg in zip(divs, r.segments):
        cls = div["class"]
        assert section_class(seg.section) in cls and f"role-{seg.role}" in cls
        assert int(div["data-line"]) == seg.line
        assert ("tbl" in cls) == seg.role.startswith("table_")
    assert section_class("s1.1") == "sec-s1-1"
    # every section gets its own colour; s1.x share s1's hue
    css = soup.style.string
    assert ".seg.sec-s1-3{" in css and ".seg.sec-back{" in css


def test_heading_annotations_and_segmented_line():
    r = sample_report()
    soup = BeautifulSoup(render_html(r), "html.parser")
    for div, seg in zip(seg_divs(soup), r.segments):
        anno = div.select_one(".anno")
        if seg.role == "heading":
            assert anno is not None and anno.get_text() == "→ " + SECTION_TITLES[seg.section]
        else:
            assert anno is None
    line11 = soup.select("#L11 div.seg")
    assert len(line11) == 2
    assert line11[0].select_one(".txt").get_text() == "（一）予以公开"
    assert line11[1].select_one(".txt").get_text().startswith("+三、收到")
    # table separators are visible elements; the text itself is kept
    row = soup.select_one("#L8 .txt")
    assert len(row.select(".sep")) == 4 and row.get_text() == "规章 | 0 | 0 | 0 |"
    assert len(soup.select("#L7 .sep.tab")) == 2


def test_low_confidence_highlight_is_configurable():
    r = sample_report()
    soup = BeautifulSoup(render_html(r), "html.parser")
    low = {(int(d["data-line"]), d.select_one(".txt").get_text()[:2]) for d in soup.select("main div.seg.low")}
    assert {ln for ln, _ in low} == LOW_LINES | {11}
    assert [d.select_one(".txt").get_text().startswith("+") for d in soup.select("#L11 div.seg.low")] == [True]
    assert not soup.select("#L3 .low") and not soup.select("#L3.low")  # blank never highlighted
    soup = BeautifulSoup(render_html(r, low=0.95), "html.parser")
    assert {int(d["data-line"]) for d in soup.select("main div.seg.low")} == {1, 2, 4, 5, 7, 8, 9, 10, 11, 12}
    assert not BeautifulSoup(render_html(r, low=0.0), "html.parser").select("main div.seg.low")


def test_legend_header_and_controls():
    r = sample_report()
    soup = BeautifulSoup(render_html(r, title="示例 <x>"), "html.parser")
    legend_secs = soup.select(".legend-sections li")
    assert [li.code.get_text() for li in legend_secs] == list(SECTIONS)
    assert all(SECTION_TITLES[s] in li.get_text() for s, li in zip(SECTIONS, legend_secs))
    assert [li.code.get_text() for li in soup.select(".legend-roles li")] == list(ROLES)
    assert soup.title.get_text().startswith("示例 <x>")
    head = soup.header.get_text()
    for word in ("std2021", "rules", "lines: 13", "segments: 14", "headings: 4", "table lines: 3", "confidence < 0.6: 3"):
        assert word in head
    ctl = soup.select("#L12 .ctl")
    assert [c.get_text() for c in ctl] == ["^A", "FF", "LS"]
    # a lone surrogate cannot break the page's encoding
    render_html(Report.from_line_labels("a\ud800b", [("front", "body")])).encode("utf-8")


def test_render_is_deterministic_and_handles_rules_output(seeds):
    r = label_text(seeds[1].read_text(encoding="utf-8"), engine="rules", source=str(seeds[1]))
    a, b = render_html(r), render_html(r)
    assert a == b
    soup = BeautifulSoup(a, "html.parser")
    assert len(seg_divs(soup)) == len(r.segments)
    assert len(soup.select(".anno")) == sum(s.role == "heading" for s in r.segments)


def test_view_cli(seeds, tmp_path, capsys):
    out = tmp_path / "v.html"
    assert main(["view", str(seeds[0]), "-o", str(out), "--engine", "rules", "--low", "0.8"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and str(seeds[0]) in page
    assert main(["view", str(seeds[0]), "--engine", "rules"]) == 0
    assert capsys.readouterr().out == render_html(label_text(
        seeds[0].read_text(encoding="utf-8"), engine="rules", source=str(seeds[0])), title=str(seeds[0]))
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    assert main(["view", str(bad), "-o", str(tmp_path / "bad.html"), "--engine", "rules"]) == 1
    assert not (tmp_path / "bad.html").exists()


# ---------------------------------------------------------------------------------------
# headless Chromium

from chromium import CHROMIUM
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found (apt-get install chromium)")


def _run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    env = dict(os.environ, HOME=str(tmp_path))
    return subprocess.run(cmd, capture_output=True, timeout=90, env=env)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    d = tmp_path_factory.mktemp("view")
    path = d / "report.html"
    path.write_text(render_html(sample_report(), title="sample"), encoding="utf-8")
    return path


@needs_chromium
def test_chromium_dom(page_file, tmp_path):
    res = _run_chromium(tmp_path, "--dump-dom", page_file.as_uri())
    assert res.returncode == 0, res.stderr.decode(errors="replace")[-2000:]
    soup = BeautifulSoup(res.stdout.decode("utf-8"), "html.parser")
    # the scripts in the report text were neither parsed as elements nor executed
    assert soup.title.get_text() == "sample — gainlp"
    assert not soup.find_all("script") and not soup.find_all("img")
    assert "PWNED" not in soup.title.get_text()
    assert ATTACK in soup.select_one("#L2 .txt").get_text()
    # heading annotations
    annos = {int(a.find_parent("div", class_="seg")["data-line"]): a.get_text() for a in soup.select(".anno")}
    assert annos == {1: "→ 一、总体情况", 4: "→ （一）主动公开", 6: "→ 二、主动公开政府信息情况",
                     10: "→ 三、收到和处理政府信息公开申请情况"}
    # legend
    assert len(soup.select(".legend-sections li")) == len(SECTIONS)
    assert len(soup.select(".legend-roles li")) == len(ROLES)
    # low-confidence lines
    assert {int(d["data-line"]) for d in soup.select("div.seg.low")} == LOW_LINES | {11}


@needs_chromium
def test_chromium_screenshot(page_file, tmp_path):
    png = tmp_path / "shot.png"
    res = _run_chromium(tmp_path, "--window-size=1280,900", f"--screenshot={png}", page_file.as_uri())
    assert res.returncode == 0, res.stderr.decode(errors="replace")[-2000:]
    data = png.read_bytes()
    assert len(data) > 1000 and data.startswith(b"\x89PNG\r\n\x1a\n")
