"""The report of one run: what was assumed, what came out, and how sure we are."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from negotiation.engine.chunk import Plan
from negotiation.engine.representative import representative_set
from negotiation.plots import FIGURES, NOT_DRAWN
from negotiation.plots.frontier import plot_frontier
from negotiation.plots.style import party_colours, percent, percent_interval, save
from negotiation.report.captions import RUN_FIGURES
from negotiation.report.html import esc, figure, table
from negotiation.report.provenance import provenance_section
from negotiation.report.reading import ReportError, figure_bytes, folder_figure
from negotiation.report.scenario import proposals_section, scenario_section, sources_section, swatch, value_cell
from negotiation.report.when import FIGURES as WHEN_FIGURES
from negotiation.report.when import when_section
from negotiation.results.files import read_file
from negotiation.results.issue_values import split_of
from negotiation.results.protocol_summary import ProtocolSummary
from negotiation.results.run_summary import RunSummary
from negotiation.results.time_blocks import at_start_line
from negotiation.scenario.errors import ScenarioError
from negotiation.scenario.model import Scenario

TOP = 5
"""Most likely deals listed per protocol."""


def utility(x: float) -> str:
    """A utility on the [0, 1] scale, to three decimals."""
    return f"{x:.3f}"


def rated(summary: RunSummary) -> dict[str, ProtocolSummary]:
    """The protocols that end in deals or not (all but a stand-alone stakeholder forecast)."""
    return {label: r for label, r in summary.protocols.items() if r.rated}


def headline_cards(summary: RunSummary) -> str:
    cards = []
    for label, r in rated(summary).items():
        cards.append(
            f'<div class="card"><div class="small">{esc(label)}: deal rate</div>'
            f'<div class="big">{esc(percent(r.deal_rate or 0.0))}</div>'
            f'<div class="small">95% CI {esc(percent_interval(r.deal_rate_ci95 or (0.0, 1.0)))} over {summary.draws - (r.unresolved or 0):,} {r.resolved_draws}</div></div>'
        )
    return f'<div class="cards">{"".join(cards)}</div>'


def protocol_block(label: str, r: ProtocolSummary, summary: RunSummary) -> str:
    """Deal rate, the most likely deals, mean utilities and who blocks (parties and ratification steps) of one protocol."""
    parties = list(summary.parties)
    colours = party_colours({"parties": dict(summary.parties)})
    out = [f"<h3>{esc(label)}</h3>"]
    line = f"Deal rate <b>{esc(percent(r.deal_rate or 0.0))}</b> (95% CI {esc(percent_interval(r.deal_rate_ci95 or (0.0, 1.0)))})"
    if r.unresolved:
        line += (
            f", among the {summary.draws - r.unresolved:,} resolved draws; {r.unresolved:,} of {summary.draws:,} draws"
            " have no verified stationary equilibrium and are left out"
        )
    if r.unconstrained is not None:
        u = r.unconstrained
        line += f"; with ratification ignored (tied hands), {esc(percent(u['deal_rate']))} (95% CI {esc(percent_interval(u['deal_rate_ci95']))})"
    failed = [
        f"{esc(step['label'])} {esc(percent(step['protocols'][label]['failed']))}"
        for step in (summary.ratification or {}).values()
        if step.get("observed") is False and step["protocols"].get(label, {}).get("failed") is not None
    ]
    if failed:
        line += "; a package agreed abroad was rejected at home (a step the negotiators cannot see) in " + ", ".join(failed)
    out.append(f"<p>{line}.</p>")
    top = list(r.top_packages or [])[:TOP]
    if top:
        issues = list(top[0]["package"])
        rows = [
            [
                esc(str(k + 1)),
                esc(percent(t["share"])),
                *(value_cell(t["package"][i], split_of(summary.issues, i)) if i in t["package"] else "—" for i in issues),
            ]
            for k, t in enumerate(top)
        ]
        out.append("<p>Most likely deals, as shares of all draws:</p>" + table(["#", "share", *issues], rows, numeric=(0, 1)))
    mean_utility = r.mean_utility or {}
    blocking = r.blocking_rate if r.blocking_rate is not None else (r.pivotal_rate or {})
    rows = [
        [
            f"{swatch(colours[p])}{esc(p)}",
            esc(utility(mean_utility[p])),
            esc(utility(summary.reservation["mean"][p])) if summary.reservation is not None and p in summary.reservation["mean"] else "—",
            esc(percent(blocking[p])) if p in blocking else "—",
        ]
        for p in parties
        if p in mean_utility
    ]
    if rows:
        out.append(
            table(
                [
                    "party",
                    "mean utility (no deal counts its reservation value)",
                    "mean reservation value",
                    "blocking (alone stands between the draw and a deal)",
                ],
                rows,
                numeric=(1, 2, 3),
            )
        )
    steps = [name for name in blocking if name not in parties]
    if steps:
        shares = ", ".join(f"{esc(name)} {esc(percent(blocking[name]))}" for name in steps)
        out.append(f"<p>Ratification steps that alone stand between the draw and a deal, as shares of all draws: {shares}.</p>")
    return "".join(out)


def slack_text(summary: RunSummary) -> str:
    """One paragraph on the slack's distribution, or "" for a summary without it."""
    slack = summary.slack
    if slack is None or any(slack.get(k) is None for k in ("p5", "p25", "median", "p75", "p95")):
        return ""
    low, q1, median, q3, high = (f"{slack[k]:.3f}" for k in ("p5", "p25", "median", "p75", "p95"))
    return (
        "<p>Slack (the largest common rise of every party's reservation value that still leaves a deal; "
        f"negative where no package is acceptable to all): median <b>{esc(median)}</b>, quartiles {esc(q1)} and {esc(q3)}, "
        f"90% of draws between {esc(low)} and {esc(high)}; no deal in reach in {esc(percent(slack.get('share_negative') or 0.0))} of draws.</p>"
    )


