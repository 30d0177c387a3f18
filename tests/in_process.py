"""The ``negotiation`` command line run in this process: what a subprocess would give, without starting Python.

Starting Python and importing numpy, pandas, pyarrow and matplotlib takes most of
a second; checking a bad scenario takes milliseconds. :func:`negotiation_cli`
calls :func:`negotiation.cli.main` with the arguments, in the given working
folder, and returns what ``python -m negotiation ARGS`` would: the exit code
(argparse's ``SystemExit`` included), standard output and standard error, and
for an exception that escapes, exit code 1 and its traceback on standard error,
as the interpreter would print it.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import traceback
from collections.abc import Iterator
from pathlib import Path

from negotiation.cli import main


@contextlib.contextmanager
def _working_folder(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def negotiation_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``negotiation ARGS`` in ``cwd`` in this process; the outcome as :func:`subprocess.run` gives it.

    Not thread-safe: it changes the working folder and ``sys.stdout``/``sys.stderr`` while it runs.
    """
    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    with _working_folder(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=err)
                code = 1
        except Exception:
            err.write(traceback.format_exc())
            code = 1
    return subprocess.CompletedProcess(["negotiation", *argv], code, out.getvalue(), err.getvalue())
