"""``nash``: the (asymmetric) Nash bargaining solution on the packages every party accepts (Nash 1950).

Option: ``power: from_patience`` takes every party's exponent from its
patience, ``1 / (-ln patience)`` per draw (Binmore, Rubinstein & Wolinsky
1986), instead of its ``power``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from negotiation.protocols.definition import BlockProtocol
from negotiation.scenario.context import CompileContext, CompiledSections
from negotiation.scenario.model import FROM_PATIENCE
from negotiation.scenario.protocol_options import ProtocolOptions, choice
from negotiation.scenario.sections.parties import patience_reaches_one
from negotiation.solvers.nash import nash_protocol


def conflicts(ctx: CompileContext, options: Mapping[str, Any], compiled: CompiledSections) -> list[str]:
    """With ``power: from_patience`` every party's patience must stay below 1 (else its exponent is infinite)."""
    if options.get("power") != FROM_PATIENCE:
        return []
    found = []
    for party in compiled.parties:
        trouble = patience_reaches_one(ctx, party.patience)
        if trouble and not ctx.reported_under(("parties", party.name, "patience")):
            found.append(f"power: from_patience needs every party's patience below 1, but for '{party.name}' {trouble}")
    return found


OPTIONS = ProtocolOptions("nash", options={"power": choice(FROM_PATIENCE)}, conflicts=conflicts)

PROTOCOL = BlockProtocol(options=OPTIONS, solve=nash_protocol)
"""Nash bargaining, weighted by each party's ``power`` (or, with ``power: from_patience``, by its patience)."""
