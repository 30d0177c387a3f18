"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# Utilities on a grid of 1/64: sums and differences are exact in binary
# floating point, so tolerances never decide a property by accident.
GRID = 64


@st.composite
def bargaining_problems(draw: Any, max_parties: int = 4, max_packages: int = 30, max_draws: int = 4) -> tuple[np.ndarray, ...]:
    """(u, d, power, feasible) with u of shape (draws, parties, packages) on a 1/64 grid."""
    n = draw(st.integers(1, max_draws))
    p = draw(st.integers(2, max_parties))
    k = draw(st.integers(1, max_packages))
    u = draw(hnp.arrays(np.int64, (n, p, k), elements=st.integers(0, GRID))) / GRID
    d = draw(hnp.arrays(np.int64, (n, p), elements=st.integers(-GRID // 4, GRID))) / GRID
    power = draw(hnp.arrays(np.float64, (n, p), elements=st.sampled_from([0.5, 1.0, 1.0, 2.0, 3.0])))
    feasible = draw(hnp.arrays(np.bool_, (n, k), elements=st.booleans()))
    return u, d, power, feasible


@st.composite
def space_shapes(draw: Any) -> tuple[tuple[int, ...], tuple[dict[int, frozenset[int]], ...]]:
    """Issue sizes and exclude rules (issue index -> excluded option set)."""
    sizes = tuple(draw(st.lists(st.integers(1, 5), min_size=1, max_size=4)))
    rules = []
    for _ in range(draw(st.integers(0, 3))):
        issues = draw(st.sets(st.integers(0, len(sizes) - 1), min_size=1, max_size=len(sizes)))
        rules.append({i: frozenset(draw(st.sets(st.integers(0, sizes[i] - 1), min_size=1))) for i in issues})
    return sizes, tuple(rules)
