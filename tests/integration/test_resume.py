"""A run killed with SIGKILL resumes from its last complete chunk and ends byte-identical to an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import TOY

pytestmark = pytest.mark.slow
"""Runs of 150,000 draws, killed and resumed: long integration cases (``pytest -m slow``; CI runs them)."""

ARGS = ["--draws", "150000", "--set", "monte_carlo.chunk=500", "--protocol", "nash", "--quiet"]
EVERY_CHUNK = (
    "import runpy, sys; import negotiation.engine.pipeline as p; p.CHECKPOINT_SECONDS = 0.0; "
    "sys.argv[0] = 'negotiation'; runpy.run_module('negotiation', run_name='__main__')"
)
"""``python -m negotiation`` with a checkpoint after every chunk (not at most every few seconds): the kill lands between checkpoints."""


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "negotiation", "run", str(TOY), *args], capture_output=True, text=True, cwd=cwd)


def _same_files(a: Path, b: Path) -> None:
    for name in ("summary.json", "draws.parquet", "scenario.yaml"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("whole")
    done = _run(*ARGS, "--out", str(folder / "out"), cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "out"


def _kill_mid_run(folder: Path) -> Path:
    out = folder / "out"
    staging = folder / ".out.partial"
    proc = subprocess.Popen(
        [sys.executable, "-c", EVERY_CHUNK, "run", str(TOY), *ARGS, "--out", str(out)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        parts = list((staging / "parts").glob("draws-*.arrow")) if staging.exists() else []
        if len(parts) >= 20 and (staging / "state.pkl").exists():
            break
        if proc.poll() is not None:
            pytest.fail("the run ended before it could be killed")
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert staging.is_dir() and not out.exists(), "a killed run leaves its staging folder and no results folder"
    return out


def test_kill_9_then_resume_gives_the_same_files(tmp_path: Path, uninterrupted: Path) -> None:
    out = _kill_mid_run(tmp_path)
    done = _run(*ARGS, "--resume", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    _same_files(out, uninterrupted)
    assert not (tmp_path / ".out.partial").exists()


def test_a_corrupt_or_missing_part_is_detected_and_redone(tmp_path: Path, uninterrupted: Path) -> None:
    out = _kill_mid_run(tmp_path)
    parts = sorted((tmp_path / ".out.partial" / "parts").glob("draws-*.arrow"))
    parts[1].write_bytes(parts[1].read_bytes()[:100])  # a torn file
    parts[2].unlink()  # a lost one
    (tmp_path / ".out.partial" / "parts" / "draws-999999999999.arrow.tmp").write_bytes(b"half")
    done = _run(*ARGS, "--resume", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    _same_files(out, uninterrupted)


def test_resume_of_another_scenario_is_refused(tmp_path: Path) -> None:
    _kill_mid_run(tmp_path)
    done = _run(*ARGS, "--set", "parties.usa.reservation=0.31", "--resume", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2
    assert "started with a different scenario or settings (scenario_hash differ)" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / ".out.partial").is_dir(), "a refused resume leaves the interrupted run alone"


def test_nothing_to_resume_and_a_waiting_run_are_reported(tmp_path: Path) -> None:
    done = _run(*ARGS, "--resume", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert done.returncode == 2 and "no interrupted run of" in done.stderr
    _kill_mid_run(tmp_path)
    again = _run(*ARGS, "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert again.returncode == 2 and "resume it with --resume" in again.stderr
