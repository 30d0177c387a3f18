"""NaN, infinity and reservation values beyond the limit made at run time stop the run: exit 2, one located line, nothing written.

Two layers keep such numbers out of a run. Validation refuses numbers a run
cannot hold (``negotiation/scenario/limits.py``), checked at the values a
distribution can be drawn at; the run-time check (``engine.finite``) stops a
run at the first draw that makes NaN, infinity or a reservation value beyond
the limit. Some inputs pass validation and still fail at run time, as only the
draws and the events combine them: those are used as they are (``validate``
exits 0, ``run`` exits 2), and are not in the bad-input corpus, whose files must
fail ``validate``. A non-finite sample or weight cannot be written any more; the
tests of those branches open a gap in validation in this process
(:func:`validation_gap`), standing for a limit that misses a case, to keep
the last line of defence tested.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from negotiation.engine.sampling import UniformSource
from negotiation.scenario import context
from negotiation.scenario.distributions import Distribution
from tests.conftest import ROOT, TOY
from tests.in_process import negotiation_cli
from tests.markdown import documents

RESERVATION = "reservation: {beta: [4, 6]}"
WEIGHT = "weight: {territory: 0.6, sanctions_relief: 0.4}"
USA_RESERVATION = "reservation: 0.3"
MISSILE = "      parties.usa.reservation: {add: -0.05}\n"
LIMIT_ADVICE = "keep the reservation value within the limit: narrow its distribution, the war's costs and the events acting on them"


def _scenario(folder: Path, old: str, new: str, name: str = "s.yaml", *more: tuple[str, str]) -> Path:
    """The toy scenario with ``old`` replaced by ``new`` (and each further pair of ``more``), written to ``folder/name``."""
    text = TOY.read_text(encoding="utf-8")
    for a, b in ((old, new), *more):
        assert a in text
        text = text.replace(a, b, 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _events(folder: Path, name: str, events: str, *more: tuple[str, str]) -> Path:
    """The toy scenario with ``events`` (YAML lines of the ``events`` mapping) added after its event, and the replacements ``more``."""
    last = "      no_deal.cost.ukraine: {multiply: 1.2}\n"
    return _scenario(folder, last, last + events, name, *more)


def _valid(folder: Path, name: str) -> None:
    done = negotiation_cli("validate", name, cwd=folder)
    assert done.returncode == 0, done.stderr


def _refused(folder: Path, *args: str) -> str:
    """Run the command in ``folder``; assert exit 2, one error line on stderr, no Python warning, nothing written; return the line.

    A located ``warning:`` line of the scenario's own (an effect that reaches no outcome) may come before it.
    """
    before = set(folder.iterdir())
    done = negotiation_cli(*args, cwd=folder)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if ": warning: " not in line]
    assert len(lines) == 1, done.stderr
    assert "Warning" not in done.stderr and "Traceback" not in done.stderr
    assert set(folder.iterdir()) == before, "a refused run leaves nothing behind, not even a staging folder"
    return lines[0]


@pytest.fixture
def validation_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation in this process without its limits on numbers (:data:`MAX_UTILITY`, :data:`MAX_MAGNITUDE`).

    Validation refuses the inputs of the tests that use it; this stands for a gap
    in it, so that the run-time check, the last line of defence, is still tested
    on a sampled infinity, an infinite weight and an overflowing effect. The
    run-time limit on reservation values (``RESERVATION_LIMIT``) is left as it is.
    """
    monkeypatch.setattr(context, "MAX_UTILITY", math.inf)
    monkeypatch.setattr(context, "MAX_MAGNITUDE", math.inf)


# -- validation refuses what used to reach the run-time check ---------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            RESERVATION,
            "reservation: {lognormal: [0, 1000]}",
            "s.yaml:31: parties.russia.reservation: a reservation value must be in [-1000, 1000], "
            "but lognormal can give values in [0, inf] (a number on the utility scale, where utilities lie in [0, 1])",
        ),
        (
            WEIGHT,
            "weight: {territory: 1e308, sanctions_relief: 0.4}",
            "s.yaml:27: parties.russia.weight.territory: a weight must be in [0, 1e+06], got 1e+308 "
            "(the limit of a scenario's numbers, 1e+06: larger ones are a mistake of scale)",
        ),
        (
            MISSILE,
            "      parties.usa.reservation: {add: -0.05}\n      parties.russia.weight.territory: {multiply: 1e300}\n",
            "s.yaml:65: events.missile_test.effects.parties.russia.weight.territory.multiply: an effect must be in [-1000, 1000], "
            "got 1e+300 (a number on the utility scale, where utilities lie in [0, 1])",
        ),
    ],
    ids=["lognormal-reservation", "weight-1e308", "multiply-1e300"],
)
def test_validation_refuses_the_inputs_that_once_reached_the_run(tmp_path: Path, old: str, new: str, expected: str) -> None:
    """These inputs validated and made infinity at run time; now ``validate`` and ``run`` refuse them with one located line."""
    _scenario(tmp_path, old, new)
    assert _refused(tmp_path, "validate", "s.yaml") == expected
    assert _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet") == expected


