"""How the people in the room pull each leader: stakeholder dynamics at a phase with pull.

When a phase with pull begins, the expected-utility model of Bueno de
Mesquita (1994; Scholz, Calbert & Smith 2011) runs on every issue contested
among the phase's attendees, for ``summit.stakeholder_rounds`` rounds. Each
party's delegation then holds a consensus on each such issue: the
capability x salience weighted mean of its attendees' forecast positions,
rounded to the nearest option. The *pull target* of the party's leader is the
utility to the party of the best package that agrees with that consensus:

    g_p = sum over pulled issues i of wv_p(consensus option of i)
        + sum over the other issues of max_o wv_p(o),

capped at the leader's ideal (exclusion rules are ignored in the bound).
During the phase the leader's aspiration is drawn towards g_p with the
phase's pull weight w: a <- max((1 - w) a + w g_p, floor). A hawkish
delegation (consensus near the party's ideal) hardens its leader; a dovish
one softens it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import Scenario
from negotiation.solvers.forecast import DEFAULT_Q, issue_actors, run_model
from negotiation.space import OutcomeSpace

Values = dict[str, NDArray[np.float64]]


@dataclass(frozen=True)
class Consensus:
    """One party's delegation consensus on one issue, per draw."""

    party: int
    issue: int
    option: NDArray[np.intp]
    position: NDArray[np.float64]


def pull_targets(
    scenario: Scenario,
    space: OutcomeSpace,
    values: Values,
    wv: NDArray[np.float64],
    attendees: tuple[str, ...],
    table: list[int],
    ideal: NDArray[np.float64],
    rounds: int,
) -> tuple[NDArray[np.float64], list[Consensus]]:
    """Each leader's pull target for a phase, and the consensus behind it.

    Parameters
    ----------
    wv : ndarray, shape (draws, parties, options)
    attendees : tuple of str
        Stakeholder names in the room.
    table : list of int
        Party indices at the table, in seat order.
    ideal : ndarray, shape (draws, seats)
        Each leader's best utility on its ladder.
    rounds : int
        Rounds of stakeholder dynamics.

    Returns
    -------
    targets : ndarray, shape (draws, seats)
        NaN for a leader whose delegation holds no consensus on any issue.
    consensus : list of Consensus
    """
    n = wv.shape[0]
    party_of = {s.name: scenario.party_names.index(s.party) for s in scenario.stakeholders}
    found: list[Consensus] = []
    for i, issue in enumerate(scenario.issues):
        if issue.kind == "split":
            continue
        actors = issue_actors(scenario, values, issue, among=attendees)
        weight = actors.capability * actors.salience
        if len(actors.names) < 2 or not np.any(weight > 0):
            continue
        final = run_model(actors, rounds, DEFAULT_Q).positions[-1]
        for p in table:
            members = [a for a, name in enumerate(actors.names) if party_of[name] == p]
            w = weight[:, members]
            total = w.sum(axis=1)
            if not members or not np.any(total > 0):
                continue
            mean = np.divide((w * final[:, members]).sum(axis=1), total, out=np.full(n, np.nan), where=total > 0)
            option = actors.nearest_option(np.nan_to_num(mean))
            found.append(Consensus(p, i, np.where(total > 0, option, -1).astype(np.intp), actors.units(mean)))
    targets = np.full((n, len(table)), np.nan)
    for seat, p in enumerate(table):
        mine = [c for c in found if c.party == p]
        if not mine:
            continue
        total = np.zeros(n)
        pulled = np.zeros(n, dtype=bool)
        for i, size in enumerate(space.sizes):
            block = wv[:, p, int(space.offsets[i]) : int(space.offsets[i]) + size]
            value = block.max(axis=1)
            for c in mine:
                if c.issue == i:
                    held = c.option >= 0
                    value = np.where(held, block[np.arange(n), np.maximum(c.option, 0)], value)
                    pulled |= held
            total += value
        targets[:, seat] = np.where(pulled, np.minimum(total, ideal[:, seat]), np.nan)
    return targets, found


__all__ = ["Consensus", "pull_targets"]
