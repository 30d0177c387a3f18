"""Vectorised utilities and reservation values, with a leading draws axis.

Additive multi-attribute utility (docs/MODEL.md §2; Keeney & Raiffa 1976, ch. 6):

    u_p(k) = sum_i w_pi * v_pi(k_i),     w_p renormalised to sum 1 per draw.

Per draw the weighted values ``w_pi * v_pi(o)`` of every option ``o`` form a
matrix ``WV`` of shape (parties, options); utilities of all packages are then
one matrix product ``WV @ M`` with the 0/1 incidence matrix ``M`` of the
outcome space. No loop runs per draw or per package.

No deal is continued war (Fearon 1995, generalised to many issues): where a
party gives no reservation value it is derived from the war lottery,

    d_p = sum_s pi_s * u_p(package_s) - c_p,     pi renormalised to sum 1 per draw.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import Issue, NoDeal, Scenario, ValueFunction
from negotiation.space import OutcomeSpace

TOL = 1e-9
"""Absolute tolerance on utilities: ``u >= d - TOL`` counts as meeting the bound ``d``."""

Params = Mapping[str, NDArray[np.float64]]
"""Per-draw parameter values by dotted path, each of shape (draws,)."""

Array = NDArray[np.float64]


def _abscissae(issue: Issue, party: str) -> tuple[Array, float, float]:
    """Where a party's value function is evaluated on an issue, and that axis's range."""
    if issue.kind == "numeric":
        return issue.grid, issue.lo, issue.hi
    if issue.kind == "split":
        return issue.share_of(party), 0.0, 1.0
    return np.arange(issue.size, dtype=float), 0.0, float(issue.size - 1)


def interpolation_matrix(x: Array, xs: tuple[float, ...]) -> Array:
    """Weights A, shape (len(x), len(xs)), with ``A @ ys`` the piecewise-linear
    interpolant through ``(xs, ys)`` at ``x``, constant beyond the end points."""
    eye = np.eye(len(xs))
    return np.column_stack([np.interp(x, xs, eye[j]) for j in range(len(xs))])


def option_values(fn: ValueFunction, issue: Issue, party: str, params: Params) -> Array:
    """A party's value ``v_pi`` of every option of one issue.

    Parameters
    ----------
    fn : ValueFunction
        The party's value function on ``issue``.
    issue : Issue
    party : str
        Needed for split issues, where the value is of the party's own share.
    params : mapping
        Per-draw parameter arrays, shape (draws,) each.

    Returns
    -------
    ndarray, shape (draws, options) or (1, options)
        Values in [0, 1]. Categorical issues read ``increasing`` on the ordinal
        scale ``j / (options - 1)``.
    """
    x, lo, hi = _abscissae(issue, party)
    if fn.kind == "table":
        return np.column_stack([params[path] for path in fn.table])
    if fn.kind in ("increasing", "share"):
        return ((x - lo) / (hi - lo))[None, :]
    if fn.kind == "decreasing":
        return (1.0 - (x - lo) / (hi - lo))[None, :]
    if fn.kind == "peak":
        x0 = params[fn.peak][:, None]
        reach = np.maximum(x0 - lo, hi - x0)
        return np.clip(1.0 - np.abs(x[None, :] - x0) / reach, 0.0, 1.0)
    ys = np.column_stack([params[path] for path in fn.ys])
    return ys @ interpolation_matrix(x, fn.xs).T


def normalised(raw: Array) -> Array:
    """Rows of non-negative weights scaled to sum to 1 along the last axis; all-zero rows stay 0."""
    total = raw.sum(axis=-1, keepdims=True)
    return np.divide(raw, total, out=np.zeros_like(raw), where=total > 0)


def weighted_values(scenario: Scenario, space: OutcomeSpace, params: Params, draws: int) -> Array:
    """The matrix ``WV`` of weighted option values.

    Returns
    -------
    ndarray, shape (draws, parties, options)
        ``WV[n, p, offset_i + j] = w_pi * v_pi(option j of issue i)`` in draw n,
        with weights renormalised per draw.
    """
    parties, issues = scenario.parties, scenario.issues
    raw = np.empty((draws, len(parties), len(issues)))
    for p, party in enumerate(parties):
        for i, issue in enumerate(issues):
            raw[:, p, i] = params[party.weight[issue.name]]
    weights = normalised(raw)
    wv = np.zeros((draws, len(parties), space.n_options))
    for p, party in enumerate(parties):
        for i, issue in enumerate(issues):
            fn = party.value.get(issue.name)
            if fn is None:
                continue
            start = int(space.offsets[i])
            wv[:, p, start : start + issue.size] = weights[:, p, i, None] * option_values(fn, issue, party.name, params)
    return wv


def utilities(wv: Array, incidence: Array) -> Array:
    """Utilities of every package: ``u = WV @ M``.

    Parameters
    ----------
    wv : ndarray, shape (draws, parties, options)
    incidence : ndarray, shape (options, packages)

    Returns
    -------
    ndarray, shape (draws, parties, packages)
    """
    n, p, o = wv.shape
    return (wv.reshape(n * p, o) @ incidence).reshape(n, p, incidence.shape[1])


def package_utilities(wv: Array, columns: NDArray[np.intp]) -> Array:
    """Utilities of a few given packages, excluded ones included.

    Parameters
    ----------
    wv : ndarray, shape (draws, parties, options)
    columns : ndarray of intp, shape (packages, issues)
        Flattened option index of each issue (``OutcomeSpace.option_columns``).

    Returns
    -------
    ndarray, shape (draws, parties, packages)
    """
    return wv[:, :, columns].sum(axis=-1)


def chosen_utilities(wv: Array, columns: NDArray[np.intp]) -> Array:
    """Each draw's utilities at its own package.

    Parameters
    ----------
    wv : ndarray, shape (draws, parties, options)
    columns : ndarray of intp, shape (draws, issues)

    Returns
    -------
    ndarray, shape (draws, parties)
    """
    rows = np.arange(len(wv))[:, None, None]
    return wv[rows, np.arange(wv.shape[1])[None, :, None], columns[:, None, :]].sum(axis=-1)


def war_expectation(wv: Array, space: OutcomeSpace, no_deal: NoDeal, params: Params) -> Array:
    """Each party's expected utility of the war lottery, before its cost.

    ``L_p = sum_s pi_s u_p(package_s)``, probabilities renormalised per draw.

    Returns
    -------
    ndarray, shape (draws, parties)
    """
    probs = normalised(np.column_stack([params[o.probability] for o in no_deal.outcomes]))
    codes = np.array([o.package for o in no_deal.outcomes], dtype=np.intp)
    return np.einsum("nps,ns->np", package_utilities(wv, space.option_columns(codes)), probs)


def war_reservations(wv: Array, space: OutcomeSpace, no_deal: NoDeal, parties: tuple[str, ...], params: Params) -> Array:
    """Reservation values from the war lottery (Fearon 1995, generalised).

    ``d_p = sum_s pi_s u_p(package_s) - c_p``, probabilities renormalised per
    draw. With one split issue and outcomes "A wins" (prob. p) and "B wins",
    A's share x is acceptable to both exactly on [p - c_A, p + c_B], Fearon's
    bargaining range.

    Returns
    -------
    ndarray, shape (draws, parties)
    """
    cost = np.column_stack([params[no_deal.cost[p]] for p in parties])
    return war_expectation(wv, space, no_deal, params) - cost
