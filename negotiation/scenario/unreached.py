"""Effects that cannot change any outcome, given the rest of the scenario: warnings, not errors.

An event's effect moves one parameter. When nothing that decides an outcome
reads that parameter in this scenario, the effect changes no result, however
often the event fires, and a user who wrote it almost certainly expected it to.
The scenario is still valid (an override may make the parameter matter again),
so this is a warning printed by ``validate`` and ``run``, never an error.

The rule: an effect is unreached when every reader of its target is absent.
The targets whose readers depend on the rest of the scenario are a party's
cost of war, ``no_deal.cost.<party>``. It enters the reservation value only
where that is derived from the war lottery, ``d_p = sum_s pi_s u_p(s) - c_p``
(Fearon 1995; docs/MODEL.md); its other readers (the party's private types,
the ``fearon`` protocol's ``private: cost``, the summit's anticipation of an
absent party) all require that derived reservation value, and the timeline
replaces a written reservation's war path by the written value in every
period. So with ``parties.<party>.reservation`` written, an effect on the
party's cost of war changes nothing.
"""

from __future__ import annotations

from negotiation.scenario.errors import Problem
from negotiation.scenario.model import Scenario

WARNING = "warning: "
"""How a warning's message starts, after the file, line and path a problem has."""


def unreached_effects(scenario: Scenario) -> list[Problem]:
    """A warning for each event effect that no outcome of ``scenario`` depends on, at the line that wrote it.

    Parameters
    ----------
    scenario : Scenario
        A loaded, valid scenario (with its overrides applied).

    Returns
    -------
    list of Problem
        One per unreached effect, its message starting ``warning:``; empty when every effect can matter.
    """
    if scenario.no_deal is None:
        return []
    written = {scenario.no_deal.cost[p.name]: p.name for p in scenario.parties if not p.derived_reservation}
    found = []
    for event in scenario.events:
        for effect in event.effects:
            party = written.get(effect.target)
            if party is None:
                continue
            found.append(
                scenario.document.problem(
                    ("events", event.name, "effects", effect.target),
                    f"{WARNING}changes no outcome: {party}'s reservation value is written (parties.{party}.reservation), "
                    f"so its cost of war is never read; the cost counts only where the reservation value is derived from no_deal",
                )
            )
    return found


__all__ = ["WARNING", "unreached_effects"]
