"""The labeler object (``gainlp.load`` → ``Labeler``), explicit paths and text, segment text and
provenance, error types, and portable model folders (issue 15, items 2 and 3)."""
import json
import os
import warnings
from importlib import resources
from pathlib import Path

import pytest

import gainlp
from gainlp import pipeline
from gainlp.labels import ROLES, SECTIONS
from gainlp.pipeline import LabelFailure, default_model_path
from gainlp.readers import ReadError
from gainlp.report import Report, Segment

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
SEED_OLD = ROOT / "corpus" / "seeds" / "003_6a689565cf0ce9fc.txt"  # a pre-2019 report: parts named by title
OLD_TITLE = "十一、政府信息公开工作存在的主要问题及改进情况"
CUSTOM_TITLE = "十一、年度工作复盘"  # no packaged alias knows 复盘
TEXT = "某县2021年政府信息公开工作年度报告\n一、总体情况\n正文。\n\n五、存在的主要问题及改进情况\n问题。"


def custom_aliases(path: Path) -> Path:
    """The packaged aliases plus one user alias: a part title with 复盘 is part 5 (s5)."""
    d = json.loads(resources.files("gainlp").joinpath("data/aliases.json").read_text(encoding="utf-8"))
    d["part_headings"]["entries"].insert(0, {"std": "s5", "patterns": ["复盘"]})
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return path


def custom_report_text() -> str:
    text = SEED_OLD.read_text(encoding="utf-8")
    assert OLD_TITLE in text
    return text.replace(OLD_TITLE, CUSTOM_TITLE)


def part_of(report: Report, title: str) -> list[str]:
    """Sections of the heading line ``title`` and of the lines after it up to the next
    heading or blank line (in the seed: its four paragraphs, then the appendix)."""
    lines = [ln.text for ln in report.lines]
    i = lines.index(title)
    labels = report.line_labels()
    out = [labels[i][0]]
    for sec, role in labels[i + 1:]:
        if role in ("heading", "blank"):
            break
        out.append(sec)
    return out


class FakeModel:
    """Stands in for the network: ``section`` on every non-blank line, very sure of itself."""

    def __init__(self, section: str = "s6", role: str = "body") -> None:
        self.section, self.role, self.calls = section, role, []

    def predict_lines(self, lines, *, rule_labels=None, fmt=None):
        from gainlp.model.labeler import LinePrediction
        self.calls.append(rule_labels)
        out = []
        for ln, (s, r) in zip(lines, rule_labels):
            sec, role = (s, "blank") if not ln.strip() else (self.section, self.role)
            out.append(LinePrediction(sec, role, 0.99, {x: 0.99 * (x == sec) for x in SECTIONS},
                                      {x: 0.99 * (x == role) for x in ROLES}))
        return out

    def label(self, text, *, source=None, rule_labels=None, fmt=None):
        from gainlp.report import Report, Segment, split_lines
        lines = split_lines(text)
        preds = self.predict_lines([ln.text for ln in lines], rule_labels=rule_labels, fmt=fmt)
        return Report(text=text, source=source, format=fmt or "unknown", engine="model", lines=lines,
                      segments=[Segment(ln.start, ln.end, ln.index, p.section, p.role, p.confidence)
                                for ln, p in zip(lines, preds)])


# -- 1. the labeler object ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped_with_alias(tmp_path_factory):
    if default_model_path() is None:
        pytest.skip("no shipped model in models/")
    aliases = custom_aliases(tmp_path_factory.mktemp("aliases") / "my.json")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nlp = gainlp.load(engine="auto", aliases=aliases)
    assert not [w for w in caught if "model engine unavailable" in str(w.message)]  # no fallback
    return nlp, aliases


