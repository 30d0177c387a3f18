"""The agent-based summit (Mesa): leaders and delegations negotiate in phases (docs/MODEL.md §13).

:data:`CHUNK_PROTOCOLS` are the protocols that run once per chunk of draws on
:class:`Talks` rather than on the package matrix; :data:`REPORTERS` turn each
protocol's summed tallies into its own block of the summary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import ProtocolSpec, Scenario
from negotiation.solvers.bargaining import Outcome
from negotiation.solvers.forecast import bdm_report
from negotiation.summit.model import Delegate, Leader, SummitModel
from negotiation.summit.protocol import summit_protocol, summit_report
from negotiation.summit.talks import Talks

ChunkProtocol = Callable[[Talks, ProtocolSpec], Outcome]
Reporter = Callable[[Scenario, ProtocolSpec, Mapping[str, NDArray[np.int64]], int], dict[str, Any]]

CHUNK_PROTOCOLS: dict[str, ChunkProtocol] = {"summit": summit_protocol}
"""Protocol name -> implementation running on a whole chunk."""

REPORTERS: dict[str, Reporter] = {"summit": summit_report, "bdm": bdm_report}
"""Protocol name -> the function that builds its summary block from its tallies."""

__all__ = ["CHUNK_PROTOCOLS", "REPORTERS", "Delegate", "Leader", "SummitModel", "Talks", "summit_protocol"]
