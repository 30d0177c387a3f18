"""The ``summit`` section: the plan of the agent-based summit, its phases, absent parties and who opens.

The plan defaults to the Anchorage plan of 15 August 2025: a one-on-one with
interpreters, a delegation working lunch and a joint press conference (see
:data:`ANCHORAGE_PLAN`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from negotiation.scenario.context import CompileContext
from negotiation.scenario.defaults import DEFAULT_PHASE_STRENGTH, DEFAULT_STAKEHOLDER_ROUNDS
from negotiation.scenario.distributions import ANY, NONNEGATIVE, UNIT, Distribution
from negotiation.scenario.errors import Path, did_you_mean
from negotiation.scenario.model import Phase, Stakeholder, Summit
from negotiation.scenario.schema import scenario_schema

MAX_SUMMIT_ROUNDS = 10_000
"""Largest number of summit rounds over all phases."""

_SUMMIT_KEYS = tuple(scenario_schema()["$defs"]["summit"]["properties"])


@dataclass(frozen=True)
class PlannedPhase:
    """A phase of the default plan; ``attendance`` is "leaders" or "delegations"."""

    name: str
    label: str
    rounds: int
    attendance: str
    noise: float = DEFAULT_PHASE_STRENGTH
    pull: float = DEFAULT_PHASE_STRENGTH
    audience_cost: float = DEFAULT_PHASE_STRENGTH


ANCHORAGE_PLAN = (
    PlannedPhase("one_on_one", "One-on-one with interpreters", 40, "leaders", noise=0.05),
    PlannedPhase("working_lunch", "Delegation working lunch", 40, "delegations", pull=0.3),
    PlannedPhase("press_conference", "Joint press conference", 20, "leaders", audience_cost=0.05),
)
"""The plan announced for Anchorage (a one-on-one with interpreters only, a
working lunch of the delegations, a joint press conference), with default
strengths for the noise, pull and audience-cost parameters."""


def compile_summit(ctx: CompileContext, stakeholders: list[Stakeholder]) -> Summit:
    """The summit plan: the file's phases, or the Anchorage plan."""
    raw = ctx.section(("summit",))
    written = raw.get("absent")
    absent: list[str] = []
    for i, party in enumerate(written if isinstance(written, list) else []):
        if isinstance(party, str) and party not in absent and ctx.known_party(party, ("summit", "absent", i)):
            absent.append(party)
    table = [p for p in ctx.party_names if p not in absent]
    if absent and len(table) < 2 and not ctx.is_broken(("summit", "absent")):
        ctx.bad(("summit", "absent"), f"at least two parties must be at the table; only {len(table)} would be")
    first = raw.get("first", table[0] if table else "")
    if "first" in raw and isinstance(first, str) and ctx.known_party(first, ("summit", "first")) and first in absent:
        ctx.bad(("summit", "first"), f"'{first}' is absent from the summit, so it cannot open")
    by_name = {s.name: s for s in stakeholders}
    # a defined stakeholder missing from by_name, or any when the section is broken, was reported already
    defined = ctx.section(("stakeholders",))
    roster = ("stakeholders",) not in ctx.broken
    leaders = tuple(s.name for s in stakeholders if s.role == "leader" and s.party in table)
    delegations = tuple(s.name for s in stakeholders if s.role != "other" and s.party in table)
    phases: list[Phase] = []
    if not isinstance(raw.get("phases"), dict) or plan_broken(ctx):
        for plan in ANCHORAGE_PLAN:
            base = ("summit", "phases", plan.name)
            phases.append(
                Phase(
                    plan.name,
                    plan.label,
                    plan.rounds,
                    leaders if plan.attendance == "leaders" else delegations,
                    ctx.implicit((*base, "noise"), plan.noise, NONNEGATIVE),
                    ctx.implicit((*base, "pull"), plan.pull, NONNEGATIVE),
                    ctx.implicit((*base, "audience_cost"), plan.audience_cost, NONNEGATIVE),
                )
            )
    else:
        for name, spec in raw["phases"].items():
            path: Path = ("summit", "phases", name)
            if not isinstance(spec, dict) or ctx.is_broken(path):
                continue
            attendees = tuple(spec.get("attendees", leaders))
            for i, who in enumerate(spec.get("attendees") or []):
                if who not in by_name:
                    if roster and who not in defined:
                        ctx.bad((*path, "attendees", i), f"unknown stakeholder '{who}'{did_you_mean(who, defined)}")
                elif by_name[who].party in absent:
                    ctx.bad((*path, "attendees", i), f"'{who}' belongs to '{by_name[who].party}', which is absent from the summit")
            phases.append(
                Phase(
                    name,
                    str(spec.get("label", name.replace("_", " "))),
                    int(spec["rounds"]),
                    attendees,
                    ctx.number((*path, "noise"), NONNEGATIVE, "noise", default=DEFAULT_PHASE_STRENGTH),
                    ctx.number((*path, "pull"), UNIT, "a pull", default=DEFAULT_PHASE_STRENGTH),
                    ctx.number((*path, "audience_cost"), UNIT, "an audience cost", default=DEFAULT_PHASE_STRENGTH),
                )
            )
    total = sum(p.rounds for p in phases)
    if total > MAX_SUMMIT_ROUNDS:
        ctx.bad(("summit", "phases"), f"the phases have {total:,} rounds in all, more than the limit of {MAX_SUMMIT_ROUNDS:,}")
    stakeholder_rounds = raw.get("stakeholder_rounds")
    if not isinstance(stakeholder_rounds, int) or isinstance(stakeholder_rounds, bool) or ctx.is_broken(("summit", "stakeholder_rounds")):
        stakeholder_rounds = DEFAULT_STAKEHOLDER_ROUNDS
    anticipate, beliefs = compile_anticipation(ctx, absent)
    return Summit(tuple(phases), tuple(absent), str(first), stakeholder_rounds, anticipate, beliefs)


