"""The issues the stakeholders contest: where the bdm forecast has something to forecast."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from negotiation.scenario.distributions import Distribution
from negotiation.scenario.model import Parameter, Stakeholder


def contested_issues(params: Mapping[str, Parameter], stakeholders: Sequence[Stakeholder]) -> list[str]:
    """Issues on which at least two stakeholders have a position and a salience that can be above 0, in first-mention order."""
    count: dict[str, int] = {}
    for s in stakeholders:
        for issue, key in s.salience.items():
            value = params[key].value
            if issue in s.position and (isinstance(value, Distribution) or (value or 0.0) > 0.0):
                count[issue] = count.get(issue, 0) + 1
    return [issue for issue, n in count.items() if n >= 2]


__all__ = ["contested_issues"]
