"""Concession tactics: how far a leader has conceded by each round.

A leader's concession ``alpha`` runs from 0 (insisting on its ideal) to 1
(conceding down to its reservation value). Its aspiration is then

    a(t) = r(t) + (1 - alpha(t)) * (U - r(t)),

with U its best utility on its ladder and r(t) its reservation value plus any
audience cost in force.

Time-dependent tactics (Faratin, Sierra & Jennings 1998, eq. for the
polynomial family with kappa = 0):

    alpha(t) = ((t - 1) / (T - 1)) ** (1 / e),   t = 1 ... T,

where T is the number of rounds of the whole summit. e < 1 is Boulware (holds
out, concedes late), e = 1 linear, e > 1 Conceder (concedes early). For a
fixed t, alpha falls as 1/e rises, so a Boulware leader never has conceded
more than a Conceder by the same round.

Tit-for-tat (Axelrod 1984; Faratin et al.'s relative tit-for-tat, in
concession shares): in round t a leader concedes as much, as a share of its
own range, as the other leaders at the table conceded on average in round
t - 1; in the first two rounds it concedes linearly.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def time_dependent(t: int, total: int, e: NDArray[np.float64]) -> NDArray[np.float64]:
    """Faratin's polynomial concession alpha(t) for exponents ``e``, shape of ``e``.

    Parameters
    ----------
    t : int
        Round, 1-based.
    total : int
        Rounds in the whole summit, T.
    e : ndarray
        Concession exponents, > 0.
    """
    if total <= 1:
        return np.zeros_like(e)
    share = (t - 1) / (total - 1)
    return np.power(share, 1.0 / e)


def tit_for_tat(previous: NDArray[np.float64], others_step: NDArray[np.float64], t: int, total: int) -> NDArray[np.float64]:
    """Tit-for-tat concession for round ``t``: the previous concession plus the others' last step.

    Parameters
    ----------
    previous : ndarray, shape (draws,)
        This leader's concession in round t - 1.
    others_step : ndarray, shape (draws,)
        The mean concession step of the other leaders in round t - 1.
    """
    if t <= 2:
        return time_dependent(t, total, np.ones_like(previous))
    return np.clip(previous + others_step, 0.0, 1.0)


def aspiration(alpha: NDArray[np.float64], ideal: NDArray[np.float64], floor: NDArray[np.float64]) -> NDArray[np.float64]:
    """``floor + (1 - alpha) (ideal - floor)``, never below ``floor``."""
    return np.maximum(floor + (1.0 - alpha) * (ideal - floor), floor)


__all__ = ["aspiration", "time_dependent", "tit_for_tat"]
