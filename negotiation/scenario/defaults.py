"""The value every optional setting of a scenario takes when the file leaves it out.

Written once here: the compiler and the typed scenario use these values, and
the schema's descriptions (``negotiation schema``, docs/SCENARIOS.md) print
them, so the documentation cannot drift from what a run does.
"""

from __future__ import annotations

from negotiation.scenario.limits import MAX_UTILITY

DEFAULT_DRAWS = 10_000
"""Monte Carlo draws."""
DEFAULT_SEED = 0
"""Root seed of the draws."""
DEFAULT_CHUNK = 4096
"""Draws per compute chunk; never changes results."""
DEFAULT_SAMPLER = "random"
"""How the uniforms are placed."""
DEFAULT_POWER = 1.0
"""A party's asymmetric-Nash exponent."""
DEFAULT_PATIENCE = 0.95
"""A party's discount factor per round."""
DEFAULT_THRESHOLD = 0.5
"""Support a ratification step needs to pass."""
DEFAULT_COST = 0.0
"""A party's cost of war, in utility units."""
DEFAULT_TACTIC = "linear"
"""A leader's concession tactic at the summit."""
DEFAULT_CONCESSION = {"boulware": 0.2, "conceder": 5.0, "linear": 1.0, "tit_for_tat": 1.0}
"""Faratin's exponent e by tactic when the scenario gives none (e < 1 Boulware, e > 1 Conceder)."""
DEFAULT_STAKEHOLDER_ROUNDS = 10
"""Rounds of stakeholder dynamics in a summit phase with pull (and of the bdm forecast)."""
DEFAULT_PHASE_STRENGTH = 0.0
"""Noise, pull and audience cost of a summit phase the file writes without them."""
DEFAULT_EVENT_ROUND = 1
"""The round within its phase at which a scheduled event happens."""
DEFAULT_PROTOCOLS = ("nash",)
"""The protocols run when the file lists none."""

RESERVATION_LIMIT = MAX_UTILITY
"""The largest reservation value a run accepts, in absolute value: the limit of numbers on the utility scale.

Utilities lie in [0, 1] (weights renormalised, values in [0, 1]), so a
reservation value beyond +/- 1 already means "never agrees" or "agrees to
anything"; +/- 1000 leaves every meaningful value room while keeping the
solvers' single-precision screens (products of the parties' gains) and the
summary's fast fixed-point sums in range. Validation refuses a reservation
value, given or a distribution's reach, beyond it (``scenario.limits``); one
sampled, derived from the war or moved by an event beyond it stops the run
(``engine.finite``).
"""

__all__ = [
    "DEFAULT_CHUNK",
    "DEFAULT_CONCESSION",
    "DEFAULT_COST",
    "DEFAULT_DRAWS",
    "DEFAULT_EVENT_ROUND",
    "DEFAULT_PATIENCE",
    "DEFAULT_PHASE_STRENGTH",
    "DEFAULT_POWER",
    "DEFAULT_PROTOCOLS",
    "DEFAULT_SAMPLER",
    "DEFAULT_SEED",
    "DEFAULT_STAKEHOLDER_ROUNDS",
    "DEFAULT_TACTIC",
    "DEFAULT_THRESHOLD",
    "RESERVATION_LIMIT",
]
