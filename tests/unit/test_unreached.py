"""An event's effect that no outcome depends on is a warning at validate and run time, never an error.

A party's cost of war enters only the reservation value derived from the war lottery,
d_p = sum_s pi_s u_p(s) - c_p (Fearon 1995; docs/MODEL.md): with the reservation value
written, an effect on the cost changes nothing, which the last test shows on the draws.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import negotiation
from negotiation.engine.scenario import load_scenario
from negotiation.scenario.unreached import unreached_effects
from tests.conftest import TOY
from tests.in_process import negotiation_cli

WRITTEN = "parties.ukraine.reservation=0.3"
"""toy.yaml derives Ukraine's reservation value from no_deal; its missile_test event multiplies no_deal.cost.ukraine (line 65)."""

WARNING = (
    f"{TOY}:65: events.missile_test.effects.no_deal.cost.ukraine: warning: changes no outcome: ukraine's reservation value "
    "is written (parties.ukraine.reservation), so its cost of war is never read; the cost counts only where the reservation "
    "value is derived from no_deal"
)


def test_an_effect_on_a_derived_reservations_cost_is_not_warned_about() -> None:
    assert unreached_effects(load_scenario(TOY)) == []


def test_an_effect_on_the_cost_of_a_party_with_a_written_reservation_is_warned_about_at_its_line() -> None:
    assert [str(w) for w in unreached_effects(load_scenario(TOY, [WRITTEN]))] == [WARNING]


def test_validate_prints_the_warning_and_still_says_ok(tmp_path: Path) -> None:
    done = negotiation_cli("validate", TOY, "--set", WRITTEN, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "ok\n"
    assert done.stderr.splitlines() == [WARNING]
    quiet = negotiation_cli("validate", TOY, cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_run_prints_the_warning_before_anything_else(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("an earlier run\n", encoding="utf-8")  # refused after the warning: nothing runs
    done = negotiation_cli("run", TOY, "--set", WRITTEN, "--draws", "20", "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == WARNING


def _changed(overrides: list[Any]) -> list[str]:
    """The outcome and parameter columns of the draws that differ between the effect as written and neutralised (multiply by 1)."""
    neutral = ("events.missile_test.effects", {"parties.usa.reservation": {"add": -0.05}, "no_deal.cost.ukraine": {"multiply": 1}})
    written = negotiation.run(TOY, draws=200, seed=3, overrides=overrides).draws
    without = negotiation.run(TOY, draws=200, seed=3, overrides=[*overrides, neutral]).draws
    return [c for c in written.columns if c.startswith(("nash.", "parties.")) and not written[c].equals(without[c])]


def test_the_effect_warned_about_indeed_changes_no_draw() -> None:
    """Same draws, effect written or neutralised: nothing differs with Ukraine's reservation written; with it derived
    (the control, no warning), the deals differ."""
    assert _changed([WRITTEN]) == []
    assert "nash.package" in _changed([])
