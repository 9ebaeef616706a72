"""``gainlp view REPORT [-o out.html] [--engine ...] [--low 0.6] [--title T]``

Label one report (``.txt``, ``.docx``, ``.html``, ``.pdf``) and write a self-contained,
colour-coded HTML page of its lines (see ``gainlp.view``). A ``.tsv`` annotation file is
shown as it is annotated (engine ``gold``), without labeling. Without ``-o`` the page goes
to stdout.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..pipeline import ENGINES

HELP = "render a labeled report as colour-coded HTML"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("report", metavar="REPORT", help="report file (.txt/.docx/.html/.pdf) or a .tsv annotation")
    p.add_argument("-o", "--output", help="HTML file to write (default: stdout)")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="labeling engine for a report file: auto, model or rules, as in gainlp label (default: auto)")
    p.add_argument("--model", help="model folder for the model engine (default: the shipped model)")
    p.add_argument("--low", type=float, default=0.6,
                   help="highlight segments with confidence below this (default 0.6)")
    p.add_argument("--title", help="document name in the page header (default: the path)")


def run(args: argparse.Namespace) -> int:
    from ..view import render_html

    src = Path(args.report)
    try:
        if src.suffix.lower() == ".tsv":
            from ..annotation import read_tsv
            report = read_tsv(src)
        else:
            from ..pipeline import label
            report = label(src, engine=args.engine, model=args.model)
    except Exception as e:  # noqa: BLE001 - one message, no traceback, for any unreadable input
        print(f"gainlp view: {args.report}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    page = render_html(report, title=args.title or str(args.report), low=args.low)
    if not args.output:
        sys.stdout.write(page)
        return 0
    out = Path(args.output)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8", newline="\n")
    os.replace(tmp, out)
    print(f"gainlp view: wrote {out} ({len(report.lines)} lines, engine {report.engine})", file=sys.stderr)
    return 0