def test_custom_alias_reaches_the_model_engine(shipped_with_alias, tmp_path):
    nlp, aliases = shipped_with_alias
    assert nlp.model is not None and nlp.model_error is None
    assert nlp.rules.aliases == str(aliases)
    text = custom_report_text()
    report = nlp.label_text(text, source="custom.txt")
    assert report.engine == "auto" and report.meta["model"] == nlp.model_version
    assert part_of(report, CUSTOM_TITLE) == ["s5"] * 5
    # without the alias the same heading lands elsewhere: the alias is what places it
    plain = gainlp.load(engine="auto").label_text(text)
    assert part_of(plain, CUSTOM_TITLE)[0] != "s5"
    # the same through a path, the wrappers and worker processes (rules run in the workers)
    f = tmp_path / "custom.txt"
    f.write_text(text, encoding="utf-8")
    assert part_of(nlp(f), CUSTOM_TITLE)[0] == "s5"
    assert part_of(gainlp.label(f, aliases=aliases), CUSTOM_TITLE)[0] == "s5"
    for jobs in (1, 2):
        got = list(nlp.pipe([f, f], jobs=jobs))
        assert [part_of(r, CUSTOM_TITLE)[0] for r in got] == ["s5", "s5"]
        got = list(gainlp.label_many([f], engine="auto", aliases=aliases, jobs=jobs))
        assert part_of(got[0], CUSTOM_TITLE)[0] == "s5" and got[0].meta["model"] == nlp.model_version


def test_rules_engine_uses_the_aliases_in_worker_processes(tmp_path):
    aliases = custom_aliases(tmp_path / "my.json")
    f = tmp_path / "custom.txt"
    f.write_text(custom_report_text(), encoding="utf-8")
    for jobs in (1, 2):
        custom = list(gainlp.label_many([f], engine="rules", aliases=aliases, jobs=jobs))[0]
        plain = list(gainlp.label_many([f], engine="rules", jobs=jobs))[0]
        assert part_of(custom, CUSTOM_TITLE)[0] == "s5" and part_of(plain, CUSTOM_TITLE)[0] != "s5"


def test_the_model_is_loaded_once_per_labeler_and_held_by_it(tmp_path, monkeypatch):
    folder = tmp_path / "gainlp-zh-fake-v1"
    folder.mkdir()
    (folder / "config.json").write_text("{}", encoding="utf-8")
    loads = []
    monkeypatch.setattr(pipeline, "_model_labeler", lambda path: loads.append(path) or FakeModel())
    a = gainlp.load(engine="model", model=folder)
    for _ in range(3):
        a.label_text(TEXT)
    assert loads == [str(folder)]
    b = gainlp.load(engine="model", model=folder)
    assert len(loads) == 2 and a.model is not b.model  # no module-level cache shared between objects
    assert a.model_version == "gainlp-zh-fake-v1"
    assert a.label_text(TEXT).meta["model"] == "gainlp-zh-fake-v1"


def test_the_merge_policy_is_an_attribute_that_can_be_replaced():
    model = FakeModel("s6")
    nlp = gainlp.load(engine="auto", model=model, min_confidence=0.5)
    assert nlp.model is model and nlp.combine is pipeline.combine
    seen = []

    def policy(rules_report, preds, *, min_confidence, model_roles):
        seen.append((min_confidence, model_roles, len(preds)))
        return rules_report

    nlp.combine = policy
    report = nlp.label_text(TEXT)
    assert seen == [(0.5, False, len(report.lines))]
    assert report.engine == "auto"
    # the rules' labels went to the model as its rule features
    assert model.calls[-1] == gainlp.load(engine="rules").label_text(TEXT).line_labels()
    forced = gainlp.load(engine="model", model=model, combine=policy)
    assert forced.label_text(TEXT).engine == "model"
    assert len(seen) == 1  # engine="model" merges nothing: it is the model's own output


