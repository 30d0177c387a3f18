"""A results folder under construction that survives a crash, so that a run can resume.

While a run goes, everything lives in a hidden staging folder beside the
destination, ``.<name>.partial``:

- ``identity.json``: what the run is (the resolved scenario's hash, draws,
  chunk size, seed); a resume against anything else is refused;
- ``scenario.yaml``: the resolved scenario;
- ``parts/draws-<start>.arrow``: each chunk's rows as an Arrow IPC file
  (uncompressed: nearly free to write and, memory-mapped, to read back),
  written when the chunk is folded into the summary;
- ``state.pkl``: the streaming summary after the last checkpointed chunk and
  the start of the next.

Every file is written to a temporary name and renamed into place, so a kill
at any moment leaves each file either whole or absent. Parts are not flushed
to disk one by one: a checkpoint first flushes every part written since the
last one (and the ``parts`` folder, which holds their names), then writes the
state, so every part a state counts on is on disk before the state is. On
resume, parts at or after the state's next chunk are left over from the crash
and are removed, and a part before it that is missing or does not read back
with its row count and columns is solved again (draws are seeded by block,
so it comes back identical). Finishing encodes the parts once, in order, into
``draws.parquet`` (zstd, row groups of at least 65,536 rows, dictionary
encoding only on the columns given, those of codes: see
``results.table.coded_columns``) and renames the staging folder into place.

From :meth:`RunFolder.start` or :meth:`RunFolder.resume` until
:meth:`RunFolder.finish`, :meth:`RunFolder.abandon` or
:meth:`RunFolder.release`, the run holds the destination's lock
(``results.lock``): a second run of the same destination, or a ``--resume``
of it, stops at once instead of writing the same staging folder. A killed run
loses its lock with its process, so its staging folder can be resumed.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from negotiation.results.files import FolderFileError, symlinks, sync_file, write_file
from negotiation.results.folder_json import read_json
from negotiation.results.folder_schema import IDENTITY
from negotiation.results.lock import DestinationLock
from negotiation.results.output import make_parent, named, output_error, remove_empty

STAGING_SUFFIX = ".partial"
PART_NAME = re.compile(r"draws-[0-9]{12}\.arrow")
"""The name of a chunk's part under ``parts/``."""
STAGED_FILES = ("identity.json", "scenario.yaml", "state.pkl", "summary.json", "manifest.json", "draws.parquet")
"""The files a staging folder may hold at its top (transcripts and figures aside), each a regular file when present."""
MAX_IDENTITY = 1 << 20
"""Largest ``identity.json`` read (1 MiB; the run writes a few hundred bytes)."""
ROW_GROUP_ROWS = 1 << 16
"""Smallest row group of the combined ``draws.parquet`` (the last may be smaller)."""


STATE_CLASSES = frozenset(
    {
        ("negotiation.results.summary", "SummaryBuilder"),
        ("negotiation.results.summary", "_ProtocolTally"),
        ("negotiation.results.summary", "_SlackTally"),
        ("numpy", "dtype"),
        ("numpy", "ndarray"),
        ("numpy._core.numeric", "_frombuffer"),
        ("numpy.core.numeric", "_frombuffer"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "scalar"),
        ("numpy.core.multiarray", "scalar"),
    }
)
"""The only classes and functions a checkpoint may name: the streaming summary and numpy arrays."""


class _StateUnpickler(pickle.Unpickler):
    """Reads a checkpoint, refusing any global outside :data:`STATE_CLASSES`.

    A pickle can name any importable callable and so run code when loaded;
    restricting the globals it may name (the Python documentation's
    "Restricting Globals") means a tampered ``state.pkl`` can at worst fail
    to load, and the run then starts its chunks again.
    """

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in STATE_CLASSES:
            raise pickle.UnpicklingError(f"a checkpoint may not name {module}.{name}")
        return super().find_class(module, name)


def load_state(data: bytes) -> Any:
    """A checkpoint written by :meth:`RunFolder.save_state`, read with only the summary's classes allowed."""
    return _StateUnpickler(io.BytesIO(data)).load()


