"""A protocol that runs once per chunk of draws on the summit's view of them (:class:`Talks`).

Unlike a :class:`~negotiation.protocols.definition.BlockProtocol` it never needs
the utilities of every package: the agent-based summit walks its own offers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from negotiation.protocols.definition import ProtocolDefinition
from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers.bargaining import Outcome
from negotiation.summit.talks import Talks

ChunkSolver = Callable[[Talks, ProtocolSpec], Outcome]
"""Solves a whole chunk of draws from the summit's view of them under a spec."""


@dataclass(frozen=True, kw_only=True)
class ChunkProtocol(ProtocolDefinition):
    """A protocol solved once per chunk on :class:`Talks`.

    Attributes
    ----------
    solve : callable
        ``(Talks, ProtocolSpec) -> Outcome`` for every draw of the chunk.
    """

    solve: ChunkSolver


__all__ = ["ChunkProtocol", "ChunkSolver"]
