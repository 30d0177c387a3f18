"""The one-shot problem at a clock's start (``scenario.at_start``): what the summit and bdm run on a dated scenario."""

from __future__ import annotations

import datetime as dt

import pytest

from negotiation.engine.registry import CATALOG
from negotiation.engine.scenario import load_scenario
from negotiation.scenario.at_start import at_start
from negotiation.scenario.yamlio import read_document
from tests.conftest import DATA, STAKEHOLDERS

TIME = {
    "clock": {"start": "2025-08-15", "period": "month", "horizon": "2026-12-31"},
    "talks": [{"date": "2025-08-15"}, {"every": 3}],
    "questions": {"d2025": {"by": "2025-12-31"}},
}


def test_a_clocked_scenario_without_dated_events_or_war_over_time_is_its_file_without_the_clock() -> None:
    clocked = load_scenario(STAKEHOLDERS, TIME)
    static, record = at_start(clocked, CATALOG)
    assert static.document.data == read_document(STAKEHOLDERS).data
    assert static.clock is None and static.talks is None and static.questions == ()
    assert record.to_dict() == {
        "start": "2025-08-15",
        "first_period_end": "2025-09-14",
        "protocols": ["nash", "summit", "bdm"],
        "dated_events_applied": [],
        "left_out": ["clock", "talks", "questions"],
    }
    assert clocked.clock is not None and "clock" in clocked.document.data  # the scenario given is not changed


def test_dated_events_of_the_first_period_apply_undated_and_later_ones_are_left_out() -> None:
    # timeline.yaml: a monthly clock from 2025-08-15 (period 0 ends 2025-09-14), drift, beliefs, enforcement,
    # and sanctions_package dated 2025-10-22 (period 2).
    overrides = {
        "events.early": {"probability": 0.5, "at": "2025-09-14", "effects": {"no_deal.cost.russia": {"add": 0.01}}},
        "events.on_drift": {"probability": 0.5, "effects": {"no_deal.drift.russian_gains.add": {"add": 0.01}}},
        "events.missile_test.effects": {
            "parties.usa.reservation": {"add": -0.05},
            "no_deal.cost.ukraine": {"multiply": 1.2},
            "no_deal.drift.russian_gains.add": {"multiply": 2.0},
        },
    }
    clocked = load_scenario(DATA / "timeline.yaml", overrides)
    static, record = at_start(clocked, CATALOG)
    assert record.applied == ("early",)
    assert record.left_out == (
        "clock",
        "talks",
        "questions",
        "no_deal.drift",
        "no_deal.beliefs",
        "no_deal.enforcement",
        "events.missile_test.effects.no_deal.drift.russian_gains.add",
        "events.sanctions_package",
        "events.on_drift.effects.no_deal.drift.russian_gains.add",
        "events.on_drift",
    )
    events = {e.name: e for e in static.events}
    assert list(events) == ["missile_test", "early"]
    assert events["early"].date is None and events["early"].period is None and events["early"].at is None
    assert static.document.data["events"]["early"] == {"probability": 0.5, "effects": {"no_deal.cost.russia": {"add": 0.01}}}
    assert [e.target for e in events["missile_test"].effects] == ["parties.usa.reservation", "no_deal.cost.ukraine"]
    assert static.no_deal is not None and not static.no_deal.dynamic
    assert static.as_of == dt.date(2025, 8, 15)


def test_a_dated_event_the_day_after_the_first_period_is_left_out() -> None:
    overrides = {"events.late": {"probability": 1.0, "at": "2025-09-15", "effects": {"no_deal.cost.russia": {"add": 0.01}}}}
    _, record = at_start(load_scenario(DATA / "timeline.yaml", overrides), CATALOG)
    assert record.applied == ()
    assert "events.late" in record.left_out


def test_a_scenario_without_a_clock_has_no_one_shot_problem_to_build() -> None:
    with pytest.raises(ValueError, match="has no clock"):
        at_start(load_scenario(STAKEHOLDERS), CATALOG)
