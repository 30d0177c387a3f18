"""The command line end to end: results folder contents, reproducibility, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.conftest import TOY
from tests.in_process import negotiation_cli


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "negotiation", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    done = cli("run", str(TOY), "--draws", "3000", "--seed", "1", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert f"results: {out}" in done.stdout
    return out


def test_run_writes_the_complete_results_folder(folder: Path) -> None:
    assert {p.name for p in folder.iterdir()} == {"summary.json", "draws.parquet", "scenario.yaml", "manifest.json", "plots"}
    assert {p.name for p in (folder / "plots").iterdir()} == {
        f"{name}.{ext}"
        for name in ("outcomes", "issues", "utilities", "proposals", "convergence", "ratification")
        for ext in ("png", "svg")
    }
    table = pq.read_table(folder / "draws.parquet")
    assert table.num_rows == 3000
    names = set(table.column_names)
    assert {"draw", "parties.russia.reservation", "event.missile_test", "nash.package", "nash.territory", "nash.utility.usa"} <= names
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["seed"] == 1 and manifest["draws"] == 3000 and len(manifest["scenario_sha256"]) == 64
    assert manifest["command"][:2] == ["negotiation", "run"] and manifest["versions"]["numpy"]
    assert "draws: 3000" in (folder / "scenario.yaml").read_text()


@pytest.mark.slow  # a real process or whole runs: the default suite's time budget
def test_resolved_scenario_reruns_to_the_same_summary(folder: Path, tmp_path: Path) -> None:
    again = cli("run", str(folder / "scenario.yaml"), "--out", str(tmp_path / "again"), "--quiet")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "summary.json").read_bytes() == (folder / "summary.json").read_bytes()


@pytest.mark.slow  # five more runs of 3,000 draws; chunking is also checked in tests/property/test_reproducibility.py
def test_same_seed_and_any_chunk_give_an_identical_summary(folder: Path, tmp_path: Path) -> None:
    for n, chunk in enumerate(["3000", "999", "64"]):
        out = tmp_path / f"c{n}"
        done = cli("run", str(TOY), "--draws", "3000", "--seed", "1", "--set", f"monte_carlo.chunk={chunk}", "--out", str(out), "--quiet")
        assert done.returncode == 0, done.stderr
        assert (out / "summary.json").read_bytes() == (folder / "summary.json").read_bytes()


@pytest.mark.slow  # a real process or whole runs: the default suite's time budget
def test_another_seed_gives_another_summary(folder: Path, tmp_path: Path) -> None:
    done = cli("run", str(TOY), "--draws", "3000", "--seed", "2", "--out", str(tmp_path / "s2"), "--quiet")
    assert done.returncode == 0
    assert (tmp_path / "s2" / "summary.json").read_bytes() != (folder / "summary.json").read_bytes()


@pytest.mark.slow  # a real process or whole runs: the default suite's time budget
def test_default_destination_is_under_results_and_never_reused(tmp_path: Path) -> None:
    first = negotiation_cli("run", str(TOY), "--draws", "200", "--quiet", cwd=tmp_path)
    second = negotiation_cli("run", str(TOY), "--draws", "200", "--quiet", cwd=tmp_path)
    assert first.returncode == 0 and second.returncode == 0
    runs = sorted((tmp_path / "results" / "toy-summit").iterdir())
    assert len(runs) == 2 and all((r / "summary.json").exists() for r in runs)
    assert first.stdout.strip() != second.stdout.strip()


@pytest.mark.smoke
def test_validate_and_schema() -> None:
    ok = cli("validate", str(TOY))
    assert ok.returncode == 0 and ok.stdout.strip() == "ok"
    assert json.loads(cli("schema").stdout)["title"] == "negotiation scenario"


def test_module_and_console_script_agree() -> None:
    help_text = cli("--help")
    assert help_text.returncode == 0 and "run" in help_text.stdout and "validate" in help_text.stdout


@pytest.mark.slow  # three protocols on the baseline, the comparison and its figures: about 15 s
def test_three_protocols_on_the_baseline_share_one_summary_and_a_comparison(tmp_path: Path) -> None:
    baseline = Path(__file__).resolve().parents[2] / "scenarios" / "alaska-summit-2025.yaml"
    out = tmp_path / "three"
    args = ["run", str(baseline), "--draws", "200", "--protocol", "nash", "--protocol", "kalai_smorodinsky", "--protocol", "baron_ferejohn"]
    done = cli(*args, "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert list(summary["protocols"]) == ["nash", "kalai_smorodinsky", "baron_ferejohn"]
    assert set(summary["comparison"]["shares"]) == set(summary["protocols"])
    # proposers are shares of all draws; the deal rate leaves the unresolved draws out
    bf = summary["protocols"]["baron_ferejohn"]
    assert sum(bf["proposers"].values()) == pytest.approx(bf["deals"] / summary["draws"])
    assert bf["deal_rate"] == bf["deals"] / (summary["draws"] - bf["unresolved"])
    assert (out / "plots" / "protocols.png").stat().st_size > 20_000
    # the baseline's domestic ratification: pass rates and the tied-hands comparison
    steps = summary["ratification"]
    assert set(steps) == {"ukraine_referendum", "us_congressional_review"}
    for step in steps.values():
        for label in summary["protocols"]:
            assert 0.0 <= step["protocols"][label]["needed"] <= 1.0
            assert step["protocols"][label]["pass_rate"] is None or 0.0 <= step["protocols"][label]["pass_rate"] <= 1.0
    for result in summary["protocols"].values():
        assert result["deal_rate"] <= result["unconstrained"]["deal_rate"] or result is summary["protocols"]["baron_ferejohn"]
    assert (out / "plots" / "ratification.png").stat().st_size > 20_000


def _printed(summary: dict, capsys: pytest.CaptureFixture[str]) -> list[str]:  # type: ignore[type-arg]
    """The lines ``negotiation run`` prints for a summary."""
    from negotiation.cli import _print_summary
    from negotiation.results.run_summary import RunSummary

    capsys.readouterr()
    _print_summary(RunSummary.from_dict(summary))
    return capsys.readouterr().out.splitlines()


def test_a_proposal_line_says_what_it_counts_and_rounds_as_the_report_does(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The share counts draws where every party accepts and the package is ratifiable, as the report's row says;
    a party's acceptance of 99.91% reads 99.9% on both, never 100%."""
    from negotiation.engine.scenario import load_scenario
    from negotiation.report.scenario import proposals_section
    from negotiation.results.run_summary import RunSummary

    summary = json.loads((folder / "summary.json").read_text())
    proposal = summary["proposals"]["money_making_offer"]
    proposal["acceptance"]["russia"] = 0.9991
    (line,) = [x for x in _printed(summary, capsys) if "proposal money_making_offer" in x]
    assert line == (
        f"  proposal money_making_offer: all accept and ratifiable in {100 * proposal['all_accept']:.1f}% of draws; "
        "accepted by russia 99.9%, ukraine 100.0%, usa 100.0%"
    )
    page = proposals_section(load_scenario(folder / "scenario.yaml"), RunSummary.from_dict(summary))
    assert "all accept and ratifiable" in page and "99.9%" in page and f"{100 * proposal['all_accept']:.1f}%" in page


def test_a_split_reads_the_same_on_the_command_line_and_in_the_report(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """toy.yaml's minerals_fund is split between usa and ukraine: its shares are named, as in the report's tables."""
    from negotiation.report.run import protocol_block
    from negotiation.results.run_summary import RunSummary

    summary = json.loads((folder / "summary.json").read_text())
    top = summary["protocols"]["nash"]["top_packages"][0]["package"]
    usa, ukraine = top["minerals_fund"]
    (line,) = [x for x in _printed(summary, capsys) if "most likely deal" in x]
    assert line.endswith(f"minerals_fund=(usa {usa:g}, ukraine {ukraine:g})")
    typed = RunSummary.from_dict(summary)
    assert f"<code>usa {usa:g}, ukraine {ukraine:g}</code>" in protocol_block("nash", typed.protocols["nash"], typed)
