"""The files of a results folder, read and written without following a symbolic link.

A results folder is written by the run and read back by the report and by
``--resume``; anything else may have changed it since. Reading goes through
:func:`read_file`, which opens every part of the path inside the folder with
``O_NOFOLLOW`` and reads only a regular file, of at most a given size; writing
goes through :func:`write_file`, which creates a fresh temporary name with
``O_CREAT | O_EXCL | O_NOFOLLOW`` beside the file and renames it into place, so
that a link planted at the file's name is replaced rather than followed, and a
link planted at any temporary name is never written through. The folder
itself (the path the user gave) may be a link; what lies inside it may not.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

MAX_READ = 256 * 1024 * 1024
"""Largest file of a results folder read by default (256 MiB); a run's files are far smaller."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted at a file's name opens at once (and is then refused)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class FolderFileError(Exception):
    """A file of a results folder cannot be read or written as it is: the message says which file and why."""


def _why(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a symbolic link; results folders hold only regular files (replace the link with the file itself)"
    if exc.errno == errno.ENOTDIR:
        return "lies under something that is not a folder"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot be used: {exc.strerror or exc}"


@contextmanager
def _folder(root: Path, parts: tuple[str, ...], shown: str, *, create: bool = False) -> Iterator[int]:
    """A descriptor of ``root/parts...``, entered part by part without following a link; ``create`` makes missing folders."""
    fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for k, name in enumerate(parts):
            where = "/".join([shown, *parts[: k + 1]])
            try:
                if create:
                    with suppress(FileExistsError):
                        os.mkdir(name, dir_fd=fd)
                inner = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
            except OSError as exc:
                kind = os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode if exc.errno in (errno.ELOOP, errno.ENOTDIR) else None
                if kind is not None and stat.S_ISLNK(kind):
                    raise FolderFileError(f"{where}: {_why(OSError(errno.ELOOP, ''))}") from None
                if kind is not None:
                    raise FolderFileError(f"{where}: is a file where a folder should be") from None
                raise
            os.close(fd)
            fd = inner
        yield fd
    finally:
        os.close(fd)


def _split(relative: str) -> tuple[tuple[str, ...], str]:
    parts = PurePosixPath(relative).parts
    if not parts or any(p in ("", ".", "..") or p.startswith("/") for p in parts):
        raise ValueError(f"not a path inside a folder: {relative!r}")
    return tuple(parts[:-1]), parts[-1]


def _shown(root: Path, relative: str) -> str:
    return str(root / relative)


def lexists(root: str | Path, relative: str) -> bool:
    """Whether ``root/relative`` exists as anything (a link counts, and is not followed)."""
    try:
        os.lstat(Path(root) / relative)
    except OSError:
        return False
    return True


def read_file(root: str | Path, relative: str, limit: int = MAX_READ) -> bytes | None:
    """The bytes of the regular file ``root/relative``; None when nothing is there.

    Raises
    ------
    FolderFileError
        When the path or a folder on it is a symbolic link, is not a regular
        file (a folder, a FIFO, a device), is larger than ``limit`` bytes, or
        cannot be read; the message names the file as ``root/relative``.
    """
    root = Path(root)
    folders, name = _split(relative)
    shown = _shown(root, relative)
    try:
        with _folder(root, folders, str(root)) as fd:
            try:
                handle = os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=fd)
            except FileNotFoundError:
                return None
            except OSError as exc:
                link = exc.errno in (errno.ELOOP, errno.EMLINK)  # EMLINK: what BSDs give for O_NOFOLLOW on a link
                raise FolderFileError(f"{shown}: {_why(OSError(errno.ELOOP, '') if link else exc)}") from None
            with os.fdopen(handle, "rb") as f:
                mode = os.fstat(f.fileno()).st_mode
                if stat.S_ISDIR(mode):
                    raise FolderFileError(f"{shown}: is a folder, not a file")
                if not stat.S_ISREG(mode):
                    raise FolderFileError(f"{shown}: is not a regular file")
                data = f.read(limit + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FolderFileError(f"{shown}: {_why(exc)}") from None
    if len(data) > limit:
        raise FolderFileError(f"{shown}: is larger than {limit:,} bytes, more than a results folder's file can be")
    return data


def write_file(root: str | Path, relative: str, data: bytes | memoryview, *, sync: bool = True) -> Path:
    """Write ``data`` to ``root/relative`` whole, through a new file; returns the path written.

    The folders on the way are made if missing (never entered through a
    link); the bytes go to a temporary name created exclusively beside the
    file (``O_CREAT | O_EXCL | O_NOFOLLOW``), are flushed to disk (unless
    ``sync`` is false: the caller makes the file durable later, with
    :func:`sync_file`), and the temporary file is renamed over ``relative``:
    whatever was at that name, a link included, is replaced, and nothing
    outside the folder is written.

    Raises
    ------
    FolderFileError
        When a folder on the way is a link or a file, or the name is taken by a folder.
    OSError
        When the disk refuses the write (full, read-only, no permission).
    """
    root = Path(root)
    folders, name = _split(relative)
    with _folder(root, folders, str(root), create=True) as fd:
        for _ in range(100):
            tmp = f".{name}.{secrets.token_hex(6)}.tmp"
            try:
                handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666, dir_fd=fd)
                break
            except FileExistsError:
                continue
        else:  # pragma: no cover - a hundred random names all taken
            raise FolderFileError(f"{_shown(root, relative)}: no free temporary name beside it")
        try:
            with os.fdopen(handle, "wb") as f:
                f.write(data)
                f.flush()
                if sync:
                    os.fsync(f.fileno())
            try:
                os.replace(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
            except IsADirectoryError:
                raise FolderFileError(f"{_shown(root, relative)}: is a folder, not a file") from None
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp, dir_fd=fd)
            raise
    return root / relative


def sync_file(path: str | Path, *, folder: bool = False) -> None:
    """Flush the file (or, with ``folder``, the folder and so the names in it) at ``path`` to disk, without following a link.

    A folder is flushed where the system can open one (not on Windows), and a
    file system that cannot flush a folder (``EINVAL``) is let be.

    Raises
    ------
    OSError
        When the disk refuses (full, an I/O error).
    """
    if folder and os.name == "nt":  # pragma: no cover - Windows cannot open a folder
        return
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | (_DIRECTORY if folder else 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if not (folder and exc.errno == errno.EINVAL):
            raise
    finally:
        os.close(fd)


def symlinks(root: str | Path) -> list[str]:
    """Every symbolic link under ``root`` (the folder itself excepted), as paths relative to it, links to folders not entered."""
    root = Path(root)
    found = []
    for here, dirs, files in os.walk(root, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(here) / name
            if path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


__all__ = ["MAX_READ", "FolderFileError", "lexists", "read_file", "symlinks", "sync_file", "write_file"]
