"""The Nash protocol and participation on hand-made cases."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation.solvers import NO_DEAL, nash_choice
from negotiation.solvers.participation import individually_rational, pivotal

ONES = np.ones((1, 2))


def _u(*columns: tuple[float, float]) -> np.ndarray:
    return np.array(columns, dtype=float).T[None]


@pytest.mark.smoke
def test_picks_the_largest_product_of_gains() -> None:
    u = _u((0.9, 0.1), (0.6, 0.5), (0.3, 0.8))
    assert nash_choice(u, np.zeros((1, 2)), ONES, np.ones((1, 3), dtype=bool)).tolist() == [1]


def test_respects_the_disagreement_point_and_feasibility() -> None:
    u = _u((0.9, 0.1), (0.6, 0.5), (0.3, 0.8))
    d = np.array([[0.0, 0.6]])
    assert nash_choice(u, d, ONES, np.ones((1, 3), dtype=bool)).tolist() == [2]
    assert nash_choice(u, d, ONES, np.array([[True, True, False]])).tolist() == [NO_DEAL]


def test_a_bound_met_up_to_rounding_counts() -> None:
    u = _u((0.1 + 0.2, 0.5))
    d = np.array([[0.3, 0.5]])  # 0.1 + 0.2 = 0.30000000000000004
    assert nash_choice(u, d, ONES, np.ones((1, 1), dtype=bool)).tolist() == [0]
    assert nash_choice(u, d + 1e-6, ONES, np.ones((1, 1), dtype=bool)).tolist() == [NO_DEAL]


def test_ties_go_to_the_lowest_index() -> None:
    u = _u((0.5, 0.5), (0.7, 0.2), (0.5, 0.5))
    assert nash_choice(u, np.zeros((1, 2)), ONES, np.ones((1, 3), dtype=bool)).tolist() == [0]


def test_zero_products_still_choose_a_pareto_optimal_package() -> None:
    """Party 1 gains nothing anywhere; among products of 0, the package best for
    party 0 wins, not merely the first."""
    u = _u((0.2, 0.5), (0.6, 0.5), (0.4, 0.5))
    assert nash_choice(u, np.array([[0.0, 0.5]]), ONES, np.ones((1, 3), dtype=bool)).tolist() == [1]


def test_power_shifts_the_choice() -> None:
    x = np.linspace(0, 1, 11)
    u = np.stack([x, 1 - x])[None]
    feasible = np.ones((1, 11), dtype=bool)
    assert nash_choice(u, np.zeros((1, 2)), np.array([[1.0, 1.0]]), feasible).tolist() == [5]
    assert nash_choice(u, np.zeros((1, 2)), np.array([[4.0, 1.0]]), feasible).tolist() == [8]


def test_pivotal_names_the_lone_blocker() -> None:
    u = _u((0.9, 0.1), (0.2, 0.2))
    d = np.array([[0.5, 0.3]])
    feasible = np.ones((1, 2), dtype=bool)
    assert not individually_rational(u, d).any()
    gain = u - d[:, :, None]
    assert pivotal(gain, feasible).tolist() == [[False, True]]
    assert pivotal(gain, None).tolist() == [[False, True]]
    assert pivotal(gain, np.array([[False, True]])).tolist() == [[False, False]]
