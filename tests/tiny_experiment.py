"""A tiny experiment on the README's toy scenario: a two-point sweep and a comparison, a few hundred draws."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import TOY

DRAWS = 120


def tiny_experiment(folder: Path) -> Path:
    """Write ``tiny.yaml`` into ``folder``; returns its path."""
    path = folder / "tiny.yaml"
    path.write_text(
        f"""name: tiny
title: A tiny experiment
scenario: {TOY}
protocols: [nash, kalai_smorodinsky]
draws: {DRAWS}
seed: 7
metrics: [deal_rate, mean_utility]
studies:
  reservation:
    label: The US reservation value
    sweep:
      parties.usa.reservation: [0.2, 0.4]
  event:
    label: The missile test
    compare:
      never: {{label: never, set: {{events.missile_test.probability: 0.0}}}}
      always: {{label: always, set: {{events.missile_test.probability: 1.0}}}}
""",
        encoding="utf-8",
    )
    return path


__all__ = ["DRAWS", "tiny_experiment"]