class ResumeError(Exception):
    """A run cannot resume: nothing to resume, or a different run."""


def _atomic_write(path: Path, data: bytes | memoryview, *, sync: bool = True) -> None:
    """Write ``path`` whole or not at all, never through a link; a failed write (a full disk) leaves no temporary file and names ``path``.

    ``sync=False`` leaves flushing it to disk to the caller (``files.sync_file``).
    """
    with named(path):  # a new temporary name beside the file, renamed into place: a link at either name is never followed
        write_file(path.parent.parent, f"{path.parent.name}/{path.name}", data, sync=sync)


def _read_part(path: Path) -> pa.Table:
    """A part's rows, memory-mapped (the table's buffers keep the mapping alive after the file is closed)."""
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


class RunFolder:
    """The staging folder of one run, and its destination.

    Parameters
    ----------
    destination : Path
        The results folder the run ends in.
    """

    def __init__(self, destination: Path):
        self.destination = Path(destination)
        self.staging = self.destination.parent / f".{self.destination.name}{STAGING_SUFFIX}"
        self.parts = self.staging / "parts"
        self.lock = DestinationLock(self.destination)
        self._created: list[Path] = []
        self._unsynced: list[int] = []  # starts of the parts written since the last checkpoint, not yet flushed to disk

    # -- starting and resuming ---------------------------------------------

    def start(self, identity: dict[str, Any], scenario_text: str | None, *, resumable: bool = True) -> None:
        """Begin a fresh run (with ``scenario.yaml`` unless ``scenario_text`` is None: a table's forecast has none).

        ``resumable`` says whether the command can continue an interrupted run
        (``--resume``); it only changes what the message about one says.

        Raises
        ------
        FileExistsError
            If the destination exists and is not empty, or an interrupted run
            of the same destination waits to be resumed.
        FolderBusy
            If another process is writing the destination.
        OutputError
            If the folder cannot be created.
        OSError
            If a file of the staging folder cannot be written.
        """
        self._created = make_parent(self.destination)
        try:
            self.lock.acquire()
            self._start(identity, scenario_text, resumable)
        except BaseException:
            self.lock.release()
            remove_empty(self._created)
            raise

    def _start(self, identity: dict[str, Any], scenario_text: str | None, resumable: bool) -> None:
        if self.destination.exists() and (not self.destination.is_dir() or any(self.destination.iterdir())):
            raise FileExistsError(f"{self.destination} already exists; results are never overwritten")
        if self.staging.exists():
            if not resumable:
                raise FileExistsError(f"an interrupted run of {self.destination} left {self.staging} behind; delete it and run again")
            raise FileExistsError(f"an interrupted run of {self.destination} is waiting: resume it with --resume {self.destination}")
        self.parts.mkdir(parents=True)
        try:
            _atomic_write(self.staging / "identity.json", (json.dumps(identity, indent=2, sort_keys=True) + "\n").encode())
            if scenario_text is not None:
                _atomic_write(self.staging / "scenario.yaml", scenario_text.encode("utf-8"))
        except BaseException as exc:  # a staging folder without its identity could be neither resumed nor replaced
            shutil.rmtree(self.staging, ignore_errors=True)
            if isinstance(exc, OSError) and exc.errno is not None:
                raise output_error(exc, self.staging).removed(self.staging, self.destination) from exc
            raise

    def resume(self, identity: dict[str, Any]) -> Any:
        """Reopen an interrupted run; returns its saved state (None when no chunk was saved).

        Raises
        ------
        ResumeError
            When there is no interrupted run here, or it was a run of another
            scenario or with other settings.
        FolderBusy
            If another process is writing the destination.
        """
        if self.destination.parent.is_dir():
            self.lock.acquire()
        try:
            return self._resume(identity)
        except BaseException:
            self.lock.release()
            raise

    def _resume(self, identity: dict[str, Any]) -> Any:
        if not self.staging.is_dir() or self.staging.is_symlink():
            if self.staging.is_symlink():
                raise ResumeError(
                    f"{self.staging} is a symbolic link; an interrupted run's folder is never a link (delete it and start a new run)"
                )
            if (self.destination / "summary.json").exists():
                raise ResumeError(f"{self.destination} is already complete; there is nothing to resume")
            raise ResumeError(f"no interrupted run of {self.destination} to resume (no {self.staging.name} beside it)")
        self._check_staging()
        try:
            saved = read_json(self.staging, "identity.json", IDENTITY, limit=MAX_IDENTITY)
        except FolderFileError as exc:
            raise ResumeError(f"{exc}\nthe interrupted run in {self.staging} has no readable identity; start a new run") from None
        if saved is None:
            raise ResumeError(f"the interrupted run in {self.staging} has no identity.json; start a new run")
        if saved != identity:
            changed = sorted(k for k in set(saved) | set(identity) if saved.get(k) != identity.get(k))
            raise ResumeError(
                f"{self.destination} was started with a different scenario or settings ({', '.join(changed)} differ); "
                "resume with the same scenario, overrides and draws, or start a new run"
            )
        for tmp in self.staging.rglob("*.tmp"):
            tmp.unlink()
        self.parts.mkdir(exist_ok=True)
        state_file = self.staging / "state.pkl"
        if not state_file.exists():
            return None
        try:
            return load_state(state_file.read_bytes())
        except Exception:  # a state file is whole or absent; anything else means start the chunks again
            return None

    def _check_staging(self) -> None:
        """Refuse a staging folder that holds what no run writes: a link, a folder or a stray file in place of a file, a foreign part.

        Raises
        ------
        ResumeError
            Naming the first such path and what to do.
        """
        advice = "delete it and resume again, or delete the staging folder and start a new run"
        links = symlinks(self.staging)
        if links:
            raise ResumeError(f"{self.staging / links[0]}: is a symbolic link, which no run writes; {advice}")
        for name in STAGED_FILES:
            path = self.staging / name
            if path.exists() and not path.is_file():
                raise ResumeError(f"{path}: is not a regular file; {advice}")
        for name in ("parts", "plots"):
            path = self.staging / name
            if path.exists() and not path.is_dir():
                raise ResumeError(f"{path}: is a file where the run keeps a folder; {advice}")
        if self.parts.is_dir():
            for path in sorted(self.parts.iterdir()):
                if path.name.endswith(".tmp") and path.is_file():
                    continue  # left by a crash mid-write; removed below
                if not PART_NAME.fullmatch(path.name):
                    raise ResumeError(f"{path}: not a part the run writes (parts/draws-<12 digits>.arrow); {advice}")
                if not path.is_file():
                    raise ResumeError(f"{path}: is not a regular file; {advice}")

    # -- during the run ----------------------------------------------------

    def part(self, start: int) -> Path:
        return self.parts / f"draws-{start:012d}.arrow"

    def write_part(self, start: int, table: pa.Table) -> None:
        """Write one chunk's rows, whole or not at all (flushed to disk by the next :meth:`save_state`).

        Parts are temporary: they are written as uncompressed Arrow IPC
        files, which cost little more than a copy of the table, and
        ``combine`` encodes the final file once.
        """
        sink = pa.BufferOutputStream()
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        _atomic_write(self.part(start), memoryview(sink.getvalue()), sync=False)
        self._unsynced.append(start)

    def sync_parts(self) -> None:
        """Flush to disk the parts written since the last call, and the ``parts`` folder that names them."""
        for start in self._unsynced:
            with named(self.part(start)):
                sync_file(self.part(start))
        if self._unsynced:
            with named(self.parts):
                sync_file(self.parts, folder=True)
        self._unsynced.clear()

    def save_state(self, state: Any) -> None:
        """Checkpoint: flush the parts written since the last checkpoint, then write the state (itself flushed)."""
        self.sync_parts()
        _atomic_write(self.staging / "state.pkl", pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))

    def starts(self) -> list[int]:
        return sorted(int(p.stem.split("-")[1]) for p in self.parts.glob("draws-*.arrow") if PART_NAME.fullmatch(p.name))

    def check_parts(self, bounds: list[tuple[int, int]], done: int, schema: pa.Schema | None = None) -> list[tuple[int, int]]:
        """Tidy the parts after a crash; returns the chunks before ``done`` whose part must be written again.

        Parts at or after ``done`` were written after the last saved state and
        are removed; a part before it that is missing or does not read back
        with its chunk's row count (and, given ``schema``, with the run's
        columns) is reported.
        """
        for start in self.starts():
            if start >= done:
                self.part(start).unlink()
        redo = []
        for start, stop in bounds:
            if start >= done:
                break
            try:
                with pa.memory_map(str(self.part(start))) as source:
                    reader = pa.ipc.open_file(source)
                    rows = sum(reader.get_batch(k).num_rows for k in range(reader.num_record_batches))
                    if schema is not None and not reader.schema.equals(schema):
                        rows = -1  # another table's columns (combining would fail): solve the chunk again
            except Exception:  # missing or unreadable: solve the chunk again
                rows = -1
            if rows != stop - start:
                redo.append((start, stop))
        return redo

    # -- finishing -----------------------------------------------------------

    def combine(self, starts: Iterator[int] | list[int], dictionary: Callable[[pa.Schema], Sequence[str]] | None = None) -> None:
        """``draws.parquet`` from the parts, in order, reading one part at a time (memory-mapped).

        Parts are gathered into row groups of at least ``ROW_GROUP_ROWS`` rows
        (or what is left): a parquet writer keeps every row group's metadata
        until it writes the footer, about 1 kB per column and row group, so
        a row group per chunk would make memory grow with the run (half a
        gigabyte at 10^7 draws in chunks of 4,096). The file is compressed
        with zstd; only the columns that ``dictionary`` names, given the
        parts' schema, are dictionary-encoded (codes with few distinct values: the rest, mostly
        random floats, would fill a dictionary and fall back to plain
        encoding after paying for it).
        """
        writer: pq.ParquetWriter | None = None
        pending: list[pa.Table] = []
        rows = 0

        def flush() -> None:
            nonlocal writer, rows
            if not pending:
                return
            group = pa.concat_tables(pending)
            if writer is None:
                writer = pq.ParquetWriter(
                    self.staging / "draws.parquet",
                    group.schema,
                    compression="zstd",
                    use_dictionary=(list(dictionary(group.schema)) if dictionary else []) or False,
                )
            writer.write_table(group, row_group_size=group.num_rows)
            pending.clear()
            rows = 0

        with named(self.staging / "draws.parquet"):
            try:
                for start in starts:
                    table = _read_part(self.part(start))
                    pending.append(table)
                    rows += table.num_rows
                    if rows >= ROW_GROUP_ROWS:
                        flush()
                flush()
            finally:
                if writer is not None:
                    writer.close()

    def finish(self) -> None:
        """Remove the run's bookkeeping, move the folder into place and let go of the lock."""
        if self.destination.exists() and any(self.destination.iterdir()):
            raise FileExistsError(f"{self.destination} appeared while the run was going; results are never overwritten")
        shutil.rmtree(self.parts, ignore_errors=True)
        for name in ("state.pkl", "identity.json"):
            (self.staging / name).unlink(missing_ok=True)
        if self.destination.exists():
            self.destination.rmdir()
        os.replace(self.staging, self.destination)
        self.lock.release()

    def abandon(self) -> None:
        """Remove the staging folder (a run that failed before its first chunk, or cannot resume) and let go of the lock."""
        if self.lock.held:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.lock.release()
            remove_empty(self._created)

    def release(self) -> None:
        """Let go of the lock, leaving the staging folder for ``--resume`` (a failed or interrupted run)."""
        self.lock.release()


__all__ = ["STAGING_SUFFIX", "STATE_CLASSES", "ResumeError", "RunFolder", "load_state"]
