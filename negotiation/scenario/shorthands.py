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


OPTIONS = {
    "monte_carlo.draws": "--draws",
    "monte_carlo.seed": "--seed",
    "monte_carlo.chunk": "--chunk",
    "monte_carlo.sampler": "--sampler",
    "protocols": "--protocol",
    "monte_carlo.precision": "--precision",
}
"""The command-line option each shorthand's path is written as."""

KEYWORDS = {
    "monte_carlo.draws": "draws=",
    "monte_carlo.seed": "seed=",
    "monte_carlo.chunk": "chunk=",
    "monte_carlo.sampler": "sampler=",
    "protocols": "protocols=",
    "monte_carlo.precision": "precision=",
}
"""The keyword argument of :func:`negotiation.run` each shorthand's path is written as."""


def shorthand_origins(given: Sequence[Override], typed: int, names: Mapping[str, str] = OPTIONS) -> list[tuple[str, int]]:
    """Where each of :func:`with_shorthands`' overrides was written, for messages.

    Parameters
    ----------
    given : sequence of Override
        What :func:`with_shorthands` returned.
    typed : int
        How many of them come first from ``--set`` (reported as ``--set:N``).
    names : mapping, optional
        Path -> how the shorthand for it was written (default: the command-line
        options, ``--draws`` and the like); such an override's problem is
        reported at that name, with line 0, which prints no line.

    Returns
    -------
    list of (file, line)
        One per override, for ``load_scenario``'s ``origins``.
    """
    out: list[tuple[str, int]] = [("--set", n) for n in range(1, typed + 1)]
    for item in given[typed:]:
        path = item[0] if isinstance(item, tuple) else item.partition("=")[0]
        out.append((names.get(str(path), "--set"), 0))
    return out


__all__ = ["KEYWORDS", "OPTIONS", "shorthand_origins", "with_shorthands"]
