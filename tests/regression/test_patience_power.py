"""Bargaining power from patience: the Nash solution that is the limit of Rubinstein's game.

Binmore, Rubinstein & Wolinsky (1986), "The Nash bargaining solution in
economic modelling", RAND Journal of Economics 17(2), 176-188, section 4: with
discount factors ``delta_i ** h`` per period of length ``h``, the equilibrium
of Rubinstein's (1982) alternating offers tends, as ``h -> 0``, to the
asymmetric Nash solution with exponents ``1 / (-ln delta_i)``. On a unit pie
with reservation values 0 the Nash solution maximises
``x ** a_1 * (1 - x) ** a_2``, so party 1 gets ``a_1 / (a_1 + a_2)``, that is
``ln delta_2 / (ln delta_1 + ln delta_2)``.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest

import negotiation

D1, D2 = 0.9, 0.8
STEPS = 1000
"""A pie in thousandths: shares are exact to 0.0005 when rounded to the grid."""

# By hand: ln 0.9 = -0.1053605, ln 0.8 = -0.2231436, so party 1's share is
# 0.2231436 / (0.1053605 + 0.2231436) = 0.2231436 / 0.3285041 = 0.6792718.
BRW_SHARE = 0.2231436 / (0.1053605 + 0.2231436)


def pie(protocol: Any, patience: tuple[float, float], power: Any = None, steps: int = STEPS) -> dict[str, Any]:
    """Two parties dividing a unit pie, each valuing its own share linearly, reservation values 0."""
    parties: dict[str, Any] = {p: {"weight": {"pie": 1.0}, "reservation": 0.0, "patience": d} for p, d in zip("ab", patience, strict=True)}
    if power is not None:
        for spec in parties.values():
            spec["power"] = power
    return {"name": "pie", "issues": {"pie": {"split": ["a", "b"], "steps": steps}}, "parties": parties, "protocols": [protocol]}


def first_share(protocol: Any, label: str, patience: tuple[float, float], power: Any = None, steps: int = STEPS) -> np.ndarray:
    res = negotiation.run(pie(protocol, patience, power, steps), draws=3, seed=1)
    assert res.draws[f"{label}.deal"].all()
    return res.draws[f"{label}.pie.a"].to_numpy()


def test_by_hand_share_is_the_brw_formula() -> None:
    """The hand-computed logarithms above agree with the formula to 1e-6."""
    assert abs(BRW_SHARE - math.log(D2) / (math.log(D1) + math.log(D2))) < 1e-6
    assert abs(BRW_SHARE - 0.679) < 5e-4


def test_from_patience_on_the_parties_gives_the_brw_share() -> None:
    """``power: from_patience`` on each party: Nash with exponents 1/(-ln delta) gives party 1
    ln delta_2 / (ln delta_1 + ln delta_2) = 0.679 (Binmore, Rubinstein & Wolinsky 1986), to the grid."""
    share = first_share("nash", "nash", (D1, D2), power="from_patience")
    np.testing.assert_allclose(share, round(BRW_SHARE * STEPS) / STEPS, atol=1e-9)  # 0.679


def test_from_patience_as_the_nash_option_gives_the_same_share() -> None:
    """The protocol option ``power: from_patience`` applies the same exponents to every party."""
    share = first_share({"nash": {"power": "from_patience"}}, "nash[power=from_patience]", (D1, D2))
    np.testing.assert_allclose(share, 0.679, atol=1e-9)


def test_the_option_overrides_numeric_powers() -> None:
    """With the option, a numeric ``power`` is ignored: powers 5 on both leave the share at 0.679."""
    share = first_share({"nash": {"power": "from_patience"}}, "nash[power=from_patience]", (D1, D2), power=5.0)
    np.testing.assert_allclose(share, 0.679, atol=1e-9)


def test_numeric_power_is_on_the_scale_of_patience() -> None:
    """A number mixes with from_patience on the same scale: power 1/(-ln 0.8) = 4.4814 for b
    and from_patience (delta 0.9) for a give the same 0.679 as from_patience on both."""
    scenario = pie("nash", (D1, D2))
    scenario["parties"]["a"]["power"] = "from_patience"
    scenario["parties"]["b"]["power"] = 1 / 0.2231436  # = 4.481434, by hand from ln 0.8
    res = negotiation.run(scenario, draws=2, seed=1)
    np.testing.assert_allclose(res.draws["nash.pie.a"].to_numpy(), 0.679, atol=1e-9)


def test_patience_zero_holds_a_party_to_its_reservation() -> None:
    """Patience 0 gives exponent 0: the party's gain leaves the Nash product, and the patient
    party takes the whole pie, as Rubinstein's first mover facing delta_2 = 0 does:
    (1 - 0) / (1 - 0.9 * 0) = 1 (Rubinstein 1982)."""
    np.testing.assert_allclose(first_share("nash", "nash", (D1, 0.0), power="from_patience", steps=10), 1.0, atol=1e-9)


def test_rubinstein_share_tends_to_the_brw_share_as_the_period_shrinks() -> None:
    """Rubinstein (1982), Theorem 1: with discount factors delta_i ** h the first mover gets
    (1 - delta_2 ** h) / (1 - delta_1 ** h delta_2 ** h). By hand, at h = 1: 0.2 / 0.28 = 0.714286;
    as h -> 0, 1 - delta ** h ~ -h ln delta, so the share tends to ln delta_2 / (ln delta_1 + ln delta_2)
    (Binmore, Rubinstein & Wolinsky 1986): each shorter period is closer to 0.679."""
    shares = [(1 - D2**h) / (1 - D1**h * D2**h) for h in (1.0, 0.1, 0.01, 0.001)]
    assert shares[0] == pytest.approx(0.2 / 0.28, abs=1e-12)
    gaps = [abs(s - BRW_SHARE) for s in shares]
    assert all(later < earlier for earlier, later in itertools.pairwise(gaps))
    assert gaps[-1] < 1e-4


def test_rubinstein_protocol_reproduces_the_period_one_share() -> None:
    """The rubinstein protocol at h = 1 on a pie in 28ths, whose grid holds 5/7 = 0.2 / 0.28 (Rubinstein 1982)."""
    np.testing.assert_allclose(first_share("rubinstein", "rubinstein", (D1, D2), steps=28), 5 / 7, atol=1e-9)


@pytest.mark.xfail(
    strict=True,
    reason=(
        "on the pie in thousandths the verified equilibrium value iteration reaches is off by the grid's "
        "accumulated rounding (0.695 at h = 0.5 against 0.697; at h = 0.1, after more than 60 sweeps of "
        "value iteration, 0.668 against 0.683) "
        "(docs/MODEL.md section 17, a limit of the grid)"
    ),
)
def test_rubinstein_protocol_approaches_the_brw_share_as_the_period_shrinks() -> None:
    """The rubinstein protocol with patience delta_i ** h on the pie in thousandths should give
    (1 - delta_2 ** h) / (1 - delta_1 ** h delta_2 ** h) to within two grid steps, closer to 0.679 as h falls
    (Rubinstein 1982; Binmore, Rubinstein & Wolinsky 1986)."""
    found = []
    for h in (0.5, 0.1):
        d1, d2 = D1**h, D2**h
        share = first_share("rubinstein", "rubinstein", (d1, d2))
        np.testing.assert_allclose(share, (1 - d2) / (1 - d1 * d2), atol=2 / STEPS)
        found.append(abs(share[0] - BRW_SHARE))
    assert found[1] < found[0]


def test_from_patience_with_a_clock() -> None:
    """With a clock, power weighs the Nash solution at each talk. A war lottery of 1/2, 1/2 over
    the whole pie with cost 0.25 each gives reservation values d = 0.5 - 0.25 = 0.25, so the
    asymmetric Nash split is x_a = d_a + a_1 / (a_1 + a_2) (1 - d_a - d_b) = 0.25 + 0.6792718 * 0.5
    = 0.5896, 0.590 on the grid, agreed at the first talk (Binmore, Rubinstein & Wolinsky 1986)."""
    scenario = {
        "name": "pie",
        "as_of": "2025-01-01",
        "clock": {"start": "2025-01-01", "period": "month", "horizon": "2025-04-30"},
        "issues": {"pie": {"split": ["a", "b"], "steps": STEPS}},
        "parties": {p: {"weight": {"pie": 1.0}, "patience": d, "power": "from_patience"} for p, d in zip("ab", (D1, D2), strict=True)},
        "no_deal": {
            "outcomes": {
                "a_wins": {"probability": 0.5, "package": {"pie": [1.0, 0.0]}},
                "b_wins": {"probability": 0.5, "package": {"pie": [0.0, 1.0]}},
            },
            "cost": {"a": 0.25, "b": 0.25},
        },
        "protocols": ["nash"],
    }
    res = negotiation.run(scenario, draws=3, seed=1)
    frame = res.draws
    assert frame["nash.deal"].all() and (frame["nash.period"] == 0).all()
    np.testing.assert_allclose(frame["nash.pie.a"].to_numpy(), round((0.25 + 0.5 * BRW_SHARE) * STEPS) / STEPS, atol=1e-9)
