"""Does ``gainlp label DIR --jobs N`` scale? Wall and CPU time of the CLI over a folder of
real-text files, for each ``--jobs`` value, and whether every run gives the same labels.

    python benchmarks/bench_jobs.py [--engine auto] [--jobs 1,2] [--chars 1000000]

The files are ``bench_label.real_texts`` (seeds, realdev development reports read in place,
their flattened copies, perturbed repeats) written one per ``.txt`` to a temp folder. Each
``--jobs`` value runs in a fresh process (imports and model loads included) on an otherwise
idle machine; CPU time is the CLI's and its workers' (``RUSAGE_CHILDREN``). Labels are
compared as (start, end, section, role) per segment; confidences may differ in the 4th
decimal, since a worker runs the network on fewer torch threads.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_label import gainlp_cmd, real_texts  # noqa: E402


def run(folder: Path, out: Path, engine: str, jobs: int) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    res = subprocess.run([*gainlp_cmd(), "label", str(folder), "-o", str(out), "--engine", engine,
                          "--jobs", str(jobs)], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        raise SystemExit(f"--jobs {jobs}: exit {res.returncode}: {res.stderr.strip()[-500:]}")
    labels = {}
    with open(out, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            labels[d["doc"]] = [(s["start"], s["end"], s["section"], s["role"]) for s in d["segments"]]
    return {"jobs": jobs, "seconds": round(wall, 2),
            "cpu_seconds": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2),
            "labels": labels}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default="auto")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (default: 1,2)")
    ap.add_argument("--chars", type=int, default=1_000_000, help="size of the real-text corpus (default: 1,000,000)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    texts, what = real_texts(args.chars, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, (_, text) in enumerate(texts):
            (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        runs = [run(folder, Path(tmp) / f"out{j}.jsonl", args.engine, int(j)) for j in args.jobs.split(",")]
    base = runs[0]
    print(f"{len(texts)} files, {sum(len(t) for _, t in texts):,} characters ({what}); engine {args.engine}; "
          f"{os.cpu_count()} CPUs")
    print("| --jobs | seconds | CPU seconds | speed-up | same labels as --jobs "
          f"{base['jobs']} |\n| --- | --- | --- | --- | --- |")
    for r in runs:
        print(f"| {r['jobs']} | {r['seconds']} | {r['cpu_seconds']} | {base['seconds'] / r['seconds']:.2f}x "
              f"| {'yes' if r['labels'] == base['labels'] else 'NO'} |")
    return 0 if all(r["labels"] == base["labels"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
