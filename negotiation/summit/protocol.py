"""The ``summit`` protocol: run the Mesa model, then every party signs or not, then ratification.

After the talks every party weighs the framework against its reservation
value in force after the summit: the absent parties decide for the first
time, and a leader at the table confirms (it can only withdraw when a
scheduled event after the agreement raised its reservation value). A
framework that some party rejects, or that fails a ratification step it
triggers in the draw, is no deal. The unconstrained (tied-hands) choice is the
same framework with ratification ignored.

With anticipation (``summit.anticipation``) the draws table gains
``expected_acceptance`` (the leaders' belief, when the framework was agreed,
that every absent party accepts it) and the summary's summit block gains
``anticipation``: the mean of that belief over frameworks and the share of
frameworks some absent party rejects.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from negotiation.results.summary import FIXED_SCALE, fixed_sums
from negotiation.scenario.model import ProtocolSpec, Scenario
from negotiation.solvers.bargaining import NO_DEAL, Outcome
from negotiation.summit.talks import Talks
from negotiation.summit.transcript import transcript
from negotiation.utility import TOL

if TYPE_CHECKING:
    from negotiation.summit.model import SummitModel

BINS = 100
"""Bins of the concession histograms on [0, 1] (a resolution of 0.01 utility)."""

STAGES = ("no_framework", "rejected", "not_ratified", "deal")
"""How a draw ends, in the order of the ``stage`` tally: no framework at the table; a party
(absent, or present after a later event) rejects it; a ratification step fails; a deal."""


def summit_protocol(talks: Talks, spec: ProtocolSpec) -> Outcome:
    """Run the summit over the talks' draws (docs/MODEL.md §13)."""
    from negotiation.summit.model import SummitModel  # Mesa is imported only by a run that has the summit

    model = SummitModel(talks)
    settled = model.run()
    n = talks.draws
    final = talks.reservations[-1]
    framework = np.where(settled.done, settled.package, NO_DEAL)
    says_no = settled.done[:, None] & ~(settled.utility >= final - TOL)
    signed = ~says_no.any(axis=1)
    blocked = (settled.blocked & ~settled.done[:, None]) | says_no
    free = np.where(settled.done & signed, framework, NO_DEAL)
    ratified = talks.ratifiable(free)
    choice = np.where(ratified, free, NO_DEAL)
    stage = np.where(~settled.done, 0, np.where(~signed, 1, np.where(~ratified, 2, 3)))
    tallies = _tallies(model, settled.round, settled.phase, stage)
    text = transcript(model, settled, signed, ratified) if talks.transcript and n == 1 else None
    extras: dict[str, NDArray[np.float64] | NDArray[np.int64]] = {
        "framework": settled.done.astype(np.float64),
        "phase": settled.phase,
        "framework_package": framework,
    }
    if settled.chance is not None:
        extras["expected_acceptance"] = settled.chance
        tallies |= anticipation_tallies(settled.done, settled.chance, says_no[:, model.absent].any(axis=1))
    return Outcome(
        choice=choice,
        rounds=np.where(choice >= 0, settled.round, 0),
        proposer=np.where(choice >= 0, settled.proposer, -1),
        extras=extras,
        pivotal=blocked,
        unconstrained=free,
        tallies=tallies,
        transcript=text,
    )


def _tallies(
    model: SummitModel, rounds: NDArray[np.int64], phase: NDArray[np.int64], stage: NDArray[np.int64]
) -> dict[str, NDArray[np.int64]]:
    total = model.rounds
    phases = len(model.summit.phases)
    seats = len(model.leaders)
    standing = model.datacollector.model_vars["standing"]
    concession = np.zeros((total, seats, BINS), dtype=np.int64)
    for t in range(total):
        values = standing[min(t, len(standing) - 1)]  # after every draw settled, offers stand still
        bins = np.clip((values * BINS).astype(np.int64), 0, BINS - 1)
        concession[t] = np.stack([np.bincount(bins[:, j], minlength=BINS) for j in range(seats)])
    framework = np.bincount(rounds, minlength=total + 1)
    deal = np.bincount(np.where(stage == 3, rounds, 0), minlength=total + 1)
    by_phase = np.zeros((phases, len(STAGES)), dtype=np.int64)
    agreed = phase >= 0
    np.add.at(by_phase, (phase[agreed], stage[agreed]), 1)
    return {
        "framework_round": framework.astype(np.int64),
        "deal_round": deal.astype(np.int64),
        "by_phase": by_phase,
        "stage": np.bincount(stage, minlength=len(STAGES)).astype(np.int64),
        "concession": concession,
    }


