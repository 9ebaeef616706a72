"""``gainlp label PATH... [-o OUT] [--format jsonl|tsv|json] [--engine ...] [--jobs N] [--resume]``

Batch behaviour: inputs are files or directories (walked recursively for .txt, .docx,
.html, .htm, .pdf); results come out in input order; a file that fails is listed with its
reason in the errors file (``OUT.errors.jsonl``, or stderr without ``-o``) and the exit
status is 1, every other output intact. Outputs are written atomically: JSONL/JSON go to
``OUT.partial`` while running and replace ``OUT`` at the end; ``--resume`` skips the
documents already in ``OUT`` or ``OUT.partial``. With ``--format tsv`` and several inputs,
``-o`` is a directory that gets one ``.tsv`` per input.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from functools import partial

from ..annotation import to_tsv
from ..pipeline import ENGINES, LabelFailure, label_many
from ..report import Report

HELP = "label reports: section and table role of every line"
EXTENSIONS = (".txt", ".docx", ".html", ".htm", ".pdf")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories")
    p.add_argument("-o", "--output", help="output file (jsonl/json, or tsv for one input) or directory (tsv)")
    p.add_argument("--format", choices=("jsonl", "tsv", "json"), default="jsonl")
    p.add_argument("--engine", choices=ENGINES, default="auto")
    p.add_argument("--model", help="model folder for the model engine (default: the shipped model)")
    p.add_argument("--jobs", type=int, default=1,
                   help="worker processes (default 1); with --engine model/auto they read files and run "
                        "the rules while this process runs the network once")
    p.add_argument("--resume", action="store_true", help="skip documents already in the output")
    p.add_argument("--errors", help="where to list failures (default OUT.errors.jsonl, or stderr)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def encode(report: Report, *, fmt: str) -> tuple[str, int, str]:
    """(source, line count, serialized output): runs in the worker process."""
    if fmt == "tsv":
        return report.source, len(report.lines), to_tsv(report)
    return report.source, len(report.lines), json.dumps(report.to_dict(), ensure_ascii=False)


def collect_inputs(paths: list[str]) -> tuple[list[str], list[LabelFailure]]:
    """Files in a stable order: as given, directories expanded in sorted order."""
    files: list[str] = []
    missing: list[LabelFailure] = []
    seen: set[str] = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(str(f) for f in path.rglob("*") if f.is_file() and f.suffix.lower() in EXTENSIONS)
        elif path.is_file():
            found = [p]
        else:
            missing.append(LabelFailure(p, "no such file or directory"))
            continue
        for f in found:
            if f not in seen:
                seen.add(f)
                files.append(f)
    return files, missing


def _done_docs(*files: Path) -> dict[str, str]:
    """doc → JSONL line of documents already labeled (a truncated last line is ignored)."""
    done: dict[str, str] = {}
    for f in files:
        if not f.is_file():
            continue
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(obj, dict) and "doc" in obj:
                    done[obj["doc"]] = line.rstrip("\n")
    return done


def _write_atomic(path: Path, content: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


def _tsv_target(out: Path, src: str, single: bool) -> Path:
    if single and out.suffix.lower() == ".tsv":
        return out
    return out / (Path(src).stem + ".tsv")


def run(args: argparse.Namespace) -> int:
    files, failures = collect_inputs(args.paths)
    out = Path(args.output) if args.output else None
    single = len(files) == 1 and len(args.paths) == 1 and not Path(args.paths[0]).is_dir()
    if args.format == "tsv" and out is None and not single:
        print("gainlp label: --format tsv with several inputs needs -o DIR", file=sys.stderr)
        return 2
    if args.format == "tsv" and out is not None and not (single and out.suffix.lower() == ".tsv"):
        out.mkdir(parents=True, exist_ok=True)

    done: dict[str, str] = {}
    partial_out = out.with_name(out.name + ".partial") if out is not None and args.format != "tsv" else None
    if args.resume and partial_out is not None:
        done = _done_docs(out, partial_out)
    todo = [f for f in files if f not in done and not (
        args.resume and args.format == "tsv" and out is not None and _tsv_target(out, f, single).exists())]
    skipped = len(files) - len(todo)

    progress = None
    if not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm
        progress = tqdm(total=len(todo), unit="file", file=sys.stderr)

    sink = None
    if partial_out is not None:
        sink = partial_out.open("a" if args.resume else "w", encoding="utf-8", newline="\n")
    results: dict[str, str] = dict(done)
    n_lines = 0
    t0 = time.perf_counter()
    try:
        for res in label_many(todo, engine=args.engine, model=args.model, jobs=max(1, args.jobs),
                              on_error="yield", postprocess=partial(encode, fmt=args.format)):
            if progress:
                progress.update(1)
            if isinstance(res, LabelFailure):
                failures.append(res)
                continue
            source, lines, payload = res
            n_lines += lines
            if args.format == "tsv":
                if out is None:
                    sys.stdout.write(payload)
                else:
                    _write_atomic(_tsv_target(out, source, single), payload)
                continue
            line = payload
            results[source] = line
            if sink is not None:
                sink.write(line + "\n")
                sink.flush()
            elif args.format == "jsonl":
                sys.stdout.write(line + "\n")
    finally:
        if progress:
            progress.close()
        if sink is not None:
            sink.close()
    elapsed = time.perf_counter() - t0

    ordered = [results[f] for f in files if f in results]
    if args.format == "json":
        content = "[\n" + ",\n".join(ordered) + "\n]\n" if ordered else "[]\n"
        if out is None:
            sys.stdout.write(content)
        else:
            _write_atomic(out, content)
    elif args.format == "jsonl" and out is not None:
        _write_atomic(out, "".join(line + "\n" for line in ordered))
    if partial_out is not None and partial_out.exists():
        partial_out.unlink()

    _report_failures(failures, args, out)
    rate = n_lines / elapsed if elapsed > 0 else 0.0
    print(f"gainlp label: {len(files)} files ({skipped} already done), {n_lines} lines labeled, "
          f"{len(failures)} failed, {elapsed:.1f} s, {rate:,.0f} lines/s", file=sys.stderr)
    return 1 if failures else 0


def _report_failures(failures: list[LabelFailure], args: argparse.Namespace, out: Path | None) -> None:
    if not failures:
        return
    target = Path(args.errors) if args.errors else (
        out.with_name(out.name + ".errors.jsonl") if out is not None and args.format != "tsv"
        else (out / "errors.jsonl" if out is not None and out.is_dir() else None))
    lines = "".join(json.dumps({"file": f.source, "error": f.error}, ensure_ascii=False) + "\n"
                    for f in failures)
    if target is None:
        for f in failures:
            print(f"gainlp label: FAILED {f.source}: {f.error}", file=sys.stderr)
    else:
        _write_atomic(target, lines)
        print(f"gainlp label: {len(failures)} failures listed in {target}", file=sys.stderr)