def test_engine_and_confidence_are_checked():
    with pytest.raises(ValueError, match="engine must be one of"):
        gainlp.load(engine="bert")
    with pytest.raises(ValueError, match="min_confidence"):
        gainlp.load(engine="rules", min_confidence=1.5)
    with pytest.raises(ValueError, match="on_error"):
        gainlp.load(engine="rules").pipe([], on_error="ignore")  # checked at the call, not lazily


# -- 2. paths and text are explicit ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["missing.docx", "missing.TXT", "reports/missing.pdf", "a/b/c",
                                  " missing.html"])
def test_a_missing_path_raises_instead_of_being_labeled_as_text(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError):
        gainlp.label(name, engine="rules")
    with pytest.raises(FileNotFoundError):
        gainlp.load(engine="rules")(name)
    with pytest.raises(FileNotFoundError):
        gainlp.read(name)
    # explicit text is never taken for a path
    assert gainlp.load(engine="rules").label_text(name).text == name


def test_pathlike_and_text_inputs(tmp_path, monkeypatch):
    nlp = gainlp.load(engine="rules")
    with pytest.raises(FileNotFoundError):
        nlp(tmp_path / "missing.txt")
    f = tmp_path / "r.txt"
    f.write_text(TEXT, encoding="utf-8")
    assert gainlp.read(f) == TEXT and gainlp.read(str(f)) == TEXT
    for arg in (f, str(f)):
        r = nlp(arg)
        assert r.text == TEXT and r.source == str(f)
    monkeypatch.chdir(tmp_path)
    assert gainlp.label("r.txt", engine="rules").source == "r.txt"
    # one-line texts with slashes, spaces or sentence punctuation are text
    for text in ("一、总体情况 2021/12/31", "详见http://www.gov.cn/a/b。", "总体情况"):
        assert nlp(text).text == text and nlp(text).source is None
    with pytest.raises(TypeError):
        nlp(b"bytes")


# -- 3. segments -------------------------------------------------------------------------------------
def test_segments_have_their_text_and_engine():
    report = gainlp.label_text(TEXT, engine="rules")
    assert [s.engine for s in report.segments] == ["rules"] * len(report.segments)
    for seg in report.segments:
        assert seg.text == TEXT[seg.start:seg.end]
    by_line: dict[int, str] = {}
    for seg in report.segments:
        by_line[seg.line] = by_line.get(seg.line, "") + seg.text
    assert [by_line[ln.index] for ln in report.lines] == TEXT.split("\n")
    alone = Segment(0, 2, 0, "front", "title")
    with pytest.raises(ValueError, match="no Report"):
        alone.text
    assert alone == Segment(0, 2, 0, "front", "title", engine="model")  # provenance is not a label


def test_merged_segments_record_which_engine_labeled_them():
    auto = gainlp.load(engine="auto", model=FakeModel("s6"), min_confidence=0.5).label_text(TEXT)
    rules = gainlp.load(engine="rules").label_text(TEXT)
    for a, r in zip(auto.segments, rules.segments):
        changed = (a.section, a.role) != (r.section, r.role)
        assert a.engine == ("model" if changed else "rules")
        assert a.text == r.text
    assert {s.engine for s in auto.segments} == {"model", "rules"}
    forced = gainlp.load(engine="model", model=FakeModel("s6")).label_text(TEXT)
    assert {s.engine for s in forced.segments} == {"model"}


# -- 4. errors keep their types ------------------------------------------------------------------------
@pytest.mark.parametrize("jobs", [1, 2])
def test_label_many_reraises_the_original_exception(tmp_path, jobs):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    binary = tmp_path / "bad.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError):
        list(gainlp.label_many([good, missing], engine="rules", jobs=jobs))
    with pytest.raises(ReadError, match="bad.txt"):
        list(gainlp.label_many([good, binary], engine="rules", jobs=jobs))
    got = list(gainlp.label_many([good, missing, binary], engine="rules", jobs=jobs, on_error="yield"))
    assert isinstance(got[0], Report)
    assert isinstance(got[1], LabelFailure) and got[1].error.startswith("FileNotFoundError")
    assert isinstance(got[2], LabelFailure) and got[2].error.startswith("ReadError")


