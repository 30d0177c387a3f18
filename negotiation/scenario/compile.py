"""From structurally valid YAML data to a typed :class:`Scenario`, checking cross-references.

The compiler walks the document once, section by section. It resolves names
(issues, options, parties, grid values) and registers every numeric leaf as a
:class:`Parameter`; each thing that does not resolve becomes a located
:class:`Problem` with a did-you-mean. Subtrees that already failed the schema
are skipped, so one mistake is reported once, and all other sections are still
checked: the user sees every problem in one pass.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.distributions import ANY, NONNEGATIVE, UNIT, Distribution, Domain, argument_problem
from negotiation.scenario.errors import Path, Problem, closest, did_you_mean, dotted, one_of
from negotiation.scenario.model import (
    DEFAULT_CHUNK,
    DEFAULT_DRAWS,
    DEFAULT_PATIENCE,
    DEFAULT_POWER,
    DEFAULT_SAMPLER,
    DEFAULT_SEED,
    DEFAULT_THRESHOLD,
    MAX_PACKAGES,
    Effect,
    Event,
    Issue,
    MonteCarlo,
    NoDeal,
    Parameter,
    PartialPackage,
    Party,
    ProtocolSpec,
    Ratification,
    Scenario,
    Summit,
    ValueFunction,
    WarOutcome,
)
from negotiation.scenario.protocols import DEFAULT_PROTOCOLS, PROTOCOLS
from negotiation.scenario.schema import NAME_PATTERN, scenario_schema
from negotiation.scenario.structure import kind_of
from negotiation.scenario.summit import SCHEDULABLE, compile_stakeholders, compile_summit, protocol_needs, schedulable, scheduled_round
from negotiation.scenario.yamlio import Document

_MISSING = object()
MAX_SOBOL_DRAWS = 2**32
GRID_TOL = 1e-9
"""Relative tolerance, in units of an issue's range, for matching a written value to the grid."""

_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_PARTY_KEYS = tuple(scenario_schema()["$defs"]["party"]["properties"])


def compositions(total: int, parts: int) -> NDArray[np.int64]:
    """All ways to write ``total`` as ``parts`` ordered non-negative integers.

    Rows are in lexicographic order, so the first party's share rises first:
    ``compositions(2, 2)`` is ``[[0, 2], [1, 1], [2, 0]]``.
    """
    if parts == 1:
        return np.array([[total]], dtype=np.int64)
    rows = [
        np.column_stack([np.full(len(rest), first), rest])
        for first in range(total + 1)
        for rest in [compositions(total - first, parts - 1)]
    ]
    return np.vstack(rows)


def _get(data: Any, path: Path, default: Any = _MISSING) -> Any:
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return default
    return node


def _shares_from_key(key: str) -> Any:
    """A split value written as a mapping key, ``"[0.5, 0.5]"``, as a list of floats."""
    try:
        return [float(x) for x in key.strip().strip("[]").split(",")]
    except ValueError:
        return key


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


