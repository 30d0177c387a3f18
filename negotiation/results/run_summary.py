"""A run's ``summary.json``, typed: :class:`RunSummary` (a scenario's run, or a stakeholder table's forecast)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from negotiation.results.json_text import json_text
from negotiation.results.protocol_summary import Metric, ProtocolSummary

ORDER = (
    "scenario",
    "title",
    "source",
    "draws",
    "seed",
    "sampler",
    "rounds",
    "q",
    "parties",
    "issues",
    "protocols",
    "proposals",
    "reservation",
    "slack",
    "events",
    "histogram_edges",
    "convergence",
    "precision",
    "comparison",
    "ratification",
    "clock",
    "beliefs",
    "at_start",
)
"""The keys of ``summary.json`` in the order it writes them."""
ALWAYS = frozenset({"scenario", "title", "draws", "seed", "parties", "issues", "protocols"})
"""Keys written even when their value is null (a table's forecast has no seed); the others only when set."""

RunKind = Literal["run", "stakeholders"]


@dataclass(frozen=True)
class RunSummary:
    """What a run produced (``summary.json``; docs/OUTPUTS.md).

    Attributes
    ----------
    scenario, title : str
        The scenario's name (or a table's file stem) and title.
    draws : int
        Draws run (fewer than asked when a precision target stopped the run).
    seed : int or None
        The root seed (None for a stakeholder table, which draws nothing).
    parties : mapping
        Party -> label, in the scenario's order.
    issues : mapping
        Issue -> ``{"label", "kind", "values", "unit", "split"}``.
    protocols : mapping
        Protocol label -> :class:`ProtocolSummary`, in the order run.
    source : str or None
        A stakeholder table's file (None for a scenario's run).
    sampler : str or None
        ``random``, ``lhs`` or ``sobol`` (None for a stakeholder table).
    rounds : int or None
        A stakeholder table's rounds of moves.
    q : float or None
        A stakeholder table's probability that the status quo holds unchallenged.
    proposals, reservation, events, convergence, precision, comparison, ratification : mapping or None
        The blocks of a scenario's run (docs/OUTPUTS.md); None when absent.
    slack : mapping or None
        The slack's distribution over draws: ``mean`` (over draws with a
        non-empty win-set), ``p5``, ``p25``, ``median``, ``p75``, ``p95``
        (upper edges of 0.001-wide bins on [-2, 2]), ``share_negative`` (no
        deal in reach) and ``share_empty`` (no package in the win-set).
    histogram_edges : tuple of float or None
        Bin edges of every utility histogram.
    clock : mapping or None
        A run with a clock: ``start``, ``period``, ``horizon``, ``dates`` (each
        period's last day), dated ``talks``, the ``every`` strides, dated ``events``.
    beliefs : mapping or None
        A run with a clock: ``nature`` and each party -> end state ->
        ``{"p10", "median", "p90"}``, each a list over periods of the expected
        probability at the period's start.
    at_start : mapping or None
        A scenario with a clock run by protocols that do not run with one (the
        summit, ``bdm``) on its one-shot problem at the clock's start
        (``scenario.at_start``): ``start``, ``first_period_end``, ``protocols``,
        ``dated_events_applied`` and ``left_out``.
    extra : mapping
        Any further top-level keys, written last.
    """

    scenario: str
    title: str
    draws: int
    seed: int | None
    parties: Mapping[str, str]
    issues: Mapping[str, Mapping[str, Any]]
    protocols: Mapping[str, ProtocolSummary]
    source: str | None = None
    sampler: str | None = None
    rounds: int | None = None
    q: float | None = None
    proposals: Mapping[str, Mapping[str, Any]] | None = None
    reservation: Mapping[str, Any] | None = None
    events: Mapping[str, Mapping[str, Any]] | None = None
    histogram_edges: tuple[float, ...] | None = None
    convergence: Mapping[str, Any] | None = None
    precision: Mapping[str, Any] | None = None
    comparison: Mapping[str, Any] | None = None
    ratification: Mapping[str, Mapping[str, Any]] | None = None
    clock: Mapping[str, Any] | None = None
    beliefs: Mapping[str, Mapping[str, Mapping[str, list[float]]]] | None = None
    slack: Mapping[str, float | None] | None = None
    at_start: Mapping[str, Any] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> RunKind:
        """``"stakeholders"`` for a stakeholder table's forecast (``negotiation bdm``), else ``"run"``."""
        return "stakeholders" if self.source is not None else "run"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunSummary:
        """From ``summary.json`` as ``json.loads`` reads it (or ``SummaryBuilder.summary()``)."""
        known = {k: v for k, v in data.items() if k in ORDER}
        known["protocols"] = {label: ProtocolSummary.from_dict(block) for label, block in data["protocols"].items()}
        if known.get("histogram_edges") is not None:
            known["histogram_edges"] = tuple(known["histogram_edges"])
        return cls(**known, extra={k: v for k, v in data.items() if k not in ORDER})

    @classmethod
    def from_json(cls, text: str) -> RunSummary:
        """From the text of ``summary.json``."""
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        """The summary as ``summary.json`` holds it, keys in its order."""
        out: dict[str, Any] = {}
        for name in ORDER:
            value = getattr(self, name)
            if name == "protocols":
                value = {label: block.to_dict() for label, block in self.protocols.items()}
            elif isinstance(value, tuple):
                value = list(value)
            if value is not None or name in ALWAYS:
                out[name] = value
        out.update(self.extra)
        return out

    def to_json(self) -> str:
        """The text of ``summary.json``: ``from_json(text).to_json() == text`` for every run's file."""
        return json_text(self.to_dict())

    def metrics(self) -> list[tuple[str, Metric]]:
        """Every protocol's headline numbers: ``(protocol, (metric, value, lo, hi))`` (see :meth:`ProtocolSummary.metrics`)."""
        return [(label, row) for label, block in self.protocols.items() for row in block.metrics()]


__all__ = ["ALWAYS", "ORDER", "RunKind", "RunSummary"]
