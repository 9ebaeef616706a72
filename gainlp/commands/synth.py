"""``gainlp synth``: write synthetic annotated reports (one TSV each + ``manifest.jsonl``),
or print a few of them with their labels for review (``--show K``)."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HELP = "generate synthetic annotated reports"


def add_arguments(parser) -> None:
    parser.add_argument("-n", type=int, default=100, help="number of reports (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed + config = same output)")
    parser.add_argument("-o", "--output", metavar="DIR", help="directory for the .tsv files and manifest.jsonl")
    parser.add_argument("--split", choices=("train", "heldout"), default="train",
                        help="train never uses the held-out encodings/templates; heldout does")
    parser.add_argument("--config", metavar="FILE", help="JSON file overriding SynthConfig fields")
    parser.add_argument("--start", type=int, default=0, help="index of the first report (default 0)")
    parser.add_argument("--show", type=int, metavar="K", default=0,
                        help="print K samples with their labels next to the text instead of writing files")
    parser.add_argument("--max-lines", type=int, default=0, help="--show: at most this many lines per sample")
    parser.add_argument("--dump-config", action="store_true", help="print the (effective) config as JSON and exit")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    parser.add_argument("--stats", action="store_true",
                        help="print how often each layout and variant occurs in the generated reports "
                             "(with -o: after writing; alone: generate -n reports and only count)")


def _visible(text: str) -> str:
    return text.replace("\t", "→").replace("\x0c", "␌")


def show(reports, out=None, max_lines: int = 0) -> None:
    from gainlp.synth import tsv_comments
    out = out or sys.stdout  # read at call time: a default would keep the stream of the first import
    for r in reports:
        print("=" * 100, file=out)
        for c in tsv_comments(r):
            print(f"# {c}", file=out)
        print(f"{'line':>5} {'section':<7} {'role':<16} text", file=out)
        n = 0
        prev_line = -1
        for seg in r.segments:
            piece = r.text[seg.start:seg.end]
            mark = "+" if seg.line == prev_line else " "
            prev_line = seg.line
            print(f"{seg.line:>5}{mark}{seg.section:<7} {seg.role:<16} {_visible(piece)}", file=out)
            n += 1
            if max_lines and n >= max_lines:
                print("  …", file=out)
                break


def print_stats(reports, out=None) -> None:
    """Share of reports per layout and per variant (``meta["variants"]``, parameters after
    ``:`` kept, so ``panel:pipe`` and ``flat_sep:none`` are counted separately)."""
    from collections import Counter
    out = out or sys.stdout
    n = max(1, len(reports))
    layouts = Counter(r.meta["layout"] for r in reports)
    variants = Counter(v for r in reports for v in set(r.meta["variants"]) if not v.startswith("pdf_wrap:"))
    print(f"{len(reports)} reports", file=out)
    print("layout:", "  ".join(f"{k} {v / n:.2f}" for k, v in layouts.most_common()), file=out)
    for k, v in sorted(variants.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {k:<32} {v:>6} {v / n:6.3f}", file=out)


def run(args) -> int:
    from gainlp.annotation import to_tsv
    from gainlp.synth import SynthConfig, generate, manifest_record, tsv_comments

    cfg = SynthConfig.load(args.config) if args.config else SynthConfig()
    if args.dump_config:
        print(cfg.to_json())
        return 0
    if args.stats and not args.output:
        print_stats(list(generate(args.n, seed=args.seed, config=cfg, split=args.split, start=args.start)))
        return 0
    if args.show:
        show(generate(args.show, seed=args.seed, config=cfg, split=args.split, start=args.start),
             max_lines=args.max_lines)
        return 0
    if not args.output:
        print("gainlp synth: give -o DIR (or --show K)", file=sys.stderr)
        return 2
    outdir = Path(args.output)
    outdir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    n_broken = 0
    done = []
    with open(outdir / "manifest.jsonl", "w", encoding="utf-8", newline="\n") as man:
        for k, r in enumerate(generate(args.n, seed=args.seed, config=cfg, split=args.split, start=args.start)):
            name = f"synth_{args.split}_{args.seed}_{r.meta['index']:06d}.tsv"
            (outdir / name).write_text(to_tsv(r, comments=tsv_comments(r)), encoding="utf-8", newline="\n")
            man.write(json.dumps(manifest_record(r, name), ensure_ascii=False, sort_keys=True) + "\n")
            n_broken += r.meta["broken"]
            if args.stats:
                done.append(r)
            if not args.quiet and (k + 1) % 500 == 0:
                print(f"  {k + 1}/{args.n} reports ({time.time() - t0:.1f}s)", file=sys.stderr)
    if args.stats:
        print_stats(done)
    if not args.quiet:
        print(f"wrote {args.n} reports to {outdir} ({n_broken} with broken 勾稽, flagged) in {time.time() - t0:.1f}s",
              file=sys.stderr)
    return 0
