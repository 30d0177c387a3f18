"""The summit's leaders anticipating the absent party, against numbers derived by hand.

Putnam (1988), "Diplomacy and domestic politics: the logic of two-level
games", International Organization 42(3): 427-460: an agreement at the table
must also fall in the win-set of those who ratify it, here a party absent
from the room. Fearon (1995), "Rationalist explanations for war",
International Organization 49(3): 379-414: a proposer who does not know the
other side's reservation value screens its offers by the chance the other
side accepts, P(k), and values an offer at P(k) u(k) + (1 - P(k)) d. The
leaders at the summit do the same for the absent party (docs/MODEL.md §17).

The worked case (``tests.summit_cases.absent_summit``): leaders of a and b set
x on a grid of 1/100 over 100 rounds; u_a = x, u_b = u_c = 1 - x; c is absent;
reservation values d_a = d_b = 0; linear tactics (Faratin, Sierra & Jennings
1998), so with s = (t - 1)/99 a leader's aspiration in round t is
d + (1 - s)(U - d), U the top of what it can hope for.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

import negotiation
from negotiation.engine.chunk import Plan, chunk_talks
from negotiation.engine.scenario import load_scenario
from negotiation.summit.anticipation import acceptance, expected
from tests.conftest import DATA, STAKEHOLDERS
from tests.summit_cases import absent_summit


def _talks(scenario: dict[str, Any]):  # type: ignore[no-untyped-def]
    plan = Plan.build(load_scenario(scenario))
    spec = next(spec for spec, _ in plan.protocols if spec.name == "summit")
    return chunk_talks(plan, 0, 1, spec)


def _chance_for_c(scenario: dict[str, Any], u_c: list[float]) -> list[float]:
    """P(c accepts) for packages worth ``u_c`` to c (the utilities of a and b do not matter)."""
    utility = np.zeros((1, len(u_c), 3))
    utility[0, :, 2] = u_c
    return [float(p) for p in acceptance(_talks(scenario), utility, 0)[0]]


def test_acceptance_from_the_reservation_law_as_written() -> None:
    """d_c ~ U[0.3, 0.6] (Fearon's proposer's belief is the law as written): P(u) = (u - 0.3) / 0.3
    on [0.3, 0.6], so P(0.5) = 2/3, P(0.2) = 0, P(0.7) = 1, P(0.45) = 1/2.
    A leader with d_a = 0.1 values x = 0.5 (u_a = 0.5, P = 2/3) at 0.1 + (2/3)(0.5 - 0.1) = 11/30."""
    chance = _chance_for_c(absent_summit(d_c={"uniform": [0.3, 0.6]}), [0.5, 0.2, 0.7, 0.45])
    assert chance == pytest.approx([2 / 3, 0.0, 1.0, 0.5], abs=1e-7)
    value = expected(np.array([[[0.5, 0.5, 0.5]]]), np.array([[2 / 3]]), np.array([[0.1, 0.0, 0.0]]))
    assert value[0, 0, 0] == pytest.approx(11 / 30, abs=1e-12)


def test_an_explicit_belief_replaces_the_written_law() -> None:
    """summit.anticipation.c = U[0.4, 0.8] while the file writes d_c ~ U[0.3, 0.6]: P(0.5) = 0.1/0.4 = 1/4.
    A number is a point mass: with belief 0.45, P(0.45) = 1 (ties accept, as c does) and P(0.44) = 0."""
    scenario = absent_summit(d_c={"uniform": [0.3, 0.6]}, anticipation={"c": {"uniform": [0.4, 0.8]}})
    assert _chance_for_c(scenario, [0.5]) == pytest.approx([0.25], abs=1e-7)
    assert _chance_for_c(absent_summit(anticipation={"c": 0.45}), [0.45, 0.44]) == [1.0, 0.0]


def test_acceptance_from_the_cost_law_when_the_reservation_is_derived() -> None:
    """c's reservation derived from a war lottery: x = 0 or x = 1 with probability 1/2 each, so
    L_c = 0.5, and d_c = 0.5 - cost with cost ~ triangular(0.1, 0.2, 0.3). c accepts u iff
    cost >= 0.5 - u, so P(u) = 1 - F(0.5 - u): F(0.2) = 1/2 (the mode), F(0.25) = 1 - 0.05^2/(0.2 x 0.1)
    = 7/8 and F(0.15) = 0.05^2/(0.2 x 0.1) = 1/8; so P(0.3) = 1/2, P(0.25) = 1/8, P(0.35) = 7/8."""
    scenario = absent_summit()
    del scenario["parties"]["c"]["reservation"]
    scenario["no_deal"] = {
        "outcomes": {
            "b_wins": {"probability": 0.5, "package": {"x": 0.0}},
            "a_wins": {"probability": 0.5, "package": {"x": 1.0}},
        },
        "cost": {"a": 0.0, "b": 0.0, "c": {"triangular": [0.1, 0.2, 0.3]}},
    }
    scenario["parties"]["a"]["reservation"] = scenario["parties"]["b"]["reservation"] = 0.0
    assert _chance_for_c(scenario, [0.3, 0.25, 0.35]) == pytest.approx([0.5, 0.125, 0.875], abs=1e-7)


def test_anticipation_moves_the_framework_into_the_absent_partys_win_set() -> None:
    """Worked by hand, d_c = 0.6 known exactly, so c accepts x iff 1 - x >= 0.6, x <= 0.4.

    Without anticipation the leaders split as if c did not exist: in round 50 b (aspiration
    1 - 49/99 = 0.50505) offers x = 0.49, short of a's 0.50505; in round 51 a (aspiration
    0.49495) offers x = 0.50, which b accepts: the framework x = 0.5, worth 0.5 < 0.6 to c, is rejected.

    With anticipation every x > 0.4 is worth d = 0 to a and b (P = 0), so a's top is U_a = 0.4 and
    b's U_b = 1 (x = 0): aspirations 0.4 (1 - s) and 1 - s. In round 29 (s = 28/99) a asks for the
    smallest x >= 0.4 x 71/99 = 0.28687, x = 0.29, worth 0.71 < 0.71717 to b: refused. In round 30
    (s = 29/99) b offers the largest x with 1 - x >= 0.70707, x = 0.29, and a's aspiration is
    0.4 x 70/99 = 0.28283 <= 0.29: agreed, and c accepts 0.71 >= 0.6: a deal."""
    off = negotiation.run(absent_summit(anticipation=False, steps=101)).summary["protocols"]["summit"]
    assert off["summit"]["rounds_to_framework"][50] == 1  # round 51
    assert off["summit"]["outcomes"]["rejected"] == 1.0 and off["deal_rate"] == 0.0
    on = negotiation.run(absent_summit(steps=101)).summary["protocols"]["summit"]
    assert on["deal_rate"] == 1.0 and on["mean_round"] == 30
    assert on["top_packages"][0]["package"] == {"x": pytest.approx(0.29)}
    assert on["proposers"] == {"a": 0.0, "b": 1.0, "c": 0.0}
    assert on["summit"]["anticipation"] == {"expected_acceptance": 1.0, "absent_rejected": 0.0}


KNOWN_EXACTLY = {
    "written number": {"d_c": 0.55},
    "explicit belief equal to it": {"d_c": 0.55, "anticipation": {"c": 0.55}},
    "derived, fixed cost": {"war": True},
}


@pytest.mark.parametrize("case", list(KNOWN_EXACTLY))
@pytest.mark.parametrize(("tactic_a", "tactic_b"), [("boulware", "conceder"), ("linear", "tit_for_tat"), ("conceder", "boulware")])
def test_with_the_reservation_known_exactly_no_framework_is_rejected(case: str, tactic_a: str, tactic_b: str) -> None:
    """Known exactly, P(k) is 1 or 0 and equals what c will do, and no leader agrees to a framework
    with P = 0: no framework c rejects is agreed. The derived case: x = 0 or 1 with probability
    1/2 each and a fixed cost 0.05 give d_c = 0.5 - 0.05 = 0.45, known to the leaders as L_c and the
    cost's point mass. Without anticipation, against a Boulware a, the same draws do have rejected frameworks."""
    kw: dict[str, Any] = dict(KNOWN_EXACTLY[case])
    war = kw.pop("war", False)
    common = {"d_a": {"uniform": [0.0, 0.4]}, "d_b": {"uniform": [0.0, 0.3]}, "rounds": 30, "steps": 21, "draws": 200}
    outcomes = {}
    for anticipate in (True, False):
        belief = kw.get("anticipation", True) if anticipate else False
        scenario = absent_summit(tactic_a, tactic_b, **common, **{**kw, "anticipation": belief})
        if war:
            del scenario["parties"]["c"]["reservation"]
            scenario["no_deal"] = {
                "outcomes": {"b_wins": {"probability": 0.5, "package": {"x": 0.0}}, "a_wins": {"probability": 0.5, "package": {"x": 1.0}}},
                "cost": {"a": 0.0, "b": 0.0, "c": 0.05},
            }
        res = negotiation.run(scenario)
        outcomes[anticipate] = res.summary["protocols"]["summit"]["summit"]["outcomes"]
        if anticipate:
            frameworks = res.draws[res.draws["summit.framework"] == 1.0]
            assert not frameworks["summit.pivotal.c"].any()
    assert outcomes[True]["rejected"] == 0.0 and outcomes[True]["deal"] > 0.0
    if tactic_a == "boulware":  # a holds out for a high x, which c rejects unless a anticipates it
        assert outcomes[False]["rejected"] > 0.0