def test_a_failing_postprocess_keeps_its_type(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(TEXT, encoding="utf-8")

    def boom(report):
        raise KeyError("postprocess")

    with pytest.raises(KeyError):
        list(gainlp.load(engine="rules").pipe([f], postprocess=boom))


@pytest.mark.parametrize("error", [OSError("disk"), ImportError("No module named 'torch'"), "ModelLoadError"])
def test_expected_load_failures_fall_back_to_the_rules_in_auto(tmp_path, monkeypatch, error):
    if error == "ModelLoadError":
        from gainlp.model import ModelLoadError
        error = ModelLoadError(tmp_path, "model.safetensors is missing")

    def fail(path):
        raise error

    monkeypatch.setattr(pipeline, "_model_labeler", fail)
    with pytest.warns(UserWarning, match="model engine unavailable"):
        nlp = gainlp.load(engine="auto", model=tmp_path / f"m-{type(error).__name__}")
    assert nlp.model is None and nlp.model_version is None and str(error) in nlp.model_error
    report = nlp.label_text(TEXT)
    assert report.engine == "auto" and report.meta["model"] is None
    with pytest.raises(type(error)):
        gainlp.load(engine="model", model=tmp_path)
    # label_many in model mode with on_error="yield": one failure per file, as before
    got = list(gainlp.label_many([tmp_path / "a.txt", tmp_path / "b.txt"], engine="model",
                                 model=tmp_path / "x", on_error="yield"))
    assert [type(g) for g in got] == [LabelFailure, LabelFailure]


def test_a_bug_while_loading_the_model_propagates(tmp_path, monkeypatch):
    def bug(path):
        raise TypeError("unexpected keyword argument")

    monkeypatch.setattr(pipeline, "_model_labeler", bug)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TypeError):
            gainlp.load(engine="auto", model=tmp_path)
        with pytest.raises(TypeError):
            gainlp.label_text(TEXT, engine="auto", model=tmp_path / "bug")


def test_a_missing_model_folder_falls_back_in_auto(tmp_path):
    with pytest.warns(UserWarning, match="model engine unavailable"):
        nlp = gainlp.load(engine="auto", model=tmp_path / "nowhere")
    assert nlp.model is None and "nowhere" in nlp.model_error
    from gainlp.model import ModelLoadError
    with pytest.raises(ModelLoadError, match="nowhere"):
        gainlp.load(engine="model", model=tmp_path / "nowhere")


# -- 5. portable model folders -----------------------------------------------------------------------
MODEL_DIRS = sorted(p for p in MODELS.iterdir() if (p / "config.json").is_file()) if MODELS.is_dir() else []


@pytest.mark.parametrize("folder", MODEL_DIRS, ids=[p.name for p in MODEL_DIRS])
def test_no_absolute_path_in_a_model_folder(folder):
    for f in sorted(folder.iterdir()):
        if f.suffix in (".json", ".md", ".txt"):
            text = f.read_text(encoding="utf-8")
            for root in ("/work", "/root", "/tmp", "/home"):
                assert root not in text, f"{f.name} holds {root}"
    enc = json.loads((folder / "config.json").read_text(encoding="utf-8"))["encoder"]
    assert "architectures" not in enc and "_name_or_path" not in enc


