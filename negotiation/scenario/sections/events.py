"""The ``events`` section: shocks that fire per draw, and when a scheduled one happens at the summit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from negotiation.scenario.clock import Clock
from negotiation.scenario.context import CompileContext
from negotiation.scenario.defaults import DEFAULT_EVENT_ROUND
from negotiation.scenario.distributions import ANY, UNIT
from negotiation.scenario.errors import Path, did_you_mean, did_you_mean_path, one_of
from negotiation.scenario.model import Effect, Event, Party, Summit
from negotiation.scenario.sections.clock import clock_date
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


def dated(ctx: CompileContext, raw: Any, path: Path, clock: Clock | None) -> tuple[date | None, int | None]:
    """A dated event's date and the clock period containing it, or (None, None) after reporting why not."""
    day = clock_date(ctx, raw, path, clock, "a dated event")
    if day is None or clock is None:
        return None, None
    return day, clock.period_of(day)


def compile_events(ctx: CompileContext, parties: list[Party], summit: Summit, clock: Clock | None = None) -> list[Event]:
    """Every event; its effects may target any numeric parameter registered by the sections before.

    An event ``at`` a summit phase and round is scheduled within the summit
    and may move only :data:`SCHEDULABLE`; an event ``at`` a date needs a
    ``clock``, fires with its probability as any event, and holds from the
    period containing its date on.
    """
    targets = [k for k in ctx.params if not k.startswith("events.")]
    valued = {(p.name, i) for p in parties for i in p.value}
    events = []
    for name, path, spec in ctx.entries(("events",)):
        prob = ctx.number((*path, "probability"), UNIT, "a probability")
        at = None
        day, period = None, None
        if isinstance(spec.get("at"), dict) and not ctx.is_broken((*path, "at")):
            at = scheduled_round(ctx, spec["at"], (*path, "at"), summit)
        elif "at" in spec and not ctx.is_broken((*path, "at")):
            day, period = dated(ctx, spec["at"], (*path, "at"), clock)
        limit = SUMMIT_LIMIT if isinstance(spec.get("at"), dict) else None
        effects = []
        for target, change in ctx.section((*path, "effects")).items():
            effect = compile_effect(ctx, target, change, (*path, "effects", target), targets, valued, limit)
            if effect is not None:
                effects.append(effect)
        events.append(Event(name, str(spec.get("label", name)), prob, tuple(effects), at, day, period))
    return events


Limit = tuple[Callable[[str], bool], str]
"""Which targets an effect may move, and the message for one it may not (formatted with ``target``)."""

SUMMIT_LIMIT: Limit = (schedulable, "a scheduled event (with 'at') can move only " + SCHEDULABLE + " mid-talks, not '{target}'")
"""What an event at a summit phase and round may move."""


def _target_readable(ctx: CompileContext, target: str) -> bool:
    """False when a section on the way to the dotted path ``target``, or the parties (which name many leaves), failed the schema.

    Then the target could not be registered, and the section's type was reported there.
    """
    parts = target.split(".")
    return ctx.readable(("parties",)) and all(ctx.readable(tuple(parts[:n])) for n in range(1, len(parts)))


def compile_effect(
    ctx: CompileContext,
    target: Any,
    change: Any,
    path: Path,
    targets: list[str],
    valued: set[tuple[str, str]] | None = None,
    limit: Limit | None = None,
) -> Effect | None:
    """One effect ``target: {op: operand}``, its operand registered as a parameter; None after reporting why not.

    Parameters
    ----------
    target : str
        The dotted path of the parameter it changes; must be one of ``targets``.
    change : mapping
        ``{add | multiply | set: number or distribution}``.
    path : Path
        Where the effect is written.
    targets : list of str
        The parameters it may change.
    valued : set of (party, issue), optional
        The weights that have a value function, when weights may be targets.
    limit : (predicate, message), optional
        A further restriction of the targets, and what to say about one outside it.
    """
    if not isinstance(change, dict) or len(change) != 1 or ctx.is_broken(path):
        return None
    if target not in targets:
        if not _target_readable(ctx, str(target)):
            return None  # the section it points into has the wrong type, which was reported there
        ctx.bad(path, f"'{target}' is not a numeric parameter of this scenario{did_you_mean_path(target, targets)}")
        return None
    parts = str(target).split(".")
    if valued is not None and parts[0] == "parties" and parts[2] == "weight" and (parts[1], parts[3]) not in valued:
        ctx.bad(path, f"'{parts[1]}' has no value function for '{parts[3]}', so weighing it changes nothing")
        return None
    if limit is not None and not limit[0](str(target)):
        ctx.bad(path, limit[1].format(target=target))
        return None
    op = next(iter(change))
    operand = ctx.number((*path, op), ANY, "an effect")
    return Effect(str(target), op, operand)


__all__ = ["SCHEDULABLE", "SUMMIT_LIMIT", "Limit", "compile_effect", "compile_events", "dated", "schedulable", "scheduled_round"]
