"""The outcome space enumerates itertools.product order less exclusions, and index <-> package round-trips."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import example, given

from negotiation.space import OutcomeSpace
from tests.strategies import space_shapes


@given(space_shapes())
def test_enumeration_is_product_order_less_exclusions(shape: tuple) -> None:  # type: ignore[type-arg]
    sizes, rules = shape
    space = OutcomeSpace.from_sizes(sizes, rules)
    expected = [
        combo
        for combo in itertools.product(*(range(s) for s in sizes))
        if not any(all(combo[i] in allowed for i, allowed in rule.items()) for rule in rules)
    ]
    assert [tuple(row) for row in space.codes.tolist()] == expected


@given(space_shapes())
@example(((1,), ({0: frozenset({0})},))).via("an empty space once crashed index()")
def test_index_and_package_round_trip(shape: tuple) -> None:  # type: ignore[type-arg]
    sizes, rules = shape
    space = OutcomeSpace.from_sizes(sizes, rules)
    np.testing.assert_array_equal(space.index(space.codes), np.arange(space.size))
    for k in range(space.size):
        assert space.index(space.package(k)) == k
    every = np.indices(sizes).reshape(len(sizes), -1).T
    found = space.index(every)
    assert (found >= 0).sum() == space.size
    for combo, k in zip(every, found, strict=True):
        if k >= 0:
            assert tuple(space.codes[k]) == tuple(combo)


@given(space_shapes())
def test_incidence_matrix_has_one_option_per_issue(shape: tuple) -> None:  # type: ignore[type-arg]
    sizes, rules = shape
    space = OutcomeSpace.from_sizes(sizes, rules)
    m = space.incidence
    assert m.shape == (sum(sizes), space.size)
    for i, start in enumerate(space.offsets):
        block = m[start : start + sizes[i]]
        np.testing.assert_array_equal(block.sum(axis=0), 1.0)
        np.testing.assert_array_equal(block.argmax(axis=0), space.codes[:, i])
