"""Results folders that cannot be written: exit 2, one line with the path and the system's reason, nothing left behind.

Every command that writes a folder (run, experiment, bdm, score, report) is
tried on a file in the way, a folder it may not write, a name longer than the
file system allows and a disk that fills up half-way (an ``OSError`` with
``ENOSPC`` injected into a write). A run's unfinished folder is kept and a
``--resume`` ends with the same files as an uninterrupted run; the commands
that cannot resume remove theirs.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from negotiation.results.folder import NAME_BYTES
from negotiation.scenario.limits import MAX_NAME
from tests.conftest import TOY
from tests.in_process import negotiation_cli
from tests.timed_summary import timed_summary
from tests.tiny_experiment import tiny_experiment

RUN = ["--draws", "1200", "--set", "monte_carlo.chunk=200", "--protocol", "nash", "--quiet"]
BDM_CSV = "Actor,Capability,Position,Salience\nA,1,0,1\nB,2,10,0.5\nC,1,5,1\n"
RESOLUTIONS = "question,resolved\ntoy-a.a,1\n"


@pytest.fixture(autouse=True)
def _no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs here are about folders, not figures: skip drawing them (a second per run)."""
    import negotiation.plots

    monkeypatch.setattr(negotiation.plots, "save_figures", lambda data, folder: folder.mkdir(exist_ok=True))


def _inputs(where: Path) -> dict[str, list[str]]:
    """Each folder-writing command's arguments, but for ``--out``."""
    (where / "actors.csv").write_text(BDM_CSV, encoding="utf-8")
    run = timed_summary()
    run["scenario"] = "toy-a"
    run["protocols"] = {
        "nash": run["protocols"]["nash"] | {"questions": {"a": {"by": "2025-12-31", "probability": 0.7, "ci95": [0.6, 0.8]}}}
    }
    (where / "runs" / "a").mkdir(parents=True)
    (where / "runs" / "a" / "summary.json").write_text(json.dumps(run), encoding="utf-8")
    (where / "resolutions.csv").write_text(RESOLUTIONS, encoding="utf-8")
    return {
        "run": ["run", str(TOY), *RUN],
        "experiment": ["experiment", str(tiny_experiment(where)), "--draws", "40", "--quiet"],
        "bdm": ["bdm", "actors.csv"],
        "score": ["score", "runs/a", "--resolutions", "resolutions.csv"],
    }


def _one_line(done: Any) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def _tree(where: Path) -> set[str]:
    return {str(p.relative_to(where)) for p in where.rglob("*")}


@pytest.mark.parametrize("command", ["run", "experiment", "bdm", "score"])
def test_a_file_in_the_way_is_one_line_and_leaves_nothing(tmp_path: Path, command: str) -> None:
    args = _inputs(tmp_path)[command]
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    before = _tree(tmp_path)
    for out in ("afile/sub", "afile/sub/deeper"):
        line = _one_line(negotiation_cli(*args, "--out", out, cwd=tmp_path))
        assert line == f"negotiation: error: cannot write {out}: afile is a file, not a folder"
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("command", ["run", "experiment", "bdm", "score"])
def test_a_folder_without_write_permission(tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first file a command writes is the destination's lock: refused as a read-only folder refuses it."""
    args = _inputs(tmp_path)[command]
    (tmp_path / "ro").mkdir()
    real_open = os.open

    def read_only(path: Any, flags: int, *rest: Any) -> int:
        if Path(path).parent.name == "ro" and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *rest)

    monkeypatch.setattr(os, "open", read_only)
    before = _tree(tmp_path)
    line = _one_line(negotiation_cli(*args, "--out", "ro/x", cwd=tmp_path))
    assert line == "negotiation: error: cannot write ro/x: Permission denied"
    assert _tree(tmp_path) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user whom file permissions bind (not root)")
def test_a_read_only_folder_for_real(tmp_path: Path) -> None:
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    try:
        line = _one_line(negotiation_cli("run", TOY, *RUN, "--out", "ro/x", cwd=tmp_path))
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert line == "negotiation: error: cannot write ro/x: Permission denied"
    assert list((tmp_path / "ro").iterdir()) == []


def test_an_out_name_too_long_for_the_file_system(tmp_path: Path) -> None:
    out = "b" * 300
    line = _one_line(negotiation_cli("run", TOY, *RUN, "--out", f"new/{out}", cwd=tmp_path))
    assert line == f"negotiation: error: cannot write new/{out}: File name too long"
    assert list(tmp_path.iterdir()) == [], "the folder made for it is taken back"


