"""Distributions on numeric scenario leaves, sampled by inverse CDF.

A distribution is written in YAML as a one-key mapping ``{name: [args]}``.
Every distribution is sampled as ``ppf(u)`` from uniforms ``u`` in
(0, 1), so the same code serves the ``random``, ``lhs`` and ``sobol`` samplers:
the sampler decides where the uniforms fall, the distribution only transforms
them.

=============  ======================  ======================================
name           arguments               support
=============  ======================  ======================================
uniform        [lo, hi]                [lo, hi]
normal         [mean, sd]              (-inf, inf)
truncnormal    [mean, sd, lo, hi]      [lo, hi]
beta           [a, b]                  [0, 1]
triangular     [lo, mode, hi]          [lo, hi]
lognormal      [mu, sigma]             (0, inf); mu, sigma of log x
choice         [v1, v2, ...]           the listed values, equally likely
=============  ======================  ======================================
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import special

ARGUMENTS: dict[str, tuple[str, ...]] = {
    "uniform": ("lo", "hi"),
    "normal": ("mean", "sd"),
    "truncnormal": ("mean", "sd", "lo", "hi"),
    "beta": ("a", "b"),
    "triangular": ("lo", "mode", "hi"),
    "lognormal": ("mu", "sigma"),
    "choice": (),
}
"""Argument names of each distribution; ``choice`` takes any number of values."""


@dataclass(frozen=True)
class Domain:
    """The closed interval a parameter must stay in, e.g. [0, 1] for a probability."""

    lo: float = -math.inf
    hi: float = math.inf

    def __contains__(self, x: float) -> bool:
        return self.lo <= x <= self.hi

    def describe(self) -> str:
        if self.lo == -math.inf and self.hi == math.inf:
            return "any number"
        if self.hi == math.inf:
            return f"at least {self.lo:g}"
        if self.lo == -math.inf:
            return f"at most {self.hi:g}"
        return f"in [{self.lo:g}, {self.hi:g}]"


UNIFORM_EDGE = 2.0**-53
"""The samplers keep every uniform in [UNIFORM_EDGE, 1 - UNIFORM_EDGE] (``engine.sampling``), so a normal
draw lies within about 8.3 standard deviations of its mean."""

ANY = Domain()
UNIT = Domain(0.0, 1.0)
NONNEGATIVE = Domain(0.0, math.inf)


def argument_problem(name: str, args: Sequence[float]) -> str | None:
    """What is wrong with a distribution's arguments, or ``None`` when they are fine."""
    want = ARGUMENTS[name]
    if name == "choice":
        return None if len(args) >= 1 else "choice needs at least one value"
    if len(args) != len(want):
        return f"{name} takes {len(want)} arguments [{', '.join(want)}], got {len(args)}"
    if name == "uniform" and not args[0] < args[1]:
        return f"uniform needs lo < hi, got [{args[0]:g}, {args[1]:g}]"
    if name in ("normal", "truncnormal") and not args[1] > 0:
        return f"{name} needs sd > 0, got {args[1]:g}"
    if name == "truncnormal" and not args[2] < args[3]:
        return f"truncnormal needs lo < hi, got lo={args[2]:g}, hi={args[3]:g}"
    if name == "beta" and not (args[0] > 0 and args[1] > 0):
        return f"beta needs a > 0 and b > 0, got [{args[0]:g}, {args[1]:g}]"
    if name == "triangular" and not (args[0] <= args[1] <= args[2] and args[0] < args[2]):
        return f"triangular needs lo <= mode <= hi and lo < hi, got [{', '.join(f'{a:g}' for a in args)}]"
    if name == "lognormal" and not args[1] > 0:
        return f"lognormal needs sigma > 0, got {args[1]:g}"
    return None


