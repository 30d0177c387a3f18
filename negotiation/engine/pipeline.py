"""The run pipeline: solve a plan's draws and write its results folder.

A results folder appears whole or not at all. Its files are built in a hidden
staging folder beside the destination (``results.runfolder``); a crash leaves
the staging folder so that ``resume=True`` can continue it, and finishing
writes ``summary.json``, the figures and ``manifest.json`` (:func:`seal`, the
same for a scenario's run and a stakeholder table's forecast) and renames the
folder into place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from negotiation.engine.backends import Backend
from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.finite import NonFiniteError
from negotiation.engine.progress import Progress
from negotiation.engine.run import chunk_bounds, new_builder, plan_summary, simulate
from negotiation.results.checkpoint import usable_state
from negotiation.results.files import write_file
from negotiation.results.folder import timestamp
from negotiation.results.json_text import json_text
from negotiation.results.manifest import digest, manifest
from negotiation.results.outcome import ChunkOutcome
from negotiation.results.output import OutputError, named, writing
from negotiation.results.resolved import resolved_yaml
from negotiation.results.run_summary import RunSummary
from negotiation.results.runfolder import RunFolder
from negotiation.results.summary import SummaryBuilder
from negotiation.results.table import chunk_table, coded_columns
from negotiation.scenario.model import Scenario

CHECKPOINT_SECONDS = 5.0
"""Least time between two checkpoints of a run (``state.pkl``, after flushing the parts to disk); the last chunk is always checkpointed.

