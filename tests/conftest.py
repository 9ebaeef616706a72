import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
GOLD = sorted((ROOT / "corpus" / "gold").glob("*.tsv"))


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    return SEEDS


@pytest.fixture(scope="session")
def gold_files() -> list[Path]:
    return GOLD


def section_at(report, text: str, snippet: str) -> str:
    """The section of the segment of ``report`` that holds the first character of ``snippet``."""
    i = text.index(snippet)
    return next(s.section for s in report.segments if s.start <= i < s.end)
