"""``negotiation report`` on a results folder changed since the run: exit 2 naming the file and field, never a traceback;
everything from the folder escaped in the page; no symbolic link followed, for reading or writing."""

from __future__ import annotations

import base64
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.in_process import negotiation_cli


@pytest.fixture
def folder(toy_run: Path, tmp_path: Path) -> Path:
    """A fresh copy of the toy run, to tamper with."""
    copy = tmp_path / "r"
    shutil.copytree(toy_run, copy, symlinks=True)
    return copy


def report(folder: Path) -> tuple[int, str]:
    done = negotiation_cli("report", folder.name, cwd=folder.parent)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stderr


def edit(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def set_in(*keys: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for key in keys[:-1]:
            data = data[key]
        data[keys[-1]] = value

    return change


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        ("summary.json", lambda d: d.clear(), "r/summary.json: scenario: missing"),
        ("summary.json", set_in("draws", value="many"), "r/summary.json: draws: expected a whole number, got a string ('many')"),
        (
            "summary.json",
            set_in("protocols", "nash", "deal_rate", value="high"),
            "r/summary.json: protocols.nash.deal_rate: expected a number",
        ),
        (
            "summary.json",
            set_in("protocols", "nash", "deal_rate", value=1.5),
            "r/summary.json: protocols.nash.deal_rate: must be at most 1",
        ),
        ("summary.json", set_in("protocols", value=[1]), "r/summary.json: protocols: expected an object, got a list"),
        (
            "summary.json",
            set_in("protocols", "nash", "top_packages", value=3),
            "r/summary.json: protocols.nash.top_packages: expected a list",
        ),
        (
            "summary.json",
            set_in("protocols", "nash", "deal_rate_ci95", value=[0.1]),
            "protocols.nash.deal_rate_ci95: expected 2 items, got 1",
        ),
        ("summary.json", set_in("draws", value=-3), "r/summary.json: draws: must be at least 0"),
        ("summary.json", set_in("parties", "usa", value=7), "r/summary.json: parties.usa: expected a string, got a number (7)"),
        ("manifest.json", set_in("versions", value="1.0"), "r/manifest.json: versions: expected an object or null, got a string ('1.0')"),
        ("manifest.json", set_in("command", value=7), "r/manifest.json: command: expected a list or null, got a number (7)"),
        ("manifest.json", set_in("wall_time_s", value="1 s"), "r/manifest.json: wall_time_s: expected a number"),
        (
            "manifest.json",
            set_in("protocols", value={"a": 1}),
            "r/manifest.json: protocols: expected a list",
        ),
    ],
)
def test_a_field_of_the_wrong_type_or_range_is_named_with_its_file(
    folder: Path, name: str, change: Callable[[dict[str, Any]], object], expected: str
) -> None:
    edit(folder / name, change)
    code, err = report(folder)
    assert code == 2
    assert expected in err
    assert err.startswith("negotiation: error: ")


def test_every_missing_key_is_a_line_of_its_own(folder: Path) -> None:
    (folder / "summary.json").write_text("{}", encoding="utf-8")
    code, err = report(folder)
    assert code == 2
    for key in ("scenario", "title", "draws", "seed", "parties", "issues", "protocols"):
        assert f"r/summary.json: {key}: missing" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "r/summary.json: is empty"),
        (b"  \n", "r/summary.json: is empty"),
        (b"\x89\xff\x00junk", "r/summary.json: not UTF-8 text (byte 0x89 at offset 0)"),
        (b"{oops", "r/summary.json:1: not valid JSON"),
        (b'{"draws": NaN}', "r/summary.json: not valid JSON: NaN is not a number JSON allows"),
        (b'{"draws": Infinity}', "not valid JSON: Infinity is not a number JSON allows"),
        (b'{"draws": 1e999}', "not valid JSON: the number 1e999 is too large for a float"),
        (b'{"draws": ' + b"9" * 5000 + b"}", "not valid JSON: an integer of 5,000 digits"),
        (b"[" * 100_000 + b"]" * 100_000, "r/summary.json: not valid JSON: nested deeper than the reader can follow"),
        (b"[1, 2]", "r/summary.json: (top level): expected an object, got a list"),
    ],
)
def test_a_summary_that_is_not_strict_json_is_refused(folder: Path, content: bytes, expected: str) -> None:
    (folder / "summary.json").write_bytes(content)
    code, err = report(folder)
    assert code == 2
    assert expected in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("name", ["summary.json", "manifest.json", "scenario.yaml", "plots/outcomes.png"])
def test_a_folder_where_a_file_should_be_is_refused(folder: Path, name: str) -> None:
    (folder / name).unlink()
    (folder / name).mkdir()
    code, err = report(folder)
    assert code == 2
    assert f"r/{name}: is a folder, not a file" in err


def test_plots_as_a_file_and_a_figure_that_is_not_a_png_are_refused(folder: Path) -> None:
    (folder / "plots" / "issues.png").write_bytes(b"GIF89a")
    code, err = report(folder)
    assert code == 2
    assert "r/plots/issues.png: not a PNG image" in err
    shutil.rmtree(folder / "plots")
    (folder / "plots").write_text("x", encoding="utf-8")
    code, err = report(folder)
    assert code == 2
    assert "r/plots: is a file where a folder should be" in err


