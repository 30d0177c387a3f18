"""Loading and compiling scenarios: parameters, grids, packages, defaults, overrides."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation.engine.scenario import load_scenario
from negotiation.scenario.compile import compositions
from negotiation.scenario.distributions import Distribution
from negotiation.scenario.errors import ScenarioError
from tests.conftest import TOY, pie


def _messages(source: object, overrides: object = ()) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(source, overrides)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


def test_example_loads_with_grids_parameters_and_packages() -> None:
    s = load_scenario(TOY)
    territory, relief, fund = s.issues
    assert territory.options == ("withdrawal", "frozen_line", "west_bank_style", "de_jure_cession")
    np.testing.assert_allclose(relief.grid, [0, 0.25, 0.5, 0.75, 1])
    np.testing.assert_allclose(fund.shares, [[0, 1], [0.25, 0.75], [0.5, 0.5], [0.75, 0.25], [1, 0]])
    assert s.parameters["parties.russia.reservation"].value == Distribution("beta", (4.0, 6.0))
    assert s.parameters["parties.ukraine.weight.sanctions_relief"].implicit
    assert s.parameters["parties.ukraine.reservation"].value is None
    assert s.parties[1].derived_reservation
    assert s.proposals == {"money_making_offer": (2, 2, 2)}
    assert s.exclude == ({0: frozenset({0}), 1: frozenset({4})},)
    assert s.ratification[0].applies_if == {0: frozenset({3})}
    assert s.ratification[0].shift == {(1, 4): "ratification.ukraine_referendum.shift.sanctions_relief.1.0"}
    assert [e.op for e in s.events[0].effects] == ["add", "multiply"]
    assert s.monte_carlo.seed == 2025 and s.monte_carlo.sampler == "random"


def test_defaults_fill_power_patience_recognition_and_protocols() -> None:
    s = load_scenario(pie())
    assert s.parameters["parties.a.power"].value == 1.0
    assert s.parameters["parties.a.patience"].value == 0.95
    assert s.parameters["parties.a.recognition"].value == 0.5
    assert [p.name for p in s.protocols] == ["nash"]


def test_compositions_are_lexicographic() -> None:
    assert compositions(2, 2).tolist() == [[0, 2], [1, 1], [2, 0]]
    assert len(compositions(4, 3)) == 15
    assert (compositions(4, 3).sum(axis=1) == 4).all()


def test_overrides_set_numbers_distributions_and_new_keys() -> None:
    s = load_scenario(TOY, ["parties.usa.reservation={beta: [2, 3]}", "monte_carlo.draws=77", "parties.usa.power=2"])
    assert s.parameters["parties.usa.reservation"].value == Distribution("beta", (2.0, 3.0))
    assert s.monte_carlo.draws == 77
    assert s.parameters["parties.usa.power"].value == 2.0
    assert s.document.where(("parties", "usa", "power")) == ("--set", 3)


def test_override_into_a_list_by_index() -> None:
    s = load_scenario(pie(), [("issues.pie.split.0", "a"), "protocols=[nash]"])
    assert s.issues[0].split == ("a", "b")


def test_problems_from_file_and_overrides_come_together() -> None:
    messages = _messages(TOY, ["parties.rusia.power=2", "monte_carlo.chunk=0", "parties.usa.reservation={normal: [0.3, 0.1]}"])
    assert messages[0] == "--set:1: parties.rusia.power: no key 'rusia' here (did you mean 'russia'?)"
    assert messages[1] == "--set:2: monte_carlo.chunk: must be at least 1, got 0"
    assert len(messages) == 2  # an unbounded reservation value is allowed


def test_value_table_errors_name_the_option() -> None:
    data = pie()
    data["issues"]["t"] = {"options": ["low", "high"]}
    data["parties"]["a"]["weight"]["t"] = 1.0
    data["parties"]["a"]["value"] = {"t": {"lwo": 0.0, "high": 1.0}}
    messages = _messages(data)
    assert len(messages) == 1 and "'lwo' is not an option of 't' (did you mean 'low'?)" in messages[0]
    del data["parties"]["a"]["value"]["t"]["lwo"]
    assert any("the table gives no value for low" in m for m in _messages(data))


def test_weight_on_a_split_issue_the_party_has_no_share_in() -> None:
    data = pie()
    data["parties"]["c"] = {"weight": {"pie": 1.0}, "reservation": 0.0}
    assert any("'c' has no share in split issue 'pie'" in m for m in _messages(data))


def test_outcome_space_limit() -> None:
    data = pie()
    data["issues"]["big"] = {"range": [0, 1], "steps": 5000}
    data["parties"]["a"]["weight"]["big"] = 1.0
    data["parties"]["a"]["value"] = {"big": "increasing"}
    assert any("more than the limit" in m for m in _messages(data))


def test_event_effect_on_derived_reservation_is_accepted() -> None:
    s = load_scenario(TOY, [("events.missile_test.effects", {"parties.ukraine.reservation": {"add": -0.1}})])
    assert s.events[0].effects[0].target == "parties.ukraine.reservation"
