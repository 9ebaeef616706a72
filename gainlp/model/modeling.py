"""The line labeler network: a BERT line encoder, line-level heads (stage A), and a
document-level BiLSTM over line vectors with joint section/role heads (stage B).

Saved as a Hugging Face style folder (weights with safetensors only, never pickle):

* ``config.json`` — the labeler (label maps for both heads, the encoder's ``BertConfig``);
* ``encoder/config.json`` + ``encoder/model.safetensors`` — the BERT encoder, loadable with
  ``transformers.BertModel.from_pretrained(folder / "encoder", add_pooling_layer=False)``
  (the tokenizer files are in the main folder);
* ``model.safetensors`` — every other weight (heads, BiLSTM, transition counts);
* tokenizer files and ``calibration.json`` (temperatures, Viterbi weight).

Folders written before the ``encoder/`` subfolder (one ``model.safetensors`` with the encoder
under an ``encoder.`` prefix) still load.
"""
from __future__ import annotations

import ctypes
import json
import os
import warnings
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ..labels import FORMATS, ROLES, SECTIONS
from .bert import BertEncoder
from .decode import transition_counts
from .features import N_FEATURES, ContextSpec

MODEL_TYPE = "gainlp-line-labeler"
CONFIG_NAME = "config.json"
WEIGHTS_NAME = "model.safetensors"
ENCODER_DIR = "encoder"
ENCODER_PREFIX = "encoder."
CALIBRATION_NAME = "calibration.json"


