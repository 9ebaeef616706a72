"""Rule-based labeling: the fallback when the model is missing or unsure, a source of
features for the model, and a tool users extend by editing JSON vocabulary files."""
from __future__ import annotations

from .labeler import RuleLabeler
from .vocab import Vocabulary, VocabularyError, load_vocabulary

__all__ = ["RuleLabeler", "Vocabulary", "VocabularyError", "load_vocabulary"]
