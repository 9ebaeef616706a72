"""Stage-wise fine-tuning that fits a CPU.

Stage A fine-tunes the encoder on single lines (with neighbour context) through line-level
heads, for a fixed number of steps with role-balanced sampling. Stage B caches every line's
vector once and trains the document BiLSTM + joint heads on whole documents. Then the dev
split fits the temperatures and the Viterbi weight.

Every metric is named by the split it was computed on: ``dev`` only for held-out documents
(never trained on), ``train`` otherwise. Without dev documents, stage B's early stopping
watches training accuracy and says so, and calibration is inherited (under ``init``) or
fitted on the training data with ``fitted_on="train"`` and ``train_*`` metrics.
"""
from __future__ import annotations

import json
import random
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from datasets import Dataset

from ..labels import ROLES, SECTIONS
from .bert import encoder_from_hf
from .calibrate import expected_calibration_error, fit_temperature, softmax
from .card import write_card
from .data import Document, EncodedDocument, encode_document, tokenize_inputs
from .decode import viterbi
from .features import ContextSpec
from .labeler import BLANK, ModelLabeler, line_vectors
from .metrics import score
from .modeling import Calibration, LineLabelerModel, ModelConfig, configure_torch, load_calibration
from .tokenizer import ensure_markers, load_tokenizer

Log = Callable[[str], None]


@dataclass
class TrainConfig:
    stage_a_steps: int = 400
    stage_a_batch: int = 32
    stage_a_lr: float = 2e-4
    section_loss_weight: float = 0.5
    stage_b_epochs: int = 45
    stage_b_batch: int = 32
    stage_b_window: int = 256
    stage_b_lr: float = 3e-3
    stage_b_patience: int = 8
    vector_dropout: float = 0.1
    context_dim: int = 256
    dropout: float = 0.1
    rule_features: bool = False
    shallow_form_lines: bool = False
    seed: int = 13
    spec: dict = field(default_factory=lambda: asdict(ContextSpec()))
    viterbi_grid: tuple[float, ...] = (0.0, 0.25, 0.5, 1.0, 2.0)


@dataclass
class Prepared:
    enc: EncodedDocument
    input_ids: list[list[int]]
    vectors: torch.Tensor | None = None


# -- model construction -------------------------------------------------------------------------

def build_from_base(base_model: str, cfg: TrainConfig) -> tuple[LineLabelerModel, object]:
    """A fresh labeler around any HF BERT checkpoint (a local folder or a cached hub id)."""
    from transformers import BertModel, BertTokenizerFast
    local = Path(base_model).is_dir()
    tokenizer = BertTokenizerFast.from_pretrained(base_model, local_files_only=local)
    added = ensure_markers(tokenizer)
    try:  # safetensors only: a pickled checkpoint can run code when loaded
        encoder = BertModel.from_pretrained(base_model, add_pooling_layer=False, local_files_only=local,
                                            use_safetensors=True)
    except OSError as e:
        raise ValueError(f"{base_model}: no loadable model.safetensors (gainlp never loads pickled "
                         f"weights; convert the checkpoint to safetensors first): {e}") from None
    if added or len(tokenizer) > encoder.config.vocab_size:
        encoder.resize_token_embeddings(len(tokenizer))
    spec = dict(cfg.spec)
    spec["max_length"] = min(spec["max_length"], encoder.config.max_position_embeddings)
    light = encoder_from_hf(encoder)
    config = ModelConfig(encoder=light.config.to_dict(), context_dim=cfg.context_dim,
                         dropout=cfg.dropout, rule_features=cfg.rule_features,
                         shallow_form_lines=cfg.shallow_form_lines, context=spec)
    return LineLabelerModel(config, light), tokenizer


def load_for_retraining(path: str) -> tuple[LineLabelerModel, object, Calibration]:
    model = LineLabelerModel.from_pretrained(path)
    return model, load_tokenizer(path), load_calibration(path)


def prepare(docs: list[Document], model: LineLabelerModel, tokenizer) -> list[Prepared]:
    out = []
    spec = model.config.spec
    for d in docs:
        enc = encode_document(d, spec, use_rules=model.config.rule_features,
                              shallow_form_lines=model.config.shallow_form_lines)
        out.append(Prepared(enc, tokenize_inputs(tokenizer, enc.inputs, spec.max_length)))
    return out


# -- stage A ------------------------------------------------------------------------------------

