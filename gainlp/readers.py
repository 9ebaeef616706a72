"""Read report files (txt, docx, html, pdf) into the text that all label offsets refer to.

``read_document`` is the single entry point (``read`` returns just its text). Every reader is deterministic: the same bytes
always give the same ``Document.text``. Plain text keeps its line breaks exactly as stored
(``\\r\\n`` stays ``\\r\\n``); the other formats are rendered to ``\\n``-separated lines:

* docx: one line per paragraph; a table row is one ``"\\t" + cell`` line per cell (a
  multi-paragraph cell continues on lines without the tab) followed by an empty line.
* html: block elements break lines; a data table row is one pipe line ``a | b | c |``.
* pdf: pdfminer.six text layer, verbatim (form feeds at page ends included).

Files come from the web and are untrusted: sizes are bounded, docx archives are checked for
zip bombs and XML entity declarations before python-docx parses them.
"""
from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterator

__all__ = ["Document", "ReadError", "read", "read_document", "read_text_bytes"]

DEFAULT_MAX_BYTES = 200_000_000


@dataclass(frozen=True)
class Document:
    text: str  # the decoded text all offsets refer to
    source: str  # path as given
    kind: str  # "txt" | "docx" | "html" | "pdf"
    encoding: str | None  # detected encoding for txt/html, None otherwise


class ReadError(ValueError):
    """A file that cannot be read. The message is ``"<path>: <problem>"``."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def __reduce__(self):  # keep it picklable across worker processes
        return (type(self), (self.path, self.problem))


# --------------------------------------------------------------------------------------
# Entry point

_TXT, _DOCX, _HTML, _PDF = "txt", "docx", "html", "pdf"
_EXT_KIND = {
    ".txt": _TXT, ".text": _TXT, ".docx": _DOCX, ".pdf": _PDF,
    ".html": _HTML, ".htm": _HTML, ".xhtml": _HTML, ".shtml": _HTML,
}
_UNSUPPORTED_EXT = {
    ".doc": "legacy Word 97-2003 .doc is not supported (convert it to .docx)",
    ".wps": "WPS .wps files are not supported (convert them to .docx)",
}


#: file name suffixes a reader exists for (or that are refused by name): a one-line string
#: ending in one of them is a path, never report text (``gainlp.label``)
PATH_SUFFIXES = frozenset(_EXT_KIND) | frozenset(_UNSUPPORTED_EXT)


def read(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of the report file at ``path`` (``read_document(path).text``).

    A path that does not exist raises ``FileNotFoundError``; a file that exists but cannot be
    read raises ``ReadError`` (see ``read_document``).
    """
    source = os.fsdecode(os.fspath(path))
    if not os.path.exists(source):
        import errno
        raise FileNotFoundError(errno.ENOENT, "no such file", source)
    return read_document(source, max_bytes=max_bytes).text


