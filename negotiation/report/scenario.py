"""The scenario at a glance: parties, issues, proposals, events, ratification and sources, as HTML."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from negotiation.plots.style import party_colours, percent, percent_interval
from negotiation.report.html import esc, link, table
from negotiation.results.issue_values import value_text
from negotiation.results.run_summary import RunSummary
from negotiation.scenario.distributions import Distribution
from negotiation.scenario.model import PartialPackage, Scenario


def number(x: float, digits: int = 3) -> str:
    """A number with up to ``digits`` significant digits."""
    return f"{x:.{digits}g}"


def parameter(scenario: Scenario, path: str, spread: bool = False) -> str:
    """A parameter's value as written, or its distribution; with ``spread``, also its median and 90% range."""
    p = scenario.parameters.get(path)
    if p is None or p.value is None:
        return "—"
    value = p.value
    if isinstance(value, Distribution):
        text = f"{value.name}({', '.join(number(a) for a in value.args)})"
        if spread:
            lo, mid, hi = value.ppf(np.array([0.05, 0.5, 0.95]))
            text += f" — median {number(mid)}, 90% in [{number(lo)}, {number(hi)}]"
        return esc(text)
    return esc(number(float(value)))


def swatch(colour: str) -> str:
    return f'<span class="swatch" style="background:{esc(colour)}"></span>'


def _options(issue: Any) -> str:
    if issue.kind == "categorical":
        return ", ".join(f"<code>{esc(o)}</code>" for o in issue.options)
    if issue.kind == "numeric":
        unit = f" {issue.unit}" if issue.unit else ""
        return esc(f"{len(issue.grid)} values from {number(issue.grid[0])} to {number(issue.grid[-1])}{unit}")
    return esc("shares: " + "; ".join(value_text(list(issue.shares[j]), issue.split) for j in range(issue.size)))


def partial_package(scenario: Scenario, package: PartialPackage) -> str:
    """A condition on some issues, e.g. ``territory in {donbas_exit, de_jure_cession}``."""
    parts = []
    for i, options in sorted(package.items()):
        issue = scenario.issues[i]
        values = ", ".join(issue.key(j) for j in sorted(options))
        parts.append(f"{issue.name} ∈ {{{values}}}")
    return esc("; ".join(parts) or "always")


def package_text(package: dict[str, Any]) -> str:
    """A full package (issue -> value) as HTML."""
    return "<br>".join(f"{esc(k)}: <code>{esc(v)}</code>" for k, v in package.items())


def parties_section(scenario: Scenario, summary: RunSummary | None) -> str:
    """Each party's weights, reservation value (with its mean over the run's draws, given a summary), power and patience."""
    colours = party_colours({"parties": [p.name for p in scenario.parties]})
    means = summary.reservation.get("mean", {}) if summary is not None and summary.reservation is not None else {}
    issues = [i.name for i in scenario.issues]
    rows = []
    for party in scenario.parties:
        reservation = (
            "derived from the war lottery: E[war] − cost" if party.derived_reservation else parameter(scenario, party.reservation, True)
        )
        if party.derived_reservation and scenario.no_deal is not None:
            reservation += "; cost " + parameter(scenario, scenario.no_deal.cost[party.name], True)
        mean = means.get(party.name)
        if mean is not None:
            reservation += f"<br>mean over the draws {number(mean)}"
        weights = "<br>".join(f"{esc(i)} {parameter(scenario, party.weight[i])}" for i in issues if i in party.weight)
        rows.append(
            [
                f"{swatch(colours[party.name])}<b>{esc(party.name)}</b><br>{esc(party.label)}",
                weights,
                reservation,
                "from patience: 1/(−ln patience)" if party.power is None else parameter(scenario, party.power),
                parameter(scenario, party.patience),
            ]
        )
    return table(["party", "weights (per issue)", "reservation value (utility of no deal)", "power", "patience"], rows)


def issues_section(scenario: Scenario) -> str:
    rows = [[f"<code>{esc(i.name)}</code><br>{esc(i.label)}", esc(i.kind), _options(i)] for i in scenario.issues]
    note = ""
    if scenario.exclude:
        note = "<p>Excluded combinations: " + "; ".join(partial_package(scenario, e) for e in scenario.exclude) + ".</p>"
    return table(["issue", "kind", "values"], rows) + note


def value_cell(value: Any, split: Sequence[str] = ()) -> str:
    """An issue's value in a table cell, as code: an option name, a number, or a split's shares named by ``split``'s parties."""
    return f"<code>{esc(value_text(value, split))}</code>"


