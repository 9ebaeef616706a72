"""Model cards: the ``README.md`` of a model folder, opened by the YAML front matter that
Hugging Face reads (license, language, metrics, training data, scores).

``gainlp train`` writes a short card (``write_card``); ``training/train_default.py`` writes
the shipped model's full card with the same front matter."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

LICENSE = "mit"
#: what the scores in the front matter measure (``gainlp.evaluate``)
METRIC_NAMES = {
    "section": "section macro-F1 (characters, s1.x folded into s1)",
    "subsection": "subsection macro-F1 (characters, 13 section labels)",
    "role": "role macro-F1 (lines)",
}


def _q(value: Any) -> str:
    """A YAML scalar or flow sequence (JSON is valid YAML, and quoting keeps ``:`` and ``#`` safe)."""
    return json.dumps(value, ensure_ascii=False)


def front_matter(*, name: str, training_data: list[str], results: list[tuple[str, str, float]],
                 base_model: str | None = None) -> list[str]:
    """The front matter lines, ``---`` to ``---``. ``results``: (data it was measured on,
    metric key of ``METRIC_NAMES``, value); ``training_data``: one description per source."""
    lines = ["---", f"license: {LICENSE}", "language:", "- zh", "library_name: gainlp",
             "pipeline_tag: token-classification",
             f"tags: {_q(['line-labeling', 'chinese', 'government-reports', 'bert'])}",
             "datasets:", *[f"- {_q(d)}" for d in training_data],
             "metrics:", "- f1"]
    if base_model:
        lines.append(f"base_model: {_q(base_model)}")
    if results:
        lines += ["model-index:", f"- name: {_q(name)}", "  results:"]
        for data in dict.fromkeys(d for d, _, _ in results):
            lines += ["  - task:", "      type: token-classification",
                      f"      name: {_q('section and table-role labeling of report lines')}",
                      "    dataset:", f"      name: {_q(data)}", "      type: gainlp-reports", "    metrics:"]
            lines += [f"    - {{type: f1, name: {_q(METRIC_NAMES[key])}, value: {round(float(v), 4)}}}"
                      for d, key, v in results if d == data]
    return lines + ["---"]


def training_data(training: dict[str, Any]) -> list[str]:
    """Descriptions of the data a labeler was trained on, from its ``config.training``."""
    out = []
    gold = training.get("gold_files") or []
    if gold:
        folders = sorted({os.path.dirname(g) or "." for g in gold})
        out.append(f"{len(gold)} gold TSV files from {', '.join(folders)}")
    if training.get("synthetic"):
        out.append(f"{training['synthetic']} synthetic reports (gainlp.synth, seed {training.get('synthetic_seed')})")
    if training.get("replay"):
        out.append(f"{training['replay']} synthetic replay reports (gainlp.synth, seed {training.get('replay_seed')})")
    if training.get("init"):
        out.append(f"continued from {Path(str(training['init'])).name} (see its card)")
    return out or ["unknown"]


def write_card(path: str | os.PathLike, config: dict[str, Any]) -> None:
    """A short ``README.md`` for a folder written by ``gainlp train`` (``config``: its
    ``config.json``): front matter, how to load it, its training data and this run's metrics,
    each named by the split it was computed on."""
    path = Path(path)
    training = config.get("training", {})
    metrics = training.get("metrics") or {}
    data = training_data(training)
    dev = metrics.get("dev") or {}
    results = [("held-out dev split of this run", key, dev[f"{key}_macro_f1"])
               for key in METRIC_NAMES if f"{key}_macro_f1" in dev]
    enc = config.get("encoder", {})
    lines = [*front_matter(name=path.name, training_data=data, results=results,
                           base_model=training.get("base_model")),
             "", f"# {path.name}", "",
             "Labels every line of a Chinese 政府信息公开工作年度报告 with a report section and a table role "
             "(`docs/schema.md`). Written by `gainlp train`.", "",
             "```python", "from gainlp.model import ModelLabeler",
             f"labeler = ModelLabeler.from_pretrained({_q(path.name)})", "```", "",
             f"The BERT encoder ({enc.get('num_hidden_layers')} layers, hidden {enc.get('hidden_size')}) "
             "also loads alone: `transformers.BertModel.from_pretrained(folder + \"/encoder\", "
             "add_pooling_layer=False)`, with the tokenizer of the main folder.", "",
             "## Training data", "", *[f"* {d}" for d in data], "",
             "## Metrics", "",
             f"Training documents: {training.get('train_documents')}; held-out dev documents: "
             f"{training.get('dev_documents')}.", ""]
    for split in ("train", "dev"):
        m = metrics.get(split)
        lines.append(f"* {split}: " + (_q(m) if m else "none (no held-out data)" if split == "dev" else "none"))
    if training.get("command"):
        lines += ["", "## Command", "", "```", str(training["command"]), "```"]
    (path / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
