"""Smoke tests of the BERT line labeler: tiny pretrain + train on hand-made reports, then
real checks (round trip, label validity, load errors, retraining, the shipped model)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from gainlp.labels import ROLES, SECTIONS  # noqa: E402
from gainlp.model import LineLabelerModel, ModelLabeler, ModelLoadError  # noqa: E402
from gainlp.model.data import Document  # noqa: E402
from gainlp.model.decode import transition_counts, viterbi  # noqa: E402
from gainlp.model.features import ContextSpec, line_markers, numbering  # noqa: E402

from gainlp.pipeline import default_model_path  # noqa: E402

SHIPPED = default_model_path() or Path("models/none")


def _report(agency: str, year: int, n_rules: int, pdf_style: bool) -> Document:
    rows: list[tuple[str, str, str]] = [
        ("front", "title", f"{agency}{year}年政府信息公开工作年度报告"),
        ("front", "body", f"本报告依据《中华人民共和国政府信息公开条例》编制，统计期限自{year}年1月1日起至12月31日止。"),
        ("s1", "heading", "一、总体情况"),
        ("s1", "body", f"{year}年，{agency}认真贯彻落实政务公开工作要求。"),
        ("s1.1", "heading", "（一）主动公开"),
        ("s1.1", "body", f"全年主动公开政府信息{n_rules * 7}条。"),
        ("s1.5", "heading", "（五）监督保障"),
        ("s1.5", "body", "加强组织领导，开展业务培训。"),
        ("s2", "heading", "二、主动公开政府信息情况"),
        ("s2", "table_caption", "第二十条第（一）项"),
        ("s2", "table_header", "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数"),
        ("s2", "table_row", f"规章 | {n_rules} | 0 | {n_rules + 3}"),
        ("s3", "heading", "三、收到和处理政府信息公开申请情况"),
        ("s3", "table_row", f"一、本年新收政府信息公开申请数量 | {n_rules} | 0 | {n_rules}"),
        ("s4", "heading", "四、政府信息公开行政复议、行政诉讼情况"),
        ("s4", "table_row", "0 | 0 | 0 | 0 | 0"),
        ("s5", "heading", "五、存在的主要问题及改进情况"),
        ("s5", "body", "公开内容不够全面，下一步将进一步规范。"),
        ("s6", "heading", "六、其他需要报告的事项"),
        ("s6", "body", "无。"),
        ("back", "body", agency),
    ]
    if pdf_style:
        rows.insert(8, ("s1.5", "noise", "- 1 -"))
    secs, roles, lines = [], [], []
    for s, r, t in rows:
        secs.append(s), roles.append(r), lines.append(t)
        if pdf_style:
            secs.append(s), roles.append("blank"), lines.append("")
    return Document(lines, secs, roles, source=f"{agency}-{year}")


DOCS = [_report(a, y, n, p) for a, y, n, p in [
    ("泗水县商务局", 2021, 3, False), ("洪泽区人民政府", 2023, 5, True),
    ("淮安市交通局", 2022, 2, False), ("某市公安局", 2020, 8, True), ("某县教育局", 2024, 1, False)]]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict[str, Path]:
    torch.set_num_threads(2)
    from gainlp.model.pretrain import pretrain
    from gainlp.model.tokenizer import build_vocab, make_tokenizer
    from gainlp.model.train import TrainConfig, train

    root = tmp_path_factory.mktemp("tiny")
    texts = [d.text for d in DOCS]
    tok = make_tokenizer(build_vocab(texts, jieba_chars=300, max_size=2000))
    pretrain(texts, tok, root / "base", steps=8, layers=1, hidden=32, heads=2, intermediate=64,
             seq_len=48, batch_size=8, log=lambda m: None)
    cfg = TrainConfig(stage_a_steps=8, stage_a_batch=8, stage_b_epochs=3, context_dim=32)
    train(DOCS[:4], DOCS[4:], out=root / "model", base_model=str(root / "base"), cfg=cfg, log=lambda m: None)
    return {"root": root, "base": root / "base", "model": root / "model"}


def test_pretrained_base_is_a_plain_hf_bert(tiny):
    from transformers import BertForMaskedLM
    m = BertForMaskedLM.from_pretrained(str(tiny["base"]), local_files_only=True)
    assert m.config.num_hidden_layers == 1 and m.config.hidden_size == 32
    assert (tiny["base"] / "model.safetensors").is_file()


def test_model_folder_is_hf_style(tiny):
    cfg = json.loads((tiny["model"] / "config.json").read_text(encoding="utf-8"))
    assert cfg["section_id2label"] == {str(i): s for i, s in enumerate(SECTIONS)}
    assert cfg["role_id2label"] == {str(i): r for i, r in enumerate(ROLES)}
    assert cfg["id2label"] == cfg["section_id2label"]
    for name in ("model.safetensors", "tokenizer.json", "calibration.json"):
        assert (tiny["model"] / name).is_file()
    assert not list(tiny["model"].glob("*.bin")) and not list(tiny["model"].glob("*.pt"))


def test_predictions_are_valid_and_cover_every_line(tiny):
    lab = ModelLabeler.from_pretrained(tiny["model"])
    doc = DOCS[1]
    preds = lab.predict_lines(doc.lines)
    assert len(preds) == len(doc.lines)
    for line, p in zip(doc.lines, preds):
        assert p.section in SECTIONS and p.role in ROLES
        assert (p.role == "blank") == (not line.strip())
        assert 0.0 <= p.confidence <= 1.0
        assert math.isclose(sum(p.section_probs.values()), 1.0, abs_tol=1e-4)
        assert math.isclose(sum(p.role_probs.values()), 1.0, abs_tol=1e-4)
    report = lab.label(doc.text, source="x.txt")
    report.validate()
    assert report.engine == "model" and len(report.segments) == len(doc.lines)
    assert lab.predict_lines([]) == [] and lab.predict_lines(["", " "])[1].role == "blank"


def test_save_load_round_trip_gives_identical_predictions(tiny, tmp_path):
    lab = ModelLabeler.from_pretrained(tiny["model"])
    lab.model.save_pretrained(tmp_path / "copy", tokenizer=lab.tokenizer, calibration=lab.calibration)
    lab2 = ModelLabeler.from_pretrained(tmp_path / "copy")
    for doc in DOCS[:2]:
        a, b = lab.predict_lines(doc.lines), lab2.predict_lines(doc.lines)
        assert [(p.section, p.role) for p in a] == [(p.section, p.role) for p in b]
        np.testing.assert_allclose([p.confidence for p in a], [p.confidence for p in b], rtol=0, atol=1e-6)


def test_a_base_model_without_safetensors_is_refused(tiny, tmp_path):
    import shutil
    from safetensors.torch import load_file
    from gainlp.model.train import TrainConfig, build_from_base
    base = tmp_path / "pickled"
    shutil.copytree(tiny["base"], base)
    torch.save(load_file(str(base / "model.safetensors")), base / "pytorch_model.bin")
    (base / "model.safetensors").unlink()
    with pytest.raises(ValueError, match="never loads pickled weights"):
        build_from_base(str(base), TrainConfig())
    model, _ = build_from_base(str(tiny["base"]), TrainConfig())
    assert model.encoder.config.hidden_size == 32


def test_load_errors_name_the_path(tiny, tmp_path):
    with pytest.raises(ModelLoadError, match="nowhere"):
        ModelLabeler.from_pretrained(tmp_path / "nowhere")
    import shutil
    bad = tmp_path / "corrupt"
    shutil.copytree(tiny["model"], bad)
    (bad / "model.safetensors").write_bytes(b"\x00garbage" * 10)
    with pytest.raises(ModelLoadError, match="corrupt"):
        LineLabelerModel.from_pretrained(bad)
    (bad / "model.safetensors").unlink()
    with pytest.raises(ModelLoadError, match="model.safetensors is missing"):
        ModelLabeler.from_pretrained(bad)
    (bad / "model.safetensors").write_bytes((tiny["model"] / "model.safetensors").read_bytes())
    (bad / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelLoadError, match="config.json"):
        ModelLabeler.from_pretrained(bad)


def test_retraining_continues_from_a_labeler(tiny, tmp_path):
    from gainlp.model.train import TrainConfig, train
    before = LineLabelerModel.from_pretrained(tiny["model"]).transition_counts.sum().item()
    cfg = TrainConfig(stage_a_steps=2, stage_a_batch=4, stage_b_epochs=1)
    train(DOCS[4:], [], out=tmp_path / "re", init=str(tiny["model"]), cfg=cfg, log=lambda m: None)
    again = LineLabelerModel.from_pretrained(tmp_path / "re")
    assert again.transition_counts.sum().item() > before  # counts accumulate, nothing forgotten
    assert again.config.context_dim == 32


def test_suggest_command_ranks_documents(tiny, tmp_path, capsys):
    from gainlp.cli import main
    for d in DOCS[:3]:
        (tmp_path / f"{d.source}.txt").write_text(d.text, encoding="utf-8")
    assert main(["suggest", str(tmp_path), "--model", str(tiny["model"]), "-n", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["documents"]) == 3 and len(out["lines"]) == 5
    scores = [d["score"] for d in out["documents"]]
    assert scores == sorted(scores)


def test_viterbi_is_argmax_without_weight_and_smooths_with_it():
    emis = np.log(np.array([[0.9, 0.1], [0.4, 0.6], [0.9, 0.1]]))
    counts = transition_counts([[0] * 50 + [1] * 50], 2)
    trans = np.log((counts[:2] + 0.5) / (counts[:2] + 0.5).sum(1, keepdims=True))
    start = np.log((counts[2] + 0.5) / (counts[2] + 0.5).sum())
    assert viterbi(emis, trans, start, 0.0).tolist() == [0, 1, 0]
    assert viterbi(emis, trans, start, 1.0).tolist() == [0, 0, 0]


def test_viterbi_keeps_the_top_level_section_on_kept_lines():
    S = {s: i for i, s in enumerate(SECTIONS)}
    p = np.full((4, len(SECTIONS)), 1e-3)
    for t, (sec, prob) in enumerate([("s6", 0.99), ("s5", 0.9), ("s6", 0.99), ("s1.2", 0.9)]):
        p[t, S[sec]] = prob
    p[3, S["s1.1"]] = 0.05
    emis = np.log(p / p.sum(1, keepdims=True))
    flat = np.zeros((len(SECTIONS), len(SECTIONS)))
    start = np.zeros(len(SECTIONS))
    assert viterbi(emis, flat, start, 0.0).tolist() == [S["s6"], S["s5"], S["s6"], S["s1.2"]]
    keep = np.array([False, True, False, False])
    assert viterbi(emis, flat, start, 0.0, keep).tolist() == [S["s6"], S["s6"], S["s6"], S["s1.2"]]
    # a kept line may still move between subsections of 总体情况
    p2 = np.full((2, len(SECTIONS)), 1e-3)
    p2[0, S["s1.1"]], p2[1, S["s1.4"]] = 0.99, 0.99
    assert viterbi(np.log(p2), flat, start, 0.0, np.array([False, True])).tolist() == [S["s1.1"], S["s1.4"]]


def test_level3_lines_keep_the_section_unless_the_rules_see_a_damaged_part_heading():
    from gainlp.model.features import rule_features, section_kept
    lines = ["五、存在的主要问题及改进情况", "公开内容不够全面。", "六、其他需要报告的事项",
             "（二）落实政务公开工作要点情况如下：", "（1）主要工作开展情况", "全年公开信息42条。",
             "3、 收到和处理政府信息公开申请情况"]
    labels = [("s5", "heading"), ("s5", "body"), ("s6", "heading"), ("s6", "body"), ("s6", "heading"),
              ("s6", "body"), ("s3", "heading")]
    idx = list(range(len(lines)))
    keep = section_kept(lines, idx, rule_features(lines, idx, labels))
    assert keep.tolist() == [False, False, False, False, True, False, False]


def test_transitions_are_conditioned_on_the_detected_format(tiny):
    model = LineLabelerModel.from_pretrained(tiny["model"])
    S = {s: i for i, s in enumerate(SECTIONS)}
    model.transition_counts.zero_()
    model.format_transition_counts.zero_()
    std = [S["s1"]] * 5 + [S["s5"]] * 5 + [S["s6"]] * 5
    old = [S["s1"]] * 5 + [S["s6"]] * 5 + [S["s5"]] * 5
    model.add_transitions([std] * 20 + [old] * 20, ["std2021"] * 20 + ["old"] * 20)
    pooled, _ = model.transition_logp(0.5)
    t21, _ = model.transition_logp(0.5, "std2021")
    t_old, _ = model.transition_logp(0.5, "old")
    t_unknown, _ = model.transition_logp(0.5, "unknown")  # no counts: the pooled estimate
    back = (S["s6"], S["s5"])
    assert t21[back] < pooled[back] - 2.0 < t_old[back] - 2.0
    assert torch.allclose(t_unknown, pooled, atol=1e-6)


def test_a_model_saved_without_format_transitions_still_loads(tiny, tmp_path):
    from safetensors.torch import load_file, save_file
    import shutil
    old = tmp_path / "old"
    shutil.copytree(tiny["model"], old)
    state = load_file(str(old / "model.safetensors"))
    del state["format_transition_counts"]
    save_file(state, str(old / "model.safetensors"))
    model = LineLabelerModel.from_pretrained(old)
    assert float(model.format_transition_counts.abs().sum()) == 0.0
    pooled, _ = model.transition_logp(0.5)
    assert torch.allclose(model.transition_logp(0.5, "std2021")[0], pooled, atol=1e-6)


@pytest.mark.parametrize("line,marker", [
    ("一、总体情况", "[N1]"), ("（一）主动公开", "[N2]"), ("(二)依申请公开", "[N2]"), ("1、 概述", "[N3]"),
    ("（5） 监督保障情况", "[N4]"), ("①规章", "[N5]"), ("?????一、總體情況", "[N1]"), ("2023年1月", "[N0]"),
    ("一是加强领导", "[N0]"), ("1.5万元", "[N0]"),
])
def test_numbering_markers(line, marker):
    assert numbering(line) == marker


def test_number_and_page_markers():
    assert "[PAGE]" in line_markers("- 3 -") and "[NUM]" in line_markers("2807.19万元")
    assert "[TAB]" in line_markers("\t规章") and "[NUM]" not in line_markers("规章")


@pytest.mark.skipif(not (SHIPPED / "config.json").is_file(), reason="no shipped model in models/")
def test_shipped_model_loads_offline_and_labels_a_report(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    size = sum(f.stat().st_size for f in SHIPPED.rglob("*") if f.is_file())
    assert size <= 30 * 1024 * 1024
    lab = ModelLabeler.from_pretrained(SHIPPED)
    doc = DOCS[0]
    preds = lab.predict_lines(doc.lines)
    assert len(preds) == len(doc.lines)
    got = [p.section for p in preds]
    assert got[0] == "front" and got[doc.lines.index("二、主动公开政府信息情况")] == "s2"
    assert preds[doc.lines.index("一、总体情况")].role == "heading"


def test_stage_b_windows_cover_each_document_once_per_weight():
    import random
    from gainlp.model.data import encode_document
    from gainlp.model.train import Prepared, _windows
    doc = DOCS[1]
    doc_heavy = Document(doc.lines, doc.sections, doc.roles, weight=3.0)
    items = [Prepared(encode_document(d, ContextSpec()), [])
             for d in (doc, doc_heavy)]
    wins = _windows(items, 7, random.Random(0))
    for it, reps in zip(items, (1, 3)):
        spans = sorted((w.start, w.end) for w in wins if w.item is it)
        covered = sum(e - s for s, e in spans)
        assert covered == reps * len(it.enc.idx) and all(0 < e - s <= 7 for s, e in spans)


def test_a_flattened_report_is_cut_into_valid_segments(tiny):
    from gainlp.model.segment import expand, should_split
    filler = "本机关坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。"
    flat = " ".join(ln for ln in DOCS[0].lines[:9] + [filler] * 12 + DOCS[0].lines[9:] if ln)
    assert should_split(flat) and not should_split(filler * 30)
    pseudo, origin = expand(["标题", flat])
    assert len(pseudo) > 10 and "".join(pseudo[1:]) == flat and origin[0] == (0, 0, 2)
    lab = ModelLabeler.from_pretrained(tiny["model"])
    report = lab.label("标题\n" + flat + "\n")
    report.validate()
    assert len(lab.predict_lines(["标题", flat, ""])) == 3


def test_long_documents_go_through_the_network_in_overlapping_windows(tiny, monkeypatch):
    lab = ModelLabeler.from_pretrained(tiny["model"])
    windowed = ModelLabeler(lab.model, lab.tokenizer, lab.calibration, max_window=12, window_overlap=3)
    lines = [ln for d in DOCS[:2] for ln in d.lines]  # 63 lines
    calls = []
    forward = windowed.forward
    monkeypatch.setattr(windowed, "forward", lambda enc, ids: calls.append(len(enc.doc.lines)) or forward(enc, ids))
    preds = windowed.predict_lines(lines)
    assert len(preds) == len(lines) and max(calls) <= 12 and len(calls) == math.ceil(len(lines) / 6)
    assert [p.role == "blank" for p in preds] == [not ln.strip() for ln in lines]
    # the first window's core (lines 0..5) is labeled exactly as a pass over lines[:9] labels it
    direct = lab.predict_lines(lines[:9])
    assert [(p.section, p.role) for p in preds[:6]] == [(p.section, p.role) for p in direct[:6]]
    with pytest.raises(ValueError):
        ModelLabeler(lab.model, lab.tokenizer, max_window=6, window_overlap=3)


def test_label_many_with_the_model_in_parallel_matches_sequential_and_isolates_failures(tiny, tmp_path):
    from gainlp.pipeline import LabelFailure, label_many
    paths = []
    for k, doc in enumerate(DOCS):
        p = tmp_path / f"r{k}.txt"
        p.write_text(doc.text, encoding="utf-8")
        paths.append(p)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 64)
    paths.insert(2, bad)
    runs = {jobs: list(label_many(paths, engine="model", model=tiny["model"], jobs=jobs, on_error="yield"))
            for jobs in (1, 2)}
    for jobs, res in runs.items():
        assert isinstance(res[2], LabelFailure) and "bad.txt" in res[2].source
        assert [r.source for r in res if not isinstance(r, LabelFailure)] == [str(p) for p in paths if p != bad]
    seq, par = ([[(s.section, s.role) for s in r.segments] for r in runs[j] if not isinstance(r, LabelFailure)]
                for j in (1, 2))
    assert seq == par
    assert all(r.engine == "model" for r in runs[2] if not isinstance(r, LabelFailure))


def test_lines_the_rules_know_by_form_skip_the_encoder(tmp_path):
    """With ``shallow_form_lines`` the encoder runs only on lines the rules did not place in
    a table or mark as noise; the others enter the context layer as mean token embeddings."""
    from gainlp.labels import FORM_ROLES
    from gainlp.model.train import TrainConfig, train
    from gainlp.rules import RuleLabeler
    base = tmp_path / "base"
    from gainlp.model.pretrain import pretrain
    from gainlp.model.tokenizer import build_vocab, make_tokenizer
    texts = [d.text for d in DOCS]
    tok = make_tokenizer(build_vocab(texts, jieba_chars=300, max_size=2000))
    pretrain(texts, tok, base, steps=4, layers=1, hidden=32, heads=2, intermediate=64, seq_len=48, batch_size=8,
             log=lambda m: None)
    cfg = TrainConfig(stage_a_steps=4, stage_a_batch=8, stage_b_epochs=2, context_dim=32, shallow_form_lines=True,
                      rule_features=True)
    train(DOCS[:4], DOCS[4:], out=tmp_path / "m", base_model=str(base), cfg=cfg, log=lambda m: None)
    lab = ModelLabeler.from_pretrained(tmp_path / "m")
    assert lab.model.config.shallow_form_lines
    doc = DOCS[1]
    rules = RuleLabeler().label(doc.text).line_labels()
    deep = [ln for ln, (_, role) in zip(doc.lines, rules) if ln.strip() and role not in FORM_ROLES]
    assert 0 < len(deep) < sum(1 for ln in doc.lines if ln.strip())
    seen = []
    encode = lab.model.encode
    lab.model.encode = lambda ids, mask: seen.append(int(ids.shape[0])) or encode(ids, mask)
    preds = lab.predict_lines(doc.lines)
    assert len(set(deep)) == len(deep)  # no repeated input: each deep line is encoded once
    assert sum(seen) == len(deep) and len(preds) == len(doc.lines)
    cfg_json = json.loads((tmp_path / "m" / "config.json").read_text(encoding="utf-8"))
    cfg_json["rule_features"] = False
    (tmp_path / "m" / "config.json").write_text(json.dumps(cfg_json), encoding="utf-8")
    with pytest.raises(ModelLoadError, match="shallow_form_lines needs rule_features"):
        ModelLabeler.from_pretrained(tmp_path / "m")


def test_the_encoder_subfolder_loads_with_transformers_bertmodel(tiny, tmp_path):
    """``save_pretrained`` writes the encoder as a plain BERT folder (``encoder/``) and every
    other weight once, in the main ``model.safetensors``; ``BertModel.from_pretrained`` on
    ``encoder/`` gives the labeler's own encoder outputs."""
    from safetensors import safe_open
    from transformers import BertModel
    lab = ModelLabeler.from_pretrained(tiny["model"])
    lab.save_pretrained(tmp_path / "saved")
    main = safe_open(str(tmp_path / "saved" / "model.safetensors"), "pt")
    enc = safe_open(str(tmp_path / "saved" / "encoder" / "model.safetensors"), "pt")
    assert not any(k.startswith("encoder.") for k in main.keys())
    assert set(main.keys()) | {f"encoder.{k}" for k in enc.keys()} == set(lab.model.state_dict())
    hf = BertModel.from_pretrained(str(tmp_path / "saved" / "encoder"), add_pooling_layer=False,
                                   local_files_only=True).eval()
    ids = torch.randint(5, hf.config.vocab_size, (3, 12))
    mask = torch.ones_like(ids)
    mask[1, 7:] = 0
    mask[2, 3:] = 0
    with torch.inference_mode():
        theirs = hf(input_ids=ids, attention_mask=mask).last_hidden_state
        ours = lab.model.encoder(ids, mask)
        cls = lab.model.encode(ids, mask)
    real = mask.bool()
    torch.testing.assert_close(ours[real], theirs[real], rtol=0, atol=1e-5)
    torch.testing.assert_close(cls, theirs[:, 0], rtol=0, atol=1e-5)


