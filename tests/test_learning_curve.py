"""training/learning_curve.py: the held-out reports are never in the pool it trains from, and
every selection (random or not) draws from the pool only, nested as k grows."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _module():
    spec = importlib.util.spec_from_file_location("learning_curve", ROOT / "training" / "learning_curve.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_heldout_and_pool_never_overlap_and_cover_everything():
    lc = _module()
    files = [Path(f"/x/{i:03d}.tsv") for i in range(30)]
    held, pool = lc.split_heldout(files)
    assert len(held) == 10 and len(pool) == 20
    assert not set(held) & set(pool)
    assert set(held) | set(pool) == set(files)
    assert held == files[::3]


def test_random_choices_come_from_the_pool_only_and_are_nested():
    lc = _module()
    files = [Path(f"/x/{i:03d}.tsv") for i in range(30)]
    held, pool = lc.split_heldout(files)
    orders = [lc.random_order(pool, seed) for seed in (0, 1)]
    assert orders[0] != orders[1]
    assert lc.random_order(pool, 0) == orders[0]  # fixed by the seed
    for order in orders:
        assert sorted(order) == sorted(pool)
        five, ten = lc.choose(order, 5), lc.choose(order, 10)
        assert set(five) <= set(ten) and not set(ten) & set(held)
