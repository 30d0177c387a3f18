"""Limits: sizes past a documented limit, numbers a run cannot hold, messages that name the option typed, one-line CSV messages.

Each command line runs in this process (:mod:`tests.in_process`) and must exit 2
with one located line per problem, saying the limit, and write nothing. The
scenario files of these kinds are in the bad-input corpus (``files/``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.scenario.actors import read_actors
from negotiation.scenario.distributions import UNIFORM_EDGE, Distribution
from negotiation.scenario.errors import Problem, ScenarioError, shown
from negotiation.scenario.limits import MAX_DRAWS, MAX_HELD_DRAWS, count, max_workers
from negotiation.scenario.shorthands import shorthand_origins, with_shorthands
from negotiation.score.resolutions import read_resolutions
from tests.in_process import negotiation_cli

HERE = Path(__file__).resolve().parent
VALID = HERE / "valid.yaml"
TABLE = "Actor,Capability,Position,Salience\na,1,1,0.5\nb,1,2,0.5\nc,1,0,0.5\n"


def _lines(args: list[str | Path], cwd: Path) -> list[str]:
    """Run a command line that must fail: exit 2, no traceback, nothing written; its lines on standard error."""
    done = negotiation_cli(*args, cwd=cwd)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert not (cwd / "out").exists() and not (cwd / "results").exists()
    return done.stderr.splitlines()


# -- no upper bound ---------------------------------------------------------------------------


def test_draws_past_the_limit_of_one_run(tmp_path: Path) -> None:
    lines = _lines(["run", VALID, "--draws", "99999999999999999999", "--out", tmp_path / "out"], tmp_path)
    assert len(lines) == 1
    assert f"argument --draws: must be at most {count(MAX_DRAWS)}, got 99,999,999,999,999,999,999" in lines[0]
    assert "run again with another seed" in lines[0]


def test_draws_set_past_the_limit(tmp_path: Path) -> None:
    lines = _lines(["run", VALID, "--set", "monte_carlo.draws=1e20", "--out", tmp_path / "out"], tmp_path)
    assert lines == [
        "--set:1: monte_carlo.draws: must be at most 4,294,967,296, got 100,000,000,000,000,000,000; "
        "that is the limit of one run (its exact int64 sums): for more draws, run again with another seed"
    ]


def test_the_limit_itself_is_accepted(tmp_path: Path) -> None:
    done = negotiation_cli("validate", VALID, "--set", f"monte_carlo.draws={MAX_DRAWS}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_workers_past_the_limit(tmp_path: Path) -> None:
    too_many = max_workers() + 1
    lines = _lines(["run", VALID, "--draws", "10", "--workers", str(too_many), "--out", tmp_path / "out"], tmp_path)
    assert len(lines) == 1
    assert f"argument --workers: must be at most {max_workers()}, got {too_many}" in lines[0]
    assert "--scheduler" in lines[0]


def test_bdm_rounds_capped_as_in_a_scenario(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(TABLE, encoding="utf-8")
    lines = _lines(["bdm", tmp_path / "a.csv", "--rounds", "1000000000", "--out", tmp_path / "out"], tmp_path)
    assert len(lines) == 1
    assert "argument --rounds: must be at most 1,000, got 1,000,000,000" in lines[0]


def _experiment(tmp_path: Path, body: str) -> Path:
    (tmp_path / "v.yaml").write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    file = tmp_path / "e.yaml"
    file.write_text(f"name: e\nscenario: v.yaml\n{body}", encoding="utf-8")
    return file


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "draws: 100000000000000\nstudies:\n  s: {sweep: {parties.ukraine.reservation: [0.2, 0.3]}}\n",
            "e.yaml:3: draws: must be at most 4,294,967,296, got 100,000,000,000,000",
        ),
        (
            "draws: 100\nstudies:\n  d: {discovery: {draws: 100000000000000}}\n",
            f"e.yaml:5: studies.d.discovery.draws: must be at most {MAX_HELD_DRAWS:,}, got 100,000,000,000,000",
        ),
        (
            "draws: 100\nstudies:\n  t: {sensitivity: {samples: 1099511627776}}\n",
            "e.yaml:5: studies.t.sensitivity.samples: must be at most 524,288, got 1,099,511,627,776",
        ),
        (
            "draws: 100\nstudies:\n  t: {sensitivity: {samples: 524288}}\n",
            "e.yaml:5: studies.t.sensitivity.samples: 524,288 samples x (1 inputs + 2) = 1,572,864 model runs, more than the limit",
        ),
        (
            "draws: 2000000\nstudies:\n  d: {discovery: {}}\n",
            "e.yaml:5: studies.d.discovery: the study searches the experiment's 2,000,000 draws, more than the limit",
        ),
        (
            "draws: 100000000\nstudies:\n  s: {sweep: {parties.ukraine.reservation: ["
            + ", ".join(f"{x / 100:g}" for x in range(1, 52))
            + "]}}\n",
            "e.yaml:4: studies: the studies need 5,100,000,000 model runs in all",
        ),
    ],
    ids=["draws", "discovery-draws", "sensitivity-samples", "sensitivity-runs", "discovery-default-draws", "total"],
)
def test_experiment_sizes_past_their_limits(tmp_path: Path, body: str, expected: str) -> None:
    file = _experiment(tmp_path, body)
    lines = _lines(["experiment", file, "--out", tmp_path / "out"], tmp_path)
    assert len(lines) == 1
    assert lines[0].replace(str(tmp_path) + "/", "").startswith(expected), lines


def test_experiment_draws_option_past_the_limit(tmp_path: Path) -> None:
    file = _experiment(tmp_path, "studies:\n  s: {sweep: {parties.ukraine.reservation: [0.2, 0.3]}}\n")
    lines = _lines(["experiment", file, "--draws", str(MAX_DRAWS + 1), "--out", tmp_path / "out"], tmp_path)
    assert "argument --draws: must be at most" in lines[0]


# -- messages that name the option typed -------------------------------------------------------


def test_protocol_option_named_as_typed(tmp_path: Path) -> None:
    lines = _lines(["run", VALID, "--draws", "10", "--protocol", "bdm", "--out", tmp_path / "out"], tmp_path)
    assert lines == [
        "--protocol: protocols.0: bdm needs an issue on which at least two stakeholders have a position and a salience above 0"
    ]


def test_protocol_option_after_a_set(tmp_path: Path) -> None:
    args = ["run", VALID, "--set", "parties.russia.power=-1", "--protocol", "{baron_ferejohn: {rule: foo}}", "--out", tmp_path / "out"]
    lines = _lines(args, tmp_path)
    assert lines == [
        "--protocol: protocols.0.baron_ferejohn.rule: 'foo' is not one of 'unanimity', 'majority'",
        "--set:1: parties.russia.power: power must be at least 0, got -1",
    ]


@pytest.mark.parametrize(("option", "value"), [("--draws", "10"), ("--seed", "3"), ("--precision", "0.1")])
def test_shorthand_on_an_empty_monte_carlo_named_as_typed(tmp_path: Path, option: str, value: str) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(VALID.read_text(encoding="utf-8") + "monte_carlo:\n", encoding="utf-8")
    lines = _lines(["run", scenario, option, value, "--out", tmp_path / "out"], tmp_path)
    key = option.removeprefix("--")
    assert f"{option}: monte_carlo.{key}: 'monte_carlo' holds a value, not a mapping, so '{key}' cannot be set inside it" in lines
    assert f"{scenario}:21: monte_carlo: expected a mapping, got nothing (null)" in lines
    assert not any(line.startswith("--set") for line in lines)


def test_shorthand_origins() -> None:
    given = with_shorthands(["a.b=1", "c=2"], draws=5, protocols=["nash"])
    assert shorthand_origins(given, 2) == [("--set", 1), ("--set", 2), ("--draws", 0), ("--protocol", 0)]
    assert str(Problem("--draws", 0, "monte_carlo.draws", "x")) == "--draws: monte_carlo.draws: x"
    assert str(Problem("--set", 2, "a", "x")) == "--set:2: a: x"


def test_the_python_api_names_a_keyword_argument_as_typed() -> None:
    """``negotiation.run(draws=0)`` is reported at ``draws=``, not at a ``--set`` nobody typed; overrides stay ``--set:N``."""
    import negotiation

    with pytest.raises(ScenarioError) as caught:
        negotiation.run(VALID, overrides=["parties.russia.power=-1"], draws=0, protocols=[{"baron_ferejohn": {"rule": "foo"}}])
    assert str(caught.value).splitlines() == [
        "--set:1: parties.russia.power: power must be at least 0, got -1",
        "draws=: monte_carlo.draws: must be at least 1, got 0",
        "protocols=: protocols.0.baron_ferejohn.rule: 'foo' is not one of 'unanimity', 'majority'",
    ]


# -- numbers a run cannot hold ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "finite"),
    [
        ("normal", (0.0, 1.0), True),
        ("normal", (0.0, 1e300), False),
        ("lognormal", (0.0, 1000.0), False),
        ("lognormal", (0.0, 1.0), True),
        ("uniform", (0.2, 0.4), True),
    ],
)
def test_extremes_are_what_the_sampler_can_draw(name: str, args: tuple[float, ...], finite: bool) -> None:
    d = Distribution(name, args)
    lo, hi = d.extremes()
    with np.errstate(over="ignore"):
        drawn = d.ppf(np.array([UNIFORM_EDGE, 0.5, 1.0 - UNIFORM_EDGE]))
    assert (lo, hi) == (pytest.approx(drawn[0]), pytest.approx(drawn[-1])) or name == "uniform"
    assert lo <= drawn.min() and drawn.max() <= hi
    assert (abs(lo) < 1e6 and abs(hi) < 1e6) == finite


# -- one-line CSV messages --------------------------------------------------------------------


def test_bdm_table_messages_are_one_line_each(tmp_path: Path) -> None:
    table = tmp_path / "a.csv"
    table.write_text(
        'Actor,"Cap\nability",Position,Salience\n"a\nb",1,1,x\n"a\nb",1,2,0.5\nd,1,"0\n1",0.5\ne,1,1e308,0.5\n', encoding="utf-8"
    )
    lines = _lines(["bdm", table, "--out", tmp_path / "out"], tmp_path)
    name = str(table)
    assert lines == [
        f"{name}:1: (column 2): unknown column 'Cap\\nability' (did you mean 'Capability'?); the columns are Actor, Capability, Position, Salience",
        f"{name}:3: actors.(line-3).Salience: 'x' is not a number",
        f"{name}:5: actors.(line-5).Actor: duplicate actor 'a\\nb' (first on line 3)",
        f"{name}:7: actors.d.Position: '0\\n1' is not a number",
        f"{name}:9: actors.e.Position: position must be in [-1e+12, 1e+12], got '1e308' (rescale the issue's unit)",
    ]


def test_resolutions_messages_are_one_line_each(tmp_path: Path) -> None:
    file = tmp_path / "r.csv"
    file.write_text('question,resolved,"x\ny",z\n"q\nr",2,0.5,"1\n5"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        read_resolutions(file)
    assert [str(p).replace(str(file), "r.csv") for p in caught.value.problems] == [
        "r.csv:3: rows.(line-3).resolved: resolved must be 0 or 1, got '2'",
        "r.csv:3: rows.(line-3).z: '1\\n5' is not a number; a probability is a number in [0, 1] (leave the cell empty for no forecast)",
    ]
    file.write_text('question,resolved,"x\ny","x\ny"\nq.r,1,0.5,0.5\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        read_resolutions(file)
    assert [str(p).replace(str(file), "r.csv") for p in caught.value.problems] == ["r.csv:1: (column-4): column 'x\\ny' appears twice"]


_CELL = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t0.5-e9x')), max_size=30)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(_CELL, min_size=1, max_size=5), min_size=1, max_size=5))
def test_every_csv_message_is_one_short_line(tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Actor", "Capability", "Position", "Salience"])
    writer.writerows(rows)
    for reader, header in ((read_actors, None), (read_resolutions, ["question", "resolved", "x\ny"])):
        text = buffer.getvalue()
        if header is not None:
            text = 'question,resolved,"x\ny"\n' + text.split("\n", 1)[1]
        file = tmp_path_factory.mktemp("csv") / "t.csv"
        file.write_text(text, encoding="utf-8")
        try:
            reader(file)
        except ScenarioError as exc:
            for problem in exc.problems:
                line = str(problem)
                assert "\n" not in line and "\r" not in line
                assert len(line) < len(str(file)) + 400, line


def test_shown_quotes_on_one_line() -> None:
    assert shown("a\nb") == "'a\\nb'"
    assert len(shown("x" * 1000)) == 42
    assert str(Problem("f", 1, "p\nq", "m\r\n")) == "f:1: p\\nq: m\\r\\n"