# -- inputs that pass validation and fail at run time -----------------------------------------


def test_an_event_moves_a_fixed_reservation_value_beyond_the_limit(tmp_path: Path) -> None:
    _scenario(tmp_path, USA_RESERVATION, "reservation: 900", "s.yaml", (MISSILE, "      parties.usa.reservation: {add: 900}\n"))
    _valid(tmp_path, "s.yaml")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet")
    assert line == (
        "s.yaml:44: parties.usa.reservation: draw 0 (seed 2025): the reservation value is 1800, "
        f"beyond the limit of +/- 1000 (utilities lie in [0, 1]); {LIMIT_ADVICE}"
    )


def test_an_event_moves_a_drawn_reservation_value_beyond_the_limit(tmp_path: Path) -> None:
    _scenario(
        tmp_path, USA_RESERVATION, "reservation: {uniform: [0, 1000]}", "s.yaml", (MISSILE, "      parties.usa.reservation: {add: 500}\n")
    )
    _valid(tmp_path, "s.yaml")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet")
    assert re.fullmatch(
        r"s\.yaml:44: parties\.usa\.reservation: draw 14 \(seed 2025\): the reservation value is 1283\.49, beyond the limit of \+/- 1000 .*",
        line,
    )


def test_stacked_multiply_effects_move_a_reservation_value_beyond_the_limit(tmp_path: Path) -> None:
    """Each factor is within the limit on the utility scale; two of them together are not."""
    _events(
        tmp_path,
        "s.yaml",
        "  second_test:\n    probability: 0.5\n    effects: {parties.usa.reservation: {multiply: 1000}}\n",
        (MISSILE, "      parties.usa.reservation: {multiply: 1000}\n"),
    )
    _valid(tmp_path, "s.yaml")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet")
    assert line.startswith("s.yaml:44: parties.usa.reservation: draw 2 (seed 2025): the reservation value is 300000, beyond the limit")


def _growth(factors: list[float], *weights: str) -> str:
    """Events, each certain, that multiply each of Russia's ``weights`` by one of ``factors``."""
    events = []
    for i, f in enumerate(factors):
        effects = ", ".join(f"parties.russia.weight.{w}: {{multiply: {f:g}}}" for w in weights)
        events.append(f"  grow_{i}:\n    probability: 1.0\n    effects: {{{effects}}}\n")
    return "".join(events)


def test_stacked_effects_that_overflow_stop_the_run(tmp_path: Path) -> None:
    """101 factors of 1000 on a weight of 10**6, each within its limit, overflow only together."""
    _events(tmp_path, "s.yaml", _growth([1000] * 101, "territory"), (WEIGHT, "weight: {territory: 1e6, sanctions_relief: 0.4}"))
    _valid(tmp_path, "s.yaml")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet")
    assert re.fullmatch(
        r"s\.yaml:\d+: events\.grow_100\.effects\.parties\.russia\.weight\.territory: draw 0 \(seed 2025\): "
        r"multiply 1000 made parties\.russia\.weight\.territory inf; use an effect .*",
        line,
    )


def test_stacked_effects_that_make_weights_sum_past_the_largest_float_stop_the_run(tmp_path: Path) -> None:
    """Two weights of 1.5e308 are finite; their sum is not."""
    _events(
        tmp_path,
        "s.yaml",
        _growth([1000] * 100 + [150], "territory", "sanctions_relief"),
        (WEIGHT, "weight: {territory: 1e6, sanctions_relief: 1e6}"),
    )
    _valid(tmp_path, "s.yaml")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet")
    assert line == (
        "s.yaml:27: parties.russia.weight: draw 0 (seed 2025): the weights sum to inf; "
        "scale the weights down: only their ratios matter, as they are renormalised in every draw"
    )