def proposals_section(scenario: Scenario, summary: RunSummary) -> str:
    """One column per proposal: its package, each party's acceptance, and all accepting with its interval."""
    proposals = summary.proposals or {}
    if not proposals:
        return "<p>The scenario names no proposals.</p>"
    names = list(proposals)
    heads = [n + (" (named in hindsight)" if proposals[n].get("hindsight") else "") for n in names]
    rows = [
        [
            esc(issue.name),
            *(
                value_cell(proposals[n]["package"][issue.name], issue.split) if issue.name in proposals[n]["package"] else "—"
                for n in names
            ),
        ]
        for issue in scenario.issues
    ]
    rows += [
        [esc(f"{q} accepts"), *(esc(percent(proposals[n]["acceptance"][q])) if q in proposals[n]["acceptance"] else "—" for n in names)]
        for q in summary.parties
    ]
    rows.append(
        [
            "<b>all accept and ratifiable</b>",
            *(
                f"<b>{esc(percent(proposals[n]['all_accept']))}</b><br>"
                + (esc(percent_interval(proposals[n]["all_accept_ci95"])) if "all_accept_ci95" in proposals[n] else "")
                for n in names
            ),
        ]
    )
    return (
        "<p>Each proposal's package, the probability over the draws that each party prefers it to no deal, and that every "
        "party does and it passes every ratification step it triggers (with its 95% interval). A proposal named in hindsight "
        "was first put forward after the scenario's date: it is evaluated, never used to set a parameter.</p>" + table(["", *heads], rows)
    )


def events_section(scenario: Scenario, summary: RunSummary | None) -> str:
    """Each event's probability, effects and (given a summary) how often it fired."""
    if not scenario.events:
        return ""
    rates = (summary.events if summary is not None else None) or {}
    rows = []
    for e in scenario.events:
        effects = "<br>".join(f"<code>{esc(f.target)}</code> {esc(f.op)} {parameter(scenario, f.operand)}" for f in e.effects)
        when = "during the summit" if e.at is not None else "before the talks"
        rate = rates.get(e.name, {}).get("rate")
        rows.append(
            [
                f"<b>{esc(e.name)}</b><br>{esc(e.label)}",
                parameter(scenario, e.probability),
                esc(percent(rate)) if rate is not None else "—",
                esc(when),
                effects,
            ]
        )
    return "<h3>Events</h3>" + table(["event", "probability", "fired in", "when", "effects"], rows, numeric=(1, 2))


def ratification_section(scenario: Scenario) -> str:
    if not scenario.ratification:
        return ""
    rows = []
    for r in scenario.ratification:
        shifts = "<br>".join(
            f"{esc(scenario.issues[i].name)} = {esc(scenario.issues[i].key(j))}: {parameter(scenario, path)}"
            for (i, j), path in r.shift.items()
        )
        rows.append(
            [
                f"<b>{esc(r.name)}</b><br>{esc(r.label)}",
                esc(r.party),
                partial_package(scenario, r.applies_if),
                parameter(scenario, r.support, True),
                shifts or "—",
                parameter(scenario, r.threshold),
            ]
        )
    return "<h3>Ratification steps</h3>" + table(["step", "party", "needed when", "support", "shift in support", "threshold"], rows)


def no_deal_section(scenario: Scenario) -> str:
    if scenario.no_deal is None:
        return ""
    rows = []
    for o in scenario.no_deal.outcomes:
        package = {issue.name: issue.key(j) for issue, j in zip(scenario.issues, o.package, strict=True)}
        rows.append([f"<b>{esc(o.name)}</b><br>{esc(o.label)}", parameter(scenario, o.probability, True), package_text(package)])
    return (
        "<h3>No deal: the war lottery</h3><p>Without a deal, each party expects the war's end states with these "
        "probabilities, less its cost of fighting (Fearon 1995).</p>" + table(["end state", "probability", "as a package"], rows)
    )


def sources_section(scenario: Scenario) -> str:
    if not scenario.sources:
        return "<p>The scenario lists no sources.</p>"
    rows = []
    for key, s in scenario.sources.items():
        title = s.get("title", key)
        rows.append(
            [
                f'<code id="source-{esc(key)}">{esc(key)}</code>',
                link(s["url"], title) if "url" in s else esc(title),
                esc(s.get("publisher", "")),
                esc(s.get("date", "")),
                esc(s.get("note", "")),
            ]
        )
    return "<p>The scenario file cites these keys in a comment beside each number taken from them.</p>" + table(
        ["key", "source", "publisher", "date", "what it supports"], rows
    )


def scenario_section(scenario: Scenario, summary: RunSummary | None) -> str:
    """Everything assumed: parties, issues, the war lottery, events and ratification (with a run's draws, given its summary)."""
    description = scenario.document.data.get("description", "")
    text = f"<p>{esc(description)}</p>" if description else ""
    return (
        text
        + "<h3>Parties</h3>"
        + parties_section(scenario, summary)
        + "<h3>Issues</h3>"
        + issues_section(scenario)
        + no_deal_section(scenario)
        + events_section(scenario, summary)
        + ratification_section(scenario)
    )


__all__ = ["number", "parameter", "partial_package", "proposals_section", "scenario_section", "sources_section"]
