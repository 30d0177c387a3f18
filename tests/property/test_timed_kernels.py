"""The compiled passes of the timed path give the numbers of the numpy code they replace, bit for bit.

- ``solvers.nash.nash_given``: the Nash choice on exact gains (optionally
  scaled by a chance of passing at home) equals ``choose_nash`` on the gains
  ``Hidden.expected`` forms, ties and lexicographic zero-product draws included.
- ``timeline.reservation.enforced_gain``: ``enforced_utility(g + d) - d``.
- ``timeline.slack.talk_slack``: ``solvers.blocking.slack``.
- ``timeline.talks.dense_reaches``: the votes counted by the compiled pass and by numpy.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers import Bargaining, PackageSet
from negotiation.solvers.blocking import slack
from negotiation.solvers.nash import choose_nash, nash_given, nash_given_protocol, nash_protocol
from negotiation.solvers.unobserved import Hidden
from negotiation.space import OutcomeSpace
from negotiation.timeline import PackageValues, talks
from negotiation.timeline.reservation import enforced_gain, enforced_utility
from negotiation.timeline.slack import talk_slack
from negotiation.utility import TOL

GRID = st.integers(-8, 16).map(lambda k: k / 16)
"""Gains on a coarse grid: many exact ties, zero gains and zero products."""
NEAR = st.sampled_from([-2e-9, -TOL, -5e-10, -0.0, 0.0, 1e-12])
"""Gains at and around the edge of individual rationality (``-TOL``)."""
CHANCE = st.sampled_from([0.0, 0.25, 0.5, 1.0]) | st.floats(0.0, 1.0)


@st.composite
def given_problems(draw: Any) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    n = draw(st.integers(1, 4))
    parties = draw(st.integers(1, 4))
    size = draw(st.integers(1, 12))
    gain = draw(hnp.arrays(np.float64, (n, parties, size), elements=GRID | NEAR | st.floats(-1.0, 1.0)))
    feasible = draw(st.none() | hnp.arrays(np.bool_, (n, size)))
    chance = draw(st.none() | hnp.arrays(np.float64, (n, size), elements=CHANCE))
    return gain, feasible, chance


def _expected(gain: np.ndarray, feasible: np.ndarray | None, chance: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """The gains and win-set of ``Hidden.expected``, by its own code."""
    n, parties, size = gain.shape
    ones = np.ones((n, parties))
    problem = Bargaining(
        wv=np.zeros((n, parties, 1)),
        d=np.zeros((n, parties)),
        packages=_packages(size),
        feasible=feasible,
        power=ones,
        patience=ones / 2,
        recognition=ones,
    ).with_gain(gain)
    if chance is None:
        return gain, feasible
    asked = Hidden.expected(cast(Hidden, None), problem, chance)  # it reads nothing of the instance
    return asked.gain, asked.feasible


def _packages(size: int) -> PackageSet:
    return PackageSet.from_space(OutcomeSpace.from_sizes((size,)))


def _check_nash_given(case: Any, tol: float) -> None:
    gain, feasible, chance = case
    scaled, allowed = _expected(gain, feasible, chance)
    want = choose_nash(scaled, np.ones(gain.shape[:2]), allowed, tol)
    np.testing.assert_array_equal(nash_given(gain, feasible, tol, chance, compiled=True), want)
    np.testing.assert_array_equal(nash_given(gain, feasible, tol, chance, compiled=False), want)


@settings(max_examples=60, deadline=None)
@given(given_problems(), st.sampled_from([TOL, 0.0, 1e-3]))
def test_nash_given_is_choose_nash_on_the_expected_gains(case: Any, tol: float) -> None:
    _check_nash_given(case, tol)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(given_problems(), st.sampled_from([TOL, 0.0, 1e-3]))
def test_nash_given_is_choose_nash_on_many_expected_gains(case: Any, tol: float) -> None:
    _check_nash_given(case, tol)


@settings(max_examples=30, deadline=None)
@given(given_problems())
def test_nash_given_protocol_is_the_nash_protocol(case: Any) -> None:
    """On given gains, with and without a chance of passing at home; None where the screened path applies."""
    gain, feasible, chance = case
    n, parties, size = gain.shape
    ones = np.ones((n, parties))
    spec = ProtocolSpec("nash", {})
    plain = Bargaining(
        wv=np.zeros((n, parties, size)),
        d=np.zeros((n, parties)),
        packages=_packages(size),
        feasible=feasible,
        power=ones,
        patience=ones / 2,
        recognition=ones,
    )
    assert nash_given_protocol(plain, spec) is None
    problem = plain.with_gain(gain)
    quick = nash_given_protocol(problem, spec, chance)
    assert quick is not None
    asked = problem if chance is None else Hidden.expected(cast(Hidden, None), problem, chance)
    np.testing.assert_array_equal(quick.choice, nash_protocol(asked, spec).choice)
    assert nash_given_protocol(replace(plain, power=2.0 * ones).with_gain(gain), spec) is None  # powers not 1: the usual path


def test_nash_given_keeps_the_rules_on_ties_and_zero_products() -> None:
    # draw 0: products 0.25, 0.25 (a tie: lowest index); draw 1: every product 0, party 0 decides, then party 1;
    # draw 2: nothing acceptable; draw 3: the best package has no chance of passing at home, and chances scale
    # the others (0.05 * 0.1 against 0.1 * 0.1)
    gain = np.array(
        [
            [[0.5, 0.5, 0.1], [0.5, 0.5, 0.1]],
            [[0.0, 0.3, 0.3], [0.2, 0.0, 0.1]],
            [[-0.1, 0.2, 0.3], [0.2, -0.5, -0.1]],
            [[0.9, 0.1, 0.1], [0.9, 0.2, 0.1]],
        ]
    )
    chance = np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [0.0, 0.5, 1.0]])
    assert nash_given(gain, None, TOL, chance, compiled=True).tolist() == [0, 2, -1, 2]
    assert nash_given(gain, None, TOL, chance, compiled=False).tolist() == [0, 2, -1, 2]


@settings(max_examples=50, deadline=None)
@given(
    st.tuples(st.integers(1, 5), st.integers(1, 4), st.integers(1, 40)),
    st.sampled_from([1e-3, 1.0, 1e3]),
    st.booleans(),
    st.integers(0, 10_000),
)
def test_enforced_gain_is_enforced_utility_less_d_bit_for_bit(shape: Any, scale: float, shifts: bool, seed: int) -> None:
    n, parties, size = shape
    rng = np.random.default_rng(seed)
    gain = rng.normal(0.0, scale, shape)
    d = rng.normal(0.0, scale, (n, parties))
    after = rng.normal(0.0, scale, (n, parties))
    rho = rng.uniform(0.0, 1.0, (n, size) if shifts else (n, 1))
    want = enforced_utility(gain + d[:, :, None], rho, after) - d[:, :, None]
    for compiled in (True, False):
        got = enforced_gain(gain.copy(), d, rho, after, compiled=compiled)
        np.testing.assert_array_equal(got.view(np.int64), want.view(np.int64))


@settings(max_examples=80, deadline=None)
@given(
    st.tuples(st.integers(1, 5), st.integers(1, 4), st.integers(1, 30)),
    st.integers(1, 4),
    st.booleans(),
    st.booleans(),
    st.integers(0, 10_000),
)
def test_talk_slack_is_the_blocking_slack(shape: Any, periods: int, enforced: bool, constrained: bool, seed: int) -> None:
    """On float32 values with their error bound, over talk periods, with and without enforcement and a win-set."""
    n, parties, size = shape
    rng = np.random.default_rng(seed)
    u = np.round(rng.uniform(-1.0, 1.0, shape), 3)  # rounding makes ties among packages
    rough = u.astype(np.float32)
    error = np.abs(rough.astype(np.float64) - u).max(axis=2) + 1e-12
    feasible = rng.uniform(size=(n, size)) < 0.6 if constrained else None
    d = rng.uniform(-0.5, 0.8, (n, periods, parties))
    rho = rng.uniform(0.0, 1.0, (n, size)) if enforced else None
    after = rng.uniform(-0.5, 0.5, (n, periods, parties)) if enforced else None

    def exact(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return u[rows, :, cols]

    want = slack(rough, error, exact, feasible, d, rho, after)
    for compiled in (True, False):
        np.testing.assert_array_equal(talk_slack(rough, error, exact, feasible, d, rho, after, compiled=compiled), want)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=4),
    st.integers(1, 5),
    st.integers(1, 4),
    st.booleans(),
    st.integers(0, 4),
    st.integers(0, 10_000),
)
def test_dense_reaches_counts_the_same_votes_compiled(
    sizes: list[int], n: int, parties: int, enforced: bool, quota: int, seed: int
) -> None:
    """Who has a deal in reach at a talk, on several feasible sets: the compiled count equals numpy's, any quota."""
    packages = PackageSet.from_space(OutcomeSpace.from_sizes(tuple(sizes)))
    rng = np.random.default_rng(seed)
    wv = np.round(rng.uniform(-0.2, 0.5, (n, parties, sum(sizes))), 2)  # ties at the thresholds
    d = np.round(rng.uniform(0.0, 1.0, (n, parties)), 2)
    rho = rng.uniform(0.0, 0.6, (n, packages.size)) if enforced else None
    after = rng.uniform(0.0, 1.0, (n, parties)) if enforced else None
    feasibles = [rng.uniform(size=(n, packages.size)) < 0.5, None]
    got = []
    for compiled in (True, False):
        talks.COMPILED = compiled
        try:
            got.append(talks.dense_reaches(PackageValues.from_options(wv, packages), feasibles, d, TOL, rho, after, quota or None))
        finally:
            talks.COMPILED = True
    for a, b in zip(*got, strict=True):
        np.testing.assert_array_equal(a, b)


def test_nash_given_follows_numpy_where_a_product_is_nan_or_infinite() -> None:
    """An infinite gain times a zero gain is NaN: numpy's maximum is then NaN, no package is tied, the first index."""
    gain = np.array([[[np.inf, 1.0, 0.5], [0.0, 1.0, 0.5]], [[np.inf, 1.0, 0.5], [1.0, 1.0, 0.5]]])
    with np.errstate(invalid="ignore"):
        want = choose_nash(gain, np.ones((2, 2)), None, TOL)
        for compiled in (True, False):
            np.testing.assert_array_equal(nash_given(gain, None, TOL, None, compiled=compiled), want)
