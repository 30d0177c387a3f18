"""Whether a checkpoint read back on ``--resume`` is one this run could have written.

``state.pkl`` is read with only the summary's classes allowed
(``results.runfolder.load_state``), but a file changed by hand can still
hold the right classes in the wrong shape: a list where a dict was, an
array of another length, a count that is a string. :func:`usable_state`
compares the checkpoint with what the run itself holds: a dict with the
streaming summary, the draws done (a chunk boundary no further than the run's
draws, and the summary's own count) and the transcripts; the summary's tallies
must have the structure of a fresh summary of the same scenario: the same
attributes, dict keys, list lengths, array dimensions and dtypes (shapes too,
where a fresh summary has sized the array), and scalar types.
A checkpoint that fails is not used: the run starts its chunks again, which
gives the same results, since draws are seeded by block.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from negotiation.results.summary import SummaryBuilder, _ProtocolTally, _SlackTally

_Tallies = _ProtocolTally | _SlackTally

STATE_KEYS = frozenset({"builder", "done", "transcripts"})
"""The keys of a checkpoint (``engine.pipeline.write_run``)."""


def same_structure(saved: Any, fresh: Any) -> bool:
    """Whether ``saved`` has the structure of ``fresh`` (types, keys, lengths, shapes, dtypes), values aside."""
    if isinstance(fresh, np.ndarray):  # an empty array of a fresh summary is sized by the first chunk
        same = isinstance(saved, np.ndarray) and saved.ndim == fresh.ndim and saved.dtype == fresh.dtype
        return same and (fresh.size == 0 or saved.shape == fresh.shape)
    if isinstance(fresh, bool | np.bool_):
        return isinstance(saved, bool | np.bool_)
    if isinstance(fresh, int | np.integer):
        return isinstance(saved, int | np.integer) and not isinstance(saved, bool)
    if isinstance(fresh, float | np.floating):
        return isinstance(saved, int | float | np.integer | np.floating) and not isinstance(saved, bool)
    if fresh is None:  # set by the first chunk: a number, an array or a tally of its own
        return saved is None or isinstance(saved, int | float | np.integer | np.floating | np.ndarray | dict | list | str | _Tallies)
    if isinstance(fresh, dict | list | tuple) and not fresh:  # filled by the chunks (a protocol's own tallies)
        return isinstance(saved, type(fresh))
    if isinstance(fresh, dict):
        return isinstance(saved, dict) and saved.keys() == fresh.keys() and all(same_structure(saved[k], fresh[k]) for k in fresh)
    if isinstance(fresh, list | tuple):
        return (
            isinstance(saved, type(fresh))
            and len(saved) == len(fresh)
            and all(same_structure(s, f) for s, f in zip(saved, fresh, strict=True))
        )
    if hasattr(fresh, "__dict__") and not isinstance(fresh, type):
        return type(saved) is type(fresh) and same_structure(_fields(saved), _fields(fresh))
    return type(saved) is type(fresh)


def _fields(value: Any) -> dict[str, Any]:
    state = value.__getstate__() if isinstance(value, SummaryBuilder) else vars(value)
    return dict(state)


def usable_state(state: Any, fresh: Callable[[], SummaryBuilder], draws: int, chunk: int) -> bool:
    """Whether a checkpoint can continue this run (module docstring).

    Parameters
    ----------
    state : any
        What ``state.pkl`` held.
    fresh : callable
        An empty streaming summary of the run (``engine.run.new_builder``).
    draws, chunk : int
        The run's draws and chunk size.
    """
    if not isinstance(state, dict) or state.keys() != STATE_KEYS:
        return False
    done, builder, transcripts = state["done"], state["builder"], state["transcripts"]
    if isinstance(done, bool) or not isinstance(done, int) or not 0 <= done <= draws or (done % chunk and done != draws):
        return False
    if not isinstance(transcripts, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in transcripts.items()):
        return False
    if not isinstance(builder, SummaryBuilder):
        return False
    empty = fresh()
    return same_structure(_fields(builder), _fields(empty)) and isinstance(builder.seen, int) and builder.seen == done


__all__ = ["STATE_KEYS", "same_structure", "usable_state"]
