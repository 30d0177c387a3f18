"""A hand-built summary of a run with a clock, in the format of DESIGN §9 ("Outputs"), for the tests of what reads it.

Two protocols over a monthly clock of 6 periods from 2025-08-15; one dated
talk, one dated event, two questions; beliefs of nature and two parties over
six end states (so the beliefs figure shows the four largest).
"""

from __future__ import annotations

import copy
from typing import Any

from negotiation.results.summary import wilson

DRAWS = 1000
DATES = ["2025-09-14", "2025-10-14", "2025-11-14", "2025-12-14", "2026-01-14", "2026-02-14"]
STATES = ["breakthrough", "slow_gains", "stalemate", "counter_gains", "collapse", "frozen"]
NATURE0 = [0.10, 0.40, 0.25, 0.15, 0.05, 0.05]


def _timeline(counts: list[int]) -> dict[str, Any]:
    median = next((t for t, c in enumerate(counts) if 2 * c >= DRAWS), None)
    return {
        "dates": list(DATES),
        "deal_by": [c / DRAWS for c in counts],
        "deal_by_ci95": [list(wilson(c, DRAWS)) for c in counts],
        "median_period": median,
        "median_date": DATES[median] if median is not None else None,
    }


def _question(by: str, count: int) -> dict[str, Any]:
    return {"by": by, "probability": count / DRAWS, "ci95": list(wilson(count, DRAWS))}


def _belief(start: list[float], drift: float) -> dict[str, dict[str, list[float]]]:
    out = {}
    for s, p0 in zip(STATES, start, strict=True):
        median = [min(max(p0 + drift * t * (1 if s == "slow_gains" else -0.2), 0.0), 1.0) for t in range(len(DATES))]
        out[s] = {
            "p10": [max(m - 0.05, 0.0) for m in median],
            "median": median,
            "p90": [min(m + 0.05, 1.0) for m in median],
        }
    return out


def _protocol(deals: int, counts: list[int], questions: dict[str, int]) -> dict[str, Any]:
    return {
        "deal_rate": deals / DRAWS,
        "deal_rate_ci95": list(wilson(deals, DRAWS)),
        "deals": deals,
        "issue_shares": {},
        "top_packages": [],
        "mean_utility": {"russia": 0.5, "ukraine": 0.4},
        "pivotal_rate": {"russia": 0.0, "ukraine": 0.0},
        "timeline": _timeline(counts),
        "questions": {
            name: _question(by, questions[name]) for name, by in (("ceasefire_2025", "2025-12-31"), ("frozen_by_2026", "2026-01-31"))
        },
    }


def timed_summary() -> dict[str, Any]:
    """A fresh copy of the hand-built summary of a run with a clock."""
    return copy.deepcopy(_SUMMARY)


def untimed(summary: dict[str, Any]) -> dict[str, Any]:
    """The same summary without any block of time (a run without a clock)."""
    out = copy.deepcopy(summary)
    out.pop("clock", None)
    out.pop("beliefs", None)
    for block in out["protocols"].values():
        block.pop("timeline", None)
        block.pop("questions", None)
    return out


def with_time(summary: dict[str, Any]) -> dict[str, Any]:
    """A copy of a real run's summary with the hand-built blocks of time grafted on, for every figure at once.

    The clock and beliefs (nature's and each of the run's parties', from the
    hand-built ones in turn) go at the top level; every protocol that reports
    a deal rate gets the timeline and questions of a hand-built protocol.
    """
    out = copy.deepcopy(summary)
    timed = timed_summary()
    out["clock"] = timed["clock"]
    made = [b for k, b in timed["beliefs"].items() if k != "nature"]
    out["beliefs"] = {"nature": timed["beliefs"]["nature"], **{p: made[k % len(made)] for k, p in enumerate(out["parties"])}}
    blocks = list(timed["protocols"].values())
    for k, block in enumerate(b for b in out["protocols"].values() if b.get("deal_rate") is not None):
        block["timeline"] = blocks[k % len(blocks)]["timeline"]
        block["questions"] = blocks[k % len(blocks)]["questions"]
    return out


_SUMMARY: dict[str, Any] = {
    "scenario": "toy-timeline",
    "title": "Toy summit over time",
    "draws": DRAWS,
    "seed": 2025,
    "sampler": "random",
    "parties": {"russia": "Russian Federation", "ukraine": "ukraine"},
    "issues": {},
    "protocols": {
        "nash": _protocol(620, [300, 300, 420, 520, 580, 620], {"ceasefire_2025": 520, "frozen_by_2026": 210}),
        "baron_ferejohn": _protocol(350, [100, 100, 180, 240, 300, 350], {"ceasefire_2025": 240, "frozen_by_2026": 90}),
    },
    "clock": {
        "start": "2025-08-15",
        "period": "month",
        "horizon": "2026-02-10",
        "dates": list(DATES),
        "talks": [
            {"period": 0, "date": "2025-08-15", "label": "Anchorage summit"},
            {"period": 3, "date": "2025-11-20", "label": "Geneva talks"},
        ],
        "every": [2],
        "events": [{"name": "rosneft_lukoil", "label": "Sanctions on Rosneft and Lukoil", "date": "2025-10-22", "period": 2}],
    },
    "beliefs": {
        "nature": _belief(NATURE0, 0.01),
        "russia": _belief([0.30, 0.40, 0.15, 0.05, 0.05, 0.05], 0.0),
        "ukraine": _belief([0.05, 0.20, 0.35, 0.30, 0.05, 0.05], 0.02),
    },
}
