"""Reading any results folder's ``summary.json`` into its typed summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from negotiation.results.experiment_summary import ExperimentSummary
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


def read_summary(folder: str | Path) -> Summary:
    """The typed summary of a results folder (a run, an experiment or a stakeholder table's forecast).

    Raises
    ------
    FileNotFoundError
        When the folder has no ``summary.json``.
    """
    return summary_from_json((Path(folder) / "summary.json").read_text(encoding="utf-8"))


__all__ = ["Summary", "read_summary", "summary_from_dict", "summary_from_json"]
