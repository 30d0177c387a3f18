"""The ``events`` section: shocks that fire per draw, and when a scheduled one happens at the summit."""

from __future__ import annotations

from typing import Any

from negotiation.scenario.context import CompileContext
from negotiation.scenario.defaults import DEFAULT_EVENT_ROUND
from negotiation.scenario.distributions import ANY, UNIT
from negotiation.scenario.errors import Path, did_you_mean, one_of
from negotiation.scenario.model import Effect, Event, Party, Summit
from negotiation.scenario.sections.summit import phase_reported

SCHEDULABLE = "parties.<party>.reservation and no_deal.*"
"""What a scheduled event's effects may target: the no-deal side of the talks."""


def schedulable(target: str) -> bool:
    """True for a parameter a scheduled event may move mid-talks."""
    parts = target.split(".")
    return parts[0] == "no_deal" or (parts[0] == "parties" and len(parts) == 3 and parts[2] == "reservation")


def scheduled_round(ctx: CompileContext, raw: Any, path: Path, summit: Summit) -> int | None:
    """The summit round at which a scheduled event's effects start, or None after reporting why not."""
    names = [p.name for p in summit.phases]
    phase = raw.get("phase")
    if phase not in names:
        if phase_reported(ctx, phase):
            return None
        ctx.bad((*path, "phase"), f"unknown summit phase '{phase}'{did_you_mean(phase, names) or '; expected ' + one_of(names)}")
        return None
    k = names.index(phase)
    within = int(raw.get("round", DEFAULT_EVENT_ROUND))
    if within > summit.phases[k].rounds:
        ctx.bad((*path, "round"), f"phase '{phase}' has {summit.phases[k].rounds} rounds, so round {within} never comes")
        return None
    return summit.start(k) + within - 1


def compile_events(ctx: CompileContext, parties: list[Party], summit: Summit) -> list[Event]:
    """Every event; its effects may target any numeric parameter registered by the sections before."""
    targets = [k for k in ctx.params if not k.startswith("events.")]
    valued = {(p.name, i) for p in parties for i in p.value}
    events = []
    for name, spec in ctx.section(("events",)).items():
        path: Path = ("events", name)
        if not isinstance(spec, dict) or path in ctx.broken:
            continue
        prob = ctx.number((*path, "probability"), UNIT, "a probability")
        at = None
        if isinstance(spec.get("at"), dict) and not ctx.is_broken((*path, "at")):
            at = scheduled_round(ctx, spec["at"], (*path, "at"), summit)
        effects = []
        for target, change in (spec.get("effects") or {}).items():
            epath = (*path, "effects", target)
            if not isinstance(change, dict) or len(change) != 1 or ctx.is_broken(epath):
                continue
            if target not in ctx.params or str(target).startswith("events."):
                ctx.bad(epath, f"'{target}' is not a numeric parameter of this scenario{did_you_mean(target, targets)}")
                continue
            parts = str(target).split(".")
            if parts[0] == "parties" and parts[2] == "weight" and (parts[1], parts[3]) not in valued:
                ctx.bad(epath, f"'{parts[1]}' has no value function for '{parts[3]}', so weighing it changes nothing")
                continue
            if "at" in spec and not schedulable(str(target)):
                ctx.bad(epath, f"a scheduled event (with 'at') can move only {SCHEDULABLE} mid-talks, not '{target}'")
                continue
            op = next(iter(change))
            operand = ctx.number((*epath, op), ANY, "an effect")
            effects.append(Effect(str(target), op, operand))
        events.append(Event(name, str(spec.get("label", name)), prob, tuple(effects), at))
    return events


__all__ = ["SCHEDULABLE", "compile_events", "schedulable", "scheduled_round"]