def results_section(summary: RunSummary) -> str:
    blocks = [protocol_block(label, r, summary) for label, r in rated(summary).items()]
    if not blocks:
        return "<p>This folder holds a stakeholder forecast, not deal rates: see its figure below.</p>"
    precision = summary.precision
    note = ""
    if precision:
        state = "reached" if precision["reached"] else "not reached"
        note = (
            f"<p>Adaptive precision: target ±{esc(precision['target'])} {state} after {precision['draws_used']:,} "
            f"of at most {precision['max_draws']:,} draws.</p>"
        )
    if summary.at_start is not None:
        note += f"<p>{esc(at_start_line(summary.at_start))}.</p>"
    return headline_cards(summary) + note + slack_text(summary) + "".join(blocks)


def frontier_figure(scenario: Scenario, folder: Path) -> bytes:
    """``plots/frontier.png`` of the run's scenario, drawn (with ``.svg``) if not already there; its bytes.

    A figure drawn here is written as every figure is (``plots.style.save``):
    to new files renamed into place, never through a link at their names.
    """
    data = figure_bytes(folder, "frontier")
    if data is None:
        try:
            plan = Plan.build(scenario)
        except ScenarioError as exc:
            raise ReportError(f"{folder / 'scenario.yaml'}: the resolved scenario no longer validates:\n{exc}") from None
        fig = plot_frontier(**asdict(representative_set(plan)), title=f"{scenario.title}: bargaining set of the median draw")
        save(fig, folder / "plots", "frontier")
        data = figure_bytes(folder, "frontier")
    assert data is not None
    return data


def figures_section(folder: Path) -> str:
    """Every figure of the run, in the order they are made, each with how to read it."""
    parts = []
    for name in [*FIGURES, "positions"]:  # the frontier and the figures of time have their own sections
        if name in WHEN_FIGURES:
            continue
        parts.append(folder_figure(folder, name, *RUN_FIGURES[name]))
    missing = read_file(folder, f"plots/{NOT_DRAWN}", 64_000)  # figures left out for too few draws or deals
    if missing:
        lines = [line for line in missing.decode("utf-8", errors="replace").splitlines() if line.strip()]
        parts.append("<p>" + "<br>".join(esc(line) for line in lines) + "</p>")
    return "".join(parts) or "<p>This run has no figures.</p>"


def run_sections(folder: Path, summary: RunSummary, manifest: dict[str, Any], scenario: Scenario | None) -> list[tuple[str, str, str]]:
    """The sections of a run's report (or a stakeholder table's), as (id, heading, html)."""
    sections = [("results", "Results", results_section(summary))]
    when = when_section(folder, summary)
    if when is not None:
        sections.append(("when", "When", when))
    if scenario is not None:
        sections.append(("proposals", "Proposals", proposals_section(scenario, summary)))
        title, caption = RUN_FIGURES["frontier"]
        sections.append(("frontier", "Bargaining set", figure("frontier", frontier_figure(scenario, folder), title, caption)))
    sections.append(("figures", "Figures", figures_section(folder)))
    if scenario is not None:
        sections.append(("scenario", "Scenario", scenario_section(scenario, summary)))
        sections.append(("sources", "Sources", sources_section(scenario)))
    sections.append(("provenance", "Provenance", provenance_section(manifest)))
    return sections


__all__ = ["frontier_figure", "rated", "run_sections", "utility"]
