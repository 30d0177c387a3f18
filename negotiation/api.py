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

from negotiation.engine.chunk import Plan
from negotiation.engine.progress import Progress
from negotiation.engine.run import simulate
from negotiation.results.folder import staged_folder, timestamp, write_json
from negotiation.results.manifest import digest, manifest
from negotiation.results.outcome import ChunkOutcome
from negotiation.results.table import DrawsWriter, chunk_table
from negotiation.scenario.load import load_scenario
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

    def __repr__(self) -> str:
        rates = ", ".join(f"{k} {v['deal_rate']:.1%}" for k, v in self.summary.get("protocols", {}).items())
        where = f" at {self.path}" if self.path else ""
        return f"<Results {self.summary.get('scenario')}: {self.summary.get('draws')} draws; deal rate {rates}{where}>"


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


def write_run(plan: Plan, destination: Path, meter: Progress | None = None, command: list[str] | None = None) -> Results:
    """Run a plan and write its results folder at ``destination``, atomically."""
    from negotiation.plots import save_figures

    scenario = plan.scenario
    started, clock = timestamp(), time.perf_counter()
    text = resolved_yaml(scenario)
    with staged_folder(destination) as staging:
        writer = DrawsWriter(staging / "draws.parquet")

        def write(chunk: ChunkOutcome) -> None:
            writer.write(chunk_table(scenario, plan.space.codes, chunk))

        try:
            builder = simulate(plan, on_chunk=write, progress=meter)
        finally:
            writer.close()
        summary = builder.summary()
        write_json(staging / "summary.json", summary)
        (staging / "scenario.yaml").write_text(text, encoding="utf-8")
        save_figures(summary, staging / "plots")
        mc = scenario.monte_carlo
        write_json(
            staging / "manifest.json",
            manifest(
                scenario_name=scenario.name,
                scenario_file=scenario.document.file,
                scenario_hash=digest(text),
                seed=mc.seed,
                draws=mc.draws,
                sampler=mc.sampler,
                chunk=mc.chunk,
                protocols=[spec.label for spec in scenario.protocols],
                started=started,
                wall_time=time.perf_counter() - clock,
                command=command,
            ),
        )
    return Results(summary, path=destination, scenario=scenario)
