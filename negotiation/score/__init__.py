"""``negotiation score RESULTS_DIR... --resolutions FILE.csv``: the runs' forecasts of dated questions, scored (DESIGN §10).

Forecasters. Every protocol of every run is one of the model's forecasters,
named by its protocol label (``nash``): its forecast of a question is the
question's ``probability`` in ``summary.json``. A question is
``<scenario name>.<question name>``, so runs of several scenarios are scored
together, and a forecaster's N counts its questions over all of them. Two
runs of one scenario would forecast the same questions twice: that is an
error. Every further column of the resolutions file
(:mod:`negotiation.score.resolutions`) is another forecaster; its name may
not be a protocol label of the runs.

What is scored. A forecaster is scored on the questions it forecast that
have a row in the resolutions file. A row whose question no run forecasts is
reported ("no run forecasts ...") and still scores the file's forecasters. A
question the runs forecast without a row (it has not resolved) is listed as
not scored. A forecaster with no scored question is listed with the reason.

The results folder (``results/score/<UTC time>-<hash>`` by default, or
``--out``) is built like every other: in a staging folder, renamed into place
whole, never over an earlier one, with a manifest holding the hashes of the
resolutions file and of every run's ``summary.json``. It holds
``scores.json`` (:class:`ScoreSummary`), ``scores.csv`` (one row per
forecaster and question), ``resolutions.csv`` (the file as read, byte for
byte), ``manifest.json`` and, once a forecaster has N >= 10,
``plots/calibration.png`` (and ``.svg``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from negotiation.results.folder import default_destination, timestamp
from negotiation.results.json_text import json_text
from negotiation.results.manifest import manifest
from negotiation.results.output import OutputError, named, writing
from negotiation.results.runfolder import RunFolder
from negotiation.results.scores import CLIP, MIN_CALIBRATION, ForecasterScore, ScoreSummary
from negotiation.scenario.errors import Problem, ScenarioError
from negotiation.score.resolutions import Resolutions, read_resolutions

SCORES_CSV_COLUMNS = ("forecaster", "kind", "question", "p", "resolved", "squared_error", "log_score", "ci_low", "ci_high")
"""The columns of ``scores.csv``."""


@dataclass(frozen=True)
class RunForecasts:
    """One run's forecasts.

    Attributes
    ----------
    folder : str
        The results folder as named.
    scenario : str
        The scenario's name.
    summary_sha256 : str
        SHA-256 of its ``summary.json``.
    forecasts : dict
        Protocol label -> question (``<scenario>.<name>``) -> ``(probability, ci95)``.
    """

    folder: str
    scenario: str
    summary_sha256: str
    forecasts: dict[str, dict[str, tuple[float, tuple[float, float]]]]


def _read_run(folder: str | Path) -> RunForecasts:
    """One run folder's question forecasts, or a ScenarioError saying why it has none."""
    from negotiation.results.summary_file import summary_from_dict

    name = str(folder)
    path = Path(folder)
    if not path.is_dir():
        raise ScenarioError([Problem(name, 0, "(folder)", "no such results folder")])
    file = path / "summary.json"
    where = str(file)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        kind = " (it is a score folder)" if (path / "scores.json").exists() else ""
        raise ScenarioError([Problem(name, 0, "(folder)", f"not a run's results folder: no summary.json{kind}")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(where, 0, "(file)", f"cannot read the file: {exc.strerror}")]) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ScenarioError([Problem(where, 0, "(file)", f"not a readable summary ({type(exc).__name__})")]) from None
    try:
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        summary = summary_from_dict(data)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ScenarioError([Problem(where, 0, "(top-level)", f"not the summary of a run (missing {exc})")]) from None
    if summary.kind != "run":
        raise ScenarioError(
            [
                Problem(
                    where,
                    0,
                    "(top-level)",
                    f"the summary of {'an experiment' if summary.kind == 'experiment' else 'a stakeholder table'}, not of a run",
                )
            ]
        )
    scenario = str(summary.scenario)
    forecasts: dict[str, dict[str, tuple[float, tuple[float, float]]]] = {}
    try:
        for label, block in summary.protocols.items():
            asked = {f"{scenario}.{q}": (float(r.probability), (float(r.ci95[0]), float(r.ci95[1]))) for q, r in block.questions.items()}
            if asked:
                forecasts[label] = asked
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ScenarioError([Problem(where, 0, "questions", f"a question's forecast cannot be read (missing or bad {exc})")]) from None
    if not forecasts:
        raise ScenarioError(
            [Problem(where, 0, "questions", "the run has no dated questions to score: run a scenario with a clock and 'questions'")]
        )
    return RunForecasts(name, scenario, hashlib.sha256(raw).hexdigest(), forecasts)


