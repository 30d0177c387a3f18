"""Reading and writing a results folder's files without following a symbolic link (``results.files``), and the figures' writer."""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation.plots.style import new_figure, save
from negotiation.results.files import FolderFileError, read_file, symlinks, write_file
from negotiation.results.folder_json import FolderReadError, check, parse_json
from negotiation.results.folder_schema import MANIFEST


def test_write_file_replaces_a_link_at_the_name_and_leaves_its_target(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "a.txt").symlink_to(victim)
    write_file(tmp_path / "r", "a.txt", b"new")
    assert victim.read_text(encoding="utf-8") == "keep"
    assert not (tmp_path / "r" / "a.txt").is_symlink()
    assert (tmp_path / "r" / "a.txt").read_bytes() == b"new"
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["a.txt"], "no temporary file is left"


def test_write_file_makes_folders_but_never_enters_a_linked_one(tmp_path: Path) -> None:
    write_file(tmp_path, "plots/x.png", b"1")
    assert (tmp_path / "plots" / "x.png").read_bytes() == b"1"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(FolderFileError, match="linked: is a symbolic link"):
        write_file(tmp_path, "linked/x.png", b"1")
    assert not any(elsewhere.iterdir())
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(FolderFileError, match="afile: is a file where a folder should be"):
        write_file(tmp_path, "afile/x.png", b"1")
    (tmp_path / "adir").mkdir()
    with pytest.raises(FolderFileError, match="adir: is a folder, not a file"):
        write_file(tmp_path, "adir", b"1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "afile", "elsewhere", "linked", "plots"]


def test_read_file_reads_only_a_regular_file_inside_the_folder(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"abc")
    assert read_file(tmp_path, "a") == b"abc"
    assert read_file(tmp_path, "missing") is None
    assert read_file(tmp_path, "plots/missing.png") is None
    (tmp_path / "link").symlink_to(tmp_path / "a")
    with pytest.raises(FolderFileError, match="link: is a symbolic link"):
        read_file(tmp_path, "link")
    with pytest.raises(FolderFileError, match="is larger than 2 bytes"):
        read_file(tmp_path, "a", limit=2)
    (tmp_path / "d").mkdir()
    with pytest.raises(FolderFileError, match="d: is a folder, not a file"):
        read_file(tmp_path, "d")
    assert symlinks(tmp_path) == ["link"]


def test_a_figure_is_saved_over_a_link_not_through_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    plots = tmp_path / "r" / "plots"
    plots.mkdir(parents=True)
    (plots / "f.svg").symlink_to(victim)
    (plots / "f.png").symlink_to(victim)
    fig = new_figure(2, 2)
    fig.add_subplot().plot([0, 1], [0, 1])
    assert save(fig, plots, "f") == plots / "f.png"
    assert victim.read_text(encoding="utf-8") == "keep"
    assert (plots / "f.png").read_bytes().startswith(b"\x89PNG") and not (plots / "f.png").is_symlink()
    assert (plots / "f.svg").read_bytes().startswith(b"<?xml") and not (plots / "f.svg").is_symlink()


def test_json_messages_name_the_file_and_the_dotted_path() -> None:
    with pytest.raises(FolderReadError) as caught:
        check({"versions": {"numpy": 2}, "command": ["a", 3], "draws": -1}, MANIFEST, "r/manifest.json")
    assert caught.value.lines == [
        "r/manifest.json: command.1: expected a string, got a number (3)",
        "r/manifest.json: draws: must be at least 0, got a number (-1)",
        "r/manifest.json: versions.numpy: expected a string, got a number (2)",
    ]
    with pytest.raises(FolderReadError, match=r"r/x.json: not valid JSON: -Infinity is not a number JSON allows"):
        parse_json(b'{"a": -Infinity}', "r/x.json")
    assert parse_json(b'{"a": 1e308, "b": -12345678901234567890}', "r/x.json") == {"a": 1e308, "b": -12345678901234567890}
