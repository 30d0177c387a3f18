"""The JSON Schema: valid, in sync with the committed copy, and accepting the example."""

from __future__ import annotations

import json
import subprocess
import sys

from jsonschema import Draft202012Validator

from negotiation.scenario.schema import scenario_schema, schema_json
from negotiation.scenario.yamlio import read_document
from tests.conftest import ROOT, TOY


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(scenario_schema())


def test_committed_schema_file_matches_the_code() -> None:
    committed = (ROOT / "negotiation" / "scenario.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "regenerate with: negotiation schema > negotiation/scenario.schema.json"


def test_schema_command_prints_the_schema() -> None:
    out = subprocess.run([sys.executable, "-m", "negotiation", "schema"], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == scenario_schema()


def test_example_scenario_is_valid_against_the_schema() -> None:
    errors = list(Draft202012Validator(scenario_schema()).iter_errors(read_document(TOY).data))
    assert errors == []


def test_every_scenario_names_the_schema_in_its_modeline() -> None:
    files = sorted((ROOT / "scenarios").glob("*.yaml"))
    assert files, "no scenarios found"
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../negotiation/scenario.schema.json", path.name


def test_experiment_schema_is_valid_in_sync_and_accepts_every_shipped_experiment() -> None:
    from negotiation.experiment.schema import experiment_schema, experiment_schema_json

    Draft202012Validator.check_schema(experiment_schema())
    committed = (ROOT / "negotiation" / "experiment.schema.json").read_text(encoding="utf-8")
    assert committed == experiment_schema_json(), "regenerate with: negotiation schema --experiment > negotiation/experiment.schema.json"
    validator = Draft202012Validator(experiment_schema())
    for file in sorted((ROOT / "experiments").glob("*.yaml")):
        assert list(validator.iter_errors(read_document(file).data)) == [], file.name
