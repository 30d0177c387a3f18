"""Variance-based global sensitivity: Sobol' indices with bootstrap intervals.

For a model output :math:`Y = f(X_1, \\dots, X_d)` with independent inputs, the
variance decomposes into the contributions of each input and of their
interactions (Sobol' 1993, 2001). Two indices summarise input :math:`i`:

- the *first-order* index :math:`S_i = V[E(Y \\mid X_i)] / V(Y)`, the share of
  the variance that :math:`X_i` explains on its own;
- the *total-order* index :math:`S_{T_i} = E[V(Y \\mid X_{\\sim i})] / V(Y)`,
  the share that involves :math:`X_i` at all, alone or through interactions
  (Homma & Saltelli 1996). :math:`S_{T_i} - S_i` measures the interactions, and
  an input with :math:`S_{T_i} \\approx 0` can be fixed anywhere in its range.

This module wraps :func:`scipy.stats.sobol_indices`: Saltelli's design of two
scrambled Sobol' matrices A and B plus the d matrices :math:`A_B^{(i)}`, so
``n * (d + 2)`` model runs, and the estimators of Saltelli et al. (2010, Table 2
(b) and (f)). The model sees the inputs as uniforms on (0, 1) and maps them
through each input's inverse CDF itself. The intervals are bias-corrected and
accelerated (BCa) bootstrap intervals over the n rows of the design (Efron 1987;
Efron & Tibshirani 1993, ch. 14), computed exactly as
``scipy.stats.sobol_indices(...).bootstrap()`` does but with a seeded generator
(see :func:`sobol`).

References
----------
Sobol', I. M. (1993). Sensitivity estimates for nonlinear mathematical models.
*Mathematical Modeling and Computational Experiment* 1: 407–414.

Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical
models and their Monte Carlo estimates. *Mathematics and Computers in
Simulation* 55: 271–280.

Homma, T. & Saltelli, A. (1996). Importance measures in global sensitivity
analysis of nonlinear models. *Reliability Engineering & System Safety* 52: 1–17.

Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. & Tarantola, S.
(2010). Variance based sensitivity analysis of model output. Design and
estimator for the total sensitivity index. *Computer Physics Communications*
181: 259–270.

Efron, B. (1987). Better bootstrap confidence intervals. *Journal of the
American Statistical Association* 82: 171–185.

Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
Chapman & Hall.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.stats
from numpy.typing import ArrayLike, NDArray

Floats = NDArray[np.float64]

EDGE = 2.0**-53
"""The uniforms passed to the model lie in [EDGE, 1 - EDGE], so inverse CDFs stay finite."""

FLAT = 1e-12
"""An output is constant when its A and B evaluations spread over at most this share of its largest magnitude."""


@dataclass(frozen=True)
class Index:
    """One Sobol' index with its bootstrap confidence interval.

    Attributes
    ----------
    value : float
        The point estimate. Sampling noise can make it slightly negative or
        (for first-order indices) slightly larger than the total-order index.
    low, high : float
        The bootstrap confidence interval, at the level of
        :attr:`Sensitivity.confidence`. NaN when it cannot be estimated: for a
        constant output, and when the output's variance vanishes in some
        bootstrap resamples (a nearly constant output; raise ``n``).
    """

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Sensitivity:
    """First- and total-order Sobol' indices of s outputs with respect to d inputs.

    Attributes
    ----------
    names : tuple of str, length d
        The inputs.
    outputs : tuple of str, length s
        The outputs.
    first : list of list of Index, shape (s, d)
        ``first[k][i]`` is the first-order index :math:`S_i` of input ``i`` for
        output ``k``.
    total : list of list of Index, shape (s, d)
        ``total[k][i]`` is the total-order index :math:`S_{T_i}`.
    constant : tuple of bool, length s
        True for an output with no variance over the design; its indices are
        NaN (value and interval) and it is left out of the bootstrap.
    samples : int
        n, the rows of each of the matrices A and B (a power of two).
    evaluations : int
        Model runs, ``n * (d + 2)``.
    confidence : float
        The level of every interval.
    """

    names: tuple[str, ...]
    outputs: tuple[str, ...]
    first: list[list[Index]]
    total: list[list[Index]]
    constant: tuple[bool, ...]
    samples: int
    evaluations: int
    confidence: float


def evaluations(n: int, d: int) -> int:
    """Model runs of Saltelli's design for ``d`` inputs and base sample ``n``: ``n * (d + 2)``.

    The matrices A and B (n rows each) and the d matrices :math:`A_B^{(i)}`
    (A with column i taken from B) give the first- and total-order indices of
    every input (Saltelli et al. 2010).
    """
    return n * (d + 2)


def sobol(
    func: Callable[[Floats], ArrayLike],
    names: Sequence[str],
    outputs: Sequence[str],
    n: int,
    seed: int,
    *,
    confidence: float = 0.95,
    resamples: int = 999,
) -> Sensitivity:
    """First- and total-order Sobol' indices of a model, with BCa bootstrap intervals.

    Parameters
    ----------
    func : callable
        ``func(u)`` takes uniforms ``u`` of shape (d, m), one row per input in
        the order of ``names``, and returns the outputs, shape (s, m), in the
        order of ``outputs`` (shape (m,) is accepted when s = 1). The caller maps
        each row through its input's inverse CDF. The uniforms of scipy's
        design can be exactly 0 (and, for some designs, 1); they are clipped
        into [2**-53, 1 - 2**-53] so inverse CDFs of unbounded distributions
        stay finite. Every output must be finite. It is called
        three times, with m = n, n and n * d.
    names : sequence of str, length d
        The inputs, d >= 1, distinct.
    outputs : sequence of str, length s
        The outputs, s >= 1, distinct.
    n : int
        Rows of each of the matrices A and B; a power of two, at least 2, as
        the balance of Sobol' points requires.
    seed : int
        Seeds one :func:`numpy.random.default_rng` generator that scrambles the
        Sobol' sequence and then draws the bootstrap resamples, so the result
        is a function of the seed (for a given scipy version).
    confidence : float, optional
        Level of the intervals, in (0, 1).
    resamples : int, optional
        Bootstrap resamples, at least 1.

    Returns
    -------
    Sensitivity
        The indices; ``evaluations = n * (d + 2)``.

    Raises
    ------
    ValueError
        On an invalid argument, when ``func`` returns an array of the wrong
        shape, or when it returns a non-finite value.

    Notes
    -----
    The design and the point estimates are :func:`scipy.stats.sobol_indices`
    with ``method="saltelli_2010"`` and one ``uniform(0, 1)`` per input.

    Outputs whose A and B evaluations are all equal (up to round-off, a spread
    of at most 1e-12 of their largest magnitude), such as a deal indicator
    that is 1 in every run, have no variance to apportion: the estimators
    divide by it. They are flagged ``constant`` with NaN indices, and only the
    other outputs are bootstrapped.

    ``SobolResult.bootstrap()`` accepts no generator: it resamples from
    numpy's global ``RandomState``. To stay reproducible without touching
    global state, the same computation (:func:`scipy.stats.bootstrap`, BCa,
    resampling the rows of the design, statistic = scipy's estimator on the
    resampled evaluations) is run here with the seeded generator; it reads the
    evaluations and the estimator from the result's ``_f_A``, ``_f_B``,
    ``_f_AB`` and ``_indices_method`` attributes. BCa needs a jackknife over the
    n rows, so its cost grows as n**2 * d * s. Where BCa is undefined because
    every resample gives the same value (an input the output ignores gives
    exactly 0), the percentile interval of the same resamples is used. Where
    the output's variance vanishes in some resample (a nearly constant output,
    such as a deal indicator that is 0 in only a few runs), the indices of
    that output have no interval (NaN) and n should be raised. Warnings from
    these degenerate cases are silenced.

    References
    ----------
    Saltelli et al. (2010), Table 2 (b) and (f); Efron (1987); see the module
    docstring.
    """
    names = _distinct(names, "input")
    outputs = _distinct(outputs, "output")
    d, s = len(names), len(outputs)
    rows = _integer(n)
    if rows is None or rows < 2 or rows & (rows - 1):
        raise ValueError(f"n must be a power of two (at least 2) for the balance of Sobol' points, got {n!r}")
    n = rows
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    draws = _integer(resamples)
    if draws is None or draws < 1:
        raise ValueError(f"resamples must be a positive integer, got {resamples!r}")

    scale = np.zeros(s)

    def model(x: Floats) -> Floats:
        u = np.clip(x, EDGE, 1.0 - EDGE)
        y = np.atleast_2d(np.asarray(func(u), dtype=np.float64))
        if y.shape != (s, u.shape[1]):
            raise ValueError(f"func must return an array of shape (outputs, runs) = {(s, u.shape[1])}, got {y.shape}")
        bad = np.flatnonzero(~np.isfinite(y).all(axis=1))
        if bad.size:
            raise ValueError(f"func returned non-finite values for {', '.join(outputs[k] for k in bad)}")
        np.maximum(scale, np.abs(y).max(axis=1, initial=0.0), out=scale)
        return y

    rng = np.random.default_rng(seed)
    res = scipy.stats.sobol_indices(func=model, n=n, dists=[scipy.stats.uniform(0.0, 1.0)] * d, method="saltelli_2010", rng=rng)
    f_a: Floats = res._f_A  # centred evaluations at A and B, shape (s, n)
    f_b: Floats = res._f_B
    f_ab: Floats = res._f_AB  # shape (d, s, n)
    spread = np.ptp(np.concatenate([f_a, f_b], axis=1), axis=1)
    constant = spread <= FLAT * scale
    keep = np.flatnonzero(~constant)

    values = np.full((2, s, d), np.nan)  # (first/total, output, input)
    bounds = np.full((2, 2, s, d), np.nan)  # (low/high, first/total, output, input)
    values[0] = np.reshape(res.first_order, (s, d))
    values[1] = np.reshape(res.total_order, (s, d))
    values[:, constant] = np.nan
    if keep.size:
        low, high = _bootstrap(f_a[keep], f_b[keep], f_ab[:, keep], res._indices_method, confidence, draws, rng)
        bounds[0][:, keep] = low
        bounds[1][:, keep] = high

    def index(order: int, k: int, i: int) -> Index:
        return Index(float(values[order, k, i]), float(bounds[0, order, k, i]), float(bounds[1, order, k, i]))

    return Sensitivity(
        names=names,
        outputs=outputs,
        first=[[index(0, k, i) for i in range(d)] for k in range(s)],
        total=[[index(1, k, i) for i in range(d)] for k in range(s)],
        constant=tuple(bool(c) for c in constant),
        samples=n,
        evaluations=evaluations(n, d),
        confidence=float(confidence),
    )


def _integer(x: object) -> int | None:
    """x as an int when it is a (numpy) integer other than a bool, else None."""
    return int(x) if isinstance(x, int | np.integer) and not isinstance(x, bool) else None


def _distinct(items: Sequence[str], what: str) -> tuple[str, ...]:
    """The items as a tuple; ValueError when empty or repeated."""
    out = tuple(items)
    if not out:
        raise ValueError(f"at least one {what} is needed")
    repeated = sorted({x for x in out if out.count(x) > 1})
    if repeated:
        raise ValueError(f"repeated {what} names: {', '.join(repeated)}")
    return out


def _bootstrap(
    f_a: Floats, f_b: Floats, f_ab: Floats, estimator: Callable[..., Any], confidence: float, resamples: int, rng: np.random.Generator
) -> tuple[Floats, Floats]:
    """Bootstrap intervals of the indices, resampling the rows of the design.

    Parameters
    ----------
    f_a, f_b : ndarray, shape (s, n)
        Evaluations at A and B (outputs with variance only).
    f_ab : ndarray, shape (d, s, n)
        Evaluations at the matrices :math:`A_B^{(i)}`.
    estimator : callable
        scipy's estimator ``(f_A, f_B, f_AB) -> (S1, ST)``; its output is
        squeezed, so it is reshaped to (2, s, d) here.
    confidence : float
        Level of the intervals.
    resamples : int
        Bootstrap resamples.
    rng : numpy.random.Generator
        Draws the resamples.

    Returns
    -------
    low, high : ndarray, shape (2, s, d)
        Interval limits of the first-order (``[0]``) and total-order (``[1]``)
        indices: BCa, the percentile interval where BCa is undefined, NaN where
        some resample has no variance.
    """
    s, d, n = f_a.shape[0], f_ab.shape[0], f_a.shape[1]

    def statistic(rows: NDArray[np.intp]) -> Floats:
        return np.reshape(estimator(f_a[:, rows], f_b[:, rows], f_ab[..., rows]), (2, s, d))

    data = (np.arange(n),)
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        # A degenerate bootstrap distribution (an index that is exactly 0 in
        # every resample) makes BCa's acceleration 0/0 and its interval NaN.
        warnings.simplefilter("ignore", scipy.stats.DegenerateDataWarning)
        boot = scipy.stats.bootstrap(data, statistic, n_resamples=resamples, confidence_level=confidence, method="BCa", rng=rng)
        low = np.array(boot.confidence_interval.low, dtype=np.float64)
        high = np.array(boot.confidence_interval.high, dtype=np.float64)
        finite = np.isfinite(boot.bootstrap_distribution).all(axis=-1)
        missing = finite & ~(np.isfinite(low) & np.isfinite(high))
        if missing.any():
            plain = scipy.stats.bootstrap(
                data, statistic, n_resamples=0, confidence_level=confidence, method="percentile", bootstrap_result=boot, rng=rng
            )
            low[missing] = np.asarray(plain.confidence_interval.low)[missing]
            high[missing] = np.asarray(plain.confidence_interval.high)[missing]
    low[~finite] = np.nan
    high[~finite] = np.nan
    return low, high


def _number(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _entry(index: Index) -> dict[str, float | None]:
    return {"value": _number(index.value), "low": _number(index.low), "high": _number(index.high)}


def to_json(result: Sensitivity) -> dict[str, Any]:
    """The indices as a JSON-serialisable block.

    Parameters
    ----------
    result : Sensitivity
        The indices.

    Returns
    -------
    dict
        ``{"inputs": [...], "samples": n, "evaluations": n * (d + 2),
        "confidence": level, "indices": {output: {"constant": bool, "first":
        {input: {"value", "low", "high"}}, "total": {...}}}}``, with NaN written
        as None. The caller adds ``"kind"``.
    """
    indices = {
        output: {
            "constant": result.constant[k],
            "first": {name: _entry(result.first[k][i]) for i, name in enumerate(result.names)},
            "total": {name: _entry(result.total[k][i]) for i, name in enumerate(result.names)},
        }
        for k, output in enumerate(result.outputs)
    }
    return {
        "inputs": list(result.names),
        "samples": result.samples,
        "evaluations": result.evaluations,
        "confidence": result.confidence,
        "indices": indices,
    }


def top(result: Sensitivity, output: str, k: int) -> list[tuple[str, Index, Index]]:
    """The k inputs with the largest total-order index for an output.

    Parameters
    ----------
    result : Sensitivity
        The indices.
    output : str
        One of ``result.outputs``.
    k : int
        How many inputs, k >= 0; all d when k > d.

    Returns
    -------
    list of (str, Index, Index)
        ``(input, first-order index, total-order index)``, by decreasing
        total-order index, ties by decreasing first-order index, then by name.
        Empty for a constant output, which has no ranking.

    Raises
    ------
    ValueError
        When ``output`` is not one of the outputs, or k < 0.
    """
    if output not in result.outputs:
        raise ValueError(f"unknown output {output!r}; the outputs are {', '.join(result.outputs)}")
    if k < 0:
        raise ValueError(f"k must be non-negative, got {k}")
    row = result.outputs.index(output)
    if result.constant[row]:
        return []
    first, total = result.first[row], result.total[row]
    order = sorted(range(len(result.names)), key=lambda i: (-total[i].value, -first[i].value, result.names[i]))
    return [(result.names[i], first[i], total[i]) for i in order[:k]]


__all__ = ["Index", "Sensitivity", "evaluations", "sobol", "to_json", "top"]
