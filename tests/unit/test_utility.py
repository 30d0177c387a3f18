"""Value functions, weighted values and utilities on hand-made cases."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation.engine.scenario import load_scenario
from negotiation.scenario.model import Issue, ValueFunction
from negotiation.space import OutcomeSpace
from negotiation.utility import (
    chosen_utilities,
    interpolation_matrix,
    normalised,
    option_values,
    package_utilities,
    utilities,
    weighted_values,
)
from tests.conftest import TOY

NUMERIC = Issue("x", "x", "numeric", grid=np.array([0.0, 0.25, 0.5, 0.75, 1.0]), lo=0.0, hi=1.0)
CATEGORICAL = Issue("t", "t", "categorical", options=("a", "b", "c"))


def test_increasing_and_decreasing() -> None:
    np.testing.assert_allclose(option_values(ValueFunction("increasing"), NUMERIC, "p", {}), [[0, 0.25, 0.5, 0.75, 1]])
    np.testing.assert_allclose(option_values(ValueFunction("decreasing"), NUMERIC, "p", {}), [[1, 0.75, 0.5, 0.25, 0]])
    np.testing.assert_allclose(option_values(ValueFunction("increasing"), CATEGORICAL, "p", {}), [[0, 0.5, 1]])


@pytest.mark.parametrize(
    ("peak", "expected"),
    [
        (0.5, [0, 0.5, 1, 0.5, 0]),
        (0.25, [2 / 3, 1, 2 / 3, 1 / 3, 0]),  # falls to 0 at the far end only
        (0.0, [1, 0.75, 0.5, 0.25, 0]),
    ],
)
def test_peak_falls_linearly_to_zero_at_the_far_end(peak: float, expected: list[float]) -> None:
    values = option_values(ValueFunction("peak", peak="p"), NUMERIC, "q", {"p": np.array([peak])})
    np.testing.assert_allclose(values, [expected])


def test_points_interpolate_and_hold_beyond_the_ends() -> None:
    fn = ValueFunction("points", xs=(0.25, 0.75), ys=("y0", "y1"))
    values = option_values(fn, NUMERIC, "p", {"y0": np.array([0.2, 0.0]), "y1": np.array([0.6, 1.0])})
    np.testing.assert_allclose(values, [[0.2, 0.2, 0.4, 0.6, 0.6], [0.0, 0.0, 0.5, 1.0, 1.0]])
    np.testing.assert_allclose(interpolation_matrix(np.array([0.5]), (0.0, 1.0)), [[0.5, 0.5]])


def test_table_reads_its_parameters_per_draw() -> None:
    fn = ValueFunction("table", table=("a", "b", "c"))
    params = {"a": np.array([0.1, 0.2]), "b": np.array([0.5, 0.5]), "c": np.array([1.0, 0.0])}
    np.testing.assert_allclose(option_values(fn, CATEGORICAL, "p", params), [[0.1, 0.5, 1.0], [0.2, 0.5, 0.0]])


def test_normalised_weights_and_zero_rows() -> None:
    np.testing.assert_allclose(normalised(np.array([[2.0, 2.0], [0.0, 0.0]])), [[0.5, 0.5], [0, 0]])


def test_example_utilities_by_hand() -> None:
    """Russia: 0.6 * v_territory + 0.4 * relief share; the money-making offer
    (west_bank_style, relief 0.5, fund 50/50) gives 0.6 * 0.85 + 0.4 * 0.5 = 0.71."""
    s = load_scenario(TOY)
    space = OutcomeSpace.from_scenario(s)
    params = {k: np.array([p.value]) for k, p in s.parameters.items() if isinstance(p.value, float)}
    params["parties.russia.reservation"] = np.array([0.4])
    params["parties.ukraine.value.minerals_fund.points.1.1"] = np.array([0.8])
    wv = weighted_values(s, space, params, 1)
    u = utilities(wv, space.incidence)
    k = int(space.index(s.proposals["money_making_offer"]))
    np.testing.assert_allclose(u[0, 0, k], 0.6 * 0.85 + 0.4 * 0.5)
    # Ukraine: 0.7 * 0.35 + 0.3 * v(0.5) with v(0.5) = 0.8 from its points.
    np.testing.assert_allclose(u[0, 1, k], 0.7 * 0.35 + 0.3 * 0.8)
    # USA: 0.5 * peak(0.5 at 0.5) + 0.5 * its own share 0.5.
    np.testing.assert_allclose(u[0, 2, k], 0.5 * 1.0 + 0.5 * 0.5)
    assert (u >= 0).all() and (u <= 1 + 1e-12).all()
    cols = space.option_columns(space.codes[[k, 0]])
    np.testing.assert_allclose(package_utilities(wv, cols)[0, :, 0], u[0, :, k])
    np.testing.assert_allclose(chosen_utilities(wv, cols[:1]), u[:, :, k])
