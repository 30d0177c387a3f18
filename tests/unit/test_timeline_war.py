"""Nature's lottery per period and the battle signals it produces (negotiation.timeline.war)."""

from __future__ import annotations

import numpy as np

from negotiation.timeline import battle_signals, lottery_path


def test_without_drift_every_period_is_the_renormalised_start() -> None:
    pi0 = np.array([[2.0, 1.0, 1.0], [0.2, 0.3, 0.5]])
    path = lottery_path(pi0, 5)
    assert path.shape == (2, 5, 3)
    np.testing.assert_allclose(path, np.broadcast_to((pi0 / pi0.sum(1, keepdims=True))[:, None], (2, 5, 3)))


def test_drift_accumulates_on_the_weights_then_renormalises() -> None:
    """pi_t ∝ max(pi_0 + t drift, 0): period 3 of (0.5, 0.5) with drift (0.1, -0.2) is (0.8, 0) -> (1, 0)."""
    path = lottery_path(np.array([[0.5, 0.5]]), 4, drift=np.array([[0.1, -0.2]]))
    np.testing.assert_allclose(path[0, 1], [0.6 / 0.9, 0.3 / 0.9])
    np.testing.assert_allclose(path[0, 2], [0.7 / 0.8, 0.1 / 0.8])
    np.testing.assert_allclose(path[0, 3], [1.0, 0.0])


def test_a_dated_jump_acts_from_its_period_on() -> None:
    jumps = np.zeros((1, 4, 2))
    jumps[0, 2] = [0.5, 0.0]
    path = lottery_path(np.array([[0.5, 0.5]]), 4, jumps=jumps)
    np.testing.assert_allclose(path[0, :, 0], [0.5, 0.5, 1.0 / 1.5, 1.0 / 1.5])


def test_signals_are_the_inverse_cdf() -> None:
    pi = np.array([[[0.2, 0.0, 0.8]]])
    u = np.array([0.0, 0.1999, 0.2, 0.5, 0.999999])
    got = [int(battle_signals(pi, np.array([[x]]))[0, 0]) for x in u]
    assert got == [0, 0, 2, 2, 2]


def test_a_state_of_probability_zero_is_never_drawn_even_at_rounding() -> None:
    pi = np.array([[[0.1, 0.2, 0.7 - 1e-15, 0.0]]])
    assert battle_signals(pi, np.array([[1.0 - 1e-17]]))[0, 0] == 2


def test_signal_frequencies_follow_the_lottery() -> None:
    """2e5 signals: each frequency within 5 standard errors of its probability."""
    rng = np.random.default_rng(5)
    p = np.array([0.1, 0.25, 0.05, 0.6])
    n = 200_000
    pi = np.broadcast_to(p, (1, n, 4))
    s = battle_signals(pi, rng.uniform(size=(1, n)))
    freq = np.bincount(s.ravel(), minlength=4) / n
    assert np.all(np.abs(freq - p) < 5 * np.sqrt(p * (1 - p) / n))


def test_signals_of_a_block_are_those_of_its_draws() -> None:
    """Each draw's signals depend only on its own row: the same for any chunking."""
    rng = np.random.default_rng(1)
    pi = lottery_path(rng.dirichlet(np.ones(3), 10), 6, drift=rng.uniform(0, 0.1, (10, 3)))
    u = rng.uniform(size=(10, 6))
    whole = battle_signals(pi, u)
    np.testing.assert_array_equal(np.vstack([battle_signals(pi[:3], u[:3]), battle_signals(pi[3:], u[3:])]), whole)
