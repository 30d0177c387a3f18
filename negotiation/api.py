"""The Python front door: run a scenario and get its results, in a notebook or a script.

>>> import negotiation
>>> res = negotiation.run("scenarios/alaska-summit-2025.yaml", draws=2000, seed=1)  # doctest: +SKIP
>>> res.summary["protocols"]["nash"]["deal_rate"]                                    # doctest: +SKIP
>>> res.draws.groupby("nash.territory").size()                                       # doctest: +SKIP
>>> res.plot("outcomes")                                                             # doctest: +SKIP
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from negotiation.engine.backends import Backend
from negotiation.engine.chunk import Plan
from negotiation.engine.progress import Progress
from negotiation.engine.run import simulate
from negotiation.engine.scenario import load_scenario
from negotiation.results.folder import staged_folder, timestamp, write_json
from negotiation.results.manifest import digest, manifest
from negotiation.results.outcome import ChunkOutcome
from negotiation.results.runfolder import RunFolder
from negotiation.results.summary import SummaryBuilder
from negotiation.results.table import chunk_table
from negotiation.scenario.model import Scenario
from negotiation.scenario.overrides import Override

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


def resolved_yaml(scenario: Scenario) -> str:
    """The scenario as run: the file with every override applied."""
    header = "# Resolved scenario: the input file with every override applied.\n"
    return header + yaml.safe_dump(scenario.document.data, sort_keys=False, allow_unicode=True, width=120)


class Results:
    """The results of a run: its summary, its draws and its figures.

    Attributes
    ----------
    summary : dict
        The contents of ``summary.json`` (see results/README.md).
    path : Path or None
        The results folder, when the run was written to one.
    scenario : Scenario or None
        The scenario as run, when known.
    """

    def __init__(
        self, summary: dict[str, Any], *, path: Path | None = None, table: pa.Table | None = None, scenario: Scenario | None = None
    ):
        self.summary = summary
        self.path = path
        self.scenario = scenario
        self._table = table

    @classmethod
    def load(cls, path: str | Path) -> Results:
        """Open a results folder written by ``negotiation run``."""
        folder = Path(path)
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        return cls(summary, path=folder)

    @property
    def table(self) -> pa.Table:
        """The draws as an Arrow table."""
        if self._table is None:
            if self.path is None:
                raise ValueError("these results hold no draws")
            self._table = pq.read_table(self.path / "draws.parquet")
        return self._table

    @property
    def draws(self) -> pd.DataFrame:
        """The draws as a pandas DataFrame, one row per draw (see ``negotiation.results.table``)."""
        return self.table.to_pandas()

    def plot(self, name: str) -> Figure | None:
        """One figure by name (see ``negotiation.plots.FIGURES``); None when it does not apply."""
        from negotiation.plots import FIGURES

        if name not in FIGURES:
            raise KeyError(f"no figure {name!r}; choose from {', '.join(FIGURES)}")
        return FIGURES[name](self.summary)

    def figures(self) -> dict[str, Figure]:
        """Every figure that applies to these results."""
        from negotiation.plots import FIGURES

        made = {name: make(self.summary) for name, make in FIGURES.items()}
        return {name: fig for name, fig in made.items() if fig is not None}

    def report(self) -> Path:
        """Write ``report.html`` into the results folder (as ``negotiation report`` does); returns its path."""
        from negotiation.report import write_report

        if self.path is None:
            raise ValueError("these results have no folder: run with out=... or load one with Results.load(path)")
        return write_report(self.path)

    def __repr__(self) -> str:
        protocols = self.summary.get("protocols", {})
        rates = ", ".join(f"{k} {v['deal_rate']:.1%}" for k, v in protocols.items() if "deal_rate" in v)
        shown = f"; deal rate {rates}" if rates else f"; {', '.join(protocols)}"
        where = f" at {self.path}" if self.path else ""
        return f"<Results {self.summary.get('scenario')}: {self.summary.get('draws')} draws{shown}{where}>"


def _overrides(
    overrides: Sequence[Override] | Mapping[str, Any] | None,
    draws: int | None,
    seed: int | None,
    chunk: int | None,
    sampler: str | None,
    protocols: Sequence[str | Mapping[str, Any]] | None,
) -> list[Override]:
    items: list[Override] = list(overrides.items()) if isinstance(overrides, Mapping) else list(overrides or [])
    for path, value in (
        ("monte_carlo.draws", draws),
        ("monte_carlo.seed", seed),
        ("monte_carlo.chunk", chunk),
        ("monte_carlo.sampler", sampler),
        ("protocols", list(protocols) if protocols else None),
    ):
        if value is not None:
            items.append((path, value))
    return items


def run(
    source: str | Path | Mapping[str, Any] | Scenario,
    *,
    draws: int | None = None,
    seed: int | None = None,
    overrides: Sequence[Override] | Mapping[str, Any] | None = None,
    protocols: Sequence[str | Mapping[str, Any]] | None = None,
    chunk: int | None = None,
    sampler: str | None = None,
    out: str | Path | None = None,
    progress: bool = False,
    command: list[str] | None = None,
) -> Results:
    """Run a scenario's Monte Carlo draws through its protocols.

    Parameters
    ----------
    source : path, mapping or Scenario
        The scenario.
    draws, seed, chunk, sampler, protocols : optional
        Shorthands for overriding ``monte_carlo.*`` and ``protocols`` (names,
        or one-key mappings such as ``{"baron_ferejohn": {"rule": "majority"}}``).
    overrides : sequence of "PATH=VALUE" / (PATH, value), or mapping
        Any other overrides, as ``--set`` takes them.
    out : path, optional
        Write a results folder here (it must not exist yet). Without it the
        draws stay in memory.
    progress : bool
        Show a progress line on standard error for runs over two seconds.

    Returns
    -------
    Results

    Raises
    ------
    ScenarioError
        If the scenario or an override is invalid.
    """
    scenario = load_scenario(source, _overrides(overrides, draws, seed, chunk, sampler, protocols))
    plan = Plan.build(scenario)
    meter = Progress(scenario.monte_carlo.draws, enabled=progress)
    if out is None:
        tables: list[pa.Table] = []
        builder = simulate(plan, on_chunk=lambda c: tables.append(chunk_table(scenario, plan.space.codes, c)), progress=meter)
        return Results(builder.summary(), table=pa.concat_tables(tables), scenario=scenario)
    return write_run(plan, Path(out), meter, command)


def run_identity(scenario: Scenario) -> dict[str, Any]:
    """What makes two runs the same run: a resume must match it exactly."""
    mc = scenario.monte_carlo
    return {
        "scenario_hash": digest(resolved_yaml(scenario)),
        "draws": mc.draws,
        "chunk": mc.chunk,
        "seed": mc.seed,
        "sampler": mc.sampler,
        "precision": mc.precision,
    }


def write_run(
    plan: Plan,
    destination: Path,
    meter: Progress | None = None,
    command: list[str] | None = None,
    *,
    backend: Backend | None = None,
    resume: bool = False,
) -> Results:
    """Run a plan and write its results folder at ``destination``.

    The folder appears whole when the run ends. Until then its content lives
    in a hidden staging folder that a crash leaves behind; ``resume=True``
    continues such a run from its last complete chunk and ends with the
    same files as an uninterrupted run (``results.runfolder``).

    Raises
    ------
    FileExistsError
        When ``destination`` exists, or an interrupted run of it waits.
    ResumeError
        When resuming and there is nothing to resume, or another run.
    """
    from negotiation.engine.chunk import solve_chunk
    from negotiation.engine.registry import REPORTERS
    from negotiation.engine.run import chunk_bounds
    from negotiation.plots import save_figures

    scenario = plan.scenario
    started, clock = timestamp(), time.perf_counter()
    text = resolved_yaml(scenario)
    mc = scenario.monte_carlo
    folder = RunFolder(destination)
    identity = run_identity(scenario)
    bounds = chunk_bounds(mc.draws, mc.chunk)
    builder = None
    done = 0
    transcripts: dict[str, str] = {}
    if resume:
        state = folder.resume(identity)
        if state is not None:
            builder = state["builder"].attach(scenario, plan.space.codes, REPORTERS)
            done, transcripts = state["done"], state["transcripts"]
        for start, stop in folder.check_parts(bounds, done):
            folder.write_part(start, chunk_table(scenario, plan.space.codes, solve_chunk(plan, start, stop)))
    else:
        folder.start(identity, text)

    def write(chunk: ChunkOutcome) -> None:
        folder.write_part(chunk.start, chunk_table(scenario, plan.space.codes, chunk))
        transcripts.update({label: d.transcript for label, d in chunk.protocols.items() if d.transcript})

    def checkpoint(summary: SummaryBuilder, stop: int) -> None:
        folder.save_state({"builder": summary, "done": stop, "transcripts": transcripts})

    try:
        builder = simulate(plan, on_chunk=write, progress=meter, backend=backend, builder=builder, done=done, on_folded=checkpoint)
    except BaseException:
        if not resume and not folder.starts():
            folder.abandon()
        raise
    staging = folder.staging
    folder.combine([start for start, _ in bounds if start < builder.seen])
    summary = builder.summary()
    write_json(staging / "summary.json", summary)
    for label, story in transcripts.items():
        name = "transcript.md" if len(transcripts) == 1 else f"transcript-{label}.md"
        (staging / name).write_text(story, encoding="utf-8")
    save_figures(summary, staging / "plots")
    write_json(
        staging / "manifest.json",
        manifest(
            scenario_name=scenario.name,
            scenario_file=scenario.document.file,
            scenario_hash=identity["scenario_hash"],
            seed=mc.seed,
            draws=builder.seen,
            sampler=mc.sampler,
            chunk=mc.chunk,
            protocols=[spec.label for spec in scenario.protocols],
            started=started,
            wall_time=time.perf_counter() - clock,
            command=command,
        ),
    )
    folder.finish()
    return Results(summary, path=destination, scenario=scenario)


def run_bdm_table(
    path: str | Path, *, rounds: int = 10, q: float = 1.0, out: str | Path | None = None, command: list[str] | None = None
) -> Results:
    """Forecast one issue from a stakeholder table with Bueno de Mesquita's expected-utility model.

    Writes a results folder: ``summary.json``, ``actors.csv`` (the input as
    read), ``positions.csv`` (one row per round: every actor's position, the
    weighted mean and the weighted median), ``plots/positions.png`` and
    ``manifest.json``.

    Parameters
    ----------
    path : str or Path
        A CSV file with the columns Actor, Capability, Position and Salience
        (see ``negotiation.scenario.actors``).
    rounds : int
        Rounds of simultaneous moves (at least 1).
    q : float
        Q in [0, 1], the probability that the status quo holds when no challenge is made.
    out : path, optional
        The results folder to create (it must not exist yet, or be empty);
        by default ``results/<file stem>-bdm/<UTC time>-<hash of the file>``.
    command : list of str, optional
        The command line recorded in ``manifest.json`` (default: this process's).

    Returns
    -------
    Results
        Its summary's ``protocols.bdm.forecast.position`` holds the positions
        by round with their weighted mean and weighted median.

    Raises
    ------
    ScenarioError
        If the table has problems, with every one of them.
    ValueError
        If ``rounds`` or ``q`` is out of range.
    """
    import csv
    import io
    import platform
    import sys

    from negotiation.plots.bdm import plot_forecast
    from negotiation.plots.style import save
    from negotiation.results.folder import default_destination
    from negotiation.results.manifest import git_revision, versions
    from negotiation.scenario.actors import read_actors
    from negotiation.solvers.bdm import expected_utility_model

    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, got {rounds}")
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
    summary: dict[str, Any] = {
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
    file_hash = digest(raw.decode("utf-8"))  # read_actors has checked the bytes are UTF-8: the hash of the bytes
    destination = Path(out) if out is not None else default_destination(f"{stem}-bdm", file_hash)
    by_round = io.StringIO()
    writer = csv.writer(by_round, lineterminator="\n")
    writer.writerow(["round", *table.names, "weighted_mean", "weighted_median"])
    for t in range(rounds + 1):
        writer.writerow([t, *(repr(float(v)) for v in [*positions[t], mean[t], median[t]])])
    with staged_folder(destination) as staging:
        write_json(staging / "summary.json", summary)
        (staging / "actors.csv").write_bytes(raw)
        (staging / "positions.csv").write_text(by_round.getvalue(), encoding="utf-8")
        fig = plot_forecast(summary)
        if fig is not None:
            save(fig, staging / "plots", "positions")
        write_json(
            staging / "manifest.json",
            {
                "scenario": stem,
                "scenario_file": str(path),
                "scenario_sha256": file_hash,
                "model": "bdm",
                "rounds": rounds,
                "q": q,
                "command": command if command is not None else [Path(sys.argv[0]).name, *sys.argv[1:]],
                "started_utc": started,
                "wall_time_s": round(time.perf_counter() - clock, 3),
                "versions": versions(),
                "platform": platform.platform(),
                "git_revision": git_revision(Path.cwd()),
            },
        )
    return Results(summary, path=destination)
