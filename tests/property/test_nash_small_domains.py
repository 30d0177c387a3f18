"""The Nash solver's faster steps give exactly what the plain steps give.

The decision among screened candidates (``solvers.nash._decide``) sums the
candidates' gains issue by issue and finds per-draw maxima and first indices
by comparing neighbours; the gain bound of the screen takes per-issue maxima
option by option on large blocks. Each is compared here with the plain
computation: the exact rules on dense arrays (``choose_nash``, ties and the
lexicographic rule included), the sum over the issue axis, ``reduceat``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiation.solvers import PackageSet, choose_nash
from negotiation.solvers.candidates import Candidates, candidate_gains
from negotiation.solvers.nash import _ELEMENTWISE_DRAWS, _decide, _gain_bound, nash_among
from negotiation.space import OutcomeSpace
from negotiation.utility import TOL
from tests.strategies import space_shapes

GRID = st.integers(-16, 32).map(lambda k: k / 32)
"""Values on a 1/32 grid: exact sums, so ties and zero products are frequent and exact."""

ANY = st.floats(-0.4, 0.6, allow_subnormal=False)


@st.composite
def problems(draw: Any, values: st.SearchStrategy[float]) -> tuple[np.ndarray, PackageSet, np.ndarray]:
    """(shifted, packages, candidate mask)."""
    sizes, rules = draw(space_shapes())
    space = OutcomeSpace.from_sizes(sizes, rules)
    if space.size == 0:
        space = OutcomeSpace.from_sizes(sizes)
    packages = PackageSet.from_space(space)
    n = draw(st.integers(1, 6))
    parties = draw(st.integers(2, 4))
    shifted = draw(hnp.arrays(np.float64, (n, parties, sum(sizes)), elements=values))
    mask = draw(hnp.arrays(np.bool_, (n, space.size), elements=st.booleans()))
    return shifted, packages, mask


def _dense_gain(shifted: np.ndarray, packages: PackageSet) -> np.ndarray:
    """Gains of every package, summed over the issue axis as the candidates' gains always were."""
    return shifted[:, :, packages.columns].sum(axis=3)


@pytest.mark.slow
@settings(max_examples=300)
@given(problems(GRID))
def test_decide_equals_the_exact_rules_with_ties(problem: tuple[np.ndarray, PackageSet, np.ndarray]) -> None:
    shifted, packages, mask = problem
    expected = choose_nash(_dense_gain(shifted, packages), np.ones(shifted.shape[:2]), mask, TOL)
    np.testing.assert_array_equal(_decide(shifted, packages, mask, TOL), expected)


@pytest.mark.slow
@settings(max_examples=300)
@given(problems(ANY))
def test_decide_equals_the_exact_rules_on_arbitrary_values(problem: tuple[np.ndarray, PackageSet, np.ndarray]) -> None:
    shifted, packages, mask = problem
    expected = choose_nash(_dense_gain(shifted, packages), np.ones(shifted.shape[:2]), mask, TOL)
    np.testing.assert_array_equal(_decide(shifted, packages, mask, TOL), expected)


@given(problems(ANY))
def test_candidate_gains_are_the_sums_over_the_issue_axis_bit_for_bit(problem: tuple[np.ndarray, PackageSet, np.ndarray]) -> None:
    """The issue-by-issue gather adds in the same order as the sum it replaces."""
    shifted, packages, mask = problem
    rows, cols = np.divmod(np.flatnonzero(mask), mask.shape[1])
    plain = shifted[rows[:, None], :, packages.columns[cols]].sum(axis=1)
    assert np.array_equal(candidate_gains(shifted, packages.columns, rows, cols), plain)


@pytest.mark.slow
@settings(max_examples=200)
@given(problems(GRID))
def test_nash_among_equals_the_exact_rules(problem: tuple[np.ndarray, PackageSet, np.ndarray]) -> None:
    shifted, packages, mask = problem
    gain = _dense_gain(shifted, packages)
    found = Candidates.from_mask(mask)
    chosen = nash_among(found, gain[found.rows, :, found.cols], TOL)
    np.testing.assert_array_equal(chosen, choose_nash(gain, np.ones(shifted.shape[:2]), mask, TOL))


@settings(max_examples=50, deadline=None)
@given(space_shapes(), st.integers(2, 4), st.integers(0, 2**32 - 1))
def test_gain_bound_is_the_same_on_both_paths(shape: Any, parties: int, seed: int) -> None:
    sizes, _ = shape
    space = OutcomeSpace.from_sizes(sizes)
    shifted = np.random.default_rng(seed).uniform(-1.0, 1.0, (_ELEMENTWISE_DRAWS, parties, sum(sizes)))
    plain = np.maximum.reduceat(np.abs(shifted), space.offsets, axis=2).sum(axis=2)
    assert np.array_equal(_gain_bound(shifted, space.offsets), plain)
    assert np.array_equal(_gain_bound(shifted[:3], space.offsets), plain[:3])
