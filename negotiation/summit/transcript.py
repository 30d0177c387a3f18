"""A readable, round-by-round account of a single-draw summit (``--draws 1``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from negotiation.results.issue_values import package_text
from negotiation.utility import TOL

if TYPE_CHECKING:
    from negotiation.summit.model import Settlement, SummitModel


def _package(model: SummitModel, k: int) -> dict[str, Any]:
    return model.talks.scenario.package(model.talks.space.codes[k])


def _terms(model: SummitModel, terms: dict[str, Any]) -> str:
    """A package's terms as the command line and the report write them (a split's shares named by their parties)."""
    issues = {issue.name: {"split": list(issue.split)} for issue in model.talks.scenario.issues if issue.kind == "split"}
    return package_text(terms, issues)


def _worth(model: SummitModel, utility: NDArray[np.float64]) -> str:
    names = model.talks.scenario.party_names
    return ", ".join(f"{p} {utility[j]:.3f}" for j, p in enumerate(names))


def _tactic(leader: Any) -> str:
    tactic = leader.who.tactic.replace("_", "-")
    if tactic in ("boulware", "conceder"):
        return f"{tactic.capitalize()}, e = {float(leader.exponent[0]):.3g}"
    return tactic


def transcript(model: SummitModel, settled: Settlement, signed: NDArray[np.bool_], ratified: NDArray[np.bool_]) -> str:
    """The transcript of draw 0 of a finished model, as Markdown."""
    talks, summit = model.talks, model.summit
    scenario = talks.scenario
    names = scenario.party_names
    data = model.datacollector.model_vars
    lines = [f"# Summit transcript: {scenario.title}", ""]
    seat_desc = "; ".join(f"{x.who.label} for {names[x.party]} ({_tactic(x)})" for x in model.leaders)
    lines.append(f"At the table: {seat_desc}.")
    if model.absent:
        lines.append(f"Absent: {', '.join(names[r] for r in model.absent)}; they accept or reject the framework afterwards.")
    d0 = talks.reservations[0][0]
    lines.append(f"Reservation values (the value of no deal) at the start: {_worth(model, d0)}.")
    lines.append(
        "Utilities are on each party's own 0-1 scale. A leader accepts an offer that, as heard, is worth at least "
        "its aspiration and its floor (reservation value plus audience costs)."
    )
    away = ", ".join(names[r] for r in model.absent)
    if model.anticipate:
        lines.append(
            f"The leaders anticipate {away}: they share a belief about its reservation value and value a framework at "
            f"P u + (1 - P) d, where P is the chance they give {away} accepting it, u the framework's utility and d the "
            "reservation value; aspirations, floors and what a leader hears are on that scale, and no leader agrees to a "
            "framework it expects to be rejected for sure (P = 0)."
        )
    lines.append("")
    previous: dict[str, Any] | None = None
    state = 0
    last_by: dict[int, int] = {}
    quiet: list[tuple[int, NDArray[np.float64]]] = []

    def flush() -> None:
        """Summarise a run of rounds in which each leader repeated its last offer and nobody accepted."""
        if not quiet:
            return
        first, last = quiet[0][0], quiet[-1][0]
        moves = "; ".join(f"{x.who.label} {float(quiet[0][1][x.seat]):.3f} -> {float(quiet[-1][1][x.seat]):.3f}" for x in model.leaders)
        span = f"Round {first}" if first == last else f"Rounds {first}-{last}"
        lines.append(f"{span}. Each leader repeats its last offer and nobody accepts; aspirations: {moves}.")
        quiet.clear()

    for t in range(1, len(data["offer"]) + 1):
        k = int(model.phase_of_round[t - 1])
        phase = summit.phases[k]
        now = int(model.state_of_round[t - 1])
        boundary, eventful = t == summit.start(k), now != state
        if boundary or eventful:
            flush()
        if boundary:
            last = summit.start(k) + phase.rounds - 1
            extras = []
            noise, pull, cost = (float(a[0, k]) for a in (model.noise, model.pull, model.audience))
            if noise > 0:
                extras.append(f"interpreter noise sd {noise:.3g}")
            if pull > 0:
                extras.append(f"delegation pull {pull:.3g}")
            if cost > (float(model.audience[0, k - 1]) if k else 0.0):
                extras.append(f"audience costs {cost:.3g} in force")
            detail = f"; {', '.join(extras)}" if extras else ""
            lines += ["", f"## {phase.label} (rounds {t}-{last}{detail})", ""]
            if phase.attendees:
                lines.append(f"In the room: {', '.join(phase.attendees)}.")
            consensus = settled.consensus.get(k, [])
            if consensus:
                lines.append(f"Stakeholder dynamics among them ({summit.stakeholder_rounds} rounds) leave each delegation holding:")
            for i in dict.fromkeys(c.issue for c in consensus):
                issue = scenario.issues[i]
                held = "; ".join(
                    f"{names[c.party]} {issue.key(int(c.option[0])) if c.option[0] >= 0 else 'no view'}"
                    + (f" (mean {float(c.position[0]):.2f} on its option scale 0-{issue.size - 1})" if issue.kind == "categorical" else "")
                    for c in consensus
                    if c.issue == i
                )
                lines.append(f"- {issue.name}: {held}")
            targets = settled.targets.get(k)
            for leader in model.leaders:
                if targets is not None and not np.isnan(targets[0, leader.seat]) and pull > 0:
                    lines.append(
                        f"{leader.who.label}'s aspiration is drawn towards {float(targets[0, leader.seat]):.3f} "
                        f"(the delegation's position, valued by its party) with weight {pull:.3g}."
                    )
            lines.append("")
        if eventful:
            for s in range(state + 1, now + 1):
                moved = [
                    f"{p} {talks.reservations[s - 1][0, j]:.3f} -> {talks.reservations[s][0, j]:.3f}"
                    for j, p in enumerate(names)
                    if talks.reservations[s][0, j] != talks.reservations[s - 1][0, j]
                ]
                events = ", ".join(talks.state_events[s])
                if moved:
                    lines.append(f"Event ({events}) happens before round {t}: reservation values move: {'; '.join(moved)}.")
                else:
                    lines.append(f"Event ({events}) was scheduled before round {t} but did not occur in this draw.")
            state = now
        seat = int(data["proposer"][t - 1])
        proposer = model.leaders[seat]
        offer = int(data["offer"][t - 1][0])
        aspiration = data["aspiration"][t - 1][0]
        if offer < 0:
            lines.append(f"Round {t}. {proposer.who.label} ({names[proposer.party]}) has no offer to make.")
            continue
        accepted = data["accepted"][t - 1][0]
        closing = bool(data["done"][t - 1][0])
        if offer == last_by.get(seat) and not closing and not boundary and not eventful:
            quiet.append((t, aspiration))
            continue
        flush()
        last_by[seat] = offer
        terms = _package(model, offer)
        if previous is None:
            said = "offers " + _terms(model, terms)
        else:
            changed = {i: v for i, v in terms.items() if v != previous[i]}
            said = ("offers the package on the table with " + _terms(model, changed)) if changed else "repeats the offer on the table"
        previous = terms
        utility = data["offer_utility"][t - 1][0]
        lines.append(f"Round {t}. {proposer.who.label} ({names[proposer.party]}) {said}: worth {_worth(model, utility)}.")
        if model.anticipate:
            p = float(data["chance"][t - 1][0])
            lines.append(f"    The leaders expect {away} to accept it with probability {p:.3f}.")
        heard, floor = (data[x][t - 1][0] for x in ("heard", "floor"))
        for leader in model.leaders:
            if leader is proposer:
                continue
            j = leader.seat
            verdict = "accepts" if accepted[j] else "rejects"
            worth = float(utility[leader.party])
            if model.anticipate:  # the expected worth, d + P (u - d)
                d = float(talks.reservations[now][0, leader.party])
                worth = d + float(data["chance"][t - 1][0]) * (worth - d)
            misheard = f" (hears {heard[j]:.3f})" if abs(heard[j] - worth) > 1e-12 else ""
            lines.append(
                f"    {leader.who.label} ({names[leader.party]}){misheard}, aspiration {aspiration[j]:.3f}, floor {floor[j]:.3f}: {verdict}."
            )
        if not accepted[proposer.seat]:
            lines.append(f"    The offer is below {proposer.who.label}'s own floor {floor[proposer.seat]:.3f}: it cannot close.")
        if closing:
            break
    flush()
    lines += ["", "## Outcome", ""]
    if not settled.done[0]:
        lines.append(f"No framework after {summit.rounds} rounds: no deal.")
        return "\n".join(lines) + "\n"
    k = int(settled.phase[0])
    lines.append(
        f"Framework agreed in round {int(settled.round[0])} ({summit.phases[k].label}), proposed by {names[int(settled.proposer[0])]}: "
        f"{_terms(model, _package(model, int(settled.package[0])))}."
    )
    final = talks.reservations[-1][0]
    lines.append(f"Worth: {_worth(model, settled.utility[0])}; reservation values after the summit: {_worth(model, final)}.")
    if settled.chance is not None:
        lines.append(f"The leaders expected {away} to accept it with probability {float(settled.chance[0]):.3f}.")
    for r in range(len(names)):
        u = float(settled.utility[0, r])
        absent = r in model.absent
        if absent or u < final[r] - TOL:
            verdict = "accepts" if u >= final[r] - TOL else "rejects"
            who = f"{names[r]} (absent)" if absent else f"{names[r]} (at the table, after the events since)"
            lines.append(f"{who} weighs it at {u:.3f} against its reservation value {final[r]:.3f}: {verdict}.")
    if not signed[0]:
        lines.append("The framework fails: no deal.")
    elif not ratified[0]:
        lines.append("Domestic ratification fails: no deal.")
    else:
        lines.append("It passes every ratification step it triggers: deal.")
    return "\n".join(lines) + "\n"


__all__ = ["transcript"]
