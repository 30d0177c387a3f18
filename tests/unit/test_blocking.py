"""Who blocks a deal: the slack of a draw and the constraints that alone stand between it and a deal (docs/MODEL.md §17).

The win-set is Putnam's (1988): the packages every ratification step they
trigger would pass. Expected values are brute force (plain loops over draws,
periods, packages and parties, or bisection on the common rise t) or worked
by hand, never the module's own arithmetic.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import negotiation
from negotiation.solvers import Bargaining, PackageSet
from negotiation.solvers.blocking import blocked_draws, lone_blockers, problem_slack, slack
from negotiation.solvers.participation import pivotal
from negotiation.space import OutcomeSpace
from tests.conftest import TOY

TOL = 1e-9
APART = {
    "parties.usa.reservation": {"uniform": [0.2, 0.7]},
    "parties.russia.reservation": {"uniform": [0.5, 0.9]},
    "ratification.ukraine_referendum.support": {"beta": [20, 80]},
}
"""The toy scenario with higher walk-away values and a less popular referendum: about a tenth of draws without a deal."""


def brute_slack(u, feasible, d, rho=None, after=None):
    """max over feasible k and periods t of min over parties of v_p(k, t) - d_{p,t}, by plain loops (-inf: nothing feasible)."""
    draws, parties, size = u.shape
    out = []
    for n in range(draws):
        best = -np.inf
        for t in range(d.shape[1]):
            for k in range(size):
                if feasible is not None and not feasible[n, k]:
                    continue
                worst = np.inf
                for p in range(parties):
                    v = u[n, p, k]
                    if rho is not None:
                        v = (1.0 - rho[n, k]) * v + rho[n, k] * after[n, t, p]
                    worst = min(worst, v - d[n, t, p])
                best = max(best, worst)
        out.append(best)
    return np.array(out)


def bisection_slack(gain, feasible, steps=80):
    """The largest common rise t of every reservation value that still leaves a package acceptable to all, by bisection on t."""

    def deal(t: float) -> bool:
        ok = (gain - t >= 0).all(axis=0)
        return bool((ok & feasible).any())

    lo, hi = -10.0, 10.0
    for _ in range(steps):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if deal(mid) else (lo, mid)
    return lo


def exact_of(u):
    return lambda rows, cols: u[rows, :, cols]


shapes = st.tuples(st.integers(1, 6), st.integers(1, 4), st.integers(1, 12))


@st.composite
def problems(draw):
    n, parties, size = draw(shapes)
    u = draw(hnp.arrays(np.float64, (n, parties, size), elements=st.floats(-1, 1, allow_nan=False, width=32)))
    feasible = draw(hnp.arrays(np.bool_, (n, size)))
    return u, feasible


@settings(max_examples=200, deadline=None)
@given(problems())
def test_slack_is_the_brute_force_max_min(case) -> None:
    """Exact gains: slack = max over the win-set of min over parties of the gain (Putnam 1988 for the win-set)."""
    gain, feasible = case
    n, parties, _ = gain.shape
    got = slack(gain, np.zeros((n, parties)), exact_of(gain), feasible, np.zeros((n, 1, parties)))
    np.testing.assert_array_equal(got, brute_slack(gain, feasible, np.zeros((n, 1, parties))))


@settings(max_examples=200, deadline=None)
@given(problems(), st.floats(1e-6, 1e-2))
def test_slack_screened_on_rounded_values_is_still_exact(case, noise) -> None:
    """Screened values off by up to ``error`` (float32, plus noise) give the exact slack all the same."""
    gain, feasible = case
    n, parties, size = gain.shape
    rng = np.random.default_rng(size)
    rough = (gain + rng.uniform(-noise, noise, gain.shape)).astype(np.float32)
    error = np.abs(rough.astype(np.float64) - gain).max(axis=2) + 1e-12
    got = slack(rough, error, exact_of(gain), feasible, np.zeros((n, 1, parties)))
    np.testing.assert_array_equal(got, brute_slack(gain, feasible, np.zeros((n, 1, parties))))


@settings(max_examples=150, deadline=None)
@given(problems(), st.integers(1, 4), st.booleans(), st.integers(0, 10_000))
def test_slack_over_talks_with_enforcement_is_the_brute_force(case, periods, enforced, seed) -> None:
    """With a clock: the largest over the talks of each talk's slack, on v = (1 - rho) u + rho d' under enforcement."""
    u, feasible = case
    n, parties, size = u.shape
    rng = np.random.default_rng(seed)
    d = rng.uniform(-0.5, 0.8, (n, periods, parties))
    rho = rng.uniform(0, 1, (n, size)) if enforced else None
    after = rng.uniform(-0.5, 0.5, (n, periods, parties)) if enforced else None
    got = slack(u, np.zeros((n, parties)), exact_of(u), feasible, d, rho, after)
    np.testing.assert_allclose(got, brute_slack(u, feasible, d, rho, after), rtol=0, atol=1e-12)


def test_slack_by_hand_and_by_bisection() -> None:
    """Two parties, three packages, gains (0.3, -0.1), (0.1, 0.2), (0.5, 0.4) with the last outside the win-set
    (Putnam 1988): the smallest gains are -0.1, 0.1 and 0.4, so slack = 0.1 (raising both reservation values by
    0.1 still leaves the second package); without the win-set it would be 0.4. Bisection on t agrees."""
    gain = np.array([[[0.3, 0.1, 0.5], [-0.1, 0.2, 0.4]]])
    feasible = np.array([[True, True, False]])
    got = slack(gain, np.zeros((1, 2)), exact_of(gain), feasible, np.zeros((1, 1, 2)))
    assert got[0] == pytest.approx(0.1, abs=1e-15)
    assert bisection_slack(gain[0], feasible[0]) == pytest.approx(0.1, abs=1e-12)
    assert slack(gain, np.zeros((1, 2)), exact_of(gain), None, np.zeros((1, 1, 2)))[0] == pytest.approx(0.4, abs=1e-15)


def test_slack_is_negative_when_apart_and_minus_infinity_on_an_empty_win_set() -> None:
    """Gains (-0.2, 0.1) and (0.3, -0.5): no package acceptable to both; the nearer is 0.2 short, so slack = -0.2.
    An empty win-set leaves no package at any rise: -inf."""
    gain = np.array([[[-0.2, 0.3], [0.1, -0.5]], [[0.5, 0.5], [0.5, 0.5]]])
    feasible = np.array([[True, True], [False, False]])
    got = slack(gain, np.zeros((2, 2)), exact_of(gain), feasible, np.zeros((2, 1, 2)))
    assert got[0] == pytest.approx(-0.2, abs=1e-15)
    assert got[1] == -np.inf


def test_a_party_that_blocks_alone_is_named() -> None:
    """Package 0 fails only party a (gain -0.1); package 1 fails both: a alone blocks, b does not."""
    gain = np.array([[[-0.1, -0.2], [0.2, -0.1]]])
    got = lone_blockers(gain, np.zeros((0, 2), dtype=bool), None)
    assert got.tolist() == [[True, False]]
    assert got.tolist() == pivotal(gain, None).tolist()


def test_a_step_that_blocks_alone_is_named() -> None:
    """Package 0 is acceptable to both parties and triggers step 0, which fails it (and only it): step 0 blocks
    alone. Package 1 fails party a and step 1: two constraints, so neither is named. (Putnam 1988: package 0 is
    outside the win-set only through step 0.)"""
    gain = np.array([[[0.2, -0.1], [0.1, 0.3]]])
    triggers = np.array([[True, False], [False, True]])
    passing = np.array([[[False, True], [True, False]]])
    assert lone_blockers(gain, triggers, passing).tolist() == [[False, False, True, False]]


def test_two_blockers_together_name_neither() -> None:
    """Every package fails two constraints (package 0: party a and the step; package 1: party b and the step):
    dropping any one constraint alone leaves no deal, so nothing is named."""
    gain = np.array([[[-0.1, 0.2], [0.3, -0.2]]])
    triggers = np.array([[True, True]])
    passing = np.array([[[False, False]]])
    assert lone_blockers(gain, triggers, passing).tolist() == [[False, False, False]]


def test_nothing_blocks_where_a_package_meets_every_constraint() -> None:
    """Package 1 is acceptable to both and triggers no step: whatever excludes package 0, nothing blocks a deal."""
    gain = np.array([[[-0.1, 0.2], [0.3, 0.2]]])
    triggers = np.array([[True, False]])
    passing = np.array([[[False, True]]])
    assert lone_blockers(gain, triggers, passing).tolist() == [[False, False, False]]


def _toy_problem(n: int = 40, seed: int = 3) -> tuple[Bargaining, OutcomeSpace]:
    from negotiation.engine.chunk import Plan, chunk_inputs
    from negotiation.engine.scenario import load_scenario

    plan = Plan.build(load_scenario(TOY))
    given_ = chunk_inputs(plan, 0, n)
    ones = np.ones((n, 3))
    d = given_.states[-1] + np.random.default_rng(seed).uniform(-0.2, 0.2, (n, 3))
    problem = Bargaining(
        wv=given_.wv, d=d, packages=PackageSet.from_space(plan.space), feasible=None, power=ones, patience=ones, recognition=ones
    )
    return problem, plan.space


def test_problem_slack_does_not_depend_on_whether_gains_were_formed() -> None:
    """The screened path (float32) and the path on formed gains give the same slack, to the bit, and match brute force."""
    problem, _ = _toy_problem()
    screened = problem_slack(problem)
    formed = problem.unconstrained()
    _ = formed.gain
    np.testing.assert_array_equal(screened, problem_slack(formed))
    np.testing.assert_allclose(screened, brute_slack(formed.gain, None, np.zeros((problem.draws, 1, 3))), rtol=0, atol=1e-12)


def test_blocked_draws_is_lone_blockers_block_by_block() -> None:
    """The chunk-level helper (for protocols solved on a whole chunk) equals lone_blockers on the full gains."""
    problem, space = _toy_problem()
    packages = problem.packages
    triggers = np.zeros((1, packages.size), dtype=bool)
    triggers[0, ::3] = True
    rng = np.random.default_rng(1)
    n = problem.draws
    support, threshold = rng.uniform(0.3, 0.7, (n, 1)), np.full((n, 1), 0.5)
    shift = np.zeros((n, 1, space.n_options))
    rows = np.arange(0, n, 2).astype(np.intp)
    got = blocked_draws(problem.wv, problem.d, packages, triggers, (support, threshold, shift), rows, 7)
    passing = (support[:, :, None] >= threshold[:, :, None] - TOL) & np.ones((n, 1, packages.size), dtype=bool)
    np.testing.assert_array_equal(got, lone_blockers(problem.gain[rows], triggers, passing[rows]))


def test_summary_fields_agree_with_the_draws_table() -> None:
    """``slack`` and ``blocking_rate`` in summary.json are what the draws table's columns give."""
    res = negotiation.run(TOY, draws=1200, seed=11, protocols=["nash", "kalai_smorodinsky"], overrides=APART)
    frame, summary = res.draws, res.summary
    s = summary["slack"]
    values = frame["slack"].to_numpy()
    finite = values[np.isfinite(values)]
    assert s["mean"] == pytest.approx(finite.mean(), abs=1e-8)
    assert s["share_negative"] == pytest.approx((values < -TOL).mean())
    assert s["share_empty"] == pytest.approx(np.isneginf(values).mean())
    for name, q in (("p5", 5), ("p25", 25), ("median", 50), ("p75", 75), ("p95", 95)):
        lower = np.sort(values)[int(np.ceil(q / 100 * len(values))) - 1]  # the smallest x with F(x) >= q
        assert s[name] - 0.001 - 1e-12 <= lower < s[name] + 1e-12, name
    names = ["russia", "ukraine", "usa", "ukraine_referendum"]
    for label in ("nash", "kalai_smorodinsky"):
        block = summary["protocols"][label]
        assert list(block["blocking_rate"]) == names
        for name in names:
            column = frame[f"{label}.blocking.{name}"]
            assert block["blocking_rate"][name] == pytest.approx(column.mean())
            assert not (column & frame[f"{label}.deal"]).any()
        for party in names[:3]:  # the nash and Kalai-Smorodinsky pivotal rule is blocking's, on the parties
            assert (frame[f"{label}.blocking.{party}"] == frame[f"{label}.pivotal.{party}"]).all()
    assert (values[~frame["nash.deal"].to_numpy()] < -TOL).all()
    assert s["share_negative"] > 0.05 and summary["protocols"]["nash"]["blocking_rate"]["ukraine_referendum"] > 0


