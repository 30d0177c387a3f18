"""``baron_ferejohn``: the stationary equilibrium of legislative bargaining with random recognition (Baron & Ferejohn 1989).

Options: ``rule`` (unanimity | majority), ``quota`` (with majority: how many
must accept, 1 to the number of parties), ``order`` (random | alternating)
and ``first`` (with alternating: the party who proposes first). Two uniforms
per draw realise the proposer (and its mix among optimal offers) and the round.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from negotiation.protocols.definition import BlockProtocol
from negotiation.scenario.context import CompileContext, CompiledSections
from negotiation.scenario.protocol_options import ProtocolOptions, choice, party, whole_number
from negotiation.solvers.baron_ferejohn import DEFAULT_ORDER, DEFAULT_RULE, acceptance_quota, baron_ferejohn_protocol, convergence_report


def conflicts(ctx: CompileContext, options: Mapping[str, Any], compiled: CompiledSections) -> list[str]:
    """Options that apply only with another: ``quota`` with rule: majority, ``first`` with order: alternating."""
    found = []
    if "quota" in options and options.get("rule", DEFAULT_RULE) != "majority":
        found.append("'quota' applies only with rule: majority")
    if "first" in options and options.get("order", DEFAULT_ORDER) != "alternating":
        found.append("'first' applies only with order: alternating")
    return found


OPTIONS = ProtocolOptions(
    "baron_ferejohn",
    options={
        "rule": choice("unanimity", "majority"),
        "quota": whole_number("the quota", 1),
        "order": choice("random", "alternating"),
        "first": party,
    },
    uniforms=2,
    conflicts=conflicts,
)

PROTOCOL = BlockProtocol(options=OPTIONS, solve=baron_ferejohn_protocol, quota=acceptance_quota, unresolved=True, report=convergence_report)
"""Baron-Ferejohn bargaining."""
