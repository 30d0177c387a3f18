"""Results folders that appear whole or not at all.

A run writes into a hidden temporary folder beside its destination and renames
it into place only when every file is written. An interrupted or failed run
removes the temporary folder, so it never leaves a half-written results folder
and never touches an earlier one.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from negotiation.results.json_text import json_text

DEFAULT_ROOT = Path("results")


def timestamp(moment: datetime | None = None) -> str:
    """A UTC timestamp for folder names, e.g. ``20250815T193000Z``."""
    return (moment or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def default_destination(name: str, digest: str, root: Path = DEFAULT_ROOT, moment: datetime | None = None) -> Path:
    """``results/<name>/<UTC time>-<short hash>``, suffixed ``-2``, ``-3`` ... if taken."""
    base = root / name / f"{timestamp(moment)}-{digest[:8]}"
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


@contextmanager
def staged_folder(destination: Path) -> Iterator[Path]:
    """Yield a temporary folder; on success rename it to ``destination``.

    Raises
    ------
    FileExistsError
        If ``destination`` exists and is not empty, before anything is written.
    """
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise FileExistsError(f"{destination} already exists and is not empty; results are never overwritten")
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.parent / f".{destination.name}.partial-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        yield staging
        if destination.exists() and any(destination.iterdir()):
            raise FileExistsError(f"{destination} appeared while the run was going; results are never overwritten")
        if destination.exists():
            destination.rmdir()
        os.replace(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_json(path: Path, data: Any) -> None:
    """Write indented JSON with a final newline."""
    path.write_text(json_text(data), encoding="utf-8")
