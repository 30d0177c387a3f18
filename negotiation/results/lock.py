"""One writer per results folder: a lock on the destination, held while a run writes it.

A run that writes ``DIR`` holds an exclusive lock (``fcntl.flock``) on the
file ``.DIR.lock`` beside it, from before it looks at ``DIR`` and its staging
folder until the folder is renamed into place, or the run fails or is
interrupted. A second run of the same destination does not wait: it stops at
once with :class:`FolderBusy`, which names the first run's process.

The operating system releases the lock when its process ends, however it
ends (a ``kill -9`` included), so a lock never outlives its run: the lock
file a killed run leaves behind is free, and the next run or ``--resume``
takes it. The file holds the process id of its holder, for the message only.

A holder removes the lock file before it lets go of the lock. A process that
opened the file just before and then gets the lock finds that the name no
longer leads to the file it locked, and starts again with a fresh file.

Where ``fcntl`` does not exist (Windows) there is no lock.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

if sys.platform != "win32":
    import fcntl


class FolderBusy(Exception):
    """Another process is writing this results folder."""


def lock_path(destination: Path) -> Path:
    """``.<name>.lock`` beside ``destination``."""
    return destination.parent / f".{destination.name}.lock"


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return ""
    return text if text.isdigit() else ""


class DestinationLock:
    """The lock of one results folder's destination.

    Parameters
    ----------
    destination : Path
        The results folder (its parent must exist).
    """

    def __init__(self, destination: Path):
        self.destination = Path(destination)
        self.path = lock_path(self.destination)
        self._fd: int | None = None
        self._held = False

    @property
    def held(self) -> bool:
        """Whether this process holds the lock (always, once acquired, where there are no locks)."""
        return self._held

    def acquire(self) -> None:
        """Take the lock, or raise at once if another process holds it.

        Raises
        ------
        FolderBusy
            When another process holds the lock.
        OSError
            When the lock file cannot be created (the folder is not writable).
        """
        if self._held:
            return
        if sys.platform == "win32":
            self._held = True
            return
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)  # never through a planted link
            except OSError as exc:  # named by the destination: the lock file is the first file a run writes
                raise OSError(exc.errno, exc.strerror, str(self.destination)) from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                pid = _holder(self.path)
                who = f" (pid {pid})" if pid else ""
                raise FolderBusy(f"another run is writing {self.destination}{who}; wait for it to end or choose another --out") from None
            except BaseException:
                os.close(fd)
                raise
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # its holder removed the file as it let go: lock the new one
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass  # the process id is for the message only
        self._fd, self._held = fd, True

    def release(self) -> None:
        """Remove the lock file and let go of the lock (nothing if not held)."""
        held, self._held = self._held, False
        if self._fd is None or not held:
            return
        with contextlib.suppress(OSError):  # a lock file left behind is free once closed: the next run takes it
            self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None


__all__ = ["DestinationLock", "FolderBusy", "lock_path"]
