"""``nash``: the (asymmetric) Nash bargaining solution on the packages every party accepts (Nash 1950)."""

from __future__ import annotations

from negotiation.protocols.definition import BlockProtocol
from negotiation.scenario.protocol_options import ProtocolOptions
from negotiation.solvers.nash import nash_protocol

PROTOCOL = BlockProtocol(options=ProtocolOptions("nash"), solve=nash_protocol)
"""Nash bargaining, weighted by each party's ``power``; no options."""
