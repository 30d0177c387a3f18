"""The fast ratification path gives the same numbers as the dense reference.

Pass/fail decided once per class of packages equals the dense product over
every package; both Nash choices from one screen equal two separate solves
(tie rules included); the first talk's reach for several feasible sets
from one screen equals one screen per set; each package's chance at home
worked out per class equals the per-package figure.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiation.engine.chunk import Plan
from negotiation.engine.parameters import draw_parameters
from negotiation.engine.scenario import load_scenario
from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers import Bargaining, PackageSet, nash_choice, screened_nash_choice
from negotiation.solvers.nash import _product, nash_protocol, screened_nash_pair
from negotiation.solvers.ratification import PackageClasses, Ratifier, passes, win_set
from negotiation.space import OutcomeSpace
from negotiation.timeline import PackageValues, dense_reaches
from tests.conftest import ROOT

ROOMY = [HealthCheck.too_slow, HealthCheck.data_too_large]
"""Arrays per example make generation slow on a busy machine; the budgets below are examples, not seconds."""

GRID = st.integers(-32, 64).map(lambda k: k / 64)
"""Values on a 1/64 grid: sums are exact, so levels land on thresholds and products tie."""

SCENARIOS = [
    *sorted([*(ROOT / "scenarios").glob("*.yaml"), *(ROOT / "scenarios" / "history").glob("*.yaml")]),
    ROOT / "tests" / "data" / "static-baseline.yaml",
]


def _space(draw: Any) -> OutcomeSpace:
    """A small space (at most 64 packages), with exclude rules at times."""
    sizes = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    rules = []
    for _ in range(draw(st.integers(0, 2))):
        issues = draw(st.sets(st.integers(0, len(sizes) - 1), min_size=1, max_size=len(sizes)))
        rules.append({i: frozenset(draw(st.sets(st.integers(0, sizes[i] - 1), min_size=1))) for i in issues})
    space = OutcomeSpace.from_sizes(sizes, tuple(rules))
    return space if space.size else OutcomeSpace.from_sizes(sizes)


@st.composite
def ratification_problems(draw: Any) -> tuple[Ratifier, OutcomeSpace, np.ndarray, np.ndarray, np.ndarray]:
    """A ratifier with random triggers and shifted options on a random space, and levels for a few draws."""
    space = _space(draw)
    steps = draw(st.integers(1, 3))
    n = draw(st.integers(1, 3))
    triggers = draw(hnp.arrays(np.bool_, (steps, space.size), elements=st.booleans()))
    shifts = tuple(
        tuple((o, f"shift.{r}.{o}") for o in sorted(draw(st.sets(st.integers(0, space.n_options - 1), max_size=space.n_options))))
        for r in range(steps)
    )
    values = GRID | st.floats(-0.3, 0.3, allow_subnormal=False)
    support = draw(hnp.arrays(np.float64, (n, steps), elements=values))
    threshold = draw(hnp.arrays(np.float64, (n, steps), elements=values))
    shift = np.zeros((n, steps, space.n_options))
    for r, pairs in enumerate(shifts):
        for option, _ in pairs:
            shift[:, r, option] = draw(hnp.arrays(np.float64, n, elements=values))
    ratifier = Ratifier(
        names=tuple(f"step{r}" for r in range(steps)),
        triggers=triggers,
        support=tuple(f"support.{r}" for r in range(steps)),
        threshold=tuple(f"threshold.{r}" for r in range(steps)),
        shifts=shifts,
        options=space.n_options,
        observed=tuple(draw(st.lists(st.booleans(), min_size=steps, max_size=steps))),
    )
    return ratifier, space, support, threshold, shift


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=ROOMY)
@given(ratification_problems())
def test_pass_fail_per_class_equals_the_dense_product(problem: tuple[Ratifier, OutcomeSpace, np.ndarray, np.ndarray, np.ndarray]) -> None:
    ratifier, space, support, threshold, shift = problem
    dense = passes(support, threshold, shift, space.incidence)
    by_class = ratifier.passing(support, threshold, shift, space.incidence)
    np.testing.assert_array_equal(by_class.dense(), dense)
    rows = np.arange(support.shape[0])[::-1].copy()
    np.testing.assert_array_equal(by_class.dense(rows), dense[rows])
    np.testing.assert_array_equal(by_class.rows(rows).dense(), dense[rows])
    for triggers in (ratifier.triggers, ratifier.seen):
        np.testing.assert_array_equal(by_class.win_set(triggers), win_set(triggers, dense))


@settings(max_examples=50, suppress_health_check=ROOMY)
@given(ratification_problems())
def test_classes_partition_packages_by_what_the_steps_look_at(problem: tuple[Ratifier, OutcomeSpace, Any, Any, Any]) -> None:
    """Each class is numbered by its first package; its packages share triggers and shifted options, other classes differ."""
    ratifier, space, *_ = problem
    shifted = np.array(sorted({o for pairs in ratifier.shifts for o, _ in pairs}), dtype=np.intp)
    classes = PackageClasses.build(ratifier.triggers, shifted, space.incidence)
    key = np.concatenate([ratifier.triggers, space.incidence[shifted] != 0], axis=0).T
    np.testing.assert_array_equal(key, key[classes.representatives][classes.index])
    assert len({tuple(row) for row in key[classes.representatives]}) == classes.size
    np.testing.assert_array_equal(classes.index[classes.representatives], np.arange(classes.size))
    assert (np.diff(classes.representatives) > 0).all()


def _scenario_check(path: Any, draws: int) -> Plan:
    plan = Plan.build(load_scenario(path))
    ratifier = plan.ratifier
    if not ratifier.steps:
        return plan
    drawn = draw_parameters(plan.scenario, plan.source, 0, draws)
    support, threshold, shift = ratifier.levels(drawn.values, draws)
    dense = passes(support, threshold, shift, plan.packages.incidence)
    by_class = ratifier.passing(support, threshold, shift, plan.packages.incidence)
    np.testing.assert_array_equal(by_class.dense(), dense)
    np.testing.assert_array_equal(by_class.win_set(ratifier.seen), win_set(ratifier.seen, dense))
    np.testing.assert_array_equal(by_class.win_set(ratifier.triggers), win_set(ratifier.triggers, dense))
    hidden = plan.hidden
    if hidden is not None:
        assert ratifier.classes is not None
        revealed = np.random.default_rng(0).random((draws, ratifier.steps)) < 0.5
        np.testing.assert_array_equal(hidden.class_chance(shift, ratifier.classes), hidden.chance(shift))
        np.testing.assert_array_equal(
            hidden.class_chance(shift, ratifier.classes, revealed, by_class.by_class), hidden.chance(shift, revealed, dense)
        )
    return plan


def test_pass_fail_and_chance_per_class_on_the_baseline() -> None:
    """12 classes instead of 9,072 packages; the same pass/fail, win-sets and chances."""
    plan = _scenario_check(ROOT / "scenarios" / "alaska-summit-2025.yaml", 200)
    assert plan.ratifier.classes is not None
    assert plan.ratifier.classes.size <= 100 < plan.packages.size


@pytest.mark.slow
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_pass_fail_and_chance_per_class_on_every_scenario(path: Any) -> None:
    _scenario_check(path, 500)


@st.composite
def screened_problems(draw: Any, values: st.SearchStrategy[float]) -> tuple[np.ndarray, PackageSet, np.ndarray]:
    space = _space(draw)
    packages = PackageSet.from_space(space)
    n = draw(st.integers(1, 4))
    parties = draw(st.integers(1, 4))
    shifted = draw(hnp.arrays(np.float64, (n, parties, space.n_options), elements=values))
    feasible = draw(hnp.arrays(np.bool_, (n, space.size), elements=st.booleans()))
    return shifted, packages, feasible


def _exact(shifted: np.ndarray, packages: PackageSet, feasible: np.ndarray | None) -> np.ndarray:
    n, p, o = shifted.shape
    gain = (shifted.reshape(n * p, o) @ packages.incidence).reshape(n, p, -1)
    return nash_choice(gain, np.zeros((n, p)), np.ones((n, p)), feasible)


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=ROOMY)
@given(screened_problems(GRID) | screened_problems(st.floats(-0.4, 0.6, allow_subnormal=False)))
def test_both_nash_choices_from_one_screen_equal_two_solves(problem: tuple[np.ndarray, PackageSet, np.ndarray]) -> None:
    """On a grid (exact ties, flat products) and on arbitrary values: the pair is the two separate choices, and the exact rules'."""
    shifted, packages, feasible = problem
    constrained, free = screened_nash_pair(shifted, packages, feasible)
    np.testing.assert_array_equal(constrained, screened_nash_choice(shifted, packages, feasible))
    np.testing.assert_array_equal(free, screened_nash_choice(shifted, packages, None))
    np.testing.assert_array_equal(constrained, _exact(shifted, packages, feasible))
    np.testing.assert_array_equal(free, _exact(shifted, packages, None))


