"""``gainlp review REPORTS... --out gold/ [--engine auto|rules|model] [--port 0]``

Label the reports (or continue from ``<out>/<stem>.tsv`` where it was saved before) and
serve a page on 127.0.0.1 to correct them with the keyboard; saving writes gold TSV files
into ``--out`` for ``gainlp train --init <model> --gold <out>``. See ``gainlp.review``.
"""
from __future__ import annotations

import argparse
import sys

from ..pipeline import ENGINES

HELP = "correct labels in the browser and save them as gold TSV"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("reports", nargs="+", metavar="REPORT",
                   help="report files (.txt/.docx/.html/.pdf) or .tsv annotations to review")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="folder for the reviewed .tsv files (created; the only place written to)")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="labeling engine for the first labels, as in gainlp label (default: auto)")
    p.add_argument("--model", help="model folder for the model engine (default: the shipped model)")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: 0, any free port)")
    p.add_argument("--low", type=float, default=0.6,
                   help="mark segments with confidence below this (default 0.6)")
    p.add_argument("--verbose", action="store_true", help="log every request to stderr")


def run(args: argparse.Namespace) -> int:
    from ..review import ReviewSession, serve

    try:
        session = ReviewSession(args.reports, args.out, engine=args.engine, model=args.model, low=args.low)
    except (OSError, ValueError) as e:
        print(f"gainlp review: {e}", file=sys.stderr)
        return 2
    try:
        serve(session, args.port, quiet=not args.verbose)
    except OSError as e:
        print(f"gainlp review: cannot listen on 127.0.0.1:{args.port}: {e}", file=sys.stderr)
        return 2
    return 0
