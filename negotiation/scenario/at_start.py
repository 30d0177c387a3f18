"""The one-shot problem at a clock's start: a dated scenario as the protocols that do not run with a clock see it.

The summit and ``bdm`` solve one bargaining problem per draw; they do not run
talk by talk. On a scenario with a ``clock`` they run on the problem of the
clock's first period, built by :func:`at_start` from the scenario as written:

- ``clock``, ``talks`` and ``questions`` are left out;
- so are ``no_deal.drift``, ``no_deal.beliefs`` and ``no_deal.enforcement``,
  which move only with time, and any event effect on one of their leaves (an
  event left without effects is left out);
- a dated event (``at: DATE``) whose date lies in the clock's first period
  (from ``start`` to the day before period 1 starts) becomes an undated
  event: it fires per draw with its ``probability`` and its effects hold
  throughout, as they hold at a talk in period 0 of the timed protocols. A
  dated event of a later period is left out.

Everything else is kept as written: the document's data and the lines that
locate it in messages.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from negotiation.scenario.errors import Path
from negotiation.scenario.load import load_scenario
from negotiation.scenario.model import Scenario
from negotiation.scenario.protocol_options import Catalog
from negotiation.scenario.yamlio import Document

TIME_SECTIONS = ("clock", "talks", "questions")
"""Top-level sections that exist only with a clock."""
WAR_OVER_TIME = ("drift", "beliefs", "enforcement")
"""The ``no_deal`` sections that move only with time."""


@dataclass(frozen=True)
class AtStart:
    """How a scenario with a clock became its one-shot problem (``summary.json``'s ``at_start``).

    Attributes
    ----------
    start : date
        The clock's start: the date of the one talk.
    first_period_end : date
        The last day of the clock's first period; dated events up to it apply.
    protocols : tuple of str
        The labels of the protocols run on the one-shot problem.
    applied : tuple of str
        The dated events of the first period, applied as undated events.
    left_out : tuple of str
        The dotted paths left out, in the order they are left out: time
        sections, ``no_deal`` sections, later dated events, effects on leaves
        left out.
    """

    start: date
    first_period_end: date
    protocols: tuple[str, ...]
    applied: tuple[str, ...]
    left_out: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``at_start`` block of ``summary.json`` (docs/OUTPUTS.md)."""
        return {
            "start": self.start.isoformat(),
            "first_period_end": self.first_period_end.isoformat(),
            "protocols": list(self.protocols),
            "dated_events_applied": list(self.applied),
            "left_out": list(self.left_out),
        }


def at_start(scenario: Scenario, catalog: Catalog) -> tuple[Scenario, AtStart]:
    """The one-shot problem of a scenario with a clock, at the clock's start (module docstring for the rule).

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with a ``clock``.
    catalog : mapping
        The protocols a scenario may list, as :func:`negotiation.scenario.load.load_scenario` takes them.

    Returns
    -------
    scenario : Scenario
        The scenario without its clock, recompiled from its own document with
        the sections above left out; it is a new object (the one given is not changed).
    record : AtStart
        What was applied and left out.

    Raises
    ------
    ValueError
        If the scenario has no clock.
    """
    clock = scenario.clock
    if clock is None:
        raise ValueError(f"scenario {scenario.name!r} has no clock")
    data = copy.deepcopy(scenario.document.data)
    gone: list[Path] = [(key,) for key in TIME_SECTIONS if key in data]
    no_deal = data.get("no_deal")
    if isinstance(no_deal, dict):
        gone += [("no_deal", key) for key in WAR_OVER_TIME if key in no_deal]
    prefixes = tuple(".".join(str(key) for key in path) + "." for path in gone if path[0] == "no_deal")
    events = data.get("events") if isinstance(data.get("events"), dict) else {}
    applied: list[str] = []
    for event in scenario.events:
        spec = events[event.name]
        if event.period is not None and event.period > 0:
            gone.append(("events", event.name))
            continue
        if event.period == 0:
            applied.append(event.name)
        effects = [str(target) for target in spec["effects"] if str(target).startswith(prefixes)] if prefixes else []
        gone += [("events", event.name, "effects", target) for target in effects]
        if len(effects) == len(spec["effects"]) and effects:
            gone.append(("events", event.name))
    for path in gone:
        parent = data
        for key in path[:-1]:
            parent = parent.get(key, {})
        parent.pop(path[-1], None)
    for name in applied:
        if name in events:
            del events[name]["at"]
    origins = {where: line for where, line in scenario.document.origins.items() if not any(where[: len(p)] == p for p in gone)}
    reduced = load_scenario(Document(data=data, file=scenario.document.file, origins=origins), protocols=catalog)
    record = AtStart(
        start=clock.start,
        first_period_end=clock.ends[0],
        protocols=tuple(spec.label for spec in scenario.protocols),
        applied=tuple(name for name in applied if name in events),
        left_out=tuple(".".join(str(k) for k in path) for path in gone),
    )
    return reduced, record


__all__ = ["TIME_SECTIONS", "WAR_OVER_TIME", "AtStart", "at_start"]