@dataclass(frozen=True)
class Distribution:
    """A validated distribution: its name and arguments.

    Examples
    --------
    >>> Distribution("uniform", (0.2, 0.4)).ppf(np.array([0.5]))
    array([0.3])
    """

    name: str
    args: tuple[float, ...]

    def support(self) -> tuple[float, float]:
        """The closed hull of the values this distribution can take."""
        a, name = self.args, self.name
        if name == "uniform":
            return (a[0], a[1])
        if name == "beta":
            return (0.0, 1.0)
        if name == "triangular":
            return (a[0], a[2])
        if name == "truncnormal":
            return (a[2], a[3])
        if name == "normal":
            return (-math.inf, math.inf)
        if name == "lognormal":
            return (0.0, math.inf)
        return (min(a), max(a))

    def extremes(self) -> tuple[float, float]:
        """The least and greatest values a run can draw: :meth:`support`, or for ``normal`` and ``lognormal``
        the values at the sampler's extreme uniforms (:data:`UNIFORM_EDGE`), about 8.3 standard deviations out.
        Not finite when the distribution overflows there."""
        if self.name not in ("normal", "lognormal"):
            return self.support()
        with np.errstate(over="ignore"):
            lo, hi = self.ppf(np.array([UNIFORM_EDGE, 1.0 - UNIFORM_EDGE]))
        return float(lo), float(hi)

    def ppf(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """Inverse CDF at uniforms ``u``, shape (n,) in (0, 1) -> values, shape (n,)."""
        return _PPF[self.name](self.args, u)

    def cdf(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """P(X <= x) at every element of x, any shape."""
        return _CDF[self.name](self.args, np.asarray(x, dtype=float))

    def describe(self) -> str:
        """The distribution as a file writes it, e.g. ``{lognormal: [0, 1000]}``."""
        return "{" + self.name + ": [" + ", ".join(f"{a:g}" for a in self.args) + "]}"

    def to_yaml(self) -> dict[str, list[float]]:
        return {self.name: list(self.args)}


def _triangular(a: tuple[float, ...], u: NDArray[np.float64]) -> NDArray[np.float64]:
    lo, mode, hi = a
    cut = (mode - lo) / (hi - lo)
    left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
    right = hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - mode))
    return np.where(u < cut, left, right)


def _choice(a: tuple[float, ...], u: NDArray[np.float64]) -> NDArray[np.float64]:
    values = np.asarray(a, dtype=float)
    index = np.minimum((u * len(values)).astype(np.intp), len(values) - 1)
    return values[index]


def _truncnormal(a: tuple[float, ...], u: NDArray[np.float64]) -> NDArray[np.float64]:
    from scipy import stats  # imported on use: scipy.stats takes half a second to import

    mean, sd, lo, hi = a
    out: NDArray[np.float64] = stats.truncnorm.ppf(u, (lo - mean) / sd, (hi - mean) / sd, loc=mean, scale=sd)
    return np.clip(out, lo, hi)


_PPF: dict[str, Callable[[tuple[float, ...], NDArray[np.float64]], NDArray[np.float64]]] = {
    "uniform": lambda a, u: a[0] + (a[1] - a[0]) * u,
    "normal": lambda a, u: a[0] + a[1] * special.ndtri(u),
    "truncnormal": _truncnormal,
    "beta": lambda a, u: special.betaincinv(a[0], a[1], u),
    "triangular": _triangular,
    "lognormal": lambda a, u: np.exp(a[0] + a[1] * special.ndtri(u)),
    "choice": _choice,
}


def _triangular_cdf(a: tuple[float, ...], x: NDArray[np.float64]) -> NDArray[np.float64]:
    lo, mode, hi = a
    y = np.clip(x, lo, hi)
    left = (y - lo) ** 2 / ((hi - lo) * (mode - lo)) if mode > lo else np.zeros_like(y)
    right = 1.0 - (hi - y) ** 2 / ((hi - lo) * (hi - mode)) if hi > mode else np.ones_like(y)
    return np.where(y < mode, left, right)


def _truncnormal_cdf(a: tuple[float, ...], x: NDArray[np.float64]) -> NDArray[np.float64]:
    from scipy import stats

    mean, sd, lo, hi = a
    out: NDArray[np.float64] = stats.truncnorm.cdf(x, (lo - mean) / sd, (hi - mean) / sd, loc=mean, scale=sd)
    return out


def _lognormal_cdf(a: tuple[float, ...], x: NDArray[np.float64]) -> NDArray[np.float64]:
    with np.errstate(divide="ignore"):
        return np.where(x > 0, special.ndtr((np.log(np.maximum(x, 1e-300)) - a[0]) / a[1]), 0.0)


def _choice_cdf(a: tuple[float, ...], x: NDArray[np.float64]) -> NDArray[np.float64]:
    values = np.sort(np.asarray(a, dtype=float))
    return np.searchsorted(values, x, side="right") / len(values)


_CDF: dict[str, Callable[[tuple[float, ...], NDArray[np.float64]], NDArray[np.float64]]] = {
    "uniform": lambda a, x: np.clip((x - a[0]) / (a[1] - a[0]), 0.0, 1.0),
    "normal": lambda a, x: special.ndtr((x - a[0]) / a[1]),
    "truncnormal": _truncnormal_cdf,
    "beta": lambda a, x: special.betainc(a[0], a[1], np.clip(x, 0.0, 1.0)),
    "triangular": _triangular_cdf,
    "lognormal": _lognormal_cdf,
    "choice": _choice_cdf,
}
