"""Compiling the ``stakeholders`` and ``summit`` sections, and what the summit and bdm protocols need.

Stakeholders carry a position and a salience per issue (Bueno de Mesquita
1994). A position on a numeric issue is a number in the issue's units; on a
categorical issue it is an option name, stored as the option's index so that
the options form an ordinal scale in the order listed. Split issues have no
one-dimensional scale, so stakeholders take no positions on them.

The summit plan defaults to the Anchorage plan of 15 August 2025: a
one-on-one with interpreters, a delegation working lunch and a joint press
conference (see :data:`ANCHORAGE_PLAN`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from negotiation.scenario.distributions import NONNEGATIVE, UNIT, Distribution, Domain
from negotiation.scenario.errors import Path, closest, did_you_mean, dotted, one_of
from negotiation.scenario.model import (
    DEFAULT_CONCESSION,
    DEFAULT_STAKEHOLDER_ROUNDS,
    DEFAULT_TACTIC,
    Parameter,
    Party,
    Phase,
    ProtocolSpec,
    Stakeholder,
    Summit,
)
from negotiation.scenario.schema import ROLES, scenario_schema
from negotiation.scenario.structure import kind_of

if TYPE_CHECKING:
    from negotiation.scenario.compile import _Compiler

MAX_SUMMIT_ROUNDS = 10_000
"""Largest number of summit rounds over all phases."""

_SUMMIT_KEYS = tuple(scenario_schema()["$defs"]["summit"]["properties"])

CONCESSION_DOMAIN = {"boulware": Domain(0.01, 1.0), "conceder": Domain(1.0, 100.0)}
"""Where Faratin's exponent e may lie for each time-dependent tactic that takes one."""


@dataclass(frozen=True)
class PlannedPhase:
    """A phase of the default plan; ``attendance`` is "leaders" or "delegations"."""

    name: str
    label: str
    rounds: int
    attendance: str
    noise: float = 0.0
    pull: float = 0.0
    audience_cost: float = 0.0


ANCHORAGE_PLAN = (
    PlannedPhase("one_on_one", "One-on-one with interpreters", 40, "leaders", noise=0.05),
    PlannedPhase("working_lunch", "Delegation working lunch", 40, "delegations", pull=0.3),
    PlannedPhase("press_conference", "Joint press conference", 20, "leaders", audience_cost=0.05),
)
"""The plan announced for Anchorage (a one-on-one with interpreters only, a
working lunch of the delegations, a joint press conference), with default
strengths for the noise, pull and audience-cost parameters."""


def compile_stakeholders(c: _Compiler, parties: list[Party]) -> list[Stakeholder]:
    """The stakeholders section, with every position and salience registered as a parameter."""
    out = []
    leaders: dict[str, str] = {}
    for name, spec in c.section(("stakeholders",)).items():
        path: Path = ("stakeholders", name)
        if not isinstance(spec, dict) or c.is_broken(path):
            continue
        party = spec.get("party")
        if isinstance(party, str) and not c.known_party(party, (*path, "party")):
            continue
        role = spec["role"]
        if role == "leader":
            if party in leaders:
                c.bad((*path, "role"), f"'{party}' already has a leader, '{leaders[party]}'; a party has one leader")
            leaders[str(party)] = name
        position, salience = _positions(c, spec, path)
        tactic = str(spec.get("tactic", DEFAULT_TACTIC))
        if role == "leader":
            concession = _concession(c, spec, path, tactic)
        else:
            for key in ("tactic", "concession"):
                if key in spec:
                    c.bad((*path, key), f"only a leader has a {key}; '{name}' is a {role} stakeholder")
            concession = _implicit(c, (*path, "concession"), DEFAULT_CONCESSION[tactic])
        capability = c.number((*path, "capability"), NONNEGATIVE, "a capability")
        out.append(Stakeholder(name, str(spec.get("label", name)), str(party), role, capability, position, salience, tactic, concession))
    return out


