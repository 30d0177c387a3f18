"""Checks both formats share: numbers read from text, weights that sum to one, the size of the outcome space."""

from __future__ import annotations

import math
from collections.abc import Sequence

from negotiation.scenario.errors import shown
from negotiation.scenario.model import MAX_PACKAGES

GENIUS_WEIGHT_SUM = (0.98, 1.02)
"""Genius counts a profile's weights as normalised when they sum to within this range
(``AdditiveUtilitySpace.checkTreeNormalization`` in the Genius source, read 2026-12)."""

GENIUSWEB_WEIGHT_TOL = 1e-6
"""GeniusWeb requires the weights to sum to exactly 1 (``LinearAdditiveUtilitySpace``'s
constructor, on decimal numbers); a sum within this of 1 is accepted, for decimals
written with a few digits."""


def number(value: object) -> float | None:
    """A finite number from a JSON number or an XML attribute's text, or ``None`` if it is not one.

    Examples
    --------
    >>> number("0.25"), number(3), number("nan"), number(True), number("x")
    (0.25, 3.0, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        x = float(value)
    elif isinstance(value, str):
        try:
            x = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return x if math.isfinite(x) else None


def weight_sum_problem(weights: Sequence[float], low: float, high: float, requirement: str) -> str | None:
    """The message for weights whose sum lies outside [low, high], or ``None`` when it lies within."""
    total = math.fsum(weights)
    if low <= total <= high:
        return None
    return f"the weights sum to {total:.6g}; {requirement}"


def too_many_packages(sizes: Sequence[int]) -> str | None:
    """The message for a domain with more packages than a scenario may enumerate, or ``None``."""
    total = math.prod(sizes)
    if total <= MAX_PACKAGES:
        return None
    return f"the domain has {total:,} packages, more than the limit of {MAX_PACKAGES:,} a scenario may enumerate"


def value_text(value: object) -> str:
    """A value from an input file quoted in a message."""
    return shown(value)


__all__ = ["GENIUSWEB_WEIGHT_TOL", "GENIUS_WEIGHT_SUM", "number", "too_many_packages", "value_text", "weight_sum_problem"]
