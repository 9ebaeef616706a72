"""Train the learned cuts of the segmenter (``gainlp/learned_cuts.py``) on synthetic text only.

    python training/train_cuts.py [-n 600] [--seed 2024] [--dev-n 100] [--dev-seed 555]
                                  [--out gainlp/data/cuts]

Synthetic reports of the train split (``gainlp synth --split train``) are flattened as
crawlers do (joined with nothing, with one space, and with nothing under a crawler block);
flattened pages stay as they are. On every line the rules segmenter treats as flattened:

* the boundary model sees each candidate (the rules' cuts, every numbering marker, short
  standard titles after a break); it is a boundary when, within 2 characters, a gold
  segment starts whose part differs from the one before, or a heading starts or ends (a
  table's rows are one unit to the segmenter: cutting them apart does not help the labeler);
* the title-end model sees each gold segment that opens with a numbering marker: a heading's
  title ends where the segment ends, a numbered paragraph (body) has no title end.

The thresholds (cut a title end; add a new cut) are then chosen on held-out
synthetic reports of another seed (``--split heldout``, joined with nothing): by the exact
title ends, and by the rules engine's section macro-F1. No real report is read, so every realdev and seed figure
of the segmenter is measured on text these models never saw.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VIEWS = ({"sep": ""}, {"sep": " "}, {"sep": "", "header": True})


def flattened(golds, views=VIEWS):
    from gainlp.augment import flatten
    from gainlp.evaluate import kind_of
    for gold in golds:
        if kind_of(gold) == "lines":
            yield from (flatten(gold, **kw) for kw in views)
        else:
            yield gold


def title_end_examples(docs):
    """(line, title start, gold end or None) for every marker-led heading or body segment."""
    from gainlp.learned_cuts import MAX_TITLE, MIN_TITLE
    from gainlp.rules.headings import parse_marker
    from gainlp.segment import MIN_FLAT_LENGTH
    for doc in docs:
        for seg in doc.segments:
            if seg.role not in ("heading", "body"):
                continue
            line = doc.lines[seg.line]
            text = doc.text[seg.start:seg.end]
            if len(line.text) < MIN_FLAT_LENGTH or not text[:1].strip():
                continue
            marker = parse_marker(text)
            if not marker.level or marker.kind == "circled":
                continue
            start = seg.start - line.start + marker.end
            gold_end = None
            if seg.role == "heading":
                gold_end = seg.start - line.start + len(text.rstrip())
                if not MIN_TITLE <= gold_end - start <= MAX_TITLE:
                    continue
            yield line.text, start, gold_end


def boundary_rows(docs, vocab):
    """Features and 0/1 targets of every boundary candidate on the flattened lines."""
    from gainlp.labels import top_section
    from gainlp.learned_cuts import boundary_candidates, boundary_features
    from gainlp.segment import rule_cuts
    feats, y = [], []
    for doc in docs:
        by_line: dict[int, list] = {}
        for seg in doc.segments:
            if seg.role != "blank" and doc.text[seg.start:seg.end].strip():
                by_line.setdefault(seg.line, []).append(seg)
        for index, segs in by_line.items():
            line = doc.lines[index]
            found = rule_cuts(line.text, vocab)
            if found is None:
                continue
            gold = [b.start - line.start for a, b in zip(segs, segs[1:])
                    if top_section(a.section) != top_section(b.section) or "heading" in (a.role, b.role)]
            cands, markers = boundary_candidates(line.text, found, vocab)
            feats += boundary_features(line.text, cands, markers, found, vocab)
            y += [int(any(abs(c - g) <= 2 for g in gold)) for c in cands]
    return feats, y


def synth(n: int, seed: int, split: str, out: Path) -> list:
    from gainlp.annotation import read_tsv
    from gainlp.cli import main as cli
    cli(["synth", "-n", str(n), "--seed", str(seed), "--split", split, "-o", str(out), "-q"])
    return [read_tsv(f) for f in sorted(out.glob("*.tsv"))]


def section_f1(docs, cuts: Path) -> float:
    from gainlp.evaluate import score
    from gainlp.rules import RuleLabeler
    labeler = RuleLabeler(cuts=cuts)
    preds = [labeler.label(d.text, source=d.source) for d in docs]
    return score(docs, preds).to_dict()["overall"]["section"]["macro_f1"]


def main(argv: list[str] | None = None) -> int:
    from gainlp.learned_cuts import BoundaryModel, TitleEndModel
    from gainlp.rules.vocab import load_vocabulary
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=600, help="synthetic train reports (default 600)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("-C", type=float, default=1.0, help="inverse regularization strength of both models")
    ap.add_argument("--dev-n", type=int, default=100, help="held-out synthetic reports that choose the thresholds")
    ap.add_argument("--dev-seed", type=int, default=555)
    ap.add_argument("--out", default=str(ROOT / "gainlp" / "data" / "cuts"))
    args = ap.parse_args(argv)
    vocab = load_vocabulary()
    out = Path(args.out)
    trained_on = f"gainlp synth -n {args.n} --seed {args.seed} --split train, flattened (join, space, crawler)"
    with tempfile.TemporaryDirectory() as tmp:
        train = list(flattened(synth(args.n, args.seed, "train", Path(tmp) / "train")))
        dev = list(flattened(synth(args.dev_n, args.dev_seed, "heldout", Path(tmp) / "dev"), views=({"sep": ""},)))
        examples = list(title_end_examples(train))
        title_ends = TitleEndModel(meta={"trained_on": trained_on}).fit(examples, vocab, C=args.C)
        print(f"title ends: {len(examples)} marker-led units, {title_ends.meta['positives']} title ends")
        held = list(title_end_examples(dev))
        exact = {}
        for cut in (0.05, 0.1, 0.2, 0.3, 0.5):  # the best candidate is cut when its probability reaches this
            title_ends.thresholds["cut"] = cut
            exact[cut] = sum(title_ends.predict(line, start, vocab) == gold for line, start, gold in held) / len(held)
            print(f"  cut >= {cut}: exact title end (or none) on held-out units {exact[cut]:.4f}")
        title_ends.thresholds["cut"] = max(exact, key=lambda k: (round(exact[k], 4), k))
        title_ends.meta.update(dev_exact={str(k): round(v, 4) for k, v in exact.items()}, dev_units=len(held))
        title_ends.save_pretrained(out / "title_end.npz")
        feats, y = boundary_rows(train, vocab)
        boundaries = BoundaryModel(meta={"trained_on": trained_on}).fit_rows(feats, y, C=args.C)
        print(f"boundaries: {len(y)} candidates, {sum(y)} boundaries")
        grid = {}
        for add in (0.5, 0.7, 0.8, 0.9, 0.95, 1.01):  # 1.01: the rules' cuts alone
            boundaries.thresholds.update(add=add)
            boundaries.save_pretrained(out / "boundaries.npz")
            grid[add] = section_f1(dev, out)
            print(f"  add >= {add}: held-out section F1 {grid[add]:.4f}")
        best = max(grid, key=lambda k: (round(grid[k], 4), k))  # ties: fewer new cuts
        boundaries.thresholds.update(add=best)
        boundaries.meta.update(dev=f"gainlp synth -n {args.dev_n} --seed {args.dev_seed} --split heldout, joined",
                               dev_section_f1={str(a): round(v, 4) for a, v in grid.items()})
        boundaries.save_pretrained(out / "boundaries.npz")
        print(f"chose cut >= {title_ends.thresholds['cut']}, add >= {best}; saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
