"""One BLAS (and OpenMP) thread per process while a run solves its draws.

A chunk's matrix products are small: a second BLAS thread gains little when
the machine is idle, and when another process keeps a core busy every product
waits for it (a 20,000-draw baseline run took 2.5 to 5 times as long on a 2-core
machine). Parallelism comes from ``--workers`` (one process per core), never
from BLAS inside a chunk.

:func:`one_thread` limits every BLAS and OpenMP library loaded in this process
to one thread (through threadpoolctl) and restores what each had on leaving,
so that a Python session calling :func:`negotiation.run` keeps its own setting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def _load_blas() -> None:
    """Load the BLAS libraries a run uses, so that the limit reaches them.

    A limit applies to the libraries loaded when it is set: numpy's OpenBLAS
    and scipy's own (scipy.linalg, which the engine's imports load anyway).
    """
    import numpy  # noqa: F401
    import scipy.linalg  # noqa: F401


@contextmanager
def one_thread() -> Iterator[None]:
    """Limit BLAS and OpenMP to one thread in this process for the ``with`` block, then restore them."""
    from threadpoolctl import threadpool_limits

    _load_blas()
    with threadpool_limits(limits=1):
        yield


def limit_to_one_thread() -> None:
    """Limit BLAS and OpenMP to one thread in this process for good (a worker process of a pool)."""
    from threadpoolctl import threadpool_limits

    _load_blas()
    threadpool_limits(limits=1)


def in_one_thread(function: F) -> F:
    """Decorate a run entry point: it runs under :func:`one_thread`."""

    @wraps(function)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with one_thread():
            return function(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def thread_summary() -> str:
    """One line: each BLAS / OpenMP library loaded in this process and its number of threads.

    For example ``openblas 1 thread (libscipy_openblas64_), openblas 1 thread (libscipy_openblas)``.
    """
    from threadpoolctl import threadpool_info

    _load_blas()
    parts = []
    for info in threadpool_info():
        name = str(info.get("filepath", "")).rsplit("/", 1)[-1].split("-")[0].removesuffix(".so")
        n = info.get("num_threads")
        parts.append(f"{info.get('internal_api', info.get('user_api'))} {n} thread{'s' if n != 1 else ''} ({name})")
    return ", ".join(parts) or "no BLAS or OpenMP library loaded"


__all__ = ["in_one_thread", "limit_to_one_thread", "one_thread", "thread_summary"]
