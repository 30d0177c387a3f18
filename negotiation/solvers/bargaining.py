"""The bargaining problem every protocol solves, one sub-block of draws at a time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import Parameter
from negotiation.solvers.types import TypeView
from negotiation.space import OutcomeSpace

if TYPE_CHECKING:
    from negotiation.solvers.nash_scan import NashScan

NO_DEAL = -1
"""Package index that stands for no deal."""


@dataclass(frozen=True)
class PackageSet:
    """The packages as matrices the solvers multiply by.

    Attributes
    ----------
    incidence : ndarray, shape (options, packages)
        0/1 matrix: entry (o, k) is 1 when package k takes option o.
    incidence32 : ndarray of float32, the same matrix for screening in single precision.
    columns : ndarray of intp, shape (packages, issues)
        Flattened option index of each issue, per package.
    offsets : ndarray of intp, shape (issues,)
        Start of each issue's block on the option axis.
    """

    incidence: NDArray[np.float64]
    incidence32: NDArray[np.float32]
    columns: NDArray[np.intp]
    offsets: NDArray[np.intp]

    @classmethod
    def from_space(cls, space: OutcomeSpace) -> PackageSet:
        return cls(space.incidence, space.incidence.astype(np.float32), space.option_columns(space.codes), space.offsets)

    @property
    def issues(self) -> int:
        return int(self.columns.shape[1])

    @cached_property
    def prefix_depth(self) -> NDArray[np.intp]:
        """Per package, the first issue whose option differs from the previous package's, shape (packages,).

        0 for the first package (and for any package that shares no leading
        option with its predecessor); ``issues - 1`` when only the last differs.
        Sums over the leading issues can be carried from one package to the
        next below this depth (``solvers.nash_scan``).
        """
        columns = self.columns
        depth = np.zeros(columns.shape[0], dtype=np.intp)
        if columns.shape[0] > 1:
            differs = columns[1:] != columns[:-1]
            depth[1:] = np.where(differs.any(axis=1), differs.argmax(axis=1), columns.shape[1] - 1)
        return depth

    @property
    def size(self) -> int:
        return int(self.columns.shape[0])


@dataclass(frozen=True)
class ClassMask:
    """A mask over (draws, packages) made from a mask over package classes.

    Attributes
    ----------
    by_class : ndarray of bool, shape (draws, classes)
    index : ndarray of intp, shape (packages,)
        Each package's class.
    mask : ndarray of bool, shape (draws, packages)
        ``by_class[:, index]``, the array it describes.
    """

    by_class: NDArray[np.bool_]
    index: NDArray[np.intp]
    mask: NDArray[np.bool_]


@dataclass
class Bargaining:
    """Weighted values, reservation values and party attributes for a block of draws.

    Utilities and gains over all packages are computed on first use and
    shared by every protocol that runs on the block.

    Attributes
    ----------
    wv : ndarray, shape (draws, parties, options)
        Weighted option values: ``u = wv @ packages.incidence``.
    d : ndarray, shape (draws, parties)
        Reservation values (utility of no deal).
    packages : PackageSet
    feasible : ndarray of bool, shape (draws, packages), or None
        Packages that may be chosen in each draw (the win-set once ratification
        applies); None when every package may.
    power, patience, recognition : ndarray, shape (draws, parties)
        Asymmetric-Nash exponents, discount factors per round, and
        recognition probabilities (renormalised).
    uniforms : dict
        Protocol label -> its own uniform random numbers, shape (draws, k),
        for protocols that draw (a proposer, say).
    parties : tuple of str
        Party names, in the order of the parties axis.
    parameters : mapping
        The scenario's parameters as written (``Scenario.parameters``), for
        protocols that reason about a distribution, such as a private cost.
    lottery : ndarray, shape (draws, parties), or None
        Expected utility of the war lottery before costs, when the scenario
        has one (``utility.war_expectation``).
    prepared : dict
        Protocol label -> arrays the protocol prepared once for the whole
        chunk (a stakeholder forecast, say), sliced to these draws.
    types : TypeView or None
        One party's private types (``no_deal.types``), for protocols that
        reason about them; None without types.
    gain_given : bool
        True when ``gain`` was set outright and is not ``wv @ incidence - d``
        (packages valued under enforcement): protocols must then read ``gain``,
        never ``wv`` or ``shifted``.
    home : ndarray, shape (draws, packages), or None
        With ratification steps the negotiators cannot see
        (``solvers.unobserved``): each package's chance of passing them.
        ``gain`` is then the expected gain ``home * (v - d)`` (``gain_given``).
    certain_gain : ndarray, shape (draws, parties, packages), or None
        With ``home``: the gains were the package ratified for sure, for a
        protocol that needs a party's value of the package itself (``fearon``).
    feasible_classes : ClassMask or None
        How ``feasible`` was made from package classes, when it was (the
        win-set of ``solvers.ratification.ClassPassing``). Lets
        ``solvers.nash_scan`` read a small table; ignored unless its ``mask``
        is ``feasible`` itself (a copy made with another feasible set keeps a
        stale one harmlessly).
    tied_hands : bool
        True when ``feasible`` is the ratification win-set and the caller also
        wants the choice with every package feasible (the tied-hands
        comparison): a protocol that can find both in one pass reports the
        second as ``Outcome.unconstrained``; others may ignore it.
    """

    wv: NDArray[np.float64]
    d: NDArray[np.float64]
    packages: PackageSet
    feasible: NDArray[np.bool_] | None
    power: NDArray[np.float64]
    patience: NDArray[np.float64]
    recognition: NDArray[np.float64]
    uniforms: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    parties: tuple[str, ...] = ()
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    lottery: NDArray[np.float64] | None = None
    prepared: Mapping[str, Mapping[str, NDArray[Any]]] = field(default_factory=dict)
    types: TypeView | None = None
    gain_given: bool = False
    home: NDArray[np.float64] | None = None
    certain_gain: NDArray[np.float64] | None = None
    tied_hands: bool = False
    feasible_classes: ClassMask | None = None

    @property
    def draws(self) -> int:
        return int(self.wv.shape[0])

    @cached_property
    def shifted(self) -> NDArray[np.float64]:
        """``wv - d / issues``, shape (draws, parties, options).

        Every package takes one option per issue, so ``shifted @ incidence``
        is ``u - d``: gains come out of the same matrix product as utilities.
        """
        return self.wv - self.d[:, :, None] / self.packages.issues

    @cached_property
    def gain(self) -> NDArray[np.float64]:
        """Gains over the reservation value, ``u - d``, shape (draws, parties, packages)."""
        n, p, o = self.wv.shape
        return (self.shifted.reshape(n * p, o) @ self.packages.incidence).reshape(n, p, self.packages.size)

    @cached_property
    def gain32(self) -> NDArray[np.float32]:
        """Gains in single precision, ``float32(shifted) @ incidence32``, shape (draws, parties, packages).

        For screens with a proved error bound (``solvers.nash.screened_nash_choice``,
        ``solvers.blocking.problem_slack``), which share it; never written to.
        """
        n, p, o = self.wv.shape
        return (self.shifted.astype(np.float32).reshape(n * p, o) @ self.packages.incidence32).reshape(n, p, self.packages.size)

    @cached_property
    def nash_scan(self) -> NashScan:
        """The Nash choices (unit powers) on ``feasible`` and on every package, and the slack, from one pass (``solvers.nash_scan``).

        Shared by the ``nash`` protocol and ``solvers.blocking.problem_slack``;
        not for gains given outright.
        """
        from negotiation.solvers.nash_scan import nash_scan  # it imports this module

        made = self.feasible_classes
        classes = None if made is None or made.mask is not self.feasible else (made.by_class, made.index)
        return nash_scan(self.shifted, self.packages, self.feasible, classes=classes)

    def unconstrained(self) -> Bargaining:
        """The same problem with every package feasible, sharing what is already computed."""
        return self.restricted(None)

    def restricted(self, feasible: NDArray[np.bool_] | None) -> Bargaining:
        """The same problem on another feasible set, shape (draws, packages) or None for all, sharing what is already computed."""
        other = replace(self, feasible=feasible, feasible_classes=None)
        for name in ("shifted", "gain", "gain32"):
            if name in self.__dict__:
                other.__dict__[name] = self.__dict__[name]
        return other

    def with_gain(self, gain: NDArray[np.float64]) -> Bargaining:
        """The same problem with its gains given outright (packages valued under enforcement), shape (draws, parties, packages)."""
        given = replace(self, gain_given=True)
        given.__dict__["gain"] = gain
        return given

    def gain_of(self, rows: NDArray[np.intp]) -> NDArray[np.float64]:
        """Gains of some draws only, shape (len(rows), parties, packages)."""
        if "gain" in self.__dict__:
            return self.gain[rows]
        sub = self.shifted[rows]
        n, p, o = sub.shape
        return (sub.reshape(n * p, o) @ self.packages.incidence).reshape(n, p, self.packages.size)


@dataclass(frozen=True)
class Outcome:
    """What a protocol chose per draw.

    Attributes
    ----------
    choice : ndarray of int64, shape (draws,)
        Package index, or ``NO_DEAL``.
    rounds : ndarray of int64, shape (draws,), or None
        Round of agreement, for protocols that have rounds.
    proposer : ndarray of int64, shape (draws,), or None
        Index of the party whose proposal decided the draw, for protocols with
        proposers; -1 where none did.
    extras : dict
        Further per-draw numbers, shape (draws,) each: floats such as
        ``p_war`` (the summary reports their means; NaN where undefined) or
        integers such as ``offer`` (a package index; -1 where none).
    pivotal : ndarray of bool, shape (draws, parties), or None
        Who blocked the deal in each no-deal draw, for protocols where that
        is not the participation rule of ``participation.pivotal``.
    unconstrained : ndarray of int64, shape (draws,), or None
        The choice with domestic ratification ignored, for protocols that
        find it in the same pass (otherwise the engine solves again without it).
    tallies : dict
        Integer arrays the summary sums over all draws (counts, fixed-point
        sums), for protocols with their own summary block.
    transcript : str or None
        A readable account of a single-draw run.
    remaining : ndarray of bool, shape (draws, types), or None
        For a protocol that screens over private types: the types the proposer
        still deems possible after the talk (those that refused every offer).
    """

    choice: NDArray[np.int64]
    rounds: NDArray[np.int64] | None = None
    proposer: NDArray[np.int64] | None = None
    extras: dict[str, NDArray[np.float64] | NDArray[np.int64]] = field(default_factory=dict)
    pivotal: NDArray[np.bool_] | None = None
    unconstrained: NDArray[np.int64] | None = None
    tallies: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    transcript: str | None = None
    remaining: NDArray[np.bool_] | None = None
