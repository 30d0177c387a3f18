"""``scenario.yaml`` of a results folder: the scenario as run, every override applied."""

from __future__ import annotations

import yaml

from negotiation.scenario.model import Scenario

HEADER = "# Resolved scenario: the input file with every override applied.\n"


def resolved_yaml(scenario: Scenario) -> str:
    """The scenario as run: its file with every override applied, as YAML text.

    Its SHA-256 identifies a run (``manifest.json``, the default folder name, a
    resume); ``negotiation run`` of the text reproduces the run.
    """
    return HEADER + yaml.safe_dump(scenario.document.data, sort_keys=False, allow_unicode=True, width=120)


__all__ = ["resolved_yaml"]