def _positions(c: _Compiler, spec: dict[str, Any], path: Path) -> tuple[dict[str, str], dict[str, str]]:
    position: dict[str, str] = {}
    for issue_name, raw in (spec.get("position") or {}).items():
        ipath = (*path, "position", issue_name)
        issue = c.known_issue(issue_name, ipath)
        if issue is None or c.is_broken(ipath):
            continue
        key = dotted(ipath)
        if issue.kind == "split":
            c.bad(
                ipath,
                f"'{issue.name}' is a split issue, which has no one-dimensional scale; positions go on categorical and numeric issues",
            )
        elif issue.kind == "categorical":
            if isinstance(raw, str) and raw in issue.options:
                c.params[key] = Parameter(key, float(issue.options.index(raw)), Domain(0.0, float(issue.size - 1)))
                position[issue.name] = key
            else:
                shown = f"'{raw}'" if isinstance(raw, str) else kind_of(raw)
                hint = did_you_mean(raw, issue.options) or "; expected " + one_of(issue.options)
                c.bad(ipath, f"{shown} is not an option of '{issue.name}'{hint}")
        elif isinstance(raw, str):
            c.bad(ipath, f"'{issue.name}' is numeric; expected a number in its units, got '{raw}'")
        else:
            position[issue.name] = c.number(ipath, Domain(issue.lo, issue.hi), "a position")
    salience: dict[str, str] = {}
    written = spec.get("position") or {}
    for issue_name in spec.get("salience") or {}:
        spath = (*path, "salience", issue_name)
        issue = c.known_issue(issue_name, spath)
        if issue is None:
            continue
        salience[issue.name] = c.number(spath, UNIT, "a salience")
        if issue.kind != "split" and issue_name not in written and not c.misspelt(written, issue.name, c.issues):
            c.bad(spath, f"a salience for '{issue.name}' needs a position on it under {dotted((*path, 'position'))}")
    return position, salience


def _concession(c: _Compiler, spec: dict[str, Any], path: Path, tactic: str) -> str:
    cpath = (*path, "concession")
    if tactic in CONCESSION_DOMAIN:
        domain = CONCESSION_DOMAIN[tactic]
        raw = spec.get("concession")
        if isinstance(raw, int | float) and not isinstance(raw, bool) and (raw > 1 if tactic == "boulware" else raw < 1):
            other, side, want = ("conceder", ">", "below") if tactic == "boulware" else ("boulware", "<", "above")
            c.bad(cpath, f"a {tactic.capitalize()} exponent e must be {want} 1, got {raw:g} (e {side} 1 is the {other} tactic)")
            key = dotted(cpath)
            c.params[key] = Parameter(key, float(raw), domain)
            return key
        key = c.number(cpath, domain, f"a {tactic.capitalize()} exponent e", default=DEFAULT_CONCESSION[tactic])
        value = c.fixed(key)
        if value is not None and (value == 1.0):
            c.bad(
                cpath,
                f"e = 1 is the linear tactic; a {tactic.capitalize()} exponent must be {'below' if tactic == 'boulware' else 'above'} 1",
            )
        return key
    if "concession" in spec:
        c.bad(cpath, f"the {tactic} tactic takes no exponent; use tactic: boulware (e < 1) or conceder (e > 1)")
    key = dotted(cpath)
    c.params[key] = Parameter(key, DEFAULT_CONCESSION[tactic], NONNEGATIVE, implicit=True)
    return key


