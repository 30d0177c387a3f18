"""What a protocol is: what a scenario may write for it, how it solves, and how it reports.

Every protocol is one frozen definition in one module. The option specs
(:class:`~negotiation.scenario.protocol_options.ProtocolOptions`) are data the
scenario compiler checks a file against; the rest is what the engine runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiation.results.summary import Reporter
from negotiation.scenario.model import ProtocolSpec, Scenario
from negotiation.scenario.protocol_options import ProtocolOptions
from negotiation.solvers.bargaining import Bargaining, Outcome
from negotiation.solvers.forecast import Prepared

BlockSolver = Callable[[Bargaining, ProtocolSpec], Outcome]
"""Solves the problem of a block of draws (the package matrix of a sub-block) under a spec."""

Prepare = Callable[[Scenario, Mapping[str, NDArray[np.float64]], int, ProtocolSpec], Prepared]
"""Work done once per chunk before its sub-blocks: (scenario, parameter values, draws, spec) -> per-draw rows and tallies."""


@dataclass(frozen=True, kw_only=True)
class ProtocolDefinition:
    """A protocol: its options and, optionally, its own block of the summary.

    Attributes
    ----------
    options : ProtocolOptions
        What a scenario may write for it and what it needs from the scenario.
    report : callable or None
        ``(scenario, spec, tallies, draws) -> dict``: the protocol's own block
        of the summary from its summed tallies (a summit's phases, a forecast).
    """

    options: ProtocolOptions
    report: Reporter | None = None

    @property
    def name(self) -> str:
        """The name a scenario lists it by."""
        return self.options.name


@dataclass(frozen=True, kw_only=True)
class BlockProtocol(ProtocolDefinition):
    """A protocol solved on blocks of the package matrix, every sub-block of a chunk in turn.

    Attributes
    ----------
    solve : callable
        ``(Bargaining, ProtocolSpec) -> Outcome`` for one block of draws.
    prepare : callable or None
        Work done once per chunk; its rows are sliced per block into
        ``Bargaining.prepared[spec.label]`` and its tallies summed.
    quota : callable or None
        ``(spec, parties) -> int``: how many parties' acceptance makes a deal
        under this spec (a majority rule's quota); None: every party's. With
        a clock, whether a talk can agree is decided on it (``timeline.talks``).
    unresolved : bool
        Whether the protocol can leave a draw unresolved (no verified
        equilibrium; ``results.outcome.UNRESOLVED``).
    """

    solve: BlockSolver
    prepare: Prepare | None = None
    quota: Callable[[ProtocolSpec, int], int] | None = None
    unresolved: bool = False


__all__ = ["BlockProtocol", "BlockSolver", "Prepare", "ProtocolDefinition"]