def read_document(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read ``path`` into a ``Document``; the format is chosen by extension.

    Unknown extensions are sniffed (PDF, docx, HTML signatures) and otherwise read as text.
    Raises ``ReadError`` (message starting with the path) for missing, oversized, binary,
    corrupt or unsafe files. An empty text or HTML file gives an empty text; an empty
    .docx or .pdf is not a valid file of its kind and is refused.
    """
    source = os.fsdecode(path)
    ext = os.path.splitext(source)[1].lower()
    if ext in _UNSUPPORTED_EXT:
        raise ReadError(source, _UNSUPPORTED_EXT[ext])
    data = _read_bytes(source, max_bytes)
    kind = _EXT_KIND.get(ext) or _sniff_kind(data)
    if not data:
        if kind in (_DOCX, _PDF):
            raise ReadError(source, f"empty file (0 bytes) is not a valid .{kind}")
        return Document("", source, kind, "utf-8")
    if kind == _DOCX:
        return Document(_read_docx(data, source), source, kind, None)
    if kind == _PDF:
        return Document(_read_pdf(data, source), source, kind, None)
    if kind == _HTML:
        text, encoding = _read_html(data, source)
        return Document(text, source, kind, encoding)
    text, encoding = read_text_bytes(data, source=source)
    return Document(text, source, _TXT, encoding)


def _read_bytes(source: str, max_bytes: int) -> bytes:
    try:
        size = os.stat(source).st_size
        if not os.path.isfile(source):
            raise ReadError(source, "not a regular file")
        if size > max_bytes:
            raise ReadError(source, f"file too large ({size} bytes > max_bytes={max_bytes})")
        with open(source, "rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may grow between stat and read
    except FileNotFoundError:
        raise ReadError(source, "no such file") from None
    except PermissionError:
        raise ReadError(source, "permission denied") from None
    except OSError as exc:
        raise ReadError(source, f"cannot read file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise ReadError(source, f"file too large (> max_bytes={max_bytes})")
    return data


def _sniff_kind(data: bytes) -> str:
    head = data[:1024]
    if b"%PDF-" in head:
        return _PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return _DOCX
        except (zipfile.BadZipFile, OSError, ValueError):
            pass
        return _TXT  # any other zip is rejected as binary by the text reader
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return _HTML
    return _TXT


# --------------------------------------------------------------------------------------
# Plain text: encoding detection

_BOMS = (  # (byte-order mark, encoding reported)
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Very frequent characters of Chinese (and of these reports), Simplified and Traditional
# forms, plus full-width punctuation. A wrong legacy decoding (GBK bytes read as Big5 or
# the reverse) yields rare characters instead, so the share of these tells them apart.
_COMMON_CHARS = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同"
    "工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理"
    "起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义"
    "事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结"
    "解问意建月公无系很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及"
    "管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西"
    "被干做必战先回则任取据处府研务信息申请报告况项目县市乡镇街办局厅委依规范督查审核监"
    "施履职责共服培训网站述议案复诉讼费收這爲個國時來們於對會發動過說產種後學經進電裏現"
    "實兩體機當點從業應開還義間樣與關線內數麼質氣變條沒結問無並題黨員總設長頭資邊級圖統"
    "較將組見計別論運農幾區強決幹戰則據處務請報況項縣鄉鎮辦廳規範審覈監職責訓網議復訴訟"
    "費，。、：；（）“”《》！？…—·％"
)
_MIN_COMMON_SHARE = 0.05  # below this a long legacy decoding is taken for gibberish


def read_text_bytes(data: bytes, *, source: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` as text, detecting the encoding; returns ``(text, encoding)``.

    Order: BOM, BOM-less UTF-16 (by its NUL pattern), UTF-8, then GB18030 / Big5 (and
    UTF-16, through charset-normalizer) chosen by a sanity check and character frequency.
    Line breaks are kept as stored. Raises ``ReadError`` for binary or undecodable bytes.
    """
    if not data:
        return "", "utf-8"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_after_bom(data[len(bom):], encoding, source), encoding
    nuls = data.count(0)
    if nuls:
        decoded = _decode_utf16_by_nul_pattern(data)
        if decoded is not None:
            return decoded
        if nuls * 1000 > len(data):
            raise _undecodable(source, f"{nuls} NUL bytes")
    text = _decode_utf8(data)
    if text is not None:
        if not _looks_like_text(text):
            raise _undecodable(source, "control characters in UTF-8 text")
        return text, "utf-8"
    decoded = _decode_legacy_chinese(data)
    if decoded is None:
        raise _undecodable(source, "not UTF-8, UTF-16, GB18030 or Big5 text")
    return decoded


def _undecodable(source: str, why: str) -> ReadError:
    return ReadError(source, f"binary or undecodable file ({why})")


def _decode_after_bom(data: bytes, encoding: str, source: str) -> str:
    if encoding == "utf-8-sig":
        text = _decode_utf8(data)
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = None
    if text is None:
        raise _undecodable(source, f"invalid {encoding} after its byte-order mark")
    if not _looks_like_text(text):
        raise _undecodable(source, f"control characters in {encoding} text")
    return text


def _decode_utf16_by_nul_pattern(data: bytes) -> tuple[str, str] | None:
    # ASCII in UTF-16 puts its NUL in the high byte: odd offsets for LE, even ones for BE.
    if len(data) % 2:
        return None
    odd = data[1::2].count(0)
    even = data[0::2].count(0)
    orders = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for codec in orders:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text, cjk=True):
            return text, codec
    return None


