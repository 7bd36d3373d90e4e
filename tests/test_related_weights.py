"""The blend's weight search (scripts/bench/related_weights.py) on small hand-made pools."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from scripts.bench import related_weights as rw  # noqa: E402

N = len(rw.WEIGHTS)


def _row(text: float, **signals: float) -> tuple[float, ...]:
    """A candidate's signal values: ``text`` and the named signals, 0 elsewhere."""
    values = [0.0] * N
    values[0] = text
    for name, value in signals.items():
        values[rw.WEIGHTS.index("w_" + name)] = value
    return tuple(values)


def _pools(queries: int) -> list:
    """Pools where the text ranks a wrong page first and a page below (``below``) is never a target."""
    data = []
    for _ in range(queries):
        feats = [_row(0.55, below=1.0), _row(0.5), _row(0.4)]
        data.append((feats, [False, True, False], 1))
    return data


def test_evaluate_ranks_by_the_weighted_sum():
    start = tuple(1.0 if name == "w_text" else 0.0 for name in rw.WEIGHTS)
    p, r, mrr = rw.evaluate(_pools(4), start)
    assert (p, r, mrr) == pytest.approx((1 / 5, 1.0, 1 / 2))


def test_fit_finds_a_negative_weight_from_zero():
    start = {name: 1.0 if name == "w_text" else 0.0 for name in rw.WEIGHTS}
    fitted = rw.fit(_pools(4), start, log=lambda line: None)
    assert fitted["w_below"] < 0  # only a negative weight on "below" ranks the target first
    assert rw.evaluate(_pools(4), tuple(fitted[x] for x in rw.WEIGHTS))[2] == 1.0


def test_cross_validation_scores_each_half_with_the_other_halfs_fit():
    start = {name: 1.0 if name == "w_text" else 0.0 for name in rw.WEIGHTS}
    first, second = rw.halves(_pools(6))
    assert len(first) == len(second) == 3
    rows = rw.cross_validate(_pools(6), start, log=lambda line: None)
    assert [label for label, *_ in rows] == ["fit on half 1, scored on half 2", "fit on half 2, scored on half 1"]
    for _, weights, before, after in rows:
        assert before[2] == pytest.approx(0.5) and after[2] == 1.0
