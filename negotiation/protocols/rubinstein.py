"""``rubinstein``: two parties alternate offers, with discounting (Rubinstein 1982).

Option: ``first`` (the party who proposes first; default the first party).
One uniform per draw picks the proposer's mix among optimal offers.
"""

from __future__ import annotations

from negotiation.protocols.definition import BlockProtocol
from negotiation.scenario.protocol_options import ProtocolOptions, party
from negotiation.solvers.baron_ferejohn import rubinstein_protocol

PROTOCOL = BlockProtocol(
    options=ProtocolOptions("rubinstein", options={"first": party}, uniforms=1, parties=2), solve=rubinstein_protocol, unresolved=True
)
"""Rubinstein alternating offers; exactly two parties."""
