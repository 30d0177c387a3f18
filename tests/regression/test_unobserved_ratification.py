"""Ratification the negotiators cannot see: involuntary defection (Putnam 1988; Iida 1993).

Putnam (1988), "Diplomacy and domestic politics: the logic of two-level
games", International Organization 42(3), 427-460, p. 438: a deal signed
abroad can be rejected at home ("involuntary defection") when the negotiators
are uncertain of their constituents' win-set. Iida (1993), "When and how do
domestic constraints matter? Two-level games with uncertainty", Journal of
Conflict Resolution 37(3), 403-426: with the ratification threshold uncertain,
negotiators bargain over expected payoffs, the probability of ratification
times the gain, and agreements fail with positive probability.

The case derived by hand: a unit pie split between a and b (b's share x in
quarters), reservations 0, linear utilities. One step passes iff
``0 + x >= tau - tol`` with tau ~ U[0, 1] (support 0, threshold uniform,
shift = b's share), unobserved. Then P(x) = P(tau <= x + tol) = x (+ tol);
expected gains are x (1 - x) for a and x * x for b; Nash maximises
x^3 (1 - x), whose derivative x^2 (3 - 4x) vanishes at x = 3/4. On the
quarter grid: 0, (1/4)^3 (3/4) = 3/256, (1/2)^4 = 16/256, (3/4)^3 (1/4) =
27/256, 0, so x = 3/4, and the package fails at home with probability 1/4.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.engine.chunk import Plan, chunk_inputs
from negotiation.engine.scenario import load_scenario
from negotiation.scenario.distributions import Distribution
from negotiation.solvers.unobserved import MarginLaw
from negotiation.utility import TOL
from tests.conftest import DATA, TOY

QUARTERS = [round(j / 4, 10) for j in range(5)]
"""b's share on each option of the pie."""


def iida(observed: Any = False, reservation: float = 0.0, clock: bool = False) -> dict[str, Any]:
    """The hand-derived case; ``observed`` as written (omitted when None)."""
    options = [[round(1 - x, 10), x] for x in QUARTERS]
    step: dict[str, Any] = {
        "party": "b",
        "applies_if": {"pie": options},
        "support": 0.0,
        "threshold": {"uniform": [0.0, 1.0]},
        "shift": {"pie": {f"[{1 - x:g}, {x:g}]": x for x in QUARTERS}},
    }
    if observed is not None:
        step["observed"] = observed
    scenario: dict[str, Any] = {
        "name": "iida-1993",
        "issues": {"pie": {"split": ["a", "b"], "steps": 4}},
        "parties": {
            "a": {"weight": {"pie": 1.0}, "reservation": reservation},
            "b": {"weight": {"pie": 1.0}, "reservation": reservation},
        },
        "ratification": {"b_home": step},
    }
    if clock:
        scenario["as_of"] = "2025-01-01"
        scenario["clock"] = {"period": "month", "horizon": "2025-06-30"}
        scenario["no_deal"] = {
            "outcomes": {"stalemate": {"probability": 1.0, "package": {"pie": [0.5, 0.5]}}},
            "cost": {"a": 0.0, "b": 0.0},
        }
    return scenario


def test_nash_on_expected_gains_gives_b_three_quarters_and_fails_a_quarter_of_the_time() -> None:
    """Iida (1993): Nash on P(x) g_p(x) picks x = 3/4 (argmax of x^3 (1 - x)); it fails at home when tau > 3/4."""
    n = 4000
    res = negotiation.run(iida(), draws=n, seed=7)
    d = res.draws
    deal = d["nash.deal"].to_numpy()
    failed = d["nash.failed_at_home"].to_numpy()
    np.testing.assert_array_equal(deal, ~failed)  # every draw agrees abroad; only the vote at home ends a deal
    np.testing.assert_allclose(d.loc[deal, "nash.pie.b"], 0.75)
    tau = d["ratification.b_home.threshold"].to_numpy()
    np.testing.assert_array_equal(failed, tau > 0.75 + TOL)  # the draw's own threshold decides
    share = failed.mean()
    assert abs(share - 0.25) <= 4 * math.sqrt(0.25 * 0.75 / n)  # binomial, four standard errors
    step = res.summary["ratification"]["b_home"]
    assert step["observed"] is False
    assert step["protocols"]["nash"]["failed"] == share
    assert res.summary["protocols"]["nash"]["deal_rate"] == 1.0 - share
    # tied hands (ratification ignored) is the plain Nash split
    assert res.summary["protocols"]["nash"]["unconstrained"]["deal_rate"] == 1.0


