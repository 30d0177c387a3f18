"""Solvers and protocols: each maps a :class:`Bargaining` problem to a package or no deal per draw."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import ProtocolSpec, Scenario
from negotiation.solvers.axiomatic import (
    egalitarian_choice,
    egalitarian_protocol,
    kalai_smorodinsky_choice,
    kalai_smorodinsky_protocol,
    utilitarian_choice,
    utilitarian_protocol,
)
from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome, PackageSet
from negotiation.solvers.baron_ferejohn import baron_ferejohn_protocol, rubinstein_protocol, stationary_equilibrium
from negotiation.solvers.fearon import fearon_offer, fearon_protocol
from negotiation.solvers.forecast import Prepared, bdm_protocol, prepare_bdm
from negotiation.solvers.nash import choose_nash, nash_choice, nash_protocol, screened_nash_choice

Protocol = Callable[[Bargaining, ProtocolSpec], Outcome]
"""A protocol: the problem of a block of draws and its spec (name, options, label) -> outcome."""

PROTOCOLS: dict[str, Protocol] = {
    "nash": nash_protocol,
    "kalai_smorodinsky": kalai_smorodinsky_protocol,
    "utilitarian": utilitarian_protocol,
    "egalitarian": egalitarian_protocol,
    "baron_ferejohn": baron_ferejohn_protocol,
    "rubinstein": rubinstein_protocol,
    "fearon": fearon_protocol,
    "bdm": bdm_protocol,
}
"""Protocol name -> implementation on the package matrix. With the chunk-level
protocols of ``negotiation.summit`` the names match ``scenario.protocols.PROTOCOLS``."""

Prepare = Callable[[Scenario, Mapping[str, NDArray[np.float64]], int, ProtocolSpec], Prepared]
PREPARE: dict[str, Prepare] = {"bdm": prepare_bdm}
"""Protocol name -> work done once per chunk before the sub-blocks (sliced into ``Bargaining.prepared``)."""

__all__ = [
    "NO_DEAL",
    "PREPARE",
    "PROTOCOLS",
    "Bargaining",
    "Outcome",
    "PackageSet",
    "Protocol",
    "choose_nash",
    "egalitarian_choice",
    "fearon_offer",
    "kalai_smorodinsky_choice",
    "nash_choice",
    "screened_nash_choice",
    "stationary_equilibrium",
    "utilitarian_choice",
]
