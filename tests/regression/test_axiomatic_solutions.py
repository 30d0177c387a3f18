"""Nash against Kalai–Smorodinsky where the frontier is curved, and the other axiomatic solutions on a pie."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import negotiation

STEPS = 600


def curved(protocols: list[str]) -> dict[str, Any]:
    """u_a = sqrt(share_a), u_b = share_b = 1 - share_a, reservation values 0."""
    points = [[j / STEPS, math.sqrt(j / STEPS)] for j in range(STEPS + 1)]
    return {
        "name": "curved",
        "issues": {"pie": {"split": ["a", "b"], "steps": STEPS}},
        "parties": {
            "a": {"weight": {"pie": 1.0}, "value": {"pie": {"points": points}}, "reservation": 0.0},
            "b": {"weight": {"pie": 1.0}, "reservation": 0.0},
        },
        "protocols": protocols,
    }


def share_a(res: Any, protocol: str) -> np.ndarray:
    return res.draws[f"{protocol}.pie.a"].to_numpy()


def test_nash_and_kalai_smorodinsky_differ_on_a_curved_frontier() -> None:
    """u_a = sqrt(x), u_b = 1 - x, d = 0. Nash (1950): max sqrt(x)(1 - x) at x = 1/3.
    Kalai & Smorodinsky (1975), Econometrica 43(3), 513-518: the ideal point is (1, 1),
    so the solution equalises u_a / 1 = u_b / 1: sqrt(x) = 1 - x, x = (3 - sqrt 5) / 2."""
    res = negotiation.run(curved(["nash", "kalai_smorodinsky"]), draws=3, seed=1)
    np.testing.assert_allclose(share_a(res, "nash"), 1 / 3, atol=1e-9)
    ks = share_a(res, "kalai_smorodinsky")
    assert np.all(np.abs(ks - (3 - math.sqrt(5)) / 2) <= 1 / STEPS)
    # the KS package is the grid point that maximises min(sqrt(x), 1 - x)
    grid = np.arange(STEPS + 1) / STEPS
    np.testing.assert_allclose(ks, grid[np.argmax(np.minimum(np.sqrt(grid), 1 - grid))])


def test_utilitarian_and_egalitarian_on_a_curved_frontier() -> None:
    """Utilitarian (Harsanyi 1955): max sqrt(x) + 1 - x at x = 1/4. Egalitarian (Kalai 1977,
    Econometrica 45(7), 1623-1630): equal gains, here the same point as Kalai–Smorodinsky
    because the ideal point is (1, 1)."""
    res = negotiation.run(curved(["utilitarian", "egalitarian", "kalai_smorodinsky"]), draws=2, seed=1)
    np.testing.assert_allclose(share_a(res, "utilitarian"), 0.25, atol=1e-9)
    np.testing.assert_allclose(share_a(res, "egalitarian"), share_a(res, "kalai_smorodinsky"))
