"""Distributed batch labeling with Ray Data (optional: ``pip install "ray[data]>=2.10"``).

``label_dataset(paths)`` returns a lazy ``ray.data.Dataset`` with one row per input file;
each Ray task labels one batch of paths with ``gainlp.pipeline.label_many(...,
on_error="yield")``, so a file that cannot be read or labeled becomes a row with ``error``
set and never stops the job.

Row schema (all strings except ``index`` / ``n_chars``; failed rows have ``error`` set and
``format``, ``engine``, ``segments``, ``sections``, ``n_chars`` null)::

    index     int64   position of the path in the input (Ray may reorder blocks:
                      sort by it, or set DataContext.get_current().execution_options
                      .preserve_order = True before executing)
    doc       string  the path as given
    n_chars   int64   length of the decoded text
    format    string  std2021 | std2019 | old | unknown
    engine    string  the engine asked for (auto / model / rules), as in ``gainlp label``
    segments  string  JSON list of segment dicts, exactly as in ``gainlp label --format jsonl``
    sections  string  JSON list of section-run dicts, as in ``gainlp label --format jsonl``
    error     string  "<ExceptionType>: <message>" for a failed file, else null

Usage, local machine (Ray starts itself with one worker per core)::

    import ray
    from gainlp.distributed import label_dataset

    ray.init(num_cpus=4)                     # optional; ray.data starts Ray on first use
    ds = label_dataset(paths, engine="rules", batch_size=32)
    ds.write_parquet("labels/")              # or ds.iter_rows(), ds.to_pandas(), ...
    failed = ds.filter(lambda r: r["error"] is not None).take_all()

On a cluster: ``ray.init(address="auto")`` first; the paths must be readable at the same
location on every node (shared filesystem). With ``engine="model"`` or ``"auto"`` each Ray
worker process loads the model once (``gainlp.pipeline`` caches it per process) and keeps
it for every later batch it runs; pass ``num_cpus=`` per task to size tasks to the model's
threads, and ``concurrency=`` to cap the number of parallel tasks.
"""
from __future__ import annotations

import os
from typing import Any, Iterable

from .pipeline import ENGINES, LabelFailure, label_many

__all__ = ["label_dataset", "label_batch", "ROW_FIELDS"]

ROW_FIELDS = ("index", "doc", "n_chars", "format", "engine", "segments", "sections", "error")


def _schema():
    import pyarrow as pa
    return pa.schema([
        ("index", pa.int64()), ("doc", pa.string()), ("n_chars", pa.int64()),
        ("format", pa.string()), ("engine", pa.string()), ("segments", pa.string()),
        ("sections", pa.string()), ("error", pa.string()),
    ])


def label_batch(paths: list[str], indices: list[int] | None = None, *, engine: str = "auto",
                model: str | None = None) -> dict[str, list[Any]]:
    """Label ``paths`` in this process; a column dict of output rows (see the module docstring)."""
    cols: dict[str, list[Any]] = {k: [] for k in ROW_FIELDS}
    indices = list(range(len(paths))) if indices is None else list(indices)
    results = label_many(paths, engine=engine, model=model, jobs=1, on_error="yield")
    for idx, path, res in zip(indices, paths, results):
        cols["index"].append(int(idx))
        cols["doc"].append(path)
        if isinstance(res, LabelFailure):
            for k in ("n_chars", "format", "engine", "segments", "sections"):
                cols[k].append(None)
            cols["error"].append(res.error)
            continue
        cols["n_chars"].append(len(res.text))
        cols["format"].append(res.format)
        cols["engine"].append(res.engine)
        cols["segments"].append(res.segments_json())
        cols["sections"].append(res.sections_json())
        cols["error"].append(None)
    return cols


class _LabelFn:
    """The ``map_batches`` function (a picklable object, so engine/model travel with it)."""

    def __init__(self, engine: str, model: str | None) -> None:
        self.engine = engine
        self.model = model

    def __call__(self, batch):
        import pyarrow as pa
        paths = [str(p) for p in batch["path"].to_pylist()]
        indices = batch["index"].to_pylist()
        try:
            cols = label_batch(paths, indices, engine=self.engine, model=self.model)
        except Exception as e:  # noqa: BLE001 - label_many yields failures; this is a last resort
            msg = f"{type(e).__name__}: {e}"
            cols = {k: [None] * len(paths) for k in ROW_FIELDS}
            cols.update(index=indices, doc=paths, error=[msg] * len(paths))
        return pa.Table.from_pydict(cols, schema=_schema())


def label_dataset(paths: Iterable[str | os.PathLike], *, engine: str = "auto",
                  model: str | os.PathLike | None = None, batch_size: int = 16,
                  num_cpus: float = 1, concurrency: int | None = None,
                  override_num_blocks: int | None = None):
    """A lazy ``ray.data.Dataset`` of output rows for ``paths`` (see the module docstring).

    ``batch_size`` files go to one task (one ``label_many`` call); ``num_cpus`` is reserved per
    task; ``concurrency`` caps parallel tasks; ``override_num_blocks`` sets how many blocks
    the input list is cut into (default: Ray's choice, at least one per batch).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    import ray.data

    items = [{"index": i, "path": os.fspath(p)} for i, p in enumerate(paths)]
    if override_num_blocks is None:
        override_num_blocks = max(1, min(200, -(-len(items) // batch_size)))
    ds = ray.data.from_items(items, override_num_blocks=override_num_blocks)
    kwargs: dict[str, Any] = {"batch_size": batch_size, "batch_format": "pyarrow", "num_cpus": num_cpus}
    if concurrency is not None:
        kwargs["concurrency"] = concurrency
    return ds.map_batches(_LabelFn(engine, os.fspath(model) if model is not None else None), **kwargs)