def compile_summit(c: _Compiler, stakeholders: list[Stakeholder]) -> Summit:
    """The summit plan: the file's phases, or the Anchorage plan."""
    raw = c.section(("summit",))
    written = raw.get("absent")
    absent: list[str] = []
    for i, party in enumerate(written if isinstance(written, list) else []):
        if isinstance(party, str) and party not in absent and c.known_party(party, ("summit", "absent", i)):
            absent.append(party)
    table = [p for p in c.party_names if p not in absent]
    if absent and len(table) < 2 and not c.is_broken(("summit", "absent")):
        c.bad(("summit", "absent"), f"at least two parties must be at the table; only {len(table)} would be")
    first = raw.get("first", table[0] if table else "")
    if "first" in raw and isinstance(first, str) and c.known_party(first, ("summit", "first")) and first in absent:
        c.bad(("summit", "first"), f"'{first}' is absent from the summit, so it cannot open")
    by_name = {s.name: s for s in stakeholders}
    # a defined stakeholder missing from by_name, or any when the section is broken, was reported already
    defined = c.section(("stakeholders",))
    roster = ("stakeholders",) not in c.broken
    leaders = tuple(s.name for s in stakeholders if s.role == "leader" and s.party in table)
    delegations = tuple(s.name for s in stakeholders if s.role != "other" and s.party in table)
    phases: list[Phase] = []
    if not isinstance(raw.get("phases"), dict) or _plan_broken(c):
        for plan in ANCHORAGE_PLAN:
            base = ("summit", "phases", plan.name)
            phases.append(
                Phase(
                    plan.name,
                    plan.label,
                    plan.rounds,
                    leaders if plan.attendance == "leaders" else delegations,
                    _implicit(c, (*base, "noise"), plan.noise),
                    _implicit(c, (*base, "pull"), plan.pull),
                    _implicit(c, (*base, "audience_cost"), plan.audience_cost),
                )
            )
    else:
        for name, spec in raw["phases"].items():
            path: Path = ("summit", "phases", name)
            if not isinstance(spec, dict) or c.is_broken(path):
                continue
            attendees = tuple(spec.get("attendees", leaders))
            for i, who in enumerate(spec.get("attendees") or []):
                if who not in by_name:
                    if roster and who not in defined:
                        c.bad((*path, "attendees", i), f"unknown stakeholder '{who}'{did_you_mean(who, defined)}")
                elif by_name[who].party in absent:
                    c.bad((*path, "attendees", i), f"'{who}' belongs to '{by_name[who].party}', which is absent from the summit")
            phases.append(
                Phase(
                    name,
                    str(spec.get("label", name.replace("_", " "))),
                    int(spec["rounds"]),
                    attendees,
                    c.number((*path, "noise"), NONNEGATIVE, "noise", default=0.0),
                    c.number((*path, "pull"), UNIT, "a pull", default=0.0),
                    c.number((*path, "audience_cost"), UNIT, "an audience cost", default=0.0),
                )
            )
    total = sum(p.rounds for p in phases)
    if total > MAX_SUMMIT_ROUNDS:
        c.bad(("summit", "phases"), f"the phases have {total:,} rounds in all, more than the limit of {MAX_SUMMIT_ROUNDS:,}")
    stakeholder_rounds = raw.get("stakeholder_rounds")
    if not isinstance(stakeholder_rounds, int) or isinstance(stakeholder_rounds, bool) or c.is_broken(("summit", "stakeholder_rounds")):
        stakeholder_rounds = DEFAULT_STAKEHOLDER_ROUNDS
    return Summit(tuple(phases), tuple(absent), str(first), stakeholder_rounds)


def _plan_broken(c: _Compiler) -> bool:
    """True when the summit section or its phases as a whole failed the schema: the plan in the file is unknown."""
    return ("summit",) in c.broken or ("summit", "phases") in c.broken


def _implicit(c: _Compiler, path: Path, value: float) -> str:
    key = dotted(path)
    c.params[key] = Parameter(key, value, NONNEGATIVE, implicit=True)
    return key


def scheduled_round(c: _Compiler, raw: Any, path: Path, summit: Summit) -> int | None:
    """The summit round at which a scheduled event's effects start, or None after reporting why not."""
    names = [p.name for p in summit.phases]
    phase = raw.get("phase")
    if phase not in names:
        if _phase_reported(c, phase):
            return None
        c.bad((*path, "phase"), f"unknown summit phase '{phase}'{did_you_mean(phase, names) or '; expected ' + one_of(names)}")
        return None
    k = names.index(phase)
    within = int(raw.get("round", 1))
    if within > summit.phases[k].rounds:
        c.bad((*path, "round"), f"phase '{phase}' has {summit.phases[k].rounds} rounds, so round {within} never comes")
        return None
    return summit.start(k) + within - 1


