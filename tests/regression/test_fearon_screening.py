"""Screening over private types: the ``fearon`` protocol with ``no_deal.types`` and ``rounds``, closed forms.

Fearon (1995), "Rationalist explanations for war", International Organization
49(3), 379-414 (private information); Fey & Ramsay (2011), "Uncertainty and
incentives in crisis bargaining", American Journal of Political Science 55(1),
149-169 (types over who would win); Sobel & Takahashi (1983), "A multistage
model of bargaining", Review of Economic Studies 50(3), 411-426; Fudenberg &
Tirole (1991), *Game Theory*, ch. 10 (the two-period skimming equilibrium).

Mapping used throughout: one split issue, a pie of 1; x is B's share and
1 - x A's. The war gives A all (``a_wins``) or B all (``b_wins``); a type's
``probability`` of ``b_wins`` is p, so B's reservation value is p - c_B and
A's is 1 - p - c_A.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import negotiation
from negotiation.solvers.fearon_screening import QUANTILE_TYPES
from negotiation.solvers.screening import screen
from tests.conftest import pie

LABEL = "fearon[informed=b,proposer=a]"


def typed_war(q: float, p_w: float, p_s: float, c_a: float, c_b: float, steps: int = 100, **extra: Any) -> dict[str, Any]:
    """Two types of B over who wins the war: weak (prior q, wins with p_w) and strong (wins with p_s)."""
    return pie(
        steps=steps,
        parties={"a": {"weight": {"pie": 1.0}}, "b": {"weight": {"pie": 1.0}}},
        no_deal={
            "outcomes": {
                "a_wins": {"probability": 0.5, "package": {"pie": [1.0, 0.0]}},
                "b_wins": {"probability": 0.5, "package": {"pie": [0.0, 1.0]}},
            },
            "cost": {"a": c_a, "b": c_b},
            "types": {
                "b": {
                    "weak": {"prior": q, "probability": {"a_wins": 1 - p_w, "b_wins": p_w}},
                    "strong": {"prior": 1 - q, "probability": {"a_wins": 1 - p_s, "b_wins": p_s}},
                }
            },
        },
        **extra,
    )


@pytest.mark.parametrize("q", [0.5, 0.3, 0.15, 0.1])
def test_one_round_screens_iff_the_weak_type_is_likely_enough(q: float) -> None:
    """Fearon (1995); Fey & Ramsay (2011): one offer to a weak or strong type.

    The weak type accepts x iff x >= p_w - c_B, the strong iff x >= p_s - c_B.
    Screening (offer p_w - c_B, only the weak type accepts) gives A

        q (1 - p_w + c_B) + (1 - q)(1 - p_s - c_A),

    pooling (offer p_s - c_B, both accept) gives 1 - p_s + c_B. Their
    difference is q (p_s - p_w) - (1 - q)(c_A + c_B), so A screens iff
    q (p_s - p_w) > (1 - q)(c_A + c_B), and then P(war) = 1 - q (the strong
    type refuses); otherwise P(war) = 0. With p_w = 0.3, p_s = 0.7,
    c_A = c_B = 0.05 the condition is q > 0.2: q = 0.5 and 0.3 screen,
    0.15 and 0.1 pool. Both offers (0.25 and 0.65) are on the grid of steps 0.01.
    """
    p_w, p_s, c_a, c_b = 0.3, 0.7, 0.05, 0.05
    screening = q * (1 - p_w + c_b) + (1 - q) * (1 - p_s - c_a)
    pooling = 1 - p_s + c_b
    assert screening - pooling == pytest.approx(q * (p_s - p_w) - (1 - q) * (c_a + c_b))
    screens = q * (p_s - p_w) > (1 - q) * (c_a + c_b)
    x = p_w - c_b if screens else p_s - c_b
    res = negotiation.run(typed_war(q, p_w, p_s, c_a, c_b), draws=400, seed=5, protocols=[{"fearon": {"proposer": "a", "informed": "b"}}])
    frame = res.draws
    np.testing.assert_allclose(frame[f"{LABEL}.p_war"], 1 - q if screens else 0.0, atol=1e-12)
    assert (frame[f"{LABEL}.offer"] == round((1 - x) * 100)).all()  # split packages in order of a's share
    weak = frame[f"{LABEL}.type"].to_numpy() == 0
    deal = frame[f"{LABEL}.deal"].to_numpy()
    assert (deal == weak).all() if screens else deal.all()
    np.testing.assert_allclose(frame.loc[deal, f"{LABEL}.pie.b"], x, atol=1e-12)
    assert abs(weak.mean() - q) <= 4 * np.sqrt(q * (1 - q) / 400)  # the true type follows the prior
    block = res.summary["protocols"][LABEL]["screening"]
    assert block["weak"] == {"share": weak.mean(), "refused": 0.0}
    assert block["strong"] == {"share": 1 - weak.mean(), "refused": 1.0 if screens else 0.0}  # P(war | type)


def sobel_takahashi(delta: float) -> tuple[float, float, float, float]:
    """The two-period skimming equilibrium with B's value v = 1 - d_B ~ U[0, 1] and A's cost 0.

    Round 2 (the last): the remaining v in [0, k] face the monopoly price
    p_2 = k/2. Round 1: the marginal v = k is indifferent, k - p_1 =
    delta (k - p_2), so p_1 = k (1 - delta/2). A's payoff
    (1 - k) k (1 - delta/2) + delta (k/2)^2 is maximal at
    k = (2 - delta)/(4 - 3 delta). Returns (k, p_1, p_2, A's payoff).
    """
    k = (2 - delta) / (4 - 3 * delta)
    return k, k * (1 - delta / 2), k / 2, (1 - k) * k * (1 - delta / 2) + delta * (k / 2) ** 2


@pytest.mark.slow
def test_two_rounds_skim_the_uniform_reservation() -> None:
    """Sobel & Takahashi (1983); Fudenberg & Tirole (1991) ch. 10, at delta = 0.9.

    In terms of v = 1 - d_B (A's price p = 1 - x), the first-round cutoff is
    k = (2 - delta)/(4 - 3 delta) = 1.1/1.3 = 11/13: v >= 11/13 agrees in
    round 1 (share 2/13), v in [11/26, 11/13) in round 2 (share 11/26), and
    v < 11/26 never (share 11/26).

    Tolerance: A's belief is the law cut into M = 200 types at the quantile
    midpoints, so its cutoffs are resolved to 1/M of probability; the grid
    step s = 1/2000 of B's share moves the round-1 threshold of the draw's
    actual B, d = (x_1 - delta x_2)/(1 - delta), by up to (1 + delta) s/(1 - delta);
    the first n = 2^9 points of a scrambled Sobol' sequence put one draw in
    each 1/n of the uniform, an error of at most 1/n in each share.
    """
    delta, n, steps = 0.9, 512, 2000
    k, p1, p2, _ = sobel_takahashi(delta)
    assert k == pytest.approx(11 / 13)
    shares = (1 - k, k - k / 2, k / 2)
    assert shares == pytest.approx((2 / 13, 11 / 26, 11 / 26))
    scenario = pie(
        steps=steps,
        parties={
            "a": {"weight": {"pie": 1.0}, "reservation": 0.0, "patience": delta},
            "b": {"weight": {"pie": 1.0}, "reservation": {"uniform": [0.0, 1.0]}, "patience": delta},
        },
        monte_carlo={"draws": n, "seed": 2, "sampler": "sobol"},
    )
    res = negotiation.run(scenario, protocols=[{"fearon": {"proposer": "a", "informed": "b", "rounds": 2}}])
    label = "fearon[informed=b,proposer=a,rounds=2]"
    frame = res.draws
    tol = 1 / QUANTILE_TYPES + (1 + delta) / steps / (1 - delta) + 1 / n
    deal = frame[f"{label}.deal"].to_numpy()
    rounds = frame[f"{label}.round"].to_numpy()
    observed = ((deal & (rounds == 1)).mean(), (deal & (rounds == 2)).mean(), (~deal).mean())
    np.testing.assert_allclose(observed, shares, atol=tol)
    offers = frame.loc[deal & (rounds == 1), f"{label}.pie.b"].to_numpy()
    np.testing.assert_allclose(offers, 1 - p1, atol=tol)  # B's share in round 1 is 1 - p_1
    np.testing.assert_allclose(frame.loc[deal & (rounds == 2), f"{label}.pie.b"], 1 - p2, atol=tol)


def test_a_second_round_can_lower_the_proposer_s_payoff() -> None:
    """Sobel & Takahashi (1983): without commitment a second offer costs the proposer (the Coase conjecture's direction).

    One round: A sets p to maximise p (1 - p), so p = 1/2 and A gets 1/4.
    Two rounds at delta = 0.9 (see :func:`sobel_takahashi`): A gets
    (2/13)(11/13)(0.55) + 0.9 (11/26)^2 = 0.2327 < 1/4: more rounds do not
    always help the proposer. The screening solver on M = 200 quantile types
    and a grid of 2000 steps gives both within 1/M.
    """
    delta, m, steps = 0.9, QUANTILE_TYPES, 2000
    one, two = 0.25, sobel_takahashi(delta)[3]
    assert two == pytest.approx((2 / 13) * (11 / 13) * 0.55 + 0.9 * (11 / 26) ** 2)
    x = np.arange(steps + 1) / steps
    d_b = ((np.arange(m) + 0.5) / m)[None, :]
    args = (1 - x[None, :], x[None, :], np.ones((1, steps + 1), dtype=bool), np.zeros((1, m)), d_b, np.full((1, m), 1 / m))
    values = [screen(*args, np.array([delta]), np.array([delta]), r).value[0] for r in (1, 2)]
    np.testing.assert_allclose(values, [one, two], atol=1 / m)
    assert values[1] < values[0]


def test_with_a_clock_a_refused_type_agrees_at_the_next_talk() -> None:
    """The proposer's belief is updated by a refusal (Fearon 1995; Fudenberg & Tirole 1991 ch. 10).

    At the first talk (q = 0.5 > 0.2, as in the one-round case) A screens: the
    weak type takes 0.25 in period 0, the strong refuses. The refusal drops the
    weak type from A's belief, so at the next talk A knows B is strong and
    offers 0.65, which it takes in period 1. Without the update A would screen
    again and the strong type would never agree.
    """
    p_w, p_s, c_b = 0.3, 0.7, 0.05
    clock = {"start": "2025-01-01", "period": "month", "horizon": "2025-06-30"}
    res = negotiation.run(
        typed_war(0.5, p_w, p_s, 0.05, c_b, as_of="2025-01-01", clock=clock),
        draws=60,
        seed=4,
        protocols=[{"fearon": {"proposer": "a", "informed": "b"}}],
    )
    frame = res.draws
    weak = frame[f"{LABEL}.type"].to_numpy() == 0
    assert 0 < weak.sum() < len(weak)
    assert (frame.loc[weak, f"{LABEL}.period"] == 0).all()
    assert (frame.loc[~weak, f"{LABEL}.period"] == 1).all()
    np.testing.assert_allclose(frame.loc[weak, f"{LABEL}.pie.b"], p_w - c_b, atol=1e-12)
    np.testing.assert_allclose(frame.loc[~weak, f"{LABEL}.pie.b"], p_s - c_b, atol=1e-12)
    np.testing.assert_allclose(frame.loc[~weak, f"{LABEL}.p_war"], 0.0, atol=1e-12)  # A's belief at period 1: strong for sure


def test_one_round_without_types_is_the_one_offer_model() -> None:
    """Fearon (1995), §8 of MODEL.md: ``rounds: 1`` without types is the one-offer model, draw for draw.

    The private-cost case p = 0.5, c_A = 0.1, c_B ~ U[0, 0.3] has x* = p + (c̄ - c_A)/2 = 0.6 for A
    and P(war) = (c̄ - c_A)/(2 c̄) = 1/3; writing ``rounds: 1`` changes nothing.
    """
    scenario = pie(
        steps=20,
        parties={"a": {"weight": {"pie": 1.0}}, "b": {"weight": {"pie": 1.0}}},
        no_deal={
            "outcomes": {
                "a_wins": {"probability": 0.5, "package": {"pie": [1.0, 0.0]}},
                "b_wins": {"probability": 0.5, "package": {"pie": [0.0, 1.0]}},
            },
            "cost": {"a": 0.1, "b": {"uniform": [0.0, 0.3]}},
        },
    )
    plain = negotiation.run(scenario, draws=300, seed=8, protocols=[{"fearon": {"proposer": "a", "informed": "b"}}]).draws
    once = negotiation.run(scenario, draws=300, seed=8, protocols=[{"fearon": {"proposer": "a", "informed": "b", "rounds": 1}}]).draws
    for column in ("offer", "p_war", "deal", "package"):
        np.testing.assert_array_equal(plain[f"{LABEL}.{column}"], once[f"fearon[informed=b,proposer=a,rounds=1].{column}"])
    np.testing.assert_allclose(plain[f"{LABEL}.p_war"], (0.3 - 0.1) / (2 * 0.3), atol=1e-9)
    assert (plain[f"{LABEL}.offer"] == round(0.6 * 20)).all()


@pytest.mark.parametrize("chunk", [7, 64])
def test_the_true_type_does_not_depend_on_the_chunk_size(chunk: int) -> None:
    """The true type comes from the draw's own uniform column, so chunking changes nothing (MODEL.md §10, §17)."""
    scenario = typed_war(0.5, 0.3, 0.7, 0.05, 0.05)
    protocols: list[Any] = [{"fearon": {"proposer": "a", "informed": "b", "rounds": 2}}, "nash"]
    base = negotiation.run(scenario, draws=150, seed=9, protocols=protocols)
    other = negotiation.run(scenario, draws=150, seed=9, protocols=protocols, chunk=chunk)
    assert base.summary == other.summary
    assert base.table.equals(other.table)
