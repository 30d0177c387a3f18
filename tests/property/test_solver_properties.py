"""Properties the theory gives each bargaining solution, on random problems."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.solvers import (
    NO_DEAL,
    egalitarian_choice,
    kalai_smorodinsky_choice,
    nash_choice,
    stationary_equilibrium,
    utilitarian_choice,
)
from negotiation.utility import TOL
from tests.strategies import bargaining_problems

Solver = Callable[[np.ndarray, np.ndarray | None], np.ndarray]


def _nash(gain: np.ndarray, feasible: np.ndarray | None) -> np.ndarray:
    n, p, _ = gain.shape
    return nash_choice(gain, np.zeros((n, p)), np.ones((n, p)), feasible)


def _bf(alternating: bool) -> Solver:
    def solve(gain: np.ndarray, feasible: np.ndarray | None) -> np.ndarray:
        n, p, _ = gain.shape
        eq = stationary_equilibrium(gain, np.full((n, p), 0.9), np.full((n, p), 1 / p), p, feasible, alternating)
        # the first proposer's first optimal package: what it offers when recognised
        first = eq.optimal[:, 0, :]
        return np.where(first.any(axis=1), first.argmax(axis=1), NO_DEAL)

    return solve


SOLVERS: dict[str, Solver] = {
    "nash": _nash,
    "kalai_smorodinsky": kalai_smorodinsky_choice,
    "utilitarian": utilitarian_choice,
    "egalitarian": egalitarian_choice,
    "baron_ferejohn (unanimity, random)": _bf(False),
    "baron_ferejohn (unanimity, alternating)": _bf(True),
}
PARETO = ("nash", "kalai_smorodinsky", "utilitarian")
INVARIANT = ("nash", "kalai_smorodinsky", "baron_ferejohn (unanimity, random)", "baron_ferejohn (unanimity, alternating)")


@pytest.mark.parametrize("name", list(SOLVERS))
@given(problem=bargaining_problems())
def test_every_solution_is_individually_rational_and_feasible(name: str, problem: tuple[np.ndarray, ...]) -> None:
    u, d, _, feasible = problem
    gain = u - d[:, :, None]
    choice = SOLVERS[name](gain, feasible)
    for n, k in enumerate(choice):
        acceptable = feasible[n] & (gain[n] >= -TOL).all(axis=0)
        if k == NO_DEAL:
            assert not acceptable.any() or name.startswith("baron")
        else:
            assert acceptable[k]


@pytest.mark.parametrize("name", PARETO)
@given(problem=bargaining_problems())
def test_solution_is_pareto_optimal_within_the_feasible_set(name: str, problem: tuple[np.ndarray, ...]) -> None:
    u, d, _, feasible = problem
    gain = u - d[:, :, None]
    for n, k in enumerate(SOLVERS[name](gain, feasible)):
        if k == NO_DEAL:
            continue
        at_least = (gain[n] >= gain[n][:, [k]] - TOL).all(axis=0)
        better = (gain[n] > gain[n][:, [k]] + TOL).any(axis=0)
        assert not (feasible[n] & at_least & better).any()


@pytest.mark.parametrize("name", INVARIANT)
@given(problem=bargaining_problems(), data=st.data())
def test_solution_is_invariant_to_positive_affine_rescaling(name: str, problem: tuple[np.ndarray, ...], data: st.DataObject) -> None:
    """Rescaling one party's utility and reservation value by a > 0 (and shifting both)
    scales its gains by a: Nash (1950) and Kalai & Smorodinsky (1975) are invariant by
    axiom, Baron–Ferejohn because acceptance thresholds scale with the gains."""
    u, d, _, feasible = problem
    gain = u - d[:, :, None]
    party = data.draw(st.integers(0, gain.shape[1] - 1))
    a = data.draw(st.sampled_from([0.25, 0.5, 2.0, 4.0]))
    scaled = gain.copy()
    scaled[:, party] *= a
    np.testing.assert_array_equal(SOLVERS[name](gain, feasible), SOLVERS[name](scaled, feasible))


@settings(max_examples=60)
@given(steps=st.integers(1, 30).map(lambda h: 2 * h), alpha=st.floats(0.2, 0.9), d=st.floats(0.0, 0.3))
def test_symmetric_parties_get_symmetric_outcomes(steps: int, alpha: float, d: float) -> None:
    """Two parties with the same strictly concave value of their own share and the same
    reservation value: every axiomatic solution splits the pie equally (symmetry axiom:
    Nash 1950; Kalai & Smorodinsky 1975), and Baron–Ferejohn gives both the same value."""
    x = np.arange(steps + 1) / steps
    u = np.stack([x**alpha, (1 - x) ** alpha])[None]
    gain = u - d
    half = steps // 2
    for name in ("nash", "kalai_smorodinsky", "utilitarian", "egalitarian"):
        choice = SOLVERS[name](gain, None)
        if d <= 0.5**alpha:
            assert choice.tolist() == [half], name
    eq = stationary_equilibrium(gain, np.full((1, 2), 0.9), np.full((1, 2), 0.5), 2, None)
    np.testing.assert_allclose(eq.value[0, 0, 0], eq.value[0, 0, 1], atol=1e-9)
