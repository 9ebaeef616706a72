"""Builders for the docx / pdf fixtures of test_readers.py (nothing binary is committed)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path


def build_report_docx(path: Path) -> Path:
    """Title, heading, paragraph, a 2x3 table (one two-paragraph cell, one merged
    cell), a paragraph after the table."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("某某县商务局2021年政府信息公开工作年度报告", style="Title")
    doc.add_heading("一、总体情况", level=1)
    doc.add_paragraph("2021年，我局认真贯彻落实《条例》。")
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "信息内容"
    table.cell(0, 1).text = "本年新"
    table.cell(0, 1).add_paragraph("公开数量")
    table.cell(0, 2).text = "对外公开总数量"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "规章"
    table.cell(1, 2).text = "0"
    doc.add_paragraph("二、主动公开政府信息情况")
    doc.save(str(path))
    return path


def build_vmerge_docx(path: Path) -> Path:
    """A 2x2 table whose first column is merged vertically."""
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=2, cols=2)
    top = table.cell(0, 0).merge(table.cell(1, 0))
    top.text = "三、本年度办理结果"
    table.cell(0, 1).text = "（一）予以公开"
    table.cell(1, 1).text = "（二）部分公开"
    doc.save(str(path))
    return path


def build_nested_table_docx(path: Path) -> Path:
    """A paragraph, a 1x2 table whose second cell holds a 1x2 table, a paragraph."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("前")
    outer = doc.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外A"
    cell = outer.cell(0, 1)
    cell.text = "外B"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内1"
    inner.cell(0, 1).text = "内2"
    doc.add_paragraph("后")
    doc.save(str(path))
    return path


def rewrite_docx(src: Path, dst: Path, *, replace: dict[str, bytes] | None = None,
                 add: dict[str, bytes] | None = None) -> Path:
    """Copy a docx, replacing some members and adding others (all deflated)."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def with_entity_declaration(src: Path, dst: Path) -> Path:
    """The docx with a DOCTYPE declaring an entity used in word/document.xml."""
    with zipfile.ZipFile(src) as zf:
        xml = zf.read("word/document.xml")
    decl_end = xml.index(b"?>") + 2
    xml = (
        xml[:decl_end]
        + b'\n<!DOCTYPE w:document [<!ENTITY boom "BOOMBOOMBOOMBOOM">]>'
        + xml[decl_end:].replace(b"2021\xe5\xb9\xb4", b"&boom;", 1)
    )
    return rewrite_docx(src, dst, replace={"word/document.xml": xml})


def with_zip_bomb_member(src: Path, dst: Path, size: int = 20_000_000) -> Path:
    """The docx plus a media member of ``size`` zero bytes (compresses ~1000:1)."""
    return rewrite_docx(src, dst, add={"word/media/image1.bin": bytes(size)})


def truncated(src: Path, dst: Path) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])
    return dst


def build_text_pdf(path: Path, lines: list[str]) -> Path:
    """One page with ``lines`` drawn in the built-in CID font STSong-Light."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("STSong-Light", 14)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 28 * i, line)
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def build_rectangle_pdf(path: Path) -> Path:
    """One page holding only a drawn rectangle: no text layer."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.rect(100, 100, 300, 200, fill=1)
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def build_tracked_changes_docx(path: Path) -> Path:
    """One paragraph: a run, a tracked insertion, a tracked deletion, a content control."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = docx.Document()
    p = doc.add_paragraph("甲")._p
    p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>乙</w:t></w:r></w:ins>'
    ))
    p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>丙</w:delText></w:r></w:del>'
    ))
    p.append(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:r><w:t>丁</w:t></w:r></w:sdtContent></w:sdt>'
    ))
    doc.save(str(path))
    return path