class _Compiler:
    def __init__(self, doc: Document, broken: Iterable[Path]):
        self.doc = doc
        self.data: dict[str, Any] = doc.data if isinstance(doc.data, dict) else {}
        paths = list(broken)
        self.structural = bool(paths)  # anything reported, even at the top level (a missing 'name')
        self.broken = [b for b in paths if b]
        self.problems: list[Problem] = []
        self.params: dict[str, Parameter] = {}
        self.issues: dict[str, Issue] = {}
        self.unusable_issues: set[str] = set()
        self.party_names: list[str] = []

    # -- helpers -------------------------------------------------------------

    def bad(self, path: Path, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def is_broken(self, path: Path) -> bool:
        """True when the schema already reported a problem in or above ``path``."""
        n = len(path)
        return any(b[:n] == path or path[: len(b)] == b for b in self.broken)

    def section(self, path: Path) -> dict[Any, Any]:
        value = _get(self.data, path, None)
        return value if isinstance(value, dict) else {}

    def number(
        self,
        path: Path,
        domain: Domain,
        what: str,
        *,
        default: float | None = None,
        positive: bool = False,
    ) -> str:
        """Register the numeric leaf at ``path`` as a parameter and return its dotted path."""
        key = dotted(path)
        raw = _get(self.data, path)
        value: float | Distribution | None
        if raw is _MISSING:
            self.params[key] = Parameter(key, default, domain, implicit=True)
            return key
        if self.is_broken(path):
            value = default if default is not None else 0.0
        elif _is_number(raw):
            value = float(raw)
            if value not in domain or (positive and value <= 0):
                need = "greater than 0" if positive and value in domain else domain.describe()
                self.bad(path, f"{what} must be {need}, got {value:g}")
        elif isinstance(raw, dict) and len(raw) == 1:
            name, args = next(iter(raw.items()))
            value = Distribution(name, tuple(float(a) for a in args))
            trouble = argument_problem(name, value.args)
            if trouble:
                self.bad((*path, name), trouble)
            else:
                lo, hi = value.support()
                if lo < domain.lo or hi > domain.hi:
                    fix = "; use truncnormal or beta to bound it" if math.isinf(lo) or math.isinf(hi) else ""
                    self.bad(path, f"{what} must be {domain.describe()}, but {name} can give values in [{lo:g}, {hi:g}]{fix}")
        else:
            value = default if default is not None else 0.0
        self.params[key] = Parameter(key, value, domain)
        return key

    def fixed(self, key: str) -> float | None:
        value = self.params[key].value
        return value if isinstance(value, float) else None

    @staticmethod
    def misspelt(keys: Iterable[Any], meant: str, choices: Iterable[Any]) -> bool:
        """True when one of ``keys`` is not a choice but is a misspelling of ``meant``.

        Such a key was already reported with a did-you-mean, so ``meant`` being
        absent is the same mistake and is not reported again.
        """
        names = [str(c) for c in choices]
        return any(str(key) not in names and closest(key, names) == meant for key in keys)

    def known_issue(self, name: Any, path: Path) -> Issue | None:
        if name in self.issues:
            return self.issues[name]
        if name not in self.unusable_issues:
            self.bad(path, f"unknown issue '{name}'{did_you_mean(name, self.issues)}")
        return None

    def known_party(self, name: Any, path: Path) -> bool:
        if name in self.party_names:
            return True
        self.bad(path, f"unknown party '{name}'{did_you_mean(name, self.party_names)}")
        return False

    # -- issues and packages ---------------------------------------------------

    def compile_issues(self) -> None:
        for name, spec in self.section(("issues",)).items():
            path: Path = ("issues", name)
            if not isinstance(name, str) or self.is_broken(path) or not isinstance(spec, dict):
                self.unusable_issues.add(str(name))
                continue
            issue = self.compile_issue(name, spec, path)
            if issue is None:
                self.unusable_issues.add(name)
            else:
                self.issues[name] = issue
        total = math.prod(issue.size for issue in self.issues.values()) if self.issues else 0
        if total > MAX_PACKAGES:
            self.bad(
                ("issues",),
                f"the outcome space has {total:,} packages, more than the limit of {MAX_PACKAGES:,}; use fewer options or steps",
            )

    def compile_issue(self, name: str, spec: dict[str, Any], path: Path) -> Issue | None:
        label = str(spec.get("label", name))
        unit = str(spec.get("unit", ""))
        if "options" in spec:
            options = spec["options"]
            odd = [o for o in options if not set(o) <= _NAME_CHARS]
            if odd:
                self.bad((*path, "options"), f"option '{odd[0]}' may hold only letters, digits, '_' and '-'")
                return None
            return Issue(name, label, "categorical", options=tuple(options), unit=unit)
        steps = int(spec["steps"])
        if "range" in spec:
            lo, hi = (float(x) for x in spec["range"])
            if not lo < hi:
                self.bad((*path, "range"), f"range needs lo < hi, got [{lo:g}, {hi:g}]")
                return None
            if steps < 2:
                self.bad((*path, "steps"), f"a numeric issue needs at least 2 steps (grid points), got {steps}")
                return None
            if steps > MAX_PACKAGES:
                self.bad((*path, "steps"), f"{steps:,} steps is more than the limit of {MAX_PACKAGES:,} packages")
                return None
            grid = np.round(lo + (hi - lo) * np.arange(steps) / (steps - 1), 12)
            return Issue(name, label, "numeric", grid=grid, lo=lo, hi=hi, unit=unit)
        split = tuple(spec["split"])
        size = math.comb(steps + len(split) - 1, len(split) - 1)
        if size > MAX_PACKAGES:
            self.bad((*path, "steps"), f"this split has {size:,} options, more than the limit of {MAX_PACKAGES:,} packages")
            return None
        shares = np.round(compositions(steps, len(split)) / steps, 12)
        return Issue(name, label, "split", grid=shares[:, 0].copy(), shares=shares, split=split, unit=unit)

    def option_index(self, issue: Issue, raw: Any, path: Path) -> int | None:
        """The grid index of one written value of ``issue``, or None after reporting why not."""
        if issue.kind == "categorical":
            if isinstance(raw, str) and raw in issue.options:
                return issue.options.index(raw)
            shown = f"'{raw}'" if isinstance(raw, str) else kind_of(raw)
            self.bad(
                path,
                f"{shown} is not an option of '{issue.name}'{did_you_mean(raw, issue.options) or '; expected ' + one_of(issue.options)}",
            )
            return None
        if issue.kind == "numeric":
            if not _is_number(raw):
                self.bad(path, f"'{issue.name}' is numeric; expected a number on its grid, got {kind_of(raw)}")
                return None
            gap = np.abs(issue.grid - float(raw))
            j = int(np.argmin(gap))
            if gap[j] <= GRID_TOL * (issue.hi - issue.lo):
                return j
            grid = ", ".join(issue.key(k) for k in range(issue.size)) if issue.size <= 12 else f"{issue.size} points"
            self.bad(path, f"{float(raw):g} is not on the grid of '{issue.name}' ({grid}); nearest is {issue.key(j)}")
            return None
        if not (isinstance(raw, list) and len(raw) == len(issue.split) and all(_is_number(x) for x in raw)):
            self.bad(
                path, f"'{issue.name}' is a split; expected {len(issue.split)} shares in the order {list(issue.split)}, got {kind_of(raw)}"
            )
            return None
        want = np.asarray(raw, dtype=float)
        if abs(want.sum() - 1.0) > GRID_TOL:
            self.bad(path, f"the shares of '{issue.name}' must sum to 1, got {want.sum():g}")
            return None
        gap = np.abs(issue.shares - want).max(axis=1)
        j = int(np.argmin(gap))
        if gap[j] <= GRID_TOL:
            return j
        self.bad(
            path,
            f"{raw} is not on the grid of '{issue.name}' (shares move in steps of {issue.shares[1:, 0].min() if issue.size > 1 else 1:g}); nearest is {issue.key(j)}",
        )
        return None

    def option_set(self, issue: Issue, raw: Any, path: Path) -> frozenset[int] | None:
        """Indices matched by a partial-package entry: one value, or a list of values (any of them)."""
        several = isinstance(raw, list) and (issue.kind != "split" or (raw and all(isinstance(x, list) for x in raw)))
        values = raw if several else [raw]
        if several and not values:
            self.bad(path, "an empty list matches nothing")
            return None
        found = [self.option_index(issue, v, (*path, i) if several else path) for i, v in enumerate(values)]
        return None if any(f is None for f in found) else frozenset(f for f in found if f is not None)

    def partial_package(self, raw: Any, path: Path) -> PartialPackage | None:
        if not isinstance(raw, dict) or self.is_broken(path):
            return None
        if not raw:
            self.bad(path, "an empty partial package would match every package")
            return None
        order = list(self.issues)
        out: PartialPackage = {}
        ok = True
        for name, value in raw.items():
            issue = self.known_issue(name, (*path, name))
            matched = self.option_set(issue, value, (*path, name)) if issue else None
            if matched is None:
                ok = False
            elif issue is not None:
                out[order.index(issue.name)] = matched
        return out if ok else None

    def complete_package(self, raw: Any, path: Path) -> tuple[int, ...] | None:
        if not isinstance(raw, dict) or self.is_broken(path):
            return None
        codes: dict[str, int] = {}
        ok = True
        for name, value in raw.items():
            issue = self.known_issue(name, (*path, name))
            j = self.option_index(issue, value, (*path, name)) if issue else None
            if j is None:
                ok = False
            elif issue is not None:
                codes[issue.name] = j
        missing = [name for name in self.issues if name not in raw]
        if missing:
            self.bad(path, f"a package needs a value for every issue; missing {', '.join(missing)}")
            ok = False
        if not ok or self.unusable_issues:
            return None
        return tuple(codes[name] for name in self.issues)

    # -- parties -----------------------------------------------------------------

    def compile_parties(self, has_lottery: bool) -> list[Party]:
        raw_parties = self.section(("parties",))
        self.party_names = [p for p in raw_parties if isinstance(p, str)]
        n = max(len(self.party_names), 1)
        parties = []
        for name in self.party_names:
            path: Path = ("parties", name)
            spec = raw_parties[name]
            if not isinstance(spec, dict) or path in self.broken:
                continue
            parties.append(self.compile_party(name, spec, path, has_lottery, 1.0 / n))
        for issue in self.issues.values():
            for who in issue.split:
                if who not in self.party_names:
                    self.bad(("issues", issue.name, "split"), f"unknown party '{who}'{did_you_mean(who, self.party_names)}")
        return parties

    def compile_party(self, name: str, spec: dict[str, Any], path: Path, has_lottery: bool, share: float) -> Party:
        label = str(spec.get("label", name))
        raw_weight = spec.get("weight", {}) if isinstance(spec.get("weight"), dict) else {}
        raw_value = spec.get("value", {}) if isinstance(spec.get("value"), dict) else {}
        for key in raw_weight:
            self.known_issue(key, (*path, "weight", key))
        weight = {issue: self.number((*path, "weight", issue), NONNEGATIVE, "a weight", default=0.0) for issue in self.issues}
        value: dict[str, ValueFunction] = {}
        for key, form in raw_value.items():
            issue = self.known_issue(key, (*path, "value", key))
            if issue is not None and not self.is_broken((*path, "value", key)):
                fn = self.value_function(name, issue, form, (*path, "value", key))
                if fn is not None:
                    value[key] = fn
        for issue in self.issues.values():
            if issue.kind == "split" and name in issue.split and issue.name not in value:
                value[issue.name] = ValueFunction("share")
            wpath = (*path, "weight", issue.name)
            if issue.name not in raw_weight or self.fixed(weight[issue.name]) == 0.0:
                continue
            if issue.kind == "split" and name not in issue.split:
                self.bad(
                    wpath,
                    f"'{name}' has no share in split issue '{issue.name}' (its parties are {', '.join(issue.split)}), so it cannot weigh it",
                )
            elif issue.name not in value and issue.name not in raw_value and not self.misspelt(raw_value, issue.name, self.issues):
                self.bad(wpath, f"'{name}' gives weight to '{issue.name}' but has no value function for it under parties.{name}.value")
        usable = not self.is_broken((*path, "weight")) and all(key in self.issues for key in raw_weight)
        if raw_weight and usable and all(self.fixed(weight[i]) == 0.0 for i in self.issues):
            self.bad((*path, "weight"), "every weight is 0; the party would be indifferent to every package")
        if "reservation" in spec:
            reservation = self.number((*path, "reservation"), ANY, "a reservation value")
            derived = False
        else:
            reservation = dotted((*path, "reservation"))
            self.params[reservation] = Parameter(reservation, None, ANY, implicit=True)
            derived = True
            if not has_lottery and not self.misspelt(spec, "reservation", _PARTY_KEYS):
                self.bad(path, "no reservation value: give 'reservation' or a 'no_deal' war lottery to derive it from")
        return Party(
            name=name,
            label=label,
            weight=weight,
            value=value,
            reservation=reservation,
            derived_reservation=derived,
            power=self.number((*path, "power"), NONNEGATIVE, "power", default=DEFAULT_POWER, positive=True),
            patience=self.number((*path, "patience"), UNIT, "patience", default=DEFAULT_PATIENCE),
            recognition=self.number((*path, "recognition"), NONNEGATIVE, "recognition", default=share),
        )

    def value_function(self, party: str, issue: Issue, form: Any, path: Path) -> ValueFunction | None:
        if issue.kind == "split" and party not in issue.split:
            self.bad(path, f"'{party}' has no share in split issue '{issue.name}' (its parties are {', '.join(issue.split)})")
            return None
        if isinstance(form, str):
            return ValueFunction("increasing" if form == "increasing" else "decreasing")
        if not isinstance(form, dict):
            return None
        lo, hi = (issue.lo, issue.hi) if issue.kind == "numeric" else (0.0, 1.0)
        if "peak" in form and len(form) == 1:
            if issue.kind == "categorical":
                self.bad(path, f"'{issue.name}' is categorical; give a table {{option: value}} instead of a peak")
                return None
            return ValueFunction("peak", peak=self.number((*path, "peak"), Domain(lo, hi), "the peak"))
        if "points" in form and len(form) == 1:
            if issue.kind == "categorical":
                self.bad(path, f"'{issue.name}' is categorical; give a table {{option: value}} instead of points")
                return None
            xs = tuple(float(p[0]) for p in form["points"])
            if any(b <= a for a, b in itertools.pairwise(xs)):
                self.bad((*path, "points"), f"the x values must increase strictly, got {[f'{x:g}' for x in xs]}")
            ys = tuple(self.number((*path, "points", i, 1), UNIT, "a value") for i in range(len(xs)))
            return ValueFunction("points", xs=xs, ys=ys)
        if issue.kind != "categorical":
            self.bad(path, f"'{issue.name}' is {issue.kind}; a table needs a categorical issue, use {{points: [[x, v], ...]}}")
            return None
        ok = True
        for key in form:
            if key not in issue.options:
                self.bad((*path, key), f"'{key}' is not an option of '{issue.name}'{did_you_mean(key, issue.options)}")
                ok = False
        missing = [o for o in issue.options if o not in form and not self.misspelt(form, o, issue.options)]
        if missing:
            self.bad(path, f"the table gives no value for {', '.join(missing)}")
            ok = False
        table = tuple(self.number((*path, o), UNIT, "a value") for o in issue.options if o in form)
        return ValueFunction("table", table=table) if ok else None

    # -- the rest --------------------------------------------------------------

    def compile_no_deal(self) -> NoDeal | None:
        raw = _get(self.data, ("no_deal",), None)
        if not isinstance(raw, dict) or ("no_deal",) in self.broken:
            return None
        outcomes = []
        for name, spec in (raw.get("outcomes") or {}).items():
            path: Path = ("no_deal", "outcomes", name)
            if not isinstance(spec, dict) or path in self.broken:
                continue
            prob = self.number((*path, "probability"), UNIT, "a probability")
            package = self.complete_package(spec.get("package"), (*path, "package"))
            if package is not None:
                outcomes.append(WarOutcome(name, str(spec.get("label", name)), prob, package))
        raw_cost = raw.get("cost") or {}
        for who in raw_cost:
            self.known_party(who, ("no_deal", "cost", who))
        cost = {p: self.number(("no_deal", "cost", p), ANY, "a cost", default=0.0) for p in self.party_names}
        probs = [self.fixed(o.probability) for o in outcomes]
        if outcomes and all(p == 0.0 for p in probs):
            self.bad(("no_deal", "outcomes"), "every outcome has probability 0")
        return NoDeal(tuple(outcomes), cost)

    def compile_ratification(self) -> list[Ratification]:
        steps = []
        for name, spec in self.section(("ratification",)).items():
            path: Path = ("ratification", name)
            if not isinstance(spec, dict) or path in self.broken:
                continue
            party = spec.get("party")
            if isinstance(party, str) and not self.is_broken((*path, "party")):
                self.known_party(party, (*path, "party"))
            applies = self.partial_package(spec.get("applies_if"), (*path, "applies_if"))
            support = self.number((*path, "support"), UNIT, "support")
            threshold = self.number((*path, "threshold"), UNIT, "a threshold", default=DEFAULT_THRESHOLD)
            shift: dict[tuple[int, int], str] = {}
            for issue_name, table in (spec.get("shift") or {}).items():
                ipath = (*path, "shift", issue_name)
                issue = self.known_issue(issue_name, ipath)
                if issue is None or not isinstance(table, dict):
                    continue
                for key in table:
                    written = key
                    if issue.kind == "split" and isinstance(key, str):
                        written = _shares_from_key(key)
                    j = self.option_index(issue, written, (*ipath, key))
                    if j is not None:
                        shift[(list(self.issues).index(issue.name), j)] = self.number((*ipath, key), Domain(-1.0, 1.0), "a shift")
            if applies is not None:
                steps.append(Ratification(name, str(spec.get("label", name)), str(party), applies, support, shift, threshold))
        return steps

    def compile_events(self, parties: list[Party], summit: Summit) -> list[Event]:
        targets = [k for k in self.params if not k.startswith("events.")]
        valued = {(p.name, i) for p in parties for i in p.value}
        events = []
        for name, spec in self.section(("events",)).items():
            path: Path = ("events", name)
            if not isinstance(spec, dict) or path in self.broken:
                continue
            prob = self.number((*path, "probability"), UNIT, "a probability")
            at = None
            if isinstance(spec.get("at"), dict) and not self.is_broken((*path, "at")):
                at = scheduled_round(self, spec["at"], (*path, "at"), summit)
            effects = []
            for target, change in (spec.get("effects") or {}).items():
                epath = (*path, "effects", target)
                if not isinstance(change, dict) or len(change) != 1 or self.is_broken(epath):
                    continue
                if target not in self.params or str(target).startswith("events."):
                    self.bad(epath, f"'{target}' is not a numeric parameter of this scenario{did_you_mean(target, targets)}")
                    continue
                parts = str(target).split(".")
                if parts[0] == "parties" and parts[2] == "weight" and (parts[1], parts[3]) not in valued:
                    self.bad(epath, f"'{parts[1]}' has no value function for '{parts[3]}', so weighing it changes nothing")
                    continue
                if "at" in spec and not schedulable(str(target)):
                    self.bad(epath, f"a scheduled event (with 'at') can move only {SCHEDULABLE} mid-talks, not '{target}'")
                    continue
                op = next(iter(change))
                operand = self.number((*epath, op), ANY, "an effect")
                effects.append(Effect(str(target), op, operand))
            events.append(Event(name, str(spec.get("label", name)), prob, tuple(effects), at))
        return events

    def compile_proposals(self, exclude: list[PartialPackage]) -> dict[str, tuple[int, ...]]:
        out = {}
        for name, raw in self.section(("proposals",)).items():
            path: Path = ("proposals", name)
            package = self.complete_package(raw, path)
            if package is None:
                continue
            for i, rule in enumerate(exclude):
                if all(package[k] in allowed for k, allowed in rule.items()):
                    self.bad(path, f"this proposal is excluded by exclude[{i}]")
                    break
            else:
                out[name] = package
        return out

    def compile_protocols(self, parties: list[Party]) -> tuple[ProtocolSpec, ...]:
        raw = _get(self.data, ("protocols",), None)
        if raw is None or self.is_broken(("protocols",)):
            return tuple(ProtocolSpec(n, {}) for n in DEFAULT_PROTOCOLS)
        out: list[ProtocolSpec] = []
        for i, item in enumerate(raw):
            path: Path = ("protocols", i)
            name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
            options = dict(options or {})
            if name not in PROTOCOLS:
                self.bad(path, f"unknown protocol '{name}'{did_you_mean(name, PROTOCOLS) or '; expected ' + one_of(PROTOCOLS)}")
                continue
            info = PROTOCOLS[name]
            ok = True
            for key, value in options.items():
                if key not in info.options:
                    self.bad((*path, name, key), f"'{name}' has no option '{key}'{did_you_mean(key, info.options)}")
                    ok = False
                elif (trouble := info.options[key](value, self.party_names)) is not None:
                    self.bad((*path, name, key), trouble)
                    ok = False
            for key in info.required:
                if key not in options:
                    self.bad(
                        path,
                        f"'{name}' needs the option '{key}', e.g. {{{name}: {{{key}: {self.party_names[0] if self.party_names else '...'}}}}}",
                    )
                    ok = False
            if info.parties is not None and len(self.party_names) != info.parties:
                self.bad(path, f"'{name}' needs exactly {info.parties} parties; this scenario has {len(self.party_names)}")
                ok = False
            if ok:
                for trouble in _protocol_conflicts(name, options, parties):
                    self.bad(path, trouble)
                    ok = False
            if any(spec.name == name and spec.options == options for spec in out):
                self.bad(path, f"protocol '{name}' is listed twice")
                continue
            if ok:
                out.append(ProtocolSpec(name, options))
        return tuple(out)

    def compile_monte_carlo(self) -> MonteCarlo:
        raw = self.section(("monte_carlo",))
        if self.is_broken(("monte_carlo",)):
            return MonteCarlo()
        if raw.get("sampler") == "sobol" and int(raw.get("draws", DEFAULT_DRAWS)) > MAX_SOBOL_DRAWS:
            self.bad(("monte_carlo", "draws"), f"the sobol sampler gives at most {MAX_SOBOL_DRAWS:,} draws")
        return MonteCarlo(
            draws=int(raw.get("draws", DEFAULT_DRAWS)),
            seed=int(raw.get("seed", DEFAULT_SEED)),
            sampler=str(raw.get("sampler", DEFAULT_SAMPLER)),
            chunk=int(raw.get("chunk", DEFAULT_CHUNK)),
            precision=float(raw["precision"]) if "precision" in raw else None,
        )


def _protocol_conflicts(name: str, options: dict[str, Any], parties: list[Party]) -> list[str]:
    """Problems between a protocol's options and the scenario, one message each."""
    found = []
    if name == "baron_ferejohn":
        if "quota" in options and options.get("rule", "unanimity") != "majority":
            found.append("'quota' applies only with rule: majority")
        if "first" in options and options.get("order", "random") != "alternating":
            found.append("'first' applies only with order: alternating")
    if name == "fearon":
        informed = next((p for p in parties if p.name == options["informed"]), None)
        if options["proposer"] == options["informed"]:
            found.append("the proposer and the informed party must differ")
        elif informed is not None:
            private = options.get("private", "cost" if informed.derived_reservation else "reservation")
            if private == "cost" and not informed.derived_reservation:
                found.append(f"private: cost needs '{informed.name}' to take its reservation value from the no_deal lottery")
            if private == "reservation" and informed.derived_reservation:
                found.append(
                    f"private: reservation needs a 'reservation' for '{informed.name}'; it is derived from no_deal (use private: cost)"
                )
    return found


def compile_scenario(doc: Document, broken: Iterable[Path]) -> tuple[Scenario | None, list[Problem]]:
    """Build the typed scenario from a document whose structural problems are at ``broken``.

    Returns the scenario (``None`` if anything is wrong) and the cross-reference problems.
    """
    c = _Compiler(doc, broken)
    c.compile_issues()
    has_lottery = isinstance(c.data.get("no_deal"), dict)
    parties = c.compile_parties(has_lottery)
    exclude: list[PartialPackage] = []
    for i, rule in enumerate(c.data.get("exclude") or []):
        resolved = c.partial_package(rule, ("exclude", i))
        if resolved is not None:
            exclude.append(resolved)
    no_deal = c.compile_no_deal() if has_lottery else None
    ratification = c.compile_ratification()
    stakeholders = compile_stakeholders(c, parties)
    summit = compile_summit(c, stakeholders)
    events = c.compile_events(parties, summit)
    proposals = c.compile_proposals(exclude)
    protocols = c.compile_protocols(parties)
    protocol_needs(c, protocols, stakeholders, summit)
    monte_carlo = c.compile_monte_carlo()
    if c.problems or c.structural or not isinstance(doc.data, dict):
        return None, c.problems
    sources = {str(k): {str(a): str(b) for a, b in v.items()} for k, v in (c.data.get("sources") or {}).items()}
    scenario = Scenario(
        name=str(c.data["name"]),
        title=str(c.data.get("title", c.data["name"])),
        issues=tuple(c.issues.values()),
        exclude=tuple(exclude),
        parties=tuple(parties),
        no_deal=no_deal,
        ratification=tuple(ratification),
        events=tuple(events),
        proposals=proposals,
        protocols=protocols,
        monte_carlo=monte_carlo,
        parameters=c.params,
        document=doc,
        sources=sources,
        stakeholders=tuple(stakeholders),
        summit=summit,
    )
    return scenario, []


__all__ = ["NAME_PATTERN", "compile_scenario", "compositions"]
