"""Every shipped experiment runs through the command line at small draws and writes its table and plots."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

EXPERIMENTS = sorted((ROOT / "experiments").glob("*.yaml"))
LONG = {"deal-drivers", "support-guarantees", "sanctions-relief"}  # the default suite keeps territory
"""Experiments whose run takes longest (a 28-point sweep; a Sobol' and a discovery study): marked slow (``pytest -m slow``; CI runs them)."""


def _small(file: Path, folder: Path) -> Path:
    """The experiment with its scenario path made absolute and a small Sobol' sample."""
    text = file.read_text(encoding="utf-8")
    text = re.sub(r"^scenario: (.+)$", lambda m: f"scenario: {(file.parent / m.group(1)).resolve()}", text, flags=re.M)
    text = re.sub(r"samples: \d+", "samples: 16", text)
    text = re.sub(r"^(\s+)draws: \d+", r"\1draws: 300", text, flags=re.M)
    small = folder / file.name
    small.write_text(text, encoding="utf-8")
    return small


def test_there_are_the_four_alaska_experiments() -> None:
    assert {f.stem for f in EXPERIMENTS} >= {"sanctions-relief", "territory", "support-guarantees", "deal-drivers"}


@pytest.mark.parametrize("file", [pytest.param(f, id=f.stem, marks=[pytest.mark.slow] if f.stem in LONG else []) for f in EXPERIMENTS])
def test_experiment_writes_its_table_and_plots(file: Path, tmp_path: Path) -> None:
    small = _small(file, tmp_path)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", "experiment", str(small), "--draws", "120", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["findings"], "an experiment reports findings"
    with (out / "table.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows or all(s["kind"] == "discovery" for s in summary["studies"].values())
    for name, study in summary["studies"].items():
        if study["kind"] != "discovery" or "box" in study:
            assert (out / "plots" / f"{name}.png").stat().st_size > 5_000, name
    assert (out / "experiment.yaml").read_text(encoding="utf-8") == small.read_text(encoding="utf-8")
    assert "findings" in done.stdout or "results:" in done.stdout


BACKTEST = sorted((ROOT / "experiments" / "backtest").glob("*.yaml"))
"""One sensitivity experiment per dated scenario (docs/VALIDITY.md, "Sensitivity")."""


def test_there_is_a_backtest_experiment_for_every_scenario() -> None:
    scenarios = {p.stem for p in (ROOT / "scenarios").glob("*.yaml")} | {p.stem for p in (ROOT / "scenarios" / "history").glob("*.yaml")}
    assert {f.stem for f in BACKTEST} == scenarios


@pytest.mark.slow
@pytest.mark.parametrize("file", BACKTEST, ids=lambda f: f.stem)
def test_a_backtest_experiment_runs_and_reports_the_slack_indices(file: Path, tmp_path: Path) -> None:
    small = _small(file, tmp_path)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", "experiment", str(small), "--out", str(out), "--quiet"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    with open(out / "table.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {row["metric"] for row in rows} == {"S1:slack", "ST:slack"}
    assert all(row["protocol"] == "" for row in rows)  # the slack is the scenario's, not a protocol's


def _three(folder: Path) -> Path:
    """An experiment on the toy scenario with a 3-point sweep, a Sobol' study of 4 samples and a discovery study of 30 draws."""
    from tests.conftest import TOY

    file = folder / "three.yaml"
    file.write_text(
        f"name: three\nscenario: {TOY}\ndraws: 500\nseed: 1\nstudies:\n"
        "  grid:\n    sweep: {parties.usa.reservation: [0.2, 0.3, 0.4]}\n"
        "  sobol:\n    sensitivity: {samples: 4}\n"
        "  where:\n    discovery: {draws: 30}\n",
        encoding="utf-8",
    )
    return file


def _plan_lines(draws: int, seed: int) -> list[str]:
    """What the run of :func:`_three` must announce: a sweep runs --draws at each point, a sensitivity study
    Saltelli's n (d + 2) model runs whatever --draws says (Saltelli et al. 2010, Table 2), a discovery study its own draws."""
    from negotiation.engine.scenario import load_scenario
    from tests.conftest import TOY

    toy = load_scenario(TOY)
    d = len(toy.uncertain) + len(toy.events)
    return [
        f"three: seed {seed}; {3 * draws + 4 * (d + 2) + 30:,} draws in all",
        f"  grid (sweep): {3 * draws} draws (3 points x {draws} draws)",
        f"  sobol (sensitivity): {4 * (d + 2)} draws (4 samples x ({d} inputs + 2))",
        "  where (discovery): 30 draws (its own draws)",
    ]


def test_the_draws_of_each_study_are_announced_and_seed_and_set_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from negotiation.cli import _print_plan
    from negotiation.experiment.spec import read_experiment

    experiment = read_experiment(_three(tmp_path), draws=20, seed=9, overrides=["protocols=[kalai_smorodinsky]"])
    assert experiment.seed == 9 and experiment.draws == 20 and experiment.protocols == ("kalai_smorodinsky",)
    capsys.readouterr()
    _print_plan(experiment)
    assert capsys.readouterr().out.splitlines() == _plan_lines(20, 9)


@pytest.mark.slow  # a whole experiment with its figures, in this process: about 10 s
def test_the_command_line_says_each_studys_draws_before_the_run_and_takes_seed_and_set(tmp_path: Path) -> None:
    from tests.in_process import negotiation_cli

    done = negotiation_cli(
        "experiment",
        _three(tmp_path),
        "--draws",
        "20",
        "--seed",
        "9",
        "--set",
        "protocols=[kalai_smorodinsky]",
        "--out",
        tmp_path / "out",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:4] == _plan_lines(20, 9)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["seed"] == 9 and summary["draws"] == 20
    assert summary["protocols"] == ["kalai_smorodinsky"]
