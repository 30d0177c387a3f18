"""The agent-based summit: the Mesa model, transcripts, scheduled events and the summary block."""

from __future__ import annotations

from pathlib import Path

import mesa
import numpy as np
import pytest

import negotiation
from negotiation.engine.chunk import Plan, chunk_inputs, chunk_talks
from negotiation.engine.scenario import load_scenario
from negotiation.summit import Delegate, Leader, SummitModel
from negotiation.summit.ladder import build_ladder
from negotiation.summit.noise import draw_keys, normals
from negotiation.summit.tactics import time_dependent
from tests.conftest import STAKEHOLDERS
from tests.summit_cases import pie_summit


@pytest.fixture(scope="module")
def plan() -> Plan:
    return Plan.build(load_scenario(STAKEHOLDERS, [("monte_carlo.draws", 256)]))


def _summit_spec(plan: Plan):  # type: ignore[no-untyped-def]
    return next(spec for spec, _ in plan.protocols if spec.name == "summit")


@pytest.mark.smoke
def test_mesa_model_registers_leaders_and_delegates_and_steps(plan: Plan) -> None:
    """Smoke test: a Mesa 3 model whose agents are the stakeholders, stepping round by round."""
    talks = chunk_talks(plan, 0, 64, _summit_spec(plan))
    model = SummitModel(talks)
    assert isinstance(model, mesa.Model)
    leaders = list(model.agents_by_type[Leader])
    delegates = list(model.agents_by_type[Delegate])
    assert sorted(x.who.name for x in leaders) == ["putin", "trump"]
    assert sorted(x.who.name for x in delegates) == ["dmitriev", "lavrov", "witkoff", "zelensky"]
    assert all(x.concession.shape == (64,) for x in leaders)
    model.step()
    model.step()
    assert model.t == 2
    assert len(model.datacollector.model_vars["standing"]) == 2
    settled = model.run()
    assert model.t <= plan.scenario.summit.rounds  # type: ignore[union-attr]
    assert not model.running
    assert settled.done.any()
    assert np.all(settled.round[settled.done] >= 1)


def test_leaders_open_with_their_ideal_and_concede_over_rounds() -> None:
    """The opener's first offer is its ideal; without a delegation's pull (the first phase) a
    leader's own offers never get better for it; no offer is worth more to it than its ideal.
    On utilities, so without anticipation (with it, the same holds of expected utilities:
    tests/regression/test_summit_anticipation.py)."""
    plan = Plan.build(load_scenario(STAKEHOLDERS, [("monte_carlo.draws", 64), ("summit.anticipation", False)]))
    talks = chunk_talks(plan, 0, 64, _summit_spec(plan))
    model = SummitModel(talks)
    model.run()
    standing = np.stack(model.datacollector.model_vars["standing"])  # (rounds, draws, seats)
    opener = model.leaders[model.first_seat]
    assert np.allclose(standing[0, :, opener.seat], opener.ideal)
    first_phase = plan.scenario.summit.phases[0].rounds  # type: ignore[union-attr]
    for seat, leader in enumerate(model.leaders):
        assert np.all(np.diff(standing[:first_phase, :, seat], axis=0) <= 1e-12)
        assert np.all(standing[:, :, seat] <= leader.ideal + 1e-12)


def test_ladder_runs_from_the_proposer_ideal_towards_the_others(plan: Plan) -> None:
    given = chunk_inputs(plan, 0, 32)
    usa, russia = plan.scenario.party_names.index("usa"), plan.scenario.party_names.index("russia")
    ladder = build_ladder(given.wv, plan.space, usa, [usa, russia])
    valid = ladder.package >= 0
    own = np.where(valid, ladder.own, np.nan)
    others = np.where(valid, ladder.others, np.nan)
    first = np.argmax(valid, axis=1)
    rows = np.arange(32)
    u = given.wv[:, usa, :] @ plan.space.incidence
    assert np.allclose(own[rows, first], u.max(axis=1)), "the first rung is the proposer's ideal"
    steps = np.diff(np.where(valid, ladder.own, np.inf), axis=1)
    assert np.all(steps[np.isfinite(steps)] <= 1e-12)
    gains = np.diff(others, axis=1)
    assert np.all(gains[np.isfinite(gains)] >= -1e-12)
    assert ladder.own.shape[1] == 1 + sum(size - 1 for size in plan.space.sizes)


def test_scheduled_event_moves_reservations_from_its_round(plan: Plan) -> None:
    """'advance' happens at the lunch's round 3 = summit round 15, in the draws where it fires;
    the other protocols see the final state."""
    talks = chunk_talks(plan, 0, 256, _summit_spec(plan))
    assert talks.state_from == (1, 15)
    assert talks.state_events == ((), ("advance",))
    j = [e.name for e in plan.scenario.events].index("advance")
    fired = talks.fired[:, j]
    assert 0 < fired.sum() < 256
    usa = plan.scenario.party_names.index("usa")
    before, after = talks.reservations
    assert np.allclose(after[fired, usa] - before[fired, usa], 0.02)
    assert np.array_equal(after[~fired], before[~fired])
    given = chunk_inputs(plan, 0, 256)
    assert np.array_equal(given.states[-1], after)


def test_noise_is_a_function_of_the_draw_alone() -> None:
    keys = draw_keys(np.random.default_rng(3).random(500))
    z = normals(keys, 5, np.array([0, 2]))
    assert z.shape == (500, 2)
    assert abs(z.mean()) < 0.15 and 0.85 < z.std() < 1.15
    assert np.array_equal(normals(keys[7:8], 5, np.array([0, 2])), z[7:8])
    assert not np.array_equal(normals(keys, 6, np.array([0, 2])), z)


