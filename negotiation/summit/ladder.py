"""Each leader's ladder of offers: efficient trade-offs from its own ideal towards the others'.

A leader at the summit offers packages that are efficient between itself and
the other parties at the table. For proposer p and trade-off weight lambda in
[0, 1], the rung is the package that maximises

    lambda * u_p(k) + (1 - lambda) * mean_{q at the table, q != p} u_q(k).

Utilities are additive over issues (docs/MODEL.md §2), so the maximiser takes,
issue by issue, the option with the highest weighted value: the ladder costs
O(rungs x options) per draw, not O(packages). A rung that lands on an excluded
package is dropped. As lambda falls from 1 to 0 the rungs run from p's ideal
towards the others' best, with p's own utility never rising (the supported
points of the Pareto frontier; Raiffa 1982, ch. 11).

To concede to aspiration level a, p offers the rung that is best for the
others among those worth at least a to itself (Faratin, Sierra & Jennings
1998 concede in utility; the package is then chosen by trade-off).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiation.space import OutcomeSpace

RUNGS = 41
"""Number of trade-off weights lambda on each ladder."""

EDGE = 1e-6
"""lambda runs over [EDGE, 1 - EDGE], so the end rungs break ties by the other side's utility."""


@dataclass(frozen=True)
class Ladder:
    """The rungs of one proposer's ladder, per draw.

    Attributes
    ----------
    package : ndarray of int64, shape (draws, rungs)
        Package index of each rung; -1 where the rung's package is excluded.
    utility : ndarray, shape (draws, rungs, parties)
        Every party's utility at each rung (-inf for the proposer at excluded rungs).
    own : ndarray, shape (draws, rungs)
        The proposer's utility (-inf where excluded).
    others : ndarray, shape (draws, rungs)
        The mean utility of the other parties at the table (-inf where excluded).
    """

    package: NDArray[np.int64]
    utility: NDArray[np.float64]
    own: NDArray[np.float64]
    others: NDArray[np.float64]

    @property
    def ideal(self) -> NDArray[np.float64]:
        """The proposer's best utility on its ladder, shape (draws,)."""
        return self.own.max(axis=1)

    def offer(self, aspiration: NDArray[np.float64], tol: float) -> NDArray[np.intp]:
        """The rung to offer at each draw's aspiration level, shape (draws,).

        Among rungs worth at least ``aspiration - tol`` to the proposer, the
        one best for the others (ties: the rung nearer the proposer's own
        ideal); if no rung reaches the aspiration, the proposer's best rung.
        """
        meets = self.own >= aspiration[:, None] - tol
        score = np.where(meets, self.others, -np.inf)
        # Rungs run from the others' end (lambda small) to the proposer's end;
        # argmax over the reversed axis breaks ties towards the proposer's end.
        rungs = self.own.shape[1]
        best = rungs - 1 - np.argmax(score[:, ::-1], axis=1)
        none = ~meets.any(axis=1)
        if none.any():
            best[none] = np.argmax(self.own[none], axis=1)
        return best.astype(np.intp)


def build_ladder(wv: NDArray[np.float64], space: OutcomeSpace, proposer: int, table: list[int], rungs: int = RUNGS) -> Ladder:
    """The ladder of ``proposer`` against the other parties in ``table``.

    Parameters
    ----------
    wv : ndarray, shape (draws, parties, options)
        Weighted option values (``utility.weighted_values``).
    space : OutcomeSpace
    proposer : int
        Party index.
    table : list of int
        Indices of the parties at the table, the proposer included.
    rungs : int

    Returns
    -------
    Ladder
    """
    n, parties, _ = wv.shape
    others = [q for q in table if q != proposer]
    lam = np.linspace(EDGE, 1.0 - EDGE, rungs)
    mine = wv[:, proposer, :]
    theirs = wv[:, others, :].mean(axis=1) if others else np.zeros_like(mine)
    codes = np.empty((n, rungs, len(space.sizes)), dtype=np.intp)
    for i, size in enumerate(space.sizes):
        start = int(space.offsets[i])
        block = slice(start, start + size)
        score = lam[None, :, None] * mine[:, None, block] + (1.0 - lam)[None, :, None] * theirs[:, None, block]
        codes[:, :, i] = np.argmax(score, axis=2)
    package = space.index(codes)
    columns = space.option_columns(codes)  # (n, rungs, issues)
    rows = np.arange(n)[:, None, None]
    utility = np.empty((n, rungs, parties))
    for p in range(parties):
        utility[:, :, p] = wv[:, p, :][rows, columns].sum(axis=-1)
    valid = package >= 0
    own = np.where(valid, utility[:, :, proposer], -np.inf)
    other = np.where(valid, utility[:, :, others].mean(axis=2) if others else 0.0, -np.inf)
    return Ladder(package=package, utility=utility, own=own, others=other)


__all__ = ["EDGE", "RUNGS", "Ladder", "build_ladder"]
