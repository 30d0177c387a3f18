"""A readable, round-by-round account of a single-draw summit (``--draws 1``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from negotiation.summit.model import Settlement, SummitModel


def _package(model: SummitModel, k: int) -> dict[str, Any]:
    return model.talks.scenario.package(model.talks.space.codes[k])


def _terms(terms: dict[str, Any]) -> str:
    return ", ".join(f"{issue}={_value(v)}" for issue, v in terms.items())


def _value(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, list):
        return "/".join(f"{x:g}" for x in v)
    return str(v)


def _worth(model: SummitModel, utility: NDArray[np.float64]) -> str:
    names = model.talks.scenario.party_names
    return ", ".join(f"{p} {utility[j]:.3f}" for j, p in enumerate(names))


def _tactic(leader: Any) -> str:
    tactic = leader.who.tactic.replace("_", "-")
    if tactic in ("boulware", "conceder"):
        return f"{tactic.capitalize()}, e = {float(leader.exponent[0]):g}"
    return tactic


def transcript(model: SummitModel, settled: Settlement, absent_ok: NDArray[np.bool_], ratified: NDArray[np.bool_]) -> str:
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
    lines.append("")
    previous: dict[str, Any] | None = None
    state = 0
    for t in range(1, len(data["offer"]) + 1):
        k = int(model.phase_of_round[t - 1])
        phase = summit.phases[k]
        if t == summit.start(k):
            last = summit.start(k) + phase.rounds - 1
            extras = []
            noise, pull, cost = (float(a[0, k]) for a in (model.noise, model.pull, model.audience))
            if noise > 0:
                extras.append(f"interpreter noise sd {noise:g}")
            if pull > 0:
                extras.append(f"delegation pull {pull:g}")
            if cost > (float(model.audience[0, k - 1]) if k else 0.0):
                extras.append(f"audience costs {cost:g} in force")
            detail = f"; {', '.join(extras)}" if extras else ""
            lines += ["", f"## {phase.label} (rounds {t}-{last}{detail})", ""]
            if phase.attendees:
                lines.append(f"In the room: {', '.join(phase.attendees)}.")
            for c in settled.consensus.get(k, []):
                issue = scenario.issues[c.issue]
                option = issue.key(int(c.option[0])) if c.option[0] >= 0 else "no view"
                lines.append(
                    f"Stakeholder dynamics ({summit.stakeholder_rounds} rounds): the {names[c.party]} delegation settles on "
                    f"{issue.name} = {option} (mean position {float(c.position[0]):.2f})."
                )
            for leader in model.leaders:
                if not np.isnan(leader.target[0]) and pull > 0:
                    lines.append(f"{leader.who.label}'s aspiration is drawn towards {float(leader.target[0]):.3f} with weight {pull:g}.")
            lines.append("")
        now = int(model.state_of_round[t - 1])
        if now != state:
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
        if offer < 0:
            lines.append(f"Round {t}. {proposer.who.label} ({names[proposer.party]}) has no offer to make.")
            continue
        terms = _package(model, offer)
        if previous is None:
            said = "offers " + _terms(terms)
        else:
            changed = {i: v for i, v in terms.items() if v != previous[i]}
            said = ("offers the last package with " + _terms(changed)) if changed else "repeats the offer on the table"
        previous = terms
        utility = data["offer_utility"][t - 1][0]
        lines.append(f"Round {t}. {proposer.who.label} ({names[proposer.party]}) {said}: worth {_worth(model, utility)}.")
        heard, accepted, aspiration, floor = (data[x][t - 1][0] for x in ("heard", "accepted", "aspiration", "floor"))
        for leader in model.leaders:
            if leader is proposer:
                continue
            j = leader.seat
            verdict = "accepts" if accepted[j] else "rejects"
            misheard = f" (hears {heard[j]:.3f})" if abs(heard[j] - utility[leader.party]) > 1e-12 else ""
            lines.append(
                f"    {leader.who.label} ({names[leader.party]}){misheard}, aspiration {aspiration[j]:.3f}, floor {floor[j]:.3f}: {verdict}."
            )
        if not accepted[proposer.seat]:
            lines.append(f"    The offer is below {proposer.who.label}'s own floor {floor[proposer.seat]:.3f}: it cannot close.")
        if bool(data["done"][t - 1][0]):
            break
    lines += ["", "## Outcome", ""]
    if not settled.done[0]:
        lines.append(f"No framework after {summit.rounds} rounds: no deal.")
        return "\n".join(lines) + "\n"
    k = int(settled.phase[0])
    lines.append(
        f"Framework agreed in round {int(settled.round[0])} ({summit.phases[k].label}), proposed by {names[int(settled.proposer[0])]}: "
        f"{_terms(_package(model, int(settled.package[0])))}."
    )
    final = talks.reservations[-1][0]
    for r in model.absent:
        u = float(settled.utility[0, r])
        verdict = "accepts" if u >= final[r] - 1e-9 else "rejects"
        lines.append(f"{names[r]} (absent) weighs it at {u:.3f} against its reservation value {final[r]:.3f}: {verdict}.")
    if not absent_ok[0]:
        lines.append("The framework fails: no deal.")
    elif not ratified[0]:
        lines.append("Domestic ratification fails: no deal.")
    else:
        lines.append("It passes every ratification step it triggers: deal.")
    return "\n".join(lines) + "\n"


__all__ = ["transcript"]
