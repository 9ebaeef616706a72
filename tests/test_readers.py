"""Tests for gainlp.readers: every fixture is generated here, outputs are asserted exactly."""
from __future__ import annotations

import io
import pickle
import random
import zipfile

import pytest

from gainlp.readers import Document, ReadError, read_document, read_text_bytes

from fixtures_docs import (
    build_nested_table_docx,
    build_rectangle_pdf,
    build_report_docx,
    build_text_pdf,
    build_tracked_changes_docx,
    build_vmerge_docx,
    truncated,
    with_entity_declaration,
    with_zip_bomb_member,
)

SIMPLIFIED = (
    "某某县商务局2021年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "2021年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息120条。\n"
    "（一）主动公开\n"
)
TRADITIONAL = (
    "一、總體情況\n"
    "2020年,我局政府信息公開工作堅持以人民為中心，認真貫徹落實《條例》…\n"
    "（二）依申請公開\n"
)


def assert_read_error(exc_info, path, fragment: str) -> None:
    message = str(exc_info.value)
    assert message.startswith(f"{path}: "), message
    assert fragment in message, message


# --------------------------------------------------------------------------------------
# txt: encodings


@pytest.mark.parametrize(
    "text, raw_encoding, expected_encoding",
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED + "生僻字㐀与欧元€\n", "gb18030", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "gbk", "gb18030"),  # Traditional characters exist in GBK too
        (TRADITIONAL, "utf-8", "utf-8"),
    ],
)
def test_txt_encodings_round_trip(tmp_path, text, raw_encoding, expected_encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(raw_encoding))
    doc = read_document(path)
    assert doc == Document(text, str(path), "txt", expected_encoding)


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_bom(tmp_path, bom, codec):
    path = tmp_path / "u16.txt"
    path.write_bytes(bom + SIMPLIFIED.encode(codec))
    assert read_document(path) == Document(SIMPLIFIED, str(path), "txt", codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_detected_by_nul_pattern(codec):
    assert read_text_bytes(SIMPLIFIED.encode(codec)) == (SIMPLIFIED, codec)


def test_big5_not_mistaken_for_gbk_and_back():
    # Both byte strings also decode without error in the other legacy codec.
    big5 = TRADITIONAL.encode("big5")
    assert read_text_bytes(big5) == (TRADITIONAL, "big5")
    text = "我局政府信息公開工作辦理結果\n"
    gbk = text.encode("gbk")
    gbk.decode("big5")  # precondition: Big5 decodes these bytes too (to other characters)
    assert read_text_bytes(gbk) == (text, "gb18030")


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gbk", "big5", "utf-16"])
def test_crlf_and_cr_preserved(codec):
    text = "一、總體情況\r\n2020年,我局\r\n\r\n二、主動公開\r舊式換行\n"
    assert read_text_bytes(text.encode(codec))[0] == text


def test_utf8_cut_mid_character_keeps_utf8():
    data = SIMPLIFIED.encode("utf-8")[:-2]  # drops "\n" and the last byte of "开"
    assert read_text_bytes(data) == (SIMPLIFIED[:-2] + "\ufffd", "utf-8")


def test_utf8_with_many_bad_bytes_is_not_utf8():
    data = SIMPLIFIED.encode("utf-8").replace("，".encode("utf-8"), b"\xff", 1)
    data = data.replace("。".encode("utf-8"), b"\xfe", 1)
    with pytest.raises(ReadError):  # short text, two broken bytes inside: no guessing
        read_text_bytes(data)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read_document(path) == Document("", str(path), "txt", "utf-8")


# --------------------------------------------------------------------------------------
# txt: rejected input


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", SIMPLIFIED * 20)
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, data",
    [
        ("random", random.Random(0).randbytes(4096)),
        ("elf", b"\x7fELF\x02\x01\x01" + bytes(9) + random.Random(1).randbytes(2000)),
        ("zip", _zip_bytes()),
        ("high_bytes", bytes(random.Random(2).randrange(0x81, 0xFF) for _ in range(4000))),
        ("controls", bytes(range(1, 32)) * 50),
    ],
)
def test_binary_rejected_with_path(tmp_path, name, data):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, "binary or undecodable file (")


