"""The project is citable and typed: CITATION.cff, the version in one place, py.typed shipped."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import yaml

import negotiation

ROOT = Path(__file__).resolve().parents[2]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_citation_file_has_the_fields_cff_1_2_requires() -> None:
    """Citation File Format 1.2.0 requires cff-version, message, title and authors (each with a name or family name)."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "software"
    assert cff["message"].strip() and cff["title"].strip()
    assert cff["authors"] and all(a.get("name") or a.get("family-names") for a in cff["authors"])
    dt.date.fromisoformat(str(cff["date-released"]))


def test_citation_version_and_licence_match_the_package() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["version"]) == negotiation.__version__
    assert cff["license"] == _pyproject()["project"]["license"]


def test_version_is_defined_once() -> None:
    """pyproject takes the version from ``negotiation.__version__``; the changelog has a section for it."""
    project = _pyproject()
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "negotiation.__version__"}
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(negotiation.__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)


def test_citation_release_date_is_the_changelog_date_of_its_version() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    found = re.search(rf"^## \[{re.escape(str(cff['version']))}\] - (\S+)$", changelog, re.M)
    assert found and found.group(1) == str(cff["date-released"])


def test_py_typed_marks_the_package_and_is_shipped() -> None:
    assert (Path(negotiation.__file__).parent / "py.typed").is_file()
    assert "py.typed" in _pyproject()["tool"]["setuptools"]["package-data"]["negotiation"]
