"""``gainlp label PATH... [-o OUT] [--format jsonl|tsv|json] [--engine ...] [--jobs N] [--resume]``

Batch behaviour: inputs are files or directories (walked recursively for .txt, .docx,
.html, .htm, .pdf); results come out in input order; a file that fails is listed with its
reason in the errors file (``OUT.errors.jsonl``, or stderr without ``-o``) and the exit
status is 1, every other output intact. Outputs are written atomically: JSONL/JSON go to
``OUT.partial`` while running and replace ``OUT`` at the end; ``--resume`` skips the
documents already in ``OUT`` or ``OUT.partial``, and refuses to mix engines: every record
names its ``engine`` and ``model``, and a run with another ``--engine``/``--model`` than the
records already written stops with exit status 2. With ``--format tsv`` and several inputs,
``-o`` is a directory that gets one ``.tsv`` per input.

Before any work the output location is checked (a folder given as a JSONL/JSON ``-o``, a
missing parent folder or an unwritable place is a one-line error, exit status 2). Ctrl-C
(or SIGTERM) stops the run with one line naming the ``--resume`` command that continues it
(exit status 130, or 143 for SIGTERM); ``OUT.partial`` is kept for it. An input with no
text gets a warning on stderr and an empty, valid record.
"""
from __future__ import annotations

import argparse
import errno
import json
import os
import shlex
import signal
import sys
import threading
import time
from functools import partial
from pathlib import Path
from typing import Iterator

from ..annotation import to_tsv
from ..pipeline import ENGINES, LabelFailure, default_model_path, label_many, model_version
from ..report import Report

