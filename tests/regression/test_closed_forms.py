"""Published closed forms reproduced by the full pipeline (scenario -> utilities -> solver).

Each case is built so that the closed-form answer lies on the package grid,
and the solver must return exactly that package in every draw.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import negotiation
from negotiation.engine.chunk import Plan
from negotiation.engine.parameters import draw_parameters
from negotiation.engine.scenario import load_scenario
from negotiation.utility import TOL, utilities, war_reservations, weighted_values
from tests.conftest import pie


def _shares(scenario: dict[str, Any], draws: int = 5) -> np.ndarray:
    """The Nash shares chosen in each draw, shape (draws, parties)."""
    res = negotiation.run(scenario, draws=draws, seed=3)
    frame = res.draws
    assert frame["nash.deal"].all()
    return frame[[c for c in frame.columns if c.startswith("nash.pie.")]].to_numpy()  # one column per share, a then b


@pytest.mark.parametrize(
    ("d_a", "d_b", "expected_a"),
    [
        (0.0, 0.0, 0.5),  # the symmetric split of Nash (1950)
        (0.1, 0.3, 0.4),  # x_a = d_a + (1 - d_a - d_b) / 2
        (0.4, 0.0, 0.7),
        (0.25, 0.25, 0.5),
    ],
)
def test_symmetric_nash_split_with_disagreement_point(d_a: float, d_b: float, expected_a: float) -> None:
    """Nash (1950), Econometrica 18(2), 155-162: with linear utilities over a unit pie
    and disagreement point (d_a, d_b), the solution gives a the share
    d_a + (1 - d_a - d_b) / 2."""
    shares = _shares(pie(d_a, d_b))
    np.testing.assert_allclose(shares[:, 0], expected_a, atol=1e-12)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


@pytest.mark.parametrize(
    ("alpha", "beta", "d_a", "d_b", "expected_a"),
    [
        (3.0, 1.0, 0.0, 0.0, 0.75),  # x_a = alpha / (alpha + beta)
        (3.0, 1.0, 0.2, 0.0, 0.8),  # x_a = d_a + alpha / (alpha + beta) * (1 - d_a - d_b)
        (1.0, 4.0, 0.0, 0.0, 0.2),
        (2.0, 2.0, 0.1, 0.1, 0.5),  # equal powers: the symmetric solution
    ],
)
def test_asymmetric_nash_split(alpha: float, beta: float, d_a: float, d_b: float, expected_a: float) -> None:
    """Asymmetric Nash solution, Kalai (1977), "Nonsymmetric Nash solutions and
    replications of 2-person bargaining", Int. J. Game Theory 6(3), 129-133; Roth (1979),
    Axiomatic Models of Bargaining, ch. 1: maximising (x - d_a)^alpha (1 - x - d_b)^beta
    gives x = d_a + alpha / (alpha + beta) * (1 - d_a - d_b)."""
    scenario = pie(d_a, d_b)
    scenario["parties"]["a"]["power"] = alpha
    scenario["parties"]["b"]["power"] = beta
    shares = _shares(scenario)
    np.testing.assert_allclose(shares[:, 0], expected_a, atol=1e-12)


def test_n_party_nash_split() -> None:
    """The n-party Nash solution over a unit pie with linear utilities,
    x_i = d_i + (1 - sum_j d_j) / n (Nash 1950, generalised; Roth 1979, ch. 1)."""
    d = [0.1, 0.2, 0.0]
    scenario = {
        "name": "pie3",
        "issues": {"pie": {"split": ["a", "b", "c"], "steps": 60}},
        "parties": {name: {"weight": {"pie": 1.0}, "reservation": dv} for name, dv in zip("abc", d, strict=True)},
    }
    shares = _shares(scenario)
    expected = np.array(d) + (1 - sum(d)) / 3
    np.testing.assert_allclose(shares, np.tile(expected, (len(shares), 1)), atol=1e-12)


def _fearon(p: float, c_a: float, c_b: float, steps: int) -> dict[str, Any]:
    """One unit issue; war is a lottery over A taking all (prob. p) or B taking all."""
    return {
        "name": "fearon",
        "issues": {"pie": {"split": ["a", "b"], "steps": steps}},
        "parties": {"a": {"weight": {"pie": 1.0}}, "b": {"weight": {"pie": 1.0}}},
        "no_deal": {
            "outcomes": {
                "a_wins": {"probability": p, "package": {"pie": [1.0, 0.0]}},
                "b_wins": {"probability": 1 - p, "package": {"pie": [0.0, 1.0]}},
            },
            "cost": {"a": c_a, "b": c_b},
        },
    }


@pytest.mark.parametrize(("p", "c_a", "c_b"), [(0.6, 0.1, 0.15), (0.3, 0.05, 0.2), (0.5, 0.25, 0.25)])
def test_fearon_bargaining_range(p: float, c_a: float, c_b: float) -> None:
    """Fearon (1995), "Rationalist explanations for war", International Organization
    49(3), 379-414, pp. 386-388: with A winning a war over the unit issue with
    probability p at costs c_A, c_B, the deals both prefer to war are exactly A's
    shares x in [p - c_A, p + c_B]."""
    scenario = load_scenario(_fearon(p, c_a, c_b, steps=40))
    plan = Plan.build(scenario)
    drawn = draw_parameters(scenario, plan.source, 0, 3)
    wv = weighted_values(scenario, plan.space, drawn.values, 3)
    d = war_reservations(wv, plan.space, scenario.no_deal, scenario.party_names, drawn.values)
    np.testing.assert_allclose(d, np.tile([p - c_a, 1 - p - c_b], (3, 1)), atol=1e-12)
    u = utilities(wv, plan.space.incidence)
    acceptable = (u >= d[:, :, None] - TOL).all(axis=1)
    share_a = scenario.issues[0].shares[plan.space.codes[:, 0], 0]
    expected = (share_a >= p - c_a - 1e-12) & (share_a <= p + c_b + 1e-12)
    assert expected.sum() >= 2
    for row in acceptable:
        np.testing.assert_array_equal(row, expected)


def test_fearon_nash_deal_is_the_midpoint_of_the_range() -> None:
    """Nash bargaining over Fearon's range [p - c_A, p + c_B] splits the surplus
    c_A + c_B equally: x_A = p + (c_B - c_A) / 2 (Fearon 1995 with Nash 1950)."""
    shares = _shares(_fearon(0.6, 0.1, 0.15, steps=40))
    np.testing.assert_allclose(shares[:, 0], 0.6 + (0.15 - 0.1) / 2, atol=1e-12)


def test_no_deal_when_reservations_exceed_the_pie() -> None:
    """With d_a + d_b > 1 no split is individually rational (Nash 1950): no deal."""
    res = negotiation.run(pie(0.6, 0.5), draws=10, seed=1)
    assert res.summary["protocols"]["nash"]["deal_rate"] == 0.0
    assert not res.draws["nash.deal"].any()
