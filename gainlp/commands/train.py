"""``gainlp train``: fine-tune the line labeler (or continue training a shipped one)."""
from __future__ import annotations

import argparse
import json
import sys

HELP = "fine-tune the line labeler"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", nargs="*", default=[], metavar="DIR_OR_TSV", help="gold annotation files")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N", help="synthetic reports to add")
    parser.add_argument("--synthetic-seed", type=int, default=0)
    parser.add_argument("--base-model", help="HF BERT checkpoint: local folder or hub id (e.g. bert-base-chinese)")
    parser.add_argument("--init", help="continue from this labeler folder (e.g. models/gainlp-zh-small-v4)")
    parser.add_argument("--out", required=True, help="output model folder")
    parser.add_argument("--steps", type=int, default=None, help="stage A encoder steps (default 400; 100 with --init)")
    parser.add_argument("--epochs", type=int, default=45, help="stage B epochs over documents (max)")
    parser.add_argument("--batch-size", type=int, default=32, help="stage A lines per step")
    parser.add_argument("--lr", type=float, default=2e-4, help="stage A learning rate")
    parser.add_argument("--gold-weight", type=float, default=3.0, help="how much more a gold document counts")
    parser.add_argument("--dev-fraction", type=float, default=0.1)
    parser.add_argument("--rule-features", action="store_true",
                        help="feed the rules engine's labels to the context layer")
    parser.add_argument("--shallow-form-lines", action="store_true",
                        help="lines the rules recognise by form (table cells, noise) skip the encoder and "
                             "enter the context layer as their mean token embedding; implies --rule-features")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads")


def run(args: argparse.Namespace) -> int:
    import torch
    from ..model.data import load_gold, split_dev, synth_available, synthetic_documents
    from ..model.modeling import ModelLoadError
    from ..model.train import TrainConfig, train

    if not (args.base_model or args.init):
        print("gainlp train: give --base-model or --init", file=sys.stderr)
        return 2
    torch.set_num_threads(args.threads)
    try:
        gold = load_gold(args.gold, weight=args.gold_weight)
    except (FileNotFoundError, ValueError) as e:
        print(f"gainlp train: {e}", file=sys.stderr)
        return 2
    if args.synthetic and not synth_available():
        print("gainlp train: --synthetic needs gainlp.synth, which is not installed", file=sys.stderr)
        return 2
    synth = synthetic_documents(args.synthetic, seed=args.synthetic_seed)
    if synth:
        synth_train, dev = split_dev(synth, args.dev_fraction, seed=args.seed)
        train_docs = gold + synth_train
    else:
        train_docs, dev = split_dev(gold, args.dev_fraction, seed=args.seed)
    if not train_docs:
        print("gainlp train: no training documents (--gold / --synthetic)", file=sys.stderr)
        return 2
    steps = args.steps if args.steps is not None else (100 if args.init else 400)
    cfg = TrainConfig(stage_a_steps=steps, stage_a_batch=args.batch_size, stage_a_lr=args.lr,
                      stage_b_epochs=args.epochs,
                      rule_features=args.rule_features or args.shallow_form_lines,
                      shallow_form_lines=args.shallow_form_lines, seed=args.seed)
    extra = {"command": "gainlp train " + " ".join(sys.argv[2:]) if len(sys.argv) > 2 else "gainlp train",
             "gold_files": [d.source for d in gold], "synthetic": args.synthetic,
             "synthetic_seed": args.synthetic_seed}
    try:
        _, _, cal = train(train_docs, dev, out=args.out, base_model=args.base_model, init=args.init,
                          cfg=cfg, log=lambda m: print(m, file=sys.stderr), extra_config=extra)
    except ModelLoadError as e:
        print(f"gainlp train: {e}", file=sys.stderr)
        return 2
    print(json.dumps({"out": args.out, "calibration": cal.metrics}, ensure_ascii=False))
    return 0
