"""Drawing parameters, firing events and applying their effects."""

from __future__ import annotations

import numpy as np

from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.parameters import draw_parameters
from negotiation.engine.scenario import load_scenario
from tests.conftest import TOY


def test_events_fire_at_their_rate_and_effects_apply_only_where_fired() -> None:
    s = load_scenario(TOY, ["events.missile_test.probability=0.3"])
    plan = Plan.build(s)
    drawn = draw_parameters(s, plan.source, 0, 20000)
    fired = drawn.fired[:, 0]
    assert abs(fired.mean() - 0.3) < 0.015
    np.testing.assert_allclose(drawn.values["parties.usa.reservation"], np.where(fired, 0.25, 0.3))
    cost = drawn.values["no_deal.cost.ukraine"]
    raw = drawn.sampled["no_deal.cost.ukraine"]
    np.testing.assert_allclose(cost, np.where(fired, raw * 1.2, raw))


def test_set_effect_and_clipping_into_the_domain() -> None:
    s = load_scenario(
        TOY,
        [
            ("events.missile_test.probability", 1.0),
            ("events.missile_test.effects", {"parties.russia.patience": {"add": 0.5}, "parties.usa.power": {"set": 3}}),
        ],
    )
    drawn = draw_parameters(s, Plan.build(s).source, 0, 100)
    np.testing.assert_array_equal(drawn.values["parties.russia.patience"], 1.0)
    np.testing.assert_array_equal(drawn.values["parties.usa.power"], 3.0)


def test_effect_on_a_derived_reservation_applies_after_the_war_lottery() -> None:
    base = load_scenario(TOY, [("events.missile_test.probability", 0.0)])
    shocked = load_scenario(
        TOY, [("events.missile_test.probability", 1.0), ("events.missile_test.effects", {"parties.ukraine.reservation": {"add": -0.1}})]
    )
    a = solve_chunk(Plan.build(base), 0, 500).reservation[:, 1]
    b = solve_chunk(Plan.build(shocked), 0, 500).reservation[:, 1]
    np.testing.assert_allclose(b, a - 0.1)
