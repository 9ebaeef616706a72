"""Realism check: statistics of a synthetic sample (``gainlp.synth``) next to the real
development reports in ``../shared/realdev`` (DEV split only, read from their gold TSVs).

    python training/realism_check.py -n 60 --seed 1 [--realdev ../shared/realdev] [--json out.json] [--check]

Statistics (per document set; "segments" are gold segments, blank ones ignored):

* ``chrome_docs``   share of documents with page chrome (a ``noise`` segment in ``front``/``back``);
* ``noise_share``   share of non-blank segments that are ``noise``;
* ``flat_docs``     share of flattened documents (one line holds at least 40% of the text and
                    at least three segments);
* ``gap_0`` / ``gap_1`` / ``gap_nl``  how a heading meets its text: share of heading segments
                    followed on the same line with no character between (run straight in), with
                    one space (or other short run of spaces), or by a line break;
* ``line_median`` / ``line_p90``  length in characters of non-blank lines outside tables (the
                    share of tables is a matter of the corpus mix, not of realism): the median over
                    documents of each document's median / 90th percentile (every document
                    weighs the same, so one PDF's hundreds of table cells do not decide);
* ``body_median`` / ``body_p90``  length of the lines that are one ``body`` segment (paragraphs;
                    PDF-wrapped pieces included), pooled;
* ``title_docs``    share of documents with a ``title`` segment; among those ``title_ndbg``
                    (a title with 年度报告), ``title_nb`` (年报 but not 年度报告), ``title_2line``
                    (the title over two or more consecutive lines);
* ``trad_docs``     share of documents in Traditional characters (opencc t2s changes > 2% of
                    the CJK characters);
* ``doc_chars_median``  median document length (information only, no band).

``--check`` exits 1 when a statistic lies outside its tolerance band around the realdev value:
``BAND_K`` (2.5) times the bootstrap standard error of the realdev value (its 25 reports
resampled), clamped to a per-statistic floor and cap (``TOLERANCE``). The bands measure how
well 25 reports pin a statistic down, not how close the generator should be: realdev is mostly
web-page openings, and the generator must also cover full, PDF and table-heavy reports. Without ``../shared/realdev``
the script prints a message and exits 0 (CI without the real data skips cleanly).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: statistic -> (band floor, band cap, description); floor None = information only. The band
#: around the realdev value is BAND_K x the bootstrap standard error of that value (the 25 DEV
#: reports resampled BOOTSTRAP times), clamped to [floor, cap]: the floor covers statistics whose
#: resamples barely move (0 of 12 titles say 年报 is compatible with a rate of 20%), the cap
#: heavy-tailed ones (a resample with many flattened pages moves the length medians by 100+).
TOLERANCE: dict[str, tuple[float | None, float | None, str]] = {
    "chrome_docs": (0.10, 0.30, "documents with page chrome (front/back noise)"),
    "noise_share": (0.02, 0.10, "non-blank segments that are noise"),
    "flat_docs": (0.10, 0.30, "flattened documents"),
    "gap_0": (0.05, 0.20, "heading → text: nothing between (same line)"),
    "gap_1": (0.05, 0.20, "heading → text: one space / short space run"),
    "gap_nl": (0.10, 0.30, "heading → text: line break"),
    "line_median": (10.0, 25.0, "per-document median length of non-table lines (chars), median over docs"),
    "line_p90": (40.0, 100.0, "per-document 90th-percentile length of non-table lines, median over docs"),
    "body_median": (10.0, 25.0, "length of whole body lines (chars), median"),
    "body_p90": (30.0, 100.0, "length of whole body lines (chars), 90th percentile"),
    "title_docs": (0.10, 0.30, "documents with a title"),
    "title_ndbg": (0.10, 0.30, "titles with 年度报告"),
    "title_nb": (0.15, 0.20, "titles with 年报 (not 年度报告)"),
    "title_2line": (0.10, 0.30, "titles over two or more lines"),
    "trad_docs": (0.05, 0.20, "documents in Traditional characters"),
    "doc_chars_median": (None, None, "median document length (chars)"),
}
BAND_K = 2.5
BOOTSTRAP = 200

TABLE_ROLES = {"table_caption", "table_header", "table_row_header", "table_cell", "table_row", "table_note"}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_T2S = None


def _t2s(text: str) -> str:
    global _T2S
    if _T2S is None:
        import opencc
        _T2S = opencc.OpenCC("t2s")
    return _T2S.convert(text)


def is_traditional(text: str) -> bool:
    sample = "".join(_CJK.findall(text))[:3000]
    if len(sample) < 20:
        return False
    conv = _t2s(sample)
    changed = sum(a != b for a, b in zip(sample, conv))
    return changed / len(sample) > 0.02


def _pct(xs: list[float], q: float) -> float:
    if not xs:
        return 0.0
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, int(round(q * (len(xs) - 1)))))
    return float(xs[k])


def _role_of_line(r, index: int) -> str | None:
    """The role of a line's first segment (cached per report)."""
    cache = r.meta.get("_first_roles")
    if cache is None:
        cache = {}
        for s in r.segments:
            cache.setdefault(s.line, s.role)
        r.meta["_first_roles"] = cache
    return cache.get(index)


