"""Typed summaries: every kind of results folder's ``summary.json`` reads into its type and writes back byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import negotiation
from negotiation.cli import main
from negotiation.results.experiment_summary import ExperimentSummary
from negotiation.results.protocol_summary import ProtocolSummary
from negotiation.results.run_summary import RunSummary
from negotiation.results.summary_file import read_summary, summary_from_json
from tests.conftest import ROOT, STAKEHOLDERS, TOY
from tests.integration.test_timeline_runs import optimists
from tests.tiny_experiment import tiny_experiment

RUNS = {
    "toy, two protocols, ratification, proposals, events": (TOY, {"protocols": ["nash", "baron_ferejohn"]}),
    "toy, adaptive precision": (TOY, {"protocols": ["nash"], "overrides": {"monte_carlo.precision": 0.2, "monte_carlo.chunk": 50}}),
    "stakeholders, the summit and the forecast": (STAKEHOLDERS, {"protocols": ["summit", "bdm"], "draws": 40}),
    "a clock, beliefs and a question": (
        optimists(0.03),
        {"protocols": ["nash"], "overrides": {"no_deal.beliefs.a.confidence": 2.0, "questions": {"q": {"by": "2025-12-31"}}}},
    ),
}


HEAVY = {"stakeholders, the summit and the forecast"}
"""Runs whose round trip is checked in the slow group only (the default suite's time budget)."""


@pytest.fixture(scope="module", params=[pytest.param(name, marks=pytest.mark.slow) if name in HEAVY else name for name in RUNS])
def run_folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    source, options = RUNS[request.param]
    out = tmp_path_factory.mktemp("run") / "out"
    negotiation.run(source, **{"draws": 200, "seed": 5, **options}, out=out)
    return out


@pytest.fixture(scope="module")
def experiment_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("experiment")
    out = folder / "out"
    assert main(["experiment", str(tiny_experiment(folder)), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def bdm_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bdm") / "out"
    assert main(["bdm", str(ROOT / "experiments" / "bdm-eu-emissions.csv"), "--out", str(out)]) == 0
    return out


def test_a_run_summary_round_trips_byte_for_byte(run_folder: Path) -> None:
    text = (run_folder / "summary.json").read_text(encoding="utf-8")
    summary = RunSummary.from_json(text)
    assert summary.to_json() == text
    assert summary.kind == "run" and summary.extra == {}
    assert summary.to_dict() == json.loads(text)
    assert RunSummary.from_dict(summary.to_dict()) == summary


def test_an_experiment_summary_round_trips_byte_for_byte(experiment_folder: Path) -> None:
    text = (experiment_folder / "summary.json").read_text(encoding="utf-8")
    summary = ExperimentSummary.from_json(text)
    assert summary.to_json() == text
    assert summary.kind == "experiment" and summary.extra == {}
    assert list(summary.studies) == ["reservation", "event"]
    assert summary.protocols == ("nash", "kalai_smorodinsky") and summary.findings


def test_a_stakeholder_table_summary_round_trips_byte_for_byte(bdm_folder: Path) -> None:
    text = (bdm_folder / "summary.json").read_text(encoding="utf-8")
    summary = RunSummary.from_json(text)
    assert summary.to_json() == text
    assert summary.kind == "stakeholders" and summary.seed is None and summary.rounds == 10 and summary.q == 1.0
    forecast = summary.protocols["bdm"]
    assert not forecast.rated and forecast.deal_rate is None and list(forecast.forecast) == ["position"]


def test_read_summary_gives_each_folder_its_type(run_folder: Path, experiment_folder: Path, bdm_folder: Path) -> None:
    assert isinstance(read_summary(run_folder), RunSummary)
    assert isinstance(read_summary(experiment_folder), ExperimentSummary)
    assert read_summary(bdm_folder).kind == "stakeholders"
    assert summary_from_json((experiment_folder / "summary.json").read_text(encoding="utf-8")).kind == "experiment"


def test_protocol_fields_are_typed(run_folder: Path) -> None:
    summary = read_summary(run_folder)
    assert isinstance(summary, RunSummary)
    data = json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))
    for label, block in summary.protocols.items():
        raw = data["protocols"][label]
        assert block.deal_rate == raw["deal_rate"] and block.deal_rate_ci95 == tuple(raw["deal_rate_ci95"])
        assert block.mean_utility == raw["mean_utility"] and block.top_packages == tuple(raw["top_packages"])
        assert block.proposers == raw.get("proposers") and block.summit == raw.get("summit")
        assert block.forecast == raw.get("forecast", {})


def test_metrics_are_tidy_rows() -> None:
    block = ProtocolSummary(
        deal_rate=0.25,
        deal_rate_ci95=(0.2, 0.3),
        deals=5,
        mean_utility={"a": 0.5, "b": 0.4},
        pivotal_rate={"a": 0.1, "b": 0.0},
        blocks={
            "mean_round": None,
            "means": {"p_war": 0.3, "converged": None},
            "unconstrained": {"deal_rate": 0.5, "deal_rate_ci95": [0.4, 0.6]},
        },
    )
    rows = {metric: (value, lo, hi) for metric, value, lo, hi in block.metrics()}
    assert rows["deal_rate"] == (0.25, 0.2, 0.3)
    assert rows["unconstrained.deal_rate"] == (0.5, 0.4, 0.6)
    assert rows["mean_utility.b"][0] == 0.4 and rows["pivotal_rate.a"][0] == 0.1 and rows["means.p_war"][0] == 0.3
    assert "mean_round" not in rows and "means.converged" not in rows
    assert list(block.to_dict()) == [
        "deal_rate",
        "deal_rate_ci95",
        "deals",
        "mean_utility",
        "pivotal_rate",
        "mean_round",
        "means",
        "unconstrained",
    ]
