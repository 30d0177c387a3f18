"""Experiment files are checked as strictly as scenarios: every problem at its file and line, exit code 2."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from negotiation.experiment.spec import read_experiment
from negotiation.scenario.errors import ScenarioError
from tests.conftest import TOY

FORMS = (
    "deal_rate, mean_utility, slack, {mean_utility: party}, {issue_share: {issue: value}}, {all_accept: proposal}, "
    "{question: name} or {deal_by: date}"
)
"""Every form of a metric (the experiment format's reference, docs/MODEL.md)."""

LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<path>[^:]+): (?P<message>.+)$")


def _file(tmp_path: Path, body: str) -> Path:
    file = tmp_path / "exp.yaml"
    file.write_text(f"name: exp\nscenario: {TOY}\n" + body, encoding="utf-8")
    return file


def _problems(file: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        read_experiment(file)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("body", "line", "path", "fragment"),
    [
        ("studies:\n  s:\n    swep: {parties.usa.reservation: [0.1]}\n", 5, "studies.s.swep", "unknown key 'swep' (did you mean 'sweep'?)"),
        (
            "studies:\n  s:\n    sweep: {parties.usa.reservaton: [0.1]}\n",
            5,
            "studies.s.sweep.parties.usa.reservaton",
            "is not a leaf of the scenario (did you mean 'parties.usa.reservation'?)",
        ),
        (
            "studies:\n  s:\n    sweep:\n      parties.usa.reservation: [0.1]\n      parties.usa.power: [1.0, 0.0]\n",
            7,
            "parties.usa.power",
            "power must be greater than 0, got 0",
        ),
        ("metrics: [{mean_utility: ukrane}]\nstudies:\n  s: {sensitivity: {}}\n", 3, "metrics.0.mean_utility", "did you mean 'ukraine'?"),
        (
            "metrics: [{issue_share: {territory: frozen}}]\nstudies:\n  s: {sensitivity: {}}\n",
            3,
            "metrics.0.issue_share.territory",
            "did you mean 'frozen_line'?",
        ),
        (
            "metrics: [{all_accept: money_offer}]\nstudies:\n  s: {sensitivity: {}}\n",
            3,
            "metrics.0.all_accept",
            "unknown proposal 'money_offer'",
        ),
        ("studies:\n  s: {sensitivity: {samples: 1000}}\n", 4, "studies.s.sensitivity.samples", "samples must be a power of two"),
        ("studies:\n  s: {discovery: {protocol: nsh}}\n", 4, "studies.s.discovery.protocol", "(did you mean 'nash'?)"),
        ("studies:\n  s: {discovery: {boxes: 0}}\n", 4, "studies.s.discovery.boxes", "must be at least 1, got 0"),
        (
            "studies:\n  s:\n    compare:\n      a: {fix: {teritory: frozen_line}}\n      b: {}\n",
            6,
            "studies.s.compare.a.fix.teritory",
            "unknown issue 'teritory'",
        ),
        (
            "studies:\n  s:\n    compare:\n      a: {fix: {territory: frozn_line}}\n      b: {}\n",
            6,
            "studies.s.compare.a.fix.territory",
            "(did you mean 'frozen_line'?)",
        ),
        (
            "studies:\n  s:\n    compare:\n      a: {scenario: nowhere.yaml}\n      b: {}\n",
            6,
            "studies.s.compare.a.scenario",
            "no scenario file 'nowhere.yaml'",
        ),
        ("studies: {}\n", 3, "studies", "needs at least 1 entry"),
        # a misspelt path is matched part by part: the party's own reservation, not another party's or another word
        (
            "studies:\n  s:\n    sweep: {parties.ukraine.reservaton: [0.1]}\n",
            5,
            "studies.s.sweep.parties.ukraine.reservaton",
            "is not a leaf of the scenario (did you mean 'parties.ukraine.reservation'?)",
        ),
        (
            "studies:\n  s:\n    sensitivity: {parameters: {parties.ukraine.patiense: [0.1, 0.2]}}\n",
            5,
            "studies.s.sensitivity.parameters.parties.ukraine.patiense",
            "(did you mean 'parties.ukraine.patience'?)",
        ),
        # a metric that is none of them lists them all
        ("metrics: [{foo: usa}]\nstudies:\n  s: {sensitivity: {}}\n", 3, "metrics.0.foo", f"unknown metric 'foo'; a metric is {FORMS}"),
        ("metrics: [dealrate]\nstudies:\n  s: {sensitivity: {}}\n", 3, "metrics.0", f"(did you mean 'deal_rate'?); a metric is {FORMS}"),
        ("metrics: [issue_share]\nstudies:\n  s: {sensitivity: {}}\n", 3, "metrics.0", "the metric 'issue_share' needs a value"),
        ("metrics: [{slack: 1}]\nstudies:\n  s: {sensitivity: {}}\n", 3, "metrics.0.slack", "the metric 'slack' takes no value"),
    ],
)
def test_a_problem_is_reported_at_its_line(tmp_path: Path, body: str, line: int, path: str, fragment: str) -> None:
    file = _file(tmp_path, body)
    problems = _problems(file)
    assert all(LINE.match(p) for p in problems), problems
    head = f"{file}:{line}: {path}: "
    assert any(p.startswith(head) and fragment in p for p in problems), problems


