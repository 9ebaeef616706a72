"""Cross-validation by document on the real gold: the shipped recipe, K folds.

    python training/cross_validate.py [--folds 3] [--base runs/default/base] [--work runs/cv]

The documents are the recipe's real gold (corpus/gold and the realdev development split,
``train_default.real_gold_files``), assigned to folds by their sorted position (k = i mod K).
Fold k fine-tunes exactly as ``training/train_default.py`` does (same synthetic reports,
steps, epochs, rule features, flattened copies of its own training documents) from the same
pretrained base, without the documents of fold k or any copy of them. Its model then labels
those documents as they are and flattened three ways (``VIEWS``); the rules' report and the
model's segments of each are pickled to ``WORK/predictions.pkl``, and every engine and
merge policy (``policies``: rules, model, ``auto`` at several confidences and policies for
cut lines) is rebuilt from them and scored with ``gainlp.evaluate``, overall and per
stratum, into ``WORK/cv.json`` and stdout. No fold's model saw its test documents: the base
was pretrained on synthetic text only.

``--resume`` keeps fold models and predictions that are already there (delete
``predictions.pkl`` to label again with changed code).
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from train_default import (ROOT, add_recipe_arguments, flattened_copies, real_gold_files, sh,  # noqa: E402
                           train_command)

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def summarize(result) -> dict:
    d = result.to_dict()

    def pick(block: dict) -> dict:
        return {"documents": block.get("n_docs"),
                "section_macro_f1": block["section"]["macro_f1"],
                "subsection_macro_f1": block["subsection"]["macro_f1"],
                "role_macro_f1": block["role"]["macro_f1"]}
    return {"overall": pick(d["overall"]), "strata": {k: pick(v) for k, v in d["strata"].items()}}


VIEWS = {"as is": None, "join": {"sep": ""}, "space": {"sep": " "}, "crawler": {"sep": "", "header": True}}


def predict(files: list[Path], fold_of: dict[Path, int], folds: dict[int, Path], out: Path) -> None:
    """Label every document (as it is, and flattened three ways if it is line-structured) with
    its fold's model; pickle, per view and document, the gold, the rules' report and the
    model's segments (``ModelLabeler.predict_segments``), from which every engine and merge
    policy is rebuilt by ``score_policies`` without running the network again."""
    from gainlp import load
    from gainlp.annotation import read_tsv
    from gainlp.augment import flatten
    from gainlp.evaluate import kind_of
    pooled: dict[str, list] = {v: [] for v in VIEWS}
    for k, folder in folds.items():
        nlp = load(engine="model", model=folder)
        for f in (f for f in files if fold_of[f] == k):
            gold = read_tsv(f)
            for view, kw in VIEWS.items():
                if kw is not None and kind_of(gold) != "lines":
                    continue
                doc = gold if kw is None else flatten(gold, **kw)
                rules = nlp.rules.label(doc.text, source=str(f))
                per_line = nlp.model.predict_segments([ln.text for ln in rules.lines],
                                                      rule_labels=rules.line_labels(), fmt=rules.format)
                pooled[view].append((doc, rules, per_line))
        print(f"fold {k}: predicted", file=sys.stderr, flush=True)
    with open(out, "wb") as fh:
        pickle.dump(pooled, fh)


def policies() -> dict:
    """Each engine and merge policy as ``f(rules_report, per_line_segments) -> Report``."""
    from gainlp.pipeline import combine, model_report
    out = {"rules": lambda r, pl: r, "model": lambda r, pl: model_report(r, pl)}
    flat_policies = [("rules", 0.0), ("model", 0.0)] + [("model sections", f) for f in (0.0, 0.5, 0.9, 0.99)]
    for t in (0.9, 0.95, 0.99, 1.01):
        for flat, f in flat_policies:
            out[f"auto@{t} flat={flat}@{f}"] = (
                lambda r, pl, t=t, flat=flat, f=f: combine(
                    r, [s[0][2] for s in pl], min_confidence=t, model_roles=False, segments=pl,
                    flattened=flat, flattened_confidence=f))
    return out


def score_policies(pooled: dict) -> dict:
    from gainlp.evaluate import score
    engines = {}
    per_document = {}
    for name, policy in policies().items():
        engines[name] = {}
        for view, items in pooled.items():
            golds = [g for g, _, _ in items]
            preds = [policy(r, pl) for _, r, pl in items]
            engines[name][view] = summarize(score(golds, preds))
            if view == "as is":
                per_document[name] = {g.source: summarize(score([g], [p]))["overall"]
                                      for g, p in zip(golds, preds)}
    return {"engines": engines, "per_document": per_document}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--base", default=str(ROOT / "runs" / "default" / "base"),
                    help="pretrained encoder (train_default.py leaves it in runs/default/base)")
    ap.add_argument("--work", default=str(ROOT / "runs" / "cv"))
    add_recipe_arguments(ap)
    ap.add_argument("--parallel", type=int, default=1,
                    help="folds trained at the same time (each with --threads threads)")
    ap.add_argument("--resume", action="store_true", help="reuse fold models and predictions already in WORK")
    args = ap.parse_args(argv)

    files = real_gold_files()
    if not (Path(args.base) / "config.json").is_file():
        sys.exit(f"{args.base}: no pretrained base; run training/train_default.py first")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    fold_of = {f: i % args.folds for i, f in enumerate(files)}
    folds = {k: work / f"fold-{k}" for k in range(args.folds)}
    todo = [k for k, d in folds.items() if not (args.resume and (d / "model.safetensors").is_file())]
    times = {}

    def run(k: int) -> None:
        train = [f for f in files if fold_of[f] != k]
        gold = train + flattened_copies(train, work / f"fold-{k}-flattened")
        print(f"fold {k}: training on {len(train)} real documents", file=sys.stderr, flush=True)
        times[k] = sh(train_command(args, gold, Path(args.base), folds[k]), work / f"fold-{k}.log")
        print(f"fold {k}: {times[k]} s", file=sys.stderr, flush=True)

    with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        list(pool.map(run, todo))
    predictions = work / "predictions.pkl"
    if not (args.resume and predictions.is_file()):
        predict(files, fold_of, folds, predictions)
    with open(predictions, "rb") as fh:
        pooled = pickle.load(fh)
    out = {"documents": [f.name for f in files], "folds": args.folds, "base": str(args.base),
           "fold_seconds": times,
           "recipe": {"synthetic": args.synthetic, "synthetic_seed": args.synthetic_seed,
                      "train_steps": args.train_steps, "epochs": args.epochs,
                      "rule_features": not args.no_rule_features},
           **score_policies(pooled)}
    text = json.dumps(out, ensure_ascii=False, indent=1)
    (work / "cv.json").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
