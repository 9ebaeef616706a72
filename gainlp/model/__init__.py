"""The Chinese BERT line labeler (section + table role per line).

Modules: ``tokenizer`` (character vocabulary, normalization), ``features`` (markers, context,
layout features), ``modeling`` (the network, save/load), ``data`` (documents), ``pretrain``
(whole-word MLM), ``train`` (stage-wise fine-tuning + calibration), ``calibrate``, ``decode``
(Viterbi), ``labeler`` (inference API), ``metrics``.
Heavy imports (torch, transformers) happen on first attribute access.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "LineLabelerModel": "modeling", "ModelConfig": "modeling", "ModelLoadError": "modeling",
    "Calibration": "modeling", "ModelLabeler": "labeler", "LinePrediction": "labeler",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
