"""``scenario.yaml`` of a results folder: the scenario as run, every override applied."""

from __future__ import annotations

import yaml

from negotiation.scenario.comments import RESOLVED_HEADER as HEADER
from negotiation.scenario.model import Scenario


def resolved_yaml(scenario: Scenario) -> str:
    """The scenario as run: its file with every override applied, as YAML text.

    Its SHA-256 identifies a run (``manifest.json``, the default folder name, a
    resume); ``negotiation run`` of the text reproduces the run.
    """
    return HEADER + yaml.safe_dump(scenario.document.data, sort_keys=False, allow_unicode=True, width=120)


__all__ = ["resolved_yaml"]
