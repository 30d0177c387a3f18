"""Properties of PRIM's peeling trajectory (Friedman & Fisher 1999, "Bump hunting in high-dimensional data"):
boxes nest and shrink, coverage only falls, and the result depends on each input only through its order."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiation.experiment.prim import PrimResult, boxes_json, covering, prim


@st.composite
def problems(draw: Any) -> tuple[np.ndarray, np.ndarray, float, float]:
    """(x, y, alpha, min_mass): inputs on a grid of quarters (so ties occur), some binary columns."""
    n = draw(st.integers(1, 80))
    d = draw(st.integers(1, 3))
    x = draw(hnp.arrays(np.int64, (n, d), elements=st.integers(-40, 40))) / 4
    binary = draw(hnp.arrays(np.bool_, d, elements=st.booleans()))
    x[:, binary] = x[:, binary] > 0
    y = draw(hnp.arrays(np.bool_, n, elements=st.booleans()))
    return x, y, draw(st.sampled_from([0.05, 0.1, 0.25])), draw(st.sampled_from([0.01, 0.05, 0.2]))


def _run(x: np.ndarray, y: np.ndarray, alpha: float, min_mass: float) -> PrimResult:
    return prim(x, y, [f"x{j}" for j in range(x.shape[1])], alpha=alpha, min_mass=min_mass)


@settings(max_examples=30, deadline=None)
@given(problem=problems())
def test_the_trajectory_shrinks_and_nests(problem: tuple[np.ndarray, np.ndarray, float, float]) -> None:
    x, y, alpha, min_mass = problem
    result = _run(x, y, alpha, min_mass)
    first = result.trajectory[0]
    assert first.mass == 1.0 and first.restricted == ()
    np.testing.assert_array_equal(first.lo, x.min(axis=0))
    np.testing.assert_array_equal(first.hi, x.max(axis=0))
    if y.any():
        assert first.coverage == 1.0
    assert first.density == result.base_rate
    for before, after in zip(result.trajectory, result.trajectory[1:], strict=False):
        assert after.mass < before.mass
        assert after.mass >= min_mass
        assert after.coverage <= before.coverage
        assert after.density > before.density
        assert np.all(after.lo >= before.lo) and np.all(after.hi <= before.hi)
        assert np.all(after.lo <= after.hi)
    assert result.box.density >= result.base_rate


@settings(max_examples=30, deadline=None)
@given(
    problem=problems(),
    column=st.integers(0, 2),
    scale=st.sampled_from([0.25, 1.7, 8.0, 1000.0]),
    shift=st.sampled_from([-100.0, -0.5, 0.0, 3.0]),
)
def test_an_increasing_affine_transform_of_an_input_changes_only_its_limits(
    problem: tuple[np.ndarray, np.ndarray, float, float], column: int, scale: float, shift: float
) -> None:
    x, y, alpha, min_mass = problem
    column %= x.shape[1]
    moved = x.copy()
    moved[:, column] = scale * x[:, column] + shift
    plain, transformed = _run(x, y, alpha, min_mass), _run(moved, y, alpha, min_mass)
    assert transformed.chosen == plain.chosen
    assert len(transformed.trajectory) == len(plain.trajectory)
    others = np.arange(x.shape[1]) != column
    for a, b in zip(plain.trajectory, transformed.trajectory, strict=True):
        assert (a.restricted, a.coverage, a.density, a.mass) == (b.restricted, b.coverage, b.density, b.mass)
        np.testing.assert_array_equal(b.lo[others], a.lo[others])
        np.testing.assert_array_equal(b.hi[others], a.hi[others])
        np.testing.assert_allclose([b.lo[column], b.hi[column]], [scale * a.lo[column] + shift, scale * a.hi[column] + shift], rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(problem=problems(), paste_alpha=st.sampled_from([0.01, 0.05, 0.2]))
def test_pasting_grows_the_chosen_box_without_losing_density(
    problem: tuple[np.ndarray, np.ndarray, float, float], paste_alpha: float
) -> None:
    """Friedman & Fisher (1999), pasting: each pasted box contains the one before, holds more cases, is no less dense."""
    x, y, alpha, min_mass = problem
    result = prim(x, y, [f"x{j}" for j in range(x.shape[1])], alpha=alpha, min_mass=min_mass, paste_alpha=paste_alpha)
    assert result.pasting[0] is result.trajectory[result.chosen]
    for before, after in zip(result.pasting, result.pasting[1:], strict=False):
        assert np.all(after.lo <= before.lo) and np.all(after.hi >= before.hi)
        assert after.coverage > before.coverage and after.mass > before.mass
        assert after.density >= before.density
    box = result.box
    assert box.density >= result.trajectory[result.chosen].density
    inside = np.all((x >= box.lo) & (x <= box.hi), axis=1)
    assert box.mass == inside.mean() and (not y.any() or box.coverage == (inside & y).sum() / y.sum())
    assert len(result.quasi_p) == len(box.restricted) and all(0.0 <= p <= 1.0 for p in result.quasi_p)


@settings(max_examples=40, deadline=None)
@given(problem=problems(), boxes=st.integers(1, 4))
def test_covering_boxes_are_disjoint_and_their_shares_add_up(problem: tuple[np.ndarray, np.ndarray, float, float], boxes: int) -> None:
    """Covering: each search runs on the points no earlier box holds, so coverages and masses add up to the union's."""
    x, y, alpha, min_mass = problem
    results = covering(x, y, [f"x{j}" for j in range(x.shape[1])], boxes=boxes, alpha=alpha, min_mass=min_mass)
    assert 1 <= len(results) <= boxes
    blocks = boxes_json(results)
    taken = np.zeros(len(y), dtype=bool)
    for k, (result, block) in enumerate(zip(results, blocks, strict=True)):
        assert result.points == int((~taken).sum()) and result.points >= 1
        inside = np.all((x >= result.box.lo) & (x <= result.box.hi), axis=1) & ~taken
        if k:
            assert result.box.restricted and result.box.density > y.mean()
        assert block["mass"] == pytest.approx(inside.mean())
        taken |= inside
    assert sum(b["mass"] for b in blocks) == pytest.approx(taken.mean())
    if y.any():
        assert sum(b["coverage"] for b in blocks) == pytest.approx((taken & y).sum() / y.sum())
    covers = [b["coverage"] for b in blocks]
    assert all(0.0 <= c <= 1.0 for c in covers)