def test_the_single_file_layout_still_loads(tiny, tmp_path):
    """Folders saved before ``encoder/`` (the shipped v5 model): one ``model.safetensors``
    with the encoder under an ``encoder.`` prefix."""
    import shutil
    from safetensors.torch import load_file, save_file
    old = tmp_path / "old"
    shutil.copytree(tiny["model"], old)
    state = load_file(str(old / "model.safetensors"))
    state.update({f"encoder.{k}": v for k, v in load_file(str(old / "encoder" / "model.safetensors")).items()})
    save_file(state, str(old / "model.safetensors"))
    shutil.rmtree(old / "encoder")
    a, b = ModelLabeler.from_pretrained(tiny["model"]), ModelLabeler.from_pretrained(old)
    for doc in DOCS[:2]:
        pa, pb = a.predict_lines(doc.lines), b.predict_lines(doc.lines)
        assert [(p.section, p.role, p.confidence) for p in pa] == [(p.section, p.role, p.confidence) for p in pb]
    (old / "encoder").mkdir()
    with pytest.raises(ModelLoadError, match="encoder/config.json is missing"):
        ModelLabeler.from_pretrained(old)


def test_labeling_with_the_model_does_not_import_transformers(tiny):
    """Inference runs on the plain-torch encoder and the ``tokenizers`` library: importing
    transformers would add seconds to every cold start."""
    import subprocess
    import sys
    code = ("import sys, gainlp; nlp = gainlp.load(engine='model', model=sys.argv[1]); "
            "r = nlp.label_text(sys.argv[2]); "
            "print(r.engine, sorted(m for m in ('transformers', 'datasets', 'sklearn', 'jieba') if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code, str(tiny["model"]), DOCS[0].text],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.split() == ["model", "[]"]


def test_training_writes_a_model_card_with_front_matter(tiny):
    yaml = pytest.importorskip("yaml")
    card = (tiny["model"] / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n")
    meta = yaml.safe_load(card.split("---\n")[1])
    assert meta["license"] == "mit" and meta["language"] == ["zh"] and meta["metrics"] == ["f1"]
    assert meta["datasets"] and meta["library_name"] == "gainlp"
    results = meta["model-index"][0]["results"][0]
    assert "dev" in results["dataset"]["name"]
    assert {m["name"] for m in results["metrics"]} >= {"role macro-F1 (lines)"}


def test_the_inference_tokenizer_gives_the_ids_of_the_training_tokenizer(tiny):
    from gainlp.model.features import context_strings
    from gainlp.model.tokenizer import LineTokenizer, load_tokenizer
    fast, light = load_tokenizer(tiny["model"]), LineTokenizer(tiny["model"])
    inputs = [s for d in DOCS for s in context_strings(d.lines)[1]] + ["繁體字 ABC １２３ [CELL] x"]
    for n in (8, 64):
        assert light(inputs, max_length=n)["input_ids"] == fast(inputs, truncation=True, max_length=n,
                                                                add_special_tokens=True)["input_ids"]
    assert light.pad_token_id == fast.pad_token_id and len(light) == len(fast)


def test_the_shipped_model_encoder_loads_with_transformers_bertmodel():
    from transformers import BertModel
    from gainlp.pipeline import default_model_path
    folder = default_model_path()
    if folder is None:
        pytest.skip("no shipped model")
    hf, info = BertModel.from_pretrained(str(folder / "encoder"), add_pooling_layer=False, local_files_only=True,
                                         output_loading_info=True)
    assert not info["missing_keys"] and not info["unexpected_keys"], info
    lab = ModelLabeler.from_pretrained(folder)
    ids = torch.randint(5, hf.config.vocab_size, (2, 10))
    with torch.inference_mode():
        theirs = hf.eval()(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state[:, 0]
        ours = lab.model.encode(ids, torch.ones_like(ids))
    torch.testing.assert_close(ours, theirs, rtol=0, atol=1e-5)
