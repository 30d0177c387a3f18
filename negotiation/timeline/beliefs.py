"""Each party's belief about how the war will end, learnt from the fighting.

Smith & Stam (2004), "Bargaining and the nature of war", Journal of Conflict
Resolution 48(6), 783-813: parties start from different priors over the war's
outcome and update them on the battles they observe; the war ends when their
beliefs have converged enough that a settlement beats fighting for both.

Party p holds a Dirichlet belief over the S end states with mean ``m_p`` and
concentration ``c_p`` (pseudo-observations, in periods of fighting). The
Dirichlet is conjugate to the categorical signal (DeGroot 1970, §9.8): after
n_s observed signals of each state in t periods the belief is
Dirichlet(c_p m_p + n), whose mean is

    E_{p,t}[pi_s] = (c_p m_ps + n_s) / (c_p + t) = m_ps + (n_s - t m_ps) / (c_p + t).

The second form is used: it is exact for c_p = inf (no learning: the mean
stays m_p). The talk of period t comes before its fighting, so the belief
at period t counts the signals of periods 0 .. t-1 only (period 0: the prior).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def signal_counts(signals: NDArray[np.int64], states: int) -> Array:
    """How many signals of each state were seen before each period.

    Parameters
    ----------
    signals : ndarray of int, shape (draws, periods)
    states : int

    Returns
    -------
    ndarray, shape (draws, periods, states)
        ``n[:, t, s]`` = number of periods tau < t with signal s (0 at t = 0):
        an exclusive cumulative sum of the one-hot signals.
    """
    draws, periods = signals.shape
    counts = np.zeros((draws, periods, states))
    if periods > 1:
        onehot = signals[:, :-1, None] == np.arange(states)[None, None, :]
        np.cumsum(onehot, axis=1, out=counts[:, 1:])
    return counts


def expected_lotteries(mean: Array, confidence: Array, signals: NDArray[np.int64]) -> Array:
    """Each party's expected lottery at the start of each period (Smith & Stam 2004).

    Parameters
    ----------
    mean : ndarray, shape (draws, parties, states)
        Prior mean of each party's Dirichlet belief; rows sum to 1.
    confidence : ndarray, shape (draws, parties)
        Dirichlet concentration c_p > 0 (pseudo-observations); ``inf`` for a
        belief that never moves.
    signals : ndarray of int, shape (draws, periods)
        Observed battle signals (:func:`negotiation.timeline.war.battle_signals`).

    Returns
    -------
    ndarray, shape (draws, periods, parties, states)
        ``E[n, t, p, s] = m_ps + (n_s - t m_ps) / (c_p + t)``, the posterior mean
        after the signals of periods 0 .. t-1. No loop over draws or periods.
    """
    states = mean.shape[-1]
    periods = signals.shape[1]
    counts = signal_counts(signals, states)  # (draws, T, S)
    t = np.arange(periods, dtype=float)[None, :, None, None]
    m = mean[:, None, :, :]  # (draws, 1, P, S)
    c = confidence[:, None, :, None]  # (draws, 1, P, 1)
    return m + (counts[:, :, None, :] - t * m) / (c + t)


def nature_beliefs(pi: Array, parties: int) -> Array:
    """Common beliefs equal to nature's lottery of each period (the default without ``beliefs``).

    Parameters
    ----------
    pi : ndarray, shape (draws, periods, states)
    parties : int

    Returns
    -------
    ndarray, shape (draws, periods, parties, states)
        A read-only broadcast view: every party believes ``pi_t``.
    """
    return np.broadcast_to(pi[:, :, None, :], (pi.shape[0], pi.shape[1], parties, pi.shape[2]))
