"""Two writers of one results folder: the second stops at once with exit 2, naming the first's process.

The lock is held by a real process (a small holder here, or a real run in the
slow test), so what is tested is the operating system's lock, not a flag in
this process. A holder killed with SIGKILL loses the lock with its process:
the next run, or a ``--resume`` of the interrupted one, takes it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, TOY
from tests.in_process import negotiation_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="locks are fcntl locks")

RUN = ["--draws", "400", "--set", "monte_carlo.chunk=200", "--protocol", "nash", "--quiet"]
HOLD = "import sys, time; from negotiation.results.lock import DestinationLock; DestinationLock(sys.argv[1]).acquire(); print('held', flush=True); time.sleep(120)"


def _holder(destination: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(destination)], stdout=subprocess.PIPE, text=True, env=os.environ | {"PYTHONPATH": str(ROOT)}
    )
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


@pytest.fixture(autouse=True)
def _no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runs in this process are about the lock, not figures: skip drawing them."""
    import negotiation.plots

    monkeypatch.setattr(negotiation.plots, "save_figures", lambda data, folder: folder.mkdir(exist_ok=True))


def test_a_run_on_a_folder_another_process_writes_stops_at_once(tmp_path: Path) -> None:
    holder = _holder(tmp_path / "out")
    try:
        for how in (["--out", "out"], ["--resume", "out"]):
            done = negotiation_cli("run", TOY, *RUN, *how, cwd=tmp_path)
            assert done.returncode == 2, done.stderr
            assert done.stderr == (
                f"negotiation: error: another run is writing out (pid {holder.pid}); wait for it to end or choose another --out\n"
            )
        assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock"], "nothing written, the holder's lock left alone"
    finally:
        _kill(holder)
    done = negotiation_cli("run", TOY, *RUN, "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "the dead holder's lock was taken over, then removed"


@pytest.mark.parametrize("command", ["experiment", "bdm"])
def test_the_other_writers_stop_too(tmp_path: Path, command: str) -> None:
    from tests.tiny_experiment import tiny_experiment

    (tmp_path / "actors.csv").write_text("Actor,Capability,Position,Salience\nA,1,0,1\nB,2,10,0.5\n", encoding="utf-8")
    args = {"experiment": ["experiment", str(tiny_experiment(tmp_path)), "--quiet"], "bdm": ["bdm", "actors.csv"]}[command]
    holder = _holder(tmp_path / "out")
    try:
        done = negotiation_cli(*args, "--out", "out", cwd=tmp_path)
    finally:
        _kill(holder)
    assert done.returncode == 2 and done.stderr.startswith(f"negotiation: error: another run is writing out (pid {holder.pid})")
    assert not (tmp_path / "out").exists()


def _start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "negotiation", "run", str(TOY), *args],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )


@pytest.mark.slow
def test_two_real_runs_on_one_out_then_kill_9_and_resume(tmp_path: Path) -> None:
    """The issue's case: the second run is refused while the first goes; after a kill -9 of the first, --resume finishes it."""
    args = ["--draws", "60000", "--set", "monte_carlo.chunk=500", "--protocol", "nash", "--quiet"]
    first = _start(tmp_path, *args, "--out", "out")
    parts = tmp_path / ".out.partial" / "parts"
    deadline = time.monotonic() + 120
    while not (parts.is_dir() and len(list(parts.glob("*.arrow"))) >= 3):
        assert first.poll() is None, first.communicate()[1]
        assert time.monotonic() < deadline
        time.sleep(0.05)
    others = [_start(tmp_path, *args, *how) for how in (["--out", "out"], ["--resume", "out"])]
    for other in others:
        _, err = other.communicate(timeout=120)
        assert other.returncode == 2, err
        assert err == f"negotiation: error: another run is writing out (pid {first.pid}); wait for it to end or choose another --out\n"
    assert first.poll() is None, "the first run goes on"
    first.send_signal(signal.SIGKILL)
    first.communicate()
    assert (tmp_path / ".out.partial").is_dir() and not (tmp_path / "out").exists()
    again = negotiation_cli("run", TOY, *args, "--out", "out", cwd=tmp_path)
    assert again.returncode == 2 and "an interrupted run of out is waiting: resume it with --resume out" in again.stderr
    short = ["--draws", "6000", *args[2:]]
    resumed = negotiation_cli("run", TOY, *short, "--resume", "out", cwd=tmp_path)
    assert resumed.returncode == 2 and "started with a different scenario or settings" in resumed.stderr
    resumed = negotiation_cli("run", TOY, *args, "--resume", "out", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
