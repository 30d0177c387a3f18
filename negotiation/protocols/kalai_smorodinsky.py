"""``kalai_smorodinsky``: equal shares of each party's best attainable gain (Kalai & Smorodinsky 1975)."""

from __future__ import annotations

from negotiation.protocols.definition import BlockProtocol
from negotiation.scenario.protocol_options import ProtocolOptions
from negotiation.solvers.axiomatic import kalai_smorodinsky_protocol

PROTOCOL = BlockProtocol(options=ProtocolOptions("kalai_smorodinsky"), solve=kalai_smorodinsky_protocol)
"""The Kalai-Smorodinsky solution; no options."""
