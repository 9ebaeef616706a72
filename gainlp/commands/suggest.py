"""``gainlp suggest``: the documents and lines most worth annotating next (lowest calibrated
model confidence; a document scores the mean of its k least confident lines)."""
from __future__ import annotations

import argparse
import json
import sys

HELP = "documents and lines most worth annotating next"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="DIR_OR_FILE", help="reports (.txt, .tsv, …) or folders")
    parser.add_argument("--model", help="model folder (default: the shipped gainlp-zh-small-v5)")
    parser.add_argument("-n", type=int, default=20, help="how many documents and lines to list (default: 20)")
    parser.add_argument("-k", type=int, default=10, help="a document's score is the mean confidence of its k least confident lines (default: 10)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables (default: tables)")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads (default: 2)")


def rank(labeler, docs: list[tuple[str, list[str]]], *, k: int) -> tuple[list[dict], list[dict]]:
    """(documents by ascending score, lines by ascending confidence) over all documents."""
    doc_rows, line_rows = [], []
    for source, lines in docs:
        preds = labeler.predict_lines(lines)
        scored = [(p.confidence, i, p) for i, p in enumerate(preds) if p.role != "blank"]
        scored.sort(key=lambda t: t[0])
        low = scored[:k]
        score = sum(c for c, _, _ in low) / len(low) if low else 1.0
        doc_rows.append({"doc": source, "score": round(score, 4), "lines": len(lines),
                         "uncertain_lines": sum(c < 0.9 for c, _, _ in scored)})
        for c, i, p in low:
            line_rows.append({"doc": source, "line": i, "confidence": round(c, 4), "section": p.section,
                              "role": p.role, "text": lines[i].strip()[:60]})
    doc_rows.sort(key=lambda r: (r["score"], r["doc"]))
    line_rows.sort(key=lambda r: (r["confidence"], r["doc"], r["line"]))
    return doc_rows, line_rows


def run(args: argparse.Namespace) -> int:
    import torch
    from ..model.data import expand_paths, read_text_file
    from ..model.labeler import ModelLabeler
    from ..pipeline import default_model_path
    from ..model.modeling import ModelLoadError
    from ..report import split_lines

    torch.set_num_threads(args.threads)
    try:
        path = args.model or default_model_path()
        if path is None:
            print("gainlp suggest: no model folder found in models/; pass --model DIR", file=sys.stderr)
            return 2
        labeler = ModelLabeler.from_pretrained(path)
    except ModelLoadError as e:
        print(f"gainlp suggest: {e}", file=sys.stderr)
        return 2
    try:
        paths = expand_paths(args.paths, (".txt", ".tsv", ".docx", ".html", ".htm", ".pdf"))
    except FileNotFoundError as e:
        print(f"gainlp suggest: {e}", file=sys.stderr)
        return 2
    docs = [(str(p), [ln.text for ln in split_lines(read_text_file(p))]) for p in paths]
    doc_rows, line_rows = rank(labeler, docs, k=args.k)
    doc_rows, line_rows = doc_rows[: args.n], line_rows[: args.n]
    if args.json:
        print(json.dumps({"documents": doc_rows, "lines": line_rows}, ensure_ascii=False, indent=1))
        return 0
    print(f"{'rank':>4}  {'score':>6}  {'lines':>5}  {'<0.9':>4}  document")
    for r, row in enumerate(doc_rows, 1):
        print(f"{r:>4}  {row['score']:>6.3f}  {row['lines']:>5}  {row['uncertain_lines']:>4}  {row['doc']}")
    print()
    print(f"{'conf':>6}  {'line':>5}  {'section':<7} {'role':<16} text  (document)")
    for row in line_rows:
        print(f"{row['confidence']:>6.3f}  {row['line']:>5}  {row['section']:<7} {row['role']:<16} "
              f"{row['text']}  ({row['doc']})")
    return 0
