"""Dirichlet beliefs with conjugate updating (negotiation.timeline.beliefs; Smith & Stam 2004)."""

from __future__ import annotations

import numpy as np

from negotiation.timeline import expected_lotteries, nature_beliefs
from negotiation.timeline.beliefs import signal_counts


def test_counts_before_each_period_exclude_its_own_signal() -> None:
    counts = signal_counts(np.array([[2, 0, 2, 1]]), 3)
    np.testing.assert_array_equal(counts[0], [[0, 0, 0], [0, 0, 1], [1, 0, 1], [1, 0, 2]])


def test_period_zero_is_the_prior_and_later_periods_the_conjugate_posterior() -> None:
    """Posterior mean of Dirichlet(c m) after counts n in t periods: (c m + n) / (c + t) (DeGroot 1970, §9.8)."""
    rng = np.random.default_rng(2)
    mean = rng.dirichlet(np.ones(3), (4, 2))
    conf = rng.uniform(1, 20, (4, 2))
    signals = rng.integers(0, 3, (4, 7))
    e = expected_lotteries(mean, conf, signals)
    assert e.shape == (4, 7, 2, 3)
    np.testing.assert_allclose(e[:, 0], mean)
    for n in range(4):
        for t in range(7):
            counts = np.bincount(signals[n, :t], minlength=3)
            for p in range(2):
                np.testing.assert_allclose(e[n, t, p], (conf[n, p] * mean[n, p] + counts) / (conf[n, p] + t))
    np.testing.assert_allclose(e.sum(axis=-1), 1.0)


def test_infinite_confidence_never_learns() -> None:
    mean = np.array([[[0.7, 0.3], [0.5, 0.5]]])
    e = expected_lotteries(mean, np.array([[np.inf, 1e12]]), np.zeros((1, 5), dtype=np.int64))
    np.testing.assert_allclose(e[0, :, 0], np.broadcast_to([0.7, 0.3], (5, 2)))
    np.testing.assert_allclose(e[0, :, 1], np.broadcast_to([0.5, 0.5], (5, 2)), atol=1e-11)


def test_nature_beliefs_give_every_party_the_period_lottery() -> None:
    pi = np.random.default_rng(0).dirichlet(np.ones(4), (3, 5))
    b = nature_beliefs(pi, 2)
    assert b.shape == (3, 5, 2, 4)
    np.testing.assert_array_equal(b[:, :, 1], pi)
