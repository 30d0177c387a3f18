"""Closed forms of war termination reproduced by the timeline layer (negotiation.timeline).

Every number is derived in the test's docstring from the model it cites.
Throughout, two parties A and B divide a unit pie on a grid of shares x for
A (u_A = x, u_B = 1 - x), and the war has two end states: "A wins" (A gets
the whole pie, x = 1) and "B wins" (x = 0).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom

from negotiation.scenario.model import NoDeal, WarOutcome
from negotiation.solvers import NO_DEAL, nash_choice
from negotiation.space import OutcomeSpace
from negotiation.timeline import (
    battle_signals,
    deal_by_counts,
    enforced_utility,
    expected_lotteries,
    first_agreement,
    lottery_path,
    nature_beliefs,
    reservation_path,
)
from negotiation.utility import TOL, package_utilities, utilities, war_reservations

END_U = np.array([[1.0, 0.0], [0.0, 1.0]])
"""u_p(end state s): rows A, B; columns "A wins", "B wins"."""


def pie(steps: int, draws: int = 1) -> np.ndarray:
    """Utilities (draws, 2, steps + 1) of the shares x = j / steps for A."""
    x = np.arange(steps + 1) / steps
    return np.broadcast_to(np.stack([x, 1.0 - x]), (draws, 2, steps + 1)).copy()


def nash_solver(u: np.ndarray):
    def solve(rows: np.ndarray, t: int, d: np.ndarray) -> np.ndarray:
        return nash_choice(u[rows], d, np.ones_like(d), None)

    return solve


def optimists(p_a: float, p_b: float, cost: float, periods: int = 6, confidence: float = np.inf) -> np.ndarray:
    """Reservation paths (1, periods, 2) of A believing it wins with p_a and B believing B wins with p_b."""
    mean = np.array([[[p_a, 1 - p_a], [1 - p_b, p_b]]])
    signals = battle_signals(lottery_path(np.array([[0.5, 0.5]]), periods), np.random.default_rng(0).uniform(size=(1, periods)))
    beliefs = expected_lotteries(mean, np.full((1, 2), confidence), signals)
    return reservation_path(beliefs, END_U[None], np.full((1, 2), cost))


@pytest.mark.parametrize("confidence", [np.inf, 1e12])
def test_mutual_optimism_without_a_range(confidence: float) -> None:
    """Fearon (1995), "Rationalist explanations for war", International Organization 49(3), 379-414, §2;
    Blainey (1973), The Causes of War, ch. 3 (mutual optimism). A needs x >= p_A - c_A, B needs
    1 - x >= p_B - c_B, so a range exists iff p_A + p_B <= 1 + c_A + c_B. With p_A = 0.7, p_B = 0.5
    and costs 0.05: 1.2 > 1.1, no deal in any period (beliefs never move)."""
    u = pie(100)
    d = optimists(0.7, 0.5, 0.05, confidence=confidence)
    np.testing.assert_allclose(d[0], np.broadcast_to([0.65, 0.45], (6, 2)), atol=1e-9)
    period, choice = first_agreement(u, None, d, None, nash_solver(u))
    assert period[0] == -1 and choice[0] == NO_DEAL


@pytest.mark.parametrize("confidence", [np.inf, 1e12])
def test_mutual_optimism_with_a_range(confidence: float) -> None:
    """As above with costs 0.15: 1.2 <= 1.3, and the range is x >= 0.7 - 0.15 = 0.55 and
    x <= 1 - (0.5 - 0.15) = 0.65. The period-0 talk agrees on the Nash point of [0.55, 0.65]
    with linear utilities, the midpoint x = 0.60 (Nash 1950)."""
    u = pie(100)
    d = optimists(0.7, 0.5, 0.15, confidence=confidence)
    acceptable = (u[0] >= d[0, 0][:, None] - TOL).all(axis=0)
    np.testing.assert_array_equal(np.flatnonzero(acceptable), np.arange(55, 66))
    period, choice = first_agreement(u, None, d, None, nash_solver(u))
    assert (period[0], choice[0]) == (0, 60)


# -- learning ------------------------------------------------------------------------------------------------


def exact_deal_by(a_a: float, b_a: float, a_b: float, b_b: float, p: float, cost: float, steps: int, periods: int) -> list[float]:
    """P(first deal by the end of period t), t = 0 .. periods - 1, by dynamic programming over k, the A-wins seen.

    At period t with k A-wins among t signals A expects to win with (a_A + k) / (a_A + b_A + t) and B
    expects A to win with (a_B + k) / (a_B + b_B + t) (Beta-Bernoulli conjugacy). A deal exists iff some
    grid share x = j / steps has x >= E_A - c and 1 - x >= 1 - E_B - c. Mass without a deal moves
    from k to k + 1 with probability p each period.
    """
    grid = [j / steps for j in range(steps + 1)]
    mass = {0: 1.0}
    by, total = [], 0.0
    for t in range(periods):
        for k in list(mass):
            e_a = (a_a + k) / (a_a + b_a + t)
            e_b = (a_b + k) / (a_b + b_b + t)
            if any(x >= e_a - cost - TOL and 1 - x >= 1 - e_b - cost - TOL for x in grid):
                total += mass.pop(k)
        by.append(total)
        nxt: dict[int, float] = {}
        for k, m in mass.items():
            nxt[k + 1] = nxt.get(k + 1, 0.0) + p * m
            nxt[k] = nxt.get(k, 0.0) + (1 - p) * m
        mass = nxt
    return by


LEARNING = [
    # a_A, b_A, a_B, b_B, p, cost, periods: A confident and optimistic, B less confident and pessimistic about A
    (12.0, 8.0, 1.5, 3.5, 0.45, 0.05, 24),
    (4.0, 2.0, 1.0, 3.0, 0.5, 0.1, 16),
    (8.0, 4.0, 2.0, 3.0, 0.5, 0.06, 16),
    # beliefs never meet: E_A - E_B = 40 / (80 + t) >= 0.43 > 0.04 before the horizon
    (60.0, 20.0, 20.0, 60.0, 0.5, 0.02, 12),
]


@pytest.mark.parametrize(("a_a", "b_a", "a_b", "b_b", "p", "cost", "periods"), LEARNING)
def test_learning_by_fighting_matches_the_exact_distribution(
    a_a: float, b_a: float, a_b: float, b_b: float, p: float, cost: float, periods: int
) -> None:
    """Smith & Stam (2004), "Bargaining and the nature of war", Journal of Conflict Resolution 48(6), 783-813;
    Slantchev (2003), "The principle of convergence in wartime negotiations", APSR 97(4), 621-632: beliefs
    updated by battle outcomes converge and the war ends when the range opens. Monte Carlo P(deal by t)
    for every t within 4 standard errors of the dynamic programme above (exact, independent of the code)."""
    draws, steps = 4000, 200
    u = pie(steps, draws)
    pi = lottery_path(np.tile([p, 1 - p], (draws, 1)), periods)
    signals = battle_signals(pi, np.random.default_rng(11).uniform(size=(draws, periods)))
    mean = np.tile([[a_a / (a_a + b_a), b_a / (a_a + b_a)], [a_b / (a_b + b_b), b_b / (a_b + b_b)]], (draws, 1, 1))
    confidence = np.tile([a_a + b_a, a_b + b_b], (draws, 1))
    d = reservation_path(expected_lotteries(mean, confidence, signals), np.broadcast_to(END_U, (draws, 2, 2)), np.full((draws, 2), cost))
    period, _ = first_agreement(u, None, d, None, nash_solver(u))
    simulated = deal_by_counts(period, periods) / draws
    exact = np.array(exact_deal_by(a_a, b_a, a_b, b_b, p, cost, steps, periods))
    se = np.sqrt(exact * (1 - exact) / draws)
    assert np.all(np.abs(simulated - exact) <= 4 * se + 1e-12), np.c_[simulated, exact, se]
    if a_a == 60.0:
        assert exact[-1] == 0.0 and simulated[-1] == 0.0
    else:
        assert np.any((exact > 0.05) & (exact < 0.95))  # timing is uncertain: not a formality


def test_the_exact_distribution_is_right_on_one_period_worked_by_hand() -> None:
    """Check of the programme itself: A Beta(3, 1), B Beta(1, 3), c = 0.1, p = 0.5, a fine grid.
    t = 0: E_A - E_B = 0.75 - 0.25 = 0.5 > 0.2, no deal. t = 1: after an A-win (3+1)/5 - (1+1)/5 = 0.4,
    after a B-win 3/5 - 1/5 = 0.4: no deal. t = 2: (3+k)/6 - (1+k)/6 = 1/3 > 0.2: no deal for any k;
    equal confidences make the gap 2 / (4 + t), below 0.2 from t = 6 on, whatever the signals."""
    by = exact_deal_by(3, 1, 1, 3, 0.5, 0.1, 1000, 8)
    assert by == [0.0] * 6 + [1.0, 1.0]
    assert math.isclose(sum(binom.pmf(k, 5, 0.5) for k in range(6)), 1.0)


# -- commitment ----------------------------------------------------------------------------------------------

P0, C, DELTA = 0.5, 0.05, 0.9
THRESHOLD = P0 - (1 - DELTA) * (1 - P0 + C) / DELTA
"""p_1 at which A is indifferent: 0.5 - 0.1 * 0.55 / 0.9 = 0.43888..."""


def commitment(p1: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(u, d, rho, d_after) for Powell's declining A: today A wins with p_0, after a collapse with p_1."""
    u = pie(100)
    beliefs_now = nature_beliefs(lottery_path(np.array([[P0, 1 - P0]]), 1), 2)
    beliefs_after = nature_beliefs(lottery_path(np.array([[p1, 1 - p1]]), 1), 2)
    cost = np.full((1, 2), C)
    d = reservation_path(beliefs_now, END_U[None], cost)
    d_after = reservation_path(beliefs_after, END_U[None], cost)
    rho = np.full((1, u.shape[2]), DELTA)
    return u, d, rho, d_after


