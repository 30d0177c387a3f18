"""Properties of PRIM's peeling trajectory (Friedman & Fisher 1999, "Bump hunting in high-dimensional data"):
boxes nest and shrink, coverage only falls, and the result depends on each input only through its order."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiation.experiment.prim import PrimResult, prim


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