def test_ties_go_to_the_lowest_index_in_both_choices() -> None:
    """Packages 0 and 2 tie on the Nash product (2 and 3 within TIE_RTOL); 0 is infeasible, so the win-set picks 2."""
    packages = PackageSet.from_space(OutcomeSpace.from_sizes((4,)))
    shifted = np.array([[[0.5, 0.25, 0.5, 0.5 * (1 + 1e-12)], [0.5, 0.25, 0.5, 0.5]]])
    constrained, free = screened_nash_pair(shifted, packages, np.array([[False, True, True, True]]))
    assert (constrained.tolist(), free.tolist()) == ([2], [0])


@settings(max_examples=30, suppress_health_check=ROOMY)
@given(screened_problems(GRID))
def test_nash_protocol_reports_the_tied_hands_choice(problem: tuple[np.ndarray, PackageSet, np.ndarray]) -> None:
    shifted, packages, feasible = problem
    n, parties, _ = shifted.shape
    ones = np.ones((n, parties))
    problem_ = Bargaining(
        wv=shifted, d=np.zeros((n, parties)), packages=packages, feasible=feasible, power=ones, patience=ones / 2, recognition=ones
    )
    spec = ProtocolSpec("nash", {})
    tied = nash_protocol(replace(problem_, tied_hands=True), spec)
    np.testing.assert_array_equal(tied.choice, nash_protocol(problem_, spec).choice)
    assert tied.unconstrained is not None
    np.testing.assert_array_equal(tied.unconstrained, nash_protocol(problem_.unconstrained(), spec).choice)
    assert nash_protocol(problem_, spec).unconstrained is None


