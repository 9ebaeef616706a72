"""Honest training (issue 14, item 1): every metric is named by the split it was computed on,
training without held-out data is refused (or, with --no-dev, warned about and saved as
``"dev": null``), an init model's old metrics are never printed as new ones, the saved config
records what was actually used, and replay under --init is on by default and recorded."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from test_model import tiny  # noqa: E402,F401  (the tiny labeler fixture, reused)

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "corpus" / "gold").glob("*.tsv"))
FAST = ["--steps", "2", "--batch-size", "4", "--epochs", "2", "--threads", "2"]


def _train(capsys, *argv) -> tuple[int, dict | None, str]:
    from gainlp.cli import main
    code = main(["train", *map(str, argv)])
    cap = capsys.readouterr()
    return code, (json.loads(cap.out) if cap.out.strip() else None), cap.err


def _training(folder: Path) -> dict:
    return json.loads((folder / "config.json").read_text(encoding="utf-8"))["training"]


def _no_dev_anywhere(printed: dict, err: str, folder: Path) -> None:
    assert not re.search(r"\bdev acc\b", err), err
    assert not re.search(r"dev metrics:", err)
    assert printed["metrics"]["dev"] is None and printed["dev_source"] is None
    assert not any(k.startswith("dev_") for k in printed["calibration"]["metrics"])
    tr = _training(folder)
    assert tr["metrics"]["dev"] is None and tr["dev_documents"] == 0
    assert "dev_accuracy" not in tr["stage_b"] and tr["stage_b"]["monitored_on"] == "train"
    cal = json.loads((folder / "calibration.json").read_text(encoding="utf-8"))
    assert not any(k.startswith("dev_") for k in cal["metrics"])
    assert not cal["fitted_on"].startswith("dev")


@pytest.mark.skipif(len(GOLD) < 3, reason="needs corpus/gold")
def test_init_with_two_gold_files_and_no_dev_is_refused_in_one_line(tiny, tmp_path, capsys):  # noqa: F811
    code, out, err = _train(capsys, "--init", tiny["model"], "--gold", *GOLD[:2], "--out", tmp_path / "m", *FAST)
    assert code == 2 and out is None
    assert len(err.strip().splitlines()) == 1 and "--dev" in err and "--folds" in err and "--no-dev" in err
    assert not (tmp_path / "m").exists()


@pytest.mark.skipif(len(GOLD) < 3, reason="needs corpus/gold")
def test_init_with_two_gold_files_and_no_dev_reports_no_dev_metric(tiny, tmp_path, capsys):  # noqa: F811
    code, out, err = _train(capsys, "--init", tiny["model"], "--gold", *GOLD[:2], "--out", tmp_path / "m",
                            "--no-dev", "--rule-features", *FAST)
    assert code == 0
    assert "WARNING" in err and "--no-dev" in err
    _no_dev_anywhere(out, err, tmp_path / "m")
    assert re.search(r"\btrain acc\b", err)
    assert set(out["metrics"]["train"]) >= {"section_macro_f1", "role_macro_f1"}
    tr = _training(tmp_path / "m")
    # the init model's old dev metrics are not this run's: only under "inherited"
    old = json.loads((tiny["model"] / "calibration.json").read_text(encoding="utf-8"))["metrics"]
    assert old and tr["inherited"]["calibration_metrics"] == old
    assert out["calibration"]["metrics"] == {} and "inherited" in out["calibration"]["fitted_on"]
    # what was used, not what was asked: the tiny model has no rule features and 32 context units
    assert tr["train_config"]["rule_features"] is False and tr["train_config"]["context_dim"] == 32
    assert tr["ignored_flags"] == out["ignored_flags"] == {"--rule-features": {"given": True, "used": False}}
    assert tr["overridden_by_init"]["rule_features"] == {"given": True, "used": False}
    # replay on by default under --init: max(20, 2 per gold document)
    assert tr["replay"] == 20 == out["replay"]
    assert tr["train_documents"] == 2 + 20


@pytest.mark.skipif(len(GOLD) < 5, reason="needs corpus/gold")
def test_no_dev_holds_nothing_out_even_with_enough_gold_for_a_split(tiny, tmp_path, capsys):  # noqa: F811
    # 5 gold files: without --no-dev, --dev-fraction would hold one out
    code, out, err = _train(capsys, "--init", tiny["model"], "--gold", *GOLD[:5], "--out", tmp_path / "m",
                            "--no-dev", "--replay", "0", *FAST)
    assert code == 0
    _no_dev_anywhere(out, err, tmp_path / "m")
    assert _training(tmp_path / "m")["train_documents"] == 5


def test_dev_split_keeps_a_report_and_its_derived_copies_together(tmp_path):
    from gainlp.annotation import read_tsv, write_tsv
    from gainlp.augment import flatten
    from gainlp.model.data import load_gold, split_dev
    files = []
    for g in GOLD[:5]:
        gold = read_tsv(g)
        files.append(tmp_path / g.name)
        write_tsv(gold, files[-1])
        for sep in ("", " "):
            files.append(tmp_path / f"{g.stem}.{len(sep)}.tsv")
            write_tsv(flatten(gold, sep=sep), files[-1], comments=[f"derived: {g.name} flattened"])
    docs = load_gold(files)
    assert {d.origin for d in docs} == {g.name for g in GOLD[:5]}
    for seed in range(6):
        train, dev = split_dev(docs, 0.2, seed=seed)
        assert len(dev) == 3 and len(train) == 12  # one report of five, with its two copies
        assert not {d.origin for d in train} & {d.origin for d in dev}


@pytest.mark.skipif(len(GOLD) < 3, reason="needs corpus/gold")
def test_dev_files_are_held_out_and_the_only_dev_data(tiny, tmp_path, capsys):  # noqa: F811
    dev = GOLD[1]
    code, out, err = _train(capsys, "--init", tiny["model"], "--gold", GOLD[0], dev, GOLD[2],
                            "--dev", dev, "--replay", "3", "--out", tmp_path / "m", *FAST)
    assert code == 0, err
    assert re.search(r"\bdev acc\b", err) and not re.search(r"\btrain acc\b", err)
    tr = _training(tmp_path / "m")
    assert tr["dev_documents"] == 1 and tr["dev_files"] == [os.path.relpath(dev)]
    assert os.path.relpath(dev) not in tr["gold_files"] and len(tr["gold_files"]) == 2
    assert tr["train_documents"] == 2 + 3 and tr["replay"] == 3
    assert tr["metrics"]["dev"] == out["metrics"]["dev"]
    assert out["metrics"]["dev"]["lines"] == out["calibration"]["metrics"]["dev_lines"]
    assert out["calibration"]["fitted_on"] == "dev" and "dev_section_macro_f1" in out["calibration"]["metrics"]
    assert tr["inherited"]["from"] == os.path.relpath(tiny["model"])


@pytest.mark.skipif(len(GOLD) < 3, reason="needs corpus/gold")
def test_folds_report_the_mean_held_out_metric_and_train_on_everything(tiny, tmp_path, capsys):  # noqa: F811
    code, out, err = _train(capsys, "--init", tiny["model"], "--gold", *GOLD[:2], "--folds", "2",
                            "--replay", "0", "--out", tmp_path / "m", *FAST, "--epochs", "1")
    assert code == 0, err
    dev = out["metrics"]["dev"]
    assert dev["folds"] == 2 and len(dev["per_fold"]) == 2
    held = [f for p in dev["per_fold"] for f in p["dev_files"]]
    assert sorted(held) == sorted(map(str, GOLD[:2]))  # each gold file held out exactly once
    m = [p["section_macro_f1"] for p in dev["per_fold"]]
    assert dev["section_macro_f1"] == pytest.approx(sum(m) / 2, abs=1e-5)
    assert dev["lines"] == sum(p["lines"] for p in dev["per_fold"])
    assert "stage B epoch 1/1 train loss" in err and "train acc" in err  # the final model: nothing held out
    tr = _training(tmp_path / "m")
    assert tr["train_documents"] == 2 and tr["replay"] == 0 and tr["dev_documents"] == 0
    assert "2-fold" in tr["dev_source"] and "2-fold" in out["calibration"]["fitted_on"]


def test_calibration_fitted_on_training_data_is_named_train(tiny, tmp_path):  # noqa: F811
    from test_model import DOCS
    from gainlp.model.train import TrainConfig, train
    cfg = TrainConfig(stage_a_steps=2, stage_a_batch=4, stage_b_epochs=1, context_dim=32)
    logs: list[str] = []
    _, _, cal = train(DOCS[:2], [], out=tmp_path / "m", base_model=str(tiny["base"]), cfg=cfg, log=logs.append)
    assert cal.fitted_on == "train" and cal.metrics and all(k.startswith("train_") for k in cal.metrics)
    assert not any("dev acc" in m or m.startswith("viterbi weight") and ": dev " in m for m in logs)
    assert _training(tmp_path / "m")["metrics"]["dev"] is None