def test_boulware_never_ahead_of_conceder_in_concession() -> None:
    e = np.array([0.1, 0.3, 0.9, 1.0, 1.5, 4.0])
    alpha = np.stack([time_dependent(t, 100, e) for t in range(1, 101)])
    assert np.all(np.diff(alpha, axis=1) >= 0), "a larger e concedes at least as much by every round"
    assert np.all(alpha[0] == 0) and np.allclose(alpha[-1], 1)


@pytest.mark.slow  # whole runs: the default suite's time budget
def test_transcript_of_a_single_draw_tells_the_story(tmp_path: Path) -> None:
    res = negotiation.run(pie_summit(), out=tmp_path / "one")
    text = (tmp_path / "one" / "transcript.md").read_text(encoding="utf-8")
    assert text.startswith("# Summit transcript: pie")
    assert "At the table: alice for a (linear); bob for b (linear)." in text
    assert "Round 1. alice (a) offers pie=(a 1, b 0): worth a 1.000, b 0.000." in text
    assert "    bob (b), aspiration 1.000, floor 0.000: rejects." in text
    assert "Round 51. alice (a) offers the package on the table with pie=(a 0.5, b 0.5): worth a 0.500, b 0.500." in text
    assert "    bob (b), aspiration 0.495, floor 0.000: accepts." in text
    assert "Framework agreed in round 51 (talks), proposed by a: pie=(a 0.5, b 0.5)." in text
    assert text.rstrip().endswith("It passes every ratification step it triggers: deal.")
    assert res.summary["protocols"]["summit"]["deal_rate"] == 1.0


@pytest.mark.slow  # a real process or whole runs: the default suite's time budget
def test_transcript_reports_phases_delegations_events_and_the_absent_party(tmp_path: Path) -> None:
    negotiation.run(STAKEHOLDERS, draws=1, seed=3, protocols=["summit"], out=tmp_path / "one")
    text = (tmp_path / "one" / "transcript.md").read_text(encoding="utf-8")
    assert "Absent: ukraine; they accept or reject the framework afterwards." in text
    assert "## one on one (rounds 1-12; interpreter noise sd 0.03)" in text
    assert "## lunch (rounds 13-24; delegation pull 0.4)" in text
    assert "In the room: trump, witkoff, putin, lavrov, dmitriev." in text
    assert "Stakeholder dynamics among them (6 rounds) leave each delegation holding:" in text
    assert "- territory: " in text
    assert "Event (advance) happens before round 15: reservation values move: ukraine 0.181 -> 0.146; usa 0.250 -> 0.270." in text
    assert "## Outcome" in text


@pytest.mark.slow  # whole runs: the default suite's time budget
def test_no_transcript_for_runs_of_many_draws(tmp_path: Path) -> None:
    negotiation.run(pie_summit(draws=3), out=tmp_path / "three")
    assert not (tmp_path / "three" / "transcript.md").exists()


def test_summary_block_adds_up() -> None:
    res = negotiation.run(STAKEHOLDERS, draws=600, seed=4, protocols=["summit"])
    summit = res.summary["protocols"]["summit"]
    block = summit["summit"]
    assert block["rounds"] == 30
    assert [p["first_round"] for p in block["phases"]] == [1, 13, 25]
    outcomes = block["outcomes"]
    assert abs(sum(outcomes.values()) - 1.0) < 1e-12
    assert abs(block["framework_rate"] - sum(p["framework_rate"] for p in block["phases"])) < 1e-12
    assert abs(summit["deal_rate"] - outcomes["deal"]) < 1e-12
    assert abs(summit["deal_rate"] - sum(p["deal_rate"] for p in block["phases"])) < 1e-12
    assert sum(block["rounds_to_framework"]) == round(block["framework_rate"] * 600)
    assert sum(block["rounds_to_deal"]) == summit["deals"]
    for path in block["concession"].values():
        assert len(path["median"]) == 30
        assert all(lo <= mid <= hi for lo, mid, hi in zip(path["q10"], path["median"], path["q90"], strict=True))
    draws = res.draws
    assert (draws["summit.framework"] >= draws["summit.deal"]).all()
    assert set(draws["summit.phase"].unique()) <= {-1, 0, 1, 2}


def test_bdm_protocol_forecasts_and_completes_the_package() -> None:
    """The forecast fixes the contested issues; Nash bargaining settles the rest among the
    individually rational packages (Ukraine's clout raised so that some draws reach a deal)."""
    res = negotiation.run(STAKEHOLDERS, draws=300, seed=5, protocols=["bdm"], overrides={"stakeholders.zelensky.capability": 4})
    bdm = res.summary["protocols"]["bdm"]
    forecast = bdm["forecast"]
    assert set(forecast) == {"territory", "sanctions_relief"}
    territory = forecast["territory"]
    assert territory["scale"] == "ordinal" and territory["rounds"] == 10
    assert len(territory["mean_by_round"]) == len(territory["median_by_round"]) == 11
    assert set(territory["final_positions"]) == {"trump", "witkoff", "putin", "lavrov", "dmitriev", "zelensky"}
    assert territory["positions_by_round"]["putin"][0] == 3.0  # de_jure_cession is option 3
    final = territory["median_by_round"][-1]
    option = territory["options"][int(final + 0.5)]
    deals = res.draws[res.draws["bdm.deal"]]
    assert len(deals) > 0
    assert (deals["bdm.territory"] == option).all(), "deals take the forecast on the contested issues"
    for party in res.summary["parties"]:
        assert (deals[f"bdm.utility.{party}"] >= deals[f"reservation.{party}"] - 1e-9).all()
