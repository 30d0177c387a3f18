"""Loading the stakeholders and summit sections: positions, tactics, the summit plan, scheduled events.

The example is ``tests/data/stakeholders.yaml``: three parties (ukraine absent
from the summit), six stakeholders, a three-phase plan of 12, 12 and 6 rounds,
and an event scheduled for round 3 of the lunch.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from negotiation.engine.scenario import load_scenario
from negotiation.scenario.distributions import Distribution, Domain
from negotiation.scenario.errors import ScenarioError
from negotiation.scenario.model import Scenario
from negotiation.scenario.sections.summit import ANCHORAGE_PLAN
from negotiation.scenario.yamlio import read_document
from tests.conftest import STAKEHOLDERS


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_scenario(STAKEHOLDERS)


def _data() -> dict[str, Any]:
    """The example file's data, to change before loading it as a mapping."""
    data = read_document(STAKEHOLDERS).data
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def _value(s: Scenario, path: str) -> Any:
    return s.parameters[path].value


# -- stakeholders ------------------------------------------------------------------------------


def test_stakeholders_load_in_file_order_with_party_and_role(example: Scenario) -> None:
    assert [(h.name, h.party, h.role) for h in example.stakeholders] == [
        ("trump", "usa", "leader"),
        ("witkoff", "usa", "delegation"),
        ("putin", "russia", "leader"),
        ("lavrov", "russia", "delegation"),
        ("dmitriev", "russia", "delegation"),
        ("zelensky", "ukraine", "leader"),
    ]
    putin = next(h for h in example.stakeholders if h.name == "putin")
    assert _value(example, putin.capability) == 1.0
    assert putin.salience == {
        "territory": "stakeholders.putin.salience.territory",
        "sanctions_relief": "stakeholders.putin.salience.sanctions_relief",
    }
    assert _value(example, putin.salience["territory"]) == 0.9


def test_a_categorical_position_is_stored_as_the_option_index(example: Scenario) -> None:
    territory = example.issues[0]
    putin = next(h for h in example.stakeholders if h.name == "putin")
    position = example.parameters[putin.position["territory"]]
    assert position.path == "stakeholders.putin.position.territory"
    assert position.value == territory.options.index("de_jure_cession") == 3
    assert position.domain == Domain(0.0, territory.size - 1)
    assert _value(example, "stakeholders.trump.position.territory") == territory.options.index("west_bank_style")
    assert _value(example, "stakeholders.zelensky.position.territory") == territory.options.index("withdrawal")


def test_a_numeric_position_is_stored_in_the_issue_units(example: Scenario) -> None:
    assert _value(example, "stakeholders.trump.position.sanctions_relief") == 0.5
    assert example.parameters["stakeholders.trump.position.sanctions_relief"].domain == Domain(0.0, 1.0)


def test_tactics_and_concession_exponents(example: Scenario) -> None:
    by_name = {h.name: h for h in example.stakeholders}
    assert by_name["putin"].tactic == "boulware"
    assert _value(example, by_name["putin"].concession) == 0.3
    assert by_name["trump"].tactic == "conceder"
    assert _value(example, by_name["trump"].concession) == Distribution("uniform", (1.5, 3.0))


def test_a_leader_without_a_tactic_is_linear_with_concession_1(example: Scenario) -> None:
    zelensky = next(h for h in example.stakeholders if h.name == "zelensky")
    assert zelensky.tactic == "linear"
    concession = example.parameters[zelensky.concession]
    assert (concession.path, concession.value, concession.implicit) == ("stakeholders.zelensky.concession", 1.0, True)


def test_a_delegation_member_gets_the_default_linear_concession(example: Scenario) -> None:
    lavrov = next(h for h in example.stakeholders if h.name == "lavrov")
    assert lavrov.tactic == "linear"
    assert example.parameters[lavrov.concession].implicit
    assert _value(example, lavrov.concession) == 1.0


# -- the summit plan ---------------------------------------------------------------------------


def test_the_summit_plan_of_the_file(example: Scenario) -> None:
    summit = example.summit
    assert summit is not None
    assert [(p.name, p.rounds) for p in summit.phases] == [("one_on_one", 12), ("lunch", 12), ("press", 6)]
    assert summit.absent == ("ukraine",)
    assert example.at_table == ("russia", "usa")
    assert summit.first == "usa"
    assert summit.stakeholder_rounds == 6
    assert summit.phases[0].attendees == ("trump", "putin")  # default: the leaders at the table
    assert summit.phases[1].attendees == ("trump", "witkoff", "putin", "lavrov", "dmitriev")
    assert _value(example, summit.phases[0].noise) == 0.03
    assert _value(example, summit.phases[1].pull) == 0.4
    assert _value(example, summit.phases[2].audience_cost) == 0.05
    assert _value(example, summit.phases[2].noise) == 0.0  # not given: 0


def test_summit_start_counts_rounds_over_all_phases(example: Scenario) -> None:
    summit = example.summit
    assert summit is not None
    assert [summit.start(k) for k in range(3)] == [1, 13, 25]
    assert summit.rounds == 30