def line_dataset(items: list[Prepared]) -> Dataset:
    """The lines the encoder is trained on: every non-blank line, except shallow ones (the
    encoder never sees those at inference either)."""
    ids, sec, role, w = [], [], [], []
    for it in items:
        keep = range(len(it.input_ids)) if it.enc.shallow is None else np.flatnonzero(~it.enc.shallow)
        ids += [it.input_ids[k] for k in keep]
        sec += [int(it.enc.section_ids[k]) for k in keep]
        role += [int(it.enc.role_ids[k]) for k in keep]
        w += [it.enc.doc.weight] * len(keep)
    return Dataset.from_dict({"input_ids": ids, "section": sec, "role": role, "weight": w})


def _pad(batch_ids: list[list[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(x) for x in batch_ids)
    ids = torch.full((len(batch_ids), width), pad_id, dtype=torch.long)
    mask = torch.zeros_like(ids)
    for r, x in enumerate(batch_ids):
        ids[r, : len(x)] = torch.tensor(x)
        mask[r, : len(x)] = 1
    return ids, mask


def stage_a(model: LineLabelerModel, tokenizer, items: list[Prepared], cfg: TrainConfig, log: Log) -> dict:
    if cfg.stage_a_steps <= 0:
        return {"steps": 0}
    ds = line_dataset(items)
    if len(ds) == 0:
        return {"steps": 0, "lines": 0}
    roles = np.array(ds["role"])
    freq = np.bincount(roles, minlength=len(ROLES)).astype(np.float64)
    # role-balanced sampling (inverse square root of frequency) so rare table roles get seen
    p = np.array(ds["weight"]) / np.sqrt(freq[roles])
    p /= p.sum()
    rng = np.random.default_rng(cfg.seed)
    params = [p_ for n, p_ in model.named_parameters() if n.startswith(("encoder.", "line_"))]
    opt = torch.optim.AdamW(params, lr=cfg.stage_a_lr, weight_decay=0.01)
    warm = max(1, cfg.stage_a_steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (cfg.stage_a_steps - s) / (cfg.stage_a_steps - warm + 1))))
    model.train()
    t0, run_loss = time.time(), 0.0
    all_ids, all_sec, all_role = ds["input_ids"], np.array(ds["section"]), roles
    for step in range(cfg.stage_a_steps):
        pick = rng.choice(len(p), size=cfg.stage_a_batch, p=p)
        ids, mask = _pad([all_ids[i] for i in pick], tokenizer.pad_token_id)
        sec_logits, role_logits = model.line_logits(model.encode(ids, mask))
        loss = (cfg.section_loss_weight * F.cross_entropy(sec_logits, torch.from_numpy(all_sec[pick]))
                + F.cross_entropy(role_logits, torch.from_numpy(all_role[pick])))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        run_loss += loss.item()
        if (step + 1) % 50 == 0 or step + 1 == cfg.stage_a_steps:
            log(f"stage A step {step + 1}/{cfg.stage_a_steps} train loss {run_loss / (step % 50 + 1):.4f} "
                f"({time.time() - t0:.0f}s)")
            run_loss = 0.0
    model.eval()
    return {"steps": cfg.stage_a_steps, "lines": len(ds), "seconds": round(time.time() - t0, 1)}


# -- stage B ------------------------------------------------------------------------------------

def cache_vectors(model: LineLabelerModel, tokenizer, items: list[Prepared]) -> None:
    model.eval()
    flat = [ids for it in items for ids in it.input_ids]
    shallow = None
    if any(it.enc.shallow is not None for it in items):
        shallow = np.concatenate([it.enc.shallow if it.enc.shallow is not None
                                  else np.zeros(len(it.input_ids), bool) for it in items])
    vecs = line_vectors(model, flat, shallow, pad_id=tokenizer.pad_token_id) if flat else torch.zeros(0)
    pos = 0
    for it in items:
        n = len(it.input_ids)
        it.vectors = vecs[pos:pos + n]
        pos += n


@dataclass
class Window:
    """A run of consecutive non-blank lines of one document (stage B trains on windows: the
    LSTM's sequential cost grows with the longest sequence of a batch, not with its size)."""
    item: Prepared
    start: int
    end: int


def _windows(items: list[Prepared], size: int, rng: random.Random | None) -> list[Window]:
    """Cut every document into windows of ≤ ``size`` lines at a random phase per epoch."""
    out = []
    for it in items:
        n = len(it.enc.idx)
        for _ in range(max(1, int(round(it.enc.doc.weight))) if n else 0):  # gold seeds count more
            first = rng.randrange(1, size + 1) if rng else size
            bounds = sorted({0, n, *range(first, n, size)})
            out += [Window(it, a, b) for a, b in zip(bounds, bounds[1:])]
    return out