def test_the_chosen_package_passes_with_chance_three_quarters() -> None:
    """P(k) = P(tau <= 3/4 + tol) = 3/4 for the package giving b three quarters (Iida 1993)."""
    scenario = load_scenario(iida())
    plan = Plan.build(scenario)
    assert plan.hidden is not None
    given = chunk_inputs(plan, 0, 3)
    chance = plan.hidden.chance(given.levels[2])  # (draws, packages)
    shares = scenario.issues[0].shares[plan.space.codes[:, 0], 1]
    np.testing.assert_allclose(chance, np.broadcast_to(shares + TOL, chance.shape).clip(0, 1), rtol=0, atol=1e-15)
    three_quarters = int(np.flatnonzero(shares == 0.75)[0])
    assert abs(chance[0, three_quarters] - 0.75) <= TOL


@pytest.mark.parametrize("written", [True, None])
def test_an_observed_step_keeps_todays_choice(written: Any) -> None:
    """observed: true (or no key): the negotiators see tau, so every package they pick passes (Putnam 1988)."""
    res = negotiation.run(iida(written), draws=200, seed=7)
    d = res.draws
    assert "nash.failed_at_home" not in d.columns
    tau = d["ratification.b_home.threshold"].to_numpy()
    deal = d["nash.deal"].to_numpy()
    share = d["nash.pie.b"].to_numpy()
    # the Nash split 1/2 when it passes, else the smallest share that passes (tau <= 1 always leaves x = 1)
    expected = np.where(tau <= 0.5 + TOL, 0.5, np.where(tau <= 0.75 + TOL, 0.75, 1.0))
    assert deal.all()
    np.testing.assert_allclose(share, expected)
    assert "failed" not in res.summary["ratification"]["b_home"]["protocols"]["nash"]


def test_a_failed_vote_sends_the_draw_to_a_later_talk() -> None:
    """With a clock (Putnam 1988, involuntary defection): a package rejected at home returns the parties to the war;
    the vote is public, so at the next talk the step is known and only x = 1 (which passes for every tau <= 1)
    is on the table. Reservations -0.1 so that x = 1 still leaves a a gain."""
    res = negotiation.run(iida(reservation=-0.1, clock=True), draws=400, seed=3)
    d = res.draws
    failed = d["nash.failed_at_home"].to_numpy()
    period = d["nash.period"].to_numpy()
    share = d["nash.pie.b"].to_numpy()
    assert failed.any() and (~failed).any()
    # first talk: Nash on expected gains x (1.1 - x) and x (x + 0.1): maximise x^2 (1.1 - x)(x + 0.1) on the quarters:
    # 0.25^2 * 0.85 * 0.35 = 0.0186, 0.25 * 0.6 * 0.6 = 0.09, 0.5625 * 0.35 * 0.85 = 0.1673, 1 * 0.1 * 1.1 = 0.11 -> 3/4
    np.testing.assert_allclose(share[~failed], 0.75)
    assert (period[~failed] == 0).all()
    np.testing.assert_allclose(share[failed], 1.0)
    assert (period[failed] == 1).all()
    tau = d["ratification.b_home.threshold"].to_numpy()
    np.testing.assert_array_equal(failed, tau > 0.75 + TOL)
    assert res.summary["protocols"]["nash"]["deal_rate"] == 1.0


def test_the_margin_of_two_uniforms_is_within_its_bound() -> None:
    """S, T ~ U[0, 1] independent: P(S - T >= x) = (1 - x)^2 / 2 on [0, 1] and 1 - (1 + x)^2 / 2 on [-1, 0]."""
    law = MarginLaw.of(Distribution("uniform", (0.0, 1.0)), Distribution("uniform", (0.0, 1.0)))
    assert 0 < law.error < 1e-4
    x = np.linspace(-1.2, 1.2, 2401)
    exact = np.where(x >= 0, (1 - np.clip(x, 0, 1)) ** 2 / 2, 1 - (1 + np.clip(x, -1, 0)) ** 2 / 2)
    assert np.abs(law.at(x) - exact).max() <= law.error


def _phi(y: float) -> float:
    """The integral of clip(z, 0, 1) from -inf to y."""
    return 0.0 if y <= 0 else y * y / 2 if y <= 1 else y - 0.5


