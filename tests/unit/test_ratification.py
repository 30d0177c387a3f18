"""Ratification steps on hand-made cases and on the baseline scenario."""

from __future__ import annotations

import numpy as np

from negotiation.engine.chunk import Plan
from negotiation.engine.parameters import draw_parameters
from negotiation.engine.scenario import load_scenario
from negotiation.solvers.ratification import Ratifier, package_passes, passes, win_set
from negotiation.space import OutcomeSpace
from tests.conftest import ROOT, TOY

BASELINE = ROOT / "scenarios" / "alaska-summit-2025.yaml"


def test_the_example_referendum_triggers_on_de_jure_cession_only() -> None:
    scenario = load_scenario(TOY)
    space = OutcomeSpace.from_scenario(scenario)
    ratifier = Ratifier.build(scenario, space)
    territory = scenario.issues[0].options
    np.testing.assert_array_equal(ratifier.triggers[0], [territory[c] == "de_jure_cession" for c in space.codes[:, 0]])


def test_shifts_move_support_for_packages_with_those_values() -> None:
    """Support 0.45 is below the 0.5 threshold; a +0.1 shift for full sanctions relief
    lifts exactly the packages with it over the threshold."""
    scenario = load_scenario(
        TOY,
        [("ratification.ukraine_referendum.support", 0.45), ("ratification.ukraine_referendum.shift", {"sanctions_relief": {1.0: 0.1}})],
    )
    space = OutcomeSpace.from_scenario(scenario)
    ratifier = Ratifier.build(scenario, space)
    plan = Plan.build(scenario)
    drawn = draw_parameters(scenario, plan.source, 0, 4)
    support, threshold, shift = ratifier.levels(drawn.values, 4)
    np.testing.assert_allclose(support, 0.45)
    passing = passes(support, threshold, shift, space.incidence)
    full_relief = space.codes[:, 1] == 4
    np.testing.assert_array_equal(passing[:, 0, :], np.broadcast_to(full_relief, (4, space.size)))
    allowed = win_set(ratifier.triggers, passing)
    cession = ratifier.triggers[0]
    np.testing.assert_array_equal(allowed[0], ~cession | full_relief)
    columns = space.option_columns(space.codes[:3])
    np.testing.assert_array_equal(package_passes(support, threshold, shift, columns), passing[:, :, :3])


def test_west_bank_style_avoids_the_baseline_referendum() -> None:
    """The arrangement keeps Ukraine's de jure borders, so no package with it triggers
    the referendum; donbas_exit and de_jure_cession always do."""
    scenario = load_scenario(BASELINE)
    space = OutcomeSpace.from_scenario(scenario)
    ratifier = Ratifier.build(scenario, space)
    referendum = ratifier.triggers[ratifier.names.index("ukraine_referendum")]
    territory = np.array(scenario.issues[0].options)[space.codes[:, 0]]
    assert not referendum[territory == "west_bank_style"].any()
    assert not referendum[territory == "frozen_line"].any()
    assert referendum[(territory == "donbas_exit") | (territory == "de_jure_cession")].all()
    review = ratifier.triggers[ratifier.names.index("us_congressional_review")]
    relief = scenario.issues[3].grid[space.codes[:, 3]]
    np.testing.assert_array_equal(review, relief >= 0.75)