def test_a_swept_value_the_scenario_rejects_is_reported_at_the_experiment_line(tmp_path: Path) -> None:
    """The scenario's own check of the value, at the line of the experiment that wrote it."""
    file = _file(tmp_path, "studies:\n  s:\n    sweep:\n      no_deal.cost.usa: [0.1]\n      parties.russia.patience: [0.9, 1.5]\n")
    assert _problems(file) == [f"{file}:7: parties.russia.patience: patience must be in [0, 1], got 1.5"]


def test_the_scenario_file_must_exist(tmp_path: Path) -> None:
    file = tmp_path / "exp.yaml"
    file.write_text("name: exp\nscenario: missing.yaml\nstudies:\n  s: {sensitivity: {}}\n", encoding="utf-8")
    assert _problems(file) == [
        f"{file}:2: scenario: no scenario file 'missing.yaml' (looked for {(tmp_path / 'missing.yaml').resolve()}; "
        "a relative path is read from the experiment file's folder)"
    ]


def test_a_missing_scenario_named_relative_to_the_experiment_shows_the_path_it_resolved_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Named from another working folder, the experiment reads its scenario from its own folder; the message shows where."""
    (tmp_path / "experiments").mkdir()
    (tmp_path / "experiments" / "exp.yaml").write_text(
        "name: exp\nscenario: ../scenario/toy.yaml\nstudies:\n  s: {sensitivity: {}}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path / "experiments")
    where = (tmp_path / "scenario" / "toy.yaml").resolve()
    assert _problems(Path("exp.yaml")) == [
        f"exp.yaml:2: scenario: no scenario file '../scenario/toy.yaml' (looked for {where}; "
        "a relative path is read from the experiment file's folder)"
    ]


def test_the_command_line_exits_2_with_one_line_per_problem_and_writes_nothing(tmp_path: Path) -> None:
    file = _file(tmp_path, "metrics: [{mean_utility: ukrane}]\nstudies:\n  s:\n    swep: {}\n")
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", "experiment", str(file), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    assert not (tmp_path / "out").exists() and not (tmp_path / "results").exists()


def test_a_valid_file_resolves_its_points(tmp_path: Path) -> None:
    file = _file(
        tmp_path,
        "draws: 50\nmetrics: [deal_rate, mean_utility]\nstudies:\n"
        "  two:\n    sweep:\n      parties.usa.reservation: {range: [0.1, 0.3], steps: 3}\n      parties.russia.power: [1, 2]\n"
        "  side:\n    compare:\n      a: {fix: {territory: frozen_line}}\n      b: {set: {no_deal.cost.russia: 0.3}}\n",
    )
    e = read_experiment(file)
    sweep, compare = e.studies
    assert [p.label for p in sweep.points][:2] == ["reservation=0.1, power=1", "reservation=0.1, power=2"]
    assert len(sweep.points) == 6
    assert [m.label for m in e.metrics] == ["deal_rate", "mean_utility[russia]", "mean_utility[ukraine]", "mean_utility[usa]"]
    assert [p.label for p in compare.points] == ["a", "b"]
    assert e.draws == 50


# -- the metrics of a scenario with a clock: {question: NAME} and {deal_by: DATE}

TIMED = TOY.parent / "timeline.yaml"


def _timed_file(tmp_path: Path, scenario: Path, metric: str) -> Path:
    file = tmp_path / "exp.yaml"
    file.write_text(f"name: exp\nscenario: {scenario}\nmetrics: [{metric}]\nstudies:\n  s: {{sensitivity: {{}}}}\n", encoding="utf-8")
    return file


@pytest.mark.parametrize(
    ("scenario", "metric", "path", "fragment"),
    [
        (TIMED, "{question: ceasfire_2025}", "metrics.0.question", "unknown question 'ceasfire_2025' (did you mean 'ceasefire_2025'?)"),
        (TIMED, "{question: peace}", "metrics.0.question", "unknown question 'peace'; expected one of 'ceasefire_2025', 'frozen_by_2026'"),
        (
            TIMED,
            "{deal_by: 2027-06-01}",
            "metrics.0.deal_by",
            "2027-06-01 is not on the clock: a date from 2025-08-15 to the horizon 2026-12-31",
        ),
        (TIMED, "{deal_by: 2025-07-31}", "metrics.0.deal_by", "2025-07-31 is not on the clock"),
        (TIMED, "{deal_by: 2025-13-01}", "metrics.0.deal_by", "'2025-13-01' is not a date"),
        (TIMED, "{deal_by: 31/12/2025}", "metrics.0.deal_by", "write YYYY-MM-DD"),
        (TOY, "{question: ceasefire_2025}", "metrics.0.question", "'question' needs a scenario with a clock"),
        (TOY, "{deal_by: 2025-12-31}", "metrics.0.deal_by", "'deal_by' needs a scenario with a clock"),
        (TIMED, "{deal_by: [2025-12-31]}", "metrics.0.deal_by", "expected a string, got a list"),
    ],
)
def test_a_metric_of_time_is_checked_against_the_scenario_and_its_clock(
    tmp_path: Path, scenario: Path, metric: str, path: str, fragment: str
) -> None:
    file = _timed_file(tmp_path, scenario, metric)
    problems = _problems(file)
    assert all(LINE.match(p) for p in problems), problems
    head = f"{file}:3: {path}: "
    assert any(p.startswith(head) and fragment in p for p in problems), problems


def test_the_metrics_of_time_resolve_to_the_periods_of_the_clock(tmp_path: Path) -> None:
    file = tmp_path / "exp.yaml"
    file.write_text(
        f"name: exp\nscenario: {TIMED}\nmetrics: [{{question: ceasefire_2025}}, {{question: frozen_by_2026}}, {{question: too_soon}},"
        " {deal_by: 2025-12-31}, {deal_by: 2025-12-14}, {deal_by: 2025-08-15}]\nstudies:\n  s: {sensitivity: {}}\n",
        encoding="utf-8",
    )
    metrics = read_experiment(file).metrics
    assert [m.label for m in metrics] == [
        "question[ceasefire_2025]",
        "question[frozen_by_2026]",
        "question[too_soon]",
        "deal_by[2025-12-31]",
        "deal_by[2025-12-14]",
        "deal_by[2025-08-15]",
    ]
    # monthly periods from 2025-08-15 end on the 14th: period 3 ends 2025-12-14, the last one on or before 31 December
    assert [m.period for m in metrics] == [3, 15, -1, 3, 3, -1]  # 2026-12-14 ends period 15
    assert metrics[1].terms == ((0, (1, 2)),)  # territory: frozen_line, west_bank_style
    assert metrics[0].terms == () and all(m.per_protocol for m in metrics)


def test_discovery_takes_a_metric_of_time_as_its_outcome(tmp_path: Path) -> None:
    file = tmp_path / "exp.yaml"
    file.write_text(
        f"name: exp\nscenario: {TIMED}\nstudies:\n  a: {{discovery: {{outcome: {{question: frozen_by_2026}}}}}}\n"
        "  b: {discovery: {outcome: {deal_by: 2026-06-30}}}\n  c: {discovery: {outcome: {question: nope}}}\n",
        encoding="utf-8",
    )
    problems = _problems(file)
    assert problems == [
        f"{file}:6: studies.c.discovery.outcome.question: unknown question 'nope'; expected one of 'ceasefire_2025', 'frozen_by_2026', 'too_soon'"
    ]
