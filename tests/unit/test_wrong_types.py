"""A value of the wrong type is one located line, said once: in a scenario file, in a ``--set`` override, in an experiment file.

The schema checks every value's type; the compiler reads a section only where
the schema found nothing wrong at it or above it
(:meth:`~negotiation.scenario.context.CompileContext.readable`), so a section
of the wrong type is reported by the schema alone: not again as the unknown
names, parties or parameters that point into it, and never as a traceback.
Where the schema cannot tell the forms apart (``{points: 0}`` is also a
valid one-option table), the section's reader says what is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from negotiation.experiment.spec import read_experiment
from negotiation.scenario.errors import ScenarioError
from tests.conftest import TOY
from tests.in_process import negotiation_cli

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<path>\S+): (?P<message>.+)$")


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("no_deal.cost=[[1]]", "no_deal.cost: expected a mapping, got a list"),
        ("no_deal.cost=0.2", "no_deal.cost: expected a mapping, got the number 0.2"),
        ("no_deal.outcomes=[stalemate]", "no_deal.outcomes: expected a mapping, got a list"),
        ("no_deal=5", "no_deal: expected a mapping, got the integer 5"),
        ("parties=[]", "parties: expected a mapping, got a list"),
        ("issues=5", "issues: expected a mapping, got the integer 5"),
        ("events.missile_test.effects=x", "events.missile_test.effects: expected a mapping, got the string 'x'"),
        ("ratification.ukraine_referendum.shift=0.1", "ratification.ukraine_referendum.shift: expected a mapping, got the number 0.1"),
        ("exclude={a: 1}", "exclude: expected a list, got a mapping"),
        (
            "parties.ukraine.value.minerals_fund.points=7",
            "parties.ukraine.value.minerals_fund.points: expected a list of at least two [x, v] pairs",
        ),
        (
            "parties.ukraine.value.minerals_fund.points={uniform: [0, 1]}",
            "parties.ukraine.value.minerals_fund.points: expected a list of at least two [x, v] pairs, e.g. [[0, 0], [1, 1]], got a mapping",
        ),
        (
            "parties.usa.reservation=[[0.3]]",
            "parties.usa.reservation: expected a number or a distribution such as {beta: [2, 5]}; got a list",
        ),
        ("parties.usa.weight=0.5", "parties.usa.weight: expected a mapping, got the number 0.5"),
        ("monte_carlo.draws={uniform: [1, 2]}", "monte_carlo.draws: expected an integer, got a mapping"),
        ("protocols=nash", "protocols: expected a list, got the string 'nash'"),
    ],
)
def test_an_override_of_the_wrong_type_is_one_line(tmp_path: Path, override: str, message: str) -> None:
    out = negotiation_cli("validate", TOY, "--set", override, cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"--set:1: {message}"), out.stderr


def test_points_the_schema_passes_as_a_table_are_reported_by_the_reader(tmp_path: Path) -> None:
    # a table of one option named 'points' is a valid value function, so the schema passes {points: 0};
    # on a numeric issue it can only mean the points form, and the reader says what points must be
    out = negotiation_cli("validate", TOY, "--set", "parties.ukraine.value.minerals_fund={points: 0}", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.strip() == (
        "--set:1: parties.ukraine.value.minerals_fund.points: expected a list of at least two [x, v] pairs, e.g. [[0, 0], [1, 1]], "
        "got the integer 0"
    )


def _problems(tmp_path: Path, body: str) -> list[str]:
    file = tmp_path / "exp.yaml"
    file.write_text(f"name: exp\nscenario: {TOY}\n" + body, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_experiment(file)
    return [str(p).replace(f"{file}:", "exp.yaml:") for p in info.value.problems]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "metrics: [{issue_share: {territory: [[1]]}}]\nstudies:\n  s: {sensitivity: {}}\n",
            "exp.yaml:3: metrics.0.issue_share.territory: expected a value of 'territory' (an option, a number or a list of shares), "
            "got a list",
        ),
        (
            "metrics: [{issue_share: {sanctions_relief: [a, b]}}]\nstudies:\n  s: {sensitivity: {}}\n",
            "exp.yaml:3: metrics.0.issue_share.sanctions_relief: expected a value of 'sanctions_relief' (an option, a number or a list "
            "of shares), got a list",
        ),
        (
            "studies:\n  s: {discovery: {outcome: {territory: {a: 1}}}}\n",
            "exp.yaml:4: studies.s.discovery.outcome.territory: expected a value of 'territory' (an option, a number or a list of "
            "shares), got a mapping",
        ),
        (
            "studies:\n  s:\n    sweep: {parties.usa.reservation: {range: [0, 1], steps: 1e308}}\n",
            "exp.yaml:5: studies.s.sweep.parties.usa.reservation.steps: a sweep has at most 400 points, so steps must be at most 400",
        ),
        ("metrics: deal_rate\nstudies:\n  s: {sensitivity: {}}\n", "exp.yaml:3: metrics: expected a list, got the string 'deal_rate'"),
        ("studies: [a, b]\n", "exp.yaml:3: studies: expected a mapping, got a list"),
        ("studies:\n  s: {sweep: [1, 2]}\n", "exp.yaml:4: studies.s.sweep: expected a mapping, got a list"),
        ("studies:\n  s: {sweep: {parties.usa.reservation: 0.3}}\n", "exp.yaml:4: studies.s.sweep.parties.usa.reservation: "),
    ],
)
def test_an_experiment_value_of_the_wrong_type_is_one_line(tmp_path: Path, body: str, expected: str) -> None:
    problems = _problems(tmp_path, body)
    assert all(LINE.match(p) for p in problems), problems
    assert len(problems) == 1 and problems[0].startswith(expected), problems


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            "ratification.ukraine_referendum.shift={5: {a: 1}}",
            "ratification.ukraine_referendum.shift.5: the key must be a name, got the integer 5",
        ),
        ("no_deal.cost={5: 0.1}", "no_deal.cost.5: the key must be a name, got the integer 5"),
    ],
)
def test_a_key_that_is_not_a_name_is_not_also_an_unknown_name(tmp_path: Path, override: str, message: str) -> None:
    out = negotiation_cli("validate", TOY, "--set", override, cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.splitlines() == [f"--set:1: {message}"]
