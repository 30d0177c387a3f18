"""Each draw's Pareto frontier: the packages no other feasible package beats by a margin for every party.

Package k *dominates* package k' in a draw when both are feasible and

    g_p(k) > g_p(k') + margin     for every party p,

with ``g = u - d`` the gains (Osborne & Rubinstein 1994, ch. 1, define Pareto
dominance; the margin makes it robust to the solvers' tolerances). The
*frontier* of a draw is the set of its feasible packages that no package
dominates. With ``margin = 0`` it is the weakly Pareto-efficient set; with
the default ``margin = 2 * TOL`` it is a superset of it, the packages that
are efficient up to ties within twice the tolerance. The margin is what makes
the restriction exact for solvers that break ties within ``TOL``: a package
that another beats by more than ``2 * TOL`` for everyone can neither pass a
vote the other fails nor be within ``TOL`` of the best package of anyone who
proposes it (see :mod:`negotiation.solvers.baron_ferejohn`).

Dominance with a margin is transitive and a dominating package has a
strictly larger sum of gains, so each draw's frontier is found in one pass
over its packages in decreasing order of that sum: a package is kept unless
a package already kept dominates it (a dominated package is dominated by
some frontier package, which comes earlier). The set does not depend on the
order among equal sums.

Two implementations give identical sets (tested): a compiled kernel
(numba, per draw: a few milliseconds on 9,072 packages and three parties) and a
pure-numpy one vectorised over the draws of a block (one round per frontier
package, several times slower). :data:`COMPILED` selects the kernel when
numba can be imported; without numba the numpy path is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.compiled import jit
from negotiation.utility import TOL

MARGIN = 2 * TOL
"""Default dominance margin: twice the solvers' tolerance on utilities."""

COMPILED = True
"""Use the numba kernel when numba is importable (False: always the numpy path)."""

Floats = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class Frontier:
    """The frontier packages of each draw of a block, padded to a common width.

    Attributes
    ----------
    index : ndarray of intp, shape (draws, width)
        Each draw's frontier packages in increasing package order, in its first
        ``count`` slots; the remaining slots hold 0 (a valid index, masked by
        :attr:`valid`). ``width`` is the largest count in the block (at least 1).
    count : ndarray of int64, shape (draws,)
        The number of frontier packages of each draw (0 when none is feasible).
    packages : int
        The number of packages of the full set.
    """

    index: NDArray[np.intp]
    count: NDArray[np.int64]
    packages: int

    @property
    def valid(self) -> Mask:
        """Which slots hold a frontier package, shape (draws, width)."""
        return np.arange(self.index.shape[1])[None, :] < self.count[:, None]

    def rows(self, rows: NDArray[np.intp]) -> Frontier:
        """The frontier of some draws of the block."""
        return Frontier(self.index[rows], self.count[rows], self.packages)

    def take(self, values: Floats) -> Floats:
        """``values`` of shape (draws, k, packages) at the frontier, shape (draws, k, width); 0 in empty slots."""
        out = np.take_along_axis(values, self.index[:, None, :], axis=2)
        out[~np.broadcast_to(self.valid[:, None, :], out.shape)] = 0.0
        return out

    def scatter(self, mask: Mask) -> Mask:
        """A mask of shape (draws, k, width) on the frontier, as one on all packages, shape (draws, k, packages)."""
        n, k, _ = mask.shape
        out = np.zeros((n, k, self.packages), dtype=bool)
        rows, slots = np.nonzero(self.valid)
        out[rows, :, self.index[rows, slots]] = mask[rows, :, slots]
        return out

    def members(self) -> Mask:
        """The frontier as a mask of shape (draws, packages)."""
        out = np.zeros((len(self.count), self.packages), dtype=bool)
        rows, slots = np.nonzero(self.valid)
        out[rows, self.index[rows, slots]] = True
        return out


def pareto_frontier(gain: Floats, feasible: Mask | None = None, margin: float = MARGIN, compiled: bool | None = None) -> Frontier:
    """Each draw's frontier (module docstring).

    Parameters
    ----------
    gain : ndarray, shape (draws, parties, packages)
        Gains (or utilities: the frontier is the same under a shift per party and draw).
    feasible : ndarray of bool, shape (draws, packages), or None
        Packages that may be chosen; None: all.
    margin : float
        Dominance margin, >= 0.
    compiled : bool or None
        True: the numba kernel (numpy if numba cannot be imported); False: the
        numpy path; None: as :data:`COMPILED` says.

    Returns
    -------
    Frontier
    """
    gain = np.ascontiguousarray(gain, dtype=np.float64)
    n, _, packages = gain.shape
    ok = np.ones((n, packages), dtype=bool) if feasible is None else np.ascontiguousarray(feasible, dtype=bool)
    kernel = _kernel() if (COMPILED if compiled is None else compiled) else None
    if kernel is not None:
        index = np.zeros((n, max(packages, 1)), dtype=np.intp)
        count = np.zeros(n, dtype=np.int64)
        kernel(gain, ok, float(margin), index, count)
    else:
        index, count = _frontier_numpy(gain, ok, float(margin))
    width = max(int(count.max(initial=0)), 1)
    return Frontier(np.ascontiguousarray(index[:, :width]), count, packages)


