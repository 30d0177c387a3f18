"""Reading any results folder's ``summary.json`` into its typed summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from negotiation.results.experiment_summary import ExperimentSummary
from negotiation.results.files import read_file
from negotiation.results.folder_json import check, parse_json
from negotiation.results.folder_schema import EXPERIMENT_SUMMARY, RUN_SUMMARY
from negotiation.results.run_summary import RunSummary

Summary = RunSummary | ExperimentSummary
"""The summary of a results folder; its ``kind`` is ``"run"``, ``"stakeholders"`` or ``"experiment"``."""


def summary_from_dict(data: dict[str, Any]) -> Summary:
    """The typed summary of ``summary.json``'s contents: an experiment's names its ``experiment``, a run's its ``scenario``."""
    if "experiment" in data:
        return ExperimentSummary.from_dict(data)
    return RunSummary.from_dict(data)


def summary_from_json(text: str) -> Summary:
    """The typed summary of the text of ``summary.json``."""
    return summary_from_dict(json.loads(text))


def checked_summary(value: Any, shown: str) -> Summary:
    """The typed summary of ``summary.json``'s parsed contents, after checking every field the report reads.

    ``shown`` names the file in messages. An experiment's summary (it names
    its ``experiment``) is checked against ``folder_schema.EXPERIMENT_SUMMARY``,
    any other against ``RUN_SUMMARY``.

    Raises
    ------
    FolderReadError
        One line per problem: ``FILE: dotted.path: what is wrong``.
    """
    experiment = isinstance(value, dict) and "experiment" in value
    check(value, EXPERIMENT_SUMMARY if experiment else RUN_SUMMARY, shown)
    return ExperimentSummary.from_dict(value) if experiment else RunSummary.from_dict(value)


def read_summary(folder: str | Path) -> Summary:
    """The typed summary of a results folder (a run, an experiment or a stakeholder table's forecast), checked.

    The file is read as the report reads it: a regular file inside the
    folder, never through a symbolic link, strict JSON, every field the report
    uses of the right type (:func:`checked_summary`).

    Raises
    ------
    FileNotFoundError
        When the folder has no ``summary.json``.
    FolderFileError
        When it is a link or not a regular file, or not a summary a run writes
        (a :class:`~negotiation.results.folder_json.FolderReadError`, one line per problem).
    """
    shown = str(Path(folder) / "summary.json")
    data = read_file(folder, "summary.json")
    if data is None:
        raise FileNotFoundError(f"{shown}: no such file")
    return checked_summary(parse_json(data, shown), shown)


__all__ = ["Summary", "checked_summary", "read_summary", "summary_from_dict", "summary_from_json"]
