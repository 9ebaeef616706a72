"""The characters of the numbering grammar, shared by the heading grammar (rules/headings.py),
the segmenter (segment.py) and its learned cuts (learned_cuts.py)."""
from __future__ import annotations

CN_NUMERALS = "一二三四五六七八九十"
# what may stand between a part number and its title (一、 一. 一， 一：); 一是… is an enumeration
PART_SEPARATORS = "、,，.．:："
SENTENCE_PUNCT = "。，,；;！？!?"  # a title never holds one
# how part titles end (…情况, …概述)
PART_TITLE_ENDINGS = ("情况", "事项", "概述", "概况", "问题", "措施")
# what may follow a title: a break, a bracket or a number
TITLE_BREAK = frozenset(" \t\u3000。：:；;，,|（(0123456789")
