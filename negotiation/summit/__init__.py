"""The agent-based summit (Mesa): leaders and delegations negotiate in phases (docs/MODEL.md §13).

The ``summit`` protocol's definition is :data:`negotiation.summit.definition.PROTOCOL`:
a :class:`~negotiation.summit.chunk_protocol.ChunkProtocol`, run once per chunk of
draws on :class:`Talks` rather than on the package matrix. Mesa is imported
when the summit runs, not with this package: a run without the summit never
loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from negotiation.summit.talks import Talks

if TYPE_CHECKING:
    from negotiation.summit.model import Delegate, Leader, SummitModel
    from negotiation.summit.protocol import summit_protocol


def __getattr__(name: str) -> Any:
    # Lazy: the model imports Mesa, which a run without the summit never needs.
    if name in ("Delegate", "Leader", "SummitModel"):
        from negotiation.summit import model

        return getattr(model, name)
    if name == "summit_protocol":
        from negotiation.summit.protocol import summit_protocol

        return summit_protocol
    raise AttributeError(f"module 'negotiation.summit' has no attribute {name!r}")


__all__ = ["Delegate", "Leader", "SummitModel", "Talks", "summit_protocol"]
