"""Dated questions and the deal_by curve (negotiation.timeline.questions)."""

from __future__ import annotations

import numpy as np

from negotiation.results.summary import wilson
from negotiation.timeline import deal_by_counts, deal_by_curve, median_period, question_holds


def test_a_question_holds_for_a_deal_by_its_last_period_with_allowed_terms() -> None:
    period = np.array([-1, 0, 2, 3, 1])
    choice = np.array([-1, 4, 1, 0, 2])
    np.testing.assert_array_equal(question_holds(period, 2), [False, True, True, False, True])
    allowed = np.array([True, False, True, False, False])
    np.testing.assert_array_equal(question_holds(period, 2, choice, allowed), [False, False, False, False, True])
    per_draw = np.tile(allowed, (5, 1))
    per_draw[1, 4] = True
    np.testing.assert_array_equal(question_holds(period, 2, choice, per_draw), [False, True, False, False, True])


def test_deal_by_counts_and_curve() -> None:
    period = np.array([-1, 0, 2, 2, 5, -1])
    counts = deal_by_counts(period, 4)
    np.testing.assert_array_equal(counts, [1, 1, 3, 3])  # period 5 lies past a 4-period horizon
    share, ci = deal_by_curve(counts, 6)
    np.testing.assert_allclose(share, counts / 6)
    np.testing.assert_allclose(ci[2], wilson(3, 6))
    assert median_period(counts, 6) == 2
    assert median_period(counts, 7) is None
    assert median_period(np.zeros(3, dtype=np.int64), 0) is None
