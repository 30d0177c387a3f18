"""Scenario discovery with PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999).

Given the sampled inputs of every draw and a yes/no outcome (a deal under some
protocol, a deal taking some issue value), PRIM looks for a *box*, a set of
intervals on a few inputs, inside which the outcome is much more frequent than
overall. Three shares describe a box (Bryant & Lempert 2010):

- ``coverage``: the share of all cases of interest (draws with the outcome) that
  fall inside the box;
- ``density``: the share of the draws inside the box that are cases of interest;
- ``mass``: the share of all draws that fall inside the box.

The box is found by *top-down peeling*: starting from the box that spans the
data, each step removes a thin slice (a share ``alpha`` of the box's points)
from the low or high end of one input, the slice whose removal leaves the
densest box, until the box would become too small or no slice raises the
density. The boxes met on the way form the *peeling trajectory*, which trades
coverage for density; one is chosen from it (the densest with enough
coverage). *Bottom-up pasting* (Friedman & Fisher 1999, sec. 4) then re-grows
the chosen box a slice at a time on whichever face gives the densest box,
while that does not lower its density. Each input the result restricts gets a
*quasi-p value* (Bryant & Lempert 2010): the one-sided binomial test of the
box's cases against the density of the box without that restriction, a small
value saying the restriction matters. *Covering* (Friedman & Fisher 1999)
removes the box's points and searches the rest for another box, giving
several boxes in sequence (:func:`covering`).

References
----------
Friedman, J. H. & Fisher, N. I. (1999). Bump hunting in high-dimensional data.
*Statistics and Computing* 9: 123–143.

Bryant, B. P. & Lempert, R. J. (2010). Thinking inside the box: a participatory,
computer-assisted approach to scenario discovery. *Technological Forecasting and
Social Change* 77: 34–49.

Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages.
*The American Statistician* 50: 361–365.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.stats
from numpy.typing import ArrayLike, NDArray

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Box:
    """One box of a peeling trajectory or a pasting sequence.

    Attributes
    ----------
    lo, hi : ndarray of float, shape (d,)
        Inclusive limits on each input. Unrestricted inputs take the data's
        minimum and maximum, so no limit is ever infinite. Read-only.
    restricted : tuple of int
        The inputs whose limits are tighter than the data's range, ascending.
    coverage : float
        Share of all cases of interest (``y`` True) inside the box; 0 when
        there are no cases at all.
    density : float
        Share of the points inside the box that are cases of interest.
    mass : float
        Share of all points inside the box.

    Notes
    -----
    Boxes compare by identity (``eq=False``): their limits are arrays.
    """

    lo: Floats
    hi: Floats
    restricted: tuple[int, ...]
    coverage: float
    density: float
    mass: float


@dataclass(frozen=True)
class PrimResult:
    """The outcome of :func:`prim`.

    Attributes
    ----------
    names : tuple of str
        Input names, one per column of ``x`` (d of them).
    base_rate : float
        The share of all points that are cases of interest (the mean of ``y``).
    trajectory : tuple of Box
        The peeling trajectory; the first box spans the data, each later one
        lies inside the one before, with strictly smaller mass and strictly
        higher density.
    chosen : int
        Index into ``trajectory`` of the peeled box that was chosen (and pasted).
    pasting : tuple of Box
        The pasting sequence: ``trajectory[chosen]`` first, then each box
        pasted from the one before (it contains it, with higher coverage and
        no lower density; see :func:`paste`). Empty when pasting was not run.
    quasi_p : tuple of float
        One quasi-p value per restricted input of :attr:`box`, in the order of
        ``box.restricted`` (see :func:`quasi_p`).
    points, cases : int
        The points searched and the cases of interest among them (for a box
        found by :func:`covering` after the first: the points left). Shares
        are relative to these.
    """

    names: tuple[str, ...]
    base_rate: float
    trajectory: tuple[Box, ...]
    chosen: int
    pasting: tuple[Box, ...] = ()
    quasi_p: tuple[float, ...] = ()
    points: int = 0
    cases: int = 0

    @property
    def box(self) -> Box:
        """The reported box: the last pasted box, or ``trajectory[chosen]`` without pasting."""
        return self.pasting[-1] if self.pasting else self.trajectory[self.chosen]


def in_box(lo: Floats, hi: Floats, x: Floats) -> Bools:
    """Which points lie inside a box (limits inclusive).

    Parameters
    ----------
    lo, hi : ndarray of float, shape (d,)
        The box's limits.
    x : ndarray of float, shape (n, d)
        The points.

    Returns
    -------
    ndarray of bool, shape (n,)
    """
    inside: Bools = np.all((x >= lo) & (x <= hi), axis=1)
    return inside


def low_peel(values: Floats, alpha: float) -> Bools:
    """The points a low-side peel removes: those below the ``alpha``-quantile.

    The quantile is the linear-interpolation estimate (Hyndman & Fan 1996,
    definition 7; numpy's default), q = v(k) + f (v(k+1) - v(k)) with
    k + f = alpha (m - 1) over the sorted values v(0) <= ... <= v(m-1).
    The test ``value < q`` is decided on the order statistics, not on the
    interpolated number, so the peel is exact and unchanged by any strictly
    increasing transform of the values. When the quantile equals the minimum
    (ties, discrete inputs) the peel removes exactly the points at the minimum.

    Parameters
    ----------
    values : ndarray of float, shape (m,)
        One input's values among the points of the current box, m >= 1.
    alpha : float
        The peeling share, in (0, 0.5).

    Returns
    -------
    ndarray of bool, shape (m,)
        The points removed; all True when every value is equal (no valid peel).
        The high-side peel is ``low_peel(-values, alpha)``: definition 7 is
        symmetric, so this removes the points above the (1 - alpha)-quantile.
    """
    ordered = np.sort(values)
    position = alpha * (len(ordered) - 1)
    k = math.floor(position)
    at, after = ordered[k], ordered[min(k + 1, len(ordered) - 1)]
    # q lies strictly between v(k) and v(k+1) exactly when f > 0 and v(k) < v(k+1).
    removed: Bools = values <= at if position > k and after > at else values < at
    if not removed.any():
        removed = values == ordered[0]
    return removed


def _validate(x: ArrayLike, y: ArrayLike, names: Sequence[str], alpha: float, min_mass: float, min_coverage: float) -> tuple[Floats, Bools]:
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y)
    if xs.ndim != 2:
        raise ValueError(f"x must be a 2-D array of shape (n, d), got {xs.ndim} dimension(s)")
    if ys.ndim != 1:
        raise ValueError(f"y must be a 1-D array of shape (n,), got {ys.ndim} dimension(s)")
    if ys.dtype != np.bool_:
        raise ValueError(f"y must be boolean (True marks a case of interest), got dtype {ys.dtype}")
    if len(ys) != len(xs):
        raise ValueError(f"x has {len(xs)} rows but y has {len(ys)} values")
    if len(xs) == 0:
        raise ValueError("PRIM needs at least one point")
    if len(names) != xs.shape[1]:
        raise ValueError(f"x has {xs.shape[1]} columns but {len(names)} names were given")
    if len(set(names)) != len(names):
        raise ValueError("input names must be distinct")
    if not np.isfinite(xs).all():
        raise ValueError("x must be finite (no NaN or infinity)")
    if not 0.0 < alpha < 0.5:
        raise ValueError(f"alpha must lie in (0, 0.5), got {alpha}")
    if not 0.0 < min_mass <= 1.0:
        raise ValueError(f"min_mass must lie in (0, 1], got {min_mass}")
    if not 0.0 <= min_coverage <= 1.0:
        raise ValueError(f"min_coverage must lie in [0, 1], got {min_coverage}")
    return xs, ys


def _box(lo: Floats, hi: Floats, data_lo: Floats, data_hi: Floats, inside: Bools, y: Bools) -> Box:
    """A box with its shares; ``inside`` marks its points, shape (n,)."""
    n_in, cases_in, cases = int(inside.sum()), int((inside & y).sum()), int(y.sum())
    lo, hi = lo.copy(), hi.copy()
    lo.flags.writeable = hi.flags.writeable = False
    restricted = tuple(int(j) for j in np.flatnonzero((lo > data_lo) | (hi < data_hi)))
    return Box(lo, hi, restricted, coverage=cases_in / cases if cases else 0.0, density=cases_in / n_in, mass=n_in / len(y))


def _choose(trajectory: Sequence[Box], min_coverage: float) -> int:
    """The densest box with coverage >= min_coverage (ties: higher coverage); else the first box."""
    eligible = [k for k, b in enumerate(trajectory) if b.coverage >= min_coverage]
    if not eligible:
        return 0
    return max(eligible, key=lambda k: (trajectory[k].density, trajectory[k].coverage))


def peel(xs: Floats, ys: Bools, *, alpha: float, min_mass: float, total: int | None = None) -> tuple[Box, ...]:
    """The peeling trajectory of checked data (see :func:`prim`).

    Parameters
    ----------
    xs : ndarray of float, shape (n, d)
    ys : ndarray of bool, shape (n,)
    alpha, min_mass : float
        As for :func:`prim`; ``min_mass`` is a share of ``total`` points.
    total : int, optional
        The points ``min_mass`` is a share of (default n).

    Returns
    -------
    tuple of Box
        The trajectory, shares relative to the n points given.
    """
    n, d = xs.shape
    floor = min_mass * (n if total is None else total)
    data_lo, data_hi = xs.min(axis=0), xs.max(axis=0)
    lo, hi = data_lo.copy(), data_hi.copy()
    inside = np.ones(n, dtype=bool)
    trajectory = [_box(lo, hi, data_lo, data_hi, inside, ys)]
    while True:
        index = np.flatnonzero(inside)
        yin = ys[index]
        best: tuple[float, int, int, int] | None = None  # (density gain per point removed, kept, dimension, side)
        best_removed: Bools | None = None
        current = trajectory[-1].density
        for j in range(d):
            for side, values in enumerate((xs[index, j], -xs[index, j])):
                removed = low_peel(values, alpha)
                kept = len(index) - int(removed.sum())
                if kept == 0 or kept < floor or kept == len(index):
                    continue
                gain = (int(yin[~removed].sum()) / kept - current) / (len(index) - kept)
                if best is None or (gain, kept, -j, -side) > (best[0], best[1], -best[2], -best[3]):
                    best, best_removed = (gain, kept, j, side), removed
        if best is None or best_removed is None or best[0] <= 0:
            break
        _, _, j, side = best
        inside[index[best_removed]] = False
        remaining = xs[inside, j]
        if side == 0:
            lo[j] = remaining.min()
        else:
            hi[j] = remaining.max()
        trajectory.append(_box(lo, hi, data_lo, data_hi, inside, ys))
    return tuple(trajectory)


def paste(xs: Floats, ys: Bools, start: Box, *, alpha: float) -> tuple[Box, ...]:
    """Bottom-up pasting of a box (Friedman & Fisher 1999, sec. 4).

    At each step, for each input j and each side, the candidate paste moves
    that one limit outwards over the nearest points that lie outside the box
    on that side of x_j and inside it on every other input: at least
    ``ceil(alpha * m)`` of them for a box of m points (all of them when fewer
    remain), with every point at the new limit (limits are inclusive). The
    candidate giving the densest box among those that add at least one case
    wins (ties: the lower input index, then the low side); it is pasted when
    it does not lower the density, and pasting stops when no candidate is
    left or the winner would lower it. Friedman & Fisher paste while the
    box's mean rises; a paste that keeps it is taken here too, so a box of
    density 1 that peeling cut short regrows over further cases. Each pasted
    box contains the one before it, with coverage strictly higher, mass
    higher and density no lower; pasting ends after at most n steps.

    Parameters
    ----------
    xs : ndarray of float, shape (n, d)
        The points.
    ys : ndarray of bool, shape (n,)
        True for the cases of interest.
    start : Box
        The box to paste, with limits at data values (a box of :func:`peel`).
    alpha : float
        The pasting share, in (0, 0.5).

    Returns
    -------
    tuple of Box
        ``start`` (the object given) and then each pasted box.
    """
    data_lo, data_hi = xs.min(axis=0), xs.max(axis=0)
    lo, hi = start.lo.copy(), start.hi.copy()
    sequence = [start]
    while True:
        outside = (xs < lo) | (xs > hi)  # (n, d)
        misses = outside.sum(axis=1)
        inside = misses == 0
        m, cases = int(inside.sum()), int(ys[inside].sum())
        step = max(1, math.ceil(alpha * m))
        best: tuple[float, int, int] | None = None  # (density, -dimension, -side), among pastes that add a case
        best_limit = 0.0
        for j in range(xs.shape[1]):
            alone = (misses == 1) & outside[:, j]
            for side, beyond in enumerate((xs[:, j] < lo[j], xs[:, j] > hi[j])):
                candidates = alone & beyond
                count = int(candidates.sum())
                if count == 0:
                    continue
                # distance beyond the face, so the k nearest points are the k smallest
                beyond_face = -xs[candidates, j] if side == 0 else xs[candidates, j]
                k = min(step, count)
                kth = float(np.partition(beyond_face, k - 1)[k - 1])
                limit = -kth if side == 0 else kth
                added = candidates & ((xs[:, j] >= limit) if side == 0 else (xs[:, j] <= limit))
                gained = int(ys[added].sum())
                density = (cases + gained) / (m + int(added.sum()))
                if gained and (best is None or (density, -j, -side) > best):
                    best, best_limit = (density, -j, -side), limit
        if best is None or best[0] < sequence[-1].density:
            break
        j, side = -best[1], -best[2]
        if side == 0:
            lo[j] = best_limit
        else:
            hi[j] = best_limit
        sequence.append(_box(lo, hi, data_lo, data_hi, in_box(lo, hi, xs), ys))
    return tuple(sequence)


def quasi_p(xs: Floats, ys: Bools, box: Box) -> tuple[float, ...]:
    """Quasi-p values of a box's restrictions (Bryant & Lempert 2010).

    For each restricted input j, let p_j be the density of the box with the
    restriction on j removed (its limits on j set to the data's range, the
    other limits kept). With T the points in the box and H the cases among
    them, the quasi-p value is the one-sided binomial test of H successes in
    T trials against p_j, P(X >= H) for X ~ Binomial(T, p_j)
    (:func:`scipy.stats.binomtest`, ``alternative="greater"``). A small value
    says the restriction on j raises the density by more than chance would;
    it is "quasi" because the box was chosen on the same data. The EMA
    workbench reports the same test per limit (lower and upper apart); here
    the input's whole restriction is removed.

    Parameters
    ----------
    xs : ndarray of float, shape (n, d)
        The points the box was found on.
    ys : ndarray of bool, shape (n,)
    box : Box

    Returns
    -------
    tuple of float
        One value in [0, 1] per input of ``box.restricted``, in that order.
    """
    data_lo, data_hi = xs.min(axis=0), xs.max(axis=0)
    inside = in_box(box.lo, box.hi, xs)
    trials, hits = int(inside.sum()), int(ys[inside].sum())
    out = []
    for j in box.restricted:
        lo, hi = box.lo.copy(), box.hi.copy()
        lo[j], hi[j] = data_lo[j], data_hi[j]
        loose = in_box(lo, hi, xs)
        p = float(ys[loose].mean())
        out.append(float(scipy.stats.binomtest(hits, trials, p, alternative="greater").pvalue))
    return tuple(out)


def prim(
    x: ArrayLike,
    y: ArrayLike,
    names: Sequence[str],
    *,
    alpha: float = 0.05,
    min_mass: float = 0.05,
    min_coverage: float = 0.5,
    paste_alpha: float | None = None,
) -> PrimResult:
    """Peel, choose and paste a box in which ``y`` is frequent (PRIM, Friedman & Fisher 1999).

    Top-down peeling: start from the box spanning the data's range on every
    input. At each step, for each input j, two candidate peels remove the box's
    points below the ``alpha``-quantile of x_j among them (low side) or above
    its (1 - ``alpha``)-quantile (high side); see :func:`low_peel` for the
    quantile and for ties. A candidate that would remove every point is
    skipped, as is one leaving a mass below ``min_mass``. The candidate that
    raises the density most *per point removed* wins (ties: the larger
    remaining mass, then the lower input index, then the low side): peels
    differ in size when an input has ties (a 0/1 event indicator can only be
    peeled a whole value at a time), and a large peel must earn its size.
    Peeling stops when no candidate is left or the winner does not strictly
    raise the density. A peel moves only the peeled
    limit, to the remaining points' new extreme on that input, so a box's
    points are exactly the data points within its (inclusive) limits.

    The box chosen from the peeling trajectory is the densest with coverage
    at least ``min_coverage`` (ties: higher coverage), or the first box when
    none reaches it. It is then pasted (:func:`paste`) with share
    ``paste_alpha``, and the last pasted box is the result's :attr:`box`,
    with a quasi-p value per restricted input (:func:`quasi_p`).

    Parameters
    ----------
    x : array_like of float, shape (n, d)
        The inputs of each point (draw); finite. d may be 0.
    y : array_like of bool, shape (n,)
        True for the cases of interest.
    names : sequence of str, length d
        Distinct input names.
    alpha : float, default 0.05
        The share of the box's points each peel removes, in (0, 0.5).
    min_mass : float, default 0.05
        The smallest mass a peeled box may have, in (0, 1].
    min_coverage : float, default 0.5
        The smallest coverage of the chosen box, in [0, 1].
    paste_alpha : float, optional
        The share of the box's points each paste adds, in (0, 0.5); default
        ``alpha``.

    Returns
    -------
    PrimResult

    Raises
    ------
    ValueError
        On arrays of the wrong shape or type, non-finite inputs, mismatched
        names, or parameters out of range.
    """
    xs, ys = _validate(x, y, names, alpha, min_mass, min_coverage)
    return _search(xs, ys, tuple(names), alpha, min_mass, min_coverage, _paste_share(alpha, paste_alpha), len(ys))


def _paste_share(alpha: float, paste_alpha: float | None) -> float:
    share = alpha if paste_alpha is None else paste_alpha
    if not 0.0 < share < 0.5:
        raise ValueError(f"paste_alpha must lie in (0, 0.5), got {share}")
    return share


def _search(
    xs: Floats, ys: Bools, names: tuple[str, ...], alpha: float, min_mass: float, min_coverage: float, paste_alpha: float, total: int
) -> PrimResult:
    """Peel, choose, paste and test one box on checked data; ``min_mass`` is a share of ``total`` points."""
    trajectory = peel(xs, ys, alpha=alpha, min_mass=min_mass, total=total)
    chosen = _choose(trajectory, min_coverage)
    pasting = paste(xs, ys, trajectory[chosen], alpha=paste_alpha)
    return PrimResult(names, float(ys.mean()), trajectory, chosen, pasting, quasi_p(xs, ys, pasting[-1]), len(ys), int(ys.sum()))


def covering(
    x: ArrayLike,
    y: ArrayLike,
    names: Sequence[str],
    *,
    boxes: int = 3,
    alpha: float = 0.05,
    min_mass: float = 0.05,
    min_coverage: float = 0.5,
    paste_alpha: float | None = None,
) -> tuple[PrimResult, ...]:
    """Several boxes in sequence: PRIM, then PRIM again on the points no box holds (covering; Friedman & Fisher 1999).

    The first box is :func:`prim` on all the data. Each later search removes
    the points of every box found so far and runs the same search on the rest
    (``min_coverage`` applies to the cases left; ``min_mass`` stays a share of
    all n points). The sequence stops after ``boxes`` boxes, or when too few
    points or no cases are left, or when a later search finds a box that
    restricts no input or is no denser than the base rate of all the data
    (Bryant & Lempert 2010: a scenario of interest is denser than the whole);
    that box is not kept. The first box is always kept.

    Parameters
    ----------
    x, y, names, alpha, min_mass, min_coverage, paste_alpha
        As for :func:`prim`.
    boxes : int, default 3
        The most boxes to find, at least 1.

    Returns
    -------
    tuple of PrimResult
        One per box, each on the points left by the boxes before it (its
        ``points`` and ``cases``); the boxes' points are disjoint.
    """
    xs, ys = _validate(x, y, names, alpha, min_mass, min_coverage)
    if isinstance(boxes, bool) or not isinstance(boxes, int | np.integer) or boxes < 1:
        raise ValueError(f"boxes must be a positive integer, got {boxes!r}")
    share = _paste_share(alpha, paste_alpha)
    n, base = len(ys), float(ys.mean())
    left = np.ones(n, dtype=bool)
    found: list[PrimResult] = []
    while len(found) < boxes:
        rest = np.flatnonzero(left)
        if found and (len(rest) < min_mass * n or not ys[rest].any()):
            break
        result = _search(xs[rest], ys[rest], tuple(names), alpha, min_mass, min_coverage, share, n)
        if found and (not result.box.restricted or result.box.density <= base):
            break
        found.append(result)
        left[rest[in_box(result.box.lo, result.box.hi, xs[rest])]] = False
    return tuple(found)


def box_table(result: PrimResult, box_index: int | None = None) -> list[dict[str, Any]]:
    """The limits of a box on the inputs it restricts.

    Parameters
    ----------
    result : PrimResult
    box_index : int, optional
        Index into ``result.trajectory`` (negative indices count from the end);
        default: the reported box, ``result.box``.

    Returns
    -------
    list of dict
        One ``{"name", "lo", "hi", "data_lo", "data_hi"}`` per restricted input,
        in input order: the box's inclusive limits and the range of the data
        searched, as plain floats. For the reported box each also has
        ``"quasi_p"`` (:func:`quasi_p`).
    """
    box = result.box if box_index is None else result.trajectory[box_index]
    everything = result.trajectory[0]
    rows = [
        {
            "name": result.names[j],
            "lo": float(box.lo[j]),
            "hi": float(box.hi[j]),
            "data_lo": float(everything.lo[j]),
            "data_hi": float(everything.hi[j]),
        }
        for j in box.restricted
    ]
    if box_index is None and len(result.quasi_p) == len(rows):
        for row, value in zip(rows, result.quasi_p, strict=True):
            row["quasi_p"] = value
    return rows


def _shares(box: Box, coverage: float = 1.0, mass: float = 1.0) -> dict[str, Any]:
    """A box's shares, coverage and mass scaled from the data searched to all the data."""
    return {"coverage": box.coverage * coverage, "density": box.density, "mass": box.mass * mass, "restricted": len(box.restricted)}


def to_json(result: PrimResult) -> dict[str, Any]:
    """The summary block of a discovery study's first box (plain floats, ints and lists; never infinite).

    Returns
    -------
    dict
        ``{"base_rate", "trajectory": [{"coverage", "density", "mass",
        "restricted"}], "chosen", "pasting": [...], "box": {"coverage",
        "density", "mass", "limits": box_table(result)}}``: the peeling
        trajectory, the index of the peeled box chosen, the pasting sequence
        from it (entries like the trajectory's, the chosen box first), and the
        reported (pasted) box. A trajectory entry's ``restricted`` is the number
        of inputs the box restricts.
    """
    box = result.box
    return {
        "base_rate": result.base_rate,
        "trajectory": [_shares(b) for b in result.trajectory],
        "chosen": result.chosen,
        "pasting": [_shares(b) for b in result.pasting],
        "box": {"coverage": box.coverage, "density": box.density, "mass": box.mass, "limits": box_table(result)},
    }


def boxes_json(results: Sequence[PrimResult]) -> list[dict[str, Any]]:
    """The boxes of :func:`covering`, each with shares of all the data.

    Parameters
    ----------
    results : sequence of PrimResult
        The boxes in the order found; the first searched all the data.

    Returns
    -------
    list of dict
        Per box: ``"coverage"`` (its cases over all cases), ``"density"``,
        ``"mass"`` (its points over all points), ``"points"`` and ``"cases"``
        (of the data it was searched on), ``"limits"`` (:func:`box_table`,
        with quasi-p values and the range of the data searched),
        ``"trajectory"``, ``"chosen"`` and ``"pasting"`` as in :func:`to_json`
        but with coverage and mass as shares of all the data. The boxes'
        points are disjoint, so coverages and masses add up.
    """
    if not results:
        return []
    points, cases = results[0].points, results[0].cases
    out = []
    for r in results:
        coverage, mass = (r.cases / cases if cases else 0.0), r.points / points
        box = _shares(r.box, coverage, mass)
        del box["restricted"]
        out.append(
            {
                **box,
                "points": r.points,
                "cases": r.cases,
                "limits": box_table(r),
                "trajectory": [_shares(b, coverage, mass) for b in r.trajectory],
                "chosen": r.chosen,
                "pasting": [_shares(b, coverage, mass) for b in r.pasting],
            }
        )
    return out


__all__ = ["Box", "PrimResult", "box_table", "boxes_json", "covering", "in_box", "low_peel", "paste", "peel", "prim", "quasi_p", "to_json"]
