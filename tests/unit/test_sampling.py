"""Uniform sources: keyed by seed and block, stratified where promised."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation.engine.sampling import BLOCK, UniformSource


@pytest.mark.parametrize("sampler", ["random", "lhs", "sobol"])
def test_uniforms_are_in_the_open_unit_interval(sampler: str) -> None:
    u = UniformSource(sampler, 3, ["a", "b"]).draws(0, 2 * BLOCK)
    assert u.shape == (2 * BLOCK, 2)
    assert (u > 0).all() and (u < 1).all()
    assert abs(u.mean() - 0.5) < 0.02


def test_random_columns_do_not_depend_on_the_other_columns() -> None:
    a = UniformSource("random", 5, ["x", "y"]).draws(0, 3000)
    b = UniformSource("random", 5, ["z", "y", "w"]).draws(0, 3000)
    np.testing.assert_array_equal(a[:, 1], b[:, 1])


def test_lhs_stratifies_each_block() -> None:
    u = UniformSource("lhs", 5, ["x", "y"]).draws(0, BLOCK)
    for c in range(2):
        np.testing.assert_array_equal(np.sort(np.floor(u[:, c] * BLOCK)), np.arange(BLOCK))


def test_sobol_block_is_the_sequence_from_its_start() -> None:
    source = UniformSource("sobol", 5, ["x", "y", "z"])
    later = source.draws(3 * BLOCK, 4 * BLOCK)
    whole = UniformSource("sobol", 5, ["x", "y", "z"]).draws(0, 4 * BLOCK)
    np.testing.assert_array_equal(later, whole[3 * BLOCK :])


def test_seeds_differ() -> None:
    assert not np.array_equal(UniformSource("random", 1, ["x"]).draws(0, 10), UniformSource("random", 2, ["x"]).draws(0, 10))


def test_unknown_sampler() -> None:
    with pytest.raises(ValueError, match="unknown sampler"):
        UniformSource("grid", 1, [])
