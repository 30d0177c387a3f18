"""Each draw's true type of the party with private types, and what the other types would change (Fearon 1995).

The true type is drawn from the priors with the draw's own uniform column
``no_deal.types.<party>`` (the last column, so a scenario without types keeps
its columns and results, and the type does not depend on the chunk size).
The draw's war is the true type's: its outcome probabilities replace
nature's, and its cost the party's ``no_deal.cost`` (where the type writes
them), before any event applies.

The reservation values each party would have under another type are the
draw's plus the difference that type's lottery and cost make, computed on the
parameters before events: ``d_p(θ) = d_p + (L_p(θ) - L_p(true)) - [p = B] (c(θ) - c(true))``
for parties whose reservation value is derived from the war (0 for a written
one). Events thus shift every type alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import Scenario
from negotiation.solvers.types import TypeView
from negotiation.space import OutcomeSpace
from negotiation.utility import normalised, package_utilities

Array = NDArray[np.float64]


def type_columns(scenario: Scenario) -> list[str]:
    """The uniform column of the true type, ``no_deal.types.<party>`` (none without types)."""
    types = None if scenario.no_deal is None else scenario.no_deal.types
    return [] if types is None else [f"no_deal.types.{types.party}"]


@dataclass
class TypeDraw:
    """The typed party's types in a range of draws.

    Attributes
    ----------
    party : int
    names : tuple of str
    index : ndarray of int64, shape (draws,)
        The true type.
    prior : ndarray, shape (draws, types)
    lottery : ndarray, shape (draws, types, states)
        Each type's war lottery, renormalised (nature's where it writes none).
    cost : ndarray, shape (draws, types)
        The party's cost of war under each type.
    """

    party: int
    names: tuple[str, ...]
    index: NDArray[np.int64]
    prior: Array
    lottery: Array
    cost: Array

    def offsets(self, wv: Array, space: OutcomeSpace, scenario: Scenario) -> Array:
        """Each party's reservation value under each type less the true type's, shape (draws, types, parties)."""
        assert scenario.no_deal is not None
        codes = np.array([o.package for o in scenario.no_deal.outcomes], dtype=np.intp)
        expected = np.einsum("nps,nts->ntp", package_utilities(wv, space.option_columns(codes)), self.lottery)
        rows = np.arange(self.index.shape[0])
        out = expected - expected[rows, self.index][:, None, :]
        out[:, :, self.party] -= self.cost - self.cost[rows, self.index][:, None]
        derived = np.array([p.derived_reservation for p in scenario.parties])
        return out * derived

    def view(self, offsets: Array, at: NDArray[np.intp] | slice, remaining: NDArray[np.bool_] | None = None) -> TypeView:
        """What a protocol sees of the types on some draws."""
        prior = self.prior[at]
        return TypeView(
            self.party, self.names, offsets[at], prior, self.index[at], np.ones(prior.shape, dtype=bool) if remaining is None else remaining
        )


def draw_types(scenario: Scenario, values: dict[str, Array], uniform: Array) -> TypeDraw | None:
    """Draw each draw's true type and make the draw's war the true type's (``values`` in place).

    Parameters
    ----------
    values : dict
        Parameter values, shape (draws,) each, before events.
    uniform : ndarray, shape (draws,)
        The type column's uniforms.
    """
    no_deal = scenario.no_deal
    if no_deal is None or no_deal.types is None:
        return None
    typed = no_deal.types
    n = uniform.shape[0]
    prior = np.column_stack([values[t.prior] for t in typed.types])
    cum = np.cumsum(prior, axis=1)
    index = np.minimum((uniform[:, None] >= cum / cum[:, -1:]).sum(axis=1), len(typed.types) - 1).astype(np.int64)
    nature = np.column_stack([values[o.probability] for o in no_deal.outcomes])
    lottery = np.stack(
        [np.column_stack([values[t.probability[o.name]] for o in no_deal.outcomes]) if t.probability else nature for t in typed.types],
        axis=1,
    )
    base = values[no_deal.cost[typed.party]]
    cost = np.column_stack([values[t.cost] if t.cost is not None else base for t in typed.types])
    rows = np.arange(n)
    for s, outcome in enumerate(no_deal.outcomes):
        values[outcome.probability] = lottery[rows, index, s]
    values[no_deal.cost[typed.party]] = cost[rows, index]
    names = tuple(t.name for t in typed.types)
    return TypeDraw(scenario.party_names.index(typed.party), names, index, prior, normalised(lottery), cost)


__all__ = ["TypeDraw", "draw_types", "type_columns"]
