"""The report's bargaining set: Pareto optimality by definition, and the solutions it marks.

A package is Pareto-optimal when no other is at least as good for every party
and better for one (e.g. Osborne & Rubinstein 1994, ch. 1); the Nash and
Kalai-Smorodinsky solutions are Pareto-optimal in the individually rational
set (Nash 1950; Kalai & Smorodinsky 1975), up to ties between packages with
equal utilities.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiation.engine.chunk import Plan
from negotiation.engine.representative import pareto_optimal, representative_set
from negotiation.engine.scenario import load_scenario
from tests.conftest import ROOT, TOY


def brute_force(points: np.ndarray) -> np.ndarray:
    return np.array([not np.any(np.all(points >= p, axis=1) & np.any(points > p, axis=1)) for p in points], dtype=bool)


@settings(max_examples=200, deadline=None)
@given(
    points=st.integers(1, 3).flatmap(
        lambda k: hnp.arrays(np.int64, st.tuples(st.integers(1, 120), st.just(k)), elements=st.integers(0, 6))
    ),
    block=st.integers(1, 40),
)
def test_pareto_optimal_is_the_definition(points: np.ndarray, block: int) -> None:
    """Coarse integer grids force many ties and duplicates; every block size gives the same set."""
    x = points.astype(np.float64)
    keep = pareto_optimal(x, block=block)
    assert np.array_equal(keep, brute_force(x))
    assert keep.any()  # a finite set always has a Pareto-optimal point


@settings(max_examples=50, deadline=None)
@given(
    points=hnp.arrays(np.int64, st.tuples(st.integers(1, 200), st.integers(2, 4)), elements=st.integers(0, 64)),
    scale=hnp.arrays(np.float64, 4, elements=st.sampled_from([0.25, 0.5, 1.0, 2.0, 8.0])),
    shift=hnp.arrays(np.int64, 4, elements=st.integers(-64, 64)),
)
def test_pareto_optimal_is_invariant_to_positive_affine_rescaling(points: np.ndarray, scale: np.ndarray, shift: np.ndarray) -> None:
    """On a 1/64 grid with power-of-two scales the rescaling is exact, so only the definition decides."""
    x = points / 64
    k = x.shape[1]
    assert np.array_equal(pareto_optimal(x), pareto_optimal(x * scale[:k] + shift[:k] / 64))


def _representative(path: Path) -> None:
    b = representative_set(Plan.build(load_scenario(path)))
    u, d = b.utility, b.disagreement
    assert np.array_equal(b.acceptable, b.ratifiable & np.all(u >= d - 1e-9, axis=1))
    assert np.array_equal(b.pareto[b.acceptable], brute_force(u[b.acceptable]))
    for chosen in (b.nash, b.kalai_smorodinsky):
        assert chosen >= 0 and b.acceptable[chosen]
        # Pareto-optimal, or tied in every utility with a Pareto-optimal package
        assert b.pareto[chosen] or np.any(np.all(u[b.pareto] == u[chosen], axis=1))
    gains = np.prod(u[b.acceptable] - d, axis=1)
    assert np.prod(u[b.nash] - d) >= gains.max() - 1e-9


def test_the_median_draw_of_the_baseline() -> None:
    _representative(ROOT / "scenarios" / "alaska-summit-2025.yaml")


def test_the_median_draw_of_the_toy_scenario() -> None:
    _representative(TOY)
