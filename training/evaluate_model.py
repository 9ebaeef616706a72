"""Score a labeler folder on gold TSVs (e.g. shared/realdev/gold) and on held-out synthetic
reports, with the project's evaluator (gainlp.evaluate), and measure inference throughput.

    python training/evaluate_model.py --model models/gainlp-zh-small-v5 \
        --gold /work/shared/realdev/gold --heldout 60 --heldout-seed 777 --json scores.json
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _score(labeler, golds) -> dict:
    from gainlp.evaluate import score
    t0 = time.perf_counter()
    preds = [labeler.label(g.text, source=g.source) for g in golds]
    seconds = time.perf_counter() - t0
    res = score(golds, preds).overall.to_dict()
    n_lines = sum(len(g.lines) for g in golds)
    n_text = sum(1 for g in golds for ln in g.lines if ln.text.strip())
    keep = {k: res[k] for k in ("n_docs", "section", "subsection", "role", "lines", "perfection") if k in res}
    keep["role"] = {k: v for k, v in keep["role"].items() if k != "confusion"}
    return {"documents": len(golds), "lines": n_lines, "non_blank_lines": n_text,
            "seconds": round(seconds, 2), "lines_per_second": round(n_lines / seconds, 1),
            "non_blank_lines_per_second": round(n_text / seconds, 1), "scores": keep}


def evaluate(model: str, gold: list[str], heldout: int, heldout_seed: int, threads: int) -> dict:
    import torch
    from gainlp.annotation import read_tsv
    from gainlp.model import ModelLabeler
    from gainlp.model.data import expand_paths

    torch.set_num_threads(threads)
    labeler = ModelLabeler.from_pretrained(model)
    out: dict = {"model": model, "threads": threads}
    if gold:
        golds = [read_tsv(p) for p in expand_paths(gold, (".tsv",))]
        out["gold"] = {"paths": gold, **_score(labeler, golds)}
    if heldout:
        from gainlp.synth import generate
        golds = list(generate(heldout, seed=heldout_seed, split="heldout"))
        out["heldout_synthetic"] = {"n": heldout, "seed": heldout_seed, **_score(labeler, golds)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--gold", nargs="*", default=[])
    ap.add_argument("--heldout", type=int, default=0, help="held-out synthetic reports to score")
    ap.add_argument("--heldout-seed", type=int, default=777)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", help="also write the result here")
    args = ap.parse_args(argv)
    res = evaluate(args.model, args.gold, args.heldout, args.heldout_seed, args.threads)
    text = json.dumps(res, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
