"""The results folder's writer, per draw, against the writer it replaced, measured in the same process.

A run writes each chunk's rows to a part in its staging folder and, at the
end, one ``draws.parquet``. Measured on the same chunks of a scenario
(default: the test suite's toy summit, a small domain):

part write
    new: an Arrow IPC file per chunk (``RunFolder.write_part``), flushed to
    disk at a checkpoint (one for the whole run here, as a run shorter than
    the checkpoint interval does; and, for the record, one per chunk, and
    none: what the disk's flushes cost is the difference);
    old (the reference, reimplemented here): uncompressed parquet with a
    dictionary on every column, flushed to disk chunk by chunk.
combine
    new: the parts read memory-mapped and encoded once (zstd, dictionary on
    the code columns only, ``RunFolder.combine``); old: every parquet part
    read back and encoded again (zstd, dictionary on every column). The
    floor: the whole table encoded once in memory as the new writer does.
uniforms
    new: ``UniformSource.draws`` for each chunk (the ``random`` sampler's
    streams seeded together); old: a ``default_rng(SeedSequence(...))`` per
    column and block, as the released sampler did. Both give the same bits.

Each figure is the best of ``--repeats`` runs, the candidates interleaved.

Usage: python benchmarks/bench_writer.py [SCENARIO] [--draws N] [--chunk C] [--repeats R]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.parameters import uniform_columns
from negotiation.engine.run import chunk_bounds
from negotiation.engine.sampling import BLOCK, UniformSource, column_key
from negotiation.engine.scenario import load_scenario
from negotiation.results.files import write_file
from negotiation.results.runfolder import ROW_GROUP_ROWS, RunFolder
from negotiation.results.table import chunk_table, coded_columns
from negotiation.scenario.distributions import UNIFORM_EDGE

ROOT = Path(__file__).resolve().parents[1]


def old_write_parts(folder: Path, tables: list[tuple[int, pa.Table]]) -> None:
    """The replaced writer's parts: uncompressed parquet (dictionary on every column), each flushed to disk."""
    for start, table in tables:
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="none")
        write_file(folder, f"parts/draws-{start:012d}.parquet", sink.getvalue().to_pybytes())


def old_combine(folder: Path, starts: list[int]) -> None:
    """The replaced writer's combine: every part read back and encoded again, zstd, dictionary on every column."""
    writer: pq.ParquetWriter | None = None
    pending: list[pa.Table] = []
    rows = 0
    for k, start in enumerate(starts):
        table = pq.read_table(folder / "parts" / f"draws-{start:012d}.parquet")
        pending.append(table)
        rows += table.num_rows
        if rows >= ROW_GROUP_ROWS or k == len(starts) - 1:
            group = pa.concat_tables(pending)
            if writer is None:
                writer = pq.ParquetWriter(folder / "draws.parquet", group.schema, compression="zstd")
            writer.write_table(group, row_group_size=group.num_rows)
            pending.clear()
            rows = 0
    if writer is not None:
        writer.close()


