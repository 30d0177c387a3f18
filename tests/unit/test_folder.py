"""Results folders appear whole or not at all, and never overwrite."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from negotiation.results.folder import default_destination, staged_folder


def test_success_renames_into_place(tmp_path: Path) -> None:
    dest = tmp_path / "run"
    with staged_folder(dest) as staging:
        (staging / "a.txt").write_text("x")
        assert not dest.exists()
    assert (dest / "a.txt").read_text() == "x"
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_failure_leaves_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "run"
    with pytest.raises(RuntimeError), staged_folder(dest) as staging:
        (staging / "a.txt").write_text("x")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), staged_folder(tmp_path / "run"):
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    dest = tmp_path / "run"
    dest.mkdir()
    (dest / "keep.txt").write_text("earlier")
    with pytest.raises(FileExistsError), staged_folder(dest):
        pass
    assert (dest / "keep.txt").read_text() == "earlier"


def test_default_destination_adds_a_suffix_when_taken(tmp_path: Path) -> None:
    moment = datetime(2025, 8, 15, 19, 30, tzinfo=UTC)
    first = default_destination("alaska", "abcdef123456", tmp_path, moment)
    assert first == tmp_path / "alaska" / "20250815T193000Z-abcdef12"
    first.mkdir(parents=True)
    assert default_destination("alaska", "abcdef123456", tmp_path, moment).name == "20250815T193000Z-abcdef12-2"
