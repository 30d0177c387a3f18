"""Fearon's private-information closed forms reproduced by the full pipeline.

Fearon (1995), "Rationalist explanations for war", International Organization
49(3), 379-414, the section on private information and incentives to misrepresent:
a proposer unsure of the other side's reservation value makes an offer that
is refused, and war follows, with positive probability. Each case below puts
the optimal offer on the package grid; the protocol must make exactly that
offer in every draw, report the closed-form probability of war, and realise
war at that frequency.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import negotiation
from negotiation.scenario.model import ProtocolSpec

DRAWS = 20_000
LABEL = "fearon[informed=b,proposer=a]"


def _war(p: float, c_a: float, cbar: float) -> dict[str, Any]:
    """One unit issue; war gives a all (prob. p) or b all; c_A fixed, c_B ~ U[0, cbar]."""
    return {
        "name": "fearon-private",
        "issues": {"pie": {"split": ["a", "b"], "steps": 20}},
        "parties": {"a": {"weight": {"pie": 1.0}}, "b": {"weight": {"pie": 1.0}}},
        "no_deal": {
            "outcomes": {
                "a_wins": {"probability": p, "package": {"pie": [1.0, 0.0]}},
                "b_wins": {"probability": 1 - p, "package": {"pie": [0.0, 1.0]}},
            },
            "cost": {"a": c_a, "b": {"uniform": [0.0, cbar]}},
        },
    }


def _run(scenario: dict[str, Any], **options: str) -> tuple[str, pd.DataFrame]:
    """Run a proposing to the informed b; the protocol's label and the draws table."""
    spec = ProtocolSpec("fearon", {"proposer": "a", "informed": "b", **options})
    res = negotiation.run(scenario, draws=DRAWS, seed=11, protocols=[{spec.name: spec.options}])
    return spec.label, res.draws


def _check(label: str, frame: pd.DataFrame, x_star: float, p_war: float) -> None:
    """The offer is a's share x_star in every draw, its P(war) is p_war, and war happens that often."""
    offer = frame[f"{label}.offer"].to_numpy()
    assert (offer == round(x_star * 20)).all()  # split packages are in lexicographic order of a's share
    np.testing.assert_allclose(frame[f"{label}.p_war"].to_numpy(), p_war, atol=1e-8)
    deal = frame[f"{label}.deal"].to_numpy()
    shares = frame.loc[deal, f"{label}.pie.a"].to_numpy()
    np.testing.assert_allclose(shares, x_star, atol=1e-12)
    assert (frame[f"{label}.proposer"].astype(str) == "a").all()
    se = np.sqrt(p_war * (1 - p_war) / DRAWS)
    assert abs((~deal).mean() - p_war) <= 4 * se


@pytest.mark.parametrize(
    ("p", "c_a", "cbar", "x_star", "p_war"),
    [
        (0.5, 0.1, 0.3, 0.6, 1 / 3),
        (0.4, 0.05, 0.25, 0.5, 0.4),
        (0.3, 0.02, 0.42, 0.5, 0.2 / 0.42),
    ],
)
def test_private_cost_of_war(p: float, c_a: float, cbar: float, x_star: float, p_war: float) -> None:
    """Fearon (1995), private information about the cost of war.

    A's share is x, war gives A all with probability p, so B's lottery is
    L_B = 1 - p and B's reservation value d_B = 1 - p - c_B. B accepts x iff
    1 - x >= 1 - p - c_B, i.e. c_B >= x - p, which with c_B ~ U[0, cbar] has
    probability 1 - (x - p)/cbar for x in [p, p + cbar]. A's expected utility is

        (1 - (x - p)/cbar) x + ((x - p)/cbar) (p - c_A)
            = p - c_A + (1 - (x - p)/cbar) (x - p + c_A).

    With y = x - p the bracket (1 - y/cbar)(y + c_A) is a concave quadratic,
    maximal at y = (cbar - c_A)/2 (interior for c_A < cbar). So

        x* = p + (cbar - c_A)/2,      P(war) = (x* - p)/cbar = (cbar - c_A)/(2 cbar),

    the same in every draw. On a grid containing x* the quadratic's next grid
    points are worse by at least step^2/cbar, far above any tolerance.
    """
    assert x_star == pytest.approx(p + (cbar - c_a) / 2)
    assert p_war == pytest.approx((cbar - c_a) / (2 * cbar))
    label, frame = _run(_war(p, c_a, cbar))
    assert label == LABEL
    _check(label, frame, x_star, p_war)


@pytest.mark.parametrize(
    ("d_a", "lo", "hi", "x_star", "p_war"),
    [
        (0.2, 0.2, 0.6, 0.5, 0.25),
        (0.0, 0.2, 0.8, 0.4, 1 / 3),
    ],
)
def test_private_reservation_value(d_a: float, lo: float, hi: float, x_star: float, p_war: float) -> None:
    """Fearon (1995) with B's reservation value itself private, d_B ~ U[lo, hi].

    B accepts A's share x iff 1 - x >= d_B, with probability (1 - x - lo)/(hi - lo)
    for 1 - x in [lo, hi]. With z = 1 - x (B's share) A maximises

        d_a + ((z - lo)/(hi - lo)) (1 - z - d_a),

    a concave quadratic in z with maximum at z* = (1 - d_a + lo)/2 (interior when
    lo <= 1 - d_a <= 2 hi - lo). So

        x* = (1 + d_a - lo)/2,      P(war) = 1 - (1 - d_a - lo) / (2 (hi - lo)).
    """
    assert x_star == pytest.approx((1 + d_a - lo) / 2)
    assert p_war == pytest.approx(1 - (1 - d_a - lo) / (2 * (hi - lo)))
    scenario = {
        "name": "fearon-reservation",
        "issues": {"pie": {"split": ["a", "b"], "steps": 20}},
        "parties": {
            "a": {"weight": {"pie": 1.0}, "reservation": d_a},
            "b": {"weight": {"pie": 1.0}, "reservation": {"uniform": [lo, hi]}},
        },
    }
    label, frame = _run(scenario)  # private defaults to reservation: b's is given, not derived
    _check(label, frame, x_star, p_war)
    label, frame = _run(scenario, private="reservation")
    _check(label, frame, x_star, p_war)


def test_known_cost_leaves_no_war() -> None:
    """With B's cost known (a fixed number) A offers the edge of Fearon's range,
    x = p + c_B, and B always accepts: no war (Fearon 1995, complete information)."""
    scenario = _war(0.5, 0.1, 0.3)
    scenario["no_deal"]["cost"]["b"] = 0.15
    label, frame = _run(scenario)
    _check(label, frame, 0.65, 0.0)
    assert frame[f"{label}.deal"].all()


def test_the_informed_party_is_pivotal_when_it_refuses() -> None:
    """A war draw here is a refused offer: b alone blocks it, although packages both
    prefer to war exist (Fearon's point: war despite a bargaining range)."""
    res = negotiation.run(_war(0.5, 0.1, 0.3), draws=4000, seed=5, protocols=[{"fearon": {"proposer": "a", "informed": "b"}}])
    summary = res.summary["protocols"][LABEL]
    assert summary["pivotal_rate"]["b"] == pytest.approx(1.0 - summary["deal_rate"])
    assert summary["pivotal_rate"]["a"] == 0.0
    assert summary["means"]["p_war"] == pytest.approx(1 / 3, abs=1e-8)
