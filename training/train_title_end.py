"""Train the title-end model of the segmenter (``gainlp/title_end.py``) on synthetic text only.

    python training/train_title_end.py [-n 600] [--seed 2024] [--eval-n 200 --eval-seed 777]
                                       [--out gainlp/data/title_end.npz]

Synthetic reports of the train split (``gainlp synth --split train``) are flattened as crawlers
do (joined with nothing, and with one space). Every gold segment that opens with a numbering
marker gives one example: a heading's title ends where the segment ends; a numbered
paragraph (body) has no title end. No real report is read, so every realdev and seed figure
of the segmenter is measured on text the model never saw. With ``--eval-n``, the exact-end
accuracy on held-out synthetic reports (``--split heldout``, another seed) is printed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def examples(golds, views=("", " ")):
    """(line, title start, gold end or None) for every marker-led heading or body segment."""
    from gainlp.augment import flatten
    from gainlp.evaluate import kind_of
    from gainlp.rules.headings import parse_marker
    from gainlp.title_end import MAX_TITLE, MIN_TITLE
    for gold in golds:
        docs = [flatten(gold, sep=sep) for sep in views] if kind_of(gold) == "lines" else [gold]
        for doc in docs:
            for seg in doc.segments:
                if seg.role not in ("heading", "body"):
                    continue
                line = doc.lines[seg.line]
                text = doc.text[seg.start:seg.end]
                if len(line.text) < 120 or not text[:1].strip():
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


def synth(n: int, seed: int, split: str, out: Path) -> list:
    from gainlp.annotation import read_tsv
    from gainlp.cli import main as cli
    cli(["synth", "-n", str(n), "--seed", str(seed), "--split", split, "-o", str(out), "-q"])
    return [read_tsv(f) for f in sorted(out.glob("*.tsv"))]


def main(argv: list[str] | None = None) -> int:
    from gainlp.rules.vocab import load_vocabulary
    from gainlp.title_end import TitleEndModel
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=600, help="synthetic train reports (default 600)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("-C", type=float, default=1.0, help="inverse regularization strength")
    ap.add_argument("--eval-n", type=int, default=200, help="held-out synthetic reports to score (0: none)")
    ap.add_argument("--eval-seed", type=int, default=777)
    ap.add_argument("--out", default=str(ROOT / "gainlp" / "data" / "title_end.npz"))
    args = ap.parse_args(argv)
    vocab = load_vocabulary()
    with tempfile.TemporaryDirectory() as tmp:
        train = list(examples(synth(args.n, args.seed, "train", Path(tmp) / "train")))
        model = TitleEndModel(meta={"trained_on": f"gainlp synth -n {args.n} --seed {args.seed} --split train, "
                                                  "flattened (join, one space)", "examples": len(train)})
        model.fit(train, vocab, C=args.C)
        print(f"trained on {len(train)} marker-led units ({model.meta['positives']} title ends, "
              f"{model.meta['candidates']} candidates)")
        if args.eval_n:
            held = list(examples(synth(args.eval_n, args.eval_seed, "heldout", Path(tmp) / "heldout")))
            right = sum(model.predict(line, start, vocab) == gold for line, start, gold in held)
            print(f"held-out synthetic (seed {args.eval_seed}): exact title end (or none) for {right}/{len(held)} "
                  f"= {right / len(held):.3f}")
            model.meta["heldout_exact"] = round(right / len(held), 4)
    model.save_pretrained(args.out)
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
