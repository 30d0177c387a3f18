"""Experiments on a scenario with a clock: the metrics ``{question: NAME}`` and ``{deal_by: DATE}`` end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

import negotiation
from tests.conftest import DATA

LEARNING = DATA / "learning.yaml"
DRAWS = 300
COSTS = [0.0, 0.05, 0.15]


def _experiment(folder: Path, studies: str) -> Path:
    path = folder / "exp.yaml"
    path.write_text(
        f"""name: learning-costs
title: Costs of war and the timing of a deal
scenario: {LEARNING}
protocols: [nash]
draws: {DRAWS}
seed: 3
metrics:
  - {{question: by_june}}
  - {{deal_by: 2025-03-31}}
  - deal_rate
studies:
{studies}""",
        encoding="utf-8",
    )
    return path


def test_a_sweep_reports_each_question_as_a_direct_run_does(tmp_path: Path) -> None:
    """Each point's question and deal_by metrics equal the probabilities of a run of that point on its own (same seed and draws)."""
    sweep = f"""  cost:
    label: Cost of war for a
    sweep:
      no_deal.cost.a: {COSTS}
"""
    table = negotiation.run_experiment(_experiment(tmp_path, sweep), out=tmp_path / "out")
    rows = table[table["protocol"] == "nash"]
    for cost in COSTS:
        direct = negotiation.run(LEARNING, draws=DRAWS, seed=3, overrides={"no_deal.cost.a": cost}).summary["protocols"]["nash"]
        point = rows[rows["x"] == cost].set_index("metric")["value"]
        assert point["question[by_june]"] == pytest.approx(direct["questions"]["by_june"]["probability"])
        # 2025-03-31 ends period 2 (months from 1 January)
        assert point["deal_by[2025-03-31]"] == pytest.approx(direct["timeline"]["deal_by"][2])
        assert point["deal_rate"] == pytest.approx(direct["deal_rate"])
    by_cost = [rows[(rows["x"] == c) & (rows["metric"] == "question[by_june]")]["value"].item() for c in COSTS]
    assert by_cost == sorted(by_cost)  # a larger cost never delays a deal (common random numbers: the same draws)
    assert by_cost[-1] > by_cost[0]


def test_discovery_on_a_question(tmp_path: Path) -> None:
    """PRIM looks for the inputs under which the question holds, reading each draw's period of agreement."""
    discovery = """  when:
    label: When the parties agree by the end of the year
    discovery:
      outcome: {question: by_year_end}
      draws: 400
"""
    negotiation.run_experiment(_experiment(tmp_path, discovery), out=tmp_path / "out")
    study = negotiation.load(tmp_path / "out").summary["studies"]["when"]
    direct = negotiation.run(LEARNING, draws=400, seed=3).summary["protocols"]["nash"]["questions"]["by_year_end"]
    assert study["base_rate"] == pytest.approx(direct["probability"])
    assert 0.0 < study["base_rate"] < 1.0
    # slow learners disagree longer: the box PRIM keeps is denser in early deals than the whole
    assert study["trajectory"][study["chosen"]]["density"] > study["base_rate"]
    # the first of the boxes found in sequence is the reported box; later ones are denser than the base rate
    boxes = study["boxes"]
    assert 1 <= len(boxes) <= 3
    assert {k: boxes[0][k] for k in ("coverage", "density", "mass", "limits")} == study["box"]
    assert all(b["density"] > study["base_rate"] for b in boxes[1:])
    assert sum(b["coverage"] for b in boxes) <= 1.0 + 1e-12


def test_the_slack_metric_is_the_mean_of_the_runs_slack_column_with_no_deal_in_reach_counted_zero(tmp_path: Path) -> None:
    """``slack`` at each point is the mean over draws of max(slack, 0), read here from the draws table of a direct run."""
    path = tmp_path / "slack.yaml"
    path.write_text(
        f"""name: slack-costs
scenario: {LEARNING}
protocols: [nash]
draws: {DRAWS}
seed: 3
metrics: [slack]
studies:
  cost:
    sweep:
      no_deal.cost.a: {COSTS}
""",
        encoding="utf-8",
    )
    table = negotiation.run_experiment(path, out=tmp_path / "out")
    means = []
    for cost in COSTS:
        direct = negotiation.run(LEARNING, draws=DRAWS, seed=3, overrides={"no_deal.cost.a": cost})
        column = direct.table.column("slack").to_numpy()
        expected = float(sum(max(x, 0.0) for x in column) / len(column))
        row = table[(table["x"] == cost) & (table["metric"] == "slack")]
        assert len(row) == 1 and row["protocol"].item() == ""
        assert row["value"].item() == pytest.approx(expected, abs=1e-9)  # the table rounds to 9 decimals
        means.append(expected)
    assert means == sorted(means) and means[-1] > means[0]  # a costlier war for a leaves more room for a deal