def test_portable_config_relativizes_every_path(tmp_path):
    from gainlp.model.labeler import portable_config
    root = tmp_path / "proj"
    d = {"encoder": {"_name_or_path": str(root / "runs/base"), "architectures": ["BertForMaskedLM"],
                     "hidden_size": 8},
         "model_type": "gainlp-line-labeler", "architectures": ["LineLabelerModel"],
         "training": {"base_model": str(root / "runs/base"),
                      "command": f"gainlp train --gold {root}/corpus/gold --out={root}/models/m --steps 4",
                      "gold_files": [str(root / "corpus/gold/a.tsv"), str(tmp_path / "shared/b.tsv")],
                      "seconds": 1.5}}
    out = portable_config(d, root=root)
    assert out["encoder"] == {"hidden_size": 8} and out["architectures"] == ["LineLabelerModel"]
    tr = out["training"]
    assert tr["base_model"] == os.path.join("runs", "base")
    assert tr["command"] == "gainlp train --gold corpus/gold --out=models/m --steps 4"
    assert tr["gold_files"] == ["corpus/gold/a.tsv", "../shared/b.tsv"] and tr["seconds"] == 1.5
    assert str(tmp_path) not in json.dumps(out)
    assert d["encoder"]["architectures"] == ["BertForMaskedLM"]  # the input is left alone


def test_save_pretrained_round_trip(tmp_path):
    from gainlp.model import ModelLabeler
    from gainlp.pipeline import default_model_path
    src = default_model_path()
    lab = ModelLabeler.from_pretrained(src)
    out = tmp_path / "copy"
    lab.save_pretrained(out, root=tmp_path)
    for name in ("config.json", "model.safetensors", "calibration.json", "tokenizer.json"):
        assert (out / name).is_file(), name
    cfg = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert "architectures" not in cfg["encoder"] and "_name_or_path" not in cfg["encoder"]
    assert cfg["training"] == json.loads((src / "config.json").read_text(encoding="utf-8"))["training"]
    again = ModelLabeler.from_pretrained(out)
    lines = SEED_OLD.read_text(encoding="utf-8").split("\n")[:60]
    a, b = lab.predict_lines(lines), again.predict_lines(lines)
    assert [(p.section, p.role) for p in a] == [(p.section, p.role) for p in b]
    assert all(abs(x.confidence - y.confidence) < 1e-6 for x, y in zip(a, b))
    assert again.calibration == lab.calibration
    assert pipeline.model_version(out) == "copy"


def test_the_model_engine_is_exactly_the_model_labeler():
    """One model engine: ``engine="model"`` returns what ``ModelLabeler.label`` returns (the
    model's own segments and labels), flattened lines included."""
    from gainlp.annotation import read_tsv
    from gainlp.augment import flatten
    from gainlp.model import ModelLabeler
    from gainlp.pipeline import default_model_path
    lab = ModelLabeler.from_pretrained(default_model_path())
    nlp = gainlp.load(engine="model")
    gold = sorted((ROOT / "corpus" / "gold").glob("*.tsv"))
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))[:2]]
    texts.append(flatten(read_tsv(gold[2]), sep="").text)
    for text in texts:
        want, got = lab.label(text), nlp.label_text(text)
        assert [(s.start, s.end, s.section, s.role) for s in got.segments] == \
            [(s.start, s.end, s.section, s.role) for s in want.segments]
        assert got.engine == "model"
    assert len({s.line for s in got.segments}) < len(got.segments)  # the flattened line is cut


@pytest.mark.parametrize("engine", ["model", "auto"])
def test_model_workers_label_as_this_process_does(engine, tmp_path):
    """With ``jobs=2`` each worker runs the whole pipeline on its own copy of the model (on
    fewer torch threads); the labels and the engine are those of one process."""
    seeds = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))[:3]
    nlp = gainlp.load(engine=engine)
    one = list(nlp.pipe(seeds, jobs=1))
    two = list(nlp.pipe(seeds, jobs=2))
    assert [r.source for r in two] == [r.source for r in one]
    for a, b in zip(one, two):
        assert b.engine == a.engine == engine and b.meta["model"] == a.meta["model"]
        assert [(s.start, s.end, s.section, s.role) for s in b.segments] == \
            [(s.start, s.end, s.section, s.role) for s in a.segments]
        assert [s.confidence for s in b.segments] == pytest.approx([s.confidence for s in a.segments], abs=1e-4)
