"""GeniusWeb JSON domains and profiles (the format of GeniusWeb and of ANAC from 2020).

Facts about the format (GeniusWeb's ``geniusweb.issuevalue.Domain`` and
``geniusweb.profile.utilityspace`` classes, read 2026-12):

- a domain is ``{"name": ..., "issuesValues": {issue: {"values": [...]}}}``; a
  number issue is written ``{"range": ...}`` instead of ``{"values": ...}``;
- a linear additive profile is ``{"LinearAdditiveUtilitySpace": {"name": ...,
  "domain": {...}, "issueUtilities": {issue: {"DiscreteValueSetUtilities":
  {"valueUtilities": {value: u}}}}, "issueWeights": {issue: w},
  "reservationBid": {"issuevalues": {issue: value}}}}``; GeniusWeb's Python
  classes name a discrete issue's utilities ``"DiscreteValueSetUtilities"``,
  while other GeniusWeb files (those NegMAS 0.16 reads, and the ones Java
  parties parse) name them ``"discreteutils"``: both are read;
- its utilities lie in [0, 1] and are used as given (no normalisation), its
  issues are exactly the domain's, and its weights must sum to 1;
- u(bid) = Σ_i w_i v_i(bid_i), an issue missing from a partial bid counting 0;
  the reservation bid is the least a party accepts, and no reservation bid
  means any agreement beats none. There is no discount factor.

Only discrete issues are read: a number issue (``range``) or a
``NumberValueSetUtilities`` is refused with a located error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from negotiation.importers.checks import GENIUSWEB_WEIGHT_TOL, number, too_many_packages, value_text, weight_sum_problem
from negotiation.importers.domain import MIN_PARTIES, ImportedDomain, ImportedIssue, ImportedParty, Problems
from negotiation.importers.json_reader import JsonDocument, read_json
from negotiation.scenario.errors import did_you_mean, one_of

PROFILE = "LinearAdditiveUtilitySpace"
DISCRETE = ("DiscreteValueSetUtilities", "discreteutils")
"""The two names a discrete issue's utilities go by in GeniusWeb files (see the module's docstring)."""


def _kind(value: object) -> str:
    """What a JSON value is, for a message."""
    if isinstance(value, bool):
        return "a boolean"
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number", type(None): "null"}.get(
        type(value), "a value"
    )


def _number(value: object) -> float | None:
    """A JSON number as a float (a string, even of digits, is not one)."""
    return None if isinstance(value, str) else number(value)


def _got(value: object) -> str:
    """A JSON value quoted in a message: a number or a string as written, anything else by its kind."""
    if isinstance(value, str):
        return f"the string {value_text(value)}"
    return value_text(value) if isinstance(value, int | float) and not isinstance(value, bool) else _kind(value)


def _mapping(doc: JsonDocument, data: Any, path: tuple[str, ...], problems: Problems, what: str) -> Mapping[str, Any] | None:
    if isinstance(data, dict):
        return data
    doc.bad(problems, path, f"expected {what} (a JSON object), got {_kind(data)}")
    return None


def _domain(path: str, problems: Problems) -> tuple[str, list[ImportedIssue]] | None:
    doc = read_json(path, problems)
    if doc is None:
        return None
    top = _mapping(doc, doc.data, (), problems, "a GeniusWeb domain")
    if top is None:
        return None
    issues_values = top.get("issuesValues")
    if "issuesValues" not in top:
        doc.bad(problems, (), f"missing key 'issuesValues'{did_you_mean('issuesValues', top)}")
        return None
    table = _mapping(doc, issues_values, ("issuesValues",), problems, 'issue -> {"values": [...]}')
    if table is None:
        return None
    issues: list[ImportedIssue] = []
    for issue, spec in table.items():
        where = ("issuesValues", issue)
        entry = _mapping(doc, spec, where, problems, '{"values": [...]}')
        if entry is None:
            continue
        if "values" not in entry:
            kind = "a number issue ('range'); only discrete issues can be imported" if "range" in entry else "missing key 'values'"
            doc.bad(problems, where, kind)
            continue
        values = entry["values"]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            doc.bad(
                problems,
                (*where, "values"),
                f"expected a list of strings, got {_kind(values)}"
                + ("" if not isinstance(values, list) else " with items that are not strings"),
            )
            continue
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            doc.bad(problems, (*where, "values"), f"value {value_text(twice[0])} is listed twice")
        elif len(values) < 2:
            doc.bad(problems, (*where, "values"), f"has {len(values)} value(s); an issue needs at least 2")
        issues.append(ImportedIssue(issue, tuple(values)))
    if not table:
        doc.bad(problems, ("issuesValues",), "no issue: a domain needs at least one")
    too_many = too_many_packages([len(i.values) for i in issues])
    if too_many:
        doc.bad(problems, ("issuesValues",), too_many)
    name = top.get("name")
    return (name if isinstance(name, str) and name else Path(path).stem), issues


def _utilities(
    doc: JsonDocument, space: Mapping[str, Any], issues: Mapping[str, ImportedIssue], problems: Problems
) -> dict[str, dict[str, float]]:
    base = (PROFILE, "issueUtilities")
    table = _mapping(doc, space.get("issueUtilities"), base, problems, "issue -> utilities") if "issueUtilities" in space else None
    if "issueUtilities" not in space:
        doc.bad(problems, (PROFILE,), "missing key 'issueUtilities'")
    out: dict[str, dict[str, float]] = {}
    for issue, spec in (table or {}).items():
        where = (*base, issue)
        if issue not in issues:
            doc.bad(problems, where, f"issue {value_text(issue)} is not in the domain{did_you_mean(issue, issues)}")
            continue
        entry = _mapping(doc, spec, where, problems, f'{{"{DISCRETE[0]}": ...}}')
        if entry is None:
            continue
        key = next((k for k in DISCRETE if k in entry), None)
        if key is None:
            found = next(iter(entry), "nothing")
            doc.bad(
                problems, where, f"expected {DISCRETE[0]} or {DISCRETE[1]}, got {value_text(found)}; only discrete issues can be imported"
            )
            continue
        inner = _mapping(doc, entry[key], (*where, key), problems, '{"valueUtilities": ...}')
        utilities = (
            _mapping(doc, inner.get("valueUtilities"), (*where, key, "valueUtilities"), problems, "value -> utility")
            if inner is not None
            else None
        )
        if utilities is None:
            continue
        at = (*where, key, "valueUtilities")
        values: dict[str, float] = {}
        for value, u in utilities.items():
            x = _number(u)
            if value not in issues[issue].values:
                doc.bad(
                    problems,
                    (*at, value),
                    f"value {value_text(value)} is not a value of this issue in the domain{did_you_mean(value, issues[issue].values)}",
                )
            elif x is None or not 0 <= x <= 1:
                doc.bad(
                    problems,
                    (*at, value),
                    f"expected a number in [0, 1], got {_got(u)}",
                )
            else:
                values[value] = x
        missing = [v for v in issues[issue].values if v not in utilities]
        if missing:
            doc.bad(problems, at, f"no utility for the domain's value(s) {', '.join(value_text(v) for v in missing)}")
        out[issue] = values
    for issue in issues:
        if table is not None and issue not in table:
            doc.bad(problems, base, f"no utilities for the domain's issue {value_text(issue)}")
    return out


def _weights(doc: JsonDocument, space: Mapping[str, Any], issues: Mapping[str, ImportedIssue], problems: Problems) -> dict[str, float]:
    base = (PROFILE, "issueWeights")
    if "issueWeights" not in space:
        doc.bad(problems, (PROFILE,), "missing key 'issueWeights'")
        return {}
    table = _mapping(doc, space["issueWeights"], base, problems, "issue -> weight")
    out: dict[str, float] = {}
    for issue, w in (table or {}).items():
        x = _number(w)
        if issue not in issues:
            doc.bad(problems, (*base, issue), f"issue {value_text(issue)} is not in the domain{did_you_mean(issue, issues)}")
        elif x is None or not 0 <= x <= 1:
            doc.bad(
                problems,
                (*base, issue),
                f"expected a number in [0, 1], got {_got(w)}",
            )
        else:
            out[issue] = x
    for issue in issues:
        if table is not None and issue not in table:
            doc.bad(problems, base, f"no weight for the domain's issue {value_text(issue)}")
    if table is not None and len(out) == len(issues) == len(table):
        wrong = weight_sum_problem(
            list(out.values()), 1 - GENIUSWEB_WEIGHT_TOL, 1 + GENIUSWEB_WEIGHT_TOL, "GeniusWeb requires them to sum to 1"
        )
        if wrong:
            doc.bad(problems, base, wrong)
    return out


def _reservation(
    doc: JsonDocument,
    space: Mapping[str, Any],
    issues: Mapping[str, ImportedIssue],
    weights: Mapping[str, float],
    values: Mapping[str, Mapping[str, float]],
    problems: Problems,
) -> float:
    """The utility of the reservation bid (0 without one): Σ w_i v_i over the issues the bid names."""
    bid = space.get("reservationBid")
    if bid is None:
        return 0.0
    base = (PROFILE, "reservationBid")
    entry = _mapping(doc, bid, base, problems, '{"issuevalues": {...}}')
    chosen = _mapping(doc, entry.get("issuevalues"), (*base, "issuevalues"), problems, "issue -> value") if entry is not None else None
    total = 0.0
    for issue, value in (chosen or {}).items():
        at = (*base, "issuevalues", issue)
        if issue not in issues:
            doc.bad(problems, at, f"issue {value_text(issue)} is not in the domain{did_you_mean(issue, issues)}")
        elif not isinstance(value, str) or value not in issues[issue].values:
            doc.bad(
                problems, at, f"expected {one_of(issues[issue].values)}, got {value_text(value)}{did_you_mean(value, issues[issue].values)}"
            )
        else:
            total += weights.get(issue, 0.0) * values.get(issue, {}).get(value, 0.0)
    return total


def _check_domain_copy(
    doc: JsonDocument, space: Mapping[str, Any], name: str, issues: Sequence[ImportedIssue], domain_file: str, problems: Problems
) -> None:
    """The profile's copy of the domain, when it has one, must list the domain file's issues and values."""
    copy = space.get("domain")
    if not isinstance(copy, dict) or not isinstance(copy.get("issuesValues"), dict):
        return
    theirs = {
        i: set(s.get("values", [])) if isinstance(s, dict) and isinstance(s.get("values"), list) else None
        for i, s in copy["issuesValues"].items()
    }
    ours = {i.name: set(i.values) for i in issues}
    for issue in sorted(set(theirs) ^ set(ours)):
        side = "the profile's domain" if issue in theirs else domain_file
        doc.bad(
            problems,
            (PROFILE, "domain", "issuesValues"),
            f"issue {value_text(issue)} is only in {side}: the profile was written for another domain",
        )
    for issue in sorted(set(theirs) & set(ours)):
        if theirs[issue] is not None and theirs[issue] != ours[issue]:
            doc.bad(
                problems,
                (PROFILE, "domain", "issuesValues", issue),
                f"lists other values than {domain_file}: the profile was written for another domain",
            )


def _profile(path: str, domain_file: str, domain_name: str, issues: Sequence[ImportedIssue], problems: Problems) -> ImportedParty | None:
    doc = read_json(path, problems)
    if doc is None:
        return None
    before = len(problems.found)
    top = _mapping(doc, doc.data, (), problems, "a GeniusWeb profile")
    if top is None:
        return None
    if PROFILE not in top:
        found = next(iter(top), None)
        where: tuple[str, ...] = (found,) if found is not None else ()
        doc.bad(
            problems,
            where,
            f"expected a {PROFILE} profile, got {value_text(found or 'nothing')}; only linear additive profiles can be imported",
        )
        return None
    space = _mapping(doc, top[PROFILE], (PROFILE,), problems, "the profile")
    if space is None:
        return None
    known = {i.name: i for i in issues}
    _check_domain_copy(doc, space, domain_name, issues, domain_file, problems)
    values = _utilities(doc, space, known, problems)
    weights = _weights(doc, space, known, problems)
    reservation = _reservation(doc, space, known, weights, values, problems)
    if len(problems.found) > before:
        return None
    name = space.get("name")
    return ImportedParty(name if isinstance(name, str) and name else Path(path).stem, weights, values, reservation, 1.0)


def read_geniusweb(domain: str, profiles: Sequence[str]) -> ImportedDomain:
    """Read a GeniusWeb JSON domain and its parties' linear additive profiles.

    Parameters
    ----------
    domain : str
        The domain file (``{"name": ..., "issuesValues": ...}``).
    profiles : sequence of str
        One profile file (``{"LinearAdditiveUtilitySpace": ...}``) per party, at least two.

    Returns
    -------
    ImportedDomain
        Utilities as the profiles give them; each reservation value the
        utility of the profile's reservation bid (0 without one); discount 1.

    Raises
    ------
    ScenarioError
        Every problem found in any of the files, one located line each.
    """
    problems = Problems()
    if len(profiles) < MIN_PARTIES:
        problems.add(
            domain,
            0,
            "(profiles)",
            f"a scenario needs at least {MIN_PARTIES} parties: give one profile file per party, got {len(profiles)}",
        )
    read = _domain(domain, problems)
    if read is None:
        problems.raise_any()
    assert read is not None
    name, issues = read
    parties = [] if problems.found else [_profile(p, Path(domain).name, name, issues, problems) for p in profiles]
    problems.raise_any()
    files = tuple(Path(f).name for f in (domain, *profiles))
    return ImportedDomain(name, tuple(issues), tuple(p for p in parties if p is not None), "GeniusWeb", files)


__all__ = ["DISCRETE", "PROFILE", "read_geniusweb"]