def test_a_wrong_belief_lets_rejected_frameworks_through() -> None:
    """The guarantee needs the belief to be right: d_c = 0.55 but the leaders believe 0.2, so they
    agree to frameworks worth 0.2 to 0.55 to c, which c rejects."""
    res = negotiation.run(absent_summit("boulware", "conceder", d_c=0.55, anticipation={"c": 0.2}, rounds=30, steps=21, draws=50))
    assert res.summary["protocols"]["summit"]["summit"]["outcomes"]["rejected"] > 0.5


def test_anticipation_false_gives_the_results_recorded_before_it_existed() -> None:
    """``summit.anticipation: false`` restores the summit as it was: the summit block, the deal
    rate and every draw's summit columns equal those recorded before anticipation existed."""
    recorded = json.loads((DATA / "summit_without_anticipation.json").read_text(encoding="utf-8"))
    overrides = {**recorded["overrides"], "summit.anticipation": False}
    res = negotiation.run(STAKEHOLDERS, draws=recorded["draws"], seed=recorded["seed"], protocols=["summit"], overrides=overrides)
    summit = res.summary["protocols"]["summit"]
    assert json.dumps(summit["summit"], sort_keys=True) == json.dumps(recorded["summit"], sort_keys=True)
    assert summit["deal_rate"] == recorded["deal_rate"]
    for column, values in recorded["columns"].items():
        now = [None if x != x else (x if isinstance(x, str) else int(x)) for x in res.draws[column].tolist()]
        assert now == values, column
    assert "summit.expected_acceptance" not in res.draws
    assert 0.0 < recorded["deal_rate"] < 1.0 and 0.0 < recorded["summit"]["outcomes"]["rejected"] < 1.0  # not vacuous
