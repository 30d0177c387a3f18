"""The run-time check of NaN and infinity (``engine.finite``) and the summary's exact sums, which never clip."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.finite import (
    RESERVATION_LIMIT,
    NonFiniteError,
    bad_value,
    first_bad,
    require_finite,
    require_finite_outcome,
)
from negotiation.engine.scenario import load_scenario
from negotiation.results.summary import FIXED_SCALE, exact_sum, fixed_mean, fixed_sums
from tests.conftest import TOY


@pytest.fixture(scope="module")
def toy_plan() -> Plan:
    return Plan.build(load_scenario(TOY, [("monte_carlo.draws", 64)]))


def test_first_bad_finds_the_first_row_with_nan_or_infinity() -> None:
    x = np.zeros((6, 3))
    assert first_bad(x) is None
    x[4, 2] = np.inf
    x[2, 0] = np.nan
    assert first_bad(x) == 2
    assert math.isnan(bad_value(x, 2))
    assert first_bad(np.zeros((0, 2))) is None


def test_first_bad_with_a_limit_also_finds_large_finite_values() -> None:
    x = np.array([0.5, -999.0, 1000.5, np.inf])
    assert first_bad(x) == 3
    assert first_bad(x, 1000.0) == 2
    assert bad_value(x, 2, 1000.0) == 1000.5


def test_require_finite_names_the_parameter_line_draw_and_seed(toy_plan: Plan) -> None:
    scenario = toy_plan.scenario
    x = np.ones(10)
    x[7] = -np.inf
    with pytest.raises(NonFiniteError) as caught:
        require_finite(x, scenario, "parties.russia.reservation", 4096, lambda v, _: f"sampled {v}", "do this")
    problem = caught.value.problem
    assert problem.file == str(TOY) and problem.line == 31 and problem.path == "parties.russia.reservation"
    assert problem.message == "draw 4,103 (seed 2025): sampled -inf; do this"


def test_an_implicit_parameter_is_located_at_its_nearest_written_ancestor(toy_plan: Plan) -> None:
    with pytest.raises(NonFiniteError) as caught:
        require_finite(np.array([np.nan]), toy_plan.scenario, "parties.usa.patience", 0, lambda v, _: "nan")
    assert caught.value.problem.path == "parties.usa.patience"
    assert caught.value.problem.line == 41  # parties.usa, which does not write its patience


def test_the_error_crosses_a_process_boundary_whole() -> None:
    error = NonFiniteError("s.yaml", 3, "a.b", 12, 7, "sampled inf", "fix it", None)
    back = pickle.loads(pickle.dumps(error))
    assert isinstance(back, NonFiniteError) and str(back) == str(error) == "s.yaml:3: a.b: draw 12 (seed 7): sampled inf; fix it"


def test_moved_and_within_keep_the_rest() -> None:
    error = NonFiniteError("s.yaml", 3, "a.b", 12, 7, "sampled inf", "fix it").moved(100).within("of the experiment's point 'x=1'")
    assert str(error) == "s.yaml:3: a.b: draw 112 (seed 7) of the experiment's point 'x=1': sampled inf; fix it"
    assert error.within("of something else") is error


def test_the_outcome_gate_names_a_nan_utility(toy_plan: Plan) -> None:
    outcome = solve_chunk(toy_plan, 16, 48)
    require_finite_outcome(toy_plan.scenario, outcome)  # a normal chunk passes
    outcome.protocols["nash"].utility[5, 1] = np.inf - np.inf
    with pytest.raises(NonFiniteError) as caught:
        require_finite_outcome(toy_plan.scenario, outcome)
    problem = caught.value.problem
    assert problem.path == "parties.ukraine"
    assert problem.message.startswith("draw 21 (seed 2025): the realised utility under nash is nan;")


def test_the_outcome_gate_lets_an_empty_win_set_and_undefined_extras_pass(toy_plan: Plan) -> None:
    outcome = solve_chunk(toy_plan, 0, 8)
    outcome.slack[:] = -np.inf
    outcome.protocols["nash"].extras["p_war"] = np.full(8, np.nan)
    require_finite_outcome(toy_plan.scenario, outcome)
    outcome.protocols["nash"].extras["p_war"][3] = np.inf
    with pytest.raises(NonFiniteError, match=r"draw 3 .*nash's p_war is inf"):
        require_finite_outcome(toy_plan.scenario, outcome)


@settings(max_examples=15, deadline=None)
@given(st.floats(-RESERVATION_LIMIT + 1, RESERVATION_LIMIT - 1))
def test_finite_inputs_within_the_limits_never_trigger_the_check(reservation: float) -> None:
    """A given reservation value within the limit (an event moves it by 0.05 at most) runs clean."""
    plan = Plan.build(load_scenario(TOY, [("monte_carlo.draws", 32), ("parties.usa.reservation", reservation)]))
    outcome = solve_chunk(plan, 0, 32)
    assert np.isfinite(outcome.reservation).all()


# -- the summary's fixed-point sums -----------------------------------------


def test_exact_sum_never_clips() -> None:
    assert exact_sum(np.array([5000.0])) == 5000 * FIXED_SCALE
    assert exact_sum(np.array([1e300, -1e300, 0.5])) == FIXED_SCALE // 2
    assert exact_sum(np.array([1e300])) == int(1e300) * FIXED_SCALE
    assert fixed_mean(exact_sum(np.full(4, 1e308)), 4) == 1e308  # the sum is past the largest float, the mean is not


def test_exact_sum_refuses_nan_and_infinity() -> None:
    with pytest.raises(ValueError, match="non-finite"):
        exact_sum(np.array([0.5, np.inf]))
    with pytest.raises(ValueError, match="non-finite"):
        exact_sum(np.array([np.nan]))


def test_fixed_sums_refuse_what_they_cannot_hold() -> None:
    assert fixed_sums(np.array([[0.5, 1.0], [0.25, 0.0]])).tolist() == [int(0.75 * FIXED_SCALE), FIXED_SCALE]
    for bad in (2000.0, np.nan, -np.inf):
        with pytest.raises(ValueError, match="fixed_sums"):
            fixed_sums(np.array([0.5, bad]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=40), st.integers(0, 40))
def test_exact_sum_is_order_and_grouping_free_for_any_finite_values(values: list[float], cut: int) -> None:
    x = np.array(values, dtype=np.float64)
    whole = exact_sum(x)
    assert whole == exact_sum(x[::-1]) == exact_sum(x[:cut]) + exact_sum(x[cut:])
    small = x[np.abs(x) <= 1024.0]
    assert exact_sum(small) == int(np.rint(small * FIXED_SCALE).astype(np.int64).sum())