@pytest.mark.parametrize(("p1", "deal"), [(0.43, False), (0.4388, False), (0.4390, True), (0.45, True)])
def test_commitment_problem_of_a_declining_state(p1: float, deal: bool) -> None:
    """Powell (2006), "War as a commitment problem", International Organization 60(1), 169-203; Fearon (1995) §4.

    Mapping: the deal's weight today is 1 - delta and the weight of the future, when B has grown and
    can reopen the war on A's worse terms, is delta, so rho_k = delta for every division and A's value
    after a collapse is d'_A = p_1 - c_A. A's enforced value of x is (1 - delta) x + delta (p_1 - c_A),
    largest at x = 1; A's war value today is d_A = p_0 - c_A. A accepts no division iff
    (1 - delta) + delta (p_1 - c_A) < p_0 - c_A, i.e. delta (p_0 - p_1) > (1 - delta)(1 - p_0 + c_A).
    With delta = 0.9, p_0 = 0.5, c_A = 0.05: p_1* = 0.5 - 0.1 * 0.55 / 0.9 = 0.43889 (the issue's 0.439).
    B (rising) gains from a collapse: at x = 1 it gets delta (1 - p_1 - c_B) >= 0.45 = d_B for every
    p_1 <= 0.45, so A's constraint alone decides."""
    u, d, rho, d_after = commitment(p1)
    assert math.isclose(THRESHOLD, 0.5 - 0.055 / 0.9) and 0.4388 < THRESHOLD < 0.4390
    v = enforced_utility(u, rho, d_after, period=0)
    a_best = v[0, 0].max()
    assert math.isclose(a_best, (1 - DELTA) + DELTA * (p1 - C))
    assert (a_best >= d[0, 0, 0] - TOL) == deal

    def solve(rows: np.ndarray, t: int, dt: np.ndarray) -> np.ndarray:
        return nash_choice(enforced_utility(u[rows], rho[rows], d_after[rows], period=t), dt, np.ones_like(dt), None)

    period, choice = first_agreement(u, None, d, None, solve, rho=rho, d_after=d_after)
    assert (period[0] == 0) == deal
    if p1 == 0.45:
        # A needs 0.1 x + 0.36 >= 0.45, x >= 0.9; B's constraint is slack on [0.9, 1]: the Nash product
        # (0.1 x - 0.09) * 0.1 (1 - x) peaks at x = 0.95
        assert choice[0] == 95


