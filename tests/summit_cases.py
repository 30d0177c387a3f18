"""Small summit scenarios shared by the summit tests."""

from __future__ import annotations

from typing import Any

from tests.conftest import pie


def pie_summit(
    tactic_a: str = "linear",
    tactic_b: str = "linear",
    *,
    e_a: float | None = None,
    e_b: float | None = None,
    rounds: int = 100,
    noise: Any = 0.0,
    steps: int = 100,
    d_a: Any = 0.0,
    d_b: Any = 0.0,
    draws: int = 1,
) -> dict[str, Any]:
    """Two leaders dividing a unit pie in one phase, each valuing its own share linearly.

    Party ``a`` opens. Reservation values, noise and the exponents may be
    numbers or distributions.
    """
    scenario = pie(0.0, 0.0, steps=steps)
    scenario["parties"]["a"]["reservation"] = d_a
    scenario["parties"]["b"]["reservation"] = d_b

    def leader(party: str, tactic: str, e: float | None) -> dict[str, Any]:
        out: dict[str, Any] = {"party": party, "role": "leader", "capability": 1.0, "tactic": tactic}
        if e is not None:
            out["concession"] = e
        return out

    scenario["stakeholders"] = {"alice": leader("a", tactic_a, e_a), "bob": leader("b", tactic_b, e_b)}
    scenario["summit"] = {"first": "a", "phases": {"talks": {"rounds": rounds, "noise": noise}}}
    scenario["protocols"] = ["summit"]
    scenario["monte_carlo"] = {"draws": draws, "seed": 7, "chunk": 4096}
    return scenario


def reference_pie(e_a: float, e_b: float, rounds: int, steps: int, d_a: float = 0.0, d_b: float = 0.0) -> tuple[int, float]:
    """The agreement round and a's share, from the rules written out for one pie, draw by draw.

    Faratin, Sierra & Jennings (1998) time-dependent tactics: a leader's
    aspiration in round t is ``d + (1 - ((t-1)/(T-1))**(1/e)) (1 - d)``. The
    proposer (a in odd rounds) asks for the smallest grid share worth its
    aspiration; the other accepts when its remainder is worth its own
    aspiration and reservation value. Returns (0, nan) without agreement.
    """
    import math

    tol = 1e-9
    for t in range(1, rounds + 1):
        x = (t - 1) / (rounds - 1)
        asp_a = d_a + (1 - x ** (1 / e_a)) * (1 - d_a)
        asp_b = d_b + (1 - x ** (1 / e_b)) * (1 - d_b)
        if t % 2:
            share = math.ceil((asp_a - tol) * steps) / steps
            if 1 - share >= max(asp_b, d_b) - tol and share >= d_a - tol:
                return t, share
        else:
            theirs = math.ceil((asp_b - tol) * steps) / steps
            if 1 - theirs >= max(asp_a, d_a) - tol and theirs >= d_b - tol:
                return t, 1 - theirs
    return 0, float("nan")


__all__ = ["absent_summit", "pie_summit", "reference_pie"]


def absent_summit(
    tactic_a: str = "linear",
    tactic_b: str = "linear",
    *,
    e_a: Any = None,
    e_b: Any = None,
    rounds: int = 100,
    steps: int = 100,
    d_a: Any = 0.0,
    d_b: Any = 0.0,
    d_c: Any = 0.6,
    anticipation: Any = True,
    draws: int = 1,
    seed: int = 7,
) -> dict[str, Any]:
    """Leaders of a and b at the table set x in [0, 1] (grid 1/steps); c, absent, accepts or rejects afterwards.

    a values x linearly (u_a = x), b and c value 1 - x, so c sides with b.
    Party ``a`` opens; no noise, no pull, no audience costs, no ratification.
    """
    scenario: dict[str, Any] = {
        "name": "absent",
        "issues": {"x": {"range": [0.0, 1.0], "steps": steps}},
        "parties": {
            "a": {"weight": {"x": 1.0}, "value": {"x": "increasing"}, "reservation": d_a},
            "b": {"weight": {"x": 1.0}, "value": {"x": "decreasing"}, "reservation": d_b},
            "c": {"weight": {"x": 1.0}, "value": {"x": "decreasing"}, "reservation": d_c},
        },
    }

    def leader(party: str, tactic: str, e: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"party": party, "role": "leader", "capability": 1.0, "tactic": tactic}
        if e is not None:
            out["concession"] = e
        return out

    scenario["stakeholders"] = {"alice": leader("a", tactic_a, e_a), "bob": leader("b", tactic_b, e_b)}
    scenario["summit"] = {"absent": ["c"], "first": "a", "anticipation": anticipation, "phases": {"talks": {"rounds": rounds}}}
    scenario["protocols"] = ["summit"]
    scenario["monte_carlo"] = {"draws": draws, "seed": seed, "chunk": 4096}
    return scenario
