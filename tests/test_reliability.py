"""CLI and output reliability (issue 16): output paths checked before any work, interrupts,
workers that die with their parent, --resume that never mixes engines, records that name
their engine and model, honest ``map`` summaries, and the small things."""
import argparse
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gainlp.cli import build_parser, main
from gainlp.report import find_problems

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
CLI = [sys.executable, "-m", "gainlp.cli"]


def run_cli(*args):
    return main([str(a) for a in args])


def stderr_lines(capsys):
    return [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]


@pytest.fixture
def no_labeling(monkeypatch):
    """Fails the test if the command starts labeling."""
    def refuse(*a, **k):
        raise AssertionError("labeling started before the output was checked")
    monkeypatch.setattr("gainlp.commands.label.label_many", refuse)
    monkeypatch.setattr("gainlp.commands.map.label_many", refuse)


@pytest.fixture(scope="module")
def many(tmp_path_factory, seeds):
    """A folder of 800 small reports: a rules run over it takes a few seconds."""
    d = tmp_path_factory.mktemp("many")
    for i in range(800):
        shutil.copyfile(seeds[i % len(seeds)], d / f"{i:04d}.txt")
    return d


def start(args, cwd):
    return subprocess.Popen(CLI + [str(a) for a in args], cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for_lines(path: Path, n: int, proc, timeout: float = 60.0) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if path.exists() and path.read_text(encoding="utf-8").count("\n") >= n:
            return
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.05)
    raise AssertionError(f"{path} never got {n} lines")


