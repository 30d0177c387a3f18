"""``summit``: the agent-based summit (docs/MODEL.md §13) as a protocol: options, checks, solve, report.

It takes no options and one uniform per draw (the key of the draw's
interpreter noise). It needs a leader for every party at the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from negotiation.scenario.context import CompileContext, CompiledSections
from negotiation.scenario.errors import closest
from negotiation.scenario.model import Stakeholder
from negotiation.scenario.protocol_options import ProtocolOptions
from negotiation.scenario.schema import ROLES
from negotiation.summit.chunk_protocol import ChunkProtocol
from negotiation.summit.protocol import summit_protocol, summit_report


def conflicts(ctx: CompileContext, options: Mapping[str, Any], compiled: CompiledSections) -> list[str]:
    """Every party at the table needs a leader (a stakeholder with role: leader).

    A missing leader is not reported when a problem already reported may be
    its cause: a stakeholder that did not compile may be the missing leader,
    a misspelt name in ``summit.absent`` may mean the party without one, and
    a broken stakeholders section tells nothing.
    """
    if ("stakeholders",) in ctx.broken:
        return []
    led = {s.party for s in compiled.stakeholders if s.role == "leader"} | _maybe_led(ctx, compiled.stakeholders)
    written = ctx.section(("summit",)).get("absent")
    misspelt = [w for w in written if isinstance(w, str)] if isinstance(written, list) else []
    absent = compiled.summit.absent
    missing = [p for p in ctx.party_names if p not in absent and p not in led and not ctx.misspelt(misspelt, p, ctx.party_names)]
    if not missing:
        return []
    return [f"the summit needs a leader (a stakeholder with role: leader) for every party at the table; none for {', '.join(missing)}"]


def _maybe_led(ctx: CompileContext, stakeholders: tuple[Stakeholder, ...]) -> set[str]:
    """Parties that a stakeholder which did not compile (its problem reported) may lead."""
    compiled = {s.name for s in stakeholders}
    out = set()
    for name, spec in ctx.section(("stakeholders",)).items():
        if name in compiled or not isinstance(spec, dict):
            continue
        party, role = spec.get("party"), spec.get("role")
        if isinstance(party, str) and (role == "leader" or role not in ROLES):
            out.add(party if party in ctx.party_names else closest(party, ctx.party_names) or party)
    return out


PROTOCOL = ChunkProtocol(
    options=ProtocolOptions("summit", uniforms=1, conflicts=conflicts, timed=False), solve=summit_protocol, report=summit_report
)
"""The agent-based summit."""