def anticipation_tallies(done: NDArray[np.bool_], chance: NDArray[np.float64], rejected: NDArray[np.bool_]) -> dict[str, NDArray[np.int64]]:
    """Frameworks, the fixed-point sum of the leaders' expected acceptance over them, and those an absent party rejects.

    Parameters
    ----------
    done : ndarray of bool, shape (draws,)
        A framework was agreed.
    chance : ndarray, shape (draws,)
        The leaders' belief that every absent party accepts it (NaN where not done).
    rejected : ndarray of bool, shape (draws,)
        Some absent party rejects the framework.
    """
    return {
        "anticipation": np.array(
            [int(done.sum()), int(fixed_sums(np.where(done, chance, 0.0))), int((done & rejected).sum())],
            dtype=np.int64,
        )
    }


def _quantile(hist: NDArray[np.int64], q: float) -> float:
    """The q-quantile of a histogram on [0, 1] with BINS bins, interpolated within its bin."""
    total = int(hist.sum())
    if total == 0:
        return float("nan")
    cum = np.cumsum(hist)
    target = q * total
    b = int(np.searchsorted(cum, target))
    below = int(cum[b - 1]) if b > 0 else 0
    inside = int(hist[b])
    frac = (target - below) / inside if inside else 0.0
    return round((b + frac) / BINS, 6)


def summit_report(scenario: Scenario, spec: ProtocolSpec, tallies: Mapping[str, NDArray[np.int64]], draws: int) -> dict[str, Any]:
    """The ``summit`` block of the summary from the summed tallies."""
    summit = scenario.summit
    assert summit is not None
    n = max(draws, 1)
    seats = list(scenario.at_table)
    by_phase = tallies["by_phase"]
    stage = tallies["stage"]
    concession = tallies["concession"]
    phases = []
    for k, phase in enumerate(summit.phases):
        row = by_phase[k]
        phases.append(
            {
                "name": phase.name,
                "label": phase.label,
                "first_round": summit.start(k),
                "rounds": phase.rounds,
                "framework_rate": int(row.sum()) / n,
                "rejected_rate": int(row[1]) / n,
                "not_ratified_rate": int(row[2]) / n,
                "deal_rate": int(row[3]) / n,
            }
        )
    out: dict[str, Any] = {
        "summit": {
            "rounds": summit.rounds,
            "at_table": seats,
            "absent": list(summit.absent),
            "phases": phases,
            "outcomes": {name: int(stage[j]) / n for j, name in enumerate(STAGES)},
            "framework_rate": 1.0 - int(stage[0]) / n,
            "rounds_to_framework": [int(x) for x in tallies["framework_round"][1:]],
            "rounds_to_deal": [int(x) for x in tallies["deal_round"][1:]],
            "concession": {
                party: {
                    "median": [_quantile(concession[t, j], 0.5) for t in range(summit.rounds)],
                    "q10": [_quantile(concession[t, j], 0.1) for t in range(summit.rounds)],
                    "q90": [_quantile(concession[t, j], 0.9) for t in range(summit.rounds)],
                }
                for j, party in enumerate(seats)
            },
        }
    }
    if "anticipation" in tallies:
        frameworks, chance, rejected = (int(x) for x in tallies["anticipation"])
        out["summit"]["anticipation"] = {
            "expected_acceptance": chance / FIXED_SCALE / frameworks if frameworks else None,
            "absent_rejected": rejected / frameworks if frameworks else None,
        }
    return out


__all__ = ["BINS", "STAGES", "anticipation_tallies", "summit_protocol", "summit_report"]
