"""The Python front door: ``negotiation.run``, ``load``, ``run_experiment`` and ``Results`` on every kind of folder."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import negotiation
from negotiation.api import PROTOCOL_COLUMNS
from negotiation.cli import main
from tests.conftest import ROOT, TOY
from tests.tiny_experiment import DRAWS, tiny_experiment

TABLE = ["study", "kind", "point", "x", "y", "protocol", "metric", "value", "ci_low", "ci_high", "draws"]


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    negotiation.run(TOY, draws=300, seed=2, protocols=["nash", "baron_ferejohn"], out=out)
    return out


@pytest.fixture(scope="module")
def experiment(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path]:
    folder = tmp_path_factory.mktemp("experiment")
    out = folder / "out"
    return negotiation.run_experiment(tiny_experiment(folder), out=out), out


@pytest.fixture(scope="module")
def bdm_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bdm") / "out"
    assert main(["bdm", str(ROOT / "experiments" / "bdm-eu-emissions.csv"), "--out", str(out)]) == 0
    return out


def test_run_experiment_returns_the_tidy_table_with_its_findings(experiment: tuple[pd.DataFrame, Path]) -> None:
    table, out = experiment
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == TABLE
    # two studies of two points, two protocols, deal rate and three mean utilities
    assert len(table) == 2 * 2 * 2 * 4 and set(table["study"]) == {"reservation", "event"}
    assert (table["draws"] == DRAWS).all() and table["value"].between(0, 1).all()
    assert (table["ci_low"] <= table["value"]).all() and (table["value"] <= table["ci_high"]).all()
    assert table.attrs["findings"] == list(negotiation.load(out).typed_summary.findings)
    assert table.attrs["path"] == out
    on_disk = pd.read_csv(out / "table.csv", keep_default_na=False)
    assert on_disk["value"].tolist() == table["value"].tolist()


def test_run_experiment_in_memory_gives_the_same_table(tmp_path: Path, experiment: tuple[pd.DataFrame, Path]) -> None:
    table = negotiation.run_experiment(tiny_experiment(tmp_path))
    assert table.attrs["path"] is None
    pd.testing.assert_frame_equal(table, experiment[0])
    assert table.attrs["findings"] == experiment[0].attrs["findings"]
    assert [p.name for p in tmp_path.iterdir()] == ["tiny.yaml"]


@pytest.mark.slow  # three small experiments: about 4 s
def test_run_experiment_takes_a_seed_and_overrides_as_the_command_line_does(tmp_path: Path) -> None:
    """``seed=`` and ``overrides=`` act at every point; another seed gives other draws, overrides of the protocols fewer rows."""
    table = negotiation.run_experiment(tiny_experiment(tmp_path), draws=30, seed=8, overrides={"protocols": ["nash"]})
    assert set(table["protocol"]) == {"nash"} and set(table["draws"]) == {30}
    again = negotiation.run_experiment(tiny_experiment(tmp_path), draws=30, seed=8, overrides=["protocols=[nash]"])
    other = negotiation.run_experiment(tiny_experiment(tmp_path), draws=30, seed=9, overrides=["protocols=[nash]"])
    assert table["value"].tolist() == again["value"].tolist() != other["value"].tolist()


def test_protocols_of_a_run_is_tidy(run_folder: Path) -> None:
    res = negotiation.load(run_folder)
    frame = res.protocols
    assert list(frame.columns) == list(PROTOCOL_COLUMNS)
    assert frame[["value", "lo", "hi"]].dtypes.tolist() == [float, float, float]
    rate = frame[(frame["protocol"] == "nash") & (frame["metric"] == "deal_rate")].iloc[0]
    nash = res.summary["protocols"]["nash"]
    assert (rate["value"], rate["lo"], rate["hi"]) == (nash["deal_rate"], *nash["deal_rate_ci95"])
    utility = frame[(frame["protocol"] == "baron_ferejohn") & (frame["metric"] == "mean_utility.usa")].iloc[0]
    assert utility["value"] == res.summary["protocols"]["baron_ferejohn"]["mean_utility"]["usa"] and math.isnan(utility["lo"])
    assert {"proposers.russia", "unconstrained.deal_rate"} <= set(frame.loc[frame["protocol"] == "baron_ferejohn", "metric"])


def test_protocols_of_an_experiment_and_a_stakeholder_table(experiment: tuple[pd.DataFrame, Path], bdm_folder: Path) -> None:
    table, out = experiment
    frame = negotiation.load(out).protocols
    assert list(frame.columns) == ["study", "point", *PROTOCOL_COLUMNS]
    assert frame["value"].tolist() == table["value"].tolist() and frame["lo"].tolist() == table["ci_low"].tolist()
    forecast = negotiation.load(bdm_folder).protocols
    assert forecast["metric"].tolist() == ["forecast.position.median", "forecast.position.mean"]
    block = negotiation.load(bdm_folder).summary["protocols"]["bdm"]["forecast"]["position"]
    assert forecast["value"].tolist() == [block["median_by_round"][-1], block["mean_by_round"][-1]]


def test_every_kind_of_folder_displays_in_a_notebook(run_folder: Path, experiment: tuple[pd.DataFrame, Path], bdm_folder: Path) -> None:
    run, study, table = (negotiation.load(p) for p in (run_folder, experiment[1], bdm_folder))
    assert (run.kind, study.kind, table.kind) == ("run", "experiment", "stakeholders")
    page = run._repr_html_()
    assert "Toy three-party summit" in page and "<table" in page and "deal_rate" in page and "mean_utility.usa" in page
    page = study._repr_html_()
    assert "A tiny experiment" in page and all(f in page for f in (s.replace("'", "&#x27;") for s in study.typed_summary.findings))
    assert "forecast.position.median" in table._repr_html_()
    for res in (run, study, table):
        assert repr(res).startswith("<Results ")
    assert repr(study).startswith("<Results experiment tiny: 120 draws per point; reservation (sweep), event (compare) at ")


def test_a_folder_without_draws_says_so(experiment: tuple[pd.DataFrame, Path]) -> None:
    with pytest.raises(ValueError, match="hold no draws"):
        _ = negotiation.load(experiment[1]).draws


def test_an_experiment_folder_has_its_study_figures(experiment: tuple[pd.DataFrame, Path]) -> None:
    assert list(negotiation.load(experiment[1]).figures()) == ["reservation", "event"]


def test_split_issues_have_one_numeric_column_per_share() -> None:
    draws = negotiation.run(TOY, draws=200, seed=4).draws
    shares = draws[["nash.minerals_fund.usa", "nash.minerals_fund.ukraine"]]
    assert "nash.minerals_fund" not in draws.columns
    assert shares.dtypes.tolist() == [float, float]
    deal = draws["nash.deal"]
    assert deal.any() and ((shares[deal].sum(axis=1) - 1).abs() < 1e-12).all()
    assert shares[deal].isin([0.0, 0.25, 0.5, 0.75, 1.0]).all().all() and shares[~deal].isna().all().all()