HELP = "label reports: section and table role of every line"
EXTENSIONS = (".txt", ".docx", ".html", ".htm", ".pdf")
MAX_FAILURES_SHOWN = 20  # with an errors file, the first failures are also printed on stderr
COPY_BLOCK = 1 << 20


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories")
    p.add_argument("-o", "--output", help="output file (jsonl/json, or tsv for one input) or directory (tsv)")
    p.add_argument("--format", choices=("jsonl", "tsv", "json"), default="jsonl",
                   help="jsonl: one JSON object per report and line; json: one array; tsv: the "
                        "annotation TSV, one file per input (default: jsonl)")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="auto: the model's sections where it is confident, the rules' elsewhere "
                        "(falls back to the rules if no model loads); model: the model alone; "
                        "rules: the rules alone, fastest (default: auto)")
    p.add_argument("--model", help="model folder for the model engine (default: the shipped model)")
    p.add_argument("--jobs", type=int, default=1,
                   help="worker processes (default 1); with --engine model/auto they read files and run "
                        "the rules while this process runs the network once")
    p.add_argument("--resume", action="store_true",
                   help="skip documents already in the output or OUT.partial (same --engine and --model only)")
    p.add_argument("--errors", help="where to list failures (default OUT.errors.jsonl, or stderr)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


class JsonPieces:
    """A report's JSON record as pieces (``Report.iter_json``), made while they are written.
    Pickled (from a worker process) it becomes the list of its pieces."""

    __slots__ = ("report",)

    def __init__(self, report: Report) -> None:
        self.report = report

    def __iter__(self) -> Iterator[str]:
        return self.report.iter_json()

    def __reduce__(self):
        return (list, (list(self),))


def encode(report: Report, *, fmt: str) -> tuple[str, int, str | JsonPieces, bool]:
    """(source, line count, serialized output, no text?): runs in the worker process. The
    output of a JSON format comes as pieces, so that a huge report is never one string."""
    empty = not report.text.strip()
    if fmt == "tsv":
        return report.source, len(report.lines), to_tsv(report), empty
    return report.source, len(report.lines), JsonPieces(report), empty


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


def _done_docs(*files: Path, engines: dict | None = None) -> dict[str, str]:
    """doc → JSONL line of documents already labeled (a truncated last line is ignored).
    ``engines``, if given, gets (engine, model) → the first file holding a record of them;
    a record from before the ``model`` field has model ``...``."""
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
                    if engines is not None:
                        engines.setdefault((obj.get("engine"), obj.get("model", ...)), f)
    return done


def _expected_model(engine: str, model: str | None) -> str | None:
    """The ``model`` field this run's records will have (see ``pipeline.apply_model``)."""
    if engine == "rules":
        return None
    path = Path(model) if model else default_model_path()
    if engine == "auto" and (path is None or not (path / "config.json").is_file()):
        return None  # auto falls back to the rules
    return model_version(path)


def _mixed_engines(args: argparse.Namespace, engines: dict) -> str | None:
    """Why ``--resume`` must not append to these records, or None."""
    want = _expected_model(args.engine, args.model)
    for (engine, model), f in engines.items():
        if engine != args.engine or (model is not ... and model != want):
            had = f"--engine {engine}" + (f" (model {model or 'none'})" if model is not ... else "")
            return (f"gainlp label: cannot --resume: {f} was labeled with {had}, this run uses --engine "
                    f"{args.engine} (model {want or 'none'}); rerun with the same --engine/--model, "
                    f"or write to a new -o")
    return None


def _write_atomic(path: Path, content: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


def _write_output(out: Path, partial_out: Path, docs: list[str], done: dict[str, str],
                  written: dict[str, tuple[int, int]], *, json_array: bool, resume: bool) -> None:
    """Write ``out`` atomically: the records of ``docs`` in that order, from this run's
    ``OUT.partial`` (``written``: byte ranges) or, after ``--resume``, from ``done``;
    copied in bounded blocks, never held whole in memory."""
    if not json_array and not resume:
        os.replace(partial_out, out)  # this run wrote exactly these records, in this order
        return
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("wb") as dst, partial_out.open("rb") as src:
        if json_array:
            dst.write(b"[\n" if docs else b"[]\n")
        for n, doc in enumerate(docs):
            if json_array and n:
                dst.write(b",\n")
            if doc in written:
                offset, length = written[doc]
                src.seek(offset)
                while length > 0:
                    block = src.read(min(length, COPY_BLOCK))
                    if not block:
                        raise OSError(errno.EIO, f"{partial_out} is shorter than written")
                    dst.write(block)
                    length -= len(block)
            else:
                dst.write(done[doc].encode("utf-8"))
            if not json_array:
                dst.write(b"\n")
        if json_array and docs:
            dst.write(b"\n]\n")
    os.replace(tmp, out)


def _tsv_target(out: Path, src: str, single: bool) -> Path:
    if single and out.suffix.lower() == ".tsv":
        return out
    return out / (Path(src).stem + ".tsv")


class _Terminated(BaseException):
    """Raised in the main thread by the SIGTERM handler of ``run``."""


def _on_sigterm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise _Terminated()


def _resume_command(args: argparse.Namespace) -> str:
    cmd = ["gainlp", "label", *args.paths, "-o", args.output]
    if args.format != "jsonl":
        cmd += ["--format", args.format]
    cmd += ["--engine", args.engine]
    if args.model:
        cmd += ["--model", args.model]
    if args.jobs != 1:
        cmd += ["--jobs", str(args.jobs)]
    if args.errors:
        cmd += ["--errors", args.errors]
    return shlex.join(cmd + ["--resume"])


def run(args: argparse.Namespace) -> int:
    """``_run`` with the expected ways of stopping turned into one line on stderr."""
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main else None
    try:
        return _run(args)
    except (KeyboardInterrupt, _Terminated) as e:
        code = 143 if isinstance(e, _Terminated) else 130
        if args.output:
            print(f"gainlp: interrupted; continue with: {_resume_command(args)}", file=sys.stderr)
        else:
            print("gainlp: interrupted; the output went to stdout, so there is nothing to --resume "
                  "(give -o OUT to be able to)", file=sys.stderr)
        return code
    except BrokenPipeError:  # e.g. `gainlp label ... | head`: the reader left, not an error of ours
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _check_writable_file(path: Path) -> str | None:
    """Why ``path`` cannot be written as a file, or None (creates and removes ``path.tmp``)."""
    if path.is_dir():
        return f"{path} is a folder, not a file"
    parent = path.parent
    if not parent.is_dir():
        return f"folder {parent} does not exist" if not parent.exists() else f"{parent} is not a folder"
    probe = path.with_name(path.name + ".tmp")
    try:
        with probe.open("w", encoding="utf-8"):
            pass
        probe.unlink()
    except OSError as e:
        if e.errno == errno.ENOENT:  # the folder exists but takes no new files (e.g. /proc)
            return f"cannot create files in {parent}"
        return e.strerror or str(e)
    return None


def _check_output(args: argparse.Namespace, out: Path | None, single: bool) -> str | None:
    """One line saying why the output cannot be written, checked before any work; or None."""
    if out is not None:
        if args.format == "tsv" and not (single and out.suffix.lower() == ".tsv"):
            if out.exists() and not out.is_dir():
                return (f"gainlp label: -o {out} is a file, but --format tsv with several inputs "
                        f"writes one .tsv per input into a folder")
            try:
                out.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                return f"gainlp label: cannot create the folder {out}: {e.strerror or e}"
            if not os.access(out, os.W_OK):
                return f"gainlp label: cannot write into the folder {out}: permission denied"
        elif out.is_dir():
            return (f"gainlp label: -o {out} is a folder; give a file name "
                    f"(e.g. -o {out / ('labels.' + args.format)})")
        else:
            why = _check_writable_file(out)
            if why:
                return f"gainlp label: cannot write {out}: {why}"
    if args.errors:
        why = _check_writable_file(Path(args.errors))
        if why:
            return f"gainlp label: cannot write --errors {args.errors}: {why}"
    return None


def _run(args: argparse.Namespace) -> int:
    out = Path(args.output) if args.output else None
    single = len(args.paths) == 1 and Path(args.paths[0]).is_file()
    if args.format == "tsv" and out is None and not single:
        print("gainlp label: --format tsv with several inputs needs -o DIR", file=sys.stderr)
        return 2
    problem = _check_output(args, out, single)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    files, failures = collect_inputs(args.paths)

    done: dict[str, str] = {}
    partial_out = out.with_name(out.name + ".partial") if out is not None and args.format != "tsv" else None
    if args.resume and partial_out is not None:
        engines: dict = {}
        done = _done_docs(out, partial_out, engines=engines)
        problem = _mixed_engines(args, engines)
        if problem:
            print(problem, file=sys.stderr)
            return 2
    todo = [f for f in files if f not in done and not (
        args.resume and args.format == "tsv" and out is not None and _tsv_target(out, f, single).exists())]
    skipped = len(files) - len(todo)

    sink = None
    pos = 0  # bytes in OUT.partial
    if partial_out is not None:
        try:
            sink = partial_out.open("ab" if args.resume else "wb")
            pos = sink.seek(0, os.SEEK_END)
        except OSError as e:
            print(f"gainlp label: cannot write {partial_out}: {e.strerror or e}", file=sys.stderr)
            return 2

    progress = None
    if not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm
        progress = tqdm(total=len(todo), unit="file", file=sys.stderr)

    written: dict[str, tuple[int, int]] = {}  # doc → (offset, length) of its record in OUT.partial
    n_lines = n_printed = 0
    t0 = time.perf_counter()
    batch = label_many(todo, engine=args.engine, model=args.model, jobs=max(1, args.jobs),
                       on_error="yield", postprocess=partial(encode, fmt=args.format))
    try:
        for res in batch:
            if progress:
                progress.update(1)
            if isinstance(res, LabelFailure):
                failures.append(res)
                continue
            source, lines, payload, empty = res
            n_lines += lines
            if empty:
                print(f"gainlp label: warning: {source} has no text; its record is empty", file=sys.stderr)
            if args.format == "tsv":
                if out is None:
                    sys.stdout.write(payload)
                else:
                    _write_atomic(_tsv_target(out, source, single), payload)
                continue
            if sink is not None:
                start = pos
                try:
                    for piece in payload:
                        pos += sink.write(piece.encode("utf-8"))
                    pos += sink.write(b"\n")
                    sink.flush()
                except BaseException:  # an interrupt mid-record: OUT.partial keeps whole records only
                    sink.truncate(start)
                    raise
                written[source] = (start, pos - start - 1)
                continue
            if args.format == "json":
                sys.stdout.write(",\n" if n_printed else "[\n")
            for piece in payload:
                sys.stdout.write(piece)
            if args.format == "jsonl":
                sys.stdout.write("\n")
            n_printed += 1
    finally:
        batch.close()  # stops the worker processes at once on an interrupt
        if progress:
            progress.close()
        if sink is not None:
            sink.close()
    elapsed = time.perf_counter() - t0

    try:
        if args.format == "json" and out is None:
            sys.stdout.write("\n]\n" if n_printed else "[]\n")
        elif partial_out is not None and out is not None:
            _write_output(out, partial_out, [f for f in files if f in written or f in done],
                          done, written, json_array=args.format == "json", resume=args.resume)
    except OSError as e:
        print(f"gainlp label: cannot write {out}: {e.strerror or e}; the labels are kept in {partial_out}",
              file=sys.stderr)
        return 1
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
    shown = failures if target is None else failures[:MAX_FAILURES_SHOWN]
    for f in shown:
        print(f"gainlp label: FAILED {f.source}: {f.error}", file=sys.stderr)
    if target is not None:
        try:
            _write_atomic(target, lines)
        except OSError as e:
            print(f"gainlp label: cannot write {target}: {e.strerror or e}", file=sys.stderr)
            return
        more = f" ({len(failures) - len(shown)} more than shown)" if len(failures) > len(shown) else ""
        print(f"gainlp label: {len(failures)} failures listed in {target}{more}", file=sys.stderr)
