"""Every run printed in docs/SCENARIOS.md is what the program prints.

The how-to's example file is saved as ``scenarios/transit-strike.yaml`` in a
scratch folder beside the shipped scenarios, and each ``$ negotiation run``
in the page is run there. Printed lines must match in order; a line ``...``
in the page stands for lines left out, and the timing and folder lines are
not compared.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.markdown import fenced_blocks

DOC = (ROOT / "docs" / "SCENARIOS.md").read_text(encoding="utf-8")
EXAMPLE_MARKER = "<!-- how-to example: validated by tests/unit/test_reference.py -->"
SKIPPED = ("done in", "results:", "report:")


def runs() -> list[tuple[str, list[str]]]:
    """(command, the lines shown after it) for every ``$ negotiation run`` in a plain code block of the page."""
    blocks = [text.splitlines() for language, text in fenced_blocks(DOC) if not language]
    found = []
    for lines in blocks:
        k = 0
        while k < len(lines):
            if not lines[k].startswith("$ negotiation run"):
                k += 1
                continue
            command = lines[k][2:]
            while command.endswith("\\"):
                k += 1
                command = command[:-1] + lines[k].strip()
            k += 1
            shown = []
            while k < len(lines) and not lines[k].startswith("$ "):
                if lines[k].strip():
                    shown.append(lines[k])
                k += 1
            found.append((command, shown))
    return found


RUNS = runs()


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether the shown lines are the printed ones, in order, where ``...`` may stand for any lines."""
    printed = [line for line in printed if not line.startswith(SKIPPED)]
    shown = [line for line in shown if not line.startswith(SKIPPED)]
    if not any(line.strip() == "..." for line in shown):
        return shown == printed
    at = 0
    for line in shown:
        if line.strip() == "...":
            continue
        try:
            at = printed.index(line, at) + 1
        except ValueError:
            return False
    return True


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "scenarios").mkdir()
    for path in (ROOT / "scenarios").glob("*.yaml"):
        (folder / "scenarios" / path.name).symlink_to(path)
    example = re.match(r"\s*```yaml\n(.*?)\n```", DOC.split(EXAMPLE_MARKER, 1)[1], flags=re.DOTALL)
    assert example
    (folder / "scenarios" / "transit-strike.yaml").write_text(example.group(1) + "\n", encoding="utf-8")
    return folder


def test_the_page_shows_runs() -> None:
    assert len(RUNS) >= 4
    assert any("alaska-summit-2025.yaml" in command for command, _ in RUNS)


@pytest.mark.docs
@pytest.mark.parametrize(("command", "shown"), RUNS, ids=[f"run{k}" for k in range(len(RUNS))])
def test_a_run_shown_in_the_page_prints_what_it_shows(command: str, shown: list[str], workspace: Path) -> None:
    args = shlex.split(command)[1:]
    done = subprocess.run([sys.executable, "-m", "negotiation", *args], cwd=workspace, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert matches(shown, done.stdout.splitlines()), (
        f"docs/SCENARIOS.md shows for `{command}`:\n" + "\n".join(shown) + "\n\nbut it prints:\n" + done.stdout
    )