@settings(max_examples=100, deadline=None)
@given(
    st.floats(0.0, 0.9),
    st.floats(0.05, 1.0),
    st.floats(0.0, 0.9),
    st.floats(0.05, 1.0),
    st.floats(-1.2, 1.2),
)
def test_the_margin_of_any_two_uniforms_is_within_its_bound(a1: float, w1: float, a2: float, w2: float, x: float) -> None:
    """S ~ U[a1, b1], T ~ U[a2, b2]: P(S - T >= x) = E_T[P(S >= x + T)]
    = (w1 / w2) [phi((b1 - x - a2) / w1) - phi((b1 - x - b2) / w1)], phi the integral of clip(z, 0, 1)."""
    b1, b2 = min(a1 + w1, 1.0), min(a2 + w2, 1.0)
    w1, w2 = b1 - a1, b2 - a2
    exact = (w1 / w2) * (_phi((b1 - x - a2) / w1) - _phi((b1 - x - b2) / w1))
    law = MarginLaw.of(Distribution("uniform", (a1, b1)), Distribution("uniform", (a2, b2)))
    assert abs(float(law.at(np.array([x]))[0]) - exact) <= law.error
    assert law.error <= 2.0 / (1 << 14) / min(w1, w2) * max(w1, w2)


def test_a_point_mass_gives_the_margin_through_one_cdf() -> None:
    """S = 0.3, T ~ U[0.2, 0.6]: P(0.3 - T >= y) = (0.3 - y - 0.2) / 0.4; S ~ U[0.2, 0.6], T = 0.5:
    P(S >= 0.5 + y) = (0.6 - 0.5 - y) / 0.4; an atom of S at the bar passes (S = 0.5 or 0.3 with
    chance 1/2 each, T = 0.5: P(S - T >= 0) = 1/2)."""
    y = np.array([-0.2, -0.1, 0.0, 0.05])
    np.testing.assert_allclose(MarginLaw.of(0.3, Distribution("uniform", (0.2, 0.6))).at(y), np.clip((0.1 - y) / 0.4, 0, 1))
    np.testing.assert_allclose(MarginLaw.of(Distribution("uniform", (0.2, 0.6)), 0.5).at(y), np.clip((0.1 - y) / 0.4, 0, 1))
    assert MarginLaw.of(Distribution("choice", (0.5, 0.3)), 0.5).at(np.array([0.0]))[0] == 0.5
    np.testing.assert_array_equal(MarginLaw.of(0.4, 0.5).at(np.array([-0.1, -0.1 + 1e-6])), [1.0, 0.0])


@pytest.mark.parametrize(
    ("protocol", "share"),
    [
        # expected gains x (1 - x) for a, x^2 for b, on the quarters x = 0, 1/4, 1/2, 3/4, 1:
        ("kalai_smorodinsky", 0.75),  # ideals 1/4 (a, at 1/2) and 1 (b): min(4 x (1 - x), x^2) is 0.5625 at 3/4, 0.25 at 1/2
        ("utilitarian", 1.0),  # x (1 - x) + x^2 = x
        ("egalitarian", 0.5),  # min(x (1 - x), x^2): 0.25 at 1/2, 0.1875 at 3/4
        ({"fearon": {"proposer": "a", "informed": "b", "private": "reservation"}}, 0.5),  # b's reservation 0 is sure: a maximises x (1 - x)
    ],
)
def test_every_protocol_chooses_on_expected_gains(protocol: Any, share: float) -> None:
    """Iida (1993): each protocol's own rule applied to P(x) g_p(x); a package fails at home iff tau > x."""
    res = negotiation.run(iida(), draws=300, seed=5, protocols=[protocol])
    (label,) = res.summary["protocols"]
    d = res.draws
    deal = d[f"{label}.deal"].to_numpy()
    np.testing.assert_allclose(d.loc[deal, f"{label}.pie.b"], share)
    np.testing.assert_array_equal(~deal, d["ratification.b_home.threshold"].to_numpy() > share + TOL)


def test_bdm_completes_its_forecast_on_expected_gains() -> None:
    """With nothing contested the ``bdm`` protocol is Nash among all packages, on the gains given (Iida 1993): 3/4."""
    from negotiation.scenario.model import ProtocolSpec
    from negotiation.solvers import Bargaining
    from negotiation.solvers.forecast import bdm_protocol

    scenario = load_scenario(iida())
    plan = Plan.build(scenario)
    assert plan.hidden is not None
    given = chunk_inputs(plan, 0, 4)
    spec = ProtocolSpec("bdm", {})
    ones = np.ones((4, 2))
    problem = Bargaining(
        wv=given.wv,
        d=given.states[-1],
        packages=plan.packages,
        feasible=None,
        power=ones,
        patience=0.95 * ones,
        recognition=ones / 2,
        prepared={spec.label: {"codes": np.full((4, 1), -1)}},
    )
    asked = plan.hidden.expected(problem, plan.hidden.chance(given.levels[2]))
    choice = bdm_protocol(asked, spec).choice
    shares = scenario.issues[0].shares[plan.space.codes[choice, 0], 1]
    np.testing.assert_allclose(shares, 0.75)