def read_runs(folders: list[str | Path]) -> list[RunForecasts]:
    """Every run's forecasts.

    Raises
    ------
    ScenarioError
        With every problem: a folder that is not a run's, a run without
        questions, two runs of the same scenario (one line naming both).
    """
    problems: list[Problem] = []
    runs: list[RunForecasts] = []
    owner: dict[str, str] = {}
    for folder in folders:
        try:
            run = _read_run(folder)
        except ScenarioError as exc:
            problems += exc.problems
            continue
        shared = sorted({q for asked in run.forecasts.values() for q in asked if q in owner})
        if shared:
            first = owner[shared[0]]
            problems.append(
                Problem(
                    str(Path(run.folder) / "summary.json"),
                    0,
                    f"questions.{shared[0].split('.', 1)[1]}",
                    f"the question '{shared[0]}' is also forecast by {first}"
                    + (f" ({len(shared)} questions shared)" if len(shared) > 1 else "")
                    + "; score one run of each scenario",
                )
            )
            continue
        for asked in run.forecasts.values():
            owner.update(dict.fromkeys(asked, run.folder))
        runs.append(run)
    if problems:
        raise ScenarioError(problems)
    return runs


def score(runs: list[RunForecasts], resolutions: Resolutions) -> ScoreSummary:
    """Score the runs' forecasts and the file's forecasters against the file's resolutions.

    Raises
    ------
    ScenarioError
        When a column of the file is named like a protocol of the runs, or
        when no forecaster has a question that is both forecast and resolved.
    """
    model: dict[str, dict[str, tuple[float, tuple[float, float]]]] = {}
    for run in runs:
        for label, asked in run.forecasts.items():
            model.setdefault(label, {}).update(asked)
    clash = [c for c in resolutions.forecasters if c in model]
    if clash:
        raise ScenarioError(
            [
                Problem(resolutions.file, resolutions.header_line, c, f"the column '{c}' is named like a protocol of the runs; rename it")
                for c in clash
            ]
        )
    forecast_by_model = {q for asked in model.values() for q in asked}
    resolved = {row.question for row in resolutions.rows}
    scored: dict[str, ForecasterScore] = {}
    not_scored: dict[str, str] = {}
    for label, asked in model.items():
        rows: list[tuple[str, float, int, tuple[float, float] | None]] = [
            (r.question, asked[r.question][0], r.resolved, asked[r.question][1]) for r in resolutions.rows if r.question in asked
        ]
        if rows:
            scored[label] = ForecasterScore.of(label, "model", rows)
        else:
            not_scored[label] = "none of its questions has a row in the resolutions file"
    for column in resolutions.forecasters:
        rows = [(r.question, r.forecasts[column], r.resolved, None) for r in resolutions.rows if column in r.forecasts]
        if rows:
            scored[column] = ForecasterScore.of(column, "resolutions", rows)
        else:
            not_scored[column] = "its column has no probability"
    if not scored:
        raise ScenarioError(
            [
                Problem(
                    resolutions.file,
                    resolutions.header_line,
                    "rows",
                    "nothing to score: no forecaster gave a probability for a resolved question",
                )
            ]
        )
    ordered = dict(sorted(scored.items(), key=lambda item: (item[1].brier, item[0])))
    return ScoreSummary(
        resolutions=resolutions.file,
        runs=tuple({"folder": r.folder, "scenario": r.scenario, "summary_sha256": r.summary_sha256} for r in runs),
        forecasters=ordered,
        not_scored=not_scored,
        unmatched=tuple({"question": r.question, "line": r.line} for r in resolutions.rows if r.question not in forecast_by_model),
        unresolved=tuple(sorted(forecast_by_model - resolved)),
    )


