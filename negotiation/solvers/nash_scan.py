"""The Nash choices and the slack of a static problem in one pass over the packages, on exact gains.

For unit powers, :func:`negotiation.solvers.nash.screened_nash_pair` and
:func:`negotiation.solvers.blocking.problem_slack` both start from the gains of
every package in every draw: a float32 matrix product over all packages, a
screen with error bounds, then exact float64 gains of the few survivors
(``candidates.candidate_gains``: summed issue by issue, in issue order).

This module computes those exact gains for *every* package instead, in the
same order of summation, so that they are the very numbers the exact step
uses, and applies the rules of :mod:`negotiation.solvers.nash` to them
directly; no error bound is involved, because no rounded value is ever
compared. (The screen's float32 bound, ``2 * issues * u32 * S_p`` after
Higham 2002, eq. 3.5, holds for any order of summation, so it would cover an
issue-by-issue float32 sum too; the kernel has no use for it.)

Packages come in the order of ``PackageSet.columns``, which lists them with
the last issue varying fastest, so consecutive packages share the sums of
their first issues: with ``s_{p,o}`` the shifted option values
(``Bargaining.shifted``) and ``c_i(k)`` package k's option of issue i,

    G_p(k, 0) = s_{p, c_0(k)},    G_p(k, i) = G_p(k, i - 1) + s_{p, c_i(k)},
    g_p(k) = G_p(k, issues - 1),

and ``G(k, i)`` is recomputed only from the first issue where package k
differs from package k - 1 (:attr:`PackageSet.prefix_depth`): about one
addition per party and package. The result does not depend on the order of
the packages; only the work does. A list of near-best packages that fills up
first drops those below the running bar (they can no longer tie).

In one pass the kernel keeps, per draw: the slack, ``max over k in W of
min_p g_p(k)`` (:mod:`negotiation.solvers.blocking`; -inf when the win-set W
is empty), and for W and for every package (the tied-hands choice) the best
Nash product of an acceptable package (``min_p g_p >= -tol``; the product of
``max(g_p, 0)`` in party order, as ``nash._product``) together with the
packages whose product reached the running best times ``1 - TIE_RTOL`` when
they were met. Every package tied with the final best is among them (the
running best never exceeds the final one), so the choice is the first of
them within ``TIE_RTOL`` of the final best. A draw whose best product is 0
(the lexicographic rule) or whose list overflows is decided by the screened
path instead; both give the rules' choice.

Two implementations: the compiled kernel (numba, ``cache=True``) and, when
numba cannot be imported (or :data:`COMPILED` is False), the screened numpy
path (``nash.screened_nash_pair`` and ``blocking.slack`` on float32 gains);
the two give identical choices and slacks (tested).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.compiled import jit
from negotiation.solvers.bargaining import NO_DEAL, PackageSet
from negotiation.solvers.nash import TIE_RTOL, screened_nash_choice
from negotiation.utility import TOL

COMPILED = True
"""Use the numba kernel when numba is importable (False: always the screened numpy path)."""

TIES = 16
"""Room per draw for packages near the running best; a draw that needs more is decided by the screened path."""


@dataclass(frozen=True)
class NashScan:
    """The Nash choices and the slack of each draw of a block.

    Attributes
    ----------
    choice : ndarray of int64, shape (draws,)
        The Nash choice (unit powers) on the feasible set, or ``NO_DEAL``.
    free : ndarray of int64, shape (draws,)
        The Nash choice on every package (the tied-hands comparison).
    slack : ndarray of float64, shape (draws,)
        ``max over feasible k of min_p g_p(k)``; -inf where no package is feasible.
    """

    choice: NDArray[np.int64]
    free: NDArray[np.int64]
    slack: NDArray[np.float64]


def nash_scan(
    shifted: NDArray[np.float64],
    packages: PackageSet,
    feasible: NDArray[np.bool_] | None,
    tol: float = TOL,
    compiled: bool | None = None,
    classes: tuple[NDArray[np.bool_], NDArray[np.intp]] | None = None,
) -> NashScan:
    """The Nash choices (on ``feasible`` and on every package) and the slack, in one pass.

    Parameters
    ----------
    shifted : ndarray, shape (draws, parties, options)
        Weighted option values less ``d / issues`` (``Bargaining.shifted``).
    packages : PackageSet
    feasible : ndarray of bool, shape (draws, packages), or None
        The win-set; None: every package.
    tol : float
        A gain of at least ``-tol`` is acceptable.
    compiled : bool or None
        True: the numba kernel (the numpy path if numba cannot be imported);
        False: the numpy path; None: as :data:`COMPILED` says.
    classes : (by_class, index), optional
        ``feasible`` by package class, when it is made that way (the win-set of
        ``solvers.ratification.ClassPassing``): ``feasible[:, k] ==
        by_class[:, index[k]]``, by_class of shape (draws, classes), index of
        shape (packages,). The kernel then reads the small table instead of
        ``feasible``.

    Returns
    -------
    NashScan
        ``choice`` equals ``screened_nash_choice(shifted, packages, feasible)``,
        ``free`` equals ``screened_nash_choice(shifted, packages, None)`` and
        ``slack`` equals ``blocking.slack`` on the same gains, bit for bit.
    """
    kernel = _kernel() if (COMPILED if compiled is None else compiled) else None
    if kernel is None:
        return _scan_numpy(shifted, packages, feasible, tol)
    n = shifted.shape[0]
    size = packages.size
    choice = np.full((2, n), NO_DEAL, dtype=np.int64)
    slack = np.full(n, -np.inf)
    if n == 0 or size == 0:
        return NashScan(choice[0], choice[1], slack)
    values = np.ascontiguousarray(np.asarray(shifted, dtype=np.float64).transpose(1, 2, 0))  # (parties, options, draws)
    constrained = feasible is not None
    if feasible is None:
        table, index = np.ones((1, n), dtype=np.bool_), np.zeros(size, dtype=np.intp)
    elif classes is not None:
        table, index = np.ascontiguousarray(classes[0].T), classes[1]
    else:  # every package its own class
        table, index = np.ascontiguousarray(feasible.T), np.arange(size, dtype=np.intp)
    refer = np.zeros((2, n), dtype=np.bool_)
    kernel(
        values, packages.columns, packages.prefix_depth, table, index, constrained, float(tol), 1.0 - TIE_RTOL, TIES, choice, refer, slack
    )
    if not constrained:
        choice[0], refer[0] = choice[1], refer[1]
    for which, allowed in ((0, feasible), (1, None)):
        rows = np.flatnonzero(refer[which])
        if rows.size:
            choice[which, rows] = screened_nash_choice(shifted[rows], packages, None if allowed is None else allowed[rows], tol)
    return NashScan(choice[0], choice[1], slack)


def _scan_numpy(shifted: NDArray[np.float64], packages: PackageSet, feasible: NDArray[np.bool_] | None, tol: float) -> NashScan:
    """The same results from the float32 screen and the screened slack (no numba)."""
    from negotiation.solvers.blocking import screened_slack  # blocking imports nothing from here
    from negotiation.solvers.nash import screened_nash_pair

    if feasible is None:
        free = screened_nash_choice(shifted, packages, None, tol)
        choice = free
    else:
        choice, free = screened_nash_pair(shifted, packages, feasible, tol)
    return NashScan(choice, free, screened_slack(shifted, packages, feasible))


def spread(by_class: NDArray[np.bool_], index: NDArray[np.intp], compiled: bool | None = None) -> NDArray[np.bool_]:
    """``np.take(by_class, index, axis=1)``: a per-class mask (draws, classes) spread to the packages, shape (draws, packages).

    The compiled loop writes the same array several times faster than
    ``np.take`` along the second axis of a boolean array.
    """
    kernel = _kernel(1) if (COMPILED if compiled is None else compiled) else None
    if kernel is None:
        return np.take(by_class, index, axis=1)
    out = np.empty((by_class.shape[0], index.shape[0]), dtype=np.bool_)
    kernel(np.ascontiguousarray(by_class), index, out)
    return out


_KERNEL: list[Any] = []

_FEW_CLASSES = 64
"""Up to this many classes, :func:`spread` forms each row as a union of whole class masks."""


def compiled_scan() -> bool:
    """Whether :func:`nash_scan` uses the compiled kernel by default (:data:`COMPILED` and numba importable)."""
    return COMPILED and _kernel() is not None


def _kernel(which: int = 0) -> Callable[..., None] | None:
    """Compiled kernel ``which`` (0: the scan, 1: the spread), or None when numba cannot be imported (compiled once, cached on disk)."""
    if not _KERNEL:
        _KERNEL.extend(jit(loops) for loops in (_scan_loops, _spread_loops))
    kernel: Callable[..., None] | None = _KERNEL[which]
    return kernel


def _spread_loops(by_class: Any, index: Any, out: Any) -> None:  # pragma: no cover - compiled
    """``out[d, k] = by_class[d, index[k]]``.

    With few classes, each draw's row is the union of the packages of its
    feasible classes (whole-row byte operations, which vectorise); otherwise
    a gather per package.
    """
    draws, classes = by_class.shape
    size = index.shape[0]
    if classes > _FEW_CLASSES:
        for d in range(draws):
            row = by_class[d]
            target = out[d]
            for k in range(size):
                target[k] = row[index[k]]
        return
    members = np.zeros((classes, size), dtype=np.bool_)
    for k in range(size):
        members[index[k], k] = True
    for d in range(draws):
        target = out[d]
        for k in range(size):
            target[k] = False
        for c in range(classes):
            if by_class[d, c]:
                member = members[c]
                for k in range(size):
                    target[k] |= member[k]


def _scan_loops(
    s: Any,
    columns: Any,
    depth: Any,
    table: Any,
    index: Any,
    constrained: bool,
    tol: float,
    keep: float,
    ties: int,
    choice: Any,
    refer: Any,
    slack: Any,
) -> None:  # pragma: no cover - compiled
    """The pass of the module docstring, vectorised over the draws (the innermost loops).

    ``s`` (parties, options, draws); package k is feasible in draw d when
    ``table[index[k], d]`` (read only when ``constrained``); ``keep`` is ``1 - TIE_RTOL``. Writes ``choice``
    (2, draws): row 0 on the feasible set, row 1 on every package (row 0 is
    left to the caller when not ``constrained``); ``refer`` (2, draws) True
    where the screened path must decide; ``slack`` (draws,).
    """
    parties, _, n = s.shape
    packages, issues = columns.shape
    last = issues - 1
    partial = np.zeros((max(last, 1), parties, n))
    low = np.empty(n)
    prod = np.empty(n)
    best = np.full((2, n), -1.0)
    bar = np.full((2, n), -np.inf)  # the running best times keep: a package below it cannot tie with the final best
    count = np.zeros((2, n), dtype=np.int64)
    over = np.zeros((2, n), dtype=np.bool_)
    near = np.empty((2, n, ties), dtype=np.int64)
    near_product = np.empty((2, n, ties))
    first = 0 if constrained else 1  # row 0 (the feasible set) only when there is one
    lowest = bar[first]  # a view: the smaller bar, as the feasible set's best is never above every package's
    for k in range(packages):
        for level in range(depth[k], last):
            c = columns[k, level]
            if level == 0:
                for p in range(parties):
                    for d in range(n):
                        partial[0, p, d] = s[p, c, d]
            else:
                for p in range(parties):
                    for d in range(n):
                        partial[level, p, d] = partial[level - 1, p, d] + s[p, c, d]
        c = columns[k, last]
        if last == 0:
            for d in range(n):
                g = s[0, c, d]
                low[d] = g
                prod[d] = g if g > 0.0 else 0.0
            for p in range(1, parties):
                for d in range(n):
                    g = s[p, c, d]
                    here = low[d]
                    low[d] = here if here < g else g
                    prod[d] = prod[d] * (g if g > 0.0 else 0.0)
        else:
            for d in range(n):
                g = partial[last - 1, 0, d] + s[0, c, d]
                low[d] = g
                prod[d] = g if g > 0.0 else 0.0
            for p in range(1, parties):
                for d in range(n):
                    g = partial[last - 1, p, d] + s[p, c, d]
                    here = low[d]
                    low[d] = here if here < g else g
                    prod[d] = prod[d] * (g if g > 0.0 else 0.0)
        feasible = table[index[k]]
        hit = 0
        for d in range(n):
            v = low[d] if (not constrained or feasible[d]) else -np.inf
            here = slack[d]
            slack[d] = here if here > v else v
            hit += (low[d] >= -tol) & (prod[d] >= lowest[d])
        if hit == 0:
            continue
        for d in range(n):
            if low[d] >= -tol and prod[d] >= lowest[d]:
                pr = prod[d]
                for which in range(first, 2):  # row 0 only on the feasible set
                    if pr >= bar[which, d] and (which == 1 or feasible[d]):
                        if pr > best[which, d]:
                            best[which, d] = pr
                            bar[which, d] = pr * keep
                        m = count[which, d]
                        if m == ties:  # full: drop what can no longer tie
                            m = 0
                            for j in range(ties):
                                if near_product[which, d, j] >= bar[which, d]:
                                    near[which, d, m] = near[which, d, j]
                                    near_product[which, d, m] = near_product[which, d, j]
                                    m += 1
                            if m == ties:
                                over[which, d] = True
                                m -= 1  # the list is no longer complete; the draw is referred
                        near[which, d, m] = k
                        near_product[which, d, m] = pr
                        count[which, d] = m + 1
    for which in range(first, 2):
        for d in range(n):
            top_product = best[which, d]
            if top_product < 0.0:
                choice[which, d] = -1
            elif top_product == 0.0 or over[which, d]:
                refer[which, d] = True
            else:
                floor = top_product * keep
                for m in range(count[which, d]):
                    if near_product[which, d, m] >= floor:
                        choice[which, d] = near[which, d, m]
                        break


__all__ = ["COMPILED", "TIES", "NashScan", "compiled_scan", "nash_scan", "spread"]
