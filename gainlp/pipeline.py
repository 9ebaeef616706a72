"""``label`` / ``label_text`` / ``label_many``: read → preprocess → forward → postprocess.

Engines:
* ``rules`` — the rule-based labeler alone.
* ``model`` — the fine-tuned BERT labeler (default: the model shipped in ``models/``, or
  ``model=PATH``); an error if it cannot be loaded.
* ``auto`` — the model where it loads, the rules otherwise (one warning per process): the
  model's section on each line where its calibrated section confidence reaches
  ``min_confidence``, the rules' roles, and the rules' labels on table lines and noise the
  rules recognise by form (LABELS.md rule 4 is a hard constraint, not a guess). See ``combine``.
"""
from __future__ import annotations

import os
import warnings
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .labels import FORM_ROLES, top_section
from .report import Report

ENGINES = ("auto", "model", "rules")
DEFAULT_MIN_CONFIDENCE = 0.95


@dataclass(frozen=True)
class LabelFailure:
    """What ``label_many(..., on_error="yield")`` yields for a file that could not be labeled."""
    source: str
    error: str


def default_model_path() -> Path | None:
    """The model shipped with the package checkout (``models/`` next to ``gainlp/``), if any."""
    env = os.environ.get("GAINLP_MODEL")
    if env:
        return Path(env)
    root = Path(__file__).resolve().parent.parent / "models"
    if root.is_dir():
        found = sorted(p for p in root.iterdir() if (p / "config.json").is_file())
        if found:
            return found[-1]
    return None


@lru_cache(maxsize=4)
def _model_labeler(path: str):
    from .model import ModelLabeler  # imported lazily: torch is slow to import
    return ModelLabeler.from_pretrained(path)


@lru_cache(maxsize=1)
def _warn_no_model(reason: str) -> None:
    warnings.warn(f"gainlp: model engine unavailable ({reason}); using the rules engine", stacklevel=3)


def _rules():
    from .rules import RuleLabeler
    return RuleLabeler()