def compile_anticipation(ctx: CompileContext, absent: list[str]) -> tuple[bool, tuple[tuple[str, float | Distribution], ...]]:
    """``summit.anticipation``: whether the leaders anticipate the absent parties, and their explicit beliefs.

    ``false`` turns anticipation off; ``true`` (the default) or a mapping turns
    it on. A mapping gives, per absent party, the leaders' belief about its
    reservation value: a number (a point mass) or a distribution. A belief is
    a law, not a per-draw value, so it is not registered as a parameter.
    """
    path: Path = ("summit", "anticipation")
    raw = ctx.section(("summit",)).get("anticipation", True)
    if ctx.is_broken(path) or isinstance(raw, bool):
        return raw is not False, ()
    beliefs: list[tuple[str, float | Distribution]] = []
    for party in raw if isinstance(raw, dict) else {}:
        where = (*path, party)
        if not ctx.known_party(party, where):
            continue
        if party not in absent:
            written = ctx.section(("summit",)).get("absent")
            if ctx.is_broken(("summit", "absent")) or ctx.misspelt(written if isinstance(written, list) else [], party, ctx.party_names):
                continue  # summit.absent was reported already: this party may be the one meant there
            ctx.bad(
                where,
                f"'{party}' is at the table; anticipation holds beliefs about absent parties only (absent: {', '.join(absent) or 'none'})",
            )
            continue
        key = ctx.number(where, ANY, "a belief about a reservation value")
        law = ctx.params.pop(key).value  # a law the leaders hold, not a leaf drawn per draw
        if law is not None:
            beliefs.append((party, law))
    return True, tuple(beliefs)


def plan_broken(ctx: CompileContext) -> bool:
    """True when the summit section or its phases as a whole failed the schema: the plan in the file is unknown."""
    return ("summit",) in ctx.broken or ("summit", "phases") in ctx.broken


def phase_reported(ctx: CompileContext, phase: Any) -> bool:
    """True when the file's phases, or this phase, already have a reported problem, so an unknown phase says nothing new."""
    if plan_broken(ctx) or ctx.is_broken(("summit", "phases", phase)):
        return True
    raw = ctx.section(("summit",))
    return "phases" not in raw and ctx.misspelt(raw, "phases", _SUMMIT_KEYS)


__all__ = ["ANCHORAGE_PLAN", "MAX_SUMMIT_ROUNDS", "PlannedPhase", "compile_anticipation", "compile_summit", "phase_reported", "plan_broken"]
