"""The ``no_deal`` section: the war lottery (Fearon 1995), each party's cost of war, and the war over time.

``drift``, ``beliefs``, ``enforcement`` and ``types`` are compiled by their own modules
(``drift``, ``beliefs``, ``enforcement``, ``types``); a scenario that writes none of them
registers no parameter for them.
"""

from __future__ import annotations

from negotiation.scenario.clock import Clock
from negotiation.scenario.context import CompileContext, lookup
from negotiation.scenario.defaults import DEFAULT_COST
from negotiation.scenario.distributions import ANY, UNIT
from negotiation.scenario.model import NoDeal, WarOutcome
from negotiation.scenario.packages import complete_package
from negotiation.scenario.sections.beliefs import compile_beliefs
from negotiation.scenario.sections.drift import compile_drift
from negotiation.scenario.sections.enforcement import compile_enforcement
from negotiation.scenario.sections.types import compile_types


def compile_no_deal(ctx: CompileContext, clock: Clock | None = None) -> NoDeal | None:
    """The war lottery, or None when the section is absent or broken."""
    raw = lookup(ctx.data, ("no_deal",), None)
    if not isinstance(raw, dict) or ("no_deal",) in ctx.broken:
        return None
    outcomes = []
    for name, path, spec in ctx.entries(("no_deal", "outcomes")):
        prob = ctx.number((*path, "probability"), UNIT, "a probability")
        package = complete_package(ctx, spec.get("package"), (*path, "package"))
        if package is not None:
            outcomes.append(WarOutcome(name, str(spec.get("label", name)), prob, package))
    for who in ctx.section(("no_deal", "cost")):
        ctx.known_party(who, ("no_deal", "cost", who))
    cost = {p: ctx.number(("no_deal", "cost", p), ANY, "a cost", default=DEFAULT_COST) for p in ctx.party_names}
    probs = [ctx.fixed(o.probability) for o in outcomes]
    if outcomes and all(p == 0.0 for p in probs):
        ctx.bad(("no_deal", "outcomes"), "every outcome has probability 0")
    return NoDeal(
        tuple(outcomes), cost, compile_drift(ctx, clock), tuple(compile_beliefs(ctx)), compile_enforcement(ctx), compile_types(ctx)
    )


__all__ = ["compile_no_deal"]
