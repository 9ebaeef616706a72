"""The rules' vocabulary, loaded from the editable JSON files in ``gainlp/data``.

``aliases.json`` holds heading titles and their sections; ``tables.json`` the cell
vocabulary of the standard and old tables beyond the official labels, which come from
``official_tables.json`` (``gainlp.standard.spec``). Both carry a ``version``; a user file may
replace either (``load_vocabulary(aliases="my.json")``).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

from ..labels import SECTIONS
from ..normalize import match_form, to_simplified
from ..standard.spec import table_words

_BULLETS = "-•·*●◆■▪"
_SITE_WITH_ADDRESS = re.compile(r"^[\u4e00-\u9fff]{1,18}(?:人民政府|政府|局|厅|委员会|办公室|办事处|管委会|街道|镇|乡)"
                                r"[ \u3000]*(?:https?://|www\.)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+/?$")
_MENU_SPLIT = re.compile(r"\s*[|｜]\s*")
_MENU_NOT = re.compile(r"[\d。，,；;：:！？]")
_CHROME_SPLIT = re.compile(r"[\s|｜/•·>»›\-–—:：,，、\[\]【】]+")
_LEADING_ARABIC = re.compile(r"^(\d{1,2})[、.．](?!\d)")


# the words many part titles open with, before what names the part
_GENERIC_LEAD = re.compile(r"^(?:政府)?信息公开(?:工作)?(?:中的?)?")


def _run_of(token: str, words) -> bool:
    """``token`` is two entries of ``words`` or more written together with nothing between."""
    if len(token) < 4:
        return False
    ends = {0}
    for i in range(2, len(token) + 1):
        if any(j in ends and token[j:i] in words for j in range(max(0, i - 8), i - 1)):
            ends.add(i)
    return len(token) in ends and token not in words


def canonical_cell(mf: str) -> str:
    """Cell text in match form with list numbering unified (``1、`` → ``1.``)."""
    if not mf[:1].isdigit():
        return mf
    m = _LEADING_ARABIC.match(mf)  # not .sub with a template: that is slow, once per table cell
    return m.group(1) + "." + mf[m.end():] if m else mf


class VocabularyError(ValueError):
    pass


@dataclass(frozen=True)
class PatternList:
    section: str
    patterns: tuple[re.Pattern, ...]
    old_section: str | None = None

    def search(self, text: str) -> re.Match | None:
        best = None
        for p in self.patterns:
            m = p.search(text)
            if m and (best is None or m.start() < best.start()):
                best = m
        return best


@dataclass(frozen=True)
class TableVocab:
    kind: str
    section: str
    captions: frozenset[str]
    caption_patterns: tuple[re.Pattern, ...]
    headers: frozenset[str]
    row_headers: frozenset[str]
    notes: frozenset[str]
    note_patterns: tuple[re.Pattern, ...]
    units: frozenset[str]
    signatures: tuple[str, ...]
    # "\0"-joined entries per role, for recognising a piece of a wrapped cell
    pieces: tuple[tuple[str, str], ...]

    cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def exact_role(self, cell: str) -> str | None:
        try:
            return self.cache[cell]
        except KeyError:
            role = self.cache[cell] = self._exact_role(cell)
            return role

    def _exact_role(self, cell: str) -> str | None:
        if cell in self.captions or any(p.search(cell) for p in self.caption_patterns):
            return "table_caption"
        if cell in self.notes or any(p.search(cell) for p in self.note_patterns):
            return "table_note"
        if cell in self.headers:
            return "table_header"
        if cell in self.row_headers:
            return "table_row_header"
        if cell in self.units:
            return "table_cell"
        return None

    def piece_roles(self, cell: str) -> set[str]:
        """Roles of the vocabulary entries that contain ``cell`` as a piece."""
        if not cell:
            return set()
        return {role for role, joined in self.pieces if cell in joined}


_COLON = re.compile(r"[:：]")
_LONGEST_KEY = 24  # characters a field's key and the spaces before its colon may take


@dataclass(frozen=True)
class Vocabulary:
    version: str
    standard_titles: dict[str, frozenset[str]]
    part_headings: tuple[PatternList, ...]
    subsection_topics: tuple[PatternList, ...]
    stats_blocks: tuple[PatternList, ...]
    stats_rows: tuple[PatternList, ...]
    title_patterns: tuple[re.Pattern, ...]
    preamble_patterns: tuple[re.Pattern, ...]
    signature_patterns: tuple[re.Pattern, ...]
    noise_patterns: tuple[re.Pattern, ...]
    tables: dict[str, TableVocab]
    subsection_exits: tuple[PatternList, ...] = ()
    chrome_keys: tuple[str, ...] = ()
    chrome_words: frozenset[str] = frozenset()
    footer_starts: tuple[str, ...] = ()
    plans_patterns: tuple[re.Pattern, ...] = ()
    standard_subsections: dict[str, frozenset[str]] = field(default_factory=dict)
    part_titles_in_full: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # one alternation per list: a line is tested once, not once per pattern
        for name in ("noise_patterns", "signature_patterns", "title_patterns", "preamble_patterns",
                     "plans_patterns"):
            joined = "|".join(f"(?:{p.pattern})" for p in getattr(self, name)) or r"(?!)"
            object.__setattr__(self, name.replace("_patterns", "_re"), re.compile(joined))
        titles = sorted({t for ts in self.standard_titles.values() for t in ts if len(t) >= 8}, key=len, reverse=True)
        object.__setattr__(self, "standard_title_re", re.compile("|".join(map(re.escape, titles)) or r"(?!)"))
        index: dict[str, str] = {}
        for sec, ts in self.standard_titles.items():
            for t in ts:
                index.setdefault(t, sec)  # the first section listing a title wins, as before
        object.__setattr__(self, "_standard_index", index)
        parts = "|".join(f"(?:{p.pattern})" for e in self.part_headings for p in e.patterns)
        object.__setattr__(self, "_any_part", re.compile(parts or r"(?!)"))
        # short standard titles (总体情况): too common in prose to cut at by rule; candidates of the
        # learned boundary model (gainlp/learned_cuts.py)
        short = sorted({t for ts in self.standard_titles.values() for t in ts if 4 <= len(t) < 8}, key=len, reverse=True)
        object.__setattr__(self, "short_title_re", re.compile("|".join(map(re.escape, short)) or r"(?!)"))
        heads = frozenset().union(*(t.headers for t in self.tables.values()))
        object.__setattr__(self, "header_cells", heads)  # every table's column headers: a quick first test
        object.__setattr__(self, "longest_header", max(map(len, heads), default=0))
        subs = sorted({t for ts in self.standard_subsections.values() for t in ts}, key=len, reverse=True)
        object.__setattr__(self, "_subsection_title", re.compile("|".join(map(re.escape, subs)) or r"(?!)"))
        # first characters of the keys and chrome words: a cheap test before _run_of
        object.__setattr__(self, "_key_heads", frozenset(k[:1] for k in self.chrome_keys))
        object.__setattr__(self, "_word_heads", frozenset(w[:1] for w in self.chrome_words))
        ordered = sorted(self.chrome_keys, key=len, reverse=True)
        # Latin keys (url:, crawl_time: of crawler blocks) in any letter case, as whole words
        latin = "|".join(map(re.escape, (k for k in ordered if k.isascii())))
        keys = "|".join([r"\s*".join(map(re.escape, k)) for k in ordered if not k.isascii()]
                        + ([rf"(?<![A-Za-z_])(?i:{latin})"] if latin else []))
        object.__setattr__(self, "_chrome_key_start", re.compile(
            rf"^[-•·*●◆■▪\s(（]*(?:[\[【](?:{keys})[\]】]|(?:{keys})\s*(?:[:：]|\s|$))" if keys else r"(?!)"))  # [url] …, 【来源】http…, (责任编辑:…)
        object.__setattr__(self, "_chrome_field", re.compile(rf"(?:{keys})\s*[:：]" if keys else r"(?!)"))
        # the same field found from its colon backwards: a text has few colons, and one
        # alternation tried at every position of a long line is slow
        object.__setattr__(self, "_chrome_key_before", re.compile(rf"(?:{keys})\s*$" if keys else r"(?!)"))

    def is_noise(self, mf: str) -> bool:
        """A line of page chrome; a leading list bullet (``•`` ``-`` ``·``) is ignored."""
        rx = self.noise_re  # type: ignore[attr-defined]
        return rx.search(mf) is not None or (mf[:1] in _BULLETS and rx.search(mf.lstrip(_BULLETS)) is not None)

    def chrome_fields(self, text: str, end: int) -> list[re.Match]:
        """The metadata fields (``索引号：`` ``发布机构:`` …) in ``text[:end]``, Simplified text."""
        out: list[re.Match] = []
        last = 0
        for colon in _COLON.finditer(text, 0, end):
            i = colon.start()
            key = self._chrome_key_before.search(text, max(last, i - _LONGEST_KEY), i)  # type: ignore[attr-defined]
            if key is not None:
                out.append(self._chrome_field.match(text, key.start()))  # type: ignore[attr-defined]
                last = i + 1
        return out

    def is_chrome(self, raw: str) -> bool:
        """Page chrome by the ``chrome`` vocabulary: a metadata field line (``索引号：…``,
        ``- 发布机构:…``, ``名称 …``), a panel run together (two fields or more), or a line
        made only of buttons and menu words (``登录 注册``, ``打印 | 关闭``)."""
        if "。" in raw or (len(raw) > 100 and raw.count(":") + raw.count("：") < 2):
            return False  # a sentence, or too long for a field line or a menu and not a panel
        text = to_simplified(unicodedata.normalize("NFKC", raw)).strip()
        if not text or len(text) > 600:
            return False
        cell = text.strip("|｜ \t")
        if cell != text and "|" not in cell and "｜" not in cell:
            text = cell  # a panel's field alone in a pipe row: | 关键词:政府信息公开 年报 |
        if len(text) <= 100 and self._chrome_key_start.match(text):  # type: ignore[attr-defined]
            return True
        fields = len(self.chrome_fields(text, len(text)))
        if fields >= 2 and len(text) <= 50 * fields:  # a panel run together, not prose after it
            return True
        if len(text) <= 60 and self.chrome_words:
            tokens = [t for t in _CHROME_SPLIT.split(text) if t]
            words = sum(t in self.chrome_words for t in tokens)
            # buttons and menu words, the site's name among them (某市人民政府门户网站 无障碍 | 长者模式)
            if words and (len(text) <= 40 or words >= 3) \
                    and all(t in self.chrome_words or self.is_noise(t) for t in tokens):
                return True
            if tokens and len(text) <= 20 and all(t in self.chrome_words or self._chrome_run(t) for t in tokens):
                return True  # buttons run together (继续访问放弃, 打印关闭)
        if len(text) <= 40 and self.keys_run(match_form(text)):
            return True
        if ("www." in text or "http" in text) and _SITE_WITH_ADDRESS.match(text):
            return True  # 某区人民政府 www.example.gov.cn: the site's name
        return ("|" in text or "｜" in text) and self._is_menu(text)

    def _chrome_run(self, token: str) -> bool:
        """Two chrome words or more run together with nothing between (继续访问放弃)."""
        return token[:1] in self._word_heads and _run_of(token, self.chrome_words)  # type: ignore[attr-defined]

    def keys_run(self, mf: str) -> bool:
        """Two panel keys or more run together, without values (体裁生效日期废止日期)."""
        return mf[:1] in self._key_heads and _run_of(mf, self.chrome_keys)  # type: ignore[attr-defined]

    def _is_menu(self, text: str) -> bool:
        """A site's menu in a pipe row: three short items or more, one of them a menu word
        (``首页 | 政务公开 | 政务服务 | 互动交流``, ``某市统计局 网站首页 | 机构概况 | …``)."""
        items = [t.strip() for t in _MENU_SPLIT.split(text.strip("|｜ \t"))]
        if len(items) < 3 or len(text) > 150 or not all(0 < len(t) <= 12 and not _MENU_NOT.search(t) for t in items):
            return False
        return any(w in self.chrome_words or w.endswith("首页") for t in items for w in t.split())

    def is_signature(self, mf: str) -> bool:
        return self.signature_re.search(mf) is not None  # type: ignore[attr-defined]

    def is_title(self, mf: str) -> bool:
        return self.title_re.search(mf) is not None  # type: ignore[attr-defined]

    def subsection_title_end(self, text: str, start: int) -> int | None:
        """End of the longest standard level-2 title (``standard_subsection_titles``) that
        starts at ``start`` in Simplified ``text``, or None."""
        m = self._subsection_title.match(text, start)  # type: ignore[attr-defined]
        return m.end() if m else None

    def subsection_titles(self, text: str) -> Iterator[re.Match]:
        """Every standard level-2 title in Simplified ``text``, longest first where they overlap."""
        return self._subsection_title.finditer(text)  # type: ignore[attr-defined]

    def standard_section(self, title: str) -> str | None:
        return self._standard_index.get(title)  # type: ignore[attr-defined]

    def part_section(self, title: str, *, old: bool = False) -> tuple[str, PatternList] | None:
        if self._any_part.search(title) is None:  # type: ignore[attr-defined]
            return None  # most strings name no part: one search instead of one per entry
        for entry in self.part_headings:
            if entry.search(title):
                return (entry.old_section or entry.section) if old else entry.section, entry
        return None

    def cut_short_part_section(self, title: str, *, old: bool = False) -> str | None:
        """The section of a part title cut short (三、依申请 at the end of a page opening): that
        of the full titles it begins, when they agree."""
        sections = set()
        for head in {title, _GENERIC_LEAD.sub("", title)}:  # 政府信息公开工作中存在 → 存在
            sections |= {found[0] for t in self.part_titles_in_full if len(head) >= 2 and t.startswith(head)
                         for found in [self.part_section(t, old=old)] if found}
        return sections.pop() if len(sections) == 1 else None

    def exit_section(self, title: str) -> str | None:
        """The section a level-2 title inside 总体情况 leaves to (fees → s6), if any."""
        return next((e.section for e in self.subsection_exits if e.search(title)), None)

    def topic(self, title: str) -> str | None:
        """Subsection of ``title`` by its topic words: earliest mention in the head part wins."""
        head = title.rsplit("的", 1)[1] if "的" in title else ""
        for part in (head, title):
            if not part:
                continue
            best: tuple[int, int, str] | None = None
            for rank, entry in enumerate(self.subsection_topics):
                m = entry.search(part)
                if m and (best is None or (m.start(), rank) < best[:2]):
                    best = (m.start(), rank, entry.section)
            if best:
                return best[2]
        return None

    def topic_counts(self, text: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.subsection_topics:
            n = sum(len(p.findall(text)) for p in entry.patterns)
            if n:
                counts[entry.section] = counts.get(entry.section, 0) + n
        return counts


def _compile(patterns: list[str], where: str) -> tuple[re.Pattern, ...]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p))
        except re.error as e:
            raise VocabularyError(f"{where}: bad pattern {p!r}: {e}") from None
    return tuple(out)


def _section(value: str, where: str) -> str:
    if value not in SECTIONS:
        raise VocabularyError(f"{where}: unknown section {value!r}")
    return value


def _pattern_lists(entries: list[dict], where: str, key: str = "section") -> tuple[PatternList, ...]:
    out = []
    for i, e in enumerate(entries):
        w = f"{where}[{i}]"
        sec = _section(e.get(key) or e.get("std") or e.get("section"), w)
        old = _section(e["old"], w) if e.get("old") else None
        out.append(PatternList(sec, _compile(e["patterns"], w), old))
    return tuple(out)


def _cells(values: list[str]) -> frozenset[str]:
    return frozenset(canonical_cell(match_form(v)) for v in values)


def _table(kind: str, d: dict, official: dict[str, list[str]]) -> TableVocab:
    def cells(role: str) -> frozenset[str]:
        return _cells(official.get(role, []) + d.get(role, []))

    captions, headers, rows, notes = cells("captions"), cells("headers"), cells("row_headers"), cells("notes")
    pieces = tuple((role, "\0".join(sorted(vals))) for role, vals in (
        ("table_caption", captions), ("table_header", headers),
        ("table_row_header", rows), ("table_note", notes)) if vals)
    return TableVocab(
        kind=kind, section=d["section"], captions=captions,
        caption_patterns=_compile(d.get("caption_patterns", []), f"tables.{kind}"),
        headers=headers, row_headers=rows, notes=notes,
        note_patterns=_compile(d.get("note_patterns", []), f"tables.{kind}"),
        units=_cells(d.get("units", [])),
        signatures=tuple(match_form(s) for s in d.get("signatures", [])),
        pieces=pieces,
    )


def _read_json(path: str | Path | None, default: str) -> dict:
    try:
        if path is None:
            return json.loads(resources.files("gainlp.data").joinpath(default).read_text("utf-8"))
        return json.loads(Path(path).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise VocabularyError(f"{path or default}: cannot read vocabulary: {e}") from None


def build_vocabulary(aliases: dict, tables: dict) -> Vocabulary:
    official = table_words()
    try:
        std = {_section(k, "standard_titles"): frozenset(match_form(t) for t in v)
               for k, v in aliases["standard_titles"].items() if k != "about"}
        return Vocabulary(
            version=f"aliases {aliases.get('version', '?')}, tables {tables.get('version', '?')}",
            standard_titles=std,
            part_headings=_pattern_lists(aliases["part_headings"]["entries"], "part_headings", "std"),
            subsection_topics=_pattern_lists(aliases["subsection_topics"]["entries"], "subsection_topics"),
            stats_blocks=_pattern_lists(aliases["old_stats_rows"]["blocks"], "old_stats_rows.blocks"),
            stats_rows=_pattern_lists(aliases["old_stats_rows"]["rows"], "old_stats_rows.rows"),
            title_patterns=_compile(aliases["front_matter"]["title_patterns"], "front_matter"),
            preamble_patterns=_compile(aliases["front_matter"]["preamble_patterns"], "front_matter"),
            signature_patterns=_compile(aliases["back_matter"]["signature_patterns"], "back_matter"),
            noise_patterns=_compile(aliases["noise"]["patterns"], "noise"),
            tables={k: _table(k, v, official.get(k, {})) for k, v in tables["tables"].items()},
            subsection_exits=_pattern_lists(aliases["subsection_topics"].get("exits", []), "subsection_topics.exits"),
            chrome_keys=tuple(match_form(k) for k in aliases.get("chrome", {}).get("keys", [])),
            chrome_words=frozenset(match_form(w) for w in aliases.get("chrome", {}).get("words", [])),
            footer_starts=tuple(aliases.get("chrome", {}).get("footer_starts", [])),
            plans_patterns=_compile(aliases.get("body_without_heading", {}).get("plans_patterns", []),
                                    "body_without_heading"),
            standard_subsections={_section(k, "standard_subsection_titles"): frozenset(match_form(t) for t in v)
                                  for k, v in aliases.get("standard_subsection_titles", {}).items() if k != "about"},
            part_titles_in_full=tuple(match_form(t) for t in aliases.get("part_titles_in_full", {}).get("titles", [])),
        )
    except KeyError as e:
        raise VocabularyError(f"vocabulary file lacks the key {e}") from None


@lru_cache(maxsize=8)
def load_vocabulary(aliases: str | None = None, tables: str | None = None) -> Vocabulary:
    """The packaged vocabulary, or user files given by path."""
    return build_vocabulary(_read_json(aliases, "aliases.json"), _read_json(tables, "tables.json"))