def _window_batch(wins: list[Window]) -> tuple[torch.Tensor, ...]:
    lengths = torch.tensor([w.end - w.start for w in wins])
    T = int(lengths.max())
    h = wins[0].item.vectors.shape[1]
    nf = wins[0].item.enc.features.shape[1]
    vec = torch.zeros(len(wins), T, h)
    feat = torch.zeros(len(wins), T, nf)
    sec = torch.full((len(wins), T), -100, dtype=torch.long)
    role = torch.full((len(wins), T), -100, dtype=torch.long)
    for b, w in enumerate(wins):
        n = w.end - w.start
        e = w.item.enc
        vec[b, :n] = w.item.vectors[w.start:w.end]
        feat[b, :n] = torch.from_numpy(e.features[w.start:w.end])
        if e.section_ids is not None:
            sec[b, :n] = torch.from_numpy(e.section_ids[w.start:w.end])
            role[b, :n] = torch.from_numpy(e.role_ids[w.start:w.end])
    return vec, feat, lengths, sec, role


def context_logits_np(model: LineLabelerModel, it: Prepared) -> tuple[np.ndarray, np.ndarray]:
    with torch.inference_mode():
        s, r = model.context_logits(it.vectors[None], torch.from_numpy(it.enc.features)[None])
    return s[0].numpy().astype(np.float64), r[0].numpy().astype(np.float64)


def _accuracy(model: LineLabelerModel, items: list[Prepared]) -> float:
    items = [it for it in items if it.enc.idx]
    if not items:
        return 0.0
    vec, feat, lengths, sec, role = _window_batch([Window(it, 0, len(it.enc.idx)) for it in items])
    with torch.inference_mode():
        s, r = model.context_logits(vec, feat, lengths)
        r[..., BLANK] = -1e9
    m = sec != -100
    ok = (s.argmax(-1)[m] == sec[m]).sum() + (r.argmax(-1)[m] == role[m]).sum()
    return float(ok) / float(2 * m.sum())


def stage_b(model: LineLabelerModel, train: list[Prepared], dev: list[Prepared], cfg: TrainConfig,
            log: Log) -> dict:
    params = [p for n, p in model.named_parameters() if n.startswith(("ctx", "section_head", "role_head"))]
    opt = torch.optim.AdamW(params, lr=cfg.stage_b_lr, weight_decay=0.01)
    rng = random.Random(cfg.seed)
    split = "dev" if dev else "train"  # what early stopping watches, and what the log calls it
    best, best_state, bad, best_epoch, t0 = -1.0, None, 0, 0, time.time()
    for epoch in range(cfg.stage_b_epochs):
        model.train()
        pool = _windows(train, cfg.stage_b_window, rng)
        rng.shuffle(pool)
        total = 0.0
        for s in range(0, len(pool), cfg.stage_b_batch):
            vec, feat, lengths, sec, role = _window_batch(pool[s:s + cfg.stage_b_batch])
            vec = F.dropout(vec, cfg.vector_dropout, training=True)
            sl, rl = model.context_logits(vec, feat, lengths)
            loss = (F.cross_entropy(sl.reshape(-1, sl.shape[-1]), sec.reshape(-1), ignore_index=-100)
                    + F.cross_entropy(rl.reshape(-1, rl.shape[-1]), role.reshape(-1), ignore_index=-100))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            total += loss.item()
        model.eval()
        acc = _accuracy(model, dev or train)
        log(f"stage B epoch {epoch + 1}/{cfg.stage_b_epochs} train loss {total:.3f} {split} acc {acc:.4f} "
            f"({time.time() - t0:.0f}s)")
        if acc > best:
            best, bad, best_epoch = acc, 0, epoch + 1
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()
                          if k.startswith(("ctx", "section_head", "role_head"))}
        else:
            bad += 1
            if bad >= cfg.stage_b_patience:
                break
    if best_state is not None:
        model.load_state_dict(best_state, strict=False)
    return {"epochs": epoch + 1, "best_epoch": best_epoch, "monitored_on": split,
            f"{split}_accuracy": round(float(best), 5), "seconds": round(time.time() - t0, 1)}


# -- calibration --------------------------------------------------------------------------------

