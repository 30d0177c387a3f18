"""The summit against worked cases that can be solved by hand.

Two leaders divide a unit pie on a grid of 1/100, each valuing its own
share linearly, with time-dependent tactics (Faratin, Sierra & Jennings 1998,
"Negotiation decision functions for autonomous agents", Robotics and
Autonomous Systems 24: 159-182, the polynomial family with kappa = 0): the
aspiration in round t of T is ``d + (1 - ((t-1)/(T-1))**(1/e)) (1 - d)``.
"""

from __future__ import annotations

import math

import pytest

import negotiation
from tests.summit_cases import pie_summit, reference_pie


def test_two_linear_leaders_meet_at_the_midpoint_in_round_51() -> None:
    """Worked by hand. With T = 100 and d = 0 both aspirations are 1 - (t-1)/99.
    In round 50 (b proposes, aspiration 0.50505) b asks for 0.51, leaving a 0.49
    < 0.50505: refused. In round 51 (a proposes, aspiration 0.49495) a asks for
    the smallest grid share worth that, 0.50, leaving b 0.50 >= 0.49495: agreed."""
    res = negotiation.run(pie_summit())
    summit = res.summary["protocols"]["summit"]
    assert summit["deal_rate"] == 1.0
    assert summit["mean_round"] == 51
    assert summit["top_packages"][0]["package"] == {"pie": [0.5, 0.5]}
    assert summit["proposers"] == {"a": 1.0, "b": 0.0}
    assert summit["summit"]["rounds_to_framework"][50] == 1


def test_reservation_values_shift_the_meeting_point() -> None:
    """Worked by hand. With d_a = 0.2 and d_b = 0, a's aspiration is 0.2 + 0.8 (1 - x)
    and b's 1 - x, x = (t-1)/99; they sum to 1 at 1 - x = 0.8/1.8, x = 5/9, round 56.
    In round 56 b asks for 0.45 (its aspiration 0.4444), leaving a 0.55 < 0.5556:
    refused. In round 57 a's aspiration is 0.5475, it asks for 0.55, and b's 0.45
    clears b's 0.4343: agreed: the better outside option wins the larger share."""
    res = negotiation.run(pie_summit(d_a=0.2))
    summit = res.summary["protocols"]["summit"]
    assert summit["mean_round"] == 57
    assert summit["top_packages"][0]["package"] == {"pie": [0.55, 0.45]}
    assert reference_pie(1.0, 1.0, 100, 100, d_a=0.2) == (57, 0.55)


@pytest.mark.parametrize(
    ("tactic_a", "e_a", "tactic_b", "e_b"),
    [
        ("boulware", 0.3, "linear", None),
        ("conceder", 4.0, "linear", None),
        ("boulware", 0.5, "conceder", 2.0),
        ("boulware", 0.2, "boulware", 0.6),
    ],
)
def test_pie_agreements_follow_the_concession_rules(tactic_a: str, e_a: float, tactic_b: str, e_b: float | None) -> None:
    """The model's round and split equal the rules written out directly, draw by draw."""
    res = negotiation.run(pie_summit(tactic_a, tactic_b, e_a=e_a, e_b=e_b))
    summit = res.summary["protocols"]["summit"]
    t, share = reference_pie(e_a, 1.0 if e_b is None else e_b, 100, 100)
    assert t > 0
    assert summit["mean_round"] == t
    assert math.isclose(summit["top_packages"][0]["package"]["pie"][0], share)


def test_the_boulware_side_gets_more_of_the_pie() -> None:
    """Against the same opponent, holding out (Boulware) wins a larger share than conceding early."""
    shares = {}
    for tactic, e in (("boulware", 0.3), ("linear", None), ("conceder", 3.0)):
        res = negotiation.run(pie_summit(tactic, "linear", e_a=e))
        shares[tactic] = res.summary["protocols"]["summit"]["top_packages"][0]["package"]["pie"][0]
    assert shares["boulware"] > shares["linear"] > shares["conceder"]
