"""The metrics of time, {question: NAME} and {deal_by: DATE}: from a protocol's summary block, and per draw for Sobol' and PRIM."""

from __future__ import annotations

import math

import numpy as np
import pytest

from negotiation.engine.scenario import load_scenario
from negotiation.experiment.metric import Metric
from negotiation.experiment.metrics import Tally, block_estimate, deal_period, per_draw
from negotiation.results.outcome import ChunkOutcome, ProtocolDraws
from negotiation.results.run_summary import RunSummary
from negotiation.results.summary import wilson
from negotiation.space import OutcomeSpace
from tests.conftest import TOY
from tests.timed_summary import DRAWS, timed_summary, untimed

TIMED = TOY.parent / "timeline.yaml"


def test_a_question_is_its_probability_and_interval_in_the_block() -> None:
    block = timed_summary()["protocols"]["nash"]
    est = block_estimate(Metric("question", question="ceasefire_2025", date="2025-12-31", period=3), block, DRAWS)
    assert (est.value, est.low, est.high) == (0.52, *wilson(520, DRAWS))


@pytest.mark.parametrize(
    ("day", "t"),
    [("2025-12-31", 3), ("2025-12-14", 3), ("2025-12-13", 2), ("2026-02-14", 5), ("2026-06-30", 5), ("2025-09-14", 0), ("2025-09-13", -1)],
)
def test_deal_by_is_the_share_at_the_last_period_ending_on_or_before_the_date(day: str, t: int) -> None:
    data = timed_summary()
    for block in (data["protocols"]["nash"], RunSummary.from_dict(data).protocols["nash"]):
        est = block_estimate(Metric("deal_by", date=day), block, DRAWS)
        timeline = data["protocols"]["nash"]["timeline"]
        if t < 0:
            assert (est.value, est.low, est.high) == (0.0, *wilson(0, DRAWS))
        else:
            assert (est.value, [est.low, est.high]) == (timeline["deal_by"][t], timeline["deal_by_ci95"][t])


def test_the_metrics_of_time_are_undefined_without_a_clock() -> None:
    block = untimed(timed_summary())["protocols"]["nash"]
    for metric in (Metric("question", question="ceasefire_2025"), Metric("deal_by", date="2025-12-31")):
        assert math.isnan(block_estimate(metric, block, DRAWS).value)


def test_a_tally_reads_the_metrics_of_time_from_the_blocks_of_its_point() -> None:
    tally = Tally(parties=2, draws=DRAWS, blocks=timed_summary()["protocols"])
    metric = Metric("question", question="frozen_by_2026")
    est = tally.estimate(metric, "baron_ferejohn", ("russia", "ukraine"), OutcomeSpace.from_sizes((2,)), [], [])
    assert est.value == 0.09


def _chunk(period: list[int], choice: list[int], as_column: bool = False) -> ChunkOutcome:
    n = len(period)
    p = np.array(period, dtype=np.int64)
    draws = ProtocolDraws(
        choice=np.array(choice, dtype=np.int64),
        utility=np.zeros((n, 3)),
        pivotal=np.zeros((n, 3), dtype=bool),
        extras={"period": p.astype(np.float64) if as_column else p},
    )
    return ChunkOutcome(0, n, {}, np.zeros((n, 0), dtype=bool), np.zeros((n, 3)), {"nash": draws})


def test_a_question_holds_per_draw_when_the_deal_is_in_time_and_on_its_terms() -> None:
    scenario = load_scenario(TIMED)
    space = OutcomeSpace.from_scenario(scenario)
    territory = space.codes[:, 0]
    frozen = int(np.flatnonzero(territory == 1)[0])  # frozen_line: allowed
    cession = int(np.flatnonzero(territory == 3)[0])  # de_jure_cession: not allowed
    question = next(q for q in scenario.questions if q.name == "frozen_by_2026")
    terms = tuple(sorted((i, tuple(sorted(o))) for i, o in (question.terms or {}).items()))
    metric = Metric("question", question=question.name, date=question.by.isoformat(), period=question.period, terms=terms)
    # no deal; in time on the terms; in time off the terms; on the terms but too late; in the last period in time
    chunk = _chunk([-1, 0, 2, question.period + 1, question.period], [-1, frozen, cession, frozen, frozen])
    parties = scenario.party_names
    assert per_draw(metric, "nash", chunk, parties, space, [], []).tolist() == [0.0, 1.0, 0.0, 0.0, 1.0]
    by = Metric("deal_by", date="2025-12-31", period=3)
    assert per_draw(by, "nash", _chunk([-1, 0, 3, 4], [-1, frozen, cession, frozen]), parties, space, [], []).tolist() == [0, 1, 1, 0]
    # the period as the draws table holds it (a float column with NaN for no deal) reads the same
    floats = _chunk([-1, 0, 3, 4], [-1, frozen, cession, frozen], as_column=True)
    floats.protocols["nash"].extras["period"] = np.array([np.nan, 0, 3, 4])
    assert per_draw(by, "nash", floats, parties, space, [], []).tolist() == [0, 1, 1, 0]


def test_per_draw_metrics_of_time_need_the_periods_of_a_run_with_a_clock() -> None:
    draws = ProtocolDraws(choice=np.zeros(2, dtype=np.int64), utility=np.zeros((2, 1)), pivotal=np.zeros((2, 1), dtype=bool))
    with pytest.raises(ValueError, match="need a scenario with a clock"):
        deal_period(draws)