def decode_items(model: LineLabelerModel, items: list[Prepared], cal: Calibration) -> list[tuple[list[str], list[str]]]:
    """(sections, roles) for every line of each document, blank lines filled as the labeler does."""
    transitions = {fmt: tuple(t.numpy() for t in model.transition_logp(cal.transition_alpha, fmt, cal.format_prior))
                   for fmt in {it.enc.format for it in items}}
    out = []
    for it in items:
        trans, start = transitions[it.enc.format]
        n = len(it.enc.doc.lines)
        secs: list[str | None] = [None] * n
        roles = ["blank"] * n
        if it.enc.idx:
            s, r = context_logits_np(model, it)
            r[:, BLANK] = -1e9
            path = viterbi(np.log(softmax(s, cal.section_temperature) + 1e-12), trans, start, cal.viterbi_weight,
                           it.enc.keep)
            for k, i in enumerate(it.enc.idx):
                secs[i] = SECTIONS[int(path[k])]
                roles[i] = ROLES[int(r[k].argmax())]
        prev = "front"
        for i in range(n):
            secs[i] = secs[i] or prev
            prev = secs[i]
        out.append((secs, roles))  # type: ignore[arg-type]
    return out


def evaluate_items(model: LineLabelerModel, items: list[Prepared], cal: Calibration) -> dict[str, float]:
    dec = decode_items(model, items, cal)
    return score([it.enc.doc.lines for it in items], [it.enc.doc.sections for it in items],
                 [it.enc.doc.roles for it in items], [d[0] for d in dec], [d[1] for d in dec])


def calibrate(model: LineLabelerModel, dev: list[Prepared], cfg: TrainConfig, *, fitted_on: str,
              log: Log) -> Calibration:
    """Temperatures and the Viterbi weight fitted on ``dev``; ``fitted_on`` names that split
    (``"dev"`` or ``"train"``) and prefixes every metric saved with the calibration."""
    dev = [it for it in dev if it.enc.idx]
    sl, rl, sy, ry = [], [], [], []
    for it in dev:
        s, r = context_logits_np(model, it)
        r[:, BLANK] = -1e9
        sl.append(s)
        rl.append(r)
        sy.append(it.enc.section_ids)
        ry.append(it.enc.role_ids)
    cal = Calibration(fitted_on=fitted_on)
    if not dev:
        return cal
    S, R, ys, yr = np.concatenate(sl), np.concatenate(rl), np.concatenate(sy), np.concatenate(ry)
    cal.section_temperature = fit_temperature(S, ys)
    cal.role_temperature = fit_temperature(R, yr)
    best = None
    for w in cfg.viterbi_grid:
        cal.viterbi_weight = w
        m = evaluate_items(model, dev, cal)
        val = m["section_macro_f1"] + m["subsection_macro_f1"]
        log(f"viterbi weight {w}: {fitted_on} {m}")
        # ties go to the larger weight: a stronger order prior is the safer bet on unseen layouts
        if best is None or val >= best[0] - 1e-9:
            best = (val, w, m)
    cal.viterbi_weight = best[1]
    sp, rp = softmax(S, cal.section_temperature), softmax(R, cal.role_temperature)
    conf = np.minimum(sp.max(1), rp.max(1))
    correct = (sp.argmax(1) == ys) & (rp.argmax(1) == yr)
    cal.metrics = {**{f"{fitted_on}_{k}": round(v, 5) for k, v in best[2].items()},
                   f"{fitted_on}_ece": round(expected_calibration_error(conf, correct.astype(float)), 5),
                   f"{fitted_on}_lines": int(len(ys))}
    log(f"calibration: T_section {cal.section_temperature:.3f} T_role {cal.role_temperature:.3f} "
        f"viterbi {cal.viterbi_weight} {cal.metrics}")
    return cal


# -- everything ---------------------------------------------------------------------------------

# TrainConfig fields that describe the architecture: under ``init`` the init model's own values
# are used whatever was asked, so the saved config records those (and lists what was ignored).
ARCHITECTURE_FIELDS = {"rule_features": "rule_features", "shallow_form_lines": "shallow_form_lines",
                       "context_dim": "context_dim", "dropout": "dropout", "spec": "context"}


def config_as_used(cfg: TrainConfig, model_config) -> tuple[TrainConfig, dict]:
    """``cfg`` with the architecture fields of an init model's config, and the fields that
    differed (``{field: {"given": …, "used": …}}``)."""
    used = {f: getattr(model_config, attr) for f, attr in ARCHITECTURE_FIELDS.items()}
    used["spec"] = dict(used["spec"])
    ignored = {f: {"given": getattr(cfg, f), "used": v} for f, v in used.items() if getattr(cfg, f) != v}
    return replace(cfg, **used), ignored


