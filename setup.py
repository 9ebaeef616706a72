"""Bundle the shipped model and the synthetic-data corpus into the wheel.

``models/`` and ``corpus/synth/`` sit at the top of the repository (the project's fixed
layout); a wheel carries them as package data under ``gainlp/_bundled/`` so that an
installed gainlp behaves like the checkout (``gainlp.pipeline.default_model_path``,
``gainlp.synth.corpus.CORPUS_DIR``). Everything else is in ``pyproject.toml``.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithBundledData(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "gainlp" / "_bundled"
        models = sorted(p for p in (ROOT / "models").glob("*") if (p / "config.json").is_file())
        if models:  # the default model: the last folder by name, as in the checkout
            shutil.copytree(models[-1], target / "models" / models[-1].name, dirs_exist_ok=True)
        if (ROOT / "corpus" / "synth").is_dir():
            shutil.copytree(ROOT / "corpus" / "synth", target / "synth", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithBundledData})
