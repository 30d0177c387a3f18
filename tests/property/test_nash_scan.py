"""The one-pass Nash kernel gives the screened path's choices and slacks, to the bit.

``solvers.nash_scan`` computes every package's exact gains (summed issue by
issue, as ``candidates.candidate_gains``) and applies the Nash rules and the
slack's definition to them; the screened numpy path gets there through a
float32 screen. Both must agree on every draw: ties to the lowest index, the
lexicographic rule when the best product is 0, the tied-hands choice, the
slack on the win-set; with the win-set given per package class; when the
list of near-best packages overflows; and without numba.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import negotiation.solvers.nash_scan as nash_scan
from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.scenario import load_scenario
from negotiation.solvers import PackageSet, nash_choice
from negotiation.solvers.blocking import screened_slack
from negotiation.solvers.nash import screened_nash_choice, screened_nash_pair
from negotiation.space import OutcomeSpace
from tests.conftest import TOY
from tests.strategies import space_shapes

ROOMY = [HealthCheck.too_slow, HealthCheck.data_too_large]

GRID = st.integers(-32, 64).map(lambda k: k / 64)
"""Values on a 1/64 grid: every sum is exact, so products tie and the best product is often 0."""

Problem = tuple[np.ndarray, PackageSet, np.ndarray | None]


@st.composite
def problems(draw: Any, values: st.SearchStrategy[float]) -> Problem:
    sizes, rules = draw(space_shapes())
    space = OutcomeSpace.from_sizes(sizes, rules)
    if space.size == 0:
        space = OutcomeSpace.from_sizes(sizes)
    packages = PackageSet.from_space(space)
    n = draw(st.integers(1, 6))
    parties = draw(st.integers(1, 4))
    shifted = draw(hnp.arrays(np.float64, (n, parties, sum(sizes)), elements=values))
    feasible = draw(st.none() | hnp.arrays(np.bool_, (n, space.size), elements=st.booleans()))
    return shifted, packages, feasible


def _screened(shifted: np.ndarray, packages: PackageSet, feasible: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if feasible is None:
        free = screened_nash_choice(shifted, packages, None)
        return free, free, screened_slack(shifted, packages, None)
    choice, free = screened_nash_pair(shifted, packages, feasible)
    return choice, free, screened_slack(shifted, packages, feasible)


def _assert_same(scan: nash_scan.NashScan, expected: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    np.testing.assert_array_equal(scan.choice, expected[0])
    np.testing.assert_array_equal(scan.free, expected[1])
    np.testing.assert_array_equal(scan.slack, expected[2])
    assert np.array_equal(np.signbit(scan.slack), np.signbit(expected[2]))


def _dense(shifted: np.ndarray, packages: PackageSet) -> np.ndarray:
    n, p, o = shifted.shape
    return (shifted.reshape(n * p, o) @ packages.incidence).reshape(n, p, -1)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=ROOMY)
@given(problems(GRID) | problems(st.floats(-0.4, 0.6, allow_subnormal=False)))
def test_kernel_equals_the_screened_path(problem: Problem) -> None:
    shifted, packages, feasible = problem
    _assert_same(nash_scan.nash_scan(shifted, packages, feasible, compiled=True), _screened(shifted, packages, feasible))


@settings(max_examples=40, deadline=None, suppress_health_check=ROOMY)
@given(problems(GRID))
def test_kernel_equals_the_rules_and_the_dense_slack_on_exact_sums(problem: Problem) -> None:
    """On the grid the dense product is exact: the choices are ``nash_choice``'s and the slack is max over W of min over parties."""
    shifted, packages, feasible = problem
    n, parties, _ = shifted.shape
    gain = _dense(shifted, packages)
    scan = nash_scan.nash_scan(shifted, packages, feasible, compiled=True)
    ones, zeros = np.ones((n, parties)), np.zeros((n, parties))
    np.testing.assert_array_equal(scan.choice, nash_choice(gain, zeros, ones, feasible))
    np.testing.assert_array_equal(scan.free, nash_choice(gain, zeros, ones, None))
    smallest = gain.min(axis=1)
    if feasible is not None:
        smallest = np.where(feasible, smallest, -np.inf)
    np.testing.assert_array_equal(scan.slack, smallest.max(axis=1))


