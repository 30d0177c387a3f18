"""Nature's war lottery, period by period, and the battle signal it produces each period.

Shifting power (Powell 2006, "War as a commitment problem", International
Organization 60(1), 169-203): the chance of each end state of the war moves
over time. Here each period adds the draw's ``drift`` to the lottery's weights,
dated events add their jumps from their period on, weights are clipped at 0
and renormalised:

    pi_t  ∝  max(pi_0 + t * drift + sum_{tau <= t} jump_tau, 0),      t = 0 .. T-1.

The drift accumulates on the weights before the one renormalisation, so the
path has a closed form (no loop over periods). Clipping acts on the
accumulated weight: an end state pushed below 0 has probability 0 until the
accumulated weight is positive again.

Each period one battle signal s_t ~ pi_t is observed by every party
(common knowledge; a stand-in for the news of the fighting, Smith & Stam 2004).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negotiation.utility import normalised

Array = NDArray[np.float64]


def lottery_path(pi0: Array, periods: int, drift: Array | None = None, jumps: Array | None = None) -> Array:
    """Nature's lottery in every period (Powell 2006: shifting power).

    Parameters
    ----------
    pi0 : ndarray, shape (draws, states)
        The lottery's weights at the start (``no_deal.outcomes`` probabilities,
        drawn per draw); need not sum to 1.
    periods : int
        Number of periods T of the clock.
    drift : ndarray, shape (draws, states), or None
        Weight added to each end state every period (period t has ``t * drift``).
    jumps : ndarray, shape (draws, periods, states), or None
        Dated shifts: ``jumps[:, t]`` is added from period t on (the engine puts
        an event dated in period t there).

    Returns
    -------
    ndarray, shape (draws, periods, states)
        ``pi_t ∝ max(pi_0 + t drift + sum_{tau<=t} jumps_tau, 0)``, each row
        summing to 1 (a row whose weights are all 0 stays 0).
    """
    pi0 = np.asarray(pi0, dtype=float)
    weights = np.broadcast_to(pi0[:, None, :], (pi0.shape[0], periods, pi0.shape[1])).copy()
    if drift is not None:
        weights += np.arange(periods, dtype=float)[None, :, None] * np.asarray(drift, dtype=float)[:, None, :]
    if jumps is not None:
        weights += np.cumsum(np.asarray(jumps, dtype=float), axis=1)
    np.maximum(weights, 0.0, out=weights)
    return normalised(weights)


def battle_signals(pi: Array, uniforms: Array) -> NDArray[np.int64]:
    """One observed battle signal per draw and period, by the inverse CDF of that period's lottery.

    Parameters
    ----------
    pi : ndarray, shape (draws, periods, states)
        Nature's lottery per period (:func:`lottery_path`).
    uniforms : ndarray, shape (draws, periods)
        Uniform numbers in [0, 1), one per period from the draw's own seeded
        stream, so that signals do not depend on how draws are chunked.

    Returns
    -------
    ndarray of int64, shape (draws, periods)
        The end state s with ``F(s - 1) <= u < F(s)``, F the cumulative
        lottery. Where rounding leaves ``F(last) <= u`` the signal is the last
        state with positive probability, so a state with probability 0 is
        never drawn.
    """
    cdf = np.cumsum(pi, axis=-1)
    signal = (cdf <= np.asarray(uniforms, dtype=float)[:, :, None]).sum(axis=-1)
    last = pi.shape[-1] - 1 - np.argmax(pi[..., ::-1] > 0.0, axis=-1)
    return np.minimum(signal, last).astype(np.int64)
