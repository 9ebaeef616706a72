"""Heading grammar: the numbering marker at a line start, the title after it, and whether
the line is a heading, a run-in heading or prose.

Markers are parsed on the raw text (full- and half-width alike) because normalization
would turn ``①`` into ``1`` and drop the space that betrays damaged Word numbering
(``1、 概述``). Levels here are priors; the decoder infers the real level from context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import DEBRIS, match_form
from ..numbering import CN_NUMERALS as CN_NUM
from ..numbering import PART_SEPARATORS
_CN_VALUE = {c: i + 1 for i, c in enumerate(CN_NUM)}

_MARKERS: tuple[tuple[str, int, re.Pattern], ...] = (
    ("part", 1, re.compile(rf"^第([{CN_NUM}]{{1,3}})部分\s*[:：、,，.．]?")),
    ("cn_dun", 1, re.compile(rf"^([{CN_NUM}]{{1,3}})\s*(?:[{PART_SEPARATORS}]\s*)+(?!是)")),
    ("cn_paren", 2, re.compile(rf"^[（(]\s*([{CN_NUM}]{{1,3}})\s*[）)][、,，.．]?")),
    # 一 概述: a space in place of 、 (a heading only with a known part title)
    ("cn_space", 1, re.compile(rf"^([{CN_NUM}]{{1,2}})[ \u3000]+(?=[^\s是])")),
    ("arabic_paren", 3, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)][、,，.．]?")),
    ("arabic_dun", 3, re.compile(r"^(\d{1,2})\s*[、，,]")),
    ("arabic_dot", 3, re.compile(r"^(\d{1,2})\s*[.．](?![\d.．])")),
    ("circled", 4, re.compile(r"^([\u2460-\u2473])")),
)
_SENTENCE_END = re.compile(r"[。！？!?；;]")
# a numbered title of two short phrases (（一）加强组织领导，压实公开责任): a heading, not a clause
PHRASE_PAIR = re.compile(r"^[^\d,，;；。:：、]{3,10}[,，](?![我本该今全])[^\d,，;；。:：、]{3,14}$")  # not 依申请公开，我局…
_RUN_IN = re.compile(r"^(.{1,30}?)(?:[。：:]|(?<!\d)\.)(?=\S)")
_TRAILING = " \t\r\n\u3000:：。.，,；;、"
# the look-behind keeps the search linear on long digit runs (untrusted input)
_FACT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:条|件|次|个|人|名|篇|期|份|项|场|家|户|批|万元|元|%|余)"
                   r"|^(?:全年|共|累计|今年|本年度?)")


def cn_value(numeral: str) -> int:
    """Value of a Chinese numeral up to 99 (一 … 十一 … 九十九)."""
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (_CN_VALUE.get(tens, 1) if tens else 1) * 10 + (_CN_VALUE.get(ones, 0) if ones else 0)
    return _CN_VALUE.get(numeral, 0)


@dataclass(frozen=True)
class Marker:
    kind: str          # part, cn_dun, cn_paren, arabic_paren, arabic_dun, arabic_dot, circled, none
    level: int         # prior level from the marker's form (0 for none)
    value: int         # ordinal (一 → 1)
    spaced: bool       # whitespace right after the marker: the trace of lost Word numbering
    end: int           # offset in the stripped text where the title starts


NO_MARKER = Marker("none", 0, 0, False, 0)


def parse_marker(stripped: str) -> Marker:
    for kind, level, rx in _MARKERS:
        m = rx.match(stripped)
        if not m:
            continue
        raw = m.group(1)
        if kind in ("part", "cn_dun", "cn_paren", "cn_space"):
            value = cn_value(raw)
        elif kind == "circled":
            value = ord(raw) - 0x2460 + 1
        else:
            value = int(raw)
        end = m.end()
        rest = stripped[end:]
        spaced = bool(rest[:1].isspace())
        return Marker(kind, level, value, spaced, end + (len(rest) - len(rest.lstrip())))
    return NO_MARKER


def line_marker(raw: str) -> Marker:
    """The numbering marker that opens a raw line (transcoding debris and indentation skipped)."""
    return parse_marker(DEBRIS.sub("", raw).strip().lstrip("\u3000"))


@dataclass(frozen=True)
class HeadingShape:
    marker: Marker
    title: str           # title in match form, trailing punctuation removed
    whole: bool          # the line is only a title (a heading line)
    run_in: bool         # a title followed by prose on the same line
    fact: bool           # the "title" states a fact (rule 11): never a heading
    period: bool         # the line ends with 。: a sentence unless its title is a known one


@lru_cache(maxsize=65536)
def heading_shape(raw: str) -> HeadingShape:
    """Split a line into marker + title and say whether it is shaped like a heading."""
    stripped = DEBRIS.sub("", raw).strip().lstrip("\u3000")
    marker = parse_marker(stripped)
    rest = stripped[marker.end:]
    mf_rest = match_form(rest)
    title = mf_rest.rstrip(_TRAILING)
    fact = bool(_FACT.search(title)) or "如下" in title
    period = mf_rest.endswith("。")
    whole = (0 < len(title) <= 40 and not _SENTENCE_END.search(title)
             and (("，" not in rest and "," not in title) or bool(PHRASE_PAIR.match(title)))
             and not fact)
    run_in = False
    if not whole:
        m = _RUN_IN.match(mf_rest)
        if m and len(m.group(1)) <= 24 and ("," not in m.group(1)
                                             or (marker.level > 0 and PHRASE_PAIR.match(m.group(1).rstrip(_TRAILING)))):
            run_in_title = m.group(1).rstrip(_TRAILING)
            if not _FACT.search(run_in_title):
                return HeadingShape(marker, run_in_title, False, True, False, False)
    return HeadingShape(marker, title, whole, run_in, fact, period)


# an item of a table of contents begins after a separator: 一、概述,(一)…,二、…
_CONTENTS_ITEM = re.compile(r"(?:^|(?<=[,，;；|/\s]))(?=[（(]?[一二三四五六七八九十\d]{1,3}[ \u3000]?[)）、.．]|第[一二三四五六七八九十]{1,3}部分)")
_CONTENTS_SEPARATORS = ",，;；|/ \t\u3000"


def contents_items(raw: str) -> int:
    """How many headings a table of contents run onto one line holds (a wiki's or a page's
    contents: ``一、概述,(一)注重…。,二、主动公开…,(一)…``), or 0 when ``raw`` is not one:
    four numbered items or more, two of them parts, each a short title set off from the next
    by a separator, with no text of the report between them."""
    text = raw.strip()
    if not _CONTENTS_ITEM.match(text):
        return 0
    starts = [m.start() for m in _CONTENTS_ITEM.finditer(text)]
    if len(starts) < 4 or starts[0] != 0:
        return 0
    parts = 0
    for a, b in zip(starts, starts[1:] + [len(text)]):
        piece = text[a:b]
        marker = parse_marker(piece)
        title = piece[marker.end:].strip(_CONTENTS_SEPARATORS)
        if marker.level == 0 or len(title) > 30:
            return 0
        if b < len(text) and piece[-1:] not in _CONTENTS_SEPARATORS:
            return 0
        parts += marker.level == 1
    return len(starts) if parts >= 2 else 0


def contents_prefix(raw: str) -> int:
    """Where the body starts after a table of contents that opens a flattened line (``一、概述,
    (一)…,二、…,六、…,一、概述2012年度报告…``): the offset at which its first item comes again,
    or 0 when the line does not open with one."""
    if not _CONTENTS_ITEM.match(raw):
        return 0
    second = next((m.start() for m in _CONTENTS_ITEM.finditer(raw, 1)), 0)
    first = raw[:second].rstrip(_CONTENTS_SEPARATORS)
    again = raw.find(first, second) if second and first else -1
    return again if again > 0 and contents_items(raw[:again]) else 0
