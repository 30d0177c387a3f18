"""A protocol's answers about time in ``summary.json``, typed: :class:`Timeline` and :class:`QuestionResult`.

Only a run with a clock has them (DESIGN §9): per protocol, ``timeline`` (the
cumulative share of draws with a deal by each period's end) and
``questions.<name>`` (each dated question's probability).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timeline:
    """P(deal by date) for one protocol.

    Attributes
    ----------
    dates : tuple of str
        Each period's last day (ISO), length T.
    deal_by : tuple of float
        Share of all draws with a deal in a period <= t; non-decreasing.
    deal_by_ci95 : tuple of (float, float)
        Wilson 95% interval of each share.
    median_period : int or None
        The first period with ``deal_by >= 0.5``; None when fewer than half agree by the horizon.
    median_date : str or None
        ``dates[median_period]``.
    """

    dates: tuple[str, ...]
    deal_by: tuple[float, ...]
    deal_by_ci95: tuple[tuple[float, float], ...]
    median_period: int | None
    median_date: str | None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Timeline:
        return cls(
            dates=tuple(data["dates"]),
            deal_by=tuple(data["deal_by"]),
            deal_by_ci95=tuple((ci[0], ci[1]) for ci in data["deal_by_ci95"]),
            median_period=data.get("median_period"),
            median_date=data.get("median_date"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "dates": list(self.dates),
            "deal_by": list(self.deal_by),
            "deal_by_ci95": [list(ci) for ci in self.deal_by_ci95],
            "median_period": self.median_period,
            "median_date": self.median_date,
        }


@dataclass(frozen=True)
class QuestionResult:
    """A dated question's answer for one protocol: the probability of a deal (with its terms) by ``by``.

    Attributes
    ----------
    by : str
        The question's date (ISO).
    probability : float
    ci95 : (float, float)
        Wilson 95% interval.
    """

    by: str
    probability: float
    ci95: tuple[float, float]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuestionResult:
        ci = data["ci95"]
        return cls(by=data["by"], probability=data["probability"], ci95=(ci[0], ci[1]))

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "probability": self.probability, "ci95": list(self.ci95)}


__all__ = ["QuestionResult", "Timeline"]
