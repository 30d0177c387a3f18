"""Properties of the expected-utility stakeholder model (Bueno de Mesquita 1994) on random tables."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.solvers.bdm import expected_utility_model, weighted_median

Problem = tuple[np.ndarray, np.ndarray, np.ndarray, int, float]

FEW = settings(max_examples=40, deadline=None)


@st.composite
def tables(draw: Any, distinct: bool = False, max_draws: int = 3) -> Problem:
    """(position, capability, salience, rounds, q) for a few draws of 2-7 actors.

    ``distinct`` draws continuous positions and weights, so that no two actors
    share a position and no tie decides a choice; otherwise positions lie on a
    small integer grid, with many ties.
    """
    draws = draw(st.integers(1, max_draws))
    actors = draw(st.integers(2, 7))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if distinct:
        position = rng.uniform(-5.0, 5.0, (draws, actors))
    else:
        position = rng.integers(0, 5, (draws, actors)).astype(np.float64)
    capability = rng.uniform(0.01, 1.0, (draws, actors))
    salience = rng.uniform(0.0, 1.0, (draws, actors))
    if not distinct:
        salience = np.where(rng.random((draws, actors)) < 0.2, rng.integers(0, 2, (draws, actors)), salience).astype(np.float64)
    return position, capability, salience, draw(st.integers(1, 6)), draw(st.sampled_from([1.0, 0.5, 0.0, 0.8]))


@FEW
@given(tables())
def test_positions_stay_within_the_initial_range(problem: Problem) -> None:
    position, capability, salience, rounds, q = problem
    out = expected_utility_model(position, capability, salience, rounds, q)
    low, high = position.min(axis=1)[None, :, None], position.max(axis=1)[None, :, None]
    assert ((out.positions >= low) & (out.positions <= high)).all()
    assert ((out.median >= low[..., 0]) & (out.median <= high[..., 0])).all()
    assert ((out.mean >= low[..., 0] - 1e-12) & (out.mean <= high[..., 0] + 1e-12)).all()


@FEW
@given(tables(distinct=True), st.data())
def test_permuting_actors_permutes_the_positions(problem: Problem, data: st.DataObject) -> None:
    position, capability, salience, rounds, q = problem
    order = np.array(data.draw(st.permutations(range(position.shape[1]))))
    out = expected_utility_model(position, capability, salience, rounds, q)
    shuffled = expected_utility_model(position[:, order], capability[:, order], salience[:, order], rounds, q)
    np.testing.assert_allclose(shuffled.positions, out.positions[:, :, order], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(shuffled.median, out.median, rtol=1e-9, atol=1e-9)


@FEW
@given(tables(distinct=True), st.sampled_from([0.25, 1.0, 3.7, 1000.0]), st.sampled_from([-40.0, 0.0, 2.5, 1990.0]))
def test_an_affine_rescaling_of_positions_rescales_the_forecast(problem: Problem, a: float, b: float) -> None:
    position, capability, salience, rounds, q = problem
    out = expected_utility_model(position, capability, salience, rounds, q)
    moved = expected_utility_model(a * position + b, capability, salience, rounds, q)
    scale = np.abs(a * position + b).max()
    np.testing.assert_allclose(moved.positions, a * out.positions + b, rtol=1e-9, atol=1e-9 * scale)
    np.testing.assert_allclose(moved.median, a * out.median + b, rtol=1e-9, atol=1e-9 * scale)
    np.testing.assert_allclose(moved.mean, a * out.mean + b, rtol=1e-9, atol=1e-9 * scale)


@FEW
@given(tables(distinct=True), st.sampled_from([1e-3, 0.3, 7.0, 250.0]))
def test_scaling_every_capability_changes_nothing(problem: Problem, factor: float) -> None:
    position, capability, salience, rounds, q = problem
    out = expected_utility_model(position, capability, salience, rounds, q)
    scaled = expected_utility_model(position, factor * capability, salience, rounds, q)
    np.testing.assert_allclose(scaled.positions, out.positions, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(scaled.mean, out.mean, rtol=1e-9, atol=1e-12)


@FEW
@given(tables(max_draws=6))
def test_a_batch_of_draws_equals_each_draw_alone(problem: Problem) -> None:
    position, capability, salience, rounds, q = problem
    out = expected_utility_model(position, capability, salience, rounds, q)
    for k in range(position.shape[0]):
        alone = expected_utility_model(position[k : k + 1], capability[k : k + 1], salience[k : k + 1], rounds, q)
        np.testing.assert_array_equal(alone.positions[:, 0], out.positions[:, k])
        np.testing.assert_array_equal(alone.mean[:, 0], out.mean[:, k])
        np.testing.assert_array_equal(alone.median[:, 0], out.median[:, k])


@settings(max_examples=100, deadline=None)
@given(tables(), st.lists(st.floats(-10.0, 10.0), min_size=1, max_size=5))
def test_weighted_median_minimises_the_weighted_absolute_deviation(problem: Problem, points: list[float]) -> None:
    position, capability, salience, _, _ = problem
    w = capability * salience
    median = weighted_median(position, w)

    def deviation(t: np.ndarray) -> np.ndarray:
        return (w[:, :, None] * np.abs(position[:, :, None] - t[:, None, :])).sum(axis=1)

    best = deviation(median[:, None])[:, 0]
    assert all(np.isin(median[k], position[k]) for k in range(len(median)))
    assert (best[:, None] <= deviation(position) + 1e-12).all()
    assert (best[:, None] <= deviation(np.broadcast_to(np.array(points), (position.shape[0], len(points)))) + 1e-12).all()


@FEW
@given(tables(), st.floats(-100.0, 100.0))
def test_nobody_moves_when_everyone_agrees(problem: Problem, at: float) -> None:
    position, capability, salience, rounds, q = problem
    same = np.full_like(position, at)
    out = expected_utility_model(same, capability, salience, rounds, q)
    assert (out.positions == at).all()
    assert (out.median == at).all()
