"""The representative draw: every uncertain parameter at its median, and its bargaining set.

The report's frontier figure needs one concrete bargaining problem to draw.
The representative draw puts every uniform at one half: each distribution at
its median, and an event fired exactly when its probability exceeds one half.
For that draw this module computes every package's utility, the
disagreement point (reservation values), the ratification win-set, the
individually rational set, its Pareto-optimal packages, and the Nash and
Kalai-Smorodinsky packages, by the same solvers a run uses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from negotiation.engine.chunk import Plan, chunk_inputs
from negotiation.engine.sampling import UniformSource
from negotiation.solvers.axiomatic import acceptable_set, kalai_smorodinsky_choice
from negotiation.solvers.nash import nash_choice
from negotiation.solvers.patience_power import party_powers
from negotiation.solvers.ratification import passes, win_set
from negotiation.utility import utilities


@dataclass(frozen=True)
class BargainingSet:
    """One draw's bargaining problem over every package.

    Attributes
    ----------
    parties : tuple of str
    utility : ndarray, shape (packages, parties)
        Each party's utility of each package, in [0, 1].
    disagreement : ndarray, shape (parties,)
        Reservation values (the no-deal point).
    ratifiable : ndarray of bool, shape (packages,)
        In the draw's ratification win-set (all True without ratification).
    acceptable : ndarray of bool, shape (packages,)
        Ratifiable and individually rational (no party below its reservation value).
    pareto : ndarray of bool, shape (packages,)
        Acceptable and not dominated by another acceptable package (at least as good for
        every party and better for one).
    nash, kalai_smorodinsky : int
        Package index of each solution, or -1 when no package is acceptable.
    """

    parties: tuple[str, ...]
    utility: NDArray[np.float64]
    disagreement: NDArray[np.float64]
    ratifiable: NDArray[np.bool_]
    acceptable: NDArray[np.bool_]
    pareto: NDArray[np.bool_]
    nash: int
    kalai_smorodinsky: int


def _dominated(by: NDArray[np.float64], points: NDArray[np.float64]) -> NDArray[np.bool_]:
    """For each row of ``points`` (shape (b, k)), whether some row of ``by`` (shape (f, k)) dominates it."""
    at_least = np.all(by[None, :, :] >= points[:, None, :], axis=2)
    better = np.any(by[None, :, :] > points[:, None, :], axis=2)
    return np.any(at_least & better, axis=1)


def pareto_optimal(points: NDArray[np.float64], block: int = 512) -> NDArray[np.bool_]:
    """Rows of ``points`` (shape (n, k)) that no other row dominates.

    Row j dominates row i when it is at least as good in every column and
    strictly better in one; a dominating row has the larger sum. Rows are
    taken in blocks by decreasing sum, each checked against the frontier
    found so far and against its own block, so the cost is about
    ``n * (frontier + block) * k`` comparisons.
    """
    order = np.argsort(-points.sum(axis=1), kind="stable")
    keep = np.zeros(points.shape[0], dtype=bool)
    frontier = np.empty((0, points.shape[1]))
    for lo in range(0, order.size, block):
        rows = order[lo : lo + block]
        rows = rows[~_dominated(frontier, points[rows])]
        rows = rows[~_dominated(points[rows], points[rows])]
        keep[rows] = True
        frontier = np.concatenate([frontier, points[rows]])
    return keep


def representative_set(plan: Plan) -> BargainingSet:
    """The bargaining set of the median draw of a plan's scenario."""
    columns = plan.source.columns
    median = replace(plan, source=UniformSource.from_array(columns, np.full((1, len(columns)), 0.5)))
    given = chunk_inputs(median, 0, 1)
    scenario = plan.scenario
    u = utilities(given.wv, plan.packages.incidence)  # (1, parties, packages)
    d = given.states[-1]  # (1, parties)
    patience = np.column_stack([given.values[p.patience] for p in scenario.parties])
    power = party_powers(scenario.parties, given.values, patience)
    if plan.ratifier.steps:
        support, threshold, shift = given.levels
        ratifiable = win_set(plan.ratifier.triggers, passes(support, threshold, shift, plan.packages.incidence))
    else:
        ratifiable = np.ones((1, plan.packages.size), dtype=bool)
    gain = u - d[:, :, None]
    acceptable = acceptable_set(gain, ratifiable)[0]
    pareto = np.zeros(plan.packages.size, dtype=bool)
    rows = np.flatnonzero(acceptable)
    if rows.size:
        pareto[rows[pareto_optimal(u[0][:, rows].T)]] = True
    return BargainingSet(
        parties=scenario.party_names,
        utility=u[0].T.copy(),
        disagreement=d[0].copy(),
        ratifiable=ratifiable[0].copy(),
        acceptable=acceptable,
        pareto=pareto,
        nash=int(nash_choice(u, d, power, ratifiable)[0]),
        kalai_smorodinsky=int(kalai_smorodinsky_choice(gain, ratifiable)[0]),
    )


__all__ = ["BargainingSet", "pareto_optimal", "representative_set"]
