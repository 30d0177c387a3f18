"""``manifest.json``: what produced a results folder, so it can be reproduced."""

from __future__ import annotations

import hashlib
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ("negotiation", "numpy", "scipy", "pyarrow", "pandas", "matplotlib", "mesa", "PyYAML", "jsonschema")


def digest(text: str) -> str:
    """SHA-256 of a text, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def versions() -> dict[str, str]:
    """Versions of Python and the packages a run depends on."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_revision(where: Path) -> str | None:
    """The commit checked out at ``where`` (with ``-dirty`` for local changes), or None."""
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=where, capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{rev}-dirty" if dirty else rev


def manifest(
    *,
    scenario_name: str,
    scenario_file: str,
    scenario_hash: str,
    seed: int | None,
    draws: int,
    sampler: str | None,
    chunk: int | None,
    protocols: list[str],
    started: str,
    wall_time: float,
    command: list[str] | None = None,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest of a results folder: a run, an experiment or a stakeholder table's forecast.

    Parameters
    ----------
    scenario_name, scenario_file : str
        The input's name and file.
    scenario_hash : str
        SHA-256 of the input as run (the resolved scenario, the experiment file or the table's bytes).
    seed, draws, sampler, chunk : optional
        The Monte Carlo settings (None where the input has no such setting).
    protocols : list of str
    started : str
        UTC timestamp of the start (``results.folder.timestamp``).
    wall_time : float
        Seconds from the start to the end.
    command : list of str, optional
        The command line (default: this process's).
    settings : dict, optional
        Further settings of the model run, recorded after ``protocols`` (a
        stakeholder table's ``rounds`` and ``q``).
    """
    return {
        "scenario": scenario_name,
        "scenario_file": scenario_file,
        "scenario_sha256": scenario_hash,
        "seed": seed,
        "draws": draws,
        "sampler": sampler,
        "chunk": chunk,
        "protocols": protocols,
        **(settings or {}),
        "command": command if command is not None else [Path(sys.argv[0]).name, *sys.argv[1:]],
        "started_utc": started,
        "wall_time_s": round(wall_time, 3),
        "versions": versions(),
        "platform": platform.platform(),
        "git_revision": git_revision(Path.cwd()),
    }
