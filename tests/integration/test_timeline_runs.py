"""Runs with a clock: the static answer recovered, mutual optimism, chunking, questions and the period column.

The closed forms are those of the issue: Fearon (1995) with non-common
priors (Smith & Stam 2004): on a unit pie with war lottery {A gets all, B gets
all}, A believing it wins with p_A and B with p_B, a range of acceptable
shares exists iff p_A + p_B <= 1 + c_A + c_B, and it is [p_A - c_A, 1 - p_B + c_B]
for A's share.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import negotiation
from negotiation.results.run_summary import RunSummary
from tests.conftest import DATA, STAKEHOLDERS, TOY, pie

CLOCK = {"start": "2025-08-15", "period": "month", "horizon": "2026-07-31"}


def optimists(cost: float, periods: str = "2026-07-31") -> dict[str, Any]:
    """Mutual optimism on the unit pie: A believes it wins with 0.7, B with 0.5, beliefs that never move."""
    return pie(
        steps=100,
        as_of="2025-08-15",
        clock={**CLOCK, "horizon": periods},
        no_deal={
            "outcomes": {
                "a_wins": {"probability": 0.5, "package": {"pie": [1.0, 0.0]}},
                "b_wins": {"probability": 0.5, "package": {"pie": [0.0, 1.0]}},
            },
            "cost": {"a": cost, "b": cost},
            "beliefs": {
                "a": {"mean": {"a_wins": 0.7, "b_wins": 0.3}, "confidence": 1e12},
                "b": {"mean": {"a_wins": 0.5, "b_wins": 0.5}, "confidence": 1e12},
            },
        },
        parties={"a": {"weight": {"pie": 1.0}}, "b": {"weight": {"pie": 1.0}}},
        monte_carlo={"draws": 40, "seed": 1},
    )


def test_mutual_optimism_with_small_costs_never_agrees() -> None:
    r = negotiation.run(optimists(0.05), protocols=["nash", "baron_ferejohn"])
    for label in ("nash", "baron_ferejohn"):
        block = r.summary["protocols"][label]
        assert block["deal_rate"] == 0.0 and block["timeline"]["deal_by"] == [0.0] * 12
        assert block["timeline"]["median_period"] is None and block["timeline"]["median_date"] is None
    assert r.table.column("nash.period").null_count == 40


def test_mutual_optimism_with_larger_costs_agrees_at_once_inside_the_range() -> None:
    r = negotiation.run(optimists(0.15), protocols=["nash", "baron_ferejohn"])
    table = r.table.to_pandas()
    for label in ("nash", "baron_ferejohn"):
        assert (table[f"{label}.period"] == 0).all()
        share = table[f"{label}.pie.a"]
        assert share.between(0.55 - 1e-9, 0.65 + 1e-9).all()
        assert r.summary["protocols"][label]["timeline"]["median_period"] == 0


BASELINE = DATA / "static-baseline.yaml"
"""The baseline as it stood before it was dated: a large static scenario."""


@pytest.mark.parametrize(
    ("source", "draws", "protocols"),
    [(TOY, 300, ["nash", "baron_ferejohn"]), (BASELINE, 120, ["nash"])],
    ids=["toy", "baseline"],
)
def test_common_beliefs_without_drift_recover_the_static_answer_in_period_0(source: Path, draws: int, protocols: list[str]) -> None:
    static = negotiation.run(source, draws=draws, seed=4, protocols=protocols)
    timed = negotiation.run(source, draws=draws, seed=4, protocols=protocols, overrides={"clock": CLOCK})
    s, t = static.table.to_pandas(), timed.table.to_pandas()
    for party in static.summary["parties"]:
        assert np.array_equal(t[f"reservation.{party}"].to_numpy(), s[f"reservation.{party}"].to_numpy())
    for label in protocols:
        deal = s[f"{label}.deal"].to_numpy()
        assert (t[f"{label}.period"].to_numpy()[deal] == 0).all()
        assert (t[f"{label}.package"].to_numpy() == s[f"{label}.package"].to_numpy()).all()
        # with nothing moving, a draw without a deal at the first talk never gets one
        assert t[f"{label}.period"][~deal].isna().all()


def test_the_period_column_agrees_with_the_deal_by_curve() -> None:
    r = negotiation.run(
        TOY, draws=200, seed=2, overrides={"as_of": "2025-08-15", "clock": CLOCK, "no_deal.drift": {"russian_gains": {"add": 0.05}}}
    )
    period = r.table.to_pandas()["nash.period"]
    curve = r.summary["protocols"]["nash"]["timeline"]["deal_by"]
    assert curve == [float((period <= t).sum()) / 200 for t in range(len(curve))]
    assert r.summary["protocols"]["nash"]["deal_rate"] == curve[-1]


def test_questions_are_monotone_in_their_date() -> None:
    dates = ["2025-09-30", "2025-12-31", "2026-03-31", "2026-07-31"]
    questions = {f"q{k}": {"by": day} for k, day in enumerate(dates)}
    r = negotiation.run(
        optimists(0.03),
        draws=80,
        overrides={"questions": questions, "no_deal.beliefs.a.confidence": 2.0, "no_deal.beliefs.b.confidence": 6.0},
    )
    p = [r.summary["protocols"]["nash"]["questions"][f"q{k}"]["probability"] for k in range(len(dates))]
    assert p == sorted(p) and p[-1] > 0.0 and p[0] < p[-1]
    typed = RunSummary.from_dict(r.summary).protocols["nash"]
    assert typed.questions["q3"].probability == p[-1] and typed.timeline is not None


@pytest.mark.slow
def test_chunk_size_and_workers_do_not_change_a_timed_run(tmp_path: Path) -> None:
    source = optimists(0.03)
    overrides = {"no_deal.beliefs.a.confidence": 2.0, "no_deal.beliefs.b.confidence": 6.0, "questions": {"q": {"by": "2026-01-31"}}}
    texts = []
    for k, extra in enumerate(([], ["--set", "monte_carlo.chunk=37"], ["--workers", "2", "--set", "monte_carlo.chunk=50"])):
        from negotiation.cli import main

        path = tmp_path / "s.yaml"
        path.write_text(json.dumps(source), encoding="utf-8")
        out = tmp_path / f"out{k}"
        args = ["run", str(path), "--draws", "150", "--out", str(out), "--quiet", *extra]
        for key, value in overrides.items():
            args += ["--set", f"{key}={json.dumps(value)}"]
        assert main(args) == 0
        texts.append((out / "summary.json").read_text(encoding="utf-8"))
    assert texts[0] == texts[1] == texts[2]
    summary = RunSummary.from_json(texts[0])
    assert summary.to_json() == texts[0] and summary.clock is not None and summary.beliefs is not None


def test_a_question_with_terms_counts_the_deals_with_those_terms_in_time() -> None:
    questions = {"west_bank": {"by": "2025-12-31", "with": {"territory": ["west_bank_style"]}}}
    r = negotiation.run(TOY, draws=200, seed=2, overrides={"clock": CLOCK, "questions": questions})
    table = r.table.to_pandas()
    expected = int(((table["nash.territory"] == "west_bank_style") & (table["nash.period"] <= 3)).sum())
    assert 0 < expected < 200
    assert r.summary["protocols"]["nash"]["questions"]["west_bank"]["probability"] == expected / 200


TIME = {
    "clock": {"start": "2025-08-15", "period": "month", "horizon": "2026-12-31"},
    "talks": [{"date": "2025-08-15"}, {"every": 3}],
    "questions": {"d2025": {"by": "2025-12-31"}},
}
"""A clock, talks and questions added to a scenario without dated events, drift, beliefs or enforcement."""


def test_summit_and_bdm_on_a_clocked_scenario_give_the_numbers_of_the_scenario_without_its_clock() -> None:
    static = negotiation.run(STAKEHOLDERS, draws=40, seed=3, protocols=["summit", "bdm"])
    clocked = negotiation.run(STAKEHOLDERS, draws=40, seed=3, protocols=["summit", "bdm"], overrides=TIME)
    summary = dict(clocked.summary)
    assert summary.pop("at_start") == {
        "start": "2025-08-15",
        "first_period_end": "2025-09-14",
        "protocols": ["summit", "bdm"],
        "dated_events_applied": [],
        "left_out": ["clock", "talks", "questions"],
    }
    assert summary == static.summary
    assert clocked.table.equals(static.table)


@pytest.mark.slow  # a whole summit run: the default suite's time budget
def test_a_clocked_summit_prints_one_line_on_its_one_shot_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from negotiation.cli import main

    sets = [f"--set={key}={json.dumps(value)}" for key, value in TIME.items()]
    code = main(["run", str(STAKEHOLDERS), "--draws", "10", "--protocol", "summit", *sets, "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0
    line = "  summit: one talk at the clock's start, 2025-08-15; the clock, talks and questions apply to the timed protocols only\n"
    assert out.count(line) == 1
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["at_start"]["start"] == "2025-08-15" and "clock" not in summary
    from negotiation.report.run import results_section

    assert "summit: one talk at the clock&#x27;s start, 2025-08-15;" in results_section(RunSummary.from_dict(summary))


@pytest.mark.parametrize("protocol", ["summit", "bdm"])
def test_a_protocol_that_does_not_run_talk_by_talk_is_refused_beside_a_timed_one_with_a_clock(
    protocol: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Mixed with nash on a dated scenario: one located line advising to run it on its own, exit 2, nothing written."""
    from negotiation.cli import main

    clock = "clock={start: 2025-08-15, period: month, horizon: 2025-12-31}"
    argv = ["run", str(BASELINE), "--draws", "10", "--protocol", "nash", "--protocol", protocol, "--set", clock]
    code = main([*argv, "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    expected = (
        f"protocols.1: the {protocol} protocol does not run talk by talk with the timed protocols; "
        f"run it on its own with --protocol {protocol} (one talk at the clock's start)"
    )
    (line,) = err.splitlines()
    assert line == f"--protocol: {expected}"  # located at the --protocol options that listed it, not at a --set
    assert "Traceback" not in err and not (tmp_path / "out").exists()
