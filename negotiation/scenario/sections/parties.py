"""The ``parties`` section: weights, value functions, reservation values, power, patience and recognition."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from negotiation.scenario.context import CompileContext, is_number
from negotiation.scenario.defaults import DEFAULT_PATIENCE, DEFAULT_POWER
from negotiation.scenario.distributions import ANY, NONNEGATIVE, UNIT, Distribution, Domain
from negotiation.scenario.errors import Path, did_you_mean, dotted
from negotiation.scenario.limits import MAX_SCALE
from negotiation.scenario.model import FROM_PATIENCE, Event, Issue, Parameter, Party, ProtocolSpec, ValueFunction
from negotiation.scenario.schema import scenario_schema
from negotiation.scenario.structure import kind_of

_PARTY_KEYS = tuple(scenario_schema()["$defs"]["party"]["properties"])


def compile_parties(ctx: CompileContext, has_lottery: bool) -> list[Party]:
    """Every party (setting ``ctx.party_names``); ``has_lottery`` says whether a war lottery can derive reservations."""
    raw_parties = ctx.section(("parties",))
    ctx.party_names = [p for p in raw_parties if isinstance(p, str)]
    n = max(len(ctx.party_names), 1)
    parties = []
    for name in ctx.party_names:
        path: Path = ("parties", name)
        spec = raw_parties[name]
        if not isinstance(spec, dict) or not ctx.readable(path):
            continue
        parties.append(compile_party(ctx, name, spec, path, has_lottery, 1.0 / n))
    for issue in ctx.issues.values():
        for who in issue.split:
            if who not in ctx.party_names and ctx.readable(("parties",)):
                ctx.bad(("issues", issue.name, "split"), f"unknown party '{who}'{did_you_mean(who, ctx.party_names)}")
    return parties


def compile_party(ctx: CompileContext, name: str, spec: dict[str, Any], path: Path, has_lottery: bool, share: float) -> Party:
    """One party; ``share`` is its default recognition probability (1/n)."""
    label = str(spec.get("label", name))
    raw_weight = ctx.section((*path, "weight"))
    raw_value = ctx.section((*path, "value"))
    for key in raw_weight:
        ctx.known_issue(key, (*path, "weight", key))
    weight = {issue: ctx.number((*path, "weight", issue), NONNEGATIVE, "a weight", default=0.0) for issue in ctx.issues}
    value: dict[str, ValueFunction] = {}
    for key, form in raw_value.items():
        issue = ctx.known_issue(key, (*path, "value", key))
        if issue is not None and not ctx.is_broken((*path, "value", key)):
            fn = value_function(ctx, name, issue, form, (*path, "value", key))
            if fn is not None:
                value[key] = fn
    for issue in ctx.issues.values():
        if issue.kind == "split" and name in issue.split and issue.name not in value:
            value[issue.name] = ValueFunction("share")
        wpath = (*path, "weight", issue.name)
        if issue.name not in raw_weight or ctx.fixed(weight[issue.name]) == 0.0:
            continue
        if issue.kind == "split" and name not in issue.split:
            ctx.bad(
                wpath,
                f"'{name}' has no share in split issue '{issue.name}' (its parties are {', '.join(issue.split)}), so it cannot weigh it",
            )
        elif issue.name not in value and issue.name not in raw_value and not ctx.misspelt(raw_value, issue.name, ctx.issues):
            ctx.bad(wpath, f"'{name}' gives weight to '{issue.name}' but has no value function for it under parties.{name}.value")
    usable = not ctx.is_broken((*path, "weight")) and all(key in ctx.issues for key in raw_weight)
    if isinstance(spec.get("weight"), dict) and usable and ctx.issues and all(ctx.fixed(weight[i]) == 0.0 for i in ctx.issues):
        said = "every weight is 0" if raw_weight else "no issue has a weight"
        ctx.bad((*path, "weight"), f"{said}; the party would be indifferent to every package (give an issue a weight above 0)")
    if "reservation" in spec:
        reservation = ctx.number((*path, "reservation"), ANY, "a reservation value")
        derived = False
    else:
        reservation = dotted((*path, "reservation"))
        ctx.params[reservation] = Parameter(reservation, None, ANY, implicit=True)
        derived = True
        if not has_lottery and not ctx.misspelt(spec, "reservation", _PARTY_KEYS):
            ctx.bad(path, "no reservation value: give 'reservation' or a 'no_deal' war lottery to derive it from")
    from_patience = spec.get("power") == FROM_PATIENCE
    power = None if from_patience else ctx.number((*path, "power"), NONNEGATIVE, "power", default=DEFAULT_POWER, positive=True)
    patience = ctx.number((*path, "patience"), UNIT, "patience", default=DEFAULT_PATIENCE)
    trouble = patience_reaches_one(ctx, patience) if from_patience else None
    if trouble and not ctx.reported_under((*path, "patience")):
        ctx.bad((*path, "patience"), f"{trouble}; power: from_patience needs it below 1 (the exponent 1/(-ln patience) is infinite at 1)")
    return Party(
        name=name,
        label=label,
        weight=weight,
        value=value,
        reservation=reservation,
        derived_reservation=derived,
        power=power,
        patience=patience,
        recognition=ctx.number((*path, "recognition"), NONNEGATIVE, "recognition", default=share),
    )


def patience_reaches_one(ctx: CompileContext, key: str) -> str | None:
    """Why the patience parameter ``key`` can be 1 (as a phrase), or None when it stays below 1."""
    value = ctx.params[key].value
    if isinstance(value, float):
        return f"patience is {value:g}" if value >= 1.0 else None
    if isinstance(value, Distribution):
        lo, hi = value.support()
        return f"patience can be 1 ({value.name} gives values in [{lo:g}, {hi:g}])" if hi >= 1.0 else None
    return None


def _highest(ctx: CompileContext, key: str) -> float:
    """The largest value parameter ``key`` can take before any event."""
    value = ctx.params[key].value
    if isinstance(value, Distribution):
        return value.support()[1]
    return value if isinstance(value, float) else 0.0


def check_patience_effects(
    ctx: CompileContext, parties: Sequence[Party], events: Sequence[Event], protocols: Sequence[ProtocolSpec]
) -> None:
    """Refuse an event that can raise to 1 the patience of a party whose Nash exponent comes from it.

    The bound follows the events in file order, each at its worst (every
    event firing); a patience raised to 1 would make ``1 / (-ln patience)``
    infinite in the draws where the events fire.
    """
    every = any(spec.name == "nash" and spec.options.get("power") == FROM_PATIENCE for spec in protocols)
    watched = {p.patience: p.name for p in parties if p.power is None or every}
    top = {key: _highest(ctx, key) for key in watched}
    for event in events:
        for effect in event.effects:
            if effect.target not in top:
                continue
            operand = _highest(ctx, effect.operand)
            before = top[effect.target]
            top[effect.target] = {"set": operand, "add": before + max(operand, 0.0), "multiply": before * max(operand, 1.0)}.get(
                effect.op, before
            )
            if top[effect.target] >= 1.0 > before:
                ctx.bad(
                    ("events", event.name, "effects", effect.target),
                    f"this can raise the patience of '{watched[effect.target]}' to 1, where its Nash exponent 1/(-ln patience) is infinite",
                )


def _is_points(points: Any) -> bool:
    """True for a list of at least two ``[x, v]`` pairs whose x is a number (v is checked as a parameter)."""
    return isinstance(points, list) and len(points) >= 2 and all(isinstance(p, list) and len(p) == 2 and is_number(p[0]) for p in points)


def value_function(ctx: CompileContext, party: str, issue: Issue, form: Any, path: Path) -> ValueFunction | None:
    """A party's value function on one issue, or None after reporting why it has none."""
    if issue.kind == "split" and party not in issue.split:
        ctx.bad(path, f"'{party}' has no share in split issue '{issue.name}' (its parties are {', '.join(issue.split)})")
        return None
    if isinstance(form, str):
        return ValueFunction("increasing" if form == "increasing" else "decreasing")
    if not isinstance(form, dict):
        return None
    lo, hi = (issue.lo, issue.hi) if issue.kind == "numeric" else (0.0, 1.0)
    if "peak" in form and len(form) == 1:
        if issue.kind == "categorical":
            ctx.bad(path, f"'{issue.name}' is categorical; give a table {{option: value}} instead of a peak")
            return None
        return ValueFunction("peak", peak=ctx.number((*path, "peak"), Domain(lo, hi), "the peak"))
    if "points" in form and len(form) == 1:
        if issue.kind == "categorical":
            ctx.bad(path, f"'{issue.name}' is categorical; give a table {{option: value}} instead of points")
            return None
        points = form["points"]
        if ctx.is_broken((*path, "points")):
            return None
        if not _is_points(points):
            # {points: 0} is a valid table of one option named 'points', so the schema lets it through
            ctx.bad((*path, "points"), f"expected a list of at least two [x, v] pairs, e.g. [[0, 0], [1, 1]], got {kind_of(points)}")
            return None
        xs = tuple(float(p[0]) for p in form["points"])
        if any(b <= a for a, b in itertools.pairwise(xs)):
            ctx.bad((*path, "points"), f"the x values must increase strictly, got {[f'{x:g}' for x in xs]}")
        elif any(abs(x) > MAX_SCALE for x in xs):
            ctx.bad(
                (*path, "points"), f"the x values must lie within ±{MAX_SCALE:g}, as an issue's range does, got {[f'{x:g}' for x in xs]}"
            )
        ys = tuple(ctx.number((*path, "points", i, 1), UNIT, "a value") for i in range(len(xs)))
        return ValueFunction("points", xs=xs, ys=ys)
    if issue.kind != "categorical":
        ctx.bad(path, f"'{issue.name}' is {issue.kind}; a table needs a categorical issue, use {{points: [[x, v], ...]}}")
        return None
    ok = True
    for key in form:
        if key not in issue.options:
            ctx.bad((*path, key), f"'{key}' is not an option of '{issue.name}'{did_you_mean(key, issue.options)}")
            ok = False
    missing = [o for o in issue.options if o not in form and not ctx.misspelt(form, o, issue.options)]
    if missing:
        ctx.bad(path, f"the table gives no value for {', '.join(missing)}")
        ok = False
    table = tuple(ctx.number((*path, o), UNIT, "a value") for o in issue.options if o in form)
    return ValueFunction("table", table=table) if ok else None


__all__ = ["check_patience_effects", "compile_parties", "compile_party", "patience_reaches_one", "value_function"]
