"""Solvers and protocols: each maps a :class:`Bargaining` problem to a package or no deal per draw."""

from __future__ import annotations

from collections.abc import Callable

from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome
from negotiation.solvers.nash import nash, nash_choice

Protocol = Callable[[Bargaining, dict[str, object]], Outcome]

PROTOCOLS: dict[str, Protocol] = {
    "nash": nash,
}
"""Protocol name -> implementation; the names match ``scenario.protocols.PROTOCOL_OPTIONS``."""

__all__ = ["NO_DEAL", "PROTOCOLS", "Bargaining", "Outcome", "Protocol", "nash_choice"]