def _split_metrics(m: dict) -> dict:
    return {k: (round(v, 5) if isinstance(v, float) else v) for k, v in m.items()}


def train(train_docs: list[Document], dev_docs: list[Document], *, out: str | Path | None,
          base_model: str | None = None, init: str | None = None, cfg: TrainConfig | None = None,
          log: Log = print, extra_config: dict | None = None, calibration: Calibration | None = None,
          dev_metrics: dict | None = None) -> tuple[LineLabelerModel, object, Calibration]:
    """Fine-tune from ``base_model`` (any BERT) or continue from a labeler folder ``init``.

    ``dev_docs`` must be held out (never in ``train_docs``); with none, nothing is called dev.
    ``calibration``/``dev_metrics``: given by k-fold training (fitted and measured on held-out
    folds), used as they are. ``out=None`` trains without saving. The metrics of this run are in
    ``model.config.training["metrics"]`` (``{"train": …, "dev": … or None}``); an init model's
    old metrics only ever appear under ``training["inherited"]``."""
    cfg = cfg or TrainConfig()
    configure_torch()
    torch.manual_seed(cfg.seed)
    init_cal: Calibration | None = None
    ignored: dict = {}  # config fields whose value came from the init model: {field: {"given", "used"}}
    if init:
        model, tokenizer, init_cal = load_for_retraining(init)
        cfg, ignored = config_as_used(cfg, model.config)
        if base_model:
            ignored["base_model"] = {"given": base_model, "used": None}
            base_model = None
        log(f"continuing from {init}" + (f" (its own {', '.join(ignored)} kept)" if ignored else ""))
    elif base_model:
        model, tokenizer = build_from_base(base_model, cfg)
        log(f"new labeler on base model {base_model}")
    else:
        raise ValueError("give base_model or init")
    t0 = time.time()
    tr, dv = prepare(train_docs, model, tokenizer), prepare(dev_docs, model, tokenizer)
    log(f"{len(tr)} training documents ({sum(len(t.input_ids) for t in tr)} non-blank lines), "
        f"{len(dv)} held-out dev documents")
    if not dv and dev_metrics is None:
        log("no dev documents: every metric of this run is on training data (named train)")
    stats_a = stage_a(model, tokenizer, tr, cfg, log)
    cache_vectors(model, tokenizer, tr + dv)
    log(f"cached line vectors ({time.time() - t0:.0f}s)")
    model.add_transitions([t.enc.section_ids.tolist() for t in tr if t.enc.idx],
                          [t.enc.format for t in tr if t.enc.idx])
    stats_b = stage_b(model, tr, dv, cfg, log)
    inherited = None
    if init_cal is not None:
        inherited = {"from": init, "calibration_fitted_on": init_cal.fitted_on,
                     "calibration_metrics": dict(init_cal.metrics)}
    if calibration is not None:
        cal = calibration
    elif dv:
        cal = calibrate(model, dv, cfg, fitted_on="dev", log=log)
    elif init_cal is not None:  # temperatures fitted on training data would be overconfident
        cal = replace(init_cal, metrics={},
                      fitted_on=f"inherited from {Path(init).name} (fitted there on: {init_cal.fitted_on})")
    else:
        cal = calibrate(model, tr, cfg, fitted_on="train", log=log)
    metrics = {"train": _split_metrics(evaluate_items(model, tr, cal)) if tr else None,
               "dev": None}
    if dev_metrics is not None:
        metrics["dev"] = dev_metrics
    elif dv:
        metrics["dev"] = {k[len("dev_"):]: v for k, v in cal.metrics.items() if k.startswith("dev_")}
    log(f"train metrics (on the {len(tr)} training documents): {metrics['train']}")
    if metrics["dev"] is not None:
        log(f"dev metrics: {metrics['dev']}")
    model.config.training = {
        "train_config": {k: v for k, v in asdict(cfg).items()},
        "train_documents": len(tr), "dev_documents": len(dv),
        "stage_a": stats_a, "stage_b": stats_b, "init": init, "base_model": base_model,
        "overridden_by_init": ignored, "calibration_fitted_on": cal.fitted_on, "metrics": metrics,
        **({"inherited": inherited} if inherited else {}),
        "seconds": round(time.time() - t0, 1), **(extra_config or {}),
    }
    if out is not None:
        ModelLabeler(model, tokenizer, cal).save_pretrained(out)
        write_card(out, json.loads((Path(out) / "config.json").read_text(encoding="utf-8")))
        log(f"saved {out} ({time.time() - t0:.0f}s)")
    return model, tokenizer, cal
