"""NaN and infinity made at run time stop the run: exit 2, one located line naming the parameter and the draw, nothing written.

These scenarios validate (the numbers they write are finite); what goes wrong
shows only in the draws, so they are not in the bad-input corpus, whose files
must fail ``validate``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from negotiation.engine.sampling import UniformSource
from negotiation.scenario.distributions import Distribution
from tests.conftest import ROOT, TOY
from tests.in_process import negotiation_cli

RESERVATION = "reservation: {beta: [4, 6]}"
WEIGHT = "weight: {territory: 0.6, sanctions_relief: 0.4}"


def _scenario(folder: Path, old: str, new: str, name: str = "s.yaml") -> Path:
    text = TOY.read_text(encoding="utf-8")
    assert old in text
    path = folder / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _refused(folder: Path, *args: str) -> str:
    """Run the command in ``folder``; assert exit 2, one line on stderr, no warning, nothing written; return the line."""
    before = set(folder.iterdir())
    done = negotiation_cli(*args, cwd=folder)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "Warning" not in done.stderr and "Traceback" not in done.stderr
    assert set(folder.iterdir()) == before, "a refused run leaves nothing behind, not even a staging folder"
    return lines[0]


def test_a_sampled_infinity_stops_the_run(tmp_path: Path) -> None:
    _scenario(tmp_path, RESERVATION, "reservation: {lognormal: [0, 1000]}")
    assert negotiation_cli("validate", "s.yaml", cwd=tmp_path).returncode == 0
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "200", "--quiet")
    assert line.startswith("s.yaml:31: parties.russia.reservation: draw 1 (seed 2025): sampled inf from {lognormal: [0, 1000]}; bound")


def test_the_readme_example_is_what_the_program_prints(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ negotiation run heavy-tails\.yaml\n(.*)\n", readme)
    assert shown is not None
    _scenario(tmp_path, RESERVATION, "reservation: {lognormal: [0, 1000]}", "heavy-tails.yaml")
    assert _refused(tmp_path, "run", "heavy-tails.yaml", "--quiet") == shown.group(1)


def test_an_infinite_weight_stops_the_run_instead_of_turning_draws_into_no_deal(tmp_path: Path) -> None:
    _scenario(tmp_path, WEIGHT, "weight: {territory: {lognormal: [0, 1000]}, sanctions_relief: 0.4}")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "200", "--quiet")
    assert line.startswith("s.yaml:27: parties.russia.weight.territory: draw 8 (seed 2025): sampled inf from {lognormal: [0, 1000]};")


def test_weights_that_sum_past_the_largest_float_stop_the_run(tmp_path: Path) -> None:
    _scenario(tmp_path, WEIGHT, "weight: {territory: 1e308, sanctions_relief: 1e308}")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet")
    assert line == (
        "s.yaml:27: parties.russia.weight: draw 0 (seed 2025): the weights sum to inf; "
        "scale the weights down: only their ratios matter, as they are renormalised in every draw"
    )


def test_an_effect_that_overflows_stops_the_run_before_any_clipping(tmp_path: Path) -> None:
    path = _scenario(tmp_path, WEIGHT, "weight: {territory: 1e300, sanctions_relief: 0.4}")
    text = path.read_text(encoding="utf-8").replace(
        "    probability: 0.3\n    effects:\n",
        "    probability: 1.0\n    effects:\n      parties.russia.weight.territory: {multiply: 1e300}\n",
    )
    path.write_text(text, encoding="utf-8")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet")
    assert re.match(
        r"s\.yaml:\d+: events\.missile_test\.effects\.parties\.russia\.weight\.territory: draw 0 \(seed 2025\): multiply 1e\+300 made", line
    )


def test_a_reservation_value_drawn_beyond_the_limit_stops_the_run(tmp_path: Path) -> None:
    _scenario(tmp_path, "reservation: 0.3", "reservation: {uniform: [0, 5000]}")
    assert negotiation_cli("validate", "s.yaml", cwd=tmp_path).returncode == 0
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet")
    assert re.match(
        r"s\.yaml:44: parties\.usa\.reservation: draw 1 \(seed 2025\): the reservation value is [\d.]+, beyond the limit of \+/- 1000 ",
        line,
    )


def _first_overflow(law: Distribution, column: str, seed: int, draws: int) -> int:
    source = UniformSource("random", seed, [column])
    with np.errstate(over="ignore"):
        values = law.ppf(source.draws(0, draws)[:, 0])
    return int(np.flatnonzero(~np.isfinite(values))[0])


def test_a_draw_in_a_later_chunk_is_counted_over_the_run_and_the_staging_folder_goes(tmp_path: Path) -> None:
    law = Distribution("lognormal", (400.0, 100.0))  # overflows only beyond 3.1 sd: about one draw in a thousand
    first = _first_overflow(law, "parties.russia.weight.territory", 2025, 20000)
    assert first > 256, "the bad draw is after the first chunk, so earlier chunks were written"
    _scenario(tmp_path, WEIGHT, "weight: {territory: {lognormal: [400, 100]}, sanctions_relief: 0.4}")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "20000", "--set", "monte_carlo.chunk=256", "--out", "out", "--quiet")
    assert line.startswith(f"s.yaml:27: parties.russia.weight.territory: draw {first:,} (seed 2025): sampled inf")


@pytest.mark.slow
def test_with_workers_the_error_crosses_from_the_worker(tmp_path: Path) -> None:
    _scenario(tmp_path, RESERVATION, "reservation: {lognormal: [0, 1000]}")
    serial = _refused(tmp_path, "run", "s.yaml", "--draws", "5000", "--quiet")
    assert _refused(tmp_path, "run", "s.yaml", "--draws", "5000", "--workers", "2", "--quiet") == serial


def test_an_experiment_names_the_point(tmp_path: Path) -> None:
    _scenario(tmp_path, WEIGHT, "weight: {territory: 1e308, sanctions_relief: 0.4}")
    (tmp_path / "e.yaml").write_text(
        """name: tiny
