"""Learning curve of retraining on real reports (issue 14, part 4), and whether choosing the
reports to annotate with ``gainlp suggest`` beats choosing them at random.

    python training/learning_curve.py [--work /tmp/lcwork] [--ks 0,5,10,20] [--random-draws 2]

Data: the recipe's 30 real gold documents (``train_default.real_gold_files``: corpus/gold and
the development split of shared/realdev; never its test split), in that order.

* Held-out: the documents at positions i % 3 == 0 (10 documents; the same documents as fold 0
  of cross_validate.py). They are only ever scored: never trained on, never used for early
  stopping, calibration or selection.
* Pool: the other 20, from which k reports are "annotated" (added as gold).

Start (k = 0): the shipped model was trained on all 30 real documents, so it cannot start an
honest curve. The start model is trained by the recipe's fine-tuning step
(``train_default.train_command``: same pretrained base runs/default/base, synthetic reports,
steps, epochs, rule features) with NO real gold at all; its dev split (early stopping,
calibration) is synthetic.

Step k: ``gainlp train --init START --gold <k pool reports + their flattened copies
(train_default.flattened_copies, as the recipe does)> --no-dev`` with the default synthetic
replay of ``--init`` (2 per gold file, at least 20). ``--no-dev`` holds nothing out, so the
stage B epochs run to the cap. The committed ``learning_curve.json`` was made before a fix of
``--no-dev``, which then still held out 10 % of ``--gold`` (2 files at k = 5, 4 at k = 10,
7 at k = 20) for early stopping and calibration: a few of the k selected reports or their
flattened copies (named per row as ``dev_files``), never a held-out document.

Selection at each k: ``gainlp suggest --model START`` ranking of the pool (the k least
confident first), and random orders of the pool (seeds 0, 1, …). Each order is a ranking, so
the k = 5 reports are among the k = 10 ones. k = len(pool) takes the whole pool, once.

Scores: ``gainlp evaluate --gold HELD-OUT --json`` with the model under test as GAINLP_MODEL,
engines ``model`` and ``auto``, as the documents are and ``--flatten crawler``; section
macro-F1 (characters) and role macro-F1 (lines). The rules engine (no model) is scored once
as a reference. Every retraining's wall and CPU time (its process tree's user + system) and
the load average are recorded: the machine may be shared, which inflates wall time.

Writes WORK/state.json as it goes (``--resume`` reuses finished steps), then ``--json``
(training/learning_curve.json), ``--plot`` (docs/learning_curve.png, needs matplotlib) and a
markdown table on stdout.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_default import (ROOT, add_recipe_arguments, flattened_copies, real_gold_files,  # noqa: E402
                           train_command)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
CWD = ROOT  # where the gainlp subprocesses run: ROOT, or --src (its gainlp/ then shadows ROOT's)


def use_source(src: str | None) -> str:
    """Run gainlp from the source tree ``src`` (a folder holding ``gainlp/``, e.g. ``git archive
    HEAD gainlp`` unpacked), in this process and in every subprocess, so that a working tree
    edited while the curve runs cannot change the code under test; returns its description."""
    global CWD
    if not src:
        return "working tree " + str(ROOT)
    src_path = Path(src).resolve()
    if not (src_path / "gainlp" / "__init__.py").is_file():
        sys.exit(f"--src {src}: no gainlp/ package there")
    if "gainlp" in sys.modules:
        sys.exit("--src: gainlp was imported before the source tree was chosen")
    sys.path.insert(0, str(src_path))
    ENV["PYTHONPATH"] = str(src_path) + os.pathsep + ENV.get("PYTHONPATH", "")
    CWD = src_path
    commit = src_path / "COMMIT"
    return f"{src_path}" + (f" (commit {commit.read_text().strip()})" if commit.is_file() else "")
ENGINES = ("model", "auto")
VIEWS = ("as is", "crawler")


def split_heldout(files: list, every: int = 3) -> tuple[list, list]:
    """(held-out, pool): the files at positions i % every == 0 are held out, the rest pooled."""
    held = [f for i, f in enumerate(files) if i % every == 0]
    pool = [f for i, f in enumerate(files) if i % every != 0]
    return held, pool


def random_order(pool: list, seed: int) -> list:
    """The pool in a random order fixed by ``seed`` (the first k are the random choice of k)."""
    order = sorted(pool, key=str)
    random.Random(seed).shuffle(order)
    return order


def choose(order: list, k: int) -> list:
    return list(order[:k])


def run_timed(cmd: list[str], log: Path, env: dict | None = None) -> dict:
    """Run ``cmd`` (output appended to ``log``); its wall time, CPU time (user + system of the
    process tree) and the 1-minute load average before and after."""
    print("$ " + " ".join(map(str, cmd)), flush=True)
    with open(log, "a", encoding="utf-8") as fh:
        fh.write("$ " + " ".join(map(str, cmd)) + "\n")
        fh.flush()
        load0 = os.getloadavg()[0]
        r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.time()
        proc = subprocess.run(list(map(str, cmd)), stdout=fh, stderr=subprocess.STDOUT, cwd=CWD,
                              env=env or ENV)
        r1, t1 = resource.getrusage(resource.RUSAGE_CHILDREN), time.time()
    if proc.returncode:
        sys.exit(f"step failed ({proc.returncode}); see {log}")
    return {"wall_seconds": round(t1 - t0, 1),
            "cpu_seconds": round((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), 1),
            "load_before": round(load0, 2), "load_after": round(os.getloadavg()[0], 2)}


def evaluate(model: Path | None, held: list[Path], engine: str, view: str) -> dict:
    """``gainlp evaluate`` of ``engine`` (with ``model`` as GAINLP_MODEL) on the held-out set."""
    cmd = [sys.executable, "-m", "gainlp.cli", "evaluate", "--gold", *map(str, held), "--engine", engine,
           "--json"] + ([] if view == "as is" else ["--flatten", view])
    env = dict(ENV)
    if model is not None:
        env["GAINLP_MODEL"] = str(model)
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=CWD, env=env)
    if out.returncode:
        sys.exit(f"evaluate failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    o = json.loads(out.stdout)["overall"]
    return {"documents": o["n_docs"], "section_macro_f1": round(o["section"]["macro_f1"], 4),
            "subsection_macro_f1": round(o["subsection"]["macro_f1"], 4),
            "role_macro_f1": round(o["role"]["macro_f1"], 4)}


def suggest_order(model: Path, pool: list[Path], threads: int) -> tuple[list[Path], list[dict]]:
    """The pool ranked by ``gainlp suggest --model MODEL`` (least confident first)."""
    cmd = [sys.executable, "-m", "gainlp.cli", "suggest", "--model", str(model), "--json",
           "-n", str(len(pool)), "--threads", str(threads), *map(str, pool)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=CWD, env=ENV)
    if out.returncode:
        sys.exit(f"suggest failed:\n{out.stderr[-2000:]}")
    rows = json.loads(out.stdout)["documents"]
    by_name = {str(p): p for p in pool}
    order = [by_name[r["doc"]] for r in rows]
    if sorted(map(str, order)) != sorted(by_name):
        sys.exit("suggest did not rank every pool document")
    return order, rows


class State:
    def __init__(self, path: Path, resume: bool):
        self.path = path
        self.data = json.loads(path.read_text(encoding="utf-8")) if resume and path.is_file() else {}

    def get(self, key):
        return self.data.get(key)

    def put(self, key, value):
        self.data[key] = value
        self.path.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", default="/tmp/lcwork", help="models, logs and state (large files)")
    ap.add_argument("--base", default=str(ROOT / "runs" / "default" / "base"),
                    help="pretrained encoder (synthetic text only; train_default.py leaves it there)")
    add_recipe_arguments(ap)  # the start model's recipe: --synthetic, --train-steps, --epochs, --threads
    ap.add_argument("--ks", default="0,5,10,20", help="pool reports added at each step")
    ap.add_argument("--compare-at", default="5,10", help="the ks where suggest is compared with random")
    ap.add_argument("--random-draws", type=int, default=2, help="random orders compared (seeds 0, 1, …)")
    ap.add_argument("--retrain-epochs", type=int, default=45, help="stage B epochs of a retraining (at most)")
    ap.add_argument("--retrain-steps", type=int, default=None, help="stage A steps of a retraining "
                    "(default: gainlp train's default under --init)")
    ap.add_argument("--replay", type=int, default=None, help="synthetic replay of a retraining "
                    "(default: gainlp train's default under --init)")
    ap.add_argument("--views", default="as is,crawler", help="held-out views scored: 'as is' and/or crawler")
    ap.add_argument("--json", default=str(ROOT / "training" / "learning_curve.json"))
    ap.add_argument("--plot", default=str(ROOT / "docs" / "learning_curve.png"))
    ap.add_argument("--src", help="run gainlp from this source tree (a folder with gainlp/, e.g. from "
                    "`git archive HEAD gainlp`) instead of the working tree (default: the working tree)")
    ap.add_argument("--note", action="append", default=[], help="a remark copied into the JSON (repeatable)")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite --json, --plot and the table from WORK/state.json; train nothing")
    ap.add_argument("--resume", action="store_true", help="reuse the models and scores in WORK/state.json")
    ap.add_argument("--tiny", action="store_true", help="smoke test: 4 synthetic reports, 5 steps, 1 epoch, "
                    "k = 0, 1, 2, one random draw, replay 2 (results are meaningless)")
    args = ap.parse_args(argv)
    if args.tiny:
        args.synthetic, args.train_steps, args.epochs = 4, 5, 1
        args.retrain_epochs, args.retrain_steps, args.replay = 1, 5, 2
        args.ks, args.compare_at, args.random_draws = "0,1,2", "1", 1
    args.ks = [int(k) for k in args.ks.split(",")]
    args.compare_at = {int(k) for k in args.compare_at.split(",") if k}
    args.views = [v.strip() for v in args.views.split(",") if v.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.source = use_source(args.src)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    log = work / "log.txt"
    state = State(work / "state.json", args.resume or args.report_only)
    files = real_gold_files()
    held, pool = split_heldout(files)
    if args.report_only:
        print(write_outputs(args, state, held, pool))
        return 0
    assert not {f.resolve() for f in held} & {f.resolve() for f in pool}
    if max(args.ks) > len(pool):
        sys.exit(f"--ks: the pool has {len(pool)} documents")
    if not (Path(args.base) / "config.json").is_file():
        sys.exit(f"{args.base}: no pretrained base; run training/train_default.py first")

    def scores_of(key: str, model: Path | None, engines=ENGINES) -> dict:
        out = state.get(f"scores:{key}") or {}
        for engine in engines:
            for view in args.views:
                if f"{engine}|{view}" not in out:
                    out[f"{engine}|{view}"] = evaluate(model, held, engine, view)
                    print(f"  {key} {engine} {view}: {out[f'{engine}|{view}']}", flush=True)
                    state.put(f"scores:{key}", out)
        return out

    # reference: the rules engine alone (no model)
    scores_of("rules", None, engines=("rules",))

    # k = 0: the start model, trained without real gold
    start = work / "start"
    if not state.get("train:start"):
        if start.exists():
            import shutil
            shutil.rmtree(start)
        state.put("train:start", {**run_timed(train_command(args, [], Path(args.base), start), log),
                                  "command": train_command(args, [], Path(args.base), start)})
    scores_of("start", start)

    # selection orders over the pool
    if not state.get("suggest"):
        order, rows = suggest_order(start, pool, args.threads)
        state.put("suggest", {"order": [str(p) for p in order], "rows": rows})
    by_name = {str(p): p for p in pool}
    orders = {"suggest": [by_name[s] for s in state.get("suggest")["order"]]}
    for seed in range(args.random_draws):
        orders[f"random seed {seed}"] = random_order(pool, seed)

    # the steps, most informative first (so that a partial run still answers the question)
    plan: list[tuple[int, str]] = []
    for k in sorted((k for k in args.ks if k > 0), key=lambda k: (k not in args.compare_at, -k)):
        if k == len(pool):
            plan.append((k, "all"))
        elif k in args.compare_at:
            plan += [(k, name) for name in orders]
        else:
            plan.append((k, "suggest"))
    # first one draw of each, then the other random draws
    plan.sort(key=lambda ks: (ks[1].startswith("random") and not ks[1].endswith(" 0"), ks[1] == "all"))

    def retrain(k: int, name: str) -> None:
        key = f"k{k}-{name.replace(' ', '')}"
        chosen = list(pool) if name == "all" else choose(orders[name], k)
        out = work / key
        if not state.get(f"train:{key}"):
            gold = chosen + flattened_copies(chosen, work / "flattened" / key)
            cmd = [sys.executable, "-m", "gainlp.cli", "train", "--init", str(start), "--gold", *map(str, gold),
                   "--out", str(out), "--no-dev", "--epochs", str(args.retrain_epochs),
                   "--threads", str(args.threads)]
            if args.retrain_steps is not None:
                cmd += ["--steps", str(args.retrain_steps)]
            if args.replay is not None:
                cmd += ["--replay", str(args.replay)]
            t = run_timed(cmd, log)
            tr = json.loads((out / "config.json").read_text(encoding="utf-8"))["training"]
            state.put(f"train:{key}", {**t, "k": k, "selection": name, "documents": [p.name for p in chosen],
                                       "gold_files": len(gold), "train_documents": tr.get("train_documents"),
                                       "stage_b_epochs": tr.get("stage_b", {}).get("epochs"),
                                       "replay": tr.get("replay", tr.get("train_config", {}).get("replay")),
                                       "command": cmd})
            print(f"  {key}: trained in {t['wall_seconds']} s wall, {t['cpu_seconds']} s CPU", flush=True)
        scores_of(key, out)
        write_outputs(args, state, held, pool)

    write_outputs(args, state, held, pool)
    for k, name in plan:
        retrain(k, name)
    table = write_outputs(args, state, held, pool)
    print(table)
    return 0


# -- outputs ------------------------------------------------------------------------------------

def _rel(x) -> str:
    s = " ".join(map(str, x)) if isinstance(x, list) else str(x)
    s = s.replace(sys.executable, "python").replace(str(ROOT) + "/", "")
    return s.replace(str(Path(ROOT).parent / "shared"), "shared").replace("/work/shared", "shared")


def rows_of(state: State) -> list[dict]:
    rows = []
    start = state.get("train:start")
    if start and state.get("scores:start"):
        rows.append({"k": 0, "selection": "-", "documents": [], "scores": state.get("scores:start"),
                     "train": {k: start[k] for k in ("wall_seconds", "cpu_seconds", "load_before", "load_after")},
                     "trained": "start model (synthetic only, from the pretrained base)"})
    for key, t in state.data.items():
        if key.startswith("train:k") and state.get("scores:" + key[len("train:"):]):
            rows.append({"k": t["k"], "selection": t["selection"], "documents": t["documents"],
                         "dev_files": dev_files_of(t["command"]),
                         "scores": state.get("scores:" + key[len("train:"):]),
                         "train": {x: t[x] for x in ("wall_seconds", "cpu_seconds", "load_before", "load_after")},
                         "trained": f"retrained from the start model on {t['gold_files']} gold files "
                                    f"({t['k']} reports + flattened copies), {t.get('train_documents')} "
                                    f"training documents with replay, {t.get('stage_b_epochs')} stage B epochs"})
    order = {"-": 0, "suggest": 1, "all": 3}
    rows.sort(key=lambda r: (r["k"], order.get(r["selection"], 2), r["selection"]))
    return rows


def dev_files_of(cmd: list[str]) -> list[str]:
    """The --gold files that the ``gainlp train`` run of ``cmd`` held out as dev. Since the
    --no-dev fix it holds out none (its saved config says ``dev_documents: 0``); runs made
    before it held out ``split_dev``'s seeded 10 % of the gold list, recomputed here."""
    out = Path(cmd[cmd.index("--out") + 1]) / "config.json"
    if out.is_file() and not json.loads(out.read_text(encoding="utf-8")).get("training", {}).get("dev_documents"):
        return []
    gold = cmd[cmd.index("--gold") + 1:cmd.index("--out")]
    seed = int(cmd[cmd.index("--seed") + 1]) if "--seed" in cmd else 13
    order = list(gold)
    random.Random(seed).shuffle(order)
    n_dev = int(round(len(order) * 0.1))
    if len(order) >= 4:
        n_dev = max(1, n_dev)
    n_dev = min(n_dev, len(order) - 1) if order else 0
    return [Path(g).name for g in order[:n_dev]]


