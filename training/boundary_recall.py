"""How many gold boundaries the segmenter's cuts find on flattened real reports.

    python training/boundary_recall.py [--split dev]

Each line-structured development report (corpus/gold and the realdev split named by
``--split``, read in place) is flattened three ways (``gainlp.augment.flatten``), and the
cuts of ``gainlp.segment.segment_line`` (the rules' cuts alone, then with the learned cuts of
``gainlp.learned_cuts``) are compared with the gold segment starts:

* section boundaries: where the top-level section changes (what section F1 measures);
* label boundaries: where the (section, role) pair changes, table cells and subsections
  included (a table run is one unit by design, so most of these are not cut);
* cuts at no gold segment start.

A cut within 2 characters of a boundary counts (whitespace between units).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VIEWS = {"join": {"sep": ""}, "space": {"sep": " "}, "crawler": {"sep": "", "header": True}}


def main(argv: list[str] | None = None) -> int:
    from gainlp.learned_cuts import load_cut_models
    from gainlp.rules.vocab import load_vocabulary
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", help="realdev split of corpus/realdev_split.json (default: dev)")
    args = ap.parse_args(argv)
    shared = Path(os.environ.get("GAINLP_SHARED", ROOT.parent / "shared"))
    stems = json.loads((ROOT / "corpus" / "realdev_split.json").read_text(encoding="utf-8"))[args.split]
    files = sorted((ROOT / "corpus" / "gold").glob("*.tsv"))
    files += [shared / "realdev" / "gold" / f"{s}.tsv" for s in stems if (shared / "realdev" / "gold" / f"{s}.tsv").is_file()]
    vocab = load_vocabulary()
    for name, cut_models in (("rules' cuts alone", None), ("with the learned cuts", "default")):
        print(f"{name}:")
        boundaries, title_ends = load_cut_models(cut_models)
        _report(files, vocab, boundaries, title_ends)
    return 0


def _report(files, vocab, boundaries, title_ends) -> None:
    from gainlp.annotation import read_tsv
    from gainlp.augment import flatten
    from gainlp.evaluate import kind_of
    from gainlp.labels import top_section
    from gainlp.segment import segment_line
    for view, kw in VIEWS.items():
        n = {"section": [0, 0], "label": [0, 0], "stray_cuts": 0, "reports": 0}
        for f in files:
            gold = read_tsv(f)
            if kind_of(gold) != "lines":
                continue
            doc = flatten(gold, **kw)
            segs = [s for s in doc.segments if doc.text[s.start:s.end].strip()]
            section_b = {b.start for a, b in zip(segs, segs[1:]) if top_section(a.section) != top_section(b.section)}
            label_b = {b.start for a, b in zip(segs, segs[1:]) if (a.section, a.role) != (b.section, b.role)}
            cuts = {ln.start + a for ln in doc.lines
                    for a, _ in segment_line(ln.text, vocab, boundaries=boundaries, title_ends=title_ends) if a > 0}

            def near(x: int, points: set[int]) -> bool:
                return any(abs(x - y) <= 2 for y in points)
            n["section"][0] += sum(near(x, cuts) for x in section_b)
            n["section"][1] += len(section_b)
            n["label"][0] += sum(near(x, cuts) for x in label_b)
            n["label"][1] += len(label_b)
            n["stray_cuts"] += sum(not near(c, {s.start for s in segs}) for c in cuts)
            n["reports"] += 1
        print(f"  {view}: {n['reports']} reports; section boundaries found {n['section'][0]}/{n['section'][1]}; "
              f"label boundaries found {n['label'][0]}/{n['label'][1]}; cuts at no gold start {n['stray_cuts']}")


if __name__ == "__main__":
    sys.exit(main())
