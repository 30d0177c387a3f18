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
coverage for density; the analyst picks one from it. Only the peeling phase is
implemented: the *pasting* phase of Friedman & Fisher (1999, sec. 4), which
re-grows the final box, and the covering step, which looks for further boxes,
are not.

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
from numpy.typing import ArrayLike, NDArray

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Box:
    """One box of a peeling trajectory.

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
        Index into ``trajectory`` of the box reported as the top box.
    """

    names: tuple[str, ...]
    base_rate: float
    trajectory: tuple[Box, ...]
    chosen: int

    @property
    def box(self) -> Box:
        """The chosen box, ``trajectory[chosen]``."""
        return self.trajectory[self.chosen]


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


def prim(
    x: ArrayLike,
    y: ArrayLike,
    names: Sequence[str],
    *,
    alpha: float = 0.05,
    min_mass: float = 0.05,
    min_coverage: float = 0.5,
) -> PrimResult:
    """Peel a box in which ``y`` is frequent (PRIM, Friedman & Fisher 1999, sec. 3).

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

    There is no pasting (Friedman & Fisher 1999, sec. 4) and no covering: the
    result is the peeling trajectory, and one box of it chosen as the densest
    with coverage at least ``min_coverage`` (ties: higher coverage), or the
    first box when none reaches it.

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
    n, d = xs.shape
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
                if kept == 0 or kept / n < min_mass or kept == len(index):
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
    return PrimResult(tuple(names), float(ys.mean()), tuple(trajectory), _choose(trajectory, min_coverage))


def box_table(result: PrimResult, box_index: int) -> list[dict[str, Any]]:
    """The limits of one box of the trajectory on the inputs it restricts.

    Parameters
    ----------
    result : PrimResult
    box_index : int
        Index into ``result.trajectory`` (negative indices count from the end).

    Returns
    -------
    list of dict
        One ``{"name", "lo", "hi", "data_lo", "data_hi"}`` per restricted input,
        in input order: the box's inclusive limits and the data's range, as
        plain floats.
    """
    box, everything = result.trajectory[box_index], result.trajectory[0]
    return [
        {
            "name": result.names[j],
            "lo": float(box.lo[j]),
            "hi": float(box.hi[j]),
            "data_lo": float(everything.lo[j]),
            "data_hi": float(everything.hi[j]),
        }
        for j in box.restricted
    ]


def to_json(result: PrimResult) -> dict[str, Any]:
    """The summary block of a discovery study (plain floats, ints and lists; never infinite).

    Returns
    -------
    dict
        ``{"base_rate", "trajectory": [{"coverage", "density", "mass",
        "restricted"}], "chosen", "box": {"coverage", "density", "mass",
        "limits": box_table(result, chosen)}}``, where a trajectory entry's
        ``restricted`` is the number of inputs the box restricts.
    """
    box = result.box
    return {
        "base_rate": result.base_rate,
        "trajectory": [
            {"coverage": b.coverage, "density": b.density, "mass": b.mass, "restricted": len(b.restricted)} for b in result.trajectory
        ],
        "chosen": result.chosen,
        "box": {"coverage": box.coverage, "density": box.density, "mass": box.mass, "limits": box_table(result, result.chosen)},
    }


__all__ = ["Box", "PrimResult", "box_table", "in_box", "low_peel", "prim", "to_json"]
