"""The run options that are shorthands for overrides: ``--draws``, ``--seed``, ``--protocol`` and the like."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from negotiation.scenario.overrides import Override


def with_shorthands(
    overrides: Sequence[Override] | Mapping[str, Any] | None = None,
    *,
    draws: int | None = None,
    seed: int | None = None,
    chunk: int | None = None,
    sampler: str | None = None,
    precision: float | None = None,
    protocols: Sequence[str | Mapping[str, Any]] | None = None,
) -> list[Override]:
    """The overrides with each shorthand given appended as the override it stands for.

    Parameters
    ----------
    overrides : sequence of "PATH=VALUE" / (PATH, value), or mapping PATH -> value, optional
        Overrides as ``--set`` takes them; kept first, in order.
    draws, seed, chunk, sampler, precision : optional
        ``monte_carlo.draws``, ``.seed``, ``.chunk``, ``.sampler`` and ``.precision``.
    protocols : sequence of names or one-key mappings, optional
        ``protocols``, e.g. ``["nash", {"baron_ferejohn": {"rule": "majority"}}]``.

    Returns
    -------
    list of Override
        Ready for ``load_scenario``; a shorthand left at None adds nothing.
    """
    items: list[Override] = list(overrides.items()) if isinstance(overrides, Mapping) else list(overrides or [])
    for path, value in (
        ("monte_carlo.draws", draws),
        ("monte_carlo.seed", seed),
        ("monte_carlo.chunk", chunk),
        ("monte_carlo.sampler", sampler),
        ("protocols", list(protocols) if protocols else None),
        ("monte_carlo.precision", precision),
    ):
        if value is not None:
            items.append((path, value))
    return items


__all__ = ["with_shorthands"]
