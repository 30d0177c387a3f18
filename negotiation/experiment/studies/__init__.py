"""The study kinds: study name as the file writes it -> the function that checks one.

Each kind is one module holding its study dataclass (which meets
:class:`negotiation.experiment.design.Study`: ``cost`` and ``run``) and its
``parse``. Adding a kind is one new module and one line here (and its entry
in the experiment schema).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from negotiation.experiment.checker import Checker
from negotiation.experiment.design import Study
from negotiation.experiment.metric import Metric
from negotiation.experiment.point import Point
from negotiation.experiment.studies import compare, discovery, sensitivity, sweep
from negotiation.scenario.errors import Path
from negotiation.scenario.model import Scenario

Parse = Callable[[Checker, str, str, Any, Path, Point, Scenario, list[Metric]], Study | None]
"""``parse(checker, name, label, raw, path, base, scenario, metrics)``: a kind's checked study, or None after a problem."""

KINDS: dict[str, Parse] = {
    "sweep": sweep.parse,
    "compare": compare.parse,
    "sensitivity": sensitivity.parse,
    "discovery": discovery.parse,
}
"""Study kind -> its parser, in the order the kinds are documented."""

__all__ = ["KINDS", "Parse"]
