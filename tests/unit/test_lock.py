"""The destination's lock: one writer at a time, taken over from a dead holder, and its file gone when released."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from negotiation.results.lock import DestinationLock, FolderBusy, lock_path

pytestmark = pytest.mark.skipif(os.name != "posix", reason="locks are fcntl locks")


def test_a_second_holder_is_refused_with_the_first_ones_pid(tmp_path: Path) -> None:
    first, second = DestinationLock(tmp_path / "out"), DestinationLock(tmp_path / "out")
    first.acquire()
    assert lock_path(tmp_path / "out").read_text() == f"{os.getpid()}\n"
    with pytest.raises(FolderBusy, match=rf"^another run is writing {tmp_path / 'out'} \(pid {os.getpid()}\); wait for it to end"):
        second.acquire()
    assert not second.held
    first.release()
    assert not lock_path(tmp_path / "out").exists(), "released, the lock file is removed"
    second.acquire()
    assert second.held
    second.release()


def test_a_lock_file_left_by_a_killed_run_is_free(tmp_path: Path) -> None:
    lock_path(tmp_path / "out").write_text("999999\n")  # its process is gone: nobody holds it
    lock = DestinationLock(tmp_path / "out")
    lock.acquire()
    assert lock_path(tmp_path / "out").read_text() == f"{os.getpid()}\n"
    lock.release()


def test_a_lock_file_removed_under_a_waiting_opener_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that opened the old file and locks it after its holder removed it must lock the new file instead."""
    import fcntl

    lock = DestinationLock(tmp_path / "out")
    path = lock.path
    real = fcntl.flock
    swapped = []

    def flock(fd: int, op: int) -> None:
        real(fd, op)
        if not swapped:  # the holder lets go between our open and our lock: the name now leads to a new file
            swapped.append(True)
            path.unlink()
            path.write_text("")

    monkeypatch.setattr(fcntl, "flock", flock)
    lock.acquire()
    assert os.fstat(lock._fd or -1).st_ino == os.stat(path).st_ino
    lock.release()


def test_releasing_twice_or_unheld_does_nothing(tmp_path: Path) -> None:
    lock = DestinationLock(tmp_path / "out")
    lock.release()
    lock.acquire()
    lock.release()
    lock.release()
    assert list(tmp_path.iterdir()) == []


def test_a_link_planted_at_the_lock_file_is_never_followed(tmp_path: Path) -> None:
    """The lock file is written (the holder's pid): a symbolic link at its name is refused, its target untouched."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    lock_path(tmp_path / "out").symlink_to(victim)
    with pytest.raises(OSError):
        DestinationLock(tmp_path / "out").acquire()
    assert victim.read_text(encoding="utf-8") == "keep me\n"
