"""The size and magnitude limits that validation enforces, each with the reason for its value.

Written once here: the compiler, the experiment reader, the command line and
the schema's descriptions (``negotiation schema``, docs/SCENARIOS.md) use these
values, so the documentation cannot drift from what is checked.
"""

from __future__ import annotations

import os

MAX_DRAWS = 2**32
"""Draws of one run (4,294,967,296).

The streaming summary keeps some per-draw sums in fixed point as int64
(``results.summary.fixed_sums``: values in [0, 1] at a scale of 2**30, such as
the forecast positions); 2**32 draws sum to at most 2**62, inside the int64
range. It is also the most the sobol sampler gives, and far more than any
deal rate needs (at 2**32 draws its 95% half-width is below 2e-5)."""

DRAWS_BEYOND = "; that is the limit of one run (its exact int64 sums): for more draws, run again with another seed"
"""How to go past :data:`MAX_DRAWS`, appended to the message that states it."""

MAX_STAKEHOLDER_ROUNDS = 1000
"""Rounds of the stakeholders' expected-utility dynamics: ``summit.stakeholder_rounds``, the ``bdm`` protocol's
``rounds`` and ``negotiation bdm --rounds`` (the positions settle long before)."""

MAX_SEED = 2**64 - 1
"""The largest root seed: 64 bits are as many as a seed needs."""

MAX_CHUNK = 2**20
"""Draws per compute chunk (1,048,576): a chunk is held in memory at once, and
its fixed-point sums of values within +/-1024 stay far inside int64 (2**23 would)."""

MAX_HELD_DRAWS = 2**20
"""Model runs of a study that keeps every run in memory (1,048,576): a discovery
study's draws, a sensitivity study's samples x (inputs + 2)."""

MAX_EXPERIMENT_DRAWS = 2**32
"""Model runs of a whole experiment (every point's draws, every study's runs), as for one run."""

MAX_MAGNITUDE = 1e6
"""Bound on the absolute value of every numeric parameter of a scenario (weights,
powers, capabilities, concessions ...), fixed or as far as its distribution can
be sampled: values are relative, so larger numbers are a mistake and overflow."""

MAX_UTILITY = 1000.0
"""Bound on the absolute value of a number on the utility scale (a reservation
value, a cost of war, an event's operand, a belief about a reservation value).

Utilities lie in [0, 1] (weights renormalised, values in [0, 1]), so a
reservation value beyond +/- 1 already means "never agrees" or "agrees to
anything" and +/- 1000 leaves every meaningful value room. The solvers screen
packages in single precision (``solvers.nash.screened_nash_choice``,
``solvers.blocking``): the parties' gains and their products are float32,
with error bounds that grow with the gains, so gains of this size keep the
products far inside float32's range (about 3.4e38) and the screens sharp.
A run also stops at a reservation value beyond it (``RESERVATION_LIMIT``)."""

MAX_SCALE = 1e12
"""Bound on the absolute value of a numeric issue's range ends and of a
stakeholder table's positions: their differences and squares stay finite."""

MAX_NAME = 64
"""Characters of a name: the scenario's, an issue's, a party's, an option's, any key the file chooses."""

MAX_LABEL = 200
"""Characters of a label, title or unit (drawn on plots)."""

MAX_TEXT = 5000
"""Characters of any other text (a description, a note, a source's title)."""

WORKERS_PER_CPU = 4
"""``--workers`` may start at most this many processes per CPU core."""


def max_workers() -> int:
    """The most processes ``--workers`` may start on this machine: :data:`WORKERS_PER_CPU` per CPU core."""
    return WORKERS_PER_CPU * (os.cpu_count() or 1)


def count(n: float) -> str:
    """A limit as messages print it: ``4,294,967,296 (2**32)`` for a power of two, else ``1,000``."""
    n = int(n)
    power = n.bit_length() - 1
    return f"{n:,} (2**{power})" if n > 1024 and n == 1 << power else f"{n:,}"


__all__ = [
    "DRAWS_BEYOND",
    "MAX_CHUNK",
    "MAX_DRAWS",
    "MAX_EXPERIMENT_DRAWS",
    "MAX_HELD_DRAWS",
    "MAX_LABEL",
    "MAX_MAGNITUDE",
    "MAX_NAME",
    "MAX_SCALE",
    "MAX_SEED",
    "MAX_STAKEHOLDER_ROUNDS",
    "MAX_TEXT",
    "MAX_UTILITY",
    "WORKERS_PER_CPU",
    "count",
    "max_workers",
]
