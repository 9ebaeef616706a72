"""``gainlp evaluate``: score a labeler (or a saved prediction JSONL) against gold TSV files.

    gainlp evaluate --gold corpus/gold [--engine auto|model|rules] [--pred out.jsonl]
                    [--json] [--by-doc]

Gold: ``.tsv`` annotation files; directories are walked recursively. Predictions come from
``gainlp.pipeline.label_text`` on each gold text, or from ``--pred`` (``gainlp label --format
jsonl`` output), matched to gold files by file stem. Metric conventions: ``gainlp.evaluate``.
Exit status 0 on success, 2 on bad input (the message names the file or document).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "score a labeler against gold annotations"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", nargs="+", required=True, metavar="DIR|FILE",
                        help="gold .tsv files or directories (walked recursively)")
    parser.add_argument("--engine", choices=("auto", "model", "rules"), default="auto",
                        help="labeler to run on the gold texts (default: auto; ignored with --pred)")
    parser.add_argument("--pred", metavar="FILE.jsonl",
                        help="score saved predictions (gainlp label --format jsonl) instead of "
                             "running a labeler; matched to gold files by file stem")
    parser.add_argument("--split", metavar="FILE.json:NAME",
                        help="keep only the gold files whose stem is listed under NAME in FILE.json "
                             "(e.g. corpus/realdev_split.json:test)")
    parser.add_argument("--flatten", choices=("none", "join", "space", "crawler"), default="none",
                        help="score derived gold: each line-structured gold report flattened onto one "
                             "line as crawlers do (join: nothing between lines; space: one space; "
                             "crawler: nothing, under a crawler's metadata block); already flattened "
                             "gold is left out (default: none)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--by-doc", action="store_true",
                        help="add a per-document table, worst first")


class _UserError(Exception):
    pass


def gold_files(paths: list[str]) -> list[Path]:
    """The ``.tsv`` files named or found (recursively) under ``paths``, in a stable order."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*.tsv") if f.is_file())
            if not found:
                raise _UserError(f"{p}: no .tsv files in this directory")
        elif p.is_file():
            found = [p]
        else:
            raise _UserError(f"{p}: no such file or directory")
        for f in found:
            r = f.resolve()
            if r not in seen:
                seen.add(r)
                out.append(f)
    return out


def _load_golds(files: list[Path]):
    from ..annotation import AnnotationError, read_tsv
    golds = []
    for f in files:
        try:
            golds.append(read_tsv(f))
        except AnnotationError as e:
            raise _UserError(str(e)) from None
        except OSError as e:
            raise _UserError(f"{f}: cannot read ({e.strerror or e})") from None
    return golds


def _in_split(files: list[Path], spec: str) -> list[Path]:
    path, _, name = spec.rpartition(":")
    if not path or not name:
        raise _UserError(f"--split {spec}: expected FILE.json:NAME")
    try:
        stems = json.loads(Path(path).read_text(encoding="utf-8"))[name]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise _UserError(f"--split {spec}: cannot read the list {name!r} from {path} ({e})") from None
    kept = [f for f in files if f.stem in set(stems)]
    missing = sorted(set(stems) - {f.stem for f in kept})
    if missing:
        raise _UserError(f"--split {spec}: {len(missing)} listed file(s) not among the gold files "
                         f"(first: {missing[0]})")
    return kept


def _flattened(golds, how: str):
    from ..augment import flatten
    from ..evaluate import kind_of
    out = [flatten(g, sep=" " if how == "space" else "", header=how == "crawler")
           for g in golds if kind_of(g) == "lines"]
    if not out:
        raise _UserError("--flatten: no line-structured gold document to flatten")
    return out


def _preds_from_jsonl(golds, pred_path: str):
    from ..evaluate import doc_name
    from ..formats_io import FormatError, read_prediction_jsonl, report_from_prediction
    try:
        objs = read_prediction_jsonl(pred_path)
    except FormatError as e:
        raise _UserError(str(e)) from None
    stems: dict[str, str] = {}
    for g in golds:
        name = doc_name(g)
        if name in stems:
            raise _UserError(f"gold files {stems[name]} and {g.source} share the name {name!r}; "
                             f"--pred matches documents by file stem")
        stems[name] = g.source
    preds = []
    for g in golds:
        name = doc_name(g)
        obj = objs.get(name)
        if obj is None:
            raise _UserError(f"{pred_path}: no prediction for gold document {name!r} ({g.source})")
        try:
            preds.append(report_from_prediction(obj, g.text, name=name))
        except (FormatError, ValueError) as e:
            raise _UserError(f"{pred_path}: {e}") from None
    extra = sorted(set(objs) - set(stems))
    if extra:
        print(f"gainlp evaluate: note: {len(extra)} prediction(s) without a gold document ignored "
              f"(first: {extra[0]})", file=sys.stderr)
    return preds


def _preds_from_engine(golds, engine: str):
    from ..evaluate import doc_name
    from ..pipeline import label_text
    preds = []
    for g in golds:
        try:
            preds.append(label_text(g.text, engine=engine, source=g.source))
        except (OSError, ValueError, RuntimeError, ImportError) as e:
            raise _UserError(f"{doc_name(g)}: labeling with engine {engine!r} failed: "
                             f"{type(e).__name__}: {e}") from None
    return preds


def run(args: argparse.Namespace) -> int:
    from ..evaluate import EvalError, score, stratum_of
    try:
        files = gold_files(args.gold)
        if args.split:
            files = _in_split(files, args.split)
        golds = _load_golds(files)
        if args.flatten != "none":
            golds = _flattened(golds, args.flatten)
        preds = (_preds_from_jsonl(golds, args.pred) if args.pred
                 else _preds_from_engine(golds, args.engine))
        result = score(golds, preds, strata=[stratum_of(g) for g in golds])
    except (_UserError, EvalError) as e:
        print(f"gainlp evaluate: error: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(result.format_text(by_doc=args.by_doc))
    return 0
