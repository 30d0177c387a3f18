"""Domestic ratification (Putnam 1988): which packages each party's constituency would pass.

A ratification step belongs to one party and is *triggered* by packages that
match its ``applies_if`` partial package (a referendum on ceding territory,
congressional review of sanctions relief). In a draw, a triggered step passes
package k when

    support + sum of the shifts for k's issue values  >=  threshold - tol,

with ``support`` and each shift drawn per draw. A package is in the draw's
*win-set* when every step it triggers passes; every protocol chooses only
among win-set packages (Putnam's win-sets: the agreements that would be
ratified at home).

A step looks only at whether a package triggers it and at which shifted
options it takes, so packages equal in those for every step pass or fail
together: :class:`PackageClasses` groups them (12 classes for the 9,072
packages of the baseline), and :meth:`Ratifier.passing` decides each class
once per draw, by the same product as :func:`passes` on one package of each
class, before spreading the answer to the packages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import Scenario
from negotiation.space import OutcomeSpace, matches
from negotiation.utility import TOL

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Ratifier:
    """The scenario's ratification steps as arrays.

    Attributes
    ----------
    names : tuple of str
        Step names, in file order (R of them).
    triggers : ndarray of bool, shape (R, packages)
        Which packages trigger each step.
    support, threshold : tuple of str
        Parameter paths of each step's support and threshold.
    shifts : tuple
        Per step, (flattened option index, parameter path) pairs: support
        added to packages taking that option.
    observed : tuple of bool
        Per step, whether the negotiators see the draw's support and
        threshold (``observed: false`` in the file: ``solvers.unobserved``).
    """

    names: tuple[str, ...]
    triggers: NDArray[np.bool_]
    support: tuple[str, ...]
    threshold: tuple[str, ...]
    shifts: tuple[tuple[tuple[int, str], ...], ...]
    options: int
    observed: tuple[bool, ...] = ()
    classes: PackageClasses | None = field(default=None, compare=False)
    """The packages grouped by what the steps look at (None: built on first use by :meth:`passing`)."""

    @classmethod
    def build(cls, scenario: Scenario, space: OutcomeSpace) -> Ratifier:
        steps = scenario.ratification
        triggers = np.array([matches(space.codes, step.applies_if) for step in steps], dtype=bool).reshape(len(steps), space.size)
        shifts = tuple(tuple((int(space.offsets[i]) + j, path) for (i, j), path in step.shift.items()) for step in steps)
        return cls(
            names=tuple(step.name for step in steps),
            triggers=triggers,
            support=tuple(step.support for step in steps),
            threshold=tuple(step.threshold for step in steps),
            shifts=shifts,
            options=space.n_options,
            observed=tuple(step.observed for step in steps),
            classes=PackageClasses.build(triggers, _shifted_options(shifts), space.incidence),
        )

    @property
    def steps(self) -> int:
        return len(self.names)

    @property
    def seen(self) -> NDArray[np.bool_]:
        """``triggers`` of the observed steps only, shape (R, packages): the win-set the negotiators know."""
        if all(self.observed):
            return self.triggers
        return self.triggers & np.array(self.observed, dtype=bool)[:, None]

    def passing(self, support: Floats, threshold: Floats, shift: Floats, incidence: Floats, tol: float = TOL) -> ClassPassing:
        """:func:`passes` decided once per package class, shape (draws, R, classes), expanded on demand.

        ``incidence`` (options, packages) is the package set's; the classes are
        built from it on first use when the ratifier was made without them.
        """
        classes = self.classes
        if classes is None:
            classes = PackageClasses.build(self.triggers, _shifted_options(self.shifts), incidence)
            object.__setattr__(self, "classes", classes)
        return ClassPassing(passes(support, threshold, shift, classes.incidence, tol), classes)

    def levels(self, values: Mapping[str, Floats], draws: int) -> tuple[Floats, Floats, Floats]:
        """Per-draw support, threshold and shift per option.

        Returns
        -------
        support, threshold : ndarray, shape (draws, R)
        shift : ndarray, shape (draws, R, options)
        """
        support = np.column_stack([values[p] for p in self.support]) if self.steps else np.zeros((draws, 0))
        threshold = np.column_stack([values[p] for p in self.threshold]) if self.steps else np.zeros((draws, 0))
        shift = np.zeros((draws, self.steps, self.options))
        for r, pairs in enumerate(self.shifts):
            for option, path in pairs:
                shift[:, r, option] += values[path]
        return support, threshold, shift


def _shifted_options(shifts: tuple[tuple[tuple[int, str], ...], ...]) -> NDArray[np.intp]:
    """The options any step shifts, in increasing order."""
    return np.array(sorted({option for pairs in shifts for option, _ in pairs}), dtype=np.intp)


@dataclass(frozen=True)
class PackageClasses:
    """Packages that every ratification step treats alike.

    A step looks at two things in a package: whether the package triggers it,
    and which of the shifted options it takes (its level is the draw's
    support plus the shifts of those options). Packages equal in both, for
    every step, pass or fail every step together in every draw: a class.

    Attributes
    ----------
    index : ndarray of intp, shape (packages,)
        Each package's class.
    representatives : ndarray of intp, shape (classes,)
        The first package of each class.
    incidence : ndarray, shape (options, classes)
        The representatives' columns of the package incidence matrix.
    """

    index: NDArray[np.intp]
    representatives: NDArray[np.intp]
    incidence: Floats

    @classmethod
    def build(cls, triggers: NDArray[np.bool_], shifted: NDArray[np.intp], incidence: Floats) -> PackageClasses:
        """Classes from the triggers (R, packages), the shifted options and the incidence (options, packages)."""
        key = np.concatenate([triggers, incidence[shifted] != 0.0], axis=0).T  # (packages, R + shifted options)
        _, first, index = np.unique(key, axis=0, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")  # classes numbered by their first package
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        representatives = first[order].astype(np.intp)
        return cls(rank[index.reshape(-1)].astype(np.intp), representatives, np.ascontiguousarray(incidence[:, representatives]))

    @property
    def size(self) -> int:
        return len(self.representatives)


@dataclass(frozen=True)
class ClassPassing:
    """Whether each step passes each package class in each draw (:meth:`Ratifier.passing`).

    Attributes
    ----------
    by_class : ndarray of bool, shape (draws, R, classes)
    classes : PackageClasses
    """

    by_class: NDArray[np.bool_]
    classes: PackageClasses

    def rows(self, rows: NDArray[np.intp] | slice) -> ClassPassing:
        """The same for some draws only."""
        return ClassPassing(self.by_class[rows], self.classes)

    def dense(self, rows: NDArray[np.intp] | slice | None = None) -> NDArray[np.bool_]:
        """Per package, as :func:`passes` gives it, shape (draws, R, packages) (of ``rows`` if given)."""
        by_class = self.by_class if rows is None else self.by_class[rows]
        return by_class[:, :, self.classes.index]

    def win_set(self, triggers: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """:func:`win_set` of these draws for ``triggers`` (R, packages), shape (draws, packages)."""
        per_class = win_set(triggers[:, self.classes.representatives], self.by_class)
        return np.take(per_class, self.classes.index, axis=1)


def passes(support: Floats, threshold: Floats, shift: Floats, incidence: Floats, tol: float = TOL) -> NDArray[np.bool_]:
    """Whether each step would pass each package, in each draw.

    Parameters
    ----------
    support, threshold : ndarray, shape (draws, R)
    shift : ndarray, shape (draws, R, options)
    incidence : ndarray, shape (options, packages)

    Returns
    -------
    ndarray of bool, shape (draws, R, packages)
    """
    n, steps, options = shift.shape
    level = (shift.reshape(n * steps, options) @ incidence).reshape(n, steps, incidence.shape[1])
    level += support[:, :, None]
    return level >= threshold[:, :, None] - tol


def package_passes(support: Floats, threshold: Floats, shift: Floats, columns: NDArray[np.intp], tol: float = TOL) -> NDArray[np.bool_]:
    """:func:`passes` for a few given packages (``columns``: flattened options, shape (J, issues))."""
    level = shift[:, :, columns].sum(axis=-1) + support[:, :, None]
    return level >= threshold[:, :, None] - tol


def chosen_ratifiable(
    support: Floats,
    threshold: Floats,
    shift: Floats,
    triggers: NDArray[np.bool_],
    columns: NDArray[np.intp],
    choice: NDArray[np.int64],
    tol: float = TOL,
) -> NDArray[np.bool_]:
    """Whether each draw's own package passes every step it triggers; False for no deal (-1).

    Parameters
    ----------
    support, threshold : ndarray, shape (draws, R)
    shift : ndarray, shape (draws, R, options)
    triggers : ndarray of bool, shape (R, packages)
    columns : ndarray of intp, shape (packages, issues)
        Flattened option indices of every package.
    choice : ndarray of int64, shape (draws,)
    """
    k = np.maximum(choice, 0)
    ok = ~triggers[:, k].T | chosen_passes(support, threshold, shift, columns[k], tol)
    return (choice >= 0) & ok.all(axis=1)


def chosen_passes(support: Floats, threshold: Floats, shift: Floats, columns: NDArray[np.intp], tol: float = TOL) -> NDArray[np.bool_]:
    """Whether each step would pass each draw's own package, shape (draws, R).

    ``columns``: flattened option indices of each draw's package, shape (draws, issues).
    """
    rows = np.arange(len(columns))[:, None, None]
    level = shift[rows, np.arange(shift.shape[1])[None, :, None], columns[:, None, :]].sum(axis=-1) + support
    return level >= threshold - tol


def win_set(triggers: NDArray[np.bool_], passing: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Packages every triggered step passes, shape (draws, packages).

    Parameters
    ----------
    triggers : ndarray of bool, shape (R, packages)
    passing : ndarray of bool, shape (draws, R, packages)
    """
    return np.all(~triggers[None, :, :] | passing, axis=1)