def label_text(text: str, *, engine: str = "auto", source: str | None = None,
               model: str | os.PathLike | None = None,
               min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Report:
    """Label an already decoded text."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    rules_report = _rules().label(text, source=source)
    if engine == "rules":
        return rules_report
    return apply_model(rules_report, engine=engine, model=model, min_confidence=min_confidence)


def apply_model(rules_report: Report, *, engine: str = "auto", model: str | os.PathLike | None = None,
                min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Report:
    """The model step of ``label_text``: run the network on the lines of a rules report and
    merge (``combine``). In ``auto`` mode a model that cannot be loaded leaves the rules
    report as it is (one warning per process); in ``model`` mode it is an error."""
    path = Path(model) if model is not None else default_model_path()
    try:
        if path is None:
            raise FileNotFoundError("no model folder found in models/ and none given")
        labeler = _model_labeler(str(path))
    except Exception as e:  # noqa: BLE001 - any load failure falls back in auto mode
        if engine == "model":
            raise
        _warn_no_model(f"{path}: {e}")
        return rules_report
    preds = labeler.predict_lines([ln.text for ln in rules_report.lines], rule_labels=rules_report.line_labels(),
                                  fmt=rules_report.format)
    if engine == "auto":
        return combine(rules_report, preds, min_confidence=min_confidence, model_roles=False)
    return combine(rules_report, preds, min_confidence=0.0)


def combine(rules_report: Report, preds: list, *, min_confidence: float, model_roles: bool = True) -> Report:
    """Merge line predictions of the model (``gainlp.model.LinePrediction``, one per line)
    into the rules' report.

    ``engine="model"`` (``min_confidence=0``, ``model_roles=True``): the model's section and
    role on every line. ``engine="auto"`` (``model_roles=False``), per line:

    * the section: the model's where its calibrated section confidence reaches
      ``min_confidence`` and it names another part than the rules; the rules' subsection
      of 总体情况 where both name ``s1``;
    * the role: the rules';
    * a line the rules placed in a table or marked as noise keeps the rules' labels: a
      table's section is fixed by its vocabulary (rule 4) and noise by its form (page
      numbers, ``|---|`` rows), layouts the model may never have seen in training.

    In both modes, lines the rules split into several segments (flattened reports) keep the
    rules' segments: the model labels whole lines. Why ``auto`` splits the work this way: on
    held-out synthetic renderers (development seeds) the model's part overrides were right 26
    times and wrong 4, its subsection and role overrides about as often wrong as right
    (README, "The model and the default auto engine").
    """
    from .report import Segment
    per_line: dict[int, list[Segment]] = {}
    for seg in rules_report.segments:
        per_line.setdefault(seg.line, []).append(seg)
    segments: list[Segment] = []
    for ln in rules_report.lines:
        segs = per_line[ln.index]
        p = preds[ln.index]
        sec_conf = p.section_probs[p.section]
        r = segs[0]
        if (len(segs) > 1 or sec_conf < min_confidence
                or (not model_roles and r.role in FORM_ROLES and r.confidence >= 0.6)):
            segments.extend(segs)
            continue
        section = p.section
        if model_roles:
            role, conf = p.role, p.confidence
            if not ln.text.strip():
                role = "blank"
            elif role == "blank":
                role = r.role
        else:
            # the model's probability for the rules' role: low where the two disagree
            role, conf = r.role, min(sec_conf, p.role_probs[r.role])
            if top_section(section) == top_section(r.section):
                section = r.section
        segments.append(Segment(r.start, r.end, r.line, section, role, float(conf)))
    return Report(text=rules_report.text, segments=segments, lines=rules_report.lines,
                  source=rules_report.source, format=rules_report.format, engine="model")


def _looks_like_path(source: str | os.PathLike) -> bool:
    if isinstance(source, os.PathLike):
        return True
    return len(source) < 4096 and "\n" not in source and os.path.isfile(source)


def label(source: str | os.PathLike, *, engine: str = "auto",
          model: str | os.PathLike | None = None) -> Report:
    """Label a report given as a path (``.txt``, ``.docx``, ``.html``, ``.pdf``) or as text.

    A ``str`` is taken as a path when it names an existing file and holds no line break;
    otherwise it is the report text itself.
    """
    if _looks_like_path(source):
        from .readers import read_document
        doc = read_document(source)
        return label_text(doc.text, engine=engine, source=str(source), model=model)
    return label_text(str(source), engine=engine, model=model)


def _failure(path: str, e: BaseException) -> LabelFailure:
    return LabelFailure(path, f"{type(e).__name__}: {e}")


def _label_one(args: tuple[str, str, str | None, Callable | None]):
    path, engine, model, postprocess = args
    try:
        report = label(Path(path), engine=engine, model=model)
        return postprocess(report) if postprocess is not None else report
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
        return _failure(path, e)


def _ordered_map(pool: ProcessPoolExecutor, fn: Callable, items: Iterable, *, window: int) -> Iterator:
    """``pool.map`` in input order with at most ``window`` tasks in flight, so that results
    never pile up in this process when it consumes them slower than the workers produce."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def label_many(paths: Iterable[str | os.PathLike], *, engine: str = "auto",
               model: str | os.PathLike | None = None, jobs: int = 1,
               on_error: str = "raise", postprocess: Callable[[Report], Any] | None = None,
               ) -> Iterator[Report | LabelFailure | Any]:
    """Label many files lazily, yielding results in input order.

    ``on_error="yield"`` yields a ``LabelFailure`` for a file that fails and goes on;
    ``"raise"`` stops at the first failure. ``postprocess`` (a picklable function of a
    Report) is applied to each report and its result is yielded instead.

    ``jobs > 1`` uses worker processes. With the rules engine each worker labels whole
    files (and runs ``postprocess``, keeping the parent free). With ``model``/``auto`` the
    workers read the files and run the rules, while this process runs the one copy of the
    network (torch uses every core by default): a copy per worker would multiply the memory
    (~0.5 GB each) and gain nothing, since the network already keeps the cores busy.
    """
    if on_error not in ("raise", "yield"):
        raise ValueError("on_error must be 'raise' or 'yield'")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    model_arg = str(model) if model else None

    def finish(r):
        if isinstance(r, LabelFailure) and on_error == "raise":
            raise RuntimeError(f"{r.source}: {r.error}")
        return r

    if jobs <= 1:
        for p in paths:
            yield finish(_label_one((str(p), engine, model_arg, postprocess)))
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        if engine == "rules":
            items = ((str(p), engine, model_arg, postprocess) for p in paths)
            for r in _ordered_map(pool, _label_one, items, window=8 * jobs):
                yield finish(r)
            return
        items = ((str(p), "rules", None, None) for p in paths)
        for r in _ordered_map(pool, _label_one, items, window=4 * jobs):
            if not isinstance(r, LabelFailure):
                try:
                    r = apply_model(r, engine=engine, model=model_arg)
                    r = postprocess(r) if postprocess is not None else r
                except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
                    r = _failure(r.source or "<text>", e)
            yield finish(r)
