"""Ray Data batch labeling in local mode gives exactly the single-process results."""
import json

import pytest

ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'ray[data]')")
pytest.importorskip("ray.data", reason="ray[data] is not installed")

from gainlp.distributed import ROW_FIELDS, label_batch, label_dataset  # noqa: E402
from gainlp.pipeline import LabelFailure, label_many  # noqa: E402

# Ray's own DataContext copies deprecated attributes when a dataset executes
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray")


@pytest.fixture(scope="module")
def local_ray():
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False,
                 configure_logging=False, ignore_reinit_error=True)
    try:
        from ray.data import DataContext
        DataContext.get_current().enable_progress_bars = False
    except Exception:  # noqa: BLE001 - cosmetic only
        pass
    yield
    if started:
        ray.shutdown()


def expected_rows(paths):
    rows = []
    for i, (p, res) in enumerate(zip(paths, label_many(paths, engine="rules", on_error="yield"))):
        if isinstance(res, LabelFailure):
            rows.append({"index": i, "doc": p, "n_chars": None, "format": None, "engine": None,
                         "segments": None, "sections": None, "error": res.error})
        else:
            d = res.to_dict(doc=p)
            rows.append({"index": i, "doc": p, "n_chars": d["n_chars"], "format": d["format"],
                         "engine": d["engine"], "segments": d["segments"], "sections": d["sections"],
                         "error": None})
    return rows


def decoded(row):
    row = {k: row[k] for k in ROW_FIELDS}
    for k in ("segments", "sections"):
        if row[k] is not None:
            row[k] = json.loads(row[k])
    return row


def test_label_batch_matches_label_many(seeds, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    paths = [str(s) for s in seeds] + [str(broken)]
    cols = label_batch(paths, engine="rules")
    rows = [decoded({k: cols[k][i] for k in ROW_FIELDS}) for i in range(len(paths))]
    assert rows == expected_rows(paths)


def test_ray_dataset_equals_single_process(local_ray, seeds, tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip archive")
    paths = [str(s) for s in seeds[:3]] + [str(broken)] + [str(s) for s in seeds[3:]]
    ds = label_dataset(paths, engine="rules", batch_size=2)
    rows = sorted((decoded(r) for r in ds.take_all()), key=lambda r: r["index"])
    want = expected_rows(paths)
    assert rows == want
    assert [r["doc"] for r in rows] == paths
    failed = [r for r in rows if r["error"]]
    assert [r["doc"] for r in failed] == [str(broken)]
    assert all(r["segments"] for r in rows if not r["error"])
    assert label_dataset([], engine="rules").take_all() == []


def test_bad_arguments():
    with pytest.raises(ValueError):
        label_dataset(["x.txt"], engine="nope")
    with pytest.raises(ValueError):
        label_dataset(["x.txt"], batch_size=0)
