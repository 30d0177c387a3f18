"""Every scenario file validates and runs through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_there_are_scenarios() -> None:
    assert SCENARIOS


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_validates_and_runs(path: Path, tmp_path: Path) -> None:
    valid = subprocess.run([sys.executable, "-m", "negotiation", "validate", str(path)], capture_output=True, text=True)
    assert valid.returncode == 0, valid.stderr
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