def test_missing_file(tmp_path):
    path = tmp_path / "nope" / "missing.txt"
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, "no such file")


def test_directory_rejected(tmp_path):
    with pytest.raises(ReadError) as exc_info:
        read_document(tmp_path)
    assert_read_error(exc_info, tmp_path, "not a regular file")


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 101)
    assert read_document(path, max_bytes=101).text == "a" * 101
    with pytest.raises(ReadError) as exc_info:
        read_document(path, max_bytes=100)
    assert_read_error(exc_info, path, "file too large")


def test_read_error_is_value_error_and_picklable():
    err = ReadError("a/b.txt", "no such file")
    assert isinstance(err, ValueError)
    copy = pickle.loads(pickle.dumps(err))
    assert str(copy) == "a/b.txt: no such file" and copy.path == "a/b.txt"


def test_legacy_doc_refused(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, ".doc is not supported")


# --------------------------------------------------------------------------------------
# docx


def test_docx_body_order_table_cells_and_merges(tmp_path):
    path = build_report_docx(tmp_path / "report.docx")
    expected = (
        "某某县商务局2021年政府信息公开工作年度报告\n"
        "一、总体情况\n"
        "2021年，我局认真贯彻落实《条例》。\n"
        "\t信息内容\n"
        "\t本年新\n"
        "公开数量\n"
        "\t对外公开总数量\n"
        "\n"
        "\t规章\n"  # horizontally merged over two grid columns: emitted once
        "\t0\n"
        "\n"
        "二、主动公开政府信息情况"
    )
    assert read_document(path) == Document(expected, str(path), "docx", None)


def test_docx_vertical_merge_continuation_is_an_empty_cell(tmp_path):
    path = build_vmerge_docx(tmp_path / "vmerge.docx")
    assert read_document(path).text == (
        "\t三、本年度办理结果\n\t（一）予以公开\n\n"
        "\t\n\t（二）部分公开\n"
    )


def test_docx_nested_table_flattened_in_order(tmp_path):
    path = build_nested_table_docx(tmp_path / "nested.docx")
    assert read_document(path).text == "前\n\t外A\n\t外B\n\t内1\n\t内2\n\n\n后"


def test_docx_tracked_insertions_kept_deletions_dropped(tmp_path):
    path = build_tracked_changes_docx(tmp_path / "tracked.docx")
    assert read_document(path).text == "甲乙丁"


def test_docx_zip_bomb_refused(tmp_path):
    src = build_report_docx(tmp_path / "ok.docx")
    path = with_zip_bomb_member(src, tmp_path / "bomb.docx")
    assert path.stat().st_size < 200_000
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, "zip bomb")


def test_docx_entity_declaration_refused(tmp_path):
    src = build_report_docx(tmp_path / "ok.docx")
    path = with_entity_declaration(src, tmp_path / "entity.docx")
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, "word/document.xml declares a DOCTYPE or ENTITY")


def test_docx_truncated(tmp_path):
    src = build_report_docx(tmp_path / "ok.docx")
    path = truncated(src, tmp_path / "cut.docx")
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, "not a valid .docx: ")


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, "not a valid .docx: ")


# --------------------------------------------------------------------------------------
# html

HTML_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>页面标题</title><style>p { color: red }</style>
<script>var s = "<p>脚本</p>";</script></head>
<body>
<div class="crumb">首页 &gt; 政务公开</div>
<div><div><h1>某某县2021年政府信息公开工作年度报告</h1></div>
  <div><p>一、总体情况</p>
    <p>2021年，我局<b>认真</b>贯彻落实
       《条例》。<br>第二行<br><br>隔一行</p></div></div>
<noscript>请启用脚本</noscript>
<table>
  <tr><th>信息内容</th><th>本年新<br>制作数量</th><th>对外公开总数量</th></tr>
  <tr><td><p>规章</p></td><td> 0 </td><td></td></tr>
