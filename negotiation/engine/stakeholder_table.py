"""The stakeholder table's forecast (``negotiation bdm ACTORS.csv``), written as a results folder.

One issue, one table of actors (``scenario.actors``), Bueno de Mesquita's
expected-utility model (``solvers.bdm``) and no draws: the folder is built
and sealed by the same code as every run's (``engine.pipeline``), with the
same manifest.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

from negotiation.engine.pipeline import seal
from negotiation.results.folder import default_destination, timestamp
from negotiation.results.manifest import digest, manifest
from negotiation.results.output import OutputError, named, writing
from negotiation.results.run_summary import RunSummary
from negotiation.results.runfolder import RunFolder
from negotiation.scenario.actors import read_actors

DEFAULT_ROUNDS = 10


def write_stakeholder_forecast(
    path: str | Path,
    *,
    rounds: int = DEFAULT_ROUNDS,
    q: float = 1.0,
    destination: str | Path | None = None,
    command: list[str] | None = None,
) -> tuple[RunSummary, Path]:
    """Forecast one issue from a stakeholder table and write its results folder.

    The folder holds ``summary.json``, ``actors.csv`` (the input as read),
    ``positions.csv`` (one row per round: every actor's position, the
    weighted mean and the weighted median), ``plots/positions.png`` (and
    ``.svg``) and ``manifest.json``.

    Parameters
    ----------
    path : str or Path
        A CSV file with the columns Actor, Capability, Position and Salience.
    rounds : int
        Rounds of simultaneous moves (at least 1).
    q : float
        Q in [0, 1], the probability that the status quo holds when no challenge
        is made (Scholz, Calbert & Smith 2011).
    destination : path, optional
        The results folder to create (it must not exist yet, or be empty); by
        default ``results/<file stem>-bdm/<UTC time>-<hash of the file>``.
    command : list of str, optional
        The command line recorded in ``manifest.json`` (default: this process's).

    Returns
    -------
    (RunSummary, Path)
        The summary (its ``protocols["bdm"].forecast["position"]`` holds the
        positions by round with their weighted mean and weighted median) and
        the folder written.

    Raises
    ------
    ScenarioError
        If the table has problems, with every one of them.
    ValueError
        If ``rounds`` or ``q`` is out of range.
    FileExistsError
        If ``destination`` exists and is not empty.
    FolderBusy
        If another process is writing ``destination``.
    OutputError
        If a file cannot be written (the unfinished folder is removed).
    """
    from negotiation.plots.bdm import plot_forecast
    from negotiation.plots.style import save
    from negotiation.protocols.bdm import MAX_ROUNDS
    from negotiation.solvers.bdm import expected_utility_model

    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValueError(f"rounds must be from 1 to {MAX_ROUNDS}, got {rounds}")
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q must lie in [0, 1], got {q}")
    started, clock = timestamp(), time.perf_counter()
    table = read_actors(path)
    raw = Path(path).read_bytes()
    forecast = expected_utility_model(table.position[None], table.capability[None], table.salience[None], rounds, q)
    positions, mean, median = forecast.positions[:, 0, :], forecast.mean[:, 0], forecast.median[:, 0]
    stem = Path(path).stem
    block = {
        "label": "Position",
        "scale": "units",
        "rounds": rounds,
        "mean_by_round": [float(v) for v in mean],
        "median_by_round": [float(v) for v in median],
        "positions_by_round": {name: [float(v) for v in positions[:, k]] for k, name in enumerate(table.names)},
        "final_positions": {name: float(positions[-1, k]) for k, name in enumerate(table.names)},
    }
    data: dict[str, Any] = {
        "scenario": stem,
        "title": f"Stakeholder forecast from {Path(path).name}",
        "source": str(path),
        "draws": 1,
        "seed": None,
        "rounds": rounds,
        "q": q,
        "parties": {},
        "issues": {"position": {"label": "Position", "kind": "numeric", "values": [], "unit": "", "split": []}},
        "protocols": {"bdm": {"forecast": {"position": block}}},
    }
    summary = RunSummary.from_dict(data)
    file_hash = digest(raw.decode("utf-8"))  # read_actors has checked the bytes are UTF-8: the hash of the bytes
    where = Path(destination) if destination is not None else default_destination(f"{stem}-bdm", file_hash)
    by_round = io.StringIO()
    writer = csv.writer(by_round, lineterminator="\n")
    writer.writerow(["round", *table.names, "weighted_mean", "weighted_median"])
    for t in range(rounds + 1):
        writer.writerow([t, *(repr(float(v)) for v in [*positions[t], mean[t], median[t]])])

    def figures(plots: Path) -> None:
        fig = plot_forecast(data)
        if fig is not None:
            save(fig, plots, "positions")

    def record() -> dict[str, Any]:
        return manifest(
            scenario_name=stem,
            scenario_file=str(path),
            scenario_hash=file_hash,
            seed=None,
            draws=1,
            sampler=None,
            chunk=None,
            protocols=["bdm"],
            settings={"rounds": rounds, "q": q},
            started=started,
            wall_time=time.perf_counter() - clock,
            command=command,
        )

    folder = RunFolder(where)
    with writing(where):
        folder.start({"scenario_hash": file_hash, "rounds": rounds, "q": q}, None, resumable=False)
    try:
        with writing(folder.staging):
            with named(folder.staging / "actors.csv"):
                (folder.staging / "actors.csv").write_bytes(raw)
            with named(folder.staging / "positions.csv"):
                (folder.staging / "positions.csv").write_text(by_round.getvalue(), encoding="utf-8")
            seal(folder, summary, figures, record)
    except OutputError as exc:
        folder.abandon()
        raise exc.removed(folder.staging, folder.destination) from exc
    except BaseException:
        folder.abandon()
        raise
    return summary, where


__all__ = ["DEFAULT_ROUNDS", "write_stakeholder_forecast"]
