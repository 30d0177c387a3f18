"""Individual rationality and who blocks a deal."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negotiation.utility import TOL


def individually_rational(u: NDArray[np.float64], d: NDArray[np.float64], tol: float = TOL) -> NDArray[np.bool_]:
    """Packages every party weakly prefers to no deal.

    Parameters
    ----------
    u : ndarray, shape (draws, parties, packages)
    d : ndarray, shape (draws, parties)
    tol : float
        ``u_p >= d_p - tol`` counts as acceptable to p.

    Returns
    -------
    ndarray of bool, shape (draws, packages)
    """
    return np.asarray((u >= d[:, :, None] - tol).all(axis=1))


def pivotal(gain: NDArray[np.float64], feasible: NDArray[np.bool_] | None, tol: float = TOL) -> NDArray[np.bool_]:
    """Which parties alone stand between the draw and a deal (``pivotal_rate`` in the summary).

    Party p is pivotal in a draw when some feasible package is acceptable to
    every other party but not to p, so dropping p's participation constraint
    would leave a non-empty set to agree on. Call it on no-deal draws.

    Parameters
    ----------
    gain : ndarray, shape (draws, parties, packages)
        ``u - d``.
    feasible : ndarray of bool, shape (draws, packages), or None for all

    Returns
    -------
    ndarray of bool, shape (draws, parties)
    """
    fails = gain < -tol
    lone = fails.sum(axis=1) == 1
    if feasible is not None:
        lone &= feasible
    return (fails & lone[:, None, :]).any(axis=-1)
