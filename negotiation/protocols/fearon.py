"""``fearon``: a take-it-or-leave-it offer under private information, and war when it is refused (Fearon 1995).

Options: ``proposer`` and ``informed`` (required, different parties) and
``private`` (cost | reservation): what the proposer does not know about the
informed party. ``cost`` needs the informed party's reservation value derived
from the ``no_deal`` lottery; ``reservation`` needs it written. The default
follows the file: ``cost`` when derived, else ``reservation``. ``rounds``
(1 to 100, default 1): how many take-it-or-leave-it offers the proposer may
make before war. With ``no_deal.types`` for the informed party the proposer
screens over those types (``private`` does not apply); without them and with
``rounds`` of 2 or more it screens over the written law of ``private``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from negotiation.protocols.definition import BlockProtocol
from negotiation.scenario.context import CompileContext, CompiledSections
from negotiation.scenario.protocol_options import ProtocolOptions, choice, party, whole_number
from negotiation.solvers.fearon import fearon_protocol
from negotiation.solvers.fearon_screening import screening_report


def conflicts(ctx: CompileContext, options: Mapping[str, Any], compiled: CompiledSections) -> list[str]:
    """The proposer and the informed party must differ, and ``private`` must match how the informed party's reservation is given."""
    found = []
    informed = next((p for p in compiled.parties if p.name == options["informed"]), None)
    typed = ctx.section(("no_deal", "types"))
    if options["proposer"] == options["informed"]:
        found.append("the proposer and the informed party must differ")
    elif options["informed"] in typed:
        if "private" in options:
            found.append(f"private does not apply: '{options['informed']}' has no_deal.types, which say what the proposer does not know")
    elif informed is not None:
        private = options.get("private", "cost" if informed.derived_reservation else "reservation")
        if private == "cost" and not informed.derived_reservation:
            found.append(f"private: cost needs '{informed.name}' to take its reservation value from the no_deal lottery")
        if private == "reservation" and informed.derived_reservation:
            found.append(
                f"private: reservation needs a 'reservation' for '{informed.name}'; it is derived from no_deal (use private: cost)"
            )
    return found


OPTIONS = ProtocolOptions(
    "fearon",
    options={"proposer": party, "informed": party, "private": choice("cost", "reservation"), "rounds": whole_number("rounds", 1, 100)},
    required=("proposer", "informed"),
    conflicts=conflicts,
)

PROTOCOL = BlockProtocol(options=OPTIONS, solve=fearon_protocol, report=screening_report)
"""Fearon's crisis bargaining."""
