"""What the protocols may know about one party's private types over the war (Fearon 1995; Fey & Ramsay 2011)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class TypeView:
    """One party's private types in a block of draws.

    Every complete-information protocol sees only the true type, through the
    draw's war lottery; a protocol that reasons about the types (``fearon``)
    reads this view.

    Attributes
    ----------
    party : int
        The typed party's index on the parties axis.
    names : tuple of str
        The types, in file order.
    offsets : ndarray, shape (draws, types, parties)
        Each party's reservation value were the type the given one, less the
        draw's (true) reservation value: 0 at the true type.
    prior : ndarray, shape (draws, types)
    true : ndarray of int64, shape (draws,)
        The draw's true type.
    remaining : ndarray of bool, shape (draws, types)
        Types the proposer still deems possible (all at the first talk; with a
        clock, the types that refused earlier offers).
    """

    party: int
    names: tuple[str, ...]
    offsets: NDArray[np.float64]
    prior: NDArray[np.float64]
    true: NDArray[np.int64]
    remaining: NDArray[np.bool_]

    def rows(self, at: NDArray[np.intp] | slice, remaining: NDArray[np.bool_] | None = None) -> TypeView:
        """The view of some draws, with an updated belief mask when given."""
        return TypeView(
            self.party,
            self.names,
            self.offsets[at],
            self.prior[at],
            self.true[at],
            self.remaining[at] if remaining is None else remaining,
        )


__all__ = ["TypeView"]