# -- reduction to the static model ---------------------------------------------------------------------------


def test_common_beliefs_without_drift_give_the_static_answer_at_the_first_talk() -> None:
    """DESIGN §9: with common beliefs equal to nature's lottery, no drift and no enforcement, the period-0
    reservation values are the static ones (utility.war_reservations, Fearon 1995 generalised) and the
    first talk agrees in exactly the draws where the static Nash solve agrees, on the same package;
    the others never agree (the same problem recurs every period)."""
    rng = np.random.default_rng(4)
    draws, parties, periods = 300, 3, 5
    space = OutcomeSpace.from_sizes((3, 4, 2, 3))
    wv = rng.uniform(0, 0.25, (draws, parties, space.n_options))
    codes = rng.integers(0, np.array(space.sizes), (4, 4))
    no_deal = NoDeal(
        tuple(WarOutcome(f"s{s}", f"s{s}", f"prob.s{s}", tuple(int(c) for c in codes[s])) for s in range(4)),
        {f"p{p}": f"cost.p{p}" for p in range(parties)},
    )
    params = {f"prob.s{s}": rng.uniform(0.05, 1.0, draws) for s in range(4)}
    # costs below 0 in some draws (a party better off fighting on) so that some static problems have no deal
    params |= {f"cost.p{p}": rng.uniform(-0.1, 0.15, draws) for p in range(parties)}
    static_d = war_reservations(wv, space, no_deal, tuple(no_deal.cost), params)

    pi0 = np.column_stack([params[f"prob.s{s}"] for s in range(4)])
    end_u = package_utilities(wv, space.option_columns(codes))
    cost = np.column_stack([params[f"cost.p{p}"] for p in range(parties)])
    d = reservation_path(nature_beliefs(lottery_path(pi0, periods), parties), end_u, cost)
    np.testing.assert_allclose(d, np.broadcast_to(static_d[:, None], d.shape), atol=1e-12)
    # the same through Dirichlet beliefs whose mean is nature's lottery, at period 0
    mean = np.broadcast_to((pi0 / pi0.sum(1, keepdims=True))[:, None], (draws, parties, 4))
    signals = battle_signals(lottery_path(pi0, periods), rng.uniform(size=(draws, periods)))
    d_beliefs = reservation_path(expected_lotteries(mean, np.full((draws, parties), 7.0), signals), end_u, cost)
    np.testing.assert_allclose(d_beliefs[:, 0], static_d, atol=1e-12)

    u = utilities(wv, space.incidence)
    feasible = rng.uniform(size=(draws, space.size)) < 0.8
    power = np.ones((draws, parties))
    static = nash_choice(u, static_d, power, feasible)
    assert 0 < (static == NO_DEAL).sum() < draws  # both kinds of draw occur

    def solve(rows: np.ndarray, t: int, dt: np.ndarray) -> np.ndarray:
        return nash_choice(u[rows], dt, power[rows], feasible[rows])

    period, choice = first_agreement(u, feasible, d, None, solve)
    np.testing.assert_array_equal(period, np.where(static == NO_DEAL, -1, 0))
    np.testing.assert_array_equal(choice, static)
