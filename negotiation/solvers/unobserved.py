"""Ratification the negotiators cannot see (Putnam 1988; Iida 1993).

A ratification step written with ``observed: false`` is known to the
negotiators only by the laws of its support S_r and threshold T_r *as written
in the scenario* (a number is a point mass, a distribution its CDF; events
that move them are ignored, as the ``fearon`` proposer's belief ignores
them), while the shifts are known at the draw's values (the package's known
effect on support). Step r passes package k when
``S_r + shift_r(k) >= T_r - tol``, so with S_r and T_r independent

    P_r(k) = h_r(-shift_r(k) - tol),    h_r(y) = P(S_r - T_r >= y).

``h_r`` is exact through one CDF when S_r or T_r is a point mass:
``F_T(s - y)`` for S = s, ``1 - F_S((t + y)^-)`` for T = t (the CDF just
below, so an atom at the bar passes), an indicator when both are numbers.
When both are distributions it is tabulated once per step by discrete
convolution (:class:`MarginLaw`), with a proved error bound.

A package's chance of passing at home is the product of P_r(k) over the
unobserved steps it triggers (1 when it triggers none). A package that fails
at home is no deal, with the reservation values, so a protocol bargains over
expected gains ``P(k) (v_p(k) - d_p)`` (:meth:`Hidden.expected`); a package
known to fail (P(k) = 0) is not on the table. The draw's own support and
threshold then decide (:meth:`Hidden.judge`): a chosen package that fails a
step it triggers is no deal, and the failed steps are recorded.

With a clock a failed vote is public: for that draw the step counts as
observed at every later talk, its realised support and threshold known, so
``P_r(k)`` becomes 0 or 1 (the ``revealed`` argument).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.distributions import Distribution
from negotiation.scenario.model import Parameter, Scenario
from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome
from negotiation.solvers.ratification import PackageClasses, Ratifier, chosen_passes
from negotiation.space import OutcomeSpace
from negotiation.utility import TOL

Floats = NDArray[np.float64]

CELLS = 1 << 14
"""Grid cells across the wider of S's and T's ranges when both are distributions."""
FFT_SLACK = 1e-12
"""Added to the tabulation's bound for the rounding of the FFT convolution and its sums."""


def _law(parameter: Parameter) -> float | Distribution:
    value = parameter.value
    if value is None:
        raise ValueError(f"'{parameter.path}' has no written value to form a belief from")
    return value


def _left(law: Distribution, x: Floats) -> Floats:
    """P(X < x): the CDF just below x (an atom at x is not counted)."""
    return law.cdf(np.nextafter(x, -np.inf))