def test_a_scenario_that_is_not_utf8_or_no_longer_validates_is_refused(folder: Path) -> None:
    (folder / "scenario.yaml").write_bytes(b"name: x\n\xff\xfe")
    code, err = report(folder)
    assert code == 2
    assert "r/scenario.yaml:2: not UTF-8 text" in err
    (folder / "scenario.yaml").write_text("name: x\nparties: 3\n", encoding="utf-8")
    code, err = report(folder)
    assert code == 2
    assert "r/scenario.yaml: the resolved scenario no longer validates" in err


def test_cross_references_missing_from_the_summary_are_shown_as_dashes(folder: Path) -> None:
    def drop(data: dict[str, Any]) -> None:
        data["reservation"]["mean"].pop("usa")
        data["protocols"]["nash"]["top_packages"][1]["package"].pop("territory")

    edit(folder / "summary.json", drop)
    code, err = report(folder)
    assert code == 0, err


MARKUP = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("manifest.json", set_in("versions", "negotiation", value=MARKUP)),
        ("manifest.json", set_in("platform", value=MARKUP)),
        ("manifest.json", set_in("command", value=["negotiation", MARKUP])),
        ("summary.json", set_in("title", value=MARKUP)),
        ("summary.json", lambda d: d["protocols"].update({MARKUP: d["protocols"].pop("nash")})),
        ("summary.json", lambda d: d["protocols"]["nash"]["top_packages"][0]["package"].update(territory=MARKUP)),
    ],
)
def test_text_from_the_folder_is_escaped_in_the_page(folder: Path, name: str, change: Callable[[dict[str, Any]], object]) -> None:
    edit(folder / name, change)
    code, err = report(folder)
    assert code == 0, err
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert MARKUP not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_footer_escapes_the_manifests_version(folder: Path) -> None:
    edit(folder / "manifest.json", set_in("versions", "negotiation", value="<b>1</b>"))
    assert report(folder)[0] == 0
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "<footer>Written by negotiation &lt;b&gt;1&lt;/b&gt; from the files in this folder.</footer>" in page


def test_a_link_at_the_reports_temporary_name_or_at_the_report_is_not_followed(folder: Path) -> None:
    victim = folder.parent / "victim"
    victim.write_text("keep", encoding="utf-8")
    (folder / ".report.html.partial").symlink_to(victim)
    (folder / "report.html").unlink()
    (folder / "report.html").symlink_to(victim)
    code, err = report(folder)
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "keep"
    assert not (folder / "report.html").is_symlink()
    assert (folder / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.slow  # draws the frontier again; tests/unit/test_results_files.py checks the writer itself quickly
def test_a_link_at_a_figure_the_report_draws_is_replaced_not_written_through(folder: Path) -> None:
    victim = folder.parent / "victim"
    victim.write_text("keep", encoding="utf-8")
    (folder / "plots" / "frontier.png").unlink()
    (folder / "plots" / "frontier.svg").unlink()
    (folder / "plots" / "frontier.svg").symlink_to(victim)
    code, err = report(folder)
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "keep"
    assert not (folder / "plots" / "frontier.svg").is_symlink()
    assert (folder / "plots" / "frontier.svg").read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize("name", ["plots/outcomes.png", "plots/frontier.png", "summary.json", "manifest.json", "scenario.yaml"])
def test_a_linked_file_is_never_read_into_the_page(folder: Path, name: str) -> None:
    target = folder.parent / "elsewhere"
    shutil.copyfile(folder / name, target)
    (folder / name).unlink()
    (folder / name).symlink_to(target)
    (folder / "report.html").unlink()
    code, err = report(folder)
    assert code == 2
    assert (
        err
        == f"negotiation: error: r/{name}: is a symbolic link; results folders hold only regular files (replace the link with the file itself)\n"
    )
    assert not (folder / "report.html").exists()


def test_a_private_file_linked_as_a_figure_is_not_embedded(folder: Path) -> None:
    secret = folder.parent / "secret"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nTOPSECRET")
    (folder / "plots" / "outcomes.png").unlink()
    (folder / "plots" / "outcomes.png").symlink_to(secret)
    old = (folder / "report.html").read_text(encoding="utf-8")
    assert report(folder)[0] == 2
    assert base64.b64encode(secret.read_bytes()).decode() not in (folder / "report.html").read_text(encoding="utf-8")
    assert (folder / "report.html").read_text(encoding="utf-8") == old


def test_plots_linked_to_another_folder_is_refused_and_nothing_is_written_there(folder: Path) -> None:
    elsewhere = folder.parent / "elsewhere"
    shutil.move(folder / "plots", elsewhere)
    (elsewhere / "frontier.png").unlink()
    (folder / "plots").symlink_to(elsewhere, target_is_directory=True)
    code, err = report(folder)
    assert code == 2
    assert "r/plots: is a symbolic link" in err
    assert not (elsewhere / "frontier.png").exists()


def test_a_fifo_at_a_files_name_is_refused_without_waiting(folder: Path) -> None:
    (folder / "manifest.json").unlink()
    os.mkfifo(folder / "manifest.json")
    code, err = report(folder)
    assert code == 2
    assert "r/manifest.json: is not a regular file" in err
