"""The examples of the README and the manuals in docs/ run and say what the code does (wherever a manual keeps them)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import negotiation
from tests.conftest import ROOT
from tests.markdown import documented_block, documented_blocks, fenced_blocks

README = (ROOT / "README.md").read_text(encoding="utf-8")
TOY = "# yaml-language-server: $schema=../negotiation/scenario.schema.json\nname: toy-summit"


def _blocks() -> list[tuple[str, str]]:
    """Every fenced block of the documentation as (language, text)."""
    return [(language, text) for _, language, text in documented_blocks()]


def _block(language: str, start: str) -> str:
    return documented_block(language, start)


def test_the_example_scenario_runs(tmp_path: Path) -> None:
    (tmp_path / "toy.yaml").write_text(_block("yaml", TOY), encoding="utf-8")
    res = negotiation.run(tmp_path / "toy.yaml", draws=300, seed=1)
    assert res.summary["draws"] == 300
    assert set(res.summary["protocols"]["nash"]["mean_utility"]) == {"russia", "ukraine", "usa"}


def test_the_error_example_is_what_the_program_prints(tmp_path: Path) -> None:
    shown = _block("", "$ negotiation run broken.yaml").splitlines()[1:]
    broken = (
        _block("yaml", TOY)
        .replace("weight: {territory: 0.6", "weight: {teritory: 0.6")
        .replace("frozen_line: 0.6,", "frozen_lin: 0.6,")
        .replace("reservation: {beta: [4, 6]}", "reservation: {betta: [4, 6]}")
    )
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "negotiation", "run", "broken.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.splitlines() == shown
    assert not (tmp_path / "results").exists()


@pytest.mark.docs
def test_the_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    (tmp_path / "experiments").symlink_to(ROOT / "experiments")
    monkeypatch.chdir(tmp_path)
    code = _block("python", 'import negotiation\n\nres = negotiation.run("scenarios/alaska-summit-2025.yaml", draws=5000')
    exec(compile(code, "docs/COMMAND-LINE.md", "exec"), {})
    assert (tmp_path / "outcomes.png").stat().st_size > 10_000
    assert (tmp_path / "my-run" / "summary.json").exists()
    assert (tmp_path / "my-run" / "report.html").stat().st_size > 100_000


@pytest.mark.docs
def test_the_notebook_snippet_of_the_front_page_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's "In a notebook" block, run as a script: every line evaluates, the figure is a Figure."""
    import matplotlib.figure

    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    monkeypatch.chdir(tmp_path)
    code = next(text for lang, text in fenced_blocks(README) if lang == "python" and text.startswith("import negotiation"))
    lines = [line.split("#")[0].rstrip() for line in code.splitlines()]
    scope: dict[str, object] = {}
    exec(compile("\n".join(lines[:-1]), "README.md", "exec"), scope)
    figure = eval(compile(lines[-1], "README.md", "eval"), scope)
    assert isinstance(figure, matplotlib.figure.Figure)
    assert scope["res"].summary["draws"] == 2000  # type: ignore[attr-defined]


def test_the_front_page_links_to_every_manual() -> None:
    """Each manual in docs/ is linked from the README's "The manual" table."""
    for path in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{path.name})" in README, f"README.md does not link docs/{path.name}"


def test_the_setup_commands_name_real_entry_points() -> None:
    commands = "".join(text for lang, text in fenced_blocks(README) if lang == "sh" and text.startswith("python3 -m venv"))
    assert "negotiation run scenarios/alaska-summit-2025.yaml --report" in commands
    assert commands.rstrip().endswith(".venv/bin/pytest")
    assert (ROOT / "scenarios" / "alaska-summit-2025.yaml").exists()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install --quiet -e ".[test,distributed]"' in ci and "NEGOTIATION_REQUIRE_BROWSER=1 .venv/bin/pytest\n" in ci
    assert ".venv/bin/pytest -m docs" in ci and ".venv/bin/pytest -m slow" in ci
    assert "apt-get install" in ci and "chromium chromium-driver" in ci and "NEGOTIATION_REQUIRE_BROWSER=1" in ci


