"""A wheel behaves like the checkout: it bundles the default model and the synthetic-data
corpus, and a rules-only install (no torch) labels with the rules."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                          "-q", "-w", str(out)], capture_output=True, text=True, timeout=600)
    if res.returncode != 0:
        pytest.fail(res.stderr[-2000:])
    (whl,) = out.glob("gainlp-*.whl")
    return whl


def test_the_wheel_bundles_the_default_model_and_the_synth_corpus(wheel):
    from gainlp.pipeline import default_model_path
    names = set(zipfile.ZipFile(wheel).namelist())
    model = default_model_path().name
    for f in ("config.json", "model.safetensors", "calibration.json", "tokenizer.json",
              "encoder/config.json", "encoder/model.safetensors"):
        assert f"gainlp/_bundled/models/{model}/{f}" in names, f
    for f in ("headings.json", "lexicon.json", "web.json"):
        assert f"gainlp/_bundled/synth/{f}" in names, f
    assert "gainlp/data/aliases.json" in names and "gainlp/data/review/review.js" in names
    for f in ("boundaries.npz", "title_end.npz"):  # the segmenter's learned cuts
        assert f"gainlp/data/cuts/{f}" in names, f


def test_torch_is_an_extra_not_a_dependency():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = " ".join(meta["dependencies"])
    assert "torch" not in base and "transformers" not in base
    assert any(d.startswith("torch") for d in meta["optional-dependencies"]["model"])


def test_without_torch_the_rules_label_and_auto_falls_back(tmp_path):
    """torch and transformers made unimportable, as in ``pip install gainlp`` without
    ``[model]``: the rules engine works, ``auto`` warns once and uses the rules, and nothing
    imports torch."""
    script = textwrap.dedent(f"""
        import sys, warnings
        sys.modules["torch"] = None
        sys.modules["transformers"] = None
        import gainlp
        text = open({str(ROOT / "corpus" / "seeds" / "000_1f87cd3b0422029d.txt")!r}, encoding="utf-8").read()
        r = gainlp.label_text(text, engine="rules")
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            a = gainlp.label_text(text)
        print(r.engine, a.engine, a.meta.get("model"), len(w), a.segments == r.segments)
    """)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.split() == ["rules", "auto", "None", "1", "True"]
