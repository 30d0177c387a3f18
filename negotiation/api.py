"""The Python front door: run a scenario or an experiment and read its results, in a notebook or a script.

>>> import negotiation
>>> res = negotiation.run("scenarios/alaska-summit-2025.yaml", draws=2000, seed=1)  # doctest: +SKIP
>>> res.summary["protocols"]["nash"]["deal_rate"]                                    # doctest: +SKIP
>>> res.protocols                                                                    # doctest: +SKIP
>>> res.draws.groupby("nash.territory").size()                                       # doctest: +SKIP
>>> res.plot("outcomes")                                                             # doctest: +SKIP
>>> table = negotiation.run_experiment("experiments/territory.yaml", draws=500)      # doctest: +SKIP
>>> table.attrs["findings"]                                                          # doctest: +SKIP
"""

from __future__ import annotations

import html
import json
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from negotiation.engine.chunk import Plan
from negotiation.engine.pipeline import write_run
from negotiation.engine.progress import Progress
from negotiation.engine.run import plan_summary, simulate
from negotiation.engine.scenario import load_scenario
from negotiation.engine.threads import in_one_thread
from negotiation.results.experiment_summary import ExperimentSummary
from negotiation.results.summary_file import Summary, summary_from_dict
from negotiation.results.table import chunk_table
from negotiation.scenario.model import Scenario
from negotiation.scenario.overrides import Override
from negotiation.scenario.shorthands import KEYWORDS, shorthand_origins, with_shorthands

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

PROTOCOL_COLUMNS = ("protocol", "metric", "value", "lo", "hi")
"""Columns of :attr:`Results.protocols` (an experiment's adds ``study`` and ``point`` in front)."""


