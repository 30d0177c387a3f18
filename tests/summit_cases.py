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


__all__ = ["pie_summit", "reference_pie"]
