"""``egalitarian``: the acceptable package with the largest smallest gain (Kalai 1977)."""

from __future__ import annotations

from negotiation.protocols.definition import BlockProtocol
from negotiation.scenario.protocol_options import ProtocolOptions
from negotiation.solvers.axiomatic import egalitarian_protocol

PROTOCOL = BlockProtocol(options=ProtocolOptions("egalitarian"), solve=egalitarian_protocol)
"""The egalitarian solution; no options."""