@dataclass(frozen=True)
class MarginLaw:
    """h(y) = P(S - T >= y) for independent S and T as written.

    Attributes
    ----------
    support, threshold : float or Distribution
        The laws of S and T.
    error : float
        A bound on ``|at(y) - h(y)|`` for every y: 0 when S or T is a point
        mass (exact), otherwise the bound of the tabulation (see Notes).

    Notes
    -----
    When both are distributions, let Δ be the wider range of the two divided
    by :data:`CELLS`, S↓ = S rounded down to the grid ``s_lo + iΔ`` and T↑ = T
    rounded up to ``t_lo + jΔ``. Then ``D = S↓ - T↑`` satisfies
    ``D <= S - T <= D + 2Δ``, so with ``H(y) = P(D >= y)``

        H(y) <= h(y) <= H(y - 2Δ).

    D lives on a grid of step Δ; its probabilities are the convolution of
    those of S↓ (``F_S((s + Δ)^-) - F_S(s^-)``) and of T↑
    (``F_T(t) - F_T(t - Δ)``), computed once by FFT. :meth:`at` returns the
    midpoint ``(H(y) + H(y - 2Δ)) / 2``; the interval ``[y - 2Δ, y)`` holds
    two grid points of D, so the error is at most half the largest sum of two
    neighbouring probabilities of D, plus :data:`FFT_SLACK`. For S and T
    uniform on [0, 1] this is about Δ = 6.1e-5.
    """

    support: float | Distribution
    threshold: float | Distribution
    error: float = 0.0
    base: float = 0.0
    step: float = 0.0
    survival: Floats | None = None

    @classmethod
    def of(cls, support: float | Distribution, threshold: float | Distribution) -> MarginLaw:
        if not (isinstance(support, Distribution) and isinstance(threshold, Distribution)):
            return cls(support, threshold)
        s_lo, s_hi = support.support()
        t_lo, t_hi = threshold.support()
        step = max(s_hi - s_lo, t_hi - t_lo) / CELLS
        if not (math.isfinite(step) and step > 0):
            raise ValueError("ratification: support and threshold need bounded laws")
        n_s = math.ceil((s_hi - s_lo) / step)
        n_t = math.ceil((t_hi - t_lo) / step)
        s: Floats = s_lo + step * np.arange(n_s + 1, dtype=np.float64)
        p_s = np.diff(np.append(_left(support, s), 1.0))  # P(S↓ = s_i), the last cell holding P(S >= s_n)
        t: Floats = t_lo + step * np.arange(n_t + 1, dtype=np.float64)
        f_t = threshold.cdf(t)
        f_t[-1] = 1.0
        p_t = np.diff(np.concatenate([[0.0], f_t]))  # P(T↑ = t_j)
        size = n_s + n_t + 1
        fft = 1 << (size - 1).bit_length()
        pmf = np.fft.irfft(np.fft.rfft(p_s, fft) * np.fft.rfft(p_t[::-1], fft), fft)[:size]
        np.clip(pmf, 0.0, None, out=pmf)  # index m = i + n_t - j: D = s_lo - t_lo + (m - n_t) step
        survival = np.append(np.cumsum(pmf[::-1])[::-1], 0.0)
        np.clip(survival, 0.0, 1.0, out=survival)
        error = float((pmf[:-1] + pmf[1:]).max(initial=pmf.max()) / 2.0) + FFT_SLACK
        return cls(support, threshold, error, s_lo - t_lo - n_t * step, step, survival)

    def _tail(self, y: Floats) -> Floats:
        """H(y) = P(D >= y) on the tabulated grid."""
        assert self.survival is not None
        m = np.ceil((y - self.base) / self.step)
        index = np.clip(m, 0, len(self.survival) - 1).astype(np.intp)
        return self.survival[index]

    def at(self, y: Floats) -> Floats:
        """h(y) = P(S - T >= y) at every element of ``y`` (any shape)."""
        y = np.asarray(y, dtype=np.float64)
        s, t = self.support, self.threshold
        if isinstance(s, Distribution) and isinstance(t, Distribution):
            return 0.5 * (self._tail(y) + self._tail(y - 2.0 * self.step))
        if isinstance(t, Distribution):
            assert not isinstance(s, Distribution)
            return t.cdf(s - y)
        if isinstance(s, Distribution):
            return 1.0 - _left(s, t + y)
        return (s - t >= y).astype(np.float64)


