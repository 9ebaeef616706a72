#!/usr/bin/env python
"""Large inputs: time and peak memory of ``gainlp label`` on a 5 MB single-line report and
on a 50 MB report, per engine.

    python benchmarks/bench_large.py [--engines rules,model] [--sizes 5,50] [--timeout 900]

Inputs are built from the seed reports: the 5 MB one is every seed flattened onto one line
(lines joined with one space) and repeated; the 50 MB one is the seeds repeated with their
line breaks. Each run is a fresh ``gainlp label FILE --engine E -o OUT`` process under ``/usr/bin/time``:
its wall time, CPU time (user + system: what the run costs on a machine that other work
keeps busy) and peak RSS (with one file no worker process is started). The
output is checked for size (bytes per input byte) and validity of every segment.
Prints a Markdown table, the command first.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))


def build(kind: str, megabytes: int, path: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    unit = (" ".join(t.replace("\n", " ") for t in texts) + " ") if kind == "line" else "\n".join(texts) + "\n"
    reps = -(-megabytes * 1_000_000 // len(unit.encode("utf-8")))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for _ in range(reps):
            fh.write(unit)


def run(path: Path, engine: str, timeout: int) -> dict:
    """One fresh ``gainlp label`` process under ``/usr/bin/time`` (its peak RSS, wall and CPU time)."""
    out = path.with_suffix(f".{engine}.jsonl")
    cmd = ["/usr/bin/time", "-f", "%M %e %U %S", sys.executable, "-m", "gainlp.cli", "label", str(path),
           "--engine", engine, "-o", str(out)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "HF_HUB_OFFLINE": "1"})
    except subprocess.TimeoutExpired:
        return {"seconds": None, "cpu": None, "peak_mb": None, "ok": f"not finished within {timeout} s"}
    peak_kb, seconds, user, system = proc.stderr.strip().splitlines()[-1].split()
    ok = "exit %d" % proc.returncode
    if proc.returncode == 0:
        from gainlp.formats_io import report_from_prediction
        from gainlp.report import find_problems
        text = path.read_text(encoding="utf-8")
        with open(out, encoding="utf-8") as fh:
            obj = json.loads(fh.readline())
        problems = find_problems(report_from_prediction(obj, text, name=path.name))
        ok = f"valid: {not problems}; output {out.stat().st_size / path.stat().st_size:.1f} bytes per input byte"
        out.unlink()
    else:
        ok += ": " + (proc.stderr.strip().splitlines()[-2:-1] or [""])[0][:200]
    return {"seconds": float(seconds), "cpu": float(user) + float(system), "peak_mb": int(peak_kb) / 1024, "ok": ok}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    ap.add_argument("--engines", default="rules,model", help="comma-separated engines (default: rules,model)")
    ap.add_argument("--sizes", default="5,50", help="MB of the single-line and the multi-line report; 0 or absent leaves one out (default: 5,50)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds allowed per run (default: 900)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    line_mb, multi_mb = sizes[0], (sizes[1] if len(sizes) > 1 else 0)  # 0: leave that input out
    engines = [e for e in args.engines.split(",") if e]
    rows = []
    with tempfile.TemporaryDirectory(prefix="gainlp-large-") as tmp:
        inputs = [("single line", line_mb, Path(tmp) / "one_line.txt", "line"),
                  ("multi-line", multi_mb, Path(tmp) / "big.txt", "lines")]
        for label, mb, path, kind in inputs:
            if mb <= 0:
                continue
            build(kind, mb, path)
            n_lines = path.read_text(encoding="utf-8").count("\n") + 1
            for engine in engines:
                print(f"[bench] {engine}: {label} {mb} MB …", file=sys.stderr, flush=True)
                r = run(path, engine, args.timeout)
                rows.append([f"{label}, {path.stat().st_size / 1e6:.1f} MB, {n_lines:,} lines", engine,
                             "—" if r["seconds"] is None else f"{r['seconds']:.1f}",
                             "—" if r["cpu"] is None else f"{r['cpu']:.1f}",
                             "—" if r["peak_mb"] is None else f"{r['peak_mb']:.0f}", r["ok"]])
    print("```\npython " + shlex.join([os.path.relpath(__file__, ROOT), *(argv or sys.argv[1:])]) + "\n```\n")
    print("| input | engine | seconds | CPU seconds | peak RSS (MB) | output |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(map(str, r)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
