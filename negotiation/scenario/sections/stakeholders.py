"""The ``stakeholders`` section: positions and saliences per issue (Bueno de Mesquita 1994), leaders' tactics.

A position on a numeric issue is a number in the issue's units; on a
categorical issue it is an option name, stored as the option's index so that
the options form an ordinal scale in the order listed. Split issues have no
one-dimensional scale, so stakeholders take no positions on them.
"""

from __future__ import annotations

from typing import Any

from negotiation.scenario.context import CompileContext
from negotiation.scenario.defaults import DEFAULT_CONCESSION, DEFAULT_TACTIC
from negotiation.scenario.distributions import NONNEGATIVE, UNIT, Domain
from negotiation.scenario.errors import Path, did_you_mean, dotted, one_of
from negotiation.scenario.model import Parameter, Party, Stakeholder
from negotiation.scenario.structure import kind_of

CONCESSION_DOMAIN = {"boulware": Domain(0.01, 1.0), "conceder": Domain(1.0, 100.0)}
"""Where Faratin's exponent e may lie for each time-dependent tactic that takes one."""


def compile_stakeholders(ctx: CompileContext, parties: list[Party]) -> list[Stakeholder]:
    """The stakeholders section, with every position and salience registered as a parameter."""
    out = []
    leaders: dict[str, str] = {}
    for name, spec in ctx.section(("stakeholders",)).items():
        path: Path = ("stakeholders", name)
        if not isinstance(spec, dict) or ctx.is_broken(path):
            continue
        party = spec.get("party")
        if isinstance(party, str) and not ctx.known_party(party, (*path, "party")):
            continue
        role = spec["role"]
        if role == "leader":
            if party in leaders:
                ctx.bad((*path, "role"), f"'{party}' already has a leader, '{leaders[party]}'; a party has one leader")
            leaders[str(party)] = name
        position, salience = _positions(ctx, spec, path)
        tactic = str(spec.get("tactic", DEFAULT_TACTIC))
        if role == "leader":
            concession = _concession(ctx, spec, path, tactic)
        else:
            for key in ("tactic", "concession"):
                if key in spec:
                    ctx.bad((*path, key), f"only a leader has a {key}; '{name}' is a {role} stakeholder")
            concession = ctx.implicit((*path, "concession"), DEFAULT_CONCESSION[tactic], NONNEGATIVE)
        capability = ctx.number((*path, "capability"), NONNEGATIVE, "a capability")
        out.append(Stakeholder(name, str(spec.get("label", name)), str(party), role, capability, position, salience, tactic, concession))
    return out


def _positions(ctx: CompileContext, spec: dict[str, Any], path: Path) -> tuple[dict[str, str], dict[str, str]]:
    position: dict[str, str] = {}
    for issue_name, raw in (spec.get("position") or {}).items():
        ipath = (*path, "position", issue_name)
        issue = ctx.known_issue(issue_name, ipath)
        if issue is None or ctx.is_broken(ipath):
            continue
        key = dotted(ipath)
        if issue.kind == "split":
            ctx.bad(
                ipath,
                f"'{issue.name}' is a split issue, which has no one-dimensional scale; positions go on categorical and numeric issues",
            )
        elif issue.kind == "categorical":
            if isinstance(raw, str) and raw in issue.options:
                ctx.params[key] = Parameter(key, float(issue.options.index(raw)), Domain(0.0, float(issue.size - 1)))
                position[issue.name] = key
            else:
                shown = f"'{raw}'" if isinstance(raw, str) else kind_of(raw)
                hint = did_you_mean(raw, issue.options) or "; expected " + one_of(issue.options)
                ctx.bad(ipath, f"{shown} is not an option of '{issue.name}'{hint}")
        elif isinstance(raw, str):
            ctx.bad(ipath, f"'{issue.name}' is numeric; expected a number in its units, got '{raw}'")
        else:
            position[issue.name] = ctx.number(ipath, Domain(issue.lo, issue.hi), "a position")
    salience: dict[str, str] = {}
    written = spec.get("position") or {}
    for issue_name in spec.get("salience") or {}:
        spath = (*path, "salience", issue_name)
        issue = ctx.known_issue(issue_name, spath)
        if issue is None:
            continue
        salience[issue.name] = ctx.number(spath, UNIT, "a salience")
        if issue.kind != "split" and issue_name not in written and not ctx.misspelt(written, issue.name, ctx.issues):
            ctx.bad(spath, f"a salience for '{issue.name}' needs a position on it under {dotted((*path, 'position'))}")
    return position, salience


def _concession(ctx: CompileContext, spec: dict[str, Any], path: Path, tactic: str) -> str:
    cpath = (*path, "concession")
    if tactic in CONCESSION_DOMAIN:
        domain = CONCESSION_DOMAIN[tactic]
        raw = spec.get("concession")
        if isinstance(raw, int | float) and not isinstance(raw, bool) and (raw > 1 if tactic == "boulware" else raw < 1):
            other, side, want = ("conceder", ">", "below") if tactic == "boulware" else ("boulware", "<", "above")
            ctx.bad(cpath, f"a {tactic.capitalize()} exponent e must be {want} 1, got {raw:g} (e {side} 1 is the {other} tactic)")
            key = dotted(cpath)
            ctx.params[key] = Parameter(key, float(raw), domain)
            return key
        key = ctx.number(cpath, domain, f"a {tactic.capitalize()} exponent e", default=DEFAULT_CONCESSION[tactic])
        value = ctx.fixed(key)
        if value is not None and (value == 1.0):
            ctx.bad(
                cpath,
                f"e = 1 is the linear tactic; a {tactic.capitalize()} exponent must be {'below' if tactic == 'boulware' else 'above'} 1",
            )
        return key
    if "concession" in spec:
        ctx.bad(cpath, f"the {tactic} tactic takes no exponent; use tactic: boulware (e < 1) or conceder (e > 1)")
    return ctx.implicit(cpath, DEFAULT_CONCESSION[tactic], NONNEGATIVE)


__all__ = ["CONCESSION_DOMAIN", "compile_stakeholders"]
