"""``no_deal.types``: a party's private types over the war, each with a prior (Fearon 1995; Fey & Ramsay 2011).

A type is what the party privately knows about the war: its own lottery over
the end states (``probability``, renormalised per draw like the outcomes)
and/or its cost of fighting (``cost``). Each draw's true type is drawn from
the priors; the draw's war is the true type's. One party may have types.
"""

from __future__ import annotations

from negotiation.scenario.context import CompileContext
from negotiation.scenario.distributions import ANY, UNIT
from negotiation.scenario.errors import Path
from negotiation.scenario.model import PrivateTypes, WarType
from negotiation.scenario.sections.drift import known_state

PRIOR_TOL = 1e-6
"""How far from 1 the priors of a party's types may sum."""


def compile_types(ctx: CompileContext) -> PrivateTypes | None:
    """The one party with private types, or None when ``no_deal.types`` is absent or broken.

    Located errors: an unknown party, a second party with types, a party whose
    reservation value is written (types act through the war lottery, so the
    reservation must be derived from it), a prior that is not a fixed number,
    priors that do not sum to 1, an unknown end state, a lottery with every
    probability fixed at 0, and a type with neither ``probability`` nor ``cost``.
    """
    raw = ctx.section(("no_deal", "types"))
    if not raw or ctx.is_broken(("no_deal", "types")):
        return None
    found = None
    for party, spec in raw.items():
        path: Path = ("no_deal", "types", party)
        if not isinstance(spec, dict) or ctx.is_broken(path) or not ctx.known_party(party, path):
            continue
        if found is not None:
            ctx.bad(path, f"only one party may have private types; '{found.party}' already has them")
            continue
        reservation = ctx.params.get(f"parties.{party}.reservation")
        if reservation is not None and not reservation.implicit:
            ctx.bad(path, f"types act through the war lottery: '{party}' needs its reservation value derived from no_deal, not written")
            continue
        kinds = [t for t in (_compile_type(ctx, str(name), kind, (*path, name)) for name, kind in spec.items()) if t is not None]
        priors = [ctx.fixed(t.prior) for t in kinds]
        if len(kinds) == len(spec) and all(p is not None for p in priors) and not ctx.reported_under(path):
            total = sum(p for p in priors if p is not None)
            if abs(total - 1.0) > PRIOR_TOL:
                ctx.bad(path, f"the priors of the types of '{party}' must sum to 1, got {total:g}")
        found = PrivateTypes(str(party), tuple(kinds))
    return found


def _compile_type(ctx: CompileContext, name: str, spec: object, path: Path) -> WarType | None:
    """One type: its prior, its lottery (implicit 0 for a state left out) and its cost."""
    if not isinstance(spec, dict) or ctx.is_broken(path):
        return None
    prior = ctx.number((*path, "prior"), UNIT, "a prior")
    if ctx.fixed(prior) is None and not ctx.reported_under((*path, "prior")):
        ctx.bad((*path, "prior"), "a prior must be a fixed number")
    if "probability" not in spec and "cost" not in spec:
        ctx.bad(path, "a type needs its own 'probability' per end state or its own 'cost'")
        return None
    probability = {}
    written = spec.get("probability") or {}
    if "probability" in spec:
        ok = all([known_state(ctx, state, (*path, "probability", state)) for state in written])
        for state in ctx.section(("no_deal", "outcomes")):
            where = (*path, "probability", state)
            probability[str(state)] = ctx.number(where, UNIT, "a probability") if state in written else ctx.implicit(where, 0.0, UNIT)
        if ok and all(ctx.fixed(key) == 0.0 for key in probability.values()):
            ctx.bad((*path, "probability"), "every end state has probability 0")
    cost = ctx.number((*path, "cost"), ANY, "a cost") if "cost" in spec else None
    return WarType(name, prior, probability, cost)


__all__ = ["PRIOR_TOL", "compile_types"]
