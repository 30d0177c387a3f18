"""The sections of a dated scenario compile to what the timeline needs: clock, talks, questions, dated events, drift, beliefs, enforcement.

A scenario without a clock compiles as before and registers no new parameter;
a run refuses what the timeline does not simulate (the summit with a clock, dated events on utilities).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest
import yaml

import negotiation
from negotiation.engine.chunk import Plan
from negotiation.engine.scenario import load_scenario
from negotiation.scenario.distributions import Distribution
from negotiation.scenario.errors import ScenarioError
from negotiation.scenario.model import Effect
from tests.conftest import DATA, TOY, pie

TIMELINE = DATA / "timeline.yaml"
CLOCK = {"start": "2025-08-15", "period": "month", "horizon": "2026-12-31"}


def war(**extra: Any) -> dict[str, Any]:
    """The unit pie with a two-state war lottery: a gets all, or b does."""
    return pie(
        no_deal={
            "outcomes": {
                "a_wins": {"probability": 0.5, "package": {"pie": [1.0, 0.0]}},
                "b_wins": {"probability": 0.5, "package": {"pie": [0.0, 1.0]}},
            },
            **extra,
        },
        parties={"a": {"weight": {"pie": 1.0}}, "b": {"weight": {"pie": 1.0}}},
    )


def _messages(source: Any) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(source)
    return [f"{p.path}: {p.message}" for p in info.value.problems]


def test_the_clock_talks_and_questions_of_the_example() -> None:
    s = load_scenario(TIMELINE)
    assert s.as_of == date(2025, 8, 15)
    assert s.clock is not None and s.clock.start == s.as_of and s.clock.period == "month" and s.clock.n_periods == 17
    assert s.talks is not None
    expected = np.zeros(17, dtype=bool)
    expected[::3] = True
    np.testing.assert_array_equal(s.talks.mask, expected)
    assert [(t.date, t.label, t.period) for t in s.talks.dated] == [(date(2025, 8, 15), "Anchorage summit", 0)]
    assert s.talks.every == (3,)
    by_name = {q.name: q for q in s.questions}
    assert (by_name["ceasefire_2025"].period, by_name["ceasefire_2025"].terms) == (3, None)
    assert by_name["frozen_by_2026"].period == 15 and by_name["frozen_by_2026"].terms == {0: frozenset({1, 2})}
    assert by_name["too_soon"].period == -1


def test_a_dated_event_fires_with_its_probability_from_its_period() -> None:
    s = load_scenario(TIMELINE)
    event = {e.name: e for e in s.events}["sanctions_package"]
    assert (event.date, event.period, event.at) == (date(2025, 10, 22), 2, None)
    assert s.parameters[event.probability].value == 0.8
    assert event.effects == (Effect("no_deal.cost.russia", "add", "events.sanctions_package.effects.no_deal.cost.russia.add"),)


def test_drift_beliefs_and_enforcement_are_parameters() -> None:
    s = load_scenario(TIMELINE)
    nd = s.no_deal
    assert nd is not None
    assert nd.drift == {"russian_gains": "no_deal.drift.russian_gains.add"}
    assert s.parameters["no_deal.drift.russian_gains.add"].value == Distribution("uniform", (0.0, 0.01))
    russia, ukraine = nd.beliefs
    assert russia.party == "russia" and list(russia.mean) == ["russian_gains", "stalemate"]
    assert s.parameters[russia.confidence].uncertain
    assert s.parameters[ukraine.mean["russian_gains"]].implicit and s.parameters[ukraine.mean["russian_gains"]].value == 0.0
    assert nd.enforcement is not None
    assert s.parameters[nd.enforcement.breakdown].value == Distribution("beta", (3.0, 7.0))
    assert nd.enforcement.shift == {
        (0, 1): "no_deal.enforcement.shift.territory.frozen_line",
        (1, 4): "no_deal.enforcement.shift.sanctions_relief.1.0",
    }
    (after,) = nd.enforcement.after
    assert (after.target, after.op) == ("no_deal.outcomes.russian_gains.probability", "multiply")


def test_set_addresses_the_new_leaves() -> None:
    s = load_scenario(TIMELINE, ["no_deal.enforcement.breakdown=0.3", "no_deal.beliefs.ukraine.mean.stalemate={beta: [9, 1]}"])
    assert s.parameters["no_deal.enforcement.breakdown"].value == 0.3
    assert s.parameters["no_deal.beliefs.ukraine.mean.stalemate"].uncertain


def test_without_a_clock_nothing_new_is_registered() -> None:
    before = load_scenario(TOY)
    assert before.clock is None and before.talks is None and before.questions == () and before.as_of is None
    assert before.no_deal is not None and not before.no_deal.dynamic
    assert not any(k.startswith(("no_deal.drift", "no_deal.beliefs", "no_deal.enforcement")) for k in before.parameters)


def test_date_objects_and_iso_strings_are_the_same() -> None:
    written = load_scenario(pie(clock=CLOCK, talks=[{"date": "2025-09-20"}]))
    objects = load_scenario(
        pie(clock={"start": date(2025, 8, 15), "period": "month", "horizon": date(2026, 12, 31)}, talks=[{"date": date(2025, 9, 20)}])
    )
    assert written.clock == objects.clock
    assert written.talks is not None and objects.talks is not None
    np.testing.assert_array_equal(written.talks.mask, objects.talks.mask)
    assert int(np.flatnonzero(written.talks.mask)[0]) == 1 and written.talks.mask.sum() == 1


def test_talks_default_to_every_period() -> None:
    s = load_scenario(pie(clock={"start": "2025-01-01", "period": "quarter", "horizon": "2025-12-31"}))
    assert s.talks is not None and s.talks.mask.tolist() == [True] * 4


def test_beliefs_and_enforcement_without_a_clock_compile_but_are_not_run() -> None:
    s = load_scenario(war(beliefs={"a": {"mean": {"a_wins": 0.7, "b_wins": 0.3}, "confidence": 1000}}, enforcement={"breakdown": 0.1}))
    assert s.clock is None and s.no_deal is not None and s.no_deal.dynamic
    with pytest.raises(ScenarioError) as info:
        Plan.build(s)
    assert [p.path for p in info.value.problems] == ["no_deal.beliefs", "no_deal.enforcement"]


def test_a_run_with_every_section_of_time_runs() -> None:
    r = negotiation.run(TIMELINE, draws=50)
    assert set(r.summary["protocols"]["nash"]["questions"]) == {"ceasefire_2025", "frozen_by_2026", "too_soon"}
    assert r.summary["protocols"]["nash"]["questions"]["too_soon"]["probability"] == 0.0
    Plan.build(load_scenario(_without_enforcement()))


def _without_enforcement() -> dict[str, Any]:
    data = yaml.safe_load(TIMELINE.read_text(encoding="utf-8"))
    del data["no_deal"]["enforcement"]
    return dict(data)


def test_a_run_with_a_clock_refuses_dated_events_on_utilities() -> None:
    s = load_scenario(
        _without_enforcement(),
        [
            "events.sanctions_package.effects={parties.russia.weight.territory: {add: 0.1}}",
        ],
    )
    with pytest.raises(ScenarioError) as info:
        Plan.build(s)
    assert [p.path for p in info.value.problems] == ["events.sanctions_package.effects.parties.russia.weight.territory"]


def test_distributed_means_need_not_sum_to_one() -> None:
    s = load_scenario(war(beliefs={"b": {"mean": {"a_wins": {"beta": [2, 2]}, "b_wins": 0.9}, "confidence": {"uniform": [1, 5]}}}))
    assert s.no_deal is not None and s.no_deal.beliefs[0].party == "b"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"clock": {"period": "week", "horizon": "2026-01-01"}}, "clock: the clock needs a start: give clock.start, or as_of"),
        ({"as_of": "2025-08-15", "questions": {"q": {"by": "2025-12-31"}}}, "questions: questions needs a clock"),
        ({"talks": [{"every": 2}]}, "talks: talks needs a clock"),
        ({"clock": CLOCK, "questions": {"q": {"by": "2025-08-01"}}}, "questions.q.by: 2025-08-01 is before the clock's start 2025-08-15"),
        ({"clock": CLOCK, "talks": [{"every": 1, "date": "2025-09-01"}]}, "talks.0: a talk needs exactly one of 'date'"),
        (
            {"clock": {**CLOCK, "horizon": "2030-01-01", "period": "week", "start": "1800-01-01"}},
            "clock.horizon: from 1800-01-01 to 2030-01-01 there are more than 10,000 weeks",
        ),
        (
            {"clock": {"start": "9999-12-01", "period": "week", "horizon": "9999-12-30"}},
            "clock.horizon: the last week from 9999-12-01 would end after 9999-12-31",
        ),
    ],
)
def test_time_mistakes_on_the_pie(extra: dict[str, Any], expected: str) -> None:
    (message,) = _messages(pie(**extra))
    assert message.startswith(expected), message


@pytest.mark.parametrize(
    ("no_deal", "expected"),
    [
        ({"drift": {"a_win": {"add": 0.01}}}, "no_deal.drift.a_win: unknown end state 'a_win' (did you mean 'a_wins'?)"),
        ({"beliefs": {"a": {"mean": {"a_wins": 0.5}, "confidence": 3}}}, "no_deal.beliefs.a.mean: the means must sum to 1, got 0.5"),
        ({"beliefs": {"a": {"mean": {"a_wins": 1.0}, "confidence": -1}}}, "no_deal.beliefs.a.confidence: a confidence must be at least 0"),
        ({"enforcement": {"breakdown": 1.5}}, "no_deal.enforcement.breakdown: a breakdown chance must be in [0, 1], got 1.5"),
        (
            {"enforcement": {"breakdown": 0.1, "after": {"no_deal.cost.c": {"add": 0.1}}}},
            "no_deal.enforcement.after.no_deal.cost.c: 'no_deal.cost.c' is not a numeric parameter of this scenario",
        ),
        (
            {"enforcement": {"breakdown": 0.1, "after": {"no_deal.enforcement.breakdown": {"set": 0.0}}}},
            "no_deal.enforcement.after.no_deal.enforcement.breakdown: the war after a collapse cannot change enforcement itself",
        ),
        (
            {"beliefs": {"a": {"mean": {"a_wins": 1.0}, "confidence": {"choice": [0, 10]}}}},
            "no_deal.beliefs.a.confidence: a confidence must be greater than 0, but choice can give 0",
        ),
        (
            {"enforcement": {"breakdown": 0.1, "shift": {"pie": {"[0.5, 0.5]": -0.1}}}},
            None,
        ),
    ],
)
def test_war_over_time_mistakes(no_deal: dict[str, Any], expected: str | None) -> None:
    source = war(**no_deal)
    source["clock"] = CLOCK
    if expected is None:
        s = load_scenario(source)
        assert (
            s.no_deal is not None
            and s.no_deal.enforcement is not None
            and s.no_deal.enforcement.shift == {(0, 50): "no_deal.enforcement.shift.pie.[0.5, 0.5]"}
        )
        return
    (message,) = _messages(source)
    assert message.startswith(expected), message
