"""Synthetic annotated reports: every format, every layout, every kind of damage, with
labels exact by construction.

``generate(n, seed=S, config=None, split="train")`` yields ``n`` gold-like ``Report``
objects (``engine="synth"``). Pipeline per report (``generate_one``):

0. ``content._layout`` — how the report reaches the user: PDF text (``p_pdf``), a web page
   flattened onto one line by a crawler (``p_flat``, sometimes under a crawler block), the
   legacy whole-body ``oneline``, a web page kept as lines (``p_web_page``: chrome-rich), or
   docx-like text; a web page may be stored as its opening only (``p_page_opening``).
1. ``content.build_report`` — an abstract report: format (std2021 / std2019 / old, plus
   hybrids with an old statistics table in 六), agency of any level/type, facts whose numbers
   satisfy the 勾稽 rules unless deliberately broken (``meta["broken_rules"]``), and an
   ordered list of labeled blocks (headings, paragraphs from ``corpus/synth`` templates,
   tables from ``tables.py``, literal title/chrome/signature lines; web-page chrome,
   metadata panels, title variants and crawler blocks from ``web.py``).
2. ``render.Renderer`` — numbering styles and heading damage, table encodings; every line is
   written together with its (section, role).
3. ``damage`` — debris, widths, Traditional Chinese (``s2t`` / ``s2twp``, pinyin glosses),
   PDF layout (hard wraps, blank lines, page numbers, form feeds, spaced digits), crawler
   flattening (``flatten``: lines joined with nothing or one space, one segment per unit, a
   table as one ``table_row`` run) or whole-body-on-one-line, the page-opening cut
   (``page_opening``), then ``finalize`` builds the ``Report``.

The same (seed, split, index, config) always gives byte-identical text and labels: each
report has its own ``random.Random`` seeded from that tuple, and nothing depends on hash
randomisation or dict/set order.

Held-out split (leak-free evaluation)
-------------------------------------
``split="train"`` never uses, and ``split="heldout"`` does use (boosted, alongside the rest):

* table encodings ``markdown``, ``space`` and ``pdf_order`` (PDF reading order, realdev
  style) — ``config.HELDOUT_ENCODINGS``;
* a disjoint ~20% (``SynthConfig.heldout_fraction``) of the sentence templates of every bank
  (per condition group) and of every lexicon list (places, departments, topics, columns,
  offices, streets …, and the web vocabulary of ``corpus/synth/web.json``: site names,
  breadcrumb columns, title forms, crawler rules …), chosen by a stable CRC32 of the item —
  see ``corpus.py``;
* the ``pipe_lead`` metadata-panel layout, flattening with ideographic spaces, the ``s2hk``
  Traditional conversion.

``meta["heldout_used"]`` lists what a report used from the held-out side.
"""
from __future__ import annotations

import random
from typing import Iterator

from ..report import Report
from .config import ENCODINGS, HELDOUT_ENCODINGS, SynthConfig
from .content import build_report
from .corpus import load_corpus
from .render import Renderer
from . import damage as D

__all__ = ["generate", "generate_one", "SynthConfig", "ENCODINGS", "HELDOUT_ENCODINGS", "tsv_comments",
           "manifest_record"]

SPLITS = ("train", "heldout")


def generate(n: int, *, seed: int, config: SynthConfig | None = None, split: str = "train",
             start: int = 0) -> Iterator[Report]:
    """Yield ``n`` synthetic reports (indices ``start`` … ``start+n-1``)."""
    cfg = config or SynthConfig()
    for i in range(start, start + n):
        yield generate_one(i, seed=seed, config=cfg, split=split)


def generate_one(index: int, *, seed: int, config: SynthConfig | None = None, split: str = "train") -> Report:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    cfg = config or SynthConfig()
    corpus = load_corpus(None, cfg.heldout_fraction)
    rng = random.Random(f"gainlp-synth|{seed}|{split}|{index}")
    rep = build_report(corpus, cfg, rng, split)
    plan = rep.plan
    renderer = Renderer(rep, cfg, rng, split)
    lines = renderer.render()
    lines = D.add_debris(lines, cfg, rng, plan, rep.agency["short"])
    lines = D.widths(lines, cfg, rng, plan)
    lines = D.contents_line(lines, cfg, rng, plan)
    lines = D.traditional(lines, cfg, rng, plan, split, agency=rep.agency)
    if plan["pdf"]:
        layout = "pdf"
        lines = D.pdf_layout(lines, cfg, rng, plan)
    elif plan["flat"]:
        layout = "flat"
        lines = D.flatten(lines, cfg, rng, plan, split)
    elif plan["oneline"]:
        layout = "oneline"
        lines = D.oneline(lines, rng, plan)
    else:
        layout = "web" if plan["web"] else "text"
        if rng.random() < cfg.p_spaced_digits_other:
            plan["variants"].append("spaced_digits")
            for ln in lines:
                if ln.kind in D.PROSE_KINDS and not ln.segs:
                    ln.text = D.spaced_digits(ln.text, rng)
    if plan.get("opening"):
        lines = D.page_opening(lines, cfg, rng, plan)
    trailing = rng.random() < cfg.p_trailing_newline
    source = f"synth/{split}/{seed}/{index:06d}"
    report = D.finalize(lines, trailing_newline=trailing, fmt=rep.format, source=source)
    encs = renderer.encodings_used
    variants = sorted(set(plan["variants"]))
    heldout_used = sorted({e for e in encs if e in HELDOUT_ENCODINGS})
    if plan.get("heldout_templates"):
        heldout_used.append(f"templates:{plan['heldout_templates']}")
    report.meta.update({
        "seed": seed, "index": index, "split": split, "format": rep.format, "year": rep.year,
        "agency": rep.agency["name"], "level": rep.agency["level"], "layout": layout,
        "encodings": encs, "renderer": f"layout={layout} tables={','.join(sorted(set(encs))) or '-'}",
        "variants": variants, "broken": bool(rep.broken), "broken_rules": list(rep.broken),
        "heldout_used": heldout_used, "hybrid": "hybrid_old_table" in variants,
        "abstract": rep,
    })
    return report


def tsv_comments(report: Report) -> list[str]:
    m = report.meta
    out = [f"source: synth seed={m['seed']} index={m['index']} split={m['split']}",
           f"format: {m['format']}",
           f"renderer: {m['renderer']}",
           f"variants: {' '.join(m['variants']) or '-'}",
           f"consistency: {'BROKEN ' + ' '.join(m['broken_rules']) if m['broken'] else 'ok'}"]
    return out


def manifest_record(report: Report, file: str) -> dict:
    m = report.meta
    return {"file": file, "format": m["format"], "year": m["year"], "agency": m["agency"],
            "level": m["level"], "split": m["split"], "renderer": m["renderer"], "layout": m["layout"],
            "encodings": sorted(set(m["encodings"])), "variants": m["variants"],
            "broken_consistency": m["broken"], "broken_rules": m["broken_rules"],
            "heldout_used": m["heldout_used"], "n_lines": len(report.lines)}