def old_uniforms(seed: int, columns: list[str], start: int, stop: int) -> np.ndarray:
    """The released ``random`` sampler: one generator per column and block."""
    first, last = start // BLOCK, (stop - 1) // BLOCK
    blocks = []
    for b in range(first, last + 1):
        out = np.empty((BLOCK, len(columns)))
        for c, name in enumerate(columns):
            out[:, c] = np.random.default_rng(np.random.SeedSequence([seed, column_key(name), b])).random(BLOCK)
        blocks.append(out)
    return np.clip(np.concatenate(blocks)[start - first * BLOCK :][: stop - start], UNIFORM_EDGE, 1 - UNIFORM_EDGE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default=str(ROOT / "tests" / "data" / "toy.yaml"))
    parser.add_argument("--draws", type=int, default=65536)
    parser.add_argument("--chunk", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    scenario = load_scenario(args.scenario, [f"monte_carlo.draws={args.draws}", f"monte_carlo.chunk={args.chunk}"])
    plan = Plan.build(scenario)
    bounds = chunk_bounds(args.draws, args.chunk)
    tables = [(start, chunk_table(scenario, plan.space.codes, solve_chunk(plan, start, stop))) for start, stop in bounds]
    starts = [start for start, _ in bounds]
    whole = pa.concat_tables([t for _, t in tables])
    coded = coded_columns(scenario, whole.schema)
    columns = uniform_columns(scenario)
    n = args.draws
    print(f"scenario {scenario.name}: {plan.space.size} packages, {whole.num_columns} columns ({len(coded)} of codes)")
    print(
        f"{n:,} draws in chunks of {args.chunk:,}, {len(columns)} uniform columns; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    )

    best: dict[str, float] = {}
    sizes: dict[str, int] = {}

    def timed(name: str, fn: Callable[[], object]) -> None:
        begin = time.perf_counter()
        fn()
        best[name] = min(best.get(name, np.inf), time.perf_counter() - begin)

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for r in range(args.repeats):
            old = root / f"old{r}"
            (old / "parts").mkdir(parents=True)
            timed("old part write (parquet, fsync per part)", lambda old=old: old_write_parts(old, tables))
            timed("old combine (read back, encode again)", lambda old=old: old_combine(old, starts))
            sizes["old"] = (old / "draws.parquet").stat().st_size

            new = RunFolder(root / f"new{r}")
            new.start({"bench": r}, None)

            def write_new(folder: RunFolder = new) -> None:
                for start, table in tables:
                    folder.write_part(start, table)
                folder.save_state({"done": n})

            timed("new part write (IPC, one checkpoint)", write_new)
            timed("new combine (memory-mapped, one encode)", lambda folder=new: folder.combine(starts, lambda schema: coded))
            sizes["new"] = (new.staging / "draws.parquet").stat().st_size
            assert pq.read_table(new.staging / "draws.parquet").equals(pq.read_table(old / "draws.parquet"))
            new.release()

            bare = RunFolder(root / f"bare{r}")
            bare.start({"bench": r}, None)

            def write_bare(folder: RunFolder = bare) -> None:
                for start, table in tables:
                    folder.write_part(start, table)

            timed("new part write (IPC, not flushed to disk)", write_bare)
            bare.release()

            every = RunFolder(root / f"every{r}")
            every.start({"bench": r}, None)

            def write_every(folder: RunFolder = every) -> None:
                for start, table in tables:
                    folder.write_part(start, table)
                    folder.save_state({"done": start})

            timed("new part write (IPC, checkpoint per chunk)", write_every)
            every.release()

            def encode_once() -> None:
                sink = pa.BufferOutputStream()
                pq.write_table(whole, sink, compression="zstd", use_dictionary=coded or False, row_group_size=max(ROW_GROUP_ROWS, 1))

            timed("floor: the table encoded once, in memory", encode_once)
            timed(
                "old uniforms (a generator per column and block)",
                lambda: [old_uniforms(scenario.monte_carlo.seed, columns, a, b) for a, b in bounds],
            )
            timed(
                "new uniforms (streams seeded together)",
                lambda: [UniformSource("random", scenario.monte_carlo.seed, columns).draws(a, b) for a, b in bounds],
            )
            shutil.rmtree(old)
            shutil.rmtree(new.staging)
            shutil.rmtree(every.staging)
            shutil.rmtree(bare.staging)

    for a, b in bounds[:3]:
        old_u, new_u = (
            old_uniforms(scenario.monte_carlo.seed, columns, a, b),
            UniformSource("random", scenario.monte_carlo.seed, columns).draws(a, b),
        )
        assert old_u.tobytes() == new_u.tobytes(), "the uniforms differ"

    print()
    print(f"{'what':<50} {'us/draw':>8}")
    for name, seconds in best.items():
        print(f"{name:<50} {1e6 * seconds / n:8.3f}")
    old_total = best["old part write (parquet, fsync per part)"] + best["old combine (read back, encode again)"]
    new_total = best["new part write (IPC, one checkpoint)"] + best["new combine (memory-mapped, one encode)"]
    print()
    print(
        f"writer, part write + combine: old {1e6 * old_total / n:.3f} us/draw, new {1e6 * new_total / n:.3f} us/draw ({old_total / new_total:.1f}x)"
    )
    print(f"new combine / floor: {best['new combine (memory-mapped, one encode)'] / best['floor: the table encoded once, in memory']:.2f}x")
    old_u, new_u = best["old uniforms (a generator per column and block)"], best["new uniforms (streams seeded together)"]
    print(f"uniforms: old {1e6 * old_u / n:.3f} us/draw, new {1e6 * new_u / n:.3f} us/draw ({old_u / new_u:.1f}x)")
    print(f"draws.parquet: old {sizes['old']:,} bytes, new {sizes['new']:,} bytes (the same table)")


if __name__ == "__main__":
    main()