@dataclass(frozen=True)
class Hidden:
    """The scenario's unobserved ratification steps, ready to price and judge packages.

    Attributes
    ----------
    steps : tuple of int
        Indices (into the ratifier's steps) of the unobserved steps.
    laws : tuple of MarginLaw
        Per unobserved step, the law of S - T as the negotiators know it.
    classes : tuple of ndarray of intp, shape (packages,)
        Per unobserved step, each package's shift class (the set of shifted
        options it takes): packages of a class share ``shift_r(k)``.
    members : tuple of ndarray, shape (options, classes)
        Per unobserved step, 0/1: which options each class takes among the
        shifted ones, so ``shift[:, r] @ members`` is the shift per class.
    triggers : ndarray of bool, shape (R, packages)
        The ratifier's triggers.
    """

    steps: tuple[int, ...]
    laws: tuple[MarginLaw, ...]
    classes: tuple[NDArray[np.intp], ...]
    members: tuple[Floats, ...]
    triggers: NDArray[np.bool_]

    @classmethod
    def build(cls, scenario: Scenario, space: OutcomeSpace, ratifier: Ratifier) -> Hidden | None:
        """None when every step is observed (the negotiators see each draw's support)."""
        steps = tuple(r for r, step in enumerate(scenario.ratification) if not step.observed)
        if not steps:
            return None
        laws, classes, members = [], [], []
        columns = space.option_columns(space.codes)  # (packages, issues)
        for r in steps:
            step = scenario.ratification[r]
            laws.append(MarginLaw.of(_law(scenario.parameters[step.support]), _law(scenario.parameters[step.threshold])))
            shifted = np.array(sorted({option for option, _ in ratifier.shifts[r]}), dtype=np.intp)
            takes = (columns[:, :, None] == shifted[None, None, :]).any(axis=1)  # (packages, shifted options)
            kinds, index = np.unique(takes, axis=0, return_inverse=True)
            member = np.zeros((ratifier.options, len(kinds)))
            member[shifted[:, None], np.arange(len(kinds))[None, :]] = kinds.T
            classes.append(index.reshape(-1).astype(np.intp))
            members.append(member)
        return cls(steps, tuple(laws), tuple(classes), tuple(members), ratifier.triggers)

    def chance(
        self,
        shift: Floats,
        revealed: NDArray[np.bool_] | None = None,
        passing: NDArray[np.bool_] | None = None,
        tol: float = TOL,
    ) -> Floats:
        """P(k): each package's chance of passing every unobserved step it triggers.

        Parameters
        ----------
        shift : ndarray, shape (draws, R, options)
            The draws' shifts per option (``Ratifier.levels``).
        revealed : ndarray of bool, shape (draws, R), optional
            Steps whose vote was public in an earlier talk of the draw: known at
            the realised support and threshold.
        passing : ndarray of bool, shape (draws, R, packages), optional
            With ``revealed``: whether each step passes each package in the draw.

        Returns
        -------
        ndarray, shape (draws, packages)
        """
        return self._chance(shift, None, revealed, passing, tol)

    def class_chance(
        self,
        shift: Floats,
        classes: PackageClasses,
        revealed: NDArray[np.bool_] | None = None,
        passing: NDArray[np.bool_] | None = None,
        tol: float = TOL,
    ) -> Floats:
        """:meth:`chance`, worked out once per package class and spread to the packages.

        Packages of a class (:class:`~negotiation.solvers.ratification.PackageClasses`)
        trigger the same steps and take the same shifted options, so they share
        every factor of P(k): the same numbers as :meth:`chance`, from arrays
        of shape (draws, classes).

        Parameters
        ----------
        shift : ndarray, shape (draws, R, options)
        classes : PackageClasses
            The ratifier's classes of packages.
        revealed : ndarray of bool, shape (draws, R), optional
        passing : ndarray of bool, shape (draws, R, classes), optional
            With ``revealed``: whether each step passes each class in the draw.

        Returns
        -------
        ndarray, shape (draws, packages)
        """
        return self._chance(shift, classes, revealed, passing, tol)[:, classes.index]

    def _chance(
        self,
        shift: Floats,
        classes: PackageClasses | None,
        revealed: NDArray[np.bool_] | None,
        passing: NDArray[np.bool_] | None,
        tol: float,
    ) -> Floats:
        """P per package, or per class of ``classes`` when given, shape (draws, packages or classes)."""
        n = shift.shape[0]
        pick = slice(None) if classes is None else classes.representatives
        triggers = self.triggers[:, pick]
        out = np.ones((n, triggers.shape[1]))
        for r, law, kind, member in zip(self.steps, self.laws, self.classes, self.members, strict=True):
            p = law.at(-(shift[:, r, :] @ member) - tol)[:, kind[pick]]  # (draws, packages or classes)
            if revealed is not None and passing is not None:
                p = np.where(revealed[:, r, None], passing[:, r, :], p)
            out *= np.where(triggers[r], p, 1.0)
        return out

    def expected(self, problem: Bargaining, chance: Floats) -> Bargaining:
        """The problem the negotiators solve: gains ``P(k) (v - d)``, packages with P(k) = 0 left out.

        A package some party would refuse were it ratified (gain below
        ``-tol``) keeps its gain, so who would refuse it is unchanged.
        """
        gain = problem.gain
        scaled = np.where(gain >= -TOL, chance[:, None, :] * gain, gain)
        feasible = chance > 0.0 if problem.feasible is None else problem.feasible & (chance > 0.0)
        return replace(problem, feasible=feasible, home=chance, certain_gain=gain).with_gain(scaled)

    def failures(
        self, support: Floats, threshold: Floats, shift: Floats, columns: NDArray[np.intp], choice: NDArray[np.int64]
    ) -> NDArray[np.bool_]:
        """Which unobserved steps fail each draw's chosen package at home, shape (draws, R); False for no deal.

        ``columns``: flattened option indices of every package, shape (packages, issues).
        """
        k = np.maximum(choice, 0)
        hidden = np.zeros(self.triggers.shape[0], dtype=bool)
        hidden[list(self.steps)] = True
        fails = self.triggers[:, k].T & hidden & ~chosen_passes(support, threshold, shift, columns[k])
        return fails & (choice >= 0)[:, None]

    def judge(
        self, outcome: Outcome, support: Floats, threshold: Floats, shift: Floats, columns: NDArray[np.intp]
    ) -> tuple[Outcome, NDArray[np.bool_]]:
        """The outcome once the draws' own support has voted: a failed package is no deal.

        Returns
        -------
        Outcome
            ``choice`` is NO_DEAL where a triggered unobserved step failed (and
            ``rounds`` 0 there); the rest as the protocol chose.
        failed : ndarray of bool, shape (draws, R)
        """
        failed = self.failures(support, threshold, shift, columns, outcome.choice)
        lost = failed.any(axis=1)
        if not lost.any():
            return outcome, failed
        rounds = None if outcome.rounds is None else np.where(lost, 0, outcome.rounds)
        return replace(outcome, choice=np.where(lost, NO_DEAL, outcome.choice).astype(np.int64), rounds=rounds), failed


__all__ = ["CELLS", "Hidden", "MarginLaw"]