def _frontier_numpy(gain: Floats, feasible: Mask, margin: float) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """The frontier, vectorised over draws: each round keeps every draw's best remaining sum and drops what it dominates."""
    n, parties, packages = gain.shape
    total = gain.sum(axis=1)
    cols = np.broadcast_to(np.arange(packages, dtype=np.intp), (n, packages))
    work, score, alive = gain, np.where(feasible, total, -np.inf), feasible.copy()
    kept: list[NDArray[np.intp]] = []
    rows = np.arange(n)
    while n and alive.any():
        pick = np.where(alive, score, -np.inf).argmax(axis=1)
        has = alive[rows, pick]
        kept.append(np.where(has, cols[rows, pick], -1))
        best = work[rows, :, pick]  # (draws, parties)
        dominated = np.ones(alive.shape, dtype=bool)
        for p in range(parties):
            dominated &= best[:, p, None] > work[:, p, :] + margin
        alive &= ~dominated
        alive[rows, pick] = False
        most = int(alive.sum(axis=1).max())
        if most <= alive.shape[1] // 2:
            order = np.argsort(~alive, axis=1, kind="stable")[:, :most]
            cols = np.take_along_axis(cols, order, axis=1)
            score = np.take_along_axis(score, order, axis=1)
            work = np.take_along_axis(work, order[:, None, :], axis=2)
            alive = np.take_along_axis(alive, order, axis=1)
    count = np.zeros(n, dtype=np.int64)
    index = np.zeros((n, max(len(kept), 1)), dtype=np.intp)
    if kept:
        found = np.stack(kept, axis=1)
        count = (found >= 0).sum(axis=1).astype(np.int64)
        found = np.sort(np.where(found >= 0, found, packages), axis=1)
        index = np.where(found < packages, found, 0).astype(np.intp)
    return index, count


_KERNEL: list[Any] = []


def compiled_frontier() -> bool:
    """Whether :func:`pareto_frontier` uses the compiled kernel by default (:data:`COMPILED` and numba importable)."""
    return COMPILED and _kernel() is not None


def _kernel() -> Callable[..., None] | None:
    """The compiled kernel, or None when numba cannot be imported (compiled once, cached on disk)."""
    if not _KERNEL:
        _KERNEL.append(jit(_frontier_loops))
    kernel: Callable[..., None] | None = _KERNEL[0]
    return kernel


def _frontier_loops(gain: Any, feasible: Any, margin: float, index: Any, count: Any) -> None:  # pragma: no cover - compiled
    """Per draw: packages in roughly decreasing sum, each kept unless a kept one dominates it.

    The order is a counting sort of the sums into as many bins as packages (a
    comparison sort costs more than the rest): bins in decreasing sum, packages
    in increasing index within a bin. A dominating package has a larger sum, so
    it comes earlier, or later in the same bin. A package kept although some
    package dominates it is therefore dominated by a package kept from its own
    bin (the dominator itself, or the kept package that rejected the
    dominator, by transitivity): the kept packages of each bin are checked
    among themselves when the bin ends, and the frontier is what survives.
    The order of the kept list is only a heuristic (a package that dominates
    one moves forward).
    """
    n, parties, packages = gain.shape
    local = np.empty((packages, parties))
    total = np.empty(packages)
    members = np.empty(packages, dtype=np.intp)
    order = np.empty(packages, dtype=np.intp)
    bin_of = np.empty(packages, dtype=np.intp)
    kept = np.empty(packages, dtype=np.intp)
    bins = np.empty(packages + 1, dtype=np.intp)
    slot = np.empty(packages, dtype=np.intp)
    near = np.empty((packages, parties))  # the kept packages' gains, contiguous
    bar = np.empty(parties)
    fresh = np.empty(packages, dtype=np.intp)  # the packages kept from the current bin
    on = np.empty(packages, dtype=np.bool_)  # by package: on the frontier
    for b in range(n):
        m = 0
        high = -np.inf
        low = np.inf
        for k in range(packages):
            on[k] = False
            if feasible[b, k]:
                s = 0.0
                for p in range(parties):
                    local[k, p] = gain[b, p, k]
                    s += gain[b, p, k]
                total[m] = s
                members[m] = k
                high = max(high, s)
                low = min(low, s)
                m += 1
        count[b] = 0
        if m == 0:
            continue
        scale = (m - 1) / (high - low) if high > low else 0.0
        bins[: m + 1] = 0
        for c in range(m):
            slot[c] = min(max(int((high - total[c]) * scale), 0), m - 1)  # bin 0: the largest sums
            bins[slot[c] + 1] += 1
        for c in range(m):
            bins[c + 1] += bins[c]
        for c in range(m):
            order[bins[slot[c]]] = members[c]
            bin_of[bins[slot[c]]] = slot[c]
            bins[slot[c]] += 1
        f = 0
        made = 0
        for c in range(m + 1):
            if c == m or (c > 0 and bin_of[c] != bin_of[c - 1]):
                # The bin ends: its kept packages, checked among themselves.
                for i in range(made):
                    k = fresh[i]
                    free = True
                    for j in range(made):
                        q = fresh[j]
                        beaten = True
                        for p in range(parties):
                            if not local[q, p] > local[k, p] + margin:
                                beaten = False
                                break
                        if beaten:
                            free = False
                            break
                    on[k] = free
                made = 0
                if c == m:
                    break
            k = order[c]
            for p in range(parties):
                bar[p] = local[k, p] + margin
            free = True
            for j in range(f):
                beaten = True
                for p in range(parties):
                    if not near[j, p] > bar[p]:
                        beaten = False
                        break
                if beaten:
                    free = False
                    if j > 0:  # move the dominating package forward: it is likely to dominate the next ones too
                        h = j // 2
                        kept[j], kept[h] = kept[h], kept[j]
                        for p in range(parties):
                            near[j, p], near[h, p] = near[h, p], near[j, p]
                    break
            if free:
                kept[f] = k
                for p in range(parties):
                    near[f, p] = local[k, p]
                f += 1
                fresh[made] = k
                made += 1
        found = 0
        for k in range(packages):
            if on[k]:
                index[b, found] = k
                found += 1
        count[b] = found


__all__ = ["COMPILED", "MARGIN", "Frontier", "compiled_frontier", "pareto_frontier"]
