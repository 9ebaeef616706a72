"""gainlp: section and table-role labeling of Chinese government information-disclosure
annual reports (政府信息公开工作年度报告)."""
from __future__ import annotations

__version__ = "0.1.0"

from .labels import FORMATS, ROLES, SECTIONS, TOP_SECTIONS
from .report import Line, Report, Section, Segment, split_lines
from .pipeline import LabelFailure, Labeler, label, label_many, label_text, load
from .readers import read

__all__ = [
    "FORMATS", "ROLES", "SECTIONS", "TOP_SECTIONS", "Line", "Report", "Section", "Segment",
    "split_lines", "load", "Labeler", "LabelFailure", "read", "label", "label_many", "label_text",
    "__version__",
]