def test_the_new_fields_do_not_depend_on_chunk_size() -> None:
    """Integer tallies only: the slack's histogram and sum and the blocking counts merge exactly over chunks."""
    one = negotiation.run(TOY, draws=600, seed=2, chunk=600, overrides=APART).summary
    many = negotiation.run(TOY, draws=600, seed=2, chunk=37, overrides=APART).summary
    assert one["slack"]["share_negative"] > 0
    assert one["slack"] == many["slack"]
    assert one["protocols"]["nash"]["blocking_rate"] == many["protocols"]["nash"]["blocking_rate"]


@pytest.mark.slow
def test_with_a_clock_a_deal_is_in_reach_exactly_where_the_slack_is_not_negative() -> None:
    """With a clock and enforcement (tests/data/timeline.yaml): the slack is the largest over the talks, so Nash
    agrees by the horizon exactly in the draws with slack >= -tol; its no-deal draws name their blockers."""
    from tests.conftest import ROOT

    apart = {"parties.usa.reservation": {"uniform": [0.3, 0.8]}}
    res = negotiation.run(ROOT / "tests" / "data" / "timeline.yaml", draws=150, seed=3, overrides=apart)
    frame = res.draws
    deal, values = frame["nash.deal"].to_numpy(), frame["slack"].to_numpy()
    assert (~deal).sum() > 0
    np.testing.assert_array_equal(values >= -TOL, deal)
    blockers = frame[[c for c in frame.columns if c.startswith("nash.blocking.")]].to_numpy()
    assert not blockers[deal].any() and blockers[~deal].any(axis=1).all()


