"""Properties of experiments run on common random numbers (docs/MODEL.md §14)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from negotiation.experiment.run import run_experiment
from negotiation.experiment.spec import read_experiment
from tests.conftest import TOY


def _write(folder: Path, body: dict[str, object]) -> Path:
    file = folder / "experiment.yaml"
    file.write_text(yaml.safe_dump({"name": "prop", "scenario": str(TOY), **body}, sort_keys=False), encoding="utf-8")
    return file


def _rates(summary: dict, study: str, protocol: str, metric: str = "deal_rate") -> list[float]:  # type: ignore[type-arg]
    return [p["results"][protocol][metric]["value"] for p in summary["studies"][study]["points"]]


@pytest.mark.parametrize(
    ("seed", "levels"),
    [(0, [0.0, 0.9]), (17, [0.1, 0.3, 0.5, 0.7, 0.9]), (4321, [0.4, 0.41, 0.42]), (9999, [0.0, 0.05, 0.6, 0.85])],
)
def test_raising_a_reservation_value_never_raises_the_deal_rate(tmp_path_factory, seed: int, levels: list[float]) -> None:  # type: ignore[no-untyped-def]
    """With common random numbers every draw sees the same parameters at every point, so a
    higher reservation value only shrinks the individually rational set, draw by draw.

    Explicit cases, not a hypothesis property (each case is a whole experiment): the widest
    sweep, five even steps, three levels a hundredth apart, and uneven steps."""
    folder = tmp_path_factory.mktemp("exp")
    file = _write(
        folder,
        {
            "protocols": ["nash", "kalai_smorodinsky", "egalitarian", "utilitarian"],
            "draws": 300,
            "seed": seed,
            "studies": {"raise": {"sweep": {"parties.usa.reservation": levels}}},
        },
    )
    summary, _ = run_experiment(read_experiment(file))
    for protocol in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        rates = _rates(summary, "raise", protocol)
        assert all(b <= a for a, b in itertools.pairwise(rates)), (protocol, rates)


@pytest.mark.parametrize(("seed", "values"), [(0, [0.5, 0.99]), (123, [0.6, 0.7, 0.8, 0.9]), (7777, [0.95, 0.51, 0.75])])
def test_a_sweep_over_an_ignored_parameter_gives_identical_points(tmp_path_factory, seed: int, values: list[float]) -> None:  # type: ignore[no-untyped-def]
    """Nash bargaining ignores patience: every point of a patience sweep is the same, to the last digit.

    Explicit cases, not a hypothesis property (each case is a whole experiment): the extremes,
    four even steps, and points out of order."""
    folder = tmp_path_factory.mktemp("exp")
    file = _write(
        folder,
        {
            "protocols": ["nash"],
            "draws": 300,
            "seed": seed,
            "metrics": ["deal_rate", "mean_utility", {"issue_share": {"territory": "frozen_line"}}, {"all_accept": "money_making_offer"}],
            "studies": {"patience": {"sweep": {"parties.russia.patience": values}}},
        },
    )
    summary, _ = run_experiment(read_experiment(file))
    points = summary["studies"]["patience"]["points"]
    assert all(p["results"] == points[0]["results"] for p in points[1:])
