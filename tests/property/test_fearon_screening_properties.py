"""Properties of the screening solver over private types (``solvers.screening``) on random small problems.

Fearon (1995); Fey & Ramsay (2011); Sobel & Takahashi (1983); Fudenberg &
Tirole (1991), ch. 10. Each example draws a few draws' utilities of a few
packages for A and B, a few types (reservation values of B, war payoffs of A,
weights, some of them 0), discount factors and a number of rounds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.solvers.screening import Screening, screen, stop_round
from negotiation.utility import TOL


@dataclass
class Case:
    u_a: np.ndarray
    u_b: np.ndarray
    candidate: np.ndarray
    d_a: np.ndarray
    d_b: np.ndarray
    weight: np.ndarray
    delta_a: np.ndarray
    delta_b: np.ndarray

    def solve(self, rounds: int, delta_b: np.ndarray | None = None) -> Screening:
        db = self.delta_b if delta_b is None else delta_b
        return screen(self.u_a, self.u_b, self.candidate, self.d_a, self.d_b, self.weight, self.delta_a, db, rounds)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 4))
    k = draw(st.integers(1, 8))
    t = draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    grid = draw(st.sampled_from([0, 4, 10]))  # 0: continuous utilities, else a coarse grid with ties

    def u(shape: tuple[int, ...]) -> np.ndarray:
        x = rng.random(shape)
        return np.round(x * grid) / grid if grid else x

    weight = rng.random((n, t)) * (rng.random((n, t)) < 0.8)
    weight[:, 0] += 0.1  # at least one type has weight
    return Case(
        u((n, k)),
        u((n, k)),
        rng.random((n, k)) < 0.85,
        u((n, t)) - 0.3,
        u((n, t)) - 0.2,
        weight,
        rng.random(n),
        rng.random(n),
    )


def brute_force_one_round(c: Case) -> np.ndarray:
    """max(0, max_k sum_theta w_theta [u_B(k) >= d_B(theta) - tol] (u_A(k) - d_A(theta))) / sum(w), per draw."""
    accept = c.u_b[:, None, :] >= c.d_b[:, :, None] - TOL  # (n, T, K)
    value = (c.weight[:, :, None] * accept * (c.u_a[:, None, :] - c.d_a[:, :, None])).sum(axis=1)
    value = np.where(c.candidate, value, -np.inf).max(axis=1)
    return np.maximum(value, 0.0) / c.weight.sum(axis=1)


@settings(max_examples=200, deadline=None)
@given(cases())
def test_one_round_is_the_best_single_offer(c: Case) -> None:
    """Fearon (1995): with one round A's value is its best take-it-or-leave-it offer against the types, or war (0)."""
    plan = c.solve(1)
    np.testing.assert_allclose(plan.value, brute_force_one_round(c), atol=1e-9)


@settings(max_examples=150, deadline=None)
@given(cases(), st.integers(1, 3))
def test_war_probability_and_acceptances_are_consistent(c: Case, rounds: int) -> None:
    """P(war) lies in [0, 1]; a type accepts only offers it weakly prefers to war; A never does worse than war."""
    plan = c.solve(rounds)
    p_war = (c.weight * (plan.stop == 0)).sum(axis=1) / c.weight.sum(axis=1)
    assert ((p_war >= 0) & (p_war <= 1)).all()
    assert (plan.value >= -1e-12).all()
    for r in range(rounds):
        x = plan.offers[:, r]
        u = np.where(x >= 0, np.take_along_axis(c.u_b, np.maximum(x, 0)[:, None], axis=1)[:, 0], -np.inf)
        took = plan.stop == r + 1
        assert (u[:, None] - c.d_b >= -TOL)[took].all()
        assert (~took | (x[:, None] >= 0)).all()
        assert c.candidate[np.arange(len(x)), np.maximum(x, 0)][x >= 0].all()


@settings(max_examples=150, deadline=None)
@given(cases())
def test_more_rounds_never_hurt_the_proposer_against_an_impatient_party(c: Case) -> None:
    """With delta_B = 0 B takes any offer it weakly prefers to war, so A can repeat its N-round plan and add a round: V(N+1) >= V(N)."""
    zero = np.zeros_like(c.delta_b)
    values = [c.solve(r, zero).value for r in (1, 2, 3)]
    assert (values[1] >= values[0] - 1e-12).all()
    assert (values[2] >= values[1] - 1e-12).all()


@settings(max_examples=150, deadline=None)
@given(cases(), st.integers(1, 3), st.floats(-0.3, 0.8))
def test_the_informed_party_best_responds_to_the_planned_offers(c: Case, rounds: int, d: float) -> None:
    """B's round of acceptance maximises its discounted gain delta_B^(r-1) (u_B(x_r) - d) along A's offers, war giving 0."""
    plan = c.solve(rounds)
    d_true = np.full(c.u_b.shape[0], d)
    chosen = stop_round(c.u_b, plan.offers, d_true, c.delta_b)
    gains = np.full((len(d_true), rounds + 1), 0.0)
    for r in range(rounds):
        x = plan.offers[:, r]
        u = np.where(x >= 0, np.take_along_axis(c.u_b, np.maximum(x, 0)[:, None], axis=1)[:, 0], -np.inf)
        gains[:, r + 1] = c.delta_b**r * (u - d)
    got = gains[np.arange(len(d_true)), chosen]
    assert (got >= gains.max(axis=1) - rounds * TOL).all()