def _decode_utf8(data: bytes) -> str | None:
    """Strict UTF-8, tolerating a character cut at the very end (a truncated download)
    and a rare bad byte inside a long text, each as U+FFFD."""
    view = memoryview(data)  # slices of a memoryview are not copies
    pieces: list[str] = []
    pos = bad = 0
    while True:
        try:
            pieces.append(str(view[pos:], "utf-8"))
            break
        except UnicodeDecodeError as exc:
            pieces.append(str(view[pos:pos + exc.start], "utf-8"))
            pieces.append("\ufffd")
            pos += exc.end
            if pos >= len(data) and exc.reason == "unexpected end of data":
                break
            bad += 1
            # GBK or Big5 read as UTF-8 fails on nearly every non-ASCII byte, never
            # on a handful.
            if bad > 4:
                return None
    text = "".join(pieces)
    if bad and _non_ascii_count(text) < 100 * bad:
        return None
    return text


def _decode_legacy_chinese(data: bytes) -> tuple[str, str] | None:
    # GB18030 decodes almost any byte string, so "it decodes" proves nothing: every
    # candidate that decodes to plausible text is scored by its share of common characters.
    candidates: dict[str, str] = {}
    for codec in ("gb18030", "big5", "cp950"):
        if codec == "cp950" and "big5" in candidates:
            continue  # cp950 only widens Big5 with vendor extensions
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text, cjk=True):
            candidates[codec] = text
    if not candidates:
        return _decode_utf16_guess(data)
    scores = {codec: _common_share(text) for codec, text in candidates.items()}
    top = max(scores.values())
    tied = [codec for codec in candidates if scores[codec] == top]  # in preference order
    best = tied[0]
    if len(tied) > 1:
        guess = _charset_normalizer_guess(data)
        if guess == "big5" and "big5" not in tied:
            guess = "cp950"
        if guess in tied:
            best = guess
    text = candidates[best]
    if top < _MIN_COMMON_SHARE and _non_ascii_count(text) >= 50:
        return None
    return text, best


def _decode_utf16_guess(data: bytes) -> tuple[str, str] | None:
    # BOM-less UTF-16 without a single ASCII character (so no NUL byte): rare, but
    # charset-normalizer can recognise it.
    if _charset_normalizer_guess(data) != "utf_16":
        return None
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return None
    return (text, "utf-16") if _looks_like_text(text, cjk=True) else None


def _charset_normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16"]).best()
    return match.encoding if match is not None else None


def _char_counts(text: str) -> Counter:
    """Character counts of ``text``, or of an evenly spread sample when it is long
    (plenty for telling text from garbage; keeps detection fast on large files)."""
    if len(text) <= _SAMPLE_CHARS:
        return Counter(text)
    step = len(text) // _SAMPLE_SLICES
    size = _SAMPLE_CHARS // _SAMPLE_SLICES
    return Counter("".join(text[i * step:i * step + size] for i in range(_SAMPLE_SLICES)))


_SAMPLE_CHARS = 1 << 20
_SAMPLE_SLICES = 64


def _common_share(text: str) -> float:
    counts = _char_counts(text)
    non_ascii = sum(n for ch, n in counts.items() if ord(ch) > 0x7F)
    if not non_ascii:
        return 0.0
    return sum(n for ch, n in counts.items() if ch in _COMMON_CHARS) / non_ascii