def doc_stats(r) -> dict:
    """Per-document counts (summed over a set by ``set_stats``)."""
    text = r.text
    segs = [s for s in r.segments if s.role != "blank"]
    d = {"noise": sum(s.role == "noise" for s in segs), "segs": len(segs),
         "chrome": any(s.role == "noise" and s.section in ("front", "back") for s in segs),
         "gap_0": 0, "gap_1": 0, "gap_nl": 0, "line_lengths": [], "chars": len(text)}
    per_line: dict[int, int] = {}
    for s in r.segments:
        per_line[s.line] = per_line.get(s.line, 0) + 1
    total = max(1, len(text))
    d["body_lengths"] = [len(ln.text.strip()) for ln in r.lines
                         if per_line.get(ln.index) == 1 and _role_of_line(r, ln.index) == "body"]
    d["flat"] = any(per_line.get(ln.index, 0) >= 3 and (ln.end - ln.start) >= 0.4 * total for ln in r.lines)
    for ln in r.lines:
        if ln.text.strip() and _role_of_line(r, ln.index) not in TABLE_ROLES:
            d["line_lengths"].append(len(ln.text))
    all_segs = r.segments
    for k, s in enumerate(all_segs):
        if s.role != "heading":
            continue
        nxt = next((t for t in all_segs[k + 1:] if t.role != "blank" or t.line == s.line), None)
        if nxt is None:
            continue
        if nxt.line != s.line:
            d["gap_nl"] += 1
            continue
        piece = text[s.start:s.end]
        trail = len(piece) - len(piece.rstrip())
        if trail == 0:
            d["gap_0"] += 1
        else:
            d["gap_1"] += 1
    titles = [s for s in segs if s.role == "title"]
    d["title"] = bool(titles)
    ttext = "".join(text[s.start:s.end] for s in titles)
    d["title_ndbg"] = "年度报告" in ttext or "年度報告" in ttext
    d["title_nb"] = not d["title_ndbg"] and ("年报" in ttext or "年報" in ttext)
    tl = sorted({s.line for s in titles})
    d["title_2line"] = any(b == a + 1 or (b == a + 2 and not r.lines[a + 1].text.strip()) for a, b in zip(tl, tl[1:]))
    d["trad"] = is_traditional(text)
    return d


def set_stats(reports) -> dict:
    return aggregate([doc_stats(r) for r in reports])


def aggregate(ds: list[dict]) -> dict:
    """The set statistics from per-document counts (``doc_stats``)."""
    n = max(1, len(ds))
    gaps = sum(d["gap_0"] + d["gap_1"] + d["gap_nl"] for d in ds) or 1
    doc_medians = [statistics.median(d["line_lengths"]) for d in ds if d["line_lengths"]]
    doc_p90s = [_pct(d["line_lengths"], 0.9) for d in ds if d["line_lengths"]]
    titled = [d for d in ds if d["title"]]
    bodies = [x for d in ds for x in d["body_lengths"]]
    nt = max(1, len(titled))
    return {
        "docs": len(ds),
        "chrome_docs": sum(d["chrome"] for d in ds) / n,
        "noise_share": sum(d["noise"] for d in ds) / max(1, sum(d["segs"] for d in ds)),
        "flat_docs": sum(d["flat"] for d in ds) / n,
        "gap_0": sum(d["gap_0"] for d in ds) / gaps,
        "gap_1": sum(d["gap_1"] for d in ds) / gaps,
        "gap_nl": sum(d["gap_nl"] for d in ds) / gaps,
        "line_median": float(statistics.median(doc_medians)) if doc_medians else 0.0,
        "line_p90": float(statistics.median(doc_p90s)) if doc_p90s else 0.0,
        "body_median": float(statistics.median(bodies)) if bodies else 0.0,
        "body_p90": _pct(bodies, 0.9),
        "title_docs": len(titled) / n,
        "title_ndbg": sum(d["title_ndbg"] for d in titled) / nt,
        "title_nb": sum(d["title_nb"] for d in titled) / nt,
        "title_2line": sum(d["title_2line"] for d in titled) / nt,
        "trad_docs": sum(d["trad"] for d in ds) / n,
        "doc_chars_median": float(statistics.median([d["chars"] for d in ds])) if ds else 0.0,
    }