def test_a_drawn_reservation_value_beyond_the_limit_in_a_later_chunk_is_counted_over_the_run(tmp_path: Path) -> None:
    """A rare event (one draw in a thousand) moves a valid reservation value beyond the limit after the first chunk."""
    _scenario(
        tmp_path,
        USA_RESERVATION,
        "reservation: {uniform: [0, 1000]}",
        "s.yaml",
        (MISSILE, "      parties.usa.reservation: {add: 500}\n"),
        ("    probability: 0.3\n", "    probability: 0.001\n"),
    )
    _valid(tmp_path, "s.yaml")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "20000", "--set", "monte_carlo.chunk=256", "--out", "out", "--quiet")
    found = re.match(r"s\.yaml:44: parties\.usa\.reservation: draw ([\d,]+) \(seed 2025\): the reservation value is", line)
    assert found is not None, line
    assert int(found.group(1).replace(",", "")) > 256, "the bad draw is after the first chunk, so earlier chunks were written"


# -- the run-time check behind a gap in validation --------------------------------------------


def test_a_sampled_infinity_stops_the_run(tmp_path: Path, validation_gap: None) -> None:
    """Validation refuses such inputs; this stands for a gap in it."""
    _scenario(tmp_path, RESERVATION, "reservation: {lognormal: [0, 1000]}")
    _valid(tmp_path, "s.yaml")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "200", "--quiet")
    assert line.startswith("s.yaml:31: parties.russia.reservation: draw 1 (seed 2025): sampled inf from {lognormal: [0, 1000]}; bound")


def test_an_infinite_weight_stops_the_run_instead_of_turning_draws_into_no_deal(tmp_path: Path, validation_gap: None) -> None:
    """Validation refuses such inputs; this stands for a gap in it."""
    _scenario(tmp_path, WEIGHT, "weight: {territory: {lognormal: [0, 1000]}, sanctions_relief: 0.4}")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "200", "--quiet")
    assert line.startswith("s.yaml:27: parties.russia.weight.territory: draw 8 (seed 2025): sampled inf from {lognormal: [0, 1000]};")


def test_weights_that_sum_past_the_largest_float_stop_the_run(tmp_path: Path, validation_gap: None) -> None:
    """Validation refuses such inputs; this stands for a gap in it."""
    _scenario(tmp_path, WEIGHT, "weight: {territory: 1e308, sanctions_relief: 1e308}")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet")
    assert line == (
        "s.yaml:27: parties.russia.weight: draw 0 (seed 2025): the weights sum to inf; "
        "scale the weights down: only their ratios matter, as they are renormalised in every draw"
    )


def test_an_effect_that_overflows_stops_the_run_before_any_clipping(tmp_path: Path, validation_gap: None) -> None:
    """Validation refuses such inputs; this stands for a gap in it."""
    _scenario(
        tmp_path,
        WEIGHT,
        "weight: {territory: 1e300, sanctions_relief: 0.4}",
        "s.yaml",
        (
            "    probability: 0.3\n    effects:\n",
            "    probability: 1.0\n    effects:\n      parties.russia.weight.territory: {multiply: 1e300}\n",
        ),
    )
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "50", "--quiet")
    assert re.match(
        r"s\.yaml:\d+: events\.missile_test\.effects\.parties\.russia\.weight\.territory: draw 0 \(seed 2025\): multiply 1e\+300 made", line
    )


def _first_overflow(law: Distribution, column: str, seed: int, draws: int) -> int:
    source = UniformSource("random", seed, [column])
    with np.errstate(over="ignore"):
        values = law.ppf(source.draws(0, draws)[:, 0])
    return int(np.flatnonzero(~np.isfinite(values))[0])


def test_a_draw_in_a_later_chunk_is_counted_over_the_run_and_the_staging_folder_goes(tmp_path: Path, validation_gap: None) -> None:
    """Validation refuses such inputs; this stands for a gap in it."""
    law = Distribution("lognormal", (400.0, 100.0))  # overflows only beyond 3.1 sd: about one draw in a thousand
    first = _first_overflow(law, "parties.russia.weight.territory", 2025, 20000)
    assert first > 256, "the bad draw is after the first chunk, so earlier chunks were written"
    _scenario(tmp_path, WEIGHT, "weight: {territory: {lognormal: [400, 100]}, sanctions_relief: 0.4}")
    line = _refused(tmp_path, "run", "s.yaml", "--draws", "20000", "--set", "monte_carlo.chunk=256", "--out", "out", "--quiet")
    assert line.startswith(f"s.yaml:27: parties.russia.weight.territory: draw {first:,} (seed 2025): sampled inf")


