"""Properties of the timeline layer (negotiation.timeline), with hypothesis.

Utilities, reservation values and breakdown chances lie on binary grids
(1/64, 1/4), so every sum and product below is exact in floating point and
no property is decided by a rounding tolerance.
"""

from __future__ import annotations

import itertools
from typing import Any
from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiation.solvers import NO_DEAL, PackageSet, nash_choice
from negotiation.space import OutcomeSpace
from negotiation.timeline import (
    PackageValues,
    battle_signals,
    deal_by_counts,
    deal_exists,
    enforced_utility,
    expected_lotteries,
    first_agreement,
    lottery_path,
    question_holds,
    reservation_path,
    talks,
)
from negotiation.utility import TOL, utilities

GRID = 64
MANY = settings(max_examples=200, deadline=None)
SOME = settings(max_examples=100, deadline=None)


@st.composite
def talks_problems(draw: Any, enforcement: bool = False) -> dict[str, Any]:
    """Weighted option values on a small outcome space, reservation paths, a win-set, talks, and maybe enforcement."""
    sizes = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    space = OutcomeSpace.from_sizes(sizes)
    n, p, t = draw(st.integers(1, 4)), draw(st.integers(2, 3)), draw(st.integers(1, 6))
    top = GRID // len(sizes)
    if draw(st.booleans()):  # arrays hypothesis builds (and shrinks)
        wv = draw(hnp.arrays(np.int64, (n, p, space.n_options), elements=st.integers(0, top))) / GRID
        d = draw(hnp.arrays(np.int64, (n, t, p), elements=st.integers(-GRID // 8, GRID))) / GRID
        feasible = draw(hnp.arrays(np.bool_, (n, space.size), elements=st.booleans()))
        talks = draw(hnp.arrays(np.bool_, (t,), elements=st.booleans()))
    else:  # varied arrays from a seed: many distinct values per example
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        wv = rng.integers(0, top + 1, (n, p, space.n_options)) / GRID
        d = rng.integers(-GRID // 8, GRID + 1, (n, t, p)) / GRID
        feasible = rng.uniform(size=(n, space.size)) < 0.7
        talks = rng.uniform(size=t) < 0.7
    out = {"space": space, "wv": wv, "u": utilities(wv, space.incidence), "d": d, "feasible": feasible, "talks": talks}
    out["quota"] = draw(st.one_of(st.none(), st.integers(0, p)))  # None: every party; else a quota rule
    if enforcement:
        out["rho"] = draw(hnp.arrays(np.int64, (n, space.size), elements=st.integers(0, 4))) / 4
        out["d_after"] = draw(hnp.arrays(np.int64, (n, t, p), elements=st.integers(-GRID // 8, GRID))) / GRID
    return out


def valued(problem: dict[str, Any], n: int, t: int) -> np.ndarray:
    """Draw n's package values at period t, shape (parties, packages): u, or v under enforcement."""
    u = problem["u"][n]
    if "rho" not in problem:
        return u
    return (1 - problem["rho"][n]) * u + problem["rho"][n] * problem["d_after"][n, t][:, None]


def brute_acceptable(problem: dict[str, Any], n: int, t: int) -> np.ndarray:
    """Every package checked: feasible and accepted at period t by every party (or by ``quota`` of them)."""
    accept = valued(problem, n, t) >= problem["d"][n, t][:, None] - TOL
    quota = problem.get("quota")
    return problem["feasible"][n] & (accept.sum(axis=0) >= (len(accept) if quota is None else quota))


def lowest_acceptable(problem: dict[str, Any]):
    """A protocol that takes the lowest-index acceptable package, checked on every package."""

    def solve(rows: np.ndarray, t: int, dt: np.ndarray) -> np.ndarray:
        np.testing.assert_array_equal(dt, problem["d"][rows, t])
        out = []
        for n in rows:
            ok = brute_acceptable(problem, int(n), t)
            out.append(int(ok.argmax()) if ok.any() else NO_DEAL)
        return np.array(out, dtype=np.int64)

    return solve


def brute_first(problem: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    n, t = problem["d"].shape[:2]
    period, choice = np.full(n, -1), np.full(n, NO_DEAL)
    for i in range(n):
        for s in range(t):
            ok = brute_acceptable(problem, i, s)
            if problem["talks"][s] and ok.any():
                period[i], choice[i] = s, int(ok.argmax())
                break
    return period, choice


def run(problem: dict[str, Any], values: Any) -> tuple[np.ndarray, np.ndarray]:
    extra = {"rho": problem["rho"], "d_after": problem["d_after"]} if "rho" in problem else {}
    return first_agreement(
        values, problem["feasible"], problem["d"], problem["talks"], lowest_acceptable(problem), quota=problem["quota"], **extra
    )


@MANY
@given(talks_problems(), st.integers(0, 8))
def test_the_reduced_check_equals_a_check_of_every_package(problem: dict[str, Any], rounds: int) -> None:
    """The key property of the reduction (talks module docstring): deciding existence on the undominated
    packages, in single precision with exact fallback or in double, gives the brute-force answer, for any
    number of anchor rounds of the dominance screen."""
    with patch.object(talks, "_ROUNDS", rounds):
        check_against_every_package(problem)


def check_against_every_package(problem: dict[str, Any]) -> None:
    n, t = problem["d"].shape[:2]
    brute = np.array([[problem["talks"][s] and brute_acceptable(problem, i, s).any() for s in range(t)] for i in range(n)])
    np.testing.assert_array_equal(
        deal_exists(problem["u"], problem["feasible"], problem["d"], problem["talks"], quota=problem["quota"]), brute
    )
    packages = PackageSet.from_space(problem["space"])
    np.testing.assert_array_equal(
        deal_exists(
            PackageValues.from_options(problem["wv"], packages), problem["feasible"], problem["d"], problem["talks"], quota=problem["quota"]
        ),
        brute,
    )
    expected = brute_first(problem)
    np.testing.assert_array_equal(run(problem, problem["u"]), expected)
    np.testing.assert_array_equal(run(problem, PackageValues.from_options(problem["wv"], packages)), expected)


@MANY
@given(talks_problems(enforcement=True), st.integers(0, 8))
def test_the_reduced_check_equals_a_check_of_every_package_under_enforcement(problem: dict[str, Any], rounds: int) -> None:
    """The same with v_p(k, t) = (1 - rho_k) u_p(k) + rho_k d'_{p,t}, which changes from period to period."""
    with patch.object(talks, "_ROUNDS", rounds):
        check_against_every_package_under_enforcement(problem)


def check_against_every_package_under_enforcement(problem: dict[str, Any]) -> None:
    n, t = problem["d"].shape[:2]
    brute = np.array([[problem["talks"][s] and brute_acceptable(problem, i, s).any() for s in range(t)] for i in range(n)])
    got = deal_exists(
        problem["u"],
        problem["feasible"],
        problem["d"],
        problem["talks"],
        rho=problem["rho"],
        d_after=problem["d_after"],
        quota=problem["quota"],
    )
    np.testing.assert_array_equal(got, brute)
    packages = PackageSet.from_space(problem["space"])
    expected = brute_first(problem)
    np.testing.assert_array_equal(run(problem, problem["u"]), expected)
    np.testing.assert_array_equal(run(problem, PackageValues.from_options(problem["wv"], packages)), expected)


@st.composite
def belief_problems(draw: Any) -> dict[str, Any]:
    """A random war: end states, nature's lottery, each party's Dirichlet prior, signals, costs, a win-set."""
    problem = draw(talks_problems())
    n, t, p = problem["d"].shape
    states = draw(st.integers(2, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    pi = lottery_path(rng.dirichlet(np.ones(states), n), t, drift=rng.uniform(0, 0.05, (n, states)))
    problem["signals"] = battle_signals(pi, rng.uniform(size=(n, t)))
    problem["mean"] = rng.dirichlet(np.ones(states), (n, p))
    problem["confidence"] = rng.uniform(0.5, 30.0, (n, p))
    problem["end_u"] = draw(hnp.arrays(np.int64, (n, p, states), elements=st.integers(0, GRID))) / GRID
    problem["cost"] = draw(hnp.arrays(np.int64, (n, p), elements=st.integers(-GRID // 8, GRID // 4))) / GRID
    return problem


def nash_periods(problem: dict[str, Any], cost: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    beliefs = expected_lotteries(problem["mean"], problem["confidence"], problem["signals"])
    d = reservation_path(beliefs, problem["end_u"], cost)
    u, feasible = problem["u"], problem["feasible"]

    def solve(rows: np.ndarray, t: int, dt: np.ndarray) -> np.ndarray:
        return nash_choice(u[rows], dt, np.ones_like(dt), feasible[rows])

    period, choice = first_agreement(u, feasible, d, problem["talks"], solve)
    return period, choice, d


def later(period: np.ndarray) -> np.ndarray:
    """Periods with no deal as infinity, for comparisons."""
    return np.where(period < 0, np.inf, period)


@SOME
@given(belief_problems(), st.data())
def test_a_larger_cost_never_delays_a_deal(problem: dict[str, Any], data: st.DataObject) -> None:
    """d_{p,t} = sum_s E_{p,t}[pi_s] u_p(k_s) - c_p falls with c_p in every period (same beliefs and
    signals), so the acceptable set of every talk grows and the first talk with a deal comes no later."""
    n, p = problem["cost"].shape
    more = data.draw(hnp.arrays(np.int64, (n, p), elements=st.integers(0, GRID // 4))) / GRID
    before, _, _ = nash_periods(problem, problem["cost"])
    after, _, _ = nash_periods(problem, problem["cost"] + more)
    assert np.all(later(after) <= later(before))


@SOME
@given(belief_problems())
def test_a_deal_is_individually_rational_under_the_period_beliefs_and_in_the_win_set(problem: dict[str, Any]) -> None:
    period, choice, d = nash_periods(problem, problem["cost"])
    assert np.all((period >= 0) == (choice != NO_DEAL))
    for n in np.flatnonzero(period >= 0):
        t, k = int(period[n]), int(choice[n])
        assert problem["talks"][t] and problem["feasible"][n, k]
        assert np.all(problem["u"][n, :, k] >= d[n, t] - TOL)
    # and no earlier talk had any acceptable package (the Nash protocol agrees whenever one exists)
    for n in range(len(period)):
        for t in range(int(later(period)[n]) if period[n] >= 0 else d.shape[1]):
            if problem["talks"][t]:
                assert not (problem["feasible"][n] & (problem["u"][n] >= d[n, t][:, None] - TOL).all(axis=0)).any()


@SOME
@given(belief_problems(), st.integers(1, 3))
def test_results_do_not_depend_on_how_draws_are_split(problem: dict[str, Any], cut: int) -> None:
    """Every draw's period and package depend on its own rows only: any chunking gives the same."""
    period, choice, _ = nash_periods(problem, problem["cost"])
    n = len(period)
    cut = min(cut, n)
    parts = []
    for rows in (np.arange(cut), np.arange(cut, n)):
        if rows.size == 0:
            continue
        sub = {
            key: (value[rows] if key in {"u", "feasible", "d", "signals", "mean", "confidence", "end_u", "cost"} else value)
            for key, value in problem.items()
        }
        parts.append(nash_periods(sub, sub["cost"])[:2])
    np.testing.assert_array_equal(np.concatenate([a for a, _ in parts]), period)
    np.testing.assert_array_equal(np.concatenate([b for _, b in parts]), choice)


@SOME
@given(
    st.floats(0.05, 0.95),
    st.floats(0.0, 1.0),
    st.floats(0.5, 50.0),
    st.floats(0.0, 200.0),
    st.integers(0, 2**32 - 1),
    st.floats(0.0, 0.1),
)
def test_more_confidence_in_divergent_priors_never_speeds_a_deal(
    m_a: float, m_b: float, c: float, extra: float, seed: int, cost: float
) -> None:
    """Two parties, end states "A wins" (A gets the pie) and "B wins"; A expects to win with m_A >= m_B,
    B's expectation of A winning, and both hold confidence c. After k A-wins in t periods
    E_A - E_B = (c m_A + k)/(c + t) - (c m_B + k)/(c + t) = c (m_A - m_B) / (c + t), rising in c, and a
    division acceptable to both exists iff d_A + d_B <= 1, i.e. E_A - E_B <= c_A + c_B (Fearon 1995).
    So with more confidence the gap is no smaller in any period: the range opens no earlier."""
    m_b = min(m_b, m_a)
    periods = 40
    rng = np.random.default_rng(seed)
    signals = battle_signals(lottery_path(np.array([[0.5, 0.5]]), periods), rng.uniform(size=(1, periods)))
    mean = np.array([[[m_a, 1 - m_a], [m_b, 1 - m_b]]])
    end_u = np.array([[[1.0, 0.0], [0.0, 1.0]]])

    def first_range(conf: float) -> float:
        d = reservation_path(expected_lotteries(mean, np.full((1, 2), conf), signals), end_u, np.full((1, 2), cost))
        ok = np.flatnonzero(d[0].sum(axis=1) <= 1.0 + 1e-12)
        return float(ok[0]) if ok.size else np.inf

    assert first_range(c + extra) >= first_range(c)


@SOME
@given(st.floats(0.0, 1.0), st.floats(0.5, 50.0), st.integers(0, 2**32 - 1), st.floats(0.01, 0.2))
def test_a_common_prior_on_a_divisible_pie_agrees_at_the_first_talk_whatever_the_confidence(
    m: float, c: float, seed: int, cost: float
) -> None:
    """With a common belief E (any confidence, any signals) A needs x >= E - c_A and B needs x <= E + c_B:
    the range has width c_A + c_B >= one grid step, so the first talk agrees and confidence cannot delay it."""
    periods, steps = 8, 100
    x = np.arange(steps + 1) / steps
    u = np.stack([x, 1 - x])[None]
    rng = np.random.default_rng(seed)
    signals = battle_signals(lottery_path(np.array([[0.3, 0.7]]), periods), rng.uniform(size=(1, periods)))
    mean = np.array([[[m, 1 - m], [m, 1 - m]]])
    d = reservation_path(expected_lotteries(mean, np.full((1, 2), c), signals), np.array([[[1.0, 0.0], [0.0, 1.0]]]), np.full((1, 2), cost))

    def solve(rows: np.ndarray, t: int, dt: np.ndarray) -> np.ndarray:
        return nash_choice(u[rows], dt, np.ones_like(dt), None)

    period, _ = first_agreement(u, None, d, None, solve)
    assert period[0] == 0


@SOME
@given(st.integers(2, 5), st.integers(0, 2**32 - 1), st.floats(0.5, 50.0))
def test_beliefs_converge_to_nature_lottery(states: int, seed: int, c: float) -> None:
    """Doob consistency of the Dirichlet posterior (Ghosal & van der Vaart 2017, §6.1). After t signals
    E_{t,s} - pi_s = [c (m_s - pi_s) + (n_s - t pi_s)] / (c + t), with |m_s - pi_s| <= 1 and
    n_s ~ Binomial(t, pi_s) of standard deviation <= sqrt(t) / 2 (the Dirichlet posterior's own standard
    deviation is at most 1 / (2 sqrt(c + t + 1)), the same order). Six standard deviations (chance of
    failing < 2e-9 per state) give |E_{t,s} - pi_s| <= (c + 3 sqrt(t)) / (c + t): 0.06 at t = 3999, c = 50."""
    rng = np.random.default_rng(seed)
    periods = 4000
    pi0 = rng.dirichlet(np.ones(states), 1)
    signals = battle_signals(lottery_path(pi0, periods), rng.uniform(size=(1, periods)))
    mean = rng.dirichlet(np.ones(states), (1, 1))
    last = expected_lotteries(mean, np.full((1, 1), c), signals)[0, -1, 0]
    t = periods - 1
    assert np.all(np.abs(last - pi0[0]) <= (c + 3 * np.sqrt(t)) / (c + t))


@MANY
@given(hnp.arrays(np.int64, st.integers(1, 50), elements=st.integers(-1, 12)), st.integers(1, 12))
def test_deal_by_and_questions_are_monotone(period: np.ndarray, periods: int) -> None:
    counts = deal_by_counts(period, periods)
    assert np.all(np.diff(counts) >= 0) and counts[-1] <= len(period)
    holds = [question_holds(period, last).sum() for last in range(periods)]
    np.testing.assert_array_equal(holds, counts)
    assert all(a <= b for a, b in itertools.pairwise(holds))


def test_enforced_utility_of_one_period_matches_the_brute_force_values() -> None:
    rng = np.random.default_rng(0)
    u = rng.uniform(size=(3, 2, 5))
    rho = rng.uniform(size=(3, 5))
    after = rng.uniform(size=(3, 4, 2))
    v = enforced_utility(u, rho, after, period=2)
    for n in range(3):
        np.testing.assert_allclose(v[n], (1 - rho[n]) * u[n] + rho[n] * after[n, 2][:, None])
