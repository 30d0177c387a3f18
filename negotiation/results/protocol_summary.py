"""One protocol's block of a run's ``summary.json``, typed: :class:`ProtocolSummary`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from negotiation.results.timeline_summary import QuestionResult, Timeline

COMMON = (
    "deal_rate",
    "deal_rate_ci95",
    "deals",
    "issue_shares",
    "top_packages",
    "mean_utility",
    "pivotal_rate",
    "blocking_rate",
    "utility_histogram",
)
"""The fields every protocol that ends in deals reports, in the order ``summary.json`` writes them."""

Metric = tuple[str, float, float, float]
"""A row of a tidy table: (metric, value, lower end of its 95% interval, upper end), NaN where it has none."""

NAN = math.nan


def _interval(ci: Any) -> tuple[float, float]:
    return (float(ci[0]), float(ci[1])) if ci is not None else (NAN, NAN)


@dataclass(frozen=True)
class ProtocolSummary:
    """What one protocol (one label under ``protocols``) produced over all draws.

    The fields are those of ``summary.json`` (docs/OUTPUTS.md); each is
    None for a block that does not report it (a stand-alone stakeholder
    forecast reports only ``forecast``).

    Attributes
    ----------
    deal_rate : float or None
        Share of draws ending in a deal, among the resolved draws: a draw a
        protocol left unresolved (:attr:`unresolved`) is in neither the
        numerator nor the denominator.
    deal_rate_ci95 : (float, float) or None
        Its 95% Wilson interval.
    deals : int or None
        Number of draws ending in a deal.
    issue_shares : mapping or None
        Issue -> option key -> share of deals with that value.
    top_packages : tuple of mappings or None
        The most frequent deals: ``{"package": {issue: value}, "share": float, "index": int}``.
    mean_utility, pivotal_rate : mapping or None
        Party -> mean realised utility over all draws (a no-deal draw counts the
        reservation value); party -> share of draws it alone blocks (kept for
        compatibility: the parties of ``blocking_rate``, except that a
        protocol with a rule of its own, such as ``fearon``, marks the party
        that refused).
    blocking_rate : mapping or None
        Party, then ratification step -> share of all draws in which it alone
        stands between the draw and a deal (docs/MODEL.md §17).
    utility_histogram : mapping or None
        Party -> counts of its utility among deals in the bins of ``histogram_edges``.
    blocks : mapping
        The protocol's own blocks, in the order written, after the common
        fields: ``mean_round`` (protocols with rounds; None without deals),
        ``unresolved`` (Baron–Ferejohn and Rubinstein: draws without a
        verified equilibrium), ``proposers``, ``means`` (per-draw numbers such as ``p_war``),
        ``unconstrained`` (ratification ignored), ``summit``, ``forecast``;
        with a clock ``timeline`` and ``questions`` (read them typed through
        :attr:`timeline` and :attr:`questions`).
    """

    deal_rate: float | None = None
    deal_rate_ci95: tuple[float, float] | None = None
    deals: int | None = None
    issue_shares: Mapping[str, Mapping[str, float]] | None = None
    top_packages: tuple[Mapping[str, Any], ...] | None = None
    mean_utility: Mapping[str, float] | None = None
    pivotal_rate: Mapping[str, float] | None = None
    blocking_rate: Mapping[str, float] | None = None
    utility_histogram: Mapping[str, list[int]] | None = None
    blocks: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProtocolSummary:
        """From the block as ``json.loads`` reads it."""
        ci = data.get("deal_rate_ci95")
        top = data.get("top_packages")
        return cls(
            deal_rate=data.get("deal_rate"),
            deal_rate_ci95=(ci[0], ci[1]) if ci is not None else None,
            deals=data.get("deals"),
            issue_shares=data.get("issue_shares"),
            top_packages=tuple(top) if top is not None else None,
            mean_utility=data.get("mean_utility"),
            pivotal_rate=data.get("pivotal_rate"),
            blocking_rate=data.get("blocking_rate"),
            utility_histogram=data.get("utility_histogram"),
            blocks={k: v for k, v in data.items() if k not in COMMON},
        )

    def to_dict(self) -> dict[str, Any]:
        """The block as ``summary.json`` holds it (keys in its order)."""
        out: dict[str, Any] = {}
        for name in COMMON:
            value = getattr(self, name)
            if value is not None:
                out[name] = list(value) if isinstance(value, tuple) else value
        out.update(self.blocks)
        return out

    @property
    def rated(self) -> bool:
        """Whether the protocol ends each draw in a deal or not (all but a stand-alone forecast)."""
        return self.deal_rate is not None

    @property
    def mean_round(self) -> float | None:
        """Mean round of agreement among deals (protocols with rounds)."""
        value = self.blocks.get("mean_round")
        return None if value is None else float(value)

    @property
    def unresolved(self) -> int | None:
        """Draws left without a verified equilibrium, out of the deal rate (Baron–Ferejohn, Rubinstein); None for other protocols."""
        value = self.blocks.get("unresolved")
        return None if value is None else int(value)

    @property
    def resolved_draws(self) -> str:
        """Words for the deal rate's denominator: "draws", or "resolved draws" when some were left unresolved."""
        return "resolved draws" if self.unresolved else "draws"

    @property
    def proposers(self) -> Mapping[str, float] | None:
        """Party -> share of draws its proposal decided (protocols with proposers)."""
        return self.blocks.get("proposers")

    @property
    def means(self) -> Mapping[str, float | None]:
        """Means over draws of further per-draw numbers, e.g. ``p_war`` (empty when none)."""
        return self.blocks.get("means", {})

    @property
    def unconstrained(self) -> Mapping[str, Any] | None:
        """The same draws with domestic ratification ignored (scenarios with ratification steps)."""
        return self.blocks.get("unconstrained")

    @property
    def summit(self) -> Mapping[str, Any] | None:
        """The agent-based summit's own block (phases, outcomes, rounds)."""
        return self.blocks.get("summit")

    @property
    def forecast(self) -> Mapping[str, Mapping[str, Any]]:
        """Issue -> the stakeholder forecast's positions, means and medians by round (empty when none)."""
        return self.blocks.get("forecast", {})

    @property
    def timeline(self) -> Timeline | None:
        """P(deal by date) per period (runs with a clock), else None."""
        block = self.blocks.get("timeline")
        return None if block is None else Timeline.from_dict(block)

    @property
    def questions(self) -> dict[str, QuestionResult]:
        """Dated question -> its probability and interval (runs with a clock; empty otherwise)."""
        return {name: QuestionResult.from_dict(block) for name, block in self.blocks.get("questions", {}).items()}

    def metrics(self) -> list[Metric]:
        """The block's headline numbers as tidy rows ``(metric, value, lo, hi)``.

        ``deal_rate`` (with its interval), ``deals``, ``unresolved`` (Baron–Ferejohn
        and Rubinstein), ``mean_utility.<party>``,
        ``pivotal_rate.<party>``, ``blocking_rate.<party or step>``, then where reported ``mean_round``,
        ``proposers.<party>``, ``means.<name>``, ``unconstrained.deal_rate``
        (with its interval), ``summit.framework_rate`` and per forecast issue
        ``forecast.<issue>.median`` and ``.mean`` (after the last round).
        """
        rows: list[Metric] = []
        if self.deal_rate is not None:
            rows.append(("deal_rate", float(self.deal_rate), *_interval(self.deal_rate_ci95)))
        if self.deals is not None:
            rows.append(("deals", float(self.deals), NAN, NAN))
        if self.unresolved is not None:
            rows.append(("unresolved", float(self.unresolved), NAN, NAN))
        for name, values in (
            ("mean_utility", self.mean_utility),
            ("pivotal_rate", self.pivotal_rate),
            ("blocking_rate", self.blocking_rate),
        ):
            rows += [(f"{name}.{party}", float(v), NAN, NAN) for party, v in (values or {}).items()]
        if self.mean_round is not None:
            rows.append(("mean_round", self.mean_round, NAN, NAN))
        rows += [(f"proposers.{party}", float(v), NAN, NAN) for party, v in (self.proposers or {}).items()]
        rows += [(f"means.{name}", float(v), NAN, NAN) for name, v in self.means.items() if v is not None]
        if self.unconstrained is not None:
            free = self.unconstrained
            rows.append(("unconstrained.deal_rate", float(free["deal_rate"]), *_interval(free.get("deal_rate_ci95"))))
        if self.summit is not None:
            rows.append(("summit.framework_rate", float(self.summit["framework_rate"]), NAN, NAN))
        for issue, block in self.forecast.items():
            rows.append((f"forecast.{issue}.median", float(block["median_by_round"][-1]), NAN, NAN))
            rows.append((f"forecast.{issue}.mean", float(block["mean_by_round"][-1]), NAN, NAN))
        return rows


__all__ = ["COMMON", "Metric", "ProtocolSummary"]
