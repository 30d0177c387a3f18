"""Results folders that appear whole or not at all.

A run writes into a hidden temporary folder beside its destination and renames
it into place only when every file is written. An interrupted or failed run
removes the temporary folder, so it never leaves a half-written results folder
and never touches an earlier one. While it writes, it holds the destination's
lock (``results.lock``): a second run of the same destination stops at once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from negotiation.results.json_text import json_text
from negotiation.results.lock import DestinationLock, lock_path
from negotiation.results.output import OutputError, make_parent, named, remove_empty, writing

DEFAULT_ROOT = Path("results")

NAME_BYTES = 80
"""Longest folder name made from a scenario's name (in UTF-8 bytes); a longer name is cut and given a hash of itself.

File systems allow 255 bytes per name; the hidden staging folder adds about 20."""


def timestamp(moment: datetime | None = None) -> str:
    """A UTC timestamp for folder names, e.g. ``20250815T193000Z``."""
    return (moment or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def folder_name(name: str, limit: int = NAME_BYTES) -> str:
    """``name`` as a folder name of at most ``limit`` UTF-8 bytes.

    A longer name keeps its first characters and ends with ``-`` and the first
    8 hex digits of its SHA-256, so two long names that share a beginning
    still name different folders.
    """
    if len(name.encode("utf-8")) <= limit:
        return name
    tag = "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    head = name.encode("utf-8")[: limit - len(tag)].decode("utf-8", errors="ignore")
    return head + tag


def default_destination(name: str, digest: str, root: Path = DEFAULT_ROOT, moment: datetime | None = None) -> Path:
    """``results/<name>/<UTC time>-<short hash>``, suffixed ``-2``, ``-3`` ... if taken (or being written).

    ``<name>`` is cut to :data:`NAME_BYTES` bytes by :func:`folder_name`.
    """
    base = root / folder_name(name) / f"{timestamp(moment)}-{digest[:8]}"
    candidate, n = base, 1
    while candidate.exists() or lock_path(candidate).exists() or any(candidate.parent.glob(f".{candidate.name}.partial*")):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


@contextmanager
def staged_folder(destination: Path) -> Iterator[Path]:
    """Yield a temporary folder; on success rename it to ``destination``.

    The destination's lock is held throughout. On any failure the temporary
    folder is removed; an :class:`OutputError` raised in the block (the
    caller wraps its writing in ``results.output.writing``) comes back out
    saying so.

    Raises
    ------
    FileExistsError
        If ``destination`` exists and is not empty, before anything is written.
    FolderBusy
        If another process is writing ``destination``.
    OutputError
        If the folder cannot be written (nothing is left behind).
    """
    destination = Path(destination)
    created = make_parent(destination)
    lock = DestinationLock(destination)
    try:
        with writing(destination):
            lock.acquire()
    except BaseException:
        remove_empty(created)
        raise
    try:
        with writing(destination):
            taken = destination.exists() and (not destination.is_dir() or any(destination.iterdir()))
        if taken:
            raise FileExistsError(f"{destination} already exists and is not empty; results are never overwritten")
        staging = destination.parent / f".{destination.name}.partial-{uuid.uuid4().hex[:8]}"
        try:
            with writing(destination):
                staging.mkdir()
            yield staging
            if destination.exists() and any(destination.iterdir()):
                raise FileExistsError(f"{destination} appeared while the run was going; results are never overwritten")
            with writing(destination):
                if destination.exists():
                    destination.rmdir()
                os.replace(staging, destination)
        except OutputError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise exc.removed(staging, destination) from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except BaseException:
        lock.release()
        remove_empty(created)
        raise
    lock.release()


def write_json(path: Path, data: Any) -> None:
    """Write indented JSON with a final newline (an OS error names ``path``)."""
    with named(path):
        path.write_text(json_text(data), encoding="utf-8")