@settings(max_examples=30, deadline=None, suppress_health_check=ROOMY)
@given(problems(GRID) | problems(st.floats(-0.4, 0.6, allow_subnormal=False)), st.sampled_from([1, 2, 5, 70]), st.integers(0, 2**32 - 1))
def test_the_win_set_read_by_class_gives_the_same(problem: Problem, classes: int, seed: int) -> None:
    """A win-set given as a per-class table and each package's class: the same results, and ``spread`` makes the dense mask."""
    shifted, packages, _ = problem
    rng = np.random.default_rng(seed)
    n = shifted.shape[0]
    index = rng.integers(0, classes, packages.size).astype(np.intp)
    table = rng.random((n, classes)) < 0.6
    feasible = np.take(table, index, axis=1)
    np.testing.assert_array_equal(nash_scan.spread(table, index, compiled=True), feasible)
    np.testing.assert_array_equal(nash_scan.spread(table, index, compiled=False), feasible)
    scan = nash_scan.nash_scan(shifted, packages, feasible, compiled=True, classes=(table, index))
    _assert_same(scan, _screened(shifted, packages, feasible))


@settings(max_examples=30, deadline=None, suppress_health_check=ROOMY)
@given(problems(GRID) | problems(st.floats(-0.4, 0.6, allow_subnormal=False)))
def test_an_overflowing_list_of_near_ties_is_referred(problem: Problem) -> None:
    """With room for one near-best package per draw, lists overflow and compact all the time: still the same results."""
    shifted, packages, feasible = problem
    original = nash_scan.TIES
    nash_scan.TIES = 1
    try:
        scan = nash_scan.nash_scan(shifted, packages, feasible, compiled=True)
    finally:
        nash_scan.TIES = original
    _assert_same(scan, _screened(shifted, packages, feasible))


def test_ties_go_to_the_lowest_index_in_both_choices() -> None:
    """Packages 0 and 2 tie (products 0.25 and 0.25 (1 + 1e-12)); 0 is outside the win-set, so the win-set picks 2."""
    packages = PackageSet.from_space(OutcomeSpace.from_sizes((4,)))
    shifted = np.array([[[0.5, 0.25, 0.5, 0.5 * (1 + 1e-12)], [0.5, 0.25, 0.5, 0.5]]])
    scan = nash_scan.nash_scan(shifted, packages, np.array([[False, True, True, True]]), compiled=True)
    assert (scan.choice.tolist(), scan.free.tolist(), scan.slack.tolist()) == ([2], [0], [0.5])


def test_a_zero_best_product_takes_the_lexicographic_rule() -> None:
    """Party 1 gains nothing anywhere: party 0's best gain decides (package 2), not the lowest index."""
    packages = PackageSet.from_space(OutcomeSpace.from_sizes((3,)))
    shifted = np.array([[[0.1, 0.2, 0.3], [0.0, 0.0, 0.0]], [[0.1, 0.3, 0.3], [0.0, -1e-10, 0.0]]])
    scan = nash_scan.nash_scan(shifted, packages, None, compiled=True)
    assert scan.choice.tolist() == scan.free.tolist() == [2, 1]
    np.testing.assert_array_equal(scan.choice, screened_nash_choice(shifted, packages, None))


