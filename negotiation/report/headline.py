"""One line per run: the deal rate with its interval, the most likely deal, what most often blocks a deal alone.

Used for the README's table of scenarios and ``docs/VALIDITY.md``, which a
test rebuilds from fresh runs, so the text there is what the code prints.
"""

from __future__ import annotations

from typing import Any

from negotiation.plots.style import percent, percent_interval
from negotiation.results.issue_values import package_text


def deal_text(package: dict[str, Any], issues: dict[str, Any] | None = None) -> str:
    """A package as ``issue=value`` pairs, a split's shares named by ``issues`` (a summary's block), as the command line writes it."""
    return package_text(package, issues)


def pivotal_text(result: dict[str, Any]) -> str:
    """The party that most often blocks a deal alone, with that share, or "none"."""
    rates = result.get("pivotal_rate", {})
    if not rates or max(rates.values()) <= 0:
        return "none"
    party = max(rates, key=lambda p: rates[p])
    return f"{party} ({percent(rates[party])} of draws)"


def blocking_text(result: dict[str, Any]) -> str:
    """The party or ratification step that most often blocks a deal alone, with that share, or "none".

    Reads ``blocking_rate`` (``pivotal_rate`` for a summary written before it existed).
    """
    rates = result.get("blocking_rate", result.get("pivotal_rate", {}))
    if not rates or max(rates.values()) <= 0:
        return "none"
    name = max(rates, key=lambda p: rates[p])
    return f"{name} ({percent(rates[name])} of draws)"


def headline(summary: dict[str, Any], protocol: str | None = None) -> dict[str, str]:
    """The headline of one protocol's results (the first protocol by default).

    Returns
    -------
    dict with keys ``protocol``, ``deal_rate`` ("41.0% [40.0%, 42.0%]"), ``deal``
    (the most likely deal, "none" without deals), ``deal_share`` (its share of
    all draws), ``blocking`` (:func:`blocking_text`) and ``pivotal`` (the same
    for parties by ``pivotal_rate``, kept for compatibility).
    """
    label = protocol or next(iter(summary["protocols"]))
    r = summary["protocols"][label]
    top = r.get("top_packages") or []
    return {
        "protocol": label,
        "deal_rate": f"{percent(r['deal_rate'])} {percent_interval(r['deal_rate_ci95'])}",
        "deal": deal_text(top[0]["package"], summary.get("issues")) if top else "none",
        "deal_share": percent(top[0]["share"]) if top else "—",
        "blocking": blocking_text(r),
        "pivotal": pivotal_text(r),
    }


def proposals_text(summary: dict[str, Any]) -> str:
    """Each named proposal with the share of draws in which every party accepts it and it is ratified."""
    proposals = summary.get("proposals") or {}
    return "; ".join(f"{name} {percent(p['all_accept'])}" for name, p in proposals.items()) or "none"


def question_text(summary: dict[str, Any], question: str, protocol: str | None = None) -> str:
    """A dated question's probability with its 95% interval, "41.0% [40.0%, 42.0%]", or "—" when the run does not ask it.

    Parameters
    ----------
    summary : dict
        A run's ``summary.json``.
    question : str
        The question's name in the scenario.
    protocol : str, optional
        The protocol's label (default: the first).
    """
    label = protocol or next(iter(summary["protocols"]))
    asked = (summary["protocols"][label].get("questions") or {}).get(question)
    if asked is None:
        return "—"
    return f"{percent(asked['probability'])} {percent_interval(asked['ci95'])}"


__all__ = ["blocking_text", "deal_text", "headline", "pivotal_text", "proposals_text", "question_text"]
