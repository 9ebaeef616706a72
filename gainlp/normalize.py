"""A normalized view of text for matching only, with an exact map back to original offsets.

Steps: conversion debris removed (``[bookmark: _GoBack]``, ``[image: …]``, leading
``?????``, zero-width characters), NFKC (full-width → half-width, ``（一）`` → ``(一)``),
Traditional → Simplified (OpenCC ``t2s``), and optionally all whitespace dropped (for
short lines such as ``概 述`` or ``2024 年``). Labels are never computed on the
normalized string's offsets: ``NormalizedText.to_original`` maps every position back.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

DEBRIS = re.compile(
    r"\[bookmark:[^\]]*\]"      # docx → txt bookmark markers
    r"|\[image:[^\]]*\]"        # image placeholders
    r"|^\?{2,}"                 # encoding loss at a line start
    # a space lost in transcoding (a GBK round trip turns U+00A0 into ?) before a heading marker
    r"|(?:^|(?<=\s))[?\ufffd]+(?=[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d])"
    r"|[\u200b-\u200f\u2060\ufeff]"  # zero-width characters, stray BOM
    # pinyin glosses a mirror site inserts after characters: 報(bào)告
    r"|(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]"
)
_WHITESPACE = re.compile(r"\s+")
_MAY_HAVE_DEBRIS = re.compile(r"[\[?\ufffd\u200b-\u200f\u2060\ufeff]|[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# variant characters OpenCC keeps but the vocabulary writes otherwise (谘询 → 咨询)
VARIANTS = {"谘": "咨"}


def unify_variants(text: str) -> str:
    for a, b in VARIANTS.items():
        if a in text:
            text = text.replace(a, b)
    return text


@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified, length-preserving (falls back to per-character conversion)."""
    if not text or text.isascii():
        return text
    if _SURROGATE.search(text):  # OpenCC needs valid UTF-8: convert around lone surrogates
        safe = _SURROGATE.sub("\ufffd", text)
        conv = to_simplified(safe)
        return "".join(o if _SURROGATE.match(o) else c for o, c in zip(text, conv))
    conv = _t2s().convert(text)
    if len(conv) == len(text):
        return conv
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)


@dataclass(frozen=True)
class NormalizedText:
    original: str
    text: str
    index: tuple[int, ...]  # index[i] = original offset of text[i]; index[len(text)] = end

    def to_original(self, i: int) -> int:
        return self.index[i]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering normalized [start, end)."""
        if start >= end:
            o = self.index[start]
            return o, o
        return self.index[start], self.index[end - 1] + 1


def normalize(text: str, *, drop_spaces: bool = False, simplify: bool = True) -> NormalizedText:
    """Normalize ``text`` for matching; see the module docstring."""
    keep: list[int] = []
    pieces: list[str] = []
    pos = 0
    for m in DEBRIS.finditer(text):
        pieces.append(text[pos:m.start()])
        keep.extend(range(pos, m.start()))
        pos = m.end()
    pieces.append(text[pos:])
    keep.extend(range(pos, len(text)))
    cleaned = "".join(pieces)

    nfkc = unicodedata.normalize("NFKC", cleaned)
    if len(nfkc) == len(cleaned):
        chars, index = nfkc, keep
    else:
        out: list[str] = []
        index = []
        for ch, o in zip(cleaned, keep):
            n = unicodedata.normalize("NFKC", ch)
            out.append(n)
            index.extend([o] * len(n))
        chars = "".join(out)
    if simplify:
        chars = to_simplified(chars)
    if drop_spaces:
        kept = [(c, o) for c, o in zip(chars, index) if not c.isspace()]
        chars = "".join(c for c, _ in kept)
        index = [o for _, o in kept]
    return NormalizedText(text, chars, tuple(index) + (len(text),))


@lru_cache(maxsize=65536)
def match_form(text: str) -> str:
    """The string rules match against: normalized, simplified, no whitespace at all."""
    cleaned = DEBRIS.sub("", text) if _MAY_HAVE_DEBRIS.search(text) else text
    return unify_variants(to_simplified(_WHITESPACE.sub("", unicodedata.normalize("NFKC", cleaned))))