</table>
<p>   </p><p>&nbsp;</p><div></div><p>&nbsp;</p>
<ul><li>二、主动公开</li><li>三、依申请公开</li></ul>
</body></html>
"""

HTML_EXPECTED = (
    "首页 > 政务公开\n"
    "某某县2021年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "2021年，我局认真贯彻落实《条例》。\n"
    "第二行\n"
    "\n"
    "隔一行\n"
    "信息内容 | 本年新 制作数量 | 对外公开总数量 |\n"
    "规章 | 0 | |\n"
    "\n"
    "二、主动公开\n"
    "三、依申请公开"
)


def test_html_gbk_meta_charset(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(HTML_PAGE.encode("gbk"))
    assert read_document(path) == Document(HTML_EXPECTED, str(path), "html", "gb18030")


def test_html_utf8_with_stale_gb2312_meta(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(HTML_PAGE.encode("utf-8"))
    assert read_document(path) == Document(HTML_EXPECTED, str(path), "html", "utf-8")


def test_html_pipe_rows_in_scraper_style():
    html = (
        "<table><tr><td>第二十條第（一）項</td><td></td><td></td><td></td></tr>"
        "<tr><td>規章</td><td>0</td><td>0</td><td>0</td></tr>"
        "<tr><td> </td><td></td></tr></table>"
    ).encode("utf-8")
    path_text = _html_text(html)
    assert path_text == "第二十條第（一）項 | |||\n規章 | 0 | 0 | 0 |\n||"


def test_html_layout_table_flows_and_inner_data_table_is_piped():
    paragraphs = "".join(f"<p>第{i}段</p>" for i in range(5))
    html = (
        "<table><tr><td><div>报告正文</div>" + paragraphs
        + "<table><tr><td>行政许可</td><td>8</td></tr></table></td></tr></table>"
    ).encode("utf-8")
    assert _html_text(html) == (
        "报告正文\n第0段\n第1段\n第2段\n第3段\n第4段\n行政许可 | 8 |"
    )


def test_html_pre_keeps_its_lines():
    html = "<body><p>前</p><pre>一、总体情况\n  全年  公开\n</pre><p>后</p></body>".encode()
    assert _html_text(html) == "前\n一、总体情况\n  全年  公开\n后"


def _html_text(data: bytes) -> str:
    from gainlp.readers import _read_html

    return _read_html(data, "<test>")[0]


# --------------------------------------------------------------------------------------
# pdf

PDF_LINES = ["某某县2021年政府信息公开工作年度报告", "一、总体情况", "2021年，全年主动公开政府信息120条。"]


def test_pdf_text_layer(tmp_path):
    path = build_text_pdf(tmp_path / "report.pdf", PDF_LINES)
    doc = read_document(path)
    assert (doc.source, doc.kind, doc.encoding) == (str(path), "pdf", None)
    content = [line.strip("\x0c ") for line in doc.text.split("\n")]
    assert [line for line in content if line] == PDF_LINES
    assert read_document(path).text == doc.text  # deterministic


def test_pdf_without_text_layer(tmp_path):
    path = build_rectangle_pdf(tmp_path / "scan.pdf")
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, "PDF has no text layer (scanned?)")


@pytest.mark.parametrize("fraction", [0.5, 0.9])
def test_pdf_truncated(tmp_path, fraction):
    src = build_text_pdf(tmp_path / "ok.pdf", PDF_LINES)
    data = src.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, "PDF")


def test_pdf_corrupt_body(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.4\n" + random.Random(3).randbytes(3000) + b"\n%%EOF\n")
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, "PDF")


# --------------------------------------------------------------------------------------
# unknown extensions are sniffed


def test_unknown_extension_sniffed(tmp_path):
    pdf = build_text_pdf(tmp_path / "a.pdf", PDF_LINES)
    docx_path = build_report_docx(tmp_path / "a.docx")
    cases = {
        "pdf_noext": (pdf.read_bytes(), "pdf"),
        "docx.bin": (docx_path.read_bytes(), "docx"),
        "page.asp": (HTML_PAGE.encode("gbk"), "html"),
        "notes.md": (SIMPLIFIED.encode("gbk"), "txt"),
    }
    for name, (data, kind) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert read_document(path).kind == kind, name


def test_zip_named_txt_is_binary(tmp_path):
    docx_path = build_report_docx(tmp_path / "a.docx")
    path = tmp_path / "a.txt"
    path.write_bytes(docx_path.read_bytes())
    with pytest.raises(ReadError) as exc_info:
        read_document(path)
    assert_read_error(exc_info, path, "binary or undecodable file")
