"""The single-precision screen never changes the Nash choice: it equals the exact rules."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiation.solvers import PackageSet, nash_choice, screened_nash_choice
from negotiation.space import OutcomeSpace
from tests.strategies import space_shapes


def _exact(shifted: np.ndarray, packages: PackageSet, feasible: np.ndarray | None) -> np.ndarray:
    n, p, o = shifted.shape
    gain = (shifted.reshape(n * p, o) @ packages.incidence).reshape(n, p, -1)
    return nash_choice(gain, np.zeros((n, p)), np.ones((n, p)), feasible)


@st.composite
def screened_problems(draw: Any, values: st.SearchStrategy[float]) -> tuple[np.ndarray, PackageSet, np.ndarray | None]:
    sizes, rules = draw(space_shapes())
    space = OutcomeSpace.from_sizes(sizes, rules)
    if space.size == 0:
        space = OutcomeSpace.from_sizes(sizes)
    packages = PackageSet.from_space(space)
    n = draw(st.integers(1, 4))
    parties = draw(st.integers(2, 4))
    shifted = draw(hnp.arrays(np.float64, (n, parties, sum(sizes)), elements=values))
    feasible = draw(st.none() | hnp.arrays(np.bool_, (n, space.size), elements=st.booleans()))
    return shifted, packages, feasible


GRID = st.integers(-32, 64).map(lambda k: k / 64)
"""Values on a 1/64 grid: every sum is exact, so both paths see identical gains."""


@given(screened_problems(GRID))
def test_screen_equals_exact_rules_on_exact_arithmetic(problem: tuple[np.ndarray, PackageSet, np.ndarray | None]) -> None:
    shifted, packages, feasible = problem
    np.testing.assert_array_equal(screened_nash_choice(shifted, packages, feasible), _exact(shifted, packages, feasible))


@settings(max_examples=200)
@given(screened_problems(st.floats(-0.4, 0.6, allow_subnormal=False)))
def test_screen_equals_exact_rules_on_arbitrary_values(problem: tuple[np.ndarray, PackageSet, np.ndarray | None]) -> None:
    shifted, packages, feasible = problem
    np.testing.assert_array_equal(screened_nash_choice(shifted, packages, feasible), _exact(shifted, packages, feasible))


@given(st.floats(5e-9, 1e-6), st.integers(0, 1))
@example(2e-9, 0).via("a gap float32 cannot see")
def test_screen_keeps_near_ties_that_single_precision_cannot_separate(gap: float, which: int) -> None:
    """Two packages whose Nash products differ by more than the tie tolerance (1e-9)
    but less than float32 resolves (about 6e-8)."""
    space = OutcomeSpace.from_sizes((2,))
    packages = PackageSet.from_space(space)
    shifted = np.array([[[0.5, 0.5], [0.5, 0.5]]])
    shifted[0, 0, which] += gap
    expected = _exact(shifted, packages, None)
    assert expected.tolist() == [which]
    np.testing.assert_array_equal(screened_nash_choice(shifted, packages, None), expected)


def test_screen_respects_the_tolerance_at_the_reservation_value() -> None:
    """A gain of -tol/2 is acceptable, -2 tol is not, though float32 sees both as 0."""
    space = OutcomeSpace.from_sizes((3,))
    packages = PackageSet.from_space(space)
    shifted = np.array([[[-5e-10, -2e-9, 0.0], [0.9, 0.95, -0.1]]])
    assert _exact(shifted, packages, None).tolist() == [0]
    assert screened_nash_choice(shifted, packages, None).tolist() == [0]
