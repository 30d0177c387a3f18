"""The agent-based summit (Mesa): leaders and delegations negotiate in phases (docs/MODEL.md §13).

The ``summit`` protocol's definition is :data:`negotiation.summit.definition.PROTOCOL`:
a :class:`~negotiation.summit.chunk_protocol.ChunkProtocol`, run once per chunk of
draws on :class:`Talks` rather than on the package matrix.
"""

from __future__ import annotations

from negotiation.summit.model import Delegate, Leader, SummitModel
from negotiation.summit.protocol import summit_protocol
from negotiation.summit.talks import Talks

__all__ = ["Delegate", "Leader", "SummitModel", "Talks", "summit_protocol"]
