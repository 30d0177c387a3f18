"""The bargaining problem every protocol solves, one sub-block of draws at a time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

NO_DEAL = -1
"""Package index that stands for no deal."""


@dataclass(frozen=True)
class Bargaining:
    """Utilities, reservation values and party attributes for a block of draws.

    Attributes
    ----------
    u : ndarray, shape (draws, parties, packages)
        Utility of every package to every party.
    d : ndarray, shape (draws, parties)
        Reservation values (utility of no deal).
    feasible : ndarray of bool, shape (draws, packages)
        Packages that may be chosen in each draw: the win-set once
        ratification applies, all packages before.
    power, patience, recognition : ndarray, shape (draws, parties)
        Asymmetric-Nash exponents, discount factors per round, and
        recognition probabilities (renormalised).
    """

    u: NDArray[np.float64]
    d: NDArray[np.float64]
    feasible: NDArray[np.bool_]
    power: NDArray[np.float64]
    patience: NDArray[np.float64]
    recognition: NDArray[np.float64]


@dataclass(frozen=True)
class Outcome:
    """What a protocol chose per draw.

    Attributes
    ----------
    choice : ndarray of int64, shape (draws,)
        Package index, or ``NO_DEAL``.
    rounds : ndarray of int64, shape (draws,), or None
        Round of agreement, for protocols that have rounds.
    """

    choice: NDArray[np.int64]
    rounds: NDArray[np.int64] | None = None
