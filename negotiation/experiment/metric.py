"""A metric as an experiment names it, and reading one from the file.

How a metric is estimated from the draws is :mod:`negotiation.experiment.metrics`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from negotiation.experiment.checker import Checker
from negotiation.experiment.point import show
from negotiation.scenario.clock import parse_date
from negotiation.scenario.context import is_number
from negotiation.scenario.errors import Path, did_you_mean, one_of
from negotiation.scenario.model import Scenario, format_number
from negotiation.scenario.structure import kind_of


@dataclass(frozen=True)
class Metric:
    """One quantity reported at every point and protocol.

    ``kind`` is deal_rate, mean_utility (of ``party``), slack (of the war's
    bargaining range, 0 where none is in reach), issue_share (the share of
    deals where ``issue`` takes option ``option``), all_accept (of ``proposal``),
    question (the scenario's dated question ``question``: a deal by ``date``, on
    ``terms`` when it has them) or deal_by (a deal by ``date``). For the last two,
    ``period`` is the last period of the scenario's clock that ends on or before
    ``date`` (-1 when period 0 ends after it) and ``terms`` the question's
    ``with`` as (issue index, allowed option indices) pairs, empty for any deal.
    """

    kind: str
    party: str = ""
    issue: str = ""
    option: int = -1
    option_key: str = ""
    proposal: str = ""
    question: str = ""
    date: str = ""
    period: int = -1
    terms: tuple[tuple[int, tuple[int, ...]], ...] = ()

    @property
    def label(self) -> str:
        if self.kind == "mean_utility":
            return f"mean_utility[{self.party}]"
        if self.kind == "issue_share":
            return f"issue_share[{self.issue}={self.option_key}]"
        if self.kind == "all_accept":
            return f"all_accept[{self.proposal}]"
        if self.kind == "question":
            return f"question[{self.question}]"
        if self.kind == "deal_by":
            return f"deal_by[{self.date}]"
        return self.kind

    @property
    def per_protocol(self) -> bool:
        """False for a proposal's acceptance and the slack, which no protocol decides."""
        return self.kind not in ("all_accept", "slack")


def parse_metric(c: Checker, raw: Any, path: Path, scenario: Scenario) -> list[Metric]:
    """The metrics one entry of ``metrics:`` names (``mean_utility`` alone names one per party); none after a problem."""
    if raw in ("deal_rate", "slack"):
        return [Metric(raw)]
    if raw == "mean_utility":
        return [Metric("mean_utility", party=p) for p in scenario.party_names]
    key, value = next(iter(raw.items()))
    if key == "mean_utility":
        if value not in scenario.party_names:
            c.bad(
                (*path, key),
                f"unknown party '{value}'{did_you_mean(value, scenario.party_names) or '; expected ' + one_of(scenario.party_names)}",
            )
            return []
        return [Metric("mean_utility", party=value)]
    if key == "all_accept":
        if value not in scenario.proposals:
            names = list(scenario.proposals)
            hint = did_you_mean(value, names) or ("; expected " + one_of(names) if names else "; the scenario has no proposals")
            c.bad((*path, key), f"unknown proposal '{value}'{hint}")
            return []
        return [Metric("all_accept", proposal=value)]
    if key in ("question", "deal_by"):
        return _timed(c, key, value, path, scenario)
    return issue_share(c, value, (*path, key), scenario)


def issue_share(c: Checker, value: dict[str, Any], path: Path, scenario: Scenario) -> list[Metric]:
    """``{issue: value}`` written at ``path``: the share of deals taking that value; none after a problem."""
    issue_name, written = next(iter(value.items()))
    issues = {i.name: i for i in scenario.issues}
    if issue_name not in issues:
        c.bad((*path, issue_name), f"unknown issue '{issue_name}'{did_you_mean(issue_name, issues)}")
        return []
    issue = issues[issue_name]
    keys = [issue.key(j) for j in range(issue.size)]
    text = issue_value_key(written)
    if text is None:
        c.bad((*path, issue_name), f"expected a value of '{issue_name}' (an option, a number or a list of shares), got {kind_of(written)}")
        return []
    if text not in keys:
        c.bad(
            (*path, issue_name),
            f"'{written}' is not a value of '{issue_name}'{did_you_mean(text, keys) or '; expected ' + one_of(keys)}",
        )
        return []
    return [Metric("issue_share", issue=issue_name, option=keys.index(text), option_key=text)]


def issue_value_key(written: Any) -> str | None:
    """The key of an issue value as written (an option name, a number, a list of shares); None for a value of another type."""
    if isinstance(written, str):
        return written
    if is_number(written):
        return show(float(written))
    if isinstance(written, list) and written and all(is_number(x) for x in written):
        return "[" + ", ".join(format_number(x) for x in written) + "]"
    return None


def _timed(c: Checker, key: str, value: Any, path: Path, scenario: Scenario) -> list[Metric]:
    """``{question: NAME}`` or ``{deal_by: DATE}``: both need the scenario's clock; none after a problem."""
    where = (*path, key)
    clock = scenario.clock
    if clock is None:
        c.bad(where, f"'{key}' needs a scenario with a clock (add 'clock: {{period: month, horizon: YYYY-MM-DD}}' to the scenario)")
        return []
    if key == "question":
        questions = {q.name: q for q in scenario.questions}
        name = str(value)
        if name not in questions:
            names = list(questions)
            hint = did_you_mean(name, names) or ("; expected " + one_of(names) if names else "; the scenario asks no questions")
            c.bad(where, f"unknown question '{name}'{hint}")
            return []
        q = questions[name]
        terms = tuple(sorted((issue, tuple(sorted(options))) for issue, options in (q.terms or {}).items()))
        return [Metric("question", question=name, date=q.by.isoformat(), period=q.period, terms=terms)]
    day = parse_date(value)
    if isinstance(day, str):
        c.bad(where, day)
        return []
    if not clock.contains(day):
        c.bad(where, f"{day} is not on the clock: a date from {clock.start} to the horizon {clock.horizon}")
        return []
    return [Metric("deal_by", date=day.isoformat(), period=clock.ended_by(day))]


__all__ = ["Metric", "issue_share", "issue_value_key", "parse_metric"]
