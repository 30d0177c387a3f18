"""docs/IMPORT.md's example, rerun: its three Genius files imported give the scenario it shows, which validates and runs as shown.

The files are the document's ```xml blocks, each named by the `NAME.xml`
mentioned just before it; the commands are its "$ negotiation ..." lines,
each followed by the output it shows. The import and validation run in the
default suite; the run of 200 draws, compared line by line with the output the
document prints, is in the ``docs`` group.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.in_process import negotiation_cli
from tests.markdown import fenced_blocks

DOC = (ROOT / "docs" / "IMPORT.md").read_text(encoding="utf-8")
EXAMPLE = DOC[DOC.index("## An example, end to end") : DOC.index("## Comparing with NegMAS")]


def _files() -> dict[str, str]:
    found = re.findall(r"`([\w-]+\.xml)`[^`]*?:\n\n```xml\n(.*?)```", EXAMPLE, flags=re.DOTALL)
    return dict(found)


def _commands() -> list[tuple[list[str], list[str]]]:
    """Each "$ negotiation ..." line of the example's plain blocks with the output lines that follow it."""
    out: list[tuple[list[str], list[str]]] = []
    for language, block in fenced_blocks(EXAMPLE):
        if language:
            continue
        for line in block.splitlines():
            if line.startswith("$ negotiation "):
                out.append((line.removeprefix("$ negotiation ").split(), []))
            elif out:
                out[-1][1].append(line)
    return out


def _scenario_block() -> str:
    (block,) = [text for language, text in fenced_blocks(EXAMPLE) if language == "yaml"]
    return block


def _write(folder: Path) -> None:
    for name, text in _files().items():
        (folder / name).write_text(text, encoding="utf-8")


def test_the_example_imports_to_the_scenario_shown_and_validates(tmp_path: Path) -> None:
    assert sorted(_files()) == ["ann.xml", "ben.xml", "holiday.xml"]
    _write(tmp_path)
    (imported, import_out), (validate, validate_out), _ = _commands()
    done = negotiation_cli(*imported, cwd=tmp_path)
    assert (done.returncode, done.stdout.splitlines()) == (0, import_out)
    assert (tmp_path / "holiday.yaml").read_text(encoding="utf-8") == _scenario_block()
    checked = negotiation_cli(*validate, cwd=tmp_path)
    assert (checked.returncode, checked.stdout.splitlines()) == (0, validate_out)


def test_the_geniusweb_example_imports_with_the_reservation_bid_valued(tmp_path: Path) -> None:
    section = DOC[DOC.index("**GeniusWeb JSON**") : DOC.index("## How it maps onto a scenario")]
    files = dict(re.findall(r"`([\w-]+\.json)`:\n\n```json\n(.*?)```", section, flags=re.DOTALL))
    assert sorted(files) == ["ann.json", "lunch.json"]
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "bob.json").write_text(files["ann.json"].replace('"name": "ann"', '"name": "bob"'), encoding="utf-8")
    done = negotiation_cli("import", "geniusweb", "lunch.json", "ann.json", "bob.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    scenario = yaml.safe_load(done.stdout)
    assert scenario["parties"]["ann"]["reservation"] == pytest.approx(0.6 * 0.4 + 0.4 * 1, abs=1e-15)
    assert scenario["parties"]["ann"]["value"] == {"food": {"pizza": 1.0, "soup": 0.4}, "drink": {"water": 0.2, "tea": 1.0}}


@pytest.mark.docs
def test_the_example_runs_as_shown(tmp_path: Path) -> None:
    _write(tmp_path)
    (imported, _), _, (run, shown) = _commands()
    assert negotiation_cli(*imported, cwd=tmp_path).returncode == 0
    done = negotiation_cli(*run, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    printed = [line for line in done.stdout.splitlines() if not line.startswith(("done in", "results:"))]
    assert printed == shown
