"""Every scenario file validates and runs through the command line (all but the baseline's runs are slow)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.in_process import negotiation_cli

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
BASELINE = "alaska-summit-2025"
"""The one scenario run in the default suite; the others' runs are slow (``pytest -m slow``; CI runs them)."""


def test_there_are_scenarios() -> None:
    assert SCENARIOS


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_validates(path: Path, tmp_path: Path) -> None:
    valid = negotiation_cli("validate", path, cwd=tmp_path)
    assert valid.returncode == 0, valid.stderr


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem, marks=[] if p.stem == BASELINE else [pytest.mark.slow]) for p in SCENARIOS])
def test_scenario_runs(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", "run", str(path), "--draws", "500", "--seed", "1", "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["draws"] == 500
    assert (out / "plots" / "outcomes.png").stat().st_size > 10_000