@pytest.mark.slow
def test_with_workers_the_error_crosses_from_the_worker(tmp_path: Path) -> None:
    """A reservation value an event moves beyond the limit: it passes validation, so it needs no gap in the workers' processes."""
    _scenario(
        tmp_path, USA_RESERVATION, "reservation: {uniform: [0, 1000]}", "s.yaml", (MISSILE, "      parties.usa.reservation: {add: 500}\n")
    )
    _valid(tmp_path, "s.yaml")
    serial = _refused(tmp_path, "run", "s.yaml", "--draws", "5000", "--quiet")
    assert serial.startswith("s.yaml:44: parties.usa.reservation: draw 14 (seed 2025):")
    assert _refused(tmp_path, "run", "s.yaml", "--draws", "5000", "--workers", "2", "--quiet") == serial


def test_an_experiment_names_the_point(tmp_path: Path, validation_gap: None) -> None:
    """Validation refuses such inputs; this stands for a gap in it."""
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


def test_an_experiment_point_beyond_the_limit_is_named(tmp_path: Path) -> None:
    """A swept reservation value within the limit that an event moves beyond it: no gap needed."""
    _scenario(tmp_path, USA_RESERVATION, "reservation: 0.3", "s.yaml", (MISSILE, "      parties.usa.reservation: {add: 500}\n"))
    (tmp_path / "e.yaml").write_text(
        """name: tiny
title: A tiny experiment
scenario: s.yaml
protocols: [nash]
draws: 20
seed: 7
metrics: [deal_rate]
studies:
  reservation:
    label: the United States' reservation value
    sweep:
      parties.usa.reservation: [0.3, 900]
""",
        encoding="utf-8",
    )
    line = _refused(tmp_path, "experiment", "e.yaml", "--out", "out", "--quiet")
    assert line.startswith(
        "e.yaml:12: parties.usa.reservation: draw 6 (seed 7) of the experiment's point 'reservation=900': "
        "the reservation value is 1400, beyond the limit of +/- 1000"
    ), line


# -- with a clock ----------------------------------------------------------------------------

DATED = "effects: {no_deal.cost.russia: {add: 0.02}}"


def _timeline(folder: Path, *pairs: tuple[str, str]) -> None:
    text = (ROOT / "tests" / "data" / "timeline.yaml").read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)
    (folder / "t.yaml").write_text(text, encoding="utf-8")


def test_with_a_clock_a_derived_reservation_is_checked_per_period(tmp_path: Path) -> None:
    """A war cost of 900 and a dated event adding 200: each within the limit, the reservation value derived from them not."""
    _timeline(tmp_path, (DATED, "effects: {no_deal.cost.ukraine: {add: 200}}"), ("ukraine: {triangular: [0.1, 0.2, 0.3]}", "ukraine: 900"))
    _valid(tmp_path, "t.yaml")
    line = _refused(tmp_path, "run", "t.yaml", "--draws", "50", "--quiet")
    assert line.startswith(
        "t.yaml:37: parties.ukraine.reservation: draw 0 (seed 2025): the reservation value derived from the war lottery is -1079.41, "
        "beyond the limit of +/- 1000"
    )


def test_with_a_clock_a_dated_effect_that_overflows_stops_the_run(tmp_path: Path, validation_gap: None) -> None:
    """Validation refuses such inputs; this stands for a gap in it."""
    _timeline(tmp_path, (DATED, "effects: {no_deal.cost.russia: {multiply: 1e300}}"), ("cost: {russia: 0.15,", "cost: {russia: 1e300,"))
    line = _refused(tmp_path, "run", "t.yaml", "--draws", "50", "--quiet")
    assert line.startswith("t.yaml:80: events.sanctions_package.effects.no_deal.cost.russia: draw 0 (seed 2025): multiply 1e+300 made")


# -- the documentation's examples ---------------------------------------------------------------------


def test_the_readme_examples_are_what_the_program_prints(tmp_path: Path) -> None:
    """One input refused by validation, one that passes it and stops at run time."""
    readme = "\n".join(path.read_text(encoding="utf-8") for path in documents())
    refused = re.search(r"\$ negotiation run heavy-tails\.yaml\n(.*)\n", readme)
    stopped = re.search(r"\$ negotiation run high-stakes\.yaml\n(.*)\n", readme)
    assert refused is not None and stopped is not None
    _scenario(tmp_path, RESERVATION, "reservation: {lognormal: [0, 1000]}", "heavy-tails.yaml")
    assert _refused(tmp_path, "run", "heavy-tails.yaml", "--quiet") == refused.group(1)
    _scenario(tmp_path, USA_RESERVATION, "reservation: 900", "high-stakes.yaml", (MISSILE, "      parties.usa.reservation: {add: 900}\n"))
    _valid(tmp_path, "high-stakes.yaml")
    assert _refused(tmp_path, "run", "high-stakes.yaml", "--quiet") == stopped.group(1)
