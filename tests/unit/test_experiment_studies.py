"""Study kinds: the registry matches the schema, each kind's cost is the number of draws it runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from negotiation.engine.progress import Progress
from negotiation.experiment.run import run_experiment
from negotiation.experiment.schema import experiment_schema
from negotiation.experiment.sobol import evaluations, sobol
from negotiation.experiment.spec import Experiment, read_experiment
from negotiation.experiment.studies import KINDS
from tests.conftest import TOY

DRAWS = 40

# The toy scenario has four uncertain parameters (parties.russia.reservation,
# no_deal.outcomes.russian_gains.probability, no_deal.cost.ukraine,
# ratification.ukraine_referendum.support) and one event (missile_test).
STUDIES = {
    # 3 values x 2 values = 6 points, each DRAWS draws: 6 * 40 = 240.
    "grid": {"sweep": {"parties.usa.reservation": [0.1, 0.2, 0.3], "parties.russia.power": [1, 2]}},
    # 2 variants, each DRAWS draws: 2 * 40 = 80.
    "side": {"compare": {"a": {"fix": {"territory": "frozen_line"}}, "b": {"set": {"no_deal.cost.russia": 0.3}}}},
    # Inputs: the 4 uncertain parameters + 1 event + parties.usa.reservation (fixed in the
    # scenario, made uncertain by its range; parties.russia.reservation is uncertain already,
    # so its range adds no input): d = 6. Saltelli's design runs A and B (n rows each) and the
    # d matrices A_B^(i) (n rows each): n * (d + 2) = 4 * 8 = 32.
    "sobol": {
        "sensitivity": {"samples": 4, "parameters": {"parties.usa.reservation": [0.1, 0.5], "parties.russia.reservation": [0.2, 0.6]}}
    },
    # Its own draws: 50.
    "where": {"discovery": {"draws": 50}},
    # The experiment's draws: 40.
    "box": {"discovery": {"outcome": "no_deal"}},
    # d = 4 uncertain parameters + 1 event = 5: 4 * (5 + 2) = 28.
    "every": {"sensitivity": {"samples": 4}},
}
COSTS = {"grid": 240, "side": 80, "sobol": 32, "where": 50, "box": 40, "every": 28}


def _experiment(tmp_path: Path) -> Experiment:
    file = tmp_path / "exp.yaml"
    body = {"name": "kinds", "scenario": str(TOY), "draws": DRAWS, "seed": 7, "studies": STUDIES}
    file.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    return read_experiment(file)


def test_the_registry_lists_the_kinds_the_schema_admits_in_its_order() -> None:
    study = experiment_schema()["$defs"]["study"]
    assert list(KINDS) == [next(iter(option["required"])) for option in study["oneOf"]]


def test_each_study_is_of_the_kind_it_names(tmp_path: Path) -> None:
    e = _experiment(tmp_path)
    assert [(s.name, s.kind) for s in e.studies] == [(name, next(iter(spec))) for name, spec in STUDIES.items()]
    assert [len(s.points) for s in e.studies] == [6, 2, 0, 0, 0, 0]


def test_each_kind_costs_the_draws_derived_by_hand(tmp_path: Path) -> None:
    e = _experiment(tmp_path)
    assert {s.name: s.cost(e) for s in e.studies} == COSTS


class _Count(Progress):
    """A silent meter that keeps the most draws it was told are done."""

    def __init__(self) -> None:
        super().__init__(0, enabled=False)
        self.most = 0

    def update(self, done: int) -> None:
        self.most = max(self.most, done)


def test_the_meter_counts_to_the_total_cost_when_every_study_has_run(tmp_path: Path) -> None:
    e = _experiment(tmp_path)
    meter = _Count()
    summary, rows = run_experiment(e, meter)
    assert meter.total == sum(COSTS.values()) == meter.most
    assert list(summary["studies"]) == list(STUDIES)
    assert [block["kind"] for block in summary["studies"].values()] == [next(iter(spec)) for spec in STUDIES.values()]
    # Discovery writes no table rows; sensitivity none for an output that does not vary (nash's deal rate here).
    assert {"grid", "side"} <= {r["study"] for r in rows} <= {"grid", "side", "sobol", "every"}


def test_saltelli_cost_is_the_number_of_model_runs_sobol_makes() -> None:
    """n * (d + 2): checked against the columns scipy's design actually passes to the model."""
    runs = []

    def model(u: np.ndarray) -> np.ndarray:
        runs.append(u.shape[1])
        return np.atleast_2d(u.sum(axis=0))

    for n, d in ((4, 2), (8, 3), (16, 5)):
        runs.clear()
        result = sobol(model, [f"x{i}" for i in range(d)], ["y"], n, seed=1, resamples=10)
        assert sum(runs) == evaluations(n, d) == result.evaluations == n * (d + 2)
