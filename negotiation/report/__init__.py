"""The report: one self-contained HTML page per results folder (``negotiation report RESULTS_DIR``).

The page says what was assumed (the scenario at a glance, its sources), what
came out (deal rates with intervals, the most likely deals, mean utilities,
who blocks a deal and the slack, proposals, every figure with a caption on how to read it,
the bargaining set of the median draw) and where it came from (the
manifest). Figures are embedded, the style sheet is inline, and a content
security policy forbids the page any request, so it opens anywhere without
a server.
"""

from __future__ import annotations

from pathlib import Path

from negotiation.report.experiment import experiment_sections
from negotiation.report.html import page
from negotiation.report.reading import ReportError, read_manifest, read_scenario, read_summary
from negotiation.report.run import run_sections
from negotiation.results.experiment_summary import ExperimentSummary
from negotiation.results.files import FolderFileError, lexists, write_file

REPORT = "report.html"


def _render(folder: Path) -> str:
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such results folder")
    if lexists(folder, "scores.json") and not lexists(folder, "summary.json"):
        raise ReportError(
            f"{folder}: a score folder (negotiation score) has no report page; its scores are in scores.json and scores.csv, "
            "its calibration figure in plots/"
        )
    summary = read_summary(folder)
    manifest = read_manifest(folder)
    scenario = read_scenario(folder)
    if isinstance(summary, ExperimentSummary):
        sections = experiment_sections(folder, summary, manifest, scenario)
    else:
        sections = run_sections(folder, summary, manifest, scenario)
    title = summary.title or summary.scenario or folder.name
    if summary.kind == "stakeholders":
        lede = f"Report of the stakeholder forecast in {folder.name}."
    else:
        lede = f"Report of the {summary.kind} in {folder.name}: {summary.draws:,} draws"
        lede += f", seed {summary.seed}." if summary.seed is not None else "."
    version = (manifest.get("versions") or {}).get("negotiation", "")
    footer = f"Written by negotiation {version} from the files in this folder."
    return page(str(title), lede, sections, footer)


def render(folder: Path) -> str:
    """The report of a results folder (a run, an experiment or a stakeholder table) as HTML text.

    Every file read is checked first (``report.reading``); a file that is a
    symbolic link, not a regular file, or not what the run writes ends the
    report with a :class:`ReportError`.

    Raises
    ------
    ReportError
        One line per problem, each naming the file (and a JSON file's field).
    """
    try:
        return _render(Path(folder))
    except FolderFileError as exc:
        raise ReportError(str(exc)) from None


def write_report(folder: str | Path) -> Path:
    """Write ``report.html`` into a results folder (replacing an earlier report); returns its path.

    The page goes to a new file created exclusively beside ``report.html``
    and is renamed over it, so a symbolic link at either name is never
    followed (``results.files.write_file``).

    Raises
    ------
    ReportError
        When the folder is missing, is not a results folder, or one of its files is not what the run writes.
    """
    folder = Path(folder)
    text = render(folder)
    try:
        return write_file(folder, REPORT, text.encode("utf-8"))
    except FolderFileError as exc:
        raise ReportError(str(exc)) from None
    except OSError as exc:
        raise ReportError(f"{folder / REPORT}: cannot be written: {exc.strerror or exc}") from None


__all__ = ["REPORT", "ReportError", "render", "write_report"]
