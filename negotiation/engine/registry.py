"""The one list of protocols: every definition the package runs, by the name a scenario lists it by.

Adding a protocol is one module (in ``negotiation.protocols``, or beside the
model it needs) and one line here. The order is the order in which messages
list them ("expected one of ...").
"""

from __future__ import annotations

from negotiation.protocols import baron_ferejohn, bdm, egalitarian, fearon, kalai_smorodinsky, nash, rubinstein, utilitarian
from negotiation.protocols.definition import ProtocolDefinition
from negotiation.results.summary import Reporter
from negotiation.scenario.protocol_options import ProtocolOptions
from negotiation.summit import definition as summit

PROTOCOLS: dict[str, ProtocolDefinition] = {
    p.name: p
    for p in (
        nash.PROTOCOL,
        kalai_smorodinsky.PROTOCOL,
        utilitarian.PROTOCOL,
        egalitarian.PROTOCOL,
        baron_ferejohn.PROTOCOL,
        rubinstein.PROTOCOL,
        fearon.PROTOCOL,
        bdm.PROTOCOL,
        summit.PROTOCOL,
    )
}
"""Protocol name -> its definition."""

CATALOG: dict[str, ProtocolOptions] = {name: p.options for name, p in PROTOCOLS.items()}
"""Protocol name -> what a scenario may write for it: the catalog the scenario compiler checks against."""

REPORTERS: dict[str, Reporter] = {name: p.report for name, p in PROTOCOLS.items() if p.report is not None}
"""Protocol name -> the function that builds its own summary block from its tallies."""

__all__ = ["CATALOG", "PROTOCOLS", "REPORTERS"]
