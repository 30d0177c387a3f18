"""Properties of Nash exponents from patience (Binmore, Rubinstein & Wolinsky 1986)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers.nash import choose_nash
from negotiation.solvers.patience_power import exponent_from_patience, protocol_powers

FROM_PATIENCE = ProtocolSpec("nash", {"power": "from_patience"})
patience = st.floats(min_value=1e-12, max_value=0.999999, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(patience, min_size=1, max_size=6))
def test_exponents_are_positive_finite_and_grow_with_patience(deltas: list[float]) -> None:
    """1/(-ln delta) is positive and finite on (0, 1), and increasing in delta."""
    delta = np.array(deltas)
    a = exponent_from_patience(delta)
    assert np.all(a > 0.0) and np.all(np.isfinite(a))
    order = np.argsort(delta, kind="stable")
    assert np.all(np.diff(a[order]) >= 0.0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(patience, patience), min_size=1, max_size=8))
def test_rescaled_exponents_keep_their_ratios(rows: list[tuple[float, float]]) -> None:
    """Each row's exponents are divided by its largest: in (0, 1], the largest 1, ratios kept."""
    delta = np.array(rows)
    a = protocol_powers(np.ones_like(delta), delta, FROM_PATIENCE)
    raw = exponent_from_patience(delta)
    assert np.all(a > 0.0) and np.all(a <= 1.0) and np.allclose(a.max(axis=1), 1.0)
    np.testing.assert_allclose(a[:, 0] * raw[:, 1], a[:, 1] * raw[:, 0], rtol=1e-12)


@settings(max_examples=200, deadline=None)
@given(patience, patience, st.integers(min_value=2, max_value=200))
def test_the_more_patient_party_never_gets_less_of_a_symmetric_pie(d1: float, d2: float, steps: int) -> None:
    """On a unit pie with reservation values 0 and a grid symmetric about 1/2, the Nash choice with
    exponents from patience gives the more patient party at least half when the two differ by at
    least 0.01: every grid share x below 1/2 has its mirror 1 - x on the grid, and
    (1 - x) ** a_1 x ** a_2 > x ** a_1 (1 - x) ** a_2 when a_1 > a_2. Equal patience on an even grid splits 1/2, 1/2."""
    k = np.arange(steps + 1)
    x = k / steps
    gain = np.stack([x, (steps - k) / steps])[None]  # (1 draw, 2 parties, packages): party 1 gets x, exactly mirrored
    delta = np.array([[d1, d2]])
    share = x[choose_nash(gain, protocol_powers(np.ones((1, 2)), delta, FROM_PATIENCE), None)[0]]
    if d1 >= d2 + 0.01:
        assert share >= 0.5
    elif d2 >= d1 + 0.01:
        assert share <= 0.5
    if d1 == d2 and steps % 2 == 0:
        assert share == 0.5
