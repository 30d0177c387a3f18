"""Dated questions and the cumulative probability of a deal by each period.

A question holds in a draw when the protocol's deal falls in a period that
ends on or before its date (period index <= ``last``) and, with ``with``,
its package is among the allowed ones (DESIGN §9). Probabilities are shares
of draws with Wilson (1927) score intervals, from integer counts that add up
over chunks in any order.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negotiation.results.summary import Z95, wilson


def question_holds(
    period: NDArray[np.int64],
    last: int,
    choice: NDArray[np.int64] | None = None,
    allowed: NDArray[np.bool_] | None = None,
) -> NDArray[np.bool_]:
    """Whether a dated question holds in each draw.

    Parameters
    ----------
    period : ndarray of int, shape (draws,)
        Period of agreement, -1 for none (:func:`negotiation.timeline.talks.first_agreement`).
    last : int
        The last period ending on or before the question's ``by`` date.
    choice : ndarray of int, shape (draws,), optional
        The package agreed (needed with ``allowed``).
    allowed : ndarray of bool, shape (packages,) or (draws, packages), optional
        Packages whose content meets the question's ``with``.

    Returns
    -------
    ndarray of bool, shape (draws,)
    """
    holds = (period >= 0) & (period <= last)
    if allowed is None:
        return holds
    if choice is None:
        raise ValueError("a question with allowed packages needs the chosen packages")
    k = np.where(holds, choice, 0)
    mask = np.asarray(allowed, dtype=bool)
    ok = mask[k] if mask.ndim == 1 else mask[np.arange(len(k)), k]
    return holds & ok


def deal_by_counts(period: NDArray[np.int64], periods: int) -> NDArray[np.int64]:
    """How many draws have a deal by the end of each period.

    Parameters
    ----------
    period : ndarray of int, shape (draws,)
        Period of agreement, -1 for none.
    periods : int

    Returns
    -------
    ndarray of int64, shape (periods,)
        Non-decreasing counts; they add up over chunks.
    """
    agreed = period[(period >= 0) & (period < periods)]
    return np.cumsum(np.bincount(agreed, minlength=periods)[:periods]).astype(np.int64)


def deal_by_curve(counts: NDArray[np.int64], draws: int, z: float = Z95) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The ``deal_by`` curve with its Wilson intervals.

    Parameters
    ----------
    counts : ndarray of int, shape (periods,)
        :func:`deal_by_counts`, summed over chunks.
    draws : int
    z : float
        Normal quantile of the interval (95% by default).

    Returns
    -------
    share : ndarray, shape (periods,)
        ``counts / draws``, non-decreasing.
    ci : ndarray, shape (periods, 2)
        Wilson (1927) score interval of each share.
    """
    share = counts / draws if draws else np.zeros(len(counts))
    ci = np.array([wilson(int(c), draws, z) for c in counts]).reshape(len(counts), 2)
    return share, ci


def median_period(counts: NDArray[np.int64], draws: int) -> int | None:
    """The first period by which at least half the draws agree; None when fewer than half do by the horizon."""
    reached = np.flatnonzero(2 * np.asarray(counts) >= draws) if draws else np.zeros(0, dtype=np.int64)
    return int(reached[0]) if reached.size else None
