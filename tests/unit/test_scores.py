"""The scores of ``negotiation score``: Brier (1950), the log score (Good 1952) with its clip, and calibration bins.

Every expected value is written out as arithmetic from the formula:

- Brier score B = (1/N) sum (p - o)^2 (Brier, G. W. 1950, "Verification of
  forecasts expressed in terms of probability", Monthly Weather Review 78(1), 1-3);
- log score L = (1/N) sum ln(q if o = 1 else 1 - q), q = p clipped to
  [0.001, 0.999] (Good, I. J. 1952, "Rational decisions", Journal of the
  Royal Statistical Society B 14(1), 107-114).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.results.scores import CLIP, ForecasterScore, ScoreSummary, brier_score, calibration, log_score, log_terms


def test_hand_example_three_questions() -> None:
    """p = (0.8, 0.3, 0.6) on outcomes (1, 0, 1)."""
    p, o = [0.8, 0.3, 0.6], [1, 0, 1]
    assert brier_score(p, o) == pytest.approx(((0.8 - 1) ** 2 + (0.3 - 0) ** 2 + (0.6 - 1) ** 2) / 3, abs=1e-15)
    assert brier_score(p, o) == pytest.approx((0.04 + 0.09 + 0.16) / 3, abs=1e-15)  # = 0.09666...
    assert log_score(p, o) == pytest.approx((math.log(0.8) + math.log(1 - 0.3) + math.log(0.6)) / 3, abs=1e-15)


def test_two_questions_no_clip_needed() -> None:
    p, o = [0.9, 0.2], [1, 1]
    assert brier_score(p, o) == pytest.approx((0.01 + 0.64) / 2, abs=1e-15)
    assert log_score(p, o) == pytest.approx((math.log(0.9) + math.log(0.2)) / 2, abs=1e-15)


def test_a_certain_miss_is_clipped_to_ln_0001() -> None:
    """p = 0 on a question that resolved yes: ln 0.001 = -6.9078, not minus infinity; p = 1 on a no: ln(1 - 0.999) = ln 0.001."""
    assert CLIP == (0.001, 0.999)
    terms = log_terms([0.0, 1.0, 1.0, 0.0], [1, 0, 1, 0])
    assert terms[0] == pytest.approx(math.log(0.001), abs=1e-12)
    assert terms[1] == pytest.approx(math.log(0.001), abs=1e-9)
    assert terms[2] == pytest.approx(math.log(0.999), abs=1e-12)
    assert terms[3] == pytest.approx(math.log(0.999), abs=1e-12)
    assert math.log(0.001) == pytest.approx(-6.907755, abs=1e-6)
    assert brier_score([0.0], [1]) == 1.0  # the Brier score needs no clip


def test_always_a_half() -> None:
    """A forecaster that always says 0.5: B = 0.25 and L = ln 0.5, whatever happens."""
    o = [1, 0, 0, 1, 1]
    assert brier_score([0.5] * 5, o) == 0.25
    assert log_score([0.5] * 5, o) == pytest.approx(math.log(0.5), abs=1e-15)


def test_calibration_bins() -> None:
    """Forecasts 0.05, 0.12, 0.18, 0.95, 1.0 with outcomes 0, 1, 0, 1, 1: bin [0.1, 0.2) holds 0.12 and 0.18, one of them yes;
    p = 1 falls in the last bin with 0.95."""
    bins = calibration([0.05, 0.12, 0.18, 0.95, 1.0], [0, 1, 0, 1, 1])
    assert [b.n for b in bins] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 2]
    assert bins[1].mean_p == pytest.approx((0.12 + 0.18) / 2)
    assert bins[1].observed == 0.5
    assert bins[2].mean_p is None and bins[2].observed is None
    assert bins[9].mean_p == pytest.approx((0.95 + 1.0) / 2)
    assert bins[9].observed == 1.0
    assert (bins[0].lo, bins[0].hi, bins[9].lo, bins[9].hi) == (0.0, 0.1, 0.9, 1.0)


def test_forecaster_rows_and_typed_round_trip() -> None:
    f = ForecasterScore.of("nash", "model", [("s.a", 0.8, 1, (0.7, 0.9)), ("s.b", 0.0, 1, (0.0, 0.1))])
    assert f.n == 2 and not f.drawn
    assert f.rows[0].squared_error == pytest.approx(0.04) and f.rows[1].squared_error == 1.0
    assert f.rows[1].log_score == pytest.approx(math.log(0.001))
    assert f.brier == pytest.approx((0.04 + 1.0) / 2)
    assert f.log_score == pytest.approx((math.log(0.8) + math.log(0.001)) / 2)
    summary = ScoreSummary("r.csv", ({"folder": "x", "scenario": "s", "summary_sha256": "0"},), {"nash": f}, unresolved=("s.c",))
    text = summary.to_json()
    assert ScoreSummary.from_json(text).to_json() == text
    assert ScoreSummary.from_json(text).forecasters["nash"].rows[0].ci95 == (0.7, 0.9)


probabilities = st.lists(st.floats(0.0, 1.0), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(probabilities, st.data())
def test_scores_stay_in_their_ranges(p: list[float], data: st.DataObject) -> None:
    o = data.draw(st.lists(st.integers(0, 1), min_size=len(p), max_size=len(p)))
    assert 0.0 <= brier_score(p, o) <= 1.0
    assert math.log(0.001) - 1e-12 <= log_score(p, o) <= math.log(0.999) + 1e-12
    bins = calibration(p, o)
    assert sum(b.n for b in bins) == len(p)
    assert sum(b.n * (b.observed or 0.0) for b in bins) == pytest.approx(sum(o))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 1), min_size=1, max_size=40))
def test_the_truth_scores_best(o: list[int]) -> None:
    """Forecasting the outcome itself: B = 0 and L = ln 0.999 (the clip), the best either score can be."""
    truth = np.array(o, dtype=float)
    assert brier_score(truth, o) == 0.0
    assert log_score(truth, o) == pytest.approx(math.log(0.999), abs=1e-12)
    assert brier_score(1.0 - truth, o) == 1.0
