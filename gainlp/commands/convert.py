"""``gainlp convert``: annotations between TSV, Label Studio and doccano.

    gainlp convert IN... --to tsv|label-studio|doccano -o OUT
    gainlp convert --label-studio-config [--layout lines]

Inputs: ``.tsv`` annotation files, Label Studio JSON exports (``.json``; span or line layout,
or JSON-MIN), doccano ``.jsonl``; the kind is guessed from the extension and the content
(``--from`` forces it). Directories are walked recursively for those extensions.

Output ``OUT``: ``-`` for stdout; a directory (existing, or ending with ``/``; for ``--to tsv``
anything not ending in ``.tsv``) gets one file per document, named by document; otherwise one
file holds every document (a JSON list of tasks for Label Studio, JSONL for doccano; a single
document for TSV). Conventions of each format: ``gainlp.formats_io``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "convert annotations between TSV, Label Studio and doccano"

_EXTS = {".tsv", ".json", ".jsonl", ".ndjson"}
_OUT_EXT = {"tsv": ".tsv", "label-studio": ".json", "doccano": ".jsonl"}
_MAX_WARNINGS = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="IN", help="input files or directories")
    parser.add_argument("--to", choices=("tsv", "label-studio", "doccano"), help="output format")
    parser.add_argument("-o", "--output", metavar="OUT", help="output file or directory, or - for stdout")
    parser.add_argument("--from", dest="from_kind", choices=("auto", "tsv", "label-studio", "doccano"),
                        default="auto", help="input kind (default: guessed per file)")
    parser.add_argument("--layout", choices=("spans", "lines"), default="spans",
                        help="Label Studio layout: one task per document with span labels "
                             "(default), or one task per line with choices")
    parser.add_argument("--as-annotations", action="store_true",
                        help="Label Studio: put labels under annotations instead of predictions")
    parser.add_argument("--model-version", default=None,
                        help="Label Studio predictions' model_version (default: gainlp-ENGINE)")
    parser.add_argument("--separate-labels", action="store_true",
                        help="doccano: a section span and a role span per segment instead of "
                             "one combined section|role span")
    parser.add_argument("--label-studio-config", action="store_true",
                        help="print the Label Studio labeling config (XML) for --layout and exit")


class _UserError(Exception):
    pass


def _input_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in _EXTS)
            if not found:
                raise _UserError(f"{p}: no .tsv, .json or .jsonl files in this directory")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise _UserError(f"{p}: no such file or directory")
    return out


def _render(docs, args) -> list[tuple[str, str]]:
    """(name, serialized content) per document."""
    from ..annotation import to_tsv
    from ..formats_io import to_doccano, to_label_studio, to_label_studio_lines, tsv_comments
    out = []
    for d in docs:
        if args.to == "tsv":
            out.append((d.name, to_tsv(d.report, comments=tsv_comments(d.report))))
        elif args.to == "label-studio":
            if args.layout == "lines":
                tasks = to_label_studio_lines(d.report, doc=d.name, model_version=args.model_version,
                                              as_annotations=args.as_annotations)
            else:
                tasks = [to_label_studio(d.report, doc=d.name, model_version=args.model_version,
                                         as_annotations=args.as_annotations)]
            out.append((d.name, tasks))
        else:
            out.append((d.name, to_doccano(d.report, doc=d.name, combined=not args.separate_labels)))
    return out


def _join(items: list, kind: str) -> str:
    if kind == "label-studio":
        return json.dumps([t for tasks in items for t in tasks], ensure_ascii=False, indent=1) + "\n"
    if kind == "doccano":
        return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in items)
    return items[0]


def _write(rendered: list[tuple[str, object]], args) -> list[Path]:
    kind, out = args.to, args.output
    contents = [c for _, c in rendered]
    if out == "-":
        if kind == "tsv" and len(rendered) > 1:
            raise _UserError(f"{len(rendered)} documents cannot go to stdout as TSV; give a directory")
        sys.stdout.write(_join(contents, kind))
        return []
    outp = Path(out)
    as_dir = outp.is_dir() or out.endswith(("/", "\\")) or (kind == "tsv" and outp.suffix.lower() != ".tsv")
    if not as_dir:
        if kind == "tsv" and len(rendered) > 1:
            raise _UserError(f"{out}: {len(rendered)} documents need a directory, not one .tsv file")
        try:
            outp.parent.mkdir(parents=True, exist_ok=True)
            outp.write_text(_join(contents, kind), encoding="utf-8", newline="\n")
        except OSError as e:
            raise _UserError(f"{out}: cannot write ({e.strerror or e})") from None
        return [outp]
    names: dict[str, int] = {}
    for name, _ in rendered:
        names[name] = names.get(name, 0) + 1
    dups = [n for n, c in names.items() if c > 1]
    if dups:
        raise _UserError(f"several input documents are named {dups[0]!r}; their output files would clash")
    written = []
    try:
        outp.mkdir(parents=True, exist_ok=True)
        for name, content in rendered:
            safe = name.replace("/", "_").replace("\\", "_") or "doc"
            f = outp / f"{safe}{_OUT_EXT[kind]}"
            f.write_text(_join([content], kind), encoding="utf-8", newline="\n")
            written.append(f)
    except OSError as e:
        raise _UserError(f"{out}: cannot write ({e.strerror or e})") from None
    return written


def run(args: argparse.Namespace) -> int:
    from ..formats_io import LABEL_STUDIO_CONFIG, LABEL_STUDIO_LINE_CONFIG, FormatError, read_any
    if args.label_studio_config:
        sys.stdout.write(LABEL_STUDIO_LINE_CONFIG if args.layout == "lines" else LABEL_STUDIO_CONFIG)
        return 0
    try:
        if not args.inputs:
            raise _UserError("no input files (give IN..., or --label-studio-config)")
        if not args.to:
            raise _UserError("--to is required (tsv, label-studio or doccano)")
        if not args.output:
            raise _UserError("-o/--output is required (a file, a directory, or - for stdout)")
        docs = []
        for f in _input_files(args.inputs):
            try:
                got = read_any(f, None if args.from_kind == "auto" else args.from_kind)
            except FormatError as e:
                raise _UserError(str(e)) from None
            if not got:
                print(f"gainlp convert: warning: {f}: no documents", file=sys.stderr)
            for d in got:
                for w in d.warnings[:_MAX_WARNINGS]:
                    print(f"gainlp convert: warning: {w}", file=sys.stderr)
                if len(d.warnings) > _MAX_WARNINGS:
                    print(f"gainlp convert: warning: {f}: {d.name}: "
                          f"{len(d.warnings) - _MAX_WARNINGS} more warnings", file=sys.stderr)
            docs.extend(got)
        if not docs:
            raise _UserError("no documents to convert")
        written = _write(_render(docs, args), args)
    except _UserError as e:
        print(f"gainlp convert: error: {e}", file=sys.stderr)
        return 2
    if written:
        where = written[0] if len(written) == 1 else f"{len(written)} files in {written[0].parent}"
        print(f"gainlp convert: {len(docs)} document(s) → {where}", file=sys.stderr)
    return 0
