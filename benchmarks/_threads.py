"""The thread setting of every benchmark: one BLAS / OpenMP thread per process, as in a run.

Runs solve each chunk with one BLAS thread (``negotiation.engine.threads``);
parallelism comes from ``--workers``. A benchmark times engine functions
directly, outside the run entry points, so it sets the same limit itself and
prints it, first thing in ``main()``::

    from _threads import one_blas_thread

    def main() -> None:
        one_blas_thread()  # prints "threads: openblas 1 thread (libscipy_openblas64_), ..."

(A script in ``benchmarks/`` imports this module by its bare name: Python puts
the script's folder first on ``sys.path``.)
"""

from __future__ import annotations

from negotiation.engine.threads import limit_to_one_thread, thread_summary


def one_blas_thread() -> str:
    """Limit BLAS and OpenMP to one thread for the rest of this process; print and return the setting."""
    limit_to_one_thread()
    line = f"threads: {thread_summary()}"
    print(line, flush=True)
    return line


__all__ = ["one_blas_thread"]
