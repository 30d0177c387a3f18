"""Each leader's ladder of offers: a path of trade-offs from its own ideal towards the others'.

A leader at the summit concedes along a path of packages (Raiffa 1982,
ch. 11, on trading across issues; Faratin, Sierra & Jennings 2002 on
trade-off offers). The path starts at the proposer's ideal package: on every
issue its best option (ties go to the option the others at the table value
most). Each step then changes one issue to another of its options, the one
that buys the others at the table the most utility per unit of utility the
proposer gives up,

    maximise  (gain to the others) / (loss to the proposer),

where "the others" is the mean utility of the other parties at the table.
Moves that cost the proposer nothing come first (largest gain to the others
first); among equally good moves the smallest concession goes first, so a
numeric or split issue is conceded one grid step at a time. A move must
raise the others' utility, so an issue's option changes at most (options - 1)
times and the path has at most ``sum_i (options_i - 1)`` steps. Utilities are
additive over issues (docs/MODEL.md §2), so a step costs O(options) per draw,
never O(packages). Rungs that land on an excluded package are skipped.

To concede to aspiration level a, the proposer offers the rung that is best
for the others among those worth at least a to itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiation.space import OutcomeSpace

BIG = 1e15
"""Score of a move that costs the proposer nothing (above any finite gain/loss ratio)."""


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


def build_ladder(wv: NDArray[np.float64], space: OutcomeSpace, proposer: int, table: list[int], tol: float = 1e-12) -> Ladder:
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
    tol : float
        Differences of value below this count as none.

    Returns
    -------
    Ladder
        With ``1 + sum_i (options_i - 1)`` rungs.
    """
    n, parties, _ = wv.shape
    others = [q for q in table if q != proposer]
    sizes = np.asarray(space.sizes)
    offsets = np.asarray(space.offsets)
    issue_of = np.repeat(np.arange(len(sizes)), sizes)
    mine = wv[:, proposer, :]
    theirs = wv[:, others, :].mean(axis=1) if others else np.zeros_like(mine)
    codes = np.empty((n, len(sizes)), dtype=np.intp)
    for i, size in enumerate(sizes):
        block = slice(int(offsets[i]), int(offsets[i] + size))
        own, other = mine[:, block], theirs[:, block]
        top = own >= own.max(axis=1, keepdims=True) - tol
        codes[:, i] = np.argmax(np.where(top, other, -np.inf), axis=1)
    steps = int((sizes - 1).sum())
    path = np.empty((n, steps + 1, len(sizes)), dtype=np.intp)
    path[:, 0] = codes
    rows = np.arange(n)
    for s in range(steps):
        current = (codes + offsets)[:, issue_of]  # (n, options): the current option of each option's issue
        loss = np.take_along_axis(mine, current, axis=1) - mine
        gain = theirs - np.take_along_axis(theirs, current, axis=1)
        useful = gain > tol
        free = useful & (loss <= tol)
        ratio = np.where(free, BIG + gain, gain / np.maximum(loss, tol))
        score = np.where(useful, ratio, -np.inf)
        best = score.max(axis=1, keepdims=True)
        tied = score >= best - 1e-12 * np.abs(best)
        move = np.argmax(np.where(tied & useful, -np.abs(loss), -np.inf), axis=1)
        moving = np.isfinite(best[:, 0])
        issue = issue_of[move]
        codes[rows[moving], issue[moving]] = (move - offsets[issue])[moving]
        path[:, s + 1] = codes
    package = space.index(path)
    columns = space.option_columns(path)
    at = np.arange(n)[:, None, None]
    utility = np.empty((n, steps + 1, parties))
    for p in range(parties):
        utility[:, :, p] = wv[:, p, :][at, columns].sum(axis=-1)
    valid = package >= 0
    own = np.where(valid, utility[:, :, proposer], -np.inf)
    other = np.where(valid, utility[:, :, others].mean(axis=2) if others else 0.0, -np.inf)
    return Ladder(package=package, utility=utility, own=own, others=other)


__all__ = ["BIG", "Ladder", "build_ladder"]