def _phase_reported(c: _Compiler, phase: Any) -> bool:
    """True when the file's phases, or this phase, already have a reported problem, so an unknown phase says nothing new."""
    if _plan_broken(c) or c.is_broken(("summit", "phases", phase)):
        return True
    raw = c.section(("summit",))
    return "phases" not in raw and c.misspelt(raw, "phases", _SUMMIT_KEYS)


SCHEDULABLE = "parties.<party>.reservation and no_deal.*"
"""What a scheduled event's effects may target: the no-deal side of the talks."""


def schedulable(target: str) -> bool:
    """True for a parameter a scheduled event may move mid-talks."""
    parts = target.split(".")
    return parts[0] == "no_deal" or (parts[0] == "parties" and len(parts) == 3 and parts[2] == "reservation")


def protocol_needs(c: _Compiler, protocols: tuple[ProtocolSpec, ...], stakeholders: list[Stakeholder], summit: Summit) -> None:
    """Report what the summit and bdm protocols need from the scenario and do not find.

    A need is not reported when a problem already reported may be its cause: a
    stakeholder that did not compile may be the missing leader, a misspelt name
    in ``summit.absent`` may mean the party without one, and while anything in
    the stakeholders section is wrong, whether it contests an issue is unknown.
    """
    raw = c.data.get("protocols")
    names = [_protocol_name(item) for item in raw] if isinstance(raw, list) else []
    for spec in protocols:
        path: Path = ("protocols", names.index(spec.name)) if spec.name in names else ("protocols",)
        if spec.name == "summit" and ("stakeholders",) not in c.broken:
            led = {s.party for s in stakeholders if s.role == "leader"} | _maybe_led(c, stakeholders)
            written = c.section(("summit",)).get("absent")
            misspelt = [w for w in written if isinstance(w, str)] if isinstance(written, list) else []
            missing = [p for p in c.party_names if p not in summit.absent and p not in led and not c.misspelt(misspelt, p, c.party_names)]
            if missing:
                c.bad(
                    path,
                    f"the summit needs a leader (a stakeholder with role: leader) for every party at the table; none for {', '.join(missing)}",
                )
        if spec.name == "bdm" and not _stakeholders_reported(c) and not contested_issues(c.params, stakeholders):
            c.bad(path, "bdm needs an issue on which at least two stakeholders have a position and a salience above 0")


def _protocol_name(item: Any) -> Any:
    """The name of one item of ``protocols``, as written: a name, or the key of {name: {options}}."""
    return next(iter(item), None) if isinstance(item, dict) else item


def _maybe_led(c: _Compiler, stakeholders: list[Stakeholder]) -> set[str]:
    """Parties that a stakeholder which did not compile (its problem reported) may lead."""
    compiled = {s.name for s in stakeholders}
    out = set()
    for name, spec in c.section(("stakeholders",)).items():
        if name in compiled or not isinstance(spec, dict):
            continue
        party, role = spec.get("party"), spec.get("role")
        if isinstance(party, str) and (role == "leader" or role not in ROLES):
            out.add(party if party in c.party_names else closest(party, c.party_names) or party)
    return out


def _stakeholders_reported(c: _Compiler) -> bool:
    """True when a problem in the stakeholders section has been reported."""
    return c.is_broken(("stakeholders",)) or any(p.path == "stakeholders" or p.path.startswith("stakeholders.") for p in c.problems)


def contested_issues(params: dict[str, Parameter], stakeholders: list[Stakeholder] | tuple[Stakeholder, ...]) -> list[str]:
    """Issues on which at least two stakeholders have a position and a salience that can be above 0, in first-mention order."""
    count: dict[str, int] = {}
    for s in stakeholders:
        for issue, key in s.salience.items():
            value = params[key].value
            if issue in s.position and (isinstance(value, Distribution) or (value or 0.0) > 0.0):
                count[issue] = count.get(issue, 0) + 1
    return [issue for issue, n in count.items() if n >= 2]


__all__ = [
    "ANCHORAGE_PLAN",
    "MAX_SUMMIT_ROUNDS",
    "SCHEDULABLE",
    "compile_stakeholders",
    "compile_summit",
    "contested_issues",
    "protocol_needs",
    "schedulable",
    "scheduled_round",
]
