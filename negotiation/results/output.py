"""A results folder that the operating system will not let us write: one line saying where, why and what next.

A full disk, a folder without write permission, a file where a folder should
be, a name longer than the file system allows: each is an :class:`OSError`
somewhere in the writing. :func:`writing` turns it into an
:class:`OutputError` that names the path and the system's reason, and the
command that catches it adds what happened to the unfinished folder and
what to do next (``engine.pipeline``, ``results.folder``).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})
"""The errors that mean "no room": a full disk, a quota."""


class OutputError(Exception):
    """A results folder could not be written (exit 2): the path, the operating system's reason and what to do.

    Parameters
    ----------
    path : Path or str
        The file or folder that could not be written.
    reason : str
        The operating system's reason (its ``strerror``).
    code : int or None
        The error number (``errno``), to tell a full disk from other reasons.
    then : str
        What happened to the unfinished folder and what to do next.
    """

    def __init__(self, path: Path | str, reason: str, code: int | None = None, then: str = ""):
        self.path, self.reason, self.code, self.then = str(path), reason, code, then
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}" + (f"; {self.then}" if self.then else "")

    def fix(self) -> str:
        """The first step of the remedy: ``free space`` for a full disk, ``fix that`` otherwise."""
        return "free space" if self.code in SPACE else "fix that"

    def followed_by(self, then: str) -> OutputError:
        """The same error with what happened to the unfinished folder and what to do next."""
        return OutputError(self.path, self.reason, self.code, then)

    def removed(self, staging: Path, destination: Path) -> OutputError:
        """The same error, saying the unfinished folder was removed (a command that cannot resume).

        A path inside the removed staging folder is named by its place in
        ``destination``, the folder the user asked for.
        """
        path = Path(self.path)
        if path == staging or staging in path.parents:
            path = destination / path.relative_to(staging)
        then = f"nothing was written (the unfinished folder was removed); {self.fix()} and run again"
        return OutputError(path, self.reason, self.code, then)

    def kept(self, staging: Path, destination: Path) -> OutputError:
        """The same error, saying the unfinished run waits in ``staging`` for ``--resume``."""
        return self.followed_by(f"the unfinished run is kept in {staging}; {self.fix()} and continue with --resume {destination}")


def _blocker(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` that is not a folder, if any."""
    for ancestor in [path, *path.parents]:
        if ancestor.exists() or ancestor.is_symlink():
            return None if ancestor.is_dir() else ancestor
    return None


def output_error(exc: OSError, where: Path) -> OutputError:
    """An :class:`OutputError` for an OS error met while writing under ``where``."""
    path = Path(exc.filename) if exc.filename else where
    if isinstance(exc, FileExistsError | NotADirectoryError):
        blocker = _blocker(path) or _blocker(where)
        if blocker is not None:
            return OutputError(where, f"{blocker} is a file, not a folder", exc.errno)
    return OutputError(path, _reason(exc), exc.errno)


def _reason(exc: OSError) -> str:
    """The system's words for the error's number (pyarrow's errors wrap them in words of their own)."""
    if exc.errno:
        return os.strerror(exc.errno)
    return exc.strerror or str(exc)


@contextmanager
def named(path: Path) -> Iterator[None]:
    """Give an OS error raised in the block the file's name when it has none (a failed write names no file)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:
            raise OSError(exc.errno, _reason(exc), str(path)) from exc
        raise


@contextmanager
def writing(where: Path) -> Iterator[None]:
    """Turn an OS error raised in the block into an :class:`OutputError` about ``where``.

    Only errors the operating system raised (with an error number) are
    turned: a ``FileExistsError`` raised by this package's own checks
    ("results are never overwritten") passes through as it is.
    """
    try:
        yield
    except OSError as exc:
        if exc.errno is None:
            raise
        raise output_error(exc, where) from exc


def make_parent(destination: Path) -> list[Path]:
    """Create the folder that will hold ``destination`` (and its staging folder and lock).

    Returns
    -------
    list of Path
        The folders it created, deepest first, for :func:`remove_empty` to take back.

    Raises
    ------
    OutputError
        When it cannot be created: a file in the way, no permission, a name
        too long (the folders it did create are removed again).
    """
    missing = []
    for ancestor in destination.parents:
        if ancestor.exists() or ancestor.is_symlink():
            break
        missing.append(ancestor)
    try:
        with writing(destination):
            destination.parent.mkdir(parents=True, exist_ok=True)
    except OutputError:
        remove_empty(missing)
        raise
    return missing


def remove_empty(folders: list[Path]) -> None:
    """Remove each of ``folders`` (deepest first) while it is empty: what a failed run created and left unused."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


__all__ = ["SPACE", "OutputError", "make_parent", "named", "output_error", "remove_empty", "writing"]
