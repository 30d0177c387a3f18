"""The engine's war path with a clock: dated events from their period on, drift, and protocols at talks."""

from __future__ import annotations

from typing import Any

import numpy as np

import negotiation
from tests.conftest import pie

CLOCK = {"start": "2025-01-01", "period": "month", "horizon": "2025-08-31"}


def war(**extra: Any) -> dict[str, Any]:
    """The unit pie with a two-state war lottery and a clock of 8 months."""
    return pie(
        as_of="2025-01-01",
        clock=CLOCK,
        no_deal={
            "outcomes": {
                "a_wins": {"probability": 0.5, "package": {"pie": [1.0, 0.0]}},
                "b_wins": {"probability": 0.5, "package": {"pie": [0.0, 1.0]}},
            },
            "cost": {"a": 0.01, "b": 0.01},
        },
        parties={"a": {"weight": {"pie": 1.0}}, "b": {"weight": {"pie": 1.0}}},
        monte_carlo={"draws": 30, "seed": 3},
        **extra,
    )


def test_a_dated_event_moves_nature_s_lottery_from_its_period_on() -> None:
    event = {"surge": {"probability": 1.0, "at": "2025-04-10", "effects": {"no_deal.outcomes.a_wins.probability": {"set": 0.9}}}}
    r = negotiation.run(war(events=event))
    median = r.summary["beliefs"]["nature"]["a_wins"]["median"]
    assert median[:3] == [0.505] * 3 and median[3:] == [0.645] * 5  # 0.5, then 0.9 / 1.4 (upper bin edges)
    assert r.summary["clock"]["events"] == [{"name": "surge", "label": "surge", "date": "2025-04-10", "period": 3}]
    assert r.summary["beliefs"]["a"] == r.summary["beliefs"]["nature"]  # common beliefs by default


def test_drift_and_costs_that_rise_later_bring_a_deal_at_the_event() -> None:
    # equal-valued war, tiny costs: mutual optimism (each believes it wins with 0.6) blocks a deal until costs rise in period 5
    beliefs = {
        "a": {"mean": {"a_wins": 0.6, "b_wins": 0.4}, "confidence": 1e12},
        "b": {"mean": {"a_wins": 0.4, "b_wins": 0.6}, "confidence": 1e12},
    }
    event = {"sanctions": {"probability": 1.0, "at": "2025-06-01", "effects": {"no_deal.cost.a": {"add": 0.2}}}}
    r = negotiation.run(
        war(events=event), overrides={"no_deal.beliefs": beliefs}, protocols=["nash", {"baron_ferejohn": {"rule": "majority"}}]
    )
    table = r.table.to_pandas()
    assert (table["nash.period"] == 5).all()
    timeline = r.summary["protocols"]["nash"]["timeline"]
    assert timeline["deal_by"] == [0.0] * 5 + [1.0] * 3 and timeline["median_date"] == "2025-06-30"
    assert table["baron_ferejohn[rule=majority].period"].notna().all()


def test_talks_only_on_their_dates() -> None:
    r = negotiation.run(
        war(talks=[{"date": "2025-03-05", "label": "Geneva"}]), protocols=["nash", {"fearon": {"informed": "a", "proposer": "b"}}]
    )
    table = r.table.to_pandas()
    assert set(table["nash.period"].dropna().astype(int)) <= {2}
    assert r.summary["clock"]["talks"] == [{"period": 2, "date": "2025-03-05", "label": "Geneva"}]
    assert np.isclose(r.summary["protocols"]["nash"]["deal_rate"], r.summary["protocols"]["nash"]["timeline"]["deal_by"][-1])


def commitment(p1: float) -> dict[str, Any]:
    """Powell (2006) on the unit pie: a deal breaks down with chance 0.9 into a war A wins with p1 (0.5 before)."""
    scenario = war()
    scenario["no_deal"]["cost"] = {"a": 0.05, "b": 0.3}
    scenario["no_deal"]["enforcement"] = {
        "breakdown": 0.9,
        "after": {"no_deal.outcomes.a_wins.probability": {"set": p1}, "no_deal.outcomes.b_wins.probability": {"set": 1.0 - p1}},
    }
    scenario["monte_carlo"] = {"draws": 5, "seed": 1}
    return scenario


def test_the_commitment_problem_leaves_no_division_a_accepts_below_the_threshold() -> None:
    # A accepts no division iff delta (p0 - p1) > (1 - delta)(1 - p0 + c_A): at delta 0.9, p0 0.5, c_A 0.05, p1 < 0.4389
    threshold = 0.5 - 0.1 * 0.55 / 0.9
    below = negotiation.run(commitment(threshold - 0.02), protocols=["nash", "baron_ferejohn"])
    above = negotiation.run(commitment(threshold + 0.02), protocols=["nash", "baron_ferejohn"])
    for label in ("nash", "baron_ferejohn"):
        assert below.summary["protocols"][label]["deal_rate"] == 0.0
        assert above.summary["protocols"][label]["deal_rate"] == 1.0
    shares = above.table.to_pandas()["nash.pie.a"]
    assert (shares >= 0.8).all()  # A needs 0.1 x + 0.9 (p1 - 0.05) >= 0.45: x >= 0.82