class Results:
    """The results of a run, an experiment or a stakeholder table's forecast: summary, tables and figures.

    Parameters
    ----------
    summary : dict
        The contents of ``summary.json``.
    path : Path, optional
        The results folder, when written to one.
    table : pyarrow.Table, optional
        A run's draws held in memory.
    scenario : Scenario, optional
        The scenario as run.

    Attributes
    ----------
    summary : dict
        The contents of ``summary.json`` as plain JSON data (docs/OUTPUTS.md),
        e.g. ``res.summary["protocols"]["nash"]["deal_rate"]``.
    typed_summary : RunSummary or ExperimentSummary
        The same, typed (``negotiation.results``): ``res.typed_summary.protocols["nash"].deal_rate``.
    kind : {"run", "stakeholders", "experiment"}
        What the folder holds.
    path : Path or None
        The results folder, when the results were written to one.
    scenario : Scenario or None
        The scenario as run, when known.
    """

    def __init__(
        self, summary: dict[str, Any], *, path: Path | None = None, table: pa.Table | None = None, scenario: Scenario | None = None
    ):
        self.summary = summary
        self.typed_summary: Summary = summary_from_dict(summary)
        self.path = path
        self.scenario = scenario
        self._table = table

    @classmethod
    def load(cls, path: str | Path) -> Results:
        """Open a results folder: a run's (``negotiation run``), an experiment's or a stakeholder table's (``negotiation bdm``)."""
        folder = Path(path)
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        return cls(summary, path=folder)

    @property
    def kind(self) -> str:
        """``"run"``, ``"stakeholders"`` or ``"experiment"``."""
        return self.typed_summary.kind

    @property
    def table(self) -> pa.Table:
        """A run's draws as an Arrow table (``negotiation.results.table`` lists the columns).

        Raises
        ------
        ValueError
            When the results hold no draws (an experiment, a stakeholder table).
        """
        if self._table is None:
            if self.path is None or not (self.path / "draws.parquet").exists():
                raise ValueError(f"these results ({self.kind}) hold no draws; see Results.protocols")
            self._table = pq.read_table(self.path / "draws.parquet")
        return self._table

    @property
    def draws(self) -> pd.DataFrame:
        """A run's draws as a pandas DataFrame, one row per draw (see ``negotiation.results.table``)."""
        return self.table.to_pandas()

    @property
    def protocols(self) -> pd.DataFrame:
        """The headline numbers as a tidy DataFrame: one row per protocol and metric.

        Columns ``protocol``, ``metric``, ``value``, ``lo`` and ``hi`` (the 95%
        interval, NaN where there is none). A run's metrics are ``deal_rate``,
        ``deals``, ``mean_utility.<party>``, ``pivotal_rate.<party>``,
        ``blocking_rate.<party or step>`` and where
        they apply ``mean_round``, ``proposers.<party>``, ``means.<name>``,
        ``unconstrained.deal_rate``, ``summit.framework_rate`` and
        ``forecast.<issue>.median``/``.mean`` (``ProtocolSummary.metrics``).
        An experiment's are the rows of its ``table.csv``, with ``study`` and
        ``point`` in front (``protocol`` is empty for metrics that are not per
        protocol).
        """
        import pandas as pd

        typed = self.typed_summary
        if isinstance(typed, ExperimentSummary):
            if self.path is None:
                raise ValueError("an experiment's results are read from its folder: Results.load(path)")
            frame = _experiment_table(self.path / "table.csv")
            frame = frame.rename(columns={"ci_low": "lo", "ci_high": "hi"})
            return frame[["study", "point", *PROTOCOL_COLUMNS]]
        rows = [(label, *row) for label, row in typed.metrics()]
        return pd.DataFrame(rows, columns=list(PROTOCOL_COLUMNS)).astype({"value": float, "lo": float, "hi": float})

    def plot(self, name: str) -> Figure | None:
        """One figure by name; None when it does not apply.

        For a run, a name of ``negotiation.plots.FIGURES``; for an experiment, a study's name.
        """
        figures = self._figure_makers()
        if name not in figures:
            raise KeyError(f"no figure {name!r}; choose from {', '.join(figures)}")
        return figures[name]()

    def figures(self) -> dict[str, Figure]:
        """Every figure that applies to these results, by name."""
        made = {name: make() for name, make in self._figure_makers().items()}
        return {name: fig for name, fig in made.items() if fig is not None}

    def _figure_makers(self) -> dict[str, Any]:
        typed = self.typed_summary
        if isinstance(typed, ExperimentSummary):
            from negotiation.plots.experiment import study_figure

            return {name: (lambda b=block: study_figure(dict(b), f"{typed.title}: {b['label']}")) for name, block in typed.studies.items()}
        from negotiation.plots import FIGURES

        return {name: (lambda make=make: make(self.summary)) for name, make in FIGURES.items()}

    def report(self) -> Path:
        """Write ``report.html`` into the results folder (as ``negotiation report`` does); returns its path."""
        from negotiation.report import write_report

        if self.path is None:
            raise ValueError("these results have no folder: run with out=... or load one with Results.load(path)")
        return write_report(self.path)

    def _headline(self) -> str:
        typed = self.typed_summary
        if isinstance(typed, ExperimentSummary):
            kinds = ", ".join(f"{name} ({block['kind']})" for name, block in typed.studies.items())
            return f"experiment {typed.experiment}: {typed.draws:,} draw{'' if typed.draws == 1 else 's'} per point; {kinds}"
        rates = ", ".join(f"{k} {v.deal_rate:.1%}" for k, v in typed.protocols.items() if v.deal_rate is not None)
        shown = f"; deal rate {rates}" if rates else f"; {', '.join(typed.protocols)}"
        return f"{typed.scenario}: {typed.draws:,} draw{'' if typed.draws == 1 else 's'}{shown}"

    def __repr__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"<Results {self._headline()}{where}>"

    def _repr_html_(self) -> str:
        """A notebook's view: the title, where the results are, and the headline numbers or findings."""
        typed = self.typed_summary
        parts = [f"<p><b>{html.escape(str(typed.title))}</b> ({html.escape(self.kind)})"]
        if self.path is not None:
            parts.append(f" at <code>{html.escape(str(self.path))}</code>")
        parts.append("</p>")
        if isinstance(typed, ExperimentSummary):
            parts.append(f"<p>{typed.draws:,} draws per point, seed {typed.seed}; studies: {html.escape(', '.join(typed.studies))}</p>")
            parts.append("<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in typed.findings) + "</ul>")
            return "".join(parts)
        seed = f", seed {typed.seed}" if typed.seed is not None else ""
        parts.append(f"<p>{typed.draws:,} draws{seed}</p>")
        frame = self.protocols
        if typed.kind == "run":
            frame = frame[frame["metric"].isin(["deal_rate", "unconstrained.deal_rate"]) | frame["metric"].str.startswith("mean_utility.")]
        parts.append(frame.to_html(index=False, na_rep="", float_format=lambda x: f"{x:.4g}"))
        return "".join(parts)


def _experiment_table(path: Path) -> pd.DataFrame:
    """An experiment's ``table.csv`` as a DataFrame: text columns as text (empty, not NaN), numbers as numbers."""
    import pandas as pd

    text = {"study": str, "kind": str, "point": str, "protocol": str, "metric": str}
    return pd.read_csv(path, dtype=text, keep_default_na=False, na_values={c: [""] for c in ("x", "y", "value", "ci_low", "ci_high")})


@in_one_thread
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

    BLAS and OpenMP run with one thread during the run and get their previous
    setting back after it (``negotiation.engine.threads``).

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
    command : list of str, optional
        The command line recorded in the folder's ``manifest.json``.

    Returns
    -------
    Results

    Raises
    ------
    ScenarioError
        If the scenario or an override is invalid.
    FileExistsError
        If ``out`` exists and is not empty.
    FolderBusy
        If another process is writing ``out`` (``negotiation.results.lock``).
    OutputError
        If ``out`` cannot be written (``negotiation.results.output``).
    """
    given = with_shorthands(overrides, draws=draws, seed=seed, chunk=chunk, sampler=sampler, protocols=protocols)
    typed = len(given) - sum(v is not None for v in (draws, seed, chunk, sampler, protocols or None))  # overrides come first
    scenario = load_scenario(source, given, shorthand_origins(given, typed, KEYWORDS))  # a keyword's problem is named by it
    plan = Plan.build(scenario)
    scenario = plan.scenario  # with a clock and only the summit or bdm: the one-shot problem at the clock's start
    meter = Progress(scenario.monte_carlo.draws, enabled=progress)
    if out is None:
        tables: list[pa.Table] = []
        builder = simulate(plan, on_chunk=lambda c: tables.append(chunk_table(scenario, plan.space.codes, c)), progress=meter)
        return Results(plan_summary(plan, builder), table=pa.concat_tables(tables), scenario=scenario)
    summary = write_run(plan, Path(out), meter, command)
    return Results(summary.to_dict(), path=Path(out), scenario=scenario)


def load(path: str | Path) -> Results:
    """Open a results folder: a run's, an experiment's or a stakeholder table's (same as :meth:`Results.load`)."""
    return Results.load(path)


@in_one_thread
def run_experiment(
    source: str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    overrides: Sequence[Override] | Mapping[str, Any] | None = None,
    out: str | Path | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Run an experiment file and return its tidy table, with the findings.

    BLAS and OpenMP run with one thread during the experiment, as in :func:`run`.

    Parameters
    ----------
    source : path
        An experiment file (``negotiation schema --experiment``).
    draws : int, optional
        Draws per point, instead of the file's.
    seed : int, optional
        Root seed of every point, instead of the file's (``--seed``).
    overrides : sequence of "PATH=VALUE" / (PATH, value), or mapping PATH -> value, optional
        Set on the scenario at every point, as ``--set`` does.
    out : path, optional
        Also write the experiment's results folder here (it must not exist yet,
        or be empty), as ``negotiation experiment --out`` does; open it later
        with :func:`load`. Without it nothing is written.
    progress : bool
        Show a progress line on standard error.

    Returns
    -------
    pandas.DataFrame
        The rows of ``table.csv``: columns ``study``, ``kind``, ``point``,
        ``x``, ``y``, ``protocol``, ``metric``, ``value``, ``ci_low``,
        ``ci_high`` and ``draws``, one row per point, protocol and metric (per
        input and index for a sensitivity study). Its ``attrs`` hold
        ``"findings"`` (list of str, the experiment's findings, one sentence
        each) and ``"path"`` (the results folder, or None).

    Raises
    ------
    ScenarioError
        If the experiment file or a scenario it names is invalid.
    FileExistsError
        If ``out`` exists and is not empty.
    FolderBusy
        If another process is writing ``out``.
    OutputError
        If ``out`` cannot be written.
    """
    from negotiation.experiment.run import run_experiment as run_studies
    from negotiation.experiment.run import write_experiment, write_table
    from negotiation.experiment.spec import read_experiment

    given = list(overrides.items()) if isinstance(overrides, Mapping) else list(overrides or [])
    experiment = read_experiment(source, draws=draws, seed=seed, overrides=given)
    meter = Progress(0, enabled=progress)
    if out is not None:
        folder = Path(out)
        summary = write_experiment(experiment, folder, meter, command=None)
        frame = _experiment_table(folder / "table.csv")
    else:
        summary, rows = run_studies(experiment, meter)
        with tempfile.TemporaryDirectory() as scratch:
            write_table(Path(scratch) / "table.csv", rows)  # the same table, and the same rounding, as a folder's
            frame = _experiment_table(Path(scratch) / "table.csv")
    frame.attrs["findings"] = list(summary["findings"])
    frame.attrs["path"] = None if out is None else Path(out)
    return frame


__all__ = ["PROTOCOL_COLUMNS", "Results", "load", "run", "run_experiment"]
