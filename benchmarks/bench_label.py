#!/usr/bin/env python
"""Labeling benchmarks: throughput, memory, cold start, and a 1,000-file CLI batch.

    python benchmarks/bench_label.py [--n-synth 200] [--batch 1000] [--broken 20] [--seed 0]
                                     [--engines rules,model] [--batch-engines rules,model]
                                     [--skip-batch] [--keep DIR]

Prints one Markdown table (the exact command first) to stdout; progress goes to stderr.

What is measured, and how caches are kept from inflating the numbers:

* throughput (lines/s, reports/s) of each engine on (a) the seed reports and (b) N
  synthetic reports (``gainlp.synth.generate``; without it, seed copies perturbed line by
  line so no two texts or lines repeat). Each measurement runs in a fresh subprocess that
  first labels one tiny unrelated text (vocabulary, model load and imports are cold start,
  not throughput) and then labels every text exactly once. The rules engine runs pinned
  to one core (``os.sched_setaffinity``); the model engine uses every core it is allowed.
  The seeds are only ~1,900 lines, so that row is the median of 3 fresh runs.
* peak RSS: ``ru_maxrss`` of that subprocess (imports included).
* CPU seconds (user + system) beside every wall time: on a machine that other jobs keep
  busy, wall times are inflated and CPU times are the fairer comparison.
* cold start: wall and CPU time of a fresh ``python -c "import gainlp; gainlp.label_text('一、总体情况',
  engine=...)"`` and of a fresh ``gainlp label SEED -o OUT --engine ...`` (one seed report),
  median of 3.
* batch: ``gainlp label DIR --jobs 2 --engine E`` (each of ``--batch-engines``) over a temp dir of 1,000 files
  (seeds, synthetic .txt, .docx, .html and .pdf made from them, plus 20 broken: truncated
  .pdf/.docx, binary .txt, empty-but-named .docx, zip-bomb .docx). Checked: the errors file
  lists exactly the broken files and every other output object is valid against its own
  decoded text. Peak RSS: the largest single process (``RUSAGE_CHILDREN``) and the sampled
  peak of the whole process tree (sum of VmRSS of the CLI and its workers, every 50 ms).

Model rows are skipped (with the reason) when ``gainlp label --engine model`` fails.
"""
from __future__ import annotations

import argparse
import html
import io
import json
import os
import random
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
PY = sys.executable


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# texts

def seed_texts() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in SEEDS]


