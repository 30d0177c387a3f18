"""An experiment's ``summary.json``, typed: :class:`ExperimentSummary`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from negotiation.results.json_text import json_text

ORDER = (
    "experiment",
    "title",
    "scenario",
    "draws",
    "seed",
    "protocols",
    "metrics",
    "common_random_numbers",
    "studies",
    "findings",
    "timing",
)
"""The keys of an experiment's ``summary.json`` in the order it writes them."""


@dataclass(frozen=True)
class ExperimentSummary:
    """What an experiment produced (``summary.json`` beside ``table.csv``; docs/OUTPUTS.md).

    Attributes
    ----------
    experiment, title : str
        The experiment's name and title.
    scenario : str
        The base scenario's name.
    draws : int
        Draws per point.
    seed : int
        The seed every point shares (common random numbers).
    protocols, metrics : tuple of str
        The protocols run and the metrics estimated at every point.
    common_random_numbers : str
        How the points share their draws.
    studies : mapping
        Study name -> its block: ``kind`` (sweep, compare, sensitivity,
        discovery), ``label`` and the kind's results.
    findings : tuple of str
        The findings, one sentence each, study by study.
    timing : mapping
        ``seconds`` in all and ``seconds_in_draws``.
    extra : mapping
        Any further top-level keys, written last.
    """

    experiment: str
    title: str
    scenario: str
    draws: int
    seed: int
    protocols: tuple[str, ...]
    metrics: tuple[str, ...]
    common_random_numbers: str
    studies: Mapping[str, Mapping[str, Any]]
    findings: tuple[str, ...]
    timing: Mapping[str, float]
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> Literal["experiment"]:
        """Always ``"experiment"`` (beside :attr:`RunSummary.kind`)."""
        return "experiment"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExperimentSummary:
        """From ``summary.json`` as ``json.loads`` reads it."""
        known = {k: v for k, v in data.items() if k in ORDER}
        for name in ("protocols", "metrics", "findings"):
            known[name] = tuple(known[name])
        return cls(**known, extra={k: v for k, v in data.items() if k not in ORDER})

    @classmethod
    def from_json(cls, text: str) -> ExperimentSummary:
        """From the text of ``summary.json``."""
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        """The summary as ``summary.json`` holds it, keys in its order."""
        out: dict[str, Any] = {}
        for name in ORDER:
            value = getattr(self, name)
            out[name] = list(value) if isinstance(value, tuple) else value
        out.update(self.extra)
        return out

    def to_json(self) -> str:
        """The text of ``summary.json``: ``from_json(text).to_json() == text`` for every experiment's file."""
        return json_text(self.to_dict())


__all__ = ["ORDER", "ExperimentSummary"]
