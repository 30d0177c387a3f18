"""A few packages per draw, kept as flat lists, and the per-draw reductions over them.

Several solvers narrow every draw's packages down to a handful with cheap
whole-array passes, then decide among the survivors exactly. The survivors are
held flat, sorted by draw and then by package index, so per-draw maxima are
``reduceat`` over segments and "the lowest index" is the first in a segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from negotiation.solvers.bargaining import NO_DEAL


def candidate_gains(
    shifted: NDArray[np.float64], columns: NDArray[np.intp], rows: NDArray[np.intp], cols: NDArray[np.intp]
) -> NDArray[np.float64]:
    """Exact gains of some (draw, package) pairs, shape (c, parties).

    Parameters
    ----------
    shifted : ndarray, shape (draws, parties, options)
        Weighted option values less ``d / issues`` (``Bargaining.shifted``).
    columns : ndarray of intp, shape (packages, issues)
        Each package's option columns (``PackageSet.columns``).
    rows, cols : ndarray of intp, shape (c,)
        The pairs' draws (rows of ``shifted``) and packages.

    Summed issue by issue, in issue order: the same numbers as
    ``shifted[rows[:, None], :, columns[cols]].sum(axis=1)``, without forming
    the (c, issues, parties) array.
    """
    chosen = columns[cols]
    gain = shifted[rows, :, chosen[:, 0]]
    for issue in range(1, chosen.shape[1]):
        gain += shifted[rows, :, chosen[:, issue]]
    return gain


@dataclass(frozen=True)
class Candidates:
    """Surviving (draw, package) pairs.

    Attributes
    ----------
    rows, cols : ndarray of intp, shape (c,)
        Draw and package of each candidate, sorted by draw, then package.
    draws : int
        The number of draws in the block.
    """

    rows: NDArray[np.intp]
    cols: NDArray[np.intp]
    draws: int

    @classmethod
    def from_mask(cls, mask: NDArray[np.bool_]) -> Candidates:
        """The True entries of a (draws, packages) mask."""
        flat = np.flatnonzero(mask)
        rows, cols = np.divmod(flat, mask.shape[1])
        return cls(rows.astype(np.intp), cols.astype(np.intp), mask.shape[0])

    def subset(self, keep: NDArray[np.bool_]) -> Candidates:
        return Candidates(self.rows[keep], self.cols[keep], self.draws)

    @property
    def size(self) -> int:
        return len(self.rows)

    @cached_property
    def starts(self) -> NDArray[np.intp]:
        """Index of the first candidate of each draw that has any."""
        return np.flatnonzero(np.r_[True, self.rows[1:] != self.rows[:-1]]).astype(np.intp)

    @cached_property
    def segment(self) -> NDArray[np.intp]:
        """For each candidate, the number of its draw's segment."""
        return np.repeat(np.arange(len(self.starts)), np.diff(np.r_[self.starts, self.size])).astype(np.intp)

    def best(self, values: NDArray[np.float64], among: NDArray[np.bool_] | None = None) -> NDArray[np.float64]:
        """Each candidate's draw's maximum of ``values`` (over ``among`` if given), shape (c,)."""
        if self.size == 0:
            return np.zeros(0)
        if among is not None:
            values = np.where(among, values, -np.inf)
        return np.maximum.reduceat(values, self.starts)[self.segment]

    def first(self, keep: NDArray[np.bool_]) -> NDArray[np.int64]:
        """Per draw, the lowest-index package among the kept candidates; -1 where none."""
        choice = np.full(self.draws, NO_DEAL, dtype=np.int64)
        if self.size:
            index = np.flatnonzero(keep)
            if index.size:
                leaders = index[np.unique(self.segment[index], return_index=True)[1]]
                choice[self.rows[leaders]] = self.cols[leaders]
        return choice


def gains_of(gain: NDArray[np.float64], candidates: Candidates) -> NDArray[np.float64]:
    """The candidates' gains, shape (c, parties), from gains of shape (draws, parties, packages)."""
    return gain[candidates.rows, :, candidates.cols]


def lexicographic(candidates: Candidates, values: NDArray[np.float64], keep: NDArray[np.bool_], tol: float) -> NDArray[np.bool_]:
    """Narrow ``keep`` to the lexicographic best by the columns of ``values`` in order, within tol."""
    keep = keep.copy()
    for column in range(values.shape[1]):
        keep &= values[:, column] >= candidates.best(values[:, column], keep) - tol
    return keep
