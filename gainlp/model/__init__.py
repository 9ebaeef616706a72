"""The Chinese BERT line labeler (section + table role per line).

Modules: ``tokenizer`` (character vocabulary, normalization), ``features`` (markers, context,
layout features), ``bert`` (the BERT encoder in plain torch), ``modeling`` (the network,
save/load), ``data`` (documents), ``pretrain`` (whole-word MLM), ``train`` (stage-wise
fine-tuning + calibration), ``calibrate``, ``decode`` (Viterbi), ``labeler`` (inference API),
``metrics``, ``card`` (model cards).
Heavy imports (torch) happen on first attribute access; labeling never imports transformers
(``bert`` is a plain-torch BERT, ``tokenizer.LineTokenizer`` reads ``tokenizer.json``).
"""
from __future__ import annotations

import importlib
import os
from typing import Any

# OpenMP threads that busy-wait between parallel regions make torch ~30x slower as soon as
# another process wants the same cores (measured: 40 reports, 2 threads, next to a 2-thread
# training job: 84.7 s busy-waiting, 2.8 s passive). Set before torch is first imported;
# OMP_WAIT_POLICY=ACTIVE in the environment keeps the old behaviour.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

_EXPORTS = {
    "LineLabelerModel": "modeling", "ModelConfig": "modeling", "ModelLoadError": "modeling",
    "Calibration": "modeling", "ModelLabeler": "labeler", "LinePrediction": "labeler",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
