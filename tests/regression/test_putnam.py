"""Two-level games: the Nash solution restricted to the domestic win-sets (Putnam 1988).

One unit issue split between a and b, linear utilities, reservation values 0:
the unconstrained Nash solution gives each half. Each side's legislature
ratifies only shares it can live with: a's only x >= r_a, b's only x <= r_b
(x is a's share), so the win-set is [r_a, r_b]. Putnam (1988), "Diplomacy and
domestic politics: the logic of two-level games", International Organization
42(3), 427-460, pp. 437-441: agreement requires overlapping win-sets, and a
smaller win-set pulls the agreement towards its own side. With Nash bargaining
at the international level the agreement is the Nash point if the win-set
contains it and otherwise the win-set's nearest bound (Tarar 2001, "International
bargaining with two-sided domestic constraints", Journal of Conflict Resolution
45(3), 320-340); with an empty win-set there is no agreement.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import negotiation

STEPS = 20


def two_level(r_a: float, r_b: float) -> dict[str, Any]:
    """Ratification steps that fail every share outside [r_a, r_b]."""
    grid = [round(j / STEPS, 10) for j in range(STEPS + 1)]
    below = [[x, round(1 - x, 10)] for x in grid if x < r_a - 1e-9]
    above = [[x, round(1 - x, 10)] for x in grid if x > r_b + 1e-9]
    steps = {}
    if below:
        steps["a_legislature"] = {"party": "a", "applies_if": {"pie": below}, "support": 0.2, "threshold": 0.5}
    if above:
        steps["b_legislature"] = {"party": "b", "applies_if": {"pie": above}, "support": 0.2, "threshold": 0.5}
    return {
        "name": "two-level",
        "issues": {"pie": {"split": ["a", "b"], "steps": STEPS}},
        "parties": {"a": {"weight": {"pie": 1.0}, "reservation": 0.0}, "b": {"weight": {"pie": 1.0}, "reservation": 0.0}},
        "ratification": steps,
    }


def shares_of_a(res: Any) -> np.ndarray:
    return res.draws.loc[res.draws["nash.deal"], "nash.pie.a"].to_numpy()


@pytest.mark.parametrize(("r_a", "r_b"), [(0.3, 0.7), (0.5, 0.5), (0.0, 1.0)])
def test_nash_point_inside_the_win_set_is_unchanged(r_a: float, r_b: float) -> None:
    res = negotiation.run(two_level(r_a, r_b), draws=5, seed=1)
    np.testing.assert_allclose(shares_of_a(res), 0.5)
    assert res.summary["protocols"]["nash"]["deal_rate"] == 1.0


@pytest.mark.parametrize(("r_a", "r_b", "bound"), [(0.6, 0.9, 0.6), (0.75, 1.0, 0.75), (0.0, 0.35, 0.35), (0.1, 0.2, 0.2)])
def test_a_win_set_that_cuts_the_nash_point_moves_the_deal_to_its_bound(r_a: float, r_b: float, bound: float) -> None:
    """Tied hands: the side with the smaller win-set gets the deal at its own bound."""
    res = negotiation.run(two_level(r_a, r_b), draws=5, seed=1)
    np.testing.assert_allclose(shares_of_a(res), bound)
    free = res.summary["protocols"]["nash"]["unconstrained"]
    assert free["issue_shares"]["pie"]["[0.5, 0.5]"] == 1.0  # the same draws with ratification ignored


@pytest.mark.parametrize(("r_a", "r_b"), [(0.7, 0.4), (0.55, 0.5)])
def test_an_empty_win_set_means_no_deal(r_a: float, r_b: float) -> None:
    res = negotiation.run(two_level(r_a, r_b), draws=5, seed=1)
    assert res.summary["protocols"]["nash"]["deal_rate"] == 0.0
    assert res.summary["protocols"]["nash"]["unconstrained"]["deal_rate"] == 1.0