def dev_files(realdev: Path) -> list[Path]:
    """The DEV split: names from corpus/realdev_split.json, else the rule written there
    (test = files numbered 100 or more whose number is divisible by 3)."""
    split = ROOT / "corpus" / "realdev_split.json"
    gold = realdev / "gold"
    if split.exists():
        names = json.loads(split.read_text(encoding="utf-8"))["dev"]
        return [gold / f"{n}.tsv" for n in names if (gold / f"{n}.tsv").exists()]
    out = []
    for p in sorted(gold.glob("*.tsv")):
        m = re.match(r"(\d+)", p.name)
        if m and int(m.group(1)) >= 100 and int(m.group(1)) % 3 == 0:
            continue
        out.append(p)
    return out


def bands(real_docs: list[dict], seed: int = 0) -> dict[str, float | None]:
    """Tolerance per statistic: BAND_K x bootstrap SE of the realdev value, in [floor, cap]."""
    import random
    rng = random.Random(seed)
    boots = [aggregate([rng.choice(real_docs) for _ in real_docs]) for _ in range(BOOTSTRAP)]
    out: dict[str, float | None] = {}
    for k, (floor, cap, _) in TOLERANCE.items():
        if floor is None:
            out[k] = None
            continue
        se = statistics.pstdev([b[k] for b in boots])
        out[k] = round(min(cap, max(floor, BAND_K * se)), 3)
    return out


def compare(gen: dict, real: dict, band: dict) -> list[dict]:
    rows = []
    for k, (_, _, desc) in TOLERANCE.items():
        g, r, tol = gen[k], real[k], band[k]
        ok = True if tol is None else abs(g - r) <= tol + 1e-9
        rows.append({"stat": k, "generator": round(g, 3), "realdev": round(r, 3), "tolerance": tol,
                     "ok": ok, "what": desc})
    return rows


def format_table(rows: list[dict], n_gen: int, n_real: int) -> str:
    out = [f"{'statistic':<18}{'generator':>10}{'realdev':>10}{'band':>9}  ok   what",
           f"{'(documents)':<18}{n_gen:>10}{n_real:>10}"]
    for r in rows:
        band = "-" if r["tolerance"] is None else f"±{r['tolerance']:g}"
        mark = "" if r["tolerance"] is None else ("yes" if r["ok"] else "NO")
        out.append(f"{r['stat']:<18}{r['generator']:>10.3f}{r['realdev']:>10.3f}{band:>9}  {mark:<4} {r['what']}")
    return "\n".join(out)


def run(n: int, seed: int, realdev: Path, split: str = "train", config: str | None = None) -> dict | None:
    from gainlp.annotation import read_tsv
    from gainlp.synth import SynthConfig, generate
    files = dev_files(realdev) if (realdev / "gold").is_dir() else []
    if not files:
        return None
    real_docs = [doc_stats(read_tsv(p)) for p in files]
    real = aggregate(real_docs)
    band = bands(real_docs)
    cfg = SynthConfig.load(config) if config else SynthConfig()
    gen = set_stats(list(generate(n, seed=seed, config=cfg, split=split)))
    rows = compare(gen, real, band)
    return {"n_generated": n, "seed": seed, "split": split, "n_realdev": len(files),
            "generator": gen, "realdev": real, "rows": rows, "ok": all(r["ok"] for r in rows)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=200, help="synthetic reports to generate (default 200)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split", choices=("train", "heldout"), default="train")
    ap.add_argument("--config", help="SynthConfig JSON override")
    ap.add_argument("--realdev", default="../shared/realdev", help="realdev folder (default ../shared/realdev)")
    ap.add_argument("--json", metavar="FILE", help="also write the statistics as JSON ('-' = stdout)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a statistic is outside its band")
    args = ap.parse_args(argv)
    realdev = Path(args.realdev)
    if not realdev.is_absolute() and not realdev.exists():
        realdev = (ROOT / args.realdev).resolve()
    res = run(args.n, args.seed, realdev, args.split, args.config)
    if res is None:
        print(f"realism check skipped: no realdev gold under {args.realdev}")
        return 0
    print(f"realism check: {res['n_generated']} synthetic ({args.split}, seed {args.seed}) vs "
          f"{res['n_realdev']} realdev DEV reports")
    print(format_table(res["rows"], res["n_generated"], res["n_realdev"]))
    if args.json:
        payload = json.dumps({k: v for k, v in res.items()}, ensure_ascii=False, indent=1)
        if args.json == "-":
            print(payload)
        else:
            Path(args.json).write_text(payload + "\n", encoding="utf-8")
    bad = [r["stat"] for r in res["rows"] if not r["ok"]]
    if bad:
        print(f"outside the band: {', '.join(bad)}")
    else:
        print("all statistics inside their bands")
    return 1 if (args.check and bad) else 0


if __name__ == "__main__":
    sys.exit(main())
