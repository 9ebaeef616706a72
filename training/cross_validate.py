"""Cross-validation by document on corpus/gold: the shipped recipe, one fold per gold report.

    python training/cross_validate.py [--base runs/default/base] [--work runs/cv]

Fold k fine-tunes exactly as ``training/train_default.py`` does (same synthetic reports,
steps, epochs, rule features) from the same pretrained base, with every gold report except
report k; report k is then labeled by that fold's model (engines ``model`` and ``auto``)
and by the rules. No fold's model saw its test report: the base was pretrained on synthetic
text only. The predictions of all folds are pooled and scored with ``gainlp.evaluate``
(overall and per format stratum); the result goes to ``WORK/cv.json`` and stdout.

Each fold takes about as long as the fine-tuning step of the default recipe. ``--resume``
keeps fold models that are already trained.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from train_default import ROOT, add_recipe_arguments, sh, train_command  # noqa: E402 - same folder

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def summarize(result) -> dict:
    d = result.to_dict()

    def pick(block: dict) -> dict:
        return {"documents": block.get("n_docs"),
                "section_macro_f1": block["section"]["macro_f1"],
                "subsection_macro_f1": block["subsection"]["macro_f1"],
                "role_macro_f1": block["role"]["macro_f1"]}
    return {"overall": pick(d["overall"]), "strata": {k: pick(v) for k, v in d["strata"].items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(ROOT / "corpus" / "gold"))
    ap.add_argument("--base", default=str(ROOT / "runs" / "default" / "base"),
                    help="pretrained encoder (train_default.py leaves it in runs/default/base)")
    ap.add_argument("--work", default=str(ROOT / "runs" / "cv"))
    add_recipe_arguments(ap)
    ap.add_argument("--parallel", type=int, default=1,
                    help="folds trained at the same time (each with --threads threads)")
    ap.add_argument("--resume", action="store_true", help="reuse fold models already in WORK")
    args = ap.parse_args(argv)

    from gainlp.annotation import read_tsv
    from gainlp.evaluate import score
    from gainlp.pipeline import label_text

    gold_files = sorted(Path(args.gold).glob("*.tsv"))
    if len(gold_files) < 2:
        sys.exit(f"{args.gold}: need at least 2 gold .tsv files")
    if not (Path(args.base) / "config.json").is_file():
        sys.exit(f"{args.base}: no pretrained base; run training/train_default.py first")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    folds = {test: work / f"fold-{test.stem}" for test in gold_files}
    todo = [t for t, fold in folds.items() if not (args.resume and (fold / "model.safetensors").is_file())]
    times = {}

    def run(test: Path) -> None:
        print(f"fold {test.stem}: training", file=sys.stderr, flush=True)
        cmd = train_command(args, [p for p in gold_files if p != test], Path(args.base), folds[test])
        times[test.stem] = sh(cmd, work / f"fold-{test.stem}.log")
        print(f"fold {test.stem}: {times[test.stem]} s", file=sys.stderr, flush=True)

    with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        list(pool.map(run, todo))
    golds, preds = [], {"model": [], "auto": [], "rules": []}
    for test, fold in folds.items():
        gold = read_tsv(test)
        golds.append(gold)
        for engine in preds:
            preds[engine].append(label_text(gold.text, engine=engine, source=gold.source, model=fold))
    out = {"gold": str(args.gold), "base": str(args.base), "fold_seconds": times,
           "recipe": {"synthetic": args.synthetic, "synthetic_seed": args.synthetic_seed,
                      "train_steps": args.train_steps, "epochs": args.epochs},
           "engines": {e: summarize(score(golds, p)) for e, p in preds.items()},
           "per_document": {e: {g.source: summarize(score([g], [p]))["overall"] for g, p in zip(golds, ps)}
                            for e, ps in preds.items()}}
    text = json.dumps(out, ensure_ascii=False, indent=1)
    (work / "cv.json").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
