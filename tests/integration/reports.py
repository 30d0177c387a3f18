"""A baseline run and an experiment, each with its report, shared by the report tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BASELINE = ROOT / "scenarios" / "alaska-summit-2025.yaml"
SOURCE_URL = "https://example.org/anchorage-summit-plan"
"""A link given to one of the baseline's sources, to show that source links are kept."""


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "negotiation", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "run"
    done = cli(
        "run",
        str(BASELINE),
        "--draws",
        "1500",
        "--protocol",
        "nash",
        "--protocol",
        "kalai_smorodinsky",
        "--set",
        f"sources.seed.url={SOURCE_URL}",
        "--out",
        str(out),
        "--report",
    )
    assert done.returncode == 0, done.stderr
    assert f"report: {out / 'report.html'}" in done.stdout
    return out


@pytest.fixture(scope="session")
def experiment_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report-experiment")
    source = ROOT / "experiments" / "sanctions-relief.yaml"
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"^scenario: (.+)$", lambda m: f"scenario: {(source.parent / m.group(1)).resolve()}", text, flags=re.M)
    small = folder / source.name
    small.write_text(text, encoding="utf-8")
    out = folder / "out"
    done = cli("experiment", str(small), "--draws", "200", "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    done = cli("report", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"report: {out / 'report.html'}"
    return out
