"""Baron–Ferejohn and Rubinstein report only verified stationary equilibria.

The minimal case of the issue: two parties, a unit pie in thirds, patience 0.9,
recognition 1/2 each, reservation values 0, unanimity (Baron & Ferejohn 1989;
Banks & Duggan 2000 for existence in mixed strategies; Eraslan 2002 for
uniqueness of payoffs on the continuous pie only). Worked by hand:

- No *symmetric* pure stationary equilibrium. If each responder accepts a third
  for sure, each proposer keeps 2/3 and V = 1/2 * 2/3 + 1/2 * 1/3 = 1/2, but
  then delta V = 0.45 > 1/3 and the responder refuses a third. If responders
  refuse everything, V = 0, and then they would accept 0.
- Two *asymmetric* pure stationary equilibria do exist: both proposers offer
  (2/3 to a, 1/3 to b): V_a = 2/3, V_b = 1/3; b accepts 1/3 >= 0.9 * 1/3 = 0.3,
  a accepts 2/3 >= 0.9 * 2/3 = 0.6, b cannot pass a better package for itself
  (a refuses 1/3 < 0.6), a cannot pass (1, 0) (b refuses 0 < 0.3). By symmetry
  (1/3, 2/3) is another. So stationary equilibria on the grid are not unique.
- The symmetric stationary equilibrium is mixed: each proposer offers a third
  and the responder, indifferent, accepts with probability a. Indifference:
  delta V = 1/3, so V = 1/(3 delta) = 0.370...; V = 1/2 (a 2/3 + (1 - a) delta V)
  + 1/2 delta V gives a = V (1 - delta) / (1/2 (2/3 - delta V)) = 2/9. A deal
  comes with probability 2/9 per round, in round 9/2 = 4.5 on average.

The solver's policy iteration starts from zero values and stays symmetric, so
it finds the mixed equilibrium; that is what the run reports.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest

import negotiation
from negotiation.engine import unresolved
from negotiation.experiment.metric import Metric
from negotiation.experiment.metrics import Tally
from negotiation.results.outcome import ChunkOutcome, ProtocolDraws
from negotiation.solvers import baron_ferejohn as bf
from negotiation.solvers import stationary_equilibrium
from negotiation.solvers.bargaining import NO_DEAL, Outcome
from negotiation.solvers.stationary_check import verify_stationary
from negotiation.space import OutcomeSpace

DELTA = 0.9
THIRDS = np.array([[0.0, 1 / 3, 2 / 3, 1.0], [1.0, 2 / 3, 1 / 3, 0.0]])
"""Gains of a and b over the four packages of a pie in thirds (a's share 0, 1/3, 2/3, 1)."""


def pie(parties: list[str], steps: int, patience: Any, protocols: list[Any], **extra: Any) -> dict[str, Any]:
    """Parties dividing a unit pie, each valuing its own share linearly, reservation values 0, equal recognition."""
    return {
        "name": "pie",
        "issues": {"pie": {"split": parties, "steps": steps}},
        "parties": {p: {"weight": {"pie": 1.0}, "reservation": 0.0, "patience": patience} for p in parties},
        "protocols": protocols,
        **extra,
    }


def wilson(successes: int, trials: int, z: float = 1.959963984540054) -> list[float]:
    """Wilson (1927) score interval, written out: centre and half-width over 1 + z^2/n."""
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return [0.0 if successes == 0 else centre - half, 1.0 if successes == trials else centre + half]


def test_thirds_pure_candidates_by_hand() -> None:
    """The symmetric pure candidates fail the fixed point and the asymmetric one passes it
    (the arithmetic of the module docstring; Baron & Ferejohn 1989, stationary equilibrium)."""
    gain = THIRDS[None]
    patience = np.full((1, 2), DELTA)
    recognition = np.full((1, 2), 0.5)

    def check(value: list[float], offers: list[list[int]]) -> bool:
        optimal = np.zeros((1, 2, 4), dtype=bool)
        for i, ks in enumerate(offers):
            optimal[0, i, ks] = True
        return bool(verify_stationary(gain, patience, recognition, 2, None, np.array([[value]]), optimal, False)[0])

    # Each proposer keeps 2/3: V = 1/2 each, but delta V = 0.45 > 1/3.
    assert DELTA * (0.5 * 2 / 3 + 0.5 * 1 / 3) > 1 / 3
    assert not check([0.5, 0.5], [[2], [1]])
    # Responders refuse everything: V = 0, but then (1, 0) passes.
    assert not check([0.0, 0.0], [[], []])
    # Both proposers give a 2/3: V_a = 2/3, V_b = 1/3.
    assert check([2 / 3, 1 / 3], [[2], [2]])
    assert check([1 / 3, 2 / 3], [[1], [1]])


def test_thirds_mixed_equilibrium_values() -> None:
    """The symmetric mixed equilibrium (module docstring): continuation value 1/(3 delta),
    acceptance probability 2/9, each proposer keeps 2/3 (Banks & Duggan 2000)."""
    eq = stationary_equilibrium(THIRDS[None], np.full((1, 2), DELTA), np.full((1, 2), 0.5), 2, None)
    value = 1 / (3 * DELTA)
    accept = value * (1 - DELTA) / (0.5 * (2 / 3 - DELTA * value))
    assert accept == pytest.approx(2 / 9, abs=1e-12)
    assert eq.resolved[0]
    np.testing.assert_allclose(eq.value[0, 0], [value, value], atol=1e-9)
    np.testing.assert_allclose(eq.accept[0], [2 / 9, 2 / 9], atol=1e-9)
    assert eq.optimal[0, 0].tolist() == [False, False, True, False]  # a offers a 2/3 for itself
    assert eq.optimal[0, 1].tolist() == [False, True, False, False]  # b offers a 1/3 for a


def test_thirds_run_delays_the_deal() -> None:
    """The run draws outcome and round from the mixed equilibrium: a deal with probability
    2/9 per round, so P(round 1) = 2/9 and the mean round is 9/2, each proposer keeping 2/3."""
    draws = 4000
    res = negotiation.run(pie(["a", "b"], 3, DELTA, ["baron_ferejohn"]), draws=draws, seed=5)
    block = res.summary["protocols"]["baron_ferejohn"]
    assert block["unresolved"] == 0 and block["deals"] == draws
    p = 2 / 9
    rounds = res.draws["baron_ferejohn.round"].to_numpy()
    sd = math.sqrt(1 - p) / p  # geometric with success probability p
    assert abs(rounds.mean() - 1 / p) < 4 * sd / math.sqrt(draws)
    assert abs((rounds == 1).mean() - p) < 4 * math.sqrt(p * (1 - p) / draws)
    assert block["mean_round"] == pytest.approx(rounds.mean())
    split = res.draws[["baron_ferejohn.pie.a", "baron_ferejohn.pie.b"]].to_numpy()
    proposer = res.draws["baron_ferejohn.proposer"].astype(str).map(["a", "b"].index).to_numpy()
    np.testing.assert_allclose(split[np.arange(draws), proposer], 2 / 3, atol=1e-9)


def test_rubinstein_thirds_mixed_probabilities() -> None:
    """Alternating offers on the thirds (Rubinstein 1982 on a grid): the responder to each offer is
    indifferent, so W = (1/3)/delta at one's own turn and a = W (1 - delta^2) / (2/3 - delta^2 W);
    the first mover decides with probability a / (1 - (1 - a)^2)."""
    eq = stationary_equilibrium(THIRDS[None], np.full((1, 2), DELTA), np.full((1, 2), 0.5), 2, None, alternating=True)
    w = (1 / 3) / DELTA
    a = w * (1 - DELTA**2) / (2 / 3 - DELTA**2 * w)
    assert eq.resolved[0]
    np.testing.assert_allclose(eq.accept[0], [a, a], atol=1e-9)
    np.testing.assert_allclose(eq.value[0], [[w, DELTA * w], [DELTA * w, w]], atol=1e-9)
    draws = 4000
    res = negotiation.run(pie(["a", "b"], 3, DELTA, ["rubinstein"]), draws=draws, seed=6)
    first = a / (1 - (1 - a) ** 2)
    share = (res.draws["rubinstein.proposer"].astype(str) == "a").mean()
    assert abs(share - first) < 4 * math.sqrt(first * (1 - first) / draws)


def test_three_parties_in_halves_are_unresolved_and_counted() -> None:
    """Three parties, a pie in halves, unanimity: every package leaves someone with 0, so a pure
    stationary equilibrium needs V = 0 for someone, who then accepts 0 and lets the proposer take
    all (V = 1/3 > 0): none exists and the search for a mixed one covers two parties only. Every
    draw is unresolved: no deal, counted, and out of the deal rate (whose interval is then [0, 1])."""
    draws = 50
    res = negotiation.run(pie(["a", "b", "c"], 2, DELTA, ["baron_ferejohn"]), draws=draws, seed=1)
    block = res.summary["protocols"]["baron_ferejohn"]
    assert block["unresolved"] == draws and block["deals"] == 0
    assert block["deal_rate_ci95"] == [0.0, 1.0]
    frame = res.draws
    assert (frame["baron_ferejohn.unresolved"] == 1).all() and (frame["baron_ferejohn.package"] == NO_DEAL).all()
    assert not frame[[f"baron_ferejohn.pivotal.{p}" for p in "abc"]].to_numpy().any()


def test_the_deal_rate_leaves_unresolved_draws_out() -> None:
    """Three parties, a pie in quarters, patience uniform on [0.3, 0.99]: some draws resolve and some
    do not; the deal rate is deals / resolved draws and its interval Wilson's on that denominator."""
    draws = 300
    res = negotiation.run(pie(["a", "b", "c"], 4, {"uniform": [0.3, 0.99]}, ["baron_ferejohn"]), draws=draws, seed=1)
    block = res.summary["protocols"]["baron_ferejohn"]
    flagged = res.draws["baron_ferejohn.unresolved"].to_numpy() == 1
    assert 0 < block["unresolved"] == flagged.sum() < draws
    deals = int(res.draws["baron_ferejohn.deal"].sum())
    assert block["deals"] == deals and not res.draws["baron_ferejohn.deal"][flagged].any()
    resolved = draws - int(flagged.sum())
    assert block["deal_rate"] == deals / resolved
    np.testing.assert_allclose(block["deal_rate_ci95"], wilson(deals, resolved), atol=1e-12)


def test_protocols_that_cannot_be_unresolved_have_no_count() -> None:
    """Only Baron–Ferejohn and Rubinstein report ``unresolved`` and its column."""
    res = negotiation.run(pie(["a", "b"], 3, DELTA, ["nash", "baron_ferejohn"]), draws=5, seed=1)
    assert "unresolved" not in res.summary["protocols"]["nash"] and "nash.unresolved" not in res.draws
    assert "baron_ferejohn.unresolved" in res.draws


def test_a_clock_withdraws_an_unresolved_draw() -> None:
    """With a clock, a draw unresolved at one talk is reported as no deal, with no period, round
    or proposer, even if a later talk agreed (rows by hand)."""
    extras: dict[str, Any] = {}
    unresolved.start_flags(extras, 4)
    unresolved.flag_talk(extras, np.array([1, 3]), Outcome(np.array([NO_DEAL, 2]), extras={"unresolved": np.array([1, 0])}))
    period = np.array([0, 5, -1, 2])
    choice = np.array([3, 7, NO_DEAL, 2])
    rounds = np.array([1, 2, 0, 1])
    proposers = np.array([0, 1, -1, 1])
    unresolved.withdraw(extras, slice(0, 4), period, choice, rounds, proposers)
    assert extras["unresolved"].tolist() == [0, 1, 0, 0]
    assert period.tolist() == [0, -1, -1, 2] and choice.tolist() == [3, NO_DEAL, NO_DEAL, 2]
    assert rounds.tolist() == [1, 0, 0, 1] and proposers.tolist() == [0, -1, -1, 1]
    assert unresolved.resolved(extras, slice(0, 4)).tolist() == [True, False, True, True]


def test_a_clock_run_counts_unresolved_draws() -> None:
    """Three parties, quarters, a war lottery and a clock: flagged draws have no deal and no period,
    and the deal rate is deals over the resolved draws."""
    clock = {"start": "2025-08-15", "period": "month", "horizon": "2026-01-31"}
    scenario = pie(
        ["a", "b", "c"],
        4,
        {"uniform": [0.3, 0.99]},
        ["baron_ferejohn"],
        as_of="2025-08-15",
        clock=clock,
        no_deal={
            "outcomes": {f"{p}_wins": {"probability": 1 / 3, "package": {"pie": [float(q == p) for q in "abc"]}} for p in "abc"},
            "cost": {p: {"uniform": [0.0, 0.3]} for p in "abc"},
        },
    )
    for p in "abc":
        del scenario["parties"][p]["reservation"]
    draws = 120
    res = negotiation.run(scenario, draws=draws, seed=1)
    block = res.summary["protocols"]["baron_ferejohn"]
    frame = res.draws
    flagged = frame["baron_ferejohn.unresolved"].to_numpy() == 1
    assert block["unresolved"] == flagged.sum() > 0
    assert frame.loc[flagged, "baron_ferejohn.period"].isna().all() and not frame["baron_ferejohn.deal"][flagged].any()
    assert block["deal_rate"] == block["deals"] / (draws - flagged.sum())


def test_an_experiment_deal_rate_leaves_unresolved_draws_out() -> None:
    """An experiment's ``deal_rate`` uses the summary's denominator: 3 deals among the 4 resolved of 6 draws."""
    n = 6
    draws = ProtocolDraws(
        choice=np.array([0, 1, NO_DEAL, NO_DEAL, 1, NO_DEAL], dtype=np.int64),
        utility=np.zeros((n, 2)),
        pivotal=np.zeros((n, 2), dtype=bool),
        extras={"unresolved": np.array([0, 0, 1, 0, 0, 1], dtype=np.int64)},
    )
    chunk = ChunkOutcome(0, n, {}, np.zeros((n, 0), dtype=bool), np.zeros((n, 2)), {"baron_ferejohn": draws})
    chunk.accept = np.zeros((n, 2, 0), dtype=bool)
    tally = Tally(parties=2)
    space = OutcomeSpace.from_sizes((2,))
    tally.add(chunk, space)
    est = tally.estimate(Metric("deal_rate"), "baron_ferejohn", ("a", "b"), space, [], [])
    assert est.value == 3 / 4
    assert [est.low, est.high] == pytest.approx(wilson(3, 4))


def test_the_tidy_table_counts_unresolved_draws() -> None:
    """``Results.protocols`` has an ``unresolved`` row for Baron–Ferejohn (all 50 draws of the halves case), none for Nash."""
    res = negotiation.run(pie(["a", "b", "c"], 2, DELTA, ["baron_ferejohn", "nash"]), draws=50, seed=1)
    frame = res.protocols
    rows = frame[frame["metric"] == "unresolved"]
    assert rows["protocol"].tolist() == ["baron_ferejohn"] and rows["value"].tolist() == [50.0]


def test_value_iteration_resolves_alternating_offers_on_a_fine_grid() -> None:
    """Rubinstein (1982) on a unit pie in thousandths, delta = (0.9, 0.8): policy iteration cycles
    there, but a pure stationary equilibrium exists (the map x -> 1 - c(delta_2 (1 - c(delta_1 x))),
    c rounding up to the grid, is increasing on a finite grid, so it has a fixed point), and value
    iteration from zero reaches it. The first mover's share is the continuous (1 - delta_2) /
    (1 - delta_1 delta_2) = 0.2 / 0.28 = 5/7 up to the rounding, at most one grid step per round,
    accumulated over 1 / (1 - delta_1 delta_2) rounds: |x - 5/7| <= 0.001 / 0.28."""
    steps = 1000
    share = np.arange(steps + 1) / steps
    gain = np.stack([share, 1.0 - share])[None]  # (1 draw, 2 parties, 1001 packages)
    patience = np.array([[0.9, 0.8]])
    eq = stationary_equilibrium(gain, patience, np.full((1, 2), 0.5), 2, None, alternating=True)
    assert eq.resolved[0]
    first = share[eq.optimal[0, 0]]
    assert first.size == 1 and abs(first[0] - 5 / 7) <= 0.001 / 0.28


def test_non_convergence_is_found_or_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three parties split a pie in sevenths by majority (recognition 0.5, 0.3, 0.2, patience 0.9): no pure
    stationary equilibrium is found. Policy iteration and value iteration both end in a cycle, found exactly,
    well within their bounds: unresolved, not for want of steps. With a bound of two sweeps the same draw has
    not converged, and says so (``capped``, counted as ``not_converged`` in the summary)."""
    shares = np.array([c for c in itertools.product(range(8), repeat=3) if sum(c) == 7], dtype=float).T[None] / 7
    args = (shares, np.full((1, 3), 0.9), np.array([[0.5, 0.3, 0.2]]), 2, None)
    eq = bf.stationary_equilibrium(*args)
    assert not eq.resolved[0] and eq.cycled[0] and not eq.capped[0]
    assert eq.steps[0] < 40 and 0 < eq.sweeps[0] < 60
    monkeypatch.setattr(bf, "BELLMAN_STEPS", 2)
    eq = bf.stationary_equilibrium(*args)
    assert not eq.resolved[0] and eq.capped[0]
    assert bf.convergence_report(None, None, {bf.NOT_CONVERGED: np.array([1, 2])}, 5) == {"not_converged": 3}  # type: ignore[arg-type]
