"""What the report reads of a results folder, each file checked before anything of it reaches the page.

Every file is read as :func:`negotiation.results.files.read_file` reads it:
a regular file inside the folder, never through a symbolic link (a link, in
the folder or at any of its files, ends the report with exit 2 and the file
named: the report never embeds a file from elsewhere). The JSON files are
checked against :mod:`negotiation.results.folder_schema`, ``scenario.yaml``
is validated as any scenario, figures must be PNG images and ``table.csv``
UTF-8 CSV. Any problem is a :class:`ReportError`, one line per problem,
naming the file (and, in a JSON file, the field's dotted path).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from negotiation.report.html import PNG_SIGNATURE, figure
from negotiation.results.files import read_file
from negotiation.results.folder_json import parse_json, read_json
from negotiation.results.folder_schema import MANIFEST
from negotiation.results.summary_file import Summary, checked_summary
from negotiation.scenario.errors import ScenarioError
from negotiation.scenario.model import Scenario

MAX_FIGURE = 64 * 1024 * 1024
"""Largest figure embedded (64 MiB); a run's figures are well under a megabyte."""
MAX_YAML = 5_000_000
"""Largest ``scenario.yaml`` read, the limit of any scenario file."""


class ReportError(Exception):
    """The folder is not a results folder the report can read; the message has one line per problem."""


def read_summary(folder: Path) -> Summary:
    """The folder's ``summary.json``, checked (``results.summary_file.checked_summary``)."""
    shown = str(folder / "summary.json")
    data = read_file(folder, "summary.json")
    if data is None:
        raise ReportError(f"{folder}: not a results folder (no summary.json)")
    return checked_summary(parse_json(data, shown), shown)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's ``manifest.json``, checked."""
    manifest = read_json(folder, "manifest.json", MANIFEST)
    if manifest is None:
        raise ReportError(f"{folder}: not a results folder (no manifest.json)")
    return dict(manifest)


def read_scenario(folder: Path) -> Scenario | None:
    """The folder's resolved ``scenario.yaml`` (None when it has none), validated as any scenario."""
    from negotiation.engine.scenario import load_scenario
    from negotiation.scenario.yamlio import parse_text

    shown = folder / "scenario.yaml"
    data = read_file(folder, "scenario.yaml", MAX_YAML + 1)
    if data is None:
        return None
    if len(data) > MAX_YAML:
        raise ReportError(f"{shown}: larger than {MAX_YAML:,} bytes, more than any scenario file can be")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReportError(
            f"{shown}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); not the file the run wrote"
        ) from None
    try:
        return load_scenario(parse_text(text, str(shown)))
    except ScenarioError as exc:
        raise ReportError(f"{shown}: the resolved scenario no longer validates:\n{exc}") from None


def figure_bytes(folder: Path, name: str) -> bytes | None:
    """``plots/<name>.png`` of the folder (None when there is none), checked to be a PNG image."""
    relative = f"plots/{name}.png"
    data = read_file(folder, relative, MAX_FIGURE)
    if data is not None and not data.startswith(PNG_SIGNATURE):
        raise ReportError(f"{folder / relative}: not a PNG image; the run writes only PNG figures there (delete the file to leave it out)")
    return data


def folder_figure(folder: Path, name: str, title: str, caption: str) -> str:
    """The HTML of ``plots/<name>.png`` with its caption, or "" when the folder has no such figure."""
    data = figure_bytes(folder, name)
    return "" if data is None else figure(name, data, title, caption)


def read_table(folder: Path) -> list[dict[str, str]]:
    """The rows of an experiment's ``table.csv``."""
    shown = folder / "table.csv"
    data = read_file(folder, "table.csv")
    if data is None:
        raise ReportError(f"{folder}: an experiment's results folder without table.csv; its tables cannot be shown")
    try:
        text = data.decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except UnicodeDecodeError as exc:
        raise ReportError(f"{shown}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    except csv.Error as exc:
        raise ReportError(f"{shown}: not a CSV table the experiment wrote ({exc})") from None
    return [{str(k): v if isinstance(v, str) else "" for k, v in row.items()} for row in rows]


__all__ = ["ReportError", "figure_bytes", "folder_figure", "read_manifest", "read_scenario", "read_summary", "read_table"]
