"""Checking an experiment file: problems collected at the file and line that wrote them."""

from __future__ import annotations

from pathlib import Path as FsPath
from typing import Any

from negotiation.experiment.point import Point, load_point
from negotiation.scenario.errors import Path, Problem, ScenarioError
from negotiation.scenario.model import Scenario
from negotiation.scenario.yamlio import Document


class Checker:
    """Collects the problems of one experiment document while its parts are read.

    Parameters
    ----------
    doc : Document
        The experiment file, read with the line of every value.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self.data: dict[str, Any] = doc.data if isinstance(doc.data, dict) else {}
        self.problems: list[Problem] = []
        self.folder = FsPath(doc.file).parent
        self.files: dict[FsPath, Scenario] = {}

    def bad(self, path: Path, message: str) -> None:
        """Record a problem at the value ``path`` names."""
        self.problems.append(self.doc.problem(path, message))

    def origin(self, path: Path) -> tuple[str, int]:
        """The file and line of the value ``path`` names."""
        return self.doc.where(path)

    def scenario_file(self, raw: Any, path: Path) -> FsPath | None:
        """The scenario file ``raw`` names (relative to the experiment's folder), or None after recording that it is missing."""
        relative = not FsPath(str(raw)).is_absolute()
        file = (self.folder / str(raw)) if relative else FsPath(str(raw))
        if not file.is_file():
            where = "; a relative path is read from the experiment file's folder" if relative else ""
            self.bad(path, f"no scenario file '{raw}' (looked for {file.resolve()}{where})")
            return None
        return file

    def load(self, point: Point, path: Path) -> Scenario | None:
        """Load one point's scenario; its problems are reported where they were written."""
        try:
            return load_point(point, self.files)
        except ScenarioError as exc:
            self.problems.extend(exc.problems)
            return None


__all__ = ["Checker"]
