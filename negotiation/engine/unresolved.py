"""Draws a protocol could not resolve, in a run with a clock.

A protocol that can leave a draw unresolved (Baron–Ferejohn and Rubinstein
without a verified stationary equilibrium, ``solvers.baron_ferejohn``) flags
it with the :data:`~negotiation.results.outcome.UNRESOLVED` extra. With a
clock the first talk at which a draw is unresolved ends what the run can say
about it for that protocol: from that talk on its result is not an
equilibrium result, so the draw is flagged unresolved and reported as no
deal, with no period, round or proposer, whatever a later talk would give;
the summary leaves it out of the deal rate. A deal reached at an earlier
talk stands (the draw never reaches the unresolved talk).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negotiation.results.outcome import UNRESOLVED
from negotiation.solvers.bargaining import NO_DEAL, Outcome

Extras = dict[str, NDArray[np.float64] | NDArray[np.int64]]


def start_flags(extras: Extras, draws: int) -> None:
    """Give a protocol that can leave draws unresolved its column, 0 for every draw of the chunk."""
    extras[UNRESOLVED] = np.zeros(draws, dtype=np.int64)


def flag_talk(extras: Extras, at: NDArray[np.intp], outcome: Outcome) -> None:
    """Flag the draws ``at`` (chunk rows, one per row of ``outcome``) that one talk left unresolved."""
    flagged = outcome.extras.get(UNRESOLVED)
    if flagged is not None and UNRESOLVED in extras:
        extras[UNRESOLVED][at[flagged > 0]] = 1


def withdraw(
    extras: Extras,
    rows: slice,
    period: NDArray[np.int64],
    choice: NDArray[np.int64],
    rounds: NDArray[np.int64] | None,
    proposers: NDArray[np.int64] | None,
) -> None:
    """Report every flagged draw among ``rows`` as no deal, without a period, round or proposer (in place)."""
    if UNRESOLVED not in extras:
        return
    lo = rows.start or 0
    hit = lo + np.flatnonzero(extras[UNRESOLVED][rows] > 0)
    period[hit] = -1
    choice[hit] = NO_DEAL
    if rounds is not None:
        rounds[hit] = 0
    if proposers is not None:
        proposers[hit] = -1


def resolved(extras: Extras, rows: slice) -> NDArray[np.bool_]:
    """Whether each draw among ``rows`` is resolved (every draw, for a protocol that cannot leave one unresolved)."""
    flagged = extras.get(UNRESOLVED)
    size = (rows.stop or 0) - (rows.start or 0)
    return np.ones(size, dtype=bool) if flagged is None else np.asarray(flagged[rows] <= 0)


__all__ = ["flag_talk", "resolved", "start_flags", "withdraw"]
