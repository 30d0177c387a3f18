"""Workers end with their parent: after ``kill -9`` of a run with ``--workers 2``, no process of it is left.

The run's children are its two workers and multiprocessing's resource
tracker. A parent killed with SIGKILL cannot shut its pool down; the workers
end on their own (``engine.orphans``) and the tracker ends when the last
holder of its pipe has gone.
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

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")]


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def test_kill_9_of_the_parent_ends_its_workers_and_the_resource_tracker(tmp_path: Path) -> None:
    args = ["--draws", "2000000", "--set", "monte_carlo.chunk=500", "--protocol", "nash", "--workers", "2", "--quiet", "--out", "out"]
    parent = subprocess.Popen(
        [sys.executable, "-m", "negotiation", "run", str(TOY), *args],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    children: set[int] = set()
    try:
        parts = tmp_path / ".out.partial" / "parts"
        deadline = time.monotonic() + 120
        while not (parts.is_dir() and len(list(parts.glob("*.arrow"))) >= 2):  # the workers are solving chunks
            assert parent.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        children = _children(parent.pid)
        assert len(children) == 3, "two workers and the resource tracker"
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while _alive(children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _alive(children)
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running {time.monotonic() - deadline + 10:.1f} s after the parent was killed"