def perturbed_seed_texts(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` texts from the seeds, every line changed a little so nothing repeats."""
    rng = random.Random(seed)
    base = seed_texts()
    return [(f"{base[k % len(base)][0]}#{k}", _perturb(base[k % len(base)][1], rng)) for k in range(n)]


def _perturb(text: str, rng: random.Random) -> str:
    fillers = "的一是在了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    lines = []
    for ln in text.split("\n"):
        if re.search(r"\d", ln):
            ln = re.sub(r"\d", lambda m: str(rng.randrange(10)), ln)
        if len(ln.strip()) > 8:
            i = rng.randrange(6, len(ln))
            ln = ln[:i] + rng.choice(fillers) + ln[i:]
        lines.append(ln)
    return "\n".join(lines)


def real_texts(target_chars: int, seed: int) -> tuple[list[tuple[str, str]], str]:
    """Real text to a target size: the seeds, the realdev development reports (read in
    place) and a flattened copy (joined with nothing) of every line-structured one, repeated
    with every copy perturbed (digits redrawn, one character inserted per line) so that no
    cache sees the same line twice."""
    from gainlp.annotation import read_tsv
    from gainlp.augment import flatten
    from gainlp.evaluate import kind_of
    shared = Path(os.environ.get("GAINLP_SHARED", ROOT.parent / "shared"))
    split = json.loads((ROOT / "corpus" / "realdev_split.json").read_text(encoding="utf-8"))
    golds = [read_tsv(p) for p in sorted((ROOT / "corpus" / "gold").glob("*.tsv"))]
    golds += [read_tsv(shared / "realdev" / "gold" / f"{s}.tsv") for s in split["dev"]
              if (shared / "realdev" / "gold" / f"{s}.tsv").is_file()]
    base = [(Path(g.source).stem, g.text) for g in golds]
    base += [(Path(g.source).stem + ".flat", flatten(g).text) for g in golds if kind_of(g) == "lines"]
    rng = random.Random(seed)
    out, total, k = [], 0, 0
    while total < target_chars:
        name, text = base[k % len(base)]
        text = text if k < len(base) else _perturb(text, rng)
        out.append((f"{name}#{k}", text))
        total += len(text)
        k += 1
    n_docs = len(golds)
    return out, f"{n_docs} real reports + their flattened copies, perturbed repeats"


def synth_texts(n: int, seed: int) -> tuple[list[tuple[str, str]], str]:
    try:
        from gainlp.synth import generate
    except Exception as e:  # noqa: BLE001 - the generator may not exist yet
        log(f"gainlp.synth unavailable ({type(e).__name__}: {e}); using perturbed seeds")
        return perturbed_seed_texts(n, seed), "perturbed seeds"
    return [(r.source or f"synth{i}", r.text) for i, r in enumerate(generate(n, seed=seed))], "gainlp.synth"


# ---------------------------------------------------------------------------------------
# throughput worker (runs in a fresh subprocess)

def worker(spec: dict) -> dict:
    if spec.get("pin"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    if spec["source"] == "seeds":
        texts = seed_texts()
    elif spec["source"] == "real":
        texts, _ = real_texts(spec["n"], spec["seed"])
    else:
        texts, _ = synth_texts(spec["n"], spec["seed"])
    import gainlp
    from gainlp.report import find_problems
    gainlp.label_text("引言\n规章 | 0 | 0 |", engine=spec["engine"])  # warm-up: loads, not throughput
    t0, c0 = time.perf_counter(), time.process_time()
    reports = [gainlp.label_text(t, engine=spec["engine"]) for _, t in texts]
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    bad = sum(1 for r in reports if find_problems(r))
    return {"reports": len(reports), "lines": sum(len(r.lines) for r in reports),
            "chars": sum(len(t) for _, t in texts), "seconds": dt, "cpu": cpu, "invalid": bad,
            "engines": sorted({r.engine for r in reports}),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "cpus": len(os.sched_getaffinity(0))}


def run_worker(spec: dict) -> dict:
    res = subprocess.run([PY, __file__, "--_worker"], input=json.dumps(spec), capture_output=True,
                         text=True, cwd=ROOT, timeout=3600)
    if res.returncode != 0:
        raise RuntimeError(res.stderr.strip().splitlines()[-1] if res.stderr.strip() else f"exit {res.returncode}")
    return json.loads(res.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------
# cold start

def cold_start(cmd: list[str], repeats: int = 3) -> tuple[float, float]:
    """Median wall and CPU (user + system) seconds of a fresh process running ``cmd``."""
    times = []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
        if res.returncode != 0:
            raise RuntimeError(res.stderr.strip().splitlines()[-1])
    return statistics.median(w for w, _ in times), statistics.median(c for _, c in times)


def gainlp_cmd() -> list[str]:
    script = Path(PY).with_name("gainlp")
    return [str(script)] if script.exists() else [PY, "-m", "gainlp.cli"]


def model_available() -> tuple[bool, str]:
    res = subprocess.run([*gainlp_cmd(), "label", str(SEEDS[0]), "--engine", "model", "--no-progress"],
                         capture_output=True, text=True, cwd=ROOT, timeout=900)
    if res.returncode == 0:
        return True, ""
    lines = [ln for ln in res.stderr.strip().splitlines() if "FAILED" in ln or "Error" in ln]
    return False, (lines[0] if lines else res.stderr.strip()[-200:]).replace("|", "/")


# ---------------------------------------------------------------------------------------
# the 1,000-file batch

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def write_docx(path: Path, text: str) -> None:
    import docx
    doc = docx.Document()
    for ln in text.split("\n"):
        doc.add_paragraph(_XML_BAD.sub("", ln))
    doc.save(str(path))


def write_html(path: Path, text: str) -> None:
    body = "\n".join(f"<p>{html.escape(ln)}</p>" if ln.strip() else "<p></p>" for ln in text.split("\n"))
    path.write_text(f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>report</title></head>"
                    f"<body>\n{body}\n</body></html>\n", encoding="utf-8")


def write_pdf(path: Path, text: str, max_lines: int = 120) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    y = 800
    c.setFont("STSong-Light", 11)
    wrapped = [ln[i:i + 40] for ln in text.split("\n")[:max_lines] for i in range(0, max(len(ln), 1), 40)]
    for ln in wrapped:
        if y < 50:
            c.showPage()
            c.setFont("STSong-Light", 11)
            y = 800
        c.drawString(50, y, _XML_BAD.sub("", ln))
        y -= 16
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())


def build_batch(root: Path, n_files: int, n_broken: int, seed: int) -> tuple[list[Path], list[Path], dict]:
    """(all files, broken files, composition) in ``root``."""
    rng = random.Random(seed)
    n_valid = n_files - n_broken
    n_seed, n_pdf = len(SEEDS), 10
    n_docx = max(5, n_valid // 10)
    n_html = max(5, n_valid * 65 // 1000)
    n_txt = n_valid - n_seed - n_pdf - n_docx - n_html
    texts, origin = synth_texts(n_txt + n_docx + n_html + n_pdf, seed + 1)
    it = iter(t for _, t in texts)
    good: list[Path] = []
    for p in SEEDS:
        good.append(Path(shutil.copy(p, root / f"seed_{p.name}")))
    for i in range(n_txt):
        p = root / f"synth_{i:04d}.txt"
        p.write_text(next(it), encoding="utf-8")
        good.append(p)
    for i in range(n_docx):
        p = root / f"doc_{i:04d}.docx"
        write_docx(p, next(it))
        good.append(p)
    for i in range(n_html):
        p = root / f"page_{i:04d}.html"
        write_html(p, next(it))
        good.append(p)
    pdfs = []
    for i in range(n_pdf):
        p = root / f"scan_{i:04d}.pdf"
        write_pdf(p, next(it))
        good.append(p)
        pdfs.append(p)
    docxs = [p for p in good if p.suffix == ".docx"]
    # broken: truncated pdf, truncated docx, binary txt, empty docx, zip bomb docx
    kinds = ["trunc_pdf", "trunc_docx", "binary_txt", "empty_docx", "bomb_docx"]
    broken: list[Path] = []
    for k in range(n_broken):
        kind = kinds[k % len(kinds)]
        if kind == "trunc_pdf":
            data = pdfs[k % len(pdfs)].read_bytes()
            p = root / f"broken_{k:02d}_trunc.pdf"
            p.write_bytes(data[: len(data) // 2])
        elif kind == "trunc_docx":
            data = docxs[k % len(docxs)].read_bytes()
            p = root / f"broken_{k:02d}_trunc.docx"
            p.write_bytes(data[: rng.randrange(len(data) // 4, len(data) * 3 // 4)])
        elif kind == "binary_txt":
            p = root / f"broken_{k:02d}_binary.txt"
            p.write_bytes(rng.randbytes(8192))
        elif kind == "empty_docx":
            p = root / f"broken_{k:02d}_empty.docx"
            p.write_bytes(b"")
        else:
            p = root / f"broken_{k:02d}_bomb.docx"
            src = docxs[k % len(docxs)]
            with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
                for info in zin.infolist():
                    zout.writestr(info.filename, zin.read(info.filename))
                zout.writestr("word/media/image1.bin", bytes(60_000_000))
        broken.append(p)
    comp = {"seed .txt": n_seed, f"synthetic .txt ({origin})": n_txt, ".docx": n_docx, ".html": n_html,
            ".pdf": n_pdf, "broken": n_broken}
    return good + broken, broken, comp


def _tree_rss_kb(pid: int) -> int:
    """Sum of VmRSS of ``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as fh:
                stat = fh.read().decode(errors="replace")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def _same_sections(rep, sections: list[dict]) -> bool:
    """The output's sections are the ones its segments imply. Confidence is compared to 1e-3:
    the output rounds segment confidences to 4 places, a section's is their mean."""
    mine = [s.to_dict() for s in rep.sections]
    strip = lambda d: {k: v for k, v in d.items() if k != "confidence"}  # noqa: E731
    return len(mine) == len(sections) and all(
        strip(a) == strip(b) and abs(a["confidence"] - b["confidence"]) <= 1e-3 for a, b in zip(mine, sections))


def run_batch(root: Path, files: list[Path], broken: list[Path], jobs: int, engine: str) -> dict:
    out = root.parent / f"out-{engine}.jsonl"
    cmd = [*gainlp_cmd(), "label", str(root), "-o", str(out), "--engine", engine, "--jobs", str(jobs),
           "--no-progress"]
    # a wrapper process whose RUSAGE_CHILDREN covers exactly the CLI and its workers
    wrapper = ("import json, resource, subprocess, sys; "
               "rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL); "
               "ru = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(json.dumps([rc, ru.ru_maxrss, ru.ru_utime + ru.ru_stime]))")
    t0 = time.perf_counter()
    proc = subprocess.Popen([PY, "-c", wrapper, *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT)
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            stop.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    wout, err = proc.communicate()
    dt = time.perf_counter() - t0
    stop.set()
    th.join()
    exit_code, max_child, cpu = json.loads(wout.strip().splitlines()[-1])
    # validate
    from gainlp.readers import read_document
    from gainlp.report import Report, Segment, find_problems
    errors_file = out.with_name(out.name + ".errors.jsonl")
    reported = {json.loads(x)["file"] for x in errors_file.read_text(encoding="utf-8").splitlines()} \
        if errors_file.exists() else set()
    objs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    expected_broken = {str(p) for p in broken}
    invalid = []
    n_lines = 0
    for o in objs:
        text = read_document(o["doc"]).text
        segs = [Segment(s["start"], s["end"], s["line"], s["section"], s["role"], s["confidence"]) for s in o["segments"]]
        rep = Report(text=text, segments=segs, format=o["format"])
        n_lines += len(rep.lines)
        if o["n_chars"] != len(text) or find_problems(rep) or not _same_sections(rep, o["sections"]):
            invalid.append(o["doc"])
    labeled = {o["doc"] for o in objs}
    all_files = {str(p) for p in files}
    return {
        "exit": exit_code, "seconds": dt, "cpu": cpu, "files": len(files), "outputs": len(objs), "lines": n_lines,
        "reported": len(reported), "missed_broken": sorted(expected_broken - reported),
        "unexpected_failures": sorted(reported - expected_broken),
        "lost": sorted(all_files - labeled - reported), "invalid": invalid,
        "max_process_rss_mb": max_child / 1024, "tree_rss_mb": peak[0] / 1024,
        "stderr_tail": err.strip().splitlines()[-1] if err.strip() else "", "command": shlex.join(cmd),
    }


# ---------------------------------------------------------------------------------------

def fmt_row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n-synth", type=int, default=200, help="synthetic reports for throughput (default 200)")
    ap.add_argument("--real-chars", type=int, default=1_000_000,
                    help="size of the real-text throughput corpus in characters (default 1,000,000; 0 skips)")
    ap.add_argument("--batch", type=int, default=1000, help="files in the CLI batch (default 1000)")
    ap.add_argument("--broken", type=int, default=20, help="broken files among them (default 20)")
    ap.add_argument("--jobs", type=int, default=2, help="--jobs of the CLI batch (default 2)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--engines", default="rules,model", help="engines to measure (default rules,model)")
    ap.add_argument("--batch-engines", default="rules,model",
                    help="engines of the CLI batch (default rules,model)")
    ap.add_argument("--skip-batch", action="store_true", help="no CLI batch")
    ap.add_argument("--keep", help="build the batch in this directory and keep it")
    ap.add_argument("--_worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._worker:
        print(json.dumps(worker(json.loads(sys.stdin.read()))))
        return 0

    command = "python " + shlex.join([os.path.relpath(__file__, ROOT), *(argv if argv is not None else sys.argv[1:])])
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    notes: list[str] = []
    model_skipped = False
    if "model" in engines:
        log("checking the model engine …")
        ok, why = model_available()
        if not ok:
            engines.remove("model")
            model_skipped = True
            notes.append(f"model engine skipped: `gainlp label --engine model` fails ({why})")

    rows: list[list] = []
    header = ["measurement", "engine", "input", "reports", "lines", "seconds", "CPU seconds", "chars/s", "lines/s",
              "reports/s", "peak RSS (MB)", "notes"]

    def throughput_row(r: dict, cores: str, engine: str, source: str, seconds: str, note: str) -> list:
        return [f"throughput, {cores}", engine, source, r["reports"], f"{r['lines']:,}", seconds.format(r["seconds"]),
                seconds.format(r["cpu"]), f"{r['chars'] / r['seconds']:,.0f}", f"{r['lines'] / r['seconds']:,.0f}",
                f"{r['reports'] / r['seconds']:,.1f}", f"{r['peak_rss_mb']:.0f}", note]

    _, synth_origin = synth_texts(0, args.seed) if args.n_synth else ([], "")
    for engine in engines:
        pin = engine == "rules"
        cores = "1 core (pinned)" if pin else f"{len(os.sched_getaffinity(0))} cores"
        log(f"{engine}: seeds ×3 fresh runs …")
        runs = [run_worker({"engine": engine, "source": "seeds", "pin": pin}) for _ in range(3)]
        r = sorted(runs, key=lambda x: x["seconds"])[1]
        rows.append(throughput_row(r, cores, engine, f"seeds ({r['chars']:,} chars)", "{:.3f}",
                                   f"median of 3 fresh processes; invalid outputs: {r['invalid']}"))
        if args.n_synth:
            log(f"{engine}: {args.n_synth} synthetic reports …")
            r = run_worker({"engine": engine, "source": "synth", "n": args.n_synth, "seed": args.seed, "pin": pin})
            rows.append(throughput_row(r, cores, engine, f"{r['reports']} synthetic ({synth_origin}, {r['chars']:,} chars)",
                                       "{:.2f}", f"each text labeled once; invalid outputs: {r['invalid']}"))
        if args.real_chars:
            log(f"{engine}: real text, {args.real_chars:,} characters …")
            r = run_worker({"engine": engine, "source": "real", "n": args.real_chars, "seed": args.seed, "pin": pin})
            _, origin = real_texts(0, args.seed)
            rows.append(throughput_row(r, cores, engine, f"real text ({origin}, {r['chars']:,} chars)", "{:.2f}",
                                       f"each text labeled once; invalid outputs: {r['invalid']}"))
        log(f"{engine}: cold start …")
        code = f"import gainlp; gainlp.label_text('一、总体情况', engine={engine!r})"
        with tempfile.TemporaryDirectory() as tmp:
            cli = [*gainlp_cmd(), "label", str(SEEDS[0]), "-o", str(Path(tmp) / "out.jsonl"), "--engine", engine,
                   "--no-progress"]
            for what, cmd, inp in (
                    (f"fresh `python -c \"{code}\"`", [PY, "-c", code], "one heading"),
                    (f"fresh `gainlp label {SEEDS[0].relative_to(ROOT)} -o OUT --engine {engine}`", cli,
                     f"one report ({len(SEEDS[0].read_text(encoding='utf-8')):,} chars)")):
                wall, cpu = cold_start(cmd)
                rows.append([f"cold start: {what}", engine, inp, 1, "", f"{wall:.2f}", f"{cpu:.2f}", "", "", "", "",
                             "whole process, imports and model load included; median of 3"])

    if model_skipped:
        rows.append(["throughput / cold start", "model", "—", "", "", "", "", "", "", "", "",
                     "skipped: the model engine is not available (see notes)"])
    batch_engines = [e.strip() for e in args.batch_engines.split(",") if e.strip()]
    if model_skipped:
        batch_engines = [e for e in batch_engines if e == "rules"]
    if not args.skip_batch and batch_engines:
        tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gainlp-bench-"))
        root = tmp / "batch"
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        try:
            log(f"building a batch of {args.batch} files in {root} …")
            t0 = time.perf_counter()
            files, broken, comp = build_batch(root, args.batch, args.broken, args.seed)
            log(f"built in {time.perf_counter() - t0:.0f} s: {comp}")
            batches = {}
            for engine in batch_engines:
                log(f"running gainlp label --jobs {args.jobs} --engine {engine} …")
                batches[engine] = run_batch(root, files, broken, args.jobs, engine)
        finally:
            if not args.keep:
                shutil.rmtree(tmp, ignore_errors=True)
        for engine, b in batches.items():
            ok = (b["exit"] == 1 and not b["missed_broken"] and not b["unexpected_failures"] and not b["lost"]
                  and not b["invalid"])
            check = (f"exit {b['exit']}; {b['reported']} reported as failed, "
                     f"{len(b['missed_broken'])} broken not reported, {len(b['unexpected_failures'])} good files "
                     f"failed, {len(b['invalid'])} invalid outputs, {len(b['lost'])} lost → {'PASS' if ok else 'FAIL'}")
            rows.append([f"batch: `gainlp label DIR --jobs {args.jobs} --engine {engine}`", engine,
                         ", ".join(f"{v} {k}" for k, v in comp.items()), b["files"], f"{b['lines']:,}",
                         f"{b['seconds']:.1f}", f"{b['cpu']:.1f}", "", f"{b['lines'] / b['seconds']:,.0f}",
                         f"{b['files'] / b['seconds']:,.1f}",
                         f"{b['max_process_rss_mb']:.0f} (largest process); {b['tree_rss_mb']:.0f} (whole tree)",
                         check])
            if b["missed_broken"]:
                names = sorted({Path(p).name.split("_", 2)[-1] for p in b["missed_broken"]})
                notes.append(f"{engine}: broken files labeled instead of reported: {len(b['missed_broken'])} "
                             f"({', '.join(names)}): {', '.join(Path(p).name for p in b['missed_broken'])}")
            if b["unexpected_failures"]:
                notes.append(f"{engine}: good files that failed: {', '.join(b['unexpected_failures'][:5])}")
            if b["invalid"]:
                notes.append(f"{engine}: invalid outputs: {', '.join(b['invalid'][:5])}")
            notes.append(f"{engine} CLI summary: {b['stderr_tail']}")

    cpu = os.cpu_count()
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print(f"```\n{command}\n```\n")
    print(f"Python {sys.version.split()[0]}, {cpu} CPUs, load average {load:.2f} at the end.\n")
    print(fmt_row(header))
    print(fmt_row(["---"] * len(header)))
    for r in rows:
        print(fmt_row(r))
    if notes:
        print()
        for n in notes:
            print(f"* {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