def test_without_phases_the_summit_follows_the_anchorage_plan() -> None:
    data = _data()
    del data["summit"]["phases"]
    data["events"]["advance"]["at"] = {"phase": "working_lunch", "round": 3}
    s = load_scenario(data)
    summit = s.summit
    assert summit is not None
    assert [(p.name, p.label, p.rounds) for p in summit.phases] == [(plan.name, plan.label, plan.rounds) for plan in ANCHORAGE_PLAN]
    assert [p.name for p in summit.phases] == ["one_on_one", "working_lunch", "press_conference"]
    assert summit.rounds == 100
    leaders = ("trump", "putin")  # zelensky's party is absent
    delegations = ("trump", "witkoff", "putin", "lavrov", "dmitriev")
    assert [p.attendees for p in summit.phases] == [leaders, delegations, leaders]
    for phase, plan in zip(summit.phases, ANCHORAGE_PLAN, strict=True):
        for kind in ("noise", "pull", "audience_cost"):
            parameter = s.parameters[getattr(phase, kind)]
            assert (parameter.value, parameter.implicit) == (getattr(plan, kind), True)
    assert next(e for e in s.events if e.name == "advance").at == 43  # the working lunch starts at round 41


def test_a_scenario_without_a_summit_section_gets_the_anchorage_plan_with_no_attendees() -> None:
    data = _data()
    for key in ("stakeholders", "summit"):
        del data[key]
    data["protocols"] = ["nash"]
    data["events"]["advance"]["at"] = {"phase": "press_conference"}
    s = load_scenario(data)
    assert s.summit is not None
    assert s.summit.absent == () and s.summit.first == "russia"
    assert [p.attendees for p in s.summit.phases] == [(), (), ()]
    assert next(e for e in s.events if e.name == "advance").at == 81  # round 1 of the last phase


# -- scheduled events --------------------------------------------------------------------------


def test_an_event_at_a_phase_and_round_starts_at_the_global_round(example: Scenario) -> None:
    by_name = {e.name: e for e in example.events}
    assert by_name["advance"].at == 15  # lunch round 3, after the 12 rounds of the one-on-one
    assert by_name["missile_test"].at is None  # not scheduled: holds from the start


# -- one mistake, one message --------------------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def change(data: dict[str, Any]) -> None:
        node = data
        for part in parents:
            node = node[part]
        node[last] = value

    return change


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def change(data: dict[str, Any]) -> None:
        node = data
        for part in parents:
            node = node[part]
        del node[last]

    return change


def _rename(path: str, new: str) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def change(data: dict[str, Any]) -> None:
        node = data
        for part in parents:
            node = node[part]
        node[new] = node.pop(last)

    return change


def _absent_typo_and_no_leader(data: dict[str, Any]) -> None:
    data["summit"]["absent"] = ["ukriane"]
    del data["stakeholders"]["zelensky"]


ONE_MISTAKE: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    # case: (the change to the example, the one path reported); each once gave more than one message
    # a stakeholder that does not compile is still known: not an unknown attendee, and maybe its party's leader
    "role-typo": (_set("stakeholders.putin.role", "leeder"), "stakeholders.putin.role"),
    "tactic-typo": (_set("stakeholders.putin.tactic", "bulware"), "stakeholders.putin.tactic"),
    "party-typo": (_set("stakeholders.putin.party", "rusia"), "stakeholders.putin.party"),
    "concession-on-delegation": (_set("stakeholders.lavrov.concession", 0.3), "stakeholders.lavrov.concession"),
    "position-issue-typo": (_rename("stakeholders.putin.position.territory", "teritory"), "stakeholders.putin.position.teritory"),
    "stakeholders-null": (_set("stakeholders", None), "stakeholders"),
    # a phase that does not compile is still known to an event scheduled in it
    "phase-without-rounds": (_delete("summit.phases.lunch.rounds"), "summit.phases.lunch"),
    "phases-key-typo": (_rename("summit.phases", "phase"), "summit.phase"),
    "summit-other-key-broken": (_set("summit.stakeholder_rounds", 0), "summit.stakeholder_rounds"),
    "stakeholder-rounds-word": (_set("summit.stakeholder_rounds", "many"), "summit.stakeholder_rounds"),
    # a misspelt absent party may be the party without a leader
    "absent-typo": (_absent_typo_and_no_leader, "summit.absent.0"),
    "absent-not-a-list": (_set("summit.absent", "ukraine"), "summit.absent"),
    "protocol-not-a-name": (_set("protocols", ["nash", 5, "summit"]), "protocols.1"),
}


@pytest.mark.parametrize("case", sorted(ONE_MISTAKE))
def test_one_mistake_gives_one_message(case: str) -> None:
    change, path = ONE_MISTAKE[case]
    data = _data()
    change(data)
    with pytest.raises(ScenarioError) as info:
        load_scenario(data)
    assert [p.path for p in info.value.problems] == [path], "\n".join(map(str, info.value.problems))


def test_a_delegation_member_without_a_leader_still_leaves_the_party_leaderless() -> None:
    """Only a stakeholder that may be a leader stands in for a missing one."""
    data = _data()
    data["stakeholders"]["putin"]["role"] = "delegation"
    data["stakeholders"]["putin"]["tactic"] = "bulware"
    with pytest.raises(ScenarioError) as info:
        load_scenario(data)
    problems = {p.path: p.message for p in info.value.problems}
    assert sorted(problems) == ["protocols.1", "stakeholders.putin.tactic"], problems
    assert problems["protocols.1"].endswith("for every party at the table; none for russia")
