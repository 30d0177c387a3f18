"""``utilitarian``: the acceptable package with the largest sum of gains (Harsanyi 1955)."""

from __future__ import annotations

from negotiation.protocols.definition import BlockProtocol
from negotiation.scenario.protocol_options import ProtocolOptions
from negotiation.solvers.axiomatic import utilitarian_protocol

PROTOCOL = BlockProtocol(options=ProtocolOptions("utilitarian"), solve=utilitarian_protocol)
"""The utilitarian solution; no options."""
