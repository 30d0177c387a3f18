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

The design is Saltelli's: two matrices A and B of n rows, the first and last
d coordinates of one scrambled Sobol' sequence (:class:`scipy.stats.qmc.Sobol`),
plus the d matrices :math:`A_B^{(i)}` (A with input i taken from B), so
``n * (d + 2)`` model runs. The first-order index is Saltelli's estimator and
the total-order index Jansen's (Saltelli et al. 2010, Table 2 (b) and (f);
Jansen 1999), written here on the model's values (:func:`estimators`). The
model sees the inputs as uniforms on (0, 1) and maps them through each input's
inverse CDF itself. The intervals are bias-corrected and accelerated (BCa)
bootstrap intervals over the n rows of the design (Efron 1987; Efron &
Tibshirani 1993, ch. 14), from :func:`scipy.stats.bootstrap` with the seeded
generator (see :func:`sobol`).

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

Jansen, M. J. W. (1999). Analysis of variance designs for model output.
*Computer Physics Communications* 117: 35–43.

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
from scipy.stats import qmc

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
        is a function of the seed (for given numpy and scipy versions).
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
    The design is :func:`design` and the point estimates :func:`estimators`
    on the values centred by their mean over A and B.

    Outputs whose A and B evaluations are all equal (up to round-off, a spread
    of at most 1e-12 of their largest magnitude), such as a deal indicator
    that is 1 in every run, have no variance to apportion: the estimators
    divide by it. They are flagged ``constant`` with NaN indices, and only the
    other outputs are bootstrapped.

    The intervals come from :func:`scipy.stats.bootstrap` (BCa) resampling the
    rows of the design (a row of A, the same row of B and of every
    :math:`A_B^{(i)}` go together), the statistic being :func:`estimators` on
    the resampled values, with the generator that scrambled the design, so
    the result depends on the seed alone and no global random state is used.
    BCa needs a jackknife over the n rows, so its cost grows as n**2 * d * s.
    Where BCa is undefined because every resample gives the same value (an
    input the output ignores gives exactly 0), the percentile interval of the
    same resamples is used. Where the output's variance vanishes in some
    resample (a nearly constant output, such as a deal indicator that is 0 in
    only a few runs), the indices of that output have no interval (NaN) and n
    should be raised. Warnings from these degenerate cases are silenced.

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
    a, b, ab = design(n, d, rng)
    f_a, f_b = model(a), model(b)
    f_ab = model(ab).reshape(s, n, d).transpose(2, 0, 1)  # (d, s, n)
    spread = np.ptp(np.concatenate([f_a, f_b], axis=1), axis=1)
    constant = spread <= FLAT * scale
    keep = np.flatnonzero(~constant)

    values = np.full((2, s, d), np.nan)  # (first/total, output, input)
    bounds = np.full((2, 2, s, d), np.nan)  # (low/high, first/total, output, input)
    if keep.size:
        centre = np.mean([f_a[keep], f_b[keep]], axis=(0, -1))[:, np.newaxis]
        g_a, g_b, g_ab = f_a[keep] - centre, f_b[keep] - centre, f_ab[:, keep] - centre
        values[:, keep] = estimators(g_a, g_b, g_ab)
        low, high = _bootstrap(g_a, g_b, g_ab, confidence, draws, rng)
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