A checkpoint costs a few flushes to disk (tens of milliseconds on a busy
disk): at most every five seconds it stays under 1% of a run, and a crash
loses at most five seconds of work.
"""


def run_identity(scenario: Scenario) -> dict[str, Any]:
    """What makes two runs the same run: a resume must match it exactly.

    Returns
    -------
    dict
        ``scenario_hash`` (SHA-256 of :func:`resolved_yaml`), ``draws``,
        ``chunk``, ``seed``, ``sampler`` and ``precision``.
    """
    mc = scenario.monte_carlo
    return {
        "scenario_hash": digest(resolved_yaml(scenario)),
        "draws": mc.draws,
        "chunk": mc.chunk,
        "seed": mc.seed,
        "sampler": mc.sampler,
        "precision": mc.precision,
    }


def seal(folder: RunFolder, summary: RunSummary, figures: Callable[[Path], object], record: Callable[[], dict[str, Any]]) -> None:
    """Finish a results folder: ``summary.json``, the figures under ``plots/``, ``manifest.json``, then move it into place.

    Parameters
    ----------
    folder : RunFolder
        The folder being built.
    summary : RunSummary
    figures : callable
        Saves the figures into the folder it is given.
    record : callable
        Makes the manifest (``results.manifest.manifest``), called last so that its wall time counts everything.
    """
    with named(folder.staging / "summary.json"):
        write_file(folder.staging, "summary.json", summary.to_json().encode("utf-8"))
    with named(folder.staging / "plots"):
        figures(folder.staging / "plots")
    with named(folder.staging / "manifest.json"):
        write_file(folder.staging, "manifest.json", json_text(record()).encode("utf-8"))
    folder.finish()


def write_run(
    plan: Plan,
    destination: Path,
    meter: Progress | None = None,
    command: list[str] | None = None,
    *,
    backend: Backend | None = None,
    resume: bool = False,
) -> RunSummary:
    """Run a plan and write its results folder at ``destination``.

    The folder appears whole when the run ends. Until then its content lives
    in a hidden staging folder that a crash leaves behind; ``resume=True``
    continues such a run from its last complete chunk and ends with the
    same files as an uninterrupted run (``results.runfolder``).

    Parameters
    ----------
    plan : Plan
        The compiled scenario and its outcome space.
    destination : Path
        The results folder to create (it must not exist, or be empty).
    meter : Progress, optional
        Progress line.
    command : list of str, optional
        The command line recorded in ``manifest.json`` (default: this process's).
    backend : Backend, optional
        Who solves the chunks (default: this process).
    resume : bool
        Continue an interrupted run of ``destination``.

    Returns
    -------
    RunSummary
        What ``summary.json`` holds.

    Raises
    ------
    FileExistsError
        When ``destination`` exists, or an interrupted run of it waits.
    ResumeError
        When resuming and there is nothing to resume, or another run.
    NonFiniteError
        When a draw makes NaN or infinity (``engine.finite``); the staging folder is removed.
    FolderBusy
        When another process is writing ``destination`` (``results.lock``).
    OutputError
        When a file cannot be written (a full disk, no permission): the
        message says whether the unfinished run was kept for ``--resume``.
    """
    from negotiation.engine.registry import REPORTERS
    from negotiation.plots import save_figures

    scenario = plan.scenario
    started, clock = timestamp(), time.perf_counter()
    mc = scenario.monte_carlo
    folder = RunFolder(destination)
    identity = run_identity(scenario)
    bounds = chunk_bounds(mc.draws, mc.chunk)
    builder = None
    done = 0
    transcripts: dict[str, str] = {}
    state = None
    with writing(folder.staging):
        if resume:
            state = folder.resume(identity)
        else:
            folder.start(identity, resolved_yaml(scenario))
    try:
        if resume:
            if state is not None and not usable_state(state, lambda: new_builder(plan), mc.draws, mc.chunk):
                state = None  # a checkpoint this run could not have written: start the chunks again (the same draws)
            if state is not None:
                builder = state["builder"].attach(scenario, plan.space.codes, REPORTERS)
                done, transcripts = state["done"], state["transcripts"]
            columns = chunk_table(scenario, plan.space.codes, solve_chunk(plan, 0, 1)).schema if done else None  # the parts' columns
            for start, stop in folder.check_parts(bounds, done, columns):
                table = chunk_table(scenario, plan.space.codes, solve_chunk(plan, start, stop))
                with writing(folder.staging):
                    folder.write_part(start, table)

        def write(chunk: ChunkOutcome) -> None:
            table = chunk_table(scenario, plan.space.codes, chunk)
            with writing(folder.staging):
                folder.write_part(chunk.start, table)
            transcripts.update({label: d.transcript for label, d in chunk.protocols.items() if d.transcript})

        saved = {"done": done, "at": time.monotonic()}

        def checkpoint(summary: SummaryBuilder, stop: int, *, last: bool = False) -> None:
            if stop == saved["done"] or not (last or stop == mc.draws or time.monotonic() - saved["at"] >= CHECKPOINT_SECONDS):
                return
            with writing(folder.staging):
                folder.save_state({"builder": summary, "done": stop, "transcripts": transcripts})
            saved.update(done=stop, at=time.monotonic())

        builder = simulate(plan, on_chunk=write, progress=meter, backend=backend, builder=builder, done=done, on_folded=checkpoint)
        checkpoint(builder, builder.seen, last=True)  # a run stopped early by its precision: its last chunk too
        with writing(folder.staging):
            folder.combine([start for start, _ in bounds if start < builder.seen], lambda columns: coded_columns(scenario, columns))
        data = plan_summary(plan, builder)
        summary = RunSummary.from_dict(data)
        seen = builder.seen

        def record() -> dict[str, Any]:
            return manifest(
                scenario_name=scenario.name,
                scenario_file=scenario.document.file,
                scenario_hash=identity["scenario_hash"],
                seed=mc.seed,
                draws=seen,
                sampler=mc.sampler,
                chunk=mc.chunk,
                protocols=[spec.label for spec in scenario.protocols],
                started=started,
                wall_time=time.perf_counter() - clock,
                command=command,
            )

        with writing(folder.staging):
            for label, story in transcripts.items():
                name = "transcript.md" if len(transcripts) == 1 else f"transcript-{label}.md"
                write_file(folder.staging, name, story.encode("utf-8"))
            seal(folder, summary, lambda plots: save_figures(data, plots), record)
    except NonFiniteError:
        folder.abandon()  # the same draws fail the same way on any resume: nothing is kept
        raise
    except OutputError as exc:
        if not resume and not folder.starts():
            folder.abandon()
            raise exc.removed(folder.staging, folder.destination) from exc
        raise exc.kept(folder.staging, folder.destination) from exc
    except BaseException:
        if not resume and not folder.starts():
            folder.abandon()
        raise
    finally:
        folder.release()
    return summary


__all__ = ["run_identity", "seal", "write_run"]
