"""``label`` / ``label_many``: read → preprocess → forward (rules or model) → postprocess."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from .report import Report

ENGINES = ("auto", "model", "rules")


def _looks_like_path(source: str | os.PathLike) -> bool:
    if isinstance(source, os.PathLike):
        return True
    return len(source) < 4096 and "\n" not in source and os.path.isfile(source)


def label_text(text: str, *, engine: str = "auto", source: str | None = None) -> Report:
    """Label an already decoded text."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    from .rules import RuleLabeler
    report = RuleLabeler().label(text, source=source)
    return report


def label(source: str | os.PathLike, *, engine: str = "auto") -> Report:
    """Label a report given as a path (``.txt``, ``.docx``, ``.html``, ``.pdf``) or as text.

    A ``str`` is taken as a path when it names an existing file and holds no line break;
    otherwise it is the report text itself.
    """
    if _looks_like_path(source):
        from .readers import read_document
        doc = read_document(source)
        return label_text(doc.text, engine=engine, source=str(source))
    return label_text(str(source), engine=engine)


def label_many(paths: Iterable[str | os.PathLike], *, engine: str = "auto") -> Iterator[Report]:
    """Label many files lazily, in the order given."""
    for p in paths:
        yield label(Path(p), engine=engine)