def test_no_acceptable_package_and_an_empty_win_set() -> None:
    packages = PackageSet.from_space(OutcomeSpace.from_sizes((2, 2)))
    shifted = np.array([[[-0.5, -0.5, 0.1, 0.2], [0.3, 0.3, 0.1, 0.1]], [[0.5, 0.5, 0.1, 0.2], [0.3, 0.3, 0.1, 0.1]]])
    feasible = np.array([[True, True, True, True], [False, False, False, False]])
    scan = nash_scan.nash_scan(shifted, packages, feasible, compiled=True)
    assert scan.choice.tolist() == [-1, -1] and scan.free[1] >= 0
    assert scan.slack[1] == -np.inf and scan.slack[0] < 0
    _assert_same(scan, _screened(shifted, packages, feasible))


def test_without_numba_the_screened_path_is_used(monkeypatch: Any) -> None:
    """A missing numba is never a crash: the scan and the spread fall back to numpy."""
    monkeypatch.setattr(nash_scan, "_KERNEL", [None, None])
    assert not nash_scan.compiled_scan()
    rng = np.random.default_rng(3)
    packages = PackageSet.from_space(OutcomeSpace.from_sizes((3, 4, 2)))
    shifted = rng.uniform(-0.2, 0.5, (5, 3, 9))
    feasible = rng.random((5, packages.size)) < 0.5
    _assert_same(nash_scan.nash_scan(shifted, packages, feasible, compiled=True), _screened(shifted, packages, feasible))
    table, index = rng.random((5, 3)) < 0.5, rng.integers(0, 3, packages.size)
    np.testing.assert_array_equal(nash_scan.spread(table, index, compiled=True), np.take(table, index, axis=1))


def test_prefix_depth_is_where_a_package_first_differs_from_the_one_before() -> None:
    space = OutcomeSpace.from_sizes((2, 3, 2), ({0: frozenset({1}), 1: frozenset({0})},))
    columns = PackageSet.from_space(space).columns
    depth = PackageSet.from_space(space).prefix_depth
    assert depth[0] == 0
    for k in range(1, len(columns)):
        differs = np.flatnonzero(columns[k] != columns[k - 1])
        assert depth[k] == differs[0]


@pytest.mark.parametrize("draws", [1, 37])
def test_the_static_chunk_is_the_same_with_and_without_the_kernel(draws: int) -> None:
    """The whole chunk of a scenario with ratification steps: choices, tied-hands choices, blockers and slacks."""
    plan = Plan.build(load_scenario(TOY, [("protocols", ["nash"])]))
    nash_scan.COMPILED = False
    try:
        old = solve_chunk(plan, 0, draws)
    finally:
        nash_scan.COMPILED = True
    new = solve_chunk(plan, 0, draws)
    np.testing.assert_array_equal(old.slack, new.slack)
    for label, before in old.protocols.items():
        after = new.protocols[label]
        for name in ("choice", "free_choice", "pivotal", "blocking", "utility"):
            np.testing.assert_array_equal(getattr(before, name), getattr(after, name))


def test_a_stale_class_table_is_ignored() -> None:
    """A copy of the problem with another feasible set keeps the old class table: the scan reads the new set."""
    from dataclasses import replace

    from negotiation.solvers import Bargaining
    from negotiation.solvers.bargaining import ClassMask

    rng = np.random.default_rng(5)
    packages = PackageSet.from_space(OutcomeSpace.from_sizes((3, 4)))
    n = 6
    shifted = rng.uniform(-0.2, 0.5, (n, 3, 7))
    index = rng.integers(0, 2, packages.size).astype(np.intp)
    table = rng.random((n, 2)) < 0.5
    made = ClassMask(table, index, nash_scan.spread(table, index))
    ones = np.ones((n, 3))
    problem = Bargaining(shifted, np.zeros((n, 3)), packages, made.mask, ones, ones, ones, feasible_classes=made)
    _assert_same(problem.nash_scan, _screened(shifted, packages, made.mask))
    other = rng.random((n, packages.size)) < 0.5
    moved = replace(problem, feasible=other)
    assert moved.feasible_classes is made
    _assert_same(moved.nash_scan, _screened(shifted, packages, other))