def _f(s: dict, engine: str, view: str, what: str) -> str:
    v = s.get(f"{engine}|{view}", {}).get(f"{what}_macro_f1")
    return f"{v:.4f}" if isinstance(v, (int, float)) else "–"


def markdown(rows: list[dict], views: list[str], rules: dict | None) -> str:
    head = ["k", "selection"]
    for view in views:
        tag = "" if view == "as is" else f" ({view})"
        head += [f"section model{tag}", f"section auto{tag}", f"role model{tag}", f"role auto{tag}"]
    head += ["retrain wall s", "retrain CPU s", "load 1-min (before/after)"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def line(k, sel, s, t):
        cells = [str(k), sel]
        for view in views:
            cells += [_f(s, "model", view, "section"), _f(s, "auto", view, "section"),
                      _f(s, "model", view, "role"), _f(s, "auto", view, "role")]
        cells += [str(t.get("wall_seconds", "")), str(t.get("cpu_seconds", "")),
                  f"{t['load_before']}/{t['load_after']}" if t else ""]
        return "| " + " | ".join(cells) + " |"
    for r in rows:
        out.append(line(r["k"], r["selection"] + (" (start, trained)" if r["k"] == 0 else ""), r["scores"], r["train"]))
    for k in sorted({r["k"] for r in rows}):
        rand = [r for r in rows if r["k"] == k and r["selection"].startswith("random")]
        if len(rand) > 1:
            out.append(line(k, f"random, mean of {len(rand)}", mean_scores([r["scores"] for r in rand]), {}))
    if rules:
        out.append(line("–", "rules engine (no model)", {f"model|{v}": rules.get(f"rules|{v}", {}) for v in views}
                        | {f"auto|{v}": rules.get(f"rules|{v}", {}) for v in views}, {}))
    return "\n".join(out)


def mean_scores(blocks: list[dict]) -> dict:
    out = {}
    for key in blocks[0]:
        vals = [b[key] for b in blocks if key in b]
        out[key] = {m: round(sum(v[m] for v in vals) / len(vals), 4)
                    for m in vals[0] if m.endswith("macro_f1")}
    return out


def plot(rows: list[dict], path: Path, views: list[str]) -> bool:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot", file=sys.stderr)
        return False
    panels = [("section", "as is"), ("role", "as is")] + ([("section", "crawler")] if "crawler" in views else [])
    fig, axes = plt.subplots(1, len(panels), figsize=(5.4 * len(panels), 4.4))
    colors = {"model": "tab:blue", "auto": "tab:orange"}
    for ax, (what, view) in zip(axes, panels):
        for engine in ENGINES:
            col = colors[engine]
            key = f"{engine}|{view}"
            base = [r for r in rows if r["selection"] in ("-", "all")]

            def series(sel_rows):
                pts = sorted(base + sel_rows, key=lambda r: r["k"])
                return [r["k"] for r in pts], [r["scores"][key][f"{what}_macro_f1"] for r in pts]
            sug = [r for r in rows if r["selection"] == "suggest"]
            ax.plot(*series(sug), "-o", color=col, label=f"{engine}, gainlp suggest")
            rand = [r for r in rows if r["selection"].startswith("random")]
            ks = sorted({r["k"] for r in rand})
            means = [{"k": k, "scores": mean_scores([r["scores"] for r in rand if r["k"] == k])} for k in ks]
            n = len({r["selection"] for r in rand})
            ax.plot(*series(means), "--s", color=col, alpha=0.7, mfc="white",
                    label=f"{engine}, random" + (f" (mean of {n} draws; x: each)" if n > 1 else " (1 draw)"))
            ax.scatter([r["k"] for r in rand], [r["scores"][key][f"{what}_macro_f1"] for r in rand],
                       color=col, alpha=0.35, s=14, marker="x")
        ax.set_title(f"{what} macro-F1, held-out real reports" + ("" if view == "as is" else f"\nflattened ({view})"),
                     fontsize=10)
        ax.set_xlabel("real reports added to training (k)")
        ax.set_xticks(sorted({r["k"] for r in rows}))
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("macro-F1")
    axes[0].legend(fontsize=8, loc="lower left")
    fig.suptitle("Retraining a synthetic-only start model on k real reports (gainlp train --init); "
                 "scored on 10 held-out real reports", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_outputs(args, state: State, held: list[Path], pool: list[Path]) -> str:
    rows = rows_of(state)
    table = markdown(rows, args.views, state.get("scores:rules"))
    start = state.get("train:start") or {}
    result = {
        "command": "python training/learning_curve.py " + " ".join(sys.argv[1:]),
        "start_model": ("trained by train_default.train_command (the recipe's fine-tuning step: pretrained base "
                        f"runs/default/base, {args.synthetic} synthetic reports seed {args.synthetic_seed}, "
                        f"{args.train_steps} steps, at most {args.epochs} epochs, rule features) WITHOUT any real gold; "
                        "dev = synthetic. Not the shipped model, which was trained on all 30 real documents."),
        "start_command": _rel(start.get("command", [])),
        "retrain_command": ("gainlp train --init START --gold <k pool reports + flattened copies> --no-dev "
                            f"--epochs {args.retrain_epochs} --threads {args.threads}"
                            + (f" --steps {args.retrain_steps}" if args.retrain_steps is not None else "")
                            + (f" --replay {args.replay}" if args.replay is not None else "")
                            + " (replay: gainlp train's default under --init unless given; dev: none, except in rows made "
                            "before the --no-dev fix, which held out 10 % of --gold, see dev_files)"),
        "gainlp_source": args.source,
        "heldout_rule": "real_gold_files() positions i % 3 == 0 (= cross_validate.py fold 0); pool: the others",
        "heldout": [p.name for p in held], "pool": [p.name for p in pool],
        "scoring": "gainlp evaluate --gold HELD-OUT --engine {model,auto} [--flatten crawler] --json, "
                   "GAINLP_MODEL=the model; section macro-F1 over characters (s1.x folded), role macro-F1 over lines",
        "suggest_ranking": [{"doc": Path(r["doc"]).name, "score": r["score"]}
                            for r in (state.get("suggest") or {}).get("rows", [])],
        "random_orders": {f"random seed {s}": [p.name for p in random_order(pool, s)]
                          for s in range(args.random_draws)},
        "machine": {"cpus": os.cpu_count(), "threads": args.threads},
        "rules_engine": state.get("scores:rules"),
        "rows": rows, "table_markdown": table, "notes": args.note,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if rows:
        plot(rows, Path(args.plot), args.views)
    return table


if __name__ == "__main__":
    sys.exit(main())
