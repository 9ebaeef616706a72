"""The label schema: section ids, role ids and format ids, in one place.

Everything that produces or scores labels imports these tuples; their order is the
canonical order used for class indices (``id2label``) and for report output.
"""
from __future__ import annotations

SECTIONS: tuple[str, ...] = (
    "front", "s1", "s1.1", "s1.2", "s1.3", "s1.4", "s1.5",
    "s2", "s3", "s4", "s5", "s6", "back",
)
TOP_SECTIONS: tuple[str, ...] = ("front", "s1", "s2", "s3", "s4", "s5", "s6", "back")
SUBSECTIONS: tuple[str, ...] = ("s1.1", "s1.2", "s1.3", "s1.4", "s1.5")

ROLES: tuple[str, ...] = (
    "title", "heading", "body", "table_caption", "table_header", "table_row_header",
    "table_cell", "table_row", "table_note", "noise", "blank",
)
TABLE_ROLES: frozenset[str] = frozenset(
    {"table_caption", "table_header", "table_row_header", "table_cell", "table_row", "table_note"}
)
#: roles the rules engine recognises by form (vocabulary, position, page-number and separator
#: patterns) rather than by meaning; see ``pipeline.combine`` and ``ModelConfig.shallow_form_lines``
FORM_ROLES: frozenset[str] = TABLE_ROLES | {"noise"}
FORMATS: tuple[str, ...] = ("std2021", "std2019", "old", "unknown")

SECTION_TITLES: dict[str, str] = {
    "front": "前言/标题",
    "s1": "一、总体情况",
    "s1.1": "（一）主动公开",
    "s1.2": "（二）依申请公开",
    "s1.3": "（三）政府信息管理",
    "s1.4": "（四）政府信息公开平台建设",
    "s1.5": "（五）监督保障",
    "s2": "二、主动公开政府信息情况",
    "s3": "三、收到和处理政府信息公开申请情况",
    "s4": "四、政府信息公开行政复议、行政诉讼情况",
    "s5": "五、存在的主要问题及改进情况",
    "s6": "六、其他需要报告的事项",
    "back": "落款/页尾",
}


def top_section(section: str) -> str:
    """Collapse a subsection (``s1.3``) to its top-level section (``s1``)."""
    return "s1" if section.startswith("s1.") else section


def check_section(section: str) -> str:
    if section not in SECTIONS:
        raise ValueError(f"unknown section label {section!r}; expected one of {', '.join(SECTIONS)}")
    return section


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role label {role!r}; expected one of {', '.join(ROLES)}")
    return role