def test_the_stakeholder_and_summit_example_runs(tmp_path: Path) -> None:
    """The README's stakeholders and summit sections, added to its example scenario, run the summit."""
    example = _block("yaml", TOY).replace("protocols: [nash]", "protocols: [nash, summit, bdm]")
    (tmp_path / "toy.yaml").write_text(example + _block("yaml", "stakeholders:"), encoding="utf-8")
    res = negotiation.run(tmp_path / "toy.yaml", draws=200, seed=1)
    summit = res.summary["protocols"]["summit"]["summit"]
    assert [p["name"] for p in summit["phases"]] == ["one_on_one", "lunch", "press"]
    assert summit["absent"] == ["ukraine"]
    assert set(res.summary["protocols"]["bdm"]["forecast"]) == {"territory"}


def test_the_bdm_example_prints_what_the_program_prints(tmp_path: Path) -> None:
    shown = _block("", "$ negotiation bdm").splitlines()
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", *shown[0].split()[2:], "--out", str(tmp_path / "bdm")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    printed = done.stdout.splitlines()
    assert printed[0] == shown[1]
    for line in shown[2:]:
        if line.strip() != "...":
            assert line in printed


def test_the_experiment_example_is_a_valid_experiment(tmp_path: Path) -> None:
    from negotiation.experiment.spec import read_experiment

    text = _block("yaml", "# yaml-language-server: $schema=../negotiation/experiment")
    text = text.replace("../scenarios/alaska-summit-2025.yaml", str(ROOT / "scenarios" / "alaska-summit-2025.yaml"))
    (tmp_path / "e.yaml").write_text(text, encoding="utf-8")
    e = read_experiment(tmp_path / "e.yaml")
    assert [s.kind for s in e.studies] == ["sweep"] and len(e.studies[0].points) == 28
    assert (ROOT / "experiments" / "support-guarantees.yaml").exists()


@pytest.mark.docs
def test_the_printed_run_is_what_the_program_prints(tmp_path: Path) -> None:
    """The README's "What a run gives you" block, rerun: every line but the timing and the folder name."""
    shown = _block("", "$ negotiation run scenarios/alaska-summit-2025.yaml").splitlines()
    args = shown[0].removeprefix("$ negotiation ").split()
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", *args, "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    printed = done.stdout.splitlines()
    keep = [line for line in shown[1:] if not line.startswith(("done in", "results:"))]
    assert [line for line in printed if not line.startswith(("done in", "results:"))] == keep


@pytest.mark.docs
def test_the_printed_run_with_a_clock_is_what_the_program_prints(tmp_path: Path) -> None:
    """The README's "Time: whether and when" block, a what-if on the dated baseline, rerun (its --set values are quoted as in a shell)."""
    shown = next(text for lang, text in _blocks() if lang == "" and "--set 'no_deal.beliefs." in text).splitlines()
    args = shlex.split(shown[0].removeprefix("$ negotiation "))
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", *args, "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    printed = [line for line in done.stdout.splitlines() if not line.startswith(("done in", "results:"))]
    keep = [line for line in shown[1:] if not line.startswith(("done in", "results:"))]
    assert printed == keep
    assert any(line.startswith("    question deal_2025 (by 2025-12-31): ") for line in keep)
    assert (tmp_path / "out" / "plots" / "timeline.png").exists() and (tmp_path / "out" / "plots" / "beliefs.png").exists()


def test_every_relative_link_of_the_documentation_resolves() -> None:
    """Links and images in README.md and docs/*.md that point into the repository name files that exist."""
    import re

    from tests.markdown import documents

    broken = []
    for path in documents():
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^()\s]+)\)", text):
            if re.match(r"(https?:|mailto:|#)", target):
                continue
            if not (path.parent / target.split("#", 1)[0]).exists():
                broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert not broken, "\n".join(broken)
