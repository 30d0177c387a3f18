"""Solvers and protocols: each maps a :class:`Bargaining` problem to a package or no deal per draw."""

from __future__ import annotations

from collections.abc import Callable

from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome, PackageSet
from negotiation.solvers.nash import nash_choice, nash_protocol, screened_nash_choice

Protocol = Callable[[Bargaining, dict[str, object]], Outcome]

PROTOCOLS: dict[str, Protocol] = {
    "nash": nash_protocol,
}
"""Protocol name -> implementation; the names match ``scenario.protocols.PROTOCOL_OPTIONS``."""

__all__ = ["NO_DEAL", "PROTOCOLS", "Bargaining", "Outcome", "PackageSet", "Protocol", "nash_choice", "screened_nash_choice"]