def configure_torch(threads: int | None = None) -> None:
    """CPU settings for training and inference. Flushing denormals matters: without it a
    freshly initialized BERT runs several times slower on x86 once weights get tiny."""
    torch.set_flush_denormal(True)
    if threads:
        torch.set_num_threads(threads)


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def release_memory() -> None:
    """Give freed heap back to the OS (glibc only). Without it, a long batch grows by
    fragmentation: ~+40% RSS over 120 reports, flat with a trim after each report."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class ModelLoadError(RuntimeError):
    """A model folder that is missing, incomplete or corrupt; the message names the path."""

    def __init__(self, path: str | os.PathLike, reason: str) -> None:
        self.path = str(path)
        super().__init__(f"cannot load gainlp model from {self.path}: {reason}")


@dataclass
class Calibration:
    section_temperature: float = 1.0
    role_temperature: float = 1.0
    viterbi_weight: float = 0.5
    transition_alpha: float = 0.5
    # pseudo-counts of the pooled transition distribution added to each format's own counts
    format_prior: float = 10.0
    fitted_on: str = "none"
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass
class ModelConfig:
    encoder: dict[str, Any]
    context_dim: int = 256
    context_layers: int = 1
    dropout: float = 0.1
    n_features: int = N_FEATURES
    rule_features: bool = False
    shallow_form_lines: bool = False
    context: dict[str, int] = field(default_factory=lambda: asdict(ContextSpec()))
    sections: list[str] = field(default_factory=lambda: list(SECTIONS))
    roles: list[str] = field(default_factory=lambda: list(ROLES))
    training: dict[str, Any] = field(default_factory=dict)

    @property
    def spec(self) -> ContextSpec:
        return ContextSpec(**self.context)

    @property
    def input_features(self) -> int:
        return self.n_features + (len(SECTIONS) + len(ROLES) if self.rule_features else 0)

    def to_json_dict(self) -> dict[str, Any]:
        sec = {str(i): s for i, s in enumerate(self.sections)}
        rol = {str(i): r for i, r in enumerate(self.roles)}
        d = asdict(self)
        d.update({
            "model_type": MODEL_TYPE,
            "architectures": ["LineLabelerModel"],
            "id2label": sec,
            "label2id": {s: i for i, s in enumerate(self.sections)},
            "section_id2label": sec,
            "section_label2id": {s: i for i, s in enumerate(self.sections)},
            "role_id2label": rol,
            "role_label2id": {r: i for i, r in enumerate(self.roles)},
        })
        return d

    @classmethod
    def from_json_dict(cls, d: dict[str, Any]) -> "ModelConfig":
        if d.get("model_type") != MODEL_TYPE:
            raise ValueError(f"model_type is {d.get('model_type')!r}, expected {MODEL_TYPE!r}")
        keys = {f for f in cls.__dataclass_fields__}
        cfg = cls(**{k: v for k, v in d.items() if k in keys})
        if cfg.shallow_form_lines and not cfg.rule_features:
            raise ValueError("shallow_form_lines needs rule_features")
        if tuple(cfg.sections) != SECTIONS or tuple(cfg.roles) != ROLES:
            raise ValueError("label set differs from gainlp.labels")
        return cfg


class LineLabelerModel(nn.Module):
    def __init__(self, config: ModelConfig, encoder: BertEncoder | None = None) -> None:
        super().__init__()
        self.config = config
        self.encoder = encoder if encoder is not None else BertEncoder(config.encoder)
        h = self.encoder.config.hidden_size
        n_sec, n_role = len(config.sections), len(config.roles)
        d = config.context_dim
        self.line_section = nn.Linear(h, n_sec)
        self.line_role = nn.Linear(h, n_role)
        # the context layer also reads the stage-A line heads' logits (frozen in stage B)
        self.ctx_in = nn.Sequential(nn.Linear(h + config.input_features + n_sec + n_role, d), nn.GELU(),
                                    nn.Dropout(config.dropout))
        self.ctx = nn.LSTM(d, d // 2, num_layers=config.context_layers, batch_first=True,
                           bidirectional=True,
                           dropout=config.dropout if config.context_layers > 1 else 0.0)
        self.section_head = nn.Linear(2 * d, n_sec)
        self.role_head = nn.Linear(2 * d, n_role)
        # Section-order statistics of the training data (row n_sec = document start), pooled
        # and per detected format (FORMATS order): part order is strict in the standard
        # formats but not in old ones. Kept as counts so that retraining adds to them.
        self.register_buffer("transition_counts", torch.zeros(n_sec + 1, n_sec))
        self.register_buffer("format_transition_counts", torch.zeros(len(FORMATS), n_sec + 1, n_sec))

    # -- stage A: one line at a time ------------------------------------------------------
    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids, attention_mask, cls_only=True)

    def shallow_encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Mean input embedding of each line: the vector of a line the rules recognise by form
        (``ModelConfig.shallow_form_lines``), at a tiny fraction of the encoder's cost."""
        emb = self.encoder.embeddings.word_embeddings(input_ids)
        m = attention_mask.unsqueeze(-1).to(emb.dtype)
        return (emb * m).sum(1) / m.sum(1).clamp(min=1.0)

    def line_logits(self, vectors: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.line_section(vectors), self.line_role(vectors)

    # -- stage B: whole documents ---------------------------------------------------------
    def context_logits(self, vectors: torch.Tensor, features: torch.Tensor,
                       lengths: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """``vectors`` [B, T, H] and ``features`` [B, T, F] → section [B, T, S], role [B, T, R]."""
        with torch.no_grad():
            line_sec, line_role = self.line_logits(vectors)
        x = self.ctx_in(torch.cat([vectors, features, line_sec, line_role], dim=-1))
        # oneDNN's LSTM kernel is ~10x slower than the native one on these CPUs
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*TF32.*")
            with torch.backends.mkldnn.flags(enabled=False):
                if lengths is not None and x.shape[0] > 1:
                    packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True,
                                                               enforce_sorted=False)
                    y, _ = self.ctx(packed)
                    y, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=x.shape[1])
                else:
                    y, _ = self.ctx(x)
        z = torch.cat([y, x], dim=-1)
        return self.section_head(z), self.role_head(z)

    def add_transitions(self, sequences: list[list[int]], formats: list[str]) -> None:
        """Add the section-id sequences of training documents (with their detected formats)."""
        n_sec = len(self.config.sections)
        self.transition_counts += torch.from_numpy(transition_counts(sequences, n_sec)).float()
        for f, fmt in enumerate(FORMATS):
            seqs = [s for s, g in zip(sequences, formats) if g == fmt]
            self.format_transition_counts[f] += torch.from_numpy(transition_counts(seqs, n_sec)).float()

    def transition_logp(self, alpha: float = 0.5, fmt: str | None = None,
                        prior: float = 10.0) -> tuple[torch.Tensor, torch.Tensor]:
        """Smoothed log P(next | prev) and log P(first): soft constraints, nothing banned.
        With ``fmt``, that format's counts plus ``prior`` pseudo-counts spread as the pooled
        distribution (a format seen rarely in training falls back to the pooled one)."""
        c = self.transition_counts + alpha
        p = c / c.sum(dim=1, keepdim=True)
        if fmt in FORMATS:
            own = self.format_transition_counts[FORMATS.index(fmt)]
            p = (own + prior * p) / (own.sum(dim=1, keepdim=True) + prior)
        logp = torch.log(p)
        return logp[:-1], logp[-1]

    # -- persistence ----------------------------------------------------------------------
    def save_pretrained(self, path: str | os.PathLike, *, tokenizer=None,
                        calibration: Calibration | None = None) -> None:
        """Write the folder layout of the module docstring (``encoder/`` + the rest)."""
        from safetensors.torch import save_file
        path = Path(path)
        (path / ENCODER_DIR).mkdir(parents=True, exist_ok=True)
        self.config.encoder = self.encoder.config.to_dict()
        (path / CONFIG_NAME).write_text(
            json.dumps(self.config.to_json_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        (path / ENCODER_DIR / CONFIG_NAME).write_text(
            json.dumps(self.config.encoder, ensure_ascii=False, indent=2), encoding="utf-8")
        state = {k: v.detach().contiguous().cpu() for k, v in self.state_dict().items()}
        encoder = {k[len(ENCODER_PREFIX):]: v for k, v in state.items() if k.startswith(ENCODER_PREFIX)}
        rest = {k: v for k, v in state.items() if not k.startswith(ENCODER_PREFIX)}
        save_file(encoder, str(path / ENCODER_DIR / WEIGHTS_NAME), metadata={"format": "pt"})
        save_file(rest, str(path / WEIGHTS_NAME), metadata={"format": "pt", "model_type": MODEL_TYPE,
                                                           "encoder": ENCODER_DIR})
        if tokenizer is not None:
            from .tokenizer import save_tokenizer
            save_tokenizer(tokenizer, path)
        if calibration is not None:
            (path / CALIBRATION_NAME).write_text(
                json.dumps(asdict(calibration), ensure_ascii=False, indent=2), encoding="utf-8")

    @classmethod
    def from_pretrained(cls, path: str | os.PathLike) -> "LineLabelerModel":
        """Load a folder in either layout (module docstring); a missing, incomplete or corrupt
        folder raises ``ModelLoadError``."""
        from safetensors import SafetensorError
        from safetensors.torch import load_file
        path = Path(path)
        if not path.is_dir():
            raise ModelLoadError(path, "no such directory")
        for name in (CONFIG_NAME, WEIGHTS_NAME):
            if not (path / name).is_file():
                raise ModelLoadError(path, f"{name} is missing")
        enc_dir = path / ENCODER_DIR
        split = enc_dir.is_dir()
        if split:
            for name in (CONFIG_NAME, WEIGHTS_NAME):
                if not (enc_dir / name).is_file():
                    raise ModelLoadError(path, f"{ENCODER_DIR}/{name} is missing")
        try:
            d = json.loads((path / CONFIG_NAME).read_text(encoding="utf-8"))
            if split:
                d["encoder"] = json.loads((enc_dir / CONFIG_NAME).read_text(encoding="utf-8"))
            config = ModelConfig.from_json_dict(d)
            model = cls(config)
        except (ValueError, TypeError, KeyError) as e:
            raise ModelLoadError(path, f"bad {CONFIG_NAME}: {e}") from None
        try:
            state = load_file(str(path / WEIGHTS_NAME))
            if split:
                state.update({ENCODER_PREFIX + k: v for k, v in load_file(str(enc_dir / WEIGHTS_NAME)).items()})
        except (SafetensorError, OSError, ValueError) as e:
            raise ModelLoadError(path, f"bad {WEIGHTS_NAME}: {e}") from None
        # models saved before per-format transitions: pooled counts only
        state.setdefault("format_transition_counts", torch.zeros_like(model.format_transition_counts))
        try:
            model.load_state_dict(state, strict=True)
        except RuntimeError as e:
            raise ModelLoadError(path, f"weights do not match {CONFIG_NAME}: {str(e)[:300]}") from None
        return model.eval()


def load_calibration(path: str | os.PathLike) -> Calibration:
    p = Path(path) / CALIBRATION_NAME
    if not p.is_file():
        return Calibration()
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
        return Calibration(**{k: v for k, v in d.items() if k in Calibration.__dataclass_fields__})
    except (ValueError, TypeError) as e:
        raise ModelLoadError(Path(path), f"bad {CALIBRATION_NAME}: {e}") from None
