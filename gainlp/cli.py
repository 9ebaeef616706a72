"""The ``gainlp`` command line. Each subcommand lives in ``gainlp/commands/<name>.py`` and
exposes ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``; modules are imported
only when their command runs, so ``gainlp label`` never pays for torch unless it needs it.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS: dict[str, str] = {
    "label": "label reports: section and table role of every line",
    "evaluate": "score a labeler against gold annotations",
    "synth": "generate synthetic annotated reports",
    "pretrain": "domain-pretrain a small Chinese BERT (masked LM)",
    "train": "fine-tune the line labeler",
    "suggest": "documents and lines most worth annotating next",
    "convert": "convert annotations between TSV, Label Studio and doccano",
    "map": "map reports onto the standard six-part schema with tables as data",
    "view": "render a labeled report as colour-coded HTML",
    "review": "correct labels in the browser and save them as gold TSV",
}


def build_parser(load: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gainlp", description="Label the sections and table roles of 政府信息公开工作年度报告.")
    from . import __version__
    parser.add_argument("--version", action="version", version=f"gainlp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == load:
            _module(name).add_arguments(p)
    return parser


def _module(name: str):
    return importlib.import_module(f"gainlp.commands.{name}")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    name = argv[0] if argv and argv[0] in COMMANDS else None
    if name is not None:
        try:
            _module(name)
        except ModuleNotFoundError as e:
            if e.name == f"gainlp.commands.{name}":
                print(f"gainlp {name}: not available in this version", file=sys.stderr)
                return 2
            raise
    parser = build_parser(load=name)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return int(_module(args.command).run(args) or 0)


INTERRUPTED = (130, 143)  # Ctrl-C, SIGTERM: what ``gainlp label`` returns after printing how to resume


def console_main() -> None:
    """The ``gainlp`` command. After an interrupt the outputs are closed and the resume line
    is printed, so the process ends at once: interpreter exit would otherwise join a process
    pool's manager thread, which can hang once the pool's workers were terminated."""
    code = main()
    if code in INTERRUPTED:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    console_main()
