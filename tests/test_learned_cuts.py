"""The learned cuts of the segmenter (gainlp.learned_cuts): training, saving, the packaged models."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from gainlp.learned_cuts import (BoundaryModel, TitleEndModel, boundary_candidates, default_boundary_model,
                                 default_title_end_model, load_cut_models)
from gainlp.rules import RuleLabeler
from gainlp.rules.vocab import load_vocabulary
from gainlp.segment import rule_cuts, segment_line

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
from train_cuts import boundary_rows, flattened, synth, title_end_examples  # noqa: E402

# an old-format page joined with nothing: part titles of its own, unknown to the vocabulary,
# each running straight into its first sentence
RUN_IN = ("某局2012年政府信息公开工作年度报告" "一、健全组织、强化领导根据县政府信息公开工作的统一部署，我局完善组织，明确分工。"
          "二、丰富载体、拓宽渠道我局依托门户网站公开政府信息，全年更新信息120条。"
          "三、规范程序、依法答复全年共受理政府信息公开申请5件，均在规定期限内答复。")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cuts")
    return (list(flattened(synth(60, 11, "train", tmp / "train"))),
            list(flattened(synth(15, 12, "heldout", tmp / "heldout"), views=({"sep": ""},))))


def test_the_title_end_model_learns_where_titles_end(synthetic):
    train, held = synthetic
    vocab = load_vocabulary()
    model = TitleEndModel().fit(title_end_examples(train), vocab)
    examples = list(title_end_examples(held))
    assert len(examples) > 50
    right = sum(model.predict(line, start, vocab) == gold for line, start, gold in examples)
    never = sum(gold is None for _, _, gold in examples)  # the baseline that never cuts a title off
    # 0.74-0.84 over generator seeds with these sample sizes; never cutting scores about 0.2
    assert right / len(examples) > 0.7 and right > 2 * never, (right, never, len(examples))


def test_the_boundary_model_separates_boundaries_from_inline_markers(synthetic, tmp_path):
    train, held = synthetic
    vocab = load_vocabulary()
    model = BoundaryModel().fit_rows(*boundary_rows(train, vocab))
    feats, y = boundary_rows(held, vocab)
    p = model.probabilities(feats)
    y = np.asarray(y)
    assert 0 < y.sum() < len(y)
    assert p[y == 1].mean() > p[y == 0].mean() + 0.3
    model.save_pretrained(tmp_path / "boundaries.npz")
    again = BoundaryModel.from_pretrained(tmp_path / "boundaries.npz")
    assert np.allclose(again.probabilities(feats[:50]), p[:50])
    with pytest.raises(ValueError, match="boundaries.npz.*not a TitleEndModel"):
        TitleEndModel.from_pretrained(tmp_path / "boundaries.npz")


def test_the_boundary_model_keeps_the_rule_cuts_and_adds_the_ones_it_is_sure_of():
    vocab = load_vocabulary()
    found = rule_cuts(RUN_IN, vocab)
    assert found is not None
    inside = {c for c in found.cuts if 0 < c < len(RUN_IN)}  # a cut at 0 is the line's start
    cands, markers = boundary_candidates(RUN_IN, found, vocab)
    assert set(cands) > inside and {RUN_IN.index("二、"), RUN_IN.index("三、")} <= markers
    sure = BoundaryModel(bias=10.0, thresholds={"add": 0.5})
    unsure = BoundaryModel(bias=-10.0, thresholds={"add": 0.5})
    assert sure.decide(RUN_IN, found, vocab) - {0} == set(cands)
    assert unsure.decide(RUN_IN, found, vocab) == found.cuts


def test_the_packaged_models_cut_titles_that_run_into_the_text():
    assert default_boundary_model() is not None and default_title_end_model() is not None
    vocab = load_vocabulary()
    titles = ("一、健全组织、强化领导", "二、丰富载体、拓宽渠道", "三、规范程序、依法答复")
    learned = [RUN_IN[a:b] for a, b in segment_line(RUN_IN, vocab)]
    rules_only = [RUN_IN[a:b] for a, b in segment_line(RUN_IN, vocab, boundaries=None, title_ends=None)]
    assert not any(t in rules_only for t in titles)  # the vocabulary knows none of these titles
    found = [t for t in titles if t in learned]
    assert len(found) >= 2, learned
    report = RuleLabeler().label(RUN_IN)
    heads = {report.text[s.start:s.end]: s for s in report.segments if s.role == "heading"}
    for t in found:
        assert t in heads, (t, list(heads))


def test_cut_models_from_a_folder_or_none(tmp_path):
    assert load_cut_models(None) == (None, None)
    TitleEndModel(bias=-10.0).save_pretrained(tmp_path / "title_end.npz")
    boundaries, title_ends = load_cut_models(tmp_path)
    assert boundaries is None and title_ends is not None
    assert RuleLabeler(cuts=tmp_path).title_ends.bias == -10.0
    with pytest.raises(FileNotFoundError, match="nope"):
        RuleLabeler(cuts=tmp_path / "nope")


def test_the_rules_engine_is_the_rules_alone_and_auto_cuts_with_the_learned_models():
    from gainlp import load
    rules = load(engine="rules")
    assert rules.rules.boundaries is None and rules.rules.title_ends is None
    auto = load(engine="auto")
    assert auto.rules.boundaries is default_boundary_model() and auto.rules.title_ends is default_title_end_model()
    vocab = load_vocabulary()
    assert [RUN_IN[s.start:s.end] for s in rules.label_text(RUN_IN).segments] == \
        [RUN_IN[a:b] for a, b in segment_line(RUN_IN, vocab, boundaries=None, title_ends=None)]
