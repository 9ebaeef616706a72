"""``gainlp map PATH... [--format json|jsonl|csv] [-o OUT] [--engine ...]``

Labels each report, then maps it onto the standard six-part schema (``Report.to_standard()``):
sections with text and spans, T2/T3/T4 as values keyed by formats.json row/column keys, old
statistics rows with quality flags, prose counts, extensions and the 勾稽 checks.

* ``jsonl`` (default): one object per report and line; ``json``: one array.
* ``csv``: one row per report and field (doc, field, value, quality, status, unit, raw,
  maps_to) — the analysts' export across many reports.

Inputs are files or directories (walked for .txt, .docx, .html, .htm, .pdf). A file that
fails is reported on stderr (or in ``--errors``) and the exit status is 1; the others are
written. The output file is replaced atomically at the end; ``-o`` is checked before any
work. The closing line counts the 勾稽 checks by verdict (PASS, FAIL, NOT_ASSESSABLE) and
says which tables were not found; issue entries are bounded in size (``bound_issue``).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..pipeline import ENGINES, LabelFailure, label_many

HELP = "map reports onto the standard six-part schema with tables as data"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.add_argument("--format", choices=("jsonl", "json", "csv"), default="jsonl",
                   help="jsonl: one object per report and line; json: one array; csv: one row per "
                        "report and field (default: jsonl)")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="labeling engine: auto, model or rules, as in gainlp label (default: auto)")
    p.add_argument("--model", help="model folder for the model engine (default: the shipped model)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes for labeling (default 1)")
    p.add_argument("--no-text", action="store_true", help="leave the section texts out (spans only)")
    p.add_argument("--strict-blanks", action="store_true",
                   help="checks read blank cells as unknown instead of 0")
    p.add_argument("--errors", help="where to list failures as JSONL (default: stderr)")


VERDICTS = ("PASS", "FAIL", "NOT_ASSESSABLE")


def summary_line(n_files: int, objs: list[dict], n_failed_files: int) -> str:
    """The closing line: files, then the 勾稽 checks by verdict. Checks that could not be
    made are NOT_ASSESSABLE, never counted as passed or "0 failed"; the tables not found
    are named with the number of reports that lack them."""
    counts = {v: 0 for v in VERDICTS}
    missing: dict[str, int] = {}
    for o in objs:
        summary = o.get("summary", {})
        for v in VERDICTS:
            counts[v] += int(summary.get("checks", {}).get(v, 0))
        for table, found in summary.get("tables_found", {}).items():
            if table in ("T3", "T4") and not found:  # the tables the checks read
                missing[table] = missing.get(table, 0) + 1
    made = counts["PASS"] + counts["FAIL"]
    head = f"gainlp map: {n_files} files: {len(objs)} mapped, {n_failed_files} could not be mapped"
    if made == 0 and counts["NOT_ASSESSABLE"] == 0:
        checks = "no 勾稽 checks"
    elif made == 0:
        checks = f"勾稽 checks: none could be made ({counts['NOT_ASSESSABLE']} NOT_ASSESSABLE)"
    else:
        checks = (f"勾稽 checks: {counts['PASS']} PASS, {counts['FAIL']} FAIL, "
                  f"{counts['NOT_ASSESSABLE']} NOT_ASSESSABLE")
    if missing:
        checks += "; " + ", ".join(f"{t} not found in {n} of {len(objs)} reports" for t, n in sorted(missing.items()))
    return f"{head}; {checks}"


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("gainlp map: interrupted; nothing was written", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    from ..standard import map_report
    from ..standard.export import to_csv, to_json, to_jsonl
    from .label import _check_writable_file, collect_inputs

    for flag, target in (("-o", args.output), ("--errors", args.errors)):
        why = _check_writable_file(Path(target)) if target else None
        if why:
            print(f"gainlp map: cannot write {flag} {target}: {why}", file=sys.stderr)
            return 2
    files, failures = collect_inputs(args.paths)
    objs: list[dict] = []
    for res in label_many(files, engine=args.engine, model=args.model, jobs=max(1, args.jobs),
                          on_error="yield"):
        if isinstance(res, LabelFailure):
            failures.append(res)
            continue
        try:
            std = map_report(res, blank_as_zero=not args.strict_blanks)
        except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
            failures.append(LabelFailure(res.source or "?", f"map: {type(e).__name__}: {e}"))
            continue
        objs.append(std.to_dict(include_text=not args.no_text))

    content = {"csv": to_csv, "json": to_json, "jsonl": to_jsonl}[args.format](objs)
    if args.output:
        out = Path(args.output)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(content, encoding="utf-8", newline="\n")
        os.replace(tmp, out)
    else:
        sys.stdout.write(content)

    if failures:
        lines = "".join(json.dumps({"file": f.source, "error": f.error}, ensure_ascii=False) + "\n"
                        for f in failures)
        if args.errors:
            Path(args.errors).write_text(lines, encoding="utf-8")
        else:
            for f in failures:
                print(f"gainlp map: FAILED {f.source}: {f.error}", file=sys.stderr)
    print(summary_line(len(files), objs, len(failures)), file=sys.stderr)
    return 1 if failures else 0