def scores_csv(summary: ScoreSummary) -> str:
    """``scores.csv``: one row per forecaster and scored question (:data:`SCORES_CSV_COLUMNS`), forecasters by Brier score."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SCORES_CSV_COLUMNS)
    for name, f in summary.forecasters.items():
        for r in f.rows:
            lo, hi = r.ci95 if r.ci95 is not None else ("", "")
            writer.writerow([name, f.kind, r.question, repr(r.p), r.resolved, repr(r.squared_error), repr(r.log_score), lo, hi])
    return out.getvalue()


def write_scores(
    folders: list[str | Path],
    resolutions_file: str | Path,
    *,
    destination: str | Path | None = None,
    command: list[str] | None = None,
) -> tuple[ScoreSummary, Path]:
    """Score runs against a resolutions file and write the results folder.

    Parameters
    ----------
    folders : list of path
        Results folders of runs with dated questions.
    resolutions_file : path
        The resolutions CSV (:mod:`negotiation.score.resolutions`).
    destination : path, optional
        The folder to create (it must not exist, or be empty); by default
        ``results/score/<UTC time>-<hash of the inputs>``.
    command : list of str, optional
        The command line recorded in ``manifest.json``.

    Returns
    -------
    (ScoreSummary, Path)

    Raises
    ------
    ScenarioError
        With every problem of the file and the folders (each located).
    FileExistsError
        When ``destination`` exists and is not empty.
    FolderBusy
        When another process is writing ``destination``.
    OutputError
        When a file cannot be written (the unfinished folder is removed).
    """
    from negotiation.plots.calibration import plot_calibration
    from negotiation.plots.style import save

    started, clock = timestamp(), time.perf_counter()
    problems: list[Problem] = []
    resolutions: Resolutions | None = None
    runs: list[RunForecasts] = []
    try:
        resolutions = read_resolutions(resolutions_file)
    except ScenarioError as exc:
        problems += exc.problems
    try:
        runs = read_runs(list(folders))
    except ScenarioError as exc:
        problems += exc.problems
    if problems or resolutions is None:
        raise ScenarioError(problems)
    summary = score(runs, resolutions)
    file_hash = hashlib.sha256(resolutions.raw).hexdigest()
    inputs = [{"folder": r.folder, "summary_sha256": r.summary_sha256} for r in runs]
    identity = {"resolutions_sha256": file_hash, "runs": inputs}
    key = hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8")).hexdigest()
    where = Path(destination) if destination is not None else default_destination("score", key)

    def record() -> dict[str, Any]:
        data = manifest(
            scenario_name="score",
            scenario_file=str(resolutions_file),
            scenario_hash=file_hash,
            seed=None,
            draws=0,
            sampler=None,
            chunk=None,
            protocols=list(summary.forecasters),
            settings={"runs": inputs, "clip": list(CLIP), "min_calibration": MIN_CALIBRATION},
            started=started,
            wall_time=time.perf_counter() - clock,
            command=command,
        )
        return data

    folder = RunFolder(where)
    with writing(where):
        folder.start(identity, None, resumable=False)
    try:
        with writing(folder.staging):
            for name, data in (
                ("resolutions.csv", resolutions.raw),
                ("scores.csv", scores_csv(summary)),
                ("scores.json", summary.to_json()),
            ):
                with named(folder.staging / name):
                    if isinstance(data, bytes):
                        (folder.staging / name).write_bytes(data)
                    else:
                        (folder.staging / name).write_text(data, encoding="utf-8")
            fig = plot_calibration(summary)
            if fig is not None:
                with named(folder.staging / "plots"):
                    save(fig, folder.staging / "plots", "calibration")
            with named(folder.staging / "manifest.json"):
                (folder.staging / "manifest.json").write_text(json_text(record()), encoding="utf-8")
            folder.finish()
    except OutputError as exc:
        folder.abandon()
        raise exc.removed(folder.staging, folder.destination) from exc
    except BaseException:
        folder.abandon()
        raise
    return summary, where


def read_scores(folder: str | Path) -> ScoreSummary:
    """The typed ``scores.json`` of a score folder."""
    return ScoreSummary.from_json((Path(folder) / "scores.json").read_text(encoding="utf-8"))


__all__ = ["SCORES_CSV_COLUMNS", "RunForecasts", "read_runs", "read_scores", "score", "scores_csv", "write_scores"]
