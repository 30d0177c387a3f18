"""What the engine does not simulate: refused with one located line rather than run as if it were not there.

Without a ``clock``: ``no_deal.beliefs`` and ``no_deal.enforcement`` (they
move only with time). With a clock: what :func:`negotiation.engine.timed.timed_refusals`
lists (the summit or ``bdm`` beside timed protocols, a clock without
``no_deal``, dated events on utilities); the summit and ``bdm`` alone run on
the one-shot problem at the clock's start (``scenario.at_start``), built
before these checks (``engine.chunk.Plan.build``).
"""

from __future__ import annotations

from negotiation.engine.timed import timed_refusals
from negotiation.scenario.errors import Path, Problem, ScenarioError
from negotiation.scenario.model import Scenario

NOT_YET = "simulated only with a clock: add a clock to run {it}, or remove {it} to run the static scenario"
"""The refusal without a clock, with ``it`` what to add a clock for or remove."""


def unsimulated(scenario: Scenario) -> list[Problem]:
    """What the engine would ignore: with a clock, :func:`~negotiation.engine.timed.timed_refusals`; else one line per beliefs or enforcement.

    Returns
    -------
    list of Problem
        Empty for a scenario the engine runs in full.
    """
    found: list[tuple[Path, str]] = []
    if scenario.clock is not None:
        return timed_refusals(scenario)
    if scenario.no_deal is not None:
        if scenario.no_deal.beliefs:
            found.append((("no_deal", "beliefs"), "beliefs are " + NOT_YET.format(it="them")))
        if scenario.no_deal.enforcement is not None:
            found.append((("no_deal", "enforcement"), "enforcement is " + NOT_YET.format(it="it")))
    return [scenario.document.problem(path, message) for path, message in found]


def refuse_unsimulated(scenario: Scenario) -> None:
    """Raise a :class:`ScenarioError` for a scenario the engine would run only in part.

    Raises
    ------
    ScenarioError
        With one line per section the engine does not simulate yet.
    """
    problems = unsimulated(scenario)
    if problems:
        raise ScenarioError(problems)


__all__ = ["NOT_YET", "refuse_unsimulated", "unsimulated"]