def _same_results(scenario: Any, steps: list[str], draws: int, tmp_path: Any) -> None:
    """``observed: true`` written on every step gives the files of a run without the key, byte for byte."""
    plain = negotiation.run(scenario, draws=draws, seed=1, out=tmp_path / "plain")
    written = negotiation.run(
        scenario, draws=draws, seed=1, out=tmp_path / "written", overrides=[(f"ratification.{s}.observed", True) for s in steps]
    )
    for name in ("summary.json", "draws.parquet"):
        assert (plain.path / name).read_bytes() == (written.path / name).read_bytes()


def test_observed_true_is_todays_behaviour() -> None:
    """Putnam (1988): with the win-set seen, nothing changes; on the small example scenario (in memory:
    the same summary, the same draws table)."""
    plain = negotiation.run(TOY, draws=200, seed=1)
    written = negotiation.run(TOY, draws=200, seed=1, overrides=[("ratification.ukraine_referendum.observed", True)])
    assert json.dumps(plain.summary, sort_keys=True) == json.dumps(written.summary, sort_keys=True)
    assert plain.table.equals(written.table)


@pytest.mark.slow
def test_observed_true_is_todays_behaviour_on_the_baseline(tmp_path: Any) -> None:
    """The same on the baseline, both of its steps, 300 draws."""
    _same_results(DATA / "static-baseline.yaml", ["ukraine_referendum", "us_congressional_review"], 300, tmp_path)


@pytest.mark.slow
def test_the_command_line_says_how_often_a_package_failed_at_home(tmp_path: Any) -> None:
    """The printed summary names the unobserved step's failure share (Putnam 1988's involuntary defection)."""
    import yaml

    from tests.in_process import negotiation_cli

    path = tmp_path / "iida.yaml"
    path.write_text(yaml.safe_dump(iida()))
    done = negotiation_cli("run", path, "--draws", "400", "--seed", "1", "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    d = negotiation.load(tmp_path / "out").draws
    share = d["nash.failed_at_home"].mean()
    assert f"not seen by the negotiators: rejected a package agreed abroad in nash {share:.1%} of draws" in done.stdout


def test_a_revealed_step_is_priced_at_its_realised_vote() -> None:
    """After a public failed vote (Putnam 1988) P_r(k) is 1 where the draw's support passes k and 0 elsewhere;
    unrevealed draws keep P(tau <= x + tol) = x + tol."""
    from negotiation.solvers.ratification import passes

    scenario = load_scenario(iida())
    plan = Plan.build(scenario)
    assert plan.hidden is not None
    support, threshold, shift = chunk_inputs(plan, 0, 6).levels
    passing = passes(support, threshold, shift, plan.packages.incidence)
    revealed = np.zeros((6, 1), dtype=bool)
    revealed[::2] = True
    chance = plan.hidden.chance(shift, revealed, passing)
    np.testing.assert_array_equal(chance[::2], passing[::2, 0].astype(float))
    shares = scenario.issues[0].shares[plan.space.codes[:, 0], 1]
    np.testing.assert_allclose(chance[1::2], np.broadcast_to(np.clip(shares + TOL, 0, 1), (3, len(shares))), rtol=0, atol=1e-15)


CLOCK = [("clock", {"start": "2025-08-15", "period": "month", "horizon": "2025-12-31"}), ("talks", [{"every": 2}])]


@pytest.mark.parametrize("clock", [[], CLOCK], ids=["without a clock", "with a clock"])
def test_the_slack_is_on_the_realised_win_set_seen_or_not(clock: list[Any]) -> None:
    """Who blocks reads the draw's realised support: a deal must pass every step at home whether the
    negotiators saw it or not (Putnam 1988), so hiding a step leaves every draw's slack as it was."""
    baseline = DATA / "static-baseline.yaml"
    hide = [(f"ratification.{s}.observed", False) for s in ("ukraine_referendum", "us_congressional_review")]
    seen = negotiation.run(baseline, draws=100, seed=1, overrides=clock)
    unseen = negotiation.run(baseline, draws=100, seed=1, overrides=[*clock, *hide])
    assert seen.table["slack"].equals(unseen.table["slack"])
    assert json.dumps(seen.summary["slack"], sort_keys=True) == json.dumps(unseen.summary["slack"], sort_keys=True)