def children(pid: int) -> set[int]:
    """Descendant processes of ``pid`` (from /proc)."""
    parent_of = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            parent_of[int(d)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, frontier = set(), {pid}
    while frontier:
        frontier = {c for c, p in parent_of.items() if p in frontier} - out
        out |= frontier
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- 1. output location checked before any work ----------------------------------------------
def test_output_folder_is_a_one_line_error_before_any_work(seeds, tmp_path, capsys, no_labeling):
    outdir = tmp_path / "outdir"
    outdir.mkdir()
    assert run_cli("label", *seeds, "-o", outdir, "--engine", "rules") == 2
    err = stderr_lines(capsys)
    assert len(err) == 1 and "folder" in err[0] and str(outdir) in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outdir"]   # no outdir.partial / outdir.tmp
    assert list(outdir.iterdir()) == []


@pytest.mark.parametrize("target", ["/proc/x.jsonl", "{tmp}/missing/dir/x.jsonl"])
def test_unwritable_output_is_a_one_line_error_before_any_work(seeds, tmp_path, capsys, no_labeling, target):
    out = target.format(tmp=tmp_path)
    assert run_cli("label", *seeds, "-o", out, "--engine", "rules") == 2
    err = stderr_lines(capsys)
    assert len(err) == 1 and err[0].startswith("gainlp label: cannot write") and out in err[0]
    assert not Path(out).parent.exists() or not any(Path(out).parent.glob("x.jsonl*"))


def test_unwritable_output_has_no_traceback_from_the_console(seeds):
    proc = subprocess.run(CLI + ["label", str(seeds[0]), "-o", "/proc/x.jsonl", "--engine", "rules"],
                          capture_output=True, text=True, env=ENV)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_map_checks_its_output_before_any_work(seeds, tmp_path, capsys, no_labeling):
    assert run_cli("map", seeds[0], "-o", tmp_path, "--engine", "rules") == 2
    assert len(stderr_lines(capsys)) == 1


# -- 2. interrupts ----------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["sigint", "sigint-group-jobs2", "sigterm"])
def test_interrupt_prints_one_line_with_the_resume_command(many, tmp_path, how):
    out = tmp_path / "out.jsonl"
    jobs = ["--jobs", "2"] if "jobs2" in how else []
    proc = start(["label", many, "-o", out, "--engine", "rules", *jobs], tmp_path)
    wait_for_lines(tmp_path / "out.jsonl.partial", 3, proc)
    if how == "sigterm":
        proc.send_signal(signal.SIGTERM)
    elif "group" in how:
        os.killpg(proc.pid, signal.SIGINT)   # what a terminal's Ctrl-C does: workers get it too
    else:
        proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == (143 if how == "sigterm" else 130), err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "interrupted" in lines[0]
    cmd = lines[0].split("continue with: ", 1)[1]
    assert cmd.startswith("gainlp label ") and cmd.endswith("--resume")
    partial = (tmp_path / "out.jsonl.partial").read_text(encoding="utf-8").splitlines()
    assert 3 <= len(partial) < 800 and not out.exists()
    # the printed command finishes the job without redoing what is done
    argv = shlex.split(cmd)
    done = subprocess.run(CLI + argv[1:], cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    docs = [json.loads(x)["doc"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert docs == sorted(str(p) for p in many.iterdir())
    assert f"({len(partial)} already done)" in done.stderr


# -- 3. workers die with their parent ----------------------------------------------------------
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_exit_when_the_parent_is_killed(many, tmp_path):
    proc = start(["label", many, "-o", tmp_path / "out.jsonl", "--engine", "rules", "--jobs", "2"], tmp_path)
    wait_for_lines(tmp_path / "out.jsonl.partial", 3, proc)
    kids = children(proc.pid)
    assert len(kids) >= 2
    proc.kill()
    proc.wait(timeout=10)
    t0 = time.monotonic()
    while time.monotonic() - t0 < 5 and any(alive(k) for k in kids):
        time.sleep(0.1)
    left = [k for k in kids if alive(k)]
    for k in left:  # clean up before failing
        os.kill(k, signal.SIGKILL)
    assert not left, f"workers still alive 5 s after kill -9 of their parent: {left}"


# -- 4. --resume never mixes engines or models ---------------------------------------------------
def test_resume_refuses_another_engine(seeds, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out.jsonl"
    assert run_cli("label", *seeds[:2], "-o", out, "--engine", "rules") == 0
    before = out.read_text(encoding="utf-8")
    capsys.readouterr()
    monkeypatch.setattr("gainlp.commands.label.label_many", lambda *a, **k: pytest.fail("labeling started"))
    assert run_cli("label", *seeds, "-o", out, "--engine", "auto", "--resume") == 2
    err = stderr_lines(capsys)
    assert len(err) == 1 and "cannot --resume" in err[0] and "--engine rules" in err[0] and "--engine auto" in err[0]
    assert out.read_text(encoding="utf-8") == before


def test_resume_refuses_another_model(seeds, tmp_path, capsys, monkeypatch):
    model = tmp_path / "gainlp-zh-test-v9"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"   # left by an interrupted run with another model
    partial.write_text(json.dumps({"doc": str(seeds[0]), "engine": "model", "model": "gainlp-zh-small-v1",
                                   "segments": []}) + "\n", encoding="utf-8")
    monkeypatch.setattr("gainlp.commands.label.label_many", lambda *a, **k: pytest.fail("labeling started"))
    assert run_cli("label", *seeds[:2], "-o", out, "--engine", "model", "--model", model, "--resume") == 2
    err = stderr_lines(capsys)
    assert len(err) == 1 and "gainlp-zh-small-v1" in err[0] and "gainlp-zh-test-v9" in err[0]
    assert partial.read_text(encoding="utf-8").count("\n") == 1 and not out.exists()


def test_resume_with_the_same_engine_goes_on(seeds, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run_cli("label", *seeds[:2], "-o", out, "--engine", "rules") == 0
    assert run_cli("label", *seeds[:3], "-o", out, "--engine", "rules", "--resume") == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


# -- 5. every record names its engine and model ---------------------------------------------------
class FakeLabeler:
    """Stands in for the network: agrees with the rules, very sure of itself."""

    def predict_lines(self, lines, *, rule_labels=None, fmt=None):
        from gainlp.labels import ROLES, SECTIONS
        from gainlp.model.labeler import LinePrediction
        return [LinePrediction(s, r, 0.99, {x: 0.99 * (x == s) for x in SECTIONS},
                               {x: 0.99 * (x == r) for x in ROLES}) for s, r in rule_labels]

    def label(self, text, *, source=None, rule_labels=None, fmt=None):
        from gainlp.report import Report, Segment, split_lines
        lines = split_lines(text)
        return Report(text=text, source=source, format=fmt or "unknown", engine="model", lines=lines,
                      segments=[Segment(ln.start, ln.end, ln.index, s, r, 0.99)
                                for ln, (s, r) in zip(lines, rule_labels)])


@pytest.mark.parametrize("engine", ["auto", "model", "rules"])
def test_records_name_their_engine_and_model(seeds, tmp_path, monkeypatch, engine):
    model = tmp_path / "gainlp-zh-fake-v7"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr("gainlp.pipeline._model_labeler", lambda path: FakeLabeler())
    out = tmp_path / "out.jsonl"
    assert run_cli("label", *seeds[:2], "-o", out, "--engine", engine, "--model", model) == 0
    for line in out.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        assert obj["engine"] == engine
        assert obj["model"] == (None if engine == "rules" else "gainlp-zh-fake-v7")


def test_auto_without_a_model_says_so(seeds, tmp_path):
    out = tmp_path / "out.jsonl"
    with pytest.warns(UserWarning, match="model engine unavailable"):
        assert run_cli("label", seeds[0], "-o", out, "--engine", "auto", "--model", tmp_path / "none") == 0
    obj = json.loads(out.read_text(encoding="utf-8"))
    assert obj["engine"] == "auto" and obj["model"] is None


# -- 6. map: honest summary, bounded issues ---------------------------------------------------------
def test_map_summary_never_calls_unmade_checks_passed(tmp_path, capsys):
    doc = tmp_path / "no_tables.txt"
    doc.write_text("某某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度我县认真做好政府信息公开工作。\n",
                   encoding="utf-8")
    assert run_cli("map", doc, "--engine", "rules", "-o", tmp_path / "m.jsonl") == 0
    err = stderr_lines(capsys)
    assert len(err) == 1
    assert "0 failed" not in err[0] and "0 FAIL" not in err[0]
    assert "none could be made" in err[0] and "NOT_ASSESSABLE" in err[0] and "T3 not found" in err[0]


def test_map_summary_counts_each_verdict(seeds, tmp_path, capsys):
    out = tmp_path / "m.jsonl"
    assert run_cli("map", *seeds, "--engine", "rules", "-o", out) == 0
    objs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    err = stderr_lines(capsys)[-1]
    for verdict in ("PASS", "FAIL", "NOT_ASSESSABLE"):
        n = sum(o["summary"]["checks"][verdict] for o in objs)
        assert f"{n} {verdict}" in err


def test_map_issue_entries_are_bounded(seeds, monkeypatch):
    from gainlp.pipeline import label
    from gainlp.standard import mapper
    from gainlp.standard.schema import Issue
    original = mapper.parse_t3

    def junk_t3(region, hint):
        table, issues = original(region, hint)
        issues.append(Issue("orphan_values", "140000 value(s) not under any T3 row label " + "x" * 5000,
                            "T3", None, (0, 1), [str(i) * 50 for i in range(140_000)]))
        return table, issues

    monkeypatch.setattr(mapper, "parse_t3", junk_t3)
    obj = mapper.map_report(label(seeds[0], engine="rules")).to_dict()
    issue = next(i for i in obj["issues"] if i["code"] == "orphan_values")
    assert len(issue["raw"]) <= 20 and all(len(r) <= 250 for r in issue["raw"])
    assert "139,980 more" in issue["message"] and len(issue["message"]) < 1000
    assert len(json.dumps(obj["issues"], ensure_ascii=False)) < 20_000


# -- 7. small things --------------------------------------------------------------------------------
def test_empty_input_warns_and_gets_a_valid_empty_record(seeds, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert run_cli("label", empty, seeds[0], "-o", out, "--engine", "rules") == 0
    err = capsys.readouterr().err
    assert "warning" in err and str(empty) in err and str(seeds[0]) not in err
    obj = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert obj["doc"] == str(empty) and obj["n_chars"] == 0 and obj["sections"] == []
    assert all(s["role"] == "blank" for s in obj["segments"])


def test_a_single_failure_prints_its_reason_with_output_file(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    out = tmp_path / "out.jsonl"
    assert run_cli("label", bad, "-o", out, "--engine", "rules") == 1
    err = capsys.readouterr().err
    reason = json.loads((tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8"))["error"]
    assert f"FAILED {bad}: {reason}" in err


@pytest.mark.parametrize("command", ["label", "map", "view", "suggest", "train", "pretrain"])
def test_options_have_help_with_their_default(command):
    parser = build_parser(load=command)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[command]
    for action in sub._actions:
        if not action.option_strings or action.dest == "help":
            continue
        assert action.help, f"{command} {action.option_strings[0]} has no help"
        if action.default not in (None, False, [], argparse.SUPPRESS) or action.dest in ("format", "engine"):
            assert "default" in action.help, f"{command} {action.option_strings[0]}: no stated default"


def test_labels_jsonl_is_ignored_by_git():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        assert "labels.jsonl" in (ROOT / ".gitignore").read_text().split()
        return
    proc = subprocess.run(["git", "check-ignore", "-q", "labels.jsonl"], cwd=ROOT)
    assert proc.returncode == 0


def test_rules_output_meets_the_contract_with_the_new_fields(seeds, tmp_path):
    """The added ``model`` field leaves the record valid (segments cover the text)."""
    from gainlp.report import Report, Segment
    out = tmp_path / "out.jsonl"
    assert run_cli("label", seeds[1], "-o", out, "--engine", "rules") == 0
    obj = json.loads(out.read_text(encoding="utf-8"))
    text = seeds[1].read_text(encoding="utf-8")
    segs = [Segment(s["start"], s["end"], s["line"], s["section"], s["role"], s["confidence"])
            for s in obj["segments"]]
    assert find_problems(Report(text=text, segments=segs, format=obj["format"])) == []
    assert list(obj)[:4] == ["doc", "n_chars", "engine", "model"]
