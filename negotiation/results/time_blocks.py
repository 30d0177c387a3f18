"""The blocks of a run with a clock, read from its summary: ``clock``, ``beliefs``, and per protocol ``timeline`` and ``questions``.

Figures, the report, the printed summary and the experiment metrics read these
blocks only through the functions here, one per key, so that they take a
summary in any of its forms: the dict of ``summary.json`` (as ``json.loads``
or ``SummaryBuilder.summary()`` give it) or the typed :class:`RunSummary` /
:class:`ProtocolSummary`. A typed summary is read through its ``to_dict``,
which holds every block exactly as ``summary.json`` does, whether or not it
has a typed accessor for it. The format is the one the design sets out
(DESIGN §9, "Outputs"):

- ``clock``: ``start``, ``period``, ``horizon``, ``dates`` (each period's last
  day, ISO), ``talks`` (dated talks: ``period``, ``date``, ``label``),
  ``every`` (the strides written), ``events`` (dated events: ``name``,
  ``label``, ``date``, ``period``);
- ``beliefs``: who (``nature`` or a party) -> end state -> ``p10``,
  ``median``, ``p90``, each a list over periods (at each period's start);
- ``timeline``: ``dates``, ``deal_by`` (the share of all draws with a deal by
  each period's end), ``deal_by_ci95`` (Wilson), ``median_period`` and
  ``median_date`` (null when fewer than half agree by the horizon);
- ``questions``: name -> ``by``, ``probability``, ``ci95``.

A run without a clock has none of them: every function then returns None (or
an empty mapping).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from negotiation.results.protocol_summary import ProtocolSummary
from negotiation.results.run_summary import RunSummary

Block = Mapping[str, Any]


def _run(summary: Mapping[str, Any] | RunSummary) -> Mapping[str, Any]:
    return summary.to_dict() if isinstance(summary, RunSummary) else summary


def _protocol(block: Mapping[str, Any] | ProtocolSummary) -> Mapping[str, Any]:
    return block.to_dict() if isinstance(block, ProtocolSummary) else block


def clock_block(summary: Mapping[str, Any] | RunSummary) -> Block | None:
    """The run's ``clock`` block; None for a run without a clock."""
    return _run(summary).get("clock")


def beliefs_block(summary: Mapping[str, Any] | RunSummary) -> Block | None:
    """The run's ``beliefs`` block (who -> end state -> quantiles per period); None without a clock."""
    return _run(summary).get("beliefs")


def timeline_block(block: Mapping[str, Any] | ProtocolSummary) -> Block | None:
    """One protocol's ``timeline`` block; None without a clock."""
    return _protocol(block).get("timeline")


def questions_block(block: Mapping[str, Any] | ProtocolSummary) -> Mapping[str, Block]:
    """One protocol's ``questions`` block (name -> ``by``, ``probability``, ``ci95``); empty when it has none."""
    return _protocol(block).get("questions") or {}


def at_start_line(block: Block) -> str:
    """One line on a run of the one-shot problem at a clock's start, from ``summary.json``'s ``at_start`` block.

    E.g. ``summit: one talk at the clock's start, 2025-08-15; the clock, talks and
    questions apply to the timed protocols only``, then the dated events applied
    (those of the first period) and left out, when there are any.
    """
    line = (
        f"{', '.join(block['protocols'])}: one talk at the clock's start, {block['start']}; "
        "the clock, talks and questions apply to the timed protocols only"
    )
    applied = block.get("dated_events_applied") or []
    later = [path.removeprefix("events.") for path in block.get("left_out") or [] if path.count(".") == 1 and path.startswith("events.")]
    if applied:
        line += f"; dated events of the first period (to {block['first_period_end']}) apply: {', '.join(applied)}"
    if later:
        line += f"; left out: {', '.join(later)}"
    return line


__all__ = ["Block", "at_start_line", "beliefs_block", "clock_block", "questions_block", "timeline_block"]
