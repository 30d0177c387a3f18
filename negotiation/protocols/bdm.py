"""``bdm``: the expected-utility forecast of the stakeholders (Bueno de Mesquita 1994), completed by Nash bargaining.

Options: ``rounds`` (1 to 1000, default the summit's stakeholder rounds) and
``q`` (the probability of the status quo, in [0, 1]). The forecast runs once
per chunk on every contested issue (:func:`~negotiation.solvers.forecast.prepare_bdm`);
the summary gains a ``forecast`` block.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from negotiation.protocols.definition import BlockProtocol
from negotiation.scenario.contested import contested_issues
from negotiation.scenario.context import CompileContext, CompiledSections
from negotiation.scenario.limits import MAX_STAKEHOLDER_ROUNDS
from negotiation.scenario.protocol_options import ProtocolOptions, unit_number, whole_number
from negotiation.solvers.forecast import bdm_protocol, bdm_report, prepare_bdm


def conflicts(ctx: CompileContext, options: Mapping[str, Any], compiled: CompiledSections) -> list[str]:
    """The forecast needs an issue that two stakeholders contest.

    Not reported while a problem in the stakeholders section is: whether it
    contests an issue is then unknown.
    """
    if ctx.reported_under(("stakeholders",)) or contested_issues(ctx.params, compiled.stakeholders):
        return []
    return ["bdm needs an issue on which at least two stakeholders have a position and a salience above 0"]


MAX_ROUNDS = MAX_STAKEHOLDER_ROUNDS
"""The most rounds of the forecast, in a scenario's ``bdm`` protocol and in ``negotiation bdm --rounds``."""

OPTIONS = ProtocolOptions(
    "bdm",
    options={"rounds": whole_number("rounds", 1, MAX_ROUNDS), "q": unit_number("q (the probability of the status quo)")},
    conflicts=conflicts,
    timed=False,
)

PROTOCOL = BlockProtocol(options=OPTIONS, solve=bdm_protocol, prepare=prepare_bdm, report=bdm_report)
"""The bdm forecast protocol."""
