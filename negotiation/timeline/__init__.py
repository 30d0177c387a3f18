"""Time: the war fought period by period, beliefs that learn, and the first talk that agrees (docs/MODEL.md).

Pure, vectorised functions of arrays with a leading draws axis; the engine
feeds them each draw's own random numbers, so results do not depend on the
chunk size or the number of workers.

- :mod:`~negotiation.timeline.war`: nature's lottery per period and the battle signals it produces.
- :mod:`~negotiation.timeline.beliefs`: each party's Dirichlet belief, updated by the signals.
- :mod:`~negotiation.timeline.reservation`: reservation values per period, and packages valued under enforcement.
- :mod:`~negotiation.timeline.values`: every package's utilities, outright or as weighted option values.
- :mod:`~negotiation.timeline.talks`: the first talk period with a deal, and the package agreed there.
- :mod:`~negotiation.timeline.questions`: dated questions and the cumulative ``deal_by`` curve.
"""

from __future__ import annotations

from negotiation.timeline.beliefs import expected_lotteries, nature_beliefs
from negotiation.timeline.questions import deal_by_counts, deal_by_curve, median_period, question_holds
from negotiation.timeline.reservation import enforced_utility, reservation_path
from negotiation.timeline.talks import PeriodSolver, deal_exists, dense_reaches, first_agreement, undominated
from negotiation.timeline.values import PackageValues
from negotiation.timeline.war import battle_signals, lottery_path

__all__ = [
    "PackageValues",
    "PeriodSolver",
    "battle_signals",
    "deal_by_counts",
    "deal_by_curve",
    "deal_exists",
    "dense_reaches",
    "enforced_utility",
    "expected_lotteries",
    "first_agreement",
    "lottery_path",
    "median_period",
    "nature_beliefs",
    "question_holds",
    "reservation_path",
    "undominated",
]
