"""The first talk that agrees (negotiation.timeline.talks) on small cases worked by hand."""

from __future__ import annotations

import numpy as np

from negotiation.solvers import PackageSet, nash_choice
from negotiation.space import OutcomeSpace
from negotiation.timeline import PackageValues, deal_exists, expected_lotteries, first_agreement, reservation_path, undominated
from negotiation.utility import utilities

# two parties, four packages: (1, 0), (0.6, 0.6), (0.5, 0.5) dominated, (0, 1)
U = np.array([[[1.0, 0.6, 0.5, 0.0], [0.0, 0.6, 0.5, 1.0]]])


def nash(u: np.ndarray, feasible: np.ndarray | None = None):
    def solve(rows: np.ndarray, t: int, d: np.ndarray) -> np.ndarray:
        return nash_choice(u[rows], d, np.ones_like(d), None if feasible is None else feasible[rows])

    return solve


def test_the_first_period_with_a_package_good_enough_for_both() -> None:
    d = np.array([[[0.7, 0.7], [0.65, 0.6], [0.6, 0.6], [0.0, 0.0]]])
    period, choice = first_agreement(U, None, d, None, nash(U))
    assert (period[0], choice[0]) == (2, 1)
    np.testing.assert_array_equal(deal_exists(U, None, d), [[False, False, True, True]])


def test_talks_only_on_their_periods() -> None:
    d = np.array([[[0.7, 0.7], [0.65, 0.6], [0.6, 0.6], [0.0, 0.0]]])
    period, _ = first_agreement(U, None, d, np.array([True, True, False, True]), nash(U))
    assert period[0] == 3
    period, _ = first_agreement(U, None, d, np.zeros(4, dtype=bool), nash(U))
    assert period[0] == -1


def test_a_dominated_package_is_dropped_and_the_frontier_kept() -> None:
    found = undominated(U, None, np.array([[0.0, 0.0]]))
    assert set(found.cols.tolist()) == {0, 1, 3}


def test_the_win_set_counts() -> None:
    feasible = np.array([[True, False, True, True]])
    d = np.array([[[0.5, 0.45]]])
    assert not deal_exists(U, feasible, np.array([[[0.55, 0.55]]]))[0, 0]
    period, choice = first_agreement(U, feasible, d, None, nash(U, feasible))
    assert (period[0], choice[0]) == (0, 2)


def test_a_protocol_that_declines_leaves_the_draw_to_its_next_talk() -> None:
    d = np.zeros((1, 3, 2))
    calls: list[int] = []

    def shy(rows: np.ndarray, t: int, dt: np.ndarray) -> np.ndarray:
        calls.append(t)
        return np.full(len(rows), -1 if t < 2 else 3, dtype=np.int64)

    period, choice = first_agreement(U, None, d, None, shy)
    assert (period[0], choice[0]) == (2, 3)
    assert calls == [0, 1, 2]


def test_the_solver_is_called_once_per_period_on_the_draws_that_agree_then() -> None:
    u = np.repeat(U, 5, axis=0)
    d = np.ones((5, 6, 2))
    first = [0, 3, 3, -1, 5]
    for n, t in enumerate(first):
        if t >= 0:
            d[n, t:] = 0.0
    seen: dict[int, list[int]] = {}

    def record(rows: np.ndarray, t: int, dt: np.ndarray) -> np.ndarray:
        seen[t] = rows.tolist()
        return nash_choice(u[rows], dt, np.ones_like(dt), None)

    period, _ = first_agreement(u, None, d, None, record)
    np.testing.assert_array_equal(period, first)
    assert seen == {0: [0], 3: [1, 2], 5: [4]}


def test_enforcement_values_packages_by_their_chance_to_hold() -> None:
    """v_p(k) = (1 - rho_k) u_p(k) + rho_k d'_p: a sure package (rho 0) of (0.6, 0.6) against d = 0.62 fails;
    with rho = 0.5 and d' = (0.7, 0.7) it is worth 0.65 to both."""
    d = np.full((1, 2, 2), 0.62)
    rho = np.array([[0.0, 0.5, 0.0, 0.0]])
    after = np.zeros((1, 2, 2))
    after[0, 1] = 0.7
    exists = deal_exists(U, None, d, None, rho=rho, d_after=after)
    np.testing.assert_array_equal(exists, [[False, True]])


def test_weighted_option_values_give_the_same_answer_as_utilities() -> None:
    rng = np.random.default_rng(8)
    space = OutcomeSpace.from_sizes((3, 4, 5))
    packages = PackageSet.from_space(space)
    wv = rng.integers(0, 20, (30, 3, space.n_options)) / 64.0
    u = utilities(wv, packages.incidence)
    d = rng.integers(10, 60, (30, 5, 3)) / 64.0
    feasible = rng.uniform(size=(30, space.size)) < 0.7
    np.testing.assert_array_equal(deal_exists(PackageValues.from_options(wv, packages), feasible, d), deal_exists(u, feasible, d))
    a = first_agreement(PackageValues.from_options(wv, packages), feasible, d, None, nash(u, feasible))
    b = first_agreement(u, feasible, d, None, nash(u, feasible))
    np.testing.assert_array_equal(a, b)


def test_more_confidence_in_a_common_but_wrong_prior_can_delay_a_deal() -> None:
    """A counterexample to "more confidence in a common prior never delays a deal" in general.

    One package worth (0.5, 0.5); end states "A wins" (1, 0) and "B wins" (0, 1); both parties believe
    A wins with 0.7, costs 0.05. A needs E - 0.05 <= 0.5 and B needs 0.95 - E <= 0.5, so a deal needs
    E in [0.45, 0.55]: none at period 0 (E = 0.7). After one "B wins" signal, confidence 2 gives
    E = 1.4 / 3 = 0.467 (deal at period 1); confidence 10^6 keeps E at 0.7 (no deal ever). The claim
    holds where a common belief always leaves a range (a divisible pie: see the property tests)."""
    u = np.array([[[0.5], [0.5]]])
    signals = np.array([[1, 0, 1, 0]])
    mean = np.array([[[0.7, 0.3], [0.7, 0.3]]])
    end_u = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    periods = []
    for confidence in (2.0, 1e6):
        d = reservation_path(expected_lotteries(mean, np.full((1, 2), confidence), signals), end_u, np.full((1, 2), 0.05))
        periods.append(int(first_agreement(u, None, d, None, nash(u))[0][0]))
    assert periods == [1, -1]
