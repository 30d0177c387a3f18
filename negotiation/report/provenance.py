"""Where a results folder came from: the manifest as a table."""

from __future__ import annotations

import shlex
from typing import Any

from negotiation.report.html import esc, table


def provenance_section(manifest: dict[str, Any]) -> str:
    """The command, inputs, seed, versions and timing recorded in ``manifest.json`` (checked by ``report.reading``), escaped."""
    rows: list[list[str]] = []

    def add(name: str, value: Any) -> None:
        if value not in (None, "", []):
            rows.append([esc(name), f"<code>{esc(value)}</code>"])

    add("command", shlex.join(manifest.get("command") or []))
    add("scenario", manifest.get("scenario"))
    add("file", manifest.get("scenario_file"))
    add("SHA-256 of the resolved input", manifest.get("scenario_sha256"))
    add("seed", manifest.get("seed"))
    add("draws", manifest.get("draws"))
    add("sampler", manifest.get("sampler"))
    add("chunk", manifest.get("chunk"))
    add("protocols", ", ".join(manifest.get("protocols") or []))
    add("started (UTC)", manifest.get("started_utc"))
    if manifest.get("wall_time_s") is not None:
        add("wall time", f"{manifest['wall_time_s']:.1f} s")
    add("git revision", manifest.get("git_revision"))
    add("platform", manifest.get("platform"))
    for package, version in (manifest.get("versions") or {}).items():
        add(package, version)
    return (
        "<p>From <code>manifest.json</code>. Rerunning the folder's resolved input with the same seed and versions gives the same "
        "results, whatever the chunk size or number of workers.</p>" + table(["", "value"], rows)
    )


__all__ = ["provenance_section"]
