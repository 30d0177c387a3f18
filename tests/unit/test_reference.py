"""The Markdown reference: generated from the schema, in sync with docs/SCENARIOS.md, and the how-to's example valid."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from negotiation.cli import main
from negotiation.engine.scenario import load_scenario
from negotiation.scenario.reference import BEGIN, END, between_markers, reference_markdown, scenario_reference, splice
from negotiation.scenario.schema import scenario_schema
from tests.conftest import ROOT

DOC = ROOT / "docs" / "SCENARIOS.md"
EXAMPLE_MARKER = "<!-- how-to example: validated by tests/unit/test_reference.py -->"
REGENERATE = "regenerate with: python -m negotiation.scenario.reference docs/SCENARIOS.md"


def _paths(reference: str) -> list[str]:
    """The path in the first cell of every table row of a reference."""
    return re.findall(r"^\| `([^`]+)`", reference, flags=re.MULTILINE)


def test_reference_in_the_docs_matches_the_schema() -> None:
    document = DOC.read_text(encoding="utf-8")
    assert document.count(BEGIN) == 1 and document.count(END) == 1, f"docs/SCENARIOS.md needs one {BEGIN!r} and one {END!r} line"
    assert between_markers(document) == reference_markdown(scenario_schema()), REGENERATE


def test_every_schema_field_appears_by_dotted_path() -> None:
    schema = scenario_schema()
    paths = _paths(scenario_reference())
    for key in schema["properties"]:
        assert key in paths, key
        assert f"### `{key}`" in scenario_reference(), key
    for name, definition in schema["$defs"].items():
        for prop in definition.get("properties", {}):
            assert any(path.endswith(f".{prop}") for path in paths), f"$defs/{name}: property {prop} is missing"


def test_map_keys_and_list_items_are_named_in_paths() -> None:
    paths = _paths(scenario_reference())
    for path in (
        "parties.<party>.weight.<issue>",
        "parties.<party>.value.<issue>.<option>",
        "parties.<party>.value.<issue>.peak",
        "no_deal.outcomes.<outcome>.package.<issue>",
        "ratification.<step>.shift.<issue>.<value>",
        "events.<event>.effects.<path>.multiply",
        "exclude[].<issue>",
        "summit.phases.<phase>.rounds",
        "<number>.beta",
    ):
        assert path in paths, path


def test_a_new_schema_field_appears_by_itself() -> None:
    schema = copy.deepcopy(scenario_schema())
    schema["$defs"]["party"]["properties"]["stubbornness"] = {
        "type": "number",
        "minimum": 0,
        "maximum": 2,
        "default": 1,
        "description": "How hard the party holds out.",
    }
    schema["properties"]["notes"] = {"type": "array", "items": {"enum": ["a", "b"]}, "description": "Free notes."}
    text = reference_markdown(schema)
    row = next(line for line in text.splitlines() if line.startswith("| `parties.<party>.stubbornness`"))
    assert row == "| `parties.<party>.stubbornness` | number | no | ≥ 0; ≤ 2; default `1` | How hard the party holds out. |"
    assert "### `notes`" in text and text.index("### `monte_carlo`") < text.index("### `notes`")


def test_rows_show_type_requirement_bounds_and_enums() -> None:
    rows: dict[str, str] = {}
    for line in scenario_reference().splitlines():
        for path in _paths(line):
            rows.setdefault(path, line)  # a field's own row comes before the rows of its forms
    assert rows["name"].split(" | ")[2] == "**yes**"
    assert "one of `random`, `lhs`, `sobol`" in rows["monte_carlo.sampler"]
    assert "> 0; ≤ 0.5" in rows["monte_carlo.precision"]
    assert "[number or distribution](#number)" in rows["parties.<party>.reservation"]
    assert "`increasing` or `decreasing`" in rows["parties.<party>.value.<issue>"]


def test_reference_handles_recursive_definitions() -> None:
    schema = {
        "type": "object",
        "properties": {"tree": {"$ref": "#/$defs/node"}},
        "$defs": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
    }
    text = reference_markdown(schema)
    assert "| `tree` | [mapping](#node) |" in text
    assert "`<node>.children`" in text


def test_example_in_the_how_to_is_a_valid_scenario(tmp_path: Path) -> None:
    document = DOC.read_text(encoding="utf-8")
    assert EXAMPLE_MARKER in document, "the how-to's complete example must follow the marker line"
    block = re.match(r"\s*```yaml\n(.*?)\n```", document.split(EXAMPLE_MARKER, 1)[1], flags=re.DOTALL)
    assert block, "a ```yaml block must follow the marker"
    path = tmp_path / "example.yaml"
    path.write_text(block.group(1) + "\n", encoding="utf-8")
    scenario = load_scenario(path)
    assert len(scenario.parties) >= 2


def test_schema_markdown_command_prints_the_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--markdown"]) == 0
    assert capsys.readouterr().out == scenario_reference()


def test_schema_markdown_of_the_experiment_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from negotiation.experiment.schema import experiment_schema

    assert main(["schema", "--markdown", "--experiment"]) == 0
    out = capsys.readouterr().out
    assert out == reference_markdown(experiment_schema())
    assert "`studies.<study>.sweep.<path>`" in out


def test_splice_replaces_only_the_marked_section() -> None:
    document = f"intro\n{BEGIN}\nold\ntext\n{END}\noutro\n"
    assert splice(document, "new\n") == f"intro\n{BEGIN}\nnew\n{END}\noutro\n"
    assert between_markers(splice(document, "new\n")) == "new\n"
    with pytest.raises(ValueError):
        splice("no markers\n", "new\n")
