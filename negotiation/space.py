"""The outcome space: every package, in a fixed order, and the maps to and from it.

A package assigns one option to every issue. The space is the Cartesian
product of the issue grids in ``itertools.product`` order (issues in file
order, the last issue varying fastest), less the packages matched by an
``exclude`` rule (docs/MODEL.md §1). Package ``k`` is row ``k`` of ``codes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.errors import ScenarioError
from negotiation.scenario.model import PartialPackage, Scenario


def matches(codes: NDArray[np.intp], rule: PartialPackage) -> NDArray[np.bool_]:
    """Which packages a partial package matches.

    Parameters
    ----------
    codes : ndarray, shape (K, issues)
        Option index of each issue, per package.
    rule : dict
        Issue index -> allowed option indices.

    Returns
    -------
    ndarray of bool, shape (K,)
    """
    hit = np.ones(len(codes), dtype=bool)
    for issue, allowed in rule.items():
        hit &= np.isin(codes[:, issue], np.fromiter(allowed, dtype=np.intp))
    return hit


@dataclass(frozen=True)
class OutcomeSpace:
    """The feasible packages of a scenario.

    Attributes
    ----------
    sizes : tuple of int
        Number of options of each issue.
    codes : ndarray of intp, shape (K, issues)
        Option index of each issue for each package, in enumeration order.
    product_index : ndarray of int64, shape (K,)
        Each package's position in the full Cartesian product, increasing.
    """

    sizes: tuple[int, ...]
    codes: NDArray[np.intp]
    product_index: NDArray[np.int64]

    @classmethod
    def from_sizes(cls, sizes: tuple[int, ...], exclude: tuple[PartialPackage, ...] = ()) -> OutcomeSpace:
        """Enumerate the product of grids of the given sizes, less the excluded packages."""
        full = np.indices(sizes).reshape(len(sizes), -1).T.astype(np.intp)
        keep = np.ones(len(full), dtype=bool)
        for rule in exclude:
            keep &= ~matches(full, rule)
        index = np.flatnonzero(keep).astype(np.int64)
        return cls(sizes=sizes, codes=np.ascontiguousarray(full[keep]), product_index=index)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> OutcomeSpace:
        """The space of a scenario; raises ScenarioError if the exclusions leave nothing."""
        space = cls.from_sizes(tuple(issue.size for issue in scenario.issues), scenario.exclude)
        if space.size == 0:
            raise ScenarioError([scenario.document.problem(("exclude",), "the exclude rules remove every package")])
        return space

    @property
    def size(self) -> int:
        """K, the number of feasible packages."""
        return len(self.codes)

    @cached_property
    def offsets(self) -> NDArray[np.intp]:
        """Start of each issue's block on the flattened option axis, shape (issues,)."""
        return np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(np.intp)

    @property
    def n_options(self) -> int:
        """O, the total number of options over all issues."""
        return int(sum(self.sizes))

    @cached_property
    def strides(self) -> NDArray[np.int64]:
        """Mixed-radix place values of the product order, shape (issues,)."""
        sizes = np.asarray(self.sizes, dtype=np.int64)
        return np.concatenate([np.cumprod(sizes[::-1])[::-1][1:], [1]]).astype(np.int64)

    @cached_property
    def incidence(self) -> NDArray[np.float64]:
        """0/1 matrix, shape (O, K): entry (o, k) is 1 when package k takes option o.

        Utilities over all packages are then one matrix product (docs/MODEL.md §2).
        """
        m = np.zeros((self.n_options, self.size))
        np.put_along_axis(m, (self.codes + self.offsets).T, 1.0, axis=0)
        return m

    def option_columns(self, codes: NDArray[np.intp]) -> NDArray[np.intp]:
        """Flattened option indices of packages given by codes, shape (..., issues)."""
        return np.asarray(codes, dtype=np.intp) + self.offsets

    def package(self, k: int) -> tuple[int, ...]:
        """The option indices of package ``k``."""
        return tuple(int(j) for j in self.codes[k])

    def index(self, codes: tuple[int, ...] | NDArray[np.intp]) -> NDArray[np.int64]:
        """Package index of each row of codes, shape (...,); -1 for excluded packages."""
        arr = np.asarray(codes, dtype=np.int64)
        flat = arr @ self.strides
        if self.size == 0:
            return np.full(flat.shape, -1, dtype=np.int64)
        pos = np.searchsorted(self.product_index, flat)
        pos = np.minimum(pos, self.size - 1)
        found = self.product_index[pos] == flat
        return np.where(found, pos, -1)