def _non_ascii_count(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _is_cjk_text_char(ch: str) -> bool:
    cp = ord(ch)
    return (
        cp < 0x80
        or 0x00A0 <= cp <= 0x024F  # Latin-1 and Latin Extended
        or 0x0391 <= cp <= 0x045F  # Greek, Cyrillic (both in GB2312 / Big5)
        or 0x2000 <= cp <= 0x27BF  # punctuation, symbols, arrows, box drawing
        or 0x2E80 <= cp <= 0x9FFF  # CJK radicals, punctuation, kana, bopomofo, ideographs
        or 0xF900 <= cp <= 0xFAFF  # CJK compatibility ideographs
        or 0xFE30 <= cp <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms
        or 0x20000 <= cp <= 0x3134F  # CJK extensions B-G
    )


def _looks_like_text(text: str, *, cjk: bool = False) -> bool:
    """Few control / private-use / replacement characters; with ``cjk`` also mostly
    characters that Chinese text is made of (what GB18030 or UTF-16 garbage is not)."""
    if not text:
        return True
    counts = _char_counts(text)
    bad = 0
    foreign = 0
    for ch, n in counts.items():
        cp = ord(ch)
        if (cp < 0x20 or 0x7F <= cp <= 0x9F) and ch not in _ALLOWED_CONTROLS:
            bad += n
        elif 0xE000 <= cp <= 0xF8FF or 0xD800 <= cp <= 0xDFFF or cp == 0xFFFD:
            bad += n
        elif cjk and not _is_cjk_text_char(ch):
            foreign += n
    total = counts.total()
    return bad <= 4 + total * 0.01 and foreign <= total * 0.05


# --------------------------------------------------------------------------------------
# docx

_ZIP_MAX_MEMBERS = 10_000
_ZIP_MAX_TOTAL = 200_000_000
_ZIP_MAX_RATIO = 200
_ZIP_RATIO_MIN_SIZE = 10_000_000
_XML_FORBIDDEN = tuple(
    marker.encode(encoding)
    for marker in ("<!doctype", "<!entity")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


_P, _TBL, _TR, _TC, _R = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r")
_BLOCKS, _ROWS, _CELLS = frozenset((_P, _TBL)), frozenset((_TR,)), frozenset((_TC,))
# Elements that only wrap content (content controls, custom XML, tracked insertions,
# hyperlinks, smart tags): their children count as children of the parent.
_TRANSPARENT = frozenset(
    _w(t) for t in (
        "sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag",
        "hyperlink", "fldSimple", "dir", "bdo",
    )
)


def _read_docx(data: bytes, source: str) -> str:
    _check_docx_archive(data, source)
    import docx

    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # python-docx, zipfile and lxml raise many unrelated types
        raise ReadError(source, f"not a valid .docx: {exc}") from None
    lines: list[str] = []
    _docx_blocks(body, lines)
    return "\n".join(lines)


def _check_docx_archive(data: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > _ZIP_MAX_MEMBERS:
                raise ReadError(source, f"refusing .docx with {len(infos)} archive members")
            total = sum(info.file_size for info in infos)
            if total > _ZIP_MAX_TOTAL:
                raise ReadError(
                    source, f"refusing .docx: {total} bytes uncompressed (zip bomb?)"
                )
            for info in infos:
                if (info.file_size > _ZIP_RATIO_MIN_SIZE
                        and info.file_size > _ZIP_MAX_RATIO * max(info.compress_size, 1)):
                    raise ReadError(
                        source,
                        f"refusing .docx: member {info.filename!r} expands "
                        f"{info.file_size // max(info.compress_size, 1)}:1 (zip bomb?)",
                    )
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    _check_xml_member(zf, info, source)
    except ReadError:
        raise
    except Exception as exc:  # BadZipFile, zlib.error, EOFError, NotImplementedError...
        raise ReadError(source, f"not a valid .docx: {exc}") from None


def _check_xml_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> None:
    overlap = max(len(m) for m in _XML_FORBIDDEN)
    tail = b""
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            window = (tail + chunk).lower()
            if any(marker in window for marker in _XML_FORBIDDEN):
                raise ReadError(
                    source,
                    f"refusing .docx: {info.filename} declares a DOCTYPE or ENTITY",
                )
            tail = window[-overlap:]


def _docx_children(element, wanted: frozenset[str]) -> Iterator:
    """Children of ``element`` with a tag in ``wanted``, looking through wrappers."""
    for child in element:
        if child.tag in wanted:
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _docx_children(child, wanted)


def _docx_blocks(container, lines: list[str]) -> None:
    for block in _docx_children(container, _BLOCKS):
        if block.tag == _P:
            lines.append(_docx_paragraph_text(block))
        else:
            _docx_table(block, lines)


def _docx_table(tbl, lines: list[str]) -> None:
    for tr in _docx_children(tbl, _ROWS):
        for tc in _docx_children(tr, _CELLS):
            if not _is_hmerge_continuation(tc):
                lines.extend(_docx_cell_lines(tc))
        lines.append("")


def _is_hmerge_continuation(tc) -> bool:
    # Legacy horizontal merge: the spanned cells stay as <w:tc> with hMerge="continue".
    # (A gridSpan merge is a single <w:tc>, so each cell is seen once anyway.)
    tc_pr = tc.find(_w("tcPr"))
    h_merge = tc_pr.find(_w("hMerge")) if tc_pr is not None else None
    return h_merge is not None and h_merge.get(_w("val")) in (None, "continue")


def _docx_cell_lines(tc) -> list[str]:
    """``"\\t" + first line`` then further lines without tab; ``"\\t"`` for an empty cell.

    Empty paragraphs are skipped inside cells: an empty line would read as the end of
    the row. A vertically merged continuation cell is empty, hence a lone tab.
    """
    lines: list[str] = []
    for block in _docx_children(tc, _BLOCKS):
        if block.tag == _P:
            pieces = [s for s in _docx_paragraph_text(block).split("\n") if s.strip()]
            if pieces and not lines:
                pieces[0] = "\t" + pieces[0]
            lines.extend(pieces)
        else:
            if not lines:
                lines.append("\t")
            _docx_table(block, lines)
    return lines or ["\t"]


def _docx_paragraph_text(p) -> str:
    # python-docx's Paragraph.text reads only direct runs and hyperlinks; runs inside
    # tracked insertions, content controls or smart tags would be lost.
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == _R:
            parts.append(child.text or "")  # CT_R.text: w:t, w:tab, w:br, w:cr, ...
        elif child.tag in _TRANSPARENT:
            stack.append(iter(child))
    return "".join(parts)


# --------------------------------------------------------------------------------------
# html

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_GB_ALIASES = frozenset(
    "gb2312 gbk gb18030 x-gbk cp936 ms936 windows-936 euc-cn x-euc-cn csgb2312 chinese "
    "gb_2312-80 iso-ir-58".split()
)
_BIG5_ALIASES = frozenset("big5 big5-hkscs x-x-big5 cn-big5 csbig5 cp950".split())

_DROPPED_TAGS = frozenset(("script", "style", "noscript", "head", "template"))
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend "
    "li main menu nav ol p pre section summary ul tr td th tbody thead tfoot".split()
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# A source line break between two CJK characters is dropped, not turned into a space
# (CSS Text 3 segment-break rule): hard-wrapped Chinese HTML would get stray spaces.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n][ \t\r\n]*(?=[{_CJK}])")
_LAYOUT_CELL_CHARS = 300
_LAYOUT_CELL_BLOCKS = 4


def _read_html(data: bytes, source: str) -> tuple[str, str]:
    text, encoding = _decode_html(data, source)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    builder = _HtmlLines()
    builder.walk(soup)
    return builder.result(), encoding


def _decode_html(data: bytes, source: str) -> tuple[str, str]:
    # Valid UTF-8 wins over a declared charset: scraped pages are often re-saved as UTF-8
    # with their original gb2312 <meta> left in place.
    if any(data.startswith(bom) for bom, _ in _BOMS) or _decode_utf8(data) is not None:
        return read_text_bytes(data, source=source)
    match = _META_CHARSET.search(data[:8192])
    if match:
        for codec in _codecs_for_charset(match.group(1).decode("ascii").lower()):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text, codec
    return read_text_bytes(data, source=source)


def _codecs_for_charset(name: str) -> list[str]:
    if name in _GB_ALIASES:
        return ["gb18030"]
    if name in _BIG5_ALIASES:
        return ["big5", "cp950", "big5hkscs"]
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return []
    # Without a BOM a declared UTF-16/32 is wrong (the HTML standard says so too).
    return [] if codec.startswith(("utf-16", "utf-32")) else [codec]


class _HtmlLines:
    """Renders a parsed page to lines: blocks break lines, inline text flows."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.pre = 0

    # -- line building
    def text(self, s: str) -> None:
        if self.pre:
            pieces = re.split(r"\r\n|\r|\n", s)
            for i, piece in enumerate(pieces):
                if i:
                    self.hard_break()
                self.cur.append(piece)
            return
        s = _HTML_SPACE.sub(" ", _CJK_LINE_BREAK.sub("", s))
        if s.startswith(" ") and (not self.cur or self.cur[-1].endswith(" ")):
            s = s[1:]
        if s:
            self.cur.append(s)

    def soft_break(self) -> None:
        """End the current line unless nothing visible has been written to it."""
        if "".join(self.cur).strip(" "):
            self.hard_break()
        self.cur = []

    def hard_break(self) -> None:
        self.lines.append("".join(self.cur).rstrip(" "))
        self.cur = []

    def result(self) -> str:
        self.soft_break()
        out: list[str] = []
        for line in self.lines:
            if not line.strip():
                line = ""
                if not out or out[-1] == "":
                    continue  # no leading blank line, no two blank lines in a row
            out.append(line)
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out)

    # -- tree walking (iterative: scraped pages can nest deeper than the recursion limit)
    def walk(self, root) -> None:
        from bs4 import CData, NavigableString, Tag

        stack: list[tuple[Iterator, Callable[[], None] | None]] = [(iter(root.children), None)]
        while stack:
            node = next(stack[-1][0], None)
            if node is None:
                _, on_exit = stack.pop()
                if on_exit is not None:
                    on_exit()
                continue
            if isinstance(node, NavigableString):
                # Comments, doctype, processing instructions are NavigableString subclasses.
                if type(node) is NavigableString or isinstance(node, CData):
                    self.text(str(node))
                continue
            if not isinstance(node, Tag):
                continue
            name = (node.name or "").lower()
            if name in _DROPPED_TAGS:
                continue
            if name == "br":
                self.hard_break()
            elif name == "table" and not _is_layout_table(node):
                self.soft_break()
                self._data_table(node)
            elif name == "pre":
                self.soft_break()
                self.pre += 1
                stack.append((iter(node.children), self._leave_pre))
            elif name in _BLOCK_TAGS or name == "table":
                self.soft_break()
                stack.append((iter(node.children), self.soft_break))
            else:
                stack.append((iter(node.children), None))

    def _leave_pre(self) -> None:
        self.pre -= 1
        self.soft_break()

    def _data_table(self, table) -> None:
        caption = table.find("caption")
        if caption is not None and _owning_table(caption) is table:
            self.lines.append(_cell_text(caption))
        for tr in _own_rows(table):
            cells = [_cell_text(c) for c in tr.find_all(("td", "th"), recursive=False)]
            if cells:
                # Scraper pipe style (seed 001): "a | b | ||" — an empty cell is a bare "|".
                self.lines.append("".join(f"{c} | " if c else "|" for c in cells).rstrip(" "))


def _owning_table(element):
    return element.find_parent("table")


def _own_rows(table) -> list:
    return [tr for tr in table.find_all("tr") if _owning_table(tr) is table]


def _own_cells(table) -> list:
    return [c for tr in _own_rows(table) for c in tr.find_all(("td", "th"), recursive=False)]


def _is_layout_table(table) -> bool:
    """A table used for page layout (one cell, or cells holding whole text blocks or
    other tables) is rendered as flowing blocks, not as pipe rows."""
    cells = _own_cells(table)
    if len(cells) <= 1:
        return True
    for cell in cells:
        if cell.find("table") is not None:
            return True
        if len(cell.get_text()) > _LAYOUT_CELL_CHARS:
            return True
        blocks = cell.find_all(("p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6"))
        if len(blocks) >= _LAYOUT_CELL_BLOCKS:
            return True
    return False


def _cell_text(cell) -> str:
    builder = _HtmlLines()
    builder.walk(cell)
    return _HTML_SPACE.sub(" ", " ".join(builder.result().split("\n"))).strip()


# --------------------------------------------------------------------------------------
# pdf

def _read_pdf(data: bytes, source: str) -> str:
    if b"%PDF-" not in data[:1024]:
        raise ReadError(source, "not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-4096:]:
        raise ReadError(source, "truncated PDF (no %%EOF marker at the end)")
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        text = extract_text(io.BytesIO(data))
    except PDFPasswordIncorrect:
        raise ReadError(source, "encrypted PDF (password required)") from None
    except Exception as exc:  # pdfminer raises PSEOF, PDFSyntaxError, KeyError, ...
        raise ReadError(source, f"corrupt PDF ({type(exc).__name__}: {exc})") from None
    if not text.strip():
        raise ReadError(source, "PDF has no text layer (scanned?)")
    return text