def test_a_long_scenario_name_is_refused_and_one_at_the_limit_runs(tmp_path: Path) -> None:
    """A 300-character name was a traceback (too long for a folder name) that left an empty ``results/``.

    Validation now caps names at ``MAX_NAME`` characters; a name at the cap
    runs, and its folder name fits the file system (``folder_name`` cuts any
    name past ``NAME_BYTES`` bytes, a guard for names given through the API).
    """
    text = TOY.read_text(encoding="utf-8")
    (tmp_path / "long.yaml").write_text(text.replace("name: toy-summit ", f"name: {'a' * 300} ", 1), encoding="utf-8")
    line = _one_line(negotiation_cli("run", "long.yaml", *RUN, cwd=tmp_path))
    assert line.startswith("long.yaml:3: name: the text 'aaa") and line.endswith(f"has 300 characters, more than the limit of {MAX_NAME}")
    assert not (tmp_path / "results").exists()
    (tmp_path / "limit.yaml").write_text(text.replace("name: toy-summit ", f"name: {'a' * MAX_NAME} ", 1), encoding="utf-8")
    done = negotiation_cli("run", "limit.yaml", *RUN, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (folder,) = (tmp_path / "results").iterdir()
    assert folder.name == "a" * MAX_NAME and len(folder.name.encode()) <= NAME_BYTES
    assert (next(folder.iterdir()) / "summary.json").exists()


class _DiskFills:
    """``os.fsync`` (every file the run folder writes ends with it) fails with ENOSPC at its ``at``-th call."""

    def __init__(self, at: int):
        self.at, self.calls, self.real = at, 0, os.fsync

    def __call__(self, fd: int) -> None:
        self.calls += 1
        if self.calls == self.at:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.real(fd)


@pytest.mark.parametrize(
    ("every", "at", "failed"),
    [
        (0.0, 2, "scenario.yaml"),
        (0.0, 9, "parts/draws-000000000400.arrow"),
        (0.0, 10, "parts"),
        (0.0, 11, "state.pkl"),
        (1e9, 5, "parts/draws-000000000400.arrow"),
        (1e9, 10, "state.pkl"),
    ],
)
def test_a_full_disk_mid_run_is_resumed_to_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every: float, at: int, failed: str
) -> None:
    """Flushes: identity.json, scenario.yaml, then at each checkpoint the parts written since the last one, the parts folder and the state.

    With a checkpoint after every chunk (``every=0``) that is a part, the folder and a state per chunk of 200
    draws; with checkpoints far apart (``every=1e9``, what a run shorter than ``CHECKPOINT_SECONDS`` does) the
    run checkpoints once, after its sixth and last chunk: six parts, the folder, the state.
    """
    import negotiation.engine.pipeline as pipeline

    whole = negotiation_cli("run", TOY, *RUN, "--out", "whole", cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    with monkeypatch.context() as disk:
        disk.setattr(pipeline, "CHECKPOINT_SECONDS", every)
        disk.setattr(os, "fsync", _DiskFills(at))
        line = _one_line(negotiation_cli("run", TOY, *RUN, "--out", "out", cwd=tmp_path))
    assert not (tmp_path / "out").exists()
    assert not list(tmp_path.rglob("*.tmp")), "the file being written is removed"
    if at == 2:  # before the first chunk: nothing worth keeping
        assert line == (
            f"negotiation: error: cannot write out/{failed}: No space left on device; "
            "nothing was written (the unfinished folder was removed); free space and run again"
        )
        assert [p.name for p in tmp_path.iterdir()] == ["whole"]
        return
    assert line == (
        f"negotiation: error: cannot write .out.partial/{failed}: No space left on device; "
        "the unfinished run is kept in .out.partial; free space and continue with --resume out"
    )
    assert not (tmp_path / ".out.lock").exists()
    done = negotiation_cli("run", TOY, *RUN, "--resume", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("summary.json", "draws.parquet", "scenario.yaml"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "whole"]


def test_a_full_disk_while_sealing_is_resumed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary cannot be written after every chunk is in: the parts wait for ``--resume``."""
    import negotiation.engine.pipeline as pipeline

    real = pipeline.seal

    def full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as disk:
        disk.setattr(pipeline, "seal", lambda folder, *rest: full() if folder.destination.name == "out" else real(folder, *rest))
        line = _one_line(negotiation_cli("run", TOY, *RUN, "--out", "out", cwd=tmp_path))
    assert line.endswith("No space left on device; the unfinished run is kept in .out.partial; free space and continue with --resume out")
    assert negotiation_cli("run", TOY, *RUN, "--resume", "out", cwd=tmp_path).returncode == 0
    assert negotiation_cli("run", TOY, *RUN, "--out", "whole", cwd=tmp_path).returncode == 0
    assert (tmp_path / "out" / "summary.json").read_bytes() == (tmp_path / "whole" / "summary.json").read_bytes()


def _failing_write(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Writing a file called ``name`` fails half-way with ENOSPC."""
    real: Callable[..., int] = Path.write_text

    def write_text(self: Path, *args: Any, **kwargs: Any) -> int:
        if self.name == name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)


@pytest.mark.parametrize(("command", "name"), [("experiment", "summary.json"), ("bdm", "positions.csv"), ("score", "scores.json")])
def test_a_full_disk_in_a_command_that_cannot_resume_removes_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, name: str
) -> None:
    args = _inputs(tmp_path)[command]
    before = _tree(tmp_path)
    _failing_write(monkeypatch, name)
    line = _one_line(negotiation_cli(*args, "--out", "out/x", cwd=tmp_path))
    assert line.startswith(f"negotiation: error: cannot write {Path('out/x') / name}: ")
    assert line.endswith(
        f"{name}: No space left on device; nothing was written (the unfinished folder was removed); free space and run again"
    )
    assert _tree(tmp_path) == before, "no folder, no staging folder, no lock, not even out/"


@pytest.mark.slow  # the report's page takes 3 s
def test_a_report_that_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert negotiation_cli("run", TOY, *RUN, "--out", "out", cwd=tmp_path).returncode == 0
    monkeypatch.setattr(os, "fsync", _DiskFills(1))  # every file the report writes ends with an fsync
    line = _one_line(negotiation_cli("report", "out", cwd=tmp_path))
    assert line == f"negotiation: error: cannot write {Path('out') / 'report.html'}: No space left on device; no report was written"
    assert not (tmp_path / "out" / "report.html").exists()
    assert not list(tmp_path.rglob("*.tmp")), "the file being written is removed"


def test_the_readme_example_is_what_the_program_prints(tmp_path: Path) -> None:
    from tests.conftest import ROOT
    from tests.markdown import documented_block

    shown = documented_block("", "$ negotiation run scenarios/alaska-summit-2025.yaml --out")
    command, printed = shown.splitlines()[:2]
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    done = negotiation_cli(*command.split()[2:], cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, printed + "\n")
