"""A BERT encoder in plain torch with the parameter names of ``transformers.BertModel``
(without the pooler), so the labeler loads and runs without importing transformers, which
costs about 2 s of start-up. Training and inference both use it; weights move to and from
``BertModel`` by ``state_dict`` unchanged (``modeling.LineLabelerModel.save_pretrained``
writes an ``encoder/`` folder that ``BertModel.from_pretrained`` reads)."""
from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

_ACTIVATIONS = {
    "gelu": F.gelu,
    "gelu_new": lambda x: F.gelu(x, approximate="tanh"),
    "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "relu": F.relu,
}
#: the ``BertConfig`` values a saved ``encoder/config.json`` needs besides the architecture sizes
_HF_DEFAULTS: dict[str, Any] = {
    "model_type": "bert", "architectures": ["BertModel"], "type_vocab_size": 2, "layer_norm_eps": 1e-12,
    "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "hidden_act": "gelu", "pad_token_id": 0,
    "position_embedding_type": "absolute",
}


class BertEncoderConfig:
    """The sizes of a BERT encoder, read from a ``BertConfig`` dict (``config.encoder`` of a
    labeler, or a BERT checkpoint's ``config.json``); ``to_dict`` gives the dict back with
    the current sizes, other keys unchanged."""

    def __init__(self, d: dict[str, Any]) -> None:
        # the weights are always a BertModel's; where they came from is not kept
        self._raw = {**_HF_DEFAULTS, **{k: v for k, v in d.items() if k not in ("_name_or_path", "architectures")}}
        raw = self._raw
        self.vocab_size = int(raw["vocab_size"])
        self.hidden_size = int(raw["hidden_size"])
        self.num_hidden_layers = int(raw["num_hidden_layers"])
        self.num_attention_heads = int(raw["num_attention_heads"])
        self.intermediate_size = int(raw["intermediate_size"])
        self.max_position_embeddings = int(raw["max_position_embeddings"])
        self.type_vocab_size = int(raw["type_vocab_size"])
        self.layer_norm_eps = float(raw["layer_norm_eps"])
        self.hidden_dropout_prob = float(raw["hidden_dropout_prob"])
        self.attention_probs_dropout_prob = float(raw["attention_probs_dropout_prob"])
        self.hidden_act = str(raw["hidden_act"])
        self.pad_token_id = raw["pad_token_id"]
        if self.hidden_act not in _ACTIVATIONS:
            raise ValueError(f"unsupported hidden_act {self.hidden_act!r} (supported: {', '.join(_ACTIVATIONS)})")
        if raw["position_embedding_type"] != "absolute":
            raise ValueError(f"unsupported position_embedding_type {raw['position_embedding_type']!r}")
        if self.hidden_size % self.num_attention_heads:
            raise ValueError("hidden_size must be a multiple of num_attention_heads")

    def to_dict(self) -> dict[str, Any]:
        return {**self._raw, "vocab_size": self.vocab_size, "hidden_size": self.hidden_size,
                "num_hidden_layers": self.num_hidden_layers, "num_attention_heads": self.num_attention_heads,
                "intermediate_size": self.intermediate_size,
                "max_position_embeddings": self.max_position_embeddings}


class _Embeddings(nn.Module):
    def __init__(self, c: BertEncoderConfig) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=c.pad_token_id)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        n = input_ids.shape[1]
        x = (self.word_embeddings(input_ids) + self.token_type_embeddings.weight[0]
             + self.position_embeddings.weight[:n])
        return self.dropout(self.LayerNorm(x))


class _SelfAttention(nn.Module):
    def __init__(self, c: BertEncoderConfig) -> None:
        super().__init__()
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.heads = c.num_attention_heads
        self.dropout_p = c.attention_probs_dropout_prob


class _DenseNorm(nn.Module):
    """``dense`` → dropout → ``LayerNorm(residual + ·)``: BertSelfOutput and BertOutput."""

    def __init__(self, c: BertEncoderConfig, n_in: int) -> None:
        super().__init__()
        self.dense = nn.Linear(n_in, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(residual + self.dropout(self.dense(x)))


class _Attention(nn.Module):
    def __init__(self, c: BertEncoderConfig) -> None:
        super().__init__()
        self.self = _SelfAttention(c)
        self.output = _DenseNorm(c, c.hidden_size)


class _Intermediate(nn.Module):
    def __init__(self, c: BertEncoderConfig) -> None:
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)
        self.act = _ACTIVATIONS[c.hidden_act]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.dense(x))


class _Layer(nn.Module):
    def __init__(self, c: BertEncoderConfig) -> None:
        super().__init__()
        self.attention = _Attention(c)
        self.intermediate = _Intermediate(c)
        self.output = _DenseNorm(c, c.intermediate_size)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, first_only: bool = False) -> torch.Tensor:
        """``mask`` [B, 1, 1, T] (True: a real token). ``first_only``: compute the output at
        position 0 alone (the [CLS] vector of the last layer), exactly as the full layer would."""
        att = self.attention.self
        b, t, h = x.shape
        d = h // att.heads
        q_in = x[:, :1] if first_only else x
        q = att.query(q_in).view(b, q_in.shape[1], att.heads, d).transpose(1, 2)
        k = att.key(x).view(b, t, att.heads, d).transpose(1, 2)
        v = att.value(x).view(b, t, att.heads, d).transpose(1, 2)
        ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,
                                             dropout_p=att.dropout_p if self.training else 0.0)
        ctx = ctx.transpose(1, 2).reshape(b, q_in.shape[1], h)
        y = self.attention.output(ctx, q_in)
        return self.output(self.intermediate(y), y)


class _Stack(nn.Module):
    def __init__(self, c: BertEncoderConfig) -> None:
        super().__init__()
        self.layer = nn.ModuleList(_Layer(c) for _ in range(c.num_hidden_layers))


class BertEncoder(nn.Module):
    """``BertModel(config, add_pooling_layer=False)`` in plain torch: same parameter names,
    same outputs (absolute positions, token type 0)."""

    def __init__(self, config: BertEncoderConfig | dict[str, Any]) -> None:
        super().__init__()
        self.config = config if isinstance(config, BertEncoderConfig) else BertEncoderConfig(config)
        self.embeddings = _Embeddings(self.config)
        self.encoder = _Stack(self.config)
        self.apply(self._init_weights)

    def _init_weights(self, m: nn.Module) -> None:
        std = float(self.config._raw.get("initializer_range", 0.02))
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, mean=0.0, std=std)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)
        if isinstance(m, nn.Embedding) and m.padding_idx is not None:
            with torch.no_grad():
                m.weight[m.padding_idx].zero_()

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, *,
                cls_only: bool = False) -> torch.Tensor:
        """Last hidden states [B, T, H], or only the first position's [B, H] with ``cls_only``
        (the last layer then runs on that position alone: about a third less work for 3 layers)."""
        x = self.embeddings(input_ids)
        mask = attention_mask.bool()[:, None, None, :]
        layers = self.encoder.layer
        for i, layer in enumerate(layers):
            x = layer(x, mask, first_only=cls_only and i == len(layers) - 1)
        return x[:, 0] if cls_only else x


def encoder_from_hf(hf_model: nn.Module) -> BertEncoder:
    """A ``BertEncoder`` with the weights of a ``transformers.BertModel`` (pooler dropped)."""
    enc = BertEncoder(hf_model.config.to_dict())
    state = {k: v for k, v in hf_model.state_dict().items() if not k.startswith("pooler.")}
    enc.load_state_dict(state, strict=True)
    return enc

