"""``auto``'s merge policies on held-out synthetic reports, which the rules were not
developed on and the shipped model was not trained on: a second opinion beside
cross-validation on the real development reports (``cross_validate.py``), where the rules
are at their best.

    gainlp synth -n 200 --seed 555 --split heldout -o HELDOUT
    python training/policies_on_synthetic.py HELDOUT [--model models/gainlp-zh-small-v5]

Scored with ``gainlp.evaluate`` (section / role macro-F1): the flattened pages as they are,
and every line-structured report flattened with nothing between lines.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cross_validate import policies, summarize  # noqa: E402

SHOWN = ["rules", "model", "auto@0.99 flat=model sections@0.0", "auto@0.99 flat=model sections@0.5",
         "auto@0.99 flat=model sections@0.9", "auto@0.99 flat=rules@0.0"]


def main(argv: list[str] | None = None) -> int:
    from gainlp import load
    from gainlp.annotation import read_tsv
    from gainlp.augment import flatten
    from gainlp.evaluate import kind_of, score
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", help="folder of held-out synthetic .tsv gold (gainlp synth --split heldout)")
    ap.add_argument("--model", default=None, help="model folder (default: the shipped one)")
    args = ap.parse_args(argv)
    nlp = load(engine="model", model=args.model)
    pooled: dict[str, list] = {"flattened pages": [], "join": []}
    for f in sorted(Path(args.gold).glob("*.tsv")):
        gold = read_tsv(f)
        view, doc = ("flattened pages", gold) if kind_of(gold) != "lines" else ("join", flatten(gold, sep=""))
        rules = nlp.rules.label(doc.text, source=str(f))
        segs = nlp.model.predict_segments([ln.text for ln in rules.lines], rule_labels=rules.line_labels(),
                                          fmt=rules.format)
        pooled[view].append((doc, rules, segs))
    pol = policies()
    pooled = {v: items for v, items in pooled.items() if items}
    print("| policy | " + " | ".join(f"{v} ({len(items)})" for v, items in pooled.items()) + " |")
    print("|---|" + "---|" * len(pooled))
    for name in SHOWN:
        cells = []
        for items in pooled.values():
            o = summarize(score([g for g, _, _ in items], [pol[name](r, s) for _, r, s in items]))["overall"]
            cells.append(f"{o['section_macro_f1']:.3f} / {o['role_macro_f1']:.3f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