@settings(max_examples=50)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 5), st.integers(1, 6)), elements=GRID | st.floats(0, 1e300)))
def test_product_in_party_order_equals_numpy_prod(clamped: np.ndarray) -> None:
    with np.errstate(over="ignore", invalid="ignore"):
        np.testing.assert_array_equal(_product(clamped), clamped.prod(axis=1))


@st.composite
def reach_problems(draw: Any) -> tuple[Any, ...]:
    space = _space(draw)
    packages = PackageSet.from_space(space)
    n = draw(st.integers(1, 4))
    parties = draw(st.integers(1, 4))
    wv = draw(hnp.arrays(np.float64, (n, parties, space.n_options), elements=GRID))
    d = draw(hnp.arrays(np.float64, (n, parties), elements=st.integers(-64, 128).map(lambda k: k / 64)))
    feasible = draw(hnp.arrays(np.bool_, (n, space.size), elements=st.booleans()))
    rho = d_after = None
    if draw(st.booleans()):
        rho = draw(hnp.arrays(np.float64, (n, space.size), elements=st.sampled_from([0.0, 0.25, 0.5, 1.0])))
        d_after = draw(hnp.arrays(np.float64, (n, parties), elements=GRID))
    quota = draw(st.none() | st.integers(0, parties))
    return PackageValues.from_options(wv, packages), feasible, d, rho, d_after, quota


def _brute_reach(pv: PackageValues, feasible: Any, d: Any, rho: Any, d_after: Any, quota: Any) -> np.ndarray:
    """Some feasible package accepted by enough parties, on exact float64 values, package by package."""
    n, parties = d.shape
    u = pv.exact(np.repeat(np.arange(n), pv.size), np.tile(np.arange(pv.size), n)).reshape(n, pv.size, parties)
    if rho is not None:
        u = (1.0 - rho[:, :, None]) * u + rho[:, :, None] * d_after[:, None, :]
    accepted = (u >= d[:, None, :] - 1e-9).sum(axis=2) >= (parties if quota is None else quota)
    if feasible is not None:
        accepted &= feasible
    return np.asarray(accepted.any(axis=1))


@settings(max_examples=50, suppress_health_check=ROOMY)
@given(reach_problems())
def test_first_talk_reach_for_several_sets_equals_one_screen_each(problem: tuple[Any, ...]) -> None:
    """One screen for several feasible sets gives each set's own answer (checked package by package)."""
    pv, feasible, d, rho, d_after, quota = problem
    sets = [feasible, None, ~feasible]
    got = dense_reaches(pv, sets, d, 1e-9, rho, d_after, quota)
    for one, f in zip(got, sets, strict=True):
        np.testing.assert_array_equal(one, _brute_reach(pv, f, d, rho, d_after, quota))