title: A tiny experiment
scenario: s.yaml
protocols: [nash]
draws: 20
seed: 7
metrics: [deal_rate]
studies:
  weight:
    label: Russia's weight on sanctions
    sweep:
      parties.russia.weight.sanctions_relief: [0.4, 1e308]
""",
        encoding="utf-8",
    )
    line = _refused(tmp_path, "experiment", "e.yaml", "--out", "out", "--quiet")
    assert line.startswith(
        "s.yaml:27: parties.russia.weight: draw 0 (seed 7) of the experiment's point 'sanctions_relief=1e+308': the weights sum"
    )


def test_with_a_clock_a_dated_effect_and_a_derived_reservation_are_checked_per_period(tmp_path: Path) -> None:
    timeline = (ROOT / "tests" / "data" / "timeline.yaml").read_text(encoding="utf-8")
    dated = "effects: {no_deal.cost.russia: {add: 0.02}}"
    assert dated in timeline
    (tmp_path / "t.yaml").write_text(timeline.replace(dated, "effects: {no_deal.cost.ukraine: {add: 5000}}"), encoding="utf-8")
    line = _refused(tmp_path, "run", "t.yaml", "--draws", "50", "--quiet")
    assert line.startswith(
        "t.yaml:37: parties.ukraine.reservation: draw 0 (seed 2025): the reservation value derived from the war lottery is -4999."
    )
    overflow = timeline.replace(dated, "effects: {no_deal.cost.russia: {multiply: 1e300}}").replace(
        "cost: {russia: 0.15,", "cost: {russia: 1e300,"
    )
    (tmp_path / "t.yaml").write_text(overflow, encoding="utf-8")
    line = _refused(tmp_path, "run", "t.yaml", "--draws", "50", "--quiet")
    assert line.startswith("t.yaml:80: events.sanctions_package.effects.no_deal.cost.russia: draw 0 (seed 2025): multiply 1e+300 made")