def test_the_typed_summaries_carry_slack_and_blocking_and_round_trip() -> None:
    """RunSummary.slack and ProtocolSummary.blocking_rate read summary.json; to_json gives the text back byte for byte."""
    from negotiation.results.json_text import json_text
    from negotiation.results.protocol_summary import ProtocolSummary
    from negotiation.results.run_summary import RunSummary

    text = json_text(negotiation.run(TOY, draws=200, seed=4, overrides=APART).summary)
    typed = RunSummary.from_json(text)
    assert typed.to_json() == text
    assert typed.slack is not None and set(typed.slack) == {"mean", "p5", "p25", "median", "p75", "p95", "share_negative", "share_empty"}
    nash = typed.protocols["nash"]
    assert nash.blocking_rate is not None and list(nash.blocking_rate) == ["russia", "ukraine", "usa", "ukraine_referendum"]
    rows = {metric: value for metric, value, _, _ in nash.metrics()}
    assert rows["blocking_rate.ukraine_referendum"] == nash.blocking_rate["ukraine_referendum"]
    block = ProtocolSummary(deal_rate=0.5, pivotal_rate={"a": 0.1}, blocking_rate={"a": 0.1, "vote": 0.2}, utility_histogram={"a": [1]})
    assert list(block.to_dict()) == ["deal_rate", "pivotal_rate", "blocking_rate", "utility_histogram"]
