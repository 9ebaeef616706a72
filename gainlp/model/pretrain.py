"""Domain pretraining: masked LM with whole-word masking (jieba word boundaries) over
unlabeled report text, packed as runs of consecutive lines separated by [SEP]."""
from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from datasets import Dataset
from transformers import BertConfig, BertForMaskedLM

from .features import is_blank, line_markers, line_units
from .modeling import configure_torch
from .tokenizer import MARKERS, SPECIAL_TOKENS, normalize, save_tokenizer

Log = Callable[[str], None]


def _word_ids(raw: str, src: list[int]) -> list[int]:
    """Per unit, the jieba word it belongs to (-1 for markers)."""
    import jieba
    text = normalize(raw.strip("\x0c \t\r\u3000"))
    char_word = [-1] * len(text)
    pos = 0
    for w, word in enumerate(jieba.cut(text, HMM=False)):
        for j in range(pos, pos + len(word)):
            char_word[j] = w
        pos += len(word)
    return [char_word[i] if i >= 0 else -1 for i in src]


def packed_examples(texts: list[str], seq_units: int) -> list[tuple[str, list[int]]]:
    """(joined units, unit word ids) chunks of consecutive non-blank lines."""
    out: list[tuple[str, list[int]]] = []
    for text in texts:
        cur_units: list[str] = []
        cur_words: list[int] = []
        offset = 0
        for raw in text.split("\n"):
            if is_blank(raw):
                continue
            units, src = line_units(raw)
            words = _word_ids(raw, src)
            marks = line_markers(raw)
            units = (marks + units)[:seq_units]
            words = ([-1] * len(marks) + [w + offset if w >= 0 else -1 for w in words])[:seq_units]
            offset += len(units) + 1
            if cur_units and len(cur_units) + 1 + len(units) > seq_units:
                out.append(("".join(cur_units), cur_words))
                cur_units, cur_words = [], []
            if cur_units:
                cur_units.append("[SEP]")
                cur_words.append(-1)
            cur_units += units
            cur_words += words
        if cur_units:
            out.append(("".join(cur_units), cur_words))
    return out


def build_dataset(texts: list[str], tokenizer, seq_len: int) -> Dataset:
    """Token ids with, per token, its whole-word id (markers and specials: -1)."""
    examples = packed_examples(texts, seq_len - 2)
    joined = [e[0] for e in examples]
    enc = tokenizer(joined, truncation=True, max_length=seq_len, return_offsets_mapping=True)
    specials = set(SPECIAL_TOKENS) | set(MARKERS)
    ids_out, words_out = [], []
    for (text, words), ids, offs in zip(examples, enc["input_ids"], enc["offset_mapping"]):
        # unit start offsets in the joined string → unit index
        starts, pos, units = {}, 0, []
        k = 0
        while pos < len(text):
            m = next((m for m in specials if text.startswith(m, pos)), None)
            length = len(m) if m else 1
            starts[pos] = k
            pos += length
            k += 1
        token_words = []
        for tid, (a, b) in zip(ids, offs):
            u = starts.get(a) if b > a else None
            token_words.append(words[u] if u is not None and u < len(words) else -1)
        ids_out.append(ids)
        words_out.append(token_words)
    return Dataset.from_dict({"input_ids": ids_out, "word_ids": words_out})


def mask_batch(batch_ids: list[list[int]], batch_words: list[list[int]], tokenizer, rng: random.Random,
               vocab_lo: int, prob: float = 0.15) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Whole-word masking: pick words until ~``prob`` of the maskable tokens, then 80/10/10."""
    width = max(len(x) for x in batch_ids)
    ids = torch.full((len(batch_ids), width), tokenizer.pad_token_id, dtype=torch.long)
    mask = torch.zeros_like(ids)
    labels = torch.full_like(ids, -100)
    vocab_hi = len(tokenizer)
    for r, (x, ws) in enumerate(zip(batch_ids, batch_words)):
        ids[r, : len(x)] = torch.tensor(x)
        mask[r, : len(x)] = 1
        groups: dict[int, list[int]] = {}
        for j, w in enumerate(ws):
            if w >= 0:
                groups.setdefault(w, []).append(j)
        words = list(groups)
        rng.shuffle(words)
        budget = max(1, int(round(prob * sum(len(g) for g in groups.values()))))
        chosen = 0
        for w in words:
            if chosen >= budget:
                break
            for j in groups[w]:
                labels[r, j] = x[j]
                u = rng.random()
                if u < 0.8:
                    ids[r, j] = tokenizer.mask_token_id
                elif u < 0.9:
                    ids[r, j] = rng.randrange(vocab_lo, vocab_hi)
            chosen += len(groups[w])
    return ids, mask, labels


def pretrain(texts: list[str], tokenizer, out: str | Path, *, steps: int = 600, layers: int = 4,
             hidden: int = 256, heads: int = 4, intermediate: int = 1024, max_length: int = 128,
             seq_len: int = 64, batch_size: int = 32, lr: float = 5e-4, seed: int = 13,
             log: Log = print) -> dict:
    """Train a small BERT from scratch with whole-word MLM and save it (save_pretrained)."""
    configure_torch()
    torch.manual_seed(seed)
    rng = random.Random(seed)
    t0 = time.time()
    ds = build_dataset(texts, tokenizer, min(seq_len, max_length))
    log(f"pretraining data: {len(ds)} sequences from {len(texts)} texts ({time.time() - t0:.0f}s)")
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=intermediate,
                        max_position_embeddings=max_length, pad_token_id=tokenizer.pad_token_id)
    model = BertForMaskedLM(config)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm + 1))))
    vocab_lo = len(SPECIAL_TOKENS) + len(MARKERS)
    all_ids, all_words = ds["input_ids"], ds["word_ids"]
    order = np.random.default_rng(seed).permutation(len(ds)).tolist() if len(ds) else []
    model.train()
    run, pos, last = 0.0, 0, 0.0
    for step in range(steps):
        if pos + batch_size > len(order):
            rng.shuffle(order)
            pos = 0
        pick = order[pos:pos + batch_size]
        pos += batch_size
        ids, mask, labels = mask_batch([all_ids[i] for i in pick], [all_words[i] for i in pick],
                                       tokenizer, rng, vocab_lo)
        hidden_states = model.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        sel = labels != -100
        # the vocabulary projection only where something was masked: a third of the cost
        logits = model.cls(hidden_states[sel])
        loss = F.cross_entropy(logits, labels[sel])
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        run += loss.item()
        if (step + 1) % 50 == 0 or step + 1 == steps:
            n = (step % 50) + 1
            last = run / n
            log(f"pretrain step {step + 1}/{steps} mlm loss {last:.4f} ({time.time() - t0:.0f}s)")
            run = 0.0
    out = Path(out)
    model.save_pretrained(str(out))
    save_tokenizer(tokenizer, out)
    stats = {"steps": steps, "sequences": len(ds), "final_mlm_loss": round(last, 4),
             "seconds": round(time.time() - t0, 1), "parameters": sum(p.numel() for p in model.bert.parameters())}
    log(f"saved {out}: {stats}")
    return stats
