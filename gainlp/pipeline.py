"""The labeler object (``load`` → ``Labeler``) and the thin wrappers ``label`` /
``label_text`` / ``label_many``: read → rules → model → merge.

    nlp = gainlp.load(engine="auto", model=None, aliases=None, min_confidence=0.99)
    report = nlp("report.docx")          # a path (str or os.PathLike) is read
    report = nlp.label_text(text)        # text is labeled as it is
    for r in nlp.pipe(paths, jobs=4): ...

A ``Labeler`` holds everything a run needs and nothing lives in module state: the rules
labeler (built with the ``aliases=``/``tables=`` vocabulary files), the model (loaded once,
when the object is made) and the merge policy ``combine`` (an attribute you may replace).

Engines:
* ``rules`` — the rule-based labeler alone.
* ``model`` — the fine-tuned BERT labeler (default: the model shipped in ``models/``, or
  ``model=PATH``); an error if it cannot be loaded.
* ``auto`` — the model where it loads, the rules otherwise (one warning per process): the
  model's section on each line where its calibrated section confidence reaches
  ``min_confidence``, the rules' roles, and the rules' labels on table lines and noise the
  rules recognise by form (docs/schema.md rule 4 is a hard constraint, not a guess). See ``combine``.
  Only the expected load failures fall back to the rules (no model folder, missing or
  corrupt files, ``OSError``, torch/transformers not installed: ``MODEL_LOAD_ERRORS``); any
  other exception is a bug and propagates.

The model always sees the labels of the Labeler's own rules (custom aliases included) as its
rule features, in every engine and with ``jobs > 1``.

A report's ``engine`` is the engine asked for (``auto``, ``model`` or ``rules``) and
``meta["model"]`` the model version that ran (``model_version``; None for the rules, and for
``auto`` when the model could not be loaded); ``Report.to_dict`` writes both. Each segment's
``engine`` says which engine produced its labels (``rules`` or ``model``).
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import warnings
from collections import OrderedDict, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .labels import FORM_ROLES, top_section
from .report import Lines, Report

ENGINES = ("auto", "model", "rules")
DEFAULT_MIN_CONFIDENCE = 0.99
ON_ERROR = ("raise", "yield")


@dataclass(frozen=True)
class LabelFailure:
    """What ``label_many(..., on_error="yield")`` yields for a file that could not be labeled."""
    source: str
    error: str


def default_model_path() -> Path | None:
    """The shipped model: ``$GAINLP_MODEL``, else the last folder by name in ``models/`` next
    to ``gainlp/`` (a checkout), else the one a wheel bundles (``gainlp/_bundled/models``)."""
    env = os.environ.get("GAINLP_MODEL")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for root in (here.parent / "models", here / "_bundled" / "models"):
        if root.is_dir():
            found = sorted(p for p in root.iterdir() if (p / "config.json").is_file())
            if found:
                return found[-1]
    return None


def model_version(model: str | os.PathLike | None = None) -> str | None:
    """The name output records give a model folder (``model`` or the shipped default): its
    ``config.json`` ``"version"`` if set, else the folder's name; None if there is no model."""
    path = Path(model) if model is not None else default_model_path()
    if path is None:
        return None
    try:
        import json
        version = json.loads((path / "config.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        version = None
    return str(version) if version else (path.resolve().name or str(path))


# -- model loading ------------------------------------------------------------------------------
def _model_labeler(path: str):
    """Load the model folder ``path`` (a new object on every call: the caller keeps it)."""
    from .model import ModelLabeler  # imported lazily: torch is slow to import
    return ModelLabeler.from_pretrained(path)


#: what a model that cannot be loaded raises (besides ``gainlp.model.ModelLoadError``, a
#: missing, incomplete or corrupt folder): ``auto`` falls back to the rules on these alone
MODEL_LOAD_ERRORS: tuple[type[BaseException], ...] = (OSError, ImportError)


def is_model_load_error(e: BaseException) -> bool:
    """Whether ``e`` says "this model cannot be loaded here" (``auto`` then uses the rules)
    rather than a bug (a ``TypeError``, say), which must propagate."""
    if isinstance(e, MODEL_LOAD_ERRORS):
        return True
    modeling = sys.modules.get(f"{__package__}.model.modeling")
    return modeling is not None and isinstance(e, modeling.ModelLoadError)


@lru_cache(maxsize=None)
def _warn_no_model(reason: str) -> None:
    warnings.warn(f"gainlp: model engine unavailable ({reason}); using the rules engine", stacklevel=4)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")


def _check_on_error(on_error: str) -> None:
    if on_error not in ON_ERROR:
        raise ValueError("on_error must be 'raise' or 'yield'")


# -- paths and text --------------------------------------------------------------------------------
_TEXT_PUNCTUATION = frozenset("。，；：！？、")


def looks_like_path(s: str) -> bool:
    """Whether the one string ``s`` is meant as a file path rather than report text: a single
    line that ends in a known file suffix (``.txt``, ``.docx``, ``.html``, ``.htm``, ``.pdf``,
    …), or that holds a path separator and neither whitespace nor Chinese sentence
    punctuation. An existing file is a path whatever its name."""
    if "\n" in s or "\r" in s or not s.strip() or len(s) > 4096:
        return False
    from .readers import PATH_SUFFIXES
    if os.path.splitext(s.strip())[1].lower() in PATH_SUFFIXES:
        return True
    seps = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    if any(c in s for c in seps) and not any(c.isspace() or c in _TEXT_PUNCTUATION for c in s):
        return True
    return os.path.isfile(s)


def _as_path(source: str | os.PathLike) -> str | None:
    """The path to read for ``label(source)``/``nlp(source)``, or None for text. A path that
    does not exist raises ``FileNotFoundError`` (never labeled as if it were report text)."""
    if isinstance(source, os.PathLike):
        path = os.fsdecode(os.fspath(source))
    elif isinstance(source, str):
        if not looks_like_path(source):
            return None
        path = source
    else:
        raise TypeError(f"expected report text, a path or an os.PathLike, not {type(source).__name__}")
    if not os.path.exists(path):
        import errno
        raise FileNotFoundError(errno.ENOENT, "no such file (give report text with nlp.label_text)", path)
    return path


# -- the labeler object -----------------------------------------------------------------------------
class Labeler:
    """A configured labeler: ``nlp(text_or_path) -> Report``, ``nlp.label_text(text)``,
    ``nlp.pipe(paths, jobs=...)``. Made by ``gainlp.load`` (same keywords).

    * ``engine`` — ``"auto"``, ``"model"`` or ``"rules"`` (module docstring).
    * ``model`` — a model folder (default: ``default_model_path()``), or an already loaded
      model object (anything with ``predict_lines`` like ``gainlp.model.ModelLabeler``).
    * ``aliases``, ``tables`` — the rules' vocabulary files (``gainlp/data/*.json`` format);
      the model sees the labels of these rules too.
    * ``min_confidence`` — ``auto``: the calibrated section confidence from which the model's
      part replaces the rules'.
    * ``combine`` — the merge policy, ``combine(rules_report, predictions, *, min_confidence,
      model_roles) -> Report`` (default: ``gainlp.pipeline.combine``); also the attribute
      ``nlp.combine``, which may be replaced.

    Attributes: ``rules`` (the ``RuleLabeler``), ``model`` (the loaded model, None for the
    rules engine and for ``auto`` without a model), ``model_path``, ``model_version``,
    ``model_error`` (why ``auto`` runs without its model, else None).
    """

    def __init__(self, *, engine: str = "auto", model: str | os.PathLike | Any | None = None,
                 aliases: str | os.PathLike | None = None, tables: str | os.PathLike | None = None,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                 combine: Callable[..., Report] | None = None) -> None:
        _check_engine(engine)
        if not 0.0 <= float(min_confidence) <= 1.0:
            raise ValueError(f"min_confidence must be in [0, 1], not {min_confidence!r}")
        from .rules import RuleLabeler
        self.engine = engine
        self.aliases = os.fsdecode(os.fspath(aliases)) if aliases is not None else None
        self.tables = os.fsdecode(os.fspath(tables)) if tables is not None else None
        self.min_confidence = float(min_confidence)
        self.combine: Callable[..., Report] = combine if combine is not None else default_combine
        # the rules engine is the rules alone; the model and auto engines cut long lines with
        # the learned cuts too (gainlp.learned_cuts), as the model's own segments do
        self.rules = RuleLabeler(aliases=self.aliases, tables=self.tables,
                                 cuts=None if engine == "rules" else "default")
        self.model: Any = None
        self.model_path: Path | None = None
        self.model_version: str | None = None
        self.model_error: str | None = None
        if engine == "rules":
            return
        if isinstance(model, str) and not model:
            model = None
        if model is not None and not isinstance(model, (str, os.PathLike)):
            if not callable(getattr(model, "predict_lines", None)):
                raise TypeError("model must be a folder path or an object with predict_lines()")
            self.model = model
            source = getattr(model, "source", None)
            self.model_path = Path(source) if source else None
            self.model_version = model_version(source) if source else type(model).__name__
            return
        path = Path(model) if model is not None else default_model_path()
        self.model_path = path
        try:
            if path is None:
                raise FileNotFoundError("no model folder found in models/ and none given")
            self.model = _model_labeler(str(path))
        except Exception as e:
            if engine == "model" or not is_model_load_error(e):
                raise
            self.model_error = f"{path}: {e}"
            _warn_no_model(self.model_error)
            return
        self.model_version = model_version(path)

    def __repr__(self) -> str:
        model = self.model_version if self.model is not None else None
        return (f"Labeler(engine={self.engine!r}, model={model!r}, aliases={self.aliases!r}, "
                f"tables={self.tables!r}, min_confidence={self.min_confidence})")

    # -- single reports ---------------------------------------------------------------------
    def __call__(self, text_or_path: str | os.PathLike) -> Report:
        """Label a path (an ``os.PathLike``, or a ``str`` that ``looks_like_path``: it must
        exist, else ``FileNotFoundError``) or report text (any other ``str``)."""
        path = _as_path(text_or_path)
        if path is not None:
            return self.label_path(path)
        return self.label_text(text_or_path)  # type: ignore[arg-type]

    def label_path(self, path: str | os.PathLike) -> Report:
        """Read the file at ``path`` (``gainlp.read``) and label its text."""
        from .readers import read
        source = os.fsdecode(os.fspath(path))
        return self.label_text(read(source), source=source)

    def label_text(self, text: str, source: str | None = None) -> Report:
        """Label report text as it is (never read as a path)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        report = self.rules.label(text, source=source)
        if self.engine == "rules":
            return report
        if self.engine == "model" and self.model is not None:
            inputs = _model_inputs(report)
            del report  # the rules' segments are not needed any more: on a huge report, free them now
            return self._model_engine_report(*inputs)
        return self.apply_model(report)

    def apply_model(self, rules_report: Report) -> Report:
        """The model step: run the network on the lines of a report of ``self.rules`` and
        merge with ``self.combine``. Without a model (``auto`` fallback) the rules report is
        returned as it is, with ``engine="auto"`` and ``meta["model"] = None``."""
        if self.engine == "rules":
            return rules_report
        if self.model is None:
            rules_report.engine = "auto"  # the engine asked for; "model": null says the rules ran alone
            rules_report.meta["model"] = None
            return rules_report
        if self.engine == "model":  # the model's own segments and labels, as its card scores them
            return self._model_engine_report(*_model_inputs(rules_report))
        lines = rules_report.lines
        lines = lines.texts() if isinstance(lines, Lines) else [ln.text for ln in lines]
        kw = {"rule_labels": rules_report.line_labels(), "fmt": rules_report.format}
        if self.combine is default_combine and callable(getattr(self.model, "iter_line_segments", None)):
            # line by line: one window of predictions is held at a time, not the whole report's
            report = combine(rules_report, None, min_confidence=self.min_confidence, model_roles=False,
                             segments=self.model.iter_line_segments(lines, **kw))
        elif callable(getattr(self.model, "predict_segments", None)):
            segments = self.model.predict_segments(lines, **kw)
            preds = [segs[0][2] for segs in segments]
            report = self.combine(rules_report, preds, min_confidence=self.min_confidence,
                                  model_roles=False, segments=segments)
        else:
            preds = self.model.predict_lines(lines, **kw)
            report = self.combine(rules_report, preds, min_confidence=self.min_confidence, model_roles=False)
        report.engine = self.engine
        report.meta["model"] = self.model_version
        return report

    def _model_engine_report(self, text: str, lines, source: str | None, fmt: str, meta: dict,
                             rule_labels: list[tuple[str, str]]) -> Report:
        kw = {"source": source, "rule_labels": rule_labels, "fmt": fmt}
        if callable(getattr(self.model, "label_lines", None)):  # reuses the rules' lines
            report = self.model.label_lines(text, lines, **kw)
        else:
            report = self.model.label(text, **kw)
        report.meta.update(meta)
        report.engine = self.engine
        report.meta["model"] = self.model_version
        return report

    # -- batches ------------------------------------------------------------------------------
    def pipe(self, paths: Iterable[str | os.PathLike], *, jobs: int = 1, on_error: str = "raise",
             postprocess: Callable[[Report], Any] | None = None) -> Iterator[Report | LabelFailure | Any]:
        """Label many files lazily, yielding results in input order.

        ``on_error="raise"`` stops at the first failure and raises it with its own type
        (``FileNotFoundError``, ``ReadError``, …); ``"yield"`` yields a ``LabelFailure`` for
        a file that fails and goes on. ``postprocess`` (a picklable function of a Report) is
        applied to each report and its result is yielded instead.

        ``jobs > 1`` uses worker processes, each running this labeler's rules (same
        vocabulary files), and labels whole files (and runs ``postprocess``, keeping the parent
        free). With ``model``/``auto`` each worker loads its own copy of the model (~0.3 GB
        each) and runs it on ``cores // jobs`` torch threads: one thread per process does more
        work per CPU second than two threads sharing one small matrix product (on 2 cores,
        ``benchmarks/bench_jobs.py``: 1.41× faster with 2 jobs than with one). A custom
        ``combine`` or a model given as an object (no folder to load it from) keeps the
        network in this process, and the workers read the files and run the rules.
        """
        _check_on_error(on_error)
        if int(jobs) != jobs:
            raise ValueError(f"jobs must be an integer, not {jobs!r}")
        return self._pipe(paths, int(jobs), on_error, postprocess)

    def _pipe(self, paths: Iterable[str | os.PathLike], jobs: int, on_error: str,
              postprocess: Callable[[Report], Any] | None) -> Iterator[Report | LabelFailure | Any]:
        keep_going = on_error == "yield"
        if jobs <= 1:
            for p in paths:
                yield _label_file(lambda: self, os.fsdecode(os.fspath(p)), postprocess, keep_going)
            return
        whole_model = self.engine != "rules" and self.model is not None and self.model_path is not None \
            and self.combine is default_combine
        # a forked child of a process whose torch threads have run can hang in OpenMP: model
        # workers start fresh (spawn) and load the model themselves
        context = multiprocessing.get_context("spawn") if whole_model else None
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, mp_context=context)
        try:
            if self.engine == "rules":
                items = ((os.fsdecode(os.fspath(p)), self.aliases, self.tables, postprocess, keep_going)
                         for p in paths)
                yield from _ordered_map(pool, _label_one, items, window=8 * jobs)
            elif whole_model:  # see the docstring of ``pipe``
                threads = max(1, (os.cpu_count() or 1) // jobs)
                items = ((os.fsdecode(os.fspath(p)), self.aliases, self.tables, postprocess, keep_going,
                          self.engine, str(self.model_path), self.min_confidence, threads) for p in paths)
                yield from _ordered_map(pool, _label_one_with_model, items, window=4 * jobs)
            else:
                items = ((os.fsdecode(os.fspath(p)), self.aliases, self.tables, None, keep_going) for p in paths)
                for r in _ordered_map(pool, _label_one, items, window=4 * jobs):
                    if not isinstance(r, LabelFailure):
                        try:
                            r = self.apply_model(r)
                            r = postprocess(r) if postprocess is not None else r
                        except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
                            if not keep_going:
                                raise
                            r = _failure(r.source or "<text>", e)
                    yield r
        except BaseException:  # interrupt, error or early close (GeneratorExit): do not wait
            _abort_pool(pool)
            raise
        pool.shutdown(wait=True)


def load(engine: str = "auto", model: str | os.PathLike | Any | None = None,
         aliases: str | os.PathLike | None = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE, *,
         tables: str | os.PathLike | None = None, combine: Callable[..., Report] | None = None) -> Labeler:
    """A new ``Labeler`` (see there): its own rules, its own copy of the model (loaded now)
    and its own merge policy. ``gainlp.load(aliases="my.json")`` uses the custom aliases in
    the rules and, through the rule features and the merge, with the model."""
    return Labeler(engine=engine, model=model, aliases=aliases, tables=tables,
                   min_confidence=min_confidence, combine=combine)


# -- the thin wrappers --------------------------------------------------------------------------
_SHARED_MAX = 4
_shared: OrderedDict[tuple, Labeler] = OrderedDict()
_shared_lock = threading.Lock()


def _shared_labeler(engine: str, model: str | os.PathLike | None, aliases: str | os.PathLike | None,
                    min_confidence: float, tables: str | os.PathLike | None = None) -> Labeler:
    """The Labeler the wrappers ``label``/``label_text``/``label_many`` use for one set of
    arguments: kept (a few at most) so that calling them in a loop loads the model once, as
    they always did. ``gainlp.load`` never returns one of these. An ``auto`` labeler whose
    model failed to load is not kept: the next call tries again."""
    _check_engine(engine)
    if engine == "rules":
        model_key = None
    elif model:
        model_key = os.fsdecode(os.fspath(model))
    else:
        found = default_model_path()
        model_key = str(found) if found is not None else None
    key = (engine, model_key, None if aliases is None else os.fsdecode(os.fspath(aliases)),
           None if tables is None else os.fsdecode(os.fspath(tables)), float(min_confidence))
    with _shared_lock:
        nlp = _shared.get(key)
        if nlp is not None:
            _shared.move_to_end(key)
            return nlp
    nlp = Labeler(engine=engine, model=model_key if engine != "rules" else None, aliases=key[2],
                  tables=key[3], min_confidence=min_confidence)
    if engine == "rules" or nlp.model is not None:
        with _shared_lock:
            _shared[key] = nlp
            while len(_shared) > _SHARED_MAX:
                _shared.popitem(last=False)
    return nlp


def label_text(text: str, *, engine: str = "auto", source: str | None = None,
               model: str | os.PathLike | None = None,
               min_confidence: float = DEFAULT_MIN_CONFIDENCE,
               aliases: str | os.PathLike | None = None) -> Report:
    """Label an already decoded text (``load(...).label_text(text, source)``)."""
    return _shared_labeler(engine, model, aliases, min_confidence).label_text(text, source=source)


def apply_model(rules_report: Report, *, engine: str = "auto", model: str | os.PathLike | None = None,
                min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Report:
    """The model step of ``label_text`` on a rules report (``Labeler.apply_model``)."""
    return _shared_labeler(engine, model, None, min_confidence).apply_model(rules_report)


FLATTENED_POLICIES = ("rules", "model", "model sections")


def _model_inputs(rules_report: Report) -> tuple:
    """What the model engine needs of the rules' report (``Labeler._model_engine_report``)."""
    return (rules_report.text, rules_report.lines, rules_report.source, rules_report.format,
            rules_report.meta, rules_report.line_labels())


def model_report(rules_report: Report, segments: list) -> Report:
    """The model's own report (``engine="model"``) from ``ModelLabeler.predict_segments`` run
    on the lines of ``rules_report``."""
    from .report import Segment
    segs = [Segment(ln.start + a, ln.start + b, ln.index, p.section, p.role, p.confidence, engine="model")
            for ln, per_line in zip(rules_report.lines, segments) for a, b, p in per_line]
    return Report(text=rules_report.text, segments=segs, lines=rules_report.lines,
                  source=rules_report.source, format=rules_report.format, engine="model")


def _merge_cut_line(line_start: int, rules_segs: list, model_segs: list, *, flattened: str,
                    min_confidence: float) -> list:
    """The segments of one line that the rules or the model cut into several (a flattened
    page): the rules' (``flattened="rules"``), the model's (``"model"``), or the model's
    sections (where their calibrated confidence reaches ``min_confidence``, outside what
    the rules read as tables and noise) with the rules' roles, cut wherever either changes
    (``"model sections"``)."""
    from .report import Segment
    if flattened == "rules":
        return rules_segs
    ln = rules_segs[0].line
    if flattened == "model":
        return [Segment(line_start + a, line_start + b, ln, p.section, p.role, p.confidence, engine="model")
                for a, b, p in model_segs]
    cuts = sorted({s.start for s in rules_segs} | {s.end for s in rules_segs}
                  | {line_start + a for a, _, _ in model_segs} | {line_start + b for _, b, _ in model_segs})
    out = []
    r = m = 0
    for a, b in zip(cuts, cuts[1:]):
        while rules_segs[r].end <= a:
            r += 1
        while line_start + model_segs[m][1] <= a:
            m += 1
        rs, p = rules_segs[r], model_segs[m][2]
        keep = (p.section_probs[p.section] < min_confidence or top_section(rs.section) == top_section(p.section)
                or (rs.role in FORM_ROLES and rs.confidence >= 0.6))  # tables and noise, as on whole lines
        section = rs.section if keep else p.section
        engine = "rules" if section == rs.section else "model"
        out.append(Segment(a, b, ln, section, rs.role, min(rs.confidence, p.confidence), engine=engine))
    return out


def combine(rules_report: Report, preds: list | None, *, min_confidence: float, model_roles: bool = True,
            segments: Iterable[list] | None = None, flattened: str = "model sections",
            flattened_confidence: float = 0.9) -> Report:
    """Merge the model's predictions into the rules' report. ``preds``: one
    ``gainlp.model.LinePrediction`` per line (``None``: each line's first segment's);
    ``segments``: the model's segments of every line, in line order
    (``ModelLabeler.predict_segments``, or ``iter_line_segments`` to hold one window at a
    time), needed for lines cut into several segments.

    ``engine="auto"`` calls it with ``model_roles=False``; ``model_roles=True`` (the model's
    section and role on every line, the rules' segments) is there for custom policies.
    ``engine="model"`` does not merge at all: it returns ``ModelLabeler.label``, the model's
    own segments and labels. In ``auto``, per line:

    * the section: the model's where its calibrated section confidence reaches
      ``min_confidence`` and it names another part than the rules; the rules' subsection
      of 总体情况 where both name ``s1``;
    * the role: the rules';
    * a line the rules placed in a table or marked as noise keeps the rules' labels: a
      table's section is fixed by its vocabulary (rule 4) and noise by its form (page
      numbers, ``|---|`` rows), layouts the model may never have seen in training.

    A line that the rules or the model cut into several segments (a flattened page) follows
    ``flattened`` (``FLATTENED_POLICIES``; default: the model's sections where their
    confidence reaches ``flattened_confidence``, with the rules' roles); without
    ``segments``, the rules' segments and labels. Each segment's ``engine``
    says whose labels it carries (``"rules"`` where ``auto`` kept the rules' section and role).
    Why ``auto`` splits the work this way: cross-validation by document on the real
    development reports (README, "The model and the default auto engine").
    """
    from .report import Segment
    if flattened not in FLATTENED_POLICIES:
        raise ValueError(f"flattened must be one of {FLATTENED_POLICIES}, not {flattened!r}")
    if preds is None and segments is None:
        raise ValueError("give preds, segments or both")
    out: list[Segment] = []
    model_segs = iter(segments) if segments is not None else None
    for ln, segs in zip(rules_report.lines, _segments_by_line(rules_report)):
        line_segs = next(model_segs) if model_segs is not None else None
        if line_segs is not None and (len(segs) > 1 or len(line_segs) > 1):
            out.extend(_merge_cut_line(ln.start, segs, line_segs, flattened=flattened,
                                       min_confidence=flattened_confidence))
            continue
        p = preds[ln.index] if preds is not None else line_segs[0][2]
        sec_conf = p.section_probs[p.section]
        r = segs[0]
        if (len(segs) > 1 or sec_conf < min_confidence
                or (not model_roles and r.role in FORM_ROLES and r.confidence >= 0.6)):
            out.extend(segs)
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
        # provenance: the model's labels; in auto mode the rules' where the model kept them
        engine = "model" if model_roles or (section, role) != (r.section, r.role) else "rules"
        out.append(Segment(r.start, r.end, r.line, section, role, float(conf), engine=engine))
    return Report(text=rules_report.text, segments=out, lines=rules_report.lines,
                  source=rules_report.source, format=rules_report.format, engine="model")


default_combine = combine


def _segments_by_line(report: Report) -> Iterator[list]:
    """The report's segments grouped by line, in line order (segments are sorted by offset)."""
    segs = report.segments
    k = 0
    for i in range(len(report.lines)):
        group = []
        while k < len(segs) and segs[k].line == i:
            group.append(segs[k])
            k += 1
        yield group


def label(source: str | os.PathLike, *, engine: str = "auto",
          model: str | os.PathLike | None = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
          aliases: str | os.PathLike | None = None) -> Report:
    """Label a report given as a path (``.txt``, ``.docx``, ``.html``, ``.pdf``) or as text
    (``load(...)(source)``).

    An ``os.PathLike`` is a path. A ``str`` is a path when it ``looks_like_path`` (one line
    ending in a known file suffix, or with path separators and no spaces or sentence
    punctuation, or naming an existing file); a path that does not exist raises
    ``FileNotFoundError``. Any other ``str`` is the report text itself.
    """
    path = _as_path(source)
    nlp = _shared_labeler(engine, model, aliases, min_confidence)
    return nlp.label_path(path) if path is not None else nlp.label_text(source)  # type: ignore[arg-type]


def _failure(path: str, e: BaseException) -> LabelFailure:
    return LabelFailure(path, f"{type(e).__name__}: {e}")


def _label_file(labeler: Callable[[], Labeler], path: str, postprocess: Callable | None,
                keep_going: bool) -> Report | LabelFailure | Any:
    """One file of ``Labeler.pipe``: ``labeler()`` labels it, ``postprocess`` follows; with
    ``keep_going`` any error (loading included) becomes a ``LabelFailure``, else it is
    raised (in a worker, the parent's future re-raises it, type and all)."""
    try:
        report = labeler().label_path(path)
        return postprocess(report) if postprocess is not None else report
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
        if not keep_going:
            raise
        return _failure(path, e)


def _label_one(args: tuple[str, str | None, str | None, Callable | None, bool]):
    """Worker task of ``Labeler.pipe``: the rules' report of one file (a new rules-only
    Labeler with the caller's vocabulary files; the vocabulary is cached per process)."""
    path, aliases, tables, postprocess, keep_going = args
    return _label_file(lambda: Labeler(engine="rules", aliases=aliases, tables=tables), path, postprocess,
                       keep_going)


def _label_one_with_model(args: tuple) -> Report | LabelFailure | Any:
    """Worker task of ``Labeler.pipe`` with the model: the whole pipeline on one file (the
    model is loaded once per worker, ``_shared_labeler``), on ``threads`` torch threads."""
    path, aliases, tables, postprocess, keep_going, engine, model, min_confidence, threads = args

    def labeler() -> Labeler:
        nlp = _shared_labeler(engine, model, aliases, min_confidence, tables)
        import torch  # already imported by the model
        torch.set_num_threads(threads)
        return nlp
    return _label_file(labeler, path, postprocess, keep_going)


def _worker_init() -> None:
    """Initializer of ``label_many``'s worker processes: Ctrl-C goes to the parent alone (it
    stops the pool), SIGTERM ends a worker, and a worker ends when its parent dies, even by
    ``kill -9`` (Linux: ``PR_SET_PDEATHSIG``; elsewhere a thread watching ``os.getppid()``)."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, int(signal.SIGTERM), 0, 0, 0) != 0:  # 1 = PR_SET_PDEATHSIG
            raise OSError(ctypes.get_errno(), "prctl")
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
        return
    except (OSError, AttributeError, TypeError):  # not Linux
        pass
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="gainlp-parent-watch", daemon=True).start()


def _abort_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now (interrupt, error, early close): cancel queued work and end the
    workers instead of waiting for the files they are labeling."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            if p.is_alive():
                p.terminate()
        except (OSError, ValueError):
            pass
    for p in procs:
        try:
            p.join(timeout=5)
        except (OSError, ValueError):
            pass


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
               aliases: str | os.PathLike | None = None,
               min_confidence: float = DEFAULT_MIN_CONFIDENCE,
               ) -> Iterator[Report | LabelFailure | Any]:
    """Label many files lazily, yielding results in input order (``load(...).pipe(paths,
    jobs=..., on_error=..., postprocess=...)``, see ``Labeler.pipe``).

    ``on_error="raise"`` re-raises the first failure with its own type. With
    ``on_error="yield"`` and ``engine="model"``, a model that cannot be loaded gives one
    ``LabelFailure`` per file.
    """
    _check_on_error(on_error)
    _check_engine(engine)
    try:
        nlp = _shared_labeler(engine, model, aliases, min_confidence)
    except Exception as e:  # noqa: BLE001 - filtered just below
        if on_error == "raise" or not is_model_load_error(e):
            raise
        for p in paths:
            yield _failure(os.fsdecode(os.fspath(p)), e)
        return
    yield from nlp.pipe(paths, jobs=jobs, on_error=on_error, postprocess=postprocess)
