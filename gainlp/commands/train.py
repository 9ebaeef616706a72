"""``gainlp train``: fine-tune the line labeler (or continue training a shipped one)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "fine-tune the line labeler"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", nargs="*", default=[], metavar="DIR_OR_TSV", help="gold annotation files or folders of .tsv (default: none)")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N", help="synthetic reports to add (default: 0)")
    parser.add_argument("--synthetic-seed", type=int, default=0, help="random seed of the synthetic reports (default: 0)")
    parser.add_argument("--base-model", help="HF BERT checkpoint: local folder or hub id (e.g. bert-base-chinese); no default: give it or --init")
    parser.add_argument("--init", help="continue from this labeler folder (e.g. models/gainlp-zh-small-v5; default: start from --base-model)")
    parser.add_argument("--out", required=True, help="output model folder")
    parser.add_argument("--steps", type=int, default=None, help="stage A encoder steps (default 400; 100 with --init)")
    parser.add_argument("--epochs", type=int, default=45, help="stage B epochs over documents, at most (default: 45)")
    parser.add_argument("--batch-size", type=int, default=32, help="stage A lines per step (default: 32)")
    parser.add_argument("--lr", type=float, default=2e-4, help="stage A learning rate (default: 2e-4)")
    parser.add_argument("--gold-weight", type=float, default=3.0, help="how much more a gold document counts than a synthetic one (default: 3.0)")
    parser.add_argument("--dev-fraction", type=float, default=0.1, help="share held out for development: of the synthetic reports when --synthetic is given, else of the gold "
                             "reports, each with its derived copies (default: 0.1)")
    parser.add_argument("--dev", nargs="+", default=None, metavar="DIR_OR_TSV",
                        help="held-out dev gold files or folders of .tsv: early stopping, calibration and every "
                             "dev metric use these only, and they are never trained on (removed from --gold if "
                             "also there); replaces the --dev-fraction split (default: none)")
    parser.add_argument("--folds", type=int, default=0, metavar="K",
                        help="k-fold cross-validation by gold document: train K models, each with one fold of "
                             "--gold held out as dev, report the mean held-out (dev) metrics, then train the "
                             "final model on everything for the folds' mean best epoch count, with their mean "
                             "calibration (default: 0, off)")
    parser.add_argument("--no-dev", action="store_true",
                        help="hold nothing out (no --dev-fraction split either) and train on every document: "
                             "warns, and saves \"dev\": null (default: off, training without held-out data is refused)")
    parser.add_argument("--replay", type=int, default=None, metavar="N",
                        help="synthetic reports mixed into the training data (never into dev) so that continued "
                             "training does not forget (default: with --init, 2 per gold training document, "
                             "at least 20; without --init, 0)")
    parser.add_argument("--rule-features", action="store_true",
                        help="feed the rules engine's labels to the context layer (default: off)")
    parser.add_argument("--shallow-form-lines", action="store_true",
                        help="lines the rules recognise by form (table cells, noise) skip the encoder and "
                             "enter the context layer as their mean token embedding; implies --rule-features (default: off)")
    parser.add_argument("--seed", type=int, default=13, help="random seed of training and the dev split (default: 13)")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads (default: 2)")


def _one_line(msg: str) -> int:
    print(f"gainlp train: {msg}", file=sys.stderr)
    return 2


def replay_documents(n: int, *, seed: int, start: int) -> list:
    """``n`` synthetic reports, indices ``start`` … of the seed's stream (so they never repeat
    the ``--synthetic`` ones, which are indices 0 … N-1)."""
    from ..model.data import Document
    from ..synth import generate
    return [Document.from_report(r) for r in generate(n, seed=seed, split="train", start=start)]


def _ignored_flags(args: argparse.Namespace) -> dict:
    """The flags given with --init that the init model's own configuration overrides."""
    if not args.init:
        return {}
    try:
        cfg = json.loads((Path(args.init) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # train() reports the unloadable model
    out = {}
    given_rules = args.rule_features or args.shallow_form_lines
    if given_rules and not cfg.get("rule_features", False):
        out["--rule-features"] = {"given": True, "used": False}
    if args.shallow_form_lines and not cfg.get("shallow_form_lines", False):
        out["--shallow-form-lines"] = {"given": True, "used": False}
    if args.base_model:
        out["--base-model"] = {"given": args.base_model, "used": None}
    return out


def _mean(dicts: list[dict]) -> dict:
    """The mean of each numeric metric over folds (``lines``: the total)."""
    keys = [k for k in dicts[0] if all(isinstance(d.get(k), (int, float)) for d in dicts)]
    return {k: sum(d[k] for d in dicts) if k == "lines" else round(sum(d[k] for d in dicts) / len(dicts), 5)
            for k in keys}


def run(args: argparse.Namespace) -> int:
    import torch
    from ..model.data import expand_paths, load_gold, report_groups, split_dev, synth_available, synthetic_documents
    from ..model.modeling import ModelLoadError
    from ..model.train import TrainConfig, train

    if not (args.base_model or args.init):
        return _one_line("give --base-model or --init")
    if args.folds and args.dev:
        return _one_line("give --dev or --folds, not both")
    if args.folds == 1 or args.folds < 0:
        return _one_line("--folds needs K >= 2")
    if args.replay is not None and args.replay < 0:
        return _one_line("--replay needs N >= 0")
    torch.set_num_threads(args.threads)
    try:
        dev_paths = expand_paths(args.dev, (".tsv",)) if args.dev else []
        dev_set = {p.resolve() for p in dev_paths}
        gold_paths = [p for p in expand_paths(args.gold, (".tsv",)) if p.resolve() not in dev_set]
        gold = load_gold(gold_paths, weight=args.gold_weight)
        dev_gold = load_gold(dev_paths, weight=args.gold_weight)
    except (FileNotFoundError, ValueError) as e:
        return _one_line(str(e))
    if args.dev and not dev_gold:
        return _one_line(f"--dev {' '.join(args.dev)}: no .tsv gold file there")
    if args.folds and args.folds > len(report_groups(gold)):
        return _one_line(f"--folds {args.folds} needs at least {args.folds} --gold reports "
                         f"(got {len(report_groups(gold))}; derived copies count with their report)")
    replay = args.replay if args.replay is not None else (max(20, 2 * len(gold)) if args.init else 0)
    if (args.synthetic or replay) and not synth_available():
        if args.synthetic or args.replay:
            return _one_line("--synthetic/--replay need gainlp.synth, which is not installed")
        print("gainlp train: WARNING: gainlp.synth is not installed, so no synthetic replay (--replay 0)",
              file=sys.stderr)
        replay = 0
    synth = synthetic_documents(args.synthetic, seed=args.synthetic_seed)
    replay_docs = replay_documents(replay, seed=args.synthetic_seed, start=args.synthetic) if replay else []

    # what is held out, and from where
    folds: list[list] = []
    if args.dev:
        train_docs, dev, dev_source = gold + synth, dev_gold, f"--dev ({len(dev_gold)} gold files)"
    elif args.folds:
        import random
        groups = report_groups(gold)  # a report and its derived copies share a fold
        random.Random(args.seed).shuffle(groups)
        folds = [[d for g in groups[k::args.folds] for d in g] for k in range(args.folds)]
        train_docs, dev = gold + synth, []
        dev_source = f"{args.folds}-fold cross-validation over --gold (mean of the held-out folds)"
    elif args.no_dev:
        train_docs, dev, dev_source = gold + synth, [], None
    elif synth:
        synth_train, dev = split_dev(synth, args.dev_fraction, seed=args.seed)
        train_docs, dev_source = gold + synth_train, f"--dev-fraction of --synthetic ({len(dev)} synthetic reports)"
    else:
        train_docs, dev = split_dev(gold, args.dev_fraction, seed=args.seed)
        dev_source = f"--dev-fraction of --gold ({len(dev)} gold files)"
    if not train_docs and not replay_docs:
        return _one_line("no training documents (--gold / --synthetic)")
    if not dev and not folds:
        if not args.no_dev:
            return _one_line(f"no held-out dev data ({len(gold)} gold files, --synthetic {args.synthetic}): "
                             "give --dev FILES, --folds K (K <= number of gold files), more --gold/--synthetic, "
                             "or --no-dev to train without any dev metric")
        dev_source = None
        bar = "!" * 72
        print(f"{bar}\ngainlp train: WARNING: --no-dev: nothing is held out. No dev metric will be reported; "
              f"every figure of this run is measured on its own training data.\n{bar}", file=sys.stderr)

    steps = args.steps if args.steps is not None else (100 if args.init else 400)
    cfg = TrainConfig(stage_a_steps=steps, stage_a_batch=args.batch_size, stage_a_lr=args.lr,
                      stage_b_epochs=args.epochs,
                      rule_features=args.rule_features or args.shallow_form_lines,
                      shallow_form_lines=args.shallow_form_lines, seed=args.seed)
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    ignored_flags = _ignored_flags(args)
    if ignored_flags:
        log(f"gainlp train: --init {args.init} keeps its own architecture; ignored: "
            + ", ".join(f"{k} (used: {v['used']})" for k, v in ignored_flags.items()))
    extra = {"command": "gainlp train " + " ".join(sys.argv[2:]) if len(sys.argv) > 2 else "gainlp train",
             "gold_files": [d.source for d in gold], "dev_files": [d.source for d in dev_gold],
             "dev_source": dev_source, "synthetic": args.synthetic, "synthetic_seed": args.synthetic_seed,
             "replay": len(replay_docs), "replay_seed": args.synthetic_seed,
             "replay_indices": [args.synthetic, args.synthetic + len(replay_docs)] if replay_docs else None,
             "ignored_flags": ignored_flags}
    try:
        cal, dev_metrics = None, None
        if folds:
            import statistics
            from dataclasses import replace
            cals, per_fold, best_epochs = [], [], []
            for k, held in enumerate(folds):
                rest = [d for j, f in enumerate(folds) if j != k for d in f]
                m, _, c = train(rest + synth + replay_docs, held, out=None, base_model=args.base_model,
                                init=args.init, cfg=cfg, log=lambda s, k=k: log(f"fold {k + 1}/{len(folds)}: {s}"))
                cals.append(c)
                per_fold.append({"dev_files": [d.source for d in held], **m.config.training["metrics"]["dev"]})
                best_epochs.append(max(1, m.config.training["stage_b"]["best_epoch"]))
            dev_metrics = {**_mean([{k: v for k, v in p.items() if k != "dev_files"} for p in per_fold]),
                           "folds": len(folds), "per_fold": per_fold}
            cal = replace(cals[0], section_temperature=statistics.fmean(c.section_temperature for c in cals),
                          role_temperature=statistics.fmean(c.role_temperature for c in cals),
                          viterbi_weight=statistics.median_low(c.viterbi_weight for c in cals),
                          fitted_on=f"dev ({len(folds)}-fold: mean over the held-out folds)",
                          metrics={f"dev_{k}": v for k, v in _mean([p for p in per_fold]).items()})
            epochs = max(1, round(statistics.fmean(best_epochs)))
            log(f"{len(folds)}-fold mean dev metrics: {_mean(per_fold)}; final model on everything, "
                f"{epochs} stage B epochs")
            cfg = replace(cfg, stage_b_epochs=epochs, stage_b_patience=epochs + 1)
        model, _, cal = train(train_docs + replay_docs, dev, out=args.out, base_model=args.base_model,
                              init=args.init, cfg=cfg, log=log, extra_config=extra, calibration=cal,
                              dev_metrics=dev_metrics)
    except ModelLoadError as e:
        return _one_line(str(e))
    tr = model.config.training
    print(json.dumps({"out": args.out, "metrics": tr["metrics"], "dev_source": dev_source,
                      "replay": len(replay_docs), "ignored_flags": ignored_flags,
                      "calibration": {"fitted_on": cal.fitted_on, "metrics": cal.metrics}},
                     ensure_ascii=False, default=str))
    return 0
