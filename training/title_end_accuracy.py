"""Exact title ends on held-out synthetic reports: the title-end model against the rules' own reading.

    python training/title_end_accuracy.py [-n 200] [--seed 777]

Reports of the held-out split (``gainlp synth --split heldout``, a seed the models were not
trained or tuned on) are joined onto one line; every gold segment that opens with a
numbering marker is a unit whose title ends where the heading segment ends (a numbered
paragraph has no title to cut off). Counted per kind: titles that run straight into the
text, titles followed by a break, and numbered paragraphs.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_cuts import flattened, synth, title_end_examples  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from gainlp.learned_cuts import default_title_end_model
    from gainlp.rules.vocab import load_vocabulary
    from gainlp.segment import _title_end
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=777)
    args = ap.parse_args(argv)
    vocab, model = load_vocabulary(), default_title_end_model()
    counts: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        docs = flattened(synth(args.n, args.seed, "heldout", Path(tmp)), views=({"sep": ""},))
        for line, start, gold in title_end_examples(docs):
            kind = "numbered paragraph" if gold is None else (
                "title runs into the text" if gold < len(line) and not line[gold].isspace() else "title before a break")
            counts[kind, "n"] += 1
            counts[kind, "rules"] += _title_end(line, start, vocab) == gold
            counts[kind, "model"] += model.predict(line, start, vocab) == gold
    print(f"python training/title_end_accuracy.py -n {args.n} --seed {args.seed}\n")
    print("| unit | units | rules' title reading | title-end model |\n|---|---|---|---|")
    for kind in ("title runs into the text", "title before a break", "numbered paragraph"):
        n = counts[kind, "n"]
        print(f"| {kind} | {n} | {counts[kind, 'rules'] / n:.3f} | {counts[kind, 'model'] / n:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