def design(n: int, d: int, rng: np.random.Generator) -> tuple[Floats, Floats, Floats]:
    """Saltelli's design: the matrices A, B and the d matrices :math:`A_B^{(i)}`, as uniforms.

    A and B are the first and last d coordinates of the first n points of one
    scrambled Sobol' sequence in 2d dimensions (:class:`scipy.stats.qmc.Sobol`,
    64-bit points), so their rows are independent of each other as the
    estimators require; :math:`A_B^{(i)}` is A with its i-th input taken from B
    (Saltelli et al. 2010, sec. 3). The runs of the :math:`A_B^{(i)}` are
    grouped by row of the design: for row j, the d runs
    :math:`A_B^{(1)}, \\dots, A_B^{(d)}`, then row j + 1. The order matters
    for a model whose runs draw other random numbers by their position (the
    engine's protocols do), and it is the order of
    ``scipy.stats.sobol_indices``, so a seed gives the design and the
    evaluations that function gave.

    Parameters
    ----------
    n : int
        Rows of A and B, a power of two.
    d : int
        Inputs, d >= 1.
    rng : numpy.random.Generator
        Scrambles the sequence.

    Returns
    -------
    a, b : ndarray, shape (d, n)
        A and B, one row per input, one column per run, in [0, 1).
    ab : ndarray, shape (d, n * d)
        The :math:`A_B^{(i)}`: column ``j * d + i`` is row j of
        :math:`A_B^{(i)}`.
    """
    points = qmc.Sobol(2 * d, scramble=True, bits=64, rng=rng).random(n)
    a, b = points[:, :d].T.copy(), points[:, d:].T.copy()
    ab = np.repeat(a, d, axis=1)  # column j * d + i holds row j of A ...
    for i in range(d):
        ab[i, i::d] = b[i]  # ... with input i from B
    return a, b, ab


def estimators(f_a: Floats, f_b: Floats, f_ab: Floats) -> Floats:
    """First-order (Saltelli 2010) and total-order (Jansen 1999) indices from the design's evaluations.

    With the model's values :math:`f(A)_j`, :math:`f(B)_j` and
    :math:`f(A_B^{(i)})_j` on the rows j = 1..n of the design (Saltelli et al.
    2010, Table 2, (b) and (f)):

    .. math::

        V_i = \\frac{1}{n} \\sum_j f(B)_j \\big(f(A_B^{(i)})_j - f(A)_j\\big),
        \\qquad
        V_{T_i} = \\frac{1}{2n} \\sum_j \\big(f(A)_j - f(A_B^{(i)})_j\\big)^2,

    :math:`S_i = V_i / V(Y)` and :math:`S_{T_i} = V_{T_i} / V(Y)`, with
    :math:`V(Y)` the (biased, 1/(2n)) variance of the 2n values at A and B. The
    first-order estimator is not invariant to a shift of the output: centre
    the values (subtract the mean of the values at A and B) before calling.

    Parameters
    ----------
    f_a, f_b : ndarray, shape (s, m)
        Values of s outputs on the m rows of A and of B.
    f_ab : ndarray, shape (d, s, m)
        Values on the rows of each :math:`A_B^{(i)}`.

    Returns
    -------
    ndarray, shape (2, s, d)
        ``[0]`` the first-order, ``[1]`` the total-order indices. NaN or
        infinite for an output with no variance over A and B.

    References
    ----------
    Saltelli et al. (2010); Jansen, M. J. W. (1999). Analysis of variance
    designs for model output. *Computer Physics Communications* 117: 35–43.
    """
    variance = np.var([f_a, f_b], axis=(0, -1))  # (s,), over the 2m values at A and B
    first = np.mean(f_b * (f_ab - f_a), axis=-1) / variance  # (d, s)
    total = 0.5 * np.mean((f_a - f_ab) ** 2, axis=-1) / variance
    out: Floats = np.stack([first.T, total.T])
    return out


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
    f_a: Floats, f_b: Floats, f_ab: Floats, confidence: float, resamples: int, rng: np.random.Generator
) -> tuple[Floats, Floats]:
    """Bootstrap intervals of the indices, resampling the rows of the design.

    Parameters
    ----------
    f_a, f_b : ndarray, shape (s, n)
        Evaluations at A and B (outputs with variance only).
    f_ab : ndarray, shape (d, s, n)
        Evaluations at the matrices :math:`A_B^{(i)}`.
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
    n = f_a.shape[1]

    def statistic(rows: NDArray[np.intp]) -> Floats:
        return estimators(f_a[:, rows], f_b[:, rows], f_ab[..., rows])

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


__all__ = ["Index", "Sensitivity", "design", "estimators", "evaluations", "sobol", "to_json", "top"]
