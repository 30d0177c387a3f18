"""Solvers: pure, vectorised functions from a :class:`Bargaining` problem to a package or no deal per draw.

Each protocol's definition (options, checks, which solver, report) is in
``negotiation.protocols``; this package holds the solvers they call.
"""

from __future__ import annotations

from negotiation.solvers.axiomatic import egalitarian_choice, kalai_smorodinsky_choice, utilitarian_choice
from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome, PackageSet
from negotiation.solvers.baron_ferejohn import stationary_equilibrium
from negotiation.solvers.fearon import fearon_offer
from negotiation.solvers.nash import choose_nash, nash_choice, screened_nash_choice

__all__ = [
    "NO_DEAL",
    "Bargaining",
    "Outcome",
    "PackageSet",
    "choose_nash",
    "egalitarian_choice",
    "fearon_offer",
    "kalai_smorodinsky_choice",
    "nash_choice",
    "screened_nash_choice",
    "stationary_equilibrium",
    "utilitarian_choice",
]
