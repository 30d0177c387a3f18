"""Properties that Nash's theorem gives the bargaining solution (Nash 1950; Roth 1979)."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from negotiation.solvers import NO_DEAL, nash_choice
from negotiation.utility import TOL
from tests.strategies import bargaining_problems


@given(bargaining_problems())
def test_choice_is_individually_rational_and_feasible(problem: tuple[np.ndarray, ...]) -> None:
    u, d, power, feasible = problem
    choice = nash_choice(u, d, power, feasible)
    for n, k in enumerate(choice):
        acceptable = feasible[n] & (u[n] >= d[n][:, None] - TOL).all(axis=0)
        if k == NO_DEAL:
            assert not acceptable.any()
        else:
            assert acceptable[k]


@given(bargaining_problems())
def test_choice_is_pareto_optimal_among_feasible_packages(problem: tuple[np.ndarray, ...]) -> None:
    """No feasible package is at least as good for all and better for one."""
    u, d, power, feasible = problem
    choice = nash_choice(u, d, power, feasible)
    for n, k in enumerate(choice):
        if k == NO_DEAL:
            continue
        at_least = (u[n] >= u[n][:, [k]] - TOL).all(axis=0)
        better = (u[n] > u[n][:, [k]] + TOL).any(axis=0)
        assert not (feasible[n] & at_least & better).any()


@given(bargaining_problems(), st.data())
@example(
    problem=(np.array([[[0.5, 0.5], [0.5, 0.25]]]), np.zeros((1, 2)), np.ones((1, 2)), np.ones((1, 2), dtype=bool)),
    data=None,
).via("a tie broken by Pareto dominance")
def test_choice_is_invariant_to_positive_affine_rescaling(problem: tuple[np.ndarray, ...], data: st.DataObject | None) -> None:
    """Scaling one party's utility and reservation value by a > 0 and shifting both
    by b leaves the Nash choice unchanged (Nash 1950, axiom of invariance)."""
    u, d, power, feasible = problem
    party = data.draw(st.integers(0, u.shape[1] - 1)) if data else 0
    a = data.draw(st.sampled_from([0.25, 0.5, 2.0, 4.0])) if data else 2.0
    b = data.draw(st.sampled_from([-1.0, -0.5, 0.0, 0.5, 3.0])) if data else 0.5
    before = nash_choice(u, d, power, feasible)
    u2, d2 = u.copy(), d.copy()
    u2[:, party] = a * u2[:, party] + b
    d2[:, party] = a * d2[:, party] + b
    after = nash_choice(u2, d2, power, feasible)
    np.testing.assert_array_equal(before, after)


@given(bargaining_problems())
def test_choice_is_the_lowest_index_among_equal_products(problem: tuple[np.ndarray, ...]) -> None:
    """Ties between packages go to the lowest index (docs/MODEL.md §1)."""
    u, d, power, feasible = problem
    choice = nash_choice(u, d, power, feasible)
    gains = np.clip(u - d[:, :, None], 0, None) ** power[:, :, None]
    product = gains.prod(axis=1)
    for n, k in enumerate(choice):
        if k == NO_DEAL:
            continue
        ok = feasible[n] & (u[n] >= d[n][:, None] - TOL).all(axis=0)
        best = product[n][ok].max()
        assert product[n, k] >= best * (1 - 1e-9)
        if best > 0:
            earlier = np.flatnonzero(ok[:k] & (product[n, :k] >= best * (1 - 1e-9)))
            assert earlier.size == 0


@settings(max_examples=50)
@given(st.integers(2, 60), st.data())
def test_two_party_pie_matches_the_closed_form_on_any_grid(steps: int, data: st.DataObject) -> None:
    """For a unit pie on a grid of 1/steps, the Nash share of a is the grid point
    nearest d_a + (1 - d_a - d_b) / 2 (Nash 1950), ties to the lower index."""
    i = data.draw(st.integers(0, steps))
    j = data.draw(st.integers(0, steps - i))
    d = np.array([[i / steps, j / steps]])
    x = np.arange(steps + 1) / steps
    u = np.stack([x, 1 - x])[None]
    k = nash_choice(u, d, np.ones((1, 2)), np.ones((1, steps + 1), dtype=bool))[0]
    target = d[0, 0] + (1 - d.sum()) / 2
    assert abs(x[k] - target) <= 0.5 / steps + 1e-12
    assert x[k] >= d[0, 0] - 1e-12 and 1 - x[k] >= d[0, 1] - 1e-12
