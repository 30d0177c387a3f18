"""Reservation values per period and enforced utilities (negotiation.timeline.reservation)."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation.timeline import enforced_utility, reservation_path
from negotiation.timeline.reservation import breakdown_chance


def test_reservation_is_the_expected_end_state_utility_less_cost() -> None:
    rng = np.random.default_rng(3)
    beliefs = rng.dirichlet(np.ones(3), (2, 4, 2))
    end_u = rng.uniform(size=(2, 2, 3))
    cost = rng.uniform(0, 0.1, (2, 2))
    d = reservation_path(beliefs, end_u, cost)
    assert d.shape == (2, 4, 2)
    np.testing.assert_allclose(d[1, 2, 0], beliefs[1, 2, 0] @ end_u[1, 0] - cost[1, 0])


def test_enforced_utility_mixes_the_package_and_the_war_after_a_collapse() -> None:
    u = np.array([[[1.0, 0.5], [0.0, 0.5]]])  # (1, 2 parties, 2 packages)
    rho = np.array([[0.25, 1.0]])
    after = np.array([[[0.2, 0.4], [0.3, 0.1]]])  # (1, 2 periods, 2 parties)
    v = enforced_utility(u, rho, after, period=1)
    np.testing.assert_allclose(v[0], [[0.75 + 0.075, 0.3], [0.025, 0.1]])
    np.testing.assert_allclose(enforced_utility(u, rho, after[:, 1]), v)
    with pytest.raises(ValueError, match="period"):
        enforced_utility(u, rho, after)


def test_breakdown_chance_is_clipped() -> None:
    np.testing.assert_allclose(breakdown_chance(np.array([0.3]), np.array([[-0.5, 0.2, 0.9]])), [[0.0, 0.5, 1.0]])
    np.testing.assert_allclose(breakdown_chance(np.array([0.3, 1.2])), [[0.3], [1.0]])
